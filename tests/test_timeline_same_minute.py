"""PM105 on times written to the minute beside one written to the second, and its hint for a
milestone whose place in the list the causal order (PM104) leaves no time for."""

from __future__ import annotations

import pytest

from helpers import run, where

TIMELINE = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
timeline:
  - {at: 2026-03-02T13:40:00Z, milestone: impact_started, actor: deploys, event: Config shipped.}
  - {at: 2026-03-02T13:46:12Z, milestone: detected, actor: monitoring, event: The alert fired.}
  - {at: FIRST, actor: on-call engineer, event: Acknowledged the page.}
  - {at: SECOND, actor: on-call engineer, event: Opened the incident channel.}
  - {at: 2026-03-02T14:10:00Z, milestone: resolved, actor: on-call engineer, event: Incident closed.}
"""


def _timeline(first: str, second: str) -> str:
    return TIMELINE.replace("FIRST", first).replace("SECOND", second)


@pytest.mark.parametrize(("first", "second"), [
    ("2026-03-02T13:46Z", "2026-03-02T13:46Z"),
    ("2026-03-02T13:46Z", "2026-03-02T13:46:00Z"),
    ("2026-03-02T13:46:00Z", "2026-03-02T13:46Z"),
    ("2026-03-02T13:46Z", "2026-03-02T13:46:12Z"),
    ("2026-03-02T13:46Z", "2026-03-02T13:46:30Z"),
    ("2026-03-02T13:46Z", "2026-03-02T13:47Z"),
])
def test_times_to_the_minute_after_one_to_the_second_in_their_minute_are_in_order(
        first: str, second: str) -> None:
    """Two entries at 13:46 after an alert at 13:46:12: the second was "listed after the entry at
    13:46", whose hint offered a time between 13:46 and 14:10 for an entry at 13:46. Each is its
    whole minute next to the time to the second, and two equal times are in order."""
    assert run(_timeline(first, second), select=["PM104", "PM105"]) == []


def test_a_milestone_to_the_minute_after_another_in_the_same_minute_is_in_order() -> None:
    text = (_timeline("2026-03-02T13:46Z", "2026-03-02T13:46:00Z")
            .replace("event: Acknowledged the page.}", "milestone: acknowledged, event: Acknowledged.}")
            .replace("event: Opened the incident channel.}", "milestone: mitigated, event: Errors gone.}"))
    assert run(text, select=["PM104", "PM105"]) == []


def test_a_second_earlier_in_the_minute_than_a_logged_one_is_still_out_of_order() -> None:
    """The order of the times written to the second is kept: 13:46:05 after 13:46:12 is out of
    order, and the message names the 13:46:12 as written, not the 13:46 listed between them."""
    found = run(_timeline("2026-03-02T13:46Z", "2026-03-02T13:46:05Z"), select=["PM105"])
    assert where(found) == [("PM105", 11, 10)]
    assert found[0].message == ("the entry at 2026-03-02 13:46:05 UTC is listed after the entry at "
                                "2026-03-02 13:46:12 UTC (line 9): the timeline is out of order")


def test_a_minute_before_the_logged_second_is_out_of_order() -> None:
    found = run(_timeline("2026-03-02T13:46Z", "2026-03-02T13:45Z"), select=["PM105"])
    assert where(found) == [("PM105", 11, 10)]
    assert found[0].message == ("the entry at 2026-03-02 13:45 UTC is listed after the entry at "
                                "2026-03-02 13:46:12 UTC (line 9): the timeline is out of order")


OUT_OF_ORDER = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
timeline:
  - {at: 2026-03-02T10:04:00Z, milestone: detected, actor: monitoring, event: The alert fired.}
  - {at: 2026-03-02T10:00:00Z, milestone: impact_started, actor: deploys, event: Change shipped.}
  - {at: 2026-03-02T10:45:00Z, milestone: resolved, actor: on-call engineer, event: Incident closed.}
  - {at: 2026-03-02T10:30:00Z, milestone: mitigated, actor: on-call engineer, event: Errors gone.}
"""


def test_pm105_proposes_no_time_the_causal_order_forbids() -> None:
    """A 'mitigated' listed after the 'resolved' was told to take a time "at or after" the
    resolution, which PM104 would then report; an 'impact_started' listed after 'detected' was
    offered times up to the resolution, after the mitigation."""
    found = run(OUT_OF_ORDER, select=["PM104", "PM105"])
    assert where(found) == [("PM105", 9, 10), ("PM105", 11, 10)]
    assert found[0].hint == (
        "By its time it belongs before line 8 (2026-03-02 10:04 UTC): move it there; or, if it is "
        "listed in the right place, correct its time to one between 2026-03-02 10:04 UTC and "
        "2026-03-02 10:30 UTC (not after the 'mitigated' on line 11).")
    assert found[1].message == ("the entry at 2026-03-02 10:30 UTC is listed after the entry at "
                                "2026-03-02 10:45 UTC (line 10): the timeline is out of order")
    assert found[1].hint == (
        "By its time it belongs between line 8 (2026-03-02 10:04 UTC) and line 10 (2026-03-02 "
        "10:45 UTC): move it there. Where it is listed it would need a time at or after 2026-03-02 "
        "10:45 UTC, and a 'mitigated' cannot come after the 'resolved' (2026-03-02 10:45 UTC, "
        "line 10).")


def test_pm105_bounds_the_times_by_an_earlier_milestone_too() -> None:
    """A 'resolved' listed before the entries it follows: the times offered where it is listed
    start no earlier than the 'mitigated' it cannot precede; with none left, move it."""
    text = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
timeline:
  - {at: 2026-03-02T10:00:00Z, milestone: impact_started, actor: deploys, event: Change shipped.}
  - {at: 2026-03-02T11:00:00Z, milestone: resolved, actor: on-call engineer, event: Incident closed.}
  - {at: 2026-03-02T10:04:00Z, milestone: detected, actor: monitoring, event: The alert fired.}
  - {at: 2026-03-02T10:30:00Z, milestone: mitigated, actor: on-call engineer, event: Errors gone.}
"""
    found = run(text, select=["PM104", "PM105"])
    assert where(found) == [("PM105", 9, 10)]
    assert found[0].hint == (
        "By its time it belongs after line 11 (2026-03-02 10:30 UTC): move it there. Where it is "
        "listed it would need a time at or before 2026-03-02 10:04 UTC, and a 'resolved' cannot "
        "come before the 'mitigated' (2026-03-02 10:30 UTC, line 11).")
    # Without the mitigation, the detection listed after it bounds it the same way.
    plain = text.replace("milestone: mitigated, ", "")
    found = run(plain, select=["PM104", "PM105"])
    assert where(found) == [("PM105", 9, 10)]
    assert found[0].hint == (
        "By its time it belongs after line 11 (2026-03-02 10:30 UTC): move it there. Where it is "
        "listed it would need a time at or before 2026-03-02 10:04 UTC, and a 'resolved' cannot "
        "come before the 'detected' (2026-03-02 10:04 UTC, line 10).")
