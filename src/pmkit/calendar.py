"""Working days, holidays and deadline arithmetic for disclosure clocks.

Rules of thumb that the functions here get right:

- **Hour clocks are absolute.** 72 h after an instant is computed in UTC, so that a DST change
  in between neither adds nor removes an hour, and they run through nights, weekends and
  holidays (GDPR, NIS2, DORA, NYDFS, CERT-In, Swiss ISA).
- **Day, business-day and month clocks are local.** The anchor's date is taken in the
  calendar's zone, the count is done on dates, and the deadline is a wall-clock time on the
  last day (``due_time``, default the end of the day: its last instant before midnight) in
  that zone, turned into an instant only at the end. A day period's anchor day is day 0 and not counted.
  A date the zone skipped (Pacific/Apia's 30 December 2011) is no day and no working day.
- **Business days** skip the calendar's weekend and public holidays (the ``holidays`` package,
  by country and subdivision, plus ``extra_holidays``). An anchor on a non-working day starts
  the count on the next working day, which then counts as day 1 (Form 8-K Gen. Instr. B.1).
- **Months** end on the same date of the later month, or on its last day when that date does
  not exist (31 January + 1 month = 28/29 February; Reg. 1182/71 Art. 3(2)(c)).
- **Roll-forward.** ``eu``: a day or month period whose last day is a weekend day or holiday
  ends at the end of the next working day, and a period of two days or more holds at least two
  working days (Reg. 1182/71 Art. 3(4)-(5)); hour periods never roll. ``noon-next-working-day``:
  a time limit on a weekend day or holiday moves to 12:00 of the next working day (DORA RTS
  2025/301 Art. 5(4)).

Compare instants in UTC; render them in the document's zone (and the calendar's).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pmkit.config import ConfigError

if TYPE_CHECKING:
    from pmkit.policies import Deadline

UTC = timezone.utc
END_OF_DAY = time(23, 59, 59, 999999)
NOON = time(12, 0)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Upper bound on days scanned for the next working day (a misconfigured calendar must not hang);
#: configuration validation makes sure a calendar has a working day in every such stretch.
MAX_SCAN = 366


class NoWorkingDay(ConfigError, ValueError):
    """A calendar whose weekend and holidays leave no working day within :data:`MAX_SCAN` days:
    a configuration problem (exit 2 with its message), should validation ever let one through."""


class HolidaysUnknown(ValueError):
    """A day outside the years whose public holidays the ``holidays`` package knows (1901 to
    2100 for most countries): counted as a working day, a holiday there would be missed and the
    deadline silently wrong, so the clock has no deadline instead."""


@dataclass
class WorkCalendar:
    """A working-day calendar in one time zone."""

    zone: tzinfo = UTC
    country: str | None = None
    subdivision: str | None = None
    extra_holidays: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    _holidays: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.country:
            self._holidays = country_holidays(self.country, self.subdivision)

    @property
    def zone_name(self) -> str:
        return zone_name(self.zone)

    def exists(self, day: date) -> bool:
        """Whether ``day`` happened in this calendar's zone. Pacific/Apia skipped 30 December
        2011 when Samoa moved across the date line (29 December 23:59:59 -10:00 was followed by
        31 December 00:00 +14:00): no instant of that date is in the zone, and a count of days
        or working days passes over it."""
        return isinstance(self.zone, timezone) or _exists(self.zone, day)

    def add_days(self, day: date, count: int) -> date:
        """The ``count``-th date after ``day`` (``day`` itself is day 0) among the dates that
        happened in this zone (see :meth:`exists`); a negative ``count`` the ``-count``-th date
        before it, so that one day before 31 December 2011 in Pacific/Apia is the 29th."""
        last = day + timedelta(days=count)
        if isinstance(self.zone, timezone) or not _may_skip(self.zone, min(day, last), max(day, last)):
            return last
        step = timedelta(days=1 if count > 0 else -1)
        probe, left = day, abs(count)
        while left > 0:
            probe += step
            left -= self.exists(probe)
        return probe

    def holiday(self, day: date) -> str | None:
        """Why ``day`` is no working day, or None for a working day: "no such day in <zone>"
        for a date the zone skipped (see :meth:`exists`), "holiday (configured)" for one of
        ``extra_holidays``, a public holiday's name ("Easter Monday"), or the weekend day with
        the word "(weekend)" ("Sat (weekend)"). The local date of an instant always happened, so
        a deadline (an instant) is never on a skipped day: the first text is only said of a date
        asked for itself."""
        if not self.exists(day):
            return "no such day in " + self.zone_name
        if day in self.working_days:
            return None
        if day in self.extra_holidays:
            return "holiday (configured)"
        if self._holidays is not None:
            first, last = self._holidays.start_year, self._holidays.end_year
            if not first <= day.year <= last:
                where = str(self.country) + (f"-{self.subdivision}" if self.subdivision else "")
                raise HolidaysUnknown(f"the public holidays of {where} are known for the years {first} "
                                      f"to {last}, and the count reaches {day.isoformat()}")
            name = self._holidays.get(day)
            if name:
                return str(name)
        if day.weekday() in self.weekend:
            return DAY_NAMES[day.weekday()].capitalize() + " (weekend)"
        return None

    def is_working_day(self, day: date) -> bool:
        return self.holiday(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        probe = day
        for _ in range(MAX_SCAN):
            probe += timedelta(days=1)
            if self.is_working_day(probe):
                return probe
        raise NoWorkingDay(f"calendar: no working day in the {MAX_SCAN} days after {day.isoformat()}: "
                           "check weekend, extra_holidays and country in [tool.pmkit.calendar] "
                           "(or the policy's calendar)")

    def add_business_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is day 0, never counted).

        With ``count == 0``: ``day`` if it is a working day, else the next one.
        """
        if count == 0:
            return day if self.is_working_day(day) else self.next_working_day(day)
        probe = day
        for _ in range(count):
            probe = self.next_working_day(probe)
        return probe

    def working_days_between(self, first: date, last: date) -> int:
        """Working days in ``first..last`` inclusive."""
        count, probe = 0, first
        while probe <= last:
            count += self.is_working_day(probe)
            probe += timedelta(days=1)
        return count

    def local_date(self, instant: datetime) -> date:
        """The date of ``instant`` in this calendar's zone; a bare date is its own day."""
        from pmkit.model import BareDate

        if isinstance(instant, BareDate):
            # "2025-06-16" names a day, not its first instant in some other zone: read as
            # midnight UTC it would be 15 June in New York, a business day too early.
            return instant.date()
        return instant.astimezone(self.zone).date()

    def at(self, day: date, clock: time = END_OF_DAY) -> datetime:
        """The instant of wall-clock ``clock`` on ``day`` in this calendar's zone, in UTC.

        A wall time that does not exist (inside a spring-forward gap) is the instant the
        clocks jumped past it: a deadline at the end of the Saturday on which Nuuk
        (America/Nuuk) moves its clocks from 23:00 to midnight runs out when that Saturday
        ends. Read with either offset instead, it would run out an hour into Sunday or at 22:59
        on Saturday. A wall time that exists twice takes the first (a ``due_time`` of 01:30 on
        the night the clocks go back at 02:00 is the first 01:30), except the end of the day
        (:data:`END_OF_DAY`), which is the day's last instant: where the clocks go back at
        midnight (America/Santiago, America/Nuuk) the last hour of the day happens twice and
        the day ends at the second 23:59:59, an hour after the first.
        """
        local = datetime.combine(day, clock, tzinfo=self.zone)
        instant = local.astimezone(UTC)
        if instant.astimezone(self.zone).replace(tzinfo=None) == local.replace(tzinfo=None):
            if clock == END_OF_DAY:
                last = local.replace(fold=1).astimezone(UTC)
                if last.astimezone(self.zone).replace(tzinfo=None) == local.replace(tzinfo=None):
                    return max(instant, last)
            return instant
        return _jump(local.replace(fold=1).astimezone(UTC), instant, self.zone)


