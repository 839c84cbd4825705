"""An entry set aside for a time that never happened (PM015) is not read by PM111, but PM113
counts it as written: PM111 says which count it gives."""

from __future__ import annotations

from helpers import run, where

#: The night Berlin's clocks sprang forward: 02:30 never happened.
GAP = """\
pmkit: 1
id: 2026-03-29-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
timeline:
  - {at: 2026-03-29T01:00:00, milestone: impact_started, actor: monitoring, event: Errors rose.}
  - {at: 2026-03-29T01:10:00, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-03-29T02:30:00, actor: on-call engineer, event: Paged the database team.}
  - {at: 2026-03-29T03:40:00, milestone: mitigated, actor: on-call engineer, event: Rolled back.}
  - {at: 2026-03-29T04:00:00, milestone: resolved, actor: on-call engineer, event: Resolved.}
"""


def test_the_count_of_entries_without_evidence_says_one_was_set_aside() -> None:
    found = run(GAP, select=["PM111", "PM113", "PM015"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM111", 8, 1), ("PM113", 8, 1), ("PM015", 11, 10)]
    assert found[0].message == (
        "none of the 4 timeline entries read has evidence, which SEV2 timelines need (the timeline has "
        "5; 1 set aside for its time is not counted)")
    assert found[1].message.startswith("the timeline has 5 entries;")


def test_without_an_entry_set_aside_the_count_is_as_before() -> None:
    text = GAP.replace("2026-03-29T02:30:00", "2026-03-29T03:30:00")
    found = run(text, select=["PM111"], now="2026-05-01T00:00:00Z")
    assert [d.message for d in found] == [
        "none of the 5 timeline entries has evidence, which SEV2 timelines need"]
