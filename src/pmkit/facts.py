"""The facts of a postmortem, and how two versions of it differ in them.

A *fact* is something a reader relies on and would quote: when each milestone happened,
the timeline's timestamps, how many users and customers were affected, whether data was
lost, which decisions were taken when and by whom, the contributing factors, the
disclosure timestamps. Prose is not a fact, but a number inside prose is: "for 43
seconds", "about 954 writes", "mid-2018", "98%". Rewording a sentence changes no fact;
changing "954" to "1,954" in it does. Numbers, dates, clock times and percentages are
pulled out of the prose and compared as multisets, so moving them around a sentence is
not a change either.

:func:`diff_facts` takes two versions (plain data, as loaded from YAML) and returns one
:class:`FactChange` per changed fact: its field path, the old and the new value. It works
on raw data, not on the validated model, so that a base version that no longer passes the
schema (or a current one with a typo) can still be compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pmkit.loader import FieldPath, format_path

if TYPE_CHECKING:
    from pmkit.markdown import Section

#: Prose fields whose numbers are facts, per section (None: top level).
NUMBER_FIELDS: dict[str | None, tuple[str, ...]] = {
    None: ("summary",),
    "impact": ("description",),
    "timeline": ("event",),
    "decisions": ("decision", "rationale", "tradeoff", "known_at_the_time", "outcome"),
    "contributing_factors": ("description",),
}

#: How a fact of the numbers in a prose field is named: ``summary (numbers)``. A correction
#: declares it by the field's own label (``summary``).
NUMBERS = " (numbers)"

#: Disclosure clock anchors and the postmortem's own dates.
DISCLOSURE_TIMES = ("aware_at", "classified_major_at", "materiality_determined_at", "discovered_at",
                    "determined_at", "drafted_at", "published_at")

#: Facts that measure how bad the incident was, and which direction is "worse".
UPWARD_FIELDS = ("impact.users_affected", "impact.customers_affected")

#: Units of an impact metric that convert into one another, as (dimension, size in the
#: dimension's base unit): "2 h" and "120 min" are one value written two ways. Sizes in bytes
#: take "KB" as 1,000 bytes and "KiB" as 1,024, as IEC 80000-13 names them.
_METRIC_UNITS: dict[str, tuple[str, Decimal]] = {
    **{u: ("time", Decimal("0.001")) for u in ("ms", "msec", "millisecond", "milliseconds")},
    **{u: ("time", Decimal(1)) for u in ("s", "sec", "secs", "second", "seconds")},
    **{u: ("time", Decimal(60)) for u in ("min", "mins", "minute", "minutes")},
    **{u: ("time", Decimal(3600)) for u in ("h", "hr", "hrs", "hour", "hours")},
    **{u: ("time", Decimal(86400)) for u in ("d", "day", "days")},
    **{u: ("time", Decimal(604800)) for u in ("w", "wk", "week", "weeks")},
    **{u: ("percent", Decimal(1)) for u in ("%", "percent", "per cent", "pct")},
    **{u: ("bytes", Decimal(1)) for u in ("b", "byte", "bytes")},
    **{u: ("bytes", Decimal(1000) ** (i + 1)) for i, u in enumerate(("kb", "mb", "gb", "tb", "pb"))},
    **{u: ("bytes", Decimal(1024) ** (i + 1)) for i, u in enumerate(("kib", "mib", "gib", "tib", "pib"))},
}


def metric_unit(unit: Any) -> tuple[str, Decimal] | None:
    """The dimension and size of a metric's unit, or None for a unit of its own ("writes").
    Case is ignored but for "Mb" and "mb" (megabits, millibits), which are no byte sizes."""
    if not isinstance(unit, str):
        return None
    name = " ".join(unit.split())
    if name[-1:] == "b" and name[:-1].lower() in ("k", "m", "g", "t", "p", "ki", "mi", "gi", "ti", "pi"):
        return None
    return _METRIC_UNITS.get(name.lower())


def _metric_key(value: Any, unit: Any) -> tuple[Any, Any]:
    """What a metric's value and unit compare by: the value in its dimension's base unit where
    the unit is known (2 h = 120 min = 7200 s), else the value and the unit whatever its case."""
    known = metric_unit(unit)
    if known is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            size = Decimal(str(value)) * known[1]
        except InvalidOperation:
            return _plain(value), _plain(unit)
        return format(size.normalize(), "f"), known[0]
    # A unit of its own is a word: "events" and "Events" count the same thing.
    return _plain(value), " ".join(unit.split()).casefold() if isinstance(unit, str) else _plain(unit)


_MULTIPLIERS = {
    "thousand": 10**3, "tausend": 10**3, "k": 10**3,
    "million": 10**6, "millionen": 10**6, "mio": 10**6, "mio.": 10**6, "m": 10**6,
    "billion": 10**9, "milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9, "mrd.": 10**9,
}

#: Digits grouped by thousands with a blank (ordinary, no-break or narrow), as ISO 80000 and
#: Duden write them ("12 000"), or an apostrophe (Swiss "12'000").
_SPACE_GROUPED = r"\d{1,3}(?:[\x20\u00a0\u202f']\d{3})+(?:[.,]\d+)?"

#: Digits grouped by thousands with dots (German "31.000.000"). In English "4.180" is a
#: decimal, so one group is read as thousands only in a German postmortem ("4.180 Kunden").
_DOT_GROUPED = {"de": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", None: r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"}

_NUMBER_PATTERN = r"""
    # A sign that belongs to the number ("-11%", "+5"): after a blank, an opening bracket or
    # the start, not the dash of a range ("3-5") or a word ("mid-2008").
    (?:(?<![^\s(\[])(?P<sign>[-+\u2212])(?=\d))?
    (?<![\w.,:/#])               # not glued to a word or an identifier ("SEV1", "v2")
    (?P<num>
        # A date with its month's name: "5 June 2023", "5. Juni 2023", "June 5, 2023".
        (?i:\d{1,2}\.?\x20(?:MONTHS)\.?,?\x20(?:19|20)\d{2}
          | (?:MONTHS)\.?\x20\d{1,2}(?:st|nd|rd|th)?,?\x20(?:19|20)\d{2})
        # A date written with dots (12.03.2024) or slashes (2026/03/02), and a fraction or a
        # date of another order (3/5, 03/02/2026), read as a whole.
      | \d{1,2}\.\d{1,2}\.\d{4}
      | \d+(?:/\d+)+
        # A duration in hours and minutes: "1h30", "1h30m", "2 h 15 min".
      | \d+h\d{1,2}(?:m(?:in)?)?(?!\w) | \d+\x20?h\x20\d{1,2}\x20?min(?!\w)
        # A timestamp with its zone, as the schema reads one: "T" or "t" or a blank between
        # date and time, "Z" or "z" or an offset with or without its colon ("+0200").
      | \d{4}-\d{2}-\d{2}[Tt\x20]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})
      | \d{4}-\d{2}-\d{2}(?:[Tt\x20]\d{1,2}:\d{2}(?::\d{2})?)?  # a date or timestamp
      | \d{1,2}:\d{2}(?::\d{2})?(?:\x20?(?:[AaPp]\.[Mm]\.|[AaPp][Mm](?!\w)))?  # a clock time, 10:52 pm
      | \d{1,3}(?:,\d{3})+(?:\.\d+)?                           # 31,000,000.5
      | SPACE_GROUPED                                         # 31 000 000 / 31'000'000
      | DOT_GROUPED                                           # 31.000.000 (German)
      | \d+(?:[.,]\d+)?                                        # 954, 99.9, 99,9
    )
    (?![\w.,]?\d)                  # the whole number, not a prefix of it
    (?:
        (?P<pct>\s?%|\s(?:percent|per\x20cent|Prozent)\b)
      | (?P<mul>\s(?:thousand|Tausend|million|Millionen|Million|Mio\.?|billion|Milliarden?|Mrd\.?)(?!\w)
               |[kKM]\b)
    )?
"""

#: Month names (English and German, full and abbreviated) and their numbers, to read a date
#: written with its month's name ("5 June 2023") as the same date as 2023-06-05.
_MONTHS = {
    **{name: n for n, name in enumerate((
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december"), 1)},
    **{name: n for n, name in enumerate((
        "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
        "oktober", "november", "dezember"), 1)},
    **{name: n for n, name in enumerate((
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)},
    "sept": 9, "mär": 3, "maerz": 3, "okt": 10, "dez": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_NUMBER_RES = {
    lang: re.compile(_NUMBER_PATTERN.replace("SPACE_GROUPED", _SPACE_GROUPED).replace("DOT_GROUPED", dots)
                     .replace("MONTHS", _MONTH_NAMES), re.VERBOSE)
    for lang, dots in _DOT_GROUPED.items()
}


_URL_RE = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")

#: A month name (English or German, full or abbreviated) and the blank before a day number:
#: "March 21 500 users" is the 21st and 500 users, not 21,500 grouped by a blank.
_MONTH_BEFORE = re.compile(
    r"(?<!\w)(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|januar|februar|märz|maerz|mai|juni|juli|oktober|dezember"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mär|okt|dez)\.?\s+$",
    re.IGNORECASE)
#: A single line break between two words or numbers (not a blank line, not an indented line).
_SOFT_BREAK = re.compile(r"(?<=\S)\n(?=\S)")
_DAY_THEN_BLANK = re.compile(r"(0?[1-9]|[12]\d|3[01])[\x20\u00a0\u202f]")


@dataclass(frozen=True)
class Token:
    """A number found in prose: its canonical form (for comparing), how it was written, and
    where (character offsets in the prose, to point a finding at the number itself)."""

    key: str
    written: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


def numbers_in(text: str, lang: str | None = None) -> list[Token]:
    """Numbers, dates, clock times and percentages in ``text``, in order.

    ``lang`` is the postmortem's language: in German (``de``) a dot groups thousands
    ("4.180" is 4180); otherwise only two or more dot groups do ("31.000.000").
    """
    out: list[Token] = []
    text = _URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    # A line break inside a sentence reads as a blank (as Markdown renders it): re-wrapping a
    # block (an editor's hard wrap breaks at the blank of "12 000" or "2026-03-02 10:00")
    # changes no number. One character for one, so the offsets still point into the prose.
    text = _SOFT_BREAK.sub(" ", text)
    german = lang == "de"
    pattern = _NUMBER_RES["de" if german else None]
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        day = _DAY_THEN_BLANK.match(match.group("num"))
        if day is not None and _MONTH_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            # A date's day, then a count: the day alone, and the count read from the next blank.
            out.append(Token(str(int(day.group(1))), day.group(1), match.start(), match.start() + day.end(1)))
            pos = match.start() + day.end(1)
            continue
        key = _canonical(match.group("num"), "%" if match.group("pct") else match.group("mul"), german)
        if match.group("sign") in ("-", "\u2212") and re.fullmatch(r"[\d.]+%?", key) and key.strip("0.%"):
            key = "-" + key  # -11% is not 11%; +11% is (a sign only says which way)
        out.append(Token(key, match.group(0).strip(), match.start(), match.end()))
        pos = match.end()
    return out


def _date(year: int | str, month: int | str, day: int | str, written: str) -> str:
    """A date as ISO 8601 writes it, or as written when it is no date (31.02.2026, or a
    "date" whose parts are too long to be one: 2026/99999999999999999999/01)."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except (ValueError, OverflowError):
        return written


def _digits(written: str) -> str:
    """A run of digits without its leading zeros ("03" is "3"), however long it is: no
    conversion to an integer, which a run of thousands of digits would not survive."""
    return written.lstrip("0") or "0"


def _canonical(num: str, unit: str | None, german: bool = False) -> str:
    if (named := re.fullmatch(r"(\d{1,2})\.? ([^\W\d]+)\.?,? (\d{4})", num)) is not None:
        return _date(named[3], _MONTHS.get(named[2].lower(), 0), named[1], num)
    if (named := re.fullmatch(r"([^\W\d]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", num, re.IGNORECASE)):
        return _date(named[3], _MONTHS.get(named[1].lower(), 0), named[2], num)
    if (dotted := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", num)) is not None:
        return _date(dotted[3], dotted[2], dotted[1], num)  # day first, as written in Europe
    if "/" in num:
        parts = num.split("/")
        if len(parts) == 3 and len(parts[0]) == 4:  # 2026/03/02, year first
            return _date(parts[0], parts[1], parts[2], num)
        return "/".join(_digits(part) for part in parts)  # 3/5 nodes; 03/02/2026 as written
    if (span := re.fullmatch(r"(\d+) ?h ?(\d{1,2})(?: ?m(?:in)?)?", num)) is not None:
        return f"{_digits(span[1])}h{int(span[2]):02d}"
    if "-" in num[1:] or ":" in num:
        stamp = re.sub(r"^(\d{4}-\d{2}-\d{2})[Tt\x20]", r"\1T", num)
        if "T" in stamp and (stamp[-1:] in "Zz" or re.search(r"[+-]\d{2}:?\d{2}$", stamp)):
            # A timestamp with its zone is an instant: 22:52:00Z is 23:52:00+01:00 and
            # 2018-10-22 00:52:00+0200, however the date, time and zone are set apart.
            instant = _instant(stamp, None)[0]
            return instant if isinstance(instant, str) else stamp
        # 22:52 is 22:52:00: the same time written to another precision.
        return re.sub(r"(\d:\d{2}):00$", r"\1", _clock(stamp))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
        digits = num.replace(",", "")
    elif re.fullmatch(_SPACE_GROUPED, num):
        digits = re.sub(r"[\x20\u00a0\u202f']", "", num).replace(",", ".")
    elif re.fullmatch(_DOT_GROUPED["de" if german else None], num):
        digits = num.replace(".", "").replace(",", ".")
    else:
        digits = num.replace(",", ".")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return num
    suffix = ""
    if unit == "%":
        suffix = "%"
    elif unit:
        value *= _MULTIPLIERS.get(unit.strip().lower(), 1)
    text = format(value.normalize(), "f")
    return text + suffix


def _clock(time: str) -> str:
    """A clock time on the 24-hour clock, its hour in two digits: "10:52 pm" is "22:52", which
    "10:52 am" is not; "9:05" and "9:05 am" are "09:05" (a restated "09:05" changed nothing)."""
    if (short := re.fullmatch(r"\d:\d{2}(?::\d{2})?", time)) is not None:
        return "0" + short.group(0)
    half = re.fullmatch(r"(\d{1,2})(:\d{2}(?::\d{2})?)\x20?([AaPp])\.?[Mm]\.?", time)
    if half is None:
        return time
    hour, rest, noon = int(half.group(1)), half.group(2), half.group(3).lower()
    if hour > 12:
        return time  # "13:00 pm" is no 12-hour time: compared as written
    if noon == "p":
        return f"{hour % 12 + 12}{rest}"
    return f"{hour % 12:02d}{rest}"


# --- values --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One fact of one version: a comparable ``key``, a readable ``shown`` form, and where it is."""

    label: str
    path: FieldPath
    key: Any
    shown: str
    raw: Any = None
    tokens: tuple[Token, ...] | None = None  # for numbers in prose
    gist: frozenset[str] | None = None  # for statements: their content words
    entity: bool = False  # the existence of a keyed item (a decision, a factor)
    #: For a time written without an offset: the document's ``timezone`` it is read in ("" for
    #: none), which tells two equal-looking times apart when only the timezone changed.
    zone: str | None = None
    #: For an impact metric: its unit, which says what its value counts.
    unit: Any = None


@dataclass(frozen=True)
class FactChange:
    """A fact that differs between two versions: ``(field, old, new)`` plus where and how.

    ``old`` is ``None`` for a fact that was added, ``new`` is ``None`` for one that was
    removed. ``path`` is where the change is in the new version (the nearest existing field
    for a removal); ``labels`` are every name a correction's ``fields`` may use for it.
    """

    field: str
    old: str | None
    new: str | None
    path: FieldPath = ()
    kind: str = "changed"  # changed | added | removed
    old_raw: Any = None
    new_raw: Any = None
    labels: tuple[str, ...] = ()
    #: For numbers in prose: where in ``new_raw`` the first new number is (start, end), so a
    #: finding can point at it rather than at the field (a ``|`` indicator, a heading).
    offsets: tuple[int, int] | None = None
    #: For an impact metric: the units of its old and new value (2 h → 3 h is not 2 → 180 min).
    units: tuple[Any, Any] = (None, None)

    def __iter__(self) -> Iterator[Any]:
        yield from (self.field, self.old, self.new)

    def describe(self) -> str:
        if self.kind == "added":
            return f"{self.field} was added: {self.new}"
        if self.kind == "removed":
            return f"{self.field} was removed (was {self.old})"
        return f"{self.field} changed from {self.old} to {self.new}"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new, "kind": self.kind}


def _instant(value: Any, zone: Any) -> tuple[Any, str]:
    """A timestamp as (comparable key, as written)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=zone) if zone else value
        shown = value.isoformat()
    elif isinstance(value, date):
        return value.isoformat(), value.isoformat()
    elif isinstance(value, str):
        shown = value.strip()
        text = shown.replace(" ", "T", 1)
        if text[-1:] in ("Z", "z"):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return shown, shown
        if moment.tzinfo is None:
            if len(text) == 10:
                return moment.date().isoformat(), shown
            if zone is not None:
                moment = moment.replace(tzinfo=zone)
    else:
        return _plain(value), _shown(value)
    if moment.tzinfo is not None:
        return moment.astimezone(timezone.utc).isoformat(), shown
    return moment.isoformat(), shown


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _snippet(value)
    return str(value)


def _snippet(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[: limit - 1]}…"'


def _zone(data: dict[str, Any]) -> Any:
    name = data.get("timezone")
    if isinstance(name, str):
        from pmkit.vocabulary import resolve_zone

        return resolve_zone(name)
    return None


# --- facts of one version -------------------------------------------------------------------


class _Facts:
    """Collects the keyed facts of one version (everything except timeline alignment)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.zone = _zone(data)
        self.lang = data.get("lang") if isinstance(data.get("lang"), str) else None
        self.items: dict[str, Fact] = {}

    def value(self, label: str, path: FieldPath, raw: Any) -> None:
        if raw is None:
            return
        self.items[label] = Fact(label, path, _plain(raw), _shown(raw), raw)

    def time(self, label: str, path: FieldPath, raw: Any) -> None:
        if raw is None:
            return
        key, shown = _instant(raw, self.zone)
        bare = _instant(raw, None)[0]  # an instant (+00:00) only when written with an offset
        naive = isinstance(bare, str) and "T" in bare and not bare.endswith("+00:00")
        zone = self.data.get("timezone") if naive else None
        self.items[label] = Fact(label, path, key, shown, raw,
                                 zone=(zone if isinstance(zone, str) else "") if naive else None)

    def prose(self, label: str, path: FieldPath, raw: Any) -> None:
        """The numbers in a prose field, kept apart from a statement fact of the same field (a
        decision, a factor's description), whose substance is compared on its own."""
        if not isinstance(raw, str):
            return
        tokens = tuple(numbers_in(raw, self.lang))
        if tokens:
            key = tuple(sorted(t.key for t in tokens))
            self.items[label + NUMBERS] = Fact(label, path, key, ", ".join(t.written for t in tokens),
                                               raw, tokens)

    def name(self, label: str, path: FieldPath, raw: Any) -> None:
        """Who: a person or a role, the same whatever its case and spacing ("Incident Commander"
        and "incident  commander" are one person)."""
        if raw is None:
            return
        key = " ".join(raw.split()).casefold() if isinstance(raw, str) else _plain(raw)
        self.items[label] = Fact(label, path, key, _shown(raw), raw)

    def statement(self, label: str, path: FieldPath, raw: Any) -> None:
        """A short statement (a decision, a factor) whose substance, not wording, is the fact."""
        if isinstance(raw, str) and raw.strip():
            words = gist(raw)
            self.items[label] = Fact(label, path, words, _snippet(raw), raw, gist=words)

    def entity(self, label: str, path: FieldPath, shown: str) -> None:
        """The existence of a keyed item (a decision, a contributing factor, a notification)."""
        self.items[label] = Fact(label, path, True, shown, entity=True)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _keyed(items: list[Any], key: str) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(index, identity, item) of list items identified by ``key`` (or their position)."""
    seen: Counter[str] = Counter()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        ident = item.get(key)
        name = str(ident) if isinstance(ident, (str, int)) and str(ident).strip() else f"#{index}"
        seen[name] += 1
        if seen[name] > 1:
            name = f"{name}#{seen[name]}"
        yield index, name, item


def keyed_facts(data: dict[str, Any]) -> dict[str, Fact]:
    """Every fact of one version except the timeline's, by label."""
    facts = _Facts(data)
    facts.value("severity", ("severity",), data.get("severity"))
    facts.prose("summary", ("summary",), data.get("summary"))
    for heading, section in _mapping(data.get(BODY)).items():
        if _is_lessons(heading):
            continue  # lessons are not facts (they are the team's reading, and may grow)
        facts.prose(f"body[{heading}]" if heading else "body", (BODY, heading), _uncommented(section))
    impact = _mapping(data.get("impact"))
    for name in ("users_affected", "customers_affected", "data_loss"):
        facts.value(f"impact.{name}", ("impact", name), impact.get(name))
    facts.prose("impact.description", ("impact", "description"), impact.get("description"))
    for index, name, metric in _keyed(_list(impact.get("metrics")), "name"):
        unit = metric.get("unit")
        value = metric.get("value")
        if value is not None:
            shown = f"{_shown(value)} {unit}" if isinstance(unit, str) and unit else _shown(value)
            label = f"impact.metrics[{name}].value"
            facts.items[label] = Fact(label, ("impact", "metrics", index, "value"),
                                      _metric_key(value, unit), shown, value, unit=unit)
    for index, name, decision in _keyed(_list(data.get("decisions")), "id"):
        base = f"decisions[{name}]"
        path: FieldPath = ("decisions", index)
        facts.entity(base, path, _snippet(str(decision.get("decision") or name)))
        facts.time(f"{base}.at", (*path, "at"), decision.get("at"))
        facts.statement(f"{base}.decision", (*path, "decision"), decision.get("decision"))
        facts.name(f"{base}.decided_by", (*path, "decided_by"), decision.get("decided_by"))
        for prose in NUMBER_FIELDS["decisions"]:
            facts.prose(f"{base}.{prose}", (*path, prose), decision.get(prose))
    for index, name, factor in _keyed(_list(data.get("contributing_factors")), "id"):
        base = f"contributing_factors[{name}]"
        path = ("contributing_factors", index)
        facts.entity(base, path, _snippet(str(factor.get("description") or name)))
        facts.statement(f"{base}.description", (*path, "description"), factor.get("description"))
        facts.prose(f"{base}.description", (*path, "description"), factor.get("description"))
    disclosure = _mapping(data.get("disclosure"))
    facts.value("disclosure.personal_data_breach", ("disclosure", "personal_data_breach"),
                disclosure.get("personal_data_breach"))
    for name in DISCLOSURE_TIMES:
        facts.time(f"disclosure.{name}", ("disclosure", name), disclosure.get(name))
    for index, _, name, note in _keyed_notifications(_list(disclosure.get("notifications"))):
        base = f"disclosure.notifications[{name}]"
        path = ("disclosure", "notifications", index)
        facts.time(f"{base}.sent_at", (*path, "sent_at"), note.get("sent_at"))
        # Which notification was removed or added is told by when and how it was sent, not
        # by its audience alone: two went to the customers, a status page and an e-mail.
        sent = facts.items.get(f"{base}.sent_at")
        told = [name, *([f"sent_at {sent.shown}"] if sent is not None else []),
                *([f"channel {_plain(note['channel'])}"] if isinstance(note.get("channel"), str) else [])]
        facts.entity(base, path, ", ".join(told))
    return facts.items


def _uncommented(section: Any) -> Any:
    """A Markdown section with its HTML comments blanked, offsets and line breaks kept: a note
    to the authors (``<!-- TODO: confirm the 41,000 -->``) is not on the page readers read, so
    its numbers are no facts, as those of a comment in YAML are not. Code blocks, which
    readers see, stay as written (and a comment shown in one)."""
    if not isinstance(section, str):
        return section
    from pmkit.markdown import blank_comments_in_prose

    return blank_comments_in_prose(section)


def _keyed_notifications(items: list[Any]) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    """(index, group, name, item) of the notifications: the group is who got it under which
    regime and stage ("customers", "authority/nis2/early-warning"); the name tells a group's
    notifications apart in file order ("customers#2")."""
    seen: Counter[str] = Counter()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        parts = [str(item[k]) for k in ("audience", "regime", "stage") if isinstance(item.get(k), str)]
        group = "/".join(parts) or f"#{index}"
        seen[group] += 1
        yield index, group, group if seen[group] == 1 else f"{group}#{seen[group]}", item


@dataclass(frozen=True)
class _Notification:
    """A notification as it is paired with one of another version: its group and name, and
    what it says (when and how it was sent)."""

    group: str
    name: str
    sent: Any
    channel: Any


def _notifications(data: dict[str, Any], keyed: dict[str, Fact]) -> list[_Notification]:
    out: list[_Notification] = []
    notes = _list(_mapping(data.get("disclosure")).get("notifications"))
    for _, group, name, note in _keyed_notifications(notes):
        sent = keyed.get(f"disclosure.notifications[{name}].sent_at")
        out.append(_Notification(group, name, None if sent is None else sent.key,
                                 _plain(note.get("channel"))))
    return out


def _pair_notifications(old: list[_Notification], new: list[_Notification]) -> dict[str, str]:
    """The names the new version's notifications take from the old ones they are paired with.

    Several notifications to one audience (a status page, then an e-mail) are paired by what
    they say, as timeline entries are, not by their place: first those sent at the same time
    by the same channel, then at the same time, then by the same channel, and only the rest
    in file order. Reordering them is then no change, and deleting one is the removal of
    that one, not a change of each later one. A new notification left unpaired takes a name
    no old one has, so it is not read as one that was removed.
    """
    renamed: dict[str, str] = {}
    taken = {note.name for note in old}
    for group in dict.fromkeys(note.group for note in new):
        olds = [note for note in old if note.group == group]
        news = [note for note in new if note.group == group]
        for step in range(4):
            for fresh in list(news):
                match = next((was for was in olds if _alike(step, was, fresh)), None)
                if match is not None:
                    renamed[fresh.name] = match.name
                    olds.remove(match)
                    news.remove(fresh)
        count = 1
        for fresh in news:
            while (name := group if count == 1 else f"{group}#{count}") in taken:
                count += 1
            renamed[fresh.name] = name
            taken.add(name)
    return renamed


def _alike(step: int, a: _Notification, b: _Notification) -> bool:
    """Whether two notifications pair at ``step``: same time and channel, same time, same
    channel, or (the last step) any."""
    if step == 0:
        return bool(a.sent == b.sent and a.channel == b.channel)
    if step == 1:
        return a.sent is not None and bool(a.sent == b.sent)
    if step == 2:
        return a.channel is not None and bool(a.channel == b.channel)
    return True


def _renamed_notifications(old: VersionFacts, new: VersionFacts) -> dict[str, Fact]:
    """The new version's facts with its notifications named after the old ones they pair with."""
    before, after = _notifications(old.data, old.keyed), _notifications(new.data, new.keyed)
    if not after or not before:
        return new.keyed
    renamed = {f"disclosure.notifications[{a}]": f"disclosure.notifications[{b}]"
               for a, b in _pair_notifications(before, after).items() if a != b}
    if not renamed:
        return new.keyed
    out: dict[str, Fact] = {}
    for label, fact in new.keyed.items():
        bracket = label.find("]") + 1 if label.startswith("disclosure.notifications[") else 0
        head = label[:bracket]
        if head in renamed:
            label = renamed[head] + label[bracket:]
            fact = replace(fact, label=label)
        out[label] = fact
    return out


#: Words that carry no substance when comparing two statements (English and German).
_STOPWORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from",
    "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these",
    "those", "so", "not", "no", "all", "any", "some", "we", "our", "they", "their", "them", "into",
    "onto", "than", "then", "der", "die", "das", "ein", "eine", "einer", "und", "oder", "aber", "von",
    "zu", "im", "in", "am", "an", "auf", "mit", "für", "aus", "als", "ist", "sind", "war", "waren",
    "wurde", "wurden", "nicht", "kein", "keine", "alle", "wir", "unser", "sie", "ihr", "den", "dem",
    "des", "es",
))


