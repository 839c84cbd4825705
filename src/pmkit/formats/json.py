"""Versioned JSON output; the shape is documented in docs/output.md."""

from __future__ import annotations

import json
from typing import Any

from pmkit.diagnostics import Report, Severity

#: Bumped only on incompatible changes of the shape below.
JSON_VERSION = 1


def _head(report: Report) -> dict[str, Any]:
    """The document's fields before its findings."""
    from pmkit import __version__

    return {
        "version": JSON_VERSION,
        "tool": {"name": "pmkit", "version": __version__},
        "files": report.files,
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The document ``--format json`` writes, as Python data (``Report.to_dict``)."""
    return {**_head(report), "diagnostics": [d.to_dict() for d in report.sorted()]}


def format_json(report: Report) -> str:
    payload = _head(report)
    diagnostics = [d.to_dict() for d in report.sorted()]
    if not diagnostics:
        payload["diagnostics"] = diagnostics
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    # With an indent the standard library encodes in pure Python: 20,000 findings took about
    # a second. The findings are laid out here as it lays them out, each flat one by the C
    # encoder's string escaping, so the text is the same to the byte (tested).
    head = json.dumps(payload, indent=2, ensure_ascii=False)
    assert head.endswith("\n}")
    items = ",\n".join(_diagnostic(d) for d in diagnostics)
    return f'{head[:-2]},\n  "diagnostics": [\n{items}\n  ]\n}}\n'


def _diagnostic(item: dict[str, Any]) -> str:
    """One finding as ``json.dumps(..., indent=2)`` writes it two levels deep."""
    from json.encoder import encode_basestring

    texts = [encode_basestring(value) if type(value) is str
             else int.__repr__(value) if type(value) is int
             else "null" if value is None else "" for value in item.values()]
    if "" in texts or any(type(key) is not str for key in item) or not texts:
        # ("data", or anything unexpected: the standard library's own layout, indented)
        return "    " + "\n    ".join(json.dumps(item, indent=2, ensure_ascii=False).split("\n"))
    keys = _KEYS.get(tuple(item))
    if keys is None:
        keys = _KEYS[tuple(item)] = [f"      {encode_basestring(key)}: " for key in item]
    return "    {\n" + ",\n".join([key + text for key, text in zip(keys, texts, strict=True)]) + "\n    }"


#: The keys of a finding as written before its values, per order of keys (one or two in a run).
_KEYS: dict[tuple[str, ...], list[str]] = {}
