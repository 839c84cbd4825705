"""Git history edge cases: unusual names, dates, messages, renames and checkouts."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, history_json, pmkit_json, published_repo

from pmkit.cli import main
from pmkit.history import _RS, _US, parse_log, read_evidence


@pytest.fixture(autouse=True)
def _no_pre_commit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", raising=False)


def raw_commit(repo: GitRepo, author: str, committer: str, message: str = "pub") -> str:
    """A commit object written as given (dates and zones git itself would not write)."""
    import subprocess

    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    body = f"tree {tree}\nauthor T <t@e> {author}\ncommitter T <t@e> {committer}\n\n{message}\n"
    done = subprocess.run(["git", "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
                          cwd=repo.root, input=body, text=True, capture_output=True, check=True)
    sha = done.stdout.strip()
    repo.git("update-ref", "refs/heads/main", sha)
    return sha


def test_a_folder_name_is_not_pathspec_magic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    name = ":pm/q.yaml"
    repo.write(name, PUBLISHED)
    repo.write("pm/other.yaml", PUBLISHED.replace("id: 2026-03-02-queue", "id: other"))
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    code, payload = history_json(name, capsys)
    assert code == 0 and [e["change"] for e in payload["entries"]] == ["added"]
    assert read_evidence([name]).history(name)
    repo.git("--literal-pathspecs", "rm", "-q", name)
    code, diags = pmkit_json("--repo-wide", "--select", "PM605", ":pm", "pm", capsys=capsys)
    assert (code, [(d["code"], d["data"]["old"]) for d in diags]) == (1, [("PM605", name)])


@pytest.mark.parametrize(("author", "committer"), [
    ("1700000000 +9959", "1700000000 +0000"),      # an offset of almost 100 hours
    ("253402300800 +0000", "1700000000 +0000"),    # the year 10000
    ("1700000000 junk", "1700000000 -2400"),       # no date at all; a whole day off
])
def test_commit_dates_python_cannot_represent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: Any, author: str, committer: str) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    raw_commit(repo, author, committer)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    code, payload = history_json(PM, capsys)
    assert code == 0 and [e["change"] for e in payload["entries"]] == ["added", "uncommitted"]
    code, diags = pmkit_json("--select", "PM4,PM6,PM9", PM, capsys=capsys)
    assert code == 1
    assert "PM903" not in {d["code"] for d in diags}
    assert "PM601" in {d["code"] for d in diags}
    assert main(["due", "postmortems"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_an_impossible_offset_keeps_the_instant(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    raw_commit(repo, "1700000000 +9959", "1700000000 +0000")
    (change,) = read_evidence([str(repo.root / PM)]).history(str(repo.root / PM))
    assert change.commit.authored.timestamp() == 1700000000


def test_commit_subjects_with_the_log_separators(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    added = repo.commit(f"Draft {_RS} with a record separator")
    repo.write(PM, PUBLISHED)
    repo.commit(f"Publish {_US} with a unit separator")
    monkeypatch.chdir(repo.root)
    code, payload = history_json(PM, capsys)
    assert code == 0
    first = payload["entries"][0]
    assert (first["commit"], first["change"]) == (added, "added")
    assert [e["subject"] for e in payload["entries"]] == [
        f"Draft {_RS} with a record separator", f"Publish {_US} with a unit separator"]


def test_a_subject_cannot_forge_a_commit() -> None:
    real, forged = "a" * 40, "f" * 40
    fake = f"{_RS}{forged}{_US}2000-01-01T00:00:00+00:00{_US}2000-01-01T00:00:00+00:00{_US}{_US}x"
    raw = (f"{_RS}{real}{_US}2026-03-05T09:00:00+00:00{_US}2026-03-05T09:00:00+00:00{_US}{_US}"
           f"Add{fake}\0\nA\0{PM}\0")
    (change,) = parse_log(raw)
    assert (change.commit.sha, change.status, change.path) == (real, "A", PM)
    assert change.commit.subject == f"Add{fake}"


def test_a_merges_combined_status_has_one_path() -> None:
    """'git log --cc' gives a merge one status letter per parent and the path once ("RM" for
    a file renamed on one side): taking a second path swallowed the next commit."""
    def header(sha: str, subject: str) -> str:
        return f"{_RS}{sha}{_US}2026-03-05T09:00:00+00:00{_US}2026-03-05T09:00:00+00:00{_US}{_US}{subject}"

    raw = (f"{header('a' * 40, 'merge')}\0\nRM\0p/z.yaml\0AA\0p/new.yaml\0"
           f"{header('b' * 40, 'main')}\0\nM\0p/y.yaml\0")
    assert [(c.commit.subject, c.status, c.path, c.old_path) for c in parse_log(raw)] == [
        ("merge", "M", "p/z.yaml", None), ("merge", "A", "p/new.yaml", None), ("main", "M", "p/y.yaml", None)]


def published_early(tmp_path: Path, moved: str) -> GitRepo:
    """Drafted on 4 March, published in a commit of 5 March that says published_at 1 February
    (PM412), then moved to ``moved`` with git mv, not committed yet."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-04T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("published_at: 2026-03-05T09:00:00Z",
                                     "published_at: 2026-02-01T09:00:00Z"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / moved).parent.mkdir(parents=True, exist_ok=True)
    repo.git("mv", PM, moved)
    return repo


