"""A version of a file that git could not read is not a version that is not there.

The persistent ``cat-file --batch`` that reads the versions of a run's files can end mid-run
(killed, out of file descriptors, ended at a corrupt object). The version asked of it then was
taken as absent: a postmortem published in its second commit looked first published in its
third (a PM412 against a correct ``published_at``, and exit code 1). It is read once more, by a
``cat-file --batch`` of its own; when that fails too, the run says git could not be read
(PM413, PM600) and reports nothing about the version's absence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

import pmkit.history
from pmkit.cli import main
from pmkit.history import GitEvidence, open_repository

NOW = "2026-11-25T12:00:00Z"
DRAFT = PUBLISHED.replace("status: published", "status: draft")
EDITED = PUBLISHED.replace("no canary.", "no canary at all.")
NOTIFY_HINT = ("    hint: Add the status-page post or customer e-mail: {audience: customers, sent_at: ..., "
               "channel: status-page, link: ...}.")
PLAIN = [
    f"{PM}:11:19: PM405 users were affected (impact.users_affected is 12,000) but no notification to "
    "customers, data-subjects or public is recorded in disclosure.notifications (no-customer-notification)",
    NOTIFY_HINT,
    "",
    "Found 1 warning in 1 of 1 file.",
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Drafted on 3 March, published (as ``published_at`` says) on 5 March, edited on 9 March."""
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft", date="2026-03-03T09:00:00Z")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(PM, EDITED)
    repo.commit("Edit", date="2026-03-09T09:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo


def _cat_file_dies_at_read(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Kill the persistent ``cat-file`` process for real just before the ``number``-th read
    asked of it (the first starts it), as a user's machine does (the OOM killer, a signal, a crash)."""
    real = GitEvidence._read_each
    calls = [0]

    def dying(self: GitEvidence, reader: Any, specs: Any, out: Any) -> Any:
        calls[0] += 1
        if calls[0] == number:
            process = reader.cat_file_all.proc
            process.kill()
            process.wait()
        return real(self, reader, specs, out)

    monkeypatch.setattr(GitEvidence, "_read_each", dying)


def _no_batch_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``cat-file --batch`` started anew fails as with too few file descriptors."""
    real = pmkit.history._execute

    def failing(repo: Any, command: list[str], **kwargs: Any) -> Any:
        if command[:3] == ["git", "cat-file", "--batch"]:
            raise OSError("[Errno 24] Too many open files")
        return real(repo, command, **kwargs)

    monkeypatch.setattr(pmkit.history, "_execute", failing)


def _check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--now", NOW, "--select", "PM4,PM6", "postmortems/"])
    return code, capsys.readouterr().out.splitlines()


def test_guard_the_plain_run(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: with git answering, the publication on 5 March matches ``published_at``."""
    assert _check(capsys) == (0, PLAIN)


@pytest.mark.parametrize("number", [2, 3, 4])
def test_a_cat_file_killed_mid_run_gives_the_findings_of_a_plain_run(
        repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        number: int) -> None:
    """Whichever version the process died on (the second is the publication), it is read
    again: no PM412 'first became published in commit ... on 2026-03-09', exit code 0."""
    _cat_file_dies_at_read(monkeypatch, number)
    assert _check(capsys) == (0, PLAIN)


def test_a_version_that_cannot_be_read_again_is_said_not_taken_as_absent(
        repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The process died and a new ``cat-file`` cannot start either: git could not be read, said
    by PM413 and PM600 in git's words, and no PM412 about a publication git did not show."""
    _cat_file_dies_at_read(monkeypatch, 2)
    _no_batch_of_its_own(monkeypatch)
    code, lines = _check(capsys)
    assert code == 0
    assert lines == [
        f"{PM}:1:1: PM413 no git evidence for disclosure dates: git cat-file failed ([Errno 24] Too many "
        "open files); relying on the dates in the documents (said once per run) (no-git-evidence)",
        "    hint: Make git able to read the repository (the message says what stops it). The disclosure "
        "rules then use its dates again.",
        f"{PM}:1:1: PM600 history rules (PM6xx) skipped: git cat-file failed ([Errno 24] Too many open "
        "files) (history-unavailable)",
        "    hint: Make git able to read the repository (the message says what stops it). The history "
        "rules then compare again.",
        *PLAIN[:3],
        "Found 1 warning, 2 infos in 1 of 1 file.",
    ]


def test_show_reads_a_version_again_after_the_process_ended(repo: GitRepo) -> None:
    """The version asked of a process that ended is read by one of its own, not None."""
    opened = open_repository([PM])
    assert opened.show("HEAD", PM) == EDITED
    process = opened._reader().cat_file_all.proc
    process.kill()
    process.wait()
    assert opened.show("HEAD~1", PM) == PUBLISHED
    assert opened.stalled is None
    assert opened.show("HEAD~2", PM) == DRAFT  # and the next from a new persistent one
    assert opened.show("HEAD", "postmortems/none.yaml") is None  # absent stays absent
    assert opened.stalled is None


def test_show_of_a_version_that_cannot_be_read_again_says_why(
        repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = open_repository([PM])
    assert opened.show("HEAD", PM) == EDITED
    process = opened._reader().cat_file_all.proc
    process.kill()
    process.wait()
    _no_batch_of_its_own(monkeypatch)
    assert opened.show("HEAD~1", PM) is None
    assert opened.stalled == "git cat-file failed ([Errno 24] Too many open files)"
    assert os.getpid() in opened._readers


def _lose_the_object(repo: GitRepo, rev: str) -> str:
    """Delete the loose object of ``PM`` at ``rev`` (a corrupt repository); its commit's id."""
    oid = repo.git("rev-parse", f"{rev}:{PM}").strip()
    (repo.root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    return repo.git("rev-parse", rev).strip()


def test_a_version_lost_from_a_corrupt_repository_is_said_not_taken_as_absent(
        repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """The publishing version's object is gone: 'cat-file --batch' answers "missing" as for a
    file the commit did not have, and the publication looked made on 9 March (PM412, exit 1).
    Now PM413 names the version git cannot read."""
    sha = _lose_the_object(repo, "HEAD~1")
    code, lines = _check(capsys)
    assert code == 0
    assert lines == [
        f"{PM}:1:1: PM413 no git evidence for disclosure dates: git cannot read {PM} as of commit "
        f"{sha[:10]}: a missing or corrupt git object (run git fsck); relying on the dates in the "
        "documents (said once per run) (no-git-evidence)",
        "    hint: Make git able to read the repository (the message says what stops it). The disclosure "
        "rules then use its dates again.",
        *PLAIN[:3],
        "Found 1 warning, 1 info in 1 of 1 file.",
    ]


def test_guard_pmkit_history_says_which_version_of_a_corrupt_repository_it_cannot_read(
        repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so): ``pmkit history`` marks the lost version and compares past it."""
    sha = _lose_the_object(repo, "HEAD~1")
    assert main(["history", PM]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[5:8] == [
        f"2026-03-05 09:00 +0000  {sha[:10]}  modified  status: draft → ?",
        "    Publish",
        "    ! this version cannot be read: a missing or corrupt git object (run git fsck)",
    ]


def test_guard_a_name_the_tree_lacks_or_a_readable_version_is_not_lost(repo: GitRepo) -> None:
    """Guard: :meth:`GitEvidence.lost` blames git only for an object the tree names."""
    opened = open_repository([PM])
    assert opened.lost("HEAD", "postmortems/none.yaml") is None
    assert opened.lost("HEAD", PM) is None
