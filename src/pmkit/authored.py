"""What the authors wrote in Markdown (summary, impact, the body's own sections, the lessons),
made fit for each page ``pmkit render`` writes.

For the Markdown page it stays as written, minus HTML comments, but nothing it leaves open (a
code fence, a comment) runs on into the page's next sections, and raw HTML or a link that could
run script is shown as text. For the HTML page it is set as GitHub sets it: paragraphs,
headings, lists, quotes, tables, code, emphasis, links, footnotes, everything else escaped, and
only ``http``, ``https`` and ``mailto`` addresses made links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from pmkit.markdown import CODE, SETEXT_1, SETEXT_2, HtmlBlock, html_blocks_and_kinds, strip_comments, trimmed


def safe_url(url: str) -> bool:
    """Whether ``url`` may be a link on the page: an ``http``, ``https`` or ``mailto`` address."""
    return bool(re.match(r"^(https?://|mailto:)[^\s<>\"']+$", url.strip()))


# --- the Markdown page ------------------------------------------------------------------------

#: What a list item's text may start with that Markdown reads as a block of its own inside it:
#: a list ("- - the alert fired", "- 1. the rollback worked"), a rule ("- ===", "- ---",
#: "- ***", "- ___"), a heading ("- # of pages: 3"), a quote ("- > quoted"), a code fence
#: ("- ```js", "- ~~~") or a link reference definition ("- [d]: https://...", shown as nothing).
_MD_ITEM_START = re.compile(r"(?:([-+=*]|#{1,6})|(\d{1,9})([.)]))(?=\s|$)|(>)"
                            r"|(?=([-*_])(?:[ \t]*\5){2,}[ \t]*$|`{3}|~{3}|\[(?:[^\[\]\\]|\\.)+\]:)")


def md_item(text: str) -> str:
    """A list item's escaped text, with a list marker or another block's start at its start
    escaped too: the item stays one item of text."""
    found = _MD_ITEM_START.match(text)
    if found is None:
        return text
    if found.group(2) is None and found.group(4) is None and found.group(1) is None:
        return "\\" + text
    if found.group(1) or found.group(4):
        return "\\" + text
    return f"{found.group(2)}\\{text[found.end(2):]}"


def md_prose(text: str, floor: int = 1) -> str:
    """Author Markdown for the Markdown page, as written (minus HTML comments) but for its raw
    HTML, shown as text (see :func:`md_safe`), and what it leaves open does not run on into the
    page's next sections: a code fence left open is closed at its end. A block of preformatted
    HTML (``<pre>`` ... ``</pre>``, a script, a style sheet, a text area) is shown as a code block
    of its lines, and the lines of another HTML block (``<div>`` and the lines up to a blank one)
    as text, so that neither makes headings, lists or sections of what it holds. Its headings
    are at ``floor`` or deeper (see :func:`heading_shift`); a heading underlined with ``===`` or
    ``---`` is text, as on the HTML page."""
    text = trimmed(strip_comments(text))
    lines = text.split("\n")
    read = html_blocks_and_kinds(lines)
    found_blocks, kinds = read
    shift = heading_shift(lines, floor, read)
    raw_blocks: dict[int, HtmlBlock] = {}
    in_html: dict[int, int] = {}  # a line of an HTML block after its first: the quotes it is in
    for block in found_blocks:
        if block.raw:
            raw_blocks[block.first] = block
        for number in range(block.first + (not block.raw), block.last + 1):
            in_html[number] = block.quotes
    rewritten: dict[int, str] = {}
    fence: str | None = None
    indent = depth = base = 0
    opened_in = ""  # the quote's markers before the fence
    closing: re.Pattern[str] | None = None
    item: int | None = None  # the text column of the list item the lines are in, as far as told
    indented: int | None = None  # in a block of indented code: the quote level it is at
    blank_before = True
    prose: set[int] = set()  # the lines outside fenced code
    raw_until = -1
    for index, line in enumerate(lines):
        if index <= raw_until:
            continue
        if index in raw_blocks or index in in_html:
            # The scanner's reading, as ``pmkit check``'s: no fence nor indented code is open.
            fence = closing = None
            indented = None
            if index in raw_blocks:
                raw_until = raw_blocks[index].last
                blank_before = True
                continue
            prose.add(index)
            rewritten[index] = _html_block_line(line, in_html[index])
            blank_before = False
            continue
        quote = _QUOTE_MARKS.match(line).group()  # type: ignore[union-attr]
        level, rest = quote.count(">"), line[len(quote):]
        if closing is not None:
            less = rest.strip() and _indent(rest) < base
            if level == depth and not less and closing.match(rest):
                fence = closing = None
                continue
            if level == depth and not less:
                continue
            # Out of its quote, or less indented than the list item its fence is in: the fence
            # ends with them, at a line such as this one, which is then no code (a tag there
            # reached the browser).
            fence = closing = None
        if indented is not None:
            if level == indented and (not rest.strip() or _indent(rest) >= 4):
                continue
            indented = None
        found = _MD_FENCE.match(rest)
        if found and not (found.group(2)[0] == "`" and "`" in rest[found.end():]) \
                and _opens_code(len(found.group(1)), blank_before, item):
            fence, indent, depth, opened_in = found.group(2), len(found.group(1)), level, quote
            base = item if item is not None and item <= indent else 0
            # CommonMark's closing fence: the same character, at least as many, indented up to
            # three blanks (in a list item, from its text), nothing but blanks after it.
            closing = re.compile(rf" {{{base},{base + 3}}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            continue
        if item is None and blank_before and rest.strip() and _indent(rest) >= 4:
            indented = level  # a block of indented code, outside any list item: as written
            continue
        prose.add(index)
        if kinds[index] in (SETEXT_1, SETEXT_2):
            rewritten[index] = _escaped_start(line, 0)
        elif shift or floor > 1:
            rewritten[index] = _demoted(line, quote, rest, item, shift, floor)
        if (marker := _ITEM_MARKER.match(rest)) is not None:
            item = marker.end() if rest[marker.end():].strip() else len(marker.group(1)) + 2
        elif rest.strip() and item is not None and _indent(rest) < item and blank_before:
            # Out of the list. Right after a line of text, a less indented line may go on in the
            # item's paragraph (a lazy line): the item is taken to go on, where code is not.
            item = None
        blank_before = not rest.strip()
    # Paragraphs outside fenced code (code spans do not cross a blank line), each made safe as a
    # whole: a code span over several lines becomes one (the page's lines are not the text's).
    out: list[str] = []
    paragraph: list[str] = []
    skip_to = -1
    for index, line in enumerate(lines):
        if index <= skip_to:
            continue
        if index in prose and line.strip():
            paragraph.append(rewritten.get(index, line))
            continue
        if paragraph:
            out += md_safe("\n".join(paragraph)).split("\n")
            paragraph = []
        if index in raw_blocks:
            block = raw_blocks[index]
            out += _as_code(lines[block.first:block.last + 1], block.quotes)
            skip_to = block.last
            continue
        out.append(line)
    if paragraph:
        out += md_safe("\n".join(paragraph)).split("\n")
    if fence is not None:
        # In the fence's quote, at its own indent: at the left margin it ended the list item or
        # the quote the fence was in, and opened a code block of its own to the end of the page.
        out.append(opened_in + " " * indent + fence)
    return "\n".join(out)


def _quoted_part(line: str, quotes: int) -> tuple[str, str]:
    """A line of a block ``quotes`` quotes deep: its quotes' markers, and the rest."""
    at = 0
    for _ in range(quotes):
        marker = _QUOTE.match(line, at)
        if marker is None:
            break
        at = marker.end()
    return line[:at], line[at:]