def test_a_rename_staged_with_git_mv_keeps_the_files_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: Any) -> None:
    """At commit time the new name is only in the index: its dates and trail are the old name's."""
    moved = "postmortems/2026-03-02-queue-backlog.yaml"
    repo = published_early(tmp_path, moved)
    repo.edit(moved, "users_affected: 12000", "users_affected: 14000")
    repo.git("add", "-A")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412,PM413", moved, capsys=capsys)
    # published_at a month before the publishing commit
    assert (code, [d["code"] for d in diags]) == (1, ["PM412"])
    code, payload = history_json(moved, capsys)
    assert code == 0
    assert [(e["change"], e["subject"]) for e in payload["entries"]] == [
        ("added", "Draft"), ("modified", "Publish"), ("uncommitted", "(working tree, not committed)")]
    last = payload["entries"][-1]
    assert last["renamed_from"] == PM
    assert [(f["field"], f["old"], f["new"], f["silent"]) for f in last["facts"]] == [
        ("impact.users_affected", "12000", "14000", True)]


def test_a_rename_staged_into_another_folder_keeps_the_files_dates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The log is read for the checked file's folder; the old name's folder is read as well."""
    moved = "archive/2026/2026-03-02-queue.yaml"
    repo = published_early(tmp_path, moved)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412,PM413", moved, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM412"])


def test_a_file_renamed_back_to_an_earlier_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: Any) -> None:
    repo = published_repo(tmp_path)
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("mv", PM, "postmortems/b.yaml")
    repo.commit("a to b")
    repo.git("mv", "postmortems/b.yaml", PM)
    repo.commit("b back to a")
    monkeypatch.chdir(repo.root)
    code, payload = history_json(PM, capsys)
    assert code == 0
    assert [(e["commit"] == first, e["change"]) for e in payload["entries"]] == [
        (True, "added"), (False, "renamed"), (False, "renamed")]
    assert read_evidence([PM]).history(PM)[-1].commit.sha == first


def test_history_before_a_rename_with_skewed_commit_dates(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.git("add", "-A")
    # the first commit's clock ran years ahead
    repo.git("commit", "-q", "-m", "add", date="2030-01-01T00:00:00Z")
    repo.git("checkout", "-q", "-b", "side")
    repo.git("mv", PM, "postmortems/b.yaml")
    repo.commit("rename", date="2026-01-02T00:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.write("other.txt", "x\n")
    repo.commit("other", date="2031-01-01T00:00:00Z")
    repo.git("merge", "-q", "--no-edit", "side", date="2032-01-01T00:00:00Z")
    monkeypatch.chdir(repo.root)
    code, payload = history_json("postmortems/b.yaml", capsys)
    assert code == 0
    assert [(e["subject"], e["change"]) for e in payload["entries"]] == [
        ("add", "added"), ("rename", "renamed")]


def test_dubious_ownership_is_said_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own knob (2.35.2+)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert "dubious ownership" in diags[0]["message"] and "no commits" not in diags[0]["message"]
    assert main(["history", PM]) == 2
    assert "dubious ownership" in capsys.readouterr().err


def test_a_copied_postmortem_is_a_new_file_in_its_history(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: Any) -> None:
    repo = published_repo(tmp_path)
    new = "postmortems/2026-04-01-queue.yaml"
    repo.write(new, PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-04-01-queue")
               .replace("users_affected: 12000", "users_affected: 300"))
    repo.commit("Start the April postmortem from the March one")
    monkeypatch.chdir(repo.root)
    code, payload = history_json(new, capsys)
    assert code == 0
    (entry,) = payload["entries"]
    if entry["change"] == "copied":  # git's copy detection, when it applies
        assert entry["facts"] == [] and entry["previous_status"] is None
    assert main(["history", new]) == 0
    assert "renamed from" not in capsys.readouterr().out


def test_a_file_name_with_a_newline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: Any) -> None:
    name = "postmortems/new\nline.yaml"
    repo = GitRepo(tmp_path / "repo")
    repo.write(name, PUBLISHED)
    repo.commit("Publish")
    repo.edit(name, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    code, payload = history_json(name, capsys)
    assert code == 0
    assert [(e["change"], e["unreadable"]) for e in payload["entries"]] == [
        ("added", False), ("uncommitted", False)]
    assert payload["entries"][0]["status"] == "published"
    code, diags = pmkit_json("--select", "PM601", name, capsys=capsys)
    assert (code, [d["data"]["field"] for d in diags]) == (1, ["impact.users_affected"])


def _two_years(tmp_path: Path) -> GitRepo:
    """A repository with one published postmortem in each of postmortems/2025 and /2026."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/2025/a.yaml", PUBLISHED)
    repo.write("postmortems/2026/b.yaml", PUBLISHED.replace("id: 2026-03-02-queue", "id: b"))
    repo.commit("Publish")
    return repo


