"""Markdown and prose read as a reader sees them, with what the last rounds left: link reference
definitions found by one scanner for the lessons and the prose, blanks around markup that shows
nothing, a German gender form with an "_" after it, a stray "_" after a word, backticks typed for
German elisions, and a "[" inside a link's brackets."""

from __future__ import annotations

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"

Found = list[tuple[str, int, int, int | None, int | None, str]]

_HUMAN_ERROR = '"human error" frames the incident as human error'


def _summary(text: str, lang: str = "en") -> Found:
    """The blameless findings of a summary whose first line is line 12."""
    found = run(_FRONT.format(lang=lang) + "\n## Summary\n\n" + text + "\n", select=["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


def _lessons(body: str) -> object:
    """The lessons a Markdown body under "## What went wrong" gives."""
    doc = parse_text(_FRONT.format(lang="en") + "\n## What went wrong\n\n" + body, "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    return doc.data.get("lessons")


# --- one scanner for link reference definitions ------------------------------------------------


def test_a_definition_after_a_comment_is_no_lesson() -> None:
    # A comment's line ends its HTML block, so the definition under it starts one of its own, as
    # the prose rules read it; the lessons read it as more of the comment's paragraph, and gave
    # the lesson "[pm-42]: https://x.example Cache was cold.".
    body = "<!-- one lesson a paragraph -->\n[pm-42]: https://x.example\nCache was cold.\n"
    assert _lessons(body) == {"went_wrong": ["Cache was cold."]}


def test_the_lessons_and_the_prose_take_the_same_lines_for_a_definition() -> None:
    from pmkit.markdown import definition_lines

    text = "It was fine.\n\n[pm-42]: https://x.example\n'Postmortem\n42'\nCache was cold.\n"
    start = text.index("[pm-42]")
    assert definition_lines(text) == [(start, text.index("\nCache"))]
    assert _lessons(text) == {"went_wrong": ["It was fine.", "Cache was cold."]}


# --- blanks around markup that shows nothing ---------------------------------------------------


@pytest.mark.parametrize(("text", "end_line", "end_col"), [
    ("It was human [^1]  error.\n\n[^1]: Seen on 6 June.", 12, 25),  # two blanks after the footnote
    ("It was human  [^1]  error.\n\n[^1]: Seen on 6 June.", 12, 26),
    ("It was human [^1]\nerror.\n\n[^1]: Seen on 6 June.", 13, 6),  # a line break after it
    ("It was human <b></b> error.", 12, 27),  # a tag that shows nothing
    ("It was human <b>  </b> error.", 12, 29),
    ("It was human <br> error.", 12, 24),  # a line break, and the blanks around it
    ("It was human &nbsp; error.", 12, 26),  # an entity of a blank
    ("It was human \\\nerror.", 13, 6),  # a hard line break after a blank
])
def test_blanks_around_markup_that_shows_nothing_read_as_one(text: str, end_line: int, end_col: int) -> None:
    # The cut markup left two blanks in a row, which no pattern reads as one.
    assert _summary(text) == [("PM301", 12, 8, end_line, end_col, _HUMAN_ERROR)]


@pytest.mark.parametrize("text", [
    "It was human ** error.",  # stars between blanks are no emphasis: they show
    "It was human <b></b>\n\nerror.",  # a blank line after the tag ends the paragraph
    "It was human [x](https://x.example) error.",  # a link's text shows
])
def test_markup_that_shows_something_or_a_paragraph_break_stays_between(text: str) -> None:
    assert _summary(text) == []


@pytest.mark.parametrize(("text", "shown"), [
    ("human [^1]  error\n\n[^1]: x", "human error\n\n[^1]: x"),
    ("human <b></b>\nerror", "human\nerror"),  # the line break stays one
    ("human\t<b></b> error", "human\terror"),
    ("human <b></b>\n\nerror", "human \n\nerror"),
])
def test_the_shown_text_holds_one_blank_where_markup_was(text: str, shown: str) -> None:
    from pmkit.prose.shown import as_shown

    assert as_shown(text)[0] == shown


# --- a German gender form with an "_" after its ending -----------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("Die Admin_in_ hätte den Alarm prüfen müssen.",
     [("PM302", 12, 15, 12, 44,
       '"hätte den Alarm prüfen müssen" is a hindsight counterfactual about "Admin_in_"')]),
    ("Die Admin_innen_ hätten den Alarm prüfen müssen.",
     [("PM302", 12, 18, 12, 48,
       '"hätten den Alarm prüfen müssen" is a hindsight counterfactual about "Admin_innen_"')]),
    ("Die Kolleg_innen_ sind schuld.",
     [("PM304", 12, 24, 12, 30, '"schuld" assigns blame to "Kolleg_innen_"')]),
])
def test_a_gender_form_with_an_underscore_after_it_is_a_person(text: str, found: Found) -> None:
    # Markdown shows the "_" (the one inside the word opens nothing for it to close), and the word
    # was no person noun: no finding, or one about no one, where "Admin*in" gives one.
    assert _summary(text, "de") == found


def test_the_underscore_forms_read_as_the_star_and_colon_forms() -> None:
    def about(form: str) -> list[tuple[str, str]]:
        return [(code, message.rsplit('"', 2)[0]) for code, *_, message in
                _summary(f"Die {form} hätte den Alarm prüfen müssen.", "de")]

    assert about("Admin_in_") == about("Admin_in") == about("Admin:in") == about("Admin*in") == [
        ("PM302", '"hätte den Alarm prüfen müssen" is a hindsight counterfactual about ')]


