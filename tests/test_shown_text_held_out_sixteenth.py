"""Text read as shown where links, entities, ligatures, decomposed letters and typographic
characters meet in one phrase: each finding covers exactly the words as written, in YAML and
Markdown, English and German; the mapping back from the text as shown stays in order."""

from __future__ import annotations

import re

from helpers import run
from pmkit.diagnostics import Diagnostic
from pmkit.prose import scan
from pmkit.prose.engine import as_shown

HEAD = """\
pmkit: 1
id: 2026-03-02-x
title: Cache outage
status: draft
lang: {lang}
severity: SEV3
"""

Where = tuple[str, int, int, int, int, str]


def markdown(body: str, lang: str = "en") -> str:
    return "---\n" + HEAD.format(lang=lang) + "---\n\n## Summary\n\n" + body


def yaml(body: str, lang: str = "en") -> str:
    return HEAD.format(lang=lang) + body


def _covered(text: str, d: Diagnostic) -> str:
    """The text of the file from a finding's start to its end, as an editor selects it."""
    lines = re.split(r"\r\n|\r|\n", text)
    end_line, end_col = d.end_line or d.line, d.end_col or d.col
    if end_line == d.line:
        return lines[d.line - 1][d.col - 1:end_col - 1]
    middle = lines[d.line:end_line - 1]
    return "\n".join([lines[d.line - 1][d.col - 1:], *middle, lines[end_line - 1][:end_col - 1]])


def found(text: str, path: str = "pm.md") -> list[Where]:
    """``[(code, line, col, end_line, end_col, the text covered), ...]`` of the PM3xx rules."""
    return [(d.code, d.line, d.col, d.end_line or d.line, d.end_col or d.col, _covered(text, d))
            for d in run(text, select=["PM3"], path=path)]


def phrases(sentence: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(f.code, sentence[f.start:f.end]) for f in scan(sentence, lang)]


# --- a link whose text goes over a line break ------------------------------------------------


def test_a_link_whose_text_goes_over_a_line_break_is_read_as_shown() -> None:
    # Markdown shows "human error in the config": the "[" before a link text wrapped onto the
    # next line stayed, so "human [error" was no phrase (only "caused by human" was found).
    text = markdown("The outage was caused by human [error\nin the config](https://x.example).\n")
    assert found(text) == [("PM301", 12, 26, 12, 38, "human [error")]
    assert phrases("The outage was caused by [the\nhuman](x) error.") == [("PM301", "human](x) error")]
    assert phrases("Der Mitarbeiter hätte [das\nprüfen](x) müssen.", "de") == [
        ("PM302", "hätte [das\nprüfen](x) müssen")]


def test_a_blank_line_ends_a_link_text() -> None:
    # (guard) a paragraph break ends the text before any "](": the "[" is shown as written
    assert as_shown("human [error\n\nin the config](x).")[0] == "human [error\n\nin the config."


# --- a linked image, brackets in pairs inside a link's text ----------------------------------


def test_a_linked_image_is_read_as_its_alt_text() -> None:
    # Markdown shows a linked image's alt text ("[![error](badge.png)](x)" reads "error"): the
    # "[" of the link stayed, as its text held brackets, so "human [error" was no phrase.
    text = markdown("The outage was caused by human [![error](badge.png)](https://x.example).\n")
    assert found(text) == [("PM301", 12, 26, 12, 40, "human [![error")]
    assert phrases("The outage was caused by [![human](a.png)](x) error.") == [
        ("PM301", "human](a.png)](x) error")]
    assert as_shown("It was [[human]](x) error.")[0] == "It was [human] error."  # as Markdown shows it


def test_brackets_that_open_no_link_stay_as_written() -> None:
    # (guard) a task box, a time in brackets, a bracket with no "](" after it
    shown = as_shown("- [x] The cache [was](x) cold. [14:12] human")[0]
    assert shown == "- [x] The cache was cold. [14:12] human"
    assert as_shown("a [b] [c](d) [e")[0] == "a [b] c [e"


# --- a reference link ------------------------------------------------------------------------


def test_a_reference_link_is_read_as_its_text() -> None:
    # Markdown shows "[human][ref]" and "[error][]" as their text: the "[" and the label stayed,
    # so "[human][ref] error" was no phrase and "human [error][]" only "caused by human".
    text = markdown("The outage was caused by [human][pm-42] error.\n\n"
                    "It was caused by human [error][].\n\n[pm-42]: https://x.example\n")
    assert found(text) == [("PM301", 12, 27, 12, 46, "human][pm-42] error"),
                           ("PM301", 14, 18, 14, 30, "human [error")]
    assert phrases("Der Mitarbeiter war [fahrla\u0308ssig][1].", "de") == [("PM303", "fahrla\u0308ssig")]
    assert as_shown("a [b] [c][d] [e")[0] == "a [b] c [e"


def test_a_reference_definition_stays_as_written() -> None:
    # (guard) its label and address are no reference link
    assert as_shown("[pm-42]: https://x.example/human-error")[0] == "[pm-42]: https://x.example/human-error"
