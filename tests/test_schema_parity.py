"""The published JSON Schema and pmkit say the same of a value, and pmkit says it rightly.

Each case here was a value one of them took and the other did not, or a value pmkit read in a
way the file did not say: text of characters that show nothing, a core tag that does not fit
its value, a number too large for a float, a local time the clocks skip.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from helpers import run, tool
from pmkit.loader import parse_text
from pmkit.schema import validate_document
from pmkit.vocabulary import INVISIBLE, _invisible, shows_nothing, visible_pattern

SCHEMA = Path(__file__).parent.parent / "schemas" / "postmortem.schema.json"
HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _found(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM0"])]


def _check_jsonschema(tmp_path: Path, text: str) -> bool:
    """check-jsonschema's verdict on ``text`` with the shipped schema."""
    exe = tool("check-jsonschema")
    if exe is None:
        pytest.skip("check-jsonschema is not installed")
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([exe, "--schemafile", str(SCHEMA), str(path)], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


def _pmkit_valid(text: str) -> bool:
    doc = parse_text(text)
    model_, diagnostics = validate_document(doc)
    return not doc.diagnostics and not diagnostics and model_ is not None


# --- text of characters that show nothing --------------------------------------------------

#: Where the schema says a text must show something: each of the model's required texts.
NOT_BLANK = ["/properties/title", "/properties/owner/anyOf/0", "/properties/authors/items",
             "/$defs/Approval/properties/by", "/$defs/Metric/properties/name",
             "/$defs/Correction/properties/description"]

#: The prepended concatenation marks: format characters that draw a sign all the same.
DRAWN = [0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD]


def _at(schema: dict[str, Any], pointer: str) -> Any:
    node: Any = schema
    for part in pointer.split("/")[1:]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _invisible_codes() -> list[int]:
    return [code for first, last in INVISIBLE for code in range(first, last + 1)]


def test_every_required_text_has_the_one_not_blank_pattern() -> None:
    schema = _schema()
    patterns = {pointer: _at(schema, pointer).get("pattern") for pointer in NOT_BLANK}
    assert patterns == dict.fromkeys(NOT_BLANK, visible_pattern())
    # and no other pattern of the schema says "a character that shows"
    written = json.dumps(schema)
    assert written.count(json.dumps(visible_pattern())) == len(NOT_BLANK)


def test_the_set_is_pmkits_own_reading_of_every_character() -> None:
    invisible = set(_invisible_codes())
    assert all(shows_nothing(chr(code)) == (code in invisible) for code in range(0x110000))
    assert {0x1C, 0x1F, 0x85, 0x61C, 0xFFF9, 0xE0001, 0xE0020, 0xE007F, 0x13430, 0x1BCA0, 0x1D173,
            0x200B, 0xFEFF, 0x3000} <= invisible
    assert not invisible & set(DRAWN)
    assert all(unicodedata.category(chr(code)) == "Cf" for code in DRAWN)


def _visible_sample() -> list[int]:
    invisible = set(_invisible_codes())
    sample = [*DRAWN, ord("a"), ord("0"), 0x7F, 0x1B, 0xE9, 0x5BF, 0x1D17B, 0xE0080, 0xE0000, 0xE0002,
              0x10FFFF, 0x1F600, 0xFFFC, 0x2065, 0xD7FF, 0xE000]
    sample += [code + 1 for first, last in INVISIBLE for code in (last,)]
    sample += [first - 1 for first, last in INVISIBLE if first > 0]
    return sorted({code for code in sample if code not in invisible})


def _engines() -> list[Any]:
    """The pattern as check-jsonschema runs it (ECMAScript, 'u' flag) and as Python's jsonschema does."""
    regress = pytest.importorskip("regress")
    pattern = _at(_schema(), "/properties/title")["pattern"]
    ecma = regress.Regex(pattern, flags="u")
    python = re.compile(pattern)
    return [lambda text: bool(ecma.find(text)), lambda text: python.search(text) is not None]


def test_the_schema_finds_no_character_that_shows_where_pmkit_sees_none() -> None:
    for finds in _engines():
        for code in _invisible_codes():
            assert not finds(chr(code)), f"U+{code:04X}"
            assert not finds(" " + chr(code) + "\u200b"), f"U+{code:04X}"


def test_the_schema_finds_each_character_that_shows() -> None:
    for finds in _engines():
        for code in _visible_sample():
            assert not shows_nothing(chr(code)), f"U+{code:04X}"
            assert finds(chr(code)), f"U+{code:04X}"
            assert finds("\u200b" + chr(code) + "\U000e0020"), f"U+{code:04X}"


@pytest.mark.parametrize(("written", "message"), [
    ('"\\u061c"', r"'title' is empty (only characters that do not show: '\u061c')"),
    ('"\\x1c"', "'title' is empty (blanks only)"),
    ('"\\x85 "', "'title' is empty (blanks only)"),
    ('"\\U000e0020\\U000e007f"',
     r"'title' is empty (only characters that do not show: '\U000e0020\U000e007f')"),
    ('"\\U0001d173"', r"'title' is empty (only characters that do not show: '\U0001d173')"),
])
def test_a_title_that_shows_nothing_is_empty_to_both(tmp_path: Path, written: str, message: str) -> None:
    text = HEAD.replace("title: t", f"title: {written}")
    assert _found(text) == [("PM013", 3, 8, message)]
    assert _check_jsonschema(tmp_path, text) is False


@pytest.mark.parametrize("written", ['"\\u0600"', '"\\u06dd"', '"\\U000110bd"', '"x\\U000e0020"',
                                     '"\\U0001d17b"'])
def test_a_title_that_shows_a_sign_is_text_to_both(tmp_path: Path, written: str) -> None:
    text = HEAD.replace("title: t", f"title: {written}")
    assert _found(text) == []
    assert _check_jsonschema(tmp_path, text) is True


@pytest.mark.parametrize(("field", "where"), [
    ('owner: "\\U0001d173"', ("owner", 7, 8)),
    ('authors: ["\\U000e0020"]', ("authors[0]", 7, 11)),
    ('approvals: [{by: "\\u2066\\u2069"}]', ("approvals[0].by", 7, 18)),
    ('impact: {metrics: [{name: "\\U0001bca0", value: 3}]}', ("impact.metrics[0].name", 7, 27)),
    ('corrections: [{at: 2024-01-02, description: "\\ufffb"}]', ("corrections[0].description", 7, 45)),
])
def test_every_required_text_is_empty_to_both(tmp_path: Path, field: str,
                                              where: tuple[str, int, int]) -> None:
    text = HEAD + field + "\n"
    found = [(d.code, d.field, d.line, d.col) for d in run(text, select=["PM0"]) if d.code == "PM013"]
    assert found == [("PM013", *where)]
    assert _pmkit_valid(text) is False
    assert _check_jsonschema(tmp_path, text) is False
    shown = text.replace('"\\U0001d173"', '"\\u0600"').replace('"\\U000e0020"', '"\\u0600"')
    if shown != text:
        assert _pmkit_valid(shown) is True
        assert _check_jsonschema(tmp_path, shown) is True


def test_the_file_writes_the_pattern_in_escapes_only() -> None:
    written = SCHEMA.read_text(encoding="utf-8")
    assert written.isascii()
    assert "\\udb40\\udc20-\\udb40\\udc7f" in written  # the tag characters, a surrogate pair each


# --- a core tag that does not fit its value -------------------------------------------------

_FIT_HINT = ("Remove the tag: YAML reads a value's type from how it is written (text, a number, true or "
             "false, a list or a mapping).")


def _unfit(tag: str, what: str) -> str:
    return f"the YAML tag '{tag}' does not fit its value ({what}): the value is taken as written"


@pytest.mark.parametrize(("text", "expected"), [
    (HEAD.replace("title: t", "title: !!int Test outage"),
     [("PM001", 3, 8, _unfit("!!int", "'Test outage' is not a whole number"))]),
    (HEAD.replace("title: t", "title: !!null Test outage"),
     [("PM001", 3, 8, _unfit("!!null", "'Test outage' is not null"))]),
    (HEAD.replace("title: t", "title: !!float many"),
     [("PM001", 3, 8, _unfit("!!float", "'many' is not a number"))]),
    (HEAD.replace("title: t", "title: !!bool 'maybe'"),
     [("PM001", 3, 8, _unfit("!!bool", "'maybe' is not true or false"))]),
    (HEAD.replace("title: t", "title: &t !!seq Test outage"),
     [("PM001", 3, 11, _unfit("!!seq", "'Test outage' is not a list"))]),
    (HEAD + "tags: !!map\n  - db\n  - network\n",
     [("PM001", 7, 7, _unfit("!!map", "a list is not a mapping"))]),
    (HEAD + "tags: !!int [db]\n",
     [("PM001", 7, 7, _unfit("!!int", "a list is not a whole number"))]),
    (HEAD + "impact:\n  data_loss: !!null false\n",
     [("PM001", 8, 14, _unfit("!!null", "'false' is not null")),
      ("PM012", 8, 14, "'data_loss' must be true or false, not the text 'false'")]),
])
def test_a_core_tag_that_does_not_fit_is_said(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert _found(text) == expected
    hints = [d.hint for d in run(text, select=["PM001"])]
    assert hints == [_FIT_HINT]
    assert _read_alike(text)


@pytest.mark.parametrize(("written", "value"), [
    ("impact: {users_affected: !!int 3}", {"users_affected": 3}),
    ("impact: {users_affected: !!int '3'}", {"users_affected": 3}),
    ("impact: {data_loss: !!bool true}", {"data_loss": True}),
    ("impact: {data_loss: !!null ~}", {"data_loss": None}),
    ("impact: {metrics: [{name: !!str 12, value: !!float 2}]}", {"metrics": [{"name": "12", "value": 2.0}]}),
    ("impact: !!map {users_affected: 3}", {"users_affected": 3}),
])
def test_a_core_tag_that_fits_is_honoured_without_a_word(written: str, value: dict[str, Any]) -> None:
    text = HEAD + written + "\n"
    assert _found(text) == []
    assert parse_text(text).data["impact"] == value
    assert _read_alike(text)


def test_a_plain_value_yaml_resolves_to_a_number_it_is_not_is_no_tag_written() -> None:
    text = HEAD.replace("title: t", "title: +_")
    assert _found(text) == []
    assert parse_text(text).data["title"] == "+_"


def _read_alike(text: str) -> bool:
    """Both YAML readers (libyaml's and ruamel.yaml's) load ``text`` to the same data, places and
    findings; libyaml's did read it."""
    from pmkit import libyaml
    from pmkit.loader import MAX_DEPTH, MAX_NODES

    assert libyaml.compose(text, MAX_DEPTH, MAX_NODES) is not None
    fast = parse_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
        slow = parse_text(text)
    assert (repr(fast.data), fast.diagnostics, fast.value_spans, fast.scalars) == (
        repr(slow.data), slow.diagnostics, slow.value_spans, slow.scalars)
    return True


# --- numbers past the largest float ---------------------------------------------------------

_METRIC = HEAD + "impact:\n  metrics:\n    - name: failed requests\n      value: {}\n"


@pytest.mark.parametrize(("written", "shown"), [
    (".inf", "inf"), ("-.inf", "-inf"), ("1e400", "inf"), ("-1.8e308", "-inf"), ("!!float 1e999", "inf"),
])
def test_a_measure_past_the_largest_float_is_invalid_to_both(tmp_path: Path, written: str,
                                                             shown: str) -> None:
    text = _METRIC.format(written)
    assert _found(text) == [("PM013", 10, 14, f"'value' must be a finite number, not the number {shown}")]
    assert _check_jsonschema(tmp_path, text) is False


@pytest.mark.parametrize("written", ["1.7976931348623157e308", "-1.7976931348623157e308", "2.5", "0",
                                     "1" + "0" * 309])
def test_a_finite_measure_is_valid_to_both(tmp_path: Path, written: str) -> None:
    text = _METRIC.format(written)
    assert _found(text) == []
    assert _check_jsonschema(tmp_path, text) is True


def test_the_schema_says_that_nan_passes_it() -> None:
    value = _schema()["$defs"]["Metric"]["properties"]["value"]
    assert value["anyOf"][0] == {"type": "number", "minimum": -sys.float_info.max,
                                 "maximum": sys.float_info.max}
    assert "NaN (.nan) cannot be expressed in this schema" in value["description"]
    assert _found(_METRIC.format(".nan")) == [
        ("PM013", 10, 14, "'value' must be a finite number, not the number nan")]


# --- a correction's time that the clocks skipped --------------------------------------------

_GAP = ("'2024-03-31T02:30:00' does not exist in Europe/Berlin: the clocks skipped that hour (daylight "
        "saving time began); write the time with its UTC offset")
_GAP_HINT = ("Write the time with the offset it was read in: 2024-03-31T02:30+01:00 (03:30 after the change) "
             "or 2024-03-31T02:30+02:00 (01:30 before it).")


def test_a_correction_at_a_skipped_time_is_said_as_every_timestamp_is() -> None:
    text = (HEAD + "timezone: Europe/Berlin\n"
            "corrections: [{at: 2024-03-31T02:30:00, description: Fixed a count.}]\n"
            "timeline:\n  - at: 2024-03-31T02:30:00\n    event: Alert fired.\n")
    found = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM015", 8, 20, _GAP), ("PM015", 10, 9, _GAP)]
    assert [d.hint for d in found] == [_GAP_HINT, _GAP_HINT]
    assert [d.field for d in found] == ["corrections[0].at", "timeline[0].at"]


@pytest.mark.parametrize(("at", "expected"), [
    ("2024-03-31T02:30:00", [("PM014", "timestamp '2024-03-31T02:30:00' has no UTC offset and the document "
                                       "declares no timezone")]),
    ("2024-02-03T25:00:00Z", [("PM015", "'2024-02-03T25:00:00Z' is not a valid timestamp: hour must be in "
                                        "0..23")]),
    ("2024-02-30", [("PM015", "'2024-02-30' is not a valid date: day is out of range for month")]),
    ("2024-03-31T03:30:00Z", []),
    ("2024-03-31", []),
])
def test_a_corrections_time_is_judged_as_a_time_and_its_date_as_a_date(
        at: str, expected: list[tuple[str, str]]) -> None:
    text = HEAD + f"corrections: [{{at: {at}, description: Fixed a count.}}]\n"
    assert [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM0"])] == [
        (code, 7, 20, message) for code, message in expected]


def test_a_time_where_only_a_date_goes_is_still_said() -> None:
    text = HEAD + "timezone: Europe/Berlin\naction_items:\n  - id: a\n    due: 2024-03-31T02:30:00\n"
    assert [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM0"]) if d.code == "PM015"] == [
        ("PM015", 10, 10, "'2024-03-31T02:30:00' is a time, where a date goes, which pmkit does not read: "
                          "write 2024-03-31")]


@pytest.mark.skipif(unicodedata.unidata_version != "14.0.0",
                    reason="the table is Unicode 14.0's (Python 3.11); later versions add characters")
def test_the_written_table_is_what_unicode_says() -> None:
    runs: list[tuple[int, int]] = []
    for code in range(0x110000):
        if _invisible(chr(code)):
            if runs and runs[-1][1] == code - 1:
                runs[-1] = (runs[-1][0], code)
            else:
                runs.append((code, code))
    assert tuple(runs) == INVISIBLE
