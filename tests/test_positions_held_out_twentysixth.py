"""Positions of findings in files whose lines end in a lone CR, as YAML reads them, and ends of
findings that lie inside the file they are in."""

from __future__ import annotations

from pathlib import Path

import pmkit
from helpers import spans
from pmkit.formats.github import format_annotation
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
