"""Checking many files in worker processes, or few files with the text rules in a second process,
gives exactly the serial result."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import FLAWED_EXAMPLE, SPLIT_NOW, split_case, text_rules_log
from pmkit import forked
from pmkit.config import ConfigError
from pmkit.engine import Checker
from pmkit.workers import SPLIT_MAX_BYTES, splits_rules, worker_count

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


def test_workers_are_spawned_where_forking_is_not_safe(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS, or a process with other threads: the workers start afresh and find the same."""
    from generate import write_files

    write_files(tmp_path, 40, seed=9)
    methods: list[str] = []
    real = multiprocessing.get_context

    def spied(method: str | None = None) -> Any:
        methods.append(str(method))
        return real(method)

    now = "2026-06-01T00:00:00Z"
    serial = Checker(now=now).check_paths([tmp_path], jobs=1)
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(multiprocessing, "get_context", spied)
    spawned = Checker(now=now).check_paths([tmp_path], jobs=2)
    assert methods == ["spawn"]
    assert spawned.sorted() == serial.sorted() and serial.diagnostics


def _checked_in_a_pool_worker(job: tuple[str, int | None]) -> tuple[str, Any]:
    """A task of a multiprocessing.Pool: a daemonic process, which may start no processes."""
    import pmkit

    folder, jobs = job
    try:
        if jobs is None:
            return "ok", pmkit.check([folder], now=SPLIT_NOW).sorted()
        return "ok", Checker(now=SPLIT_NOW).check_paths([folder], jobs=jobs).sorted()
    except BaseException as exc:  # (what the task raised, to compare; a pool re-raises it less plainly)
        return type(exc).__name__, str(exc)


def test_a_pool_worker_checks_in_its_own_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pmkit.check in a multiprocessing.Pool's task (a daemonic process) with enough files for
    workers, or with workers asked for, raised multiprocessing's AssertionError ("daemonic
    processes are not allowed to have children"): it now checks in the calling process."""
    from generate import write_files

    write_files(tmp_path, 40, seed=3)
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    serial = Checker(now=SPLIT_NOW).check_paths([tmp_path], jobs=1).sorted()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        found = pool.map(_checked_in_a_pool_worker, [(str(tmp_path), None), (str(tmp_path), 2)])
    assert serial
    assert found == [("ok", serial), ("ok", serial)]


def test_an_unguarded_script_is_not_run_again_by_spawned_workers(tmp_path: Path) -> None:
    """A script that calls pmkit.check at its top level, without the ``__main__`` guard, where
    workers must be spawned (here: from a thread; on macOS: always). Each spawned worker ran
    the script again (its print, its own pmkit.check) before the pool broke and the files were
    checked in one process after all. The library now spawns workers only when asked to."""
    import subprocess

    from generate import write_files

    write_files(tmp_path / "repo", 45, seed=5)
    script = tmp_path / "report.py"
    script.write_text(
        "import sys, threading\n"
        "import pmkit\n"
        "print('script started', flush=True)\n"
        "found = []\n"
        "worker = threading.Thread(target=lambda: found.append(pmkit.check([sys.argv[1]], "
        "now='2026-01-01T00:00:00Z')))\n"
        "worker.start()\n"
        "worker.join()\n"
        "print(len(found[0].diagnostics), flush=True)\n", encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k != "PMKIT_JOBS"}
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "repo")], capture_output=True,
                          text=True, timeout=300, env=environ, check=False)
    serial = Checker(now="2026-01-01T00:00:00Z").check_paths([tmp_path / "repo"], jobs=1)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["script started", str(len(serial.diagnostics))]


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


# --- few files on two cores: the text rules in a forked child ---------------------------------------

