"""``pmkit history`` reads no version larger than max-file-size, as ``pmkit check`` reads no
such file: every version of a file of 60 MB was held at once (387 MB for two commits)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, history_json

LIMIT = 2_000
PADDING = "\n# " + "x" * 200


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A postmortem published small, then grown past max-file-size (2,000 bytes) by a commit."""
    clear_git_env(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    repo.write("pyproject.toml", f"[tool.pmkit]\nmax-file-size = {LIMIT}\n")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(PM, PUBLISHED + PADDING * 20)
    repo.commit("Grow", date="2026-03-06T09:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo


def _reasons(trail: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(entry["change"], entry["unreadable_reason"]) for entry in trail["entries"]]


def test_a_version_larger_than_max_file_size_is_not_read(repo: GitRepo, capsys: Any) -> None:
    size = len((PUBLISHED + PADDING * 20).encode())
    code, trail = history_json(PM, capsys)
    assert code == 0
    assert _reasons(trail) == [
        ("added", None),
        ("modified", f"{size:,} bytes, more than max-file-size ({LIMIT:,} bytes), so it is not read "
                     "(raise max-file-size in [tool.pmkit] to read it)"),
    ]  # (and no version on the disk: it is HEAD's, known by its object id without parsing it)


def test_the_disk_version_of_a_large_file_is_compared_by_its_object_id(repo: GitRepo, capsys: Any) -> None:
    path = repo.root / PM
    path.write_text(PUBLISHED + PADDING * 21, encoding="utf-8")  # still too large, and changed
    code, trail = history_json(PM, capsys)
    assert code == 0
    assert _reasons(trail)[-1] == ("uncommitted", f"{path.stat().st_size:,} bytes, more than max-file-size "
                                                  f"({LIMIT:,} bytes), so it is not read (raise "
                                                  "max-file-size in [tool.pmkit] to read it)")
    path.write_text(PUBLISHED.replace("status: published", "status: draft"), encoding="utf-8")  # small again
    code, trail = history_json(PM, capsys)
    assert code == 0
    assert trail["entries"][-1]["change"] == "uncommitted"
    assert trail["entries"][-1]["status"] == "draft" and not trail["entries"][-1]["unreadable"]


def test_with_the_default_max_file_size_the_same_versions_are_read(repo: GitRepo, capsys: Any) -> None:
    os.remove(repo.root / "pyproject.toml")
    code, trail = history_json(PM, capsys)
    assert code == 0
    assert _reasons(trail) == [("added", None), ("modified", None)]
