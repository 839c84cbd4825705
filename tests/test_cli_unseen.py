"""The command line, settings, environment and Python API with inputs not tried elsewhere:
each gives a clear diagnostic (a one-line message and exit 2, or a finding), never a traceback,
a hang, a settings file silently passed over, or a partial write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE, flawed_repo, unplaced
from pmkit.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return flawed_repo(tmp_path)


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["check", *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_pyproject_for_pmkit_that_is_not_utf8_is_an_error_not_passed_over(
        repo: Path, capsys: pytest.CaptureFixture[str], encoding: str) -> None:
    # It once read as "no settings here": the run went on with the defaults, every rule on.
    text = '[tool.pmkit]\nselect = ["PM0"]\n# Jürgen\n'
    (repo / "pyproject.toml").write_bytes(text.encode(encoding))
    why = (":3:4: is not UTF-8 text (byte 0xfc at offset 33, which is 'ü' in Windows-1252)"
           if encoding == "latin-1" else ": is UTF-16 encoded, not UTF-8 text")  # the byte's place; none
    assert _one_line_error(capsys, "pm.yaml") == (
        f"pmkit: configuration error: {repo / 'pyproject.toml'}{why}; TOML files are UTF-8: save it in "
        "that encoding\n")


def test_another_tools_pyproject_that_is_not_utf8_is_still_not_ours(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_bytes('[tool.black]\n# Jürgen\n'.encode("latin-1"))
    assert main(["check", "--select", "PM0", "pm.yaml"]) == 1
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize(("make", "why"), [
    (os.mkdir, "is a directory, not a file"),
    (getattr(os, "mkfifo", None), "is not a regular file (a pipe, socket or device)"),
])
def test_a_dot_pmkit_toml_that_is_no_file_is_an_error_not_passed_over(
        repo: Path, capsys: pytest.CaptureFixture[str], make: object, why: str) -> None:
    assert callable(make)
    make(repo / ".pmkit.toml")
    assert _one_line_error(capsys, "pm.yaml") == (
        f"pmkit: configuration error: {repo / '.pmkit.toml'}: cannot read configuration: {why}\n")


def test_a_dot_pmkit_toml_that_links_to_a_missing_file_is_an_error_not_passed_over(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".pmkit.toml").symlink_to(repo / "settings" / "pmkit.toml")  # a dotfiles checkout not made
    assert _one_line_error(capsys, "pm.yaml") == (
        f"pmkit: configuration error: {repo / '.pmkit.toml'}: cannot read configuration: a symbolic link "
        "to a missing file\n")


def test_a_path_too_long_for_the_file_system_is_reported_as_such(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The settings search asked for a .pmkit.toml beside it: ENAMETOOLONG was an internal error.
    path = "a/" * 3000 + "pm.yaml"
    assert _one_line_error(capsys, path) == f"pmkit: {path}: file name too long\n"


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or not hasattr(signal, "SIGINT"),
                    reason="Linux's /proc lists a process's children")
def test_sigint_to_a_parallel_run_ends_it_at_once_with_130(tmp_path: Path) -> None:
    # SIGINT sent to pmkit alone (a cancelled CI job, `timeout -s INT`), not to its whole process
    # group as Ctrl-C is: the worker processes got none, and the run waited for them to check
    # every file they had been given before it ended.
    text = FLAWED_EXAMPLE.read_text(encoding="utf-8")
    for index in range(3000):
        (tmp_path / f"pm{index}.yaml").write_text(text, encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "pmkit", "check", "--jobs", "2", str(tmp_path)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PMKIT_NOW": "2026-01-01T00:00:00Z"})
    try:
        deadline = time.monotonic() + 60
        while len(_children(run.pid)) < 2 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the workers are at their files
        assert run.poll() is None, "the run ended before it could be interrupted"
        run.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, err = run.communicate(timeout=60)
        assert time.monotonic() - sent < 10  # at once: well under 1 s; before, as long as the whole run
        assert (run.returncode, err) == (130, "")
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked pool")
def test_stopped_workers_leave_no_pool_thread_at_work() -> None:
    """The pool's own thread closes its pipes as it sees the workers gone; still at it when the
    interrupted command ended, it raced Python's exit over the same pipes, and the run printed
    "Exception in thread ... Bad file descriptor" (about once in fifty SIGINTs)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pmkit.engine import _stop_workers

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))
    pool.submit(time.sleep, 30)
    pool.submit(time.sleep, 30)
    deadline = time.monotonic() + 30
    while len(pool._processes) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    manager = pool._executor_manager_thread
    assert manager is not None and manager.is_alive()
    started = time.monotonic()
    _stop_workers(pool)
    assert not manager.is_alive()
    assert time.monotonic() - started < 5  # (milliseconds, as a rule)


