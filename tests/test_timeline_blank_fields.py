"""PM109 and PM110 on an actor or event that shows nothing: blanks, and characters that do not
show (a zero-width space, a bidirectional mark), as the decision rules read a blank field; and
where the finding is placed when the key is written."""

from __future__ import annotations

import pytest

from helpers import run, where

TEXT = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV4
timeline:
  - at: 2026-03-02T10:00:00Z
    milestone: detected
    actor: monitoring
    event: The alert fired.
  - at: 2026-03-02T10:05:00Z
    actor: ACTOR
    event: EVENT
  - at: 2026-03-02T10:30:00Z
    milestone: resolved
    actor: on-call engineer
    event: Closed.
"""


def _found(actor: str, event: str) -> list[tuple[str, int, int]]:
    return where(run(TEXT.replace("ACTOR", actor).replace("EVENT", event), select=["PM109", "PM110"]))


@pytest.mark.parametrize("value", [
    '"\\u200b"',           # a zero-width space
    '"\\u200e"',           # a left-to-right mark
    '"\\u200f\\u200b"',    # a right-to-left mark and a zero-width space
    '"\\u200e\\u200b "',   # with a blank
    '" \\u200b "',
    '"\\ufeff"',           # a byte order mark
    '""',
    '"   "',
])
def test_an_actor_that_shows_nothing_is_missing_at_its_value(value: str) -> None:
    """A zero-width space or a bidirectional mark passed for an actor, where '' and blanks were
    reported (at the entry, while 'n/a' was reported at the value)."""
    found = run(TEXT.replace("ACTOR", value).replace("EVENT", "Restarted the workers."),
                select=["PM109", "PM110"])
    assert where(found) == [("PM109", 13, 12)]
    assert found[0].message == "the entry at 2026-03-02 10:05 UTC has no actor"


@pytest.mark.parametrize("value", ['"\\u200b"', '"\\u200e\\u200b "', '"\\u200f"', '""', '"  "'])
def test_an_event_that_shows_nothing_is_missing_at_its_value(value: str) -> None:
    found = run(TEXT.replace("ACTOR", "on-call engineer").replace("EVENT", value),
                select=["PM109", "PM110"])
    assert where(found) == [("PM110", 14, 12)]
    assert found[0].message == "the entry at 2026-03-02 10:05 UTC has no event"


def test_a_key_written_without_a_value_is_reported_there() -> None:
    text = TEXT.replace("    actor: ACTOR\n", "    actor:\n").replace("EVENT", "Restarted the workers.")
    assert where(run(text, select=["PM109"])) == [("PM109", 13, 11)]


def test_a_key_not_written_is_reported_at_the_entry() -> None:
    text = TEXT.replace("    actor: ACTOR\n", "").replace("    event: EVENT\n", "")
    assert where(run(text, select=["PM109", "PM110"])) == [("PM109", 12, 5), ("PM110", 12, 5)]


def test_a_non_answer_is_still_reported_at_its_value() -> None:
    found = run(TEXT.replace("ACTOR", "n/a").replace("EVENT", "Restarted the workers."), select=["PM109"])
    assert where(found) == [("PM109", 13, 12)]
    assert found[0].message == ("the entry at 2026-03-02 10:05 UTC gives 'n/a' as its actor, which "
                                "names no one")


@pytest.mark.parametrize(("actor", "event"), [
    ('"on-call\\u200b engineer"', "Restarted the workers."),
    ('"\\u200eon-call engineer"', '"Restarted the workers.\\u200b"'),
])
def test_text_that_shows_with_an_invisible_character_in_it_is_an_answer(actor: str, event: str) -> None:
    assert _found(actor, event) == []


def test_no_entry_with_an_actor_that_shows_is_one_finding() -> None:
    text = (TEXT.replace("ACTOR", '"\\u200b"').replace("EVENT", "Restarted the workers.")
            .replace("actor: monitoring", 'actor: "\\u200e"')
            .replace("actor: on-call engineer", 'actor: " "'))
    found = run(text, select=["PM109"])
    assert where(found) == [("PM109", 7, 1)]
    assert found[0].message == "none of the 3 timeline entries has an actor"


@pytest.mark.parametrize("value", ["n.a.", "k. A.", "k.A."])
def test_abbreviations_with_or_without_a_blank_name_no_one(value: str) -> None:
    found = run(TEXT.replace("ACTOR", f'"{value}"').replace("EVENT", "Restarted the workers."),
                select=["PM109"])
    assert where(found) == [("PM109", 13, 12)]
    assert found[0].message == (f"the entry at 2026-03-02 10:05 UTC gives '{value}' as its actor, which "
                                "names no one")


SEV2 = TEXT.replace("severity: SEV4", "severity: SEV2").replace("ACTOR", "on-call engineer").replace(
    "EVENT", "Restarted the workers.")


@pytest.mark.parametrize("evidence", ["[]", '[""]', '["  "]', '["\\u200b"]', '["\\u200e", " "]'])
def test_evidence_that_shows_nothing_is_missing_at_its_value(evidence: str) -> None:
    """PM111, the third rule of the kind, reads its links alike: a zero-width space was a link."""
    text = (SEV2.replace("    event: The alert fired.\n",
                         "    event: The alert fired.\n    evidence: [https://alerts.example.com/1]\n")
            .replace("    event: Closed.\n", "    event: Closed.\n    evidence: [https://chat.example.com/2]\n")
            .replace("    event: Restarted the workers.\n",
                     f"    event: Restarted the workers.\n    evidence: {evidence}\n"))
    found = run(text, select=["PM111"])
    assert where(found) == [("PM111", 16, 15)]
    assert found[0].message == ("the entry at 2026-03-02 10:05 UTC has no evidence, which SEV2 "
                                "timelines need")
    assert run(text.replace(f"evidence: {evidence}", "evidence: [https://grafana.example.com/d/3]"),
               select=["PM111"]) == []
    absent = text.replace(f"    evidence: {evidence}\n", "")
    assert where(run(absent, select=["PM111"])) == [("PM111", 13, 5)]
