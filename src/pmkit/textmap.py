"""Map a character range of a parsed string back to its line and column in the file.

A finding inside prose ("human error" in the middle of a folded ``>`` block) must point at
the words themselves, not at the key. YAML changes text on the way in: it strips block
indentation, folds line breaks into spaces, and unescapes quotes. We align the parsed value
with its source text character by character: every non-blank character of the value appears
in the source in the same order, so a greedy walk that skips what YAML removed (indentation,
line breaks, quote characters, escape backslashes) recovers each character's position.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import islice

from pmkit.loader import DQ_ESCAPE, Document, FieldPath, Span

#: How far the walk may skip ahead looking for the next character before giving up on
#: exactness (an escape like ``\u00fc`` has no literal ``ü`` in the source).
_LOOKAHEAD = 12
#: How far ahead a run of characters placed at once looks for the file's next line break.
_LINE_REACH = 4096
#: Two blanks in a row, which the walk maps to one place in the file (see :func:`_walk`).
_BLANK_RUN = re.compile(r"[ \t\r\n]{2}")


#: What YAML's one-letter escapes stand for (the escape without its backslash).
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\u00a0",
            "L": "\u2028", "P": "\u2029"}


def _unescaped(escape: str) -> str:
    """The character an escape of :data:`pmkit.loader.DQ_ESCAPE` stands for ("" for one YAML does not know):
    a blank written as ``\\u3000`` or ``\\x20`` must be told from the next word's escape."""
    if len(escape) > 2 and escape[1] in "xuU":
        if len(escape) == 12:  # a surrogate pair: two escapes, one character
            pair = int(escape[2:6], 16), int(escape[8:12], 16)
            return chr(0x10000 + ((pair[0] - 0xD800) << 10) + pair[1] - 0xDC00)
        number = int(escape[2:], 16)
        return chr(number) if number <= 0x10FFFF else ""
    return _ESCAPED.get(escape[1:], "")


def _past_escaped_breaks(text: str, pos: int, end: int) -> int:
    """The offset after the escaped line breaks at ``pos`` in double quotes (a backslash at a
    line's end) and the blanks that begin each next line: they stand for nothing in the value,
    and a walk that stopped at the backslash mapped the words after it to the wrong place."""
    while text.startswith("\\", pos) and pos + 1 < end and text[pos + 1] in "\r\n":
        pos += 3 if text.startswith("\r\n", pos + 1) else 2
        while pos < end and text[pos] in " \t":
            pos += 1
    return pos


#: Line breaks as YAML and the loader count them (a file may end its lines with CR alone).
_BREAK = re.compile(r"\r\n|\r|\n")
_NOT_BREAK = re.compile(r"[^\r\n]")


def _line_starts(text: str) -> list[int]:
    if "\r" not in text:  # the usual case, without the regular expression
        starts = [0]
        index = text.find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        return starts
    return [0, *(match.end() for match in _BREAK.finditer(text))]


@lru_cache(maxsize=64)
def _starts_for(text: str) -> tuple[int, ...]:
    return tuple(_line_starts(text))


def _offset(starts: tuple[int, ...], line: int, col: int) -> int:
    if line - 1 >= len(starts):
        return starts[-1]
    return starts[line - 1] + col - 1


