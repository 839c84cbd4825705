"""Git evidence, held out after the nineteenth round: versions git lost or never downloaded in
``pmkit history``, a run inside a bare repository, a corrupt index or commit, and a submodule
that is not checked out named by its own folder.

An entry compared with the last readable version because the one it changed cannot be read
does not know the status it changed: it showed the last readable one's ("draft → published"),
and a change made after a publication git lost was tagged "before publication". The working
tree's version was compared with nothing when ``HEAD``'s object was lost, and a change after
publication showed no fact at all. Inside a bare repository pmkit said "not inside a git
repository" or "no such file"; a corrupt index was said as renamed files that cannot be
recognised, with no hint; a commit git cannot read was said in git's words alone; and a
submodule not checked out, named by its folder, passed as a folder without postmortems."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

from pmkit.cli import main

DRAFT = PUBLISHED.replace("status: published", "status: draft")
REVISED = PUBLISHED.replace("users_affected: 12000", "users_affected: 15000")
BARE = ("is set to be bare (core.bare = true), so git gives it no work tree to read the files in "
        "('git config core.bare false' there, if they are its work tree)")


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def _history(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["history", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def _lose(repo: GitRepo, rev: str) -> None:
    """Delete the loose object of ``PM`` at ``rev`` (a corrupt repository)."""
    oid = repo.git("rev-parse", f"{rev}:{PM}").strip()
    (repo.root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()


def _three_commits(root: Path) -> tuple[GitRepo, list[str]]:
    """Draft (12,000 users) → published → 15,000 users, no correction; the commits' ids."""
    repo = GitRepo(root)
    repo.write(PM, DRAFT)
    shas = [repo.commit("Draft", date="2026-03-04T09:00:00Z")]
    repo.write(PM, PUBLISHED)
    shas.append(repo.commit("Publish", date="2026-03-05T09:00:00Z"))
    repo.write(PM, REVISED)
    shas.append(repo.commit("Raise the count", date="2026-03-06T09:00:00Z"))
    return repo, shas


def test_the_working_tree_is_compared_with_the_last_readable_version_when_heads_object_is_lost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """HEAD's version of the file is lost; the working tree raises the count again. Its step
    had no facts and "compared_with": null, hiding a change after publication."""
    repo, shas = _three_commits(tmp_path / "repo")
    _lose(repo, "HEAD")
    repo.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 20000"))
    monkeypatch.chdir(repo.root)
    code, lines, err = _history(capsys, PM)
    assert (code, err) == (0, "")
    assert lines[-7:] == [
        f"2026-03-06 09:00 +0000  {shas[2][:10]}  modified  status: published → ?",
        "    Raise the count",
        "    ! this version cannot be read: a missing or corrupt git object (run git fsck)",
        "",
        "(uncommitted)      uncommitted  status: ? → published",
        f"    (compared with {shas[1][:10]}, the last version that could be read)",
        "    impact.users_affected: 12000 → 20000   [SILENT: no correction declares it]",
    ]
    assert main(["history", "--format", "json", PM]) == 0
    last = json.loads(capsys.readouterr().out)["entries"][-1]
    assert (last["change"], last["previous_status"], last["status"], last["compared_with"], last["note"]) == (
        "uncommitted", None, "published", shas[1],
        f"the version it changed cannot be read, so its status is unknown; compared with {shas[1][:10]}, "
        "the last version that could be read")
    assert [(f["field"], f["old"], f["new"], f["silent"]) for f in last["facts"]] == [
        ("impact.users_affected", "12000", "20000", True)]


def test_a_working_tree_that_holds_heads_lost_object_is_no_uncommitted_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: the file on the disk is HEAD's lost object itself (the same git id): no change."""
    repo, shas = _three_commits(tmp_path / "repo")
    _lose(repo, "HEAD")
    monkeypatch.chdir(repo.root)
    code, lines, _err = _history(capsys, PM)
    assert code == 0
    assert lines[-3:] == [
        f"2026-03-06 09:00 +0000  {shas[2][:10]}  modified  status: published → ?",
        "    Raise the count",
        "    ! this version cannot be read: a missing or corrupt git object (run git fsck)",
    ]