def gist(text: str) -> frozenset[str]:
    """The content words of a statement, roughly stemmed (first five letters)."""
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    return frozenset(w[:5] for w in words if w not in _STOPWORDS)


def same_gist(a: frozenset[str] | None, b: frozenset[str] | None, threshold: float = 0.5) -> bool:
    """Whether two statements say substantially the same (a rewording, not a new statement)."""
    if a is None or b is None:
        return False
    if not a and not b:
        return True
    return len(a & b) / len(a | b) >= threshold


# --- timeline ---------------------------------------------------------------------------------


def _words(text: Any) -> str:
    return " ".join(re.findall(r"[a-zà-ÿß]+", str(text or "").lower()))


def align_timeline(old: Sequence[Any], new: Sequence[Any], zone_old: Any = None,
                   zone_new: Any = None) -> list[tuple[int | None, int | None]]:
    """Pair the entries of two timelines: by milestone, then by time and wording, then by wording.

    Returns (old index, new index) pairs; ``None`` on one side is an entry added or removed.
    """
    return _align(_alignment_keys(old, zone_old), _alignment_keys(new, zone_new))


#: What the alignment compares of a timeline entry: its milestone, its time, its wording.
_AlignmentKey = tuple[str | None, Any, str]


def _alignment_keys(items: Sequence[Any], zone: Any) -> list[_AlignmentKey]:
    out = []
    for item in items:
        entry = item if isinstance(item, dict) else {}
        milestone = entry.get("milestone") if isinstance(entry.get("milestone"), str) else None
        at = _instant(entry.get("at"), zone)[0] if entry.get("at") is not None else None
        out.append((milestone, at, _words(entry.get("event"))))
    return out


