"""YAML and Markdown constructs that hand-written and generated postmortems hold but the other
tests do not try: explicit tags, directives, odd keys, huge numbers, long keys, and a property
test that puts them together. Each gets a positioned finding that says what is wrong."""

from __future__ import annotations

from helpers import good_text, run, where
from pmkit.loader import parse_text

GOOD = good_text()
MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --- numbers and tags ---------------------------------------------------------------------------


def test_an_integer_too_long_to_write_out_is_infinite_not_a_crash() -> None:
    # 0x and 5,000 hex digits: Python could read it but not write it in decimal, so every
    # message quoting it failed (PM903 from PM023 and from the schema's wrong-type message).
    huge = "0x" + "f" * 5000
    found = run(_swap("users_affected: 31000000", f"users_affected: {huge}"))
    assert where(found) == [("PM012", 22, 19)]
    assert found[0].message == "'users_affected' must be a whole number, not the number inf"
    found = run(_swap("id: 2018-10-21-database-partition", f"id: {huge}"), select=["PM0"])
    assert where(found) == [("PM012", 3, 5)]
    assert found[0].message == "'id' must be text, not the number inf"
    # In decimal Python refuses to read it at all: it was the text '9999…' for the schema.
    found = run(_swap("users_affected: 31000000", f"users_affected: {'9' * 5000}"))
    assert [d.message for d in found] == ["'users_affected' must be a whole number, not the number inf"]


def test_a_long_number_is_quoted_short_in_a_message() -> None:
    found = run(_swap("id: 2018-10-21-database-partition", f"id: {'9' * 4000}"), select=["PM0"])
    assert where(found) == [("PM012", 3, 5)]
    assert found[0].message == "'id' must be text, not the number 99999999999999999999… (4,000 digits)"


def test_an_explicit_bool_tag_reads_as_yaml_reads_it() -> None:
    # "!!bool yes" was false (only "true" counted), "!!bool maybe" silently false too.
    doc = parse_text(MINIMAL + "a: !!bool yes\nb: !!bool On\nc: !!bool n\nd: !!bool TRUE\n")
    assert [doc.data[k] for k in "abcd"] == [True, True, False, True]
    found = run(_swap("data_loss: false", "data_loss: !!bool maybe"))
    assert where(found) == [("PM012", 23, 14)]
    assert found[0].message == "'data_loss' must be true or false, not the text 'maybe'"
