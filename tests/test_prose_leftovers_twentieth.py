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


# --- a block quote between two list items -----------------------------------------------------------

_BETWEEN = "- The deploy went out.\n> - bob: it was human error\n- It was human error.\n"


def test_a_quote_between_list_items_ends_the_list_and_is_in_no_lesson() -> None:
    # (pinned) CommonMark: the ">" line is not indented into the item, and no lazy line (that
    # is only for a paragraph's text), so it starts a block quote after the list, and "- It..."
    # starts a new list after the quote. A section with a list has one lesson per item, as
    # it has none for a paragraph between two lists.
    doc = parse_text(_md("\n## What went wrong\n\n" + _BETWEEN), "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    assert doc.data["lessons"] == {"went_wrong": ["The deploy went out.", "It was human error."]}
    span = doc.value_spans[("lessons", "went_wrong", 1)]
    assert (span.line, span.col, span.end_line, span.end_col) == (14, 3, 14, 22)


@pytest.mark.parametrize("heading", ["What went wrong", "Summary"])
def test_a_quote_between_list_items_is_read_as_a_quote(heading: str) -> None:
    # the quoted words are bob's, the item's after it the author's
    found = run(_md(f"\n## {heading}\n\n" + _BETWEEN), select=["PM301"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in found] == [("PM301", 14, 10, 14, 21)]


def test_an_item_after_a_quote_is_no_lazy_line_of_it() -> None:
    from pmkit.markdown import _classified

    lines = ["- a", "> - b", "lazy", "- c"]
    quoted = [blocks.quote is not None for _, _, blocks in _classified(lines)]
    assert quoted == [False, True, True, False]


@pytest.mark.parametrize(("text", "shown"), [
    ("- The deploy went out\n> bob: the flag was off\n- Cache",
     ["- The deploy went out", "> bob: the flag was off", "- Cache"]),
    ("The flag was off\n> bob: late\nlazy line", ["The flag was off", "> bob: late\nlazy line"]),
    ("- The deploy went out\n  > bob: the flag was off",
     ["- The deploy went out", "> bob: the flag was off"]),
    ("> a\n> b", ["> a\n> b"]),  # (guard) one quote's paragraph
    ("latency x > y\nand z", ["latency x > y\nand z"]),  # (guard) a ">" in the line is no quote
])
def test_a_quote_under_a_line_of_text_starts_a_sentence(text: str, shown: list[str]) -> None:
    # "- The deploy went out⏎> bob: ..." was one sentence: CommonMark shows an item and a quote.
    from pmkit.readability import sentences

    assert [text[start:end] for start, end in sentences(text)] == shown


def test_a_long_quote_under_an_item_is_not_added_to_the_item() -> None:
    words = " and".join([" the flag was off"] * 5)  # 20 words
    text = f"- The deploy went out and{words}\n> bob: the cache was cold and{words}"
    assert _summary(text, ["PM502"]) == []


# --- a list number in a block quote ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ("> 1. One thing", ["> 1. One thing"]),  # was "> 1." and "One thing"
    ("> > 2. One thing. Other things.", ["> > 2. One thing.", "Other things."]),
    ("> - 1. One thing", ["> - 1. One thing"]),
    ("- 12. One thing", ["- 12. One thing"]),
    ("> 1. One thing\n> 2. Other", ["> 1. One thing", "> 2. Other"]),
    ("> It dropped to 2. We fixed it.", ["> It dropped to 2.", "We fixed it."]),  # (guard) a last word
])
def test_a_list_number_in_a_block_quote_is_no_sentence_end(text: str, shown: list[str]) -> None:
    from pmkit.readability import sentences

    assert [text[start:end] for start, end in sentences(text)] == shown


# --- root-cause framing read as shown --------------------------------------------------------------

_ROOT = "' frames the incident as having a single root cause"


@pytest.mark.parametrize(("text", "end", "phrase"), [
    ("The root *cause* was a bug.", 21, "The root cause was"),
    ("The **root cause** was a bug.", 23, "The root cause was"),
    ("The [root cause](https://x.example) was a bug.", 40, "The root cause was"),
    ("The [root cause][rc] was a bug.\n\n[rc]: https://x.example", 25, "The root cause was"),
    ("The root cause&nbsp;was a bug.", 24, "The root cause was"),
    ("The root cause was a bug.", 19, "The root cause was"),  # (guard) as written
])
def test_a_root_cause_phrase_is_found_as_shown_and_placed_as_written(text: str, end: int,
                                                                    phrase: str) -> None:
    # Only the text as written was searched: "root *cause* was" and "[root cause](x) was" passed.
    assert _summary(text, ["PM703"]) == [("PM703", 12, 1, 12, end, f"'{phrase}" + _ROOT)]


def test_a_german_root_cause_phrase_with_emphasis_is_found() -> None:
    assert _summary("Die **Hauptursache** war ein Bug.", ["PM703"], lang="de") == [
        ("PM703", 12, 1, 12, 25, "'Die Hauptursache war" + _ROOT)]


