"""Held-out sentences of the eleventh round for the blameless prose rules: a person's work as
the cause of the outage, and the phrasings decided in this round. Each ends in the code,
phrase and position a user relies on."""

from __future__ import annotations

import pytest

from helpers import EVENT, event_findings, good_text, run
from helpers import prose_codes as codes
from pmkit.prose import scan


def messages(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in scan(text, lang)]


# --- a person's work as the cause ----------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Alice's change caused the outage.", "en",
     [("PM309", '"caused the outage" blames the named person "Alice" for an action')]),
    ("Bob's deploy took down production.", "en",
     [("PM309", '"took down production" blames the named person "Bob" for an action')]),
    ("Alice's change broke production.", "en",
     [("PM309", '"broke" blames the named person "Alice" for an action')]),
    ("The on-call's restart caused the outage.", "en",
     [("PM308", '"caused the outage" blames "on-call" for an action')]),
    ("The engineer's refactoring caused the outage.", "en",
     [("PM308", '"caused the outage" blames "engineer" for an action')]),
    ("The intern's script took down production.", "en",
     [("PM308", '"took down production" blames "intern" for an action')]),
    ("His change caused the outage.", "en",
     [("PM308", '"caused the outage" blames "his change" for an action')]),
    ("Alices Änderung verursachte den Ausfall.", "de",
     [("PM309", '"verursachte den Ausfall" blames the named person "Alice" for an action')]),
    ("Bobs Deployment hat den Ausfall verursacht.", "de",
     [("PM309", '"den Ausfall verursacht" blames the named person "Bob" for an action')]),
    ("Die Änderung von Alice verursachte den Ausfall.", "de",
     [("PM309", '"verursachte den Ausfall" blames the named person "Alice" for an action')]),
    ("Die Änderung des Entwicklers verursachte den Ausfall.", "de",
     [("PM308", '"verursachte den Ausfall" blames "Entwicklers" for an action')]),
    ("Der Neustart der Bereitschaft hat den Ausfall verursacht.", "de",
     [("PM308", '"den Ausfall verursacht" blames "Bereitschaft" for an action')]),
    ("Das Skript des Praktikanten hat die Produktion kaputt gemacht.", "de",
     [("PM308", '"kaputt gemacht" blames "Praktikanten" for an action')]),
])
def test_a_persons_work_as_the_cause_blames_the_person(sentence: str, lang: str,
                                                       expected: list[tuple[str, str]]) -> None:
    # Each passed, while "The outage was caused by Alice's change" was PM309, "caused by the
    # engineer's refactoring" PM304 and "Klaus' Änderung verursachte den Ausfall" PM309: the
    # active sentence with the person's work as its subject says the same.
    assert messages(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The team's error budget was exhausted.", "en"),
    ("The operator's error message was unclear.", "en"),
    ("The service's config change caused the outage.", "en"),
    ("Stripe's API outage caused the incident.", "en"),
    ("The customer's import job caused the outage.", "en"),
    ("The vendor's firmware update caused the outage.", "en"),
    ("Kubernetes' scheduler caused the outage.", "en"),
    ("The Postgres operator's reconcile loop caused the outage.", "en"),
    ("Our change caused the outage.", "en"),
    ("Alice's change failed to deploy.", "en"),
    ("Bob's change was reverted at 14:05 and the error rate dropped.", "en"),
    ("Die Änderung der Konfiguration verursachte den Ausfall.", "de"),
    ("Das Update des Herstellers verursachte den Ausfall.", "de"),
    ("Die Last der Kunden verursachte den Ausfall.", "de"),
])
def test_a_things_or_an_outsiders_work_as_the_cause_blames_nobody(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


def test_a_named_persons_change_as_the_cause_in_a_document() -> None:
    assert event_findings("Alice's change to the pool size caused the outage.") == [
        ("PM309", 40, 44, 61, '"caused the outage" blames the named person "Alice" for an action')]


# --- being told of an event, and learning from an incident ---------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The on-call needs to learn about a failed backup within 5 minutes.", "en"),
    ("The on-call needs to learn that a backup failed within 5 minutes.", "en"),
    ("The on-call has to learn about an outage within 2 minutes of its start.", "en"),
    ("We need to learn about outages before our customers do.", "en"),
    ("The team needs to learn from this incident.", "en"),
    ("Das Team muss aus diesem Vorfall lernen.", "de"),
    ("Wir müssen aus dem Vorfall lernen.", "de"),
])
def test_being_told_of_an_event_or_learning_from_an_incident_targets_nobody(sentence: str, lang: str) -> None:
    # Each was PM306 ('"needs to learn" aims an action at people'): learning of a failure
    # within minutes is a requirement on detection, and learning from the incident is what a
    # postmortem is for.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The new engineer needs to learn how the failover works.", "en", [("PM306", "needs to learn")]),
    ("The on-call engineer needs to learn about the failover procedure.", "en",
     [("PM306", "needs to learn")]),
    ("The engineer needs to learn from his mistake.", "en", [("PM306", "needs to learn")]),
    ("sydneythree@ needs to learn about the rollback command.", "en", [("PM309", "needs to learn")]),
    ("Der Kollege muss aus seinem Fehler lernen.", "de", [("PM306", "muss aus seinem Fehler lernen")]),
])
def test_a_person_who_needs_to_learn_a_lesson_is_still_reported(sentence: str, lang: str,
                                                               expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


def test_a_detection_requirement_in_an_action_item_is_quiet() -> None:
    text = good_text().replace(
        EVENT, "    event: The on-call needs to learn about a failed backup within 5 minutes.")
    assert [d for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"] == []


# --- what the procedure said, after a semicolon, a colon or a dash -------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The on-call ignored the alert; the runbook said so.", "en"),
    ("The on-call did not escalate; the runbook said to wait 15 minutes.", "en"),
    ("The on-call did not escalate: the runbook said to wait 15 minutes.", "en"),
    ("The on-call did not escalate — the runbook said to wait 15 minutes.", "en"),
    ("The on-call ignored the CPU alert: our playbook says to ignore CPU alerts during the backup window.",
     "en"),
    ("Die Bereitschaft ignorierte den Alarm; so verlangte es das Runbook.", "de"),
    ("Die Bereitschaft ignorierte den Alarm; das Runbook sah das so vor.", "de"),
])
def test_what_the_procedure_said_after_a_semicolon_is_the_reason(sentence: str, lang: str) -> None:
    # Each was reported (PM308 "ignored", PM302 "did not escalate"), while "... because the
    # runbook said to wait 15 minutes" and "Per the runbook, ..." passed.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The on-call ignored the alert; however, the runbook said to page the DBA.", "en",
     [("PM308", "ignored")]),
    ("The on-call ignored the alert; the disk filled up 20 minutes later.", "en", [("PM308", "ignored")]),
    ("The engineer did not follow the runbook; the runbook said to drain the node first.", "en",
     [("PM302", "did not follow")]),
    ("Die Bereitschaft ignorierte den Alarm; das Runbook verlangte jedoch eine Eskalation.", "de",
     [("PM308", "ignorierte")]),
    ("Der Techniker hat das Runbook nicht befolgt; das Runbook verlangte einen Drain.", "de",
     [("PM302", "nicht befolgt")]),
])
def test_a_clause_after_a_semicolon_that_is_no_reason_leaves_the_finding(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


def test_what_the_procedure_said_after_a_semicolon_in_a_document() -> None:
    assert event_findings("The on-call did not escalate; the runbook said to wait 15 minutes.") == []
    assert event_findings("The on-call did not escalate; the disk filled up 20 minutes later.") == [
        ("PM302", 40, 24, 40, '"did not escalate" is a hindsight counterfactual about "on-call"')]


# --- what was obvious at a moment of the timeline --------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Once the traces were in, the cause was obvious.",
    "Once the traces were in, it was obvious that the pool was exhausted.",
    "When we opened the flame graph, the hot loop was obvious.",
    "The cause was obvious once the traces were in.",
    "The hot loop was obvious after we enabled profiling at 14:20.",
])
def test_what_was_obvious_once_the_evidence_was_in_is_what_people_saw_then(sentence: str) -> None:
    # Each was PM305 ('"was obvious" calls the outcome obvious in hindsight'): the sentence says
    # when the cause became obvious, which is the account of the investigation, as "At 14:05
    # it was obvious" (which passed) is.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("In hindsight the cause was obvious.", "was obvious"),
    ("Looking back, once the traces were in, the cause was obvious.", "was obvious"),
    ("It was obvious after the fact.", "was obvious"),
    ("The cause was obvious.", "was obvious"),
    ("The cause was obvious to anyone who looked at the dashboard when the alert fired.", "was obvious"),
])
def test_what_was_obvious_looking_back_is_still_hindsight(sentence: str, phrase: str) -> None:
    assert codes(sentence) == [("PM305", phrase)]


