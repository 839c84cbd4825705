"""Git evidence, held out after the eighteenth leftovers: a version as pushed that git reads but
that is not text, a commit without a readable date, the early log's signal handlers in library
use, and pushed versions of odd histories.

A postmortem whose base commit was not pushed yet is compared with its version in the newest
pushed commit (PM601, PM603-PM606). A version there that is binary or not UTF-8 was taken for
one the pushed commit did not have: the corrections of local commits looked unread, and a
rewrite of what readers saw passed with exit code 0 and not a word. The loader refuses such a
file in the working tree (PM004, PM005); the history rules cannot compare with it either, and
now PM600 says so once, in the loader's words, instead of taking it for absent."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from history_git import (
    CORRECTED,
    PM,
    PUBLISHED,
    SECOND,
    GitRepo,
    clear_git_env,
    published_and_pushed,
    pushed_then_local,
)

from pmkit.cli import main

ROOT = Path(__file__).parent.parent
NOW = "2026-11-25T12:00:00Z"
NOT_TEXT_HINT = ("    hint: pmkit reads postmortems as UTF-8 text; the history rules compare again once the "
                 "commits since then are pushed.")


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--now", NOW, "--select", "PM6", *args])
    return code, capsys.readouterr().out.splitlines()


#: The pushed version, the words for it.
NOT_TEXT = {
    "latin-1": (CORRECTED.replace("12,000 users", "12,000 usérs").encode("latin-1"),
                "is not UTF-8 text (byte 0xe9 at offset {offset}, which is 'é' in Windows-1252)"),
    "binary": (b"\x00\x01\x02" + CORRECTED.encode(),
               "contains NUL bytes: it looks binary, not like a YAML or Markdown postmortem"),
    "utf-16": (CORRECTED.encode("utf-16"), "is UTF-16 encoded, not UTF-8 text"),
}


@pytest.mark.parametrize("kind", sorted(NOT_TEXT))
def test_a_pushed_version_that_is_not_text_is_said_not_taken_as_absent(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The pushed version holds the first correction, but git stores it in Latin-1, UTF-16 or
    with NUL bytes; a local commit adds a second correction, and the working tree rewrites the
    first (PM603 if the pushed version were read). It read as a commit without the file: every
    correction looked local, and the run passed with exit code 0 in silence. Now PM600 names
    the version and what it is, once, and nothing is reported that depends on it."""
    raw, words = NOT_TEXT[kind]
    repo = pushed_then_local(tmp_path, raw, SECOND)
    repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(repo.root)
    sha = repo.git("rev-parse", "origin/main").strip()
    what = words.format(offset=raw.find(b"\xe9"))
    assert _check(capsys, "postmortems/") == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: its version as pushed (commit {sha[:10]}), "
        f"which tells what readers saw of it, {what} (history-unavailable)",
        NOT_TEXT_HINT,
        "",
        "Found 1 info in 1 of 1 file.",
    ])


