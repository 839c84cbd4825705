"""What earlier rounds left alone, mended in the twelfth: each test pins what a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_git import PM, clear_git_env, published_repo

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _own_git(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


# --- pmkit history: a committed link whose target never existed --------------------------------

def test_history_of_a_link_to_a_missing_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    repo = published_repo(tmp_path)
    (repo.root / "postmortems" / "latest.yaml").symlink_to("2026-03-09-gone.yaml")
    repo.commit("Point latest at the next postmortem")
    monkeypatch.chdir(repo.root)

    assert main(["history", "postmortems/latest.yaml"]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("pmkit: postmortems/latest.yaml: is a symbolic link to a missing file "
                            "(2026-03-09-gone.yaml): restore the file it links to, or give the "
                            "postmortem's own name\n")


def test_history_of_a_link_to_a_postmortem_shows_the_postmortem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = published_repo(tmp_path)
    (repo.root / "postmortems" / "latest.yaml").symlink_to(Path(PM).name)
    repo.commit("Point latest at the queue postmortem")
    monkeypatch.chdir(repo.root)

    assert main(["history", "postmortems/latest.yaml"]) == 0

    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"History of {PM}: 1 commit"


# --- pmkit history --format json: the working tree's row has no date -------------------------

def test_history_json_gives_the_uncommitted_row_a_null_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = published_repo(tmp_path)
    repo.edit(PM, "about 12,000 users", "about 12,500 users")
    monkeypatch.chdir(repo.root)

    assert main(["history", "--format", "json", PM]) == 0

    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["change"], e["commit"], e["date"]) for e in entries] == [
        ("added", entries[0]["commit"], "2026-03-05T09:00:00+00:00"),
        ("uncommitted", None, None),
    ]
