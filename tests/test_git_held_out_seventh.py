"""Git evidence in repository states not tried before: remote-tracking branches of another
project, merges that git's history simplification hides, submodules seen from the
superproject. Each built with real git commands; what pmkit says, exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, line_of

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                "GIT_TEST_ASSUME_DIFFERENT_OWNER", "GIT_CEILING_DIRECTORIES", "GIT_CONFIG_PARAMETERS",
                "GIT_CONFIG_COUNT"):
        monkeypatch.delenv(key, raising=False)


def check_json(*args: str, capsys: Any) -> tuple[int, list[dict[str, Any]]]:
    """``pmkit check --format json ARGS``: the exit code and the diagnostics."""
    code = main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)["diagnostics"]


def published_and_pushed(root: Path, origin: Path) -> GitRepo:
    """A published postmortem, committed on 5 March and pushed to ``origin``."""
    repo = GitRepo(root)
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    return repo


def unrelated_project(root: Path) -> GitRepo:
    """Another project's repository: a history that shares no commit with the postmortems'."""
    other = GitRepo(root)
    other.write("README", "Another project.\n")
    other.commit("Start the other project", date="2026-01-10T09:00:00Z")
    return other


@pytest.mark.parametrize("pushed", [False, True])
def test_a_remote_of_another_project_does_not_make_every_commit_unpushed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, pushed: bool) -> None:
    """A remote added for another project ('git remote add tools ...; git fetch tools', a
    template repository, another team's fork) holds none of this history: pmkit took every
    commit for one not pushed yet, so a published postmortem counted as read by nobody, and a
    figure changed without a correction passed (exit 0). Only remote-tracking branches that
    share history with the commit tell pushed from local commits."""
    if pushed:
        repo = published_and_pushed(tmp_path / "repo", tmp_path / "origin.git")
    else:
        repo = GitRepo(tmp_path / "repo")  # a repository that was never pushed
        repo.write(PM, PUBLISHED)
        repo.commit("Publish", date="2026-03-05T09:00:00Z")
    other = unrelated_project(tmp_path / "other")
    repo.git("remote", "add", "tools", str(other.root))
    repo.git("fetch", "-q", "tools")
    refs = repo.git("for-each-ref", "--format=%(refname)", "refs/remotes/tools")
    assert refs == "refs/remotes/tools/main\n"
    text = repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM601", PM, capsys=capsys)
    assert code == 1
    line = line_of(text, "users_affected:")
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM601", line, 19)]
    assert diags[0]["message"].startswith("impact.users_affected changed from 12000 to 15000 since it was "
                                          "published (HEAD), and no new correction declares it")
