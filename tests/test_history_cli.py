"""`pmkit history FILE` and the git edge cases: clear messages, never a traceback."""

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
    GitRepo,
    found,
    git_that_hangs_on,
    pmkit_json,
    published_repo,
)

from pmkit.cli import main

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture(autouse=True)
def _no_pre_commit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)


def history(*args: str, capsys: Any) -> tuple[int, str, str]:
    code = main(["history", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def trail_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """draft → published → silent change → declared correction → rename → uncommitted edit."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft").replace(
        "users_affected: 12000", "users_affected: 11000"))
    repo.commit("Draft the queue postmortem", date="2026-03-03T10:00:00Z")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "- at: 2026-03-02T10:05:00Z", "- at: 2026-03-02T10:06:00Z")
    repo.commit("Tidy the timeline", date="2026-03-06T09:00:00Z")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.edit(PM, "corrections: []\n",
              "corrections:\n  - {at: 2026-03-07, description: 'The final count is 15,000 users.',"
              " fields: [impact.users_affected]}\n")
    repo.commit("Correct the user count", date="2026-03-07T09:00:00Z")
    repo.git("mv", PM, "postmortems/queue.yaml")
    repo.commit("Rename", date="2026-03-08T09:00:00Z")
    repo.edit("postmortems/queue.yaml", "customers_affected: 40", "customers_affected: 45")
    monkeypatch.chdir(repo.root)
    return repo


def test_history_text(trail_repo: GitRepo, capsys: Any) -> None:
    code, out, err = history("postmortems/queue.yaml", capsys=capsys)
    assert (code, err) == (0, "")
    body = [line.split("  ", 2)[-1] if line[:1].isdigit() else line for line in out.splitlines()]
    assert body == [
        f"History of postmortems/queue.yaml: 5 commits (renamed from {PM})",
        "",
        f"added as {PM}  status: draft",
        "    Draft the queue postmortem",
        "",
        "modified  status: draft → published",
        "    Publish",
        "    impact.users_affected: 11000 → 12000   [before publication]",
        "",
        "modified  status: published",
        "    Tidy the timeline",
        "    timeline[1].at: 2026-03-02T10:05:00Z → 2026-03-02T10:06:00Z"
        "   [SILENT: no correction declares it]",
        "",
        "modified  status: published",
        "    Correct the user count",
        "    impact.users_affected: 12000 → 15000   [declared by the correction of 2026-03-07]",
        "    + correction 2026-03-07: The final count is 15,000 users.",
        "",
        f"renamed from {PM}  status: published",
        "    Rename",
        "",
        "(uncommitted)      uncommitted  status: published",
        "    impact.customers_affected: 40 → 45   [SILENT: no correction declares it]",
    ]
    assert out.splitlines()[2].startswith("2026-03-03 10:00 +0000  ")


def test_history_json(trail_repo: GitRepo, capsys: Any) -> None:
    code, out, _ = history("--format", "json", "postmortems/queue.yaml", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["file"] == "postmortems/queue.yaml" and payload["shallow"] is False
    entries = payload["entries"]
    assert [e["change"] for e in entries] == ["added", "modified", "modified", "modified", "renamed",
                                             "uncommitted"]
    assert [e["status"] for e in entries] == ["draft", "published", "published", "published",
                                             "published", "published"]
    assert entries[0]["date"] == "2026-03-03T10:00:00+00:00"
    assert entries[2]["facts"] == [{
        "field": "timeline[1].at", "old": "2026-03-02T10:05:00Z", "new": "2026-03-02T10:06:00Z",
        "kind": "changed", "declared_by": [], "silent": True}]
    correction = {"index": 0, "at": "2026-03-07", "description": "The final count is 15,000 users.",
                  "fields": ["impact.users_affected"]}
    assert entries[3]["facts"] == [{
        "field": "impact.users_affected", "old": "12000", "new": "15000", "kind": "changed",
        "declared_by": [correction], "silent": False}]
    assert entries[3]["corrections_added"] == [correction]
    assert entries[4]["renamed_from"] == PM and entries[5]["commit"] is None


def test_history_shows_a_merge_that_changed_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.git("checkout", "-q", "-b", "side")
    repo.edit(PM, "customers_affected: 40", "customers_affected: 41")
    repo.commit("side: 41 customers")
    repo.git("checkout", "-q", "main")
    repo.edit(PM, "customers_affected: 40", "customers_affected: 42")
    repo.commit("main: 42 customers")
    repo.git("merge", "-q", "side", check=False)  # conflicts; resolved to a third value
    repo.write(PM, PUBLISHED.replace("customers_affected: 40", "customers_affected: 43"))
    repo.commit("Merge side")
    _code, out, _ = history("--format", "json", PM, capsys=capsys)
    entries = json.loads(out)["entries"]
    merges = [e for e in entries if e["merge"]]
    assert len(merges) == 1 and merges[0]["change"] == "merge"
    assert [(f["field"], f["old"], f["new"]) for f in merges[0]["facts"]] == [
        ("impact.customers_affected", "42", "43")]
    assert sorted(e["subject"] for e in entries) == [
        "Merge side", "Publish the queue postmortem", "main: 42 customers", "side: 41 customers"]


def test_history_of_a_file_not_committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.write("postmortems/new.yaml", PUBLISHED)
    code, out, _ = history("postmortems/new.yaml", capsys=capsys)
    assert code == 0
    assert out.splitlines()[:2] == ["History of postmortems/new.yaml: 0 commits", ""]
    assert "(uncommitted)" in out
    code, out, err = history("postmortems/nwe.yaml", capsys=capsys)  # a typo: no file, no history
    assert (code, out) == (2, "")
    assert err == "pmkit: postmortems/nwe.yaml: no such file, and no commit ever had it\n"


def test_history_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    (tmp_path / "pm.yaml").write_text(PUBLISHED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = history("pm.yaml", capsys=capsys)
    assert (code, out) == (2, "")
    assert err == "pmkit: pm.yaml: cannot read the history: not inside a git repository\n"
    code, out, err = history("pm.yml", capsys=capsys)  # a typo, and no repository either
    assert (code, out) == (2, "")
    assert err == "pmkit: pm.yml: no such file (not inside a git repository)\n"


def test_history_in_a_repository_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    monkeypatch.chdir(repo.root)
    code, out, _ = history(PM, capsys=capsys)
    assert code == 0
    assert out.splitlines()[:2] == [f"History of {PM}: 0 commits",
                                    "note: the current branch has no commits yet"]


# --- the rules' edge cases ----------------------------------------------------------------


def test_outside_git_the_rules_say_so_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: Any) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(PUBLISHED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, diags = pmkit_json("--select", "PM6", "a.yaml", "b.yaml", capsys=capsys)
    assert (code, found(diags)) == (0, [("PM600", 1, 1)])
    assert diags[0]["severity"] == "info"
    assert diags[0]["message"] == "history rules (PM6xx) skipped: not inside a git repository"
    assert main(["check", "--select", "PM6", "--base", "main", "a.yaml"]) == 2
    assert "--base main: not inside a git repository" in capsys.readouterr().err


def test_new_files_are_not_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # A new postmortem's first commit has no history to compare: nothing to say, even to
    # --fail-on info (which a notice here would make fail every first commit).
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    repo.write("postmortems/b.yaml", PUBLISHED.replace("2026-03-02-queue", "b"))
    repo.write("postmortems/c.yaml", PUBLISHED.replace("2026-03-02-queue", "c"))
    repo.git("add", "-A")
    code, diags = pmkit_json("--select", "PM412,PM413,PM6", "--fail-on", "info", "postmortems/b.yaml",
                             "postmortems/c.yaml", PM, capsys=capsys)
    assert (code, found(diags)) == (0, [])


def test_repository_without_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # The first commit of a new repository: every file is new, nothing to compare or to say.
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412,PM413,PM6", "--fail-on", "info", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    # A base named on purpose is still said to be missing.
    assert main(["check", "--select", "PM6", "--base", "HEAD~1", PM]) == 2
    assert "--base HEAD~1: the current branch has no commits yet" in capsys.readouterr().err


def test_repo_wide_in_a_repository_without_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: Any) -> None:
    # The first commit of an orphan branch with the pmkit-history-repo hook: nothing was
    # published, so nothing can have been deleted, and nothing is said.
    repo = published_repo(tmp_path)
    repo.git("checkout", "-q", "--orphan", "pages")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6", "--fail-on", "info", "--repo-wide", "postmortems",
                             capsys=capsys)
    assert (code, diags) == (0, [])


def test_repo_wide_from_another_folder_is_no_silent_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: Any) -> None:
    # Run from inside the postmortems folder, 'postmortems' names a folder that is neither here
    # nor in the base tree: a CI job in the wrong folder, which passed with nothing checked.
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root / "postmortems")
    assert main(["check", "--select", "PM6", "--repo-wide", "--base", "HEAD", "postmortems"]) == 2
    assert capsys.readouterr().err == "pmkit: postmortems: no such file or folder, here or in the base tree\n"
    # A folder deleted since the base is what --repo-wide looks for: its published file is PM605.
    monkeypatch.chdir(repo.root)
    repo.git("rm", "-rq", "postmortems")
    code, diags = pmkit_json("--select", "PM6", "--repo-wide", "--base", "HEAD", "postmortems", capsys=capsys)
    assert code == 1 and [d["code"] for d in diags] == ["PM605"]


def test_git_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    monkeypatch.setitem(sys.modules, "git", None)  # `import git` raises ImportError
    # (as gitpython opens it: a repository of another kind than a plain one, or a run of many files)
    monkeypatch.setattr("pmkit.gitrunner.plain_repository", lambda key: None)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert [d["message"] for d in diags] == [
        "history rules (PM6xx) skipped: git is not available (import of git halted; None in sys.modules)"]
    code, _out, err = history(PM, capsys=capsys)
    assert code == 2 and err.startswith(f"pmkit: {PM}: cannot read the history: git is not available")


def test_a_few_files_of_a_plain_repository_are_read_without_gitpython(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A hook's few files in a plain repository: git is run directly, and gitpython, whose import
    would be a fifth of the check's time, is not needed (not even importable here)."""
    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    monkeypatch.setitem(sys.modules, "git", None)  # `import git` raises ImportError
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"]) for d in diags] == [("PM601", 11), ("PM602", 11)]
    code, out, err = history(PM, capsys=capsys)
    assert (code, err) == (0, "")
    assert "Publish" in out


def test_git_missing_from_path_in_a_real_process(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PATH="", PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM6", PM],
                          cwd=repo.root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"{PM}:1:1: PM600 history rules (PM6xx) skipped: git is not available" in done.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_a_git_that_hangs_is_given_up_on_in_a_real_process(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    fake = git_that_hangs_on(tmp_path / "bin", "*")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PATH=f"{fake}{os.pathsep}{env['PATH']}", PYTHONPATH=str(SRC))
    # gitpython's import asks 'git version' and would wait for ever; pmkit asks first, with a limit.
    # A plain repository is opened without gitpython for a few files: its 'git rev-parse' hangs.
    for program, why in [
        (PMKIT_GIT_TIMEOUT_1,
         f"git did not answer within 1 s in the repository at {repo.root}; pmkit gave up on it"),
        # Opened through gitpython (a repository of another kind, or a run of many files).
        (PMKIT_GIT_TIMEOUT_1.replace("; from pmkit.cli", "; import pmkit.gitrunner as g; "
                                     "g.plain_repository = lambda key: None; from pmkit.cli"),
         "git is not available ('git version' did not answer within 1 s)"),
    ]:
        base = [sys.executable, "-c", program, "check", "--select", "PM6", "--base", "HEAD", PM]
        done = subprocess.run(base, cwd=repo.root, env=env, capture_output=True, text=True, check=False,
                              timeout=50)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"pmkit: --base HEAD: {why}\n")
        done = subprocess.run([sys.executable, "-c", program, "check", "--select", "PM6", PM],
                              cwd=repo.root, env=env, capture_output=True, text=True, check=False, timeout=50)
        assert done.returncode == 0, done.stderr
        assert f"{PM}:1:1: PM600 history rules (PM6xx) skipped: {why} (history-unavailable)" in done.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_a_git_command_that_hangs_is_given_up_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: Any) -> None:
    import git  # noqa: F401  # imported already, as in a long-lived process: each command has a limit

    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    monkeypatch.setattr("pmkit.history.GIT_TIMEOUT", 1)
    path = os.environ["PATH"]
    # The log never comes: the disclosure rules say so, the base is still compared.
    monkeypatch.setenv("PATH", f"{git_that_hangs_on(tmp_path / 'log', 'log')}{os.pathsep}{path}")
    code, diags = pmkit_json("--select", "PM413,PM601", "--fail-on", "info", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["message"]) for d in diags] == [
        ("PM413", "no git evidence for disclosure dates: git log failed (git did not answer within 1 s); "
                  "relying on the dates in the documents (said once per run)"),
        ("PM601", "impact.users_affected changed from 12000 to 15000 since it was published (HEAD), and "
                  "no new correction declares it"),
    ]
    code, _out, err = history(PM, capsys=capsys)
    assert (code, err) == (2, f"pmkit: {PM}: cannot read the history: git log failed (git did not answer "
                              "within 1 s)\n")
    # Not even the repository's HEAD comes.
    monkeypatch.setenv("PATH", f"{git_that_hangs_on(tmp_path / 'all', 'rev-parse')}{os.pathsep}{path}")
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        f"history rules (PM6xx) skipped: git did not answer within 1 s in the repository at "
        f"{repo.root.resolve()}; pmkit gave up on it"])


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_a_git_on_path_that_is_not_git_is_said_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: Any) -> None:
    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.chdir(repo.root)
    import git  # noqa: F401  # gitpython checked the real git; the PATH changes afterwards

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\necho 'usage: tool [options]'\n", encoding="utf-8")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    # Not a silent pass: what it printed is no commit, so nothing was compared.
    why = (f"the 'git' command did not answer like git in the repository at {repo.root.resolve()} "
           "(it printed 'usage: tool [options]'); check which git is on PATH")
    code, diags = pmkit_json("--select", "PM6,PM413", PM, capsys=capsys)
    assert (code, [(d["code"], d["message"]) for d in diags]) == (0, [
        ("PM413", f"no git evidence for disclosure dates: {why}; relying on the dates in the documents "
                  "(said once per run)"),
        ("PM600", f"history rules (PM6xx) skipped: {why}")])
    assert main(["check", "--select", "PM6", "--base", "HEAD", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: --base HEAD: {why}\n"
    assert history(PM, capsys=capsys) == (2, "", f"pmkit: {PM}: cannot read the history: {why}\n")


def test_shallow_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = published_repo(tmp_path)
    repo.edit(PM, "customers_affected: 40", "customers_affected: 41")
    repo.commit("second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True, capture_output=True)
    monkeypatch.chdir(clone)
    # the base of a pull request was not fetched: a usage error that says how to fix it
    assert main(["check", "--select", "PM6", "--base", "HEAD~1", PM]) == 2
    err = capsys.readouterr().err
    assert ": goes back further than this shallow clone: 'HEAD' (" in err
    assert "has 0 commits before it here; fetch more history (git fetch --unshallow" in err
    # against HEAD the shallow clone is enough
    (clone / PM).write_text(repo.read(PM).replace("users_affected: 12000", "users_affected: 13000"),
                            encoding="utf-8")
    code, diags = pmkit_json("--select", "PM601", PM, capsys=capsys)
    assert (code, [d["data"]["field"] for d in diags]) == (1, ["impact.users_affected"])
    code, out, _ = history(PM, capsys=capsys)
    assert code == 0
    assert out.splitlines()[1].startswith("note: this is a shallow clone; the history may be truncated")


def test_corrupt_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    blob = repo.git("rev-parse", f"HEAD:{PM}").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        f"history rules skipped for {PM}: git cannot read its version in HEAD (a missing or corrupt object)"])
    code, out, _ = history(PM, capsys=capsys)
    assert code == 0 and "! this version cannot be read" in out


def test_corrupt_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    (repo.root / ".git" / "HEAD").write_text("garbage\n", encoding="utf-8")
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert diags[0]["message"].startswith("history rules (PM6xx) skipped: the git repository at ")
    assert diags[0]["message"].endswith("cannot be read: it looks corrupt ('git status' there says why)")
    code, _out, err = history(PM, capsys=capsys)
    assert code == 2 and "looks corrupt" in err and "Traceback" not in err


def test_api_text_has_no_history(capsys: Any) -> None:
    from helpers import run

    assert run(PUBLISHED, select=["PM6"]) == []


def test_history_of_a_file_in_a_deleted_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: Any) -> None:
    repo = published_repo(tmp_path)
    repo.write("old/b.yaml", PUBLISHED.replace("id: 2026-03-02-queue", "id: old-b"))
    repo.commit("Add b")
    repo.git("rm", "-r", "-q", "old")
    repo.commit("Remove the old folder")
    monkeypatch.chdir(repo.root)
    code, out, _ = history("old/b.yaml", capsys=capsys)
    assert code == 0 and out.startswith("History of old/b.yaml: 2 commits")


