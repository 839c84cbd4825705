"""Repository shapes the benchmarks had not built: what pmkit says in them, exactly."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_pre_commit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)


def _objects(clone: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(clone)), p.stat().st_size) for p in (clone / ".git").rglob("*")
                  if p.is_file() and "objects" in p.parts)


def _partial_clone_with_commits_between(tmp_path: Path) -> tuple[Path, list[str]]:
    """A blob-less clone of a history in which the postmortem changed in commits 1, 3 and 5
    and other files in 2 and 4 (as in any repository with more than postmortems): the
    version before each change is that of a commit that did not touch it."""
    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 11000"))
    shas = [source.commit("Draft")]
    source.write("src/app.py", "X = 1\n")
    source.commit("Code")
    source.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 11500"))
    shas.append(source.commit("Count"))
    source.write("src/app.py", "X = 2\n")
    source.commit("More code")
    source.write(PM, PUBLISHED)
    shas.append(source.commit("Publish"))
    source.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone)],
                   check=True, capture_output=True)
    return clone, shas


@pytest.mark.parametrize("lazy_fetch_ignored", [False, True])
def test_a_partial_clone_with_other_commits_between_the_changes_lists_every_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, lazy_fetch_ignored: bool) -> None:
    """The versions before each change are those of commits that did not touch the file. They
    were taken for present, so git was asked for a blob the clone lacks: the whole trail failed
    ("could not fetch ... from promisor remote", after git had tried for seconds) or, on a git
    that ignores GIT_NO_LAZY_FETCH, the blob was fetched into .git."""
    clone, shas = _partial_clone_with_commits_between(tmp_path)
    if lazy_fetch_ignored:
        import pmkit.history

        env = pmkit.history.reading_environment()
        trimmed = {k: v for k, v in env.items() if k not in ("GIT_NO_LAZY_FETCH", "GIT_ALLOW_PROTOCOL")}
        monkeypatch.setattr(pmkit.history, "reading_environment", lambda: trimmed)
    before = _objects(clone)
    monkeypatch.chdir(clone)
    assert main(["history", PM]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lacking = [f"! this version cannot be read: this partial clone (git clone --filter) has not downloaded "
               f"it, and pmkit never fetches ('git show {sha[:10]}:{PM}' downloads it)" for sha in shas[:2]]
    lines = [line.strip() for line in captured.out.splitlines()]
    assert lines[0] == f"History of {PM}: 3 commits"
    assert [line for line in lines if line.startswith("!")] == lacking
    # The newest version is there (the checkout downloaded it) and is read.
    assert [line.split("  ", 1)[1] for line in lines if line[:4] == "2026"] == [
        f"{shas[0][:10]}  added as {PM}  status: ?", f"{shas[1][:10]}  modified  status: ?",
        f"{shas[2][:10]}  modified  status: published"]
    assert _objects(clone) == before
