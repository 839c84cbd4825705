"""Held-out sentences of the tenth round for the blameless prose rules: what a passive
counterfactual says should have caught a bug when that is a tool, and the counterfactuals a
reader still hears as one. Each ends in the code, phrase and position a user relies on."""

from __future__ import annotations

import pytest

from helpers import good_text, run
from helpers import prose_codes as codes
from pmkit.prose import scan

# --- a passive counterfactual whose agent is a tool, a check or a stage -----------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The bug should have been caught by the fuzzer.", "en"),
    ("The bug should have been caught by the type checker.", "en"),
    ("The bug should have been caught by mypy.", "en"),
    ("The regression should have been flagged by the staging environment.", "en"),
    ("The bug should have been caught by a dry run.", "en"),
    ("The bug should have been caught by the four-eyes principle.", "en"),
    ("The expired certificate should have been flagged by Datadog.", "en"),
    ("The drift should have been caught by the runner before the apply.", "en"),
    ("Der Fehler hätte vom Linter erkannt werden müssen.", "de"),
    ("Die Konfiguration hätte von der CI validiert werden müssen.", "de"),
    ("Der Fehler hätte von der Readiness-Probe erkannt werden müssen.", "de"),
    ("Der Fehler hätte von der Staging-Umgebung erkannt werden müssen.", "de"),
    ("Der Fehler hätte vom Typechecker erkannt werden müssen.", "de"),
    ("Der Fehler hätte vom Vier-Augen-Prinzip erkannt werden müssen.", "de"),
])
def test_a_passive_counterfactual_whose_agent_is_a_tool_judges_nobody(sentence: str, lang: str) -> None:
    # Each was PM302 ('"should have been caught" is a hindsight counterfactual'): the agent
    # was a word of no known class, taken for a person. "Should have been caught by the
    # integration tests" already passed; a fuzzer, a type checker or der Linter is the same.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The alert should have been noticed by the night shift.", "en",
     [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by the NOC.", "en", [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by the help desk.", "en",
     [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by the reviewer.", "en",
     [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by Kowalski.", "en", [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by Bob.", "en", [("PM309", "should have been noticed")]),
    ("The bug should have been caught in code review.", "en", [("PM302", "should have been caught")]),
    ("Der Fehler hätte vom Diensthabenden bemerkt werden müssen.", "de",
     [("PM302", "hätte vom Diensthabenden bemerkt werden müssen")]),
    ("Der Fehler hätte von der Nachtschicht bemerkt werden müssen.", "de",
     [("PM302", "hätte von der Nachtschicht bemerkt werden müssen")]),
    ("Der Fehler hätte vom Support bemerkt werden müssen.", "de",
     [("PM302", "hätte vom Support bemerkt werden müssen")]),
    ("Der Fehler hätte von der Leitstelle bemerkt werden müssen.", "de",
     [("PM302", "hätte von der Leitstelle bemerkt werden müssen")]),
    ("Der Fehler hätte vom Helpdesk bemerkt werden müssen.", "de",
     [("PM302", "hätte vom Helpdesk bemerkt werden müssen")]),
    ("Der Fehler hätte vom Reviewer erkannt werden müssen.", "de",
     [("PM302", "hätte vom Reviewer erkannt werden müssen")]),
    ("Der Fehler hätte von Müller erkannt werden müssen.", "de",
     [("PM302", "hätte von Müller erkannt werden müssen")]),
])
def test_a_passive_counterfactual_whose_agent_is_a_person_is_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # "vom Support" passed before: "Support" was read as a compound of "Port".
    assert codes(sentence, lang) == expected


def test_a_tool_as_the_agent_is_quiet_in_a_document_and_a_shift_is_reported() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text()
    assert event in text
    quiet = text.replace(event, "    event: The bad migration should have been caught by the schema linter.")
    assert [d for d in run(quiet, select=["PM3"]) if d.field == "timeline[1].event"] == []
    loud = text.replace(event, "    event: The disk alert should have been noticed by the night shift.")
    found = [(d.code, d.line, d.col, d.end_col, d.message)
             for d in run(loud, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM302", 40, 27, 51,
                      '"should have been noticed" is a hindsight counterfactual about "night shift"')]


