"""Base versions taken from the disk (pmkit.history._same_on_disk): in a run of many files, a
checked file whose bytes hash to the object id the base's listing gives its version, an object
git has, is that version, not read from git again. What the base says must be what reading
every version from git says: the same texts, the same unreadable and not-text versions, the
same findings, in a SHA-1 and a SHA-256 repository, with files git converts and objects lost."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from history_git import GitRepo, clear_git_env, many_published, pmkit_json

from pmkit import history
from pmkit.history import PERSISTENT_BLOBS, open_repository, read_baseline

MANY = PERSISTENT_BLOBS + 6


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def _repo(root: Path, *init: str) -> tuple[GitRepo, list[str]]:
    """A repository of MANY published postmortems, committed (made by ``git init`` with ``init``)."""
    if init:
        root.mkdir(parents=True)
        subprocess.run(["git", "init", "-q", *init, str(root)], check=True)
    return many_published(root, MANY)


def _bases(repo: GitRepo, names: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The base as read (taking what it can from the disk), and as read all from git."""
    monkeypatch.chdir(repo.root)
    taken = read_baseline(names, "HEAD", opened=open_repository(names))
    with monkeypatch.context() as patched:
        patched.setattr(history, "_same_on_disk", lambda evidence, files: {})
        read = read_baseline(names, "HEAD", opened=open_repository(names))
    return taken, read


def _same(taken: Any, read: Any) -> None:
    for name in ("problem", "notes", "base_paths", "texts", "deleted", "listing", "unreadable", "not_text",
                 "not_downloaded", "moved", "untracked"):
        assert getattr(taken, name) == getattr(read, name), name


def _read_from_git(monkeypatch: pytest.MonkeyPatch, repo: GitRepo, names: list[str]) -> list[str]:
    """The versions a read of the base asks git for, and whether it asked which objects git has."""
    asked: list[str] = []
    real_blobs, real_present = history.GitEvidence.blobs, history.GitEvidence.objects_present

    def blobs(self: Any, specs: list[str]) -> Any:
        asked.extend(spec.split(":", 1)[1] for spec in specs)
        return real_blobs(self, specs)

    def objects_present(self: Any, ids: Any) -> Any:
        ids = set(ids)
        asked.append(f"objects of {len(ids)}")
        return real_present(self, ids)

    monkeypatch.chdir(repo.root)
    with monkeypatch.context() as patched:
        patched.setattr(history.GitEvidence, "blobs", blobs)
        patched.setattr(history.GitEvidence, "objects_present", objects_present)
        read_baseline(names, "HEAD", opened=open_repository(names))
    return asked


def _as_read_from_git(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                      select: str) -> tuple[int, list[Any]]:
    """The repository-wide check of the rules ``select`` here: what it finds, which must be what
    it finds with every base version read from git."""
    args = ["--jobs", "1", "--repo-wide", "--select", select]
    found = pmkit_json(*args, capsys=capsys)
    with monkeypatch.context() as patched:
        patched.setattr(history, "_same_on_disk", lambda evidence, files: {})
        assert pmkit_json(*args, capsys=capsys) == found
    return found


@pytest.mark.parametrize("init", [(), ("--object-format=sha256",)], ids=["sha1", "sha256"])
def test_files_as_committed_are_their_base_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    init: tuple[str, ...]) -> None:
    repo, names = _repo(tmp_path / "repo", *init)
    repo.write(names[0], repo.read(names[0]) + "# edited\n")
    taken, read = _bases(repo, names, monkeypatch)
    _same(taken, read)
    assert taken.texts[names[1]] == repo.read(names[1])
    assert taken.texts[names[0]] == repo.read(names[0]).removesuffix("# edited\n")
    # Only the edited file's version is read from git; the others' objects are only looked up
    # (every listed version's, asked for while the files are hashed).
    assert _read_from_git(monkeypatch, repo, names) == [f"objects of {MANY}", names[0]]


def test_a_lost_object_is_read_from_git_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file as committed whose object git lost (a corrupt repository) is no version read from
    the disk: git is asked, and its failure is told as before."""
    repo, names = _repo(tmp_path / "repo")
    blob = repo.git("rev-parse", f"HEAD:{names[2]}").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    taken, read = _bases(repo, names, monkeypatch)
    _same(taken, read)
    assert taken.problem is not None or taken.texts.get(names[2]) is None


def test_files_git_converts_are_read_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked out with CR LF (``core.autocrlf``), a byte order mark added, or a file replaced by
    a link to one with the same text: the bytes on the disk are not the version's, which git gives."""
    repo, names = _repo(tmp_path / "repo")
    crlf = names[1]
    (repo.root / crlf).write_bytes(repo.read(crlf).replace("\n", "\r\n").encode("utf-8"))
    bom = names[2]
    (repo.root / bom).write_bytes(b"\xef\xbb\xbf" + repo.read(bom).encode("utf-8"))
    linked = names[3]
    (repo.root / "elsewhere.yaml").write_text(repo.read(linked), encoding="utf-8")
    (repo.root / linked).unlink()
    os.symlink("../elsewhere.yaml", repo.root / linked)
    taken, read = _bases(repo, names, monkeypatch)
    _same(taken, read)
    for name in (crlf, bom):
        assert taken.texts[name] == repo.git("show", f"HEAD:{name}")
    assert set(_read_from_git(monkeypatch, repo, names)) >= {crlf, bom}


def test_a_link_in_the_base_is_no_file_on_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version that is a symbolic link (mode 120000) holds the link's target, not a file's bytes:
    never taken from the disk, even when the file there holds that text."""
    repo, names = _repo(tmp_path / "repo")
    (repo.root / names[4]).unlink()
    os.symlink("pm000.yaml", repo.root / names[4])
    repo.commit("A link")
    (repo.root / names[4]).unlink()
    (repo.root / names[4]).write_text("pm000.yaml", encoding="utf-8")  # the link's target, as text
    repo.git("add", names[4])
    taken, read = _bases(repo, names, monkeypatch)
    _same(taken, read)
    assert f"{taken.sha}:{names[4]}" not in taken.evidence.blob_ids


def test_the_repository_wide_hook_finds_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The history hook of a repository where one published postmortem changed a fact without
    a correction (PM601), one was deleted (PM605), and the rest are as committed."""
    repo, names = _repo(tmp_path / "repo")
    repo.edit(names[5], "customers_affected: 40", "customers_affected: 400")
    (repo.root / names[6]).unlink()
    monkeypatch.chdir(repo.root)
    found = _as_read_from_git(monkeypatch, capsys, "PM600,PM601,PM605,PM606")
    assert found[0] == 1
    assert {(d["code"], d["path"]) for d in found[1]} >= {("PM601", names[5]), ("PM605", names[6])}


def test_a_file_over_the_size_limit_is_read_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The history hook leaves unread the files that are their base versions; one larger than
    ``max-file-size`` is not among them, even as committed: reading it says it is too large."""
    repo, names = _repo(tmp_path / "repo")
    big = names[7]
    repo.write(big, repo.read(big) + "# padding\n" * 400)
    repo.commit("A long postmortem")
    size = (repo.root / big).stat().st_size
    (repo.root / "pyproject.toml").write_text(f"[tool.pmkit]\nmax-file-size = {size - 1}\n", encoding="utf-8")
    monkeypatch.chdir(repo.root)
    found = _as_read_from_git(monkeypatch, capsys, "PM600,PM605,PM606")
    assert [(d["path"], d["code"]) for d in found[1]] == [(big, "PM006")]  # (file-too-large)
