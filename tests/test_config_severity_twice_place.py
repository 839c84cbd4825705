"""A rule's severity, or its table of options, given twice under two names is said at the second
key, the one that repeats the rule: the severity was said at the second key's value (the column
of ``"error"``), where nothing is wrong, and an inline table of options at its ``{``."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, postmortem_folder
from pmkit.cli import main


def _check_with(settings: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``pmkit check`` in a repository whose pyproject.toml holds ``settings``: its exit code,
    output and error output."""
    repo = postmortem_folder(tmp_path, monkeypatch, "good.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    (repo / "pyproject.toml").write_text(settings, encoding="utf-8")
    code = main(["check"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("settings", "place", "said"), [
    ('[tool.pmkit.severity]\nPM301 = "info"\nhuman-error = "error"\n', "3:1",
     "severity.human-error: PM301's severity is given twice (by code and by name); keep one"),
    ('[tool.pmkit.severity]\nPM301 = "info"\npm301 = "error"\n', "3:1",
     "severity.pm301: PM301's severity is given twice (as 'PM301' and as 'pm301', the same rule's code "
     "written twice); keep one"),
    ('[tool.pmkit]\nseverity.PM301 = "info"\nseverity.human-error = "error"\n', "3:10",
     "severity.human-error: PM301's severity is given twice (by code and by name); keep one"),
    ('[tool.pmkit]\nseverity = { PM301 = "info", human-error = "error" }\n', "2:30",
     "severity.human-error: PM301's severity is given twice (by code and by name); keep one"),
    # (a key TOML quotes, which the message's words did not lead back to: it had no place)
    ('[tool.pmkit.severity]\nPM301 = "info"\n" pm301" = "error"\n', "3:1",
     "severity. pm301: PM301's severity is given twice (as 'PM301' and as ' pm301', the same rule's code "
     "written twice); keep one"),
])
def test_a_severity_given_twice_is_said_at_the_second_key(
        settings: str, place: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _check_with(settings, tmp_path, monkeypatch, capsys)
    assert (code, out, err) == (2, "", f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}:{place}: "
                                       f"{said}\n")


_OPTIONS_TWICE = ("rules.{key}: PM714's options are given twice (as 'PM714' and as 'pm714', the same rule's "
                  "code written twice); keep one table")


@pytest.mark.parametrize(("settings", "place"), [
    # the header's name, as an unknown rule's table is said there, not its '['
    ("[tool.pmkit.rules.PM714]\n[tool.pmkit.rules.pm714]\n", "2:19"),
    ("[tool.pmkit.rules]\nPM714 = {}\npm714 = {}\n", "3:1"),  # not its '{'
    ("[tool.pmkit.rules]\nPM714.grace_days = 3\npm714.grace_days = 4\n", "3:1"),
])
def test_options_given_twice_are_said_at_the_second_key(
        settings: str, place: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _check_with(settings, tmp_path, monkeypatch, capsys)
    assert (code, out, err) == (2, "", f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}:{place}: "
                                       f"{_OPTIONS_TWICE.format(key='pm714')}\n")


def test_a_severity_given_twice_in_the_short_form_is_said_at_the_second_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = postmortem_folder(tmp_path, monkeypatch, "good.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    (repo / ".pmkit.toml").write_text('[severity]\nPM301 = "info"\nhuman-error = "error"\n', encoding="utf-8")
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}:3:1: severity.human-error: PM301's severity "
        "is given twice (by code and by name); keep one\n")
