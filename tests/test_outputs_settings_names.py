"""The writing verbs (``new -o``, ``render -o``, ``check -o``, ``check --write-baseline``)
write no file under a settings file's name, existing or not: a page, report, draft or baseline
written as a new ``.pmkit.toml`` or ``pyproject.toml`` became the settings of every later run in
its folder, which then stopped at a configuration error (exit 2), the run that would have
replaced it too."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, postmortem_folder
from pmkit.cli import main

SAID = ": later runs in its folder would read the file written there as their settings; give "
PAGE = "the page's file name (page.html, page.md)"
REPORT = "the report's file name (pmkit.sarif, pmkit.json, pmkit.txt)"
BASELINE = "the baseline's file name (.pmkit-baseline.json)"
DRAFT = "the draft's file name (2026-03-02-disk-full.yaml)"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository without settings, holding one good postmortem."""
    return postmortem_folder(tmp_path, monkeypatch, "a.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))


def _tree(root: Path) -> dict[str, bytes | None]:
    return {path.relative_to(root).as_posix(): path.read_bytes() if path.is_file() else None
            for path in root.rglob("*") if ".git" not in path.parts}


def _runs(target: str) -> list[tuple[list[str], str, str]]:
    """Each writing verb with ``target`` as its file: the command, its stderr's start, and what
    it asks for instead."""
    return [
        (["render", "postmortems/a.yaml", "-o", target], f"pmkit render: --output {target}", PAGE),
        (["check", "postmortems", "--format", "json", "-o", target], f"pmkit: --output {target}", REPORT),
        (["check", "postmortems", "--write-baseline", target], f"pmkit: --write-baseline {target}", BASELINE),
        (["new", "Disk full", "--date", "2026-03-02", "-o", target], f"pmkit new: --output {target}", DRAFT),
    ]


@pytest.mark.parametrize("target", [".pmkit.toml", "pyproject.toml", "reports/pyproject.toml",
                                    "postmortems/.pmkit.toml", "PyProject.toml"])
def test_no_verb_writes_a_new_file_under_a_settings_files_name(
        repo: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    before = _tree(repo)
    name = Path(target).name
    for argv, head, instead in _runs(target):
        assert main(argv) == 2, argv
        assert capsys.readouterr() == ("", f"{head} is the name of a settings file ({name}){SAID}{instead}\n")
        assert _tree(repo) == before, argv  # no file written, no folder made
    # and every run in the folder still reads no settings
    assert main(["check", "postmortems", "--select", "PM0"]) == 0


def test_a_link_to_a_settings_files_name_is_refused_too(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Written through the link, the page would have made pyproject.toml.
    (repo / "page.md").symlink_to("pyproject.toml")
    before = _tree(repo)
    for argv, head, instead in _runs("page.md")[:3]:  # (new writes over no existing name, a link too)
        assert main(argv) == 2, argv
        assert capsys.readouterr().err == (f"{head} is a symbolic link to pyproject.toml, the name of a "
                                           f"settings file{SAID}{instead}\n")
    assert _tree(repo) == before and not (repo / "pyproject.toml").exists()


def test_an_existing_settings_file_is_kept_by_every_verb(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = '[tool.pmkit]\nignore = ["PM114"]\n'
    (repo / "pyproject.toml").write_text(settings, encoding="utf-8")
    (repo / "tools").mkdir()
    (repo / "tools" / ".pmkit.toml").write_text("", encoding="utf-8")  # empty: settings all the same
    before = _tree(repo)
    for target in ("pyproject.toml", "tools/.pmkit.toml"):
        assert main(["check", "postmortems", "--write-baseline", target]) == 2
        assert capsys.readouterr().err == (f"pmkit: --write-baseline {target} is the name of a settings file "
                                           f"({Path(target).name}){SAID}{BASELINE}\n")
        assert main(["new", "Disk full", "--date", "2026-03-02", "-o", target]) == 2
        assert capsys.readouterr().err == (f"pmkit new: --output {target} is the name of a settings file "
                                           f"({Path(target).name}){SAID}{DRAFT}\n")
        for argv in (["render", "postmortems/a.yaml", "-o", target], ["check", "postmortems", "-o", target]):
            assert main(argv) == 2
            assert "would replace it" in capsys.readouterr().err
    assert _tree(repo) == before


def test_other_names_are_still_written(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "postmortems/a.yaml", "-o", "site/pyproject.toml.md"]) == 0
    assert main(["check", "postmortems", "--format", "json", "-o", "reports/settings.toml"]) == 0
    assert main(["check", "postmortems", "--write-baseline", "ci/.pmkit-baseline.json"]) == 0
    capsys.readouterr()
    assert (repo / "site" / "pyproject.toml.md").is_file() and (repo / "reports" / "settings.toml").is_file()
    assert (repo / "ci" / ".pmkit-baseline.json").is_file()


def test_every_writing_verb_makes_a_missing_folder_and_refuses_one_below_a_file(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # One rule for the four verbs, as docs/output.md and docs/authoring.md say it: a folder that
    # is not there yet is made (a fresh checkout), a file in the way is refused before any work.
    runs = [["render", "postmortems/a.yaml", "-o", "{}/page.md"],
            ["check", "postmortems", "--format", "json", "-o", "{}/pmkit.json"],
            ["check", "postmortems", "--write-baseline", "{}/.pmkit-baseline.json"],
            ["new", "Disk full", "--date", "2026-03-02", "-o", "{}/2026-03-02-disk-full.yaml"]]
    for index, argv in enumerate(runs):
        folder = f"made{index}/deeper"
        assert main([arg.format(folder) for arg in argv]) == 0, argv
        assert (repo / argv[-1].format(folder)).is_file()
    (repo / "notes.txt").write_text("notes\n", encoding="utf-8")
    capsys.readouterr()
    before = _tree(repo)
    for argv in runs[:2]:
        assert main([arg.format("notes.txt") for arg in argv]) == 2, argv
        assert "notes.txt is not a folder" in capsys.readouterr().err
    assert _tree(repo) == before
