"""Blameless phrasing read as a reader reads it, with what the last round left: a German "er" that
stands for a thing, denials and talk about the practice itself taken as blame, direct speech on
the line after its colon, and an impact that is no impact."""

from __future__ import annotations

import pytest

from helpers import run
from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str = "en") -> Found:
    """The code, the offset and the words of each finding of ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, lang)]


# --- a German "er" that stands for a thing ---------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Der Canary hätte den Fehler in zehn Minuten gezeigt, wenn er die EU-Region abgedeckt hätte.",
    "Der Job hätte nicht abgebrochen, wenn er mehr Speicher gehabt hätte.",
    "Der Load Balancer hätte den Knoten entfernt, wenn er den Healthcheck abgefragt hätte.",
    "Der Dienst startete neu. Er hätte die Verbindung halten müssen.",
    "Wenn der Server mehr Speicher gehabt hätte, hätte er die Last gehalten. Er hätte sie halten müssen.",
])
def test_a_german_er_after_a_thing_is_the_thing(sentence: str) -> None:
    # "er" was always a person: PM302 about "er", where English "it" passes.
    assert _found(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # the subject before it is a person, or a thing "er" cannot stand for: still a person
    ("Der Techniker hätte das gesehen, wenn er aufgepasst hätte.",
     [("PM302", 33, "wenn er aufgepasst hätte")]),
    ("Der Techniker startete den Dienst neu. Er hätte die Warnung prüfen müssen.",
     [("PM302", 42, "hätte die Warnung prüfen müssen")]),
    ("Die Datenbank fiel aus. Er hätte die Warnung prüfen müssen.",
     [("PM302", 27, "hätte die Warnung prüfen müssen")]),
    ("Der Dienst startete neu.\n\nEr hätte die Warnung prüfen müssen.",  # another paragraph
     [("PM302", 29, "hätte die Warnung prüfen müssen")]),
])
def test_a_german_er_after_a_person_stays_a_person(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


# --- a cause denied to a person ------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The outage was not caused by the engineer who ran the command; the command's default scope was"
     " the whole fleet.", "en"),
    ("The outage was not caused by an engineer.", "en"),
    ("The outage wasn't caused by the on-call engineer but by a missing lock.", "en"),
    ("In the end, the outage was never caused by an engineer at all.", "en"),
    ("Der Ausfall wurde nicht vom Techniker verursacht.", "de"),
    ("Der Ausfall wurde nicht durch einen Techniker verursacht, sondern durch eine fehlende Sperre.", "de"),
])
def test_a_cause_denied_to_a_person_passes(sentence: str, lang: str) -> None:
    # PM304 "caused by the engineer": the denial was read as the claim, where "not the fault of
    # the operator" passed.
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The outage was caused by the engineer who ran the command.", "en",
     [("PM304", 15, "caused by the engineer")]),
    ("The outage was not caused by the engineer only.", "en", [("PM304", 19, "caused by the engineer")]),
    ("The outage was not caused by the engineer alone.", "en",
     [("PM304", 19, "caused by the engineer alone")]),
    ("The outage was not caused by the config; it was caused by the engineer.", "en",
     [("PM304", 48, "caused by the engineer")]),
    ("Der Ausfall wurde nicht nur durch einen Techniker verursacht.", "de",
     [("PM304", 28, "durch einen Techniker verursacht")]),
])
def test_a_cause_restricted_or_given_to_a_person_is_still_blame(sentence: str, lang: str,
                                                                 expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- a subject denied as "nobody" is ---------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Neither the author nor the reviewer could have known that the staging cluster shared the production"
     " DNS zone.", "en"),
    ("At the time, neither the author nor the reviewer could have known it.", "en"),
    ("None of the responders could have known that the zone was shared.", "en"),
    ("Neither of the responders could have known that.", "en"),
    ("No one on the team could have known that.", "en"),
    ("Weder die Autorin noch der Reviewer hätten das wissen können.", "de"),
    ("Weder Alice noch Bob hätten das wissen können.", "de"),
    ("Keine der Technikerinnen hätte das wissen können.", "de"),
    ("Kein Techniker hätte das wissen können.", "de"),
])
def test_a_subject_denied_as_nobody_is_passes(sentence: str, lang: str) -> None:
    # PM302 "could have known" about the last person of the pair or the group, where "Nobody
    # could have known" and "Niemand hätte das wissen können" passed.
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The author, not the reviewer, could have known that.", "en", [("PM302", 30, "could have known")]),
    ("Not the author but the reviewer could have known that.", "en", [("PM302", 32, "could have known")]),
    ("Nicht der Techniker, sondern die Autorin hätte das wissen müssen.", "de",
     [("PM302", 41, "hätte das wissen müssen")]),
])
def test_a_subject_another_is_set_against_is_still_judged(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- what the practice says of blame ---------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Our postmortem culture avoids finger-pointing, so this review names roles rather than people.", "en"),
    ("Finger-pointing doesn't help anyone.", "en"),
    ("Blame has no place in these reviews.", "en"),
    ("We avoid blame in these reviews.", "en"),
    ("We avoid blaming people for what the tools allowed.", "en"),
    ("The post-incident survey asked responders whether they felt blamed; none did.", "en"),
    ("Blaming individuals would have hidden the missing guard in the CLI.", "en"),
    ("Blaming the on-call engineer would miss the real issue.", "en"),
    ("Die Schuldfrage stellt sich in diesem Bericht nicht; wir beschreiben, was das System zuließ.", "de"),
    ("Wir haben gefragt, ob sich jemand schuldig fühlte.", "de"),
])
def test_what_the_practice_says_of_blame_is_no_blame(sentence: str, lang: str) -> None:
    # PM304 on "finger-pointing", "blame", "blamed", "Blaming", "Schuldfrage": the words of the
    # practice, a question after blame and a blaming that did not happen were read as blame.
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # blame that happened is reported, as "The teams blamed each other" is
    ("Finger-pointing at Jana started right away.", "en", [("PM304", 0, "Finger-pointing")]),
    ("The finger-pointing didn't help.", "en", [("PM304", 4, "finger-pointing")]),
    ("Blaming the on-call engineer was the first reaction in the channel.", "en", [("PM304", 0, "Blaming")]),
    ("Responders felt blamed by management.", "en", [("PM304", 16, "blamed")]),
    ("Die Schuldfrage haben wir sofort gestellt.", "de", [("PM304", 4, "Schuldfrage")]),
])
def test_blame_that_happened_is_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- direct speech on the line after its colon -------------------------------------------------------


_EVENT = """pmkit: 1
id: x
title: t
status: draft
lang: {lang}
severity: SEV3
timeline:
  - at: 2026-03-03T10:00:00Z
    event: |
      {said}
      {speech}
