"""What a one-file check outside git does before and beside its model's share.

The command pauses Python's cycle collector while it starts and resumes it to check (a program
that imports pmkit keeps its own); the summary and root-cause rules read the file as written,
so the command's own process applies them; the history rules, which read no git there, run in
that process too; and the disclosure rules learn that no repository holds a file without
importing the git reader."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from history_git import GitRepo, clear_git_env

from helpers import EXAMPLES, SPLIT_NOW, split_case, start_early
from pmkit import cli, cores, early, engine, forked, startup
from pmkit.gitdates import FileDates, file_dates
from pmkit.gitplace import NOT_IN_REPOSITORY, in_no_repository
from pmkit.rules import RunState
from pmkit.rules.disclosure import no_evidence_advice

NOW = "2026-03-01T00:00:00Z"

needs_child = pytest.mark.skipif(not forked.can_fork() or cores.usable() < 2,
                                 reason="the child needs fork and two cores")


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PMKIT_JOBS", "PMKIT_NOW", "GIT_DIR", "GIT_WORK_TREE")}
    env.update(extra)
    return env


def _python(cwd: Path, code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=_env(**env), capture_output=True,
                          text=True, timeout=120, check=False)


# --- 1. the cycle collector: paused while the command starts -------------------------------------


@pytest.fixture
def collector() -> Iterator[None]:
    """The test process's collector as it was, afterwards."""
    enabled = gc.isenabled()
    yield
    startup._PAUSED.clear()
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_a_paused_collector_is_resumed_with_what_was_loaded_frozen(collector: None) -> None:
    gc.enable()
    startup.pause_collection()
    assert not gc.isenabled()
    startup.resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    frozen = gc.get_freeze_count()
    startup.resume_collection()  # (once: a second call changes nothing)
    assert gc.get_freeze_count() == frozen