def _position(starts: tuple[int, ...], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text`` (lines end at LF, CR LF or CR); line starts
    are computed once for a text, so asking for many offsets does not count lines each time."""
    return _position(_starts_for(text), offset)


def text_offset(text: str, line: int, col: int) -> int:
    """The offset in ``text`` of the 1-based ``line`` and ``col`` (the inverse of :func:`line_col`)."""
    return _offset(_starts_for(text), line, col)


def blank_spans(text: str, spans: Iterable[Span], *, first_line: int = 1) -> str:
    """``text`` with every span blanked out (line breaks, and so offsets, kept); the spans count
    lines from ``first_line``, the line of the file ``text`` starts on."""
    starts = _starts_for(text)
    shift = first_line - 1
    ranges = sorted((_offset(starts, span.line - shift, span.col),
                     _offset(starts, span.end_line - shift, span.end_col))
                    for span in spans if span.line > shift)
    out: list[str] = []
    kept = 0
    for begin, end in ranges:
        begin = max(begin, kept)
        if end <= begin:
            continue
        out.append(text[kept:begin])
        out.append(_NOT_BREAK.sub(" ", text[begin:end]))
        kept = end
    out.append(text[kept:])
    return "".join(out)


def char_offsets(doc: Document, path: FieldPath, value: str) -> list[int] | None:
    """For each character of ``value`` (the parsed string at ``path``), its offset in the file."""
    offsets = _field_offsets(doc, path, value)
    return None if offsets is None else list(offsets)


def _field_offsets(doc: Document, path: FieldPath, value: str) -> Sequence[int] | None:
    info = doc.scalars.get(path)
    if info is None:
        return None
    return _walk(doc.text, doc.kind == "markdown", info.style, info.span, value)


#: The walk costs time linear in the field; a field with many findings is located once per
#: finding, so the last few results are kept (the arguments are all immutable).
@lru_cache(maxsize=16)
def _walk(text: str, markdown: bool, style: str | None, span: Span, value: str) -> Sequence[int]:
    starts = _starts_for(text)
    begin = _offset(starts, span.line, span.col)
    end = min(len(text), _offset(starts, span.end_line, span.end_col))
    if (style is None and not markdown and text.startswith(value, begin) and begin + len(value) <= end
            and _BLANK_RUN.search(value) is None):
        # A plain scalar as written on its line (no folding, no run of blanks): the walk below
        # would give each character its own place, one by one.
        return range(begin, begin + len(value))
    if markdown and style is None and value and not value[0].isspace() and _BLANK_RUN.search(value) is None:
        # A Markdown section as written after its leading blanks (no comment left out, no run of
        # blanks): the walk below would find each character where it is, one by one, which took
        # seconds for a megabyte.
        first = begin
        while first < end and text[first] in " \t\r\n":
            first += 1
        # What of the value lies past the field's end (its final line break) is placed on the
        # field's last character, as the walk places it.
        head = min(len(value), end - first)
        last = first + head
        # (A comment that begins in the value's last characters and goes on past them is one
        # the value left out: the walk steps over it.)
        if (head > 0 and not text.startswith("<!--", first) and text.startswith(value[:head], first)
                and text.find("<!--", max(first, last - 3), last + 3) < 0):
            if head == len(value):
                return range(first, last)
            placed = array("q", range(first, last))
            placed.extend([max(end - 1, begin)] * (len(value) - head))
            return placed
    pos = begin
    if style in ("|", ">"):
        newline = _BREAK.search(text, begin)
        pos = end if newline is None else newline.end()
    elif style in ("'", '"'):
        pos = begin + 1
    # Markdown section values leave out HTML comments (see pmkit.markdown): skip them here.
    comments = markdown
    # The last search for a comment's end: the first "-->" at or after ``searched_from`` is
    # ``close_at`` (-1: none), which stays the answer for any later start up to it, so an
    # unclosed "<!--" is not searched to the end again for every character.
    searched_from: int | None = None
    close_at = -1
    out = array("q")
    stops = _run_stops(style, markdown)
    chars = enumerate(value)
    for index, char in chars:
        if style == '"' and pos < end and text[pos] == "\\":
            pos = _past_escaped_breaks(text, pos, end)
        if pos < end and text[pos] == char:
            run = _same_run(text, pos, end, value, index, stops)
            if run > 1:
                out.extend(range(pos, pos + run))
                pos += run
                next(islice(chars, run - 2, None), None)  # the run's other characters are placed
                continue
        if char.isspace() and pos < end:
            # A blank YAML keeps as written (a no-break space, U+3000), or an escape for it
            # ("\ ", "\_", "\N"): its own place, so that a long run of them loses nothing.
            # The spaces before it (a block's indentation) are not it.
            if char not in " \t\r\n":
                while pos < end and text[pos] in " \t\r\n":
                    pos += 1
            if pos < end and text[pos] == char and char not in " \t\r\n":
                out.append(pos)
                pos += 1
                continue
            escape = DQ_ESCAPE.match(text, pos, end) if style == '"' and text[pos:pos + 1] == "\\" else None
            if escape is not None and _unescaped(escape.group()) == char:
                out.append(pos)
                pos = escape.end()
                continue
        if char.isspace():
            out.append(min(pos, max(end - 1, begin)))
            while pos < end and text[pos] in " \t\r\n":
                pos += 1
            if style == '"' and pos + 1 < end and text[pos] == "\\" and text[pos + 1] in "ntr":
                pos += 2
            continue
        # A comment the value kept (inline code, a fenced block, an unclosed one) is matched
        # character by character; one it left out is stepped over.
        while comments and not (char == "<" and value.startswith("<!--", index)):
            # Blanks the value does not have (its stripped start, the blanks around a comment
            # left out) come before a character that is no blank: step over them, and the comment.
            while pos < end and text[pos].isspace():
                pos += 1
            if not text.startswith("<!--", pos):
                break
            if searched_from is None or not searched_from <= pos + 4 <= (close_at if close_at >= 0 else end):
                searched_from, close_at = pos + 4, text.find("-->", pos + 4, end)
            if close_at < 0:
                break
            pos = close_at + 3
        # Blanks the value does not have, before a character that is no blank (the indentation
        # of a block's first line, a no-break space a Markdown section's text was stripped of):
        # never that character, and with more than the look-ahead of them (a block indented 12
        # or more) the character was not found after them.
        while pos < end and text[pos].isspace():
            pos += 1
        if style == '"' and pos < end and text[pos] == "\\":
            escape = DQ_ESCAPE.match(text, pos, end)
            if escape is not None:  # the character this escape stands for ("\U0001F600": 10 long)
                out.append(pos)
                pos = escape.end()
                continue
        if style == "'" and char == "'" and text.startswith("''", pos):
            out.append(pos)  # a quote in single quotes is written twice
            pos += 2
            continue
        found = text.find(char, pos, min(end, pos + _LOOKAHEAD))
        if found < 0:
            out.append(min(pos, max(end - 1, begin)))
            pos += 1
        else:
            out.append(found)
            pos = found + 1
    return out


@lru_cache(maxsize=8)
def _run_stops(style: str | None, markdown: bool) -> re.Pattern[str]:
    """What ends a run of characters the walk may place all at once (see :func:`_same_run`):
    a blank other than a space or two blanks in a row (the walk skips what YAML folded), and
    the characters it treats specially in this kind of value (an escape's backslash, a doubled
    quote, the start of an HTML comment)."""
    special = {'"': "\\\\", "'": "'"}.get(style or "", "") + ("<" if markdown else "")
    return re.compile(r"[^\S ]|  " + (f"|[{special}]" if special else ""))


def _same_run(text: str, pos: int, end: int, value: str, index: int, stops: re.Pattern[str]) -> int:
    """How many characters from ``value[index]`` on are written exactly so from ``text[pos]``
    (before ``end``) with nothing the walk would treat otherwise: each is then at its own place,
    one after the other, which is what the walk would find for each one. Found by comparing
    ever longer slices, so a megabyte written as it is read is placed without a loop over each
    character, and a short run costs a few comparisons."""
    limit = min(len(value) - index, end - pos)
    step = 64
    # A run ends before the file's next line break (the value would need one there, which ends
    # a run too): bounded by it, a folded line is settled in one comparison. Looked for only so
    # far, so that a megabyte on one line is not searched again for each short run.
    newline = text.find("\n", pos, pos + min(limit, _LINE_REACH))
    if newline >= 0:
        limit = step = newline - pos
    good = 0
    while good < limit:
        upto = min(limit, good + step)
        # From one before the checked part: two blanks may straddle its start.
        stop = stops.search(value, index + max(good - 1, 0), index + upto)
        if stop is not None:
            if stop.start() - index < good:
                good = stop.start() - index
                break
            limit = upto = stop.start() - index
            if upto == good:
                break
        if text.startswith(value[index + good:index + upto], pos + good):
            good = upto
            step *= 2
        elif upto - good == 1:
            break
        else:
            step = max(1, (upto - good) // 2)
    # A space at the end of the run may stand for a run of blanks in the file: the walk decides.
    while good > 0 and value[index + good - 1] == " ":
        good -= 1
    return good


def locate(doc: Document, path: FieldPath, value: str, start: int, end: int) -> Span:
    """The file span of ``value[start:end]``, the string at ``path``; the field's span if unknown."""
    offsets = _field_offsets(doc, path, value)
    if not offsets or start >= len(offsets):
        return doc.span(path)
    starts = _starts_for(doc.text)
    first = offsets[start]
    last = offsets[max(start, min(end, len(offsets)) - 1)]
    info = doc.scalars.get(path)
    line, col = _position(starts, first)
    end_line, end_col = _position(starts, _written_end(doc.text, info.style if info else None, last))
    return Span(line, col, end_line, end_col)


def _written_end(text: str, style: str | None, offset: int) -> int:
    """The offset just past the character of a value written at ``offset``: in double quotes an
    escape (``\\u00e9``, ``\\x72``) is written with several, and in single quotes a quote with
    two, so a phrase that ends in one ended on its backslash or first quote."""
    if style == '"' and text.startswith("\\", offset):
        escape = DQ_ESCAPE.match(text, offset)
        if escape is not None:
            return escape.end()
    elif style == "'" and text.startswith("''", offset):
        return offset + 2
    return offset + 1


def text_span(text: str, start: int, end: int, *, first_line: int = 1) -> Span:
    """The position of ``text[start:end]``, for a text whose first line is ``first_line``."""
    line, col = line_col(text, start)
    end_line, end_col = line_col(text, end)
    return Span(first_line + line - 1, col, first_line + end_line - 1, end_col)


def body_span(doc: Document, start: int, end: int) -> Span:
    """The file position of ``doc.body[start:end]`` (a Markdown body)."""
    return text_span(doc.body, start, end, first_line=doc.body_line)