def _align(a: Sequence[_AlignmentKey], b: Sequence[_AlignmentKey]) -> list[tuple[int | None, int | None]]:
    """:func:`align_timeline` of the entries' alignment keys."""
    pairs: dict[int, int] = {}
    free_b = set(range(len(b)))
    # 1. the same milestone (each milestone appears once in a good timeline). Only the one old
    # entry of a milestone takes a new entry of it, so those are all still free when it looks.
    in_a = Counter(m for m, _, _ in a if m is not None)
    in_b: dict[str, list[int]] = {}
    for j, (milestone, _, _) in enumerate(b):
        if milestone is not None:
            in_b.setdefault(milestone, []).append(j)
    for i, (milestone, _, _) in enumerate(a):
        if milestone is None:
            continue
        hits = in_b.get(milestone, [])
        if len(hits) == 1 and in_a[milestone] == 1:
            pairs[i] = hits[0]
            free_b.discard(hits[0])
    if (len(a) - len(pairs)) * len(free_b) > _MAX_PAIRS:
        return _align_in_order(a, b, pairs, free_b)
    # 2. the same time and similar wording, 3. similar wording, 4. the same time and some
    # likeness of wording, 5. the same time. An entry whose wording another entry has is paired
    # with that one before a weak likeness at its own time is: two events swapped between two
    # times ("Scaled out the consumers." at 10:25 and "Rolled back the release." at 10:30, then
    # the other way round) are two changed times, not two rewordings.
    def similarity(i: int, j: int) -> float:
        return _wording_similarity(a[i][2], b[j][2])

    for same_time, threshold in ((True, 0.6), (False, 0.6), (True, 0.3), (True, 0.0)):
        candidates: list[tuple[float, int, int, int]] = []
        for i in range(len(a)):
            if i in pairs:
                continue
            for j in free_b:
                if same_time and (a[i][1] is None or a[i][1] != b[j][1]):
                    continue
                score = similarity(i, j)
                if score >= threshold:
                    candidates.append((score, -abs(i - j), -i, -j))
        for _, _, neg_i, neg_j in sorted(candidates, reverse=True):
            i, j = -neg_i, -neg_j
            if i in pairs or j not in free_b:
                continue
            pairs[i] = j
            free_b.discard(j)
    out: list[tuple[int | None, int | None]] = [(i, pairs.get(i)) for i in range(len(a))]
    out.extend((None, j) for j in sorted(free_b))
    return out


