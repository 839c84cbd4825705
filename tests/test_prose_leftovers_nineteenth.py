"""Markdown and prose read as a reader reads them, with what the last rounds left: brackets of
no defined label cost no reading, a heading inside a list item or a block quote is the item's
or the quote's, a quoted excerpt shows the text as shown, link reference definitions over two
lines, a backtick typed for an apostrophe at a word's start, and lists inside block quotes."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import run
from pmkit.loader import parse_text

_FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: {lang}\nseverity: SEV3\n---\n"


def _md(body: str, lang: str = "en") -> str:
    return _FRONT.format(lang=lang) + body


Found = list[tuple[str, int, int, int | None, int | None, str]]


def _summary(text: str, select: list[str] | None = None) -> Found:
    """The findings (blameless ones unless ``select`` says) of a summary whose first line is
    line 12."""
    found = run(_md("\n## Summary\n\n" + text + "\n"), select=select or ["PM3"], path="pm.md")
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in found]


def _data(text: str) -> dict[str, object]:
    doc = parse_text(text, "pm.md", markdown=True)
    assert isinstance(doc.data, dict)
    return doc.data


# --- brackets where no label is defined -----------------------------------------------------------


def _matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The characters each search for what Markdown shows otherwise matched at, from now on."""
    from pmkit.prose import engine

    seen: list[str] = []
    for name in ("_SQUEEZE_AHEAD", "_SQUEEZE_AHEAD_DEFINED"):
        pattern = getattr(engine, name)

        class Counted:
            def __init__(self, pattern: Any) -> None:
                self.pattern = pattern

            def finditer(self, text: str, pos: int = 0) -> Any:
                for found in self.pattern.finditer(text, pos):
                    seen.append(text[found.start(found.lastindex or 0)])
                    yield found

        monkeypatch.setattr(engine, name, Counted(pattern))
    return seen


def test_brackets_of_no_defined_label_are_not_matched_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # A megabyte of "[a] " was a million brackets matched as shortcut references and let be
    # (3.4 s where it had been 2.4 s): with no label defined, no "[a]" can be a link.
    from pmkit.prose.engine import as_shown

    seen = _matched(monkeypatch)
    assert as_shown("[a] " * 1000 + "[x](y) error")[0] == "[a] " * 1000 + "x error"
    assert seen.count("[") == 1 and seen.count("]") == 1  # the inline link's
    del seen[:]
    from pmkit.prose.engine import link_labels

    with link_labels(frozenset({"a"})):
        assert as_shown("[a] [b] " * 3)[0] == "a [b] " * 3
    assert seen.count("[") == 6  # where a label is defined, each may be a link


def test_a_shortcut_reference_is_still_read_where_the_text_defines_its_label() -> None:
    text = "The outage was caused by [human] error.\n\n[human]: https://x.example/glossary"
    assert _summary(text) == [("PM301", 12, 27, 12, 39, '"human error" frames the incident as human error')]