def test_a_collector_the_program_turned_off_stays_off(collector: None) -> None:
    gc.disable()
    startup.pause_collection()
    startup.resume_collection()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_program_that_calls_the_command_keeps_its_collector(collector: None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    gc.enable()
    assert cli.main(["rules"]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing frozen: only the command's own start-up is paused
    assert "PM501" in capsys.readouterr().out


#: Reports, to stderr, the collector as the run's rules are loaded and as its files are checked.
_WATCHED = """
import gc, sys
from pmkit import engine
made, checked = engine.Checker.__init__, engine.Checker.check_paths
def init(self, *args, **kwargs):
    print("loading", gc.isenabled(), file=sys.stderr)
    made(self, *args, **kwargs)
def check(self, *args, **kwargs):
    print("checking", gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)
    return checked(self, *args, **kwargs)
engine.Checker.__init__, engine.Checker.check_paths = init, check
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def test_the_command_collects_no_cycles_while_it_starts_and_does_while_it_checks(tmp_path: Path) -> None:
    example = EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml"
    (tmp_path / "pm.yaml").write_bytes(example.read_bytes())
    done = _python(tmp_path, _WATCHED, "check", "--now", NOW, "pm.yaml", PMKIT_JOBS="1")
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[:2] == ["loading False", "checking True True"]
    assert done.stdout.splitlines()[-1] == "Found 4 errors, 20 warnings, 3 infos in 1 of 1 file."


def test_another_command_resumes_the_collector_before_it_runs(tmp_path: Path) -> None:
    code = ("import gc, sys\nfrom pmkit.commands import rules\nlisted = rules.run\n"
            "def run(args):\n    print('running', gc.isenabled(), file=sys.stderr)\n    return listed(args)\n"
            "rules.run = run\nsys.argv = ['pmkit', 'rules']\nfrom pmkit.launcher import run as main\n"
            "sys.exit(main())\n")
    done = _python(tmp_path, code)
    assert (done.returncode, done.stderr) == (0, "running True\n")


# --- 2. the summary and root-cause rules read the file as written --------------------------------

#: No ``id``: the schema makes no model of it (PM011), and the rules that need one say nothing.
_NO_MODEL = """\
pmkit: 1
title: Checkout outage
status: draft
lang: en
severity: SEV2
summary: >-
  Consequent to an unanticipated configuration propagation anomaly affecting the
  authentication infrastructure's distributed session-management subsystem, intermittent
  authorization failures materialized across heterogeneous client integrations,
  necessitating comprehensive remediation of the whole platform and of all of its many parts.
  The root cause was a bad config push.
"""


def _found(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    cli.main(["check", "--now", NOW, "--select", "PM0,PM5,PM7", "--format", "json", *args])
    import json

    return [f"{d['code']} {d['line']}:{d['col']}" for d in json.loads(capsys.readouterr().out)["diagnostics"]]


def test_the_summary_is_scored_where_the_schema_makes_no_model(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_NO_MODEL)
    assert _found(capsys, str(tmp_path / "pm.yaml")) == ["PM011 1:1", "PM501 6:10", "PM502 7:3", "PM703 11:3"]


def test_a_summary_in_no_language_the_formulas_know_is_not_scored(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_NO_MODEL.replace("lang: en", "lang: fr"))
    # PM013 says what is wrong with the language; the sentence is too long in any of them.
    assert _found(capsys, str(tmp_path / "pm.yaml")) == ["PM011 1:1", "PM013 4:7", "PM502 7:3", "PM703 11:3"]


def test_a_summary_that_is_no_text_is_left_to_the_schema(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = _NO_MODEL.split("summary:")[0] + "summary:\n  - Consequent to an unanticipated anomaly.\n"
    (tmp_path / "pm.yaml").write_text(text)
    assert [f for f in _found(capsys, str(tmp_path / "pm.yaml")) if f[:4] in ("PM50", "PM70")] == []


def test_german_root_cause_framing_is_read_as_written(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    text = _NO_MODEL.replace("lang: en", "lang: de").split("summary:")[0] + \
        "summary: Die Hauptursache war ein fehlerhafter Konfigurationsstand.\n"
    (tmp_path / "pm.yaml").write_text(text)
    assert _found(capsys, str(tmp_path / "pm.yaml")) == ["PM011 1:1", "PM703 6:10"]


# --- 3. the early child is sent only the rules that need the model -------------------------------


@pytest.fixture(autouse=True)
def _child_stopped() -> Iterator[None]:
    yield
    early.stop()


@needs_child
def test_the_child_is_sent_the_rules_that_need_the_model_alone(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    for key in ("PMKIT_JOBS", "PMKIT_NOW", "GIT_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    split_case(tmp_path / "pm")
    args = ["check", "--format", "json", "--now", SPLIT_NOW, "pm"]
    expected = cli.main(args), capsys.readouterr().out  # no child: one process
    sent = tmp_path / "sent"
    shares = engine.model_shares

    def recorded(config: Any, now: Any, files: Any, docs: Any, codes: list[str], dates: Any) -> Any:
        sent.write_text(" ".join(codes))
        return shares(config, now, files, docs, codes, dates)

    monkeypatch.setattr(engine, "model_shares", recorded)  # (before the fork: the child has it too)
    start_early(args)
    [started] = early._STARTED
    assert (cli.main(args), capsys.readouterr().out) == expected
    assert started._child.delivered  # (it did its share) ...
    assert early._ENDING == []
    with pytest.raises(ProcessLookupError):  # ... and was reaped as the command ended: no zombie
        os.kill(started._child.pid, 0)
    codes = set(sent.read_text().split())
    catalogue = {rule.code: rule for rule in engine.registry()}
    assert codes == {code for code, rule in catalogue.items() if rule.needs_model}
    assert {"PM401", "PM105", "PM503"} <= codes
    assert not codes & {"PM501", "PM502", "PM703", "PM600", "PM601", "PM301"}
    assert '"code": "PM600"' in expected[1]  # (said here: "history rules (PM6xx) skipped")


@pytest.mark.skipif(not forked.can_fork(), reason="forks")
def test_a_child_that_sent_its_result_is_reaped_on_close_and_one_that_failed_at_once() -> None:
    done = forked.start(lambda: "shares")
    assert done is not None
    assert done.result() == "shares"
    assert done.delivered
    done.close()  # (waits for it to end, if it had not yet)
    with pytest.raises(ProcessLookupError):
        os.kill(done.pid, 0)
    failed = forked.start(lambda: 1 // 0)
    assert failed is not None
    assert failed.result() is None
    assert not failed.delivered
    with pytest.raises(ProcessLookupError):  # reaped as its failure was read
        os.kill(failed.pid, 0)
    failed.close()
    done.close()  # (safe twice)


# --- 4. no repository: known without the git reader ----------------------------------------------


def test_a_file_in_no_repository_has_no_git_dates_and_git_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "pm.yaml").write_text("pmkit: 1\n")
    code = ("import sys\nfrom pmkit.gitdates import file_dates\nfrom pmkit.rules import RunState\n"
            "dates = file_dates(RunState(paths=['pm.yaml']), 'pm.yaml')\n"
            "print(dates.problem, dates.kind, dates.available, 'pmkit.history' in sys.modules,\n"
            "      'git' in sys.modules)\n")
    done = _python(tmp_path, code, GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert (done.returncode, done.stdout) == (0, f"{NOT_IN_REPOSITORY} outside False False False\n")


def test_no_repository_is_what_the_git_reader_would_say(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.history import evidence

    clear_git_env(monkeypatch)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    path = tmp_path / "a" / "pm.yaml"
    path.parent.mkdir()
    path.write_text("pmkit: 1\n")
    assert in_no_repository(path)
    assert evidence(RunState(paths=[str(path)]), str(path)).problem == NOT_IN_REPOSITORY
    dates = file_dates(RunState(paths=[str(path)]), str(path))
    assert (dates.problem, dates.kind, dates.on_disk) == (NOT_IN_REPOSITORY, "outside", False)


def test_a_file_in_a_repository_or_one_git_dir_names_is_read_by_git(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm.yaml", "pmkit: 1\n")
    repo.commit("add", date="2026-02-01T10:00:00+00:00")
    path = str(repo.root / "pm.yaml")
    assert not in_no_repository(path)
    dates = file_dates(RunState(paths=[path]), path, published=False)
    assert dates.available and dates.first_added is not None
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("pmkit: 1\n")
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    assert not in_no_repository(elsewhere)  # GIT_DIR names the repository, wherever the file is


@pytest.mark.parametrize(("kind", "advice"), [
    ("outside", "Run pmkit inside the repository that holds the postmortems."),
    (None, "Run pmkit inside the repository that holds the postmortems."),
    ("shallow", "Fetch the full history (git fetch --unshallow; actions/checkout fetch-depth: 0)."),
    ("partial", "Clone without --filter (actions/checkout: no filter, fetch-depth: 0)."),
    ("unreadable", "Make git able to read the repository (the message says what stops it). The "
                   "disclosure rules then use its dates again."),
])
def test_the_advice_for_no_git_evidence(kind: str | None, advice: str) -> None:
    assert no_evidence_advice(FileDates(problem="git cannot read it", kind=kind)) == advice


def test_the_advice_for_a_pointer_file_is_the_lfs_hint() -> None:
    from pmkit.history import LFS_HINT

    assert no_evidence_advice(FileDates(problem="an LFS pointer", kind="lfs")) == LFS_HINT


# --- 5. what a check outside any settings file does not load ---------------------------------------


def test_the_settings_reader_loads_tomllib_only_for_a_settings_file(tmp_path: Path) -> None:
    code = ("import sys\nfrom pmkit.config import load_config\nimport pmkit.engine, pmkit.tomlkeys\n"
            "before = 'tomllib' in sys.modules\nconfig = load_config()\n"
            "print(before, 'tomllib' in sys.modules, config.paths)\n")
    done = _python(tmp_path, code, GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert (done.returncode, done.stdout) == (0, "False False ['postmortems']\n"), done.stderr
    (tmp_path / ".pmkit.toml").write_text('[tool.pmkit]\npaths = ["pm"]\n')
    done = _python(tmp_path, code, GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert (done.returncode, done.stdout) == (0, "False True ['pm']\n"), done.stderr


@pytest.mark.parametrize(("line", "said"), [
    ("lang: englsh", "5:7: PM013 'englsh' is not a valid lang (did you mean 'en'?)"),
    ("lang: Deutsh", "5:7: PM013 'Deutsh' is not a valid lang (did you mean 'de'?)"),
    ("lang: en\ntimezone: Europe/Berln", "6:11: PM016 'Europe/Berln' is not an IANA time zone such as "
                                         "Europe/Zurich (did you mean 'Europe/Berlin'?)"),
    ("lang: en\ntimezone: Europe/Bxxxxx", "6:11: PM016 'Europe/Bxxxxx' is not an IANA time zone such as "
                                          "Europe/Zurich (unknown-timezone)"),
])
def test_a_misspelt_language_or_zone_is_answered_with_the_closest(tmp_path: Path, line: str, said: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(f"pmkit: 1\nid: 2026-03-01-x\ntitle: Outage\nstatus: draft\n{line}\n"
                                      "severity: SEV2\n")
    cli.main(["check", "--select", "PM0", "--no-hints", str(tmp_path / "pm.yaml")])
    assert f"pm.yaml:{said}" in capsys.readouterr().out


def test_the_postmortem_validator_is_built_at_import_and_the_sections_on_first_use() -> None:
    code = ("from pmkit import model\n"
            "print(model.Postmortem.__pydantic_complete__, model.TimelineEntry.__pydantic_complete__)\n"
            "entry = model.TimelineEntry.model_validate({'at': '2026-03-01T10:00:00Z', 'event': 'paged'})\n"
            "print(model.TimelineEntry.__pydantic_complete__, entry.at.isoformat())\n"
            "from pmkit.policies import builtin\n"
            "print(sorted(builtin())[:2], builtin()['gdpr-art33'].stages['notification'].deadline.hours)\n")
    done = _python(Path.cwd(), code)
    assert (done.returncode, done.stdout) == (0, "True False\nTrue 2026-03-01T10:00:00+00:00\n"
                                                 "['cert-in', 'ch-isa'] 72.0\n"), done.stderr


#: The command, killed (SIGKILL) as its rules load, after writing the early child's process id;
#: the child, meanwhile, at work for half a minute.
_KILLED_WHILE_LOADING = """
import os, signal, sys, time
from pmkit import engine, workers
command, real = os.getpid(), workers.open_files_problem
workers.open_files_problem = lambda: real() if os.getpid() == command else time.sleep(30)
def init(self, *args, **kwargs):
    from pmkit import early
    print(early._STARTED[0]._child.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
engine.Checker.__init__ = init
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def _ended(pid: int) -> bool:
    """Whether process ``pid`` is gone or a zombie (ended, not yet reaped by whoever took it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


@needs_child
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_early_child_ends_when_the_command_is_killed(tmp_path: Path) -> None:
    import time

    example = EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml"
    (tmp_path / "pm.yaml").write_bytes(example.read_bytes())
    done = _python(tmp_path, _KILLED_WHILE_LOADING, "check", "--now", NOW, "pm.yaml",
                   GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert done.returncode == -9, done.stderr
    child = int(done.stdout)
    deadline = time.monotonic() + 5
    while not _ended(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _ended(child)  # (its lifeline broke with the command: it did not go on with its work)


#: The command, with SIGTERM sent to the process as any file is renamed into place (only the
#: pattern caches' are, in a check), the rename done after it.
_TERMINATED_AT_RENAME = """
import os, signal, sys
rename = os.replace
def replace(a, b): os.kill(os.getpid(), signal.SIGTERM); rename(a, b)
os.replace = replace
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


@needs_child
def test_a_sigterm_as_the_early_child_saves_its_patterns_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The early child saves the patterns it compiled after its shares; a SIGTERM sent to it
    then reached its lifeline's thread, whose default action ended it before the rename."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    (work / "pm.yaml").write_bytes((EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml").read_bytes())
    done = _python(work, _TERMINATED_AT_RENAME, "check", "--now", NOW, "pm.yaml", PMKIT_CACHE_DIR=str(cache),
                   GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert done.returncode == -15, done.stderr
    # (findings, scores and lexicons are kept as the patterns are)
    kept = {path.name for path in cache.iterdir()}
    patterns = {name for name in kept if name.startswith("patterns-") and name.endswith(".bin")}
    assert len(patterns) == 1 and kept - patterns <= {"findings.bin", "scores.bin", "lexicons.bin"}


def test_a_language_that_is_no_text_is_read_as_english(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_NO_MODEL.replace("lang: en", "lang: [de, en]"))
    assert _found(capsys, str(tmp_path / "pm.yaml")) == ["PM011 1:1", "PM013 4:7", "PM502 7:3", "PM703 11:3"]
