"""Held-out round on the settings and the Python API.

A reused Checker keeps its git reads only while the repository is the same: a shallow clone
deepened by a fetch (which moves no ref) is a new state, and refs kept in a reftable (whose
state the files read here cannot tell) keep nothing; nor are reads kept that say git failed
(a git that did not answer in time once). The place of a setting in a long settings
file is found in a time that grows with its length, not with its square. ``pmkit.check()`` of
the configured folders refuses configured ``paths`` that name nothing to check, as the command
does.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from history_git import PM, clear_git_env, git_verb, logging_git, published_repo

from pmkit.cli import main
from pmkit.config import ConfigError
from pmkit.diagnostics import Diagnostic
from pmkit.tomlkeys import key_positions, line_col

NOW = "2026-11-25T12:00:00Z"


def _codes(found: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in found]


# --- a reused Checker's git reads and the repository's state -------------------------------------

def test_a_shallow_clone_deepened_between_calls_is_read_anew(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmkit

    clear_git_env(monkeypatch)
    origin = published_repo(tmp_path)
    origin.edit(PM, "about 12,000 users", "about 12,500 users")
    origin.commit("Correct the count")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)], check=True)
    monkeypatch.chdir(clone)
    text = (clone / PM).read_text(encoding="utf-8")
    checker = pmkit.Checker(now=NOW)
    shallow = _codes(checker.check_text(text, PM))
    assert ("PM413", 1, 1) in [found[:3] for found in shallow]  # "the repository is a shallow clone"
    subprocess.run(["git", "fetch", "-q", "--unshallow"], check=True, cwd=clone)
    deepened = _codes(checker.check_text(text, PM))
    assert deepened == _codes(pmkit.Checker(now=NOW).check_text(text, PM))
    assert "PM413" not in [found[0] for found in deepened]


def test_refs_kept_in_a_reftable_keep_no_git_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``extensions.refStorage = reftable`` HEAD names no branch and the refs are written
    into the files of ``.git/reftable`` in place: no state this reads can tell a commit, so each
    call reads git again. (A ``reftable`` folder stands for that layout here: the git of the test
    may be older than the reftable.)"""
    import pmkit

    clear_git_env(monkeypatch)
    # (Each call's own reading of git is what this is about; the log kept between runs, for the
    # commit HEAD names, would answer the second: see tests/test_logcache.py.)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = published_repo(tmp_path)
    (repo.root / ".git" / "reftable").mkdir()
    wrapper = logging_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{wrapper}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(repo.root)
    checker = pmkit.Checker(now=NOW)
    text = repo.read(PM)
    log = wrapper / "git.log"
    for _ in range(2):
        log.unlink(missing_ok=True)
        checker.check_text(text, PM)
        assert "log" in [git_verb(line) for line in log.read_text(encoding="utf-8").splitlines() if line]



def test_a_git_that_did_not_answer_once_is_asked_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'git log' that did not answer in time (a busy machine) was kept as the history's read:
    every later call of the same path said "git log failed (git did not answer within 1 s)"
    while the repository stayed the same. Reads that say git failed are made again."""
    import shutil

    import pmkit
    import pmkit.history

    clear_git_env(monkeypatch)
    repo = published_repo(tmp_path)
    slow = tmp_path / "slow"
    slow.touch()
    folder = tmp_path / "bin"
    folder.mkdir()
    # 'git log' hangs while the file 'slow' is there; every other command is the real git's
    script = (f"#!/bin/sh\n[ -e '{slow}' ] && for arg; do [ \"$arg\" = log ] && exec sleep 10; done\n"
              f"exec '{shutil.which('git')}' \"$@\"\n")
    (folder / "git").write_text(script, encoding="utf-8")
    (folder / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(pmkit.history, "GIT_TIMEOUT", 1)
    monkeypatch.chdir(repo.root)
    text = repo.read(PM).replace("status: published", "status: draft")
    checker = pmkit.Checker(now=NOW)
    failed = _codes(checker.check_text(text, PM))
    assert ("PM413", 1, 1, "no git evidence for disclosure dates: git log failed (git did not answer within "
            "1 s); relying on the dates in the documents (said once per run)") in failed
    slow.unlink()  # git answers again; the repository is the same
    again = _codes(checker.check_text(text, PM))
    assert again == _codes(pmkit.Checker(now=NOW).check_text(text, PM))
    assert "PM413" not in [found[0] for found in again]


def test_the_same_relative_name_from_another_folder_is_another_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two postmortems named pm.yaml in two folders of one repository, checked as "pm.yaml" from
    each folder in turn: the second call kept the first file's history, and said its version in
    HEAD "cannot be read as a postmortem" (PM600) where a new Checker finds its changes."""
    import pmkit

    clear_git_env(monkeypatch)
    repo = published_repo(tmp_path)
    published = repo.read(PM)
    repo.write("x/pm.yaml", published.replace("2026-03-02-queue", "2026-03-02-x"))
    repo.write("y/pm.yaml", published.replace("2026-03-02-queue", "2026-03-02-y")
               .replace("about 12,000 users", "about 9,000 users"))
    repo.commit("Two more", date="2026-03-05T09:00:00Z")
    config = pmkit.Config(paths=["x", "y"])
    config.root = repo.root
    text = published.replace("2026-03-02-queue", "2026-03-02-x").replace("status: published", "status: draft")
    checker = pmkit.Checker(config, now=NOW)
    monkeypatch.chdir(repo.root / "x")
    checker.check_text(text, "pm.yaml")
    monkeypatch.chdir(repo.root / "y")
    second = _codes(checker.check_text(text, "pm.yaml"))
    assert second == _codes(pmkit.Checker(config, now=NOW).check_text(text, "pm.yaml"))
    history = [found[:3] for found in second if found[0].startswith("PM6")]
    assert history == [("PM604", 4, 9), ("PM601", 9, 25)]