def test_what_was_obvious_once_the_evidence_was_in_in_a_document() -> None:
    assert event_findings("Once the traces were in, the cause was obvious.") == []
    assert event_findings("In hindsight the cause was obvious.") == [
        ("PM305", 40, 35, 46, '"was obvious" calls the outcome obvious in hindsight')]


# --- "ridiculously" as an intensifier of a measurement ---------------------------------------


@pytest.mark.parametrize("sentence", [
    "We saw ridiculously high latency on the write path.",
    "Latency was ridiculously high.",
    "p99 latency was ridiculously high during the peak, at 4.2 s.",
    "The database received an absurdly large number of retries.",
    "Write IOPS were ridiculously high for 20 minutes.",
    "CPU usage was ridiculously high and the node stopped answering.",
])
def test_ridiculously_high_latency_judges_nobody(sentence: str) -> None:
    # Each was PM303 ('"ridiculously" is judgemental wording'): the adverb says how high a
    # measurement was, and no one chose the latency.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("A ridiculously short timeout was configured.", "ridiculously"),
    ("The timeout was ridiculously short.", "ridiculously"),
    ("The team deployed on a Friday night without a rollback plan, which is ridiculous.", "ridiculous"),
    ("The decision was absurd.", "absurd"),
])
def test_ridiculous_of_a_choice_is_still_judgemental(sentence: str, phrase: str) -> None:
    assert codes(sentence) == [("PM303", phrase)]


