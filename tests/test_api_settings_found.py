"""check_text of a named file and validate of a model read from a file use the settings pmkit.check
finds for that file; a text or model that stands for no file, and a Checker, the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit

TEXT = "pmkit: 1\nid: 2026-11-02-api\ntitle: API errors\nstatus: draft\nlang: en\nseverity: SEV3\n"
NOW = "2026-01-01T00:00:00Z"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\nselect = ["PM101"]\n')
    (tmp_path / "postmortems" / "x.yaml").write_text(TEXT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # (found from the file, not from the current folder)
    return tmp_path / "postmortems" / "x.yaml"


def test_check_text_of_a_named_file_uses_the_settings_check_finds(project: Path) -> None:
    assert [d.code for d in pmkit.check([project], now=NOW).diagnostics] == ["PM101"]
    assert [d.code for d in pmkit.check_text(TEXT, project, now=NOW)] == ["PM101"]
    assert [d.code for d in pmkit.check_text(TEXT, str(project), now=NOW)] == ["PM101"]


def test_validate_of_a_model_read_from_a_file_uses_its_settings(project: Path) -> None:
    assert [d.code for d in pmkit.validate(pmkit.load(project), now=NOW)] == ["PM101"]


def test_settings_given_are_used_instead(project: Path) -> None:
    given = pmkit.Config(select=["PM504"])
    assert [d.code for d in pmkit.check_text(TEXT, project, given, now=NOW)] == ["PM504"]
    assert [d.code for d in pmkit.validate(pmkit.load(project), given, now=NOW)] == ["PM504"]


def test_a_text_or_model_of_no_file_and_a_checker_keep_the_defaults(project: Path) -> None:
    assert len([d for d in pmkit.check_text(TEXT, now=NOW) if d.code != "PM027"]) > 1
    assert len([d for d in pmkit.validate(pmkit.loads(TEXT), now=NOW) if d.code != "PM027"]) > 1
    assert len(pmkit.Checker(now=NOW).check_text(TEXT, str(project))) > 1


def test_a_settings_file_with_a_mistake_is_a_config_error(project: Path) -> None:
    (project.parent.parent / "pyproject.toml").write_text('[tool.pmkit]\nselect = ["PM3O1"]\n')
    message = "'select' names 'PM3O1', which matches no rule (did you mean 'PM301'?)"
    model = pmkit.load(project)
    for call in (lambda: pmkit.check_text(TEXT, project), lambda: pmkit.validate(model)):
        with pytest.raises(pmkit.ConfigError) as raised:
            call()
        assert str(raised.value).endswith(f"pyproject.toml:2:11: {message}")
        assert raised.value.path == project.parent.parent / "pyproject.toml"


def test_a_path_with_a_nul_character_is_a_value_error() -> None:
    with pytest.raises(ValueError) as raised:
        pmkit.check_text(TEXT, "x.yaml\x00.md")
    assert str(raised.value) == "'x.yaml\\x00.md': the path contains a NUL character"

