"""The times the timeline rules doubt: one notion for PM209 and ``pmkit stats``, by the same
settings (a rule switched off doubts nothing); one blame for PM104 and ``pmkit.metrics``; and
the mark ``pmkit stats`` puts on a duration its aggregates leave out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import pmkit
from helpers import DECISION_WINDOW, THREE_MILESTONES, run, where
from pmkit.cli import main

WINDOW = DECISION_WINDOW  # (lines 17 and 18: the decisions)

TIMELINE_RULES = ["PM104", "PM108", "PM115", "PM209"]


def _after(resolved: str) -> list[tuple[str, int, int, str]]:
    """PM209's findings on both decisions timed after a resolution at ``resolved``."""
    said = f"is timed after the incident was resolved ({resolved})"
    return [("PM209", line, 18, f"decision D{number} {said}") for number, line in ((1, 17), (2, 18))]


def _found(text: str, off: list[str]) -> list[tuple[str, int, int, str]]:
    found = run(text, select=TIMELINE_RULES, config={"ignore": off} if off else None)
    return [(d.code, d.line, d.col, d.message) for d in found]


PM104_ON_RESOLVED = ("PM104", 14, 9, "'resolved' at 2024-03-12 09:00 UTC is before 'impact_started' at "
                     "2024-03-12 10:00 UTC (line 8), and before 'detected' at 2024-03-12 10:05 UTC "
                     "(line 10), and before 'mitigated' at 2024-03-12 10:30 UTC (line 12), which cannot be")


@pytest.mark.parametrize(("off", "expected"), [
    ([], [PM104_ON_RESOLVED]),
    (["PM108"], [PM104_ON_RESOLVED]),
    # PM104 off: the resolution counts as written, and the decisions after it are the one trace
    (["PM104"], _after("2024-03-12 09:00 UTC")),
])
def test_pm209_doubts_a_resolution_before_the_impact_only_while_pm104_runs(
        off: list[str], expected: list[tuple[str, int, int, str]]) -> None:
    assert _found(WINDOW.replace("RESOLVED", "2024-03-12T09:00:00Z"), off) == expected


PM108_EARLY = ("PM108", 14, 9, "'resolved' at 2023-03-12 11:00 UTC is 365 d 23 h before the entries around "
               "it; with the year 2024 it would fit between them")


@pytest.mark.parametrize(("off", "expected"), [
    ([], [PM108_EARLY]),
    (["PM104"], [PM108_EARLY]),
    # PM108 off: the resolution a year early contradicts the other milestones, and is PM104's
    (["PM108"], [("PM104", 14, 9, "'resolved' at 2023-03-12 11:00 UTC is before 'impact_started' at "
                  "2024-03-12 10:00 UTC (line 8), and before 'detected' at 2024-03-12 10:05 UTC (line 10), "
                  "and before 'mitigated' at 2024-03-12 10:30 UTC (line 12), which cannot be")]),
    (["PM104", "PM108"], _after("2023-03-12 11:00 UTC")),
])
def test_pm209_doubts_a_resolution_a_year_early_while_a_rule_that_reports_it_runs(
        off: list[str], expected: list[tuple[str, int, int, str]]) -> None:
    """Before: PM209 doubted it with both rules off as well, and nothing reported the slip."""
    assert _found(WINDOW.replace("RESOLVED", "2023-03-12T11:00:00Z"), off) == expected


def test_pm209_measures_against_an_entry_a_year_late_when_pm108_is_off() -> None:
    """Without 'resolved' the window ends at the last entry: one typed a year late stretched it
    only while PM108, which reports it, runs not."""
    text = WINDOW.replace("  - at: RESOLVED\n    milestone: resolved\n",
                          "  - at: 2025-03-12T10:40:00Z\n    event: Status page updated.\n").replace(
        "'2024-03-12T12:00:00Z'", "'2024-03-14T12:00:00Z'")
    assert where(run(text, select=TIMELINE_RULES)) == [("PM108", 14, 9), ("PM209", 18, 18)]
    assert run(text, select=TIMELINE_RULES, config={"ignore": ["PM108"]}) == []


