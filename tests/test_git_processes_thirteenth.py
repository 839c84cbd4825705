"""How many git processes a check starts (a pre-commit hook pays each one on every commit), and
that fewer of them find the same: one ``cat-file --batch`` for the versions of the history and
the base texts, what the index holds read from the rename diff rather than from ``git ls-files``,
and one resolution of each folder for the log, the base and the files' names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import (
    PM,
    PMKIT_GIT_TIMEOUT_1,
    PUBLISHED,
    START,
    GitRepo,
    clear_git_env,
    git_commands,
    git_that_hangs_on,
    hook_repo,
    many_published,
    published_repo,
)
from history_git import pmkit_json as check_json

from pmkit.history import open_repository, read_baseline, read_evidence

ROOT = Path(__file__).parent.parent
NOW = "2026-11-25T12:00:00Z"


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


#: A run that walks a folder first asks git which of its files git ignores.
IGNORED = ["ls-files"]


def test_one_file_check_starts_one_cat_file_and_no_rename_diff(tmp_path: Path) -> None:
    """A hook's one-file check started 10 git processes: a second ``cat-file --batch`` for the
    base texts next to the one the history's versions were read with, and an ``ls-files`` for
    what the index holds, which the rename diff (``diff-index``) then said. Now 5, the log
    first: it is started while the run loads its modules (pmkit.headstart). The base version
    next (the history rules), then the versions the disclosure clocks weigh, through the same
    ``cat-file --batch``; no ``git version`` for gitpython's import, nor pmkit's guard before it.
    And the rename diff, which compares the whole work tree with the base (every file of a
    monorepo; in a fresh clone, each one again whose index entry git cannot trust), is not made
    for an edited file the base has under its name, in a folder whose files are all still there
    and in the index: ``ls-files`` says what the index holds."""
    repo = hook_repo(tmp_path)
    code, commands = git_commands(repo, tmp_path, PM)
    assert code == 1  # the example's own findings (PM102, PM202: errors), none of git's
    assert commands == ["log", *START, "ls-tree", "ls-files", "cat-file --batch"]


def test_repo_wide_hook_makes_no_rename_diff(tmp_path: Path) -> None:
    """``pmkit-history-repo`` (``--repo-wide --select PM600,PM605,PM606``) on every commit: the
    base listing and what the index holds, then one ``cat-file --batch``. (The first
    ``ls-files`` lists what git ignores in the folder walked, which the run leaves out:
    ``--others --ignored``.)"""
    repo = hook_repo(tmp_path)
    code, commands = git_commands(repo, tmp_path, "--repo-wide", "--select", "PM600,PM605,PM606")
    assert code == 0
    assert commands == [*IGNORED, *START, "ls-tree", "ls-files", "cat-file --batch"]


def test_many_unchanged_files_are_their_base_versions_read_from_the_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose bytes hash to the object id the base's listing gives its version, an object
    git has, is that version: a repository-wide run of more than PERSISTENT_BLOBS files as
    committed asks git only which of those objects it has (``cat-file --batch-check`` of their
    ids), and
    reads from git the versions of the files that changed (a 1,000-file repository's hook read
    1,000 versions on every commit)."""
    from pmkit.history import PERSISTENT_BLOBS

    repo, names = many_published(tmp_path / "repo", PERSISTENT_BLOBS + 1)
    committed = [repo.read(name) for name in names]
    repo.write(names[3], committed[3] + "# edited\n")
    opened, texts, cat_files = _base_read(monkeypatch, repo, names)
    assert texts == committed
    assert cat_files == [["cat-file", "--batch-check"], ["cat-file", "--batch"]]
    assert opened._readers.get(os.getpid()) is not None  # (the edited one's, through the persistent one)


