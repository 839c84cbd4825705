"""PM2xx decision-rationale rules: fixtures (EN, DE), exact positions, heuristics, catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flaws import planted, reported

from helpers import CLEAN_EXAMPLES, FIXTURES, run, where
from pmkit.rules import registry
from pmkit.rules.decisions import decision_verbs, lexicon, new_reason_words

DIR = FIXTURES / "decisions"
BAD = sorted((DIR / "bad").glob("*.yaml"))
GOOD = sorted((DIR / "good").glob("*.yaml"))


def check_file(path: Path, select: str = "PM2") -> list:
    return run(path.read_text(encoding="utf-8"), select=["PM0", select], path=path.name)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_each_planted_flaw_is_found_once_at_its_line(path: Path) -> None:
    expected = planted(path)
    assert expected, "fixture has no planted flaws"
    assert reported(check_file(path)) == expected


@pytest.mark.parametrize("path", [*GOOD, *CLEAN_EXAMPLES],
                         ids=lambda p: p.name)
def test_good_records_pass_quietly(path: Path) -> None:
    assert check_file(path) == []


def test_german_flaws_exact_positions() -> None:
    found = check_file(DIR / "bad" / "de-maengel.yaml")
    assert where(found) == [
        ("PM207", 23, 46),  # 'zurückgerollt' itself
        ("PM212", 44, 5), ("PM203", 47, 16),
        ("PM202", 51, 5), ("PM204", 51, 5), ("PM210", 51, 5), ("PM212", 51, 5),
        ("PM206", 55, 5), ("PM212", 55, 5), ("PM208", 55, 9),
        ("PM209", 56, 9),
        ("PM205", 59, 25),
    ]
    pm207 = found[0]
    assert (pm207.end_line, pm207.end_col) == (23, 46 + len("zurückgerollt"))


def test_english_flaws_exact_positions() -> None:
    found = check_file(DIR / "bad" / "en-flaws.yaml")
    assert where(found) == [
        ("PM207", 26, 40), ("PM207", 37, 12), ("PM212", 43, 5), ("PM203", 46, 16), ("PM204", 47, 5),
        ("PM206", 50, 5), ("PM212", 50, 5), ("PM208", 50, 9), ("PM209", 51, 9), ("PM210", 55, 5),
        ("PM211", 56, 5), ("PM212", 56, 5),
    ]
    # The unlinked rollback entry names D3 (which mentions a rollback) instead of PM208 on D3.
    assert "decision: D3" in found[0].hint


BASE = """\
pmkit: 1
id: x
title: t
status: draft
lang: {lang}
severity: {sev}
timeline:
  - at: 2024-01-01T10:00:00Z
    milestone: impact_started
  - at: 2024-01-01T10:05:00Z
    actor: incident commander
    event: {event}
  - at: 2024-01-01T11:00:00Z
    milestone: resolved
"""


def test_sev1_without_decision_records_is_one_finding_not_one_per_entry() -> None:
    text = BASE.format(lang="en", sev="SEV1", event="Decided to fail over to region b.")
    text += "  - at: 2024-01-01T10:20:00Z\n    event: Rolled back release 3.\n"
    found = run(text, select=["PM2"])
    assert where(found) == [("PM201", 1, 1)]
    assert "lines 12, 16" in found[0].message


def test_empty_decisions_list_is_reported_at_its_key() -> None:
    text = BASE.format(lang="de", sev="SEV2", event="Deployments gesperrt.") + "decisions: []\n"
    assert where(run(text, select=["PM2"])) == [("PM201", 15, 1)]


def test_sev3_without_records_reports_each_unlinked_entry() -> None:
    text = BASE.format(lang="en", sev="SEV3", event="We rolled the deploy back.")
    assert where(run(text, select=["PM2"])) == [("PM207", 12, 15)]


def test_no_finding_without_decision_verbs() -> None:
    text = BASE.format(lang="en", sev="SEV1", event="Error rate back to normal.")
    assert run(text, select=["PM2"]) == []


DECISION = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: {sev}
decisions:
  - id: D1
    decision: Fail over to the standby region.
    rationale: The primary's storage was degraded with no repair estimate.
    decided_by: incident commander
{extra}"""


KNOWN = "    known_at_the_time: Storage latency at 40 times normal; the vendor gave no estimate.\n"


