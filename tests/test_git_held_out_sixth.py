"""Git evidence in repository states and environments not tried before: SHA-256 object ids,
git settings of the user that change what git prints, the environment a hook of another
repository leaves behind. Each built with real git commands; what pmkit says, exactly."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from history_git import (
    EARLY,
    PM,
    PUBLISHED,
    PUBLISHED_AT,
    GitRepo,
    clear_git_env,
    drafted_then_published,
    line_of,
    superproject,
)
from history_git import pmkit_json as check_json

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def test_a_sha256_repository_gives_the_same_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Any) -> None:
    """In a repository made with 'git init --object-format=sha256' every version of a file read
    for the disclosure dates came back as nothing (gitpython's reader takes only 40-digit
    object ids), so PM412 said nothing of a published_at 15 days before the publication."""
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "--object-format=sha256", "-b", "main"], cwd=root, check=True)
    repo = drafted_then_published(root)
    assert len(repo.git("rev-parse", "HEAD").strip()) == 64
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM412", PUBLISHED_AT, 17)]
    assert "first became published in commit" in diags[0]["message"]
    assert "15 days 3 h later" in diags[0]["message"]


def moved_with_other_files(root: Path) -> GitRepo:
    """A draft written in drafts/ on 5 March, moved into postmortems/ on 20 March in one commit
    with three other files that were moved and edited, and published on 25 March."""
    repo = GitRepo(root)
    draft = EARLY.replace("status: published", "status: draft").replace(
        "  aware_at:", "  drafted_at: 2026-03-05T09:00:00Z\n  aware_at:")
    repo.write("drafts/queue-draft.yaml", draft)
    for number in range(3):
        repo.write(f"drafts/notes{number}.txt", "".join(f"line {n}\n" for n in range(100)))
    repo.commit("Draft", date="2026-03-05T10:00:00Z")
    (repo.root / "postmortems").mkdir()
    repo.git("mv", "drafts/queue-draft.yaml", PM)
    for number in range(3):
        repo.git("mv", f"drafts/notes{number}.txt", f"postmortems/log{number}.txt")
        (repo.root / f"postmortems/log{number}.txt").write_text(
            "".join(f"line {n}\n" for n in range(101)), encoding="utf-8")
    repo.edit(PM, "title: Queue backlog", "title: The queue backlog")
    repo.commit("Move the drafts", date="2026-03-20T10:00:00Z")
    repo.edit(PM, "status: draft", "status: published")
    repo.commit("Publish", date="2026-03-25T12:00:00Z")
    return repo


def test_a_low_rename_limit_in_the_users_settings_keeps_the_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A user's 'diff.renameLimit = 1' (set to keep diffs of a huge repository fast) made git skip
    finding the move of a draft among other moved files: the file seemed to enter the repository
    when it was moved, so PM412 warned that drafted_at was 15 days before its first commit, and
    'pmkit history' lost the draft's commit. pmkit's git commands use git's default limit."""
    repo = moved_with_other_files(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM412", PUBLISHED_AT + 1, 17)]
    repo.git("config", "diff.renameLimit", "1")
    assert "D\tdrafts/queue-draft.yaml" in repo.git("log", "-1", "--name-status", "--format=", "HEAD~1")
    assert check_json("--select", "PM412,PM413", PM, capsys=capsys) == (code, diags)
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["change"], e["path"], e["renamed_from"]) for e in entries] == [
        ("added", "drafts/queue-draft.yaml", None), ("renamed", PM, "drafts/queue-draft.yaml"),
        ("modified", PM, None)]


