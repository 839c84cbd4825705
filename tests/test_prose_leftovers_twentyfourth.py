"""Blameless sentences that were reported and judged ones that were quoted wrongly: a control
of an interface that is obvious, a blaming that did not happen past a relative clause, "human
error" as where an investigation starts, a German option weighed against a system fact, a
safeguard that avoids a slip, the words "menschliches Versagen" mentioned, roles among the
authors, and the subject a German message quotes."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, run
from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str = "en") -> Found:
    """The code, the offset and the words of each finding of ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, lang)]


# --- a control of an interface that is obvious ----------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The rollback button was obvious and easy to find in the new deploy UI.",
    "The new rollback button is obvious.",
    "The maintenance toggle is obvious in the new console.",
    "The rollback buttons were obvious and easy to reach.",
    "The Deploy menu was obvious and easy to use.",
])
def test_an_obvious_control_of_an_interface_passes(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("It was obvious that the config was wrong.", [("PM305", 3, "was obvious")]),
    ("The cause was obvious.", [("PM305", 10, "was obvious")]),
    ("The error was obvious and easy to spot.", [("PM305", 10, "was obvious")]),
    ("The warning was obvious.", [("PM305", 12, "was obvious")]),
    # the head of the subject is the bug, not the menu it is in
    ("The bug in the menu was obvious.", [("PM305", 20, "was obvious")]),
    # obvious to someone: the one said to have missed it
    ("The rollback button was obvious to anyone who looked.", [("PM305", 20, "was obvious")]),
    # the adverb says how the button was placed, not what it is
    ("The rollback button was obviously in the wrong place.", [("PM305", 24, "obviously")]),
    ("It was obvious that the button was broken.", [("PM305", 3, "was obvious")]),
])
def test_obvious_of_a_cause_or_to_someone_is_still_hindsight(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# --- a blaming that did not happen, past a relative clause of its object ---------------------------


@pytest.mark.parametrize("sentence", [
    "Blaming the person who pressed the button would have hidden the real problem: "
    "the button had no confirmation step.",
    "Blaming the engineer, who had followed the runbook, would have taught us nothing.",
    "Blaming the engineer who ran the migration does not explain why the lock was taken.",
    "Blaming individuals would have hidden the missing guard.",
])
def test_a_blaming_that_did_not_happen_passes_past_a_relative_clause(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Blaming the person who pressed the button was the first reaction.", [("PM304", 0, "Blaming")]),
    ("Blaming the engineer who ran the migration was easy.", [("PM304", 0, "Blaming")]),
    # the modal of the relative clause is not the one after the blaming
    ("Blaming the person who would not listen was the first reaction.", [("PM304", 0, "Blaming")]),
    ("The team kept blaming the engineer who pressed the button, which would have hidden the real problem.",
     [("PM304", 14, "blaming")]),
])
def test_a_blaming_that_happened_is_still_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# --- "human error" in a principle about the term -------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "We agreed in the review that human error is where the investigation starts, not where it ends.",
    "Human error is the starting point of an investigation, not its conclusion.",
    "Human error is a symptom of deeper trouble in the system.",
    "Human error is a symptom, not a cause.",
    "Operator error is where an investigation begins.",
    "Human error is not a root cause.",
])
def test_a_principle_about_human_error_passes(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Human error is where the trouble started.", [("PM301", 0, "Human error")]),
    # this incident's error, not the term: with an article, or in the past
    ("The human error was a symptom of fatigue.", [("PM301", 4, "human error")]),
    ("This human error is where the investigation starts.", [("PM301", 5, "human error")]),
    ("Human error was where the investigation started.", [("PM301", 0, "Human error")]),
    ("Human error is the cause of this outage.", [("PM301", 0, "Human error")]),
    ("Operator error is where the outage began.", [("PM301", 0, "Operator error")]),
])
def test_human_error_as_this_incident_s_cause_is_still_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# --- an option weighed against a system's state, its consequence joined by "and" -----------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Wir hätten auf die Sekundärregion umschalten können, aber dort lag die Replikation 40 Minuten "
     "zurück und wir hätten Bestellungen verloren.", "de"),
    ("Wir hätten zurückrollen können, doch die Replik lag 40 Minuten zurück und wir hätten Bestellungen "
     "verloren.", "de"),
    ("Wir hätten zurückrollen können, jedoch lag die Replik 40 Minuten zurück und wir hätten Bestellungen "
     "verloren.", "de"),
    ("Wir hätten zurückrollen können, doch der Rollback hätte jeden Pod neu gestartet.", "de"),
    ("We could have switched to the secondary region, but replication there was 40 minutes behind and "
     "we would have lost orders.", "en"),
    ("We could have rolled back, but the replica was 40 minutes behind and we would have lost orders.", "en"),
])
def test_an_option_weighed_against_a_system_passes(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # what kept people from the option, without what the option would have done
    ("Wir hätten auf die Sekundärregion umschalten können, aber dort lag die Replikation 40 Minuten zurück.",
     "de", [("PM302", 4, "hätten auf die Sekundärregion umschalten können")]),
    # people again after the concession
    ("Wir hätten zurückrollen können, aber wir haben nicht auf das Dashboard geschaut und der Rollback "
     "hätte eine Stunde gedauert.", "de", [("PM302", 4, "hätten zurückrollen können")]),
    # what ought to have been done
    ("Wir hätten zurückrollen müssen, aber die Replik lag zurück und wir hätten Bestellungen verloren.",
     "de", [("PM302", 4, "hätten zurückrollen müssen")]),
    # "doch" as a particle is no concession
    ("Die Bereitschaft hätte doch zurückrollen können, der Rollback hätte jeden Pod neu gestartet.",
     "de", [("PM302", 17, "hätte doch zurückrollen können")]),
    ("We could have rolled back, but the replica was 40 minutes behind.", "en",
     [("PM302", 3, "could have rolled")]),
    ("We should have rolled back, but the replica was 40 minutes behind and we would have lost orders.",
     "en", [("PM302", 3, "should have rolled")]),
])
def test_an_option_not_weighed_or_ought_is_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- a safeguard against a slip, in German ---------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Die CLI verlangt vor destruktiven Befehlen eine Bestätigung, um Fehlbedienungen zu vermeiden.",
    "Die Rückfrage soll Fehlbedienungen vorbeugen.",
    "Die Rückfrage dient dazu, Bedienfehlern vorzubeugen.",
    "Die Rückfrage soll Bedienfehler abzufangen helfen.",
    "Ein Dry-Run soll Fehlbedienungen ausschließen.",
    "Die Bestätigung reduziert Fehlbedienungen deutlich.",
    "Zur Vermeidung von Fehlbedienungen fragt die CLI nach.",
    "Die CLI fragt nach, um menschlichen Fehlern vorzubeugen.",
    "Zur Vermeidung menschlicher Fehler fragt die CLI nach.",
    "Die Bestätigung soll Fehlbedienungen verhindern.",
])
def test_a_safeguard_against_a_slip_passes(sentence: str) -> None:
    assert _found(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Fehlbedienung verursachte den Ausfall.", [("PM301", 4, "Fehlbedienung")]),
    ("Die Rückfrage konnte die Fehlbedienung nicht verhindern.", [("PM301", 25, "Fehlbedienung")]),
    ("Der Ausfall war eine Fehlbedienung.", [("PM301", 21, "Fehlbedienung")]),
    ("Ursache war menschliches Versagen, das wir künftig vermeiden wollen.",
     [("PM301", 12, "menschliches Versagen")]),
])
def test_a_slip_as_the_cause_is_still_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


