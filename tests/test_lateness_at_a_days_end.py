"""A deadline at a day's end is that day's last instant, shown as 23:59: a draft at midnight was
"less than a second late" beside "drafted 00:00, deadline 23:59", a minute apart as shown."""

from __future__ import annotations

import pytest

from helpers import run

TEXT = """\
pmkit: 1
id: d
title: T
status: draft
lang: en
severity: SEV1
owner: lead
summary: S.
impact: {description: None.}
timezone: Europe/Berlin
timeline:
  - {at: 2026-03-27T09:00:00Z, milestone: impact_started, actor: m, event: E.}
  - {at: 2026-03-27T09:10:00Z, milestone: detected, actor: m, event: E.}
  - {at: 2026-03-27T09:30:00Z, milestone: resolved, actor: m, event: E.}
disclosure:
  regimes: [internal]
  drafted_at: DRAFTED
"""


@pytest.mark.parametrize(("drafted", "said"), [
    ("2026-04-04T00:00:00", "postmortem drafted less than a minute late: drafted 2026-04-04 00:00 CEST"),
    # a second or more: counted as before
    ("2026-04-04T00:00:30", "postmortem drafted 30 s late: drafted 2026-04-04 00:00 CEST"),
    ("2026-04-04T01:00:00", "postmortem drafted 1 h late: drafted 2026-04-04 01:00 CEST"),
])
def test_a_draft_at_midnight_after_the_deadline_s_day(drafted: str, said: str) -> None:
    [found] = run(TEXT.replace("DRAFTED", drafted), select=["PM402"], now="2026-05-01T00:00:00Z")
    assert (found.code, found.line, found.col) == ("PM402", 17, 15)
    assert found.message.startswith(said)
    assert "deadline 2026-04-03 23:59 CEST (2026-04-03 21:59 UTC)" in found.message


def test_guard_a_deadline_at_a_time_of_day_is_late_by_the_second() -> None:
    """A clock of hours has its deadline at a time of day, not at a day's end: a notice a
    fraction of a second late there is said so, as before."""
    from datetime import datetime, timedelta, timezone

    from pmkit.calendar import human_duration

    assert human_duration(datetime(2026, 1, 1, 10, tzinfo=timezone.utc) + timedelta(microseconds=1)
                          - datetime(2026, 1, 1, 10, tzinfo=timezone.utc)) == "less than a second"
