"""Inputs no earlier round tried: standard error that cannot be written, arguments that are not
UTF-8 text, and API calls given one path where a list was expected. Each ends in the exit code
and message a user relies on, never a traceback or a wrong exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE

DEV_FULL = Path("/dev/full")


def _pmkit(*argv: str, cwd: Path, stderr: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmkit", *argv], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=stderr, text=True, timeout=120, check=False)


@pytest.mark.skipif(not DEV_FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("argv", "code"), [
    (["check", "missing.yaml"], 2),  # a usage error stays one
    (["chek"], 2),  # a mistyped command too
    (["check", "--now", "soon", "pm.yaml"], 2),  # and a settings error
    (["check", "--select", "PM3", "pm.yaml"], 1),  # findings are findings, written on stdout
])
def test_a_full_standard_error_keeps_the_exit_code(tmp_path: Path, argv: list[str], code: int) -> None:
    # Messages that could not be written raised out of pmkit's error report: Python's exit
    # code 1 said "findings" for a file that did not exist.
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(FLAWED_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with DEV_FULL.open("w", encoding="utf-8") as full:
        done = _pmkit(*argv, cwd=tmp_path, stderr=full)
    assert done.returncode == code
    if code == 1:
        assert 'pm.yaml:11:69: PM301 "human error" frames the incident as human error' in done.stdout
