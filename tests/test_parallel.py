"""Checking many files in worker processes gives exactly the serial result."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest

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


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_workers_inherit_the_history_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With workers, git's history is read once, before they start, not once in each."""
    from generate import write_files
    from history_git import GitRepo

    import pmkit.history

    repo = GitRepo(tmp_path / "repo")
    write_files(repo.root, 40, seed=5)
    repo.commit("Add the postmortems")
    logs = tmp_path / "logs.txt"
    real = pmkit.history._read_log

    def counted(*args: object) -> str:
        with logs.open("a") as out:  # a file, as the workers are other processes
            out.write(f"{os.getpid()}\n")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pmkit.history, "_read_log", counted)
    now = "2026-06-01T00:00:00Z"
    parallel = Checker(now=now).check_paths([repo.root / "postmortems"], jobs=2)
    assert logs.read_text().splitlines() == [str(os.getpid())]
    logs.unlink()
    serial = Checker(now=now).check_paths([repo.root / "postmortems"], jobs=1)
    assert logs.read_text().splitlines() == [str(os.getpid())]
    assert parallel.sorted() == serial.sorted()
    assert any(d.code == "PM412" for d in serial.diagnostics)  # dates checked against git


def test_a_checker_checks_a_second_set_of_files_afresh(tmp_path: Path) -> None:
    from history_git import PM, PUBLISHED, published_repo

    repo = published_repo(tmp_path)
    other = "elsewhere/other.yaml"
    repo.write(other, PUBLISHED.replace("id: 2026-03-02-queue", "id: other"))
    repo.commit("Publish the other one")
    repo.edit(other, "customers_affected: 40", "customers_affected: 41")
    checker = Checker(now="2026-06-01T00:00:00Z")
    checker.check_paths([repo.root / PM])
    second = checker.check_paths([repo.root / other])
    fresh = Checker(now="2026-06-01T00:00:00Z").check_paths([repo.root / other])
    assert second.sorted() == fresh.sorted()
    assert "PM601" in {d.code for d in second.diagnostics}  # compared with its base version
