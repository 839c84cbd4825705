"""Where a finding about a whole list entry (a timeline entry, an action item, a decision) ends:
just past the entry's last text, not at the next entry's '-' or the next key, in every format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import CACHE_OUTAGE_HEAD, CACHE_OUTAGE_SUMMARY
from pmkit.cli import main

HEAD, SUMMARY = CACHE_OUTAGE_HEAD, CACHE_OUTAGE_SUMMARY

#: Two timeline entries, from line 11 on; the first has no actor (PM109). BETWEEN stands for
#: what is written between them.
TWO_ENTRIES = HEAD + SUMMARY + """\
timeline:
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    event: The stale-page alert fired.
BETWEEN  - at: 2026-03-02T10:07:00Z
    milestone: resolved
    actor: bob
    event: Bob restarted the cache nodes.
"""

#: What every format says of the first entry: lines 11 to 13, up to just past "fired.".
FIRST_ENTRY = (
    [("PM109", "timeline[0]", 11, 5, 13, 39)],
    ["file=t.yaml,line=11,endLine=13,title=PM109 missing-actor"],
    [{"startLine": 11, "startColumn": 5, "endLine": 13, "endColumn": 39}],
    [{"begin": 11, "end": 13}],
)

#: Action items and decisions, the first of each lacking fields; blank lines and a comment
#: stand between the entries.
ITEMS = HEAD + SUMMARY + """\
timeline:
  - {at: 2026-03-02T10:05:00Z, milestone: detected, actor: monitoring, event: The alert fired.}
  - {at: 2026-03-02T10:07:00Z, milestone: resolved, actor: bob, event: Bob restarted the nodes.}
contributing_factors:
  - {id: CF1, description: The deploy did not purge the cache.}
action_items:
  - id: AI1
    title: Purge the cache on every deploy
    type: prevent
    addresses: [CF1]

  # the second item is a follow-up
  - id: AI2
    title: Alert on stale pages sooner
    type: detect
    priority: P2
    owner: alice
    due: 2026-05-01
    tracker: https://tracker.example/CACHE-2
    addresses: [CF1]
decisions:
  - id: D1
    at: 2026-03-02T10:06:00Z
    decision: Restart the cache nodes.

  - id: D2
    at: 2026-03-02T10:06:30Z
    decision: Keep the deploy.
    rationale: The deploy itself was fine.
    options_considered: [roll back, keep]
    tradeoff: None.
    decided_by: bob
    known_at_the_time: Only the cache was stale.
"""


#: What the JSON report, the GitHub annotations, the SARIF log and GitLab's report say of where
#: the findings of some rules in a text are: ``where(text, select, name="t.yaml", newline="\n")``.
Regions = Callable[..., tuple[list[Any], ...]]


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Regions:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)

    def regions(text: str, select: str, name: str = "t.yaml", newline: str = "\n") -> tuple[list[Any], ...]:
        (tmp_path / name).write_bytes(text.replace("\n", newline).encode("utf-8"))

        def run(fmt: str) -> Any:
            capsys.readouterr()
            main(["check", name, "--select", select, "--now", "2026-04-01", "--format", fmt])
            out = capsys.readouterr().out
            return out if fmt == "github" else json.loads(out)

        found = run("json")["diagnostics"]
        return (
            [(d["code"], d["field"], d["line"], d["col"], d["end_line"], d["end_col"]) for d in found],
            [line.split("::")[1].split(" ", 1)[1] for line in run("github").splitlines()
             if line.startswith(("::warning", "::error"))],
            [result["locations"][0]["physicalLocation"]["region"]
             for result in run("sarif")["runs"][0]["results"]],
            [issue["location"]["lines"] for issue in run("gitlab")],
        )

    return regions


@pytest.mark.parametrize("between", [
    "\n",  # a blank line
    "",  # nothing
    "    # bob took over from here\n\n",  # a comment and a blank line
    "\n  # bob took over from here\n   \n",  # a blank line, a comment, a line of spaces
], ids=["blank-line", "nothing", "comment-and-blank", "blank-comment-spaces"])
def test_a_timeline_entry_ends_at_its_last_text(where: Regions, between: str) -> None:
    assert where(TWO_ENTRIES.replace("BETWEEN", between), "PM109") == FIRST_ENTRY


def test_the_last_entry_before_a_top_level_key_ends_at_its_last_text(where: Regions) -> None:
    # The second entry has no actor; a blank line and the summary follow it.
    text = HEAD + """\
timeline:
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    actor: monitoring
    event: The stale-page alert fired.
  - at: 2026-03-02T10:07:00Z
    milestone: resolved
    event: Bob restarted the cache nodes.

