"""Disclosure dates of held-out postmortems of the twenty-fifth round: ``published_at`` against
git's evidence of the publication (PM412), and what 'pmkit check' (PM402) and 'pmkit due' make of
the two dates when they disagree: committed, on the disk and not committed yet, on one side of
the deadline or on both."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import where
from pmkit.cli import main
from pmkit.config import parse_config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.engine import Checker

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: Resolved on 2 March 2026 at 16:00 UTC: the internal policy's publication deadline (SEV2, 14
#: calendar days) is 2026-03-16 23:59 UTC.
DOC = """\
pmkit: 1
id: 2026-03-02-outage
title: Checkout outage
status: {status}
lang: en
severity: SEV2
approvals:
  - {{by: VP of Engineering, role: accountable executive}}
timeline:
  - {{at: 2026-03-02T16:00:00Z, milestone: resolved, actor: on-call engineer, event: Resolved.}}
disclosure:
  regimes: [internal]
  drafted_at: 2026-03-04T09:00:00Z
{published}"""

NOW = "2026-04-01T12:00:00Z"


def git(repo: Path, *args: str, authored: str | None = None, committed: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if authored:
        env["GIT_AUTHOR_DATE"] = authored
    if committed:
        env["GIT_COMMITTER_DATE"] = committed
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def write(repo: Path, status: str, published: str | None) -> Path:
    path = repo / "postmortems" / "outage.yaml"
    path.parent.mkdir(exist_ok=True)
    line = f"  published_at: {published}\n" if published else ""
    path.write_text(DOC.format(status=status, published=line), encoding="utf-8")
    return path


def drafted(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose only commit, of 5 March, adds the draft."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    path = write(repo, "draft", None)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "draft", authored="2026-03-05T10:00:00Z", committed="2026-03-05T10:00:00Z")
    return repo, path


def published(tmp_path: Path, published_at: str, authored: str,
              committed: str | None = None) -> tuple[Path, str]:
    """The draft, then a commit that publishes it with ``published_at``; its short hash."""
    repo, path = drafted(tmp_path)
    write(repo, "published", published_at)
    git(repo, "commit", "-qam", "publish", authored=authored, committed=committed or authored)
    return path, git(repo, "rev-parse", "--short=7", "HEAD")


def check(path: Path, now: str = NOW) -> list[Diagnostic]:
    config = parse_config({})
    config.select = ["PM4"]
    return Checker(config, now=now).check_paths([str(path)]).sorted()


def publish_row(path: Path, capsys: pytest.CaptureFixture[str], now: str = NOW) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["due", str(path), "--all", "--format", "json", "--now", now]) == 0
    rows = json.loads(capsys.readouterr().out)["clocks"]
    row: dict[str, Any] = next(row for row in rows if row["stage"] == "publish")
    return row


#: ``published_at`` is on line 14, its value at column 17.
AT = 14, 17


def test_pm412_names_an_author_date_later_than_the_committer_date(tmp_path: Path) -> None:
    """The commit that publishes the file has an author date (20 March) later than its committer
    date (12 March): PM412 named only the committer date, where it names both dates when the
    author date is the older one."""
    path, sha = published(tmp_path, "2026-03-06T09:00:00Z", authored="2026-03-20T10:00:00Z",
                          committed="2026-03-12T10:00:00Z")
    found = check(path)
    assert where(found) == [("PM412", *AT)]
    assert found[0].severity is Severity.ERROR
    assert found[0].message == (
        f"published_at is 2026-03-06 09:00 UTC, but the file's status first became published in commit "
        f"{sha}, committed on 2026-03-12 10:00 UTC (its author date, 2026-03-20 10:00 UTC, is later; the "
        "committer date is the one taken), 6 days 1 h later")


def test_due_judges_a_publication_on_the_disk_as_pm412_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The draft is committed; on the disk, not committed yet, it is published with published_at
    of 6 March. PM412 says the status becomes published only in that change, at the time of the
    check (1 April), after the deadline; 'pmkit due' called the clock met on 6 March, with no
    contradiction, where the same dates committed are contradicted. It says what PM412 says."""
    repo, path = drafted(tmp_path)
    write(repo, "published", "2026-03-06T09:00:00Z")
    found = check(path)
    assert where(found) == [("PM412", *AT)]
    assert found[0].message == (
        "published_at is 2026-03-06 09:00 UTC, but the file's status becomes published only in the change "
        "not committed yet (at the time of this check, 2026-04-01 12:00 UTC), 26 days 3 h later")
    row = publish_row(path, capsys)
    assert (row["state"], row["done_at"], row["evidence"]) == (
        "contradicted", "2026-03-06T09:00+00:00", "disclosure.published_at")
    assert row["contradiction"] == (
        "published_at is 2026-03-06 09:00 UTC, but the file's status becomes published only in the change "
        "not committed yet (at the time of this check, 2026-04-01 12:00 UTC): one of the two is wrong, so "
        "whether it was met cannot be told (PM412)")
    # Within PM412's tolerance of the check, the record stands.
    row = publish_row(path, capsys, now="2026-03-06T20:00:00Z")
    assert (row["state"], row["contradiction"]) == ("met", None)


#: The end of PM402's message for the internal publication clock of :data:`DOC`.
DEADLINE = ("deadline 2026-03-16 23:59 UTC (14 calendar days after resolved, internal policy) [Team "
            "policy: publish within 14 calendar days of resolution (30 for SEV3; Azure final PIR practice)]")


