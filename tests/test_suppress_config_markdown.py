"""Markdown suppressions: a setext heading's comment covers its section; a suppression inside a
comment of several lines is said to silence nothing."""

from __future__ import annotations

from helpers import run, where

FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n---\n\n"
QUOTED = "The engineer should have checked the chain.\n"


def _pm302(text: str) -> list[tuple[str, int, int]]:
    return where(run(text, path="pm.md", select=["PM302", "PM9"]))


def test_the_quote_alone_is_a_finding() -> None:
    assert _pm302(FRONT + "Impact\n------\n\n" + QUOTED) == [("PM302", 13, 14)]


def test_a_setext_headings_comment_covers_its_section() -> None:
    text = FRONT + "Impact <!-- pmkit: ignore[PM302] quoting -->\n------\n\n" + QUOTED + "\n# Next\n\nx\n"
    assert _pm302(text) == []


def test_a_setext_headings_comment_stops_at_the_next_heading() -> None:
    text = FRONT + "Impact <!-- pmkit: ignore[PM302] quoting -->\n======\n\nx\n\nNext\n====\n\n" + QUOTED
    diags = run(text, path="pm.md", select=["PM302", "PM9"])
    assert where(diags) == [("PM901", 10, 8), ("PM302", 18, 14)]
    assert diags[0].message == "unused suppression: no PM302 finding on lines 10-14"


def test_a_suppression_inside_a_comment_of_several_lines_is_said() -> None:
    text = FRONT + "<!--\npmkit: ignore[PM302] the customer's words\n-->\n" + QUOTED
    diags = run(text, path="pm.md", select=["PM302", "PM9"])
    assert where(diags) == [("PM902", 11, 1), ("PM302", 13, 14)]
    assert diags[0].message == ("this suppression is not complete on its line (its '<!--' is on a line "
                                "above), so it silences nothing: write it on one line as "
                                "'<!-- pmkit: ignore[CODE] reason -->'")


def test_a_comment_of_several_lines_without_a_suppression_says_nothing() -> None:
    text = FRONT + "<!--\nnotes for pmkit reviewers\n-->\n" + QUOTED
    assert where(run(text, path="pm.md", select=["PM302", "PM9"])) == [("PM302", 13, 14)]


def test_a_suppression_after_a_closed_comment_still_works() -> None:
    text = FRONT + "<!--\nnotes\n-->\n<!-- pmkit: ignore[PM302] the customer's words -->\n" + QUOTED
    assert run(text, path="pm.md", select=["PM302", "PM9"]) == []
