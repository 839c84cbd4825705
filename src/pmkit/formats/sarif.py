"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes every rule (id = code, name, short and full
description from the rule's docstring, a help link to its section of docs/rules.md, its
level as the settings' severity has it); each result names its rule, level, message and
region. Paths are relative to the repository root (``uriBaseId`` ``%SRCROOT%``), as code
scanning expects. Columns count UTF-16 code units (``columnKind`` ``utf16CodeUnits``), as code
scanning reads them whatever the log says: pmkit's own columns count code points, so a column
after an astral character (an emoji) is one more here, per such character, read from the
file's line. A region that ends with a line break ends on that line, without an endColumn.
``partialFingerprints`` use the same identity as the baseline file (path, code, field without
list positions, message, and the list entries the field is in, named by their ``id``, ``at``
or text; identical findings in one field of one entry are numbered), so alerts survive edits
elsewhere in the file, a new timeline entry too, also one that holds the same finding.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pmkit.diagnostics import Diagnostic, Report, Severity
from pmkit.digest import sha256_hex
from pmkit.docstrings import getdoc
from pmkit.formats.columns import Utf16Columns, last_line
from pmkit.formats.paths import absolute, is_pseudo, relative
from pmkit.formats.text import visible

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/pmkit/pmkit"
RULES_DOC = "https://github.com/pmkit/pmkit/blob/main/docs/rules.md"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def help_uri(code: str) -> str:
    return f"{RULES_DOC}#{code.lower()}"


def _rule_descriptor(rule: Any, severity: Mapping[str, Severity]) -> dict[str, Any]:
    full = (getdoc(rule) or "").strip()
    short = rule.summary() or rule.name
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full or short},
        "help": {"text": rule.doc()},
        "helpUri": help_uri(rule.code),
        # The level the run gives the rule's findings, with the settings' severity: code scanning
        # shows and filters an alert by its rule's level, which said "error" for a rule the
        # settings had made a warning (and its results said "warning").
        "defaultConfiguration": {"level": LEVELS[severity.get(rule.code, rule.severity)]},
        "properties": {"tags": ["postmortem", rule.family()]},
    }


def fingerprint(diag: Diagnostic, path: str, occurrence: int = 1) -> str:
    """The finding's identity (as in the baseline); the second and later of identical findings
    in one field of one entry also carry their number, so code scanning keeps them as separate
    alerts."""
    from pmkit.baseline import field_key, normalise_message

    # Without list positions, as in the baseline: a timeline entry inserted above would
    # otherwise close every alert below it and open it again as new. The entries the field is
    # in by their names instead: numbered in the order of the file, a new identical finding in
    # an entry above took the old one's fingerprint, and the old one was reported as new.
    key = "\0".join((path, diag.code, field_key(diag.field), normalise_message(diag.message)))
    if diag.entry:
        key += f"\0entry\0{diag.entry}"
    if occurrence > 1:
        key += f"\0{occurrence}"
    try:  # a file name's undecodable bytes as they were (the fingerprints baselines hold)
        data = key.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate a document wrote as an escape ("\ud800")
        data = key.encode("utf-8", "surrogatepass")
    return sha256_hex(data)


def numbered_fingerprint(diag: Diagnostic, path: str, seen: Counter[str]) -> str:
    """The finding's fingerprint, numbered after the first identical one (in the same field of
    the same entry) in ``seen`` (the findings of one log so far): a report's fingerprints are
    unique."""
    first = fingerprint(diag, path)
    seen[first] += 1
    return first if seen[first] == 1 else fingerprint(diag, path, seen[first])


def artifact_name(path: str, root: Path | None) -> str:
    """The file ``path`` as reports and fingerprints name it: relative to ``root`` with forward
    slashes; absolute outside it (or without a root, for an absolute path)."""
    rel = relative(path, root)
    return absolute(path).as_posix() if rel is None or os.path.isabs(rel) else rel


def _artifact(path: str, root: Path | None) -> tuple[dict[str, Any], str]:
    """The ``artifactLocation`` of the file ``path``, and its name in fingerprints."""
    name = artifact_name(path, root)
    if os.path.isabs(name):
        return {"uri": absolute(path).as_uri()}, name
    if is_pseudo(name):
        # Text checked from memory ("<string>") is in no file: no URI names it ("<" and ">"
        # are no URI's characters, and "%3Cstring%3E" is a file of that name), so it is said.
        return {"description": {"text": f"text checked from memory ({name})"}}, name
    # The file name's bytes, percent-encoded: also right for names that are not UTF-8.
    return {"uri": quote(os.fsencode(name), safe="/"), "uriBaseId": "%SRCROOT%"}, name


