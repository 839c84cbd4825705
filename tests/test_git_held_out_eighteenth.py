"""Git evidence, held out after the eighteenth leftovers: a version as pushed that git reads but
that is not text, a commit without a readable date, the early log's signal handlers in library
use, and pushed versions of odd histories.

A postmortem whose base commit was not pushed yet is compared with its version in the newest
pushed commit (PM601, PM603-PM606). A version there that is binary or not UTF-8 was taken for
one the pushed commit did not have: the corrections of local commits looked unread, and a
rewrite of what readers saw passed with exit code 0 and not a word. The loader refuses such a
file in the working tree (PM004, PM005); the history rules cannot compare with it either, and
now PM600 says so once, in the loader's words, instead of taking it for absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

from pmkit.cli import main

NOW = "2026-11-25T12:00:00Z"
CORRECTION = ("corrections:\n"
              "  - at: 2026-11-20\n"
              "    description: The first version said 12,000 users; the final count is 15,000.\n"
              "    fields: [impact.users_affected]\n")
CORRECTED = PUBLISHED.replace("users_affected: 12000", "users_affected: 15000").replace(
    "corrections: []\n", CORRECTION)
SECOND = CORRECTED.replace(
    "    fields: [impact.users_affected]\n",
    "    fields: [impact.users_affected]\n  - at: 2026-11-21\n    description: Typo fixed.\n    fields: []\n")
NOT_TEXT_HINT = ("    hint: pmkit reads postmortems as UTF-8 text; the history rules compare again once the "
                 "commits since then are pushed.")


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def _pushed_then_local(tmp_path: Path, pushed: bytes, local: str) -> GitRepo:
    """``pushed`` (bytes as git stores them) committed and pushed to origin; then ``local``
    committed and not pushed."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, "")
    (repo.root / PM).write_bytes(pushed)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    origin = tmp_path / "origin.git"
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    repo.write(PM, local)
    repo.commit("Local change", date="2026-03-09T09:00:00Z")
    return repo


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--now", NOW, "--select", "PM6", *args])
    return code, capsys.readouterr().out.splitlines()


#: The pushed version, the words for it.
NOT_TEXT = {
    "latin-1": (CORRECTED.replace("12,000 users", "12,000 usérs").encode("latin-1"),
                "is not UTF-8 text (byte 0xe9 at offset {offset}, which is 'é' in Windows-1252)"),
    "binary": (b"\x00\x01\x02" + CORRECTED.encode(),
               "contains NUL bytes: it looks binary, not like a YAML or Markdown postmortem"),
    "utf-16": (CORRECTED.encode("utf-16"), "is UTF-16 encoded, not UTF-8 text"),
}


@pytest.mark.parametrize("kind", sorted(NOT_TEXT))
def test_a_pushed_version_that_is_not_text_is_said_not_taken_as_absent(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The pushed version holds the first correction, but git stores it in Latin-1, UTF-16 or
    with NUL bytes; a local commit adds a second correction, and the working tree rewrites the
    first (PM603 if the pushed version were read). It read as a commit without the file: every
    correction looked local, and the run passed with exit code 0 in silence. Now PM600 names
    the version and what it is, once, and nothing is reported that depends on it."""
    raw, words = NOT_TEXT[kind]
    repo = _pushed_then_local(tmp_path, raw, SECOND)
    repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(repo.root)
    sha = repo.git("rev-parse", "origin/main").strip()
    what = words.format(offset=raw.find(b"\xe9"))
    assert _check(capsys, "postmortems/") == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: its version as pushed (commit {sha[:10]}), "
        f"which tells what readers saw of it, {what} (history-unavailable)",
        NOT_TEXT_HINT,
        "",
        "Found 1 info in 1 of 1 file.",
    ])


def test_a_deleted_postmortem_whose_pushed_version_is_not_text_is_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``--repo-wide``: published and pushed in Latin-1, made UTF-8 and corrected in a local
    commit, then deleted. The pushed version read as 'not published as pushed' and PM605 was
    dropped (exit 0); now PM600 says why it cannot tell, at the deleted file."""
    raw = PUBLISHED.replace("got notifications late", "got notifications late (café)").encode("latin-1")
    repo = _pushed_then_local(tmp_path, raw, CORRECTED)
    repo.git("rm", "-q", PM)
    repo.write("postmortems/2026-04-01-other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    monkeypatch.chdir(repo.root)
    sha = repo.git("rev-parse", "origin/main").strip()
    offset = raw.index(b"\xe9")
    code = main(["check", "--now", NOW, "--repo-wide", "--select", "PM600,PM605,PM606", "postmortems"])
    assert (code, capsys.readouterr().out.splitlines()) == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: its version as pushed (commit {sha[:10]}), "
        f"which tells what readers saw of it, is not UTF-8 text (byte 0xe9 at offset {offset}, "
        "which is 'é' in Windows-1252) (history-unavailable)",
        NOT_TEXT_HINT,
        "",
        "Found 1 info in 1 of 2 files.",
    ])


# --- a commit whose object holds no readable date ------------------------------------------------
#
# Another program may write a commit whose author and committer lines carry no date pmkit or git
# can read; git prints none for it, and the commit object says none either. 'pmkit history'
# showed 1 January 1970 for it, as if that were its date.

def test_pmkit_history_says_a_date_it_cannot_read_is_unknown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Text: '(date unknown)' where the date goes, as wide; JSON: ``"date"`` null (documented),
    not '1970-01-01T00:00:00+00:00'. A commit with a date keeps it (guard)."""
    from test_git_leftovers_eighteenth import _raw_commit

    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    draft = _raw_commit(repo, "not a date", "Draft")
    repo.write(PM, PUBLISHED)
    publish = _raw_commit(repo, "1772701200 +0100", "Publish")
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"History of {PM}: 2 commits",
        "",
        f"(date unknown)          {draft[:10]}  added as {PM}  status: draft",
        "    Draft",
        "",
        f"2026-03-05 10:00 +0100  {publish[:10]}  modified  status: draft → published",
        "    Publish",
    ]
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["commit"], e["date"], e["committed_date"]) for e in entries] == [
        (draft, None, None), (publish, "2026-03-05T10:00:00+01:00", None)]
