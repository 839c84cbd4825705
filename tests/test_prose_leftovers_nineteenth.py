"""Markdown and prose read as a reader reads them, with what the last rounds left: brackets of
no defined label cost no reading, a heading inside a list item or a block quote is the item's
or the quote's, a quoted excerpt shows the text as shown, link reference definitions over two
lines, a backtick typed for an apostrophe at a word's start, and lists inside block quotes."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"


def _md(body: str, lang: str = "en") -> str:
    return _FRONT.format(lang=lang) + body


Found = list[tuple[str, int, int, int | None, int | None, str]]


def _summary(text: str, select: list[str] | None = None) -> Found:
    """The findings (blameless ones unless ``select`` says) of a summary whose first line is
    line 12."""
    found = run(_md("\n## Summary\n\n" + text + "\n"), select=select or ["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


def _data(text: str) -> dict[str, object]:
    doc = parse_text(text, "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    return doc.data


# --- brackets where no label is defined -----------------------------------------------------------


def _matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The characters each search for what Markdown shows otherwise matched at, from now on."""
    from pmkit.prose import shown

    seen: list[str] = []
    for name in ("_SQUEEZE_AHEAD", "_SQUEEZE_AHEAD_DEFINED"):
        pattern = getattr(shown, name)

        class Counted:
            def __init__(self, pattern: Any) -> None:
                self.pattern = pattern

            def finditer(self, text: str, pos: int = 0) -> Any:
                for found in self.pattern.finditer(text, pos):
                    seen.append(text[found.start(found.lastindex or 0)])
                    yield found

        monkeypatch.setattr(shown, name, Counted(pattern))
    return seen


def test_brackets_of_no_defined_label_are_not_matched_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # A megabyte of "[a] " was a million brackets matched as shortcut references and let be
    # (3.4 s where it had been 2.4 s): with no label defined, no "[a]" can be a link.
    from pmkit.prose.shown import as_shown

    seen = _matched(monkeypatch)
    assert as_shown("[a] " * 1000 + "[x](y) error")[0] == "[a] " * 1000 + "x error"
    assert seen.count("[") == 1 and seen.count("]") == 1  # the inline link's
    del seen[:]
    from pmkit.prose.shown import link_labels

    with link_labels(frozenset({"a"})):
        assert as_shown("[a] [b] " * 3)[0] == "a [b] " * 3
    assert seen.count("[") == 6  # where a label is defined, each may be a link


def test_a_shortcut_reference_is_still_read_where_the_text_defines_its_label() -> None:
    text = "The outage was caused by [human] error.\n\n[human]: https://x.example/glossary"
    assert _summary(text) == [("PM301", 12, 27, 12, 39, '"human error" frames the incident as human error')]


# --- a heading inside a list item or a block quote --------------------------------------------------

#: The lessons heading; the first item is on line 14.
_WRONG = "\n## Lessons\n\n### What went wrong\n\n"