def _as_code(lines: Sequence[str], quotes: int) -> list[str]:
    """The lines of a block of preformatted HTML (``<pre>``, ``<script>``...) as a fenced code
    block, in the quotes and at the indent of its first line: what it holds is text."""
    prefix, rest = _quoted_part(lines[0], quotes)
    indent = _indent(rest)
    prefix = prefix + " " * indent
    longest = max((len(run) for line in lines for run in _TICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    body = []
    for line in lines:
        rest = _quoted_part(line, quotes)[1]
        kept = rest[min(indent, _indent(rest)):]
        body.append((prefix + kept).rstrip() if rest.strip() else prefix.rstrip())
    return [prefix + fence, *body, prefix + fence]


#: What a line may start with that Markdown reads as the start of a block, or as a heading's
#: underline: a heading, a quote, a list item, a rule, a fence, a table's row.
_BLOCK_MARK = re.compile(r"[ \t]*(?:([#>+*=_|:~`-])|\d{1,9}([.)]))")


def _escaped_start(line: str, quotes: int) -> str:
    """A line with the mark at its start that would start a block escaped: it goes on the
    paragraph before it, as text."""
    prefix, rest = _quoted_part(line, quotes)
    found = _BLOCK_MARK.match(rest)
    if found is None:
        return line
    at = found.start(1) if found.group(1) else found.start(2)
    return prefix + rest[:at] + "\\" + rest[at:]


def _html_block_line(line: str, quotes: int) -> str:
    """A line of an HTML block after its first (``<div>`` then ``## Impact``): its text, as
    ``pmkit check`` reads it, that starts no heading, list or other block of the page."""
    return _escaped_start(line, quotes)


#: An ATX heading's marks after a list item's markers, or the blanks of its indent.
_ATX_IN_LINE = re.compile(r"((?:[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+)*)([ ]*)(#{1,6})(?=[ \t]|$)")
#: An ATX heading's marks, anywhere a line may have one: after quotes' and list items' markers.
_ANY_ATX = re.compile(r"(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*(#{1,6})(?=[ \t]|$)")


def heading_shift(lines: Sequence[str], floor: int,
                  read: tuple[list[HtmlBlock], list[str]] | None = None) -> int:
    """How many levels the headings of a text (``lines``) go down so that the highest of them
    is at ``floor``: a summary under the page's "## Summary" has its own headings at "###" or
    deeper, and its "## Impact" is no second section of the page. Their order stays. ``read``
    is what :func:`pmkit.markdown.html_blocks_and_kinds` says of ``lines``, where the caller has it."""
    if floor <= 1:
        return 0
    found_blocks, kinds = read if read is not None else html_blocks_and_kinds(lines)
    code = {number for block in found_blocks for number in range(block.first, block.last + 1)}
    levels = [len(found.group(1)) for number, line in enumerate(lines)
              if kinds[number] != CODE and number not in code and (found := _ANY_ATX.match(line))]
    return max(0, floor - min(levels)) if levels else 0


def heading_level(level: int, shift: int, floor: int) -> int:
    """A heading's level on the page: ``shift`` deeper, at ``floor`` or deeper, at most 6."""
    return min(6, max(floor, level + shift))


def _demoted(line: str, quote: str, rest: str, item: int | None, shift: int, floor: int) -> str:
    """A line with the heading it starts, if any, ``shift`` levels deeper (see
    :func:`heading_shift`); any other line as it is."""
    found = _ATX_IN_LINE.match(rest)
    if found is None:
        return line
    blanks = len(found.group(2))
    if not found.group(1) and blanks > 3 and not (item is not None and item <= blanks <= item + 3):
        return line  # (indented code, or a paragraph's text)
    level = heading_level(len(found.group(3)), shift, floor)
    return quote + rest[:found.start(3)] + "#" * level + rest[found.end(3):]


#: What the Markdown page passes on of author text as written, for site generators (MkDocs,
#: Jekyll, Hugo) that hand raw HTML to the reader's browser, where a security incident's summary
#: may quote the attacker's payload: Markdown, and no HTML. Every "<" of the author's is written
#: "&lt;" (text in a paragraph and inside HTML alike; a backslash is no escape inside a block of
#: raw HTML), but for an autolink to an http, https or mailto address; a code span that holds
#: one is written as HTML of pmkit's own (<code>, its characters as entities), which shows the
#: same. Sanitising the HTML instead (keeping <kbd>, <details>...) let one payload after another
#: through: quotes and backticks inside attributes, tags inside quotes and lists, unusual tag
#: names, a "<div" never closed that swallowed the next section.
#: A "{" is written "\\{": an attribute list after a paragraph or a heading ("{: onclick=...}",
#: kramdown's in Jekyll, attr_list's in MkDocs, which also reads "{ onclick=... }") sets the
#: attributes of the element before it.
_MD_MARK = re.compile(r"\\[\s\S]|`+|<|\{")
_MD_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
#: What may stand between a link's "](" or a definition's "]:" and its address: blanks, a line
#: break, and the markers of a quote the address goes on in.
_MD_BEFORE_ADDRESS = re.compile(r"[\s>]*")


def _safe_destination(url: str) -> bool:
    """Whether a link or source address opens nothing but a page, a relative path or a mail:
    http, https, mailto or no scheme, as a browser reads it (entities decoded, blanks and
    Markdown's escapes left out: ``jav&#x61;script:``, ``java\\script:`` are ``javascript:``)."""
    url = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url.strip("<>")))
    url = re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", url)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def md_safe(text: str) -> str:
    """A paragraph of author Markdown with its raw HTML shown as text (see ``_MD_MARK``'s note),
    and each link, image or link definition to an address that could run script (``[x](javascript:
    ...)``, also with brackets or escapes in its text, or its address on the next line) made
    text by escaping its "]"; the rest, code spans and safe links included, as written."""
    if "]" in text:
        # Every "]" a link or definition could end at, in code spans too (a code span pmkit
        # reads may be none to the renderer), but not one escaped: another backslash before it
        # would make it one.
        text = "\\".join(_split_at(text, _unsafe_brackets(text)))
    if "<" not in text and "{" not in text:
        return text
    ticks_at: dict[int, list[int]] = {}
    for run in _TICKS.finditer(text):
        ticks_at.setdefault(len(run.group()), []).append(run.start())
    out: list[str] = []
    last = resume = 0
    for mark in _MD_MARK.finditer(text):
        at = mark.start()
        if at < resume:
            continue
        token = mark.group()
        resume = mark.end()
        replaced: str | None = None
        if token[0] == "`":
            closing = _closing_ticks(ticks_at, len(token), mark.end())
            if closing is not None:
                resume = closing + len(token)
                if "<" in text[mark.end():closing]:
                    replaced = _code_html(text[mark.end():closing])
        elif token == "\\<":  # ('\<' shows '<'; inside raw HTML, a backslash and a tag)
            replaced = "&lt;"
        elif token == "<":
            auto = _MD_AUTOLINK.match(text, at)
            if auto is not None and _safe_destination(auto.group(1)):
                resume = auto.end()
            else:
                replaced = "&lt;"
        elif token == "{":
            replaced = "\\{"
        if replaced is not None:
            out += [text[last:at], replaced]
            last = resume
    return "".join(out) + text[last:]


