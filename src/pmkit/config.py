"""Configuration: ``[tool.pmkit]`` in ``pyproject.toml`` or a ``.pmkit.toml``, found upward.

Everything is validated when it is loaded, so a typo in a key or a rule option is a clear
error (exit code 2) before any file is checked, never a silently ignored setting.
"""

from __future__ import annotations

import errno
import functools
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.diagnostics import Severity, closest
from pmkit.fsutil import PERMISSION_ADVICE, PathName, read_regular, read_settings_text
from pmkit.loader import DEFAULT_MAX_BYTES, not_utf8, wide_codec
from pmkit.tomlkeys import (
    MAX_DEPTH,
    Key,
    Place,
    Places,
    TooDeep,
    check_depth,
    inline_pair_at,
    line_col,
    long_number_at,
    named,
    offset_of,
    statement_before,
    toml_reader,
    written,
)

CONFIG_FILES = (".pmkit.toml", "pyproject.toml")

#: Tables of ``[tool.pmkit]`` owned by a rule family or command; their contents are
#: validated by their owners (``pmkit.prose``, ``pmkit.policies``, ...).
FAMILY_SECTIONS = frozenset({"timeline", "decisions", "prose", "clarity", "disclosure", "history",
                             "learning", "calendar", "policies", "templates"})


