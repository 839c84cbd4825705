"""A YAML error at the end of the stream (a "[" or "{" never closed) after the file's last line
break is reported where the text ends, on a line the file has: it was on the line after the last
(8:1 in a file of seven lines), where an editor, a pull request's annotation or SARIF has none."""

from __future__ import annotations

import pytest

import pmkit
from pmkit.loader import parse_text

HEAD = "pmkit: 1\nid: a\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


@pytest.mark.parametrize(("end", "place"), [
    ("impact: [\n", (7, 10)),
    ("impact: {\r\n", (7, 10)),
    ("impact: [{\n", (7, 11)),
    ("impact: [", (7, 10)),  # (no line break at the end: there already)
    ("impact: [\n\n", (8, 1)),  # an empty last line is a line of the file
])
def test_an_unclosed_bracket_at_the_end_is_reported_inside_the_file(end: str, place: tuple[int, int]) -> None:
    doc = parse_text(HEAD + end, "pm.yaml")
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM001", *place)]
    assert doc.diagnostics[0].message.startswith("YAML syntax error: expected the node content, but found "
                                                 "'<stream end>'")


def test_in_front_matter_it_is_reported_on_the_line_of_the_bracket() -> None:
    text = "---\n" + HEAD + "impact: [\n---\n\n## Summary\n\nThe API failed.\n"
    found = [(d.code, d.line, d.col) for d in pmkit.check_text(text, "pm.md") if d.code == "PM001"]
    assert found == [("PM001", 8, 10)]
