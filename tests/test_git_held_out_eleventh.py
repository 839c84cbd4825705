"""Git evidence of disclosure dates, the history rules, ``pmkit history`` and ``pmkit due``:
cases found in the eleventh round, each failing before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, line_of
from history_git import pmkit_json as check_json


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


#: The queue postmortem under the team's own policy (publish within 14 days of resolution, due
#: 2026-03-16 23:59 UTC), without a published_at: git is the evidence of publication.
INTERNAL = PUBLISHED.replace("  published_at: 2026-03-05T09:00:00Z\n", "  regimes: [internal]\n")
DRAFT = INTERNAL.replace("status: published", "status: draft")


@pytest.mark.parametrize("staged", [True, False])
def test_a_late_publication_about_to_be_committed_is_published_late(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, staged: bool) -> None:
    """A draft committed on 3 March, its status set to published on 30 March and checked
    before that change is committed (the pre-commit hook, staged or not): the clock said
    'published, date unknown' and PM402 said nothing, so the late publication passed the very
    commit that made it. The file on disk is the publication, made by the time of the check."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    if staged:
        repo.git("add", PM)
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-30T12:00:00Z", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["severity"]) for d in diags] == [
        ("PM402", line_of(INTERNAL, "status: published"), 9, "warning")]
    assert diags[0]["message"].startswith(
        "postmortem published 13 days 12 h late: published 2026-03-30 12:00 UTC (the publication on "
        "disk, not committed yet: published by the time of this check), deadline 2026-03-16 23:59 UTC")
    # Committed, git says the same; published in time, nothing is said.
    sha = repo.commit("Publish the queue postmortem", date="2026-03-30T12:00:00Z")
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-30T12:00:00Z", PM, capsys=capsys)
    assert [d["code"] for d in diags] == ["PM402"]
    assert diags[0]["message"].startswith(
        f"postmortem published 13 days 12 h late: published 2026-03-30 12:00 UTC (git: status first "
        f"published in commit {sha[:7]})")


def test_a_publication_in_time_about_to_be_committed_is_not_late(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-10T12:00:00Z", PM, capsys=capsys)
    assert (code, diags) == (0, [])
