"""The advice for a missing default folder blames 'paths' only where pmkit's own settings set
it: another tool's ``paths`` in pyproject.toml, or the words inside a string, are not pmkit's."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.cli import main

ADVICE = ("pmkit: pass the postmortem files or folders to check, set 'paths' in [tool.pmkit], or run "
          "'pmkit init' to create postmortems/\n")


@pytest.mark.parametrize(("name", "text"), [
    ("pyproject.toml", '[tool.pmkit]\nfail-on = "error"\n\n[tool.vulture]\npaths = ["src"]\n'),
    ("pyproject.toml", '[tool.vulture]\npaths = ["src"]\n\n[tool.pmkit]\nfail-on = "error"\n'),
    ("pyproject.toml", '[tool.pmkit]\nexclude = [\n  "paths = draft",\n]\n'),
    (".pmkit.toml", 'fail-on = "error"\nexclude = [\n  "paths = draft",\n]\n'),
    (".pmkit.toml", '[tool.pmkit]\nexclude = [\n  "paths = draft",\n]\n'),
])
def test_paths_set_by_no_one_is_not_blamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], name: str, text: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == "pmkit: postmortems: no such file or folder\n" + ADVICE


@pytest.mark.parametrize(("name", "text"), [
    ("pyproject.toml", '[tool.pmkit]\npaths = ["postmortems"]\n\n[tool.vulture]\npaths = ["src"]\n'),
    ("pyproject.toml", '[tool]\npmkit.paths = ["postmortems"]\n'),
    (".pmkit.toml", '"paths" = ["postmortems"]\n'),
    (".pmkit.toml", '[tool.pmkit]\npaths = ["postmortems"]\n'),
])
def test_paths_set_to_the_default_is_still_blamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, text: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: postmortems: no such file or folder\n"
        f"pmkit: 'paths' in {tmp_path / name} names a folder that does not exist: create it, or correct "
        "'paths' (or pass the postmortem files or folders to check)\n")
