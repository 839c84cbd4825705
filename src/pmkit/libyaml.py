"""Compose YAML with libyaml, through PyYAML's C binding, when it is installed.

The pure-Python parser costs about 15-25 ms for a 300-line postmortem; libyaml reads the same
file in about 1 ms, which decides how long a check of a whole repository takes. The graph built
here is the one ruamel.yaml's safe composer builds for YAML 1.2: the same tags (resolved by the
YAML 1.2 rules below, ported from ruamel.yaml), values, scalar styles and start/end marks.

Only documents both parsers read the same way take this path. Anything unusual (a syntax error,
a ``%YAML`` or ``%TAG`` directive, a second document, an undefined alias, an anchor defined
twice, a tab outside a quoted or block scalar's text, unusual tags, a block scalar at the top
level, a ``:`` right before a value in a flow collection, nesting deeper than the loader builds,
or no libyaml at all) returns ``None``,
and the loader composes with ruamel, which then reports exactly what it always did. The tests
compare both graphs node by node on every fixture and on generated documents.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from functools import cache
from typing import Any

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# ruamel.yaml's implicit resolvers for YAML 1.2, in its order: the first that matches wins.
_IMPLICIT_1_2: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:float",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:null", r"^(?: ~ |null|Null|NULL | )$", "~nN"),
    (
        "tag:yaml.org,2002:timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),
]
_NULL = "tag:yaml.org,2002:null"


@cache
def _resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Implicit resolvers by the first character of the value, as ruamel.yaml indexes them."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _IMPLICIT_1_2:
        compiled = re.compile(pattern, re.X)
        for char in first:
            table.setdefault(char, []).append((tag, compiled))
    return table


def resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag YAML 1.2 gives an untagged scalar: by its text if plain, else a string."""
    if implicit[0]:
        if value == "":
            return _NULL
        for tag, pattern in _resolvers().get(value[0], ()):
            if pattern.match(value):
                return tag
    return _STR


class Node:
    """One node of the graph: ``id`` is "scalar", "sequence" or "mapping", as in ruamel.yaml.

    A sequence's value is a list of nodes, a mapping's a list of (key, value) node pairs.
    Marks are libyaml's: 0-based ``line`` and ``column``, ``index`` in characters.
    """

    __slots__ = ("end_mark", "flow", "id", "start_mark", "style", "tag", "value")

    def __init__(self, kind: str, tag: str, value: Any, start_mark: Any, style: str | None = None) -> None:
        self.id = kind
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = start_mark
        self.style = style
        self.flow = False  # a collection written in flow style ([a, b] or {a: b})


class AliasUse:
    """An alias written as a value (``owner: *lead``): the anchored node, placed where the alias
    is written. Either composer's node may stand behind it; everything but its marks is the
    anchored node's, so that findings about the value point at the alias, where the author
    wrote it, while the text inside it is still placed where it is written, at the anchor."""

    __slots__ = ("anchor", "end_mark", "start_mark", "target")

    def __init__(self, target: Any, anchor: str, start_mark: Any, end_mark: Any) -> None:
        self.target = target
        self.anchor = anchor
        self.start_mark = start_mark
        self.end_mark = end_mark

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


@cache
def _binding() -> Any:
    """PyYAML's C module and event classes, or None where PyYAML was built without libyaml."""
    try:
        return importlib.import_module("yaml._yaml"), importlib.import_module("yaml.events")
    except ImportError:
        return None


class _Unusual(Exception):
    """The document needs the pure-Python composer's judgement."""


class Limit(Exception):
    """The document is nested too deeply, or has too many values, to check: composing stops at
    the node that crossed the limit (``mark``), before the rest of the file is read."""

    def __init__(self, mark: Any, why: str) -> None:
        super().__init__(why)
        self.mark = mark
        self.why = why