@pytest.mark.parametrize(("sev", "extra", "expected"), [
    ("SEV2", "", [("PM204", 8, 5), ("PM206", 8, 5), ("PM212", 8, 5)]),
    ("SEV3", "", []),
    ("SEV3", "    options_considered: []\n", [("PM204", 12, 5)]),
    ("SEV2", "    tradeoff: x\n    options_considered: []\n    options_reason: The runbook prescribes it.\n"
     + KNOWN, []),
    ("SEV2", "    tradeoff: x\n    options_considered: [fail over]\n" + KNOWN, [("PM205", 13, 25)]),
    ("SEV2", "    tradeoff: x\n    options_considered: [fail over, wait for the vendor]\n" + KNOWN, []),
])
def test_options_and_tradeoff(sev: str, extra: str, expected: list) -> None:
    assert where(run(DECISION.format(sev=sev, extra=extra), select=["PM2"])) == expected


@pytest.mark.parametrize(("lang", "decision", "rationale", "restates"), [
    ("en", "Roll back release 4.2.", "We rolled back release 4.2 because it was necessary.", True),
    ("en", "Roll back release 4.2.", "Rolling back was the best option.", True),
    ("en", "Roll back release 4.2.", "Faster than a restore.", False),
    ("en", "Roll back release 4.2.", "The errors began with 4.2 and a rollback takes five minutes.", False),
    ("de", "Release 4.2 zurückrollen.", "Release 4.2 wurde zurückgerollt, weil das notwendig war.", True),
    ("de", "Release 4.2 zurückrollen.", "Die Fehler begannen mit 4.2; ein Rollback dauert fünf Minuten.",
     False),
    ("de", "Deployments sperren.", "Deployments mussten gesperrt werden, das war die richtige Entscheidung.",
     True),
    # a figure is a reason of its own; one the decision holds, or a clock time, is not
    ("en", "Fail over to region B.", "Region B had 40% headroom.", False),
    ("de", "Auf Region B umschalten.", "Region B hatte 40 % Reserve.", False),
    ("en", "Fail over to region B.", "We failed over to region B at 14:02.", True),
    ("en", "Roll back release 4.2.", "Release 4.2 was rolled back as decided.", True),
])
def test_restatement_heuristic(lang: str, decision: str, rationale: str, restates: bool) -> None:
    assert (len(new_reason_words(decision, rationale, lang)) < 2) is restates


def test_min_new_words_option() -> None:
    text = DECISION.format(sev="SEV3", extra="").replace(
        "The primary's storage was degraded with no repair estimate.", "Storage degraded.")
    assert run(text, select=["PM203"]) == []
    found = run(text, select=["PM203"], config={"rules": {"PM203": {"min_new_words": 3}}})
    assert where(found) == [("PM203", 10, 16)]


def test_missing_rationale_and_text_are_errors_at_the_item() -> None:
    text = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\n" \
           "decisions:\n  - {id: D1, decided_by: IC}\n"
    found = run(text, select=["PM2"])
    assert where(found) == [("PM202", 8, 5), ("PM211", 8, 5)]
    assert {str(d.severity) for d in found} == {"error"}


def test_dangling_reference_is_left_to_pm021() -> None:
    text = BASE.format(lang="en", sev="SEV3", event="Decided to roll back.").replace(
        "    event: Decided to roll back.\n", "    event: Decided to roll back.\n    decision: D9\n")
    assert [d.code for d in run(text, select=["PM021", "PM2"])] == ["PM021"]


def test_unused_decision_is_info_and_quiet_without_timeline() -> None:
    text = DECISION.format(sev="SEV4", extra="")
    assert run(text, select=["PM208"]) == []
    text += "timeline:\n  - {at: 2024-01-01T10:00:00Z, event: Paged the on-call engineer.}\n"
    found = run(text, select=["PM208"])
    assert where(found) == [("PM208", 8, 9)]
    assert str(found[0].severity) == "info"


