"""Held-out sentences judged wrongly: a design prone to misuse, the question of blame that plays
no role, a compound naming an insurance line, an option a system's state ruled out, a question
about what the system let people see, a hyphenated alert name, and an author's surname that is
also a German adjective."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, run

#: ``(code, line, first column, end column, message)`` of each finding.
Found = list[tuple[str, int, int, int | None, str]]

_AUTHORS = {"en": "authors: [Priya Rao, Will Turner, Hope Adams, Frank Lin, Mark Okafor]\n",
            "de": "authors: [Jonas Weber, Mia Klar, Frank Berger]\n"}


def _summary(sentence: str, lang: str) -> Found:
    """The blameless-phrasing findings of ``sentence`` as the summary (line 9, from column 3) of
    a draft by the authors above."""
    text = DRAFT_HEAD.format(lang=lang) + _AUTHORS[lang] + "summary: |\n  " + sentence + "\n"
    return [(d.code, d.line, d.col, d.end_col, d.message) for d in run(text, select=["PM3"])]


# --- false alarms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    # what a design invites, as "anfällig für menschliche Fehler" and "lädt zu Fehlbedienungen ein"
    ("Die Konsole ist anfällig für Fehlbedienungen, weil beide Befehle gleich beginnen.", "de"),
    ("Die Konsole ist anfällig für Bedienfehler, weil beide Befehle gleich beginnen.", "de"),
    # the question of blame declined by a denial that ends the clause
    ("Die Schuldfrage spielt in diesem Bericht keine Rolle.", "de"),
    # a compound that names an insurance line, not anyone's conduct
    ("Der Tarifrechner für Fahrlässigkeitsschäden war nicht betroffen.", "de"),
    # an option a system's state ruled out ("sie" the region the option named)
    ("Wir hätten auf die Sekundärregion umschalten können, aber sie war noch nicht gepatcht.", "de"),
    ("Wir hätten auf die Sekundärregion umschalten können, aber die Region war noch nicht gepatcht.", "de"),
    # a question about what the system let people see is no condition
    ("Hätte die Bereitschaft eine Möglichkeit gehabt, die Sperre auf der Tabelle zu sehen?", "de"),
    # the hyphenated name of an alert or a flag
    ("The human-error-guard alert fired twice at 14:02.", "en"),
    ("The human-error-check flag was off during the deploy.", "en"),
])
def test_blameless_sentences_pass(sentence: str, lang: str) -> None:
    assert _summary(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Ursache war eine Fehlbedienung an der Konsole.", "de",
     [("PM301", 9, 20, 33, '"Fehlbedienung" frames the incident as human error')]),
    ("Die Schuldfrage ist geklärt: Der Admin war es.", "de",
     [("PM304", 9, 7, 18, '"Schuldfrage" assigns blame')]),
    ("Das Vorgehen war grob fahrlässig.", "de",
     [("PM303", 9, 20, 35, '"grob fahrlässig" is judgemental wording')]),
    ("Der Admin hat fahrlässigerweise den Cluster gelöscht.", "de",
     [("PM303", 9, 17, 34, '"fahrlässigerweise" is judgemental wording')]),
    # what kept people from the option, or people again, is no state of a system
    ("Wir hätten zurückrollen können, aber es war nicht dokumentiert.", "de",
     [("PM302", 9, 7, 33, '"hätten zurückrollen können" is a hindsight counterfactual about "wir"')]),
    ("Die Technikerin hätte umschalten können, aber sie war müde.", "de",
     [("PM302", 9, 19, 42,
       '"hätte umschalten können" is a hindsight counterfactual about "Technikerin"')]),
    # a condition with its consequence, asked or not
    ("Hätte der Admin das Runbook gelesen, wäre es dann passiert?", "de",
     [("PM302", 9, 3, 39,
       '"Hätte der Admin das Runbook gelesen," is a hindsight counterfactual about "Admin"')]),
    # the cause a hyphenated word names
    ("A human-error-induced outage hit checkout.", "en",
     [("PM301", 9, 5, 16, '"human-error" frames the incident as human error')]),
])
def test_near_misses_are_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _summary(sentence, lang) == expected


# --- an author's surname that is also a word ------------------------------------------------------


@pytest.mark.parametrize(("sentence", "col", "end"), [
    ("Das war doch klar, dass der volle Datenträger irgendwann Probleme macht.", 7, 20),
    ("Es war doch klar, dass die Platte volllaufen würde.", 6, 19),
])
def test_a_surname_in_lower_case_is_the_word(sentence: str, col: int, end: int) -> None:
    # Mia Klar is an author: "klar" was read as her name, PM309 about the named person "doch klar"
    assert _summary(sentence, "de") == [
        ("PM305", 9, col, end, '"war doch klar" calls the outcome obvious in hindsight')]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Klar hat den Alarm weggeklickt.",
     [("PM309", 9, 22, 33, '"weggeklickt" blames the named person "Klar" for an action')]),
    ("Klars Änderung hat den Ausfall verursacht.",
     [("PM309", 9, 22, 44, '"den Ausfall verursacht" blames the named person "Klar" for an action')]),
    ("Mia Klar hätte den Rollback früher starten müssen.",
     [("PM309", 9, 12, 52, '"hätte den Rollback früher starten müssen" is a hindsight counterfactual '
                           'about the named person "Mia Klar"')]),
])
def test_the_surname_capitalised_is_still_the_author(sentence: str, expected: Found) -> None:
    assert _summary(sentence, "de") == expected


# --- misses ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # a role in apposition leaves the name the subject
    ("Frank, the on-call engineer, ignored three pages.", "en",
     [("PM309", 9, 32, 39, '"ignored" blames the named person "Frank" for an action')]),
    ("Frank Lin, the on-call engineer, ignored three pages.", "en",
     [("PM309", 9, 36, 43, '"ignored" blames the named person "Frank Lin" for an action')]),
    # "poorly trained" as "untrained"
    ("A poorly trained contractor restarted the cluster.", "en",
     [("PM308", 9, 5, 40, '"poorly trained contractor restarted" blames a role for an action')]),
    # a person's competence judged
    ("The new hire lacked the experience to run the failover safely.", "en",
     [("PM303", 9, 16, 40, '"lacked the experience to" is judgemental wording about "new hire"')]),
    # a rule "verletzt", as "violated the policy"
    ("Der Techniker hat die Sicherheitsrichtlinie verletzt.", "de",
     [("PM308", 9, 21, 55, '"die Sicherheitsrichtlinie verletzt" blames "Techniker" for an action')]),
    # "nicht rechtzeitig" as "zu spät"
    ("Der Bereitschaftsdienst hat nicht rechtzeitig reagiert.", "de",
     [("PM303", 9, 31, 57,
       '"nicht rechtzeitig reagiert" is judgemental wording about "Bereitschaftsdienst"')]),
    # "wider besseres Wissen" as "bewusst"
    ("Der Kollege hat die Warnung wider besseres Wissen ignoriert.", "de",
     [("PM307", 9, 31, 62, '"wider besseres Wissen ignoriert" attributes intent to "Kollege"')]),
    # "man hätte doch nur ... müssen" as a whole is the hindsight its entry names
    ("Man hätte doch nur einen Blick in die Logs werfen müssen.", "de",
     [("PM305", 9, 3, 59, '"Man hätte doch nur einen Blick in die Logs werfen müssen" calls the outcome '
                         'obvious in hindsight')]),
])
def test_missed_phrasings_are_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _summary(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The runbook lacked the detail to run the failover safely.", "en"),
    ("We lacked the experience to run the failover.", "en"),
    ("A badly trained model restarted the cluster.", "en"),
    ("Der Deploy-Job hat die Sicherheitsrichtlinie verletzt.", "de"),
    ("Der Techniker hat die Richtlinie nicht verletzt.", "de"),
    ("Der Techniker hat sich am Rack verletzt.", "de"),
    ("Der Autoscaler hat nicht rechtzeitig reagiert.", "de"),
    ("Der Techniker hat nicht rechtzeitig reagiert, weil der Pager stumm geschaltet war.", "de"),
    ("Der Dienst hat die Knoten wider besseres Wissen übersprungen.", "de"),
])
def test_their_look_alikes_pass(sentence: str, lang: str) -> None:
    assert _summary(sentence, lang) == []


def test_an_unknown_name_in_apposition_stays_unknown() -> None:
    # Marcus is no author and no common first name: unknown never counts as a person, and the
    # role in apposition is what the counterfactual is about
    assert _summary("Marcus, our SRE, should have caught the missing index.", "en") == [
        ("PM302", 9, 20, 38, '"should have caught" is a hindsight counterfactual about "our SRE"')]
