"""A merge commit that brings in a branch's publication is not the publication: the hook at that
commit blocked it (PM412, "becomes published only in the change not committed yet"), though
the branch's own commit had published the postmortem days before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import EARLY, PM, GitRepo, pmkit_json

DRAFT = EARLY.replace("status: published", "status: draft")
#: The postmortem's own deadline (overdue, late) and its dates against git's.
CLOCKS = "PM401,PM402,PM412"


@pytest.fixture(autouse=True)
def _no_pre_commit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)


def _merging(tmp_path: Path) -> GitRepo:
    """A draft of 5 March; a branch publishes it on 10 March (published_at says so); main
    changes its owner on 11 March; the merge stops on that line and takes the branch's."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft", date="2026-03-05T10:00:00Z")
    repo.git("checkout", "-q", "-b", "publish")
    repo.write(PM, EARLY.replace("owner: messaging lead", "owner: messaging lead X"))
    repo.commit("Publish", date="2026-03-10T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.edit(PM, "owner: messaging lead", "owner: messaging lead Y")
    repo.commit("Owner", date="2026-03-11T09:00:00Z")
    repo.git("merge", "-q", "publish", check=False)
    repo.write(PM, repo.git("show", f"publish:{PM}"))
    repo.git("add", PM)
    return repo


def test_a_merge_that_brings_in_the_publication_is_not_late(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: Any) -> None:
    repo = _merging(tmp_path)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", CLOCKS, "--now", "2026-04-01T00:00:00Z", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (0, [])
    # Once merged, the branch's commit dates the publication, as before.
    repo.git("commit", "-q", "--no-edit", "--no-verify", date="2026-04-01T00:00:00Z")
    code, diags = pmkit_json("--select", CLOCKS, "--now", "2026-04-01T00:00:00Z", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (0, [])


def test_the_change_that_publishes_in_the_merge_itself_is_still_the_publication(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # Neither side published it: the resolution does, now, weeks after published_at.
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft", date="2026-03-05T10:00:00Z")
    repo.git("checkout", "-q", "-b", "other")
    repo.edit(PM, "owner: messaging lead", "owner: messaging lead X")
    repo.commit("Owner X", date="2026-03-10T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.edit(PM, "owner: messaging lead", "owner: messaging lead Y")
    repo.commit("Owner Y", date="2026-03-11T09:00:00Z")
    repo.git("merge", "-q", "other", check=False)
    repo.write(PM, EARLY)
    repo.git("add", PM)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412", "--now", "2026-04-01T00:00:00Z", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM412"])
    assert "becomes published only in the change not committed yet" in diags[0]["message"]