# The YAML 1.1 line breaks NEL, LS and PS (which libyaml counts as new lines and ruamel.yaml
# does not) and a byte order mark inside the text (which libyaml skips in its columns).
_DECLINED = re.compile("[\x85\u2028\u2029\ufeff]")
# Tabs: ruamel.yaml refuses them in places where libyaml takes them (in indentation, in and
# around plain scalars, after a block scalar's header), but inside a quoted scalar or among a
# block scalar's lines both read them alike. Pasted logs and stack traces put them there, so
# those documents keep the fast path; a tab anywhere else sends the document to ruamel.yaml.
_TAB = re.compile("\t")
_QUOTED = frozenset({'"', "'"})
_BLOCK = frozenset({"|", ">"})
# What may stand between a block scalar's start and its ``|`` or ``>``: a tag, an anchor,
# spaces, line breaks and comments.
_PROPERTIES = re.compile(r"(?:[!&][^ \t\r\n]*|[ \t\r\n]+|(?<=[ \t\r\n])#[^\r\n]*)*")
_NEXT_LINE_BREAK = re.compile(r"[\r\n]")
# Tags but the usual forms (``!!str``, ``!name``, ``!``, ``!<tag:yaml.org,2002:str>``), where
# the two parsers take different characters into a tag or resolve it differently; and a block
# scalar header with a comment right after the indicators (``|#``), which ruamel.yaml refuses.
# Either may be plain text as well, which then merely takes the slower path.
# (Each starts with the character it looks for, which keeps the search fast.)
_UNUSUAL_TAG = re.compile(
    r"!(?<![^ \r\n\[\]{},]!)(?!(?:!?[A-Za-z0-9_-]*|<[A-Za-z0-9_:,./!-]+>)(?:[ \r\n]|$))"
)
_HEADER_COMMENT = re.compile(r"[|>](?<![^ \r\n][|>])[-+0-9]*#")


def compose(text: str, max_depth: int, max_nodes: int) -> Node | None:
    """The node graph of a single-document YAML ``text``, or None to compose it the slow way;
    :class:`Limit` when it nests deeper than ``max_depth`` or has more than ``max_nodes`` nodes."""
    binding = _binding()
    if binding is None or _DECLINED.search(text) or _UNUSUAL_TAG.search(text):
        return None
    if _HEADER_COMMENT.search(text) or _deeper_after_blank_first_line(text):
        return None
    module, events = binding
    try:
        composer = _Composer(module.CParser(text), events, text, max_depth, max_nodes)
        root = composer.document()
        return root if composer.tabs_in_scalar_text() else None
    except Limit:
        raise
    except Exception:  # a syntax error or anything unusual: the pure-Python composer reports it
        return None


def _deeper_after_blank_first_line(text: str) -> bool:
    """Whether a block scalar may start as ruamel.yaml refuses (see ``_BLANK_FIRST_LINE``)."""
    for match in _BLANK_FIRST_LINE.finditer(text):
        first, index = len(match.group(1)), match.end()
        while True:
            spaces = _LEADING_SPACES.match(text, index)
            assert spaces is not None  # it matches the empty string
            if len(spaces.group(1)) > first:
                return True
            if spaces.end() == index or not spaces.group(0).endswith(("\r", "\n")):
                break
            index = spaces.end()
    return False


class Mark:
    """A position as ruamel.yaml's marks give it: 0-based line and column, index in characters."""

    __slots__ = ("column", "index", "line")

    def __init__(self, line: int, column: int, index: int) -> None:
        self.line = line
        self.column = column
        self.index = index


_TOKEN_GAP = re.compile(r"(?:[ \r\n]|(?<![^ \r\n])#[^\r\n]*)*")  # spaces, line breaks, comments
_LINE_BREAK = re.compile(r"\r\n?|\n")
_INDICATOR = re.compile(r"[?:](?:[ \r\n]|$)")
# Characters that end an anchor or alias name for libyaml but continue it for ruamel.yaml,
# which takes any printable character but flow indicators (``*a:b`` names "a:b").
_NAME_GOES_ON = frozenset("?:%@`")
_TAG_AND_GAP = re.compile(r"![^ \r\n]*[ \r\n]+")
# A block scalar without an indentation indicator whose first line is blank but for spaces:
# ruamel.yaml refuses it ("more indented follow up line than first") when a later leading line
# is indented deeper, which libyaml accepts.
_BLANK_FIRST_LINE = re.compile(r"[|>][+-]?(?:[ #][^\r\n]*)?(?:\r\n?|\n)( +)(?:\r\n?|\n)")
_LEADING_SPACES = re.compile(r"( *)(?:\r\n?|\n)?")


