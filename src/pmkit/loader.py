"""Read a postmortem file into a :class:`Document`: plain data plus a map back to the source.

Every failure here is a :class:`~pmkit.diagnostics.Diagnostic`, never an exception: a linter
that crashes on the file it should explain has failed its one job.

We compose the YAML node graph with ruamel.yaml's composer (YAML 1.2; it keeps start and end
marks of every node), or with libyaml building the very same graph faster where it can
(:mod:`pmkit.libyaml`), and build plain Python data from it ourselves. Doing the construction here, rather
than through ruamel's constructor, lets us record a position for every field path, report
duplicate keys at the second key, keep timestamps as the author wrote them (the model
parses them with the document's timezone), and bound alias expansion so that a "billion
laughs" file costs milliseconds instead of memory.
"""

from __future__ import annotations

import bisect
import copy
import errno
import itertools
import os
import re
import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from pmkit.diagnostics import Diagnostic, Severity, named_char, shown
from pmkit.fsutil import PERMISSION_ADVICE, NotRegularFile, read_regular, regular_bytes
from pmkit.libyaml import AliasUse

FieldPath = tuple[str | int, ...]

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
#: Upper bound on constructed nodes per document, aliases counted each time they expand.
MAX_NODES = 200_000
MAX_DEPTH = 64
#: The names of the files pmkit reads as postmortems: YAML, or Markdown with front matter.
YAML_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
POSTMORTEM_SUFFIXES = (*YAML_SUFFIXES, *MARKDOWN_SUFFIXES)


@dataclass(frozen=True)
class Span:
    """A region of the source file; lines and columns are 1-based, the end is exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class ScalarInfo:
    """How a string scalar was written, so prose findings can be mapped inside it."""

    style: str | None  # None (plain), "'", '"', "|", ">"
    span: Span


@dataclass
class Document:
    """A loaded postmortem file: its text, its data and where each field came from."""

    path: str
    text: str
    data: Any = None
    kind: str = "yaml"  # "yaml" or "markdown"
    key_spans: dict[FieldPath, Span] = field(default_factory=dict)
    value_spans: dict[FieldPath, Span] = field(default_factory=dict)
    #: Values written as an alias (``owner: *lead``): the anchor's name and the line it is on.
    aliases: dict[FieldPath, tuple[str, int]] = field(default_factory=dict)
    scalars: dict[FieldPath, ScalarInfo] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: For Markdown: the body after the front matter, and the 1-based line it starts on.
    body: str = ""
    body_line: int = 0
    #: When the schema had to drop invalid list items, the model's list ``path`` holds the
    #: items at these original indices (see :meth:`rule_view`).
    model_index: dict[FieldPath, list[int]] = field(default_factory=dict)
    #: True for the view rules see (:meth:`rule_view`): paths count list items as the model does.
    is_view: bool = False
    #: In the view: the items the schema dropped from each list, as written (a timeline entry
    #: whose time was invalid), for rules that must not call them missing.
    dropped: dict[FieldPath, list[Any]] = field(default_factory=dict)

    def source_path(self, path: FieldPath) -> FieldPath:
        """Translate a path of the rule view (model indices) to the path in the file."""
        if not self.is_view or not self.model_index:
            return path
        out = tuple(path)
        for list_path, kept in self.model_index.items():
            n = len(list_path)
            index = out[n] if len(out) > n and out[:n] == list_path else None
            if isinstance(index, int) and index < len(kept):
                out = (*list_path, kept[index], *out[n + 1 :])
        return out

    def rule_view(self) -> Document:
        """The document as the model sees it: items the schema dropped are left out.

        Rules index lists like the model (``pm.timeline[i]`` is ``("timeline", i)`` in the
        data and in the source map), while every span still points into the original file.
        """
        if not self.model_index:
            return self
        maps = {path: {orig: new for new, orig in enumerate(kept)} for path, kept in self.model_index.items()}

        def to_view(path: FieldPath) -> FieldPath | None:
            out = tuple(path)
            for list_path, mapping in maps.items():
                n = len(list_path)
                index = out[n] if len(out) > n and out[:n] == list_path else None
                if isinstance(index, int):
                    if index not in mapping:
                        return None
                    out = (*list_path, mapping[index], *out[n + 1 :])
            return out

        def rekey(table: dict[FieldPath, Any]) -> dict[FieldPath, Any]:
            return {new: value for path, value in table.items() if (new := to_view(path)) is not None}

        data = copy.deepcopy(self.data)
        dropped: dict[FieldPath, list[Any]] = {}
        for list_path, kept in self.model_index.items():
            parent = data
            for part in list_path[:-1]:
                parent = parent[part]
            items = parent[list_path[-1]]
            parent[list_path[-1]] = [items[i] for i in kept]
            kept_set = set(kept)
            dropped[list_path] = [item for i, item in enumerate(items) if i not in kept_set]
        return replace(self, data=data, key_spans=rekey(self.key_spans),
                       value_spans=rekey(self.value_spans), scalars=rekey(self.scalars),
                       aliases=rekey(self.aliases),
                       diagnostics=[], is_view=True, dropped=dropped)

    @property
    def ok(self) -> bool:
        """True when the file parsed into a mapping (the schema may still reject it)."""
        return isinstance(self.data, dict)

    def span(self, path: FieldPath, *, key: bool = False) -> Span:
        """Where ``path`` is in the file; falls back to the nearest ancestor that exists.

        ``key=True`` prefers the key of a mapping entry (used for "this field is wrong"),
        otherwise the value (used for "this value is wrong").
        """
        probe = tuple(path)
        while probe:
            spans = (self.key_spans, self.value_spans) if key else (self.value_spans, self.key_spans)
            for table in spans:
                if probe in table:
                    return table[probe]
            probe = probe[:-1]
        return self.value_spans.get((), Span(1, 1, 1, 1))

    def diagnostic(
        self,
        path: FieldPath,
        code: str,
        message: str,
        *,
        name: str = "",
        severity: Severity = Severity.ERROR,
        hint: str = "",
        key: bool = False,
        span: Span | None = None,
        data: tuple[tuple[str, Any], ...] = (),
    ) -> Diagnostic:
        """A diagnostic positioned at ``path`` (or at an explicit ``span``)."""
        where = span or self.span(path, key=key)
        path = self.source_path(path)
        return Diagnostic(
            path=self.path,
            line=where.line,
            col=where.col,
            end_line=where.end_line,
            end_col=where.end_col,
            code=code,
            name=name,
            severity=severity,
            message=message,
            field=format_path(path),
            hint=hint,
            data=data,
        )


def value_at(data: Any, path: FieldPath) -> Any:
    """The value at ``path`` in the document's plain data, or None where there is none."""
    node = data
    for part in path:
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        if in_list or (isinstance(part, str) and isinstance(node, dict) and part in node):
            node = node[part]
        else:
            return None
    return node


def format_path(path: FieldPath) -> str:
    """``("timeline", 3, "at")`` → ``timeline[3].at``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


#: A field path as :func:`format_path` writes it, part by part: a key, or a list position.
_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
#: The fields that name a list entry, in the order they are asked: a decision's, a factor's or an
#: action item's ``id``; a timeline entry's, a correction's or an approval's ``at``; a metric's
#: ``name``; a notification is named by its audience, regime and stage together.
_ENTRY_KEYS = ("id", "at", "name")
_NOTIFICATION_KEYS = ("audience", "regime", "stage")
#: How much of a text item (a lesson, an option considered) names it: enough to tell items
#: apart, short enough for a baseline read in review.
_ENTRY_TEXT = 60


def entry_of(data: Any, field: str) -> str:
    """The list entries ``field`` is in, named by what identifies each rather than by its
    position: ``timeline[1].event`` → ``timeline[at=2026-03-02T10:07:00Z]``,
    ``action_items[0].title`` → ``action_items[id=AI3]``, ``lessons.went_wrong[2]`` →
    ``lessons.went_wrong["We paged the wrong team"]`` (a text item by its text, cut at 60
    characters); an entry with nothing to name it by is ``[]``. Empty for a field in no list:
    an entry added above another leaves the other's name as it was."""
    if "[" not in field:
        return ""
    node: Any = data
    out = named = ""
    for match in _FIELD_PART.finditer(field):
        key, index = match.groups()
        if key is not None:
            node = node.get(key) if isinstance(node, dict) else None
            out += f".{key}" if out else key
            continue
        position = int(index)
        node = node[position] if isinstance(node, list) and position < len(node) else None
        out += f"[{_entry_name(node)}]"
        named = out
    return named


def entry_names(data: Any) -> set[str]:
    """The name (:func:`entry_of`) of every list entry in ``data``, nested ones too."""
    names: set[str] = set()

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}" if prefix else str(key))
        elif isinstance(node, list):
            for item in node:
                names.add(name := f"{prefix}[{_entry_name(item)}]")
                walk(item, name)

    walk(data, "")
    return names


def _entry_name(item: Any) -> str:
    if isinstance(item, dict):
        for key in _ENTRY_KEYS:
            if _scalar(item.get(key)):
                return f"{key}={item[key]}"
        parts = [f"{key}={item[key]}" for key in _NOTIFICATION_KEYS if _scalar(item.get(key))]
        return ",".join(parts)
    if _scalar(item):
        import json

        return json.dumps(str(item)[:_ENTRY_TEXT], ensure_ascii=False)
    return ""


def _scalar(value: Any) -> bool:
    return value is not None and not isinstance(value, (dict, list)) and str(value) != ""


class LoadError(Exception):
    """Raised by the API loaders (:func:`pmkit.load`) when a file cannot become a model."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        text = f"{first.path}:{first.line}:{first.col}: {first.code} {first.message}" if first else ""
        extra = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(text + extra)

    def __reduce__(self) -> tuple[type[LoadError], tuple[list[Diagnostic]]]:
        # Rebuilt from the diagnostics, not from the message Exception keeps as its argument:
        # pickled (a process pool's worker that raised it, copy.copy), it was rebuilt from the
        # message, failed with "'str' object has no attribute 'path'", and the pool broke.
        return type(self), (self.diagnostics,)


# --- reading bytes -----------------------------------------------------------------------


#: A line that only opens or ends a YAML document: a file of such lines, comments and blanks
#: holds no fields ("..." alone was "expected the node content, but found '<document end>'").
_MARKER_ONLY = re.compile(r"(?:---|\.\.\.)(?:[ \t]+(?:#.*)?)?[ \t]*\Z")


def _rendered_page(text: str) -> bool:
    """Whether ``text`` is a page ``pmkit render`` wrote (as :func:`pmkit.render.rendered_page`
    tells, which a new page may replace): a folder checked with such a page in it."""
    from pmkit.render import rendered_page

    return rendered_page(text[:4096].encode("utf-8", "surrogatepass"))


def _holds_nothing(yaml_text: str) -> bool:
    """Whether ``yaml_text`` is blank lines, comments and document markers only: an empty file
    (PM007). Directives (``%YAML 1.1``) before a ``---`` too: read as YAML, such a document is an
    empty value at the end of the text, which was reported as "found nothing" on a line after
    the last one."""
    lines = yaml_text.splitlines()
    marked = any(_MARKER_ONLY.match(line) for line in lines)
    return all(not line.strip() or line.lstrip().startswith("#") or _MARKER_ONLY.match(line)
               or (marked and line.startswith("%")) for line in lines)


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one file; problems come back as diagnostics on the document."""
    name = str(path)
    if not name:  # Path("") is the current folder
        return _failed(name, "PM004", "unreadable-file", "no file name given")
    try:
        info = Path(path).stat()
        if stat.S_ISDIR(info.st_mode):
            return _unreadable_folder(name) or _failed(name, "PM004", "unreadable-file",
                                                       "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            return _failed(name, "PM004", "unreadable-file",
                           "is not a regular file (a pipe, socket or device); pmkit reads files only")
        size = info.st_size
        if size > max_bytes:
            return too_large(name, max_bytes, size)
        # Read as a regular file still: a pipe may take the file's place after the look (a file
        # replaced while the run goes on); never more than the limit, should the file grow.
        raw = read_regular(path, max_bytes + 1)
        if len(raw) > max_bytes:
            return too_large(name, max_bytes)
    except IsADirectoryError:
        return _failed(name, "PM004", "unreadable-file", "is a directory, not a file")
    except NotRegularFile:
        return _failed(name, "PM004", "unreadable-file",
                       "is not a regular file (a pipe, socket or device); pmkit reads files only")
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: symlink loop; ValueError: NUL
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            # A link into a share not mounted, or to a file renamed: "No such file or directory"
            # of a name that 'ls' lists.
            try:
                target = f" ({os.readlink(path)})"
            except OSError:
                target = ""
            return _failed(name, "PM004", "unreadable-file",
                           f"cannot read file: it is a symbolic link to a missing file{target}",
                           hint="Restore the file it links to, or remove the link.")
        if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
            # A folder nested past the system's limit, kept by the walk: "cannot read file: File
            # name too long" said neither that it is a folder's postmortems nor what to change.
            length = len(os.fsencode(os.path.abspath(path)))
            return _failed(name, "PM004", "unreadable-file",
                           f"cannot read it: its path is {length:,} bytes long, more than the system takes; "
                           "nothing at or below it was checked",
                           hint="Shorten the names of the folders it is in (or its own), or move it up.")
        if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
            return _failed(name, "PM004", "unreadable-file",
                           "cannot read file: it is a symbolic link in a loop (it leads back to itself)",
                           hint="Point the link at the postmortem file, or remove it.")
        if isinstance(exc, FileNotFoundError):
            # "cannot read file: No such file or directory" of a folder, in a script's
            # pmkit.check() run where the configured folder does not exist, said neither.
            return _failed(name, "PM004", "unreadable-file", "no such file or folder",
                           hint="Check the path (a relative one is read from the folder pmkit runs in). "
                                "Without paths, pmkit checks the folders set in 'paths' of its settings "
                                "(default: postmortems/).")
        hint = f"{PERMISSION_ADVICE.capitalize()}, or leave it out of the checked files."
        return _failed(name, "PM004", "unreadable-file", f"cannot read file: {why}",
                       hint=hint if isinstance(exc, PermissionError) else "")
    return parse_bytes(raw, name, markdown=Path(name).suffix.lower() in MARKDOWN_SUFFIXES)