@lru_cache(maxsize=65536)
def _wording_similarity(old: str, new: str) -> float:
    """How alike two timeline events are in wording (0 to 1), each pair of wordings worked out
    once: a history compares the same entries again in every revision, and an alignment whose
    times all changed (a corrected offset) compares every old entry with every new one; 120
    entries took 0.27 s a revision with difflib on each pair."""
    if old == new:  # (what difflib says of equal texts, empty ones too)
        return 1.0
    import difflib

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= 0.5 else 0.0


#: How many pairs of entries the timeline alignment compares in wording at most: every old
#: entry with every new one, each with difflib, took 20 s for 800 entries whose times all
#: changed (a corrected offset), hours for 10,000.
_MAX_PAIRS = 40_000


def _align_in_order(a: Sequence[_AlignmentKey], b: Sequence[_AlignmentKey], pairs: dict[int, int],
                    free_b: set[int]) -> list[tuple[int | None, int | None]]:
    """The alignment of two long timelines in linear time: the entries left after the
    milestones are paired in order where their wording is the same (difflib on the
    sequences, not on every pair), and by position in between."""
    left_a = [i for i in range(len(a)) if i not in pairs]
    left_b = sorted(free_b)
    import difflib

    matcher = difflib.SequenceMatcher(None, [a[i][2] for i in left_a], [b[j][2] for j in left_b])
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for x, y in zip(range(a1, a2), range(b1, b2), strict=False):
                pairs[left_a[x]] = left_b[y]
                free_b.discard(left_b[y])
    out: list[tuple[int | None, int | None]] = [(i, pairs.get(i)) for i in range(len(a))]
    out.extend((None, j) for j in sorted(free_b))
    return out