# --- a "[" inside a link's brackets ------------------------------------------------------------

_SHOULD_HAVE = '"should have checked" is a hindsight counterfactual about "engineer"'


@pytest.mark.parametrize(("text", "found"), [
    # The inner link shows its text, the outer brackets show as written: "[see the log]".
    ("[see [the log](https://x.example)] The engineer should have checked it.",
     [("PM302", 12, 49, 12, 68, _SHOULD_HAVE)]),
    ("[see [the log](https://x.example)\nhere] The engineer should have checked it.",
     [("PM302", 13, 20, 13, 39, _SHOULD_HAVE)]),
    # A link inside another's text: the inner one is the link, as CommonMark nests none.
    ("[see [the log](https://x.example)](https://y.example) The engineer should have checked it.",
     [("PM302", 12, 68, 12, 87, _SHOULD_HAVE)]),
    ("See [the [log](https://x.example) here](https://y.example) and human error.",
     [("PM301", 12, 64, 12, 75, _HUMAN_ERROR)]),
    ("[a [b] c](https://y.example) It was human error.", [("PM301", 12, 37, 12, 48, _HUMAN_ERROR)]),
    ("It was [human [error](https://x.example)] indeed.", [("PM301", 12, 9, 12, 21, _HUMAN_ERROR)]),
])
def test_findings_after_a_bracket_inside_a_link_s_brackets_keep_their_places(text: str, found: Found) -> None:
    assert _summary(text) == found


def test_a_label_with_a_bracket_in_it_defines_nothing() -> None:
    # CommonMark allows no "[" in a label but an escaped one: the line is a paragraph's text,
    # shown as written, and its words were left out as a definition's.
    assert _summary("It was fine.\n\n[see [human error]: https://x.example") == [
        ("PM301", 14, 7, 14, 18, _HUMAN_ERROR)]
    assert _lessons("[see [the log]: https://x.example\n\nCache was cold.\n") == {
        "went_wrong": ["[see [the log]: https://x.example", "Cache was cold."]}


def test_an_escaped_bracket_in_a_label_is_part_of_it() -> None:
    from pmkit.markdown import link_labels

    assert link_labels("[see \\[the log]: https://x\n[a [b]: https://y") == {"see \\[the log"}


# --- a stray "_" after a word ------------------------------------------------------------------


def test_a_stray_underscore_after_a_word_hides_no_phrase() -> None:
    # CommonMark: the "_" after "human" may only close emphasis, and nothing before it opens any,
    # so the page shows "human_ error". A reader reads the phrase past the stray mark, as past
    # a "\*" shown as written ("human \*error\*"): it is reported, marked as written.
    assert _summary("It was human_ error.") == [("PM301", 12, 8, 12, 20, _HUMAN_ERROR)]
    assert _summary("It was human _error.") == [("PM301", 12, 8, 12, 20, _HUMAN_ERROR)]


def test_an_underscore_between_two_words_joins_them() -> None:
    # "human_error" is one word, an identifier, and "hu_man_" no word of the phrase.
    assert _summary("It was human_error.") == []
    assert _summary("It was hu_man_ error.") == []


# --- German elisions typed with a backtick -----------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("Der Admin hätte`s prüfen müssen.",
     [("PM302", 12, 11, 12, 32, '"hätte’s prüfen müssen" is a hindsight counterfactual about "Admin"')]),
    ("Wär`s der Admin gewesen, hätte er es prüfen müssen.",
     [("PM302", 12, 1, 12, 25, '"Wär’s der Admin gewesen," is a hindsight counterfactual about "Admin"')]),
    ("Hätt`s der Admin nur geprüft!",
     [("PM302", 12, 1, 12, 21, '"Hätt’s der Admin nur" is a hindsight counterfactual about "Admin"')]),
    # (with a code span after it on the line: the backtick opens none, CommonMark's pairing aside)
    ("Der Admin hätte`s prüfen müssen, die `config` war falsch.",
     [("PM302", 12, 11, 12, 32, '"hätte’s prüfen müssen" is a hindsight counterfactual about "Admin"')]),
])
def test_a_backtick_before_s_reads_as_an_apostrophe(text: str, found: Found) -> None:
    assert _summary(text, "de") == found
    # Placed as with a keyboard's apostrophe (the message quotes the backtick as "’", as an acute accent).
    assert [(code, line, col, end_line, end_col) for code, line, col, end_line, end_col, _ in found] == [
        finding[:5] for finding in _summary(text.replace("`s", "'s"), "de")]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "`", "\u00b4"])
@pytest.mark.parametrize("who", ["nobody", "no-one"])
def test_nobodys_fault_is_a_denial_with_any_apostrophe(apostrophe: str, who: str) -> None:
    # Before: "nobody’s fault" (typographic apostrophe, or a backtick or an acute accent typed
    # for one) was PM304 '"nobody’s fault" assigns blame to "nobody"'; the keyboard's was silent.
    assert _summary(f"It was {who}{apostrophe}s fault; the tooling allowed the change.") == []


def test_a_persons_fault_with_a_typographic_apostrophe_is_still_blame() -> None:
    assert _summary("It was the developer\u2019s fault.") == [
        ("PM304", 12, 12, 12, 29, '"developer\u2019s fault" assigns blame to "developer"')]
