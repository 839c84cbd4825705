"""German judgements that named no listed word: a motive given for what a person did ("aus
Unwissenheit", "aus Bequemlichkeit"), "Ignoranz", and the impersonal passive of people's work
measured against a standard of care ("Hier wurde nicht sorgfältig genug gearbeitet"). Their
near-misses pass: convenience for someone, a lack of knowledge said as such, a test that was
missing."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str) -> Found:
    """The code, the offset and the words of each finding of ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, "de")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Praktikant hat aus Unwissenheit die Produktionsdatenbank gelöscht.",
     [("PM303", 23, "Unwissenheit")]),
    ("Aus Bequemlichkeit hat der Admin das Passwort im Klartext im Wiki abgelegt.",
     [("PM303", 0, "Aus Bequemlichkeit")]),
    ("Der Admin hat das Passwort aus reiner Bequemlichkeit im Wiki abgelegt.",
     [("PM303", 27, "aus reiner Bequemlichkeit")]),
    ("Das war schiere Ignoranz gegenüber dem Freigabeprozess.", [("PM303", 8, "schiere Ignoranz")]),
    ("Hier wurde eindeutig nicht sorgfältig genug gearbeitet.",
     [("PM303", 5, "wurde eindeutig nicht sorgfältig genug gearbeitet")]),
    ("Bei der Migration wurde nicht umsichtig genug vorgegangen.",
     [("PM303", 18, "wurde nicht umsichtig genug vorgegangen")]),
])
def test_a_judged_motive_or_care_is_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    # convenience for someone is a design goal, not a motive judged
    "Aus Bequemlichkeit für die Kunden wurde der Login vereinfacht.",
    # a lack of knowledge said as what was not known
    "In Unkenntnis der laufenden Migration startete der Job die Bereinigung.",
    "Es war keine Ignoranz, sondern fehlende Dokumentation.",
    # a test that was missing is a gap in the process
    "Die Änderung wurde nicht gründlich genug getestet, weil die Staging-Umgebung keine Replikate hat.",
    "Die Validierung war nicht gründlich genug, um verschachtelte Schlüssel zu erkennen.",
])
def test_near_misses_pass(sentence: str) -> None:
    assert _found(sentence) == []
