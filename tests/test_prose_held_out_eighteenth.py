"""Markdown read as a reader sees it, with inputs the last round's tests did not have: a line
that only looks like a link reference definition (in a code block, inside a paragraph) defines
no label."""

from __future__ import annotations

import pytest

from helpers import run

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"


def _md(body: str, lang: str = "en") -> str:
    return _FRONT.format(lang=lang) + body


def _summary(text: str, lang: str = "en") -> list[tuple[str, int, int, int | None, int | None, str]]:
    """The blameless findings of a summary whose first line is line 12."""
    found = run(_md("\n## Summary\n\n" + text + "\n", lang), select=["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


# --- lines that only look like a link reference definition ------------------------------------------

_LINKED = "The outage was caused by [human][pm-42] error."


@pytest.mark.parametrize("text", [
    # an example of the syntax in a fenced code block: code, shown as written, defines nothing
    _LINKED + "\n\n```\n[pm-42]: https://tracker.example.com/42\n```",
    _LINKED + "\n\n~~~markdown\n[PM-42]: https://tracker.example.com/42\n~~~",
    # a line of a paragraph: CommonMark's definition cannot interrupt one, it is more of its text
    "We kept the ticket open.\n[pm-42]: https://tracker.example.com/42\n\n" + _LINKED,
    _LINKED + "\n\n    [pm-42]: https://tracker.example.com/42",  # (guard) indented code, as before
])
def test_a_definition_in_code_or_inside_a_paragraph_defines_no_label(text: str) -> None:
    # The summary's own lines were each taken for a definition wherever they stood, so
    # "[human][pm-42] error" was read as the link "human error" (PM301) where Markdown shows the
    # brackets and no phrase.
    assert _summary(text) == []


def test_a_definition_after_code_still_defines_its_label() -> None:
    # (guard) a real definition after a code block that shows one
    text = _LINKED + "\n\n```\n[pm-42]: https://example\n```\n\n[pm-42]: https://tracker.example.com/42"
    assert [found[:5] for found in _summary(text)] == [("PM301", 12, 27, 12, 46)]


def test_link_labels_reads_the_text_as_markdown() -> None:
    from pmkit.markdown import link_labels

    assert link_labels("```\n[a]: https://x\n```") == frozenset()
    assert link_labels("Some text.\n[a]: https://x") == frozenset()
    assert link_labels("[a]: https://x\n[B  c]: <https://y> \"title\"\r\n\n[d]: z") == {"a", "b c", "d"}