@pytest.mark.parametrize(("lang", "event", "actor", "verb"), [
    ("en", "The incident commander decided to roll back release 4.2.", None, "decided"),
    ("en", "Chose to restore rather than replay.", None, "Chose"),
    ("en", "We failed over the database to the replica.", None, "failed over"),
    ("en", "Failed over to the standby region.", None, "Failed over"),
    ("en", "Reverted the config change.", None, "Reverted"),
    ("en", "Paused webhook delivery.", None, "Paused"),
    ("en", "Locked the deployment tooling.", None, "Locked"),
    ("en", "Restored the orders table from the 02:00 backup.", None,
     "Restored the orders table from the 02:00 backup"),
    ("en", "Disabled the checkout feature flag.", None, "Disabled the checkout feature flag"),
    ("de", "Der IC hat entschieden, Release 4.2 zurückzurollen.", None, "entschieden"),
    ("de", "Release 4.2 wurde zurückgerollt.", None, "zurückgerollt"),
    ("de", "Der IC rollte das Release auf 4.1 zurück.", None, "rollte"),
    ("de", "Wir haben auf das Replikat umgeschaltet.", None, "umgeschaltet"),
    ("de", "Webhook-Versand pausiert.", None, "pausiert"),
    ("de", "Deployments gesperrt.", None, "gesperrt"),
    ("de", "Die Tabelle wurde aus dem Backup von 02:00 wiederhergestellt.", None, "wiederhergestellt"),
    ("de", "Die Konfigurationsänderung rückgängig gemacht.", None, "rückgängig gemacht"),
    ("de", "Es wurde beschlossen, den Export anzuhalten.", None, "beschlossen"),
    ("en", "We failed the primary over to zone b.", None, "failed the primary over"),
    ("en", "Deploys were frozen.", None, "frozen"),
    ("en", "Traffic was switched to the standby region.", None, "switched to"),
    ("en", "The payments team paused the refund queue.", None, "paused"),
    ("en", "Backed out the config change.", None, "Backed out"),
    ("en", "Drained traffic from region A.", None, "Drained"),
    ("de", "Release 3.2 zurückgenommen.", None, "zurückgenommen"),
    ("de", "Der IC leitete den Traffic auf Region B um.", None, "leitete"),
    ("de", "Shop in den Wartungsmodus versetzt.", None, "versetzt"),
    ("de", "Der IC pausierte den Export.", None, "pausierte"),
    ("de", "Batch-Importe bis auf Weiteres gestoppt, um die Last zu senken.", None, "gestoppt"),
    ("en", "Stopped all deploys to the payments cluster.", None, "Stopped all deploys"),
])
def test_decision_verbs_found(lang: str, event: str, actor: str | None, verb: str) -> None:
    hits = decision_verbs(event, lang, actor)
    assert hits and hits[0].text == verb


@pytest.mark.parametrize(("lang", "event", "actor"), [
    ("en", "The job failed over automatically.", None),
    ("en", "The database failed over to the replica.", None),
    ("en", "The primary failed over to zone b.", "database"),
    ("en", "The reconciliation job paused itself.", None),
    ("en", "Error rate back to normal; the customer's account was not locked.", "monitoring"),
    ("en", "Latency back to normal.", None),
    ("en", "Backup restores began for all clusters.", None),
    ("de", "Die Datenbank hat automatisch umgeschaltet.", None),
    ("de", "Die Datenbank schaltete auf das Replikat um.", None),
    ("de", "Der Such-Cluster wurde pausiert, weil der Speicher voll war.", None),
    ("de", "Eine Schema-Migration sperrte die Bestandstabelle.", None),
    ("de", "Der Stornierungsjob pausierte selbstständig.", None),
    ("de", "Die Erfolgsquote liegt wieder bei 97 %.", None),
    ("en", "Requests failed for over 10 minutes.", None),
    ("en", "Requests were redirected to the maintenance page.", None),
    ("en", "Errors stopped after the cache warmed up.", None),
    ("de", "Der Import-Job stoppte nach dem Timeout.", None),
    ("en", "Requests failed over 40% of the time.", None),
    ("en", "Rolled out fix, latency back to normal.", None),
    ("en", "The status page switched to degraded.", None),
    ("en", "Customer accounts were locked by the fraud system.", None),
    ("en", "We have not yet decided whether to fail over.", None),
    ("de", "Es ist noch nicht entschieden, ob wir umschalten.", None),
    ("de", "Konten von 120 Kunden wurden gesperrt.", None),
    ("de", "Die Zahlungen waren dem Risiko ausgesetzt.", None),
    ("en", "Decided to roll back release 4.2.", None),  # English verbs are not read in German text
])
def test_system_actions_and_plain_events_are_not_decisions(lang: str, event: str, actor: str | None) -> None:
    if event.startswith("Decided"):
        lang = "de"
    assert decision_verbs(event, lang, actor) == []


def test_execution_of_an_earlier_linked_decision_is_not_reported_again() -> None:
    text = BASE.format(lang="en", sev="SEV3", event="Began the plan to restore from backup.")
    text = text.replace("    event: Began the plan to restore from backup.\n",
                        "    event: Began the plan to restore from backup.\n    decision: D1\n")
    text += ("  - at: 2024-01-01T10:40:00Z\n    event: Failed over to the original topology.\n"
             "decisions:\n  - id: D1\n    decision: Restore from backup, then fail back.\n"
             "    rationale: Failing back at once would lose the writes made during the partition.\n"
             "    decided_by: incident commander\n")
    assert run(text, select=["PM207", "PM208"]) == []
    # An explicit "decided" is always a decision of its own.
    decided = text.replace("Failed over to the original topology.", "Decided to fail over again.")
    assert where(run(decided, select=["PM207"])) == [("PM207", 17, 12)]


