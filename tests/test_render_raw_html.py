"""The Markdown page passes no author HTML on, and what a text leaves open does not run on into
the page's next sections: a site generator (MkDocs, Jekyll, Hugo) hands raw HTML to the reader's
browser as it is."""

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
    # "<div>" alone on a line started a block of raw HTML, where "\\<img" was a live tag after a
    # backslash, and backticks and fences made no code: no "<" of the author's is passed on.
    ("<div>\n<img src=x onerror=alert(1)>\n</div>", "&lt;div>\n&lt;img src=x onerror=alert(1)>\n&lt;/div>\n"),
    ("<div>\\<img src=x onerror=alert(1)>", "&lt;div>&lt;img src=x onerror=alert(1)>\n"),
    # A fence inside the block is its text, as ``pmkit check`` reads it: no code, no "<" passed on.
    ("<div>\n```\n<img src=x onerror=alert(1)>\n```\n</div>",
     "&lt;div>\n\\```\n&lt;img src=x onerror=alert(1)>\n\\```\n&lt;/div>\n"),
    # Quotes, backticks and "<" inside a tag's attributes, and names a browser takes for a tag's.
    ('x <img alt="<" onerror=alert(1) src=x>', 'x &lt;img alt="&lt;" onerror=alert(1) src=x>\n'),
    ('<b title=">" onmouseover=alert(1)>x', '&lt;b title=">" onmouseover=alert(1)>x\n'),
    ('<div><x" tabindex=1 autofocus onfocus=alert(1)>',
     '&lt;div>&lt;x" tabindex=1 autofocus onfocus=alert(1)>\n'),
    # A code span that holds a "<" is pmkit's own HTML: the same text, each character an entity.
    ("Run `<img src=x onerror=alert(1)>` to see it.",
     "Run <code>&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;</code> to see it.\n"),
    ('x <b title="`"><img src=x onerror=alert(1)>`', 'x &lt;b title="<code>&#34;&#62;&#60;img src&#61;x '
     'onerror&#61;alert&#40;1&#41;&#62;</code>\n'),
    ("`x\n<?php`", "<code>x &#60;&#63;php</code>\n"),
    # Nothing left open runs on: "<pre>", "<div" never closed, a comment never closed.
    ("A <pre>block\n\nafter</pre>", "A &lt;pre>block\n\nafter&lt;/pre>\n"),
    ("<div", "&lt;div\n"),
    ("Run <?php echo 1; and <![CDATA[ x", "Run &lt;?php echo 1; and &lt;![CDATA[ x\n"),
    # A fence left open in a list item is closed inside the item, not at the left margin, where
    # it ended the list and opened a code block of its own to the end of the page.
    ("- step one\n  ```\n  kubectl rollout undo", "- step one\n  ```\n  kubectl rollout undo\n  ```\n"),
    # A line less indented than a fence in a list item ends the item and the code: no code then.
    ("- step\n  ```\n<img src=x onerror=alert(1)>", "- step\n  ```\n&lt;img src=x onerror=alert(1)>\n"),
    # Links to addresses that could run script, however written: text.
    ("[a [b] c](javascript:alert(1))", "[a [b] c\\](javascript:alert(1))\n"),
    ("[a\\]b](javascript:alert(1))", "[a\\]b\\](javascript:alert(1))\n"),
    ("> [r]: javascript:alert(1)\n\n[x][r]", "> [r\\]: javascript:alert(1)\n\n[x][r]\n"),
    ("[r]:\njavascript:alert(1)\n\n[x][r]", "[r\\]:\njavascript:alert(1)\n\n[x][r]\n"),
    # An attribute list (Jekyll's kramdown, MkDocs' attr_list) sets the attributes of the element
    # before it: "{" is written "\\{", outside code.
    ('The rollback worked.\n{: onclick="alert(1)"}', 'The rollback worked.\n\\{: onclick="alert(1)"}\n'),
    ("Set `{replicas: 3}` in {the} chart.", "Set `{replicas: 3}` in \\{the} chart.\n"),
    # A code span over several lines is one on the page: the paragraphs after it are still made
    # safe (they were read at the text's old lines, and one ran past the end: an internal error).
    ("We ran `kubectl logs\n<pod>` on each pod.\n\n<img src=x onerror=alert(1)>",
     "We ran <code>kubectl logs &#60;pod&#62;</code> on each pod.\n\n&lt;img src=x onerror=alert(1)>\n"),
    ("a `x<y\nm\nz` b\n\nc\nd", "a <code>x&#60;y m z</code> b\n\nc\nd\n"),
    # Code in a nested list item, in a quote, and indented code are code, as written.
    ("- step\n  - sub\n    ```\n    kubectl logs <pod> -n prod\n    ```\n- next <b>",
     "- step\n  - sub\n    ```\n    kubectl logs <pod> -n prod\n    ```\n- next &lt;b>\n"),
    ("> ```\n> if (a < b) { return; }\n> ```\n\nafter <i>",
     "> ```\n> if (a < b) { return; }\n> ```\n\nafter &lt;i>\n"),
    ("> quote\n> ```\n> <b>x", "> quote\n> ```\n> <b>x\n> ```\n"),
    ("Code:\n\n    if (a < b) { return x; }\n\nafter <i>",
     "Code:\n\n    if (a < b) { return x; }\n\nafter &lt;i>\n"),
    # Indented under a lazy line of a list item, or right after text, it is no code.
    ("- a\nlazy\n\n    <img src=x onerror=alert(1)>", "- a\nlazy\n\n    &lt;img src=x onerror=alert(1)>\n"),
    ("text\n    ```\n    <img src=x onerror=alert(1)>",
     "text\n    ```\n    &lt;img src=x onerror=alert(1)>\n"),
    # A log line in a code span is no link definition.
    ("The log said `[2023-06-05 14:02:11]: error: connection refused`.",
     "The log said `[2023-06-05 14:02:11]: error: connection refused`.\n"),
    # What is safe stays as written: links to pages, autolinks, code without "<", fenced code.
    ("See <https://status.example.com>, [the runbook](../runbooks/db.md) and `kubectl get pods`.",
     "See <https://status.example.com>, [the runbook](../runbooks/db.md) and `kubectl get pods`.\n"),
    ("Logs:\n\n```\n<error code=5>\n```", "Logs:\n\n```\n<error code=5>\n```\n"),
])
def test_author_html_in_the_summary(written: str, shown: str) -> None:
    assert _shown(written) == shown


def test_a_lesson_passes_no_html_on() -> None:
    page = _summary("x", ["<!-- todo: fill in", "a <!-- hidden --> b", "<b>open",
                          "<div><img src=x onerror=alert(2)>"])
    assert page.split("### What went well\n\n", 1)[1] == (
        "- &lt;!-- todo: fill in\n- a &lt;!-- hidden --> b\n- &lt;b>open\n"
        "- &lt;div>&lt;img src=x onerror=alert(2)>\n")


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


def test_a_title_with_an_attribute_list_is_text() -> None:
    text = ("pmkit: 1\nid: x\ntitle: 'Outage {: onclick=alert(1)}'\nstatus: draft\nlang: en\n"
            "severity: SEV4\n")
    assert render(loads(text), "md").startswith("# Outage \\{: onclick=alert(1)\\}\n")