def test_ridiculously_high_latency_in_a_document() -> None:
    assert event_findings("Latency was ridiculously high on the write path.") == []


# --- "mistakes were made" and "the human factor" as the cause ------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Mistakes were made.", "en", [("PM310", "Mistakes were made")]),
    ("Mistakes were made during the failover.", "en", [("PM310", "Mistakes were made")]),
    ("A mistake was made in the capacity estimate.", "en", [("PM310", "A mistake was made")]),
    ("Es wurden Fehler gemacht.", "de", [("PM310", "wurden Fehler gemacht")]),
    ("Beim Failover wurden Fehler gemacht.", "de", [("PM310", "wurden Fehler gemacht")]),
    ("Root cause: human factors.", "en", [("PM301", "Root cause: human factors")]),
    ("Root cause: human factor.", "en", [("PM301", "Root cause: human factor")]),
    ("The root cause was human factors.", "en", [("PM301", "root cause was human factors")]),
    ("The outage was due to the human factor.", "en", [("PM301", "due to the human factor")]),
    ("Ursache: menschlicher Faktor.", "de", [("PM301", "Ursache: menschlicher Faktor")]),
    ("Der menschliche Faktor war die Ursache.", "de", [("PM301", "Der menschliche Faktor war die Ursache")]),
])
def test_mistakes_were_made_and_the_human_factor_as_the_cause_are_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Each passed ("The root cause was human factors" was PM304, blame assigned to "human
    # factors"): the agentless passive says people erred without saying what let them, and
    # "human factors" as the cause is "human error" under another name.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("No mistakes were made during the failover.", "en"),
    ("Mistakes were made by the parser.", "en"),
    ("Errors were made visible in the dashboard.", "en"),
    ("Errors were made retryable in v2.3.", "en"),
    ("Mistakes were made in our status updates.", "en"),
    ("The alert design follows human factors research on alarm fatigue.", "en"),
    ("We considered human factors when we redesigned the pager flow.", "en"),
    ("Human factors such as fatigue and alert volume contributed.", "en"),
    ("The ticket was closed as user error.", "en"),
    ("Es wurden keine Fehler gemacht.", "de"),
    ("Der menschliche Faktor wurde beim Design der Alarme berücksichtigt.", "de"),
])
def test_no_mistakes_a_systems_errors_and_the_discipline_of_human_factors_pass(sentence: str,
                                                                              lang: str) -> None:
    assert codes(sentence, lang) == []


def test_mistakes_were_made_in_a_document() -> None:
    text = good_text().replace(EVENT, "    event: Mistakes were made during the failover.")
    found = [(d.code, d.line, d.col, d.end_col, d.message)
             for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM310", 40, 12, 30, '"Mistakes were made" is a euphemism for blaming a person')]


# --- "forgot" with its object ----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The operator forgot the --dry-run flag.", [("PM302", "forgot")]),
    ("The on-call had forgotten about the cron job.", [("PM302", "had forgotten")]),
    ("Frank forgot the dry-run flag.", [("PM309", "forgot")]),
])
def test_a_person_who_forgot_a_step_is_a_counterfactual_as_forgot_to_is(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed, while "forgot to pass --dry-run" and German "Der Admin vergaß das Flag"
    # were PM302.
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "We forgot the status page update.",
    "The cache forgot the session after the restart.",
    "The new node forgot its lease.",
    "The operator forgot the flag because the wrapper script did not pass it through.",
    "The engineer never forgot the flag.",
])
def test_forgot_of_the_authors_a_system_or_with_its_reason_passes(sentence: str) -> None:
    assert codes(sentence) == []


# --- PM503: a percentage or a ratio with one word for the kind ------------------------------


def _impact(summary: str, lang: str = "en") -> str:
    """The clean example with this summary, an impact description without numbers and no
    numbers in the impact fields."""
    text = good_text()
    start, timeline = text.index("summary:"), text.index("timeline:\n")
    description = "Checkout was slow." if lang == "en" else "Der Checkout war langsam."
    return (text[:start].replace("lang: en", f"lang: {lang}") + f"summary: {summary}\n"
            + f"impact:\n  description: {description}\n" + text[timeline:])


