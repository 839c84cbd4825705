"""``pmkit history`` with GIT_DIR set, as ``pmkit check`` reads the same environment: a file is read
in the repository that holds it (its nearest ``.git``) whatever GIT_DIR says, a folder that is no
repository or a path that is not there included (git itself refuses those); GIT_DIR is the
repository only for a file that no repository holds. A file outside the repository GIT_DIR names
was said to be "outside the repository", naming neither the repository nor what chose it, where
check's PM600 names both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, GitRepo, clear_git_env, history_json, pmkit_json, published_repo

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def corrected_silently(tmp_path: Path) -> GitRepo:
    """The published postmortem, its figure changed in the working tree without a correction."""
    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    return repo


def not_a_repository(tmp_path: Path) -> Path:
    """A folder of plain files, as /etc is."""
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "hosts").write_text("127.0.0.1 localhost\n", encoding="utf-8")
    return folder


def trail_of(capsys: Any) -> tuple[int, list[tuple[str | None, str, str | None]]]:
    code, trail = history_json(PM, capsys)
    return code, [(entry["commit"] and entry["commit"][:7], entry["change"], entry["status"])
                  for entry in trail["entries"]]


def own_trail(repo: GitRepo) -> list[tuple[str | None, str, str | None]]:
    return [(repo.git("rev-parse", "--short=7", "HEAD").strip(), "added", "published"),
            (None, "uncommitted", "published")]


@pytest.mark.parametrize("named", ["a folder that is no repository", "a path that is not there"])
def test_a_git_dir_that_names_no_repository_is_passed_over_as_check_passes_it_over(
        named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = corrected_silently(tmp_path)
    place = not_a_repository(tmp_path) if named.startswith("a folder") else tmp_path / "gone"
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_DIR", str(place))
    assert trail_of(capsys) == (0, own_trail(repo))
    code, diags = pmkit_json("--select", "PM601", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (1, [("PM601", 11, 19)])


def test_a_git_dir_that_names_the_files_repository_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: Any) -> None:
    repo = corrected_silently(tmp_path)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    assert trail_of(capsys) == (0, own_trail(repo))


def test_without_git_dir_the_files_repository_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Any) -> None:
    repo = corrected_silently(tmp_path)
    monkeypatch.chdir(repo.root)
    assert trail_of(capsys) == (0, own_trail(repo))


def test_a_file_outside_the_repository_git_dir_names_is_said_so_with_the_way_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = corrected_silently(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "postmortems").mkdir(parents=True)
    (elsewhere / PM).write_text(repo.read(PM), encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    assert main(["history", PM]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"pmkit: {PM}: cannot read the history: the file is outside the repository at "
                              f"{repo.root.resolve()}, which the environment variable GIT_DIR names: unset "
                              "GIT_DIR, or point it at the repository the file is in\n")
    # check's PM600 names the same repository and the same variable.
    code, diags = pmkit_json("--select", "PM600", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        f"history rules (PM6xx) skipped: the files are outside the repository at {repo.root.resolve()}, "
        "which the environment variable GIT_DIR names"])


def test_a_file_in_no_repository_with_git_dir_naming_none_is_in_no_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    folder = tmp_path / "loose"
    (folder / "postmortems").mkdir(parents=True)
    (folder / PM).write_text(corrected_silently(tmp_path).read(PM), encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_DIR", str(not_a_repository(tmp_path)))
    assert main(["history", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: {PM}: cannot read the history: not inside a git repository\n"
    code, diags = pmkit_json("--select", "PM600", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        "history rules (PM6xx) skipped: not inside a git repository"])
