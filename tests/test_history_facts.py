"""Facts of a postmortem and their diff (pmkit.facts), without git."""

from __future__ import annotations

from typing import Any

import pytest
from history_git import PUBLISHED

from helpers import good_text
from pmkit.facts import (
    diff_corrections,
    diff_facts,
    load_data,
    numbers_in,
    revised_upward,
    undeclared,
)


def data(text: str = PUBLISHED) -> dict[str, Any]:
    loaded = load_data(text)
    assert loaded is not None
    return loaded


def edited(old: str, new: str, text: str = PUBLISHED) -> dict[str, Any]:
    assert old in text
    return data(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("For 24 hours and 11 minutes, a 43-second partition; about 954 writes.",
         ["24", "11", "43", "954"]),
        ("31,000,000 users, or 31 million; 5M events; 3.5k builds",
         ["31000000", "31000000", "5000000", "3500"]),
        ("rund 98 Prozent, 98%, 99,9 % und 1.234.567 Anfragen", ["98%", "98%", "99.9%", "1234567"]),
        ("mid-2008, at 22:52 UTC, on 2018-10-21", ["2008", "22:52", "2018-10-21"]),
        ("SEV1 v2 CF1 D3 AI4 https://example.com/2018-10-30/x www.example.com/7", []),
        ("five minutes", []),
        # Both ends of a range: the second is a fact as much as the first.
        ("3-5 minutes, 10:00-10:30, 200-300 ms", ["3", "5", "10:00", "10:30", "200", "300"]),
        # A date's day then a count is two numbers, not one grouped by a blank.
        ("On March 21 500 users, on Mar. 3 120 000 orders, am März 9 400 Nutzer",
         ["21", "500", "3", "120000", "9", "400"]),
        ("12 000 users, marketing 21 500 users", ["12000", "21500"]),
    ],
)
def test_numbers_in_prose(text: str, keys: list[str]) -> None:
    assert [t.key for t in numbers_in(text)] == keys


@pytest.mark.parametrize(
    ("lang", "old", "new"),
    [
        # The same count written with another thousands separator is the same fact.
        ("en", "about 12,000 users", "about 12 000 users"),
        ("en", "about 12,000 users", "about 12\u00a0000 users"),
        ("en", "about 12,000 users", "about 12000 users"),
        ("en", "about 12,000 users", "about 12k users"),
        ("de", "about 12,000 users", "about 12.000 users"),  # German: a dot groups thousands
        ("de", "about 12,000 users", "about 12 000 users"),
    ],
)
def test_a_number_written_with_other_separators_is_no_change(lang: str, old: str, new: str) -> None:
    base = PUBLISHED.replace("lang: en", f"lang: {lang}")
    assert diff_facts(data(base), edited(old, new, base)) == []


def test_a_single_dot_group_is_a_decimal_in_english_and_thousands_in_german() -> None:
    assert [t.key for t in numbers_in("4.180 Kunden, 4 180 Kunden")] == ["4.18", "4180"]
    assert [t.key for t in numbers_in("4.180 Kunden, 4 180 Kunden", "de")] == ["4180", "4180"]
    base = PUBLISHED.replace("lang: en", "lang: de")
    assert [tuple(c) for c in diff_facts(data(base), edited("12,000", "12.500", base))] == [
        ("summary (numbers)", "12,000", "12.500")]


def test_a_timestamp_in_prose_is_an_instant() -> None:
    # The offset is part of the timestamp, not a clock time of its own ("01:00").
    assert [(t.key, t.written) for t in numbers_in("at 2018-10-21T23:52:00+01:00, the")] == [
        ("2018-10-21T22:52:00+00:00", "2018-10-21T23:52:00+01:00")]
    text = PUBLISHED.replace("For 47 minutes,", "From 2026-03-02T10:00:00Z, for 47 minutes,")
    same = edited("2026-03-02T10:00:00Z", "2026-03-02T11:00:00+01:00", text)
    assert diff_facts(data(text), same) == []
    moved = edited("2026-03-02T10:00:00Z", "2026-03-02T10:00:00+01:00", text)
    assert [tuple(c) for c in diff_facts(data(text), moved)] == [
        ("summary (numbers)", "2026-03-02T10:00:00Z", "2026-03-02T10:00:00+01:00")]


def test_the_end_of_a_range_in_prose_is_a_fact() -> None:
    text = PUBLISHED.replace("For 47 minutes,", "For 40-47 minutes,")
    assert [tuple(c) for c in diff_facts(data(text), edited("40-47 minutes", "40-52 minutes", text))] == [
        ("summary (numbers)", "47", "52")]


