"""How many processes a run uses: workers for many files, a second one for the rules of few."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from pmkit import cores

#: True in the ``pmkit`` command, whose main module starts nothing when imported again. A
#: spawned worker (macOS; or a process with threads) first imports the program's main module:
#: a script that calls ``pmkit.check`` at its top level, without the ``if __name__ ==
#: "__main__":`` guard, ran again in every worker (printing twice, then failing over to one
#: process). So the library spawns workers only when asked to (``jobs``, ``PMKIT_JOBS``).
COMMAND = False

#: Below this many files, one process is faster than starting workers.
PARALLEL_MIN_FILES = 40
#: The most worker processes asked for that a run starts, per core: more only wait for a core,
#: and each costs its start (``--jobs 300`` of 300 files took 20 s, against 0.8 s with 2 on 2
#: cores).
MAX_JOBS_PER_CORE = 2
#: Above this many bytes in all, a run of few files is checked in one process, file by file.
SPLIT_MAX_BYTES = 4 * 1024 * 1024


def _jobs(jobs: int | None) -> int | None:
    """The number of processes asked for (``jobs``, else ``PMKIT_JOBS``), or None: pmkit chooses.

    Zero or fewer processes means nothing, and a value that is no number was a typo: both are
    errors, never quietly one process or the default (the command line refuses them as usage)."""
    if jobs is not None:
        if isinstance(jobs, bool) or not isinstance(jobs, int):
            raise TypeError(f"jobs must be an int or None, not {type(jobs).__name__}")
        if jobs < 1:
            raise ValueError(f"jobs must be 1 or more (None: pmkit chooses), not {jobs}")
        return jobs
    setting = os.environ.get("PMKIT_JOBS", "").strip()
    if not setting:  # unset or empty: the default
        return None
    digits = setting.lstrip("0")
    if not (setting.isascii() and setting.isdigit()) or not digits:
        from pmkit.config import ConfigError

        # Quoted as written, not as Python's repr: the message is shown with control characters
        # and bytes that are not UTF-8 escaped as every other message shows them ('\xff', not
        # the repr's '\udcff').
        raise ConfigError(f"PMKIT_JOBS='{setting[:20]}': the number of worker processes must be a whole "
                          "number of 1 or more; unset it for the default")
    # Capped by the number of files; digits beyond what int() reads from text are just "many".
    return int(digits) if len(digits) <= 18 else 10 ** 18


def may_spawn(jobs: int | None) -> bool:
    """Whether workers may be spawned (rather than forked): in the command, or when the
    number of processes was asked for (``jobs``, ``PMKIT_JOBS``)."""
    return COMMAND or _jobs(jobs) is not None


#: Files a run keeps open in its own process (the interpreter, the report, git's pipes), and
#: each worker process more: its inherited pipes and the git processes it starts for itself.
OWN_FILES, FILES_PER_WORKER = 48, 16


def worker_count(files: int, jobs: int | None) -> int:
    """Worker processes for ``files`` files: ``jobs`` (or ``PMKIT_JOBS``) when given, up to
    :data:`MAX_JOBS_PER_CORE` per core, and no more than the limit of open files leaves room
    for (``ulimit -n``). One, the calling process, in a daemonic process (a worker of a
    ``multiprocessing.Pool``): it may start none."""
    jobs = _jobs(jobs)
    if _daemonic():
        return 1
    if jobs is not None:
        count = min(jobs, files, MAX_JOBS_PER_CORE * cores.usable())
    elif files < PARALLEL_MIN_FILES:
        return 1
    else:
        count = min(cores.usable(), files // (PARALLEL_MIN_FILES // 2))
    return max(1, min(count, _room_for_workers()))


def _daemonic() -> bool:
    """Whether this process is a daemonic one, such as a ``multiprocessing.Pool``'s worker: it
    may start no child processes (multiprocessing asserts so: "daemonic processes are not allowed
    to have children", raised out of ``pmkit.check`` in a pool's task). A process that has not
    imported multiprocessing is none, and need not import it to know."""
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and bool(multiprocessing.current_process().daemon)


def room_for_processes(count: int) -> bool:
    """Whether the limit of open files leaves room for ``count`` more processes' pipes beside
    the run's own: for git commands run at once (:func:`pmkit.history._concurrently`)."""
    return _room_for_workers() >= count


def _room_for_workers() -> int:
    """How many worker processes the limit of open files leaves room for. Under a low limit
    (``ulimit -n 20``) a worker could not start its git: its reads of older versions failed, and
    were taken as versions that do not exist (PM412 said the file became published only in the
    change not committed yet); with fewer still, the pool's own pipes failed to open."""
    try:
        import resource
    except ImportError:  # (Windows: no such limit)
        return 1 << 30
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 1 << 30
    return (soft - OWN_FILES) // FILES_PER_WORKER


def splits_rules(files: Sequence[str], jobs: int | None) -> bool:
    """True when a run of too few files for workers should still use a second core, for
    part of the rules: unless the number of processes was set (``--jobs``, ``PMKIT_JOBS``),
    and only for files small enough to keep in memory all at once (the split keeps them)."""
    if not 0 < len(files) < PARALLEL_MIN_FILES or _jobs(jobs) is not None or cores.usable() < 2:
        return False
    total = 0
    for name in files:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += os.stat(name).st_size
    return total <= SPLIT_MAX_BYTES


#: The fewest open files a run works with. Below, git's pipes and the files to read failed in
#: turn, each said otherwise ("git is not available ... Install git", "a missing or corrupt
#: object", a rule's internal error), and an older version git could not be asked for was
#: taken as one that does not exist (PM412: published only in the uncommitted change).
MIN_OPEN_FILES = 16
#: What a soft limit below that is raised to, within the hard limit (as Go programs do).
RAISED_OPEN_FILES = 1024


def open_files_problem() -> str | None:
    """None when the run may open enough files (a soft limit below :data:`MIN_OPEN_FILES` is
    raised first, as far as the hard limit allows); else what to do about the limit."""
    try:
        import resource
    except ImportError:  # (Windows: no such limit)
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= MIN_OPEN_FILES:
        return None
    wanted = RAISED_OPEN_FILES if hard == resource.RLIM_INFINITY else min(hard, RAISED_OPEN_FILES)
    if wanted >= MIN_OPEN_FILES:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            return None
    return (f"pmkit: the limit of open files is {soft} ('ulimit -n'), too few for pmkit, which needs "
            f"{MIN_OPEN_FILES} (git's pipes, the files it reads); raise it, e.g. with 'ulimit -n "
            f"{RAISED_OPEN_FILES}', and run pmkit again")
