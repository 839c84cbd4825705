"""The reporting verbs 'due', 'actions' and 'stats' over a repository of postmortems, eighth
round: what each says about files it could not read, in text and JSON, so that a folder of
broken files never reads as "nothing due"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmkit.cli import main

_BROKEN_YAML = "id: [\n"
_NO_FORMAT = "title: Checkout outage\n"


def _broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    (folder / "payments").mkdir(parents=True)
    (folder / "payments" / "a.yaml").write_text(_BROKEN_YAML, encoding="utf-8")
    (folder / "b.yaml").write_text(_NO_FORMAT, encoding="utf-8")
    return folder


def test_due_json_names_the_files_it_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken_folder(tmp_path)
    assert main(["due", str(folder), "--format", "json", "--now", "2026-01-01T00:00:00Z"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["clocks"] == []
    assert [(s["path"], s["reason"].split(" ")[1]) for s in out["skipped"]] == [
        (str(folder / "b.yaml"), "PM011"), (str(folder / "payments" / "a.yaml"), "PM001")]
    assert out["skipped"][0]["reason"] == "1:1: PM011 required field 'pmkit' is missing"


def test_due_text_does_not_say_nothing_due_for_broken_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken_folder(tmp_path)
    assert main(["due", str(folder), "--now", "2026-01-01T00:00:00Z"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "no open disclosure clocks in the postmortems read; 2 files skipped as not valid postmortems,"
        " whose clocks are unknown (see 'pmkit check') (use --all to list met ones)\n")
    assert "b.yaml:1:1: PM011 required field 'pmkit' is missing (skipped" in captured.err


def test_due_json_skipped_is_empty_when_every_file_loads(capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import GOOD_EXAMPLE

    assert main(["due", str(GOOD_EXAMPLE), "--format", "json", "--now", "2026-11-25T00:00:00Z"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == []


_OPEN_ITEMS = """\
pmkit: 1
id: 2026-10-02-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV2
owner: payments team lead
action_items:
  - {id: AI1, title: Add an alert on checkout errors, owner: payments sre, due: 2026-12-20, status: open}
  - {id: AI2, title: Add a load test for checkout, owner: payments sre, status: in-progress}
"""


def test_actions_overdue_with_none_overdue_does_not_say_none_open(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text(_OPEN_ITEMS, encoding="utf-8")
    assert main(["actions", str(tmp_path), "--overdue", "--now", "2026-12-01T00:00:00Z"]) == 0
    assert capsys.readouterr().out == "No overdue action items. 2 open action items in all.\n"


def test_actions_owner_matching_nothing_names_the_filter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text(_OPEN_ITEMS, encoding="utf-8")
    assert main(["actions", str(tmp_path), "--owner", "dba", "--now", "2026-12-01T00:00:00Z"]) == 0
    assert capsys.readouterr().out == (
        "No open action items whose owner contains 'dba'. 2 open action items in all.\n")


def test_actions_folder_of_broken_files_is_not_nothing_open(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken_folder(tmp_path)
    assert main(["actions", str(folder), "--now", "2026-01-01T00:00:00Z"]) == 0
    assert capsys.readouterr().out == (
        "No open action items in the postmortems read. 2 files skipped as not valid postmortems,"
        " whose items are unknown (see 'pmkit check').\n")


def test_actions_nothing_open_in_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(tmp_path), "--overdue", "--now", "2026-01-01T00:00:00Z"]) == 0
    assert capsys.readouterr().out == "No overdue action items.\n"


def test_stats_folder_of_broken_files_says_they_were_skipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken_folder(tmp_path)
    assert main(["stats", str(folder)]) == 0
    assert capsys.readouterr().out == (
        "No postmortems to report: 2 files skipped, not measured: not a valid postmortem, or an error"
        " in the timeline or timezone (see 'pmkit check').\n")


def test_stats_report_ends_with_the_files_not_measured(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import GOOD_EXAMPLE

    folder = _broken_folder(tmp_path)
    (folder / "good.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["stats", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Postmortems (1); durations from impact start"
    assert lines[-2:] == ["", "2 files skipped, not measured: not a valid postmortem, or an error in the"
                          " timeline or timezone (see 'pmkit check')."]


_SEC_OVERDUE = """\
pmkit: 1
id: 2025-06-17-ransomware
title: Ransomware at a listed company
status: draft
lang: en
severity: SEV1
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2025-06-17T10:00:00-04:00
"""


def test_due_overdue_lists_only_missed_clocks_and_exits_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sec.yaml").write_text(_SEC_OVERDUE, encoding="utf-8")
    # Four business days after Tuesday 17 June, Juneteenth (19 June) not counted: due 24 June.
    assert main(["due", str(tmp_path), "--overdue", "--now", "2025-06-26T12:00:00Z"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in out] == ["sec-8k form-8k [investors]"]
    assert "OVERDUE by" in out[0]
    assert main(["due", str(tmp_path), "--overdue", "--now", "2025-06-26T12:00:00Z", "--format", "json"]) == 1
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    assert [(c["stage"], c["state"]) for c in clocks] == [("form-8k", "overdue")]


def test_due_overdue_with_the_clock_still_running_exits_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sec.yaml").write_text(_SEC_OVERDUE, encoding="utf-8")
    assert main(["due", str(tmp_path), "--overdue", "--now", "2025-06-18T12:00:00Z"]) == 0
    assert capsys.readouterr().out == "no overdue disclosure clocks\n"
    # Without --overdue the open clock is listed and the exit code stays 0.
    assert main(["due", str(tmp_path), "--now", "2025-06-26T12:00:00Z"]) == 0
    assert "OVERDUE by" in capsys.readouterr().out