#: What the facts of a timeline entry are read from: the entry's own keys, and the version's
#: language (numbers in prose) and time zone (times written without an offset).
_ENTRY_FACT_KEYS = ("at", "milestone", "event")
_ENTRY_READING_KEYS = ("lang", "timezone")


def _written_alike(a: Any, b: Any) -> bool:
    """Whether two parsed values are written alike: of one type and one repr, so that a time
    at another offset or 1 against 1.0, equal for ``==``, are not taken for the same."""
    return type(a) is type(b) and (a is b or repr(a) == repr(b))


def _timeline_changes(old: VersionFacts, new: VersionFacts) -> list[FactChange]:
    old_tl, new_tl = old.timeline, new.timeline
    zone_old, zone_new = old.zone, new.zone
    # A matched entry written alike in two versions read alike has the same facts in both, so
    # no change: a long-running incident's postmortem, one entry more in each of hundreds of
    # revisions, had every entry's facts worked out in every version (quadratic in revisions).
    read_alike = all(_written_alike(old.data.get(key), new.data.get(key)) for key in _ENTRY_READING_KEYS)
    changes: list[FactChange] = []
    for i, j in _align(old.alignment_keys(), new.alignment_keys()):
        a = old_tl[i] if i is not None and isinstance(old_tl[i], dict) else None
        b = new_tl[j] if j is not None and isinstance(new_tl[j], dict) else None
        if a is None and b is None:
            continue
        if (read_alike and a is not None and b is not None
                and all(_written_alike(a.get(key), b.get(key)) for key in _ENTRY_FACT_KEYS)):
            continue
        if a is None or b is None:
            entry = a if b is None else b
            assert entry is not None
            index = (i if b is None else j) or 0
            at = _instant(entry.get("at"), zone_old if b is None else zone_new)[1] \
                if entry.get("at") is not None else "(no time)"
            event = _snippet(str(entry.get("event") or entry.get("milestone") or ""), 50)
            shown = f"{at} {event}".strip()
            label = f"timeline[{index}]"
            aliases = [label, "timeline"]
            milestone = entry.get("milestone")
            if isinstance(milestone, str):
                aliases.append(f"timeline[{milestone}]")
            if b is None:
                changes.append(FactChange(label, shown, None, ("timeline",), "removed",
                                          labels=tuple(aliases)))
            else:
                changes.append(FactChange(label, None, shown, ("timeline", index), "added",
                                          labels=tuple(aliases)))
            continue
        assert j is not None
        label = f"timeline[{j}]"
        # The entry by its milestone in either version: a correction of a milestone that
        # changed (resolved → mitigated) may name the entry by the one readers saw.
        milestones = dict.fromkeys(m for m in (b.get("milestone"), a.get("milestone")) if isinstance(m, str))
        aliases = [label] + [f"timeline[{milestone}]" for milestone in milestones]
        if i != j:
            aliases.append(f"timeline[{i}]")
        assert i is not None
        olds, news = old.entry_facts(i), new.entry_facts(j)
        for name, key in (("at", "at"), ("milestone", "milestone"), ("event", "event" + NUMBERS)):
            labels = (*(f"{alias}.{name}" for alias in aliases), *aliases, "timeline")
            change = _compare(f"{label}.{name}", olds.get(key), news.get(key),
                              ("timeline", j, name), ("timeline", j), labels)
            if change is not None:
                changes.append(change)
    return changes


# --- comparing ----------------------------------------------------------------------------


def _compare(label: str, a: Fact | None, b: Fact | None, where: FieldPath, parent: FieldPath,
             labels: tuple[str, ...]) -> FactChange | None:
    if a is None and b is None:
        return None
    if a is not None and b is not None and a.key == b.key:
        return None
    if (a is not None and a.tokens is not None) or (b is not None and b.tokens is not None):
        old_tokens = a.tokens or () if a is not None else ()
        new_tokens = b.tokens or () if b is not None else ()
        gone = Counter(t.key for t in old_tokens) - Counter(t.key for t in new_tokens)
        came = Counter(t.key for t in new_tokens) - Counter(t.key for t in old_tokens)
        old_shown = _pick(old_tokens, gone)
        new_shown = _pick(new_tokens, came)
        if not old_shown and not new_shown:
            return None
        first = next((t for t in new_tokens if came[t.key] > 0), None)
        return FactChange(label + NUMBERS, old_shown or None, new_shown or None,
                          where if b is not None else parent,
                          "changed" if old_shown and new_shown else "added" if new_shown else "removed",
                          a.raw if a else None, b.raw if b else None, labels,
                          None if first is None else (first.start, first.end))
    if a is None:
        assert b is not None
        return FactChange(label, None, b.shown, b.path, "added", None, b.raw, labels)
    if b is None:
        return FactChange(label, a.shown, None, parent, "removed", a.raw, None, labels)
    old_shown, new_shown = a.shown, b.shown
    units = (a.unit, b.unit)
    if old_shown == new_shown and a.gist is not None and b.gist is not None:
        old_shown, new_shown = _from_the_difference(a.raw, b.raw)
    elif old_shown == new_shown:  # the same local time read in another timezone: say which
        old_shown, new_shown = (f"{fact.shown} ({_zone_name(fact)})" for fact in (a, b))
    return FactChange(label, old_shown, new_shown, b.path, "changed", a.raw, b.raw, labels, units=units)


def _from_the_difference(old: str, new: str) -> tuple[str, str]:
    """Two statements whose snippets are alike (they differ past the cut): each shown from the
    word where they part. They were shown with their sets of word stems, as Python writes a set,
    in an order that changed from run to run (PYTHONHASHSEED)."""
    old, new = " ".join(old.split()), " ".join(new.split())
    pairs = zip(old, new, strict=False)  # (the shorter one may be the other's start)
    same = next((index for index, (x, y) in enumerate(pairs) if x != y), min(len(old), len(new)))
    start = old.rfind(" ", 0, same) + 1
    return f'"…{_snippet(old[start:])[1:]}', f'"…{_snippet(new[start:])[1:]}'


