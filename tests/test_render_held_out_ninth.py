"""Held-out inputs for ``pmkit render`` and the reporting verbs: a body section that the page also
generates, emphasis in the HTML page's prose, and the disclosure record on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.cli import main

_OWN_TIMELINE = """\
---
pmkit: 1
id: 2025-06-10-checkout
title: Checkout errors
status: draft
lang: {lang}
severity: SEV2
timeline:
  - at: 2025-06-10T10:00:00Z
    milestone: impact_started
    event: Deploy started.
  - at: 2025-06-10T10:40:00Z
    milestone: resolved
    event: Rolled back.
---

## Summary

Checkout failed for 40 minutes.

## {heading}

| Time | What |
|---|---|
| 10:00 | Deploy |

All times are UTC.

## Background

The checkout service runs in two regions.
"""


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fmt: str) -> str:
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("lang", "heading", "label"), [
    ("en", "Timeline", "Timeline"),
    ("en", "Timeline (all times UTC)", "Timeline"),
    ("de", "Zeitleiste", "Zeitleiste"),
    ("de", "Timeline", "Zeitleiste"),
])
def test_a_body_timeline_section_goes_under_the_generated_timeline_in_markdown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, heading: str, label: str) -> None:
    # One Timeline section: the table from the front matter's entries, the author's text under it.
    page = _page(tmp_path, capsys, _OWN_TIMELINE.format(lang=lang, heading=heading), "md")
    assert page.count("\n## Timeline") + page.count("\n## Zeitleiste") == 1
    generated = page.index(f"\n## {label}\n")
    own = page.index("| 10:00 | Deploy |")
    assert generated < page.index("Deploy started.", generated) < own < page.index("All times are UTC.")
    # The other sections of the body stay where they were, before the generated ones.
    milestones = "## Milestones" if lang == "en" else "## Meilensteine"
    assert page.index("## Background") < page.index(milestones) < generated


def test_a_body_timeline_section_goes_under_the_generated_timeline_in_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, capsys, _OWN_TIMELINE.format(lang="en", heading="Timeline"), "html")
    assert page.count("<h2>Timeline</h2>") == 1
    generated = page.index("<h2>Timeline</h2>")
    assert generated < page.index("Deploy started.", generated) < page.index("<td>10:00</td>") \
        < page.index("<p>All times are UTC.</p>")


def test_a_body_section_of_a_field_the_front_matter_lacks_keeps_its_heading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Without contributing_factors in the front matter, the author's section is the only one,
    # shown under its own heading where the page puts the factors.
    text = _OWN_TIMELINE.format(lang="en", heading="Timeline") + "\n## Root causes\n\nNo canary stage.\n"
    page = _page(tmp_path, capsys, text, "md")
    assert page.count("## Root causes") == 1
    assert page.index("## Milestones") < page.index("## Root causes\n\nNo canary stage.")


def test_a_body_action_items_section_goes_under_the_generated_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _OWN_TIMELINE.format(lang="en", heading="Action items").replace(
        "---\n\n## Summary",
        "action_items:\n  - {id: AI1, title: Add a canary stage, owner: sre}\n---\n\n## Summary")
    page = _page(tmp_path, capsys, text, "md")
    assert page.count("## Action items") == 1
    assert page.index("## Action items") < page.index("| AI1 |") < page.index("| 10:00 | Deploy |")