#: Payments failed in Berlin on the night the clocks went back: 02:50, read as the first (00:50
#: UTC), is before the detection at 02:10 +01:00 (01:10 UTC); the second (01:50 UTC) is not.
FALL_BACK = """\
pmkit: 1
id: 2026-10-25-payments
title: Payments failed on the night the clocks went back
status: draft
lang: en
severity: SEV3
timezone: Europe/Berlin
timeline:
  - {at: "2026-10-25T01:50", milestone: impact_started}
  - {at: 2026-10-25T02:10+01:00, milestone: detected}
  - {at: "2026-10-25 02:50", milestone: resolved}
decisions:
  - {id: D1, at: '2026-10-25T02:20+01:00', decided_by: incident commander}
"""


@pytest.mark.parametrize(("off", "codes"), [
    ([], ["PM115"]),
    (["PM115"], ["PM104"]),  # weighed as read, the resolution contradicts the detection
    (["PM104"], ["PM115"]),
    (["PM104", "PM115"], ["PM209"]),
])
def test_pm209_measures_no_decision_against_a_time_read_an_hour_early(
        off: list[str], codes: list[str]) -> None:
    """Before: with PM115 naming the hour that fits, PM209 also said D1 (01:20 UTC) was 'timed
    after the incident was resolved (2026-10-25 02:50 +02:00)', measured against the first
    reading that PM115 finds wrong; stats left the durations to it out already."""
    assert [code for code, *_ in _found(FALL_BACK, off)] == codes


# --- pmkit stats, by the same settings ---------------------------------------------------------

#: A SEV3 incident whose 'detected' was typed a month late (2026-04-02 for 2026-03-02).
LATE = THREE_MILESTONES

_NAMES = ["time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve", "impact_duration"]


def _stats(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, off: list[str],
           *options: str) -> dict[str, Any]:
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    settings = tmp_path / "settings.toml"
    settings.write_text(f"ignore = {json.dumps(off)}\n", encoding="utf-8")
    assert main(["stats", "--config", str(settings), *options, str(path)]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if "json" in options else {"text": out}


@pytest.mark.parametrize(("detected", "resolved", "off", "counts"), [
    ("2026-04-02T10:05Z", "2026-03-02T10:40Z", [], [0, 0, 0, 1, 1]),
    # PM104 off: the detection a month late counts as written (31 days to detect)
    ("2026-04-02T10:05Z", "2026-03-02T10:40Z", ["PM104"], [1, 0, 0, 1, 1]),
    ("2026-03-02T10:05Z", "2027-03-02T10:40Z", [], [1, 0, 0, 0, 0]),
    ("2026-03-02T10:05Z", "2027-03-02T10:40Z", ["PM104"], [1, 0, 0, 0, 0]),
    # PM108 off: the resolution a year late counts as written (a recovery of a year)
    ("2026-03-02T10:05Z", "2027-03-02T10:40Z", ["PM108"], [1, 0, 0, 1, 1]),
])
def test_stats_leaves_out_a_duration_to_a_doubted_milestone_while_its_rule_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], detected: str, resolved: str, off: list[str],
        counts: list[int]) -> None:
    """Before: PM104 switched off let the duration to its milestone count, PM108 switched off
    did not: the one notion of PM209 and stats follows the settings for both."""
    data = _stats(capsys, tmp_path, LATE.replace("DETECTED", detected).replace("RESOLVED", resolved), off,
                  "--format", "json")
    every = data["aggregates"]["all"]
    assert [every[name]["count"] for name in _NAMES] == counts


@pytest.mark.parametrize("off", [[], ["PM104"]])
def test_pm209_and_stats_doubt_the_same_resolution(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], off: list[str]) -> None:
    """A 'resolved' at 10:03, after the impact but before the detection and the mitigation:
    doubted, no decision is measured against it and its three minutes count in no aggregate;
    with PM104 off, both take it as written."""
    text = WINDOW.replace("RESOLVED", "2024-03-12T10:03:00Z")
    pm209 = [code for code, *_ in _found(text, off) if code == "PM209"]
    data = _stats(capsys, tmp_path, text, off, "--format", "json")
    counted = data["aggregates"]["all"]["time_to_resolve"]["count"]
    assert (len(pm209), counted) == ((0, 0) if not off else (2, 1))


# --- one blame for PM104 and pmkit.metrics ------------------------------------------------------

