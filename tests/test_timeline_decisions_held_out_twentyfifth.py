"""Timeline, decision and metric rules on held-out postmortems of the twenty-fifth round: a year
typed wrong at New Year, German separable verbs with irregular stems, non-answers as rationale
and trade-off, past perfect of what was known, entries naming no one and evidence that is none,
a problem reported again, a kill switch flipped, a German timeline heading, the entry to blame
for the order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit.cli import main

#: A SEV3 incident; TIMELINE is the list of entries (from line 12).
INCIDENT = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: LANG
severity: SEV3
owner: team lead
authors: [a]
summary: Something broke.
impact: {description: Users saw errors.}
timeline:
TIMELINE"""


def _incident(entries: list[str], lang: str = "en") -> str:
    return INCIDENT.replace("LANG", lang).replace("TIMELINE", "".join(f"  - {e}\n" for e in entries))


def _stats(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    found: dict = json.loads(capsys.readouterr().out)  # type: ignore[type-arg]
    return found


# 1. A year typed wrong at New Year is PM108's mistyped year.

NEW_YEAR_DETECTED = [
    "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
    "{at: 2025-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
    "{at: 2026-01-01T00:10Z, actor: alice, event: Looked.}",
    "{at: 2026-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
]


def test_a_detection_typed_with_last_year_at_new_year_is_a_mistyped_year() -> None:
    # The two entries around it straddle New Year: with no year most entries have, no year was
    # tried, and only PM105 reported it (its hint already naming the year).
    found = run(_incident(NEW_YEAR_DETECTED), select=["PM1"])
    assert where(found) == [("PM108", 13, 10)]
    assert found[0].message == ("'detected' at 2025-01-01 00:02 UTC is 364 d 23 h before the entries "
                                "around it; with the year 2026 it would fit between them")
    assert found[0].hint == ("Check the year: written as 2026-01-01 00:02 UTC it would fit between the "
                             "entries around it.")


def test_a_detection_typed_with_last_year_is_no_time_to_detect(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = _stats(_incident(NEW_YEAR_DETECTED), tmp_path, capsys)
    pm = found["postmortems"][0]
    assert pm["time_to_detect"] == -31535580.0
    assert pm["doubted"] == ["time_to_detect"]
    assert pm["time_to_resolve"] == 2100.0
    assert found["aggregates"]["all"]["time_to_detect"] == {"count": 0, "median": None, "p90": None}
    assert found["aggregates"]["all"]["time_to_resolve"] == {"count": 1, "median": 2100.0, "p90": 2100.0}


def test_a_resolution_typed_with_last_year_after_new_year_is_a_mistyped_year() -> None:
    # The last entry has one neighbour; the entry before it is near its own neighbour, so its
    # year is the one to try. Before: PM104 with a hint naming no time.
    text = _incident([
        "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2026-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
        "{at: 2026-01-01T00:10Z, actor: alice, event: Looked.}",
        "{at: 2025-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
    ])
    found = run(text, select=["PM1"])
    assert where(found) == [("PM108", 15, 10)]
    assert found[0].hint == ("Check the year: written as 2026-01-01 00:30 UTC it would fit between the "
                             "entries around it.")


def test_a_right_resolution_after_a_mistyped_detection_is_not_blamed() -> None:
    # The last entry is far from the one before it, but that one is far from its own neighbour:
    # the slip is there, and the last entry keeps its year.
    text = _incident([
        "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2025-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
        "{at: 2026-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
    ])
    found = run(text, select=["PM104", "PM105", "PM108"])
    assert where(found) == [("PM108", 13, 10)]
    assert "with the year 2026" in found[0].message


def test_a_new_year_incident_typed_right_has_no_finding() -> None:
    text = _incident([
        "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2026-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
        "{at: 2026-01-01T00:10Z, actor: alice, event: Looked.}",
        "{at: 2026-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
    ])
    assert where(run(text, select=["PM1"])) == []


# 2. German separable verbs with irregular stems, in finite position.

#: A German SEV3 excerpt; EVENT is the entry at line 13, by Anna.
DE_ENTRY = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: de
severity: SEV3
owner: team lead
timeline:
  - {at: 2026-11-03T10:00Z, milestone: impact_started, actor: Deploy-Pipeline, event: Release 4.2 gestartet.}
  - {at: 2026-11-03T10:05Z, milestone: detected, actor: Monitoring, event: Alarm ausgelöst.}
  - {at: 2026-11-03T10:20Z, actor: Anna, event: "EVENT"}
  - {at: 2026-11-03T10:40Z, milestone: mitigated, actor: Anna, event: Fehler hörten auf.}
"""


@pytest.mark.parametrize(("event", "verb"), [
    ("Anna hielt den Importjob an.", "hielt"),
    ("Anna hielt den nächtlichen Importjob an.", "hielt"),
    ("Anna hält den Importjob an.", "hält"),
    ("Wir hielten alle Deploys an, weil die Fehlerquote stieg.", "hielten"),
    ("Anna nahm die Konfigurationsänderung zurück.", "nahm"),
    ("Anna nimmt die Konfigurationsänderung zurück.", "nimmt"),
    ("Anna schaltete das Feature-Flag für die Suche ab.", "schaltete"),
    ("Anna schaltete den Kill-Switch der Suche aus.", "schaltete"),
    ("Wir froren alle Deploys ein.", "froren"),
])
def test_a_german_separable_verb_with_an_irregular_stem_is_a_decision(event: str, verb: str) -> None:
    # Only the participles (angehalten, zurückgenommen, abgeschaltet, eingefroren) and the
    # regular stems (rollte ... zurück, schaltete ... um) were read.
    found = run(DE_ENTRY.replace("EVENT", event), select=["PM207"])
    assert where(found) == [("PM207", 11, 50 + event.index(verb))]
    assert found[0].message == f"timeline entry describes a decision ('{verb}') but links no decision record"


@pytest.mark.parametrize("event", [
    "Die Störung hielt an.",
    "Die Fehler hielten die ganze Nacht an.",
    "Die erhöhte Latenz hielt bis 11:00 an.",
    "Anna hielt sich an das Runbook.",
    "Anna hielt das Team an, die Logs zu prüfen.",
    "Anna nahm Kontakt mit dem Anbieter auf.",
    "Anna schaltete das Dashboard für die Suche ein.",
    "Die Admin-Konsole fror ein.",
    "Der Cronjob hielt den Import an.",
])
def test_guard_german_verbs_that_are_no_decision_stay_quiet(event: str) -> None:
    assert where(run(DE_ENTRY.replace("EVENT", event), select=["PM207"])) == []


# 3. A rationale that points elsewhere or stops at "because" gives no reason.

#: A SEV2 incident with decision D1 (its rationale RATIONALE at line 17, its trade-off TRADEOFF
#: at line 19).
RECORD = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: LANG
severity: SEV2
owner: team lead
timeline:
  - {at: 2026-11-03T10:00Z, milestone: impact_started, actor: deploy pipeline, event: Release 4.2 started.}
  - {at: 2026-11-03T10:05Z, milestone: detected, actor: monitoring, event: Error-rate alert fired.}
  - {at: 2026-11-03T10:20Z, actor: incident commander, event: Decided to roll back release 4.2., decision: D1}
  - {at: 2026-11-03T10:40Z, milestone: mitigated, actor: alice, event: Errors stopped.}
decisions:
  - id: D1
    at: 2026-11-03T10:20:00Z
    decision: Roll back release 4.2.
    rationale: RATIONALE
    options_considered: [roll back release 4.2, hotfix forward]
    tradeoff: TRADEOFF
    known_at_the_time: Errors began with the release; the cause in the code was not yet known.
    decided_by: incident commander
"""


def _record(rationale: str = "The previous release ran for two weeks without errors.",
            tradeoff: str = "Time to recovery over the fixes in 4.2.", lang: str = "en") -> str:
    return RECORD.replace("LANG", lang).replace("RATIONALE", rationale).replace("TRADEOFF", tradeoff)


@pytest.mark.parametrize(("lang", "rationale"), [
    ("en", "See above."),
    ("de", "Siehe oben."),
    ("de", "s. o."),
    ("en", "As discussed."),
    ("en", "Because."),
    ("en", "Obvious."),
    ("de", "Weil."),
    ("de", "Offensichtlich."),
])
def test_a_rationale_that_points_elsewhere_or_stops_at_because_gives_no_reason(lang: str,
                                                                               rationale: str) -> None:
    # "See above" passed (two words of its own); "Because." was said to restate the decision
    # with 0 words of its own.
    found = run(_record(rationale, lang=lang), select=["PM202", "PM203"])
    assert where(found) == [("PM202", 17, 16)]
    assert found[0].message == f"decision D1 gives '{rationale}' as its rationale, which gives no reason"


@pytest.mark.parametrize(("lang", "rationale"), [
    ("en", "See above: errors began with 4.2, and a rollback takes 10 minutes."),
    ("en", "Because the previous release ran for two weeks without errors."),
    ("de", "Weil die vorige Version zwei Wochen fehlerfrei lief."),
    ("de", "Siehe oben: die Fehler begannen mit 4.2, ein Rollback dauert 10 Minuten."),
])
def test_guard_a_rationale_that_goes_on_after_the_pointer_is_one(lang: str, rationale: str) -> None:
    assert where(run(_record(f'"{rationale}"', lang=lang), select=["PM202", "PM203"])) == []


@pytest.mark.parametrize(("lang", "who"), [("de", "Klar"), ("en", "Since"), ("de", "Da"), ("en", "Logisch")])
def test_a_name_that_is_a_non_answer_of_a_reason_is_still_who_decided(lang: str, who: str) -> None:
    # The pointers and bare "because" words are no reason, but a surname such as Klar names
    # who decided: PM210 reported "decided_by: Klar" as naming no one.
    record = _record(lang=lang).replace("decided_by: incident commander", f"decided_by: {who}")
    assert where(run(record, select=["PM210"])) == []


@pytest.mark.parametrize(("lang", "who"), [
    ("en", "n/a"), ("en", "unknown"), ("en", "someone"), ("de", "niemand")])
def test_guard_who_decided_written_as_no_one_is_still_reported(lang: str, who: str) -> None:
    record = _record(lang=lang).replace("decided_by: incident commander", f"decided_by: {who}")
    assert [code for code, _line, _col in where(run(record, select=["PM210"]))] == ["PM210"]


# 4. A trade-off with no downside states none.


@pytest.mark.parametrize(("lang", "tradeoff"), [
    ("en", "None."),
    ("en", "None whatsoever."),
    ("en", "Nothing at all."),
    ("en", "No downside."),
    ("en", "No drawbacks."),
    ("de", "Keine Nachteile."),
    ("de", "Keinerlei."),
    ("de", "Gar keine."),
])
def test_a_tradeoff_that_denies_any_downside_names_none(lang: str, tradeoff: str) -> None:
    # "None." was a non-answer; "None whatsoever." and "Keine Nachteile." passed.
    found = run(_record(tradeoff=tradeoff, lang=lang), select=["PM206"])
    assert where(found) == [("PM206", 19, 15)]
    assert found[0].message == (f"decision D1 of a SEV2 incident gives '{tradeoff}' as its trade-off, which "
                                "names nothing given up")


@pytest.mark.parametrize(("lang", "tradeoff"), [
    ("en", "No downside in latency, but 20 minutes of writes were lost."),
    ("en", "No cost: the standby was idle."),
    ("de", "Keine Nachteile für Kunden, aber 20 Minuten Schreibzugriffe verloren."),
])
def test_guard_a_tradeoff_that_goes_on_names_one(lang: str, tradeoff: str) -> None:
    assert where(run(_record(tradeoff=f'"{tradeoff}"', lang=lang), select=["PM206"])) == []


# 5. The past perfect of knowing and seeing says what was known.

KNOWN = RECORD.replace(
    "    known_at_the_time: Errors began with the release; the cause in the code was not yet known.\n", "")


@pytest.mark.parametrize(("lang", "rationale"), [
    ("en", "We had known since 10:15 that the database was healthy and the errors began with release 4.2."),
    ("en", "We had already seen that the errors began with release 4.2."),
    ("en", "By then we had seen that the errors began with release 4.2."),
    ("en", "The on-call engineer had ruled out the database at 10:15."),
    ("de", "Wir hatten bereits festgestellt, dass die Fehler mit Release 4.2 begannen."),
    ("de", "Wir hatten um 10:15 die Datenbank als Ursache ausgeschlossen."),
])
def test_a_rationale_in_the_past_perfect_of_knowing_says_what_was_known(lang: str, rationale: str) -> None:
    # "had known since 10:15" and "had already seen" were not read as what was known.
    text = KNOWN.replace("LANG", lang).replace("RATIONALE", f'"{rationale}"').replace(
        "TRADEOFF", "Recovery time over the new feature.")
    assert where(run(text, select=["PM212"])) == []


@pytest.mark.parametrize(("lang", "rationale"), [
    ("en", "The errors began with release 4.2 and the database was healthy."),
    ("en", "We had rolled back twice before without trouble."),
    ("de", "Die Fehler begannen mit Release 4.2, die Datenbank war gesund."),
    ("de", "Wir hatten schon zweimal ohne Probleme zurückgerollt."),
])
def test_a_rationale_that_says_nothing_of_what_was_known_is_reported(lang: str, rationale: str) -> None:
    text = KNOWN.replace("LANG", lang).replace("RATIONALE", f'"{rationale}"').replace(
        "TRADEOFF", "Recovery time over the new feature.")
    found = run(text, select=["PM212"])
    assert where(found) == [("PM212", 14, 5)]
    assert found[0].message == "decision D1 of a SEV2 incident does not say what was known when it was taken"


# 6. Evidence that is a non-answer or names a tool as a whole shows nothing.

#: A SEV2 timeline with evidence on every entry; EVIDENCE is that of the entry at line 11.
EVIDENCE = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: en
severity: SEV2
owner: team lead
timeline:
  - {at: 2026-11-03T10:00Z, milestone: impact_started, actor: alice, event: Step 0., evidence: [https://x.example/1]}
  - {at: 2026-11-03T10:05Z, milestone: detected, actor: alice, event: Step 1., evidence: [https://x.example/2]}
  - {at: 2026-11-03T10:08Z, milestone: acknowledged, actor: alice, event: Step 2., evidence: EVIDENCE}
  - {at: 2026-11-03T10:20Z, actor: alice, event: Step 3., evidence: [https://x.example/3]}
"""


@pytest.mark.parametrize(("evidence", "said"), [
    ("[n/a]", "n/a"),
    ("[none]", "none"),
    ("[keine Angabe]", "keine Angabe"),
    ("[see Slack]", "see Slack"),
    ("[siehe Chat]", "siehe Chat"),
    ("[logs]", "logs"),
    ("[in the incident channel]", "in the incident channel"),
    ("[n/a, see Slack]", "n/a, see Slack"),
])
def test_evidence_that_is_a_non_answer_or_a_tool_as_a_whole_is_none(evidence: str, said: str) -> None:
    # Any text passed: 'n/a', read as nothing in an actor or event, and 'see Slack', which
    # names no place in it.
    found = run(EVIDENCE.replace("EVIDENCE", evidence), select=["PM111"])
    assert where(found) == [("PM111", 11, 94)]
    assert found[0].message == (f"the entry at 2026-11-03 10:08 UTC gives '{said}' as its evidence, which "
                                "points to nothing a reader can open (SEV2 timelines need evidence)")


@pytest.mark.parametrize("evidence", [
    "[https://chat.example.com/inc/1]",
    "[PagerDuty incident 4711]",
    "[Slack thread https://chat.example.com/inc/1/p2]",
    "[JIRA-4711]",
    "['Grafana: API errors']",
    "[n/a, https://x.example/4]",
])
def test_guard_evidence_that_names_a_place_is_evidence(evidence: str) -> None:
    assert where(run(EVIDENCE.replace("EVIDENCE", evidence), select=["PM111"])) == []


def test_an_actor_nobody_could_name_yet_stays_a_fact() -> None:
    # PM109's documentation: 'unknown' is a fact of the investigation, not a missing actor.
    text = EVIDENCE.replace("EVIDENCE", "[https://x.example/4]").replace(
        "actor: alice, event: Step 3.", "actor: unknown, event: Step 3.")
    assert where(run(text, select=["PM109"])) == []


# 7. The impact reported again after 'resolved'.


def _after_resolved(event: str, lang: str = "en") -> str:
    return _incident([
        "{at: 2026-11-03T10:00Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2026-11-03T10:05Z, milestone: detected, actor: monitoring, event: Error-rate alert fired.}",
        "{at: 2026-11-03T10:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
        f'{{at: 2026-11-03T11:00Z, actor: alice, event: "{event}"}}',
    ], lang)


@pytest.mark.parametrize(("lang", "event", "words"), [
    ("en", "Customers again reported login failures.", "again reported login failures"),
    ("en", "Users once more saw timeouts on checkout.", "once more saw timeouts"),
    ("en", "Logins failed again for EU users.", "Logins failed again"),
    ("de", "Kunden meldeten erneut Fehler beim Login.", "meldeten erneut Fehler"),
    ("de", "Anmeldungen schlugen wieder fehl.", "Anmeldungen schlugen wieder fehl"),
])
def test_the_impact_reported_again_after_resolved_is_a_return(lang: str, event: str, words: str) -> None:
    found = run(_after_resolved(event, lang), select=["PM116"])
    assert where(found) == [("PM116", 15, 51 + event.index(words))]
    assert f"says the impact came back ('{words}')" in found[0].message


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Error rates returned to normal."),
    ("en", "The errors did not recur."),
    ("en", "Errors returned by the load balancer were logged."),
    ("en", "Customers again reported that the errors were gone."),
    ("en", "Support again reported no errors."),
    ("en", "The rollback failed again and was retried."),
    ("de", "Kunden meldeten erneut, dass alles funktioniert."),
    ("de", "Der Rollback schlug erneut fehl."),
])
def test_guard_a_recovery_or_a_denial_after_resolved_is_no_return(lang: str, event: str) -> None:
    assert where(run(_after_resolved(event, lang), select=["PM116"])) == []


# 8. A kill switch flipped is a decision.

#: An English SEV3 excerpt; EVENT is the entry at line 11, by bob.
EN_ENTRY = DE_ENTRY.replace("lang: de", "lang: en").replace("actor: Anna, event: \"EVENT\"",
                                                            "actor: bob, event: \"EVENT\"")


@pytest.mark.parametrize(("event", "verb"), [
    ("The kill switch for search was flipped.", "flipped"),
    ("Flipped the kill switch for search.", "Flipped"),
    ("Pulled the search kill switch.", "Pulled"),
    ("The bulk-export feature flag was toggled.", "toggled"),
])
def test_a_kill_switch_flipped_is_a_decision(event: str, verb: str) -> None:
    # Only 'disabled', 'turned off' and 'switched off' were read for a flag or a kill switch.
    found = run(EN_ENTRY.replace("EVENT", event), select=["PM207"])
    assert where(found) == [("PM207", 11, 49 + event.index(verb))]
    assert found[0].message == f"timeline entry describes a decision ('{verb}') but links no decision record"


@pytest.mark.parametrize("event", [
    "The kill switch for search was flipped by the flag service.",
    "The kill switch was flipped automatically when errors passed 5%.",
    "Checked whether the kill switch for search was documented.",
    "Flipped through the dashboards.",
])
def test_guard_a_kill_switch_no_one_flipped_is_no_decision(event: str) -> None:
    assert where(run(EN_ENTRY.replace("EVENT", event), select=["PM207"])) == []


# 9. '## Zeitablauf' is the timeline's section of a Markdown body.

MARKDOWN = """\
---
pmkit: 1
id: m
title: Test incident
status: draft
lang: de
severity: SEV3
owner: team lead
authors: [a]
summary: Something broke.
impact: {description: Users saw errors.}
---

## HEADING

| Zeit | Ereignis |
|---|---|
| 10:00 | Release gestartet |
"""


@pytest.mark.parametrize("heading", ["Zeitablauf", "Zeitleiste"])
def test_a_german_timeline_heading_in_the_body_is_named(heading: str) -> None:
    # '## Zeitablauf' was not known: PM101 said at line 2 that there is no timeline, without
    # saying that the body's section is read as text.
    found = run(MARKDOWN.replace("HEADING", heading), select=["PM101"], path="pm.md")
    assert where(found) == [("PM101", 14, 1)]
    assert found[0].message == (f"the postmortem has no timeline: the body's section '{heading}' is read as "
                                "text, and 'timeline' only from the front matter")


def test_guard_another_heading_is_no_timeline_section() -> None:
    found = run(MARKDOWN.replace("HEADING", "Ablaufplan der Übung"), select=["PM101"], path="pm.md")
    assert where(found) == [("PM101", 2, 1)]
