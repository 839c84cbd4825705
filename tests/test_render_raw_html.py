"""The Markdown page passes author HTML on only where it can run nothing and leaves nothing open:
a site generator (MkDocs, Jekyll, Hugo) hands it to the reader's browser as it is."""

from __future__ import annotations

import pytest

from pmkit.api import loads
from pmkit.render import render


def _summary(summary: str, lessons: list[str] | None = None) -> str:
    lines = "\n".join("  " + line if line else "" for line in summary.split("\n"))
    text = f"pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\nsummary: |\n{lines}\n"
    if lessons:
        text += "lessons:\n  went_well:\n" + "".join(f"    - '{lesson}'\n" for lesson in lessons)
    return render(loads(text), "md")


def _shown(summary: str) -> str:
    return _summary(summary).split("## Summary\n\n", 1)[1]


@pytest.mark.parametrize(("written", "shown"), [
    # "<div>" alone on a line starts a block of raw HTML, where "\<img" was a live tag after a
    # backslash: "&lt;" is text everywhere.
    ("<div>\n<img src=x onerror=alert(1)>\n</div>", "<div>\n&lt;img src=x onerror=alert(1)>\n</div>\n"),
    # Inside such a block backticks make no code span, and "```" no code block.
    ("<div>`<img src=x onerror=alert(1)>`</div>", "<div>`&lt;img src=x onerror=alert(1)>`</div>\n"),
    ("<div>\n```\n<img src=x onerror=alert(1)>\n```\n</div>",
     "<div>\n```\n&lt;img src=x onerror=alert(1)>\n```\n</div>\n"),
    # Outside one they do, and a tag there is code, as written.
    ("Run `<img src=x onerror=alert(1)>` to see it.", "Run `<img src=x onerror=alert(1)>` to see it.\n"),
    # An element left open is closed at the end of the text, not at the end of the page.
    ("Some <b>bold claim\n\nand more.", "Some <b>bold claim\n\nand more.\n</b>\n"),
    ("Mixed <b><i>x</b></i> end", "Mixed <b><i>x</b>&lt;/i> end\n"),
    # <pre> starts a block that only </pre> ends, past blank lines and the next sections.
    ("A <pre>block\n\nafter</pre>", "A &lt;pre>block\n\nafter&lt;/pre>\n"),
    ("Run <?php echo 1; and <![CDATA[ x", "Run &lt;?php echo 1; and &lt;![CDATA[ x\n"),
    # What GitHub shows as written stays so: a collapsed section around a code block.
    ("<details>\n<summary>Logs</summary>\n\n```\nlog <img src=x>\n```\n\n</details>",
     "<details>\n<summary>Logs</summary>\n\n```\nlog <img src=x>\n```\n\n</details>\n"),
])
def test_author_html_in_the_summary(written: str, shown: str) -> None:
    assert _shown(written) == shown


def test_a_lesson_leaves_no_comment_or_element_open() -> None:
    page = _summary("x", ["<!-- todo: fill in", "a <!-- hidden --> b", "<b>open",
                          "<div><img src=x onerror=alert(2)>"])
    assert page.split("### What went well\n\n", 1)[1] == (
        "- &lt;!-- todo: fill in\n- a &lt;!-- hidden --> b\n- <b>open</b>\n"
        "- <div>&lt;img src=x onerror=alert(2)></div>\n")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_bidi_override_left_open_in_one_value_does_not_reverse_the_next(fmt: str) -> None:
    # U+202E (right-to-left override) at the end of one author displayed ", Alice" reversed; in
    # an approval, the role and time of someone else's sign-off. It is ended (U+202C) where the
    # value ends; one the value ends itself is left as written.
    text = ("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\n"
            'authors: ["Mallory \\u202e", "Alice", "\\u2067Dana\\u2069"]\n'
            'approvals:\n  - {by: "Eve\\u202e", role: CISO, at: 2026-01-02T10:00:00Z}\n')
    page = render(loads(text), fmt)
    assert "Mallory \u202e\u202c, Alice, \u2067Dana\u2069" in page
    assert "Eve\u202e\u202c (CISO), 2026-01-02 10:00" in page
