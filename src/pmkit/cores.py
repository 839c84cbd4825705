"""How many processors a run may use: the ones this process may be scheduled on, within the
container's CPU limit.

``os.cpu_count()`` counts the machine's processors. A run pinned to one of them (``taskset -c
0``, a CI runner's ``cpuset``) or held to one processor's time by its container (``docker run
--cpus 1``, a Kubernetes CPU limit, which the kernel enforces as a cgroup quota) still saw two,
and started a second process that only took turns with the first for the same processor: a
hook's file took 230 ms pinned to one processor, against 186 ms in one process.
"""

from __future__ import annotations

import os

#: Where the kernel says the container's CPU limit, as a container sees its own cgroup: cgroup
#: v2's ``cpu.max`` ("max 100000", or "150000 100000" for 1.5 processors), else cgroup v1's
#: quota and period in microseconds (a quota of -1 is no limit). The same files, read the same
#: way, as joblib's loky reads them for its process pools.
CGROUP_ROOT = "/sys/fs/cgroup"

_COUNTED: list[int] = []


def usable() -> int:
    """The processors this process may use (at least 1), worked out once per process."""
    if not _COUNTED:
        _COUNTED.append(_count())
    return _COUNTED[0]


def _count() -> int:
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (no affinity on macOS or Windows)
        count = os.cpu_count() or 1
    if count > 1:
        limit = cgroup_limit()
        if limit is not None:
            count = min(count, limit)
    return max(1, count)


def cgroup_limit(root: str | None = None) -> int | None:
    """The processors the CPU limit of the cgroup under ``root`` allows, rounded up (a limit of
    1.5 lets two processes run at once for part of each period); None without a limit, or
    where there is no cgroup file to read (not Linux) or it says something else. ``root``:
    where the cgroup files are, :data:`CGROUP_ROOT` unless given."""
    root = root or CGROUP_ROOT
    said = _read(f"{root}/cpu.max")
    if said is not None:
        quota, _, period = said.partition(" ")
    else:
        quota = _read(f"{root}/cpu/cpu.cfs_quota_us") or ""
        period = _read(f"{root}/cpu/cpu.cfs_period_us") or ""
    try:
        microseconds, every = int(quota), int(period)
    except ValueError:  # "max", a file missing, or text of another kind
        return None
    if microseconds <= 0 or every <= 0:
        return None
    return -(-microseconds // every)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read(100).strip()
    except OSError:
        return None
