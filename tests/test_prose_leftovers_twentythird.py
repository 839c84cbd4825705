"""Blameless phrasing in German that said what its English twin says and passed: a place between
the wrong object and its participle, a person's own mistake in the genitive, measures taken
against a person in the passive, a wish about "jemand", and a command copied "blind"."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str = "de") -> Found:
    """The code, the offset and the words of each finding of ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, lang)]


# --- the wrong object, and a place before the participle -----------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der DBA hat den falschen Befehl auf dem Primärknoten ausgeführt.",
     [("PM308", 12, "den falschen Befehl auf dem Primärknoten ausgeführt")]),
    ("Die Technikerin hat die falsche Datei aus dem Bucket gelöscht.",
     [("PM308", 20, "die falsche Datei aus dem Bucket gelöscht")]),
    ("Der DBA hat den falschen Befehl ausgeführt.", [("PM308", 12, "den falschen Befehl ausgeführt")]),
])
def test_a_place_before_the_participle_keeps_the_wrong_choice(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Das Skript hat den falschen Befehl auf dem Primärknoten ausgeführt.",
    "Der Cronjob hat die falsche Datei aus dem Bucket gelöscht.",
])
def test_the_wrong_choice_of_a_system_passes(sentence: str) -> None:
    assert _found(sentence) == []


# --- a named person's mistake in the genitive ----------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Janas Fehler kostete uns vier Stunden Checkout-Verkehr.", [("PM309", 0, "Janas Fehler")]),
    ("Klaus' Versehen kostete uns vier Stunden.", [("PM309", 0, "Klaus' Versehen")]),
    ("Der Fehler von Jana kostete uns vier Stunden Checkout-Verkehr.", [("PM309", 4, "Fehler von Jana")]),
    # an article in the genitive is no owner: the person after the noun still is
    ("Dieses Versehen eines Kollegen kostete uns Zeit.", [("PM310", 7, "Versehen eines Kollegen")]),
])
def test_a_name_in_the_genitive_owns_the_mistake(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Janas Fehleranalyse fand die Ursache.",
    "Janas Fehler-Dashboard zeigte den Anstieg.",
    "Kubernetes Fehler kostete uns vier Stunden.",
    "Des Dienstes Fehler kostete uns vier Stunden.",
    "Das war nicht Janas Fehler, sondern ein fehlender Lock.",
    "Es war nicht der Fehler von Jana.",
])
def test_a_thing_in_the_genitive_or_a_denial_passes(sentence: str) -> None:
    assert _found(sentence) == []


# --- measures against a person in the passive ----------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Dem Techniker wurde wegen des Vorfalls der Produktionszugang entzogen.",
     [("PM311", 4, "Techniker wurde wegen des Vorfalls der Produktionszugang entzogen")]),
    ("Dem Techniker wurde der Zugang entzogen.", [("PM311", 4, "Techniker wurde der Zugang entzogen")]),
    ("Nach dem Vorfall wurde der Techniker in ein anderes Team versetzt.",
     [("PM311", 17, "wurde der Techniker in ein anderes Team versetzt")]),
    ("Die Technikerin wurde in ein anderes Team versetzt.",
     [("PM311", 16, "wurde in ein anderes Team versetzt")]),
])
def test_access_taken_or_a_transfer_is_discipline(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Dem Dienst wurde wegen des Vorfalls der Produktionszugang entzogen.",
    "Dem Cronjob wurden wegen des Vorfalls die Schreibrechte entzogen.",
    "Dem Techniker wurde wegen des Vorfalls nicht der Produktionszugang entzogen.",
    "Nach dem Vorfall wurde der Dienst in ein anderes Team versetzt.",
    "Nach dem Vorfall wurde der Techniker nicht in ein anderes Team versetzt.",
])
def test_access_taken_from_a_system_or_denied_passes(sentence: str) -> None:
    assert _found(sentence) == []


# --- a command copied "blind" ----------------------------------------------------------------------


def test_blind_as_the_manner_of_an_action_judges_the_person() -> None:
    # the same code as English "blindly"
    assert _found("Der Admin hat den Befehl blind aus dem Wiki kopiert.") == [
        ("PM308", 25, "blind aus dem Wiki kopiert")]


@pytest.mark.parametrize("sentence", [
    "Das Skript hat den Befehl blind aus dem Wiki kopiert.",
    "Der Admin war auf dem Dashboard blind für die Fehlerrate.",
    "Der Monitor hatte einen blinden Fleck.",
])
def test_blind_of_a_system_or_as_a_state_passes(sentence: str) -> None:
    assert _found(sentence) == []


# --- the same acts denied ------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    # A blameless postmortem may say so to reassure: nobody was punished, the act did not happen.
    "Der Techniker wurde nicht entlassen.",
    "Die Technikerin wurde nie aus der Rufbereitschaft genommen.",
    "Der DBA hat den falschen Befehl nicht ausgeführt.",
    "Der Admin hat den Befehl nicht blind kopiert.",
])
def test_the_act_denied_passes(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Techniker wurde nicht nur entlassen, sondern angezeigt.",
     [("PM311", 14, "wurde nicht nur entlassen")]),
    ("Der Techniker wurde sofort entlassen.", [("PM311", 14, "wurde sofort entlassen")]),
])
def test_the_act_not_denied_is_still_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# --- English: a warning in the passive, access taken for the incident ------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A written warning was issued to the responsible engineer.",
     [("PM311", 0, "A written warning was issued to the responsible engineer")]),
    ("The engineer's access was revoked as a consequence of the incident.",
     [("PM311", 4, "engineer's access was revoked as a consequence of the incident")]),
])
def test_a_warning_or_access_taken_for_the_incident_is_discipline(sentence: str, expected: Found) -> None:
    assert _found(sentence, "en") == expected


@pytest.mark.parametrize("sentence", [
    "A formal warning was issued to the vendor.",
    "A warning was issued to the on-call engineer by the monitoring system.",
    "The departed employee's access was revoked during offboarding.",
    "The engineer's access was not revoked after the incident.",
])
def test_a_warning_to_no_person_or_routine_access_passes(sentence: str) -> None:
    assert _found(sentence, "en") == []
