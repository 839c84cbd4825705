"""A hook's few files in a linked worktree (``git worktree add``) are read without gitpython's
import, as in the repository's main work tree: the worktree's own git folder (HEAD, the index,
a merge in progress) and the shared one (objects, refs, settings) are told apart as gitpython
tells them, and the check says what it says with gitpython. A submodule, and anything unusual
about the worktree's settings, is still read through gitpython."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from history_git import PM, SRC, GitRepo, clear_git_env, published_repo, superproject

from pmkit.gitrunner import PlainRepository, plain_repository
from pmkit.history import open_repository

NOW = "2026-11-25"
RUN = "from pmkit.launcher import run; raise SystemExit(run())"


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def _linked(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    """A repository with a published postmortem, and a linked worktree of it on a branch of
    its own, where the postmortem's published figure is edited and staged, as at a commit."""
    repo = published_repo(tmp_path)
    repo.write("README.md", "postmortems\n")
    repo.commit("Say what the folder holds")
    repo.git("worktree", "add", "-q", "-b", "revise", str(tmp_path / "linked"))
    linked = GitRepo.__new__(GitRepo)
    linked.root, linked.clock = tmp_path / "linked", 10
    linked.edit(PM, "users_affected: 12000", "users_affected: 11000")
    linked.git("add", PM)
    return repo, linked