class ConfigError(Exception):
    """A configuration problem; the CLI prints it and exits with code 2.

    ``path``: the settings file it is about, as the message names it first; None for a
    :class:`Config` made in code and a command-line option. ``line`` and ``col``: where in that
    file the setting at fault is written (1-based); the message then names them after the file
    (``pyproject.toml:2:1: ...``). Both are None where no one setting is at fault, or it cannot
    be found in the file (a file that cannot be read, a ``pyproject.toml`` without
    ``[tool.pmkit]``): the message is then ``pyproject.toml: ...``, with no place, for the command
    too. ``key``: the setting's path in the file (``("tool", "pmkit", "paths")``), given by a
    raiser that knows it; ``at_value``: whether its value is at fault rather than its name.
    ``setting``: the same path within pmkit's own settings (``("severity", "human-error")``),
    given by a raiser that reads them without knowing where they are in the file (under
    ``[tool.pmkit]``, or at the top of a ``.pmkit.toml``).
    """

    def __init__(self, message: str, *, key: tuple[str, ...] | None = None, at_value: bool = False,
                 setting: tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.setting = setting
        self.at_value = at_value
        self.path: Path | None = None
        self.line: int | None = None
        self.col: int | None = None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known``, or an empty string."""
    close = closest(str(name), known)
    return f" (did you mean '{close}'?)" if close is not None else ""


# --- limits of numeric and path settings -----------------------------------------------------
#
# Every number a setting holds is finite and inside a stated range, so that the rules can add it
# to a date or multiply it without overflowing, and a value nobody could mean (a deadline of a
# million years, ``inf``, ``nan``) is a configuration error that says what is allowed instead of a
# crash halfway through a run. Time spans go up to ten years (leap days included): far beyond any
# disclosure clock, tolerance or gap anyone configures, and small enough that a deadline computed
# from the latest timestamp a postmortem may hold (year 2999) stays a representable date.

#: The longest time span a setting may hold, in years, and in each unit settings use.
MAX_YEARS = 10
MAX_DAYS = MAX_YEARS * 366
MAX_HOURS = MAX_DAYS * 24
MAX_MINUTES = MAX_HOURS * 60
MAX_MONTHS = MAX_YEARS * 12
#: Ten years of five-day weeks.
MAX_BUSINESS_DAYS = MAX_YEARS * 261
#: Counts of things in one postmortem (timeline entries, words of a rationale).
MAX_COUNT = 1000


@dataclass(frozen=True)
class Limits:
    """The allowed range of a numeric setting: ``Limits(0, MAX_HOURS, "hours")``.

    ``positive``: the minimum itself is excluded (a clock of 0 hours is no clock).
    ``whole``: only whole numbers. ``span``: what the maximum amounts to ("10 years").
    """

    minimum: float
    maximum: float
    unit: str
    whole: bool = False
    positive: bool = False
    span: str = ""

    def describe(self) -> str:
        """``a whole number of days from 0 to 3660 (10 years)``."""
        kind = "a whole number" if self.whole else "a number"
        low = (f"more than {_fmt(self.minimum)} and at most" if self.positive
               else f"from {_fmt(self.minimum)} to")
        span = f" ({self.span})" if self.span else ""
        return f"{kind} of {self.unit} {low} {_fmt(self.maximum)}{span}"

    def short(self) -> str:
        """``0 to 3660 days, 10 years``: for option lists."""
        low = f"over {_fmt(self.minimum)}" if self.positive else _fmt(self.minimum)
        span = f", {self.span}" if self.span else ""
        return f"{low} to {_fmt(self.maximum)} {self.unit}{span}"

    def contains(self, value: float) -> bool:
        """True for a number inside the range (never for ``nan`` or an infinity)."""
        if isinstance(value, float) and not math.isfinite(value):
            return False
        low_ok = value > self.minimum if self.positive else value >= self.minimum
        return low_ok and value <= self.maximum

    def check(self, value: Any, where: str) -> Any:
        """``value`` if it is a number of the right kind inside the range, else ConfigError."""
        number = isinstance(value, int) if self.whole else isinstance(value, (int, float))
        if isinstance(value, bool) or not number or not self.contains(value):
            raise ConfigError(f"{where} must be {self.describe()}, got {shown(value)}")
        return value


def shown(value: Any, width: int = 40) -> str:
    """``repr(value)`` for a message, shortened when long (TOML integers have no size limit). A
    boolean as TOML writes it (true), a TOML date or time as written (1979-05-27T07:32:00+00:00),
    not as Python's "datetime.datetime(1979, 5, 2...one.utc) (67 characters)"."""
    import datetime

    text = value.isoformat() if isinstance(value, (datetime.date, datetime.time)) else repr(value)
    if isinstance(value, bool):
        text = str(value).lower()  # TOML's true, not Python's True
    return text if len(text) <= width else f"{text[:width - 12]}...{text[-8:]} ({len(text)} characters)"


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


_TEN_YEARS = f"{MAX_YEARS} years"
HOURS = Limits(0, MAX_HOURS, "hours", span=_TEN_YEARS)
POSITIVE_HOURS = Limits(0, MAX_HOURS, "hours", positive=True, span=_TEN_YEARS)
MINUTES = Limits(0, MAX_MINUTES, "minutes", whole=True, span=_TEN_YEARS)
DAYS = Limits(0, MAX_DAYS, "days", whole=True, span=_TEN_YEARS)
BUSINESS_DAYS = Limits(0, MAX_BUSINESS_DAYS, "business days", whole=True, span=_TEN_YEARS)
MONTHS = Limits(1, MAX_MONTHS, "months", whole=True, span=_TEN_YEARS)


#: What to write instead of an empty entry of ``paths``.
_NAME_A_FOLDER = ("names no folder; name the postmortem folders (e.g. \"postmortems\"), or write \".\" "
                  "for the folder of this file")


def check_path(value: Any, where: str, empty: str = _NAME_A_FOLDER) -> str:
    """A file or folder name from the configuration: a string, without NUL (which no file
    system allows, and which Python refuses with a ValueError rather than an OSError), and not
    empty (``empty`` says what an entry names, and what to write instead)."""
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a file or folder path (a string), got {shown(value)}")
    if "\0" in value:
        raise ConfigError(f"{where}: {shown(value)} is not a usable path: it contains a NUL character")
    if not value.strip():
        # paths = [""] checked the settings file's whole folder, every YAML file in it, unsaid.
        raise ConfigError(f"{where} has an empty entry, which {empty}")
    return value


def check_keys(table: Mapping[str, Any], known: Iterable[str], where: str) -> None:
    """Raise :class:`ConfigError` for the first key of ``table`` that is not ``known``."""
    allowed = set(known)
    for key in table:
        if key not in allowed:
            said = did_you_mean(key, allowed) or f" (settings: {', '.join(sorted(allowed)) or 'none'})"
            raise ConfigError(f"{where}: unknown setting {named(key)}{said}{belongs_elsewhere(key)}")


def belongs_elsewhere(key: Any) -> str:
    """Where a key found in the wrong table belongs, for the message that refuses it: a rule's
    option under [tool.pmkit.timeline] or [tool.pmkit.rules] itself, or a setting of
    [tool.pmkit] one table too deep. "no rule named 'grace_days'" left the user to find out
    that it is PM714's option."""
    from pmkit.rules import registry

    owners = [rule.code for rule in registry() if key in rule.options]
    if owners:
        tables = " or ".join(f"[tool.pmkit.rules.{code}]" for code in owners)
        return f"; '{key}' is an option of {', '.join(owners)}: it goes under {tables}"
    if key in _KEYS:
        return f"; '{key}' is a setting of [tool.pmkit] itself"
    return ""


#: Validators of the family tables, registered by the modules that own them (they raise
#: ConfigError). Called when the configuration is loaded, so a typo fails before any check.
SectionValidator = Callable[..., Any]  # (table, origin) -> parsed settings; raises ConfigError
SECTION_VALIDATORS: dict[str, SectionValidator] = {}


def register_section(name: str) -> Callable[[SectionValidator], SectionValidator]:
    """Decorator: ``@register_section("timeline")`` on ``def parse(table, origin) -> ...``."""

    def decorate(func: SectionValidator) -> SectionValidator:
        SECTION_VALIDATORS[name] = func
        return func

    return decorate


#: Checks that need the whole configuration (e.g. disclosure settings that refer to presets
#: and calendars); registered like section validators, run after them.
CONFIG_VALIDATORS: list[Callable[[Config], Any]] = []


def register_config_validator(func: Callable[[Config], Any]) -> Callable[[Config], Any]:
    CONFIG_VALIDATORS.append(func)
    return func


@dataclass
class Config:
    """Resolved settings for one run. Every field has the default a new user would want."""

    paths: list[str] = field(default_factory=lambda: ["postmortems"])
    #: Patterns of files not to check, as .gitignore writes them, from the settings file's folder.
    exclude: list[str] = field(default_factory=list)
    #: Whether files in the checked folders that git ignores (and does not track) are left out.
    respect_gitignore: bool = True
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_BYTES
    timezone: str = "UTC"
    sections: dict[str, Any] = field(default_factory=dict)
    #: The revision history rules (PM6xx) compare with (``--base``); None: PRE_COMMIT_FROM_REF or HEAD.
    base: str | None = None
    #: The file the settings came from (None: defaults), and the folder paths are relative to.
    source: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    #: The settings as :func:`parse_config` validated them: a Config built in code is validated
    #: as it is built (``__post_init__``), one changed since by :func:`check_config` when used.
    checked: str = field(default="", init=False, repr=False, compare=False)

    if TYPE_CHECKING:
        # The constructor as a type checker sees it: severities may be given by their names
        # (fail_on="warning", severity={"human-error": "info"}), as the README shows, and the
        # Config holds them as Severity. (The dataclass's own __init__ runs; mypy --strict
        # refused the documented call, "expected Severity".)
        def __init__(
            self,
            paths: list[str] = ...,
            exclude: list[str] = ...,
            respect_gitignore: bool = True,
            select: list[str] = ...,
            ignore: list[str] = ...,
            extend_select: list[str] = ...,
            fail_on: Severity | str = Severity.ERROR,
            severity: dict[str, Severity] | dict[str, str] | dict[str, Severity | str] = ...,
            rules: dict[str, dict[str, Any]] = ...,
            max_file_size: int = DEFAULT_MAX_BYTES,
            timezone: str = "UTC",
            sections: dict[str, Any] = ...,
            base: str | None = None,
            source: Path | None = None,
            root: Path = ...,
        ) -> None: ...

    def __post_init__(self) -> None:
        # Settings given in code are validated where they are given, as a file's are when it is
        # read: a typo or a value of the wrong type raises on this line, not at the first check.
        # The settings normalised (codes for rule names, Severity for "info") replace the ones
        # given. A Config of defaults, which parse_config and load_config start from and then
        # fill in step by step, has nothing to check and stays cheap.
        if any(_given(getattr(self, name), default()) for name, default in _SETTING_DEFAULTS.items()):
            self.__dict__.update(check_config(self).__dict__)
        else:
            _check_origin(self)

    def fingerprint(self) -> str:
        """The settings as text: what was validated, to tell whether they changed since."""
        return repr([getattr(self, f.name) for f in fields(self) if f.name != "checked"])

    def section(self, name: str) -> dict[str, Any]:
        value = self.sections.get(name, {})
        return value if isinstance(value, dict) else {}


def team_timezone(config: Config) -> str | None:
    """The zone the team works in, by its settings: ``[tool.pmkit.calendar] timezone`` (where
    its working days are counted), else the top-level ``timezone`` unless it is the default
    UTC; None when the settings name none. The disclosure clocks count days in it, PM412 reads
    a date written alone in it, and PM014 offers it to a document whose times carry no offset:
    one answer, so that the three cannot disagree."""
    name = config.section("calendar").get("timezone")
    if isinstance(name, str) and name:
        return name
    return config.timezone if config.timezone != "UTC" else None


def team_zone(config: Config, pm: Any = None) -> tzinfo:
    """The zone of :func:`team_timezone` as a tzinfo (UTC when the settings name none, or a
    name that is no zone); for a postmortem ``pm`` that declares ``timezone:``, that one."""
    from pmkit.vocabulary import resolve_zone

    name = team_timezone(config)
    team = (resolve_zone(name) if name else None) or timezone.utc
    return team if pm is None else document_zone(pm, team)


def document_zone(pm: Any, team: tzinfo) -> tzinfo:
    """The zone a postmortem's days are counted in: its own ``timezone:``, else ``team``'s."""
    return pm.zone if pm.timezone else team


def _default_of(name: str) -> Callable[[], Any]:
    spec = Config.__dataclass_fields__[name]
    return spec.default_factory if spec.default is MISSING else lambda: spec.default  # type: ignore[return-value]


def _given(value: Any, default: Any) -> bool:
    """True unless ``value`` is the default (of its type too: a Severity is an int, 3 is not)."""
    return type(value) is not type(default) or value != default


#: The fields that are settings (not where they came from), and how to make each default.
_SETTING_DEFAULTS = {f.name: _default_of(f.name) for f in fields(Config)
                     if f.name not in ("source", "root", "checked")}

_KEYS = {"paths", "exclude", "respect-gitignore", "select", "ignore", "extend-select", "fail-on",
         "severity", "rules", "max-file-size", "timezone", *FAMILY_SECTIONS}


def _folder_of(start: Path) -> Path:
    """The absolute folder of ``start`` (a file or folder), for any path a user may pass: a
    symlink loop, a name too long or an embedded NUL fall back to the path as written."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python 3.11)
        here = Path(os.path.abspath(str(start).replace("\0", "")))
    try:
        return here.parent if here.is_file() else here
    except (OSError, ValueError):
        return here.parent


#: The largest max-file-size: pmkit holds a file, and what it makes of it, in memory.
MAX_FILE_SIZE = 1024 ** 3


def _probe(test: Callable[[], bool]) -> bool:
    """``test()``, False when the file system refuses the question: a path of the user's that
    is too long or holds a NUL (``pathlib`` lets ENAMETOOLONG through), which a file search
    reads as "not there"; the path itself is then reported as what it is."""
    try:
        return test()
    except (OSError, ValueError):
        return False


def _names_pmkit(candidate: Path, text: str, misspelt: bool = True) -> bool:
    """Whether a ``pyproject.toml`` that did not parse could hold pmkit's settings: ``pmkit`` is
    written in it as a key (also quoted: a string value, ``dependencies = ["pmkit"]``, is no
    key), however TOML lets it be written (``[tool.pmkit]``,
    ``[tool."pmkit"]``, ``[ tool . pmkit ]``, ``pmkit.ignore = ...`` under ``[tool]``, ``tool =
    {pmkit = ...}``, ``"\\u0070mkit"``), or, with ``misspelt``, misspelt as :func:`misspelt_pmkit`
    tells (``[tool.pmkt]``); in its text or, when it is not UTF-8 (a Latin-1 or UTF-16 editor), in
    its bytes. Such a file is ours, broken: loading it says what is wrong and where, where
    ignoring it ran with settings nobody wrote. (Only the literal "tool.pmkit" counted:
    ``[tool."pmkit"]`` or ``[tool]`` with ``pmkit.ignore`` ran with the defaults, unsaid.)

    One that names no pmkit outside its comments is another tool's, broken (a stray ``[tool.black``):
    mended, it would hold no pmkit settings either, so it is passed over as one without
    ``[tool.pmkit]`` is, and pmkit does not stop at another tool's mistake."""
    if not text:
        try:
            data = read_regular(candidate, MAX_FILE_SIZE)
        except OSError:
            return False
        texts = [data.decode(codec, "replace") for codec in ("utf-8", "utf-16-le", "utf-16-be")]
    else:
        texts = [text]
    return any(_pmkit_word(word, misspelt) for text in texts for word in _toml_words(text))


#: A TOML text's words, in order: multi-line strings (values, never keys), one-line strings,
#: comments, and bare words; a broken file is read word by word as far as it goes.
_TOML_WORD = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
                        r"|[A-Za-z0-9_-]+")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