def test_files_outside_a_sparse_checkout_are_not_deleted(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: Any) -> None:
    repo = _two_years(tmp_path)
    repo.git("sparse-checkout", "set", "--no-cone", "/postmortems/2026/")
    assert not (repo.root / "postmortems/2025/a.yaml").exists()
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--repo-wide", "--select", "PM605", capsys=capsys)
    assert (code, diags) == (0, [])


def test_repo_wide_with_an_explicit_folder_lists_its_subfolders(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: Any) -> None:
    repo = _two_years(tmp_path)
    repo.git("rm", "-q", "postmortems/2025/a.yaml")
    monkeypatch.chdir(repo.root)
    for folder in ("postmortems", "./postmortems/"):
        code, diags = pmkit_json("--repo-wide", "--select", "PM605", folder, capsys=capsys)
        assert (code, [d["data"]["old"] for d in diags]) == (1, ["postmortems/2025/a.yaml"])
    monkeypatch.chdir(repo.root / "postmortems")
    code, diags = pmkit_json("--repo-wide", "--select", "PM605", ".", capsys=capsys)
    assert (code, [d["data"]["old"] for d in diags]) == (1, ["postmortems/2025/a.yaml"])


def test_files_of_several_repositories_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: Any) -> None:
    outer = published_repo(tmp_path)
    inner = GitRepo(outer.root / "vendor" / "team")  # a nested repository (or a submodule)
    inner.write(PM, PUBLISHED)
    inner.commit("Publish in the inner repository")
    outside = tmp_path / "outside" / "pm.yaml"
    outside.parent.mkdir()
    outside.write_text(PUBLISHED, encoding="utf-8")
    for repo in (outer, inner):
        repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(outer.root)
    nested = f"vendor/team/{PM}"
    for order in ([str(outside), PM, nested], [nested, PM, str(outside)]):
        code, diags = pmkit_json("--select", "PM601", *order, capsys=capsys)
        assert (code, sorted(d["path"] for d in diags)) == (1, sorted([PM, nested]))


