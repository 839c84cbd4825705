"""A hook's check of one file compares its id with the configured folder's postmortems, which
the command keeps between runs (the memo ``folder-ids``). In a folder of Markdown postmortems, a
Markdown file that changed made the whole folder be read again, and nothing was kept while one
file was under two seconds old: every commit (the hook's file was just edited) read every file.
A changed Markdown file is now read alone and its entry brought up to date (a postmortem or not,
its id), and a file changed too recently is kept to be read again; the findings are those of a
run without the memo after every kind of edit."""

from __future__ import annotations

import itertools
import os
import types
from pathlib import Path
from typing import Any

import pytest

from pmkit import discovery, folderids, loader, patterncache
from pmkit.cli import main

_TIMES = itertools.count(1_600_000_000)


def _write(path: Path, text: str) -> None:
    """Write ``path`` and give it a modification time of its own, so that two edits within one
    tick of the file system's clock never leave the same stamp."""
    path.write_text(text, encoding="utf-8")
    when = next(_TIMES) * 1_000_000_000
    os.utime(path, ns=(when, when))


def _markdown(path: Path, ident: str) -> None:
    _write(path, f"---\npmkit: 1\nid: {ident}\ntitle: T\n---\n\n## Summary\n\nS.\n")


def _yaml(path: Path, ident: str) -> None:
    _write(path, f"pmkit: 1\nid: {ident}\ntitle: T\n")


