"""Where a key, and its value, are written in a TOML text: ``tomllib`` gives the data without
positions, and a settings error that names no line left the user to search the file for it.

:func:`key_positions` reads a text that ``tomllib`` has already accepted, so it only has to
tell the ways a key may be written apart (``[table]`` headers, dotted keys, inline tables,
quoted keys), not to judge the TOML. Given a limit, it reads a text before ``tomllib`` does:
``tomllib`` reads a table nested some hundreds of levels deep with a RecursionError (no place),
and one of a hundred thousand dotted levels in a time, and the positions in a memory, that grow
with the square of the depth. Then a text that is no TOML stops it, unjudged, as early as it
can: ``tomllib`` says what is wrong.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

Key = tuple[str, ...]


def toml_reader() -> Any:
    """``tomllib`` (``tomli`` before Python 3.11), imported where a text is read: a check with
    no settings file, and the process that applies the model's rules, never need it (~1 ms)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    return tomllib


#: The deepest a settings file may nest (tables, dotted keys, arrays and inline tables within one
#: another, each a level): pmkit's deepest setting is some ten levels down, and ``tomllib`` fails
#: on arrays a few hundred levels deep.
MAX_DEPTH = 100

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BLANK = re.compile(r"[ \t]*")
#: Blanks, line breaks and comments between the items of an array, or between statements.
_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
#: A number, date, time or boolean: it ends where the value does.
_SCALAR = re.compile(r"[^,\]}\n#]*")
#: The characters of a basic (``"``) or literal (``'``) string up to its next quote or escape.
_BASIC_RUN = re.compile(r'[^"\\]*')
_LITERAL_RUN = re.compile(r"[^']*")
#: What cannot nest: strings of TOML's four kinds (multi-line ones first, and up to two quotes of
#: their content right before the closing ones) and comments. The basic string is unrolled, so
#: that one left open takes a time that grows with its length only.
_NOT_NESTING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}'
                          r"|'''.*?'{3,5}"
                          r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
                          r"|'[^'\n]*'|#[^\n]*", re.DOTALL)
_NOT_DOT = re.compile(r"[^.\n]+")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass(frozen=True)
class Place:
    """Where one key is written: the offsets of its last part and of its value (for a table
    header, of the header's ``[``)."""

    key: int
    value: int


def key_positions(text: str, limit: int | None = None) -> dict[Key, Place]:
    """Every key of ``text`` by its full path (``("tool", "pmkit", "timeline", "gap")``) and where
    it is first written. A table made by a header or by the first part of a dotted key has a
    place too (that header or that part); items of arrays have none (:meth:`Places.item` finds
    them). An empty result when the text is not the TOML it was taken for. :class:`TooDeep` at
    the first key, table or array item nested more than ``limit`` levels deep."""
    scanner = _Scanner(text, limit)
    try:
        scanner.document()
    except TooDeep:
        raise
    except (IndexError, ValueError):
        return scanner.found  # what was found up to a form this reader does not know
    return scanner.found


def check_depth(text: str, limit: int) -> None:
    """:class:`TooDeep` where :func:`key_positions` finds ``text`` nested more than ``limit``
    levels deep; at once, without reading its keys, for a text that cannot nest that deep."""
    if _depth_bound(text, limit) > limit:
        key_positions(text, limit)


