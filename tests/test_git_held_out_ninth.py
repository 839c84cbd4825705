"""Git evidence in repository states of the ninth round: postmortems in a submodule deleted or
renamed, seen from the superproject. Each built with real git commands; what pmkit says,
exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env
from history_git import pmkit_json as check_json


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


OTHER = "postmortems/2026-03-03-cache.yaml"


def postmortems_in_a_submodule(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    """A superproject whose docs/ folder is a submodule holding two published postmortems."""
    inner = GitRepo(tmp_path / "postmortem-repo")
    inner.write(PM, PUBLISHED)
    inner.write(OTHER, PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-03-03-cache"))
    inner.commit("Publish", date="2026-03-05T09:00:00Z")
    outer = GitRepo(tmp_path / "super")
    outer.write("README", "The service.\n")
    outer.commit("Start")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "docs")
    outer.commit("Add the postmortems")
    return outer, GitRepo(outer.root / "docs")


def test_a_deletion_and_a_rename_in_a_submodule_name_the_files_as_the_superproject_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit check --repo-wide docs/postmortems' in the superproject, the postmortems in the
    submodule docs: PM605 and PM606 named the files by their paths inside the submodule
    ('postmortems/x.yaml'), which in the superproject is another folder, and the hint of PM606
    asked for a correction naming that path. They now name them as the superproject does, as
    the finding's path and 'pmkit history' do, and PM605's hint says how to restore the file
    with a command that works where pmkit was run."""
    outer, inner = postmortems_in_a_submodule(tmp_path)
    inner.git("mv", PM, "postmortems/queue.yaml")
    inner.git("rm", "-q", OTHER)
    monkeypatch.chdir(outer.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "docs/postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM605", f"docs/{OTHER}", 1, 1), ("PM606", "docs/postmortems/queue.yaml", 2, 1)]
    deleted, renamed = diags
    assert deleted["message"] == (f"published postmortem docs/{OTHER} (id 2026-03-03-cache) was deleted "
                                  "(published in HEAD); no file carries its id any more")
    sha = inner.git("rev-parse", "HEAD").strip()[:10]
    assert deleted["hint"] == (
        f"Restore it ('git -C docs checkout {sha} -- {OTHER}') and declare changes as corrections; "
        'if it must go, list it in [tool.pmkit.history] retired = { "2026-03-03-cache" = "<why>" }.')
    assert renamed["message"] == (f"published postmortem renamed: docs/{PM} → docs/postmortems/queue.yaml, "
                                  "with no trace")
    assert renamed["hint"] == (f"Append a correction that names the old path (docs/{PM}) so readers of "
                               "old links can follow, or list it in [tool.pmkit.history] retired with the "
                               "reason.")
    # Inside the submodule, its own paths and plain git.
    monkeypatch.chdir(inner.root)
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert [(d["code"], d["path"]) for d in diags] == [("PM605", OTHER), ("PM606", "postmortems/queue.yaml")]
    assert diags[0]["message"].startswith(f"published postmortem {OTHER} (id")
    assert diags[0]["hint"].startswith(f"Restore it ('git checkout {sha} -- {OTHER}')")
    assert diags[1]["message"] == (f"published postmortem renamed: {PM} → postmortems/queue.yaml, "
                                   "with no trace")


def test_retired_names_a_file_of_a_submodule_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The message names the deleted file 'docs/postmortems/x.yaml'; listing that path in
    'retired' (settings of the superproject, given with --config) did not retire it, because
    only the path inside the submodule was compared. Both are the file's path."""
    outer, inner = postmortems_in_a_submodule(tmp_path)
    inner.git("rm", "-q", OTHER)
    inner.git("mv", PM, "postmortems/queue.yaml")
    (outer.root / ".pmkit.toml").write_text(
        f'[history]\nretired = {{ "docs/{OTHER}" = "duplicate (LEGAL-12)", "docs/{PM}" = "moved" }}\n',
        encoding="utf-8")
    monkeypatch.chdir(outer.root)
    code, diags = check_json("--config", ".pmkit.toml", "--repo-wide", "--select", "PM6", "docs/postmortems",
                             capsys=capsys)
    assert (code, diags) == (0, [])
    (outer.root / ".pmkit.toml").write_text(
        f'[history]\nretired = {{ "{OTHER}" = "duplicate (LEGAL-12)", "{PM}" = "moved" }}\n',
        encoding="utf-8")
    code, diags = check_json("--config", ".pmkit.toml", "--repo-wide", "--select", "PM6", "docs/postmortems",
                             capsys=capsys)
    assert (code, diags) == (0, [])
