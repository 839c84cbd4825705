"""German wording from a held-out round of testing: fair text the blameless rules flagged (an
imagined colleague who would have missed it too, "man hätte meinen können", a missing tool, an
option's cost, a limit on what someone could do) and blameful text they missed."""

from __future__ import annotations

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
