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
