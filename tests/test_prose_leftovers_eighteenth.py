"""Markdown and prose read as a reader reads them: a lesson that runs over two paragraphs is one
lesson of two paragraphs, ``matrix[i][j]`` is text, German contractions with an apostrophe are
the words they shorten, and a backtick typed for an apostrophe opens no code."""

from __future__ import annotations

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"
#: The lessons heading; the first item is on line 14.
_WRONG = "\n## Lessons\n\n### What went wrong\n\n"


def _md(body: str, lang: str = "en") -> str:
    return _FRONT.format(lang=lang) + body


def _lessons(text: str) -> object:
    doc = parse_text(text, "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    return doc.data["lessons"]


def _found(text: str, select: list[str]) -> list[tuple[str, int, int, int | None, int | None]]:
    return [(d.code, d.line, d.col, d.end_line, d.end_col) for d in run(text, select=select, path="pm.md")]


# --- a lesson of two paragraphs -------------------------------------------------------------------

_TWO = "The deploy went out.\n\nThe engineer should have checked the flag."


@pytest.mark.parametrize(("item", "col"), [
    ("- The deploy went out.\n\n  The engineer should have checked the flag.\n- Cache was cold.\n", 16),
    ("1. The deploy went out.\n\n   The engineer should have checked the flag.\n2. Cache was cold.\n", 17),
    ("-   The deploy went out.\n\n    The engineer should have checked the flag.\n-   Cache was cold.\n", 18),
    ("- The deploy went out.\n\n  The engineer should have checked the flag.\n\n- Cache was cold.\n", 16),
    ("- The deploy went out.\n  \n  The engineer should have checked the flag.\n- Cache was cold.\n", 16),
    # A tab after the marker reaches column 4, and so does the tab of the next paragraph.
    ("-\tThe deploy went out.\n\n\tThe engineer should have checked the flag.\n-\tCache was cold.\n", 15),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_lesson_of_two_paragraphs_is_one_item_that_keeps_its_paragraphs(item: str, col: int,
                                                                          newline: str) -> None:
    # The paragraphs were run into one line ("went out. The engineer"): one sentence for the
    # rules that read sentences, one line where the author wrote two paragraphs; the tab-indented
    # one was read as code and went unchecked.
    text = _md(_WRONG + item).replace("\n", newline)
    assert _lessons(text) == {"went_wrong": [_TWO, "Cache was cold."]}
    assert _found(text, ["PM3"]) == [("PM302", 16, col, 16, col + 19)]


def test_a_lazy_line_of_the_second_paragraph_goes_on_with_it() -> None:
    text = _md(_WRONG + "- The deploy went out.\n\n  The engineer should\nhave checked the flag.\n- Cache.\n")
    assert _lessons(text) == {"went_wrong": [_TWO, "Cache."]}
    assert _found(text, ["PM3"]) == [("PM302", 16, 16, 17, 13)]


def test_a_paragraph_indented_less_than_the_item_text_is_no_part_of_it() -> None:
    # CommonMark: after a blank line, only a line indented to the item's text (column 3 after
    # "1. ") goes on with the item. It was joined to the item; it is the section's text, checked
    # where it is written.
    text = _md(_WRONG + "1. The deploy went out.\n\n  The engineer should have checked the flag.\n"
                        "2. Cache was cold.\n")
    assert _lessons(text) == {"went_wrong": ["The deploy went out.", "Cache was cold."]}
    assert _found(text, ["PM3"]) == [("PM302", 16, 16, 16, 35)]


@pytest.mark.parametrize(("item", "value"), [
    ("- The deploy went out.\n\n  ~~~\n  ERROR human error detected\n  ~~~\n- Cache was cold.\n",
     "The deploy went out.\n\n~~~\nERROR human error detected\n~~~"),
    ("- The deploy went out.\n\n      ERROR human error detected\n\n  It had failed.\n- Cache was cold.\n",
     "The deploy went out.\n\n    ERROR human error detected\n\nIt had failed."),
    ("- The deploy went out:\n  ```\n  ERROR human error detected\n  ```\n- Cache was cold.\n",
     "The deploy went out:\n```\nERROR human error detected\n```"),
])
def test_code_in_a_lesson_is_kept_as_code_and_not_read_as_prose(item: str, value: str) -> None:
    # Its lines were run into the sentence ("went out. ~~~ ERROR human error detected ~~~"), and
    # the log line was PM301, as if the authors had written it.
    text = _md(_WRONG + item)
    assert _lessons(text) == {"went_wrong": [value, "Cache was cold."]}
    assert _found(text, ["PM3"]) == []


def test_the_paragraph_after_code_in_a_lesson_is_found_where_it_is() -> None:
    text = _md(_WRONG + "- The deploy went out.\n\n  ~~~\n  log\n  ~~~\n\n  It was human error.\n")
    assert _found(text, ["PM3"]) == [("PM301", 20, 10, 20, 21)]


@pytest.mark.parametrize(("item", "line"), [
    ("-\n  The deploy went out.\n\n  The engineer should have checked the flag.\n- Cache was cold.\n", 17),
    ("1.\n   The deploy went out.\n\n   The engineer should have checked the flag.\n2. Cache was cold.\n",
     17),
])
def test_an_item_whose_text_starts_under_its_marker_is_an_item(item: str, line: int) -> None:
    # A marker alone on its line, the text indented under it: the item was lost (only "Cache
    # was cold." was a lesson).
    text = _md(_WRONG + item)
    assert _lessons(text) == {"went_wrong": [_TWO, "Cache was cold."]}
    col = 3 + (item[0] == "1")
    span = parse_text(text, "pm.md", markdown=True).value_spans[("lessons", "went_wrong", 0)]
    assert (span.line, span.col) == (15, col)
    assert _found(text, ["PM3"]) == [("PM302", line, col + 13, line, col + 32)]


def test_an_empty_marker_after_an_item_starts_the_next_item() -> None:
    # CommonMark: "- foo", "-", "  bar" are two items; "-" was read as more of "foo".
    text = _md(_WRONG + "- Cache was cold.\n-\n  The engineer should have checked the flag.\n")
    assert _lessons(text) == {"went_wrong": ["Cache was cold.",
                                             "The engineer should have checked the flag."]}


def test_a_list_indented_less_than_a_tabbed_item_text_is_no_part_of_it() -> None:
    # "-\t" puts the item's text at column 4: "  1." under it starts a list of its own (it was
    # taken for a list nested in the item, and its lesson joined to the one above).
    text = _md(_WRONG + "-\tThe cache was cold.\n  1. Paging was slow.\n")
    assert _lessons(text) == {"went_wrong": ["The cache was cold.", "Paging was slow."]}
    text = _md(_WRONG + "-\tThe cache was cold.\n    1. Paging was slow.\n")  # (guard) nested
    assert _lessons(text) == {"went_wrong": ["The cache was cold. 1. Paging was slow."]}


def test_lessons_of_one_paragraph_and_nested_lists_stay_as_they_were() -> None:
    # (guard) the lines of a paragraph, and of a nested list right under it, are joined as before.
    text = _md(_WRONG + "- The alert fired late:\n  - it waited\n  - for 5 minutes.\n- Nobody owned\n"
                        "  the runbook.\n")
    assert _lessons(text) == {"went_wrong": ["The alert fired late: - it waited - for 5 minutes.",
                                             "Nobody owned the runbook."]}


# --- German auxiliaries shortened with an apostrophe ------------------------------------------------


def _german(sentence: str) -> list[tuple[str, int, int, int | None, int | None]]:
    return _found(_md("\n## Zusammenfassung\n\n" + sentence + "\n", "de"), ["PM3"])


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Er hätte's merken müssen.", "hätte's merken müssen"),
    ("Er hätte\u2019s merken müssen.", "hätte\u2019s merken müssen"),
    ("Er hätte\u02bcs merken müssen.", "hätte\u02bcs merken müssen"),
    ("Er hätt's merken müssen.", "hätt's merken müssen"),
    ("Er hätt' es merken müssen.", "hätt' es merken müssen"),
    ("Er hätt\u2019 es merken müssen.", "hätt\u2019 es merken müssen"),
    ("Sie hätten's merken müssen.", "hätten's merken müssen"),
    ("Er hätte es merken müssen.", "hätte es merken müssen"),  # (guard) as before
    ("Er hätte's nie ändern dürfen.", "hätte's nie ändern dürfen"),
    ("Er hätte's haben sollen.", "hätte's haben sollen"),
    ("Der Fehler hätt' bemerkt werden müssen.", "hätt' bemerkt werden müssen"),
    ("Hätt' er's geprüft, wär's nicht passiert.", "Hätt' er's geprüft,"),
    ("Wär' der Admin vorsichtiger gewesen, wäre nichts passiert.", "Wär' der Admin vorsichtiger gewesen,"),
    ("Wenn er's nur geprüft hätt', wär's nicht passiert.", "Wenn er's nur geprüft hätt'"),
    ("Wenn der Admin sorgfältiger gewesen wär', wäre nichts passiert.",
     "Wenn der Admin sorgfältiger gewesen wär'"),
    ("Hätt' er nur die Logs gelesen!", "Hätt' er nur"),
])
def test_a_german_counterfactual_with_a_shortened_auxiliary_is_reported(sentence: str, phrase: str) -> None:
    # "hätte's" (hätte es), "hätt'" and "wär's" were no "hätte" and no "wäre" for the patterns:
    # "Er hätte's merken müssen" passed, "Er hätte es merken müssen" was PM302.
    start = sentence.index(phrase) + 1
    assert _german(sentence) == [("PM302", 12, start, 12, start + len(phrase))]


@pytest.mark.parametrize("sentence", [
    "Der Job hätt's nach fünf Minuten schaffen müssen.",
    "Der Cache hätte\u2019s abfangen müssen.",
    "Die Anfrage hätt' vom Load Balancer weitergeleitet werden müssen.",
    "Das hätt' im Staging erkannt werden müssen.",
    "Wenn der Cache rechtzeitig geleert worden wär', hätt's der Dienst geschafft.",
    "Die Hättes und Wärs helfen nicht.",
])
def test_shortened_auxiliaries_about_systems_stay_unreported(sentence: str) -> None:
    # (guard) what a system should have done is no judgement of a person, shortened or not
    assert _german(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Wir hätten's zurückrollen können, aber der Rollback hätt' jeden Pod neu gestartet.",
    "Wir hätten zurückrollen können, aber der Rollback hätt\u2019s jeden Pod neu gestartet.",
    "Er hätt's merken können, wär' der Alarm nicht stumm gewesen.",
    "Er hätte es merken können, wär\u2019 der Alarm nicht stumm gewesen.",
])
def test_a_shortened_auxiliary_weighs_an_option_and_sets_a_condition_as_written_out(sentence: str) -> None:
    # An option weighed against what it would have done ("..., aber der Rollback hätte ...") and
    # a condition on the system ("..., wäre der Alarm nicht stumm gewesen") are no hindsight
    # about a person; shortened, "hätt'" and "wär'" were no such word and they were PM302.
    assert _german(sentence) == []


