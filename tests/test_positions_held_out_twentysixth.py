"""Positions of findings in files whose lines end in a lone CR, as YAML reads them, and ends of
findings that lie inside the file they are in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pmkit
from helpers import spans
from pmkit.formats.github import format_annotation
from pmkit.formats.gitlab import format_gitlab
from pmkit.formats.json import format_json
from pmkit.formats.sarif import sarif_log

# --- PM025 in a file whose lines end in a lone CR ----------------------------------------------

_CUT = "YAML reads '{}' after it as a comment, as it does ' #' in an unquoted text, so that part is left out"


def test_a_comment_on_a_cr_line_ends_with_the_line() -> None:
    diags = pmkit.check_text("title: a #b\rid: x\r", "pm.yaml", pmkit.Config(select=["PM025"]))
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in diags] == [("PM025", 1, 10, 1, 12)]
    assert diags[0].message == "'title' ends at 'a': " + _CUT.format("#b")


def test_a_comment_on_the_first_cr_line_covers_that_line_only() -> None:
    text = ("summary: Rolled back PR #4521 and it worked\rtitle: b c d e f g h i j\rpmkit: 1\rid: x-1\r"
            "status: draft\rlang: en\rseverity: SEV2\r")
    assert spans(text, ["PM025"], "pm.yaml") == [("PM025", 1, 25, 1, 44, "#4521 and it worked")]


def test_a_comment_on_a_later_cr_line_is_found_where_it_is_with_lf() -> None:
    text = "pmkit: 1\rid: x-1\rsummary: Rolled back PR #4521 and it worked\rtitle: T\r"
    expected = [("PM025", 3, 25, 3, 44, "#4521 and it worked")]
    assert spans(text, ["PM025"], "pm.yaml") == expected
    assert spans(text.replace("\r", "\n"), ["PM025"], "pm.yaml") == expected
    assert spans(text.replace("\r", "\r\n"), ["PM025"], "pm.yaml") == expected


def test_a_comment_after_an_emoji_on_a_cr_line_has_utf16_columns_inside_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pm.yaml"
    path.write_bytes("summary: 😀 a #b\rid: x\r".encode())
    report = pmkit.check([str(path)], pmkit.Config(select=["PM025"]))
    assert [(d.line, d.col, d.end_line, d.end_col) for d in report.diagnostics] == [(1, 14, 1, 16)]
    assert report.diagnostics[0].message == "'summary' ends at '😀 a': " + _CUT.format("#b")
    results = sarif_log(report)["runs"][0]["results"]  # type: ignore[index]
    assert [r["locations"][0]["physicalLocation"]["region"] for r in results] == [
        {"startLine": 1, "startColumn": 15, "endLine": 1, "endColumn": 17}]
    assert ",line=1,col=15,endColumn=17," in format_annotation(report.diagnostics[0])


def test_a_list_joined_into_a_text_on_cr_lines_is_found_where_it_is_with_lf() -> None:
    text = "pmkit: 1\rid: x-1\rsummary: Three things\r  - the alert\r  - the runbook\rtitle: T\r"
    expected = [("PM026", 4, 3, 4, 4, "-")]
    assert spans(text, ["PM026"], "pm.yaml") == expected
    assert spans(text.replace("\r", "\n"), ["PM026"], "pm.yaml") == expected


# --- ends of findings lie inside the file ------------------------------------------------------

_MISSING = [("PM011", "required field 'lang' is missing"), ("PM011", "required field 'severity' is missing"),
            ("PM011", "required field 'status' is missing"), ("PM011", "required field 'title' is missing")]


@pytest.mark.parametrize(("text", "end"), [
    ("pmkit: 1\nid: x-1\n", (2, 8)),
    ("pmkit: 1\nid: x-1", (2, 8)),
    ("pmkit: 1\rid: x-1\r", (2, 8)),
    ("pmkit: 1\r\nid: x-1\r\n", (2, 8)),
    ("id: x-1\n", (1, 8)),
    ("id: x-1", (1, 8)),
    ("pmkit: 1\nid: x-1\n\n", (3, 1)),
])
def test_a_whole_file_finding_ends_at_the_end_of_the_last_line(text: str, end: tuple[int, int]) -> None:
    diags = pmkit.check_text(text, "pm.yaml", pmkit.Config(select=["PM011"]))
    pmkit_missing = [] if text.startswith("pmkit") else [("PM011", "required field 'pmkit' is missing")]
    assert sorted((d.code, d.message) for d in diags) == sorted(_MISSING + pmkit_missing)
    assert {(d.line, d.col, d.end_line, d.end_col) for d in diags} == {(1, 1, *end)}


def test_the_finding_of_an_empty_file_stays_at_its_start() -> None:
    diags = pmkit.check_text("", "pm.yaml")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in diags] == [("PM007", 1, 1, None, None)]


def test_whole_file_findings_of_a_checked_file_end_inside_it_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"pmkit: 1\nid: x-1\n")
    report = pmkit.check([str(path)], pmkit.Config(select=["PM011", "PM600"]))
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in report.diagnostics] == [
        ("PM011", 1, 1, 2, 8)] * 4 + [("PM600", 1, 1, 2, 8)]
    data = json.loads(format_json(report))
    assert {(d["end_line"], d["end_col"]) for d in data["diagnostics"]} == {(2, 8)}
    results = sarif_log(report)["runs"][0]["results"]  # type: ignore[index]
    assert {json.dumps(r["locations"][0]["physicalLocation"]["region"]) for r in results} == {
        json.dumps({"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 8})}
    annotations = {",".join(format_annotation(d).split(",")[1:3]) for d in report.diagnostics}
    assert annotations == {"line=1,endLine=2"}
    issues = json.loads(format_gitlab(report))
    assert {json.dumps(i["location"]["lines"]) for i in issues} == {json.dumps({"begin": 1, "end": 2})}


# --- the errors pmkit.check raises for its paths are the ones documented -----------------------

README = Path(__file__).resolve().parent.parent / "README.md"


def test_a_path_with_a_nul_character_is_the_documented_value_error() -> None:
    with pytest.raises(ValueError) as raised:
        pmkit.check(["x.yaml\x00.md"])
    assert str(raised.value) == "'x.yaml\\x00.md': the path contains a NUL character"
    documented = " ".join(README.read_text(encoding="utf-8").split())
    assert ("a path with a NUL character in it, which no file can have, is a `ValueError` "
            f"(`{raised.value}`)") in documented
    assert pmkit.check.__doc__ is not None
    assert "a path with a NUL character is a :class:`ValueError`" in " ".join(pmkit.check.__doc__.split())
