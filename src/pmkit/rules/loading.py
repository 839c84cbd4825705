"""PM0xx: loading and schema.

Most of these findings are produced while the file is read (:mod:`pmkit.loader`) or validated
(:mod:`pmkit.schema`); the classes here give them their catalogue entry and documentation.
PM019 finds placeholders left from the template; PM020 and PM021 check identifiers and
references across the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import FieldPath, Span, format_path, text_lines, value_at, written_in_flow
from pmkit.rules import STANDS_FOR, Context, Rule, RunState, register

if TYPE_CHECKING:
    from pmkit.config import Config

#: The codes of the findings the schema validator emits (:func:`pmkit.schema.validate_document`):
#: a run that selects none of them, and no rule that needs the model, validates nothing (the
#: repository-wide history hook, ``--select PM600,PM605,PM606``, imported pydantic and built the
#: model of every changed file for nothing). A test keeps it equal to the schema's own.
SCHEMA_CODES = frozenset({"PM010", "PM011", "PM012", "PM013", "PM014", "PM015", "PM016", "PM017"})


class LoaderRule(Rule):
    """Base of the rules whose findings the loader and schema validator emit."""

    needs_model = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        return ()


@register
class YamlSyntax(LoaderRule):
    """The file is not valid YAML.

    What it catches: anything the YAML parser cannot read. The usual causes, each with its
    own hint: a line indented unlike the keys beside it; a tab used for indentation or in an
    unquoted value; ``key:value`` without a space; an unquoted value holding ``: `` (``event:
    Error: connection refused``); a value that starts with ``[``, ``{``, ``*``, ``@`` or a
    backtick without quotes (``title: [INFO] started``); text after a closing quote
    (``'it's'``); a quote or bracket never closed; an unresolved merge conflict (git's
    ``<<<<<<<`` ... ``>>>>>>>`` lines), reported as such at its ``<<<<<<<`` line, in a
    Markdown postmortem's body too (outside code, where a postmortem may quote one); a key of
    more than 1,024 characters (YAML reads one that long only after ``? ``); a second YAML
    document (a ``---`` after the fields); a ``%YAML`` version other than 1.1 or 1.2; a merge
    key (``<<:``) whose value is no mapping, which nothing is merged from; a key followed by
    a full-width colon (``title： ...``, as a Chinese or Japanese input method types it),
    reported at that colon; a no-break space pasted after a key's colon or into the
    indentation, reported where it is; U+0085, U+2028 or U+2029 where a line break is meant
    (lines end at LF, CR LF and CR only, in YAML 1.2 as in git and editors, and pmkit counts
    lines as they do), reported at the first one, in a comment too where a key and its colon
    or a list item follows it (``# times are local`` U+2028 ``timezone: Europe/Berlin`` is one
    comment, and the field is not set); a YAML tag pmkit does not honour (``!Ref x``,
    ``!!binary``, ``!!set``, ``!!omap``, ``!!python/...``), whose value is then taken as
    written. The tags of YAML's core schema are honoured, also on a quoted value
    (``!!int "3"`` is the number 3, ``!!str 5`` the text '5'); one that does not fit its
    value (``!!int Test outage``, ``!!null false``, ``!!map`` over a list) is reported at the
    tag, and the value is taken as written.

    Why: nothing else can be checked until the file parses. The finding points at the
    mistake where the parser says where it is: an unclosed quote or bracket where it opens, a
    line that is not ``key: value`` where it starts; otherwise where the parser gave up, and
    the mistake is then often on the line just before.

    Example::

        title: "DB failover
        status: draft

    Instead::

        title: "DB failover"
        status: draft
    """

    code = "PM001"
    name = "yaml-syntax"


@register
class DuplicateKey(LoaderRule):
    """A key appears twice in the same mapping.

    What it catches: ``summary:`` written twice, often after pasting a template section.

    Why: YAML parsers disagree on which value wins; pmkit keeps the first and says so, so the
    second value is never silently lost.

    Example::

        summary: Database failover took 24 hours.
        summary: Database failover.

    Instead: keep one ``summary``.
    """

    code = "PM002"
    name = "duplicate-key"


@register
class NotAMapping(LoaderRule):
    """The top level of the file is not a mapping of fields.

    What it catches: a file that is a list, a single string, or only a YAML comment; a Git
    LFS pointer committed or checked out in place of the postmortem (said as such).

    Why: a postmortem is a set of named fields (``pmkit``, ``id``, ``title``...).

    Example::

        - id: 2018-10-21-db

    Instead::

        pmkit: 1
        id: 2018-10-21-db
    """

    code = "PM003"
    name = "not-a-mapping"


@register
class UnreadableFile(LoaderRule):
    """The file cannot be read as UTF-8 text.

    What it catches: files saved in Latin-1 or UTF-16, directories, files without read
    permission (also a Markdown file in a checked folder, whose front matter could not be looked
    at), pipes, sockets and devices, symbolic links to a missing file or in a loop, a path
    longer than the system takes, and a folder inside a checked folder that may not be listed
    (its postmortems were not checked; the finding is placed on the folder's name). The finding
    gives the line and column of the first undecodable byte and, when that byte is a character
    in Windows-1252 (a curly quote or a dash pasted from a word processor, an ``ü`` saved by a
    Windows editor), names the character and how to convert the file. When the file also holds
    UTF-8 characters (a paragraph in Windows-1252 pasted into a UTF-8 file), converting it whole
    would garble those, so the finding names the lines to retype instead.

    Why: pmkit reads postmortems as UTF-8, like git, GitHub and every YAML tool.

    Example: a German postmortem saved as Windows-1252, where ``ü`` is byte ``0xfc``.

    Instead: save the file as UTF-8 (any editor's "Save with encoding").
    """

    code = "PM004"
    name = "unreadable-file"


@register
class BinaryFile(LoaderRule):
    """The file looks binary (it contains NUL bytes).

    What it catches: an image, archive or office document that ended up where postmortems
    are kept, or a file name that matched the hook's pattern by accident.

    Why: a postmortem is a text file; binaries cannot be reviewed line by line.

    Example: ``postmortems/diagram.yaml`` that is really a PNG.

    Instead: keep attachments outside the postmortem folder and link them as ``evidence``.
    """

    code = "PM005"
    name = "binary-file"


@register
class FileTooLarge(LoaderRule):
    """The file is larger than ``max-file-size`` (default 4 MiB).

    What it catches: pasted logs or dumps, or generated files matched by mistake.

    Why: a postmortem is read by people; a huge file is almost never one, and reading it
    would slow every commit. The file is not read at all.

    Example: a 30 MB YAML with a full chat export in ``timeline``.

    Instead: link to logs as ``evidence``; raise ``max-file-size`` in ``[tool.pmkit]`` only if
    you must.
    """

    code = "PM006"
    name = "file-too-large"


@register
class EmptyFile(LoaderRule):
    """The file (or a Markdown file's front matter) has no fields.

    What it catches: an empty file, one with only comments, a Markdown postmortem without
    its ``---`` front matter (also a YAML postmortem in a file named ``.md``, whose fields
    have no ``---`` lines around them).

    Why: an empty postmortem cannot tell anybody anything; usually it is a template that
    never got filled in.

    Example: an empty ``postmortems/2026-11-02-api.yaml``.

    Instead: run ``pmkit new`` and fill in the template.
    """

    code = "PM007"
    name = "empty-file"


@register
class ResourceLimit(LoaderRule):
    """The document would take too much to expand: an alias bomb or absurd nesting.

    What it catches: more than 200,000 values, written out or from YAML anchors and aliases
    that expand to them ("billion laughs"), a recursive alias, or nesting deeper than 64
    levels. Reading stops where the limit is crossed, which the finding points at (aliases
    that expand past it: the document's first line; a recursive alias: the alias).

    Why: pmkit runs on every commit and in CI on untrusted pull requests; a crafted file must
    not be able to exhaust memory.

    Example::

        a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]   # 9 to the 6th: 531,441 values

    Instead: write the values out; postmortems do not need anchors.
    """

    code = "PM008"
    name = "resource-limit"


@register
class UnknownKey(LoaderRule):
    """A key the format does not define.

    What it catches: typos (``severty``), keys from other templates (``root_cause``), keys at
    the wrong level. The message suggests the key meant: the same key in other words (``due
    date``, ``Users Affected``), the field another template's name stands for (``deadline`` or
    ``due_date`` for ``due``, ``assignee`` for ``owner``, a timeline entry's ``time`` for ``at``
    and its ``description`` for ``event``; ``root_cause`` or ``causes`` for
    ``contributing_factors``, ``what_happened`` for ``summary``, ``remediation`` or
    ``next_steps`` for ``action_items``), else the closest spelling. A root cause is shown as the
    contributing factor to write (``- id: CF1`` with its text as ``description``), and a
    ``resolution`` is told that it is the timeline entry marked ``milestone: resolved``. A time
    of the incident given a key of its own (``start``, ``detection``, ``resolved_at``) is told
    which milestone's timeline entry it is, and a ``duration`` that pmkit counts it from the
    milestones; neither is offered a key that is only spelt alike (``decisions``, ``status``).

    Why: a misspelt key is a field silently missing; tools and reviewers would never see it.

    Example::

        severty: SEV1

    Instead::

        severity: SEV1
    """

    code = "PM010"
    name = "unknown-key"


@register
class MissingField(LoaderRule):
    """A required field is missing.

    What it catches: a postmortem without ``pmkit``, ``id``, ``title``, ``status``, ``lang``
    or ``severity``; an entry without its required key (a timeline entry without ``at``, a
    decision or action item without ``id``). In a Markdown file whose front matter a line
    ``---`` ended early (one inside ``summary: |``, not indented like the text), a field written
    after it is named with its line in the body and the ``---`` line that ended the front matter.

    Why: these identify the postmortem and drive every other rule (severity decides which
    milestones are required, ``lang`` which phrasing rules apply).

    Example: a file that starts with ``title:`` and has no ``id``.

    Instead: add the field; ``pmkit new`` writes all of them.
    """

    code = "PM011"
    name = "missing-field"


@register
class WrongType(LoaderRule):
    """A field has the wrong type.

    What it catches: ``users_affected: "about 12000"`` (text where a number belongs),
    ``evidence: https://...`` (a single value where a list belongs), ``impact: big``.

    Why: numbers are compared and aggregated; lists are iterated. pmkit does not guess.

    Example::

        users_affected: "12000"

    Instead::

        users_affected: 12000
    """

    code = "PM012"
    name = "wrong-type"


@register
class InvalidValue(LoaderRule):
    """A value is not one of the allowed ones.

    What it catches: ``status: done`` (use ``draft``, ``in-review`` or ``published``),
    ``severity: critical`` (use ``SEV1``..``SEV5``), an unknown milestone, an id with spaces.

    Why: these values drive rules and reports; a near miss is reported with the closest valid
    value. On a numbered scale a number past either end is taken to mean that end: ``SEV0``
    (worse than the worst) suggests SEV1, ``SEV6`` SEV5, priority ``P5`` P4.

    Example::

        milestone: detection

    Instead::

        milestone: detected
    """

    code = "PM013"
    name = "invalid-value"


@register
class NaiveTimestamp(LoaderRule):
    """A timestamp without a UTC offset, in a document without ``timezone``.

    What it catches: ``at: 2018-10-21T22:52:00`` when no ``timezone:`` is declared.

    Why: "22:52" means nothing to a reader in another zone, and durations across a DST change
    come out wrong. Google's and PagerDuty's templates ask for times in one declared zone.

    Example::

        at: 2018-10-21T22:52:00

    Instead::

        at: 2018-10-21T22:52:00Z

    or declare ``timezone: Europe/Zurich`` at the top of the document.
    """

    code = "PM014"
    name = "naive-timestamp"


@register
class InvalidTimestamp(LoaderRule):
    """A timestamp or date that cannot be read.

    What it catches: ``at: yesterday 10pm``, ``due: 30.11.2018``, ``at: 2018-02-30T10:00Z``,
    an offset such as ``+05:60``, years outside 1900 to 2999 (``due: 9999-12-31`` as a
    "someday" placeholder), and a naive time the clocks skipped in the document's ``timezone``
    (``2026-03-29T02:30:00`` in ``Europe/Berlin``: at 02:00 it became 03:00). A moment written
    in a form pmkit does not read (a day-first date ``08.03.2026 10:05``, a week date, the ISO
    basic format, the end of a day as ``24:00``) is told the value to write: for
    ``08.03.2026 24:00`` the next day's ``2026-03-09T00:00``; a time that is none (``25:00``)
    gets the plain message.

    Why: timestamps are compared, ordered and subtracted, and deadlines are computed from them;
    they must be ISO 8601 dates of this world. A placeholder year hides that the date is
    unknown: leave the field out instead, and the rules that need it say so.

    Example::

        due: 30.11.2018

    Instead::

        due: 2018-11-30
    """

    code = "PM015"
    name = "invalid-timestamp"


@register
class UnknownTimezone(LoaderRule):
    """``timezone`` is not an IANA time zone name.

    What it catches: ``timezone: CET`` style abbreviations that are not zone names, typos
    (``Europe/Zürich``).

    Why: the zone converts naive timestamps; it must have real DST rules.

    Example::

        timezone: Zurich

    Instead::

        timezone: Europe/Zurich
    """

    code = "PM016"
    name = "unknown-timezone"


@register
class UnsupportedVersion(LoaderRule):
    """The ``pmkit`` format version is not one this pmkit reads.

    What it catches: ``pmkit: 2`` or ``pmkit: "1"``.

    Why: the version says which rules apply; an unknown one cannot be checked safely.

    Example::

        pmkit: "1"

    Instead::

        pmkit: 1
    """

    code = "PM017"
    name = "unsupported-version"


#: A word that holds a value's place until it is known: the template's TODO, and the TBD and
#: FIXME authors add themselves. Upper case and whole words only ("todo list" is prose), not
#: part of a name or an identifier ("TODO-12", "todo_app").
PLACEHOLDER = re.compile(r"(?<![\w/.-])(?:TODO|TBD|FIXME)(?![\w/-])")
def template_placeholder(value: str | None) -> bool:
    """Whether ``value`` is the template's placeholder alone (``TBD``), which PM019 reports at the
    value: a rule that reads it as a missing answer leaves it to PM019, or the author is told twice."""
    return value is not None and PLACEHOLDER.fullmatch(value.strip()) is not None


#: Action-item fields whose placeholders PM704 (owner) and PM707 (tracker) already name.
_SAID_ELSEWHERE = frozenset({"owner", "tracker"})


def _is_time_field(path: FieldPath) -> bool:
    """:func:`pmkit.schema.is_time_field`, imported (with pydantic) only for a placeholder found."""
    from pmkit.schema import is_time_field

    return is_time_field(path)


@register
class TemplatePlaceholder(Rule):
    """A value still holds a placeholder: the template's ``TODO``, or ``TBD`` or ``FIXME``.

    What it catches: ``TODO``, ``TBD`` or ``FIXME`` (upper case, as a word) anywhere in a value
    of the file or in a Markdown body: ``summary: TODO``, ``actor: TODO``, ``event: TODO what
    users saw``, a lesson ``[TODO]``, "the outage lasted TBD minutes"; and in a comment after a
    value on its line, which marks that value as still to be written: ``pmkit new`` writes each
    timeline time as ``at: 2026-03-02T00:00:00Z  # TODO: the minute impact began``, reported at
    the comment's ``TODO`` until the time is written and the ``TODO`` taken out of the comment
    (a comment on a line of its own marks no value). A warning in a draft, an
    error once the postmortem is in review or published (``status``). Placeholders in an
    action item's ``owner`` and ``tracker`` are said by PM704 and PM707; a date or a time that is
    only a placeholder (``due: TBD``, ``at: TODO``) is no date, and PM015 says so at the value,
    with what to write.

    Why: ``pmkit new`` writes a complete draft so that nothing is forgotten; each ``TODO``
    marks what is still to write, and ``pmkit check`` lists them as the author's to-do list.
    A review or a publication with a placeholder left in it tells readers that part of the
    story was never told.

    Example::

        timeline:
          - at: 2026-03-02T00:00:00Z  # TODO: the minute it was noticed (the alert, the report)
            milestone: detected
            actor: TODO
            event: TODO how it was noticed (which alert, which report)

    Instead::

        timeline:
          - at: 2026-03-02T14:05:00Z
            milestone: detected
            actor: monitoring
            event: The error-rate alert for checkout fired (5xx above 2% for 5 minutes).
    """

    code = "PM019"
    name = "template-placeholder"
    severity = Severity.ERROR
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.textmap import blank_spans, body_span, locate

        data = ctx.data
        status = data.get("status")
        severity = None if status in ("in-review", "published") else Severity.WARNING
        where = f"status is {status}" if isinstance(status, str) else "status is not set"
        scalars = ctx.doc.scalars
        for path in sorted(scalars, key=lambda p: (scalars[p].span.line, scalars[p].span.col)):
            value = value_at(data, path)
            if not isinstance(value, str) or (path[:1] == ("action_items",) and path[-1] in _SAID_ELSEWHERE):
                continue
            if PLACEHOLDER.fullmatch(value.strip()) and _is_time_field(path):
                continue  # 'due: TBD' is no date: PM015 says so at the value, and what to write
            for match in _placeholders(value):
                yield ctx.report(path, f"placeholder '{match.group()}' left in {format_path(path)} ({where})",
                                 hint=_ADVICE, severity=severity,
                                 span=locate(ctx.doc, path, value, match.start(), match.end()))
        for path, span, match in _commented_placeholders(ctx):
            yield ctx.report(path, f"'{match.group()}' in the comment after {format_path(path)} marks its "
                             f"value as a placeholder still to be written ({where})",
                             hint=_COMMENT_ADVICE.format(match.group()), severity=severity, span=span)
        if not ctx.doc.body:
            return
        from pmkit.markdown import blank_comments

        # The rest of a Markdown body (its sections that fill fields were read above as those
        # fields; comments are seen by no reader).
        filled = [scalars[p].span for p in scalars if scalars[p].span.line >= ctx.doc.body_line > 0]
        body = blank_spans(blank_comments(ctx.doc.body), filled, first_line=ctx.doc.body_line)
        for match in _placeholders(body):
            yield ctx.report((), f"placeholder '{match.group()}' left in the Markdown body ({where})",
                             hint=_ADVICE, severity=severity,
                             span=body_span(ctx.doc, match.start(), match.end()))


def _placeholders(text: str) -> Iterator[re.Match[str]]:
    """The placeholders of ``text`` outside code and quotes: "the runbook said `TODO`" reports
    what the runbook said, and is no placeholder of this postmortem."""
    matches = list(PLACEHOLDER.finditer(text))
    if matches:
        from pmkit.prose.shown import protected

        quoted = protected(text)
        yield from (m for m in matches if not quoted.covers(m.start()))


_ADVICE = "Write what is known in its place; if it is not known yet, say so ('not known yet: ...')."
_COMMENT_ADVICE = ("Write the real value on that line, then take the {} out of the comment (or drop the "
                   "comment): a value kept from the template reads as written, and the checks count it.")
#: A comment after a value on its line: `` # `` after the value's last character.
_TRAILING_COMMENT = re.compile(r"[ \t]+(#.*)")


def _commented_placeholders(ctx: Context) -> Iterator[tuple[FieldPath, Span, re.Match[str]]]:
    """The placeholders in the comment after a one-line value (``at: 2026-03-02T00:00:00Z  #
    TODO: the minute impact began``): the template's values that look written (a time, a date)
    carry their TODO there, and a value kept as it came passed as written. A comment on a line
    of its own marks no value; a value that holds a placeholder itself is reported at it."""
    if PLACEHOLDER.search(ctx.doc.text) is None:
        return  # (most files: no value to walk)
    lines = text_lines(ctx.doc.text)
    body_line = ctx.doc.body_line or len(lines) + 1  # (a Markdown body has no YAML comments)
    deepest: dict[tuple[int, int], FieldPath] = {}  # (a one-line mapping ends where its last value does)
    for path, span in ctx.doc.value_spans.items():
        end = (span.line, span.end_col)
        if span.line == span.end_line < body_line and len(path) >= len(deepest.get(end, ())):
            deepest[end] = path
    for (line, end_col), path in sorted(deepest.items()):
        comment = _TRAILING_COMMENT.match(lines[line - 1], end_col - 1)
        value = value_at(ctx.data, path)
        if comment is None or (isinstance(value, str) and PLACEHOLDER.search(value)):
            continue
        for match in _placeholders(comment.group(1)):
            col = comment.start(1) + match.start() + 1
            yield path, Span(line, col, line, col + len(match.group())), match



#: Lists of sentences, where a comma inside ``[...]`` cuts a sentence in two.
_SENTENCE_LISTS: tuple[FieldPath, ...] = (
    ("lessons", "went_well"), ("lessons", "went_wrong"), ("lessons", "lucky"),
)
#: Words that go on a sentence rather than start one, written lower-case after a comma.
_CONTINUATIONS = frozenset((
    "and", "but", "or", "nor", "so", "then", "which", "who", "whose", "while", "whereas", "because",
    "as", "after", "before", "when", "until", "since", "though", "although", "with", "without",
    "including", "plus", "the", "a", "an", "its", "their", "our", "this", "that",
    "und", "aber", "oder", "sondern", "sodass", "dann", "weil", "da", "während", "nachdem", "bevor",
    "als", "bis", "seit", "obwohl", "mit", "ohne", "sowie", "der", "die", "das", "den", "dem", "des",
    "ein", "eine", "einen", "einem", "einer",
))


@register
class FlowListSplit(Rule):
    """A comma inside a ``[...]`` list cut one sentence into two items.

    What it catches: in a lessons list written in flow style (``went_well: [...]``), an
    unquoted item that starts with a lower-case word that continues a sentence (``and``,
    ``the``, ``because``, ``which``; German ``und``, ``weil``, ``die``...). In a ``[...]``
    list every comma ends an item, so "Paging worked, the on-call acknowledged in 2 minutes"
    becomes two lessons, and the second is a fragment.

    Why: the lessons are counted, rendered one per bullet and checked one by one; a sentence
    cut in two is two half-lessons, and nothing else says so.

    Example::

        lessons:
          went_well: [Paging worked, the on-call acknowledged in 2 minutes]

    Instead::

        lessons:
          went_well: ["Paging worked, the on-call acknowledged in 2 minutes"]
    """

    code = "PM022"
    name = "flow-list-split"
    severity = Severity.WARNING
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        data = ctx.data
        for path in _SENTENCE_LISTS:
            items = value_at(data, path)
            span = ctx.doc.value_spans.get(path)
            if not isinstance(items, list) or span is None or not written_in_flow(ctx.doc.text, span):
                continue
            index = 1
            while index < len(items):
                if not _continues(ctx, (*path, index), items[index]):
                    index += 1
                    continue
                first = index
                while index + 1 < len(items) and _continues(ctx, (*path, index + 1), items[index + 1]):
                    index += 1
                parts = [str(item) for item in items[first - 1:index + 1]]
                joined = ", ".join(parts)
                yield ctx.report(
                    (*path, first),
                    f"'{parts[1]}' in {format_path(path)} reads as the rest of the item before it: "
                    f"in a [ ] list a comma ends an item, so '{_short(joined)}' became {len(parts)} items",
                    hint=f'Quote it as one item: "{_short(joined)}", or write the list one item per '
                         "line ('- ...'), where commas are text.",
                )
                index += 1


def _continues(ctx: Context, path: FieldPath, item: Any) -> bool:
    info = ctx.doc.scalars.get(path)
    if not isinstance(item, str) or (info is not None and info.style is not None):
        return False  # quoted items hold their commas: the author split them on purpose
    first = item.split(maxsplit=1)[0] if item.split() else ""
    return first in _CONTINUATIONS


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


#: More users or customers than there are people on Earth (about 8.2 billion in 2025, with a
#: margin for accounts that are not people) is a typo, not an incident.
IMPLAUSIBLE_COUNT = 10**10


@register
class ImplausibleCount(Rule):
    """A count of users or customers larger than the number of people on Earth.

    What it catches: ``impact.users_affected`` or ``impact.customers_affected`` of ten billion
    or more: ``users_affected: 1000000000000000`` (a digit typed many times, a value pasted from
    another field, bytes instead of users).

    Why: the figure is quoted in reports, in the disclosure to regulators and customers, and
    in ``pmkit stats``; a typo there goes everywhere. The schema accepts any whole number, so
    nothing else asks.

    Example::

        impact:
          users_affected: 1200000000000

    Instead::

        impact:
          users_affected: 1200000
    """

    code = "PM023"
    name = "implausible-count"
    severity = Severity.WARNING
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.vocabulary import whole_number

        data = ctx.data
        impact = data.get("impact")
        if not isinstance(impact, dict):
            return
        for key in ("users_affected", "customers_affected"):
            value = whole_number(impact.get(key))  # 1.2e12, as the schema reads it
            if type(value) is int and value >= IMPLAUSIBLE_COUNT:
                yield ctx.report(
                    ("impact", key),
                    f"impact.{key} is {_grouped(value)}, more than there are people on Earth "
                    "(about 8 billion)",
                    hint="Check the number: a digit too many, or a value from another field?",
                )


def _grouped(value: int) -> str:
    text = f"{value:,}"
    return text if len(text) <= 40 else f"{text[:20]}… ({len(str(value))} digits)"


#: A comment that goes on a sentence: a "#" right before a word, an issue or pull request
#: number or a channel ("PR #4521 and the errors stopped", "in #inc-payments"), after one
#: blank, as between words. A comment written as one has a blank after its "#" ("# TODO",
#: "# pmkit: ignore[...]"), or is set apart from the text by more blanks or a tab, aligned in
#: a column as 'pmkit new' aligns its own ("faults.      #alerting").
_CUTTING_COMMENT = re.compile(r" (#[\w@-][^\n]*)")
#: Comments without a blank after "#" that are meant as comments.
_MEANT_COMMENT = re.compile(r"#(?:todo|fixme|xxx|tbd|tbc|note|noqa|pmkit)\b", re.IGNORECASE)


@register
class CommentCutsText(Rule):
    """An unquoted text ends where a ``#`` starts a YAML comment, cutting its sentence.

    What it catches: a text field written without quotes (``title``, ``summary``, a timeline
    ``event`` or ``actor``, a decision's ``rationale``, a lesson, an ``owner``, a
    notification's ``late_reason`` or ``channel``...) where a ``#`` right before a word, a
    number or a channel follows a blank: ``event: Rolled back PR #4521 and the errors
    stopped`` is read as ``Rolled back PR``, ``Posted in #inc-payments`` as ``Posted in``, and
    ``channel: Slack #csirt-liaison`` as ``Slack``.
    In YAML, `` #`` starts a comment in an unquoted value, on its line or on a line of its own
    inside the value. A comment with a blank after its ``#`` (``# TODO``, a suppression) is
    taken as meant, and so are ``#TODO``, ``#FIXME``, ``#TBD`` and ``#NOTE``, and a comment set
    apart from the text by two or more blanks or a tab (aligned in a column, as ``pmkit new``
    aligns its own).

    Why: the rest of the sentence is silently dropped: the rendered page, the checks and
    every reader of the data see half a sentence, and nothing else says so.

    Example::

        event: Rolled back the change from PR #4521 and the errors stopped.

    Instead::

        event: "Rolled back the change from PR #4521 and the errors stopped."
    """

    code = "PM025"
    name = "comment-cuts-text"
    severity = Severity.WARNING
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        lines = text_lines(ctx.doc.text)  # CR alone is a line break to YAML too
        for path, value, span in _plain_texts(ctx, lines):  # quoted and block texts hold their "#"
            found = self._comment_after(lines, span, ctx.doc.key_spans.get(path))
            if found is None:
                continue
            line, col, comment = found
            kept = " ".join(value.split())
            shown = kept if len(kept) <= 40 else "…" + kept[-39:]
            yield ctx.report(
                path,
                f"'{format_path(path)}' ends at '{shown}': YAML reads '{_short(comment, 40)}' after it "
                "as a comment, as it does ' #' in an unquoted text, so that part is left out",
                hint="Put the whole text in double quotes, or write it as a block ('key: |' and the text "
                     "indented below): there '#' is text. If it is meant as a comment, write '# ' with a "
                     "blank after '#'.",
                span=Span(line, col, line, col + len(comment)),
            )

    @staticmethod
    def _comment_after(lines: list[str], span: Span, key: Span | None) -> tuple[int, int, str] | None:
        """(line, column, comment) of a comment that cuts the plain text ending at ``span``: on
        its last line, or alone on the next line indented as a continuation of the text."""
        rest = lines[span.end_line - 1][span.end_col - 1:]
        match = _CUTTING_COMMENT.match(rest)
        if match is not None and not _MEANT_COMMENT.match(match.group(1)):
            return span.end_line, span.end_col + match.start(1), match.group(1).rstrip()
        if key is None or span.end_line >= len(lines):
            return None
        following = lines[span.end_line]
        stripped = following.lstrip(" ")
        indent = len(following) - len(stripped)
        if indent >= key.col and stripped[:1] == "#" and _CUTTING_COMMENT.match(" " + stripped) \
                and not _MEANT_COMMENT.match(stripped):
            return span.end_line + 1, indent + 1, stripped.rstrip()
        return None


@register
class DuplicatePostmortemId(Rule):
    """Two postmortems checked together share an ``id``.

    What it catches: a file whose ``id`` is also the ``id`` of another file of the run, most
    often a postmortem started by copying an older one. When one of the two files is named
    after the id (``pmkit new`` names a file ``<id>.yaml``), only the other one is reported,
    with the id its own file name suggests. The files checked are compared with each other
    and with every postmortem in the configured folders (``paths``), so a hook that checks
    one new file finds the older one it was copied from. Without a settings file that is the
    default ``postmortems`` folder at the top of the git repository that holds the first file
    checked, where a settings file would be (outside a repository, in the current folder), so
    a hook's run compares with it as it does with an empty ``[tool.pmkit]``. The other files'
    ids are read from their ``id:`` line (in Markdown, the front matter's; in a file written as
    one mapping in braces, ``{id: ..., title: ...}``, its ``id`` key), without checking them. A text checked
    through the API without a file name (``pmkit.check_text(text)``) whose text is a file's is
    that file, and a model ``pmkit.load`` read is the file it was read from (``pmkit.validate``),
    not copies of them; any other text or model with a file's id is reported.

    Why: the id is the postmortem's name in links, pages, ``pmkit stats`` and other tools'
    reports (design.md: unique in the repository); two postmortems with one id overwrite or
    hide each other there.

    Example::

        # postmortems/2026-03-02-checkout-errors.yaml, copied from the one below
        id: 2024-05-14-db-failover

    Instead::

        id: 2026-03-02-checkout-errors
    """

    code = "PM027"
    name = "duplicate-postmortem-id"
    severity = Severity.ERROR
    needs_model = False

    def prepare(self, run: RunState, config: Config) -> None:
        self._ids(run, config)

    @staticmethod
    def _ids(run: RunState, config: Config) -> dict[str, list[tuple[str, int]]]:
        ids: dict[str, list[tuple[str, int]]] = run.get(
            "postmortem-ids", lambda: _run_ids(run.paths, config, _configured_ids_of(run, config)))
        return ids

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.vocabulary import is_id

        data = ctx.data
        own = data.get("id")
        if not isinstance(own, str) or ("id",) not in ctx.doc.scalars:
            return
        ids = self._ids(ctx.run, ctx.config)
        name = self._file_of(ctx, ids.get(own, ()))
        real = _reals(ctx.run)
        here = real(name)
        others = [(path, line) for path, line in ids.get(own, ()) if real(path) != here]
        if others and ctx.config.respect_gitignore:
            others = _not_ignored(ctx.run, ctx.config, others)
        stem = _stem(name)
        if not others or (stem == own and all(_stem(path) != own for path, _ in others)):
            return  # no other file has it, or this is the file named after it: the others are copies
        others.sort(key=lambda other: _stem(other[0]) != own)  # the file named after it first
        path, line = others[0]
        more = f" and {len(others) - 1} more file{'s' if len(others) > 2 else ''}" if len(others) > 1 else ""
        suggestion = (f"; this file's name suggests 'id: {stem}'"
                      if stem != own and is_id(stem) and stem not in ids else "")
        yield ctx.report(
            ("id",),
            f"id '{own}' is also the id of {path} (line {line}){more}: a postmortem's id names it in "
            "links, pages and reports, and must be unique in the repository",
            hint="Give this postmortem an id of its own, the date and a few words of what happened "
                 f"(as 'pmkit new' writes it), and name the file after it{suggestion}.")


    @staticmethod
    def _file_of(ctx: Context, same_id: Iterable[tuple[str, int]]) -> str:
        """The file the document is: the one it was read from; for a text checked from memory
        (``pmkit.check_text(text)`` without a file name, ``pmkit.validate(model)``), the file a
        model was read from (:data:`pmkit.rules.STANDS_FOR`), or else the file among ``same_id``
        whose text is the text itself: that file checked again, not a copy of it. A text that
        differs from every such file is another document with their id."""
        from pmkit.formats.paths import is_pseudo

        stands_for: str | None = ctx.run.cache.get(STANDS_FOR)
        if stands_for is not None:
            return stands_for
        if not is_pseudo(ctx.doc.path):
            return ctx.doc.path
        text = _plain_text(ctx.doc.text)
        for path, _ in same_id:
            try:
                with open(path, "rb") as file:
                    raw = file.read(ctx.config.max_file_size + 1)
            except OSError:
                continue
            if len(raw) <= ctx.config.max_file_size and _plain_text(raw.decode("utf-8", "replace")) == text:
                return path
        return ctx.doc.path


def _plain_text(text: str) -> str:
    """``text`` without a byte order mark, with its line breaks as ``\n``: the same document
    whether read from its file or given as a text."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _stem(path: str) -> str:
    import os

    return os.path.splitext(os.path.basename(path))[0]


def _real(path: str, folders: dict[str, str]) -> str:
    """``path`` with its links resolved (as written when it is not there), its folder's real
    path taken from ``folders``, where each folder is resolved once, from its parent's."""
    import os

    if not os.path.exists(path):
        return path
    # (On Windows a junction is no link to islink, and a name's case may differ from the
    # file's: realpath makes both the file's own, as the comparison needs.)
    if os.name == "nt":
        return os.path.realpath(path)
    return _real_folder(path, folders)  # (a file is resolved as a folder is: from its parent)


def _real_folder(folder: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(folder)``, each folder of it resolved once a run (``folders``): the
    real path of a folder that is no link is its parent's with its name. A file 200 folders
    deep was resolved component by component, each file of each folder again (1,000 such files
    took 150,000 ``lstat`` calls, a second of a check)."""
    import os

    unresolved: list[tuple[str, str]] = []
    folder = "" if folder == os.curdir else folder  # ("./tree" and "tree" share their parent)
    while folder not in folders:
        parent, name = os.path.split(folder)
        if name in ("", os.curdir, os.pardir) or parent == folder or os.path.islink(folder):
            folders[folder] = os.path.realpath(folder or os.curdir)
            break
        unresolved.append((folder, name))
        folder = "" if parent == os.curdir else parent
    real = folders[folder]
    for below, name in reversed(unresolved):
        real = folders[below] = os.path.join(real, name)
    return real


def _reals(run: RunState) -> Callable[[str], str]:
    """:func:`_real`, each path resolved once a run: the files that share an id are compared
    with each other for each of them, and a thousand copies of one draft (a template's id left
    in each) resolved a million paths, 20 seconds of a 1,000-file check."""
    resolved: dict[str, str] = run.get("postmortem-real-paths", dict)
    folders: dict[str, str] = run.get("postmortem-real-folders", dict)

    def real(path: str) -> str:
        found = resolved.get(path)
        if found is None:
            found = resolved[path] = _real(path, folders)
        return found

    return real


def _configured_folders(config: Config) -> list[str]:
    import os

    folders = [str(config.root / folder) for folder in config.paths]
    return [folder for folder in folders if os.path.isdir(folder)]


def _named_from_here(paths: Iterable[str]) -> list[str]:
    """The absolute ``paths`` (as abspath gives them) as the run names them: from the current
    folder where they are below it, else as they are. (The folder is asked for once: a hook's
    run names the thousand files of a folder it compares ids with.)"""
    import os

    here = os.path.join(os.getcwd(), "")
    return [path[len(here):] if path.startswith(here) else path for path in paths]


def _run_ids(paths: list[str], config: Config, configured: list[tuple[str, str, str, int]]
             ) -> dict[str, list[tuple[str, int]]]:
    """The ids of the run's files and of the postmortems in the configured folders
    (``configured``, as :func:`_configured_ids` gives them), each file once, the run's first."""
    import os

    found = _ids_of(paths, config.max_file_size)
    seen = {os.path.normcase(os.path.abspath(path)) for path in paths}
    for real, shown, ident, line in configured:
        key = os.path.normcase(real)
        if key not in seen:
            seen.add(key)
            found.setdefault(ident, []).append((shown, line))
    return found


def _configured_ids_of(run: RunState, config: Config) -> list[tuple[str, str, str, int]]:
    """:func:`_configured_ids`, found once a run."""
    found: list[tuple[str, str, str, int]] = run.get("postmortem-configured-ids",
                                                     lambda: _configured_ids(config))
    return found


def _configured_ids(config: Config) -> list[tuple[str, str, str, int]]:
    """``(absolute name, name, id, line)`` of the postmortems in the configured folders
    (``paths``) that have an id, named from the current folder where they are below it: the
    files a hook's run of one new file is compared with. The command keeps them between runs
    (:func:`pmkit.folderids.folder_ids`). Those that git ignores are among them: git is asked
    about them only when one shares an id with a file checked (:func:`_not_ignored`), so that a
    hook's one-file check, whose ids are all its own, starts no git process to list the ignored
    files of the folders."""
    import os

    from pmkit import discovery, loader
    from pmkit.discovery import discover, excluded_by
    from pmkit.folderids import folder_ids
    from pmkit.loader import scanned_file_id
    from pmkit.patterncache import identity

    folders = [os.path.abspath(folder) for folder in _configured_folders(config)]
    if not folders:
        return []
    limit = config.max_file_size
    # What a kept scan depends on besides the files: the limit, pmkit's version, and the code
    # that finds the files and scans them.
    kind = f"ids {limit} {identity([loader.__file__, discovery.__file__, __file__])}"
    found = folder_ids(folders, lambda given: [os.path.abspath(name) for name in discover(given)],
                       lambda path: scanned_file_id(path, limit), kind)
    if config.exclude:
        found = [item for item in found if excluded_by(item[0], config.exclude, config.root) is None]
    names = _named_from_here(path for path, _, _ in found)
    return [(path, name, ident, line) for (path, ident, line), name in zip(found, names, strict=True)]


def _not_ignored(run: RunState, config: Config, others: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``others``, the files that share an id with a file checked, without those of the
    configured folders that git ignores (and does not track), as a check of the folders leaves
    them out; the files of the run are kept, as the run checks them. Git is asked once a run.

    Only files with an id can share one: git is asked about the configured folders' files that
    have one (what git says of a file does not depend on the other files asked about)."""
    import os

    def kept() -> set[str]:
        from pathlib import Path

        from pmkit.discovery import _not_ignored_by_git

        walked = [shown for _, shown, _, _ in _configured_ids_of(run, config)]
        names: set[str] = set()
        for folder in _configured_folders(config):
            inside = [name for name in walked if real(name).startswith(real(folder) + os.sep)]
            names.update(_not_ignored_by_git(Path(folder), inside))
        return names

    real = _reals(run)
    given: set[str] = run.get("postmortem-run-real-paths", lambda: {real(path) for path in run.paths})
    if all(real(path) in given for path, _ in others):
        return others
    left: set[str] = run.get("postmortem-ids-not-ignored", kept)
    return [(path, line) for path, line in others if real(path) in given or path in left]


def _ids_of(paths: Iterable[str], limit: int) -> dict[str, list[tuple[str, int]]]:
    """Each id of the files, with the files and the lines that give it: a scan of each file (up
    to ``limit`` bytes, the largest file checked) for its top-level ``id:`` line, read once per
    run, not a parse of every file for every file. A file named twice is read once."""
    import os

    from pmkit.loader import scanned_file_id

    found: dict[str, list[tuple[str, int]]] = {}
    seen: set[str] = set()
    for path in paths:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            continue
        seen.add(key)
        if (scanned := scanned_file_id(path, limit)) is not None:
            found.setdefault(scanned[0], []).append((path, scanned[1]))
    return found


#: A line inside an unquoted text that starts as a Markdown list item does: "- ", "* ", "1. ".
_LIST_ITEM_LINE = re.compile(r"[ \t]*(?P<mark>[-*]|\d{1,3}[.)])[ \t]+\S")


@register
class ListJoinedIntoText(Rule):
    """An unquoted text goes on over lines that start like list items: YAML joins them into one text.

    What it catches: a text field written without quotes or ``|`` (the narrative, a lesson, a
    timeline ``event``, an ``owner``...) whose following lines start with ``- ``, ``* `` or
    ``1.``, as a list is written under a sentence::

        summary: Three things went wrong
          - the alert was muted for the region
          - the runbook described the old topology

    In YAML the lines of an unquoted text are folded into one line, so this is the single
    text "Three things went wrong - the alert was muted for the region - the runbook
    described the old topology": no list, on the rendered page or anywhere else. The same
    happens to a lesson with a nested list below it. The finding points at the first such
    line's mark.

    Why: the author's structure is silently lost, and nothing else says so; the page shows
    a run-on sentence.

    Example::

        lessons:
          went_wrong:
            - Status reporting could not express a partial outage
              - the status page had only up and down

    Instead::

        summary: |
          Three things went wrong:
          - the alert was muted for the region
          - the runbook described the old topology

        lessons:
          went_wrong:
            - Status reporting could not express a partial outage
            - The status page had only "up" and "down"

    A text in quotes is taken as written: a dash in it is the author's.
    """

    code = "PM026"
    name = "list-joined-into-text"
    severity = Severity.WARNING
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        lines = text_lines(ctx.doc.text)  # CR alone is a line break to YAML too
        for path, _, span in _plain_texts(ctx, lines):  # quoted and block texts keep their lines
            items = [(number, match) for number in range(span.line + 1, span.end_line + 1)
                     if (match := _LIST_ITEM_LINE.match(lines[number - 1])) is not None]
            if not items:
                continue
            line, match = items[0]
            shown = _short(lines[line - 1].strip(), 40)
            others = len(items) - 1
            more = f" (and {others} more such line{'s' if others > 1 else ''})" if others else ""
            in_list = isinstance(path[-1], int)
            yield ctx.report(
                path,
                f"'{format_path(path)}' goes on with '{shown}'{more}: YAML joins the lines "
                "of an unquoted text into one, so this is part of the text, not a list",
                hint=("Write each point as an item of its own, with '- ' at the indentation of the item "
                      "above; or, to keep the lines as written, make the item a block ('- |' and the "
                      "text indented below)." if in_list else
                      f"To keep the lines and the list, write it as a block: '{path[-1]}: |' with the text "
                      "indented below. If the mark is part of the sentence, put the text in double quotes."),
                span=Span(line, match.start("mark") + 1, line, match.end("mark") + 1),
            )


#: Text fields beside the narrative that a comment cuts as silently: who acted or owns, and
#: what a notice's record says (the reason a regulator is given for a delay, the channel).
_MORE_TEXTS: tuple[tuple[str, ...], ...] = (
    ("owner",), ("timeline", "*", "actor"), ("decisions", "*", "decided_by"), ("action_items", "*", "owner"),
    ("disclosure", "notifications", "*", "late_reason"), ("disclosure", "notifications", "*", "channel"),
)


def _plain_texts(ctx: Context, lines: list[str]) -> Iterator[tuple[FieldPath, str, Span]]:
    """The text fields written as plain YAML scalars (no quotes, no block), with their spans:
    the texts where YAML's own rules bite (`` #`` starts a comment, lines are folded into one).
    A Markdown section is no YAML; its span must lie within ``lines``."""
    from pmkit.fields import prose_fields

    for path, value in [*prose_fields(ctx.doc), *_more_texts(ctx.doc.data, _MORE_TEXTS, ())]:
        info = ctx.doc.scalars.get(path)
        if info is None or info.style is not None or not 0 < info.span.end_line <= len(lines) \
                or 0 < ctx.doc.body_line <= info.span.line:
            continue
        yield path, value, info.span


def _more_texts(node: Any, patterns: tuple[tuple[str, ...], ...],
                path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(field path, text) of every string at one of ``patterns`` ("*": each item of a list)."""
    for pattern in patterns:
        yield from _texts_at(node, pattern, path)


def _texts_at(node: Any, pattern: tuple[str, ...],
              path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if not pattern:
        if isinstance(node, str) and node.strip():
            yield path, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for index, item in enumerate(node if isinstance(node, list) else []):
            yield from _texts_at(item, rest, (*path, index))
    elif isinstance(node, dict) and head in node:
        yield from _texts_at(node[head], rest, (*path, head))


_ID_LISTS = ("decisions", "contributing_factors", "action_items")


@register
class DuplicateId(Rule):
    """Two entries of one list share an ``id``.

    What it catches: two decisions called ``D1``, two action items ``AI3``.

    Why: timeline entries and action items refer to decisions and contributing factors by
    id; a duplicate makes the reference ambiguous.

    Example::

        decisions:
          - id: D1
          - id: D1

    Instead: number them ``D1``, ``D2``.
    """

    code = "PM020"
    name = "duplicate-id"
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        data = ctx.data
        for section in _ID_LISTS:
            seen: dict[str, int] = {}
            for index, item in _items(data.get(section)):
                ident = item.get("id")
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    first = ctx.doc.span((section, seen[ident], "id")).line
                    yield ctx.report(
                        (section, index, "id"),
                        f"duplicate id '{ident}' in {section} (first used on line {first})",
                        hint="Give every entry its own id.",
                    )
                else:
                    seen[ident] = index


@register
class DanglingReference(Rule):
    """A reference to a decision or contributing factor that does not exist.

    What it catches: a timeline entry with ``decision: D3`` when there is no decision ``D3``;
    an action item with ``addresses: [CF9]`` when there is no contributing factor ``CF9``; a
    timeline entry whose ``decision:`` is written empty (``''``, or blanks), which links no
    record: when its event describes a decision, the hint names the record that looks like its
    own (as PM207 would, which leaves the entry to this rule).

    Why: the link between what happened, what was decided and what will change is the point
    of a postmortem; a broken link loses it.

    Example::

        action_items:
          - {id: AI1, addresses: [CF2]}   # but only CF1 exists

    Instead: refer to an existing id, or add the missing record.
    """

    code = "PM021"
    name = "dangling-reference"
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        data = ctx.data
        decisions = _ids(data.get("decisions"))
        factors = _ids(data.get("contributing_factors"))
        # Worked out once, not per finding: each would sort all the ids again.
        decision_hint = _known("decisions", decisions)
        factor_hint = _known("contributing factors", factors)
        for index, entry in _items(data.get("timeline")):
            ref = entry.get("decision")
            if isinstance(ref, str) and not ref.strip():
                yield self._empty_link(ctx, index, ref, decisions)
            elif isinstance(ref, str) and ref not in decisions:
                yield ctx.report(
                    ("timeline", index, "decision"),
                    f"timeline entry refers to decision '{ref}', which is not in decisions",
                    hint=decision_hint,
                )
        for index, item in _items(data.get("action_items")):
            refs = item.get("addresses")
            if not isinstance(refs, list):
                continue
            for pos, ref in enumerate(refs):
                if isinstance(ref, str) and ref not in factors:
                    yield ctx.report(
                        ("action_items", index, "addresses", pos),
                        f"action item addresses '{ref}', which is not a contributing factor",
                        hint=factor_hint,
                    )


    @staticmethod
    def _empty_link(ctx: Context, index: int, ref: str, ids: set[str]) -> Diagnostic:
        """The finding for a timeline entry whose ``decision:`` is written empty (``''``): where
        it is, and what to write there: the record that looks like the entry's own, when its
        event describes a decision (PM207 steps aside for it); else any record's id, or nothing."""
        from pmkit.rules.decisions import empty_link_hint

        hint = empty_link_hint(ctx, index)
        if hint is None and not ids:
            hint = ("There are no decisions yet: remove the empty 'decision:', or add a record under "
                    "'decisions:' and write its id there.")
        elif hint is None:
            hint = (f"Write there the id of the decision record the entry links ('decision: {min(ids)}'), "
                    "or remove the empty 'decision:' if the entry took no decision. "
                    + _known("decisions", ids))
        blanks = " (blanks only)" if ref else ""
        return ctx.report(("timeline", index, "decision"),
                          f"timeline entry's 'decision' is empty{blanks}: it links no decision record",
                          hint=hint)


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _ids(value: Any) -> set[str]:
    return {item["id"] for _, item in _items(value) if isinstance(item.get("id"), str)}


#: How many ids a hint lists: a file of thousands would repeat them all in every finding.
_MAX_LISTED = 20


def _known(what: str, ids: set[str]) -> str:
    if not ids:
        return f"There are no {what} yet."
    listed = sorted(ids)
    more = len(listed) - _MAX_LISTED
    rest = f" and {more:,} more" if more > 0 else ""
    return f"Known {what}: {', '.join(listed[:_MAX_LISTED])}{rest}."


__all__ = ["DanglingReference", "DuplicateId", "LoaderRule"]
