"""Held-out inputs for the reports' figures: an acknowledgement in a detection's minute, a
``PMKIT_NOW`` that is no time, ``open_items`` given a time without a zone, and a milestone whose
finding the file suppresses."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

import pmkit
from pmkit.cli import main
from pmkit.commands.actions import open_items

HEAD = "pmkit: 1\nid: {id}\ntitle: Test incident\nstatus: draft\nlang: en\nseverity: SEV3\nowner: ops lead\n"


def entry(at: str, milestone: str, comment: str = "") -> str:
    return (f"  - at: {at}{comment}\n    milestone: {milestone}\n    actor: on-call\n"
            "    event: Something happened here.\n")


@pytest.fixture()
def acknowledged_in_the_minute(tmp_path: Path) -> Path:
    path = tmp_path / "ack.yaml"
    path.write_text(HEAD.format(id="ack-minute") + "timeline:\n"
                    + entry("2026-06-06T10:00:30Z", "detected")
                    + entry("2026-06-06T10:00Z", "acknowledged")
                    + entry("2026-06-06T10:05:00Z", "impact_started")
                    + entry("2026-06-06T10:40:00Z", "resolved"), encoding="utf-8")
    return path


def test_an_acknowledgement_in_the_detections_minute_is_counted(
        acknowledged_in_the_minute: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 10:00 (to the minute) is no time before 10:00:30: the early warning was acknowledged in
    # its minute, a time to acknowledge of -5m from impact at 10:05, counted as PM104 reads it.
    assert main(["stats", str(acknowledged_in_the_minute), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    row = report["postmortems"][0]
    assert row["time_to_acknowledge"] == -300
    assert "time_to_acknowledge" not in row.get("doubted", [])
    tta = report["aggregates"]["all"]["time_to_acknowledge"]
    assert (tta["count"], tta["median"], tta["p90"]) == (1, -300.0, -300.0)
    metrics = pmkit.metrics(pmkit.load(acknowledged_in_the_minute))
    assert metrics.in_order("time_to_acknowledge")
    assert main(["check", str(acknowledged_in_the_minute), "--select", "PM104,PM105,PM115"]) == 0


def test_an_acknowledgement_a_minute_before_the_detection_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "early.yaml"
    path.write_text(HEAD.format(id="ack-early") + "timeline:\n"
                    + entry("2026-06-06T10:01:30Z", "detected")
                    + entry("2026-06-06T10:00Z", "acknowledged")
                    + entry("2026-06-06T10:05:00Z", "impact_started"), encoding="utf-8")
    assert not pmkit.metrics(pmkit.load(path)).in_order("time_to_acknowledge")


def test_stats_refuses_a_pmkit_now_that_is_no_time(
        acknowledged_in_the_minute: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NOW", "garbage")
    assert main(["stats", str(acknowledged_in_the_minute)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "PMKIT_NOW: 'garbage' is not an ISO 8601 timestamp" in err
    # --now given wins, as everywhere: the variable is not read then
    assert main(["stats", str(acknowledged_in_the_minute), "--now", "2027-01-01"]) == 0


@pytest.fixture()
def in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
    assert os.environ.get("TZ") != "Asia/Tokyo"


def test_open_items_reads_a_time_without_a_zone_as_utc(tmp_path: Path, in_tokyo: None) -> None:
    path = tmp_path / "pago.yaml"
    path.write_text(
        HEAD.format(id="pago").replace("owner: ops lead\n", "owner: ops lead\ntimezone: Pacific/Pago_Pago\n")
        + "timeline:\n" + entry("2024-02-01T10:00:00-11:00", "impact_started")
        + "action_items:\n"
        + "".join(f"  - id: {key}\n    title: Add an alert on replication lag above 30 s\n"
                  f"    owner: sre\n    due: {due}\n    status: open\n    tracker: JIRA-{n}\n"
                  for n, (key, due) in enumerate((("BI1", "2026-12-07"), ("BI2", "2026-12-06"),
                                                   ("BI3", "2024-02-29")), start=1)),
        encoding="utf-8")
    # 12:00 UTC on 7 December is 01:00 on 7 December in Pago Pago (UTC-11): BI2 is a day overdue.
    # Read in this machine's zone (Tokyo, UTC+9), it was 03:00 UTC, still 6 December there.
    for now in (datetime(2026, 12, 7, 12, 0), "2026-12-07T12:00:00"):
        days = {item.id: item.days_left for item in open_items([str(path)], now)}
        assert days == {"BI1": 0, "BI2": -1, "BI3": -1012}, now
    # a date is its midnight UTC (6 December 13:00 in Pago Pago), as --now reads one
    days = {item.id: item.days_left for item in open_items([str(path)], date(2026, 12, 7))}
    assert days == {"BI1": 1, "BI2": 0, "BI3": -1011}


def test_stats_counts_a_milestone_whose_finding_the_file_suppresses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    timeline = ("timeline:\n" + entry("2026-06-03T10:00:00Z", "impact_started")
                + entry("2026-06-03T10:20:00Z", "resolved", "{comment}")
                + entry("2026-06-03T10:30:00Z", "detected"))
    suppressed = tmp_path / "suppressed.yaml"
    suppressed.write_text(HEAD.format(id="kept") + timeline.format(
        comment="  # pmkit: ignore[PM104] resolved by the failover before paging"), encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(HEAD.format(id="plain") + timeline.format(comment=""), encoding="utf-8")
    assert main(["check", str(suppressed), "--select", "PM104", "--now", "2027-01-01"]) == 0
    assert main(["check", str(plain), "--select", "PM104", "--now", "2027-01-01"]) == 1
    capsys.readouterr()
    for path, doubted in ((suppressed, []), (plain, ["time_to_resolve", "impact_duration"])):
        assert main(["stats", str(path), "--format", "json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["postmortems"][0]["time_to_resolve"] == 1200
        assert report["postmortems"][0].get("doubted", []) == doubted, path.name
        assert report["aggregates"]["all"]["time_to_resolve"]["count"] == (0 if doubted else 1)
