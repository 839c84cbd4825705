"""PM1xx: timeline detail.

"Details, details, details": the timeline is the spine of a postmortem. These rules ask for
what Google's, PagerDuty's and Atlassian's postmortems have (``reference/practice.md`` §2):
the milestones that define the incident in causal order, minute-precise zoned times, an
actor, an event and evidence on every entry, and no unexplained silence while the incident
was unmitigated.

Family settings live in ``[tool.pmkit.timeline]`` (see :class:`TimelineSettings`)::

    [tool.pmkit.timeline]
    required_milestones = { SEV3 = ["impact_started", "detected", "mitigated", "resolved"] }
    min_entries = { SEV1 = 10 }
    evidence_severities = ["SEV1", "SEV2"]
    max_gap_minutes = { SEV1 = 45 }
    max_gap_share = 0.6
    max_days_before = 90
    max_days_after = 30

Tables of severities are merged into the defaults, so naming one severity is enough.

Every flaw is reported once, by the rule that names it most precisely: an entry whose time
contradicts the milestone order (PM104), is a bare date (PM106), lies in the future (PM107)
or far from the incident (PM108) is not also reported as out of chronological order (PM105)
when that other rule is enabled.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, ClassVar

from pmkit.config import DAYS, MAX_COUNT, MINUTES, Config, Limits, check_keys, register_section
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.durations import CAUSAL_ORDER, blame, certainly_before, out_of_line
from pmkit.loader import Document
from pmkit.rules import (
    NOBODY_ANSWERS,
    NOTHING_ANSWERS,
    UNASSIGNED_ANSWERS,
    Context,
    Rule,
    RunState,
    bare_word,
    blank,
    non_answer,
    register,
    registry,
)
from pmkit.vocabulary import BareDate, IncidentSeverity, Milestone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from pmkit.model import Postmortem

# --- settings --------------------------------------------------------------------------------

_SEVERITIES = tuple(s.value for s in IncidentSeverity)
_MILESTONES = tuple(m.value for m in Milestone)
_ALL = list(_MILESTONES)

DEFAULT_REQUIRED: dict[str, list[str]] = {
    "SEV1": _ALL,
    "SEV2": _ALL,
    "SEV3": ["impact_started", "detected", "resolved"],
    "SEV4": ["detected", "resolved"],
    "SEV5": ["resolved"],
}
#: Five milestones plus at least one significant action, plus (SEV1) the status-page update
#: PagerDuty's template asks for; fewer for lower severities.
DEFAULT_MIN_ENTRIES: dict[str, int] = {"SEV1": 7, "SEV2": 6, "SEV3": 4, "SEV4": 2, "SEV5": 1}
#: Longest silence while unmitigated, in minutes (0: not checked). Statuspage asks for an
#: update every 30 minutes during a major incident; 60/120/240 leaves room for that rhythm.
DEFAULT_MAX_GAP: dict[str, int] = {"SEV1": 60, "SEV2": 120, "SEV3": 240, "SEV4": 0, "SEV5": 0}
DEFAULT_GAP_SHARE = 0.6
DEFAULT_EVIDENCE = ["SEV1", "SEV2"]
DEFAULT_DAYS_BEFORE = 90
DEFAULT_DAYS_AFTER = 30

#: The most entries min_entries may ask for (gaps and distances: the ten-year limits of pmkit.config).
_ENTRIES = Limits(0, MAX_COUNT, "entries", whole=True)

_SETTING_KEYS = ("required_milestones", "min_entries", "evidence_severities", "max_gap_minutes",
                 "max_gap_share", "max_days_before", "max_days_after")


@dataclass(frozen=True)
class TimelineSettings:
    """The validated ``[tool.pmkit.timeline]`` table."""

    required_milestones: dict[str, tuple[str, ...]]
    min_entries: dict[str, int]
    evidence_severities: frozenset[str]
    max_gap_minutes: dict[str, int]
    max_gap_share: float = DEFAULT_GAP_SHARE
    max_days_before: int = DEFAULT_DAYS_BEFORE
    max_days_after: int = DEFAULT_DAYS_AFTER


@register_section("timeline")
def parse_settings(table: dict[str, Any], origin: str = "[tool.pmkit.timeline]") -> TimelineSettings:
    """Validate a ``[tool.pmkit.timeline]`` table; raises :class:`~pmkit.config.ConfigError`."""
    from pmkit.config import ConfigError

    check_keys(table, _SETTING_KEYS, origin)

    def by_severity(key: str, default: dict[str, Any], check: Any) -> dict[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{origin}: {key} must be a table such as {{ SEV1 = ... }}")
        merged = dict(default)
        for sev, item in value.items():
            if sev.upper() not in _SEVERITIES:
                raise ConfigError(f"{origin}: {key}: '{sev}' is not a severity (SEV1..SEV5)")
            merged[sev.upper()] = check(item, f"{origin}: {key}.{sev}")
        return merged

    def milestones(item: Any, where: str) -> tuple[str, ...]:
        if not isinstance(item, list) or not all(isinstance(m, str) for m in item):
            raise ConfigError(f"{where} must be a list of milestones")
        for name in item:
            if name not in _MILESTONES:
                raise ConfigError(f"{where}: '{name}' is not a milestone ({', '.join(_MILESTONES)})")
        return tuple(item)

    def bounded(limits: Limits) -> Any:
        def check(item: Any, where: str) -> int:
            return int(limits.check(item, where))

        return check

    evidence = table.get("evidence_severities", DEFAULT_EVIDENCE)
    if not isinstance(evidence, list) or not all(
        isinstance(s, str) and s.upper() in _SEVERITIES for s in evidence
    ):
        raise ConfigError(f"{origin}: evidence_severities must be a list such as [\"SEV1\", \"SEV2\"]")
    share = table.get("max_gap_share", DEFAULT_GAP_SHARE)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise ConfigError(f"{origin}: max_gap_share must be a number from 0 to 1")
    return TimelineSettings(
        required_milestones=by_severity(
            "required_milestones", {k: tuple(v) for k, v in DEFAULT_REQUIRED.items()}, milestones),
        min_entries=by_severity("min_entries", DEFAULT_MIN_ENTRIES, bounded(_ENTRIES)),
        evidence_severities=frozenset(s.upper() for s in evidence),
        max_gap_minutes=by_severity("max_gap_minutes", DEFAULT_MAX_GAP, bounded(MINUTES)),
        max_gap_share=float(share),
        max_days_before=DAYS.check(table.get("max_days_before", DEFAULT_DAYS_BEFORE),
                                   f"{origin}: max_days_before"),
        max_days_after=DAYS.check(table.get("max_days_after", DEFAULT_DAYS_AFTER),
                                  f"{origin}: max_days_after"),
    )


def _settings(ctx: Context) -> TimelineSettings:
    return ctx.run.get("pmkit.timeline.settings",  # type: ignore[no-any-return]
                       lambda: parse_settings(ctx.config.section("timeline")))


# --- formatting ------------------------------------------------------------------------------


def fmt_time(moment: datetime) -> str:
    """``2018-10-22 00:41 UTC`` or ``2018-10-22 02:41 +02:00``, in the offset it was written in;
    ``2018-10-22`` for a bare date (a day without a time), not a midnight nobody wrote."""
    if isinstance(moment, BareDate):
        return moment.strftime("%Y-%m-%d")
    offset = moment.utcoffset() or timedelta(0)
    return f"{moment.strftime('%Y-%m-%d')} {_clock(moment)} {_fmt_offset(offset)}"


def _clock(moment: datetime) -> str:
    """``00:41``, ``00:41:30`` or ``00:41:30.5``: the time of day as precisely as it was written.
    A time copied from a log keeps its fraction of a second, and two entries half a second apart
    must not read "13:46:30 is before 13:46:30"."""
    text = moment.strftime("%H:%M")
    if moment.second or moment.microsecond:
        text = moment.strftime("%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text


def _fmt_offset(offset: timedelta) -> str:
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _in_utc(moment: datetime, other: datetime) -> str:
    """`` (08:20 UTC)`` when ``moment`` is written in another offset than ``other``."""
    if moment.utcoffset() == other.utcoffset() or not moment.utcoffset():
        return ""
    utc = moment.astimezone(timezone.utc)
    # The day too when it is another one there: "00:40 +01:00 (23:40 UTC)" reads as the same day.
    day = "" if utc.date() == moment.date() else f"{utc.strftime('%Y-%m-%d')} "
    return f" ({day}{_clock(utc)} UTC)"


def fmt_duration(span: timedelta) -> str:
    """``45 min``, ``6 h 10 min``, ``2 d 3 h``."""
    minutes = int(abs(span).total_seconds() // 60)
    sign = "-" if span < timedelta(0) else ""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{sign}{days} d {hours} h" if hours else f"{sign}{days} d"
    if hours:
        return f"{sign}{hours} h {mins:02d} min" if mins else f"{sign}{hours} h"
    return f"{sign}{mins} min"


# --- the shared analysis of one timeline -----------------------------------------------------

_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)\s*$")
_TIME_PART = re.compile(r"[Tt ]\d{1,2}:\d{2}")


@dataclass
class Entry:
    """One timeline entry as the rules see it."""

    index: int
    at: datetime
    raw: str
    milestone: Milestone | None
    bare_date: bool
    explicit_offset: bool
    #: The document's zone: a day there may have 23 or 25 hours (daylight saving time).
    zone: tzinfo = timezone.utc

    @property
    def day_end(self) -> datetime:
        """For a bare date: the end of that day (the next midnight where the document is);
        otherwise the time itself."""
        return next_midnight(self.at, self.zone) if self.bare_date else self.at


def _second_occurrence(entry: Entry) -> datetime | None:
    """For an entry written without an offset at a wall-clock time that happened twice in its
    zone (02:30 on the night the clocks go back), the second time it happened; else None."""
    if entry.bare_date or entry.explicit_offset:
        return None
    return second_occurrence(entry.at, entry.zone)


def written_with_offset(raw: str) -> bool:
    """Whether the time written as ``raw`` gives its UTC offset (``Z``, ``+02:00``), rather than
    taking the document's zone's."""
    return bool(_TIME_PART.search(raw) and _OFFSET.search(raw))


def second_occurrence(moment: datetime, zone: tzinfo) -> datetime | None:
    """When ``moment``'s wall clock in ``zone`` happened twice (02:30 on the night the clocks go
    back), its second occurrence, with the offset it had; else None. For a time written without
    an offset, which the schema reads as the first."""
    if isinstance(zone, timezone):
        return None
    wall = moment.astimezone(zone).replace(tzinfo=None)
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    offset = second.utcoffset()
    assert offset is not None
    return wall.replace(tzinfo=timezone(offset))


def next_midnight(moment: datetime, zone: tzinfo) -> datetime:
    """The end of ``moment``'s day where the document is: 23 or 25 hours after its midnight on
    the days daylight saving time changes."""
    day = moment.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=zone)


@dataclass
class Analysis:
    """Facts about one timeline that several rules need; computed once per document."""

    entries: list[Entry]
    first: dict[Milestone, Entry] = field(default_factory=dict)
    window: tuple[datetime, datetime] | None = None
    blamed_order: dict[int, list[tuple[Milestone, Entry]]] = field(default_factory=dict)
    future: set[int] = field(default_factory=set)
    far: dict[int, str] = field(default_factory=dict)
    #: Far entries whose time would fit with the timeline's year: that time (PM108's hint).
    mistyped: dict[int, datetime] = field(default_factory=dict)
    imprecise: set[int] = field(default_factory=set)
    #: Precise entries whose time does not fit where they are listed (PM105's candidates).
    misplaced: set[int] = field(default_factory=set)
    #: Entries written without an offset at a wall-clock time that happened twice in the
    #: document's zone (the clocks went back): their second occurrence, an hour or so later
    #: than the first, which the schema reads them as (PM115).
    ambiguous: dict[int, datetime] = field(default_factory=dict)


def _raw_at(ctx: Context, index: int) -> str:
    value = ctx.raw_item("timeline", index).get("at", "")
    return value if isinstance(value, str) else str(value)


def dropped_milestones(doc: Any) -> set[str]:
    """Milestones of timeline entries the schema dropped (an invalid time, reported as PM0xx):
    written, so no "missing" rule may call them absent."""
    return {str(entry["milestone"]) for entry in getattr(doc, "dropped", {}).get(("timeline",), [])
            if isinstance(entry, dict) and entry.get("milestone") is not None}


def _misspelt_milestones(ctx: Context) -> set[str]:
    """Milestones that an invalid ``milestone:`` value (reported by PM013) was probably meant as:
    the one PM013's "did you mean" names, so that a milestone it points to is not also called
    missing ("DETECTED", "triggered" and "behoben" were, where "Detected" was not)."""
    from pmkit.schema import suggest_choice  # (imported already: these rules need the model)

    data = ctx.data
    timeline = data.get("timeline")
    meant: set[str] = set()
    for index in range(len(timeline) if isinstance(timeline, list) else 0):
        if ctx.written("timeline", index, "milestone") is not None:
            value = ctx.raw_item("timeline", index)["milestone"]
            if (close := suggest_choice(value, list(_MILESTONES))) is not None:
                meant.add(close)
    return meant


def analyse(ctx: Context) -> Analysis:
    """The :class:`Analysis` of the current document (cached for the rules of this file)."""
    result: Analysis = ctx.run.for_document("pmkit.timeline.analysis", lambda: _analyse(ctx))
    return result


def _analyse(ctx: Context) -> Analysis:
    pm = ctx.pm
    assert pm is not None
    settings = _settings(ctx)
    entries: list[Entry] = []
    for index, item in enumerate(pm.timeline or []):
        raw = _raw_at(ctx, index)
        entries.append(Entry(
            index=index, at=item.at, raw=raw, milestone=item.milestone,
            bare_date=bool(_DATE_ONLY.match(raw)),
            explicit_offset=written_with_offset(raw),
            zone=pm.zone or timezone.utc,
        ))
    result = Analysis(entries=entries)
    result.ambiguous = {entry.index: later for entry in entries
                        if (later := _second_occurrence(entry)) is not None}
    for entry in entries:
        if entry.milestone is not None and entry.milestone not in result.first:
            result.first[entry.milestone] = entry
    precise = [e for e in entries if not e.bare_date]
    kept = _longest_ordered(_listed_times(precise))
    result.misplaced = {e.index for pos, e in enumerate(precise) if pos not in kept}
    result.future = {e.index for e in entries if e.at > ctx.now}
    _mistyped_milestones(result, settings)
    # A milestone in the future (PM107) or with a mistyped year (PM108) is reported by that
    # rule; weighed in the causal order as well, it would make the right milestones it
    # contradicts look wrong (a correct 'resolved' blamed for preceding a 'mitigated' typed a
    # year late).
    reported = (result.future if _enabled(ctx, "PM107") else set()) \
        | (set(result.far) if _enabled(ctx, "PM108") else set()) \
        | (_in_order_read_second(result) if _enabled(ctx, "PM115") else set())
    result.blamed_order = _blame_milestones(
        {m: e for m, e in result.first.items() if e.index not in reported}, result.misplaced,
        lambda entry: _odd_offset(result, entry), [e for e in entries if e.index not in reported])
    # A milestone with a mistyped year does not stretch the incident's window.
    times = [e.at for e in result.first.values() if e.index not in result.far]
    if times:
        result.window = (min(times), max(times))
    for entry in entries:
        if entry.index in result.future:
            continue
        if result.window is None:
            continue
        start, end = result.window
        if entry.bare_date and entry.at <= end and entry.day_end > start:
            result.imprecise.add(entry.index)
        if entry.milestone is not None:
            continue
        before = start - entry.day_end
        after = entry.at - end
        if before > timedelta(days=settings.max_days_before):
            result.far[entry.index] = f"{fmt_duration(before)} before the incident began"
        elif after > timedelta(days=settings.max_days_after):
            result.far[entry.index] = f"{fmt_duration(after)} after its last milestone"
    # The other far entries, and the entries in the future, whose year PM107's hint names.
    for index in (result.far.keys() | result.future) - result.mistyped.keys():
        meant = _mistyped_year(result, entries[index], settings)
        if meant is not None:
            result.mistyped[index] = meant
    return result


def doubted_entries(ctx: Context) -> set[int]:
    """The timeline entries (by index) whose times this check's findings call wrong: the
    milestone PM104 blames for contradicting the others, a time far from the others (PM108: a
    milestone's mistyped year, an entry months away), and a milestone written without an offset
    at a time the clocks went back over that is out of order as read, the first, though the
    second is not (PM115's). Measured against them, right times would look wrong: they bound
    nothing elsewhere (PM209's window, the aggregates of ``pmkit stats``).

    A rule switched off doubts nothing, as it reports nothing: the time counts as written, and
    the other rules measure against it (the flaw they then find is the one trace of it left).
    A time in the future is PM107's and counts as written: durations do not depend on the clock.
    """
    return set(_doubting(ctx))


def _doubting(ctx: Context) -> dict[int, set[str]]:
    """:func:`doubted_entries`, each entry with the codes of the findings that doubt it."""
    facts = analyse(ctx)
    doubting: dict[int, set[str]] = {}
    if _enabled(ctx, "PM104"):
        for index in facts.blamed_order:
            doubting.setdefault(index, set()).add("PM104")
    if _enabled(ctx, "PM108"):
        for index in facts.far:
            doubting.setdefault(index, set()).add("PM108")
    if _enabled(ctx, "PM115"):
        # Left out of the milestone order for PM115 to say which hour fits: measured as read, wrong.
        for index in _in_order_read_second(facts):
            if not _in_causal_order(facts.first, facts.entries[index], facts.entries[index].at):
                doubting.setdefault(index, set()).add("PM115")
    return doubting


def doubted_milestones(doc: Document, pm: Postmortem, config: Config) -> set[Milestone]:
    """The milestones of ``pm`` whose times :func:`doubted_entries` finds wrong as ``pmkit check``
    with ``config`` would, so that the durations to them are no figures to aggregate. Without a
    clock: durations do not depend on now. A milestone counts its first entry, as durations do.

    A finding the file suppresses where it is reported (``# pmkit: ignore[PM104]`` at the
    entry's time) doubts nothing either: the author stands by the time, and ``pmkit check``
    reports nothing that would say why the figure was left out."""
    from pmkit.suppress import find_suppressions, silenced

    ctx = Context(doc=doc.rule_view(), pm=pm, config=config, now=datetime.max.replace(tzinfo=timezone.utc),
                  run=RunState())
    first = {entry.index: milestone for milestone, entry in analyse(ctx).first.items()}
    by_code = registry().by_code
    # Each doubting finding where its rule reports it, looked up in the file's suppressions at once.
    findings = {(index, code): ctx.doc.diagnostic(("timeline", index, "at"), code, "",
                                                  name=by_code[code].name)
                for index, codes in _doubting(ctx).items() if index in first for code in codes}
    suppressions = find_suppressions(doc) if findings else []
    quiet = silenced(suppressions, list(findings.values())) if suppressions else set()
    kept = {index for (index, _code), found in findings.items()
            if (found.line, found.code, found.name) not in quiet}
    return {first[index] for index in kept}


def _in_order_read_second(result: Analysis) -> set[int]:
    """Milestones written without an offset at a time the clocks went back over whose second
    reading contradicts no other milestone: PM115 says which hour fits, and weighed in the
    causal order as read (the first), such a milestone would be a contradiction it is not."""
    return {entry.index for entry in result.first.values()
            if (later := result.ambiguous.get(entry.index)) is not None
            and _in_causal_order(result.first, entry, later)}


def _mistyped_milestones(result: Analysis, settings: TimelineSettings) -> None:
    """Milestones far from the entries listed around them that would sit in place with the
    timeline's year (``2017-10-21`` in a timeline of 2018): marked ``far`` with the reason.

    Only the year is tried: a milestone may well lie months from the next entry (impact that
    began long before anyone noticed), but the same day and time in the year of the other
    entries, fitting between its neighbours, is a slip of the keyboard, often in January.
    """
    for entry in result.first.values():
        meant = _mistyped_year(result, entry, settings)
        if meant is None or _against_causal_order(result, entry, meant):
            continue
        result.mistyped[entry.index] = meant
        gap = _nearest_gap(result, entry, entry.at)
        side = "before" if gap < timedelta(0) else "after"
        result.far[entry.index] = (f"{fmt_duration(abs(gap))} {side} the entries around it; "
                                   f"with the year {meant.year} it would fit between them")


def _against_causal_order(result: Analysis, entry: Entry, meant: datetime) -> bool:
    """Whether milestone ``entry`` at ``meant`` would come before a milestone it must follow, or
    after one it must precede. Across New Year the mistyped entry may be a neighbour: with
    "2024-12-31T23:50 impact_started", "2024-01-01T00:10 detected" (meant 2025), the correct
    "2025-01-01T00:40 resolved" would fit after the typo in 2024, but not after impact_started."""
    for first, then in CAUSAL_ORDER:
        other = result.first.get(then if entry.milestone is first else first)
        if entry.milestone not in (first, then) or other is None or other is entry or other.bare_date:
            continue
        if (entry.milestone is first and meant > other.at) or (entry.milestone is then and meant < other.at):
            return True
    return False


def _mistyped_year(facts: Analysis, entry: Entry, settings: TimelineSettings) -> datetime | None:
    """``entry``'s time in the year most entries have, if it is far from its precise neighbours
    in list order as written (by PM108's limits) and fits between them, near, in that year."""
    computed = _computed_for(facts)
    if "usual_year" not in computed:
        computed["usual_year"] = _usual_year(facts)
    if entry.bare_date or not _far_from_neighbours(facts, entry, entry.at, settings):
        return None
    for year in _years_to_try(facts, entry, computed["usual_year"], settings):
        meant = _in_year(entry, year)
        if meant is not None and _fits(facts, entry, meant) \
                and not _far_from_neighbours(facts, entry, meant, settings):
            return meant
    return None


def _years_to_try(facts: Analysis, entry: Entry, usual: int | None,
                  settings: TimelineSettings) -> list[int]:
    """The years ``entry`` may have been meant in: the one most entries have, then the one of
    its precise neighbours in list order when both are in it. Across New Year the year not yet
    changed on 1 January makes the old year the most common one, counting the slips themselves
    (two entries of 31 December and two mistyped of 1 January against three right ones): the
    year of the entries it sits between is the one that fits. When those straddle New Year
    (31 December before it, 1 January after it) each of their years is tried: the entry is far
    from both, so the slip is its own. A single neighbour (the first or last entry) says less:
    a right last entry after a mistyped one would be blamed for it; its year is tried only when
    the entry beyond it is near it, so that it is no slip itself."""
    precise, positions = _precise(facts)
    pos = positions[id(entry)]
    years = [usual]
    if 0 < pos < len(precise) - 1:
        years += [precise[pos - 1].at.year, precise[pos + 1].at.year]
    elif len(precise) >= 3:
        near, beyond = (precise[1], precise[2]) if pos == 0 else (precise[pos - 1], precise[pos - 2])
        if abs(near.at - beyond.at) <= timedelta(days=settings.max_days_before
                                                   if pos == 0 else settings.max_days_after):
            years.append(near.at.year)
    return [year for index, year in enumerate(years)
            if year is not None and year != entry.at.year and year not in years[:index]]


def _mistyped_month(facts: Analysis, entry: Entry, now: datetime) -> datetime | None:
    """For an entry in the future: the same day and time in the month of a precise neighbour in
    list order (of the same year), when that is not in the future and fits between the
    neighbours. Only for the future, where the time is wrong for certain: elsewhere months may
    separate two entries."""
    if entry.bare_date:
        return None
    precise, positions = _precise(facts)
    pos = positions[id(entry)] if id(entry) in positions else precise.index(entry)
    for near in (precise[pos - 1] if pos > 0 else None, precise[pos + 1] if pos + 1 < len(precise) else None):
        if near is None:
            continue
        zone = entry.zone if entry.zone is not timezone.utc else entry.at.tzinfo
        local, there = entry.at.astimezone(zone), near.at.astimezone(zone)
        if local.year != there.year or local.month == there.month:
            # Another year too: that would be two fields mistyped, not "the month" (2999-12-31
            # next to 1950-01-01 is no slip of one digit); PM107's year hint covers the year.
            continue
        try:
            wall = local.replace(tzinfo=None, month=there.month)
        except ValueError:
            continue  # 31 April: no such day
        meant = wall.replace(tzinfo=zone)
        if meant.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != wall:
            continue  # a time the clocks skipped
        if meant <= now and _fits(facts, entry, meant):
            return meant
    return None


def _in_year(entry: Entry, year: int) -> datetime | None:
    """The same wall-clock time in ``year`` where the document is (its zone's offset in that
    year, which daylight saving time may change), or None when there is no such time: 29
    February in a common year, a time the clocks skipped."""
    zone = entry.zone if entry.zone is not timezone.utc else entry.at.tzinfo
    wall = entry.at.astimezone(zone).replace(tzinfo=None)
    try:
        wall = wall.replace(year=year)
    except ValueError:
        return None
    meant = wall.replace(tzinfo=zone)
    if meant.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != wall:
        return None  # skipped by the clocks (spring forward)
    return meant


def _far_from_neighbours(facts: Analysis, entry: Entry, moment: datetime,
                         settings: TimelineSettings) -> bool:
    gap = _nearest_gap(facts, entry, moment)
    return -gap > timedelta(days=settings.max_days_before) or gap > timedelta(days=settings.max_days_after)


def _usual_year(facts: Analysis) -> int | None:
    """The year most precise entries are in, if more are in it than in any other."""
    counts = Counter(e.at.year for e in _precise(facts)[0]).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _nearest_gap(facts: Analysis, entry: Entry, moment: datetime) -> timedelta:
    """``moment`` minus the time of the nearer of ``entry``'s precise neighbours in list order
    (negative: before it)."""
    precise, positions = _precise(facts)
    pos = positions[id(entry)]
    gaps = [moment - other.at for other in (*precise[max(pos - 1, 0):pos], *precise[pos + 1:pos + 2])]
    return min(gaps, key=abs, default=timedelta(0))


_RANK = {m: i for i, m in enumerate(Milestone)}


def _blame_milestones(
    first: dict[Milestone, Entry], misplaced: set[int],
    offset_mistake: Callable[[Entry], tuple[datetime, str] | None] = lambda entry: None,
    entries: Sequence[Entry] = (),
) -> dict[int, list[tuple[Milestone, Entry]]]:
    """Which milestone entries carry the wrong time, and the milestones they contradict.

    :func:`pmkit.durations.blame` decides, as it does for :meth:`pmkit.durations.Metrics.contradicted`:
    the milestone in most violated pairs is the one flaw (a ``detected`` typed an hour late
    contradicts ``acknowledged``, ``mitigated`` and ``resolved``). Ties blame the entry whose
    offset differs from the other entries' when its wall clock in their offset contradicts none
    of the milestones (``offset_mistake``: a local time pasted into a timeline in another
    offset), then the entry whose time is out of line with the rest of the timeline
    (``entries``, those not in a contradiction: see :func:`_out_of_line`), then the entry that is
    also out of place in the list (``misplaced``: its time does not fit where it is written),
    then the causally later milestone. In a short timeline the list order alone cannot tell
    which of two entries is out of place; the odd offset, or a time far from all the others, can.
    """
    def offset_explains(milestone: Milestone) -> bool:
        mistake = offset_mistake(first[milestone])
        return mistake is not None and _in_causal_order(first, first[milestone], mistake[0])

    def ties(milestone: Milestone, contested: frozenset[Milestone]) -> tuple[bool, ...]:
        taken = {first[m].index for m in contested}
        rest = [entry for entry in entries if entry.index not in taken and not entry.bare_date]
        return (offset_explains(milestone), _out_of_line(first[milestone], rest),
                first[milestone].index in misplaced)

    found = blame(first, lambda a, b: _certainly_before(first[a], first[b]), ties)
    return {first[culprit].index: [(m, first[m]) for m in others] for culprit, others in found.items()}


def _out_of_line(entry: Entry, rest: list[Entry]) -> bool:
    """Whether milestone ``entry`` is out of line with the ``rest`` of the timeline (the
    entries in no contradiction; see :func:`pmkit.durations.out_of_line`)."""
    return not entry.bare_date and out_of_line(entry.at, [e.at for e in rest])


def _in_causal_order(first: dict[Milestone, Entry], entry: Entry, moment: datetime) -> bool:
    """Whether milestone ``entry`` at ``moment`` would contradict none of the milestones in
    ``first``."""
    fixed = replace(entry, at=moment)
    for earlier, later in CAUSAL_ORDER:
        if entry.milestone not in (earlier, later):
            continue
        other = first.get(later if entry.milestone is earlier else earlier)
        if other is None or other is entry:
            continue
        if entry.milestone is earlier and _certainly_before(other, fixed):
            return False
        if entry.milestone is later and _certainly_before(fixed, other):
            return False
    return True


#: Seconds written with a fraction ("10:09:00.000", "10:09:00,5"): a log's stamp, to the second
#: however round it is.
_FRACTION = re.compile(r"[Tt ]\d{1,2}:\d{2}:\d{2}[.,]\d")


def _to_the_second(entry: Entry) -> bool:
    """Whether ``entry``'s time is written to the second: seconds other than ``:00``, or any
    with a fraction (``10:09:00.000`` is a log's stamp, not a minute rounded)."""
    return not entry.bare_date and (not _to_the_minute(entry.at) or _FRACTION.search(entry.raw) is not None)


def _certainly_before(entry: Entry, other: Entry) -> bool:
    """Whether ``entry`` happened before ``other``; a bare date is its whole day where the
    document is, so a 'resolved' dated the day impact started at 10:00 contradicts nothing."""
    if entry.bare_date:
        return entry.day_end <= other.at
    # "13:46", as a chat or a pager shows it, is any second of its minute: an acknowledgement
    # at "13:46" after an alert a log stamps 13:46:12 is no contradiction. A time written to the
    # second, "13:46:00.000" too, is that second.
    if _to_the_second(entry) or not _to_the_second(other):
        return entry.at < other.at
    return certainly_before(entry.at, other.at)


def _to_the_minute(moment: datetime) -> bool:
    """Whether ``moment`` is written to the minute only (``13:46`` or ``13:46:00``, as nearly
    every timeline writes its times), not to the second."""
    return not moment.second and not moment.microsecond


def _enabled(ctx: Context, code: str) -> bool:
    """Whether another rule runs in this check (so that it, not this one, reports a flaw)."""
    reg = registry()
    rule = reg.get(code)
    if rule is None:
        return False
    cfg = ctx.config
    chosen = not cfg.select or any(reg.matches(rule, s) for s in cfg.select)
    chosen = chosen or any(reg.matches(rule, s) for s in cfg.extend_select)
    return chosen and not any(reg.matches(rule, s) for s in cfg.ignore)


def _line(ctx: Context, index: int) -> int:
    return ctx.doc.span(("timeline", index)).line


def _sev(pm: Postmortem) -> str:
    return pm.severity.value


# --- rules -----------------------------------------------------------------------------------


class TimelineRule(Rule):
    """Base of the PM1xx rules: they all need a timeline with at least one entry."""

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        if pm is None or not pm.timeline:
            return
        yield from self.check_timeline(ctx, pm, analyse(ctx))

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        raise NotImplementedError


@register
class NoTimeline(Rule):
    """The postmortem has no timeline, or an empty one.

    What it catches: a postmortem without a ``timeline`` section, or with ``timeline: []``. In a
    Markdown postmortem whose body has a ``## Timeline`` section (a table pasted from a wiki),
    it is reported at that heading: the section is text, the timeline is read from the front
    matter.

    Why: the timeline is the spine of a postmortem ("details, details, details"): Google's
    example postmortem, PagerDuty's and Atlassian's templates all build the analysis on a
    minute-by-minute record of what happened, who did it, and how we know
    (reference/practice.md §2). Without it nothing else can be checked or measured: no time to
    detect, no time to mitigate.

    Example::

        summary: The database failed over to the wrong region.
        impact: {users_affected: 12000}

    Instead::

        timeline:
          - at: 2018-10-21T22:52:00Z
            milestone: impact_started
            actor: network
            event: A 43-second partition split the MySQL topology.
            evidence: [https://grafana.example.com/d/mysql?from=1540162200000]
    """

    code = "PM101"
    name = "no-timeline"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        if pm is None or pm.timeline or ctx.rejected("timeline"):
            return
        if ctx.doc.dropped.get(("timeline",)):
            return  # entries are written, each with the schema error (PM0xx) that kept it out
        hint = ("Add a 'timeline:' list, oldest entry first: when impact started, when it was "
                "detected and acknowledged, what responders did, when it was mitigated and "
                "resolved; each with 'at', 'actor', 'event' and 'evidence'.")
        if pm.timeline is None:
            yield ctx.missing("timeline", "the postmortem has no timeline", hint=hint)
        else:
            yield ctx.report(("timeline",), "the timeline is empty", hint=hint, key=True)


@register
class MissingMilestone(TimelineRule):
    """A milestone the incident's severity requires is not in the timeline.

    What it catches: a timeline without an entry marked ``milestone: impact_started``,
    ``detected``, ``acknowledged``, ``mitigated`` or ``resolved``, when the severity requires
    it. By default SEV1 and SEV2 need all five, SEV3 ``impact_started``, ``detected`` and
    ``resolved``, SEV4 ``detected`` and ``resolved``, SEV5 ``resolved``. One finding per
    missing milestone, at the ``timeline`` key.

    Why: the milestones define the incident and every metric teams track (time to detect,
    acknowledge, mitigate, resolve). Google separates outage start from incident start,
    PagerDuty's template asks for when the factor began, the page, and when the SEV ended;
    FireHydrant and incident.io compute MTTx from these stamps (reference/practice.md §2).

    Configure in ``[tool.pmkit.timeline]``: ``required_milestones = { SEV3 = ["detected",
    "mitigated", "resolved"] }`` (severities you name replace their defaults).

    Example::

        severity: SEV1
        timeline:
          - {at: 2018-10-21T22:52:00Z, milestone: impact_started, ...}
          - {at: 2018-10-21T22:54:00Z, milestone: detected, ...}
          - {at: 2018-10-22T23:03:00Z, milestone: resolved, ...}

    Instead: mark the entry where the on-call engineer acknowledged the page
    (``milestone: acknowledged``) and the one where impact stopped (``milestone:
    mitigated``); add those entries if they are missing.
    """

    code = "PM102"
    name = "missing-milestone"
    severity = Severity.ERROR

    _MEANING: ClassVar[dict[str, str]] = {
        "impact_started": "when users were first affected (it may precede detection)",
        "detected": "when monitoring or a person first noticed the problem",
        "acknowledged": "when a responder took the page or declared the incident",
        "mitigated": "when the impact stopped or was reduced (even before the fix)",
        "resolved": "when the incident was over for the people affected",
    }

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        required = _settings(ctx).required_milestones.get(_sev(pm), ())
        written = _misspelt_milestones(ctx) | dropped_milestones(ctx.doc)
        for name in required:
            milestone = Milestone(name)
            if milestone in facts.first or name in written:
                continue  # present, or written but invalid (a PM0xx finding says so)
            yield ctx.report(
                ("timeline",),
                f"the timeline has no '{name}' milestone, which {_sev(pm)} postmortems need",
                hint=f"Add 'milestone: {name}' to the entry that records {self._MEANING[name]}"
                + self._between(milestone, facts) + ".",
                key=True,
            )

    @staticmethod
    def _between(milestone: Milestone, facts: Analysis) -> str:
        # The bounds are the ones PM104 holds the milestone to, not the list of milestones: an
        # acknowledgement may follow an automated mitigation, and impact may start after an
        # early detection, so neither bound would be true of every incident.
        before = [facts.first[a] for a, b in CAUSAL_ORDER if b is milestone and a in facts.first]
        after = [facts.first[b] for a, b in CAUSAL_ORDER if a is milestone and b in facts.first]
        parts = []
        if before:
            prev = max(before, key=lambda e: e.at)
            parts.append(f"after '{prev.milestone.value if prev.milestone else ''}' "
                         f"({fmt_time(prev.at)})")
        if after:
            nxt = min(after, key=lambda e: e.at)
            parts.append(f"before '{nxt.milestone.value if nxt.milestone else ''}' "
                         f"({fmt_time(nxt.at)})")
        return ("; it falls " + " and ".join(parts)) if parts else ""


@register
class DuplicateMilestone(TimelineRule):
    """The same milestone is marked on more than one entry.

    What it catches: two entries with ``milestone: mitigated``, often a partial mitigation
    and the full one, or a ``resolved`` copied from a template line.

    Why: each milestone is one instant; metrics use the first one, so the second silently
    changes nothing, or changes everything when someone reorders the entries. Describe stages
    in the ``event`` instead (FireHydrant keeps one timestamp per milestone as well).

    Example::

        - {at: 2019-07-02T14:07:00Z, milestone: mitigated, event: Global WAF kill executed.}
        - {at: 2019-07-02T14:09:00Z, milestone: mitigated, event: Traffic back to normal.}

    Instead::

        - {at: 2019-07-02T14:07:00Z, milestone: mitigated, event: Global WAF kill executed.}
        - {at: 2019-07-02T14:09:00Z, event: Traffic and CPU back to expected levels.}
    """

    code = "PM103"
    name = "duplicate-milestone"
    severity = Severity.ERROR

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        for entry in facts.entries:
            if entry.milestone is None:
                continue
            first = facts.first[entry.milestone]
            if first is entry:
                continue
            yield ctx.report(
                ("timeline", entry.index, "milestone"),
                f"milestone '{entry.milestone.value}' is already marked on the entry at "
                f"{fmt_time(first.at)} (line {_line(ctx, first.index)})",
                hint="Keep the milestone on one entry (metrics use the first); describe the "
                "other stage in its event.",
            )


@register
class MilestoneOrder(TimelineRule):
    """The milestones contradict each other: something ends before it could have begun.

    What it catches: ``acknowledged``, ``mitigated`` or ``resolved`` before ``detected``;
    ``mitigated`` or ``resolved`` before ``impact_started``; ``resolved`` before
    ``mitigated``. Impact may start before detection (it usually does), and detection may
    precede impact (an early warning), so those are not flagged. A milestone written as a bare
    date (a day without a time, PM106) contradicts another only when its whole day does, and
    one written to the minute (``13:46`` or ``13:46:00``) contradicts one written to the
    second (``13:46:12``, or with a fraction: ``13:46:00.000``) only when its whole minute
    does. The finding is on the one milestone whose
    time is most likely wrong: the one that contradicts the most others; on a tie, one
    written in another offset than the other entries that would
    be in order in theirs (the message then names both offsets), unless that offset is the
    declared ``timezone``'s own at that moment (the night the clocks change); then one out of
    line with the rest of the timeline (outside the other entries' times by more than their
    span and more than half a day: a ``detected`` typed a month late before a correct
    ``resolved``); then one out of place in the list. When no offset is
    the one most entries use (two milestones, each in its own offset), the list cannot tell
    which of the two is the slip: the finding is on the later milestone, and its message names
    both offsets and its hint both readings that would be in order. When the same time a day
    later (or earlier) would be in order and in its place in the list, the hint names it: after
    midnight, the date was not moved on with the clock. Else, when exactly one date that differs
    in one part (the day, the month, or the year PM108 does not already name) would do so, the
    hint names that date and the part. A milestone without offset at a time
    the clocks went back over, in order in its second reading, is PM115's finding alone.

    Why: these are causal impossibilities, usually a typo in the hour or a time copied in the
    wrong zone, and they make every metric negative. FireHydrant requires each milestone to
    be at or after the previous one; incident.io can reject out-of-order timestamps
    (reference/practice.md §2).

    Example::

        - {at: 2018-10-21T22:54:00Z, milestone: detected, ...}
        - {at: 2018-10-21T22:50:00Z, milestone: acknowledged, ...}

    Instead::

        - {at: 2018-10-21T22:54:00Z, milestone: detected, ...}
        - {at: 2018-10-21T23:02:00Z, milestone: acknowledged, ...}
    """

    code = "PM104"
    name = "milestone-order"
    severity = Severity.ERROR

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        for index, others in sorted(facts.blamed_order.items()):
            entry = facts.entries[index]
            assert entry.milestone is not None
            clauses = []
            for other, other_entry in sorted(others, key=lambda o: _RANK[o[0]]):
                word = "before" if _RANK[other] < _RANK[entry.milestone] else "after"
                clauses.append(f"{word} '{other.value}' at {fmt_time(other_entry.at)} "
                               f"(line {_line(ctx, other_entry.index)})")
            message = (f"'{entry.milestone.value}' at {fmt_time(entry.at)} is "
                       f"{', and '.join(clauses)}, which cannot be")
            hint = ("Check this time (hour, day and offset): nothing is acknowledged, "
                    "mitigated or resolved before it is detected, nothing is mitigated or resolved "
                    "before impact starts, and nothing is resolved before it is mitigated.")
            mistake = _odd_offset(facts, entry)
            if mistake is not None and _in_causal_order(facts.first, entry, mistake[0]):
                # A local time pasted into a timeline kept in another offset: say which part of
                # the time is the likely slip rather than leave the reader to compare offsets.
                own = _fmt_offset(entry.at.utcoffset() or timedelta(0))
                message += (f": its offset {own} differs from the other entries' {mistake[1]}; "
                            f"with {mistake[1]} it would be in order")
                hint = (f"If the time was read in {mistake[1]}, correct the offset (written as "
                        f"{fmt_time(mistake[0])}); otherwise check the hour and day.")
            elif (pair := _two_offsets(ctx, facts, entry, others)) is not None:
                message, hint = message + pair[0], pair[1]
            elif (slip := _other_date(facts, entry)) is not None:
                # After midnight, the date not moved on with the clock (23:58, then 00:25 of
                # the same date), or a month or year slipped: name the date that puts it in
                # order, as PM105 does.
                hint += (f" Written {fmt_time(slip[0])} it would be in order and in its place "
                         f"(a wrong {slip[1]}?).")
            yield ctx.report(("timeline", index, "at"), message, hint=hint)


def _other_date(facts: Analysis, entry: Entry) -> tuple[datetime, str] | None:
    """The milestone ``entry``'s time on another date, and the part of the date changed
    (``day``, ``month`` or ``year``), when that time would contradict no other milestone and fit
    between the entries listed before and after it (the first or last entry has no such slot:
    any later day would fit after the last). A day later or earlier (wall clock) comes first:
    after midnight the date was not moved on with the clock. Else a change of one part of the
    date is named only when exactly one such date puts it in order: of two, neither is more
    likely the slip. The year is left to PM108 when it says which year is meant."""
    precise, positions = _precise(facts)
    pos = positions.get(id(entry))
    if entry.bare_date or pos is None or pos == 0 or pos + 1 == len(precise):
        return None

    def in_order(moment: datetime) -> bool:
        return _in_causal_order(facts.first, entry, moment) and _fits(facts, entry, moment)

    for days in (1, -1):
        moment = entry.at + timedelta(days=days)
        if in_order(moment):
            return moment, "day"
    years = set() if entry.index in facts.mistyped else {e.at.year for e in precise}
    at = entry.at
    found: list[tuple[datetime, str]] = []
    for part, values in (("day", range(1, 32)), ("month", range(1, 13)), ("year", sorted(years))):
        for value in values:
            try:
                moment = (at.replace(day=value) if part == "day" else at.replace(month=value)
                          if part == "month" else at.replace(year=value))
            except ValueError:  # 30 February, or 29 February in another year
                continue
            if moment != at and in_order(moment):
                found.append((moment, part))
    return found[0] if len(found) == 1 else None


def _own_offset(entry: Entry) -> bool:
    """Whether ``entry``'s offset is the declared zone's own at that moment (no slip)."""
    return not isinstance(entry.zone, timezone) and \
        entry.at.astimezone(entry.zone).utcoffset() == entry.at.utcoffset()


def _two_offsets(ctx: Context, facts: Analysis, entry: Entry,
                 others: list[tuple[Milestone, Entry]]) -> tuple[str, str] | None:
    """What to say of two milestones that contradict each other only as written in different
    offsets, when no offset is the entries' common one (two milestones, one offset each): the
    report is at one of them, but either may be the slip, so name both offsets and both
    readings that would be in order. None when that is not the case."""
    if len(others) != 1 or _dominant_offset(facts) is not None:
        return None
    other = others[0][1]
    if entry.bare_date or other.bare_date or not (entry.explicit_offset and other.explicit_offset):
        return None
    own, theirs = entry.at.utcoffset(), other.at.utcoffset()
    if own is None or theirs is None or own == theirs or (_own_offset(entry) and _own_offset(other)):
        return None
    line = _line(ctx, other.index)
    mine = entry.at.replace(tzinfo=timezone(theirs))
    its = other.at.replace(tzinfo=timezone(own))
    readings: list[str] = []
    if _in_causal_order(facts.first, entry, mine):
        readings.append(f"If both times were read in {_fmt_offset(theirs)}, write this one as "
                        f"{fmt_time(mine)}")
    if _in_causal_order(facts.first, other, its):
        readings.append(f"{'if' if readings else 'If'} both times were read in {_fmt_offset(own)}, write "
                        f"line {line}'s as {fmt_time(its)}")
    if not readings:
        return None
    return (f": the two are written in different offsets ({_fmt_offset(own)} here, "
            f"{_fmt_offset(theirs)} on line {line}) and no other entries tell which is the "
            "timeline's, so either may be the slip",
            f"{'; '.join(readings)}; otherwise check the hour and day.")


@register
class TimelineOrder(TimelineRule):
    """Timeline entries are not in chronological order.

    What it catches: an entry listed after a later one. Only the entries that are out of
    place are reported (the fewest moves that would sort the timeline), each once; of equally
    few, those that move an entry written in another offset than the rest whose wall clock
    would fit in theirs (08:00, 10:20+01:00, 08:30 in a +02:00 timeline: the second, not the
    third); a timeline written newest-first is one finding. Entries whose time another PM1xx rule already
    questions (milestone order, bare date, future, far from the incident) are left to that
    rule. A bare date outside the incident is its whole day: it is out of order only when
    its whole day is. A time to the minute (``13:46``) is its whole minute next to a time to
    the second (``13:46:12`` from a log): listed after it, it is in order, and so are several
    listed there (``13:46``, ``13:46:00``), two equal times being in order with each other.
    The message names an entry listed next to it that shows it out of place; when that entry
    is out of place too (two entries moved together), it names the entry in order that it
    belongs before or after instead, as a swap of the two would not fix the order.
    The hint says where the entry belongs by its time and which times would fit where it is
    listed; for a milestone, only times the causal order allows (PM104): a ``mitigated``
    listed after the ``resolved`` is to be moved, as no time after the resolution fits it.

    Why: readers follow the timeline top to bottom to rebuild what was known when; an entry
    out of place usually means a wrong time (a typo or the wrong zone). Google's App. D and
    PagerDuty's template list entries oldest first (reference/practice.md §2).

    Example::

        - {at: 2018-10-21T23:07:00Z, event: Deploys locked.}
        - {at: 2018-10-21T23:02:00Z, event: Topology checked.}

    Instead::

        - {at: 2018-10-21T23:02:00Z, event: Topology checked.}
        - {at: 2018-10-21T23:07:00Z, event: Deploys locked.}
    """

    code = "PM105"
    name = "timeline-order"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        skip = self._covered(ctx, facts)
        entries = [e for e in facts.entries if e.index not in skip]
        times, sources = _listed_times_and_sources(entries)
        if len(entries) >= 3 and all(a >= b for a, b in pairwise(times)) and times[0] > times[-1]:
            yield ctx.report(
                ("timeline",),
                f"the timeline runs newest first ({fmt_time(times[0])} down to "
                f"{fmt_time(times[-1])})",
                hint="List entries oldest first, as postmortem timelines are read.",
                key=True,
            )
            return
        keep = _prefer_dropping_odd_offsets(facts, entries, times, _longest_ordered(times))
        later_before, earlier_after = _nearest_out_of_order(times)
        kept = sorted(keep)
        for pos, entry in enumerate(entries):
            if pos in keep:
                continue
            cited = later_before[pos] if later_before[pos] >= 0 else earlier_after[pos]
            listed_after = later_before[pos] >= 0
            if cited not in keep:
                # Two misplaced entries side by side would each cite the other, as if a swap
                # would do: cite the entry in order it belongs before (or after) instead.
                cited, listed_after = _in_order_neighbour(times, kept, pos, cited, listed_after)
            if listed_after:
                # (the entry whose time it is: a "13:46" listed after "13:46:12" took that time)
                other = entries[sources[cited]]
                where = (f"is listed after the entry at {fmt_time(other.at)} "
                         f"(line {_line(ctx, other.index)})")
            else:
                other = entries[cited]
                where = (f"is listed before the entry at {fmt_time(other.at)} "
                         f"(line {_line(ctx, other.index)})")
            message = (f"the entry at {fmt_time(entry.at)}{_in_utc(entry.at, other.at)} {where}: "
                       "the timeline is out of order")
            hint = _placement_hint(ctx, entries, times, keep, pos)
            mistake = _offset_mistake(facts, entry)
            if mistake is not None:
                hint = (f"Its offset differs from the other entries ({mistake[1]}); written "
                        f"as {fmt_time(mistake[0])} it would be in order. Correct the offset, "
                        "or move the entry.")
            yield ctx.report(("timeline", entry.index, "at"), message, hint=hint)

    @staticmethod
    def _covered(ctx: Context, facts: Analysis) -> set[int]:
        covered: set[int] = set()
        if _enabled(ctx, "PM104"):
            covered |= set(facts.blamed_order)
        if _enabled(ctx, "PM106"):
            covered |= facts.imprecise
        if _enabled(ctx, "PM107"):
            covered |= facts.future
        if _enabled(ctx, "PM108"):
            covered |= set(facts.far)
        if _enabled(ctx, "PM115"):
            covered |= set(facts.ambiguous)
        return covered


def _prefer_dropping_odd_offsets(facts: Analysis, entries: list[Entry], times: list[datetime],
                                 keep: set[int]) -> set[int]:
    """``keep`` (the entries left in place), or as many entries in order without those written
    in an odd offset that are out of place as written but would fit in the common offset. In a
    short timeline several choices keep as many entries (08:00, 09:20, 08:30 in UTC: drop the
    second or the third); the list order cannot tell which is wrong, the odd offset can."""
    odd = {pos for pos, entry in enumerate(entries)
           if not entry.bare_date and _offset_mistake(facts, entry) is not None
           and not _fits(facts, entry, entry.at)}
    if not odd or not odd & keep:
        return keep
    rest = [pos for pos in range(len(entries)) if pos not in odd]
    ordered = _longest_ordered([times[pos] for pos in rest])
    return {rest[i] for i in ordered} if len(ordered) == len(keep) else keep


def _placement_hint(ctx: Context, entries: list[Entry], times: list[datetime], keep: set[int],
                    pos: int) -> str:
    """Where the entry at ``pos`` belongs by its time (among the entries in order), and which
    times would fit where it is listed, with the time on a neighbour's day when that fits (a
    wrong day is the usual typo)."""
    kept = sorted(keep)
    entry, moment = entries[pos], times[pos]
    after = [p for p in kept if times[p] <= moment]
    before = [p for p in kept if times[p] > moment]

    def at_line(p: int) -> str:
        return f"line {_line(ctx, entries[p].index)} ({fmt_time(entries[p].at)})"

    if not after:
        belongs = f"before {at_line(before[0])}"
    elif not before:
        belongs = f"after {at_line(after[-1])}"
    else:
        belongs = f"between {at_line(after[-1])} and {at_line(before[0])}"
    prev = max((p for p in kept if p < pos), default=None)
    nxt = min((p for p in kept if p > pos), default=None)
    low = times[prev] if prev is not None else None
    high = times[nxt] if nxt is not None else None
    low_shown = fmt_time(entries[prev].at) if prev is not None else None
    high_shown = fmt_time(entries[nxt].at) if nxt is not None else None
    # A milestone's time must keep the causal order as well (PM104): a 'mitigated' listed after
    # the 'resolved' cannot be given a time after it, whatever the list order asks for.
    bound = ""
    earliest, latest = _causal_bounds(entries, entry)
    if latest is not None:
        if low is not None and not certainly_before(low, latest.at):
            return (f"By its time it belongs {belongs}: move it there. Where it is listed it would "
                    f"need a time at or after {low_shown}, and a '{_milestone_name(entry)}' cannot come "
                    f"after the '{_milestone_name(latest)}' ({fmt_time(latest.at)}, line "
                    f"{_line(ctx, latest.index)}).")
        if high is None or latest.at < high:
            high, high_shown = latest.at, fmt_time(latest.at)
            bound = f" (not after the '{_milestone_name(latest)}' on line {_line(ctx, latest.index)})"
    if earliest is not None:
        if high is not None and not certainly_before(earliest.at, high):
            return (f"By its time it belongs {belongs}: move it there. Where it is listed it would "
                    f"need a time at or before {high_shown}, and a '{_milestone_name(entry)}' cannot come "
                    f"before the '{_milestone_name(earliest)}' ({fmt_time(earliest.at)}, line "
                    f"{_line(ctx, earliest.index)}).")
        if low is None or earliest.at > low:
            low, low_shown = earliest.at, fmt_time(earliest.at)
            bound = f" (not before the '{_milestone_name(earliest)}' on line {_line(ctx, earliest.index)})"
    if low_shown is not None and high_shown is not None:
        window = f"between {low_shown} and {high_shown}{bound}"
    else:
        window = f"at or after {low_shown}" if low_shown is not None else f"at or before {high_shown}"
    typo = ""
    if not entry.bare_date:
        for p in (prev, nxt):
            if p is None or entries[p].bare_date:
                continue
            local = entry.at.astimezone(entries[p].at.tzinfo)
            fixed = entries[p].at.replace(hour=local.hour, minute=local.minute, second=local.second,
                                          microsecond=local.microsecond)
            fits = (low is None or low <= fixed) and (high is None or fixed <= high)
            if fixed.date() != local.date() and fits:
                # Name the part that differs: in January the slip is the year (2024-01-01 in a
                # timeline that crossed into 2025), which "a wrong day?" would not point at.
                what = ("year" if (fixed.month, fixed.day) == (local.month, local.day)
                        else "month" if (fixed.year, fixed.day) == (local.year, local.day) else "day")
                typo = f"; written {fmt_time(fixed)} it would fit (a wrong {what}?)"
                break
    return (f"By its time it belongs {belongs}: move it there; or, if it is listed in the right "
            f"place, correct its time to one {window}{typo}.")


def _causal_bounds(entries: list[Entry], entry: Entry) -> tuple[Entry | None, Entry | None]:
    """For a milestone ``entry`` (the first entry marking it), the latest of the milestones that
    cannot come after it and the earliest of those that cannot come before it (PM104's causal
    order), among ``entries`` and written with a time; a time outside them would contradict them."""
    if entry.milestone is None or entry.bare_date:
        return None, None
    first: dict[Milestone, Entry] = {}
    for other in entries:
        if other.milestone is not None:
            first.setdefault(other.milestone, other)
    if first.get(entry.milestone) is not entry:
        return None, None
    earlier = [first[a] for a, b in CAUSAL_ORDER if b is entry.milestone and a in first]
    later = [first[b] for a, b in CAUSAL_ORDER if a is entry.milestone and b in first]
    earlier = [e for e in earlier if not e.bare_date]
    later = [e for e in later if not e.bare_date]
    return (max(earlier, key=lambda e: e.at, default=None),
            min(later, key=lambda e: e.at, default=None))


def _milestone_name(entry: Entry) -> str:
    return entry.milestone.value if entry.milestone is not None else ""


def _listed_times(entries: list[Entry]) -> list[datetime]:
    """The entries' times for the order check. A bare date is its whole day: it takes the
    time in that day nearest to the precise entry listed before it, but not after the one
    listed next when that is in its day, so it is out of order only when its whole day is
    (``2026-02-10`` after ``2026-02-10T09:00`` is in order). A time to the minute is its
    whole minute the same way (``13:46`` after ``13:46:12`` is in order), and so is each of
    several listed there (``13:46:12``, ``13:46``, ``13:46:00``: all in order)."""
    return _listed_times_and_sources(entries)[0]


def _listed_times_and_sources(entries: list[Entry]) -> tuple[list[datetime], list[int]]:
    """:func:`_listed_times`, and for each position the position whose written time it took:
    its own, or, for a time to the minute that took the time of an entry listed before it in
    its minute, that entry's (so that a message names the time as written, 13:46:12, not the
    "13:46" that took it)."""
    following: list[datetime | None] = [None] * len(entries)  # the next precise time listed
    upcoming: datetime | None = None
    for pos in range(len(entries) - 1, -1, -1):
        following[pos] = upcoming
        if not entries[pos].bare_date:
            upcoming = entries[pos].at
    times: list[datetime] = []
    sources: list[int] = []
    previous: datetime | None = None  # the time the precise entry listed last took
    source = -1
    for pos, entry in enumerate(entries):
        if not entry.bare_date:
            # A time to the minute is any second of it (_certainly_before): "13:46" after
            # "13:46:12" is in order, and takes that time; a second "13:46" after it takes it
            # too, as two times written to the same minute are in order with each other.
            same_minute = (previous is not None and not _to_the_second(entry)
                           and entry.at <= previous < entry.at + timedelta(minutes=1))
            if not (same_minute and previous is not None):
                previous, source = entry.at, pos
            times.append(previous)
            sources.append(source)
            continue
        sources.append(pos)
        latest = entry.day_end - timedelta(microseconds=1)
        upcoming = following[pos]
        if upcoming is not None and entry.at <= upcoming < latest:
            latest = upcoming
        times.append(entry.at if previous is None else min(max(previous, entry.at), latest))
    return times, sources


def _in_order_neighbour(times: list[datetime], kept: list[int], pos: int, cited: int,
                        listed_after: bool) -> tuple[int, bool]:
    """For a misplaced entry at ``pos``, the entry left in order (``kept``, the positions in
    order, whose times do not decrease) that shows it misplaced: the first listed before it
    with a later time, which it belongs before, or the last listed after it with a time at or
    before its own, which it belongs after; with whether it is listed after that entry.
    ``cited`` and ``listed_after`` when there is none."""
    moment = times[pos]
    at = bisect.bisect_left(kept, pos)  # kept[:at] are listed before it, kept[at:] after
    first_later = bisect.bisect_right(kept, moment, 0, at, key=lambda p: times[p])
    if first_later < at:
        return kept[first_later], True
    last_earlier = bisect.bisect_right(kept, moment, at, key=lambda p: times[p]) - 1
    if last_earlier >= at:
        return kept[last_earlier], False
    return cited, listed_after


def _nearest_out_of_order(times: list[datetime]) -> tuple[list[int], list[int]]:
    """For each position: the nearest earlier position with a later time, and the nearest
    later position with an earlier time (-1: none), each found in one pass with a stack."""
    later_before = [-1] * len(times)
    stack: list[int] = []  # positions whose times strictly decrease
    for pos, moment in enumerate(times):
        while stack and times[stack[-1]] <= moment:
            stack.pop()
        later_before[pos] = stack[-1] if stack else -1
        stack.append(pos)
    earlier_after = [-1] * len(times)
    stack = []
    for pos in range(len(times) - 1, -1, -1):
        while stack and times[stack[-1]] >= times[pos]:
            stack.pop()
        earlier_after[pos] = stack[-1] if stack else -1
        stack.append(pos)
    return later_before, earlier_after


def _longest_ordered(times: list[datetime]) -> set[int]:
    """Positions of a longest non-decreasing subsequence (earlier entries kept on ties).

    Of the longest subsequences, the one chosen ends at the first position that ends one,
    and each of its entries follows the first earlier entry that ends a longest subsequence
    it can extend. Patience sorting: ``ends[k]`` lists, in order, the positions where a
    longest non-decreasing subsequence of length ``k + 1`` ends. Their times strictly
    decrease (a later one at the same or a later time would extend the earlier one), so
    the last of each list has its smallest time, those smallest times do not decrease from
    one length to the next, and binary searches find both the length at a position and the
    first entry it can follow.
    """
    ends: list[list[int]] = []
    lowest: list[datetime] = []  # lowest[k] == times[ends[k][-1]]
    prev: list[int] = []
    for i, moment in enumerate(times):
        k = bisect.bisect_right(lowest, moment)  # the length of the longest one ending here, less one
        if k:
            candidates = ends[k - 1]
            lo, hi = 0, len(candidates) - 1  # the first candidate not later than ``moment``
            while lo < hi:
                mid = (lo + hi) // 2
                if times[candidates[mid]] <= moment:
                    hi = mid
                else:
                    lo = mid + 1
            prev.append(candidates[lo])
        else:
            prev.append(-1)
        if k == len(ends):
            ends.append([i])
            lowest.append(moment)
        else:
            ends[k].append(i)
            lowest[k] = moment
    keep: set[int] = set()
    best = ends[-1][0] if ends else -1
    while best != -1:
        keep.add(best)
        best = prev[best]
    return keep


#: The timeline last asked about and what the functions below computed from it: PM105 and
#: PM114 ask about every entry, and going through all entries each time was quadratic.
_computed: tuple[weakref.ref[Analysis], dict[str, Any]] | None = None


def _computed_for(facts: Analysis) -> dict[str, Any]:
    global _computed
    if _computed is None or _computed[0]() is not facts:
        _computed = (weakref.ref(facts), {})
    return _computed[1]


def _dominant_offset(facts: Analysis) -> timedelta | None:
    """The offset most entries with a time use, if at least two thirds use it. An entry written
    without an offset in the declared ``timezone`` uses the zone's offset at its time: one
    entry in UTC among Berlin's local times is as odd as one among entries that say +01:00."""
    computed = _computed_for(facts)
    if "dominant" not in computed:
        offsets = Counter(e.at.utcoffset() for e in facts.entries if _offset_known(e))
        dominant: timedelta | None = None
        if offsets:
            offset, count = offsets.most_common(1)[0]
            if offset is not None and count >= 2 and count * 3 >= sum(offsets.values()) * 2:
                dominant = offset
        computed["dominant"] = dominant
    result: timedelta | None = computed["dominant"]
    return result


def _offset_known(entry: Entry) -> bool:
    """Whether ``entry``'s offset says where its author was: written, or the declared zone's
    (not UTC's by default, which a bare date or a document without a zone falls back to)."""
    return entry.explicit_offset or (not entry.bare_date and not isinstance(entry.zone, timezone))


def _offset_mistake(facts: Analysis, entry: Entry) -> tuple[datetime, str] | None:
    """If ``entry`` has a minority offset and its wall clock fits the dominant one: that time."""
    dominant = _dominant_offset(facts)
    if dominant is None or not entry.explicit_offset or entry.at.utcoffset() == dominant:
        return None
    alt = entry.at.replace(tzinfo=timezone(dominant))
    if not _fits(facts, entry, alt):
        return None
    return alt, _fmt_offset(dominant)


@lru_cache(maxsize=1)
def _zones() -> tuple[ZoneInfo, ...]:
    """The IANA zones, to recognise a clock change in a timeline's offsets."""
    # Imported here: zoneinfo (and sysconfig, for its search path) is about 2 ms of a one-file
    # check's command process (the model's process has it from pydantic), for timelines whose
    # times are mostly written with offsets.
    import zoneinfo

    zones = []
    for name in sorted(zoneinfo.available_timezones()):
        try:
            zone = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover
            continue
        zones.append(zone)
    return tuple(zones)


def _local_zone(facts: Analysis) -> str | None:
    """The zone whose local time every entry with a written offset is in, when those offsets are
    two, one clock change apart: a timeline of New York's local times across the night the
    clocks went back (-04:00, then -05:00) without a declared ``timezone``. None otherwise."""
    computed = _computed_for(facts)
    if "local zone" not in computed:
        written = [e.at for e in facts.entries if e.explicit_offset and not e.bare_date]
        offsets = {at.utcoffset() for at in written}
        found: str | None = None
        if len(offsets) == 2:
            first, second = sorted(o or timedelta(0) for o in offsets)
            if second - first <= timedelta(hours=1):
                found = next((str(zone) for zone in _zones()
                              if all(at.astimezone(zone).utcoffset() == at.utcoffset() for at in written)),
                             None)
        computed["local zone"] = found
    result: str | None = computed["local zone"]
    return result


def _odd_offset(facts: Analysis, entry: Entry) -> tuple[datetime, str] | None:
    """:func:`_offset_mistake`, unless the offset is the declared zone's own at that moment: on
    the night the clocks change, the entries after it rightly use another offset."""
    declared = not isinstance(entry.zone, timezone)
    if declared and entry.at.astimezone(entry.zone).utcoffset() == entry.at.utcoffset():
        return None
    return _offset_mistake(facts, entry)


def _precise(facts: Analysis) -> tuple[list[Entry], dict[int, int]]:
    """The entries with a time (not a bare date) in list order, and each one's position."""
    computed = _computed_for(facts)
    if "precise" not in computed:
        listed = [e for e in facts.entries if not e.bare_date]
        computed["precise"] = (listed, {id(e): pos for pos, e in enumerate(listed)})
    found: tuple[list[Entry], dict[int, int]] = computed["precise"]
    return found


def _fits(facts: Analysis, entry: Entry, moment: datetime) -> bool:
    """Would ``entry`` at ``moment`` sit between its precise neighbours in list order?"""
    precise, positions = _precise(facts)
    pos = positions[id(entry)] if id(entry) in positions else precise.index(entry)
    before = precise[pos - 1].at if pos > 0 else None
    after = precise[pos + 1].at if pos + 1 < len(precise) else None
    return (before is None or before <= moment) and (after is None or moment <= after)


@register
class ImpreciseTime(TimelineRule):
    """An entry during the incident has only a date, not a time.

    What it catches: ``at: 2018-10-22`` (accepted as midnight in the document's zone, when
    ``timezone`` is declared) on an entry whose day overlaps the incident window (from the
    first to the last milestone). Background entries on other days ("2021-05-12: the release
    that carried the bug shipped") may keep a bare date. Hour-only values such as
    ``2018-10-21T22Z`` are not ISO timestamps and are reported by PM015.

    Why: inside the incident, minutes matter: time to detect and to mitigate are measured in
    minutes, and Google's, PagerDuty's and Atlassian's timelines all stamp entries ``HH:MM``
    (reference/practice.md §2). A bare date also sorts as midnight and scrambles the order.

    Example::

        - {at: 2018-10-21T22:52:00Z, milestone: impact_started, ...}
        - at: 2018-10-22
          event: Several clusters finished restoring from backup.
        - {at: 2018-10-22T23:03:00Z, milestone: resolved, ...}

    Instead::

        - {at: 2018-10-21T22:52:00Z, milestone: impact_started, ...}
        - at: 2018-10-22T06:51:00Z
          event: Several clusters finished restoring from backup.
        - {at: 2018-10-22T23:03:00Z, milestone: resolved, ...}
    """

    code = "PM106"
    name = "imprecise-time"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        for index in sorted(facts.imprecise):
            entry = facts.entries[index]
            day = entry.raw.strip()
            # A time without an offset is read in the declared zone; with none declared it is
            # an error of its own (PM014), so the example must carry its offset.
            local = f"{day}T14:05 in the document's timezone ({pm.timezone}) or " if pm.timezone else ""
            yield ctx.report(
                ("timeline", index, "at"),
                f"'{day}' has no time of day, but this entry falls inside the "
                "incident; timeline entries during an incident need minute precision",
                hint=f"Write the time as well, e.g. {local}{day}T14:05:00Z, read from "
                "the log, alert or chat line that is its evidence.",
            )


@register
class FutureTime(TimelineRule):
    """A timeline entry is in the future.

    What it catches: an entry later than now (``--now``/``PMKIT_NOW`` for reproducible
    runs), usually a year or month typo (``2028`` for ``2018``) or a time in the wrong zone
    during an incident that is still running. When the same time in the year of the other
    entries would fit between the entries around it, the hint names it (and PM108, which does
    so for the past, stays silent).

    Why: a postmortem records what happened; an entry in the future is always a mistake, and
    it corrupts every duration computed from it.

    Example::

        - at: 2028-10-21T23:07:00Z

    Instead::

        - at: 2018-10-21T23:07:00Z
    """

    code = "PM107"
    name = "future-time"
    severity = Severity.ERROR

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        for index in sorted(facts.future):
            entry = facts.entries[index]
            meant = facts.mistyped.get(index)
            hint = "Check the year, month and day of this time."
            if meant is not None:
                hint = (f"Check the year: written as {fmt_time(meant)} it would fit between the "
                        "entries around it.")
            elif (month := _mistyped_month(facts, entry, ctx.now)) is not None:
                hint = (f"Check the month: written as {fmt_time(month)} it would fit between the "
                        "entries around it.")
            yield ctx.report(
                ("timeline", index, "at"),
                f"{fmt_time(entry.at)} is in the future (now is {_now_beside(ctx.now, entry.at)})",
                hint=hint,
            )


def _now_beside(now: datetime, moment: datetime) -> str:
    """``now`` as :func:`fmt_time` shows a time, to the minute, as the disclosure rules show it:
    the clock's microseconds ("17:25:08.700602") are no time anybody wrote. To the second when
    ``moment`` falls in the same minute, where "17:25:30 is in the future (now is 17:25)" would
    leave the reader to guess; cut, never rounded, so that the shown time is still before it."""
    def minute(value: datetime) -> datetime:
        return value.astimezone(timezone.utc).replace(second=0, microsecond=0)

    same = not isinstance(moment, BareDate) and minute(now) == minute(moment)
    return fmt_time(now.replace(microsecond=0) if same else now.replace(second=0, microsecond=0))


@register
class FarFromIncident(TimelineRule):
    """A timeline entry lies far before or after the incident.

    What it catches: an entry (not a milestone) more than ``max_days_before`` (default 90)
    days before the earliest milestone, or more than ``max_days_after`` (default 30) days
    after the last one: usually a wrong year or month. The change that introduced a latent
    bug weeks earlier, or the fix deployed the day after, is within these limits. A milestone
    is reported when it lies that far from the entries listed around it and would fit between
    them with their year (``impact_started: 2017-10-21T22:52`` followed by ``detected:
    2018-10-21T22:54``), in causal order with the other milestones; it then does not stretch
    the incident window the other entries are measured against, and is not also reported as
    out of milestone order (PM104).

    Why: an entry months away from the incident is almost always a typo; if it is real
    (a design decision made a year ago), it belongs in the narrative or the contributing
    factors, not the incident timeline; follow-up work long after it (the fix rolled out
    weeks later) belongs in ``action_items``, with its status.

    Configure in ``[tool.pmkit.timeline]``: ``max_days_before``, ``max_days_after``.

    Example::

        - {at: 2018-10-21T22:52:00Z, milestone: impact_started, ...}
        - {at: 2017-10-22T00:41:00Z, event: Backup restores began.}   # incident in 2018
        - {at: 2018-10-22T23:03:00Z, milestone: resolved, ...}

    Instead::

        - {at: 2018-10-21T22:52:00Z, milestone: impact_started, ...}
        - {at: 2018-10-22T00:41:00Z, event: Backup restores began.}
        - {at: 2018-10-22T23:03:00Z, milestone: resolved, ...}
    """

    code = "PM108"
    name = "far-from-incident"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        future = facts.future if _enabled(ctx, "PM107") else set()  # PM107 names the year there
        for index, how in sorted(facts.far.items()):
            if index in future:
                continue
            entry = facts.entries[index]
            what = f"'{entry.milestone.value}'" if entry.milestone is not None else "the entry"
            meant = facts.mistyped.get(index)
            if meant is not None:
                hint = (f"Check the year: written as {fmt_time(meant)} it would fit between the "
                        "entries around it.")
            elif facts.window is not None and entry.at > facts.window[1]:
                # Follow-up work weeks later (the fix rolled out, the review held): where it
                # belongs is not where background from long before belongs.
                hint = ("Check the year and month; follow-up work long after the incident (a fix "
                        "rolled out, the review held) belongs in action_items, with its status, "
                        "not in the incident timeline.")
            else:
                hint = ("Check the year and month; background from long before the incident "
                        "belongs in the summary or contributing factors.")
            yield ctx.report(("timeline", index, "at"), f"{what} at {fmt_time(entry.at)} is {how}",
                             hint=hint)


class _EntryFieldRule(TimelineRule):
    """Entries without a field; when no entry has it, one finding for the whole timeline."""

    field_name: str = ""
    what: str = ""
    advice: str = ""

    def applies(self, ctx: Context, pm: Postmortem) -> bool:
        return True

    def suffix(self, pm: Postmortem) -> str:
        return ""

    #: What a value that fills the field without saying anything does: "names no one", "says
    #: nothing" (empty for a field such as evidence, a list, which has no such values).
    names = ""
    #: The values (as :func:`bare_word` gives them) that fill the field without saying anything.
    non_answers: frozenset[str] = frozenset()

    def missing(self, pm: Postmortem, index: int) -> bool:
        return blank(getattr(pm.timeline[index], self.field_name)) if pm.timeline else False

    def said(self, pm: Postmortem, index: int) -> str | None:
        """The value as written when it fills the field with a non-answer (one of
        :attr:`non_answers`, marks alone, "-", "?", or a template's "<actor>"), else None.
        "TBD" and "TODO" alone are the template's placeholders, PM019's to report. One reading
        for an entry's actor and event, so that they cannot drift apart."""
        from pmkit.rules.loading import template_placeholder

        value = getattr(pm.timeline[index], self.field_name) if pm.timeline and self.names else None
        if not isinstance(value, str) or template_placeholder(value):
            return None
        if _ANGLE_PLACEHOLDER.fullmatch(value):
            return value.strip()
        return non_answer(value, self.non_answers)

    def said_what(self, pm: Postmortem) -> str:
        """What the finding on a value :meth:`said` says of it."""
        return f"which {self.names}{self.suffix(pm)}"

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        if not self.applies(ctx, pm):
            return
        lacking = [e for e in facts.entries if (self.missing(pm, e.index) or self.said(pm, e.index))
                   and ctx.written("timeline", e.index, self.field_name) is None]
        if not lacking:
            return
        if len(lacking) == len(facts.entries) and len(lacking) > 1:
            # Entries the schema set aside (a time that never happened, PM015) are not read
            # here, but PM113 counts them as written: say which count this is.
            aside = len(ctx.doc.dropped.get(("timeline",), []))
            one = aside == 1
            read = ""
            if aside:
                read = (f" (the timeline has {len(lacking) + aside}; {aside} set aside for "
                        f"{'its' if one else 'their'} time {'is' if one else 'are'} not counted)")
            yield ctx.report(
                ("timeline",),
                f"none of the {len(lacking)} timeline entries{' read' if aside else ''} has "
                f"{self.what}{self.suffix(pm)}{read}",
                hint=self.advice, key=True,
            )
            return
        for entry in lacking:
            said = self.said(pm, entry.index)
            if said is not None:
                yield ctx.report(
                    ("timeline", entry.index, self.field_name),
                    f"the entry at {fmt_time(entry.at)} gives '{said}' as its {self.field_name}, "
                    f"{self.said_what(pm)}",
                    hint=self.advice,
                )
                continue
            # At the value when the key is written ('actor: ""', blanks, a zero-width space),
            # as for 'actor: n/a'; at the entry when it lacks the key.
            written = self.field_name in ctx.raw_item("timeline", entry.index)
            yield ctx.report(
                ("timeline", entry.index, self.field_name) if written else ("timeline", entry.index),
                f"the entry at {fmt_time(entry.at)} has no {self.field_name}{self.suffix(pm)}",
                hint=self.advice,
            )


#: Values that fill an entry's actor or event without saying anything: the shared lists of
#: "nothing" ("n/a", "keine Angabe", "entfällt", "nicht zutreffend") and "no one" ("niemand",
#: "N.N."); a value of marks alone, "-", "?", "...", is one too. "unknown" is not one: an
#: actor nobody could name yet is a fact of the investigation.
_NON_ANSWERS = NOTHING_ANSWERS | NOBODY_ANSWERS

#: An actor that leaves open who it was, as a decision's ``decided_by`` does (PM210):
#: "someone", "somebody", "jemand", "unassigned".
_ACTOR_NON_ANSWERS = _NON_ANSWERS | UNASSIGNED_ANSWERS

#: An event still to be written, or one that points elsewhere: "tba", "tbc", "see above",
#: "siehe oben", "ditto" (compared as :func:`bare_word` gives them), and a template's
#: "<event>". The upper-case "TBD", "TODO" and "FIXME" alone are PM019's.
_EVENT_NON_ANSWERS = _NON_ANSWERS | frozenset({
    "tba", "tbc", "tbd", "todo", "fixme", "see above", "see below", "as above", "same as above",
    "ditto", "siehe oben", "siehe unten", "wie oben", "s.o", "s.u", "dito"})
_ANGLE_PLACEHOLDER = re.compile(r"\s*<[^<>]{1,40}>\s*")


@register
class MissingActor(_EntryFieldRule):
    """A timeline entry does not say who (or what) acted.

    What it catches: an entry without ``actor``, with one that shows nothing (empty, blanks,
    or characters that do not show only: a zero-width space, a bidirectional mark), or with
    one that names no one: ``n/a``, ``-``, ``?``, ``none``, ``not applicable``, the German
    ``niemand``, ``keiner``, ``keine Angabe``, ``nicht zutreffend`` or ``N.N.`` (a name still
    to be given, as it is for an owner), or that leaves open who it was: ``someone``,
    ``somebody``, ``jemand`` (as PM210 reads ``decided_by``), a template's ``<actor>``. An
    actor nobody could name yet, ``unknown``, is a
    fact, and ``TBD`` a placeholder that PM019 reports. The finding is at
    the value when ``actor:`` is written, at the entry when it is not. A role is enough
    (``database on-call engineer``, ``monitoring``, ``incident coordinator``); so is a system
    for automatic events (``Orchestrator``). When no entry has an actor, that is one finding.

    Why: "who did what, and how we know" is the unit of a timeline: Google's entries name the
    person and the action, Benner's investigation rules put the actor first, one actor per
    entry (reference/practice.md §2). Roles keep it blameless.

    Example::

        - at: 2018-10-21T23:07:00Z
          event: Deployment tooling was locked.

    Instead::

        - at: 2018-10-21T23:07:00Z
          actor: incident coordinator
          event: Locked the deployment tooling.
    """

    code = "PM109"
    name = "missing-actor"
    severity = Severity.WARNING
    field_name = "actor"
    what = "an actor"
    names = "names no one"
    non_answers = _ACTOR_NON_ANSWERS
    advice = ("Add 'actor:' with the role or system that acted (e.g. 'database on-call "
              "engineer', 'monitoring'); a role is enough.")


@register
class MissingEvent(_EntryFieldRule):
    """A timeline entry does not say what happened.

    What it catches: an entry without ``event`` text, with one that shows nothing (empty,
    blanks, or characters that do not show only, as PM109 reads an actor), often a milestone
    placeholder left from the template, or with one that says nothing: ``n/a``, ``-``,
    ``...``, ``none``, ``not applicable``, the German ``entfällt``, ``keine``,
    ``keine Angabe``, ``k. A.`` or ``nicht zutreffend`` (the words for "nothing" that a
    decision's rationale is read with too), or that is still to be written or points elsewhere:
    ``tba``, ``tbc``, a template's ``<event>``, ``see above``, ``siehe oben`` (the upper-case
    ``TBD`` or ``TODO`` alone is PM019's). The finding is at the value when ``event:`` is
    written, at the entry when it is not.

    Why: a time and a milestone with no event tell a reader nothing about what was observed
    or done; PagerDuty's template has an Event column on every row.

    Example::

        - at: 2018-10-21T22:54:00Z
          milestone: detected
          actor: monitoring

    Instead::

        - at: 2018-10-21T22:54:00Z
          milestone: detected
          actor: monitoring
          event: Alerts fired for a large number of MySQL faults.
    """

    code = "PM110"
    name = "missing-event"
    severity = Severity.WARNING
    field_name = "event"
    what = "an event"
    names = "says nothing"
    non_answers = _EVENT_NON_ANSWERS
    advice = "Add 'event:' saying what was observed or done, in one or two sentences."


@register
class MissingEvidence(_EntryFieldRule):
    """A timeline entry of a high-severity incident cites no evidence.

    What it catches: for severities in ``evidence_severities`` (default SEV1 and SEV2), an
    entry with no ``evidence`` link (a graph, log search, chat line, alert or ticket), or
    with links that show nothing (``[""]``, a zero-width space), at the value when
    ``evidence:`` is written (``[]``), at the entry when it is not; so are links that are all
    non-answers (``[n/a]``, ``[none]``, ``[keine]``, as PM109 and PM110 read ``n/a``) or name
    a tool or channel as a whole, not the place in it that shows the time (``[see Slack]``,
    ``[logs]``, ``[siehe Chat]``, ``[Datadog]``, ``[the Grafana dashboard]``: a chat line's
    link or a ticket's number is a place), point elsewhere in the document (``[see above]``,
    ``[s. o.]``) or are a link with nothing after its scheme (``['https://']``). When no
    entry has evidence, that is one finding for the timeline.

    Why: PagerDuty asks for a data link showing how each timestamp was derived, and for the
    queries used; Benner's rules require a source for every entry and "confirm only observed
    times, never estimates" (reference/practice.md §2). Evidence is what lets a reader trust
    a minute-precise time.

    Configure in ``[tool.pmkit.timeline]``: ``evidence_severities = ["SEV1"]``.

    Example::

        - at: 2018-10-21T22:54:00Z
          milestone: detected
          actor: monitoring
          event: Alerts fired for MySQL faults.

    Instead::

        - at: 2018-10-21T22:54:00Z
          milestone: detected
          actor: monitoring
          event: Alerts fired for MySQL faults.
          evidence: [https://alerts.example.com/incidents/4711]
    """

    code = "PM111"
    name = "missing-evidence"
    severity = Severity.WARNING
    field_name = "evidence"
    what = "evidence"
    advice = ("Add 'evidence:' with a link to what shows this time: a graph, log search, "
              "alert, chat line or ticket.")

    def applies(self, ctx: Context, pm: Postmortem) -> bool:
        return _sev(pm) in _settings(ctx).evidence_severities

    def missing(self, pm: Postmortem, index: int) -> bool:
        if not pm.timeline:
            return False
        return all(blank(link) for link in pm.timeline[index].evidence)

    def suffix(self, pm: Postmortem) -> str:
        return f", which {_sev(pm)} timelines need"

    def said(self, pm: Postmortem, index: int) -> str | None:
        """The links as written when they are all non-answers ("n/a", "none", "keine") or name a
        tool or channel as a whole ("see Slack", "logs", "siehe Chat"), else None."""
        if not pm.timeline:
            return None
        shown = [link for link in pm.timeline[index].evidence if not blank(link)]
        if shown and all(non_answer(link, NOTHING_ANSWERS) is not None
                         or _NOWHERE_IN_PARTICULAR.fullmatch(bare_word(link)) for link in shown):
            return ", ".join(link.strip() for link in shown)
        return None

    def said_what(self, pm: Postmortem) -> str:
        return f"which points to nothing a reader can open ({_sev(pm)} timelines need evidence)"


#: Evidence that names a tool or a channel as a whole, not the place in it that shows the time:
#: "see Slack", "logs", "siehe Chat", "in the incident channel", "Datadog", "the Grafana
#: dashboard"; a pointer elsewhere in the document ("see above", "s. o.") or a link with nothing
#: after its scheme ("https://"). A chat line's link, a ticket's number or a named dashboard
#: ("Grafana: API errors") is a place.
_TOOLS = (r"slack|chat|teams|zoom|e-?mail|mail|grafana|kibana|pagerduty|opsgenie|jira|confluence|datadog|"
          r"new\s?relic|splunk|sentry|prometheus|cloudwatch|honeycomb|loki|elastic(?:search)?|"
          r"status\s?page|github|gitlab|monitoring|metrics|metriken|war\s?room")
_PLACES = (r"logs?|dashboards?|graphs?|monitors?|alerts?|tickets?|issues?|(?:incident\s+)?(?:channel|thread)|"
           r"incident-kanal|kanal|chat|board")
_NOWHERE_IN_PARTICULAR = re.compile(
    r"(?:(?:see|check|siehe|s\.|in|im|per|via|auf|from|aus)\s*)?(?:the\s+|our\s+|den\s+|dem\s+|die\s+|der\s+|das\s+)?"
    r"(?:(?:" + _TOOLS + r")(?:[\s-]+(?:" + _PLACES + r"))?|" + _PLACES + r")"
    r"(?:\s+(?:channel|thread|kanal))?"
    r"|(?:see|siehe|s\.|as|wie)?\s*(?:above|below|oben|unten)|s\.\s?[ou]|https?://(?:www\.?)?")


#: An entry that says the responders were waiting, or stopped for the night, explains the
#: silence after it, as the finding's hint asks: "Waiting for the restore to finish", "overnight
#: the pods kept restarting", "paused until the vendor's fix", "Warten auf den Anbieter", "über
#: Nacht". Not a wait that was skipped: "rolled back without (instead of) waiting for the vendor".
_WAITING = {
    "en": re.compile(r"\bwait(?:s|ed|ing)?\s+(?:for|on|until)\b"
                     r"|\bovernight\b|\buntil\s+(?:the\s+)?(?:next\s+)?(?:morning|day|shift)\b"
                     r"|\bpaused\s+(?:\S+\s+){0,4}?until\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:warte(?:n|t|ten|te)?|gewartet)\s+(?:auf|bis)\b"
                     r"|\büber\s+Nacht\b|\bbis\s+(?:zum\s+)?(?:nächsten\s+)?(?:Morgen|Tag)\b"
                     r"|\bam\s+nächsten\s+Morgen\b", re.IGNORECASE),
}

#: A wait not done, just before the word: "without waiting", "decided not to wait", "instead of
#: waiting", "ohne zu warten", "hörten auf zu warten".
_NOT_WAITING_BEFORE = {
    "en": re.compile(r"\b(?:without|not|never|no|instead\s+of|rather\s+than|refused)\s+(?:to\s+)?$"
                     r"|n't\s+(?:to\s+)?$", re.IGNORECASE),
    "de": re.compile(r"\b(?:ohne|nicht|nie|statt|anstatt|kein\w*)\s+(?:zu\s+)?$|\b(?:auf|aufgehört)\s+zu\s+$",
                     re.IGNORECASE),
}

#: A wait given up, before the gerund only: "stopped (gave up) waiting"; "Stopped to wait for
#: the vendor" stopped in order to wait.
_GAVE_UP_BEFORE = re.compile(r"\b(?:stopped|stop|stops|quit|gave\s+up|give\s+up|giving\s+up)\s+$",
                             re.IGNORECASE)

#: A wait not done, said after it in its sentence: "Waiting for the vendor was not an option",
#: "Auf den Anbieter zu warten war keine Option".
_NOT_WAITING_AFTER = {
    "en": re.compile(r"^[^.;!?]*?\b(?:was|is|seemed)(?:\s+not|\s+no|n't)\s+(?:an?\s+)?"
                     r"(?:option|alternative|possible|feasible|acceptable|viable)\b", re.IGNORECASE),
    "de": re.compile(r"^[^.;!?]*?\b(?:(?:war|ist|schien)\s+(?:nicht|keine)\s+(?:eine\s+)?"
                     r"(?:Option|Alternative|möglich|machbar|akzeptabel)\b|(?:kam|kommt)\s+nicht\s+in\s+Frage)",
                     re.IGNORECASE),
}


def _says_waiting(pm: Postmortem, index: int) -> bool:
    """Whether the timeline entry at ``index`` says the responders waited from then on."""
    event = pm.timeline[index].event if pm.timeline else None
    if event is None:
        return False
    lang = pm.lang.value if pm.lang.value in _WAITING else "en"
    for match in _WAITING[lang].finditer(event):
        if match.group().lower().startswith(("wait", "wart", "gewartet")):
            before = event[max(0, match.start() - 40):match.start()]
            if _NOT_WAITING_BEFORE[lang].search(before):
                continue  # "decided not to wait for the restore", "rolled back without waiting"
            gerund = match.group().lower().startswith("waiting")
            if lang == "en" and gerund and _GAVE_UP_BEFORE.search(before):
                continue  # "gave up waiting", not "stopped to wait"
            if _NOT_WAITING_AFTER[lang].search(event[match.end():]):
                continue  # "Waiting for the vendor was not an option"
        return True
    return False


@register
class TimelineGap(TimelineRule):
    """A long stretch with no timeline entry while the incident was unmitigated.

    What it catches: a silence between two entries, between ``detected`` (or
    ``impact_started``) and ``mitigated`` (or ``resolved``), longer than the severity's limit
    (``max_gap_minutes``: SEV1 60, SEV2 120, SEV3 240 minutes; SEV4 and SEV5 not checked)
    *and* longer than ``max_gap_share`` (0.6) of that unmitigated period. The finding is on
    the entry that ends the silence and names its start and end.

    Why: the unmitigated period is when responders act, and a reader of a silence cannot
    tell "nothing happened" from "nobody wrote it down". Google's incident document is
    updated at least every four hours and at every handoff; status pages update every 30
    minutes during a major incident (reference/practice.md §2, §5). The limit scales with the
    incident: in a 20-minute outage, a 10-minute silence is a lot; during a 17-hour restore
    from backup, a 6-hour wait for the restore is expected, but one silence that covers most
    of the response is not. Gaps before detection (nobody knew yet) and after mitigation
    (cleanup) are not measured, nor is the period when its own bounding milestone's time is
    questioned by PM104-PM106 (that flaw is reported once, there). A silence after an entry that
    says the responders were waiting is written down, as the hint asks: "Waiting for the restore
    to finish", "overnight the pods kept restarting", "Warten auf den Anbieter", "über Nacht"
    (not a wait skipped, given up or ruled out: "rolled back without waiting for the vendor",
    "Decided not to wait for the restore", "Gave up waiting for the vendor", "Waiting for the
    vendor was not an option").

    Configure in ``[tool.pmkit.timeline]``: ``max_gap_minutes = { SEV1 = 45 }``,
    ``max_gap_share = 0.5``.

    Example::

        severity: SEV1
        timeline:
          - {at: 2026-03-02T10:02:00Z, milestone: detected, ...}
          - {at: 2026-03-02T10:05:00Z, milestone: acknowledged, ...}
          - {at: 2026-03-02T12:10:00Z, milestone: mitigated, ...}

    Instead: add what responders did between 10:05 and 12:10 (hypotheses tested and ruled
    out, decisions, escalations, status updates), each with its time.
    """

    code = "PM112"
    name = "timeline-gap"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        settings = _settings(ctx)
        limit_minutes = settings.max_gap_minutes.get(_sev(pm), 0)
        if not limit_minutes:
            return
        first = facts.first
        start_entry = first.get(Milestone.DETECTED) or first.get(Milestone.IMPACT_STARTED)
        end_entry = first.get(Milestone.MITIGATED) or first.get(Milestone.RESOLVED)
        if start_entry is None or end_entry is None or end_entry.at <= start_entry.at:
            return
        questioned = set(facts.blamed_order) | facts.misplaced | facts.imprecise
        if start_entry.index in questioned or end_entry.index in questioned:
            return  # the period's own bounds are in doubt and reported by PM104-PM106
        start, end = start_entry.at, end_entry.at
        period = end - start
        allowed = max(timedelta(minutes=limit_minutes), period * settings.max_gap_share)
        doubtful = facts.future | set(facts.far) | facts.imprecise
        points = sorted(
            (e for e in facts.entries
             if not e.bare_date and e.index not in doubtful and start <= e.at <= end),
            key=lambda e: (e.at, e.index),
        )
        start_name = "detection" if start_entry.milestone is Milestone.DETECTED else "impact start"
        end_name = "mitigation" if end_entry.milestone is Milestone.MITIGATED else "resolution"
        for before, after in pairwise(points):
            silence = after.at - before.at
            # In whole minutes, as the message says it: 60 min 30 s is no silence of "1 h"
            # over a limit of 1 h.
            if timedelta(minutes=silence // timedelta(minutes=1)) <= allowed:
                continue
            if _says_waiting(pm, before.index):
                continue  # the entry says what happened in the silence: the team waited
            yield ctx.report(
                ("timeline", after.index, "at"),
                f"no timeline entry for {fmt_duration(silence)}, from {fmt_time(before.at)} to "
                f"{fmt_time(after.at)}, while the incident was unmitigated (limit for "
                f"{_sev(pm)}: {fmt_duration(timedelta(minutes=limit_minutes))}, or "
                f"{settings.max_gap_share:.0%} of the {fmt_duration(period)} from {start_name} "
                f"to {end_name}, whichever is longer)",
                hint=f"Add what responders did or learned between {fmt_time(before.at)} and "
                f"{fmt_time(after.at)}: hypotheses ruled out, decisions, escalations, status "
                "updates. If the team was waiting on a long operation, say so in an entry.",
                data={"gap_start": before.at.isoformat(), "gap_end": after.at.isoformat()},
            )


@register
class TooFewEntries(TimelineRule):
    """The timeline has fewer entries than the severity calls for.

    What it catches: a timeline shorter than ``min_entries`` for the incident's severity
    (default SEV1 7, SEV2 6, SEV3 4, SEV4 2, SEV5 1): typically just the milestones, with
    nothing about what responders did in between.

    Why: PagerDuty's template asks for the start of the contributing factor, the page, the
    status-page update, the significant actions and the end; Google's example has some twenty
    entries for a two-hour outage (reference/practice.md §2). The milestones alone say when,
    never how.

    Configure in ``[tool.pmkit.timeline]``: ``min_entries = { SEV1 = 10 }``.

    Example::

        severity: SEV1
        timeline:   # the five milestones, and nothing between them
          - {at: 2026-03-02T10:00:00Z, milestone: impact_started, ...}
          - {at: 2026-03-02T10:04:00Z, milestone: detected, ...}
          - {at: 2026-03-02T10:09:00Z, milestone: acknowledged, ...}
          - {at: 2026-03-02T10:55:00Z, milestone: mitigated, ...}
          - {at: 2026-03-02T11:40:00Z, milestone: resolved, ...}

    Instead: add the significant actions between acknowledgement and mitigation (decisions,
    escalations, the status-page update), each with actor, event and evidence.
    """

    code = "PM113"
    name = "too-few-entries"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        need = _settings(ctx).min_entries.get(_sev(pm), 0)
        # Entries the schema dropped (an invalid time, its own finding) were written all the same.
        have = len(facts.entries) + len(ctx.doc.dropped.get(("timeline",), []))
        if have >= need:
            return
        yield ctx.report(
            ("timeline",),
            f"the timeline has {have} entr{'y' if have == 1 else 'ies'}; {_sev(pm)} postmortems "
            f"need at least {need}",
            hint="Add the significant actions between detection and resolution: escalations, "
            "decisions, status-page updates, what was tried and ruled out.",
            key=True,
        )


@register
class MixedOffset(TimelineRule):
    """One entry uses a different UTC offset than the rest, and that looks accidental.

    What it catches: an entry written with an offset (``+02:00``) that at most a third of the
    timeline uses, whose wall-clock time would fit just as well in the offset everyone else
    uses: typically a local time pasted from a chat client into a UTC timeline, or a UTC time
    into one written in the declared ``timezone`` without offsets (those entries use the zone's
    offset). Mixed offsets are allowed (the instants are exact); this is a prompt to check.
    When the offset makes the
    entry out of order, PM105 reports it instead, with the same advice. An offset that is the
    declared ``timezone``'s own at that moment (the night the clocks change) is no slip; nor,
    without a declared ``timezone``, are two offsets that are one zone's local time before and
    after its clocks changed (``-04:00`` until New York's clocks went back, ``-05:00`` after).

    Why: Google and PagerDuty state "all times UTC"; the workbook's good example states its
    zone. Silent time-zone conversion is a known failure mode of incident tools
    (reference/practice.md §2): one hour off moves an entry across a decision.

    Example::

        - at: 2018-10-21T23:07:00Z
        - at: 2018-10-21T23:09:00+02:00   # 21:09 UTC, or 23:09 UTC written in the wrong zone?
        - at: 2018-10-21T23:11:00Z

    Instead::

        - at: 2018-10-21T23:09:00Z
    """

    code = "PM114"
    name = "mixed-offset"
    severity = Severity.INFO

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        dominant = _dominant_offset(facts)
        if dominant is None:
            return
        order_rule = _enabled(ctx, "PM105")
        count = sum(1 for e in facts.entries if _offset_known(e) and e.at.utcoffset() == dominant)
        for entry in facts.entries:
            if entry.bare_date or not entry.explicit_offset or entry.at.utcoffset() == dominant:
                continue
            if pm.timezone and entry.at.astimezone(pm.zone).utcoffset() == entry.at.utcoffset():
                continue  # the declared zone's own offset at that moment: a DST change, not a slip
            if not pm.timezone and _local_zone(facts) is not None:
                continue  # every offset is one zone's at its moment: the clocks changed, no slip
            mistake = _offset_mistake(facts, entry)
            if mistake is None:
                continue  # the wall clock does not fit the common offset: deliberate
            if order_rule and not _fits(facts, entry, entry.at):
                continue  # out of order as written: PM105 reports it with this advice
            yield ctx.report(
                ("timeline", entry.index, "at"),
                f"this entry is written in {_fmt_offset(entry.at.utcoffset() or timedelta(0))} "
                f"while {count} others use {_fmt_offset(dominant)}; its wall clock fits "
                f"{fmt_time(mistake[0])} as well",
                hint=f"If the time was read in {_fmt_offset(dominant)}, correct the offset; "
                "otherwise write it in the same offset as the other entries to avoid doubt.",
            )


def _written(moment: datetime) -> str:
    """``moment`` as a timestamp to write, with its offset: ``2026-10-25T02:10+01:00`` (seconds
    only when it has them; ``+00:00``, not "UTC", which the offset's place cannot hold)."""
    if moment.microsecond:
        wall = moment.replace(tzinfo=None).isoformat(timespec="microseconds")
        offset = moment.isoformat(timespec="microseconds")[len(wall):]
        return wall.rstrip("0") + offset
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


@register
class AmbiguousTime(TimelineRule):
    """A time without an offset that happened twice: the night the clocks went back.

    What it catches: an entry written without a UTC offset, in a document that declares its
    ``timezone``, at a wall-clock time the zone lived through twice (02:30 on the last Sunday
    of October in ``Europe/Berlin``: once in summer time, +02:00, and an hour later in winter
    time, +01:00). pmkit reads it as the first, as Python does; the finding says which reading
    would fit between the entries around it, or, when the list does not tell, which one is in
    order with the other milestones. Such an entry is not also reported as out of order
    (PM105), nor, when its second reading contradicts no milestone, as a milestone-order
    contradiction (PM104).

    Why: the hour after the clocks go back is when overnight incidents are most confusing,
    and an entry read an hour off changes the order of events and the time to mitigate. Only
    the offset says which hour was meant (reference/practice.md §2: times with their zone).

    Example::

        timezone: Europe/Berlin
        timeline:
          - at: 2026-10-25T02:40:00   # 00:40 or 01:40 UTC?

    Instead::

        timezone: Europe/Berlin
        timeline:
          - at: 2026-10-25T02:40:00+01:00   # the second 02:40 (winter time)
    """

    code = "PM115"
    name = "ambiguous-time"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        for entry in facts.entries:
            later = facts.ambiguous.get(entry.index)
            if later is None:
                continue
            wall = f"{later.strftime('%Y-%m-%d')} {_clock(later)}"
            first, second = fmt_time(entry.at), fmt_time(later)
            fits_first, fits_second = _fits(facts, entry, entry.at), _fits(facts, entry, later)
            fits = "fits between the entries around it"
            if fits_first == fits_second and entry.milestone is not None \
                    and facts.first.get(entry.milestone) is entry:
                # The list does not tell; the other milestones may ('mitigated' before 'detected').
                fits_first = _in_causal_order(facts.first, entry, entry.at)
                fits_second = _in_causal_order(facts.first, entry, later)
                fits = "is in order with the other milestones"
            if fits_second and not fits_first:
                which = f"; only the second {fits}"
            elif fits_first and not fits_second:
                which = f"; only the first {fits}"
            else:
                which = ""
            yield ctx.report(
                ("timeline", entry.index, "at"),
                f"{wall} happened twice in {pm.timezone} (the clocks went back): read as the first, "
                f"{first}, not the second, {second}{which}",
                hint=f"Write the offset: {_written(entry.at)} for the first, {_written(later)} for the "
                "second.",
            )


#: What was affected, as an entry names it when the impact comes back.
_IMPACT_EN = (r"(?:impact|errors?|error[- ]rates?|outages?|failures?|timeouts?|latency|latencies|"
              r"5xx|50[0-4]s?|degradation|symptoms?|lag|backlogs?|packet\s+loss|(?:the\s+)?(?:issue|problem|incident))")
_IMPACT_DE = (r"(?:Fehler(?!such|analys|behebung|bericht)\w*|Störung(?!smeld|sbericht)\w*|Ausfall|Ausfälle|"
              r"Auswirkung\w*|Timeouts?|Zeitüberschreitung\w*|Latenz\w*|(?:das\s+)?Problem|"
              r"Alarm(?!ierung)\w*)")
#: Up to two words between what was affected and the verb ("errors on checkout returned"),
#: but not a word that makes the impact a mere qualifier of people, meetings or tools: "the
#: incident commander returned", "the incident review resumed", "outage notifications
#: resumed", "the latency dashboard came back".
_BETWEEN_EN = (r"(?:\s+(?!(?:commanders?|calls?|reviews?|triage|tracking|trackers?|dashboards?|"
               r"notifications?|channels?|bridges?|tickets?|budgets?|meetings?|reports?|reporting|analys[ie]s|"
               r"investigations?|owners?|managers?|responders?|teams?|queues?|logs?|handling|management|"
               r"response|postmortems?|retrospectives?|updates?|comms)\b)\w+){0,2}?")
#: Words after "came back", "returned", "is back" or "resumed" that make it a recovery: "came
#: back down", "returned to normal", "back at baseline", "back within SLO", "returned below
#: 0.1%", "resumed its normal pattern", "back under control"; a search or a query that
#: "returned no results", and "the 503s returned by the load balancer" (the passive).
_RECOVERED_EN = (r"(?!\s+(?:to|down|under|below|within|inside|into|at\s+(?:baseline|normal)|normal\w*|"
                 r"nominal\w*|in\s+(?:range|line|bounds|SLO)|(?:its|their)\s+(?:normal|usual|previous)|"
                 r"0|zero|no|none|nothing|empty|by|online)\b)")
#: Up to three words of a German clause between a separable verb and its particle ("traten die
#: Fehler im Checkout erneut auf"), as the decision verbs allow a bounded gap there.
_GAP_DE = r"(?:[^\s.;:!?,]+\s+){0,3}?"
#: The impact coming back after the incident was called over, in the entry's own words:
#: "Errors returned", "the outage recurred", "5xx rose again", "Fehler traten erneut auf".
#: "returned to normal" and "wieder normal" are recoveries, not regressions. An alert is
#: a regression only when it fires again: "alerts resumed" is the paging that was silenced.
_RETURNED = {
    "en": re.compile(
        r"\b" + _IMPACT_EN + r"\b" + _BETWEEN_EN + r"\s+"
        r"(?:(?:returned|resumed|came\s+back|(?:was|were|is|are)\s+back)\b" + _RECOVERED_EN + r"|"
        r"recurred|re-?occurred|reappeared|resurfaced|"
        r"(?:rose|spiked|started|began|climbed|increased|jumped|fired|triggered|grew|surged|degraded|"
        r"worsened|went\s+up|built\s+up)\s+(?:again|once\s+more)|"
        r"(?:rose|spiked|climbed|jumped|went|shot)\s+back\s+up|"
        # "5xx climbed back to 5%": worse again ("went back to" may be a recovery, and so may
        # "crept back to baseline").
        r"(?:rose|spiked|climbed|jumped|shot)\s+back\s+(?:up\s+)?(?:to|above|over)\b|"
        r"crept\s+back\s+(?:up\s+(?:to|above|over)|above|over|to(?!\s+(?:(?:the|its|their)\s+)?"
        r"(?:normal|baseline|pre-?incident|usual|previous|expected|healthy)\b))\b)"
        # "Users were again unable to log in", "Customers once more could not check out".
        r"|\b(?:users?|customers?|clients?|merchants?|visitors?|players?|people)\s+(?:(?:were|was|are|is)\s+)?"
        r"(?:again|once\s+more)(?=\s+(?:unable|not\s+able|could\s+not|couldn't|cannot|can't|failed\s+to)\b)"
        r"|\b(?:the\s+)?alerts?\b(?:\s+\w+){0,2}?\s+(?:fired|triggered|went\s+off|started|began)\s+again"
        r"|\b(?:recurrence|regression)\s+of\s+(?:the\s+)?" + _IMPACT_EN + r"\b"
        # "We are seeing errors again", "Customers reported timeouts again".
        r"|\b(?:seeing|saw|seen|getting|got|observed|reported)\s+(?:\w+\s+){0,2}?" + _IMPACT_EN
        + r"\s+again\b"
        # "Customers again reported login failures", "Users once more saw timeouts"; not "again
        # reported that the errors were gone" or "again reported no errors".
        r"|\b(?:again|once\s+more)\s+(?:reported|reporting|saw|seeing|observed|hit|got|getting|experienced)\s+"
        r"(?:(?!(?:that|no|whether|if|fewer|less)\b)\w+\s+){0,2}?" + _IMPACT_EN + r"\b"
        # "Logins again failed", "Checkout requests failed again".
        r"|\b(?:logins?|sign-?ins?|requests?|checkouts?|payments?|orders?|uploads?|downloads?|searches|"
        r"api\s+calls?|queries|transactions?)\s+(?:again\s+failed|failed\s+(?:again|once\s+more))\b"
        # "Another spike of 5xx errors", "a second wave of timeouts".
        r"|\b(?:another|a\s+second|a\s+new)\s+(?:spike|wave|round|burst|bout)\s+of\s+(?:the\s+)?"
        + _IMPACT_EN + r"\b",
        re.IGNORECASE),
    "de": re.compile(
        r"\b" + _IMPACT_DE + r"(?:\s+\w+){0,2}?\s+"
        r"(?:(?:traten|trat|tauchten|tauchte)\s+" + _GAP_DE + r"(?:erneut|wieder)\s+auf\b|"
        r"(?:kehrten?|kamen?)\s+zurück\b(?!\s+(?:auf|zu|zum|zur|in|unter)\b)|"
        r"(?:stiegen|stieg|begannen|begann)\s+(?:erneut|wieder)|(?:nahmen|nahm)\s+(?:erneut|wieder)\s+zu\b|"
        r"(?:(?:sind|ist|waren|war)\s+)?(?:erneut|wieder)\s+(?:da|aufgetreten)\b|"
        # "Die Fehler sind zurück", not "sind zurück auf Normalniveau".
        r"(?:sind|ist|waren|war)\s+(?:wieder\s+)?zurück\b(?!\s+(?:auf|zu|zum|zur|in|im|unter|bei|beim)\b))"
        # "Erneut Fehler im Checkout", "Wieder Timeouts beim Login": a sentence that opens with it;
        # not "Wieder weniger Fehler", "Wieder normale Fehlerraten", "Erneut keine Fehler".
        r"|(?:^|(?<=[.!?;]\s))(?:erneut|wieder|abermals)\s+"
        r"(?:(?!(?:kein\w*|weniger|normal\w*|niedriger\w*|geringer\w*|kaum)\b)\w+\s+)?"
        + _IMPACT_DE + r"\b"
        # "Kunden konnten sich erneut nicht anmelden".
        r"|\b(?:Kunden|Kundinnen|Nutzer\w*|Benutzer\w*|Anwender\w*|Händler\w*)\s+(?:konnten|konnte|können|kann)\s+"
        r"(?:sich\s+)?(?:erneut|wieder)(?=\s+nicht\b)"
        r"|\b(?:erneut|wieder)\s+(?:aufgetretene?n?|auftretende?n?)\s+" + _IMPACT_DE
        # "Kunden meldeten erneut Fehler beim Login", "Logins schlugen wieder fehl".
        + r"|\b(?:meldeten|meldete|berichteten|berichtete|sahen|sah)\s+(?:erneut|wieder)\s+"
        r"(?:(?!(?:keine?n?|dass|ob|weniger)\b)\w+\s+){0,2}?" + _IMPACT_DE
        # The verb second and what was affected after it: "Im Checkout traten die Fehler erneut
        # auf", "Ab 11:20 traten wieder Fehler auf".
        + r"|\b(?:traten|trat|tauchten|tauchte)\s+" + _GAP_DE + _IMPACT_DE + r"\s+" + _GAP_DE
        + r"(?:erneut|wieder)\s+auf\b"
        r"|\b(?:traten|trat|tauchten|tauchte)\s+(?:erneut|wieder)\s+" + _GAP_DE + _IMPACT_DE + r"\s+"
        + _GAP_DE + r"auf\b"
        + r"|\b(?:Logins?|Anmeldungen|Anfragen|Requests|Zahlungen|Bestellungen|Uploads|Checkouts?|"
        r"Suchanfragen)"
        r"\s+(?:schlugen|scheiterten)\s+(?:erneut|wieder)(?:\s+fehl)?\b",
        re.IGNORECASE),
}
#: A denial before the words ("no errors returned", "keine Fehler traten erneut auf").
_DENIED = re.compile(r"\b(?:no|not|never|without|kein\w*|nicht|nie|ohne)\b", re.IGNORECASE)
#: A question or a supposition before the words, in their clause: "checked if the timeouts
#: reappeared", "to see whether the errors came back", "in case the errors returned",
#: "monitored overnight for a recurrence of the errors", "geprüft, ob", "falls".
_ASKED = re.compile(r"\b(?:whether|if|in\s+case|unless|ob|falls|(?:watch|monitor|check|look)\w*\s+"
                    r"(?:\w+\s+){0,2}?for)\b", re.IGNORECASE)


@register
class ImpactAfterResolved(TimelineRule):
    """An entry after ``resolved`` (or ``mitigated``) says the impact came back.

    What it catches: a timeline entry timed after the ``resolved`` milestone, or after
    ``mitigated``, whose event says that the impact returned: "Errors returned", "the outage
    recurred", "5xx rose again", "Error rate spiked again", "Fehler traten erneut auf" (and with
    the verb second, "Im Checkout traten die Fehler erneut auf", "Ab 11:20 traten wieder Fehler
    auf"), "Die Störung kehrte zurück", "Errors resurfaced", "the error rate increased again",
    "Consumer lag grew again", "Latency degraded again", "Timeouts went up once more", "Die
    Fehler nahmen wieder zu", "We are seeing errors again", "Customers again reported login
    failures", "Logins failed again", "Kunden meldeten erneut Fehler", "Another spike of 5xx
    errors", "Users were again unable to log in", "5xx climbed back to 5%", "Die Fehler sind
    zurück", "Fehler wieder da", "Erneut Fehler im Checkout", "Kunden konnten sich erneut
    nicht anmelden". A recovery ("error rates returned to normal", "latency came back down", "errors
    back at baseline", "returned below 0.1%", "back within SLO", "wieder normal", "kehrten auf
    Normalniveau zurück"), alerting that resumes ("alerts resumed normal routing": only an alert
    that fires again is the impact), a query that "returned no results", errors "returned by" a
    service, a denial ("no errors returned") and a question or a supposition ("checked if the
    timeouts reappeared", "in case the errors returned", "watched for a recurrence") are not
    reported, nor are people, meetings and tools named after the impact ("the incident commander
    returned", "the incident review resumed", "the latency dashboard came back online", "die
    Fehlersuche", "die Alarmierung ist wieder da"), nor a sentence whose times of day are all
    before the impact first ended, which tells of the impact then ("answered the tickets about
    the errors that returned at 10:20"). The finding points at the words, in the first entry
    that tells of the return after that milestone: the entries that go on about it ("the lag
    alert fired again" after "lag grew again") tell of the same return.

    Why: ``mitigated`` and ``resolved`` are the moments the impact ended; time to mitigate,
    time to resolve and the impact duration are counted to them (``pmkit stats``, the rendered
    page). When the impact came back, the incident was not over: those figures, and every
    clock that counts from ``resolved`` (the postmortem's own deadline), are too short. The
    milestone is "resolution / impact end", and the MTTx metrics are computed from the
    milestones (reference/practice.md §2: validator rules, FireHydrant milestones).

    Example::

        - {at: 2026-02-03T11:00:00Z, milestone: resolved, event: Error rates back to baseline.}
        - {at: 2026-02-03T12:30:00Z, event: Errors returned after the cache warmed up.}
        - {at: 2026-02-03T13:10:00Z, event: Rolled back the cache change.}

    Instead: mark the end of the impact where it ended for good::

        - {at: 2026-02-03T11:00:00Z, event: Error rates back to baseline.}
        - {at: 2026-02-03T12:30:00Z, event: Errors returned after the cache warmed up.}
        - {at: 2026-02-03T13:10:00Z, milestone: resolved, event: Rolled back the cache change.}
    """

    code = "PM116"
    name = "impact-after-resolved"
    severity = Severity.WARNING

    def check_timeline(self, ctx: Context, pm: Postmortem, facts: Analysis) -> Iterator[Diagnostic]:
        from pmkit.textmap import locate

        pattern = _RETURNED.get(pm.lang.value, _RETURNED["en"])
        ends = [facts.first[m] for m in (Milestone.MITIGATED, Milestone.RESOLVED) if m in facts.first]
        ends = [end for end in ends if not end.bare_date]
        if not ends or not pm.timeline:
            return
        told: set[Milestone] = set()  # the milestones a relapse was reported after
        for entry in facts.entries:
            event = pm.timeline[entry.index].event
            passed = [end for end in ends if _certainly_before(end, entry)]
            if not event or not passed or entry.milestone in (Milestone.MITIGATED, Milestone.RESOLVED):
                continue
            # Times of day the entry names that are all before the impact first ended quote
            # the impact, not its return: "tickets about the errors that returned at 10:20".
            first = min(passed, key=lambda end: end.at)
            limit = first.at.time() if entry.at.astimezone(first.at.tzinfo).date() == first.at.date() \
                else None
            hit = _regression(pattern, event, limit)
            if hit is None:
                continue
            end = passed[-1]
            assert end.milestone is not None
            if end.milestone in told:
                continue  # the same return told again ("the lag alert fired again"): one finding
            told.add(end.milestone)
            name = end.milestone.value
            path = ("timeline", entry.index, "event")
            span = locate(ctx.doc, path, event, hit.start(), hit.end())
            yield ctx.report(
                path,
                f"the entry at {fmt_time(entry.at)} says the impact came back ('{hit.group(0)}'), "
                f"after '{name}' at {fmt_time(end.at)} (line {_line(ctx, end.index)}): the impact "
                "had not ended for good, so " + ("the time to resolve and the impact duration counted "
                "to it are" if end.milestone is Milestone.RESOLVED else "the time to mitigate counted "
                "to it is") + " too short",
                hint=f"Move 'milestone: {name}' to the entry where the impact ended for good; if what "
                     "came back was a new incident, give it a postmortem of its own.",
                span=span,
            )


#: A time of day written in an event: "at 10:20", "between 10:20 and 10:30".
_TIME_OF_DAY = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d])")


def _regression(pattern: re.Pattern[str], event: str, limit: time | None = None) -> re.Match[str] | None:
    """The first words of ``event`` that say the impact came back, unless its sentence denies
    it before them ("no errors returned"), its clause only asks or supposes it ("checked if
    the timeouts reappeared", "in case the errors returned", "watched for a recurrence"), or
    every time of day its sentence names is before ``limit``, the time the impact first ended
    (on the entry's day): then it tells of the impact before, not of its return."""
    for hit in pattern.finditer(event):
        start = max(event.rfind(".", 0, hit.start()), event.rfind(";", 0, hit.start())) + 1
        if limit is not None:
            ends = [i for i in (event.find(". ", hit.end()), event.find(";", hit.end())) if i >= 0]
            said = _TIME_OF_DAY.findall(event, start, min(ends, default=len(event)))
            times = [time(int(hour), int(minute)) for hour, minute in said]
            if times and all(moment < limit for moment in times):
                continue
        clause = max([start - 1] + [event.rfind(mark, 0, hit.start()) for mark in ",:"]) + 1
        if _DENIED.search(event, start, hit.end()) is None \
                and _ASKED.search(event, clause, hit.start()) is None:
            return hit
    return None


__all__ = [
    "AmbiguousTime",
    "Analysis",
    "DuplicateMilestone",
    "FarFromIncident",
    "FutureTime",
    "ImpactAfterResolved",
    "ImpreciseTime",
    "MilestoneOrder",
    "MissingActor",
    "MissingEvent",
    "MissingEvidence",
    "MissingMilestone",
    "MixedOffset",
    "NoTimeline",
    "TimelineGap",
    "TimelineOrder",
    "TimelineSettings",
    "TooFewEntries",
    "analyse",
    "doubted_milestones",
    "fmt_duration",
    "fmt_time",
    "parse_settings",
]