@pytest.mark.parametrize("argv", [["check", str(FLAWED_EXAMPLE)], ["check", "pm.yaml"], ["check"],
                                  ["new", "--title", "Outage"], ["init"]])
def test_a_current_folder_that_was_deleted_is_said_not_an_internal_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        argv: list[str]) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(argv) == 2
    assert capsys.readouterr().err == ("pmkit: the current folder no longer exists (deleted or moved away); "
                                       "change to an existing folder and run pmkit again\n")


@pytest.mark.parametrize(("value", "error", "message"), [
    ("10", TypeError, "max_bytes must be a number of bytes (int), not str"),
    (None, TypeError, "max_bytes must be a number of bytes (int), not NoneType"),
    (True, TypeError, "max_bytes must be a number of bytes (int), not bool"),
    (-1, ValueError, "max_bytes must be 1 or more, not -1"),  # was PM006 "over the limit of -1"
])
def test_load_says_what_max_bytes_takes(value: object, error: type[Exception], message: str) -> None:
    import pmkit

    with pytest.raises(error) as caught:
        pmkit.load(FLAWED_EXAMPLE, max_bytes=value)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_file_over_the_size_limit_names_the_setting_as_it_is_spelled(repo: Path) -> None:
    import pmkit

    with pytest.raises(pmkit.LoadError) as caught:
        pmkit.load(repo / "pm.yaml", max_bytes=10)
    [finding] = caught.value.diagnostics
    assert (finding.code, finding.line, finding.col) == ("PM006", 1, 1)
    # max_file_size is refused in [tool.pmkit] as an unknown setting
    assert finding.hint == "Split the postmortem, or raise max-file-size in [tool.pmkit]."


