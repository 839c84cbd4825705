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


# --- PM306: people reminded, asked or told to be more careful ---------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Wir haben das Team daran erinnert, vorsichtiger zu sein.",
     [("PM306", 10, "das Team daran erinnert")]),
    ("Die Entwickler wurden daran erinnert, die Checkliste zu nutzen.",
     [("PM306", 15, "wurden daran erinnert")]),
    ("Alle Admins werden erneut an das Runbook erinnert.",
     [("PM306", 12, "werden erneut an das Runbook erinnert")]),
    ("Wir erinnern alle Entwickler an die Checkliste.",
     [("PM306", 4, "erinnern alle Entwickler an")]),
    ("Der Techniker wurde angewiesen, künftig sorgfältiger zu arbeiten.",
     [("PM306", 14, "wurde angewiesen, künftig sorgfältiger zu arbeiten")]),
    ("Wir bitten alle Kolleginnen, in Zukunft vorsichtiger zu sein.",
     [("PM306", 4, "bitten alle Kolleginnen, in Zukunft vorsichtiger zu sein")]),
    ("Die Kolleginnen wurden aufgefordert, Befehle künftig genauer zu prüfen.",
     [("PM306", 16, "wurden aufgefordert, Befehle künftig genauer zu prüfen")]),
    ("Die Bereitschaft wurde gebeten, aufmerksamer zu sein.",
     [("PM306", 17, "wurde gebeten, aufmerksamer zu sein")]),
    ("Wir werden die Mitarbeiterinnen noch einmal an die Freigaberegeln erinnern.",
     [("PM306", 11, "die Mitarbeiterinnen noch einmal an die Freigaberegeln erinnern")]),
    ("Der Teamleiter hat die Ingenieure ausdrücklich daran erinnert, Backups zu prüfen.",
     [("PM306", 19, "die Ingenieure ausdrücklich daran erinnert")]),
])
def test_reminding_people_is_a_person_targeted_action(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# (passed before these entries and still pass)
@pytest.mark.parametrize("sentence", [
    "Der Bot erinnert die Bereitschaft an offene Tickets.",
    "Der Kalender erinnert das Team daran, das Zertifikat zu erneuern.",
    "Die Kunden wurden per E-Mail an die Wartung erinnert.",
    "Der Kollege erinnerte sich daran, dass der Cronjob nachts läuft.",
    "Die Entwickler erinnerten sich an den Vorfall vom letzten Jahr.",
    "Wir haben die Kollegin nicht an die Checkliste erinnert, sondern die Prüfung automatisiert.",
    "Es reicht nicht, vorsichtiger zu sein; das Werkzeug braucht eine Sperre.",
    "Die Validierung ist darauf ausgelegt, vorsichtiger zu sein als der alte Parser.",
    "Der Alarm wurde ignoriert, weil er als Duplikat markiert war.",
    "Ob die Bereitschaft künftig an offene Tickets erinnert wird, ist noch offen.",
    "Die Kunden wurden gebeten, ihre Passwörter bis zum Ende der Wartung nicht zu ändern.",
    ("Das Deploy-Skript wurde angewiesen, künftig vorsichtiger vorzugehen und nur einen Knoten pro Minute "
     "zu ersetzen."),
    "Die Bereitschaft wurde vom Pager an den offenen Alarm erinnert.",
    "Die Kollegin berichtete, sie habe sich an die Warnung vom Vortag erinnert.",
    "Die Bereitschaft hat den Alarm bestätigt und die Datenbank nach Runbook neu gestartet.",
])
def test_memory_tools_and_open_decisions_pass(sentence: str) -> None:
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
