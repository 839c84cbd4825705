"""What an author's text holds stays in its place on both pages: an HTML block shows what it
holds as text, a code fence closes where CommonMark closes it, a field's headings stay under its
section, a lesson stays one item, a link definition over two lines is a definition, and control
characters are left out of code spans too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pmkit.cli import main

Out = pytest.CaptureFixture[str]

_FRONT = ("---\npmkit: 1\nid: t\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV4\nowner: lead\n"
          "impact:\n  description: REAL IMPACT\n---\n\n## Summary\n\nIntro.\n\n")


def _render(tmp_path: Path, capsys: Out, name: str, text: str, fmt: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _body(tmp_path: Path, capsys: Out, body: str, fmt: str) -> str:
    return _render(tmp_path, capsys, "pm.md", _FRONT + body, fmt)


def _yaml(tmp_path: Path, capsys: Out, fmt: str, **fields: Any) -> str:
    doc = {"pmkit": 1, "id": "t", "title": "T", "status": "draft", "lang": "en", "severity": "SEV4",
           "owner": "lead", **fields}
    return _render(tmp_path, capsys, "pm.yaml", json.dumps(doc, ensure_ascii=False), fmt)


# --- an HTML block ------------------------------------------------------------------------------

_PRE = "<pre>\nlog\n\n## Impact\n\nNobody was affected.\n\n- [x] AI1 done\n</pre>\n\nAfter.\n"


def test_a_pre_block_is_code_on_the_markdown_page(tmp_path: Path, capsys: Out) -> None:
    page = _body(tmp_path, capsys, _PRE, "md")
    assert ("Intro.\n\n```\n<pre>\nlog\n\n## Impact\n\nNobody was affected.\n\n- [x] AI1 done\n"
            "</pre>\n```\n\nAfter.\n\n## Impact\n\nREAL IMPACT\n") in page
    assert page.count("## Impact") == 2 and "&lt;pre>" not in page


def test_a_pre_block_is_code_on_the_html_page(tmp_path: Path, capsys: Out) -> None:
    page = _body(tmp_path, capsys, _PRE, "html")
    assert ("<p>Intro.</p>\n<pre><code>&lt;pre&gt;\nlog\n\n## Impact\n\nNobody was affected.\n\n"
            "- [x] AI1 done\n&lt;/pre&gt;</code></pre>\n<p>After.</p>\n<h2>Impact</h2>\n"
            "<p>REAL IMPACT</p>") in page
    assert page.count("<h2>Impact</h2>") == 1 and "checkbox" not in page


@pytest.mark.parametrize("tag", ["script", "style", "textarea"])
def test_other_preformatted_blocks_are_code(tmp_path: Path, capsys: Out, tag: str) -> None:
    body = f"<{tag}>\nx = 1\n\n## Action items\n</{tag}>\n"
    page = _body(tmp_path, capsys, body, "md")
    assert f"```\n<{tag}>\nx = 1\n\n## Action items\n</{tag}>\n```\n" in page
    page = _body(tmp_path, capsys, body, "html")
    assert f"<pre><code>&lt;{tag}&gt;\nx = 1\n\n## Action items\n&lt;/{tag}&gt;</code></pre>" in page
    assert "<h2>Action items</h2>" not in page


def test_a_pre_block_in_a_list_item_and_in_a_quote(tmp_path: Path, capsys: Out) -> None:
    body = "- step\n\n  <pre>\n  ## x\n\n  - [x] y\n  </pre>\n\n> <pre>\n> # q\n> </pre>\n"
    page = _body(tmp_path, capsys, body, "md")
    assert ("- step\n\n  ```\n  <pre>\n  ## x\n\n  - [x] y\n  </pre>\n  ```\n\n"
            "> ```\n> <pre>\n> # q\n> </pre>\n> ```\n") in page
    page = _body(tmp_path, capsys, body, "html")
    assert "<li>step<pre><code>&lt;pre&gt;\n## x\n\n- [x] y\n&lt;/pre&gt;</code></pre></li>" in page
    assert "<blockquote><pre><code>&lt;pre&gt;\n# q\n&lt;/pre&gt;</code></pre></blockquote>" in page
    assert "checkbox" not in page


def test_a_heading_right_under_a_div_is_the_blocks_text(tmp_path: Path,
                                                          capsys: Out) -> None:
    body = '<div align="center">\n## Impact\n- [x] done\nNobody was affected.\n</div>\n\nAfter.\n'
    page = _body(tmp_path, capsys, body, "md")
    assert ('&lt;div align="center">\n\\## Impact\n\\- [x] done\nNobody was affected.\n'
            '&lt;/div>\n\nAfter.') in page
    assert page.count("## Impact") == 2
    page = _body(tmp_path, capsys, body, "html")
    assert ("<p>&lt;div align=&quot;center&quot;&gt; ## Impact - [x] done Nobody was affected. "
            "&lt;/div&gt;</p>\n<p>After.</p>") in page
    assert page.count("<h2>Impact</h2>") == 1


# --- a code fence -------------------------------------------------------------------------------

_INDENTED_FENCE = "Intro.\n\n   ```\ncode\n```\n\nAfter the code."


def test_a_fence_closed_less_indented_than_it_opened(tmp_path: Path, capsys: Out) -> None:
    page = _yaml(tmp_path, capsys, "md", summary=_INDENTED_FENCE, impact={"description": "REAL IMPACT"})
    assert ("## Summary\n\nIntro.\n\n   ```\ncode\n```\n\nAfter the code.\n\n"
            "## Impact\n\nREAL IMPACT\n") in page
    page = _body(tmp_path, capsys, "  ```\ncode\n```\n\nAfter the code.\n", "md")
    assert "Intro.\n\n  ```\ncode\n```\n\nAfter the code.\n\n## Impact\n\nREAL IMPACT\n" in page
    page = _yaml(tmp_path, capsys, "html", summary=_INDENTED_FENCE, impact={"description": "REAL IMPACT"})
    assert "<p>Intro.</p>\n<pre><code>code</code></pre>\n<p>After the code.</p>\n<h2>Impact</h2>" in page


def test_a_fence_in_a_list_item_ends_with_the_item(tmp_path: Path, capsys: Out) -> None:
    # At the left margin, "```" ends the item and opens a fence of its own, closed at the end.
    page = _yaml(tmp_path, capsys, "md", summary="- step\n  ```\n  code\n```\nx")
    assert "## Summary\n\n- step\n  ```\n  code\n```\nx\n```\n" in page


@pytest.mark.parametrize("closing", ["```x", "``", "~~~"])
def test_what_does_not_close_a_fence(tmp_path: Path, capsys: Out, closing: str) -> None:
    page = _yaml(tmp_path, capsys, "md", summary=f"```\ncode\n{closing}\nmore")
    assert f"## Summary\n\n```\ncode\n{closing}\nmore\n```\n" in page


# --- headings in a field --------------------------------------------------------------------------

_HEADINGS = "Intro.\n\n# Fake\n\n## Impact\n\nText.\n\n```sh\n# a comment\n```\n\nUnderlined\n==="


def test_a_fields_headings_go_below_its_section(tmp_path: Path, capsys: Out) -> None:
    fields = {"summary": _HEADINGS, "impact": {"description": "#### Four\n\n###### Six"}}
    page = _yaml(tmp_path, capsys, "md", **fields)
    assert ("## Summary\n\nIntro.\n\n### Fake\n\n#### Impact\n\nText.\n\n```sh\n# a comment\n```\n\n"
            "Underlined\n\\===\n\n## Impact\n\n#### Four\n\n###### Six\n") in page
    assert page.count("\n## Impact") == 1 and "\n# Fake" not in page
    page = _yaml(tmp_path, capsys, "html", **fields)
    assert ("<h2>Summary</h2>\n<p>Intro.</p>\n<h3>Fake</h3>\n<h4>Impact</h4>\n<p>Text.</p>\n"
            "<pre><code># a comment</code></pre>\n<p>Underlined ===</p>\n<h2>Impact</h2>\n<h4>Four</h4>\n"
            "<h6>Six</h6>") in page
    assert "<h1>Fake" not in page and page.count("<h2>Impact</h2>") == 1


def test_deep_headings_stop_at_six(tmp_path: Path, capsys: Out) -> None:
    page = _yaml(tmp_path, capsys, "md", summary="# One\n\n##### Five\n\n###### Six")
    assert "## Summary\n\n### One\n\n###### Five\n\n###### Six\n" in page
    page = _yaml(tmp_path, capsys, "html", summary="# One\n\n##### Five\n\n###### Six")
    assert "<h2>Summary</h2>\n<h3>One</h3>\n<h6>Five</h6>\n<h6>Six</h6>" in page


# --- lessons ------------------------------------------------------------------------------------

def test_a_lesson_that_starts_like_another_block_stays_one_item(tmp_path: Path,
                                                                capsys: Out) -> None:
    lessons = {"went_well": ["```js", "~~~", "---", "***", "___", "- - -", "[d]: https://a.example", "last"]}
    page = _yaml(tmp_path, capsys, "md", lessons=lessons)
    assert ("### What went well\n\n- \\```js\n- \\~~~\n- \\---\n- \\***\n- \\___\n- \\- - -\n"
            "- \\[d]: https://a.example\n- last\n") in page
    page = _yaml(tmp_path, capsys, "html", lessons=lessons)
    assert ('<ul><li>```js</li><li>~~~</li><li>---</li><li>***</li><li>___</li><li>- - -</li>'
            '<li>[d]: <a href="https://a.example">https://a.example</a></li><li>last</li></ul>') in page


# --- link definitions -----------------------------------------------------------------------------

_REFS = "See [the ticket][u] and [ok].\n\n[u]:\n  https://ok.example/u\n[ok]: https://ok.example/ok\n"


def test_a_definition_with_its_address_on_the_next_line(tmp_path: Path,
                                                         capsys: Out) -> None:
    page = _body(tmp_path, capsys, _REFS, "html")
    assert ('<p>See <a href="https://ok.example/u">the ticket</a> and <a href="https://ok.example/ok">ok</a>.</p>'
            "\n<h2>Impact</h2>") in page
    assert "[u]:" not in page
    page = _body(tmp_path, capsys, _REFS, "md")
    assert _REFS in page


def test_a_definition_over_two_lines_to_a_script_is_no_link(tmp_path: Path,
                                                             capsys: Out) -> None:
    page = _body(tmp_path, capsys, "See [x][u].\n\n[u]:\n  javascript:alert(1)\n", "html")
    assert "<p>See [x][u].</p>\n<h2>Impact</h2>" in page and 'href="javascript' not in page


# --- control characters ---------------------------------------------------------------------------

def test_control_characters_in_a_code_span_are_left_out(tmp_path: Path,
                                                         capsys: Out) -> None:
    fields = {"summary": "Ran `cat <f>\x1b[31m\x07` then", "lessons": {"went_well": ["`a<b\x1b[2J\x07`"]}}
    page = _yaml(tmp_path, capsys, "md", **fields)
    assert "Ran <code>cat &#60;f&#62;&#91;31m</code> then" in page
    assert "- <code>a&#60;b&#91;2J</code>\n" in page
    assert "&#27;" not in page and "&#7;" not in page and "\x1b" not in page
    page = _yaml(tmp_path, capsys, "html", **fields)
    assert "<p>Ran <code>cat &lt;f&gt;[31m</code> then</p>" in page and "\x1b" not in page
