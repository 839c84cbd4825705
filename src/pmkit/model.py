"""The postmortem schema: the file format of ``docs/format.md`` as strict pydantic models.

Only what identifies a postmortem is required (format version, id, title, status, severity,
language). Everything else is optional here on purpose: a draft in progress must still load,
and a missing timeline is a rule finding with advice (PM1xx), not a schema error.

Timestamps must carry a UTC offset unless the document declares an IANA ``timezone``; they are
parsed here (not by YAML) so that the document's zone can be applied and a naive time gets its
own, precise error.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal, NoReturn

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic import Strict as StrictMode
from pydantic_core import PydanticCustomError

from pmkit.diagnostics import named_char, shown
from pmkit.vocabulary import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    MAX_YEAR,
    MIN_YEAR,
    ActionStatus,
    ActionType,
    Audience,
    BareDate,
    IncidentSeverity,
    Lang,
    Milestone,
    Priority,
    Status,
    resolve_zone,
    shows_nothing,
    visible_pattern,
    whole_number,
)

FORMAT_VERSION = 1


# --- timestamps ------------------------------------------------------------------------------

_YEAR = r"(?:19|2[0-9])[0-9]{2}"

#: What a timestamp may have around it: the blanks that every regex engine, and so every JSON
#: Schema validator, means by the same class (\s differs between Python's and ECMA-262's).
_BLANKS = " \t\r\n"

# [0-9], not \d: Python's \d takes any Unicode digit ("２０２５"), which datetime then refuses
# with a message that shows the text as rewritten here, not as written.
_TS_RE = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[Tt ](?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
    r" *(?P<tz>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
)

# The published patterns say what the parser accepts, value by value, so that a JSON Schema
# validator and pmkit agree on a month 13, a 30 February, a 24:00 or a +24:00 offset. They use
# [0-9], not \d (which some validators read as any Unicode digit), and allow the white space
# around the value that pmkit ignores.
_LEAP_YEAR = r"(?:(?:19|2[0-9])(?:0[48]|[2468][048]|[13579][26])|2000|2400|2800)"
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
              r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              r"|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_DAY = r"(?:" + _YEAR + "-" + _MONTH_DAY + "|" + _LEAP_YEAR + r"-02-29)"
_TIME = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"
# (offsets from -12:00 to +14:00, the ones zones use: see OFFSET_RANGE)
_OFFSET = (r"(?:[Zz]|\+(?:0[0-9]|1[0-3])(?::?[0-5][0-9])?|\+14(?::?00)?"
           r"|-(?:0[0-9]|1[01])(?::?[0-5][0-9])?|-12(?::?00)?)")
_AROUND = r"[ \t\r\n]*"  # _BLANKS, as a regex


def _pattern(body: str) -> str:
    return "^" + _AROUND + body + _AROUND + "$"


TIMESTAMP_PATTERN = _pattern(_DAY + r"(?:[Tt ]" + _TIME + " *" + _OFFSET + r"?)?")
DATE_PATTERN = _pattern(_DAY)
_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _is_bare_date(value: Any) -> bool:
    """Whether ``value`` is text written as a date alone (``2025-06-16``), without a time, or a
    ``date`` given in code (a model built by a script), which is the same day: it was refused as
    a timestamp "with no UTC offset" where the text of it was read in UTC."""
    if isinstance(value, date):
        return not isinstance(value, datetime)
    return isinstance(value, str) and _DATE_SHAPE.match(value.strip(_BLANKS)) is not None


def _in_range(moment: date, value: Any) -> None:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise PydanticCustomError(
            "year_range", "'{value}' is outside the years {low} to {high} that pmkit checks",
            {"value": str(value), "low": MIN_YEAR, "high": MAX_YEAR},
        )


def _zone(info: ValidationInfo) -> Any:
    context = info.context if isinstance(info.context, dict) else {}
    return context.get("tzinfo")


def _declared_zone(info: ValidationInfo) -> bool:
    """Whether the document writes a ``timezone`` (known or not; ``timezone: ~`` is none)."""
    context = info.context if isinstance(info.context, dict) else {}
    return bool(context.get("declared"))


def _next_day(text: str) -> date | None:
    """The day after the date ``text`` (``2026-03-29``), or None when it is no date or the
    last one Python has."""
    try:
        return date.fromisoformat(text) + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def _unseen_at_edge(value: str, kind: str, what: str) -> None:
    """Raise ``kind`` naming the character when ``value`` is a date or a timestamp but for one at
    its start or end that shows as a space or as nothing (a no-break space from a web page, a
    zero-width space): quoted as it is, the value looked the same as a valid one with a plain
    space there, which is skipped."""
    text = value.strip(_BLANKS)
    start, end = 0, len(text)
    while start < end and shows_nothing(text[start]):
        start += 1
    while end > start and shows_nothing(text[end - 1]):
        end -= 1
    if (start, end) == (0, len(text)) or _TS_RE.match(text[start:end]) is None:
        return
    side, around = ("end", text[end:]) if end < len(text) else ("start", text[:start])
    char = next(char for char in around if char not in _BLANKS)
    looks = ("looks like a space but is not one" if char.isspace() or unicodedata.category(char) == "Zs"
             else "does not show")
    raise PydanticCustomError(
        kind, "'{value}' is not {what}: it {side}s with {unseen}, which {looks}",
        {"value": shown(value), "what": what, "side": side, "unseen": named_char(char), "looks": looks},
    )


def parse_timestamp(value: Any, info: ValidationInfo) -> datetime:
    """Parse an ISO 8601 timestamp; naive ones need the document's ``timezone``.

    A bare date (``2018-10-21``) is accepted as midnight: the timeline rules flag it as
    imprecise where minute precision matters, which is a better message than a type error.
    """
    if isinstance(value, datetime):
        raw = value
    elif isinstance(value, date):
        raw = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        match = _TS_RE.match(value.strip(_BLANKS))
        if not match:
            _unseen_at_edge(value, "timestamp_format", "an ISO 8601 timestamp such as 2018-10-21T22:52:00Z")
            _other_iso_form(value, "timestamp_format", unzoned=_zone(info) is None)
            _other_marks(value, unzoned=_zone(info) is None)
            _bracketed_zone(value)
            _zone_written_out(value)
            raise PydanticCustomError(
                "timestamp_format",
                "'{value}' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z",
                {"value": shown(value)},  # (a character that does not show, escaped)
            )
        text = value.strip(_BLANKS)
        if len(text) > 10:  # the date-time separator (a space or "t" too) is the 11th character
            text = f"{text[:10]}T{text[11:]}"
        if match.group("tz"):
            tz = match.group("tz")
            # Said here in the author's terms: Python's own error for a +24:00 offset names its
            # timedelta internals.
            if len(tz) >= 3 and int(tz[1:3]) > 23:
                raise PydanticCustomError(
                    "timestamp_format", "'{value}' is not a valid timestamp: offset hours must be in 0..23",
                    {"value": value},
                )
            if len(tz) > 3 and int(tz[-2:]) > 59:
                raise PydanticCustomError(
                    "timestamp_format", "'{value}' is not a valid timestamp: offset minutes must be in 0..59",
                    {"value": value},
                )
            _offset_in_use(value, tz)
            if tz in ("z", "Z"):
                text = text[: -len(tz)] + "+00:00"
            elif len(tz) == 3:
                text += ":00"
        clock = (match.group("time") or "").split(":")
        if len(clock) == 3 and clock[2].split(".")[0] == "60":
            # A leap second (23:59:60 on 31 December 2016) is real, but no clock pmkit computes
            # with has it; Python's "second must be in 0..59" reads as a typo.
            raise PydanticCustomError(
                "timestamp_format",
                "'{value}' is a leap second, which pmkit cannot count with: write the second "
                "before it (:59)",
                {"value": value},
            )
        if len(clock) >= 2 and clock[0] == "24" and all(not part.strip("0.") for part in clock[1:]) \
                and (following := _next_day(text[:10])) is not None:
            # ISO 8601's end of day (24:00) is the first instant of the next day; Python's "hour
            # must be in 0..23" reads as a typo in the hour, and does not say what to write.
            raise PydanticCustomError(
                "timestamp_format",
                "'{value}' writes the end of the day as 24:00, which pmkit does not read: write the "
                "next day's 00:00 ({instead})",
                {"value": value, "instead": f"{following.isoformat()}T00:00"
                 + (f":{clock[2]}" if len(clock) == 3 else "") + (match.group("tz") or "")},
            )
        if match.group("time") and len(match.group("time").split(":")[0]) == 1:
            text = text.replace("T", "T0", 1)
        try:
            raw = datetime.fromisoformat(text.replace(" ", ""))
        except ValueError as exc:
            raise PydanticCustomError(
                "timestamp_format", "'{value}' is not a valid timestamp: {why}",
                {"value": value, "why": str(exc)},
            ) from None
    else:
        raise PydanticCustomError(
            "timestamp_type", "expected a timestamp such as 2018-10-21T22:52:00Z, got {kind}",
            {"kind": type(value).__name__},
        )
    if raw.tzinfo is None:
        zone = _zone(info)
        if zone is None and _is_bare_date(value):
            # A bare date has no time of day to be ambiguous about; the timeline rules flag it
            # as imprecise where minutes matter.
            zone = timezone.utc
        if zone is None and _declared_zone(info):
            # The document does name a zone, one pmkit cannot use (PM016, or PM012 for a number):
            # "declares no timezone" would send the author looking for a line that is there.
            raise PydanticCustomError(
                "naive_timestamp",
                "timestamp '{value}' has no UTC offset, and the document's timezone is not a time "
                "zone pmkit knows",
                {"value": str(value), "unusable_zone": True},
            )
        if zone is None:
            raise PydanticCustomError(
                "naive_timestamp",
                "timestamp '{value}' has no UTC offset and the document declares no timezone",
                {"value": str(value)},
            )
        raw = raw.replace(tzinfo=zone)
        if _skipped(raw) and not _is_bare_date(value):
            raise PydanticCustomError(
                "timestamp_format",
                "'{value}' does not exist in {zone}: the clocks skipped {what}; write the time "
                "with its UTC offset",
                {"value": str(value), "zone": str(zone), "what": _gap(raw), "readings": _readings(raw)},
            )
    _in_range(raw, value)
    offset = raw.utcoffset()
    if not isinstance(raw.tzinfo, timezone) and offset is not None:
        # Python subtracts and compares two datetimes of the same tzinfo by their wall clocks,
        # ignoring the offsets: in a zone with DST, 01:30 CEST to 04:30 CET on the night the
        # clocks go back would be 3 h, not 4. A fixed offset per timestamp keeps durations,
        # order and gaps in real time; rules show times in the document's zone anyway.
        raw = raw.replace(tzinfo=timezone(offset))
    if _is_bare_date(value):
        return BareDate.combine(raw.date(), raw.timetz())
    return raw


#: The UTC offsets time zones use, in minutes: from -12:00 (Baker Island) to +14:00 (Kiribati's
#: Line Islands). ISO 8601 allows hours to 23, but "+15:00" is a slip (a sign or a digit).
OFFSET_RANGE = (-12 * 60, 14 * 60)


def _offset_in_use(value: str, tz: str) -> None:
    """Raise the finding for an offset that no zone uses (``+15:00``, ``-13:00``), naming the
    offset (its place in ``value`` too, for the finding to point at it) and the range there is."""
    if tz in ("z", "Z"):
        return
    minutes = int(tz[1:3]) * 60 + (int(tz[-2:]) if len(tz) > 3 else 0)
    minutes *= -1 if tz[0] == "-" else 1
    if OFFSET_RANGE[0] <= minutes <= OFFSET_RANGE[1]:
        return
    raise PydanticCustomError(
        "timestamp_format",
        "'{value}' has the UTC offset {tz}, which no time zone uses: offsets run from -12:00 to +14:00",
        {"value": value, "tz": tz, "offset_at": value.rstrip(_BLANKS).rfind(tz)},
    )


#: ISO 8601 forms that pmkit does not read (the published schema's pattern refuses them too):
#: week dates (2024-W10-3), ordinal dates (2024-071) and the basic format (20240306T1005Z).
_WEEK_DATE = re.compile(r"^([0-9]{4})-?W([0-9]{2})-?([1-7])(?P<rest>[Tt ].*)?$")
_ORDINAL_DATE = re.compile(r"^([0-9]{4})-?([0-9]{3})(?P<rest>[Tt ].*)?$")
_BASIC = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})(?:[Tt]([0-9]{2})([0-9]{2})([0-9]{2})?"
                    r"(?:[.,][0-9]+)?(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$")

#: A day-first date with dots, as German (and much of Europe) writes it: "08.03.2026",
#: "08.03.2026 14:05", "8.3.2026, 14:05 Uhr". Unambiguous, unlike "03/08/2026".
_DOTTED = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?:,?[ \t]*(?:um[ \t]+)?([0-9]{1,2}):([0-9]{2})"
                     r"(?::([0-9]{2}))?(?:[ \t]*Uhr)?(?P<zone>[ \t]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?))?)?$")


#: A date with slashes, as the US (month first) and the UK (day first) write it, with an
#: optional time on a 24- or 12-hour clock: "11/30/2026", "30/11/2026 14:05", "3/4/2026, 9:05 PM".
_SLASHED = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:,?[ \t]*(?P<time>[0-9]{1,2}:[0-9]{2}"
                      r"(?::[0-9]{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?))?$")
#: A date with slashes, year first, as logs and East Asian locales write it ("2018/10/21 22:52"),
#: and the rest: a time with or without its zone.
_YEAR_SLASHED = re.compile(r"^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})(?:(?:[Tt]|,?[ \t]+)(?P<rest>[0-9].*))?$")
#: An ISO date with a time on a 12-hour clock: "2026-11-30 9:14 AM".
_TWELVE_HOUR = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ][ \t]*"
                          r"(?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?[ \t]*[AaPp]\.?[Mm]\.?)$")
_CLOCK_12 = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?[ \t]*(?:([AaPp])\.?[Mm]\.?)?")


def _time_of_day(text: str | None) -> str | None:
    """"T14:05" for "14:05", "2:05 PM" or "02:05 pm"; "" for no time; None for no time of day
    ("13:00 PM", "0:30 AM")."""
    if not text:
        return ""
    found = _CLOCK_12.fullmatch(text.strip())
    if found is None:
        return None
    hour, minute, second, half = int(found[1]), found[2], found[3], (found[4] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"T{hour:02d}:{minute}" + (f":{second}" if second else "")


#: Month names in English and German, and their short forms, by the first letters that tell them
#: apart ("Nov", "November", "Mär", "Maerz", "Okt", "Sept").
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "mär": 3, "mae": 3, "mrz": 3, "apr": 4, "may": 5, "mai": 5,
           "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12}
_MONTH_WORD = r"(?P<month>[A-Za-zÄäÖöÜü]{3,9})\.?"
_WORDED_TIME = (r"(?:,?[ \t]+(?:at[ \t]+|um[ \t]+)?(?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
                r"(?:[ \t]*[AaPp]\.?[Mm]\.?)?)(?:[ \t]*Uhr)?[ \t]*"
                r"(?P<zone>Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$")
_WORDED_YEAR = r",?[ \t]+(?P<year>[0-9]{4})"
#: A date with its month in words, month first as US English writes it ("Nov 3, 2026", "November
#: 3rd 2026") or day first as British English and German do ("3 Nov 2026", "3. November 2026").
_WORDED = (re.compile(r"^" + _MONTH_WORD + r"[ \t]+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?" + _WORDED_YEAR
                      + _WORDED_TIME),
           re.compile(r"^(?P<day>[0-9]{1,2})(?:st|nd|rd|th|\.)?[ \t]+" + _MONTH_WORD + _WORDED_YEAR
                      + _WORDED_TIME))
_MONTH_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                          "september", "october", "november", "december", "januar", "februar", "märz",
                          "maerz", "mai", "juni", "juli", "oktober", "dezember", "sept"})


def _month_number(word: str) -> int | None:
    """The month a name in English or German names ("Nov", "November", "März", "Okt"), or None."""
    lowered = word.lower()
    month = _MONTHS.get(lowered[:3])
    return month if month is not None and (len(lowered) == 3 or lowered in _MONTH_NAMES) else None


def _worded(text: str) -> tuple[re.Match[str], date] | None:
    """A date with its month in words ("Nov 3, 2026", "3. November 2026 14:05 UTC"): the match
    (its time and zone) and the day; None for anything else, or no such day (31 November)."""
    found = next((m for m in (pattern.match(text) for pattern in _WORDED) if m is not None), None)
    month = _month_number(found["month"]) if found is not None else None
    if found is None or month is None:
        return None
    try:
        return found, date(int(found["year"]), month, int(found["day"]))
    except ValueError:
        return None


def written_day(text: str) -> date | None:
    """The day a date written as people write one names, without a time of day: "21.10.2015",
    "October 21, 2015", "21 Oct 2015", "3. November 2026"; None for anything else."""
    text = text.strip()
    if (dotted := _DOTTED.match(text)) is not None and dotted[4] is None:
        try:
            return date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
        except ValueError:
            return None
    worded = _worded(text)
    return worded[1] if worded is not None and not worded[0]["time"] else None


def _month_in_words(value: str, text: str, kind: str, unzoned: bool) -> None:
    """Raise the finding for a date with its month in words ("Nov 3, 2026", "3. November 2026
    14:05 UTC"), naming the date (and time) to write; else return."""
    worded = _worded(text)
    if worded is None:
        return  # (31 November: no date to offer, the plain message says enough)
    found, day = worded
    clock = _time_of_day(found["time"])
    if clock is None:
        return
    meant = day.isoformat()
    if clock and kind != "date_format":  # a due date's time is not read: the day is meant
        zone = found["zone"] or ""
        if zone.upper() in ("Z", "UTC", "GMT"):
            zone = "Z"
        elif len(zone) == 5:
            zone = f"{zone[:3]}:{zone[3:]}"
        elif len(zone) == 3:
            zone += ":00"
        meant += clock + zone
        try:
            datetime.fromisoformat(meant.replace("Z", "+00:00"))
        except ValueError:
            return  # 25:00 or 10:75: no moment to offer, the plain message says enough
    _offer(value, "has its month in words", meant, kind, unzoned)


#: A quarter ("Q1 2027", "2026-Q4", "end of Q2 2027") or a month ("2026-11", "November 2026")
#: written for a due date: a period, not the day the work is due.
_QUARTER = re.compile(r"^(?:(?:by |end of |bis |ende )?(?:the )?)?(?:Q(?P<q1>[1-4])[ \t]*(?:/|-|[ \t])?[ \t]*"
                      r"(?P<y1>[0-9]{4})|(?P<y2>[0-9]{4})[ \t]*[-/ ][ \t]*Q(?P<q2>[1-4]))$", re.IGNORECASE)
_MONTH_ONLY = re.compile(r"^(?:(?:by |end of |bis |ende )?)?(?:(?P<y1>[0-9]{4})-(?P<m1>[0-9]{2})|"
                         + _MONTH_WORD + r",?[ \t]+(?P<y2>[0-9]{4}))$", re.IGNORECASE)


def _period(value: str, text: str) -> None:
    """Raise the finding for a quarter or a month written where a due date goes, with the
    period's last day to offer; else return."""
    import calendar

    if (quarter := _QUARTER.match(text)) is not None:
        year, number = int(quarter["y1"] or quarter["y2"]), int(quarter["q1"] or quarter["q2"])
        what, month = "a quarter", number * 3
    elif (whole := _MONTH_ONLY.match(text)) is not None:
        year = int(whole["y1"] or whole["y2"])
        found = int(whole["m1"]) if whole["m1"] else _month_number(whole["month"])
        if found is None or not 1 <= found <= 12:
            return
        what, month = "a month", found
    else:
        return
    if not MIN_YEAR <= year <= MAX_YEAR:
        return
    last = date(year, month, calendar.monthrange(year, month)[1])
    raise PydanticCustomError("date_format", "'{value}' is {what}, not a day",
                              {"value": value, "what": what, "last_day": last.isoformat()})


def _twelve_hour(value: str, text: str, kind: str, unzoned: bool) -> None:
    """Raise the finding for an ISO date with a time on a 12-hour clock ("2026-11-30 9:14 PM"),
    naming the 24-hour time to write; else return."""
    twelve = _TWELVE_HOUR.match(text)
    clock = _time_of_day(twelve["time"]) if twelve is not None else None
    if twelve is not None and clock is not None:
        _offer(value, "has a time on a 12-hour clock", twelve[1] + clock, kind, unzoned)


def _slashed(value: str, text: str, kind: str, unzoned: bool) -> None:
    """Raise the finding for a date written with slashes, day or month first, naming the ISO
    form to write; both forms when the order of day and month cannot be told ("03/04/2026").
    Else return."""
    found = _SLASHED.match(text)
    if found is None:
        return
    first, second, year = int(found[1]), int(found[2]), int(found[3])
    clock = _time_of_day(found["time"])
    if clock is None:
        return
    readings = []
    for day, month, order in ((first, second, "day first"), (second, first, "month first")):
        try:
            readings.append((date(year, month, day).isoformat() + clock, order))
        except ValueError:
            continue
    if not readings or any(not _TS_RE.match(meant) for meant, _ in readings):
        return
    if len(readings) == 1:
        _offer(value, f"is a date with slashes, {readings[0][1]}", readings[0][0], kind, unzoned)
    if readings[0][0] == readings[1][0]:  # 04/04/2026: the same day either way
        _offer(value, "is a date with slashes", readings[0][0], kind, unzoned)
    (day_first, _), (month_first, _) = readings
    raise PydanticCustomError(
        kind,
        "'{value}' is a date with slashes, which pmkit does not read, and its day and month "
        "could be either way round: write {day_first} (day first) or {month_first} (month first)",
        {"value": value, "day_first": day_first, "month_first": month_first},
    )


def _year_first(value: str, text: str, kind: str, unzoned: bool) -> None:
    """Raise the finding for a date with slashes, year first ("2018/10/21 22:52:00Z", "2018/10/21
    22:52 UTC"), naming the same moment as pmkit reads it; else return. Its day and month have
    one order only, unlike "03/04/2026"."""
    found = _YEAR_SLASHED.match(text)
    if found is None:
        return
    try:
        day = date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return  # 2018/13/40: no date to offer, the plain message says enough
    what = "is a date with slashes"
    rest = found["rest"]
    if rest is None or kind == "date_format":  # a due date's time is not read: the day is meant
        _offer(value, what, day.isoformat(), kind, unzoned)
    rest = re.sub(r"^([0-9]):", r"0\1:", rest)  # 9:05 is 09:05
    meant: str | None = f"{day.isoformat()}T{re.sub(r'[ ]+(?=[Zz+-])', '', rest)}"
    if not _TS_RE.match(meant or ""):
        try:  # its zone in words ("UTC", "Europe/Berlin"), said as an offset
            _zone_written_out(f"{day.isoformat()} {rest}")
            meant = None
        except PydanticCustomError as exc:
            meant = (exc.context or {}).get("meant")
    if not meant or not _TS_RE.match(meant):
        return
    try:
        datetime.fromisoformat(meant.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return  # 25:52 or 22:75: no moment to offer, the plain message says enough
    _offer(value, what, meant, kind, unzoned)


def _offer(value: str, what: str, meant: str, kind: str, unzoned: bool) -> NoReturn:
    """Raise the finding for a time written in a form pmkit does not read, naming ``meant``."""
    context: dict[str, Any] = {"value": value, "what": what, "meant": meant}
    if unzoned and "T" in meant and not re.search(r"(?:Z|[+-][0-9:]+)$", meant):
        context["unzoned"] = True  # the hint says that it needs an offset too
    raise PydanticCustomError(kind, "'{value}' {what}, which pmkit does not read: write {meant}", context)


#: The time of day after the date, as :func:`_other_iso_form` writes it: "T10:05", "T24:00:00Z".
_CLOCK = re.compile(r"^T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?")


def _other_iso_form(value: str, kind: str, *, unzoned: bool = False) -> None:
    """Raise a finding that names the ISO 8601 form ``value`` is written in, and the same
    moment as pmkit reads it, when it is one of the forms pmkit does not read; else return.
    ``unzoned``: the document declares no timezone, so a time to write needs an offset.

    "is not an ISO 8601 timestamp" would be false for these, and the author would not see what
    to write instead."""
    text = value.strip(_BLANKS)
    for other_form in (_year_first, _twelve_hour, _slashed, _month_in_words):
        other_form(value, text, kind, unzoned)
    day: date | None = None
    rest = ""
    try:
        if (week := _WEEK_DATE.match(text)) is not None:
            form = "a week date"
            day = date.fromisocalendar(int(week[1]), int(week[2]), int(week[3]))
            rest = week["rest"] or ""
        elif (ordinal := _ORDINAL_DATE.match(text)) is not None:
            form = "an ordinal date"
            number = int(ordinal[2])
            first = date(int(ordinal[1]), 1, 1)
            day = first + timedelta(days=number - 1)
            if number < 1 or day.year != first.year:
                return
            rest = ordinal["rest"] or ""
        elif (basic := _BASIC.match(text)) is not None:
            form = "the ISO 8601 basic format"
            day = date(int(basic[1]), int(basic[2]), int(basic[3]))
            if basic[4] is not None:
                seconds = f":{basic[6]}" if basic[6] else ""
                offset = basic[7] or ""
                if len(offset) == 5:  # +0530
                    offset = f"{offset[:3]}:{offset[3:]}"
                rest = f"T{basic[4]}:{basic[5]}{seconds}{offset}"
        elif (dotted := _DOTTED.match(text)) is not None:
            form = "a day-first date (DD.MM.YYYY)"
            day = date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
            if dotted[4] is not None:
                seconds = f":{dotted[6]}" if dotted[6] else ""
                rest = f"T{int(dotted[4]):02d}:{dotted[5]}{seconds}{(dotted['zone'] or '').strip()}"
    except (ValueError, OverflowError):
        return  # week 54, day 400, month 13: no date to offer, the plain message says enough
    if day is None:
        return
    time = "T" + rest[1:] if rest else ""
    if (clock := _CLOCK.match(time)) is not None:
        hour, minute, second = int(clock["hour"]), int(clock["minute"]), int(clock["second"] or 0)
        if hour == 24 and minute == 0 and second == 0:
            # The end of the day (08.03.2026 24:00) is the next day's 00:00, which pmkit reads.
            if day == date.max:
                return
            day += timedelta(days=1)
            time = "T00" + time[3:]
        elif hour > 23 or minute > 59 or second > 59:
            return  # 25:00 or 10:75: no moment to offer, the plain message says enough
    meant = day.isoformat() + time
    if not _TS_RE.match(meant):
        return  # a time after the date that is no time either: nothing sure to offer
    _offer(value, ("is in " if form.startswith("the") else "is ") + form, meant, kind, unzoned)


#: A fraction of a second after a comma, which ISO 8601 allows and logs write (Python's logging
#: and log4j: "2026-03-02 10:05:30,123"), and a minus sign or an en dash for "-", as word
#: processors and wikis set an offset ("10:05−03:30").
_DECIMAL_COMMA = re.compile(r"(?<=:[0-9]{2}),(?=[0-9])")
_DASHES = {"\u2212": "minus sign", "\u2013": "dash"}


def _other_marks(value: str, *, unzoned: bool) -> None:
    """Raise a finding that names the mark in ``value`` that pmkit does not read (a decimal
    comma, a minus sign or a dash) with the same moment written with the one it reads, when that
    is a valid timestamp; else return. "is not an ISO 8601 timestamp" would be false of the
    comma, and would hide the one character in the way."""
    text = value.strip(_BLANKS)
    meant = _DECIMAL_COMMA.sub(".", text, count=1)
    marks = ["a comma before the fraction of a second"] if meant != text else []
    for dash, name in _DASHES.items():
        if dash in meant:
            marks.append(f"a {name} ('{dash}') for '-'")
            meant = meant.replace(dash, "-")
    if not marks or not _TS_RE.match(meant):
        return
    meant = f"{meant[:10]}T{meant[11:]}" if len(meant) > 10 else meant  # (the form the other offers write)
    try:
        datetime.fromisoformat(meant)
    except ValueError:
        return  # 25:00 or 30 February: no moment to offer, the plain message says enough
    _offer(value, "writes " + " and ".join(marks), meant, "timestamp_format", unzoned)


#: A time followed by its zone in words or as a short offset, as people write it in chat:
#: "2025-01-01 10:00 UTC", "... UTC+1", "... GMT-3", "...+5", "... Europe/Berlin", "... CET".
_ZONE_WORDS = re.compile(
    r"^(?P<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?) *(?:Uhr +)?"
    r"(?:(?P<utc>UTC|GMT|Z)?(?P<sign>[+-])(?P<hours>[0-9]{1,2})(?::?(?P<minutes>[0-9]{2}))?"
    r"|(?P<word>[A-Za-z][A-Za-z0-9_+\-/]*))$",
    re.IGNORECASE,
)


#: A zone as Windows names it, its offset in brackets and then its places: "(UTC+05:45)
#: Kathmandu", "(UTC-03:00) Brasilia", "(UTC)"; copied after a time from a Windows clock.
_WINDOWS_ZONE = re.compile(r" *\((?P<zone>(?:UTC|GMT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?)\)(?: +[^()]*)?$",
                          re.IGNORECASE)


#: Words written after a time to say it is one, not naming a zone.
_CLOCK_WORDS = frozenset({"uhr", "h", "hrs", "hr"})

#: Zone abbreviations that name one offset only: German timelines' Central European (Summer)
#: Time, "10:05 Uhr MEZ". (CET and CEST are left to the general rule: "CET" is also a zone name
#: that follows summer time.)
_ONE_OFFSET_WORDS = {"mez": timedelta(hours=1), "mesz": timedelta(hours=2)}


def _zone_written_out(value: str) -> None:
    """Raise a finding that says how to write the zone of "2025-01-01 10:00 UTC" (or UTC+1,
    +5, Europe/Berlin) as an offset pmkit reads, with the value to write; else return. A zone
    abbreviation (CET, IST, CST) gets no offset: several zones share most of them."""
    text = value.strip(_BLANKS)
    windows = _WINDOWS_ZONE.search(text)
    if windows is not None:  # "(UTC+05:45) Kathmandu" is read as the "UTC+05:45" in it
        text = f"{text[:windows.start()]} {windows['zone']}"
    found = _ZONE_WORDS.match(text)
    if found is None:
        return
    stamp = found["stamp"]
    stamp = f"{stamp[:10]}T{stamp[11:]}"
    local = stamp if len(stamp.split("T")[1].split(":")[0]) == 2 else stamp.replace("T", "T0", 1)
    try:
        wall = datetime.fromisoformat(local)
    except ValueError:
        return  # 25:00 or 30 February: the plain message, the time itself is wrong
    word = found["word"]
    if word and word.lower() in _CLOCK_WORDS:
        # "10:05 Uhr" (German for "o'clock"), "10:05 h", "10:05 hrs": a clock, not a zone.
        raise PydanticCustomError(
            "timestamp_format",
            "'{value}' ends in '{word}', which is not a zone but says it is a time of day: write "
            "{stamp} (read in the postmortem's timezone) or {stamp}+HH:MM with its UTC offset",
            {"value": value, "word": word, "stamp": local, "meant": local},
        )
    offset: timedelta | None
    if found["sign"]:
        hours, minutes = int(found["hours"]), int(found["minutes"] or 0)
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if found["sign"] == "-" else 1)
        if minutes > 59 or not OFFSET_RANGE[0] <= offset.total_seconds() // 60 <= OFFSET_RANGE[1]:
            return  # no zone's offset: the value to write would be refused too
        written = text[len(found["stamp"]):].strip(" ")
        zone_text = re.sub(r"^uhr +", "", written, flags=re.IGNORECASE)  # ("10:05 Uhr UTC+1")
    elif word.upper() in ("UTC", "GMT", "Z"):
        offset, zone_text = timedelta(0), word
    elif word.lower() in _ONE_OFFSET_WORDS:
        offset, zone_text = _ONE_OFFSET_WORDS[word.lower()], word
    else:
        zone_text = word
        known = resolve_zone(word) if "/" in word or word.upper() == "UTC" else None
        offset = wall.replace(tzinfo=known).utcoffset() if known is not None else None
    if windows is not None:
        zone_text = windows.group().strip(" ")
    if offset is None:
        raise PydanticCustomError(
            "timestamp_format",
            "'{value}' gives its zone as '{zone}', which pmkit does not read{why}: write the time "
            "with the UTC offset it had, as in {stamp}+HH:MM",
            {"value": value, "zone": zone_text, "stamp": local,
             "why": "" if "/" in word else " (an abbreviation such as CST names several zones)"},
        )
    meant = local + ("Z" if not offset else _offset_text(offset))
    raise PydanticCustomError(
        "timestamp_format",
        "'{value}' gives its zone as '{zone}', which pmkit does not read: write {meant}",
        {"value": value, "zone": zone_text, "meant": meant},
    )


#: A timestamp with its zone's name appended in brackets, as Java's ZonedDateTime prints it and
#: RFC 9557 allows: "2021-01-04T15:00+01:00[Europe/Berlin]".
_BRACKETED = re.compile(r"^(?P<stamp>[^\[\]]+)\[!?(?P<zone>[^\[\]]+)\]$")


def _bracketed_zone(value: str) -> None:
    """Raise a finding that names the zone in brackets after a timestamp, which pmkit does not
    read, with the value to write instead (the offset it has, or the one its zone had then);
    else return. "is not an ISO 8601 timestamp" would hide that only the suffix is in the way."""
    found = _BRACKETED.match(value.strip(_BLANKS))
    if found is None:
        return
    stamp = found["stamp"].strip(" ")
    match = _TS_RE.match(stamp)
    if match is None or match.group("time") is None:
        return
    meant = stamp
    if match.group("tz") is None:
        zone = resolve_zone(found["zone"])
        try:
            wall = datetime.fromisoformat(f"{stamp[:10]}T{stamp[11:]}")
        except ValueError:
            return
        offset = wall.replace(tzinfo=zone).utcoffset() if zone is not None else None
        if offset is None:
            return
        meant = f"{stamp[:10]}T{stamp[11:]}" + ("Z" if not offset else _offset_text(offset))
    raise PydanticCustomError(
        "timestamp_format",
        "'{value}' names its zone in brackets ('[{zone}]'), which pmkit does not read: write {meant}",
        {"value": value, "zone": found["zone"], "meant": meant},
    )


def _offset_text(offset: timedelta) -> str:
    """``+05:45``, ``-03:00``: an offset as a timestamp writes it."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _skipped(local: datetime) -> bool:
    """Whether a wall-clock time never happened in its zone (the gap when clocks spring forward:
    02:30 on the last Sunday of March in Berlin). A time that happened twice (when clocks go
    back) is read as its first occurrence, as Python reads it."""
    if isinstance(local.tzinfo, timezone) or local.year < MIN_YEAR or local.year > MAX_YEAR:
        return False
    there = local.astimezone(timezone.utc).astimezone(local.tzinfo)
    return there.replace(tzinfo=None) != local.replace(tzinfo=None)


def _readings(local: datetime) -> str:
    """The two times a wall time that never happened may have meant, each with its offset, and
    the wall time each was: "2026-03-29T02:30+01:00 (03:30 after the change) or
    2026-03-29T02:30+02:00 (01:30 before it)"."""
    spec = "seconds" if local.second or local.microsecond else "minutes"
    wall = local.replace(tzinfo=None, fold=0).isoformat(timespec=spec)
    shown = []
    for fold, when in ((0, "after the change"), (1, "before it")):
        offset = local.replace(fold=fold).utcoffset() or timedelta(0)
        moment = datetime.fromisoformat(wall).replace(tzinfo=timezone(offset))
        there = moment.astimezone(local.tzinfo).strftime("%H:%M:%S" if spec == "seconds" else "%H:%M")
        sign, minutes = "-" if offset < timedelta(0) else "+", abs(int(offset.total_seconds())) // 60
        shown.append(f"{wall}{sign}{minutes // 60:02d}:{minutes % 60:02d} ({there} {when})")
    return " or ".join(shown)


def _gap(local: datetime) -> str:
    """What the clocks skipped at a wall time that never happened: "that hour (daylight saving
    time began)" on the usual night; other lengths and causes as they were (Lord Howe Island
    moves 30 minutes, Samoa skipped 30 December 2011 by moving to the other side of the date
    line), where "that hour" and "daylight saving" would be wrong."""
    from pmkit.calendar import human_duration

    before, after = local.replace(fold=0), local.replace(fold=1)
    jump = (after.utcoffset() or timedelta(0)) - (before.utcoffset() or timedelta(0))
    began = (after.dst() or timedelta(0)) > (before.dst() or timedelta(0))
    why = "daylight saving time began" if began else "the zone moved to another UTC offset"
    amount = "that hour" if jump == timedelta(hours=1) else human_duration(jump)
    return f"{amount} ({why})"


#: What a date says of a value written with a time of day. Where a field takes a date or a
#: timestamp (a correction's ``at``), a time is the timestamp's to judge, and this is not said.
A_TIME_FOR_A_DATE = "is a time, where a date goes"
#: What a date's finding says of a text that is none.
NOT_A_DATE = "is not a date such as 2018-11-30"


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        _in_range(value, value)
        return value.date()
    if isinstance(value, date):
        _in_range(value, value)
        return value
    if _is_bare_date(value):
        try:
            day = date.fromisoformat(value.strip(_BLANKS))
        except ValueError as exc:
            raise PydanticCustomError(
                "date_format", "'{value}' is not a valid date: {why}", {"value": value, "why": str(exc)}
            ) from None
        _in_range(day, value)
        return day
    if isinstance(value, str):
        _unseen_at_edge(value, "date_format", NOT_A_DATE.removeprefix("is not "))
        _other_iso_form(value, "date_format")
        _period(value, value.strip(_BLANKS))
        written = _TS_RE.match(value.strip(_BLANKS))
        if written is not None and written.group("time") is not None:
            _offer(value, A_TIME_FOR_A_DATE, value.strip(_BLANKS)[:10], "date_format", False)
    else:
        # A boolean, a number, a list, nothing: said by its kind where the finding is written,
        # as a timestamp's is ("'True' is not a date" quoted Python, not the file).
        raise PydanticCustomError(
            "date_type", "expected a date such as 2018-11-30, got {kind}", {"kind": type(value).__name__}
        )
    raise PydanticCustomError("date_format", "'{value}' " + NOT_A_DATE, {"value": shown(value)})


Timestamp = Annotated[
    datetime,
    BeforeValidator(parse_timestamp),
    WithJsonSchema({"type": "string", "pattern": TIMESTAMP_PATTERN,
                    "description": "ISO 8601 timestamp with a UTC offset, e.g. 2018-10-21T22:52:00Z"}),
]
Day = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "description": "A date, e.g. 2018-11-30"}),
]
def _blank_is_empty(value: Any) -> Any:
    """Text of blanks only ("  ") says as little as "": both are the schema's empty text; so
    does text that shows nothing (a title of a zero-width space passed as written)."""
    if isinstance(value, str) and shows_nothing(value):
        return ""
    return value


