"""A ``pyproject.toml`` that is no TOML is a configuration error, at its line and column, whenever
it could hold pmkit's settings: whenever ``pmkit`` is written in it as a key, however TOML lets
it be written. Only the literal text ``tool.pmkit`` counted: ``[tool."pmkit"]``, ``[ tool . pmkit ]``
or ``[tool]`` with ``pmkit.ignore = ...`` was passed over in silence, and the run went on with
the defaults. One that names no pmkit (another tool's file, broken) is passed over still: mended,
it would hold no pmkit settings either."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, postmortem_folder
from pmkit.cli import main
from pmkit.config import find_config


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return postmortem_folder(tmp_path, monkeypatch, "a.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "said"), [
    ('[tool."pmkit"]\nignore = ["PM114"\n', "3:1: invalid TOML: Unclosed array (at end of document)"),
    ("[tool.'pmkit']\nignore = \n", "2:10: invalid TOML: Invalid value"),
    ('[ tool . pmkit ]\nignore = \n', "2:10: invalid TOML: Invalid value"),
    ('[tool]\npmkit.ignore = ["PM114"]\n\n[tool.black\n', "4:12: invalid TOML: Expected ']' at the end of a "
     "table declaration"),
    ('[tool.black]\nline-length = [\n\n[tool]\n"pmkit".ignore = ["PM114"]\n',
     "4:2: invalid TOML: Invalid value"),
    ('tool = {pmkit = {ignore = ["PM114"]}\n', "1:37: invalid TOML: Unclosed inline table"),
    ('[tool."pm\\u006bit"]\nignore = \n', "2:10: invalid TOML: Invalid value"),
    ("[tool.pmkt]\nignore = \n", "2:10: invalid TOML: Invalid value"),  # misspelt: said once it parses
])
def test_a_broken_pyproject_that_could_hold_pmkit_settings_is_a_configuration_error(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    (repo / "pyproject.toml").write_text(text, encoding="utf-8")
    assert main(["check", "postmortems", "--select", "PM0"]) == 2
    assert capsys.readouterr() == ("", f"pmkit: configuration error: {repo / 'pyproject.toml'}:{said}\n")
    assert find_config(repo / "postmortems") == repo / "pyproject.toml"


@pytest.mark.parametrize("codec", ["utf-16", "latin-1"])
def test_one_that_is_not_utf8_is_read_for_the_name_too(
        repo: Path, capsys: pytest.CaptureFixture[str], codec: str) -> None:
    text = '[project]\nname = "café"\n\n[tool]\n"pmkit".ignore = []\n'
    (repo / "pyproject.toml").write_bytes(text.encode(codec))
    assert main(["check", "postmortems", "--select", "PM0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pmkit: configuration error: {repo / 'pyproject.toml'}") and "UTF-8" in err


@pytest.mark.parametrize("text", [
    "[tool.black\nline-length = 100\n",
    '[project]\ndependencies = ["pmkit>=0.1"]\n\n[tool.black]\nline-length = [\n',
    "[tool.black]\nline-length = [\n# pmkit: see docs/authoring.md\n",  # a comment holds no settings
    '[tool.black]\ntext = """\n[tool.pmkit]\n"""\nx = \n',  # nor does a string
])
def test_another_tools_broken_pyproject_is_passed_over(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    (repo / "pyproject.toml").write_text(text, encoding="utf-8")
    assert find_config(repo / "postmortems") is None
    assert main(["check", "postmortems", "--select", "PM0"]) == 0
    assert "configuration error" not in capsys.readouterr().err
