"""English rules on held-out postmortems: a decision verb quoted from someone outside the team
(PM207)."""

from __future__ import annotations

import pytest

from helpers import run, where

# 1. PM207: a decision quoted from a vendor is not the team's.

#: A SEV3 incident whose one entry (line 13) has ACTOR and EVENT (the event on line 15).
QUOTED = """\
pmkit: 1
id: mini
title: Errors after a release
status: draft
lang: LANG
severity: SEV3
owner: platform lead
authors: [Bob Lee]
summary: A release caused errors for 20 minutes.
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
