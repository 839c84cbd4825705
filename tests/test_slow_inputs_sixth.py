"""A long text written as YAML reads it (a folded summary of several megabytes, a quoted
value, a Markdown section) is placed on the file in runs of characters instead of one
character at a time: every character lands where the per-character walk puts it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run, where
from pmkit import textmap
from pmkit.loader import Span

FRONT_YAML = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n"

#: Pieces that exercise what the walk treats specially: folded blanks, escapes, doubled
#: quotes, HTML comments, non-ASCII blanks and characters an escape stands for.
PIECES = ["word ", "text. ", "a", "b", " ", "  ", "\t", "\n", "\n  ", "\r\n", "\\", "\\n", "\\u00fc",
          "\\ ", "\\_", "\"", "'", "''", "<", "<!--", "-->", "ü", "\u00a0", "😀", "x"]


def _walked_one_by_one(monkeypatch: pytest.MonkeyPatch, *args: object) -> list[int]:
    """What the walk gives with no run placed at once: the per-character walk alone."""
    with monkeypatch.context() as patched:
        patched.setattr(textmap, "_same_run", lambda *_: 0)
        return list(textmap._walk.__wrapped__(*args))


@settings(max_examples=400, deadline=None)
@given(value=st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
       noise=st.lists(st.sampled_from(PIECES), max_size=6),
       cut=st.integers(min_value=0, max_value=60),
       style=st.sampled_from([None, "|", ">", "'", '"']),
       markdown=st.booleans(),
       prefix=st.sampled_from(["summary: ", "## Summary\n\n", "summary: |\n  ", "summary: >\n  "]))
def test_runs_are_placed_where_the_walk_places_each_character(
        value: str, noise: list[str], cut: int, style: str | None, markdown: bool, prefix: str) -> None:
    # The file holds the value as written, changed a little (what YAML folds or unescapes).
    written = value[:cut] + "".join(noise) + value[cut:]
    quote = {"'": "'", '"': '"'}.get(style or "", "")
    text = f"{prefix}{quote}{written}{quote}\nnext: 1\n"
    lines = text.split("\n")
    span = Span(1, 1, len(lines) - 2, len(lines[-3]) + 1)
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = _walked_one_by_one(monkeypatch, text, markdown, style, span, value)
    assert list(textmap._walk.__wrapped__(text, markdown, style, span, value)) == expected


@pytest.mark.parametrize("style", [">", "|", '"', "'"])
def test_a_long_summary_is_placed_exactly(style: str) -> None:
    sentence = "The proxy returned errors while the cache was cold. "
    lines = [sentence * 2] * 3_000
    if style in (">", "|"):
        body = f"summary: {style}\n" + "".join(f"  {line.rstrip()}\n" for line in lines)
        body += "  It was human error.\n"
        line, col = 3_000 + 8, 10
    else:
        body = f"summary: {style}" + "".join(lines) + f"It was human error.{style}\n"
        line, col = 7, 11 + len(sentence) * 2 * 3_000 + 7
    found = run(FRONT_YAML + body, select=["PM301"])
    assert where(found) == [("PM301", line, col)]


def test_a_run_stops_before_what_the_walk_treats_otherwise() -> None:
    stops = textmap._run_stops('"', False)
    text = 'k: "ab\\ncd"'
    # "ab" is written as read; the escape "\n" is not: the walk places it.
    assert textmap._same_run(text, 4, len(text) - 1, "ab\ncd", 0, stops) == 2
    # Two blanks in the value, folded from a line break in the file: the run ends before them.
    text = "k: >\n  ab  cd\n"
    assert textmap._same_run(text, 7, len(text), "ab  cd", 0, textmap._run_stops(">", False)) == 2
    # A space at a run's end may stand for several blanks of the file.
    text = "k: ab   cd"
    assert textmap._same_run(text, 3, len(text), "ab cd", 0, textmap._run_stops(None, False)) == 2
