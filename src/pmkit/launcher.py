"""The ``pmkit`` command's entry point.

Ctrl-C while pmkit is still loading its modules ends it as it does later, quietly with exit
code 130, instead of with Python's traceback of whatever import it interrupted; so does one
that comes while the command ends, or inside a destructor, where Python reports it and goes on.
A run ended by Ctrl-C stops the git commands it started (see :func:`stop_children`).

When the command is done, the process ends at once (:func:`leave`): Python's own exit would
then free every object of every module one by one (pydantic's validators, gitpython, the
compiled rules), about 50 ms of a one-file check that a pre-commit hook pays on every commit,
for memory the system takes back anyway.
"""

from __future__ import annotations

import sys

# Not 'from typing import TYPE_CHECKING': importing typing takes a few milliseconds before run()
# sets its hooks, in which a Ctrl-C still showed a traceback. Type checkers read the name as typing's.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any

#: The exit code of a run ended by Ctrl-C (SIGINT), as a shell gives a program it ends (128 + 2).
INTERRUPTED = 130

#: The signals that end a process where it is, with no ``finally`` block or exit function run:
#: a cancelled CI job's or a hook's timeout (SIGTERM), a closed terminal (SIGHUP). The command
#: (:func:`run`) and a run's early git commands (:mod:`pmkit.headstart`) stop what they started
#: before the process ends by one (:func:`end_by_signal`).
ENDING_SIGNALS = ("SIGTERM", "SIGHUP")

#: The process of the command, set by :func:`run` (a worker forked from it has its own ends).
_COMMAND: list[int] = []


def run() -> int:
    _catch_stray_interrupts()
    _stop_children_when_ended()
    try:
        # First, so that the start-up below and in a forked child makes no walks of the cycle
        # collector, and both processes skip pydantic's plugin scan.
        from pmkit.startup import defer_imports, pause_collection, skip_pydantic_plugins

        pause_collection()
        skip_pydantic_plugins()
        defer_imports()
        # Next, so that the patterns compiled while the modules load come from the cache too.
        from pmkit import patterncache

        patterncache.install()
        # Next, so that a check's model share is imported on a second core from here on.
        from pmkit import early

        early.start(sys.argv[1:])
        from pmkit import workers

        workers.COMMAND = True
        from pmkit.cli import main

        code = main()
    except KeyboardInterrupt:
        code = INTERRUPTED
    except Exception as exc:
        if not interrupted(exc):
            raise
        code = INTERRUPTED
    if code == INTERRUPTED:
        stop_children()
    return leave(code)  # (returned: leaving early was not safe, and Python's own exit follows)


def interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` is a Ctrl-C, or one that Python wrapped in another exception on its way
    up: one that came while a class was being made (Python 3.11 raises "Error calling
    __set_name__" from it, as a module of the run was imported) was a traceback with exit 1."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _catch_stray_interrupts() -> None:
    """Have a Ctrl-C that no ``except`` of the run catches end the command as any other does:
    one between the command's end and :func:`leave` reached Python's traceback, and one that
    came while a destructor ran (one of gitpython's, freeing a git process) was printed as
    "Exception ignored" and lost, and the run went on to exit 0. Set first thing, and only for
    the command: a program that imports pmkit keeps its own hooks."""
    import os

    _COMMAND[:] = [os.getpid()]
    previous = sys.excepthook, sys.unraisablehook

    def on_uncaught(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        if interrupted(value) and os.getpid() in _COMMAND:
            stop_children()
            os._exit(INTERRUPTED)  # (the exit handlers ran, or the run never got to them)
        previous[0](kind, value, trace)

    def on_unraisable(unraisable: Any) -> None:
        # Raised out of a destructor it cannot be: the command ends here as it would have.
        if unraisable.exc_value is not None and interrupted(unraisable.exc_value) \
                and os.getpid() in _COMMAND:
            stop_children()
            leave(INTERRUPTED)
        previous[1](unraisable)

    sys.excepthook = on_uncaught
    sys.unraisablehook = on_unraisable


def _stop_children_when_ended() -> None:
    """Have SIGTERM and SIGHUP (a hook's timeout, a cancelled CI job, a closed terminal) stop
    the processes the command started before it ends by the signal, as Ctrl-C does: a git
    command that did not answer (each runs in a session of its own, so that a timeout stops it
    with what it started) was left at work, an orphan, when the signal ended pmkit. Only
    signals left at their default action; the process then ends by the signal as before, so
    whoever sent it sees the same status."""
    import os
    import signal

    set_here = False
    for name in ENDING_SIGNALS:  # (Windows has neither as a signal sent to a process)
        number = getattr(signal, name, None)
        try:
            if number is not None and signal.getsignal(number) == signal.SIG_DFL:
                signal.signal(number, _ended)
                set_here = True
        except (OSError, ValueError):
            pass
    if set_here and hasattr(os, "register_at_fork"):
        # A process forked from the command (the early child, a worker) ends by these signals
        # at once, as before: the handler is the command's, and a Python handler waits for the
        # interpreter's next step (a worker in a long match would finish it first).
        os.register_at_fork(after_in_child=_default_ending_signals)


def _default_ending_signals() -> None:
    import signal

    for name in ENDING_SIGNALS:
        number = getattr(signal, name, None)
        try:
            if number is not None and signal.getsignal(number) is _ended:
                signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError):
            pass


def _ended(number: int, _frame: object) -> None:
    end_by_signal(number)


def end_by_signal(number: int) -> None:
    """Stop what the run started (the early git commands of :mod:`pmkit.headstart`, which it
    reaps and whose output files it closes; in the command, every process it started: see
    :func:`stop_children`), then end by the signal ``number`` at its default action, so that
    whoever sent it sees the same exit status.

    The signal may come while a module is being imported (``dataclasses`` as the pattern cache
    loads, :mod:`pmkit.headstart` itself): the handler runs between that module's steps, with the
    module in ``sys.modules`` half made. So it imports nothing, uses :mod:`pmkit.headstart` only
    once that module is whole (a half-made one has started no command), and ends by the signal
    whatever fails on the way: importing the early git commands' module from here raised
    "cannot import name 'dataclass' from partially initialized module", or found no ``stop_all``
    in it, and the run ended with a traceback and exit code 1."""
    try:
        try:
            if (early_log := _whole("pmkit.headstart")) is not None:
                early_log.stop_all()
        finally:  # (what is left is stopped here, whatever stopping the early commands raised)
            stop_children()
    except Exception:  # (the process ends by the signal all the same)
        pass
    finally:  # (also after a KeyboardInterrupt from a second signal on the way)
        _end_by(number)


def _end_by(number: int) -> None:
    """End the process by the signal ``number`` at its default action; where it is held back in
    this thread (a file being replaced), it arrives as the hold ends. Where it could not be sent,
    the process ends at once with the status a shell gives a process it ends (128 + ``number``)."""
    import os
    import signal

    try:
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
        if number in signal.pthread_sigmask(signal.SIG_BLOCK, []):
            return
    except (AttributeError, OSError, ValueError):
        pass
    os._exit(128 + number)


def _whole(name: str) -> Any:
    """The module ``name`` if it is imported and done importing; else None."""
    # A module half imported is in sys.modules already, its functions made before what they use
    # (:func:`pmkit.headstart.stop_all` before the helpers it calls), and it has started nothing:
    # it is left alone rather than run half made from a signal handler. Only CPython's import
    # system marks it, with ``__spec__._initializing`` (a private attribute, hence getattr, and
    # not importing importlib here): where it is missing the module counts as whole, and what
    # a half-made one raises is caught by end_by_signal.
    module = sys.modules.get(name)
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return None
    return module


def stop_children() -> None:
    """Stop the processes the command started that are still at work, as it ends by a signal:
    SIGINT sent to pmkit alone (a cancelled CI job, ``kill -INT``, ``timeout -s INT``), not to its
    process group as Ctrl-C in a terminal is, reached none of them, and the git command the run
    was waiting for (a long ``git log``, a ``cat-file`` that did not answer) went on after it had
    ended. Where the system lists a process's children (Linux); only in the command's own
    process, never in a program that runs pmkit (its children are its own). Imports nothing
    that may be half imported when a signal handler calls it (see :func:`end_by_signal`)."""
    import os
    import signal

    if os.getpid() not in _COMMAND:
        return
    for pid in descendants(os.getpid()):
        try:  # noqa: SIM105 (contextlib may be half imported when a signal handler calls this)
            os.kill(pid, signal.SIGKILL)
        except OSError:  # ended meanwhile
            pass


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started and theirs, found before any is killed (a killed one's
    children go to another parent); none where the system does not list them (Linux does)."""
    import os

    found: list[int] = []
    parents = [pid]
    while parents:
        parent = parents.pop()
        children: list[int] = []
        try:
            for task in os.listdir(f"/proc/{parent}/task"):  # (each thread's own children)
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as listing:
                    children.extend(int(child) for child in listing.read().split())
        except (OSError, ValueError):
            pass
        found.extend(children)
        parents.extend(children)
    return found


def leave(code: int) -> int:
    """End the process with ``code`` after doing what Python's exit does that matters: the
    ``atexit`` handlers (the pattern cache's save, logging's shutdown) and the output flushed,
    but not the teardown of the interpreter. Returns instead (for Python's own exit) when a
    thread of the program is still at work, which that exit would wait for, or when the output
    cannot be written, which it reports; with the code for that exit. An interrupted run
    (``code`` 130) ends at once all the same.

    A Ctrl-C from here on is noted, not raised: raised in an exit handler or a flush, it sent the
    command to Python's exit, whose destructors printed it as "Exception ignored" and which ended
    with the command's own code. The process ends with 130 instead."""
    import atexit
    import os
    import signal
    import sys
    import threading

    noted: list[int] = []
    held = _hold(signal.SIGINT, lambda number, _frame: noted.append(number))
    try:
        _cancel_timers()
        # An interrupted run waits for no thread: its workers were stopped (stop_children), and
        # Python's exit then raced the worker pool's own thread over its closed pipe ("Exception
        # ignored in: <module 'threading'> ... Bad file descriptor" after Ctrl-C).
        if code != INTERRUPTED and any(thread is not threading.main_thread() and not thread.daemon
                                       for thread in threading.enumerate()):
            _hold(signal.SIGINT, held)
            return INTERRUPTED if noted else code
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:  # (an output that fails): Python's exit goes on
        _hold(signal.SIGINT, held)
        return INTERRUPTED if noted else code
    os._exit(INTERRUPTED if noted else code)


def _hold(number: int, handler: Any) -> Any:
    """Set ``handler`` for the signal ``number`` and return the one it replaces; None (nothing
    set) where it cannot be set (not the main thread) or when ``handler`` is None."""
    import signal

    if handler is None:
        return None
    try:
        return signal.signal(number, handler)
    except (ValueError, OSError):
        return None


def _cancel_timers() -> None:
    """Cancel the timers still waiting (and wait for the ones already firing): a timer left when
    the command is done is a watchdog whose work was cut short. gitpython's ``kill_after_timeout``
    timer, which is no daemon, stays armed when Ctrl-C interrupts the git command it guards, and
    Python's exit then waited out its whole interval (two minutes) before the exit code 130."""
    import threading

    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()
            thread.join()
