"""A folder walked that holds files under another settings file says so, as files named do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import CLEAN_EXAMPLES, FLAWED_EXAMPLE
from pmkit.cli import main

NOTE = "pmkit: note: one run reads one set of settings"


def _monorepo(folder: Path) -> Path:
    (folder / ".git").mkdir()
    team = folder / "postmortems" / "team-b"
    team.mkdir(parents=True)
    shutil.copy(CLEAN_EXAMPLES[0], folder / "postmortems" / CLEAN_EXAMPLES[0].name)
    shutil.copy(FLAWED_EXAMPLE, team / FLAWED_EXAMPLE.name)
    (team / ".pmkit.toml").write_text('ignore = ["PM7"]\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", [[], ["postmortems"]])
def test_a_walk_that_finds_another_projects_files_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str]) -> None:
    monkeypatch.chdir(_monorepo(tmp_path))
    if not args:
        (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\n', encoding="utf-8")
    main(["check", "--no-hints", *args])
    err = capsys.readouterr().err
    source = tmp_path / ".pmkit.toml"
    used = f"those of {source}" if not args else "the defaults (none found)"
    team = Path("postmortems") / "team-b"
    assert err.startswith(f"{NOTE}, {used}; {team / FLAWED_EXAMPLE.name}, found in postmortems, is under "
                          f"{(tmp_path / team / '.pmkit.toml').resolve()}, which this run does not read"), err
    assert err.count(NOTE) == 1


def test_a_walk_of_the_projects_own_folder_says_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_monorepo(tmp_path))
    main(["check", "--no-hints", "postmortems/team-b"])
    assert NOTE not in capsys.readouterr().err


def test_a_walk_with_the_settings_chosen_says_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_monorepo(tmp_path))
    main(["check", "--no-hints", "--config", "postmortems/team-b/.pmkit.toml", "postmortems"])
    assert NOTE not in capsys.readouterr().err


def test_a_walk_without_nested_settings_says_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_monorepo(tmp_path))
    (tmp_path / "postmortems" / "team-b" / ".pmkit.toml").unlink()
    main(["check", "--no-hints", "postmortems"])
    assert NOTE not in capsys.readouterr().err
