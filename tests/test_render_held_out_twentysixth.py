"""Held-out inputs for ``pmkit render``: Markdown bodies whose blocks the pages set as CommonMark
reads them (code first in a section, lists after a paragraph's line, entities, hard line breaks,
an item of several paragraphs, images)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.cli import main

_FRONT = """---
pmkit: 1
id: 2023-06-05-cache-stampede
title: Cache stampede took the shop down
status: draft
lang: en
severity: SEV2
timeline:
  - at: 2023-06-05T10:00:00Z
    milestone: impact_started
    event: Pages failed.
  - at: 2023-06-05T10:05:00Z
    milestone: detected
    event: The alert fired.
  - at: 2023-06-05T10:30:00Z
    milestone: resolved
    event: The cache was warm again.
---
"""

_LESSONS = """
## Lessons

### What went well
- The alert fired.

### What went wrong
- Missed.

### Where we got lucky
- Low traffic.
"""


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, fmt: str) -> str:
    path = tmp_path / "pm.md"
    path.write_text(_FRONT + body, encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


_CODE_FIRST = "\n## Summary\n\nPages failed.\n\n## Background\n\n    first thing code\n    second code\n\nText.\n"


def test_indented_code_first_in_a_section_stays_code_on_the_markdown_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _CODE_FIRST + _LESSONS, "md")
    assert "## Background\n\n    first thing code\n    second code\n\nText.\n" in page


def test_indented_code_first_in_a_section_stays_code_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _CODE_FIRST + _LESSONS, "html")
    assert "<h2>Background</h2>\n<pre><code>first thing code\nsecond code</code></pre>\n<p>Text.</p>" in page


def test_indented_code_first_in_the_summary_stays_code_on_the_markdown_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n## Summary\n\n    ERROR human error detected\n\nPages failed.\n" + _LESSONS
    page = _page(tmp_path, capsys, body, "md")
    assert "## Summary\n\n    ERROR human error detected\n\nPages failed.\n" in page
