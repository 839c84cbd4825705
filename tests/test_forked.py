"""The forked helper that lets a run of few files use a second core."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pmkit import forked

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs fork")


def test_the_childs_value_comes_back() -> None:
    child = forked.start(lambda: {"pid": os.getpid(), "data": list(range(100_000))})
    assert child is not None
    value = child.result()
    assert value is not None
    assert value["pid"] != os.getpid()  # computed in another process
    assert value["data"] == list(range(100_000))  # larger than a pipe's buffer


@pytest.mark.parametrize("work", [
    lambda: 1 / 0,  # an exception
    lambda: lambda: None,  # a value that cannot be pickled
    lambda: os.kill(os.getpid(), signal.SIGKILL),  # killed
    lambda: os._exit(0),  # left without a result
])
def test_a_failed_child_gives_none(work: object) -> None:
    child = forked.start(work)  # type: ignore[arg-type]
    assert child is not None
    assert child.result() is None
    assert child.result() is None  # asked again: still None, nothing left to wait for


def test_close_stops_a_child_still_running() -> None:
    child = forked.start(lambda: time.sleep(60))
    assert child is not None
    started = time.monotonic()
    child.close()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped: no zombie left behind


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forked.start(lambda: 1) is None
    finally:
        stop.set()
        thread.join()


def test_an_interrupted_wait_leaves_close_to_stop_the_child() -> None:
    """Ctrl-C while waiting for the child: the interrupt goes up, and close() still stops and
    reaps the child (no second close of the pipe's descriptor)."""
    child = forked.start(lambda: time.sleep(60))
    assert child is not None

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            child.result()
    finally:
        signal.signal(signal.SIGALRM, previous)
    child.close()
    child.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_no_fork_where_sigchld_is_ignored() -> None:
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert not forked.can_fork() and forked.start(lambda: 1) is None
    finally:
        signal.signal(signal.SIGCHLD, previous)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG")
def test_the_child_holds_no_output_and_dies_with_its_parent() -> None:
    script = ("import os, sys, time\nfrom pmkit import forked\n"
              "child = forked.start(lambda: time.sleep(60))\n"
              "print(child.pid, flush=True)\n"
              "time.sleep(0.5)\n"
              "print(os.readlink(f'/proc/{child.pid}/fd/1'), flush=True)\n"
              "os._exit(0)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PYTHONPATH": str(Path(forked.__file__).parent.parent)})
    pid_line, target = done.stdout.splitlines()[:2]
    pid = int(pid_line.split()[0])
    assert target == os.devnull  # not the pipe this test reads: the pipeline ends with the parent
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text() if Path(f"/proc/{pid}").exists() else ""
        if "zombie" in status:
            break
        time.sleep(0.05)
    status = Path(f"/proc/{pid}/status").read_text() if Path(f"/proc/{pid}").exists() else ""
    assert not status or "zombie" in status  # killed when its parent died, not left at work