# --- a counterfactual in which a person had not done something -----------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("If the engineer had not restarted the node, the data would have survived.", "en",
     [("PM302", "If the engineer had not restarted")]),
    ("Had the engineer not restarted the node, the data would have survived.", "en",
     [("PM302", "Had the engineer not restarted")]),
    ("Hätte der Techniker den Knoten nicht neu gestartet, wären die Daten erhalten geblieben.", "de",
     [("PM302", "Hätte der Techniker den Knoten nicht neu gestartet,")]),
    ("Hätte der Administrator das Skript nicht gegen die Produktion ausgeführt, wäre nichts passiert.",
     "de", [("PM302", "Hätte der Administrator das Skript nicht gegen die Produktion ausgeführt,")]),
    ("Hätte der Bereitschaftsdienst den Alarm um 03:12 Uhr eskaliert, wäre der Ausfall kürzer gewesen.",
     "de", [("PM302", "Hätte der Bereitschaftsdienst den Alarm um 03:12 Uhr eskaliert,")]),
    ("Wenn der Techniker den Knoten nicht neu gestartet hätte, wären die Daten erhalten geblieben.", "de",
     [("PM302", "Wenn der Techniker den Knoten nicht neu gestartet hätte")]),
    ("Hätte Klaus den Knoten nicht neu gestartet, wären die Daten erhalten geblieben.", "de",
     [("PM309", "Hätte Klaus den Knoten nicht neu gestartet,")]),
])
def test_a_counterfactual_of_what_a_person_had_not_done_is_reported_in_both_languages(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # The German inverted forms passed: the condition took at most five words before its
    # participle, and a time ("03:12") ended it.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize("sentence", [
    "Hätte der Knoten nicht neu gestartet, wären die Daten erhalten geblieben.",
    "Hätte der Failover nach der Wartung am Montag automatisch gegriffen, wäre der Ausfall kürzer gewesen.",
    "Hätte der Cache die Einträge um 03:12 Uhr nicht verworfen, wäre die Datenbank nicht überlastet worden.",
])
def test_a_german_inverted_condition_on_a_system_is_no_counterfactual_about_people(sentence: str) -> None:
    assert codes(sentence, "de") == []


def test_the_hint_of_a_counterfactual_of_what_was_not_done_asks_for_what_the_person_saw() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    sentence = "If the engineer had not restarted the node, the data would have survived."
    text = good_text().replace(event, f"    event: {sentence}")
    found = [d for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM302", 40, 12, 45)]
    assert found[0].message == ('"If the engineer had not restarted" is a hindsight counterfactual about '
                                '"engineer"')
    assert found[0].hint is not None
    assert found[0].hint.startswith("Describe what the person saw")


@pytest.mark.parametrize(("sentence", "lang", "hint"), [
    ("Had the engineer not restarted the node, the data would have survived.", "en",
     "Describe what the person saw at the time and why the action they took made sense then."),
    ("Hätte der Techniker den Knoten nicht neu gestartet, wären die Daten erhalten geblieben.", "de",
     "Beschreiben Sie, was die Person zu dem Zeitpunkt sah und warum ihr Handeln damals sinnvoll war."),
    ("Hätte der Administrator nur die Logs gelesen!", "de",
     "Beschreiben Sie, was die Person zu dem Zeitpunkt sah und warum ihr Handeln damals sinnvoll war."),
])
def test_the_hint_of_an_inverted_counterfactual_is_about_the_person_it_names(sentence: str, lang: str,
                                                                           hint: str) -> None:
    # The hints spoke of someone else: "Describe what the reviewer saw and what made the
    # problem hard to see" for an engineer who restarted a node, "was das Team ... sah" for
    # an administrator.
    assert [f.suggestion for f in scan(sentence, lang)] == [hint]


# --- "double check" written without its hyphen ------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The engineer did not double check the hostname.", [("PM302", "did not double check")]),
    ("The engineer didn't double check the target cluster before deleting.",
     [("PM302", "didn't double check")]),
    ("The operator deleted the volume without double checking the cluster.",
     [("PM302", "without double checking")]),
    ("The on-call engineer should have double checked the hostname.",
     [("PM302", "should have double checked")]),
    ("The hostname should have been double checked.", [("PM302", "should have been double checked")]),
    ("Engineers must double check every command before running it in production.",
     [("PM306", "Engineers must double check")]),
    ("Make sure engineers double check the target cluster.", [("PM306", "Make sure engineers double check")]),
    ("Alice did not double check the hostname.", [("PM309", "did not double check")]),
])
def test_double_check_without_its_hyphen_is_the_same_phrase(sentence: str,
                                                            expected: list[tuple[str, str]]) -> None:
    # Each passed: the entries spelt only "double-check", and people write it both ways.
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The deploy tool did not double check the target cluster.",
    "The script deleted the volume without double checking the cluster.",
    "The CLI should have double checked the target.",
    "The on-call engineer did not double check the hostname because the CLI printed it in the prompt.",
])
def test_a_tool_that_did_not_double_check_judges_nobody(sentence: str) -> None:
    assert codes(sentence) == []


