"""Inputs of the twelfth round that no earlier round tried, through every verb, output format,
the settings and the Python API: each ends in the finding, position and advice (or the clean
exit 2 with a message) a user relies on, never a traceback, a written file or a position
outside the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from pmkit.api import load_all

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "postmortems"
EXAMPLE = EXAMPLES / "2018-10-21-database-partition.yaml"


# --- a generous limit on the size of a file read --------------------------------------------------

@pytest.mark.parametrize("limit", [2 ** 40, 2 ** 63, 10 ** 100])
def test_load_with_a_generous_size_limit_reads_a_small_file(limit: int) -> None:
    # The limit was set aside as memory before a byte was read: a MemoryError, or past 2**63
    # "OverflowError: cannot fit 'int' into an index-sized integer".
    assert pmkit.load(EXAMPLE, max_bytes=limit).id == "2018-10-21-database-partition"
    [loaded] = load_all([EXAMPLE], max_bytes=limit)
    assert loaded.model is not None and loaded.model.id == "2018-10-21-database-partition"
    assert loaded.problems == []


# --- a Markdown front matter closed by a line that only looks like '---' -------------------------

_FRONT = ("---\npmkit: 1\nid: 2026-10-02-checkout\ntitle: Checkout outage\nstatus: draft\nlang: en\n"
          "severity: SEV2\n")


@pytest.mark.parametrize(("closing", "quoted"), [
    ("\ufeff---", "\\ufeff---"),  # a second file, saved with a byte order mark, joined below
    ("---\u00a0", "---\\xa0"),  # a no-break space pasted from a web page
    ("\u200b---", "\\u200b---"),
    ("---\x0c", "---\x0c"),  # a form feed (a control character: each output format escapes it)
])
def test_a_closing_line_with_a_character_that_does_not_show_is_named(closing: str, quoted: str) -> None:
    # "not closed: no '---' line after the fields", of a file whose line 8 reads '---' to every eye.
    found = pmkit.check_text(f"{_FRONT}{closing}\n## Summary\n\nThe checkout failed.\n", "pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 8, 1)]
    assert found[0].message == (f"Markdown front matter is not closed: line 8 '{quoted}' is not the line "
                                "'---' alone that ends it: it holds a character that does not show")
    assert found[0].hint == "Delete the character that does not show from line 8, to leave '---' alone."


def test_a_closing_line_with_a_comment_is_still_named_as_before() -> None:
    found = pmkit.check_text(f"{_FRONT}--- # end\n\u00a0---\n## Summary\n", "pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 8, 1)]
    assert found[0].message == ("Markdown front matter is not closed: line 8 '--- # end' is not the line "
                                "'---' alone that ends it")
