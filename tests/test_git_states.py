"""Repository states a user's checkout can be in: a merge in progress, Git LFS pointers, a
partial clone whose promisor remote is gone. What pmkit says, exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, pmkit_json, published_repo

from pmkit.cli import main
from pmkit.loader import parse_text


@pytest.fixture(autouse=True)
def _no_pre_commit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)


def _conflicted(tmp_path: Path) -> GitRepo:
    """A merge stopped on a conflict in the users' count (line 11 of the postmortem)."""
    repo = published_repo(tmp_path)
    repo.git("checkout", "-q", "-b", "other")
    repo.edit(PM, "users_affected: 12000", "users_affected: 14000")
    repo.commit("Other count")
    repo.git("checkout", "-q", "main")
    repo.edit(PM, "users_affected: 12000", "users_affected: 13000")
    repo.commit("Main count")
    repo.git("merge", "-q", "other", check=False)
    return repo


def test_an_unresolved_merge_conflict_is_said_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: Any) -> None:
    repo = _conflicted(tmp_path)
    text = repo.read(PM)
    assert text.splitlines()[10] == "<<<<<<< HEAD" and text.splitlines()[14] == ">>>>>>> other"
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM0,PM6", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM001", 11, 1)]
    assert diags[0]["message"] == ("unresolved merge conflict: git's conflict markers are still in the "
                                   "file ('<<<<<<< HEAD' here, '>>>>>>> other' at line 15)")
    assert "delete the marker lines" in diags[0]["hint"]
    # The audit trail's uncommitted version says the same.
    assert main(["history", PM]) == 0
    assert "line 11, column 1: PM001 unresolved merge conflict" in capsys.readouterr().out


def test_a_conflict_in_markdown_front_matter_is_at_its_line() -> None:
    text = ("---\npmkit: 1\n<<<<<<< ours\ntitle: A\n||||||| base\ntitle: B\n=======\ntitle: C\n"
            ">>>>>>> theirs\n---\n## Summary\nText.\n")
    doc = parse_text(text, "pm.md", markdown=True)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM001", 3, 1)]
    assert "'<<<<<<< ours' here, '>>>>>>> theirs' at line 9" in doc.diagnostics[0].message


def test_markers_in_valid_yaml_or_without_an_end_are_not_a_conflict() -> None:
    # Inside a block scalar the markers are text; a lone opening line is some other error.
    quoted = PUBLISHED.replace("  For 47 minutes", "  <<<<<<< HEAD\n  >>>>>>> x\n  For 47 minutes")
    assert not [d for d in parse_text(quoted, "pm.yaml").diagnostics if d.code == "PM001"]
    lone = parse_text("pmkit: 1\n<<<<<<< HEAD\ntitle: A\n", "pm.yaml")
    assert [d.code for d in lone.diagnostics] == ["PM001"]
    assert "merge conflict" not in lone.diagnostics[0].message


LFS_POINTER = ("version https://git-lfs.github.com/spec/v1\n"
               "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
               "size 1045\n")


def test_a_git_lfs_pointer_in_the_working_tree(tmp_path: Path, capsys: Any) -> None:
    for name, code in (("pm.yaml", "PM003"), ("pm.md", "PM007")):
        path = tmp_path / name
        path.write_text(LFS_POINTER, encoding="utf-8")
        assert main(["check", "--format", "json", "--select", "PM0", str(path)]) == 1
        assert f'"code": "{code}"' in (out := capsys.readouterr().out)
        assert "this is a Git LFS pointer, not the postmortem" in out and "git lfs pull" in out


def test_a_postmortem_stored_with_git_lfs_has_a_pointer_as_its_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # What git-lfs commits (the pointer) while its smudge filter put the contents on disk.
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, LFS_POINTER)
    repo.commit("Publish through LFS")
    repo.write(PM, PUBLISHED)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM600", 1, 1)]
    assert diags[0]["message"] == (f"history rules skipped for {PM}: its version in HEAD is a Git LFS "
                                   "pointer, and pmkit does not download LFS contents, so there is "
                                   "nothing to compare it with")


def _partial_clone(tmp_path: Path) -> tuple[Path, str]:
    """A blob-less clone of a repository whose first commit's postmortem it lacks, and that
    commit's id; the source stays reachable, so any fetch would succeed (and show)."""
    import subprocess

    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED.replace("12,000 users", "11,000 users"))
    first = source.commit("Draft")
    source.write(PM, PUBLISHED)
    source.commit("Publish")
    source.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone)],
                   check=True, capture_output=True)
    return clone, first


def _objects(clone: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(clone)), p.stat().st_size) for p in (clone / ".git").rglob("*")
                  if p.is_file() and "objects" in p.parts)


