"""GitHub Actions workflow commands, so findings appear as annotations on the pull request."""

from __future__ import annotations

from pmkit.diagnostics import Diagnostic, Report, Severity
from pmkit.formats.text import format_text

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a message the way the runner's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``escapeProperty``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(diag: Diagnostic) -> str:
    props = [f"file={escape_property(diag.path)}", f"line={diag.line}", f"col={diag.col}"]
    if diag.end_line and diag.end_line >= diag.line:
        props.append(f"endLine={diag.end_line}")
        if diag.end_line == diag.line and diag.end_col and diag.end_col > diag.col:
            props.append(f"endColumn={diag.end_col}")
    title = f"{diag.code} {diag.name}".strip()
    props.append(f"title={escape_property(title)}")
    message = diag.message + (f"\n{diag.hint}" if diag.hint else "")
    return f"::{_LEVEL[diag.severity]} {','.join(props)}::{escape_data(message)}"


def format_github(report: Report) -> str:
    ordered = sorted(report.sorted(), key=lambda d: -int(d.severity))
    lines = [format_annotation(d) for d in ordered]
    text = format_text(report)
    return "\n".join(lines) + ("\n" if lines else "") + text
