"""Corrections in commits that were never pushed: amending one (``git commit --amend``, or a
follow-up commit before the push) is not rewriting the record readers saw. Once pushed, a
correction is append-only; in a repository without remote-tracking branches every commit
counts as shared, as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import (
    CORRECTED,
    PM,
    PUBLISHED,
    GitRepo,
    clear_git_env,
    found,
    line_of,
    pmkit_json,
    published_repo,
)


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def corrected_locally(tmp_path: Path, *, remote: bool = True) -> GitRepo:
    """The published postmortem, pushed (when there is a remote); then a local commit, not
    pushed, that revises the figure and adds its correction."""
    repo = published_repo(tmp_path)
    if remote:
        origin = tmp_path / "origin.git"
        repo.git("init", "-q", "--bare", str(origin))
        repo.git("remote", "add", "origin", str(origin))
        repo.git("push", "-q", "origin", "main")
    repo.write(PM, CORRECTED)
    repo.commit("Correct the number of users")
    return repo


def test_amending_an_unpushed_correction_is_not_a_rewrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: Any) -> None:
    # PM603 blocked the amend with an error: the correction had only ever been in a local commit.
    repo = corrected_locally(tmp_path)
    repo.edit(PM, "the final count is 15,000.", "the final count is 15,000 (from the login logs).")
    monkeypatch.chdir(repo.root)
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
    # Removing it before the push is the author's draft too, and the figure it declared then
    # has its original value again: nothing was changed after publication.
    repo.write(PM, PUBLISHED)
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])


def test_the_unpushed_correction_still_declares_a_figure_revised_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # PM601: 15,000 -> 15,500 against the local commit, "and no new correction declares it".
    repo = corrected_locally(tmp_path)
    text = repo.edit(PM, "users_affected: 15000", "users_affected: 15500")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM601,PM603", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    # The revision is still an upward one, and PM602 names the correction that declares it.
    code, diags = pmkit_json("--select", "PM602", PM, capsys=capsys)
    assert found(diags) == [("PM602", line_of(text, "users_affected:"), 19)]
    assert diags[0]["message"].endswith("declared by the correction of 2026-11-20")


def test_a_pushed_correction_stays_append_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: Any) -> None:
    repo = corrected_locally(tmp_path)
    repo.git("push", "-q", "origin", "main")
    text = repo.edit(PM, "the final count is 15,000.", "the final count is 15,000 (from the login logs).")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM603", PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM603", line_of(text, "- at: 2026-11-20"), 5)]


def test_an_older_pushed_correction_edited_in_an_unpushed_commit_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # Pushed: the first correction. Local: a second one. Editing the first is a rewrite.
    repo = corrected_locally(tmp_path)
    repo.git("push", "-q", "origin", "main")
    repo.edit(PM, "    fields: [impact.users_affected]\n",
              "    fields: [impact.users_affected]\n  - at: 2026-11-21\n    description: Typo fixed.\n"
              "    fields: []\n")
    repo.commit("Second correction")
    text = repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM603", PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM603", line_of(text, "- at: 2026-11-20"), 5)]
    # The second, never pushed, may still change.
    repo.write(PM, text.replace("the count is 15,000.", "the final count is 15,000.").replace(
        "Typo fixed.", "A typo in the summary was fixed."))
    assert pmkit_json("--select", "PM603", PM, capsys=capsys) == (0, [])


def test_without_remote_tracking_branches_every_commit_counts_as_shared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = corrected_locally(tmp_path, remote=False)
    text = repo.edit(PM, "the final count is 15,000.", "the final count is 15,000 (from the login logs).")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM603", PM, capsys=capsys)
    assert code == 1
    assert found(diags) == [("PM603", line_of(text, "- at: 2026-11-20"), 5)]