"""


def _event(said: str, speech: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """The blameless findings of a timeline event of two lines, its first line 10."""
    found = run(_EVENT.format(lang=lang, said=said, speech=speech), select=["PM3"], path="pm.yaml")
    return [(d.code, d.line, d.col) for d in found]


@pytest.mark.parametrize(("said", "speech", "lang"), [
    ("Alice Chen wrote in the channel:", "I should have checked the lag first.", "en"),
    ("Alice Chen wrote in the channel:  ", "I should have checked the lag first.", "en"),  # (blanks after it)
    ("Jana Roth schrieb im Kanal:", "Ich hätte den Verzug zuerst prüfen sollen.", "de"),
])
def test_direct_speech_on_the_line_after_its_colon_is_a_quotation(said: str, speech: str, lang: str) -> None:
    # On one line it passed as direct speech; on the line after the colon, as a literal block
    # keeps it, it was judged as the author's own words (PM302 about "I", "ich").
    assert _event(said, speech, lang) == []


def test_a_line_after_a_colon_with_no_verb_of_saying_is_the_authors() -> None:
    assert _event("Jana Roth prüfte den Kanal:", "Ich hätte den Verzug zuerst prüfen sollen.", "de") == [
        ("PM302", 11, 11)]
    # (a blank line ends the quotation, as it ends one on the colon's line)
    speech = "The on-call engineer should have checked the lag."
    assert _event("Alice Chen wrote in the channel:\n", speech) == [("PM302", 12, 28)]


# --- an instance of a thing is no affected party (PM503) --------------------------------------------


_IMPACT = """pmkit: 1
id: x
title: t
status: draft
lang: {lang}
severity: SEV3
summary: See the impact.
impact:
  description: {text}
"""


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("We restarted several instances of the gateway at 10:12.", "en", []),
    ("We restarted several instances of the gateway and the errors stopped at 10:12.", "en", []),
    ("Some deployments of the billing service were rolled back.", "en", []),
    ("Wir haben mehrere Instanzen des Gateways um 10:12 Uhr neu gestartet.", "de", []),
    ("Einige Installationen der Datenbank liefen noch auf Version 12.", "de", []),
    # (guards) instances as the affected party
    ("Several customer instances were unavailable.", "en", [("PM503", 9, 16)]),
    ("Some instances could not be reached.", "en", [("PM503", 9, 16)]),
    ("Einige Instanzen waren nicht erreichbar.", "de", [("PM503", 9, 16)]),
])
def test_an_instance_of_a_thing_is_no_affected_party(text: str, lang: str,
                                                     expected: list[tuple[str, int, int]]) -> None:
    # PM503 "vague impact 'several instances'" on what was done to a service.
    found = run(_IMPACT.format(lang=lang, text=text), select=["PM503"], path="pm.yaml")
    assert [(d.code, d.line, d.col) for d in found] == expected


# --- human factors as the cause ------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Human factors were the primary cause.", [("PM301", 0, "Human factors were the primary cause")]),
    ("In short, human factors were the root cause.", [("PM301", 10, "human factors were the root cause")]),
    ("The human factor was the main cause.", [("PM301", 0, "The human factor was the main cause")]),
    ("Human factors were not the cause.", []),
    ("The alert design follows human factors research on alarm fatigue.", []),
])
def test_human_factors_as_the_cause_are_human_error(sentence: str, expected: Found) -> None:
    # Only "the human factor was the cause" and "root cause: human factors" were read.
    assert _found(sentence) == expected
