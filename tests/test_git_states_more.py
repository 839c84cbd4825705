"""More repository states: stray promisor packs, hook environments, unusual names and dates,
odd bases. Each built with real git commands; what pmkit says, exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from history_git import (
    EARLY,
    PM,
    PUBLISHED,
    GitRepo,
    clear_git_env,
    drafted_then_published,
    line_of,
    pmkit_json,
    raw_commit,
)

from pmkit.cli import main


def check_json(*args: str, capsys: Any) -> tuple[int, list[dict[str, Any]], str]:
    """``pmkit check --format json ARGS``: exit code, diagnostics, and what went to stderr."""
    code = main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out)["diagnostics"] if out else [], err


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def test_a_stray_promisor_pack_does_not_make_a_partial_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: Any) -> None:
    """A ``.promisor`` file beside a pack, with no promisor remote configured (a partial clone
    turned complete, a pack copied over): git treats nothing as promised, and every object is
    there. pmkit called it a partial clone and dropped the history as evidence."""
    repo = drafted_then_published(tmp_path / "repo")
    repo.git("gc", "-q")
    for pack in (repo.root / ".git" / "objects" / "pack").glob("*.pack"):
        pack.with_suffix(".promisor").write_text("", encoding="utf-8")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(EARLY, "published_at:"), 17)]
    assert "first became published in commit" in diags[0]["message"]


def test_an_orphan_branch_is_compared_with_the_base_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: Any) -> None:
    """On a branch with no commits yet ('git checkout --orphan'), ``--base main`` names a commit
    with a version of each file: pmkit stopped with "the current branch has no commits yet"."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.write("postmortems/other.yaml", PUBLISHED.replace("id: 2026-03-02-queue", "id: other"))
    repo.commit("Publish")
    repo.git("checkout", "-q", "--orphan", "fresh")
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.git("rm", "-q", "--cached", "postmortems/other.yaml")
    (repo.root / "postmortems" / "other.yaml").unlink()
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM600,PM601,PM605", "--base", "main", "--repo-wide", "postmortems",
                             capsys=capsys)
    assert code == 1
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diags] == [
        ("PM600", PM, 1, 1), ("PM601", PM, 11, 19), ("PM605", "postmortems/other.yaml", 1, 1)]
    assert diags[0]["message"] == ("history: the current branch has no commits yet; comparing with "
                                   "'main' itself")
    assert diags[1]["message"].startswith("impact.users_affected changed from 12000 to 15000 since it was "
                                          "published (main)")
    # Without a base, the branch's first commit has nothing to compare with: silence, as before.
    code, diags = pmkit_json("--select", "PM6", PM, capsys=capsys)
    assert (code, diags) == (0, [])


