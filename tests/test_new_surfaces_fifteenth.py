"""This round's new surfaces under unusual use: the command's exit (launcher), PM028, GitLab's
Code Quality report and a shared Checker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

_FRONT = "---\npmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"

# The command's main is a git command that gitpython guards with its watchdog timer (as pmkit's
# history reads run git), interrupted by Ctrl-C while it runs.
_INTERRUPTED_GIT = """
import sys
from pmkit import cli

def main():
    import git
    print('started', flush=True)
    git.Git().execute(['sleep', '30'], kill_after_timeout=120)
    return 0

cli.main = main
from pmkit.launcher import run
sys.exit(run())
"""


def test_ctrl_c_during_a_git_command_ends_at_once_with_130() -> None:
    """Ctrl-C while a git command ran left gitpython's watchdog timer (no daemon) armed, and the
    command hung for the timer's two minutes before it ended with 130."""
    proc = subprocess.Popen([sys.executable, "-c", _INTERRUPTED_GIT], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "started\n"
        time.sleep(0.3)
        os.killpg(proc.pid, signal.SIGINT)
        started = time.monotonic()
        _, err = proc.communicate(timeout=30)
        assert (proc.returncode, err) == (130, "")
        assert time.monotonic() - started < 10
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- Guards: what was already right -----------------------------------------------------------

_SECOND = "## Summary\n\nText.\n\n---\nstatus: published\n---\n"


@pytest.mark.parametrize(("text", "expected"), [
    ((_FRONT + _SECOND).replace("\n", "\r\n"), [("PM028", 13, 1, 15, 4)]),  # CRLF
    ("\ufeff" + _FRONT + _SECOND, [("PM028", 13, 1, 15, 4)]),  # a BOM
    (_FRONT + "## Summary\n\nText.\n\n---\nauthors:\n  - a\nstatus:\n  published\n...\n",
     [("PM028", 13, 1, 18, 4)]),  # values on the following lines, closed with '...'
    (_FRONT + "## Summary\n\n> ---\n> status: published\n> ---\n", []),  # in a block quote
    (_FRONT + "## Summary\n\n<pre>\n---\nstatus: published\n---\n</pre>\n", []),  # an HTML block
    (_FRONT + "## Summary\n\n```\n\n---\nstatus: published\n---\n```\n", []),  # a closed fence
    (_FRONT + "## Summary\n\n~~~\n\n---\nstatus: published\n---\n", []),  # a fence never closed
    (_FRONT + "## Summary\n\n- item\n\n  ---\n  status: published\n  ---\n", []),  # in a list item
])
def test_pm028_guards(text: str, expected: list[tuple[str, int, int, int, int]]) -> None:
    """Guard: line endings, a BOM and multi-line values are read through; quotes, HTML blocks,
    fences and list items hold no front matter."""
    import pmkit

    found = pmkit.check_text(text, "pm.md", now="2026-03-05")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in found if d.code == "PM028"] == expected


def test_pm028_is_for_markdown_only() -> None:
    """Guard: a YAML postmortem's '---' lines are YAML's, not PM028's."""
    import pmkit

    text = _FRONT[4:-4] + "summary: |\n  Text.\n\n  ---\n  status: published\n  ---\n"
    assert [d.code for d in pmkit.check_text(text, "pm.yaml", now="2026-03-05") if d.code == "PM028"] == []


def test_gitlab_report_of_file_level_findings_outside_a_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: findings of a whole file (PM007 at line 0, PM004 for bytes that are not UTF-8)
    begin at line 1; a file in a folder with a blank is named relative to where the run is."""
    from pmkit.cli import main

    folder = tmp_path / "sub dir"
    folder.mkdir()
    (folder / "empty.yaml").write_text("")
    (folder / "latin.yaml").write_bytes(b"id: caf\xe9\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "gitlab", "--select", "PM0", "sub dir"]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("PM007", "major", {"path": "sub dir/empty.yaml", "lines": {"begin": 1, "end": 1}}),
        ("PM004", "major", {"path": "sub dir/latin.yaml", "lines": {"begin": 1, "end": 1}}),
    ]


def test_a_failed_call_leaves_a_shared_checker_free_for_other_threads() -> None:
    """Guard: a call that raises (a text that is not a str) releases the Checker's lock, so
    another thread's call then runs; a call made inside a call of the same thread nests."""
    import threading

    import pmkit
    from pmkit.engine import Checker

    checker = Checker(pmkit.Config(select=["PM0"]), now="2026-03-05")
    with pytest.raises(TypeError, match="text must be a str, not int"):
        checker.check_text(123)  # type: ignore[arg-type]
    found: list[list[str]] = []
    other = threading.Thread(target=lambda: found.append(
        [d.code for d in checker.check_text(_FRONT + _SECOND, "pm.md")]))
    other.start()
    other.join(timeout=30)
    assert found == [["PM028"]]
    with checker._lock:  # held by this thread: its own call still runs
        assert [d.code for d in checker.check_text(_FRONT + _SECOND, "pm.md")] == ["PM028"]
