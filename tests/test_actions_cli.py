"""``pmkit actions``: open action items across a repository, most urgent first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLES, FIXTURES
from pmkit.cli import main

NOW = "2026-11-25T12:00:00Z"

PM = """\
pmkit: 1
id: {id}
title: t
status: published
lang: en
severity: SEV2
{extra}action_items:
{items}"""


def write(folder: Path, name: str, ident: str, items: str, extra: str = "") -> Path:
    path = folder / name
    path.write_text(PM.format(id=ident, items=items, extra=extra), encoding="utf-8")
    return path


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    write(folder, "a.yaml", "pm-a",
          "  - {id: AI1, title: Add a lag alert, priority: P2, owner: db team, due: 2026-11-20,"
          " status: open}\n"
          "  - {id: AI2, title: Write the runbook, priority: P1, owner: sre, due: 2026-12-05,"
          " status: in-progress}\n"
          "  - {id: AI3, title: Remove the pin, priority: P0, owner: sre, due: 2026-10-01,"
          " status: done}\n")
    write(folder, "b.yaml", "pm-b",
          "  - {id: AI1, title: Shard the table, priority: P3, owner: DB Team, status: open}\n"
          "  - {id: AI2, title: Rotate the token, priority: P1, owner: security, due: 2026-11-01}\n"
          "  - {id: AI3, title: Rotate the other token, priority: P0, owner: security,"
          " due: 2026-11-20}\n")
    (folder / "broken.yaml").write_text("pmkit: 1\nid: [unclosed\n", encoding="utf-8")
    invalid = PM.format(id="pm-c", extra="", items="  - {id: AI1, due: 30.11.2026}\n")
    (folder / "invalid.yaml").write_text(invalid, encoding="utf-8")
    (folder / "README.md").write_text("# not a postmortem\n", encoding="utf-8")
    return folder


def test_text_lists_open_items_by_urgency(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(repo), "--now", NOW]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["WHEN", "DUE", "PRI", "POSTMORTEM", "ITEM", "OWNER", "TITLE"]
    # Most overdue first; same due date: higher priority first; no due date last.
    assert [line.split()[0:3] for line in lines[1:7]] == [
        ["24", "days", "overdue"], ["5", "days", "overdue"], ["5", "days", "overdue"],
        ["10", "days", "left"], ["no", "due", "date"], ["due", "date", "unreadable"]]
    columns = [line.split()[3:7] for line in lines[1:5]]
    assert columns == [["2026-11-01", "P1", "pm-b", "AI2"], ["2026-11-20", "P0", "pm-b", "AI3"],
                           ["2026-11-20", "P2", "pm-a", "AI1"], ["2026-12-05", "P1", "pm-a", "AI2"]]
    assert lines[5].split()[3:7] == ["-", "P3", "pm-b", "AI1"]
    assert "Remove the pin" not in out  # done items are not listed
    # A schema error (an unreadable due date) does not hide the item; it is listed without
    # the bad field, said to be unreadable (not "no due date", as if none had been written),
    # and the problem is named on stderr. Unparsable YAML is skipped.
    assert lines[6].split()[3:6] == ["-", "-", "pm-c"]
    assert out.rstrip().endswith("6 open action items, 3 overdue. 1 file skipped as not a valid postmortem, "
                                 "whose items are unknown (see 'pmkit check').")
    assert "broken.yaml:2:5: PM001" in err and "PM001" in err and "(skipped)" in err
    assert "invalid.yaml" in err and "PM015" in err and "(listed anyway" in err
    assert "README" not in err


def test_json_output(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(repo), "--now", NOW, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["version"] == 1 and payload["count"] == 6 and payload["overdue"] == 3
    first = payload["items"][0]
    assert first == {
        "path": str(repo / "b.yaml"), "line": 9, "postmortem": "pm-b", "severity": "SEV2",
        "id": "AI2", "title": "Rotate the token", "owner": "security", "priority": "P1",
        "type": None, "status": "open", "due": "2026-11-01", "tracker": None, "days_left": -24,
        "overdue": True, "due_unread": False,
    }
    assert [i["days_left"] for i in payload["items"]] == [-24, -5, -5, 10, None, None]
    assert [i["due_unread"] for i in payload["items"]] == [False] * 5 + [True]


def test_overdue_filter_exits_1(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(repo), "--now", NOW, "--overdue"]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("3 open action items, 3 overdue. 1 file skipped as not a valid postmortem, "
                                 "whose items are unknown (see 'pmkit check').")
    # None overdue in the files read, but the one skipped may hold some: the gate does not pass.
    assert main(["actions", str(repo), "--now", "2026-11-01T00:00:00Z", "--overdue"]) == 2
    assert capsys.readouterr().out == (
        "No overdue action items in the postmortems read. 6 open action items in all. 1 file skipped"
        " as not a valid postmortem, whose items are unknown (see 'pmkit check').\n")


def test_owner_filter_is_case_insensitive_substring(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(repo), "--now", NOW, "--owner", "db team", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["postmortem"], i["id"]) for i in items] == [("pm-a", "AI1"), ("pm-b", "AI1")]


def test_now_from_environment(repo: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NOW", "2026-11-21T08:00:00Z")
    assert main(["actions", str(repo / "a.yaml"), "--format", "json"]) == 0
    assert [i["days_left"] for i in json.loads(capsys.readouterr().out)["items"]] == [-1, 14]


def test_due_today_uses_the_documents_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "z.yaml", "pm-z", "  - {id: AI1, title: Add an alert, due: 2026-11-25}\n",
          extra="timezone: Pacific/Auckland\n")
    # 12:00 UTC on the 25th is already the 26th in Auckland: one day overdue there.
    assert main(["actions", str(tmp_path), "--now", NOW, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["items"][0]["days_left"] == -1


def test_missing_path_and_bad_now_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["actions", str(tmp_path), "--now", "yesterday"]) == 2


def test_examples_and_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    # Only the deliberately flawed example has open items (its schema error does not hide them).
    assert main(["actions", str(EXAMPLES), "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert {line.split()[-1] for line in out.splitlines()[1:3]} <= {"monitoring", "checklist"}
    assert out.count("2025-02-14-login-outage") == 2
    assert main(["actions", str(FIXTURES / "learning" / "good"), "--now", NOW, "--overdue"]) == 0
    assert capsys.readouterr().out == "No overdue action items. 3 open action items in all.\n"
    assert main(["actions", str(FIXTURES / "learning" / "bad"), "--now", NOW, "--overdue",
                 "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["postmortem"], i["id"], i["days_left"]) for i in items] == [
        ("2024-07-02-versand", "AI5", -24), ("2024-09-03-login", "AI4", -1)]


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--overdue" in out and "with --overdue, 1 when at least one" in out


def test_control_characters_in_titles_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A title can hold any character YAML can escape: it must not start a new line (where
    # "::" would be a GitHub workflow command) or drive the terminal.
    write(tmp_path, "x.yaml", "pm-x",
          '  - {id: AI1, title: "Fix it\\n::warning file=x::pwned\\e[2J", owner: sre, due: 2026-12-01}\n')
    assert main(["actions", str(tmp_path), "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "Fix it\\n::warning file=x::pwned\\x1b[2J" in out


def test_overdue_counts_pm714s_grace_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reminder job on 'actions --overdue' agrees with 'pmkit check' (PM714)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pmkit.toml").write_text("[rules.PM714]\ngrace_days = 7\n", encoding="utf-8")
    folder = tmp_path / "postmortems"
    folder.mkdir()
    path = write(folder, "a.yaml", "pm-a", "  - {id: AI1, title: Add a lag alert, owner: db team, "
                 "due: 2026-05-28, status: open}\n")
    now = "2026-06-01T12:00:00Z"
    assert main(["check", str(path), "--now", now, "--select", "PM714"]) == 0
    assert main(["actions", str(folder), "--now", now, "--overdue"]) == 0
    assert main(["actions", str(folder), "--now", now]) == 0
    assert "4 days past due, within the grace days" in capsys.readouterr().out
    assert main(["actions", str(folder), "--now", "2026-06-05T12:00:00Z", "--overdue"]) == 1
    assert "8 days overdue" in capsys.readouterr().out


def test_overdue_names_every_unread_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It says "2 of them ... (named above)": both are named, not only the file's first problem."""
    path = write(tmp_path, "two.yaml", "pm-two",
                 "  - {id: A1, title: Add a lag alert, owner: sre, due: 2026-11-19T10:00:00Z, status: open}\n"
                 "  - {id: A2, title: Add a canary stage, owner: sre, due: Q1 2026, status: open}\n"
                 "  - {id: A3, title: Shard the table, owner: sre, due: Q2 2026, status: done}\n")
    assert main(["actions", str(path), "--now", NOW, "--overdue"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"pmkit: {path}:8:55: PM015 '2026-11-19T10:00:00Z' is a time, where a date goes, which pmkit does "
        "not read: write 2026-11-19 (listed anyway; see 'pmkit check')",
        f"pmkit: {path}:9:58: PM015 'Q1 2026' is a quarter, not a day (listed anyway; see 'pmkit check')",
        "pmkit: cannot tell whether any items are overdue: 2 of them give a due date that could not be read "
        "(named above); fix them ('pmkit check' says how), then run again",
    ]
