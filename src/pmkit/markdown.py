"""Markdown postmortems: the body's ``## Summary``-style sections fill the narrative fields.

A Markdown postmortem is YAML front matter (the same fields as a YAML postmortem) followed by
a body. The loader (:mod:`pmkit.loader`) parses the front matter; :func:`apply_body` then reads
the body's level-2 sections and fills the narrative fields the front matter leaves out:

==========================================  =========================================
heading (English / German)                  field
==========================================  =========================================
``## Summary`` / ``## Zusammenfassung``      ``summary``
``## Impact`` / ``## Auswirkungen``          ``impact.description``
``## What went well`` / ``## Was gut lief``  ``lessons.went_well``
``## What went wrong`` / ``## Was schlecht lief``  ``lessons.went_wrong``
``## Where we got lucky`` / ``## Wo wir Glück hatten``  ``lessons.lucky``
``## Lessons`` / ``## Lehren``               its ``###`` subsections named as above
==========================================  =========================================

A lessons section gives one item per list item; without a list, one per paragraph, and one
per row of a table (after its header and delimiter rows). An item of several paragraphs (a
blank line, then text indented to the item's text, as CommonMark reads it) keeps them apart
by a blank line, and code in an item stays code (see :func:`_item_value`).

Every filled field gets a source position like a YAML value does: the heading is its key
(``key_spans``), the section text its value (``value_spans``), and the section is registered
in ``scalars`` as a literal block (style ``"|"``) whose span starts at the heading line, so
:func:`pmkit.textmap.locate` maps a phrase inside the section to its line and column. Section
text is kept verbatim (it is Markdown, like a ``summary: |`` block in YAML can be), except
that HTML comments (guidance, ``<!-- pmkit: ignore[...] -->``) are left out of the value, and
so are lines of tags at its start or end that wrap sections (``<details><summary>Impact</summary>``
above ``## Impact``, ``</details>`` after its text: see :func:`_unwrapped`).

A field given both in the front matter and as a section, or a section given twice, is
reported once (PM018) at the later heading; the first one is used.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import Document, FieldPath, ScalarInfo, Span, lookalike

#: Normalised heading text → field path. Headings are matched case-insensitively, with
#: trailing colons and ``#`` marks removed.
SECTION_FIELDS: dict[str, FieldPath] = {
    "summary": ("summary",),
    "zusammenfassung": ("summary",),
    "impact": ("impact", "description"),
    "auswirkungen": ("impact", "description"),
    "auswirkung": ("impact", "description"),
}

#: Other names templates give the same sections ("## Executive summary", "## TL;DR",
#: "## Customer impact"). Such a section fills its field only when nothing else gives it (the
#: front matter, a section named as above, an earlier one of these): a document with both
#: "## Impact" and "## Customer impact" has a second section of its own, not the impact twice.
SECTION_ALIASES: dict[str, FieldPath] = {
    **dict.fromkeys(("executive summary", "tl;dr", "tldr", "kurzfassung", "management summary",
                     # Atlassian's "Incident summary", PagerDuty's "Overview"
                     "incident summary", "incident overview", "overview", "überblick"),
                    ("summary",)),
    **dict.fromkeys(("customer impact", "user impact", "auswirkungen auf kunden",
                     "kundenauswirkungen",
                     # ("Impact on customers", "Auswirkung auf Kunden", "Auswirkungen auf Nutzer")
                     "impact on customers", "impact on users", "impact to customers", "impact to users",
                     "auswirkung auf kunden", "auswirkungen auf die kunden", "kundenauswirkung",
                     "auswirkungen auf nutzer", "auswirkung auf nutzer", "nutzerauswirkungen"),
                    ("impact", "description")),
}

LESSON_LISTS: dict[str, FieldPath] = {
    "what went well": ("lessons", "went_well"),
    "went well": ("lessons", "went_well"),
    "was gut lief": ("lessons", "went_well"),
    "was gut gelaufen ist": ("lessons", "went_well"),
    # The question as German templates ask it ("Was lief gut?", "Was ist gut gelaufen?").
    "was lief gut": ("lessons", "went_well"),
    "was ist gut gelaufen": ("lessons", "went_well"),
    "what went wrong": ("lessons", "went_wrong"),
    "went wrong": ("lessons", "went_wrong"),
    # The other names templates give it ("What didn't go so well", "What could have gone better").
    "what didn't go well": ("lessons", "went_wrong"),
    "what did not go well": ("lessons", "went_wrong"),
    "what didn't go so well": ("lessons", "went_wrong"),
    "what went badly": ("lessons", "went_wrong"),
    "what went poorly": ("lessons", "went_wrong"),
    "what could have gone better": ("lessons", "went_wrong"),
    "was schlecht lief": ("lessons", "went_wrong"),
    "was nicht gut lief": ("lessons", "went_wrong"),
    "was lief schlecht": ("lessons", "went_wrong"),
    "was lief nicht gut": ("lessons", "went_wrong"),
    "was lief nicht so gut": ("lessons", "went_wrong"),
    "was ist schlecht gelaufen": ("lessons", "went_wrong"),
    "was ist nicht gut gelaufen": ("lessons", "went_wrong"),
    "was hätte besser laufen können": ("lessons", "went_wrong"),
    "where we got lucky": ("lessons", "lucky"),
    "lucky": ("lessons", "lucky"),
    "wo wir glück hatten": ("lessons", "lucky"),
    "wo hatten wir glück": ("lessons", "lucky"),
    "glück gehabt": ("lessons", "lucky"),
}
# ("What didn’t go well" with a word processor's apostrophe)
LESSON_LISTS.update({name.replace("'", "\u2019"): path for name, path in LESSON_LISTS.items() if "'" in name})

#: (PagerDuty's template asks "How'd we do?" over "What went well?" and "What didn't go so well?".)
LESSON_GROUPS = frozenset({"lessons", "lessons learned", "lehren", "erkenntnisse",
                           "gelernte lektionen", "how'd we do", "how\u2019d we do", "how did we do"})

#: A link reference definition: ``[label]: destination`` and an optional title, on one line or
#: on more, as CommonMark allows: the destination on the line after the label (see
#: ``_DEFINITION_START``), the title on the line after the destination. Markdown shows nothing
#: of it ("[^1]: ..." is a footnote, which it shows). A label holds no "[" but an escaped one:
#: "[see [the log]: https://..." is text.
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)(?P<label>(?:[^\[\]\\]|\\.)+)\]:"
                              r"[ \t]*\n?[ \t]*(?:<[^>\n]*>|\S+)"
                              r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$")

#: Body headings of fields only the front matter holds, as lists of entries with ids and times
#: (normalised heading → field): a table or list under one is text, and the rule that misses
#: the field says so at the heading (see :func:`front_matter_heading`).
FRONT_MATTER_SECTIONS: dict[str, str] = {
    **dict.fromkeys(("timeline", "zeitleiste", "zeitachse", "zeitlicher ablauf", "chronologie",
                     "incident timeline", "detailed timeline", "timeline of events", "chronology",
                     "zeitlicher verlauf", "zeitablauf"),
                    "timeline"),
    # (GitLab's incident review asks "What were the root causes?")
    **dict.fromkeys(("contributing factors", "root cause", "root causes", "root cause(s)", "causes",
                     "ursachen", "ursache", "beitragende faktoren", "mitwirkende faktoren",
                     "contributing causes", "root cause analysis", "what were the root causes",
                     "ursachenanalyse"),
                    "contributing_factors"),
    # ("Remediation items", as the Etsy-style debriefing guides name them)
    **dict.fromkeys(("action items", "actions", "follow-ups", "follow-up actions",
                     "corrective actions", "next steps", "maßnahmen", "massnahmen",
                     "aktionspunkte", "folgemaßnahmen", "nächste schritte", "remediation",
                     "remediations", "remediation items", "follow-up items",
                     "follow-ups and action items"), "action_items"),
    # (decisions told in prose under their own heading, records being what the rules read)
    **dict.fromkeys(("decisions", "entscheidungen", "key decisions", "decision log"), "decisions"),
}

#: Headings of the English and German Markdown templates, for :mod:`pmkit.render`.
HEADINGS = {
    "en": {"summary": "Summary", "impact": "Impact", "lessons": "Lessons",
           "went_well": "What went well", "went_wrong": "What went wrong",
           "lucky": "Where we got lucky"},
    "de": {"summary": "Zusammenfassung", "impact": "Auswirkungen", "lessons": "Lehren",
           "went_well": "Was gut lief", "went_wrong": "Was schlecht lief",
           "lucky": "Wo wir Glück hatten"},
}

#: An ATX heading; its text still holds the optional closing "#"s (see ``_heading_text``: a
#: pattern that matched them too backtracked in time quadratic in the line's blanks).
_HEADING = re.compile(r"^[ ]{0,3}(?P<marks>#{1,6})[ \t]+(?P<text>.*)$")
#: A list item: a bullet (-, *, +) or a number (1. or 1)), as CommonMark has them; its text
#: after a task list's check box ("- [ ] Add an alert", "- [x] ..."), which shows as a box.
_BULLET = re.compile(r"^(?P<indent>[ ]{0,3})(?:[-*+]|\d{1,9}[.)])[ \t]+"
                     r"(?P<content>(?:\[[ xX]\][ \t]+)?(?P<text>\S.*))$")


#: A list item's marker with nothing after it: its text starts on the next line, indented
#: ("-⏎  The cache was cold."), as CommonMark reads it.
_EMPTY_BULLET = re.compile(r"^(?P<indent>[ ]{0,3})(?:[-*+]|\d{1,9}[.)])[ \t]*$")
#: A block quote's line in a list item's text (its indentation taken off), which may interrupt
#: a paragraph: "- The deploy went out.⏎  > 14:02 alice: ..." is an item and a quote in it.
_QUOTE_LINE = re.compile(r"[ ]{0,3}>")


@dataclass(frozen=True)
class Section:
    """One heading of the body and the text under it (up to the next heading); a setext
    heading's ``line`` and ``offset`` are those of its first line of text."""

    level: int
    title: str
    line: int  # 1-based line of the heading in the file
    heading_end_col: int  # one past the heading's last character
    offset: int  # offset of the heading line in doc.text
    start: int  # offset of the first character after the heading line
    end: int  # offset just past the section's own text (the next heading of any level)
    #: How many lines the heading's text takes: a setext heading's may take several above its
    #: underline ("Root cause of the" and "outage" above "======"), which is not counted.
    text_lines: int = 1


# A heading's whole text set in emphasis (``**Summary**``, ``_Summary_``) or made a link
# (``[Summary](#summary)``): the words are still the section's name.
_WRAPPED = re.compile(r"^(?:(?P<mark>\*{1,3}|_{1,3})(?P<emphasised>\S(?:.*\S)?)(?P=mark)"
                      r"|\[(?P<linked>[^\[\]]+)\](?:\([^()]*\)|\[[^\[\]]*\]))$")


# A heading's number ("1.", "2.3", "4)", "IV.") and the symbols around its words ("🔥", "✅",
# "📝" with their joiners and variation selectors): decoration of the name, as in documents
# exported from wikis and word processors, where "## 1. Summary" is the summary.
_NUMBERED = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|\d{1,3}\)|[IVX]{1,5}[.)])\s+")
_DECORATION = "\ufe0e\ufe0f\u200d\u20e3"
#: Characters without width (zero-width space, joiners, word joiner, soft hyphen, a BOM).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


#: An HTML tag in a heading's text ("## <a name="summary"></a>Summary"), which is shown as nothing
#: (it starts with a letter or "/", and stops at the next "<": one pass over a long line).
_INLINE_TAG = re.compile(r"<[A-Za-z/][^<>]*>")
#: One attribute of an attribute list after a heading's text: an id, a class or key=value.
_ATTRIBUTE = re.compile(r"[#.][^\s{}]+|[\w-]+=[^\s{}]+")


def _without_attributes(title: str) -> str:
    """``title`` without an attribute list after its text ("## Summary {#summary}", "{: .note}",
    "{ #id .c k=v }"), as Jekyll's kramdown, Hugo, Pandoc and MkDocs read it: the heading's id,
    not its words. (Read without a pattern that backtracks over a long run of blanks.)"""
    text = title.rstrip()
    start = text.rfind("{")
    if start < 1 or not text.endswith("}") or not text[start - 1].isspace():
        return title
    words = text[start + 1:-1].removeprefix(":").split()
    if not words or not all(_ATTRIBUTE.fullmatch(word) for word in words):
        return title
    return text[:start].rstrip()


def _decoration(char: str) -> bool:
    # (a letter or digit is none: asked first, as most headings start and end with one)
    return not char.isalnum() and (char in _DECORATION or unicodedata.category(char) in ("So", "Sk"))


