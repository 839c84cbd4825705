"""The forked helper that lets a run of few files use a second core."""

from __future__ import annotations

import os
import signal
import threading
import time

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
