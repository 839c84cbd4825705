"""Markdown and prose read as a reader reads them, with what the last rounds left: a link
reference definition's title on a line of its own, a block quote that interrupts a list, list
markers in block quotes, root-cause phrases written with emphasis or a link, and blame phrases
written in ways a reader does not see."""

from __future__ import annotations

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"


def _md(body: str, lang: str = "en") -> str:
    return _FRONT.format(lang=lang) + body


Found = list[tuple[str, int, int, int | None, int | None, str]]


def _summary(text: str, select: list[str] | None = None, lang: str = "en") -> Found:
    """The findings (blameless ones unless ``select`` says) of a summary whose first line is
    line 12."""
    found = run(_md("\n## Summary\n\n" + text + "\n", lang), select=select or ["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


def _lessons(body: str) -> object:
    """The lessons a Markdown body under "## What went wrong" gives."""
    doc = parse_text(_md("\n## What went wrong\n\n" + body), "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    return doc.data.get("lessons")


# --- a link reference definition's title on the line after its destination -----------------------


@pytest.mark.parametrize("definition", [
    '[pm-42]: https://x.example/pm-42\n"Postmortem 42"',
    "[pm-42]: https://x.example/pm-42\n  'Postmortem 42'",
    "[pm-42]:\nhttps://x.example/pm-42\n(Postmortem 42)",  # its destination on a line of its own too
    "[pm\n42]: https://x.example/pm-42\n\"Postmortem 42\"",  # its label wrapped
])
def test_a_title_on_the_line_after_the_destination_is_no_lesson(definition: str) -> None:
    # The title's line was read as a paragraph of its own: a lesson '"Postmortem 42"'.
    body = f"The deploy went out.\n\n{definition}\n\nCache was cold.\n"
    assert _lessons(body) == {"went_wrong": ["The deploy went out.", "Cache was cold."]}


def test_a_title_on_a_line_of_its_own_is_not_read_as_prose() -> None:
    # Its words were read: a PM301 on line 15, which the page does not show.
    assert _summary("It was fine.\n\n[pm-42]: https://x.example\n(It was human error)") == []
    from pmkit.markdown import definition_lines

    text = "[a]: /x\n[b]: /y\n'B'\nText"
    assert [text[start:end] for start, end in definition_lines(text)] == ["[a]: /x", "[b]: /y\n'B'"]


@pytest.mark.parametrize(("definition", "shown"), [
    ('[pm-42]: https://x.example\n"Postmortem 42" ok', '"Postmortem 42" ok'),  # more after it: text
    ('[pm-42]: https://x.example "Postmortem"\n"42"', '"42"'),  # a title already: a second is text
])
def test_a_line_that_is_not_only_a_title_is_text(definition: str, shown: str) -> None:
    # (pinned) as CommonMark: the definition ends with its destination, and the line is a paragraph
    body = f"The deploy went out.\n\n{definition}\n\nCache was cold.\n"
    assert _lessons(body) == {"went_wrong": ["The deploy went out.", shown, "Cache was cold."]}