def test_outside_window_uses_offsets() -> None:
    text = BASE.format(lang="en", sev="SEV4", event="Paged.") + (
        "decisions:\n"
        "  - {id: D1, at: '2024-01-01T11:30:00+01:00', decided_by: IC}\n"   # 10:30Z: inside
        "  - {id: D2, at: '2024-01-01T12:30:00+01:00', decided_by: IC}\n")  # 11:30Z: after
    assert where(run(text, select=["PM209"])) == [("PM209", 17, 18)]


def test_a_bare_date_decision_is_its_whole_day() -> None:
    """Timed 2024-01-01 (midnight), a decision of the incident's day is not before it."""
    text = BASE.format(lang="en", sev="SEV4", event="Paged.") + (
        "decisions:\n"
        "  - {id: D1, at: 2024-01-01, decided_by: IC}\n"  # the incident's day: fine
        "  - {id: D2, at: 2023-12-31, decided_by: IC}\n")  # the day before: before the impact
    found = run(text, select=["PM209"])
    assert where(found) == [("PM209", 17, 18)]
    assert found[0].message.endswith("before the impact started (2024-01-01 10:00 UTC)")


def test_a_resolution_on_a_bare_date_is_its_whole_day() -> None:
    """Resolved on 2024-01-01 (written without a time): a decision later that day is inside."""
    text = BASE.format(lang="en", sev="SEV4", event="Paged.").replace(
        "  - at: 2024-01-01T11:00:00Z\n    milestone: resolved",
        "  - at: 2024-01-01\n    milestone: resolved") + (
        "decisions:\n"
        "  - {id: D1, at: '2024-01-01T18:30:00Z', decided_by: IC}\n"  # the day of the resolution: fine
        "  - {id: D2, at: '2024-01-02T00:30:00Z', decided_by: IC}\n")  # the next day: after it
    found = run(text, select=["PM209"])
    assert where(found) == [("PM209", 17, 18)]
    assert found[0].message.endswith("after the incident was resolved (2024-01-01)")


def test_catalogue_and_data_invariants() -> None:
    rules = [r for r in registry() if r.code.startswith("PM2")]
    assert len(rules) >= 10
    for rule in rules:
        doc = rule.doc()
        for section in ("What it catches", "Why:", "Example::", "Instead"):
            assert section in doc, (rule.code, section)
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    lex = lexicon()
    assert {v.lang for v in lex.verbs} == {"en", "de"}
    kinds = {v.kind for v in lex.verbs}
    for lang in ("en", "de"):
        assert {"decide", "rollback", "failover", "pause", "lock", "revert", "restore"} <= {
            v.kind for v in lex.verbs if v.lang == lang}
        assert lang in lex.automatic and lang in lex.systems and lang in lex.people
    assert kinds


def _timeline(lang: str, events: list[str]) -> str:
    """A SEV3 document whose timeline has one entry per event, acted by the on-call engineer."""
    text = f"pmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: {lang}\nseverity: SEV3\ntimeline:\n"
    for minute, event in enumerate(events):
        text += (f"  - at: 2024-01-01T10:{minute:02d}:00Z\n    actor: on-call engineer\n"
                 f"    event: {event}\n")
    return text


def test_system_actions_observations_and_system_agents_are_not_unlinked_decisions() -> None:
    """An automatic action, a verification and a passive done by a system are no choice.

    The event lines are 10, 13, 16...; the true decisions among them are still reported.
    """
    text = _timeline("en", [
        "Kubernetes restarted the pod and it failed over to zone b.",  # subject 'it': the pod
        "Confirmed the restore from backup was complete.",  # what was checked, not chosen
        "The feature flag was disabled by the flag service after the error budget alert.",
        "Release 4.2 was rolled back by the deploy pipeline.",
        "Traffic was rerouted by the load balancer.",
        "Kubernetes restarted the pod, which failed over to zone b.",
        "Failed over to the secondary region.",
        "Decided to roll back release 4.2.",
        "We disabled the feature flag.",
        "Release 4.2 was rolled back by the on-call engineer.",  # a person's passive
        "Checked the logs, then rolled back release 4.2.",  # a new clause after the check
        "We failed over by promoting the replica.",  # 'by' + gerund: a means, not an agent
        "Confirmed that the incident commander decided to roll back.",  # 'decided' always counts
    ])
    found = run(text, select=["PM207"])
    assert where(found) == [("PM207", 28, 12), ("PM207", 31, 12), ("PM207", 34, 15),
                            ("PM207", 37, 28), ("PM207", 40, 35), ("PM207", 43, 15),
                            ("PM207", 46, 50)]
    assert [d.message for d in found][:3] == [
        "timeline entry describes a decision ('Failed over') but links no decision record",
        "timeline entry describes a decision ('Decided') but links no decision record",
        "timeline entry describes a decision ('disabled the feature flag') but links no decision record",
    ]


