"""A version of a file that git could not read is not a version that is not there (second round).

Of the commits that made a file published across merged branches, the earliest is its
publication; that search read a publishing commit's version, and its parent's, and took one git
could not read (a lost object of a corrupt repository) for one that is not there: the commit
was passed over and a later branch's publication taken for the first (a PM412 against a correct
``published_at``, exit code 1). Now PM413 names the version git cannot read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

import pmkit.history
from pmkit.cli import main
from pmkit.history import open_repository

NOW = "2026-11-25T12:00:00Z"
DRAFT = PUBLISHED.replace("status: published", "status: draft")
NOTIFY_HINT = ("    hint: Add the status-page post or customer e-mail: {audience: customers, sent_at: ..., "
               "channel: status-page, link: ...}.")
PLAIN = [
    f"{PM}:11:19: PM405 users were affected (impact.users_affected is 12,000) but no notification to "
    "customers, data-subjects or public is recorded in disclosure.notifications (no-customer-notification)",
    NOTIFY_HINT,
    "",
]
PM413_HINT = ("    hint: Make git able to read the repository (the message says what stops it). "
              "The disclosure rules then use its dates again.")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Drafted on 4 March, the draft edited on main (4 March, afternoon) and published there on
    5 March (as ``published_at`` says); a branch made from the first draft also published it on
    20 March, was brought up to date with main and merged: its line is read first."""
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft", date="2026-03-04T10:00:00Z")
    repo.git("branch", "team")
    repo.edit(PM, "no canary.", "no canary at all.")
    repo.commit("Edit the draft", date="2026-03-04T15:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("checkout", "-q", "team")
    repo.edit(PM, "status: draft", "status: published")
    repo.edit(PM, "owner: messaging lead", "owner: messaging team lead")
    repo.commit("Publish with the owning team", date="2026-03-20T10:00:00Z")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge main into team", "main", date="2026-03-21T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the team branch", "team", date="2026-03-22T10:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo


def _check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--now", NOW, "--select", "PM4,PM6", "postmortems/"])
    return code, capsys.readouterr().out.splitlines()


def _lose_the_object(repo: GitRepo, rev: str) -> str:
    """Delete the loose object of ``PM`` at ``rev`` (a corrupt repository); its commit's id."""
    oid = repo.git("rev-parse", f"{rev}:{PM}").strip()
    (repo.root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    return repo.git("rev-parse", rev).strip()


def _pm413(sha: str) -> list[str]:
    return [
        f"{PM}:1:1: PM413 no git evidence for disclosure dates: git cannot read {PM} as of commit "
        f"{sha[:10]}: a missing or corrupt git object (run git fsck); relying on the dates in the "
        "documents (said once per run) (no-git-evidence)",
        PM413_HINT,
    ]


def test_guard_the_plain_run(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so): with git answering, main's publication on 5 March is the first."""
    assert _check(capsys) == (0, [*PLAIN, "Found 1 warning in 1 of 1 file."])


@pytest.mark.parametrize("rev", ["main~1", "main~2"], ids=["publishing", "its-parent"])
def test_a_lost_version_in_the_search_across_branches_is_said_not_taken_as_absent(
        repo: GitRepo, capsys: pytest.CaptureFixture[str], rev: str) -> None:
    """The object of main's publishing version, or of the draft it was made from, is gone: the
    commit was passed over and the branch's publication of 20 March taken for the first (PM412,
    exit 1). Now PM413 names the version git cannot read, and no PM412."""
    sha = _lose_the_object(repo, rev)
    code, lines = _check(capsys)
    assert (code, lines) == (0, [*_pm413(sha), *PLAIN, "Found 1 warning, 1 info in 1 of 1 file."])


NEWLINE = "postmortems/2026-03-02\nqueue.yaml"


@pytest.fixture
def newline_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A postmortem whose name has a newline (read by 'git cat-file blob', not '--batch'):
    drafted on 3 March, published (as ``published_at`` says) on 5 March, edited on 9 March."""
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(NEWLINE, DRAFT)
    repo.commit("Draft", date="2026-03-03T09:00:00Z")
    repo.write(NEWLINE, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(NEWLINE, PUBLISHED.replace("no canary.", "no canary at all."))
    repo.commit("Edit", date="2026-03-09T09:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo


def _cat_file_blob_fails(monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    """Every 'git cat-file ``command``' fails to start, as with too few file descriptors."""
    real = pmkit.history._execute

    def failing(repo: Any, args: list[str], **kwargs: Any) -> Any:
        if args[:3] == ["git", "cat-file", command]:
            raise OSError("[Errno 24] Too many open files")
        return real(repo, args, **kwargs)

    monkeypatch.setattr(pmkit.history, "_execute", failing)


def _newline_plain() -> list[str]:
    return [line.replace(PM, NEWLINE.replace("\n", "\\n")) for line in PLAIN]


def test_guard_a_name_with_a_newline_in_a_plain_run(
        newline_repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so): with git answering, the publication on 5 March matches."""
    assert _check(capsys) == (0, [*_newline_plain(), "Found 1 warning in 1 of 1 file."])


@pytest.mark.parametrize("command", ["-t", "blob"])
def test_a_version_of_a_name_with_a_newline_git_could_not_read_is_said(
        newline_repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: str) -> None:
    """'git cat-file' cannot start: every version read as absent, so the file looked published
    only in the change not committed yet (PM412, exit 1) and PM600 blamed a corrupt object. Now
    PM413 and PM600 say git's reason, and no PM412."""
    _cat_file_blob_fails(monkeypatch, command)
    name = NEWLINE.replace("\n", "\\n")
    reason = "git cat-file failed ([Errno 24] Too many open files)"
    assert _check(capsys) == (0, [
        f"{name}:1:1: PM413 no git evidence for disclosure dates: {reason}; relying on the dates in the "
        "documents (said once per run) (no-git-evidence)",
        PM413_HINT,
        f"{name}:1:1: PM600 history rules (PM6xx) skipped: {reason} (history-unavailable)",
        "    hint: Make git able to read the repository (the message says what stops it). The history "
        "rules then compare again.",
        *_newline_plain(),
        "Found 1 warning, 2 infos in 1 of 1 file.",
    ])


def test_guard_a_name_with_a_newline_that_is_not_there_stays_absent(newline_repo: GitRepo) -> None:
    """Guard: git's "no such path" (status 128) is an answer: None, and nothing stalled."""
    opened = open_repository([NEWLINE])
    assert opened.show("HEAD~1", NEWLINE) == PUBLISHED
    assert opened.show("HEAD", "postmortems/none\nthere.yaml") is None
    assert opened.show("HEAD~5", NEWLINE) is None
    assert opened.stalled is None
