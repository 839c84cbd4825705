"""The git evidence in repository shapes of their own: postmortems spread over many folders (one
per team), histories with merges, files moved between the folders.

Each test holds the evidence read the fast way to the evidence read the plain way, and counts
the work git is asked to do (how many names a log is read for), not the time it takes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from history_git import GIT_ENV_LEFTOVERS, PUBLISHED, GitRepo

import pmkit.history
from pmkit.history import GitEvidence, read_evidence


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in GIT_ENV_LEFTOVERS:
        monkeypatch.delenv(key, raising=False)


def _trail(evidence: GitEvidence, path: str) -> list[tuple[str, str, str, str | None]]:
    """A file's history as the rules see it, without the log positions (each log has its own)."""
    return [(c.commit.sha, c.status, c.path, c.old_path) for c in evidence.history(path)]


def _specs_read(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    reads: list[list[str]] = []
    real = pmkit.history._read_log
    monkeypatch.setattr(pmkit.history, "_read_log",
                        lambda git, folders, specs: reads.append(list(specs)) or real(git, folders, specs))
    return reads


def _team_folders(tmp_path: Path, teams: int) -> tuple[GitRepo, list[str]]:
    """One postmortem per team folder, edited on branches merged back, one moved between two
    teams' folders and one moved in from a drafts folder outside them; other files of the teams
    change too."""
    repo = GitRepo(tmp_path / "repo")
    names = [f"teams/team-{t:02d}/postmortems/pm-{t:02d}.yaml" for t in range(teams)]
    for t, name in enumerate(names):
        repo.write(name, PUBLISHED.replace("2026-03-02-queue", f"pm-{t:02d}"))
        repo.write(f"teams/team-{t:02d}/src/main.py", "VALUE = 0\n")
    repo.write("drafts/late.yaml", PUBLISHED.replace("2026-03-02-queue", "late"))
    repo.commit("Import the teams' postmortems")
    for t in range(0, teams, 7):
        repo.git("checkout", "-q", "-b", f"side-{t}")
        repo.edit(names[t], "data_loss: false", "data_loss: true")
        repo.commit(f"Correct pm-{t:02d} on a branch")
        repo.git("checkout", "-q", "main")
        repo.write(f"teams/team-{t:02d}/src/main.py", f"VALUE = {t + 1}\n")
        repo.commit(f"Code of team {t}")
        repo.git("merge", "-q", "--no-ff", "--no-edit", f"side-{t}")
    moved = "teams/team-01/postmortems/pm-03.yaml"
    repo.git("mv", names[3], moved)
    repo.commit("Team 1 takes over pm-03")
    repo.git("mv", "drafts/late.yaml", "teams/team-02/postmortems/late.yaml")
    repo.commit("Publish the late draft")
    repo.edit(moved, "users_affected: 12000", "users_affected: 12500")
    repo.commit("Correct pm-03 after the move")
    names[3] = moved
    return repo, [*names, "teams/team-02/postmortems/late.yaml"]


def test_many_team_folders_are_read_through_the_folder_holding_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git matches every name it compares against each pathspec in turn: 300 team folders took
    fifteen times as long as their common folder. Read through it, each file's history is the
    same, renames into a team's folder from outside and between teams included."""
    teams = pmkit.history.PATHSPEC_LIMIT + 8
    repo, names = _team_folders(tmp_path, teams)
    paths = [str(repo.root / name) for name in names]
    with monkeypatch.context() as patch:
        patch.setattr(pmkit.history, "PATHSPEC_LIMIT", 10_000)
        plain = read_evidence(paths)
        assert plain.problem is None and not plain.by_file
    reads = _specs_read(monkeypatch)
    evidence = read_evidence(paths)
    assert evidence.problem is None
    # The teams' folders in one name, and then the drafts folder the late one came from.
    assert reads == [["teams"], ["drafts", "teams"]]
    for path in paths:
        assert _trail(evidence, path) == _trail(plain, path), path
    moved = _trail(evidence, str(repo.root / names[3]))
    assert [(status, path) for _sha, status, path, _old in moved] == [
        ("M", names[3]), ("R", names[3]), ("A", "teams/team-03/postmortems/pm-03.yaml")]
    merged = _trail(evidence, paths[7])
    assert [status for _sha, status, _path, _old in merged] == ["M", "A"]
    late = _trail(evidence, paths[-1])
    assert [(status, path) for _sha, status, path, _old in late] == [
        ("R", names[-1]), ("A", "drafts/late.yaml")]


def test_folders_up_to_the_limit_are_read_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    teams = pmkit.history.PATHSPEC_LIMIT
    repo = GitRepo(tmp_path / "repo")
    names = [f"teams/team-{t:02d}/postmortems/pm-{t:02d}.yaml" for t in range(teams)]
    for t, name in enumerate(names):
        repo.write(name, PUBLISHED.replace("2026-03-02-queue", f"pm-{t:02d}"))
    repo.commit("Import")
    reads = _specs_read(monkeypatch)
    read_evidence([str(repo.root / name) for name in names])
    assert reads == [sorted(name.rsplit("/", 1)[0] for name in names)]


def test_the_covering_folders_are_the_deepest_few_enough() -> None:
    covering_specs = pmkit.history.covering_specs
    teams = [f"org/teams/team-{t:03d}/postmortems" for t in range(300)]
    assert covering_specs(teams) == ["org/teams"]
    assert covering_specs([*teams, "org/archive/postmortems"]) == ["org/archive", "org/teams"]
    assert covering_specs([*teams, "postmortems"]) == ["org/teams", "postmortems"]
    assert covering_specs([f"x{n}" for n in range(40)]) == ["."]
    assert covering_specs(teams[:3]) == teams[:3]


def test_a_file_read_by_name_keeps_only_its_own_changes_of_a_huge_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A monorepo's first commit adds 100,000 files beside the postmortems; read with the whole
    of each commit (to see a move into the file's name), every one of them was parsed for the
    hook's one file."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/pm.yaml", PUBLISHED)
    for n in range(60):
        repo.write(f"src/deep/module-{n}.py", f"VALUE = {n}\n")
    added = repo.commit("Import the monorepo")
    repo.git("mv", "postmortems/pm.yaml", "postmortems/queue.yaml")
    for n in range(60):
        repo.write(f"src/deep/module-{n}.py", f"VALUE = {n + 1}\n")
    moved = repo.commit("Rename the postmortem, reformat the code")
    path = str(repo.root / "postmortems/queue.yaml")
    reads = _specs_read(monkeypatch)
    evidence = read_evidence([path])
    assert evidence.by_file
    assert reads == [["postmortems/queue.yaml"], ["postmortems/queue.yaml", "postmortems/pm.yaml"]]
    assert set(evidence.changes) == {"postmortems/pm.yaml", "postmortems/queue.yaml"}
    assert _trail(evidence, path) == [(moved, "R", "postmortems/queue.yaml", "postmortems/pm.yaml"),
                                      (added, "A", "postmortems/pm.yaml", None)]
    with monkeypatch.context() as patch:
        patch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
        assert _trail(read_evidence([path]), path) == _trail(evidence, path)
