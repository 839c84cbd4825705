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
        f"{shas[2][:10]}  modified  status: ? → published"]  # (the version it changed: not downloaded)
    assert _objects(clone) == before


# --- a long-running incident: one timeline entry more in each of many revisions ---------------


def _entry(k: int, **extra: Any) -> dict[str, Any]:
    from datetime import datetime, timedelta, timezone

    at = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc) + timedelta(minutes=15 * k)
    return {"at": at, "actor": "database on-call engineer",
            "event": f"Step {k} of the recovery, replica {k % 7} resynced.", **extra}


def _version(entries: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"pmkit": 1, "lang": "en", "status": "published", "timeline": entries, **extra}


def test_entries_written_alike_in_two_versions_are_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry's facts (its time, milestone, the numbers of its event) were worked out in
    every version, so the trail of a postmortem written over hundreds of revisions, one entry
    more each time, grew with the square of the revisions in that work alone."""
    from pmkit import facts

    read: list[int] = []
    original = facts.VersionFacts.entry_facts

    def counted(self: facts.VersionFacts, index: int) -> dict[str, facts.Fact]:
        read.append(index)
        return original(self, index)

    monkeypatch.setattr(facts.VersionFacts, "entry_facts", counted)
    old = [_entry(k) for k in range(300)]
    new = [*old[:150], _entry(150, event="Step 150 of the recovery, replica 4 resynced."), *old[151:],
           _entry(300)]
    changes = facts.diff_facts(_version(old), _version(new))
    assert [(c.field, c.old, c.new, c.kind) for c in changes] == [
        ("timeline[150].event (numbers)", "3", "4", "changed"),
        ("timeline[300]", None, '2026-03-05T13:00:00+00:00 "Step 300 of the recovery, replica 6 resynced."',
         "added")]
    assert read == [150, 150]  # the one entry that changed, in each version


def test_entries_written_alike_but_read_otherwise_still_differ() -> None:
    """Guard: an entry written alike is still compared when what it is read with changed (the
    time zone of times without an offset, the language of its numbers), and a time written at
    another offset for the same instant stays no change, as before."""
    from datetime import datetime, timedelta, timezone

    from pmkit.facts import diff_facts

    naive = {"at": datetime(2026, 3, 2, 10, 0), "event": "Backlog at 1.500 messages."}
    zoned = diff_facts(_version([naive], timezone="Europe/Berlin"), _version([naive], timezone="UTC"))
    assert [(c.field, c.old, c.new) for c in zoned] == [
        ("timeline[0].at", "2026-03-02T10:00:00 (timezone Europe/Berlin)",
         "2026-03-02T10:00:00 (timezone UTC)")]
    aware = {"at": datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc), "event": "Backlog at 1.500 messages."}
    german = diff_facts(_version([aware]), _version([aware], lang="de"))
    assert [(c.field, c.old, c.new, c.kind) for c in german] == [
        ("timeline[0].event (numbers)", "1.500", "1.500", "changed")]
    later_offset = {**aware, "at": datetime(2026, 3, 2, 12, 0, tzinfo=timezone(timedelta(hours=2)))}
    assert diff_facts(_version([aware]), _version([later_offset])) == []