def superproject_with_postmortems(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    """A repository whose postmortems/ folder is a submodule holding a published postmortem."""
    outer = superproject(tmp_path, drafted_then_published(tmp_path / "postmortem-repo"), "docs")
    return outer, GitRepo(outer.root / "docs")


@pytest.mark.parametrize("index", [".git/index", "absolute"])
def test_the_index_of_a_superprojects_hook_is_not_the_submodules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, index: str) -> None:
    """A hook of the superproject runs with GIT_INDEX_FILE set ('.git/index' for 'git commit',
    an absolute path for 'git commit -a'), and 'pmkit check --repo-wide' of postmortems in a
    submodule ran its git commands with that index: git failed on '.git/index' (the submodule's
    .git is a file), so PM600 said renames cannot be recognised, and a postmortem renamed with
    'git mv' in the submodule was 'moved (same id, new file)', found by its id alone; with the
    superproject's index, git compared the submodule with the superproject's files. Either way
    the staged rename was not seen, and PM412 lost the file's dates. The index GIT_INDEX_FILE
    names is the repository's of the current folder, as for git itself."""
    outer, inner = superproject_with_postmortems(tmp_path)
    inner.git("mv", PM, "postmortems/queue.yaml")
    monkeypatch.chdir(outer.root)
    monkeypatch.setenv("GIT_INDEX_FILE", str(outer.root / ".git" / "index") if index == "absolute" else index)
    code, diags = check_json("--repo-wide", "--select", "PM412,PM413,PM6", "docs/postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM606", "docs/postmortems/queue.yaml", 2, 1),
        ("PM412", "docs/postmortems/queue.yaml", PUBLISHED_AT, 17)]
    assert diags[0]["message"] == ("published postmortem renamed: docs/postmortems/2026-03-02-queue.yaml → "
                                   "docs/postmortems/queue.yaml, with no trace")


def test_a_repository_above_git_ceiling_directories_is_not_the_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """GIT_CEILING_DIRECTORIES keeps git from looking for a repository in or above the folders it
    names (a home folder kept in git, say): git says the postmortems are in no repository, but
    pmkit took them for files of the home folder's repository that were not committed yet, and
    said nothing about the missing evidence. Now it looks for the repository as git does."""
    home = GitRepo(tmp_path / "home")
    home.write(".profile", "umask 022\n")
    home.commit("Dot files")
    (tmp_path / "home" / "notes" / "postmortems").mkdir(parents=True)
    (tmp_path / "home" / "notes" / PM).write_text(PUBLISHED, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "home" / "notes")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path / "home"))
    code, diags = check_json("--select", "PM412,PM413,PM6", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("PM413", 1, 1, "no git evidence for disclosure dates: not inside a git repository; relying on "
         "the dates in the documents (said once per run)"),
        ("PM600", 1, 1, "history rules (PM6xx) skipped: not inside a git repository")]
    assert main(["history", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: {PM}: cannot read the history: not inside a git repository\n"
    # The ceiling is not looked in, but a folder below it is: a repository there is found.
    notes = GitRepo(tmp_path / "home" / "notes")
    notes.edit(PM, "status: published", "status: draft")
    notes.commit("Draft", date="2026-03-04T12:00:00Z")
    notes.edit(PM, "status: draft", "status: published")
    notes.commit("Publish", date="2026-03-25T12:00:00Z")
    code, diags = check_json("--select", "PM412,PM413,PM6", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(PUBLISHED, "published_at:"), 17)]


def test_a_repository_git_refuses_is_not_said_to_be_elsewhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """In a repository git refuses to read (owned by another user, as in many CI containers),
    PM413 and PM600 said why, then hinted to run pmkit inside the repository, where it was
    run. Their hints now say to make git able to read it; outside a repository they stay."""
    repo = drafted_then_published(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own knob (2.35.2+)
    code, diags = check_json("--select", "PM413,PM600", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["hint"]) for d in diags] == [
        ("PM413", "Make git able to read the repository (the message says what stops it). The "
                  "disclosure rules then use its dates again."),
        ("PM600", "Make git able to read the repository (the message says what stops it). The "
                  "history rules then compare again.")]
    assert all("dubious ownership" in d["message"] for d in diags)
    monkeypatch.delenv("GIT_TEST_ASSUME_DIFFERENT_OWNER")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pm.yaml").write_text(EARLY, encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, diags = check_json("--select", "PM413,PM600", "pm.yaml", capsys=capsys)
    assert [(d["code"], d["hint"]) for d in diags] == [
        ("PM413", "Run pmkit inside the repository that holds the postmortems."),
        ("PM600", "Run inside the git repository; in CI fetch the base (fetch-depth: 0) and pass "
                  "--base origin/<branch>.")]


def test_repo_wide_folders_of_a_superproject_and_its_submodule(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """'pmkit check --repo-wide incidents docs/postmortems', the first folder the superproject's
    and the second a submodule's: the deleted files were looked for in the first file's
    repository only, so a published postmortem deleted in the submodule was not reported: its
    folder, gone with it, was 'no such file or folder, here or in the base tree' (exit 2), and
    with other files left there it passed. Each folder is now compared with the base of its own
    repository, in either order."""
    outer, inner = superproject_with_postmortems(tmp_path)
    outer.write("incidents/2026-04-01-cache.yaml",
                EARLY.replace("id: 2026-03-02-queue", "id: 2026-04-01-cache"))
    outer.commit("An incident of the service")
    inner.git("rm", "-q", PM)
    monkeypatch.chdir(outer.root)
    for folders in (["incidents", "docs/postmortems"], ["docs/postmortems", "incidents"]):
        code, diags = check_json("--repo-wide", "--select", "PM6", *folders, capsys=capsys)
        assert code == 1
        assert [(d["code"], d["path"], d["line"], d["col"], d["message"]) for d in diags] == [
            ("PM605", f"docs/{PM}", 1, 1, f"published postmortem docs/{PM} (id 2026-03-02-queue) was "
             "deleted (published in HEAD); no file carries its id any more")]
    # Another file left in the submodule's folder: the folder is there, the deletion still found.
    inner.write("postmortems/2026-05-01-dns.yaml",
                EARLY.replace("id: 2026-03-02-queue", "id: 2026-05-01-dns"))
    code, diags = check_json("--repo-wide", "--select", "PM605", "incidents", "docs/postmortems",
                             capsys=capsys)
    assert (code, [(d["code"], d["path"]) for d in diags]) == (1, [("PM605", f"docs/{PM}")])


def partial_clone_of_a_moved_draft(tmp_path: Path) -> Path:
    """A blob-less clone (git clone --filter=blob:none) of :func:`moved_with_other_files`: the
    move of the draft, edited on the way, can only be found with the old versions it lacks."""
    source = moved_with_other_files(tmp_path / "source")
    source.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone)],
                   check=True, capture_output=True)
    return clone


