"""Held-out German sentences judged wrongly: the question who is to blame, declined, taken for
blame; hindsight that was missed before a comma and with the subject after the verb; and
training people as an action item."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, run, where

Place = list[tuple[str, int, int]]


def _summary(sentence: str) -> Place:
    """Where the blameless-phrasing rules report ``sentence`` as a German summary (line 8)."""
    return where(run(DRAFT_HEAD.format(lang="de") + "summary: |\n  " + sentence + "\n", select=["PM3"]))


def _actions(*titles: str) -> Place:
    """Where they report the ``titles`` of action items (line 8 on), each at column 22."""
    items = "".join(
        f"  - {{id: AI{i}, title: {title}, type: process, priority: P3, owner: lead, due: 2027-01-31, "
        f"tracker: https://t.example/{i}, status: open}}\n" for i, title in enumerate(titles, 1))
    return where(run(DRAFT_HEAD.format(lang="de") + "action_items:\n" + items, select=["PM3"]))


# --- who is to blame, a question declined --------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Wir fragen nicht, wer schuld ist, sondern was das System zugelassen hat.",
    "Die Frage, wer schuld ist, stellen wir in diesem Bericht bewusst nicht.",
    "Es geht nicht darum, wer daran schuld war.",
    "Die Frage, wer schuld sei, stellt sich nicht.",
    "Es geht nicht darum, wem die Schuld gegeben wird.",
    "Statt zu fragen, wer schuld ist, fragen wir, was das System zugelassen hat.",
    "Wir haben nicht gefragt, wer schuld ist, sondern was fehlte.",
    "Niemand fragt, wer schuld ist.",
])
def test_declining_to_ask_who_is_to_blame_passes(sentence: str) -> None:
    assert _summary(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Schuld war der Admin.", [("PM304", 8, 3)]),
    ("Er ist schuld.", [("PM304", 8, 10)]),
    ("Daran ist Herr Meier schuld.", [("PM309", 8, 24)]),
    # asking it seeks a culprit, as "We ask who is to blame" does
    ("Wir wollen klären, wer schuld ist.", [("PM304", 8, 26)]),
    # a negation in a clause of its own declines nothing
    ("Wir wollen klären, wer schuld ist, damit das nicht wieder passiert.", [("PM304", 8, 26)]),
    ("Wer schuld war, ist klar: der Admin.", [("PM304", 8, 7)]),
])
def test_blame_named_or_sought_is_still_reported(sentence: str, expected: Place) -> None:
    assert _summary(sentence) == expected


# --- hindsight before a comma, and with the subject after the verb --------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Im Nachhinein war die Ursache offensichtlich.", [("PM305", 8, 17)]),
    ("Im Nachhinein ist das offensichtlich, vorher hatte es niemand bemerkt.", [("PM305", 8, 17)]),
    ("Im Nachhinein ist das offensichtlich; vorher hatte es niemand bemerkt.", [("PM305", 8, 17)]),
    ("Rückblickend war der Fehler offensichtlich.", [("PM305", 8, 16)]),
    ("Im Rückblick war die Ursache ganz offensichtlich.", [("PM305", 8, 16)]),
    ("Rückblickend war die eigentliche Ursache offensichtlich.", [("PM305", 8, 16)]),
    ("Das war offensichtlich, aber niemand hat es bemerkt.", [("PM305", 8, 7)]),
])
def test_hindsight_before_a_comma_or_past_its_subject_is_reported(sentence: str, expected: Place) -> None:
    assert _summary(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Im Nachhinein war die Ursache nicht offensichtlich.",
    "Im Nachhinein war die Ursache keineswegs offensichtlich.",
    "Auf dem Dashboard war der Fehler offensichtlich.",
    "Der Job war offensichtlich abgestürzt.",
    "Rückblickend war die Ursache offensichtlich falsch konfiguriert.",
    "Die Ursache war offensichtlich, nachdem die Logs da waren.",
    "Nachdem die Logs da waren, war die Ursache offensichtlich.",
    "Die Lösung ist offensichtlich, wir brauchen einen Timeout.",
])
def test_what_was_seen_then_or_denied_passes(sentence: str) -> None:
    assert _summary(sentence) == []


# --- training people as an action ----------------------------------------------------------------


def test_training_people_is_a_person_targeted_action() -> None:
    assert _actions("Administratoren im Umgang mit Zertifikaten schulen",
                    "Schulung für alle Entwickler zum sorgfältigen Arbeiten mit Skripten durchführen",
                    "Entwickler zum sorgfältigen Umgang mit dem neuen Tool schulen",
                    "Schulung für die Bereitschaft im Umgang mit Zertifikaten anbieten",
                    ) == [("PM306", 8, 22), ("PM306", 9, 22), ("PM306", 10, 22), ("PM306", 11, 22)]


@pytest.mark.parametrize("title", [
    # as in English "Publish training material for the new tool": material, no one trained
    "Schulungsunterlagen für das neue Tool veröffentlichen",
    "Schulungsunterlagen für alle Entwickler veröffentlichen",
    # as "Training on the new failover tooling will be provided": a new tool to learn
    "Entwickler im Umgang mit dem neuen Deploy-Tool schulen",
    "Schulung für alle Entwickler zum neuen Deploy-Werkzeug durchführen",
    "Das Team im Umgang mit dem Runbook schulen",
    "Zertifikate automatisch erneuern",
])
def test_training_on_a_tool_or_its_material_passes(title: str) -> None:
    assert _actions(title) == []


# --- the English twin: training people as an action ------------------------------------------------


def _english_actions(*titles: str) -> Place:
    """Where the blameless-phrasing rules report English action ``titles`` (line 8 on, column 22)."""
    items = "".join(
        f"  - {{id: AI{i}, title: {title}, type: process, priority: P3, owner: lead, due: 2027-01-31, "
        f"tracker: https://t.example/{i}, status: open}}\n" for i, title in enumerate(titles, 1))
    return where(run(DRAFT_HEAD.format(lang="en") + "action_items:\n" + items, select=["PM3"]))


def test_training_people_is_a_person_targeted_action_in_english_too() -> None:
    assert _english_actions("Train administrators on handling certificates",
                            "Run a training for all developers on careful scripting",
                            "Hold a training for all on-call engineers on certificate handling",
                            ) == [("PM306", 8, 22), ("PM306", 9, 28), ("PM306", 10, 29)]


@pytest.mark.parametrize("title", [
    "Train staff on the new failover tooling",
    "Schedule a training for all on-call engineers on the new failover tooling",
    "Train engineers in incident command",
    "Train the anomaly detector on the last 90 days of traffic",
    "Publish training material for the certificate rotation runbook",
    "Renew certificates automatically",
])
def test_training_on_a_tool_or_a_model_passes_in_english(title: str) -> None:
    assert _english_actions(title) == []
