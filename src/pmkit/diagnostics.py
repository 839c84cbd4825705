"""The one record every check produces and every output format consumes."""

from __future__ import annotations

import dataclasses
import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        if not isinstance(value, str):
            raise TypeError(f"a severity is a name (error, warning or info), not {type(value).__name__}")
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}: use error, warning or info"
            ) from None


def _severity(value: object, what: str) -> Severity:
    """``value`` as a :class:`Severity`: one, its name (``"warning"``) or its number (``2``, as
    an IntEnum's members are ints and were taken as such); else a TypeError or ValueError naming
    ``what``. (A bool is refused: True is 1, but no one means "info" by it.)"""
    if isinstance(value, Severity):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return Severity(value)
        except ValueError:
            raise ValueError(f"{what} {value} is no severity: use 1 (info), 2 (warning) or 3 (error), "
                             "or a name: error, warning or info") from None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a pmkit.Severity, its name (error, warning or info) or its "
                        f"number (1, 2 or 3), not {type(value).__name__}")
    return Severity.parse(value)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding at one place in one file.

    Lines and columns are 1-based and count characters (not bytes). ``end_line``/``end_col``
    point just past the flagged text, as editors and SARIF expect, and lie inside the file: a
    finding that covers text up to the file's final line break ends at the end of the last
    line (its length + 1), not at column 1 of a line after it. ``field`` is the path of
    the field in the postmortem (``timeline[3].at``), empty for file-level findings.
    ``entry`` names the list entries the field is in by what identifies them rather than by
    their positions (``timeline[at=2026-03-02T10:07:00Z]``, ``action_items[id=AI3]``; see
    :func:`pmkit.loader.entry_of`), empty outside lists: identical findings in different entries
    keep their identity in baselines and fingerprints when entries are added above them.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    name: str = ""
    severity: Severity = Severity.ERROR
    end_line: int | None = None
    end_col: int | None = None
    field: str = ""
    hint: str = ""
    data: tuple[tuple[str, Any], ...] = dataclasses.field(default=(), compare=False)
    entry: str = dataclasses.field(default="", compare=False)

    def __post_init__(self) -> None:
        # A severity by name ("warning"), as Report.exit_code and the settings take it: it was
        # kept as the text, and the report's exit_code() then failed with "'>=' not supported
        # between instances of 'str' and 'Severity'". A number (3) becomes its Severity too.
        if type(self.severity) is not Severity:
            object.__setattr__(self, "severity", _severity(self.severity, "severity"))

    def _order(self) -> tuple[Any, ...]:
        """What findings are ordered by: :func:`sort_key` first (path, line, column, code, as
        :meth:`Report.sorted` orders them), then the other compared fields. An end left out
        (None) counts as the start, as :meth:`to_dict` writes it, and before an end written
        there: a finding without an end and one with an int end could not be sorted ("'<' not
        supported between instances of 'int' and 'NoneType'")."""
        return (self.path, self.line, self.col, self.code, self.message, self.name, self.severity,
                self.line if self.end_line is None else self.end_line, self.end_line is not None,
                self.col if self.end_col is None else self.end_col, self.end_col is not None,
                self.field, self.hint)

    def __lt__(self, other: object) -> bool:
        return self._order() < other._order() if isinstance(other, Diagnostic) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self._order() <= other._order() if isinstance(other, Diagnostic) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self._order() > other._order() if isinstance(other, Diagnostic) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self._order() >= other._order() if isinstance(other, Diagnostic) else NotImplemented

    def __str__(self) -> str:
        """The line ``pmkit check`` prints for it (``path:line:col: CODE message (name)``), so
        that a script's ``print(diag)`` reads as the command's output; ``repr`` keeps every field."""
        from pmkit.formats.text import format_line

        return format_line(self)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of one diagnostic (see docs/output.md)."""
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_col": self.end_col if self.end_col is not None else self.col,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "field": self.field,
            "hint": self.hint,
        }
        if self.data:
            out["data"] = dict(self.data)
        return out


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.path, diag.line, diag.col, diag.code)


class _RunSetting(enum.Enum):
    """The default of :meth:`Report.exit_code`: the run's own ``fail-on`` (``Report.fail_on``)."""

    FAIL_ON = "fail_on"

    def __repr__(self) -> str:
        return "Report.fail_on"


