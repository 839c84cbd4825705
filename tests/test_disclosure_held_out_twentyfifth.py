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