def _zone_name(fact: Fact) -> str:
    if fact.zone is None:
        return str(fact.key)
    return f"timezone {fact.zone}" if fact.zone else "no timezone"


def _pick(tokens: Iterable[Token], wanted: Counter[str]) -> str:
    left = Counter(wanted)
    out: list[str] = []
    for token in tokens:
        if left[token.key] > 0:
            left[token.key] -= 1
            out.append(token.written)
    return ", ".join(out)


def _aliases(label: str, path: FieldPath) -> tuple[str, ...]:
    """A fact's label, the same with list positions, and every enclosing field."""
    names = {label, format_path(path)}
    for name in list(names):
        parts = re.split(r"(?=[.\[])", name)
        for k in range(1, len(parts)):
            names.add("".join(parts[:k]))
    return tuple(sorted(names, key=len, reverse=True))


def fact_names(data: Any) -> set[str]:
    """Every name a correction's ``fields`` may give a fact of this version (normalised as
    :meth:`CorrectionEntry.covers` compares them): labels, list positions, enclosing fields."""
    data = data if isinstance(data, dict) else {}
    names = {_norm(str(key)) for key in data}
    for fact in keyed_facts(data).values():
        names.update(_norm(n) for n in _aliases(fact.label, fact.path))
    for index, entry in enumerate(_list(data.get("timeline"))):
        aliases = [f"timeline[{index}]"]
        milestone = entry.get("milestone") if isinstance(entry, dict) else None
        if isinstance(milestone, str):
            aliases.append(f"timeline[{milestone}]")
        for alias in aliases:
            names.update(_norm(n) for n in (alias, f"{alias}.at", f"{alias}.milestone", f"{alias}.event"))
    return names


class VersionFacts:
    """The facts of one version (plain data), each worked out once however many comparisons
    the version takes part in: a file's history compares each version twice, as the newer
    version of one commit and as the older of the next."""

    def __init__(self, data: Any) -> None:
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.keyed = keyed_facts(self.data)
        self.timeline = _list(self.data.get("timeline"))
        self.zone = _zone(self.data)
        self._alignment_keys: list[_AlignmentKey] | None = None
        self._entries: dict[int, dict[str, Fact]] = {}
        self._corrections: list[CorrectionEntry] | None = None

    def corrections(self) -> list[CorrectionEntry]:
        if self._corrections is None:
            self._corrections = corrections(self.data)
        return self._corrections

    def alignment_keys(self) -> list[_AlignmentKey]:
        if self._alignment_keys is None:
            self._alignment_keys = _alignment_keys(self.timeline, self.zone)
        return self._alignment_keys

    def entry_facts(self, index: int) -> dict[str, Fact]:
        """The facts of the timeline entry at ``index`` (a mapping): its time, its milestone and
        the numbers of its event, each at its own place (``timeline[index].at``)."""
        found = self._entries.get(index)
        if found is None:
            entry, facts = self.timeline[index], _Facts(self.data)
            facts.time("at", ("timeline", index, "at"), entry.get("at"))
            facts.value("milestone", ("timeline", index, "milestone"), entry.get("milestone"))
            facts.prose("event", ("timeline", index, "event"), entry.get("event"))
            found = self._entries[index] = facts.items
        return found


def diff_facts(old: Any, new: Any) -> list[FactChange]:
    """The facts that differ between two versions of a postmortem (plain data), in file order."""
    return diff_versions(VersionFacts(old), VersionFacts(new))


def diff_versions(old: VersionFacts, new: VersionFacts) -> list[FactChange]:
    """:func:`diff_facts` of two versions whose facts are already worked out."""
    new_data = new.data
    after = _renamed_notifications(old, new)
    before = _recased_metrics(old.keyed, after)
    changes: list[FactChange] = []
    for name in dict.fromkeys([*after, *before]):
        a, b = before.get(name), after.get(name)
        if a is not None and b is not None and (a.key == b.key or same_gist(a.gist, b.gist)):
            continue
        fact = b if b is not None else a
        assert fact is not None
        parent = _existing_parent(new_data, fact.path)
        change = _compare(fact.label, a, b, fact.path, parent, _aliases(fact.label, fact.path))
        if change is not None:
            changes.append(change)
    # An item added or removed as a whole (a decision, a factor) is one change, not one per field.
    whole = {c.field for c in changes if c.kind != "changed"
             and any(f is not None and f.entity for f in (before.get(c.field), after.get(c.field)))}
    changes = [c for c in changes if not _inside(c.field, whole)]
    changes = _renamed_sections(changes, before, after)
    changes.extend(_timeline_changes(old, new))
    places: dict[int, dict[Any, int]] = {}  # each mapping's keys numbered once, not per change
    return sorted(changes, key=lambda c: _order(new_data, c, places))


def _recased_metrics(before: dict[str, Fact], after: dict[str, Fact]) -> dict[str, Fact]:
    """The old version's facts with each impact metric named as the new version names it when
    the names differ only in case or spacing ("Checkout errors" → "checkout errors"): a metric
    is known by its name, as its unit is, whatever its case."""
    def folded(label: str) -> str:
        return " ".join(label.split()).casefold()

    news: dict[str, list[str]] = {}
    for label in after:
        if label.startswith("impact.metrics[") and label not in before:
            news.setdefault(folded(label), []).append(label)
    if not news:
        return before
    out: dict[str, Fact] = {}
    for label, fact in before.items():
        if label.startswith("impact.metrics[") and label not in after:
            hits = news.pop(folded(label), [])
            if len(hits) == 1:  # (two new ones of one name, or two old ones: as written)
                label = hits[0]
                fact = replace(fact, label=label)
        out[label] = fact
    return out


def _inside(label: str, whole: set[str]) -> bool:
    """Whether ``label`` is a field of one of the ``whole`` items ("decisions[D1].rationale" of
    "decisions[D1]"): the label up to one of its dots is one of them. Asked this way, not by
    comparing each item, 5,000 decisions added at once are not 25 million comparisons."""
    if not whole:
        return False
    dot = label.find(".")
    while dot >= 0:
        if label[:dot] in whole:
            return True
        dot = label.find(".", dot + 1)
    return False


def _in_body(fact: Fact) -> bool:
    return bool(fact.path) and fact.path[0] == BODY


#: The narrative fields a Markdown body's sections fill (``## Summary``, ``## Impact``): prose
#: whose numbers may move between the field and a section without changing a fact.
_NARRATIVE = (("summary",), ("impact", "description"))


def _renamed_sections(changes: list[FactChange], before: dict[str, Fact],
                      after: dict[str, Fact]) -> list[FactChange]:
    """Drop a Markdown section that is gone and one that is new holding the same numbers: its
    heading was renamed ("## Impact" → "## Customer impact"), and no number changed. The same
    for the numbers of a narrative field that moved into a section or out of one (a YAML
    postmortem rewritten as Markdown, its ``summary`` now the ``## Summary`` section)."""
    def prose(facts: dict[str, Fact], change: FactChange, kind: str) -> Fact | None:
        """The fact of a removed or added prose ``change`` (a section, a narrative field)."""
        fact = facts.get(change.field)
        if change.kind != kind or fact is None or not (_in_body(fact) or fact.path in _NARRATIVE):
            return None
        return fact

    gone = [(c, f) for c in changes if (f := prose(before, c, "removed")) is not None]
    came = [(c, f) for c in changes if (f := prose(after, c, "added")) is not None]
    renamed: set[int] = set()
    for old, old_fact in gone:
        for new, new_fact in came:
            if id(new) in renamed or not (_in_body(old_fact) or _in_body(new_fact)):
                continue  # a field to a field is no move between the forms
            if old_fact.key == new_fact.key:
                renamed.update((id(old), id(new)))
                break
    # The field and the section that fills it ("summary" and "## Summary"), with other numbers:
    # one change of that text, which a correction declares by either name.
    merged: dict[int, FactChange] = {}
    for old, old_fact in gone:
        for new, new_fact in came:
            if id(old) in renamed or id(new) in renamed or _filled(old_fact) != _filled(new_fact) \
                    or _filled(old_fact) is None or _in_body(old_fact) == _in_body(new_fact):
                continue
            renamed.update((id(old), id(new)))
            change = _compare(new_fact.label, old_fact, new_fact, new_fact.path, new.path,
                              tuple(dict.fromkeys((*new.labels, *old.labels))))
            if change is not None:
                merged[id(new)] = change
            break
    return [merged.get(id(c), c) for c in changes if id(c) not in renamed or id(c) in merged]


