"""git's conflict markers left in a Markdown postmortem's body are reported, as they are in YAML
and in front matter: a merge committed with both sides of a hunk in the body passed the hook."""

from __future__ import annotations

import pytest

from helpers import EXAMPLES
from pmkit.loader import parse_text

MARKDOWN = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
LINE = "The catalog API keeps product data in a Redis cache in front of a PostgreSQL database."


def _with(lines: list[str]) -> str:
    assert MARKDOWN.count(LINE) == 1 and MARKDOWN.split("\n").index(LINE) == 142  # (line 143)
    return MARKDOWN.replace(LINE, "\n".join(lines))


@pytest.mark.parametrize("middle", [["======="], ["||||||| base", "The catalog keeps it.", "======="]])
def test_conflict_markers_in_the_body_are_an_error_at_the_first(middle: list[str]) -> None:
    text = _with(["<<<<<<< HEAD", "The catalog service keeps it.", *middle,
                  "The catalog backend keeps it.", ">>>>>>> other"])
    doc = parse_text(text, "pm.md", markdown=True)
    end = 146 + len(middle)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM001", 143, 1)]
    assert doc.diagnostics[0].message == ("unresolved merge conflict: git's conflict markers are still in "
                                          f"the file ('<<<<<<< HEAD' here, '>>>>>>> other' at line {end})")
    assert "delete the marker lines" in (doc.diagnostics[0].hint or "")


def test_conflict_markers_in_the_body_with_crlf_line_breaks() -> None:
    text = _with(["<<<<<<< HEAD", "a", "=======", "b", ">>>>>>> other"]).replace("\n", "\r\n")
    doc = parse_text(text, "pm.md", markdown=True)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("PM001", 143)]


@pytest.mark.parametrize("lines", [
    # A postmortem of a bad merge may quote one, as code.
    ["```text", "<<<<<<< HEAD", "a", "=======", "b", ">>>>>>> other", "```"],
    ["    <<<<<<< HEAD", "    a", "    =======", "    b", "    >>>>>>> other"],
    # Not git's: a line of the text, and an opening alone.
    ["Seven <<<<<<< marks in a sentence, and >>>>>>> more."],
    ["<<<<<<< HEAD", "and no end"],
    # Quoted in an HTML comment, a note on a merge resolved.
    ["<!-- the conflict was:", "<<<<<<< HEAD", "a", "=======", "b", ">>>>>>> other", "-->"],
])
def test_what_is_no_conflict_left_in_the_body_is_not_one(lines: list[str]) -> None:
    doc = parse_text(_with(["", *lines, ""]), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []


def test_a_side_that_opens_a_fence_is_still_a_conflict() -> None:
    # Both sides changed a fenced command's language tag: the closing marker falls inside the
    # fence the second side opens, and the conflict passed.
    text = _with(["<<<<<<< HEAD", "```sh", "kubectl rollout undo --to-revision=2", "=======", "```bash",
                  "kubectl rollout undo --to-revision=3", ">>>>>>> other", "```"])
    doc = parse_text(text, "pm.md", markdown=True)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM001", 143, 1)]