@pytest.mark.parametrize(("summary", "lang", "phrase", "col"), [
    ("Between 14:02 and 14:46 UTC 12% of checkout requests failed.", "en", "12% of checkout requests", 38),
    ("Roughly 1 in 5 API requests timed out.", "en", "Roughly 1 in 5 API requests", 10),
    ("About half of the EU customers could not log in.", "en", "About half of the EU customers", 10),
    ("Zwischen 14:02 und 14:46 UTC schlugen 12 % der Checkout-Anfragen fehl.", "de",
     "12 % der Checkout-Anfragen", 48),
])
def test_a_percentage_of_a_kind_of_requests_is_vague_in_both_languages(summary: str, lang: str,
                                                                      phrase: str, col: int) -> None:
    # The English ones passed while "12 % der Checkout-Anfragen" was PM503: the pattern took a
    # percentage only right before the noun ("12% of requests").
    found = [(d.code, d.line, d.col, d.message) for d in run(_impact(summary, lang), select=["PM503"])]
    assert found == [("PM503", 13, col, f"vague impact '{phrase}': the impact section gives no number of "
                      "affected users, customers or requests")]


@pytest.mark.parametrize("summary", [
    "Disk usage reached 95% of the volume before the job stopped.",
    "The cache hit rate fell to 40% of its normal value.",
    "For 10% of the time customers saw stale prices.",
])
def test_a_percentage_of_a_thing_or_of_time_is_no_vague_impact(summary: str) -> None:
    assert run(_impact(summary), select=["PM503"]) == []


# --- a role with a postmodifier: "the engineer involved" -------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The engineer involved ignored the alert.", [("PM308", '"ignored" blames "engineer" for an action')]),
    ("The engineer involved should have checked the lag.",
     [("PM302", '"should have checked" is a hindsight counterfactual about "engineer"')]),
    ("The engineer involved has been fired.",
     [("PM311", '"has been fired" announces disciplinary action against "engineer"')]),
    ("The team concerned failed to follow the change process.",
     [("PM302", '"failed to" is a hindsight counterfactual about "team"')]),
])
def test_a_role_with_a_postmodifier_is_the_subject(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed, while "The engineer responsible has been fired" was PM311: the lexicon's
    # postmodifiers ("involved", "concerned") were listed but never read, so "involved" was
    # taken for the head of the subject, a word of no known class.
    assert messages(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The service involved failed to restart.",
    "The customers involved were not charged twice.",
])
def test_a_system_or_an_outsider_with_a_postmodifier_is_no_person(sentence: str) -> None:
    assert codes(sentence) == []


