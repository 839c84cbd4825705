"""The model's share of a check, begun in a child forked as the command starts (pmkit.early).

The command's own process reads the files and applies the text rules that need no model; the
child, which imported pydantic and the model meanwhile, validates and applies the rest. What a
user sees must be what one process gives, whatever the child does; and a run that has no use for
the child must stop it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timezone
from pathlib import Path
from typing import Any

import pytest
from history_git import GitRepo, clear_git_env

from helpers import EXAMPLES, FIXTURES, SPLIT_NOW, split_case, start_early
from pmkit import cli, cores, early, engine, forked
from pmkit.config import ConfigError
from pmkit.diagnostics import sort_key
from pmkit.engine import _reads_git, parse_now
from pmkit.rules import RunState, registry

NOW = "2026-03-01T00:00:00Z"

needs_child = pytest.mark.skipif(not forked.can_fork() or cores.usable() < 2,
                                 reason="the child needs fork and two cores")

#: A Markdown page with a second front matter in its body: the loader names the format's fields
#: there (PM028) without the model.
_SECOND_FRONT_MATTER = FIXTURES / "loading" / "bad" / "second-front-matter.md"

#: Fixtures of every family, English and German, YAML and Markdown, with a suppression used and
#: one unused (split_case), a file that does not parse, an empty one, and one id in two files.
_BATCH = [
    *sorted(p for family in ("blameless", "clarity", "decisions", "disclosure", "learning", "loading")
            for p in (FIXTURES / family / "bad").iterdir() if p.is_file()),
    *sorted((FIXTURES / "loading" / "bad" / "duplicate-id").iterdir()),
    *(FIXTURES / "timeline" / "bad" / name for name in ("bare-date.yaml", "offset-ambiguous.yaml")),
    *sorted((EXAMPLES / "postmortems").iterdir()),
    *(FIXTURES / "realistic-flawed" / name for name in
      # (two: with every family's bad fixtures the batch stays under the workers' 40 files)
      ("2026-09-18-support-vendor-breach.yaml", "2026-01-31-database-deletion.md")),
]

#: A document that parses but that the schema rejects (a PM0 finding of the child's share), with a
#: suppression of a rule that needs the model: not applied to it, so not reported as unused.
_SCHEMA_ERROR = ("pmkit: 1\nid: 2026-03-01-x\ntitle: 5\nseverity: SEV9  # pmkit: ignore[PM105] unused\n"
                 "summary: Human error by the on-call.\n")


def _unused_suppression(folder: Path) -> None:
    """A valid document with a suppression of a rule that needs the model and finds nothing there:
    reported as unused (PM901), as the child made a model of it."""
    lines = (EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml").read_text().splitlines()
    lines[1] += "  # pmkit: ignore[PM105] unused"
    (folder / "unused.yaml").write_text("\n".join(lines) + "\n")


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PMKIT_JOBS", "PMKIT_NOW", "GIT_DIR", "GIT_WORK_TREE", "PRE_COMMIT_FROM_REF",
                          "PRE_COMMIT_TO_REF")}
    env.update(extra)
    return env


def _pmkit(cwd: Path, *args: str, importtime: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    program = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "pmkit", *args]
    return subprocess.run(program, cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=120,
                          check=False)


def _imported(stderr: str) -> set[str]:
    """The modules named in the ``-X importtime`` lines of ``stderr`` (this process's alone:
    the child's stderr is /dev/null)."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def _pydantic(stderr: str) -> set[str]:
    return {name for name in _imported(stderr) if name.split(".")[0] in ("pydantic", "pydantic_core")}


def _outside_git(*paths: Path) -> None:
    """The test's premise: the files are in no repository, so the child is used."""
    git_rules = [rule() for rule in registry() if rule.git]
    assert not _reads_git(git_rules, [str(path) for path in paths])


def _batch(folder: Path) -> Path:
    pm = folder / "pm"
    split_case(pm)
    for source in _BATCH:
        shutil.copyfile(source, pm / "-".join(source.parts[-3:]))
    (pm / "schema-error.yaml").write_text(_SCHEMA_ERROR)
    _unused_suppression(pm)
    assert len(list(pm.iterdir())) == len(_BATCH) + 6 < 40  # a run of few files: not the workers' path
    return pm


# --- 1. the command's own process never imports pydantic -----------------------------------------


@needs_child
def test_a_check_of_one_file_outside_git_imports_no_pydantic_here(tmp_path: Path) -> None:
    shutil.copyfile(EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml", tmp_path / "pm.yaml")
    _outside_git(tmp_path / "pm.yaml")
    done = _pmkit(tmp_path, "check", "--now", NOW, "pm.yaml", importtime=True)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "Found 4 errors, 20 warnings, 3 infos in 1 of 1 file."
    assert "pmkit.early" in _imported(done.stderr)  # (the lines are there to be read)
    assert _pydantic(done.stderr) == set()
    # One process asked for: this process validates, and so imports pydantic.
    alone = _pmkit(tmp_path, "check", "--now", NOW, "pm.yaml", importtime=True, PMKIT_JOBS="1")
    assert (alone.returncode, alone.stdout) == (done.returncode, done.stdout)
    assert {"pydantic", "pydantic_core"} <= _pydantic(alone.stderr)


# --- 2. the same findings as one process ---------------------------------------------------------


@needs_child
@pytest.mark.parametrize("options", [
    [],
    ["--select", "PM0,PM3"],
    ["--select", "PM0"],  # this process's text share is empty
    ["--select", "PM3"],  # the child's share is the load errors alone
    ["--ignore", "PM3"],
])
def test_a_batch_is_reported_as_one_process_reports_it(tmp_path: Path, options: list[str]) -> None:
    pm = _batch(tmp_path)
    _outside_git(*pm.iterdir())
    args = ["check", "--format", "json", "--now", SPLIT_NOW, *options, "pm"]
    done = _pmkit(tmp_path, *args, importtime=True)
    # No pydantic here: the child did its share (had it failed, this process would have).
    assert _pydantic(done.stderr) == set()
    alone = _pmkit(tmp_path, *args, PMKIT_JOBS="1")
    assert (done.returncode, done.stdout) == (alone.returncode, alone.stdout)
    assert done.returncode == 1
    if not options:  # the batch has findings of both shares, and of the file that does not parse
        assert {'"code": "PM001"', '"code": "PM301"', '"code": "PM101"', '"code": "PM901"'} <= \
            {part.strip().rstrip(",") for part in done.stdout.splitlines()}


@needs_child
@pytest.mark.parametrize(("source", "code"), [
    (FIXTURES / "blameless" / "bad" / "styles-de.yaml", "PM301"),
    (_SECOND_FRONT_MATTER, "PM028"),
])
def test_one_file_alone_is_reported_as_one_process_reports_it(tmp_path: Path, source: Path,
                                                              code: str) -> None:
    shutil.copyfile(source, tmp_path / source.name)
    args = ["check", "--format", "json", "--now", SPLIT_NOW, source.name]
    done = _pmkit(tmp_path, *args, importtime=True)
    assert _pydantic(done.stderr) == set()
    alone = _pmkit(tmp_path, *args, PMKIT_JOBS="1")
    assert (done.returncode, done.stdout) == (alone.returncode, alone.stdout)
    assert f'"code": "{code}"' in done.stdout


# --- 3. the child failing: its share is done here -------------------------------------------------


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _no_child_left(pid: int) -> None:
    assert early._STARTED == []
    with pytest.raises(ProcessLookupError):  # stopped, and reaped: not even a zombie
        os.kill(pid, 0)
    with contextlib.suppress(ChildProcessError):  # (no child at all)
        assert os.waitpid(-1, os.WNOHANG) == (0, 0)  # (another child of the test run, still at work)


@pytest.fixture(autouse=True)
def _child_stopped() -> Iterator[None]:
    """A test that failed halfway leaves no child for the next tests to take."""
    yield
    early.stop()


def _raising(*_args: Any) -> Any:
    raise RuntimeError("the child's share failed")


_REAL_SHARES = engine.model_shares


@needs_child
@pytest.mark.parametrize("failing", [
    _raising,
    lambda *_args: None,  # no list at all
    lambda *_args: [],  # fewer shares than documents
    lambda config, now, files, docs, codes, dates: [None] * len(docs),  # a failure on every document
    lambda *args: [None, *_REAL_SHARES(*args)[1:]],  # on the first alone
])
def test_what_the_child_fails_to_do_is_done_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str], failing: Any) -> None:
    for key in ("PMKIT_JOBS", "PMKIT_NOW", "GIT_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    files = split_case(tmp_path / "pm")
    (tmp_path / "pm" / "schema-error.yaml").write_text(_SCHEMA_ERROR)
    _unused_suppression(tmp_path / "pm")
    _outside_git(*files)
    args = ["check", "--format", "json", "--now", SPLIT_NOW, "pm"]
    expected = _main(capsys, *args)  # no child started: the split run, as in a program that calls main()
    assert expected[0] == 1 and '"code": "PM102"' in expected[1] and '"code": "PM010"' in expected[1]
    assert '"code": "PM301"' in expected[1] and '"code": "PM001"' in expected[1]  # (PM001: no parse)
    called = tmp_path / "called"

    def recorded(*shares_of: Any) -> Any:
        called.write_text(str(os.getpid()))
        return failing(*shares_of)

    monkeypatch.setattr(engine, "model_shares", recorded)  # (before the fork: the child has it too)
    start_early(args)
    [started] = early._STARTED
    pid = started._child.pid
    assert _main(capsys, *args) == expected
    assert int(called.read_text()) == pid  # the run was the child's, which failed at it
    _no_child_left(pid)


# --- 4. when the command starts the child ---------------------------------------------------------


def test_the_child_is_started_for_a_check_that_may_use_it(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text("pmkit: 1\n")
    wanted = {
        ("check",): True,
        ("check", "pm.yaml"): True,
        ("pm.yaml",): True,  # pre-commit names the files without the command
        ("pm.yaml", "--select", "PM3"): True,
        ("explain", "PM301"): False,
        ("--version",): False,
        ("--select", "PM3", "pm.yaml"): False,
        ("missing.yaml",): False,  # a bare word that is no file: the command says it is no command
        ("check", "--jobs", "2"): False,
        ("check", "--jobs=2"): False,
        ("check", "--job=2"): False,  # (argparse takes a prefix of an option)
        ("check", "pm.yaml", "--j", "1"): False,
        ("check", "-h"): False,
        ("check", "--help"): False,
        ("check", "--he"): False,
        (): False,
    }
    assert {args: early._wanted(list(args)) for args in wanted} == wanted
    # files named by a hook: 40 and more go to the workers, which need no child
    assert early._wanted(["check", *(["pm.yaml"] * 39)])
    assert not early._wanted(["check", *(["pm.yaml"] * 40)])
    monkeypatch.setenv("PMKIT_JOBS", "1")
    assert not early._wanted(["check", "pm.yaml"])
    monkeypatch.setenv("PMKIT_JOBS", " ")  # (set to nothing: the default, as for the workers)
    assert early._wanted(["check", "pm.yaml"])


def test_the_child_is_started_inside_a_repository_too(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a repository this process reads git (the history rules' base versions, the
    disclosure clocks' dates) while the child applies the model's rules (see
    tests/test_early_in_repository.py); the history hook's repository-wide run applies only
    the history rules, which need no model, and gets no child."""
    clear_git_env(monkeypatch)
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    GitRepo(tmp_path / "repo")
    (tmp_path / "repo" / "pm").mkdir()
    (tmp_path / "repo" / "pm" / "a.yaml").write_text("pmkit: 1\n")
    monkeypatch.chdir(tmp_path / "repo")
    wanted = {
        ("check",): True,
        ("check", "pm/a.yaml"): True,
        ("check", "--select", "PM0,PM4", "pm/a.yaml"): True,
        ("check", "--select", "PM0,PM6", "pm/a.yaml"): True,
        ("check", "--repo-wide", "--select", "PM600,PM605,PM606"): False,  # the pmkit-history-repo hook
        ("check", "--repo-wide", "--select=PM6"): False,
        ("check", "--r", "--sel", "PM6", "pm"): False,  # (argparse takes a prefix of an option)
        ("check", "--repo-wide", "pm"): True,  # every rule, the model's too (as in CI)
        ("check", "--", "pm/a.yaml"): True,
    }
    assert {args: early._wanted(list(args)) for args in wanted} == wanted


# --- 5. a run that does not use the child stops it ------------------------------------------------


def _many(root: Path) -> list[str]:
    """45 small files: a run for the workers."""
    folder = root / "pm"
    folder.mkdir(parents=True)
    text = (EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml").read_text()
    for number in range(45):
        (folder / f"pm-{number:02d}.yaml").write_text(text.replace("2025-02-14-login-outage",
                                                                   f"2025-02-14-login-outage-{number}"))
    return ["check", "--format", "json", "--now", NOW, "pm"]


@needs_child
@pytest.mark.parametrize("case", [_many])
def test_a_run_that_does_not_use_the_child_reports_as_before(tmp_path: Path, case: Any) -> None:
    args = case(tmp_path / "run")
    done = _pmkit(tmp_path / "run", *args)
    alone = _pmkit(tmp_path / "run", *args, PMKIT_JOBS="1")
    assert (done.returncode, done.stdout) == (alone.returncode, alone.stdout)
    assert done.returncode == 1 and '"code": "PM301"' in done.stdout


@needs_child
@pytest.mark.parametrize("case", [_many])
def test_a_run_that_does_not_use_the_child_stops_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], case: Any) -> None:
    clear_git_env(monkeypatch)
    for key in ("PMKIT_JOBS", "PMKIT_NOW"):
        monkeypatch.delenv(key, raising=False)
    args = case(tmp_path / "run")
    monkeypatch.chdir(tmp_path / "run")
    expected = _main(capsys, *args)
    called = tmp_path / "called"
    monkeypatch.setattr(engine, "model_shares", lambda *_args: called.write_text("used"))
    start_early(args)
    [started] = early._STARTED
    assert _main(capsys, *args) == expected
    assert not called.exists()
    _no_child_left(started._child.pid)


def test_the_command_stops_a_child_no_run_took(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    if not forked.can_fork():
        pytest.skip("needs fork")
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    monkeypatch.setattr("pmkit.cores.usable", lambda: 2)
    monkeypatch.chdir(tmp_path)  # (in no repository)
    early.start(["check"])
    [started] = early._STARTED
    code, out, _ = _main(capsys, "explain", "PM301")  # (a command that checks nothing)
    assert code == 0 and out.startswith("PM301")
    _no_child_left(started._child.pid)


# --- 6. --now read without pydantic, to the same moment ------------------------------------------


@pytest.mark.parametrize(("text", "plain"), [
    ("2026-03-01", True),
    ("2026-03-01T09:30Z", True),
    ("2026-03-01T09:30:15Z", True),
    ("2026-03-01T00:00:00Z", True),
    ("2026-03-01T23:59:59Z", True),
    ("1900-01-01", True),
    ("1900-01-01T00:00Z", True),
    ("2999-12-31", True),
    ("2999-12-31T23:59:59Z", True),
    ("2024-02-29", True),
    ("1899-12-31", False),
    ("1899-12-31T23:59:59Z", False),
    ("3000-01-01", False),
    ("0000-01-01", False),
    ("2026-02-30", False),
    ("2025-02-29", False),
    ("2026-13-01", False),
    ("2026-00-10", False),
    ("2026-03-01T24:00Z", False),
    ("2026-03-01T24:00:00Z", False),
    ("2026-03-01T09:60Z", False),
    ("2026-03-01T09:30:60Z", False),
    ("2026-03-01T09:30:00z", False),
    ("2026-03-01t09:30:00Z", False),
    ("2026-03-01T09:30:00", False),
    ("2026-03-01T09:30", False),
    ("2026-03-01T09:30:00+00:00", False),
    ("2026-03-01T09:30:00+02:00", False),
    ("2026-03-01T09:30:00-05:00", False),
    ("1900-01-01T00:00:00+14:00", False),
    ("2999-12-31T23:00:00-05:00", False),
    ("2026-03-01T09:30:00.5Z", False),
    ("2026-03-01T09:30:00.000Z", False),
    ("2026-03-01 09:30:00Z", False),
    (" 2026-03-01", False),
    ("2026-03-01 ", False),
    ("2026-03-01\n", False),
    ("2026-3-01", False),
    ("20260301", False),
    ("2026-W09-7", False),
    ("\uff12\uff10\uff12\uff16-03-01", False),  # (full-width digits)
    ("", False),
])
def test_a_plain_now_is_read_to_the_moment_the_parser_gives(text: str, plain: bool,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert (engine._plain_moment(text) is not None) is plain

    def read() -> tuple[object, str, type] | str:
        try:
            moment = parse_now(text)
        except ConfigError as exc:
            return str(exc)
        return moment, repr(moment), type(moment.tzinfo)

    fast = read()
    monkeypatch.setattr(engine, "_plain_moment", lambda _text: None)
    assert fast == read()
    if plain:
        assert isinstance(fast, tuple) and fast[2] is type(timezone.utc)


# --- 5. what this process does while the child is at work -----------------------------------------


class _Child:
    """An early child that records when its findings were asked for, and failed (its share is
    then done in this process)."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def send(self, *_run: Any) -> bool:
        return True

    def send_ahead(self, _values: Any) -> None:
        pass

    def result(self) -> None:
        self.events.append("result")

    def close(self) -> None:
        pass


def test_kept_values_and_suppressions_are_taken_care_of_before_waiting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the child is at work, this process writes what the command keeps between runs and
    reads the files' suppressions, which the report needs once the child's findings come; the
    findings are those of one process."""
    from pmkit import patterncache, suppress

    events: list[str] = []
    files = [str(path) for path in split_case(tmp_path / "pm")]
    _outside_git(*map(Path, files))
    alone = engine.Checker(now=SPLIT_NOW).check_paths(files).sorted()
    assert {d.code for d in alone} >= {"PM301", "PM901", "PM027"}
    checker = engine.Checker(now=SPLIT_NOW)
    checker.run = RunState(paths=files)  # (as check_paths sets it)
    monkeypatch.setattr(patterncache, "save", lambda: events.append("saved"))
    real = suppress.find_suppressions
    monkeypatch.setattr(suppress, "find_suppressions", lambda doc: events.append("suppressions") or real(doc))
    found = checker._check_early(files, _Child(events))  # type: ignore[arg-type]
    assert events[:len(files) + 2] == ["suppressions"] * len(files) + ["saved", "result"]
    assert sorted(found, key=sort_key) == alone