# --- a version that cannot be read does not hide the changes made across it -------------

MD_SUMMARY = "summary: |\n  For 47 minutes, about 12,000 users got notifications late.\n"
MD_TEXT = (f"---\n{PUBLISHED.replace(MD_SUMMARY, '')}---\n\n## Summary\n\n"
           "For 47 minutes, about 12,000 users waited.\n")
FIXED_CORRECTION = ("corrections:\n  - {at: 2026-03-07, description: 'The final count is 2,900 customers.',"
                    " fields: [impact.customers_affected]}\n")


def _broken_in_the_middle(tmp_path: Path, rel: str, start: str, broken: bytes) -> GitRepo:
    """Published (2300 customers) → a version that cannot be read → fixed (2900, declared)."""
    repo = GitRepo(tmp_path / "repo")
    published = start.replace("customers_affected: 40", "customers_affected: 2300")
    repo.write(rel, published)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    (repo.root / rel).write_bytes(broken)
    repo.commit("Break it", date="2026-03-06T09:00:00Z")
    repo.write(rel, published.replace("customers_affected: 2300", "customers_affected: 2900")
               .replace("corrections: []\n", FIXED_CORRECTION))
    repo.commit("Fix it, and correct the customer count", date="2026-03-07T09:00:00Z")
    return repo


