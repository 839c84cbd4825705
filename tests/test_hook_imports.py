"""What a hook's run does not import: modules that only a rare path of it uses.

A pre-commit hook's check of one file is a fresh process on every commit, and its start-up is
mostly importing. ``inspect`` (which ``dataclasses`` imports, with ``ast``, ``dis`` and
``tokenize``), ``hashlib`` (OpenSSL's bindings), ``shutil`` (with its compression modules) and
``traceback`` together took about 15 ms of it, for a class without a docstring, a digest of a
few kilobytes, the terminal's width and an internal error. The command loads ``inspect`` on
first use (:func:`pmkit.startup.defer_imports`); the others are imported where they are used.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_git import PUBLISHED, SRC, GitRepo

from pmkit.digest import sha256_hex

#: Imported by none of a hook's run of one file (checked in the command's own process, which
#: reads git and applies the text rules).
NOT_IMPORTED = ("inspect", "ast", "tokenize", "hashlib", "_hashlib", "shutil", "traceback", "difflib",
                "tempfile", "random", "secrets")
#: Imported by none of a run that also validates the model (pydantic imports the others).
NOT_IMPORTED_WITH_THE_MODEL = ("hashlib", "_hashlib", "secrets", "random", "shutil", "tempfile", "traceback")


def _python(code: str, *args: str, cwd: Path | None = None, cache: Path | None = None,
            **values: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PMKIT_", "GIT_"))}
    env.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25", **values)
    env.update({"PMKIT_CACHE_DIR": str(cache)} if cache is not None else {"PMKIT_NO_CACHE": "1"})
    return subprocess.run([sys.executable, *args] if not code else [sys.executable, "-c", code, *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False)


def _imported(importtime: str) -> set[str]:
    """The modules that ``python -X importtime`` says were imported."""
    return {line.rsplit("|", 1)[1].strip() for line in importtime.splitlines()
            if line.startswith("import time:") and line.count("|") == 2} - {"imported package"}


@pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                    reason="which modules the standard library itself imports differs between versions")
def test_a_hooks_check_of_one_file_imports_none_of_the_rarely_used_modules(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("postmortems/pm.yaml", PUBLISHED)
    repo.commit("publish")
    repo.write("postmortems/pm.yaml", PUBLISHED.replace("Backlog drained.", "The backlog drained."))
    repo.git("add", "postmortems/pm.yaml")
    command = "from pmkit.launcher import run; raise SystemExit(run())"
    # Without the cache: a run that keeps its compiled patterns or the file's log writes them
    # (tempfile, with shutil and random), and two processes that save at once may leave some to
    # the next run to compile and save again. The log is still started while the modules load
    # (its output in a file with no name).
    done = _python(command, "check", "postmortems/pm.yaml", cwd=repo.root)
    assert done.returncode in (0, 1), done.stderr
    timed = _python("", "-X", "importtime", "-c", command, "check", "postmortems/pm.yaml", cwd=repo.root)
    assert timed.returncode == done.returncode and timed.stdout == done.stdout
    imported = _imported(timed.stderr)
    assert {"pmkit.cli", "pmkit.history", "dataclasses"} <= imported  # (the run was what it should be)
    assert sorted(imported.intersection(NOT_IMPORTED)) == []
    # One process doing both shares (no fork): the model's too.
    alone = _python("", "-X", "importtime", "-c", command, "check", "postmortems/pm.yaml", cwd=repo.root,
                    PMKIT_JOBS="1")
    assert alone.returncode == done.returncode and alone.stdout == done.stdout
    imported = _imported(alone.stderr)
    assert {"pydantic", "pmkit.model"} <= imported
    assert sorted(imported.intersection(NOT_IMPORTED_WITH_THE_MODEL)) == []


def test_a_deferred_module_is_imported_on_first_use_and_then_is_the_module() -> None:
    code = """
import sys
from pmkit.startup import defer_imports
defer_imports()
import dataclasses

@dataclasses.dataclass
class Documented:
    "A class with a docstring: dataclasses asks inspect nothing."
    x: int

before = "ast" in sys.modules
import inspect
from inspect import signature
print(before, "ast" in sys.modules, str(signature(Documented)), inspect.isclass(Documented),
      sys.modules["inspect"].getdoc is inspect.getdoc, inspect.__name__)

@dataclasses.dataclass
class Undocumented:
    y: str

print(Undocumented.__doc__)
"""
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False True (x: int) -> None True True inspect",
                                        "Undocumented(y: str)"]


def test_pydantic_works_with_inspect_deferred() -> None:
    code = """
from pmkit.startup import defer_imports
defer_imports()
import pmkit
print([d.code for d in pmkit.check_text('pmkit: 1\\n')][:1])
"""
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("['PM0")


def test_every_dataclass_of_pmkit_has_a_docstring() -> None:
    """dataclasses calls ``inspect.signature`` for a class without one (to write one), which
    imports the deferred ``inspect`` in every run that defines the class."""
    undocumented = []
    for path in sorted((SRC / "pmkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None
                    and any("dataclass" in ast.unparse(d) for d in node.decorator_list)):
                undocumented.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert undocumented == []


def test_the_digest_is_sha256() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_threads_that_use_a_deferred_module_at_once_import_it_once() -> None:
    """Two threads at once: the second found the stand-in gone from sys.modules (KeyError) or
    imported the module a second time."""
    code = """
import importlib, importlib.machinery, sys, threading, time
from pmkit import startup
real_import = importlib.import_module
calls = []
def slow(name, *args):
    calls.append(name)
    time.sleep(0.2)
    return real_import(name, *args)
startup.importlib.import_module = slow
sys.modules["colorsys"] = stand_in = startup._deferred(
    "colorsys", importlib.machinery.PathFinder.find_spec("colorsys"), threading.RLock())
results = []
def use():
    try:
        results.append(stand_in.rgb_to_hsv(1.0, 0.0, 0.0))
    except Exception as exc:
        results.append(repr(exc))
threads = [threading.Thread(target=use) for _ in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(calls, results)
"""
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['colorsys'] " + str([(0.0, 1.0, 1.0)] * 4)


def test_a_deferred_module_is_found_and_star_imported_before_its_first_use() -> None:
    code = """
import importlib.util, sys
from pmkit.startup import defer_imports
defer_imports()
spec = importlib.util.find_spec("inspect")
print(spec.name, spec.origin.endswith("inspect.py"), "ast" in sys.modules)
from inspect import *
print(callable(signature), "ast" in sys.modules)
"""
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["inspect True False", "True True"]
