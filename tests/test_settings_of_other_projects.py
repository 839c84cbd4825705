"""One run reads one set of settings, found from its first file. Files of another project with
settings of its own (a monorepo's teams, each with a .pmkit.toml), given to the same run, were
checked with the first's calendar, policies and lexicon in silence: the run now says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main

NOTE = ("pmkit: note: one run reads one set of settings, those of {root}/a/.pmkit.toml, found from "
        "a/postmortems/x.yaml; b/postmortems/y.yaml is under {root}/b/.pmkit.toml, which this run "
        "does not read (check each project's files in a run of their own, or choose the settings "
        "with --config)\n")


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    for team, extra in (("a", ""), ("b", '[tool.pmkit.calendar]\ncountry = "DE"\n')):
        (tmp_path / team / "postmortems").mkdir(parents=True)
        (tmp_path / team / ".pmkit.toml").write_text(f'[tool.pmkit]\npaths = ["postmortems"]\n{extra}')
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "a" / "postmortems" / "x.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "postmortems" / "z.yaml").write_text(text.replace("id: 2018-10-21", "id: 2018-10-22"),
                                                           encoding="utf-8")
    (tmp_path / "b" / "postmortems" / "y.yaml").write_text(text.replace("id: 2018-10-21", "id: 2018-10-23"),
                                                           encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_file_under_other_settings_is_named(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "PM0", "a/postmortems/x.yaml", "a/postmortems/z.yaml",
                 "b/postmortems/y.yaml"]) == 0
    assert capsys.readouterr().err == NOTE.format(root=monorepo.resolve())


@pytest.mark.parametrize("args", [
    ["a/postmortems/x.yaml", "a/postmortems/z.yaml"],  # one project's files
    ["--config", "a/.pmkit.toml", "a/postmortems/x.yaml", "b/postmortems/y.yaml"],  # chosen
])
def test_files_of_one_project_or_chosen_settings_say_nothing(
        monorepo: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(["check", "--select", "PM0", *args]) == 0
    assert capsys.readouterr().err == ""


def test_a_missing_file_is_not_named(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "PM0", "a/postmortems/x.yaml", "b/postmortems/typo.yaml"]) == 2
    err = capsys.readouterr().err
    assert "one run reads one set of settings" not in err and "typo.yaml" in err
