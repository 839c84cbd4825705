"""GitHub Actions workflow commands, so findings appear as annotations on the pull request.

GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job); the rest
are dropped without a word. So the annotations are sorted by severity (errors first), the
ones over the limit are left out, a ``::notice::`` says how many were left out, and the full
text report follows in the log, where nothing is lost.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pmkit.diagnostics import Diagnostic, Report, Severity, sort_key
from pmkit.digest import sha256_hex
from pmkit.formats.columns import Utf16Columns, last_line
from pmkit.formats.paths import relative
from pmkit.formats.text import format_text, visible, without_surrogates

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: Annotations GitHub shows per step for each level, and per job in total.
MAX_PER_LEVEL = 10
MAX_PER_JOB = 50


def escape_data(text: str) -> str:
    """Escape a message the way the runner's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``escapeProperty``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(diag: Diagnostic, root: Path | None = None, columns: Utf16Columns | None = None) -> str:
    """One workflow command. Its columns count UTF-16 code units, as GitHub's web pages count
    them (and as code scanning reads SARIF): past an emoji, a column in code points fell one
    character short per emoji. ``columns`` keeps the lines read for that across a report."""
    columns = columns or Utf16Columns()
    # A file name's control characters are written as escapes, as in the text report: the
    # command is printed where a terminal shows it (a local run, a log with step debugging), and
    # a name holding "\x1b]52;..." or "\x1b[2J" drove it. Its line breaks are the property's
    # escapes (%0A), which name the file exactly.
    path = visible(relative(diag.path, root) or diag.path, breaks=True)
    props = [f"file={escape_property(path)}", f"line={diag.line}"]
    single = diag.end_line is None or diag.end_line <= diag.line
    last = last_line(diag)
    if last > diag.line:
        # A span of lines has no columns: the runner drops 'col' and 'endColumn' when 'line' and
        # 'endLine' differ (with an "Invalid error command value" in its debug log).
        props.append(f"endLine={last}")
    else:
        props.append(f"col={columns.utf16(diag.path, diag.line, diag.col)}")
        if single and diag.end_col and diag.end_col > diag.col:
            props.append(f"endColumn={columns.utf16(diag.path, diag.line, diag.end_col)}")
    title = f"{diag.code} {diag.name}".strip()
    props.append(f"title={escape_property(title)}")
    # Control characters in the author's text are written as escapes, as in the text report;
    # the line break before the hint is the annotation's own.
    message = without_surrogates(visible(diag.message) + (f"\n{visible(diag.hint)}" if diag.hint else ""))
    return f"::{_LEVEL[diag.severity]} {','.join(props)}::{escape_data(message)}"


def _select(ordered: list[Diagnostic], notice_limit: int) -> tuple[list[Diagnostic], Counter[Severity]]:
    limits = {Severity.ERROR: MAX_PER_LEVEL, Severity.WARNING: MAX_PER_LEVEL, Severity.INFO: notice_limit}
    shown: list[Diagnostic] = []
    used: Counter[Severity] = Counter()
    hidden: Counter[Severity] = Counter()
    for diag in ordered:
        if used[diag.severity] < limits[diag.severity] and len(shown) < MAX_PER_JOB - 1:
            shown.append(diag)
            used[diag.severity] += 1
        else:
            hidden[diag.severity] += 1
    return shown, hidden


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_github(report: Report, *, root: Path | None = None, hints: bool = True) -> str:
    """The annotations, then the text report. ``hints=False`` (``--no-hints``) drops the hint
    lines of the text report only: an annotation's hint is read where the fix is made."""
    ordered = sorted(report.diagnostics, key=lambda d: (-int(d.severity), sort_key(d)))
    shown, hidden = _select(ordered, MAX_PER_LEVEL)
    if hidden:  # our own notice must fit under the notice limit too
        shown, hidden = _select(ordered, MAX_PER_LEVEL - 1)
    columns = Utf16Columns()
    lines = [format_annotation(d, root, columns) for d in shown]
    if hidden:
        parts = [_plural(hidden[s], str(s)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
                 if hidden[s]]
        total = sum(hidden.values())
        lines.append(
            f"::notice title={escape_property('pmkit: more findings than annotations')}::"
            + escape_data(
                f"pmkit found {_plural(len(ordered), 'finding')}; {total} of them ({', '.join(parts)}) "
                f"are not shown as annotations, because GitHub shows at most {MAX_PER_LEVEL} error and "
                f"{MAX_PER_LEVEL} warning annotations per step. The full report follows in the log."
            )
        )
    text = without_commands(format_text(report, hints=hints))
    return "\n".join(lines) + ("\n" if lines else "") + text


def without_commands(text: str) -> str:
    """``text`` (whole lines) as the runner reads it: no workflow command in it takes effect.

    The runner reads a line that starts with "::" as a command, and its old syntax ("##[name]")
    anywhere in a line; a finding or message quotes the author's text and file names. Between
    stop-commands markers no command is read. The token is a hash of the text, so the text
    cannot hold it."""
    if "##[" not in text and not any(line.lstrip().startswith("::") for line in text.splitlines()):
        return text
    token = sha256_hex(text.encode("utf-8", "surrogatepass"))[:32]
    ending = "" if text.endswith("\n") else "\n"  # the end marker needs a line of its own
    return f"::stop-commands::{token}\n{text}{ending}::{token}::\n"