#: What follows a quoted key (``"pmkit" = ...``, ``"pmkit".ignore``), what precedes a quoted part
#: of a dotted key or table name (``tool."pmkit"``), and a table header's name alone (``["pmkit"]``
#: at the start of its line): a quoted string elsewhere is a value (``dependencies = ["pmkit"]``).
_KEY_AFTER = re.compile(r"[ \t]*[=.]")
_KEY_BEFORE = re.compile(r"\.[ \t]*$")
_HEADER_BEFORE = re.compile(r"(?:^|\n)[ \t]*\[\[?[ \t]*$")
_HEADER_AFTER = re.compile(r"[ \t]*\]")


def _toml_words(text: str) -> Iterable[str]:
    """The keys a TOML ``text`` may hold, unquoted: its bare words and its quoted keys, the escapes
    of a basic string (``"\\u0070mkit"``) read; not its comments, its multi-line strings, nor a
    one-line string that is a value (a dependency "pmkit" names no settings)."""
    for found in _TOML_WORD.finditer(text):
        word = found[0]
        if word.startswith(("#", '"""', "'''")):
            continue
        if word.startswith(("'", '"')) and not _is_key(text, found.start(), found.end()):
            continue
        if word.startswith('"'):
            word = _ESCAPE.sub(lambda m: _char(m[1] or m[2]), word[1:-1])
        elif word.startswith("'"):
            word = word[1:-1]
        yield word


def _is_key(text: str, start: int, end: int) -> bool:
    """Whether the quoted string at ``text[start:end]`` is written as a key or a table's name."""
    if _KEY_AFTER.match(text, end) or _KEY_BEFORE.search(text, max(0, start - 200), start):
        return True
    return bool(_HEADER_AFTER.match(text, end) and _HEADER_BEFORE.search(text, max(0, start - 200), start))


def _char(code: str) -> str:
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):  # beyond Unicode: no letter of "pmkit"
        return ""


def _pmkit_word(word: str, misspelt: bool) -> bool:
    """Whether ``word`` names pmkit's table: ``pmkit``, or, with ``misspelt``, a misspelling of it."""
    if word == "pmkit":
        return True
    return misspelt and word[:2].lower() == "pm" and misspelt_pmkit({word: None}) is not None


#: A settings file as it was read: its text, tomllib's reading of it, and where its keys are.
Read = tuple[str, dict[str, Any], Mapping[Key, Place]]


#: What a search found from each folder it passed (:func:`find_config`'s ``known``).
Found = tuple[Path | None, Read | None]


def find_config(start: Path, known: dict[Path, Found] | None = None) -> Path | None:
    """The nearest ``.pmkit.toml``, or ``pyproject.toml`` with a ``[tool.pmkit]`` table.
    ``known``: what earlier searches of a run found from the folders they passed, which this
    one adds to: a search that reaches one of them stops there (the folders of a tree of
    postmortems share their parents, each looked at once)."""
    return _search(start, known)[0]


def _search(start: Path, known: dict[Path, Found] | None = None) -> Found:
    """:func:`find_config`'s file, and, for a ``pyproject.toml`` that had to be read to tell
    whether it holds ``[tool.pmkit]``, that reading: loading it then parses it no second time
    (a large ``pyproject.toml`` was read by tomllib twice in every run)."""
    here = _folder_of(start)
    passed: list[Path] = []
    found: Found = (None, None)
    for folder in (here, *here.parents):
        if known is not None and folder in known:
            found = known[folder]
            break
        passed.append(folder)
        if (own := _settings_in(folder)) is not None:
            found = own
            break
        if _probe((folder / ".git").exists):
            break  # do not wander out of the repository
    if known is not None:
        known.update(dict.fromkeys(passed, found))
    return found


def _settings_in(folder: Path) -> Found | None:
    """The settings file of ``folder`` itself, as :func:`_search` finds it; None for none."""
    for name in CONFIG_FILES:
        candidate = folder / name
        if name == ".pmkit.toml":
            # pmkit's own name: a folder or a pipe there is a mistake that loading it says,
            # not a reason to run with the defaults in silence.
            if _probe(candidate.exists) or _probe(candidate.is_symlink):
                return candidate, None
            continue
        if not _probe(candidate.is_file):
            # A pipe, a folder or a link to a missing file: whether it holds [tool.pmkit]
            # cannot be told, and running with the defaults would drop the team's settings
            # in silence. Loading it says what it is, as for a .pmkit.toml (and never waits
            # on a pipe).
            if _probe(candidate.exists) or _probe(candidate.is_symlink):
                return candidate, None
            continue
        try:
            found, read = _pmkit_table_in(candidate)
        except OSError:
            return candidate, None  # unreadable: loading it says why
        if found:
            return candidate, read
    return None


def _has_pmkit_table(candidate: Path, misspelt: bool = True) -> bool:
    """Whether the ``pyproject.toml`` ``candidate`` holds a ``[tool.pmkit]`` table, also one that
    is broken (it is no TOML but names pmkit as :func:`_names_pmkit` tells: ours, and loading
    it says what is wrong) or, with ``misspelt``, misspelt (``[tool.pmkt]``: loading it says
    which was meant); another tool's file holds none, whatever it holds. OSError when it cannot
    be read."""
    return _pmkit_table_in(candidate, misspelt)[0]


