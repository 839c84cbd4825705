"""Throwaway git repositories for the history tests (PM6xx, ``pmkit history``)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from pmkit.cli import main

#: A small published postmortem; tests edit it and look for findings at known lines.
PUBLISHED = """\
pmkit: 1
id: 2026-03-02-queue
title: Queue backlog delayed notifications
status: published
lang: en
severity: SEV2
owner: messaging lead
summary: |
  For 47 minutes, about 12,000 users got notifications late.
impact:
  users_affected: 12000
  customers_affected: 40
  data_loss: false
  metrics:
    - {name: notifications delayed, value: 80000, unit: messages}
timeline:
  - at: 2026-03-02T10:00:00Z
    milestone: impact_started
    actor: queue
    event: Consumers stalled after a config push.
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    actor: monitoring
    event: Backlog alert fired at 5,000 messages.
  - at: 2026-03-02T10:47:00Z
    milestone: resolved
    actor: messaging on-call engineer
    event: Backlog drained.
decisions:
  - id: D1
    at: 2026-03-02T10:12:00Z
    decision: Roll back the config push.
    decided_by: incident commander
contributing_factors:
  - id: CF1
    description: The config push had no canary.
disclosure:
  aware_at: 2026-03-02T10:05:00Z
  published_at: 2026-03-05T09:00:00Z
corrections: []
"""

PM = "postmortems/2026-03-02-queue.yaml"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle`` (exactly one must)."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


class GitRepo:
    """A repository in a temporary folder with a local identity and back-dated commits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Author")
        self.git("config", "user.email", "author@example.com")
        self.git("config", "commit.gpgsign", "false")

    def env(self, date: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        for key in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "GIT_DIR", "GIT_WORK_TREE",
                    "GIT_INDEX_FILE"):
            env.pop(key, None)
        if date is None:
            self.clock += 1
            date = f"2026-03-{5 + self.clock // 24:02d}T{self.clock % 24:02d}:00:00Z"
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_NOSYSTEM="1")
        return env

    def git(self, *args: str, date: str | None = None, check: bool = True) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, env=self.env(date), text=True,
                              capture_output=True, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> str:
        text = self.read(rel)
        assert old in text, old
        text = text.replace(old, new, 1)
        self.write(rel, text)
        return text

    def commit(self, message: str, *, date: str | None = None) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


def published_repo(tmp_path: Path, text: str = PUBLISHED) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    return repo


#: The published postmortem with its figure revised and the correction that says so.
CORRECTED = PUBLISHED.replace("users_affected: 12000", "users_affected: 15000").replace(
    "corrections: []\n",
    "corrections:\n"
    "  - at: 2026-11-20\n"
    "    description: The first version said 12,000 users; the final count is 15,000.\n"
    "    fields: [impact.users_affected]\n")
#: CORRECTED with a second correction after the first.
SECOND = CORRECTED.replace(
    "    fields: [impact.users_affected]\n",
    "    fields: [impact.users_affected]\n  - at: 2026-11-21\n    description: Typo fixed.\n    fields: []\n")


def pushed_then_local(tmp_path: Path, pushed: str | bytes, local: str) -> GitRepo:
    """``pushed`` (text, or bytes as git stores them) committed and pushed to origin; then
    ``local`` committed and not pushed."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, "")
    (repo.root / PM).write_bytes(pushed if isinstance(pushed, bytes) else pushed.encode())
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    origin = tmp_path / "origin.git"
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    repo.write(PM, local)
    repo.commit("Local change", date="2026-03-09T09:00:00Z")
    return repo


def pmkit_json(*args: str, capsys: Any) -> tuple[int, list[dict[str, Any]]]:
    """Run ``pmkit check --format json ARGS`` and return (exit code, diagnostics)."""
    code = main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", *args])
    out = capsys.readouterr().out
    payload = json.loads(out)
    diags = payload["diagnostics"] if isinstance(payload, dict) else payload
    return code, diags


#: What a hook, a superproject or a CI job may leave set that points git elsewhere or changes
#: what it prints; the tests build their own repositories and clear these first.
GIT_ENV_LEFTOVERS = ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                     "GIT_TEST_ASSUME_DIFFERENT_OWNER", "GIT_CEILING_DIRECTORIES", "GIT_CONFIG_PARAMETERS",
                     "GIT_CONFIG_COUNT")


def clear_git_env(monkeypatch: Any) -> None:
    """Unset :data:`GIT_ENV_LEFTOVERS` for one test."""
    for key in GIT_ENV_LEFTOVERS:
        monkeypatch.delenv(key, raising=False)


def found(diags: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["col"]) for d in diags]


def git_that_hangs_on(folder: Path, command: str) -> Path:
    """A folder holding a 'git' that runs the real one, except that ``command`` (or every
    command: "*") never answers; put it first on PATH."""
    import shutil

    folder.mkdir()
    script = folder / "git"
    script.write_text(f"#!/bin/sh\nfor arg; do case $arg in {command}) exec sleep 60;; esac; done\n"
                      f"exec '{shutil.which('git')}' \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    return folder


#: A program that runs ``pmkit`` with git commands given up on after 1 s (as ``-c`` to python).
PMKIT_GIT_TIMEOUT_1 = ("import sys, pmkit.history; pmkit.history.GIT_TIMEOUT = 1; "
                       "from pmkit.cli import main; sys.exit(main(sys.argv[1:]))")
