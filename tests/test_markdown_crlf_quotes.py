"""Markdown postmortems as pmkit reads them.

One saved with CRLF line breaks is read as the same file with LF: the blank line after a block
quote ends the quote. With CRLF it did not, and the quote ran over the rest
of the section: a "human error" after it was not reported (exit 0), and a quote after a GitHub
alert was read as the alert's (the author's) words."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit

HEAD = ("---\npmkit: 1\nid: 2026-01-05-api\ntitle: API outage\nstatus: draft\nlang: en\nseverity: SEV3\n"
        "---\n\n")


def _found(text: str) -> list[tuple[str, int, int]]:
    found = pmkit.check_text(text, "pm.md")
    return sorted((d.code, d.line, d.col) for d in found if d.code.startswith("PM3"))


@pytest.mark.parametrize(("body", "expected"), [
    ("## Background\n\n> The customer wrote to us.\n\nThe outage was caused by human error.\n",
     [("PM301", 14, 26)]),
    ("## Background\n\n> [!NOTE]\n\n> It was the fault of the on-call engineer.\n", []),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_blank_line_ends_a_quote_whatever_the_line_breaks(
        body: str, expected: list[tuple[str, int, int]], newline: str) -> None:
    assert _found((HEAD + body).replace("\n", newline)) == expected


def test_a_warning_of_the_markdown_loader_does_not_stop_render_or_load(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'# Summary' at level 1 is a warning (PM024) that 'pmkit check' reports and passes; render
    refused the file ("fix the errors above first") and pmkit.load raised LoadError for it."""
    from pmkit.cli import main

    path = tmp_path / "pm.md"
    path.write_text(HEAD + "# Summary\n\nThe API failed for ten minutes.\n", encoding="utf-8")
    assert main(["check", "--select", "PM0", str(path)]) == 0
    assert "PM024" in capsys.readouterr().out
    assert main(["render", str(path)]) == 0
    assert capsys.readouterr().out.startswith("# API outage\n")
    assert pmkit.load(path).title == "API outage"
    path.write_text(HEAD.replace("severity: SEV3\n", "") + "# Summary\n\nx\n", encoding="utf-8")
    assert main(["render", str(path)]) == 2  # an error still stops the page
    with pytest.raises(pmkit.LoadError, match="PM011 required field 'severity' is missing"):
        pmkit.load(path)


@pytest.mark.parametrize(("text", "found"), [
    ("# T\n\nSummary\n-------\n\nx\n\n## Timeline\n\ny\n", True),  # setext and ATX, as the docs allow
    ("# T\n\nSummary\n=======\n\nx\n\nTimeline\n--------\n\ny\n", True),
    ("# T\n\nSome text\n---\n\nmore\n\n## Timeline\n\ny\n", False),  # one section only
    ("# Notes\n\n```\nSummary\n-------\n```\n\n## Timeline\n", False),  # in code
])
def test_a_folder_check_counts_setext_section_headings(tmp_path: Path, text: str, found: bool) -> None:
    # A postmortem written with setext headings and no front matter was passed over in silence,
    # where the same file with '## Summary' was reported (PM007).
    from pmkit.discovery import discover

    (tmp_path / "pm.md").write_text(text, encoding="utf-8")
    assert discover([str(tmp_path)]) == ([str(tmp_path / "pm.md")] if found else [])