class _Composer:
    def __init__(self, parser: Any, events: Any, text: str, max_depth: int, max_nodes: int) -> None:
        self.next_event = parser.get_event
        self.events = events
        self.text = text
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.line_starts: list[int] = []
        # Where a tab reads alike for both parsers (see _TAB), collected only if there are tabs.
        self.tab_regions: list[tuple[int, int]] | None = [] if "\t" in text else None

    def tabs_in_scalar_text(self) -> bool:
        """Whether every tab of the text lies inside a quoted scalar or a block scalar's lines."""
        regions = self.tab_regions
        if regions is None:
            return True
        starts = [start for start, _ in regions]  # in the order of the text, and disjoint
        for tab in _TAB.finditer(self.text):
            at = tab.start()
            i = bisect_right(starts, at) - 1
            if i < 0 or not regions[i][0] < at < regions[i][1]:
                return False
        return True

    def _tab_region(self, event: Any) -> tuple[int, int]:
        """The part of a quoted or block scalar where a tab is read alike by both parsers: the
        quoted text, or a block scalar's lines after its header line."""
        start, end = event.start_mark.index, event.end_mark.index
        if event.style in _QUOTED:
            return start, end
        indicator = _PROPERTIES.match(self.text, start)
        assert indicator is not None  # it matches the empty string
        header_end = _NEXT_LINE_BREAK.search(self.text, indicator.end(), end)
        if self.text[indicator.end():indicator.end() + 1] not in _BLOCK or header_end is None:
            return start, start  # not where it is expected: no tab is taken
        return header_end.start(), end

    def _mark_at(self, index: int) -> Mark:
        if not self.line_starts:
            self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        line = bisect_right(self.line_starts, index) - 1
        return Mark(line, index - self.line_starts[line], index)

    def _at_end(self, mark: Any) -> Any:
        """``mark``, counted as ruamel.yaml counts it when it lies at the end of the text:
        libyaml ends a file without a final line break on a line of its own, ruamel.yaml where
        the last line ends."""
        return self._mark_at(mark.index) if mark.index == len(self.text) else mark

    def _empty_value(self, mark: Any, indent: int | None) -> Mark:
        """Where ruamel.yaml puts the empty value of a block mapping's key. After a ``:`` (``key:``
        and nothing after it), at the end of the next token, where libyaml puts it right after
        the ``:``; the next token is mostly an implicit key or a block end, both of no width.
        Without a ``:`` (``? key`` alone), both put it where the next token starts.
        ``indent`` is the mapping's column, None where not known."""
        text = self.text
        index = mark.index
        if index < len(text) and text[index] not in " \r\n":
            return self._mark_at(index)  # no ":"; libyaml's mark is at the next token
        gap = _TOKEN_GAP.match(text, index)
        index = gap.end() if gap else index
        if _INDICATOR.match(text, index):
            # An explicit key or a value indicator, one character wide: the next token if it is
            # in this mapping's column; further left, a block end of no width comes first.
            column = self._mark_at(index).column
            if indent is None or column > indent:
                raise _Unusual
            if column == indent:
                index += 1
        return self._mark_at(index)

    def _check_flow_value(self, start: int) -> None:
        """In a flow collection, libyaml takes a ``:`` right before a value (``["a":b]``,
        ``[!!str :x]``) as the value indicator, which ruamel.yaml does not (inside ``[...]``) or
        not always; decline those, and a comment between the ``:`` and the value."""
        text = self.text
        before = start - 1
        while before >= 0 and text[before] in " \r\n":
            before -= 1
        if before < 0 or text[before] != ":" or before + 1 == start:
            raise _Unusual

    def _anchor_index(self, start: int, name: str) -> int:
        """Where the ``&name`` of a node whose properties start at ``start`` is written: there,
        or after a tag and spaces or line breaks (anything else is declined)."""
        text, written = self.text, "&" + name
        index = start
        if not text.startswith(written, index):
            tag = _TAG_AND_GAP.match(text, start)
            if tag is None or not text.startswith(written, tag.end()):
                raise _Unusual
            index = tag.end()
        after = index + len(written)
        if after < len(text) and text[after] in _NAME_GOES_ON:
            raise _Unusual  # ruamel.yaml reads a longer name
        return index

    def document(self) -> Node:
        ev = self.events
        self.next_event()  # stream start
        start = self.next_event()
        if type(start) is not ev.DocumentStartEvent or start.version or start.tags:
            raise _Unusual
        root = self._node()
        if type(self.next_event()) is not ev.DocumentEndEvent:
            raise _Unusual
        if type(self.next_event()) is not ev.StreamEndEvent:  # a second document
            raise _Unusual
        return root

    def _node(self) -> Node:
        """Compose one node with an explicit stack (no recursion, so no depth limit of C's)."""
        ev = self.events
        text = self.text
        length = len(text)
        anchors: dict[str, Node] = {}
        stack: list[Node] = []
        keys: list[Node | None] = []  # per open mapping: the key waiting for its value
        indents: list[int | None] = []  # per open mapping: its column, if known
        root: Node | None = None
        count = 0
        while True:
            event = self.next_event()
            kind = type(event)
            if kind is ev.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    # ruamel.yaml resolves a "!" scalar as if plain, also an empty one ("a: !"),
                    # which libyaml takes for a string
                    implicit = (True, False) if tag == "!" else event.implicit
                    tag = resolve_scalar(event.value, implicit)
                if not stack and event.style in ("|", ">"):
                    raise _Unusual  # at the top level, ruamel.yaml lets its lines start in column 0
                if self.tab_regions is not None and (event.style in _QUOTED or event.style in _BLOCK):
                    self.tab_regions.append(self._tab_region(event))
                node = Node("scalar", tag, event.value, event.start_mark, event.style or None)
                node.end_mark = event.end_mark
                if node.end_mark.index == length:  # at the end of the file (see _at_end)
                    node.start_mark, node.end_mark = self._at_end(node.start_mark), self._mark_at(length)
                if not event.value and event.start_mark.index == event.end_mark.index and stack:
                    # An empty value: the two parsers place these differently.
                    if stack[-1].flow:
                        raise _Unusual  # rare in a postmortem; not worth mapping
                    if stack[-1].id == "mapping" and keys[-1] is not None:
                        node.start_mark = node.end_mark = self._empty_value(event.start_mark, indents[-1])
            elif kind is ev.AliasEvent:
                if event.anchor not in anchors:
                    raise _Unusual
                after = event.end_mark.index
                if after < length and text[after] in _NAME_GOES_ON:
                    raise _Unusual  # ruamel.yaml reads a longer name
                node = anchors[event.anchor]
                if node.id == "scalar" and stack and stack[-1].id == "mapping" and keys[-1] is None:
                    # A key written as an alias ("*k : v") is placed where it is written, not at
                    # its anchor: a duplicate or unknown key is reported on the alias's line.
                    anchored = node
                    node = Node("scalar", anchored.tag, anchored.value, event.start_mark, anchored.style)
                    node.end_mark = event.end_mark
                elif stack:
                    alias: Any = AliasUse(node, event.anchor, event.start_mark, event.end_mark)
                    node = alias
            elif kind is ev.SequenceStartEvent or kind is ev.MappingStartEvent:
                sequence = kind is ev.SequenceStartEvent
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _SEQ if sequence else _MAP
                node = Node("sequence" if sequence else "mapping", tag, [], event.start_mark)
                if event.start_mark.index == length:
                    node.start_mark = self._mark_at(length)
                node.flow = bool(event.flow_style)
            elif kind is ev.SequenceEndEvent or kind is ev.MappingEndEvent:
                stack[-1].end_mark = self._at_end(event.end_mark)
                if stack.pop().id == "mapping":
                    keys.pop()
                    indents.pop()
                if not stack:
                    assert root is not None
                    return root
                continue
            else:
                raise _Unusual
            count += 1  # a node, as ruamel.yaml's composer counts them (see loader)
            if count > self.max_nodes:
                raise Limit(self._mark_at(event.start_mark.index), f"more than {self.max_nodes:,} values")
            if kind is not ev.AliasEvent and event.anchor is not None:
                if event.anchor in anchors:
                    raise _Unusual  # ruamel.yaml warns of an anchor defined twice
                index = self._anchor_index(event.start_mark.index, event.anchor)
                if index != event.start_mark.index:
                    # "!tag &anchor": ruamel.yaml starts the node at the anchor
                    node.start_mark = self._mark_at(index)
                anchors[event.anchor] = node  # before its children: an alias inside means itself
            if not stack:
                root = node
            elif stack[-1].id == "sequence":
                stack[-1].value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                if stack[-1].flow:
                    self._check_flow_value(event.start_mark.index)
                stack[-1].value.append((keys[-1], node))
                keys[-1] = None
            if node.id != "scalar" and kind is not ev.AliasEvent:
                stack.append(node)
                if node.id == "mapping":
                    keys.append(None)
                    # a block mapping's indentation, where libyaml starts it at its first key
                    props = event.anchor is not None or event.tag is not None
                    indents.append(None if props or node.flow else node.start_mark.column)
                if len(stack) > self.max_depth:
                    raise Limit(self._mark_at(event.start_mark.index),
                                f"nested deeper than {self.max_depth} levels")
            elif not stack:
                return node
