"""The ``pmkit`` command's entry point.

Ctrl-C while pmkit is still loading its modules ends it as it does later, quietly with exit
code 130, instead of with Python's traceback of whatever import it interrupted.

When the command is done, the process ends at once (:func:`leave`): Python's own exit would
then free every object of every module one by one (pydantic's validators, gitpython, the
compiled rules), about 50 ms of a one-file check that a pre-commit hook pays on every commit,
for memory the system takes back anyway.
"""

from __future__ import annotations


def run() -> int:
    try:
        # First, so that the patterns compiled while the modules load come from the cache too.
        from pmkit import patterncache

        patterncache.install()
        from pmkit import workers

        workers.COMMAND = True
        from pmkit.cli import main

        code = main()
    except KeyboardInterrupt:
        code = 130
    leave(code)
    return code  # leaving early was not safe: Python's own exit follows


def leave(code: int) -> None:
    """End the process with ``code`` after doing what Python's exit does that matters: the
    ``atexit`` handlers (the pattern cache's save, logging's shutdown) and the output flushed,
    but not the teardown of the interpreter. Returns instead (for Python's own exit) when a
    thread of the program is still at work, which that exit would wait for, or when the output
    cannot be written, which it reports."""
    import atexit
    import os
    import sys
    import threading

    try:
        _cancel_timers()
        if any(thread is not threading.main_thread() and not thread.daemon
               for thread in threading.enumerate()):
            return
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:  # (a Ctrl-C just now, a stream that fails): Python's exit goes on
        return
    os._exit(code)


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
