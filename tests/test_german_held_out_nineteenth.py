"""German postmortems held out in the nineteenth round: terse entries that drop the subject,
root-cause denials, plural fractions and German non-answers, each beside its English twin."""

from __future__ import annotations

import pytest

from helpers import run, where

#: One timeline entry on line 11 (its event at column 12 + the quote): EVENT to fill.
ENTRY = """\
pmkit: 1
id: 2025-11-14-probe
title: Probe
status: draft
lang: {lang}
severity: SEV3
timeline:
  - at: 2025-11-14T11:00:00+01:00
    milestone: impact_started
    actor: Incident Commander
    event: "{event}"
"""


@pytest.mark.parametrize(("lang", "event", "col"), [
    # The subject and the auxiliary dropped: the system noun is what people acted on.
    ("de", "Den Cronjob angehalten.", 25),
    ("de", "Datenbank auf das Replikat umgeschaltet.", 40),
    ("de", "Traffic auf Region B umgeleitet.", 34),
    ("de", "Den Export-Job pausiert.", 28),
    ("en", "Paused the cron job.", 13),
    ("en", "Switched the database over to the replica.", 13),
    ("en", "Redirected traffic to region B.", 13),
    ("de", "Den Importer angehalten.", 26),
])
def test_a_terse_german_entry_with_a_system_as_its_object_is_a_decision(
        lang: str, event: str, col: int) -> None:
    found = run(ENTRY.format(lang=lang, event=event), select=["PM207"])
    assert where(found) == [("PM207", 11, col)]


@pytest.mark.parametrize("event", [
    "Der Job pausierte.",               # a finite verb: the job is its subject
    "Der Cronjob ist angehalten.",      # an auxiliary makes it a state of the job
    "Die Datenbank hat umgeschaltet.",
    "Konten von 120 Kunden wurden gesperrt.",
    "Der Job angehalten.",              # a nominative may still say what the job did
    "Den Kunden wurden die Konten gesperrt.",  # "den" as a dative beside a finite verb
])
def test_a_german_system_subject_still_acts_by_itself(event: str) -> None:
    assert run(ENTRY.format(lang="de", event=event), select=["PM207"]) == []


#: A summary on line 7, its text from column 11.
SUMMARY = """\
pmkit: 1
id: 2025-11-14-probe
title: Probe
status: draft
lang: {lang}
severity: SEV3
summary: "{text}"
"""


@pytest.mark.parametrize(("lang", "text"), [
    # A denial, or how far the search got, frames no single cause, whatever noun names it.
    ("de", "Die Hauptursache war nicht die Datenbank."),
    ("de", "Die Grundursache ist noch nicht gefunden."),
    ("de", "Die Grundursache lag nicht in der Datenbank."),
    ("de", "Eine Grundursache gab es nicht."),
    ("de", "Die Hauptursache war nach 45 Minuten eingegrenzt."),
    ("de", "Die Hauptursache war schnell gefunden."),
    ("de", "Die eigentliche Ursache war nicht die Datenbank."),
    ("de", "Die Hauptursache des Vorfalls war nicht die Datenbank."),
    ("de", "Die Ursache war nicht die Datenbank."),
    ("en", "The root cause was not the database."),
    ("en", "The root cause has not been found yet."),
])
def test_a_denied_or_still_sought_root_cause_frames_nothing(lang: str, text: str) -> None:
    assert run(SUMMARY.format(lang=lang, text=text), select=["PM703"]) == []


@pytest.mark.parametrize(("lang", "text", "col"), [
    ("de", "Die Hauptursache war ein Zertifikat.", 11),
    ("de", "Die Grundursache lag in der Datenbank.", 15),
    ("de", "Hauptursache: ein abgelaufenes Zertifikat.", 11),
    ("de", "Die eigentliche Ursache war ein Zertifikat.", 11),
    ("de", "Die Ursache war ein Zertifikat.", 11),
    ("en", "The root cause was the database.", 11),
])
def test_a_stated_root_cause_is_still_framing(lang: str, text: str, col: int) -> None:
    assert where(run(SUMMARY.format(lang=lang, text=text), select=["PM703"])) == [("PM703", 7, col)]


#: An impact description on line 8, its text from column 16.
IMPACT = """\
pmkit: 1
id: 2025-11-14-probe
title: Probe
status: draft
lang: {lang}
severity: SEV3
impact:
  description: "{text}"
"""


@pytest.mark.parametrize(("lang", "text", "found"), [
    # A fraction above one part is as vague as "ein Drittel" and "two thirds".
    ("de", "Zwei Drittel der Nutzer sahen Fehler.", [("PM503", 8, 17)]),
    ("de", "Drei Viertel der Bestellungen schlugen fehl.", [("PM503", 8, 17)]),
    ("de", "Fast zwei Drittel der Kunden sahen Fehler.", [("PM503", 8, 17)]),
    ("de", "Ein Drittel der Nutzer sah Fehler.", [("PM503", 8, 17)]),
    ("en", "Two thirds of users saw errors.", [("PM503", 8, 17)]),
    ("en", "Three quarters of orders failed.", [("PM503", 8, 17)]),
    # A count beside the fraction answers how many.
    ("de", "Zwei Drittel der Nutzer (8.000 von 12.000) sahen Fehler.", []),
    ("de", "Zwei Drittel der Zeit lief der Dienst normal.", []),
])
def test_a_plural_fraction_is_a_vague_impact(lang: str, text: str, found: list[tuple[str, int, int]]) -> None:
    assert where(run(IMPACT.format(lang=lang, text=text), select=["PM503"])) == found