@pytest.mark.parametrize("cone", [True, False])
def test_a_folder_outside_a_sparse_checkout_is_not_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: Any, cone: bool) -> None:
    """``--repo-wide postmortems archive`` where the sparse checkout leaves ``archive`` out: the
    folder is in the repository, just not on disk. pmkit said "no such file or folder, here or
    in the base tree" and stopped with exit 2."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.write("archive/old.yaml", PUBLISHED.replace("id: 2026-03-02-queue", "id: old"))
    repo.commit("Publish")
    if cone:
        repo.git("sparse-checkout", "set", "postmortems")
    else:
        repo.git("sparse-checkout", "set", "--no-cone", "/postmortems/")
    assert not (repo.root / "archive").exists()
    monkeypatch.chdir(repo.root)
    code, diags, err = check_json("--select", "PM6", "--fail-on", "info", "--repo-wide", "postmortems",
                                  "archive", capsys=capsys)
    assert (code, diags) == (0, [])
    assert err == ("pmkit: archive: outside this sparse checkout (git sparse-checkout): not on disk, so "
                   "not checked, and not deleted either\n")
    # A folder that is nowhere is still an error.
    assert main(["check", "--select", "PM6", "--repo-wide", "postmortems", "archiv"]) == 2
    assert "archiv: no such file or folder, here or in the base tree" in capsys.readouterr().err
    # Named without --repo-wide, it is not there to check (exit 2), and said so: it was "no such
    # file or folder", like a mistyped name.
    for path in ("archive", "archive/old.yaml"):
        assert main(["check", "--select", "PM6", path]) == 2
        assert capsys.readouterr().err == (f"pmkit: {path}: outside this sparse checkout (git "
                                           "sparse-checkout): not on disk, so not checked, and not deleted "
                                           "either\n")
    assert main(["check", "--select", "PM6", "archive/new.yaml"]) == 2
    assert capsys.readouterr().err == "pmkit: archive/new.yaml: no such file or folder\n"


@pytest.mark.parametrize("recorded", [True, False])
def test_a_commit_dated_after_now_is_no_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: Any, recorded: bool) -> None:
    """Published in a commit dated 1 January 2100 (a machine whose clock was 74 years ahead),
    checked on 25 November 2026: PM412 called the recorded published_at 26964 days early, and
    without one PM401 said the published postmortem was "not published", 253 days overdue."""
    text = PUBLISHED.replace("disclosure:\n", "disclosure:\n  regimes: [internal]\n")
    if not recorded:
        text = text.replace("  published_at: 2026-03-05T09:00:00Z\n", "")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text.replace("status: published", "status: draft"))
    raw_commit(repo, "1772618400 +0000", "Draft")  # 2026-03-04 10:00 UTC
    repo.write(PM, text)
    raw_commit(repo, "4102444800 +0000", "Publish")  # 2100-01-01 00:00 UTC
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM401,PM402,PM412,PM413", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    # The same commit, checked with a reference time after it, is evidence again.
    code, diags = pmkit_json("--select", "PM412", "--now", "2101-01-01T00:00:00Z", PM, capsys=capsys)
    assert [d["code"] for d in diags] == (["PM412"] if recorded else [])


def test_a_base_past_the_first_commit_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: Any) -> None:
    """``--base HEAD~999`` in a history of three commits: git has the commits, the name just
    steps back past the first one. pmkit said "names no commit in this repository; fetch it
    first", which no fetch could fix."""
    repo = published_repo_of(tmp_path, commits=3)
    monkeypatch.chdir(repo.root)
    head = repo.git("rev-parse", "HEAD").strip()
    for base in ("HEAD~999", "HEAD^^^", "main~2^1"):
        code, _diags, err = check_json("--select", "PM6", "--base", base, PM, capsys=capsys)
        assert code == 2
        assert err == (f"pmkit: --base {base}: goes back past the first commit of the history: "
                       f"'{base.partition('~')[0].partition('^')[0]}' ({head[:10]}) has 2 commits before "
                       "it along its first parents\n")
    code, _diags, err = check_json("--select", "PM6", "--base", "HEAD~1..HEAD", PM, capsys=capsys)
    assert (code, err) == (2, "pmkit: --base HEAD~1..HEAD: is a range; --base takes one revision, the "
                              "commit to compare with (e.g. --base HEAD~1)\n")
    # Where it does name a commit, it is used; a merge's second parent is not stepped back from.
    assert check_json("--select", "PM6", "--base", "HEAD~2", PM, capsys=capsys)[0] == 0
    code, _diags, err = check_json("--select", "PM6", "--base", "HEAD^2", PM, capsys=capsys)
    assert code == 2 and "names no commit in this repository" in err
    # From PRE_COMMIT_FROM_REF (or a configured base) it is a PM600 note, not an exit.
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD~5")
    code, diags, err = check_json("--select", "PM600", PM, capsys=capsys)
    assert code == 0 and [(d["code"], d["line"], d["col"]) for d in diags] == [("PM600", 1, 1)]
    assert diags[0]["message"] == (f"history rules (PM6xx) skipped: the base 'HEAD~5' (PRE_COMMIT_FROM_REF) "
                                   f"goes back past the first commit of the history: 'HEAD' ({head[:10]}) "
                                   "has 2 commits before it along its first parents")


