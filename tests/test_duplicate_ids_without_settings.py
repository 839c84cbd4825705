"""PM027 compares a file checked alone with the postmortems of the default folder when there is no
settings file, as it does with an empty ``[tool.pmkit]``. Without one the default ``paths``
(``postmortems``) were read from the checked file's own folder: a hook's check of
``postmortems/new.yaml`` compared it with ``postmortems/postmortems/``, which is never there, and
a copy that kept an older postmortem's id passed. The default folder is now read from where a
settings file would be: the top of the git repository, else the current folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.config import load_config

ID = "2018-10-21-database-partition"
SAID = (f"PM027 id '{ID}' is also the id of {{old}} (line 3): a postmortem's id names it in links, pages "
        "and reports, and must be unique in the repository (duplicate-postmortem-id)")


def _repo(root: Path, *, git: bool = True) -> Path:
    (root / "postmortems").mkdir(parents=True)
    if git:
        (root / ".git").mkdir()
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    (root / "postmortems" / "old.yaml").write_text(text, encoding="utf-8")
    (root / "postmortems" / "copy.yaml").write_text(text, encoding="utf-8")  # copied, id kept
    return root


def _pm027(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", "--select", "PM027", "--no-hints", *argv])
    return code, [line for line in capsys.readouterr().out.splitlines() if "PM027" in line]


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "PMKIT_NOW", "PRE_COMMIT"):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize("settings", [None, "[tool.pmkit]\n"])
def test_a_file_checked_alone_is_compared_with_the_default_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        settings: str | None) -> None:
    repo = _repo(tmp_path)
    if settings is not None:
        (repo / "pyproject.toml").write_text(settings, encoding="utf-8")
    monkeypatch.chdir(repo)
    assert _pm027(capsys, "postmortems/copy.yaml") == (
        1, [f"postmortems/copy.yaml:3:5: {SAID.format(old='postmortems/old.yaml')}"])


def test_from_a_folder_below_the_top_and_from_outside_the_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path / "repo")
    monkeypatch.chdir(repo / "postmortems")
    assert _pm027(capsys, "copy.yaml") == (1, [f"copy.yaml:3:5: {SAID.format(old='old.yaml')}"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    copy, old = repo / "postmortems" / "copy.yaml", repo / "postmortems" / "old.yaml"
    assert _pm027(capsys, str(copy)) == (1, [f"{copy}:3:5: {SAID.format(old=old)}"])
    assert load_config(start=copy).root == repo.resolve()


def test_outside_a_repository_the_default_folder_is_the_current_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path, git=False)
    monkeypatch.chdir(root)
    assert _pm027(capsys, os.path.join("postmortems", "copy.yaml")) == (
        1, [f"postmortems/copy.yaml:3:5: {SAID.format(old='postmortems/old.yaml')}"])
    assert load_config(start=root / "postmortems" / "copy.yaml").root == root.resolve()


def test_a_file_with_an_id_of_its_own_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path)
    copy = repo / "postmortems" / "copy.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace(f"id: {ID}", "id: 2018-10-22-copy"),
                    encoding="utf-8")
    monkeypatch.chdir(repo)
    assert _pm027(capsys, "postmortems/copy.yaml") == (0, [])


def test_a_run_given_no_paths_still_reads_the_current_folders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # A team's folder in a monorepo without settings: 'pmkit check' there checks its postmortems/,
    # as before, and PM027 compares them with each other.
    (tmp_path / ".git").mkdir()
    team = _repo(tmp_path / "team", git=False)
    monkeypatch.chdir(team)
    code, lines = _pm027(capsys)
    assert code == 1 and len(lines) == 2 and all(line.startswith("postmortems/") for line in lines)
    assert load_config().root == team.resolve()


def test_a_file_git_ignores_in_the_folder_is_no_duplicate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The folder's ids are read without asking git which files it ignores; it is asked only when
    # one shares an id with a file checked, and an ignored scratch copy is left out, as a check
    # of the folder leaves it out.
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = _repo(tmp_path, git=False)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / ".gitignore").write_text("scratch/\n", encoding="utf-8")
    (repo / "postmortems" / "scratch").mkdir()
    (repo / "postmortems" / "old.yaml").rename(repo / "postmortems" / "scratch" / "old.yaml")
    monkeypatch.chdir(repo)
    assert _pm027(capsys, "postmortems/copy.yaml") == (0, [])
    assert _pm027(capsys, "postmortems/copy.yaml", "postmortems/scratch/old.yaml")[0] == 1  # named: checked
    (repo / ".gitignore").write_text("", encoding="utf-8")
    assert _pm027(capsys, "postmortems/copy.yaml") == (
        1, [f"postmortems/copy.yaml:3:5: {SAID.format(old='postmortems/scratch/old.yaml')}"])
