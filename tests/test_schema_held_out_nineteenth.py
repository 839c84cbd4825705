"""Loading and schema findings on held-out postmortems of the nineteenth round: a line separator
inside a comment where a line break was meant, booleans, numbers, lists and nothing in date and
enum fields, and characters that show as a space or as nothing at the edge of a time or a date;
and guards for the shapes that are fine."""

from __future__ import annotations

import pytest

from helpers import run

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _found(text: str, prefix: str = "PM0", path: str = "pm.yaml") -> list[tuple[str, int, int, str, str]]:
    return [(d.code, d.line, d.col, d.message, d.hint) for d in run(text, select=[prefix], path=path)]


def _advice(char: str) -> str:
    return (f"Replace each {char} in the file with a line break: YAML, git and editors do not end a "
            "line there (a file converted from EBCDIC, or exported by some web editors, holds them).")


# --- a line separator inside a comment -----------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "col", "char", "after"), [
    (HEAD + "impact:\n  # counted from logs\u2028users_affected: about 12000\n", 8, 22,
     "U+2028 (line separator)", "users_affected: about 12000"),
    (HEAD + "impact:\n  # counted from logs\x85users_affected: 5\n", 8, 22, "U+0085 (next line)",
     "users_affected: 5"),
    (HEAD + "# times are local\u2029timezone: Europe/Berlin\n", 7, 18, "U+2029 (paragraph separator)",
     "timezone: Europe/Berlin"),
    # (after a value: the ' #' starts the comment, as on a line of its own)
    (HEAD + "summary: Cache fleet down. # causes\u2028- disk full\n", 7, 36, "U+2028 (line separator)",
     "- disk full"),
])
def test_a_separator_in_a_comment_before_a_key_or_an_item_is_reported_where_it_stands(
        text: str, line: int, col: int, char: str, after: str) -> None:
    # Before: nothing was said; YAML 1.2 ends no comment there, so the key after it was part of
    # the comment and its field silently not set.
    assert _found(text, "PM001") == [
        ("PM001", line, col, f"{char} in a comment stands where a line break seems meant; it is none, so "
         f"'{after}' after it is read as part of the comment", _advice(char))]


def test_a_required_field_hidden_in_a_comment_is_told_where_it_is() -> None:
    # Before: only "required field 'lang' is missing", with 'lang: en' on line 5.
    text = HEAD.replace("lang: en\n", "# language\u2028lang: en\n")
    assert [(code, line, col) for code, line, col, *_ in _found(text)] == [("PM011", 1, 1), ("PM001", 5, 11)]


def test_a_timezone_hidden_in_a_comment_is_reported_beside_the_times_it_leaves_without_one() -> None:
    # Before: PM014 alone, "the document declares no timezone".
    text = HEAD + ("# times are local\u2028timezone: Europe/Berlin\n"
                   "timeline:\n  - {at: 2025-01-01T10:00, event: x}\n")
    assert [(code, line, col) for code, line, col, *_ in _found(text)] == [("PM001", 7, 18), ("PM014", 9, 10)]


def test_a_separator_in_a_comment_of_markdown_front_matter_is_placed_in_the_file() -> None:
    text = "---\n" + HEAD + "# times are local\u2028timezone: Europe/Berlin\n---\n\n## Summary\n\nText.\n"
    found = _found(text, "PM001", path="pm.md")
    assert [(code, line, col) for code, line, col, *_ in found] == [("PM001", 8, 18)]


def test_only_the_first_separator_in_comments_is_reported() -> None:
    text = HEAD + "# a\u2028lang_note: x\n# b\u2029other: y\n"
    assert [(code, line, col) for code, line, col, *_ in _found(text, "PM001")] == [("PM001", 7, 4)]


