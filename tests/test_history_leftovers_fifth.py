"""Git history leftovers: a base from PRE_COMMIT_FROM_REF that names no commit, the hint for a
base version that cannot be read, and a copy that keeps its source's id.

At pre-push pre-commit sets PRE_COMMIT_FROM_REF to the remote's branch ('origin/main'); in a
clone whose remote records no default branch, or that never fetched it, PM600 said only that the
base "names no commit", where '--base origin/main' said what to fetch or which branch to pass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from history_git import (
    PM,
    PUBLISHED,
    GitRepo,
    clear_git_env,
    git_commands,
    history_json,
    line_of,
    pmkit_json,
)

from pmkit.cli import main

SKIPPED = "history rules (PM6xx) skipped: the base 'origin/main' (PRE_COMMIT_FROM_REF) "


def _fetched_without_head(tmp_path: Path) -> GitRepo:
    """A repository whose remote, added with 'git remote add' and fetched, has one branch, trunk,
    and records no default branch (no origin/HEAD: a clone sets one)."""
    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED)
    source.commit("Publish")
    source.git("branch", "-m", "main", "trunk")
    repo = GitRepo(tmp_path / "repo")
    repo.git("remote", "add", "origin", str(source.root))
    repo.git("fetch", "-q", "origin")
    repo.git("checkout", "-q", "-b", "fix", "origin/trunk")
    return repo


def test_a_pre_push_base_of_a_remote_that_records_no_default_branch_names_the_branch_to_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fetched_without_head(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "origin/main")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in diags] == [(
        "PM600", 1, 1,
        SKIPPED + "names no commit in this repository; the remote 'origin' records no default branch "
        "here (origin/HEAD is not set: a remote added with 'git remote add' gets none, a clone does; "
        "'git remote set-head origin --auto' asks the remote for it), and its one branch fetched is "
        "origin/trunk: pass --base origin/trunk")]
    # --base wins over the environment, as the advice says.
    assert main(["check", "--select", "PM6", "--base", "origin/trunk", "postmortems"]) == 0


def test_a_pre_push_base_not_fetched_says_what_to_fetch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    repo.git("remote", "add", "origin", str(tmp_path / "elsewhere.git"))  # nothing fetched from it
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "origin/main")
    code, diags = pmkit_json("--select", "PM6", "postmortems", capsys=capsys)
    assert (code, [d["message"] for d in diags]) == (0, [
        SKIPPED + "names no commit in this repository; fetch it first (e.g. 'git fetch origin main')"])
    # (the hint said "Run inside the git repository", where it was run)
    assert [d["hint"] for d in diags] == [
        "Fetch it, or name another base, as said; in CI, check out with the history (fetch-depth: 0). "
        "The history rules then compare again."]
    assert main(["check", "--select", "PM6", "--base", "origin/main", "postmortems"]) == 2
    assert capsys.readouterr().err == ("pmkit: --base origin/main: names no commit in this repository; "
                                       "fetch it first (e.g. 'git fetch origin main')\n")


# --- a base version that does not read, while the file does ---------------------------------------
#
# The hint said "Fix it in this change", but the file in this change reads: the version that does
# not is a commit, which no edit changes.

UNREADABLE_HINT = ("A committed version cannot be edited, and the file reads now: the history rules compare "
                   "it again once its base is a version that reads (after this change is committed, and "
                   "merged where a base branch is compared with); to compare it now, pass --base with an "
                   "older commit whose version reads ('git log --oneline -- "
                   "postmortems/2026-03-02-queue.yaml' lists them).")


@pytest.mark.parametrize(("committed", "why"), [
    (PUBLISHED.replace("Queue backlog", "Queue backlog café").encode("latin-1"),
     "is not UTF-8 text (byte 0xe9 at offset 54, which is 'é' in Windows-1252), so there is nothing to "
     "compare it with"),
    (PUBLISHED.replace("severity: SEV2", "severity: [SEV2").encode(),
     "cannot be read as a postmortem (not valid YAML or not UTF-8 text), so there is nothing to compare "
     "it with"),
])
def test_a_base_version_that_does_not_read_is_not_said_to_be_fixed_in_this_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        committed: bytes, why: str) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.root / "postmortems").mkdir()
    (repo.root / PM).write_bytes(committed)
    good = repo.commit("Publish")
    repo.write(PM, PUBLISHED)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert code == 0
    assert [(d["code"], d["line"], d["col"], d["message"], d["hint"]) for d in diags] == [
        ("PM600", 1, 1, f"history rules skipped for {PM}: its version in HEAD {why}", UNREADABLE_HINT)]
    # As the hint says: once a version that reads is committed, it is compared again.
    repo.commit("Make it readable")
    assert repo.git("log", "--format=%H", "-1", "HEAD~1").strip() == good
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM601", "PM602"])


# --- a copy that keeps its source's id --------------------------------------------------------------
#
# A postmortem copied to a new name (git: 'copied from') that keeps the source's id is that
# postmortem under another name, once the source is deleted. 'pmkit history' of the copy compared
# its first commit with nothing, so a fact changed in the copying commit never showed.

COPY = "postmortems/2026-03-02-queue-backlog.yaml"


def _copied(tmp_path: Path, ident: str = "2026-03-02-queue") -> tuple[GitRepo, str]:
    """The published postmortem copied with a figure changed, then the source deleted: (the
    repository, the commit the copy was made from)."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    published = repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(COPY, PUBLISHED.replace("users_affected: 12000", "users_affected: 15000")
               .replace("id: 2026-03-02-queue", f"id: {ident}"))
    repo.commit("Copy under a longer name", date="2026-03-06T09:00:00Z")
    repo.git("rm", "-q", PM)
    repo.commit("Remove the old name", date="2026-03-07T09:00:00Z")
    return repo, published


