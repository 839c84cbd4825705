"""Git history leftovers: a base from PRE_COMMIT_FROM_REF that names no commit, the hint for a
base version that cannot be read, and a copy that keeps its source's id.

At pre-push pre-commit sets PRE_COMMIT_FROM_REF to the remote's branch ('origin/main'); in a
clone whose remote records no default branch, or that never fetched it, PM600 said only that the
base "names no commit", where '--base origin/main' said what to fetch or which branch to pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, pmkit_json

from pmkit.cli import main

SKIPPED = "history rules (PM6xx) skipped: the base 'origin/main' (PRE_COMMIT_FROM_REF) "


def _fetched_without_head(tmp_path: Path) -> GitRepo:
    """A repository whose remote, added with 'git remote add' and fetched, has one branch, trunk,
    and records no default branch (no origin/HEAD: a clone sets one)."""
    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED)
    source.commit("Publish")
    source.git("branch", "-m", "main", "trunk")
    repo = GitRepo(tmp_path / "repo")
    repo.git("remote", "add", "origin", str(source.root))
    repo.git("fetch", "-q", "origin")
    repo.git("checkout", "-q", "-b", "fix", "origin/trunk")
    return repo


def test_a_pre_push_base_of_a_remote_that_records_no_default_branch_names_the_branch_to_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fetched_without_head(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "origin/main")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [(
        "PM600", 1, 1,
        SKIPPED + "names no commit in this repository; the remote 'origin' records no default branch "
        "here (origin/HEAD is not set: a remote added with 'git remote add' gets none, a clone does; "
        "'git remote set-head origin --auto' asks the remote for it), and its one branch fetched is "
        "origin/trunk: pass --base origin/trunk")]
    # --base wins over the environment, as the advice says.
    assert main(["check", "--select", "PM6", "--base", "origin/trunk", "postmortems"]) == 0


def test_a_pre_push_base_not_fetched_says_what_to_fetch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    repo.git("remote", "add", "origin", str(tmp_path / "elsewhere.git"))  # nothing fetched from it
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "origin/main")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        SKIPPED + "names no commit in this repository; fetch it first (e.g. 'git fetch origin main')"])
    assert main(["check", "--select", "PM6", "--base", "origin/main", "postmortems"]) == 2
    assert capsys.readouterr().err == ("pmkit: --base origin/main: names no commit in this repository; "
                                       "fetch it first (e.g. 'git fetch origin main')\n")
