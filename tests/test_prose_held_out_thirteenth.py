"""Held-out sentences of the thirteenth round for the blameless prose rules, in English and
German: known misses and false alarms, then sentences in registers the labelled set had not
seen (status-page updates, executive summaries, customer notices, ticket comments, passive
official German, Swiss and Austrian usage, English terms in German text). Each phrasing fixed
in this round ends in the code, position and message a user relies on."""

from __future__ import annotations

import pytest

from helpers import event_findings
from helpers import prose_codes as codes

# --- a judging word as the modifier of a hyphenated name -------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("We enabled the careless-whisper feature flag for 5% of tenants.", "en"),
    ("The sloppy-joe fixture was renamed after the test run.", "en"),
    ("Das Flag schlampig-mode war in der Staging-Umgebung aktiv.", "de"),
])
def test_a_judging_word_inside_a_hyphenated_name_is_quiet(sentence: str, lang: str) -> None:
    # Each was PM303: the pattern matched the word up to the hyphen, and the name of a flag,
    # a fixture or a module was read as a judgement.
    assert codes(sentence, lang) == []


def test_the_careless_whisper_flag_in_a_postmortem_is_quiet() -> None:
    assert event_findings("We enabled the careless-whisper feature flag.") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("It was a careless-looking change.", [("PM303", "careless")]),
    ("Bob botched-up the deploy.", [("PM309", "botched")]),
    ("The careless engineer pushed it.", [("PM308", "careless engineer pushed")]),
    ("The outage was a human-error-driven mess.", [("PM301", "human-error")]),
])
def test_a_judgement_that_goes_on_past_its_hyphen_is_still_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Guard: "-looking" and a verb's particle keep the judgement, and "human error" keeps its
    # own list of heads it is no cause in.
    assert codes(sentence) == expected


# --- rhetorical questions that judge --------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Why did nobody check the config?", [("PM302", "Why did nobody check")]),
    ("Why didn't anyone notice the disk filling up?", [("PM302", "Why didn't anyone notice")]),
    ("Why was nobody watching the dashboard during the migration?",
     [("PM302", "Why was nobody watching")]),
    ("Who thought deploying on Friday was a good idea?",
     [("PM303", "Who thought deploying on Friday was a good idea")]),
    ("Whose bright idea was this?", [("PM303", "Whose bright idea was this")]),
])
def test_a_rhetorical_question_that_judges_is_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: only "who approved this?" and "what were they thinking" were read as
    # questions that judge.
    assert codes(sentence) == expected


def test_a_rhetorical_question_in_a_postmortem() -> None:
    assert event_findings("Why did nobody check the config?") == [
        ("PM302", 40, 12, 32, '"Why did nobody check" is a hindsight counterfactual')]
    assert event_findings("Who thought deploying on Friday was a good idea?") == [
        ("PM303", 40, 12, 59, '"Who thought deploying on Friday was a good idea" is judgemental wording')]


@pytest.mark.parametrize("sentence", [
    "Why did nobody get paged? The route to the on-call rotation was missing.",
    "Why did no alert fire?",
    "We looked at why nobody checked the config: the checklist had no such step.",
    "Who decided to deploy on Friday? The release calendar did, by default.",
    "Who thought the change was safe? Everyone, since the canary was green.",
    '"Why did nobody check the config?" was the first question in the channel.',
])
def test_a_question_about_a_system_or_an_indirect_one_is_quiet(sentence: str) -> None:
    assert codes(sentence) == []



