"""The format's words: the values a postmortem's enumerated fields take, and the bare date.

Kept apart from :mod:`pmkit.model` so that the rules that only compare a field with these
values can be imported without pydantic: the command applies the text rules in a process that
never imports it (see :mod:`pmkit.early`). :mod:`pmkit.model` uses and re-exports every name here.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import datetime, timezone
from typing import Any

#: The top-level fields of a postmortem, in the model's order (``Postmortem.model_fields``; a
#: test holds the two together), for the loader, which reads files without the model.
POSTMORTEM_FIELDS = ("pmkit", "id", "title", "status", "lang", "severity", "timezone", "owner", "authors",
                     "approvals", "services", "tags", "summary", "impact", "timeline", "decisions",
                     "contributing_factors", "action_items", "lessons", "disclosure", "corrections")

#: The years pmkit checks. Deadlines, durations and time zones are computed from these times;
#: outside this range they would step past what Python's dates hold (year 1 to 9999), and no
#: incident record needs such a year ("9999-12-31" is a placeholder, not a date).
MIN_YEAR, MAX_YEAR = 1900, 2999


class Status(str, enum.Enum):
    """Where the postmortem is in its life: written, reviewed, published."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"


class Lang(str, enum.Enum):
    """The language the postmortem is written in (the language rules follow it)."""

    EN = "en"
    DE = "de"


class IncidentSeverity(str, enum.Enum):
    """How bad the incident was: SEV1 (worst) to SEV5."""

    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"
    SEV5 = "SEV5"

    @property
    def rank(self) -> int:
        """1 for SEV1 (worst) .. 5 for SEV5."""
        return int(self.value[3:])


class Milestone(str, enum.Enum):
    """A timeline entry's place in the incident, from which the metrics are computed."""

    IMPACT_STARTED = "impact_started"
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


class ActionType(str, enum.Enum):
    """What an action item does about a recurrence."""

    PREVENT = "prevent"
    MITIGATE = "mitigate"
    DETECT = "detect"
    REPAIR = "repair"
    INVESTIGATE = "investigate"
    PROCESS = "process"


class Priority(str, enum.Enum):
    """How urgent an action item is: P0 (most) to P4."""

    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class ActionStatus(str, enum.Enum):
    """Where an action item stands."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    WONT_DO = "wont-do"


class Audience(str, enum.Enum):
    """Whom a notification went to."""

    REGULATOR = "regulator"
    CUSTOMERS = "customers"
    DATA_SUBJECTS = "data-subjects"
    PUBLIC = "public"
    INVESTORS = "investors"
    PARTNERS = "partners"
    INTERNAL = "internal"


class BareDate(datetime):
    """A timestamp written as a bare date (``2025-06-16``): midnight of that day in the
    document's zone (UTC without one). Day-counting clocks start from the date as written,
    whatever their calendar's zone."""

    __slots__ = ()


#: Files of a system's zone folder that are no IANA zone: "localtime" is the machine's own zone,
#: so a postmortem naming it would say other times on another machine; the posix/ and right/
#: copies and posixrules exist on some machines only.
MACHINE_ZONES = re.compile(r"localtime|posixrules|(?:posix|right)/.*", re.IGNORECASE)


def resolve_zone(name: str) -> Any:
    """The tzinfo for an IANA name, or None when unknown."""
    if name.upper() in ("UTC", "Z"):
        return timezone.utc
    if MACHINE_ZONES.fullmatch(name):
        return None
    # Only now: zoneinfo (and sysconfig, for its search path) is about 2 ms of a check whose
    # settings and postmortems name no zone but UTC.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def whole_number(value: Any) -> Any:
    """``12000.0`` (or YAML 1.2's ``1.2e4``) is the whole number 12000: JSON, and so the JSON
    Schema's ``integer``, does not tell them apart. Text, booleans and fractions stay errors."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"
ID_MAX_LENGTH = 120


def is_id(text: str) -> bool:
    """Whether ``text`` is an id the schema takes (to offer one in a hint)."""
    return len(text) <= ID_MAX_LENGTH and re.fullmatch(ID_PATTERN, text) is not None


#: Characters that show as nothing: format characters (zero-width space, byte order mark,
#: bidirectional marks, soft hyphen) and separators (spaces, line and paragraph separators).
_SHOWS_NOTHING = frozenset({"Cf", "Zs", "Zl", "Zp"})

#: The format characters that draw a glyph all the same: the prepended concatenation marks
#: (the Arabic number sign U+0600, the end of ayah U+06DD, the Kaithi number sign U+110BD...),
#: which stand before digits and show as a sign around them, also alone.
_DRAWN_FORMATS = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
                           "\U000110bd\U000110cd")


def _invisible(char: str) -> bool:
    """Whether the running Python's Unicode data says ``char`` shows nothing: a blank
    (``str.isspace``: also the information separators U+001C to U+001F and U+0085) or a format
    character or separator that draws no glyph. :data:`INVISIBLE` is written from it."""
    return char.isspace() or (unicodedata.category(char) in _SHOWS_NOTHING and char not in _DRAWN_FORMATS)


#: The code points that show nothing (:func:`_invisible`), the first and last of each run, as
#: Unicode 14.0 (Python 3.11) has them: the one set both :func:`shows_nothing` and the published
#: schema's "not blank" pattern are made of. Written down, not read from the running Python,
#: whose Unicode data grows with its version (3.12 adds Egyptian format controls): pmkit and
#: its schema then say the same of a title on every Python. A test holds it to unicodedata.
INVISIBLE: tuple[tuple[int, int], ...] = (
    (0x9, 0xD), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0xAD, 0xAD), (0x61C, 0x61C), (0x1680, 0x1680),
    (0x180E, 0x180E), (0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x2064), (0x2066, 0x206F),
    (0x3000, 0x3000), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)


def shows_nothing(text: str) -> bool:
    """Whether ``text`` is blanks and characters that do not show only ("  ", "\u200b"): the
    schema's empty text, and what every rule takes for a field left blank."""
    return _VISIBLE.search(text) is None


def visible_pattern() -> str:
    """A regular expression that finds a character that shows, in the published schema: the
    same in ECMAScript's engines (with the 'u' flag, as JSON Schema asks) and in Python's.
    Characters of the Basic Multilingual Plane are written as ``\\uXXXX`` escapes, the others
    as themselves (the two engines have no escape in common for them: ``\\u{E0020}`` is
    ECMAScript's, ``\\U000E0020`` Python's)."""
    def one(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)

    return "[^" + "".join(one(first) if first == last else f"{one(first)}-{one(last)}"
                          for first, last in INVISIBLE) + "]"


_VISIBLE = re.compile(visible_pattern())