# --- an inverted condition after its consequence -----------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("This would have been avoided had the engineer followed the runbook.", "en",
     [("PM302", "had the engineer followed")]),
    ("The outage would have been shorter, had the on-call escalated sooner.", "en",
     [("PM302", "had the on-call escalated")]),
    ("It could have been prevented had the reviewer read the diff.", "en",
     [("PM302", "had the reviewer read")]),
    ("It would not have happened had Alice read the diff.", "en", [("PM309", "had Alice read")]),
    ("Das wäre nicht passiert, hätte der Admin das Runbook gelesen.", "de",
     [("PM302", "hätte der Admin das Runbook gelesen")]),
    ("Der Ausfall wäre vermeidbar gewesen, hätte der Reviewer den Diff gelesen.", "de",
     [("PM302", "hätte der Reviewer den Diff gelesen")]),
])
def test_an_inverted_condition_after_its_consequence_is_a_counterfactual(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: "Had the engineer followed the runbook, ..." was reported only at the start
    # of a sentence, "Hätte der Admin ..., ..." only before its comma.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The outage would have been shorter, had the failover triggered automatically.", "en"),
    ("The data loss would have been avoided had the replica been in sync.", "en"),
    ("The team paged the DBA, had the runbook open, and started the failover.", "en"),
    ("By 14:05 the team had rolled back, had the incident channel open and had paged the vendor.", "en"),
    ("Der Ausfall wäre kürzer gewesen, hätte der Failover automatisch gegriffen.", "de"),
    ("Der Admin meinte, er hätte das Runbook gelesen.", "de"),
    ("Laut Protokoll hätte der Job um 02:00 laufen sollen, lief aber erst um 02:40.", "de"),
])
def test_an_inverted_condition_on_a_system_or_a_had_of_possession_is_quiet(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


def test_an_inverted_condition_after_its_consequence_in_a_document() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    sentence = "The outage would have been shorter, had the on-call escalated sooner."
    text = good_text().replace(event, f"    event: {sentence}")
    found = [(d.code, d.line, d.col, d.end_col, d.message)
             for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM302", 40, 48, 73,
                      '"had the on-call escalated" is a hindsight counterfactual about "on-call"')]


@pytest.mark.parametrize("sentence", [
    "Wäre ein Alarm eingerichtet gewesen, hätten wir es früher bemerkt.",
    "Wenn der Alarm im richtigen Kanal gelandet wäre, hätte die Bereitschaft ihn gesehen.",
])
def test_a_german_consequence_after_its_condition_is_no_condition_of_its_own(sentence: str) -> None:
    # The consequence of a condition on a system is verb-first too; only a condition is judged.
    assert codes(sentence, "de") == []


# --- a judging word without a technical sense, said of code ------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "phrase", "hint"), [
    ("A careless default in the library disabled TLS verification.", "en", "careless",
     "the library's default disabled TLS verification"),
    ("Negligent error handling in the client swallowed the timeout.", "en", "Negligent",
     "the client discarded the timeout error"),
    ("Reckless retries from the client amplified the load.", "en", "Reckless",
     "the client retried without backoff or limit"),
    ("Eine fahrlässige Fehlerbehandlung im Client verschluckte den Timeout.", "de", "fahrlässige",
     "der Client verwarf den Timeout-Fehler"),
])
def test_a_judging_word_said_of_code_is_reported_with_a_hint_about_the_code(
        sentence: str, lang: str, phrase: str, hint: str) -> None:
    # Unlike "a sloppy regex" (loose matching) or "a dumb proxy" (no logic of its own), these
    # words have no technical sense: of code they judge whoever wrote it. They stay PM303, but
    # the hint asked what "the person could see", which has no answer for a library default.
    found = scan(sentence, lang)
    assert [(f.code, f.text) for f in found] == [("PM303", phrase)]
    assert hint in found[0].suggestion


