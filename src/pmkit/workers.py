"""How many worker processes a run uses."""

from __future__ import annotations

import os

#: Below this many files, one process is faster than starting workers.
PARALLEL_MIN_FILES = 40


def worker_count(files: int, jobs: int | None) -> int:
    """Worker processes for ``files`` files: ``jobs`` (or ``PMKIT_JOBS``) when given."""
    setting = os.environ.get("PMKIT_JOBS", "")
    if jobs is None and setting.isdigit():
        jobs = int(setting)
    if jobs is not None:
        return max(1, min(jobs, files))
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, files // (PARALLEL_MIN_FILES // 2)))
