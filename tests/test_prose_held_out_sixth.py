"""Held-out sentences of the sixth round for the blameless and clarity prose rules, written the
way real postmortems and Störungsberichte are: fine sentences that must stay quiet (products and
systems whose names look like people or blame, German compounds, specified behaviour) and blame
that must be found, each with the code, phrase and position a user relies on."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, run, where
from helpers import prose_codes as codes
from pmkit.prose import scan

HEAD = DRAFT_HEAD


# --- one finding per phrase: the longer, more specific reading ---------------------------------


def test_any_competent_engineer_is_one_hindsight_finding() -> None:
    # The counterfactual "would have noticed" inside the phrase won over the hindsight claim that
    # contains it: PM302 on three words instead of PM305 on the whole claim.
    assert codes("Any competent engineer would have noticed the typo.") == [
        ("PM305", "Any competent engineer would have noticed")]


def test_one_finding_for_the_whole_phrase_in_a_document() -> None:
    text = HEAD.format(lang="en") + "summary: Any reasonable reviewer would have caught the typo.\n"
    assert where(run(text, select=["PM3"])) == [("PM305", 7, 10)]


def test_an_error_inside_a_longer_warning_phrase_keeps_its_error() -> None:
    # A name judged inside a longer phrase stays the error it is.
    assert codes("If only Bob had checked the lag.") == [("PM309", "If only Bob had checked")]


# --- denials of foreseeability --------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Nobody could have seen this coming.",
    "No one could have seen this coming.",
    "Nobody saw it coming: the failure mode had never been observed.",
    "It was not only a matter of time; the bug needed a leap second.",
])
def test_a_denial_of_foreseeability_is_not_hindsight(sentence: str) -> None:
    # "Nobody could have seen this coming" was PM305, while "nobody could have known" passed.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Anyone could have seen this coming.", [("PM305", "Anyone could have seen")]),
    ("This was an accident waiting to happen.", [("PM305", "an accident waiting to happen")]),
    ("It was only a matter of time.", [("PM305", "only a matter of time")]),
])
def test_inevitability_claims_are_still_hindsight(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


# --- a version-control tool's "blame" -----------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The Blame view in GitHub showed the line was last changed in March.",
    "The blame output showed that the threshold was added with the migration.",
    "The blame annotations point at commit 3f2a9c1.",
    "GitLab's blame page lists the commit of each line.",
])
def test_the_blame_view_of_a_tool_is_no_blame(sentence: str) -> None:
    # "The Blame view in GitHub" was PM304 on "Blame".
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The team was blamed for the outage.", [("PM304", "blamed")]),
    ("There was a lot of blame in the incident channel.", [("PM304", "blame")]),
    ("The blame view was used to blame the reviewer.", [("PM304", "blame")]),
])
def test_blame_of_people_is_still_reported(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


def test_the_blame_view_in_a_document_is_clean() -> None:
    summary = "summary: >\n  The Blame view in GitLab showed the\n  blame output of the file.\n"
    text = HEAD.format(lang="en") + summary
    assert where(run(text, select=["PM3"])) == []


# --- software named after a role -----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The Postgres operator should have failed over to the replica.", "en"),
    ("The Kubernetes operator should have reconciled the custom resource.", "en"),
    ("The postgres-operator should have promoted the replica.", "en"),
    ("The Strimzi operator failed to roll the brokers.", "en"),
    ("The database operator ignored the annotation on the cluster.", "en"),
    ("Der Postgres-Operator hätte auf das Replikat umschalten müssen.", "de"),
    ("Der Alertmanager hätte innerhalb von fünf Minuten alarmieren müssen.", "de"),
    ("Der Paketmanager hätte die Version prüfen müssen.", "de"),
    ("Der Alertmanager ignorierte die Regel, weil sie abgelaufen war.", "de"),
])
def test_software_named_after_a_role_is_a_system(sentence: str, lang: str) -> None:
    # The operator of Kubernetes and German compounds on "-manager" were taken for staff: PM302/PM308.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The operator should have checked the replica.", "en", [("PM302", "should have checked")]),
    ("The on-call operator should have checked the lag.", "en", [("PM302", "should have checked")]),
    ("The senior operator should have checked the lag.", "en", [("PM302", "should have checked")]),
    ("Der Operator hätte das Replikat prüfen müssen.", "de",
     [("PM302", "hätte das Replikat prüfen müssen")]),
    ("Der Releasemanager hätte die Version prüfen müssen.", "de",
     [("PM302", "hätte die Version prüfen müssen")]),
])
def test_a_human_operator_or_manager_is_still_a_person(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


# --- "operator error" as the modifier of a measure or a safeguard ------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Die Bedienfehlerquote der Benutzeroberfläche wird jetzt gemessen.", "de"),
    ("Der Benutzerfehlerschutz verhinderte das Löschen der Tabelle.", "de"),
    ("Die Bedienfehlerrate sank nach dem Redesign um 40 %.", "de"),
    ("The operator error rate dropped by 40% after the redesign.", "en"),
    ("Operator error prevention is built into the new CLI.", "en"),
])
def test_a_measure_of_operator_errors_is_no_human_error_framing(sentence: str, lang: str) -> None:
    # "Bedienfehlerquote" and "the operator error rate" were PM301, unlike "the human error rate".
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Es kam zu mehreren Bedienfehlern.", "de", [("PM301", "Bedienfehlern")]),
    ("Die Ursache eines Bedienungsfehlers wurde gesucht.", "de", [("PM301", "Bedienungsfehlers")]),
    ("Es gab zwei Fehlbedienungen.", "de", [("PM301", "Fehlbedienungen")]),
    ("Ursache war ein Benutzerfehler.", "de", [("PM301", "Benutzerfehler")]),
    ("The root cause was operator error.", "en", [("PM301", "operator error")]),
])
def test_operator_error_as_a_cause_is_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


# --- German: the object first, the person after the verb --------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Das hätte man wissen müssen.", [("PM302", "hätte man wissen müssen")]),
    ("Das hätte man wissen können.", [("PM302", "hätte man wissen können")]),
    ("Das hätte der Admin vorher prüfen müssen.", [("PM302", "hätte der Admin vorher prüfen müssen")]),
    ("Dies hätte das Team im Staging testen müssen.", [("PM302", "hätte das Team im Staging testen müssen")]),
    ("Das hätte Herr Müller prüfen müssen.", [("PM309", "hätte Herr Müller prüfen müssen")]),
    ("Das hat der Admin übersehen.", [("PM308", "übersehen")]),
    ("Das hat der Entwickler vergessen.", [("PM302", "vergessen")]),
])
def test_a_fronted_demonstrative_object_leaves_the_person_the_subject(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # "Das" before the verb was taken for the subject (a thing), so nothing was reported.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Das hätte nicht passieren dürfen.",
    "Das hätte der Job nach fünf Minuten erledigen müssen.",
    "Das hätte den Admin warnen müssen.",
    "Das hätte niemand wissen können.",
])
def test_a_demonstrative_subject_or_a_system_after_it_passes(sentence: str) -> None:
    assert codes(sentence, "de") == []


def test_a_fronted_object_in_a_document_points_at_the_phrase() -> None:
    summary = "summary: >-\n  Der Alarm kam um 03:12 Uhr. Das hätte\n  man wissen müssen.\n"
    text = HEAD.format(lang="de") + summary
    assert where(run(text, select=["PM3"])) == [("PM302", 8, 35)]  # at "hätte"


# --- spoken forms of the counterfactual ---------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The engineer shoulda checked the dashboard.", "en", [("PM302", "shoulda checked")]),
    ("The reviewer coulda caught it in the diff.", "en", [("PM302", "coulda caught")]),
    ("Hätte der Admin nur die Logs gelesen!", "de", [("PM302", "Hätte der Admin nur")]),
    ("Hätten wir doch nur im Staging getestet.", "de", [("PM302", "Hätten wir doch nur")]),
    ("Hätte Herr Müller bloß die Logs gelesen!", "de", [("PM309", "Hätte Herr Müller bloß")]),
    ("Haette der Admin nur die Logs gelesen!", "de", [("PM302", "Haette der Admin nur")]),
])
def test_spoken_and_wishful_counterfactuals_are_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # "shoulda", "coulda" and the German wish "Hätte X nur ..." passed unreported.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The job shoulda finished by then, per its SLO.", "en"),
    ("Hätte der Failover nur zwei Sekunden länger gedauert, wäre die Sitzung abgelaufen.", "de"),
    ("Hätte der Dienst nur eine Sekunde gewartet, wäre die Anfrage durchgegangen.", "de"),
])
def test_spoken_counterfactuals_about_systems_pass(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


# --- a euphemism's person, and the verb after it -------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Carelessness by the operator caused the outage.",
     [("PM310", "Carelessness by the operator"), ("PM308", "caused the outage")]),
    ("CARELESSNESS BY THE OPERATOR CAUSED THE OUTAGE.",
     [("PM310", "CARELESSNESS BY THE OPERATOR"), ("PM308", "CAUSED THE OUTAGE")]),
    ("The lapse of an engineer let it through.", [("PM310", "lapse of an engineer")]),
    ("An oversight on the part of the deployment engineer allowed the change through.",
     [("PM310", "oversight on the part of the deployment engineer")]),
])
def test_a_euphemism_ends_at_the_person(sentence: str, expected: list[tuple[str, str]]) -> None:
    # The phrase ran on into the verb after the person ("by the operator caused the"), and the
    # blame of the verb then hid the euphemism.
    assert codes(sentence) == expected


def test_a_euphemism_before_a_verb_in_a_document_ends_at_the_person() -> None:
    text = HEAD.format(lang="en") + "summary: Carelessness by the operator caused the outage.\n"
    found = run(text, select=["PM3"])
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [
        ("PM310", 7, 10, 38), ("PM308", 7, 39, 56)]


# --- "who deployed it" as a relative clause, "blamed no one" ----------------------------------


@pytest.mark.parametrize("sentence", [
    "The engineer who deployed it was on call for the first time.",
    "The engineer, who deployed it at 09:00, stayed on the bridge.",
    "It does not matter who deployed it.",
    "The team's retro blamed no one.",
    "The review blamed nobody and listed four system changes.",
])
def test_a_relative_who_and_blaming_no_one_are_no_blame(sentence: str) -> None:
    # A relative clause "who deployed it" was read as the question "Who deployed it?" (PM304),
    # and "blamed no one" as blame.
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Who approved this?", [("PM304", "Who approved this")]),
    ("We asked who approved this.", [("PM304", "who approved this")]),
    ("Management wanted to know who broke it.", [("PM304", "who broke it")]),
    ("Management blamed the network team.", [("PM304", "blamed")]),
])
def test_asking_who_did_it_and_blaming_a_team_are_still_blame(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


# --- colloquial blame ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The reviewer rubber-stamped the PR.", "en", [("PM303", "rubber-stamped")]),
    ("The developer cowboyed the change into production.", "en", [("PM303", "cowboyed")]),
    ("The on-call YOLO'd the deploy.", "en", [("PM303", "YOLO'd")]),
    ("It was a cowboy deploy on a Friday.", "en", [("PM303", "cowboy deploy")]),
    ("The new guy deleted the prod database.", "en", [("PM308", "new guy deleted")]),
    ("If the engineer had been paying attention, the outage would have been avoided.", "en",
     [("PM302", "If the engineer had been paying attention")]),
    ("If only Bob had been watching the dashboard, we would have caught it.", "en",
     [("PM309", "If only Bob had been watching the dashboard")]),
    ("Der Kollege hat Mist gebaut.", "de", [("PM303", "Mist gebaut")]),
    ("Der Kollege hat gepennt.", "de", [("PM303", "gepennt")]),
    ("Der Admin hat den Alarm verpennt.", "de", [("PM303", "verpennt")]),
    ("Das lag am Schlendrian im Team.", "de", [("PM303", "Schlendrian")]),
    ("Der Entwickler hat geschludert.", "de", [("PM303", "geschludert")]),
    ("Der Operator hat unsauber gearbeitet.", "de", [("PM303", "unsauber gearbeitet")]),
])
def test_colloquial_blame_is_reported(sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Each passed unreported.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Rubber stamp approvals are gone: the bot now requires two reviewers.", "en"),
    ("Our YOLO mode feature flag was removed.", "en"),
    ("The cowboy hat emoji reaction was used in the channel.", "en"),
    ("If the cache had been warm, the latency would have stayed low.", "en"),
    ("If the monitor had been watching the queue, it would have paged.", "en"),
    ("Wir haben Mist gebaut und entschuldigen uns bei unseren Kunden.", "de"),
    ("Der Cronjob hat verpennt, weil die Uhr des Hosts falsch ging.", "de"),
])
def test_colloquial_words_about_things_or_ourselves_pass(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


# --- PM504: what counts as a number of people ---------------------------------------------------


IMPACT = "impact:\n  description: {text}\n"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Between 13:42 and 14:19 users saw errors on checkout."),
    ("de", "Von 13:42 bis 14:19 konnten Kunden nicht bezahlen."),
])
def test_a_clock_time_before_users_is_no_count(lang: str, text: str) -> None:
    # "14:19 users" was read as 19 users, and PM504 said to copy the numbers of the text into
    # the fields, which has none.
    found = run(HEAD.format(lang=lang) + IMPACT.format(text=text), select=["PM504"])
    assert [(d.code, d.line, d.message) for d in found] == [
        ("PM504", 7, "impact of a SEV3 incident gives no numbers: no users_affected, "
                     "customers_affected or metrics")]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "On 2 March, 12.4k users saw errors on checkout."),
    ("en", "At 14:19, 1,240 users saw errors on checkout."),
    ("de", "Von 13:42 bis 14:19 konnten 1.240 Kunden nicht bezahlen."),
])
def test_a_count_in_the_text_is_found(lang: str, text: str) -> None:
    found = run(HEAD.format(lang=lang) + IMPACT.format(text=text), select=["PM504"])
    assert [d.message for d in found] == [
        "impact of a SEV3 incident has numbers only in its text: no users_affected, "
        "customers_affected or metrics"]


# --- PM502: a sentence that ends with a number ---------------------------------------------------


EN_NUMBERS = ("The error rate on the checkout service peaked at 12. The rollback at 14:11 UTC brought it "
              "back to its usual level within ten minutes for all regions and all payment methods, "
              "and no orders were lost.")
DE_NUMBERS = ("Die Fehlerrate des Bezahldienstes lag in der Spitze bei 12. Nach dem Rollback um 14:11 Uhr "
              "fiel sie binnen zehn Minuten in allen Regionen und für alle Zahlungsarten wieder auf den "
              "üblichen Wert, und es gingen keine Bestellungen verloren.")


@pytest.mark.parametrize(("lang", "text"), [("en", EN_NUMBERS), ("de", DE_NUMBERS)])
def test_a_sentence_ending_with_a_small_number_ends_there(lang: str, text: str) -> None:
    # "peaked at 12." was read as an ordinal ("am 12. März"), so the two sentences were one of
    # 39 words and PM502 reported it.
    found = run(HEAD.format(lang=lang) + f"summary: {text}\n", select=["PM502"])
    assert found == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Am 3. März fiel der Dienst aus. Wir entschuldigen uns.",
     ["Am 3. März fiel der Dienst aus.", "Wir entschuldigen uns."]),
    ("Zum 2. Mal fiel der Dienst aus. Es tut uns leid.",
     ["Zum 2. Mal fiel der Dienst aus.", "Es tut uns leid."]),
    ("Am Montag, 3. März fiel er aus. Dann lief er.", ["Am Montag, 3. März fiel er aus.", "Dann lief er."]),
    ("Der 3. Versuch gelang. Danach lief alles.", ["Der 3. Versuch gelang.", "Danach lief alles."]),
    ("1. Step one is easy. 2. Step two too.", ["1. Step one is easy.", "2. Step two too."]),
    ("Wir warteten bis 12. Dann kam der Alarm.", ["Wir warteten bis 12.", "Dann kam der Alarm."]),
    ("The replica count dropped from 5 to 2. We restored it.",
     ["The replica count dropped from 5 to 2.", "We restored it."]),
])
def test_ordinals_and_sentence_ends(text: str, expected: list[str]) -> None:
    from pmkit.readability import sentences

    assert [text[a:b] for a, b in sentences(text)] == expected


def test_sentences_ending_with_numbers_are_counted_for_the_score() -> None:
    from pmkit.readability import score

    text = ("The replica count dropped from 5 to 2. We restored it to 5. "
            "Retries were capped at 3. We raised it.")
    assert score(text, "en").sentences == 4


# --- the hyphens of word processors ----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Someone fat\u2011fingered the command.", [("PM301", "fat\u2011fingered")]),
    ("A fat\u2010finger slip took down the load balancer.", [("PM301", "fat\u2010finger")]),
])
def test_a_non_breaking_hyphen_inside_a_phrase_is_a_hyphen(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # "fat\u2011fingered", pasted from a word processor, passed unreported.
    assert codes(sentence) == expected


def test_a_non_breaking_hyphen_keeps_the_subject_whole() -> None:
    # The message named "call engineer", half of the role.
    [finding] = scan("The on\u2011call engineer should have checked the lag.")
    assert finding.message == '"should have checked" is a hindsight counterfactual about "on-call engineer"'
    assert (finding.start, finding.end) == (21, 40)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The incident was caused by a member of staff who did not follow the procedure.",
     [("PM304", "caused by a member of staff"), ("PM302", "did not follow")]),
    ("The mistake was made by a junior member of the team.",
     [("PM310", "mistake was made by a junior member")]),
    ("The outage was caused by an engineer running a script against production.",
     [("PM304", "caused by an engineer")]),
])
def test_a_phrase_ending_with_its_person_keeps_the_person_whole(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # The phrase ran on into the words after the person ("by an engineer running a") or
    # stopped in the middle of a postmodifier ("by a junior member of").
    assert sorted(codes(sentence)) == sorted(expected)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The engineer who caused this has been let go.",
     [("PM304", "who caused this"), ("PM311", "has been let go")]),
    ("The engineer who broke it was new to the team.", [("PM304", "who broke it")]),
])
def test_who_caused_or_broke_it_blames_in_a_relative_clause_too(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


# --- the words of the practice and of its safeguards -------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("This review was written without blame.", "en"),
    ("This is a no-blame review.", "en"),
    ("The confirmation prompt protects against human error.", "en"),
    ("The new CLI guards against operator error.", "en"),
    ("The prompt prevents operator errors when more than 5% of hosts are selected.", "en"),
    ("Dieses Postmortem ist ohne Schuldzuweisung geschrieben.", "de"),
    ("Wir verzichten bewusst auf Schuldzuweisungen.", "de"),
    ("Ziel ist eine Analyse ohne Schuldfrage.", "de"),
    ("Die Fehlbedienung wurde durch eine Bestätigungsabfrage verhindert.", "de"),
    ("Schutz vor Fehlbedienungen bietet jetzt eine Bestätigungsabfrage.", "de"),
    ("Die Oberfläche soll künftig Fehlbedienungen verhindern.", "de"),
])
def test_the_blameless_practice_and_safeguards_are_no_blame(sentence: str, lang: str) -> None:
    # "ohne Schuldzuweisung", "without blame" and "Schutz vor Fehlbedienungen" were PM304/PM301:
    # the words a blameless review uses for itself and for its safeguards.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Human error prevented the failover.", "en", [("PM301", "Human error")]),
    ("The team was blamed for the outage.", "en", [("PM304", "blamed")]),
    ("Ein Bedienfehler hat den Failover verhindert.", "de", [("PM301", "Bedienfehler")]),
    ("Schuld war der Praktikant.", "de", [("PM304", "Schuld")]),
])
def test_blame_and_human_error_as_causes_are_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Jeder Anfänger hätte das gesehen.", [("PM305", "Jeder Anfänger hätte das gesehen")]),
    ("Jeder erfahrene Admin hätte den Fehler sofort erkannt.",
     [("PM305", "Jeder erfahrene Admin hätte den Fehler sofort erkannt")]),
    ("Jeder Admin würde den Alarm im Dashboard sehen, sobald er auslöst.", []),
    ("Jeder Entwickler hätte Zugriff auf die Logs gehabt.", []),
])
def test_any_beginner_would_have_seen_it_is_german_hindsight(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # "Jeder Anfänger hätte das gesehen", the German "any competent engineer would have noticed",
    # passed unreported.
    assert codes(sentence, "de") == expected


# --- PM708: "consider" in German ------------------------------------------------------------------


ACTION = ("action_items:\n  - id: AI1\n    title: {title}\n    owner: kwong\n    due: 2099-01-01\n"
          "    priority: P2\n    tracker: https://t.example.com/1\n")


@pytest.mark.parametrize(("title", "col", "phrase"), [
    ("Canary in Betracht ziehen", 19, "in Betracht ziehen"),
    ("Einen Canary für Hotfixes erwägen", 38, "erwägen"),
    ("Die Alarmschwellen überdenken", 31, "überdenken"),
])
def test_considering_is_a_vague_german_action_item(title: str, col: int, phrase: str) -> None:
    # "Consider adding a canary" was PM708, "Canary in Betracht ziehen" passed.
    found = run(HEAD.format(lang="de") + ACTION.format(title=title), select=["PM708"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM708", 9, col)]
    assert f"('{phrase}')" in found[0].message


# --- PM703: how far the search got, and a denial -------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The root cause was narrowed down after 45 minutes."),
    ("en", "The root cause of the incident is still under investigation."),
    ("en", "The root cause is unclear."),
    ("de", "Die Ursache war nicht die Datenbank."),
    ("de", "Die Ursache war keine Datenbank, sondern das Netz."),
])
def test_the_search_for_a_cause_and_its_denial_are_no_single_cause_framing(lang: str, text: str) -> None:
    # English reported what German already let pass ("Die Ursache war nach 45 Minuten
    # eingegrenzt"), and German reported the denial that English let pass ("wasn't the database").
    assert run(HEAD.format(lang=lang) + f"summary: {text}\n", select=["PM703"]) == []


@pytest.mark.parametrize(("lang", "text", "col"), [
    ("en", "The root cause was found to be an expired certificate.", 11),
    ("en", "Root-cause: an expired certificate.", 11),
    ("de", "Die Ursache war ein abgelaufenes Zertifikat.", 11),
])
def test_a_single_root_cause_is_still_reported(lang: str, text: str, col: int) -> None:
    found = run(HEAD.format(lang=lang) + f'summary: "{text}"\n', select=["PM703"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM703", 7, col)]


# --- PM503: a vague phrase with its count in parentheses ---------------------------------------


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "A number of requests (1,240 of 98,000) failed."),
    ("en", "Some users (about 1,200) could not log in."),
    ("en", "Some users (~1,200) could not log in."),
    ("de", "Einige Kunden (rund 300) konnten nicht bezahlen."),
])
def test_a_vague_phrase_followed_by_its_count_is_not_vague(lang: str, text: str) -> None:
    # The count right after the phrase says how many it means; PM503 still said "no numbers".
    assert run(HEAD.format(lang=lang) + f'summary: "{text}"\n', select=["PM503"]) == []


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Some users (2%) could not log in."),
    ("en", "Some users (mostly in the EU) could not log in."),
    ("de", "Einige Kunden (3 Prozent) konnten nicht bezahlen."),
])
def test_a_vague_phrase_followed_by_a_share_or_words_is_still_vague(lang: str, text: str) -> None:
    found = run(HEAD.format(lang=lang) + f'summary: "{text}"\n', select=["PM503"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM503", 7, 11)]


def test_no_impact_section_but_a_count_in_the_summary_says_where_it_belongs() -> None:
    # The message asked "how many users or customers were affected?" of a summary that says so.
    text = HEAD.format(lang="en") + "summary: On 2 March, 12,430 users saw errors.\n"
    [diag] = run(text, select=["PM504"])
    assert (diag.code, diag.line, diag.col) == ("PM504", 1, 1)
    assert diag.message == ("SEV3 postmortem has no impact section, though its summary gives numbers: "
                            "no users_affected, customers_affected or metrics")
    assert diag.hint is not None and diag.hint.startswith("Add an impact section and copy the numbers")


def test_no_impact_section_and_no_count_still_asks_how_many() -> None:
    text = HEAD.format(lang="de") + "summary: Am 2. März sahen Nutzer Fehler.\n"
    [diag] = run(text, select=["PM504"])
    assert diag.message == "SEV3 postmortem has no impact section: how many users or customers were affected?"