def _unsafe_brackets(text: str) -> list[int]:
    """Where the "]" are, not escaped, that a link or definition to an address that could run
    script would end at."""
    found = []
    for bracket in re.finditer(r"\]", text):
        at = bracket.start()
        if _unescaped(text, at) and not _safe_address(text, at + 1):
            found.append(at)
    return found


def _split_at(text: str, positions: list[int]) -> list[str]:
    """``text`` in pieces that end before each of ``positions``."""
    pieces, last = [], 0
    for at in positions:
        pieces.append(text[last:at])
        last = at
    return [*pieces, text[last:]]


def _safe_address(text: str, after: int) -> bool:
    """Whether what follows a "]" (``after``: just past it) links nowhere that could run script:
    it is no link's "(" or definition's ":", or the address after it (past blanks, a line break
    and a quote's markers) is safe."""
    if text[after:after + 1] not in ("(", ":"):
        return True
    if text[after] == ":" and not _label_at_line_start(text, after - 1):
        return True  # (a definition's label opens its line: "`[14:02:11]: error: ...`" is none)
    start = _MD_BEFORE_ADDRESS.match(text, after + 1)
    rest = text[start.end() if start else after + 1:]
    if rest.startswith("<"):
        address = rest[:rest.find(">") + 1] if ">" in rest else rest
    else:
        address = rest.split(None, 1)[0] if rest.strip() else ""
    return _safe_destination(address)


