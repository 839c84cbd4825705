"""Held-out inputs for ``pmkit render``: Markdown bodies whose blocks the pages set as CommonMark
reads them (code first in a section, lists after a paragraph's line, entities, hard line breaks,
an item of several paragraphs, images)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import STAMPEDE_FRONT
from pmkit.cli import main

_FRONT = STAMPEDE_FRONT

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


_CODE_FIRST = ("\n## Summary\n\nPages failed.\n\n"
               "## Background\n\n    first thing code\n    second code\n\nText.\n")


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


def test_a_bullet_list_after_a_line_of_text_is_a_list_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ("\n## Summary\n\nPages failed for these reasons:\n- the cache was flushed\n"
            "- misses were not coalesced\n" + _LESSONS)
    page = _page(tmp_path, capsys, body, "html")
    assert ("<h2>Summary</h2>\n<p>Pages failed for these reasons:</p>\n"
            "<ul><li>the cache was flushed</li><li>misses were not coalesced</li></ul>\n") in page


def test_a_list_after_a_line_of_text_in_a_quote_is_a_list_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ("\n## Summary\n\n> Pages failed for these reasons:\n"
            "> - the cache was flushed\n> - misses\n" + _LESSONS)
    page = _page(tmp_path, capsys, body, "html")
    assert ("<blockquote><p>Pages failed for these reasons:</p>\n"
            "<ul><li>the cache was flushed</li><li>misses</li></ul></blockquote>") in page


def test_only_a_list_numbered_from_one_ends_a_paragraph_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n## Summary\n\nIt was late\n2. not a list\n\nSteps:\n1. flush\n2. warm\n" + _LESSONS
    page = _page(tmp_path, capsys, body, "html")
    assert "<p>It was late 2. not a list</p>\n<p>Steps:</p>\n<ol><li>flush</li><li>warm</li></ol>" in page


def test_an_entity_is_its_character_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n## Summary\n\nA &amp; B &copy; failed &#x41; &lt;b&gt; &bogus; `&amp;`.\n" + _LESSONS
    page = _page(tmp_path, capsys, body, "html")
    assert "<p>A &amp; B © failed A &lt;b&gt; &amp;bogus; <code>&amp;amp;</code>.</p>" in page


def test_a_hard_line_break_is_a_break_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ("\n## Summary\n\nLine one with _em_.  \nHard break above.\nShoppers failed\\\nby human error.\n"
            "Two backslashes \\\\\nare no break.\n\n- item one  \n  next\n" + _LESSONS)
    page = _page(tmp_path, capsys, body, "html")
    assert ("<p>Line one with <em>em</em>.<br>\nHard break above. Shoppers failed<br>\n"
            "by human error. Two backslashes \\ are no break.</p>\n"
            "<ul><li>item one<br>\nnext</li></ul>") in page


def test_an_image_is_a_link_with_its_alt_text_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ("\n## Summary\n\n![alt text](https://x.example/img.png) shows it; ![bad](javascript:alert(1)),"
            " ![r][d].\n\n[d]: https://d.example/i.png\n" + _LESSONS)
    page = _page(tmp_path, capsys, body, "html")
    assert ('<p><a href="https://x.example/img.png">alt text</a> shows it; ![bad](javascript:alert(1)),'
            ' <a href="https://d.example/i.png">r</a>.</p>') in page


_ITEM_OF_BLOCKS = ("\n## Summary\n\nPages failed.\n\n## Lessons\n\n### What went well\n- The alert fired.\n\n"
                   "### What went wrong\n- First para of item.\n\n  Second para of item.\n\n"
                   "      code in item\n\n"
                   "- Second item\n\n### Where we got lucky\n- Low traffic.\n")


def test_a_lesson_of_several_paragraphs_keeps_them_on_the_markdown_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _ITEM_OF_BLOCKS, "md")
    assert ("### What went wrong\n\n- First para of item.\n\n  Second para of item.\n\n      code in item\n"
            "- Second item\n") in page


def test_a_lesson_of_several_paragraphs_keeps_them_on_the_html_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _ITEM_OF_BLOCKS, "html")
    assert ("<ul><li>First para of item.<p>Second para of item.</p>\n"
            "<pre><code>code in item</code></pre></li><li>Second item</li></ul>") in page


def test_a_page_render_wrote_in_a_checked_folder_is_said_to_be_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered next to the postmortems, a page was reported as a postmortem without front
    matter, with the advice to add its fields."""
    from helpers import EXAMPLES

    monkeypatch.chdir(tmp_path)
    example = EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md"
    assert main(["render", "-o", "out/page.md", str(example)]) == 0
    capsys.readouterr()
    assert main(["check", "--now", "2026-11-25", "out/"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        "out/page.md:1:1: PM007 this is a page 'pmkit render' wrote, not a postmortem (it has no YAML front "
        "matter) (empty-file)",
        "    hint: Render into a folder pmkit does not check ('pmkit render -o' elsewhere), or leave the "
        "page out of the check with 'exclude' in [tool.pmkit]."]
