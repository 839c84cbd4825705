"""A plain repository's remote-tracking branches are read from its refs: a hook's check of an
edited published postmortem asks first whether there are any and whether one holds the base
commit (was the base version pushed?), and the ``git for-each-ref refs/remotes`` and
``git rev-list`` that answered were git processes of their own on every such commit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from history_git import PM, GitRepo, clear_git_env, git_commands, published_and_pushed

from pmkit.gitrunner import plain_repository


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def _tips_listed(repo: GitRepo) -> set[str]:
    return set(repo.git("for-each-ref", "--format=%(objectname)", "refs/remotes").split())


def _listed(repo: GitRepo) -> bool:
    return bool(_tips_listed(repo))


def _tips(repo: GitRepo) -> frozenset[str] | None:
    plain = plain_repository(str(repo.root))
    assert plain is not None
    return plain.remote_tracking_tips()


def _written(repo: GitRepo) -> bool | None:
    tips = _tips(repo)
    return None if tips is None else bool(tips)


def test_the_refs_say_what_for_each_ref_lists(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "postmortems\n")
    repo.commit("Start")
    assert _written(repo) is False and not _listed(repo)  # nothing fetched
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    assert _written(repo) is True and _listed(repo)  # a loose ref
    repo.git("pack-refs", "--all")
    assert not (repo.root / ".git" / "refs" / "remotes" / "origin" / "main").exists()
    assert _written(repo) is True and _listed(repo)  # packed
    repo.git("update-ref", "-d", "refs/remotes/origin/main")
    assert _written(repo) is False and not _listed(repo)  # deleted, from packed-refs too
    lock = repo.root / ".git" / "refs" / "remotes" / "origin" / "main.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("")  # (a fetch writing the ref: no ref yet)
    assert _written(repo) is False and not _listed(repo)
    lock.unlink()
    repo.git("update-ref", "refs/tags/remotes/v1", "HEAD")  # (a tag's name is no remote's)
    repo.git("pack-refs", "--all")
    assert _written(repo) is False and not _listed(repo)


def test_refs_that_are_not_files_are_left_to_git(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "postmortems\n")
    repo.commit("Start")
    (repo.root / ".git" / "reftable").mkdir()  # (a repository of git's newer ref format)
    assert _written(repo) is None
    (repo.root / ".git" / "reftable").rmdir()
    if os.geteuid() != 0:  # (root reads a folder of mode 000)
        remotes = repo.root / ".git" / "refs" / "remotes"
        remotes.mkdir(parents=True)
        remotes.chmod(0)
        try:
            assert _written(repo) is None
        finally:
            remotes.chmod(0o755)


def test_a_hooks_check_of_a_pushed_edit_asks_git_no_for_each_ref(tmp_path: Path) -> None:
    repo = published_and_pushed(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 11000")  # a published fact changed
    code, commands = git_commands(repo, tmp_path, "--select", "PM601", PM)
    assert code == 1  # PM601: read by readers, changed without a correction
    # The base commit is origin/main's, which the refs say: pushed, with no git process to ask.
    assert "for-each-ref" not in commands and "rev-list" not in commands


def test_a_hooks_check_of_an_edit_after_a_local_commit_asks_git_what_was_pushed(tmp_path: Path) -> None:
    repo = published_and_pushed(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 11000")
    repo.commit("Not pushed yet", date="2026-03-06T09:00:00Z")
    repo.edit(PM, "users_affected: 11000", "users_affected: 10000")
    code, commands = git_commands(repo, tmp_path, "--select", "PM601", PM)
    assert code == 1  # PM601: readers read 12000 (as pushed), and this changes it again
    assert "for-each-ref" not in commands and "rev-list" in commands  # (the base is a local commit)


def test_the_tips_are_the_commits_for_each_ref_lists(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "postmortems\n")
    repo.commit("Start")
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write("README.md", "postmortems, kept\n")
    repo.commit("More")
    second = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-ref", "refs/remotes/origin/main", first)
    repo.git("update-ref", "refs/remotes/origin/feature/x", second)
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    assert _tips(repo) == _tips_listed(repo) == {first, second}
    repo.git("pack-refs", "--all")
    repo.git("update-ref", "refs/remotes/origin/main", second)  # loose again: the packed line is old
    assert _tips(repo) == _tips_listed(repo) == {second}
    repo.git("update-ref", "-d", "refs/remotes/origin/feature/x")
    assert _tips(repo) == _tips_listed(repo) == {second}
    broken = repo.root / ".git" / "refs" / "remotes" / "origin" / "broken"
    broken.write_text("not a commit\n")  # (git warns of it, and lists it not)
    assert _tips(repo) == {second}
