"""German wording from a held-out round of testing: fair text the blameless rules flagged (an
imagined colleague who would have missed it too, "man hätte meinen können", a missing tool, an
option's cost, a limit on what someone could do) and blameful text they missed."""

from __future__ import annotations

import re
import textwrap

import pytest

from pmkit.config import parse_config
from pmkit.engine import Checker
from pmkit.prose import scan

Found = list[tuple[str, int, str]]

NOW = "2026-04-01T00:00:00Z"

#: A clean SEV3 German postmortem; ``RATIONALE`` stands for its decision's rationale (line 57,
#: column 16) and ``WENT_WRONG`` for its one ``lessons.went_wrong`` item (line 63, column 7).
DOCUMENT = """\
pmkit: 1
id: 2026-03-03-basis
title: Anmeldung im Kundenportal war 25 Minuten lang gestört
status: published
lang: de
severity: SEV3
timezone: Europe/Berlin
owner: Leitung Plattform
authors: [Bereitschaft Plattform]
services: [login]
summary: |
  Am 3. März 2026 konnten sich Kundinnen und Kunden von 14:05 bis 14:30 Uhr nicht
  im Kundenportal anmelden. Ein Deployment hatte einen falschen Wert in die
  Konfiguration geschrieben. Nach dem Rollback lief die Anmeldung wieder.
impact:
  description: 1.240 Anmeldeversuche schlugen fehl.
  users_affected: 1240
  data_loss: false
timeline:
  - at: 2026-03-03T14:05:00
    milestone: impact_started
    actor: Deploy-Pipeline
    event: Das Deployment 2026.03.03-2 wurde ausgerollt.
  - at: 2026-03-03T14:09:00
    milestone: detected
    actor: Monitoring
    event: Der Alarm für die Fehlerquote der Anmeldung schlug an.
  - at: 2026-03-03T14:12:00
    milestone: acknowledged
    actor: Bereitschaft Plattform
    event: Der Pager wurde quittiert.
  - at: 2026-03-03T14:30:00
    milestone: mitigated
    actor: Bereitschaft Plattform
    event: Rollback auf 2026.03.03-1 abgeschlossen; die Fehlerquote fiel unter 0,5 %.
  - at: 2026-03-03T14:50:00
    milestone: resolved
    actor: Bereitschaft Plattform
    event: Die Fehlerquote lag 20 Minuten lang auf Normalniveau.
contributing_factors:
  - id: CF1
    description: Die Konfiguration wird beim Deployment nicht gegen ein Schema geprüft.
    category: Konfiguration
action_items:
  - id: AI1
    title: Schemaprüfung der Konfiguration in die Deploy-Pipeline einbauen
    type: prevent
    priority: P1
    owner: Leitung Plattform
    due: 2026-04-15
    tracker: https://tickets.example.de/PLAT-101
    status: done
    addresses: [CF1]
decisions:
  - id: D1
    decision: Auf die Vorversion zurückrollen.
    rationale: RATIONALE
    decided_by: Bereitschaft Plattform
lessons:
  went_well:
    - Der Rollback dauerte nur 4 Minuten.
  went_wrong:
    - WENT_WRONG
  lucky:
    - Der Ausfall lag außerhalb der Hauptlast.
"""


def _found(sentence: str, lang: str = "de") -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang=lang)]


def _in_document(sentence: str, rationale: str = "Die Vorversion lief seit zwei Wochen ohne Fehler.",
                 ) -> list[tuple[str, int, int]]:
    """``(code, line, column)`` of the PM3xx findings with ``sentence`` as the lesson."""
    text = DOCUMENT.replace("WENT_WRONG", sentence).replace("RATIONALE", rationale)
    config = parse_config({})
    config.select = ["PM3"]
    found = Checker(config, now=NOW).check_text(textwrap.dedent(text), "pm.yaml")
    return [(d.code, d.line, d.col) for d in found]


# --- fair text that must pass -------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Auch ein erfahrener Kollege hätte die Warnung in diesem Dashboard übersehen.",
    "Selbst eine erfahrene Kollegin hätte die Warnung übersehen.",
    "Sogar ein Admin mit zehn Jahren Erfahrung hätte den Alarm verpasst.",
    "Man hätte meinen können, dass der Cache warm war.",
    "Man hätte denken können, dass der Cache warm war.",
    "Man hätte glauben können, der Cache sei warm.",
    "Hätten wir einen Canary gehabt, wäre der Fehler bei 5 % Traffic aufgefallen.",
    "Der Fehler wäre bei 5 % Traffic aufgefallen, hätten wir einen Canary gehabt.",
    "Ein Hotfix hätte 40 Minuten gedauert; der Entwickler hätte ihn erst schreiben und testen müssen.",
    "Das hätte 40 Minuten gedauert: der Entwickler hätte ihn erst schreiben müssen.",
    "Die Bereitschaft hätte den Rollback nur mit Root-Rechten starten können, die sie nicht hatte.",
    "Der Admin hätte das Deployment erst nach der Freigabe ausrollen können.",
])
def test_fair_german_text_passes(sentence: str) -> None:
    assert _found(sentence) == []


