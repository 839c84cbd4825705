"""The root of the file system named as the folder to check ('pmkit check /', paths = ["/"]):
the walk read every folder of the machine for minutes without a word; refused at once (exit 2),
with the folder of postmortems to name instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_placed, settings_error
from pmkit.cli import main
from pmkit.discovery import is_file_system_root

ROOT = ("is the root of the file system, which pmkit does not search for postmortems: name the folder of "
        "postmortems instead (e.g. 'postmortems')")
SETTING = ("is the root of the file system, which pmkit does not search for postmortems; name the folder "
           'of postmortems instead (e.g. "postmortems")')
CASE = "id: 2025-02-14-login-outage\ntitle: Login outage\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "2025-02-14-login-outage.yaml").write_text(CASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    return tmp_path


@pytest.mark.parametrize("verb", ["check", "due", "stats"])
@pytest.mark.parametrize("root", ["/", "/.."])
def test_the_root_named_on_the_command_line_is_refused(
        verb: str, root: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([verb, root]) == 2
    assert capsys.readouterr().err == f"pmkit: {root}: {ROOT}\n"


@pytest.mark.parametrize(("written", "said"), [
    ('["/"]', f"2:10: paths: '/' {SETTING}"),
    ('["postmortems", "/.."]', f"2:25: paths: '/..' {SETTING}"),
])
def test_the_root_in_the_settings_is_refused_at_its_place(written: str, said: str, project: Path) -> None:
    path = project / "pyproject.toml"
    assert_placed(settings_error(path, f"[tool.pmkit]\npaths = {written}\n"), path, said)


def test_a_run_given_its_files_is_refused_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Given its files, a run still walked the configured folders, for the ids to compare."""
    (project / ".pmkit.toml").write_text('paths = ["/"]\n', encoding="utf-8")
    assert main(["check", "postmortems"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {project / '.pmkit.toml'}:1:10: paths: '/' {SETTING}\n")


def test_only_the_root_is_refused(project: Path) -> None:
    assert is_file_system_root("/") and is_file_system_root("/..")
    assert not is_file_system_root(project) and not is_file_system_root("postmortems")
    assert main(["check", "postmortems"]) == 1  # (its findings: a folder below the root is checked)


def test_render_says_of_the_root_what_it_says_of_any_folder(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "/"]) == 2
    assert capsys.readouterr().err == "pmkit render: /: is a folder; render takes one postmortem file\n"
