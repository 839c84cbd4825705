"""German blameless phrasing a postmortem writer uses and that passed: the wish with its subject
after "doch nur" ("Hätte doch nur jemand ..."), a person's character or competence judged by an
adjective ("ein übermotivierter Entwickler", "der Kollege war ahnungslos"), and people reminded,
asked or told to be more careful as a measure.

Every sentence that must be flagged was passed by the lexicon before these entries; every
sentence that must pass was passed before them as well and still is: the same words said of a
system, negated, quoted, as memory ("erinnerte sich"), as a reminder a tool sends, or as a
decision still open."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str) -> Found:
    """The code, the offset and the words of each finding of the German ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, "de")]


# --- PM302: the wish with its subject after "doch nur" --------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Hätte doch nur jemand vor dem Deployment in die Logs geschaut!",
     [("PM302", 0, "Hätte doch nur jemand")]),
    ("Hätte doch bloß die Bereitschaft früher eskaliert.",
     [("PM302", 0, "Hätte doch bloß die Bereitschaft")]),
    ("Wäre doch nur die Kollegin früher eingeschritten!",
     [("PM302", 0, "Wäre doch nur die Kollegin")]),
    ("Hätten doch nur die Entwickler die Warnung im Build gelesen.",
     [("PM302", 0, "Hätten doch nur die Entwickler")]),
    ("Hätte doch nur ein Techniker das Kabel geprüft.",
     [("PM302", 0, "Hätte doch nur ein Techniker")]),
    ("Hätte doch bloß irgendwer nachgefragt!",
     [("PM302", 0, "Hätte doch bloß irgendwer")]),
    ("Hätte doch nur der Admin das Runbook befolgt.",
     [("PM302", 0, "Hätte doch nur der Admin")]),
])
def test_a_wish_about_a_person_is_a_counterfactual(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# (passed before these entries and still pass)
@pytest.mark.parametrize("sentence", [
    "Hätte doch nur der Failover zwei Sekunden früher gegriffen!",
    "Hätte doch nur das Monitoring früher alarmiert.",
    "Wäre doch nur der Cache größer gewesen.",
    "Hätte der Failover doch nur gegriffen!",
])
def test_a_wish_about_a_system_passes(sentence: str) -> None:
    assert _found(sentence) == []


# --- PM303: a person's character or competence ----------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ein übermotivierter Entwickler hat die Änderung ohne Review eingespielt.",
     [("PM303", 4, "übermotivierter Entwickler")]),
    ("Die ahnungslose Praktikantin hat den Schalter umgelegt.",
     [("PM303", 4, "ahnungslose Praktikantin")]),
    ("Der übereifrige Kollege startete alle Knoten gleichzeitig neu.",
     [("PM303", 4, "übereifrige Kollege")]),
    ("Eine naive Entwicklerin hat das Passwort ins Repository geschrieben.",
     [("PM303", 5, "naive Entwicklerin")]),
    ("Der arrogante Admin hat die Einwände des Teams abgetan.",
     [("PM303", 4, "arrogante Admin")]),
    ("Ein unzuverlässiger Mitarbeiter hat die Übergabe nicht dokumentiert.",
     [("PM303", 4, "unzuverlässiger Mitarbeiter")]),
    ("Der Kollege war übermotiviert und hat den Cluster neu gestartet.",
     [("PM303", 12, "war übermotiviert")]),
    ("Die Technikerin ging viel zu übereifrig vor.",
     [("PM303", 16, "ging viel zu übereifrig")]),
    ("Der Ingenieur war schlicht ahnungslos.",
     [("PM303", 14, "war schlicht ahnungslos")]),
    ("Die Bereitschaft handelte verantwortungslos.",
     [("PM303", 17, "handelte verantwortungslos")]),
])
def test_a_person_judged_by_an_adjective(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# (passed before these entries and still pass)
@pytest.mark.parametrize("sentence", [
    "Ein übermotivierter Retry-Mechanismus hat die Datenbank überlastet.",
    "Eine naive Implementierung des Caches lud alles in den Speicher.",
    "Der Retry-Mechanismus war übereifrig und hat die Datenbank überlastet.",
    "Ahnungslose Kunden klickten auf den Link in der Phishing-Mail.",
    "Ein unzuverlässiges Netzwerk zwischen den Rechenzentren verlor Pakete.",
    "Der Kollege handelte nicht aus Leichtsinn, sondern nach dem veralteten Runbook.",
    "Die Kollegin war nicht übermotiviert, sondern folgte dem Eskalationsplan.",
    "Wir vermeiden Sätze wie „Der Admin war ahnungslos“.",
    "Wir schreiben nicht „der unerfahrene Kollege“, sondern „der Kollege in seiner ersten Woche“.",
])
def test_the_same_adjectives_of_a_system_negated_or_quoted_pass(sentence: str) -> None:
    assert _found(sentence) == []


# --- caught before these entries, and still caught the same way ------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Wenn doch nur jemand die Warnung gelesen hätte.",
     [("PM302", 0, "Wenn doch nur jemand die Warnung gelesen hätte")]),
    ("Hätte man das Runbook befolgt, wäre nichts passiert.",
     [("PM302", 0, "Hätte man das Runbook befolgt,")]),
    ("Der unerfahrene Kollege hat die Datenbank neu gestartet.",
     [("PM308", 0, "Der unerfahrene Kollege hat die Datenbank neu gestartet")]),
    ("Der schlampige Admin hat das Zertifikat nicht erneuert.",
     [("PM303", 4, "schlampige")]),
    ("Ein leichtsinniger Mitarbeiter hat den Schalter umgelegt.",
     [("PM303", 4, "leichtsinniger")]),
    ("Die Entwickler müssen in Zukunft sorgfältiger arbeiten.",
     [("PM306", 15, "müssen in Zukunft sorgfältiger arbeiten")]),
    ("Mitarbeiter wurden ermahnt, Checklisten einzuhalten.",
     [("PM306", 19, "ermahnt")]),
    ("Hätte der Administrator doch nur die Logs gelesen!",
     [("PM302", 0, "Hätte der Administrator doch nur")]),
])
def test_the_forms_caught_before_stay_caught(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected
