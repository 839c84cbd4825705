"""A run of few files reads git's log for the files themselves, not for their folders.

A pre-commit hook checks the one or two files a commit changes, often in a folder of hundreds of
postmortems with a long history. Read by folder, git compares the whole folder's trees commit by
commit and pmkit parses every change in it; read by file, only the files' own commits. These tests
hold the two ways to the same answers.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, random_history

import pmkit.history
from pmkit.history import GitEvidence, read_evidence


def _trail(evidence: GitEvidence, path: str) -> list[tuple[str, str, str, str | None]]:
    """A file's history as the rules see it, without the log positions (each log has its own)."""
    return [(c.commit.sha, c.status, c.path, c.old_path) for c in evidence.history(path)]


def _specs_read(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    reads: list[list[str]] = []
    real = pmkit.history._read_log
    monkeypatch.setattr(pmkit.history, "_read_log",
                        lambda git, folders, specs, *start:
                        reads.append(list(specs)) or real(git, folders, specs, *start))
    return reads


def _by_folder(paths: list[str], monkeypatch: pytest.MonkeyPatch) -> GitEvidence:
    with monkeypatch.context() as patch:
        patch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
        return read_evidence(paths)


@pytest.mark.parametrize("seed", range(8))
def test_each_file_has_the_history_its_folder_gives_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       seed: int) -> None:
    """Random histories with branches, merges (some discarding a side), renames and deletions."""
    repo = random_history(tmp_path / "repo", seed)
    paths = [str(p) for p in sorted((repo.root / "pm").glob("*.yaml"))]
    assert paths
    folder = _by_folder(paths, monkeypatch)
    assert not folder.by_file
    for path in paths:
        alone = read_evidence([path])
        assert alone.by_file and alone.problem is None
        assert _trail(alone, path) == _trail(folder, path), path
    few = paths[:5]
    together = read_evidence(few)
    assert together.by_file
    assert [_trail(together, p) for p in few] == [_trail(folder, p) for p in few]


def test_one_file_is_read_with_its_own_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    added = repo.commit("Add")
    for n in range(3):  # other postmortems of the folder, and their commits
        repo.write(f"postmortems/other-{n}.yaml", PUBLISHED.replace("2026-03-02-queue", f"other-{n}"))
        repo.commit(f"Other {n}")
    reads = _specs_read(monkeypatch)
    evidence = read_evidence([str(repo.root / PM)])
    assert reads == [[PM]]
    assert _trail(evidence, str(repo.root / PM)) == [(added, "A", PM, None)]
    assert set(evidence.changes) == {PM}  # the other files' commits were not listed, nor parsed


def test_more_files_than_the_limit_are_read_by_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    count = pmkit.history.FILE_SPEC_LIMIT + 1
    for n in range(count):
        repo.write(f"postmortems/pm-{n}.yaml", PUBLISHED.replace("2026-03-02-queue", f"pm-{n}"))
    repo.commit("Add")
    paths = [str(repo.root / f"postmortems/pm-{n}.yaml") for n in range(count)]
    reads = _specs_read(monkeypatch)
    assert not read_evidence(paths).by_file
    assert reads == [["postmortems"]]
    reads.clear()
    assert read_evidence(paths[:-1]).by_file
    assert len(reads[0]) == count - 1
    reads.clear()
    assert not read_evidence([str(repo.root / "postmortems")]).by_file  # a folder named: by folder
    assert reads == [["postmortems"]]


def test_renames_inside_the_folder_are_followed_to_the_first_commit(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Read by folder, renames inside it cost nothing; read by file, each is one more log. A file
    renamed more often than the rounds follow has its folders read then, so its first commit (the
    date it was drafted) is still found."""
    renames = pmkit.history.FOLLOW_ROUNDS + 2
    repo = GitRepo(tmp_path / "repo")
    names = [f"postmortems/draft-{n}.yaml" for n in range(renames)] + [PM]
    repo.write(names[0], PUBLISHED)
    first = repo.commit("Draft", date="2026-03-02T12:00:00Z")
    for old, new in pairwise(names):
        repo.git("mv", old, new)
        repo.commit(f"Rename to {new}")
    reads = _specs_read(monkeypatch)
    path = str(repo.root / PM)
    evidence = read_evidence([path])
    trail = _trail(evidence, path)
    assert [status for _, status, _, _ in trail] == ["R"] * renames + ["A"]
    assert trail[-1][0] == first
    assert reads[-1] == ["postmortems"]  # the rounds by file ran out; the folder was read
    assert trail == _trail(_by_folder([path], monkeypatch), path)


def test_a_staged_rename_reads_the_old_name_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``git mv`` before the commit, as the hook sees it: the history is the old name's, read by
    its own name rather than by its folder's whole log."""
    repo = GitRepo(tmp_path / "repo")
    old = "postmortems/draft.yaml"
    repo.write(old, PUBLISHED)
    first = repo.commit("Draft")
    repo.write("postmortems/other.yaml", PUBLISHED.replace("2026-03-02-queue", "other"))
    repo.commit("Other")
    repo.git("mv", old, PM)
    reads = _specs_read(monkeypatch)
    path = str(repo.root / PM)
    evidence = read_evidence([path])
    assert _trail(evidence, path) == [(first, "A", old, None)]
    assert reads == [[PM], [old]]


def test_the_hook_check_is_the_same_read_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """End to end: a postmortem drafted in drafts/ and moved in as it was published; the
    change being committed raises a number without a correction."""
    from history_git import clear_git_env, pmkit_json

    clear_git_env(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    repo.write("drafts/queue.yaml", PUBLISHED.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-02T12:00:00Z")
    (repo.root / "postmortems").mkdir()
    repo.git("mv", "drafts/queue.yaml", PM)
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write("postmortems/other.yaml", PUBLISHED.replace("2026-03-02-queue", "other"))
    repo.commit("Other", date="2026-03-04T12:00:00Z")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")  # the change being committed
    monkeypatch.chdir(repo.root)
    by_file = pmkit_json(PM, capsys=capsys)
    monkeypatch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
    by_folder = pmkit_json(PM, capsys=capsys)
    assert by_file == by_folder
    # The count changed after publication with no correction recorded: git's evidence was used.
    git_codes = [d["code"] for d in by_file[1] if d["code"].startswith(("PM4", "PM6"))]
    assert git_codes == ["PM405", "PM601", "PM602"]


def test_an_uncommitted_file_alone_lists_no_other_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/old.yaml", PUBLISHED)
    repo.commit("Old")
    repo.write(PM, PUBLISHED)  # new, not committed
    reads = _specs_read(monkeypatch)
    evidence = read_evidence([str(repo.root / PM)])
    assert reads == [[PM]]
    assert evidence.changes == {} and evidence.history(str(repo.root / PM)) == []
