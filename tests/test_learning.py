"""PM7xx learning rules: fixtures (EN, DE), exact positions, word lists, clock handling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flaws import planted, reported

from helpers import CLEAN_EXAMPLES, EXAMPLES, FIXTURES, run, where
from pmkit.rules import registry
from pmkit.rules.learning import vague_phrase, verb_first_problem, wording

DIR = FIXTURES / "learning"
BAD = sorted((DIR / "bad").glob("*.yaml"))
GOOD = sorted((DIR / "good").glob("*.yaml"))
NOW = "2026-11-25T12:00:00Z"


def check_file(path: Path, now: str = NOW) -> list:
    return run(path.read_text(encoding="utf-8"), select=["PM0", "PM7"], path=path.name, now=now)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_each_planted_flaw_is_found_once_at_its_line(path: Path) -> None:
    expected = planted(path)
    assert expected
    assert reported(check_file(path)) == expected


@pytest.mark.parametrize("path", [*GOOD, *CLEAN_EXAMPLES],
                         ids=lambda p: p.name)
def test_good_postmortems_pass_quietly(path: Path) -> None:
    assert check_file(path) == []


def test_german_flaws_exact_positions() -> None:
    assert where(check_file(DIR / "bad" / "de-maengel.yaml")) == [
        ("PM703", 8, 59),
        ("PM710", 17, 9),
        ("PM712", 19, 1), ("PM713", 19, 1),
        ("PM708", 21, 23),   # 'verbessern'
        ("PM709", 30, 12),
        ("PM704", 38, 5), ("PM705", 38, 5),
        ("PM706", 45, 5),
        ("PM714", 58, 10),
        ("PM707", 59, 14),
        ("PM715", 66, 13),
    ]


def test_english_flaws_exact_positions() -> None:
    found = check_file(DIR / "bad" / "en-flaws.yaml")
    assert where(found) == [
        ("PM703", 8, 40), ("PM702", 12, 1), ("PM708", 17, 12), ("PM708", 26, 29),
        ("PM709", 35, 12), ("PM704", 38, 12), ("PM707", 43, 5), ("PM714", 48, 10),
    ]
    overdue = found[-1]
    assert "1 day overdue" in overdue.message and dict(overdue.data) == {"days_overdue": 1}
    vague = found[3]
    assert (vague.end_line, vague.end_col) == (26, 29 + len("be more careful"))


HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: {sev}\n"


def test_missing_sections_are_reported_once_each() -> None:
    found = run(HEAD.format(lang="en", sev="SEV1"), select=["PM7"])
    assert where(found) == [("PM701", 1, 1), ("PM711", 1, 1)]


def test_empty_sections_are_reported_at_their_keys() -> None:
    text = HEAD.format(lang="de", sev="SEV2") + "contributing_factors: []\naction_items: []\n"
    assert where(run(text, select=["PM7"])) == [("PM701", 7, 1), ("PM711", 8, 1)]


def test_set_rules_need_action_items_and_severity() -> None:
    items = ("impact: {{users_affected: 10}}\ncontributing_factors:\n  - {{id: CF1, description: d}}\n"
             "  - {{id: CF2, description: e}}\naction_items:\n"
             "  - {{id: AI1, title: Add a lag alert, type: mitigate, priority: P2, owner: o, "
             "due: 2027-01-01, tracker: T-1, addresses: [CF1, CF2]}}\n")
    assert where(run(HEAD.format(lang="en", sev="SEV3") + items.format(), select=["PM7"])) == [
        ("PM713", 11, 1)]
    assert where(run(HEAD.format(lang="en", sev="SEV2") + items.format(), select=["PM7"])) == [
        ("PM712", 11, 1), ("PM713", 11, 1)]
    no_users = items.replace("users_affected: 10", "users_affected: 0")
    assert run(HEAD.format(lang="en", sev="SEV3") + no_users.format(), select=["PM7"]) == []
    data_loss = items.replace("users_affected: 10", "data_loss: true")
    assert where(run(HEAD.format(lang="en", sev="SEV4") + data_loss.format(), select=["PM713"])) == [
        ("PM713", 11, 1)]


def test_wont_do_items_count_as_addressing_but_not_as_priority() -> None:
    text = HEAD.format(lang="en", sev="SEV3") + (
        "impact: {users_affected: 5}\ncontributing_factors:\n  - {id: CF1, description: d}\n"
        "  - {id: CF2, description: e}\naction_items:\n"
        "  - {id: AI1, title: Add a lag alert, priority: P2, owner: o, due: 2027-01-01, tracker: T-1,"
        " addresses: [CF1]}\n"
        "  - {id: AI2, title: Shard the table, priority: P0, status: wont-do, reason: too costly,"
        " addresses: [CF2]}\n")
    assert where(run(text, select=["PM7"])) == [("PM713", 11, 1)]


@pytest.mark.parametrize(("due", "status", "now", "expected"), [
    ("2026-11-25", "open", NOW, []),                       # due today: not overdue
    ("2026-11-24", "open", NOW, [("PM714", 9, 82)]),
    ("2026-11-24", "done", NOW, []),
    ("2026-11-24", "wont-do", NOW, []),
    ("2026-11-24", "in-progress", "2026-11-24T22:30:00Z", []),
    # 23:30 UTC on the 24th is already the 25th in Zurich (the document's zone).
    ("2026-11-24", "in-progress", "2026-11-24T23:30:00Z", [("PM714", 9, 82)]),
])
def test_overdue_uses_the_run_clock_in_the_documents_zone(
    due: str, status: str, now: str, expected: list
) -> None:
    text = HEAD.format(lang="en", sev="SEV4") + "timezone: Europe/Zurich\naction_items:\n" + (
        f"  - {{id: AI1, title: Add a lag alert, priority: P2, owner: o, tracker: T-1, due: {due}, "
        f"status: {status}, reason: r}}\n")
    assert where(run(text, select=["PM714"], now=now)) == expected


def test_overdue_grace_days_option() -> None:
    text = HEAD.format(lang="en", sev="SEV4") + "action_items:\n  - {id: AI1, due: 2026-11-20}\n"
    assert where(run(text, select=["PM714"])) == [("PM714", 8, 20)]
    assert run(text, select=["PM714"], config={"rules": {"PM714": {"grace_days": 7}}}) == []


@pytest.mark.parametrize(("tracker", "ok"), [
    ("https://tracker.example/ABC-1", True), ("ABC-12", True), ("#12", True), ("acme/repo#12", True),
    ("Jira OPS-123", True), ("TBD", False), ("later", False), ("abc-12", False), ("ticket", False),
    # GitLab merge requests and Shortcut stories
    ("acme/payments!45", True), ("!45", True), ("group/sub/project!45", True), ("MR !45", True),
    ("sc-1234", True), ("SC-1234", True), ("eng-123", False), ("wow!45", False), ("!", False),
])
def test_tracker_forms(tracker: str, ok: bool) -> None:
    text = HEAD.format(lang="en", sev="SEV4") + (
        f"action_items:\n  - {{id: AI1, title: Add a lag alert, priority: P2, owner: o, "
        f"due: 2027-01-01, tracker: '{tracker}'}}\n")
    assert (run(text, select=["PM707"]) == []) is ok


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    ("en", "Improve monitoring", "Improve"),
    ("en", "Investigate the latency spike", "Investigate"),
    ("en", "Look into flaky failover tests", "Look into"),
    ("en", "Make sure backups are tested", "Make sure"),
    ("en", "Fix the issue with the cache", "Fix the issue"),
    ("en", "Engineers should be more careful", "be more careful"),
    ("de", "Monitoring verbessern", "verbessern"),
    ("de", "Latenzspitze untersuchen", "untersuchen"),
    ("de", "Konfiguration prüfen", "prüfen"),
    ("de", "Sicherstellen, dass Backups laufen", "Sicherstellen"),
    ("de", "Darauf achten, dass Timeouts stimmen", "Darauf achten"),
    ("de", "Bei Deployments sorgfältiger sein", "sorgfältiger sein"),
    ("de", "Suche optimieren", "optimieren"),
    ("en", "Improve latency", "Improve"),
])
def test_vague_phrases(lang: str, title: str, phrase: str) -> None:
    found = vague_phrase(title, lang)
    assert found is not None and found[0].group(0) == phrase


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Alert when replication lag exceeds 30 seconds"),
    ("en", "Restrict Orchestrator to promote primaries only within one region"),
    ("en", "Add a canary stage that covers the EU region"),
    ("de", "Konfiguration im CI automatisch prüfen"),
    ("de", "Alarm bei mehr als 2 % Zahlungsfehlern einrichten"),
    ("de", "Zertifikatsbundle aus dem Gateway entfernen"),
    ("en", "Improve p99 checkout latency to under 300 ms"),        # a measurable done state
    ("de", "Antwortzeit der Suche auf unter 300 ms verbessern"),
])
def test_specific_titles_are_not_vague(lang: str, title: str) -> None:
    assert vague_phrase(title, lang) is None


@pytest.mark.parametrize(("lang", "title", "flagged"), [
    ("en", "Better dashboards", True),
    ("en", "The alert threshold", True),
    ("en", "Implementation of canaries", True),
    ("en", "We should add an alert", True),
    ("en", "Document the failover", False),
    ("en", "Implement a canary", False),
    ("en", "Alert on lag", False),
    ("en", "Monitoring for lag", False),          # conservative: gerunds pass
    ("de", "Einführung eines Alarms für Zahlungen", True),
    ("de", "Neue Dashboards für Zahlungen", True),
    ("de", "Alarm für Zahlungsfehler einrichten", False),
    ("de", "Einen Alarm für Zahlungsfehler einrichten", False),
    ("de", "Richte einen Alarm ein", False),      # imperative
    ("de", "Dashboards für Zahlungen", False),    # conservative: unknown starts pass
])
def test_verb_first(lang: str, title: str, flagged: bool) -> None:
    assert (verb_first_problem(title, lang) is not None) is flagged


def test_root_cause_phrases_in_any_prose_field() -> None:
    text = HEAD.format(lang="de", sev="SEV4") + (
        "impact:\n  description: >\n    Viele Nutzer waren betroffen. Die Hauptursache\n"
        "    war ein Zertifikat.\n"
        "lessons:\n  went_wrong: [Eine Ursache war der fehlende Alarm.]\n")
    assert where(run(text, select=["PM703"])) == [("PM703", 9, 35)]


def test_catalogue_and_word_list_invariants() -> None:
    rules = [r for r in registry() if r.code.startswith("PM7")]
    assert len(rules) >= 14
    for rule in rules:
        doc = rule.doc()
        for section in ("What it catches", "Why:", "Example::", "Instead"):
            assert section in doc, (rule.code, section)
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    data = wording()
    assert {v.lang for v in data.vague} == {"en", "de"}
    assert all(v.say for v in data.vague)
    # Every vague pattern catches something and none catches a good example title.
    from helpers import GOOD_EXAMPLE
    from pmkit.api import load

    for path in (GOOD_EXAMPLE, EXAMPLES / "postmortems" / "2024-03-12-zahlungsausfall.yaml"):
        pm = load(path)
        for item in pm.action_items or ():
            assert item.title and vague_phrase(item.title, pm.lang.value) is None
    assert not data.not_verbs_en & data.verbs_with_noun_endings


def test_folded_scalars_load_without_fold_markers() -> None:
    """Core fix (load.py): ruamel marks fold points of '>' scalars with BEL; the text has none."""
    from pmkit.loader import parse_text

    assert parse_text("a: >\n  x y\n  z\n\n  w\n").data == {"a": "x y z\nw\n"}


def _items_doc(lang: str, titles: list[str]) -> str:
    text = f"pmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: {lang}\nseverity: SEV3\naction_items:\n"
    for number, title in enumerate(titles, 1):
        text += f"  - id: AI{number}\n    title: {title}\n"
    return text


def test_vague_item_hints_are_in_the_language_of_their_advice() -> None:
    """A German document gets German hints, not "Instead, die Änderung ... nennen"."""
    found = run(_items_doc("de", ["Monitoring verbessern", "Konfiguration prüfen"]), select=["PM708"])
    assert where(found) == [("PM708", 9, 23), ("PM708", 11, 26)]
    assert [(d.message, d.hint) for d in found] == [
        ("action item AI1 is vague ('verbessern'): it has no clear done state",
         "Stattdessen die Änderung und ihr messbares Ergebnis nennen (\"Alarm bei mehr als 30 s "
         "Replikationsverzug einrichten\")."),
        ("action item AI2 is vague ('prüfen'): it has no clear done state",
         "Stattdessen die Prüfung als automatische Kontrolle beschreiben (\"Konfiguration im CI "
         "automatisch prüfen\")."),
    ]
    [english] = run(_items_doc("en", ["Look into flaky failover tests"]), select=["PM708"])
    assert where([english]) == [("PM708", 9, 12)]
    assert english.hint == "Instead, say what will be built or changed."
    # An English phrase in a German title has only English advice: the whole hint stays English.
    [mixed] = run(_items_doc("de", ["Make sure Backups laufen"]), select=["PM708"])
    assert mixed.hint.startswith("Instead, name the control that will enforce it")


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    # The vague word only says why a concrete action is done: the action is the done state.
    ("en", "Shard the orders table by month to improve write throughput", None),
    ("en", "Add read replicas so that we can improve reporting latency", None),
    ("en", "Add a CI job to make sure configs parse", None),
    ("en", "Add request tracing in order to investigate slow checkouts", None),
    ("de", "Read-Replikas hinzufügen, um die Latenz zu verbessern", None),
    ("de", "Alarm einrichten, um sicherzustellen, dass Backups laufen", None),
    ("de", "Canary-Stufe einführen, damit Deployments verbessert werden", None),
    # The vague phrase is the action itself, or a second action, or about people.
    ("en", "Improve monitoring to catch lag sooner", "Improve"),
    ("en", "Add an alert on lag and improve the runbook", "improve"),
    ("en", "Add an alert to page on lag and improve the runbook", "improve"),
    ("en", "Remind engineers to be more careful", "be more careful"),
    ("en", "To improve latency", "improve"),
    ("de", "Um die Latenz zu verbessern", "verbessern"),
    ("de", "Caches einführen, um die Latenz zu verbessern, und Monitoring verbessern", "verbessern"),
])
def test_a_vague_phrase_that_gives_the_purpose_of_an_action_is_not_vague(
    lang: str, title: str, phrase: str | None
) -> None:
    found = vague_phrase(title, lang)
    assert (found[0].group(0) if found else None) == phrase
    if lang == "de" and phrase and "und" in title:
        assert found is not None and found[0].start() == title.rindex(phrase)


def test_a_purpose_clause_is_no_pm708_or_pm709_finding_but_the_action_still_is() -> None:
    text = _items_doc("en", ["Shard the orders table by month to improve write throughput",
                             "Investigate the lag to improve failover"])
    assert where(run(text, select=["PM708", "PM709"])) == [("PM708", 11, 12)]


@pytest.mark.parametrize(("title", "problem"), [
    # Verbs whose stem has a noun ending, behind a prefix: instructions, not topics.
    ("Decommission the legacy payments cluster", None),
    ("Deprovision the unused NAT gateways", None),
    ("Rebalance Kafka partitions across brokers", None),
    ("Repartition the events topic to 64 partitions", None),
    ("Re-provision the affected nodes with the fixed image", None),
    ("Reimplement the retry loop with jitter", None),
    ("Overprovision the cache by 20 %", None),
    ("Transition cron jobs to Kubernetes", None),
    # Nouns that start like a prefix stay nouns.
    ("Retention policy for audit logs", "starts with the noun 'Retention', not with a verb"),
    ("Deployment freeze for Fridays", "starts with the noun 'Deployment', not with a verb"),
    ("Prevention of duplicate charges", "starts with the noun 'Prevention', not with a verb"),
])
def test_prefixed_verbs_with_noun_endings_start_an_instruction(title: str, problem: str | None) -> None:
    assert verb_first_problem(title, "en") == problem


def test_decommission_is_no_pm709_finding() -> None:
    text = _items_doc("en", ["Decommission the legacy payments cluster", "Retention policy for audit logs"])
    found = run(text, select=["PM709"])
    assert where(found) == [("PM709", 11, 12)]
    assert found[0].message == "action item AI2 title starts with the noun 'Retention', not with a verb"


@pytest.mark.parametrize(("title", "flagged"), [
    # The instruction ends with its infinitive; a reference or remark may follow it.
    ("Überwachung für Zertifikatsablauf einrichten (OPS-1234)", False),
    ("Alarmierung für Zertifikatsablauf einrichten, siehe OPS-12", False),
    ("Dokumentation des Failovers aktualisieren [Runbook]", False),
    ("Einführung eines Canary-Stages abschließen - Q3", False),
    ("Überwachung, Alarmierung und Dashboards einrichten", False),
    # A remark, a subordinate clause or "zu" + infinitive is no instruction of its own.
    ("Einführung eines Alarms (siehe Runbook)", True),
    ("Einführung von Canaries, um Fehler früher zu erkennen", True),
    ("Einführung eines Alarms, wenn Zahlungen ausfallen", True),
    # An article opens the title: "Das", "Die", "Der" are no relative pronoun there (14 of 17
    # such titles were flagged); after a comma they still open a clause.
    ("Das Zertifikatsbundle entfernen", False),
    ("Die Alarmschwelle auf 2 Minuten senken", False),
    ("Der Failover-Test wiederholen", False),
    ("Das Runbook", True),
    ("Die Alarmschwelle wurde gesenkt", True),
    ("Ein Alarm, der früher auslöst", True),
])
def test_german_infinitive_before_a_remark_ends_the_instruction(title: str, flagged: bool) -> None:
    assert (verb_first_problem(title, "de") is not None) is flagged


def test_german_title_with_a_ticket_reference_after_its_verb_is_no_pm709_finding() -> None:
    text = _items_doc("de", ["Überwachung für Zertifikatsablauf einrichten (OPS-1234)",
                             "Einführung eines Alarms (siehe Runbook)"])
    assert where(run(text, select=["PM709"])) == [("PM709", 11, 12)]


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    # Automating the check is the automated control the advice asks for.
    ("de", "Prüfung der Zertifikate automatisieren", None),
    ("de", "Überprüfung der Backups automatisieren", None),
    ("de", "Automatisierung der Zertifikatsprüfung", None),
    ("en", "Automate the double-check of TLS expiry dates", None),
    ("de", "Zertifikate prüfen", "prüfen"),
    ("en", "Double-check TLS expiry dates", "Double-check"),
])
def test_automating_a_check_is_not_vague(lang: str, title: str, phrase: str | None) -> None:
    found = vague_phrase(title, lang)
    assert (found[0].group(0) if found else None) == phrase


@pytest.mark.parametrize(("text", "phrase"), [
    ("Der Ausfall wurde ausschließlich durch ein Zertifikat verursacht.", "ausschließlich durch"),
    ("Der Ausfall wurde allein von der Migration ausgelöst.", "allein von"),
    ("Verursacht einzig durch den Zertifikatswechsel.", "Verursacht einzig durch"),
    # "allein"/"ausschließlich" + "von"/"durch" without a verb of causing frames nothing.
    ("Die Datenbank wird ausschließlich von der Zahlungs-API genutzt.", None),
    ("Der Dienst ist ausschließlich durch das VPN erreichbar.", None),
    ("Die Warteschlange wird allein von einem Worker abgearbeitet.", None),
])
def test_german_sole_cause_needs_a_verb_of_causing(text: str, phrase: str | None) -> None:
    doc = HEAD.format(lang="de", sev="SEV4") + f"summary: {text}\n"
    found = run(doc, select=["PM703"])
    if phrase is None:
        assert found == []
    else:
        assert where(found) == [("PM703", 7, 10 + text.index(phrase))]
        assert found[0].message == f"'{phrase}' frames the incident as having a single root cause"


@pytest.mark.parametrize(("text", "phrase"), [
    ("Die Ursache war ein abgelaufenes Zertifikat.", "Die Ursache war"),
    ("Die Ursache des Ausfalls war ein Zertifikat.", "Die Ursache des Ausfalls"),
    # the verb at the end of a subordinate clause: "die Ursache" is what the hardware is said
    # to be, here without evidence ("that the hardware was the root cause" is no framing either)
    ("Schnell umsetzbar, aber ohne Beleg, dass die Hardware die Ursache war.", None),
    ("Unklar ist, ob die Migration die Ursache des Ausfalls war.", None),
    ("Was die Ursache war, wissen wir noch nicht.", None),
])
def test_german_cause_framing_only_where_the_cause_leads_its_clause(text: str, phrase: str | None) -> None:
    doc = HEAD.format(lang="de", sev="SEV4") + f"summary: {text}\n"
    found = run(doc, select=["PM703"])
    assert where(found) == ([] if phrase is None else [("PM703", 7, 10 + text.index(phrase))])


def test_root_cause_as_a_name_or_a_denial_is_no_framing() -> None:
    """English prose is read with the English phrasings: the German bare terms took "root cause"
    anywhere, so "there was no single root cause" was reported as root-cause framing."""
    english = HEAD.format(lang="en", sev="SEV4") + (
        "summary: There was no single root cause; three conditions combined.\n"
        "impact:\n  description: Root cause analysis notes are below. The root cause was an index.\n")
    assert where(run(english, select=["PM703"])) == [("PM703", 9, 53)]
    german = HEAD.format(lang="de", sev="SEV4") + (
        "summary: Es gab keine einzelne Hauptursache; die Root-Cause-Analyse ergab drei Faktoren.\n"
        "impact:\n  description: Die Root Cause war ein Konfigurationsfehler.\n")
    found = run(german, select=["PM703"])
    assert where(found) == [("PM703", 9, 20)]
    assert found[0].message == "'Root Cause' frames the incident as having a single root cause"


@pytest.mark.parametrize("owner", ["unassigned", "Unassigned", "TBC", "nicht zugewiesen"])
def test_unassigned_owner_is_a_placeholder(owner: str) -> None:
    text = _items_doc("en", ["Add a lag alert"]) + f"    owner: {owner}\n"
    found = run(text, select=["PM704"])
    assert where(found) == [("PM704", 10, 12)]
    assert found[0].message == f"action item AI1 has a placeholder owner '{owner}'"


@pytest.mark.parametrize(("title", "phrase"), [
    # "Check"/"Verify"/"Ensure" opening a title ask someone to look or to care: no done state
    ("Check replication lag", "Check"),
    ("Verify the backups", "Verify"),
    ("Ensure proper monitoring", "Ensure"),
    ("Ensure backups work", "Ensure"),
    ("Ensure that backups work", "Ensure that"),
    # ... unless the title names the control that does it or a measurable target
    ("Check the config in CI", None),
    ("Verify backups with a nightly restore test", None),
    ("Ensure the lag alert fires above 30 s", None),
    ("Add a check for replication lag", None),
    ("Check-in the runbook changes", None),
])
def test_imperatives_of_checking_and_ensuring(title: str, phrase: str | None) -> None:
    found = vague_phrase(title, "en")
    assert (found[0].group(0) if found else None) == phrase


@pytest.mark.parametrize("blank", ["", "   ", "\\u200b", "\\u200e", "\\u2066\\u2069"])
def test_an_owner_or_reason_that_shows_nothing_is_none(blank: str) -> None:
    """A zero-width space or a bidirectional mark shows nothing, as blanks do (PM013's reading):
    no owner, no reason, and no invisible "placeholder" to quote."""
    text = f"""\
pmkit: 1
id: 2024-03-12-checkout
title: Checkout errors
status: draft
lang: en
severity: SEV3
owner: payments lead
contributing_factors:
  - {{id: CF1, description: Release 4.2 divided by a rate that can be zero.}}
action_items:
  - {{id: AI1, title: Add a unit test for a zero exchange rate, type: prevent, priority: P1,
     owner: "{blank}", due: 2026-12-15, tracker: PAY-101, status: open, addresses: [CF1]}}
  - {{id: AI2, title: Shard the rates table, status: wont-do, reason: "{blank}", addresses: [CF1]}}
"""
    found = run(text, select=["PM0", "PM704", "PM715"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM704", 12, 13, "action item AI1 has no owner"),
        ("PM715", 13, 53, "action item AI2 is 'wont-do' without a reason"),
    ]


def test_imperatives_adjectives_and_past_forms_of_vague_verbs_are_vague() -> None:
    """An imperative ("Verbessere das Monitoring") or an adjective ("Verbesserte Überwachung")
    says no more when it is done than "Monitoring verbessern"; "Improved monitoring" no more
    than "Improve monitoring"."""
    german = _items_doc("de", ["Verbessere das Monitoring", "Untersuche den Ausfall",
                               "Prüfe die Konfiguration", "Verbesserte Überwachung",
                               "'Entwickler daran erinnern, sorgfältiger zu sein'",
                               "Verbessere die Antwortzeit auf unter 300 ms"])
    found = run(german, select=["PM708"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (9, 12, "action item AI1 is vague ('Verbessere'): it has no clear done state"),
        (11, 12, "action item AI2 is vague ('Untersuche'): it has no clear done state"),
        (13, 12, "action item AI3 is vague ('Prüfe'): it has no clear done state"),
        (15, 12, "action item AI4 is vague ('Verbesserte'): it has no clear done state"),
        (17, 40, "action item AI5 is vague ('sorgfältiger zu sein'): it has no clear done state"),
    ]
    english = _items_doc("en", ["Improved monitoring for replication lag",
                                "Improved p99 checkout latency to under 300 ms"])
    found = run(english, select=["PM708"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (9, 12, "action item AI1 is vague ('Improved'): it has no clear done state"),
    ]


@pytest.mark.parametrize("reason", ["keine", "entfällt", "k.A.", "'—'", "none", "'-'", "n/a", "Keine."])
def test_a_wont_do_reason_that_is_a_non_answer_gives_none(reason: str) -> None:
    """The non-answers PM202 takes for no rationale, German ones too, are no reason either."""
    text = _items_doc("de", ["Tabelle aufteilen"]) + f"    status: wont-do\n    reason: {reason}\n"
    found = run(text, select=["PM0", "PM715", "PM019"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM715", 10, 13, "action item AI1 is 'wont-do' without a reason"),
    ]
    said = text.replace(f"reason: {reason}", "reason: Keine Last rechtfertigt die Aufteilung.")
    assert run(said, select=["PM715"]) == []


def test_sections_written_without_a_value_are_reported_at_their_keys() -> None:
    """'action_items:' with nothing after it is written: the finding is at the key, not at 1:1."""
    text = HEAD.format(lang="en", sev="SEV2") + "contributing_factors:\naction_items:\n"
    assert [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM7"])] == [
        ("PM701", 7, 1, "the postmortem names no contributing factors"),
        ("PM711", 8, 1, "the postmortem has no action items"),
    ]


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    # A check given to someone or something else is the work of setting it up ("have X check").
    ("de", "Verbindungen im Pool des Bestelldienstes vor jeder Verwendung prüfen lassen", None),
    ("en", "Have the connection pool check each connection before use", None),
    # The verb of a "dass" or relative clause says what the thing set up will do.
    ("de", "Verbindungspool so konfigurieren, dass er jede Verbindung vor der Verwendung prüft", None),
    ("de", "Job einrichten, der die Zertifikate täglich prüft", None),
    ("en", "Configure the pool so that it checks each connection before use", None),
    # The instruction's own check stays vague, before a clause too.
    ("de", "Konfiguration prüfen", "prüfen"),
    ("de", "Prüfen, ob die Konfiguration gültig ist", "Prüfen"),
    ("de", "Prüfen, dass der Pool jede Verbindung testet", "Prüfen"),
    ("de", "Um die Verbindungen zu prüfen", "prüfen"),
])
def test_a_check_that_an_automated_control_does_is_not_vague(
    lang: str, title: str, phrase: str | None
) -> None:
    found = vague_phrase(title, lang)
    assert (found[0].group(0) if found else None) == phrase


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    # "Sicherstellen" as "Ensure": a named control or a number gives it a done state.
    ("de", "Sicherstellen, dass der Alarm bei mehr als 30 s Verzug auslöst", None),
    ("de", "Sicherstellen, dass die Konfiguration im CI validiert wird", None),
    ("en", "Ensure the lag alert fires above 30 s", None),
    ("en", "Ensure that the lag alert fires above 30 s", None),
    ("de", "Sicherstellen, dass Backups laufen", "Sicherstellen"),
    ("de", "Backups sicherstellen", "sicherstellen"),
    ("en", "Ensure that backups work", "Ensure that"),
])
def test_ensuring_with_a_control_or_a_number_is_not_vague(lang: str, title: str, phrase: str | None) -> None:
    found = vague_phrase(title, lang)
    assert (found[0].group(0) if found else None) == phrase


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    # The noun says what the document or tool the item makes is for: done when it is made.
    ("en", "Write a runbook for the investigation of duplicate charges", None),
    ("en", "Write a runbook for investigating duplicate charges", None),
    ("en", "Build a dashboard for the investigation of payout delays", None),
    ("de", "Runbook für die Untersuchung doppelter Abbuchungen schreiben", None),
    ("de", "Leitfaden zur Untersuchung doppelter Abbuchungen schreiben", None),
    # The topic alone, or the vague verb as the work, stays vague.
    ("en", "Investigation of duplicate charges", "Investigation"),
    ("en", "Write a runbook and investigate duplicate charges", "investigate"),
    ("de", "Untersuchung doppelter Abbuchungen", "Untersuchung"),
    ("de", "Runbook verbessern", "verbessern"),
])
def test_a_vague_noun_as_the_topic_of_a_thing_made_is_not_vague(
    lang: str, title: str, phrase: str | None
) -> None:
    found = vague_phrase(title, lang)
    assert (found[0].group(0) if found else None) == phrase


def test_german_automated_controls_and_topics_are_no_pm708_finding_at_their_positions() -> None:
    titles = ["Verbindungen im Pool des Bestelldienstes vor jeder Verwendung prüfen lassen",
              "Verbindungspool so konfigurieren, dass er jede Verbindung vor der Verwendung prüft",
              "Sicherstellen, dass der Alarm bei mehr als 30 s Verzug auslöst",
              "Runbook für die Untersuchung doppelter Abbuchungen schreiben",
              "Verbindungen vor jeder Verwendung prüfen",
              "Sicherstellen, dass der Pool funktioniert"]
    found = run(_items_doc("de", titles), select=["PM708"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM708", 17, 46, "action item AI5 is vague ('prüfen'): it has no clear done state"),
        ("PM708", 19, 12, "action item AI6 is vague ('Sicherstellen'): it has no clear done state"),
    ]
    english = ["Write a runbook for the investigation of duplicate charges",
               "Investigation of duplicate charges"]
    found = run(_items_doc("en", english), select=["PM708"])
    assert where(found) == [("PM708", 11, 12)]


def test_gitlab_and_shortcut_trackers_pass_and_a_lower_case_key_is_reported_at_its_value() -> None:
    text = HEAD.format(lang="en", sev="SEV4") + "action_items:\n" + "".join(
        f"  - {{id: AI{n}, title: Add a lag alert, priority: P2, owner: o, due: 2027-01-01, "
        f"tracker: '{tracker}'}}\n"
        for n, tracker in enumerate(["acme/payments!45", "sc-1234", "eng-123"], 1))
    found = run(text, select=["PM707"])
    assert [(d.code, d.line, d.message) for d in found] == [
        ("PM707", 10, "action item AI3 has a tracker 'eng-123' that is neither a link nor a ticket id")]
    assert found[0].col == 89  # at the quoted value


@pytest.mark.parametrize(("title", "problem"), [
    ("Faster rollbacks", "starts with 'Faster', not with a verb"),
    ("Fewer manual steps in the failover", "starts with 'Fewer', not with a verb"),
    ("Safer defaults for the connection pool", "starts with 'Safer', not with a verb"),
    ("Better alerting for replication lag", "starts with 'Better', not with a verb"),
    ("Lower the pool timeout to 5 s", None),   # a comparative that is a verb too
    ("Speed up rollbacks to under 5 minutes", None),
])
def test_comparatives_start_no_instruction(title: str, problem: str | None) -> None:
    assert verb_first_problem(title, "en") == problem


def test_a_comparative_title_is_reported_at_its_start() -> None:
    found = run(_items_doc("en", ["Faster rollbacks", "Roll back within 5 minutes"]), select=["PM709"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM709", 9, 12, "action item AI1 title starts with 'Faster', not with a verb")]