def published_repo_of(tmp_path: Path, commits: int) -> GitRepo:
    """A published postmortem and ``commits - 1`` later commits of another file."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    for number in range(1, commits):
        repo.write("notes.txt", f"{number}\n")
        repo.commit(f"Note {number}")
    return repo


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen to sign commits")
def test_signed_commits_shown_with_their_signatures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: Any) -> None:
    """``log.showSignature = true`` (set by teams that sign their commits) makes 'git log' print
    the verification of each signed commit into its output: the signed publication commit was
    lost from the history, so PM412 did not see it, and 'pmkit history' showed one commit of two."""
    import subprocess

    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, EARLY.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-05T10:00:00Z")
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True,
                   capture_output=True)
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(key))
    repo.write(PM, EARLY)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-S", "--no-verify", "-m", "Publish", date="2026-03-25T12:00:00Z")
    repo.git("config", "log.showSignature", "true")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(EARLY, "published_at:"), 17)]
    assert diags[0]["message"].endswith("on 2026-03-25 12:00 UTC, 15 days 3 h later")
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["subject"], e["change"]) for e in entries] == [("Draft", "added"), ("Publish", "modified")]


def test_a_postmortem_renamed_and_rewritten_after_publication(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: Any) -> None:
    """Drafted on 4 March, published on 10 March, then in November moved to a new name and
    rewritten in one commit (here as JSON, which YAML reads too): git sees a new file that
    entered the repository already published. The draft clock took that commit as the draft's
    date and PM402 said "drafted 236 days late"; the publication clock and PM412 already knew
    git had no evidence of that file's earlier life."""
    import yaml

    text = PUBLISHED.replace("disclosure:\n", "disclosure:\n  regimes: [internal]\n").replace(
        "  published_at: 2026-03-05T09:00:00Z\n", "")
    repo = GitRepo(tmp_path / "repo")
    old = "postmortems/queue.yaml"
    repo.write(old, text.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-04T10:00:00Z")
    repo.write(old, text)
    repo.commit("Publish", date="2026-03-10T10:00:00Z")
    repo.git("rm", "-q", old)
    rewritten = json.dumps(yaml.safe_load(text), default=str, indent=1) + "\n"
    repo.write(PM, rewritten)
    repo.commit("Move to the dated name, as JSON", date="2026-11-01T10:00:00Z")
    assert "R" not in repo.git("log", "-1", "-M", "--name-status", "--format=")  # not seen as a rename
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM401,PM402,PM412", PM, capsys=capsys)
    assert (code, diags) == (0, [])
    assert main(["due", "--all", "--now", "2026-11-25T12:00:00Z", PM]) == 0
    out = capsys.readouterr().out
    assert f"{PM}: internal draft [internal]: done; due 2026-03-09 23:59 UTC" in out
    assert "late" not in out


def test_git_dir_naming_a_repository_the_files_are_not_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: Any) -> None:
    """GIT_DIR left set to another repository (by hand, or from a hook's environment) while
    checking files outside it: pmkit said "the files are outside the repository", naming
    neither the repository nor what chose it."""
    repo = published_repo_of(tmp_path, commits=1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "queue.yaml").write_text(PUBLISHED, encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    code, diags = pmkit_json("--select", "PM413,PM600", "queue.yaml", capsys=capsys)
    why = (f"the files are outside the repository at {repo.root.resolve()}, which the environment "
           "variable GIT_DIR names")
    assert (code, [(d["code"], d["line"], d["col"], d["message"]) for d in diags]) == (0, [
        ("PM413", 1, 1, f"no git evidence for disclosure dates: {why}; relying on the dates in the documents "
                        "(said once per run)"),
        ("PM600", 1, 1, f"history rules (PM6xx) skipped: {why}")])
    # Inside a repository of their own, the files are read in it whatever GIT_DIR says.
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    monkeypatch.setenv("GIT_DIR", str(elsewhere))
    code, diags = pmkit_json("--select", "PM601", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (1, [("PM601", 11, 19)])


def test_a_branch_whose_ref_is_damaged_is_not_a_new_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: Any) -> None:
    """HEAD names 'main', whose ref file holds no commit id (a crash while writing it, a bad
    edit): git says "your current branch appears to be broken". pmkit took it for a branch with
    no commits yet and said nothing at all, so a silent change of a published fact passed."""
    repo = published_repo_of(tmp_path, commits=1)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    (repo.root / ".git" / "refs" / "heads" / "main").write_text("garbage\n", encoding="utf-8")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM6,PM413", PM, capsys=capsys)
    why = (f"git cannot read the repository at {repo.root.resolve()}: your current branch appears to be "
           "broken (its ref does not hold a commit id; 'git reflog' or 'git fsck' find the last commit "
           "to point it at again)")
    assert (code, [(d["code"], d["line"], d["col"], d["message"]) for d in diags]) == (0, [
        ("PM413", 1, 1, f"no git evidence for disclosure dates: {why}; relying on the dates in the documents "
                        "(said once per run)"),
        ("PM600", 1, 1, f"history rules (PM6xx) skipped: {why}")])
    assert main(["history", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: {PM}: cannot read the history: {why}\n"


def test_head_naming_a_commit_the_repository_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: Any) -> None:
    """The branch's ref holds the id of a commit that is not there (lost objects after a crash
    or a copied .git): the PM600 said "cannot list the files of <id>" and not why."""
    repo = published_repo_of(tmp_path, commits=1)
    missing = "0" * 39 + "1"
    (repo.root / ".git" / "refs" / "heads" / "main").write_text(f"{missing}\n", encoding="utf-8")
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM600", PM, capsys=capsys)
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (0, [("PM600", 1, 1)])
    # git's own words in the middle ("fatal: not a tree object" in git 2.39).
    assert diags[0]["message"].startswith(
        f"history rules (PM6xx) skipped: cannot list the files of {missing} (fatal: ")
    assert diags[0]["message"].endswith("; a missing or corrupt object: 'git fsck' finds the damage)")


def test_postmortems_in_a_submodule_that_is_not_checked_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: Any) -> None:
    """A clone of the super-project without 'git submodule update --init': the submodule is an
    empty folder. pmkit said "no such file or folder (here or in the base tree)", which sends
    one looking for a typo."""
    import subprocess

    inner = published_repo_of(tmp_path / "inner", commits=1)
    outer = GitRepo(tmp_path / "outer")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "pms")
    outer.commit("Add the postmortems as a submodule")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(outer.root), str(clone)], check=True, capture_output=True)
    assert (clone / "pms").is_dir() and not any((clone / "pms").iterdir())
    monkeypatch.chdir(clone)
    why = "inside the submodule pms, which is not checked out: run 'git submodule update --init pms' first"
    for args in (["pms/postmortems"], ["--repo-wide", "pms/postmortems"], [f"pms/{PM}"]):
        code, diags, err = check_json("--select", "PM6", *args, capsys=capsys)
        assert (code, diags, err) == (2, [], f"pmkit: {args[-1]}: {why}\n")
    # Checked out, it is checked, from the super-project too.
    subprocess.run(["git", "-c", "protocol.file.allow=always", "submodule", "update", "-q", "--init"],
                   cwd=clone, check=True, capture_output=True)
    assert check_json("--select", "PM6", "--repo-wide", "pms/postmortems", capsys=capsys) == (0, [], "")