#: Two entries (the second on line 12) and one decision record (from line 14); ACTOR, EVENT,
#: REASON, OWNER and WHO to fill.
RECORDS = """\
pmkit: 1
id: 2025-11-14-probe
title: Probe
status: draft
lang: {lang}
severity: SEV2
timeline:
  - at: 2025-11-14T11:00:00+01:00
    milestone: impact_started
    actor: Monitoring
    event: Die Fehlerquote stieg auf 30 %.
  - {{at: 2025-11-14T11:05:00+01:00, milestone: detected, actor: "{actor}", event: "{event}"}}
decisions:
  - id: D1
    at: 2025-11-14T11:05:00+01:00
    decision: Den Export stoppen.
    rationale: "{reason}"
    options_considered: [Export stoppen, weiterlaufen lassen]
    tradeoff: "{reason}"
    decided_by: "{who}"
action_items:
  - {{id: AI1, title: Grenzwert für den Export festlegen, owner: "{owner}", due: 2026-12-01}}
"""
GOOD = {"actor": "Bereitschaft", "event": "Alarm ausgelöst.", "reason": "Der Export belegte die Datenbank.",
        "who": "Einsatzleitung", "owner": "Plattform-Team"}


def _findings(lang: str, select: list[str], **values: str) -> list[tuple[str, int, int]]:
    return where(run(RECORDS.format(lang=lang, **{**GOOD, **values}), select=select))


@pytest.mark.parametrize(("lang", "value"), [
    ("de", "keine"), ("de", "keiner"), ("de", "keine Angabe"), ("de", "N.N."), ("de", "niemand"),
    ("de", "nicht zutreffend"), ("en", "nobody"), ("en", "none"), ("en", "not applicable"),
])
def test_a_non_answer_as_the_actor_names_no_one(lang: str, value: str) -> None:
    assert _findings(lang, ["PM109"], actor=value) == [("PM109", 12, 65)]


@pytest.mark.parametrize(("lang", "value"), [
    ("de", "entfällt"), ("de", "keine"), ("de", "keine Angabe"), ("de", "k. A."), ("de", "nicht zutreffend"),
    ("en", "n/a"), ("en", "none"), ("en", "not applicable"),
])
def test_a_non_answer_as_the_event_says_nothing(lang: str, value: str) -> None:
    found = _findings(lang, ["PM110"], event=value)
    assert [(code, line) for code, line, _ in found] == [("PM110", 12)]


@pytest.mark.parametrize(("lang", "value"), [
    ("de", "keine Angabe"), ("de", "nicht zutreffend"), ("de", "k. A."), ("de", "entfällt"),
    ("en", "not applicable"), ("en", "n/a"),
])
def test_a_non_answer_as_a_reason_gives_none(lang: str, value: str) -> None:
    assert _findings(lang, ["PM202", "PM206"], reason=value) == [("PM202", 17, 16), ("PM206", 19, 15)]


@pytest.mark.parametrize(("lang", "value"), [
    ("de", "N.N."), ("de", "keine Angabe"), ("de", "niemand"), ("en", "nobody"), ("en", "n/a"),
])
def test_a_non_answer_as_owner_or_decider_names_no_one(lang: str, value: str) -> None:
    assert [code for code, _, _ in _findings(lang, ["PM210", "PM704"], who=value, owner=value)] == [
        "PM210", "PM704"]


def test_real_answers_in_every_field_pass() -> None:
    assert _findings("de", ["PM109", "PM110", "PM202", "PM206", "PM210", "PM704"]) == []
    # "unbekannt" as the actor is a fact of the investigation, not a non-answer.
    assert _findings("de", ["PM109"], actor="unbekannt") == []


#: One action item on line 8, its title from column 22.
ITEM = """\
pmkit: 1
id: 2025-11-14-probe
title: Probe
status: draft
lang: {lang}
severity: SEV3
action_items:
  - {{id: AI1, title: "{title}", owner: Plattform-Team, due: 2026-12-01}}
"""


@pytest.mark.parametrize(("lang", "title"), [
    ("de", "Besser aufpassen"),
    ("de", "Nachschauen, warum der Job hing"),
    ("de", "Beim Deploy mehr aufpassen"),
    ("en", "Pay more attention"),
    ("en", "Look into why the job hung"),
])
def test_a_german_title_that_asks_for_attention_is_vague(lang: str, title: str) -> None:
    found = run(ITEM.format(lang=lang, title=title), select=["PM708"])
    assert [(code, line) for code, line, _ in where(found)] == [("PM708", 8)]


@pytest.mark.parametrize("title", [
    "Alarm bei mehr als 30 s Replikationsverzug einrichten",
    "Timeout des Exports auf 60 s begrenzen",
])
def test_a_german_title_with_a_done_state_passes(title: str) -> None:
    assert run(ITEM.format(lang="de", title=title), select=["PM708"]) == []