# --- a backtick typed for an apostrophe -------------------------------------------------------------


def _summary(sentence: str, lang: str = "en",
             select: tuple[str, ...] = ("PM3",)) -> list[tuple[str, int, int]]:
    found = run(_md("\n## Summary\n\n" + sentence + "\n", lang), select=list(select), path="pm.md")
    return [(d.code, d.line, d.col) for d in found]


@pytest.mark.parametrize(("sentence", "lang", "col"), [
    ("The engineer didn`t look, he should have checked the flag, it`s on him.", "en", 30),
    ("We don`t know why. The engineer should have checked the flag, it`s on him.", "en", 33),
    ("Wir wissen`s nicht. Er hätte es merken müssen, wie`s steht.", "de", 24),
])
def test_two_backticks_typed_for_apostrophes_are_no_code_span(sentence: str, lang: str, col: int) -> None:
    # CommonMark would pair them and show the words between as code: the prose rules skipped
    # "he should have checked" as if it were a command.
    assert _summary(sentence, lang) == [("PM302", 12, col)]


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("This happened because somebody didn`t do their job.", "didn`t do their job"),
    ("It was the developer`s fault.", "developer`s fault"),
    ("The engineer should`ve checked the flag.", "should`ve checked"),
])
def test_a_backtick_apostrophe_joins_its_word_as_an_apostrophe_does(sentence: str, phrase: str) -> None:
    # "didn`t" was two words with a clause boundary between them, and no "didn't".
    found = run(_md("\n## Summary\n\n" + sentence + "\n"), select=["PM3"], path="pm.md")
    col = sentence.index(phrase) + 1
    assert [(d.line, d.col, d.end_line, d.end_col) for d in found] == [(12, col, 12, col + len(phrase))]
    assert found[0].message.startswith('"' + phrase.replace("`", "\u2019") + '"')  # as a typed apostrophe


