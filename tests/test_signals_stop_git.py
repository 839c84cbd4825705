"""SIGTERM and SIGHUP (a hook's timeout, a cancelled CI job, a closed terminal) sent to the
``pmkit`` command stop the git commands it started, as Ctrl-C does: each runs in a session of
its own (so that a timeout stops it with what it started), and a git that did not answer was
left at work, an orphan, when the signal ended pmkit. The command still ends by the signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, is_running, slow_log

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists the processes")


@pytest.mark.parametrize(("command", "files", "sent"), [
    # the folder of a few files: git's first command
    ("rev-parse", 4, signal.SIGTERM),
    ("rev-parse", 4, signal.SIGHUP),
    # more files than a hook's few: git read through gitpython, the folder's log
    ("log", 20, signal.SIGTERM),
])
def test_an_ending_signal_stops_a_git_that_does_not_answer(
        tmp_path: Path, command: str, files: int, sent: signal.Signals) -> None:
    repo = GitRepo(tmp_path / "repo")
    names = [PM] + [PM.replace(".yaml", f"-{n}.yaml") for n in range(1, files)]
    for name in names:
        repo.write(name, PUBLISHED)
    repo.commit("Publish")
    wrapper = slow_log(tmp_path / "bin", command)
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{wrapper}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "check", "--now", "2026-11-25T12:00:00Z",
                            str(Path(PM).parent)],
                           cwd=repo.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    pid_file = wrapper / "log.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pid_file.exists()
    stuck = int(pid_file.read_text(encoding="ascii"))
    run.send_signal(sent)
    _out, errors = run.communicate(timeout=60)
    try:
        assert (run.returncode, b"Traceback" in errors) == (-sent, False)
        time.sleep(0.2)
        assert not is_running(stuck)
    finally:
        if is_running(stuck):
            os.kill(stuck, signal.SIGKILL)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked processes")
def test_a_process_forked_from_the_command_ends_by_those_signals_at_once() -> None:
    """The early child and the workers are forked from the command: they keep the signals'
    default action (a Python handler would wait for the interpreter's next step), which the
    command's own handler replaced in them."""
    script = (
        "import os, signal\n"
        "from pmkit import launcher\n"
        "launcher._stop_children_when_ended()\n"
        "assert signal.getsignal(signal.SIGTERM) is launcher._ended\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    ok = all(signal.getsignal(n) == signal.SIG_DFL for n in (signal.SIGTERM, signal.SIGHUP))\n"
        "    os._exit(0 if ok else 3)\n"
        "print(os.waitpid(pid, 0)[1] >> 8)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "0\n", "")
