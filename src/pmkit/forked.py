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

    def __init__(self, pid: int, fd: int, life: int) -> None:
        self.pid = pid
        self._pipe: BinaryIO | None = os.fdopen(fd, "rb")
        self._running = True
        #: This process's end of the child's lifeline: the child ends when it is closed.
        self._life: int | None = life
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
        and reap it; safe to call more than once. One that sent its result is waited for, not
        stopped: it may still be saving the patterns it compiled."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._running:
            if not self.delivered:
                with contextlib.suppress(OSError):  # it may have ended already
                    os.kill(self.pid, signal.SIGKILL)
            self._reap()
        if self._life is not None:
            os.close(self._life)
            self._life = None

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


def start(work: Callable[[], T]) -> Forked[T] | None:
    """Run ``work()`` in a forked child; None if forking is unavailable or unsafe here. The
    child ends when this process closes it (:meth:`Forked.close`) or dies, by any signal: it
    watches a pipe whose other end only this process holds (a lifeline), as the kernel's death
    signal for a pool's worker does (see :func:`detach`), without the ``ctypes`` that asking
    for that signal takes (~1.5 ms of a one-file check, whose child is the longer side)."""
    if not can_fork():
        return None
    parent = os.getpid()
    pipes: list[int] = []
    try:
        pipes += os.pipe()
        pipes += os.pipe()
    except OSError:  # no file left to open (ulimit -n)
        for fd in pipes:
            os.close(fd)
        return None
    read_fd, write_fd, life_out, life_in = pipes
    try:
        with interrupts_held():  # (left in the child too, which so takes SIGINT again)
            pid = os.fork()
    except OSError:  # no process left to start (ulimit -u), or no memory for one
        for fd in pipes:
            os.close(fd)
        return None
    if pid == 0:  # the child: never returns, never flushes the parent's buffers or runs atexit
        status = 1
        try:
            os.close(read_fd)
            os.close(life_in)
            detach(parent, lifeline=life_out)
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
    os.close(life_out)
    return Forked(pid, read_fd, life_in)


def detach(parent: int, *, lifeline: int | None = None) -> None:
    """Keep a child (this one, or a worker process of a run) from outliving its parent's
    purpose: it holds none of the terminal or pipes the parent writes to (a pipeline ends when
    the parent does), and it ends when the parent dies (a killed parent leaves no orphan at
    work): when the pipe ``lifeline`` (its read end, whose write end only the parent holds)
    reaches its end, else, on Linux, by the kernel's death signal."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    if lifeline is not None:
        _end_with(lifeline)
    elif sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the watch took effect
        os._exit(1)


def _end_with(lifeline: int) -> None:
    """End this process at once when the pipe ``lifeline`` reaches its end (see :func:`detach`)."""
    def watch() -> None:
        with contextlib.suppress(OSError):
            while os.read(lifeline, 1):
                pass
        os._exit(1)

    # Started with every signal blocked, which it keeps: a signal sent to the process (SIGTERM)
    # then goes to the main thread, which holds it while it saves a file (the pattern cache). Taken
    # by this thread, its default action ended the child halfway, a temporary file left behind.
    every = signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}
    with signals_held(every):
        threading.Thread(target=watch, name="pmkit-lifeline", daemon=True).start()


#: prctl(2) option: the signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG = 1