@pytest.mark.parametrize("change", ["out of the index", "deleted", "new file", "moved in"])
def test_a_rename_diff_is_made_where_a_rename_may_matter(tmp_path: Path, change: str) -> None:
    """A published postmortem taken out of the index (``git rm --cached``, PM605: no longer
    tracked), one deleted from the disk (PM605), a checked file the base does not have (new, or
    moved in by ``git mv``): git may pair any of them with a file added elsewhere, so the
    rename diff is made, after the listing and the index said so."""
    repo = hook_repo(tmp_path)
    other = "postmortems/2026-04-01-other.yaml"
    checked = ["--repo-wide"]
    if change == "out of the index":
        repo.git("rm", "-q", "--cached", other)
    elif change == "deleted":
        (repo.root / other).unlink()
    elif change == "new file":
        repo.write("postmortems/2026-06-01-new.yaml", (repo.root / PM).read_text(encoding="utf-8"))
        checked = ["postmortems/2026-06-01-new.yaml"]
    else:
        repo.git("mv", other, "postmortems/2026-04-01-moved.yaml")
        checked = ["postmortems/2026-04-01-moved.yaml"]
    code, commands = git_commands(repo, tmp_path, *checked, "--select", "PM600,PM605,PM606")
    if change in ("out of the index", "deleted"):
        assert code == 1  # PM605: a published postmortem is no longer in the repository
    # Whether the base was pushed (PM605 is said only of what was): no remote, which the
    # repository's refs say without a git process (no refs/remotes, no packed-refs).
    walked = IGNORED if checked[0] == "--repo-wide" else []
    assert commands[:len(walked) + 4] == [*walked, *START, "ls-tree", "ls-files", "diff-index"]
    assert commands.count("diff-index") == 1 and commands[-1] == "cat-file --batch"


# --- the same findings ----------------------------------------------------------------------------


def _busy_repo(tmp_path: Path) -> GitRepo:
    """Renames staged and committed, changes not committed, a published fact changed, a file
    out of the index, one deleted, one new."""
    repo = published_repo(tmp_path)
    for name in ("moved", "kept", "untracked", "deleted", "renamed"):
        repo.write(f"postmortems/2026-05-01-{name}.yaml",
                   PUBLISHED.replace("2026-03-02-queue", f"2026-05-01-{name}"))
    repo.commit("More postmortems")
    repo.git("mv", "postmortems/2026-05-01-renamed.yaml", "postmortems/2026-05-02-renamed.yaml")
    repo.commit("Rename one")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")  # a published fact, silently
    repo.git("mv", "postmortems/2026-05-01-moved.yaml", "postmortems/2026-05-09-moved.yaml")
    repo.edit("postmortems/2026-05-09-moved.yaml", "customers_affected: 40", "customers_affected: 41")
    repo.git("rm", "-q", "--cached", "postmortems/2026-05-01-untracked.yaml")
    (repo.root / "postmortems/2026-05-01-deleted.yaml").unlink()
    repo.write("postmortems/2026-06-01-new.yaml", "pmkit: 1\nid: 2026-06-01-new\ntitle: Cache stampede\n"
               "status: draft\nlang: en\nseverity: SEV3\n")
    repo.git("add", "postmortems/2026-06-01-new.yaml")
    return repo


#: What the checks below found before the git processes were cut (the same code and message at
#: the same place); they must find exactly this now.
BUSY_FINDINGS = [
    ("PM601", "postmortems/2026-03-02-queue.yaml", 11, 19, "impact.users_affected changed from 12000 to "
     "15000 since it was published (HEAD), and no new correction declares it"),
    ("PM601", "postmortems/2026-05-09-moved.yaml", 12, 23, "impact.customers_affected changed from 40 to 41 "
     "since it was published (HEAD), and no new correction declares it"),
    ("PM602", "postmortems/2026-03-02-queue.yaml", 11, 19, "impact.users_affected revised upward after "
     "publication: 12,000 \u2192 15,000 (+3,000, +25%); not declared by any correction"),
    ("PM602", "postmortems/2026-05-09-moved.yaml", 12, 23, "impact.customers_affected revised upward after "
     "publication: 40 \u2192 41 (+1, +2%); not declared by any correction"),
    ("PM605", "postmortems/2026-05-01-deleted.yaml", 1, 1, "published postmortem "
     "postmortems/2026-05-01-deleted.yaml (id 2026-05-01-deleted) was deleted (published in HEAD); no file "
     "carries its id any more"),
    ("PM605", "postmortems/2026-05-01-untracked.yaml", 1, 1, "published postmortem "
     "postmortems/2026-05-01-untracked.yaml (id 2026-05-01-untracked) is no longer tracked by git (published "
     "in HEAD): the file is still on the disk, but a commit without it deletes it from the repository (as "
     "after 'git rm --cached')"),
    ("PM606", "postmortems/2026-05-09-moved.yaml", 2, 1, "published postmortem renamed: "
     "postmortems/2026-05-01-moved.yaml \u2192 postmortems/2026-05-09-moved.yaml, with no trace"),
]


