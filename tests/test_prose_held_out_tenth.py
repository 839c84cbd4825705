"""Held-out sentences of the tenth round for the blameless prose rules: what a passive
counterfactual says should have caught a bug when that is a tool, and the counterfactuals a
reader still hears as one. Each ends in the code, phrase and position a user relies on."""

from __future__ import annotations

import pytest

from helpers import good_text, run
from pmkit.prose import scan


def codes(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """``[(code, phrase), ...]`` of the prose engine on one sentence."""
    return [(f.code, f.text) for f in scan(text, lang)]


# --- a passive counterfactual whose agent is a tool, a check or a stage -----------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The bug should have been caught by the fuzzer.", "en"),
    ("The bug should have been caught by the type checker.", "en"),
    ("The bug should have been caught by mypy.", "en"),
    ("The regression should have been flagged by the staging environment.", "en"),
    ("The bug should have been caught by a dry run.", "en"),
    ("The bug should have been caught by the four-eyes principle.", "en"),
    ("The expired certificate should have been flagged by Datadog.", "en"),
    ("The drift should have been caught by the runner before the apply.", "en"),
    ("Der Fehler hätte vom Linter erkannt werden müssen.", "de"),
    ("Die Konfiguration hätte von der CI validiert werden müssen.", "de"),
    ("Der Fehler hätte von der Readiness-Probe erkannt werden müssen.", "de"),
    ("Der Fehler hätte von der Staging-Umgebung erkannt werden müssen.", "de"),
    ("Der Fehler hätte vom Typechecker erkannt werden müssen.", "de"),
    ("Der Fehler hätte vom Vier-Augen-Prinzip erkannt werden müssen.", "de"),
])
def test_a_passive_counterfactual_whose_agent_is_a_tool_judges_nobody(sentence: str, lang: str) -> None:
    # Each was PM302 ('"should have been caught" is a hindsight counterfactual'): the agent
    # was a word of no known class, taken for a person. "Should have been caught by the
    # integration tests" already passed; a fuzzer, a type checker or der Linter is the same.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The alert should have been noticed by the night shift.", "en",
     [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by the NOC.", "en", [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by the help desk.", "en",
     [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by the reviewer.", "en",
     [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by Kowalski.", "en", [("PM302", "should have been noticed")]),
    ("The alert should have been noticed by Bob.", "en", [("PM309", "should have been noticed")]),
    ("The bug should have been caught in code review.", "en", [("PM302", "should have been caught")]),
    ("Der Fehler hätte vom Diensthabenden bemerkt werden müssen.", "de",
     [("PM302", "hätte vom Diensthabenden bemerkt werden müssen")]),
    ("Der Fehler hätte von der Nachtschicht bemerkt werden müssen.", "de",
     [("PM302", "hätte von der Nachtschicht bemerkt werden müssen")]),
    ("Der Fehler hätte vom Support bemerkt werden müssen.", "de",
     [("PM302", "hätte vom Support bemerkt werden müssen")]),
    ("Der Fehler hätte von der Leitstelle bemerkt werden müssen.", "de",
     [("PM302", "hätte von der Leitstelle bemerkt werden müssen")]),
    ("Der Fehler hätte vom Helpdesk bemerkt werden müssen.", "de",
     [("PM302", "hätte vom Helpdesk bemerkt werden müssen")]),
    ("Der Fehler hätte vom Reviewer erkannt werden müssen.", "de",
     [("PM302", "hätte vom Reviewer erkannt werden müssen")]),
    ("Der Fehler hätte von Müller erkannt werden müssen.", "de",
     [("PM302", "hätte von Müller erkannt werden müssen")]),
])
def test_a_passive_counterfactual_whose_agent_is_a_person_is_still_reported(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # "vom Support" passed before: "Support" was read as a compound of "Port".
    assert codes(sentence, lang) == expected


def test_a_tool_as_the_agent_is_quiet_in_a_document_and_a_shift_is_reported() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text()
    assert event in text
    quiet = text.replace(event, "    event: The bad migration should have been caught by the schema linter.")
    assert [d for d in run(quiet, select=["PM3"]) if d.field == "timeline[1].event"] == []
    loud = text.replace(event, "    event: The disk alert should have been noticed by the night shift.")
    found = [(d.code, d.line, d.col, d.end_col, d.message)
             for d in run(loud, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM302", 40, 27, 51,
                      '"should have been noticed" is a hindsight counterfactual about "night shift"')]