def _prose(path: Path) -> None:
    _write(path, "# Notes\n\nHow we write postmortems here.\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose ``postmortems`` folder holds Markdown and YAML postmortems sharing one id,
    a README that is none, and a folder inside it; the current folder."""
    for variable in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "PMKIT_NOW", "PRE_COMMIT", "PMKIT_NO_CACHE"):
        monkeypatch.delenv(variable, raising=False)
    folder = tmp_path / "postmortems"
    (folder / "notes").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    for name in ("a.md", "b.md", "notes/d.md"):
        _markdown(folder / name, "same")
    for name in ("c.yaml", "notes/e.yaml"):
        _yaml(folder / name, "same")
    _prose(folder / "README.md")
    monkeypatch.chdir(tmp_path)
    return folder


class Runs:
    """Runs of ``pmkit check --select PM027`` in the process, with the memo ``folder-ids`` kept
    in a file between them (a fresh memo each run, saved after it, as the command does) or with
    none (as with ``PMKIT_NO_CACHE=1``), counting the files read."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.path = tmp_path / "cache" / "folder-ids.bin"
        self.path.parent.mkdir(mode=0o700)
        self.capsys = capsys
        self.with_memo = True
        self.opened: list[patterncache.Memo] = []
        self.read: list[str] = []
        monkeypatch.setattr(patterncache, "memo", self._memo)
        scan, postmortem = loader.scanned_file_id, discovery.markdown_postmortem

        def scanned(path: str, limit: int) -> Any:
            self.read.append(os.path.relpath(path))
            return scan(path, limit)

        def markdown(path: Path) -> bool:
            self.read.append(os.path.relpath(path))
            return postmortem(path)

        monkeypatch.setattr(loader, "scanned_file_id", scanned)
        monkeypatch.setattr(discovery, "markdown_postmortem", markdown)

    def _memo(self, name: str) -> patterncache.Memo | None:
        if not self.with_memo or name != "folder-ids":
            return None
        self.opened.append(patterncache.Memo(self.path))
        return self.opened[-1]

    def pm027(self, name: str, *, with_memo: bool = True) -> list[str]:
        """The PM027 lines of a check of ``name``; the files read are in ``read``."""
        self.with_memo, self.opened, self.read = with_memo, [], []
        main(["check", "--select", "PM027", "--no-hints", name])
        for memo in self.opened:
            memo.save()
        return [line for line in self.capsys.readouterr().out.splitlines() if " PM027 " in line]

    def both(self, name: str) -> list[str]:
        """The PM027 lines of a check of ``name`` with the memo, once asserted equal to those
        of a run without it; ``read`` holds the files that the run with the memo read."""
        kept, read = self.pm027(name), self.read
        assert kept == self.pm027(name, with_memo=False)
        self.read = read
        return kept


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runs:
    monkeypatch.setattr(folderids, "SETTLED_NS", 0)  # (every file counted as settled)
    return Runs(tmp_path, monkeypatch, capsys)


def _others(lines: list[str]) -> list[str]:
    """What each PM027 line says of the other files with the id: the first, and how many more."""
    return [line.split(" is also the id of ", 1)[1].split(": ", 1)[0] for line in lines]


def test_each_edit_between_runs_finds_what_a_run_without_the_memo_finds(project: Path, runs: Runs) -> None:
    folder = project
    checked = "postmortems/a.md"
    steps = [
        ("nothing changed", lambda: None),
        ("an id changed", lambda: _markdown(folder / "b.md", "other")),
        ("a README gained front matter", lambda: _markdown(folder / "README.md", "same")),
        ("a postmortem lost its front matter", lambda: _prose(folder / "notes" / "d.md")),
        ("it gained it again", lambda: _markdown(folder / "notes" / "d.md", "same")),
        ("an id changed back", lambda: _markdown(folder / "b.md", "same")),
        ("a YAML file's id changed", lambda: _yaml(folder / "c.yaml", "other")),
        ("a file added", lambda: _markdown(folder / "notes" / "f.md", "same")),
        ("a file removed", lambda: (folder / "c.yaml").unlink()),
        ("a file renamed", lambda: (folder / "b.md").rename(folder / "notes" / "bb.md")),
        ("a file replaced by a folder", lambda: ((folder / "README.md").unlink(),
                                                 (folder / "README.md").mkdir())),
        ("a hard link made", lambda: os.link(folder / "notes" / "f.md", folder / "g.md")),
        ("the linked file lost its front matter", lambda: _prose(folder / "notes" / "f.md")),
        ("and gained it again", lambda: _markdown(folder / "notes" / "f.md", "same")),
    ]
    seen: dict[str, list[str]] = {}
    for what, edit in steps:
        edit()
        seen[what] = _others(runs.both(checked))
    first = "postmortems/{} (line {}) and {} more files"
    more = "postmortems/README.md (line 3) and {} more files"
    assert seen == {
        "nothing changed": [first.format("b.md", 3, 3)],
        "an id changed": [first.format("c.yaml", 2, 2)],
        "a README gained front matter": [more.format(3)],  # (found, and named first: the walk's order)
        "a postmortem lost its front matter": [more.format(2)],
        "it gained it again": [more.format(3)],
        "an id changed back": [more.format(4)],
        "a YAML file's id changed": [more.format(3)],
        "a file added": [more.format(4)],
        "a file removed": [more.format(4)],
        "a file renamed": [more.format(4)],
        "a file replaced by a folder": [first.format("notes/bb.md", 3, 3)],
        "a hard link made": [first.format("g.md", 3, 3)],  # (one file, named once: first as walked)
        "the linked file lost its front matter": [first.format("notes/bb.md", 3, 2)],
        "and gained it again": [first.format("g.md", 3, 3)],
    }


def test_a_changed_markdown_file_is_read_alone(project: Path, runs: Runs) -> None:
    for n in range(20):
        _markdown(project / f"p{n:02}.md", f"id-{n}")
    runs.both("postmortems/p00.md")
    assert runs.pm027("postmortems/p00.md") == []
    assert "postmortems/p01.md" not in runs.read  # (nothing of the folder read: all kept)
    _markdown(project / "p05.md", "id-5-edited")
    runs.pm027("postmortems/p05.md")
    assert sorted(set(runs.read)) == ["postmortems/p05.md"]
    _prose(project / "README.md")  # (no postmortem before or after: read to know it, no id scanned)
    runs.pm027("postmortems/p05.md")
    assert sorted(set(runs.read)) == ["postmortems/README.md", "postmortems/p05.md"]
    _markdown(project / "p07.md", "id-5-edited")  # (its id now shared: found)
    assert _others(runs.both("postmortems/p05.md")) == ["postmortems/p07.md (line 3)"]


def test_a_file_changed_in_the_last_seconds_is_kept_to_be_read_again(
        project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rest of the folder is kept while one file is under two seconds old: that one file is
    read on each run until it is older."""
    monkeypatch.setattr(folderids, "SETTLED_NS", 5_000_000_000)
    clock = [os.stat(project).st_ctime_ns + 10_000_000_000]
    monkeypatch.setattr(folderids, "time", types.SimpleNamespace(time_ns=lambda: clock[0]))
    runs.pm027("postmortems/a.md")
    runs.pm027("postmortems/a.md")
    assert "postmortems/b.md" not in runs.read  # (kept)
    edited = project / "b.md"
    _markdown(edited, "other")
    os.utime(edited, ns=(clock[0], clock[0]))  # (changed this very moment)
    for _ in range(2):
        assert _others(runs.both("postmortems/a.md")) == ["postmortems/c.yaml (line 2) and 2 more files"]
        assert sorted(set(runs.read)) == ["postmortems/a.md", "postmortems/b.md"]
    clock[0] += 10_000_000_000  # (now settled: read once more, then kept)
    runs.pm027("postmortems/a.md")
    assert "postmortems/b.md" in runs.read
    runs.pm027("postmortems/a.md")
    assert "postmortems/b.md" not in runs.read


def test_a_markdown_file_in_two_configured_folders_is_found_once(project: Path, runs: Runs) -> None:
    """A folder configured inside another is walked twice; the file that became a postmortem is
    listed once, in the walk's order, as without the memo."""
    (project.parent / "pyproject.toml").write_text(
        '[tool.pmkit]\npaths = ["postmortems/notes", "postmortems"]\n', encoding="utf-8")
    runs.both("postmortems/a.md")
    _markdown(project / "notes" / "c.md", "same")
    _write(project / "notes" / "c.md", "")  # (created, then a settled folder: no postmortem yet)
    runs.both("postmortems/a.md")
    _markdown(project / "notes" / "c.md", "same")
    assert _others(runs.both("postmortems/a.md")) == ["postmortems/notes/c.md (line 3) and 4 more files"]
    assert runs.read.count("postmortems/notes/c.md") == 2  # (found to be one, and its id read)