#: A postmortem's top-level ``id:`` line, as a scan of a file that is not parsed reads it (quotes
#: and a comment after the value are not part of the id).
#: Lines end as YAML ends them: a file checked out with CR LF (git's core.autocrlf on Windows) or
#: one opening with a byte order mark has its id on such a line too.
_ID_LINE = re.compile(r"""(?:^|(?<=\r))\ufeff?(?:id|"id"|'id'):[ \t]+"""
                      r"""(?P<q>["']?)(?P<id>[^\s"'#]+)(?P=q)[ \t]*(?:#[^\r\n]*)?(?=[\r\n]|\Z)""",
                      re.MULTILINE)
#: A document that is one mapping in braces (``{id: ..., title: ...}``, also after '---' or
#: comments): its keys are found by :func:`_flow_id`, not by line.
_FLOW_START = re.compile(r"\A\ufeff?(?:(?:[ \t]*(?:#[^\r\n]*)?|%[^\r\n]*|---[ \t]*(?:#[^\r\n]*)?)"
                         r"(?:\r\n|\r|\n))*"
                         r"(?:---[ \t]+)?[ \t]*\{")
#: The key ``id`` in a mapping in braces (plain: followed by a space; quoted: JSON's '"id":'), then
#: its value, plain or quoted, up to what ends it there.
_FLOW_ID = re.compile(r"""(?:id[ \t]*:(?=\s)|(?P<k>["'])id(?P=k)[ \t]*:)\s*"""
                      r"""(?P<q>["']?)(?P<id>[^\s"'#,{}\[\]]+)(?P=q)[ \t]*(?=[,}#\r\n])""")
#: A run of plain text in a mapping in braces, stepped over at once.
_FLOW_PLAIN = re.compile(r"[^\s#\"'{}\[\],]+")
#: A quoted text in a mapping in braces, skipped as a whole: a comma or brace in it is text.
_FLOW_QUOTED = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL), "'": re.compile(r"'(?:[^']|'')*'")}


def scanned_id(text: str, markdown: bool = False) -> tuple[str, int] | None:
    """The id a file's top-level ``id:`` line gives, and that line's number: read without
    parsing the file. A file that is one mapping in braces (YAML's flow style, as JSON is
    written) is read key by key at its top level instead, over lines; an id with escapes is
    not found. The key may be quoted (``"id": x``). In Markdown only the front matter is read:
    an ``id:`` line of the body (a code block, a quoted YAML file) is no id of the postmortem."""
    if markdown:
        parts = split_front_matter(text.removeprefix("\ufeff"))
        if parts is None:
            return None
        text = text[:text.index("\n") + 1 + len(parts[0])]  # the opening line and the front matter
    if (flow := _FLOW_START.match(text)) is not None:
        return _flow_id(text, flow.end())
    match = _ID_LINE.search(text)
    if match is None:
        return None
    return match.group("id"), _line_of(text, match.start())


def scanned_file_id(path: str, limit: int) -> tuple[str, int] | None:
    """:func:`scanned_id` of the file at ``path`` (a regular file of at most ``limit`` bytes;
    else None), read as Markdown by its suffix."""
    raw = regular_bytes(path, limit)
    if raw is None:
        return None
    return scanned_id(raw.decode("utf-8", errors="replace"),
                      markdown=Path(path).suffix.lower() in MARKDOWN_SUFFIXES)


def _line_of(text: str, index: int) -> int:
    """The line (from 1) that ``index`` of ``text`` is on, its lines ended as YAML ends them."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def _flow_id(text: str, index: int) -> tuple[str, int] | None:
    """The ``id`` key of the top-level mapping in braces that ``text`` is (its opening brace
    ends before ``index``), and its line: each key after the opening brace or a comma at the
    top level is looked at; quoted texts and nested braces or brackets are stepped over, so an
    ``id`` of a nested mapping is not taken. A walk over one file, stopped at the mapping's end
    (or the id)."""
    depth, at_key = 1, True
    while index < len(text) and depth:
        char = text[index]
        if char in " \t\r\n":
            index += 1
            continue
        if char == "#" and text[index - 1] in " \t\r\n":  # a comment, to the line's end
            end = _LINE_BREAK.search(text, index)
            if end is None:
                return None
            index = end.start()
            continue
        if at_key and depth == 1:
            at_key = False
            found = _FLOW_ID.match(text, index)
            if found is not None:
                return found["id"], _line_of(text, index)
        if char in _FLOW_QUOTED and text[index - 1] in " \t\r\n{[,:":  # not the "'" of "it's"
            quoted = _FLOW_QUOTED[char].match(text, index)
            if quoted is None:
                return None  # a quote not closed: the parse of that file says where
            index = quoted.end()
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        elif char == ",":  # (one inside a nested list or mapping is stepped over: no key follows)
            at_key = depth == 1
        elif char not in "#\"'" and (plain := _FLOW_PLAIN.match(text, index)) is not None:
            index = plain.end()  # a run of plain text at once, not a character at a time
            continue
        index += 1  # (also a blank of another kind, a no-break space or U+2028, which ends no run)
    return None


def unlisted_folder(path: str | os.PathLike[str]) -> str | None:
    """Why the folder ``path`` may not be listed ("permission denied"), or None: also for what
    is no folder. Walked, such a folder holds nothing, although none of its files was seen."""
    try:
        if not os.path.isdir(path):
            return None
        with os.scandir(path):
            return None
    except OSError as exc:
        return (exc.strerror or str(exc)).lower()


def _unreadable_folder(name: str) -> Document | None:
    """The finding for a folder that may not be listed (a folder in a checked folder, given to
    the loader by :func:`pmkit.discovery.discover`), or None when it may be."""
    why = unlisted_folder(name)
    if why is not None:
        return _failed(name, "PM004", "unreadable-file",
                       f"cannot read this folder: {why}; the postmortems in it were not checked",
                       hint="Let the user who runs pmkit read the folder (chmod a+rx), or move it out "
                            "of the checked folder.")
    return None


#: Byte order marks of the encodings a file saved "as Unicode" may have, UTF-32 first (its
#: little-endian mark starts with UTF-16's).
WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
             (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
_RAW_BREAK = re.compile(rb"\r\n|\r|\n")


#: Without a byte order mark, a text's first character tells its encoding when it is ASCII, as
#: YAML's spec detects it (5.2): the NUL bytes around it give the width and the byte order.
_UNMARKED_WIDE = ((re.compile(rb"\x00\x00\x00[\x01-\x7f]"), "UTF-32", "utf-32-be"),
                  (re.compile(rb"[\x01-\x7f]\x00\x00\x00"), "UTF-32", "utf-32-le"),
                  (re.compile(rb"\x00[\x01-\x7f]"), "UTF-16", "utf-16-be"),
                  (re.compile(rb"[\x01-\x7f]\x00"), "UTF-16", "utf-16-le"))
#: What a text holds but a binary file may not: no NUL, no control character but tab and breaks.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def wide_encoding(raw: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``raw`` starts with that encoding's byte order mark, or
    is text in it without one (see :func:`wide_codec`)."""
    found = wide_codec(raw)
    return found[0] if found else None


def wide_codec(raw: bytes) -> tuple[str, str] | None:
    """The name (``"UTF-16"``) and Python codec of a UTF-16 or UTF-32 text, or None.

    A file saved "as Unicode" without a byte order mark was reported as binary (its ASCII
    characters have NUL bytes): it counts as such a text when it starts as YAML's spec says one
    does and its first 8 KiB read in that encoding hold no NUL or other control character."""
    for bom, name in WIDE_BOMS:
        if raw.startswith(bom):
            return name, name.lower()
    for start, name, codec in _UNMARKED_WIDE:
        if start.match(raw):
            import codecs

            # (incremental: a character the 8 KiB cut in two is no error)
            head = codecs.getincrementaldecoder(codec)("replace").decode(raw[:8192])
            return (name, codec) if not _NOT_TEXT.search(head) else None
    return None


#: What a file with NUL bytes is, to follow its name (the working tree's, or a version git holds).
BINARY = "contains NUL bytes: it looks binary, not like a YAML or Markdown postmortem"


def not_utf8(exc: UnicodeDecodeError) -> str:
    """What a settings file that failed to decode as UTF-8 is, to follow its name in a message:
    "is UTF-16 encoded, not UTF-8 text" (Windows PowerShell's '>' writes it; "byte 0xff at offset
    0" named its byte order mark), else "is not UTF-8 text (byte 0xe9 at offset 38, which is 'é'
    in Windows-1252)"."""
    raw = bytes(exc.object)
    wide = wide_codec(raw)
    if wide is not None:
        return f"is {wide[0]} encoded, not UTF-8 text"
    legacy = _legacy_character(raw, exc.start)
    return (f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}"
            + (f", which is {legacy} in Windows-1252)" if legacy else ")"))


#: ``working-tree-encoding`` values (without "-" and "_") that leave the byte order to a byte
#: order mark in the file: git refuses to convert a file without one ("BOM is required").
_BOM_REQUIRED = frozenset({"UTF16", "UTF32", "UCS2", "UCS4"})


def _wide_file(path: str, name: str, codec: str) -> Document:
    """The PM004 of a UTF-16 or UTF-32 file (``name``, read with ``codec``: "-le"/"-be" when no
    byte order mark tells the order). Where git's ``working-tree-encoding`` attribute names such
    an encoding for the file (asked of git only here, for a file that failed), git cannot even
    store a file without the mark, and that is what the message says."""
    order = {"-le": "little", "-be": "big"}.get(codec[-3:])
    encoding = _checkout_encoding(path) if path != "<string>" else None
    if order and encoding and re.sub("[-_]", "", encoding.upper()) in _BOM_REQUIRED:
        return _failed(
            path, "PM004", "unreadable-file",
            f"file is {name} encoded ({order}-endian, without a byte order mark), which git refuses to "
            f"store: .gitattributes sets 'working-tree-encoding={encoding}' for it, with which git reads "
            "the byte order from a byte order mark ('git add' fails: BOM is required); pmkit reads UTF-8",
            hint="Remove the working-tree-encoding attribute for postmortems and save the file as UTF-8 "
                 f"(git stores it as UTF-8 either way); to keep the attribute, save the file as {name} with "
                 "a byte order mark, or name the byte order in the attribute ('working-tree-encoding="
                 f"{name}{order[0].upper()}E').")
    said = f" ({order}-endian, without a byte order mark)" if order else ""
    return _failed(path, "PM004", "unreadable-file", f"file is {name} encoded{said}; pmkit reads UTF-8",
                   hint=_wide_file_hint(encoding))


def _wide_file_hint(encoding: str | None) -> str:
    """How to make a UTF-16 or UTF-32 file readable. Where git's ``working-tree-encoding``
    attribute (``encoding``) names the file, git stores it as UTF-8 and writes it out in that
    encoding on every checkout: saving it as UTF-8 alone would not last (and git would fail to
    convert it when it is added), so the attribute is named too."""
    if encoding is None:
        return "Save the file as UTF-8."
    return (f"Git writes this file as {encoding} on checkout ('working-tree-encoding={encoding}' in "
            ".gitattributes) and stores it as UTF-8: remove that attribute for postmortems, then save "
            "the file as UTF-8.")


def _checkout_encoding(path: str) -> str | None:
    """The ``working-tree-encoding`` git gives ``path`` on checkout, or None (none set, not in a
    repository, or git not there or not answering)."""
    from pmkit.history import git_output  # (gitpython is not imported for it)

    file = Path(path)
    out = git_output(["check-attr", "-z", "working-tree-encoding", "--", file.name], file.parent, timeout=10)
    fields = (out or b"").decode("utf-8", "replace").split("\0")
    value = fields[2] if len(fields) > 2 else ""
    return value if value and value not in ("unspecified", "unset", "set") else None