def test_identical_versions_have_no_changes() -> None:
    assert diff_facts(data(), data()) == []
    example = data(good_text())
    assert diff_facts(example, example) == []


def test_rewording_and_moving_numbers_is_no_change() -> None:
    new = edited("For 47 minutes, about 12,000 users got notifications late.",
                 "About 12 thousand users got their notifications late for 47 minutes.")
    assert diff_facts(data(), new) == []


def test_fact_diff_is_field_old_new() -> None:
    new = edited("users_affected: 12000", "users_affected: 15000")
    assert [tuple(c) for c in diff_facts(data(), new)] == [("impact.users_affected", "12000", "15000")]


def test_number_changes_in_prose_show_only_the_numbers_that_changed() -> None:
    new = edited("For 47 minutes, about 12,000 users", "For 47 minutes, about 15,000 users")
    assert [tuple(c) for c in diff_facts(data(), new)] == [("summary (numbers)", "12,000", "15,000")]


def test_timeline_entries_are_aligned_not_compared_by_position() -> None:
    # a new entry at the top shifts every index; only the addition is a change
    new = edited("timeline:\n", "timeline:\n  - at: 2026-03-02T09:58:00Z\n    event: Config pushed.\n")
    changes = diff_facts(data(), new)
    assert [(c.field, c.kind) for c in changes] == [("timeline[0]", "added")]
    assert changes[0].new == '2026-03-02T09:58:00Z "Config pushed."'


def test_timeline_time_written_in_another_zone_is_the_same_fact() -> None:
    new = edited("- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T11:05:00+01:00")
    assert diff_facts(data(), new) == []


def test_document_timezone_applies_to_naive_times() -> None:
    old = PUBLISHED.replace("lang: en", "lang: en\ntimezone: Europe/Zurich").replace(
        "2026-03-02T10:05:00Z", "2026-03-02T11:05:00")
    assert diff_facts(data(old), data()) == []


def test_a_timezone_change_under_naive_times_says_which_timezone_each_was_read_in() -> None:
    # The local times read the same; the message must not say "from 11:05:00 to 11:05:00".
    zurich = PUBLISHED.replace("lang: en", "lang: en\ntimezone: Europe/Zurich").replace(
        "- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T11:05:00")
    london = zurich.replace("timezone: Europe/Zurich", "timezone: Europe/London")
    unset = zurich.replace("timezone: Europe/Zurich\n", "")
    assert [tuple(c) for c in diff_facts(data(zurich), data(london))] == [
        ("timeline[1].at", "2026-03-02T11:05:00 (timezone Europe/Zurich)",
         "2026-03-02T11:05:00 (timezone Europe/London)")]
    assert [tuple(c) for c in diff_facts(data(zurich), data(unset))] == [
        ("timeline[1].at", "2026-03-02T11:05:00 (timezone Europe/Zurich)",
         "2026-03-02T11:05:00 (no timezone)")]
    assert diff_facts(data(zurich), data(zurich.replace("Europe/Zurich", "Europe/Berlin"))) == []


def test_decision_and_factor_identity_is_their_id() -> None:
    new = edited("  - id: CF1\n", "  - id: CF9\n")
    assert [(c.field, c.kind) for c in diff_facts(data(), new)] == [
        ("contributing_factors[CF1]", "removed"), ("contributing_factors[CF9]", "added")]


def test_upward_revisions() -> None:
    base = data()
    cases = {
        ("users_affected: 12000", "users_affected: 15000"): "12,000 → 15,000 (+3,000, +25%)",
        ("users_affected: 12000", "users_affected: 11000"): None,
        ("data_loss: false", "data_loss: true"): "false → true",
        ("severity: SEV2", "severity: SEV1"): "SEV2 → SEV1",
        ("severity: SEV2", "severity: SEV3"): None,
        ("value: 80000", "value: 90000"): "80,000 → 90,000 (+10,000, +12%)",
    }
    for (old, new), why in cases.items():
        (change,) = diff_facts(base, edited(old, new))
        assert revised_upward(change) == why, (old, new)