def _label_at_line_start(text: str, end: int) -> bool:
    """Whether the "]" at ``end`` closes a "[" that opens its line (after a quote's or a list
    item's markers), as a link definition's label does: one within a line is no definition."""
    at = end - 1
    while at >= 0 and not (text[at] in "[]" and _unescaped(text, at)):
        at -= 1
    if at < 0 or text[at] == "]":
        return False
    line_start = text.rfind("\n", 0, at) + 1
    return _CONTAINER_MARKS.fullmatch(text[line_start:at]) is not None


def _unescaped(text: str, at: int) -> bool:
    return (at - len(text[:at].rstrip("\\"))) % 2 == 0


#: What may open a line before a block's text: blanks, a quote's ">" and a list item's marker.
_CONTAINER_MARKS = re.compile(r"(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*")


#: Control characters a page cannot show and that drive a terminal: left out of both pages
#: (written as entities in a code span, they came back as such).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _code_html(code: str) -> str:
    """A code span's text as HTML of pmkit's own: ``<code>`` with every character that Markdown
    or HTML reads as syntax written as an entity, as CommonMark normalises the span (line breaks
    as blanks; one blank at each end taken off when both ends have one)."""
    code = _CONTROL.sub("", code.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
        code = code[1:-1]
    return "<code>" + "".join(char if char.isalnum() or char == " " or ord(char) > 127 else f"&#{ord(char)};"
                              for char in code) + "</code>"


# --- the HTML page ----------------------------------------------------------------------------

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
#: A code fence, with the blanks before it (a fence in a list item is indented).
_MD_FENCE = re.compile(r"( *)(`{3,}|~{3,})")
#: A list item's marker, with the blanks before and after it.
_ITEM_MARKER = re.compile(r"( *)(?:[-*+]|\d{1,9}[.)])(?: {1,4}|$)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r" {0,3}(?:([-*+])|(\d{1,9})([.)]))[ \t]+(?=\S)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r" {0,3}> ?")
#: A quote's markers at the start of a line, of quotes inside quotes too.
_QUOTE_MARKS = re.compile(f"(?:{_QUOTE.pattern})*")
_TABLE_DELIMITER = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


