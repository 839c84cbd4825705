"""The commits of HEAD in topological order (pmkit.history.topo_order), kept between runs and read
on from the commit they were read from, as a log is: the order is git's own however the history
grew since (one commit, a line of them, a merge, a rewrite), and a run at the kept commit asks git
for no list at all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from history_git import GitRepo, clear_git_env, random_history

from pmkit import history, logcache
from pmkit.gitrunner import PlainRepository


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PMKIT_NO_CACHE", raising=False)
    logcache._PLANS.clear()


def _gits(repo: GitRepo) -> list[str]:
    done = subprocess.run(["git", "rev-list", "--topo-order", "--parents", "HEAD"], cwd=repo.root,
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def _order(repo: GitRepo) -> list[str]:
    return history.topo_order(PlainRepository(str(repo.root)))


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_the_order_read_on_is_gits_own(tmp_path: Path, seed: int) -> None:
    repo = random_history(tmp_path / "repo", seed)
    assert _order(repo) == _gits(repo)
    repo.write("notes.md", "one\n")
    repo.commit("one commit on the kept one")
    assert _order(repo) == _gits(repo)
    for step in range(3):
        repo.write("notes.md", f"line {step}\n")
        repo.commit(f"a line of commits {step}")
    assert _order(repo) == _gits(repo)
    repo.git("checkout", "-q", "-b", "side", "HEAD~2")
    repo.write("side.md", "side\n")
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "--no-ff", "side")
    assert _order(repo) == _gits(repo)
    repo.git("reset", "-q", "--hard", "HEAD~3")
    assert _order(repo) == _gits(repo)


def test_a_run_at_the_kept_commit_lists_no_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = random_history(tmp_path / "repo", 5)
    first = _order(repo)
    ran: list[list[str]] = []
    real = history._run_log

    def counted(repository: object, whole: list[str]) -> bytes:
        ran.append(whole)
        return real(repository, whole)

    monkeypatch.setattr(history, "_run_log", counted)
    assert _order(repo) == first and ran == []
    repo.write("notes.md", "one\n")
    repo.commit("one more")
    head = repo.git("rev-parse", "HEAD").strip()
    assert _order(repo) == _gits(repo)
    assert [whole[-3:] for whole in ran] == [[head, f"^{first[0].split()[0]}", "--"]]


def test_without_the_cache_the_order_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = random_history(tmp_path / "repo", 7)
    assert _order(repo) == _gits(repo)
    assert not (tmp_path / "cache").exists()