def test_a_change_after_a_lost_publication_is_not_called_before_publication(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The publishing version's object is lost: the next commit read "draft → published", and
    its change "[before publication]", from the draft before it."""
    repo, shas = _three_commits(tmp_path / "repo")
    _lose(repo, "HEAD~1")
    monkeypatch.chdir(repo.root)
    code, lines, err = _history(capsys, PM)
    assert (code, err) == (0, "")
    assert lines[-8:] == [
        f"2026-03-05 09:00 +0000  {shas[1][:10]}  modified  status: draft → ?",
        "    Publish",
        "    ! this version cannot be read: a missing or corrupt git object (run git fsck)",
        "",
        f"2026-03-06 09:00 +0000  {shas[2][:10]}  modified  status: ? → published",
        "    Raise the count",
        f"    (compared with {shas[0][:10]}, the last version that could be read)",
        "    impact.users_affected: 12000 → 15000   [unknown whether before publication: the version it "
        "changed cannot be read]",
    ]
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["previous_status"], e["status"], e["note"]) for e in entries] == [
        (None, "draft", None), ("draft", None, None),
        (None, "published", f"the version it changed cannot be read, so its status is unknown; compared "
                            f"with {shas[0][:10]}, the last version that could be read")]
    assert [(f["field"], f["silent"]) for f in entries[2]["facts"]] == [("impact.users_affected", None)]


def test_a_change_after_a_lost_version_of_a_published_postmortem_stays_silent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Published, then a version git lost, then a change: published before the commit whatever
    the lost version's status, so SILENT, without "set back to ?"."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    first = repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("owner: messaging lead", "owner: messaging team"))
    repo.commit("Owner", date="2026-03-06T09:00:00Z")
    repo.write(PM, REVISED.replace("owner: messaging lead", "owner: messaging team"))
    repo.commit("Raise the count", date="2026-03-07T09:00:00Z")
    _lose(repo, "HEAD~1")
    monkeypatch.chdir(repo.root)
    code, lines, _err = _history(capsys, PM)
    assert code == 0
    assert lines[-4:] == [
        lines[-4].split("  modified")[0] + "  modified  status: ? → published",
        "    Raise the count",
        f"    (compared with {first[:10]}, the last version that could be read)",
        "    impact.users_affected: 12000 → 15000   [SILENT: no correction declares it]",
    ]


def test_a_partial_clone_that_has_only_the_newest_version_says_it_was_compared_with_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A clone with --filter=blob:none has HEAD's version only: its entry read "status:
    published" as if nothing came before it, with no word that it was compared with nothing."""
    source, shas = _three_commits(tmp_path / "source")
    source.git("config", "uploadpack.allowFilter", "true")
    source.git("config", "uploadpack.allowAnySHA1InWant", "true")
    clone = tmp_path / "clone"
    source.git("clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone))
    monkeypatch.chdir(clone)
    code, lines, err = _history(capsys, PM)
    assert (code, err) == (0, "")
    assert lines[-3:] == [
        f"2026-03-06 09:00 +0000  {shas[2][:10]}  modified  status: ? → published",
        "    Raise the count",
        "    (not compared: the version it changed cannot be read, nor any before it)",
    ]
    assert main(["history", "--format", "json", PM]) == 0
    last = json.loads(capsys.readouterr().out)["entries"][-1]
    assert (last["previous_status"], last["compared_with"], last["facts"], last["note"]) == (
        None, None, [], "the version it changed cannot be read, nor any before it, so its status is "
                        "unknown and it is compared with none")


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A bare clone of a repository with one published postmortem."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    where = tmp_path / "bare.git"
    repo.git("clone", "-q", "--bare", str(repo.root), str(where))
    return where.resolve()


@pytest.mark.parametrize(("args", "said"), [
    (["history", PM], f"pmkit: {PM}: cannot read the history: the repository at {{bare}} {BARE}"),
    (["check", "--repo-wide", "--select", "PM600,PM605,PM606"],
     f"pmkit: postmortems: the repository at {{bare}} {BARE}"),
    (["check", "--repo-wide", "--base", "HEAD", "--select", "PM6", "postmortems"],
     f"pmkit: --base HEAD: the repository at {{bare}} {BARE}"),
    (["check", "--select", "PM6", "postmortems"], f"pmkit: postmortems: the repository at {{bare}} {BARE}"),
], ids=["history", "repo-wide", "base", "folder"])
def test_a_run_inside_a_bare_repository_says_it_is_bare(
        bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str], said: str) -> None:
    """"not inside a git repository" and "no such file or folder, here or in the base tree" were
    false: git finds the bare repository, which has no work tree."""
    monkeypatch.chdir(bare)
    code = main(args)
    out, err = capsys.readouterr()
    assert (code, out, err) == (2, "", said.format(bare=bare) + "\n")


def test_a_corrupt_index_is_said_with_how_to_rebuild_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A cut-short .git/index was said as "renamed files cannot be recognised", with no hint,
    though nothing was renamed."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    with open(repo.root / ".git" / "index", "r+b") as index:
        index.truncate(20)
    monkeypatch.chdir(repo.root)
    message = ("history: git's index (.git/index, the list of staged files) cannot be read: it looks corrupt "
               "(fatal: .git/index: index file smaller than expected), so what is staged, renamed or "
               "deleted since the base cannot be told")
    hint = ("Rebuild the index from HEAD: 'rm .git/index && git reset'. That leaves the files on the disk as "
            "they are and unstages what was staged: stage it again with 'git add' (a staged version since "
            "edited on the disk is among the objects 'git fsck --lost-found' recovers).")
    assert main(["check", "--select", "PM6", PM]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{PM}:1:1: PM600 {message} (history-unavailable)", f"    hint: {hint}", "",
        "Found 1 info in 1 of 1 file."]
    assert main(["check", "--repo-wide", "--format", "json", "--select", "PM600,PM605,PM606"]) == 0
    diags = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["path"], d["line"], d["message"], d["hint"]) for d in diags] == [
        ("PM600", PM, 1, message, hint)]


