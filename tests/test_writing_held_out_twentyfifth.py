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
    text = page.read_text(encoding="utf-8")
    assert text.count("\n# ") + text.startswith("# ") == 1  # one page, not two
    assert main(["check", str(GOOD_EXAMPLE), "--baseline", str(baseline)]) == 0


def test_init_in_a_memory_folder_adds_its_settings_once(
        shm: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    import subprocess

    subprocess.run(["git", "init", "-q", str(shm)], check=True)
    monkeypatch.chdir(shm)
    hooks = "repos:\n  - repo: local\n    hooks: [{id: x, name: x, entry: x, language: system}]\n"
    Path(".pre-commit-config.yaml").write_text(hooks, encoding="utf-8")
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
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        stem: str) -> None:
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


# -- nothing is written into a repository's git folder -------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD_EXAMPLE, tmp_path / "a.yaml")
    return tmp_path


def _tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


INSIDE = ("is inside .git, git's own folder, where writing may damage the repository and whose files git "
          "never commits")
REPORT_NAMES = "the report's file name (pmkit.sarif, pmkit.json, pmkit.txt)"


@pytest.mark.parametrize("target", [".git/HEAD", ".git/index", ".git/config", ".git/pmkit.sarif"])
def test_check_output_into_the_git_folder_is_refused(
        repo: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    before = _tree(repo)
    assert main(["check", "a.yaml", "-o", target]) == 2
    assert capsys.readouterr() == ("", f"pmkit: --output {target} {INSIDE}; give {REPORT_NAMES} outside it\n")
    assert _tree(repo) == before


def test_render_output_and_baseline_into_the_git_folder_are_refused(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(repo)
    assert main(["render", "a.yaml", "-o", ".git/page.md"]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: --output .git/page.md {INSIDE}; give the page's file "
                                       "name (page.html, page.md) outside it\n")
    assert main(["check", "a.yaml", "--write-baseline", ".git/description"]) == 2
    assert capsys.readouterr() == ("", f"pmkit: --write-baseline .git/description {INSIDE}; give the "
                                       "baseline's file name (.pmkit-baseline.json) outside it\n")
    assert main(["check", "a.yaml", "-o", ".git"]) == 2
    assert "names a folder" not in capsys.readouterr().err
    assert _tree(repo) == before


def test_a_link_into_the_git_folder_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink(".git/config", "report.txt")
    before = _tree(repo)
    assert main(["check", "a.yaml", "-o", "report.txt"]) == 2
    assert capsys.readouterr().err.startswith("pmkit: --output report.txt is inside .git, git's own folder")
    assert _tree(repo) == before


def test_new_into_the_git_folder_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(repo)
    assert main(["new", "--title", "X", "--now", "2025-03-01", "--dir", ".git/pm"]) == 2
    assert capsys.readouterr() == ("", f"pmkit new: cannot write .git/pm/2025-03-01-x.yaml: it {INSIDE}; "
                                       "choose another --dir or --output\n")
    assert main(["new", "--title", "X", "--now", "2025-03-01", "-o", ".git/x.yaml"]) == 2
    assert "cannot write .git/x.yaml: it is inside .git" in capsys.readouterr().err
    assert _tree(repo) == before
    assert not (repo / ".git" / "pm").exists()


def test_init_in_the_git_folder_is_refused_and_suggests_no_folder_there(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(repo)
    said = ("is git's own folder of a repository (or has its name, .git), where writing may damage the "
            f"repository and whose files git never commits: run pmkit init in the repository's work tree "
            f"({repo})\n")
    assert main(["init", "--root", ".git"]) == 2
    assert capsys.readouterr() == ("", f"pmkit init: .git {said}")
    monkeypatch.chdir(repo / ".git")
    assert main(["init"]) == 2
    assert capsys.readouterr() == ("", f"pmkit init: . {said}")
    assert main(["init", "--root", "refs"]) == 2
    inside = INSIDE.replace(".git", str(repo / ".git"), 1)
    assert capsys.readouterr() == ("", f"pmkit init: refs {inside}: run pmkit init in the repository's work "
                                       f"tree ({repo})\n")
    monkeypatch.chdir(repo)
    (repo / "sub").mkdir()
    assert main(["init", "--root", "sub", "--dir", "x/.git/pm"]) == 2
    assert capsys.readouterr() == ("", "pmkit init: --dir x/.git/pm is inside .git, git's own folder, whose "
                                       "files git never commits; choose a folder of the work tree (such as "
                                       "postmortems)\n")
    assert _tree(repo) == before
    assert ".git/postmortems" not in capsys.readouterr().err


# -- init sets nothing up in a bare repository -----------------------------------------------------


def test_init_in_a_bare_repository_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    import subprocess

    bare = tmp_path / "b.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    said = (f"pmkit init: the repository at {bare} is set to be bare (core.bare = true), so git gives it no "
            "work tree to read the files in ('git config core.bare false' there, if they are its work "
            "tree); pmkit init sets pmkit up in a work tree, which a bare repository has not: run it in a "
            "clone with a work tree\n")
    assert main(["init", "--root", "b.git"]) == 2
    assert capsys.readouterr() == ("", said)
    monkeypatch.chdir(bare)
    assert main(["init"]) == 2
    assert capsys.readouterr() == ("", said)
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD_EXAMPLE, "a.yaml")
    assert main(["check", "a.yaml", "-o", "b.git/config"]) == 2
    assert capsys.readouterr().err.startswith(
        "pmkit: --output b.git/config is inside b.git, git's own folder")
    assert _tree(tmp_path) == {**before, "a.yaml": GOOD_EXAMPLE.read_bytes()}


# -- --output replaces an empty file or pmkit's own output of its kind, no other file ------------------


FLAWED = GOOD_EXAMPLE.parent / "2025-02-14-login-outage.yaml"
NOT_A_REPORT = ("is a file that is not a pmkit report; writing the report there would replace it, and "
                "pmkit overwrites no other file. Remove it first, or choose another file (pmkit.sarif, "
                "pmkit.json, pmkit.txt).\n")
NOT_A_PAGE = ("is a file that is not a page pmkit rendered; writing the page there would replace it, and "
              "pmkit overwrites no other file. Remove it first, or choose another file (pages end in .md "
              "or .html).\n")


def test_check_and_render_output_do_not_replace_other_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("main.py").write_text("print('hi')\n", encoding="utf-8")
    Path("README.md").write_text("# Team README\n", encoding="utf-8")
    Path("notes.txt").write_text("my notes\n", encoding="utf-8")
    before = _tree(tmp_path)
    for target in ("main.py", "notes.txt", "README.md"):
        assert main(["check", str(GOOD_EXAMPLE), "-o", target]) == 2
        assert capsys.readouterr() == ("", f"pmkit: --output {target} {NOT_A_REPORT}")
    for target in ("README.md", "main.py"):
        assert main(["render", str(GOOD_EXAMPLE), "-o", target]) == 2
        assert capsys.readouterr() == ("", f"pmkit render: --output {target} {NOT_A_PAGE}")
    assert _tree(tmp_path) == before


def test_a_report_of_any_format_is_replaced_by_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    formats = ("text", "json", "sarif", "gitlab", "github")
    for first in formats:
        Path("report").write_text("", encoding="utf-8")  # an empty file is replaced
        assert main(["check", str(GOOD_EXAMPLE), "--format", first, "-o", "report"]) == 0
        for then in formats:  # (a report without findings, then one with)
            assert main(["check", str(FLAWED), "--format", then, "-o", "report"]) == 1, (first, then)
            assert main(["check", str(FLAWED), "--format", first, "-o", "report"]) == 1, (then, first)
    assert "is a file that is not" not in capsys.readouterr().err
    Path("report").write_text("kept\n", encoding="utf-8")  # but no other file
    assert main(["check", str(FLAWED), "-o", "report"]) == 2
    assert capsys.readouterr().err == f"pmkit: --output report {NOT_A_REPORT}"
    assert Path("report").read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_page_is_replaced_by_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path(f"page.{fmt}").write_text("", encoding="utf-8")
    for source in (GOOD_EXAMPLE, GOOD_EXAMPLE.with_name("2024-03-12-zahlungsausfall.yaml"),
                   GOOD_EXAMPLE.with_name("2023-06-05-cache-stampede.md")):
        assert main(["render", str(source), "-o", f"page.{fmt}"]) == 0
    assert capsys.readouterr().err == f"Wrote page.{fmt}\n" * 3
    # a report is no page, nor a page a report
    assert main(["check", str(GOOD_EXAMPLE), "--format", "json", "-o", "r.json"]) == 0
    assert main(["render", str(GOOD_EXAMPLE), "-o", "r.json.md"]) == 0
    os.replace("r.json.md", f"r.{fmt}")
    assert main(["check", str(GOOD_EXAMPLE), "-o", f"r.{fmt}"]) == 2
    assert main(["render", str(GOOD_EXAMPLE), "-o", "r.json"]) == 2


# -- a temporary file that cannot be removed is named ------------------------------------------------


def test_a_temporary_file_left_behind_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that takes new names and keeps them (chattr +a): the rename fails, and so does the
    temporary file's removal, whose error named nothing left behind."""
    import errno

    def refused(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(Path, "unlink", refused)
    assert main(["render", str(GOOD_EXAMPLE), "-o", "p.md"]) == 2
    left = [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(".p.md.")
    assert capsys.readouterr() == ("", "pmkit render: cannot write p.md: Operation not permitted; the "
                                       f"temporary file {left[0]} is left beside it, and could not be "
                                       "removed\n")


@pytest.mark.skipif(shutil.which("chattr") is None or not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs chattr, as root")
def test_an_append_only_folder_names_the_temporary_file_left(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    folder = tmp_path / "kept"
    folder.mkdir()
    if subprocess.run(["chattr", "+a", str(folder)], capture_output=True, check=False).returncode:
        pytest.skip("this file system has no append-only folders")
    try:
        assert main(["check", str(GOOD_EXAMPLE), "-o", str(folder / "r.txt")]) == 2
        left = os.listdir(folder)
    finally:
        subprocess.run(["chattr", "-a", str(folder)], check=True)
    assert len(left) == 1 and left[0].startswith(".r.txt.")
    assert capsys.readouterr().err == (f"pmkit: cannot write the report {folder / 'r.txt'}: Operation "
                                       f"not permitted; the temporary file {left[0]} is left beside it, and "
                                       "could not be removed\n")