# --- blame that slipped through: discipline, retraining, motives, speed ----------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The engineer was removed from the on-call rotation.", "en",
     [("PM311", "was removed from the on-call rotation")]),
    ("Bob has been removed from the on-call rotation.", "en",
     [("PM309", "has been removed from the on-call rotation")]),
    ("Access for the engineer involved has been revoked.", "en",
     [("PM311", "Access for the engineer involved has been revoked")]),
    ("We revoked the production access of the engineer involved.", "en",
     [("PM311", "revoked the production access of the engineer involved")]),
    ("Der Techniker wurde aus der Rufbereitschaft genommen.", "de",
     [("PM311", "wurde aus der Rufbereitschaft genommen")]),
    ("Dem Mitarbeiter wurden die Produktionsrechte entzogen.", "de",
     [("PM311", "Mitarbeiter wurden die Produktionsrechte entzogen")]),
    ("We will retrain the engineer involved.", "en", [("PM306", "retrain the engineer involved")]),
    ("Nobody bothered to update the runbook.", "en", [("PM307", "Nobody bothered")]),
    ("No one cared about the disk alert.", "en", [("PM307", "No one cared")]),
    ("Niemand hat sich die Mühe gemacht, das Runbook zu aktualisieren.", "de",
     [("PM307", "Niemand hat sich die Mühe gemacht")]),
    ("The DBA was too slow to respond.", "en", [("PM303", "was too slow to respond")]),
    ("Bob was slow to escalate.", "en", [("PM309", "was slow to escalate")]),
    ("The on-call escalated too late.", "en", [("PM303", "escalated too late")]),
    ("Der Admin hat viel zu langsam reagiert.", "de", [("PM303", "viel zu langsam reagiert")]),
    ("Klaus hat zu spät eskaliert.", "de", [("PM309", "zu spät eskaliert")]),
    ("Alice was responsible for the bad deploy.", "en", [("PM309", "was responsible for the bad deploy")]),
    ("Classic rookie move.", "en", [("PM303", "rookie move")]),
])
def test_blame_that_slipped_through_is_reported(sentence: str, lang: str,
                                                expected: list[tuple[str, str]]) -> None:
    # Each passed: taking a person off the rotation or away from production is the discipline
    # "has been fired" announces, "retrain the engineer involved" the action aimed at a person
    # that "training will be provided to the individual involved" is, "nobody bothered" a
    # motive, "too slow to respond" a verdict on a person's speed.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The node was removed from the rotation.", "en"),
    ("The faulty host was removed from the load balancer rotation.", "en"),
    ("The departed employee's access was revoked during offboarding.", "en"),
    ("We will retrain the on-call staff on the new failover tooling.", "en"),
    ("Nobody noticed the disk filling up because the alert threshold was 99%.", "en"),
    ("The autoscaler was too slow to react.", "en"),
    ("The on-call engineer was slow to acknowledge because the phone was on silent.", "en"),
    ("We were too slow to update the status page.", "en"),
    ("The alert fired too late.", "en"),
    ("Alice was responsible for the deploy.", "en"),
    ("Der Knoten wurde aus der Rotation genommen.", "de"),
    ("Dem Dienst wurden die Schreibrechte entzogen.", "de"),
    ("Der Autoscaler hat zu langsam reagiert.", "de"),
    ("Wir haben zu spät eskaliert.", "de"),
    ("Die Bereitschaft reagierte zu spät, weil das Telefon stumm geschaltet war.", "de"),
])
def test_the_same_words_of_a_system_of_the_authors_or_with_a_reason_pass(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


def test_a_person_taken_off_the_rotation_in_a_document() -> None:
    assert event_findings("The engineer involved was taken off the on-call rotation.") == [
        ("PM311", 40, 34, 68, '"was taken off the on-call rotation" announces disciplinary action against '
         '"engineer"')]


# --- an operation that breaks a thing, and a deliberate decision with its trade-off ------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The DBA broke the lock manually after confirming no writer held it.", "en"),
    ("The on-call broke the stale lease on the leader key.", "en"),
    ("The engineer deliberately skipped the canary, accepting the risk of a bad build.", "en"),
    ("The engineer deliberately skipped the canary because the fix was a one-line revert.", "en"),
    ("Der Techniker hat den Canary bewusst übersprungen und nahm das Risiko eines fehlerhaften Builds "
     "in Kauf.", "de"),
    ("Der Techniker hat den Canary bewusst übersprungen, weil der Fix ein einzeiliger Revert war.", "de"),
])
def test_breaking_a_lock_and_a_deliberate_decision_with_its_reason_judge_nobody(sentence: str,
                                                                               lang: str) -> None:
    # Each was reported: "broke" as PM308 ("broke the lock" is an operation on a database, as
    # "broke the glass" is on emergency access), "deliberately skipped" and "bewusst
    # übersprungen" as PM307, while "chose to skip the canary, accepting the risk" passed.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The engineer broke the build.", "en", [("PM308", "broke")]),
    ("The operator deliberately bypassed the safety check to ship faster.", "en",
     [("PM307", "deliberately bypassed")]),
    ("Der Entwickler hat die Warnung bewusst ignoriert, um schneller zu liefern.", "de",
     [("PM307", "bewusst ignoriert")]),
])
def test_breaking_the_build_and_a_deliberate_bypass_with_a_motive_are_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


# --- German: what we should have had ---------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Wir hätten Alarme für die Replikationsverzögerung haben sollen.",
    "Wir hätten ein Runbook für diesen Fehlerfall haben müssen.",
])
def test_what_we_should_have_had_is_a_missing_safeguard_in_german_too(sentence: str) -> None:
    # Each was PM302, while "We should have had alerting on replication lag" passed: what the
    # authors should have had is a safeguard that was missing, not an action of theirs.
    assert codes(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Entwickler hätte nie Produktionszugriff haben dürfen.",
     [("PM302", "hätte nie Produktionszugriff haben dürfen")]),
    ("Klaus hätte nie Adminrechte haben dürfen.", [("PM309", "hätte nie Adminrechte haben dürfen")]),
    ("Wir hätten das Failover testen müssen.", [("PM302", "hätten das Failover testen müssen")]),
])
def test_what_a_person_should_have_had_or_we_should_have_done_is_still_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, "de") == expected