@pytest.mark.parametrize("remote", ["renamed", "removed"])
def test_a_partial_clone_whose_remote_was_renamed_or_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, remote: str) -> None:
    """A partial clone whose remote was renamed ('git remote rename') is still one, and PM413
    hinted to 'run pmkit inside the repository'; one whose remote was removed ('git remote
    remove' also drops the promisor settings) is no longer a partial clone to git, which then
    calls the versions the clone left out unreadable: PM413 and 'pmkit history' said only 'git
    log failed (fatal: unable to read <id>)'. Both say what is missing now, never fetching."""
    clone = partial_clone_of_a_moved_draft(tmp_path)
    if remote == "renamed":
        subprocess.run(["git", "remote", "rename", "origin", "upstream"], cwd=clone, check=True)
    else:
        subprocess.run(["git", "remote", "remove", "origin"], cwd=clone, check=True)
    objects = sorted(p.name for p in (clone / ".git" / "objects").rglob("*"))
    monkeypatch.chdir(clone)
    code, diags = check_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM413", 1, 1)]
    assert "this partial clone (git clone --filter) lacks objects git needs for it" in diags[0]["message"]
    if remote == "removed":
        assert "unable to read" in diags[0]["message"]
        assert "its promisor remote is gone" in diags[0]["message"]
    else:
        assert "could not fetch" in diags[0]["message"]
    assert diags[0]["hint"] == "Clone without --filter (actions/checkout: no filter, fetch-depth: 0)."
    assert main(["history", PM]) == 2
    err = capsys.readouterr().err
    assert "this partial clone (git clone --filter) lacks objects git needs for it" in err
    assert sorted(p.name for p in (clone / ".git" / "objects").rglob("*")) == objects  # nothing fetched