# --- the place of a setting in a long settings file ------------------------------------------------

def test_a_long_settings_file_is_placed_in_linear_time() -> None:
    """10,000 tables of long texts before [tool.pmkit] (a generated file): each table header
    copied the rest of the text, and each string was passed one character at a time; it took
    some 5 s, and grew with the square of the file's length."""
    text = "".join(f'[tool.t{i}]\nk = "{"x" * 1000}"\n' for i in range(10_000)) + "[tool.pmkit]\nselect = 5\n"
    started = time.perf_counter()
    found = key_positions(text)
    assert time.perf_counter() - started < 2
    assert line_col(text, found[("tool", "pmkit", "select")].value) == (20_002, 10)
    assert line_col(text, found[("tool", "t9999", "k")].value) == (20_000, 5)


# --- pmkit.check() of the configured folders -------------------------------------------------------

@pytest.mark.parametrize(("setting", "said"), [
    ("paths = []", "2:9: 'paths' is empty, so there is nothing to check; name the postmortem folders there, "
     "or pass files or folders on the command line"),
    ('paths = ["pm/*.yaml"]', "2:10: 'paths' holds the pattern 'pm/*.yaml', which pmkit does not expand; "
     "name the folder instead ('pm'): pmkit checks the postmortems in a folder and its subfolders"),
])
def test_check_of_configured_paths_that_name_nothing_is_a_settings_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        setting: str, said: str) -> None:
    """An empty ``paths`` was a report of no files, exit 0 (a pass of nothing checked); a pattern
    was a FileNotFoundError advising to leave it unquoted for the shell, which never sees it."""
    import pmkit

    (tmp_path / "pm").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[tool.pmkit]\n{setting}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        pmkit.check(now=NOW)
    assert str(info.value) == f"{tmp_path / 'pyproject.toml'}:{said}"
    line, col = said.split(":")[:2]
    assert (info.value.line, info.value.col) == (int(line), int(col))
    assert main(["check", "--now", NOW]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}:{said}\n"


def test_check_of_configured_paths_given_as_a_config_object() -> None:
    import pmkit

    with pytest.raises(ConfigError) as info:
        pmkit.check(config=pmkit.Config(paths=[]), now=NOW)
    assert str(info.value).startswith("pmkit.Config: 'paths' is empty, so there is nothing to check")


def test_check_of_configured_folders_that_are_there_reports_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard: configured folders that are there are checked, as before."""
    import pmkit

    (tmp_path / "pm").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["pm"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = pmkit.check(now=NOW)
    assert (report.files, report.exit_code()) == ([], 0)



def test_check_of_a_path_with_a_nul_names_it_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The NUL was written into the message as it is, which a terminal shows as nothing and a C
    logger takes for the end of the line; the command quotes it escaped too."""
    import pmkit

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as info:
        pmkit.check(["pm\0.yaml"], now=NOW)
    assert str(info.value) == "'pm\\x00.yaml': the path contains a NUL character"
