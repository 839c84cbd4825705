"""Inline suppressions: ``# pmkit: ignore[PM301] reason`` (``<!-- ... -->`` in Markdown).

A comment at the end of a line silences findings on that line. A comment on a line of its
own silences the line below it and, when that line starts a field or a list entry, the whole
field or entry (so one comment above ``summary: |`` covers every line of the block, and one
above ``- at: ...`` the whole timeline entry). So does one at the end of a line that opens a
field whose value is below it (``summary: |  # pmkit: ignore[PM301]``), or of a heading.
Codes may be given as codes, prefixes (``PM3``, also ``PM3xx``) or rule names, separated by commas.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import Document, text_lines
from pmkit.rules import selects

_YAML_START = r"(?:^|\s)#\s*pmkit:\s*ignore\["
_HTML_START = r"<!--\s*pmkit:\s*ignore\["
#: A reason runs to the end of the line, or to the next suppression in the same comment
#: ("# pmkit: ignore[PM301] quoting # pmkit: ignore[PM302] also quoted": both are honoured).
_YAML_COMMENT = re.compile(_YAML_START + r"(?P<codes>[^\]]*)\](?P<reason>(?:(?!" + _YAML_START + r")[^\n])*)")
_HTML_COMMENT = re.compile(_HTML_START + r"(?P<codes>[^\]]*)\](?P<reason>.*?)-->")
_STARTS = {_YAML_COMMENT: re.compile(_YAML_START), _HTML_COMMENT: re.compile(_HTML_START)}
#: What a reader takes for a suppression: ``# pmkit: ignore`` however it goes on. One that is
#: not complete on its line (no brackets, no "]", no "-->") silences nothing, and says so.
#: In any case: "# PMKIT: IGNORE[PM301]" silenced nothing, and nothing said so.
#: So is a comment that names pmkit and a word before brackets ("# pmkit disable[PM301]",
#: "# pmkit : ignore-file[PM301]"), which silenced nothing, and nothing said so either.
_DIRECTIVE = r"pmkit(?P<sep>\s*:\s*|\s+)(?P<word>ignore\b[\w-]*|[a-z][\w-]*(?=\s*\[))"
_ATTEMPTS = {_YAML_COMMENT: re.compile(r"(?:^|\s)#\s*" + _DIRECTIVE, re.IGNORECASE),
             _HTML_COMMENT: re.compile(r"<!--\s*" + _DIRECTIVE, re.IGNORECASE)}
_WRITTEN = {_YAML_COMMENT: "# pmkit: ignore[CODE] reason",
            _HTML_COMMENT: "<!-- pmkit: ignore[CODE] reason -->"}


@dataclass
class Suppression:
    """One ``pmkit: ignore`` comment: the codes it names, its reason and the lines it covers."""

    line: int  # where the comment is
    col: int
    selectors: list[str]
    reason: str
    first: int  # lines it covers, inclusive
    last: int
    used: set[str] = field(default_factory=set)
    #: Why the comment silences nothing although it looks like a suppression (incomplete).
    problem: str | None = None
    #: The column just past the comment on its line (0: not known).
    end_col: int = 0

    def covers(self, diag: Diagnostic) -> list[str]:
        """The selectors that silence ``diag``: all of them, so that none of two that name the
        same finding (``ignore[human-error, PM3]``) is reported as unused."""
        if not self.first <= diag.line <= self.last:
            return []
        # As the settings match them: a selector accepted as naming a rule (ALL, human_error)
        # silences its findings, rather than being reported unused beside them.
        return [sel for sel in self.selectors if selects(sel, diag.code, diag.name)]

    def finding(self, path: str, code: str, message: str, *, hint: str) -> Diagnostic:
        """A finding about this comment (PM901, PM902), over the comment as it is written: at
        its start only, the annotation of a review did not show which comment was meant."""
        return Diagnostic(path, self.line, self.col, code, message,
                          name="unused-suppression" if code == "PM901" else "unknown-suppression",
                          severity=Severity.WARNING, hint=hint,
                          end_line=self.line if self.end_col else None, end_col=self.end_col or None)


def find_suppressions(doc: Document) -> list[Suppression]:
    found: list[Suppression] = []
    # Markdown: YAML comments work in the front matter, HTML comments in the body (where a
    # "# pmkit: ..." is text a reader sees, and a comment in a fenced code block is an example).
    body_line = doc.body_line if doc.kind == "markdown" and doc.body_line else 0
    fenced: frozenset[int] = frozenset()
    #: Each line of the body's headings' text (ATX and setext) → the heading's first line.
    headings: dict[int, int] = {}
    texts = _ScalarText(doc, body_line)
    # Map "line where a key starts" → "last line of its value", for own-line comments.
    extent: dict[int, int] = {}
    for path, key_span in doc.key_spans.items():
        value = doc.value_spans.get(path)
        end = value.end_line if value else key_span.end_line
        # A block scalar's end mark sits at the start of the next line.
        if value and value.end_col == 1 and end > key_span.line:
            end -= 1
        extent[key_span.line] = max(extent.get(key_span.line, key_span.line), end)
    # A line that starts a list entry ("- at: ...", "- {audience: ...,") starts the whole entry,
    # so a comment above a timeline entry or a notification covers all of its lines.
    lines = text_lines(doc.text)
    for path, value in doc.value_spans.items():
        if not path or not isinstance(path[-1], int):
            continue
        end = value.end_line - 1 if value.end_col == 1 and value.end_line > value.line else value.end_line
        if end > value.line:
            extent[value.line] = max(extent.get(value.line, value.line), end)
        dash = value.line - 1  # (an entry written below a dash alone: "-", then "  at: ...")
        if 0 < dash <= len(lines) and lines[dash - 1].strip() == "-":
            extent[dash] = max(extent.get(dash, dash), end)
    if body_line:
        from pmkit.markdown import code_lines, section_extents, sections

        fenced = code_lines(doc)
        # A heading covers its whole section, subsections included, whether or not the section
        # fills a field.
        for line, last in section_extents(doc).items():
            extent[line] = max(extent.get(line, line), last)
        # A setext heading's text may take several lines, one heading all the same: a comment at
        # the end of any of them covers the section, as one at the end of its first line does
        # (at the end of "outage" below "Root cause of the" it covered that line alone).
        for section in sections(doc):
            heading_text = range(section.line, section.line + section.text_lines)
            headings.update(dict.fromkeys(heading_text, section.line))
    inside = _inside_comments(lines, body_line, fenced) if body_line and "<!--" in doc.text else frozenset()
    for number, text in enumerate(lines, start=1):
        if ("pmkit" not in text and "pmkit" not in text.lower()) or number in fenced:
            continue
        pattern = _HTML_COMMENT if body_line and number >= body_line else _YAML_COMMENT
        if number in inside and (continued := _CONTINUED.match(text)) is not None:
            # "<!--" on a line above, "pmkit: ignore[...]" on this one: it silenced nothing, unsaid.
            col = _column(continued)
            found.append(Suppression(number, col, [], "", number, number, problem=(
                "this suppression is not complete on its line (its '<!--' is on a line above), so it "
                f"silences nothing: write it on one line as '{_WRITTEN[_HTML_COMMENT]}'"),
                end_col=len(text.rstrip()) + 1))
            continue
        covered: list[tuple[int, int]] = []  # the complete comments' extents on this line
        is_text = partial(texts.contains, number) if pattern is _YAML_COMMENT else partial(_in_code, text)
        for match in _comments(pattern, text, is_text):
            covered.append(match.span())
            selectors = [s.strip() for s in match.group("codes").split(",") if s.strip()]
            # What is before the line's first suppression: a second one in the same comment covers
            # what the first does.
            before = text[: covered[0][0]].strip()
            html = pattern is _HTML_COMMENT
            opens = (html and number in headings) or _opens(before, html)
            if before and before not in ("-", "<!--") and opens:
                # At the end of a line that opens a field whose value is on the lines below
                # ("summary: |", "timeline:") or of a heading: the whole field or section, as
                # from the line above it.
                first = headings.get(number, number) if html else number
                last = extent.get(first, first)
            elif before and before not in ("-", "<!--"):
                first, last = number, number  # trailing comment: this line
            else:
                target = number + 1
                first, last = target, extent.get(target, target)
            found.append(Suppression(number, _column(match), selectors, match.group("reason").strip(),
                                     first, last, end_col=len(text[:match.end()].rstrip()) + 1))
        incomplete = _incomplete(_ATTEMPTS[pattern], text, covered, is_text)
        if incomplete is not None:  # one a line is enough, however many follow on it
            col = _column(incomplete)
            found.append(Suppression(number, col, [], "", number, number,
                                     problem=_why_incomplete(incomplete, text, _WRITTEN[pattern]),
                                     end_col=_comment_end(text, col, pattern is _HTML_COMMENT)))
        elif (misplaced := _misplaced(pattern, text, covered, is_text)) is not None:
            found.append(Suppression(number, misplaced[0], [], "", number, number, problem=misplaced[1],
                                     end_col=_comment_end(text, misplaced[0], False)))
    return found


#: A suppression at the start of a line inside an HTML comment opened on a line above.
_CONTINUED = re.compile(r"\s*" + _DIRECTIVE, re.IGNORECASE)


def _inside_comments(lines: list[str], body_line: int, fenced: frozenset[int]) -> frozenset[int]:
    """The lines of a Markdown body that start inside an HTML comment opened on a line above
    (outside code blocks), in one pass over the body."""
    inside: list[int] = []
    is_open = False
    for number in range(body_line, len(lines) + 1):
        if number in fenced:
            continue
        if is_open:
            inside.append(number)
        text, pos = lines[number - 1], 0
        while True:
            found = text.find("-->" if is_open else "<!--", pos)
            if found < 0:
                break
            pos = found + (3 if is_open else 4)
            is_open = not is_open
    return frozenset(inside)


def _comment_end(line: str, col: int, html: bool) -> int:
    """The column just past a comment that starts at ``col`` of ``line``: after its "-->" (HTML),
    or at the end of the line (YAML, and an HTML comment not closed on its line)."""
    close = line.find("-->", col - 1) if html else -1
    return close + 4 if close >= 0 else len(line.rstrip()) + 1


def _column(match: re.Match[str]) -> int:
    """The 1-based column where a comment matched by one of the patterns starts (its "#" or
    "<!--", not the blank before it)."""
    return match.start() + len(match.group()) - len(match.group().lstrip()) + 1


def _misplaced(pattern: re.Pattern[str], line: str, covered: list[tuple[int, int]],
               is_text: Callable[[int], bool]) -> tuple[int, str] | None:
    """Where and why a suppression written where it is text silences nothing, or None.

    Both silenced nothing in silence, while their author believed them to work, and both are
    text a reader of the postmortem sees: a line of its own inside a block of text ("summary:
    |" and below it "  # pmkit: ignore[PM301]"), and the YAML form in a Markdown body (where
    "# ..." at the start of a line is even a heading). A "#" in the middle of a line of text
    ("Write # pmkit: ignore[PM301] ...") is an example, not a mistake, and is left alone.
    """
    attempt = _ATTEMPTS[_YAML_COMMENT].search(line)
    if attempt is None:
        return None
    col = _column(attempt)
    if pattern is _YAML_COMMENT:
        if line[:col - 1].strip() or not is_text(attempt.end()):
            return None
        return col, ("this suppression is a line of a block of text ('|' or '>'), so it is part of the "
                     "text readers see and silences nothing: write it above the field's key, or at the "
                     "end of the key's line ('summary: |  # pmkit: ignore[CODE] reason')")
    if is_text(attempt.end()) or any(start <= attempt.start() < end for start, end in covered):
        return None  # inline code (an example), or inside a complete HTML suppression
    return col, ("in a Markdown body a suppression is an HTML comment; this '#' one is text readers "
                 "see and silences nothing: write it as '<!-- pmkit: ignore[CODE] reason -->'")


#: A line that holds a key and no value of it (the value is on the lines below): "summary: |",
#: "impact:", "- notes: >-".
_KEY_ALONE = re.compile(r"(?:-[ \t]+)*[^#\s][^#]*?:(?:[ \t]+[|>][-+1-9]*)?")
#: A Markdown heading line (ATX; a setext heading, "Impact" above "------", is known by its
#: section, as the next line says it is one).
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")


def _opens(before: str, html: bool) -> bool:
    """Whether the text before a comment at the end of its line opens what is below it: a key
    whose value is on the lines below, or (in a Markdown body) a heading."""
    return _HEADING_LINE.match(before) is not None if html else _KEY_ALONE.fullmatch(before) is not None


def _why_incomplete(attempt: re.Match[str], line: str, written: str) -> str:
    """Why a comment that starts like a suppression silences nothing: "not complete on its
    line" was said also of one that was, but had a blank before its "[", no brackets at all,
    or capital letters."""
    rest = line[attempt.end():]
    word, sep = attempt.group("word"), attempt.group("sep")
    if word.lower() != "ignore":
        if word.lower().startswith("ignore"):  # ignore-file, ignore-next-line, ignore_all
            why = (f"says '{word}', but pmkit has no file-wide suppression (one on a line of its own "
                   "covers the field or list entry below it; 'ignore' in [tool.pmkit] turns a rule off)")
        else:  # disable, noqa, skip: another linter's word
            why = f"says '{word}' where pmkit reads 'ignore'"
    elif sep.strip() != ":" or not sep.startswith(":"):
        why = "is not written 'pmkit:' (the colon right after 'pmkit')"
    elif not attempt.group().islower():
        why = "is not written in lower case"
    elif rest.startswith("["):  # the "]" (or the "-->") is on another line, or missing
        return (f"this suppression is not complete on its line, so it silences nothing: write it on "
                f"one line as '{written}'")
    elif rest.lstrip().startswith("["):
        why = "has a blank between 'ignore' and '['"
    else:
        why = "has no codes in brackets after 'ignore'"
    return f"this suppression {why}, so it silences nothing: write it as '{written}'"


def _incomplete(attempts: re.Pattern[str], line: str, covered: list[tuple[int, int]],
                is_text: Callable[[int], bool]) -> re.Match[str] | None:
    """The first ``pmkit: ignore`` on the line outside every complete suppression comment and
    outside the text of a string.

    ``covered`` is in line order, as are the attempts: one pass over both (a line may hold
    thousands of comments).
    """
    index = 0
    for attempt in attempts.finditer(line):
        while index < len(covered) and covered[index][1] <= attempt.start():
            index += 1
        if (index == len(covered) or attempt.start() < covered[index][0]) and not is_text(attempt.end()):
            return attempt
    return None


#: From (line, column) to (line, column), both exclusive: where a "#" is a scalar's text.
_TextSpan = tuple[tuple[int, int], tuple[int, int]]


def _text_spans(doc: Document, body_line: int) -> dict[int, list[_TextSpan]]:
    """Line → the YAML scalars whose text is on it: quoted ones (``"..."``, ``'...'``), and the
    lines of a block scalar (``|``, ``>``) after its indicator (a comment may follow that)."""
    out: dict[int, list[_TextSpan]] = {}
    for info in doc.scalars.values():
        span = info.span
        if body_line and span.line >= body_line:
            continue
        if info.style in ('"', "'"):
            bounds = ((span.line, span.col), (span.end_line, span.end_col))
        elif info.style in ("|", ">"):
            bounds = ((span.line, 1 << 30), (span.end_line, span.end_col))
        else:
            continue
        for line in range(bounds[0][0], span.end_line + 1):
            out.setdefault(line, []).append(bounds)
    for spans in out.values():
        spans.sort()
    return out


class _ScalarText:
    """Where a "#" is a YAML scalar's text rather than a comment (worked out on first use)."""

    def __init__(self, doc: Document, body_line: int) -> None:
        self.doc, self.body_line = doc, body_line
        #: Line → its scalars' starts and ends, in order (scalars do not overlap).
        self.spans: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] | None = None

    def contains(self, line: int, index: int) -> bool:
        if self.spans is None:
            self.spans = {number: ([start for start, _end in spans], [end for _start, end in spans])
                          for number, spans in _text_spans(self.doc, self.body_line).items()}
        starts, ends = self.spans.get(line, ([], []))
        at = bisect_left(starts, (line, index + 1)) - 1  # the last scalar starting before it
        return at >= 0 and (line, index + 1) < ends[at]