def _location(diag: Diagnostic, artifacts: dict[str, tuple[dict[str, Any], str]], root: Path | None,
              lines: Utf16Columns) -> tuple[dict[str, Any], str]:
    # Each file's location is worked out once: resolving its folders (and the root's) again for
    # every finding took four fifths of the time of a log of 50,000 findings (10 s).
    if diag.path not in artifacts:
        artifacts[diag.path] = _artifact(diag.path, root)
    artifact, key = artifacts[diag.path]
    start_col = max(diag.col, 1)
    end_line = last_line(diag)
    region = {"startLine": max(diag.line, 1), "startColumn": lines.utf16(diag.path, diag.line, start_col),
              "endLine": max(end_line, 1)}
    # A finding that ends at column 1 of a later line ends with the line break of the line
    # before: SARIF's endLine is the line of the last character, and a region without
    # endColumn runs to the end of its endLine. ("endLine": 8, "endColumn": 1 in a file of 7
    # lines pointed past its end, one line further than the annotation.)
    if end_line == max(diag.end_line or diag.line, diag.line):
        end_col = diag.end_col or diag.col
        if end_line == diag.line and end_col < diag.col:
            end_col = diag.col
        region["endColumn"] = lines.utf16(diag.path, end_line, max(end_col, 1))
    return {"physicalLocation": {"artifactLocation": dict(artifact), "region": region}}, key


def sarif_log(report: Report, *, root: Path | None = None,
              severity: Mapping[str, Severity] | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (see :func:`format_sarif`); ``severity``: the settings' severity
    per rule code, each rule's ``defaultConfiguration.level``."""
    rules: list[dict[str, Any]] = []
    results = list(_results(report, rules, root, severity))
    return _log(report, rules, results)


def _results(report: Report, rules: list[dict[str, Any]], root: Path | None,
             severity: Mapping[str, Severity] | None) -> Iterator[dict[str, Any]]:
    """The log's results, one by one; ``rules`` (empty) is filled with the rule descriptors,
    complete once the last result is given (a code from outside the catalogue adds one)."""
    from pmkit.rules import registry

    rules.extend(_rule_descriptor(rule, severity or {}) for rule in registry())
    index = {descriptor["id"]: i for i, descriptor in enumerate(rules)}
    seen: Counter[str] = Counter()
    lines = Utf16Columns()
    artifacts: dict[str, tuple[dict[str, Any], str]] = {}
    for diag in report.sorted():
        if diag.code not in index:  # a code from outside the catalogue: describe it minimally
            index[diag.code] = len(rules)
            rules.append({"id": diag.code, "name": diag.name or diag.code,
                          "shortDescription": {"text": diag.name or diag.code},
                          "helpUri": help_uri(diag.code)})
        location, key = _location(diag, artifacts, root, lines)
        # Shown to people, as the text report shows it: a control character quoted from the
        # document (a key holding ESC) is written as its escape, not passed to a viewer raw.
        text = visible(diag.message) + (f"\n{visible(diag.hint)}" if diag.hint else "")
        yield {
            "ruleId": diag.code,
            "ruleIndex": index[diag.code],
            "level": LEVELS[diag.severity],
            "message": {"text": text},
            "locations": [location],
            "partialFingerprints": {"pmkitFinding/v1": numbered_fingerprint(diag, key, seen)},
            **({"properties": {"field": diag.field}} if diag.field else {}),
        }


def _log(report: Report, rules: list[dict[str, Any]], results: list[Any]) -> dict[str, Any]:
    from pmkit import __version__

    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "pmkit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            # PM903: pmkit failed on a file (exit code 2), so the results are not complete.
            "invocations": [{"executionSuccessful": not any(d.code == "PM903" for d in report.diagnostics)}],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }


#: GitHub code scanning rejects a SARIF upload with more results than this in a run.
CODE_SCANNING_RESULTS = 25_000


def too_many_results(report: Report) -> str | None:
    """What to tell of a log code scanning would refuse for its size (the log is written all
    the same: other readers take it), else None."""
    count = len(report.diagnostics)
    if count <= CODE_SCANNING_RESULTS:
        return None
    return (f"the SARIF log holds {count:,} results; GitHub code scanning rejects an upload of more "
            f"than {CODE_SCANNING_RESULTS:,} in a run. Record the existing findings in a baseline "
            "(pmkit check --write-baseline FILE, then --baseline FILE) so that the log holds only "
            "new ones (docs/github-actions.md)")


def format_sarif(report: Report, *, root: Path | None = None,
                 severity: Mapping[str, Severity] | None = None) -> str:
    """The SARIF log as ``json.dumps(sarif_log(...), indent=2)`` writes it, to the byte (tested),
    but each result is written as it is made: the log of 50,000 findings as one tree of dicts,
    then the standard library's pieces of text, peaked at about 520 MB for 53 MB of text."""
    rules: list[dict[str, Any]] = []
    # Results are the array's items four levels deep: eight spaces before each of their lines.
    parts = [""]  # the log up to its results, when they are known
    for result in _results(report, rules, root, severity):
        parts.append(_RESULT_INDENT)
        parts.append(json.dumps(result, indent=2, ensure_ascii=False).replace("\n", _RESULT_BREAK))
        parts.append(",\n")
    text = json.dumps(_log(report, rules, []), indent=2, ensure_ascii=False)
    if len(parts) == 1:
        return text + "\n"
    assert text.endswith(_NO_RESULTS)
    parts[0] = text[:-len(_NO_RESULTS)] + '"results": [\n'
    parts[-1] = "\n      ]\n    }\n  ]\n}\n"
    return "".join(parts)  # (one copy of the text, not one per join)


_RESULT_INDENT = " " * 8
#: (json escapes a line break inside a text: every break of a result's text is one of its lines.)
_RESULT_BREAK = "\n" + _RESULT_INDENT
#: How the log ends with "results" empty: the last key of the only run.
_NO_RESULTS = '"results": []\n    }\n  ]\n}'
