"""Held-out sentences of the twelfth round for the blameless prose rules, in English and
German: blameful ones in their many disguises and fair ones that use the same words. Each
phrasing fixed in this round ends in the code, position and message a user relies on."""

from __future__ import annotations

import pytest

from helpers import GOOD_EXAMPLE, good_text, run
from pmkit.prose import scan


def codes(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """``[(code, phrase), ...]`` of the prose engine on one sentence."""
    return [(f.code, f.text) for f in scan(text, lang)]


EVENT = "    event: Internal monitoring alerted on a large number of faults."


def _event_findings(sentence: str, lang: str = "en") -> list[tuple[str, int, int, int, str]]:
    """The PM3xx findings of the clean example with ``sentence`` as its second timeline event."""
    text = good_text()
    assert EVENT in text
    text = text.replace(EVENT, f"    event: {sentence}")
    if lang != "en":
        text = text.replace("lang: en", f"lang: {lang}")
    return [(d.code, d.line, d.col, d.end_col, d.message)
            for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]


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
    assert _event_findings("Die Kolleg:innen hätten die Meldung ernster nehmen sollen.", "de") == [
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
    assert _event_findings("Bob should of known about the expiry.") == [
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
    assert _event_findings(sentence, "de") == expected


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
    assert _event_findings(sentence, lang) == expected


@pytest.mark.parametrize("sentence", [
    "The team picnic on Friday was moved, so the drill ran on Thursday.",
    "Picnic, the grocery delivery app, saw errors from our API.",
])
def test_a_picnic_is_no_joke_about_a_user(sentence: str) -> None:
    assert codes(sentence) == []


# --- a person's blunder or failure in the genitive (German) ---------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Patzer des Operators hat den Primary vom Netz genommen.",
     [("PM310", 40, 16, 36, '"Patzer des Operators" is a euphemism for blaming "Operators"')]),
    ("Das Versagen des Bereitschaftsteams hat den Ausfall verlängert.",
     [("PM310", 40, 16, 47,
       '"Versagen des Bereitschaftsteams" is a euphemism for blaming "Bereitschaftsteams"')]),
])
def test_a_persons_blunder_in_the_genitive_in_a_document(
        sentence: str, expected: list[tuple[str, int, int, int, str]]) -> None:
    # Each passed: "ein Fehler des Kollegen" was PM310, "der Patzer des Kollegen" and "das
    # Versagen des Teams" were not.
    assert _event_findings(sentence, "de") == expected


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
    assert _event_findings("Ein Fehler des Operators stoppte die Pods.", "de") == [
        ("PM310", 40, 16, 36, '"Fehler des Operators" is a euphemism for blaming "Operators"')]


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
    assert _event_findings("Das Verfahren verlangte einen Schritt, den der Admin hätte prüfen müssen.",
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
    assert _event_findings(sentence, "de") == expected


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
    assert _event_findings(sentence, lang) == expected


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
    assert _event_findings(sentence, lang) == expected


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
    assert _event_findings("It was a classic case of user error.") == [
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
