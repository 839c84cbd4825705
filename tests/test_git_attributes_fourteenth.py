"""Files that git stores in another form than the disk holds: line ends (``eol``,
``core.autocrlf``), ``ident``, a clean/smudge filter's keyword, ``working-tree-encoding`` and
Git LFS. A postmortem that differs from its stored version only by such a conversion has no
change nobody made, in ``pmkit check`` (PM6xx) and in ``pmkit history``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, found, line_of, pmkit_json

from pmkit.cli import main

#: A summary line that carries a keyword a filter expands on checkout.
KEYWORD = PUBLISHED.replace("  For 47 minutes", "  Revised $Date$. For 47 minutes")


def _checked_out(repo: GitRepo, attributes: str, text: str = PUBLISHED) -> None:
    """``text`` published under ``attributes``, then checked out again, as a clone has it."""
    repo.write(".gitattributes", attributes)
    repo.write(PM, text)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / PM).unlink()
    repo.git("checkout", "--", PM)
    assert repo.git("status", "--short") == ""


def _keyword_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.git("config", "filter.date.smudge", "sed 's/\\$Date\\$/$Date: 2026-03-07 11:00 $/'")
    repo.git("config", "filter.date.clean", "sed 's/\\$Date[^$]*\\$/$Date$/'")
    _checked_out(repo, "*.yaml filter=date\n", KEYWORD)
    assert "$Date: 2026-03-07 11:00 $" in repo.read(PM)
    return repo


def _history(capsys: Any) -> tuple[int, list[dict[str, Any]]]:
    code = main(["history", "--format", "json", PM])
    return code, json.loads(capsys.readouterr().out)["entries"]


def test_a_keyword_a_smudge_filter_expanded_is_no_fact_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A filter driver expands '$Date$' on checkout and its clean command folds it back, so git
    stores the keyword and calls the checkout unchanged. pmkit compared the disk's text with the
    stored one: PM601 'summary (numbers) was added: 2026-03-07 11:00', exit 1, on a file nobody
    edited, and 'pmkit history' ended with an uncommitted version that changed the summary."""
    repo = _keyword_repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
    assert pmkit_json("--select", "PM0,PM6", "--base", "HEAD", PM, capsys=capsys) == (0, [])
    code, entries = _history(capsys)
    assert (code, [(e["subject"], e["change"]) for e in entries]) == (0, [("Publish", "added")])


def test_a_keyword_filter_on_a_branch_compares_the_stored_versions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """On a branch whose commit changed a fact (declared), against the base branch: the stored
    versions are compared, the expanded keyword on the disk is none of it."""
    repo = _keyword_repo(tmp_path)
    repo.git("switch", "-q", "-c", "fix")
    text = repo.edit(PM, "corrections: []", "corrections:\n  - at: 2026-03-10\n    description: The final "
                     "count was 15,000 users, not 12,000.\n    fields: [impact.users_affected]")
    text = repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("Correct the count")
    assert "$Date: 2026-03-07 11:00 $" in repo.read(PM)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6", "--base", "main", PM, capsys=capsys)
    assert (code, found(diags)) == (0, [("PM602", line_of(text, "users_affected: 15000"), 19)])
    assert diags[0]["message"] == ("impact.users_affected revised upward after publication: 12,000 → 15,000 "
                                   "(+3,000, +25%); declared by the correction of 2026-03-10")


def test_an_expanded_ident_is_no_uncommitted_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """With the 'ident' attribute git writes '$Id: <blob id> $' into the checkout and stores
    '$Id$'. 'pmkit history' ended the trail with '(uncommitted)  uncommitted  status: published',
    a version that changed nothing, of a file 'git status' calls unchanged. A real edit still
    shows, there and as PM601 (guard: the blob id is no number, so it was never a fact)."""
    repo = GitRepo(tmp_path / "repo")
    _checked_out(repo, "*.yaml ident\n", PUBLISHED.replace("  For 47 minutes", "  $Id$ For 47 minutes"))
    assert "$Id: " in repo.read(PM)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, entries = _history(capsys)
    assert (code, [e["change"] for e in entries]) == (0, ["added"])
    assert main(["history", PM]) == 0
    assert "(uncommitted)" not in capsys.readouterr().out
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
    text = repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    code, entries = _history(capsys)
    assert [(f["field"], f["silent"]) for f in entries[-1]["facts"]] == [("impact.users_affected", True)]
    code, diags = pmkit_json("--select", "PM601", PM, capsys=capsys)
    assert (code, found(diags)) == (1, [("PM601", line_of(text, "users_affected: 15000"), 19)])


