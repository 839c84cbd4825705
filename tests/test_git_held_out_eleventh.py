"""Git evidence of disclosure dates, the history rules, ``pmkit history`` and ``pmkit due``:
cases found in the eleventh round, each failing before its fix."""

from __future__ import annotations

import json
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
DRAFT = INTERNAL.replace("status: published", "status: draft")


@pytest.mark.parametrize("staged", [True, False])
def test_a_late_publication_about_to_be_committed_is_published_late(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, staged: bool) -> None:
    """A draft committed on 3 March, its status set to published on 30 March and checked
    before that change is committed (the pre-commit hook, staged or not): the clock said
    'published, date unknown' and PM402 said nothing, so the late publication passed the very
    commit that made it. The file on disk is the publication, made by the time of the check."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    if staged:
        repo.git("add", PM)
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-30T12:00:00Z", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["severity"]) for d in diags] == [
        ("PM402", line_of(INTERNAL, "status: published"), 9, "warning")]
    assert diags[0]["message"].startswith(
        "postmortem published 13 days 12 h late: published 2026-03-30 12:00 UTC (the publication on "
        "disk, not committed yet: published by the time of this check), deadline 2026-03-16 23:59 UTC")
    # Committed, git says the same; published in time, nothing is said.
    sha = repo.commit("Publish the queue postmortem", date="2026-03-30T12:00:00Z")
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-30T12:00:00Z", PM, capsys=capsys)
    assert [d["code"] for d in diags] == ["PM402"]
    assert diags[0]["message"].startswith(
        f"postmortem published 13 days 12 h late: published 2026-03-30 12:00 UTC (git: status first "
        f"published in commit {sha[:7]})")


def test_a_publication_in_time_about_to_be_committed_is_not_late(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM401,PM402", "--now", "2026-03-10T12:00:00Z", PM, capsys=capsys)
    assert (code, diags) == (0, [])


CORRECTED = 'corrections:\n  - {at: %s, description: "The first version said 12,000 users; it was 15,000."}\n'


def placed(diags: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["col"]) for d in diags]


def corrected(repo: GitRepo, at: str) -> str:
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    return repo.edit(PM, "corrections: []\n", CORRECTED % at)


def test_a_new_correction_dated_before_the_publication_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A correction of a postmortem published on 5 March 2026, dated 2025-03-20 (the year of a
    copied entry): no rule read corrections[].at, and the date passed. It comes before the
    publication it corrects."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    text = corrected(repo, "2025-03-20")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM608", "--now", "2026-03-21T12:00:00Z", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["severity"]) for d in diags] == [
        ("PM608", line_of(text, "at: 2025-03-20"), 10, "warning")]
    assert diags[0]["message"] == (
        "corrections[0].at is 2025-03-20, before the postmortem was published (published_at is "
        "2026-03-05 09:00 UTC): a correction follows the publication it corrects")
    assert diags[0]["hint"].startswith("Check the date (the year of a copied entry, most often)")
    # The day it was made: nothing to say.
    repo.edit(PM, "at: 2025-03-20", "at: 2026-03-20")
    code, diags = check_json("--select", "PM608", "--now", "2026-03-21T12:00:00Z", PM, capsys=capsys)
    assert (code, diags) == (0, [])


def test_a_correction_before_a_publication_known_from_git_names_the_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Without published_at, the publication is the commit that first made the status
    published; a correction dated before it is reported with that commit."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, DRAFT)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    sha = repo.commit("Publish the queue postmortem", date="2026-03-10T15:00:00Z")
    text = corrected(repo, "2026-03-09")
    monkeypatch.chdir(repo.root)
    _, diags = check_json("--select", "PM608", "--now", "2026-03-21T12:00:00Z", PM, capsys=capsys)
    assert placed(diags) == [("PM608", line_of(text, "at: 2026-03-09"), 10)]
    assert diags[0]["message"] == (
        f"corrections[0].at is 2026-03-09, before the postmortem was published (its status first became "
        f"published in commit {sha[:7]} on 2026-03-10 15:00 UTC): a correction follows the publication it "
        "corrects")


def test_a_correction_in_the_future_or_above_a_later_one_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A correction dated 2027 on 21 March 2026; and a second one, appended, dated before the
    first. Each is reported at its date."""
    repo = published_repo_with(tmp_path)
    text = corrected(repo, "2027-03-20")
    monkeypatch.chdir(repo.root)
    _, diags = check_json("--select", "PM608", "--now", "2026-03-21T12:00:00Z", PM, capsys=capsys)
    assert placed(diags) == [("PM608", line_of(text, "at: 2027-03-20"), 10)]
    assert diags[0]["message"] == (
        "corrections[0].at is 2027-03-20, in the future (today is 2026-03-21 in UTC)")
    repo.edit(PM, "at: 2027-03-20", "at: 2026-03-20")
    repo.commit("Correct the user count", date="2026-03-20T12:00:00Z")
    text = repo.edit(PM, 'it was 15,000."}\n', 'it was 15,000."}\n  - {at: 2026-02-25, description: '
                     '"The detection time was 10:05, not 10:07."}\n')
    _, diags = check_json("--select", "PM608", "--now", "2026-04-21T12:00:00Z", PM, capsys=capsys)
    assert placed(diags) == [("PM608", line_of(text, "at: 2026-02-25"), 10)]
    assert diags[0]["message"].startswith(
        "corrections[1].at is 2026-02-25, before the postmortem was published")
    repo.edit(PM, "at: 2026-02-25", "at: 2026-03-12")
    _, diags = check_json("--select", "PM608", "--now", "2026-04-21T12:00:00Z", PM, capsys=capsys)
    assert [d["message"] for d in diags] == [
        "corrections[1].at is 2026-03-12, before corrections[0] of 2026-03-20: corrections are appended, "
        "newest last"]


