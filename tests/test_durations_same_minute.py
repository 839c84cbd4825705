"""Durations between a time to the minute and one to the second in the same minute: 0, as the
order rules read the two (a time to the minute is its whole minute), not a negative duration
that ``pmkit stats`` counted as an early warning."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from pmkit.api import loads
from pmkit.cli import main
from pmkit.durations import Metrics, metrics

TEXT = """\
pmkit: 1
id: mixed
title: t
status: draft
lang: en
severity: SEV4
timeline:
  - {at: IMPACT, milestone: impact_started, actor: deploys, event: Change shipped.}
  - {at: DETECTED, milestone: detected, actor: monitoring, event: The alert fired.}
  - {at: ACKNOWLEDGED, milestone: acknowledged, actor: on-call engineer, event: Paged.}
  - {at: 2026-03-02T10:30:00Z, milestone: resolved, actor: on-call engineer, event: Closed.}
"""


def _metrics(impact: str, detected: str, acknowledged: str = "2026-03-02T10:05:00Z") -> Metrics:
    text = (TEXT.replace("IMPACT", impact).replace("DETECTED", detected)
            .replace("ACKNOWLEDGED", acknowledged))
    return metrics(loads(text, path="pm.yaml"))


@pytest.mark.parametrize(("impact", "detected", "ttd"), [
    ("2026-03-02T10:00:30Z", "2026-03-02T10:00Z", timedelta(0)),       # the same minute
    ("2026-03-02T10:00:30Z", "2026-03-02T10:00:00Z", timedelta(0)),
    ("2026-03-02T10:00:59.5Z", "2026-03-02T10:00Z", timedelta(0)),
    # Still negative: the minute before, or two times to the second, is certainly earlier.
    ("2026-03-02T10:00:30Z", "2026-03-02T09:59Z", timedelta(seconds=-90)),
    ("2026-03-02T10:00:30Z", "2026-03-02T10:00:10Z", timedelta(seconds=-20)),
    ("2026-03-02T10:01Z", "2026-03-02T10:00:30Z", timedelta(seconds=-30)),
    # Positive durations are as computed.
    ("2026-03-02T10:00Z", "2026-03-02T10:00:30Z", timedelta(seconds=30)),
])
def test_time_to_detect_across_precisions(impact: str, detected: str, ttd: timedelta) -> None:
    found = _metrics(impact, detected)
    assert found.time_to_detect == ttd
    assert found.in_order("time_to_detect")


def test_every_duration_reads_the_minute_alike() -> None:
    """The acknowledgement at 10:00 after an impact logged at 10:00:40 was -40 s, outside the
    aggregates as a data error (PM104 reports nothing there)."""
    found = _metrics("2026-03-02T10:00:40Z", "2026-03-02T10:00:50Z", "2026-03-02T10:00Z")
    assert found.time_to_acknowledge == timedelta(0)
    assert found.in_order("time_to_acknowledge")


def test_stats_counts_no_early_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(TEXT.replace("IMPACT", "2026-03-02T10:00:30Z")
                                      .replace("DETECTED", "2026-03-02T10:00Z")
                                      .replace("ACKNOWLEDGED", "2026-03-02T10:05:00Z"), encoding="utf-8")
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["postmortems"][0]["time_to_detect"] == 0.0
    assert data["aggregates"]["all"]["time_to_detect"] == {"count": 1, "median": 0.0, "p90": 0.0}
    assert main(["stats", str(tmp_path)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("mixed "))
    assert row.split()[4] == "0m"  # (id, severity, the date and time of impact, TTD)
