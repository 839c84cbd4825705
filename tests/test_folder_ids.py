"""The ids of the configured folders' postmortems, kept between runs of the command (PM027's
comparison of a hook's one file with the folder): taken from the memo while nothing changed, and
found anew for what did: a file edited, added, removed, a Markdown file that became a
postmortem."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pmkit import folderids, patterncache
from pmkit.discovery import discover
from pmkit.loader import scanned_file_id

KIND = "ids test"


@pytest.fixture
def memo_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A memo file of the command's kind, read anew by each run (a fresh Memo, as a new process
    has), and every file counted as settled (written more than two seconds ago)."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "folder-ids.bin"
    monkeypatch.setattr(patterncache, "memo", lambda name: patterncache.Memo(path))
    monkeypatch.setattr(folderids, "SETTLED_NS", 0)
    return path


class Run:
    """One run of :func:`pmkit.folderids.folder_ids` over ``folder``: what it found and which
    files it read."""

    def __init__(self, folder: Path) -> None:
        read: list[str] = []

        def scan(path: str) -> tuple[str, int] | None:
            read.append(os.path.basename(path))
            return scanned_file_id(path, 1 << 20)

        # folder_ids takes the memo from pmkit.patterncache.memo, as patched: the same Memo
        # object is saved after the run, as the command saves it at exit.
        kept: list[Any] = []
        original = patterncache.memo

        def keep(name: str) -> Any:
            kept.append(original(name))
            return kept[-1]

        patterncache.memo = keep  # type: ignore[assignment]
        try:
            self.found = folderids.folder_ids(
                [str(folder)], lambda given: [os.path.abspath(n) for n in discover(given)], scan, KIND)
        finally:
            patterncache.memo = original  # type: ignore[assignment]
        for memo in kept:
            memo.save()
        self.read = sorted(read)

    @property
    def ids(self) -> list[tuple[str, str]]:
        return sorted((os.path.basename(path), ident) for path, ident, _line in self.found)


def _postmortem(folder: Path, name: str, ident: str) -> None:
    (folder / name).write_text(f"pmkit: 1\nid: {ident}\ntitle: T\n", encoding="utf-8")


@pytest.mark.usefixtures("memo_file")
def test_a_folder_that_did_not_change_is_not_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for n in range(3):
        _postmortem(folder, f"p{n}.yaml", f"id-{n}")
    first = Run(folder)
    assert (first.ids, first.read) == ([("p0.yaml", "id-0"), ("p1.yaml", "id-1"), ("p2.yaml", "id-2")],
                                       ["p0.yaml", "p1.yaml", "p2.yaml"])
    again = Run(folder)
    assert (again.ids, again.read) == (first.ids, [])


@pytest.mark.usefixtures("memo_file")
def test_what_changed_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for n in range(3):
        _postmortem(folder, f"p{n}.yaml", f"id-{n}")
    Run(folder)
    # an edit: only that file is read
    _postmortem(folder, "p1.yaml", "id-copied-and-changed")
    edited = Run(folder)
    assert (edited.ids[1], edited.read) == (("p1.yaml", "id-copied-and-changed"), ["p1.yaml"])
    # a file added, one removed: the folder changed, so it is found anew
    _postmortem(folder, "p3.yaml", "id-3")
    (folder / "p0.yaml").unlink()
    changed = Run(folder)
    assert [name for name, _ in changed.ids] == ["p1.yaml", "p2.yaml", "p3.yaml"]
    assert Run(folder).read == []
    # in a folder inside it
    (folder / "2026").mkdir()
    _postmortem(folder / "2026", "p4.yaml", "id-4")
    assert ("p4.yaml", "id-4") in Run(folder).ids


@pytest.mark.usefixtures("memo_file")
def test_a_markdown_file_that_becomes_a_postmortem_is_found(tmp_path: Path) -> None:
    """A README is no postmortem, so it is not among the files kept; given front matter, it is
    one, in a folder whose listing did not change."""
    folder = tmp_path / "postmortems"
    folder.mkdir()
    _postmortem(folder, "p0.yaml", "id-0")
    readme = folder / "README.md"
    readme.write_text("# Postmortems\n\nOne file each.\n", encoding="utf-8")
    assert Run(folder).ids == [("p0.yaml", "id-0")]
    assert Run(folder).read == []
    readme.write_text("---\npmkit: 1\nid: id-0\ntitle: T\n---\n\n## Summary\n\nS.\n", encoding="utf-8")
    assert Run(folder).ids == [("README.md", "id-0"), ("p0.yaml", "id-0")]


def test_files_changed_in_the_last_seconds_are_read_each_run(
        tmp_path: Path, memo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write within one tick of the file system's clock would leave a file's times as they
    were: what changed in the last two seconds is not taken from the memo."""
    monkeypatch.setattr(folderids, "SETTLED_NS", 10**12)  # (everything here is that recent)
    folder = tmp_path / "postmortems"
    folder.mkdir()
    _postmortem(folder, "p0.yaml", "id-0")
    assert Run(folder).read == ["p0.yaml"]
    assert Run(folder).read == ["p0.yaml"]
    assert not memo_file.exists()  # (the folder itself changed too recently to keep)


def test_the_command_still_finds_a_copied_postmortem(tmp_path: Path) -> None:
    """End to end, with the command's memo: a hook's check of one file, run twice, then again
    after a postmortem was copied with its id: PM027 at the copy's id."""
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for n in range(3):
        _postmortem(folder, f"p{n}.yaml", f"id-{n}")
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PMKIT_CACHE_DIR": str(cache)}
    env.pop("PMKIT_NO_CACHE", None)

    def pm027(name: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM027", "--no-hints",
                               f"postmortems/{name}"], cwd=tmp_path, env=env, capture_output=True,
                              text=True, check=False)
        return [line for line in done.stdout.splitlines() if " PM027 " in line]

    assert pm027("p1.yaml") == pm027("p1.yaml") == []
    (folder / "p9.yaml").write_text((folder / "p1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert pm027("p9.yaml") == [
        "postmortems/p9.yaml:2:5: PM027 id 'id-1' is also the id of postmortems/p1.yaml (line 2): a "
        "postmortem's id names it in links, pages and reports, and must be unique in the repository "
        "(duplicate-postmortem-id)"]


@pytest.mark.usefixtures("memo_file")
def test_a_file_added_to_a_folder_whose_time_is_set_back_is_found(tmp_path: Path) -> None:
    # A copy that keeps times (cp -a, rsync -a, tar) or touch -r sets a folder's modification
    # time back: the file added was hidden from the ids compared. Its change time moved on.
    folder = tmp_path / "postmortems"
    folder.mkdir()
    _postmortem(folder, "a.yaml", "same-id")
    Run(folder)
    before = folder.stat()
    _postmortem(folder, "b.yaml", "same-id")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert folder.stat().st_mtime_ns == before.st_mtime_ns
    again = Run(folder)
    assert again.ids == [("a.yaml", "same-id"), ("b.yaml", "same-id")]