# --- "human error" ruled out --------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Human error was ruled out early: the flush was in the reviewed code, not a manual command.", "en"),
    ("Operator error was quickly ruled out; the CLI had accepted a valid command.", "en"),
    ("Human error has been ruled out as a cause.", "en"),
    ("We ruled out human error: the change was applied by the pipeline.", "en"),
    ("After ruling out operator error, the team looked at the load balancer.", "en"),
    ("Human error was excluded as a cause.", "en"),
    ("Menschliches Versagen wurde früh ausgeschlossen.", "de"),
    ("Ein Bedienfehler kann ausgeschlossen werden, weil die Pipeline den Befehl ausführte.", "de"),
    ("Wir haben einen Bedienfehler ausgeschlossen.", "de"),
])
def test_human_error_ruled_out_is_a_denial(sentence: str, lang: str) -> None:
    # Each was PM301, an error: the writer says the incident was not human error, as "Human
    # error was not the cause" (which passed) does.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("Human error cannot be ruled out.", "en", "Human error"),
    ("We could not rule out human error.", "en", "human error"),
    ("The ruled-out causes left human error.", "en", "human error"),
    ("Menschliches Versagen kann nicht ausgeschlossen werden.", "de", "Menschliches Versagen"),
])
def test_human_error_not_ruled_out_is_still_reported(sentence: str, lang: str, phrase: str) -> None:
    assert codes(sentence, lang) == [("PM301", phrase)]


