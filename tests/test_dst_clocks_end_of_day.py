"""Day clocks in zones whose clocks go back at midnight: the last hour of the day happens twice,
and a day ends at its last instant, the second 23:59:59."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import run, where
from pmkit.calendar import WorkCalendar
from pmkit.cli import main

UTC = timezone.utc

#: Resolved on 21 March 2026 in Santiago: the internal publication deadline (SEV2, 14 calendar
#: days) is the end of 4 April, the night Chile's clocks go from 24:00 -03:00 back to 23:00 -04:00.
SANTIAGO = """\
pmkit: 1
id: 2026-03-21-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV2
timezone: America/Santiago
approvals:
  - {{by: VP of Engineering, role: accountable executive}}
timeline:
  - {{at: 2026-03-21T08:00:00, milestone: impact_started, actor: monitoring, event: Errors rose.}}
  - {{at: 2026-03-21T08:10:00, milestone: detected, actor: monitoring, event: Alert fired.}}
  - {{at: 2026-03-21T08:15:00, milestone: acknowledged, actor: on-call engineer, event: Paged.}}
  - {{at: 2026-03-21T09:00:00, milestone: mitigated, actor: on-call engineer, event: Rolled back.}}
  - {{at: {resolved}, milestone: resolved, actor: on-call engineer, event: Resolved.}}
disclosure:
  regimes: [internal]
  drafted_at: {drafted}
{published}"""


def santiago(published: str | None, resolved: str = "2026-03-21T10:00:00",
             drafted: str = "2026-03-24T10:00:00") -> str:
    line = f"  published_at: {published}\n" if published else ""
    return SANTIAGO.format(resolved=resolved, drafted=drafted, published=line)


@pytest.mark.parametrize(("zone", "day", "last"), [
    ("America/Santiago", date(2026, 4, 4), datetime(2026, 4, 5, 3, 59, 59, 999999, tzinfo=UTC)),
    ("America/Nuuk", date(2026, 10, 24), datetime(2026, 10, 25, 1, 59, 59, 999999, tzinfo=UTC)),
    # The clocks go back at 03:00, not at midnight: the day's end happens once.
    ("Europe/Berlin", date(2026, 10, 25), datetime(2026, 10, 25, 22, 59, 59, 999999, tzinfo=UTC)),
    # Nuuk springs forward from 23:00 to midnight: the day ends when the clocks jump.
    ("America/Nuuk", date(2026, 3, 28), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
])
def test_a_day_ends_at_its_last_instant(zone: str, day: date, last: datetime) -> None:
    assert WorkCalendar(zone=ZoneInfo(zone)).at(day) == last


def test_a_due_time_that_happens_twice_keeps_the_first_reading() -> None:
    """A due_time of the hour the clocks go back is the first of its two instants, as documented;
    only the end of the day is its last one."""
    calendar = WorkCalendar(zone=ZoneInfo("America/Santiago"))
    assert calendar.at(date(2026, 4, 4), time(23, 30)) == datetime(2026, 4, 5, 2, 30, tzinfo=UTC)
    berlin = WorkCalendar(zone=ZoneInfo("Europe/Berlin"))
    assert berlin.at(date(2026, 10, 25), time(2, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_publication_in_the_repeated_last_hour_is_in_time() -> None:
    """Published at 23:30 -04:00 on 4 April, within the second 23:00-24:00 of that day: PM402
    said 30 minutes late against a deadline of 23:59 -03:00, the first of the two."""
    assert run(santiago("2026-04-04T23:30:00-04:00"), select=["PM402"], now="2026-05-01T00:00:00Z") == []
    found = run(santiago("2026-04-05T00:30:00-04:00"), select=["PM402"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM402", 19, 17)]
    assert found[0].message.startswith(
        "postmortem published 30 min late: published 2026-04-05 00:30 UTC-04:00 (2026-04-05 04:30 UTC) "
        "(disclosure.published_at), deadline 2026-04-04 23:59 UTC-04:00 (2026-04-05 03:59 UTC) (14 calendar "
        "days after resolved, internal policy)")


def test_a_publication_in_nuuk_in_the_repeated_last_hour_is_in_time() -> None:
    text = santiago("2026-10-24T23:30:00-02:00", resolved="2026-10-10T10:00:00",
                    drafted="2026-10-12T10:00:00").replace("America/Santiago", "America/Nuuk")
    text = text.replace("2026-03-21T", "2026-10-10T")
    assert run(text, select=["PM402"], now="2026-12-01T00:00:00Z") == []


def test_due_is_not_overdue_in_the_repeated_last_hour(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(santiago(None), encoding="utf-8")
    assert main(["due", str(path), "--overdue", "--now", "2026-04-05T03:15:00Z"]) == 0
    assert capsys.readouterr().out == "no overdue disclosure clocks\n"
    assert main(["due", str(path), "--now", "2026-04-05T03:15:00Z"]) == 0
    assert "internal publish [internal]: 44 min left; due 2026-04-04 23:59 UTC-04:00 (2026-04-05 03:59 UTC)" \
        in capsys.readouterr().out
    assert main(["due", str(path), "--overdue", "--now", "2026-04-05T04:00:00Z"]) == 1
    assert "OVERDUE by less than a second" in capsys.readouterr().out
