"""The verbs that write (new, init, render -o, check -o, --write-baseline) replace a user's file
atomically wherever it is, keep its owner, take any legal name, and write nothing into git's
own folder or over a file that is not theirs to replace."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.fsutil import is_stream

SHM = Path("/dev/shm")


@pytest.fixture
def shm() -> Iterator[Path]:
    """A folder of its own in the memory file system (a tmpfs under /dev), removed afterwards."""
    if not SHM.is_dir() or not os.access(SHM, os.W_OK):
        pytest.skip("needs a writable /dev/shm")
    folder = SHM / f"pmkit-test-{uuid.uuid4().hex}"
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- a file under /dev or /proc is a file: replaced, not appended to ------------------------------


def test_a_file_in_a_memory_folder_is_no_stream(shm: Path) -> None:
    (shm / "pm.yaml").write_text("x", encoding="utf-8")
    assert not is_stream(shm / "pm.yaml")
    assert not is_stream(shm / "missing.yaml")
    assert not is_stream(shm)
    assert is_stream("/dev/null")
    assert is_stream("/dev/stdout")
    assert is_stream("/dev/fd/1")
    assert is_stream("/proc/self/fd/2")


def test_fifo_is_a_stream(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert is_stream(tmp_path / "pipe")


def test_new_refuses_an_existing_postmortem_in_a_memory_folder(
        shm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = shm / "pm.yaml"
    shutil.copy(GOOD_EXAMPLE, target)
    before = target.read_bytes()
    assert main(["new", "--title", "X", "--now", "2025-03-01", "-o", str(target)]) == 2
    assert capsys.readouterr().err == (f"pmkit new: {target} already exists; not overwriting it. Choose "
                                       "another --title, --date or --output.\n")
    assert target.read_bytes() == before


def test_new_through_proc_self_cwd_refuses_an_existing_postmortem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/proc/self/cwd").is_dir():
        pytest.skip("needs /proc/self/cwd")
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD_EXAMPLE, "keep.yaml")
    before = Path("keep.yaml").read_bytes()
    assert main(["new", "--title", "Y", "--now", "2025-03-01", "-o", "/proc/self/cwd/keep.yaml"]) == 2
    assert "keep.yaml already exists; not overwriting it." in capsys.readouterr().err
    assert Path("keep.yaml").read_bytes() == before


def test_outputs_in_a_memory_folder_are_replaced_and_their_folders_made(
        shm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report, baseline, page = shm / "r.json", shm / "bl.json", shm / "missing" / "p.md"
    for _ in range(2):
        assert main(["check", str(GOOD_EXAMPLE), "--format", "json", "-o", str(report)]) == 0
        assert main(["check", str(GOOD_EXAMPLE), "--write-baseline", str(baseline)]) == 0
        assert main(["render", str(GOOD_EXAMPLE), "-o", str(page)]) == 0
    capsys.readouterr()
    json.loads(report.read_text(encoding="utf-8"))
    json.loads(baseline.read_text(encoding="utf-8"))
    assert page.read_text(encoding="utf-8").count("\n# ") + page.read_text(encoding="utf-8").startswith("# ") == 1
    assert main(["check", str(GOOD_EXAMPLE), "--baseline", str(baseline)]) == 0


def test_init_in_a_memory_folder_adds_its_settings_once(
        shm: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    import subprocess

    subprocess.run(["git", "init", "-q", str(shm)], check=True)
    monkeypatch.chdir(shm)
    Path(".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks: [{id: x, name: x, entry: x, language: system}]\n", encoding="utf-8")
    Path("pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert main(["init"]) == 0
    assert Path("pyproject.toml").read_text(encoding="utf-8").count("[project]") == 1
    assert Path(".pre-commit-config.yaml").read_text(encoding="utf-8").count("repos:") == 1
    capsys.readouterr()
    assert main(["init"]) == 0
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"


# -- a legal name of 242 to 255 bytes is written: the temporary file's name is cut to fit --------


@pytest.mark.parametrize("stem", ["x" * 245, "é" * 124])
def test_a_long_legal_name_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stem: str) -> None:
    monkeypatch.chdir(tmp_path)
    page, report, draft = f"{stem}.md", f"{stem[:-1]}r.txt", f"{stem}.yaml"
    assert len(os.fsencode(page)) > 241 and len(os.fsencode(draft)) <= 255
    assert main(["render", str(GOOD_EXAMPLE), "-o", page]) == 0
    assert capsys.readouterr() == ("", f"Wrote {page}\n")
    assert main(["check", str(GOOD_EXAMPLE), "-o", report]) == 0
    assert main(["new", "--title", "X", "--now", "2025-03-01", "-o", draft]) == 0
    capsys.readouterr()
    assert Path(page).read_text(encoding="utf-8").startswith("# ")
    assert Path(report).exists()
    assert "title: X" in Path(draft).read_text(encoding="utf-8")
    assert sorted(os.listdir(tmp_path)) == sorted([page, report, draft])  # no temporary file left
    # and again, replacing what is there
    assert main(["render", str(GOOD_EXAMPLE), "-o", page]) == 0
    assert sorted(os.listdir(tmp_path)) == sorted([page, report, draft])


# -- a file replaced keeps its owner and group (where the process may give them) ---------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="gives a file away: root only")
def test_a_replaced_file_keeps_its_owner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    Path("page.md").write_text("", encoding="utf-8")
    for name in ("pyproject.toml", "page.md"):
        os.chown(name, 1234, 2345)
        os.chmod(name, 0o664)
    assert main(["init"]) == 0
    assert main(["render", str(GOOD_EXAMPLE), "-o", "page.md"]) == 0
    capsys.readouterr()
    assert "[tool.pmkit]" in Path("pyproject.toml").read_text(encoding="utf-8")
    assert Path("page.md").read_text(encoding="utf-8").startswith("# ")
    for name in ("pyproject.toml", "page.md"):
        info = os.stat(name)
        assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (1234, 2345, 0o664)