def test_an_imagined_colleague_passes_in_the_document() -> None:
    assert _in_document("Auch ein erfahrener Kollege hätte die Warnung in diesem Dashboard übersehen.") == []


def test_a_baseline_lesson_is_placed_where_it_stands() -> None:
    assert _in_document("Der Kollege hat die Warnung übersehen.") == [("PM308", 63, 35)]


def test_an_option_weighed_in_a_rationale_passes() -> None:
    option = ("Ein Hotfix hätte 40 Minuten gedauert; "
              "der Entwickler hätte ihn erst schreiben und testen müssen.")
    assert _in_document("Der Canary hat den Fehler nicht erkannt.", rationale=option) == []


def test_the_english_imagined_engineer_passes() -> None:
    assert _found("Even an experienced engineer would have missed the warning in this dashboard.", "en") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # a colleague who did miss it, or one said to have missed it, is still judged
    ("Der Kollege hat die Warnung übersehen.", ("PM308", "übersehen")),
    ("Auch ein Kollege hat die Warnung übersehen.", ("PM308", "übersehen")),
    ("Even the engineer would have missed the warning.", ("PM308", "missed the warning")),
    # thinking of something is still what someone could have done
    ("Der Admin hätte daran denken können, den Cache zu leeren.",
     ("PM302", "hätte daran denken können")),
    # what someone would have done, not had, stays a counterfactual
    ("Hätte der Admin das Backup geprüft, wäre nichts passiert.",
     ("PM302", "Hätte der Admin das Backup geprüft,")),
    # after what the option would have prevented, or with all it took, it is hindsight
    ("Der Rollback hätte den Ausfall verhindert; der Admin hätte ihn starten müssen.",
     ("PM302", "hätte ihn starten müssen")),
    ("Ein Hotfix hätte 40 Minuten gedauert; der Entwickler hätte ihn nur schreiben müssen.",
     ("PM302", "hätte ihn nur schreiben müssen")),
    # no limit named: what someone could have done sooner
    ("Die Bereitschaft hätte den Rollback früher starten können.",
     ("PM302", "hätte den Rollback früher starten können")),
    ("Der Admin hätte nur mit mehr Sorgfalt arbeiten müssen.",
     ("PM302", "hätte nur mit mehr Sorgfalt arbeiten müssen")),
])
def test_near_misses_are_still_reported(sentence: str, expected: tuple[str, str]) -> None:
    code, phrase = expected
    lang = "de" if " the " not in sentence else "en"
    assert _found(sentence, lang) == [(code, sentence.index(phrase), phrase)]


# --- blameful text that must be reported ------------------------------------------------------

@pytest.mark.parametrize(("sentence", "code", "phrase"), [
    # a role of two English words, its head a role
    ("Der Release Manager hat die Warnung ignoriert.", "PM308", "ignoriert"),
    ("Der Release Manager hat gepennt.", "PM303", "gepennt"),
    ("Der Product Owner hat die Warnung ignoriert.", "PM308", "ignoriert"),
    # "der Neue" is a person
    ("Der Neue hat den falschen Knopf gedrückt.", "PM308", "den falschen Knopf gedrückt"),
    ("Die Neue hat den falschen Knopf gedrückt.", "PM308", "den falschen Knopf gedrückt"),
    # the verbs of version control and deployment as German texts write them
    ("Der Kollege hat den falschen Branch gemergt.", "PM308", "den falschen Branch gemergt"),
    ("Der Dev hat auf dem falschen Cluster deployed.", "PM308", "auf dem falschen Cluster deployed"),
    # the predicate first
    ("Verantwortlich für den Ausfall ist die Bereitschaft.", "PM304",
     "Verantwortlich für den Ausfall ist die Bereitschaft"),
    ("Für den Ausfall verantwortlich war der Entwickler.", "PM304",
     "Für den Ausfall verantwortlich war der Entwickler"),
    # "seitens" names the person as the genitive does
    ("Es kam zu einem Versehen seitens der Bereitschaft.", "PM310", "Versehen seitens der Bereitschaft"),
    # "did not think to", "failed to"
    ("Der Operator hat nicht daran gedacht, den Wartungsmodus zu beenden.", "PM302", "nicht daran gedacht"),
    ("Der SRE hat es nicht geschafft, den Rollback rechtzeitig zu starten.", "PM302",
     "hat es nicht geschafft"),
    # intent in the passive, of a safeguard people skip
    ("Das Review wurde bewusst übersprungen, um den Termin zu halten.", "PM307",
     "Das Review wurde bewusst übersprungen"),
    ("Das Review wurde wissentlich übersprungen, um den Termin zu halten.", "PM307",
     "Das Review wurde wissentlich übersprungen"),
    # "all it would have taken"
    ("Es hätte nur einen Blick in die Logs gebraucht.", "PM305",
     "Es hätte nur einen Blick in die Logs gebraucht"),
])
def test_blameful_german_text_is_reported(sentence: str, code: str, phrase: str) -> None:
    assert _found(sentence) == [(code, sentence.index(phrase), phrase)]