def _visible_somewhere(schema: dict[str, Any]) -> None:
    """The published pattern says the same as the validator: text of blanks and of the characters
    that do not show only is no text. Written when the schema is, from the same set of characters."""
    schema["pattern"] = visible_pattern()


Text = Annotated[str, Field(min_length=1, json_schema_extra=_visible_somewhere),
                 BeforeValidator(_blank_is_empty)]


Count = Annotated[int, Field(ge=0), BeforeValidator(whole_number)]


def _finite(value: Any) -> Any:
    """YAML's ``.nan`` and ``.inf`` (and a literal too large for a float) are no measurement:
    JSON cannot hold them, and a page would show "nan events"."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "'{value}' is not a finite number", {"value": str(value)})
    return value


#: A metric's value: a whole number or a fraction. A fraction is tried first, so that a value of
#: the wrong type is said to need "a number", not "a whole number". The published schema bounds
#: a fraction by the largest finite float, which .inf and -.inf (and a literal too large for a
#: float, which YAML reads as one of them) are past; a whole number is exact, of any size.
Measure = Annotated[float | int, BeforeValidator(_finite), WithJsonSchema({
    "anyOf": [{"type": "number", "minimum": -sys.float_info.max, "maximum": sys.float_info.max},
              {"type": "integer"}],
    "description": "A finite number: .inf, -.inf and numbers past about 1.8e308 are none. NaN (.nan) "
                   "cannot be expressed in this schema and passes it; pmkit rejects it."})]


def _version(value: Any) -> Any:
    """``pmkit: true`` is not version 1, although Python's ``True == 1``; nor is a number too
    large for pydantic to compare ("Unable to parse input string as an integer")."""
    if isinstance(value, bool) or (isinstance(value, int) and value != 1):
        raise PydanticCustomError("literal_error", "Input should be 1")
    return value


#: What an IANA zone name looks like ("UTC", "Europe/Zurich", "Etc/GMT+2"), for the published
#: schema: an offset ("+02:00") or a blank is none.
ZONE_NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*(?!\n)$"


#: What an id is: ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, at
#: most ID_MAX_LENGTH characters. One definition for the schema and the hints that offer an id.
#: The published pattern ends in (?!\n)$: Python validators read $ as "end, or before a final
#: line break", and "x\n" is no id (pmkit's own regex engine reads $ as the end).
Id = Annotated[str, Field(min_length=1, max_length=ID_MAX_LENGTH, pattern=f"^{ID_PATTERN}$",
                          json_schema_extra={"pattern": f"^{ID_PATTERN}(?!\\n)$",
                                             "description": "ASCII letters, digits, '.', '_' and '-', "
                                                            "starting with a letter or digit"})]


def _no_items() -> list[Any]:
    """The default of list fields. A plain function rather than ``list``: pydantic inspects a
    factory's signature, and reading a builtin's costs about 0.3 ms per field."""
    return []


#: Enums come from YAML as strings; strict mode would demand enum instances, so enum fields
#: alone are validated in lax mode (a wrong string is still an error that lists the choices).
Lax = StrictMode(False)


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, no silent type coercion.

    Each model's validator is built when it is first used (``defer_build``): a check validates
    whole postmortems, whose validator holds the sections' own, and building one for each
    section too cost every check about 2 ms. The postmortem's is built as the module loads."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False, use_enum_values=False,
                              validate_default=False, defer_build=True)


# --- sections --------------------------------------------------------------------------------


class Approval(Strict):
    """A sign-off of the postmortem: who, when, in which role."""

    by: Text
    at: Timestamp | None = None
    role: str | None = None


class Metric(Strict):
    """One impact number with its name and unit (failed requests, delayed orders...)."""

    name: Text
    value: Measure
    unit: str | None = None


class Impact(Strict):
    """What the incident did to users and customers, in numbers where possible."""

    description: str | None = None
    users_affected: Count | None = None
    customers_affected: Count | None = None
    data_loss: bool | None = None
    metrics: list[Metric] = Field(default_factory=_no_items)


class TimelineEntry(Strict):
    """One moment of the incident: when, who or what acted, what happened, the evidence."""

    at: Timestamp
    milestone: Annotated[Milestone, Lax] | None = None
    actor: str | None = None
    event: str | None = None
    evidence: list[str] = Field(default_factory=_no_items)
    decision: str | None = None


class Decision(Strict):
    """A decision taken during the incident, with what was known and weighed."""

    id: Id
    at: Timestamp | None = None
    decision: str | None = None
    rationale: str | None = None
    options_considered: list[str] | None = None
    #: Why no alternatives were weighed, when ``options_considered`` is deliberately empty.
    options_reason: str | None = None
    tradeoff: str | None = None
    known_at_the_time: str | None = None
    decided_by: str | None = None
    outcome: str | None = None


class ContributingFactor(Strict):
    """One of the conditions that together made the incident possible."""

    id: Id
    description: str | None = None
    category: str | None = None


class ActionItem(Strict):
    """Follow-up work: owned, dated, prioritised and tracked."""

    id: Id
    title: str | None = None
    type: Annotated[ActionType, Lax] | None = None
    priority: Annotated[Priority, Lax] | None = None
    owner: str | None = None
    due: Day | None = None
    tracker: str | None = None
    status: Annotated[ActionStatus, Lax] = ActionStatus.OPEN
    addresses: list[str] = Field(default_factory=_no_items)
    #: Why an item is not done (``wont-do``) or otherwise deviates.
    reason: str | None = None


class Lessons(Strict):
    """What went well, what went wrong, and where the team got lucky."""

    went_well: list[str] = Field(default_factory=_no_items)
    went_wrong: list[str] = Field(default_factory=_no_items)
    lucky: list[str] = Field(default_factory=_no_items)


class Notification(Strict):
    """A notice sent about the incident (to a regulator, customers, the public...)."""

    audience: Annotated[Audience, Lax]
    regime: str | None = None
    stage: str | None = None
    sent_at: Timestamp | None = None
    channel: str | None = None
    link: str | None = None
    late_reason: str | None = None


class Disclosure(Strict):
    """The disclosure clocks that apply, the moments they count from, and the notices sent."""

    personal_data_breach: bool | None = None
    regimes: list[str] = Field(default_factory=_no_items)
    aware_at: Timestamp | None = None
    classified_major_at: Timestamp | None = None
    materiality_determined_at: Timestamp | None = None
    discovered_at: Timestamp | None = None
    determined_at: Timestamp | None = None
    notifications: list[Notification] = Field(default_factory=_no_items)
    drafted_at: Timestamp | None = None
    published_at: Timestamp | None = None


class Correction(Strict):
    """A declared change of a published postmortem's facts: when, what and why."""

    at: Day | Timestamp
    description: Text
    fields: list[str] = Field(default_factory=_no_items)