def _filled(fact: Fact) -> FieldPath | None:
    """The narrative field a prose fact is, or fills as a Markdown section (``## Summary`` fills
    ``summary``); None for another section."""
    if not _in_body(fact):
        return fact.path if fact.path in _NARRATIVE else None
    from pmkit.markdown import SECTION_ALIASES, SECTION_FIELDS, normalise

    heading = str(fact.path[1]) if len(fact.path) > 1 else ""
    name = normalise(heading)
    return SECTION_FIELDS.get(name) or SECTION_ALIASES.get(name)


def _existing_parent(data: dict[str, Any], path: FieldPath) -> FieldPath:
    """The longest prefix of ``path`` that exists in ``data`` (for pointing at a removal)."""
    node: Any = data
    found: list[str | int] = []
    for part in path:
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        if not in_list and not (isinstance(part, str) and isinstance(node, dict) and part in node):
            break
        node = node[part]
        found.append(part)
    return tuple(found)


def _order(data: dict[str, Any], change: FactChange,
           places: dict[int, dict[Any, int]] | None = None) -> tuple[tuple[int, ...], str]:
    """File order: the position of each step of the change's path in the new data.

    ``places`` keeps each mapping's key positions (by the mapping's id) for the next change."""
    node: Any = data
    rank: list[int] = []
    places = {} if places is None else places
    for part in change.path:
        if isinstance(node, dict) and part in node:
            keys = places.get(id(node))
            if keys is None:
                keys = places[id(node)] = {key: index for index, key in enumerate(node)}
            rank.append(keys[part])
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            rank.append(part)
            node = node[part]
        else:
            rank.append(10**6)
            break
    return tuple(rank), change.field


# --- corrections --------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionEntry:
    """One entry of a postmortem's ``corrections``, as the history rules read it."""

    index: int
    at: str
    description: str
    #: None: no ``fields`` key (the entry declares every change); ``()``: ``fields: []``, which
    #: names no field and so declares none (a template's empty list is no blanket declaration).
    fields: tuple[str, ...] | None = None

    @property
    def key(self) -> tuple[str, str, tuple[str, ...] | None]:
        """What tells an entry unchanged: its date, its text whatever its spacing, and the facts
        it names in any order (``fields`` is a set: reordering it rewrites nothing)."""
        names = None if self.fields is None else tuple(sorted(set(self.fields)))
        return (self.at, " ".join(self.description.split()), names)

    def covers(self, change: FactChange) -> bool:
        """Whether this correction declares ``change`` (no ``fields``: it declares everything)."""
        if self.fields is None:
            return True
        names = {_norm(n) for n in (change.field.removesuffix(NUMBERS), *change.labels)}
        return any(_norm(f) in names for f in self.fields)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "at": self.at, "description": self.description,
                "fields": None if self.fields is None else list(self.fields)}


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name).strip(".")


def norm_label(name: str) -> str:
    """A ``fields`` label as facts are matched by it: without blanks or outer dots."""
    return _norm(name)


def corrections(data: Any) -> list[CorrectionEntry]:
    out: list[CorrectionEntry] = []
    items = _list(_mapping(data).get("corrections"))
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            out.append(CorrectionEntry(index, "", _plain(item) if isinstance(item, str) else str(item)))
            continue
        at = item.get("at")
        names = item.get("fields")
        fields_ = tuple(str(n) for n in names) if isinstance(names, list) else None
        out.append(CorrectionEntry(index, _instant(at, None)[1] if at is not None else "",
                                   str(item.get("description") or ""), fields_))
    return out


@dataclass
class CorrectionDiff:
    """How the corrections list changed: what was appended, edited or removed."""

    added: list[CorrectionEntry] = field(default_factory=list)
    edited: list[tuple[CorrectionEntry, CorrectionEntry]] = field(default_factory=list)
    removed: list[CorrectionEntry] = field(default_factory=list)


def diff_corrections(old: Any, new: Any) -> CorrectionDiff:
    """Match the old corrections with the new ones; unmatched old ones were edited or removed."""
    return diff_correction_entries(corrections(old), corrections(new))


def diff_correction_entries(before: Sequence[CorrectionEntry],
                            after: Sequence[CorrectionEntry]) -> CorrectionDiff:
    """:func:`diff_corrections` of two versions' corrections, already read."""
    result = CorrectionDiff()
    free = list(range(len(after)))
    unmatched: list[CorrectionEntry] = []
    for entry in before:
        hit = next((j for j in free if after[j].key == entry.key), None)
        if hit is None:
            unmatched.append(entry)
        else:
            free.remove(hit)
    for entry in unmatched:
        best, score = None, 0.0
        for j in free:
            other = after[j]
            import difflib

            ratio = difflib.SequenceMatcher(None, entry.description, other.description).ratio()
            ratio += 0.5 if other.at == entry.at else 0.0
            ratio += 0.25 if other.index == entry.index else 0.0
            if ratio > score:
                best, score = j, ratio
        if best is not None and score >= 0.75:
            result.edited.append((entry, after[best]))
            free.remove(best)
        else:
            result.removed.append(entry)
    result.added = [after[j] for j in free]
    return result


def undeclared(changes: Sequence[FactChange], added: Sequence[CorrectionEntry]) -> list[FactChange]:
    """The fact changes that no new correction declares."""
    return [c for c in changes if not any(entry.covers(c) for entry in added)]


def declared_by(change: FactChange, added: Sequence[CorrectionEntry]) -> list[CorrectionEntry]:
    return [entry for entry in added if entry.covers(change)]


def revised_upward(change: FactChange) -> str | None:
    """Why a change makes the incident look worse than first published, or None.

    More users, customers or a bigger impact metric (a negative one, a drop, dropping
    further); data loss or a personal data breach appearing; a worse severity (SEV3 → SEV1).
    """
    name = change.field
    old, new = change.old_raw, change.new_raw
    metric = name.startswith("impact.metrics[") and name.endswith("].value")
    if metric and old is not None and change.units[0] != change.units[1]:
        return _metric_upward(change)
    if name in UPWARD_FIELDS or metric:
        if _number(old) is not None and _number(new) is not None:
            a, b = _number(old), _number(new)
            assert a is not None and b is not None
            if metric and _larger_drop(a, b):
                return f"{_fmt(a)} → {_fmt(b)} ({_fmt(b - a)}, {_growth(a, b)} larger drop)"
            if b > a and (not metric or a >= 0):
                growth = f", {_growth(a, b)}" if a else ""
                return f"{_fmt(a)} → {_fmt(b)} (+{_fmt(b - a)}{growth})"
        if old is None and _number(new):
            return f"now {_fmt(_number(new) or 0)}, not stated before"
        return None
    if name in ("impact.data_loss", "disclosure.personal_data_breach"):
        if new is True and old is not True:
            return f"{_shown(old)} → true"
        return None
    if name == "severity":
        a, b = _sev(old), _sev(new)
        if a is not None and b is not None and b < a:
            return f"{old} → {new}"
    return None


def _metric_upward(change: FactChange) -> str | None:
    """A metric whose unit changed: larger only when both units measure the same thing, each
    value then read in the old unit (120 min → 3 h is 60 min more). Units that do not convert
    ("writes" → "requests") say nothing of a direction: that is a changed fact (PM601) alone."""
    (old_unit, new_unit), a, b = change.units, _number(change.old_raw), _number(change.new_raw)
    known_old, known_new = metric_unit(old_unit), metric_unit(new_unit)
    if a is None or b is None or known_old is None or known_new is None or known_old[0] != known_new[0]:
        return None
    old_size, new_size = a, float(Decimal(str(b)) * known_new[1] / known_old[1])
    if _larger_drop(old_size, new_size):
        return (f"{change.old} → {change.new} (= {_fmt(new_size)} {old_unit}; "
                f"{_fmt(new_size - old_size)} {old_unit}, {_growth(old_size, new_size)} larger drop)")
    if new_size <= old_size or old_size < 0:
        return None
    growth = f", {_growth(old_size, new_size)}" if old_size else ""
    return (f"{change.old} → {change.new} (= {_fmt(new_size)} {old_unit}; "
            f"+{_fmt(new_size - old_size)} {old_unit}{growth})")


