"""YAML and Markdown constructs that hand-written and generated postmortems hold but the other
tests do not try: explicit tags, directives, odd keys, huge numbers, long keys, and a property
test that puts them together. Each gets a positioned finding that says what is wrong."""

from __future__ import annotations

import pytest

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


# --- keys ----------------------------------------------------------------------------------------

_LONG_KEY = ("PM001 YAML syntax error: this key is 1,100 characters long; YAML reads a key of at most "
             "1,024 characters unless '? ' comes before it")


@pytest.mark.parametrize(
    ("before", "after", "line", "col"),
    [
        ("services:", "{k}: 1\nservices:", 12, 1),  # at the top level
        ("services:", '"{k}": 1\nservices:', 12, 1),  # quoted
        ("    milestone: impact_started", "    milestone: impact_started\n    {k}: x", 31, 5),
        ("  - at: 2018-10-21T22:54:00Z", "  - {k}: 1\n    at: 2018-10-21T22:54:00Z", 37, 5),  # list item
        ("services: [mysql, webhooks, pages]", "services: {{{k}: 1}}", 12, 12),  # in braces
    ],
)
def test_a_key_over_yamls_1024_characters_is_named_as_such(
    before: str, after: str, line: int, col: int
) -> None:
    # The parser's own words were "could not find expected ':'" (with a hint to add one, though
    # the line has it), "mapping values are not allowed here" or "expected ',' or '}'".
    found = run(_swap(before, after.format(k="k" * 1100)))
    assert where(found) == [("PM001", line, col)]
    length = "1,102" if after.startswith('"') else "1,100"  # the quotes are part of the key
    assert f"{found[0].code} {found[0].message}" == _LONG_KEY.replace("1,100", length)
    assert "'? key'" in found[0].hint


def test_a_long_value_with_a_colon_is_still_a_colon_in_a_value() -> None:
    found = run(_swap("title: Degraded service after a network partition split the MySQL topology",
                      "title: " + "x " * 600 + "note: y"))
    assert where(found) == [("PM001", 4, 1212)]
    assert found[0].message == "YAML syntax error: mapping values are not allowed here"
    assert where(run(MINIMAL + "k" * 1024 + ": 1\n", select=["PM001"])) == []


# --- directives and documents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (GOOD + "---\n" + GOOD, 170),  # two postmortems in one file
        (GOOD + "---\n", 170),  # a closing '---', as some editors write
        (GOOD + "...\nnotes: x\n", 171),  # text after the document's end marker
        ("---\n---\n" + GOOD, 2),
    ],
)
def test_a_second_yaml_document_is_named_as_such(text: str, line: int) -> None:
    found = run(text)
    assert where(found) == [("PM001", line, 1)]
    assert found[0].message == ("YAML syntax error: a second YAML document starts here "
                                "(expected a single document in the stream)")
    assert found[0].hint.startswith("A postmortem file holds one YAML document: a '---' line may only")


def test_a_directive_without_its_document_marker_says_what_is_missing() -> None:
    # The message held a tuple's repr: "but found ('<block mapping start>',)".
    found = run("%YAML 1.2\n" + MINIMAL)
    assert where(found) == [("PM001", 2, 1)]
    assert found[0].message == "YAML syntax error: expected '<document start>', but found '<scalar>'"
    assert "which a '---' line must follow" in found[0].hint
    assert where(run("%YAML 1.2\n---\n" + MINIMAL, select=["PM0"])) == []


# --- merge keys --------------------------------------------------------------------------------

_OWNER = "owner: database infrastructure lead\n"


@pytest.mark.parametrize(
    ("merge", "line", "shown"),
    [
        ("<<: hello\n", 1, "the value 'hello'"),
        ("<<: [a, b]\n", 1, "the value 'a'"),
        ("<<: [{owner: x}, [y]]\n", 1, "a list"),
        ("names: &n [a, b]\n<<: *n\n", 2, "the value 'a'"),  # at the '<<', not at the anchor
    ],
)
def test_a_merge_key_without_a_mapping_is_reported_not_dropped(merge: str, line: int, shown: str) -> None:
    # YAML's constructors refuse these; pmkit dropped the value without a word.
    found = run(merge + GOOD, select=["PM001"])
    assert where(found) == [("PM001", line, 1)]
    assert found[0].message == (f"the merge key '<<' takes a mapping or a list of mappings, not {shown}; "
                                "nothing is merged from it")


def test_merge_keys_with_mappings_still_merge_into_the_top_level_and_an_entry() -> None:
    text = "<<: [{owner: merged}, {tags: [a]}]\n" + _swap(_OWNER, "")
    doc = parse_text(text)
    assert (doc.data["owner"], doc.data["tags"]) == ("merged", ["a"])
    assert where(run(text, select=["PM0"])) == []
    # An aliased mapping with a bad merge inside, used twice, is said once.
    found = run(MINIMAL + "a: &a {<<: x}\nb: *a\n", select=["PM001"])
    assert where(found) == [("PM001", 7, 8)]


# --- Markdown ------------------------------------------------------------------------------------

_FRONT = "---\n" + MINIMAL + "---\n"


def test_a_section_given_twice_names_the_first_heading() -> None:
    # The first one was "'## ...' on line 9", which names no heading of the file.
    text = _FRONT + "\n## Summary\n\nOne text.\n\n## Zusammenfassung\n\nAnother text.\n"
    found = run(text, path="pm.md", select=["PM018"])
    assert where(found) == [("PM018", 14, 1)]
    assert found[0].message == ("'summary' is given twice: in '## Summary' on line 10 and in "
                                "'## Zusammenfassung'; the first is used")


# --- characters a reader cannot see ---------------------------------------------------------------


@pytest.mark.parametrize(("char", "escape"), [("\u200b", "\\u200b"), ("\ufeff", "\\ufeff"),
                                              ("\u00a0", "\\xa0"), ("\U000f0000", "\\U000f0000")])
def test_an_invisible_character_in_a_value_is_shown_in_the_message(char: str, escape: str) -> None:
    # "'SEV1' is not a valid severity (did you mean 'SEV1'?)" said nothing of what was wrong.
    found = run(_swap("severity: SEV1", f"severity: SEV1{char}"), select=["PM0"])
    assert where(found) == [("PM013", 7, 11)]
    assert found[0].message == f"'SEV1{escape}' is not a valid severity (did you mean 'SEV1'?)"
    found = run(_swap("services:", f"ti{char}tle: x\nservices:"), select=["PM010"])
    assert found[0].message == f"unknown key 'ti{escape}tle' (did you mean 'title'?)"
