"""A git command started before the run asks for it, so that git works on a second core while
pmkit is still loading its modules.

A pre-commit hook's run of one file spends its first ~150 ms importing pydantic, the model and
the rules, on one core; the file's ``git log`` then took 30-400 ms more (a long history without
a commit-graph), on the critical path. :func:`start` runs that command at the start instead,
its output kept in an unnamed temporary file (a pipe would stall git once full, and a thread
reading it would forbid the fork of :mod:`pmkit.forked`); :func:`take` hands the output to the
reader that asks for the same command later (or its failure, in git's words; or that it did
not answer in time), and the reader runs it itself whenever it cannot: another command (its
program too), another folder, another process, an output that could not be written.

Nothing here is load-bearing: the answer is used only when it is the very command the reader
would run, in its folder and environment, so the evidence and the messages are the same either
way; a command nobody asked for is stopped, with what it started, at the end of the run, and
when a signal ends the run first (see :func:`_ended`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from types import FrameType
from typing import IO, Any

from pmkit.launcher import ENDING_SIGNALS, end_by_signal
from pmkit.launcher import descendants as _descendants


@dataclass
class _Started:
    """A git command started early, with where its output and messages go."""

    process: subprocess.Popen[bytes]
    folder: str  # the real path of the folder it runs in
    output: IO[bytes]
    errors: IO[bytes]  # what it says on stderr, for the reader's message when it fails
    owner: int  # the process that started it (a forked child must not wait for it)


_STARTED: dict[tuple[str, ...], _Started] = {}
#: The commands :func:`take` waits for (no longer in :data:`_STARTED`, so that no other reader
#: takes them too): a signal that ends the run then stops them as well (see :func:`_ended`).
_TAKEN: list[_Started] = []


class Failed(Exception):
    """The command ended with ``status`` (not 0), having printed ``stdout`` and ``stderr``."""

    def __init__(self, status: int, stdout: bytes, stderr: bytes) -> None:
        super().__init__(status)
        self.status, self.stdout, self.stderr = status, stdout, stderr


#: How git says it could not write its output ("fatal: write failure on 'stdout': No space
#: left on device", "could not write to 'stdout'").
_UNWRITTEN = b"'stdout'"


def _key(command: list[str]) -> tuple[str, ...]:
    # The program too: output of another program than the reader's is not the reader's.
    return tuple(command)


def _unnamed_file() -> IO[bytes]:
    """A file with no name, for a command's output: in memory where the system offers one
    (Linux's ``memfd_create``: importing tempfile, with shutil and random, took 3.5 ms of a
    hook's run), else tempfile's. Held in memory until it is read: the log of a hook's few
    files, read on from the one kept, is a few kilobytes; the whole log of a long history a few
    megabytes (a temporary folder on tmpfs, as many systems have, held it in memory too)."""
    create = getattr(os, "memfd_create", None)
    if create is not None:
        try:
            return os.fdopen(create("pmkit-git", getattr(os, "MFD_CLOEXEC", 0)), "w+b")
        except OSError:  # (a kernel without it; no file left to open, which tempfile then says)
            pass
    import tempfile

    return tempfile.TemporaryFile()


def start(command: list[str], folder: str, env: dict[str, str]) -> None:
    """Start ``command`` in ``folder`` with ``env`` (once: a second start of it is ignored)."""
    if _key(command) in _STARTED:
        return
    # Watched before the command starts: a SIGTERM or SIGHUP that came as soon as it had started
    # (before the watch) ended the run where it was, with the command left at work. One that
    # comes before the command is noted in _STARTED is met by _ended too (see there).
    _watch_ending_signals()
    with contextlib.ExitStack() as opened:  # (open until take or stop_all closes them)
        try:
            output = opened.enter_context(_unnamed_file())
            errors = opened.enter_context(_unnamed_file())
            process = subprocess.Popen(command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                       stdout=output, stderr=errors)
        except (OSError, ValueError):  # no such program, a NUL in a name: the reader says so
            if not _STARTED and not _TAKEN:
                _unwatch_ending_signals()
            return
        opened.pop_all()
    _STARTED[_key(command)] = _Started(process, os.path.realpath(folder), output, errors, os.getpid())


def take(command: list[str], folder: str, timeout: float) -> bytes | None:
    """The output of ``command`` run in ``folder``, if it was started early and ended with
    success; else None, and the caller runs it. Raises :class:`Failed` when it ended with
    another status, and ``subprocess.TimeoutExpired`` (the command stopped) when it did not end
    within ``timeout`` seconds: running it again would only wait as long once more (a git that
    is slow to fail), and its first answer is the one a run without the head start reports."""
    started = _STARTED.pop(_key(command), None)
    if started is None:
        return None
    if started.owner != os.getpid():
        return None  # a forked child's copy: the parent's command, not this process's child
    # Waited for as one of the commands a signal stops: a SIGTERM during a long log's wait (when
    # it is likeliest) left the log at work after the run.
    _TAKEN.append(started)
    try:
        if os.path.realpath(folder) != started.folder:
            return None
        code = started.process.wait(timeout)
        started.output.seek(0)
        if code != 0:
            started.errors.seek(0)
            errors = started.errors.read()
            if code < 0 or _UNWRITTEN in errors:
                # Killed by another (the reader's timeout raised above), or its output not
                # written (no room left for the file it goes to): not the command's own answer.
                return None
            raise Failed(code, started.output.read(), errors)
        return started.output.read()
    except OSError:
        return None
    finally:
        _stop(started)
        with contextlib.suppress(ValueError):  # (stop_all cleared it)
            _TAKEN.remove(started)
        if not _STARTED and not _TAKEN:
            _unwatch_ending_signals()


def pending() -> bool:
    """Whether a command this process started is still at work (its reader would wait for it)."""
    return any(started.owner == os.getpid() and started.process.poll() is None
               for started in _STARTED.values())


def stop_all() -> None:
    """Stop the commands nobody asked for (the run needed no history, or ended early)."""
    for started in [*_STARTED.values(), *_TAKEN]:
        if started.owner == os.getpid():
            _stop(started)
    _STARTED.clear()
    _TAKEN.clear()
    _unwatch_ending_signals()


#: The signals whose default action ends the process where it is (:data:`pmkit.launcher.ENDING_SIGNALS`).
#: (SIGINT raises KeyboardInterrupt, and the run stops its commands as it ends.)
_ENDING = ENDING_SIGNALS

#: The signals :func:`_ended` handles while commands run, with the handler each had before.
_WATCHED: dict[int, Any] = {}


def _watch_ending_signals() -> None:
    """While commands started here run, have :data:`_ENDING` stop them before the process ends:
    a long ``git log`` went on after the run, an orphan at work. Only signals nothing else
    handles (a program that runs pmkit keeps its own handlers), and only from the main thread,
    the one Python lets set them."""
    if _WATCHED or threading.current_thread() is not threading.main_thread():
        return
    for name in _ENDING:
        number = getattr(signal, name, None)
        with contextlib.suppress(OSError, ValueError):
            if number is not None and signal.getsignal(number) == signal.SIG_DFL:
                signal.signal(number, _ended)
                _WATCHED[number] = signal.SIG_DFL


def _unwatch_ending_signals() -> None:
    """Give the signals their own action back once no command runs: a handler runs only between
    Python's steps, and the run would otherwise end later than it did. Only the main thread may
    set them: from another (a command taken or stopped there) they stay noted, and the main
    thread's next :func:`stop_all` (the run's end) gives them back; forgotten, they stayed
    pmkit's for the rest of the program."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number, previous in list(_WATCHED.items()):
        with contextlib.suppress(OSError, ValueError):
            if signal.getsignal(number) == _ended:  # (one the program set since is its own)
                signal.signal(number, previous)
    _WATCHED.clear()


def _ended(number: int, _frame: FrameType | None) -> None:
    """Stop and reap the commands, then end by the signal as the process would have, so that
    whoever sent it sees the same exit status.

    In the command's process, every process it started is stopped too: the signal may come
    while ``subprocess.Popen`` is still at work in :func:`start` (Python runs the handler there,
    between its steps), the command started and not yet noted in :data:`_STARTED`."""
    end_by_signal(number)


# Once per process, as the module is imported (registered by each start, a program that calls
# the command again and again gained one exit function a run).
atexit.register(stop_all)


def _stop(started: _Started) -> None:
    if started.process.poll() is None:
        # With what it started: a 'git' that is a wrapper running the real one as its child
        # left that child at work after the run (gitpython kills a command's descendants too).
        for pid in _descendants(started.process.pid):
            with contextlib.suppress(OSError):  # ended meanwhile
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            started.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            started.process.wait(5)
    started.output.close()
    started.errors.close()
