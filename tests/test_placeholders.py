"""PM019: placeholders left from the template (TODO, TBD, FIXME), a warning in a draft and an
error once in review or published."""

from __future__ import annotations

import pytest

from helpers import run, where
from pmkit.diagnostics import Severity

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: {status}\nlang: en\nseverity: SEV3\n"


def pm019(body: str, status: str = "draft", path: str = "pm.yaml") -> list[tuple[str, int, int]]:
    return where(run(HEAD.format(status=status) + body, select=["PM019"], path=path))


def test_placeholders_are_found_where_they_stand() -> None:
    body = ("summary: |\n  Checkout failed for TBD minutes.\n  FIXME: the cause.\n"
            "timeline:\n  - {at: 2026-03-02T14:05:00Z, actor: TODO, event: TODO how it was noticed}\n")
    assert pm019(body) == [("PM019", 8, 23), ("PM019", 9, 3), ("PM019", 11, 39), ("PM019", 11, 52)]


@pytest.mark.parametrize("text", [
    "The todo list was long.",                       # prose, lower case
    "Tracked in TODO-123 and todo_app.",             # names and identifiers
    "The runbook said \"TODO: fill in\".",           # a quote of what someone else wrote
    "The handler carried a `# TODO: retry` comment.",  # code
    "See https://wiki.example.com/TODO for the plan.",  # a link
    "TODOS and ATBD are other words.",
])
def test_what_is_no_placeholder(text: str) -> None:
    assert pm019(f"summary: |\n  {text}\n") == []


def test_a_draft_is_warned_a_postmortem_in_review_or_published_is_an_error() -> None:
    body = "summary: TODO\n"
    for status, severity in (("draft", Severity.WARNING), ("in-review", Severity.ERROR),
                             ("published", Severity.ERROR)):
        [found] = run(HEAD.format(status=status) + body, select=["PM019"])
        assert found.severity is severity
        assert found.message == f"placeholder 'TODO' left in summary (status is {status})"


def test_action_item_owner_and_tracker_placeholders_are_said_once_by_their_own_rules() -> None:
    body = ("action_items:\n  - {id: AI1, title: TODO a change, owner: TODO, tracker: TODO, due: 2026-04-01,"
            " priority: P2, type: prevent}\n")
    found = where(run(HEAD.format(status="draft") + body, select=["PM019", "PM704", "PM707", "PM709"]))
    assert found == [("PM019", 8, 22), ("PM704", 8, 44), ("PM707", 8, 59)]


def test_markdown_body_outside_the_fields_and_comments() -> None:
    text = ("---\n" + HEAD.format(status="draft") + "---\n\n## Summary\n\nTODO\n\n## Background\n\n"
            "It ran for TBD hours. <!-- TODO: link the graph -->\n\n```\nTODO in code\n```\n")
    found = run(text, select=["PM019"], path="pm.md")
    assert [(d.code, d.line, d.col, d.field) for d in found] == [
        ("PM019", 12, 1, "summary"), ("PM019", 16, 12, "")]
    assert found[1].message == "placeholder 'TBD' left in the Markdown body (status is draft)"


@pytest.mark.parametrize("written", [
    "a" + "\u00a0" * 20 + "TODO",                 # no-break spaces kept as written
    "a" + "\u3000" * 20 + "TODO",
    '"' + "\\N" * 16 + 'TODO"',                  # escapes that stand for blanks
    '"' + "\\ " * 16 + 'TODO"',
    '"' + "\\_" * 16 + 'TODO"',
    "'it" + "''" * 20 + "s TODO'",               # a quote in single quotes is written twice
])
def test_a_finding_after_a_long_run_of_blanks_or_escapes_is_placed_on_its_word(written: str) -> None:
    line = "summary: " + written
    [found] = run(HEAD.format(status="draft") + line + "\n", select=["PM019"])
    assert (found.line, line[found.col - 1:found.end_col - 1]) == (7, "TODO")