def test_human_error_ruled_out_in_a_markdown_body_is_quiet() -> None:
    text = good_text().replace(
        "    event: Internal monitoring alerted on a large number of faults.",
        "    event: Operator error was ruled out at 23:10; the command had come from the pipeline.")
    assert [d for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"] == []


# --- PM503: an amount of traffic that arrives somewhere ------------------------------------------


def _impact(summary: str, description: str, lang: str = "en") -> str:
    """The clean example with this summary and impact description and no numbers in fields."""
    text = good_text()
    start, timeline = text.index("summary:"), text.index("timeline:\n")
    return (text[:start].replace("lang: en", f"lang: {lang}") + f"summary: {summary}\n"
            + f"impact:\n  description: {description}\n" + text[timeline:])


@pytest.mark.parametrize(("summary", "lang"), [
    ("The cache was flushed, and thousands of requests a second went straight to the database.", "en"),
    ("Thousands of requests per second hit the origin after the CDN purge.", "en"),
    ("Hundreds of queries per second hammered the primary until the pool ran dry.", "en"),
    ("Millions of requests per minute reached the gateway during the retry storm.", "en"),
    ("Der Release leerte den Cache, und Tausende Anfragen pro Sekunde gingen direkt an die Datenbank.", "de"),
    ("Tausende Anfragen pro Sekunde trafen den Origin nach dem CDN-Purge.", "de"),
])
def test_an_amount_of_traffic_that_arrives_somewhere_is_load_not_impact(summary: str, lang: str) -> None:
    # Each was PM503 ("vague impact 'thousands of requests'"): an amount at a rate that goes to,
    # hits or reaches a system is how much traffic there was, as "sent thousands of requests
    # per second to the database" (which passed) is.
    description = "Checkout was slow." if lang == "en" else "Der Checkout war langsam."
    assert run(_impact(summary, description, lang), select=["PM503"]) == []


@pytest.mark.parametrize(("summary", "lang", "phrase"), [
    ("Hundreds of requests a second timed out.", "en", "Hundreds of requests"),
    ("Thousands of requests per second hit the origin and failed with 503.", "en", "Thousands of requests"),
    ("Thousands of requests per second went unanswered.", "en", "Thousands of requests"),
    ("Tausende Anfragen pro Sekunde gingen verloren.", "de", "Tausende Anfragen"),
    ("Hunderte Anfragen pro Sekunde schlugen fehl.", "de", "Hunderte Anfragen"),
])
def test_an_amount_of_requests_that_failed_is_still_a_vague_impact(summary: str, lang: str,
                                                                  phrase: str) -> None:
    description = "Checkout was slow." if lang == "en" else "Der Checkout war langsam."
    found = run(_impact(summary, description, lang), select=["PM503"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM503", 13, 10, f"vague impact '{phrase}': the impact section gives no number of affected users, "
                          "customers or requests")]


# --- a decision judged by its outcome -------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The on-call engineer made the wrong call and restarted the primary.", "en",
     [("PM308", "made the wrong call")]),
    ("The incident commander made a bad decision to fail over.", "en", [("PM308", "made a bad decision")]),
    ("Alice made the wrong choice under pressure.", "en", [("PM309", "made the wrong choice")]),
    ("Der Techniker hat die falsche Entscheidung getroffen.", "de",
     [("PM308", "die falsche Entscheidung getroffen")]),
    ("Der Einsatzleiter traf eine schlechte Entscheidung.", "de",
     [("PM308", "traf eine schlechte Entscheidung")]),
])
def test_a_person_who_made_the_wrong_call_is_judged_by_the_outcome(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: "made the wrong call" judges a decision by how it turned out (outcome bias),
    # as "selected the wrong host" (PM308) does a choice.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The scheduler made the wrong decision because its view of the node was stale.", "en"),
    ("The autoscaler made a bad choice of instance type.", "en"),
    ("We made the wrong call: the failover took longer than the outage.", "en"),
    ("The incident commander made the call to fail over at 14:20.", "en"),
    ("Der Scheduler traf eine falsche Entscheidung, weil sein Bild des Knotens veraltet war.", "de"),
    ("Wir haben die falsche Entscheidung getroffen.", "de"),
])
def test_a_wrong_call_by_a_system_or_by_us_is_quiet(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


# --- a failed attempt to log in or connect ----------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The on-call engineer failed to log in to the bastion: the VPN was down.",
    "The on-call engineer failed to connect to the bastion host; the VPN was down.",
    "Responders failed to get a response from the API for 20 minutes.",
    "The incident commander failed to reach the DBA on the first two pages.",
    "The engineer failed to authenticate against the vault after the token rotation.",
    "Two responders failed to open the dashboard, which timed out after 60 s.",
])
def test_a_failed_attempt_to_log_in_or_connect_is_what_happened(sentence: str) -> None:
    # Each was PM302 ('"failed to" is a hindsight counterfactual about ...'): the person tried
    # and a system refused; there is no omission to judge.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("The engineer failed to escalate.", "failed to"),
    ("The on-call engineer failed to check the replica lag before the failover.", "failed to"),
    ("The operator failed to follow the runbook.", "failed to"),
])
def test_failing_to_do_ones_part_is_still_a_counterfactual(sentence: str, phrase: str) -> None:
    assert codes(sentence) == [("PM302", phrase)]


# --- what a person did as the runbook says ------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Per the runbook, the on-call engineer ignored the CPU alert during the backup window.", "en"),
    ("According to the playbook, the responder ignored the disk alert during backups.", "en"),
    ("The on-call engineer ignored the CPU alert per the runbook.", "en"),
    ("Following the runbook, the on-call engineer ignored the CPU alert during the backup.", "en"),
    ("Laut Runbook hat der Techniker den CPU-Alarm während der Sicherung ignoriert.", "de"),
    ("Gemäß Runbook ignorierte die Bereitschaft den Plattenalarm während der Sicherung.", "de"),
])
def test_an_action_the_runbook_prescribes_blames_nobody(sentence: str, lang: str) -> None:
    # Each was PM308 ('"ignored" blames ... for an action'): what the procedure told the person
    # to do is the blameless account, as "... because the runbook marks it as noise" (which
    # passed) is.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("Instead of following the runbook, the on-call engineer ignored the CPU alert.", "en", "ignored"),
    ("Contrary to the runbook, the on-call engineer ignored the CPU alert.", "en", "ignored"),
    ("The on-call engineer ignored the CPU alert without following the runbook.", "en", "ignored"),
    ("Entgegen dem Runbook hat der Techniker den CPU-Alarm ignoriert.", "de", "ignoriert"),
])
def test_an_action_against_the_runbook_is_still_blamed(sentence: str, lang: str, phrase: str) -> None:
    assert codes(sentence, lang) == [("PM308", phrase)]


