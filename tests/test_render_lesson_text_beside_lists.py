"""``pmkit render`` of a Markdown postmortem whose lessons sections say more than their lists: a
sentence introducing the list, a remark after it or between its items. The field holds the items
only (tests/test_markdown.py: a list wins over the paragraph that introduces it); the page shows
the section as written, where it dropped the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import STAMPEDE_FRONT
from pmkit.cli import main
from pmkit.loader import parse_text
from pmkit.markdown import extra_sections

_FRONT = STAMPEDE_FRONT + """
## Summary

Pages failed for half an hour.
"""


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, fmt: str = "md") -> str:
    path = tmp_path / "pm.md"
    path.write_text(_FRONT + body, encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _section(page: str, heading: str, following: str) -> str:
    return page[page.index(heading) + len(heading):page.index(following)]


_INTRO = """
## Lessons

### What went well
The response was quick, for two reasons.

- The alert fired.
- The serve-stale flag worked.

### What went wrong
- Missed.
"""


def test_a_sentence_introducing_a_lessons_list_is_on_the_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _INTRO)
    assert _section(page, "### What went well", "### What went wrong") == (
        "\n\nThe response was quick, for two reasons.\n\n"
        "- The alert fired.\n- The serve-stale flag worked.\n\n")
    assert "### What went wrong\n\n- Missed.\n" in page  # (a list alone: built from its items, as before)


def test_the_introduction_is_on_the_html_page_before_the_list(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _INTRO, "html")
    assert ("<h3>What went well</h3>\n<p>The response was quick, for two reasons.</p>\n"
            "<ul><li>The alert fired.</li><li>The serve-stale flag worked.</li></ul>") in page


@pytest.mark.parametrize(("section", "shown"), [
    # a line right above the list, no blank line between (a list may interrupt a paragraph)
    ("Two things:\n- a one\n- b two\n", "Two things:\n\n- a one\n- b two"),
    ("- a one\n- b two\n\nMore in the appendix.\n", "- a one\n- b two\n\nMore in the appendix."),
    ("- a one\n\nBetween them.\n\n- b two\n", "- a one\n\nBetween them.\n\n- b two"),
    ("Intro.\n\n1. a one\n2. b two\n", "Intro.\n\n1. a one\n2. b two"),
    # a definition is shown at the end of the page, a code block after the list as before
    ("- a one\n\n[^1]: A footnote.\n", None),
    ("- a one\n\n```text\ncode\n```\n", None),
])
def test_text_beside_a_lessons_list_is_kept_where_it_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], section: str, shown: str | None) -> None:
    page = _page(tmp_path, capsys, f"\n## What went well\n{section}\n## What went wrong\n- Missed.\n")
    assert _section(page, "### What went well", "### What went wrong") == f"\n\n{shown or '- a one'}\n\n"


@pytest.mark.parametrize("section", [
    "- a one\n- b two\n",
    "<!-- list what went well -->\n- a one\n- b two\n",  # (a comment is no text of the page)
    "-\n  a one\n- b two\n",  # (a marker alone on its line: its item's text is on the next)
    "- a one\ncontinued lazily\n- b two\n",
    "- a one\n\n  its second paragraph\n- b two\n",
    "A first lesson.\n\nA second lesson.\n",  # (no list: each paragraph is an item)
])
def test_a_lessons_section_of_its_items_alone_is_built_from_them(section: str) -> None:
    doc = parse_text(_FRONT + f"\n## What went well\n{section}", "pm.md", markdown=True)
    assert doc.data["lessons"]["went_well"]
    assert extra_sections(doc) == []


def test_the_field_still_holds_the_items_only() -> None:
    doc = parse_text(_FRONT + _INTRO, "pm.md", markdown=True)
    assert doc.data["lessons"] == {"went_well": ["The alert fired.", "The serve-stale flag worked."],
                                   "went_wrong": ["Missed."]}
    assert extra_sections(doc) == [("What went well", "The response was quick, for two reasons.\n\n"
                                    "- The alert fired.\n- The serve-stale flag worked.")]