def test_a_commit_git_cannot_read_is_said_to_look_corrupt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A deleted commit object: 'pmkit history' said git's "Could not read <id>" alone."""
    repo, shas = _three_commits(tmp_path / "repo")
    (repo.root / ".git" / "objects" / shas[1][:2] / shas[1][2:]).unlink()
    monkeypatch.chdir(repo.root)
    code, lines, err = _history(capsys, PM)
    assert (code, lines) == (2, [])
    assert err == (f"pmkit: {PM}: cannot read the history: git log failed (error: Could not read {shas[1]}): "
                   f"the git repository at {repo.root.resolve()} looks corrupt (a missing or corrupt object; "
                   "run 'git fsck' to find the damage)\n")


def test_a_submodule_not_checked_out_named_by_its_folder_is_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit check docs' of an empty submodule folder passed: "no postmortem files in this
    folder", exit 0; a path inside it already said what to run."""
    sub = GitRepo(tmp_path / "sub")
    sub.write(PM, PUBLISHED)
    sub.commit("Publish")
    sup = GitRepo(tmp_path / "sup")
    sup.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub.root), "docs")
    sup.commit("Add the postmortems")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(sup.root), str(clone)], check=True, capture_output=True)
    assert not any((clone / "docs").iterdir())
    monkeypatch.chdir(clone)
    said = "inside the submodule docs, which is not checked out: run 'git submodule update --init docs' first"
    for args in (["check", "docs"], ["check", "--repo-wide", "docs"], ["check", "--select", "PM6", "docs/"]):
        code = main(args)
        out, err = capsys.readouterr()
        assert (code, out, err) == (2, "", f"pmkit: {args[-1]}: {said}\n"), args
