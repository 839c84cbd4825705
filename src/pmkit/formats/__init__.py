"""Output formats: each is a pure function of a report (and, for CI formats, the repo root)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from pmkit.diagnostics import Report, Severity

Formatter = Callable[[Report], str]
FORMATS = ("text", "json", "github", "sarif", "gitlab")
#: Accepted by ``--format``: the formats, and ``auto`` (github under GitHub Actions, else text).
CHOICES = (*FORMATS, "auto")


def resolve_format(name: str) -> str:
    """``auto`` → ``github`` when ``GITHUB_ACTIONS=true`` (as the runner sets it), else ``text``."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def get_formatter(name: str, *, root: Path | None = None, hints: bool = True,
                  severity: Mapping[str, Severity] | None = None) -> Formatter:
    """The format ``name``; ``hints=False`` leaves out the hint lines of a text report (also the
    one that follows the annotations of ``github``). ``severity`` is the settings' severity per
    rule code (``[tool.pmkit.severity]``), which SARIF gives as each rule's level."""
    name = resolve_format(name)
    if name == "text":
        from pmkit.formats.text import format_text

        return partial(format_text, hints=hints)
    if name == "json":
        from pmkit.formats.json import format_json

        return format_json
    if name == "github":
        from pmkit.formats.github import format_github
        from pmkit.formats.paths import workspace_root

        return partial(format_github, root=root or workspace_root(), hints=hints)
    if name == "sarif":
        from pmkit.formats.paths import repo_root
        from pmkit.formats.sarif import format_sarif

        return partial(format_sarif, root=root or repo_root(), severity=severity)
    if name == "gitlab":
        from pmkit.formats.gitlab import format_gitlab
        from pmkit.formats.paths import repo_root

        return partial(format_gitlab, root=root or repo_root())
    raise ValueError(f"unknown format '{name}' (choose from {', '.join(CHOICES)})")


#: The first line of a finding in a text report ("pm.yaml:3:1: PM101 ...") and of a GitHub
#: annotation ("::error file=pm.yaml,...,title=PM101 name::..."): the first line of any report of
#: those formats written to a file (one without findings is empty; the summary and the
#: stop-commands marker follow the findings).
_FINDING_LINE = re.compile(rb"^.*:\d+:\d+: PM\d{3} |^::(?:error|warning|notice) .*title=PM\d{3}\b")


def written_report(head: bytes) -> bool:
    """Whether a file's first bytes are those of a report pmkit wrote: JSON or SARIF naming pmkit
    as its tool, GitLab's list of PM findings (or an empty one), or text or GitHub annotations
    whose first line is a finding of pmkit's."""
    text = head.lstrip()
    if text.startswith(b"{"):
        return b'"name": "pmkit"' in text
    if text.startswith(b"["):
        return text.rstrip() == b"[]" or b'"check_name": "PM' in text
    return bool(_FINDING_LINE.match(text.splitlines()[0].rstrip(b"\r")))
