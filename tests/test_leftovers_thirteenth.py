"""Open ends of earlier rounds, closed: restated template facts on rendered pages, and more."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EVENT, FIXTURES, good_text, run
from pmkit.api import check_text
from pmkit.cli import main
from pmkit.prose import scan

TEMPLATES = FIXTURES / "templates"


def _page(path: Path) -> str:
    """The page as ``pmkit render`` prints it (the command reads the body's own sections)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["render", str(path)]) == 0
    return out.getvalue()


def test_a_templates_own_date_and_authors_lines_are_not_shown_twice() -> None:
    page = _page(TEMPLATES / "2015-10-21-shakespeare-sonnet.md")
    head = page.split("## Summary")[0]
    assert head.count("**Date:**") == 1
    assert head.count("**Authors:**") == 1
    # It says more than the page's own status ("draft"): kept, as written.
    assert "**Status:** Complete, action items in progress" in head


def test_a_key_facts_table_keeps_only_its_rows_the_page_does_not_show() -> None:
    head = _page(TEMPLATES / "2025-06-18-stoerungsbericht.md").split("## Zusammenfassung")[0]
    assert "| **Datum** | 18.06.2025 |" not in head  # the same day as "- **Datum:** 2025-06-18"
    assert "| **Schweregrad** | SEV2 |" not in head
    assert "| | |\n| --- | --- |\n| **Dauer** | 70 Minuten |" in head


def _with_lead(tmp_path: Path, lead: str) -> Path:
    source = (TEMPLATES / "2015-10-21-shakespeare-sonnet.md").read_text(encoding="utf-8")
    front, _, body = source.partition("\n---\n")
    body = body.split("## Summary", 1)[1]
    path = tmp_path / "2015-10-21-shakespeare-sonnet.md"
    path.write_text(f"{front}\n---\n# Shakespeare Sonnet++ postmortem\n\n{lead}\n\n## Summary{body}",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("line", ["**Date:** October 21, 2015", "- **Date:** 21 Oct 2015",
                                  "**Date**: 21.10.2015", "**Severity:** sev2"])
def test_the_same_fact_in_another_form_is_not_repeated(tmp_path: Path, line: str) -> None:
    head = _page(_with_lead(tmp_path, f"{line}\n\nWritten for the search team.")).split("## Summary")[0]
    assert line not in head
    assert "Written for the search team." in head


@pytest.mark.parametrize("line", ["**Date:** 2015-10-22", "**Date:** October 22, 2015",
                                  "**Owner:** search on-call", "**Incident commander:** jennifer",
                                  "**Date:** 21 October 2015 to 22 October 2015"])
def test_a_line_that_differs_from_the_page_stays(tmp_path: Path, line: str) -> None:
    assert line in _page(_with_lead(tmp_path, line))


GERMAN = (Path(__file__).parent.parent / "examples" / "postmortems" / "2024-03-12-zahlungsausfall.yaml")
D1_TRADEOFF = """    tradeoff: |
      Verfügbarkeit der Kartenzahlung vor Kosten und Komfort: Der Zweitanbieter
      berechnet 0,4 Prozentpunkte mehr Gebühr, und gespeicherte Karten mussten
      neu eingegeben werden.
"""
D1_RATIONALE = """      Der Zweitanbieter war nicht betroffen und wurde im Februar zuletzt
      erfolgreich getestet. Ein ergänztes Zertifikatsbundle brauchte nach
      Schätzung des Teams mindestens eine Stunde bis in die Produktion.
"""


def _pm206_hint(rationale: str) -> list[tuple[int, str | None]]:
    text = GERMAN.read_text(encoding="utf-8")
    assert D1_TRADEOFF in text and D1_RATIONALE in text
    text = text.replace(D1_TRADEOFF, "").replace(D1_RATIONALE, f"      {rationale}\n")
    return [(d.line, d.hint) for d in check_text(text, path="pm.yaml") if d.code == "PM206"]


@pytest.mark.parametrize(("rationale", "said"), [
    ("Die Verfügbarkeit der Kartenzahlung hatte Vorrang vor den höheren Gebühren des Zweitanbieters.",
     "Die Verfügbarkeit der Kartenzahlung hatte Vorrang vor den höheren Gebühren des Zweitanbieters"),
    ("Der Zweitanbieter war getestet, und wir haben die Verfügbarkeit über 0,4 Prozentpunkte Gebühr "
     "gestellt.", "wir haben die Verfügbarkeit über 0,4 Prozentpunkte Gebühr gestellt"),
    ("Zahlungen waren uns wichtiger als der Komfort gespeicherter Karten; der Zweitanbieter war getestet.",
     "Zahlungen waren uns wichtiger als der Komfort gespeicherter Karten"),
])
def test_a_german_tradeoff_said_in_the_rationale_is_quoted(rationale: str, said: str) -> None:
    assert _pm206_hint(rationale) == [
        (103, f"The rationale names it ('{said}'): write it as 'tradeoff: {said[:1].upper()}{said[1:]}', "
              "what was given up for what.")]


@pytest.mark.parametrize("rationale", [
    "Der Zweitanbieter war nicht betroffen und wurde im Februar zuletzt erfolgreich getestet.",
    "Die Umleitung hatte Vorrang.",  # nothing given up is named
    "Der Alarm kam vor der Meldung des Kunden, danach wurde die Priorität auf P1 gestellt.",
])
def test_a_german_rationale_without_a_tradeoff_keeps_the_plain_hint(rationale: str) -> None:
    assert _pm206_hint(rationale) == [
        (103, "Add 'tradeoff:': what was given up for what (e.g. 'data integrity over time to recovery').")]


HEAD_LINES = "pmkit: 1\nid: 2026-01-01-x\n"
REST = "status: draft\nlang: en\nseverity: SEV3\n"


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("!!float '1.5'", "'title' must be text, not the number 1.5",
     "Remove the !!float tag, which makes YAML read the value as the number 1.5."),
    ('!!int "3"', "'title' must be text, not the number 3",
     "Remove the !!int tag, which makes YAML read the value as the number 3."),
    ("1.10", "'title' must be text, not the number 1.1",
     "YAML reads '1.10' as the number 1.1: quote the value to keep it as written, title: \"1.10\"."),
])
def test_a_number_made_by_a_tag_is_told_to_drop_the_tag_not_to_quote(written: str, message: str,
                                                                       hint: str) -> None:
    found = [(d.line, d.col, d.message, d.hint) for d in check_text(
        f"{HEAD_LINES}title: {written}\n{REST}", path="pm.yaml") if d.code == "PM012"]
    assert found == [(3, 8, message, hint)]


