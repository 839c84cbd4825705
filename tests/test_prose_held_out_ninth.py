"""Held-out sentences of the ninth round for the blameless prose rules: judging words in their
technical sense (a sloppy regex, a dumb proxy, an embarrassingly parallel job), and what a
person did not notice. Each ends in the code, phrase and position a user relies on."""

from __future__ import annotations

import pytest

from helpers import EXAMPLES, good_text, run
from helpers import prose_codes as codes
from pmkit.config import ConfigError
from pmkit.prose import scan
from pmkit.prose.lexicon import build_lexicon

# --- a judging word in its technical sense, used of a thing ------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Hugo failed because of a sloppy regex.", "en"),
    ("The timeline field held a sloppy regex.", "en"),
    ("A sloppy host-name regex sent traffic to the staging hosts.", "en"),
    ("The regex was sloppy: it matched prod anywhere in the host name.", "en"),
    ("The regex was a bit too sloppy and matched the staging hosts.", "en"),
    ("The sloppy matching of host names sent traffic to staging.", "en"),
    ("The health check was sloppy: it only tested the TCP port.", "en"),
    ("A dumb retry without backoff hammered the API.", "en"),
    ("The check used a dumb string comparison.", "en"),
    ("The health check was dumb: it returned 200 as long as the process was up.", "en"),
    ("dumb-init reaped the zombie processes of the sidecar.", "en"),
    ("The design is stupid simple: one queue and one worker.", "en"),
    ("The fix was stupidly simple: one line in the config.", "en"),
    ("We follow KISS (keep it simple, stupid) in the runbooks.", "en"),
    ("The reindex job is embarrassingly parallel, so we split it across 40 workers.", "en"),
    ("Eine schlampige Regex ließ die Staging-Hosts durch.", "de"),
    ("Eine schlampige Hostnamen-Regex ließ die Staging-Hosts durch.", "de"),
    ("Die Regex war zu schlampig und passte auch auf Staging-Hosts.", "de"),
    ("Der Abgleich der Hostnamen war schlampig.", "de"),
])
def test_a_judging_word_of_a_thing_in_its_technical_sense_judges_nobody(sentence: str, lang: str) -> None:
    # Each was PM303 ('"sloppy" is judgemental wording'): a sloppy regex matches loosely, a dumb
    # proxy has no logic of its own, an embarrassingly parallel job splits without coordination.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("A sloppy engineer wrote the regex.", "en", "sloppy"),
    ("The engineer was sloppy with the regex.", "en", "sloppy"),
    ("Sloppy work by the on-call let it through.", "en", "Sloppy"),
    ("The runbook updates were sloppy.", "en", "sloppy"),
    ("A sloppy review let the change through.", "en", "sloppy"),
    ("A sloppy check by the reviewer let the change through.", "en", "sloppy"),
    ("The check by the reviewer was sloppy.", "en", "sloppy"),
    ("A sloppily written regex matched the staging hosts.", "en", "sloppily"),
    ("Sloppy testing broke the regex parsing.", "en", "Sloppy"),
    ("Sloppy code caused the outage.", "en", "Sloppy"),
    ("It was a careless change to the firewall rules.", "en", "careless"),
    ("That was a dumb move by the on-call.", "en", "dumb"),
    ("The fix was embarrassingly simple.", "en", "embarrassingly"),
    ("Er hat schlampig gearbeitet.", "de", "schlampig"),
    ("Die Konfiguration war schlampig gepflegt.", "de", "schlampig"),
    ("Eine schlampig geschriebene Regex ließ die Staging-Hosts durch.", "de", "schlampig"),
    ("Die Prüfung durch den Reviewer war schlampig.", "de", "schlampig"),
    ("Der Kollege war schlampig.", "de", "schlampig"),
])
def test_the_same_words_of_people_or_their_work_are_still_judgement(sentence: str, lang: str,
                                                                    phrase: str) -> None:
    assert codes(sentence, lang) == [("PM303", phrase)]