#: Five milestones in UTC, in list order; each is replaced by the time a case gives it.
FIVE = """\
pmkit: 1
id: 2026-03-02-cache
title: Cache outage in checkout
status: draft
lang: en
severity: SEV2
timeline:
  - {at: "2026-03-02T10:00Z", milestone: impact_started}
  - {at: "DETECTED", milestone: detected}
  - {at: "ACKNOWLEDGED", milestone: acknowledged}
  - {at: "MITIGATED", milestone: mitigated}
  - {at: "RESOLVED", milestone: resolved}
"""


@pytest.mark.parametrize(("times", "blamed"), [
    # an hour late: after the three it must precede, the one in most contradictions
    (("2026-03-02T11:05Z", "2026-03-02T10:10Z", "2026-03-02T10:30Z", "2026-03-02T10:40Z"), ["detected"]),
    # a month late, after 'resolved' alone: out of line with the rest of the timeline
    (("2026-04-02T10:05Z", "2026-03-02T10:10Z", "2026-03-02T10:30Z", "2026-03-02T10:40Z"), ["detected"]),
    # a month early: before the detection, the impact and the mitigation
    (("2026-03-02T10:05Z", "2026-03-02T10:10Z", "2026-03-02T10:30Z", "2026-02-02T10:40Z"), ["resolved"]),
    # two flaws: an acknowledgement and a resolution each before what they must follow
    (("2026-03-02T10:05Z", "2026-03-02T10:01Z", "2026-03-02T10:30Z", "2026-03-02T10:20Z"),
     ["acknowledged", "resolved"]),
    (("2026-03-02T10:05Z", "2026-03-02T10:10Z", "2026-03-02T10:30Z", "2026-03-02T10:40Z"), []),
])
def test_pm104_and_metrics_blame_the_same_milestone(times: tuple[str, ...], blamed: list[str]) -> None:
    """Both count the contradictions and break ties alike (one function decides for both);
    the timeline's offsets and list order, which only PM104 sees, decide nothing here."""
    text = FIVE
    for name, at in zip(("DETECTED", "ACKNOWLEDGED", "MITIGATED", "RESOLVED"), times, strict=True):
        text = text.replace(name, at)
    found = run(text, select=["PM104"])
    assert [d.message.split("'")[1] for d in found] == blamed
    assert sorted(m.value for m in pmkit.metrics(pmkit.loads(text)).contradicted()) == blamed


# --- pmkit stats marks the durations its aggregates leave out ----------------------------------

#: The postmortem table of LATE (a 'detected' typed a month late) next to one in order.
MARKED_TABLE = """\
Postmortems (2); durations from impact start
id                severity  impact start (UTC)     TTD   TTA  TTM  TTR  impact
2026-03-02-cache  SEV3      2026-03-02 10:00    31d00h*    -    -  40m     40m
2026-03-09-api    SEV3      2026-03-09 10:00        5m     -    -  40m     40m
"""

LEFT_OUT = ("* left out of the aggregates: a milestone it runs to or from is out of causal order, or its "
            "time is in doubt (see 'pmkit check').")


def _two(tmp_path: Path, detected: str = "2026-04-02T10:05Z") -> Path:
    """LATE with ``detected``, and a second postmortem a week later whose milestones are in order."""
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "late.yaml").write_text(
        LATE.replace("DETECTED", detected).replace("RESOLVED", "2026-03-02T10:40Z"), encoding="utf-8")
    (folder / "api.yaml").write_text(
        LATE.replace("2026-03-02-cache", "2026-03-09-api").replace("2026-03-02T10:00Z", "2026-03-09T10:00Z")
        .replace("DETECTED", "2026-03-09T10:05Z").replace("RESOLVED", "2026-03-09T10:40Z"), encoding="utf-8")
    return folder


