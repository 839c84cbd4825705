"""What the history rules and '--base' say when they cannot go on: each message names what is
wrong and advises a step that works when followed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, pmkit_json

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


def _remote_with_a_tag_and_a_branch(tmp_path: Path) -> GitRepo:
    """A published postmortem pushed to origin, and from another clone a tag 'reviewed' and a
    branch 'release' pushed there too, which this repository has not fetched."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem")
    origin = tmp_path / "origin.git"
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    other = GitRepo(tmp_path / "other")
    other.git("fetch", "-q", str(origin), "main")
    other.git("reset", "-q", "--hard", "FETCH_HEAD")
    other.git("commit", "-q", "--allow-empty", "-m", "Release")
    other.git("tag", "-a", "-m", "Reviewed", "reviewed")
    other.git("push", "-q", str(origin), "HEAD:refs/heads/release", "reviewed")
    return repo


def _either(fetch: str, name: str, into: str = "") -> str:
    return (f"a branch with '{fetch} {name}{into}', then pass --base origin/{name}; a tag with "
            f"'{fetch} tag {name}', then pass --base {name}")


def test_a_name_only_the_remote_has_is_told_how_to_fetch_it_as_a_branch_or_as_a_tag(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A tag or a branch only the remote has was told "fetch it first (e.g. 'git fetch origin
    reviewed') or name it as origin/reviewed": that fetch makes no local tag, and no tag is ever
    origin/NAME; for a branch, 'git fetch origin release' makes origin/release, not release. Which
    one the name is only the remote knows: the advice says what works for each."""
    repo = _remote_with_a_tag_and_a_branch(tmp_path)
    monkeypatch.chdir(repo.root)
    for name in ("reviewed", "release"):
        assert _base(capsys, name) == (
            2, f"pmkit: --base {name}: names no commit in this repository; fetch it first "
            f"({_either('git fetch origin', name)})\n")
    assert _base(capsys, "refs/tags/reviewed") == (
        2, "pmkit: --base refs/tags/reviewed: names no commit in this repository; fetch it first (e.g. "
        "'git fetch origin tag reviewed')\n")
    assert _base(capsys, "refs/heads/release") == (
        2, "pmkit: --base refs/heads/release: names no commit in this repository; fetch it first (e.g. "
        "'git fetch origin release', then pass --base origin/release)\n")
    # Followed, each works.
    repo.git("fetch", "-q", "origin", "release")
    assert _base(capsys, "origin/release") == (0, "")
    repo.git("fetch", "-q", "origin", "tag", "reviewed")
    assert _base(capsys, "reviewed") == (0, "")
    assert _base(capsys, "refs/tags/reviewed") == (0, "")


def test_a_branch_a_shallow_clone_has_not_fetched_is_fetched_into_its_remote_tracking_branch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A shallow clone fetches one branch: 'git fetch --depth=1 origin release' left origin/release
    as absent as before."""
    _remote_with_a_tag_and_a_branch(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags", "-b", "main",
                    f"file://{tmp_path / 'origin.git'}", str(clone)], check=True)
    monkeypatch.chdir(clone)
    fetch, into = "git fetch --depth=1 origin", ":refs/remotes/origin/release"
    assert _base(capsys, "release") == (
        2, "pmkit: --base release: names no commit in this repository; this is a shallow clone: fetch the "
        f"base ({_either(fetch, 'release', into)}) or use actions/checkout with fetch-depth: 0\n")
    assert _base(capsys, "origin/release") == (
        2, "pmkit: --base origin/release: names no commit in this repository; this is a shallow clone: fetch "
        f"the base (e.g. '{fetch} release{into}') or use actions/checkout with fetch-depth: 0\n")
    subprocess.run(["git", "fetch", "-q", "--depth=1", "origin", "release" + into], cwd=clone, check=True)
    assert _base(capsys, "origin/release") == (0, "")
    subprocess.run(["git", "fetch", "-q", "--depth=1", "origin", "tag", "reviewed"], cwd=clone, check=True)
    assert _base(capsys, "reviewed") == (0, "")


def test_a_rename_not_committed_yet_is_a_rename_in_the_trail_of_either_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """After 'git mv' and no commit, the new name's trail ended with "uncommitted from <old>",
    while the old name's said "renamed to <new>". (In JSON it stays an uncommitted change, with
    the name it was renamed from.)"""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    moved = "postmortems/2026-03-02-queue-outage.yaml"
    repo.git("mv", PM, moved)
    monkeypatch.chdir(repo.root)
    assert main(["history", moved]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"\n(uncommitted)      renamed from {PM}  status: published\n")
    assert main(["history", PM]) == 0
    assert capsys.readouterr().out.endswith(f"\n(uncommitted)      renamed to {moved}  status: published\n")
    assert main(["history", "--format", "json", moved]) == 0
    last = json.loads(capsys.readouterr().out)["entries"][-1]
    assert (last["commit"], last["change"], last["path"], last["renamed_from"]) == (
        None, "uncommitted", moved, PM)


@pytest.mark.parametrize(("fields", "says"), [
    (("[impact.users_affected]", "[severity]"),
     "the new corrections name only impact.users_affected, severity"),
    (("[]", "[]"), "the new corrections' 'fields: []' name no field"),
    (("[impact.users_affected]",), "the new correction names only impact.users_affected"),
    (("[]",), "the new correction's 'fields: []' names no field"),
])
def test_what_the_new_corrections_name_is_said_of_one_or_of_several(
        fields: tuple[str, ...], says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Two new corrections were "the new correction names only impact.users_affected, severity"."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "data_loss: false", "data_loss: true")
    repo.edit(PM, "corrections: []\n", "corrections:\n" + "".join(
        f"  - {{at: 2026-11-2{day}, description: Revised., fields: {named}}}\n"
        for day, named in enumerate(fields)))
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM601", "--base", "HEAD", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (1, [
        "impact.data_loss changed from false to true since it was published (HEAD), and no new correction "
        f"declares it; {says}"])
