"""``pmkit stats``: text and JSON reports, aggregates, skipped files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.commands.stats import fmt_seconds, percentile

GOOD = FIXTURES / "timeline" / "good"


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for path in GOOD.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    (folder / "broken.yaml").write_text("pmkit: 1\nid: [unclosed\n", encoding="utf-8")
    (folder / "no-severity.yaml").write_text(
        "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\n", encoding="utf-8")
    return folder


def test_text_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(repo)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "Postmortems (3); durations from impact start"
    github = next(line for line in lines if line.startswith("2018-10-21-github"))
    assert github.split() == ["2018-10-21-github-database-partition", "SEV1", "2018-10-21",
                              "22:52", "2m", "10m", "17h32m", "24h11m", "24h11m"]
    fastly = next(line for line in lines if line.startswith("2021-06-08-fastly"))
    assert fastly.split()[4:] == ["1m", "11m", "2h48m", "2h57m", "2h57m"]
    sev1 = next(line for line in lines if line.startswith("SEV1 "))
    assert sev1.split()[:5] == ["SEV1", "2", "1m30s", "/", "1m54s"]
    assert any(line.startswith("2018-Q4 ") for line in lines)
    assert any(line.startswith("2021-Q2 ") for line in lines)
    assert "Traceback" not in err
    assert "skipped" in err and "broken.yaml" in err and "no-severity.yaml" in err
    assert "PM011" in err  # the reason is the first finding


def test_json_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1 and data["unit"] == "seconds"
    by_id = {pm["id"]: pm for pm in data["postmortems"]}
    github = by_id["2018-10-21-github-database-partition"]
    assert github["time_to_resolve"] == 24 * 3600 + 11 * 60
    assert github["impact_started"] == "2018-10-21T22:52:00+00:00"
    assert github["quarter"] == "2018-Q4" and github["severity"] == "SEV1"
    everything = data["aggregates"]["all"]
    assert everything["count"] == 3
    assert everything["time_to_detect"] == {"count": 3, "median": 120.0, "p90": 216.0}
    sev1 = data["aggregates"]["by_severity"]["SEV1"]
    assert sev1["time_to_mitigate"]["median"] == (17 * 3600 + 32 * 60 + 2 * 3600 + 48 * 60) / 2
    assert set(data["aggregates"]["by_quarter"]) == {"2018-Q4", "2021-Q2", "2026-Q1"}
    assert sorted(Path(s["path"]).name for s in data["skipped"]) == ["broken.yaml", "no-severity.yaml"]


def test_missing_milestones_are_counted_per_metric(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(GOOD_EXAMPLE, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text(
        "pmkit: 1\nid: b\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\ntimeline:\n"
        "  - {at: 2019-01-05T10:00:00Z, milestone: detected}\n", encoding="utf-8")
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["aggregates"]["all"]["count"] == 2
    assert data["aggregates"]["all"]["time_to_detect"]["count"] == 1
    assert data["aggregates"]["by_quarter"]["unknown"]["count"] == 1
    b = next(pm for pm in data["postmortems"] if pm["id"] == "b")
    assert b["time_to_detect"] is None and b["quarter"] is None
    assert main(["stats", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "(n=1)" in out  # the column says how many had both milestones


def test_no_postmortems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "No postmortems to report.\n"


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_percentile_and_formatting() -> None:
    assert percentile([1.0], 0.9) == 1.0
    assert percentile([60.0, 120.0, 60.0], 0.5) == 60.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.7)
    assert fmt_seconds(None) == "-"
    assert fmt_seconds(150) == "2m30s"
    assert fmt_seconds(120) == "2m"
    assert fmt_seconds(45) == "45s"
    assert fmt_seconds(87060) == "24h11m"
    assert fmt_seconds(4 * 86400 + 3 * 3600) == "4d03h"


def test_a_file_with_a_schema_error_is_skipped_not_measured(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Its model leaves the invalid time out: its durations would be ones the file does not say."""
    path = tmp_path / "pm.yaml"
    path.write_text(
        "pmkit: 1\nid: dst\ntitle: Batch\nstatus: draft\nlang: en\nseverity: SEV3\ntimezone: Europe/Berlin\n"
        "timeline:\n"
        "  - {at: 2026-03-29T01:50:00, milestone: impact_started, actor: batch, event: Jobs failed.}\n"
        "  - {at: 2026-03-29T02:30:00, milestone: detected, actor: monitoring, event: Alert fired.}\n"
        "  - {at: 2026-03-29T04:00:00, milestone: resolved, actor: on-call engineer, event: Done.}\n",
        encoding="utf-8")
    assert main(["stats", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["postmortems"] == [] and [s["reason"][:12] for s in data["skipped"]] == ["10:10: PM015"]
    assert "pmkit: skipped" in captured.err


def test_impact_started_on_a_bare_date_counts_in_the_quarter_of_that_day(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Midnight of 1 January in Berlin is 23:00 on 31 December in UTC, but nobody wrote that time."""
    (tmp_path / "pm.yaml").write_text(
        "pmkit: 1\nid: latent\ntitle: t\nstatus: published\nlang: en\nseverity: SEV2\n"
        "timezone: Europe/Berlin\ntimeline:\n"
        "  - {at: 2026-01-01, milestone: impact_started}\n"
        "  - {at: 2026-01-20T10:00:00, milestone: detected}\n", encoding="utf-8")
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["postmortems"][0]["quarter"] == "2026-Q1"
    assert list(data["aggregates"]["by_quarter"]) == ["2026-Q1"]
    assert main(["stats", str(tmp_path)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("latent"))
    assert row.split()[:3] == ["latent", "SEV2", "2026-01-01"]