def _history_findings(diags: list[dict[str, Any]]) -> list[tuple[str, str, int, int, str]]:
    return sorted((d["code"], d["path"], d["line"], d["col"], d["message"]) for d in diags
                  if d["code"].startswith("PM6"))


def test_findings_unchanged_with_renames_uncommitted_changes_and_a_fact_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: every file, and the repository-wide pass, find what they found before."""
    repo = _busy_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    files = sorted(str(p.relative_to(repo.root)) for p in (repo.root / "postmortems").glob("*.yaml"))
    code, diags = check_json("--jobs", "1", "--repo-wide", *files, capsys=capsys)
    assert code == 1
    assert _history_findings(diags) == BUSY_FINDINGS
    # The same in worker processes forked after the base texts were read through the
    # persistent cat-file (each reads through its own).
    code, diags = check_json("--jobs", "2", "--repo-wide", *files, capsys=capsys)
    assert code == 1
    assert _history_findings(diags) == BUSY_FINDINGS


def test_index_from_the_rename_diff_is_what_ls_files_says(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard: what the index holds, told from the rename diff and the base listing, is what
    ``git ls-files --cached`` lists of the files on the disk (the only ones it is asked of), in
    every state of the files above (and with a folder replaced by a link, where the diff cannot
    tell and git is asked). A file gone from the disk may be in the index or not: the diff says
    deleted either way, which is why the untracked ones are looked for among those on the disk."""
    def on_disk(paths: set[str] | None) -> set[str]:
        assert paths is not None
        return {path for path in paths if os.path.lexists(repo.root / path)}

    repo = _busy_repo(tmp_path)
    repo.write("postmortems/notes.md", "not added\n")
    monkeypatch.chdir(repo.root)
    opened = open_repository([str(repo.root / PM)])
    assert opened.head is not None
    for specs in (["postmortems"], ["."]):
        listed = opened.tree_files(opened.head, specs)
        opened.renames(opened.head, [])
        assert on_disk(opened.tracked_at(opened.head, listed, specs)) == on_disk(opened.tracked(specs))
    (repo.root / "elsewhere").mkdir()
    (repo.root / "postmortems").rename(repo.root / "elsewhere/postmortems")
    (repo.root / "postmortems").symlink_to("elsewhere/postmortems")
    listed = opened.tree_files(opened.head, ["postmortems"])
    opened.renames(opened.head, [])
    assert opened.tracked_at(opened.head, listed, ["postmortems"]) == opened.tracked(["postmortems"])
    assert "postmortems/2026-03-02-queue.yaml" in opened.tracked(["postmortems"])


def _record_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """From now on, the command of every process this one starts, in order (until undone)."""
    started: list[list[str]] = []
    real_init = subprocess.Popen.__init__

    def init(self: subprocess.Popen[Any], args: Any, *more: Any, **options: Any) -> None:
        started.append([str(arg) for arg in args])
        real_init(self, args, *more, **options)

    monkeypatch.setattr(subprocess.Popen, "__init__", init)
    return started


