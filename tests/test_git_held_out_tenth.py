"""Git evidence in repository states of the tenth round: commits amended, rebased or
cherry-picked after they were first made, whose author and committer dates differ. Each built
with real git commands; what pmkit says, exactly."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, line_of
from history_git import pmkit_json as check_json

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


#: The queue postmortem under the team's own policy (publish within 14 days of resolution, due
#: 2026-03-16 23:59 UTC), without a published_at: git is the evidence of publication.
INTERNAL = PUBLISHED.replace("  published_at: 2026-03-05T09:00:00Z\n", "  regimes: [internal]\n")


def commit_amended(repo: GitRepo, *, committed: str) -> str:
    """'git commit -a --amend --no-edit' at ``committed``: git keeps the author date of the
    commit it amends and dates the new commit object ``committed``."""
    env = repo.env(committed)
    env.pop("GIT_AUTHOR_DATE")
    subprocess.run(["git", "commit", "-q", "-a", "--amend", "--no-edit", "--no-verify"], cwd=repo.root,
                   env=env, check=True, capture_output=True)
    return repo.git("rev-parse", "HEAD").strip()


def published_by_an_amend(tmp_path: Path, text: str = INTERNAL) -> tuple[GitRepo, str]:
    """Drafted on 3 March, reviewed in a commit of 10 March; on 30 March the status was set to
    published and amended into that commit."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text.replace("status: published", "status: draft"))
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "For 47 minutes", "For about 47 minutes")
    repo.commit("Review", date="2026-03-10T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    return repo, commit_amended(repo, committed="2026-03-30T09:00:00Z")


def test_a_status_amended_into_an_older_commit_is_published_when_it_was_committed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'git commit --amend' keeps the author date of the commit it amends: the status changed
    to published on 30 March and amended into the review commit of 10 March counted as
    published on 10 March, within the 14 days, and no PM402 was reported. Publication is now
    the commit's committer date, when the commit that records the status was made, and the
    message names both dates."""
    repo, sha = published_by_an_amend(tmp_path)
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM402", PM, capsys=capsys)
    assert code == 0  # a warning
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM402", line_of(repo.read(PM), "status: published"), 9)]
    assert diags[0]["message"] == (
        "postmortem published 13 days 9 h late: published 2026-03-30 09:00 UTC (git: status first "
        f"published in commit {sha[:7]}, its committer date; its author date, 2026-03-10 09:00 UTC, is "
        "older: the commit was amended, rebased or cherry-picked after it was first made), deadline "
        "2026-03-16 23:59 UTC (14 calendar days after resolved, internal policy) [Team policy: publish "
        "within 14 calendar days of resolution (30 for SEV3; Azure final PIR practice)]")


def test_a_published_at_before_an_amended_publication_is_contradicted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """published_at of 11 March, the day after the review commit whose author date the amend
    kept: PM412 said nothing, although the status was only committed as published on 30
    March. It now compares the committer date, names it, and says how to read it: a warning,
    as only the rewrite of the commit contradicts the date (a branch rebased when it was merged
    looks the same)."""
    text = INTERNAL.replace("  regimes: [internal]\n",
                            "  regimes: [internal]\n  published_at: 2026-03-11T09:00:00Z\n")
    repo, sha = published_by_an_amend(tmp_path, text)
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"], d["severity"]) for d in diags]) == (
        0, [("PM412", line_of(repo.read(PM), "published_at:"), 17, "warning")])
    assert diags[0]["message"] == (
        f"published_at is 2026-03-11 09:00 UTC, but the file's status first became published in commit "
        f"{sha[:7]}, committed on 2026-03-30 09:00 UTC (its author date, 2026-03-10 09:00 UTC, is older: "
        "the commit was amended, rebased or cherry-picked after it was first made), 19 days later")
    assert diags[0]["hint"].endswith(
        "If the history was rewritten since (git commit --amend, git rebase, git cherry-pick), the "
        "commit's committer date moved with it: 'git reflog' lists the commits from before the rewrite, "
        "and 'git log -1 --format=%cI <commit>' shows their dates. If the branch was rebased when it was "
        "merged, the publication is when it was merged.")
    # A published_at that the author date contradicts too is an error, as before.
    repo.edit(PM, "published_at: 2026-03-11T09:00:00Z", "published_at: 2026-03-07T09:00:00Z")
    commit_amended(repo, committed="2026-03-30T09:00:00Z")
    code, diags = check_json("--select", "PM412", PM, capsys=capsys)
    assert (code, [(d["code"], d["severity"]) for d in diags]) == (1, [("PM412", "error")])
    assert diags[0]["hint"].endswith("shows their dates.")


def drafted_on_a_branch(tmp_path: Path, text: str, *, written: str, main_moved: str,
                        rebased: str) -> tuple[GitRepo, str]:
    """A repository whose postmortem was drafted on a branch at ``written`` and rebased onto
    main (moved on at ``main_moved``) at ``rebased``: the commit keeps its author date and is
    committed again. Returns the repository and the rebased commit."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("README", "Postmortems.\n")
    repo.commit("Start", date="2026-03-01T09:00:00Z")
    repo.git("checkout", "-q", "-b", "queue")
    repo.write(PM, text)
    repo.commit("Draft the queue postmortem", date=written)
    repo.git("checkout", "-q", "main")
    repo.write("README", "Postmortems, one file each.\n")
    repo.commit("Explain", date=main_moved)
    repo.git("checkout", "-q", "queue")
    env = repo.env(rebased)
    env.pop("GIT_AUTHOR_DATE")
    subprocess.run(["git", "rebase", "-q", "main"], cwd=repo.root, env=env, check=True, capture_output=True)
    return repo, repo.git("rev-parse", "HEAD").strip()


def test_a_draft_rebased_later_was_drafted_when_it_was_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A draft written on a branch on 3 March and rebased onto main on 12 March was drafted on
    3 March: the draft clock and PM412 keep the author date of the file's first commit, and
    PM412's message says it is the author date and when the commit was made again."""
    text = INTERNAL.replace("status: published", "status: draft").replace(
        "  regimes: [internal]\n", "  regimes: [internal]\n  drafted_at: 2026-02-20T09:00:00Z\n")
    repo, sha = drafted_on_a_branch(tmp_path, text, written="2026-03-03T09:00:00Z",
                                    main_moved="2026-03-11T09:00:00Z", rebased="2026-03-12T09:00:00Z")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM402,PM412", PM, capsys=capsys)
    assert code == 0  # a warning; and no PM402: drafted on 3 March, within the 5 business days
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(repo.read(PM), "drafted_at:"), 15)]
    assert diags[0]["message"] == (
        f"drafted_at is 2026-02-20 09:00 UTC, but the file first entered the repository in commit "
        f"{sha[:7]}, authored on 2026-03-03 09:00 UTC (committed on 2026-03-12 09:00 UTC, after an amend, "
        "a rebase or a cherry-pick), 11 days later")


