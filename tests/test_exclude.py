"""Files a run leaves out: the ``exclude`` setting and the files git ignores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from history_git import GitRepo, clear_git_env

import pmkit
from helpers import FLAWED_EXAMPLE, GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.config import Config, ConfigError, parse_config
from pmkit.discovery import discover, exclude_problem, excluded_by


@pytest.mark.parametrize(("pattern", "path", "matched"), [
    # A folder named anywhere, or anchored at the settings file's folder.
    ("templates/", "postmortems/templates/t.yaml", True),
    ("templates/", "postmortems/templates.yaml", False),
    ("postmortems/templates/", "postmortems/templates/t.yaml", True),
    ("postmortems/templates/", "docs/postmortems/templates/t.yaml", False),
    ("/archive", "archive/2018/db.yaml", True),
    ("/archive", "postmortems/archive/db.yaml", False),
    ("archive", "postmortems/archive/db.yaml", True),
    # '*' and '?' stay within a name, '**' crosses folders.
    ("*.draft.md", "postmortems/2026/a.draft.md", True),
    ("*.draft.md", "postmortems/a.md", False),
    ("postmortems/*.yaml", "postmortems/a.yaml", True),
    ("postmortems/*.yaml", "postmortems/2024/a.yaml", False),
    ("postmortems/**/old-*.md", "postmortems/old-x.md", True),
    ("postmortems/**/old-*.md", "postmortems/a/b/old-x.md", True),
    ("postmortems/**", "postmortems/a/b.yaml", True),
    ("pm-?.yaml", "postmortems/pm-1.yaml", True),
    ("pm-?.yaml", "postmortems/pm-12.yaml", False),
    ("202[0-2]-*", "postmortems/2021-x.yaml", True),
    ("202[0-2]-*", "postmortems/2023-x.yaml", False),
    ("202[!0-2]-*", "postmortems/2023-x.yaml", True),
    # Outside the settings file's folder, nothing is matched.
    ("*.yaml", "../elsewhere/a.yaml", False),
])
def test_exclude_patterns_read_as_gitignore_lines(tmp_path: Path, pattern: str, path: str,
                                                   matched: bool) -> None:
    root = tmp_path / "repo"
    assert (excluded_by(root / path, [pattern], root) == pattern) is matched


@pytest.mark.parametrize(("value", "message"), [
    (["!postmortems/keep.yaml"], "pyproject.toml: exclude: the pattern '!postmortems/keep.yaml' starts "
     "with '!': a pattern that takes files back (as in .gitignore) is not supported; write the patterns "
     "so that they exclude only what they should"),
    ([" "], "pyproject.toml: exclude: the pattern ' ' is empty, which excludes nothing"),
    (["postmortems\\old"], "pyproject.toml: exclude: the pattern 'postmortems\\\\old' holds a backslash: "
     "write folders with '/', on every system"),
    ([3], "pyproject.toml: 'exclude' must be a list of strings, got the item 3"),
])
def test_an_exclude_pattern_that_cannot_work_is_a_settings_error(value: list[Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config({"exclude": value}, origin="pyproject.toml")
    assert str(raised.value) == message


def test_respect_gitignore_takes_true_or_false() -> None:
    assert parse_config({"respect-gitignore": False}).respect_gitignore is False
    with pytest.raises(ConfigError, match=r"^x: respect-gitignore must be true or false, got 'no'$"):
        parse_config({"respect-gitignore": "no"}, origin="x")
    with pytest.raises(TypeError, match=r"^Config.respect_gitignore must be True or False, not str$"):
        Config(respect_gitignore="no")  # type: ignore[arg-type]
    assert exclude_problem("postmortems/templates/") is None


def _repo(tmp_path: Path) -> GitRepo:
    """A repository with a postmortem that passes, a template full of flaws in a folder of its
    own, and a rendered page in a folder git ignores."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/2018-10-21-database-partition.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    repo.write("postmortems/templates/template.yaml", FLAWED_EXAMPLE.read_text(encoding="utf-8"))
    repo.write("postmortems/.gitignore", "site/\n")
    repo.commit("Postmortems")
    (repo.root / "postmortems" / "site").mkdir()
    shutil.copy(FLAWED_EXAMPLE, repo.root / "postmortems" / "site" / "page.yaml")
    return repo


