"""PM505-PM507 read what no string value of the YAML holds: comments, keys, and the value of a
duplicate key that the loader drops; each finding at its exact place, each found once."""

from __future__ import annotations

from helpers import run

T = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
HEAD = """\
pmkit: 1
id: x
title: x
status: draft
lang: en
severity: SEV4
"""
DRAFT = " in a postmortem that is not yet public (status is draft)"
TOKEN = "GitHub token in the postmortem: 'ghp_… (40 characters)'"
MAIL = "e-mail address 'j***@gmail.com'" + DRAFT
AWS = "AWS access key ID in the postmortem: 'AKIA… (20 characters)'"


def found(text: str, path: str = "pm.yaml") -> list[tuple[str, int, int, int, str]]:
    diagnostics = run(text, select=["PM505", "PM506", "PM507"], path=path)
    return [(d.code, d.line, d.col, d.end_col, d.message) for d in diagnostics]


def test_a_token_in_a_comment_after_a_value_is_reported() -> None:
    assert found(HEAD + f"owner: identity team lead  # token {T}\n") == [("PM507", 7, 36, 76, TOKEN)]


def test_a_comment_on_its_own_line_is_read() -> None:
    assert found(HEAD + f"# reviewer jane.doe@gmail.com, {T}\nowner: lead\n") == [
        ("PM505", 7, 12, 30, MAIL), ("PM507", 7, 32, 72, TOKEN)]


def test_a_password_that_yaml_reads_as_a_comment_is_reported() -> None:
    text = HEAD + ("timeline:\n  - at: 2024-03-03T14:02:00Z\n"
                   "    event: Rotated the DB password #Xk9mP2qLzQ8w! after the leak\n")
    assert found(text) == [("PM507", 9, 36, 50, "credential in the postmortem: '… (14 characters)'")]


def test_markdown_front_matter_comments_are_read() -> None:
    text = ("---\n" + HEAD + "owner: x  # reviewer jane.doe@gmail.com, key AKIAZ3MHQ7VBXK2RLPQW\n---\n\n"
            "## Summary\n\nAll good.\n")
    assert found(text, "pm.md") == [("PM505", 8, 22, 40, MAIL), ("PM507", 8, 46, 66, AWS)]


def test_a_token_in_a_key_is_reported() -> None:
    assert found(HEAD + f"note_{T}: x\n") == [("PM507", 7, 6, 46, TOKEN)]


def test_the_dropped_value_of_a_duplicate_key_is_read() -> None:
    text = HEAD + (f"timeline:\n  - at: 2024-03-03T14:02:00Z\n    event: Rotated keys\n"
                   f"    event: pass jane.doe@gmail.com {T}\n")
    assert found(text) == [("PM505", 10, 17, 35, MAIL), ("PM507", 10, 36, 76, TOKEN)]


def test_a_dropped_block_value_is_read_line_by_line() -> None:
    text = HEAD + f"summary: Fine.\nsummary: |\n  Mail jane.doe@gmail.com\n  then {T}\n"
    assert found(text) == [("PM505", 9, 8, 26, MAIL), ("PM507", 10, 8, 48, TOKEN)]


def test_what_a_value_holds_is_reported_once_where_the_value_scan_places_it() -> None:
    text = HEAD + ("summary: |\n  # not a comment jane.doe@gmail.com\n  text\n"
                   "# a comment AKIAZ3MHQ7VBXK2RLPQW\n")
    assert found(text) == [("PM505", 8, 19, 37, MAIL), ("PM507", 10, 13, 33, AWS)]
    quoted = HEAD + f"owner: 'jane.doe@gmail.com'  # and {T}\n"
    assert found(quoted) == [("PM505", 7, 9, 27, MAIL), ("PM507", 7, 36, 76, TOKEN)]


def test_ordinary_comments_and_keys_are_quiet() -> None:
    text = HEAD + ("# Times are UTC. See https://wiki.acme.io/runbooks/db#failover (v8.4.3.2).\n"
                   "owner: lead  # security@acme.com reviewed it on 2024-03-04\n"
                   "timeline:\n  - at: 2024-03-03T14:02:00Z  # 10:02 local\n"
                   "    event: Rotated keys  # INC-2024-0042\n")
    assert found(text) == []