def _pmkit_table_in(candidate: Path, misspelt: bool = True) -> tuple[bool, Read | None]:
    """:func:`_has_pmkit_table`, and the file as it was read (None when it is no TOML)."""
    text = ""
    try:
        text = read_settings_text(candidate)
        data, found = read_toml(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return _names_pmkit(candidate, text, misspelt), None
    tool = data.get("tool")
    ours = isinstance(tool, dict) and ("pmkit" in tool or (misspelt and misspelt_pmkit(tool) is not None))
    return ours, (text, data, found)


def misspelt_pmkit(tool: Mapping[str, Any]) -> str | None:
    """The table of ``[tool]`` that is ``[tool.pmkit]`` misspelt (``pmkt``, ``PMKit``, ``pm-kit``),
    also beside a ``[tool.pmkit]``: the team's settings, which were passed over in silence."""
    # (starting 'pm': 'pkit' or 'mkit' may well be another tool's)
    folded = {str(name): re.sub(r"[-_ ]", "", str(name).lower()) for name in tool if name != "pmkit"}
    return next((name for name, plain in folded.items()
                 if plain.startswith("pm") and closest(plain, ["pmkit"], cutoff=0.8)), None)


def unread_settings(used: Path) -> Path | None:
    """The ``pyproject.toml`` beside the ``.pmkit.toml`` ``used`` whose ``[tool.pmkit]`` table is
    not read, or None. The search stops at the first file, and .pmkit.toml comes first: the
    other table, valid or not, was left out without a word, and edits to it changed nothing."""
    if used.name != ".pmkit.toml":
        return None
    beside = used.parent / "pyproject.toml"
    try:
        # (a misspelt table there is not one the note could call [tool.pmkit])
        return beside if _probe(beside.is_file) and _has_pmkit_table(beside, misspelt=False) else None
    except OSError:
        return None


def too_long_number(exc: ValueError) -> str | None:
    """What to say of a number of more than 4,300 digits in a settings file, or None for another
    error: Python's own words advised calling sys.set_int_max_str_digits(), a fix for a program,
    not for the file."""
    if "integer string conversion" not in str(exc):
        return None
    return "it holds a number of more than 4,300 digits"


def load_config(path: PathName | None = None, *, start: PathName | None = None) -> Config:
    """Load configuration from ``path``, or find it upward from ``start`` (default: cwd). A path
    may be bytes, as ``pmkit.check()`` takes them."""
    path, start = _as_path(path, "path"), _as_path(start, "start")
    searched = path is None
    read: Read | None = None
    if path is None:
        path, read = _search(start or Path.cwd())
    if path is None:
        # (a run given no paths reads the default folder from the current one: 'pmkit check'
        # checks ./postmortems, 'pmkit new' writes there, as a team folder of a monorepo has it)
        return Config(root=_folder_of(Path.cwd()) if start is None else default_root(start))
    try:
        return _read_config(path, searched, read)
    except ConfigError as exc:
        exc.path = path
        raise


def default_root(start: Path) -> Path:
    """The folder the default ``paths`` (``postmortems``) are read from when no settings file is
    found upward from ``start``, the first path given: the top of the git repository that holds
    it, where the search stopped and where ``pmkit init`` writes the settings, as if an empty
    settings file were there; outside a repository, the current folder. (It was the folder of
    the file checked: a hook's check of postmortems/new.yaml compared its id with the postmortems
    of postmortems/postmortems/, which is never there, and PM027 said nothing without a settings
    file.)"""
    here = _folder_of(start)
    for folder in (here, *here.parents):
        if _probe((folder / ".git").exists):
            return folder
    return _folder_of(Path.cwd())


def _read_config(path: Path, searched: bool, read: Read | None = None) -> Config:
    """The settings of the file ``path`` (``searched``: found by the search, not named; ``read``:
    the search's reading of it, when it read it)."""
    text = ""
    try:
        if read is not None:
            text, data, found = read
        else:
            text = read_settings_text(path)
            data, found = read_toml(text)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError) and _probe(path.is_symlink):
            why = "a symbolic link to a missing file"  # "No such file" of a name `ls` shows
        elif exc.errno == errno.ELOOP:
            why = "a symbolic link in a loop (it leads back to itself)"
        if searched and path.name == "pyproject.toml":
            # Another tool's file too: say why pmkit reads it at all, and the ways out.
            why += ("; pmkit reads its settings from the nearest pyproject.toml with a [tool.pmkit] "
                    "table and cannot tell whether this one has it: make it a readable file or remove "
                    "it, or name the settings file with --config")
        elif isinstance(exc, PermissionError):
            why += f"; {PERMISSION_ADVICE}"
        raise ConfigError(f"{path}: cannot read configuration: {why}") from None
    except UnicodeDecodeError as exc:
        raise undecodable(exc, path) from None
    except (ValueError, RecursionError) as exc:  # TooDeep too
        raise unread_toml(exc, path, text) from None
    short = False
    try:
        table = pmkit_table(data, path)
        short = table is data  # .pmkit.toml's short form: its tables have no [tool.pmkit] prefix
        config = parse_config(table, origin=str(path), source=path)
    except ConfigError as exc:
        if short:
            exc.args = (in_short_form(str(exc)),)
        raise placed(exc, path, text, () if short else ("tool", "pmkit"), found) from None
    config.root = path.parent.resolve()
    return config


def undecodable(exc: UnicodeDecodeError, path: Path) -> ConfigError:
    """The error for the settings file ``path`` that is not UTF-8 (``exc`` of decoding all of its
    bytes): at the first byte that is not, as an editor counts lines and characters; the
    codec's own words named neither the file nor the fix."""
    message = f"{not_utf8(exc)}; TOML files are UTF-8: save it in that encoding"
    if wide_codec(bytes(exc.object)) is not None:  # the whole file, no one place
        return ConfigError(f"{path}: {message}")
    # (what comes before the byte is UTF-8)
    before = bytes(exc.object[:exc.start]).decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return at_offset(path, before, len(before), message)


def unread_toml(exc: ValueError | RecursionError, path: Path, text: str) -> ConfigError:
    """The error for the settings ``text`` of the file ``path`` that :func:`read_toml` refused
    with ``exc``, at its place: nested too deeply, no TOML, a number of over 4300 digits."""
    if isinstance(exc, TooDeep):
        return at_offset(path, text, exc.offset, str(exc))
    if isinstance(exc, ValueError):
        return invalid_toml(exc, path, text)
    # a caller's own deep stack left tomllib less room than MAX_DEPTH needs
    return ConfigError(f"{path}: invalid TOML: nested too deeply")


def read_toml(text: str) -> tuple[dict[str, Any], Mapping[Key, Place]]:
    """``tomllib``'s reading of a settings text, and where its keys are written (for the place of
    an error, found when one asks); :class:`TooDeep` for one nested deeper than any setting,
    which tomllib read with a RecursionError without a place, or in minutes (a hundred thousand
    levels of a dotted table name), and ValueError for one that is no TOML."""
    check_depth(text, MAX_DEPTH)
    return toml_reader().loads(text), Places(text)


def at_offset(path: Path, text: str, offset: int, message: str) -> ConfigError:
    """The ConfigError ``message`` about the settings file ``path``, placed at ``offset`` of its
    ``text`` as every settings error writes its place (``.pmkit.toml:3:9: ...``)."""
    line, col = line_col(text, offset)
    error = ConfigError(f"{path}:{line}:{col}: {message}")
    error.line, error.col = line, col
    return error


def invalid_toml(exc: ValueError, path: Path, text: str) -> ConfigError:
    """The error for a settings file that is no TOML: at tomllib's line and column, written as
    every settings error writes them (``pyproject.toml:3:9: invalid TOML: Invalid value``); one
    tomllib finds "at end of document" (a string left open) at the end of ``text``."""
    long = too_long_number(exc)
    if long is not None:
        message = f"invalid TOML: {long}, which no setting takes; shorten it"
        offset = long_number_at(text)
        return ConfigError(f"{path}: {message}") if offset is None else at_offset(path, text, offset, message)
    message = str(exc)
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, re.DOTALL)
    if found is not None:
        message, offset = found[1], offset_of(text, int(found[2]), int(found[3]))
    elif message.endswith("(at end of document)"):
        offset = len(text)
    else:
        return ConfigError(f"{path}: invalid TOML: {message}")
    return at_offset(path, text, *_twice(message, text, offset))


def _twice(message: str, text: str, offset: int) -> tuple[int, str]:
    """tomllib's words, and its place (the end of the statement at fault), for a key or table
    written twice, in plain words at the start of that statement: "Cannot declare ('timeline',)
    twice" named a Python tuple, "Cannot overwrite a value" no key at all."""
    said = f"invalid TOML: {message}"
    message = message.removesuffix(" (at end of document)")
    declared = re.fullmatch(r"Cannot (declare|mutate immutable namespace) (\(.*\))(?: twice)?", message)
    if declared is None and message != "Cannot overwrite a value" and not message.startswith(
            "Duplicate inline table key "):
        return offset, said
    inline = inline_pair_at(text, offset)
    if inline is not None:  # tomllib says it at the end of the pair, or of the statement around it
        return inline[1], (f"invalid TOML: {named(inline[0])} clashes with a key before it in the same "
                           "inline table (a key given twice, or one with a value written as a table too): "
                           "keep one")
    statement = statement_before(text, offset)
    if statement is None:
        return offset, said
    key, header, start = statement
    if declared is None:
        what = f"[{written(key)}]" if header else named(key)
        return start, (f"invalid TOML: {what} clashes with a setting above (a key given twice, or one "
                       "with a value written as a table too): keep one")
    import ast  # (here: only a TOML mistake takes its ~1.5 ms import)

    try:
        table = f"[{written(ast.literal_eval(declared[2]))}]"
    except (ValueError, SyntaxError):
        return offset, said
    if declared[1] == "declare":
        return start, (f"invalid TOML: the table {table} is already written above (as a table, an inline "
                       "table or dotted keys): write its settings in one place")
    return start, (f"invalid TOML: {table} is written above as an inline table or an array, which cannot be "
                   "added to later: write all of it in one place")


def placed(exc: ConfigError, path: Path, text: str, prefix: tuple[str, ...],
           found: Mapping[Key, Place]) -> ConfigError:
    """``exc`` with the line and column of the setting it is about, after the file's name
    (``pyproject.toml:2:1: unknown setting 'require'``); as it was when the setting cannot be
    found in ``text``. ``prefix``: where pmkit's table is in the file (nothing for the short
    form of ``.pmkit.toml``); ``found``: where the keys of ``text`` are written."""
    head = f"{path}: "
    message = str(exc)
    if not message.startswith(head) or exc.line is not None:
        return exc
    # Errors found together (the fields of a preset) are joined, each after the file's name:
    # each is placed, not only the first.
    said = []
    key = exc.key if exc.key is not None or exc.setting is None else (*prefix, *exc.setting)
    for index, part in enumerate(message[len(head):].split(f"; {head}")):
        where = (key, exc.at_value) if key is not None and index == 0 else named_setting(part, prefix, found)
        place = found.get(where[0]) if where is not None else None
        if where is None or place is None:
            said.append(f"{head}{part}")
            continue
        offset = place.value if where[1] else place.key
        if where[1] and isinstance(found, Places):  # one item of a list: that item is the place
            offset = found.item(where[0], re.findall(r"'([^']*)'", part),
                                functools.partial(_about_item, part)) or offset
        line, col = line_col(text, offset)
        if exc.line is None:
            exc.line, exc.col = line, col
        said.append(f"{path}:{line}:{col}: {part}")
    exc.args = ("; ".join(said),)
    return exc


