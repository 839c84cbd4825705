"""Markdown read as a reader sees it, with inputs the last round's tests did not have: a shortcut
reference link ("[Alice]" with a definition "[alice]: ...") is its text, and a line that only
looks like a definition (in a code block, inside a paragraph) defines no label."""

from __future__ import annotations

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"


def _md(body: str, lang: str = "en") -> str:
    return _FRONT.format(lang=lang) + body


def _summary(text: str, lang: str = "en") -> list[tuple[str, int, int, int | None, int | None, str]]:
    """The blameless findings of a summary whose first line is line 12."""
    found = run(_md("\n## Summary\n\n" + text + "\n", lang), select=["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


# --- a shortcut reference link --------------------------------------------------------------------


def test_a_shortcut_reference_to_a_person_names_them() -> None:
    # "[Alice]" with "[alice]: ..." defined is a link that shows "Alice", as "[Alice][]" and
    # "[Alice](...)" are: the brackets were kept, no name was read, and the finding was the
    # general PM302 instead of PM309 about the named person.
    text = "[Alice] should have checked the flag.\n\n[alice]: https://github.com/alice"
    assert _summary(text) == [("PM309", 12, 9, 12, 28, '"should have checked" is a hindsight counterfactual'
                                                       ' about the named person "Alice"')]
    # (guard) with no definition, Markdown shows "[Alice]", brackets and all: no link, no name
    assert [found[:3] for found in _summary("[Alice] should have checked the flag.")] == [("PM302", 12, 9)]


@pytest.mark.parametrize(("text", "where"), [
    ("The outage was caused by [human] error.\n\n[human]: https://x.example/glossary", (12, 27, 12, 39)),
    ("The outage was caused by [Human] error.\n\n[HUMAN]: <https://x.example/glossary> \"Glossary\"",
     (12, 27, 12, 39)),
    ("The outage was caused by ![human] error.\n\n[human]: https://x.example/human.png", (12, 28, 12, 40)),
    ("The outage was caused by [human]\nerror.\n\n[human]: https://x.example/glossary", (12, 27, 13, 6)),
])
def test_a_phrase_across_a_shortcut_reference_is_read_as_shown(text: str, where: tuple[int, ...]) -> None:
    # "[human] error" with the label defined shows "human error"; it passed.
    shown = "Human" if "[Human]" in text else "human"
    assert _summary(text) == [("PM301", *where, f'"{shown} error" frames the incident as human error')]


@pytest.mark.parametrize("text", [
    "The outage was caused by [human] error.",  # no definition: shown as written
    "The outage was caused by [human] error.\n\n```\n[human]: https://x.example/glossary\n```",
    "The outage was caused by [human][other] error.\n\n[human]: https://x.example/glossary",
])
def test_brackets_that_are_no_shortcut_reference_stay_as_written(text: str) -> None:
    # (guards but the second, which the fix of definitions below covers)
    assert _summary(text) == []


def test_as_shown_reads_a_shortcut_reference_to_a_defined_label_only() -> None:
    from pmkit.prose.shown import as_shown, link_labels

    with link_labels(frozenset({"t"})):
        assert as_shown("see [T] and [u]")[0] == "see T and [u]"
        # (guards) a definition's own label, and code, stay as written
        assert as_shown("[t]: https://x.example")[0] == "[t]: https://x.example"
        assert as_shown("`[t]` and `x[t]`")[0] == "`[t]` and `x[t]`"


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


# --- an acute accent typed for an apostrophe at the end of a word -----------------------------------


@pytest.mark.parametrize(("sentence", "phrase", "about"), [
    ("Er hätt\u00b4 es merken müssen.", "hätt\u00b4 es merken müssen", "er"),
    ("Hätt\u00b4 er nur die Logs gelesen!", "Hätt\u00b4 er nur", "er"),
    ("Wär\u00b4 der Admin vorsichtiger gewesen, wäre nichts passiert.",
     "Wär\u00b4 der Admin vorsichtiger gewesen,", "Admin"),
    ("Wenn der Admin sorgfältiger gewesen wär\u00b4, wäre nichts passiert.",
     "Wenn der Admin sorgfältiger gewesen wär\u00b4", "Admin"),
])
def test_a_german_auxiliary_elided_with_an_acute_accent_is_read_so(sentence: str, phrase: str,
                                                                    about: str) -> None:
    # "hätte\u00b4s" was read as "hätte's", but "hätt\u00b4 es" (the accent at the end of the
    # word, before a blank or a comma) was no "hätt'": the counterfactual passed.
    start = sentence.index(phrase) + 1
    quoted = phrase.replace("\u00b4", "\u2019")  # (quoted with the apostrophe it is read as)
    assert _summary(sentence, "de") == [
        ("PM302", 12, start, 12, start + len(phrase),
         f'"{quoted}" is a hindsight counterfactual about "{about}"')]


def test_a_plural_genitive_with_an_acute_accent_is_read_as_one_with_an_apostrophe() -> None:
    assert _summary("It was the developers\u00b4 fault.") == [
        ("PM304", 12, 12, 12, 29, '"developers\u2019 fault" assigns blame to "developers"')]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Das hätt\u00b4 im Staging erkannt werden müssen.", "de"),  # about a system, as with "'"
    ("Der Wert \u00b4x\u00b4 kam aus der Konfiguration.", "de"),  # not after a letter: as written
    ("The engineer\u00b4s badge reader failed.", "en"),
])
def test_acute_accents_that_judge_nobody_stay_unreported(sentence: str, lang: str) -> None:
    # (guards)
    assert _summary(sentence, lang) == []


