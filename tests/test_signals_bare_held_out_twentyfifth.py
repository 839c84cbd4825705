"""SIGTERM and SIGHUP that come as the command starts end it by the signal, with no traceback,
whatever module is half imported at that moment; a path inside a bare repository's folder is
said to be in a bare repository (exit 2), not an empty folder or a file checked as any other."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env

from pmkit.cli import main

ROOT = Path(__file__).parent.parent

posix_signals = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

#: A meta path finder that sends the process ``SIG`` as the module ``TARGET`` starts to load:
#: the signal's handler then runs with that module in sys.modules, half made, every time.
_SIGNAL_WHILE_IMPORTING = '''
import os, signal, sys
TARGET, SIG = sys.argv[1], getattr(signal, sys.argv[2])

class Finder:
    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(name, path)
        real = spec.loader

        class Loader:
            def create_module(self, spec):
                return real.create_module(spec)

            def exec_module(self, module):
                print("importing", module.__name__, flush=True)
                os.kill(os.getpid(), SIG)
                real.exec_module(module)

        spec.loader = Loader()
        return spec

assert TARGET not in sys.modules
sys.meta_path.insert(0, Finder())
'''


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PMKIT_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-c", _SIGNAL_WHILE_IMPORTING + script, *args],
                          capture_output=True, text=True, check=False, env=env, timeout=120)


@posix_signals
@pytest.mark.parametrize("sent", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_the_pattern_cache_imports_dataclasses_ends_the_command_by_it(sent: str) -> None:
    """The handler imported the early git commands' module to stop them, whose own import of
    the half-made ``dataclasses`` failed: a traceback and exit code 1."""
    script = ("sys.argv[1:] = ['rules']\n"
              "from pmkit.launcher import run\n"
              "run()\n")
    done = _run(script, "dataclasses", sent)
    assert (done.returncode, done.stdout, done.stderr) == \
        (-getattr(signal, sent), "importing dataclasses\n", "")


@posix_signals
@pytest.mark.parametrize("sent", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_the_early_git_module_is_half_imported_ends_the_command_by_it(sent: str) -> None:
    """The handler found ``pmkit.headstart`` in sys.modules before its ``stop_all`` was made
    ("partially initialized module 'pmkit.headstart' has no attribute 'stop_all'")."""
    script = ("from pmkit import launcher\n"
              "launcher._catch_stray_interrupts()\n"
              "launcher._stop_children_when_ended()\n"
              "import pmkit.headstart\n"
              "print('not ended')\n")
    done = _run(script, "dataclasses", sent)
    assert (done.returncode, done.stdout, done.stderr) == \
        (-getattr(signal, sent), "importing dataclasses\n", "")


@posix_signals
def test_a_half_made_module_of_the_early_git_commands_is_left_alone() -> None:
    """Its functions may be there before what they use: only a whole module is asked to stop
    its commands (a half-made one has started none), and the process still ends by the signal."""
    script = ("import types\n"
              "from pmkit import launcher\n"
              "launcher._catch_stray_interrupts()\n"
              "half = types.ModuleType('pmkit.headstart')\n"
              "half.__spec__ = types.SimpleNamespace(_initializing=True)\n"
              "half.stop_all = lambda: print('stop_all called', flush=True)\n"
              "sys.modules['pmkit.headstart'] = half\n"
              "launcher.end_by_signal(signal.SIGTERM)\n"
              "print('not ended')\n")
    done = _run(script, "nothing.imported", "SIGTERM")
    assert (done.returncode, done.stdout, done.stderr) == (-signal.SIGTERM, "", "")


@posix_signals
def test_a_whole_module_of_the_early_git_commands_stops_them_before_the_end() -> None:
    script = ("import types\n"
              "from pmkit import launcher\n"
              "whole = types.ModuleType('pmkit.headstart')\n"
              "whole.stop_all = lambda: print('stop_all called', flush=True)\n"
              "sys.modules['pmkit.headstart'] = whole\n"
              "launcher.end_by_signal(signal.SIGHUP)\n"
              "print('not ended')\n")
    done = _run(script, "nothing.imported", "SIGTERM")
    assert (done.returncode, done.stdout, done.stderr) == (-signal.SIGHUP, "stop_all called\n", "")


@posix_signals
def test_a_failing_stop_still_ends_the_process_by_the_signal() -> None:
    script = ("import types\n"
              "from pmkit import launcher\n"
              "broken = types.ModuleType('pmkit.headstart')\n"
              "broken.stop_all = lambda: 1 / 0\n"
              "sys.modules['pmkit.headstart'] = broken\n"
              "launcher.end_by_signal(signal.SIGTERM)\n"
              "print('not ended')\n")
    done = _run(script, "nothing.imported", "SIGTERM")
    assert (done.returncode, done.stdout, done.stderr) == (-signal.SIGTERM, "", "")


BARE = ("is set to be bare (core.bare = true), so git gives it no work tree to read the files in "
        "('git config core.bare false' there, if they are its work tree)")


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bare clone of a repository with one published postmortem, and a postmortem file copied
    into the bare repository's own folder; the run starts in the folder above it."""
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    where = tmp_path / "b.git"
    repo.git("clone", "-q", "--bare", str(repo.root), str(where))
    (where / "x.yaml").write_text(PUBLISHED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return where.resolve()


def _said(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("named", ["b.git", "b.git/hooks", "b.git/x.yaml", "b.git/postmortems"],
                         ids=["repository", "hooks", "file", "missing"])
def test_check_of_a_path_inside_a_bare_repository_says_it_is_bare(
        bare: Path, capsys: pytest.CaptureFixture[str], named: str) -> None:
    """The folders were said to hold no postmortem files and the file was checked, with exit 0."""
    assert _said(capsys, "check", named) == (2, "", f"pmkit: {named}: the repository at {bare} {BARE}\n")


def test_check_repo_wide_of_a_bare_repository_s_folder_says_it_is_bare(
        bare: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _said(capsys, "check", "--repo-wide", "b.git/hooks") == \
        (2, "", f"pmkit: b.git/hooks: the repository at {bare} {BARE}\n")


@pytest.mark.parametrize("named", ["x.yaml", "hooks", "."])
def test_check_run_inside_a_bare_repository_says_it_is_bare(
        bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], named: str) -> None:
    monkeypatch.chdir(bare)
    assert _said(capsys, "check", named) == (2, "", f"pmkit: {named}: the repository at {bare} {BARE}\n")


@pytest.mark.parametrize("verb", ["stats", "due", "actions"])
def test_a_report_run_inside_a_bare_repository_says_it_is_bare(
        bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], verb: str) -> None:
    """Of the configured folder (postmortems), "no such file or folder"."""
    monkeypatch.chdir(bare)
    assert _said(capsys, verb) == (2, "", f"pmkit: postmortems: the repository at {bare} {BARE}\n")


@pytest.mark.parametrize("verb", ["stats", "due", "actions"])
@pytest.mark.parametrize("named", ["b.git", "b.git/hooks", "b.git/x.yaml"],
                         ids=["repository", "hooks", "file"])
def test_a_report_of_a_path_inside_a_bare_repository_says_it_is_bare(
        bare: Path, capsys: pytest.CaptureFixture[str], verb: str, named: str) -> None:
    assert _said(capsys, verb, named) == (2, "", f"pmkit: {named}: the repository at {bare} {BARE}\n")


def test_a_work_tree_s_own_git_folder_is_no_bare_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Its .git folder looks like a repository's folder, as a bare one does; it is not set to be
    bare, and is a folder without postmortems as before."""
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    code, out, err = _said(capsys, "check", ".git/hooks")
    assert (code, out, err.startswith("pmkit: .git/hooks: no postmortem files in this folder")) == \
        (0, "", True)
    assert _said(capsys, "check", "--select", "PM600", PM) == (0, "", "")
