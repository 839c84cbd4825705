"""Blameful sentences that were missed: "Oncall" as a role in a German text, a person or
a team that "hat ... versagt", "Jeder Junior hätte das gesehen", and "was not careful" of a
person; and the sentences near them that still pass."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str = "en") -> Found:
    """The code, the offset and the words of each finding of ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, lang)]


# --- "Oncall" is a role in German too (not "IC" alone: in German as often a chip) -----------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Oncall hat den Page 20 Min ignoriert.", [("PM308", 27, "ignoriert")]),
    ("Der Oncall hat den Alert einfach weggeklickt.", [("PM308", 33, "weggeklickt")]),
    ("Der OnCall hat den Alert einfach weggeklickt.", [("PM308", 33, "weggeklickt")]),
    ("Der Oncall-Engineer hat den Alert einfach weggeklickt.", [("PM308", 42, "weggeklickt")]),
    # as before
    ("Der On-Call-Engineer hat den Alert einfach weggeklickt.", [("PM308", 43, "weggeklickt")]),
    ("Wenn der Admin früher eskaliert hätte, wäre der Schaden halb so groß gewesen.",
     [("PM302", 0, "Wenn der Admin früher eskaliert hätte")]),
])
def test_oncall_is_a_role_in_german(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Die Oncall-Rotation hat den Alert nicht weitergeleitet.",
    "Das Oncall-Tool hat den Alert einfach verworfen.",
    "Wenn der IC-Baustein nicht überhitzt wäre, wäre der Schaden halb so groß gewesen.",
    "Der IC auf der Platine hat versagt.",
])
def test_a_thing_named_after_oncall_or_an_ic_passes(sentence: str) -> None:
    assert _found(sentence, "de") == []


# --- a person or a team that "hat ... versagt" ----------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Das Team hat bei der Zertifikatserneuerung versagt.",
     [("PM303", 9, "hat bei der Zertifikatserneuerung versagt")]),
    ("Der Admin hat bei der Zertifikatserneuerung versagt.",
     [("PM303", 10, "hat bei der Zertifikatserneuerung versagt")]),
])
def test_a_person_or_team_that_failed_is_judged(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


@pytest.mark.parametrize("sentence", [
    "Der Dienst hat beim Start versagt.",
    "Die Bremse versagte.",
    "Das Versagen des Netzteils führte zum Ausfall.",
    "Der Chip hat versagt.",
    "Das Team hat nicht versagt.",
    "Das Team hat bemerkt, dass das Netzteil versagt hat.",
    "Das Netzteil hat versagt, und das Team hat den Ausfall bemerkt.",
    # the authors' own admission
    "Wir haben bei der Zertifikatserneuerung versagt.",
])
def test_a_thing_that_failed_or_a_failure_denied_passes(sentence: str) -> None:
    assert _found(sentence, "de") == []


# --- "Junior" with the words for beginners --------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Jeder Junior hätte das gesehen.", [("PM305", 0, "Jeder Junior hätte das gesehen")]),
    ("Jeder Neuling hätte das gesehen.", [("PM305", 0, "Jeder Neuling hätte das gesehen")]),
    ("Jeder Anfänger hätte das gesehen.", [("PM305", 0, "Jeder Anfänger hätte das gesehen")]),
])
def test_any_junior_would_have_seen_it_is_hindsight(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


def test_a_junior_without_hindsight_passes() -> None:
    assert _found("Jeder Junior-Entwickler bekommt eine Einweisung.", "de") == []


# --- "was not careful" of a person ----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Developer was not careful and has pushed to wrong branch.", [("PM303", 10, "was not careful")]),
    ("The developer was not careful with the credentials.", [("PM303", 14, "was not careful")]),
    ("The engineer was not careful enough.", [("PM303", 13, "was not careful enough")]),
    # a judgement of the authors themselves is reported, as "We were careless" is
    ("We were not careful enough.", [("PM303", 3, "were not careful enough")]),
])
def test_not_careful_of_a_person_is_judgement(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The validation was not careful about nested keys.",
    "The parser was not careful about encodings.",
    "The rollout was not cautious.",
    "The validation was not thorough enough to catch nested keys.",
])
def test_not_careful_of_a_system_passes(sentence: str) -> None:
    assert _found(sentence) == []