# --- a role named after a ship's, as the agent of a passive ----------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The rollout was botched by the release captain.", [("PM303", "botched")]),
    ("The incident captain should have paged the database team.", [("PM302", "should have paged")]),
])
def test_a_release_captain_is_a_person(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: "captain" was no word of the lexicon, and an unknown head after "release"
    # or "incident" was taken for a system.
    assert codes(sentence) == expected


def test_botched_by_the_release_captain_names_the_captain() -> None:
    assert event_findings("The rollout was botched by the release captain.") == [
        ("PM303", 40, 28, 35, '"botched" is judgemental wording about "release captain"')]


@pytest.mark.parametrize("sentence", [
    "The rollout was paused by the release captain after the error rate rose.",
    "The release captain approved the rollback at 14:05.",
])
def test_a_release_captain_doing_the_work_is_quiet(sentence: str) -> None:
    assert codes(sentence) == []


# --- German: the new one, sleeping admins, the screen that was not the problem, questions ----


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Neue hat die Tabelle gelöscht.", [("PM308", "Der Neue hat die Tabelle gelöscht")]),
    ("Ein Neuer hat die Tabelle gelöscht.", [("PM308", "Ein Neuer hat die Tabelle gelöscht")]),
    ("Die Neue löschte versehentlich die Tabelle.", [("PM308", "Die Neue löschte")]),
    ("Der Neuling hat den Branch überschrieben.", [("PM308", "Der Neuling hat den Branch überschrieben")]),
])
def test_the_new_one_as_the_subject_is_role_blame(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: only "ein neuer Mitarbeiter" and the like, an adjective before a staff
    # word, were read as pointing out a person's inexperience.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Der neue Cronjob hat die Tabelle gelöscht.",
    "Der Neue hat die Tabelle gemeinsam mit dem DBA migriert.",
    "Die Neue Zürcher Zeitung berichtete über den Ausfall.",
])
def test_a_new_thing_or_the_new_one_at_work_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Admins haben geschlafen.", [("PM303", "haben geschlafen")]),
    ("Die Bereitschaft hat mal wieder geschlafen!", [("PM303", "hat mal wieder geschlafen")]),
])
def test_asleep_at_the_wheel_in_german_is_judgemental(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: "gepennt" and "verschlafen" were known, "geschlafen" was not.
    assert codes(sentence, "de") == expected


def test_the_sleeping_admins_in_a_postmortem() -> None:
    assert event_findings("Die Admins haben geschlafen.", "de") == [
        ("PM303", 40, 23, 39, '"haben geschlafen" is judgemental wording about "Admins"')]


@pytest.mark.parametrize("sentence", [
    "Der Kollege hat geschlafen, als der Pager um 03:12 klingelte.",
    "Um 03:00 hat der Kollege geschlafen.",
    "Der Server hat geschlafen, bis der Wake-on-LAN-Befehl kam.",
    "Wir haben geschlafen.",
])
def test_sleeping_at_a_time_of_night_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


@pytest.mark.parametrize("sentence", [
    "Das Problem saß nicht vor dem Bildschirm.",
    "Der Fehler lag diesmal nicht vor dem Bildschirm, sondern im Deployment-Skript.",
])
def test_the_problem_that_was_not_in_front_of_the_screen_is_quiet(sentence: str) -> None:
    # Each was PM301: the negation stood inside the phrase, where no denial was looked for.
    assert codes(sentence, "de") == []


def test_the_problem_in_front_of_the_screen_is_still_human_error() -> None:
    assert codes("Das Problem saß mal wieder vor dem Bildschirm.", "de") == [
        ("PM301", "Problem saß mal wieder vor dem Bildschirm")]



@pytest.mark.parametrize(("sentence", "expected"), [
    ("Warum hat niemand die Konfiguration geprüft?",
     [("PM302", "Warum hat niemand die Konfiguration geprüft")]),
    ("Wieso hat das keiner gemerkt?", [("PM302", "Wieso hat das keiner gemerkt")]),
    ("Wer kam auf die Idee, freitags zu deployen?", [("PM303", "Wer kam auf die Idee")]),
    ("Wer hielt das für eine gute Idee?", [("PM303", "Wer hielt das für eine gute Idee")]),
    ("Wessen glorreiche Idee war das?", [("PM303", "Wessen glorreiche Idee war das")]),
])
def test_a_german_rhetorical_question_that_judges_is_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: only "Wer hat das freigegeben?" was read as a question that judges.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Warum hat niemand eine Benachrichtigung bekommen? Die Route zur Bereitschaft fehlte.",
    "Wir haben untersucht, warum niemand die Konfiguration geprüft hat.",
    "Wer hat die Idee für den Cache eingebracht? Das Datenbankteam, nach dem letzten Ausfall.",
])
def test_a_german_question_about_a_system_or_an_indirect_one_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- English registers of the held-out round: tickets, chat, executive summaries -------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Dave was supposed to rotate the keys last sprint and never did.",
     [("PM309", "was supposed to rotate")]),
    ("The on-call engineer was supposed to renew the certificate.", [("PM302", "was supposed to renew")]),
    ("The SRE on duty deliberately silenced the alert to get some sleep.",
     [("PM307", "deliberately silenced")]),
    ("This incident is on the platform team; they own the ingress.",
     [("PM304", "This incident is on the platform team")]),
    ("This is what happens when people don't read the runbook.",
     [("PM303", "This is what happens when people don't")]),
    ("ok who pushed to main without review?? this broke staging", [("PM304", "who pushed to main")]),
    ("The engineer responsible has received a formal warning.", [("PM311", "received a formal warning")]),
    ("The assignee ignored this ticket for two weeks even though it was marked P1.", [("PM308", "ignored")]),
])
def test_blame_in_tickets_and_chat_is_reported(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: "supposed to" knew only verbs of checking, "deliberately" no silenced
    # alert, "this is on" only "this one", "who pushed" only "this"/"it", discipline no
    # formal warning, and "assignee" was no person.
    assert codes(sentence) == expected


def test_a_formal_warning_names_whom_it_is_about() -> None:
    assert event_findings("The engineer responsible has received a formal warning.") == [
        ("PM311", 40, 41, 66,
         '"received a formal warning" announces disciplinary action against "engineer responsible"')]


@pytest.mark.parametrize("sentence", [
    "The job was supposed to rotate the keys at midnight.",
    "This change is on the roadmap for the next quarter.",
    "Who pushed to main at 14:02 is in the audit log.",
    "We received a formal warning from the regulator about the outage.",
    "The disk monitor issued a formal warning at 80% usage.",
    "The retry loop deliberately skipped unhealthy hosts.",
])
def test_the_same_words_about_systems_are_quiet(sentence: str) -> None:
    assert codes(sentence) == []


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The term human error does not appear in this report by design.", "en"),
    ("Our guide avoids the concept of human error altogether.", "en"),
])
def test_human_error_mentioned_as_a_term_is_quiet(sentence: str, lang: str) -> None:
    # Each was PM301: the words were read as used, not as mentioned.
    assert codes(sentence, lang) == []


