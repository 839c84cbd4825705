"""'--base' with a name that names no commit and could be no branch or tag ('nonexistent^{tree}',
'main~3' before main is fetched): no fetch brings it, so the advice to fetch it is left out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

from pmkit.cli import main
from pmkit.history import could_be_branch_name

UNKNOWN = ("names no commit in this repository: it is not a revision git knows, nor a branch or tag name to "
           "fetch; pass a branch, a tag or a commit id ('git log --all --oneline' lists them)")


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def _base(capsys: pytest.CaptureFixture[str], base: str) -> tuple[int, str]:
    code = main(["check", "--select", "PM6", "--base", base, "postmortems"])
    return code, capsys.readouterr().err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem")
    monkeypatch.chdir(repo.root)
    return repo


@pytest.mark.parametrize("base", [
    "nonexistent^{tree}", "a:b", "HEAD@{5}", "gone@{yesterday}", "x?",
    "two words",
])
def test_a_name_no_fetch_could_bring_is_not_told_to_be_fetched(
        base: str, repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """'nonexistent^{tree}' was told to be fetched with 'git fetch origin
    "nonexistent^{tree}:refs/remotes/origin/nonexistent^{tree}"', a refspec git refuses."""
    assert _base(capsys, base) == (2, f"pmkit: --base {base}: {UNKNOWN}\n")


def test_a_name_that_could_be_a_branch_is_still_told_how_to_fetch_it(
        repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, said = _base(capsys, "release")
    assert code == 2
    assert said.startswith("pmkit: --base release: names no commit in this repository; fetch it first (")


NAMES = ["main", "origin/main", "refs/heads/x", "a@b", "@", "é", "HEAD/x", "a.lockx", "v1.2", "a{b}", "HEAD",
         "", "-x", "a/.b", ".a", "a.lock", "x.lock/y", "a/", "a//b", "a.", "a b", "a\tb", "a\\b", "a~1",
         "a^", "a:b", "a?", "a*", "a[", "a..b", "@{-1}", "a@{u}", "a\x7fb"]


def _git_accepts(name: str) -> bool:
    done = subprocess.run(["git", "check-ref-format", "--branch", name], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.parametrize("name", NAMES)
def test_the_branch_names_accepted_are_those_git_accepts(name: str, repo: GitRepo) -> None:
    assert could_be_branch_name(name) == _git_accepts(name)


def test_a_base_some_commits_back_from_a_branch_not_fetched_says_to_fetch_the_branch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """'main~3' in a clone that never fetched main: the fetch advice for 'main' (it was "not a
    revision git knows" alone, which left out the step that helps), then the steps back."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/README.md", "postmortems\n")
    repo.commit("start")
    repo.git("remote", "add", "origin", str(tmp_path / "nowhere.git"))
    monkeypatch.chdir(repo.root)
    code, err = _base(capsys, "trunk~3")
    assert code == 2
    assert err == ("pmkit: --base trunk~3: 'trunk' names no commit in this repository; fetch it first (a "
                   "branch with 'git fetch origin trunk', then pass --base origin/trunk; a tag with 'git "
                   "fetch origin tag trunk', then pass --base trunk); then add '~3' to the name you pass, as "
                   "'trunk~3' does\n")
