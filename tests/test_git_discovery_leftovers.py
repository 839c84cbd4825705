"""Git history and file discovery leftovers: Ctrl-C during 'pmkit history' and while git runs, a
remote without a default branch, 'exclude' with absolute paths and decomposed names, a nested
repository's .gitignore, and versions git converts from UTF-16.

Ctrl-C (SIGINT) sent to pmkit alone (a cancelled CI job, 'kill -INT', 'timeout -s INT'), not to
its process group as a terminal sends it, ended the run with 130 and left the git command it was
waiting for at work. A Ctrl-C that Python wrapped in another exception (3.11's "Error calling
__set_name__", raised while a module of the run was imported) was a traceback with exit 1; one
that came while a destructor ran was printed as "Exception ignored" and lost, and the run went
on to exit 0; one while the command ended (its exit handlers) was printed and lost too."""

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
SRC = ROOT / "src"


def _command(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (which replaces ``cli.main``) through the command's entry point."""
    return subprocess.run([sys.executable, "-c", "import sys\nfrom pmkit import cli\n" + script
                           + "cli.main = main\nfrom pmkit.launcher import run\nsys.exit(run())\n"],
                          capture_output=True, text=True, check=False, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(SRC), "PMKIT_NO_CACHE": "1"})


# --- Ctrl-C ----------------------------------------------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists a process's children")
def test_sigint_to_pmkit_alone_while_git_log_runs_stops_the_log(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    wrapper = slow_log(tmp_path / "bin")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{wrapper}{os.pathsep}{env['PATH']}", PYTHONPATH=str(SRC), PMKIT_NO_CACHE="1")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "history", PM], cwd=repo.root, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pid_file = wrapper / "log.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    log = int(pid_file.read_text(encoding="ascii"))
    run.send_signal(signal.SIGINT)
    out, errors = run.communicate(timeout=60)
    try:
        assert (run.returncode, out, errors) == (130, b"", b"")
        time.sleep(0.2)
        assert not is_running(log)
    finally:
        if is_running(log):
            os.kill(log, signal.SIGKILL)


def test_a_ctrl_c_that_python_wrapped_ends_the_command_with_130() -> None:
    done = _command("def main():\n"
                    "    raise RuntimeError(\"Error calling __set_name__ on 'Field' instance 'facts' in "
                    "'Entry'\") from KeyboardInterrupt()\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


def test_a_ctrl_c_that_python_wrapped_inside_a_check_is_no_internal_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit import cli

    def wrapped() -> None:
        raise RuntimeError("Error calling __set_name__ on 'cached_property'") from KeyboardInterrupt()

    monkeypatch.setattr(cli, "_too_few_open_files", wrapped)
    assert cli.main(["check", str(ROOT / "examples")]) == 130
    assert capsys.readouterr().err == ""


def test_a_ctrl_c_inside_a_destructor_ends_the_command() -> None:
    done = _command("class Held:\n"
                    "    def __del__(self):\n"
                    "        raise KeyboardInterrupt\n"
                    "def main():\n"
                    "    Held()\n"
                    "    print('went on', flush=True)\n"
                    "    return 0\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


def test_a_ctrl_c_while_the_command_ends_is_130_without_a_traceback() -> None:
    done = _command("import atexit, os, signal, time\n"
                    "def interrupted():\n"
                    "    os.kill(os.getpid(), signal.SIGINT)\n"
                    "    time.sleep(0.05)\n"
                    "def main():\n"
                    "    atexit.register(interrupted)\n"
                    "    print('findings', flush=True)\n"
                    "    return 0\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "findings\n", "")


def test_the_command_imports_no_typing_before_it_takes_ctrl_c_itself() -> None:
    """Until pmkit.launcher's run() starts, a Ctrl-C is Python's own traceback: importing typing
    there (for TYPE_CHECKING) made that time a few milliseconds longer."""
    program = "import sys, pmkit.launcher; print('typing' in sys.modules)"
    done = subprocess.run([sys.executable, "-S", "-c", program], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    assert done.stdout == "False\n"