@lru_cache(maxsize=4096)
def _exists(zone: tzinfo, day: date) -> bool:
    """See :meth:`WorkCalendar.exists`."""
    noon = datetime.combine(day, NOON, tzinfo=zone)
    if noon.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == noon.replace(tzinfo=None):
        return True
    # Noon was skipped: the day happened if its first instant (or the jump past it) is on it.
    return WorkCalendar(zone=zone).at(day, time(0)).astimezone(zone).date() == day


def _may_skip(zone: tzinfo, first: date, last: date) -> bool:
    """Whether ``zone`` may have skipped a date between ``first`` and ``last``: only a move of
    the clocks forward by most of a day does (across the date line), which daylight-saving
    time never is."""
    def offset(day: date) -> timedelta:
        noon = datetime.combine(day, NOON, tzinfo=UTC)
        return noon.astimezone(zone).utcoffset() or timedelta(0)

    # (two days beyond each end: noon UTC of a date may already be past the move, as noon UTC
    # of 30 December 2011 was 02:00 on the 31st in Apia)
    return offset(last + timedelta(days=2)) - offset(first - timedelta(days=2)) > timedelta(hours=12)


def _jump(before: datetime, after: datetime, zone: tzinfo) -> datetime:
    """The instant (UTC) between ``before`` and ``after`` at which ``zone`` took the offset it
    has at ``after``: zone transitions fall on whole seconds, so a search over seconds finds it."""
    target = after.astimezone(zone).utcoffset()
    low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    if zone is UTC:
        return "UTC"
    return str(zone)


@lru_cache(maxsize=64)
def country_holidays(country: str, subdivision: str | None) -> Any:
    """The ``holidays`` object for a country (and subdivision); raises ValueError if unknown."""
    import holidays

    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as exc:
        raise ValueError(str(exc)) from None