@pytest.mark.parametrize("indent", ["  ", "   "])
def test_a_heading_indented_into_a_lesson_is_the_lessons_and_starts_no_section(indent: str) -> None:
    # "  ## Summary" under "- The deploy went out." (its text at column 3) is a heading inside
    # the item, as CommonMark shows it: it was a section, which took the item's next paragraph
    # for the summary and cut the lesson short.
    text = _md(_WRONG + f"- The deploy went out.\n\n{indent}## Summary\n\n  The engineer should have checked"
                        " the flag.\n- Cache was cold.\n")
    data = _data(text)
    assert "summary" not in data
    assert data["lessons"] == {"went_wrong": [
        "The deploy went out.\n\n## Summary\n\nThe engineer should have checked the flag.",
        "Cache was cold."]}
    found = run(text, select=["PM024", "PM3"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in found] == [
        ("PM024", 16, len(indent) + 1, 16, len(indent) + 11), ("PM302", 18, 16, 18, 35)]
    assert found[0].message == ("'## Summary' is a heading inside a list item, which starts no section, and"
                                " it fills no field: 'summary' is read from a heading outside lists and"
                                " block quotes")
    assert found[0].hint == ("Remove the indentation before the heading, to leave '## Summary' alone on"
                             " its line.")


def test_a_heading_indented_less_than_the_item_text_ends_the_list_and_is_a_section() -> None:
    # (guard) one space is less than the item's text column: the heading is outside the list.
    text = _md(_WRONG + "- The deploy went out.\n\n ## Summary\n\nThe engineer should have checked"
                        " the flag.\n")
    data = _data(text)
    assert data["summary"] == "The engineer should have checked the flag.\n"
    assert data["lessons"] == {"went_wrong": ["The deploy went out."]}
    assert [d.code for d in run(text, select=["PM024"], path="pm.md")] == []


def test_a_heading_in_a_numbered_item_is_the_items_up_to_its_text_column() -> None:
    # "10. " puts the text at column 5: a heading indented 3 is outside, 4 is inside (and not
    # indented code, which counts from the item's text).
    inside = _md("\n## Summary\n\nText.\n\n10. first\n\n    ## What went well\n\n    - it held\n")
    assert _data(inside)["summary"] == "Text.\n\n10. first\n\n    ## What went well\n\n    - it held\n"
    assert [(d.code, d.line, d.col, d.end_col) for d in run(inside, select=["PM024"], path="pm.md")] == [
        ("PM024", 16, 5, 22)]
    # (guard) indented four columns more than the item's text, it is code in the item
    code = _md("\n## Summary\n\nText.\n\n10. first\n\n        ## What went well\n")
    assert [d.code for d in run(code, select=["PM024"], path="pm.md")] == []
    outside = _md("\n## Lessons\n\n10. first\n\n   ### What went well\n\n- it held\n")
    assert _data(outside)["lessons"] == {"went_well": ["it held"]}


def test_a_heading_in_a_block_quote_starts_no_section() -> None:
    # (pinned: a quote's heading was the quote's already)
    text = _md("\n## Summary\n\nText.\n\n> ## What went wrong\n>\n> - it broke\n")
    assert _data(text)["summary"] == "Text.\n\n> ## What went wrong\n>\n> - it broke\n"
    assert [(d.code, d.line, d.col) for d in run(text, select=["PM024"], path="pm.md")] == [("PM024", 14, 1)]


# --- a backtick typed for an apostrophe at a word's start -----------------------------------------


@pytest.mark.parametrize(("text", "where"), [
    # The two backticks were taken for a code span: "Twas human error, " was code, unread.
    ("`Twas human error, `cause nobody checked.", (12, 7, 12, 18)),
    ("We paged `em and it was human error `cause of `x`.", (12, 25, 12, 36)),
    ("It was human error `til `tis fixed.", (12, 8, 12, 19)),
])
def test_a_backtick_for_an_apostrophe_at_a_words_start_opens_no_code(text: str,
                                                                     where: tuple[int, ...]) -> None:
    assert _summary(text) == [("PM301", *where, '"human error" frames the incident as human error')]


@pytest.mark.parametrize(("text", "spans", "codes"), [
    ("Set `cause` to human error.", [(4, 11)], ["PM301"]),
    ("Run `em.id` then human error `x`.", [(4, 11), (29, 32)], ["PM301"]),
    ("Set `cause=human error` now `twas`.", [(4, 23), (28, 34)], []),
])
def test_a_code_span_that_starts_with_such_a_word_is_still_code(text: str, spans: list[tuple[int, int]],
                                                                codes: list[str]) -> None:
    # (guards) "`cause`" closes at the word's end, "`em.id`" goes on as code: code spans all.
    from pmkit.markdown import code_spans

    assert list(zip(*code_spans(text), strict=True)) == spans
    assert [found[0] for found in _summary(text)] == codes


def test_an_apostrophe_at_a_words_start_is_read_before_a_counterfactual() -> None:
    assert _summary("`Twas the engineer who should have checked the flag.") == [
        ("PM302", 12, 24, 12, 43, '"should have checked" is a hindsight counterfactual about "engineer"')]


# --- a link reference definition on two lines -----------------------------------------------------


@pytest.mark.parametrize("definition", [
    "[human]:\nhttps://x.example/glossary",  # its destination on the next line
    "[human]:\n   <https://x.example/glossary> \"Glossary\"",
    "[Human\n]: https://x.example/glossary",  # its label wrapped
])
def test_a_definition_on_two_lines_defines_its_label(definition: str) -> None:
    # "[human] error" shows "human error" where the label is defined: it was not, so it passed.
    text = "The outage was caused by [human] error.\n\n" + definition
    assert _summary(text) == [("PM301", 12, 27, 12, 39, '"human error" frames the incident as human error')]


def test_a_definition_whose_label_wraps_is_not_read_as_prose() -> None:
    # Its lines ("[human", "error]: ...") were read as "human error": a finding on lines the
    # page does not show, next to the one where the text uses the label.
    text = "See the [Human Error] page.\n\n[human\nerror]: https://x.example/glossary \"Human error\""
    assert _summary(text) == [("PM301", 12, 10, 12, 21, '"Human Error" frames the incident as human error')]
    from pmkit.markdown import definition_lines, link_labels

    assert link_labels(text) == frozenset({"human error"})
    assert definition_lines(text) == [(29, 29 + len(text.split("\n\n")[1]))]


@pytest.mark.parametrize("text", [
    "It was [human] error.\n\n[human]:\n\nThe end.",  # a blank line: no destination
    "It was [human] error.\n\n[human]:\n## Impact",  # a heading is no destination
    "It was [human] error.\nSee [human]:\nhttps://x.example",  # inside a paragraph: text
])
def test_a_label_with_no_destination_under_it_defines_nothing(text: str) -> None:
    from pmkit.markdown import link_labels

    assert link_labels(text) == frozenset()
    assert _summary(text) == []  # "[human] error" is shown with its brackets: no "human error"


def test_a_two_line_definition_among_lessons_paragraphs_is_no_lesson() -> None:
    text = _md("\n## What went wrong\n\nThe deploy went out.\n\n[pm-42]:\nhttps://x.example/pm-42\n\n"
               "[cache\nnotes]: https://x.example/cache\n\nCache was cold.\n")
    assert _data(text)["lessons"] == {"went_wrong": ["The deploy went out.", "Cache was cold."]}


# --- a quoted excerpt shows the text as shown -----------------------------------------------------

_VAGUE = "': the impact section gives no number of affected users, customers or requests"


@pytest.mark.parametrize(("text", "where", "phrase"), [
    # The message quoted the written text between the finding's ends: "Some [users".
    ("Some [users](https://x.example) saw errors.", (12, 1, 12, 12), "Some users"),
    ("Then many [customers][crm] retried.\n\n[crm]: https://x.example", (12, 6, 12, 21), "many customers"),
    ("Some\n[users][] saw errors.\n\n[users]: https://x.example", (12, 1, 13, 7), "Some users"),
    ("Some ![users](u.png) saw errors.", (12, 1, 12, 13), "Some users"),
    ("Some `x` and some [*users*](x) saw errors.", (12, 14, 12, 27), "some users"),
])
def test_the_vague_impact_message_quotes_the_phrase_as_shown(text: str, where: tuple[int, ...],
                                                           phrase: str) -> None:
    found = run(_md("\n## Summary\n\n" + text + "\n"), select=["PM503"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found] == [
        ("PM503", *where, f"vague impact '{phrase}" + _VAGUE)]
    assert dict(found[0].data) == {"phrase": phrase}


def test_the_root_cause_message_quotes_the_phrase_on_one_line() -> None:
    # Its message held the line break of the text as written: "'The root⏎cause was'".
    found = run(_md("\n## Summary\n\nThe root\ncause was a bug.\n"), select=["PM703"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found] == [
        ("PM703", 12, 1, 13, 10, "'The root cause was' frames the incident as having a single root cause")]


def test_shown_excerpt_reads_the_range_within_the_whole_text() -> None:
    from pmkit.prose.shown import shown_excerpt

    text = "It was *human* [error](x) &amp; more"
    assert shown_excerpt(text, 7, 22) == "human error"
    assert shown_excerpt(text, 0, len(text)) == "It was human error & more"
    assert shown_excerpt(text, 15, 15) == ""


# --- a list inside a block quote ------------------------------------------------------------------

_LONG = "the flag was off for all of the hosts in the region and the cache was cold for an hour"  # 20 words


def test_the_items_of_a_list_in_a_block_quote_are_sentences_of_their_own() -> None:
    # "> - ..." then "> - ...": two items of the quote's list, read as one sentence of 42 words.
    text = f"> - The deploy went out and {_LONG}\n> - The engineer restarted it and {_LONG}"
    assert _summary(text, ["PM502"]) == []
    from pmkit.readability import sentences

    assert sentences(text) == [(0, 114), (115, 235)]
    assert sentences("> - One thing\n> > * Other thing\n>- third one") == [(0, 13), (14, 31), (32, 44)]


def test_a_long_item_of_a_list_in_a_block_quote_is_still_long() -> None:
    # (guard) a quoted item of 46 words is one sentence of 46 words
    text = f"> - The deploy went out and {_LONG} and {_LONG}\n> - Cache."
    assert _summary(text, ["PM502"]) == [
        ("PM502", 12, 1, 12, 206, "summary sentence has 46 words, more than 35")]


@pytest.mark.parametrize(("lessons", "item"), [
    ("> - The deploy went out\n> - the flag was off\n", "> - The deploy went out\n> - the flag was off"),
    ("- The deploy went out.\n\n  > - alice: the flag was off\n  > - bob: it was late\n\n- Cache.\n",
     "The deploy went out.\n\n> - alice: the flag was off\n> - bob: it was late"),
])
def test_a_list_in_a_block_quote_among_lessons_keeps_its_items_on_their_lines(lessons: str,
                                                                              item: str) -> None:
    # (pinned) the quote's items stay the quote's lines, in the lesson they are written in
    data = _data(_md("\n## Lessons\n\n### What went wrong\n\n" + lessons))
    assert data["lessons"] == {"went_wrong": [item] + (["Cache."] if "Cache" in lessons else [])}