YAML_ERROR = PUBLISHED.replace("title: Queue", "title: [Queue").encode()
BROKEN = [
    (PM, PUBLISHED, YAML_ERROR,
     "line 3, column 8: PM001 YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow "
     "sequence)"),
    (PM, PUBLISHED, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "line 3, column 1: PM005 file contains NUL bytes: it looks binary, not like a YAML or Markdown "
     "postmortem"),
    (PM, PUBLISHED, PUBLISHED.replace("messaging lead", "messaging l\xe9ad").encode("latin-1"),
     "line 7, column 19: PM004 file is not valid UTF-8: byte 0xe9 at offset 133, which is 'é' in "
     "Windows-1252"),
    ("postmortems/queue.md", MD_TEXT, MD_TEXT.replace("---\n\n## Summary", "\n## Summary").encode(),
     "line 1, column 1: PM007 Markdown front matter is not closed: no '---' line after the fields"),
    ("postmortems/queue.md", MD_TEXT, MD_TEXT.replace("title: Queue", "title: [Queue").encode(),
     "line 4, column 8: PM001 YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow "
     "sequence)"),
]


@pytest.mark.parametrize(("rel", "start", "broken", "why"), BROKEN,
                         ids=["yaml-error", "binary", "not-utf-8", "markdown-unclosed", "markdown-yaml"])
