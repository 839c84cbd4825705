"""The file's git log started while the command loads its modules (pmkit.headstart): the run
reads the same evidence, runs the log once, and leaves nothing running behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import (
    PM,
    PMKIT_GIT_TIMEOUT_1,
    PUBLISHED,
    clear_git_env,
    git_commands,
    git_that_hangs_on,
    hook_repo,
    published_repo,
)

from pmkit import forked, headstart, history
from pmkit.cli import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no head start on Windows")

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Any:
    clear_git_env(monkeypatch)
    yield
    headstart.stop_all()


def _logs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The git log commands the reader runs itself (through gitpython)."""
    ran: list[list[str]] = []
    real = history._execute

    def execute(repo: Any, command: list[str], **kwargs: Any) -> Any:
        if "log" in command:
            ran.append(command)
        return real(repo, command, **kwargs)

    monkeypatch.setattr(history, "_execute", execute)
    return ran


def _changes(evidence: history.GitEvidence) -> dict[str, list[tuple[str, str, str | None]]]:
    return {path: [(c.commit.sha, c.status, c.old_path) for c in changes]
            for path, changes in evidence.changes.items()}


def test_the_started_log_is_the_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")  # (the log as read from HEAD, not kept from a read before)
    repo = hook_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    ran = _logs(monkeypatch)
    expected = _changes(history.read_evidence([PM]))
    assert len(ran) == 1  # without a head start, the reader runs it
    history.start_file_log([PM])
    assert len(headstart._STARTED) == 1
    assert _changes(history.read_evidence([PM])) == expected
    assert len(ran) == 1  # the started one was read: no second log
    assert headstart._STARTED == {}


@pytest.mark.parametrize("case", ["folder", "another file", "GIT_DIR", "outside"])
def test_no_log_is_started_where_the_reader_would_run_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    repo = hook_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    paths = {"folder": ["postmortems"], "another file": [PM], "GIT_DIR": [PM],
             "outside": [str(tmp_path / "elsewhere.yaml")]}[case]
    if case == "GIT_DIR":
        monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    if case == "outside":
        (tmp_path / "elsewhere.yaml").write_text(PUBLISHED, encoding="utf-8")
    history.start_file_log(paths)
    if case == "another file":
        # Started for one file, read for two: the reader runs its own log, the other is stopped.
        ran = _logs(monkeypatch)
        started = next(iter(headstart._STARTED.values()))
        history.read_evidence([PM, "postmortems/2026-04-01-other.yaml"])
        assert len(ran) == 1
        headstart.stop_all()
        assert started.process.poll() is not None and started.output.closed
    assert headstart._STARTED == {}


def test_a_command_that_failed_or_ran_elsewhere_is_run_again(tmp_path: Path) -> None:
    headstart.start(["sh", "-c", "echo partial; exit 3"], str(tmp_path), dict(os.environ))
    with pytest.raises(headstart.Failed) as failed:
        headstart.take(["sh", "-c", "echo partial; exit 3"], str(tmp_path), 10)
    assert (failed.value.status, failed.value.stdout) == (3, b"partial\n")
    (tmp_path / "sub").mkdir()
    headstart.start(["sh", "-c", "echo here"], str(tmp_path), dict(os.environ))
    assert headstart.take(["sh", "-c", "echo here"], str(tmp_path / "sub"), 10) is None
    headstart.start(["sh", "-c", "echo here"], str(tmp_path), dict(os.environ))
    assert headstart.take(["sh", "-c", "echo here"], str(tmp_path), 10) == b"here\n"
    assert headstart._STARTED == {}


def test_a_command_that_does_not_end_is_stopped_and_said(tmp_path: Path) -> None:
    headstart.start(["sleep", "30"], str(tmp_path), dict(os.environ))
    started = headstart._STARTED[("sleep", "30")]
    with pytest.raises(subprocess.TimeoutExpired):
        headstart.take(["sleep", "30"], str(tmp_path), 0.2)
    assert started.process.poll() is not None  # killed, and reaped
    assert history._last_line(subprocess.TimeoutExpired(["git"], 120)) == "git did not answer within 120 s"


def test_a_forked_child_leaves_the_parents_command_alone(tmp_path: Path) -> None:
    headstart.start(["sh", "-c", "sleep 0.3; echo done"], str(tmp_path), dict(os.environ))
    child = forked.start(lambda: headstart.take(["sh", "-c", "sleep 0.3; echo done"], str(tmp_path), 10))
    if child is None:
        pytest.skip("this process cannot fork")
    assert child.result() is None  # not the child's process to wait for
    assert headstart.take(["sh", "-c", "sleep 0.3; echo done"], str(tmp_path), 10) == b"done\n"


def test_the_command_leaves_no_process_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: Any) -> None:
    """Called in a loop (a script, a test suite), a run whose log was not needed in the end
    left its git process and temporary file until the program ended."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    started: list[tuple[str, ...]] = []
    real = headstart.start

    def start(command: list[str], *args: Any) -> None:
        started.append(tuple(command))
        real(command, *args)

    monkeypatch.setattr(headstart, "start", start)
    assert main(["check", "--select", "PM0", PM]) == 0
    assert started == []  # no rule reads the log: none started
    monkeypatch.setattr(history, "read_evidence", lambda *a, **k: history.GitEvidence(problem="not read"))
    main(["check", "--select", "PM413", PM])
    capsys.readouterr()
    assert len(started) == 1 and headstart._STARTED == {}


def test_the_log_readers_are_the_rules_that_read_the_log() -> None:
    from pmkit.rules import GIT_LOG, LOG_READERS, registry

    assert tuple((rule.code, rule.name) for rule in registry() if GIT_LOG in rule.git) == LOG_READERS


def test_a_hook_runs_the_log_once(tmp_path: Path) -> None:
    code, commands = git_commands(hook_repo(tmp_path), tmp_path, PM)
    assert code == 1 and commands.count("log") == 1 and commands[0] == "log"


def test_a_log_that_does_not_answer_is_waited_for_once(tmp_path: Path) -> None:
    """Started early and given up on, the log is not run a second time (which waited as long
    again): the history rules say git did not answer, as before."""
    repo = hook_repo(tmp_path)
    fake = git_that_hangs_on(tmp_path / "bin", "log")
    script = (fake / "git").read_text(encoding="utf-8")
    (fake / "git").write_text(script.replace("#!/bin/sh\n", f'#!/bin/sh\necho "$*" >> "{fake}/ran"\n'),
                              encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{fake}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    done = subprocess.run([sys.executable, "-c", PMKIT_GIT_TIMEOUT_1, "check", "--select", "PM413", PM],
                          cwd=repo.root, env=env, capture_output=True, text=True, check=False, timeout=30)
    assert "Traceback" not in done.stderr, done.stderr
    assert "git log failed (git did not answer within 1 s)" in done.stdout, done.stdout
    assert done.stdout.count("did not answer") == 1
    assert sum(" log " in line for line in (fake / "ran").read_text().splitlines()) == 1
