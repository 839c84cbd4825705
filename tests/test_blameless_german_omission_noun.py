"""A person's omission said as a German noun, "Versäumnis": a known person's ("Toms
Versäumnis") is about the named person (PM309), as "Toms Fehler" is; a role's ("ein Versäumnis
der Bereitschaft") is the counterfactual "versäumt" (PM302) wherever it stands in the sentence."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, run
from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, names: tuple[str, ...] = ("Tom Berg",)) -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang="de", names=names)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Toms Versäumnis führte zum Ausfall.", [("PM309", 0, "Toms Versäumnis")]),
    ("Toms Fehler führte zum Ausfall.", [("PM309", 0, "Toms Fehler")]),
    ("Der Ausfall geht auf Toms Versäumnis zurück.", [("PM309", 21, "Toms Versäumnis")]),
    ("Der Ausfall geht auf ein Versäumnis der Bereitschaft zurück.",
     [("PM302", 25, "Versäumnis")]),
    ("Der Ausfall ist auf ein Versäumnis des Technikers zurückzuführen.",
     [("PM302", 24, "Versäumnis")]),
    ("Wegen eines Versäumnisses der Bereitschaft fiel der Dienst aus.",
     [("PM302", 12, "Versäumnisses")]),
    ("Der Ausfall geht auf ein Versäumnis von Tom zurück.", [("PM309", 25, "Versäumnis")]),
])
def test_an_omission_of_a_person_as_a_noun_is_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Es war nicht Toms Versäumnis.",
    "Versäumnisse des Technikers wurden nicht festgestellt.",
    "Der Ausfall geht auf eine abgelaufene Zertifikatskette zurück.",
    "Der Ausfall geht auf ein Versäumnis des Schedulers zurück.",
])
def test_a_denied_omission_passes(sentence: str) -> None:
    assert _found(sentence) == []


def test_the_named_person_in_a_checked_file() -> None:
    text = DRAFT_HEAD.format(lang="de") + (
        "authors: [Tom Berg]\nsummary: Der Ausfall geht auf Toms Versäumnis zurück.\n")
    assert [(d.code, d.line, d.col) for d in run(text, select=["PM3"])] == [("PM309", 8, 31)]