def test_history_versions_and_base_texts_share_one_cat_file(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The versions of a file's history (``show``) came from gitpython's persistent ``cat-file
    --batch`` and the base texts from a ``cat-file --batch`` of their own: two processes where
    one does. Now both are read through the persistent one."""
    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    opened = open_repository([PM])
    started = _record_processes(monkeypatch)
    assert opened.show("HEAD", PM) == PUBLISHED
    base = read_baseline([PM], "HEAD", opened=opened)
    monkeypatch.undo()
    assert base.texts == {PM: PUBLISHED}
    assert [command[1:] for command in started if "cat-file" in command] == [["cat-file", "--batch"]]


def test_many_base_texts_are_read_in_one_batch_of_their_own(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked one at a time, the persistent ``cat-file`` has git and pmkit wait for each other:
    the 1,000 base texts of a repository-wide hook took 140-160 ms where one batch takes 90 ms.
    More than PERSISTENT_BLOBS are read in one ``cat-file --batch`` of their own, as before."""
    from pmkit.history import PERSISTENT_BLOBS

    repo, names = many_published(tmp_path / "repo", PERSISTENT_BLOBS + 1)
    committed = [repo.read(name) for name in names]
    for name in names:  # (edited: a file as committed is its base version, read from the disk)
        repo.write(name, repo.read(name) + "# edited\n")
    opened, texts, cat_files = _base_read(monkeypatch, repo, names)
    assert texts == committed
    # (git is asked which of the listed versions' objects it has while the files are hashed,
    # before it is known that none of them is as committed: one --batch-check, then the read)
    assert cat_files == [["cat-file", "--batch-check"], ["cat-file", "--batch"]]
    assert opened._readers == {}  # the persistent one was not started


def _base_read(monkeypatch: pytest.MonkeyPatch, repo: GitRepo,
               names: list[str]) -> tuple[Any, list[str | None], list[list[str]]]:
    """The base version of ``names`` read in ``repo``: the opened repository, the texts, and the
    ``cat-file`` processes the read started."""
    monkeypatch.chdir(repo.root)
    opened = open_repository(names)
    started = _record_processes(monkeypatch)
    base = read_baseline(names, "HEAD", opened=opened)
    monkeypatch.undo()
    return opened, [base.texts[name] for name in names], [command[1:] for command in started
                                                          if "cat-file" in command]


def test_forked_process_reads_through_its_own_cat_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The persistent ``cat-file`` now also reads the base texts, so a run that forks worker
    processes has started it before the fork: a worker must not read from the parent's pipes
    (two workers would take each other's answers)."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    base = read_baseline([PM], "HEAD")
    assert base.texts[PM] == PUBLISHED
    parent_reader = base.evidence._reader()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        try:
            text = base.evidence.show("HEAD", PM)
            answer = {"own": base.evidence._reader() is not parent_reader, "same": text == PUBLISHED}
            os.write(write, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = json.loads(pipe.read() or b"{}")
    os.waitpid(pid, 0)
    assert answer == {"own": True, "same": True}
    assert base.evidence.show("HEAD", PM) == PUBLISHED  # the parent's still answers


def test_base_texts_after_the_reader_stopped_are_read_again(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """When the persistent ``cat-file`` no longer answers (it ends at a corrupt object, or was
    killed), the base texts still come, from one ``cat-file --batch`` of their own."""
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    opened = open_repository([PM])
    reader = opened._reader()
    assert opened.show("HEAD", PM) == PUBLISHED
    reader.cat_file_all.proc.kill()
    reader.cat_file_all.proc.wait()
    spec = f"{opened.head}:{PM}"
    assert opened.blobs([spec]) == {spec: PUBLISHED.encode()}
    assert opened.show("HEAD", PM) == PUBLISHED  # and the history's versions, from a new one


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_base_texts_from_a_cat_file_that_does_not_answer_are_given_up_on(tmp_path: Path) -> None:
    """Read through gitpython's persistent ``cat-file`` (which has no time limit), the base texts
    are still given up on after the limit every git command has, as when they had a process of
    their own: the history rules say so, the check goes on."""
    repo = hook_repo(tmp_path)
    fake = git_that_hangs_on(tmp_path / "bin", "cat-file")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{fake}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    program = PMKIT_GIT_TIMEOUT_1
    done = subprocess.run([sys.executable, "-c", program, "check", "--select", "PM6", PM], cwd=repo.root,
                          env=env, capture_output=True, text=True, check=False, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (f"{PM}:1:1: PM600 history rules (PM6xx) skipped: git cat-file "
                                           "failed (git did not answer within 1 s) (history-unavailable)")


# --- one resolution of each folder ----------------------------------------------------------------


def test_folder_linked_out_of_the_repository_is_outside_for_one_file_and_many(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """``postmortems`` is a link (committed) to a folder outside the repository: git holds the
    link, not the files. The files' names were resolved by one cache and the log's folders by
    another, which disagreed: checked with 16 files or fewer (the log read by file) a file
    counted as a draft not committed yet, so PM413 said nothing; with more (by folder) the
    files were outside the repository, as the base (PM600) said in both runs. Now both say so."""
    outside = tmp_path / "shared" / "postmortems"
    outside.mkdir(parents=True)
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "notes\n")
    (repo.root / "postmortems").symlink_to(outside)
    repo.commit("Link the shared postmortems")
    for index in range(17):
        (outside / f"pm{index:02d}.yaml").write_text(
            PUBLISHED.replace("2026-03-02-queue", f"2026-03-02-queue-{index:02d}"), encoding="utf-8")
    monkeypatch.chdir(repo.root)
    one = "postmortems/pm00.yaml"
    why = f"the files are outside the repository at {repo.root.resolve()}"
    expected = [
        ("PM413", f"no git evidence for disclosure dates: {why}; relying on the dates in the documents "
                  "(said once per run)"),
        ("PM600", f"history rules (PM6xx) skipped: {why}"),
    ]
    for files in ([one], sorted(f"postmortems/{p.name}" for p in outside.iterdir())):
        _code, diags = check_json("--jobs", "1", *files, capsys=capsys)
        assert [(d["code"], d["message"]) for d in diags
                if d["path"] == one and d["code"] in ("PM413", "PM600")] == expected, len(files)


def test_one_folder_cache_for_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository opened once for a run and the evidence and base read on it resolve each
    folder once, in one cache: a folder named two ways (through a link inside the repository,
    and as it is) is the same folder for the log, the base listing and the files' names."""
    repo = published_repo(tmp_path)
    (repo.root / "current").symlink_to("postmortems")
    monkeypatch.chdir(repo.root)
    paths = ["current/2026-03-02-queue.yaml", PM]
    opened = open_repository(paths)
    evidence = read_evidence(paths, opened)
    base = read_baseline(paths, "HEAD", opened=opened)
    assert evidence._real_folders is opened._real_folders is base.evidence._real_folders
    assert {evidence.relative(p) for p in paths} == {PM}
    assert base.base_paths == {PM: PM}
    assert [c.status for c in evidence.history(paths[0])] == ["A"]
    assert sorted(opened._real_folders) == [str(repo.root / "current"), str(repo.root / "postmortems")]


def test_file_dates_resolve_each_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: Any) -> None:
    """The dates of each file (PM4xx) resolved the file's whole path once more, outside the
    run's folder cache: one resolution per file of a folder of hundreds. Now each name goes
    through the cache, as the log's and the base's do: the folder is resolved once."""
    repo = GitRepo(tmp_path / "repo")
    for index in range(20):
        repo.write(f"postmortems/pm{index:02d}.yaml", PUBLISHED.replace("2026-03-02-queue", f"q-{index:02d}"))
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    resolved: list[str] = []
    real_resolve = Path.resolve

    def resolve(self: Path, strict: bool = False) -> Path:
        resolved.append(str(self))
        return real_resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", resolve)
    code, diags = check_json("--jobs", "1", "--select", "PM4", "postmortems", capsys=capsys)
    monkeypatch.undo()
    assert code == 0 and not [d for d in diags if d["code"] == "PM413"]
    assert [name for name in resolved if "postmortems/pm" in name] == []