def _about_item(message: str, value: Any) -> bool:
    """Whether the settings ``message`` is about the list item ``value`` without quoting it
    whole: shortened as :func:`shown` shortens a long one (``'abc...xyz' (83 characters)``), an
    item of another type than the list takes (``got the item 5``), or a blank string (``has an
    empty entry``). Such an error was said at the list, which left the user to search it."""
    if not isinstance(value, str):
        return f"the item {shown(value)}" in message
    return (shown(value) != repr(value) and shown(value) in message) or (
        not value.strip() and "an empty entry" in message)


def placed_in(exc: ConfigError, source: Path) -> ConfigError:
    """``exc``, about a setting of the file ``source`` found wrong after the settings were
    loaded (an empty ``paths`` when no file is named), placed as :func:`placed` places the
    errors found while loading; as it is when the file cannot be read again."""
    try:
        text = read_settings_text(source)
        data, found = read_toml(text)
    except (OSError, ValueError, RecursionError):
        return exc
    wrapped = source.name == "pyproject.toml" or "tool" in data
    return placed(exc, source, text, ("tool", "pmkit") if wrapped else (), found)


#: What to do when the folders to check by default (``paths``, or postmortems/ without it) are
#: not there: said by ``pmkit check`` and by ``pmkit.check()``.
NO_FOLDER_ADVICE = ("pass the postmortem files or folders to check, set 'paths' in [tool.pmkit], or run "
                    "'pmkit init' to create postmortems/")


def no_folder_advice(config: Config) -> str:
    """What to do when the configured folders are missing: :data:`NO_FOLDER_ADVICE`, or, when the
    settings file sets ``paths`` (which the advice said to set), to fix it or create the folder."""
    if config.source is None or (config.paths == ["postmortems"] and not _sets_paths(config.source)):
        return NO_FOLDER_ADVICE
    return (f"'paths' in {config.source} names a folder that does not exist: create it, or correct "
            "'paths' (or pass the postmortem files or folders to check)")


def _sets_paths(source: Path) -> bool:
    """Whether pmkit's own settings in the file ``source`` set ``paths`` (as a default's would
    not): read as TOML, so that another tool's ``paths`` ([tool.vulture] of a pyproject.toml) or
    the words "paths =" inside a string are not taken for pmkit's."""
    try:
        data, _ = read_toml(read_settings_text(source))
        return "paths" in pmkit_table(data, source)
    except (OSError, ValueError, RecursionError, ConfigError):
        return False


def configured_paths(config: Config) -> list[str]:
    """The configured postmortem folders (``paths``), below the settings' folder, for a run given
    no paths (``pmkit check``, ``pmkit.check()``); a ConfigError at the setting's place when they
    name nothing to check: none at all (nothing checked is not a pass), or a wildcard pattern
    that matches no file name (pmkit does not expand them, and no shell sees the settings)."""
    if not config.paths:
        raise _settings_error(config, "'paths' is empty, so there is nothing to check; name the postmortem "
                              "folders there, or pass files or folders on the command line")
    for path in config.paths:
        _refuse_pattern(path, config)
    return [str(config.root / path) for path in config.paths]


def shorter_path(path: str) -> str:
    """``path`` relative to the current folder when it is inside it, as the user would write it
    (the configured folders of a run given no paths: ``pmkit check`` and ``pmkit.check()`` name
    their files alike); else as it is."""
    try:
        return Path(os.path.relpath(path)).as_posix() if Path(path).resolve().is_relative_to(
            Path.cwd().resolve()) else path
    except (ValueError, OSError, RuntimeError):  # another drive on Windows; a symlink loop
        return path


def _refuse_pattern(path: str, config: Config) -> None:
    """ConfigError for a configured path that is a wildcard pattern naming no file: the message
    about a missing path advised leaving it unquoted for the shell."""
    if not any(char in path for char in "*?[") or os.path.lexists(config.root / path):
        return
    parts = Path(path).parts
    fixed = next((index for index, part in enumerate(parts) if any(char in part for char in "*?[")), 0)
    folder = Path(*parts[:fixed]).as_posix() if fixed else ""
    instead = f"name the folder instead ('{folder}')" if folder else "name the folders instead"
    raise _settings_error(config, f"'paths' holds the pattern '{path}', which pmkit does not expand; "
                          f"{instead}: pmkit checks the postmortems in a folder and its subfolders")


def _settings_error(config: Config, message: str) -> ConfigError:
    """The error of a setting found wrong once loaded, at its line and column in the settings
    file (``.pmkit.toml:1:9: 'paths' is empty ...``), as the errors found while loading are; of
    a Config made in code, named as its other errors name it."""
    if config.source is None:
        return ConfigError(f"pmkit.Config: {message}")
    error = placed_in(ConfigError(f"{config.source}: {message}"), Path(config.source))
    error.path = Path(config.source)
    return error


#: A message that names a key the table does not take: that key is the place.
_NAMED = re.compile(r"""(?:unknown setting|has no option|no rule named) (?:'([^']*)'|("(?:[^"\\]|\\.)*"))""")
#: The table a message starts with (``[timeline]: ...``, ``[prose] lexicon: ...``,
#: ``[policies.acme].title: ...``).
_TABLE = re.compile(r"\[([^\]]+)\](?::? |\.(?=[A-Za-z0-9_-]))")
#: A setting a message starts with (``paths must be``, ``'select' names``, ``rules.PM714.days:``).
_SETTING = re.compile(r"'?([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)'?(?=[: ]|$)")


def named_setting(message: str, prefix: tuple[str, ...],
                  found: Mapping[tuple[str, ...], Any]) -> tuple[tuple[str, ...], bool] | None:
    """The setting a settings message (without the file's name) is about, as its path in the file
    and whether its value is at fault, or None. Messages start with the table and the setting
    they are about (``[timeline]: milestones ...``, ``severity.PM101: ...``), and name a key that
    does not belong (``unknown setting 'x'``): that key's name is the place, else the value."""
    path = prefix
    table = _TABLE.match(message)
    if table is not None:  # [timeline], or [tool.pmkit.prose] as some tables name themselves
        parts = tuple(table[1].split("."))
        path, message = (parts if prefix and parts[:len(prefix)] == prefix else (*path, *parts)), \
            message[table.end():]
    setting = _SETTING.match(message)
    if setting is not None and (*path, setting[1].split(".")[0]) in found:
        path, message = (*path, *setting[1].split(".")), message[setting.end():]
    key = _NAMED.search(message)
    if key is not None:  # as TOML writes it: 'paths', or "a.b" (a JSON string, escapes and all)
        return (*path, key[1] if key[1] is not None else json.loads(key[2])), False
    if path != prefix and message.startswith(": unknown field"):  # a preset's: its name is the place
        return path, False
    # A field missing from a table is not written: the table it is missing from is the place.
    while path not in found and len(path) > len(prefix) + 1:
        path = path[:-1]
    return (path, True) if path != prefix else None


def in_short_form(message: str) -> str:
    """A settings message as a ``.pmkit.toml`` without the ``[tool.pmkit]`` prefix writes its
    tables: ``[tool.pmkit.timeline]`` is ``[timeline]`` there, and what goes in ``[tool.pmkit]``
    goes at the top of the file."""
    message = message.replace("a setting of [tool.pmkit] itself", "a setting at the top of the file")
    return message.replace("[tool.pmkit.", "[").replace("[tool.pmkit]", "the top of the file")


def _as_path(value: Any, name: str) -> Path | None:
    """``value`` (a str, bytes, os.PathLike or None) as a Path: an int was read as an open file's
    number ("5: Bad file descriptor"), and a str had no ``resolve`` (an AttributeError)."""
    if value is None:
        return None
    if not isinstance(value, (str, bytes, os.PathLike)):
        raise TypeError(f"{name} must be a file or folder (str, bytes or os.PathLike) or None, not "
                        f"{type(value).__name__}")
    return Path(os.fsdecode(value))


