"""Timeline, decision and metric rules on held-out postmortems of the twenty-fifth round: a year
typed wrong at New Year, German separable verbs with irregular stems, non-answers as rationale
and trade-off, past perfect of what was known, entries naming no one and evidence that is none,
a problem reported again, a kill switch flipped, a German timeline heading, the entry to blame
for the order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit.cli import main

#: A SEV3 incident; TIMELINE is the list of entries (from line 12).
INCIDENT = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: LANG
severity: SEV3
owner: team lead
authors: [a]
summary: Something broke.
impact: {description: Users saw errors.}
timeline:
TIMELINE"""


def _incident(entries: list[str], lang: str = "en") -> str:
    return INCIDENT.replace("LANG", lang).replace("TIMELINE", "".join(f"  - {e}\n" for e in entries))


def _stats(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    found: dict = json.loads(capsys.readouterr().out)  # type: ignore[type-arg]
    return found


# 1. A year typed wrong at New Year is PM108's mistyped year.

NEW_YEAR_DETECTED = [
    "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
    "{at: 2025-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
    "{at: 2026-01-01T00:10Z, actor: alice, event: Looked.}",
    "{at: 2026-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
]


def test_a_detection_typed_with_last_year_at_new_year_is_a_mistyped_year() -> None:
    # The two entries around it straddle New Year: with no year most entries have, no year was
    # tried, and only PM105 reported it (its hint already naming the year).
    found = run(_incident(NEW_YEAR_DETECTED), select=["PM1"])
    assert where(found) == [("PM108", 13, 10)]
    assert found[0].message == ("'detected' at 2025-01-01 00:02 UTC is 364 d 23 h before the entries "
                                "around it; with the year 2026 it would fit between them")
    assert found[0].hint == ("Check the year: written as 2026-01-01 00:02 UTC it would fit between the "
                             "entries around it.")


def test_a_detection_typed_with_last_year_is_no_time_to_detect(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = _stats(_incident(NEW_YEAR_DETECTED), tmp_path, capsys)
    pm = found["postmortems"][0]
    assert pm["time_to_detect"] == -31535580.0
    assert pm["doubted"] == ["time_to_detect"]
    assert pm["time_to_resolve"] == 2100.0
    assert found["aggregates"]["all"]["time_to_detect"] == {"count": 0, "median": None, "p90": None}
    assert found["aggregates"]["all"]["time_to_resolve"] == {"count": 1, "median": 2100.0, "p90": 2100.0}


def test_a_resolution_typed_with_last_year_after_new_year_is_a_mistyped_year() -> None:
    # The last entry has one neighbour; the entry before it is near its own neighbour, so its
    # year is the one to try. Before: PM104 with a hint naming no time.
    text = _incident([
        "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2026-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
        "{at: 2026-01-01T00:10Z, actor: alice, event: Looked.}",
        "{at: 2025-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
    ])
    found = run(text, select=["PM1"])
    assert where(found) == [("PM108", 15, 10)]
    assert found[0].hint == ("Check the year: written as 2026-01-01 00:30 UTC it would fit between the "
                             "entries around it.")


def test_a_right_resolution_after_a_mistyped_detection_is_not_blamed() -> None:
    # The last entry is far from the one before it, but that one is far from its own neighbour:
    # the slip is there, and the last entry keeps its year.
    text = _incident([
        "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2025-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
        "{at: 2026-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
    ])
    found = run(text, select=["PM104", "PM105", "PM108"])
    assert where(found) == [("PM108", 13, 10)]
    assert "with the year 2026" in found[0].message


def test_a_new_year_incident_typed_right_has_no_finding() -> None:
    text = _incident([
        "{at: 2025-12-31T23:55Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}",
        "{at: 2026-01-01T00:02Z, milestone: detected, actor: monitoring, event: Alert fired.}",
        "{at: 2026-01-01T00:10Z, actor: alice, event: Looked.}",
        "{at: 2026-01-01T00:30Z, milestone: resolved, actor: alice, event: Errors stopped.}",
    ])
    assert where(run(text, select=["PM1"])) == []