@pytest.mark.parametrize("lazy_fetch_ignored", [False, True])
def test_a_base_version_a_partial_clone_lacks_is_not_fetched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, lazy_fetch_ignored: bool) -> None:
    clone, first = _partial_clone(tmp_path)
    if lazy_fetch_ignored:
        # A git before 2.39.4 (or 2.40-2.43) ignores GIT_NO_LAZY_FETCH; without the protocol
        # block too, only not asking git for a missing blob keeps it from fetching it.
        import pmkit.history

        env = pmkit.history.reading_environment()
        trimmed = {k: v for k, v in env.items() if k not in ("GIT_NO_LAZY_FETCH", "GIT_ALLOW_PROTOCOL")}
        monkeypatch.setattr(pmkit.history, "reading_environment", lambda: trimmed)
    before = _objects(clone)
    (clone / PM).write_text(PUBLISHED.replace("users_affected: 12000", "users_affected: 13000"))
    monkeypatch.chdir(clone)
    code, diags = pmkit_json("--select", "PM6", "--base", first, PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM600", 1, 1)]
    assert diags[0]["message"] == (f"history rules skipped for {PM}: its version in {first[:10]} is "
                                   "not in this partial clone (git clone --filter), and pmkit never fetches")
    assert f"git show {first[:10]}:{PM}" in diags[0]["hint"]
    # Against HEAD, whose blobs the checkout downloaded, the rules apply as usual.
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM601", "PM602"])
    # The audit trail lists the version it lacks instead of giving up on the whole file.
    assert main(["history", PM]) == 0
    out = capsys.readouterr().out
    assert (f"! this version cannot be read: this partial clone (git clone --filter) has not "
            f"downloaded it, and pmkit never fetches ('git show {first[:10]}:{PM}' downloads it)") in out
    assert "impact.users_affected: 12000 → 13000" in out
    assert _objects(clone) == before


def test_a_rename_a_partial_clone_cannot_see_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: Any) -> None:
    """Renamed and edited in one commit: git needs both versions' contents to see the rename,
    and the clone lacks the old one. Silence would have been wrong: the old name looked
    deleted (published or not: unknown) and the new one new."""
    import subprocess

    source = published_repo(tmp_path)
    first = source.git("rev-parse", "HEAD").strip()
    source.git("mv", PM, "postmortems/queue.yaml")
    source.edit("postmortems/queue.yaml", "Backlog drained.", "Backlog drained fully.")
    source.commit("Rename")
    source.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone)],
                   check=True, capture_output=True)
    before = _objects(clone)
    monkeypatch.chdir(clone)
    code, diags = pmkit_json("--select", "PM6", "--repo-wide", "--base", first, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM600", PM, 1, 1), ("PM600", "postmortems/queue.yaml", 1, 1)]
    assert diags[0]["message"] == (
        f"history rules skipped for {PM}: it is gone from the working tree, and this partial clone "
        f"(git clone --filter) has not downloaded its version in {first[:10]}, so whether it was "
        "published is unknown; pmkit never fetches")
    assert diags[1]["message"].startswith("history: renamed files cannot be recognised (fatal: could not "
                                          "fetch ")
    assert diags[1]["message"].endswith("from promisor remote); this partial clone (git clone --filter) "
                                        "lacks objects git needs for it (old file versions; after "
                                        "--filter=tree:0 also old folder listings), and pmkit never "
                                        "fetches")
    assert main(["history", "postmortems/queue.yaml"]) == 2
    assert "partial clone (git clone --filter) lacks objects git needs" in capsys.readouterr().err
    assert _objects(clone) == before


def test_a_worktree_whose_main_repository_was_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Any) -> None:
    import shutil

    repo = published_repo(tmp_path)
    worktree = tmp_path / "worktree"
    repo.git("worktree", "add", "-q", str(worktree), "HEAD")
    shutil.rmtree(repo.root)
    monkeypatch.chdir(worktree)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    why = (f"the .git file at {worktree.resolve()} points to {repo.root}/.git/worktrees/worktree, which "
           "does not exist (a worktree or submodule whose main repository was moved or deleted)")
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("PM600", 1, 1, f"history rules (PM6xx) skipped: {why}")]
    assert main(["history", PM]) == 2
    assert capsys.readouterr().err.strip() == f"pmkit: {PM}: cannot read the history: {why}"


def test_a_committed_link_to_a_file_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: Any) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(PUBLISHED, encoding="utf-8")
    repo = GitRepo(tmp_path / "repo")
    (repo.root / "postmortems").mkdir()
    (repo.root / PM).symlink_to(outside)
    repo.commit("Link the postmortem")
    outside.write_text(PUBLISHED.replace("users_affected: 12000", "users_affected: 13000"))
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("PM600", 1, 1, f"history rules skipped for {PM}: it is a symbolic link to {outside}, and git "
         "keeps the link, not the text it points to, so there is no history to compare it with")]
    # The history says each committed version is the link, as the check does: it was "PM003 top
    # level of a postmortem must be a mapping of fields, found a string".
    assert main(["history", PM]) == 0
    out = capsys.readouterr().out
    assert (f"    ! this version cannot be read: it is a symbolic link to {outside}, and git keeps the link, "
            "not the text it points to\n") in out
    assert "PM003" not in out


def test_a_treeless_clone_says_what_it_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: Any) -> None:
    import subprocess

    source = published_repo(tmp_path)
    first = source.git("rev-parse", "HEAD").strip()
    source.edit(PM, "Backlog drained.", "Backlog drained fully.")
    source.commit("Tidy")
    source.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=tree:0", f"file://{source.root}", str(clone)],
                   check=True, capture_output=True)
    before = _objects(clone)
    monkeypatch.chdir(clone)
    code, diags = pmkit_json("--select", "PM6", "--base", first, PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("PM600", 1, 1, f"history rules (PM6xx) skipped: cannot list the files of {first} (this partial "
         "clone, git clone --filter, lacks its folder listings, and pmkit never fetches)")]
    assert _objects(clone) == before
