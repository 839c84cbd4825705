"""How many processes a run uses: workers for many files, a second one for the rules of few."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

#: Below this many files, one process is faster than starting workers.
PARALLEL_MIN_FILES = 40
#: Above this many bytes in all, a run of few files is checked in one process, file by file.
SPLIT_MAX_BYTES = 4 * 1024 * 1024


def _jobs(jobs: int | None) -> int | None:
    setting = os.environ.get("PMKIT_JOBS", "")
    return int(setting) if jobs is None and setting.isdigit() else jobs


def worker_count(files: int, jobs: int | None) -> int:
    """Worker processes for ``files`` files: ``jobs`` (or ``PMKIT_JOBS``) when given."""
    jobs = _jobs(jobs)
    if jobs is not None:
        return max(1, min(jobs, files))
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, files // (PARALLEL_MIN_FILES // 2)))


def splits_rules(files: Sequence[str], jobs: int | None) -> bool:
    """True when a run of too few files for workers should still use a second core, for
    part of the rules: unless the number of processes was set (``--jobs``, ``PMKIT_JOBS``),
    and only for files small enough to keep in memory all at once (the split keeps them)."""
    if not 0 < len(files) < PARALLEL_MIN_FILES or _jobs(jobs) is not None or (os.cpu_count() or 1) < 2:
        return False
    total = 0
    for name in files:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += os.stat(name).st_size
    return total <= SPLIT_MAX_BYTES
