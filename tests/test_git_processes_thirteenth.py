"""How many git processes a check starts (a pre-commit hook pays each one on every commit), and
that fewer of them find the same: one ``cat-file --batch`` for the versions of the history and
the base texts, what the index holds read from the rename diff rather than from ``git ls-files``,
and one resolution of each folder for the log, the base and the files' names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, published_repo
from history_git import pmkit_json as check_json

from pmkit.history import open_repository, read_baseline, read_evidence


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


# --- one resolution of each folder ----------------------------------------------------------------


def test_folder_linked_out_of_the_repository_is_outside_for_one_file_and_many(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """``postmortems`` is a link (committed) to a folder outside the repository: git holds the
    link, not the files. The files' names were resolved by one cache and the log's folders by
    another, which disagreed: checked with 16 files or fewer (the log read by file) a file
    counted as a draft not committed yet, so PM413 said nothing; with more (by folder) the
    files were outside the repository, as the base (PM600) said in both runs. Now both say so."""
    outside = tmp_path / "shared" / "postmortems"
    outside.mkdir(parents=True)
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "notes\n")
    (repo.root / "postmortems").symlink_to(outside)
    repo.commit("Link the shared postmortems")
    for index in range(17):
        (outside / f"pm{index:02d}.yaml").write_text(
            PUBLISHED.replace("2026-03-02-queue", f"2026-03-02-queue-{index:02d}"), encoding="utf-8")
    monkeypatch.chdir(repo.root)
    one = "postmortems/pm00.yaml"
    why = f"the files are outside the repository at {repo.root.resolve()}"
    expected = [
        ("PM413", f"no git evidence for disclosure dates: {why}; relying on the dates in the documents "
                  "(said once per run)"),
        ("PM600", f"history rules (PM6xx) skipped: {why}"),
    ]
    for files in ([one], sorted(f"postmortems/{p.name}" for p in outside.iterdir())):
        _code, diags = check_json("--jobs", "1", *files, capsys=capsys)
        assert [(d["code"], d["message"]) for d in diags
                if d["path"] == one and d["code"] in ("PM413", "PM600")] == expected, len(files)


def test_one_folder_cache_for_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository opened once for a run and the evidence and base read on it resolve each
    folder once, in one cache: a folder named two ways (through a link inside the repository,
    and as it is) is the same folder for the log, the base listing and the files' names."""
    repo = published_repo(tmp_path)
    (repo.root / "current").symlink_to("postmortems")
    monkeypatch.chdir(repo.root)
    paths = ["current/2026-03-02-queue.yaml", PM]
    opened = open_repository(paths)
    evidence = read_evidence(paths, opened)
    base = read_baseline(paths, "HEAD", opened=opened)
    assert evidence._real_folders is opened._real_folders is base.evidence._real_folders
    assert {evidence.relative(p) for p in paths} == {PM}
    assert base.base_paths == {PM: PM}
    assert [c.status for c in evidence.history(paths[0])] == ["A"]
    assert sorted(opened._real_folders) == [str(repo.root / "current"), str(repo.root / "postmortems")]