def _in_code(line: str, index: int) -> bool:
    """Inside Markdown inline code (an example of a comment); only asked in a Markdown body."""
    from pmkit.markdown import in_code

    return in_code(line, index)


def _comments(pattern: re.Pattern[str], line: str, is_text: Callable[[int], bool]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(line)`` in time linear in the line, leaving out comment starts that
    are text (``is_text`` of the position after them: inside a string, inline code).

    A comment matches where its start (``# pmkit: ignore[``) does, if a "]" follows and, for
    HTML, a "-->" after that; re tried every start and ran to the end of the line from each
    when they were missing. Here the next "]" and "-->" are found once for all the starts
    before them: a start without them means no later start has them either.
    """
    start = _STARTS[pattern]
    close = "-->" if pattern is _HTML_COMMENT else None
    pos = 0
    bracket = (-1, -1)  # the first "]" at or after [0] is at [1] (-1: none)
    ending = (-1, -1)  # the same for the close
    while True:
        head = start.search(line, pos)
        if head is None:
            return
        if is_text(head.end()):
            # Its text, not a comment; a real comment may follow the string on the line.
            pos = head.start() + 1
            continue
        if not (0 <= bracket[0] <= head.end() and (bracket[1] < 0 or head.end() <= bracket[1])):
            bracket = (head.end(), line.find("]", head.end()))
        if bracket[1] < 0:
            return
        if close is not None:
            after = bracket[1] + 1
            if not (0 <= ending[0] <= after and (ending[1] < 0 or after <= ending[1])):
                ending = (after, line.find(close, after))
            if ending[1] < 0:
                return
        match = pattern.match(line, head.start())
        if match is None:  # not expected: the checks above are what the pattern needs
            pos = head.end()
            continue
        yield match
        pos = max(match.end(), head.start() + 1)


def apply_suppressions(
    doc: Document, diagnostics: list[Diagnostic], *, active: set[str] | None = None,
    shown: Callable[[str], bool] | None = None, suppressions: list[Suppression] | None = None,
) -> list[Diagnostic]:
    """Drop suppressed findings; add PM901/PM902 for suppressions that did nothing.

    ``active`` is the set of rule codes that ran: a suppression for a rule that was not
    selected in this run is not "unused". ``shown`` says whether the run reports a code: PM901
    and PM902 obey ``--select``, ``--ignore`` and ``ignore`` as every rule's findings do (by
    default: whether it is in ``active``, or every code when that is not given).

    PM901 and PM902 are findings like any other, and a suppression silences them too: one naming
    PM902 (or PM9, or ``unknown-suppression``) covers a broken suppression on its lines; one naming
    PM901 an unused one, also in the same comment (``ignore[PM301, PM901]``, as ruff's
    ``# noqa: E501, RUF100``). A selector that silences only PM901 findings and silences none is
    itself reported unused; that report is not silenced in turn.

    ``suppressions``: those :func:`find_suppressions` found in ``doc`` already, if it was asked.
    """
    from pmkit.rules import registry

    if suppressions is None:
        suppressions = find_suppressions(doc)
    if not suppressions:
        return diagnostics
    if shown is None:
        shown = (lambda code: code in active) if active is not None else (lambda code: True)
    # The error that kept a file from being read cannot be suppressed inline: its comments were
    # not read either, and the file would pass unread. A suppression naming it is said (PM902).
    unread = [diag for diag in diagnostics if not doc.ok and diag.severity is Severity.ERROR]
    refused: dict[tuple[int, str], Suppression] = {}
    for diag in unread:
        refused.update(((id(sup), diag.code), sup) for sup in suppressions
                       if sup.problem is None and sup.covers(diag))
    readable = [diag for diag in diagnostics if doc.ok or diag.severity is not Severity.ERROR]
    quiet = silenced(suppressions, readable)
    kept = unread + [diag for diag in readable if (diag.line, diag.code, diag.name) not in quiet]
    reg = registry()
    codes = active if active is not None else set(reg.by_code)
    # A file may repeat one selector thousands of times: ask the registry once for each.
    names_rule: dict[str, bool] = {}
    names_active: dict[str, bool] = {}
    names_unused: dict[str, bool] = {}

    def _names_active_rule(sel: str) -> bool:
        if sel not in names_active:
            names_active[sel] = any(reg.matches(rule, sel) for rule in reg if rule.code in codes)
        return names_active[sel]

    def _names_unused_rule(sel: str) -> bool:
        if sel not in names_unused:
            names_unused[sel] = selects(sel, "PM901", "unused-suppression")
        return names_unused[sel]

    # Broken suppressions first: a suppression on their lines may silence them.
    broken: list[Diagnostic] = [sup.finding(
        doc.path, "PM902",
        f"{code} cannot be suppressed inline: the file was not read, so neither was this comment; "
        f"fix the file's syntax, or ignore {code} in the settings",
        hint="A file that cannot be read is never passed unread by a comment in it.",
    ) for (_, code), sup in refused.items()]
    for sup in suppressions:
        if sup.problem is not None:
            broken.append(sup.finding(
                doc.path, "PM902", sup.problem,
                hint="A suppression is one comment on one line: the codes in brackets, then why.",
            ))
            continue
        if not sup.selectors:  # "ignore[]" silences nothing: say so rather than pass over it
            broken.append(sup.finding(
                doc.path, "PM902", "suppression names no rule: write the codes or names in the brackets",
                hint="For example: pmkit: ignore[PM301] the reason.",
            ))
        for sel in sup.selectors:
            if sel not in names_rule:
                names_rule[sel] = reg.matches_any(sel)
            if not names_rule[sel]:
                from pmkit.config import closest_rule

                broken.append(sup.finding(
                    doc.path, "PM902",
                    f"suppression names '{sel}', which is not a rule code, prefix or name"
                    f"{_unseparated(sel) or closest_rule(sel)}",
                    hint="See 'pmkit rules' for the codes.",
                ))
    kept.extend(_unsilenced(suppressions, [d for d in broken if shown(d.code)]))
    if not shown("PM901"):
        return kept
    # The file's lines as an editor counts them: the break that ends the last line starts none.
    lines = text_lines(doc.text)
    line_count = len(lines) - (len(lines) > 1 and lines[-1] == "")
    # Then unused ones: those that would be reported, save the reports about a selector naming
    # PM901 itself, which a suppression may silence (and so be used), before the rest is said.
    unused: list[tuple[Suppression, str]] = []
    for sup in suppressions:
        if sup.problem is None:
            unused.extend((sup, sel) for sel in sup.selectors
                          if names_rule[sel] and sel not in sup.used and _names_active_rule(sel))
    silenceable = [_unused(doc.path, sup, sel, line_count)
                   for sup, sel in unused if not _names_unused_rule(sel)]
    kept.extend(_unsilenced(suppressions, silenceable))
    kept.extend(_unused(doc.path, sup, sel, line_count) for sup, sel in unused
                if _names_unused_rule(sel) and sel not in sup.used)
    return kept


def _unsilenced(suppressions: list[Suppression], found: list[Diagnostic]) -> list[Diagnostic]:
    """``found`` (PM901 or PM902 findings) without those a suppression silences."""
    quiet = silenced(suppressions, found)
    return [diag for diag in found if (diag.line, diag.code, diag.name) not in quiet]


def _unused(path: str, sup: Suppression, sel: str, line_count: int) -> Diagnostic:
    """PM901 for the selector ``sel`` of ``sup``, which silenced nothing."""
    if sup.first > line_count:  # a comment on the last line, for the line below
        where = "the line below (the file ends here)"
    elif sup.first == sup.last:
        where = f"line {sup.first}"
    else:
        where = f"lines {sup.first}-{sup.last}"
    return sup.finding(path, "PM901", f"unused suppression: no {sel} finding on {where}",
                       hint="Remove the comment, or move it to the line of the finding.")


def _unseparated(selector: str) -> str:
    """`` (separate them with commas: ...)`` for a selector that is several written with blanks or
    semicolons between them ("PM301 PM302"), which said only that it named no rule."""
    from pmkit.rules import registry

    parts = registry().written_apart(selector)
    return f" (separate them with commas: ignore[{', '.join(parts)}])" if parts else ""


def silenced(suppressions: list[Suppression], diagnostics: list[Diagnostic]) -> set[tuple[int, str, str]]:
    """The ``(line, code, name)`` of the findings that a suppression covers; marks the selectors
    that silence something as used.

    Comparing every finding with every suppression was quadratic (a file can hold thousands of
    both). The findings' lines are visited in order, with the suppressions whose lines have
    started on a heap ordered by their last line, so each finding meets only those covering it;
    findings of one rule on one line are decided together.
    """
    representative: dict[tuple[int, str, str], Diagnostic] = {}
    for diag in diagnostics:
        representative.setdefault((diag.line, diag.code, diag.name), diag)
    by_first = sorted(suppressions, key=lambda sup: sup.first)
    covering: list[tuple[int, int, Suppression]] = []  # (last line, position, suppression)
    started = 0
    silenced: set[tuple[int, str, str]] = set()
    for key in sorted(representative):
        line = key[0]
        while started < len(by_first) and by_first[started].first <= line:
            sup = by_first[started]
            heapq.heappush(covering, (sup.last, started, sup))
            started += 1
        while covering and covering[0][0] < line:
            heapq.heappop(covering)
        for _last, _position, sup in covering:
            selectors = sup.covers(representative[key])
            if selectors:
                sup.used.update(selectors)
                silenced.add(key)
    return silenced