@pytest.mark.parametrize("sentence", [
    "Bob's regex was sloppy.",
    "Bob wrote a sloppy regex.",
    "Bob's sloppy regex matched the staging hosts.",
])
def test_a_named_persons_sloppy_regex_still_judges_the_person(sentence: str) -> None:
    found = scan(sentence, "en")
    assert [(f.code, f.text) for f in found] == [("PM309", "sloppy")]
    assert 'about the named person "Bob"' in found[0].message


def test_a_sloppy_regex_in_a_document_is_quiet_and_a_sloppy_engineer_is_reported() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text()
    assert event in text
    quiet = text.replace(event, "    event: The routing rule held a sloppy regex that matched staging.")
    assert [d for d in run(quiet, select=["PM3"]) if d.field == "timeline[1].event"] == []
    loud = text.replace(event, "    event: A sloppy engineer changed the routing rule.")
    found = [(d.code, d.line, d.col, d.end_col, d.message)
             for d in run(loud, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM303", 40, 14, 20, '"sloppy" is judgemental wording')]


def test_a_team_entry_may_name_the_nouns_of_its_technical_sense() -> None:
    entry = {"id": "en.team-hacky", "category": "judgement", "pattern": r"\bhacky\b",
             "explanation": "Judges the people who wrote it.", "reframe": "Describe the shortcut.",
             "technical": ["regex", "script"]}
    lexicon = build_lexicon("en", {"extra": [entry]})
    assert [f.entry for f in scan("The hacky script retried forever.", "en", lexicon=lexicon)] == []
    assert [f.entry for f in scan("The hacky engineer retried.", "en", lexicon=lexicon)] == ["en.team-hacky"]
    with pytest.raises(ConfigError, match=r"extra\[0\]: technical must be a list of nouns"):
        build_lexicon("en", {"extra": [{**entry, "technical": "regex"}]})


# --- what a person did not notice -------------------------------------------------------------


def test_did_not_notice_asks_for_what_the_person_saw() -> None:
    # PM302 stays (Dekker counts "they didn't" among the counterfactuals; Benner: record "dids",
    # not "did nots"), but its hint told the reader to "describe what the person did and what
    # made that the reasonable thing to do" under the entry of "did not follow": now it asks
    # for what the person saw and why the signal did not stand out.
    event = "    event: Internal monitoring alerted on a large number of faults."
    sentence = "The on-call engineer did not notice the alert for 20 minutes."
    text = good_text().replace(event, f"    event: {sentence}")
    found = [d for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM302", 40, 33, 47)]
    assert found[0].message == '"did not notice" is a hindsight counterfactual about "on-call engineer"'
    assert found[0].hint is not None
    assert found[0].hint.startswith("Describe what the person saw and did at the time")
    assert "why this signal did not stand out" in found[0].hint
    assert found[0].hint.endswith("(lexicon entry en.did-not-notice)")


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The on-call engineer did not notice the alert for 20 minutes.", "en", [("PM302", "did not notice")]),
    ("The on-call engineer didn't see the page.", "en", [("PM302", "didn't see")]),
    ("The on-call engineer did not notice the alert because he was asleep.", "en",
     [("PM302", "did not notice")]),
    ("Alice did not notice the alert.", "en", [("PM309", "did not notice")]),
    ("Der Bereitschaftshabende hat den Alarm nicht bemerkt.", "de", [("PM302", "nicht bemerkt")]),
    ("Der Bereitschaftshabende bemerkte den Alarm 20 Minuten lang nicht.", "de",
     [("PM302", "bemerkte den Alarm 20 Minuten lang nicht")]),
    ("Der Techniker erkannte den Fehler nicht.", "de", [("PM302", "erkannte den Fehler nicht")]),
    ("Klaus hat den Alarm nicht bemerkt.", "de", [("PM309", "nicht bemerkt")]),
])
def test_a_person_who_did_not_notice_is_a_counterfactual_in_both_languages(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # The German sentences passed: "hat den Alarm nicht bemerkt" was in no entry.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The on-call engineer did not notice the alert because it was posted to a muted channel.", "en"),
    ("The on-call engineer did not follow the runbook because it described the old cluster.", "en"),
    ("The on-call engineer did not see any errors in the dashboards.", "en"),
    ("We did not notice the alert for 20 minutes.", "en"),
    ("The monitoring did not notice the outage.", "en"),
    ("Der Bereitschaftshabende bemerkte den Alarm nicht, weil das Telefon stummgeschaltet war.", "de"),
    ("Der Admin hat das Runbook nicht befolgt, weil es den alten Cluster beschrieb.", "de"),
    ("Das Monitoring hat den Ausfall nicht erkannt.", "de"),
    ("Wir haben den Alarm nicht bemerkt.", "de"),
    ("Der Techniker bemerkte den Alarm nicht nur, er eskalierte ihn auch.", "de"),
])
def test_not_noticing_with_its_reason_or_of_a_system_is_no_counterfactual(sentence: str, lang: str) -> None:
    # The first two and the German ones with "weil" were PM302: the reason that is not about a
    # person is what the guides ask for, as "missed the page because ..." already passed PM308.
    assert codes(sentence, lang) == []


