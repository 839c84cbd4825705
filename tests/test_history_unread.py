"""A run of the history rules alone leaves the files that did not change since the base unread.

The repository-wide hook (``pmkit check --repo-wide --select PM600,PM605,PM606``) runs on every
commit and had read, parsed and validated every postmortem of the folders to compare ids: a
second or more on every commit in a folder of 1,000. The history rules report only how a file
changed since its base version, so a file identical to its base version has nothing for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, found, pmkit_json

import pmkit.engine
import pmkit.loader


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int = 5) -> GitRepo:
    clear_git_env(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    for n in range(count - 1):
        text = PUBLISHED.replace("2026-03-02-queue", f"2026-03-{n:02d}-pm")
        repo.write(f"postmortems/pm-{n:02d}.yaml", text)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = pmkit.engine.read_document

    def spy(name: str, **kwargs: Any) -> Any:
        read.append(name)
        return real(name, **kwargs)

    monkeypatch.setattr(pmkit.engine, "read_document", spy)
    return read


def test_only_changed_files_are_read_by_the_history_rules_alone(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, monkeypatch)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    read = _reads(monkeypatch)
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM601", "PM602"])
    assert read == [PM]
    read.clear()
    pmkit_json("--select", "PM0,PM6", "postmortems", capsys=capsys)  # another rule: every file
    assert len(read) == 5


def test_the_repository_wide_hook_reads_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, monkeypatch)
    repo.git("rm", "-q", "postmortems/pm-00.yaml")
    read = _reads(monkeypatch)
    code, diags = pmkit_json("--repo-wide", "--select", "PM600,PM605,PM606", capsys=capsys)
    assert read == []
    assert (code, found(diags)) == (1, [("PM605", 1, 1)])
    assert diags[0]["path"] == "postmortems/pm-00.yaml"


def test_a_new_file_carrying_a_deleted_files_id_is_a_move_also_with_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The ids of the files checked by worker processes stayed in the workers: a published
    postmortem rewritten into a new file under its id was PM606 (moved) and PM605 (deleted,
    "no file carries its id any more") at once."""
    repo = _repo(tmp_path, monkeypatch, count=45)
    for n in range(44):  # every file changed, so that all of them are checked, by two workers
        repo.edit(f"postmortems/pm-{n:02d}.yaml", "owner: messaging lead", "owner: messaging team lead")
    repo.git("rm", "-q", PM)
    repo.write("postmortems/queue-rewritten.yaml", "pmkit: 1\nid: 2026-03-02-queue\ntitle: Queue backlog\n"
               "status: draft\nlang: en\nseverity: SEV2\n")
    repo.git("add", "postmortems/queue-rewritten.yaml")  # not added, the repository would lose the id
    code, diags = pmkit_json("--repo-wide", "--select", "PM600,PM605,PM606", "--jobs", "2", capsys=capsys)
    assert [(d["path"], d["code"]) for d in diags] == [("postmortems/queue-rewritten.yaml", "PM606")]
    assert code == 1


def test_an_unchanged_file_too_large_is_still_read_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, monkeypatch)
    repo.write(".pmkit.toml", "max-file-size = 200\n")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert {(d["path"], d["code"]) for d in diags} == {
        (p, "PM006") for p in [PM, *(f"postmortems/pm-{n:02d}.yaml" for n in range(4))]}


def test_an_unchanged_file_that_does_not_load_is_for_the_other_rules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing in it changed, so the history rules' verdict is complete without reading it;
    a run of any other rule reads it and says that it does not load (docs/history.md)."""
    repo = _repo(tmp_path, monkeypatch)
    repo.write("postmortems/broken.yaml", "pmkit: 1\nid: broken\n  bad: [\n")
    repo.commit("A broken file committed with --no-verify")
    assert pmkit_json("--select", "PM6", "postmortems", capsys=capsys) == (0, [])
    code, diags = pmkit_json("--select", "PM0,PM6", "postmortems", capsys=capsys)
    assert (code, [(d["path"], d["code"]) for d in diags]) == (1, [("postmortems/broken.yaml", "PM001")])
    repo.edit("postmortems/broken.yaml", "id: broken", "id: broken-still")  # changed: read, and said
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert (code, [(d["path"], d["code"]) for d in diags]) == (1, [("postmortems/broken.yaml", "PM001")])


def test_every_file_is_read_when_the_base_has_a_note_to_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A note said once per run (here: no merge base with the base named) is said at a file
    that is read."""
    repo = _repo(tmp_path, monkeypatch)
    repo.git("checkout", "-q", "--orphan", "other")
    repo.git("rm", "-q", "-r", "--cached", ".")
    repo.commit("Unrelated history")
    repo.git("checkout", "-q", "-f", "master" if "master" in repo.git("branch") else "main")
    read = _reads(monkeypatch)
    _, diags = pmkit_json("--select", "PM6", "--base", "other", "postmortems", capsys=capsys)
    assert len(read) == 5
    assert [d["code"] for d in diags] == ["PM600"]
    assert "no merge base of 'other' and HEAD" in diags[0]["message"]


def test_findings_are_the_same_read_or_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Changed, renamed, deleted, new and untouched files: the same findings either way."""
    repo = _repo(tmp_path, monkeypatch, count=8)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.git("mv", "postmortems/pm-01.yaml", "postmortems/renamed.yaml")
    repo.git("rm", "-q", "postmortems/pm-02.yaml")
    repo.edit("postmortems/pm-03.yaml", "status: published", "status: draft")
    repo.write("postmortems/new.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-05-01-new"))
    args = ("--repo-wide", "--select", "PM6", "--base", "HEAD")
    unread = pmkit_json(*args, capsys=capsys)
    monkeypatch.setattr(pmkit.engine.Checker, "_worth_reading", lambda self, files: files)
    read = pmkit_json(*args, capsys=capsys)
    assert unread == read
    assert sorted({d["code"] for d in read[1]}) == ["PM601", "PM602", "PM604", "PM605", "PM606"]


def test_the_id_scan_reads_the_top_level_id_line() -> None:
    text = "pmkit: 1\nid: '2026-03-02-queue'  # the first\n"
    assert pmkit.loader.scanned_id(text) == ("2026-03-02-queue", 2)
    assert pmkit.loader.scanned_id("---\nid: a-b\n---\n# Body\n") == ("a-b", 2)
    assert pmkit.loader.scanned_id("summary: |\n  id: not-this\n") is None


@pytest.mark.parametrize("relative", ["here.yaml", "gone.yaml", "here.yaml/below.yaml", "loop.yaml",
                                      "dangling.yaml", "linked.yaml", "sub", "sub/../here.yaml",
                                      "nul\0.yaml"])
def test_a_listed_file_exists_as_pathlib_says(tmp_path: Path, relative: str) -> None:
    """The base version's listing asks whether each file is still on the disk without making a
    path object of each: the same answer as ``Path.exists`` for every kind of path."""
    from pmkit.history import _exists

    (tmp_path / "here.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "linked.yaml").symlink_to(tmp_path / "here.yaml")
    assert _exists(tmp_path, relative) is (tmp_path / relative).exists()
