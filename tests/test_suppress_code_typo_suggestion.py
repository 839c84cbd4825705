"""An inline suppression naming a code typed with a letter for a digit ('PM3O1') is told the code
it likely means, as the settings and the command line already were."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import flawed_repo
from pmkit.cli import main


def _repo_with_suppression(folder: Path, selector: str) -> Path:
    flawed_repo(folder)
    pm = folder / "pm.yaml"
    text = pm.read_text(encoding="utf-8")
    assert text.splitlines()[6] == "severity: SEV2"
    pm.write_text(text.replace("severity: SEV2\n", f"severity: SEV2  # pmkit: ignore[{selector}] typo\n", 1),
                  encoding="utf-8")
    return folder


@pytest.mark.parametrize(("typed", "meant"), [
    ("PM3O1", "PM301"),   # the letter O for a zero
    ("PM10l", "PM101"),   # a lower-case L for a one
    ("PM3011", "PM301"),  # a digit typed twice
])
def test_a_code_typo_in_a_suppression_gets_the_code_it_means(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        typed: str, meant: str) -> None:
    monkeypatch.chdir(_repo_with_suppression(tmp_path, typed))
    assert main(["check", "--no-hints", "pm.yaml"]) == 1
    assert (f"pm.yaml:7:17: PM902 suppression names '{typed}', which is not a rule code, prefix or name "
            f"(did you mean '{meant}'?) (unknown-suppression)\n") in capsys.readouterr().out


def test_a_code_no_typo_explains_gets_no_guess(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: 'PM999' is no typo of PM903, in a suppression as in the settings."""
    monkeypatch.chdir(_repo_with_suppression(tmp_path, "PM999"))
    assert main(["check", "--no-hints", "pm.yaml"]) == 1
    assert ("pm.yaml:7:17: PM902 suppression names 'PM999', which is not a rule code, prefix or name "
            "(unknown-suppression)\n") in capsys.readouterr().out
