"""A postmortem's text given to pmkit.load for a file's name, and a file's name given to
pmkit.loads for a text: a ValueError pointing to the other function."""

from __future__ import annotations

import pytest

import pmkit

TO_LOADS = "and names no file: pmkit.loads(text) reads a postmortem given as text"


@pytest.mark.parametrize(("given", "why"), [
    (b"pmkit: 1\nid: a\n", "holds a line break"),
    ("pmkit: 1\rid: a\r", "holds a line break"),
    ("pmkit: 1\u2028id: a", "holds a line break"),
    ("{pmkit: 1, id: a}", "starts as a postmortem's text ('{pmkit')"),
    ("pmkit: 1", "starts as a postmortem's text ('pmkit:')"),
    ("---", "starts as a postmortem's text ('---')"),
    ("x" * 5000, "is 5,000 characters long"),
])
def test_load_of_a_text_points_to_loads(given: str | bytes, why: str) -> None:
    with pytest.raises(ValueError) as raised:
        pmkit.load(given)
    assert str(raised.value) == f"path {why} {TO_LOADS}"


def test_load_of_a_name_that_is_not_there_is_still_a_load_error() -> None:
    with pytest.raises(pmkit.LoadError) as raised:
        pmkit.load("nope.yaml")
    assert [d.code for d in raised.value.diagnostics] == ["PM004"]


@pytest.mark.parametrize("name", ["postmortems/x.yaml", "drafts/2026-01-02-api.md", " pm.YML\n"])
def test_loads_of_a_file_name_points_to_load(name: str) -> None:
    with pytest.raises(ValueError) as raised:
        pmkit.loads(name)
    assert str(raised.value) == (f"text is the file name '{name.strip()}', not a postmortem's text: "
                                 "pmkit.load(path) reads a file")


def test_loads_of_a_one_line_mapping_is_read_as_a_text() -> None:
    with pytest.raises(pmkit.LoadError) as raised:
        pmkit.loads("file: x.yaml")
    assert "PM004" not in {d.code for d in raised.value.diagnostics}
