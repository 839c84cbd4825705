"""German hindsight that measures the people involved against an imagined better person: one
who "would never have missed" the error ("Ein erfahrener Kollege hätte den Fehler nie
übersehen") and the least experienced person "even" ("Selbst ein Praktikant hätte das erkannt").
Both are PM302, as their English counterparts "An experienced engineer would have caught this"
and "Even an intern would have noticed" are.

The near misses pass: the imagined person who would have missed it too (that defends the people
involved), an action that was taken rather than imagined, and an intern or colleague who did
something."""

from __future__ import annotations

import pytest

from helpers import event_findings
from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str) -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ein erfahrener Kollege hätte den Fehler nie übersehen.",
     [("PM302", 0, "Ein erfahrener Kollege hätte den Fehler nie übersehen")]),
    ("Eine aufmerksame Kollegin hätte die Warnung bestimmt nicht ignoriert.",
     [("PM302", 0, "Eine aufmerksame Kollegin hätte die Warnung bestimmt nicht ignoriert")]),
    ("Selbst ein Praktikant hätte das erkannt.",
     [("PM302", 0, "Selbst ein Praktikant hätte das erkannt")]),
    ("Sogar eine Praktikantin hätte den Fehler sofort bemerkt.",
     [("PM302", 0, "Sogar eine Praktikantin hätte den Fehler sofort bemerkt")]),
    ("Das ist bitter, denn auch ein Anfänger hätte das gesehen.",
     [("PM302", 21, "auch ein Anfänger hätte das gesehen")]),
])
def test_an_imagined_better_person_is_a_counterfactual(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "code"), [
    ("Any experienced engineer would have caught this.", "PM305"),
    ("An experienced engineer would have caught this.", "PM302"),
    ("Even an intern would have noticed.", "PM302"),
    ("Jeder Praktikant hätte das erkannt.", "PM305"),
    ("Ein erfahrener Kollege hätte den Fehler nie übersehen.", "PM302"),
    ("Selbst ein Praktikant hätte das erkannt.", "PM302"),
])
def test_german_gets_the_code_english_gets(sentence: str, code: str) -> None:
    lang = "en" if sentence.split()[0] in ("Any", "An", "Even") else "de"
    assert [f.code for f in scan(sentence, lang)] == [code]


@pytest.mark.parametrize("sentence", [
    "Ein Praktikant hat die Dokumentation ergänzt.",
    "Ein erfahrener Kollege hat den Fehler nie übersehen.",
    "Ein erfahrener Kollege hat das Problem nach zehn Minuten erkannt.",
    "Auch ein erfahrener Kollege hätte die Warnung übersehen.",
    "Selbst ein erfahrener Kollege hätte den Fehler übersehen.",
    "Selbst ein Praktikant hätte das nicht erkannt.",
    "Ein Praktikant hätte das erkannt, wenn der Alarm ausgelöst hätte.",
    "Das hat auch ein Praktikant erkannt.",
    "Auch ein Linter hätte den Fehler nie übersehen.",
])
def test_near_misses_pass(sentence: str) -> None:
    assert scan(sentence, "de") == []


def test_english_near_miss_passes() -> None:
    assert scan("An experienced colleague reviewed the change.", "en") == []


def test_the_postmortem_check_reports_it_where_it_is() -> None:
    assert event_findings("Selbst ein Praktikant hätte das erkannt.", "de") == [
        ("PM302", 40, 12, 51,
         '"Selbst ein Praktikant hätte das erkannt" is a hindsight counterfactual'),
    ]
