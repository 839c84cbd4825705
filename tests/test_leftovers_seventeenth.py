"""Smaller fixes of the seventeenth round, each seen failing on the code before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo
from history_git import pmkit_json as check_json


def test_a_postmortem_moved_out_of_the_checked_folders_is_flagged_at_its_id_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """PM606 on a published postmortem moved out of the checked folders pointed at column 1 of
    its 'id' line with no end and no field, where the PM606 of a rename within the folders
    covers the key: an editor or a pull request showed an empty mark. It now covers 'id' too."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.write("postmortems/README.md", "How we write postmortems.\n")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/queue.yaml")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"], d["end_line"], d["end_col"], d["field"])
            for d in diags] == [("PM606", "archive/queue.yaml", 2, 1, 2, 3, "id")]
    # Within the folders, the same rule marks the same place.
    repo.git("mv", "archive/queue.yaml", "postmortems/2026-03-02-queue-renamed.yaml")
    code, diags = check_json("--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"], d["end_line"], d["end_col"], d["field"])
            for d in diags] == [("PM606", 2, 1, 2, 3, "id")]
