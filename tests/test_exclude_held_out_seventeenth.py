"""The ``exclude`` setting with patterns as .gitignore users write them, and what a run that
leaves every file out says."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from history_git import GitRepo, clear_git_env

from helpers import FLAWED_EXAMPLE, GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.config import ConfigError, parse_config
from pmkit.discovery import excluded_by


def test_a_pattern_with_many_stars_does_not_backtrack_for_ever(tmp_path: Path) -> None:
    """``*a*a*a*a*a*a*b`` against a name of 80 'a's took seconds, and hours at 160 (the regular
    expression backtracked over every way to place the 'a's)."""
    started = time.perf_counter()
    for length in (80, 160, 1000):
        name = tmp_path / "postmortems" / ("a" * length + ".yaml")
        assert excluded_by(name, ["*a*a*a*a*a*a*b"], tmp_path) is None
    assert excluded_by(tmp_path / ("a" * 200 + "b"), ["*a*a*a*a*a*a*b"], tmp_path) == "*a*a*a*a*a*a*b"
    assert time.perf_counter() - started < 1.0


def test_a_thousand_patterns_over_ten_thousand_files_take_seconds(tmp_path: Path) -> None:
    """Each pattern was compiled again for every file once there were more than 256 of them: 1,000
    patterns took 52 s over 1,000 files, and would have taken minutes over 10,000."""
    patterns = [f"postmortems/20{i % 100:02}/team-{i}-*.yaml" for i in range(1000)]
    files = [tmp_path / "postmortems" / f"20{i % 100:02}" / f"inc-{i}.yaml" for i in range(10_000)]
    started = time.perf_counter()
    assert not any(excluded_by(name, patterns, tmp_path) for name in files)
    assert excluded_by(tmp_path / "postmortems/2099/team-999-x.yaml", patterns, tmp_path) == patterns[999]
    assert time.perf_counter() - started < 15.0


@pytest.mark.parametrize(("pattern", "path", "matched"), [
    # '**' crosses folders only beside a '/': elsewhere it is a '*', as in .gitignore.
    ("draft**.yaml", "postmortems/draft-a.yaml", True),
    ("draft**.yaml", "postmortems/draft/a.yaml", False),
    ("postmortems/a**/x.yaml", "postmortems/a/b/x.yaml", False),
    ("postmortems/a**/x.yaml", "postmortems/ab/x.yaml", True),
    # A class never matches the '/' between names, as '*' and '?' do not.
    ("postmortems[/]x.yaml", "postmortems/x.yaml", False),
    # Characters in a class are themselves ("[[]" is the '[', not a set in a set).
    ("[[]draft].yaml", "postmortems/[draft].yaml", True),
    ("[&&]x.yaml", "postmortems/&x.yaml", True),
    # Guards, as before: the forms .gitignore users write most.
    ("**/drafts/**", "postmortems/drafts/a.yaml", True),
    ("drafts/*", "drafts/a.yaml", True),
    ("drafts/*", "postmortems/drafts/a.yaml", False),
    ("/postmortems/x.yaml", "postmortems/x.yaml", True),
    ("[", "[/a.yaml", True),
])
def test_stars_and_classes_as_gitignore_reads_them(tmp_path: Path, pattern: str, path: str,
                                                   matched: bool) -> None:
    assert (excluded_by(tmp_path / path, [pattern], tmp_path) == pattern) is matched


@pytest.mark.parametrize(("pattern", "message"), [
    ("./postmortems/", "holds a '.' or '..' folder, which no path from the settings file's folder has: "
     "write the path from that folder, without './' (a file outside it is never excluded)"),
    ("../shared/postmortems/", "holds a '.' or '..' folder, which no path from the settings file's folder "
     "has: write the path from that folder, without './' (a file outside it is never excluded)"),
    ("postmortems//x.yaml", "holds '//', which no path has: write one '/' between names"),
    ("drafts/ ", "ends with a space, which .gitignore drops: write the pattern without it"),
    ("# drafts", "starts with '#', which makes the line a comment in .gitignore: write '[#]' for a name "
     "that starts with it"),
])
def test_a_pattern_that_would_match_nothing_is_a_settings_error(pattern: str, message: str) -> None:
    """Each passed as a setting and then left every file in, without a word."""
    with pytest.raises(ConfigError) as raised:
        parse_config({"exclude": [pattern]}, origin=".pmkit.toml")
    assert str(raised.value) == f".pmkit.toml: exclude: the pattern '{pattern}' {message}"


def test_the_configured_folders_all_left_out_say_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``exclude = ["*.yaml"]`` with ``paths`` set: "pmkit check" passed on 0 files without a word."""
    (tmp_path / "postmortems").mkdir()
    shutil.copy(GOOD_EXAMPLE, tmp_path / "postmortems" / "a.yaml")
    (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\nexclude = ["*.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"] == []
    assert captured.err == ("pmkit: postmortems: its one postmortem file is left out by 'exclude' in the "
                            "settings or by .gitignore\n")


def test_an_empty_configured_folder_stays_silent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: a new repository's empty folder is no mistake, as before."""
    (tmp_path / "postmortems").mkdir()
    (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\nexclude = ["*.md"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--now", "2026-11-25T12:00:00Z"]) == 0
    assert capsys.readouterr().err == ""


def _with_ignored_page(tmp_path: Path) -> GitRepo:
    """A repository with a postmortem that passes and, in a folder .gitignore names, a flawed one."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/a.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    repo.write("postmortems/.gitignore", "site/\n")
    repo.commit("Postmortems")
    (repo.root / "postmortems" / "site").mkdir()
    shutil.copy(FLAWED_EXAMPLE, repo.root / "postmortems" / "site" / "page.yaml")
    return repo


@pytest.mark.parametrize("env", [{"GIT_DIR": ".git", "GIT_INDEX_FILE": ".git/index"},
                                 {"GIT_DIR": ".git", "GIT_WORK_TREE": "."}])
def test_a_hooks_git_dir_still_leaves_out_what_git_ignores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        env: dict[str, str]) -> None:
    """A hook's ``GIT_DIR=.git`` (and GIT_INDEX_FILE) from the top of the work tree: git was run in
    the folder checked, found no repository there, and the ignored page was checked (exit 1)."""
    repo = _with_ignored_page(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for given, files in (("postmortems", ["postmortems/a.yaml"]), ("postmortems/site", [])):
        main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", given])
        assert json.loads(capsys.readouterr().out)["files"] == files


def test_files_reached_through_a_link_to_the_settings_folder_are_excluded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The settings file's folder is read as its real path, the files by the name given: through a
    link ("/tmp" is "/private/tmp" on macOS) every pattern was passed over."""
    real = tmp_path / "real"
    (real / "postmortems" / "drafts").mkdir(parents=True)
    shutil.copy(GOOD_EXAMPLE, real / "postmortems" / "a.yaml")
    shutil.copy(FLAWED_EXAMPLE, real / "postmortems" / "drafts" / "d.yaml")
    (real / ".pmkit.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    now = ["--format", "json", "--now", "2026-11-25T12:00:00Z"]
    assert main(["check", *now, "link/postmortems"]) == 0
    assert json.loads(capsys.readouterr().out)["files"] == ["link/postmortems/a.yaml"]
    assert main(["check", *now, "link/postmortems/drafts/d.yaml", "link/postmortems/a.yaml"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"] == ["link/postmortems/a.yaml"]
    assert captured.err == (f"pmkit: link/postmortems/drafts/d.yaml: not checked: it matches the exclude "
                            f"pattern 'drafts/' in {real / '.pmkit.toml'}\n")


def test_a_folder_git_ignores_named_on_the_command_line_is_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """git names a folder run in that it ignores as a whole "./", which matched none of the files:
    "pmkit check postmortems/site" checked every page git ignores, and its folder's files not."""
    repo = _with_ignored_page(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", "postmortems/site"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["files"] == []
    assert captured.err == ("pmkit: postmortems/site: its one postmortem file is left out by 'exclude' in "
                            "the settings or by .gitignore\n")