def test_load_config_takes_str_paths(repo: Path) -> None:
    import pmkit

    (repo / "sub").mkdir()
    (repo / ".pmkit.toml").write_text('select = ["PM1"]\n', encoding="utf-8")
    assert pmkit.load_config(start="sub").select == ["PM1"]  # was AttributeError: no 'resolve'
    assert pmkit.load_config(".pmkit.toml").select == ["PM1"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"path": 5}, "path must be a file or folder (str, bytes or os.PathLike) or None, not int"),
    ({"path": 1.5}, "path must be a file or folder (str, bytes or os.PathLike) or None, not float"),
    ({"start": 5}, "start must be a file or folder (str, bytes or os.PathLike) or None, not int"),
])
def test_load_config_refuses_what_is_no_path(repo: Path, kwargs: dict[str, object], message: str) -> None:
    import pmkit

    # load_config(5) read the open file number 5: "5: cannot read configuration: Bad file descriptor"
    with pytest.raises(TypeError) as caught:
        pmkit.load_config(**kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_check_of_an_empty_path_is_no_name_not_the_current_folder(repo: Path) -> None:
    import pmkit

    # pmkit.check("") checked every postmortem under the current folder; `pmkit check ""` refuses
    report = pmkit.check("", now="2026-01-01T00:00:00Z")
    assert report.files == [""]
    [finding] = report.diagnostics
    assert (finding.path, finding.line, finding.col, finding.code, finding.message) == (
        "", 1, 1, "PM004", "no file name given")


@pytest.mark.parametrize(("fail_on", "error", "message"), [
    ("fatal", ValueError, "unknown severity 'fatal': use error, warning or info"),
    (None, TypeError, "a severity is a name (error, warning or info), not NoneType"),
    (3, TypeError, "a severity is a name (error, warning or info), not int"),
])
def test_exit_code_refuses_a_severity_it_does_not_know(
        fail_on: object, error: type[Exception], message: str) -> None:
    import pmkit

    report = pmkit.Report()  # nothing found: "fatal" or None made it 0, as if all was well
    with pytest.raises(error) as caught:
        report.exit_code(fail_on)  # type: ignore[arg-type]
    assert str(caught.value) == message
    with pytest.raises(error):
        pmkit.Severity.parse(fail_on)  # type: ignore[arg-type]


def test_exit_code_takes_a_severity_by_name(repo: Path) -> None:
    import pmkit

    report = pmkit.check("pm.yaml", now="2026-01-01T00:00:00Z")
    assert report.exit_code("info") == report.exit_code(pmkit.Severity.INFO) == 1


@pytest.mark.parametrize(("fmt", "message"), [
    ("json", "a pmkit report (--format json), not a baseline"),
    ("sarif", "a SARIF report, not a baseline"),
])
def test_a_report_passed_as_the_baseline_is_named_as_what_it_is(
        repo: Path, capsys: pytest.CaptureFixture[str], fmt: str, message: str) -> None:
    # It was "'findings' must be a list" or "baseline version '2.1.0' is not supported".
    assert main(["check", "--format", fmt, "pm.yaml"]) == 1
    (repo / "report.json").write_text(capsys.readouterr().out, encoding="utf-8")
    assert _one_line_error(capsys, "--baseline", "report.json", "pm.yaml") == (
        f"pmkit: configuration error: report.json: {message}; write one with --write-baseline FILE\n")


@pytest.mark.parametrize("content", ["[]", "NaN", '"findings"', '{"version": 1}'])
def test_json_that_is_no_baseline_is_said_so(repo: Path, capsys: pytest.CaptureFixture[str],
                                             content: str) -> None:
    (repo / "b.json").write_text(content, encoding="utf-8")
    assert _one_line_error(capsys, "--baseline", "b.json", "pm.yaml") == (
        "pmkit: configuration error: b.json: not a pmkit baseline (a JSON object with 'version' and "
        "'findings'); write one with --write-baseline FILE\n")


@pytest.mark.parametrize(("text", "said"), [
    # was "cannot edit ... safely ('repos' ... is written in flow style)"
    ("repos: 5\n", "'repos' in .pre-commit-config.yaml is a number, not a list of repositories"),
    ('repos: "x"\n', "'repos' in .pre-commit-config.yaml is text, not a list of repositories"),
    # was the parser's complaint about the edited text, over nine lines
    ("- a\n", ".pre-commit-config.yaml holds a list, not a mapping with 'repos:'"),
    # was the parser's own text, over five lines
    ("repos: [\n", ".pre-commit-config.yaml is not valid YAML (expected the node content, but found "
                   "'<stream end>' at line 2, column 1)"),
])
def test_init_says_in_one_line_what_is_wrong_with_the_pre_commit_config(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    (repo / "pm.yaml").unlink()
    (repo / ".pre-commit-config.yaml").write_text(text, encoding="utf-8")
    assert main(["init"]) == 2
    assert capsys.readouterr().err == f"pmkit init: {said}; fix it first\n"
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".pre-commit-config.yaml"]  # nothing made


def test_an_unexpanded_pattern_is_named_as_one(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A quoted '*.yaml' (or one from a tool that runs pmkit without a shell) read as a file name.
    assert _one_line_error(capsys, "*.yaml") == (
        "pmkit: *.yaml: no such file or folder; it is a pattern, which pmkit does not expand: leave it "
        "unquoted for the shell to expand, or pass the folder\n")
    assert _one_line_error(capsys, "other/*.yaml") == "pmkit: other/*.yaml: no such file or folder\n"


def test_a_link_to_a_missing_file_is_named_as_one(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "link.yaml").symlink_to(repo / "gone.yaml")
    assert _one_line_error(capsys, "link.yaml") == "pmkit: link.yaml: a symbolic link to a missing file\n"


@pytest.mark.parametrize("verb", ["check", "stats", "due", "actions"])
def test_an_empty_paths_setting_is_said_not_a_silent_pass(
        repo: Path, capsys: pytest.CaptureFixture[str], verb: str) -> None:
    # Nothing was checked, nothing said, exit 0: as if every postmortem were fine.
    (repo / "pyproject.toml").write_text("[tool.pmkit]\npaths = []\n", encoding="utf-8")
    assert main([verb]) == 2
    assert unplaced(capsys.readouterr().err) == (
        f"pmkit: configuration error: {repo / 'pyproject.toml'}: 'paths' is empty, so there is nothing "
        "to check; name the postmortem folders there, or pass files or folders on the command line\n")
    assert main([verb, "pm.yaml"]) in (0, 1)  # files given on the command line are checked


@pytest.mark.parametrize(("content", "said"), [
    ('[project]\nname = "x"\n', ""),
    ('select = ["PM1"]\n', " (its 'select' is at the top of the file)"),
])
def test_a_pyproject_named_with_config_that_has_no_pmkit_table_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], content: str, said: str) -> None:
    # It ran with the defaults and said nothing: select = ["PM1"] there was silently ignored.
    (repo / "conf").mkdir()
    (repo / "conf" / "pyproject.toml").write_text(content, encoding="utf-8")
    assert _one_line_error(capsys, "--config", "conf/pyproject.toml", "pm.yaml") == (
        f"pmkit: configuration error: conf/pyproject.toml: has no [tool.pmkit] table{said}; pmkit's "
        "settings go under [tool.pmkit] in pyproject.toml\n")


