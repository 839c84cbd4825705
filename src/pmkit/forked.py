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
from collections.abc import Callable, Iterator
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Forking is available, and safe: a process with other threads may fork while one of
    them holds a lock the child then waits for forever; and where SIGCHLD is ignored, the
    kernel reaps children before anyone can wait for them."""
    return (hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1
            and signal.getsignal(signal.SIGCHLD) != signal.SIG_IGN)


class Forked(Generic[T]):
    """A running child; ``result`` waits for its result, ``close`` stops it if still at work."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self._pipe: BinaryIO | None = os.fdopen(fd, "rb")
        self._running = True
        #: The child sent its whole result, and is ending on its own.
        self.delivered = False

    def result(self) -> T | None:
        """The child's return value, or None if it failed. A child that sent one is not waited
        for here: it may still be freeing its memory (~2 ms of a one-file check, when the
        parent waited for it), and :meth:`close` reaps it."""
        if self._pipe is None:
            return None
        try:
            data = self._pipe.read()  # all of it before waiting: the child may wait for room
        finally:
            self._pipe.close()
            self._pipe = None
        # The child writes only a whole result, so anything else (nothing, a cut-off pickle)
        # means it failed.
        try:
            value: T | None = pickle.loads(data) if data else None
        except Exception:
            value = None
        self.delivered = value is not None
        self._reap(wait=not self.delivered)
        return value

    def close(self) -> None:
        """Stop the child if it is still at work (the parent failed first, or was interrupted),
        and reap it; safe to call more than once."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._running:
            if not self.delivered:
                with contextlib.suppress(OSError):  # it may have ended already
                    os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _reap(self, *, wait: bool = True) -> None:
        if self._running:
            try:
                done, _ = os.waitpid(self.pid, 0 if wait else os.WNOHANG)
            except ChildProcessError:  # reaped already
                done = self.pid
            self._running = done != self.pid


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold SIGINT back while this process forks. Python runs the handlers registered for a
    fork (logging's, for one) right after it, and a KeyboardInterrupt raised inside one is lost
    ("Exception ignored in ... _releaseLock"): an interrupted run went on to its end. Held back,
    the signal arrives when the fork is done. A child that does not leave the ``with`` block
    (a pool's worker) starts with it held: see :func:`release_interrupts`."""
    with signals_held({signal.SIGINT}):
        yield


@contextlib.contextmanager
def signals_held(signals: set[signal.Signals]) -> Iterator[None]:
    """Hold ``signals`` back in the main thread until the block is left, where they then arrive
    (a signal's default action ends the process where it is, without its ``finally`` blocks)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def release_interrupts() -> None:
    """In a worker forked while SIGINT was held back: take it again (a Ctrl-C reaches the
    whole process group, and the worker ends as it did before)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def start(work: Callable[[], T], *, death_signal: bool = True) -> Forked[T] | None:
    """Run ``work()`` in a forked child; None if forking is unavailable or unsafe here.
    ``death_signal=False``: the child does not ask the kernel to kill it when this process
    dies (see :func:`detach`); ``work`` watches for that itself (:func:`end_with`)."""
    if not can_fork():
        return None
    parent = os.getpid()
    try:
        read_fd, write_fd = os.pipe()
    except OSError:  # no file left to open (ulimit -n)
        return None
    try:
        with interrupts_held():  # (left in the child too, which so takes SIGINT again)
            pid = os.fork()
    except OSError:  # no process left to start (ulimit -u), or no memory for one
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns, never flushes the parent's buffers or runs atexit
        status = 1
        try:
            os.close(read_fd)
            detach(parent, death_signal=death_signal)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            status = 0
            # The patterns this child compiled, for the next run (it ends without atexit).
            cache = sys.modules.get("pmkit.patterncache")
            if cache is not None:
                cache.save()
        except BaseException:  # the parent finds no result and does the work itself
            pass
        finally:
            os._exit(status)
    os.close(write_fd)
    return Forked(pid, read_fd)


def detach(parent: int, *, death_signal: bool = True) -> None:
    """Keep a child (this one, or a worker process of a run) from outliving its parent's
    purpose: it holds none of the terminal or pipes the parent writes to (a pipeline ends when
    the parent does), and on Linux the kernel kills it when the parent dies (a killed parent
    leaves no orphan at work), unless ``death_signal`` is False."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    if death_signal and sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def lifeline() -> tuple[int, int]:
    """A pipe whose write end the parent keeps and whose read end a child it forks watches
    with :func:`end_with`: it ends when the parent does, by any signal, as the kernel's death
    signal would end it (which costs a child ``ctypes``, ~1.5 ms to import)."""
    return os.pipe()


def end_with(watched: int) -> None:
    """In a forked child: end this process at once when the pipe ``watched`` (the read end of
    a :func:`lifeline`, whose write end this process has closed) reaches its end, which it
    does when the parent closes its end or dies."""
    def watch() -> None:
        with contextlib.suppress(OSError):
            while os.read(watched, 1):
                pass
        os._exit(1)

    threading.Thread(target=watch, name="pmkit-lifeline", daemon=True).start()


#: prctl(2) option: the signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG = 1
