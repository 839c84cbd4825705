"""Held-out adoption findings: the chart's impact and stats agree, hints that work as written
(PM601 on a flow list, PM705's date, PM707's placeholder), Markdown front matter end positions
in every format, a suggestion for a code-shaped typo in --select, and explain's configured
severity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pmkit.cli import main


def _render(tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any], fmt: str = "md") -> str:
    path = tmp_path / "pm.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _incident(*milestones: tuple[str, str]) -> dict[str, Any]:
    timeline = [{"at": f"2026-03-04T{at}:00Z", "milestone": name, "event": "x"} for name, at in milestones]
    return {"pmkit": 1, "id": "2026-03-04-dns", "title": "DNS outage", "status": "draft", "lang": "en",
            "severity": "SEV2", "timeline": timeline}


# --- 1. the chart's impact bar measures what stats calls the impact -----------------------------


def test_the_impact_bar_runs_to_resolved_as_stats_measures_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _incident(("impact_started", "09:02"), ("mitigated", "09:54"), ("resolved", "10:30"))
    page = _render(tmp_path, capsys, doc)
    assert "    Impact (1 h 28 min) :crit, 2026-03-04 09:02, 2026-03-04 10:30\n" in page
    path = tmp_path / "pm.yaml"
    assert main(["stats", str(path), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["postmortems"][0]["impact_duration"] == 88 * 60.0


def test_without_a_resolution_the_bar_says_it_runs_to_the_mitigation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _incident(("impact_started", "09:02"), ("mitigated", "09:54"))
    page = _render(tmp_path, capsys, doc)
    assert "    Impact until mitigated (52 min) :crit, 2026-03-04 09:02, 2026-03-04 09:54\n" in page
    doc["lang"] = "de"
    page = _render(tmp_path, capsys, doc)
    assert "    Auswirkung bis zur Eindämmung (52 min) :crit, 2026-03-04 09:02, 2026-03-04 09:54\n" in page