def _files(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out)["files"], captured.err


def test_a_folder_check_leaves_out_what_exclude_matches_and_what_git_ignores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Before, every YAML file in the folder was checked: the template (exit 1 for its flaws)
    and a page in a folder .gitignore names."""
    repo = _repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    good = "postmortems/2018-10-21-database-partition.yaml"
    assert _files(capsys)[:2] == (1, [good, "postmortems/templates/template.yaml"])
    repo.write("pyproject.toml", '[tool.pmkit]\nexclude = ["postmortems/templates/"]\n')
    assert _files(capsys) == (0, [good], "")
    # With respect-gitignore off, the ignored page is checked again.
    repo.write("pyproject.toml", '[tool.pmkit]\nexclude = ["templates/"]\nrespect-gitignore = false\n')
    assert _files(capsys)[:2] == (1, [good, "postmortems/site/page.yaml"])


def test_a_file_git_ignores_but_tracks_is_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """'git add -f' puts an ignored file in the repository: it is a postmortem like the others."""
    repo = _repo(tmp_path)
    repo.git("add", "-f", "postmortems/site/page.yaml")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    repo.write("pyproject.toml", '[tool.pmkit]\nexclude = ["templates/"]\n')
    assert _files(capsys)[1] == ["postmortems/2018-10-21-database-partition.yaml",
                                 "postmortems/site/page.yaml"]


def test_without_git_every_file_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Outside any repository, or with no git on PATH, git cannot say what it ignores: nothing is
    left out for it (leaving files out is a convenience, never a reason to lose one)."""
    folder = tmp_path / "plain" / "postmortems"
    (folder / "site").mkdir(parents=True)
    shutil.copy(GOOD_EXAMPLE, folder / "a.yaml")
    shutil.copy(GOOD_EXAMPLE, folder / "site" / "b.yaml")
    (folder / ".gitignore").write_text("site/\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    config = Config()
    assert discover([str(folder)], config) == [str(folder / "a.yaml"), str(folder / "site" / "b.yaml")]
    repo = _repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    found = discover([str(repo.root / "postmortems")], config)
    assert [Path(name).relative_to(repo.root).as_posix() for name in found] == [
        "postmortems/2018-10-21-database-partition.yaml", "postmortems/site/page.yaml",
        "postmortems/templates/template.yaml"]


def test_a_named_file_that_is_excluded_is_said_and_not_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A hook names the files of a commit: the template's are left out as the settings say, with
    a line on stderr (shown by pre-commit only when the run fails) instead of silence."""
    repo = _repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    repo.write("pyproject.toml", '[tool.pmkit]\nexclude = ["templates/"]\n')
    good = "postmortems/2018-10-21-database-partition.yaml"
    code, files, err = _files(capsys, good, "postmortems/templates/template.yaml")
    assert (code, files) == (0, [good])
    assert err == ("pmkit: postmortems/templates/template.yaml: not checked: it matches the exclude pattern "
                   f"'templates/' in {repo.root.resolve() / 'pyproject.toml'}\n")


def test_the_other_verbs_and_the_api_leave_out_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    repo.write("pyproject.toml", '[tool.pmkit]\nexclude = ["templates/"]\n')
    assert main(["stats", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["postmortems"]
    assert [row["path"] for row in rows] == ["postmortems/2018-10-21-database-partition.yaml"]
    report = pmkit.check("postmortems", Config(exclude=["templates/"], root=repo.root))
    assert report.files == ["postmortems/2018-10-21-database-partition.yaml"]


def test_a_folder_whose_files_are_all_left_out_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Not "no postmortem files in this folder", which sent the author looking for files that are
    there."""
    repo = _repo(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    repo.write("pyproject.toml", '[tool.pmkit]\nexclude = ["templates/"]\n')
    assert _files(capsys, "postmortems/templates") == (
        0, [], "pmkit: postmortems/templates: its one postmortem file is left out by 'exclude' in the "
        "settings or by .gitignore\n")
    repo.write("postmortems/templates/other.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    assert _files(capsys, "postmortems/templates")[2] == (
        "pmkit: postmortems/templates: all 2 postmortem files in this folder are left out by 'exclude' in "
        "the settings or by .gitignore\n")