@lru_cache(maxsize=4096)
def normalise(title: str) -> str:
    """``"Lessons learned:"`` → ``"lessons learned"``; NFC so umlauts compare equal; emphasis
    or a link around the whole title does not count (``**Summary**``), nor a number or symbols
    before it or symbols after it (``1. Summary``, ``🔥 Summary``), nor a question mark after it,
    nor a qualifier in brackets after it (``Summary (customer-facing)``) or, after a section's
    name, one after a dash or a colon (``Summary – customer-facing``);
    an entity reads as its character and a zero-width one as nothing, as the reader sees them
    (``What&nbsp;went wrong``)."""
    if "<" in title:
        title = _INLINE_TAG.sub("", title)
    if title.rstrip().endswith("}"):
        title = _without_attributes(title)
    if "&" in title:
        import html  # (only here: about 1 ms of every check, for a title with an entity)
        title = html.unescape(title)
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", title)).strip()
    while wrapped := _WRAPPED.match(text):
        text = (wrapped.group("emphasised") or wrapped.group("linked")).strip()
    for _ in range(3):  # "2) 🔥 Impact", "🔥 2. Impact", "1. **Summary**" (a few, not one a mark)
        before = text
        start, end = 0, len(text)
        while start < end and (_decoration(text[start]) or text[start].isspace()):
            start += 1
        while end > start and (_decoration(text[end - 1]) or text[end - 1].isspace()
                               or text[end - 1] in ":?"):  # ("Summary 🔥:", "What went wrong?")
            end -= 1
        text = _NUMBERED.sub("", text[start:end])
        if wrapped := _WRAPPED.match(text):
            text = (wrapped.group("emphasised") or wrapped.group("linked")).strip()
        if text == before:
            break
    if text.endswith((")", "]")) and (qualified := _QUALIFIER.fullmatch(text)):
        text = qualified.group("name")  # "Summary (customer-facing)", "Impact [preliminary]"
    text = re.sub(r"\s+", " ", text.rstrip(":").strip().casefold())
    if (dashed := _DASHED_QUALIFIER.fullmatch(text)) and dashed.group("name") in _SECTION_NAMES:
        return dashed.group("name")  # "Summary – customer-facing", "Summary: for customers"
    return text


#: A heading's name and a qualifier in brackets after it, which says whom or what stage the
#: section is for and is no part of its name: "Summary (customer-facing)", "Impact (preliminary)",
#: "Auswirkungen (vorläufig)".
_QUALIFIER = re.compile(r"(?P<name>[^()\[\]]*?[^\s()\[\]:])[ \t]*:?[ \t]+(?:\([^()]*\)|\[[^\[\]]*\])")


#: A heading's name and a qualifier after a dash or a colon: "Summary – customer-facing",
#: "Summary - for customers", "Summary: for customers". Taken only when the name is a section's,
#: so that "Impact analysis: methods" stays a heading of its own.
_DASHED_QUALIFIER = re.compile(r"(?P<name>[^:\u2013\u2014]+?)(?:[ ]?[\u2013\u2014][ ]?| - |: )\S.*")
#: Every heading name that fills a field or groups the lessons, normalised.
_SECTION_NAMES = frozenset({*SECTION_FIELDS, *SECTION_ALIASES, *LESSON_LISTS, *LESSON_GROUPS})


def trimmed(text: str) -> str:
    """``text`` without its blank lines before and its blanks after: its first line keeps its
    indent (four blanks after a heading start a block of code, not a paragraph)."""
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip()


def strip_comments(text: str) -> str:
    """Remove HTML comments: whole lines when a comment is all a line holds. A code block
    (fenced or indented) is shown as written, comments and all."""
    if "<!--" not in text:
        return text
    return _outside_code(text, lambda prose: _without_inline_comments(_without_own_line_comments(prose)))


def _outside_code(text: str, change: Callable[[str], str], code: Callable[[str], str] = str) -> str:
    """``text`` with ``change`` applied to each run of lines outside code blocks (fenced or
    indented; a comment may span the lines of a run) and ``code`` to each line of code (by
    default, it stays as written)."""
    if "```" not in text and "~~~" not in text and not _INDENTED.search(text) and not (
            "<" in text and _RAW_HTML.search(text)):
        return change(text)
    out: list[str] = []
    prose: list[str] = []
    lines = text.split("\n")
    # A long text is a document's body, whose lines were read for its sections already.
    kinds = _read_blocks(text).kinds if len(text) >= _LONG_BODY else (kind for _, kind in _kinds(lines))
    for index, kind in enumerate(kinds):
        ending = "\n" if index < len(lines) - 1 else ""
        if kind == CODE:
            out.append(change("".join(prose)))
            prose = []
            out.append(code(lines[index]) + ending)
        else:
            prose.append(lines[index] + ending)
    out.append(change("".join(prose)))
    return "".join(out)


#: A line that may be indented code: four columns of indentation (a tab, or a tab after spaces).
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)", re.MULTILINE)


# Both passes scan with str.find and take time linear in the text (each part of it is looked
# at once); regular expressions backtracked over the rest of the text for every "<!--" of an
# unclosed comment.


def _without_own_line_comments(text: str) -> str:
    """Remove each line that starts a comment (after blanks) that ends its line: the comment's
    end, its first "-->", is followed by nothing but blanks (CR too) up to a line break or the end.
    The comment, all the lines it spans and the line break after it go; a comment followed by
    text on its last line is left to ``_without_inline_comments``, and the text stays."""
    closes: list[int] = []  # every "-->", found once: a comment's end is looked up, not searched
    close = text.find("-->")
    while close >= 0:
        closes.append(close)
        close = text.find("-->", close + 1)
    out: list[str] = []
    kept = 0  # text before this is in ``out`` or removed
    line = 0  # the start of the line looked at
    size = len(text)
    while line < size:
        start = line
        while start < size and text[start] in " \t":
            start += 1
        if text.startswith("<!--", start):
            found = bisect_left(closes, start + 4)
            if found == len(closes):
                break  # unclosed: it, and everything after it, stays
            stop = closes[found] + 3
            while stop < size and text[stop] in " \t\r":
                stop += 1
            if stop == size or text[stop] == "\n":
                out.append(text[kept:line])
                kept = line = min(stop + 1, size)
                continue
        newline = text.find("\n", start)
        if newline < 0:
            break
        line = newline + 1
    out.append(text[kept:])
    return "".join(out)


def _without_inline_comments(text: str) -> str:
    """Remove every comment, from "<!--" to the next "-->", with the blanks before it."""
    out: list[str] = []
    kept = 0
    while True:
        opening = _comment_start(text, kept)
        if opening < 0:
            break
        close = text.find("-->", opening + 4)
        if close < 0:
            break  # unclosed: it and any comment after it stay
        start = opening
        while start > kept and text[start - 1] in " \t":
            start -= 1
        out.append(text[kept:start])
        kept = close + 3
    out.append(text[kept:])
    return "".join(out)


def blank_comments(text: str) -> str:
    """HTML comments (suppressions, notes) and code blocks blanked out, offsets and line breaks
    kept, for scanning prose in place: neither is prose a reader reads. Each comment ends at the
    first "-->" after its "<!--"; an unclosed one stays, and so does one shown as inline code.
    Code blocks are fenced or indented (the language rules see no fence around indented code,
    so it is blanked here)."""
    if len(text) >= _LONG_BODY:
        return _blank_comments_kept(text)
    return _blank_comments(text)


def blank_comments_in_prose(text: str) -> str:
    """HTML comments outside code blanked, offsets and line breaks kept; code blocks, which
    readers see, as written (with a comment shown in one)."""
    return _outside_code(text, _blanked) if "<!--" in text else text


#: A body this long is blanked once for the rules that scan it (blameless language, placeholders):
#: reading its blocks line by line took a second for each per megabyte of fence lines.
_LONG_BODY = 10_000


@lru_cache(maxsize=2)
def _blank_comments_kept(text: str) -> str:
    return _blank_comments(text)


def _blank_comments(text: str) -> str:
    return _outside_code(text, _blanked if "<!--" in text else str, _blank_line)


def _blank_line(line: str) -> str:
    return " " * len(line)


def _blanked(text: str) -> str:
    out: list[str] = []
    kept = 0
    while (opening := _comment_start(text, kept)) >= 0:
        close = text.find("-->", opening + 4)
        if close < 0:
            break
        out.append(text[kept:opening])
        blanked = re.sub(r"[^\n]", " ", text[opening:close + 3])
        after = close + 3
        while after < len(text) and text[after] in " \t\r":
            after += 1
        if after < len(text) and text[after] != "\n":
            # Text follows on the comment's last line: blanks there would indent it, four of
            # them into what Markdown readers take for indented code ("<!-- note --> The
            # outage..."), and it would go unread. Zero-width spaces keep the offsets and
            # indent nothing; the phrase patterns read them as nothing, as HTML shows them.
            last = blanked.rfind("\n") + 1
            blanked = blanked[:last] + "\u200b" * (len(blanked) - last)
        out.append(blanked)
        kept = close + 3
    out.append(text[kept:])
    return "".join(out)


def _comment_start(text: str, pos: int) -> int:
    """The first "<!--" at or after ``pos`` that starts a comment, not one shown as inline code
    (`` `<!--` ``), which Markdown displays; -1 if there is none."""
    while (opening := text.find("<!--", pos)) >= 0:
        line_start, spans = _line_at(text, opening)
        if not _within(spans, opening - line_start):
            return opening
        pos = opening + 4
    return -1


#: The line last asked for: callers ask about every comment of a line in turn, and finding the
#: line and its code spans each time would cost its length each time (a long line of comments).
_last_line: tuple[str, int, int, tuple[list[int], list[int]]] | None = None


def _line_at(text: str, index: int) -> tuple[int, tuple[list[int], list[int]]]:
    """(where it starts, its code spans) of the line of ``text`` that holds ``index``."""
    global _last_line
    last = _last_line
    if last is None or last[0] is not text or not last[1] <= index <= last[2]:
        start = text.rfind("\n", 0, index) + 1
        end = text.find("\n", index)
        end = len(text) if end < 0 else end
        line = text[start:end]
        last = _last_line = (text, start, end, code_spans(line) if "`" in line else ([], []))
    return last[1], last[3]


_BACKTICKS = re.compile(r"`+")
#: A backtick typed for an apostrophe, as some keyboards put it under the key for one: one
#: backtick right after a letter, before the ending of an English or German contraction and
#: the end of the word ("don`t", "it`s", "we`re", "I`m", "geht`s", "hätte`s"), or at a word's
#: start, before an English word shortened at its front ("`twas", "`cause", "`em"); not where
#: a backtick closes the word or code goes on after it ("`em.id`", "`cause=x`").
BACKTICK_APOSTROPHE = re.compile(r"(?<=[^\W\d_])`(?=(?:s|t|re|ve|ll|d|m)(?![\w`'’]))"
                                 r"|(?<![\w`'’])`(?=(?:twas|tis|twere|twill|twould|cause|cos|em|til|bout)"
                                 r"(?![\w`'’]|[.:/(=-]\S))", re.IGNORECASE)


