"""A missed alert in the passive with a person as its agent (PM308, as "missed the alert" and
"was ignored by the release manager" are) and the English inverted subjunctive "Were the
engineer more careful, ..." (PM302, as German "Wäre der Administrator aufmerksamer gewesen")."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, names: tuple[str, ...] = ("Bill Chen",)) -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang="en", names=names)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The alert was missed by the on-call engineer.", [("PM308", 14, "missed")]),
    ("The alerts were missed by the reviewers.", [("PM308", 16, "missed")]),
    ("The alert was missed by Bill.", [("PM309", 14, "missed")]),
    ("Were the engineer more careful, this would not have happened.",
     [("PM302", 0, "Were the engineer more careful")]),
    ("Were Bill more careful, this would not have happened.", [("PM309", 0, "Were Bill more careful")]),
    ("Were the on-call engineers paying closer attention, they would have seen it.",
     [("PM302", 0, "Were the on-call engineers paying closer attention")]),
])
def test_the_passive_and_the_inverted_subjunctive_are_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The regression was missed by the canary.",
    "The window was missed by the cron job.",
    "The deadline was missed by the vendor.",
    "The alert was not missed by the on-call engineer.",
    "The alert was missed by the on-call engineer because it went to a muted channel.",
    "Were the retry budget larger, the requests would have succeeded.",
    "Were the checks more thorough, the bug would have been caught.",
    "The engineers were more careful after the change.",
])
def test_a_thing_a_denial_or_a_reason_passes(sentence: str) -> None:
    assert _found(sentence) == []
