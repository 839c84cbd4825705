"""Inputs of the ninth round: Markdown sections that start with code, and more of what teams
paste into postmortems. Each test ends in what a user relies on: a finding's code and place,
or the rendered page."""

from __future__ import annotations

from helpers import GOOD_EXAMPLE, run, where

_MARKDOWN = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
_IMPACT = "## Impact\n\n"


def _impact_starting_with(block: str) -> str:
    assert _IMPACT in _MARKDOWN
    return _MARKDOWN.replace(_IMPACT, _IMPACT + block + "\n", 1)


def _line(text: str, part: str) -> int:
    return text[:text.index(part)].count("\n") + 1


def test_a_section_that_starts_with_a_pasted_log_has_no_prose_findings_in_it() -> None:
    # A log indented four columns right under the heading is an indented code block, as on
    # GitHub; its first line was read as the author's words (PM301 at "human error"), while
    # its second line was already code.
    log = ("    ERROR checkout: rollback reason=human error\n"
           "    WARN retry: operator should have confirmed\n")
    text = _impact_starting_with(log)
    assert where(run(text, path="pm.md", select=["PM3"])) == []
    # Prose after the block is still read.
    prose = _impact_starting_with(log + "\nThe cause was human error.\n")
    line = _line(prose, "The cause was human error.")
    assert where(run(prose, path="pm.md", select=["PM301"])) == [("PM301", line, 15)]


def test_a_one_line_value_that_starts_with_blanks_is_still_prose() -> None:
    # YAML keeps the blanks of a quoted value: one line of text, not a code block.
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    old = "title: "
    start = text.index(old)
    end = text.index("\n", start)
    changed = text[:start] + 'title: "    Outage caused by human error"' + text[end:]
    line = changed[:start].count("\n") + 1
    assert where(run(changed, select=["PM301"])) == [("PM301", line, 30)]