""" + SUMMARY
    assert where(text, "PM109") == (
        [("PM109", "timeline[1]", 14, 5, 16, 42)],
        ["file=t.yaml,line=14,endLine=16,title=PM109 missing-actor"],
        [{"startLine": 14, "startColumn": 5, "endLine": 16, "endColumn": 42}],
        [{"begin": 14, "end": 16}],
    )


def test_an_action_item_ends_at_its_last_text(where: Regions) -> None:
    # (the item's last line, "    addresses: [CF1]", is line 19; a blank line and a comment follow)
    assert where(ITEMS, "PM704") == (
        [("PM704", "action_items[0].owner", 16, 5, 19, 21)],
        ["file=t.yaml,line=16,endLine=19,title=PM704 action-no-owner"],
        [{"startLine": 16, "startColumn": 5, "endLine": 19, "endColumn": 21}],
        [{"begin": 16, "end": 19}],
    )


def test_a_decision_ends_at_its_last_text(where: Regions) -> None:
    # (the decision's last line, "    decision: Restart the cache nodes.", is line 33)
    assert where(ITEMS, "PM202") == (
        [("PM202", "decisions[0].rationale", 31, 5, 33, 39)],
        ["file=t.yaml,line=31,endLine=33,title=PM202 decision-without-rationale"],
        [{"startLine": 31, "startColumn": 5, "endLine": 33, "endColumn": 39}],
        [{"begin": 31, "end": 33}],
    )


def test_an_entry_ending_in_a_block_of_text_ends_at_its_last_line_of_text(where: Regions) -> None:
    text = TWO_ENTRIES.replace("BETWEEN", "\n\n").replace(
        "    event: The stale-page alert fired.\n",
        "    event: |\n      The stale-page alert fired\n      for the product pages.\n")
    assert text.splitlines()[14] == "      for the product pages."
    assert where(text, "PM109") == (
        [("PM109", "timeline[0]", 11, 5, 15, 29)],
        ["file=t.yaml,line=11,endLine=15,title=PM109 missing-actor"],
        [{"startLine": 11, "startColumn": 5, "endLine": 15, "endColumn": 29}],
        [{"begin": 11, "end": 15}],
    )


def test_an_entry_ends_at_its_last_text_with_crlf_line_breaks(where: Regions) -> None:
    text = TWO_ENTRIES.replace("BETWEEN", "\n")
    assert where(text, "PM109", newline="\r\n") == FIRST_ENTRY


def test_an_entry_in_front_matter_ends_at_its_last_text(where: Regions) -> None:
    # One line further down than in a YAML file: the front matter starts on line 2.
    text = "---\n" + TWO_ENTRIES.replace("BETWEEN", "\n") + "---\n\n## Impact\n\nStale product pages.\n"
    assert where(text, "PM109", name="t.md") == (
        [("PM109", "timeline[0]", 12, 5, 14, 39)],
        ["file=t.md,line=12,endLine=14,title=PM109 missing-actor"],
        [{"startLine": 12, "startColumn": 5, "endLine": 14, "endColumn": 39}],
        [{"begin": 12, "end": 14}],
    )


def test_an_entry_whose_last_key_has_no_value_ends_after_its_colon(where: Regions) -> None:
    text = TWO_ENTRIES.replace("BETWEEN", "\n").replace(
        "    event: The stale-page alert fired.\n", "    event:   # to be written\n")
    assert where(text, "PM109")[0] == [("PM109", "timeline[0]", 11, 5, 13, 11)]


def test_a_flow_entry_ends_past_its_closing_brace(where: Regions) -> None:
    text = TWO_ENTRIES.replace("BETWEEN", "\n").replace(
        "  - at: 2026-03-02T10:05:00Z\n    milestone: detected\n    event: The stale-page alert fired.\n",
        "  - {at: 2026-03-02T10:05:00Z, milestone: detected,\n     event: The stale-page alert fired.}\n")
    assert where(text, "PM109")[0] == [("PM109", "timeline[0]", 11, 5, 12, 41)]


def test_a_suppression_above_an_entry_leaves_the_next_entry_alone(where: Regions) -> None:
    # The comment covers the entry below it, to its last line; the next entry, without an actor
    # too, is still reported.
    text = HEAD + SUMMARY + """\
timeline:
  # pmkit: ignore[PM109] the alert has no actor
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    event: The stale-page alert fired.

  - at: 2026-03-02T10:06:00Z
    event: The on-call engineer was paged.
  - at: 2026-03-02T10:07:00Z
    milestone: resolved
    actor: bob
    event: Bob restarted the cache nodes.
"""
    assert where(text, "PM109,PM901")[0] == [("PM109", "timeline[1]", 16, 5, 17, 43)]