@lru_cache(maxsize=8)
def code_spans(line: str) -> tuple[list[int], list[int]]:
    """The inline code spans of a Markdown line, as sorted starts and ends: a run of backticks
    opens one that the next run of the same length closes (in one pass, however many runs).
    Whichever starts first wins, as in CommonMark: backticks inside an HTML comment are part
    of the comment, and a "<!--" inside a code span is code.

    A backtick typed for an apostrophe (see ``BACKTICK_APOSTROPHE``) opens none: CommonMark
    pairs "don`t" with the "`" of a later "it`s" and shows the words between as code, which no
    author of either meant, and the prose rules skipped them. It still closes a span that is
    open ("`kubectl`s output": the span is "`kubectl`")."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    next_same: list[int] = [-1] * len(runs)  # the next run of the same length, by index
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = seen.get(length, -1)
        seen[length] = index
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    comment = line.find("<!--")
    while index < len(runs):
        if 0 <= comment < runs[index][0]:  # a comment opens first: its backticks are its text
            close = line.find("-->", comment + 4)
            if close < 0:
                break  # it goes on past this line, and so does everything after it
            while index < len(runs) and runs[index][0] < close + 3:
                index += 1
            comment = line.find("<!--", close + 3)
            continue
        close = next_same[index]
        if close < 0 or (runs[index][1] - runs[index][0] == 1
                         and BACKTICK_APOSTROPHE.match(line, runs[index][0]) is not None):
            index += 1
            continue
        starts.append(runs[index][0])
        ends.append(runs[close][1])
        index = close + 1
        if 0 <= comment < ends[-1]:  # a "<!--" inside the code span is code
            comment = line.find("<!--", ends[-1])
    return starts, ends


def in_code(line: str, index: int) -> bool:
    """Whether ``index`` is inside an inline code span (`` `...` ``) of a Markdown line: an
    example of a comment, shown to the reader, not a comment."""
    return "`" in line and _within(code_spans(line), index)


def _within(spans: tuple[list[int], list[int]], index: int) -> bool:
    starts, ends = spans
    at = bisect_right(starts, index) - 1
    return at >= 0 and index < ends[at]


def _line_kinds(doc: Document) -> Iterator[tuple[int, str, str, _Blocks]]:
    """``(index, line, kind, scanner)`` for each body line (see :class:`_Blocks`)."""
    lines = doc.text.split("\n")
    first = doc.body_line - 1
    for index, (line, kind, blocks) in enumerate(_classified(lines[first:]), first):
        yield index, line, kind, blocks


@dataclass(frozen=True)
class _Reading:
    """What :class:`_Blocks` tells of each line of a Markdown text: its kind, and for a heading
    whether a comment is open at its end, for a setext heading the index of its first line."""

    kinds: list[str]
    comment_open: dict[int, bool]
    paragraph_start: dict[int, int]


@lru_cache(maxsize=2)
def _read_blocks(text: str) -> _Reading:
    """The lines of ``text`` (a document's body) classified once, for the sections, the code
    lines and the comments and code blanked out: each reading took seconds for a body of
    several megabytes."""
    kinds: list[str] = []
    comment_open: dict[int, bool] = {}
    paragraph_start: dict[int, int] = {}
    for _, kind, blocks in _classified(text.split("\n")):
        if kind == HEADING:
            comment_open[blocks.index] = blocks.in_comment
        elif kind in (SETEXT_1, SETEXT_2):
            paragraph_start[blocks.index] = blocks.paragraph_start
        kinds.append(kind)
    return _Reading(kinds, comment_open, paragraph_start)


#: How many (state, line) pairs :func:`_classified` remembers at most; it starts afresh when full.
_TRANSITIONS = 4096


def _classified(lines: Iterable[str]) -> Iterator[tuple[str, str, _Blocks]]:
    """Each line (without its CR), its kind and the scanner, which holds what else it saw.

    A line read in a state it was read in before is not read again: what the scanner decides
    depends only on its state (:meth:`_Blocks.state`) and the line, so the kind and the state
    after it are those of the first time. A megabyte of one construct repeated (fence, quote or
    list lines) is then read in a few steps per line instead of the scanner's dozens. The
    scanner's own line and paragraph numbers are kept as reading each line would keep them."""
    blocks = _Blocks()
    state = blocks.state()
    seen: dict[tuple[_State, str], tuple[str, _State, bool]] = {}
    for raw in lines:
        line = raw.rstrip("\r")
        known = seen.get((state, line))
        if known is None:
            kind = blocks.classify(line)
            after = blocks.state()
            if len(seen) >= _TRANSITIONS:
                seen.clear()
            if blocks.index:  # (on the first line, a paragraph number of 0 is also the one it had)
                # It started a paragraph when the paragraph's first line is this one.
                seen[state, line] = kind, after, blocks.paragraph_start == blocks.index
        else:
            kind, after, started = known
            if after != state:
                blocks.restore(after)
            blocks.index += 1
            if started:
                blocks.paragraph_start = blocks.index
        state = after
        yield line, kind, blocks


def code_ranges(text: str) -> list[tuple[int, int]]:
    """The character ranges of ``text``'s lines that are code (fenced or indented), read as a
    Markdown text of its own."""
    raw = text.split("\n")
    ranges: list[tuple[int, int]] = []
    start = 0
    for line, (_, kind) in zip(raw, _kinds(raw), strict=True):
        if kind == CODE:
            ranges.append((start, start + len(line)))
        start += len(line) + 1
    return ranges


def _kinds(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each line (without its CR) and its kind (see :class:`_Blocks`)."""
    for line, kind, _ in _classified(lines):
        yield line, kind


@dataclass(frozen=True)
class HtmlBlock:
    """An HTML block of a Markdown text, as :class:`_Blocks` reads it: its first and last line
    (indices), how many block quotes it is in, and whether it is preformatted text (``<pre>``,
    ``<script>``, ``<style>``, ``<textarea>``, read as code up to its closing tag) or another
    block (``<div>``, a line of one tag), read as text up to a blank line."""

    first: int
    last: int
    quotes: int
    raw: bool


def html_blocks_and_kinds(lines: Sequence[str]) -> tuple[list[HtmlBlock], list[str]]:
    """The HTML blocks of ``lines`` (a Markdown text of its own) that span more than one line
    (a heading, a list or a fence in one is part of the block, not of the page), and the kind of
    each line (see :class:`_Blocks`): ``CODE``, ``HEADING``, ``SETEXT_1``... Both from one
    reading of the lines: the Markdown page and the HTML page need both of each text."""
    found: list[HtmlBlock] = []
    kinds: list[str] = []
    opened: tuple[int, int, bool] | None = None  # first line, quote depth, raw
    before = _Blocks().state()
    for index, (_, kind, blocks) in enumerate(_classified(lines)):
        kinds.append(kind)
        after = blocks.state()
        raw_before, raw_after = _open_in(before, "raw"), _open_in(after, "raw")
        html_after = _open_in(after, "html")
        if opened is not None:
            first, depth, raw = opened
            if raw and (raw_after == depth or (raw_before == depth and _quote_depth(after) >= depth)):
                if raw_after != depth:  # (its closing tag)
                    found.append(HtmlBlock(first, index, depth, True))
                    opened = None
                before = after
                continue
            if not raw and html_after == depth:
                before = after
                continue
            if index - 1 > first:
                found.append(HtmlBlock(first, index - 1, depth, raw))
            opened = None
        if raw_after is not None and raw_before is None:
            opened = (index, raw_after, True)
        elif html_after is not None and _open_in(before, "html") is None:
            opened = (index, html_after, False)
        before = after
    if opened is not None and len(lines) - 1 > opened[0]:
        found.append(HtmlBlock(opened[0], len(lines) - 1, opened[1], opened[2]))
    return found, kinds


def _open_in(state: _State, what: str, depth: int = 0) -> int | None:
    """How many quotes deep a preformatted HTML block (``what`` "raw") or another one ("html")
    is open in ``state``, if one is."""
    if (state.raw if what == "raw" else state.html):
        return depth
    return None if state.quote is None else _open_in(state.quote, what, depth + 1)


def _quote_depth(state: _State) -> int:
    return 0 if state.quote is None else 1 + _quote_depth(state.quote)


#: What a line is, as :class:`_Blocks` tells: code (a fence, a line of a fenced code block, or a
#: line of an indented code block),
#: a line that starts inside an HTML comment, an ATX heading, a setext heading's underline
#: ("=" level 1, "-" level 2), or anything else.
CODE, COMMENT, HEADING, SETEXT_1, SETEXT_2, TEXT = "code", "comment", "heading", "setext1", "setext2", "text"

#: A fence's run of backticks or tildes, matched at a line's first non-blank character.
_FENCE_RUN = re.compile(r"`{3,}|~{3,}")
#: A list item's marker, matched at a line's first non-blank character: a blank or the end of
#: the line must follow it.
_ITEM = re.compile(r"(?:[-*+]|(?P<number>\d{1,9})[.)])(?=[ \t]|$)")
#: The start of an HTML block that runs to its closing tag, blank lines and all (CommonMark's
#: first kind): preformatted text, a script or a style sheet; its lines are no headings and
#: not the author's prose, as code is not.
_RAW_HTML = re.compile(r"<(?P<tag>pre|script|style|textarea)(?=[ \t>]|$)", re.IGNORECASE)
#: The start of an HTML block that runs to the next blank line (CommonMark's sixth kind): a
#: block-level tag, opening or closing. The lines up to the blank line are HTML, shown as
#: written: "## Summary" right under "<div>" is no heading (nor a section) on GitHub.
_HTML_BLOCK = re.compile(
    r"</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details"
    r"|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header"
    r"|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param"
    r"|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[ \t>]|/>|$)",
    re.IGNORECASE)
#: A line that holds only one complete opening or closing tag of any other name (CommonMark's
#: seventh kind of HTML block, which cannot interrupt a paragraph): '<img src="flow.png">',
#: '<br>', '<span id="summary">'. It too runs to the next blank line. Not an autolink
#: ('<https://...>') nor two tags ('<a name="summary"></a>', which is a paragraph's text).
_HTML_TAG_LINE = re.compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s\"'=<>`]+|'[^'\n]*'"
    r"|\"[^\"\n]*\"))?)*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*\r?")
#: Block quotes nested deeper than this are read as text (each level has a scanner of its own).
_QUOTE_DEPTH = 8


class _State(NamedTuple):
    """What :class:`_Blocks` keeps between lines, but its line and paragraph numbers."""

    fence: tuple[str, int, int] | None
    raw: str
    in_comment: bool
    paragraph: str
    items: tuple[int, ...]
    quote: _State | None
    html: bool = False


class _Blocks:
    """Markdown's block structure, line by line, as far as this module needs it: which lines
    are code, which start inside an HTML comment and which are headings.

    Code is a fenced block, or an indented one: a line indented four columns more than the
    list item it is in (a tab counts to the next multiple of four) where no paragraph goes on
    (after a paragraph's line, such a line is more of its text), or an HTML block of
    preformatted text (``<pre>``, ``<script>``, ``<style>``, ``<textarea>``) up to the line with
    its closing tag.

    It follows CommonMark where that decides what is code or a heading. A setext heading is a
    paragraph followed by a line of "=" or "-"; a "---" after a blank line or another block is a
    thematic break instead, and so is one under a paragraph of a list item or a block quote (a
    heading there is not a section: only a paragraph outside lists and quotes is one, in
    ``paragraph_start``). A list item's text sets the indentation its fenced blocks start
    from. A block quote's lines are read by a scanner of their own, without their ">"; its
    headings are quoted, not sections (as an ATX heading in a quote never was). Each line is
    looked at once, in time linear in its length.
    """

    def __init__(self, depth: int = 0) -> None:
        self.depth = depth  # how many block quotes this scanner is inside
        self.index = -1  # the line last classified
        self.fence: tuple[str, int, int] | None = None  # character, length, indentation of items
        self.raw = ""  # the closing tag of an open <pre> (or script, style, textarea) block
        self.in_comment = False  # an HTML comment is open at the end of the line
        self.paragraph = ""  # an open paragraph: "top" (outside lists), "nested", or none ("")
        self.paragraph_start = 0  # the index of its first line
        self.items: list[int] = []  # the open list items' content columns, increasing
        self.quote: _Blocks | None = None  # the scanner of the open block quote's lines
        self.html = False  # an HTML block (<div>, <details>, <table> ...) is open: up to a blank line

    def state(self) -> _State:
        """All that decides how the next line is read (its line and paragraph numbers do not)."""
        return _State(self.fence, self.raw, self.in_comment, self.paragraph, tuple(self.items),
                      None if self.quote is None else self.quote.state(), self.html)

    def restore(self, state: _State) -> None:
        """Back to ``state``, as :meth:`state` gave it (the line numbers stay)."""
        self.fence, self.raw, self.in_comment, self.paragraph = state.fence, state.raw, state.in_comment, \
            state.paragraph
        self.items = list(state.items)
        self.html = state.html
        if state.quote is None:
            self.quote = None
        else:
            if self.quote is None:
                self.quote = _Blocks(self.depth + 1)
            self.quote.restore(state.quote)

    def classify(self, line: str) -> str:
        self.index += 1
        if self.fence is not None and self._in_fence(line):
            return CODE
        if self.raw:
            if self.raw in line.lower():
                self.raw = ""
            return CODE
        if self.in_comment:
            self.in_comment = _in_comment_after(line, True)
            return COMMENT
        width, at = _indentation(line)
        if at == len(line):  # a blank line ends a paragraph, a block quote and an HTML block
            self.paragraph, self.quote, self.html = "", None, False
            return TEXT
        if self.html:
            return TEXT  # "<div>" then "## Summary": the HTML block's text, shown as written
        inner = bisect_right(self.items, width)  # the items this line is indented into
        indent = width - (self.items[inner - 1] if inner else 0)
        starts = self._starts(line, at, indent)
        if self.quote is not None and starts != "quote":
            if self.quote.paragraph and not starts:  # a lazy line of the quote's paragraph
                return self._quoted(line, -1)
            self.quote = None
        if not starts:
            if not self.paragraph and indent >= 4:  # indented code (after a paragraph: its text)
                del self.items[inner:]
                return CODE
            if not self.paragraph:
                del self.items[inner:]  # a line indented less than an item's text ends the item
                self.paragraph = "nested" if self.items else "top"
                self.paragraph_start = self.index
            return self._text(line)
        del self.items[inner:]
        self.paragraph = ""
        if starts == "quote":
            return self._quoted(line, at)
        if starts == "html":
            self.html = True
            return TEXT
        if starts == "raw":
            raw = _RAW_HTML.match(line, at)
            assert raw is not None
            close = f"</{raw.group('tag').lower()}>"
            self.raw = "" if close in line[raw.end():].lower() else close
            return CODE
        if starts == "fence":
            run = _FENCE_RUN.match(line, at)
            assert run is not None
            self.fence = (run.group()[0], len(run.group()), self.items[-1] if self.items else 0)
            return CODE
        if starts == "item":
            self._open_item(line, at, width)
        self._text(line)
        if starts == HEADING and self.items:
            # Indented into a list item's text ("- The deploy went out." then "  ## Summary"):
            # CommonMark shows the heading inside the item, where it starts no section.
            return TEXT
        return starts if starts in (HEADING, SETEXT_1, SETEXT_2) else TEXT

    def _starts(self, line: str, at: int, indent: int) -> str:
        """The block the line starts, in CommonMark's order of precedence; "" for none (text of
        a paragraph)."""
        if indent >= 4:
            return ""
        first = line[at]
        if first == ">" and self.depth < _QUOTE_DEPTH:
            return "quote"
        if first in "`~":
            run = _FENCE_RUN.match(line, at)
            # A backtick fence's info string may not hold a backtick: "```js```" is inline code.
            if run and not (first == "`" and line.find("`", run.end()) >= 0):
                return "fence"
        if first == "<" and _RAW_HTML.match(line, at):
            return "raw"
        if first == "<" and (_HTML_BLOCK.match(line, at)
                             or (not self.paragraph and _HTML_TAG_LINE.fullmatch(line, at))):
            return "html"
        if first == "#" and _HEADING.match(line):
            return HEADING
        if first in "=-" and self.paragraph == "top" and not line[at:].rstrip(" \t").strip(first):
            return SETEXT_1 if first == "=" else SETEXT_2
        if first in "-*_" and _thematic_break(line[at:]):
            return "break"
        item = _ITEM.match(line, at) if first in "-*+" or first.isdigit() else None
        # An item interrupts a paragraph only with text, and a numbered one only from 1.
        if item and not (self.paragraph and (not line[item.end():].strip()
                                             or item.group("number") not in (None, "1"))):
            return "item"
        if line.startswith("<!--", at):
            return "comment"
        return ""

    def _in_fence(self, line: str) -> bool:
        """Whether the line belongs to the open fenced block (closing it, perhaps): not when
        it is indented less than the list item the block is in, which that ends."""
        assert self.fence is not None
        char, length, base = self.fence
        width, at = _indentation(line)
        if at < len(line) and width < base:
            self.fence = None
            return False
        run = _FENCE_RUN.match(line, at)
        # Closed by a run of the same character, at least as long, with nothing after it
        # ("```python" inside a block is a line of the code).
        if (run and width - base < 4 and run.group()[0] == char and len(run.group()) >= length
                and not line[run.end():].strip()):
            self.fence = None
        return True

    def _quoted(self, line: str, at: int) -> str:
        """A line of the block quote (``at``: its ">"; -1 for a lazy line without one)."""
        content = line if at < 0 else line[at + 2:] if line.startswith("> ", at) else line[at + 1:]
        if self.quote is None:
            self.quote = _Blocks(self.depth + 1)
        kind = self.quote.classify(content)
        return kind if kind in (CODE, COMMENT) else TEXT  # its headings are quoted

    def _open_item(self, line: str, at: int, width: int) -> None:
        item = _ITEM.match(line, at)
        assert item is not None
        marker_end = width + item.end() - at
        # (A tab after the marker reaches the next multiple of 4 counted from the line's start:
        # "-\tThe cache" has its text at column 4, where its next paragraph's tab puts it.)
        gap, text = _indentation(" " * marker_end + line[item.end():])
        gap, text = gap - marker_end, text - marker_end
        # The text's column; an item that starts with code or nothing has it one after the marker.
        self.items.append(marker_end + (gap if 0 < gap <= 4 and text < len(line) - item.end() else 1))
        if line[item.end():].strip():  # its text is a paragraph of the item
            self.paragraph, self.paragraph_start = "nested", self.index

    def _text(self, line: str) -> str:
        self.in_comment = _in_comment_after(line, False)
        return TEXT


def _thematic_break(rest: str) -> bool:
    """``---``, ``* * *``, ``___``: three or more of one of them, blanks between allowed."""
    marks = rest.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks[0] in "-*_" and marks == marks[0] * len(marks)


def _heading_text(raw: str) -> str:
    """A heading's text: without a comment (``## Summary <!-- fill in -->``, also one that goes
    on to the next lines), trailing blanks and the optional closing sequence of "#"s, which
    CommonMark counts only after a blank (``## C#`` is about C#)."""
    text = _uncommented(raw).rstrip(" \t")
    before_closing = text.rstrip("#")
    if before_closing != text and (not before_closing or before_closing[-1] in " \t"):
        text = before_closing.rstrip(" \t")
    return text


def _uncommented(raw: str) -> str:
    """``raw`` without its comments, and without a comment it leaves open."""
    text = _without_inline_comments(raw)
    unclosed = _comment_start(text, 0)
    return text if unclosed < 0 else text[:unclosed]


def _setext_text(lines: Iterable[str]) -> str:
    """A setext heading's text: its lines joined, without comments (its "#"s are its own)."""
    return _uncommented(" ".join(line.strip() for line in lines)).strip()


def _in_comment_after(line: str, in_comment: bool) -> bool:
    """Whether an HTML comment is still open at the end of ``line``."""
    pos = 0
    while True:
        if in_comment:
            close = line.find("-->", pos)
            if close < 0:
                return True
            pos, in_comment = close + 3, False
        else:
            opening = _comment_start(line, pos)
            if opening < 0:
                return False
            pos, in_comment = opening + 4, True


def section_extents(doc: Document) -> dict[int, int]:
    """Each heading's line → the last line of its section with its subsections (up to the next
    heading of the same or a higher level)."""
    found = sections(doc)
    ends: dict[int, int] = {}  # heading line → offset just past its section
    following: list[Section] = []  # headings still open, each with a lower level than the last
    for section in found:
        while following and following[-1].level >= section.level:
            ends[following.pop().line] = section.offset
        following.append(section)
    for section in following:
        ends[section.line] = len(doc.text)
    # The last character before the end is on the section's last line.
    return {section.line: max(section.line, _position(doc, max(ends[section.line] - 1, 0))[0])
            for section in found}


def code_lines(doc: Document) -> frozenset[int]:
    """The 1-based lines of the body that are code: fenced code blocks (their fences too) and
    indented ones."""
    if doc.kind != "markdown" or not doc.body_line:
        return frozenset()
    return _scan(doc.text, doc.body_line)[1]


def sections(doc: Document) -> list[Section]:
    """The body's headings, ATX and setext (outside code, HTML comments, lists and block
    quotes), with their text ranges in ``doc.text``."""
    if doc.kind != "markdown" or not doc.body_line:
        return []
    # The loader, the rules and the history's reading of the same text each ask for them.
    return list(_scan(doc.text, doc.body_line)[0])


@lru_cache(maxsize=4)
def _scan(text: str, body_line: int) -> tuple[tuple[Section, ...], frozenset[int]]:
    """The body's sections and its code lines (:func:`code_lines`), from one reading of its lines."""
    doc = Document(path="", text=text, kind="markdown", body_line=body_line)
    code: list[int] = []
    lines = doc.text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    # level, title, index of the heading's first and last lines, end col, a comment left open
    found: list[tuple[int, str, int, int, int, bool]] = []
    first_body = doc.body_line - 1
    # The body's lines, read once for the sections and for blanking its comments and code.
    reading = _read_blocks(text[offsets[first_body]:] if first_body < len(lines) else "")
    for at, kind in enumerate(reading.kinds):
        index = first_body + at
        if kind == CODE:
            code.append(index + 1)
        elif kind == HEADING:
            line = lines[index].rstrip("\r")
            match = _HEADING.match(line)
            assert match is not None
            title = _heading_text(match.group("text"))
            found.append((len(match.group("marks")), title, index, index, len(line) + 1,
                          reading.comment_open[at]))
        elif kind in (SETEXT_1, SETEXT_2):
            first = first_body + reading.paragraph_start[at]
            title = _setext_text(line.rstrip("\r") for line in lines[first:index])
            found.append((1 if kind == SETEXT_1 else 2, title, first, index,
                          len(lines[first].rstrip("\r")) + 1, False))
    size = len(doc.text)
    out: list[Section] = []
    for pos, (level, title, index, last, end_col, open_comment) in enumerate(found):
        start = min(offsets[last + 1], size)
        if open_comment:  # a comment opened on the heading line: the text starts after its end
            close = doc.text.find("-->", start)
            start = size if close < 0 else close + 3
        end = min(offsets[found[pos + 1][2]], size) if pos + 1 < len(found) else size
        out.append(Section(level, title, index + 1, end_col, offsets[index], start, max(start, end),
                           max(1, last - index)))
    return tuple(out), frozenset(code)


def _position(doc: Document, offset: int) -> tuple[int, int]:
    from pmkit.textmap import line_col

    return line_col(doc.text, offset)


def _trimmed(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to exclude leading blank lines, the first line's indentation and
    trailing whitespace; an indentation of four columns or more is kept: it makes the line code
    (an indented code block), and without it the line would be a paragraph."""
    text = doc.text
    while start < end:
        newline = text.find("\n", start, end)
        if newline < 0 or text[start:newline].strip():
            break
        start = newline + 1
    first = start
    while start < end and text[start] in " \t":
        start += 1
    at_line_start = first == 0 or text[first - 1] == "\n"
    if at_line_start and _indentation(text[first:start])[0] >= 4:
        start = first
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: An HTML element that wraps blocks of Markdown (a collapsible ``<details>``, a ``<div>`` for
#: layout), opened or closed, or a ``<summary>`` with its label, the title of a collapsible block.
_WRAPPER_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>details|div|section|article|aside|center|main|header|footer|nav|figure"
    r"|blockquote|span|p)\b[^<>]*>|<summary\b[^<>]*>[^<>]*</summary[ \t]*>", re.IGNORECASE)
#: A line of nothing but such tags: layout, with no words of the author's (but a summary's label).
_WRAPPER_LINE = re.compile(rf"[ ]{{0,3}}(?:(?:{_WRAPPER_TAG.pattern})[ \t]*)+\r?", re.IGNORECASE)


def _unwrapped(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``text`` (a section's text) without the lines at its start and end that
    only open or close HTML elements whose other tag is outside it: ``<details><summary>Impact
    </summary>`` above ``## Impact`` and ``</details>`` below its text wrap the section in a
    collapsible block, as GitHub shows it; they are no words of the section before nor of this
    one. A block the section both opens and closes (a ``<details>`` around a log) stays."""
    if "<" not in text[start:end]:
        return start, end
    lines = text[start:end].split("\n")

    def skipped(number: int) -> bool:
        """A blank line, or a comment alone on its line, which the value leaves out too
        ("<details>", then "<!-- note -->", then "## Impact")."""
        line = lines[number].strip()
        return not line or (line.startswith("<!--") and line.endswith("-->") and "-->" not in line[4:-3])

    edges = [number for number in range(len(lines)) if not skipped(number)]
    if not edges or not (_WRAPPER_LINE.fullmatch(lines[edges[0]])
                         or _WRAPPER_LINE.fullmatch(lines[edges[-1]])):
        return start, end
    # Each opening and closing tag, outside code and comments, paired with the nearest open one
    # of its name; what is left unpaired opens or closes an element around the section.
    scanned = blank_comments(text[start:end]).split("\n")
    opened: dict[str, list[tuple[int, int]]] = {}  # name → (line, start) of its open tags
    unpaired: set[tuple[int, int]] = set()
    for number, line in enumerate(scanned):
        if "<" not in line:
            continue
        for tag in _WRAPPER_TAG.finditer(line):
            name = tag.group("name")
            if name is None:
                continue  # (a summary with its label: opened and closed in one)
            open_tags = opened.setdefault(name.lower(), [])
            if not tag.group("close"):
                open_tags.append((number, tag.start()))
            elif open_tags:
                open_tags.pop()
            else:
                unpaired.add((number, tag.start()))
    unpaired.update(place for places in opened.values() for place in places)

    def layout(number: int) -> bool:
        line = scanned[number]
        return _WRAPPER_LINE.fullmatch(line) is not None and all(
            (number, tag.start()) in unpaired for tag in _WRAPPER_TAG.finditer(line) if tag.group("name"))

    first, last = 0, len(lines) - 1
    while first <= last and (skipped(first) or layout(first)):
        first += 1
    while last >= first and (skipped(last) or layout(last)):
        last -= 1
    if first > last:
        return start, start
    offset = start + sum(len(line) + 1 for line in lines[:first])
    return offset, offset + sum(len(line) + 1 for line in lines[first:last + 1]) - 1


def _indentation(line: str) -> tuple[int, int]:
    """The width of the line's indentation, a tab reaching the next multiple of 4 as CommonMark
    counts it, and the index of its first non-blank character."""
    width = 0
    for index, char in enumerate(line):
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            return width, index
    return width, len(line)


def _span(doc: Document, start: int, end: int) -> Span:
    line, col = _position(doc, start)
    end_line, end_col = _position(doc, end)
    return Span(line, col, end_line, end_col)


def _heading_span(section: Section) -> Span:
    return Span(section.line, 1, section.line, section.heading_end_col)


class _Filler:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, object] = doc.data
        self.filled: dict[FieldPath, Section] = {}  # field → the section that filled it

    def conflict(self, path: FieldPath, section: Section, where: str) -> None:
        name = ".".join(str(p) for p in path)
        self.doc.diagnostics.append(Diagnostic(
            self.doc.path, section.line, 1, "PM018",
            f"'{name}' is given twice: {where} and in {written_heading(self.doc, section)}; "
            "the first is used",
            name="duplicate-section", severity=Severity.ERROR,
            end_line=section.line, end_col=section.heading_end_col,
            hint="Keep the text in one place: the front matter or the Markdown section.",
        ))

    def parent(self, path: FieldPath, section: Section) -> dict[str, object] | None:
        """The mapping that holds ``path[-1]``, created (and positioned) when missing."""
        node: dict[str, object] = self.data
        for depth, part in enumerate(path[:-1]):
            assert isinstance(part, str)
            child = node.get(part)
            if child is None:
                child = {}
                node[part] = child
                here = path[: depth + 1]
                self.doc.key_spans.setdefault(here, _heading_span(section))
                self.doc.value_spans.setdefault(here, _heading_span(section))
            if not isinstance(child, dict):
                return None  # the schema reports the wrong type; leave it alone
            node = child
        return node

    def taken(self, path: FieldPath, section: Section) -> bool:
        if path in self.filled:
            first = self.filled[path]
            self.conflict(path, section, f"in {written_heading(self.doc, first)} on line {first.line}")
            return True
        parent = self.parent(path, section)
        if parent is None:
            return True
        if path[-1] in parent:
            key = self.doc.key_spans.get(path)
            self.conflict(path, section, f"in the front matter (line {key.line})" if key
                          else "in the front matter")
            return True
        return False

    def text(self, path: FieldPath, section: Section, start: int, end: int) -> None:
        if self.taken(path, section):
            return
        start, end = _trimmed(self.doc, *_unwrapped(self.doc.text, start, end))
        # CRLF files give the same value as LF ones (as YAML block scalars do). A first line
        # that starts with blanks is code: they stay (they are what makes it code).
        value = strip_comments(self.doc.text[start:end]).replace("\r\n", "\n")
        value = value.rstrip() if self.doc.text[start:start + 1] in (" ", "\t") else value.strip()
        if not value:
            return  # an empty section is a field not yet written
        parent = self.parent(path, section)
        assert parent is not None
        parent[str(path[-1])] = value + "\n"
        self._register(path, section, start, end, style="|")

    def bullets(self, path: FieldPath, section: Section, start: int, end: int) -> None:
        """One item per list item; in a section without a list, one per paragraph."""
        items: list[tuple[str, int, int]] = []
        start, end = _unwrapped(self.doc.text, start, end)
        listed = list(_bullet_items(self.doc, start, end))
        for item_start, item_end, column in (listed or ((begin, finish, 0) for begin, finish in _table_rows(
                self.doc, _paragraph_items(self.doc, start, end)))):
            value = _item_value(strip_comments(self.doc.text[item_start:item_end]), column)
            if value:  # not a comment alone (the template's guidance)
                items.append((value, _after_comments(self.doc.text, item_start, item_end), item_end))
        if not items or self.taken(path, section):
            return
        parent = self.parent(path, section)
        assert parent is not None
        values: list[str] = []
        for index, (value, item_start, item_end) in enumerate(items):
            values.append(value)
            item_span = _span(self.doc, item_start, item_end)
            item_path: FieldPath = (*path, index)
            self.doc.value_spans[item_path] = item_span
            self.doc.scalars[item_path] = ScalarInfo(None, item_span)
        parent[str(path[-1])] = values
        first, last = _trimmed(self.doc, start, end)
        self._register(path, section, first, last, style=None)

    def _register(self, path: FieldPath, section: Section, start: int, end: int,
                  *, style: str | None) -> None:
        self.filled[path] = section
        value_span = _span(self.doc, start, end)
        self.doc.key_spans[path] = _heading_span(section)
        self.doc.value_spans[path] = value_span
        if style == "|":
            # Registered as plain text that starts where the section's text does, so textmap
            # walks it from there: also from the middle of a line (after a comment opened on the
            # heading line), which a literal block, read from the line after its first, skipped.
            self.doc.scalars[path] = ScalarInfo(None, value_span)


def _bullet_items(doc: Document, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """Offsets of each top-level bullet's text (with its continuation lines), and the column its
    text starts at. A code block outside the items ends the item before it and is none: "- x"
    in a fenced block is code."""
    text = doc.text
    current: list[int] | None = None
    # Where the current item's text starts, as a width (a tab reaching the next multiple of 4): a
    # list indented to it is nested, and its other lines are indented to it.
    width = 0
    marker = ""  # its marker's kind: "-", "*", "+", or "." or ")" after a number
    after_blank = False  # a blank line of the current item came before this line
    blank = True  # the line before was blank (or there was none)
    empty = False  # an item's marker stood alone on the line before: its text may start here
    offset = start
    for line, (_, kind, blocks) in zip(lines := text[start:end].split("\n"), _classified(lines), strict=True):
        if empty and line.strip() and blocks.items and _indentation(line)[0] >= width:
            current = [offset + len(line) - len(line.lstrip()), offset + len(line)]
            empty = after_blank = blank = False
            offset += len(line) + 1
            continue
        empty = False  # (a blank line after it: the item is empty)
        # An indented line goes on with the item, and so does a lazy one: text right under the
        # item's text, not indented ("- The cache was\nflushed."), which Markdown keeps in the
        # item as long as the scanner holds the item open. After a blank line, only a line
        # indented to the item's text does (a second paragraph, code in the item, a nested
        # list), as the scanner reads it: one indented less is a paragraph after the list.
        continues = current is not None and (
            bool(blocks.items) if after_blank
            else line[:1] in (" ", "\t") or (kind == TEXT and bool(blocks.items)))
        if (kind == CODE and not continues) or _break_line(line, kind, min(width, 4) if current else 4):
            # Code indented into an item is part of it; a thematic break ("* * *", "- - -": no
            # item, though it starts as one) ends the list, unless indented into the item.
            if current is not None:
                yield *_close(doc, current), width
            current = None
        elif kind != CODE and (match := _BULLET.match(line)) and not (
                current is not None and len(match.group("indent")) >= width):
            if current is not None:
                yield *_close(doc, current), width
            current = [offset + match.start("text"), offset + len(line)]
            width = _column(line, match.start("content"))  # (a check box is part of its text)
            marker = _marker(line)
        elif kind == TEXT and (alone := _EMPTY_BULLET.match(line)) and (
                # Another item of the list ("- foo⏎-⏎  bar" is two; a marker of another kind
                # right under a paragraph is its text), or the first, as the scanner reads it.
                len(alone.group("indent")) < width and (after_blank or _marker(line) == marker)
                if current is not None else blank and bool(blocks.items) and not blocks.paragraph):
            if current is not None:
                yield *_close(doc, current), width
            current = None
            empty = True
            width = _indentation(line)[0] + len(line.strip()) + 1  # (one column after the marker)
            marker = _marker(line)
        elif current is not None and line.strip() and continues:
            current[1] = offset + len(line)
        elif current is not None and line.strip():
            yield *_close(doc, current), width
            current = None
        after_blank = current is not None and not line.strip() and kind != CODE
        blank = not line.strip()
        offset += len(line) + 1
    if current is not None:
        yield *_close(doc, current), width


def _break_line(line: str, kind: str, below: int = 4) -> bool:
    """``line`` (of ``kind``) is a thematic break indented less than ``below`` columns: it ends a
    paragraph and a list, though "* * *" and "- - -" start as list items do."""
    return kind == TEXT and _thematic_break(line) and _indentation(line)[0] < below


def _column(line: str, index: int) -> int:
    """The column of ``line[index]``, a tab reaching the next multiple of 4."""
    width = 0
    for char in line[:index]:
        width += 4 - width % 4 if char == "\t" else 1
    return width


def _marker(line: str) -> str:
    """The kind of the list item marker that opens ``line``: a bullet's character, or the
    delimiter after a number ("." or ")"); CommonMark starts a new list where it changes."""
    item = line.lstrip(" ")
    return item[0] if item[:1] in ("-", "*", "+") else item.lstrip("0123456789")[:1]


def _item_value(raw: str, column: int) -> str:
    """A lessons item's value from its text (comments left out): the lines of each paragraph
    joined by blanks as Markdown shows them, paragraphs kept apart by a blank line ("It was
    late.\\n\\nNobody looked."), not run into one sentence, and code in the item kept on its own
    lines, less the item's indentation (``column``), so the prose rules read it as code, not
    as words of the lesson."""
    if "\n" not in raw:
        return raw.strip()  # (most items: one line, without reading its blocks)
    lines = [line.rstrip("\r") for line in raw.split("\n")]
    lines[1:] = [_dedented(line, column) for line in lines[1:]]
    out: list[str] = []
    previous = ""  # the kind of the line before: "text", "code", "blank", or "" at the start
    for line, kind in _kinds(lines):
        if kind == CODE:
            if previous:
                out.append("\n\n" if previous == "blank" else "\n")
            out.append(line.rstrip())
            previous = "code"
        elif not line.strip():
            previous = "blank" if previous else ""
        else:
            # A quote's line starts a line of its own, as it does right after a blank line, so
            # that it is read as the quote it is, not as more of the sentence above it.
            quote = _QUOTE_LINE.match(line) is not None
            if previous:
                out.append("\n" if quote and previous == "text" else
                           {"text": " ", "code": "\n", "blank": "\n\n"}[previous])
            out.append(line.strip())
            previous = "text"
    return "".join(out)


def _dedented(line: str, column: int) -> str:
    """``line`` without up to ``column`` columns of its indentation (a tab reaching the next
    multiple of 4; one that reaches past ``column`` leaves the rest as spaces)."""
    width = 0
    for index, char in enumerate(line):
        if width >= column or char not in " \t":
            return " " * (width - column) + line[index:]
        width += 1 if char == " " else 4 - width % 4
    return ""


def _after_comments(text: str, start: int, end: int) -> int:
    """Where the item's own text starts: after comments (and blanks) that open it."""
    while text.startswith("<!--", start):
        close = text.find("-->", start + 4, end)
        if close < 0:
            break
        start = close + 3
        while start < end and text[start].isspace():
            start += 1
    return start


def _paragraph_items(doc: Document, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Offsets of each paragraph's text: runs of lines between blank lines, headings, thematic
    breaks and code blocks (code is no paragraph). Link reference definitions before a paragraph
    (``[ticket]: https://...``, see :func:`definition_lines`) are not shown, and are none."""
    current: list[int] | None = None
    offset = start
    lines = doc.text[start:end].split("\n")
    kinds: list[str] = []

    def classified() -> Iterator[tuple[str, str, _Blocks]]:
        for row in _classified(lines):
            kinds.append(row[1])  # (each line read once, for its kind and for the definitions)
            yield row

    shown_as_nothing = {index for first, last in _link_definition_lines(classified())
                        for index in range(first, last + 1)}
    for number, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if line.strip() and kind != CODE and number not in shown_as_nothing and not _HEADING.match(line) \
                and not _break_line(line, kind):
            if current is None:
                current = [offset + len(line) - len(line.lstrip()), offset + len(line)]
            current[1] = offset + len(line)
        elif current is not None:
            yield _close(doc, current)
            current = None
        offset += len(line) + 1
    if current is not None:
        yield _close(doc, current)


#: A table's delimiter row, under its header row: "| --- | :---: |", "--- | ---".
_DELIMITER_ROW = re.compile(r"^[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\r?$")


def _table_rows(doc: Document, paragraphs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """``paragraphs``, each table among them (a header row, a delimiter row, rows) as one item
    per row after the delimiter: "| Alerting | missing |" is the item "Alerting | missing", not
    the table read as one paragraph with its header and "| --- |"."""
    text = doc.text
    for begin, finish in paragraphs:
        first = text.find("\n", begin, finish)
        second = text.find("\n", first + 1, finish) if first >= 0 else -1
        if first < 0 or "|" not in text[begin:first] or not _DELIMITER_ROW.match(
                text[first + 1:second if second >= 0 else finish]):
            yield begin, finish
            continue
        while second >= 0:
            row_start = second + 1
            second = text.find("\n", row_start, finish)
            row_end = second if second >= 0 else finish
            while row_start < row_end and text[row_start] in " \t|":  # (its opening pipe)
                row_start += 1
            while row_end > row_start and (text[row_end - 1] in " \t\r" or (
                    text[row_end - 1] == "|" and text[row_end - 2] != "\\")):  # (closing; "\|" is text)
                row_end -= 1
            if row_start < row_end:
                yield row_start, row_end


def _close(doc: Document, item: list[int]) -> tuple[int, int]:
    begin, finish = item
    while finish > begin and doc.text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def apply_body(doc: Document) -> None:
    """Fill narrative fields of ``doc.data`` from the Markdown body's sections."""
    if doc.kind != "markdown" or not isinstance(doc.data, dict) or not doc.body.strip():
        return
    filler = _Filler(doc)
    found = sections(doc)
    named = {SECTION_FIELDS[title] for section in found
             if section.level == 2 and (title := normalise(section.title)) in SECTION_FIELDS}
    index = 0
    while index < len(found):
        section = found[index]
        title = normalise(section.title)
        if section.level == 2 and title in SECTION_FIELDS:
            filler.text(SECTION_FIELDS[title], section, section.start, _extent(found, index))
        elif section.level == 2 and title in SECTION_ALIASES:
            path = SECTION_ALIASES[title]
            if path not in named and path not in filler.filled and not _given(doc.data, path):
                filler.text(path, section, section.start, _extent(found, index))
        elif section.level == 2 and title in LESSON_LISTS:
            filler.bullets(LESSON_LISTS[title], section, section.start, _extent(found, index))
        elif section.level == 2 and title in LESSON_GROUPS:
            for sub in range(index + 1, len(found)):
                child = found[sub]
                if child.level <= 2:
                    break
                child_title = normalise(child.title)
                if child.level == 3 and child_title in LESSON_LISTS:
                    filler.bullets(LESSON_LISTS[child_title], child, child.start, _extent(found, sub))
        index += 1
    _misplaced_headings(doc, found)
    _second_front_matter(doc)


#: A line of a YAML mapping's key at the start of a line ("id: x", "status:"), as front matter
#: holds them; and a line that goes on a key's value (indented, or a list item).
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t]|$)")
_VALUE_LINE = re.compile(r"[ \t]+\S|- ")
#: A delimiter of a front matter block ("---"; YAML's "..." may also end one).
_DELIMITER = re.compile(r"---[ \t]*")


def _second_front_matter(doc: Document) -> None:
    """PM028 at a block in the body that is a front matter: a line '---' that is no heading's
    underline, lines of keys of the file format ('id: ...', 'status: ...'), and '---' (a draft's metadata
    pasted below another, two files joined). pmkit reads only the front matter at the top, so
    its fields set nothing, while the page shows them as text (the last key line as a heading,
    underlined by the closing '---')."""
    if "\n---" not in doc.body:  # the cheap test that spares reading the body's blocks
        return
    rows = [(index, line, kind) for index, line, kind, _ in _line_kinds(doc)]
    known: frozenset[str] | None = None
    start = 0
    while start < len(rows) - 2:
        index, line, kind = rows[start]
        start += 1
        # Under a paragraph's line, '---' underlines it as a heading; after anything else (a
        # blank line, a '#' heading, a closing fence, another rule) it opens a block.
        if kind in (CODE, COMMENT, SETEXT_1, SETEXT_2) or not _DELIMITER.fullmatch(line):
            continue
        keys: list[str] = []
        end = start
        while end < len(rows) and rows[end][2] not in (CODE, COMMENT) and (
                (key := _KEY_LINE.match(rows[end][1])) or (keys and _VALUE_LINE.match(rows[end][1]))):
            if key:
                keys.append(key.group("key"))
            end += 1
        if not keys or end >= len(rows) or not (_DELIMITER.fullmatch(rows[end][1])
                                                 or rows[end][1].rstrip() == "..."):
            continue
        if known is None:
            from pmkit.vocabulary import POSTMORTEM_FIELDS

            known = frozenset(POSTMORTEM_FIELDS)
        fields = [key for key in dict.fromkeys(keys) if key in known]
        if fields:
            named = ", ".join(f"'{key}'" for key in fields[:4]) + (", ..." if len(fields) > 4 else "")
            last = rows[end][0] + 1
            doc.diagnostics.append(Diagnostic(
                doc.path, index + 1, 1, "PM028",
                f"lines {index + 1}-{last} are a second front matter ({named} between '---' lines): only "
                "the front matter at the top of the file is read, so these fields set nothing, and the "
                "page shows them as text",
                name="second-front-matter", severity=Severity.WARNING, end_line=last,
                end_col=len(rows[end][1]) + 1,
                hint="Move these fields into the front matter at the top of the file (where a field is "
                     "there already, keep one value), or delete these lines."))
            start = end + 1


def written_heading(doc: Document, section: Section) -> str:
    """A heading quoted as the file has it: ``'### What went well'`` for one of level 3, and
    ``'Summary' (underlined with '=')`` for a setext heading, whose text has no '#' marks."""
    end = doc.text.find("\n", section.offset)
    if _HEADING.match(doc.text[section.offset:end if end >= 0 else len(doc.text)].rstrip("\r")):
        return f"'{'#' * section.level} {section.title}'"
    return f"'{section.title}' (underlined with '{'=' if section.level == 1 else '-'}')"


def _misplaced_headings(doc: Document, found: list[Section]) -> None:
    """PM024 at a heading named like a section but at a level that fills nothing ("# Summary",
    "### What went wrong" outside "## Lessons", as document exports write them), when its field
    is still missing: the finding that the field is missing would otherwise point nowhere near
    it. A subheading inside a section that fills a field is part of that text, and is left
    alone, and so is a field given elsewhere."""
    filling = set(SECTION_FIELDS) | set(SECTION_ALIASES) | set(LESSON_LISTS) | LESSON_GROUPS
    parent = ""  # the normalised title of the level-2 section the heading is in
    group = False  # whether the heading is under a lessons group of another level ("# Lessons")
    told: set[FieldPath] = set()
    for section in found:
        title = normalise(section.title)
        if section.level == 2:
            parent = title
        elif section.level == 1:
            parent, group = "", title in LESSON_GROUPS
        if section.level == 2 and not title.isascii() and title not in filling:
            _lookalike_heading(doc, section, title, told)
        if section.level == 2 or parent in filling:
            continue
        path = SECTION_FIELDS.get(title) or SECTION_ALIASES.get(title) or LESSON_LISTS.get(title)
        if path is None or path in told or _given(doc.data, path):
            continue
        told.add(path)
        lessons = HEADINGS["en"]["lessons"]
        level = f"a level-{section.level} heading"
        where = f"'## {section.title}'"
        if title in LESSON_LISTS:
            level += f" outside '## {lessons}'" if section.level == 3 else ""
            where += f" or from '### {section.title}' under '## {lessons}'"
        doc.diagnostics.append(_at_heading(
            doc, section,
            f"{written_heading(doc, section)} is {level}, which fills no field: "
            f"'{'.'.join(str(part) for part in path)}' is read from {where}",
            hint=("Make it a level-2 heading ('## ...'): the body's sections are level 2"
                  + (", and the lessons under a level-1 heading are level 2 too." if group else ".")),
        ))
    if "<h" in doc.body or "<H" in doc.body:
        _html_headings(doc, told)
    if "<" in doc.body and "#" in doc.body:
        _headings_in_html(doc, told)
    if ("```" in doc.body or "~~~" in doc.body) and "#" in doc.body:
        _headings_in_open_fence(doc, told)
    if "#" in doc.body:
        _headings_in_containers(doc, told)
    _pseudo_headings(doc, found, told)


def _lookalike_heading(doc: Document, section: Section, title: str, told: set[FieldPath]) -> None:
    """PM024 at a level-2 heading that is a section's name but for letters outside ASCII in
    place of its own ('## Summаry' with a Cyrillic 'а'), when that field is still missing: the
    heading looks right, and only "published postmortem has no summary" was said, at the top."""
    for name, path in (*SECTION_FIELDS.items(), *SECTION_ALIASES.items(), *LESSON_LISTS.items()):
        if path in told or _given(doc.data, path) or not (look := lookalike(title, name)):
            continue
        told.add(path)
        # As written, its letters outside ASCII swapped for the name's (in their case), and the
        # letter named as written ('А', not the 'а' of the name compared).
        written = section.title.strip()
        meant = name[:1].upper() + name[1:]
        if len(written) == len(name):
            meant = "".join(char if char.isascii() else latin.upper() if char.isupper() else latin
                            for char, latin in zip(written, name, strict=True))
            look = lookalike(written, meant) or look
        doc.diagnostics.append(_at_heading(
            doc, section,
            f"{written_heading(doc, section)} is no section pmkit knows: it has {look}, and it fills no "
            f"field: '{'.'.join(str(part) for part in path)}' is read from '## {meant}'",
            hint=f"Retype the heading as '## {meant}', in ASCII letters.",
        ))
        return


def _at_heading(doc: Document, section: Section, message: str, *, hint: str) -> Diagnostic:
    """PM024 (section-heading-level) on a section's heading line."""
    return Diagnostic(doc.path, section.line, 1, "PM024", message, name="section-heading-level",
                      severity=Severity.WARNING, end_line=section.line, end_col=section.heading_end_col,
                      hint=hint)


#: A line that could be a section's name set in emphasis or ended by a colon ("**Summary**",
#: "Summary:", "__Impact__"): the cheap test that spares reading the body's blocks without one.
_PSEUDO_LINE = re.compile(r"^ {0,3}(?:[*_][^\n]*[*_]|[^\n]*:|#{1,6}(?:[^\s#]|[^\S \t\r\n])[^\n]*)[ \t]*\r?$",
                          re.MULTILINE)
#: Heading marks with no blank after them ("##Summary"), or only a blank other than a space or a
#: tab (a no-break space that a keyboard layout or a paste left): CommonMark reads either as text.
_UNSPACED_MARKS = re.compile(r"#{1,6}(?:(?=[^\s#])|(?P<odd>[^\S \t\r\n])[^\S\r\n]*)")
#: Emphasis around a whole text (its marks the same on both sides).
_EMPHASIS = re.compile(r"(?P<mark>\*{1,3}|_{1,3})(?P<text>[^\s*_](?:.*[^\s*_])?)(?P=mark)")


@functools.lru_cache(maxsize=512)
def _pseudo_heading(line: str) -> tuple[str, FieldPath] | None:
    """The name and field of a line that is only a section's name in emphasis or before a
    colon (``**Summary**``, ``Summary:``, ``__What went well:__``); None for any other line."""
    text, marked = line.strip(), False
    if len(text) > 120:  # (no section's name is this long; normalise is slow on long runs of marks)
        return None
    if unspaced := _UNSPACED_MARKS.match(text):  # "##Summary": no heading without a blank
        text, marked = text[unspaced.end():], True
    for _ in range(3):  # ("**Summary:**", "**Summary**:", "_**Impact**_")
        if text.endswith(":"):
            text, marked = text[:-1].rstrip(), True
        elif emphasis := _EMPHASIS.fullmatch(text):
            text, marked = emphasis.group("text").strip(), True
    name = normalise(text)
    path = SECTION_FIELDS.get(name) or SECTION_ALIASES.get(name) or LESSON_LISTS.get(name)
    return (text, path) if marked and path is not None and "*" not in text and "_" not in text else None


#: A label at the start of a line with its text after it: a name in emphasis before a colon or a
#: dash (``**Impact**: text``, ``**Impact:** text``, ``__Impact__ - text``) or a plain name
#: before a colon (``Impact: text``), as chat tools and hand-typed notes write a section.
_INLINE_LABEL = re.compile(
    r"^(?P<indent> {0,3})(?P<label>(?:(?P<mark>\*{1,3}|_{1,3})(?P<emphasised>[^*_`\[<\n]{1,80}?)(?P=mark)"
    r"(?P<after>[ \t]*:|[ \t]+[-\u2013\u2014])?|(?P<plain>[^*_:`\[<\n]{1,80}?):))[ \t]+\S")
#: The cheap test for :data:`_INLINE_LABEL` over the whole body.
_INLINE_LABEL_LINE = re.compile(_INLINE_LABEL.pattern, re.MULTILINE)


@functools.lru_cache(maxsize=512)
def _inline_label(line: str, first: bool) -> tuple[str, FieldPath, str] | None:
    """The name, field and written label of a line that starts with a section's name as a
    label, its text after it (``**Impact**: 12% of users saw errors``); None for any other
    line. A plain ``Name:`` counts only on a paragraph's ``first`` line: further down, a line
    may start with "impact:" because a sentence was wrapped there."""
    match = _INLINE_LABEL.match(line)
    if match is None:
        return None
    if match.group("plain") is not None:
        if not first:
            return None
        text = match.group("plain").strip()
    else:
        text = match.group("emphasised").strip()
        if match.group("after") is None:
            if not text.endswith(":"):
                return None  # ("**Impact** was small": emphasis in a sentence)
        elif text.endswith(":"):
            return None  # ("**Impact:** - x" is no label this reads)
        text = text.rstrip(":").rstrip()
    name = normalise(text)
    path = SECTION_FIELDS.get(name) or SECTION_ALIASES.get(name) or LESSON_LISTS.get(name)
    return None if path is None or not text else (text, path, match.group("label"))


def _pseudo_headings(doc: Document, found: list[Section], told: set[FieldPath]) -> None:
    """PM024 at a paragraph's first line that is only a section's name in emphasis or before a
    colon (``**Summary**``, ``Summary:``), as word processors and chat tools write headings, when
    its field is still missing: Markdown shows it as bold text, so the text under it fills
    nothing and the field goes unchecked. Not in code, quotes, lists or tables, nor in a section
    that fills a field (there it is part of that text, as a subheading is)."""
    wanted = {named[1] for match in _PSEUDO_LINE.finditer(doc.body)
              if (named := _pseudo_heading(match.group())) is not None}
    wanted |= {labelled[1] for match in _INLINE_LABEL_LINE.finditer(doc.body)
               if (labelled := _inline_label(match.group(), True)) is not None}
    if not any(path not in told and not _given(doc.data, path) for path in wanted):
        return  # (the body's lines are classified only when there is one to report)
    filling = set(SECTION_FIELDS) | set(SECTION_ALIASES) | set(LESSON_LISTS) | LESSON_GROUPS
    heading_lines = {section.line: section for section in found}
    parent = ""  # the normalised title of the level-2 (or level-1) section the line is in
    # A candidate: its line index and text, its name and field, whether it is under "## Lessons",
    # and the label it starts with when text follows on its line ("**Impact**:"; "" for none).
    pending: tuple[int, str, str, FieldPath, bool, str] | None = None
    for index, line, kind, blocks in _line_kinds(doc):
        if pending is not None:
            # A line of "=" or "-" under it makes it a heading, a delimiter row a table's header.
            if kind not in (SETEXT_1, SETEXT_2) and not _DELIMITER_ROW.match(line):
                _report_pseudo(doc, *pending, told)
            pending = None
        if (section := heading_lines.get(index + 1)) is not None and section.level <= 2:
            parent = normalise(section.title) if section.level == 2 else ""
        if (kind != TEXT or blocks.quote is not None or blocks.paragraph != "top"
                or parent in filling - LESSON_GROUPS):
            continue
        first = blocks.paragraph_start == blocks.index
        candidate = _pseudo_heading(line) if first and _PSEUDO_LINE.match(line) else None
        label = ""
        if candidate is None and (labelled := _inline_label(line, first)) is not None:
            # A label with its text after it, on any line of the paragraph (chat tools join
            # "**Summary**: ..." and "**Impact**: ..." lines into one).
            candidate, label = labelled[:2], labelled[2]
        if candidate is None or candidate[1] in told or _given(doc.data, candidate[1]):
            continue
        # Under "## Lessons" only its "###" subsections are read: a lesson list's bold name there
        # fills nothing either; other text there is the group's own.
        if parent not in LESSON_GROUPS or candidate[1][0] == "lessons":
            pending = index, line, *candidate, parent in LESSON_GROUPS, label
    if pending is not None:
        _report_pseudo(doc, *pending, told)


def _unspaced_why(written: str) -> str:
    """Why a line of heading marks and a section's name is no heading, or "" if that is not it."""
    marks = _UNSPACED_MARKS.match(written)
    if marks is None:
        return ""
    if marks.group("odd") is None:
        return ", as a heading needs a blank after its '#' marks"
    odd = marks.group("odd")
    name = unicodedata.name(odd, "").lower() or "blank"
    return (f", as a heading needs a space or a tab after its '#' marks, not the {name} "
            f"(U+{ord(odd):04X}) there")


def _report_pseudo(doc: Document, index: int, line: str, name: str, path: FieldPath, grouped: bool,
                   label: str, told: set[FieldPath]) -> None:
    if path in told:
        return
    told.add(path)
    lessons = HEADINGS["en"]["lessons"]
    where = f"'## {name}'"
    if path[0] == "lessons":
        where += f" or from '### {name}' under '## {lessons}'"
    column = len(line) - len(line.lstrip(" ")) + 1
    written = line.strip()
    if label:
        heading = f"'### {name}' heading under '## {lessons}'" if grouped else f"'## {name}' heading"
        doc.diagnostics.append(Diagnostic(
            doc.path, index + 1, column, "PM024",
            f"'{label[:60]}' is a label in the text, not a heading, and fills no field: "
            f"make it a {heading}, from which '{'.'.join(str(part) for part in path)}' is read",
            name="section-heading-level", severity=Severity.WARNING,
            end_line=index + 1, end_col=column + len(label),
            hint=(f"Write '{'###' if grouped else '##'} {name}' on its own line, and the text after the "
                  "label below it."),
        ))
        return
    doc.diagnostics.append(Diagnostic(
        doc.path, index + 1, column, "PM024",
        f"'{written[:60]}' is read as text, not as a heading"
        + _unspaced_why(written)
        + f", and fills no field: '{'.'.join(str(part) for part in path)}' is read from {where}",
        name="section-heading-level", severity=Severity.WARNING,
        end_line=index + 1, end_col=len(line.rstrip()) + 1,
        hint=(f"Make it a level-3 heading under '## {lessons}': write '### {name}' on its own line instead."
              if grouped else f"Make it a level-2 heading: write '## {name}' on its own line instead.")
        if not (marks := _UNSPACED_MARKS.match(written)) or marks.group("odd") is None
        else "Replace the blank after the '#' marks with a plain space.",
    ))


#: An HTML heading alone on its line, as HTML exports and some editors write them.
_HTML_HEADING = re.compile(r"^ {0,3}<h(?P<level>[1-6])(?:[ \t][^>]*)?>(?P<text>.*?)</h(?P=level)>[ \t]*$",
                           re.IGNORECASE)
_HTML_HEADING_LINE = re.compile(_HTML_HEADING.pattern.replace("$", r"\r?$"), re.IGNORECASE | re.MULTILINE)


@functools.lru_cache(maxsize=512)
def _section_path(heading_text: str) -> FieldPath | None:
    title = normalise(re.sub(r"<[^>]*>", "", heading_text))
    return SECTION_FIELDS.get(title) or SECTION_ALIASES.get(title) or LESSON_LISTS.get(title)


def _html_headings(doc: Document, told: set[FieldPath]) -> None:
    """PM024 at an HTML heading named like a section (``<h2>Summary</h2>``) whose field is
    still missing: its text was read as nobody's section, and nothing said why."""
    wanted = {path for match in _HTML_HEADING_LINE.finditer(doc.body)
              if (path := _section_path(match.group("text"))) is not None}
    if not any(path not in told and not _given(doc.data, path) for path in wanted):
        return  # (the body's lines are classified only when there is one to report)
    for index, line, kind, _ in _line_kinds(doc):
        if kind != TEXT or "<h" not in line[:5].lower() or not (match := _HTML_HEADING.match(line)):
            continue
        path = _section_path(match.group("text"))
        if path is None or path in told or _given(doc.data, path):
            continue
        told.add(path)
        text = " ".join(re.sub(r"<[^>]*>", "", match.group("text")).split())
        where = f"'## {text}'"
        if path[0] == "lessons":
            where += f" or from '### {text}' under '## {HEADINGS['en']['lessons']}'"
        doc.diagnostics.append(Diagnostic(
            doc.path, index + 1, match.start("level") - 1, "PM024",
            f"'{match.group().strip()[:60]}' is an HTML heading, which fills no field: "
            f"'{'.'.join(str(part) for part in path)}' is read from {where}",
            name="section-heading-level", severity=Severity.WARNING,
            end_line=index + 1, end_col=len(line.rstrip()) + 1,
            hint="Write it as a Markdown heading ('## ...'): pmkit reads the body's sections from those.",
        ))


def _headings_in_html(doc: Document, told: set[FieldPath]) -> None:
    """PM024 at a heading named like a section that stands inside an HTML block ("<div>" and,
    on the next line, "## Summary"), whose field is still missing: CommonMark reads every line
    up to the next blank one as the block's HTML, so the heading shows as text and fills
    nothing, and nothing said why."""
    opener: tuple[int, str] | None = None
    for index, line, kind, blocks in _line_kinds(doc):
        if kind != TEXT or not blocks.html:
            opener = None
            continue
        stripped = line.lstrip(" ")
        if opener is None:
            opener = (index, stripped.rstrip())
            continue
        if not stripped.startswith("#") or not (match := _HEADING.match(line)):
            continue
        path = _section_path(match.group("text"))
        if path is None or path in told or _given(doc.data, path):
            continue
        told.add(path)
        _swallowed_heading(doc, index, line, path,
                           f"inside the HTML block that '{opener[1][:40]}' opens on line {opener[0] + 1}, so "
                           "Markdown shows it as text", "HTML",
                           "Put a blank line before the heading (an HTML block ends at a blank line), or "
                           "close the HTML block above it.")


#: A heading written on the line of a list item's bullet or a block quote's '>' ("- ## Summary",
#: "> ## Impact"), as an outline or a pasted chat message writes it.
_CONTAINED_HEADING = re.compile(r"^[ ]{0,3}(?P<marks>(?:>[ ]?|(?:[-*+]|\d{1,9}[.)])[ \t]+)+)[ ]{0,3}"
                                r"(?P<heading>#{1,6}[ \t]+(?P<text>.*))$")  # (greedy: lazy was quadratic)
_CONTAINED_HEADING_LINE = re.compile(_CONTAINED_HEADING.pattern, re.MULTILINE)
#: A heading indented under a list item's line ("- The deploy went out." then "  ## Summary"):
#: the item's, when the scanner has the item still open there (and the line is no code: it is
#: indented less than four columns more than the item's text, however deep the item is).
_INDENTED_HEADING = re.compile(r"^(?P<marks>[ ]+)(?P<heading>#{1,6}[ \t]+(?P<text>.*))$")
_INDENTED_HEADING_LINE = re.compile(_INDENTED_HEADING.pattern, re.MULTILINE)


def _headings_in_containers(doc: Document, told: set[FieldPath]) -> None:
    """PM024 at a heading named like a section on a list item's or a block quote's first line
    ("- ## Summary", "> ## Impact") or indented under a list item's line into its text, whose
    field is still missing: Markdown shows a heading inside the item or quote, which starts no
    section, and "published postmortem has no summary" pointed at the top of the file, away
    from the heading the author sees."""
    wanted = {path for lines in (_CONTAINED_HEADING_LINE, _INDENTED_HEADING_LINE)
              for match in lines.finditer(doc.body)
              if (path := _section_path(match.group("text").rstrip())) is not None}
    if not any(path not in told and not _given(doc.data, path) for path in wanted):
        return  # (the body's lines are classified only when there is one to report)
    for index, line, kind, blocks in _line_kinds(doc):
        if kind != TEXT or (blocks.quote is None and not blocks.items):
            continue
        match = _CONTAINED_HEADING.match(line) or (_INDENTED_HEADING.match(line) if blocks.items else None)
        if match is None:
            continue
        path = _section_path(match.group("text").rstrip())
        if path is None or path in told or _given(doc.data, path):
            continue
        told.add(path)
        marks, heading = match.group("marks").strip(), match.group("heading").rstrip()[:60]
        container = "block quote" if marks.startswith(">") else "list item"
        stripped = line.lstrip(" ")
        # (indented into the item, the heading has no marks of its own before it: its blanks are)
        remove = f"the '{marks}'" if marks else "the indentation"
        doc.diagnostics.append(Diagnostic(
            doc.path, index + 1, len(line) - len(stripped) + 1, "PM024",
            f"'{stripped.rstrip()[:60]}' is a heading inside a {container}, which starts no section, and "
            f"it fills no field: '{'.'.join(str(part) for part in path)}' is read from a heading outside "
            "lists and block quotes",
            name="section-heading-level", severity=Severity.WARNING,
            end_line=index + 1, end_col=len(line.rstrip()) + 1,
            hint=f"Remove {remove} before the heading, to leave '{heading}' alone on its line.",
        ))


def _swallowed_heading(doc: Document, index: int, line: str, path: FieldPath, inside: str, outside: str,
                       hint: str) -> None:
    """PM024 at a heading named like a section that a block around it shows as something else
    (``inside``: which block, and as what), so that its field is read from nowhere."""
    stripped = line.lstrip(" ")
    doc.diagnostics.append(Diagnostic(
        doc.path, index + 1, len(line) - len(stripped) + 1, "PM024",
        f"'{stripped.rstrip()[:60]}' is {inside}, not as a heading, and it fills no field: "
        f"'{'.'.join(str(part) for part in path)}' is read from a heading outside {outside}",
        name="section-heading-level", severity=Severity.WARNING,
        end_line=index + 1, end_col=len(line.rstrip()) + 1, hint=hint,
    ))


def _headings_in_open_fence(doc: Document, told: set[FieldPath]) -> None:
    """PM024 at a heading named like a section that stands after a code fence ("```") that is
    never closed, whose field is still missing: CommonMark reads every line to the end of the
    file as that code block, so the sections after it show as code and fill nothing, and
    nothing said why. (A heading inside a code block that is closed is an example, left alone.)"""
    opener: tuple[int, str] | None = None
    inside: list[tuple[int, str, FieldPath]] = []
    for index, line, kind, blocks in _line_kinds(doc):
        if blocks.fence is None:
            opener, inside = None, []
            continue
        if opener is None:
            opener = (index, line.strip())
            continue
        stripped = line.lstrip(" ")
        if kind == CODE and stripped.startswith("#") and (match := _HEADING.match(stripped)):
            path = _section_path(match.group("text"))
            if path is not None:
                inside.append((index, line, path))
    if opener is None:
        return
    fence = _FENCE_RUN.match(opener[1])
    closing = fence.group() if fence else "```"
    for index, line, path in inside:
        if path in told or _given(doc.data, path):
            continue
        told.add(path)
        _swallowed_heading(doc, index, line, path,
                           f"inside the code block that '{opener[1][:40]}' opens on line {opener[0] + 1} and "
                           "never closes, so Markdown shows it as code", "code",
                           f"Close the code block: add a line '{closing}' after its last line of code.")


def _given(data: dict[str, object], path: FieldPath) -> bool:
    """Whether the front matter gives ``path``."""
    node: object = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _extent(found: list[Section], index: int) -> int:
    """End offset of section ``index`` including its deeper subsections."""
    level = found[index].level
    for later in range(index + 1, len(found)):  # (not a slice: that copies the rest each time)
        if found[later].level <= level:
            return found[later].offset
    return found[-1].end


def front_matter_heading(doc: Document, field: str) -> tuple[str, Span] | None:
    """The first body heading (levels 1-3) that names ``field``, a field only the front matter
    holds (``## Timeline`` with a table, ``## Action items`` with a task list), as its title
    and span; None for a YAML postmortem or a body without one."""
    if doc.kind != "markdown" or not doc.body_line:
        return None
    # Asked for once per missing field: read the headings once (20,000 headings took 0.2 s).
    return _front_matter_headings(doc.text, doc.body_line).get(field)


@lru_cache(maxsize=4)
def _front_matter_headings(text: str, body_line: int) -> dict[str, tuple[str, Span]]:
    """Each field only the front matter holds → the first heading naming it (title and span)."""
    found: dict[str, tuple[str, Span]] = {}
    for section in _scan(text, body_line)[0]:
        if section.level <= 3:
            field = FRONT_MATTER_SECTIONS.get(normalise(section.title))
            if field is not None and field not in found:
                found[field] = section.title, _heading_span(section)
    return found


def narrative_heading(doc: Document, path: FieldPath) -> tuple[str, Span] | None:
    """The first level-2 body heading named for the narrative field ``path`` (``## Summary``,
    ``## TL;DR``), as its title and span, when the field was left unset (its section shows
    nothing, an HTML comment say); None for a YAML postmortem or a body without one."""
    for section in sections(doc):
        name = normalise(section.title)
        if section.level == 2 and (SECTION_FIELDS.get(name) or SECTION_ALIASES.get(name)) == path:
            return section.title, _heading_span(section)
    return None


def extra_sections(doc: Document) -> list[tuple[str, str]]:
    """Body sections that fill no field (``## Background``...), as (title, text): those of level 2
    with their subsections, and the text of a level-1 heading up to the next heading ("# Appendix"
    as document exports write it). The text above every ``##`` (under the document's own "# Title",
    a "**Date:** ..." line, or before any heading) has the title "": it leads the page."""
    found = sections(doc)
    out: list[tuple[str, str]] = []
    if found and doc.body_line:
        rest = doc.text.split("\n", doc.body_line - 1)[-1]
        start, end = _unwrapped(doc.text, len(doc.text) - len(rest), found[0].offset)
        lead = trimmed(strip_comments(doc.text[start:end]))
        if lead:
            out.append(("", lead))
    known = set(SECTION_FIELDS) | set(LESSON_LISTS)
    before_sections = True
    for index, section in enumerate(found):
        title = normalise(section.title)
        if title in LESSON_LISTS and (written := _lesson_list_as_written(doc, found, index)):
            out.append((section.title, written))
        if section.level == 1:
            start, end = _unwrapped(doc.text, section.start, section.end)
            text = trimmed(strip_comments(doc.text[start:end]))
            if text:
                out.append(("" if before_sections else section.title, text))
            continue
        before_sections = False
        if section.level != 2 or title in known:
            continue
        alias = SECTION_ALIASES.get(title)
        key = doc.key_spans.get(alias) if alias else None
        if key is not None and key.line == section.line:
            continue  # ("## TL;DR" gave the summary; another name for a field given elsewhere did not)
        if title in LESSON_GROUPS:
            text = _group_text(doc, found, index)
        else:
            start, end = _unwrapped(doc.text, section.start, _extent(found, index))
            text = trimmed(strip_comments(doc.text[start:end]))
        if text:
            out.append((section.title, text))
    return out


def _lesson_list_as_written(doc: Document, found: list[Section], index: int) -> str:
    """The text of the lessons list section ``found[index]`` as written, when it filled its
    list from a list and says more beside it (a sentence introducing the list, a remark after
    it): its field holds the items only, and the page shows the section as written so that the
    rest is not lost. "" for any other section."""
    section = found[index]
    path = LESSON_LISTS[normalise(section.title)]
    key = doc.key_spans.get(path)
    if key is None or key.line != section.line or section.level not in (2, 3):
        return ""  # (not the section the list was read from)
    start, end = _unwrapped(doc.text, section.start, _extent(found, index))
    listed = list(_bullet_items(doc, start, end))
    if not listed:
        return ""  # (each paragraph is an item)
    # The list as written, from its first item's line to its last item's end (with what stands
    # between them), and the paragraphs before and after it; not a definition, which the page
    # shows at its end (:func:`definitions`), nor a comment alone.
    shown_at_end = {" ".join(written.split()) for written in definitions(doc)}
    list_start = doc.text.rfind("\n", 0, listed[0][0]) + 1
    pieces = [(list_start, listed[-1][1])]
    more = False  # (text between two items is in the list's piece)
    for begin, finish, _ in _outside_items(doc, start, end, listed):
        text = strip_comments(doc.text[begin:finish]).strip()
        if text and " ".join(text.split()) not in shown_at_end:
            more = True
            if not list_start <= begin < listed[-1][1]:
                pieces.append((begin, finish))
    if not more:
        return ""
    return "\n\n".join(text for begin, finish in sorted(pieces)
                       if (text := trimmed(strip_comments(doc.text[begin:finish]))))


def _outside_items(doc: Document, start: int, end: int, items: list[tuple[int, int, int]]
                   ) -> Iterator[tuple[int, int, int]]:
    """The paragraphs (and table rows) of ``start:end`` outside the list ``items``
    (:func:`_bullet_items`), with column 0: the lines before the first item's, between one
    item's end and the next one's, and after the last. A marker alone on its line (its item's
    text on the next) is part of its item."""
    text = doc.text
    gap = start
    for item_start, item_end, _ in [*items, (end, end, 0)]:
        stop = max(gap, text.rfind("\n", 0, item_start) + 1) if item_start < end else end
        for begin, finish in _table_rows(doc, _paragraph_items(doc, gap, stop)):
            if not _EMPTY_BULLET.match(text[begin:finish]):
                yield begin, finish, 0
        gap = max(gap, item_end)


def _group_text(doc: Document, found: list[Section], index: int) -> str:
    """The text of the lessons group ``found[index]`` that fills no lessons list: what it says
    before its first subsection (Atlassian's template has "## Lessons learned" over a plain list)
    and its subsections of other names ("### Themes"), which the page shows as written."""
    parts = [doc.text[slice(*_unwrapped(doc.text, found[index].start, found[index].end))]]
    sub = index + 1
    while sub < len(found) and found[sub].level > 2:
        end = _extent(found, sub)
        if not (found[sub].level == 3 and normalise(found[sub].title) in LESSON_LISTS):
            parts.append(doc.text[found[sub].offset:end])
        sub = next((later for later in range(sub + 1, len(found)) if found[later].offset >= end), len(found))
    return "\n\n".join(text for part in parts if (text := trimmed(strip_comments(part))))


#: A footnote's definition (GitHub's footnotes): ``[^1]: The totals were reconciled on 6 June.``
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>\^[^\]\s]+)\]:[ \t]+\S")
#: The lines of a link reference definition so far, when the next may finish it: a label wrapped
#: onto them ("[human", then "error]: https://..."), a label with its destination on the next
#: line ("[pm-42]:", then "https://..."), or a title not closed yet ('"Postmortem', then '42"').
_DEFINITION_START = re.compile(r" {0,3}\[(?!\^)(?:(?:[^\[\]\\]|\\.)+\]:"
                               r"(?:[ \t]*|[ \t]*\n?[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+|[ \t]*\n[ \t]*)"
                               r"(?:\"[^\"]*|'[^']*|\([^()]*))|(?:[^\[\]\\]|\\.)*)")
#: How long the lines of a definition not finished yet are read on for (CommonMark's labels are
#: at most 999 characters; a title is rarely longer): a paragraph that opens with "[" and goes on
#: for a megabyte is not matched again at each of its lines.
_DEFINITION_REACH = 4000


def definitions(doc: Document) -> list[str]:
    """The body's link reference definitions (``[ticket]: https://...``) and footnotes (``[^1]:
    ...``, with the indented lines that continue one), as written, in order: text that refers to
    one (``[the ticket][ticket]``, ``[^1]``) needs it on the page it is shown on, wherever in
    the body it stands (at the end, as most write them). Not in code, comments or quotes."""
    if doc.kind != "markdown" or not doc.body_line or "]:" not in doc.body:
        return []
    return [written for _, written in _definitions(
        (line, kind, blocks) for _, line, kind, blocks in _line_kinds(doc))]


def _definitions(lines: Iterable[tuple[str, str, _Blocks]]) -> list[tuple[int, str]]:
    """The definitions (see :func:`definitions`) among ``lines``, each with its kind and the
    scanner that read it: the index of each one's first line, and the definition as written."""
    out: list[tuple[int, str]] = []
    previous = -2  # the index of the last line taken (a definition, or a footnote's next line)
    # A definition not finished yet: the index of its first line and of its last so far, its
    # paragraph, its lines, and whether it goes on with the last one taken (a title after it).
    started: tuple[int, int, int, str, bool] | None = None
    for line, kind, blocks in lines:
        index = blocks.index
        if kind != TEXT or blocks.quote is not None or blocks.html:
            continue
        if started is not None:
            at, last, paragraph, begun, extends = started
            started = None
            # (its next line, in the same paragraph: a line that starts a block ends it)
            if last == index - 1 and blocks.paragraph_start == paragraph and line.strip():
                joined = begun + "\n" + line.rstrip()
                if _LINK_DEFINITION.match(joined):
                    out[len(out) - extends:] = [(at, joined)]
                    previous = index
                    continue
                if len(joined) <= _DEFINITION_REACH and _DEFINITION_START.fullmatch(joined):
                    started = at, index, paragraph, joined, extends
                    continue
        if out and previous == index - 1 and blocks.paragraph_start != index and line.strip():
            joined = out[-1][1] + "\n" + line.rstrip()
            if _LINK_DEFINITION.match(joined):
                out[-1] = out[-1][0], joined  # (its title, on the line after its destination)
                previous = index
                continue
            if _DEFINITION_START.fullmatch(joined):
                started = out[-1][0], index, blocks.paragraph_start, joined, True  # (a title begun)
                continue
        if out and previous == index - 1 and line[:1] in (" ", "\t") and line.strip() and \
                _FOOTNOTE_DEFINITION.match(out[-1][1].split("\n", 1)[0]):
            # (a footnote goes on in the lines indented under it)
            out[-1] = out[-1][0], out[-1][1] + "\n" + line.rstrip()
            previous = index
            continue
        first = blocks.paragraph_start == blocks.index or previous == index - 1
        if first and (_LINK_DEFINITION.match(line) or _FOOTNOTE_DEFINITION.match(line)):
            out.append((index, line.rstrip()))
            previous = index
        elif first and _DEFINITION_START.fullmatch(line.rstrip()):
            started = index, index, blocks.paragraph_start, line.rstrip(), False
    return out


def link_label(label: str) -> str:
    """A link label as CommonMark compares them: case-folded, each run of blanks one space."""
    return " ".join(label.split()).casefold()


def link_labels(text: str) -> frozenset[str]:
    """The labels of the link reference definitions and footnotes of ``text`` (a footnote's
    with its "^": "^1" for "[^1]: ..."), read as a Markdown text of its own: as in a document
    (see :func:`definitions`), a line that looks like one in a code block ("[pm-42]:
    https://..." in a fenced example) or within a paragraph defines nothing."""
    if "]:" not in text:
        return frozenset()
    written = _definitions(_classified(text.split("\n")))
    return frozenset(link_label(found.group("label")) for _, line in written
                     if (found := _LINK_DEFINITION.match(line) or _FOOTNOTE_DEFINITION.match(line)))


def definition_lines(text: str) -> list[tuple[int, int]]:
    """The character ranges of the lines of ``text`` that are link reference definitions (see
    :func:`link_labels`): Markdown shows nothing of them, so their words are not prose a reader
    reads ("[human error]: https://..." links a glossary, it calls nothing human error)."""
    if "]:" not in text:
        return []
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return [(starts[first], starts[last] + len(lines[last]))
            for first, last in _link_definition_lines(_classified(lines))]


def _link_definition_lines(lines: Iterable[tuple[str, str, _Blocks]]) -> list[tuple[int, int]]:
    """The indexes of the first and the last line of each link reference definition among
    ``lines`` (each with its kind and the scanner that read it; see :func:`_definitions`)."""
    return [(index, index + written.count("\n")) for index, written in _definitions(lines)
            if _LINK_DEFINITION.match(written)]


def document_link_labels(doc: Document) -> frozenset[str]:
    """The labels a Markdown body defines (see :func:`definitions`): "[text][label]" anywhere
    in the document is a link to one of them, and text ("matrix[i][j]") with any other."""
    return link_labels("\n".join(definitions(doc)))


__all__ = ["FRONT_MATTER_SECTIONS", "HEADINGS", "SECTION_ALIASES", "SECTION_FIELDS", "Section", "apply_body",
           "definitions", "extra_sections", "front_matter_heading", "sections", "strip_comments"]
