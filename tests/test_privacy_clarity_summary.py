"""PM502 counts dotted abbreviations ("U.S.", "a.m.") as one word; PM508 finds a summary
section that shows no text (a link reference definition, a rule, an empty table or code
block); PM505 masks a personal domain that holds the mailbox's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run
from pmkit import privacy

HEAD = "pmkit: 1\nid: x\ntitle: x\nstatus: draft\nlang: en\nseverity: SEV4\nsummary: \"{summary}\"\n"


def pm502(summary: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in run(HEAD.format(summary=summary), select=["PM502"])]


def test_dotted_abbreviations_are_one_word_each() -> None:
    words = " ".join(["word"] * 26)
    assert pm502(f"{words} in the U.S. and the U.K. at 9 a.m.") == []  # 35 words


def test_a_long_sentence_with_abbreviations_is_still_reported() -> None:
    words = " ".join(["word"] * 33)
    assert pm502(f"{words} in the U.S.") == [("PM502", 7, 11, "summary sentence has 36 words, more than 35")]


EMPTY = Path(__file__).parent / "fixtures" / "clarity" / "bad" / "in-review-empty-summary.md"


@pytest.mark.parametrize("body", [
    "[docs]: https://acme.io/docs", "---", "***", "| |\n|---|", "|   |   |\n|:--|--:|", "```\n```",
    "~~~ text\n~~~",
])
def test_a_summary_section_that_shows_no_text_is_reported(body: str) -> None:
    text = EMPTY.read_text(encoding="utf-8").replace("<!-- Zwei, drei Sätze für Kunden. -->", body)
    found = run(text, select=["PM508"], path="pm.md")
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM508", 11, 1, "in-review postmortem has no summary: its section 'Zusammenfassung' shows no text")]


@pytest.mark.parametrize("body", [
    "[docs]: https://acme.io/docs\n\n310 Kunden konnten nicht zahlen.", "```\nERROR 503\n```",
    "| Dienst | Dauer |\n|---|---|\n| Zahlung | 40 min |", "---\n\nKunden konnten 40 Minuten nicht zahlen.",
])
def test_a_summary_section_with_text_passes(body: str) -> None:
    text = EMPTY.read_text(encoding="utf-8").replace("<!-- Zwei, drei Sätze für Kunden. -->", body)
    assert run(text, select=["PM508"], path="pm.md") == []


@pytest.mark.parametrize(("address", "masked"), [
    ("max@max-mustermann.de", "m***@m***.de"),
    ("jane.doe@doe-family.org", "j***@d***.org"),
    ("jane.doe@gmail.com", "j***@gmail.com"),
    ("max@mustermann.de", "m***@mustermann.de"),
])
def test_a_personal_domain_that_holds_the_name_is_masked(address: str, masked: str) -> None:
    assert privacy.mask_email(address) == masked
    found = run(HEAD.format(summary=f"Reported by {address}."), select=["PM505"])
    assert [d.message.split("'")[1] for d in found] == [masked]
