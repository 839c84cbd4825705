"""A calendar's text settings given as "" (``country = ""``): taken as not set without a word,
while an empty entry of a list setting is refused; now refused too, at the setting, with what to
write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_placed, settings_error
from pmkit.cli import main
from pmkit.clocks import settings
from pmkit.config import load_config

CASE = """\
id: 2025-02-14-login-outage
title: Login outage
"""

COUNTRY = ("country is empty, which names nothing; write the ISO 3166-1 code of a country the holidays "
           "package knows, such as DE, CH or US, or leave country out")
SUBDIVISION = ("subdivision is empty, which names nothing; write the code of one of the country's "
               "subdivisions (state, canton...), such as BY, or leave subdivision out")
TIMEZONE = ("timezone is empty, which names nothing; write an IANA time zone, such as Europe/Berlin, or "
            "leave timezone out")


@pytest.mark.parametrize(("setting", "said"), [
    ('country = ""', f"2:11: [tool.pmkit.calendar]: {COUNTRY}"),
    ('timezone = ""', f"2:12: [tool.pmkit.calendar]: {TIMEZONE}"),
    ('subdivision = ""', f"2:15: [tool.pmkit.calendar]: {SUBDIVISION}"),
    ('country = "DE"\nsubdivision = ""', f"3:15: [tool.pmkit.calendar]: {SUBDIVISION}"),
])
def test_an_empty_text_of_the_team_calendar_is_refused_at_its_place(
        setting: str, said: str, tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    assert_placed(settings_error(path, f"[tool.pmkit.calendar]\n{setting}\n"), path, said)


def test_an_empty_country_of_a_preset_calendar_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, '[policies.internal.calendar]\ncountry = ""\n')
    assert_placed(error, path, f"2:11: [policies.internal.calendar]: {COUNTRY}")


def test_check_says_so_with_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "2025-02-14-login-outage.yaml").write_text(CASE, encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text('[tool.pmkit.calendar]\ncountry = ""\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}:2:11: [tool.pmkit.calendar]: {COUNTRY}\n")


def test_a_calendar_with_its_texts_set_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.pmkit.calendar]\ncountry = "DE"\nsubdivision = "BY"\ntimezone = "Europe/Berlin"\n',
                    encoding="utf-8")
    assert settings(load_config(path)).calendar.country == "DE"