@pytest.mark.parametrize(("sentence", "col"), [
    ("Er hätte`s merken müssen.", 4), ("Wie`s aussieht, hätte er`s merken müssen.", 17),
    ("Er hätt`s merken müssen, `make test` zeigt es.", 4),
])
def test_a_german_auxiliary_shortened_with_a_backtick_is_read_so(sentence: str, col: int) -> None:
    assert _summary(sentence, "de") == [("PM302", 12, col)]


def test_code_spans_skip_backtick_apostrophes_as_openers_only() -> None:
    from pmkit.markdown import code_spans

    assert code_spans("We don`t know, it`s `x`.") == ([20], [23])
    assert code_spans("Run `kubectl`s output.") == ([4], [13])  # (it closes a span that is open)
    assert code_spans("`a` and ``b`s``") == ([0, 8], [3, 15])


@pytest.mark.parametrize("body", [
    "The `human error`s label is a log field.\n",
    "It`s logged as `human error` by the tool.\n",
    "```\nWe don`t know, it was human error, it`s fine.\n```\n",
])
def test_code_near_backtick_apostrophes_stays_code(body: str) -> None:
    # (guards, but the second: "`s logged as `" was the code span, and "human error" was PM301)
    assert _summary(body.rstrip("\n")) == []


def test_a_comment_after_a_backtick_apostrophe_is_a_comment() -> None:
    # Inside the span CommonMark would make of "don`t ... it`s", the comment was code: it stayed
    # in the summary's value, and the page showed it.
    sentence = ("We don`t know why, but it was human error <!-- pmkit: ignore[PM301] the ticket's words --> "
                "and it`s fixed.")
    doc = parse_text(_md("\n## Summary\n\n" + sentence + "\n"), "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    assert doc.data["summary"] == "We don`t know why, but it was human error and it`s fixed.\n"
    assert _summary(sentence, select=("PM3", "PM9")) == []


# --- brackets that are no reference link -----------------------------------------------------------


def test_an_index_in_brackets_is_text_not_a_reference_link() -> None:
    # "Alice[i][j]" was read as "Alice" and a link "[i]" to the label "j", shown "Alicei": no
    # name, and the counterfactual went unreported; "users[i][j]" was "usersi", no vague phrase.
    assert _summary("Alice[i][j] should have checked the flag.") == [("PM302", 12, 13)]
    text = _md("\n## Summary\n\nCheckout failed.\n\n## Impact\n\nSome users[i][j] could not pay.\n")
    found = run(text, select=["PM503"], path="pm.md")
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM503", 16, 1, 11)]
    assert found[0].message.startswith("vague impact 'Some users': ")


def test_a_reference_link_is_a_link_only_to_a_label_the_document_defines() -> None:
    sentence = "The outage was caused by [human][pm-42] error."
    # (guard) defined at the end of the body, as most write them: read as its text
    assert _summary(sentence + "\n\n[pm-42]: https://tracker.example.com/42") == [("PM301", 12, 27)]
    assert _summary(sentence + "\n\n[PM-42]: <https://tracker.example.com/42>") == [("PM301", 12, 27)]
    # undefined, Markdown shows "[human][pm-42] error", brackets and all: no phrase
    assert _summary(sentence) == []
    # (read as shown: a root cause that is a human, PM304, not the phrase "human error", PM301)
    assert _summary("The root cause was human [error][].") == [("PM304", 12, 5)]


def test_text_as_shown_keeps_brackets_that_link_nowhere() -> None:
    from pmkit.prose.shown import as_shown, link_labels

    written = "matrix[i][j] and [y][] and [the ticket][t]"
    assert as_shown(written)[0] == written
    defined = "\n\n[t]: https://x.example"
    assert as_shown("see [the ticket][t]" + defined)[0] == "see the ticket" + defined
    with link_labels(frozenset({"t", "y"})):
        shown = as_shown("matrix[i][j] and [Y][] and [the ticket][T]")[0]
        assert shown == "matrix[i][j] and Y and the ticket"
    with link_labels(frozenset({"j"})):  # in code, a label defined links nothing either
        assert as_shown("`matrix[i][j]` and ``x[i][j]``")[0] == "`matrix[i][j]` and ``x[i][j]``"
        assert as_shown("matrix[i][j]")[0] == "matrixi"
