"""The text as a reader sees it: what Markdown shows of an author's prose, and what of it is
not the author's own words.

``as_shown`` gives a text as Markdown shows it (emphasis, entities, escapes, inline tags and
zero-width characters read as shown, runs of blanks as one) with the way back to the text as
written; ``shown_excerpt`` quotes a range of it so. ``protected_ranges`` finds quoted speech,
code spans and blocks, URLs and link destinations; ``not_said`` adds block quotes (see
``blockquotes``). The blameless-phrasing engine (:mod:`pmkit.prose.engine`) reads every text
through them, and so do rules that need no phrase lexicon (the clarity and learning rules):
kept apart from the engine, these load without its lexicons, which a check that applies
only such rules (the model's share of a hook's run) then does not import.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pmkit.prose import INVISIBLE_CHARS

#: Pairs of quotation marks: English, German, guillemets both ways round (French and Swiss
#: «...», German »...«), and the single ones inside them (‚...‘, ‘...’, ›...‹ and ‹...›).
_PAIRS = (("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u201e", "\u201d"), ("\u00ab", "\u00bb"),
          ("\u00bb", "\u00ab"), ("\u201a", "\u2018"), ("\u2018", "\u2019"), ("\u2039", "\u203a"),
          ("\u203a", "\u2039"))


_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")


#: A link's or an image's destination (and title): "[runbook](docs/human-error.md)",
#: "![diagram](human-error.png)". Markdown shows the link text and reads the image's alt text
#: aloud, the author's words both, but never the file name or address after them.
_DESTINATION = re.compile(r"\]\([ \t]*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                          r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)")


#: The "[" (or "![") that opens a link's text (an image's alt text): shown without it, as the
#: destination after the text is, so "[human](x) error" reads "human error". The text may be
#: wrapped onto the next lines ("human [error\nin the config](x)"), as Markdown reads it, but a
#: blank line ends the paragraph and the text with it. It may hold brackets in pairs on a line:
#: a linked image ("human [![error](badge.png)](x)", read "human error") or "[[human]](x)".
#: A reference link's text ("[human][postmortem-42] error", "[human][] error", and "[human]
#: error" alone, a shortcut reference, but for a definition's "[label]:") is read so too.
_LINK_OPEN_AHEAD = (r"!?\[(?=[^\[\]\n]*(?:(?:\n(?![ \t]*\n)|\[[^\[\]\n]*\])[^\[\]\n]*)*"
                    r"\](?:\(|\[[^\[\]\n]*\]")


_LINK_OPEN = _LINK_OPEN_AHEAD + r"|(?![\[(:])))"


#: The label of a reference link after its text ("][postmortem-42]", "][]"), and the "]" that
#: closes a shortcut reference's: not shown, as a destination is not.
_FULL_REFERENCE = r"\]\[[^\[\]\n]{0,999}\]"


_REFERENCE = _FULL_REFERENCE + r"|\](?![\[(])"


#: ``_LINK_OPEN`` and ``_REFERENCE`` without the shortcut reference, for a text read where no
#: label is defined: there "[a]" is text, and a megabyte of it is a million brackets to match
#: and let be (a third more time) if the patterns look for it.
_LINK_OPEN_UNDEFINED = _LINK_OPEN_AHEAD + "))"


_REFERENCE_UNDEFINED = _FULL_REFERENCE


#: A link's text and what follows it, from its "[" (as ``_LINK_OPEN`` looks ahead for them): a
#: destination ("("), a reference's label ("[label]", "[]": the text is the label), or neither
#: (a shortcut reference, "[label]": the text is the label).
_LINK_TARGET = re.compile(r"!?\[(?P<text>[^\[\]\n]*(?:(?:\n(?![ \t]*\n)|\[[^\[\]\n]*\])[^\[\]\n]*)*)\]"
                          r"(?:(?P<inline>\()|\[(?P<label>[^\[\]\n]*)\]|(?![\[(]))")


#: The labels of the link reference definitions of the document being read (see
#: :func:`link_labels`); a text's own definitions count as well.
_LINK_LABELS: ContextVar[frozenset[str]] = ContextVar("pmkit_link_labels", default=frozenset())


@contextmanager
def link_labels(labels: frozenset[str]) -> Iterator[None]:
    """Read texts as parts of a document that defines the link ``labels`` (normalised as
    :func:`pmkit.markdown.link_label` does): in CommonMark, "[text][label]" is a link only to
    a label that is defined, and text ("matrix[i][j]", "[error][]") otherwise."""
    token = _LINK_LABELS.set(labels)
    try:
        yield
    finally:
        _LINK_LABELS.reset(token)


#: Inline HTML that shows code, as ``code spans`` do: ``<code>``, ``<kbd>`` (keys typed) and
#: ``<samp>`` (a program's output).
_HTML_CODE = re.compile(r"<(?P<tag>code|kbd|samp)(?:\s[^<>\n]*)?>", re.IGNORECASE)


_MAX_QUOTE = 600


#: Direct speech without quotation marks, to the end of its sentence (a wrapped line goes on,
#: a blank line ends it), after a verb of saying and a colon ("Alice wrote in the channel: I
#: should have checked the diff", on the colon's line or the next), or a line of a chat log
#: pasted without a blockquote, in IRC form or speaking in the first person ("[14:12]
#: <alice> ...", "14:12 alice: I should have checked the diff"; a timeline line "14:12 IC:
#: failed over to us-east-2" is the author's).
#: Each is someone's words, not the author's.
#: The verbs of saying in their forms that introduce speech: to say, tell, write, post, ask,
#: reply, answer, add, admit, note, report, state, explain, comment, message, and German
#: sagen, erzählen, berichten, mitteilen, schreiben, antworten, fragen, meinen, erklären,
#: ergänzen, zugeben, einräumen (a separable verb with its particle before the colon: "teilte
#: uns mit:", "gab zu:"). "Told us:" is as much speech as "said:". Not the forms that are as
#: often nouns before a colon of the author's own ("Notes:", "Reports:", "Comments:").
_SAYING_VERBS = (
    r"say|says|said|tell|tells|told|wrote|writes|written|posted|posts|asked|asks|replied|replies|"
    r"responded|responds|answered|commented|added|adds|admitted|admits|noted|reported|"
    r"stated|explained|explains|messaged|"
    r"sagte|sagten|sagt|gesagt|erz(?:ä|ae)hlte|erz(?:ä|ae)hlten|erz(?:ä|ae)hlt|berichtete|berichteten|"
    r"berichtet|mitgeteilt|schrieb|schrieben|schreibt|geschrieben|fragte|fragten|fragt|gefragt|"
    r"antwortete|antworteten|antwortet|geantwortet|meinte|meinten|postete|erkl(?:ä|ae)rte|"
    r"erkl(?:ä|ae)rten|erkl(?:ä|ae)rt|kommentierte|erg(?:ä|ae)nzte|erg(?:ä|ae)nzt|gestand|zugegeben|"
    r"einger(?:ä|ae)umt")


_SEPARABLE_SAYING = (r"(?:teilte|teilten|teilt)\b[^.!?:;\n]{0,60}?\bmit|(?:gab|gaben)\b[^.!?:;\n]{0,60}?\bzu|"
                     r"(?:r(?:ä|ae)umte|r(?:ä|ae)umten)\b[^.!?:;\n]{0,60}?\bein")


#: A participle after a word of manner opens the author's own sentence, not speech: "Kurz gesagt:
#: Der Entwickler hätte ...", "Einfach erklärt:", "Anders gesagt:", "Wie gesagt:".
_MANNER = "".join(f"(?<!\\b{w[0].upper()}{w[1:]} )(?<!\\b{w} )" for w in (
    "kurz", "einfach", "anders", "wie", "vereinfacht", "genauer", "grob", "ehrlich", "offen", "salopp",
    "besser", "nochmals", "nochmal"))


_SAYING = _MANNER + r"(?:\b(?:" + _SAYING_VERBS + r")\b[^.!?:;\n]{0,60}?|\b(?:" + _SEPARABLE_SAYING + r")):"


_SPEECH = re.compile(
    # on the next line, not after the authors' own "We wrote:", which opens their own text
    r"(?:" + _SAYING + r"[ \t]+|(?<!\b[Ww]e )(?<!\b[Ww]ir )" + _SAYING + r"[ \t]*\n[ \t]*)\S"
    r"(?:[^\n]|\n(?![ \t]*\n))*?(?:[.!?](?=\s|\Z)|(?=\n[ \t]*\n)|\Z)"
    r"|^[ \t]*(?:[-*+][ \t]+)?\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]+"
    r"(?:<@?[\w.-]+>|@?[\w.-]+:(?=[ \t]+(?:I|I['’](?:m|ve|d|ll)|my|me|ich|mein\w*|mir|mich)\b))[ \t][^\n]*",
    re.MULTILINE)


#: An HTML tag ("<img src=... alt=...>", "<div>", "</div>"), as CommonMark takes inline HTML:
#: markup the reader does not see, not the author's prose, but for an image's alt text, which
#: is read aloud in the image's place, as the alt text of Markdown's "![...](...)" is.
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]{0,30}"
    r"(?:\s+[^\s\"'<>/=]{1,60}(?:\s*=\s*(?:\"[^\"]{0,2000}\"|'[^']{0,2000}'|[^\s\"'=<>`]{1,2000}))?){0,50}"
    r"\s*/?>")


_ALT = re.compile(r"\salt\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s\"'=<>`]+))",
                  re.IGNORECASE)


_OPENING_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[{:]))'(?=\S)")


_CLOSING_QUOTE = re.compile(r"(?<=\S)'(?=$|[\s.,;:!?)\]}])")


class _Coverage:
    """Character ranges merged into sorted disjoint ones, to ask whether a position or a range
    touches any of them with a binary search instead of comparing every range."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(ranges):
            if a >= b:
                continue
            if self.ends and a <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], b)
            else:
                self.starts.append(a)
                self.ends.append(b)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and start < self.ends[i]