# --- German registers of the held-out round: official, Swiss, Austrian, English terms --------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Update: Der verantwortliche Mitarbeiter wurde vom Dienst freigestellt.",
     [("PM311", "wurde vom Dienst freigestellt")]),
    ("Offensichtlich hätte jeder, der aufs Dashboard geschaut hat, den Anstieg gesehen.",
     [("PM305", "hätte jeder, der aufs Dashboard geschaut hat, den Anstieg gesehen")]),
    ("Unsere Mitarbeitenden werden geschult, damit ihnen solche Fehler nicht mehr passieren.",
     [("PM306", "geschult, damit ihnen solche Fehler nicht mehr passieren")]),
    ("Der On-Call-Engineer hätte das Runbook checken müssen.",
     [("PM302", "hätte das Runbook checken müssen")]),
    ("Das war ein klassischer User Error.", [("PM301", "User Error")]),
    ("Der SRE im Dienst hat den Alarm absichtlich stummgeschaltet.",
     [("PM307", "absichtlich stummgeschaltet")]),
    ("Eine einfache Prüfung hätte das verhindert.",
     [("PM305", "Eine einfache Prüfung hätte das verhindert")]),
    ("Tom hat sich bewusst entschieden, den Canary zu überspringen.",
     [("PM309", "entschieden, den Canary zu überspringen")]),
    ("Wir werden sicherstellen, dass die Entwickler jede Konfigurationsänderung doppelt prüfen.",
     [("PM306", "sicherstellen, dass die Entwickler jede Konfigurationsänderung doppelt prüfen")]),
    ("Der Admin hat sich beim Einspielen des Updates völlig deppert angestellt.", [("PM303", "deppert")]),
    ("Der Root Cause war der Kollege.", [("PM304", "Root Cause war der Kollege")]),
    ("Dem Bediensteten ist eine Pflichtverletzung vorzuwerfen.",
     [("PM304", "ist eine Pflichtverletzung vorzuwerfen")]),
    ("Der junge Entwickler hat die Änderung direkt in die Produktion gepusht.",
     [("PM308", "Der junge Entwickler hat die Änderung direkt in die Produktion gepusht")]),
])
def test_blame_in_official_regional_and_mixed_german_is_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: two words between "wurde" and "freigestellt", a relative clause after
    # "jeder", training "damit ihnen ... nicht mehr passieren", "Engineer" as a person,
    # English "User Error" and "Root Cause", a muted alert, "eine einfache Prüfung hätte",
    # the Canary as a skipped safeguard, "sicherstellen, dass", "deppert", "Pflichtverletzung"
    # and "gepusht" were not in the lexicon.
    assert codes(sentence, "de") == expected