def parse_bytes(raw: bytes, path: str = "<string>", *, markdown: bool = False) -> Document:
    wide = wide_codec(raw)
    if wide:  # before the NUL test: its characters have NUL bytes
        return _wide_file(path, *wide)
    body = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark is no character
    nul = body.find(b"\x00", 0, 8192 - (len(raw) - len(body)))
    if nul >= 0:
        # Pointed at the first NUL, so that a stray one in a text file can be found and removed.
        line, col = _raw_position(body, nul)
        return _failed(
            path,
            "PM005",
            "binary-file",
            f"file {BINARY}",
            line=line,
            col=col,
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _raw_position(body, exc.start)
        offset = exc.start + len(raw) - len(body)
        form = _utf8_misform(body, exc.start)
        if form is not None:
            return _failed(path, "PM004", "unreadable-file", f"file is not valid UTF-8: {form[0]} at offset "
                           f"{offset}{form[1]}", line=line, col=col, hint=form[2])
        legacy = _legacy_character(body, exc.start)
        return _failed(
            path,
            "PM004",
            "unreadable-file",
            f"file is not valid UTF-8: byte 0x{body[exc.start]:02x} at offset {offset}"
            + (f", which is {legacy} in Windows-1252" if legacy else ""),
            line=line,
            col=col,
            hint="Save the file as UTF-8." + (_legacy_hint(body) if legacy else ""),
        )
    return parse_text(text, path, markdown=markdown)


#: Bytes shaped as UTF-8 writes a character that UTF-8 forbids: a surrogate (CESU-8 and Java's
#: modified UTF-8 write a character past U+FFFF, an emoji, as two of them), an overlong form
#: (a character in more bytes than it takes, which filters miss), a code point past U+10FFFF;
#: and a character cut short by the end of the file.
_MISFORMS = (
    # (a pair, as those encodings write them: a lone half is less surely not Windows-1252)
    (re.compile(rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]"), "surrogates"),
    (re.compile(rb"[\xc0\xc1][\x80-\xbf]|\xe0[\x80-\x9f][\x80-\xbf]|\xf0[\x80-\x8f][\x80-\xbf]{2}"),
     "overlong"),
    (re.compile(rb"\xf4[\x90-\xbf][\x80-\xbf]{2}|[\xf5-\xf7][\x80-\xbf]{3}"), "past"),
)
_MISFORM = re.compile(b"|".join(pattern.pattern for pattern, _ in _MISFORMS))
_CUT_AT_END = re.compile(rb"(?:[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf]?|[\xf0-\xf4][\x80-\xbf]{0,2})\Z")


def _utf8_misform(body: bytes, start: int) -> tuple[str, str, str] | None:
    """What the bytes at ``start`` (where decoding as UTF-8 failed) are, when they are UTF-8 gone
    wrong rather than another encoding: (the bytes, what they are, the hint). Their Windows-1252
    reading ("byte 0xed, which is 'í'") sent the author to convert a file that was never in it."""
    # Only in a file that is UTF-8 but for such bytes: in one in Windows-1252, 'í' and a
    # no-break space, or an 'é' at its very end, would read as such a form.
    rest = _CUT_AT_END.sub(b"", _MISFORM.sub(b"", body))
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:
        return None
    cut = _CUT_AT_END.match(body, start)
    if cut is not None and (len(cut.group()) > 1 or _UTF8_CHARACTER.search(body, 0, start)):
        return (_bytes_named(cut.group()), ", where the file ends in the middle of a character",
                "The file was cut short (an interrupted copy, download or save): restore its end "
                "from where it came from, or delete the broken character at the end of its last line.")
    for pattern, kind in _MISFORMS:
        found = pattern.match(body, start)
        if found is None:
            continue
        data = found.group()
        named = _bytes_named(data)
        if kind == "surrogates":
            high, low = _code_point(data[:3]), _code_point(data[3:])
            char = chr(0x10000 + (high - 0xD800 << 10) + low - 0xDC00)
            return (named, f", which encode U+{high:04X} U+{low:04X}, a surrogate pair, which UTF-8 does not "
                    "allow: it writes the character they stand for, "
                    f"U+{ord(char):X} {_character_shown(char)}, in four bytes",
                    "Save the file as standard UTF-8: it was written in CESU-8 or Java's modified UTF-8, "
                    "which write a character past U+FFFF (an emoji) as two halves; or retype that character.")
        code = _code_point(data)
        if kind == "overlong":
            return (named, f", an overlong form of U+{code:04X} {_character_shown(chr(code))}, which UTF-8 "
                    "does not allow", f"Write the character itself ({_character_shown(chr(code))}) in "
                    "place of these bytes: UTF-8 writes each character in the fewest bytes, and tools "
                    "that check text refuse other forms.")
        return (named, f", which encode U+{code:X}, past U+10FFFF, the last character Unicode has",
                "Delete these bytes or retype the character that was meant, and save the file as UTF-8.")
    return None


def _code_point(data: bytes) -> int:
    """The number the bytes of one character in UTF-8's form stand for, overlong or not."""
    code = data[0] & (0x1F if len(data) == 2 else 0x0F if len(data) == 3 else 0x07)
    for byte in data[1:]:
        code = code << 6 | byte & 0x3F
    return code


def lookalike(written: str, meant: str) -> str:
    """Where ``written`` is the ASCII word ``meant`` but for letters outside ASCII in place of
    its own (a Cyrillic 'а' for 'a' from a keyboard layout left switched, a dotless 'ı', a
    full-width letter), the first such letter named: "'а' (U+0430, cyrillic small letter a)
    where 'a' goes"; else "". "unknown key 'stаtus' (did you mean 'status'?)" alone quoted two
    words that look the same."""
    if written.isascii() or not meant.isascii():
        return ""
    import unicodedata

    letters = _letters(written)
    if len(letters) != len(meant):
        return ""
    swaps = [(char, latin) for char, latin in zip(letters, meant, strict=True) if char != latin]
    if not swaps or any(char.isascii() for char, _ in swaps):
        return ""
    char, ascii_char = swaps[0]
    if len(char) > 1:  # a letter and its accent typed as two characters ('a' and U+0301)
        codes = " ".join(f"U+{ord(c):04X}" for c in char)
        names = " and ".join(unicodedata.name(c, "an unnamed character").lower() for c in char)
        return f"{_character_shown(char)} ({codes}, {names}) where '{ascii_char}' goes{_more(swaps)}"
    name = unicodedata.name(char, "").lower() or "an unnamed character"
    return f"{_character_shown(char)} (U+{ord(char):04X}, {name}) where '{ascii_char}' goes{_more(swaps)}"


def _more(swaps: list[tuple[str, str]]) -> str:
    return f", and {len(swaps) - 1} more letter{'s' if len(swaps) > 2 else ''} outside ASCII" \
        if len(swaps) > 1 else ""


def _letters(text: str) -> list[str]:
    """``text`` as the letters a reader sees: each character with the combining marks after it
    ('státus' typed with U+0301 is six letters, as it looks, not seven characters)."""
    import unicodedata

    letters: list[str] = []
    for char in text:
        if letters and unicodedata.combining(char):
            letters[-1] += char
        else:
            letters.append(char)
    return letters


def _bytes_named(data: bytes) -> str:
    return ("byte " if len(data) == 1 else "bytes ") + " ".join(f"0x{byte:02x}" for byte in data)


def _character_shown(char: str) -> str:
    """A character quoted in a message, as an escape when it does not print."""
    return f"'{char}'" if char.isprintable() else repr(char)


def _legacy_character(body: bytes, offset: int) -> str:
    """The character the byte at ``offset`` is in Windows-1252 (a superset of Latin-1's
    printable characters), quoted: a curly quote (0x93), a dash (0x96) or an 'ü' (0xfc) saved by
    a Windows editor or pasted from a word processor. "" when the byte is not a printable
    character there."""
    try:
        character = body[offset:offset + 1].decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return f"'{character}'" if character.isprintable() and not character.isspace() else ""


#: A character of two to four bytes as UTF-8 writes it: in a file that also holds bytes that are
#: no UTF-8, a sign that only a part of it (a pasted paragraph) is in another encoding.
#: (Not a surrogate's three bytes, nor a code point past U+10FFFF: neither is UTF-8.)
_UTF8_CHARACTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
                             rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
                             rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                             rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
#: How many lines with bytes that are no UTF-8 a hint names.
_LEGACY_LINES_SHOWN = 5


def _legacy_hint(body: bytes) -> str:
    """How to make UTF-8 of a file with Windows-1252 bytes in it: convert it whole when it is all
    in that encoding; when it also holds UTF-8 characters (a German postmortem written in UTF-8
    with a paragraph pasted from a word processor), converting it whole would garble those
    ('ü' becomes 'Ã¼'), so the lines to retype are named instead."""
    found = _UTF8_CHARACTER.search(body)
    if found is None:
        return (" It (or a part pasted into it) is in a Windows or Latin-1 encoding, as a Windows editor "
                "or a copy from a word processor leaves it: re-save it with the encoding UTF-8, or convert "
                "it with 'iconv -f windows-1252 -t utf-8'.")
    utf8_line = _raw_position(body, found.start())[0]
    shown = found.group().decode("utf-8")
    lines = _lines_not_utf8(body)
    named = ", ".join(str(n) for n in lines[:_LEGACY_LINES_SHOWN])
    if len(lines) > _LEGACY_LINES_SHOWN:
        named += f" and {len(lines) - _LEGACY_LINES_SHOWN} more"
    return (f" Only a part of it is in a Windows or Latin-1 encoding (text pasted from a word processor or "
            f"another file): the rest is UTF-8 ('{shown}' on line {utf8_line}), which converting the whole "
            f"file (iconv) would garble. Retype the characters that are not UTF-8, on line"
            f"{'s' if len(lines) > 1 else ''} {named}, in an editor that saves UTF-8.")


def _lines_not_utf8(body: bytes) -> list[int]:
    """The 1-based lines of ``body`` that hold bytes that are no UTF-8, as YAML counts lines."""
    lines: list[int] = []
    for number, line in enumerate(_RAW_BREAK.split(body), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            lines.append(number)
    return lines


def _raw_position(body: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of byte ``offset`` in ``body``: lines end as YAML ends them
    (CR too), and columns count characters, as everywhere (a byte that is no UTF-8 counts as one)."""
    breaks = list(_RAW_BREAK.finditer(body, 0, offset))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(body[start:offset].decode("utf-8", "replace")) + 1


def too_large(path: str, max_bytes: int, size: int | None = None) -> Document:
    """PM006 for a file (or a text given to check) of ``size`` bytes, over ``max_bytes``."""
    said = f"file is {size:,} bytes, over the limit of {max_bytes:,}" if size is not None else \
        f"file is over the limit of {max_bytes:,} bytes"
    return _failed(path, "PM006", "file-too-large", said,
                   hint="Split the postmortem, or raise max-file-size in [tool.pmkit].")


def text_too_large(text: str, path: str, max_bytes: int) -> Document | None:
    """PM006 for a text given in code (to check or to load) over ``max_bytes`` in UTF-8, as a
    file over the limit is never read; None for a text within it. (Four bytes a character at
    most: only a text that may be over the limit is encoded to count them.)"""
    if len(text) * 4 > max_bytes and (size := len(text.encode("utf-8", "surrogatepass"))) > max_bytes:
        return too_large(path, max_bytes, size)
    return None


def _failed(
    path: str,
    code: str,
    name: str,
    message: str,
    *,
    line: int = 1,
    col: int = 1,
    hint: str = "",
    text: str = "",
) -> Document:
    diag = Diagnostic(path, line, col, code, message, name=name, hint=hint, end_line=line, end_col=col)
    return Document(path=path, text=text, diagnostics=[diag])


# --- text to document -----------------------------------------------------------------------

_LONE_CR = re.compile(r"\r(?!\n)")
#: The line that opens front matter: '---' alone, as the one that closes it (no character that
#: str.strip() takes for a blank, a no-break space or U+0085, which renderers do not).
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)


def normalised_text(text: str, *, markdown: bool) -> str:
    """A file's text as the loader reads it: without a byte order mark, and for Markdown with
    lines that end with CR alone (as YAML allows) ending with LF, where the Markdown reader
    splits them. One character for one keeps every offset, line and column."""
    text = text.removeprefix("\ufeff")
    return _LONE_CR.sub("\n", text) if markdown and "\r" in text else text


def late_front_matter(text: str) -> int | None:
    """The line of a front matter's opening ``---`` that blank lines push off the first line."""
    lines = text.split("\n", 50)
    for number, line in enumerate(lines[:-1], start=1):
        if line.strip():
            return number if number > 1 and _FRONT_MATTER_OPEN.fullmatch(line) else None
    return None


#: A front matter field at the start of a line ("pmkit: 1", "id: ...").
_FRONT_MATTER_FIELD = re.compile(r"^(?:pmkit|id|title|status|lang|severity)[ \t]*:", re.MULTILINE)


#: A line meant to close front matter that does not: more dashes, or a comment after them.
#: (An indented one may be a text's own rule, "summary: |" and "  ---" below it.)
_NEAR_CLOSING = re.compile(r"^(?:-{4,}|-{3}[ \t]+#.*)[ \t\r]*$", re.MULTILINE)
#: A line '---' but for characters that do not show around it (one at least): a byte order mark
#: where two files were joined, a no-break or zero-width space from a paste, a form feed.
_UNSEEN = "\x85\ufeff\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u2069\u3000\x0b\x0c"
_UNSEEN_CLOSING = re.compile(rf"^[ \t{_UNSEEN}]*[{_UNSEEN}][ \t{_UNSEEN}]*---[ \t{_UNSEEN}]*\r?$"
                             rf"|^---[ \t]*[{_UNSEEN}][ \t{_UNSEEN}]*\r?$", re.MULTILINE)
#: Characters that end a line in YAML 1.1 and in Unicode, but not in YAML 1.2, git, or editors
#: (VS Code counts only LF, CR LF and CR): pmkit's lines and columns are the editors', so these
#: are characters inside a line, and a file that uses them as line breaks is told so.
SEPARATORS = {"\x85": "U+0085 (next line)", "\u2028": "U+2028 (line separator)",
              "\u2029": "U+2029 (paragraph separator)"}
#: A '---' line run into the next by such a character ("---\u2028## Summary").
_SEPARATED_DELIMITER = re.compile(r"^---[ \t]*(?P<sep>[\x85\u2028\u2029])[^\n]*?\S", re.MULTILINE)


def delimiter_in_disguise(line: str) -> bool:
    """Whether ``line`` is '---' but for a character that does not show around it, or one run
    into the next line by a line separator: a front matter delimiter to its author, and reported
    as one that is not (rather than the file being taken for one without front matter)."""
    return _UNSEEN_CLOSING.fullmatch(line) is not None or _SEPARATED_DELIMITER.match(line) is not None


def separator_advice(char: str) -> str:
    """The hint for a file where ``char`` (one of :data:`SEPARATORS`) stands for a line break."""
    return (f"Replace each {SEPARATORS[char]} in the file with a line break: YAML, git and editors do "
            "not end a line there (a file converted from EBCDIC, or exported by some web editors, "
            "holds them).")


def quoted_line(text: str, limit: int = 40) -> str:
    """A line to quote in a message: its characters that do not show written as escapes, also the
    control character U+0085 that a terminal may act on."""
    from pmkit.diagnostics import shown

    return shown(text[:limit]).replace("\x85", "\\x85")


def _near_closing(text: str) -> tuple[int, str, str] | None:
    """The line (number and text) that was meant to close the front matter opened on line 1
    ("--- # end", "----", "\ufeff---", "---\u2028## Summary"), when no line '---' does, and what
    keeps it from closing: "unseen" (a character that does not show), "separator" (a line
    separator where its line break should be) or "near"; None when there is none."""
    start = text.find("\n") + 1
    found = [match for match in (_NEAR_CLOSING.search(text, start), _UNSEEN_CLOSING.search(text, start),
                                 _SEPARATED_DELIMITER.search(text, start)) if match is not None]
    if not found:
        return None
    first = min(found, key=lambda match: (match.start(), match.re is not _SEPARATED_DELIMITER))
    kind = ("separator" if first.re is _SEPARATED_DELIMITER else "unseen" if first.re is _UNSEEN_CLOSING
            else "near")
    end = text.find("\n", first.start())
    written = text[first.start():end if end >= 0 else None]  # the whole line
    return text.count("\n", 0, first.start()) + 1, written.strip(" \t\r"), kind


def front_matter_below(text: str) -> tuple[int, int, str] | None:
    """A front matter written below other lines (a "# Title" line or a setext title above it,
    as people start a document): the lines of its opening and closing ``---``, and the first
    line above it that holds text. None when no '---' block within the first 50 lines holds
    at least two of the fields every postmortem starts with."""
    lines = text.split("\n", 200)[:-1]
    fenced = False
    for number, line in enumerate(lines[:50], start=1):
        if line.lstrip(" ").startswith(("```", "~~~")):
            fenced = not fenced  # (an example of front matter in a README's code block is none)
        if fenced or number == 1 or not _FRONT_MATTER_OPEN.fullmatch(line):
            continue
        for close in range(number + 1, len(lines)):
            if _FRONT_MATTER_END.match(lines[close]):
                block = "\n".join(lines[number:close])
                if len(_FRONT_MATTER_FIELD.findall(block)) >= 2:
                    above = next(ln.strip() for ln in lines[:number] if ln.strip())
                    return number, close + 1, above
                break
    return None


#: What git-lfs commits in place of a file it stores (its spec: a "version" line first, then
#: "oid sha256:..." and "size ..."); "hawser" was the project's first name.
_LFS_POINTER = re.compile(r"version https://(?:git-lfs|hawser)\.github\.com/spec/v\d+\r?\noid \w+:[0-9a-f]+")


def is_lfs_pointer(text: str) -> bool:
    """Whether a file's text is a Git LFS pointer instead of its contents."""
    return _LFS_POINTER.match(text) is not None


#: An ATX heading line in a Markdown body ("## Summary"), or a YAML comment.
_MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>\S[^\r\n]*)", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    """Whether a postmortem given as text, without a file name to tell its format, is a Markdown
    postmortem (see :func:`_markdown_postmortem`); else it is read as YAML."""
    return _markdown_postmortem(normalised_text(text, markdown=True))


def _markdown_postmortem(text: str) -> bool:
    """Whether ``text`` is a Markdown postmortem: fields between two '---' lines, then a body
    with a heading named like one of its sections (``## Summary``). Only a known name counts:
    "# Notes" may be a YAML comment in a file with two YAML documents."""
    from pmkit import markdown

    parts = split_front_matter(text)
    if parts is None or not parts[0].strip():
        return False
    known = (markdown.SECTION_FIELDS.keys() | markdown.SECTION_ALIASES.keys() | markdown.LESSON_LISTS.keys()
             | markdown.LESSON_GROUPS | markdown.FRONT_MATTER_SECTIONS.keys())
    return any(markdown.normalise(heading.group("title")) in known
               for heading in itertools.islice(_MARKDOWN_HEADING.finditer(parts[2]), 200))


#: Suffixes a postmortem's file may have, in either format or as plain text.
_TEXT_SUFFIXES = frozenset({".txt", ".mdx", *POSTMORTEM_SUFFIXES})


def _read_as(path: str, *, markdown: bool) -> str | None:
    """For a text given to the API without a file name ("<string>"), how to have it read in the
    other format; None for a file, which is renamed instead."""
    from pmkit.formats.paths import is_pseudo

    if not is_pseudo(path):
        return None
    suffix = ".md" if markdown else ".yaml"
    return (f"Leave out markdown={not markdown} (the text tells its format) or pass markdown={markdown} to "
            f"pmkit.loads; give pmkit.check_text a name ending in '{suffix}'")


def renamed(path: str, suffix: str) -> str:
    """The name ``path``'s file should have to be read in the format of ``suffix``: without the
    suffixes of either format ("pm.markdown.yaml", "pm.mdx" are "pm.md"), "postmortem" for a
    name that is a suffix alone (".yaml")."""
    stem = Path(path).name
    while (ending := Path(stem).suffix).lower() in _TEXT_SUFFIXES:
        stem = stem[: -len(ending)]
    if stem.lower() in _TEXT_SUFFIXES:
        stem = ""
    return f"{stem or 'postmortem'}{suffix}"


#: A line of a YAML postmortem that sets one of its required fields, at the start of the line.
_REQUIRED_KEY = re.compile(r"^(pmkit|id|title|status|lang|severity)[ \t]*:(?:[ \t]|\r?$)", re.MULTILINE)
#: A YAML key at the start of a line ("title: ..."), which a Markdown paragraph rarely starts with.
_TOP_KEY = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|\r?$)")


def _yaml_postmortem(text: str) -> bool:
    """Whether a Markdown file without front matter holds a YAML postmortem: its first line that
    is not blank or a comment is a top-level key, and three of the required fields are set."""
    for line in text.split("\n", 200)[:200]:
        if line.strip() and not line.startswith("#"):
            if _TOP_KEY.match(line) is None:
                return False
            keys = {match.group(1) for match in itertools.islice(_REQUIRED_KEY.finditer(text), 50)}
            return len(keys) >= 3
    return False


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split Markdown into (front matter, its first line, body, body's first line)."""
    first_line, _, rest = text.partition("\n")
    if not _FRONT_MATTER_OPEN.fullmatch(first_line):
        return None
    end = _FRONT_MATTER_END.search(rest)
    if end is None:
        return None
    front = rest[: end.start()]
    body_start = rest.find("\n", end.end())
    body = "" if body_start < 0 else rest[body_start + 1 :]
    body_line = 2 + front.count("\n") + 1
    return front, 2, body, body_line


def parse_text(text: str, path: str = "<string>", *, markdown: bool = False) -> Document:
    """Parse YAML (or Markdown with YAML front matter) text into a :class:`Document`."""
    text = normalised_text(text, markdown=markdown)
    doc = Document(path=path, text=text, kind="markdown" if markdown else "yaml")
    yaml_text, line_offset = text, 0
    if is_lfs_pointer(text):
        # Read as YAML it is a string (PM003), as Markdown it has no front matter (PM007): both
        # true, neither says that the postmortem itself is on an LFS server, not in the file.
        code, name = ("PM007", "empty-file") if markdown else ("PM003", "not-a-mapping")
        doc.diagnostics.append(Diagnostic(
            path, 1, 1, code, "this is a Git LFS pointer, not the postmortem: the file is stored "
            "with Git LFS and its contents are not in the working tree", name=name,
            hint="Fetch the contents with 'git lfs pull'; better, stop storing postmortems (small "
                 "text files) with LFS: remove their pattern from .gitattributes, then "
                 "'git add --renormalize .'."))
        return doc
    if markdown:
        parts = split_front_matter(text)
        if parts is None:
            first_line = text.partition("\n")[0].rstrip("\r")
            opened = _FRONT_MATTER_OPEN.fullmatch(first_line) is not None
            run_on = _SEPARATED_DELIMITER.match(first_line)
            first_line = first_line.rstrip(" \t")
            late = None if opened else late_front_matter(text)
            below = None if opened or late else front_matter_below(text)
            hint = "Start the file with a '---' line, the postmortem fields, and another '---'."
            if opened:
                message = "Markdown front matter is not closed: no '---' line after the fields"
                hint = "Add a line '---' alone after the last field, before the body."
                if (near := _near_closing(text)) is not None:
                    # "--- # end", "----", " ---": Markdown renderers end front matter only at a
                    # line of three dashes alone, and so does pmkit.
                    late, written, kind = near
                    if kind == "unseen":  # "no '---' line" of a file that shows one on line 125
                        message = (f"Markdown front matter is not closed: line {late} "
                                   f"'{quoted_line(written, len(written))}' is not the line '---' alone that "
                                   "ends it: it holds a character that does not show")
                        hint = (f"Delete the character that does not show from line {late}, to leave "
                                "'---' alone.")
                    elif kind == "separator":
                        char = _SEPARATED_DELIMITER.match(written)["sep"]  # type: ignore[index]
                        message = (f"Markdown front matter is not closed: line {late} "
                                   f"'{quoted_line(written)}' is not the line '---' alone that ends it: "
                                   f"{SEPARATORS[char]} after the '---' is no line break")
                        hint = separator_advice(char)
                    else:
                        message = (f"Markdown front matter is not closed: line {late} '{written[:40]}' is "
                                   "not the line '---' alone that ends it")
                        hint = (f"Write '---' alone on line {late} (a comment goes on a line of its own, "
                                "before it).")
            elif delimiter_in_disguise(first_line):
                # "---\u00a0" or "---\x85" took str.strip()'s blanks for none and was taken as
                # the opening line, while the same line closing front matter was not.
                message = f"Markdown front matter must open with a line '---' alone; the first line is " \
                          f"'{quoted_line(first_line)}'"
                if run_on is not None:
                    message += f": {SEPARATORS[run_on['sep']]} after the '---' is no line break"
                    hint = separator_advice(run_on["sep"])
                else:
                    message += ": it holds a character that does not show"
                    hint = "Delete the character that does not show from line 1, to leave '---' alone."
            elif late:
                message = (f"Markdown front matter must open on the first line; its '---' is on line "
                           f"{late}, after blank lines (renderers then show the fields as text)")
            elif below is not None:
                # "# Incident report" (or a setext title) above the '---': renderers and pmkit
                # read front matter only on the first line, and the fields become body text.
                opening, closing, above = below
                late = opening
                message = (f"Markdown front matter must open on the first line; its '---' is on line "
                           f"{opening}, below '{above[:60]}' (renderers then show the fields as text)")
                hint = (f"Move the lines above line {opening} below the '---' on line {closing} that "
                        "closes the front matter, or remove them: the 'title' field is the title.")
            elif first_line == "+++":
                message = "Markdown front matter is TOML ('+++'); pmkit reads YAML front matter"
                hint = ("Write the fields as YAML between two '---' lines ('title: ...' for "
                        "'title = \"...\"'); 'pmkit new --format md' writes one to start from.")
            elif ((dashes := first_line.lstrip(" \t")).startswith("---") and not dashes.startswith("----")
                  and _FRONT_MATTER_END.search(text, len(first_line))):
                # "---yaml", "--- # fields", " ---": renderers take front matter only after '---'
                # alone (" ---" was "has no YAML front matter", of a file that has one).
                message = (f"Markdown front matter must open with a line '---' alone; the first line "
                           f"is '{first_line[:40]}'")
                hint = "Write '---' alone on the first line (a comment goes on a line of its own)."
                if dashes != first_line:
                    message += ", with a blank before the '---'"
                    hint = "Write '---' at the very start of the first line, with nothing before it."
            elif _yaml_postmortem(text):
                # Its "# comments" are no headings, and "add the fields above it" would be wrong:
                # the fields are all there, as YAML.
                message = ("this is a YAML postmortem (its fields without '---' lines around them) in a "
                           "file read as Markdown")
                hint = (_read_as(path, markdown=False) or f"Name the file '{renamed(path, '.yaml')}'") + (
                    ", or make the fields the front matter: a '---' line above them and another below them.")
            elif _rendered_page(text):
                message = ("this is a page 'pmkit render' wrote, not a postmortem (it has no YAML front "
                           "matter)")
                hint = ("Render into a folder pmkit does not check ('pmkit render -o' elsewhere), or leave "
                        "the page out of the check with 'exclude' in [tool.pmkit].")
            else:
                message = "Markdown postmortem has no YAML front matter"
                heading = re.match(r"[ \t\r\n]*# +(\S[^\r\n]*)", text)
                if heading is not None:
                    # A plain Markdown postmortem ("# Title", "## Summary"): say which fields to add.
                    title = re.sub(r"[ \t]+#+$", "", heading.group(1).strip())[:60]  # ("# Title #")
                    message += f": the postmortem's fields go above '# {title}'"
                    hint = (f"Add a '---' line, the fields 'pmkit: 1', 'id', 'title' ('{title}'), "
                            "'status', 'lang' and 'severity', and another '---' above the heading; "
                            "'pmkit new --format md' writes a file to copy them from.")
            doc.diagnostics.append(
                Diagnostic(path, late or 1, 1, "PM007", message, name="empty-file", hint=hint))
            return doc
        yaml_text, first, doc.body, doc.body_line = parts
        line_offset = first - 1
        _conflict_in_body(doc)
    if _holds_nothing(yaml_text):
        # A Markdown file with a body is not empty: what is missing is the fields above it.
        message, hint = (("Markdown front matter is empty: no postmortem fields between its '---' lines",
                          "Write the fields (pmkit, id, title, status, lang, severity...) between the "
                          "'---' lines; 'pmkit new --format md' writes a template.")
                         if markdown else ("file is empty: no postmortem fields found",
                                           "Run 'pmkit new' to start from the template."))
        doc.diagnostics.append(Diagnostic(path, 1, 1, "PM007", message, name="empty-file", hint=hint))
        return doc
    builder = _Builder(doc, line_offset)
    node = builder.compose(yaml_text)
    if node is None:
        return doc
    expanded = _expanded_size(node, {}, set())
    if expanded > MAX_NODES:
        span = builder._span(node)
        doc.diagnostics.append(
            Diagnostic(path, span.line, span.col, "PM008",
                       # (the count stops once past the limit: the exact number is not known)
                       f"document is too large to check: more than {MAX_NODES:,} values after "
                       "expanding aliases (an alias bomb?)",
                       name="resource-limit",
                       hint="Postmortems do not need YAML anchors; write the values out.")
        )
        return doc
    try:
        doc.data = builder.build(node, ())
    except _TooBig as exc:
        doc.data = None
        doc.diagnostics.append(exc.diagnostic)
        return doc
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        kind = {"list": "a list", "str": "a string", "int": "a number", "float": "a number"}.get(kind, kind)
        span = doc.span(())
        message = f"top level of a postmortem must be a mapping of fields, found {kind}"
        hint = "Start with 'pmkit: 1', 'id: ...', 'title: ...' at the top level."
        root_line = span.line - line_offset - 1
        lookalike = _lookalike_colon(builder.yaml_text, root_line) if kind == "a string" else None
        if lookalike is not None:
            # Every key written with a full-width colon: the fields read as one text.
            message += f": {lookalike[2]}"
            hint = lookalike[3]
        elif isinstance(doc.data, list) and doc.data and all(
                isinstance(item, dict) and ("pmkit" in item or "id" in item) for item in doc.data):
            # "- pmkit: 1" (a postmortem as the item of a list, as an export of several writes
            # them): the fields are all there, one '- ' too many.
            many = len(doc.data) > 1
            message += (f" of {len(doc.data)} postmortems" if many else " whose one item is the postmortem")
            hint = ("Put each postmortem in a file of its own, its fields at the top level (no '- ' "
                    "before 'pmkit: 1')." if many else
                    "Remove the '- ' before the first field and the indentation of the others: the "
                    "fields go at the top level.")
        doc.diagnostics.append(
            Diagnostic(
                path, span.line, span.col, "PM003", message,
                name="not-a-mapping", end_line=span.end_line, end_col=span.end_col, hint=hint,
            )
        )
        doc.data = None
    elif markdown:
        from pmkit.markdown import apply_body  # the body's sections fill narrative fields

        apply_body(doc)
    return doc


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # YAML's line breaks


def text_lines(text: str) -> list[str]:
    """The lines of ``text`` as editors and YAML number them: split at CR LF, CR and LF only.

    ``str.splitlines`` also splits at U+2028, U+0085, form feeds and more, which would shift
    every line number after such a character.
    """
    return _LINE_BREAK.split(text)


def written_in_flow(text: str, span: Span) -> bool:
    """Whether the value at ``span`` of ``text`` is written in flow style, ``[...]``."""
    lines = text_lines(text)
    return 0 < span.line <= len(lines) and lines[span.line - 1][span.col - 1:].startswith("[")


def _expanded_size(node: Any, memo: dict[int, int], active: set[int]) -> int:
    """How many values the node graph has once aliases are expanded (memoised per node)."""
    key = id(node)
    if key in memo:
        return memo[key]
    value = node.value
    if not isinstance(value, list) or key in active:  # scalar, or a recursive alias
        return 1
    active.add(key)
    total = 1
    for item in value:
        children = item if isinstance(item, tuple) else (item,)
        for child in children:  # (a scalar counts one: no call for it, the most common child)
            total += _expanded_size(child, memo, active) if isinstance(child.value, list) else 1
            if total > MAX_NODES:
                break
    active.discard(key)
    memo[key] = total
    return total


#: U+0085, U+2028 and U+2029 are line breaks in YAML 1.1 but ordinary characters in YAML 1.2,
#: which pmkit reads; both parsers still break lines at them, so that one pasted into a comment
#: or a block scalar broke the whole file ("expected <document start>"). They are parsed as
#: stand-ins from the private use area, one character each (every position stays), and put
#: back in the values.
_YAML11_BREAKS = "\x85\u2028\u2029"


#: The code point of every \\u/\\U escape in a text (in double quotes or not: more is harmless).
_NAMED = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _stand_ins(text: str) -> tuple[str, dict[int, str]]:
    """``text`` with each YAML 1.1 line break replaced by a private-use character it does not
    contain, and the table that turns those back."""
    if not any(char in text for char in _YAML11_BREAKS):
        return text, {}
    private_use = itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
    present = set(text)  # one pass: a file may hold thousands of private-use characters
    # A character an escape names ("\ue000") is in the value too, though not in the text.
    present.update(chr(number) for pair in _NAMED.findall(text)
                   if (number := int("".join(pair), 16)) <= 0x10FFFF)
    unused = (chr(code) for code in private_use if chr(code) not in present)
    stand_ins = "".join(itertools.islice(unused, len(_YAML11_BREAKS)))
    if len(stand_ins) < len(_YAML11_BREAKS):  # a file holding every private-use character:
        return text, {}  # read as YAML 1.1 would, and reported where it breaks
    return (text.translate(str.maketrans(_YAML11_BREAKS, stand_ins)),
            {ord(new): old for old, new in zip(_YAML11_BREAKS, stand_ins, strict=True)})


_SURROGATE = re.compile("[\ud800-\udfff]")
#: One escape of a double-quoted YAML string, which stands for one character of its value (a
#: UTF-16 surrogate pair of two escapes too; an escaped line break stands for none). Read from
#: a string's start, an escaped backslash ("\\\\u" is a backslash and a "u") starts none.
DQ_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2}"
                       r"|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[^\r\n])")
#: A tag as written at a node's start, after the node's anchor when that comes first.
_WRITTEN_TAG = re.compile(r"(?:&[^\s,\[\]{}]+[ \t]+)?(?P<tag>!<[^>\s]*>|![^\s,\[\]{}]*)")
#: A tag written just before a node's anchor, on its line.
_TAG_BEFORE = re.compile(r"(?<![^\s,\[{])(?P<tag>!<[^>\s]*>|![^\s,\[\]{}]*)[ \t]+\Z")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _pair(match: re.Match[str]) -> str:
    return match.group().encode("utf-16", "surrogatepass").decode("utf-16")


#: YAML's limit on an implicit key (one without '? '): 1024 characters, the ':' after them.
_KEY_LIMIT = 1024
#: What ends a key (a ':' and a blank or the line's end) or starts the next (brackets, commas).
_KEY_BOUNDS = re.compile(r":(?=[ \t]|$)|[{}\[\],]")
_KEY_LEAD = re.compile(r"(?:[ \t]|[-?](?=[ \t]))*")  # indentation and "- " or "? " markers


def _long_key(text: str, exc: Any) -> tuple[int, int, int] | None:
    """(line, column, length) of a key over YAML's 1024 characters on a line where the parser
    failed: it then reads the key as text that lacks its ':' ("could not find expected ':'")."""
    lines = _LINE_BREAK.split(text)
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is None or not 0 <= mark.line < len(lines):
            continue
        line = lines[mark.line]
        if len(line) <= _KEY_LIMIT:
            continue
        start: int | None = 0  # where a key may start; None in a value (after "key: ")
        for bound in _KEY_BOUNDS.finditer(line):
            if bound.group() == ":" and start is not None:
                lead = _KEY_LEAD.match(line, start)
                first = lead.end() if lead else start
                if bound.start() - first > _KEY_LIMIT:
                    return mark.line + 1, first + 1, bound.start() - first
            start = bound.end() if bound.group() in "{[," else None
    return None


_VERSION_HINT = "Remove the %YAML line (pmkit reads YAML 1.2), or write '%YAML 1.2'."
_VERSION_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)", re.MULTILINE)
_BIG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


#: What to do about a '\U' escape beyond U+10FFFF (as _unmarked_problem says of it).
_ESCAPE_HINT = ("The escape names a code point beyond U+10FFFF, the last one Unicode has, so no character: "
                "write the character's own code (\\U0001F600 for an emoji, at most \\U0010FFFF), or write "
                "the backslash twice (\\\\U) to keep the text as it is.")


def _unmarked_problem(text: str) -> tuple[int, str]:
    """Where and what ruamel.yaml failed on when it raised a plain Python error: a ``%YAML``
    version it does not read, or a ``\\U`` escape beyond the last Unicode character."""
    for match in _VERSION_DIRECTIVE.finditer(text):
        if match.group(1) not in ("1.1", "1.2"):
            version = match.group(1)[:20]
            return match.start(1), f"YAML version {version} is not supported (use 1.2, or no %YAML line)"
    for match in _BIG_ESCAPE.finditer(text):
        if int(match.group(1), 16) > 0x10FFFF:
            return match.start(), (f"the escape {match.group()} is beyond the last Unicode character "
                                   "(\\U0010FFFF)")
    return 0, "the YAML parser cannot read this file"


@cache
def _counting_composer() -> Any:
    """ruamel.yaml's composer, stopping at the node past MAX_NODES (see ``libyaml.Limit``)."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    from pmkit.libyaml import Limit

    class Counting(Composer):
        count = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.count += 1
            if self.count > MAX_NODES:
                raise Limit(self.parser.peek_event().start_mark, f"more than {MAX_NODES:,} values")
            alias = self.parser.peek_event()
            node = super().compose_node(parent, index)
            if not isinstance(alias, AliasEvent) or parent is None:
                return node
            if index is None and isinstance(parent, MappingNode):
                if isinstance(node, ScalarNode):
                    # A key written as an alias ("*k : v") is placed where it is written, not at its
                    # anchor: a duplicate or unknown key is reported on the alias's line.
                    node = copy.copy(node)
                    node.start_mark, node.end_mark = alias.start_mark, alias.end_mark
                return node
            return AliasUse(node, alias.anchor, alias.start_mark, alias.end_mark)

    return Counting


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The prefix of YAML's own tags: '!!int' is 'tag:yaml.org,2002:int'.
_CORE_TAG = "tag:yaml.org,2002:"
#: Scalar tags pmkit honours, also on a quoted value.
_SCALAR_TAGS = ("null", "bool", "int", "float")
_WRITE_IT = ("Remove the tag and write the value itself: a postmortem holds plain YAML values (texts, "
             "numbers, true or false, lists and mappings).")
#: YAML 1.1's types that pmkit does not build, what each is, and what to write instead.
_UNREAD_TAGS = {
    "binary": ("base64-encoded bytes", "Write the text itself, not its base64 encoding."),
    "set": ("a set", "Write a list: one '- item' per line, or '[a, b]'."),
    "omap": ("an ordered mapping", "Write a mapping ('key: value' on each line), or a list."),
    "pairs": ("a list of pairs", "Write a mapping ('key: value' on each line), or a list."),
    "": ("a tag of its own", _WRITE_IT),
}
_OTHER_TAG = _UNREAD_TAGS[""]
#: Every tag a value may have that pmkit reads as YAML means it (the parsers also resolve plain
#: values to "timestamp", "merge" for '<<', and in YAML 1.1 "value" for '=').
_READ_TAGS = frozenset(f"{_CORE_TAG}{name}" for name in
                       (*_SCALAR_TAGS, "str", "seq", "map", "timestamp", "merge", "value", "yaml"))
_PYTHON_TAG = ("a Python object, which pmkit never builds", _WRITE_IT)
#: The core tag of each kind of collection.
_COLLECTIONS = {"sequence": "seq", "mapping": "map"}
#: What each core tag asks for.
_KINDS = {"null": "null", "bool": "true or false", "int": "a whole number", "float": "a number",
          "str": "text", "seq": "a list", "map": "a mapping", "timestamp": "a timestamp"}

#: What YAML's constructors read as a boolean under an explicit ``!!bool`` tag.
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "y": True, "n": False,
             "on": True, "off": False}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
#: Integers past this size become infinite, like floats past about 1.8e308: Python cannot
#: write one of more than 4,300 digits in decimal (every message quoting it would fail), and
#: no count or measurement in a postmortem is anywhere near it.
MAX_INT_BITS = 14_000


def _integer(text: str) -> int | float | None:
    """The value of a YAML integer (``12``, ``0777``, ``0x1F``, ``1_000``), ``±inf`` for one too
    large to write out, None for text that is no integer (``!!int abc``)."""
    digits = text.replace("_", "")
    try:
        number = int(digits, 0)
    except ValueError:
        try:
            number = int(digits)  # "0777": YAML 1.2 reads a decimal, int(..., 0) refuses it
        except ValueError:
            if _DECIMAL.fullmatch(digits):  # over Python's limit on decimal digits
                return float("-inf") if digits.startswith("-") else float("inf")
            return None
    if number.bit_length() > MAX_INT_BITS:
        return float("-inf") if number < 0 else float("inf")
    return number


#: A document that starts (after comments and blank lines) with a ``%YAML 1.1`` directive: its
#: plain scalars are read as YAML 1.1 says, as ruamel.yaml's resolver already tags them.
_YAML11 = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n|%(?!YAML)[^\n]*\n)*%YAML[ \t]+1\.1[ \t]*(?:#[^\n]*)?\r?$",
                     re.MULTILINE)
_OCTAL11 = re.compile(r"[-+]?0[0-7_]+")


def _integer11(text: str) -> int | float | None:
    """The value of a YAML 1.1 integer: as :func:`_integer`, but ``0777`` is octal (511) and
    ``1:20`` is base 60 (80)."""
    if ":" in text:
        return _base60(text, int)
    if _OCTAL11.fullmatch(text):
        digits = text.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        return sign * int(digits.lstrip("+-"), 8)
    return _integer(text)


def _base60(text: str, kind: type[int] | type[float]) -> int | float | None:
    """A YAML 1.1 sexagesimal number (``1:20`` is 80, ``190:20:30.15`` is 685230.15); None for
    text that is none (``!!int 1:x``)."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    total: int | float = 0
    try:
        for part in digits.lstrip("+-").split(":"):
            total = total * 60 + kind(part)
            if isinstance(total, int) and total.bit_length() > MAX_INT_BITS:
                return float("inf") * sign  # (as _integer says of one too large to write out)
    except (ValueError, OverflowError):
        return None
    return sign * total


_RECURSIVE_HINT = ("An alias inside the value its anchor ('{anchor}') names stands for that whole value, "
                   "itself included, without end: write the inner value out, or point the alias at "
                   "another anchor whose value does not hold it.")


class _TooBig(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _codepoint(character: Any) -> int:
    return ord(character[0]) if isinstance(character, str) and character else int(character or 0)


# The parser's words for the usual mistakes in a hand-written postmortem, and what to do about
# each: (the problem starts with, the context starts with or "" for any, whether the mistake is
# where the context mark is rather than where the parser stopped, the hint).
_SYNTAX_ADVICE: tuple[tuple[str, str, bool, str], ...] = (
    ("found character '\\t' that cannot start any token", "", False,
     "YAML allows no tab here, neither to indent nor inside an unquoted value: use spaces, or put "
     "the value in double quotes and write the tab as \\t."),
    ("found character '@'", "", False,
     "A value cannot start with '@' unless it is quoted: put the whole value in quotes."),
    ("found character '`'", "", False,
     "A value cannot start with '`' unless it is quoted: put the whole value in quotes."),
    ("found undefined alias", "", False,
     "A value that starts with '*' is read as an alias of an anchor ('&name'): put the whole "
     "value in quotes."),
    ("mapping values are not allowed here", "", False,
     "The value holds ': ' (a colon and a space), which YAML reads as another key: put the whole "
     "value in quotes, or write it as a block ('key: |' and the text indented below). If this "
     "line is a key, indent it like the keys beside it."),
    ("could not find expected ':'", "while scanning a simple key", True,
     "This line is neither 'key: value' (with a space after the colon) nor the continuation of a "
     "text above it: add ': ' after the key, or indent a text that goes on under its key."),
    ("found unexpected end of stream", "while scanning a quoted scalar", True,
     "The quote that opens here is never closed: add the closing quote (inside single quotes, "
     "write an apostrophe twice: 'it''s')."),
    ("expected <block end>, but found '<scalar>'", "", False,
     "Something follows a quoted or bracketed value on its line: put the whole value in quotes "
     "(\"[INFO] started\", 'it''s'), or end the line after the closing quote."),
    ("expected <block end>, but found", "", False,
     "This line is indented differently from the keys or items around it: keys of one mapping, "
     "and items of one list, start in the same column."),
    ("a second YAML document starts here", "", False,
     "A postmortem file holds one YAML document: a '---' line may only open it and a '...' line "
     "only end it. Remove the marker; a second postmortem goes into a file of its own."),
    ("expected ", "while scanning a directive", False,
     "A line that starts with '%' is a YAML directive, '%YAML 1.2' (the version) or '%TAG' with a "
     "handle and a prefix, and a '---' line follows it: complete the directive, or remove the line (a "
     "postmortem needs none); a value that starts with '%' goes in quotes."),
    ("expected ',' or ']'", "while parsing a flow sequence", True,
     "The '[' that opens here starts a list (a value that starts with '[' is read as one): "
     "close it with ']' (a ' #' before it starts a comment, which hides it), or put the whole "
     "value in quotes."),
    ("expected ',' or '}'", "while parsing a flow mapping", True,
     "The '{' that opens here starts a mapping (a value that starts with '{' is read as one): "
     "close it with '}' (a ' #' before it starts a comment, which hides it), or put the whole "
     "value in quotes."),
)


def _tab_hint(text: str, index: int) -> str:
    """What to do about the tab at ``index`` that the parser refused, by where it stands: in the
    indentation, after a key's colon or a list's dash, before a comment, at the end of the line,
    or inside an unquoted value."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    before = text[start:index]
    after = text[index:end if end >= 0 else len(text)].rstrip("\r").lstrip(" \t")
    if not before.strip(" \t") and not after:
        return "Remove the tab: the line is blank but for it, and YAML allows no tab in indentation."
    if not before.strip(" \t"):
        return "Indent with spaces: YAML allows no tab in a line's indentation."
    if not after:
        return f"Remove the tab at the end of the line: {_TAB_NOT_READ}"
    if after.startswith("#"):
        return f"Replace the tab before the comment with a space: {_TAB_NOT_READ}"
    written = before.rstrip(" \t")
    if written.endswith(":") or written.lstrip(" \t") == "-":
        return f"Replace the tab after '{_short(written.lstrip(' '))}' with a space: {_TAB_NOT_READ}"
    return f"Replace the tab with spaces, or put the whole value in double quotes: {_TAB_NOT_READ}"


#: Why a tab outside the indentation is refused: the YAML 1.2 grammar separates with blanks
#: that include tabs, but the reader pmkit uses (as the libyaml family) takes them in few places.
_TAB_NOT_READ = "YAML 1.2 allows a tab there, but pmkit's YAML reader, like many others, does not."


_TOKEN_TUPLE = re.compile(r"\('(<[^'>]*>)',\)")


#: A key's block text whose header has an indentation indicator ("summary: |9"), on its own line.
_INDICATOR_HEADER = re.compile(r"(?P<indent>[ \t]*(?:-[ \t]+)*)(?P<key>[^\s#'\"][^:#]*?):[ \t]+"
                               r"(?P<head>[|>][-+]?(?P<digit>[1-9])[-+]?)[ \t]*(?:#.*)?")
#: An anchor at the end of the text before a mark ("&a " before "*a").
_ANCHOR_BEFORE = re.compile(r"&[^\s,\[\]{}]+[ \t]*\Z")


def _indicator_problem(text: str, index: int) -> tuple[str, str] | None:
    """What to say, and the hint, when the line at ``index`` ended a block text early because the
    header of that text, on the line above it, asks for more indentation by its indentation
    indicator ("summary: |9" above a line indented 2); None when it does not."""
    start = text.rfind("\n", 0, index) + 1
    lines = _LINE_BREAK.split(text[:start])[:-1]
    while lines and not lines[-1].strip(" \t"):
        lines.pop()  # (blank lines belong to the block text)
    header = _INDICATOR_HEADER.fullmatch(lines[-1]) if lines else None
    if header is None:
        return None
    line = text[start:index + 1]
    indent, asked = len(line) - len(line.lstrip(" ")), len(header["indent"]) + int(header["digit"])
    if not len(header["indent"]) < indent < asked:
        return None  # (at or left of the key's column the line is no part of the text, digit or not)
    key, head = _short(header["key"].strip()), header["head"]
    return (f"the text under '{key}: {head}' is indented {indent} spaces, not the {asked} its indentation "
            f"indicator '{header['digit']}' asks for, so this line is read as something after the text",
            f"The digit after '{head[0]}' counts the spaces the text's lines are indented more than "
            f"'{key}:': remove it ('{key}: {head.replace(header['digit'], '')}'), and YAML takes the "
            f"indentation from the text's first line; or indent each line {header['digit']} spaces more "
            f"than '{key}:'.")


def _document_start_hint(text: str, index: int, problem: str, offset: int = 0) -> str:
    """The hint for "expected '<document start>'" at ``index``, by its cause: a '%' directive
    before it without the '---' line after it, an alias right after an anchor ('&a *a'), an
    indented first key, or something after a value that stands alone (a quoted text, a list in
    brackets). ``offset``: the lines of the file before ``text`` (a Markdown file's '---')."""
    if re.search(r"^%", text[:index], re.MULTILINE):
        return ("A line that starts with '%' is a YAML directive (such as %YAML 1.2), which a '---' line "
                "must follow before the fields: add the '---' line, or remove the directive.")
    if "'<alias>'" in problem and (anchor := _ANCHOR_BEFORE.search(text, 0, index)) is not None:
        name = anchor.group().rstrip(" \t")
        return (f"The anchor '{name}' names the value written after it, and here an alias follows it, "
                f"which cannot be that value (nor refer to '{name}' before its value is complete): write the "
                f"value after '{name}', or remove the anchor and write the value the alias stands for.")
    error_line = len(_LINE_BREAK.split(text[:index]))
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        content = line.lstrip(" ")
        if not content.strip(" \t") or content.startswith("#"):
            continue
        if line != content and number < error_line:
            key = _short(content.split(":")[0].strip())
            return (f"Line {number + offset} is indented, and the lines below it are not: the top-level "
                    f"keys start at column 1; remove the spaces before '{key}'.")
        break
    return ("Something follows the document's value here: a postmortem is one mapping of top-level keys, "
            "each at column 1, and nothing may follow a value that stands alone (a quoted text, or a list "
            "or mapping in brackets).")


def syntax_advice(problem: str, context: str) -> tuple[bool, str]:
    """Whether a YAML syntax error is best shown at its context mark, and a hint for it."""
    for starts, context_starts, at_context, hint in _SYNTAX_ADVICE:
        if problem.startswith(starts) and context.startswith(context_starts):
            return at_context, hint
    return False, "Fix the YAML at this position; 'pmkit explain PM001' lists common causes."


#: The lines git writes around a conflicting hunk (``|||||||`` only with merge.conflictStyle
#: diff3), always at the start of a line: seven characters, then a space and a label or nothing.
_CONFLICT_OPEN = re.compile(r"^<{7}(?: [^\r\n]*)?(?=\r?$)", re.MULTILINE)
_CONFLICT_CLOSE = re.compile(r"^>{7}(?: [^\r\n]*)?(?=\r?$)", re.MULTILINE)


_RESOLVE_CONFLICT = ("Resolve the conflict: keep the right lines of each side, delete the marker lines "
                     "(<<<<<<<, =======, >>>>>>>), then 'git add' the file.")


def _merge_conflict(text: str, offset: int = 0) -> tuple[int, str] | None:
    """The line of the first unresolved merge conflict in a text that failed to parse (``offset``:
    lines of the file before ``text``), and what to say about it; None when there is none. The
    markers are what broke the YAML (git puts them at column 0, where no block goes on), and the
    parser's own words ("could not find expected ':'") would not say so."""
    opened = _CONFLICT_OPEN.search(text)
    if opened is None:
        return None
    closed = _CONFLICT_CLOSE.search(text, opened.end())
    if closed is None:
        return None
    line = text.count("\n", 0, opened.start()) + 1 + offset
    end = text.count("\n", 0, closed.start()) + 1 + offset
    return line, (f"unresolved merge conflict: git's conflict markers are still in the file "
                  f"({opened.group()!r} here, {closed.group()!r} at line {end})")


def _conflict_in_body(doc: Document) -> None:
    """Report git's conflict markers left in a Markdown postmortem's body, outside code: the
    front matter's YAML fails on them, and is reported so, but the body is no YAML, and a merge
    committed with both sides of a hunk in it passed the hook."""
    if "<<<<<<<" not in doc.body:
        return
    from pmkit.markdown import blank_comments_in_prose, code_ranges

    code = code_ranges(doc.body)
    uncommented = blank_comments_in_prose(doc.body)
    for opened in _CONFLICT_OPEN.finditer(doc.body):
        # An opening line inside code or an HTML comment is quoted (a postmortem may quote a
        # conflict); the rest of its hunk may be anywhere: a side that opens a fence ("```sh")
        # puts the closing marker inside code.
        if any(start <= opened.start() < end for start, end in code) \
                or not uncommented.startswith("<<<<<<<", opened.start()):
            continue
        if (conflict := _merge_conflict(doc.body[opened.start():], doc.body_line - 1
                                        + doc.body.count("\n", 0, opened.start()))) is not None:
            line, message = conflict
            doc.diagnostics.append(Diagnostic(
                doc.path, line, 1, "PM001", message, name="yaml-syntax", hint=_RESOLVE_CONFLICT))
        return


#: Characters that look like a colon but are none to YAML, by their names.
_COLON_LOOKALIKES = {"\uff1a": "a full-width colon", "\ufe55": "a small colon", "\ufe13": "a vertical colon",
                     "\u2236": "the ratio sign", "\ua789": "a modifier letter colon",
                     "\u02d0": "a triangular colon"}
#: One of them, and a key as it may be written before one ("title", "users affected").
_LOOKALIKE = re.compile("[\uff1a\ufe55\ufe13\u2236\ua789\u02d0]")
_KEY_WORD = re.compile(r"\w[\w .-]*")


def _lookalike_colon(text: str, line: int) -> tuple[int, int, str, str] | None:
    """The 0-based line and column of a colon look-alike after the key on 0-based ``line`` of ``text``
    ("title： x", as a CJK keyboard types it; at the line's start or after a list's dash, and
    before a blank or the line's end), what to say of it and the hint; None when the line has
    none. YAML reads such a key and its value as text, so its error ("could not find expected
    ':'") does not name the character. (Read without a pattern that backtracks over blanks.)"""
    lines = _LINE_BREAK.split(text, line + 1)
    found = _LOOKALIKE.search(lines[line]) if 0 <= line < len(lines) else None
    if found is None or lines[line][found.end():found.end() + 1] not in ("", " ", "\t"):
        return None
    key = lines[line][:found.start()].strip(" \t")
    if key[:1] == "-" and key[1:2] in (" ", "\t"):
        key = key[1:].lstrip(" \t")
    if not _KEY_WORD.fullmatch(key):
        return None
    colon = found.group()
    return (line, found.start(),
            f"the colon after '{_short(key)}' is '{colon}' (U+{ord(colon):04X}, {_COLON_LOOKALIKES[colon]}), "
            "which YAML does not read as one",
            f"Write the ASCII colon ':' after each key ('{_short(key)}: ...'); an input method for Chinese "
            "or Japanese types the full-width one.")


#: Blanks other than the space and the tab (a no-break space, U+3000...), which YAML reads as
#: text: after a key's colon or in the indentation, pasted from a web page or a word processor.
_UNUSUAL_BLANK = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INDENT_AND_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<key>\w[\w .-]*?):")


def _unusual_blank(text: str, line: int) -> tuple[int, int, str, str] | None:
    """The 0-based line and column of a blank that YAML does not read as one, right after the
    first key's colon on 0-based ``line`` of ``text`` or in the indentation of it or of the line
    before it (whose key then ended the mapping above); what to say of it and the hint."""
    lines = _LINE_BREAK.split(text, line + 1)
    if not 0 <= line < len(lines):
        return None
    found: re.Match[str] | None = None
    for number in (line, line - 1):
        written = lines[number] if number >= 0 else ""
        indent = len(written) - len(written.lstrip())
        # (before a key: a text's line may start with such a blank, which YAML keeps)
        if _INDENT_AND_KEY.match(written, indent) is not None:
            found = _UNUSUAL_BLANK.search(written, 0, indent)
        if found is not None:
            line, where = number, "in the indentation"
            break
    if found is None:
        written = lines[line]
        colon = written.find(":")
        key = _INDENT_AND_KEY.match(written, 0, colon + 1) if colon > 0 else None
        found = _UNUSUAL_BLANK.match(written, colon + 1) if key is not None else None
        if found is None or key is None:
            return None
        where = f"after '{_short(key.group('key'))}:'"
    return (line, found.start(),
            f"the blank {where} is {named_char(found.group())}, which YAML does not read as a space",
            "Replace it with a plain space (a web page or a word processor puts these in pasted text).")


#: A line separator (YAML 1.1's, not 1.2's) and after it what starts a line of a mapping: a key,
#: or a list item's '- ', so that the separator stood for a line break.
_SEPARATOR_THEN_LINE = re.compile("[\x85\u2028\u2029](?=[ \t]*(?:-[ \t]|[\\w\"'][\\w .\"'-]*:(?:[ \t]|$)))")


def _separator_break(text: str, line: int, restore: dict[int, str]) -> tuple[int, int, str, str] | None:
    """Where on 0-based ``line`` of ``text`` (with the parser's stand-ins, ``restore`` turns them
    back) a line separator stands for a line break, read as YAML 1.2 reads it: no break, so
    the key after it is part of a value ("mapping values are not allowed here")."""
    lines = _LINE_BREAK.split(text, line + 1)
    if not 0 <= line < len(lines):
        return None
    found = _SEPARATOR_THEN_LINE.search(lines[line].translate(restore))
    if found is None:
        return None
    char = found.group()
    return (line, found.start(), f"{SEPARATORS[char]} stands where a line break seems meant; it is none, "
            "so what follows it is read as part of this line", separator_advice(char))


#: A line separator in a comment and after it what starts a line of YAML: a key of one word and
#: its colon, or a list item's '- ' (where the comment's prose goes on, "# see below: it", a
#: key of several words, is no line of YAML). YAML 1.2 ends no comment there, so the key or the
#: item is part of the comment, and the field goes missing without a word.
_SEPARATOR_THEN_CONTENT = re.compile("[\x85\u2028\u2029](?=[ \t]*(?:-[ \t]+[^ \t\r\n\x85\u2028\u2029]"
                                     "|[\\w\"'][\\w.\"'-]*:(?:[ \t\r\n\x85\u2028\u2029]|\\Z)))")
#: What a message quotes after it: the rest of the line the author saw, up to the next break.
_SEEN_LINE = re.compile("[^\r\n\x85\u2028\u2029]*")


def _scalar_spans(root: Any) -> list[tuple[int, int]]:
    """Where each scalar of the node graph under ``root`` starts and ends in the text (indices):
    a '#' inside one starts no comment."""
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, AliasUse) or id(node) in seen:  # (an alias's node is where its anchor is)
            continue
        seen.add(id(node))
        if isinstance(node.value, list):
            for item in node.value:
                stack.extend(item if isinstance(item, tuple) else (item,))
        else:
            spans.append((node.start_mark.index, node.end_mark.index))
    return spans


def _in_comment(text: str, index: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``index`` of ``text`` is in a comment: after a '#' on its line that starts the
    line or follows a blank and is inside no scalar. ``spans``: the scalars' (start, end), which
    do not overlap, sorted; ``starts``: their starts. Each look is a search (every character of
    the line against every scalar made a long title of separators take seconds a kilobyte)."""

    def in_scalar(at: int) -> bool:
        found = bisect.bisect_right(starts, at) - 1
        return found >= 0 and at < spans[found][1]

    if in_scalar(index):  # (no comment inside a text)
        return False
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    hash_at = text.find("#", line_start, index)
    while hash_at >= 0:
        if (hash_at == line_start or text[hash_at - 1] in " \t") and not in_scalar(hash_at):
            return True
        hash_at = text.find("#", hash_at + 1, index)
    return False


def _mark_pos(mark: Any, offset: int) -> tuple[int, int]:
    return mark.line + 1 + offset, mark.column + 1


def _is_flow(node: Any) -> bool:
    """Whether a list or mapping of either composer is written in flow style ([a, b], {a: b})."""
    return bool(getattr(node, "flow", False) or getattr(node, "flow_style", False))


def _left_empty(node: Any) -> bool:
    """Whether ``node`` is a value left out ("event:" and nothing after it), which has no text."""
    return (node.id == "scalar" and not isinstance(node, AliasUse) and node.style is None
            and node.start_mark.index == node.end_mark.index)


class _Builder:
    """Turns a composed ruamel node graph into plain data, recording spans as it goes."""

    def __init__(self, doc: Document, line_offset: int) -> None:
        self.doc = doc
        self.offset = line_offset
        self.count = 0
        self.active: set[int] = set()
        self.reported: set[int] = set()
        self.yaml_text = ""
        self.restore: dict[int, str] = {}
        self.yaml11 = False  # the document says "%YAML 1.1"

    def compose(self, text: str) -> Any:
        from pmkit import libyaml

        text, self.restore = _stand_ins(text)
        self.yaml_text = text
        self.yaml11 = text[:1] in ("%", "#", "\n", "\r", " ", "\t") and _YAML11.match(text) is not None
        reported = len(self.doc.diagnostics)
        try:
            # libyaml builds the same graph about 20 times faster; it declines anything unusual,
            # which the pure-Python composer below then reads (and reports on) as it always has.
            node = libyaml.compose(text, MAX_DEPTH, MAX_NODES) or self._compose_pure(text)
        except libyaml.Limit as exc:
            # Stopped where the limit was crossed: the YAML scanner slows down sharply on deep
            # flow nesting, and a huge graph costs memory before any rule could run.
            line, col = _mark_pos(exc.mark, self.offset)
            self._add("PM008", "resource-limit", f"document is too large to check: {exc.why}", line, col,
                      hint="A postmortem has a few levels of nesting and some thousands of values at "
                           "most; move raw data (logs, exports) out of the file and link to it.")
            return None
        if self.restore and len(self.doc.diagnostics) == reported:  # (read without an error)
            self._separator_in_comment(node)
        return node

    def _separator_in_comment(self, root: Any) -> None:
        """Report the first line separator in a comment that stands where a line break seems
        meant ("# times are local\u2028timezone: Europe/Berlin"): the document reads, but the
        key after it is part of the comment, and the finding about the field it lacks ("no
        timezone", "'lang' is missing") sent the author to a line that has it."""
        text = self.yaml_text.translate(self.restore)
        spans: list[tuple[int, int]] | None = None
        starts: list[int] = []
        for found in _SEPARATOR_THEN_CONTENT.finditer(text):
            if spans is None:
                spans = sorted(_scalar_spans(root))
                starts = [start for start, _ in spans]
            if not _in_comment(text, found.start(), spans, starts):
                continue
            char = found.group()
            after = _SEEN_LINE.match(text, found.end())
            seen = after.group().strip() if after is not None else ""
            lines = _LINE_BREAK.split(text[:found.start()])
            self._add("PM001", "yaml-syntax",
                      f"{SEPARATORS[char]} in a comment stands where a line break seems meant; it is none, "
                      f"so '{quoted_line(seen)}{'…' if len(seen) > 40 else ''}' after it is read as part "
                      "of the comment", len(lines) + self.offset, len(lines[-1]) + 1,
                      hint=separator_advice(char))
            return

    def _compose_pure(self, text: str) -> Any:
        from ruamel.yaml import YAML
        from ruamel.yaml.composer import MaxDepthExceededError
        from ruamel.yaml.error import MarkedYAMLError, YAMLError
        from ruamel.yaml.reader import ReaderError

        from pmkit.libyaml import Limit

        # The pure-Python safe composer keeps every node's marks; the round-trip one would also
        # gather comments (a third slower), which we read from the text ourselves.
        yaml = YAML(typ="safe", pure=True)
        yaml.max_depth = MAX_DEPTH  # stops at the same node as libyaml.compose
        yaml.Composer = _counting_composer()
        try:
            with warnings.catch_warnings():
                # An anchor defined twice is valid YAML (the later one counts); ruamel.yaml's
                # warning about it would print its own source path on the user's terminal.
                warnings.simplefilter("ignore")
                return yaml.compose(text)
        except MaxDepthExceededError as exc:
            raise Limit(exc.problem_mark, f"nested deeper than {MAX_DEPTH} levels") from None
        except MarkedYAMLError as exc:
            if (conflict := _merge_conflict(text, self.offset)) is not None:
                line, message = conflict
                self._add("PM001", "yaml-syntax", message, line, 1, hint=_RESOLVE_CONFLICT)
                return None
            if (long_key := _long_key(text, exc)) is not None:
                line, col, length = long_key
                self._add("PM001", "yaml-syntax",
                          f"YAML syntax error: this key is {length:,} characters long; YAML reads a key "
                          f"of at most {_KEY_LIMIT:,} characters unless '? ' comes before it",
                          line + self.offset, col,
                          hint="A key names a field ('event', 'title'): if this is text, write it after "
                               "its key. A key this long takes a line '? key' with ': value' below it.")
                return None
            mark = exc.context_mark or exc.problem_mark
            if (str(exc.problem).startswith(("could not find expected ':'", "mapping values are not allowed"))
                    and mark is not None
                    and (misread := _lookalike_colon(text, mark.line) or _unusual_blank(text, mark.line)
                         or _separator_break(text, mark.line, self.restore))):
                self._add("PM001", "yaml-syntax", f"YAML syntax error: {misread[2]}",
                          misread[0] + 1 + self.offset, misread[1] + 1, hint=misread[3])
                return None
            if str(exc.problem).startswith("found incompatible YAML document"):  # "%YAML 2.0"
                offset, problem = _unmarked_problem(text)  # said as for "%YAML 1.3", at the number
                lines = _LINE_BREAK.split(text[:offset])
                self._add("PM001", "yaml-syntax", f"YAML error: {problem}", len(lines) + self.offset,
                          len(lines[-1]) + 1, hint=_VERSION_HINT)
                return None
            problem = exc.problem or exc.context or "invalid YAML"
            # ruamel.yaml names some tokens by a tuple's repr: "but found ('<scalar>',)".
            problem = _TOKEN_TUPLE.sub(r"'\1'", problem)
            if problem.startswith("but found another document"):
                problem = "a second YAML document starts here"
            at_context, hint = syntax_advice(problem, exc.context or "")
            stop = exc.problem_mark
            if stop is not None and stop.index >= len(text):
                # The parser's end-of-input marker, quoted as if a character of the file.
                end = "the end of the file" if self.doc.kind == "yaml" else "the end of the front matter"
                for marker in ("found '\\x00'", "found '\\0'"):
                    problem = problem.replace(marker, f"found {end}")
            if problem.startswith("expected '<document start>'") and stop is not None:
                hint = _document_start_hint(text, stop.index, problem, self.offset)
            if problem.startswith("expected <block end>, but found") and stop is not None \
                    and (indicator := _indicator_problem(text, stop.index)) is not None:
                problem, hint = indicator
                exc.context = None  # (its "while parsing a block mapping" is the parser's, not the cause)
            markdown_body = (problem.startswith("a second YAML document") and self.doc.kind == "yaml"
                             and _markdown_postmortem(text))
            if markdown_body:
                # Front matter and "## Summary" sections: a Markdown postmortem in a file named as
                # YAML, where "remove the marker" would throw its body away.
                problem = ("the second '---' line starts a second YAML document: this is a Markdown "
                           "postmortem (front matter and '#' sections) in a file read as YAML")
                path = self.doc.path
                rename = _read_as(path, markdown=True) or f"Name the file '{renamed(path, '.md')}'"
                hint = (f"{rename}: pmkit reads the fields between the '---' lines and the narrative from "
                        "the sections of a Markdown file.")
            elif (problem.startswith("a second YAML document") and self.doc.kind == "yaml"
                  and _read_as(self.doc.path, markdown=True) is not None
                  and (parts := split_front_matter(text)) is not None and parts[0].strip()
                  and parts[2].strip()):
                # A text without a name, front matter then a body with no heading pmkit knows
                # ("# What broke"): a Markdown postmortem as likely as two YAML documents, where
                # "remove the marker" alone threw its body away.
                hint += (" If it is a Markdown postmortem (front matter, then its text), pass "
                         "markdown=True to pmkit.loads, or give pmkit.check_text a name ending in '.md'.")
            if problem.startswith("found character '\\t'") and exc.problem_mark is not None:
                hint = _tab_hint(text, exc.problem_mark.index)
            mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
            line, col = _mark_pos(mark, self.offset) if mark is not None else (1 + self.offset, 1)
            if mark is not None and mark.index >= len(text) and text.endswith(("\n", "\r")):
                # The end of the stream ("[" never closed), after the last line break: on a line
                # the file does not have. Said where the text ends instead, as without that break.
                lines = _LINE_BREAK.split(text[:-2] if text.endswith("\r\n") else text[:-1])
                line, col = len(lines) + self.offset, len(lines[-1]) + 1
            context = f" ({exc.context})" if exc.context and exc.problem and not markdown_body else ""
            self._add("PM001", "yaml-syntax", f"YAML syntax error: {problem}{context}", line, col, hint=hint)
        except RecursionError:
            self._add("PM008", "resource-limit", "YAML is nested too deeply to read", 1 + self.offset, 1)
        except ReaderError as exc:  # a control character YAML does not allow
            lines = _LINE_BREAK.split(text[: exc.position])
            line, col = len(lines) + self.offset, len(lines[-1]) + 1
            char = _codepoint(exc.character)
            meant = _legacy_character(bytes([char]), 0) if 0x80 <= char <= 0x9F else ""
            self._add("PM001", "yaml-syntax", f"YAML does not allow the control character U+{char:04X} here"
                      + (f": it is what {meant} of Windows-1252 becomes when the text is read as Latin-1"
                         if meant else ""),
                      line, col, hint=(f"Write {meant} in its place (text copied through a tool that read "
                                       "Windows-1252 as Latin-1 may hold more such characters)." if meant
                                       else "Remove it, or write it as an escape (\\u...) in double quotes."))
        except YAMLError as exc:  # anything else the parser rejects, without a mark
            self._add("PM001", "yaml-syntax", f"YAML error: {exc}", 1 + self.offset, 1)
        except (AssertionError, ValueError, OverflowError):  # ruamel.yaml's checks without a mark
            offset, problem = _unmarked_problem(text)
            lines = _LINE_BREAK.split(text[:offset])
            self._add("PM001", "yaml-syntax", f"YAML error: {problem}", len(lines) + self.offset,
                      len(lines[-1]) + 1, hint=_VERSION_HINT if problem.startswith("YAML version")
                      else _ESCAPE_HINT if problem.startswith("the escape")
                      else "Fix the YAML at this position.")
        return None

    def _anchor_at(self, span: Span) -> str:
        """The anchor written where ``span`` starts ('&a' of '&a [*a]'), else '&name'."""
        from pmkit.textmap import text_offset

        start = text_offset(self.doc.text, span.line, span.col)
        found = re.match(r"&[^\s,\[\]{}]+", self.doc.text[start:start + 200])
        return _short(found.group()) if found is not None else "&name"

    def _add(self, code: str, name: str, message: str, line: int, col: int, hint: str = "",
             end: tuple[int, int] | None = None) -> None:
        """A finding at ``line``, ``col``; ``end``: where the words it is about end (a duplicate
        key, a tag), else it marks the place alone (where the parser stopped)."""
        for stand_in, original in self.restore.items():
            # The parsers quote the character they stopped at: the file's, not its stand-in.
            message = message.replace(chr(stand_in), original).replace(
                repr(chr(stand_in))[1:-1], repr(original)[1:-1])
        end_line, end_col = end or (line, col)
        self.doc.diagnostics.append(
            Diagnostic(self.doc.path, line, col, code, message, name=name, hint=hint,
                       end_line=end_line, end_col=end_col)
        )

    def _add_at(self, code: str, name: str, message: str, span: Span, hint: str = "") -> None:
        """A finding about the text of ``span`` (a key, a tag, an escape), from its start to its end."""
        self._add(code, name, message, span.line, span.col, hint=hint, end=(span.end_line, span.end_col))

    def _index_span(self, mark: Any, start: int, end: int) -> Span:
        """The span of ``yaml_text[start:end]``, which lies after the start of the line of
        ``mark`` (a node's start)."""
        line_start = mark.index - mark.column
        points = []
        for index in (start, end):
            before = _LINE_BREAK.split(self.yaml_text[line_start:index])
            points.append((mark.line + len(before) + self.offset, len(before[-1]) + 1))
        (first_line, first_col), (last_line, last_col) = points
        return Span(first_line, first_col, last_line, last_col)

    def _tag_span(self, node: Any) -> Span:
        """Where the tag of ``node`` is written: a node written with an anchor starts at the
        anchor, before or after its tag ("&a !x", "!x &a"). The node's start when the tag is
        not found there."""
        start = node.start_mark.index
        written = _WRITTEN_TAG.match(self.yaml_text, start) or _TAG_BEFORE.search(
            self.yaml_text, start - node.start_mark.column, start)
        if written is None:
            span = self._span(node)
            return Span(span.line, span.col, span.line, span.col)
        return self._index_span(node.start_mark, written.start("tag"), written.end("tag"))

    def _escape_span(self, node: Any, code: int) -> Span:
        """Where the escape of the lone surrogate ``code`` is written in the double-quoted scalar
        ``node`` (a pair of escapes is one character, and ``\\\\u...`` a backslash and letters):
        the scalar's start when it is not found."""
        start, end = node.start_mark.index, node.end_mark.index
        for escape in DQ_ESCAPE.finditer(self.yaml_text, start, end):
            if len(escape.group()) in (6, 10) and int(escape.group()[2:], 16) == code:
                return self._index_span(node.start_mark, escape.start(), escape.end())
        span = self._span(node)
        return Span(span.line, span.col, span.line, span.col)

    def _span(self, node: Any, *, whole: bool = False) -> Span:
        """Where ``node`` is written. A block list or mapping ends where its last value ends:
        the parsers end it at the next token (the next item's '-', the next key), past the blank
        lines and comments in between, so a finding about one timeline entry took in the start
        of the next. ``whole``: as the parsers end it (the document itself, up to its end)."""
        line, col = _mark_pos(node.start_mark, self.offset)
        if not whole and node.id != "scalar" and not isinstance(node, AliasUse) and not _is_flow(node):
            end_line, end_col = self._content_end(node)
        else:
            end_line, end_col = _mark_pos(node.end_mark, self.offset)
        if whole and self.offset and end_col == 1 and end_line > line:
            end_line, end_col = self._front_matter_end(node.end_mark.index, end_line)
        return Span(line, col, end_line, end_col)

    def _front_matter_end(self, index: int, end_line: int) -> tuple[int, int]:
        """The end of a Markdown front matter ending at ``index``, column 1 of its closing
        '---' line: the end of the line before (its length + 1), as a YAML file's ends on its
        last line (docs/output.md). JSON said "end_line 8, end_col 1", the annotation line 7."""
        written = _LINE_BREAK.split(self.yaml_text[:index])
        if len(written) < 2:
            return end_line, 1
        return end_line - 1, len(written[-2]) + 1

    def _content_end(self, node: Any) -> tuple[int, int]:
        """Where the text of ``node`` ends (line and column, as :func:`_mark_pos` gives them):
        just past its last value, recursively for a block list or mapping; for a block scalar,
        just past its last line of text (its end mark is on the next line, past blank ones)."""
        if isinstance(node, AliasUse) or (node.id != "scalar" and _is_flow(node)):
            return _mark_pos(node.end_mark, self.offset)
        if node.id == "sequence" and node.value:
            return self._content_end(node.value[-1])
        if node.id == "mapping" and node.value:
            key_node, value_node = node.value[-1]
            if not _left_empty(value_node):
                return self._content_end(value_node)
            # Nothing after the key ("event:"): the parsers place the empty value at the next
            # token. The mapping ends after the key's colon (as _empty_value places the value).
            after = key_node.end_mark.index
            colon = self.yaml_text.find(":", after, value_node.start_mark.index)
            if colon < 0 or self.yaml_text[after:colon].strip(" \t"):
                return self._content_end(key_node)  # an explicit key ("? key") and no ':'
            span = self._index_span(key_node.end_mark, colon + 1, colon + 1)
            return span.line, span.col
        if node.id == "scalar" and node.style in ("|", ">"):
            start = node.start_mark.index
            end = start + len(self.yaml_text[start:node.end_mark.index].rstrip(" \t\r\n"))
            span = self._index_span(node.start_mark, end, end)
            return span.line, span.col
        return _mark_pos(node.end_mark, self.offset)

    def build(self, node: Any, path: FieldPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            span = self._span(node)
            why = (
                f"more than {MAX_NODES:,} values after expanding aliases (an alias bomb?)"
                if self.count > MAX_NODES
                else f"nested deeper than {MAX_DEPTH} levels"
            )
            raise _TooBig(
                Diagnostic(self.doc.path, span.line, span.col, "PM008",
                           f"document is too large to check: {why}", name="resource-limit",
                           hint="Postmortems do not need YAML anchors; write the values out.")
            )
        # (one Span per node: frozen, so the scalar's record shares it; the document's runs to
        # its end, a finding about the whole of it covers every line)
        span = self._span(node, whole=not path)
        self.doc.value_spans.setdefault(path, span)
        if isinstance(node, AliasUse):
            # The value is placed at the alias ("owner: *lead"), where the author wrote it; what
            # is inside it (a phrase of a text, a list's items), where that is written.
            anchor, node = node.anchor, node.target
            span = self._span(node)
            self.doc.aliases.setdefault(path, (anchor, span.line))
        if str(node.tag) not in _READ_TAGS:
            self._unread_tag(node)
        elif node.id != "scalar" and str(node.tag) != f"{_CORE_TAG}{_COLLECTIONS[node.id]}":
            self._unfit_tag(node, _KINDS[_COLLECTIONS[node.id]])  # ("tags: !!map" over a list)
        if node.id == "scalar":  # nodes of either composer: ruamel.yaml's or pmkit.libyaml's
            return self._scalar(node, path, span)
        if id(node) in self.active:
            span = self._span(node)
            raise _TooBig(
                Diagnostic(self.doc.path, span.line, span.col, "PM008",
                           "recursive YAML alias: a value contains itself", name="resource-limit",
                           hint=_RECURSIVE_HINT.format(anchor=self._anchor_at(span)))
            )
        self.active.add(id(node))
        try:
            if node.id == "sequence":
                return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
            if node.id == "mapping":
                return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))
        return None

    def _mapping(self, node: Any, path: FieldPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node, via in self._pairs(node):
            if str(key_node.tag) not in _READ_TAGS:  # ("!Ref summary: x" read as 'summary')
                self._unread_tag(key_node)
            key = self._key(key_node)
            child: FieldPath = (*path, key)
            if key in out:
                first = self.doc.key_spans.get(child)
                where = f" (first defined on line {first.line})" if first else ""
                self._add_at("PM002", "duplicate-key",
                             f"duplicate key '{key}'{where}; the first value is kept", self._span(key_node),
                             hint="Remove one of the two entries.")
                continue
            if via is not None:
                # Brought in by a merge of an alias ("<<: *base"): placed at the alias, where the
                # author used it, and said to stand for the anchored value, as a value written
                # as an alias is; the text inside it is still placed where it is written.
                self.doc.key_spans[child] = self.doc.value_spans[child] = self._span(via)
                self.doc.aliases.setdefault(child, (via.anchor, self._span(via.target).line))
            else:
                self.doc.key_spans[child] = key_span = self._span(key_node)
                if value_node.id == "scalar" and value_node.value == "" and value_node.style is None:
                    self._empty_value(key_node, value_node, key_span, child)
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _empty_value(self, key_node: Any, value_node: Any, key_span: Span, path: FieldPath) -> None:
        """Place a value left empty ("title:" at the end of its line) after its colon. The
        parsers start it where the next token is, the next key's line: "'title' must be text,
        not nothing" pointed at the line below, or further down past blank lines."""
        if value_node.start_mark.line <= key_node.end_mark.line:
            return
        colon = self.yaml_text.find(":", key_node.end_mark.index, value_node.start_mark.index)
        if colon < 0 or self.yaml_text[key_node.end_mark.index:colon].strip(" \t"):
            return  # an explicit key ("? key" with ":" on a line below): left where it is
        col = key_span.end_col + colon - key_node.end_mark.index + 1
        self.doc.value_spans.setdefault(path, Span(key_span.end_line, col, key_span.end_line, col))

    def _pairs(self, node: Any,
               within: frozenset[int] = frozenset()) -> Iterator[tuple[Any, Any, AliasUse | None]]:
        """Mapping pairs with YAML merge keys (``<<: *base``) expanded, explicit keys winning;
        each with the alias it was merged through, if any. A merged mapping's own merge keys are
        expanded too ("&mid {<<: *base, ...}"), once each (``within``: the mappings being
        expanded, for one that merges itself)."""
        merged: list[tuple[Any, Any, AliasUse | None]] = []
        own: list[tuple[Any, Any, AliasUse | None]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if value_node.id == "sequence" else [value_node]
                within = within | {id(getattr(node, "target", node))}
                merged.extend((key, value, src if isinstance(src, AliasUse) else via)
                              for src in sources
                              if src.id == "mapping" and id(getattr(src, "target", src)) not in within
                              for key, value, via in self._pairs(src, within))
                other = next((src for src in sources if src.id != "mapping"), None)
                if other is not None and id(key_node) not in self.reported:  # (once per alias use)
                    self.reported.add(id(key_node))
                    # YAML's constructors refuse it; dropping it unsaid lost the author's text.
                    # Said at the '<<' itself: an alias's node is where its anchor is.
                    kind = "a list" if other.id == "sequence" else f"the value '{_short(str(other.value))}'"
                    self._add_at("PM001", "yaml-syntax",
                                 f"the merge key '<<' takes a mapping or a list of mappings, not {kind}; "
                                 "nothing is merged from it", self._span(key_node),
                                 hint="Merge a mapping's anchor ('<<: *defaults', with "
                                      "'defaults: &defaults {...}'), or write the fields out.")
            else:
                own.append((key_node, value_node, None))
        if not merged:  # (as good as every mapping: no need to read its keys twice)
            yield from own
            return
        own_keys = {self._key(k) for k, _, _ in own}
        seen: set[str] = set()
        for key_node, value_node, via in merged:
            key = self._key(key_node)
            if key not in own_keys and key not in seen:
                seen.add(key)
                yield key_node, value_node, via
        yield from own

    def _key(self, node: Any) -> str:
        value = node.value
        if isinstance(value, str):
            return self._characters(node, value)
        # A list or mapping as a key ("? [a, b]"): named by its text as written.
        written = self.yaml_text[node.start_mark.index: node.end_mark.index]
        return self._characters(node, " ".join(written.split())[:60] or str(type(value).__name__))

    def _characters(self, node: Any, value: str) -> str:
        """``value`` with lone surrogates (from escapes like ``"\\ud800"``, which name no
        character and cannot be written out as UTF-8) replaced by U+FFFD, said once per node;
        a high and low surrogate in a row become the character they encode."""
        if self.restore:
            value = value.translate(self.restore)
        if not _SURROGATE.search(value):
            return value
        # A pair written as two escapes (JSON's habit: "\\ud83d\\ude00") means its character.
        value = _SURROGATE_PAIR.sub(_pair, value)
        if not _SURROGATE.search(value):
            return value
        if id(node) not in self.reported:
            self.reported.add(id(node))
            first = _SURROGATE.search(value)
            code = ord(first.group()) if first else 0xD800
            self._add_at("PM001", "yaml-syntax",
                         f"the escape \\u{code:04x} is half of a UTF-16 surrogate pair, not a character",
                         self._escape_span(node, code),
                         hint="Write the character itself, or escape its code point "
                              "(e.g. \\U0001F600 for 😀).")
        return _SURROGATE.sub("\ufffd", value)

    def _unread_tag(self, node: Any) -> None:
        """Report a tag that pmkit does not honour (once per node, which aliases share): its value
        is taken as written, which is not what the tag asked for."""
        if id(node) in self.reported:
            return
        self.reported.add(id(node))
        tag = str(node.tag)
        name = tag[len(_CORE_TAG):]
        written = (f"!!{name}" if tag.startswith(_CORE_TAG) else tag if tag.startswith("!")
                   else f"!<{tag}>")
        what, hint = _UNREAD_TAGS.get(name if tag.startswith(_CORE_TAG) else "", _OTHER_TAG)
        if name.startswith("python/") and tag.startswith(_CORE_TAG):
            what, hint = _PYTHON_TAG
        self._add_at("PM001", "yaml-syntax", f"the YAML tag '{_short(written)}' ({what}) is not one pmkit "
                     "reads: the value is taken as written", self._tag_span(node), hint=hint)

    def _unfit_tag(self, node: Any, value: str) -> None:
        """Report a core tag that ``value`` (as written, or the kind of collection) is not of
        ("!!int Test outage", "!!map" over a list), once per node: its value is taken as written."""
        if id(node) in self.reported:
            return
        self.reported.add(id(node))
        name = str(node.tag)[len(_CORE_TAG):]
        self._add_at("PM001", "yaml-syntax", f"the YAML tag '!!{name}' does not fit its value ({value} is "
                     f"not {_KINDS.get(name, name)}): the value is taken as written", self._tag_span(node),
                     hint="Remove the tag: YAML reads a value's type from how it is written (text, a "
                          "number, true or false, a list or a mapping).")

    def _tag_written(self, node: Any) -> bool:
        """Whether the tag of ``node`` is written in the file, not resolved from its plain text."""
        start = node.start_mark.index
        return bool(_WRITTEN_TAG.match(self.yaml_text, start) or _TAG_BEFORE.search(
            self.yaml_text, start - node.start_mark.column, start))

    def _scalar(self, node: Any, path: FieldPath, span: Span) -> Any:
        tag = str(node.tag)
        value: str = self._characters(node, node.value)
        if node.style == ">" and "\a" in value:
            # ruamel's scanner marks each fold point of a folded scalar with "\a" (for
            # round-trip dumping); it is not part of the value.
            value = value.replace("\a", "")
        kind = tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else ""
        if kind in _COLLECTIONS.values():  # ("title: !!seq x")
            self._unfit_tag(node, f"'{_short(shown(value))}'")
        # A quoted value is text, unless a tag says otherwise: "!!int '3'" is the number 3 in YAML.
        if kind == "str" or (node.style is not None and kind not in _SCALAR_TAGS):
            self.doc.scalars[path] = ScalarInfo(node.style, span)
            return value
        if kind == "null":
            if value.lower() in ("", "~", "null"):
                return None
        elif kind == "bool":
            # Plain true/false resolve here; an explicit "!!bool yes" means what YAML's
            # constructors make of it.
            known = _BOOLEANS.get(value.lower())
            if known is not None:
                return known
        elif kind == "int":
            number = _integer11(value) if self.yaml11 else _integer(value)
            if number is not None:
                return number
        elif kind == "float":
            low = value.lower().replace("_", "")
            if low in (".inf", "+.inf"):
                return float("inf")
            if low == "-.inf":
                return float("-inf")
            if low == ".nan":
                return float("nan")
            if self.yaml11 and ":" in low:  # "190:20:30.15", base 60
                sexagesimal = _base60(low, float)
                if sexagesimal is not None:
                    return sexagesimal
            else:
                try:
                    return float(low)
                except ValueError:
                    pass  # "!!float many": said below
        # Timestamps, and a value its explicit tag does not fit ("!!bool maybe"), stay as written:
        # the model parses the one and reports the other where a field wants the tag's type. A tag
        # that does not fit is said: "!!null false" was the text 'false' without a word why.
        # (Only a tag written in the file: YAML 1.2 resolves "+_" to an int that is no number.)
        if kind in _SCALAR_TAGS and self._tag_written(node):
            self._unfit_tag(node, f"'{_short(shown(value))}'")
        self.doc.scalars[path] = ScalarInfo(node.style, span)
        return value
