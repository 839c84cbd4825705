"""How many git processes a check starts (a pre-commit hook pays each one on every commit), and
that fewer of them find the same: one ``cat-file --batch`` for the versions of the history and
the base texts, what the index holds read from the rename diff rather than from ``git ls-files``,
and one resolution of each folder for the log, the base and the files' names."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, published_repo
from history_git import pmkit_json as check_json

from pmkit.history import open_repository, read_baseline, read_evidence


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


# --- one cat-file ----------------------------------------------------------------------------------


def test_history_versions_and_base_texts_share_one_cat_file(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The versions of a file's history (``show``) came from gitpython's persistent ``cat-file
    --batch`` and the base texts from a ``cat-file --batch`` of their own: two processes where
    one does. Now both are read through the persistent one."""
    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    started: list[list[str]] = []
    real_init = subprocess.Popen.__init__

    def init(self: subprocess.Popen[Any], args: Any, *more: Any, **options: Any) -> None:
        started.append([str(arg) for arg in args])
        real_init(self, args, *more, **options)

    opened = open_repository([PM])
    monkeypatch.setattr(subprocess.Popen, "__init__", init)
    assert opened.show("HEAD", PM) == PUBLISHED
    base = read_baseline([PM], "HEAD", opened=opened)
    monkeypatch.undo()
    assert base.texts == {PM: PUBLISHED}
    assert [command[1:] for command in started if "cat-file" in command] == [["cat-file", "--batch"]]


def test_forked_process_reads_through_its_own_cat_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The persistent ``cat-file`` now also reads the base texts, so a run that forks worker
    processes has started it before the fork: a worker must not read from the parent's pipes
    (two workers would take each other's answers)."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    base = read_baseline([PM], "HEAD")
    assert base.texts[PM] == PUBLISHED
    parent_reader = base.evidence._reader()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        try:
            text = base.evidence.show("HEAD", PM)
            answer = {"own": base.evidence._reader() is not parent_reader, "same": text == PUBLISHED}
            os.write(write, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = json.loads(pipe.read() or b"{}")
    os.waitpid(pid, 0)
    assert answer == {"own": True, "same": True}
    assert base.evidence.show("HEAD", PM) == PUBLISHED  # the parent's still answers


def test_base_texts_after_the_reader_stopped_are_read_again(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """When the persistent ``cat-file`` no longer answers (it ends at a corrupt object, or was
    killed), the base texts still come, from one ``cat-file --batch`` of their own."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    opened = open_repository([PM])
    reader = opened._reader()
    assert opened.show("HEAD", PM) == PUBLISHED
    reader.cat_file_all.proc.kill()
    reader.cat_file_all.proc.wait()
    spec = f"{opened.head}:{PM}"
    assert opened.blobs([spec]) == {spec: PUBLISHED.encode()}
    assert opened.show("HEAD", PM) == PUBLISHED  # and the history's versions, from a new one


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
