"""Git history and file discovery leftovers: Ctrl-C during 'pmkit history' and while git runs, a
remote without a default branch, 'exclude' with absolute paths and decomposed names, a nested
repository's .gitignore, and versions git converts from UTF-16.

Ctrl-C (SIGINT) sent to pmkit alone (a cancelled CI job, 'kill -INT', 'timeout -s INT'), not to
its process group as a terminal sends it, ended the run with 130 and left the git command it was
waiting for at work. A Ctrl-C that Python wrapped in another exception (3.11's "Error calling
__set_name__", raised while a module of the run was imported) was a traceback with exit 1; one
that came while a destructor ran was printed as "Exception ignored" and lost, and the run went
on to exit 0; one while the command ended (its exit handlers) was printed and lost too."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, is_running, slow_log

from helpers import FLAWED_EXAMPLE, GOOD_EXAMPLE, assert_placed, settings_error
from pmkit.cli import main
from pmkit.discovery import exclude_problem, excluded_by

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"
NOW = "2026-11-25T12:00:00Z"


def _command(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (which replaces ``cli.main``) through the command's entry point."""
    return subprocess.run([sys.executable, "-c", "import sys\nfrom pmkit import cli\n" + script
                           + "cli.main = main\nfrom pmkit.launcher import run\nsys.exit(run())\n"],
                          capture_output=True, text=True, check=False, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(SRC), "PMKIT_NO_CACHE": "1"})