def protected(text: str) -> _Coverage:
    """What of ``text`` is not the author's own prose (quotes, code, links), to ask about."""
    return _Coverage(protected_ranges(text))


def not_said(text: str) -> _Coverage:
    """:func:`protected` and the lines of block quotes (see :func:`blockquotes`): what of
    ``text`` the author does not say in their own words."""
    return _Coverage([*protected_ranges(text), *blockquotes(text)])


#: A line of a Markdown blockquote ("> 14:07 alice: I should have checked the lag"), with the
#: lines that continue its paragraph without a ">" of their own, as Markdown reads them ("lazy"
#: continuation: a chat line wrapped in a literal block, "> 14:07 sven: ich⏎hätte früher
#: eskalieren sollen"); up to a blank line or a line that opens another block (a list item, a
#: heading, a fence, an indented block, another ">"). A line ends at "\n", and a "\r" before it
#: is part of its break (a file saved with CRLF): read as text, the blank line after a quote was
#: not blank, and the quote went on over the rest of the section, whose findings were lost.
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>.*(?:\n(?![ \t\r]*$)(?![ \t]{4})"
                         r"(?![ \t]{0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t\r]|$)|```|~~~|>)).*)*$",
                         re.MULTILINE)


#: The first line of a GitHub alert ("> [!NOTE]"), a callout in the author's own words.
_ALERT = re.compile(r"[ \t]{0,3}>[ \t]*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)


def blockquotes(text: str) -> list[tuple[int, int]]:
    """The lines of Markdown blockquotes in ``text``: quoted speech (a chat excerpt, a customer's
    message), as a quotation in quotation marks is; not a GitHub alert ("> [!WARNING]"), whose
    lines are the author's."""
    if ">" not in text:
        return []
    out: list[tuple[int, int]] = []
    alert = False
    last_end = -2
    for match in _BLOCKQUOTE.finditer(text):
        if match.start() != last_end + 1:  # a new blockquote
            alert = _ALERT.match(match.group()) is not None
        last_end = match.end()
        if not alert:
            out.append(match.span())
    return out


#: A line indented four columns by blanks and a tab ("  \t"), as an indented code block may be.
_TAB_INDENT = re.compile(r"\n {1,3}\t")


#: A text whose first line is so indented (a Markdown section that starts with a pasted log):
#: the checks above look for one after a line break only.
_INDENTED_START = re.compile(r" {4}| {0,3}\t")


def _code(text: str) -> list[tuple[int, int]]:
    """Code as ``pmkit render`` shows it, read as Markdown: fenced blocks (a fence closes only
    with a run of its own character at least as long, so a "```" inside a "````" block is code,
    and an unclosed one runs to the end), ``<pre>`` blocks up to their ``</pre>``, indented
    blocks (where no paragraph or list item goes on) and inline code spans (a run of backticks
    closed by one of the same length; a lone "```" in a sentence is a backtick, not the start
    of code up to the end of the text). Not the line of a one-line value as indented code: a
    value of one line that starts with blanks (``"\\t..."``) is text that YAML kept, not a
    block; a value of several lines whose first is indented (a Markdown section that starts
    with a pasted log) starts with code, as the rendered page shows it."""
    if ("`" not in text and "~~~" not in text and "\n    " not in text and "\n\t" not in text
            and "<" not in text and not _TAB_INDENT.search(text) and not _INDENTED_START.match(text)):
        return []  # nothing that can be code (or <pre>): the Markdown scanner is not asked
    from pmkit.markdown import code_ranges, code_spans

    # Comments stay text here (they are the author's words the rules may read).
    plain = text.replace("<!--", "<!-\0")
    ranges = [(start, end) for start, end in code_ranges(plain)
              if text[start:end].strip() and not (start == 0 and text[:1] in " \t"
                                                  and "\n" not in text.strip()
                                                  and text.lstrip(" \t")[:3] not in ("```", "~~~"))]
    if "`" in text:
        blocks = {start for start, _ in ranges}
        for start, chunk in _span_runs(plain, blocks):
            ranges.extend((start + a, start + b) for a, b in zip(*code_spans(chunk), strict=True))
    return ranges


#: A line that starts a block of its own (a list item, a heading, a quote, a table row), so a
#: code span opened on the line before does not go on into it.
_BLOCK_START = re.compile(r"[ \t]{0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#|>|\|)")


def _span_runs(plain: str, blocks: set[int]) -> Iterator[tuple[int, str]]:
    """(offset, text) of each run of lines a code span may stretch over: CommonMark lets one go
    on over the line breaks of its paragraph ("`a`-less code `such as\nthis`"), so a span is
    looked for in a paragraph, not line by line, but not across a blank line, a code block's
    line or a line that starts another block (a list item, a table row)."""
    run: list[str] = []
    run_start = start = 0
    for line in plain.split("\n"):
        ends_run = start in blocks or not line.strip() or _BLOCK_START.match(line) is not None
        if run and ends_run:
            chunk = "\n".join(run)
            if "`" in chunk:
                yield run_start, chunk
            run = []
        if start not in blocks and line.strip():
            if not run:
                run_start = start
            run.append(line)
            if line.lstrip(" \t")[:1] == "|":  # a table row: its spans end with it
                if "`" in line:
                    yield run_start, line
                run = []
        start += len(line) + 1
    if run:
        chunk = "\n".join(run)
        if "`" in chunk:
            yield run_start, chunk


def speech_spans(text: str) -> set[tuple[int, int]]:
    """Where speech after a verb of saying and a colon runs ('posted: "we are rolling back"'),
    as :func:`protected_ranges` finds it."""
    return {m.span() for m in _SPEECH.finditer(text)} if ":" in text else set()


def protected_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges that are not the author's own prose: quotes, code, URLs."""
    ranges = _code(text)
    ranges.extend(m.span() for m in _URL.finditer(text))
    if ":" in text:
        ranges.extend(m.span() for m in _SPEECH.finditer(text) if m.end() - m.start() <= _MAX_QUOTE)
    if "](" in text:
        ranges.extend(m.span() for m in _DESTINATION.finditer(text))
    if "]:" in text:
        from pmkit.markdown import definition_lines

        ranges.extend(definition_lines(text))  # (shown as nothing)
    if "<" in text:
        ranges.extend(_html_code(text))
        ranges.extend(_html_tags(text))
    # A quote may not start inside a range found before. Each pass below moves forward and
    # never asks about a position before the end of a quote it has just added, so the ranges
    # of earlier passes, merged for binary search, answer for all (the single quotes keep
    # track of their own).
    earlier = _Coverage(ranges)

    # Straight double quotes pair up in order (within a paragraph).
    pos = 0
    while True:
        start = text.find('"', pos)
        if start < 0:
            break
        end = text.find('"', start + 1)
        if end < 0:
            break
        if not earlier.covers(start) and end - start <= _MAX_QUOTE and "\n\n" not in text[start:end]:
            ranges.append((start, end + 1))
            pos = end + 1
        else:
            pos = start + 1
    for opening, closing in _PAIRS:
        earlier = _Coverage(ranges)
        pos = 0
        while True:
            start = text.find(opening, pos)
            if start < 0:
                break
            if opening == "\u2018" and start > 0 and text[start - 1].isalnum():
                pos = start + 1
                continue
            # A closing mark further than _MAX_QUOTE away does not count: not looked for.
            limit = start + _MAX_QUOTE + 1
            end = text.find(closing, start + 1, limit)
            if closing == "\u2019":  # also the apostrophe: the closing one ends a word
                while end > 0 and end + 1 < len(text) and text[end + 1].isalnum():
                    end = text.find(closing, end + 1, limit)
            if end < 0 or end - start > _MAX_QUOTE:
                pos = start + 1
                continue
            if not earlier.covers(start):
                ranges.append((start, end + 1))
            pos = end + 1
    # Straight single quotes only when clearly used as quotation marks: the first closing
    # quote within _MAX_QUOTE characters after the opening one (after the character that
    # follows it, and the last of those characters may close a quote whatever follows it).
    earlier = _Coverage(ranges)
    closings = [m.start() for m in _CLOSING_QUOTE.finditer(text)]
    added_until = 0
    for match in _OPENING_QUOTE.finditer(text):
        start = match.start()
        if earlier.covers(start) or start < added_until:
            continue
        last = min(len(text), start + 1 + _MAX_QUOTE) - 1
        i = bisect.bisect_left(closings, start + 2)
        if i < len(closings) and closings[i] < last:
            end = closings[i]
        elif last > start + 1 and text[last] == "'" and not text[last - 1].isspace():
            end = last
        else:
            continue
        ranges.append((start, end + 1))
        added_until = max(added_until, end + 1)
    return sorted(ranges)


def _html_tags(text: str) -> list[tuple[int, int]]:
    """Each HTML tag, but for the value of an ``alt`` attribute in it."""
    out: list[tuple[int, int]] = []
    for tag in _HTML_TAG.finditer(text):
        alt = _ALT.search(tag.group())
        if alt is None:
            out.append(tag.span())
            continue
        group = next(name for name in ("double", "single", "bare") if alt.group(name) is not None)
        out.append((tag.start(), tag.start() + alt.start(group)))
        out.append((tag.start() + alt.end(group), tag.end()))
    return out


def _html_code(text: str) -> list[tuple[int, int]]:
    """``<code>...</code>``, ``<kbd>`` and ``<samp>`` elements, each up to its closing tag within
    its paragraph. The next closing tag of each name and the next blank line are looked for
    only when the search has passed the last ones found, so that the work stays linear."""
    out: list[tuple[int, int]] = []
    low = text.lower()
    closes: dict[str, int] = {}  # tag → its next closing tag at or after the last search
    blank = -1  # the next blank line at or after the last search (len(text): none)
    pos = 0
    while match := _HTML_CODE.search(text, pos):
        tag = match.group("tag").lower()
        pos = match.end()
        close = closes.get(tag, -1)
        if 0 <= close < pos:
            close = -1
        if close < 0 and tag in closes and closes[tag] == len(text):
            continue  # (none after an earlier search: none after this one either)
        if close < 0:
            found = low.find(f"</{tag}>", pos)
            close = closes[tag] = found if found >= 0 else len(text)
            if found < 0:
                continue
        if blank < pos:
            found = text.find("\n\n", pos)
            blank = found if found >= 0 else len(text)
        if close < blank:  # (a blank line ends the paragraph, and the element)
            pos = close + len(tag) + 3
            out.append((match.start(), pos))
    return out


#: Characters with no width (``INVISIBLE_CHARS``), and the blanks around them, read as the
#: blanks alone: "hu\u200bman" is "human", and "human \u200b\u200b error" (a comment blanked out)
#: "human error". Tried before ``_BLANKS``, which would take the blanks before them apart.
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")


#: White space that the patterns take for one blank: a run within a line, or around a single
#: line break. A blank line is no such run: it ends a clause and a quote, and stays as it is.
_BLANKS = r"\s{2,}"


#: Markdown emphasis at the edge of a word ("*human* error", "**Bill** noticed", "_not_"): the
#: patterns read through it. A marker inside a word (snake_case, 2*3) or standing alone (a "* "
#: bullet) is no emphasis and stays. What shows nothing or a blank next to a marker is no word
#: either: a character with no width, an entity ("human&nbsp;*error*", "*human*&nbsp;error",
#: whose ";" and "&" are the punctuation after and before which Markdown's emphasis opens and
#: closes) or an inline tag.
_EMPHASIS_PARTS = (f"(?<![^\\s(\\[\"'“„«;>{INVISIBLE_CHARS}])(?:\\\\?[*_])+(?=[^\\s*_\\\\])",
                   f"(?<=[^\\s*_\\\\])(?:\\\\?[*_])+(?![^\\s)\\]\"'”“».,;:!?&<{INVISIBLE_CHARS}])")


_EMPHASIS_OPENING = re.compile(_EMPHASIS_PARTS[0])


#: Stars inside a word ("hu*man* error", "*Haupt*ursache", "hu**man** error"): CommonMark opens
#: and closes emphasis with them there (not with "_", which stays in "snake_case"). They are
#: emphasis where the word has another run of stars to pair with (see ``_paired_in_word``);
#: alone ("2*3", "a*b") they show as written.
_IN_WORD = r"(?<=[^\W_])\*+(?=[^\W_])"


#: How far around a star inside a word its partner is looked for (a word is rarely longer).
_WORD_REACH = 64


#: The "_" runs that may open emphasis (after no letter, digit or "_", before a character that
#: is no blank) and close it (after such a character, before none), and a paragraph's end: an
#: "_" at the edge of a word with an "_" inside it ("hu_man_") is emphasis only with a partner
#: of the other kind in its paragraph, as in CommonMark, for the one inside cannot be it.
_UNDERSCORE_OPENER = re.compile(r"(?<!\w)_+(?=[^\s_])")


_UNDERSCORE_CLOSER = re.compile(r"(?<=[^\s_])_+(?!\w)")


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


#: What Markdown shows as something else, as pasted from wikis and HTML exports: an entity
#: ("&nbsp;", "&amp;", "&quot;") is read as the character it shows, a line break tag as a line
#: break; a backslash escape ("\\#", "\\*error\\*" above, a hard line break at the end of a
#: line) shows no backslash, and inline tags ("<b>human</b> error"; the "<font>" and the empty
#: "<o:p>" of an Outlook or Word export) show nothing. A run of escapes
#: ("\\\\\\") is one match: each backslash after the first follows a backslash, where no other
#: part of a squeeze (``_squeeze_parts``) can start, so the run cuts the same characters as one
#: match each would.
_SHOWN_PARTS = (r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
                r"(?P<br><br\s*/?>)",
                r"(?:\\(?=[!-/:-@\[-`{-~\n]))+",
                r"</?(?:a|abbr|b|big|cite|del|dfn|em|font|i|ins|mark|o:p|q|s|small|span|strong|sub|sup|u)"
                r"(?:\s[^<>\n]*)?>",
                _LINK_OPEN_UNDEFINED, f"{_DESTINATION.pattern}|{_REFERENCE_UNDEFINED}")


#: ``_SHOWN_PARTS`` for a text read where a label is defined: a shortcut reference ("[label]")
#: may be a link there.
_SHOWN_PARTS_DEFINED = (*_SHOWN_PARTS[:4], _LINK_OPEN, f"{_DESTINATION.pattern}|{_REFERENCE}")


#: A word hyphenated across a line break, as text pasted from a PDF or a word processor is
#: ("care-\nless"; a folded YAML block makes the break a space, "care- less"): the hyphen and
#: the break are cut, and the patterns read the word whole. Only between letters, with a small
#: letter after (a German noun after "Datenbank-\nAdministrator" keeps its hyphen), and not
#: before "and"/"or" ("pre- and post-incident", "first- or second-line"). Before a capital, the
#: hyphen is a compound's ("Datenbank-\nAdministrator"), and only the break is cut. A soft
#: hyphen before a line break ("mensch\u00ad\nliches", as a PDF's hyphenation is copied) is
#: cut with the break before any letter: it only ever marks where a word may be split.
_HYPHENATED = (r"(?<=[^\W\d_])(?:-(?:[ \t]*\r?\n[ \t]*|[ ](?!(?:and|or|nor|to|und|oder|bis|sowie)\b))"
               r"(?-i:(?![A-ZÄÖÜ]))|\u00ad[ \t]*\r?\n[ \t]*)(?=[^\W\d_])")


_COMPOUND_BREAK = r"(?<=[^\W\d_]-)[ \t]*\r?\n[ \t]*(?-i:(?=[A-ZÄÖÜ]))"


#: Letters written in more than one character: combining accents after their letter, as text
#: copied on macOS often is ("a\u0308" for "ä": "fahrla\u0308ssig"), are read composed (NFC),
#: and the typesetting ligatures of text copied from a PDF ("\ufb01red", "sta\ufb00") as their
#: letters. A combining mark is matched alone; ``_squeeze`` takes the letter before it along.
_COMBINING = "\u0300-\u036f"


_LIGATURES = "\ufb00-\ufb06"


_LETTER_PARTS = (f"(?P<combining>[{_COMBINING}]+)", f"(?P<ligature>[{_LIGATURES}])")


_COMBINING_MARK = re.compile(f"[{_COMBINING}]")


_LIGATURE = re.compile(f"[{_LIGATURES}]")


def _squeeze_parts(shown: tuple[str, ...]) -> tuple[str, ...]:
    """The alternatives of what ``_squeezed`` reads as Markdown shows it (one pattern of them
    all, searched at every character, is the tests' reference), each a named group, with
    ``shown`` as what Markdown shows as something else."""
    return (f"(?P<hyphenated>{_HYPHENATED})", f"(?P<compound>{_COMPOUND_BREAK})",
            f"(?P<invisible>\\s*[{INVISIBLE_CHARS}][\\s{INVISIBLE_CHARS}]*)",
            f"(?P<blanks>{_BLANKS})",
            *(f"(?P<emphasis{i}>{part})" for i, part in enumerate(_EMPHASIS_PARTS)),
            f"(?P<in_word>{_IN_WORD})",
            *shown[:2], f"(?P<escapes>{shown[2]})", f"(?P<tag>{shown[3]})",
            f"(?P<link>{shown[4]})", f"(?P<destination>{shown[5]})",
            *_LETTER_PARTS)


def _squeeze_ahead(shown: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(f"[\\s{INVISIBLE_CHARS}*_\\\\&<!\\[\\]\\-{_COMBINING}{_LIGATURES}]"
                      f"(?<=(?=(?:{'|'.join(_squeeze_parts(shown))}))(?s:.))", re.IGNORECASE)


#: A squeeze (any of ``_squeeze_parts``), found without trying every character: each of its
#: matches starts with one of the characters of the class in front, which the regular
#: expression engine skips to; only there does it look ahead for the match, each of whose
#: alternatives is a named group (the match's ``lastgroup``). Searched for as one pattern, it
#: was tried at each character of the text (0.7 s for a few megabytes of quote lines without
#: one match).
_SQUEEZE_AHEAD = _squeeze_ahead(_SHOWN_PARTS)


#: ``_SQUEEZE_AHEAD`` for a text read where a label is defined (see ``_SHOWN_PARTS_DEFINED``);
#: its groups are numbered as those of ``_SQUEEZE_AHEAD``.
_SQUEEZE_AHEAD_DEFINED = _squeeze_ahead(_SHOWN_PARTS_DEFINED)


#: The kind of a match of ``_SQUEEZE_AHEAD`` by the number of its alternative's group (the
#: groups of ``_squeeze_parts`` with a name; None for the others).
_SQUEEZE_KINDS = (None, *(name if name in ("hyphenated", "compound", "invisible", "blanks", "entity", "br",
                                           "combining", "ligature", "in_word")
                          else None
                          for name, _ in sorted(_SQUEEZE_AHEAD.groupindex.items(), key=lambda item: item[1])))


#: A match longer than this is stepped over by a new search after it, not by trying its places.
_LONG_MATCH = 16


def _squeeze_matches(text: str, defined: bool = False) -> Iterator[tuple[int, int, str | None]]:
    """``(start, end, kind)`` of each squeeze (one pattern of all ``_squeeze_parts``, searched
    at every character, gives the same matches), ``kind`` its ``lastgroup``, found with
    ``_SQUEEZE_AHEAD``: an entity, a line break tag, invisible
    characters or blanks, or None for anything else. Where a label is ``defined``, a shortcut
    reference's brackets are matched too (with ``_SQUEEZE_AHEAD_DEFINED``)."""
    pos = 0
    kinds = _SQUEEZE_KINDS
    ahead = _SQUEEZE_AHEAD_DEFINED if defined else _SQUEEZE_AHEAD
    while True:
        for found in ahead.finditer(text, pos):
            group = found.lastindex
            assert group is not None
            start, end = found.span(group)
            if start < pos:
                # A place inside the match before (a run of blanks or markers): the search goes
                # on after it, or each place of a long run of blanks would be read to its end.
                break
            pos = end
            yield start, end, kinds[group]
            if end - start > _LONG_MATCH:
                break  # (the next place inside it would be read to its end too: a run of escapes)
        else:
            return


#: The way back from the squeezed text to the text as written (see :func:`_squeeze`): the
#: positions after each cut, the characters cut up to there (cumulated), and, for each cut
#: that left something in its place (an entity's character, one blank for a run), where that
#: ends and the characters cut up to there.
_Shifts = tuple[list[int], list[int], dict[int, int]]


#: Long texts squeezed last, with the result: the blameless, vague-impact and impact-count
#: rules each read the same summary as shown, and squeezing is a loop over every blank run and
#: marker (seconds for a megabyte of them). Four, so that the body, a section and its line read
#: in between do not push the summary out; the results are shared, never changed.
_SQUEEZED_KEPT: dict[tuple[str, frozenset[str]], tuple[str, _Shifts]] = {}


_LONG_TEXT = 10_000


def _squeezed(text: str) -> tuple[str, _Shifts]:
    if len(text) < _LONG_TEXT:
        return _squeeze(text)
    key = text, _LINK_LABELS.get()  # (its reference links depend on the labels defined)
    result = _SQUEEZED_KEPT.get(key)
    if result is None:
        result = _squeeze(text)
        if len(_SQUEEZED_KEPT) >= 4:
            del _SQUEEZED_KEPT[next(iter(_SQUEEZED_KEPT))]
        _SQUEEZED_KEPT[key] = result
    return result


def _reference(text: str, start: int) -> tuple[str, int] | None:
    """The label, as written, of the reference link whose "[" is at ``start`` and where its
    text's "]" is; None for an inline link ("[text](destination)")."""
    found = _LINK_TARGET.match(text, start)
    if found is None or found.group("inline"):
        return None
    label = found.group("label")
    return label if label and label.strip() else found.group("text"), found.end("text")


def _paired_in_word(text: str, start: int, end: int) -> bool:
    """Whether the stars ``text[start:end]``, inside a word, have another run of stars in the
    same word to open or close emphasis with ("hu*man*", "*Haupt*ursache", "a*b*c")."""
    # (a letter stands on either side of them: the word goes on both ways)
    before = text[max(0, start - _WORD_REACH):start].rsplit(None, 1)[-1]
    after = text[end:end + _WORD_REACH].split(None, 1)[0]
    return "*" in before or "*" in after


class _Underscores:
    """Where the "_" runs of a text that may open and close emphasis stand, and its paragraph
    ends (see ``_UNDERSCORE_OPENER``), looked up at the first question."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: tuple[list[int], list[int], list[int]] | None = None

    def paired(self, start: int, opening: bool) -> bool:
        """Whether the "_" run at ``start`` has a partner in its paragraph: a closing run after
        it if it is ``opening``, an opening one before it if not."""
        if self.found is None:
            openers, closers, ends = ([found.start() for found in pattern.finditer(self.text)]
                                      for pattern in (_UNDERSCORE_OPENER, _UNDERSCORE_CLOSER, _PARAGRAPH_END))
            self.found = openers, closers, ends
        openers, closers, ends = self.found
        if opening:
            index = bisect.bisect_right(closers, start)
            partner = closers[index] if index < len(closers) else -1
        else:
            index = bisect.bisect_left(openers, start) - 1
            partner = openers[index] if index >= 0 else -1
        if partner < 0:
            return False
        low, high = sorted((start, partner))
        return bisect.bisect_left(ends, low) == bisect.bisect_left(ends, high)


def _unpaired_underscores(text: str, start: int, end: int, underscores: _Underscores) -> bool:
    """Whether the "_" run ``text[start:end]``, at the edge of a word with an "_" inside it
    ("hu_man_", "_snake_case"), has no partner in its paragraph: it shows as written."""
    run = text[start:end]
    if run[0] != "_" or run.strip("_"):
        return False
    opening = _EMPHASIS_OPENING.match(text, start) is not None
    word = (text[end:end + _WORD_REACH].split(None, 1) or [""])[0] if opening \
        else (text[max(0, start - _WORD_REACH):start].rsplit(None, 1) or [""])[-1]
    return "_" in word.strip("_*") and not underscores.paired(start, opening)


#: What may stand after markup that shows nothing or a blank: blanks and characters with no width.
_AFTER_CUT = re.compile(f"[\\s{INVISIBLE_CHARS}]*")


def _one_blank(text: str, tail: str, kept: str, end: int) -> tuple[str, str, int] | None:
    """For a cut that ends at ``end`` and leaves ``kept`` in its place, after ``tail`` (the last
    character shown before it): when that leaves two blanks or more in a row, as markup that
    shows nothing or a blank between blanks does ("human [^1]  error", "human <b></b> error",
    "human &nbsp; error", "human <br> error"), the blank that stays before it (``tail``, a
    line break if the run held one), what the cut leaves and where it ends, over the blanks
    after it: the run reads as one blank, as a run written so does. None if nothing is to merge,
    or the blanks after it hold a blank line (a paragraph's end, which stays)."""
    if not (kept.isspace() if kept else tail.isspace()):
        return None  # (something shown, or no blank before it: no run of blanks)
    after = _AFTER_CUT.match(text, end)
    assert after is not None
    blanks = _INVISIBLE.sub("", after.group())
    if blanks.count("\n") > 1 or tail.isspace() + bool(kept) + bool(blanks) < 2:
        return None
    newline = "\n" in tail + kept + blanks
    if tail.isspace():
        return "\n" if newline else tail, "", after.end()
    return tail, "\n" if newline else kept, after.end()


def _squeeze(text: str) -> tuple[str, _Shifts]:
    """``text`` with every run of blanks (see ``_BLANKS``) cut to one character (a line break if
    it held one, so clause and list-bullet boundaries stay), every emphasis marker (see
    ``_EMPHASIS``) cut out and what Markdown shows otherwise read as shown (see ``_SHOWN``),
    and the way back: the positions in the new text from which the offsets of ``text`` are
    larger, and by how much (cumulated); and for a cut that left characters in its place, where
    they end and how much was cut up to there, for a phrase that ends in them ("erro&#114;")
    to end after what they stand for. All are empty if nothing was cut."""
    parts: list[str] = []
    after: list[int] = []
    shift: list[int] = []
    replaced: dict[int, int] = {}
    entities: dict[str, str] = {}  # each entity unescaped once (a megabyte of "&amp;")
    labels = _LINK_LABELS.get()
    if "]:" in text:
        from pmkit.markdown import link_labels as defined

        labels = labels | defined(text)
    normal: dict[str, str] = {}  # each label as written normalised once (a megabyte of "[a]")
    linked: set[int] = set()  # the "]" of each reference link's text whose label is defined
    code: _Coverage | None = None  # the text's code, looked up at the first reference defined
    underscores = _Underscores(text)
    shown_last = ""  # the last character of the text as shown so far, and the part that holds it
    shown_part = -1
    done = removed = 0
    for start, end, kind in _squeeze_matches(text, bool(labels)):
        if start < done:
            continue  # (within a footnote's reference, cut whole)
        if kind == "combining":
            if start <= done:
                continue  # no letter of its own before it (the text's start, or what was cut)
            start -= 1  # the letter the marks belong to
        run = text[start:end]
        if kind == "compound":
            kept = ""  # the break in "Datenbank-\nAdministrator": the hyphen before it stays
        elif kind == "combining" or kind == "ligature":
            kept = unicodedata.normalize("NFC" if kind == "combining" else "NFKC", run)
            if kept == run:
                continue  # a mark no letter is composed with: it stays as written
        elif kind == "blanks" or kind == "invisible":
            blanks = run if kind == "blanks" else _INVISIBLE.sub("", run)
            if blanks.count("\n") > 1:
                if blanks == run:
                    continue  # a paragraph break stays as written
                kept = blanks
            else:
                kept = "\n" if "\n" in blanks else " " if blanks else ""
        elif kind == "entity":
            shown = entities.get(run)
            if shown is None:
                # An entity of a character with no width ("hu&shy;man", "&#8203;") shows nothing;
                # one of a ligature ("&#xfb01;red") its letters, as the ligature written as such.
                import html  # (only here: about 1 ms of every check, for a text with an entity)
                shown = _INVISIBLE.sub("", html.unescape(run))
                if _LIGATURE.match(shown):
                    shown = unicodedata.normalize("NFKC", shown)
                entities[run] = shown
            if start > done and _COMBINING_MARK.match(shown):
                # A mark ("fahrla&#x308;ssig") is composed with the letter before it, as one
                # written as such is.
                start -= 1
                run = text[start:end]
                shown = unicodedata.normalize("NFC", text[start] + shown)
            kept = shown
            if kept == run:
                continue  # no entity HTML knows: it shows as written
        elif kind == "in_word" and not _paired_in_word(text, start, end):
            continue  # "2*3": a star alone inside a word shows as written
        elif kind is None and _unpaired_underscores(text, start, end, underscores):
            continue  # "hu_man_ error": the "_" inside the word opens nothing, both show
        elif text[start] == "]" and not text.startswith("](", start):
            if start not in linked:
                continue  # the label of no link ("matrix[i][j]", "[y]"): text, shown as written
            kept = ""
        else:
            if kind is None and text[start:end] in ("[", "![") and (reference := _reference(text, start)):
                label = normal.get(reference[0])
                if label is None:
                    from pmkit.markdown import link_label

                    label = normal[reference[0]] = link_label(reference[0])
                if label not in labels:
                    continue  # a label nothing defines: no link, its "[" is shown
                if code is None:
                    code = _Coverage(_code(text))
                if code.covers(start):
                    continue  # code shows it as written ("`matrix[i][j]`")
                if label.startswith("^"):
                    # A reference to a footnote ("human[^1] error"): a small number shows there,
                    # no word, and the words around it are read together (with one blank
                    # between them, "human [^1] error": see ``_one_blank``).
                    end = reference[1] + 1
                    run = text[start:end]
                else:
                    linked.add(reference[1])
            kept = "\n" if kind == "br" else ""  # (a word hyphenated across lines is joined)
        gap = text[done:start]
        tail = gap[-1:] or shown_last
        if (kept or tail.isspace()) and kind != "blanks" and kind != "invisible" and (
                merged := _one_blank(text, tail, kept, end)):
            blank, kept, end = merged
            run = text[start:end]
            if blank != tail:  # (one character for another: no offset moves)
                if gap:
                    gap = gap[:-1] + blank
                else:
                    parts[shown_part] = parts[shown_part][:-1] + blank
                    shown_last = blank
        parts.append(gap)
        parts.append(kept)
        if kept:
            shown_part, shown_last = len(parts) - 1, kept[-1]
        elif gap:
            shown_part, shown_last = len(parts) - 2, gap[-1]
        for extra in range(1, len(kept) - len(run) + 1):
            # The letters a ligature is read as: each is placed on the ligature, so that a phrase
            # that ends with one ("sta\ufb00") ends after it, not after the character next to it.
            after.append(start - removed + extra)
            shift.append(removed - extra)
        at = start - removed + len(kept)
        removed += len(run) - len(kept)
        if kept:
            replaced[at] = removed
        if after and after[-1] == at:
            # Cuts next to each other (a run of markers and escapes) map to the same place: only
            # the last of equal places is ever looked up (see ``_back``), so one entry does.
            shift[-1] = removed
        else:
            after.append(at)
            shift.append(removed)
        done = end
    if not after:
        return _typography(text), ([], [], {})
    parts.append(text[done:])
    return _typography("".join(parts)), (after, shift, replaced)


#: Characters that word processors, wikis and chat clients put where a keyboard types another,
#: read as that one, one character for one (every offset stays): the spaces of typography
#: (non-breaking, thin, narrow, en, em, figure, ideographic...), the hyphen and the non-breaking
#: hyphen ("fat\u2011fingered") and full-width letters and signs ("\uff48\uff55\uff4d\uff41\uff4e"
#: is "human"). The line and paragraph separators of Unicode (U+2028, U+2029: a line break
#: within a paragraph in exports of word processors and web editors), the next-line control
#: and a vertical tab or form feed (Word's manual line and page breaks) are a line break.
_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys(["\u2028", "\u2029", "\x85", "\x0b", "\x0c"], "\n"),
    **dict.fromkeys(["\u00a0", "\u1680", *map(chr, range(0x2000, 0x200b)), "\u202f", "\u205f", "\u3000"],
                    " "),
    "\u2010": "-", "\u2011": "-",
    **{chr(code): chr(code - 0xfee0) for code in range(0xff01, 0xff5f)},
})


#: An apostrophe typed as a look-alike between two letters: the modifier letter apostrophe of
#: some keyboards ("shouldn\u02bct"), an acute accent ("shouldn\u00b4t", "hätte\u00b4s"), a prime, or
#: a left quotation mark put by autocorrection ("didn\u2018t"). Read as an apostrophe; a quotation
#: mark at the edge of a word ("\u2018quoted\u2019") is no such one. An acute accent, which no
#: text has after a letter otherwise, is one at the end of a word too: an elision ("hätt\u00b4 es",
#: "wär\u00b4") or a plural's genitive ("the engineers\u00b4 fault").
#: (The mark is looked for first, the letters around it only where there is one.)
_APOSTROPHE_LIKE = re.compile("[\u02bc\u00b4\u2032\u2018](?<=[^\\W\\d_].)(?:(?=[^\\W\\d_])|(?<=\u00b4))")


#: Any character of ``_TYPOGRAPHY``: translating a text that holds none, as most do, costs as
#: much as a search for them does in one that is not plain ASCII (0.2 s for 3 MB of German).
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(map(chr, _TYPOGRAPHY))) + "]")


