"""Git evidence leftovers: a pushed version git could not read, commits before 1970, the early
log on SIGTERM.

A postmortem whose base commit was not pushed yet is compared with its version in the newest
pushed commit: a correction only ever in local commits may still be amended (PM603), a change
readers never saw is no silent change (PM601), a publication no one read may be taken back
(PM604-PM606). That version is read when a rule first needs it; when git could not read it (a
lost object of a corrupt repository, a ``cat-file`` that died), it was taken for one the pushed
commit did not have, and the PM601/PM603 that a run where git answers gives were dropped in
silence (exit code 0). Now PM600 says git could not read it, and nothing is reported that
depends on what git did not show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_git import (
    CORRECTED,
    PM,
    PUBLISHED,
    SECOND,
    GitRepo,
    clear_git_env,
    is_running,
    pushed_then_local,
    raw_commit,
    slow_log,
)

from pmkit.cli import main

ROOT = Path(__file__).parent.parent
NOW = "2026-11-25T12:00:00Z"
PM600_HINT = ("    hint: Make git able to read the repository (the message says what stops it). The history "
              "rules then compare again.")


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def _lose_pushed_version(repo: GitRepo) -> str:
    """Delete the loose object of ``PM`` as origin/main has it (a corrupt repository); the
    pushed commit's id."""
    oid = repo.git("rev-parse", f"origin/main:{PM}").strip()
    (repo.root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    return repo.git("rev-parse", "origin/main").strip()


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--now", NOW, "--select", "PM6", *args])
    return code, capsys.readouterr().out.splitlines()


def _lost(rel: str, sha: str) -> list[str]:
    return [
        f"{rel}:1:1: PM600 history rules skipped for {PM}: git could not read its version as pushed, "
        f"which tells what readers saw of it (git cannot read {PM} as of commit {sha[:10]}: a missing "
        "or corrupt git object (run git fsck)) (history-unavailable)",
        PM600_HINT,
        "",
        "Found 1 info in 1 of 1 file.",
    ]


@pytest.fixture
def rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The first correction pushed, a second one in a local commit, and the pushed one now
    edited in the working tree: a rewrite of what readers saw (PM603)."""
    repo = pushed_then_local(tmp_path, CORRECTED, SECOND)
    repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(repo.root)
    return repo


PM603 = [
    f"{PM}:41:5: PM603 corrections[0] (of 2026-11-20) was edited: description \"The first version said "
    "12,000 users; the final count is 15,000.\" → \"The first version said 12,000 users; the count is "
    "15,000.\" (correction-rewritten)",
    "    hint: Restore the correction as it was and append a new one that corrects it; corrections are "
    "append-only.",
    "",
    "Found 1 error in 1 of 1 file.",
]


def test_guard_a_pushed_correction_edited_is_reported_when_git_answers(
        rewritten: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so): git reads the pushed version, which has the correction."""
    assert _check(capsys, "postmortems/") == (1, PM603)


def test_a_pushed_version_lost_from_a_corrupt_repository_is_said_not_taken_as_absent(
        rewritten: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """The pushed version's object is gone: it read as a version without the correction, as if
    the correction were only in local commits, and PM603 was dropped with exit code 0 and not a
    word. Now PM600 says which version git cannot read, and no finding depends on it."""
    sha = _lose_pushed_version(rewritten)
    assert _check(capsys, "postmortems/") == (0, _lost(PM, sha))


@pytest.fixture
def revised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Published and pushed; a local commit rewords the summary; the working tree revises the
    figure with no correction: a silent change of what readers saw (PM601)."""
    repo = pushed_then_local(tmp_path, PUBLISHED, PUBLISHED.replace("got notifications late",
                                                                     "received their notifications late"))
    repo.edit(PM, "users_affected: 12000", "users_affected: 11000")  # down: no PM602
    monkeypatch.chdir(repo.root)
    return repo


PM601 = [
    f"{PM}:11:19: PM601 impact.users_affected changed from 12000 to 11000 since it was published "
    "(HEAD), and no new correction declares it (silent-fact-change)",
    "    hint: Published facts are corrected in the open: write 'corrections: "
    "[{at: 2026-11-25, description: \"<what was wrong, what is right, why>\", fields: "
    "[impact.users_affected]}]'",
]


def test_guard_a_silent_change_is_reported_when_git_answers(
        revised: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so)."""
    assert _check(capsys, "postmortems/") == (1, [*PM601, "", "Found 1 error in 1 of 1 file."])


def test_a_silent_change_against_a_lost_pushed_version_is_said_not_passed(
        revised: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """The lost pushed version read as 'never published as pushed', and PM601 went away (exit 0)."""
    sha = _lose_pushed_version(revised)
    assert _check(capsys, "postmortems/") == (0, _lost(PM, sha))


def test_an_upward_revision_declared_in_a_local_commit_says_what_git_could_not_tell(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The local commit's correction declares the figure revised again (PM602 says so, guard in
    tests/test_history_unpushed.py) only if it was not pushed: with the pushed version lost,
    PM602 said 'declared by the correction of 2026-11-20' as if git had told."""
    repo = pushed_then_local(tmp_path, PUBLISHED, CORRECTED)
    repo.edit(PM, "users_affected: 15000", "users_affected: 15500")
    monkeypatch.chdir(repo.root)
    sha = _lose_pushed_version(repo)
    code, lines = _check(capsys, "--no-hints", "postmortems/")
    assert (code, lines) == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: git could not read its version as pushed, "
        f"which tells what readers saw of it (git cannot read {PM} as of commit {sha[:10]}: a missing "
        "or corrupt git object (run git fsck)) (history-unavailable)",
        f"{PM}:11:19: PM602 impact.users_affected revised upward after publication: 15,000 → 15,500 "
        "(+500, +3%); declared by the correction of 2026-11-20 if that was not pushed yet, which git "
        "could not tell (impact-revised-upward)",
        "",
        "Found 1 warning, 1 info in 1 of 1 file.",
    ])


def test_a_pushed_version_a_partial_clone_did_not_download_is_said_with_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A partial clone (``--filter=blob:none``) that never checked out the pushed commit lacks
    its version: git's words alone ("could not fetch ... from promisor remote") left the reader
    to guess, with a hint to make git able to read the repository. Now it says what the clone
    lacks and that pmkit never fetches, and how to clone instead."""
    origin = GitRepo(tmp_path / "origin")
    origin.git("config", "uploadpack.allowFilter", "true")
    origin.write(PM, CORRECTED)
    origin.commit("Publish with a correction", date="2026-03-05T09:00:00Z")
    origin.write(PM, SECOND)
    origin.commit("Second correction", date="2026-03-06T09:00:00Z")
    clone = tmp_path / "clone"
    origin.git("clone", "-q", "--filter=blob:none", f"file://{origin.root}", str(clone))
    repo = GitRepo(clone)  # (a clone is a repository already: init leaves it as it is)
    # The second correction made a local commit on the first, whose version was never downloaded.
    repo.git("reset", "-q", "--soft", "HEAD~1")
    repo.commit("Second correction, not pushed", date="2026-03-07T09:00:00Z")
    repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(repo.root)
    oid = repo.git("rev-parse", f"origin/main~1:{PM}").strip()
    assert _check(capsys, "postmortems/") == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: git could not read its version as pushed, "
        f"which tells what readers saw of it (git cat-file failed (fatal: could not fetch {oid} from "
        "promisor remote); this partial clone (git clone --filter) lacks objects git needs for it (old "
        "file versions; after --filter=tree:0 also old folder listings), and pmkit never fetches) "
        "(history-unavailable)",
        "    hint: Clone without --filter (actions/checkout: no filter, fetch-depth: 0). The history rules "
        "then compare again.",
        "",
        "Found 1 info in 1 of 1 file.",
    ])


def _dying_cat_file(folder: Path) -> Path:
    """A ``git`` that runs the real one, except that ``cat-file --batch`` answers one request and
    ends (as when killed), and every later one is killed when it starts: put first on PATH."""
    folder.mkdir()
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                          check=True).stdout.strip()
    flag = folder / "answered"
    script = folder / "git"
    script.write_text(
        "#!/bin/sh\n"
        'case " $* " in *" --batch "*)\n'
        f'  [ -e "{flag}" ] && kill -9 $$\n'
        f'  : > "{flag}"\n'
        "  IFS= read -r line\n"
        f'  printf "%s\\n" "$line" | "{real}" "$@"; exit;;\n'
        "esac\n"
        f'exec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_a_pushed_version_that_cat_file_died_on_is_said(revised: GitRepo, tmp_path: Path) -> None:
    """The base version is read, then ``cat-file`` dies before the pushed one, and the one
    started to read it again is killed too (a user's machine out of memory): PM600 in git's
    words, no PM601 and no traceback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{_dying_cat_file(tmp_path / 'bin')}{os.pathsep}{env['PATH']}",
               PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--now", NOW, "--select", "PM6",
                           "postmortems/"], cwd=revised.root, env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: git could not read its version as pushed, "
        "which tells what readers saw of it (git cat-file failed (git was ended by signal 9)) "
        "(history-unavailable)",
        PM600_HINT,
        "",
        "Found 1 info in 1 of 1 file.",
    ]


@pytest.fixture
def deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Published and pushed; its correction in a local commit; then deleted (PM605)."""
    repo = pushed_then_local(tmp_path, PUBLISHED, CORRECTED)
    repo.git("rm", "-q", PM)
    repo.write("postmortems/2026-04-01-other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    monkeypatch.chdir(repo.root)
    return repo


def _repo_wide(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--now", NOW, "--repo-wide", "--select", "PM600,PM605,PM606", "postmortems"])
    return code, capsys.readouterr().out.splitlines()


def test_guard_a_published_postmortem_deleted_is_reported_when_git_answers(
        deleted: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so)."""
    code, lines = _repo_wide(capsys)
    assert code == 1
    assert lines[0] == (f"{PM}:1:1: PM605 published postmortem {PM} (id 2026-03-02-queue) was deleted "
                        "(published in HEAD); no file carries its id any more (published-deleted)")


def test_a_deleted_postmortem_whose_pushed_version_is_lost_is_said(
        deleted: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """``--repo-wide``: the lost pushed version read as 'not published as pushed', and PM605 was
    dropped, exit 0 in silence. Now PM600 says so, at the deleted file."""
    sha = _lose_pushed_version(deleted)
    assert _repo_wide(capsys) == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: git could not read its version as pushed, "
        f"which tells what readers saw of it (git cannot read {PM} as of commit {sha[:10]}: a missing or "
        "corrupt git object (run git fsck)) (history-unavailable)",
        PM600_HINT,
        "",
        "Found 1 info in 1 of 2 files.",
    ])


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_guard_a_publication_not_pushed_yet_costs_the_git_processes_it_did(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so): first published in a local commit, the pushed commit has no version
    of it; told from a failed read with the diff that finds its old name, no command more."""
    from history_git import START, git_commands

    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "postmortems\n")
    repo.commit("Start", date="2026-03-01T09:00:00Z")
    repo.git("init", "-q", "--bare", str(tmp_path / "origin.git"))
    repo.git("remote", "add", "origin", str(tmp_path / "origin.git"))
    repo.git("push", "-q", "origin", "main")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "users_affected: 12000", "users_affected: 11000")  # read by no one yet: no PM601
    code, commands = git_commands(repo, tmp_path, "--select", "PM6", PM)
    assert code == 0
    # (Whether any remote-tracking branch exists is read from the repository's refs, without a
    # 'git for-each-ref': see tests/test_gitrunner_remote_refs.py. The newest pushed commit is
    # the first parent the rev-list gives of the oldest local one: no 'git rev-parse' for it.)
    assert commands == ["log", *START, "ls-tree", "ls-files", "cat-file --batch", "rev-list", "diff-tree"]


# --- commits dated before 1970 ------------------------------------------------------------------
#
# A commit object stores its dates as seconds since 1970, negative before; git (2.39 here) does
# not print such a date at all: '%aI' stays as written, and pmkit took 1 January 1970 instead.
# The dates are now read from the commit objects themselves, and only for such commits.

MOON = PUBLISHED.replace("disclosure:\n", "disclosure:\n  regimes: [internal]\n").replace(
    "2026-03-02T", "1969-07-20T").replace("  published_at: 2026-03-05T09:00:00Z\n", "")


@pytest.fixture
def moon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[GitRepo, str, str]:
    """The postmortem of an incident of 20 July 1969, drafted on 21 July 1969 at 20:30 UTC
    (written in New York's zone, -0400) and published on 24 July 1969 at 20:30 UTC: the
    repository and the two commits."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, MOON.replace("status: published", "status: draft"))
    draft = raw_commit(repo, "-14095800 -0400", "Draft")
    repo.write(PM, MOON)
    publish = raw_commit(repo, "-13836600 +0000", "Publish")
    monkeypatch.chdir(repo.root)
    return repo, draft, publish


def test_pmkit_history_shows_the_dates_of_commits_before_1970(
        moon: tuple[GitRepo, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Both were shown as '1970-01-01 00:00 +0000'."""
    _repo, draft, publish = moon
    assert main(["history", PM]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"History of {PM}: 2 commits",
        "",
        f"1969-07-21 16:30 -0400  {draft[:10]}  added as {PM}  status: draft",
        "    Draft",
        "",
        f"1969-07-24 20:30 +0000  {publish[:10]}  modified  status: draft → published",
        "    Publish",
    ]


def test_the_disclosure_rules_take_the_dates_of_commits_before_1970(
        moon: tuple[GitRepo, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Drafted and published on time by git's dates: PM402 said 'drafted 159 days late: drafted
    1970-01-01 00:00 UTC' and 'published 150 days late', and ``pmkit due`` 'late (1970-01-01...)'."""
    assert main(["check", "--now", NOW, "--select", "PM402,PM412,PM413", "postmortems/"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["due", "--all", "--now", NOW, "postmortems/"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("; ")[0] for line in lines] == [
        f"{PM}: internal draft [internal]: met (1969-07-21T16:30-04:00)",
        f"{PM}: internal publish [internal]: met (1969-07-24T20:30+00:00)",
    ]


def test_a_commit_whose_object_holds_no_date_is_no_evidence_of_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A commit object with no date git or pmkit can read (a broken import): its stand-in, 1
    January 1970, was taken as when the postmortem was drafted and published (PM402, 'late').
    Now it is a commit at a time git cannot tell, as one dated after now is."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, MOON.replace("status: published", "status: draft"))
    raw_commit(repo, "soon +0000", "Draft")
    repo.write(PM, MOON)
    raw_commit(repo, "soon +0000", "Publish")
    monkeypatch.chdir(repo.root)
    assert main(["check", "--now", NOW, "--select", "PM402,PM412,PM413", "postmortems/"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["due", "--all", "--now", NOW, "postmortems/"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("; ")[0] for line in lines] == [
        f"{PM}: internal draft [internal]: done",
        f"{PM}: internal publish [internal]: done",
    ]


# --- the early git log on SIGTERM -----------------------------------------------------------------
#
# 'pmkit check' of a few files starts their 'git log' before it loads them (pmkit.headstart).
# SIGTERM (a CI job cancelled, a hook's timeout) ends a process where it is, without its
# 'finally' blocks or exit functions: a long log went on after the run, an orphan at work. Now
# the commands started early are stopped and reaped first, and the signal then ends the run as
# before (its exit status tells the signal).


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists the processes")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_while_the_files_load_stops_the_early_git_log(tmp_path: Path, name: str) -> None:
    """SIGTERM or SIGHUP sent to a run of a big file as soon as its early log started: the log
    kept running after pmkit had ended. (SIGINT, guard: it stopped it already.)"""
    import signal
    import time

    repo = GitRepo(tmp_path / "repo")
    timeline = "".join(f"  - at: 2026-03-02T10:{minute % 60:02d}:00Z\n    actor: queue\n"
                       f"    event: Step {minute}.\n" for minute in range(3000))  # a while to load
    repo.write(PM, PUBLISHED.replace("timeline:\n", "timeline:\n" + timeline, 1))
    repo.commit("Publish")
    wrapper = slow_log(tmp_path / "bin")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{wrapper}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "check", "--now", NOW, PM], cwd=repo.root, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pid_file = wrapper / "log.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pid_file.exists()
    log = int(pid_file.read_text(encoding="ascii"))
    run.send_signal(getattr(signal, name))
    _out, errors = run.communicate(timeout=60)
    try:
        assert run.returncode == (130 if name == "SIGINT" else -getattr(signal, name))
        assert b"Traceback" not in errors
        time.sleep(0.2)
        assert not is_running(log)
    finally:
        if is_running(log):
            os.kill(log, signal.SIGKILL)


# --- a publication discarded by 'git merge -s ours' (pinned) ------------------------------------
#
# A branch published the postmortem on 5 March; main merged it with '-s ours', keeping its own
# draft, and published on 20 March. The merge changed nothing on main's line ('git log --cc'
# does not list it), but the branch's commit is on a line of the history, and it recorded the
# status then: as for any branch, the earliest commit on any line that made the file published
# is its publication (docs/disclosure.md). git keeps no sign of whether anyone read that branch;
# 'published_at' dates the publication where it was another.


@pytest.fixture
def ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[GitRepo, str, str]:
    """The repository and the two publishing commits (the branch's, main's)."""
    text = PUBLISHED.replace("disclosure:\n", "disclosure:\n  regimes: [internal]\n").replace(
        "  published_at: 2026-03-05T09:00:00Z\n", "")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-04T10:00:00Z")
    repo.git("checkout", "-q", "-b", "early")
    repo.write(PM, text)
    early = repo.commit("Publish early", date="2026-03-05T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "-m", "Merge early, keeping main's draft", "early",
             date="2026-03-06T10:00:00Z")
    repo.write(PM, text)
    main_publish = repo.commit("Publish", date="2026-03-20T10:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo, early, main_publish


def test_pinned_a_publication_a_merge_s_ours_discarded_is_the_first(
        ours: tuple[GitRepo, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Pinned: the publish clock is met by the branch's commit of 5 March; ``pmkit history``
    lists it, and main's commit of 20 March as 'draft → published' again (the merge is no
    entry: its file is its first parent's)."""
    _repo, early, main_publish = ours
    assert main(["due", "--all", "--now", NOW, "postmortems/"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("; ")[0] for line in lines] == [
        f"{PM}: internal draft [internal]: met (2026-03-04T10:00+00:00)",
        f"{PM}: internal publish [internal]: met (2026-03-05T09:00+00:00)",
    ]
    assert main(["history", PM]) == 0
    assert capsys.readouterr().out.splitlines()[5:] == [
        f"2026-03-05 09:00 +0000  {early[:10]}  modified  status: draft → published",
        "    Publish early",
        "",
        f"2026-03-20 10:00 +0000  {main_publish[:10]}  modified  status: draft → published",
        "    Publish",
    ]


def test_pinned_published_at_dates_the_publication_after_a_merge_s_ours(
        ours: tuple[GitRepo, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Pinned: ``published_at`` of main's publication is taken, with no PM412 against the
    branch's earlier commit: PM402 says main's publication was late."""
    repo, _early, _main_publish = ours
    repo.edit(PM, "  aware_at: 2026-03-02T10:05:00Z\n",
              "  aware_at: 2026-03-02T10:05:00Z\n  published_at: 2026-03-20T10:00:00Z\n")
    assert main(["check", "--now", NOW, "--select", "PM402,PM412", "--no-hints", PM]) == 0  # a warning
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{PM}:40:17: PM402 postmortem published 3 days 10 h late: published 2026-03-20 10:00 UTC "
        "(disclosure.published_at), deadline 2026-03-16 23:59 UTC (14 calendar days after resolved, internal "
        "policy) [Team policy: publish within 14 calendar days of resolution (30 for SEV3; Azure final PIR "
        "practice)] (postmortem-late)")
