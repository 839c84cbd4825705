"""Git read where its answers are not what they seem.

A ``cat-file --batch`` that ends part way through an answer (killed by the system after it wrote
the header and some of the file) gave a version shorter than git said it was, and pmkit took it
for the committed version: every field past the cut was "added since it was published" (dozens
of PM601 errors, exit code 1), and PM413 quoted a piece of the file as git's error. Such a
version is no evidence: git could not be read, and the run says so in git's terms. And GIT_DIR
without GIT_WORK_TREE is said, not read in another folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

from pmkit.cli import main
from pmkit.history import GitError, open_repository

NOW = "2026-11-25T12:00:00Z"
EDITED = PUBLISHED.replace("no canary.", "no canary at all.")

#: Answers the first request with the real git's answer cut after 300 bytes, then ends as a
#: process the system killed would (exit code 137, nothing on stderr).
CUT = """\
import subprocess, sys, os
line = sys.stdin.buffer.readline()
out = subprocess.run([{git!r}, "cat-file", "--batch"], input=line, capture_output=True).stdout
sys.stdout.buffer.write(out[:300])
sys.stdout.buffer.flush()
os._exit(137)
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    if sys.platform == "win32":
        pytest.skip("a shell script stands in for git")
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(PM, EDITED)
    monkeypatch.chdir(repo.root)
    return repo


def _cut_cat_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which("git")
    assert real is not None
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "cut.py").write_text(CUT.format(git=real), encoding="utf-8")
    wrapper = bin_folder / "git"
    wrapper.write_text(f'#!/bin/sh\nif [ "$1" = cat-file ] && [ "$2" = --batch ]; then exec {sys.executable} '
                       f'{bin_folder / "cut.py"}; fi\nexec {real} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}:{Path(real).parent}")


def test_a_version_cut_short_is_no_evidence(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert len(PUBLISHED.encode()) > 400  # (the cut falls inside the file)
    command = ["check", "--now", NOW, "--select", "PM4,PM6", "--no-hints", PM]
    assert main(command) == 0
    plain = capsys.readouterr().out.splitlines()
    assert [line[:60] for line in plain] == [  # (guard: git read as it is, one finding)
        f"{PM}:11:19: PM405 users were affected"[:60], "", "Found 1 warning in 1 of 1 file."]
    _cut_cat_file(tmp_path, monkeypatch)

    code = main(command)

    why = "git cat-file failed (git ended with exit code 137 and no message)"
    assert (code, capsys.readouterr().out.splitlines()) == (0, [
        f"{PM}:1:1: PM413 no git evidence for disclosure dates: {why}; relying on the dates in the documents "
        "(said once per run) (no-git-evidence)",
        f"{PM}:1:1: PM600 history rules (PM6xx) skipped: {why} (history-unavailable)",
        plain[0],
        "",
        "Found 1 warning, 2 infos in 1 of 1 file.",
    ])


def test_show_of_a_version_cut_short_is_none_and_says_why(
        repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = open_repository([PM])
    _cut_cat_file(tmp_path, monkeypatch)

    assert opened.show("HEAD", PM) is None
    assert opened.stalled == "git cat-file failed (git ended with exit code 137 and no message)"
    with pytest.raises(GitError, match="exit code 137"):
        opened.blobs([f"HEAD:{PM}"])


def test_git_dir_without_a_work_tree_is_said_not_read_elsewhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """GIT_DIR set, GIT_WORK_TREE not: git takes the current folder as the work tree, gitpython
    GIT_DIR's parent. The history was read there, found nothing, and a published severity
    changed passed without a word (exit 0); now PM600 says what to set, and with it set, the
    change is found."""
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("severity: SEV2", "severity: SEV3"))
    (repo.root / ".git").rename(tmp_path / "elsewhere.git")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere.git"))
    monkeypatch.chdir(repo.root)
    command = ["check", "--now", NOW, "--select", "PM6", "--no-hints", PM]

    assert main(command) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{PM}:1:1: PM600 history rules (PM6xx) skipped: GIT_DIR names the repository "
        f"{tmp_path}/elsewhere.git without GIT_WORK_TREE, so git takes the current folder "
        f"({repo.root.resolve()}) as its work tree, and pmkit does not; set GIT_WORK_TREE to the work "
        "tree's top folder (history-unavailable)",
        "",
        "Found 1 info in 1 of 1 file.",
    ]
    monkeypatch.setenv("GIT_WORK_TREE", str(repo.root))
    assert main(command) == 1
    assert "PM601 severity changed from \"SEV2\" to \"SEV3\"" in capsys.readouterr().out


def test_a_finding_keeps_its_identity_however_its_base_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``since it was published (HEAD~1)``: the message names the base as it was given, and the
    fingerprint (SARIF, GitLab, baselines) hashed it, so a push's run (a commit id) and a pull
    request's (origin/main) gave one change three identities."""
    import json

    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    published = repo.git("rev-parse", "HEAD").strip()
    repo.git("branch", "published")
    repo.write("notes.txt", "unrelated\n")
    repo.commit("Notes", date="2026-03-06T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 15000"))
    monkeypatch.chdir(repo.root)

    prints = set()
    check = ["check", "--now", NOW, "--select", "PM601", PM]
    for base in ("HEAD~1", published, "published"):
        assert main([*check, "--format", "sarif", "--base", base]) == 1
        [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        said = f"impact.users_affected changed from 12000 to 15000 since it was published ({base[:10]}), "
        assert result["message"]["text"].startswith(said)
        prints.add(result["partialFingerprints"]["pmkitFinding/v1"])
    assert len(prints) == 1
    assert main([*check, "--base", "HEAD~1", "--write-baseline", "b.json"]) == 0
    assert main([*check, "--base", "published", "--baseline", "b.json"]) == 0