def test_a_utf16_working_tree_encoding_is_no_uncommitted_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'working-tree-encoding=UTF-16': git stores UTF-8 and checks out UTF-16. 'pmkit history'
    ended with an uncommitted version '! this version cannot be read' of a file git calls
    unchanged; the committed versions are the history. The check itself still says that pmkit
    reads UTF-8 (guard: PM004, unchanged)."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(".gitattributes", "*.yaml text working-tree-encoding=UTF-16\n")
    repo.write(PM, "")
    (repo.root / PM).write_bytes(PUBLISHED.encode("utf-16"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    assert repo.git("cat-file", "blob", f"HEAD:{PM}").startswith("pmkit: 1\nid: ")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, entries = _history(capsys)
    assert (code, [(e["change"], e["status"]) for e in entries]) == (0, [("added", "published")])
    code, diags = pmkit_json("--select", "PM0,PM6", PM, capsys=capsys)
    assert (code, found(diags)) == (1, [("PM004", 1, 1)])
    assert diags[0]["message"] == "file is UTF-16 encoded; pmkit reads UTF-8"


@pytest.mark.parametrize("attributes", ["*.yaml text eol=crlf\n", "* text=auto\n", "*.yaml -text\n",
                                        "*.yaml filter=unconfigured\n"])
def test_line_ends_and_a_filter_not_configured_are_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, attributes: str) -> None:
    """Guard (already right): an eol attribute checks the file out with CRLF over an LF blob, and
    a filter named in .gitattributes but configured nowhere stores the file as it is; neither is
    a change in the check, at pre-push, or in 'pmkit history'."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("README", "postmortems\n")
    repo.commit("Start")
    _checked_out(repo, attributes)
    first_line = b"pmkit: 1\r\n" if "crlf" in attributes else b"pmkit: 1\n"
    assert (repo.root / PM).read_bytes().startswith(first_line)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD~1")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    assert pmkit_json("--select", "PM0,PM6", PM, capsys=capsys) == (0, [])
    monkeypatch.delenv("PRE_COMMIT_FROM_REF")
    monkeypatch.delenv("PRE_COMMIT_TO_REF")
    code, entries = _history(capsys)
    assert (code, [e["change"] for e in entries]) == (0, ["added"])


def _lfs_repo(tmp_path: Path) -> GitRepo:
    """PUBLISHED committed (after a first commit) under '*.yaml filter=lfs' by a clean filter that
    prints the pointer git-lfs would store; its contents stay on the disk."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("README", "postmortems\n")
    repo.commit("Start")
    clean = tmp_path / "pointer.sh"
    # What git-lfs's clean filter stores: a pointer naming the contents' sha256 and size.
    clean.write_text('#!/bin/sh\nf=$(mktemp); cat >"$f"; printf "version https://git-lfs.github.com/spec/v1'
                     '\\noid sha256:%s\\nsize %s\\n" "$(sha256sum <"$f" | cut -c1-64)" '
                     '"$(wc -c <"$f" | tr -d \' \')"; rm -f "$f"\n', encoding="utf-8")
    clean.chmod(0o755)
    repo.git("config", "filter.lfs.clean", str(clean))
    repo.git("config", "filter.lfs.smudge", "cat")
    repo.write(".gitattributes", "*.yaml filter=lfs diff=lfs merge=lfs -text\n")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    assert repo.git("cat-file", "blob", f"HEAD:{PM}").startswith("version https://git-lfs.github.com/spec/v1")
    return repo


def test_a_postmortem_stored_with_git_lfs_is_not_first_published_by_the_working_tree(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'*.yaml filter=lfs': git holds pointers (here made by a clean filter that prints one, as
    git-lfs does; git-lfs is never run). The disclosure rules read the pointers as versions that
    were never published and said PM412 'published_at is 2026-03-05 09:00 UTC, but the file's
    status becomes published only in the change not committed yet'. Now the dates in the
    document are relied on, said once (PM413, with how to fix); the history rules' note (PM600)
    is unchanged (guard), and so is the pre-push run."""
    repo = _lfs_repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412,PM413,PM6", PM, capsys=capsys)
    assert (code, found(diags)) == (0, [("PM413", 1, 1), ("PM600", 1, 1)])
    assert diags[0]["message"] == (f"no git evidence for disclosure dates: {PM} is stored with Git LFS, and "
                                   "pmkit does not download LFS contents; relying on the dates in the "
                                   "documents (said once per run)")
    assert diags[0]["hint"] == ("Keep postmortems (small text files) out of LFS: remove their pattern "
                                "from .gitattributes, then 'git add --renormalize .'.")
    assert diags[1]["message"] == (f"history rules skipped for {PM}: its version in HEAD is a Git LFS "
                                   "pointer, and pmkit does not download LFS contents, so there is "
                                   "nothing to compare it with")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD~1")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    code, diags = pmkit_json("--select", "PM0,PM6", PM, capsys=capsys)
    assert (code, found(diags)) == (0, [])


def test_the_history_of_a_postmortem_stored_with_git_lfs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit history' of a file stored with LFS said of each commit '! this version cannot be
    read: ... PM003 this is a Git LFS pointer, not the postmortem: ... its contents are not in the
    working tree' (they are), and ended with an uncommitted version 'status: published' of a
    checkout that is exactly what the pointer stands for. Now a committed pointer is said to be
    one, and the disk's contents are checked against the pointer's sha256 and size (git-lfs is
    not run): only a real edit is an uncommitted version."""
    repo = _lfs_repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, entries = _history(capsys)
    pointer = "a Git LFS pointer (git holds only the pointer, and pmkit does not download LFS contents)"
    assert (code, [(e["change"], e["status"], e["unreadable_reason"]) for e in entries]) == (0, [
        ("added", None, pointer)])
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    code, entries = _history(capsys)
    assert (code, [(e["change"], e["status"]) for e in entries]) == (0, [("added", None),
                                                                         ("uncommitted", "published")])


def test_a_deleted_postmortem_stored_with_git_lfs_is_said_not_passed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'git rm' of a published postmortem stored with LFS: the base version is a pointer, which
    has no status, so the repository-wide pass said nothing (exit 0, no PM605, no note) of a
    deletion it cannot judge. Now PM600 says so at the old path, once."""
    repo = _lfs_repo(tmp_path)
    repo.git("rm", "-q", PM)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    for select in ("PM600,PM605,PM606", "PM6"):
        code, diags = pmkit_json("--repo-wide", "--select", select, "postmortems", capsys=capsys)
        assert (code, found(diags), [d["path"] for d in diags]) == (0, [("PM600", 1, 1)], [PM])
        assert diags[0]["message"] == (f"history rules skipped for {PM}: it is gone from the working tree, "
                                       "and its version in HEAD is a Git LFS pointer, so whether it was "
                                       "published is unknown; pmkit does not download LFS contents")
        assert diags[0]["hint"] == ("Keep postmortems (small text files) out of LFS: remove their pattern "
                                    "from .gitattributes, then 'git add --renormalize .'.")


def test_an_edit_of_a_file_with_a_keyword_filter_is_compared_without_the_keyword(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """An edited file whose filter expanded '$Date$': the check said PM601 'summary (numbers) was
    added: 2026-03-07 11:00' beside the real change, and so did 'pmkit history'. The file is now
    compared as git would store it (git's diff from HEAD, of the cleaned file, applied to HEAD's
    text): the real change alone."""
    repo = _keyword_repo(tmp_path)
    text = repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM601", PM, capsys=capsys)
    assert (code, found(diags)) == (1, [("PM601", line_of(text, "users_affected: 15000"), 19)])
    assert diags[0]["message"] == ("impact.users_affected changed from 12000 to 15000 since it was published "
                                   "(HEAD), and no new correction declares it")
    code, entries = _history(capsys)
    assert [(f["field"], f["silent"]) for f in entries[-1]["facts"]] == [("impact.users_affected", True)]


@pytest.mark.parametrize(("new", "diff"), [
    ("a\nB\nc\n", "@@ -2 +2 @@\n-b\n+B\n"),
    ("x\na\nb\nc\n", "@@ -0,0 +1 @@\n+x\n"),
    ("a\nc\n", "@@ -2 +1,0 @@\n-b\n"),
    ("a\nb\nc\nd", "@@ -3,0 +4 @@\n+d\n\\ No newline at end of file\n"),
    ("a\nb\n", "@@ -3 +2,0 @@\n-c\n"),
])
def test_a_zero_context_diff_applies_to_the_stored_text(new: str, diff: str) -> None:
    from pmkit.history import apply_zero_context

    assert apply_zero_context("a\nb\nc\n", diff) == new
    assert apply_zero_context("a\nb\nc\n", "@@ -2 +2 @@\n-z\n+B\n") is None  # not this text's diff


@pytest.mark.parametrize("where", [".git/info/attributes", "attributes-file"])
def test_attributes_outside_the_tree_are_read_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, where: str) -> None:
    """The keyword filter named in .git/info/attributes or a core.attributesFile instead of a
    committed .gitattributes: the same (pmkit looks for these files before it asks git, so that
    a repository without attributes costs no git command)."""
    repo = _keyword_repo(tmp_path)
    (repo.root / ".gitattributes").unlink()
    repo.commit("Attributes kept locally")
    target = repo.root / where if where.startswith(".git") else tmp_path / where
    target.write_text("*.yaml filter=date\n", encoding="utf-8")
    if not where.startswith(".git"):
        repo.git("config", "core.attributesFile", str(target))
    (repo.root / PM).unlink()
    repo.git("checkout", "--", PM)
    assert "$Date: 2026-03-07 11:00 $" in repo.read(PM)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert pmkit_json("--select", "PM6", PM, capsys=capsys) == (0, [])