def test_a_contradiction_by_the_deadline_on_both_sides_is_met(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """published_at of 6 March, the status first committed as published on 10 March: PM412, and
    both by the deadline of 16 March. 'pmkit due' said whether it was met cannot be told; either
    date says it was. It is met, with the contradiction still said."""
    path, sha = published(tmp_path, "2026-03-06T09:00:00Z", authored="2026-03-10T10:00:00Z")
    assert where(check(path)) == [("PM412", *AT)]
    row = publish_row(path, capsys)
    assert (row["state"], row["done_at"]) == ("met", "2026-03-06T09:00+00:00")
    assert row["contradiction"] == (
        f"published_at is 2026-03-06 09:00 UTC, but the file's status first became published in commit {sha} "
        "on 2026-03-10 10:00 UTC: one of the two is wrong, but both are by the deadline: met either way "
        "(PM412)")
    # Met, it is listed only with --all, where the text says the contradiction too.
    assert main(["due", str(path), "--now", NOW]) == 0
    assert "internal publish" not in capsys.readouterr().out
    assert main(["due", str(path), "--all", "--now", NOW]) == 0
    assert (f"{path}: internal publish [internal]: met (2026-03-06T09:00+00:00); dates contradict: "
            "published_at is 2026-03-06 09:00 UTC, but") in capsys.readouterr().out


@pytest.mark.parametrize("committed", [True, False])
def test_a_contradiction_after_the_deadline_on_both_sides_is_late(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], committed: bool) -> None:
    """published_at of 20 March, the status first published on 22 March (in a commit, or on the
    disk at the time of the check): both after the deadline. 'pmkit check' said it was 3 days
    9 h late (PM402) where 'pmkit due' said whether it was met cannot be told. It is late,
    counted from published_at, the earlier date, and PM402 says git's is later."""
    if committed:
        path, sha = published(tmp_path, "2026-03-20T09:00:00Z", authored="2026-03-22T10:00:00Z")
        now = NOW
        git_said = f"commit {sha} on 2026-03-22 10:00 UTC"
        where_said = f"first became published in commit {sha} on 2026-03-22 10:00 UTC"
    else:
        repo, path = drafted(tmp_path)
        write(repo, "published", "2026-03-20T09:00:00Z")
        now = "2026-03-22T10:00:00Z"
        git_said = "the change not committed yet, at the time of this check, 2026-03-22 10:00 UTC"
        where_said = ("becomes published only in the change not committed yet (at the time of this check, "
                      "2026-03-22 10:00 UTC)")
    found = check(path, now=now)
    assert where(found) == [("PM402", *AT), ("PM412", *AT)]
    assert found[0].message == (
        "postmortem published 3 days 9 h late: published 2026-03-20 09:00 UTC (disclosure.published_at, "
        f"the earlier date: git's is later, {git_said}, PM412), {DEADLINE}")
    row = publish_row(path, capsys, now=now)
    assert (row["state"], row["done_at"], row["evidence"]) == (
        "late", "2026-03-20T09:00+00:00", "disclosure.published_at")
    assert row["contradiction"] == (
        f"published_at is 2026-03-20 09:00 UTC, but the file's status {where_said}: one of the two is "
        "wrong, but both are after the deadline: late, counted from published_at (PM412)")


def test_a_contradiction_across_the_deadline_is_contradicted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """published_at of 14 March, by the deadline, and the status first committed as published on
    20 March, after it: whether the deadline was met cannot be told. No PM402, and 'pmkit due'
    lists the clock as contradicted (a guard: this was already so)."""
    path, sha = published(tmp_path, "2026-03-14T09:00:00Z", authored="2026-03-20T10:00:00Z")
    assert where(check(path)) == [("PM412", *AT)]
    row = publish_row(path, capsys)
    assert (row["state"], row["contradiction"]) == ("contradicted", (
        f"published_at is 2026-03-14 09:00 UTC, but the file's status first became published in commit {sha} "
        "on 2026-03-20 10:00 UTC: one of the two is wrong, so whether it was met cannot be told (PM412)"))


@pytest.mark.parametrize("commits", [True, False])
def test_a_file_not_committed_yet_gets_no_pm413_as_the_guide_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], commits: bool) -> None:
    """A new postmortem, only added to the index, in a repository with commits or with none:
    'pmkit explain PM413' says such a file is not reported, and pmkit does not report it; the
    disclosure guide said PM413 tells of it once per run. The guide now says what pmkit does."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    if commits:
        (repo / "README").write_text("notes\n", encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "start", authored="2026-03-03T10:00:00Z", committed="2026-03-03T10:00:00Z")
    path = write(repo, "draft", None)
    git(repo, "add", "-A")
    config = parse_config({})
    config.select = ["PM413"]
    assert Checker(config, now=NOW).check_paths([str(path)]).sorted() == []
    capsys.readouterr()
    assert main(["due", str(path), "--all", "--now", NOW]) == 0
    assert "no git evidence" not in capsys.readouterr().err
    guide = " ".join((Path(__file__).parent.parent / "docs" / "disclosure.md").read_text(
        encoding="utf-8").split())
    assert "or for a file that is not committed, PM413 says so once per run" not in guide
    assert ("A file not committed yet (new, or only added to the index, also in a repository with no commit "
            "yet) has no history to miss: PM413 does not report it") in guide
