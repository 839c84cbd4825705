"""The git log started early (pmkit.headstart) under unusual use: a run gives the same findings,
messages and exit code with the head start as without it, and leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, clear_git_env
from test_git_held_out_sixth import PUBLISHED_AT, drafted_then_published

from pmkit import headstart

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no head start on Windows")

ROOT = Path(__file__).parent.parent
NOW = "2026-11-25T12:00:00Z"

#: pmkit with the head start turned off (no PMKIT setting does that): the run as it was before.
WITHOUT = ("import sys; from pmkit import history; history.start_file_log = lambda paths: None; "
           "from pmkit.cli import main; sys.exit(main(sys.argv[1:]))")
WITH = "import sys; from pmkit.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Any:
    clear_git_env(monkeypatch)
    yield
    headstart.stop_all()


def _pmkit(program: str, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``pmkit check ARGS`` in a fresh process (as a hook runs it), ``env`` added."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1", **env)
    done = subprocess.run([sys.executable, "-c", program, "check", "--now", NOW, *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, check=False, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _both(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The run with the head start, asserted equal to the run without it."""
    done = _pmkit(WITH, cwd, *args, **env)
    before = _pmkit(WITHOUT, cwd, *args, **env)
    assert (done.returncode, done.stdout, done.stderr) == (before.returncode, before.stdout, before.stderr)
    return done


def _pm412(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if " PM4" in line]


def test_a_git_executable_setting_does_not_replace_the_readers_git(tmp_path: Path) -> None:
    """GIT_PYTHON_GIT_EXECUTABLE named a wrapper: the log started early ran it, while the reader
    runs its log with the 'git' on PATH (gitpython runs a command given whole as it is). The
    wrapper's output was taken as the reader's: here nothing, so PM412 said nothing of a
    published_at 15 days before the publication commit."""
    repo = drafted_then_published(tmp_path / "repo")
    wrapper = tmp_path / "wrapper"
    wrapper.write_text(f"#!/bin/sh\nfor arg; do case $arg in log) echo garbage; exit 0;; esac; done\n"
                       f"exec '{shutil.which('git')}' \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    done = _both(repo.root, "--select", "PM412", PM, GIT_PYTHON_GIT_EXECUTABLE=str(wrapper))
    assert done.returncode == 1
    assert _pm412(done.stdout) == [
        f"{PM}:{PUBLISHED_AT}:17: PM412 published_at is 2026-03-10 09:00 UTC, but the file's status first "
        "became published in commit " + repo.git("rev-parse", "--short", "HEAD").strip()
        + " on 2026-03-25 12:00 UTC, 15 days 3 h later (date-contradicted-by-git)"]