# --- blaming a thing is a hypothesis, not blame -----------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Initially we blamed the network, but the packet captures were clean.",
    "We first blamed the cache; the real trigger was a schema change.",
    "The network was blamed at first, but the packet captures were clean.",
    "The vendor blamed a fibre cut for the outage.",
    "The vendor blamed the outage on a fibre cut.",
    "The error message blamed a network timeout, which sent the on-call toward the network team.",
    "Our provider's status page blamed a DDoS attack.",
    "Initially we blamed the network and the load balancer, but the captures were clean.",
    "We blamed the network and then the engineer found the schema change.",
    "It was the fault of a bad cable.",
])
def test_blaming_a_thing_assigns_no_blame(sentence: str) -> None:
    # Each was PM304, an error: the investigation's first suspect or a vendor's report names
    # a thing, not a culprit.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Leadership blamed the database team for the outage.", [("PM304", "blamed")]),
    ("The vendor blamed our engineer for the outage.", [("PM304", "blamed")]),
    ("The on-call engineer was blamed for the outage.", [("PM304", "blamed")]),
    ("They blamed the process and the engineer.", [("PM304", "blamed")]),
    ("The teams blamed each other in the incident channel.", [("PM304", "blamed each other")]),
    ("Management blamed Kowalski.", [("PM304", "blamed")]),
    ("They blamed it on Kowalski.", [("PM304", "blamed it on")]),
    ("Management blamed the outage on the database team.", [("PM304", "blamed the outage on")]),
    ("They blamed Bob.", [("PM309", "blamed")]),
])
def test_blaming_people_is_still_blame(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


def test_blame_of_a_person_names_the_person() -> None:
    found = scan("Leadership blamed the database team for the outage.", "en")
    assert [f.message for f in found] == ['"blamed" assigns blame to "database team"']


# --- what was obvious at the time is no hindsight ---------------------------------------------


@pytest.mark.parametrize("sentence", [
    "It was obvious from the graphs that the replica had stopped.",
    "At 14:05 it was obvious that the failover had not completed, so the IC paged the database team.",
    "At 14:05 UTC it was obvious that the failover had not completed.",
    "By then it was obvious that the rollback had not helped.",
])
def test_what_was_obvious_then_is_what_people_saw(sentence: str) -> None:
    # Each was PM305 ('"was obvious" calls the outcome obvious in hindsight'): a time of the
    # timeline or the evidence it was obvious from says what the responders saw at the time.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("It was obvious that the change would break the login flow.", "was obvious"),
    ("In hindsight it was obvious that the change would break the login flow.", "was obvious"),
    ("The misconfiguration was obviously wrong.", "obviously"),
])
def test_obvious_in_hindsight_is_still_reported(sentence: str, phrase: str) -> None:
    assert codes(sentence) == [("PM305", phrase)]


# --- German: the fault of a person, and making someone responsible ---------------------------