# --- direct speech without quotation marks, and the git command -------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Alice wrote in the channel: I should have checked the migration diff.", "en"),
    ("14:12 alice: I should have checked the migration diff", "en"),
    ("- [14:12] <alice> I should have checked the migration diff", "en"),
    ("Alice schrieb im Channel: Ich hätte den Diff prüfen müssen.", "de"),
    ("git blame shows the line was last changed in 2019.", "en"),
    ("According to git blame, the line was last changed in 2019.", "en"),
])
def test_direct_speech_and_the_git_command_are_not_the_authors_judgement(sentence: str, lang: str) -> None:
    # Each was reported: direct speech after "wrote ...:" or on a chat line is someone's
    # words, as it is in quotation marks or a blockquote; "git blame" is a command.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Alice wrote in the channel: I should have checked it. The engineer should have checked it too.",
     [("PM302", "should have checked")]),
    ("Lessons: the engineer should have checked the migration diff.", [("PM302", "should have checked")]),
    ("There was a lot of blame in the incident channel.", [("PM304", "blame")]),
])
def test_the_authors_own_words_after_a_quotation_or_a_colon_are_still_read(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


def test_a_chat_line_in_a_literal_block_is_quoted_speech() -> None:
    event = "    event: |\n      14:12 alice: I should have checked the migration diff"
    text = good_text().replace(EVENT, event)
    assert [d for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"] == []


# --- more counterfactuals and judgements of people ---------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Had anyone looked at the dashboard, the outage would have been caught.",
     [("PM302", "Had anyone looked")]),
    ("The on-call engineer was supposed to check the lag before failing over.",
     [("PM302", "was supposed to check")]),
    ("The engineer was expected to follow the runbook.", [("PM302", "was expected to follow")]),
    ("The DBA was warned twice about the disk space and did nothing.", [("PM302", "did nothing")]),
    ("This is the third time the payments team has broken production this year.", [("PM308", "has broken")]),
    ("The on-call engineer panicked and restarted everything.", [("PM303", "panicked")]),
    ("Bob wasn't thinking and ran the script against production.", [("PM309", "wasn't thinking")]),
    ("Bob has a history of skipping the canary.", [("PM309", "has a history of")]),
    ("Had the engineer been more careful, the outage would not have happened.",
     [("PM302", "Had the engineer been more careful")]),
])
def test_more_judgements_of_people_are_reported(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Had the engineer been paged, the outage would have been shorter.",
    "Had the on-call engineer been paged, the outage would have been shorter.",
    "The job was supposed to run at 02:00 but the cron expression used UTC.",
    "The on-call engineer was expected to acknowledge pages within 5 minutes.",
    "The engineer did nothing wrong.",
    "The load balancer did nothing when the health check failed.",
    "We did nothing for ten minutes while the alert was flapping.",
    "The on-call engineer did nothing because the runbook said to wait 15 minutes.",
    "The schema change has broken the build twice.",
    "The kernel panicked and the node restarted.",
    "The service has a history of memory leaks under load.",
])
def test_the_same_words_of_a_system_or_with_a_reason_pass_too(sentence: str) -> None:
    # "Had the engineer been paged" was PM302 while "If the engineer had been paged" passed:
    # being paged is no counterfactual about the engineer's work.
    assert codes(sentence) == []


# --- German: the same judgements as in English ----------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Admin hat nichts unternommen, obwohl er zweimal gewarnt wurde.",
     [("PM302", "hat nichts unternommen")]),
    ("Die Bereitschaft geriet in Panik und startete alles neu.", [("PM303", "geriet in Panik")]),
    ("Das Team hat die Produktion dieses Jahr zum dritten Mal lahmgelegt.",
     [("PM308", "die Produktion dieses Jahr zum dritten Mal lahmgelegt")]),
    ("Der Ausfall war leicht vermeidbar.", [("PM305", "leicht vermeidbar")]),
    ("Der Techniker hatte keine Ahnung von Kubernetes.", [("PM303", "keine Ahnung von")]),
    ("Klaus hat keine Ahnung von Datenbanken.", [("PM309", "keine Ahnung von")]),
    ("Der DBA hat den Alarm weggeklickt.", [("PM308", "weggeklickt")]),
    ("Das Problem saß vor dem Bildschirm.", [("PM301", "Problem saß vor dem Bildschirm")]),
])
def test_german_judgements_that_english_already_reported(sentence: str,
                                                          expected: list[tuple[str, str]]) -> None:
    # Each passed, while "did nothing", "panicked", "has broken production", "entirely
    # avoidable", "clueless", "ignored" and "PEBKAC" were reported in English.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Der Admin hat nichts falsch gemacht.",
    "Der Load Balancer hat nichts unternommen, als der Health Check fehlschlug.",
    "Wir haben zehn Minuten lang nichts unternommen.",
    "Die Bereitschaft unternahm nichts, weil das Runbook 15 Minuten Warten vorsah.",
    "Ein Schema-Update hat die Datenbank lahmgelegt.",
    "Der Fehler war vermeidbar.",
    "Wir hatten keine Ahnung von Kubernetes.",
    "Der Techniker hatte keine Ahnung von dem Cronjob.",
    "Das Skript hat den Dialog weggeklickt.",
    "Der Kernel meldete eine Panic und der Knoten startete neu.",
])
def test_german_words_of_a_system_of_the_authors_or_with_a_reason_pass(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- a name as written, a full name, and actions aimed at one person ---------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ask Bob to be more careful with production credentials.",
     [("PM309", '"be more careful" aims an action at the named person "Bob", not at systems')]),
    ("Dave Miller should have checked the lag.",
     [("PM309", '"should have checked" is a hindsight counterfactual about the named person '
                '"Dave Miller"')]),
    ("Priya Rao ignored the alert.",
     [("PM309", '"ignored" blames the named person "Priya Rao" for an action')]),
    ("Mr. Smith should have checked the lag.",
     [("PM309", '"should have checked" is a hindsight counterfactual about the named person '
                '"Mr. Smith"')]),
])
def test_the_named_person_is_quoted_as_named(sentence: str, expected: list[tuple[str, str]]) -> None:
    # "Ask Bob ..." was about the named person "Ask Bob"; "Dave Miller ..." and "Priya Rao ..."
    # passed: the surname, a capitalised word of no known class, was taken for the head.
    assert messages(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Make sure the on-call engineer checks the replica lag before failing over.",
     [("PM306", "Make sure the on-call engineer checks")]),
    ("Ensure the engineer follows the runbook.", [("PM306", "Ensure the engineer follows")]),
    ("Raise awareness among engineers about the new deploy checklist.",
     [("PM306", "Raise awareness among engineers")]),
    ("Educate developers about the risks of long-running migrations.",
     [("PM306", "Educate developers about")]),
])
def test_an_action_aimed_at_one_person_or_at_awareness_is_person_targeted(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed, while "Make sure engineers double-check ..." and German "Mitarbeiter
    # sensibilisieren" were PM306.
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Make sure the deploy tool checks the target cluster before deleting.",
    "Raise an alert when a migration runs longer than 10 minutes.",
    "The new dashboard raises awareness of replication lag for the on-call.",
    "At 14:05 Carol Smith paged the DBA.",
])
def test_an_action_aimed_at_a_tool_and_a_named_actor_pass(sentence: str) -> None:
    assert codes(sentence) == []