def test_an_unreadable_version_is_marked_and_skipped_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, rel: str, start: str, broken: bytes,
    why: str,
) -> None:
    repo = _broken_in_the_middle(tmp_path, rel, start, broken)
    monkeypatch.chdir(repo.root)
    first = repo.git("rev-parse", "HEAD~2").strip()
    code, out, err = history(rel, capsys=capsys)
    assert (code, err) == (0, "")
    body = [line.split("  ", 2)[-1] if line[:1].isdigit() else line for line in out.splitlines()]
    assert body[2:] == [
        f"added as {rel}  status: published",
        "    Publish",
        "",
        "modified  status: published → ?",
        "    Break it",
        f"    ! this version cannot be read: {why}",
        "",
        "modified  status: ? → published",  # (the version it changed cannot be read)
        "    Fix it, and correct the customer count",
        f"    (compared with {first[:10]}, the last version that could be read)",
        "    impact.customers_affected: 2300 → 2900   [declared by the correction of 2026-03-07]",
        "    + correction 2026-03-07: The final count is 2,900 customers.",
    ]
    code, out, _ = history("--format", "json", rel, capsys=capsys)
    entries = json.loads(out)["entries"]
    assert [(e["status"], e["unreadable"], e["unreadable_reason"], e["compared_with"]) for e in entries] == [
        ("published", False, None, None), (None, True, why, None), ("published", False, None, first)]
    assert [(f["field"], f["old"], f["new"], f["silent"]) for f in entries[2]["facts"]] == [
        ("impact.customers_affected", "2300", "2900", False)]
    assert [c["description"] for c in entries[2]["corrections_added"]] == [
        "The final count is 2,900 customers."]