def _depth_bound(text: str, limit: int) -> int:
    """No fewer levels than the deepest key, table or array item of ``text`` has, found in a
    few passes of regular expressions: reading the keys one by one took longer than tomllib's
    own reading of a large file. Outside strings and comments a header has at most a line's
    dots and one part more (and ``[]`` for an array of tables); every key on the way to an item
    as many, a key at the top of its statement and one within each inline table open there;
    and every array or inline table open there is one level more. A line whose dots alone
    would take the bound over ``limit`` has those of its keys counted (:func:`_key_dots`)."""
    bare = _NOT_NESTING.sub("", text)
    # (a close with no open below it is no TOML, which tomllib says before it reads further)
    steps = map(_BRACKET_STEP.__getitem__, _NOT_BRACKET.sub("", bare))
    open_ = max(accumulate(steps), default=0)
    dots = list(map(len, _NOT_DOT.sub("", bare).split("\n")))
    most = max(dots)
    if (most + 1) * (open_ + 2) + open_ + 1 > limit:
        # Most dots are those of numbers and times ("[0.5, 1.5, ...]"), which nest nothing: a
        # line of some thirty of them had every settings file read key by key before tomllib
        # read it, and placing an error read it so once more.
        lines = bare.split("\n")
        most = max(_key_dots(lines[index]) if count else 0 for index, count in enumerate(dots))
    return (most + 1) * (open_ + 2) + open_ + 1


#: A line of a table header (``[a.b]``, ``[[a.b]]``), strings and comments taken out.
_HEADER = re.compile(r"[ \t]*\[\[?([^\[\]\n,={}]*)\]")

def _key_dots(line: str) -> int:
    """No fewer dots than the keys of ``line`` (strings and comments taken out) have: those of
    a table header, else those before each ``=`` back to the ``{`` or ``,`` its pair starts
    after (TOML writes a key, its ``=`` and its value's start on one line). The dots of values,
    numbers and times, are not among them."""
    header = _HEADER.match(line)
    if header is not None:
        return header[1].count(".")
    keys = line.split("=")[:-1]
    return sum(piece.count(".", max(piece.rfind("{"), piece.rfind(",")) + 1) for piece in keys)


class Places(Mapping[Key, Place]):
    """:func:`key_positions` of ``text``, found when first asked for: only an error needs a
    place, and finding them takes about as long as tomllib's reading of the text."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def _scanner(self) -> _Scanner:
        return _scanned(self.text)

    def __getitem__(self, key: Key) -> Place:
        return self._scanner.found[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._scanner.found)

    def __len__(self) -> int:
        return len(self._scanner.found)

    def item(self, key: Key, names: list[str], about: Callable[[Any], bool] | None = None) -> int | None:
        """The offset of the first item of the array ``key`` that is one of ``names`` (a string
        as its value reads, anything else as written), trying the names in turn; else of the
        first whose value ``about`` holds for (an item a message shows shortened, or as a value
        of another type); None when none is: an error about one item of a list is said at that
        item, not at the list."""
        places = self._scanner.items.get(key, [])
        values: list[Any] = []
        for start, end in places:
            try:
                values.append(toml_reader().loads(f"v = {self.text[start:end].strip()}")["v"])
            except (ValueError, RecursionError):
                values.append(_UNREAD)
        written = [value if isinstance(value, str) else self.text[start:end].strip()
                   for value, (start, end) in zip(values, places, strict=True)]
        for name in names:
            if name in written:
                return places[written.index(name)][0]
        if about is not None:
            return next((start for value, (start, _) in zip(values, places, strict=True)
                         if value is not _UNREAD and about(value)), None)
        return None


#: An item that ``tomllib`` cannot read on its own.
_UNREAD = object()


def statement_before(text: str, offset: int) -> tuple[Key, bool, int] | None:
    """The last statement of ``text`` that starts before ``offset`` (where ``tomllib`` found it
    wrong, at its end): its key as written, whether it is a table header, and its offset."""
    scanner = _scanned(text)
    before = [statement for statement in scanner.statements if statement[2] < offset]
    return before[-1] if before else None


def inline_pair_at(text: str, offset: int) -> tuple[Key, int] | None:
    """The innermost pair of an inline table in ``text`` whose value ends at ``offset`` or after
    it (where ``tomllib`` finds a key of an inline table written twice): its key as written and
    its offset; None when ``offset`` is in no inline table."""
    scanner = _scanned(text)
    around = [(start, key) for key, start, end in scanner.inline if start < offset <= end]
    if not around:
        return None
    start, key = max(around)
    return key, start


def _scanned(text: str) -> _Scanner:
    """``text`` read by a scanner without a limit, up to a form it does not know (the text is no
    TOML there, which tomllib says), or up to a depth Python's stack has no room for: that part
    of a text tomllib did not accept may be deeper than the limit ever let a scanner go."""
    scanner = _Scanner(text)
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        scanner.document()
    return scanner


def written(key: Key) -> str:
    """``key`` as TOML writes it: ``tool.pmkit.timeline``, ``severity."PM 101"``."""
    # (JSON's escapes of a string are TOML's too)
    return ".".join(part if _BARE.fullmatch(part) else json.dumps(part, ensure_ascii=False) for part in key)


def named(key: Key | str) -> str:
    """A key named once in a message, as TOML writes it: a bare one in the quotes messages name
    settings in (``'paths'``), one TOML quotes in TOML's quotes (``"a.b"``, ``severity."PM 1"``),
    not in both (``'"a.b"'``), nor bare (``'a.b'`` read as a dotted key)."""
    text = written(key if isinstance(key, tuple) else (key,))
    return text if '"' in text else f"'{text}'"


#: An integer of more than 4,300 digits (Python's limit on reading one), not part of a float.
_LONG_NUMBER = re.compile(r"(?<![0-9_.])[+-]?[0-9](?:_?[0-9]){4300,}(?![0-9_.eE])")


def long_number_at(text: str) -> int | None:
    """The offset of the first integer of ``text`` too long for Python to read (which ``tomllib``
    refuses without a place), outside strings and comments; None when there is none."""
    # (strings and comments blanked, not taken out: the offsets stay those of the text)
    bare = _NOT_NESTING.sub(lambda match: " " * len(match[0]), text)
    found = _LONG_NUMBER.search(bare)
    return None if found is None else found.start()


def offset_of(text: str, line: int, col: int) -> int:
    """The offset in ``text`` of the 1-based ``line`` and ``col`` (in characters)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start + col - 1