def test_a_boolean_in_the_settings_is_shown_as_toml_writes_it(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".pmkit.toml").write_text('[tool.pmkit]\nfail-on = true\n', encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(f"{HEAD_LINES}title: t\n{REST}", encoding="utf-8")
    assert main(["check", "--config", str(tmp_path / ".pmkit.toml"), str(tmp_path / "pm.yaml")]) == 2
    assert capsys.readouterr().err.endswith(
        ': fail-on must be one severity in quotes: "error", "warning" or "info", got true\n')


INCIDENT_REGIME = """\
pmkit: 1
id: 2026-10-01-portal
title: Customer portal defaced
status: draft
lang: en
severity: SEV2
disclosure:
  regimes: [REGIME]
  aware_at: 2026-10-01T10:00:00+05:30
"""


@pytest.mark.parametrize(("regime", "found"), [("cert-in", "the incident"), ("ch-isa", "the incident"),
                                                ("hipaa", "the breach")])
def test_pm406_offers_aware_at_as_the_discovery_of_an_incident_or_a_breach(regime: str, found: str) -> None:
    hints = {d.hint for d in run(INCIDENT_REGIME.replace("REGIME", regime), select=["PM406"],
                                 now="2026-12-05T00:00:00Z")}
    assert hints == {
        "Record disclosure.discovered_at with the exact time and its UTC offset. aware_at is recorded "
        f"(2026-10-01T10:00:00+05:30): if {found} was discovered then, write discovered_at: "
        "2026-10-01T10:00:00+05:30."}


@pytest.mark.parametrize(("text", "found"), [
    ("Seitens des Sachbearbeiters wurde die Frist nicht eingehalten.",
     "Seitens des Sachbearbeiters wurde die Frist nicht eingehalten"),
    ("Die Nichtbeachtung der Vorgabe durch den Mitarbeiter war ursächlich.",
     "Nichtbeachtung der Vorgabe durch den Mitarbeiter"),
    ("Eine Fehleingabe durch einen neuen Kollegen löste den Ausfall aus.",
     "Fehleingabe durch einen neuen Kollegen"),
])
def test_a_person_blamed_in_german_official_style_is_a_euphemism(text: str, found: str) -> None:
    assert [(f.code, f.text) for f in scan(text, "de")] == [("PM310", found)]


@pytest.mark.parametrize("text", [
    "Seitens des Betriebs wurde die Wartung angekündigt.",
    "Seitens des Sachbearbeiters wurde die Frist eingehalten.",
    "Seitens der Datenbank wurde die Verbindung nicht gehalten.",
    "Seitens des Monitorings wurde der Ausfall nicht erkannt.",
    "Die Nichtbeachtung der Vorgabe durch den Scheduler war ursächlich.",
    "Die Nichtbeachtung der Vorgabe durch das Deploy-Skript war ursächlich.",
])
def test_the_same_official_style_about_a_system_or_without_a_failure_is_quiet(text: str) -> None:
    assert scan(text, "de") == []


def test_options_written_as_a_sentence_are_not_offered_in_brackets() -> None:
    # The hint was "options_considered: [We could roll back, fail over, or wait for the vendor.]",
    # which YAML reads as three items cut at the commas, "or wait for the vendor." one of them.
    text = GERMAN.read_text(encoding="utf-8").replace(
        """    options_considered:
      - auf das ergänzte Zertifikatsbundle warten
      - Kartenzahlungen auf den Zweitanbieter umleiten
      - Kartenzahlung abschalten und nur PayPal und Rechnung anbieten
""", "    options_considered: Wir konnten warten, umleiten oder die Kartenzahlung abschalten.\n")
    found = [(d.line, d.col, d.hint) for d in check_text(text, path="pm.yaml") if d.code == "PM012"]
    assert found == [(110, 25, "Write each item on its own line under 'options_considered:', starting with "
                                "'- ' (in brackets, this sentence would be split at its commas).")]


@pytest.mark.parametrize(("event", "found"), [
    ("Decision to roll back release 4.2 pending.", []),
    ("The decision to fail over is still open.", []),
    ("Entscheidung, den Rollout anzuhalten, steht noch aus.", []),
    ("Decision to roll back release 4.2.", [("PM207", 40, 12)]),
    ("Decided to roll back pending approval from the VP.", [("PM207", 40, 12)]),
])
def test_a_decision_said_to_be_still_open_links_no_record(event: str,
                                                          found: list[tuple[str, int, int]]) -> None:
    text = good_text().replace(f"    actor: monitoring\n{EVENT}",
                               f"    actor: incident commander\n    event: {event}")
    assert [(d.code, d.line, d.col) for d in run(text, select=["PM207"])] == found


_INTERRUPTED_AT_FORK = """
import os, signal, sys
from pmkit.cli import main

sent = []


def interrupt() -> None:
    # The user's Ctrl-C, arriving while Python runs the handlers of a fork (logging's among them)
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGINT)


os.register_at_fork(after_in_parent=interrupt)
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(os, "register_at_fork") or not hasattr(signal, "pthread_sigmask"),
                    reason="forks and signal masks are POSIX")
@pytest.mark.parametrize("jobs", [["--jobs", "2"], []])
def test_an_interrupt_during_a_fork_ends_the_run_with_130(tmp_path: Path, jobs: list[str]) -> None:
    # A KeyboardInterrupt raised inside a fork's handler is lost ("Exception ignored in
    # _releaseLock"): a run interrupted as its workers (or its second process) were forked
    # went on to its end and exited 1, under load once in a few interrupts.
    text = (FIXTURES.parent.parent / "examples" / "postmortems" / "2025-02-14-login-outage.yaml").read_text(
        encoding="utf-8")
    for index in range(4 if jobs else 1):
        (tmp_path / f"pm{index}.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _INTERRUPTED_AT_FORK, "check", *jobs, str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PMKIT_NOW": "2026-01-01T00:00:00Z"})
    assert (done.returncode, done.stderr) == (130, "")
