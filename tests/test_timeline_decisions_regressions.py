"""Timeline and decision rules on a clean SEV1 postmortem with one line changed: a proposal word
that does not govern the action, a recovery told as creeping back or as fewer errors again, a
stop in order to wait, and a plan, a pause or a message agreed on."""

from __future__ import annotations

import pytest
from test_timeline_decisions_fixes import check, col, with_event

# 1. A proposal word hides only the action it puts forward, not one taken after it.

@pytest.mark.parametrize(("event", "lang", "verb"), [
    ("After discussing options the IC decided to roll back.", "en", "decided"),
    ("After considering a failover the IC decided to roll back.", "en", "decided"),
    ("Nach kurzer Überlegung zurückgerollt.", "de", "zurückgerollt"),
    ("Auf Empfehlung des Herstellers auf eu-west umgeschaltet.", "de", "umgeschaltet"),
])
def test_an_action_after_a_proposal_word_in_a_phrase_is_a_decision(event: str, lang: str, verb: str) -> None:
    assert check(with_event(event, lang)) == [("PM207", 15, col(event, verb))]


@pytest.mark.parametrize(("event", "lang"), [
    ("Suggested rolling back the config push.", "en"),
    ("The IC suggested rolling back the config push.", "en"),
    ("Der IC schlug vor, zurückzurollen.", "de"),
    ("Vorgeschlagen, die Konfiguration zurückzurollen.", "de"),
])
def test_a_proposal_governing_the_action_is_still_no_decision(event: str, lang: str) -> None:
    assert check(with_event(event, lang)) == [("PM208", 19, 9)]
