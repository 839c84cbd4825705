"""pmkit inside the git workflows engineers use (the pre-commit framework during 'git commit',
'git rm --cached', linked worktrees, ...): cases found in the twelfth round, each failing
before its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, published_repo
from history_git import pmkit_json as check_json
from ruamel.yaml import YAML

from pmkit.cli import main

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def _pre_commit() -> str | None:
    exe = Path(sys.executable).with_name("pre-commit")
    return str(exe) if exe.exists() else shutil.which("pre-commit")


needs_pre_commit = pytest.mark.skipif(
    os.environ.get("PMKIT_SKIP_PRECOMMIT") == "1" or _pre_commit() is None,
    reason="PMKIT_SKIP_PRECOMMIT=1, or pre-commit is not installed")


def install_hooks(repo: GitRepo, *ids: str, stage: str = "pre-commit") -> dict[str, str]:
    """The manifest's hooks ``ids``, run with this environment's pmkit, installed as the
    repository's git ``stage`` hook by the real pre-commit; the environment to run git with."""
    manifest: list[dict[str, Any]] = YAML(typ="safe").load(MANIFEST.read_text())
    pmkit = Path(sys.executable).with_name("pmkit")
    hooks = []
    for hook in (dict(h) for h in manifest if h["id"] in ids):
        hook.update(language="system", entry=f"{pmkit} {str(hook['entry']).removeprefix('pmkit ')}")
        hook.pop("minimum_pre_commit_version", None)
        hook["stages"] = [stage]
        hooks.append(hook)
    with (repo.root / ".pre-commit-config.yaml").open("w") as out:
        YAML(typ="safe").dump({"repos": [{"repo": "local", "hooks": hooks}]}, out)
    repo.commit("Add the pre-commit configuration")
    env = repo.env()
    env.update(PRE_COMMIT_HOME=str(repo.root.parent / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    pre_commit = _pre_commit()
    assert pre_commit is not None
    subprocess.run([pre_commit, "install", "-t", stage], cwd=repo.root, env=env, check=True,
                   capture_output=True)
    return env


def git_commit(repo: GitRepo, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``git commit ARGS`` with its hooks, stdout and stderr together."""
    return subprocess.run(["git", "commit", *args], cwd=repo.root, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)


UNTRACKED = (f"{PM}:1:1: PM605 published postmortem {PM} (id 2026-03-02-queue) is no longer tracked "
             "by git (published in {base}): the file is still on the disk, but a commit without it "
             "deletes it from the repository (as after 'git rm --cached')")


@needs_pre_commit
def test_a_published_postmortem_untracked_with_git_rm_cached_is_stopped_by_the_hook(tmp_path: Path) -> None:
    """'git rm --cached' of a published postmortem, then 'git commit': the commit deletes it from
    the repository, but the file stays in the folder, where pmkit looked for it, so the
    repository-wide hook passed and the postmortem left the repository in silence."""
    repo = published_repo(tmp_path)
    env = install_hooks(repo, "pmkit-history-repo")
    repo.git("rm", "-q", "--cached", PM)
    done = git_commit(repo, env, "-m", "Stop tracking the queue postmortem")
    assert done.returncode == 1, done.stdout
    assert UNTRACKED.format(base="HEAD") in done.stdout
    assert f"hint: Track it again ('git add -- {PM}')" in done.stdout
    assert repo.git("log", "-1", "--format=%s").strip() == "Add the pre-commit configuration"


def test_a_published_postmortem_untracked_in_a_pushed_commit_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The same commit made with --no-verify, checked against the commit before it (the pre-push
    hook, or CI on the developer's machine): the file on the disk hid the deletion."""
    repo = published_repo(tmp_path)
    repo.git("rm", "-q", "--cached", PM)
    repo.git("commit", "-q", "--no-verify", "-m", "Stop tracking the queue postmortem")
    assert (repo.root / PM).is_file()
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM605", "--base", "HEAD~1", "postmortems",
                             capsys=capsys)
    assert code == 1
    assert [f"{d['path']}:{d['line']}:{d['col']}: {d['code']} {d['message']}" for d in diags] == [
        UNTRACKED.format(base="HEAD~1")]
    # Tracked again, nothing is said.
    repo.git("add", PM)
    code, diags = check_json("--repo-wide", "--select", "PM605", "--base", "HEAD~1", "postmortems",
                             capsys=capsys)
    assert (code, diags) == (0, [])


def test_a_deleted_postmortem_still_staged_is_still_deleted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Deleted from the disk but not from the index: deleted, restored from the base, as before."""
    repo = published_repo(tmp_path)
    (repo.root / PM).unlink()
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM605", "postmortems", capsys=capsys)
    assert code == 1
    assert [d["message"] for d in diags] == [
        f"published postmortem {PM} (id 2026-03-02-queue) was deleted (published in HEAD); no file "
        "carries its id any more"]
    assert f"git checkout {repo.git('rev-parse', 'HEAD')[:10]} -- {PM}" in diags[0]["hint"]


def _pushable(tmp_path: Path) -> tuple[GitRepo, str, str]:
    """The published postmortem on main, and a branch 'fix' that changes a published figure in
    silence, with main checked out: (repository, main's commit, fix's commit)."""
    repo = published_repo(tmp_path)
    main_sha = repo.git("rev-parse", "HEAD").strip()
    repo.git("switch", "-q", "-c", "fix")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    fix_sha = repo.commit("Raise the count")
    repo.git("switch", "-q", "main")
    return repo, main_sha, fix_sha


def test_a_push_of_a_branch_not_checked_out_is_not_judged_by_the_files_on_the_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """pre-commit at pre-push ('git push origin fix' from main) names the pushed commit
    PRE_COMMIT_TO_REF but leaves main checked out: pmkit read main's files, and passed a push
    that changes a published fact in silence. It says what is on the disk and how to check the
    push, and stops it (exit 2)."""
    repo, main_sha, fix_sha = _pushable(tmp_path)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", main_sha)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", fix_sha)
    monkeypatch.setenv("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/fix")
    assert main(["check", "--select", "PM0,PM6", PM]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"pmkit: pre-commit checks commit {fix_sha[:10]} (PRE_COMMIT_TO_REF, what is pushed), "
                   "but pmkit reads the files on the disk, which are another commit's (HEAD is "
                   f"{main_sha[:10]}): {PM} differs there. Check out what is pushed ('git switch fix') "
                   "and push again\n")
    # The repository-wide hook asks only which files there are: the same in both.
    assert main(["check", "--repo-wide", "--select", "PM600,PM605,PM606"]) == 0
    capsys.readouterr()
    # Checked out, the push is checked: the silent change is found.
    repo.git("switch", "-q", "fix")
    assert main(["check", "--select", "PM0,PM6", PM]) == 1
    assert "PM601 impact.users_affected changed from 12000 to 15000" in capsys.readouterr().out


def test_a_push_with_changes_not_committed_is_not_judged_by_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The branch pushed is checked out, but an edit not committed (a correction being written)
    is on the disk: pmkit judged it instead of the commit pushed (pre-commit puts such changes
    aside only for 'git commit')."""
    repo, main_sha, fix_sha = _pushable(tmp_path)
    repo.git("switch", "-q", "fix")
    repo.edit(PM, "corrections: []\n",
              "corrections:\n  - {at: 2026-11-20, description: 'The count is 15,000.'}\n")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", main_sha)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", fix_sha)
    assert main(["check", "--select", "PM0,PM6", PM]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: pre-commit checks commit {fix_sha[:10]} (PRE_COMMIT_TO_REF, what is pushed), but pmkit "
        f"reads the files on the disk, and {PM} has changes there that are not committed. Commit them, or "
        "put them aside ('git stash'), and push again\n")
    # The repository-wide hook asks only which files are there: an edit inside one is no matter,
    # a deletion not committed is.
    assert main(["check", "--repo-wide", "--select", "PM600,PM605,PM606"]) == 0
    capsys.readouterr()
    (repo.root / PM).unlink()
    assert main(["check", "--repo-wide", "--select", "PM600,PM605,PM606"]) == 2
    assert f"{PM} has changes there that are not committed" in capsys.readouterr().err
    # Changes elsewhere are none of the push's files' business.
    repo.git("checkout", "-q", "--", PM)
    repo.git("stash", "-q")
    repo.write("notes.txt", "draft\n")
    assert main(["check", "--select", "PM0,PM6", PM]) == 1


@needs_pre_commit
def test_the_hooks_at_pre_push_stop_a_branch_pushed_from_another(tmp_path: Path) -> None:
    """The manifest's history hooks at the pre-push stage, run by the real pre-commit on 'git push
    origin fix' with main checked out: the file hook passed main's version of the file."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, capture_output=True)
    repo = published_repo(tmp_path)
    env = install_hooks(repo, "pmkit-history", "pmkit-history-repo", stage="pre-push")
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    repo.git("switch", "-q", "-c", "fix")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("Raise the count")
    repo.git("switch", "-q", "main")
    done = subprocess.run(["git", "push", "origin", "fix"], cwd=repo.root, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    assert done.returncode != 0, done.stdout
    assert done.stdout.count("Check out what is pushed ('git switch fix') and push again") == 1, done.stdout
    assert "fix -> fix" not in done.stdout


def test_the_plain_pre_push_hook_does_not_judge_another_branchs_files(tmp_path: Path) -> None:
    """pmkit's plain pre-push hook, 'git push origin fix' with main checked out: it checked
    main's files against the remote's commit and let the silent change through; checked out,
    the same push is refused for the change. It now refuses a push whose postmortems are not
    the files on the disk, and says why."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, capture_output=True)
    repo, _, fix_sha = _pushable(tmp_path)
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    repo.git("remote", "set-head", "origin", "main")
    shutil.copy(ROOT / "hooks" / "pre-push", repo.root / ".git" / "hooks" / "pre-push")
    env = {**repo.env(), "PMKIT": f"{sys.executable} -m pmkit", "PMKIT_ARGS": "--select PM0,PM6",
           "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}

    def push() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "push", "origin", "fix"], cwd=repo.root, env=env, text=True,
                              capture_output=True, check=False)

    done = push()
    assert done.returncode == 1, done.stdout + done.stderr
    assert (f"pmkit: the postmortems on the disk are not those of refs/heads/fix ({fix_sha}), which is "
            "pushed, and pmkit reads the files on the disk: check it out, commit or stash the changes, "
            "and push again.") in done.stderr.splitlines()
    repo.git("switch", "-q", "fix")
    done = push()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "PM601 impact.users_affected changed from 12000 to 15000" in done.stdout
    assert "not those of" not in done.stderr