@pytest.mark.parametrize(("sentence", "expected", "message"), [
    ("Der Ausfall war die Schuld des Administrators.", [("PM304", "die Schuld des Administrators")],
     '"die Schuld des Administrators" assigns blame to "Administrator"'),
    ("Der Ausfall war die Schuld von Bob.", [("PM309", "die Schuld von Bob")],
     '"die Schuld von Bob" assigns blame to the named person "Bob"'),
    ("Der Ausfall war Johns Schuld.", [("PM309", "Johns Schuld")],
     '"Johns Schuld" assigns blame to the named person "John"'),
    ("Die Leitung machte das Datenbankteam für den Ausfall verantwortlich.",
     [("PM304", "machte das Datenbankteam für den Ausfall verantwortlich")],
     '"machte das Datenbankteam für den Ausfall verantwortlich" assigns blame to "Datenbankteam"'),
    ("Der Administrator wurde für den Ausfall verantwortlich gemacht.",
     [("PM304", "wurde für den Ausfall verantwortlich gemacht")],
     '"wurde für den Ausfall verantwortlich gemacht" assigns blame to "Administrator"'),
])
def test_german_blame_of_a_person_is_reported(sentence: str, expected: list[tuple[str, str]],
                                              message: str) -> None:
    # Each passed: only "schuld" with a person as the subject of its clause was reported, as in
    # "Schuld war der Administrator"; "the fault of the administrator" was PM304 in English.
    found = scan(sentence, "de")
    assert [(f.code, f.text) for f in found] == expected
    assert found[0].message == message


@pytest.mark.parametrize("sentence", [
    "Der Ausfall war nicht die Schuld des Administrators.",
    "Der Ausfall war die Schuld eines defekten Netzteils.",
    "Der Ausfall war die Schuld des Load Balancers.",
    "Das war niemandes Schuld.",
    "Der Anbieter machte einen Glasfaserschaden für den Ausfall verantwortlich.",
    "Die Leitung machte das Netzwerk für den Ausfall verantwortlich.",
    "Das Plattform-Team ist verantwortlich für den Cluster.",
])
def test_german_fault_of_a_thing_or_denied_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- a stage of delivery as the one that should have caught it -------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("This should have been caught in staging, which has the same config.", "en"),
    ("This should have been caught in CI.", "en"),
    ("The bug should have been caught during the canary stage.", "en"),
    ("Der Fehler hätte in der CI erkannt werden müssen.", "de"),
    ("Der Fehler hätte schon im Staging erkannt werden müssen.", "de"),
])
def test_what_a_delivery_stage_should_have_caught_is_about_the_system(sentence: str, lang: str) -> None:
    # Each was PM302, as if people had not noticed: staging, CI and the canary are the agents,
    # as "should have been caught by the integration tests" already passed.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("This should have been caught in code review.", "en", "should have been caught"),
    ("This should have been caught.", "en", "should have been caught"),
    ("Der Fehler hätte im Review erkannt werden müssen.", "de", "hätte im Review erkannt werden müssen"),
])
def test_what_people_should_have_caught_is_still_a_counterfactual(sentence: str, lang: str,
                                                                  phrase: str) -> None:
    assert codes(sentence, lang) == [("PM302", phrase)]


# --- whom a message names: a pronoun is its own noun phrase ---------------------------------


@pytest.mark.parametrize(("sentence", "subject"), [
    ("The engineer said she should have checked the migration.", "she"),
    ("The engineer thinks he should have paged sooner.", "he"),
])
def test_a_pronoun_after_a_verb_is_quoted_alone(sentence: str, subject: str) -> None:
    # The message quoted 'about "engineer said she"', the verb and its subject with the pronoun.
    found = scan(sentence, "en")
    assert [f.code for f in found] == ["PM302"]
    assert found[0].message.endswith(f'is a hindsight counterfactual about "{subject}"')


# --- a blockquote is a quotation ----------------------------------------------------------