@pytest.mark.parametrize(("argv", "config", "said"), [
    (["--select", "timelin-gap"], "",
     "'timelin-gap' matches no rule code, prefix or name (did you mean 'timeline-gap'?)"),
    (["--ignore", "PM999"], "", "'PM999' matches no rule code, prefix or name (see 'pmkit rules')"),
    ([], '[severity]\nhuman-eror = "info"\n',
     "{toml}: severity: no rule named 'human-eror' (did you mean 'human-error'?)"),
    ([], "[rules.overdue-action]\n",
     "{toml}: rules: no rule named 'overdue-action' (did you mean 'overdue-action-item'?)"),
    ([], 'ignore = ["human_eror"]\n',
     "{toml}: 'ignore' names 'human_eror', which matches no rule (did you mean 'human-error'?)"),
])
def test_a_misspelt_rule_name_gets_the_closest_name(
        repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], config: str, said: str) -> None:
    (repo / ".pmkit.toml").write_text(config, encoding="utf-8")
    assert unplaced(_one_line_error(capsys, *argv, "pm.yaml")) == (
        "pmkit: configuration error: " + said.format(toml=repo / ".pmkit.toml") + "\n")


def test_a_parallel_check_from_a_thread_of_a_script_read_from_stdin(tmp_path: Path) -> None:
    # From a thread pmkit cannot fork safely, so its workers are spawned, and a spawned worker
    # imports the program's main module first: "<stdin>" is none, every worker died and the
    # call raised BrokenProcessPool. The files are now checked in the calling process.
    text = FLAWED_EXAMPLE.read_text(encoding="utf-8")
    for index in range(6):
        (tmp_path / f"pm{index}.yaml").write_text(text, encoding="utf-8")
    script = (
        "import sys, threading\n"
        "from pmkit import Checker\n"
        "folder, found = sys.argv[1], []\n"
        "def work():\n"
        "    try:\n"
        "        found.append(len(Checker(now='2026-01-01T00:00:00Z').check_paths([folder], jobs=2)"
        ".diagnostics))\n"
        "    except BaseException as exc:\n"
        "        found.append(type(exc).__name__)\n"
        "thread = threading.Thread(target=work)\n"
        "thread.start()\n"
        "thread.join()\n"
        "serial = len(Checker(now='2026-01-01T00:00:00Z').check_paths([folder], jobs=1).diagnostics)\n"
        "print(found[0], serial)\n"
    )
    done = subprocess.run([sys.executable, "-", str(tmp_path)], input=script, capture_output=True,
                          text=True, timeout=300, check=False)
    parallel, serial = done.stdout.split()
    assert (parallel, done.returncode) == (serial, 0), done.stderr
    assert int(serial) > 0


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_github_annotations_are_utf8_whatever_the_stream_encoding(tmp_path: Path, encoding: str) -> None:
    # The runner reads them as UTF-8; "ü 😀.yaml" was written as "\xfc \U0001f600.yaml" (or as
    # Latin-1 bytes), and every annotation named a file that does not exist.
    (tmp_path / "ü 😀.yaml").write_text(FLAWED_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--format", "github", "--select", "PM301",
                           "ü 😀.yaml"], cwd=tmp_path, capture_output=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONIOENCODING": encoding, "PMKIT_NOW": "2026-01-01"})
    assert done.returncode == 1, done.stderr
    first = done.stdout.decode("utf-8").splitlines()[0]
    assert first.startswith("::error file=ü 😀.yaml,line=11,col=69,endColumn=80,title=PM301 human-error::")