# --- the words mentioned, not used ----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Im Review haben wir die Formulierung menschliches Versagen aus dem ersten Entwurf gestrichen.", "de"),
    ("Wir haben den Ausdruck menschliches Versagen gestrichen.", "de"),
    ("Die Bezeichnung menschliches Versagen greift zu kurz.", "de"),
    ("Die Phrase Bedienfehler haben wir ersetzt.", "de"),
    ("Das Wort Bedienfehler kommt im Bericht nicht vor.", "de"),
    ("We removed the wording human error from the first draft.", "en"),
    ("We removed the expression operator error from the first draft.", "en"),
    ("We removed the phrase human error from the first draft.", "en"),
])
def test_the_words_mentioned_pass(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Die Formulierung war menschliches Versagen.", "de", [("PM301", 21, "menschliches Versagen")]),
    # "Ausdruck" without an article: a manifestation of it, the words used
    ("Der Ausfall war Ausdruck menschlichen Versagens.", "de", [("PM301", 25, "menschlichen Versagens")]),
    ("The wording was human error.", "en", [("PM301", 16, "human error")]),
])
def test_the_words_used_are_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- roles among the people of the document are no names -------------------------------------------


def _checked(people: str, sentence: str, lang: str) -> list[tuple[str, int, int, str]]:
    """(code, line, column, message) of each PM3xx finding of a draft with ``people`` (YAML keys)
    and ``sentence`` as its summary."""
    text = DRAFT_HEAD.format(lang=lang) + f"{people}summary: |\n  {sentence}\n"
    return [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM3"])]


def test_an_english_role_among_german_authors_is_a_role() -> None:
    assert _checked("authors: [Anna Schäfer, Incident Commander]\n",
                    "Der Incident Commander hat viel zu spät eskaliert.", "de") == [
        ("PM303", 9, 30, '"viel zu spät eskaliert" is judgemental wording about "Incident Commander"')]


@pytest.mark.parametrize(("people", "sentence", "expected"), [
    ("authors: [Anna Schäfer, Incident Commander]\n",
     "Der Incident Commander hätte früher eskalieren müssen.",
     [("PM302", 9, 26,
       '"hätte früher eskalieren müssen" is a hindsight counterfactual about "Incident Commander"')]),
    ("authors: [Anna Schäfer, Database On-Call]\n", "Die Database On-Call hat den Alarm ignoriert.",
     [("PM308", 9, 38, '"ignoriert" blames "Database On-Call" for an action')]),
    ("authors: [Anna Schäfer, Lead SRE]\n", "Lead SRE hat den Alarm ignoriert.",
     [("PM308", 9, 26, '"ignoriert" blames "Lead SRE" for an action')]),
    # the person among them is still a name
    ("authors: [Anna Schäfer, Incident Commander]\n", "Anna Schäfer hätte früher eskalieren müssen.",
     [("PM309", 9, 16, '"hätte früher eskalieren müssen" is a hindsight counterfactual about the named '
       'person "Anna Schäfer"')]),
])
def test_roles_in_german_people_fields_are_not_names(people: str, sentence: str, expected: object) -> None:
    assert _checked(people, sentence, "de") == expected


def test_the_same_role_among_english_authors() -> None:
    assert _checked("authors: [Anna Schäfer, Incident Commander]\n",
                    "The Incident Commander should have escalated sooner.", "en") == [
        ("PM302", 9, 26, '"should have escalated" is a hindsight counterfactual about "Incident Commander"')]


@pytest.mark.parametrize(("role", "column"), [("Tech Lead", 17), ("Duty Officer", 20)])
def test_an_english_role_among_german_authors_is_no_named_person(role: str, column: int) -> None:
    # a role of the English lexicon is a role in a German document too: a counterfactual about
    # what it should have noticed is PM302, not PM309 about "Tech" or "Duty"
    [(code, line, col, _)] = _checked(f"authors: [Anna Schäfer, {role}]\n",
                                      f"Der {role} hätte den Alarm bemerken müssen.", "de")
    assert (code, line, col) == ("PM302", 9, column)


# --- the subject a German message quotes ------------------------------------------------------------


def _messages(sentence: str, lang: str = "de") -> list[tuple[str, int, str]]:
    return [(f.code, f.start, f.message) for f in scan(sentence, lang)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # the noun after an adjective of a role, not the adjective
    ("Der zuständige Entwickler hat die Prüfung bewusst umgangen.",
     [("PM307", 42, '"bewusst umgangen" attributes intent to "zuständige Entwickler"')]),
    ("Der zuständige Entwickler hat das Code-Review bewusst umgangen, um den Termin zu halten.",
     [("PM307", 46, '"bewusst umgangen" attributes intent to "zuständige Entwickler"')]),
    ("Die verantwortliche Stelle hat den Alarm ignoriert.",
     [("PM308", 41, '"ignoriert" blames "verantwortliche Stelle" for an action')]),
    # two capitalised words of one role
    ("Lead SRE hat den Alarm ignoriert.", [("PM308", 23, '"ignoriert" blames "Lead SRE" for an action')]),
    # an object after the subject stays out of it
    ("Gestern hat der Admin Alarme ignoriert.", [("PM308", 29, '"ignoriert" blames "Admin" for an action')]),
    ("Der Zuständige hat den Alarm ignoriert.",
     [("PM308", 29, '"ignoriert" blames "Zuständige" for an action')]),
    # a word that opens an indirect question is left out, as a conjunction is
    ("Es ist mir unbegreiflich, wie man so einen Fehler übersehen kann.",
     [("PM308", 50, '"übersehen" blames "man" for an action')]),
    ("Es ist unklar, wo die Bereitschaft den Alarm übersehen hat.",
     [("PM308", 45, '"übersehen" blames "Bereitschaft" for an action')]),
])
def test_the_message_quotes_the_head_of_the_subject(sentence: str, expected: object) -> None:
    assert _messages(sentence) == expected


def test_a_system_after_an_adjective_of_a_role_is_the_subject() -> None:
    # the adjective made the subject a person: the noun after it is a job
    assert _found("Der zuständige Cronjob hat den Alarm ignoriert.", "de") == []