# --- Ctrl-C ----------------------------------------------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists a process's children")
def test_sigint_to_pmkit_alone_while_git_log_runs_stops_the_log(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    wrapper = slow_log(tmp_path / "bin")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{wrapper}{os.pathsep}{env['PATH']}", PYTHONPATH=str(SRC), PMKIT_NO_CACHE="1")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "history", PM], cwd=repo.root, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pid_file = wrapper / "log.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    log = int(pid_file.read_text(encoding="ascii"))
    run.send_signal(signal.SIGINT)
    out, errors = run.communicate(timeout=60)
    try:
        assert (run.returncode, out, errors) == (130, b"", b"")
        time.sleep(0.2)
        assert not is_running(log)
    finally:
        if is_running(log):
            os.kill(log, signal.SIGKILL)


def test_a_ctrl_c_that_python_wrapped_ends_the_command_with_130() -> None:
    done = _command("def main():\n"
                    "    raise RuntimeError(\"Error calling __set_name__ on 'Field' instance 'facts' in "
                    "'Entry'\") from KeyboardInterrupt()\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


def test_a_ctrl_c_that_python_wrapped_inside_a_check_is_no_internal_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit import cli

    def wrapped() -> None:
        raise RuntimeError("Error calling __set_name__ on 'cached_property'") from KeyboardInterrupt()

    monkeypatch.setattr(cli, "_too_few_open_files", wrapped)
    assert cli.main(["check", str(ROOT / "examples")]) == 130
    assert capsys.readouterr().err == ""


def test_a_ctrl_c_inside_a_destructor_ends_the_command() -> None:
    done = _command("class Held:\n"
                    "    def __del__(self):\n"
                    "        raise KeyboardInterrupt\n"
                    "def main():\n"
                    "    Held()\n"
                    "    print('went on', flush=True)\n"
                    "    return 0\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


def test_a_ctrl_c_while_the_command_ends_is_130_without_a_traceback() -> None:
    done = _command("import atexit, os, signal, time\n"
                    "def interrupted():\n"
                    "    os.kill(os.getpid(), signal.SIGINT)\n"
                    "    time.sleep(0.05)\n"
                    "def main():\n"
                    "    atexit.register(interrupted)\n"
                    "    print('findings', flush=True)\n"
                    "    return 0\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "findings\n", "")


def test_the_command_imports_no_typing_before_it_takes_ctrl_c_itself() -> None:
    """Until pmkit.launcher's run() starts, a Ctrl-C is Python's own traceback: importing typing
    there (for TYPE_CHECKING) made that time a few milliseconds longer."""
    program = "import sys, pmkit.launcher; print('typing' in sys.modules)"
    done = subprocess.run([sys.executable, "-S", "-c", program], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    assert done.stdout == "False\n"



@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists a process's children")
def test_a_signal_while_the_early_git_log_is_being_started_stops_it() -> None:
    """SIGTERM that came while subprocess.Popen was still at work starting the early log (before
    pmkit noted the command, or watched for the signal) ended the run with the log left at work."""
    done = _command("import os, signal, subprocess, time\n"
                    "from pmkit import headstart\n"
                    "class Late(subprocess.Popen):\n"
                    "    def __init__(self, *args, **kwargs):\n"
                    "        super().__init__(*args, **kwargs)\n"
                    "        print(self.pid, flush=True)\n"
                    "        os.kill(os.getpid(), signal.SIGTERM)\n"
                    "        time.sleep(5)\n"
                    "def main():\n"
                    "    subprocess.Popen = Late\n"
                    "    headstart.start(['sleep', '30'], os.getcwd(), dict(os.environ))\n"
                    "    return 0\n")
    started = int(done.stdout)
    try:
        assert (done.returncode, done.stderr) == (-signal.SIGTERM, "")
        time.sleep(0.2)
        assert not is_running(started)
    finally:
        if is_running(started):
            os.kill(started, signal.SIGKILL)

# --- exclude: absolute paths, decomposed names -----------------------------------------------------
#
# An absolute path in 'exclude' (copied from a file manager or a terminal) was read as .gitignore
# reads '/x', anchored at the settings file's folder: '/home/me/repo/postmortems/templates/' named
# a folder 'home/me/repo/...' inside the repository and excluded nothing, silently. A name macOS
# keeps decomposed ('e' and a combining accent) matched no pattern written with 'é'.

def test_an_absolute_path_into_the_settings_folder_is_read_from_there(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "postmortems" / "templates").mkdir(parents=True)
    (tmp_path / "link").symlink_to(root)
    for pattern in (f"{root}/postmortems/templates/", f"{tmp_path}/link/postmortems/templates/",
                    f"{root}/postmortems/*.draft.yaml"):
        assert excluded_by(root / "postmortems/templates/t.yaml", [pattern], root) == (
            None if pattern.endswith("draft.yaml") else pattern)
        assert excluded_by(root / "postmortems/a.yaml", [pattern], root) is None
    pattern = f"{root}/postmortems/*.draft.yaml"
    assert excluded_by(root / "postmortems/a.draft.yaml", [pattern], root) == pattern
    # A '/' first is still .gitignore's anchor when the rest is no path into the folder.
    assert excluded_by(root / "templates/t.yaml", ["/templates/"], root) == "/templates/"


def test_an_absolute_path_in_exclude_through_the_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    (root / "postmortems" / "templates").mkdir(parents=True)
    shutil.copy(GOOD_EXAMPLE, root / "postmortems" / "a.yaml")
    shutil.copy(FLAWED_EXAMPLE, root / "postmortems" / "templates" / "t.yaml")
    (root / ".pmkit.toml").write_text(f'exclude = ["{root.resolve()}/postmortems/templates/"]\n',
                                      encoding="utf-8")
    monkeypatch.chdir(root)
    main(["check", "--format", "json", "--now", NOW, "postmortems"])
    assert json.loads(capsys.readouterr().out)["files"] == ["postmortems/a.yaml"]


@pytest.mark.skipif(not Path("/usr/share").is_dir(), reason="a folder at the top of the file system")
def test_an_absolute_path_outside_the_settings_folder_is_a_settings_error(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, 'exclude = ["/usr/share/postmortems/"]\n')
    assert_placed(error, path, f"1:12: exclude: the pattern '/usr/share/postmortems/' is an absolute path "
                  f"outside {tmp_path.resolve().as_posix()}, the folder of the settings file, and no file "
                  "outside it is ever excluded: patterns are read from that folder (a '/' first anchors one "
                  "there, as in .gitignore); write the path from there")
    # One name only, or a first name the folder has: .gitignore's anchored pattern, as before.
    (tmp_path / "usr").mkdir()
    for pattern in ("/usr/share/postmortems/", "/tmp/", "/srv/*.yaml"):
        assert exclude_problem(pattern, tmp_path) is None


@pytest.mark.parametrize(("on_disk", "written"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_name_matches_a_pattern_whatever_its_unicode_form(tmp_path: Path, on_disk: str,
                                                             written: str) -> None:
    root = tmp_path / "repo"
    for name, pattern in (("café.yaml", "café.yaml"), ("équipe/a.yaml", "équipe/"),
                          ("Ångström.md", "*ström.md")):
        path = root / "postmortems" / unicodedata.normalize(on_disk, name)
        pattern = unicodedata.normalize(written, pattern)
        assert excluded_by(path, [pattern], root) == pattern
    # Case still counts, as written, on every system.
    assert excluded_by(root / "postmortems" / "Café.yaml", ["café.yaml"], root) is None


# --- a nested repository's .gitignore ---------------------------------------------------------------
#
# A repository inside the checked folder (one cloned there, or a submodule) is listed by the
# outer repository's 'git ls-files --others --ignored --directory' as one folder, never looked
# into: its own .gitignore was never read, and the drafts it ignores were all checked.

def _nested(tmp_path: Path, *init: str) -> GitRepo:
    outer = GitRepo(tmp_path / "outer")
    outer.write("postmortems/a.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    outer.commit("Postmortems")
    team = outer.root / "postmortems" / "team"
    team.mkdir()
    subprocess.run(["git", "init", "-q", *init, "."], cwd=team, check=True)
    (team / ".gitignore").write_text("drafts/\n*.local.yaml\n", encoding="utf-8")
    (team / "drafts").mkdir()
    shutil.copy(FLAWED_EXAMPLE, team / "drafts" / "b.yaml")
    shutil.copy(FLAWED_EXAMPLE, team / "c.local.yaml")
    shutil.copy(GOOD_EXAMPLE, team / "c.yaml")
    return outer


@pytest.mark.parametrize("init", [[], ["--separate-git-dir", "../../../team.git"]])
@pytest.mark.parametrize("env", [{}, {"GIT_DIR": ".git", "GIT_INDEX_FILE": ".git/index"}])
def test_a_nested_repositorys_gitignore_applies_to_its_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        init: list[str], env: dict[str, str]) -> None:
    outer = _nested(tmp_path, *init)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(outer.root)
    for name, value in env.items():  # a hook of the outer repository
        monkeypatch.setenv(name, value)
    main(["check", "--format", "json", "--now", NOW, "postmortems"])
    assert json.loads(capsys.readouterr().out)["files"] == ["postmortems/a.yaml", "postmortems/team/c.yaml"]


def test_the_outer_gitignore_still_leaves_out_a_whole_nested_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    outer = _nested(tmp_path)
    outer.write(".gitignore", "team/\n")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(outer.root)
    main(["check", "--format", "json", "--now", NOW, "postmortems"])
    assert json.loads(capsys.readouterr().out)["files"] == ["postmortems/a.yaml"]


# --- a remote that records no default branch ------------------------------------------------------
#
# 'git remote add origin URL' and 'git fetch' give origin's branches but no origin/HEAD (a clone
# sets it). '--base origin/main' there, where the remote's branch is 'trunk', got the hint to
# fetch main ('git fetch origin main'), which fails too; '--base origin/HEAD' the hint to fetch
# HEAD, which sets nothing. What counts as pushed needs no default branch: any remote-tracking
# branch that holds a commit (see test_history_unpushed.py).

def _fetched_without_head(tmp_path: Path, *extra: str) -> GitRepo:
    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED)
    source.commit("Publish")
    source.git("branch", "-m", "main", "trunk")
    for branch in extra:
        source.git("branch", branch)
    repo = GitRepo(tmp_path / "repo")
    repo.git("remote", "add", "origin", str(source.root))
    repo.git("fetch", "-q", "origin")
    repo.git("checkout", "-q", "-b", "fix", "origin/trunk")
    return repo


UNSET = ("names no commit in this repository; the remote 'origin' records no default branch here "
         "(origin/HEAD is not set: a remote added with 'git remote add' gets none, a clone does; "
         "'git remote set-head origin --auto' asks the remote for it)")


@pytest.mark.parametrize("base", ["origin/main", "main", "origin/master", "origin/HEAD"])
def test_a_base_named_after_the_default_branch_of_a_remote_that_records_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        base: str) -> None:
    repo = _fetched_without_head(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert main(["check", "--select", "PM6", "--base", base, "postmortems"]) == 2
    assert capsys.readouterr().err == (f"pmkit: --base {base}: {UNSET}, and its one branch fetched is "
                                       "origin/trunk: pass --base origin/trunk\n")
    assert main(["check", "--select", "PM6", "--format", "json", "--now", NOW, "--base", "origin/trunk",
                 "postmortems"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []


def test_a_remote_without_a_default_branch_and_several_branches_lists_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fetched_without_head(tmp_path, "release-1", "release-2")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert main(["check", "--base", "origin/main", "postmortems"]) == 2
    assert capsys.readouterr().err == (f"pmkit: --base origin/main: {UNSET}; its branches fetched are "
                                       "origin/release-1, origin/release-2, origin/trunk: pass the one the "
                                       "changes are to merge into\n")
    # Another name than a default branch's keeps the hint to fetch it.
    assert main(["check", "--base", "origin/feature", "postmortems"]) == 2
    assert capsys.readouterr().err == ("pmkit: --base origin/feature: names no commit in this repository; "
                                       "fetch it first (e.g. 'git fetch origin feature')\n")



def test_the_branch_of_the_changes_themselves_is_not_offered_as_the_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A CI job's single-branch, shallow clone of a pull request's branch has one branch fetched,
    the pull request's own, at HEAD: offered as the base ('pass --base origin/fix'), it compared
    HEAD with itself, and the pull request's silent change passed (exit 0)."""
    source = GitRepo(tmp_path / "source")
    source.write(PM, PUBLISHED)
    source.commit("Publish")
    source.git("checkout", "-q", "-b", "fix")
    source.edit(PM, "users_affected: 12000", "users_affected: 13000")
    source.commit("Silent change")
    source.git("checkout", "-q", "main")  # (the remote's default branch, which the clone does not fetch)
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "fix", f"file://{source.root}",
                    str(tmp_path / "ci")], check=True, env=source.env())
    clear_git_env(monkeypatch)
    monkeypatch.chdir(tmp_path / "ci")
    assert main(["check", "--select", "PM6", "--base", "origin/main", "postmortems"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: --base origin/main: names no commit in this repository; this is a shallow clone: fetch the "
        "base (e.g. 'git fetch --depth=1 origin main:refs/remotes/origin/main') or use actions/checkout with "
        "fetch-depth: 0\n")

# --- versions git converts from UTF-16, and copies ------------------------------------------------
#
# With 'working-tree-encoding=UTF-16' git stores UTF-8 and checks out UTF-16: every committed
# version reads as text, and the file on the disk is cleaned by git before it is compared (a
# guard). A version committed as UTF-16 before the attribute was set is not text: PM600 said
# "cannot be read as a postmortem (not valid YAML or not UTF-8 text)", leaving the author to
# find out which; it now says what the version is, as the loader says it of such a file.

def _utf16_history(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(".gitattributes", "postmortems/*.yaml working-tree-encoding=UTF-16\n")
    (repo.root / "postmortems").mkdir()
    (repo.root / PM).write_bytes(PUBLISHED.encode("utf-16"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    copy = PUBLISHED.replace("2026-03-02-queue", "2026-03-09-queue-again")
    (repo.root / "postmortems/2026-03-09-queue-again.yaml").write_bytes(copy.encode("utf-16"))
    repo.commit("Start from the queue postmortem", date="2026-03-10T09:00:00Z")
    (repo.root / PM).write_bytes(PUBLISHED.replace("users_affected: 12000", "users_affected: 15000")
                                 .encode("utf-16"))
    return repo


def test_the_versions_of_a_utf16_checkout_read_as_git_stores_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _utf16_history(tmp_path)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert repo.git("cat-file", "-p", f"HEAD:{PM}").startswith("pmkit: 1\nid: 2026-03-02-queue\n")
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["change"], e["status"], e["unreadable"], [(f["field"], f["old"], f["new"], f["silent"])
             for f in e["facts"]]) for e in entries] == [
        ("added", "published", False, []),
        ("uncommitted", "published", False, [("impact.users_affected", "12000", "15000", True)])]
    # A copy is a postmortem of its own: its trail starts where it was copied, with no facts.
    assert main(["history", "--format", "json", "postmortems/2026-03-09-queue-again.yaml"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["change"], e["renamed_from"], e["status"], e["facts"]) for e in entries] == [
        ("copied", PM, "published", [])]


@pytest.mark.parametrize(("stored", "what", "unread"), [
    (PUBLISHED.encode("utf-16"), "is UTF-16 encoded, not UTF-8 text",
     "line 1, column 1: PM004 file is UTF-16 encoded; pmkit reads UTF-8"),
    (PUBLISHED.replace("Queue backlog", "Queue backlög").encode("latin-1"),
     "is not UTF-8 text (byte 0xf6 at offset 48, which is 'ö' in Windows-1252)",
     "line 3, column 19: PM004 file is not valid UTF-8: byte 0xf6 at offset 48, which is 'ö' in "
     "Windows-1252"),
])
def test_a_base_version_that_is_no_utf8_text_is_said_as_the_loader_says_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stored: bytes,
        what: str, unread: str) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.root / "postmortems").mkdir()
    (repo.root / PM).write_bytes(stored)
    repo.commit("Publish")
    repo.write(PM, PUBLISHED.replace("users_affected: 12000", "users_affected: 15000"))
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert main(["check", "--format", "json", "--now", NOW, "--select", "PM6", PM]) == 0
    assert [(d["code"], d["line"], d["col"], d["message"]) for d in
            json.loads(capsys.readouterr().out)["diagnostics"]] == [
        ("PM600", 1, 1, f"history rules skipped for {PM}: its version in HEAD {what}, so there is nothing to "
         "compare it with")]
    # The trail shows it as unreadable, never as mojibake, and compares nothing with it.
    assert main(["history", PM]) == 0
    assert capsys.readouterr().out.splitlines()[3:] == [
        "    Publish", f"    ! this version cannot be read: {unread}", "",
        "(uncommitted)      uncommitted  status: ? → published",
        "    (not compared: the version it changed cannot be read, nor any before it)"]


def test_a_default_branch_the_remote_no_longer_has_is_said_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A clone's origin/HEAD still pointing at origin/main after the remote renamed main to trunk
    and a fetch pruned origin/main: no branch is listed for it, and it is not 'not set'."""
    repo = _fetched_without_head(tmp_path)
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    assert main(["check", "--base", "origin/main", "postmortems"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: --base origin/main: names no commit in this repository; the default branch the remote "
        "'origin' records here, origin/main, is gone (renamed or deleted on the remote, and pruned by a "
        "fetch; 'git remote set-head origin --auto' asks the remote for it), and its one branch fetched is "
        "origin/trunk: pass --base origin/trunk\n")