def test_a_committed_correction_is_not_reported_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Only the corrections added since the base are checked: an old one cannot be edited
    without PM603, so its date is reported when it is added, not on every later commit."""
    repo = published_repo_with(tmp_path)
    corrected(repo, "2025-03-20")
    repo.commit("Correct the user count", date="2026-03-20T12:00:00Z")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM608", "--now", "2026-03-21T12:00:00Z", PM, capsys=capsys)
    assert (code, diags) == (0, [])


def published_repo_with(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    return repo


def test_pmkit_history_shows_each_commit_with_its_utc_offset(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Published from Berlin at 22:00 CET and corrected from San Francisco at 14:00 PDT the
    same day: the trail showed '2026-03-20 22:00' above '2026-03-20 14:00', the later commit
    looking eight hours earlier. Each date carries its offset, as 'git log --date=iso' has it."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    first = repo.commit("Publish the queue postmortem", date="2026-03-20T22:00:00+01:00")
    corrected(repo, "2026-03-20")
    second = repo.commit("Correct the user count", date="2026-03-20T14:00:00-07:00")
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == f"2026-03-20 22:00 +0100  {first[:10]}  added as {PM}  status: published"
    assert lines[5] == f"2026-03-20 14:00 -0700  {second[:10]}  modified  status: published"
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [e["date"] for e in entries] == ["2026-03-20T22:00:00+01:00", "2026-03-20T14:00:00-07:00"]


def test_a_published_at_long_before_the_publication_being_committed_is_contradicted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """published_at 5 March on a draft committed on 3 March, its status set to published on 30
    March and checked before that is committed: PM412 said nothing until the commit was made,
    then called the date contradicted. The change being committed is the publication."""
    text = DRAFT.replace("  regimes: [internal]\n", "  regimes: [internal]\n  published_at: 2026-03-05\n")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412", "--now", "2026-03-30T12:00:00Z", PM, capsys=capsys)
    assert code == 1
    assert placed(diags) == [("PM412", line_of(text, "published_at:"), 17)]
    assert diags[0]["message"] == (
        "published_at is 2026-03-05 (date only), but the file's status becomes published only in the "
        "change not committed yet (at the time of this check, 2026-03-30 12:00 UTC), 25 days later")
    # Within the tolerance (the day of published_at and 24 hours), nothing.
    code, diags = check_json("--select", "PM412", "--now", "2026-03-06T12:00:00Z", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    # Committed, the commit says the same.
    sha = repo.commit("Publish the queue postmortem", date="2026-03-30T12:00:00Z")
    code, diags = check_json("--select", "PM412", "--now", "2026-03-30T12:00:00Z", PM, capsys=capsys)
    assert diags[0]["message"].startswith(
        f"published_at is 2026-03-05 (date only), but the file's status first became published in commit "
        f"{sha[:7]}")


def test_the_correction_date_offered_is_today_where_the_team_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A Los Angeles team (timezone in the settings, none in the document) changes a published
    figure at 19:00 PDT on 20 April: PM601's hint offered 'at: 2026-04-21', the date in UTC,
    which PM608 then calls a date in the future. Both take today where the team is."""
    repo = published_repo_with(tmp_path)
    repo.write(".pmkit.toml", 'timezone = "America/Los_Angeles"\n')
    repo.commit("Settings", date="2026-03-06T09:00:00Z")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    now = "2026-04-21T02:00:00Z"
    _, diags = check_json("--select", "PM601,PM608", "--now", now, PM, capsys=capsys)
    assert [d["code"] for d in diags] == ["PM601"]
    assert "{at: 2026-04-20, description: " in diags[0]["hint"]
    repo.edit(PM, "corrections: []\n", CORRECTED % "2026-04-21")
    _, diags = check_json("--select", "PM601,PM608", "--now", now, PM, capsys=capsys)
    assert [d["message"] for d in diags] == [
        "corrections[0].at is 2026-04-21, in the future (today is 2026-04-20 in America/Los_Angeles)"]
    repo.edit(PM, "at: 2026-04-21", "at: 2026-04-20")
    assert check_json("--select", "PM601,PM608", "--now", now, PM, capsys=capsys) == (0, [])


def test_correction_dates_step_aside_with_the_history_rules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A base that names no commit (PRE_COMMIT_FROM_REF of another clone): PM600 said 'history
    rules (PM6xx) skipped' while PM608 reported a correction committed long ago, which only a
    compared base tells from a new one. It steps aside too; a file not committed yet has only
    new corrections, and they are checked."""
    repo = published_repo_with(tmp_path)
    corrected(repo, "2025-03-20")
    repo.commit("Correct the user count", date="2026-03-20T12:00:00Z")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "1234567890" * 4)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    _, diags = check_json("--select", "PM600,PM608", "--now", "2026-04-01T00:00:00Z", PM, capsys=capsys)
    assert [d["code"] for d in diags] == ["PM600"]
    monkeypatch.delenv("PRE_COMMIT_FROM_REF")
    monkeypatch.delenv("PRE_COMMIT_TO_REF")
    copy = "postmortems/2026-03-02-queue-copy.yaml"
    text = repo.write(copy, repo.read(PM).replace("id: 2026-03-02-queue", "id: 2026-03-02-queue-copy"))
    _, diags = check_json("--select", "PM600,PM608", "--now", "2026-04-01T00:00:00Z", copy, capsys=capsys)
    assert placed(diags) == [("PM608", line_of(text.read_text(encoding="utf-8"), "at: 2025-03-20"), 10)]