def test_a_root_cause_in_english_in_a_german_postmortem() -> None:
    assert event_findings("Der Root Cause war der Kollege.", "de") == [
        ("PM304", 40, 16, 42, '"Root Cause war der Kollege" assigns blame to "Kollege"')]


@pytest.mark.parametrize("sentence", [
    "Der Begriff menschliches Versagen kommt in diesem Bericht bewusst nicht vor.",
    "Der Endpunkt liefert einen User Error (HTTP 400) bei ungültigen Feldern.",
    "Eine Pflichtverletzung liegt nicht vor.",
    "Dem Monitoring ist nichts vorzuwerfen.",
    "Die Pflichten der Bereitschaft sind im Runbook beschrieben.",
    "Eine einfache Prüfung verhindert das jetzt.",
    "Der Incident Commander entschied, den Canary zu überspringen, weil der Fix ein einzeiliger Revert war.",
    "Die Kollegen haben deppert viel Arbeit gehabt.",
    "Der Lernende hat die Tabelle gemeinsam mit dem DBA migriert.",
])
def test_the_same_german_words_mentioned_denied_or_about_systems_are_quiet(sentence: str) -> None:
    # The first was PM301, the term read as used; the others pin what the new phrases leave alone.
    assert codes(sentence, "de") == []


# --- a phrase inside a claim that is denied -------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("We did not find any evidence that someone should have noticed the lag earlier; "
     "the dashboard did not show it.", "en"),
    ("There is no evidence that the operator ignored the alert.", "en"),
    ("Nothing suggests that the on-call engineer should have escalated sooner.", "en"),
    ("Es gibt keine Hinweise darauf, dass der Techniker den Alarm ignoriert hat.", "de"),
])
def test_a_phrase_in_a_denied_claim_is_quiet(sentence: str, lang: str) -> None:
    # Each was PM302 or PM308: the negation stood before "evidence", in the clause before the
    # phrase's, where no denial was looked for.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("There is evidence that the operator ignored the alert.", "en", [("PM308", "ignored")]),
    ("The logs show that the operator ignored the alert.", "en", [("PM308", "ignored")]),
    ("We could not find the runbook, and the evidence shows that the on-call engineer should have "
     "escalated.", "en", [("PM302", "should have escalated")]),
    ("Niemand hat darauf geachtet, dass der Techniker den Alarm ignoriert hat.", "de",
     [("PM308", "ignoriert")]),
])
def test_a_phrase_in_a_claim_that_stands_is_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Guard: a claim without a negator, or with one far from it, still says it happened.
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Reviewer hat den PR einfach approved, ohne die Tests anzuschauen.",
     [("PM302", "ohne die Tests anzuschauen")]),
    ("Der Admin hat die Änderung ausgerollt, ohne die Tests zu prüfen.",
     [("PM302", "ohne die Tests zu prüfen")]),
    ("Wenn der Reviewer gründlicher gewesen wäre, wäre der Bug aufgefallen.",
     [("PM302", "Wenn der Reviewer gründlicher gewesen wäre")]),
    ("Der Root Cause war der Kollege aus dem Frontend-Team.", [("PM304", "Root Cause war der Kollege")]),
])
def test_german_omissions_and_causes_with_more_words_are_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: "ohne ... zu prüfen" took one word before "zu" and no "anzuschauen", "wenn
    # ... gewesen wäre" no "gründlicher", and a person as the cause had to end the sentence.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Das Tool löschte die Dateien, ohne die Sperren anzuschauen.",
    "Die Ursache war ein Zertifikat aus dem alten Bestand.",
    "Wenn die Prüfung gründlicher gewesen wäre, hätte sie den Fehler gefunden.",
    "Das Team hat den Fix ohne Review gemergt, weil das Review-System ausgefallen war.",
])
def test_the_same_german_omissions_of_systems_are_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []
