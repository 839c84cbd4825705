"""``path:line:col: CODE message (name)``, one finding a line, hints indented below."""

from __future__ import annotations

from pmkit.diagnostics import Diagnostic, Report, Severity


def format_line(diag: Diagnostic) -> str:
    name = f" ({diag.name})" if diag.name else ""
    return f"{diag.path}:{diag.line}:{diag.col}: {diag.code} {diag.message}{name}"


def summary(report: Report) -> str:
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        count = report.count(severity)
        if count:
            parts.append(f"{count} {severity}{'s' if count != 1 else ''}")
    files = len({d.path for d in report.diagnostics})
    checked = len(report.files)
    return f"Found {', '.join(parts)} in {files} of {checked} file{'s' if checked != 1 else ''}."


def format_text(report: Report, *, hints: bool = True) -> str:
    lines: list[str] = []
    for diag in report.sorted():
        lines.append(format_line(diag))
        if hints and diag.hint:
            lines.append(f"    hint: {diag.hint}")
    if report.diagnostics:
        lines.append("")
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")