def test_the_working_tree_is_compared_with_the_last_readable_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    first = repo.commit("Publish")
    (repo.root / PM).write_bytes(YAML_ERROR)
    repo.commit("Break it")
    repo.write(PM, PUBLISHED.replace("customers_affected: 40", "customers_affected: 45"))
    monkeypatch.chdir(repo.root)
    _code, out, _ = history(PM, capsys=capsys)
    assert out.splitlines()[-3:] == [
        "(uncommitted)      uncommitted  status: ? → published",
        f"    (compared with {first[:10]}, the last version that could be read)",
        "    impact.customers_affected: 40 → 45   [SILENT: no correction declares it]",
    ]
    (repo.root / PM).write_bytes(b"\xff\xfe\x00\x00")  # an unreadable working tree is shown too
    _code, out, _ = history(PM, capsys=capsys)
    assert out.splitlines()[-3:] == [
        "(uncommitted)      uncommitted  status: ?",  # (HEAD's cannot be read either)
        "    ! this version cannot be read: line 1, column 1: PM004 file is UTF-32 encoded; pmkit reads "
        "UTF-8",
        f"    (compared with {first[:10]}, the last version that could be read)",
    ]


def test_history_cuts_a_long_commit_subject_in_text_and_keeps_it_in_json(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    subject = "Publish " + "x" * 100_000
    repo.commit(subject, date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    code, out, _ = history(PM, capsys=capsys)
    assert code == 0
    assert out.splitlines()[-1] == "    Publish " + "x" * 172 + "… (99,828 more characters)"
    assert main(["history", "--format", "json", PM]) == 0
    assert json.loads(capsys.readouterr().out)["entries"][-1]["subject"] == subject