class TooDeep(ValueError):
    """A text nested deeper than the limit :func:`key_positions` was given, at ``offset``."""

    def __init__(self, offset: int, limit: int) -> None:
        super().__init__(f"nested too deeply: more than {limit} levels (tables, dotted keys, arrays and "
                         "inline tables within one another), far deeper than any setting; remove the extra "
                         "levels")
        self.offset = offset


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Scanner:
    def __init__(self, text: str, limit: int | None = None) -> None:
        self.text = text
        self.pos = 0
        #: The deepest path taken without raising TooDeep (None: any).
        self.limit = limit
        self.found: dict[Key, Place] = {}
        #: Each statement of the document as written (not inside inline tables): its key, whether
        #: it is a table header, and its offset.
        self.statements: list[tuple[Key, bool, int]] = []
        #: Each pair of an inline table: its key as written, and the offsets of its start and of
        #: the end of its value.
        self.inline: list[tuple[Key, int, int]] = []
        #: The items of each array by its path (items of an array within an array under ``[]``):
        #: the offsets of each one's start and end.
        self.items: dict[Key, list[tuple[int, int]]] = {}

    def document(self) -> None:
        table: Key = ()
        while True:
            self.skip(_SPACE)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[", self.pos):
                start = self.pos
                array = self.text.startswith("[[", self.pos)
                self.pos += 2 if array else 1
                parts = self.dotted_key()
                # (find, not a test of the rest of the text: that copied it once per header, and a
                # file of many tables took a time that grew with the square of its length)
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
                table = tuple(name for name, _ in parts)
                self.statements.append((table, True, start))
                self.note(table, parts, start)
                if array:  # the keys of each item of an array of tables are not told apart
                    table = (*table, "[]")
                continue
            start = self.pos
            self.statements.append((self.pair(table), False, start))

    def pair(self, table: Key) -> Key:
        """``key = value`` (also inside an inline table), its place and its value's; the key as
        written (its dotted parts)."""
        parts = self.dotted_key()
        self.skip(_BLANK)
        if not self.text.startswith("=", self.pos):
            raise ValueError("no '='")
        self.pos += 1
        self.skip(_BLANK)
        path = (*table, *(name for name, _ in parts))
        self.note(path, parts, self.pos)
        self.value(path)
        return path[len(table):]

    def note(self, path: Key, parts: list[tuple[str, int]], value: int) -> None:
        """Record ``path`` and the tables its dotted parts make on the way, each at its part."""
        base = path[:len(path) - len(parts)]
        if self.limit is not None and len(path) > self.limit:
            raise TooDeep(parts[max(0, self.limit - len(base))][1], self.limit)
        for index, (_, offset) in enumerate(parts):
            key = (*base, *(name for name, _ in parts[:index + 1]))
            self.found.setdefault(key, Place(offset, value if index == len(parts) - 1 else offset))

    def dotted_key(self) -> list[tuple[str, int]]:
        parts: list[tuple[str, int]] = []
        while True:
            self.skip(_BLANK)
            start = self.pos
            if self.text.startswith(('"', "'"), self.pos):
                raw = self.string()
                name = toml_reader().loads(f"k = {raw}")["k"]
            else:
                match = _BARE.match(self.text, self.pos)
                if match is None:
                    raise ValueError("no key")
                name, self.pos = match.group(), match.end()
            parts.append((name, start))
            self.skip(_BLANK)
            if not self.text.startswith(".", self.pos):
                return parts
            self.pos += 1

    def value(self, path: Key) -> None:
        char = self.text[self.pos]
        if self.limit is not None and len(path) > self.limit:  # an item of an array too deep
            raise TooDeep(self.pos, self.limit)
        if char in "\"'":
            self.string()
        elif char == "{":
            self.pos += 1
            self.skip(_BLANK)
            while not self.text.startswith("}", self.pos):
                start = self.pos
                key = self.pair(path)
                self.inline.append((key, start, self.pos))
                self.skip(_BLANK)
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                    self.skip(_BLANK)
            self.pos += 1
        elif char == "[":
            self.pos += 1
            self.skip(_SPACE)
            items = self.items.setdefault(path, []) if path not in self.items else None  # first written
            while not self.text.startswith("]", self.pos):
                before = self.pos
                self.value((*path, "[]"))
                if self.pos == before:  # no value where one must be ("[}]"): no TOML, which tomllib says
                    raise ValueError("no value")
                if items is not None:
                    items.append((before, self.pos))
                self.skip(_SPACE)
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                    self.skip(_SPACE)
            self.pos += 1
        else:
            match = _SCALAR.match(self.text, self.pos)
            assert match is not None  # it matches the empty text too
            self.pos = match.end()

    def string(self) -> str:
        """Skip the string at the position (of any of TOML's four kinds) and return it as written."""
        start = self.pos
        quote = self.text[self.pos]
        width = 3 if self.text.startswith(quote * 3, self.pos) else 1
        index = self.pos + width
        # A run that holds neither the quote nor an escape is passed at once: a step per
        # character made a settings file of long texts take seconds.
        plain = _BASIC_RUN if quote == '"' else _LITERAL_RUN
        while not self.text.startswith(quote * width, index):
            if index >= len(self.text):
                raise ValueError("a string left open")  # no TOML, which tomllib says
            match = plain.match(self.text, index)
            assert match is not None  # it matches the empty text too
            index = match.end()
            if not self.text.startswith(quote * width, index):
                index += 2 if quote == '"' and self.text[index] == "\\" else 1
        if width == 3:  # up to two quotes of the content may stand right before the closing ones
            run = len(self.text[index:index + 5]) - len(self.text[index:index + 5].lstrip(quote))
            index += run - 3
        self.pos = index + width
        return self.text[start:self.pos]

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()