@pytest.mark.skipif(not forked.can_fork(), reason="needs fork")
def test_few_files_split_the_rules_with_a_child_and_find_the_same(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    files = split_case(tmp_path / "pm")
    log = text_rules_log(tmp_path, monkeypatch)
    split = Checker(now=SPLIT_NOW).check_paths(files, split_rules=True)
    [line] = log.read_text().splitlines()
    pid, *text_codes = line.split()
    assert int(pid) != os.getpid()
    # Outside any repository this process keeps blameless phrasing (its own share reads no git).
    assert {code[:3] for code in text_codes} == {"PM2", "PM5", "PM7"}
    serial = Checker(now=SPLIT_NOW).check_paths(files, jobs=1)
    assert split.sorted() == serial.sorted()
    assert split.files == serial.files
    # The library splits only when asked (the command, a fresh process, does): a caller that
    # checks again and again would lose the second process's warm-up every time.
    assert Checker(now=SPLIT_NOW).check_paths(files).sorted() == serial.sorted()
    assert len(log.read_text().splitlines()) == 1
    found = {(Path(d.path).name, d.line, d.code) for d in split.diagnostics}
    # Suppressions apply across both shares, and an unused one is still said.
    assert ("flawed.yaml", 12, "PM301") not in found and ("plain.yaml", 11, "PM301") in found
    assert ("flawed.yaml", 16, "PM113") not in found and ("plain.yaml", 15, "PM113") in found
    assert ("flawed.yaml", 13, "PM302") in found
    assert ("flawed.yaml", 2, "PM901") in found
    assert ("broken.yaml", 3, "PM001") in found


@pytest.mark.skipif(not forked.can_fork(), reason="needs fork")
@pytest.mark.parametrize("failure", ["child dies", "file fails in the child", "no fork"])
def test_a_failed_child_leaves_its_share_to_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       failure: str) -> None:
    files = split_case(tmp_path / "pm")
    serial = Checker(now=SPLIT_NOW).check_paths(files, jobs=1)
    text_rules_log(tmp_path, monkeypatch)
    if failure == "child dies":
        monkeypatch.setattr(Checker, "_findings_of", lambda *_: os._exit(1))
    elif failure == "file fails in the child":
        monkeypatch.setattr(Checker, "_findings_of", lambda _self, docs, _rules: [None] * len(docs))
    else:
        monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert Checker(now=SPLIT_NOW).check_paths(files, split_rules=True).sorted() == serial.sorted()


@pytest.mark.skipif(not forked.can_fork(), reason="needs fork")
def test_a_settings_error_in_a_text_rule_still_stops_the_split_run(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule may find a settings problem only when it runs (a list file, say): exit 2."""
    from pmkit.rules import registry

    files = split_case(tmp_path / "pm")
    log = text_rules_log(tmp_path, monkeypatch)

    def unreadable(*_: object) -> None:
        raise ConfigError("[tool.pmkit.clarity] allow: cannot read 'names.txt'")

    # A clarity rule: the child's share wherever the files are (see test_cold_start_imports.py).
    monkeypatch.setattr(registry().by_code["PM501"], "check", unreadable)
    with pytest.raises(ConfigError, match="cannot read 'names\\.txt'"):
        Checker(now=SPLIT_NOW).check_paths(files, split_rules=True)
    assert log.read_text().split()[0] != str(os.getpid())  # the child met it first


def test_only_few_small_files_split_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    monkeypatch.setattr("pmkit.cores.usable", lambda: 2)
    small = [str(tmp_path / f"{n}.yaml") for n in range(40)]
    for name in small:
        Path(name).write_text("pmkit: 1\n")
    assert splits_rules(small[:1], None) and splits_rules(small[:39], None)
    assert not splits_rules([], None) and not splits_rules(small, None)  # 40: workers take files
    assert not splits_rules(small[:3], 1) and not splits_rules(small[:3], 2)  # --jobs: that many
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (SPLIT_MAX_BYTES + 1))
    assert not splits_rules([small[0], str(big)], None)  # the split keeps every file in memory
    assert splits_rules([small[0], str(tmp_path / "gone.yaml")], None)  # reported when read
    monkeypatch.setenv("PMKIT_JOBS", "1")
    assert not splits_rules(small[:3], None)
    monkeypatch.delenv("PMKIT_JOBS")
    monkeypatch.setattr("pmkit.cores.usable", lambda: 1)
    assert not splits_rules(small[:3], None)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG")
def test_the_workers_of_a_killed_run_end_with_it(tmp_path: Path) -> None:
    """SIGTERM (a CI job cancelled, a timeout) kills the run at once: its worker processes end
    too, and the pipe its output goes to is closed. They waited for work for ever, holding the
    pipe, so whatever read the output waited for ever as well."""
    import shutil
    import signal
    import subprocess
    import threading
    import time

    for number in range(300):
        shutil.copy(FLAWED_EXAMPLE, tmp_path / f"pm{number}.yaml")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "check", "--jobs", "2", str(tmp_path)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert run.stdout is not None
    workers: list[str] = []
    try:
        children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
        deadline = time.monotonic() + 60
        while len(workers) < 2 and run.poll() is None:
            assert time.monotonic() < deadline, "no worker processes started"
            workers = children.read_text().split()
            time.sleep(0.01)
        assert run.poll() is None, "the run ended before it could be killed"
        run.send_signal(signal.SIGTERM)
        assert run.wait(30) == -signal.SIGTERM
        reader = threading.Thread(target=run.stdout.read, daemon=True)
        reader.start()
        reader.join(15)
        assert not reader.is_alive(), "the output's pipe is still open"
        for pid in workers:
            deadline = time.monotonic() + 15
            while not _ended(pid):
                assert time.monotonic() < deadline, f"worker {pid} outlived the run"
                time.sleep(0.05)
    finally:
        for pid in workers:  # the test's own processes, whatever happened
            with contextlib.suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
        if run.poll() is None:
            run.kill()
        run.wait()
        run.stdout.close()


def _ended(pid: str) -> bool:
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # gone
