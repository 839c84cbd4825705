"""Review findings of the twenty-sixth round: German author names matched whatever their case
in the text, and the loader's and schema's hints for broken YAML."""

from __future__ import annotations

import pytest

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