def _larger_drop(old: float, new: float) -> bool:
    """Whether a metric that is a signed change (negative: a drop, "-11 percent of checkouts")
    dropped further: -11 → -20 is a worse impact, -11 → -5 a smaller one. A value that turned
    from a drop to a rise or back (-11 → +11) is a changed fact (PM601) with no direction pmkit
    can tell: the sign alone does not say whether a rise was good or bad; so is a value that
    was 0 and is now negative."""
    return old < 0 and new < old


def _growth(old: float, new: float) -> str:
    """How much larger ``new`` is than ``old`` in magnitude, as a signed percentage (+82%)."""
    return f"{(abs(new) - abs(old)) / abs(old):+.0%}" if old else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _fmt(value: float) -> str:
    """A figure for a message: as written when it was (99.95, 12,000), else rounded to three
    significant digits, at most three decimals (1.02, not 1.0244548320770264)."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    written = repr(value)
    if "e" not in written and len(written.partition(".")[2]) <= 3:
        return f"{value:,}"
    digits = min(3, max(0, 2 - math.floor(math.log10(abs(value)))))
    shown = f"{value:,.{digits}f}"
    if float(shown.replace(",", "")) == 0:
        return f"{value:.3g}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def _sev(value: Any) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"SEV[1-5]", value.strip().upper()):
        return int(value.strip()[3:])
    return None


# --- loading a version's data quickly ---------------------------------------------------------


def load_data(text: str, *, markdown: bool = False) -> dict[str, Any] | None:
    """The plain data of one version of a file, or None when it does not parse to a mapping.

    Both sides of a comparison are read by this function, with pmkit's own loader.
    """
    body: dict[str, str] | None = None
    if markdown:
        from pmkit.loader import normalised_text, split_front_matter

        whole = normalised_text(text, markdown=True)
        parts = split_front_matter(whole)
        if parts is None:
            return None
        text, body = parts[0], body_sections(whole, parts[3])
    data = _load_yaml(text)
    if data is not None and body:
        data[BODY] = body
    return data


#: Where :func:`load_data` keeps a Markdown body's sections (heading → text); not a file key.
BODY = "__body__"

#: The deepest data a kept version holds (marshal, which writes a memo, refuses deeper nesting
#: than a few thousand levels; a postmortem is a few levels deep).
KEPT_DEPTH = 64
#: The most the memo of versions holds: a hook's run asks for one or two (the base versions of
#: the files it checks), and each commit's adds the file it checked (twice its size).
KEPT_VERSIONS_BYTES = 512 * 1024


def kept_data(text: str, *, markdown: bool = False, keep: bool = True) -> dict[str, Any] | None:
    """:func:`load_data` of ``text``, as the command kept it for this very text (the memo
    ``versions``, :mod:`pmkit.patterncache`), else loaded and, with ``keep``, kept. A base
    version is the file a run before checked, commit after commit (:func:`keep_data`): a hook's
    history rules then parse only the file as it is now, not its base version too (3-6 ms of a
    postmortem). A run of many files keeps none (``keep``): it would copy each file's data for
    a hook that checks one."""
    from pmkit.patterncache import memo

    kept = memo("versions", KEPT_VERSIONS_BYTES)
    if kept is None:
        return load_data(text, markdown=markdown)
    key = (text, _loaded_by(markdown))
    found = kept.get(key)
    if isinstance(found, dict) and _loaded_shape(found):
        return found
    data = load_data(text, markdown=markdown)
    if data is not None and keep:
        keep_data(text, data, markdown=markdown)
    return data


def keep_data(text: str, data: dict[str, Any], *, markdown: bool = False) -> None:
    """Keep ``data`` as what :func:`load_data` makes of ``text`` (a copy: the run goes on with
    its own), for :func:`kept_data`; data too deep for a memo is not kept."""
    import marshal

    from pmkit.patterncache import memo

    kept = memo("versions", KEPT_VERSIONS_BYTES)
    if kept is not None and _loaded_shape(data):
        kept.put((text, _loaded_by(markdown)), marshal.loads(marshal.dumps(data)))


@lru_cache(maxsize=2)
def _loaded_by(markdown: bool) -> str:
    """What a kept version's data depends on besides its text: how it was read (YAML, or
    Markdown with front matter) and the modules that read it."""
    from pathlib import Path

    from pmkit.patterncache import identity

    # (named, not imported: the Markdown reader is not imported by a check of YAML files)
    here = Path(__file__).parent
    readers = identity([here / name for name in ("facts.py", "loader.py", "libyaml.py", "markdown.py")])
    return f"{'markdown' if markdown else 'yaml'} {readers}"


_SCALARS = (str, int, float, bool, type(None))


def _loaded_shape(data: dict[str, Any]) -> bool:
    """Whether ``data`` holds only what the loader makes (mappings with text keys, lists, text,
    numbers, booleans, nothing), at most :data:`KEPT_DEPTH` levels deep."""
    todo: list[tuple[Any, int]] = [(data, 0)]
    while todo:
        value, depth = todo.pop()
        if type(value) is dict:
            if depth >= KEPT_DEPTH or not all(type(key) is str for key in value):
                return False
            todo.extend((item, depth + 1) for item in value.values())
        elif type(value) is list:
            if depth >= KEPT_DEPTH:
                return False
            todo.extend((item, depth + 1) for item in value)
        elif type(value) not in _SCALARS:
            return False
    return True


def _is_lessons(heading: object) -> bool:
    """Whether a Markdown section's heading is one that fills the lessons (or groups them)."""
    from pmkit.markdown import LESSON_GROUPS, LESSON_LISTS, normalise

    if not isinstance(heading, str) or not heading:
        return False
    title = normalise(re.sub(r" \(\d+\)$", "", heading))  # (a repeated heading's key: "Lessons (2)")
    return title in LESSON_LISTS or title in LESSON_GROUPS


def body_sections(text: str, body_line: int) -> dict[str, str]:
    """A Markdown file's body split at its headings: heading text → section text (prose facts).

    The headings are the ones :func:`pmkit.markdown.sections` finds (fenced code excluded), so
    the history rules and the loader agree on what a section is.
    """
    return {key: text[start:end] for key, _section, start, end in body_parts(text, body_line)}


def body_parts(text: str, body_line: int) -> list[tuple[str, Section | None, int, int]]:
    """(key in :func:`body_sections`, its heading or None for the text before the first, start
    and end offset in ``text``) of each part of a Markdown body: where a body fact sits."""
    from pmkit.loader import Document
    from pmkit.markdown import sections

    doc = Document(path="<version>", text=text, kind="markdown", body_line=body_line)
    found = sections(doc)
    body_start = sum(len(line) + 1 for line in text.split("\n")[: body_line - 1])
    out: list[tuple[str, Section | None, int, int]] = []
    first = found[0].offset if found else len(text)
    if text[body_start:first].strip():
        out.append(("", None, body_start, first))
    keys = {key for key, *_ in out}
    # The last number tried for each title: keys are only added, so the first free number of a
    # title never goes down, and the search resumes there (20,000 equal headings were quadratic).
    tried: dict[str, int] = {}
    for section in found:
        title = section.title.strip()
        key = title
        if key in keys:
            n = tried.get(title, 2)
            key = f"{title} ({n})"
            while key in keys:
                n += 1
                key = f"{title} ({n})"
            tried[title] = n
        keys.add(key)
        out.append((key, section, section.start, section.end))
    return out


def _load_yaml(text: str) -> dict[str, Any] | None:
    from pmkit.loader import parse_text

    # pmkit's own loader: a version reads exactly as 'pmkit check' reads the file (duplicate
    # keys, merge keys, YAML 1.2 scalars, timestamps as written), through libyaml when present.
    doc = parse_text(text, "<version>")
    return doc.data if isinstance(doc.data, dict) else None
