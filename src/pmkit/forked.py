"""Run one function in a forked child process while this process goes on.

For a run of a few files on a machine with two or more cores: the child checks some of the
rules while the parent checks the rest, so the rules' start-up cost (their modules, patterns,
word lists, git) is paid on two cores at once. The child shares everything the parent had
imported at the fork, and sends its result back, pickled, through a pipe.

Nothing here is load-bearing: where forking is unavailable or unsafe, ``start`` returns
None, and whenever the child fails (an exception, a signal, a result that cannot be pickled)
``Forked.result`` returns None; either way the caller does the work itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Forking is available, and safe: a process with other threads may fork while one of
    them holds a lock the child then waits for forever."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class Forked(Generic[T]):
    """A running child; ``result`` waits for it, ``close`` stops it if still running."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self._fd = fd
        self._running = True

    def result(self) -> T | None:
        """The child's return value, or None if it failed."""
        if not self._running:
            return None
        with os.fdopen(self._fd, "rb") as pipe:  # read all before waiting: the pipe may be full
            data = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        self._running = False
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not data:
            return None
        try:
            value: T = pickle.loads(data)
        except Exception:
            return None
        return value

    def close(self) -> None:
        """Stop and reap the child if ``result`` was not called (the parent failed first)."""
        if not self._running:
            return
        with contextlib.suppress(OSError):  # it may have ended already
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._running = False
        os.close(self._fd)


def start(work: Callable[[], T]) -> Forked[T] | None:
    """Run ``work()`` in a forked child; None if forking is unavailable or unsafe here."""
    if not can_fork():
        return None
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns, never flushes the parent's buffers or runs atexit
        status = 1
        try:
            os.close(read_fd)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            status = 0
        except BaseException:  # the parent sees the exit status and does the work itself
            pass
        finally:
            os._exit(status)
    os.close(write_fd)
    return Forked(pid, read_fd)