# --- what anyone could have done; what nothing showed ---------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Anyone could have made this change; the tool accepted it without review.", "en"),
    ("Anyone with production access could have run this command.", "en"),
    ("Any engineer could have run this command, and the tool would have accepted it.", "en"),
    ("Jeder mit Produktionszugang hätte diesen Befehl ausführen können.", "de"),
    ("Nothing in the dashboards was obviously wrong until 14:20.", "en"),
])
def test_what_anyone_could_have_done_is_what_the_system_allowed(sentence: str, lang: str) -> None:
    # Each was reported (PM302 "could have run", PM305 "obviously"): that anyone could have run
    # the command says the tool let everyone do it, the blameless point itself; "nothing ...
    # obviously wrong" denies what "obviously wrong" asserts.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Any engineer could have spotted the typo.", "en", [("PM302", "could have spotted")]),
    ("Anyone could have seen this coming.", "en", [("PM305", "Anyone could have seen")]),
    ("The on-call engineer could have run the rollback sooner.", "en", [("PM302", "could have run")]),
    ("The config was obviously wrong.", "en", [("PM305", "obviously")]),
])
def test_what_a_person_could_have_noticed_is_still_reported(sentence: str, lang: str,
                                                           expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


# --- who started or created something in the timeline -----------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The incident channel was created by the incident commander at 14:05.",
    "The migration was started by the DBA at 02:00.",
    "The failover was triggered by the on-call engineer at 03:20.",
    "The ticket was created by the support team.",
    "The flag was introduced by the payments team in March.",
    "A manual failover was triggered by the IC after the automatic one stalled.",
])
def test_who_started_or_created_a_step_of_the_response_is_no_blame(sentence: str) -> None:
    # Each was PM304, an error ('"created by the incident commander" assigns blame to ...'):
    # a timeline says who started the failover or opened the channel; only who caused, or
    # introduced or triggered the outage or the bug, is blamed.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("The outage was caused by the DBA at 02:00.", "caused by the DBA"),
    ("The incident was triggered by a developer who pushed directly to main.",
     "incident was triggered by a developer"),
    ("The bug was introduced by the new engineer.", "bug was introduced by the new engineer"),
    ("The config error was introduced by the engineer during the migration.",
     "error was introduced by the engineer"),
    ("It was an outage triggered by the on-call engineer.", "outage triggered by the on-call engineer"),
])
def test_who_caused_or_introduced_the_outage_or_the_bug_is_still_blamed(sentence: str, phrase: str) -> None:
    assert codes(sentence) == [("PM304", phrase)]


def test_caused_by_a_person_is_marked_up_to_the_person_in_a_document() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text().replace(event, "    event: The outage was caused by the DBA at 23:10.")
    found = [(d.code, d.line, d.col, d.end_col, d.message)
             for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM304", 40, 27, 44, '"caused by the DBA" assigns blame to "DBA"')]


# --- where the blame for the outage lies -------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The blame for the outage lies with the process, not people.", "en"),
    ("The blame for this outage lies squarely with our deploy tooling.", "en"),
    ("Die Schuld für den Ausfall liegt beim Deployment-Prozess.", "de"),
])
def test_the_blame_for_the_outage_lying_with_a_process_blames_nobody(sentence: str, lang: str) -> None:
    # Each was PM304, an error ('"blame" assigns blame'): "the blame lies with the process"
    # passed, but not with what the blame is for between.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("The blame for the outage lies with the on-call engineer.", "en", "blame for the outage lies with"),
    ("The fault for the outage lies with the DBA.", "en", "fault for the outage lies with"),
    ("Die Schuld für den Ausfall liegt beim Administrator.", "de", "Schuld für den Ausfall liegt beim"),
])
def test_the_blame_for_the_outage_lying_with_a_person_is_blame(sentence: str, lang: str, phrase: str) -> None:
    # The second passed: "the fault for the outage lies with" was in no entry.
    assert codes(sentence, lang) == [("PM304", phrase)]


