"""What the history rules and '--base' say when they cannot go on: each message names what is
wrong and advises a step that works when followed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

from pmkit.cli import main

INSTEAD = "pass the commit's branch, tag or id instead ('git log --all --oneline' lists them)"


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def _base(capsys: pytest.CaptureFixture[str], base: str) -> tuple[int, str]:
    code = main(["check", "--select", "PM6", "--base", base, "postmortems"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("base", "says"), [
    (":/nomatch", "no commit reachable from any ref has a message that matches 'nomatch'"),
    (":/!-Publish", "no commit reachable from any ref has a message that does not match 'Publish'"),
    (":/!!x", "no commit reachable from any ref has a message that matches '!x'"),
    ("main^{/nomatch}", "no commit reachable from 'main' has a message that matches 'nomatch'"),
])
def test_a_search_of_commit_messages_that_finds_none_says_so(
        base: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """':/text' (a form the documentation lists) that matches no message was told to be fetched
    ('git fetch origin :/nomatch') or named 'origin/:/nomatch': neither names a commit."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem")
    repo.git("init", "-q", "--bare", str(tmp_path / "origin.git"))
    repo.git("remote", "add", "origin", str(tmp_path / "origin.git"))
    repo.git("push", "-q", "origin", "main")
    monkeypatch.chdir(repo.root)
    assert _base(capsys, base) == (
        2, f"pmkit: --base {base}: names no commit: {says} (a search of commit messages, newest first); "
        f"{INSTEAD}\n")
    assert _base(capsys, ":/") == (
        2, f"pmkit: --base :/: names no commit: it searches commit messages for the text after '/', and "
        f"gives none; {INSTEAD}\n")
    # What it advises works; and a search that matches is a base as before.
    sha = repo.git("log", "--all", "--format=%h", "-1").strip()
    assert _base(capsys, sha) == (0, "")
    assert _base(capsys, ":/Publish") == (0, "")


def test_a_search_of_commit_messages_in_a_shallow_clone_says_how_to_fetch_the_older_commits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    origin = GitRepo(tmp_path / "origin")
    origin.write(PM, PUBLISHED)
    origin.commit("Publish the queue postmortem")
    origin.git("commit", "-q", "--allow-empty", "-m", "Later")
    clone = tmp_path / "clone"
    origin.git("clone", "-q", "--depth", "1", "--no-local", str(origin.root), str(clone))
    monkeypatch.chdir(clone)
    assert _base(capsys, ":/Publish") == (
        2, "pmkit: --base :/Publish: names no commit: no commit reachable from any ref has a message that "
        "matches 'Publish' (a search of commit messages, newest first); this is a shallow clone, whose older "
        "commits are not here: fetch them (e.g. 'git fetch --unshallow origin'); " + INSTEAD + "\n")
    subprocess.run(["git", "fetch", "-q", "--unshallow", "origin"], cwd=clone, check=True)
    assert _base(capsys, ":/Publish") == (0, "")
