"""Versioned JSON output; the shape is documented in docs/output.md."""

from __future__ import annotations

import json

from pmkit.diagnostics import Report, Severity

#: Bumped only on incompatible changes of the shape below.
JSON_VERSION = 1


def format_json(report: Report) -> str:
    from pmkit import __version__

    payload = {
        "version": JSON_VERSION,
        "tool": {"name": "pmkit", "version": __version__},
        "files": report.files,
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
        "diagnostics": [d.to_dict() for d in report.sorted()],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
