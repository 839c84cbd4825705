"""Markdown read as a reader sees it, with what the last rounds left: a link reference
definition whose title or label runs over several lines, footnote references between two words,
and "_" inside words."""

from __future__ import annotations

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"

Found = list[tuple[str, int, int, int | None, int | None, str]]

_HUMAN_ERROR = '"human error" frames the incident as human error'


def _summary(text: str) -> Found:
    """The blameless findings of a summary whose first line is line 12."""
    found = run(_FRONT + "\n## Summary\n\n" + text + "\n", select=["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


def _lessons(body: str) -> object:
    """The lessons a Markdown body under "## What went wrong" gives."""
    doc = parse_text(_FRONT + "\n## What went wrong\n\n" + body, "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    return doc.data.get("lessons")


# --- a link reference definition over more than two lines --------------------------------------


@pytest.mark.parametrize("definition", [
    "[pm-42]: https://x.example (Postmortem 42\nwas human error\nin June)",  # its title over three lines
    "[pm-42]: https://x.example\n(Postmortem 42\nwas human error)",  # begun on a line of its own
    "[pm\n42\nhuman]:\nhttps://x.example\n(human error)",  # its label over three lines
])
def test_a_definition_over_several_lines_is_not_read_as_prose(definition: str) -> None:
    # The lines after its second were read as text: a PM301 the page does not show.
    assert _summary(f"It was fine.\n\n{definition}") == []


def test_a_title_never_closed_leaves_its_lines_text() -> None:
    # CommonMark reads "[a]: /url" as a definition only with a title that ends: here the
    # lines are a paragraph, shown as written.
    assert _summary("It was fine.\n\n[a]: /url (first\nIt was human error") == [
        ("PM301", 15, 8, 15, 19, _HUMAN_ERROR)]


def test_a_line_after_a_definition_over_three_lines_is_text() -> None:
    assert _summary("It was fine.\n\n[a\nb\nc]: /url\nIt was human error") == [
        ("PM301", 17, 8, 17, 19, _HUMAN_ERROR)]


def test_a_title_over_three_lines_is_no_lesson() -> None:
    # Its lines were a lesson: "[pm-42]: https://x.example 'Postmortem 42 of June'".
    body = "The deploy went out.\n\n[pm-42]: https://x.example 'Postmortem\n42\nof June'\n\nCache was cold.\n"
    assert _lessons(body) == {"went_wrong": ["The deploy went out.", "Cache was cold."]}


def test_definition_lines_span_every_line_of_the_definition() -> None:
    from pmkit.markdown import definition_lines

    text = "[a]: /x 'A\nB\nC'\n[b\nc\nd]: /y\nText"
    assert [text[start:end] for start, end in definition_lines(text)] == [
        "[a]: /x 'A\nB\nC'", "[b\nc\nd]: /y"]


# --- a footnote reference between two words ----------------------------------------------------


@pytest.mark.parametrize(("text", "end"), [
    ("It was human[^1] error.\n\n[^1]: As the ticket says.", 23),
    ("It was human [^1] error.\n\n[^1]: As the ticket says.", 24),  # (one blank between the words)
    ("It was human[^Note] error.\n\n[^note]: As the ticket says.", 26),  # (labels as CommonMark compares)
    ("It was human[^1] error.\n\n[pm-42]: https://x.example\n[^1]: As the ticket says.", 23),
])
def test_a_footnote_reference_between_two_words_shows_no_word(text: str, end: int) -> None:
    # GitHub shows "human¹ error": the phrase was cut apart by the reference's brackets.
    assert _summary(text) == [("PM301", 12, 8, 12, end, _HUMAN_ERROR)]


@pytest.mark.parametrize("text", [
    "It was human[^1] error.",  # no footnote "1": GitHub shows "[^1]" as written
    "It was human[^2] error.\n\n[^1]: As the ticket says.",
    "It was `human[^1] error`.\n\n[^1]: As the ticket says.",  # code shows it as written
])
def test_a_reference_to_no_footnote_is_text(text: str) -> None:
    assert _summary(text) == []


def test_a_footnote_s_text_is_still_read() -> None:
    assert _summary("It was fine[^1].\n\n[^1]: It was human error.") == [
        ("PM301", 14, 14, 14, 25, _HUMAN_ERROR)]


def test_footnotes_are_among_a_text_s_labels() -> None:
    from pmkit.markdown import link_labels

    assert link_labels("[a]: https://x\n[^Note]: Seen on 6 June.") == {"a", "^note"}


# --- "_" inside a word -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ("It was hu_man_ error.", "It was hu_man_ error."),  # the "_" inside the word opens nothing
    ("It was _hu_man error.", "It was _hu_man error."),  # nor closes anything
    ("It was _hu_man_ error.", "It was hu_man error."),
    ("_It was hu_man_ error", "It was hu_man error"),  # its partner a few words before
    ("x _a_b y\n\nz_c_ w", "x _a_b y\n\nz_c_ w"),  # a paragraph apart: no pair
    ("It was _human_ error.", "It was human error."),  # no "_" inside the word: as before
])
def test_an_underscore_at_a_word_s_edge_pairs_as_commonmark_reads_it(text: str, shown: str) -> None:
    from pmkit.prose.shown import as_shown

    assert as_shown(text)[0] == shown


def test_a_trailing_underscore_after_an_underscored_word_is_quoted_as_shown() -> None:
    # The message quoted "on_call engineer", a word the page does not show.
    assert _summary("The on_call_ engineer should have checked it.") == [
        ("PM302", 12, 23, 12, 42,
         '"should have checked" is a hindsight counterfactual about "on_call_ engineer"')]
    assert _summary("The _on_call_ engineer should have checked it.") == [
        ("PM302", 12, 24, 12, 43,
         '"should have checked" is a hindsight counterfactual about "on_call engineer"')]
