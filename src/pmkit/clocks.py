"""Disclosure clocks of one postmortem: which apply, when each started, when it runs out, and
whether (and when) it was met. Shared by the PM4xx rules and ``pmkit due``.

Settings (validated here, errors are :class:`~pmkit.config.ConfigError`)::

    [tool.pmkit.disclosure]
    policy = "internal"            # a preset applied to every file, listed or not (default: none)
    enable = ["eu-ai-act"]         # opt in to presets that are not in force
    undue_delay_hours = 72         # target for "without undue delay" clocks
    sign_off_roles = ["accountable executive"]   # overrides the policy's sign_off.roles

    [tool.pmkit.calendar]          # the team's working days (and the EU Member State's)
    country = "DE"
    subdivision = "BY"
    timezone = "Europe/Berlin"
    extra_holidays = ["2026-12-24"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from pmkit.calendar import (
    DAY_NAMES,
    END_OF_DAY,
    MAX_SCAN,
    HolidaysUnknown,
    WorkCalendar,
    compute_deadline,
    human_duration,
    render_both,
    zone_name,
)
from pmkit.config import (
    MAX_HOURS,
    MAX_YEARS,
    POSITIVE_HOURS,
    check_keys,
    did_you_mean,
    shown,
    team_timezone,
)
from pmkit.policies import (
    CHAINED_PREFIXES,
    DISCLOSURE_ANCHORS,
    MILESTONE_ANCHORS,
    SEVERITIES,
    YEAR_END_PREFIX,
    Calendar,
    Deadline,
    Policy,
    Stage,
    policies,
)

if TYPE_CHECKING:
    from pmkit.config import Config
    from pmkit.gitdates import FileDates
    from pmkit.loader import FieldPath
    from pmkit.model import Postmortem

UTC = timezone.utc
_DISCLOSURE_KEYS = {"policy", "enable", "undue_delay_hours", "sign_off_roles", "sign_off_severities"}
_CALENDAR_KEYS = {"country", "subdivision", "timezone", "extra_holidays", "working_days", "weekend"}


# --- settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """``[tool.pmkit.disclosure]``, ``[tool.pmkit.calendar]`` and the presets, validated."""

    presets: dict[str, Policy]
    #: A preset applied to every postmortem whether ``disclosure.regimes`` lists it or not.
    policy: str | None = None
    enable: tuple[str, ...] = ()
    undue_delay_hours: float = 72.0
    sign_off_roles: tuple[str, ...] | None = None
    sign_off_severities: tuple[str, ...] | None = None
    calendar: Calendar = field(default_factory=Calendar)
    #: The team's zone by the settings (:func:`pmkit.config.team_timezone`), None for none.
    team_timezone: str | None = None

    def enabled(self, policy: Policy) -> bool:
        """Whether the policy's clocks run: in force, or opted in with ``enable``. Naming a
        preset as the ``policy`` every file is held to opts in as well: its clocks ran for the
        files that did not list it, and a file that listed it got PM409, 'not checked'."""
        return policy.in_force or policy.id in self.enable or policy.id == self.policy

    def undue_delay(self, policy: Policy) -> float:
        return policy.undue_delay_hours or self.undue_delay_hours


def check_regimes(config: Config, regimes: list[str]) -> None:
    """PM411's ``regimes``: preset ids, which the option alone cannot know (the configured
    presets count too)."""
    from pmkit.config import ConfigError

    presets = policies(config)
    for item in regimes:
        if item not in presets:
            origin = str(config.source) if config.source else "configuration"
            raise ConfigError(f"{origin}: rules.PM411.regimes names '{item}', which is not a preset"
                              f"{did_you_mean(item, presets)}")


def settings(config: Config) -> Settings:
    """Validate the disclosure and calendar tables of ``config``."""
    from pmkit.config import ConfigError

    origin = str(config.source) if config.source else "configuration"
    presets = policies(config)
    table = config.section("disclosure")
    where = f"{origin}: [tool.pmkit.disclosure]"
    check_keys(table, _DISCLOSURE_KEYS, where)
    policy = table.get("policy", "")
    if not isinstance(policy, str):
        raise ConfigError(f"{where}: policy must be a preset id such as \"internal\", or \"\" for none")
    if policy and policy not in presets:
        raise ConfigError(f"{where}: policy '{policy}' is not a preset{did_you_mean(policy, presets)}")
    enable = _strings(table.get("enable", []), f"{where}: enable")
    for item in enable:
        if item not in presets:
            raise ConfigError(f"{where}: enable names '{item}', which is not a preset"
                              f"{did_you_mean(item, presets)}")
    undue = table.get("undue_delay_hours", 72)
    if isinstance(undue, bool) or not isinstance(undue, (int, float)) or not POSITIVE_HOURS.contains(undue):
        raise ConfigError(f"{where}: undue_delay_hours must be a positive number of hours, at most "
                          f"{MAX_HOURS} ({MAX_YEARS} years), got {shown(undue)}")
    roles = table.get("sign_off_roles")
    sevs = table.get("sign_off_severities")
    if sevs is not None:
        sevs = _strings(sevs, f"{where}: sign_off_severities")
        for sev in sevs:
            if sev not in SEVERITIES:
                raise ConfigError(f"{where}: sign_off_severities: '{sev}' is not one of "
                                  f"{', '.join(SEVERITIES)}")
    calendar = parse_calendar(config.section("calendar"), f"{origin}: [tool.pmkit.calendar]")
    configured = config.section("policies")
    for preset in presets.values():
        # Built-in presets' calendars are known good; checking them would load holiday tables
        # (e.g. the US ones of sec-8k) on runs that never use them.
        if preset.calendar is not None and preset.id in configured:
            parse_calendar(preset.calendar.model_dump(exclude_defaults=True),
                           f"{origin}: [tool.pmkit.policies.{preset.id}.calendar]")
    return Settings(
        presets=presets,
        policy=policy or None,
        enable=tuple(enable),
        undue_delay_hours=float(undue),
        sign_off_roles=tuple(_strings(roles, f"{where}: sign_off_roles")) if roles is not None else None,
        sign_off_severities=tuple(sevs) if sevs is not None else None,
        calendar=calendar,
        team_timezone=team_timezone(config),
    )


def parse_calendar(table: dict[str, Any], where: str) -> Calendar:
    """Validate a calendar table (country and subdivision known to ``holidays``, dates, zone)."""
    from pydantic import ValidationError

    from pmkit.calendar import country_holidays
    from pmkit.config import ConfigError
    from pmkit.vocabulary import MAX_YEAR, MIN_YEAR, resolve_zone

    check_keys(table, _CALENDAR_KEYS, where)
    try:
        spec = Calendar.model_validate(table)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{where}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    _refuse_empty_texts(spec, where)
    if spec.subdivision and not spec.country:
        raise ConfigError(f"{where}: subdivision '{spec.subdivision}' needs a country")
    if spec.country:
        try:
            country_holidays(spec.country, spec.subdivision)
        except ValueError as exc:
            raise ConfigError(f"{where}: {_holidays_problem(spec.country, spec.subdivision, exc)}") from None
    if spec.timezone and resolve_zone(spec.timezone) is None:
        raise ConfigError(f"{where}: timezone '{spec.timezone}' is not an IANA time zone")
    for key in ("extra_holidays", "working_days"):
        for text in getattr(spec, key):
            try:
                listed = date.fromisoformat(text)
            except ValueError:
                raise ConfigError(f"{where}: {key}: '{text}' is not a date such as 2025-01-09") from None
            if not MIN_YEAR <= listed.year <= MAX_YEAR:
                raise ConfigError(f"{where}: {key}: '{text}' is outside the years {MIN_YEAR} to {MAX_YEAR}")
    for day_name in spec.weekend or []:
        if day_name.lower()[:3] not in DAY_NAMES:
            raise ConfigError(f"{where}: weekend: '{day_name}' is not a day name such as Saturday")
    if spec.weekend is not None and len({d.lower()[:3] for d in spec.weekend}) == len(DAY_NAMES):
        raise ConfigError(f"{where}: weekend names all seven days; leave at least one working day "
                          "(business-day clocks count working days)")
    closed = _longest_closure(spec)
    if closed is not None:
        start, end = closed
        raise ConfigError(f"{where}: extra_holidays leave no working day from {start} to {end}; "
                          f"a calendar needs a working day at least every {MAX_SCAN} days")
    return spec


# What each text setting of a calendar takes, for the message that refuses an empty one.
_CALENDAR_TEXTS = {
    "country": "the ISO 3166-1 code of a country the holidays package knows, such as DE, CH or US",
    "subdivision": "the code of one of the country's subdivisions (state, canton...), such as BY",
    "timezone": "an IANA time zone, such as Europe/Berlin",
}


def _refuse_empty_texts(spec: Calendar, where: str) -> None:
    """ConfigError for a calendar's ``country``, ``subdivision`` or ``timezone`` given as "":
    it was taken as not set (no public holidays, no zone) without a word, while an empty
    entry of a list is refused."""
    from pmkit.config import ConfigError

    for key, instead in _CALENDAR_TEXTS.items():
        if getattr(spec, key) == "":
            raise ConfigError(f"{where}: {key} is empty, which names nothing; write {instead}, or leave "
                              f"{key} out")


def _holidays_problem(country: str, subdivision: str | None, exc: ValueError) -> str:
    """What is wrong with a calendar's ``country`` or ``subdivision``, with the code meant.

    The ``holidays`` package says "Country de not available" or "Entity `DE` does not have
    subdivision by": neither names the setting nor says that the codes are upper-case ISO
    3166 codes ('DE', 'BY'), which is what a team that wrote them in lower case needs to hear.
    """
    import holidays

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    if country not in supported:
        close = did_you_mean(country.upper() if country.upper() in supported else country, list(supported))
        return (f"country {shown(country)} is not a country the holidays package knows{close}; "
                "write its ISO 3166-1 code, such as DE, CH or US")
    if subdivision is not None:
        known = [str(code) for code in supported[country]]
        meant = subdivision.upper() if subdivision.upper() in known else subdivision
        close = did_you_mean(meant, known)
        listed = ", ".join(known) if len(known) <= 40 else ", ".join(known[:40]) + ", ..."
        return (f"subdivision {shown(subdivision)} is not a subdivision of {country} the holidays "
                f"package knows{close}; its subdivisions are {listed}")
    return str(exc)


def _longest_closure(spec: Calendar) -> tuple[date, date] | None:
    """The first stretch of a year or more without a working day that the calendar's
    ``extra_holidays`` close (with its weekend and public holidays), or None.

    Business-day clocks look at most a year ahead for the next working day, so such a
    stretch would fail every deadline that falls into it. Only stretches that contain extra
    holidays are looked for: a weekend that leaves a working day, and public holidays, never
    close a whole year on their own.
    """
    calendar = work_calendar(spec, UTC)
    one_day = timedelta(days=1)
    checked: set[date] = set()
    for day in sorted(calendar.extra_holidays):
        if day in checked or calendar.is_working_day(day):
            continue
        first = last = day
        while first > date.min and not calendar.is_working_day(first - one_day):
            first -= one_day
        while last < date.max and not calendar.is_working_day(last + one_day):
            last += one_day
            checked.add(last)
        if (last - first).days + 1 >= MAX_SCAN:
            return first, last
    return None


def _strings(value: Any, where: str) -> list[str]:
    from pmkit.config import ConfigError, not_strings, without_empty_entries

    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where} must be a list of strings, got {not_strings(value)}")
    return without_empty_entries(list(items), where)


def work_calendar(spec: Calendar, zone: tzinfo) -> WorkCalendar:
    """A :class:`WorkCalendar` for a validated spec, in ``zone`` unless the spec names one."""
    from pmkit.vocabulary import resolve_zone

    if spec.timezone:
        zone = resolve_zone(spec.timezone) or zone
    holidays_obj_weekend: frozenset[int] | None = None
    if spec.weekend is not None:
        holidays_obj_weekend = frozenset(DAY_NAMES.index(d.lower()[:3]) for d in spec.weekend)
    elif spec.country:
        from pmkit.calendar import country_holidays

        weekend = getattr(country_holidays(spec.country, spec.subdivision), "weekend", None)
        if weekend:
            holidays_obj_weekend = frozenset(int(d) for d in weekend)
    return WorkCalendar(
        zone=zone,
        country=spec.country,
        subdivision=spec.subdivision,
        extra_holidays=frozenset(date.fromisoformat(d) for d in spec.extra_holidays),
        working_days=frozenset(date.fromisoformat(d) for d in spec.working_days),
        weekend=holidays_obj_weekend if holidays_obj_weekend is not None else frozenset({5, 6}),
    )


# --- clocks ----------------------------------------------------------------------------------


@dataclass
class Clock:
    """One stage of one policy for one postmortem."""

    policy: Policy
    stage_name: str
    stage: Stage
    spec: Deadline
    calendar: WorkCalendar
    doc_zone: tzinfo
    #: Index of the policy in ``disclosure.regimes`` (None: applied by [disclosure] policy).
    regime_index: int | None
    anchor: str
    anchor_at: datetime | None = None
    #: The anchor is another stage's submission that has not happened yet.
    waiting: bool = False
    #: Timestamps that are not recorded (the main anchor's, or the cap limb's): the field
    #: itself, ``discovered_at`` for ``year_end:discovered_at``.
    missing: list[str] = field(default_factory=list)
    deadline: datetime | None = None
    #: When the stage was met (None: not met, or met at an unknown time: see ``done``).
    done_at: datetime | None = None
    done: bool = False
    #: Where the evidence is: a field path, and a description ("disclosure.published_at", a commit).
    done_path: FieldPath | None = None
    done_source: str = ""
    late_reason: str | None = None
    undue_delay_hours: float = 72.0
    #: Why the deadline cannot be computed although the anchor is known (a count that runs past
    #: the years the calendar's holidays are known for).
    uncomputable: str | None = None
    #: A notification of this stage recorded without ``sent_at`` (planned, or date forgotten).
    undated: int | None = None
    #: The main anchor came after the ``not_later_than`` limit had run out (DORA: classified as
    #: major more than 24 h after awareness), so that limit does not apply (RTS Art. 5(2)).
    cap_passed: bool = False
    #: No zone is declared, and the clock's days are counted in this UTC offset: the one its
    #: anchor is written in, or zero (UTC) for an anchor written in UTC or as a date alone.
    #: None: the days are counted in a declared zone, or the clock counts no days.
    counted_offset: timedelta | None = None
    #: No zone is declared anywhere: times are shown in the offset the anchor is written in.
    in_written_offsets: bool = False
    #: The moment the duty begins: the anchor, or for a count from the end of a year, the moment
    #: in that year it counts from (``discovered_at`` for ``year_end:discovered_at``).
    starts_at: datetime | None = None
    #: Where the limit fell when that was no working day, and it moved to noon of the next one
    #: (``rollover = "noon-next-working-day"``, DORA's RTS Art. 5(4)); else None.
    moved_from: datetime | None = None

    @property
    def soft(self) -> bool:
        return self.spec.undue_delay

    @property
    def label(self) -> str:
        """``nis2 early-warning``, ``gdpr-art33 notification``."""
        return f"{self.policy.id} {self.stage_name}"

    @property
    def audience(self) -> str:
        return self.policy.stage_audience(self.stage_name)

    def state(self, now: datetime) -> str:
        """met, late, done (time unknown), open, overdue, waiting, no-anchor, or uncomputable."""
        if self.uncomputable:
            return "uncomputable"  # met or not, nothing can be said without the deadline
        # Evidence dated after ``now`` has not happened yet at ``now`` (--now as a time machine).
        if self.done and not (self.done_at is not None and self.done_at > now):
            if self.done_at is None or self.deadline is None:
                return "done"
            return "late" if self.is_late() else "met"
        if self.waiting or self.not_started(now):
            return "waiting"  # on an earlier report, or an anchor, that at ``now`` has not happened yet
        if self.deadline is None:
            return "no-anchor"
        return "overdue" if now > self.deadline else "open"

    def not_started(self, now: datetime) -> bool:
        """Whether the moment the clock counts from comes after ``now``: an earlier report sent
        later, or an anchor dated later (PM417: until then no clock counts from it). At ``now``
        the clock is not running, and a deadline counted from that moment does not exist yet."""
        return self.starts_at is not None and self.starts_at > now

    def is_late(self) -> bool:
        """Whether the stage was met after its deadline. A date without a time of day
        (``sent_at: 2025-12-04``) names a day, not its midnight: it is late when that day comes
        after the deadline's day in the calendar's zone, and counts as in time on the deadline's
        own day, which it may have met."""
        assert self.done_at is not None and self.deadline is not None
        if _bare(self.done_at):
            return self.done_at.date() > self.calendar.local_date(self.deadline)
        return self.done_at > self.deadline

    def lateness(self) -> str:
        """How late it was met (``1 h 30 min``); in days for a date without a time of day, which
        gives no hours to count."""
        assert self.done_at is not None and self.deadline is not None
        if _bare(self.done_at):
            days = (self.done_at.date() - self.calendar.local_date(self.deadline)).days
            return f"{days} day{'s' if days != 1 else ''}"
        late = self.done_at - self.deadline
        if late < timedelta(seconds=1) and self.deadline.astimezone(self.calendar.zone).timetz().replace(
                tzinfo=None) == END_OF_DAY:
            # A deadline at a day's end is its last instant, shown as 23:59: done at midnight it
            # is a microsecond late, which "less than a second late" beside 23:59 and 00:00 said.
            return "less than a minute"
        return human_duration(late)

    def evidence_offset(self) -> timedelta | None:
        """The UTC offset the evidence (a notice's ``sent_at``, ``published_at``) is written in,
        when no zone is declared, the clock counts days in the offset its anchor is written in,
        and that offset is another one; else None.

        An anchor written in CEST (+02:00) in October and a notice written in CET (+01:00) on the
        60th day, 30 November at 23:30: a fixed offset knows no daylight-saving time, so the
        last day counted in the anchor's offset ended at 23:00 by the clocks of the notice.
        Which of the two is the organisation's is not known without a zone; messages say so."""
        if (self.counted_offset is None or self.done_at is None or _bare(self.done_at)
                or self.done_path is None):
            return None
        offset = self.done_at.utcoffset()
        return None if offset is None or offset == self.counted_offset else offset

    def before_anchor(self) -> bool:
        """Whether the evidence is dated before the clock's start; by the day (in the calendar's
        zone) when either is a date without a time of day: a notice sent on the day its clock
        started is not before it."""
        assert self.done_at is not None and self.anchor_at is not None
        if _bare(self.done_at) or _bare(self.anchor_at):
            return self.calendar.local_date(self.done_at) < self.calendar.local_date(self.anchor_at)
        return self.done_at < self.anchor_at

    def sent_before_anchor(self) -> bool:
        """Whether the clock's evidence is a notice dated before the moment its clock starts
        (PM414): one of the two dates is wrong, and whether the clock was met cannot be told.
        Stages that count from another report's submission or from the end of a year are left
        out (an early report may be allowed there)."""
        return (self.stage.evidence == "notification" and self.done_at is not None
                and self.anchor_at is not None and not self.chained
                and not self.anchor.startswith(YEAR_END_PREFIX) and self.before_anchor())

    def anchor_without_time(self) -> str | None:
        """For a clock of hours whose anchor was written as a date alone (``aware_at:
        2025-03-28``): that it counts from the start of that day, the strict reading, which may
        make a notice sent in time look late; None otherwise. A clock of days counts whole
        days, and a date is all it needs. The same holds for a clock chained to an earlier
        report sent on a date alone (DORA's intermediate report, 72 h after an initial one
        recorded as ``sent_at: 2026-06-16``)."""
        if (self.anchor_at is None or not _bare(self.anchor_at)
                or self.spec.kind not in ("hours", "undue_delay")):
            return None
        start = datetime.combine(self.anchor_at.date(), self.anchor_at.timetz())
        return (f"{self.anchor_name} gives no time of day: counted from the start of that day, "
                f"{render_both(start, self.doc_zone, self.calendar.zone)}")

    @property
    def anchor_name(self) -> str:
        """``aware_at``, ``the 'detected' milestone`` for a timeline anchor, ``the initial's
        sent_at`` for a clock that counts from an earlier report."""
        for prefix in CHAINED_PREFIXES:
            if self.anchor.startswith(prefix):
                return f"the {self.anchor.removeprefix(prefix)}'s sent_at"
        base = self.anchor.removeprefix(YEAR_END_PREFIX)
        return f"the '{base}' milestone" if base in MILESTONE_ANCHORS else base

    @property
    def chained(self) -> bool:
        """Whether the clock starts when an earlier stage was submitted."""
        return self.anchor.startswith(CHAINED_PREFIXES)

    def when(self, instant: datetime, *, seconds: bool = False) -> str:
        """An instant in the document's zone, the calendar's zone (if different) and UTC; a date
        written without a time of day as that date (its midnight in UTC would show another day
        in New York, and a time nobody wrote)."""
        if _bare(instant):
            return f"{instant.date().isoformat()} (date only)"
        return render_both(instant, self.doc_zone, self.calendar.zone, seconds=seconds)

    def same_minute(self, done: datetime, due: datetime) -> bool:
        """Whether ``done`` falls in the minute of ``due``: both are then shown to the second."""
        return not _bare(done) and render_both(done, self.doc_zone) == render_both(due, self.doc_zone)

    def deadline_to_second(self, done: datetime | None) -> bool:
        """Whether the deadline is shown to the second beside ``done``, the evidence shown with it:
        when it has seconds and ``done`` falls in its minute. "23:59" beside a notice sent at
        23:59:30 read as late, where the day's deadline is its last instant, 23:59:59; a deadline
        on the minute reads right to the minute ("09:00" beside "09:00:01")."""
        return (done is not None and self.deadline is not None
                and bool(self.deadline.second or self.deadline.microsecond)
                and self.same_minute(done, self.deadline))

    def deadline_stamp(self, zone: tzinfo, done: datetime | None) -> str:
        """The deadline in ``zone`` for JSON, beside ``done`` (see :meth:`deadline_to_second`)."""
        assert self.deadline is not None
        spec = "seconds" if self.deadline_to_second(done) else "minutes"
        if (spec == "seconds" and done is not None and done.microsecond
                and done.replace(microsecond=0) == self.deadline.replace(microsecond=0)):
            # Within the deadline's second (a day's end, 23:59:59.999999): "23:59:59" beside a
            # notice of 23:59:59.5 read as late, which it is not.
            spec = "microseconds"
        return self.deadline.astimezone(zone).isoformat(timespec=spec)

    def when_pair(self, done: datetime, due: datetime) -> tuple[str, str]:
        """``done`` and ``due`` as :meth:`when` shows them; to the second when they fall in the
        same minute, where "sent 10:00, due 10:00" would not show what was late."""
        close = self.same_minute(done, due)
        offset = self.evidence_offset() if done is self.done_at else None
        if offset is None and done is self.done_at and self.in_written_offsets and not _bare(done):
            # No zone anywhere: the deadline is shown in the anchor's offset. A notice written in
            # another (10:00+02:00 after the clocks went forward, the anchor in +01:00) read as
            # '09:00 UTC+01:00', a time nobody wrote: it is shown as written, with UTC.
            written = done.utcoffset()
            if written is not None and written != due.astimezone(self.doc_zone).utcoffset():
                offset = written
        if offset is not None:  # as written: shown in the anchor's offset, it read as another time
            return render_both(done, timezone(offset), seconds=close), self.when(due, seconds=close)
        return self.when(done, seconds=close), self.when(due, seconds=close)

    def describe_deadline(self) -> str:
        """``72 h after aware_at``, ``4 business days after materiality_determined_at``; with
        the offset the days are counted in when no zone is declared, and where the limit fell
        when it moved to noon of the next working day."""
        return self.describe_rule() + self._moved()

    def describe_rule(self) -> str:
        """:meth:`describe_deadline` without where the limit fell: the rule the clock counts by."""
        return self._describe() + self._counted_in()

    def _moved(self) -> str:
        if self.moved_from is None:
            return ""
        day = self.calendar.local_date(self.moved_from)
        weekday = _WEEKDAYS[day.weekday()]
        name = self.calendar.holiday(day)
        why = f"a {weekday}" if name is None or name.endswith("(weekend)") else f"{name}, a holiday"
        return (f"; that fell on {self.when(self.moved_from)}, {why}, so it moves to noon of the next "
                "working day")

    def _counted_in(self) -> str:
        """Where the days are counted, when no zone is declared and they are counted in the
        offset the anchor is written in, which knows no daylight-saving time."""
        if not self.counted_offset:  # UTC: every time shown says so
            return ""
        name = zone_name(timezone(self.counted_offset))
        anchor = self.anchor.removeprefix(YEAR_END_PREFIX) if self.anchor.startswith(YEAR_END_PREFIX) \
            else self.anchor_name
        # A clock of hours that moves a limit on a weekend day to noon (DORA) counts hours, not
        # days: only which day it is, and when noon is, depend on the zone.
        what = "its weekend days and noon taken" if self.spec.kind in ("hours", "undue_delay") else "counted"
        return f", {what} in {name}, the offset {anchor} is written in, as no timezone is declared"

    def zone_advice(self) -> str:
        """When the evidence is written in another UTC offset than the one the days are counted
        in (no zone declared): what that may mean and how to count in the organisation's zone;
        "" otherwise."""
        offset = self.evidence_offset()
        if offset is None or self.counted_offset is None or self.done_path is None:
            return ""
        field = str(self.done_path[-1])
        anchor = self.anchor.removeprefix(YEAR_END_PREFIX) if self.anchor.startswith(YEAR_END_PREFIX) \
            else self.anchor_name
        if self.counted_offset:
            counted = f"{zone_name(timezone(self.counted_offset))}, the offset of {anchor}"
            why = "if the clocks changed in between (daylight-saving time)"
        else:
            written = self.anchor_at is not None and not _bare(self.anchor_at)
            counted = f"UTC, {'the offset of' if written else 'as no time is written with'} {anchor}"
            why = "if the organisation is elsewhere"
        return (f"No timezone is declared, so the days were counted in {counted}, while {field} is "
                f"written in {zone_name(timezone(offset))}: {why}, set 'timezone:' "
                "(an IANA name such as Europe/Berlin) in the postmortem, or timezone in [tool.pmkit], "
                "to count the days where the organisation is.")

    def _describe(self) -> str:
        what = self.spec.describe(self.undue_delay_hours)
        anchor = self.anchor
        for prefix in CHAINED_PREFIXES:
            if anchor.startswith(prefix):
                latest = "latest " if prefix == "latest-submitted:" else ""
                anchor = f"the {latest}{anchor[len(prefix):]} was submitted"
        if anchor.startswith(YEAR_END_PREFIX):
            anchor = f"the end of the calendar year of {anchor[len(YEAR_END_PREFIX):]}"
        if self.spec.not_later_than is not None:
            base, _, rest = what.partition(", and ")
            if self.cap_passed:
                limit = self.spec.not_later_than
                hours = _hours(limit.hours)
                return (f"{base} after {anchor}, more than {hours} h after {limit.anchor}: the "
                        f"{hours}-hour limit from {limit.anchor} no longer applies")
            return f"{base} after {anchor}, and {rest}"
        return f"{what} after {anchor}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hours(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _bare(moment: datetime) -> bool:
    """Whether ``moment`` was written as a date alone (``2025-12-04``)."""
    from pmkit.model import BareDate

    return isinstance(moment, BareDate)


def stamp(moment: datetime) -> str:
    """``moment`` for JSON: ISO 8601 to the minute, to the second when it has seconds (a notice
    sent at 09:00:01 for a deadline at 09:00 is late, which "09:00" beside "09:00" hid), or the
    date alone when it was written as one (its midnight UTC would be a time nobody wrote). A
    fraction of a second is kept as written (to the millisecond, or the microsecond): a notice
    sent at 09:00:00.5 for a deadline at 09:00 is late, which "09:00" beside "09:00" hid."""
    if _bare(moment):
        return moment.date().isoformat()
    return moment.isoformat(timespec=_spec(moment))


def _spec(moment: datetime) -> str:
    """The ``timespec`` that shows all of ``moment``'s time of day."""
    if moment.microsecond:
        return "milliseconds" if moment.microsecond % 1000 == 0 else "microseconds"
    return "seconds" if moment.second else "minutes"


def applicable_policies(pm: Postmortem, st: Settings) -> list[tuple[Policy, int | None]]:
    """Known, enabled policies of a postmortem: the configured policy, then its listed regimes."""
    out: list[tuple[Policy, int | None]] = []
    seen: set[str] = set()
    regimes = pm.disclosure.regimes if pm.disclosure else []
    listed = {name: index for index, name in reversed(list(enumerate(regimes)))}
    if st.policy and st.policy in st.presets and st.policy not in listed \
            and not not_a_breach(pm, st.presets[st.policy]):
        out.append((st.presets[st.policy], None))
        seen.add(st.policy)
    for index, name in enumerate(regimes):
        preset = st.presets.get(name)
        if preset is None or name in seen or not st.enabled(preset) or not_a_breach(pm, preset):
            continue
        seen.add(name)
        out.append((preset, index))
    return out


def not_a_breach(pm: Postmortem, policy: Policy) -> bool:
    """Whether ``policy`` applies to personal data breaches only and the postmortem says the
    incident was none (``personal_data_breach: false``, an incident found not to be a breach):
    its clocks do not run. Unknown (null) is not false: the clocks run."""
    return policy.personal_data_only and pm.disclosure is not None \
        and pm.disclosure.personal_data_breach is False


def evaluate(
    pm: Postmortem,
    st: Settings,
    *,
    git: FileDates | None = None,
    now: datetime | None = None,
) -> list[Clock]:
    """Every clock of ``pm``, in policy and stage order. ``now`` (the reference time) decides
    which reports had been sent by then when a clock counts from the latest of several."""
    from pmkit.vocabulary import resolve_zone

    doc_zone = pm.zone
    team_zone = doc_zone if pm.timezone else (
        (resolve_zone(st.team_timezone) if st.team_timezone else None) or UTC)
    clocks: list[Clock] = []
    for policy, index in applicable_policies(pm, st):
        calendar = work_calendar(policy.calendar or st.calendar, team_zone)
        assigned = _assign_notifications(pm, policy)
        by_stage: dict[str, Clock] = {}
        for name, stage in policy.stages.items():
            spec = stage.deadline_for(pm.severity.value)
            if spec is None or not condition_holds(stage, pm):
                continue
            clock = Clock(policy=policy, stage_name=name, stage=stage, spec=spec, calendar=calendar,
                          doc_zone=doc_zone, regime_index=index, anchor=stage.anchor,
                          undue_delay_hours=st.undue_delay(policy))
            _evidence(clock, pm, assigned.get(name, []), git, now)
            by_stage[name] = clock
        # Anchors once every stage's evidence is known: a stage may count from the submission
        # of a stage listed after it (a team preset's tables come in any order).
        written_offset = not _zone_declared(pm, policy, st)
        for clock in by_stage.values():
            spec = clock.spec
            _anchor(clock, pm, assigned, by_stage, now)
            if written_offset and _counts_days(clock):
                _count_in_written_offset(clock, pm, assigned, by_stage, now)
            if not pm.timezone and not written_offset:
                # No zone in the document, but one for the calendar (the preset's, such as
                # sec-8k's New York, or the settings'): deadlines are shown there, where the days
                # are counted. In the offset the anchor was written in, a filing due at 17:30 EST
                # after the clocks went back was "due 18:30 UTC-04:00".
                clock.doc_zone = clock.calendar.zone
            elif not pm.timezone and clock.anchor_at is not None:
                # No declared zone: show deadlines in the offset the anchor was written in (the
                # one its days are counted in, for the end of a year).
                clock.in_written_offsets = True
                written = clock.anchor_at
                if clock.anchor.startswith(YEAR_END_PREFIX):
                    written = _resolve(clock.anchor.removeprefix(YEAR_END_PREFIX), pm, clock.calendar) \
                        or written
                offset = written.utcoffset()
                if offset:
                    clock.doc_zone = timezone(offset)
            if clock.anchor_at is not None and not pm.timezone and not written_offset:
                clock.anchor_at = _day_start(clock.anchor_at, clock.calendar)
            if clock.anchor_at is not None:
                cap_at = None
                if spec.not_later_than is not None:
                    cap_at = _resolve(spec.not_later_than.anchor, pm, clock.calendar)
                    if cap_at is not None and not pm.timezone and not written_offset:
                        cap_at = _day_start(cap_at, clock.calendar)
                    if cap_at is None:
                        clock.missing.append(spec.not_later_than.anchor.removeprefix(YEAR_END_PREFIX))
                    else:
                        limit = timedelta(hours=spec.not_later_than.hours)
                        clock.cap_passed = clock.anchor_at > cap_at + limit
                try:
                    clock.deadline = compute_deadline(clock.anchor_at, spec, clock.calendar,
                                                      undue_delay_hours=clock.undue_delay_hours,
                                                      cap_anchor=cap_at)
                    if spec.rollover == "noon-next-working-day":
                        # Said with the deadline: "4 h after classified_major_at" alone did not
                        # tell why a limit of Saturday 00:30 was Monday 12:00.
                        unmoved = compute_deadline(
                            clock.anchor_at, spec.model_copy(update={"rollover": "none"}), clock.calendar,
                            undue_delay_hours=clock.undue_delay_hours, cap_anchor=cap_at)
                        clock.moved_from = unmoved if unmoved != clock.deadline else None
                except HolidaysUnknown as exc:
                    clock.uncomputable = str(exc)
            clock.starts_at = clock.anchor_at
            if clock.anchor.startswith(YEAR_END_PREFIX):
                clock.starts_at = _resolve(clock.anchor.removeprefix(YEAR_END_PREFIX), pm, clock.calendar)
            clocks.append(clock)
    return clocks


def _day_start(moment: datetime, calendar: WorkCalendar) -> datetime:
    """``moment``; a date written alone (``aware_at: 2026-03-08``) in a document without a
    ``timezone`` as the start of that day in the calendar's zone, the one the settings or the
    preset name (the model reads it as midnight UTC, the document naming no zone). A clock of
    hours counts "from the start of that day": in New York that is 00:00 EST, 05:00 UTC, not
    19:00 EST of the day before."""
    from pmkit.model import BareDate

    if not _bare(moment) or calendar.zone is UTC:
        return moment
    local = calendar.at(moment.date(), time(0)).astimezone(calendar.zone)
    offset = local.utcoffset() or timedelta(0)
    return BareDate.combine(moment.date(), local.time(), tzinfo=timezone(offset))


def _zone_declared(pm: Postmortem, policy: Policy, st: Settings) -> bool:
    """Whether anyone said in which zone the organisation counts its days: the document's
    ``timezone``, the preset's calendar's own, or the team's by the settings
    (:func:`pmkit.config.team_timezone`)."""
    return bool(pm.timezone or (policy.calendar and policy.calendar.timezone) or st.team_timezone)


def _counts_days(clock: Clock) -> bool:
    """Whether the clock counts dates (days, business days, months, a year's end) or moves a
    limit that falls on a weekend day to noon of the next working day (DORA), where the zone
    decides which day a moment falls on; other hour clocks count instants."""
    return (clock.spec.kind not in ("hours", "undue_delay") or clock.anchor.startswith(YEAR_END_PREFIX)
            or clock.spec.rollover == "noon-next-working-day")


def _count_in_written_offset(clock: Clock, pm: Postmortem, assigned: dict[str, list[int]],
                             by_stage: dict[str, Clock], now: datetime | None) -> None:
    """Count the clock's days in the UTC offset its anchor was written in, when no zone is
    declared. Discovered at ``2026-12-31T20:00:00-05:00`` is 31 December where the
    organisation is: counted in UTC it was 1 January, so HIPAA's annual report ran from the end
    of the wrong year, and every day clock from an evening anchor ended a day late."""
    base = clock.anchor_at
    if clock.anchor.startswith(YEAR_END_PREFIX):
        base = _resolve(clock.anchor.removeprefix(YEAR_END_PREFIX), pm, clock.calendar)
    if base is None:
        return
    offset = None if _bare(base) else base.utcoffset()
    if offset is None or offset == timedelta(0):
        clock.counted_offset = timedelta(0)  # in UTC, the default zone
        return
    from dataclasses import replace

    clock.calendar = replace(clock.calendar, zone=timezone(offset))
    clock.counted_offset = offset
    if clock.anchor.startswith(YEAR_END_PREFIX):
        _anchor(clock, pm, assigned, by_stage, now)


def condition_holds(stage: Stage, pm: Postmortem) -> bool:
    cond = stage.when
    if cond is None:
        return True
    users = pm.impact.users_affected if pm.impact else None
    if users is None:
        # Unknown size: the stricter stage (the threshold one) applies, the small-breach one not.
        return cond.users_affected_max is None
    if cond.users_affected_min is not None and users < cond.users_affected_min:
        return False
    return not (cond.users_affected_max is not None and users > cond.users_affected_max)


#: Per audience of a stage, the audiences of a notification that reach it. A notice to the
#: affected people may go to them as customers, or as a public communication where telling each
#: would take disproportionate effort (GDPR Art. 34(3)(c); HIPAA's substitute notice); a Form 8-K
#: is filed with the SEC and is public; a customer notice may be a public status-page post. A
#: regulator is told only by a notice to the regulator: a GDPR Art. 33 notice e-mailed to
#: customers has not told the supervisory authority.
REACHES: dict[str, frozenset[str]] = {
    "regulator": frozenset({"regulator"}),
    "investors": frozenset({"investors", "public", "regulator"}),
    "data-subjects": frozenset({"data-subjects", "customers", "public"}),
    "customers": frozenset({"customers", "data-subjects", "public"}),
    "public": frozenset({"public"}),
    "partners": frozenset({"partners"}),
    "internal": frozenset({"internal"}),
}


def reaches(stage_audience: str, audience: str) -> bool:
    """Whether a notification to ``audience`` can be the report a stage owes to
    ``stage_audience`` (see :data:`REACHES`)."""
    return audience in REACHES.get(stage_audience, frozenset({stage_audience}))


def unnamed_stage(policy: Policy, stages: list[str], audience: str, pm: Postmortem) -> str:
    """The stage a notification that names none is counted as (PM408 asks the author to name
    it): the first of ``stages`` sent to its audience, one that applies to this postmortem
    first, then the first its audience reaches (:func:`reaches`); else the first stage. A
    HIPAA notice to the regulator is the HHS report, not the notice to individuals, which it
    would otherwise mark as sent while the HHS report went missing."""
    to_audience = [name for name in stages if policy.stage_audience(name) == audience]
    reached = [name for name in stages if reaches(policy.stage_audience(name), audience)]
    for group in (to_audience, reached):
        applying = [name for name in group if condition_holds(policy.stages[name], pm)]
        if applying or group:
            return (applying or group)[0]
    return stages[0]


def wrong_audience(policy: Policy, stage: str, audience: str) -> bool:
    """Whether a notification to ``audience`` recorded as ``stage`` of ``policy`` went to
    someone the stage does not tell (a GDPR Art. 33 notice to customers)."""
    return stage in policy.stages and not reaches(policy.stage_audience(stage), audience)


def _assign_notifications(pm: Postmortem, policy: Policy) -> dict[str, list[int]]:
    """Notification indices per stage name. A notification without ``stage`` goes to the only
    notification stage, or to the one :func:`unnamed_stage` picks (PM408 asks the author to
    name it). One sent to an audience its stage does not tell (:func:`reaches`) goes to none."""
    out: dict[str, list[int]] = {}
    if pm.disclosure is None:
        return out
    stages = [n for n, s in policy.stages.items() if s.evidence == "notification"]
    if not stages:
        return out
    for index, note in enumerate(pm.disclosure.notifications):
        if note.regime != policy.id:
            continue
        name = unnamed_stage(policy, stages, note.audience.value, pm) if note.stage is None else note.stage
        # A notice to someone the stage does not tell answers no clock (PM408 says so).
        if name in stages and not wrong_audience(policy, name, note.audience.value):
            out.setdefault(name, []).append(index)
    return out


def _evidence(clock: Clock, pm: Postmortem, indices: list[int], git: FileDates | None,
              now: datetime | None = None) -> None:
    stage = clock.stage
    disclosure = pm.disclosure
    if stage.evidence == "notification":
        if disclosure is None:
            return
        sent = [(disclosure.notifications[i].sent_at, i) for i in indices]
        dated = sorted((at, i) for at, i in sent if at is not None)
        undated = [i for at, i in sent if at is None]
        if undated:
            clock.undated = undated[0]
        if dated:
            at, i = dated[0]
            clock.done, clock.done_at = True, at
            clock.done_path = ("disclosure", "notifications", i, "sent_at")
            clock.done_source = f"disclosure.notifications[{i}].sent_at"
            clock.late_reason = _reason(disclosure.notifications[i].late_reason)
        return
    key = stage.evidence
    recorded = getattr(disclosure, key, None) if disclosure is not None else None
    if recorded is not None:
        clock.done, clock.done_at = True, recorded
        clock.done_path = ("disclosure", key)
        clock.done_source = f"disclosure.{key}"
        return
    if key == "drafted_at":
        # A file that entered the repository already published (imported, or renamed and
        # rewritten so that git sees a new file) was drafted before that commit, at a time
        # git cannot tell.
        if git is not None and git.first_added is not None and not git.added_published:
            clock.done, clock.done_at = True, git.first_added
            clock.done_source = f"git: first {git.commit(git.first_added_sha)}"
            if git.first_added_committed is not None:
                # A draft written on a branch and rebased later was written then: the author
                # date is taken, and the message says which date it is.
                clock.done_source += (", its author date; committed on "
                                      f"{render_both(git.first_added_committed, clock.doc_zone)}, "
                                      "after an amend, a rebase or a cherry-pick")
        elif git is not None and git.first_added_sha and not git.added_published:
            # Committed, in a commit dated before the incident or after now: a clock that was
            # wrong. Drafted, at a time nobody can tell.
            clock.done = True
            clock.done_source = f"git: first {git.commit(git.first_added_sha)} (its date is no evidence)"
        elif pm.status.value != "draft":
            clock.done = True  # in review or published: drafted, at a time nobody recorded
            clock.done_path = ("status",)
            clock.done_source = f"status: {pm.status.value} (date unknown)"
        elif git is not None and git.kind == "uncommitted" and git.on_disk and now is not None:
            # The draft is on the disk, not committed yet (the commit that adds it is being
            # made, and the pre-commit hook checks it): drafted by now, which its first commit
            # will say too. "Not drafted", an error, blocked the very commit that adds it.
            clock.done, clock.done_at = True, now
            clock.done_path = ("status",)
            clock.done_source = "the draft on disk, not committed yet: drafted by the time of this check"
        return
    if git is not None and git.first_published is not None and not git.added_published:
        clock.done, clock.done_at = True, git.first_published
        clock.done_source = f"git: status first published in {git.commit(git.first_published_sha)}"
        if git.first_published_authored is not None and git.first_published_authored < git.first_published:
            # The date taken is when the commit was made: an amend keeps the author date of the
            # commit it amends, which may be days before the status was changed.
            clock.done_source += (", its committer date; its author date, "
                                  f"{render_both(git.first_published_authored, clock.doc_zone)}, is "
                                  "older: the commit was amended, rebased or cherry-picked after it "
                                  "was first made")
        return
    if (pm.status.value == "published" and git is not None and git.available and git.walked
            and not git.first_published_sha and git.on_disk and not git.merged_published and now is not None):
        # Committed, never published in a commit, and published on the disk: the status is
        # being changed (the pre-commit hook checks the commit that publishes it). Published by
        # now, as that commit will say once made; "date unknown" let a late publication pass
        # the very commit that made it late.
        clock.done, clock.done_at = True, now
        clock.done_path = ("status",)
        clock.done_source = "the publication on disk, not committed yet: published by the time of this check"
        return
    if pm.status.value == "published":
        clock.done = True
        clock.done_path = ("status",)
        clock.done_source = "status: published (date unknown)"


def _reason(text: str | None) -> str | None:
    """A ``late_reason`` that gives a reason, else None. A blank one ("   ") or one of
    punctuation alone ("-", "...") states nothing, and must not turn a late GDPR notice, which
    must be "accompanied by reasons for the delay", from an error into a warning."""
    if text is None or not any(ch.isalnum() for ch in text):
        return None
    return text


def _anchor(clock: Clock, pm: Postmortem, assigned: dict[str, list[int]],
            by_stage: dict[str, Clock], now: datetime | None) -> None:
    anchor = clock.anchor
    for prefix in CHAINED_PREFIXES:
        if anchor.startswith(prefix):
            target = anchor[len(prefix):]
            previous = by_stage.get(target)
            at: datetime | None = None
            if prefix == "latest-submitted:" and pm.disclosure is not None and assigned.get(target):
                notes = pm.disclosure.notifications
                times = sorted(t for t in (notes[i].sent_at for i in assigned[target]) if t is not None)
                # At ``now`` the latest report is the last one sent by then: a later one has not
                # happened yet, and the clock still runs from the one before it.
                sent = [t for t in times if now is None or t <= now]
                at = sent[-1] if sent else (times[0] if times else None)
            elif previous is not None:
                at = previous.done_at
            clock.anchor_at = at
            clock.waiting = at is None
            return
    clock.anchor_at = _resolve(anchor, pm, clock.calendar)
    if clock.anchor_at is None:
        # HIPAA's annual report counts from the end of the year of discovered_at: what is
        # missing is discovered_at, the field its other stages miss too.
        clock.missing.append(anchor.removeprefix(YEAR_END_PREFIX))


def _resolve(anchor: str, pm: Postmortem, calendar: WorkCalendar) -> datetime | None:
    from pmkit.model import Milestone

    if anchor.startswith(YEAR_END_PREFIX):
        base = _resolve(anchor[len(YEAR_END_PREFIX):], pm, calendar)
        if base is None:
            return None
        year = calendar.local_date(base).year
        return calendar.at(date(year, 12, 31), END_OF_DAY)
    if anchor in MILESTONE_ANCHORS:
        return pm.milestone(Milestone(anchor))
    if anchor in DISCLOSURE_ANCHORS and pm.disclosure is not None:
        value: datetime | None = getattr(pm.disclosure, anchor)
        return value
    return None


def written_without_offset(raw: Any) -> bool:
    """Whether ``raw``, a value as the file has it, is a date and time with no UTC offset
    (``2026-10-25T02:30:00``): read in the document's zone, it may name a time the zone lived
    through twice. A date alone, an offset or ``Z``, or no text at all is not."""
    return isinstance(raw, str) and len(raw.strip()) > 10 \
        and re.search(r"(?:[zZ]|[+-]\d\d(?::?\d\d)?)\s*$", raw.strip()) is None


def anchor_twice(clock: Clock, pm: Postmortem, data: Any) -> tuple[str, str]:
    """For a clock of hours that counts from a disclosure anchor written without an offset at a
    wall time the document's zone lived through twice (02:30 on the night the clocks went back):
    the end of its message, saying which was taken and where the other puts the deadline, and
    the start of its hint, with both offsets to write. ("", "") otherwise. The timeline's
    entries get PM115 for this; an anchor read an hour off moves the deadline by an hour.
    ``data``: the document as written (the raw mapping), which says whether an offset was
    written. PM403, PM404 and ``pmkit due`` say it alike."""
    anchor = clock.anchor
    if (not pm.timezone or anchor not in DISCLOSURE_ANCHORS or clock.anchor_at is None
            or clock.deadline is None or clock.spec.kind not in ("hours", "undue_delay")
            or clock.spec.not_later_than is not None):
        return "", ""
    data = data if isinstance(data, dict) else {}
    disclosure = data.get("disclosure")
    raw = disclosure.get(anchor) if isinstance(disclosure, dict) else None
    if not written_without_offset(raw):
        return "", ""
    # One reading of a time that happened twice for this and PM420: the same wall time, the
    # same precision (02:30:30 keeps its seconds), the same offsets to write.
    from pmkit.rules.disclosure import twice_at

    twice = twice_at(anchor, clock.anchor_at, pm)
    if twice is None:
        return "", ""
    other = clock.deadline + (twice.second - twice.first)
    note = (f"; {twice.happened()}: counted from the first, {twice.clock(twice.first)}; "
            f"from the second, {twice.clock(twice.second)}, it is due {clock.when(other)}")
    return note, twice.hint() + " "


def anchor_path(anchor: str) -> FieldPath:
    """Where an anchor is recorded (or would be)."""
    base = anchor[len(YEAR_END_PREFIX):] if anchor.startswith(YEAR_END_PREFIX) else anchor
    if base in DISCLOSURE_ANCHORS:
        return ("disclosure", base)
    return ("timeline",)


def remaining(deadline: datetime, now: datetime) -> timedelta:
    return deadline - now


__all__ = ["Clock", "Settings", "applicable_policies", "evaluate", "parse_calendar", "settings",
           "stamp", "work_calendar"]