def add_months(day: date, months: int) -> date:
    """Same date ``months`` later, or the last day of that month when it has no such date."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    import calendar as _stdcal  # (here: with the locale module it imports, ~1 ms of every check)

    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def parse_clock(text: str | None) -> time:
    if not text:
        return END_OF_DAY
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def compute_deadline(
    anchor: datetime,
    deadline: Deadline,
    calendar: WorkCalendar,
    *,
    undue_delay_hours: float = 72.0,
    cap_anchor: datetime | None = None,
) -> datetime:
    """The instant (UTC) when a clock that started at ``anchor`` runs out.

    ``cap_anchor`` is the anchor of ``deadline.not_later_than`` (DORA: awareness): the
    deadline is the earlier of the two limbs, unless the main anchor itself comes after the
    cap has run out (late classification, RTS 2025/301 Art. 5(2)), when the main limb alone
    applies.
    """
    start = _utc(anchor)
    kind = deadline.kind
    if kind in ("hours", "undue_delay"):
        hours = deadline.hours if deadline.hours is not None else undue_delay_hours
        due = start + timedelta(hours=hours)
    else:
        first = calendar.local_date(anchor)
        clock = parse_clock(deadline.due_time)
        if kind == "days":
            last = calendar.add_days(first, deadline.days or 0)
        elif kind == "business_days":
            last = calendar.add_business_days(first, deadline.business_days or 0)
        else:
            last = add_months(first, deadline.months or 0)
        if deadline.rollover == "eu":
            last = _eu_end(first, last, calendar, two_days=kind == "months" or (deadline.days or 0) >= 2)
        due = calendar.at(last, clock)
    if deadline.not_later_than is not None and cap_anchor is not None:
        cap = _utc(cap_anchor) + timedelta(hours=deadline.not_later_than.hours)
        if start <= cap:
            due = min(due, cap)
    if deadline.rollover == "noon-next-working-day":
        local_day = calendar.local_date(due)
        if not calendar.is_working_day(local_day):
            due = calendar.at(calendar.next_working_day(local_day), NOON)
    return due


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC as a plain datetime (a bare date's type would follow the arithmetic)."""
    return datetime.combine(moment.date(), moment.timetz()).astimezone(UTC)


def _eu_end(first: date, last: date, calendar: WorkCalendar, *, two_days: bool) -> date:
    """Reg. 1182/71 Art. 3(4)-(5): roll a non-working last day; keep two working days."""
    if not calendar.is_working_day(last):
        last = calendar.next_working_day(last)
    if two_days:
        period_start = first + timedelta(days=1)
        while calendar.working_days_between(period_start, last) < 2:
            last = calendar.next_working_day(last)
    return last


# --- rendering --------------------------------------------------------------------------------


def render(instant: datetime, zone: tzinfo, *, seconds: bool = False) -> str:
    """``2026-03-31 23:59 CEST``: an instant in a zone, to the minute (``seconds``: to the
    second, for two instants within the same minute)."""
    local = instant.astimezone(zone)
    name = _offset_name(local.tzname() or zone_name(zone))
    return f"{local:%Y-%m-%d %H:%M:%S} {name}" if seconds else f"{local:%Y-%m-%d %H:%M} {name}"


def _offset_name(name: str) -> str:
    """A zone's abbreviation as a reader takes it. Zones without a letter abbreviation go by
    their offset in the tz database ("-03" for America/Sao_Paulo, "+0545" for Asia/Kathmandu):
    "09:00 -03" reads as a subtraction, so they are shown as fixed offsets are, "UTC-03:00"."""
    digits = re.fullmatch(r"([+-])(\d{2})(\d{2})?", name)
    if digits is None:
        return name
    sign, hours, minutes = digits.groups()
    return f"UTC{sign}{hours}:{minutes or '00'}"


def render_both(instant: datetime, zone: tzinfo, extra: tzinfo | None = None, *,
                seconds: bool = False) -> str:
    """The instant in ``zone``, in ``extra`` when its clock differs, and in UTC.

    ``2026-03-30 10:00 CEST (2026-03-30 08:00 UTC)``. A fixed offset (a document without a
    declared zone) gives way to ``extra`` when both show the same clock time, so that the
    named zone (EDT) is shown rather than UTC-04:00.
    """
    if extra is not None and instant.astimezone(extra).utcoffset() == instant.astimezone(zone).utcoffset():
        if getattr(zone, "key", None) is None and zone_name(extra) != "UTC":
            zone = extra
        extra = None
    parts = [render(instant, zone, seconds=seconds)]
    if extra is not None and zone_name(extra) != "UTC":
        parts.append(render(instant, extra, seconds=seconds))
    if zone_name(zone) != "UTC":
        parts.append(render(instant, UTC, seconds=seconds))
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} ({', '.join(parts[1:])})"


def human_duration(delta: timedelta) -> str:
    """``3 days 4 h``, ``5 h 12 min``, ``40 min``, ``30 s`` (sign ignored)."""
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        out = f"{days} day{'s' if days != 1 else ''}"
        return out + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    if minutes:
        return f"{minutes} min"
    # Under a minute the seconds are the whole story ("30 s late"); fractions are not shown.
    return f"{rest} s" if rest else "less than a second"


__all__ = [
    "HolidaysUnknown",
    "WorkCalendar",
    "add_months",
    "compute_deadline",
    "country_holidays",
    "human_duration",
    "render",
    "render_both",
]
