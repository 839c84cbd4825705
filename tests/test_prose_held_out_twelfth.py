"""Held-out sentences of the twelfth round for the blameless prose rules, in English and
German: blameful ones in their many disguises and fair ones that use the same words. Each
phrasing fixed in this round ends in the code, position and message a user relies on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, event_findings, run
from helpers import prose_codes as codes

_MARKDOWN = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")


def _background_findings(paragraphs: list[str], lang: str = "en") -> list[tuple[str, int, int, str]]:
    """The PM3xx findings of the Markdown example with ``paragraphs`` opening its Background."""
    text = _MARKDOWN if lang == "en" else _MARKDOWN.replace("lang: en", f"lang: {lang}", 1)
    assert "## Background\n\n" in text
    text = text.replace("## Background\n\n", "## Background\n\n" + "\n\n".join(paragraphs) + "\n\n", 1)
    return [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM3"], path="pm.md")]


# --- German gendered plurals as the subject --------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Kolleginnen hätten die Meldung ernster nehmen sollen.",
     [("PM302", "hätten die Meldung ernster nehmen sollen")]),
    ("Die Kolleg:innen hätten die Meldung ernster nehmen sollen.",
     [("PM302", "hätten die Meldung ernster nehmen sollen")]),
    ("Die Kolleg*innen hätten die Meldung ernster nehmen sollen.",
     [("PM302", "hätten die Meldung ernster nehmen sollen")]),
    ("Die Techniker:innen haben den Alarm ignoriert.", [("PM308", "ignoriert")]),
    ("Die Admin*innen haben die Warnung übersehen.", [("PM308", "übersehen")]),
])
def test_a_gendered_plural_is_a_person_subject(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: the gender mark split "Kolleg:innen" into "Kolleg" and "innen", and
    # "Kolleginnen" was read as the stem "kolleg", neither of them a person.
    assert codes(sentence, "de") == expected


def test_a_gendered_plural_is_named_in_the_message_as_written() -> None:
    assert event_findings("Die Kolleg:innen hätten die Meldung ernster nehmen sollen.", "de") == [
        ("PM302", 40, 29, 69,
         '"hätten die Meldung ernster nehmen sollen" is a hindsight counterfactual about "Kolleg:innen"')]


@pytest.mark.parametrize("sentence", [
    "Die Kolleg:innen folgten dem Runbook, das auf einen stillgelegten Host verwies.",
    "Die Mitarbeiter*innen im Support erhielten um 09:12 die ersten Tickets.",
    "Die Kolleginnen der Bereitschaft bestätigten den Alarm nach zwei Minuten.",
])
def test_a_gendered_plural_of_a_neutral_action_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- "should of", the misspelling of "should have" -------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Honestly, the developer should of tested this in staging.", [("PM302", "should of tested")]),
    ("The sysadmin should of checked the mount point first.", [("PM302", "should of checked")]),
])
def test_should_of_is_should_have(sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: only "should have", "should've" and "shoulda" were read as the counterfactual.
    assert codes(sentence) == expected


def test_should_of_about_a_named_person() -> None:
    assert event_findings("Bob should of known about the expiry.") == [
        ("PM309", 40, 16, 31, '"should of known" is a hindsight counterfactual about the named person "Bob"')]


@pytest.mark.parametrize("sentence", [
    "The job should of course retry after a timeout.",
    "The deploy tool should of rejected the manifest, but its schema check was disabled.",
])
def test_should_of_course_and_of_a_system_are_quiet(sentence: str) -> None:
    assert codes(sentence) == []


# --- a mistake that "unterlaufen" is, and colloquial forgetting in German --------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Dem Praktikanten ist ein Fehler unterlaufen.", [("PM310", "Fehler unterlaufen")]),
    ("Bei der Migration ist dem Admin ein folgenschwerer Fehler unterlaufen.",
     [("PM310", "Fehler unterlaufen")]),
    ("Bei der Migration unterlief dem Admin ein Fehler.", [("PM310", "unterlief dem Admin ein Fehler")]),
    ("Frau Becker hat die Eskalation verschlampt.", [("PM309", "verschlampt")]),
    ("Das Ticket wurde im Backlog verschlampt.", [("PM303", "verschlampt")]),
    ("Der Kollege hat die Eskalation verschwitzt.", [("PM302", "verschwitzt")]),
    ("Die Technikerin hat das Zertifikat verbaselt.", [("PM302", "verbaselt")]),
])
def test_a_mistake_that_slipped_and_colloquial_forgetting_are_reported(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    # Each passed: only "Fehler gemacht" and "vergessen" were in the lexicon.
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Dem Praktikanten ist ein Fehler unterlaufen.",
     [("PM310", 40, 37, 55, '"Fehler unterlaufen" is a euphemism for blaming a person')]),
    ("Frau Becker hat die Eskalation verschlampt.",
     [("PM309", 40, 43, 54, '"verschlampt" is judgemental wording about the named person "Frau Becker"')]),
])
def test_a_mistake_that_slipped_in_a_document(sentence: str,
                                              expected: list[tuple[str, int, int, int, str]]) -> None:
    assert event_findings(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Es ist kein Fehler unterlaufen.",
    "Die Vier-Augen-Prüfung wurde durch einen Direkt-Push unterlaufen.",
    "Der Cronjob hat den Lauf verschwitzt, weil die Uhr des Hosts falsch ging.",
])
def test_no_mistake_a_circumvented_check_and_a_systems_miss_are_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- the user-as-the-problem jokes: PICNIC, "Problem saß mal wieder vor dem Bildschirm" ------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Root cause: a PICNIC (problem in chair, not in computer).", "en",
     [("PM301", "PICNIC"), ("PM301", "problem in chair, not in computer")]),
    ("Classic PICNIC, nothing to see here.", "en", [("PM301", "PICNIC")]),
    ("Ursache: das Problem saß mal wieder vor dem Bildschirm.", "de",
     [("PM301", "Problem saß mal wieder vor dem Bildschirm")]),
    ("Das Problem sitzt wie so oft vor dem Rechner.", "de",
     [("PM301", "Problem sitzt wie so oft vor dem Rechner")]),
])
def test_the_user_as_the_problem_jokes_are_human_error(sentence: str, lang: str,
                                                       expected: list[tuple[str, str]]) -> None:
    # Each passed: PEBKAC was known, its twin PICNIC was not, and the German joke matched
    # with one word at most between "saß" and "vor dem Bildschirm".
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The outage was a PICNIC on the deploy host.", "en",
     [("PM301", 40, 29, 35, '"PICNIC" frames the incident as human error')]),
    ("Das Problem saß mal wieder vor dem Bildschirm.", "de",
     [("PM301", 40, 16, 57,
       '"Problem saß mal wieder vor dem Bildschirm" frames the incident as human error')]),
])
def test_the_user_as_the_problem_jokes_in_a_document(sentence: str, lang: str,
                                                     expected: list[tuple[str, int, int, int, str]]) -> None:
    assert event_findings(sentence, lang) == expected


@pytest.mark.parametrize("sentence", [
    "The team picnic on Friday was moved, so the drill ran on Thursday.",
    "Picnic, the grocery delivery app, saw errors from our API.",
])
def test_a_picnic_is_no_joke_about_a_user(sentence: str) -> None:
    assert codes(sentence) == []


# --- a person's blunder or failure in the genitive (German) ---------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Patzer des Operators hat den Primary vom Netz genommen.",
     [("PM310", 40, 16, 36, '"Patzer des Operators" is a euphemism for blaming "Operator"')]),
    ("Das Versagen des Bereitschaftsteams hat den Ausfall verlängert.",
     [("PM310", 40, 16, 47,
       '"Versagen des Bereitschaftsteams" is a euphemism for blaming "Bereitschaftsteam"')]),
])
def test_a_persons_blunder_in_the_genitive_in_a_document(
        sentence: str, expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: "ein Fehler des Kollegen" was PM310, "der Patzer des Kollegen" and "das
    # Versagen des Teams" were not.
    assert event_findings(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ein Schnitzer der Kollegin im Runbook führte zum Neustart.", [("PM310", "Schnitzer der Kollegin")]),
    ("Das Versagen des Kollegen hat den Ausfall verlängert.", [("PM310", "Versagen des Kollegen")]),
])
def test_a_persons_blunder_in_the_genitive(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Das Versagen des Netzteils hat den Ausfall verursacht.",
    "Ein Versagen der Replikation blieb eine Stunde unbemerkt.",
])
def test_the_failure_of_a_thing_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- a Kubernetes operator in the German genitive -------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Ein Fehler des Postgres-Operators stoppte die Pods.",
    "Ein Versehen des Kubernetes-Operators löschte das Volume.",
    "Der Patzer des Strimzi-Operators hat die Broker neu gestartet.",
])
def test_the_mistake_of_a_product_operator_in_the_genitive_is_quiet(sentence: str) -> None:
    # Each was PM310 ('"Fehler des Postgres-Operators" is a euphemism for blaming ...'):
    # "der Postgres-Operator" was software, its genitive "des Postgres-Operators" a person.
    assert codes(sentence, "de") == []


def test_the_mistake_of_an_operator_who_is_a_person_is_still_reported() -> None:
    assert event_findings("Ein Fehler des Operators stoppte die Pods.", "de") == [
        ("PM310", 40, 16, 36, '"Fehler des Operators" is a euphemism for blaming "Operator"')]


# --- a German relative clause whose pronoun is "den" or "dem" -------------------------------


@pytest.mark.parametrize("sentence", [
    "Das Verfahren verlangte einen manuellen Schritt, den das Werkzeug hätte automatisieren können.",
    "Der Schritt, den die Pipeline hätte prüfen können, fehlte im Deployment.",
    "Der Check, mit dem die Pipeline den Fehler hätte abfangen können, war deaktiviert.",
])
def test_a_system_as_the_subject_after_a_relative_pronoun_is_quiet(sentence: str) -> None:
    # Each was PM302 ('"hätte ... können" is a hindsight counterfactual'): "den"/"dem" was read
    # as the article of "das Werkzeug", so the clause seemed to have no subject.
    assert codes(sentence, "de") == []


def test_a_person_as_the_subject_after_a_relative_pronoun_is_named() -> None:
    # Reported before, without its subject: '"hätte prüfen müssen" is a hindsight counterfactual'.
    assert event_findings("Das Verfahren verlangte einen Schritt, den der Admin hätte prüfen müssen.",
                           "de") == [
        ("PM302", 40, 65, 84, '"hätte prüfen müssen" is a hindsight counterfactual about "Admin"')]


# --- the verb before the staff, and what "jedem" should have noticed ------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Künftig müssen Techniker jeden Befehl doppelt prüfen.",
     [("PM306", 40, 20, 64, '"müssen Techniker jeden Befehl doppelt prüfen" aims an action at people, '
                            'not at systems')]),
    ("Das hätte jedem auffallen müssen, der auf den Graphen geschaut hat.",
     [("PM305", 40, 16, 37, '"hätte jedem auffallen" calls the outcome obvious in hindsight')]),
])
def test_inverted_staff_checks_and_what_everyone_should_have_noticed(
        sentence: str, expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: "Techniker müssen ... doppelt prüfen" was PM306 only in that order, and
    # "hätte jeder sehen müssen" was PM305, its dative "hätte jedem auffallen müssen" not.
    assert event_findings(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ab sofort müssen alle Entwickler:innen jede Migration manuell prüfen.",
     [("PM306", "müssen alle Entwickler:innen jede Migration manuell prüfen")]),
    ("Die Mitarbeiter*innen müssen künftig jede Änderung doppelt prüfen.",
     [("PM306", "Die Mitarbeiter*innen müssen künftig jede Änderung doppelt prüfen")]),
    ("Das hätte allen auffallen müssen.", [("PM305", "hätte allen auffallen")]),
    ("Das wäre doch jedem klar gewesen.", [("PM305", "wäre doch jedem klar")]),
])
def test_staff_checks_and_what_everyone_should_have_noticed(sentence: str,
                                                            expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Künftig muss die Pipeline jeden Befehl doppelt prüfen.",
    "Künftig müssen Techniker Befehle nicht mehr doppelt prüfen, das übernimmt die CLI.",
    "Der Fehler wäre jedem Monitoring aufgefallen, das den Wert prüft.",
])
def test_a_check_by_a_system_and_what_a_monitor_notices_are_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- "with a little more care", "mit etwas mehr Sorgfalt" -----------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("With a little more care, the outage would have been avoided.", "en",
     [("PM302", 40, 12, 35, '"With a little more care" is a hindsight counterfactual')]),
    ("Der Ausfall wäre mit etwas mehr Sorgfalt vermeidbar gewesen.", "de",
     [("PM302", 40, 29, 52, '"mit etwas mehr Sorgfalt" is a hindsight counterfactual')]),
])
def test_more_care_as_the_difference_in_a_document(sentence: str, lang: str,
                                                   expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: the subject, "the outage", "der Ausfall", is no person, and no other words
    # of the sentence were in the lexicon.
    assert event_findings(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("A bit more attention would have prevented the outage.", "en",
     [("PM302", "A bit more attention")]),
    ("The outage was avoidable with more care.", "en", [("PM302", "avoidable with more care")]),
    ("Mit ein bisschen Sorgfalt hätte der Entwickler den Tippfehler bemerkt.", "de",
     [("PM302", "Mit ein bisschen Sorgfalt")]),
    ("Mit etwas mehr Aufmerksamkeit wäre das nicht passiert.", "de",
     [("PM302", "Mit etwas mehr Aufmerksamkeit")]),
    ("Der Ausfall waere mit etwas mehr Sorgfalt vermeidbar gewesen.", "de",
     [("PM302", "mit etwas mehr Sorgfalt")]),
])
def test_more_care_as_the_difference_is_a_counterfactual(sentence: str, lang: str,
                                                         expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Handle the production keys with care.", "en"),
    ("With more attention to the lag metric, the failover tool now waits for the replica.", "en"),
    ("The migration now runs with more caution, in batches of 1,000 rows.", "en"),
    ("The new alert gives more attention to lag than the old one would have.", "en"),
    ("Die Schlüssel werden mit Sorgfalt behandelt, damit nichts verloren geht.", "de"),
    ("Die Migration läuft jetzt mit mehr Vorsicht, in Blöcken zu 1.000 Zeilen.", "de"),
])
def test_care_taken_is_quiet(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


# --- a counterfactual opening a paragraph of a Markdown body --------------------------------


@pytest.mark.parametrize(("paragraphs", "lang", "expected"), [
    (["The cache was flushed at 14:02.",
      "Had the reviewer read the migration, none of this would have happened."], "en",
     [("PM302", 145, 1, '"Had the reviewer read" is a hindsight counterfactual about "reviewer"')]),
    (["Der Cache wurde um 14:02 geleert.", "Hätte der Kollege nur auf das Dashboard geschaut!"], "de",
     [("PM302", 145, 1, '"Hätte der Kollege nur" is a hindsight counterfactual about "Kollege"')]),
    (["- Der Cache wurde geleert.\n- Hätte der Kollege nur auf das Dashboard geschaut!"], "de",
     [("PM302", 144, 3, '"Hätte der Kollege nur" is a hindsight counterfactual about "Kollege"')]),
])
def test_a_counterfactual_opening_a_paragraph_of_the_body(paragraphs: list[str], lang: str,
                                                          expected: list[tuple[str, int, int, str]]) -> None:
    # Each passed: an inverted "Had X ..."/"Hätte X ..." was read as a sentence's start only at
    # the start of the text or after a full stop on the same paragraph, so the same sentence
    # as a field was PM302 and as the second paragraph of the body was not.
    assert _background_findings(paragraphs, lang) == expected


@pytest.mark.parametrize(("paragraphs", "lang"), [
    (["The cache was flushed.",
      "Had the retry budget been larger, the requests would have succeeded."], "en"),
    (["Der Cache wurde geleert.",
      "Hätte der Failover automatisch gegriffen, wäre der Ausfall kürzer gewesen."], "de"),
])
def test_a_condition_on_a_system_opening_a_paragraph_is_quiet(paragraphs: list[str], lang: str) -> None:
    assert _background_findings(paragraphs, lang) == []


# --- mistyping, not minding the alerts, sleeping through an escalation ----------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Der Admin hat sich beim Hostnamen vertippt.", "de",
     [("PM301", 40, 22, 54,
       '"hat sich beim Hostnamen vertippt" frames the incident as an error of "Admin"')]),
    ("Der SRE in Bereitschaft hat einfach nicht auf die Alarme geachtet.", "de",
     [("PM302", 40, 48, 77, '"nicht auf die Alarme geachtet" is a hindsight counterfactual about "SRE"')]),
    ("Die Bereitschaft hat die Eskalation verschlafen.", "de",
     [("PM303", 40, 48, 59, '"verschlafen" is judgemental wording about "Bereitschaft"')]),
    ("The night shift operator was clearly not paying attention.", "en",
     [("PM303", 40, 37, 69, '"was clearly not paying attention" is judgemental wording')]),
])
def test_mistyping_and_inattention_in_a_document(sentence: str, lang: str,
                                                 expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: "fat-fingered" was PM301 but "hat sich vertippt" not; "nicht beachtet" was
    # PM302 but "nicht auf die Alarme geachtet" not; "verpennt" was PM303 but "verschlafen"
    # not; "was not paying attention" was PM303 but not with an adverb between.
    assert event_findings(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Mal wieder hat das Ops-Team einen Konfigurationswert vertippt.",
     [("PM301", "hat das Ops-Team einen Konfigurationswert vertippt")]),
    ("Der Admin vertippte sich beim Hostnamen.", [("PM301", "vertippte sich")]),
])
def test_mistyping_in_german(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Der vertippte Hostname zeigte auf einen Staging-Host, und das Werkzeug nahm ihn an.",
    "Der Job hat nicht auf den Exit-Code geachtet.",
    "Der Cronjob hat den Lauf verschlafen, weil die Uhr des Hosts falsch ging.",
])
def test_a_mistyped_input_and_a_systems_miss_are_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


# --- "a classic case of user error" ---------------------------------------------------------


def test_a_classic_case_of_user_error_in_a_document() -> None:
    # It passed: "a case of user error" was PM301, with "classic" between not.
    assert event_findings("It was a classic case of user error.") == [
        ("PM301", 40, 19, 47, '"a classic case of user error" frames the incident as human error')]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A classic case of user error: the admin ran the script against prod.",
     [("PM301", "A classic case of user error")]),
    ("Classic user error, nothing to fix.", [("PM301", "Classic user error")]),
])
def test_classic_user_error(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Each case of user error in the form is logged with the field name.",
    "The API returned a user error code for malformed requests.",
])
def test_user_error_of_an_interface_is_quiet(sentence: str) -> None:
    assert codes(sentence) == []



# --- a German subject before a relative clause ----------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Entwickler, der das geschrieben hat, hat es nicht getestet.",
     [("PM302", 40, 60, 74, '"nicht getestet" is a hindsight counterfactual about "Entwickler"')]),
    ("Jonas, der Bereitschaft hatte, ignorierte den Alarm.",
     [("PM309", 40, 43, 53, '"ignorierte" blames the named person "Jonas" for an action')]),
])
def test_the_subject_before_a_relative_clause_in_a_document(
        sentence: str, expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: the clause after the relative one opens with its verb, and its subject was
    # not looked for before the relative clause ("Der Entwickler hat es nicht getestet" was PM302).
    assert event_findings(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Kollegin vom Nachtdienst, die den Alarm bekam, hat ihn ignoriert.", [("PM308", "ignoriert")]),
    ("Der Entwickler, der das geschrieben hat, hat den Code nicht getestet.", [("PM302", "nicht getestet")]),
    # "nicht angeschaut", "nicht nachgesehen" passed as well, while "nicht gelesen" was PM302
    ("Der Admin hat sich die Logs nicht angeschaut.", [("PM302", "nicht angeschaut")]),
    ("Der Kollege hat im Dashboard nicht nachgesehen.", [("PM302", "nicht nachgesehen")]),
])
def test_the_subject_before_a_relative_clause(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Der Job, der die Daten lädt, hat den Exit-Code nicht geprüft.",
    "Das Skript, das der Admin geschrieben hat, hat die Daten nicht geprüft.",
    "Der Alarm, den der Kollege bekam, wurde vom Monitoring ignoriert.",
])
def test_a_thing_before_a_relative_clause_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []



# --- "war offensichtlich" (German) ----------------------------------------------------------


def test_war_offensichtlich_in_a_document() -> None:
    # It passed: "was obvious" was PM305, and "war doch klar", but not "war ganz offensichtlich".
    assert event_findings("Es war ganz offensichtlich, dass der Speicher volllaufen würde.", "de") == [
        ("PM305", 40, 15, 38, '"war ganz offensichtlich" calls the outcome obvious in hindsight')]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Fehler war offensichtlich.", [("PM305", "war offensichtlich")]),
    ("Im Nachhinein war es offensichtlich.", [("PM305", "war es offensichtlich")]),
    ("Das Problem war vorhersehbar.", [("PM305", "war vorhersehbar")]),
])
def test_war_offensichtlich(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Um 14:05 war offensichtlich, dass das Replikat stand.",
    "Sobald die Traces da waren, war die Ursache offensichtlich.",
    "Der Job war offensichtlich abgestürzt, bevor er die Sperre freigab.",
    "Es war nicht offensichtlich, dass der Speicher volllaufen würde.",
    "Die Ursache war aus den Graphen offensichtlich.",
    "Die Lösung war offensichtlich: ein Timeout am Client.",
])
def test_what_was_obvious_then_apparently_or_from_evidence_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []



# --- a chat line wrapped in a blockquote -----------------------------------------------------


def test_a_wrapped_chat_line_in_a_blockquote_is_quoted_and_the_authors_words_are_not() -> None:
    event = ("|\n      > 14:08 bob: the on-call engineer\n      should have paged earlier, sorry\n\n"
             "      The on-call engineer should have paged earlier.")
    # Line 42 was PM302 as well: the second line of the quote, with no ">" of its own, was read
    # as the author's, though Markdown shows it inside the blockquote.
    assert event_findings(event) == [
        ("PM302", 44, 28, 45, '"should have paged" is a hindsight counterfactual about "on-call engineer"')]


@pytest.mark.parametrize(("text", "lang"), [
    ("> 03:12 sven: ich\nhätte früher eskalieren sollen, sorry", "de"),
    ("> 03:12 alex: the on-call engineer\nshould have paged earlier", "en"),
])
def test_the_lazy_continuation_of_a_blockquote_is_quoted(text: str, lang: str) -> None:
    assert codes(text, lang) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("> 03:12 alex: paged\n- The on-call engineer should have paged.", [("PM302", "should have paged")]),
    ("> 03:12 alex: paged\n\nThe on-call engineer should have paged.", [("PM302", "should have paged")]),
    ("> [!WARNING]\nThe on-call engineer should have paged earlier.", [("PM302", "should have paged")]),
])
def test_a_list_item_a_paragraph_or_an_alert_after_a_blockquote_is_the_authors(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert codes(text) == expected



# --- an inexperienced role in the German perfect ---------------------------------------------


def test_an_inexperienced_role_with_an_object_before_the_participle_in_a_document() -> None:
    # It passed: "Ein unerfahrener Mitarbeiter löschte die Datenbank" was PM308, the perfect with
    # the object between "hat" and the participle not.
    assert event_findings("Ein unerfahrener Entwickler hat die Migration ohne Backup gestartet.", "de") == [
        ("PM308", 40, 12, 79,
         '"Ein unerfahrener Entwickler hat die Migration ohne Backup g…" blames a role for an action')]


@pytest.mark.parametrize("sentence", [
    "Ein neuer Kollege hat die Migration mit dem Datenbankteam geplant und begleitet.",
    "Die neue Kollegin hat das Dashboard eingerichtet und den Alarm gestartet.",
])
def test_a_new_colleagues_neutral_work_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []



# --- "down to someone not reading the runbook" -----------------------------------------------


def test_down_to_someone_not_reading_in_a_document() -> None:
    # It passed: "did not read the runbook" was PM302, the cause as a person's gerund not.
    assert event_findings("The outage boils down to someone not reading the runbook.") == [
        ("PM302", 40, 29, 56, '"down to someone not reading" is a hindsight counterfactual about "someone"')]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The delay was due to the on-call engineer not escalating.",
     [("PM302", "due to the on-call engineer not escalating")]),
    ("It was due to Bob not checking the diff.", [("PM309", "due to Bob not checking")]),
])
def test_a_persons_gerund_as_the_cause(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The outage was due to the job not checking the lock before it wrote.",
    "The error came from Kubernetes not checking the quota.",
])
def test_a_things_gerund_as_the_cause_is_quiet(sentence: str) -> None:
    assert codes(sentence) == []



# --- "must be retrained", "with half a brain", "durchgeklickt" ------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Operators must be retrained on the failover runbook.", "en",
     [("PM306", 40, 22, 39, '"must be retrained" aims an action at people, not at systems')]),
    ("Anyone with half a brain would have checked the lag.", "en",
     [("PM303", 40, 19, 36, '"with half a brain" is judgemental wording')]),
    ("Der Kollege hat die Freigabe einfach durchgeklickt.", "de",
     [("PM303", 40, 49, 62, '"durchgeklickt" is judgemental wording about "Kollege"')]),
])
def test_retraining_half_a_brain_and_clicking_through_in_a_document(
        sentence: str, lang: str, expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: "will be retrained" was PM306, "must be retrained" not; "stupid" was PM303,
    # "with half a brain" not; "durchgewunken" was PM303, "durchgeklickt" not.
    assert event_findings(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The anomaly model must be retrained on last quarter's traffic.", "en"),
    ("Das Skript hat die Freigabe durchgeklickt, weil der Bot die Rechte hatte.", "de"),
])
def test_a_model_retrained_and_a_script_clicking_through_are_quiet(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


# --- the round's sentences, as postmortems say them ------------------------------------------
# Written for this round, half English, half German; blameful ones in their many disguises and
# fair ones that use the same words. Each must be reported (any PM3xx) or stay quiet, by the
# prose engine and by the Checker in a postmortem alike.

BLAMEFUL_EN = [
    'The outage boils down to someone not reading the runbook.',
    'Root cause: PEBKAC on the deploy box.',
    'The outage came down to operator error during the failover drill.',
    'The intern fat-fingered the replica count and scaled the cluster to zero.',
    'Jonas ignored the disk-space alert for three hours.',
    'The on-call engineer should have paged the database team sooner.',
    'Someone could easily have spotted the typo in the config diff.',
    'This was, frankly, a careless mistake by the release manager.',
    'The DBA simply forgot to re-enable replication after maintenance.',
    'Priya decided to skip the canary stage to save time.',
    'The alert was ignored by the night-shift operator.',
    'Had the reviewer actually read the migration, none of this would have happened.',
    'Human error (a mistyped hostname) was the root cause.',
    'A classic case of user error: the admin ran the script against prod.',
    "The SRE's sloppy rollback made things worse.",
    'It was obvious that the certificate would expire.',
    'Mistakes were made in the handling of the rollback.',
    'The new hire dropped the ball on the handover.',
    'If only the engineer had checked the dashboard before merging!',
    'The contractor pushed the wrong button in the admin console.',
    '- Root cause: operator error',
    'Marco failed to follow the runbook.',
    'The deployer clearly should have waited for the green build.',
    'All it took was one look at the graph.',
    'The engineers need to be more careful when editing DNS records.',
    'Ops needs to learn to read the alerts.',
    'The outage was the fault of the on-call developer.',
    'The incident was caused by an engineer running the wrong command.',
    "Lisa's negligence let the certificate lapse.",
    'The team lead chose to ignore the capacity warning.',
    'It was a lapse on the part of the release engineer.',
    'The oncall guy ought to have escalated to the vendor.',
    'HUMAN ERROR was the single root cause.',
    'Root cause: human-error in the change ticket.',
    'The admin deliberately bypassed the change freeze.',
    "The sysadmin should've double-checked the mount point.",
    'The outage happened because the developer was sloppy with the feature flag.',
    'Stephen could have caught the bad query in review.',
    'Disciplinary action was taken against the engineer responsible.',
    'Staff will be retrained so that they do not make this mistake again.',
    'The operator made a mistake while resizing the volume.',
    'A reckless force-push by the on-call wiped the release branch.',
    'Was this user error? Yes: the support agent typed the wrong account number.',
    '* The root cause was a fat finger on the prod console.',
    'Honestly, the developer should of tested this in staging.',
    'The junior admin overlooked the warning in the plan output.',
    "The database admin's carelessness cost us four hours of writes.",
    'In hindsight the reviewer should have asked for a rollback plan.',
    'Root cause: a PICNIC (problem in chair, not in computer).',
    "**Root cause:** the on-call engineer's inattention.",
    'The engineer was asleep at the wheel during the migration.',
    "Sam, who was on call, simply didn't bother to check the logs.",
    'With a little more care, the DBA would have caught the missing index.',
    'the release manager SHOULD HAVE rolled back immediately',
    'The on-call engineer could easily have prevented this by looking at the dashboard.',
    'Any competent engineer would have noticed the disk filling up.',
    'The operator’s blunder took the primary offline.',
    'Our colleague from the night shift missed the page.',
    'The change went out because the reviewer rubber-stamped it.',
    'Alex should have known better than to deploy on a Friday.',
    'We need to make sure engineers stop making careless changes.',
    'Blame lies with the developer who merged without review.',
    'We could have detected the drift earlier with a config checksum; action item PM-14 adds one.',
    "The engineer's failure to escalate prolonged the outage by an hour.",
    'Nobody bothered to read the deprecation notice.',
    "The developer who wrote this clearly didn't test it.",
    'The DBA was negligent in applying the patch.',
    'Tom screwed up the DNS change.',
    'Chris was careless with the production credentials.',
    'An inexperienced engineer ran the migration without a backup.',
    'The handover was botched by the outgoing on-call.',
    'The root cause was the on-call engineer not following procedure.',
    "If the SRE had done their job, we wouldn't be writing this postmortem.",
    "The junior dev's typo wiped the staging database.",
    'Going forward, engineers must double-check every command before running it.',
    'It should have been obvious to anyone looking at the graph.',
    'The admin was too lazy to write a rollback script.',
    "The on-call SRE just didn't pay attention to the alerts.",
    'Once again, the ops team fat fingered a config value.',
    'Mike from the platform team messed up the load balancer config.',
    'The new guy deleted the wrong S3 bucket.',
    'The engineer neglected to update the certificate.',
    'Had anyone bothered to look, the disk alert was right there.',
    'The reviewer waved the change through without reading it.',
    '- Contributing factor: engineer carelessness',
    'The night shift operator was clearly not paying attention.',
    'Someone on the team should have known that the flag was still on.',
]

BLAMELESS_EN = [
    'The load balancer logged "upstream error: connection refused" for every request.',
    'Per the runbook, the on-call engineer should page the database team after 10 minutes.',
    'A retry with backoff would have absorbed the spike.',
    'The parser threw an error on the malformed header.',
    'We reviewed human factors such as fatigue and alert volume.',
    'Jonas restarted the ingest workers at 14:05.',
    'Priya rolled back the deploy and the error rate dropped.',
    'The deploy tool should have rejected the manifest, but its schema check was disabled.',
    'The health check failed to detect the hung process.',
    'The scheduler skipped the job because its lock file survived the reboot.',
    'Jenkins ignored the failing stage because it was marked optional.',
    'Will the failover work next time? We added a quarterly drill to find out.',
    'The dashboard did not show the queue depth, so the responder had no signal.',
    'Signal Sciences blocked the requests as an attack.',
    "The alert said 'disk almost full' but was routed to a muted channel.",
    'The on-call engineer acknowledged the page within two minutes.',
    'Error budgets for the quarter were exhausted by this incident.',
    'The script should have exited non-zero on a partial write.',
    'What made the wrong host look right? Both prompts showed the same hostname.',
    'The error message `operator error: invalid token` comes from the vendor SDK.',
    'The responder followed the runbook, which pointed at a decommissioned host.',
    ('Mistyped hostnames are easy to make when two environments share a prefix, so we added colour-coded '
     'prompts.'),
    'The engineer who deployed the change noticed the spike and paged the incident channel.',
    'The team decided to roll forward because the rollback would have dropped writes.',
    'The failover could have taken longer if the standby had been cold.',
    'The config loader fails to parse tabs, which is documented upstream.',
    'The runbook says operators must drain the node before a reboot.',
    'Ada, our build cluster, ran out of disk.',
    'Latency would have stayed flat if the cache had been warm.',
    'The change review did not include the migration file because of how the tool renders diffs.',
    'We asked the responders what they saw and what made sense to them at the time.',
    "The intern's onboarding doc linked to the old runbook, so we updated it.",
    "The page went to the secondary because the primary's phone was in do-not-disturb mode.",
    'Kubernetes killed the pod after it failed its liveness probe three times.',
    'The cert-manager failed to renew the certificate because the DNS challenge timed out.',
    'Should the queue fill again, the autoscaler will add workers.',
    'The error originated in the retry logic of the client library.',
    '- Action: add a confirmation prompt for destructive commands (owner: kwong)',
    'The replica could have been promoted sooner had the lag metric been visible.',
    'Mark the alert as resolved once the queue drains.',
    'The operator console shows prod and staging in the same colour.',
    'The rollback ignored the feature flag because the flag service was unreachable.',
    'A human-in-the-loop approval step now gates schema migrations.',
    'Grace ran the failover drill and recorded each step in the timeline.',
    'The on-call engineer could not have known the replica was stale: the lag graph was cached.',
    'It was not obvious from the dashboard that the replica had stopped.',
    '> 03:12 alex: I should have paged earlier, sorry',
    'The `human_error` label in Jira was renamed to `contributing-factor`.',
    'The on-call engineer was paged at 03:12 and joined the bridge at 03:15.',
    'The backup job failed to upload because the bucket policy had changed.',
    'Sam asked in the channel whether the migration was safe to resume.',
    'The runbook should have a section on partial failovers; action item PM-12 adds it.',
    'The alert would have fired sooner if the threshold had been 80%.',
    'Human Factors Analysis: the console showed prod and staging alike.',
    'The client retried without backoff, which amplified the load.',
    'Apollo, the GraphQL gateway, dropped the requests.',
    'An operator can override the lock with `--force`, which the tool does not log.',
    'Alex deployed version 4.2.1 at 16:40 on Friday.',
    'The review tool rubber-stamps changes that only touch docs.',
    "The job's failure to acquire the lock left the queue stuck.",
    'Nobody was paged because the rotation had an empty slot.',
    'The developer who wrote the retry logic reviewed this postmortem.',
    'Kevin coordinated the response and posted status updates every 30 minutes.',
    'The DNS change was applied with a TTL of 24 hours, so the rollback took a day to propagate.',
    'The credentials were stored in plain text in the CI variables.',
    'The migration ran without a backup because the backup step was optional in the pipeline.',
    'The handover checklist does not mention in-flight migrations.',
    'The procedure asked for a manual step that the tooling could have automated.',
    'The typo in the hostname matched a staging host, and the tool accepted it.',
    'Every destructive command now requires a second confirmation in the CLI.',
    'The graph showed the trend, but the alert threshold was set at 95%.',
    'The rollback script did not exist, because rollbacks of this service had never been needed.',
    'Careless Whisper is the name of our chaos-testing bot.',
    'The runbook step "verify replication" should have a link to the lag dashboard.',
    'The ticket was marked as user error by the support bot and closed automatically.',
    'The DBA forgot nothing: the restore script skipped the table because of a filter.',
    'Nobody was to blame for the delay; the pager vendor had an outage.',
    'Mistakes in the runbook were fixed in PR #4411.',
    'The SDK raises OperatorError when the token is expired.',
    "The engineer's laptop went to sleep during the migration, which dropped the SSH session.",
    'An intern project built the dashboard we used to find the cause.',
    'The review could not have caught the bug, as the test data had no null values.',
    'Did the alert fire? Yes, at 03:12, into a channel nobody watched at night.',
    'The operator (the Kubernetes controller) deleted the PVC after the CRD changed.',
    'Our junior engineers now pair on their first three deploys, as do senior ones.',
    'It would have been hard for anyone to spot the drift without a diff tool.',
    'The fat-finger guard in the CLI now asks for confirmation above 10 nodes.',
    'Jonas, who was on call, escalated at 03:20 after the second page.',
    'The root cause was not human error but a race in the lock manager.',
    'In hindsight, the graph shows the trend starting on Monday.',
    'We discussed whether training would help and chose an automated check instead.',
    'The pipeline ignored the failed test because the job had allow_failure set.',
]

BLAMEFUL_DE = [
    'Ein unerfahrener Entwickler hat die Migration ohne Backup gestartet.',
    'Der Entwickler, der das geschrieben hat, hat es offensichtlich nicht getestet.',
    'Es war ganz offensichtlich, dass der Speicher volllaufen würde.',
    'Ursache war menschliches Versagen beim Failover.',
    'Ein Bedienfehler des Operators führte zum Ausfall der Datenbank.',
    'Die Kollegin vom Nachtdienst hat den Alarm übersehen.',
    'Jonas hat die Warnung ignoriert.',
    'Der Administrator hätte die Konfiguration vorher prüfen müssen.',
    'Der Ausfall wäre mit etwas mehr Sorgfalt vermeidbar gewesen.',
    'Durch Unachtsamkeit des Entwicklers wurde die Tabelle gelöscht.',
    'Der Praktikant hat sich vertippt und die falsche Instanz neu gestartet.',
    'Das war doch klar, dass das Zertifikat abläuft.',
    'Der Techniker hat vergessen, die Replikation wieder einzuschalten.',
    'Hätte der Kollege nur auf das Dashboard geschaut!',
    'Die Mitarbeiter*innen müssen sensibilisiert werden, sorgfältiger zu arbeiten.',
    'Die Schuld liegt eindeutig beim Bereitschaftsdienst.',
    'Der Entwickler hat fahrlässig gehandelt.',
    'Das Team hat schlampig getestet.',
    'Ursache: menschlicher Fehler bei der Eingabe.',
    'Der Admin hat bewusst den Review-Prozess umgangen.',
    'Ein Versehen eines Mitarbeiters führte zum Datenverlust.',
    'Klaus hat versäumt, das Backup zu prüfen.',
    'Die Kolleg:innen hätten die Meldung ernster nehmen sollen.',
    'Der Operator haette den Failover frueher ausloesen muessen.',
    'Frau Becker hat die Eskalation verschlampt.',
    'Gegen den verantwortlichen Mitarbeiter wurden disziplinarische Maßnahmen eingeleitet.',
    'Der Alarm wurde vom Bereitschaftstechniker ignoriert.',
    'Der Werkstudent hat einfach den falschen Knopf gedrückt.',
    'Hier hat der Release-Manager schlicht nicht aufgepasst.',
    'Die Datenbank-Admins hätten das Problem leicht erkennen können.',
    'Das hätte jeder sehen müssen.',
    'Die Ursache war ein Flüchtigkeitsfehler des Bearbeiters.',
    'Der Kollege wurde entlassen.',
    'Das Entwicklerteam muss lernen, Alarme ernst zu nehmen.',
    'Ursache: Fehlbedienung durch den Nutzer.',
    '- Grundursache: Bedienfehler',
    'Durch die Nachlässigkeit der Mitarbeiterin lief das Zertifikat ab.',
    'Der Entwickler hätte das in der Testumgebung problemlos bemerken können.',
    'Der Bereitschaftsingenieur hat nicht reagiert, was unverantwortlich war.',
    'Marie hat leichtsinnig ohne Review ausgerollt.',
    'Warum hat der Admin die Warnung nicht ernst genommen? Weil er unaufmerksam war.',
    'Die Ursache lag in der Unachtsamkeit eines Kollegen.',
    'Der Fehler war ein klassischer Bedienungsfehler am Produktivsystem.',
    'Mit ein bisschen Sorgfalt hätte der Entwickler den Tippfehler bemerkt.',
    'Der Kollege aus dem Betrieb hat die Änderung ohne Freigabe eingespielt, was grob fahrlässig war.',
    'Der Techniker haette die Warnung nicht ignorieren duerfen.',
    '* Ursache: menschliches Versagen des Operators',
    'Die Mitarbeiterin hat die falsche Datenbank gelöscht.',
    'Dem Praktikanten ist ein Fehler unterlaufen.',
    'Im Nachhinein hätte der Admin die Rückfallebene testen sollen.',
    'Ursache: das Problem saß mal wieder vor dem Bildschirm.',
    '**Grundursache:** Unaufmerksamkeit des Kollegen im Bereitschaftsdienst.',
    'Mit etwas mehr Sorgfalt hätte der DBA den fehlenden Index bemerkt.',
    'DER RELEASE-MANAGER HÄTTE SOFORT ZURÜCKROLLEN MÜSSEN.',
    'Jeder halbwegs kompetente Entwickler hätte das gesehen.',
    'Der Patzer des Operators hat den Primary vom Netz genommen.',
    'Die Kollegin aus der Nachtschicht hat den Anruf verpasst.',
    'Der Reviewer hat die Änderung einfach durchgewunken.',
    'Alex hätte es besser wissen müssen, als an einem Freitag auszurollen.',
    'Die Schuld trägt der Entwickler, der ohne Review gemergt hat.',
    'Die Mitarbeitenden müssen künftig besser aufpassen.',
    'Das Versagen des Bereitschaftsteams hat den Ausfall verlängert.',
    'Der Entwickler hätte den Fehler vermeiden koennen, wenn er die Doku gelesen haette.',
    ('Wir hätten die Abweichung mit einer Konfig-Prüfsumme früher erkennen können; Maßnahme PM-14 fügt '
     'sie hinzu.'),
    'Das Versäumnis des Entwicklers, zu eskalieren, verlängerte den Ausfall um eine Stunde.',
    'Keiner hat sich die Mühe gemacht, die Abkündigung zu lesen.',
    'Der DBA hat beim Einspielen des Patches grob fahrlässig gehandelt.',
    'Tom hat die DNS-Änderung verbockt.',
    'Chris ist leichtfertig mit den Produktions-Zugangsdaten umgegangen.',
    'Die Übergabe wurde vom Kollegen der Spätschicht verpfuscht.',
    'Grundursache war, dass die Bereitschaft sich nicht an das Verfahren gehalten hat.',
    'Hätte der SRE seinen Job gemacht, müssten wir dieses Postmortem nicht schreiben.',
    'Der Tippfehler des Junior-Entwicklers hat die Staging-Datenbank gelöscht.',
    'Künftig müssen Techniker jeden Befehl doppelt prüfen.',
    'Das hätte jedem auffallen müssen, der auf den Graphen geschaut hat.',
    'Der Admin war zu faul, ein Rollback-Skript zu schreiben.',
    'Schuld war letztlich die Unkonzentriertheit der Kollegin.',
    'Der SRE in Bereitschaft hat einfach nicht auf die Alarme geachtet.',
    'Mal wieder hat das Ops-Team einen Konfigurationswert vertippt.',
    'Mike vom Plattform-Team hat die Loadbalancer-Konfiguration vermasselt.',
    'Der Ingenieur hat es versaeumt, das Zertifikat zu erneuern.',
    'Die Reviewerin hat die Änderung ungelesen durchgewinkt.',
    '- Beitragender Faktor: Nachlässigkeit des Entwicklers',
    'Der Operator der Nachtschicht war offensichtlich unkonzentriert.',
    'Jemand im Team hätte wissen müssen, dass das Flag noch aktiv war.',
    'Die Techniker*innen haben den Alarm stundenlang ignoriert.',
    'Der Kollege hat beim Deployment geschlampt.',
    'Die Bereitschaft hat die Eskalation komplett verschlafen.',
]

BLAMELESS_DE = [
    'Das Log meldete "Bedienfehler: ungültiges Token" bei jedem Aufruf.',
    'Laut Runbook sollte die Bereitschaft nach zehn Minuten das DB-Team alarmieren.',
    'Ein Retry mit Backoff hätte die Lastspitze abgefangen.',
    'Der Parser meldete einen Fehler im Header.',
    'Menschliche Faktoren wie Müdigkeit und Alarmflut wurden im Review betrachtet.',
    'Jonas startete die Ingest-Worker um 14:05 neu.',
    'Priya rollte das Deployment zurück und die Fehlerrate sank.',
    'Das Deploy-Werkzeug hätte das Manifest ablehnen müssen, aber die Schema-Prüfung war deaktiviert.',
    'Der Health-Check hat den hängenden Prozess nicht erkannt.',
    'Jenkins ignorierte die fehlgeschlagene Stage, weil sie als optional markiert war.',
    'Das Dashboard zeigte die Queue-Tiefe nicht an, daher hatte die Bereitschaft kein Signal.',
    'Der Bereitschaftsingenieur bestätigte den Alarm innerhalb von zwei Minuten.',
    'Das Skript hätte bei einem unvollständigen Schreibvorgang mit Fehlercode beenden sollen.',
    'Was ließ den falschen Host richtig aussehen? Beide Prompts zeigten denselben Hostnamen.',
    'Die Fehlermeldung `Bedienfehler` stammt aus dem Hersteller-SDK.',
    'Die Kolleg:innen folgten dem Runbook, das auf einen stillgelegten Host verwies.',
    'Das Team entschied sich für ein Roll-forward, weil ein Rollback Schreibzugriffe verworfen hätte.',
    'Der Failover hätte länger gedauert, wenn der Standby kalt gewesen wäre.',
    'Der Config-Loader kann keine Tabs parsen; das ist upstream dokumentiert.',
    'Laut Runbook müssen Operatoren den Knoten vor einem Neustart leeren.',
    'Die Latenz wäre stabil geblieben, wenn der Cache warm gewesen wäre.',
    'Wir haben die Beteiligten gefragt, was sie gesehen haben und was für sie zu dem Zeitpunkt Sinn ergab.',
    ('Die Seite ging an die Zweitbereitschaft, weil das Telefon der Erstbereitschaft im '
     'Nicht-stören-Modus war.'),
    'Kubernetes beendete den Pod, nachdem er dreimal die Liveness-Probe nicht bestanden hatte.',
    'Der cert-manager konnte das Zertifikat nicht erneuern, weil die DNS-Challenge ablief.',
    'Sollte die Queue erneut volllaufen, fügt der Autoscaler Worker hinzu.',
    'Der Fehler entstand in der Retry-Logik der Client-Bibliothek.',
    '- Maßnahme: Bestätigungsabfrage für destruktive Befehle einbauen (Owner: kwong)',
    'Die Mitarbeiter*innen im Support erhielten um 09:12 die ersten Tickets.',
    'Klaus übernahm die Koordination und informierte die Kund:innen.',
    'Die Konfiguration haette den Wert pruefen sollen, tat es aber nicht.',
    'Ohne den Circuit Breaker wäre der Ausfall auf alle Regionen übergegangen.',
    'Die Alarmierung war so konfiguriert, dass Warnungen erst nach 30 Minuten eskalierten.',
    'Der falsche Hostname fiel nicht auf, weil beide Umgebungen dasselbe Präfix haben.',
    'Der Praktikant richtete das neue Monitoring-Board ein.',
    'Hätte der Cache die Einträge länger gehalten, wäre die Datenbank nicht überlastet worden.',
    'Otto, unser Build-Cluster, lief voll.',
    'Der Loadbalancer hat den Backend-Fehler korrekt erkannt und den Knoten entfernt.',
    'Die Bereitschaft konnte nicht wissen, dass das Replikat veraltet war: der Graph war gecacht.',
    'Aus dem Dashboard war nicht ersichtlich, dass die Replikation stand.',
    'Der Cronjob hat die Sperrdatei nach dem Neustart übersehen, weil sie im falschen Verzeichnis lag.',
    'Der Ausfall wäre ohne den Retry-Sturm vermutlich nach zwei Minuten vorbei gewesen.',
    'Die Bedienoberfläche zeigt Produktion und Staging in derselben Farbe an.',
    'Der Rollback ignorierte das Feature-Flag, weil der Flag-Dienst nicht erreichbar war.',
    'Die Kollegin vom Nachtdienst übergab um 06:00 an die Frühschicht.',
    'Ein Vier-Augen-Prinzip für Schema-Migrationen ist jetzt verpflichtend.',
    'Der Monitor haette den Ausfall frueher melden koennen, wenn der Schwellwert niedriger gewesen waere.',
    'Es war nicht offensichtlich, dass der Speicher volllaufen würde.',
    '> 03:12 sven: ich hätte früher eskalieren sollen, sorry',
    'Das Label `menschlicher-fehler` in Jira wurde in `beitragender-faktor` umbenannt.',
    'Die Bereitschaft wurde um 03:12 alarmiert und war um 03:15 in der Telefonkonferenz.',
    'Der Backup-Job konnte nicht hochladen, weil sich die Bucket-Richtlinie geändert hatte.',
    'Sven fragte im Kanal, ob die Migration fortgesetzt werden kann.',
    'Das Runbook sollte einen Abschnitt zu teilweisen Failovers haben; Maßnahme PM-12 ergänzt ihn.',
    'Der Alarm hätte früher ausgelöst, wenn der Schwellwert bei 80 % gelegen hätte.',
    'Analyse menschlicher Faktoren: die Konsole zeigte Produktion und Staging gleich an.',
    'Der Client wiederholte ohne Backoff, was die Last verstärkte.',
    'Apollo, das GraphQL-Gateway, verwarf die Anfragen.',
    'Alex rollte Version 4.2.1 am Freitag um 16:40 aus.',
    'Die Mitarbeitenden im Support wurden um 09:20 informiert.',
    'Der Schwellwert war zu hoch gewählt, sodass der Alarm nie auslöste.',
    'Dass der Job die Sperre nicht bekam, ließ die Queue hängen.',
    'Niemand wurde alarmiert, weil der Rotationsplan eine Lücke hatte.',
    'Der Entwickler, der die Retry-Logik geschrieben hat, hat dieses Postmortem geprüft.',
    'Kevin koordinierte die Reaktion und veröffentlichte alle 30 Minuten ein Update.',
    'Die DNS-Änderung wurde mit einer TTL von 24 Stunden ausgerollt, daher dauerte der Rollback einen Tag.',
    'Die Zugangsdaten lagen im Klartext in den CI-Variablen.',
    'Die Migration lief ohne Backup, weil der Backup-Schritt in der Pipeline optional war.',
    'Die Übergabe-Checkliste erwähnt laufende Migrationen nicht.',
    'Das Verfahren verlangte einen manuellen Schritt, den das Werkzeug hätte automatisieren können.',
    'Der Tippfehler im Hostnamen passte auf einen Staging-Host, und das Werkzeug akzeptierte ihn.',
    'Jeder destruktive Befehl verlangt jetzt eine zweite Bestätigung in der CLI.',
    'Der Graph zeigte den Trend, aber der Alarmschwellwert lag bei 95 %.',
    'Ein Rollback-Skript gab es nicht, weil dieser Dienst nie zurückgerollt werden musste.',
    'Die Fehlerquote der Eingabemaske sank nach der Umstellung deutlich.',
    'Der Kollege aus dem Datenbank-Team hat die Replikation um 04:10 wieder angestoßen.',
    'Der Runbook-Schritt "Replikation prüfen" sollte auf das Lag-Dashboard verlinken.',
    'Der DBA hat nichts vergessen: das Restore-Skript übersprang die Tabelle wegen eines Filters.',
    'Niemand trägt Schuld an der Verzögerung; der Pager-Anbieter hatte einen Ausfall.',
    'Fehler im Runbook wurden mit PR #4411 behoben.',
    'Das SDK wirft einen OperatorError, wenn das Token abgelaufen ist.',
    ('Der Laptop der Entwicklerin ging während der Migration in den Ruhezustand, wodurch die SSH-Sitzung '
     'abbrach.'),
    'Ein Praktikantenprojekt hat das Dashboard gebaut, mit dem wir die Ursache fanden.',
    'Das Review hätte den Fehler nicht finden können, da die Testdaten keine Nullwerte enthielten.',
    'Hat der Alarm ausgelöst? Ja, um 03:12, in einem Kanal, den nachts niemand beobachtet.',
    'Der Operator (der Kubernetes-Controller) löschte das PVC nach der Änderung der CRD.',
    'Neue Kolleg:innen deployen ihre ersten drei Änderungen jetzt zu zweit.',
    'Ohne Diff-Werkzeug wäre die Abweichung für niemanden leicht zu erkennen gewesen.',
    'Die Tippfehler-Sperre in der CLI fragt jetzt ab 10 Knoten nach einer Bestätigung.',
    'Jonas, der Bereitschaft hatte, eskalierte um 03:20 nach dem zweiten Alarm.',
    'Die Ursache war kein menschliches Versagen, sondern eine Race Condition im Lock-Manager.',
    'Im Nachhinein zeigt der Graph den Anstieg schon ab Montag.',
    'Wir haben diskutiert, ob eine Schulung hilft, und uns für eine automatische Prüfung entschieden.',
    'Die Pipeline ignorierte den fehlgeschlagenen Test, weil der Job allow_failure gesetzt hatte.',
    'Die Kollegin hätte gern früher eskaliert, aber der Pager war stumm geschaltet.',
]


@pytest.mark.parametrize(("sentence", "lang"),
                         [(s, "en") for s in BLAMEFUL_EN] + [(s, "de") for s in BLAMEFUL_DE])
def test_a_blameful_sentence_of_the_round_is_reported(sentence: str, lang: str) -> None:
    found = codes(sentence, lang)
    assert found and all(code.startswith("PM3") for code, _ in found), found


@pytest.mark.parametrize(("sentence", "lang"),
                         [(s, "en") for s in BLAMELESS_EN] + [(s, "de") for s in BLAMELESS_DE])
def test_a_blameless_sentence_of_the_round_is_quiet(sentence: str, lang: str) -> None:
    assert codes(sentence, lang) == []


def test_the_checker_reports_the_rounds_sentences_as_the_engine_does() -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    import prose_accuracy as bench

    rows = [{"text": text, "lang": lang, "label": None, "note": ""}
            for lang, texts in (("en", BLAMEFUL_EN + BLAMELESS_EN), ("de", BLAMEFUL_DE + BLAMELESS_DE))
            for text in texts]
    checked, misplaced = bench.predict_check(rows)
    assert misplaced == 0
    assert checked == bench.predict_scan(rows)
    blameful = set(BLAMEFUL_EN + BLAMEFUL_DE)
    wrong = [row["text"] for row, found in zip(rows, checked, strict=True)
             if bool(found) != (row["text"] in blameful)]
    assert wrong == []