class Postmortem(Strict):
    """One incident postmortem (format version 1)."""

    def __init__(self, **data: Any) -> None:
        # Built in code, a postmortem reads its timestamps without an offset in its own
        # ``timezone``, as its file is read: they were refused, "the document declares no
        # timezone", with the zone given beside them.
        self.__pydantic_validator__.validate_python(data, self_instance=self,
                                                    context=validation_context(data))

    @classmethod
    def model_validate(cls, obj: Any, *, context: Any | None = None, **options: Any) -> Postmortem:
        """As pydantic's, and without a ``context``, with the one a file's data gets (its zone)."""
        return super().model_validate(obj, context=validation_context(obj) if context is None else context,
                                      **options)

    pmkit: Annotated[Literal[1], BeforeValidator(_version)] = Field(
        description="Format version of this file; always 1.")
    id: Id
    title: Text
    status: Annotated[Status, Lax]
    lang: Annotated[Lang, Lax]
    severity: Annotated[IncidentSeverity, Lax]
    timezone: str | None = Field(default=None, description="IANA zone for timestamps without offset.",
                                 # (an editor then flags an offset or a blank; the validator, names
                                 # that no zone has)
                                 json_schema_extra={"pattern": ZONE_NAME_PATTERN})
    owner: Text | None = None
    authors: list[Text] = Field(default_factory=_no_items)
    approvals: list[Approval] = Field(default_factory=_no_items)
    services: list[str] = Field(default_factory=_no_items)
    tags: list[str] = Field(default_factory=_no_items)
    summary: str | None = None
    impact: Impact | None = None
    timeline: list[TimelineEntry] | None = None
    decisions: list[Decision] | None = None
    contributing_factors: list[ContributingFactor] | None = None
    action_items: list[ActionItem] | None = None
    lessons: Lessons | None = None
    disclosure: Disclosure | None = None
    corrections: list[Correction] = Field(default_factory=_no_items)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and resolve_zone(value) is None:
            raise PydanticCustomError(
                "unknown_timezone", "'{value}' is not an IANA time zone such as Europe/Zurich",
                {"value": value},
            )
        return value

    # Convenience accessors used by rules, metrics and tools.

    def milestone(self, which: Milestone) -> datetime | None:
        for entry in self.timeline or ():
            if entry.milestone == which:
                return entry.at
        return None

    @property
    def zone(self) -> Any:
        return resolve_zone(self.timezone) if self.timezone else timezone.utc


def validation_context(data: Any) -> dict[str, Any]:
    """The context the model needs: the tzinfo of the document's declared ``timezone``."""
    zone = None
    if isinstance(data, dict) and isinstance(data.get("timezone"), str):
        zone = resolve_zone(data["timezone"])
    declared = isinstance(data, dict) and data.get("timezone") is not None
    return {"tzinfo": zone, "declared": declared}


OFFSET_TIMESTAMP_PATTERN = _pattern(_DAY + r"(?:[Tt ]" + _TIME + " *" + _OFFSET + r")?")


def _offset_rules(model: type[BaseModel]) -> dict[str, Any]:
    """A schema that only requires offsets on every timestamp field below ``model``.

    Applied when the document declares no ``timezone``, so that the JSON Schema and pmkit
    agree on naive timestamps (``if``/``else`` at the root).
    """
    import typing

    def flatten(annotation: Any) -> list[Any]:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            return flatten(typing.get_args(annotation)[0])
        if origin is not None and origin is not list:  # Union / X | Y
            return [leaf for arg in typing.get_args(annotation) for leaf in flatten(arg)]
        return [annotation]

    properties: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        args = flatten(info.annotation)
        nested = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        lists = [a for a in args if typing.get_origin(a) is list]
        if any(a is datetime for a in args) and not any(a is date for a in args):
            properties[name] = {"anyOf": [{"type": "null"},
                                          {"type": "string", "pattern": OFFSET_TIMESTAMP_PATTERN}]}
        elif datetime in args and date in args:  # a correction's ``at``: a date or a timestamp
            properties[name] = {"anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                                          {"type": "string", "pattern": OFFSET_TIMESTAMP_PATTERN}]}
        elif nested and _offset_rules(nested[0])["properties"]:
            properties[name] = _offset_rules(nested[0])
        elif lists:
            inner = flatten(typing.get_args(lists[0])[0])[0]
            is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
            if is_model and _offset_rules(inner)["properties"]:
                properties[name] = {"anyOf": [{"type": "null"},
                                              {"type": "array", "items": _offset_rules(inner)}]}
    return {"properties": properties}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, as shipped in ``schemas/postmortem.schema.json``."""
    from pmkit.docstrings import restore

    # pydantic describes each model and enum by its __doc__, which ``python -OO`` dropped.
    restore([value for value in globals().values()
             if isinstance(value, type) and value.__module__ in (__name__, "pmkit.vocabulary")])
    schema = Postmortem.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pmkit.dev/schemas/postmortem.schema.json",
        **schema,
        # 'timezone: ~' declares no zone: naive timestamps need one that is text.
        "if": {"required": ["timezone"], "properties": {"timezone": {"type": "string"}}},
        "else": _offset_rules(Postmortem),
    }


# The one validator every check uses, built now: worker processes forked later share it.
Postmortem.model_rebuild()

__all__ = [
    "FORMAT_VERSION",
    "ActionItem",
    "ActionStatus",
    "ActionType",
    "Approval",
    "Audience",
    "BareDate",
    "ContributingFactor",
    "Correction",
    "Decision",
    "Disclosure",
    "Impact",
    "IncidentSeverity",
    "Lang",
    "Lessons",
    "Metric",
    "Milestone",
    "Notification",
    "Postmortem",
    "Priority",
    "Status",
    "TimelineEntry",
]