def _hook_run(linked: GitRepo, *args: str, gitpython: bool) -> subprocess.CompletedProcess[str]:
    """``pmkit check ARGS`` as a pre-commit hook of the worktree runs it (a fresh process, the
    worktree's index named by GIT_INDEX_FILE), with the modules it imports on stderr;
    ``gitpython`` forces gitpython's reading (GIT_PYTHON_GIT_EXECUTABLE set to the same git)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PMKIT_", "GIT_"))}
    index = linked.git("rev-parse", "--path-format=absolute", "--git-path", "index").strip()
    env.update(PYTHONPATH=str(SRC), PMKIT_NO_CACHE="1", GIT_INDEX_FILE=index, GIT_CONFIG_NOSYSTEM="1")
    if gitpython:
        env["GIT_PYTHON_GIT_EXECUTABLE"] = shutil.which("git") or "git"
    return subprocess.run([sys.executable, "-X", "importtime", "-c", RUN, "check", "--now", NOW, *args],
                          cwd=linked.root, env=env, capture_output=True, text=True, timeout=120, check=False)


def _imports_gitpython(importtime: str) -> bool:
    return any(line.startswith("import time:") and line.rsplit("|", 1)[1].strip() == "git"
               for line in importtime.splitlines())


@pytest.mark.parametrize("output", [[], ["--format", "json"]])
def test_a_hooks_check_in_a_linked_worktree_says_what_gitpython_s_says_without_importing_it(
        tmp_path: Path, output: list[str]) -> None:
    _repo, linked = _linked(tmp_path)
    plain = _hook_run(linked, *output, PM, gitpython=False)
    forced = _hook_run(linked, *output, PM, gitpython=True)
    assert "Traceback" not in plain.stderr + forced.stderr
    assert _imports_gitpython(forced.stderr)  # (the comparison is with gitpython's reading)
    assert not _imports_gitpython(plain.stderr)
    assert (plain.returncode, plain.stdout) == (forced.returncode, forced.stdout)
    assert plain.returncode == 1 and "PM601" in plain.stdout  # a published figure changed silently


def test_a_merge_in_progress_in_a_linked_worktree_is_read_from_its_own_git_folder(tmp_path: Path) -> None:
    repo, linked = _linked(tmp_path)
    linked.commit("Revise the figure")
    repo.edit(PM, "event: Backlog drained.", "event: The backlog drained.")
    repo.commit("Reword the timeline")
    linked.git("merge", "-q", "--no-ff", "--no-commit", "main")  # (merged, not committed: in progress)
    assert (Path(linked.git("rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").is_file()
    assert not (repo.root / ".git" / "MERGE_HEAD").exists()
    opened = open_repository([str(linked.root / PM)])
    assert isinstance(opened._repo, PlainRepository)
    assert opened.merging(PM) == repo.read(PM)  # the other side of the worktree's merge
    assert open_repository([str(repo.root / PM)]).merging(PM) is None  # (none in the main work tree)
    plain = _hook_run(linked, "--format", "json", PM, gitpython=False)
    forced = _hook_run(linked, "--format", "json", PM, gitpython=True)
    assert not _imports_gitpython(plain.stderr) and _imports_gitpython(forced.stderr)
    assert (plain.returncode, plain.stdout) == (forced.returncode, forced.stdout)


def test_the_worktree_s_own_and_shared_git_folders_are_gitpython_s(tmp_path: Path) -> None:
    repo, linked = _linked(tmp_path)
    ours = plain_repository(str(linked.root))
    theirs = git.Repo(linked.root)
    assert ours is not None
    assert Path(ours.git_dir) == Path(theirs.git_dir).resolve() == repo.root / ".git" / "worktrees" / "linked"
    assert Path(ours.common_dir) == Path(theirs.common_dir).resolve() == repo.root / ".git"
    assert ours.working_tree_dir == str(linked.root) and ours.working_dir == str(linked.root)


def test_a_worktree_s_remote_tracking_branches_are_read_from_the_shared_refs(tmp_path: Path) -> None:
    repo, linked = _linked(tmp_path)
    ours = plain_repository(str(linked.root))
    assert ours is not None and ours.remote_tracking_tips() == frozenset()
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    head = repo.git("rev-parse", "HEAD").strip()
    assert ours.remote_tracking_tips() == {head}
    repo.git("pack-refs", "--all")
    assert ours.remote_tracking_tips() == {head}


def test_a_gitdir_named_relative_to_the_work_tree_is_followed(tmp_path: Path) -> None:
    repo, linked = _linked(tmp_path)
    (linked.root / ".git").write_text("gitdir: ../repo/.git/worktrees/linked\n", encoding="utf-8")
    ours = plain_repository(str(linked.root))
    assert ours is not None and Path(ours.git_dir) == repo.root / ".git" / "worktrees" / "linked"
    assert isinstance(open_repository([str(linked.root / PM)])._repo, PlainRepository)


@pytest.mark.parametrize(("where", "setting"), [
    ("config", "[core]\n\tworktree = /elsewhere\n"),
    ("config", "[extensions]\n\tworktreeConfig = true\n"),
    ("config", "[include]\n\tpath = more.conf\n"),
    ("config", "[core]\n\tbare = true\n"),
    ("config.worktree", "[core]\n\tworktree = /elsewhere\n"),
    ("config.worktree", "[core]\n\tbare = true\n"),
    ("config.worktree", "[include]\n\tpath = more.conf\n"),
])
def test_unusual_settings_of_a_linked_worktree_leave_it_to_gitpython(tmp_path: Path, where: str,
                                                                      setting: str) -> None:
    repo, linked = _linked(tmp_path)
    folder = repo.root / ".git" if where == "config" else repo.root / ".git" / "worktrees" / "linked"
    with open(folder / where, "a", encoding="utf-8") as settings:
        settings.write(setting)
    assert plain_repository(str(linked.root)) is None


@pytest.mark.parametrize("said", ["gitdir:../repo/.git/worktrees/linked\n", "not a pointer\n",
                                  "gitdir: ../repo/.git/worktrees/linked\nmore\n", "gitdir: \n",
                                  "gitdir: ../nowhere\n"])
def test_a_git_file_git_would_not_read_is_left_to_gitpython(tmp_path: Path, said: str) -> None:
    _repo, linked = _linked(tmp_path)
    (linked.root / ".git").write_text(said, encoding="utf-8")
    assert plain_repository(str(linked.root)) is None


def test_a_submodule_is_still_read_through_gitpython(tmp_path: Path) -> None:
    outer = superproject(tmp_path, published_repo(tmp_path / "library"), "lib")
    submodule = outer.root / "lib"
    assert (submodule / ".git").is_file()
    assert plain_repository(str(submodule)) is None  # its git folder has no commondir
    opened = open_repository([str(submodule / PM)])
    assert isinstance(opened._repo, git.Repo) and opened.problem is None
    # A linked worktree of the submodule: its common folder is in the outer repository's modules/.
    sub = GitRepo.__new__(GitRepo)
    sub.root, sub.clock = submodule, 0
    sub.git("worktree", "add", "-q", "-b", "aside", str(tmp_path / "sub-linked"))
    assert (tmp_path / "sub-linked" / ".git").is_file()
    assert plain_repository(str(tmp_path / "sub-linked")) is None
    assert isinstance(open_repository([str(tmp_path / "sub-linked" / PM)])._repo, git.Repo)


def test_a_repository_whose_git_folder_was_put_elsewhere_is_left_to_gitpython(tmp_path: Path) -> None:
    repo = GitRepo.__new__(GitRepo)
    repo.root, repo.clock = tmp_path / "work", 0
    subprocess.run(["git", "init", "-q", "--separate-git-dir", str(tmp_path / "store.git"), str(repo.root)],
                   check=True, env=repo.env())
    repo.git("config", "user.name", "Test Author")
    repo.git("config", "user.email", "author@example.com")
    repo.write(PM, "pmkit: 1\n")
    repo.commit("Start")
    repo.git("worktree", "add", "-q", "-b", "aside", str(tmp_path / "linked"))
    assert plain_repository(str(repo.root)) is None
    assert plain_repository(str(tmp_path / "linked")) is None