def pmkit_table(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """pmkit's settings in a parsed settings file: ``[tool.pmkit]`` in ``pyproject.toml``; in
    ``.pmkit.toml`` either the same ``[tool.pmkit]`` tables (so every snippet of the docs can be
    pasted into either file) or the same settings without the prefix, but not both at once."""
    wrapped = path.name == "pyproject.toml" or "tool" in data
    if not wrapped:
        return data
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table ([tool.pmkit])", key=("tool",), at_value=True)
    if path.name != "pyproject.toml":
        others = sorted(str(key) for key in tool if key != "pmkit")
        if others:  # .pmkit.toml is pmkit's alone: [tool.ruff] there is a slip, not ruff's settings
            hint = " (did you mean [tool.pmkit]?)" if misspelt_pmkit({others[0]: None}) else ""
            raise ConfigError(f"{path}: unknown table [tool.{written((others[0],))}]{hint}: this file holds "
                              "pmkit's settings, under [tool.pmkit] or without that prefix",
                              key=("tool", others[0]))
        bare = sorted(str(key) for key in data if key != "tool")
        if bare:
            raise ConfigError(
                f"{path}: settings both under [tool.pmkit] and without that prefix ({named(bare[0])}); "
                f"use one form in the whole file: [tool.pmkit] and [tool.pmkit.{_example(bare)}], "
                f"or no [tool.pmkit] and [{_example(bare)}]", key=(bare[0],))
    if path.name == "pyproject.toml" and (meant := misspelt_pmkit(tool)) is not None:
        if "pmkit" in tool:  # read, the settings of the other were left out without a word
            raise ConfigError(f"{path}: has a [tool.{written((meant,))}] table beside [tool.pmkit] (did you "
                              "mean [tool.pmkit]?): pmkit reads its settings from [tool.pmkit] only, so "
                              "these are not read; move them into [tool.pmkit]", key=("tool", meant))
        raise ConfigError(f"{path}: has no [tool.pmkit] table, but a [tool.{written((meant,))}] (did you "
                          "mean [tool.pmkit]?): pmkit reads its settings from [tool.pmkit] only",
                          key=("tool", meant))
    if path.name == "pyproject.toml" and "pmkit" not in tool:
        # Found by the search, a pyproject.toml always has the table; one named with --config
        # that has none (or holds the settings at its top, where pmkit never looks) ran with the
        # defaults and said nothing.
        top = sorted(str(key) for key in data if key in _KEYS)
        where = f" (its '{top[0]}' is at the top of the file)" if top else ""
        raise ConfigError(f"{path}: has no [tool.pmkit] table{where}; pmkit's settings go under "
                          "[tool.pmkit] in pyproject.toml")
    table = tool.get("pmkit", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pmkit] must be a table", key=("tool", "pmkit"), at_value=True)
    return table


def _example(keys: list[str]) -> str:
    """A table name for the message about mixed forms: one of the user's own, if any."""
    return next((key for key in keys if key in FAMILY_SECTIONS), "history")


def _refuse_root(config: Config, origin: str) -> None:
    """ConfigError for a ``paths`` entry that is the root of the file system (``paths = ["/"]``):
    every run walked the whole machine without a word, even one given its files (the ids of
    the configured folders are compared with theirs)."""
    from pmkit.discovery import is_file_system_root

    for path in config.paths:
        if is_file_system_root(config.root / path):
            raise ConfigError(f"{origin}: paths: {shown(path)} is the root of the file system, which pmkit "
                              "does not search for postmortems; name the folder of postmortems instead "
                              '(e.g. "postmortems")')


def paths_setting(value: Any, origin: str) -> list[str]:
    """The folders of the ``paths`` setting ``value``, as written; ConfigError when it is not a
    list of usable paths."""
    return [check_path(path, f"{origin}: paths") for path in _list_of_str(value, "paths", origin)]


def _list_of_str(value: Any, key: str, origin: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{origin}: '{key}' must be a list of strings, got {not_strings(value)}")


def without_empty_entries(items: list[str], where: str) -> list[str]:
    """``items``, a setting's list of words or names; ConfigError for an empty or blank one, a
    word nobody writes (``people = ["captain", ""]`` was taken without a word)."""
    if any(not item.strip() for item in items):
        raise ConfigError(f"{where} has an empty entry, which names nothing; remove it")
    return items


def not_strings(value: Any) -> str:
    """What was given where a list of strings is meant, as rule options say it: ``the item 5``
    (which places the error at that item) for a list, the value itself otherwise; "paths = [5]"
    and "paths = 5" read alike."""
    if isinstance(value, list):
        return next((f"the item {shown(v)}" for v in value if not isinstance(v, str)), "")
    return shown(value)


def parse_config(
    table: dict[str, Any], *, origin: str = "configuration", source: Path | None = None
) -> Config:
    """Validate a ``[tool.pmkit]`` table (already parsed from TOML) into a :class:`Config`."""
    from pmkit.rules import registry

    config = Config(source=source)
    if source is not None:
        config.root = source.parent.resolve()
    check_keys(table, _KEYS, origin)
    for key, value in table.items():
        if key == "paths":
            config.paths = paths_setting(value, origin)
            _refuse_root(config, origin)
        elif key == "exclude":
            from pmkit.discovery import exclude_problem

            config.exclude = _list_of_str(value, key, origin)
            for pattern in config.exclude:
                if (problem := exclude_problem(pattern, config.root)) is not None:
                    raise ConfigError(f"{origin}: exclude: the pattern {shown(pattern)} {problem}")
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{origin}: respect-gitignore must be true or false, got {shown(value)}")
            config.respect_gitignore = value
        elif key in ("select", "ignore", "extend-select"):
            items = _list_of_str(value, key, origin)
            for item in items:
                if not item.strip():  # as a prefix of every code it would select everything
                    raise ConfigError(f"{origin}: '{key}' has an empty entry; name rule codes, "
                                      "prefixes or names (see 'pmkit rules')")
                if not registry().matches_any(item):
                    raise ConfigError(f"{origin}: '{key}' names '{item}', which matches no rule"
                                      f"{no_rule_advice(item, setting=key)}")
            setattr(config, key.replace("-", "_"), items)
        elif key == "fail-on":
            if not isinstance(value, str):  # ['error'] was "unknown severity \"['error']\"", 3 "'3'"
                raise ConfigError(f'{origin}: fail-on must be one severity in quotes: "error", "warning" or '
                                  f'"info", got {shown(value)}')
            try:
                config.fail_on = Severity.parse(str(value))
            except ValueError as exc:
                raise ConfigError(f"{origin}: fail-on: {exc}") from None
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: [severity] must map rule codes or names to a severity")
            levels_of: dict[str, str] = {}  # code → the key that set its severity
            for rule_id, level in value.items():
                rule = registry().get(rule_id)
                if rule is None:
                    advice = (family_advice(rule_id, "a severity is set")
                              or closest_rule(rule_id, one_rule=True))
                    raise ConfigError(f"{origin}: severity: no rule named {named(rule_id)}{advice}"
                                      f"{belongs_elsewhere(rule_id)}")
                if rule.code in levels_of:  # PM301 and human-error: the last one won, unsaid
                    # (said at the second key, which repeats the rule, as a table of options given
                    # twice is: at its value, the severity, nothing is wrong)
                    raise ConfigError(f"{origin}: severity.{rule_id}: {rule.code}'s severity is given twice "
                                      f"{_named_twice(levels_of[rule.code], rule_id, rule.code)}; keep one",
                                      setting=("severity", rule_id))
                levels_of[rule.code] = rule_id
                if not isinstance(level, str):  # {x=1} was "unknown severity \"{'x': 1}\""
                    raise ConfigError(f'{origin}: severity.{rule_id} must be one severity in quotes: '
                                      f'"error", "warning" or "info", got {shown(level)}')
                try:
                    config.severity[rule.code] = Severity.parse(str(level))
                except ValueError as exc:
                    raise ConfigError(f"{origin}: severity.{rule_id}: {exc}") from None
        elif key == "rules":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: [rules] must map rule codes or names to option tables")
            options_of: dict[str, str] = {}  # code → the key of its table
            for rule_id, options in value.items():
                rule = registry().get(rule_id)
                if rule is None:
                    advice = (family_advice(rule_id, "options are set")
                              or closest_rule(rule_id, one_rule=True))
                    raise ConfigError(f"{origin}: rules: no rule named {named(rule_id)}{advice}"
                                      f"{belongs_elsewhere(rule_id)}")
                if not isinstance(options, dict):
                    raise ConfigError(f"{origin}: rules.{rule_id} must be a table of options")
                if rule.code in options_of or rule.code in config.rules:  # [rules.PM714], [rules.pm714]
                    first = options_of.get(rule.code, rule.code)
                    raise ConfigError(f"{origin}: rules.{rule_id}: {rule.code}'s options are given twice "
                                      f"{_named_twice(first, rule_id, rule.code)}; keep one table",
                                      setting=("rules", rule_id))
                options_of[rule.code] = rule_id
                config.rules[rule.code] = rule.validate_options(options, f"{origin}: rules.{rule_id}")
        elif key == "max-file-size":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_FILE_SIZE:
                raise ConfigError(f"{origin}: max-file-size must be a number of bytes from 1 to "
                                  f"{MAX_FILE_SIZE:,} (1 GiB), got {shown(value)}")
            config.max_file_size = value
        elif key == "timezone":
            from pmkit.vocabulary import resolve_zone

            if not isinstance(value, str):  # "timezone '5' is not an IANA time zone" hid the type
                raise ConfigError(f"{origin}: timezone must be an IANA time zone name such as "
                                  f"'Europe/Zurich' (a string), got {shown(value)}")
            if resolve_zone(value) is None:
                from pmkit.schema import suggest_zone

                meant = suggest_zone(value)
                raise ConfigError(f"{origin}: timezone '{value}' is not an IANA time zone"
                                  + (f" (did you mean '{meant}'?)" if meant else ""))
            config.timezone = value
        else:
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: [{key}] must be a table")
            config.sections[key] = value
    registry()  # imports the rule modules, which register their section validators
    for name, value in config.sections.items():
        validator = SECTION_VALIDATORS.get(name)
        if validator is not None:
            validator(value, f"{origin}: [{name}]")
    for check in CONFIG_VALIDATORS:
        check(config)
    config.checked = config.fingerprint()
    return config


def check_config(config: Any) -> Config:
    """``config``, validated as a file's settings are (a typo in a Config built in code is an
    error, never a silently ignored setting); severities may be given as text."""
    if not isinstance(config, Config):
        raise TypeError(f"config must be a pmkit.Config, not {type(config).__name__}")
    if config.checked and config.checked == config.fingerprint():
        return config  # as loaded, not changed since
    _check_types(config)
    _check_numbers(config)
    unknown = sorted(map(str, set(config.sections) - FAMILY_SECTIONS))
    if unknown:  # a key such as "select" there would override the field of that name
        families = ", ".join(sorted(FAMILY_SECTIONS))
        raise ConfigError(f"pmkit.Config: sections holds the family tables ({families}), "
                          f"not {', '.join(map(repr, unknown))}")
    table: dict[str, Any] = {
        "paths": [os.fspath(p) for p in config.paths], "exclude": list(config.exclude),
        "respect-gitignore": config.respect_gitignore, "select": list(config.select),
        "ignore": list(config.ignore), "extend-select": list(config.extend_select),
        "fail-on": str(config.fail_on),
        "rules": config.rules, "max-file-size": config.max_file_size, "timezone": config.timezone,
        "severity": {key: str(level) for key, level in config.severity.items()},
    }
    source = None if config.source is None else Path(config.source)
    checked = parse_config({**table, **config.sections}, origin="pmkit.Config", source=source)
    checked.base, checked.root = config.base, Path(config.root)
    checked.checked = checked.fingerprint()
    return checked


#: Config's list fields and what their items are, for messages.
_LISTS = {"paths": "folder or file paths", "exclude": "patterns of files not to check",
          "select": "rule codes, prefixes or names",
          "ignore": "rule codes, prefixes or names", "extend_select": "rule codes, prefixes or names"}


def _check_types(config: Config) -> None:
    """A field of the wrong type is a TypeError that names it, as Python's own calls raise; its
    value is checked by parse_config, as a file's is. A str where a list is meant is one too: a
    file's ``select = "PM3"`` can only mean one code, but in Python list("PM3") is characters."""

    def wrong(name: str, wanted: str, value: Any) -> TypeError:
        return TypeError(f"Config.{name} must be {wanted}, not {type(value).__name__}")

    for name, items in _LISTS.items():
        value = getattr(config, name)
        if isinstance(value, str):
            raise TypeError(f"Config.{name} must be a list of {items}, not a str: write "
                            f"{name}=[{shown(value)}]")
        if not isinstance(value, (list, tuple)):
            raise wrong(name, f"a list of {items} (str)", value)
        paths = name == "paths"
        for item in value:
            text = os.fspath(item) if paths and isinstance(item, os.PathLike) else item
            if not isinstance(text, str):
                kinds = "str or os.PathLike" if paths else "str"
                raise TypeError(f"Config.{name} must hold {items} ({kinds}), not {type(item).__name__} "
                                f"({shown(item)})")
    if not isinstance(config.fail_on, (str, Severity)):
        raise wrong("fail_on", "a pmkit.Severity or its name (str)", config.fail_on)
    for name in ("severity", "rules", "sections"):
        if not isinstance(getattr(config, name), dict):
            raise wrong(name, "a dict", getattr(config, name))
        _check_keys(f"Config.{name}", getattr(config, name), _KEYS_OF[name])
    for key, level in config.severity.items():
        if not isinstance(level, (str, Severity)):
            raise TypeError(f"Config.severity[{key!r}] must be a pmkit.Severity or its name (str), "
                            f"not {type(level).__name__}")
    for name in ("rules", "sections"):
        for key, table in getattr(config, name).items():
            # an unknown section ("select") is said by check_config, as what it is
            if not isinstance(table, dict) and (name == "rules" or key in FAMILY_SECTIONS):
                raise TypeError(f"Config.{name}[{key!r}] must be a dict of settings, not "
                                f"{type(table).__name__}")
    if isinstance(config.max_file_size, bool) or not isinstance(config.max_file_size, int):
        raise wrong("max_file_size", "a number of bytes (int)", config.max_file_size)
    if not isinstance(config.timezone, str):
        raise wrong("timezone", "an IANA time zone name (str)", config.timezone)
    if not isinstance(config.respect_gitignore, bool):
        raise wrong("respect_gitignore", "True or False", config.respect_gitignore)
    if config.base is not None and not isinstance(config.base, str):
        raise TypeError(f"Config.base must be a revision (str) or None, not {type(config.base).__name__}")
    _check_origin(config)


def _named_twice(first: str, second: str, code: str) -> str:
    """How two keys of a table name the same rule: "(by code and by name)", or, when both are
    codes or both names, the two as written ("PM714" and "pm714" are both codes)."""
    by_code = [key.strip().upper() == code for key in (first, second)]
    if by_code[0] != by_code[1]:
        return "(by code and by name)"
    kind = "code" if by_code[0] else "name"
    return f"(as '{first}' and as '{second}', the same rule's {kind} written twice)"


#: What the keys of Config's dicts name, for messages (the keys of the tables in them name settings).
_KEYS_OF = {"severity": "rule codes or names", "rules": "rule codes or names", "sections": "family names"}


def _check_keys(where: str, table: dict[Any, Any], what: str) -> None:
    """Every key of ``table``, and of the tables in it (also in their lists), is a str, as every
    key of a settings file is: ``Config(severity={1: "info"})`` raised "'int' object has no
    attribute 'strip'" from the rules' registry, naming neither the field nor the key."""
    pending: list[tuple[str, dict[Any, Any], str]] = [(where, table, what)]
    seen: set[int] = set()
    while pending:
        where, table, what = pending.pop()
        if id(table) in seen:  # (a table that holds itself: parse_config says what is wrong with it)
            continue
        seen.add(id(table))
        for key, value in table.items():
            if not isinstance(key, str):
                raise TypeError(f"{where} keys must be {what} (str), not {type(key).__name__} ({shown(key)})")
            inner = f"{where}[{key!r}]"
            items = [(inner, value)] if isinstance(value, dict) else \
                [(f"{inner}[{index}]", item) for index, item in enumerate(value) if isinstance(item, dict)] \
                if isinstance(value, (list, tuple)) else []
            named = "option names" if where == "Config.rules" else "setting names"
            pending.extend((name, item, named) for name, item in items)


def _check_numbers(config: Config) -> None:
    """A whole number too long for Python to write out in decimal (more than 4,300 digits), in
    ``max_file_size`` or a table of ``rules`` or ``sections``, is a ConfigError, as it is in a
    settings file: the message that quoted it raised Python's own ValueError, which advised
    calling sys.set_int_max_str_digits()."""
    pending: list[tuple[str, Any]] = [("max-file-size", config.max_file_size),
                                      *((f"rules.{key}", table) for key, table in config.rules.items()),
                                      *config.sections.items()]
    seen: set[int] = set()
    while pending:
        where, value = pending.pop()
        if isinstance(value, (dict, list, tuple)):
            if id(value) in seen:
                continue
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            pending.extend((f"{where}.{key}" if isinstance(value, dict) else f"{where}[{key}]", item)
                           for key, item in items)
        elif isinstance(value, int) and value.bit_length() > _LONGEST_WRITTEN:
            try:
                str(value)
            except ValueError as exc:
                if (long := too_long_number(exc)) is None:
                    raise
                raise ConfigError(f"pmkit.Config: {where}: {long}, which no setting takes") from None


#: The bits of a whole number below which Python always writes it out (4,300 digits hold more).
_LONGEST_WRITTEN = 14_000


def _check_origin(config: Config) -> None:
    """``root`` and ``source``: where the settings came from (checked on every Config, cheaply)."""
    if not isinstance(config.root, (str, os.PathLike)):
        raise TypeError(f"Config.root must be a folder (str or os.PathLike), not "
                        f"{type(config.root).__name__}")
    if config.source is not None and not isinstance(config.source, (str, os.PathLike)):
        raise TypeError(f"Config.source must be a file (str or os.PathLike) or None, not "
                        f"{type(config.source).__name__}")


@register_section("decisions")
@register_section("learning")
def _no_settings(table: dict[str, Any], origin: str) -> None:
    """A family table that takes no settings (yet): any key in it is a mistake."""
    if table:
        raise ConfigError(f"{origin}: unknown setting {named(next(iter(table)))}: this table takes no "
                          "settings (a rule's options go under [tool.pmkit.rules.CODE])")


#: ``[tool.pmkit.templates]``: the defaults of ``pmkit new``, and the values each may take.
TEMPLATE_SETTINGS: dict[str, tuple[str, ...]] = {"lang": ("en", "de"), "format": ("yaml", "md")}


@register_section("templates")
def _check_templates(table: dict[str, Any], origin: str) -> None:
    for key, value in table.items():
        choices = TEMPLATE_SETTINGS.get(key)
        if choices is None:
            raise ConfigError(f"{origin}: unknown setting {named(key)} "
                              f"(settings: {', '.join(TEMPLATE_SETTINGS)})")
        if value not in choices:
            raise ConfigError(f"{origin}: {key} must be one of {', '.join(choices)}")


def closest_rule(key: str, *, one_rule: bool = False) -> str:
    """`` (did you mean 'PM301'?)`` for a code typed with a letter for a digit or a digit too few
    or too many (see `_closest_code`; ``one_rule`` as there), else `` (did you mean
    'timeline-gap'?)`` for a misspelt rule name; nothing for any other code (the closest of PM999
    is PM903, a different rule altogether, not a typo's fix). One function for both, so every
    place that names a rule (settings, command line, inline suppressions) offers the same fixes."""
    import unicodedata

    from pmkit.rules import registry

    typo_of_code = _closest_code(str(key), one_rule=one_rule)
    if typo_of_code:
        return typo_of_code
    # Full-width letters and digits ('ＰＭ１０１', typed with an East Asian input method on) read
    # as the code they look like.
    plain = unicodedata.normalize("NFKC", str(key)).strip()
    if plain != str(key).strip() and registry().matches_any(plain):
        return f" (did you mean '{plain}'? it is written with full-width characters)"
    word = str(key).strip().lower().replace("_", "-")
    if not word or (word[:2] == "pm" and word[2:3].isdigit()):
        return ""
    return did_you_mean(word, registry().by_name)


def family_advice(key: str, what: str) -> str:
    """For a prefix or family (``PM3``, ``PM3xx``) where one rule is meant (the severity and
    rules tables): that ``what`` is given to one rule at a time, and which rules it starts;
    else an empty string. "no rule named 'PM3xx'" alone read as if the family did not exist."""
    from pmkit.rules import as_selector, registry

    prefix = as_selector(str(key)).upper()
    codes = [code for code in registry().by_code if prefix[:2] == "PM" and code.startswith(prefix)]
    if not codes or len(prefix) < 3:
        return ""
    listed = ", ".join(codes[:3]) + (", ..." if len(codes) > 3 else "")
    return f" ({what} for one rule at a time, and '{key}' names several: {listed}; name each by its code)"


def no_rule_advice(item: str, *, setting: str | None = None, option: str | None = None) -> str:
    """What to do about a selector that names no rule: how to write several (``PM0 PM1``) as the
    ``setting`` list or the command line's ``option`` takes them; else the rule it likely means,
    else where the codes are listed ("'ignore' names 'PM999', which matches no rule" said
    neither)."""
    from pmkit.rules import registry

    parts = registry().written_apart(item)
    if parts and setting is not None:
        items = ", ".join(json.dumps(part, ensure_ascii=False) for part in parts)
        return f" (write each as an item of its own: {setting} = [{items}])"
    if parts:
        return f" (separate them with commas: {option or ''}{' ' if option else ''}{','.join(parts)})"
    return closest_rule(item) or " (see 'pmkit rules')"


#: Letters typed for the digits they look like in a code ('PM3O1', 'PM1l0').
_LOOKALIKE_DIGITS = str.maketrans({"o": "0", "O": "0", "i": "1", "I": "1", "l": "1", "L": "1"})
#: A code as typed: 'PM', then digits and the letters that look like them.
_CODE_SHAPED = re.compile(r"pm([0-9oil]{2,4})", re.IGNORECASE)


def _closest_code(item: str, *, one_rule: bool = False) -> str:
    """`` (did you mean 'PM301'?)`` for a rule code typed with a letter for a digit ('PM3O1',
    'PM1l0') or with a digit missing or one too many ('PM3011'); nothing when no such typo
    explains it, or when several codes would ('PM999' is no typo of PM903). With ``one_rule``
    (the severity and rules tables, which name one rule a key) only a rule's code is offered,
    not a prefix ('PM3O' is no typo of 'PM30' there)."""
    from pmkit.rules import registry

    written = _CODE_SHAPED.fullmatch(item.strip())
    if written is None:
        return ""
    digits = written.group(1).translate(_LOOKALIKE_DIGITS)
    fixed = f"PM{digits}"
    fits = fixed in registry().by_code if one_rule else registry().matches_any(fixed)
    if digits != written.group(1) and fits:
        return f" (did you mean '{fixed}'?)"
    known = set(registry().by_code)
    codes: set[str] = set()
    if len(digits) == 4:  # a digit too many: most likely one typed twice ('PM3011')
        doubled = {f"PM{digits[:i]}{digits[i + 1:]}" for i in range(3) if digits[i] == digits[i + 1]}
        codes = doubled & known or {f"PM{digits[:i]}{digits[i + 1:]}" for i in range(4)} & known
    elif len(digits) == 2:  # a digit missing
        codes = {f"PM{digits[:i]}{d}{digits[i:]}" for i in range(3) for d in "0123456789"} & known
    return f" (did you mean '{codes.pop()}'?)" if len(codes) == 1 else ""


def env_now() -> str | None:
    """``PMKIT_NOW``: the reference time for deadline rules, for reproducible runs."""
    return os.environ.get("PMKIT_NOW") or None


def merge_cli(
    config: Config,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fail_on: str | None = None,
) -> Config:
    """Command-line options override the file's settings."""
    from pmkit.rules import registry

    for option, items in (("--select", select), ("--ignore", ignore)):
        for item in items or []:
            if not registry().matches_any(item):
                from pmkit.console import clipped

                raise ConfigError(f"'{clipped(item)}' matches no rule code, prefix or name"
                                  f"{no_rule_advice(item, option=option)}")
    if select:
        config.select = list(select)
    if ignore:
        config.ignore = [*config.ignore, *ignore]
    if fail_on:
        try:
            config.fail_on = Severity.parse(fail_on)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    return config
