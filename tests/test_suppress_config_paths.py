"""A configured folder that is not there says the setting to correct; a pyproject.toml that names
pmkit only as a string value is another tool's."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from pmkit.cli import main


def test_a_configured_folder_that_is_missing_names_the_setting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["incidents"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: incidents: no such file or folder\n"
        f"pmkit: 'paths' in {tmp_path / 'pyproject.toml'} names a folder that does not exist: create it, "
        "or correct 'paths' (or pass the postmortem files or folders to check)\n")


def test_the_api_says_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pmkit.toml").write_text('paths = ["incidents"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"incidents: no such file or folder; 'paths' in .*"
                       r"\.pmkit\.toml names a folder that does not exist: create it, or correct 'paths'"):
        pmkit.check()


def test_without_paths_set_the_advice_is_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pmkit.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err.endswith(
        "pmkit: pass the postmortem files or folders to check, set 'paths' in [tool.pmkit], or run "
        "'pmkit init' to create postmortems/\n")


@pytest.mark.parametrize("names", ['dependencies = ["pmkit"]', "dependencies = ['pmkit']",
                                   'dependencies = [\n  "pmkit",\n]', 'name = "pmkit"'])
def test_a_broken_pyproject_naming_pmkit_as_a_value_is_another_tools(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        names: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[project]\n{names}\n[tool.black]\nx=\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "pm"]) == 0
    assert "invalid TOML" not in capsys.readouterr().err


@pytest.mark.parametrize("names", ['[tool."pmkit"]', "[tool.'pmkit']", '[tool]\n"pmkit".ignore = []',
                                   'tool = {"pmkit" = {}}', '[ tool . "pmkit" ]'])
def test_a_broken_pyproject_naming_pmkit_as_a_key_is_ours(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        names: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"{names}\n[tool.black]\nx=\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "pm"]) == 2
    assert "invalid TOML" in capsys.readouterr().err