@pytest.mark.parametrize(("sentence", "code", "phrase"), [
    ("The engineer merged the wrong branch.", "PM308", "merged the wrong"),
    ("The engineer deployed to the wrong cluster.", "PM308", "deployed to the wrong"),
    ("The review was deliberately skipped to meet the deadline.", "PM307",
     "The review was deliberately skipped"),
])
def test_blameful_english_text_is_reported(sentence: str, code: str, phrase: str) -> None:
    assert _found(sentence, "en") == [(code, sentence.index(phrase), phrase)]


def test_a_role_of_two_words_is_placed_in_the_document() -> None:
    assert _in_document("Der Release Manager hat die Warnung ignoriert.") == [("PM308", 63, 43)]


@pytest.mark.parametrize("sentence", [
    # an adjective before a noun, and "das Neue", are no person
    "Der Neue Mitarbeiter-Ausweis hat den falschen Knopf gedrückt.",
    "Das Neue an dem Release war der Cache.",
    # a release alone, and a product's operator, are software
    "Der Release hat die Warnung ignoriert.",
    "Der Kubernetes Operator hat die Warnung ignoriert.",
    # what software did, a denial, a reason, a cost
    "Die Pipeline hat den falschen Branch gemergt, weil die Regel veraltet war.",
    "Verantwortlich für den Ausfall war ein abgelaufenes Zertifikat.",
    "Verantwortlich für den Ausfall war nicht die Bereitschaft.",
    "Es kam zu einem Fehler seitens des Dienstes.",
    "Der Job hat es nicht geschafft, den Rollback rechtzeitig zu starten.",
    "Wir haben es nicht geschafft, den Rollback rechtzeitig zu starten.",
    "Ich hätte nicht gedacht, dass der Cache so groß ist.",
    "Der Operator hat nicht daran gedacht, den Wartungsmodus zu beenden, weil das Runbook den Schritt "
    "nicht enthielt.",
    "Die fehlerhaften Knoten wurden bewusst übersprungen.",
    "Das Review wurde übersprungen, um den Termin zu halten.",
    "Das Review wurde bewusst übersprungen und das Risiko in Kauf genommen.",
    "Es hätte zwei Stunden gebraucht, den Index neu aufzubauen.",
])
def test_german_near_misses_pass(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The pipeline deployed to the wrong cluster.",
    "The engineer merged the fix into the main branch.",
    "Unhealthy hosts were deliberately skipped.",
    "The review was skipped to meet the deadline.",
])
def test_english_near_misses_pass(sentence: str) -> None:
    assert _found(sentence, "en") == []


# --- messages ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "message"), [
    ("Die Nachlässigkeit des Teams führte zum Ausfall.",
     '"Nachlässigkeit des Teams" is a euphemism for blaming "Team"'),
    ("Ein Versehen eines Mitarbeiters führte zur Löschung der Daten.",
     '"Versehen eines Mitarbeiters" is a euphemism for blaming "Mitarbeiter"'),
    ("Ein Versehen der Bereitschaft führte zum Ausfall.",
     '"Versehen der Bereitschaft" is a euphemism for blaming "Bereitschaft"'),
])
def test_a_person_in_the_genitive_is_named_by_the_base_form(sentence: str, message: str) -> None:
    assert [f.message for f in scan(sentence, lang="de")] == [message]


# --- the German examples of the rule pages --------------------------------------------------------

def _german_blocks(code: str) -> tuple[str, str]:
    """The sentences of a blameless rule page's German example and German instead."""
    from ruamel.yaml import YAML

    from pmkit.rules import registry

    page = next(rule for rule in registry() if rule.code == code).doc()
    found = []
    for label in ("German example", "German instead"):
        match = re.search(rf"^{label}\b[^\n]*::\n\n((?:(?:    [^\n]*)?\n)+)", page + "\n", re.M)
        assert match, (code, label)
        data = YAML(typ="safe").load(textwrap.dedent(match.group(1)))
        found.append(data["summary"] if "summary" in data else data["action_items"][0]["title"])
    return found[0].strip(), found[1].strip()


@pytest.mark.parametrize("code", [f"PM3{n:02d}" for n in range(1, 12)])
def test_each_rule_page_shows_a_german_example_that_it_reports(code: str) -> None:
    example, instead = _german_blocks(code)
    assert [code] == sorted({f.code for f in scan(example, lang="de")})
    assert [(found, line) for found, line, _ in _in_document(example)] == [(code, 63)]
    assert scan(instead, lang="de") == []
    assert _in_document(instead) == []