def test_an_obvious_remedy_looks_forward_and_is_no_hindsight() -> None:
    # Each was PM305 ('"is obvious" calls the outcome obvious in hindsight'): an obvious fix
    # or lesson is about what to do next, not about the outcome.
    for sentence in ("The fix is obvious: add a timeout to the client.",
                     "The lesson is obvious: test the failover every quarter.",
                     "The workaround was obvious: pin the client to v2.3."):
        assert codes(sentence) == [], sentence
    assert codes("The mistake was obvious.") == [("PM305", "was obvious")]


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Train developers to always double-check the target cluster.", "en",
     [("PM306", "Train developers to always double-check")]),
    ("Engineers should be reminded to check the lag.", "en", [("PM306", "should be reminded to")]),
    ("Alle Mitarbeiter werden geschult, den Zielcluster zu prüfen.", "de",
     [("PM306", "geschult, den Zielcluster zu prüfen")]),
])
def test_training_or_reminding_people_to_check_harder_is_person_targeted(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Each passed, while "Train engineers not to run unsafe commands" and "Remind engineers to
    # double-check" were PM306.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Train the anomaly detector to check for seasonal traffic.", "en"),
    ("Train on-call engineers on the new failover runbook.", "en"),
    ("The deploy bot should be reminded to post in the channel.", "en"),
    ("Alle Mitarbeiter werden auf das neue Failover-Tooling geschult.", "de"),
])
def test_training_a_model_or_on_new_tooling_passes(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


@pytest.mark.parametrize("sentence", [
    "The reviewer was meant to check the schema, not the data migration, which sat in another repository.",
    "The reviewer was expected to review the schema, not the data migration.",
])
def test_the_scope_of_a_task_is_no_norm_the_person_missed(sentence: str) -> None:
    assert codes(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The team has a habit of writing runbooks after every incident.",
    "The team has a track record of zero-downtime migrations.",
])
def test_a_good_record_is_no_verdict_on_character(sentence: str) -> None:
    assert codes(sentence) == []