def test_stats_text_marks_a_duration_to_a_doubted_milestone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: '31d00h' stood unmarked beside the others, while the aggregates' TTD (n=1) left
    it out without saying which."""
    assert main(["stats", str(_two(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.startswith(MARKED_TABLE + "\n")
    lines = out.splitlines()
    assert lines[lines.index("group    count  TTD            TTA  TTM  TTR        impact") + 1] == (
        "all          2  5m / 5m (n=1)  -    -    40m / 40m  40m / 40m")
    assert lines[-2:] == ["", LEFT_OUT]


def test_stats_text_marks_nothing_and_says_nothing_when_every_duration_counts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(_two(tmp_path, detected="2026-03-02T10:05Z"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Postmortems (2); durations from impact start\n"
                          "id                severity  impact start (UTC)  TTD  TTA  TTM  TTR  impact\n"
                          "2026-03-02-cache  SEV3      2026-03-02 10:00     5m    -    -  40m     40m\n")
    assert "*" not in out and out.endswith("40m / 40m  40m / 40m\n")


def test_stats_json_lists_the_doubted_durations_after_the_durations(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--format", "json", str(_two(tmp_path))]) == 0
    late, api = json.loads(capsys.readouterr().out)["postmortems"]
    assert list(late) == ["path", "id", "title", "severity", "quarter", "impact_started", "detected",
                          "acknowledged", "mitigated", "resolved", *_NAMES, "doubted", "marked_twice",
                          "happened_twice"]
    assert (late["time_to_detect"], late["doubted"]) == (2678700.0, ["time_to_detect"])
    assert api["doubted"] == []


def test_stats_marks_every_duration_when_the_impact_start_is_doubted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every duration runs from 'impact_started': typed a day late, after the mitigation and the
    resolution, it puts all of them in doubt, the early warning's negative time to detect too."""
    text = FIVE.replace('"2026-03-02T10:00Z"', '"2026-03-03T10:00Z"')
    for name, at in zip(("DETECTED", "ACKNOWLEDGED", "MITIGATED", "RESOLVED"),
                        ("2026-03-02T10:05Z", "2026-03-02T10:10Z", "2026-03-02T10:30Z", "2026-03-02T10:40Z"),
                        strict=True):
        text = text.replace(name, at)
    data = _stats(capsys, tmp_path, text, [], "--format", "json")
    assert data["postmortems"][0]["doubted"] == _NAMES
    assert main(["stats", str(tmp_path / "pm.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[2] == (
        "2026-03-02-cache  SEV2      2026-03-03 10:00    -23h55m*  -23h50m*  -23h30m*  -23h20m*  -23h20m*")


def test_stats_marks_nothing_a_rule_switched_off_leaves_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With PM104 off the detection a month late counts (above), and so goes unmarked."""
    text = LATE.replace("DETECTED", "2026-04-02T10:05Z").replace("RESOLVED", "2026-03-02T10:40Z")
    assert _stats(capsys, tmp_path, text, ["PM104"], "--format", "json")["postmortems"][0]["doubted"] == []
    assert "*" not in _stats(capsys, tmp_path, text, ["PM104"])["text"]


DETECTED_A_DAY_LATE = """\
pmkit: 1
id: 2026-03-02-checkout
title: Checkout errors
status: draft
lang: en
severity: SEV2
timeline:
  - {at: 2026-03-03T10:05:00Z, milestone: detected, actor: monitoring, event: Error-rate alert fired.}
  - {at: 2026-03-02T10:08:00Z, milestone: acknowledged, actor: on-call engineer, event: Alert acknowledged.}
  - {at: 2026-03-02T10:20:00Z, actor: incident commander, event: Rolled back release 4.2., decision: D1}
  - {at: 2026-03-02T10:30:00Z, milestone: mitigated, actor: on-call engineer, event: Errors back to normal.}
  - {at: 2026-03-02T11:00:00Z, milestone: resolved, actor: incident commander, event: Incident closed.}
decisions:
  - id: D1
    at: 2026-03-02T10:20:00Z
    decision: Roll back release 4.2.
    rationale: The errors began with 4.2 and a rollback takes five minutes.
"""


def test_a_start_the_timeline_rules_doubt_opens_no_window() -> None:
    # Before: beside PM104 on the detection typed a day late, PM209 said the decision taken
    # between acknowledgement and mitigation was 'timed before the incident was detected'.
    found = run(DETECTED_A_DAY_LATE, select=["PM104", "PM209"])
    assert [d.code for d in found] == ["PM104"]
    assert where(found) == [("PM104", 8, 10)]


def test_with_pm104_off_the_start_counts_as_written() -> None:
    found = run(DETECTED_A_DAY_LATE, select=["PM209"])
    assert where(found) == [("PM209", 15, 9)]
    assert found[0].message == "decision D1 is timed before the incident was detected (2026-03-03 10:05 UTC)"