def _typography(text: str) -> str:
    """``text`` with what typography writes otherwise read as typed (see ``_TYPOGRAPHY``)."""
    if _TYPOGRAPHIC.search(text):
        text = text.translate(_TYPOGRAPHY)
    text = _APOSTROPHE_LIKE.sub("\u2019", text)
    return _backtick_apostrophes(text) if "`" in text else text


def _backtick_apostrophes(text: str) -> str:
    """``text`` with each backtick typed for an apostrophe ("don`t", "it`s"; see
    :data:`pmkit.markdown.BACKTICK_APOSTROPHE`) outside code read as one: the words around
    it are one word ("didn’t"), not two with a clause boundary between them."""
    from pmkit.markdown import BACKTICK_APOSTROPHE

    marks = [match.start() for match in BACKTICK_APOSTROPHE.finditer(text)]
    if not marks:
        return text
    code = _Coverage(_code(text))
    chars = list(text)
    for mark in marks:
        if not code.covers(mark):
            chars[mark] = "\u2019"
    return "".join(chars)


_MARKS = re.compile(r"[*_]+")


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of the text as written, widened over an emphasis marker just outside it
    whose partner is inside: the words of "_human_ error" are marked from the first "_", not
    as "human_ error", with one marker of a pair, and those of "human *error*" up to the last
    "*". Emphasis around the whole phrase stays outside: "**human error**" marks "human error"."""
    before = start
    while before > 0 and text[before - 1] in "*_":
        before -= 1
    after = end
    while after < len(text) and text[after] in "*_":
        after += 1
    if before == start and after == end:
        return start, end
    inside = {run.group() for run in _MARKS.finditer(text, start, end)}
    return (before if text[before:start] in inside else start,
            after if text[end:after] in inside else end)


def _back(shifts: _Shifts, start: int, end: int) -> tuple[int, int]:
    """The range of the text as written that the range ``[start, end)`` of the squeezed text
    reads; an end stays before what was cut there: "**human error**" marks "human error", but
    one that ends in what a cut left in its place ends after what that stands for: "human
    erro&#114;" is marked up to its ";", not up to its "&"."""
    after, shift, replaced = shifts
    if not after:
        return start, end
    first = bisect.bisect_right(after, start) - 1
    last = bisect.bisect_left(after, end) - 1
    end_shift = replaced.get(end)
    if end_shift is None:
        end_shift = shift[last] if last >= 0 else 0
    return start + (shift[first] if first >= 0 else 0), end + end_shift


