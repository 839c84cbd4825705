"""Single-root-cause framing in other words (PM703): without an article at the start of a
sentence, after a possessive, "turned out to be", the cause named first ("... was the root
cause", "identified ... as the root cause"), German "Als Grundursache wurde ... identifiziert".
A denial, a search still going on and the name of the analysis pass."""

from __future__ import annotations

import pytest

from helpers import run, where


def _found(lang: str, summary: str) -> list[tuple[str, int, int]]:
    text = f"pmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: {lang}\nseverity: SEV3\nsummary: {summary}\n"
    return where(run(text, select=["PM703"]))


@pytest.mark.parametrize(("lang", "summary", "col"), [
    ("en", "Root cause was an expired certificate.", 10),
    ("en", "An expired certificate was the root cause.", 10),  # the sentence, subject and all
    ("en", "The outage's root cause was an expired certificate.", 14),
    ("en", "The root cause turned out to be an expired certificate.", 10),
    ("en", "We identified an expired certificate as the root cause.", 13),
    ("de", "Als Grundursache wurde ein abgelaufenes Zertifikat identifiziert.", 14),
    ("de", "Als Grundursache haben wir ein abgelaufenes Zertifikat ermittelt.", 14),
])
def test_single_root_cause_framing_in_other_words(lang: str, summary: str, col: int) -> None:
    assert _found(lang, summary) == [("PM703", 7, col)]


@pytest.mark.parametrize(("lang", "summary"), [
    ("en", "The certificate was not the root cause."),
    ("en", "There was no single root cause; three conditions combined."),
    ("en", "The root cause was narrowed down after 45 minutes."),
    ("en", "We ruled out the certificate as the root cause."),
    ("en", "Root cause analysis is scheduled for Friday."),
    ("de", "Die Grundursache ist noch nicht gefunden."),
    ("de", "Die Hauptursache war nicht die Datenbank."),
])
def test_a_denial_or_a_search_is_no_framing(lang: str, summary: str) -> None:
    assert _found(lang, summary) == []
