"""English rules on held-out postmortems: a decision verb quoted from someone outside the team
(PM207), and a vague impact phrase whose sentence gives the number it stands for (PM503)."""

from __future__ import annotations

import pytest

from helpers import IMPACT_DRAFT, MINI_HEAD, run, vague_impact, where

# 1. PM207: a decision quoted from a vendor is not the team's.

#: A SEV3 incident whose one entry (line 13) has ACTOR and EVENT (the event on line 15).
QUOTED = MINI_HEAD + """\
timeline:
  - at: 2026-03-10T10:05:00Z
    actor: ACTOR
    event: |
      EVENT
"""


def _pm207(event: str, actor: str = "payments on-call", lang: str = "en") -> list[tuple[str, int, int]]:
    text = QUOTED.replace("LANG", lang).replace("ACTOR", actor).replace("EVENT", event)
    return where(run(text, select=["PM207"]))


@pytest.mark.parametrize("event", [
    'The provider posted on their status page: "we are rolling back".',
    "The provider posted on their status page: \u201cwe are rolling back\u201d.",
    "The provider posted on their status page: \u00abwe are rolling back\u00bb.",
    "The provider posted on their status page: 'we are rolling back'.",
    "The provider posted on their status page: we are rolling back.",
    '"We are rolling back," the vendor wrote.',
    'Upstream wrote: "we decided to roll back the change".',
])
def test_a_decision_quoted_from_an_outside_party_is_not_the_teams(event: str) -> None:
    # Was reported at the quoted verb ('rolling back'): the vendor decided, the team told of it.
    assert _pm207(event) == []


def test_a_german_quote_of_the_vendor_is_not_the_teams() -> None:
    event = ("Der Anbieter schrieb auf seiner Statusseite: "
             "\u201eWir haben das Release zur\u00fcckgerollt\u201c.")
    assert _pm207(event, actor="Bereitschaft", lang="de") == []


def test_the_teams_action_beside_a_vendor_quote_is_reported_at_its_own_verb() -> None:
    # Was reported at the quoted 'rolling back' (column 35); the team's own 'rolled back' after
    # the quotation is its decision.
    event = 'The provider posted: "we are rolling back". We rolled back release 4.2 too.'
    assert _pm207(event) == [("PM207", 14, 54)]


@pytest.mark.parametrize(("event", "col"), [
    # The team's own words in the incident channel: its decision, announced.
    ('The IC wrote in #incident: "we are rolling back".', 42),
    # A quotation with no speaker named is the actor's.
    ('"We decided to roll back release 4.2."', 11),
    # Posted by the team on a status page: the page is where, not who.
    ('Posted on the status page: "We are rolling back release 4.2."', 42),
    # Still the team's decision, with a quoted reason.
    ('We decided to roll back after the provider said "no ETA".', 10),
])
def test_guard_the_teams_own_decisions_are_still_reported(event: str, col: int) -> None:
    assert _pm207(event) == [("PM207", 14, col)]


# 2. PM503: a vague phrase whose sentence gives its number.

@pytest.mark.parametrize("description", [
    "Some users of the legacy API v1, 312 in total, saw errors.",
    "Some users of the legacy API v1 (312 users) saw errors.",
    "Some users of the legacy API v1 (about 312) saw errors.",
    "Some users, 312 legacy API users, saw errors.",
    "Some users, 312 of them on API v1, saw errors.",
    "A total of 312 users saw errors, some users twice.",
])
def test_a_vague_phrase_whose_sentence_gives_its_count_is_not_reported(description: str) -> None:
    assert vague_impact(description) == []


def test_a_share_of_the_phrases_own_noun_gives_its_number() -> None:
    # "Some requests" is quiet; the share, which names no base, is still reported.
    found = run(IMPACT_DRAFT.replace("LANG", "en").replace(
        "DESCRIPTION", "Some requests failed, about 4% of requests."), select=["PM503"])
    assert where(found) == [("PM503", 10, 46)]
    assert "'about 4% of requests'" in found[0].message


@pytest.mark.parametrize(("description", "lang"), [
    ("Einige Nutzer der API v1, insgesamt 312, sahen Fehler.", "de"),
    ("Einige Nutzer, 312 von ihnen \u00fcber die API v1, sahen Fehler.", "de"),
])
def test_a_german_vague_phrase_whose_sentence_gives_its_count_is_not_reported(description: str,
                                                                               lang: str) -> None:
    assert vague_impact(description, lang) == []


@pytest.mark.parametrize("description", [
    "Some users saw errors; 312 requests were retried.",
    "Some users saw errors, and 312 requests were retried.",
    "Some users saw 312 errors in total.",
    "Some users saw errors for 20 minutes.",
    "Some users (2%) saw errors.",
    "Some users saw errors. 312 users in total.",
])
def test_guard_a_number_that_counts_something_else_leaves_the_phrase_vague(description: str) -> None:
    assert vague_impact(description) == [("PM503", 10, 24)]


def test_guard_a_german_number_of_another_noun_leaves_the_phrase_vague() -> None:
    found = vague_impact("Einige Nutzer sahen Fehler; 312 Anfragen wurden wiederholt.", "de")
    assert found == [("PM503", 10, 24)]