def test_a_deleted_postmortem_whose_pushed_version_is_not_text_is_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``--repo-wide``: published and pushed in Latin-1, made UTF-8 and corrected in a local
    commit, then deleted. The pushed version read as 'not published as pushed' and PM605 was
    dropped (exit 0); now PM600 says why it cannot tell, at the deleted file."""
    raw = PUBLISHED.replace("got notifications late", "got notifications late (café)").encode("latin-1")
    repo = pushed_then_local(tmp_path, raw, CORRECTED)
    repo.git("rm", "-q", PM)
    repo.write("postmortems/2026-04-01-other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    monkeypatch.chdir(repo.root)
    sha = repo.git("rev-parse", "origin/main").strip()
    offset = raw.index(b"\xe9")
    code = main(["check", "--now", NOW, "--repo-wide", "--select", "PM600,PM605,PM606", "postmortems"])
    assert (code, capsys.readouterr().out.splitlines()) == (0, [
        f"{PM}:1:1: PM600 history rules skipped for {PM}: its version as pushed (commit {sha[:10]}), "
        f"which tells what readers saw of it, is not UTF-8 text (byte 0xe9 at offset {offset}, "
        "which is 'é' in Windows-1252) (history-unavailable)",
        NOT_TEXT_HINT,
        "",
        "Found 1 info in 1 of 2 files.",
    ])


# --- a commit whose object holds no readable date ------------------------------------------------
#
# Another program may write a commit whose author and committer lines carry no date pmkit or git
# can read; git prints none for it, and the commit object says none either. 'pmkit history'
# showed 1 January 1970 for it, as if that were its date.

def test_pmkit_history_says_a_date_it_cannot_read_is_unknown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Text: '(date unknown)' where the date goes, as wide; JSON: ``"date"`` null (documented),
    not '1970-01-01T00:00:00+00:00'. A commit with a date keeps it (guard)."""
    from history_git import raw_commit

    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("status: published", "status: draft"))
    draft = raw_commit(repo, "not a date", "Draft")
    repo.write(PM, PUBLISHED)
    publish = raw_commit(repo, "1772701200 +0100", "Publish")
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"History of {PM}: 2 commits",
        "",
        f"(date unknown)          {draft[:10]}  added as {PM}  status: draft",
        "    Draft",
        "",
        f"2026-03-05 10:00 +0100  {publish[:10]}  modified  status: draft → published",
        "    Publish",
    ]
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["commit"], e["date"], e["committed_date"]) for e in entries] == [
        (draft, None, None), (publish, "2026-03-05T10:00:00+01:00", None)]


# --- the early git log's signal handlers ---------------------------------------------------------
#
# While the commands pmkit.headstart started run, SIGTERM and SIGHUP stop them before they end
# the process (when nothing else handles those signals). The command the run waits for had left
# that list: a SIGTERM while the run waited for a long log (when it is likeliest) left the log at
# work after pmkit had ended. And a command taken or stopped from another thread than the main
# one forgot the handlers, which then stayed pmkit's for the rest of the program.


def _sleeping_long(pid: int) -> bool:
    """Whether ``pid`` has been waiting (not computing) for the last 0.3 s: the run has loaded
    its files and waits for the log."""
    import time

    for _ in range(15):
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        if stat.rpartition(")")[2].split()[0] != "S":
            return False
        time.sleep(0.02)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists the processes")
def test_sigterm_while_the_run_waits_for_the_early_log_stops_it(tmp_path: Path) -> None:
    """The file loaded, the run waits for its early ``git log`` (a long history); SIGTERM ends
    the run by that signal, as before, and now stops the log too: it went on for a minute."""
    import signal
    import time

    from history_git import is_running, slow_log

    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    wrapper = slow_log(tmp_path / "bin")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{wrapper}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "check", "--now", NOW, PM], cwd=repo.root, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pid_file = wrapper / "log.pid"
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and _sleeping_long(run.pid)) and run.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pid_file.exists()
    log = int(pid_file.read_text(encoding="ascii"))
    run.send_signal(signal.SIGTERM)
    _out, errors = run.communicate(timeout=60)
    try:
        assert (run.returncode, b"Traceback" in errors) == (-signal.SIGTERM, False)
        time.sleep(0.2)
        assert not is_running(log)
    finally:
        if is_running(log):
            os.kill(log, signal.SIGKILL)


@pytest.fixture
def default_sigterm() -> Iterator[None]:
    """SIGTERM and SIGHUP at their default action for the test, given back as they were."""
    import signal

    before = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    for number in before:
        signal.signal(number, signal.SIG_DFL)
    yield
    for number, handler in before.items():
        signal.signal(number, handler)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGHUP")
@pytest.mark.usefixtures("default_sigterm")
def test_a_command_taken_in_another_thread_gives_the_handlers_back_at_the_end(tmp_path: Path) -> None:
    """The command is taken (and times out) in a worker thread, which may not set handlers: they
    stayed pmkit's after the run's end (``stop_all`` in the main thread). Now that gives them
    back."""
    import signal
    import threading

    from pmkit import headstart

    headstart.start(["sleep", "30"], str(tmp_path), dict(os.environ))
    assert signal.getsignal(signal.SIGTERM) is headstart._ended

    def take() -> None:
        with pytest.raises(subprocess.TimeoutExpired):
            headstart.take(["sleep", "30"], str(tmp_path), 0.01)

    worker = threading.Thread(target=take)
    worker.start()
    worker.join()
    headstart.stop_all()
    assert [signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)] == [signal.SIG_DFL] * 2