def test_a_stray_git_work_tree_does_not_change_the_files_work_tree(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """GIT_WORK_TREE left set to another folder (without GIT_DIR): pmkit checks the files in the
    repository their folder is in, but its git commands compared that repository with the other
    folder, so a rename staged with 'git mv' was not seen: PM606 said 'moved (same id, new
    file)' and PM412 lost the file's dates. pmkit's commands now use the files' work tree."""
    repo = drafted_then_published(tmp_path / "repo")
    repo.git("mv", PM, "postmortems/queue.yaml")
    other = GitRepo(tmp_path / "other")
    other.write("README", "Another project.\n")
    other.commit("Start")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("GIT_WORK_TREE", str(other.root))
    code, diags = check_json("--select", "PM412,PM413,PM6", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM606", 2, 1), ("PM412", PUBLISHED_AT, 17)]
    assert diags[0]["message"] == (f"published postmortem renamed: {PM} → postmortems/queue.yaml, with "
                                   "no trace")


def test_a_folder_linked_from_outside_the_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """~/postmortems a symbolic link to the repository's postmortems/ folder: git, run there,
    works in the folder the link leads to and finds the repository, but pmkit looked for a .git
    along the link's own path: PM413 and PM600 said 'not inside a git repository', and 'pmkit
    history' exited 2. The folder a link leads to is now looked in too."""
    repo = drafted_then_published(tmp_path / "repo")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "postmortems").symlink_to(repo.root / "postmortems", target_is_directory=True)
    monkeypatch.chdir(tmp_path / "home")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, diags = check_json("--select", "PM412,PM413,PM6", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [("PM412", PM, PUBLISHED_AT, 17)]
    assert main(["history", "--format", "json", PM]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["file"], [e["subject"] for e in payload["entries"]]) == (PM, ["Draft", "Publish"])
    (tmp_path / "home" / PM).unlink()
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems", capsys=capsys)
    assert code == 1
    # Said where the deleted file was: in the repository's own folder.
    assert [(d["code"], d["path"]) for d in diags] == [("PM605", f"../repo/{PM}")]


def test_a_repository_set_to_be_bare_says_where_and_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A repository whose configuration says 'core.bare = true' (set by a tool, or left from a
    bare clone the files were copied into) has no work tree to git: PM413, PM600 and 'pmkit
    history' said only 'bare repository', with no repository named and no way out."""
    repo = drafted_then_published(tmp_path / "repo")
    repo.git("config", "core.bare", "true")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM413,PM600", PM, capsys=capsys)
    why = (f"the repository at {repo.root.resolve()} is set to be bare (core.bare = true), so git "
           "gives it no work tree to read the files in ('git config core.bare false' there, if "
           "they are its work tree)")
    assert (code, [(d["code"], d["message"]) for d in diags]) == (0, [
        ("PM413", f"no git evidence for disclosure dates: {why}; relying on the dates in the documents "
                  "(said once per run)"),
        ("PM600", f"history rules (PM6xx) skipped: {why}")])
    assert main(["history", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: {PM}: cannot read the history: {why}\n"


@pytest.mark.parametrize("variable", ["GIT_GLOB_PATHSPECS", "GIT_ICASE_PATHSPECS"])
def test_pathspec_settings_of_the_environment_do_not_stop_git(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, variable: str) -> None:
    """GIT_GLOB_PATHSPECS=1 or GIT_ICASE_PATHSPECS=1 in the user's environment (git's own
    switches for how paths on its command line are matched) made every git command of pmkit
    fail next to its GIT_LITERAL_PATHSPECS ("global 'literal' pathspec setting is incompatible
    with all other global pathspec settings"): no disclosure dates (PM413 instead of PM412) and
    no comparison (PM600 instead of PM601). pmkit's commands turn them off."""
    repo = drafted_then_published(tmp_path / "repo")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv(variable, "1")
    code, diags = check_json("--select", "PM412,PM413,PM600,PM601", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM601", line_of(EARLY, "users_affected:"), 19), ("PM412", PUBLISHED_AT, 17)]


def test_a_fact_changed_after_an_unpushed_rename_is_still_silent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A published postmortem, pushed; a local commit, not pushed yet, renames it (with a
    correction that says so, naming no field); then a figure changes with no correction. pmkit
    looked for the pushed version under the new name, found none, took the postmortem for one
    nobody had read, and PM601 said nothing (exit 0) while PM602 said 'not declared by any
    correction'. The pushed version is now found under the name it had then."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    origin = tmp_path / "origin.git"
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    new = "postmortems/queue.yaml"
    repo.git("mv", PM, new)
    repo.edit(new, "corrections: []\n", "corrections:\n  - {at: 2026-04-01, description: "
              f"Moved from {PM} to {new}., fields: []}}\n")
    repo.commit("Move the queue postmortem", date="2026-04-01T10:00:00Z")
    text = repo.edit(new, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--select", "PM601,PM602", new, capsys=capsys)
    assert code == 1
    line = line_of(text, "users_affected:")
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM601", line, 19), ("PM602", line, 19)]
    assert diags[0]["message"] == ("impact.users_affected changed from 12000 to 15000 since it was published "
                                   "(HEAD), and no new correction declares it; the new correction's "
                                   "'fields: []' names no field")


def test_history_of_a_file_in_a_submodule_that_is_not_checked_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """In a clone whose submodule was not checked out ('git submodule update --init' not run),
    'pmkit check docs/postmortems/x.yaml' says so, but 'pmkit history' of the same path said
    'no such file, and no commit ever had it'."""
    outer, _inner = superproject_with_postmortems(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(outer.root), str(clone)], check=True, capture_output=True)
    monkeypatch.chdir(clone)
    assert main(["history", f"docs/{PM}"]) == 2
    assert capsys.readouterr().err == (f"pmkit: docs/{PM}: inside the submodule docs, which is not checked "
                                       "out: run 'git submodule update --init docs' first\n")


def test_a_submodule_reached_through_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: Any) -> None:
    """A link from elsewhere to a submodule (~/postmortems -> ~/src/service/docs): the
    submodule's .git file names its repository relative to where it really is ('gitdir:
    ../.git/modules/docs'), and pmkit, following the link's path, said 'the git repository at
    ... cannot be read: it looks corrupt', while git, run there, reads it."""
    _outer, inner = superproject_with_postmortems(tmp_path)
    assert (inner.root / ".git").read_text(encoding="utf-8").startswith("gitdir: ../")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "docs").symlink_to(inner.root, target_is_directory=True)
    monkeypatch.chdir(tmp_path / "home")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    path = f"docs/{PM}"
    code, diags = check_json("--select", "PM412,PM413,PM6", path, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [("PM412", path, PUBLISHED_AT, 17)]
    assert main(["history", path]) == 0
    assert capsys.readouterr().out.startswith(f"History of {PM}: 2 commits\n")


def test_a_deleted_folder_inside_a_linked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: Any) -> None:
    """'pmkit check --repo-wide postmortems/2026' through a link to the repository's folder,
    after 'git rm -r postmortems/2026': the folder was compared with the repository's base
    along the link's path, which is not inside it, so it was 'no such file or folder, here or
    in the base tree' (exit 2) instead of the published postmortem it deleted (PM605)."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/2026/queue.yaml", PUBLISHED)
    repo.write("postmortems/other.yaml", EARLY.replace("id: 2026-03-02-queue", "id: other"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.git("rm", "-rq", "postmortems/2026")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "postmortems").symlink_to(repo.root / "postmortems", target_is_directory=True)
    monkeypatch.chdir(tmp_path / "home")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, diags = check_json("--repo-wide", "--select", "PM6", "postmortems/2026", capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["message"]) for d in diags] == [
        ("PM605", "../repo/postmortems/2026/queue.yaml", "published postmortem postmortems/2026/queue.yaml "
         "(id 2026-03-02-queue) was deleted (published in HEAD); no file carries its id any more")]


def test_a_base_version_left_out_by_a_clone_whose_remote_was_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The base version of a file, left out by a partial clone whose remote was then removed:
    PM600 called it 'a missing or corrupt object' and hinted to run 'git fsck' for damage.
    It says what is missing and why now, and pmkit still never fetches."""
    clone = partial_clone_of_a_moved_draft(tmp_path)
    subprocess.run(["git", "remote", "remove", "origin"], cwd=clone, check=True)
    monkeypatch.chdir(clone)
    (clone / PM).write_text((clone / PM).read_text(encoding="utf-8").replace("users_affected: 12000",
                                                                             "users_affected: 15000"))
    code, diags = check_json("--select", "PM600,PM601", "--base", "HEAD~1", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["message"], d["hint"]) for d in diags] == [
        ("PM600", f"history rules skipped for {PM}: git cannot read its version in HEAD~1: this partial "
                  "clone (git clone --filter) did not download it, and its promisor remote is gone from "
                  "the settings ('git remote remove'), so git cannot get it either; pmkit never fetches",
         "Clone without --filter (actions/checkout: no filter, fetch-depth: 0).")]


@pytest.mark.skipif(not Path("/proc/self/cwd").is_dir(), reason="needs /proc/self/cwd (Linux)")
def test_git_ceiling_directories_with_a_path_shorter_than_the_folder_it_leads_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A path whose links lead deeper than the path itself (/proc/self/cwd/pm.yaml, four
    folders, for a file nine below the ceiling): the ceiling was counted on one and applied
    to the other, an IndexError inside the git rules, and PM412 (and PM413) said nothing."""
    repo = drafted_then_published(tmp_path / "a" / "b" / "c" / "d" / "e" / "f" / "repo")
    monkeypatch.chdir(repo.root / "postmortems")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    path = f"/proc/self/cwd/{Path(PM).name}"
    code, diags = check_json("--select", "PM412,PM413", path, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("PM412", PUBLISHED_AT, 17)]
