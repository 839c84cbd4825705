"""Held-out round on the words of the schema's and the YAML reader's findings.

One list entry written as a mapping (its '- ' forgotten) is said to be one, from its own keys
and values. A '%' directive is blamed only where the file has one: an indented first key, and
an alias right after its anchor, are each named. A block text's indentation indicator that
asks for more indentation than its lines have is named. A list where a timeline entry goes,
and a recursive alias, get a hint. The parser's end-of-input marker is no character of the
file. A '\\U' escape beyond U+10FFFF, and an impossible zone offset in a time, are said to be
so. A key of several lines is shown with its line breaks escaped, and no field is guessed
for it.
"""

from __future__ import annotations

import pytest

from pmkit.api import check_text
from pmkit.diagnostics import Diagnostic


def _one(text: str, code: str) -> Diagnostic:
    found = [d for d in check_text(text, path="pm.yaml") if d.code == code]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "col", "first", "rest"), [
    ("pmkit: 1\ntimeline: {at: 2026-11-03T09:00Z}\n", 11, "'- at: 2026-11-03T09:00Z'", ""),
    ("pmkit: 1\naction_items: {id: AI1, title: x}\n", 15, "'- id: AI1'", "'title: x' indented beside 'id:'"),
])
def test_one_entry_written_as_a_mapping_is_said_to_be_one(text: str, col: int, first: str, rest: str) -> None:
    found = _one(text, "PM012")
    assert (found.line, found.col) == (2, col)
    assert "must be a list, not a mapping" in found.message
    assert "one entry of the list written as a mapping" in found.hint
    assert "list of one entry" in found.hint and "without the '- '" in found.hint
    assert first in found.hint and rest in found.hint
    assert "'- at: at'" not in found.hint and "'- id: id'" not in found.hint
    assert "[{" in found.hint  # a mapping in braces: the brackets around it make the list


def test_one_block_entry_keeps_its_quoted_value() -> None:
    found = _one('pmkit: 1\ntimeline:\n  at: 2026-11-03T09:00Z\n  event: "Deploy: started"\n', "PM012")
    assert (found.line, found.col) == (3, 3)
    assert "'- at: 2026-11-03T09:00Z' on its own line under 'timeline:'" in found.hint
    assert "'event: \"Deploy: started\"' indented beside 'at:'" in found.hint


def test_indented_first_key_is_no_directive() -> None:
    found = _one(" pmkit: 1\nid: x-1\n", "PM001")
    assert (found.line, found.col) == (2, 1)
    assert "directive" not in found.hint
    assert "Line 1 is indented" in found.hint and "column 1" in found.hint and "'pmkit'" in found.hint


def test_alias_after_its_anchor_is_no_directive() -> None:
    found = _one("&a *a", "PM001")
    assert (found.line, found.col) == (1, 4)
    assert "directive" not in found.hint
    assert "anchor '&a'" in found.hint and "alias" in found.hint


def test_directive_hint_stays_for_a_directive() -> None:
    found = _one("%YAML 1.2\npmkit: 1\n", "PM001")
    assert "YAML directive" in found.hint and "'---'" in found.hint


def test_indentation_indicator_is_named() -> None:
    found = _one("pmkit: 1\nsummary: |9\n  x\n", "PM001")
    assert (found.line, found.col) == (3, 3)
    assert "'summary: |9'" in found.message and "indentation indicator" in found.message
    assert "indented 2 spaces, not the 9" in found.message
    assert "quoted or bracketed" not in found.hint
    assert "remove it ('summary: |')" in found.hint


def test_list_for_a_timeline_entry_has_a_hint() -> None:
    found = _one("pmkit: 1\ntimeline: [[1, 2]]\n", "PM012")
    assert (found.line, found.col) == (2, 12)
    assert found.message == "'timeline[0]' must be a mapping of fields, not a list"
    assert "Write each item of 'timeline' as a mapping of fields (at," in found.hint
    assert "'- at: ...'" in found.hint and "[{at: ...}]" in found.hint


def test_recursive_alias_has_a_hint() -> None:
    found = _one("pmkit: 1\na: &a [*a]\n", "PM008")
    assert (found.line, found.col) == (2, 4)
    assert "recursive YAML alias" in found.message
    assert "anchor ('&a')" in found.hint and "write the inner value out" in found.hint


@pytest.mark.parametrize(("text", "col"), [("%", 2), ("%YAML", 6)])
def test_end_of_input_is_no_character(text: str, col: int) -> None:
    found = _one(text, "PM001")
    assert (found.line, found.col) == (1, col)
    assert "\\x00" not in found.message and "\x00" not in found.message
    assert "but found the end of the file (while scanning a directive)" in found.message
    assert "YAML directive" in found.hint and "%YAML 1.2" in found.hint
    assert "Fix the YAML at this position" not in found.hint


def test_escape_beyond_unicode_has_a_hint() -> None:
    found = _one('pmkit: 1\nsummary: "\\U00110000"\n', "PM001")
    assert (found.line, found.col) == (2, 11)
    assert "beyond U+10FFFF" in found.hint and "\\U0010FFFF" in found.hint
    assert found.hint != "Fix the YAML at this position."


@pytest.mark.parametrize("zone", ["UTC+99", "UTC+14:30", "UTC+5:75"])
def test_impossible_offset_is_not_turned_into_z(zone: str) -> None:
    found = _one(f"pmkit: 1\ntimeline:\n- at: '10:05 {zone}'\n  event: x\n", "PM015")
    assert (found.line, found.col) == (3, 7)
    assert f"'{zone}' is an impossible offset" in found.hint
    assert "-12:00 to +14:00" in found.hint
    assert "T10:05Z" not in found.hint and "T10:05+HH:MM" in found.hint


def test_possible_offset_still_written() -> None:
    found = _one("pmkit: 1\ntimeline:\n- at: '10:05 UTC+5:45'\n  event: x\n", "PM015")
    assert "YYYY-MM-DDT10:05+05:45" in found.hint and "impossible" not in found.hint


def test_multi_line_key_is_escaped_without_a_guess() -> None:
    found = _one("pmkit: 1\n? |\n  multi\n  line\n: v\n", "PM010")
    assert (found.line, found.col) == (2, 3)
    assert found.message == "unknown key 'multi\\nline\\n'"
    assert "\n" not in found.message and "did you mean" not in found.message


def test_one_line_key_keeps_its_guess() -> None:
    found = _one("pmkit: 1\ntimelin: []\n", "PM010")
    assert found.message == "unknown key 'timelin' (did you mean 'timeline'?)"
