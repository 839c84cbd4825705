"""Git evidence in repository states not tried before: remote-tracking branches of another
project, merges that git's history simplification hides, submodules seen from the
superproject. Each built with real git commands; what pmkit says, exactly."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, drafted_then_published, line_of, superproject
from history_git import pmkit_json as check_json

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def published_and_pushed(root: Path, origin: Path) -> GitRepo:
    """A published postmortem, committed on 5 March and pushed to ``origin``."""
    repo = GitRepo(root)
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    return repo


def unrelated_project(root: Path) -> GitRepo:
    """Another project's repository: a history that shares no commit with the postmortems'."""
    other = GitRepo(root)
    other.write("README", "Another project.\n")
    other.commit("Start the other project", date="2026-01-10T09:00:00Z")
    return other


@pytest.mark.parametrize("pushed", [False, True])
def test_a_remote_of_another_project_does_not_make_every_commit_unpushed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, pushed: bool) -> None:
    """A remote added for another project ('git remote add tools ...; git fetch tools', a
    template repository, another team's fork) holds none of this history: pmkit took every
    commit for one not pushed yet, so a published postmortem counted as read by nobody, and a
    figure changed without a correction passed (exit 0). Only remote-tracking branches that
    share history with the commit tell pushed from local commits."""
    if pushed:
        repo = published_and_pushed(tmp_path / "repo", tmp_path / "origin.git")
    else:
        repo = GitRepo(tmp_path / "repo")  # a repository that was never pushed
        repo.write(PM, PUBLISHED)
        repo.commit("Publish", date="2026-03-05T09:00:00Z")
    other = unrelated_project(tmp_path / "other")
    repo.git("remote", "add", "tools", str(other.root))
    repo.git("fetch", "-q", "tools")
    refs = repo.git("for-each-ref", "--format=%(refname)", "refs/remotes/tools")
    assert refs == "refs/remotes/tools/main\n"
    text = repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM601", PM, capsys=capsys)
    assert code == 1
    line = line_of(text, "users_affected:")
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM601", line, 19)]
    assert diags[0]["message"].startswith("impact.users_affected changed from 12000 to 15000 since it was "
                                          "published (HEAD), and no new correction declares it")


def superproject_with_postmortems(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    """A repository whose docs/ folder is a submodule holding a published postmortem, and which
    has a postmortems/ folder of its own."""
    outer = superproject(tmp_path, drafted_then_published(tmp_path / "postmortem-repo", PUBLISHED), "docs",
                         ("postmortems/README", "The service's own postmortems.\n"))
    return outer, GitRepo(outer.root / "docs")


def test_history_of_a_file_in_a_submodule_names_it_as_the_superproject_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit history docs/postmortems/x.yaml' run in the superproject, the file in the submodule
    docs: the trail named the file and each version 'postmortems/x.yaml', the path inside the
    submodule, which in the superproject is another folder (here one that exists). Paths are
    now those of the repository the command is run in, as the user gave them; run inside the
    submodule they stay the submodule's."""
    outer, inner = superproject_with_postmortems(tmp_path)
    inner.git("mv", PM, "postmortems/queue.yaml")
    inner.commit("Shorter name", date="2026-04-01T10:00:00Z")
    monkeypatch.chdir(outer.root)
    assert main(["history", "docs/postmortems/queue.yaml"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("History of docs/postmortems/queue.yaml: 3 commits "
                                   f"(renamed from docs/{PM})")
    assert f"added as docs/{PM}  status: draft" in out
    assert f"renamed from docs/{PM}  status: published" in out
    assert main(["history", "--format", "json", "docs/postmortems/queue.yaml"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["file"], payload["repository"]) == ("docs/postmortems/queue.yaml", "docs")
    assert [(e["path"], e["renamed_from"]) for e in payload["entries"]] == [
        (f"docs/{PM}", None), (f"docs/{PM}", None), ("docs/postmortems/queue.yaml", f"docs/{PM}")]
    # From a folder of the superproject: still named from its top, as git names its own files.
    monkeypatch.chdir(outer.root / "postmortems")
    assert main(["history", "--format", "json", "../docs/postmortems/queue.yaml"]) == 0
    assert json.loads(capsys.readouterr().out)["file"] == "docs/postmortems/queue.yaml"
    # Inside the submodule, its own paths.
    monkeypatch.chdir(outer.root / "docs")
    assert main(["history", "--format", "json", "postmortems/queue.yaml"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["file"], payload["repository"]) == ("postmortems/queue.yaml", ".")
    assert payload["entries"][0]["path"] == PM


def published_on_both_branches(root: Path) -> GitRepo:
    """A draft of 4 March, published on main on 5 March; a review branch, made from the draft,
    published it too and named the owning team on 20 March, and was merged on 21 March: the merged
    file is the branch's, so git's default log follows only the branch, not main."""
    repo = GitRepo(root)
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-04T10:00:00Z")
    repo.git("branch", "review")
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("checkout", "-q", "review")
    repo.edit(PM, "status: draft", "status: published")
    repo.edit(PM, "owner: messaging lead", "owner: messaging team lead")
    repo.commit("Publish with the owning team", date="2026-03-20T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the review", "review", date="2026-03-21T10:00:00Z")
    assert repo.git("log", "--format=%s", "--", PM).splitlines() == ["Publish with the owning team", "Draft"]
    return repo


def test_a_publication_on_main_hidden_by_a_merge_still_dates_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Published on main on 5 March (published_at says so); a review branch made the same change
    and more, and its merge left the file as the branch had it. git's default log simplifies
    the merge to the branch's side and leaves main's publication out, so PM412 said the file
    first became published on 20 March, '15 days later' than published_at, and 'pmkit history'
    had no commit 'Publish'. The history is now read in full, each line of it."""
    repo = published_on_both_branches(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["subject"], e["previous_status"], e["status"]) for e in entries] == [
        ("Draft", None, "draft"), ("Publish", "draft", "published"),
        ("Publish with the owning team", "draft", "published")]
    # A published_at before it is contradicted by main's commit, not by the branch's.
    repo.edit(PM, "published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-02T09:00:00Z")
    repo.commit("Date the publication", date="2026-03-22T10:00:00Z")
    publish = repo.git("log", "-1", "--format=%h", "--abbrev=7", "main~1^1").strip()
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(PUBLISHED, "published_at:"), 17)]
    assert (f"first became published in commit {publish} on 2026-03-05 09:00 UTC, 3 days later"
            in diags[0]["message"])


def test_a_checkout_with_crlf_line_ends_is_not_an_uncommitted_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """With core.autocrlf (git for Windows' default) git checks files out with CRLF line ends and
    'git status' calls them unchanged, but 'pmkit history' compared the bytes with the committed
    LF version and ended every trail with a '(working tree, not committed)' version that changed
    nothing. Line ends alone are no change; a real edit still shows."""
    repo = drafted_then_published(tmp_path / "repo", PUBLISHED)
    repo.git("config", "core.autocrlf", "true")
    (repo.root / PM).unlink()
    repo.git("checkout", "--", PM)
    assert (repo.root / PM).read_bytes().startswith(b"pmkit: 1\r\nid: ")
    assert repo.git("status", "--short") == ""
    monkeypatch.chdir(repo.root)
    assert main(["history", "--format", "json", PM]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [e["subject"] for e in payload["entries"]] == ["Draft", "Publish"]
    assert main(["history", PM]) == 0
    assert "(uncommitted)" not in capsys.readouterr().out
    text = (repo.root / PM).read_bytes().replace(b"users_affected: 12000", b"users_affected: 15000")
    (repo.root / PM).write_bytes(text)
    assert main(["history", "--format", "json", PM]) == 0
    last = json.loads(capsys.readouterr().out)["entries"][-1]
    assert (last["change"], [(f["field"], f["silent"]) for f in last["facts"]]) == (
        "uncommitted", [("impact.users_affected", True)])


@pytest.mark.parametrize("committed", ["2026-02-01T10:00:00Z", "2027-01-01T10:00:00Z"])
def test_a_draft_committed_by_a_wrong_clock_is_drafted_at_a_time_unknown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, committed: str) -> None:
    """A draft committed on a machine whose clock was wrong: a month behind, its commit is dated
    before the incident of 2 March began, and 'pmkit due' said the draft clock was met on 1
    February; nine months ahead, its date was left out, and PM401 said 'postmortem not
    drafted' of a committed draft. A commit dated before the incident, or after now, is no
    evidence of when: the draft is done, at a time git cannot tell."""
    text = PUBLISHED.replace("disclosure:\n", "disclosure:\n  regimes: [internal]\n").replace(
        "  published_at: 2026-03-05T09:00:00Z\n", "").replace("status: published", "status: draft")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text)
    sha = repo.commit("Draft", date=committed)
    monkeypatch.chdir(repo.root)
    now = "2026-03-20T12:00:00Z"
    code = main(["check", "--format", "json", "--now", now, "--select", "PM401", PM])
    diags = json.loads(capsys.readouterr().out)["diagnostics"]
    assert code == 1
    assert [(d["code"], d["line"], d["col"], d["message"].split(":")[0]) for d in diags] == [
        ("PM401", 4, 9, "postmortem not published")]
    assert main(["due", "--all", "--format", "json", "--now", now, PM]) == 0
    draft = [c for c in json.loads(capsys.readouterr().out)["clocks"] if c["stage"] == "draft"]
    assert [(c["state"], c["done_at"], c["evidence"]) for c in draft] == [
        ("done", None, f"git: first commit {sha[:7]} (its date is no evidence)")]


@pytest.mark.parametrize("base", ["origin/main", "main", "origin/master"])
def test_a_base_named_after_main_in_a_repository_whose_default_branch_is_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, base: str) -> None:
    """A clone of a repository whose default branch is 'trunk', checked with the '--base
    origin/main' of the documentation's CI example: pmkit told the user to fetch it first ('git
    fetch origin main'), which fails too, as origin has no main. It now names the default branch
    the remote has."""
    source = drafted_then_published(tmp_path / "source", PUBLISHED)
    source.git("branch", "-m", "main", "trunk")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(source.root), str(clone)], check=True, capture_output=True)
    subprocess.run(["git", "checkout", "-q", "-b", "fix"], cwd=clone, check=True)
    monkeypatch.chdir(clone)
    assert main(["check", "--base", base, "postmortems"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: --base {base}: names no commit in this repository; the default branch of the remote "
        "'origin' is 'trunk': pass --base origin/trunk\n")
    assert main(["check", "--select", "PM6", "--base", "origin/trunk", "postmortems"]) == 0


@pytest.mark.parametrize("into", ["main", "release"])
def test_a_branch_that_added_the_same_file_does_not_cut_its_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, into: str) -> None:
    """Drafted on main on 4 March and published there on 5 March; a release branch made before
    got the published file in a backport commit of 30 March, and was merged back. Reading every
    line of the history, the backport's adding of the file was taken for the start of another
    file at that name, so the file seemed to enter the repository published on 30 March: PM412
    had no evidence left to judge a published_at of 1 March by. A file added on another line is
    the same file; only one whose earlier holder was moved away starts anew. The same when main
    was merged into the release branch, and main then fast-forwarded to it: the backport's line
    came first, and the file seemed to be added published on 30 March."""
    text = PUBLISHED.replace("published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-01T09:00:00Z")
    repo = GitRepo(tmp_path / "repo")
    repo.write("README", "The service.\n")
    repo.commit("Start", date="2026-03-01T08:00:00Z")
    repo.git("branch", "release")
    repo.write(PM, text.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-04T10:00:00Z")
    repo.write(PM, text)
    publish = repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("checkout", "-q", "release")
    repo.write(PM, text)
    repo.commit("Backport the postmortem", date="2026-03-30T10:00:00Z")
    if into == "main":
        repo.git("checkout", "-q", "main")
        repo.git("merge", "-q", "--no-ff", "-m", "Merge the release branch", "release",
                 date="2026-03-31T10:00:00Z")
    else:
        repo.git("merge", "-q", "--no-ff", "-m", "Merge main", "main", date="2026-03-31T10:00:00Z")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "-q", "--ff-only", "release")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    line = line_of(text, "published_at:")
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM412", line, 17)]
    assert (f"first became published in commit {publish[:7]} on 2026-03-05 09:00 UTC, 4 days later"
            in diags[0]["message"])


def test_a_branch_updated_from_main_does_not_move_the_publication(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Published on main on 5 March; a pull request branch made from the draft also set it
    published and named the owning team (20 March), was brought up to date with main (GitHub's
    'Update branch': main merged into it) and merged. The history's lines were read branch
    first, so PM412 took the branch's commit for the first publication and called a published_at
    of 5 March 15 days early. Of the commits that made the file published, the earliest is the
    publication."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-04T10:00:00Z")
    repo.git("branch", "team")
    repo.edit(PM, "status: draft", "status: published")
    publish = repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("checkout", "-q", "team")
    repo.edit(PM, "status: draft", "status: published")
    repo.edit(PM, "owner: messaging lead", "owner: messaging team lead")
    repo.commit("Publish with the owning team", date="2026-03-20T10:00:00Z")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge main into team", "main", date="2026-03-21T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the team branch", "team", date="2026-03-22T10:00:00Z")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    repo.edit(PM, "published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-02T09:00:00Z")
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(PUBLISHED, "published_at:"), 17)]
    assert (f"first became published in commit {publish[:7]} on 2026-03-05 09:00 UTC, 3 days later"
            in diags[0]["message"])
