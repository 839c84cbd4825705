"""Smaller fixes of the seventeenth round, each seen failing on the code before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo
from history_git import pmkit_json as check_json


def test_a_postmortem_moved_out_of_the_checked_folders_is_flagged_at_its_id_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """PM606 on a published postmortem moved out of the checked folders pointed at column 1 of
    its 'id' line with no end and no field, where the PM606 of a rename within the folders
    covers the key: an editor or a pull request showed an empty mark. It now covers 'id' too."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.write("postmortems/README.md", "How we write postmortems.\n")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/queue.yaml")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"], d["end_line"], d["end_col"], d["field"])
            for d in diags] == [("PM606", "archive/queue.yaml", 2, 1, 2, 3, "id")]
    # Within the folders, the same rule marks the same place.
    repo.git("mv", "archive/queue.yaml", "postmortems/2026-03-02-queue-renamed.yaml")
    code, diags = check_json("--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"], d["end_line"], d["end_col"], d["field"])
            for d in diags] == [("PM606", 2, 1, 2, 3, "id")]


def test_exclude_patterns_compile_on_python_3_10() -> None:
    """pmkit supports Python 3.10 (requires-python), whose re module has no atomic groups: a
    pattern of several '*' was compiled with '(?>...)', a re.error there for every run with such
    an exclude setting. The group is written in 3.10's syntax, and stays atomic (no backtracking
    into it: 160 'a's are refused at once)."""
    import time

    from pmkit.discovery import _exclude_regex, excluded_by

    regex, _ = _exclude_regex("*a*a*a*a*a*a*b")
    assert "(?>" not in regex.pattern
    start = time.perf_counter()
    assert regex.fullmatch("a" * 160) is None
    assert time.perf_counter() - start < 5
    assert excluded_by("/r/pm/xaxab.yaml", ["*a*a*b*", "*a*a*b*"], "/r") == "*a*a*b*"


def test_pmkit_due_says_why_git_gave_no_dates(tmp_path: Path) -> None:
    """A global git configuration git cannot parse stops every git command: 'pmkit check' says so
    (PM413), but 'pmkit due' listed the clocks with "published (date unknown)" and not a word
    of why. It now says it once, as PM413 does, with what to do. (A fresh process, as a user
    runs it: gitpython's import is where git first refuses.)"""
    import os
    import subprocess
    import sys

    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    broken = tmp_path / "gitconfig"
    broken.write_text("[core\nbad", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent / "src")

    def due(**more: str) -> tuple[int, str]:
        command = [sys.executable, "-m", "pmkit", "due", "--all", "--now", "2026-11-25T12:00:00Z"]
        done = subprocess.run(command, cwd=repo.root, env={**env, **more}, capture_output=True, text=True,
                              check=False)
        return done.returncode, done.stderr

    assert due(GIT_CONFIG_GLOBAL=str(broken)) == (0, (
        f"pmkit: no git evidence for disclosure dates: git stops before reading anything (fatal: bad config "
        f"line 1 in file {broken}); the clocks use the dates in the documents. Make git able to read the "
        "repository (the message says what stops it). The disclosure rules then use its dates again.\n"))
    assert due() == (0, "")
