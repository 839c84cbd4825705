"""Git history leftovers: a base from PRE_COMMIT_FROM_REF that names no commit, the hint for a
base version that cannot be read, and a copy that keeps its source's id.

At pre-push pre-commit sets PRE_COMMIT_FROM_REF to the remote's branch ('origin/main'); in a
clone whose remote records no default branch, or that never fetched it, PM600 said only that the
base "names no commit", where '--base origin/main' said what to fetch or which branch to pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, pmkit_json

from pmkit.cli import main

SKIPPED = "history rules (PM6xx) skipped: the base 'origin/main' (PRE_COMMIT_FROM_REF) "


def _fetched_without_head(tmp_path: Path) -> GitRepo:
    """A repository whose remote, added with 'git remote add' and fetched, has one branch, trunk,
    and records no default branch (no origin/HEAD: a clone sets one)."""
    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED)
    source.commit("Publish")
    source.git("branch", "-m", "main", "trunk")
    repo = GitRepo(tmp_path / "repo")
    repo.git("remote", "add", "origin", str(source.root))
    repo.git("fetch", "-q", "origin")
    repo.git("checkout", "-q", "-b", "fix", "origin/trunk")
    return repo


def test_a_pre_push_base_of_a_remote_that_records_no_default_branch_names_the_branch_to_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fetched_without_head(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "origin/main")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [(
        "PM600", 1, 1,
        SKIPPED + "names no commit in this repository; the remote 'origin' records no default branch "
        "here (origin/HEAD is not set: a remote added with 'git remote add' gets none, a clone does; "
        "'git remote set-head origin --auto' asks the remote for it), and its one branch fetched is "
        "origin/trunk: pass --base origin/trunk")]
    # --base wins over the environment, as the advice says.
    assert main(["check", "--select", "PM6", "--base", "origin/trunk", "postmortems"]) == 0


def test_a_pre_push_base_not_fetched_says_what_to_fetch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    repo.git("remote", "add", "origin", str(tmp_path / "elsewhere.git"))  # nothing fetched from it
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "origin/main")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        SKIPPED + "names no commit in this repository; fetch it first (e.g. 'git fetch origin main')"])
    assert main(["check", "--select", "PM6", "--base", "origin/main", "postmortems"]) == 2
    assert capsys.readouterr().err == ("pmkit: --base origin/main: names no commit in this repository; "
                                       "fetch it first (e.g. 'git fetch origin main')\n")


# --- a base version that does not read, while the file does ---------------------------------------
#
# The hint said "Fix it in this change", but the file in this change reads: the version that does
# not is a commit, which no edit changes.

UNREADABLE_HINT = ("A committed version cannot be edited, and the file reads now: the history rules compare "
                   "it again once its base is a version that reads (after this change is committed, and "
                   "merged where a base branch is compared with); to compare it now, pass --base with an "
                   "older commit whose version reads ('git log --oneline -- "
                   "postmortems/2026-03-02-queue.yaml' lists them).")


@pytest.mark.parametrize(("committed", "why"), [
    (PUBLISHED.replace("Queue backlog", "Queue backlog café").encode("latin-1"),
     "is not UTF-8 text (byte 0xe9 at offset 54, which is 'é' in Windows-1252), so there is nothing to "
     "compare it with"),
    (PUBLISHED.replace("severity: SEV2", "severity: [SEV2").encode(),
     "cannot be read as a postmortem (not valid YAML or not UTF-8 text), so there is nothing to compare "
     "it with"),
])
def test_a_base_version_that_does_not_read_is_not_said_to_be_fixed_in_this_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        committed: bytes, why: str) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.root / "postmortems").mkdir()
    (repo.root / PM).write_bytes(committed)
    good = repo.commit("Publish")
    repo.write(PM, PUBLISHED)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"], d["hint"]) for d in diags] == [
        ("PM600", 1, 1, f"history rules skipped for {PM}: its version in HEAD {why}", UNREADABLE_HINT)]
    # As the hint says: once a version that reads is committed, it is compared again.
    repo.commit("Make it readable")
    assert repo.git("log", "--format=%H", "-1", "HEAD~1").strip() == good
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM601", "PM602"])
