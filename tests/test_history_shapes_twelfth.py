"""The git evidence in repository shapes of their own: postmortems spread over many folders (one
per team), histories with merges, files moved between the folders.

Each test holds the evidence read the fast way to the evidence read the plain way, and counts
the work git is asked to do (how many names a log is read for), not the time it takes.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from history_git import GIT_ENV_LEFTOVERS, PUBLISHED, GitRepo

import pmkit.history
from pmkit.history import FOLLOW_ROUNDS, GitEvidence, read_evidence


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in GIT_ENV_LEFTOVERS:
        monkeypatch.delenv(key, raising=False)


def _trail(evidence: GitEvidence, path: str) -> list[tuple[str, str, str, str | None]]:
    """A file's history as the rules see it, without the log positions (each log has its own)."""
    return [(c.commit.sha, c.status, c.path, c.old_path) for c in evidence.history(path)]


def _logs_read(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], list[str]]]:
    """The (revisions, paths) of every ``git log`` the evidence is read with."""
    reads: list[tuple[list[str], list[str]]] = []
    real = pmkit.history._execute

    def spy(repo: object, command: list[str], **kwargs: object) -> object:
        if "log" in command and "--" in command:
            end = command.index("--")
            start = next(i for i, arg in enumerate(command) if arg.startswith("--format=")) + 1
            reads.append((command[start:end], command[end + 1:]))
        return real(repo, command, **kwargs)

    monkeypatch.setattr(pmkit.history, "_execute", spy)
    return reads


def _edit_and_commit(repo: GitRepo, name: str) -> str:
    repo.edit(name, "data_loss: false", "data_loss: true")
    return repo.commit(f"Correct {name}")


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
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")  # (the log as read from HEAD, not kept from a read before)
    teams = pmkit.history.PATHSPEC_LIMIT + 8
    repo, names = _team_folders(tmp_path, teams)
    paths = [str(repo.root / name) for name in names]
    with monkeypatch.context() as patch:
        patch.setattr(pmkit.history, "PATHSPEC_LIMIT", 10_000)
        plain = read_evidence(paths)
        assert plain.problem is None and not plain.by_file
    reads = _logs_read(monkeypatch)
    evidence = read_evidence(paths)
    assert evidence.problem is None
    # The teams' folders in one name, and then the drafts folder the late one came from, alone.
    assert [paths for _revs, paths in reads] == [["teams"], ["drafts"]]
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
    reads = _logs_read(monkeypatch)
    read_evidence([str(repo.root / name) for name in names])
    assert [paths for _revs, paths in reads] == [sorted(name.rsplit("/", 1)[0] for name in names)]


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
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")  # (the log as read from HEAD, not kept from a read before)
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/pm.yaml", PUBLISHED)
    for n in range(60):
        repo.write(f"src/deep/module-{n}.py", f"VALUE = {n}\n")
    added = repo.commit("Import the monorepo")
    repo.git("mv", "postmortems/pm.yaml", "postmortems/queue.yaml")
    for n in range(60):
        repo.write(f"src/deep/module-{n}.py", f"VALUE = {n + 1}\n")
    moved = repo.commit("Rename the postmortem, reformat the code")
    edited = _edit_and_commit(repo, "postmortems/queue.yaml")
    path = str(repo.root / "postmortems/queue.yaml")
    reads = _logs_read(monkeypatch)
    evidence = read_evidence([path])
    assert evidence.by_file
    # The earlier name is read from the move on, alone.
    assert reads == [(["HEAD"], ["postmortems/queue.yaml"]), ([moved], ["postmortems/pm.yaml"])]
    assert set(evidence.changes) == {"postmortems/pm.yaml", "postmortems/queue.yaml"}
    assert _trail(evidence, path) == [(edited, "M", "postmortems/queue.yaml", None),
                                      (moved, "R", "postmortems/queue.yaml", "postmortems/pm.yaml"),
                                      (added, "A", "postmortems/pm.yaml", None)]
    with monkeypatch.context() as patch:
        patch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
        assert _trail(read_evidence([path]), path) == _trail(evidence, path)


def test_a_folder_moved_whole_again_and_again_is_walked_once_per_name_from_each_move(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook's one file in a folder moved whole five times (a reorganisation each year) walked
    the whole history five times, each with every name found so far: 3 s of CPU for one file of
    10,000 commits. Each earlier name is now read alone, from its move on; the history of the
    file, and of its neighbours read by folder, is the same."""
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")  # (the log as read from HEAD, not kept from a read before)
    folders = ["postmortems", "docs/postmortems", "docs/incidents", "incidents", "ops/incidents"]
    repo = GitRepo(tmp_path / "repo")
    for n in range(3):
        repo.write(f"{folders[0]}/pm-{n}.yaml", PUBLISHED.replace("2026-03-02-queue", f"pm-{n}"))
    made = [repo.commit("Import")]  # every commit, each of which changes pm-1
    moves = []
    for old, new in pairwise(folders):
        made.append(_edit_and_commit(repo, f"{old}/pm-1.yaml"))
        (repo.root / new).parent.mkdir(parents=True, exist_ok=True)
        repo.git("mv", old, new)
        moves.append(repo.commit(f"Move {old} to {new}"))
        made.append(moves[-1])
        repo.edit(f"{new}/pm-1.yaml", "data_loss: true", "data_loss: false")
        made.append(repo.commit("Undo the correction"))
    path = str(repo.root / folders[-1] / "pm-1.yaml")
    reads = _logs_read(monkeypatch)
    evidence = read_evidence([path])
    assert evidence.by_file
    assert reads == [(["HEAD"], [f"{folders[-1]}/pm-1.yaml"])] + [
        ([move], [f"{old}/pm-1.yaml"]) for move, old in reversed(list(zip(moves, folders, strict=False)))]
    reads.clear()
    with monkeypatch.context() as patch:
        patch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
        by_folder = read_evidence([str(p) for p in sorted((repo.root / folders[-1]).glob("*.yaml"))])
    assert not by_folder.by_file
    # Read by folder (a run of many files, 'pmkit due'), each earlier folder alone, from its move.
    assert len(moves) <= FOLLOW_ROUNDS
    assert reads == [(["HEAD"], [folders[-1]]),
                     *[([move], [old]) for move, old in reversed(list(zip(moves, folders, strict=False)))]]
    trail = _trail(evidence, path)
    assert trail == _trail(by_folder, path)
    assert [sha for sha, *_rest in trail] == list(reversed(made))
    assert trail[-1] == (made[0], "A", f"{folders[0]}/pm-1.yaml", None)