def shown_excerpt(text: str, start: int, end: int) -> str:
    """The words of ``text[start:end]`` as Markdown shows them, read within all of ``text`` (the
    "[" of a link before the range and its "](...)" after it are not shown, nor an emphasis
    marker, an escape or an entity as written), each run of blanks one space: what a message
    quotes of a finding placed on the text as written ("Some users", not "Some [users")."""
    shown, (after, shift, _) = _squeezed(text)

    def written(at: int) -> int:  # where the character ``at`` of the shown text is written
        cut = bisect.bisect_right(after, at) - 1
        return at + (shift[cut] if cut >= 0 else 0)

    def first_from(offset: int) -> int:  # the first character of the shown text written from there
        low, high = 0, len(shown)
        while low < high:
            middle = (low + high) // 2
            if written(middle) < offset:
                low = middle + 1
            else:
                high = middle
        return low

    return " ".join(shown[first_from(start):first_from(end)].split())


def as_shown(text: str) -> tuple[str, Callable[[int, int], tuple[int, int]]]:
    """``text`` as the phrase patterns read it, as Markdown shows it (emphasis, entities,
    escapes, inline tags and zero-width characters read as shown, runs of blanks as one; see
    ``_squeezed``), and the way back from a range of it to the same words in ``text``."""
    shown, shifts = _squeezed(text)
    return shown, lambda start, end: _balanced(text, *_back(shifts, start, end))
