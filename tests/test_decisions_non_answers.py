"""PM206, PM210 and PM212 on values that say there was no trade-off in a sentence, in English
and German, and on "k. A." and "n.a." written as Duden and English style guides spell them."""

from __future__ import annotations

import pytest

from helpers import DECIDING_HEAD, run, where

TEXT = DECIDING_HEAD + """\
    event: Decided to roll back.
    decision: D1
decisions:
  - id: D1
    at: 2026-03-02T10:10:00Z
    decision: Roll back release 4.2.
    rationale: The previous release ran for two weeks without errors.
    options_considered: [roll back, patch forward]
    tradeoff: "TRADEOFF"
    known_at_the_time: "KNOWN"
    decided_by: "WHO"
"""


def _text(lang: str, tradeoff: str = "Speed over the new mapping.",
          known: str = "The alias was missing.", who: str = "incident commander") -> str:
    return (TEXT.replace("LANG", lang).replace("TRADEOFF", tradeoff).replace("KNOWN", known)
            .replace("WHO", who))


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("tradeoff", [
    "no trade-offs", "No tradeoffs.", "There was no trade-off.", "There were no trade-offs.",
    "no tradeoff was made", "No trade-offs were made.", "n.a.", "N. A.", "k. A.", "K. A.",
    "Kein Zielkonflikt.", "Keine Zielkonflikte.", "Keine Abwägung.", "Es gab keinen Zielkonflikt.",
    "Es gab keine Abwägung.", "keine Trade-offs",
    # (caught before: kept beside the new spellings)
    "no trade-off", "k.A.", "Kein Trade-off.",
])
def test_a_tradeoff_that_says_there_was_none_is_a_non_answer(lang: str, tradeoff: str) -> None:
    found = run(_text(lang, tradeoff=tradeoff), select=["PM206"])
    assert where(found) == [("PM206", 22, 15)]
    assert found[0].message == (f"decision D1 of a SEV2 incident gives '{tradeoff}' as its trade-off, "
                                "which names nothing given up")


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("tradeoff", [
    "No trade-off in latency, but it cost us 20 minutes of writes.",
    "Kein Zielkonflikt bei der Latenz, aber 20 Minuten ohne Schreibzugriffe.",
    "No data loss, at the cost of 20 minutes of writes.",
    "There was no trade-off between safety and speed: the rollback was both.",
    "Data integrity over time to recovery.",
    "n.a. for reads; writes were late by 20 minutes.",
])
def test_a_tradeoff_that_names_one_is_an_answer(lang: str, tradeoff: str) -> None:
    assert run(_text(lang, tradeoff=tradeoff), select=["PM206"]) == []


@pytest.mark.parametrize("value", ["k. A.", "k. a.", "n.a.", "n. a."])
def test_known_at_the_time_and_decided_by_read_the_abbreviations_alike(value: str) -> None:
    """'k.A.' was a non-answer in each of these fields, 'k. A.' with a blank in none."""
    found = run(_text("de", known=value, who=value), select=["PM210", "PM212"])
    assert where(found) == [("PM212", 23, 24), ("PM210", 24, 17)]


def test_a_wont_do_reason_reads_them_alike() -> None:
    text = _text("de") + """\
action_items:
  - id: AI1
    title: Add a default eviction policy to the cache config schema
    type: prevent
    priority: P2
    owner: payments team lead
    tracker: PAY-1
    status: wont-do
    reason: "k. A."
"""
    assert where(run(text, select=["PM715"])) == [("PM715", 32, 13)]
    assert run(text.replace('"k. A."', "Superseded by the cache rewrite (PAY-9)."), select=["PM715"]) == []
