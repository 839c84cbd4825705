"""The log of a file's earlier name, read from a commit (pmkit.logcache.plan_from): a history
that never changes, kept whole once read, so that a hook's later runs on a file once moved into
the checked folder (``git mv incoming/x.yaml postmortems/``) read it no more; the report is the
same with it kept, without the cache, and in a shallow clone, where it is kept for the commits its
history is cut at."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_git import EARLY, SRC, GitRepo, clear_git_env, logging_git

from pmkit import logcache
from pmkit.history import _log_environment, log_command

NOW = "2026-11-25T12:00:00Z"
MOVED = "postmortems/2026-03-02-queue.yaml"
EARLIER = "incoming/2026-03-02-queue.yaml"


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PMKIT_NO_CACHE", raising=False)


def _moved_in(root: Path) -> GitRepo:
    """A postmortem drafted in ``incoming/``, edited there, moved into ``postmortems/`` and
    edited again: its earlier name's log is read from the commit before the move."""
    repo = GitRepo(root)
    repo.write(EARLIER, EARLY)
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.write("notes.md", "notes\n")
    repo.commit("Notes", date="2026-03-04T09:00:00Z")
    repo.write(EARLIER, EARLY.replace("got notifications late.", "got notifications late (edited)."))
    repo.commit("Edit the draft", date="2026-03-05T09:00:00Z")
    (root / "postmortems").mkdir()
    repo.git("mv", EARLIER, MOVED)
    repo.commit("Move it in", date="2026-03-06T09:00:00Z")
    repo.write("notes.md", "more notes\n")
    repo.commit("More notes", date="2026-03-07T09:00:00Z")
    return repo


def _run(repo: GitRepo, tmp_path: Path, **env: str) -> tuple[int, str, str]:
    """A hook's run of the moved file, a fresh process; its exit code, report, and its git
    commands' arguments (one process a line, but the log's format holds line breaks)."""
    # (written once: the program's identity, its times too, is part of what an entry is for)
    wrapper = tmp_path / "bin"
    if not (wrapper / "git").exists():
        logging_git(wrapper)
    (wrapper / "git.log").unlink(missing_ok=True)
    environment = {key: value for key, value in os.environ.items() if key != "GIT_PYTHON_GIT_EXECUTABLE"}
    environment.update(PATH=f"{wrapper}{os.pathsep}{environment.get('PATH', '')}", PYTHONPATH=str(SRC), **env)
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--format", "json", "--now", NOW, MOVED],
                          cwd=repo.root, env=environment, capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, (wrapper / "git.log").read_text(encoding="utf-8")


def _earlier_logs(commands: str) -> int:
    """How many logs of the earlier name a run read (only that log names it)."""
    return commands.count(f" -- {EARLIER}\n")


def test_the_earlier_names_log_is_read_once_and_the_report_stays(tmp_path: Path) -> None:
    repo = _moved_in(tmp_path / "repo")
    uncached = _run(repo, tmp_path, PMKIT_NO_CACHE="1")
    first = _run(repo, tmp_path)
    second = _run(repo, tmp_path)
    assert _earlier_logs(uncached[2]) == _earlier_logs(first[2]) == 1
    assert _earlier_logs(second[2]) == 0
    assert first[:2] == second[:2] == uncached[:2]
    # and after the next commit, as a hook's next run: still kept (the move's history is as it was)
    repo.write("notes.md", "even more notes\n")
    repo.commit("Even more notes", date="2026-03-08T09:00:00Z")
    third = _run(repo, tmp_path)
    assert _earlier_logs(third[2]) == 0 and third[:2] == _run(repo, tmp_path, PMKIT_NO_CACHE="1")[:2]


def test_a_plan_from_a_commit_keeps_the_whole_log(tmp_path: Path) -> None:
    repo = _moved_in(tmp_path / "repo")
    start = repo.git("rev-parse", "HEAD~2").strip()
    command = log_command("--full-diff")
    plan = logcache.plan_from(str(repo.root), command, [EARLIER], start, str(repo.root / ".git"))
    assert plan is not None and plan.command == [*command, start, "--", EARLIER] and plan.kept is None
    assert plan.plain == plan.command
    log = subprocess.run(plan.command, cwd=repo.root, env=_log_environment(), capture_output=True,
                         check=True).stdout
    assert log
    logcache.keep(plan, logcache.combined(plan, log))
    again = logcache.plan_from(str(repo.root), command, [EARLIER], start, str(repo.root / ".git"))
    assert again is not None and again.command is None and again.kept == log
    # another commit, another path: another entry
    other = logcache.plan_from(str(repo.root), command, [EARLIER], repo.git("rev-parse", "HEAD~3").strip(),
                               str(repo.root / ".git"))
    assert other is not None and other.kept is None


def test_a_shallow_repository_keeps_it_for_its_cut_and_nothing_without_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _moved_in(tmp_path / "repo")
    start = repo.git("rev-parse", "HEAD~2").strip()
    command = log_command("--full-diff")
    shallow = tmp_path / "shallow-git"
    shallow.mkdir()
    (shallow / "shallow").write_text(f"{start}\n", encoding="utf-8")
    cut = logcache.plan_from(str(repo.root), command, [EARLIER], start, str(shallow))
    whole = logcache.plan_from(str(repo.root), command, [EARLIER], start, str(repo.root / ".git"))
    assert cut is not None and whole is not None and cut.shallow is not None and whole.shallow is None
    assert cut.key != whole.key  # (the same commit's log, in a history cut elsewhere)
    (shallow / "shallow").write_text(f"{repo.git('rev-parse', 'HEAD~3').strip()}\n", encoding="utf-8")
    deeper = logcache.plan_from(str(repo.root), command, [EARLIER], start, str(shallow))
    assert deeper is not None and deeper.key != cut.key
    assert logcache.plan_from(str(repo.root), command, [EARLIER], start, None) is None
    assert logcache.plan_from(str(repo.root), command, [EARLIER], "HEAD~2", str(repo.root / ".git")) is None
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    assert logcache.plan_from(str(repo.root), command, [EARLIER], start, str(repo.root / ".git")) is None


def test_a_shallow_clone_reports_as_without_the_cache(tmp_path: Path) -> None:
    repo = _moved_in(tmp_path / "repo")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{repo.root}", str(clone)], check=True,
                   capture_output=True)
    shallow = GitRepo.__new__(GitRepo)
    shallow.root, shallow.clock = clone, 100
    cache = str(tmp_path / "cache")

    def kept() -> tuple[int, str, str]:
        return _run(shallow, tmp_path, PMKIT_CACHE_DIR=cache)

    def without() -> tuple[int, str]:
        return _run(shallow, tmp_path, PMKIT_NO_CACHE="1")[:2]

    assert kept()[:2] == without()
    again = kept()  # the log kept by the run before
    assert again[:2] == without() and " log " not in f" {again[2]}"
    shallow.write("notes.md", "notes of a shallow clone\n")
    shallow.commit("A commit in the clone", date="2026-03-08T09:00:00Z")
    assert kept()[:2] == without()  # read on from the kept log
    subprocess.run(["git", "fetch", "-q", "--deepen", "2"], cwd=clone, check=True, capture_output=True)
    assert kept()[:2] == without()
