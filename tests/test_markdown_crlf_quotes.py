"""A Markdown postmortem saved with CRLF line breaks is read as the same file with LF: the blank
line after a block quote ends the quote. With CRLF it did not, and the quote ran over the rest
of the section: a "human error" after it was not reported (exit 0), and a quote after a GitHub
alert was read as the alert's (the author's) words."""

from __future__ import annotations

import pytest

import pmkit

HEAD = ("---\npmkit: 1\nid: 2026-01-05-api\ntitle: API outage\nstatus: draft\nlang: en\nseverity: SEV3\n"
        "---\n\n")


def _found(text: str) -> list[tuple[str, int, int]]:
    found = pmkit.check_text(text, "pm.md")
    return sorted((d.code, d.line, d.col) for d in found if d.code.startswith("PM3"))


@pytest.mark.parametrize(("body", "expected"), [
    ("## Background\n\n> The customer wrote to us.\n\nThe outage was caused by human error.\n",
     [("PM301", 14, 26)]),
    ("## Background\n\n> [!NOTE]\n\n> It was the fault of the on-call engineer.\n", []),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_blank_line_ends_a_quote_whatever_the_line_breaks(
        body: str, expected: list[tuple[str, int, int]], newline: str) -> None:
    assert _found((HEAD + body).replace("\n", newline)) == expected