MARCH_10 = "2026-03-10T09:00:00Z"


@pytest.mark.parametrize("substitute", ["replace", "graft"])
def test_replacement_commits_and_grafts_are_not_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: Any, substitute: str) -> None:
    """A local stand-in for the publication commit, dated 10 March as the document claims
    ('git replace', or a graft onto a commit made for it): git log showed the stand-in, and the
    early published_at passed. Everyone else's copy of the repository has the commit of 25 March."""
    repo = drafted_then_published(tmp_path / "repo")
    publish, draft = repo.git("rev-parse", "HEAD").strip(), repo.git("rev-parse", "HEAD~1").strip()
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    if substitute == "replace":
        backdated = repo.git("commit-tree", tree, "-p", draft, "-m", "Publish", date=MARCH_10).strip()
        repo.git("replace", publish, backdated)
    else:
        # A commit of its own, dated 10 March, made the publication's parent by a graft: the
        # published file then appears there first.
        earlier = repo.git("commit-tree", tree, "-p", draft, "-m", "Published", date=MARCH_10).strip()
        (repo.root / ".git" / "info").mkdir(exist_ok=True)
        (repo.root / ".git" / "info" / "grafts").write_text(f"{publish} {earlier}\n", encoding="utf-8")
    shown = repo.git("log", "--format=%cI", "-1", "HEAD~1" if substitute == "graft" else "HEAD")
    assert shown.startswith("2026-03-10")  # git itself shows the stand-in
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM412,PM413", PM, capsys=capsys)
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [
        ("PM412", line_of(EARLY, "published_at:"), 17)]
    assert "2026-03-25" in diags[0]["message"]
