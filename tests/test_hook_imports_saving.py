"""A hook's run that keeps what it computed (the readability scores and blameless-phrasing
findings of an edited text, new compiled patterns) writes its memo files without ``tempfile``:
that import brings ``shutil`` and ``random``, 3.5 ms of every run after an edit, in the process
that ends last. The files are still written atomically (a new file, then renamed over the old)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from history_git import PUBLISHED, SRC, GitRepo

from pmkit import fsutil


def _run(repo: Path, cache: Path, *options: str, **more: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PMKIT_", "GIT_"))}
    env.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25", PMKIT_CACHE_DIR=str(cache), **more)
    command = "from pmkit.launcher import run; raise SystemExit(run())"
    return subprocess.run([sys.executable, *options, "-c", command, "check", "postmortems/pm.yaml"],
                          capture_output=True, text=True, env=env, cwd=repo, timeout=120, check=False)


def _imported(importtime: str) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in importtime.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


@pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                    reason="which modules the standard library itself imports differs between versions")
def test_a_run_after_an_edit_keeps_its_findings_without_importing_tempfile(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/pm.yaml", PUBLISHED)
    repo.commit("publish")
    cache = tmp_path / "cache"
    first = _run(repo.root, cache)
    assert first.returncode in (0, 1), first.stderr
    kept = cache / "findings.bin"
    before = kept.stat()
    repo.write("postmortems/pm.yaml", PUBLISHED.replace("Backlog drained.", "The backlog drained in time."))
    repo.git("add", "postmortems/pm.yaml")
    edited = _run(repo.root, cache, "-X", "importtime")
    assert edited.returncode in (0, 1), edited.stderr
    assert "pmkit.cli" in _imported(edited.stderr)  # (the run was the command's)
    assert sorted(_imported(edited.stderr) & {"tempfile", "random", "shutil"}) == []
    after = kept.stat()
    assert (after.st_ino, after.st_size) != (before.st_ino, before.st_size)  # written anew: the edited text's
    assert [p.name for p in cache.iterdir() if p.name.endswith(".tmp")] == []
    assert stat.S_IMODE(after.st_mode) == 0o600


def test_a_new_temporary_file_is_this_users_alone_and_never_one_that_was_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handle, path = fsutil.new_temporary(tmp_path, ".cache-")
    os.close(handle)
    assert path.parent == tmp_path and path.name.startswith(".cache-") and path.name.endswith(".tmp")
    assert len(path.name) == len(".cache-") + 8 + len(".tmp")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A name already there (a file, a link planted to one elsewhere) is never opened: another is drawn.
    (tmp_path / ".cache-00000000.tmp").write_text("someone's")
    target = tmp_path / "elsewhere"
    (tmp_path / ".cache-11111111.tmp").symlink_to(target)
    draws = iter([b"\0" * 4, b"\x11" * 4, b"\x22" * 4])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    handle, path = fsutil.new_temporary(tmp_path, ".cache-")
    os.close(handle)
    assert path.name == ".cache-22222222.tmp"
    assert (tmp_path / ".cache-00000000.tmp").read_text() == "someone's" and not target.exists()
    monkeypatch.setattr(os, "urandom", lambda size: b"\0" * 4)
    with pytest.raises(FileExistsError):
        fsutil.new_temporary(tmp_path, ".cache-")


@pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                    reason="which modules the standard library itself imports differs between versions")
def test_a_run_that_scores_an_edited_summary_imports_no_tempfile(tmp_path: Path) -> None:
    """textstat imports ``importlib.resources`` (for a word list no score of pmkit's reads), which
    imports ``tempfile``: 3.7 ms of every run whose summary changed, in the process that ends last.
    The command loads it only when a name of it is used (:data:`pmkit.startup.DEFERRED`)."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/pm.yaml", PUBLISHED)
    repo.commit("publish")
    cache = tmp_path / "cache"
    assert _run(repo.root, cache).returncode in (0, 1)
    summary = ("  For 47 minutes, about 12,000 users got their notifications late. The queue's consumers "
               "stopped after a\n  configuration change, and the backlog grew until the consumers were "
               "restarted by the on-call\n  engineer. No notification was lost.\n")
    repo.write("postmortems/pm.yaml", PUBLISHED.replace(
        "  For 47 minutes, about 12,000 users got notifications late.\n", summary))
    repo.git("add", "postmortems/pm.yaml")
    # In one process (the child that scores an edited summary on two processors prints no
    # import times).
    edited = _run(repo.root, cache, "-X", "importtime", PMKIT_JOBS="1")
    assert edited.returncode in (0, 1), edited.stderr
    imported = _imported(edited.stderr)
    assert "textstat" in imported  # (the summary was scored: nothing was kept for it)
    assert sorted(imported & {"tempfile", "random", "shutil"}) == []
