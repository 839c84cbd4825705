"""The git log started early (pmkit.headstart) under unusual use: a run gives the same findings,
messages and exit code with the head start as without it, and leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PMKIT_GIT_TIMEOUT_1, PUBLISHED_AT, clear_git_env, drafted_then_published

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


def _gone(pid: int) -> bool:
    """Whether process ``pid`` ended (waited for a moment: its new parent reaps it)."""
    for _ in range(40):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_log_given_up_on_ends_with_what_its_git_started(tmp_path: Path) -> None:
    """A 'git' on PATH that runs the real one as its child (a wrapper without exec) and does not
    answer: the reader gives it up after GIT_TIMEOUT and kills it with what it started
    (gitpython's kill), but the log started early killed only the wrapper, and its child went
    on running after the run had ended."""
    repo = drafted_then_published(tmp_path / "repo")
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "git"
    script.write_text(f"#!/bin/sh\nfor arg; do case $arg in log) sleep 30 & echo $! >> '{fake}/child'; wait; "
                      f"exit 1;; esac; done\nexec '{shutil.which('git')}' \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    path = f"{fake}{os.pathsep}{os.environ['PATH']}"
    done = _pmkit(PMKIT_GIT_TIMEOUT_1, repo.root, "--select", "PM412,PM413", PM, PATH=path)
    children = [int(pid) for pid in (fake / "child").read_text(encoding="utf-8").split()]
    try:
        assert len(children) == 1 and _gone(children[0])
    finally:
        for pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    before = _pmkit(PMKIT_GIT_TIMEOUT_1.replace("from pmkit.cli", "pmkit.history.start_file_log = "
                                                "lambda paths: None; from pmkit.cli"),
                    repo.root, "--select", "PM412,PM413", PM, PATH=path)
    assert (done.returncode, done.stdout, done.stderr) == (before.returncode, before.stdout, before.stderr)
    assert done.returncode == 0
    assert done.stdout.startswith(f"{PM}:1:1: PM413 no git evidence for disclosure dates: git log failed "
                                  "(git did not answer within 1 s); relying on the dates in the documents")


def test_a_log_that_fails_is_run_once(tmp_path: Path) -> None:
    """A log started early that failed was run again by the reader only for its message: a git
    slow to fail (a network file system, a lock) was waited for twice. Its failure is now said
    from the first run, in the very words the reader's own run gives."""
    repo = drafted_then_published(tmp_path / "repo")
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "git"
    script.write_text(f"#!/bin/sh\nfor arg; do case $arg in log) echo log >> '{fake}/ran'; sleep 1; "
                      "echo 'fatal: bad object HEAD' >&2; exit 128;; esac; done\n"
                      f"exec '{shutil.which('git')}' \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    path = f"{fake}{os.pathsep}{os.environ['PATH']}"
    done = _pmkit(WITH, repo.root, "--select", "PM412,PM413", PM, PATH=path)
    assert (fake / "ran").read_text(encoding="utf-8") == "log\n"
    before = _pmkit(WITHOUT, repo.root, "--select", "PM412,PM413", PM, PATH=path)
    assert (done.returncode, done.stdout, done.stderr) == (before.returncode, before.stdout, before.stderr)
    assert done.returncode == 0
    assert done.stdout.startswith(f"{PM}:1:1: PM413 no git evidence for disclosure dates: git log failed "
                                  f"(fatal: bad object HEAD): the git repository at {repo.root.resolve()} "
                                  "looks corrupt (a missing or corrupt object; run 'git fsck' to find the "
                                  "damage); relying on the dates in the documents")


def test_a_log_that_could_not_write_its_output_is_run_again(tmp_path: Path) -> None:
    """Guard: what failed only for the head start (its output goes to a temporary file, whose
    disk may be full) is run again by the reader, whose output goes to a pipe."""
    repo = drafted_then_published(tmp_path / "repo")
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "git"
    script.write_text("#!/bin/sh\nfor arg; do case $arg in log) [ -p /dev/stdout ] && break; "
                      "echo \"fatal: write failure on 'stdout': No space left on device\" >&2; exit 128;; "
                      f"esac; done\nexec '{shutil.which('git')}' \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    done = _both(repo.root, "--select", "PM412,PM413", PM, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    assert done.returncode == 1
    assert [line.split(": ", 1)[0] for line in _pm412(done.stdout)] == [f"{PM}:{PUBLISHED_AT}:17"]


@pytest.mark.parametrize("spellings", [["./{pm}"], ["{root}/{pm}"], ["postmortems/../{pm}"],
                                       ["{pm}", "./{pm}"], ["{pm}", "postmortems"], ["{link}/{pm}"]])
def test_guard_the_same_file_spelled_otherwise(tmp_path: Path, spellings: list[str]) -> None:
    """Guard: a file given twice, by other spellings, through a link to the repository, or next
    to its folder gives the findings of a run without the head start."""
    repo = drafted_then_published(tmp_path / "repo")
    (tmp_path / "link").symlink_to(repo.root)
    paths = [spelling.format(pm=PM, root=repo.root, link=tmp_path / "link") for spelling in spellings]
    done = _both(repo.root, "--select", "PM412,PM413", *paths)
    assert done.returncode == 1
    assert [line.split(": ", 1)[1][:5] for line in _pm412(done.stdout)] == ["PM412"]


def test_guard_many_runs_in_one_process_keep_nothing_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: Any) -> None:
    """Guard: ``main`` called again and again (a script, a test suite), with runs that read the
    log and runs that end before it, holds no more files and no git log after each."""
    from pmkit.cli import main

    repo = drafted_then_published(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    runs = [["check", "--select", "PM412", *args, PM] for args in ([], ["--format", "nonsense"],
                                                                   ["--base", "HEAD~1"], ["gone.yaml"])]
    for args in runs:
        main(args)
    files = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        assert [main(args) for args in runs] == [1, 2, 1, 2]
        assert headstart._STARTED == {}
    capsys.readouterr()
    assert len(os.listdir("/proc/self/fd")) <= files


def test_stopping_at_exit_is_registered_once(tmp_path: Path) -> None:
    """Each run that started a log registered its stop at exit once more: a program calling
    ``main`` 10,000 times held 10,000 of them, each called when it ended."""
    import atexit

    ncallbacks = getattr(atexit, "_ncallbacks", None)
    if ncallbacks is None:
        pytest.skip("this Python does not count its exit functions")
    headstart.start(["true"], str(tmp_path), dict(os.environ))
    headstart.stop_all()
    registered = ncallbacks()
    for _ in range(3):
        headstart.start(["true"], str(tmp_path), dict(os.environ))
        headstart.stop_all()
    assert ncallbacks() == registered