def test_a_chat_excerpt_in_a_blockquote_is_quoted_speech() -> None:
    body = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    assert "## Background\n" in body
    excerpt = ("## Chat excerpt\n\n"
               "> 14:07 alice: stupid question, is the cache flushed?\n"
               "> 14:08 bob: no idea, I should have checked the migration\n\n"
               "> [!NOTE]\n"
               "> The on-call engineer should have checked the migration.\n\n")
    text = body.replace("## Background\n", excerpt + "## Background\n", 1)
    line = text.split("\n").index("> The on-call engineer should have checked the migration.") + 1
    found = [(d.code, d.line, d.col, d.message) for d in run(text, path="pm.md", select=["PM3"])]
    # The quoted lines were PM303 ("stupid") and PM302 ("I should have checked"); the alert is
    # the author's own callout and is still read.
    assert found == [("PM302", line, 24,
                      '"should have checked" is a hindsight counterfactual about "on-call engineer"')]


# --- human error as what a design leaves room for or takes away ------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("We removed the opportunity for human error by automating the failover.", "en"),
    ("The manual process was prone to human error.", "en"),
    ("The manual process was prone to operator error.", "en"),
    ("Automating the failover reduces human error.", "en"),
    ("The risk of human error was accepted when the runbook was written.", "en"),
    ("Der manuelle Prozess war anfällig für menschliche Fehler.", "de"),
    ("Der manuelle Prozess war anfaellig fuer menschliche Fehler.", "de"),
    ("Wir haben die Möglichkeit menschlicher Fehler durch Automatisierung beseitigt.", "de"),
    ("Um menschliche Fehler zu vermeiden, fragt die CLI jetzt nach.", "de"),
])
def test_human_error_a_design_leaves_room_for_is_no_framing(sentence: str, lang: str) -> None:
    # Each was PM301, an error, though the sentence blames the design for leaving room for
    # mistakes, as "protects against human error" already passed.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("Human error played a role, but the main factor was the missing confirmation.", "en", "Human error"),
    ("The outage was caused by operator error.", "en", "operator error"),
    ("Menschliche Fehler führten zum Ausfall.", "de", "Menschliche Fehler"),
])
def test_human_error_as_a_cause_is_still_reported(sentence: str, lang: str, phrase: str) -> None:
    assert codes(sentence, lang) == [("PM301", phrase)]


# --- German: broke production, rubber-stamped -----------------------------------------------


@pytest.mark.parametrize(("sentence", "expected", "message"), [
    ("Der Praktikant hat die Produktion kaputt gemacht.", [("PM308", "kaputt gemacht")],
     '"kaputt gemacht" blames "Praktikant" for an action'),
    ("Der neue Kollege machte die Produktion am Freitag kaputt.",
     [("PM308", "machte die Produktion am Freitag kaputt")],
     '"machte die Produktion am Freitag kaputt" blames "neue Kollege" for an action'),
    ("Der Reviewer hat den Pull Request einfach durchgewunken.", [("PM303", "durchgewunken")],
     '"durchgewunken" is judgemental wording about "Reviewer"'),
])
def test_german_broke_production_and_rubber_stamped_are_reported(
        sentence: str, expected: list[tuple[str, str]], message: str) -> None:
    # Each passed, while "The new developer broke production" (PM308) and "The reviewer
    # rubber-stamped the pull request" (PM303) were reported in English.
    found = scan(sentence, "de")
    assert [(f.code, f.text) for f in found] == expected
    assert found[0].message == message


@pytest.mark.parametrize("sentence", [
    "Das Schema-Update hat den Build kaputt gemacht.",
    "Die Migration machte den Index kaputt.",
    "Wir haben mit dem Update den Build kaputt gemacht.",
    "Die Pipeline hat den Build durchgewunken.",
    "Der Praktikant hat die Produktion nicht kaputt gemacht.",
])
def test_german_broke_of_a_system_or_by_us_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- lazy and faul after a copula, of a technique -----------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The evaluation was lazy, so the error surfaced only in the export.", "en"),
    ("Loading of the plugins is lazy by design.", "en"),
    ("Die Auswertung war faul, daher trat der Fehler erst im Export auf.", "de"),
    ("Die Daten im Cache waren faul.", "de"),
])
def test_a_lazy_technique_after_a_copula_judges_nobody(sentence: str, lang: str) -> None:
    # Each was PM303: "lazy loading" and "faule Auswertung" passed, but not the same said
    # after "was"/"war".
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("The engineers were lazy about updating the documentation.", "en", "lazy"),
    ("The team was lazy.", "en", "lazy"),
    ("Das Team war zu faul, die Dokumentation zu aktualisieren.", "de", "faul"),
])
def test_lazy_people_are_still_judged(sentence: str, lang: str, phrase: str) -> None:
    assert codes(sentence, lang) == [("PM303", phrase)]


