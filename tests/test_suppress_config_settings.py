"""Settings: a rule's severity given twice, option tables given twice worded right, a severity
that is no string said as TOML writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_placed, settings_error


@pytest.mark.parametrize(("second", "said"), [
    ('human-error = "error"', "3:1: severity.human-error: PM301's severity is given twice "
                              "(by code and by name); keep one"),
    ('pm301 = "error"', "3:1: severity.pm301: PM301's severity is given twice (as 'PM301' and as "
                        "'pm301', the same rule's code written twice); keep one"),
])
def test_a_severity_given_twice_is_refused(tmp_path: Path, second: str, said: str) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, f'[tool.pmkit.severity]\nPM301 = "info"\n{second}\n')
    assert_placed(error, path, said)


def test_one_severity_a_rule_is_read() -> None:
    from pmkit.config import parse_config

    assert parse_config({"severity": {"human-error": "info"}}).severity["PM301"].name == "INFO"


def test_option_tables_given_twice_by_code_are_said_so(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, "[tool.pmkit.rules.PM714]\n[tool.pmkit.rules.pm714]\n")
    assert_placed(error, path, "2:19: rules.pm714: PM714's options are given twice (as 'PM714' and as "
                               "'pm714', the same rule's code written twice); keep one table")


def test_option_tables_given_by_code_and_by_name_are_said_so(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, "[tool.pmkit.rules.PM714]\n[tool.pmkit.rules.overdue-action-item]\n")
    assert_placed(error, path, "2:19: rules.overdue-action-item: PM714's options are given twice "
                               "(by code and by name); keep one table")


@pytest.mark.parametrize(("value", "got"), [("{x=1}", "{'x': 1}"), ("3", "3"), ("true", "true")])
def test_a_severity_that_is_no_string_is_said_as_fail_on_says_it(
        tmp_path: Path, value: str, got: str) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, f"[tool.pmkit.severity]\nPM301 = {value}\n")
    assert_placed(error, path, f'2:9: severity.PM301 must be one severity in quotes: "error", "warning" '
                               f'or "info", got {got}')
