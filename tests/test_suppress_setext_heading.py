"""A suppression at the end of any line of a setext heading whose text takes several lines covers
the heading's section, as one at the end of its first line does: at the end of its second line
it covered that line alone, the finding on the first line stayed and the comment was said to
silence nothing (PM901)."""

from __future__ import annotations

from helpers import run, where

FRONT = "---\npmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n---\n\n"
#: Below the heading (from line 10 on): its section's text, then the next section.
BELOW = "\nThe operator was blamed for human error.\n\n# Next\n\nThe team said it was human error.\n"
IGNORE = "<!-- pmkit: ignore[PM301] quoting the ticket -->"


def _found(heading: str) -> list[tuple[str, int, int]]:
    return where(run(FRONT + heading + BELOW, path="pm.md", select=["PM301", "PM9"]))


def test_without_a_suppression_the_heading_and_its_section_are_found() -> None:
    assert _found("Human error by the\noperator\n==================\n") == [
        ("PM301", 10, 1), ("PM301", 14, 29), ("PM301", 18, 22)]


def test_a_comment_on_the_second_line_covers_the_whole_section() -> None:
    assert _found(f"Human error by the\noperator {IGNORE}\n==================\n") == [("PM301", 18, 22)]


def test_a_comment_on_the_first_line_covers_the_whole_section() -> None:
    assert _found(f"Human error by the {IGNORE}\noperator\n==================\n") == [("PM301", 18, 22)]


def test_a_comment_on_a_middle_line_of_three_covers_the_whole_section() -> None:
    heading = f"Human error by the\noperator {IGNORE}\non call\n------------------\n"
    assert _found(heading) == [("PM301", 19, 22)]


def test_an_unused_comment_on_the_second_line_names_the_sections_lines() -> None:
    heading = f"Root cause of the\noutage {IGNORE}\n==================\n"
    text = FRONT + heading + "\nThe cache filled up.\n\n# Next\n"
    diags = run(text, path="pm.md", select=["PM301", "PM9"])
    assert where(diags) == [("PM901", 11, 8)]
    assert diags[0].message == "unused suppression: no PM301 finding on lines 10-15"


def test_a_comment_on_the_second_line_of_a_paragraph_still_covers_that_line_alone() -> None:
    paragraph = f"Human error by the\noperator {IGNORE}\n"
    diags = run(FRONT + paragraph + BELOW, path="pm.md", select=["PM301", "PM9"])
    assert where(diags) == [("PM301", 10, 1), ("PM901", 11, 10), ("PM301", 13, 29), ("PM301", 17, 22)]