@pytest.mark.parametrize("sentence", [
    "The on-call engineer did not notice anything unusual in the dashboards.",
    "The engineer did not notice any errors in the logs.",
    "The engineer did not see any alerts during the rollout.",
])
def test_noticing_nothing_reports_what_there_was_to_see(sentence: str) -> None:
    # Each was PM302: that there was nothing to notice is what the dashboards showed.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The on-call engineer failed to reach the database team because the paging service was down.", []),
    ("The responder failed to log in because the VPN was down.", []),
    ("The engineer failed to escalate.", [("PM302", "failed to")]),
    ("The engineer failed to escalate because he was tired.", [("PM302", "failed to")]),
])
def test_failed_to_with_the_system_reason_is_an_attempt_the_system_defeated(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # The first two were PM302: the reason after them is the blameless account, as for
    # "missed the page because the phone was on the wrong network" (PM308).
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "By dumb luck, the backup had finished an hour before.",
    "Lucky: through sheer dumb luck the second region was unaffected.",
    "It was stupid luck that the failover worked.",
])
def test_dumb_luck_judges_nobody(sentence: str) -> None:
    # Each was PM303 ('"dumb" is judgemental wording'), in the very section that asks where
    # the team got lucky.
    assert codes(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Blöderweise lief das Backup genau in diesem Moment.",
    "Durch dummes Glück war die zweite Region nicht betroffen.",
    "Das war ein blöder Zufall: zwei Knoten fielen gleichzeitig aus.",
])
def test_german_bad_luck_judges_nobody(sentence: str) -> None:
    # Each was PM303: "blöderweise" is "unfortunately", and luck or a coincidence is nobody's.
    assert codes(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Der Kollege hat sich blöd angestellt.", "blöd"),
    ("Das war ein dummer Fehler in der Konfiguration.", "dummer"),
])
def test_german_insults_are_still_judgement(sentence: str, phrase: str) -> None:
    assert codes(sentence, "de") == [("PM303", phrase)]


# --- PM503: "half of the customers" -------------------------------------------------------------


def _impact(summary: str, description: str, lang: str = "en") -> str:
    """The clean example with this summary and impact description and no numbers in fields."""
    text = good_text()
    start, timeline = text.index("summary:"), text.index("timeline:\n")
    return (text[:start].replace("lang: en", f"lang: {lang}") + f"summary: {summary}\n"
            + f"impact:\n  description: {description}\n" + text[timeline:])


@pytest.mark.parametrize(("description", "lang", "phrase"), [
    ("Roughly half of the customers saw errors.", "en", "Roughly half of the customers"),
    ("Half of our users could not sign in.", "en", "Half of our users"),
    ("Ungefähr die Hälfte der Kunden sah Fehlermeldungen.", "de", "Ungefähr die Hälfte der Kunden"),
])
def test_half_of_the_customers_is_a_vague_impact(description: str, lang: str, phrase: str) -> None:
    # The English ones passed though "a half of" and "die Hälfte der Kunden" were reported.
    summary = "Pushes failed." if lang == "en" else "Pushes schlugen fehl."
    found = run(_impact(summary, description, lang), select=["PM503"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM503", 15, 16, f"vague impact '{phrase}': the impact section gives no number of affected users, "
                          "customers or requests")]


@pytest.mark.parametrize("description", [
    "About half of the time, the job failed.",
    "Half of the replicas fell behind.",
    "In the first half of the hour, requests were slow.",
])
def test_half_of_a_time_or_of_machines_is_no_vague_impact(description: str) -> None:
    assert run(_impact("Pushes failed.", description), select=["PM503"]) == []


