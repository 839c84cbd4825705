"""Git evidence in repository states and environments not tried before: SHA-256 object ids,
git settings of the user that change what git prints, the environment a hook of another
repository leaves behind. Each built with real git commands; what pmkit says, exactly."""

from __future__ import annotations

import json
import subprocess
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


#: Published on 10 March as the document says; git's publication commit is dated 25 March.
EARLY = PUBLISHED.replace("published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-10T09:00:00Z")
PUBLISHED_AT = line_of(EARLY, "published_at:")


def drafted_then_published(root: Path) -> GitRepo:
    """A draft committed on 5 March, published in a commit of 25 March."""
    repo = GitRepo(root)
    repo.write(PM, EARLY.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-05T10:00:00Z")
    repo.write(PM, EARLY)
    repo.commit("Publish", date="2026-03-25T12:00:00Z")
    return repo


def test_a_sha256_repository_gives_the_same_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Any) -> None:
    """In a repository made with 'git init --object-format=sha256' every version of a file read
    for the disclosure dates came back as nothing (gitpython's reader takes only 40-digit
    object ids), so PM412 said nothing of a published_at 15 days before the publication."""
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "--object-format=sha256", "-b", "main"], cwd=root, check=True)
    repo = drafted_then_published(root)
    assert len(repo.git("rev-parse", "HEAD").strip()) == 64
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM412", PUBLISHED_AT, 17)]
    assert "first became published in commit" in diags[0]["message"]
    assert "15 days 3 h later" in diags[0]["message"]
