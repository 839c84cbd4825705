"""Hostile and awkward inputs of the eleventh round, through every verb and the API: each ends
in the finding, position and advice (or the clean exit 2 with a message) a user relies on,
never a traceback, a hang, a written file or a position outside the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmkit.cli import main

_HEAD = """\
pmkit: 1
id: 2026-10-02-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV2
owner: payments team lead
"""


def _one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_HEAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


# --- a pyproject.toml that cannot be read -------------------------------------------------------

_WAYS_OUT = ("; pmkit reads its settings from the nearest pyproject.toml with a [tool.pmkit] table and "
             "cannot tell whether this one has it: make it a readable file or remove it, or name the "
             "settings file with --config\n")


@pytest.mark.parametrize(("make", "why"), [
    (lambda path: path.symlink_to(path.parent / "shared" / "pyproject.toml"),
     "a symbolic link to a missing file"),
    (lambda path: path.symlink_to(path), "a symbolic link in a loop (it leads back to itself)"),
    (lambda path: os.mkfifo(path), "is not a regular file (a pipe, socket or device)"),
])
def test_a_pyproject_that_cannot_be_read_is_a_configuration_error_as_a_pmkit_toml_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        make: object, why: str) -> None:
    # A pyproject.toml linked to a share not mounted was passed over in silence: the team's
    # [tool.pmkit] settings were dropped and the run went on with the defaults.
    _one_file(tmp_path, monkeypatch)
    assert callable(make)
    make(tmp_path / "pyproject.toml")
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}: cannot read configuration: {why}"
        + _WAYS_OUT)


def test_a_pyproject_that_cannot_be_read_is_passed_over_with_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _one_file(tmp_path, monkeypatch)
    (tmp_path / "pyproject.toml").symlink_to(tmp_path / "shared" / "pyproject.toml")
    (tmp_path / "pmkit.toml").write_text('select = ["PM101"]\n', encoding="utf-8")
    assert main(["check", "--config", "pmkit.toml", "pm.yaml"]) == 1
    assert "pm.yaml:" in capsys.readouterr().out