@dataclass
class Report:
    """The outcome of a run: every finding, the files that were looked at, and the severity the
    run's settings fail on (``fail-on``, :attr:`pmkit.Config.fail_on`)."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    files: list[str] = dataclasses.field(default_factory=list)
    fail_on: Severity = Severity.ERROR

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=sort_key)

    def count(self, severity: Severity | str | int) -> int:
        """The findings of ``severity`` (a :class:`Severity`, its name, or its number: ``"warning"``
        counted none, as no finding's severity is a text; ``count(3)`` counts the errors)."""
        wanted = _severity(severity, "severity")
        return sum(1 for d in self.diagnostics if d.severity == wanted)

    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)

    def to_dict(self) -> dict[str, Any]:
        """The document ``pmkit check --format json`` writes (docs/output.md), as Python data."""
        from pmkit.formats.json import report_dict

        return report_dict(self)

    def exit_code(self, fail_on: Severity | str | _RunSetting = _RunSetting.FAIL_ON) -> int:
        """0 when nothing reaches ``fail_on``, 1 otherwise, 2 when pmkit itself failed (PM903);
        ``fail_on`` is by default the run's setting, so that a script exits as ``pmkit check`` does
        (it was ``error`` whatever the settings said: with ``fail-on = "warning"``, warnings
        failed the command and passed the script)."""
        if fail_on is _RunSetting.FAIL_ON:
            fail_on = self.fail_on
        if not isinstance(fail_on, Severity):  # a name ("warning") or None passed everything
            fail_on = Severity.parse(fail_on)
        if any(d.code == "PM903" for d in self.diagnostics):
            return 2
        worst = self.worst()
        return 1 if worst is not None and worst >= fail_on else 0


def closest(word: str, possibilities: Iterable[str], cutoff: float = 0.6) -> str | None:
    """What ``difflib.get_close_matches(word, possibilities, n=1, cutoff=cutoff)`` answers, with
    the same scores and ties, but each possibility first bounded by the characters it shares
    with ``word`` (counted in C): a file of 60,000 made-up keys ("k1", "k2"...) shares too few
    characters with any real key to be worth difflib's slower bounds and ratio, which took
    seconds when asked of every one."""
    import difflib

    length = len(word)
    chars = set(word)
    best: tuple[float, str] | None = None
    matcher: difflib.SequenceMatcher[str] | None = None
    for possibility in possibilities:
        total = length + len(possibility)
        # difflib's own upper bounds, in its order and with its arithmetic (see ``_calculate_ratio``).
        if (2.0 * min(length, len(possibility)) / total if total else 1.0) < cutoff:
            continue
        shared = sum(min(word.count(char), possibility.count(char))
                     for char in chars.intersection(possibility))
        if (2.0 * shared / total if total else 1.0) < cutoff:
            continue
        if matcher is None:
            matcher = difflib.SequenceMatcher()
            matcher.set_seq2(word)
        matcher.set_seq1(possibility)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, possibility) > best):
            best = (score, possibility)
    return None if best is None else best[1]


#: Characters that show as nothing or as a plain space where a message quotes a value: format
#: characters (zero-width space, BOM, bidirectional marks, soft hyphen), private use, line and
#: paragraph separators, and spaces other than U+0020. (Control characters stay: every output
#: format escapes them its own way.)
UNSEEN_CATEGORIES = frozenset({"Cf", "Co", "Cs", "Zl", "Zp", "Zs"})


def shown(text: str) -> str:
    """``text`` to quote in a message, with the characters a reader cannot see written as
    escapes: "'SEV1\\u200b' is not a valid severity (did you mean 'SEV1'?)" says why."""
    if text.isascii():
        return text
    return "".join(escape_char(char) if char != " " and unicodedata.category(char) in UNSEEN_CATEGORIES
                   else char for char in text)


def named_char(char: str) -> str:
    """``char`` by its code point and Unicode name, "U+00A0 (no-break space)": for a character
    that a message cannot quote, since it shows as a plain space or as nothing."""
    name = unicodedata.name(char, "").lower()
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def escape_char(char: str) -> str:
    """``char`` written as a Python escape (``\\u200b``)."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