# --- "Root cause:" as a label ------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Root cause: user error.", [("PM301", "user error")]),
    ("Root cause: a developer.", [("PM304", "Root cause: a developer")]),
    ("The root cause: the on-call engineer.", [("PM304", "root cause: the on-call engineer")]),
    ("Root cause: Bob.", [("PM309", "Root cause: Bob")]),
])
def test_a_person_or_user_error_as_the_root_cause_label_is_blame(sentence: str,
                                                                 expected: list[tuple[str, str]]) -> None:
    # Each passed, while "The root cause was the on-call engineer", "was user error" and "Root
    # cause: human error" were reported.
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Root cause: an expired certificate.",
    "Root cause: we had no alert on replication lag.",
    "Root cause: the engineer's script had no dry-run mode.",
    "Root cause: the deploy tool.",
    "The ticket was closed as user error.",
])
def test_a_thing_or_a_sentence_after_the_root_cause_label_blames_nobody(sentence: str) -> None:
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Ursache war der Administrator.", [("PM304", "Ursache war der Administrator")]),
    ("Grundursache: der Administrator.", [("PM304", "Grundursache: der Administrator")]),
    ("Ursache: Klaus.", [("PM309", "Ursache: Klaus")]),
    ("Die Ursache war der Administrator, der das Skript startete.",
     [("PM304", "Ursache war der Administrator")]),
    ("Der Ausfall wurde vom Entwickler verursacht.", [("PM304", "vom Entwickler verursacht")]),
])
def test_a_person_as_the_cause_in_german_is_blame_as_in_english(sentence: str,
                                                                expected: list[tuple[str, str]]) -> None:
    # Each passed, while "The root cause was the on-call engineer" and "durch einen Mitarbeiter
    # verursacht" were PM304.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Ursache: ein abgelaufenes Zertifikat.",
    "Die Ursache war ein abgelaufenes Zertifikat, das niemand überwachte.",
    "Die Ursache war der Ausfall des Primärknotens.",
    "Ursache: wir hatten keinen Alarm für die Replikation.",
    "Der Ausfall wurde vom Deploy-Skript verursacht.",
    "Die Ursache waren die Kunden.",
])
def test_a_thing_or_a_sentence_as_the_cause_in_german_blames_nobody(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- German: a coordinated clause without a subject of its own ------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Bereitschaft hat geschlafen und alle Alarme verpasst.",
     [("PM308", '"verpasst" blames "Bereitschaft" for an action')]),
    ("Die Bereitschaft schlief und verpasste alle Alarme.",
     [("PM308", '"verpasste" blames "Bereitschaft" for an action')]),
    ("Der Admin hat das Skript gestartet und die Warnung übersehen.",
     [("PM308", '"übersehen" blames "Admin" for an action')]),
])
def test_a_german_clause_that_shares_its_subject_keeps_the_person(sentence: str,
                                                                   expected: list[tuple[str, str]]) -> None:
    # Each passed: "alle Alarme", "die Warnung" (the object, which German's plural and feminine
    # articles do not tell from a subject) were taken for the subject of the clause after "und".
    assert messages(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Der Job ist gelaufen und die Alarme wurden verpasst.",
    "Der Job lief und verpasste das Zeitfenster.",
    "Der Load Balancer startete neu und ignorierte die Health Checks.",
    "Der Admin startete das Skript und der Job ignorierte die Warnung.",
    "Wir haben das Skript gestartet und die Warnung übersehen.",
])
def test_a_german_clause_with_its_own_subject_or_a_system_before_passes(sentence: str) -> None:
    assert codes(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("- 14:15 UTC: the on-call engineer should have escalated", [("PM302", "should have escalated")]),
    ("- 14:15 IC: the DBA ignored the page", [("PM308", "ignored")]),
])
def test_a_timeline_line_with_a_time_and_an_actor_is_the_authors_own(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # A line "14:12 name: ..." is a chat excerpt only in the first person ("14:12 alice: I
    # should have ..."); "14:15 UTC: ..." and "14:15 IC: ..." are the author's timeline.
    assert codes(sentence) == expected


def test_errors_made_into_something_are_no_ones_mistakes() -> None:
    # "Errors were made into warnings" was PM310: only "made" alone or before a time or a
    # place ("mistakes were made during the failover") is the agentless passive of a mistake.
    assert codes("Errors were made into warnings in v2.3.") == []
    assert codes("Errors were made optional for batch jobs.") == []
    assert codes("Several mistakes were made when the runbook was followed.") == [
        ("PM310", "Several mistakes were made")]


# --- what anyone at all did, as a case of what the system does ---------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Anyone who forgot to pass the flag got a warning from the wrapper.", "en"),
    ("Anyone who missed the page got a second one after 5 minutes.", "en"),
    ("The CLI warns anyone who forgot the --dry-run flag.", "en"),
    ("Anyone who did not check the lag could fail over to a stale replica.", "en"),
    ("If you forgot to pass the flag, the tool now refuses to run.", "en"),
    ("Wenn man das Flag vergisst, fragt das Tool jetzt nach.", "de"),
])
def test_what_anyone_at_all_did_is_a_case_of_what_the_system_does(sentence: str, lang: str) -> None:
    # Each was reported ("missed the page" blames "anyone"): a relative clause of "anyone"
    # and a condition about a generic "you" describe what the system does in that case.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Any engineer who looked at the dashboard should have seen it.", "en", [("PM302", "should have seen")]),
    ("Anyone who had read the runbook would have known.", "en", [("PM302", "would have known")]),
    ("If you had checked the lag, you would have seen it.", "en", [("PM302", "If you had checked")]),
    ("The engineer who ignored the warning deployed the change.", "en", [("PM308", "ignored")]),
    ("Wenn man das Runbook gelesen hätte, wäre das nicht passiert.", "de",
     [("PM302", "Wenn man das Runbook gelesen hätte")]),
])
def test_a_counterfactual_about_anyone_or_a_specific_person_is_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The on-call deliberately did nothing, to avoid disturbing the replication.", "en"),
    ("Die Bereitschaft hat bewusst nichts unternommen, um die Replikation nicht zu stören.", "de"),
])
def test_deliberately_doing_nothing_is_a_decision(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []
