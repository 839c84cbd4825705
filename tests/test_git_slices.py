"""Reading git's history: long histories in slices side by side, and few git processes per run."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_git import GitRepo, random_history

import pmkit.history
from pmkit.history import cut_commits, read_evidence


def test_every_commit_of_a_line_is_a_cut() -> None:
    lines = ["d c", "c b", "b a", "a"]
    assert cut_commits(lines) == [(1, "c"), (2, "b"), (3, "a")]


def test_branch_commits_and_merge_parents_are_not_cuts() -> None:
    # m merges a and b, both made on c; c is on d; e merges f (made on m) and m.
    lines = ["e f m", "f m", "m a b", "b c", "a c", "c d", "d"]
    # f: m is still waiting too. m: a parent of the merge e. b, a: the other branch waits.
    assert cut_commits(lines) == [(5, "c"), (6, "d")]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cores", [2, 4])
def test_slices_read_what_one_log_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        seed: int, cores: int) -> None:
    repo = random_history(tmp_path / "repo", seed)
    paths = [str(p) for p in sorted((repo.root / "pm").glob("*.yaml"))] or [str(repo.root / "pm")]
    _by_folder(monkeypatch)
    whole = read_evidence(paths)
    _sliced(monkeypatch, cores)
    slices: list[list[list[str]]] = []
    real = pmkit.history._log_slices
    monkeypatch.setattr(pmkit.history, "_log_slices",
                        lambda *args: slices.append(real(*args)) or slices[-1])
    sliced = read_evidence(paths)
    assert len(slices) == 1 and len(slices[0]) > 1  # the log really was read in slices
    assert whole.problem is None and whole.changes
    assert sliced.changes == whole.changes  # the same changes, in the same order


def test_a_short_history_is_read_in_one_piece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    for n in range(3):
        repo.write(f"pm/{n}.yaml", f"id: x{n}\n")
        repo.commit(f"add {n}")
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_ENTRIES", 0)
    monkeypatch.setattr("pmkit.cores.usable", lambda: 4)
    evidence = pmkit.history.open_repository([str(repo.root / "pm" / "0.yaml")])
    assert pmkit.history._log_slices(evidence._repo, [repo.root / "pm"]) == [["HEAD"]]
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_COMMITS", 0)
    slices = pmkit.history._log_slices(evidence._repo, [repo.root / "pm"])
    assert slices[0][0] == "HEAD" and len(slices) == 3


def test_nothing_after_a_root_is_a_cut() -> None:
    # b merges a line (c, d) with an orphan branch's root o: d is not behind c alone.
    lines = ["b c o", "c d", "o", "d"]
    assert cut_commits(lines) == []
    assert cut_commits(["e b", *lines]) == [(1, "b")]  # b is not a merge's parent


def _by_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the log by folder, as a run of many files does (slices are a folder's)."""
    monkeypatch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)


def _sliced(monkeypatch: pytest.MonkeyPatch, cores: int = 2) -> None:
    # The whole log is read again, in slices: not read on from the log kept by the read before
    # (pmkit.logcache), which needs no slices.
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_ENTRIES", 0)
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_COMMITS", 0)
    monkeypatch.setattr("pmkit.cores.usable", lambda: cores)


@pytest.mark.parametrize("seed", range(4))
def test_a_shallow_clone_of_branches_reads_like_one_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        seed: int) -> None:
    origin = random_history(tmp_path / "origin", seed)
    clone = tmp_path / "clone"
    GitRepo(tmp_path / "scratch").git("clone", "-q", "--depth", "5", "--no-single-branch",
                                      origin.root.as_uri(), str(clone))
    paths = [str(p) for p in sorted((clone / "pm").glob("*.yaml"))] or [str(clone / "pm")]
    _by_folder(monkeypatch)
    whole = read_evidence(paths)
    assert whole.shallow and whole.changes
    _sliced(monkeypatch)
    assert read_evidence(paths).changes == whole.changes


def test_a_shallow_clone_of_a_line_is_sliced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    origin = GitRepo(tmp_path / "origin")
    for n in range(30):
        origin.write(f"pm/{n % 7}.yaml", f"id: x{n % 7}\nrev: {n}\n")
        origin.commit(f"change {n}")
    clone = tmp_path / "clone"
    GitRepo(tmp_path / "scratch").git("clone", "-q", "--depth", "20", origin.root.as_uri(), str(clone))
    paths = [str(p) for p in sorted((clone / "pm").glob("*.yaml"))]
    _by_folder(monkeypatch)
    whole = read_evidence(paths)
    assert whole.shallow and whole.changes
    _sliced(monkeypatch)
    assert len(pmkit.history._log_slices(whole._repo, [clone / "pm"])) == 2
    assert read_evidence(paths).changes == whole.changes


def test_a_shallow_boundary_before_older_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shallow clone has several roots: a branch cut off at its boundary holds commits older
    than the main line's, so no slice may start below a root already listed."""
    origin = GitRepo(tmp_path / "origin")
    origin.write("pm/main.yaml", "id: main\n")
    origin.commit("m0")
    origin.git("checkout", "-q", "-b", "side")
    for n in range(3):
        origin.write("pm/side.yaml", f"id: side\nrev: {n}\n")
        origin.commit(f"s{n}")
    origin.git("checkout", "-q", "main")
    for n in range(6):
        origin.write("pm/main.yaml", f"id: main\nrev: {n}\n")
        origin.commit(f"m{n + 1}")
    origin.git("merge", "-q", "--no-edit", "--no-ff", "side")
    clone = tmp_path / "clone"
    GitRepo(tmp_path / "scratch").git("clone", "-q", "--depth", "4", origin.root.as_uri(), str(clone))
    paths = [str(clone / "pm" / "main.yaml"), str(clone / "pm" / "side.yaml")]
    _by_folder(monkeypatch)
    whole = read_evidence(paths)
    assert whole.shallow and whole.changes
    _sliced(monkeypatch)
    assert read_evidence(paths).changes == whole.changes


def test_one_file_asks_git_for_head_and_the_log_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from history_git import PM, published_repo

    from pmkit.cli import main

    repo = published_repo(tmp_path)
    repo.edit(PM, "title:", "title: Revised")
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.chdir(repo.root)
    main(["check", PM])
    capsys.readouterr()
    commands = [line.split("trace: built-in: git ", 1)[1].split()[0]
                for line in trace.read_text().splitlines() if "trace: built-in: git " in line]
    assert commands.count("rev-parse") == 1 and commands.count("log") == 1, commands
    assert {"ls-tree", "ls-files"} <= set(commands)  # the base version was read too