@pytest.mark.parametrize("text", [
    "The root cause was *not* the database.",  # a denial, as "was not" is
    "The status page said 'the root *cause* was the CDN'.",  # a quote
    "`The root cause was` was the old heading.",  # code
    "The [root cause] was a bug.",  # no label defined: the brackets are shown
    "The root cause was a [bug](https://x.example/the-root-cause-was).",  # (guard) one finding
])
def test_a_root_cause_phrase_as_shown_keeps_its_exceptions(text: str) -> None:
    found = _summary(text, ["PM703"])
    assert found == ([("PM703", 12, 1, 12, 19, "'The root cause was" + _ROOT)] if "[bug]" in text else [])


# --- blame phrases written in ways a reader does not see ------------------------------------------

_HUMAN = '"human error" frames the incident as human error'


@pytest.mark.parametrize(("text", "end"), [
    ("It was hu*man* error.", 21),  # was "hu*man error": the star inside the word was kept
    ("It was hu**man** error.", 23),
    ("It was *hu*man error.", 21),
])
def test_stars_inside_a_word_are_emphasis_where_they_pair(text: str, end: int) -> None:
    assert _summary(text) == [("PM301", 12, 8, 12, end, _HUMAN)]


@pytest.mark.parametrize(("text", "shown"), [
    ("Die *Haupt*ursache war", "Die Hauptursache war"),  # was "Haupt*ursache"
    ("a*b*c and 2*3*4", "abc and 234"),  # as CommonMark shows them: a<em>b</em>c
    ("2*3 = 6, a*b", "2*3 = 6, a*b"),  # a star alone in a word is shown as written
    ("2\\*3\\*4", "2*3*4"),  # escaped stars are no emphasis
    ("snake_case_name", "snake_case_name"),  # nor are underscores inside a word
])
def test_stars_inside_a_word_read_as_shown(text: str, shown: str) -> None:
    from pmkit.prose.shown import as_shown

    assert as_shown(text)[0] == shown


def test_a_german_root_cause_with_stars_inside_the_word_is_found() -> None:
    assert _summary("Die *Haupt*ursache war ein Bug.", ["PM703"], lang="de") == [
        ("PM703", 12, 1, 12, 23, "'Die Hauptursache war" + _ROOT)]


@pytest.mark.parametrize(("text", "end"), [
    ("Es war Menschliches-Versagen.", 29),  # was not found: only a blank was read between
    ("Es war menschliches-Versagen.", 29),
    ("Es war ein Menschliches-Versagen-Problem.", 33),
])
def test_a_hyphenated_menschliches_versagen_is_human_error(text: str, end: int) -> None:
    start = text.lower().index("menschliches") + 1
    found = _summary(text, lang="de")
    assert [(code, line, col, end_col) for code, line, col, _, end_col, _ in found] == [
        ("PM301", 12, start, end)]
    assert found[0][5] == f'"{text[start - 1:end - 1]}" frames the incident as human error'


def test_a_hyphen_in_another_compound_is_no_human_error() -> None:
    assert _summary("Es war menschlich-technisches Versagen der Kette.", lang="de") == []


@pytest.mark.parametrize(("text", "where"), [
    # (pinned) each is read as shown: an inline tag, a soft hyphen, a zero-width joiner, a
    # non-breaking space and full-width letters split no phrase, and the finding covers it
    ("It was human <b>error</b>.", (8, 22)),
    ("It was <i>human error</i>.", (11, 22)),
    ("It was hu\u00adman error.", (8, 20)),
    ("It was hu&shy;man error.", (8, 24)),
    ("It was hu\u200dman error.", (8, 20)),
    ("It was human\u00a0error.", (8, 19)),
    ("It was \uff48\uff55\uff4d\uff41\uff4e \uff45\uff52\uff52\uff4f\uff52.", (8, 19)),
    ("It was human error[^1].\n\n[^1]: Per the review.", (8, 19)),  # a footnote after it
])
def test_blame_phrases_written_otherwise_are_found_where_written(text: str, where: tuple[int, int]) -> None:
    assert [(code, line, col, end_col) for code, line, col, _, end_col, _ in _summary(text)] == [
        ("PM301", 12, *where)]


@pytest.mark.parametrize("text", [
    # (pinned) quoted speech is not the author's judgement, in any quotation marks
    "Bob said \u201cit was human error\u201d.",
    'Bob said "it was human error".',
    "Bob said \u201eit was human error\u201c.",
    "Bob said \u2018it was human error\u2019.",
    "Bob said 'it was human error'.",
    "Bob said \u00bbit was human error\u00ab.",
])
def test_quoted_speech_in_any_quotation_marks_is_not_reported(text: str) -> None:
    assert _summary(text) == []


def test_a_footnotes_text_is_the_authors_prose() -> None:
    # (pinned) Markdown shows a footnote at the page's end: its words are read where written
    text = "It was fine.[^1]\n\n[^1]: It was human error."
    assert _summary(text) == [("PM301", 14, 14, 14, 25, _HUMAN)]


@pytest.mark.parametrize(("text", "found"), [
    # A block quote (a chat excerpt) is quoted, as the blameless rules read it: it was reported.
    ("> 14:02 alice: the root cause was the CDN", []),
    ("> - alice: The root cause was the CDN\n> - bob: no", []),
    # (guard) a GitHub alert is the author's callout
    ("> [!NOTE]\n> The root cause was a bug.", [("PM703", 13, 3, 13, 21, "'The root cause was" + _ROOT)]),
])
def test_a_root_cause_phrase_in_a_block_quote_is_quoted(text: str, found: Found) -> None:
    assert _summary(text, ["PM703"]) == found