@pytest.mark.parametrize("text", [
    # prose goes on after it: no key, or a key of several words, is no line of YAML
    HEAD + "# see below\u2028the numbers are rough\n",
    HEAD + "# Paragraph one.\u2029Paragraph two: more.\n",
    # a '#' inside a text starts no comment
    HEAD + "summary: |\n  # counted\u2028users_affected: 5\n",
    HEAD + "summary: \"a # b\u2028lang: en\"\n",
    HEAD + "summary: a#b\u2028c\n",
])
def test_a_separator_in_prose_or_in_a_text_is_not_reported(text: str) -> None:
    assert _found(text, "PM001") == []


def test_a_separator_between_entries_is_still_a_syntax_error_at_it() -> None:
    found = _found(HEAD.replace("title: t\n", "title: t\u2029status: draft\n").replace("status: draft\nlang",
                                                                                         "lang"), "PM001")
    assert [(code, line, col) for code, line, col, *_ in found] == [("PM001", 3, 9)]
    assert found[0][3] == ("YAML syntax error: U+2029 (paragraph separator) stands where a line break seems "
                           "meant; it is none, so what follows it is read as part of this line")


# --- values that are no text in date and enum fields --------------------------------------------

_DATE_HINT = "Write the date as year-month-day, e.g. 2018-11-30."
_EITHER_HINT = ("Write the date as year-month-day, e.g. 2018-11-30, or the time with its date and UTC "
                "offset, e.g. 2018-10-21T22:52:00Z; this field takes either.")


def test_a_due_date_that_is_no_text_is_named_by_its_kind() -> None:
    # Before: "'True' is not a date", "'5' ...", "'['2025-01-01']' ...": Python's writing.
    text = HEAD + ("action_items:\n  - {id: A1, due: true}\n  - {id: A2, due: 5}\n"
                   "  - {id: A3, due: [2025-01-01]}\n  - {id: A4, due: {on: 2025-01-01}}\n")
    found = [(code, line, col, message, hint) for code, line, col, message, hint in _found(text)
             if code == "PM015"]
    assert found == [
        ("PM015", 8, 19, "'due' must be a date such as 2018-11-30, not the boolean true", _DATE_HINT),
        ("PM015", 9, 19, "'due' must be a date such as 2018-11-30, not the number 5", _DATE_HINT),
        ("PM015", 10, 19, "'due' must be a date such as 2018-11-30, not a list", _DATE_HINT),
        ("PM015", 11, 19, "'due' must be a date such as 2018-11-30, not a mapping", _DATE_HINT)]


def test_a_corrections_time_is_told_it_takes_a_date_or_a_timestamp() -> None:
    # Before: "'None' is not a date such as 2018-11-30", with a hint for a date alone.
    text = HEAD + ("corrections:\n  - {at: ~, description: x}\n  - {at: false, description: y}\n"
                   "  - {at: yesterday, description: z}\n")
    assert _found(text) == [
        ("PM015", 8, 10, "'at' must be a date or a timestamp such as 2018-11-30 or 2018-10-21T22:52:00Z, "
         "not nothing (null)", _EITHER_HINT),
        ("PM015", 9, 10, "'at' must be a date or a timestamp such as 2018-11-30 or 2018-10-21T22:52:00Z, "
         "not the boolean false", _EITHER_HINT),
        ("PM015", 10, 10, "'yesterday' is neither a date such as 2018-11-30 nor a timestamp such as "
         "2018-10-21T22:52:00Z", _EITHER_HINT)]


def test_an_approvals_time_that_is_no_text_keeps_its_wording() -> None:
    text = HEAD + "approvals:\n  - {by: x, at: true}\n"
    assert [(code, line, col, message) for code, line, col, message, _ in _found(text)] == [
        ("PM015", 8, 17, "'at' must be a timestamp such as 2018-10-21T22:52:00Z, not the boolean true")]