def test_a_copy_that_keeps_its_source_id_is_compared_with_the_source_in_its_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo, published = _copied(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, payload = history_json(COPY, capsys)
    assert code == 0
    [entry] = payload["entries"]
    assert (entry["change"], entry["renamed_from"], entry["previous_status"], entry["compared_with"]) == (
        "copied", PM, "published", published)
    assert [(f["field"], f["old"], f["new"], f["silent"]) for f in entry["facts"]] == [
        ("impact.users_affected", "12000", "15000", True)]
    assert main(["history", COPY]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [
        f"    (compared with {published[:10]}, the version of {PM} it was copied from, whose id it keeps)",
        "    impact.users_affected: 12000 → 15000   [SILENT: no correction declares it]"]


def test_a_copy_with_an_id_of_its_own_is_a_new_postmortem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _published = _copied(tmp_path, ident="2026-03-02-queue-backlog")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, payload = history_json(COPY, capsys)
    assert code == 0
    entries = payload["entries"]
    assert [(e["change"], e["previous_status"], e["compared_with"], e["facts"]) for e in entries] == [
        ("copied", None, None, [])]


def test_the_check_compares_a_copy_with_its_source_only_once_the_source_is_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The limit docs/history.md states: the history rules compare a file with its base version,
    or, when it is new, with a base file of its id that is gone. In the copying commit the source
    is still there: the copy is a new file, which PM027 reports for its id and PM6 does not
    compare. Once the source is deleted, a base before the copy compares it."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    text = PUBLISHED.replace("users_affected: 12000", "users_affected: 15000")
    repo.write(COPY, text)
    repo.git("add", "-A")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert pmkit_json("--select", "PM6", COPY, capsys=capsys) == (0, [])
    code, diags = pmkit_json("--select", "PM027,PM6", "postmortems", capsys=capsys)
    assert (code, [(d["path"], d["code"], d["line"]) for d in diags]) == (1, [(COPY, "PM027", 2)])
    repo.commit("Copy under a longer name", date="2026-03-06T09:00:00Z")
    repo.git("rm", "-q", PM)
    repo.commit("Remove the old name", date="2026-03-07T09:00:00Z")
    code, diags = pmkit_json("--select", "PM601", "--base", "HEAD~2", COPY, capsys=capsys)
    users = line_of(text, "users_affected:")
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (1, [("PM601", users, 19)])


# --- a UTF-16 file without a byte order mark under working-tree-encoding=UTF-16 ---------------------
#
# git takes the byte order of 'UTF-16' from the file's byte order mark, and refuses to add one
# without ('fatal: BOM is required'); "pmkit reads UTF-8" left that out.

def _unmarked(repo: GitRepo, rel: str, *, bom: bool = False) -> None:
    (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / rel).write_bytes((b"\xff\xfe" if bom else b"") + PUBLISHED.encode("utf-16-le"))


REFUSED = ("file is UTF-16 encoded (little-endian, without a byte order mark), which git refuses to store: "
           ".gitattributes sets 'working-tree-encoding=UTF-16' for it, with which git reads the byte order "
           "from a byte order mark ('git add' fails: BOM is required); pmkit reads UTF-8")
REFUSED_HINT = ("Remove the working-tree-encoding attribute for postmortems and save the file as UTF-8 (git "
                "stores it as UTF-8 either way); to keep the attribute, save the file as UTF-16 with a byte "
                "order mark, or name the byte order in the attribute ('working-tree-encoding=UTF-16LE').")


def test_a_utf16_file_without_a_byte_order_mark_that_git_refuses_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(".gitattributes", "postmortems/*.yaml working-tree-encoding=UTF-16\n"
               "postmortems/le-*.yaml working-tree-encoding=UTF-16LE\n")
    repo.commit("Attributes")
    for rel in ("postmortems/a.yaml", "postmortems/b.yaml", "postmortems/le-c.yaml"):
        _unmarked(repo, rel)
    _unmarked(repo, "postmortems/marked.yaml", bom=True)
    refused = subprocess.run(["git", "add", "postmortems/a.yaml"], cwd=repo.root, env=repo.env(),
                             capture_output=True, text=True, check=False)
    assert (refused.returncode, refused.stderr.splitlines()[-1]) == (
        128, "fatal: BOM is required in 'postmortems/a.yaml' if encoded as UTF-16")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM0", "postmortems", capsys=capsys)
    assert code == 1
    assert [(d["path"], d["code"], d["line"], d["col"], d["message"]) for d in diags] == [
        ("postmortems/a.yaml", "PM004", 1, 1, REFUSED),
        ("postmortems/b.yaml", "PM004", 1, 1, REFUSED),
        # UTF-16LE names the byte order (git takes the file), and a file with a mark is taken.
        ("postmortems/le-c.yaml", "PM004", 1, 1, "file is UTF-16 encoded (little-endian, without a byte "
         "order mark); pmkit reads UTF-8"),
        ("postmortems/marked.yaml", "PM004", 1, 1, "file is UTF-16 encoded; pmkit reads UTF-8")]
    assert [d["hint"] for d in diags[:2]] == [REFUSED_HINT, REFUSED_HINT]
    # git's attribute is asked once for each file that does not read, by the loader that says
    # so, and by nothing else (a second, batched question asked it again).
    git_commands(repo, tmp_path, "--select", "PM0", "postmortems/a.yaml", "postmortems/b.yaml")
    logged = (tmp_path / "bin" / "git.log").read_text(encoding="utf-8").splitlines()
    assert [line for line in logged if "check-attr" in line] == [
        "check-attr -z working-tree-encoding -- a.yaml",
        "check-attr -z working-tree-encoding -- b.yaml"]