def test_a_base_that_names_a_commit_in_one_of_the_runs_repositories(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Whatever the order of the files: their repository's notes say where it names none."""
    outer = published_repo(tmp_path)
    outer.git("tag", "outer-only")
    inner = GitRepo(outer.root / "vendor" / "team")
    inner.write(PM, PUBLISHED)
    inner.commit("Publish in the inner repository")
    monkeypatch.chdir(outer.root)
    nested = f"vendor/team/{PM}"
    results = []
    for order in ([PM, nested], [nested, PM]):
        code, diags = pmkit_json("--select", "PM6", "--base", "outer-only", *order, capsys=capsys)
        results.append((code, sorted((d["path"], d["code"]) for d in diags)))
    assert results[0] == results[1]
    assert results[0][0] == 0 and (nested, "PM600") in results[0][1]
    assert main(["check", "--base", "nowhere", PM, nested]) == 2
    assert "--base nowhere: names no commit in this repository" in capsys.readouterr().err


def test_a_base_named_by_its_commit_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: Any) -> None:
    repo = published_repo(tmp_path)  # "Publish the queue postmortem"
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("Quietly more users")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM601", "--base", ":/Publish the queue", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM601"])


def test_a_base_that_names_a_tree_or_a_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: Any) -> None:
    # Nothing to fetch: the name is there, but it is not a commit.
    repo = published_repo(tmp_path)
    repo.git("tag", "-a", "-m", "the tree", "tree-tag", "HEAD^{tree}")
    blob = repo.git("rev-parse", f"HEAD:{PM}").strip()
    monkeypatch.chdir(repo.root)
    for base, kind in (("HEAD^{tree}", "tree"), ("tree-tag", "tree"), ("HEAD:postmortems", "tree"),
                       (blob, "blob")):
        assert main(["check", "--select", "PM6", "--base", base, PM]) == 2
        assert capsys.readouterr().err == (f"pmkit: --base {base}: names a {kind}, not a commit; pass a "
                                           "branch, a tag or a commit\n")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", blob)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        f"history rules (PM6xx) skipped: the base '{blob}' (PRE_COMMIT_FROM_REF) names a blob, not "
        "a commit; pass a branch, a tag or a commit"])


def test_a_symlink_is_compared_through_its_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: Any) -> None:
    repo = published_repo(tmp_path)
    (repo.root / "current.yaml").symlink_to(PM)
    repo.commit("Link the current postmortem")
    (repo.root / "linked").symlink_to("postmortems")  # an untracked symlinked folder
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    for path in ("current.yaml", "linked/2026-03-02-queue.yaml"):
        code, diags = pmkit_json("--select", "PM600,PM601", path, capsys=capsys)
        assert (code, [d["code"] for d in diags]) == (1, ["PM601"]), path
        code, payload = history_json(path, capsys)
        assert (code, payload["file"], [e["change"] for e in payload["entries"]]) == (
            0, PM, ["added", "uncommitted"])


@pytest.mark.parametrize(("base_bytes", "what"), [
    (b"pmkit: 1\nid: [unclosed\n", "cannot be read as a postmortem (not valid YAML or not UTF-8 text)"),
    (b"\xff\xfe binary \x00 data", "is UTF-16 encoded, not UTF-8 text"),  # (its byte order mark)
])
def test_a_base_version_that_is_no_postmortem_is_said_as_such(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, base_bytes: bytes, what: str
) -> None:
    repo = GitRepo(tmp_path)
    (tmp_path / PM).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / PM).write_bytes(base_bytes)
    repo.commit("a broken first version")
    repo.write(PM, PUBLISHED)
    monkeypatch.chdir(tmp_path)
    code, diags = pmkit_json(PM, "--select", "PM600", capsys=capsys)
    assert code == 0  # an info finding
    messages = [d["message"] for d in diags if d["code"] == "PM600"]
    assert messages == [f"history rules skipped for {PM}: its version in HEAD {what}, so there is nothing "
                        "to compare it with"]