def _handler_during_a_run(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> object:
    """The SIGTERM handler while a ``pmkit check`` of one file loads it (after its early log
    started), by a Checker that then fails: ``run`` runs ``main``."""
    import signal

    seen: list[object] = []

    def failing(*_args: object, **_kwargs: object) -> None:
        seen.append(signal.getsignal(signal.SIGTERM))
        raise RuntimeError("a failure inside the run")

    monkeypatch.setattr("pmkit.engine.Checker.__init__", failing)
    with contextlib.suppress(RuntimeError):
        run()
    return seen[0]


@pytest.mark.skipif(sys.platform == "win32", reason="no early log")
@pytest.mark.usefixtures("default_sigterm")
def test_guard_the_handlers_are_given_back_when_the_run_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard (already so): pmkit's handler while the early log runs; the default one after a run
    that raised, and an application's own handler neither replaced during the run nor after it,
    also in an asyncio loop that handles SIGTERM; a run in another thread sets none."""
    import asyncio
    import signal
    import threading

    from pmkit import headstart

    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    run = lambda: main(["check", "--now", NOW, PM])  # noqa: E731
    assert _handler_during_a_run(monkeypatch, run) is headstart._ended
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL

    def own(_number: int, _frame: object) -> None:
        pass

    signal.signal(signal.SIGTERM, own)
    assert _handler_during_a_run(monkeypatch, run) is own
    assert signal.getsignal(signal.SIGTERM) is own
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    async def in_loop() -> tuple[object, object]:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, lambda: None)
        theirs = signal.getsignal(signal.SIGTERM)
        try:
            return theirs, _handler_during_a_run(monkeypatch, run)
        finally:
            assert signal.getsignal(signal.SIGTERM) is theirs
            loop.remove_signal_handler(signal.SIGTERM)

    theirs, during = asyncio.run(in_loop())
    assert during is theirs

    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.append(_handler_during_a_run(monkeypatch, run)))
    worker.start()
    worker.join()
    assert seen == [signal.SIG_DFL]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


# --- pushed versions of histories with merges --------------------------------------------------
#
# The version as pushed was read at the newest pushed commit of the base's first-parent line.
# After 'git pull' (a merge) of a correction someone else pushed, that line's pushed commit is
# the one before the correction: the pushed correction looked local, and editing it passed.

PM603 = [
    f"{PM}:41:5: PM603 corrections[0] (of 2026-11-20) was edited: description \"The first version said "
    "12,000 users; the final count is 15,000.\" → \"The first version said 12,000 users; the count is "
    "15,000.\" (correction-rewritten)",
    "    hint: Restore the correction as it was and append a new one that corrects it; corrections are "
    "append-only.",
    "",
    "Found 1 error in 1 of 1 file.",
]


def test_a_correction_someone_pushed_and_a_pull_merged_counts_as_pushed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Published and pushed; another clone pushes a correction; here a local commit, then 'git
    pull' merges the correction (not pushed yet); the working tree rewrites it. PM603 came only
    once the merge was pushed; now before it too, as it does after (guard)."""
    repo = published_and_pushed(tmp_path)
    other = GitRepo(tmp_path / "other")
    other.git("fetch", "-q", str(tmp_path / "origin.git"), "main")
    other.git("reset", "-q", "--hard", "FETCH_HEAD")
    other.write(PM, CORRECTED)
    other.commit("Correct", date="2026-03-10T09:00:00Z")
    other.git("push", "-q", str(tmp_path / "origin.git"), "HEAD:main")
    repo.write("postmortems/notes.txt", "notes\n")
    repo.commit("Notes", date="2026-03-11T09:00:00Z")
    repo.git("pull", "-q", "--no-rebase", "--no-edit", "origin", "main", date="2026-03-12T09:00:00Z")
    repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(repo.root)
    assert _check(capsys, "postmortems/") == (1, PM603)
    repo.git("push", "-q", "origin", "main")
    assert _check(capsys, "postmortems/") == (1, PM603)


# --- '--base' naming a commit the repository does not have ---------------------------------------

@pytest.mark.parametrize("shallow", [False, True])
def test_a_base_commit_id_not_in_the_repository_says_how_to_fetch_it(
        shallow: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A commit id (a CI variable's, from another clone) the repository lacks: the advice was to
    fetch it 'or name it as origin/<id>', a remote-tracking branch no remote has; for an
    abbreviated id, to 'git fetch origin deadbeef', which git refuses ("couldn't find remote
    ref"). Now a full id is fetched by itself, an abbreviated one with what holds it. A name
    that may be a branch or a tag is told how to fetch it as either."""
    origin = GitRepo(tmp_path / "origin")
    origin.write(PM, PUBLISHED)
    origin.commit("Publish", date="2026-03-05T09:00:00Z")
    clone = tmp_path / "clone"
    origin.git("clone", "-q", *(["--depth", "1", "--no-local"] if shallow else []), "--branch", "main",
               str(origin.root), str(clone))
    monkeypatch.chdir(clone)
    full = "0123456789abcdef0123456789abcdef01234567"
    fetch = "--depth=1 origin" if shallow else "origin"
    unshallow = "--unshallow " if shallow else ""
    expected = {
        full: (f"this is a shallow clone: fetch the base (e.g. 'git fetch --depth=1 origin {full}') or use "
               "actions/checkout with fetch-depth: 0") if shallow
        else f"fetch it first (e.g. 'git fetch origin {full}')",
        "deadbeef": ("git fetches no commit by an abbreviated id: fetch the history that has it (e.g. "
                     f"'git fetch {unshallow}origin') or pass the full id"),
        "release": (f"this is a shallow clone: fetch the base (a branch with 'git fetch {fetch} "
                    "release:refs/remotes/origin/release', then pass --base origin/release; a tag with "
                    f"'git fetch {fetch} tag release', then pass --base release) or use actions/checkout "
                    "with fetch-depth: 0") if shallow
        else ("fetch it first (a branch with 'git fetch origin release', then pass --base origin/release; a "
              "tag with 'git fetch origin tag release', then pass --base release)"),
    }
    for base, advice in expected.items():
        assert main(["check", "--select", "PM6", "--base", base, "postmortems"]) == 2
        err = capsys.readouterr().err
        assert err == f"pmkit: --base {base}: names no commit in this repository; {advice}\n"


def test_guard_a_shallow_clone_whose_pushed_commit_is_the_boundary_compares_as_a_full_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard (already so): cloned with depth 1, the pushed commit is the clone's boundary (no
    parent here); a local commit adds a correction and the working tree rewrites the pushed one:
    PM603, as in the full clone, and with an annotated tag of HEAD as the base too."""
    full = pushed_then_local(tmp_path, CORRECTED.encode(), SECOND)
    full.git("reset", "-q", "--hard", "origin/main")
    clone = tmp_path / "shallow"
    full.git("clone", "-q", "--depth", "1", "--branch", "main", f"file://{tmp_path / 'origin.git'}",
             str(clone))
    repo = GitRepo(clone)
    repo.write(PM, SECOND)
    repo.commit("Local change", date="2026-03-09T09:00:00Z")
    repo.git("tag", "-a", "-m", "Reviewed", "reviewed", "HEAD")
    repo.edit(PM, "the final count is 15,000.", "the count is 15,000.")
    monkeypatch.chdir(clone)
    assert repo.git("rev-parse", "--is-shallow-repository").strip() == "true"
    assert _check(capsys, "postmortems/") == (1, PM603)
    assert _check(capsys, "--base", "reviewed", "postmortems/") == (1, PM603)
