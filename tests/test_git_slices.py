"""A long history is read in slices side by side; together they say what one ``git log`` says."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from history_git import GitRepo

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


def _random_history(root: Path, seed: int) -> GitRepo:
    """Branches, merges (some discarding the other side, as ``-s ours`` does), renames and
    deletions, each branch touching only its own files so that merges never conflict."""
    rng = random.Random(seed)
    repo = GitRepo(root)
    files: dict[str, list[str]] = {"main": []}
    counter = 0

    def change(branch: str) -> None:
        nonlocal counter
        own = files[branch]
        action = rng.choice(["add", "add", "edit", "rename", "delete"]) if own else "add"
        if action == "add":
            counter += 1
            name = f"pm/{branch}-{counter}.yaml"
            repo.write(name, f"id: {branch}-{counter}\nstatus: draft\n")
            own.append(name)
        elif action == "edit":
            name = rng.choice(own)
            repo.write(name, repo.read(name) + f"note: {rng.random()}\n")
        elif action == "rename":
            old = rng.choice(own)
            counter += 1
            new = f"pm/{branch}-{counter}.yaml"
            repo.git("mv", old, new)
            own[own.index(old)] = new
        else:
            name = rng.choice(own)
            repo.git("rm", "-q", name)
            own.remove(name)
        repo.commit(f"{action} on {branch}")

    change("main")
    current = "main"
    for step in range(50):
        roll = rng.random()
        if roll < 0.1 and len(files) > 1:
            current = rng.choice([b for b in files if b != current])
            repo.git("checkout", "-q", current)
        elif roll < 0.2 and len(files) < 4:
            branch = f"b{step}"
            repo.git("checkout", "-q", "-b", branch)
            files[branch] = []
            current = branch
        elif roll < 0.3 and len(files) > 1:
            other = rng.choice([b for b in files if b != current])
            how = ["-s", "ours"] if rng.random() < 0.3 else []
            repo.git("merge", "-q", "--no-edit", "--no-ff", *how, other)
            if how and other != "main":
                # Its changes were discarded here: merging it again would conflict.
                del files[other]
                repo.git("branch", "-q", "-D", other)
        else:
            change(current)
    repo.git("checkout", "-q", "main")
    for other in [b for b in files if b != "main"]:
        repo.git("merge", "-q", "--no-edit", "--no-ff", *rng.choice([[], ["-s", "ours"]]), other)
    change("main")
    return repo


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cores", [2, 4])
def test_slices_read_what_one_log_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        seed: int, cores: int) -> None:
    repo = _random_history(tmp_path / "repo", seed)
    paths = [str(p) for p in sorted((repo.root / "pm").glob("*.yaml"))] or [str(repo.root / "pm")]
    whole = read_evidence(paths)
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_ENTRIES", 0)
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_COMMITS", 0)
    monkeypatch.setattr(pmkit.history.os, "cpu_count", lambda: cores)
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
    monkeypatch.setattr(pmkit.history.os, "cpu_count", lambda: 4)
    evidence = pmkit.history.open_repository([str(repo.root / "pm" / "0.yaml")])
    assert pmkit.history._log_slices(evidence._repo, [repo.root / "pm"]) == [["HEAD"]]
    monkeypatch.setattr(pmkit.history, "SPLIT_MIN_COMMITS", 0)
    slices = pmkit.history._log_slices(evidence._repo, [repo.root / "pm"])
    assert slices[0][0] == "HEAD" and len(slices) == 3
