"""Review findings of the twenty-sixth round: German author names written in another case than
in the text, and the loader's and schema's hints for broken YAML."""

from __future__ import annotations

import pytest

import pmkit
from helpers import run, where

#: A German postmortem by AUTHOR whose summary, on line 8 from column 11, is TEXT.
SUMMARY = """\
pmkit: 1
id: 2025-11-14-probe
title: Probe
status: draft
lang: de
severity: SEV3
authors: ["{author}"]
summary: "{text}"
"""


@pytest.mark.parametrize(("author", "text", "col", "message"), [
    # A name part counts for a capitalised token in any case after its first letter.
    ("Jörg Schmidt", "SCHMIDT hat den Alarm ignoriert.", 33,
     '"ignoriert" blames the named person "SCHMIDT" for an action'),
    ("ANNA MÜLLER", "Müller hat den Alarm ignoriert.", 32,
     '"ignoriert" blames the named person "Müller" for an action'),
    ("Mia Klar", "KLAR hat den Alarm ignoriert.", 30,
     '"ignoriert" blames the named person "KLAR" for an action'),
    # and so does its genitive
    ("ANNA MÜLLER", "Müllers Fehler hat den Ausfall verursacht.", 11,
     '"Müllers Fehler" is a euphemism for blaming the named person "Müller"'),
    ("Jörg Schmidt", "Die Änderung hat SCHMIDTS Fehler verursacht.", 28,
     '"SCHMIDTS Fehler" is a euphemism for blaming the named person "SCHMIDT"'),
])
def test_a_german_author_name_matches_a_capitalised_token_in_any_case(
        author: str, text: str, col: int, message: str) -> None:
    found = run(SUMMARY.format(author=author, text=text), select=["PM309"])
    assert where(found)[0] == ("PM309", 8, col)
    assert found[0].message == message


def test_a_german_surname_that_is_a_word_in_lower_case_is_the_word() -> None:
    found = run(SUMMARY.format(author="Mia Klar", text="Das war doch klar, dass der Alarm ignoriert wurde."),
                select=["PM305", "PM309"])
    assert where(found) == [("PM305", 8, 15)]
    assert found[0].message == '"war doch klar" calls the outcome obvious in hindsight'


def _syntax(text: str, path: str = "x.yaml") -> tuple[int, int, str, str]:
    """The one PM001 of ``text`` read as ``path``: its line, column, message and hint."""
    [found] = [d for d in pmkit.check_text(text, path) if d.code == "PM001"]
    return found.line, found.col, found.message, found.hint or ""


def test_a_list_item_at_the_key_column_under_an_indicator_gets_the_general_hint() -> None:
    line, col, message, hint = _syntax("title: x\nsummary: |2\n- item\n")
    assert (line, col) == (3, 1)
    assert message == ("YAML syntax error: expected <block end>, but found '-' "
                       "(while parsing a block mapping)")
    assert hint.startswith("This line is indented differently from the keys or items around it")
    assert "indicator" not in message + hint


def test_a_text_indented_less_than_its_indicator_asks_is_still_said_so() -> None:
    line, col, message, hint = _syntax("title: x\nsummary: |4\n  text\n")
    assert (line, col) == (3, 3)
    assert message.startswith("YAML syntax error: the text under 'summary: |4' is indented 2 spaces, "
                              "not the 4 its indentation indicator '4' asks for")
    assert "remove it ('summary: |')" in hint


INDENTED_FIRST_KEY = ("Line {n} is indented, and the lines below it are not: the top-level keys start at "
                      "column 1; remove the spaces before 'title'.")


@pytest.mark.parametrize(("text", "path", "line", "n"), [
    # a '%' line after the error is no directive the error is about
    ("  title: x\nsummary: y\n%x\n", "x.yaml", 2, 1),
    # counted in the file, past the front matter's '---' line
    ("---\n  title: x\nsummary: y\n---\n# Body\n", "x.md", 3, 2),
    # lines broken by a carriage return alone
    ("  title: x\rsummary: y\r", "x.yaml", 2, 1),
    ("\r\r  title: x\rsummary: y\r", "x.yaml", 4, 3),
])
def test_an_indented_first_key_is_named_by_its_line_in_the_file(
        text: str, path: str, line: int, n: int) -> None:
    assert _syntax(text, path) == (line, 1, "YAML syntax error: expected '<document start>', but found "
                                            "'<block mapping start>'", INDENTED_FIRST_KEY.format(n=n))


def test_a_directive_before_the_error_still_gets_the_directive_hint() -> None:
    assert _syntax("%YAML 1.2\ntitle: x\n")[2:] == (
        "YAML syntax error: expected '<document start>', but found '<scalar>'",
        "A line that starts with '%' is a YAML directive (such as %YAML 1.2), which a '---' line must "
        "follow before the fields: add the '---' line, or remove the directive.")


def test_the_one_entry_hint_quotes_a_value_with_single_quotes_in_double_quotes() -> None:
    [found] = [d for d in pmkit.check_text(
        "title: x\ntimeline: {at: 2026-01-01T00:00Z, event: 'Deploy: started'}\n", "x.yaml")
        if d.code == "PM012"]
    assert (found.line, found.col, found.message) == (2, 11, "'timeline' must be a list, not a mapping")
    assert found.hint == (
        "This is one entry of the list written as a mapping, without the '- ' that makes it an item: "
        "write it as a list of one entry, in brackets, \"timeline: [{at: 2026-01-01T00:00Z, event: "
        "'Deploy: started'}]\", or '- at: 2026-01-01T00:00Z' on its own line under 'timeline:', and "
        "\"event: 'Deploy: started'\" indented beside 'at:'.")