# --- a block quote in a lessons item ---------------------------------------------------------------

#: The lessons heading; the first item is on line 14.
_WRONG = "\n## Lessons\n\n### What went wrong\n\n"
_QUOTED = "> 14:02 alice: I should have checked the flag."


def _lessons(body: str) -> tuple[object, list[tuple[str, int, int, int | None, int | None]]]:
    text = _md(_WRONG + body)
    doc = parse_text(text, "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    found = run(text, select=["PM3"], path="pm.md")
    return doc.data["lessons"], [(d.code, d.line, d.col, d.end_line, d.end_col) for d in found]


@pytest.mark.parametrize("between", ["", "\n"])
def test_a_quote_right_under_a_lessons_item_is_a_quote_in_it(between: str) -> None:
    # CommonMark: a block quote interrupts the item's paragraph. Right under it (no blank line
    # between), its line was run into the sentence ("went out. > 14:02 alice: ..."), no quote
    # for the prose rules, and the words alice wrote were PM302 as if the authors had; after a
    # blank line it was a quote, as it is now in both.
    lessons, found = _lessons(f"- The deploy went out.\n{between}  {_QUOTED}\n- Cache was cold.\n")
    assert lessons == {"went_wrong": [f"The deploy went out.\n{between}{_QUOTED}", "Cache was cold."]}
    assert found == []


def test_the_text_after_a_quote_in_a_lessons_item_is_checked_where_it_is() -> None:
    # A line right under the quote is more of it (a lazy line); the next item is the author's.
    lessons, found = _lessons(f"- The deploy went out.\n  {_QUOTED}\n  said alice.\n- It was human error.\n")
    assert lessons == {"went_wrong": [f"The deploy went out.\n{_QUOTED} said alice.", "It was human error."]}
    assert found == [("PM301", 17, 10, 17, 21)]


def test_a_lessons_item_of_one_paragraph_keeps_a_greater_than_sign_inside_a_line() -> None:
    # (guard) only a line that opens with ">" is a quote
    lessons, found = _lessons("- Latency was > 5 s and\n  the engineer should have checked the flag.\n")
    assert lessons == {"went_wrong": ["Latency was > 5 s and the engineer should have checked the flag."]}
    assert found == [("PM302", 15, 16, 15, 35)]


# --- a definition's label is not shown ---------------------------------------------------------------


@pytest.mark.parametrize("definition", [
    "[human error]: https://en.wikipedia.org/wiki/Human_error",
    "[Human  Error]: <https://en.wikipedia.org/wiki/Human_error> \"Human error\"",
])
def test_the_label_of_a_link_definition_is_no_phrase_of_the_text(definition: str) -> None:
    # Markdown shows nothing of the definition line; the phrase was reported there too, a
    # second PM301 on a line the page does not have.
    text = "The outage was caused by [human error][].\n\n" + definition
    assert _summary(text) == [("PM301", 12, 27, 12, 38, '"human error" frames the incident as human error')]


@pytest.mark.parametrize(("text", "line"), [
    # (guards) a line that looks like one but is more of a paragraph, and a footnote, are shown
    ("We wrote:\n[human error]: https://en.wikipedia.org/wiki/Human_error", 13),
    ("See the note.[^1]\n\n[^1]: The outage was caused by human error.", 14),
])
def test_lines_that_are_no_link_definition_are_read_as_before(text: str, line: int) -> None:
    assert [found[:2] for found in _summary(text)] == [("PM301", line)]


# --- a thematic break among lessons ------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["* * *", "- - -", "-  -  -", "***", "_ _ _"])
def test_a_thematic_break_between_lessons_items_is_no_lesson(rule: str) -> None:
    # "* * *" and "- - -" start as list items do, and were read as the lesson "* *" or "- -";
    # CommonMark reads a thematic break first. ("***" and "_ _ _" are guards: no item before.)
    lessons, found = _lessons(f"- The deploy went out.\n{rule}\n"
                              "- The engineer should have checked the flag.\n")
    assert lessons == {"went_wrong": ["The deploy went out.", "The engineer should have checked the flag."]}
    assert found == [("PM302", 16, 16, 16, 35)]


def test_a_thematic_break_between_lessons_paragraphs_is_no_lesson() -> None:
    # A section of paragraphs with "* * *" between them was taken for a list of that one item:
    # both paragraphs were lost, and the lesson was "* *".
    lessons, found = _lessons("The deploy went out.\n\n* * *\n\nThe engineer should have checked the flag.\n")
    assert lessons == {"went_wrong": ["The deploy went out.", "The engineer should have checked the flag."]}
    assert found == [("PM302", 18, 14, 18, 33)]


def test_a_thematic_break_indented_into_a_lessons_item_stays_in_it() -> None:
    # (guard) as before: it is the item's, between its paragraphs
    lessons, _ = _lessons("- The deploy went out.\n\n  * * *\n\n  It had failed.\n- Cache was cold.\n")
    assert lessons == {"went_wrong": ["The deploy went out.\n\n* * *\n\nIt had failed.", "Cache was cold."]}


# --- German auxiliaries shortened without an apostrophe ----------------------------------------------


@pytest.mark.parametrize(("sentence", "phrase", "about"), [
    ("Er hätt es merken müssen.", "hätt es merken müssen", "er"),
    ("Er hätts merken müssen.", "hätts merken müssen", "er"),
    ("Sie hättens merken müssen.", "hättens merken müssen", "sie"),
    ("Hätt er nur die Logs gelesen!", "Hätt er nur", "er"),
    ("Wär der Admin vorsichtiger gewesen, wäre nichts passiert.",
     "Wär der Admin vorsichtiger gewesen,", "Admin"),
    ("Wenn er's nur geprüft hätt, wärs nicht passiert.", "Wenn er's nur geprüft hätt", "er"),
])
def test_a_german_auxiliary_shortened_without_an_apostrophe_is_read_so(sentence: str, phrase: str,
                                                                       about: str) -> None:
    # The Duden allows "hätt" ("Das hätt ich gewusst") and "hätts" (as "gehts") without the
    # apostrophe; only the forms with one were "hätte": "Er hätts merken müssen" passed.
    start = sentence.index(phrase) + 1
    assert _summary(sentence, "de") == [
        ("PM302", 12, start, 12, start + len(phrase),
         f'"{phrase}" is a hindsight counterfactual about "{about}"')]


@pytest.mark.parametrize("sentence", [
    "Wir hättens zurückrollen können, aber der Rollback hätts jeden Pod neu gestartet.",
    "Er hätts merken können, wär der Alarm nicht stumm gewesen.",
    "Der Job hätts nach fünf Minuten schaffen müssen.",
    "Das hätt im Staging erkannt werden müssen.",
    "Wenn der Cache rechtzeitig geleert worden wär, hätts der Dienst geschafft.",
    "Die Hättes und Wärs helfen nicht.",
])
def test_auxiliaries_shortened_without_an_apostrophe_weigh_and_set_conditions_as_written_out(
        sentence: str) -> None:
    # (guards, of the new reading) an option weighed against what it would have done, a
    # condition on the system, and what a system should have done are no hindsight about a
    # person, with "hätts", "hättens" and "wär" as with "hätte" and "wäre" written out.
    assert _summary(sentence, "de") == []
