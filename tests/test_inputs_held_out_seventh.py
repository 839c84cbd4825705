"""Inputs of the seventh round on loading, positions, the report verbs and the output formats.
Each ends in the finding, position, output or exit code a user relies on, never a traceback or a
file passed over without a word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE, GOOD_EXAMPLE
from pmkit.cli import main

# --- stats and actions read the same files ------------------------------------------------


def _repository(folder: Path) -> Path:
    """A folder of two postmortems: one with an unknown key (an error that leaves its timeline
    whole), one with an action item's due date that is no date and a timeline entry without
    its time."""
    flawed = FLAWED_EXAMPLE.read_text(encoding="utf-8")
    assert "\nroot_cause:" in flawed
    (folder / "unknown-key.yaml").write_text(flawed, encoding="utf-8")
    good = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert "  - at: 2018-10-21T22:54:00Z\n" in good
    broken = good.replace("  - at: 2018-10-21T22:54:00Z\n", "  - at: soon\n", 1)
    (folder / "bad-time.yaml").write_text(broken, encoding="utf-8")
    return folder


def test_stats_measures_a_file_whose_error_leaves_the_timeline_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The unknown key 'root_cause' made stats skip the file, while 'pmkit actions' listed its
    # action items: the two verbs disagreed on which postmortems there are.
    folder = _repository(tmp_path)
    assert main(["stats", "--format", "json", str(folder)]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [p["id"] for p in data["postmortems"]] == ["2025-02-14-login-outage"]
    assert data["postmortems"][0]["time_to_detect"] is not None
    assert [(Path(s["path"]).name, s["reason"].split(" ")[:2]) for s in data["skipped"]] == [
        ("bad-time.yaml", ["37:9:", "PM015"])]
    assert err.splitlines() == [
        f"pmkit: skipped {folder / 'bad-time.yaml'}: {data['skipped'][0]['reason']}",
        f"pmkit: {folder / 'unknown-key.yaml'}:38:1: PM010 unknown key 'root_cause' (measured anyway: "
        "the error does not touch the timeline; see 'pmkit check')",
    ]
    # 'pmkit actions' lists the items of the file stats measured, with the same kind of note.
    assert main(["actions", "--format", "json", str(folder)]) == 0
    listed = {item["postmortem"] for item in json.loads(capsys.readouterr().out)["items"]}
    assert "2025-02-14-login-outage" in listed
