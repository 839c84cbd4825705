"""Checking many files in worker processes gives exactly the serial result."""

from __future__ import annotations

import sys
from pathlib import Path

from pmkit.engine import Checker
from pmkit.workers import worker_count

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))


def test_parallel_equals_serial(tmp_path: Path) -> None:
    from generate import write_files

    write_files(tmp_path, 40, seed=3)
    (tmp_path / "postmortems" / "broken.yaml").write_text("pmkit: 1\nid: x\nsumary: [\n")
    serial = Checker(now="2026-01-01T00:00:00Z").check_paths([tmp_path], jobs=1)
    parallel = Checker(now="2026-01-01T00:00:00Z").check_paths([tmp_path], jobs=2)
    assert parallel.files == serial.files
    assert parallel.sorted() == serial.sorted()
    assert any(d.path.endswith("broken.yaml") for d in parallel.diagnostics)


def testworker_count() -> None:
    assert worker_count(10, None) == 1
    assert worker_count(10, 4) == 4
    assert worker_count(3, 8) == 3