#: A link reference definition, on a line of its own: ``[label]: https://... "title"``.
_DEFINITION = re.compile(r" {0,3}\[(?!\^)((?:[^\]\\]|\\.)+)\]:[ \t]*(<[^<>\n]*>|\S+)"
                         r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$")
#: A link reference definition's label alone on its line, its address on the next one:
#: ``[label]:`` then ``  https://... "title"``.
_DEFINITION_LABEL = re.compile(r" {0,3}\[(?!\^)((?:[^\]\\]|\\.)+)\]:[ \t]*$")
_DEFINITION_ADDRESS = re.compile(r"[ \t]*(<[^<>\n]*>|[^\s<]\S*)"
                                 r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$")


def _definition(lines: Sequence[str], index: int) -> tuple[str, str, int] | None:
    """The link reference definition that starts at ``lines[index]``, if one does: its label,
    its address and how many lines it takes (two when the address is on the next line)."""
    found = _DEFINITION.match(lines[index])
    if found is not None:
        return found.group(1), found.group(2), 1
    label = _DEFINITION_LABEL.match(lines[index])
    if label is None or index + 1 >= len(lines):
        return None
    address = _DEFINITION_ADDRESS.match(lines[index + 1])
    return None if address is None else (label.group(1), address.group(1), 2)


#: A reference link: ``[text][label]``, ``[label][]`` or ``[label]``.
_REFERENCE = re.compile(r"\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?")
#: The link definitions of the page being rendered (label, as compared → address).
_REFERENCES: ContextVar[dict[str, str] | None] = ContextVar("references", default=None)


#: A footnote's definition, on a line of its own (its text goes on in the lines indented under it).
_FOOTNOTE = re.compile(r" {0,3}\[\^([^\]\s]+)\]:[ \t]+(\S.*)$")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")


@dataclass
class _Notes:
    """The footnotes of the page being rendered: their text by label, and the labels in the
    order they are first referred to (their numbers)."""

    text: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


_FOOTNOTES: ContextVar[_Notes | None] = ContextVar("footnotes", default=None)


def _footnotes(texts: Iterable[str]) -> _Notes:
    """The footnotes defined in ``texts``, the first of each label."""
    notes = _Notes()
    for text in texts:
        lines = text.split("\n")
        for index, line in enumerate(lines):
            found = _FOOTNOTE.match(line)
            if found is None:
                continue
            more = [part.strip() for part in _continued(lines, index + 1)]
            notes.text.setdefault(_label(found.group(1)), " ".join([found.group(2), *more]))
    return notes


def _continued(lines: list[str], start: int) -> list[str]:
    """The lines from ``start`` on that go on a footnote: indented and not blank."""
    end = start
    while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
        end += 1
    return lines[start:end]


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _references(texts: Iterable[str]) -> dict[str, str]:
    """The link definitions in ``texts``, the first of each label."""
    found: dict[str, str] = {}
    for text in texts:
        lines = text.split("\n")
        for index in range(len(lines)):
            definition = _definition(lines, index)
            if definition:
                found.setdefault(_label(definition[0]), definition[1].strip("<>"))
    return found


_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
#: An autolink (``<https://...>``) and a bare address, which GitHub makes links of: its last
#: characters are the sentence's, not the address's ("see https://x.example/a.").
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")
_BARE_URL = re.compile(r"https?://[^\s<>]+")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass
class _Run:
    """A run of ``*``, ``_`` or ``~`` in a paragraph: what it can open or close, and what it became."""

    char: str
    length: int
    opens: bool
    closes: bool
    left: int = 0  # characters not yet matched
    before: list[str] = field(default_factory=list)  # closing tags, innermost first
    after: list[str] = field(default_factory=list)  # opening tags, outermost first

    def __post_init__(self) -> None:
        self.left = self.length


def _punctuation(char: str) -> bool:
    import unicodedata

    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def _run(char: str, length: int, before: str, after: str) -> _Run:
    """A delimiter run and whether it can open or close emphasis, as CommonMark decides it from
    the characters around it; also a ``*`` between two letters or digits does neither, so that
    ``2*3*4`` stays arithmetic (as ``snake_case`` stays a name)."""
    left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
    right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
    if (before.isalnum() and after.isalnum()) or (char == "~" and length > 2):
        return _Run(char, length, False, False)
    if char == "_":
        return _Run(char, length, left and (not right or _punctuation(before)),
                    right and (not left or _punctuation(after)))
    return _Run(char, length, left, right)


def _emphasis(parts: list[str | _Run]) -> str:
    """Match the runs of ``parts`` as CommonMark does (its delimiter algorithm, with the rule of
    three and the lower bounds that keep it linear) and join them as HTML; text parts are HTML
    already."""
    stack: list[_Run] = []  # the runs that may still open, in order
    bottom: dict[tuple[str, bool, int], int] = {}  # no opener for such a closer below this index
    for closer in parts:
        if not isinstance(closer, _Run):
            continue
        key = (closer.char, closer.opens, closer.length % 3)
        while closer.closes and closer.left:
            found = None
            for back in range(len(stack) - 1, bottom.get(key, 0) - 1, -1):
                candidate = stack[back]
                if candidate.char != closer.char:
                    continue
                if closer.char == "~":  # strikethrough: a run of as many tildes, one or two
                    if candidate.length != closer.length or candidate.left != candidate.length:
                        continue
                elif (candidate.closes or closer.opens) and (candidate.length + closer.length) % 3 == 0 \
                        and not (candidate.length % 3 == 0 and closer.length % 3 == 0):
                    continue
                found = back
                break
            if found is None:
                bottom[key] = len(stack)
                break
            opener = stack[found]
            del stack[found + 1:]  # the runs between the two are text
            strong = opener.left >= 2 and closer.left >= 2
            tag = "del" if closer.char == "~" else "strong" if strong else "em"
            used = closer.left if closer.char == "~" else 2 if strong else 1
            opener.left -= used
            closer.left -= used
            opener.after.insert(0, f"<{tag}>")
            closer.before.append(f"</{tag}>")
            if not opener.left:
                del stack[found]
            bottom = {k: min(v, len(stack)) for k, v in bottom.items()}
        if closer.opens and closer.left:
            stack.append(closer)
    out = ""
    for part in parts:
        if isinstance(part, _Run):
            out += "".join(part.before) + part.char * part.left + "".join(part.after)
        else:
            out += part
    return out


def _html_inline_markdown(text: str, links: bool = True) -> str:
    """Author Markdown on one line as HTML: code spans, links to ``http``, ``https`` and
    ``mailto`` addresses (written as links, in angle brackets, or bare, as GitHub reads them),
    emphasis and strong emphasis (``*``, ``_``) and backslash escapes; everything else escaped.
    Marks inside code and addresses are part of them."""
    parts: list[str | _Run] = []
    plain = ""

    def emit(part: str | _Run) -> None:
        nonlocal plain
        if plain:
            parts.append(html.escape(plain))
            plain = ""
        parts.append(part)

    ticks_at: dict[int, list[int]] = {}  # the backtick runs, by length: where each starts
    for run in _TICKS.finditer(text):
        ticks_at.setdefault(len(run.group()), []).append(run.start())
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\n" or (char == "\\" and text.startswith("\n", i + 1)):
            emit("<br>\n")
            i += 1 if char == "\n" else 2
            continue
        if char == "\\" and i + 1 < size and text[i + 1] in _ASCII_PUNCTUATION:
            plain += text[i + 1]
            i += 2
            continue
        if char == "&" and (found := _ENTITY.match(text, i)) and \
                (character := html.unescape(found.group())) != found.group():
            plain += character  # (escaped again as text: "&amp;lt;" shows "&lt;")
            i = found.end()
            continue
        if char == "`":
            ticks = _TICKS.match(text, i).end() - i  # type: ignore[union-attr]
            closing = _closing_ticks(ticks_at, ticks, i + ticks)
            if closing is None:
                plain += "`" * ticks
                i += ticks
                continue
            code = text[i + ticks:closing]
            code = code.replace("\n", " ")  # (a line break in a code span is a blank)
            emit(f"<code>{html.escape(code.strip() or code)}</code>")
            i = closing + ticks
            continue
        if links and char == "!" and text.startswith("[", i + 1) and _image(text, i + 1):
            i += 1  # an image: shown as a link to it, its alt text the link's text
            continue
        if links and char == "[" and (found := _LINK.match(text, i)) and safe_url(found.group(2)):
            label = _html_inline_markdown(found.group(1), links=False)
            emit(f'<a href="{html.escape(found.group(2), quote=True)}">{label}</a>')
            i = found.end()
            continue
        if links and text.startswith("[^", i) and (found := _FOOTNOTE_REFERENCE.match(text, i)):
            notes = _FOOTNOTES.get()
            label = _label(found.group(1))
            if notes is not None and label in notes.text:
                if label not in notes.order:
                    notes.order.append(label)
                target = html.escape(f"fn-{label}", quote=True)
                emit(f'<sup><a href="#{target}">{notes.order.index(label) + 1}</a></sup>')
                i = found.end()
                continue
        if links and char == "[" and (found := _REFERENCE.match(text, i)):
            url = (_REFERENCES.get() or {}).get(_label(found.group(2) or found.group(1)))
            if url is not None and safe_url(url):
                label = _html_inline_markdown(found.group(1), links=False)
                emit(f'<a href="{html.escape(url, quote=True)}">{label}</a>')
                i = found.end()
                continue
        if links and char == "<" and (found := _AUTOLINK.match(text, i)) and safe_url(found.group(1)):
            emit(f'<a href="{html.escape(found.group(1), quote=True)}">{html.escape(found.group(1))}</a>')
            i = found.end()
            continue
        if links and char == "h" and (i == 0 or not text[i - 1].isalnum()) and \
                (found := _BARE_URL.match(text, i)):
            url = _trimmed_url(found.group())
            emit(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
            i += len(url)
            continue
        if char in "*_~":
            length = _RUNS[char].match(text, i).end() - i  # type: ignore[union-attr]
            before = text[i - 1] if i else " "
            after = text[i + length] if i + length < size else " "
            emit(_run(char, length, before, after))
            i += length
            continue
        plain += char
        i += 1
    if plain:
        parts.append(html.escape(plain))
    return _emphasis(parts)


def _image(text: str, at: int) -> bool:
    """Whether the "[" at ``at`` after a "!" opens an image the page shows as a link: one to an
    ``http``, ``https`` or ``mailto`` address, given there or by a definition."""
    if (found := _LINK.match(text, at)) is not None:
        return safe_url(found.group(2))
    if (found := _REFERENCE.match(text, at)) is not None:
        url = (_REFERENCES.get() or {}).get(_label(found.group(2) or found.group(1)))
        return url is not None and safe_url(url)
    return False


_TICKS = re.compile("`+")
#: An entity or a character reference, which CommonMark reads as its character: "&amp;", "&copy;",
#: "&#169;", "&#xA9;".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_RUNS = {"*": re.compile(r"\*+"), "_": re.compile("_+"), "~": re.compile("~+")}


def _closing_ticks(ticks_at: dict[int, list[int]], length: int, start: int) -> int | None:
    """Where the first run of exactly ``length`` backticks at or after ``start`` begins (a code
    span's end), if any."""
    from bisect import bisect_left

    found = ticks_at.get(length, [])
    index = bisect_left(found, start)
    return found[index] if index < len(found) else None


def _trimmed_url(url: str) -> str:
    """A bare address without the punctuation that ends the sentence around it, nor a closing
    parenthesis it does not open (GitHub's autolink rules)."""
    unopened = url.count(")") - url.count("(")
    while url and (url[-1] in "?!.,:;*_~'\"" or (url[-1] == ")" and unopened > 0)):
        unopened -= url[-1] == ")"
        url = url[:-1]
    return url


def html_text(text: str) -> str:
    """One paragraph of author Markdown, escaped, its whitespace folded but for a hard line break
    (two blanks or a backslash at a line's end, shown "<br>"); a code span is code,
    a link to an ``http``, ``https`` or ``mailto`` address is a link (any other shows as
    written), and ``**strong**``, ``*emphasis*`` and ``_emphasis_`` are emphasis."""
    lines = text.strip().split("\n")
    folded = ""
    for number, line in enumerate(lines):
        words = " ".join(line.split())
        if number == len(lines) - 1 or not words:
            folded += words + " "
        elif re.search(r"(?<!\\)(?:\\\\)*\\$", words) or re.search(r" {2,}$", line):
            folded += words + "\n"  # a hard line break: two blanks, or a backslash, at its end
        else:
            folded += words + " "
    return _html_inline_markdown(folded.strip(" "))


def _html_cells(line: str) -> list[str]:
    """A Markdown table row's cells, escaped; ``\\|`` is a pipe in a cell."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [html_text(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", row)]


#: How deep quotes and lists nest in the HTML page; deeper ones show as text (a line of 800
#: ">" would otherwise nest as deep as Python's recursion goes).
_MAX_NESTING = 16


def html_prose(text: str, depth: int = 0, floor: int = 1, shift: int | None = None) -> str:
    """Author Markdown as HTML paragraphs; a fenced or indented code block keeps its lines and
    spacing (a pasted log), and a table is a table. All text is escaped. A block of
    preformatted HTML (``<pre>``, ``<script>``...) is code, and the lines of another HTML block
    (``<div>`` and the lines up to a blank one) are a paragraph's text, as ``pmkit check`` reads
    them. Headings are at ``floor`` or deeper (see :func:`heading_shift`)."""
    lines = strip_comments(text).strip("\n").split("\n")
    read = html_blocks_and_kinds(lines)
    if shift is None:
        shift = heading_shift(lines, floor, read)
    blocks_at = {block.first: block for block in read[0] if not block.quotes}
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{html_text(chr(10).join(para))}</p>")
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if i in blocks_at:
            flush()
            block = blocks_at[i]
            if block.raw:
                out.append(f"<pre><code>{html.escape(chr(10).join(lines[i:block.last + 1]))}</code></pre>")
            else:
                para += lines[i:block.last + 1]
                flush()
            i = block.last + 1
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker, code = fence.group(1), []
            closing = re.compile(rf" {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            i += 1
            while i < len(lines) and not closing.match(lines[i]):
                code.append(lines[i])
                i += 1
            i += 1
            out.append(f"<pre><code>{html.escape(chr(10).join(code))}</code></pre>")
            continue
        if not line.strip():
            flush()
            i += 1
            continue
        if not para and line.startswith("    "):
            code = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                code.append(lines[i][4:])
                i += 1
            while code and not code[-1].strip():
                code.pop()
            out.append(f"<pre><code>{html.escape(chr(10).join(code))}</code></pre>")
            continue
        if not para and (definition := _definition(lines, i)):  # shown as nothing, as Markdown shows it
            i += definition[2]
            continue
        if not para and _FOOTNOTE.match(line):  # shown at the page's end, where it is referred to
            i += 1 + len(_continued(lines, i + 1))
            continue
        rule = _RULE.match(line)
        if rule and (not para or rule.group(1) != "-"):  # ("text" over "---" is a heading there)
            flush()
            out.append("<hr>")
            i += 1
            continue
        if _QUOTE.match(line) and depth < _MAX_NESTING:  # a block quote (a status-page notice as it went out)
            flush()
            quoted: list[str] = []
            while i < len(lines):
                marker = _QUOTE.match(lines[i])
                if marker:
                    quoted.append(lines[i][marker.end():])
                elif lines[i].strip() and quoted and quoted[-1].strip() and not (
                        _FENCE.match(lines[i]) or _HEADING.match(lines[i]) or _RULE.match(lines[i])
                        or ((item := _LIST_ITEM.match(lines[i])) and _interrupts(item))):
                    quoted.append(lines[i])  # a paragraph in the quote goes on without a marker
                else:
                    break
                i += 1
            inner = html_prose(chr(10).join(quoted), depth + 1, floor, shift)
            out.append(f"<blockquote>{inner}</blockquote>")
            continue
        heading = _HEADING.match(line)
        if heading:  # a heading ends a paragraph, as in the Markdown page
            flush()
            level = heading_level(len(heading.group(1)), shift, floor)
            out.append(f"<h{level}>{html_text(heading.group(2) or '')}</h{level}>")
            i += 1
            continue
        first = _LIST_ITEM.match(line)
        if first and (not para or _interrupts(first)) and depth < _MAX_NESTING:
            flush()
            ordered = first.group(1) is None
            kind = first.group(1) or first.group(3)  # another bullet or delimiter starts another list
            # Each item: its text, and the blocks indented under it (a nested list, code).
            items: list[tuple[list[str], list[str]]] = []
            column = 0  # where the current item's text starts
            while i < len(lines):
                current = lines[i]
                item = _LIST_ITEM.match(current)
                indent = len(current) - len(current.lstrip(" "))
                if i in blocks_at and items and indent >= column:
                    # An HTML block in the item: its lines, as the item's (a "<pre>" block's
                    # less indented lines too).
                    block = blocks_at[i]
                    items[-1][1].extend(part[column:] if _indent(part) >= column else part.lstrip(" ")
                                        for part in lines[i:block.last + 1])
                    i = block.last + 1
                    continue
                if i in blocks_at:
                    break
                if not current.strip():
                    following = lines[i + 1] if i + 1 < len(lines) else ""
                    if not (_LIST_ITEM.match(following) or (following.strip() and items
                                                             and _indent(following) >= column)):
                        break
                    if items[-1][1]:
                        items[-1][1].append("")  # (a blank line inside the item's blocks)
                elif items and indent >= column:
                    inner = current[column:]
                    if items[-1][1] or _LIST_ITEM.match(inner) or _FENCE.match(inner) or _QUOTE.match(inner):
                        items[-1][1].append(inner)
                    else:
                        items[-1][0].append(inner)  # the item's text goes on over a line break
                elif item and (item.group(1) or item.group(3)) == kind:
                    items.append(([current[item.end():]], []))
                    column = item.end()
                elif item or _FENCE.match(current):
                    break
                else:  # a line that goes on without its indentation
                    (items[-1][1] or items[-1][0]).append(current)
                i += 1
            tag = "ol" if ordered else "ul"
            number = int(first.group(2)) if ordered else 1
            start = f' start="{number}"' if number != 1 else ""
            out.append(f"<{tag}{start}>" + "".join(
                f"<li>{_task(chr(10).join(text))}"
                f"{html_prose(chr(10).join(blocks), depth + 1, floor, shift) if blocks else ''}</li>"
                for text, blocks in items) + f"</{tag}>")
            continue
        if (not para and "|" in line and i + 1 < len(lines) and "-" in lines[i + 1]
                and _TABLE_DELIMITER.match(lines[i + 1])):
            head = "".join(f"<th>{cell}</th>" for cell in _html_cells(line))
            i += 2
            rows = ""
            while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                rows += "<tr>" + "".join(f"<td>{cell}</td>" for cell in _html_cells(lines[i])) + "</tr>"
                i += 1
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            continue
        para.append(line)
        i += 1
    flush()
    return "\n".join(out)


def _interrupts(item: re.Match[str]) -> bool:
    """Whether a list item's first line ends the paragraph before it, as CommonMark reads it: a
    bullet does, a number only when it is 1 ("in 2024. we" goes on in the paragraph)."""
    return item.group(1) is not None or int(item.group(2)) == 1


def _task(text: str) -> str:
    """A list item's text as HTML; a task list item's box (``[ ]``, ``[x]``) is a check box."""
    box = re.match(r"\[([ xX])\][ \t]+(?=\S)", text)
    if box is None:
        return html_text(text)
    checked = " checked" if box.group(1) != " " else ""
    return f'<input type="checkbox" disabled{checked}> {html_text(text[box.end():])}'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _opens_code(indent: int, blank_before: bool, item: int | None) -> bool:
    """Whether a fence indented ``indent`` blanks opens code, where a renderer may take it for a
    line of the paragraph before it instead: indented four blanks or more, it opens code only
    after a blank line (code either way: a fence, or a block of indented code) or in a list
    item whose text starts up to three blanks before it."""
    return indent <= 3 or blank_before or (item is not None and item <= indent <= item + 3)


@contextmanager
def page_markup(texts: Sequence[str]) -> Iterator[None]:
    """While one HTML page is written: the link definitions and footnotes of its ``texts``, so
    that a reference link or a footnote in any of them resolves (see :func:`footnotes_html`)."""
    references = _REFERENCES.set(_references(texts))
    notes = _FOOTNOTES.set(_footnotes(texts))
    try:
        yield
    finally:
        _FOOTNOTES.reset(notes)
        _REFERENCES.reset(references)


def footnotes_html() -> str:
    """The footnotes referred to on the page being written, numbered in the order of their first
    reference, as a section for its end; "" when there are none."""
    notes = _FOOTNOTES.get()
    if notes is None or not notes.order:
        return ""
    shown: list[str] = []
    while len(shown) < len(notes.order):  # (a note may refer to one not referred to before)
        label = notes.order[len(shown)]
        note = html_text(notes.text[label])
        shown.append(f'<li id="{html.escape(f"fn-{label}", quote=True)}">{note}</li>')
    return '<section class="footnotes"><ol>' + "".join(shown) + "</ol></section>"