def test_a_number_in_an_enum_field_is_named_as_a_number() -> None:
    # Before: "'4' is not a valid severity", "'2.5' is not a valid status": quoted as if text.
    text = HEAD.replace("SEV3", "4").replace("draft", "2.5") + \
        "action_items:\n  - {id: A1, title: t, priority: 1, status: 2}\n"
    assert _found(text) == [
        ("PM013", 4, 9, "the number 2.5 is not a valid status", "Use one of: draft, in-review, published."),
        ("PM013", 6, 11, "the number 4 is not a valid severity (did you mean 'SEV4'?)",
         "Use one of: SEV1, SEV2, SEV3, SEV4, SEV5."),
        ("PM013", 8, 34, "the number 1 is not a valid priority (did you mean 'P1'?)",
         "Use one of: P0, P1, P2, P3, P4."),
        ("PM013", 8, 45, "the number 2 is not a valid status",
         "Use one of: open, in-progress, done, wont-do.")]


# --- a character that shows as a space or as nothing at the edge of a time or a date ---------------

def _unseen_hint(char: str, side: str) -> str:
    return (f"Delete the {char} at the {side} of the value: only the spaces, tabs and line breaks around a "
            "value are skipped (a web page or a word processor puts such characters in pasted text).")


def test_a_no_break_space_or_a_zero_width_space_at_a_times_edge_is_named() -> None:
    # Before: "'2025-01-01T10:00Z ' is not an ISO 8601 timestamp", the same on screen as the
    # valid value with a plain space.
    text = HEAD + ("timeline:\n  - {at: \"2025-01-01T10:00Z\u00a0\", event: x}\n"
                   "  - {at: \"\u200b2025-01-01T11:00Z\", event: y}\n"
                   "  - {at: \"2025-01-01T12:00Z \", event: z}\n")
    assert _found(text) == [
        ("PM015", 8, 10, "'2025-01-01T10:00Z\\xa0' is not an ISO 8601 timestamp such as "
         "2018-10-21T22:52:00Z: it ends with U+00A0 (no-break space), which looks like a space but is "
         "not one",
         _unseen_hint("U+00A0 (no-break space)", "end")),
        ("PM015", 9, 10, "'\\u200b2025-01-01T11:00Z' is not an ISO 8601 timestamp such as "
         "2018-10-21T22:52:00Z: it starts with U+200B (zero width space), which does not show",
         _unseen_hint("U+200B (zero width space)", "start"))]


def test_a_no_break_space_at_a_dates_end_is_named() -> None:
    text = HEAD + ("action_items:\n  - {id: A1, due: \"2025-01-01\u00a0\"}\n"
                   "  - {id: A2, due: \"2025-01-02 \"}\n")
    assert [finding for finding in _found(text) if finding[0] == "PM015"] == [
        ("PM015", 8, 19, "'2025-01-01\\xa0' is not a date such as 2018-11-30: it ends with U+00A0 "
         "(no-break space), which looks like a space but is not one",
         _unseen_hint("U+00A0 (no-break space)", "end"))]


def test_an_ideographic_space_after_a_plain_one_is_named() -> None:
    text = HEAD + "action_items:\n  - {id: A1, due: \"2025-01-01 \u3000 \"}\n"
    assert [finding[3] for finding in _found(text) if finding[0] == "PM015"] == [
        "'2025-01-01 \\u3000 ' is not a date such as 2018-11-30: it ends with U+3000 (ideographic space), "
        "which looks like a space but is not one"]


def test_a_no_break_space_at_a_corrections_time_is_named_for_both_forms() -> None:
    text = HEAD + "corrections:\n  - {at: \"2025-01-01T10:00Z\u00a0\", description: x}\n"
    assert _found(text) == [
        ("PM015", 8, 10, "'2025-01-01T10:00Z\\xa0' is neither a date such as 2018-11-30 nor a timestamp "
         "such as 2018-10-21T22:52:00Z: it ends with U+00A0 (no-break space), which looks like a space but "
         "is not one", _unseen_hint("U+00A0 (no-break space)", "end"))]


def test_a_character_that_does_not_show_inside_a_time_is_escaped() -> None:
    text = HEAD + "timeline:\n  - {at: \"2025-01-01T10:00\u200bZ\", event: x}\n"
    assert [finding[3] for finding in _found(text) if finding[0] == "PM015"] == [
        "'2025-01-01T10:00\\u200bZ' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"]