def test_german_observations_and_system_agents_are_not_unlinked_decisions() -> None:
    text = _timeline("de", [
        "Geprüft, ob die Tabelle aus dem Backup wiederhergestellt wurde.",
        "Bestätigt, dass der Rollback durchgeführt wurde.",
        "Das Feature-Flag wurde vom Flag-Dienst deaktiviert.",
        "Das Release wurde von der Deploy-Pipeline zurückgerollt.",
        "Kubernetes schaltete auf Zone b um.",
        "Das Release wurde vom Einsatzleiter zurückgerollt.",
        "Logs geprüft und dann Release 4.2 zurückgerollt.",
        "Wir haben das Feature-Flag deaktiviert.",
    ])
    found = run(text, select=["PM207"])
    assert where(found) == [("PM207", 25, 48), ("PM207", 28, 46), ("PM207", 31, 26)]
    assert found[2].message == ("timeline entry describes a decision ('Feature-Flag deaktiviert') but "
                                "links no decision record")


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Kubernetes failed over to zone b."),
    ("en", "Verified the rollback was performed."),
    ("en", "Noticed that traffic had been rerouted."),
    ("de", "Die Konfiguration wurde durch die Pipeline zurückgesetzt."),
    ("de", "Das IC-Team stellte fest, dass der Export angehalten war."),
])
def test_more_non_decisions(lang: str, event: str) -> None:
    assert decision_verbs(event, lang, "on-call engineer") == []


def test_being_locked_out_is_no_decision_but_locking_is() -> None:
    """"Locked out" says someone could not get in; the decision after it is still reported."""
    assert decision_verbs("Support engineers were locked out of the admin console.", "en", None) == []
    assert decision_verbs("Admins locked out of the console after the SSO change.", "en", None) == []
    assert decision_verbs("Three operators were locked out.", "en", None) == []
    assert [h.text for h in decision_verbs("Locked the deployment tooling.", "en", None)] == ["Locked"]
    text = _timeline("en", [
        "Support engineers were locked out of the admin console; paused the billing batch.",
        "Locked out users from the admin API to stop the writes.",
    ])
    found = run(text, select=["PM207"])
    assert where(found) == [("PM207", 10, 68), ("PM207", 13, 12)]
    assert found[0].message == ("timeline entry describes a decision ('paused') but links no decision "
                                "record")


@pytest.mark.parametrize(("lang", "event"), [
    # Screens that froze and passives done by traffic-control components are symptoms.
    ("en", "The checkout page froze for some users."),
    ("en", "The dashboard froze while loading."),
    ("en", "Browsers froze on the payment step."),
    ("en", "Webhook deliveries were paused by the rate limiter."),
    ("en", "Login traffic was rerouted by the CDN to the fallback origin."),
    ("de", "Der Checkout hing, die Seite war eingefroren."),
    ("de", "Die Checkout-Seite war eingefroren."),
])
def test_frozen_screens_and_traffic_components_are_not_decisions(lang: str, event: str) -> None:
    assert decision_verbs(event, lang, None) == []


def test_a_page_that_froze_is_no_pm207_finding_but_freezing_deploys_is() -> None:
    text = _timeline("en", ["The checkout page froze for some users.", "Froze deploys across all services."])
    assert where(run(text, select=["PM207"])) == [("PM207", 13, 12)]


def test_a_decision_stated_as_a_label_is_a_decision() -> None:
    """Terse timelines write "Decision: ..." / "Entscheidung: ..." for the choice itself."""
    text = _timeline("en", ["'Decision: roll back rather than hotfix.'", "Rolled back deploy 4512.",
                            "'No decision: waiting for the vendor.'"])
    found = run(text, select=["PM207"])
    assert where(found) == [("PM207", 10, 13), ("PM207", 13, 12)]
    assert found[0].message == ("timeline entry describes a decision ('Decision') but links no decision "
                                "record")
    german = _timeline("de", ["'Entscheidung: Failover nach Frankfurt statt Warten auf den Primärknoten.'",
                              "'Keine Entscheidung: wir warten auf den Hersteller.'"])
    assert where(run(german, select=["PM207"])) == [("PM207", 10, 13)]