@pytest.mark.parametrize("kind", ["blob", "tree", "commit", "tag"])
def test_a_new_file_named_like_a_cat_file_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: Any, kind: str) -> None:
    # git answers "<name> missing" for a file not in the base: "pm/draft blob missing" is not
    # the header "<id> blob <size>" of a found object.
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    draft = f"postmortems/draft {kind}"
    (repo.root / draft).write_text(PUBLISHED.replace("id: 2026-03-02-queue", "id: draft"),
                                   encoding="utf-8")
    code, diags = pmkit_json("--select", "PM6,PM9", draft, PM, capsys=capsys)
    # Read as new (nothing to compare, nothing said), not as a base version that is no
    # postmortem (PM600 "cannot be read") or one whose facts all changed.
    assert (code, diags) == (0, [])


@pytest.mark.parametrize("by_file", [True, False])
def test_a_draft_moved_in_from_another_folder_keeps_its_history(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 by_file: bool) -> None:
    import pmkit.history

    if not by_file:  # the log read by folder, as a run of many files reads it
        monkeypatch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)

    repo = GitRepo(tmp_path / "repo")
    repo.write("drafts/db.yaml", PUBLISHED.replace("status: published", "status: draft"))
    drafted = repo.commit("Draft", date="2026-03-02T12:00:00Z")
    repo.write("src/app.py", "x = 1\n")
    repo.commit("Unrelated", date="2026-03-03T12:00:00Z")
    (repo.root / "postmortems").mkdir()
    repo.git("mv", "drafts/db.yaml", PM)
    repo.git("mv", "src/app.py", "src/main.py")  # an unrelated move in the same commit
    moved = repo.commit("Move the draft in", date="2026-03-05T12:00:00Z")
    reads: list[list[str]] = []
    real = pmkit.history._read_log
    monkeypatch.setattr(pmkit.history, "_read_log",
                        lambda git, folders, specs, *start:
                        reads.append(list(specs)) or real(git, folders, specs, *start))
    evidence = read_evidence([str(repo.root / PM)])
    assert [(c.commit.sha, c.status) for c in evidence.history(str(repo.root / PM))] == \
        [(moved, "R"), (drafted, "A")]
    # Not src/: the unrelated move is not followed. The draft's earlier name (folder) is read
    # alone, from the move on.
    assert reads == ([[PM], ["drafts/db.yaml"]] if by_file else [["postmortems"], ["drafts"]])
    reads.clear()
    read_evidence([str(repo.root / "drafts")])  # nothing moved into drafts/: one log
    assert len(reads) == 1


@pytest.mark.parametrize("moves", [4, 6])
def test_a_chain_of_moves_is_followed_as_far_as_the_rounds_go(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              moves: int) -> None:
    import pmkit.history
    from pmkit.gitdates import file_dates
    from pmkit.rules import RunState

    # The log read by folder, as a run of many files reads it (read by file, the folders are
    # read after the rounds: tests/test_git_by_file.py).
    monkeypatch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
    repo = GitRepo(tmp_path / "repo")
    names = [f"f{n}/x.yaml" for n in range(moves)] + [PM]
    repo.write(names[0], PUBLISHED)
    first = repo.commit("Add")
    for old, new in pairwise(names):
        (repo.root / new).parent.mkdir(exist_ok=True)
        repo.git("mv", old, new)
        repo.commit(f"Move to {new}")
    count = 0
    real = pmkit.history._read_log

    def counted(*args: Any) -> str:
        nonlocal count
        count += 1
        return real(*args)

    monkeypatch.setattr(pmkit.history, "_read_log", counted)
    path = str(repo.root / PM)
    history = read_evidence([path]).history(path)
    reads = count
    dates = file_dates(RunState(paths=[path]), path)
    if moves <= pmkit.history.FOLLOW_ROUNDS:
        assert [c.status for c in history] == ["R"] * moves + ["A"] and history[-1].commit.sha == first
        assert dates.first_added_sha == first
    else:  # the rounds end before the start: its date is unknown, not a move's date
        assert reads == 1 + pmkit.history.FOLLOW_ROUNDS
        assert [c.status for c in history] == ["R"] * (pmkit.history.FOLLOW_ROUNDS + 1)
        assert dates.available and dates.first_added is None