# --- German "did not" in the simple past, with "nicht" at the end ----------------------------


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Der Admin befolgte das Runbook nicht.", "befolgte das Runbook nicht"),
    ("Der Techniker prüfte die Replikationsverzögerung vor dem Umschalten nicht.",
     "prüfte die Replikationsverzögerung vor dem Umschalten nicht"),
])
def test_german_did_not_follow_in_the_simple_past_is_a_counterfactual(sentence: str, phrase: str) -> None:
    # Each passed: only the perfect ("hat das Runbook nicht befolgt") was reported.
    assert codes(sentence, "de") == [("PM302", phrase)]


@pytest.mark.parametrize("sentence", [
    "Der Admin befolgte das Runbook nicht, weil es den alten Cluster beschrieb.",
    "Das Deployment-Werkzeug prüfte die Replikationsverzögerung nicht.",
    "Der Techniker prüfte die Logs und fand nicht den Fehler.",
    "Der Techniker prüfte nicht nur die Logs, sondern auch die Metriken.",
    "Der Techniker bemerkte den Alarm und rief nicht an.",
    "Wir prüften die Replikation nicht.",
])
def test_german_simple_past_with_a_later_not_of_another_verb_is_quiet(sentence: str) -> None:
    # "bemerkte den Alarm und rief nicht an" was PM302 at "bemerkte den Alarm und rief nicht":
    # the "nicht" belongs to the next verb.
    assert codes(sentence, "de") == []


# --- a decision with its reason is a decision record, not intent --------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The incident commander chose to skip the canary to ship the fix faster, accepting the risk.", "en"),
    ("The incident commander chose to skip the canary, accepting the risk of a bad build.", "en"),
    ("The incident commander chose to skip the canary because the fix was a one-line revert.", "en"),
    ("Der Einsatzleiter entschied sich, die Prüfung zu überspringen, und nahm das Risiko in "
     "Kauf.", "de"),
    ("Der Einsatzleiter entschied sich, die Prüfung zu überspringen, weil der Fix ein "
     "einzeiliger Revert war.", "de"),
])
def test_a_decision_to_skip_a_safeguard_with_its_reason_attributes_no_intent(sentence: str,
                                                                            lang: str) -> None:
    # Each was PM307 ('attributes intent to "incident commander"'), though a decision with its
    # trade-off is what a decision record is for.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("The developer chose to ignore the failing tests.", "en", "chose to ignore"),
    ("The developer decided to bypass the review to the dismay of the team.", "en",
     "decided to bypass the review"),
    ("The developer deliberately ignored the warning to save time.", "en", "deliberately ignored"),
    ("The engineer decided to skip the code review to ship faster.", "en", "decided to skip the code review"),
    ("Der Einsatzleiter entschied sich, die Prüfung zu überspringen, um den Fix schneller auszuliefern.",
     "de", "entschied sich, die Prüfung zu überspringen"),
    ("Der Entwickler entschied sich, die fehlgeschlagenen Tests zu ignorieren.", "de",
     "entschied sich, die fehlgeschlagenen Tests zu ignorieren"),
])
def test_a_choice_to_ignore_without_a_reason_or_with_a_motive_is_still_intent(sentence: str, lang: str,
                                                                             phrase: str) -> None:
    assert codes(sentence, lang) == [("PM307", phrase)]


# --- the organisation taking the blame --------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The fault lies with us.", "en"),
    ("The responsibility lies with us, not with the vendor.", "en"),
    ("Der Fehler lag bei uns.", "de"),
    ("Die Verantwortung liegt bei uns, nicht beim Anbieter.", "de"),
])
def test_the_fault_lies_with_us_is_the_organisations_apology(sentence: str, lang: str) -> None:
    # Each was PM304 ('assigns blame to "us"'), while "This was our fault" passed.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "phrase"), [
    ("The fault lies with the on-call engineer.", "en", "fault lies with"),
    ("Der Fehler lag beim Administrator.", "de", "Fehler lag beim"),
])
def test_the_fault_of_a_role_is_still_blame(sentence: str, lang: str, phrase: str) -> None:
    assert codes(sentence, lang) == [("PM304", phrase)]