@pytest.mark.parametrize(("event", "verb"), [
    ("PR #8812 revertiert.", "revertiert"),
    ("Die Bereitschaft revertierte den Merge von 14:02.", "revertierte"),
    ("Commit a1b2c3 gerevertet und neu deployt.", "gerevertet"),
])
def test_german_engineering_revert_is_a_decision(event: str, verb: str) -> None:
    assert [(h.kind, h.text) for h in decision_verbs(event, "de", "Bereitschaft")] == [("revert", verb)]


@pytest.mark.parametrize(("event", "verb"), [
    ("Feature flag `bulk-export` disabled.", "disabled"),
    ("Kill switch for recommendations turned off.", "turned off"),
    ("The new-checkout flag was switched off by the IC.", "switched off"),
    ("The feature flag was disabled by the flag service.", None),
    ("Feature flag `bulk-export` disabled automatically by the error budget policy.", None),
])
def test_a_flag_named_before_its_verb_is_a_decision(event: str, verb: str | None) -> None:
    assert [h.text for h in decision_verbs(event, "en", None)] == ([verb] if verb else [])


@pytest.mark.parametrize(("event", "verb"), [
    # a system that is the agent of a verb with an object did it itself
    ("The deploy pipeline rolled back the release.", None),
    ("Kubernetes rolled back the deployment.", None),
    # people, a team, or a terse entry whose subject is what was rolled back
    ("The database team rolled back the migration.", "rolled back"),
    ("The IC rolled back the release.", "rolled back"),
    ("Payments service rolled back to 4.1.", "rolled back"),
    ("After the database alarm we rolled back the release.", "rolled back"),
    # an unknown name may be a person's: still a decision
    ("Zephyr rolled back the release.", "rolled back"),
])
def test_a_system_as_the_agent_of_an_action_with_an_object(event: str, verb: str | None) -> None:
    assert [h.text for h in decision_verbs(event, "en", None)] == ([verb] if verb else [])


#: A SEV2 record whose text fields are all ``{blank}`` (a YAML double-quoted text).
_BLANK_RECORD = """\
pmkit: 1
id: 2024-03-12-checkout
title: Checkout errors after release 4.2
status: draft
lang: en
severity: SEV2
owner: payments lead
timeline:
  - at: 2024-03-12T10:00:00Z
    milestone: impact_started
    event: Release 4.2 reached all checkout hosts.
  - at: 2024-03-12T10:05:00Z
    actor: incident commander
    event: The incident commander decided to roll back release 4.2.
    decision: D1
  - at: 2024-03-12T10:40:00Z
    milestone: resolved
    event: Errors stopped.
decisions:
  - id: D1
    at: 2024-03-12T10:05:00Z
    decision: "{blank}"
    rationale: "{blank}"
    options_considered: [forward fix, roll back]
    tradeoff: "{blank}"
    known_at_the_time: "{blank}"
    decided_by: "{blank}"
"""


@pytest.mark.parametrize("blank", ["   ", "\\u200b", "\\u200e\\u200f", "\\u2066\\u2069", "\\ufeff "])
def test_a_decision_field_that_shows_nothing_is_missing(blank: str) -> None:
    """A zero-width space or a bidirectional mark shows nothing, as blanks do (PM013's reading)."""
    found = run(_BLANK_RECORD.format(blank=blank), select=["PM0", "PM2"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM211", 22, 5, "decision D1 does not say what was decided"),
        ("PM202", 23, 5, "decision D1 has no rationale"),
        ("PM206", 25, 5, "decision D1 of a SEV2 incident states no trade-off"),
        ("PM212", 26, 5, "decision D1 of a SEV2 incident does not say what was known when it was taken"),
        ("PM210", 27, 5, "decision D1 does not say who decided"),
    ]


def test_an_option_that_shows_nothing_is_no_option() -> None:
    text = _BLANK_RECORD.format(blank="x").replace('"x"', "Roll back.").replace(
        "[forward fix, roll back]", '[roll back, "\\u200b"]')
    found = run(text, select=["PM204", "PM205"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM205", 24, 25, "decision D1 lists a single option"),
    ]


def test_the_action_an_open_decision_asks_about_is_no_decision_taken() -> None:
    """A decision still open ("whether", "awaiting", "noch nicht") governs the clause after it:
    the action named there is what was being decided, not what was done. An action said beside
    it, after "but" or in a sentence of its own, still is one."""
    german = _timeline("de", ["Warten auf die Entscheidung, Release 4.2 zurückzurollen.",
                              "Noch nicht entschieden, ob wir zurückrollen.",
                              "Entscheidung, ob Release 4.2 zurückgerollt wird.",
                              "Entscheidung, Release 4.2 zurückzurollen, steht noch aus.",
                              "Noch nicht entschieden, ob wir umschalten. Release 4.2 zurückgerollt."])
    found = run(german, select=["PM207"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM207", 22, 67,
         "timeline entry describes a decision ('zurückgerollt') but links no decision record"),
    ]
    english = _timeline("en", ["Awaiting a decision on whether release 4.2 gets rolled back.",
                               "Not yet decided whether release 4.2 is rolled back.",
                               "Still deciding whether to roll back release 4.2.",
                               "Not yet decided whether to fail over, but rolled back release 4.2."])
    found = run(english, select=["PM207"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM207", 19, 54, "timeline entry describes a decision ('rolled back') but links no decision record"),
    ]


def test_a_severe_timeline_of_open_decisions_only_needs_no_records() -> None:
    text = _timeline("en", ["Awaiting a decision on whether release 4.2 gets rolled back.",
                            "Not yet decided whether release 4.2 is rolled back."]).replace("SEV3", "SEV2")
    assert run(text, select=["PM201", "PM207"]) == []


@pytest.mark.parametrize(("who", "expected"), [
    ("TBD", [("PM019", 27, 17, "placeholder 'TBD' left in decisions[0].decided_by (status is draft)")]),
    ("FIXME", [("PM019", 27, 17, "placeholder 'FIXME' left in decisions[0].decided_by (status is draft)")]),
    ("n/a", [("PM210", 27, 17, "decision D1 gives 'n/a' as who decided, which names no one")]),
])
def test_a_template_placeholder_as_who_decided_is_pm019s_alone(who: str, expected: list) -> None:
    """PM019 names the template's placeholder at its place; PM210 saying it too told it twice."""
    text = (_BLANK_RECORD.format(blank="x").replace('"x"', "Known.")
            .replace('decided_by: Known.', f"decided_by: {who}"))
    found = run(text, select=["PM019", "PM210"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == expected


def _record_with_options(options: str) -> str:
    return (_BLANK_RECORD.format(blank="x")
            .replace('decision: "x"', "decision: Roll back release 4.2.")
            .replace('rationale: "x"', "rationale: The rollback was tested; a fix needed a full deploy.")
            .replace('"x"', "Known.")
            .replace("options_considered: [forward fix, roll back]", f"options_considered: {options}"))


@pytest.mark.parametrize(("options", "items"), [
    ("wait for the vendor or pause the importer", "[wait for the vendor, pause the importer]"),
    ("auf den Anbieter warten oder den Import anhalten", "[auf den Anbieter warten, den Import anhalten]"),
    ("either fail over or wait", "[fail over, wait]"),
    ("roll back; fail over; wait", "[roll back, fail over, wait]"),
    ("roll back, fail over, or wait", "[roll back, fail over, wait]"),
    ("roll back to 4.1 [tested] or wait", '["roll back to 4.1 [tested]", wait]'),
])
def test_options_written_as_one_text_are_offered_as_items(options: str, items: str) -> None:
    """Not as one item in brackets, which is a single option (PM205) once written."""
    written = options if "[" not in options else f"'{options}'"
    found = run(_record_with_options(written), select=["PM0", "PM2"])
    assert [(d.code, d.line, d.col, d.hint) for d in found] == [
        ("PM012", 24, 25, "Write each option as an item of the list, in brackets "
         f"(options_considered: {items}) or each on its own line under the key, starting with '- '.")]
    assert run(_record_with_options(items), select=["PM0", "PM2"]) == []


def test_one_option_written_as_text_is_still_offered_in_brackets() -> None:
    found = run(_record_with_options("roll back"), select=["PM0", "PM2"])
    assert [(d.code, d.line, d.col, d.hint) for d in found] == [
        ("PM012", 24, 25, "Write it as a list, in brackets (options_considered: [roll back]) or with each "
         "item on its own line under the key, starting with '- '.")]


def test_the_records_pm201_asks_for_name_what_a_severe_record_needs() -> None:
    """The hint named no 'known_at_the_time', which PM212 then asked every SEV1/SEV2 record for."""
    text = BASE.format(lang="en", sev="SEV2", event="Decided to fail over to region b.")
    found = run(text, select=["PM2"])
    assert [(d.code, d.line, d.col, d.hint) for d in found] == [
        ("PM201", 1, 1, "Add 'decisions:' with one record per decision (id, at, decision, rationale, "
         "options_considered, tradeoff, known_at_the_time, decided_by) and link each timeline entry to "
         "it with 'decision: D1'.")]
    followed = text.replace("region b.\n", "region b.\n    decision: D1\n") + (
        "decisions:\n  - id: D1\n    at: 2024-01-01T10:05:00Z\n    decision: Fail over to region b.\n"
        "    rationale: Region a's storage kept timing out and region b was healthy.\n"
        "    options_considered: [fail over, wait for the storage team]\n"
        "    tradeoff: Minutes of replication lag over hours of downtime.\n"
        "    known_at_the_time: Storage latency at 40x normal, no estimate from the provider.\n"
        "    decided_by: incident commander\n")
    assert run(followed, select=["PM2"]) == []


_LINKS = """\
pmkit: 1
id: 2024-03-12-checkout
title: Checkout errors after release 4.2
status: draft
lang: en
severity: SEV3
timeline:
  - at: 2024-03-12T10:00:00Z
    milestone: impact_started
    actor: deploy pipeline
    event: Release 4.2 reached all checkout hosts.
    decision: '  '
  - at: 2024-03-12T10:05:00Z
    actor: incident commander
    event: Rolled back release 4.2.
    decision: ''
  - at: 2024-03-12T10:06:00Z
    actor: incident commander
    event: Paused the rate importer.
    decision: [D2]
  - at: 2024-03-12T10:40:00Z
    milestone: resolved
    actor: incident commander
    event: Errors stopped.
decisions:
  - id: D1
    at: 2024-03-12T10:05:00Z
    decision: Roll back release 4.2.
    rationale: The rollback was tested; a fix would need review and a full deploy.
    options_considered: [forward fix, roll back]
    decided_by: incident commander
  - id: D2
    at: 2024-03-12T10:06:00Z
    decision: Pause the rate importer.
    rationale: It kept writing zero rates into the cache every minute.
    options_considered: [wait for the vendor, pause the importer]
    decided_by: incident commander
"""


def test_an_empty_or_listed_decision_link_is_one_finding_that_says_what_to_write() -> None:
    """'decision: ""' got PM021 ("refers to decision ''") and PM207 at the verb; 'decision: [D2]'
    got PM012 and PM207 ("add 'decision: D2'", to an entry that had it, in brackets)."""
    found = run(_LINKS, select=["PM0", "PM2"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [
        ("PM021", 12, 15, "timeline entry's 'decision' is empty (blanks only): it links no decision record",
         "Write there the id of the decision record the entry links ('decision: D1'), or remove the empty "
         "'decision:' if the entry took no decision. Known decisions: D1, D2."),
        ("PM021", 16, 15, "timeline entry's 'decision' is empty: it links no decision record",
         "If decision D1 is this one, write 'decision: D1' there."),
        ("PM012", 20, 15, "'decision' must be text, not a list",
         "Write the decision's id without brackets: 'decision: D2'."),
    ]
    followed = (_LINKS.replace("    decision: '  '\n", "").replace("decision: ''", "decision: D1")
                .replace("decision: [D2]", "decision: D2"))
    assert run(followed, select=["PM0", "PM2"]) == []



def test_a_decision_link_written_with_no_value_is_told_to_be_filled_in() -> None:
    # 'decision:' with nothing after it (null) was told to "add 'decision: D1' to the entry".
    found = run(_LINKS.replace("decision: ''", "decision:"), select=["PM207"])
    assert [(d.code, d.line, d.col, d.hint) for d in found] == [
        ("PM207", 15, 12, "If decision D1 is this one, write 'decision: D1' on line 16.")]

def test_a_link_to_several_decisions_is_told_to_name_one() -> None:
    found = run(_LINKS.replace("decision: [D2]", "decision: [D2, D1]"), select=["PM012", "PM208"])
    assert [(d.code, d.line, d.col, d.hint) for d in found] == [
        ("PM012", 20, 15, "An entry links one decision record: write 'decision: D2', and link D1 from an "
         "entry of its own, at the time it was taken.")]


def test_an_empty_link_without_records_says_there_are_none() -> None:
    text = _LINKS.split("decisions:\n")[0].replace("decision: [D2]", "decision: ''")
    found = run(text, select=["PM021", "PM2"])
    assert [(d.code, d.line, d.col, d.hint) for d in found] == [
        ("PM021", 12, 15, "There are no decisions yet: remove the empty 'decision:', or add a record under "
         "'decisions:' and write its id there."),
        ("PM021", 16, 15, "Add a decision record (rationale, options, trade-off) and write its id there, "
         "'decision: D<n>'."),
        ("PM021", 20, 15, "Add a decision record (rationale, options, trade-off) and write its id there, "
         "'decision: D<n>'."),
    ]
