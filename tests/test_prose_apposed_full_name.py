"""A person judged who is named in apposition to a role, set off by commas: "The on-call engineer,
Marco Ruiz, failed to check the dashboard" judges Marco Ruiz, with his full name, as "Marco Ruiz
failed to check the dashboard" does (PM309). English reported the first name alone; German
reported no one (a PM302 without a subject), and gave the first name alone for the plain German
sentence too.

The near misses pass: the same named person doing something, not judged."""

from __future__ import annotations

import pytest

from helpers import event_findings
from pmkit.prose import scan


def _judged(sentence: str, lang: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.text, f.subject) for f in scan(sentence, lang)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The on-call engineer, Marco Ruiz, failed to check the dashboard.",
     [("PM309", "failed to", "Marco Ruiz")]),
    ("Marco Ruiz failed to check the dashboard.",
     [("PM309", "failed to", "Marco Ruiz")]),
    ("Our SRE, Marco Ruiz, should have checked the dashboard.",
     [("PM309", "should have checked", "Marco Ruiz")]),
    ("The on-call engineer, Marco, failed to check the dashboard.",
     [("PM309", "failed to", "Marco")]),
])
def test_english_names_the_full_name(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _judged(sentence, "en") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Bereitschaftsingenieur, Marco Ruiz, hat es versäumt, das Dashboard zu prüfen.",
     [("PM309", "versäumt", "Marco Ruiz")]),
    ("Der Bereitschaftsingenieur, Marco Ruiz, hat versäumt, das Dashboard zu prüfen.",
     [("PM309", "versäumt", "Marco Ruiz")]),
    ("Marco Ruiz hat es versäumt, das Dashboard zu prüfen.",
     [("PM309", "versäumt", "Marco Ruiz")]),
    ("Marco Ruiz, der Bereitschaftsingenieur, hat es versäumt, das Dashboard zu prüfen.",
     [("PM309", "versäumt", "Marco Ruiz")]),
    ("Weil Marco Ruiz das Dashboard nicht geprüft hat, blieb der Alarm unbemerkt.",
     [("PM309", "nicht geprüft", "Marco Ruiz")]),
    # a capitalised noun after a first name is no surname in German
    ("Gestern hat Marco Änderungen nie geprüft.",
     [("PM309", "nie geprüft", "Marco")]),
])
def test_german_names_the_full_name(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _judged(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The on-call engineer, Marco Ruiz, restarted the service.", "en"),
    ("The on-call engineer, Marco Ruiz, checked the dashboard at 02:10.", "en"),
    ("Der Bereitschaftsingenieur, Marco Ruiz, hat den Dienst neu gestartet.", "de"),
    ("Der Bereitschaftsingenieur, Marco Ruiz, hat das Dashboard um 02:10 geprüft.", "de"),
])
def test_near_misses_pass(sentence: str, lang: str) -> None:
    assert scan(sentence, lang) == []


def test_the_postmortem_check_names_him_in_english() -> None:
    assert event_findings("The on-call engineer, Marco Ruiz, failed to check the dashboard.") == [
        ("PM309", 40, 46, 55,
         '"failed to" is a hindsight counterfactual about the named person "Marco Ruiz"'),
    ]


def test_the_postmortem_check_names_him_in_german() -> None:
    sentence = "Der Bereitschaftsingenieur, Marco Ruiz, hat es versäumt, das Dashboard zu prüfen."
    found = event_findings(sentence, "de")
    assert found == [
        ("PM309", 40, 59, 67,
         '"versäumt" is a hindsight counterfactual about the named person "Marco Ruiz"'),
    ]
