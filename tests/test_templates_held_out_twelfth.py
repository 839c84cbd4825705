"""Postmortems as teams write them from the popular templates (Google SRE's example, PagerDuty's,
Atlassian's, GitLab's incident review, an Etsy-style debrief, a Jeli-style narrative, a German
Störungsbericht), converted as docs/authoring.md says: the front matter added, their own headings,
tables and lists kept. Each fix asserts what the author is shown; the whole files are in
tests/fixtures/templates/ and get exactly the findings a careful reader judges right."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run
from pmkit.api import loads
from pmkit.cli import main

FRONT = ("---\npmkit: 1\nid: 2026-11-03-checkout\ntitle: Checkout errors\nstatus: in-review\nlang: en\n"
         "severity: SEV3\n---\n")


@pytest.mark.parametrize("heading", [
    "Incident summary",  # Atlassian's incident postmortem template
    "Overview",  # PagerDuty's
    "Incident overview",
    "Überblick",
])
def test_the_summary_under_a_templates_own_name_fills_the_summary(heading: str) -> None:
    text = FRONT + f"\n## {heading}\n\nFor 40 minutes, 18% of checkouts failed.\n\n## Impact\n\nSome.\n"
    assert loads(text, path="pm.md").summary == "For 40 minutes, 18% of checkouts failed.\n"
    assert [d.code for d in run(text, path="pm.md", select=["PM508"])] == []


def test_an_overview_beside_a_summary_is_a_section_of_its_own() -> None:
    text = FRONT + "\n## Summary\n\nCheckouts failed.\n\n## Overview\n\nThe service has three parts.\n"
    assert loads(text, path="pm.md").summary == "Checkouts failed.\n"
    assert [d.code for d in run(text, path="pm.md", select=["PM018"])] == []


@pytest.mark.parametrize("group", ["How'd We Do?", "How\u2019d we do?", "How did we do?"])
def test_pagerdutys_howd_we_do_holds_the_lessons(group: str) -> None:
    # PagerDuty's template asks "What went well?" and "What didn't go so well?" under it.
    text = (FRONT + f"\n## Summary\n\nCheckouts failed.\n\n## {group}\n\n### What went well?\n\n"
            "- The alert fired in 4 minutes.\n\n### What didn't go so well?\n\n- The runbook was stale.\n")
    lessons = loads(text, path="pm.md").lessons
    assert lessons is not None
    assert lessons.went_well == ["The alert fired in 4 minutes."]
    assert lessons.went_wrong == ["The runbook was stale."]
    assert [d.code for d in run(text, path="pm.md", select=["PM024"])] == []


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> str:
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path)]) == 0
    return capsys.readouterr().out


def test_lessons_learned_written_as_a_plain_list_stay_on_the_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Atlassian's template: "## Lessons learned" over a list, without the three subsections.
    text = (FRONT + "\n## Summary\n\nCheckouts failed.\n\n## Lessons learned\n\n"
            "- We need an alert on the checkout success rate.\n- Publish before switching.\n")
    page = _page(tmp_path, capsys, text)
    assert page.endswith("## Lessons learned\n\n- We need an alert on the checkout success rate.\n"
                         "- Publish before switching.\n")


def test_what_a_lessons_section_says_besides_its_lists_is_shown_under_lessons(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FRONT + "\n## Lessons learned\n\nWe met on 4 November.\n\n### What went well\n\n"
            "- The alert fired.\n\n### Themes\n\nAlerts are written for daytime.\n")
    page = _page(tmp_path, capsys, text)
    assert page.endswith("## Lessons\n\nWe met on 4 November.\n\n### Themes\n\n"
                         "Alerts are written for daytime.\n\n### What went well\n\n- The alert fired.\n")


DRAFT = FRONT.replace("status: in-review", "status: draft") + "\n## Summary\n\nCheckouts failed.\n\n"


@pytest.mark.parametrize(("heading", "code", "field", "message"), [
    ("Incident timeline", "PM101", "timeline", "the postmortem has no timeline"),
    ("Zeitlicher Verlauf", "PM101", "timeline", "the postmortem has no timeline"),
    ("What were the root causes?", "PM701", "contributing_factors",
     "the postmortem names no contributing factors"),
    ("Ursachenanalyse", "PM701", "contributing_factors", "the postmortem names no contributing factors"),
    ("Remediation items", "PM711", "action_items", "the postmortem has no action items"),
    ("Follow-up items", "PM711", "action_items", "the postmortem has no action items"),
])
def test_a_list_section_under_a_templates_name_is_pointed_at(heading: str, code: str, field: str,
                                                             message: str) -> None:
    # GitLab's incident review, a debriefing guide's "Remediation items", a German report's
    # "Ursachenanalyse": the finding that the field is missing says where the author wrote it.
    text = DRAFT + f"## {heading}\n\n| Item | Owner |\n| --- | --- |\n| Add a canary | dns team |\n"
    found = [(d.line, d.col, d.message) for d in run(text, path="pm.md", select=[code])]
    assert found == [(14, 1, f"{message}: the body's section '{heading}' is read as text, and '{field}' "
                              "only from the front matter")]


_WHAT = ("a few plain sentences for customers: what happened, who was affected and for how long, "
         "and what was done about it.")


@pytest.mark.parametrize(("lang", "heading"), [("en", "Summary"), ("de", "Zusammenfassung")])
def test_a_markdown_postmortem_without_a_summary_is_told_the_section_to_add(lang: str, heading: str) -> None:
    # Its author writes narrative under headings: "Add 'summary:'" named a key they never use.
    text = FRONT.replace("lang: en", f"lang: {lang}") + "\n## What happened\n\nA release went out.\n"
    found = [(d.line, d.col, d.message, d.hint) for d in run(text, path="pm.md", select=["PM508"])]
    assert found == [(2, 1, "in-review postmortem has no summary",
                      f"Add a '## {heading}' section to the body (or 'summary:' to the front matter) "
                      f"with {_WHAT}")]


def test_an_empty_summary_section_is_told_to_be_written_under_its_heading() -> None:
    text = FRONT + "\n## Overview\n\n<!-- Include a short sentence or two summarizing the incident. -->\n"
    found = [(d.line, d.col, d.message, d.hint) for d in run(text, path="pm.md", select=["PM508"])]
    assert found == [(10, 1, "in-review postmortem has no summary: its section 'Overview' shows no text",
                      f"Write under it {_WHAT}")]


_ENTRY = ("---\npmkit: 1\nid: 2026-01-15-queue\ntitle: Emails delayed\nstatus: draft\nlang: en\n"
          "severity: SEV3\ntimeline:\n  - {{at: 2026-01-15T09:20:00Z, milestone: resolved,\n"
          "     actor: messaging on-call engineer, event: {event}}}\n---\n")


@pytest.mark.parametrize("event", ["Backlog drained.", "The email backlog drained; incident closed."])
def test_a_backlog_that_drained_is_no_decision(event: str) -> None:
    # The closing entry of a queue incident: the backlog emptied by itself, no one chose it.
    assert [d.code for d in run(_ENTRY.format(event=event), path="pm.md", select=["PM207"])] == []


def test_draining_the_backlog_is_still_a_decision() -> None:
    found = run(_ENTRY.format(event="We drained the backlog to the standby queue."), path="pm.md",
                select=["PM207"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (10, 51, "timeline entry describes a decision ('drained') but links no decision record")]