# --- a step forgotten, with the reason the system gave ------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The engineer forgot to re-enable the alert because the runbook did not include the step.", "en"),
    ("The on-call neglected to page the DBA because the escalation policy listed the old rotation.", "en"),
    ("Der Kollege hat vergessen, den Alarm wieder zu aktivieren, weil das Runbook den Schritt "
     "nicht enthielt.", "de"),
])
def test_a_forgotten_step_with_the_reason_the_system_gave_is_the_blameless_account(sentence: str,
                                                                                  lang: str) -> None:
    # Each was PM302: the step depended on memory because the runbook lacked it, which is
    # what the hint of "forgot to" asks to describe, as "did not notice the alert because it
    # was posted to a muted channel" (which passed) does.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("The engineer forgot to re-enable the alert.", "en", "forgot to"),
    ("The engineer forgot to re-enable the alert because he was tired.", "en", "forgot to"),
    ("Der Kollege hat vergessen, den Alarm wieder zu aktivieren.", "de", "vergessen"),
    ("Der Kollege hat vergessen, den Alarm wieder zu aktivieren, weil er müde war.", "de", "vergessen"),
])
def test_a_forgotten_step_without_a_reason_or_with_one_about_the_person_is_reported(
        sentence: str, lang: str, phrase: str) -> None:
    assert codes(sentence, lang) == [("PM302", phrase)]


# --- "human error" under other names: a manual error, a misclick, a typo by an engineer ----------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The outage was caused by a manual error in the DNS zone file.", "en", [("PM301", "manual error")]),
    ("Root cause: a manual mistake during the maintenance.", "en", [("PM301", "manual mistake")]),
    ("The incident was caused by a misclick in the admin console.", "en", [("PM301", "misclick")]),
    ("The root cause was a typo by an engineer.", "en", [("PM310", "typo by an engineer")]),
    ("Ursache war ein manueller Fehler beim Bearbeiten der DNS-Zone.", "de",
     [("PM301", "manueller Fehler")]),
    ("Der Ausfall wurde durch einen Fehlklick verursacht.", "de", [("PM301", "Fehlklick")]),
    ("Ursache war ein Tippfehler eines Mitarbeiters.", "de", [("PM310", "Tippfehler eines Mitarbeiters")]),
])
def test_human_error_under_another_name_is_reported(sentence: str, lang: str,
                                                    expected: list[tuple[str, str]]) -> None:
    # Each passed: "manual error" and "misclick" are "operator error" and "fat-fingered" in other
    # words, and "a typo by an engineer" is "an error by an engineer".
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("A typo in the config (port 8008 instead of 8080) took down the API.", "en"),
    ("The manual failover took 40 minutes.", "en"),
    ("The manual has an error in the failover section.", "en"),
    ("The CLI now asks for confirmation to prevent misclicks.", "en"),
    ("Es war kein manueller Fehler: Die Pipeline hat die Änderung ausgerollt.", "de"),
    ("Die manuelle Fehlerbehebung dauerte 40 Minuten.", "de"),
    ("Ein Tippfehler in der Konfiguration legte die API lahm.", "de"),
])
def test_a_typo_in_a_file_or_a_manual_step_is_no_human_error(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


# --- a passive "was not followed" by a person ---------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The runbook was not followed by the on-call engineer.", [("PM302", "was not followed")]),
    ("The runbook wasn't followed by the on-call engineer.", [("PM302", "wasn't followed")]),
    ("The diff was not reviewed by the second approver.", [("PM302", "was not reviewed")]),
    ("The runbook was not followed by Alice.", [("PM309", "was not followed")]),
])
def test_what_a_person_did_not_follow_in_the_passive_is_a_counterfactual(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed, while "Das Runbook wurde vom Techniker nicht befolgt" and "the on-call
    # engineer did not follow the runbook" were reported.
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The runbook was not followed.",
    "The runbook was not followed by the deploy tool, which skipped step 4.",
    "The runbook was not followed by the on-call engineer because it described the old cluster.",
    "The redirect was not followed by the client.",
])
def test_a_passive_not_followed_without_a_person_or_with_the_reason_is_quiet(sentence: str) -> None:
    assert codes(sentence) == []