def test_corrections_added_edited_removed() -> None:
    one = PUBLISHED.replace("corrections: []\n", "corrections:\n  - {at: 2026-04-01, description: A.}\n")
    two = one + "  - {at: 2026-04-02, description: B, fields: [impact]}\n"
    diff = diff_corrections(data(one), data(two))
    assert [c.description for c in diff.added] == ["B"] and not diff.edited and not diff.removed
    diff = diff_corrections(data(two), data(one))
    assert [c.description for c in diff.removed] == ["B"]
    diff = diff_corrections(data(one), data(one.replace("description: A.", "description: A!")))
    assert [(a.description, b.description) for a, b in diff.edited] == [("A.", "A!")]


def test_a_correction_declares_only_its_fields() -> None:
    base = data()
    new_text = PUBLISHED.replace("users_affected: 12000", "users_affected: 15000").replace(
        "data_loss: false", "data_loss: true").replace(
        "corrections: []\n",
        "corrections:\n  - {at: 2026-04-01, description: x, fields: [impact.data_loss]}\n")
    new = data(new_text)
    changes = diff_facts(base, new)
    added = diff_corrections(base, new).added
    assert [c.field for c in undeclared(changes, added)] == ["impact.users_affected"]


def test_a_decision_replaced_is_a_fact_change_a_rewording_is_not() -> None:
    reworded = edited("decision: Roll back the config push.", "decision: Roll the config push back.")
    assert diff_facts(data(), reworded) == []
    replaced = edited("decision: Roll back the config push.", "decision: Scale out the consumers.")
    assert [tuple(c) for c in diff_facts(data(), replaced)] == [
        ("decisions[D1].decision", '"Roll back the config push."', '"Scale out the consumers."')]


def test_an_item_removed_is_one_change() -> None:
    new = edited("decisions:\n  - id: D1\n    at: 2026-03-02T10:12:00Z\n"
                 "    decision: Roll back the config push.\n"
                 "    decided_by: incident commander\n", "decisions: []\n")
    assert [(c.field, c.kind) for c in diff_facts(data(), new)] == [("decisions[D1]", "removed")]


def test_a_decision_with_a_number_in_it_is_still_compared_by_substance() -> None:
    # The numbers of a decision are a fact of their own; they must not take the place of
    # the decision's substance, or a decision replaced around the same number goes unseen.
    text = PUBLISHED.replace("decision: Roll back the config push.",
                             "decision: Roll back the config push in 3 regions.")
    replaced = edited("decision: Roll back the config push in 3 regions.",
                      "decision: Scale out the consumers in 3 regions.", text)
    assert [tuple(c) for c in diff_facts(data(text), replaced)] == [
        ("decisions[D1].decision", '"Roll back the config push in 3 regions."',
         '"Scale out the consumers in 3 regions."')]
    renumbered = edited("in 3 regions.", "in 4 regions.", text)
    assert [tuple(c) for c in diff_facts(data(text), renumbered)] == [
        ("decisions[D1].decision (numbers)", "3", "4")]


def test_a_changed_milestone_is_declared_by_the_old_or_the_new_milestone() -> None:
    new_text = PUBLISHED.replace("milestone: resolved", "milestone: mitigated")
    for name in ("timeline[resolved].milestone", "timeline[mitigated].milestone", "timeline[resolved]"):
        declared = new_text.replace(
            "corrections: []\n",
            f'corrections:\n  - {{at: 2026-04-01, description: x, fields: ["{name}"]}}\n')
        changes = diff_facts(data(), data(declared))
        assert [c.field for c in changes] == ["timeline[2].milestone"]
        assert undeclared(changes, diff_corrections(data(), data(declared)).added) == [], name


def test_numbers_in_a_markdown_lessons_section_are_no_facts() -> None:
    """Lessons are not facts (docs/history.md), in a Markdown body as in YAML; other sections'
    numbers are."""
    text = ("---\npmkit: 1\nid: x-1\ntitle: T\nstatus: published\nlang: en\nseverity: SEV3\n---\n\n"
            "## Impact\n\n40 customers saw errors.\n\n## Lessons\n\n### What went wrong\n\n"
            "- The alert fired after 12 minutes.\n\n## What went well\n\n- 3 engineers joined.\n")

    def body(new: str) -> dict[str, Any]:
        loaded = load_data(new, markdown=True)
        assert loaded is not None
        return loaded

    old = body(text)
    assert diff_facts(old, body(text.replace("after 12 minutes", "after 14 minutes")
                                    .replace("3 engineers", "4 engineers"))) == []
    [change] = diff_facts(old, body(text.replace("40 customers", "45 customers")))
    assert change.field.startswith("body[Impact]")