@needs_pre_commit
def test_the_hint_of_a_hook_in_a_linked_worktree_is_a_plain_git_command(tmp_path: Path) -> None:
    """A commit in a linked worktree ('git worktree add'), whose hooks git runs with GIT_DIR set:
    pmkit found no repository of the current folder and hinted 'git -C . checkout ...'."""
    repo = published_repo(tmp_path)
    env = install_hooks(repo, "pmkit-history-repo")
    base = repo.git("rev-parse", "HEAD").strip()
    worktree = GitRepo.__new__(GitRepo)
    worktree.root, worktree.clock = tmp_path / "worktree", 0
    repo.git("worktree", "add", "-q", "-b", "tidy", str(worktree.root))
    worktree.git("rm", "-q", PM)
    done = subprocess.run(["git", "commit", "-m", "Remove the queue postmortem"], cwd=worktree.root, env=env,
                          text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    assert done.returncode == 1, done.stdout
    assert f"hint: Restore it ('git checkout {base[:10]} -- {PM}')" in done.stdout


MOVED = "postmortems/queue.yaml"


@needs_pre_commit
def test_a_published_postmortem_moved_with_mv_and_committed_with_commit_a_is_stopped(tmp_path: Path) -> None:
    """'mv' of a published postmortem to a new name, then 'git commit -a', which stages the
    deletion but leaves the new, untracked name out: the commit deleted the postmortem from the
    repository, and the repository-wide hook passed it because a file on the disk carried its id."""
    repo = published_repo(tmp_path)
    env = install_hooks(repo, "pmkit-history-repo")
    (repo.root / PM).rename(repo.root / MOVED)
    repo.edit(MOVED, "corrections: []\n",
              f"corrections:\n  - {{at: 2026-11-20, description: 'Moved from {PM}.'}}\n")
    done = git_commit(repo, env, "-a", "-m", "Give the queue postmortem a shorter name")
    assert done.returncode == 1, done.stdout
    assert (f"{PM}:1:1: PM605 published postmortem {PM} (id 2026-03-02-queue) was deleted (published in "
            f"HEAD); {MOVED} carries its id, but git does not track that file, so the repository loses it "
            "(published-deleted)") in done.stdout
    assert f"hint: Add the file that carries it ('git add -- {MOVED}')" in done.stdout
    repo.git("add", MOVED)
    done = git_commit(repo, env, "-a", "-m", "Give the queue postmortem a shorter name")
    assert done.returncode == 0, done.stdout
    status, *names = repo.git("show", "--name-status", "--format=", "HEAD").split()
    assert status.startswith("R") and names == [PM, MOVED]  # committed as the move it is


OTHER = "postmortems/2026-04-01-other.yaml"


def _published_locally(tmp_path: Path) -> GitRepo:
    """The queue postmortem published and pushed, and a second one published in a commit not
    pushed yet."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, capture_output=True)
    repo = published_repo(tmp_path)
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    repo.write(OTHER, repo.read(PM).replace("2026-03-02-queue", "2026-04-01-other"))
    repo.commit("Publish the other postmortem")
    return repo


def test_a_publication_taken_back_before_it_is_pushed_is_no_deletion(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A postmortem committed as published by mistake, and taken back before the push ('git rm',
    'git commit --amend'): PM605 refused the amend, as if readers had seen it, while PM601 lets
    an unpushed publication change. A deletion of what was pushed is still reported."""
    repo = _published_locally(tmp_path)
    repo.git("rm", "-q", OTHER)
    monkeypatch.chdir(repo.root)
    assert check_json("--repo-wide", "--select", "PM605,PM606", capsys=capsys) == (0, [])
    repo.git("rm", "-q", PM)
    code, diags = check_json("--repo-wide", "--select", "PM605,PM606", capsys=capsys)
    assert (code, [(d["code"], d["path"]) for d in diags]) == (1, [("PM605", PM)])


def test_a_publication_not_pushed_yet_may_go_back_to_draft_or_move(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The same postmortem, published in a commit not pushed yet: set back to draft (PM604) or
    renamed (PM606) before the push, it was refused as a published one. The pushed one still is."""
    repo = _published_locally(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.edit(OTHER, "status: published", "status: draft")
    assert check_json("--select", "PM6", OTHER, capsys=capsys) == (0, [])
    repo.git("checkout", "-q", "--", OTHER)
    repo.git("mv", OTHER, "postmortems/other.yaml")
    assert check_json("--select", "PM6", "postmortems/other.yaml", capsys=capsys) == (0, [])
    repo.edit(PM, "status: published", "status: draft")
    code, diags = check_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (1, ["status moved back from published (HEAD) to draft"])


def test_a_file_of_a_linked_folder_that_git_tracks_keeps_its_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """postmortems/ a committed link to docs/pm/, and a published postmortem rewritten into a new
    file under its id, both staged: the new file, tracked as docs/pm/new.yaml, was looked for in
    the index as postmortems/new.yaml, and the move was also a deletion (PM605). Left untracked,
    it is."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("docs/pm/queue.yaml", PUBLISHED)
    (repo.root / "postmortems").symlink_to("docs/pm")
    repo.commit("Publish the queue postmortem")
    repo.git("rm", "-q", "docs/pm/queue.yaml")
    repo.write("docs/pm/new.yaml", "pmkit: 1\nid: 2026-03-02-queue\ntitle: Queue\nstatus: draft\nlang: en\n"
               "severity: SEV2\n")
    repo.git("add", "docs/pm/new.yaml")
    monkeypatch.chdir(repo.root)
    code, diags = check_json("--repo-wide", "--select", "PM605,PM606", "postmortems", capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM606"])
    repo.git("rm", "-q", "--cached", "docs/pm/new.yaml")
    code, diags = check_json("--repo-wide", "--select", "PM605", "postmortems", capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM605"])
    assert "carries its id, but git does not track that file" in diags[0]["message"]


def test_the_fetch_a_missing_base_needs_names_that_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A CI checkout of depth 1 ('actions/checkout' with its default depth), and '--base
    origin/trunk' for a repository whose pull requests go to trunk: the hint said to fetch
    'origin main', another branch, which left the base missing."""
    origin = published_repo(tmp_path)
    origin.git("branch", "trunk")
    ci = tmp_path / "ci"
    origin.git("clone", "-q", "--depth", "1", "--no-local", "--single-branch", str(origin.root), str(ci))
    monkeypatch.chdir(ci)
    # A single-branch clone's fetch of another branch sets no remote-tracking branch unless told to.
    trunk = "'git fetch --depth=1 origin trunk:refs/remotes/origin/trunk'"
    for base, steps in (
            ("origin/trunk", f"e.g. {trunk}"),
            ("trunk", f"a branch with {trunk}, then pass --base origin/trunk; a tag with 'git fetch "
                      "--depth=1 origin tag trunk', then pass --base trunk"),
            ("refs/remotes/origin/release/2.1",
             "e.g. 'git fetch --depth=1 origin release/2.1:refs/remotes/origin/release/2.1'")):
        assert main(["check", "--select", "PM6", "--base", base, "postmortems"]) == 2
        assert capsys.readouterr().err == (
            f"pmkit: --base {base}: names no commit in this repository; this is a shallow clone: fetch the "
            f"base ({steps}) or use actions/checkout with fetch-depth: 0\n")
    subprocess.run(["git", "fetch", "-q", "--depth=1", "origin", "trunk:refs/remotes/origin/trunk"], cwd=ci,
                   check=True)
    assert main(["check", "--select", "PM6", "--base", "origin/trunk", "postmortems"]) == 0