def test_not_reviewed_by_anyone_is_by_nobody() -> None:
    # "was not reviewed by anyone" says no review happened, as "was reviewed by nobody" does.
    assert codes("The change was not reviewed by anyone.") == []
    assert codes("The change was not reviewed by anyone outside the team.") == []


# --- a person's error budget ---------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The team's error budget was exhausted by 14:30.",
    "The on-call engineer's error budget report was shared in the channel.",
    "The operator's error message was misleading: it said OK on failure.",
    "The engineer's error handling change made the client retry forever.",
    "The team's oversight process requires two approvals.",
    "kwong's mistake-proofing change (a confirmation prompt) shipped in April.",
])
def test_a_persons_error_budget_or_error_message_is_no_euphemism(sentence: str) -> None:
    # Each was PM310 ('"team's error" is a euphemism for blaming "team"'; PM309 for a name):
    # an error budget, an error message and an oversight process are things, not slips.
    assert codes(sentence) == []
    assert [f.code for f in scan(sentence, "en", names=["kwong"])] == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The team's error took down the API.", [("PM310", "team's error")]),
    ("An operator's mistake removed the wrong servers.", [("PM310", "operator's mistake")]),
    ("The engineer's oversight allowed the change through.", [("PM310", "engineer's oversight")]),
])
def test_a_persons_error_is_still_a_euphemism(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The individual error budget of each service is 0.1%.",
    "Someone's error budget ran out.",
])
def test_an_error_budget_is_no_human_error(sentence: str) -> None:
    assert codes(sentence) == []


# --- an option that was there, with why it was not taken ----------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("We could have rolled back, but the rollback would have restarted every pod.", "en"),
    ("The on-call engineer could have restarted the primary, but the restart would have lost 40 s of writes.",
     "en"),
    ("Wir hätten zurückrollen können, aber der Rollback hätte jeden Pod neu gestartet.", "de"),
])
def test_an_option_with_the_reason_it_was_not_taken_is_a_decision_record(sentence: str, lang: str) -> None:
    # Each was PM302 ('"could have rolled" is a hindsight counterfactual'): the option that was
    # there and what made it worse is what the hint asks for ("the options that were visible at
    # the time and what made the chosen one reasonable").
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("We could have rolled back much sooner.", "en", "could have rolled"),
    ("We could have rolled back sooner, but we did not look at the dashboard.", "en", "could have rolled"),
    ("The on-call engineer should have rolled back, but the rollback would have restarted every pod.", "en",
     "should have rolled"),
    ("Wir hätten früher zurückrollen können, aber wir haben nicht auf das Dashboard geschaut.", "de",
     "hätten früher zurückrollen können"),
])
def test_an_option_missed_without_a_reason_of_the_system_is_still_a_counterfactual(
        sentence: str, lang: str, phrase: str) -> None:
    assert [(code, text) for code, text in codes(sentence, lang) if code == "PM302"] == [("PM302", phrase)]


# --- "should have" of what someone ought to possess -------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "We should have automated failover for the primary database.",
    "We should have documented runbooks for every tier-1 service.",
    "Teams should have dedicated on-call rotations for tier-1 services.",
    "Every team should have written runbooks.",
    "Engineers should have read-only access by default.",
    "The on-call engineer should have read access to the audit logs.",
])
def test_should_have_of_what_to_possess_is_a_recommendation(sentence: str) -> None:
    # Each was PM302 ('"should have automated" is a hindsight counterfactual'): "should have
    # automated failover" says what to have from now on, with the participle as an adjective.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("We should have automated the failover.", "should have automated"),
    ("We should have documented the runbook.", "should have documented"),
    ("The team should have tested the restore.", "should have tested"),
    ("The on-call engineer should have read the runbook.", "should have read"),
])
def test_should_have_done_something_is_still_a_counterfactual(sentence: str, phrase: str) -> None:
    assert codes(sentence) == [("PM302", phrase)]


def test_an_option_kept_from_people_by_a_fact_is_still_a_counterfactual() -> None:
    # What the option would have done weighs it; "but it was not documented" says what kept
    # people from it, and the labelled data of an earlier round keeps that a counterfactual.
    sentence = "Responders could have used the read-only mode, but it was not documented."
    assert codes(sentence) == [("PM302", "could have used")]