def test_the_history_of_an_amended_publication_shows_when_it_was_committed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit history' listed the amended publication under its author date, 10 March, the
    date PM402 no longer takes, with nothing to say that the commit was made on 30 March. The
    committer date is now shown under the subject when it is later, and given in JSON."""
    repo, sha = published_by_an_amend(tmp_path)
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    out = capsys.readouterr().out
    assert (f"2026-03-10 09:00 +0000  {sha[:10]}  modified  status: draft → published\n"
            "    Review\n"
            "    (committed 2026-03-30 09:00 +0000: amended, rebased or cherry-picked after it was "
            "first made)\n"
            ) in out
    assert out.count("(committed ") == 1  # the draft's commit was not rewritten
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["date"], e["committed_date"]) for e in entries] == [
        ("2026-03-03T09:00:00+00:00", None), ("2026-03-10T09:00:00+00:00", "2026-03-30T09:00:00+00:00")]


def test_the_history_of_a_file_outside_a_sparse_checkout_does_not_call_it_deleted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit history' in a sparse checkout that leaves the postmortems out ended the trail
    with '(uncommitted)  deleted  status: published → ?', as if the published postmortem had
    been deleted; 'pmkit check --repo-wide' knows that it is not. The trail now ends with the
    last commit and a note says why the file is not on disk."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.write("src/app.py", "print('hello')\n")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("sparse-checkout", "set", "--no-cone", "/src/")
    assert not (repo.root / PM).exists()
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        f"History of {PM}: 1 commit",
        "note: the file is outside this sparse checkout (git sparse-checkout): not on disk, and not "
        "deleted either; its history ends with the last commit"]
    assert "(uncommitted)" not in out and "deleted" not in out.split("\n", 2)[2]
    assert main(["history", "--format", "json", PM]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [e["change"] for e in payload["entries"]] == ["added"]
    assert payload["note"].startswith("the file is outside this sparse checkout")
    # Deleted with 'git rm' in the sparse checkout, it is deleted.
    repo.git("rm", "-q", "--sparse", PM)
    assert main(["history", "--format", "json", PM]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [e["change"] for e in payload["entries"]] == ["added", "deleted"] and payload["note"] is None


#: A draft under the team's policy, drafted late: resolved on 2 March, the draft was due within
#: 5 business days (9 March 23:59 UTC) and the publication within 14 days (16 March).
LATE_DRAFT = INTERNAL.replace("status: published", "status: draft")


@pytest.mark.parametrize("first_commit", [False, True])
def test_a_late_draft_about_to_be_committed_is_drafted_late_not_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, first_commit: bool) -> None:
    """A draft written late, checked before its first commit (the pre-commit hook): PM401 said
    'postmortem not drafted', an error that blocked the very commit that adds the draft, and
    its hint said to commit the draft. The file on disk is the draft, drafted by the time of the
    check: PM402 says it was drafted late (a warning), as its first commit will once made. The
    publication is still missing: PM401 says so. The same in a repository with no commit yet."""
    repo = GitRepo(tmp_path / "repo")
    if not first_commit:
        repo.write("README", "Postmortems.\n")
        repo.commit("Start", date="2026-03-01T09:00:00Z")
    repo.write(PM, LATE_DRAFT)
    repo.git("add", PM)
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM401,PM402,PM413", "--now", "2026-03-20T12:00:00Z", PM,
                             capsys=capsys)
    status = line_of(LATE_DRAFT, "status: draft")
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM401", status, 9), ("PM402", status, 9)]
    assert diags[0]["message"].startswith("postmortem not published: ")
    assert diags[1]["severity"] == "warning"
    assert diags[1]["message"] == (
        "postmortem drafted 10 days 12 h late: drafted 2026-03-20 12:00 UTC (the draft on disk, not "
        "committed yet: drafted by the time of this check), deadline 2026-03-09 23:59 UTC (5 business days "
        "after resolved, internal policy) [Team policy: draft within 5 business days of resolution (10 for "
        "SEV3; PagerDuty postmortem process)]")
    # Committed, git says the same.
    sha = repo.commit("Draft the queue postmortem", date="2026-03-20T12:00:00Z")
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-20T12:00:00Z", PM, capsys=capsys)
    assert [(d["code"], d["line"]) for d in diags] == [("PM401", status), ("PM402", status)]
    assert diags[1]["message"].startswith(
        f"postmortem drafted 10 days 12 h late: drafted 2026-03-20 12:00 UTC (git: first commit {sha[:7]})")


def test_a_publication_date_alone_is_the_teams_day_when_the_document_names_no_zone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'published_at: 2026-03-22' in a New York team's postmortem (timezone in the settings,
    none in the document), its status committed on 23 March at 22:00 EDT: PM412 counted the
    day and its 24 hours of tolerance in UTC, where the commit fell on 24 March, and called
    the date contradicted, '2 days later'. The day is the team's: within the tolerance.
    Committed an hour after the tolerance, the message shows the commit in New York time."""
    text = PUBLISHED.replace("published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-22")
    repo = GitRepo(tmp_path / "repo")
    repo.write(".pmkit.toml", 'timezone = "America/New_York"\n')
    repo.write(PM, text.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish", date="2026-03-23T22:00:00-04:00")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    repo.edit(PM, "published_at: 2026-03-22", "published_at: 2026-03-21")
    repo.commit("Date the publication", date="2026-03-24T09:00:00-04:00")
    code, diags = check_json("--select", "PM412", PM, capsys=capsys)
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(text, "published_at:"), 17)]
    assert diags[0]["message"].startswith(
        "published_at is 2026-03-21 (date only), but the file's status first became published in commit ")
    assert diags[0]["message"].endswith(" on 2026-03-23 22:00 EDT (2026-03-24 02:00 UTC), 2 days later")


def test_a_late_draft_rebased_later_names_the_date_it_is_dated_by(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """PM402 for a draft written on a branch on 12 March (due 9 March) and rebased onto main
    on 20 March said 'drafted 2026-03-12 09:00 UTC (git: first commit ...)', with nothing to
    say that the commit was made on 20 March, the date a reader who looks at when it was
    committed sees. It now says which of the commit's dates it took, and the other."""
    repo, sha = drafted_on_a_branch(tmp_path, LATE_DRAFT, written="2026-03-12T09:00:00Z",
                                    main_moved="2026-03-13T09:00:00Z", rebased="2026-03-20T09:00:00Z")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM402", "--now", "2026-03-25T12:00:00Z", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (
        0, [("PM402", line_of(LATE_DRAFT, "status: draft"), 9)])
    assert diags[0]["message"].startswith(
        "postmortem drafted 2 days 9 h late: drafted 2026-03-12 09:00 UTC (git: first commit "
        f"{sha[:7]}, its author date; committed on 2026-03-20 09:00 UTC, after an amend, a rebase or a "
        "cherry-pick), deadline 2026-03-09 23:59 UTC")
