"""A date the zone skipped (Pacific/Apia had no 30 December 2011: Samoa moved across the date
line) is not counted as a day, nor as a working day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pmkit.calendar import WorkCalendar
from pmkit.cli import main

APIA = """\
pmkit: 1
id: 2011-12-29-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV3
timezone: Pacific/Apia
timeline:
  - {at: 2011-12-29T22:00:00, milestone: impact_started, actor: monitoring, event: Errors rose.}
  - {at: 2011-12-29T22:10:00, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2011-12-29T22:15:00, milestone: acknowledged, actor: on-call engineer, event: Paged.}
  - {at: 2011-12-29T23:00:00, milestone: mitigated, actor: on-call engineer, event: Rolled back.}
  - {at: 2011-12-29T23:30:00, milestone: resolved, actor: on-call engineer, event: Resolved.}
disclosure:
  regimes: [internal]
"""


def test_a_skipped_date_does_not_exist_and_is_no_working_day() -> None:
    apia = WorkCalendar(zone=ZoneInfo("Pacific/Apia"))
    assert [apia.exists(date(2011, 12, d)) for d in (29, 30, 31)] == [True, False, True]
    assert not apia.is_working_day(date(2011, 12, 30))
    assert apia.add_days(date(2011, 12, 29), 1) == date(2011, 12, 31)
    assert apia.add_days(date(2011, 12, 29), 30) == date(2012, 1, 29)
    assert apia.add_business_days(date(2011, 12, 29), 10) == date(2012, 1, 13)
    # A day whose first hour was skipped (Santiago springs forward at midnight) happened.
    santiago = WorkCalendar(zone=ZoneInfo("America/Santiago"))
    assert santiago.exists(date(2026, 9, 6))
    assert santiago.add_days(date(2026, 9, 1), 10) == date(2026, 9, 11)


def test_due_counts_only_the_days_that_happened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """10 business days after Thursday 29 December end on Friday 13 January (not the 12th), 30
    calendar days on 29 January (not the 28th)."""
    path = tmp_path / "pm.yaml"
    path.write_text(APIA, encoding="utf-8")
    assert main(["due", str(path), "--all", "--format", "json", "--now", "2011-12-30T12:00:00Z"]) == 0
    rows = {r["stage"]: r["deadline"] for r in json.loads(capsys.readouterr().out)["clocks"]}
    assert rows == {"draft": "2012-01-13T23:59+14:00", "publish": "2012-01-29T23:59+14:00"}