@pytest.mark.parametrize("behind", [False, True])
def test_a_rename_is_followed_whatever_the_commit_dates(tmp_path: Path, behind: bool) -> None:
    # Git's date order lists a parent before its child when the child's clock was behind (or,
    # for equal dates, as it likes); following the rename back then lost the earlier changes.
    repo = GitRepo(tmp_path / "repo")
    when = "2026-01-10T00:00:00Z"
    earlier = "2026-01-01T00:00:00Z" if behind else when
    repo.write("pm/a.yaml", "v: 1\n")
    repo.commit("add-a", date=when)
    for n in (2, 3):
        repo.write("pm/a.yaml", repo.read("pm/a.yaml") + f"v{n}: {n}\n")
        repo.commit(f"edit-a-{n - 1}", date=when)
    repo.git("checkout", "-q", "-b", "side", date=when)
    repo.git("mv", "pm/a.yaml", "pm/b.yaml", date=when)
    repo.commit("rename-a-b", date=earlier)
    repo.write("pm/b.yaml", repo.read("pm/b.yaml") + "v4: 4\n")
    repo.commit("edit-b-1", date=earlier)
    repo.git("checkout", "-q", "main", date=when)
    for n in (1, 2):
        repo.write("pm/o.yaml", f"o: {n}\n")
        repo.commit(f"other-{n}", date=when)
    repo.git("merge", "-q", "--no-edit", "side", date=when)
    path = str(repo.root / "pm" / "b.yaml")
    assert [c.commit.subject for c in read_evidence([path]).history(path)] == \
        ["edit-b-1", "rename-a-b", "edit-a-2", "edit-a-1", "add-a"]


def test_a_new_file_at_a_name_moved_away_has_its_own_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the old one")
    (repo.root / "archive").mkdir()
    repo.git("mv", PM, "archive/old.yaml")
    repo.commit("Archive it")
    repo.write(PM, PUBLISHED.replace("id: 2026-03-02-queue", "id: new").replace("status: published",
                                                                                "status: draft"))
    added = repo.commit("A new incident at the same name")
    path = str(repo.root / PM)
    assert [(c.status, c.commit.sha) for c in read_evidence([path]).history(path)] == [("A", added)]
    # Deleted and added again (a revert): one file, its history goes on.
    repo.git("rm", "-q", "archive/old.yaml")
    repo.commit("Delete")
    repo.git("revert", "--no-edit", "HEAD")
    old = str(repo.root / "archive" / "old.yaml")
    assert [c.status for c in read_evidence([old]).history(old)] == ["A", "D", "R", "A"]


def test_a_bare_repository_with_a_separate_work_tree_is_said_as_such(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import subprocess

    store, tree = tmp_path / "store.git", tmp_path / "tree"
    subprocess.run(["git", "init", "-q", "--bare", str(store)], check=True)
    (tree / "postmortems").mkdir(parents=True)
    (tree / PM).write_text(PUBLISHED, encoding="utf-8")
    monkeypatch.setenv("GIT_DIR", str(store))
    monkeypatch.setenv("GIT_WORK_TREE", str(tree))
    monkeypatch.chdir(tree)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert [d["code"] for d in diags] == ["PM600"]
    assert "GIT_DIR names is bare" in diags[0]["message"]  # not "not inside a git repository"
