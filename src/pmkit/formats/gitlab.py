"""GitLab Code Quality report: the JSON file a GitLab CI job hands over as a ``codequality``
report, which merge requests show in their Code Quality widget and beside the changed lines
of the diff (docs/output.md).

Each finding is one issue: ``check_name`` the rule's code, ``description`` the line ``pmkit
check`` prints (code, message, rule name), ``severity`` on GitLab's scale, ``location`` the
path relative to the repository root with the finding's first and last line, and a
``fingerprint`` that stays the same while the finding does (GitLab compares the merge
request's report with the target branch's by it, to tell new findings from fixed ones): the
SARIF log's fingerprint, which, like a baseline, leaves list positions and numbers in messages
out, so that an entry inserted above does not make every finding below it "new".
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pmkit.diagnostics import Diagnostic, Report, Severity
from pmkit.formats.columns import last_line
from pmkit.formats.text import visible, without_surrogates

#: GitLab's scale is info, minor, major, critical, blocker. An error of pmkit is a finding the
#: run fails on, not an outage of the product ("critical", "blocker").
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def format_gitlab(report: Report, *, root: Path | None = None) -> str:
    """The Code Quality report, as ``json.dumps(issues, indent=2)`` writes it, each issue made
    and written in turn (a large report is not held as one tree of dicts)."""
    from pmkit.formats.sarif import artifact_name, numbered_fingerprint

    seen: Counter[str] = Counter()
    paths: dict[str, str] = {}
    issues = []
    for diag in report.sorted():
        if diag.path not in paths:
            # Relative to the repository root, as GitLab names the diff's files; a file outside
            # it by its absolute path (GitLab attaches it to no file). The same name as in the
            # SARIF log's fingerprints, so both keep a finding's identity alike.
            paths[diag.path] = artifact_name(diag.path, root)
        path = paths[diag.path]
        issue = _issue(diag, path, numbered_fingerprint(diag, path, seen))
        issues.append("  " + json.dumps(issue, indent=2, ensure_ascii=False).replace("\n", "\n  "))
    return "[\n" + ",\n".join(issues) + "\n]\n" if issues else "[]\n"


def _issue(diag: Diagnostic, path: str, fingerprint: str) -> dict[str, Any]:
    # Lines only: GitLab places an issue by its first line and shows no columns.
    line = max(diag.line, 1)
    issue: dict[str, Any] = {
        "type": "issue",
        "check_name": diag.code,
        "description": f"{diag.code} {visible(diag.message)}" + (f" ({diag.name})" if diag.name else ""),
        "severity": SEVERITIES[diag.severity],
        "fingerprint": fingerprint,
        # A name that is not UTF-8 (its bytes held as lone surrogates) as the text report writes it
        # (``caf\xe9.yaml``): a lone surrogate is no Unicode, which a reader of the report may
        # refuse or turn into U+FFFD, and no file of the diff could be named by it anyway.
        "location": {"path": without_surrogates(path),
                     "lines": {"begin": line, "end": max(last_line(diag), line)}},
    }
    if diag.hint:
        issue["content"] = {"body": visible(diag.hint)}
    return issue
