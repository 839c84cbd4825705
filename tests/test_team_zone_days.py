"""An action item's day is counted in the postmortem's time zone, else the team's (the settings'
``timezone``), as the disclosure clocks count theirs: at 20:00 in Los Angeles an item due that
day was "1 day overdue" (``pmkit actions`` and PM714), by the date in UTC."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import postmortem_folder
from pmkit.cli import main

DOC = """\
pmkit: 1
id: z
title: Z
status: draft
lang: en
severity: SEV2
timeline:
  - {at: 2026-03-06T10:00:00Z, milestone: impact_started, actor: x, event: y}
  - {at: 2026-03-06T23:30:00Z, milestone: resolved, actor: x, event: y}
action_items:
  - {id: AI1, title: Add alert one, owner: alice, due: 2026-03-10, priority: P3, status: open, tracker: X-1}
"""
EVENING = "2026-03-11T03:00:00Z"  # 20:00 on 10 March in Los Angeles
NEXT_MORNING = "2026-03-11T16:00:00Z"  # 09:00 on 11 March there


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = postmortem_folder(tmp_path, monkeypatch, "z.yaml", DOC)
    settings = '[tool.pmkit]\npaths = ["postmortems"]\ntimezone = "America/Los_Angeles"\n'
    (root / ".pmkit.toml").write_text(settings, encoding="utf-8")
    return root


def test_an_item_due_today_in_the_teams_zone_is_not_overdue(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", "--now", EVENING, "--format", "json"]) == 0
    [item] = json.loads(capsys.readouterr().out)["items"]
    assert (item["days_left"], item["overdue"]) == (0, False)
    assert main(["check", "--no-hints", "--select", "PM714", "--now", EVENING]) == 0
    assert capsys.readouterr().out == ""


def test_the_next_day_in_the_teams_zone_it_is(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", "--now", NEXT_MORNING, "--format", "json"]) == 0
    [item] = json.loads(capsys.readouterr().out)["items"]
    assert (item["days_left"], item["overdue"]) == (-1, True)
    main(["check", "--no-hints", "--select", "PM714", "--now", NEXT_MORNING])
    assert "PM714 action item AI1" in capsys.readouterr().out


def test_an_item_whose_due_date_cannot_be_read_keeps_the_overdue_gate_shut(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'due: 2026-03-01T10:00:00Z' (a time where a date goes, PM015): the item was listed with no
    # due date, and 'actions --overdue' passed (exit 0) on what nobody could read.
    (repo / "postmortems" / "z.yaml").write_text(DOC.replace("due: 2026-03-10", "due: 2026-03-01T10:00:00Z"),
                                                 encoding="utf-8")
    assert main(["actions", "--overdue", "--now", NEXT_MORNING]) == 2
    err = capsys.readouterr().err
    assert "PM015 '2026-03-01T10:00:00Z' is a time, where a date goes" in err
    assert err.endswith("pmkit: cannot tell whether any items are overdue: one of them gives a due date that "
                        "could not be read (named above); fix it ('pmkit check' says how), then run again\n")
    assert main(["actions", "--now", NEXT_MORNING]) == 0  # (listing it is no judgement)
