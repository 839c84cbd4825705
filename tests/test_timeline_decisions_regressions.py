"""Timeline and decision rules on a clean SEV1 postmortem with one line changed: a proposal word
that does not govern the action, a recovery told as creeping back or as fewer errors again, a
stop in order to wait, and a plan, a pause or a message agreed on."""

from __future__ import annotations

import pytest
from decision_base import NIGHT, NOW, check, col, with_event, with_later

from helpers import run, where

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


# 2. A recovery after resolution is not the impact back.

@pytest.mark.parametrize(("event", "lang"), [
    ("Latency crept back to baseline.", "en"),
    ("Latency crept back to normal levels.", "en"),
    ("Error rate crept back to pre-incident levels.", "en"),
    ("Wieder weniger Fehler im Checkout.", "de"),
    ("Wieder normale Fehlerraten.", "de"),
    ("Wieder kaum Fehler im Checkout.", "de"),
    ("Wieder keine Fehler im Checkout.", "de"),
    ("Wieder niedrigere Fehlerraten.", "de"),
])
def test_a_recovery_told_as_coming_back_is_not_reported(event: str, lang: str) -> None:
    assert check(with_later(event, lang)) == []


@pytest.mark.parametrize(("event", "lang", "words"), [
    ("Latency crept back to 900 ms.", "en", "Latency"),
    ("Latency crept back up to 900 ms.", "en", "Latency"),
    ("Latency crept back above the SLO.", "en", "Latency"),
    ("Wieder Fehler im Checkout.", "de", "Wieder"),
    ("Wieder mehr Fehler im Checkout.", "de", "Wieder"),
])
def test_the_impact_creeping_back_is_reported(event: str, lang: str, words: str) -> None:
    assert check(with_later(event, lang)) == [("PM116", 18, 65 + event.index(words))]


# 3. Stopping in order to wait is a wait; stopping waiting is not.

def night(event: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """The night postmortem with the entry at 22:30 (line 13) saying ``event``, quoted for YAML."""
    text = NIGHT.replace("LANG", lang).replace("EVENT", event.replace("'", "''"))
    return where(run(text, select=["PM112"], now=NOW))


@pytest.mark.parametrize("event", [
    "Stopped to wait for the vendor's fix.",
    "Paused the work to wait for the vendor.",
    "Stopped and waited for the vendor.",
])
def test_stopping_to_wait_explains_the_gap(event: str) -> None:
    assert night(event) == []


@pytest.mark.parametrize("event", [
    "Stopped waiting for the vendor and opened a ticket.",
    "Gave up waiting for the vendor's fix.",
    "Refused to wait for the vendor.",
    "Rolled back instead of waiting for the vendor.",
])
def test_a_wait_given_up_is_no_wait(event: str) -> None:
    assert night(event) == [("PM112", 14, 10)]


# 4. A plan, a pause or a message agreed on is no decision about the incident.

@pytest.mark.parametrize(("event", "lang"), [
    ("The team agreed on a plan to communicate with customers.", "en"),
    ("Agreed with support to send the customer an update.", "en"),
    ("Agreed with the vendor to schedule a call at 11:00.", "en"),
    ("Agreed to notify the customers at 11:00.", "en"),
    ("Agreed on a pause in the status updates until 11:00.", "en"),
    ("Man einigte sich auf einen Plan für die Kommunikation.", "de"),
])
def test_a_communication_step_agreed_on_is_no_decision(event: str, lang: str) -> None:
    assert check(with_event(event, lang)) == [("PM208", 19, 9)]


@pytest.mark.parametrize(("event", "lang", "verb"), [
    ("Agreed with the team to roll back the config push.", "en", "Agreed"),
    ("The team agreed on a rollback.", "en", "agreed"),
    ("The team agreed on a deploy freeze.", "en", "agreed"),
    ("Agreed to wait for the vendor.", "en", "Agreed"),
    ("Man einigte sich auf einen Rollback.", "de", "einigte"),
])
def test_an_action_agreed_on_is_still_a_decision(event: str, lang: str, verb: str) -> None:
    assert check(with_event(event, lang)) == [("PM207", 15, col(event, verb))]
