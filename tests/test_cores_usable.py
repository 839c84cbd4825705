"""A run counts the processors it may use: its CPU affinity and its container's CPU limit, not
the machine's processors. Pinned to one (``taskset -c 0``) or limited to one processor's time
(``docker run --cpus 1``), the check of one file forked a second process that only took turns
with the first: 230 ms against 186 ms in one process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmkit import cores, forked
from pmkit.workers import splits_rules, worker_count


def _limit(root: Path, files: dict[str, str]) -> int | None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return cores.cgroup_limit(str(root))


@pytest.mark.parametrize(("files", "limit"), [
    ({"cpu.max": "max 100000\n"}, None),                 # cgroup v2, no limit
    ({"cpu.max": "100000 100000\n"}, 1),                 # --cpus 1
    ({"cpu.max": "50000 100000\n"}, 1),                  # half a processor: still one process
    ({"cpu.max": "150000 100000\n"}, 2),                 # 1.5: two run at once part of the time
    ({"cpu.max": "400000 100000\n"}, 4),
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),  # cgroup v1
    ({"cpu/cpu.cfs_quota_us": "200000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 2),
    ({"cpu/cpu.cfs_quota_us": "100000\n"}, None),        # no period to divide by
    ({"cpu.max": "a lot\n"}, None),                      # text of another kind
    ({"cpu.max": "100000 0\n"}, None),
    ({}, None),                                          # no cgroup files (not Linux)
])
def test_the_cgroup_cpu_limit_is_read_as_whole_processors(
        tmp_path: Path, files: dict[str, str], limit: int | None) -> None:
    assert _limit(tmp_path, files) == limit


def test_the_cgroup_v2_file_wins_over_v1(tmp_path: Path) -> None:
    assert _limit(tmp_path, {"cpu.max": "max 100000\n", "cpu/cpu.cfs_quota_us": "100000\n",
                             "cpu/cpu.cfs_period_us": "100000\n"}) is None


def _counted(monkeypatch: pytest.MonkeyPatch, *, affinity: set[int] | None, machine: int | None,
             root: Path) -> int:
    if affinity is None:
        monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    else:
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: affinity, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: machine)
    monkeypatch.setattr(cores, "CGROUP_ROOT", str(root))
    monkeypatch.setattr(cores, "_COUNTED", [])
    return cores.usable()


def test_the_usable_processors_are_the_affinity_within_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _counted(monkeypatch, affinity={0}, machine=8, root=tmp_path) == 1
    assert _counted(monkeypatch, affinity={0, 1, 2, 3}, machine=8, root=tmp_path) == 4
    (tmp_path / "cpu.max").write_text("100000 100000\n")
    assert _counted(monkeypatch, affinity={0, 1, 2, 3}, machine=8, root=tmp_path) == 1
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert _counted(monkeypatch, affinity=None, machine=6, root=tmp_path) == 6  # (macOS, Windows)
    assert _counted(monkeypatch, affinity=None, machine=None, root=tmp_path) == 1  # unknown: one


def test_one_usable_processor_starts_no_second_process(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    monkeypatch.setattr(cores, "usable", lambda: 1)
    small = tmp_path / "pm.yaml"
    small.write_text("pmkit: 1\n")
    assert not splits_rules([str(small)], None)
    assert worker_count(400, None) == 1
    assert worker_count(400, 4) == 2  # asked for: up to two per usable processor


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or not forked.can_fork()
                    or len(os.sched_getaffinity(0)) < 2, reason="needs CPU affinity, fork and two processors")
def test_a_command_pinned_to_one_processor_forks_no_child(tmp_path: Path) -> None:
    script = ("import os, sys\n"
              "if sys.argv[1] == 'pinned':\n"
              "    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
              "from pmkit import early\n"
              "early.start(['check'])\n"
              "print(len(early._STARTED))\n"
              "early.stop()\n")
    env = {k: v for k, v in os.environ.items() if k != "PMKIT_JOBS"}

    def children(how: str) -> str:
        return subprocess.run([sys.executable, "-c", script, how], cwd=tmp_path, env=env,
                              capture_output=True, text=True, check=True, timeout=60).stdout.strip()

    assert children("pinned") == "0"
    assert children("free") == "1"
