"""A count of days backwards passes over a date the zone skipped, as a count forwards does; and
a limit moved to noon of the next working day never names a skipped date as its day."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpers import run
from pmkit.calendar import WorkCalendar

APIA = WorkCalendar(zone=ZoneInfo("Pacific/Apia"))


@pytest.mark.parametrize(("day", "count", "expected"), [
    (date(2011, 12, 31), -1, date(2011, 12, 29)),
    (date(2011, 12, 29), -1, date(2011, 12, 28)),
    (date(2012, 1, 2), -3, date(2011, 12, 29)),
    (date(2012, 1, 2), -30, date(2011, 12, 2)),
    (date(2011, 12, 30), -1, date(2011, 12, 29)),
    (date(2011, 12, 30), 1, date(2011, 12, 31)),
])
def test_a_count_backwards_passes_over_the_skipped_date(day: date, count: int, expected: date) -> None:
    assert APIA.add_days(day, count) == expected


def test_backwards_undoes_forwards_among_the_dates_that_happened() -> None:
    first = date(2011, 12, 1)
    for offset in range(60):
        day = first + timedelta(days=offset)
        if not APIA.exists(day):
            continue
        for count in range(-40, 41):
            there = APIA.add_days(day, count)
            assert APIA.exists(there)
            assert APIA.add_days(there, -count) == day
            low, high = min(day, there), max(day, there)
            happened = sum(APIA.exists(low + timedelta(days=n)) for n in range((high - low).days + 1))
            assert happened == abs(count) + 1


def test_a_zone_without_a_skipped_date_counts_backwards_by_the_calendar() -> None:
    berlin = WorkCalendar(zone=ZoneInfo("Europe/Berlin"))
    assert berlin.add_days(date(2026, 3, 30), -2) == date(2026, 3, 28)
    assert WorkCalendar().add_days(date(2026, 1, 1), -1) == date(2025, 12, 31)


def test_what_holiday_says_of_a_day() -> None:
    assert APIA.holiday(date(2011, 12, 30)) == "no such day in Pacific/Apia"
    assert APIA.holiday(date(2011, 12, 31)) == "Sat (weekend)"
    assert APIA.holiday(date(2011, 12, 29)) is None


def test_a_dora_limit_in_the_skipped_hours_moves_from_a_day_that_happened() -> None:
    """4 h after 21:00 on Thursday 29 December 2011 in Apia is 01:00 on Saturday the 31st: the
    30th was skipped, and the message names the Saturday, not a day that did not happen."""
    text = """\
pmkit: 1
id: 2011-12-29-payments
title: Payments outage
status: draft
lang: en
severity: SEV1
timezone: Pacific/Apia
disclosure:
  regimes: [dora]
  aware_at: 2011-12-29T20:00:00
  classified_major_at: 2011-12-29T21:00:00
"""
    found = run(text, select=["PM403"], now="2012-01-10T00:00:00Z")
    assert len(found) == 1
    assert ("that fell on 2011-12-31 01:00 UTC+14:00 (2011-12-30 11:00 UTC), a Saturday, so it moves to "
            "noon of the next working day") in found[0].message
    assert "no such day" not in found[0].message
