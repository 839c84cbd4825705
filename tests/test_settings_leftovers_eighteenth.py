"""Settings and Python API leftovers.

Settings errors name the line and column of the setting at fault, after the file's name, as a
linter points at the place (``pyproject.toml:2:1: unknown setting 'require' ...``): the name of
a key that does not belong, the value of one that is wrong. ``tomllib`` gives no positions, so
the key is found in the file's text, however it is written ([tool.pmkit] tables, dotted keys,
inline tables, quoted keys, the short form of ``.pmkit.toml``); where it cannot be found, the
message keeps the form it had. A TOML syntax error puts tomllib's line and column there too.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from history_git import PM, clear_git_env, git_verb, logging_git, published_repo

from helpers import GOOD_EXAMPLE, assert_placed, settings_error
from pmkit.cli import main
from pmkit.config import load_config
from pmkit.tomlkeys import key_positions, line_col

SETTINGS = ("calendar, clarity, decisions, disclosure, exclude, extend-select, fail-on, history, ignore, "
            "learning, max-file-size, paths, policies, prose, respect-gitignore, rules, select, severity, "
            "templates, timeline, timezone")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # the search for settings stops here
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_unknown_setting_is_said_at_its_line_and_column(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text("[tool.pmkit]\nrequire = 3\n", encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: {repo / 'pyproject.toml'}:2:1: unknown "
                                       f"setting 'require' (settings: {SETTINGS})\n")


@pytest.mark.parametrize(("name", "text", "said"), [
    # the key's name when it does not belong; the value when it is wrong
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.pmkit]\npaths = ["pm"]\n  selct = ["PM1"]\n',
     "6:3: unknown setting 'selct' (did you mean 'select'?)"),
    ("pyproject.toml", "[tool.pmkit]\ntimezone = 5\n",
     "2:12: timezone must be an IANA time zone name such as 'Europe/Zurich' (a string), got 5"),
    ("pyproject.toml", '[tool.pmkit]\npaths = ["a",\n  5]\n',
     "3:3: 'paths' must be a list of strings, got the item 5"),
    ("pyproject.toml", "[tool.pmkit.timeline]\nmin_entries = 3\nmax_gap_share = 2\n",
     "3:17: [timeline]: max_gap_share must be a number from 0 to 1"),
    ("pyproject.toml", "[tool.pmkit.timeline]\nmax_gap = 3\n",
     "2:1: [timeline]: unknown setting 'max_gap' (did you mean 'max_gap_share'?)"),
    # dotted keys, in a table and at the top
    ("pyproject.toml", "[tool.pmkit]\ntimeline.max_gap_share = 2\n",
     "2:26: [timeline]: max_gap_share must be a number from 0 to 1"),
    ("pyproject.toml", "[tool]\npmkit.fail-on = 3\n",
     '2:17: fail-on must be one severity in quotes: "error", "warning" or "info", got 3'),
    ("pyproject.toml", "tool.pmkit.fail_on = 'x'\n",
     "1:12: unknown setting 'fail_on' (did you mean 'fail-on'?)"),
    # inline tables, also nested
    ("pyproject.toml", "[tool.pmkit]\ntimeline = { min_entries = 3, max_gap_share = 2 }\n",
     "2:47: [timeline]: max_gap_share must be a number from 0 to 1"),
    ("pyproject.toml", '[tool.pmkit]\nrules = { PM714 = { grace_days = "x" } }\n',
     "2:34: rules.PM714.grace_days: expected a whole number, got 'x'"),
    # quoted keys, in a header and in a pair
    ("pyproject.toml", '[tool.pmkit.rules."PM714"]\ngrace = 3\n',
     "2:1: rules.PM714: PM714 has no option 'grace' (did you mean 'grace_days'?)"),
    ("pyproject.toml", "[tool.pmkit]\n'severity' = { \"PM999\" = \"info\" }\n",
     "2:16: severity: no rule named 'PM999'"),
    ("pyproject.toml", '[tool.pmkit.severity]\nPM112 = "err"\n',
     "2:9: severity.PM112: unknown severity 'err': use error, warning or info"),
    # .pmkit.toml, in its short form and with the prefix
    (".pmkit.toml", 'paths = ["pm"]\nrequire = 3\n',
     f"2:1: unknown setting 'require' (settings: {SETTINGS})"),
    (".pmkit.toml", "[timeline]\nmax_gap_share = 2\n",
     "2:17: [timeline]: max_gap_share must be a number from 0 to 1"),
    (".pmkit.toml", "[tool.pmkit.timeline]\nmax_gap_share = 2\n",
     "2:17: [timeline]: max_gap_share must be a number from 0 to 1"),
    (".pmkit.toml", "[tool.ruff]\nline-length = 100\n",
     "1:7: unknown table [tool.ruff]: this file holds pmkit's settings, under [tool.pmkit] or without that "
     "prefix"),
    (".pmkit.toml", "[decisions]\nx = 1\n",
     "2:1: [decisions]: unknown setting 'x': this table takes no settings (a rule's options go under "
     "[rules.CODE])"),
    # strings and comments that look like tables or keys are not taken for them
    ("pyproject.toml", '[tool.x]\ndoc = """\n[tool.pmkit]\nrequire = 1\n"""\n# [tool.pmkit]\n[tool.pmkit]\n'
     "paths = ['pm'] # require = 2\nrequire = 3\n", f"9:1: unknown setting 'require' (settings: {SETTINGS})"),
    # a preset's field, named after its table ([policies.acme].stages), also in a table of its own
    ("pyproject.toml", '[tool.pmkit]\npaths = ["pm"]\n[tool.pmkit.policies.acme]\ntitle = "A"\n'
     'audience = "customers"\ncitation = "x"\nstages = 5\n',
     "7:10: [tool.pmkit.policies.acme].stages: must be a table ([...] heading, or {key = value}), got 5"),
    (".pmkit.toml", '[policies.acme]\ntitle = "A"\naudience = "customers"\ncitation = "x"\n'
     '[policies.acme.stages.notice]\nanchor = "nope"\ndeadline = { days = 3 }\n',
     "6:10: [policies.acme].stages.notice.anchor: unknown anchor 'nope': use a milestone (impact_started, "
     "detected, acknowledged, mitigated, resolved), a disclosure timestamp (aware_at, classified_major_at, "
     "materiality_determined_at, discovered_at, determined_at), 'submitted:<stage>', "
     "'latest-submitted:<stage>' or 'year_end:<milestone or timestamp>'"),
    # TOML's own errors: tomllib's line and column, in the same place
    ("pyproject.toml", "[tool.pmkit]\nfail-on = = 3\n", "2:11: invalid TOML: Invalid value"),
    ("pyproject.toml", '[tool.pmkit\nfail-on = "x"\n',
     "1:12: invalid TOML: Expected ']' at the end of a table declaration"),
    (".pmkit.toml", 'paths = ["pm"]\nfail-on = ', "2:11: invalid TOML: Invalid value (at end of document)"),
])
def test_settings_errors_name_the_place(tmp_path: Path, name: str, text: str, said: str) -> None:
    path = tmp_path / name
    assert_placed(settings_error(path, text), path, said)


@pytest.mark.parametrize(("text", "said"), [
    # Guards: where no single setting is at fault, the message keeps its form.
    ("[tool.other]\nx = 1\n", "has no [tool.pmkit] table; pmkit's settings go under [tool.pmkit] in "
     "pyproject.toml"),
])
def test_a_message_without_a_place_keeps_its_form(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, text)
    assert str(error) == f"{path}: {said}"
    assert (error.line, error.col) == (None, None)


@pytest.mark.parametrize(("name", "text", "said"), [
    (".pmkit.toml", "paths = []\n",
     "1:9: 'paths' is empty, so there is nothing to check; name the postmortem folders there, or pass files "
     "or folders on the command line"),
    ("pyproject.toml", '[tool.pmkit]\npaths = [\n  "pm",\n  "pm/*.yaml",\n]\n',
     "4:3: 'paths' holds the pattern 'pm/*.yaml', which pmkit does not expand; name the folder instead "
     "('pm'): pmkit checks the postmortems in a folder and its subfolders"),
])
def test_paths_found_wrong_once_loaded_are_placed_too(
        repo: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    (repo / "pm").mkdir()
    assert main(["check"]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {repo / name}:{said}\n"


def test_the_place_of_a_setting_in_the_text() -> None:
    text = ("[tool.pmkit]  # c\n'a'.\"b\" = { c = [1, {d = 2}], e = '''x\n]''' }\n"
            "[[tool.pmkit.f]]\ng = 1979-05-27 07:32:00\n")
    found = {key: (line_col(text, place.key), line_col(text, place.value))
             for key, place in key_positions(text).items()}
    assert found[("tool", "pmkit")] == ((1, 7), (1, 1))
    assert found[("tool", "pmkit", "a")] == ((2, 1), (2, 1))
    assert found[("tool", "pmkit", "a", "b")] == ((2, 5), (2, 11))
    assert found[("tool", "pmkit", "a", "b", "c")] == ((2, 13), (2, 17))
    assert found[("tool", "pmkit", "a", "b", "e")] == ((2, 31), (2, 35))
    assert found[("tool", "pmkit", "f", "[]", "g")] == ((5, 1), (5, 5))
    assert ("tool", "pmkit", "a", "b", "c", "d") not in found  # inside an array: no one path


# --- a .pmkit.toml beside a pyproject.toml with [tool.pmkit] -----------------------------------

UNREAD = ("pmkit: note: the settings are read from {repo}/.pmkit.toml; the [tool.pmkit] table of "
          "{repo}/pyproject.toml beside it is not read (move its settings into .pmkit.toml)\n")


@pytest.mark.parametrize("pyproject", [
    '[tool.pmkit]\nselect = ["PM1"]\n',
    "[tool.pmkit]\nselect = 3\n",  # invalid: not read either, so not an error
    "[tool.pmkit\n",  # no TOML at all, but meant for pmkit
])
@pytest.mark.parametrize("verb", [["check", "pm.yaml"], ["due", "pm.yaml"]])
def test_a_pyproject_table_beside_a_pmkit_toml_is_said_to_be_unread(
        repo: Path, capsys: pytest.CaptureFixture[str], pyproject: str, verb: list[str]) -> None:
    (repo / ".pmkit.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    (repo / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert main(verb) == 0  # a note, not an error: the exit code is the run's
    assert capsys.readouterr().err == UNREAD.format(repo=repo)


@pytest.mark.parametrize("pyproject", ['[project]\nname = "x"\n', None])
def test_a_pmkit_toml_alone_or_beside_another_tools_pyproject_says_nothing(
        repo: Path, capsys: pytest.CaptureFixture[str], pyproject: str | None) -> None:
    """Guards: no note where nothing is left unread, nor with --config."""
    (repo / ".pmkit.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    if pyproject is not None:
        (repo / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 0
    (repo / "pyproject.toml").write_text('[tool.pmkit]\nselect = ["PM1"]\n', encoding="utf-8")
    assert main(["check", "--config", ".pmkit.toml", "pm.yaml"]) == 0
    assert capsys.readouterr().err == ""


# --- pmkit.check() of a path that is not there: a usage error, as for the command ---------------

@pytest.mark.parametrize(("paths", "error", "said"), [
    (["nope.yaml"], FileNotFoundError, "nope.yaml: no such file or folder"),
    (["pm.yaml", "nope"], FileNotFoundError, "nope: no such file or folder"),
    (["pm.yaml/x.yaml"], NotADirectoryError, "pm.yaml/x.yaml: pm.yaml is a file, not a folder"),
])
def test_check_of_a_path_that_is_not_there_raises_as_the_command_exits_2(
        repo: Path, capsys: pytest.CaptureFixture[str], paths: list[str], error: type[Exception],
        said: str) -> None:
    import pmkit

    with pytest.raises(error) as info:
        pmkit.check(paths, now="2026-11-25T12:00:00Z")
    assert str(info.value) == said
    assert main(["check", *paths]) == 2
    assert capsys.readouterr().err == f"pmkit: {said}\n"


def test_check_of_files_that_are_there_still_reports_them(repo: Path) -> None:
    """Guards: the files that are there are checked; an empty list checks nothing."""
    import pmkit

    report = pmkit.check(["pm.yaml"], now="2026-11-25T12:00:00Z")
    assert (report.files, report.exit_code()) == (["pm.yaml"], 0)
    assert (pmkit.check([]).files, pmkit.check([]).exit_code()) == ([], 0)


# --- a Checker reused for check_text keeps its git reads while the repository is the same -------

def _git_verbs(log: Path) -> list[str]:
    """The git commands logged since the last call (``log``, ``ls-files``...), and a fresh log."""
    lines = log.read_text(encoding="utf-8").split("\n") if log.exists() else []
    log.unlink(missing_ok=True)
    return [git_verb(line) for line in lines if line]


def test_a_reused_checker_reads_git_once_until_the_repository_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")  # (the log as read from HEAD, not kept from a read before)
    import pmkit

    clear_git_env(monkeypatch)
    repo = published_repo(tmp_path)
    wrapper = logging_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{wrapper}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(repo.root)
    now = "2026-11-25T12:00:00Z"
    checker = pmkit.Checker(now=now)
    text = repo.read(PM).replace("status: published", "status: draft")

    _git_verbs(wrapper / "git.log")
    checker.check_text(text, PM)
    first = _git_verbs(wrapper / "git.log")
    assert {"log", "ls-tree", "ls-files"} <= set(first)
    findings = [(d.code, d.line, d.col) for d in checker.check_text(text, PM)]
    assert _git_verbs(wrapper / "git.log") == []
    # Each further call of the same path reads no git: not the history, the base or the renames
    # again (and the configured folder's files that git ignores are asked for only when one of
    # them shares an id with the text: PM027).
    for _ in range(3):
        assert [(d.code, d.line, d.col) for d in checker.check_text(text, PM)] == findings
        assert _git_verbs(wrapper / "git.log") == []
    # A staged change, a new commit and a pushed or fetched branch (what is unpushed changes) are
    # new states: read again, and what a new Checker finds.
    repo.write("postmortems/other.yaml", repo.read(PM).replace("2026-03-02-queue", "2026-03-03-other"))
    repo.git("add", "postmortems/other.yaml")
    _git_verbs(wrapper / "git.log")
    after_add = checker.check_text(text, PM)
    assert "ls-files" in _git_verbs(wrapper / "git.log")  # (what the index holds, asked again)
    assert after_add == pmkit.Checker(now=now).check_text(text, PM)
    repo.commit("Add the other postmortem")
    repo.edit(PM, "about 12,000 users", "about 12,500 users")
    repo.commit("Correct the count")
    _git_verbs(wrapper / "git.log")
    after_commit = checker.check_text(text, PM)
    assert "log" in _git_verbs(wrapper / "git.log")
    assert after_commit == pmkit.Checker(now=now).check_text(text, PM)
    assert after_commit != after_add  # the new base version is seen
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    _git_verbs(wrapper / "git.log")
    after_push = checker.check_text(text, PM)
    assert "log" in _git_verbs(wrapper / "git.log")
    assert after_push == pmkit.Checker(now=now).check_text(text, PM)
    # Another path is another run's reads.
    checker.check_text(text, "postmortems/other.yaml")
    assert "log" in _git_verbs(wrapper / "git.log")


# --- --now with a date alone: its midnight UTC, said where --now is explained --------------------

@pytest.mark.parametrize("verb", ["check", "due", "actions", "stats"])
def test_the_help_of_now_says_a_date_alone_is_its_midnight_utc(
        verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([verb, "--help"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert ("written as a postmortem's timestamps are (2025-03-01T12:00:00Z; no offset: UTC; a date alone: "
            "its midnight UTC, whatever the settings' timezone) (default: $PMKIT_NOW or the current "
            "time)") in said


def test_a_date_alone_is_midnight_utc_whatever_the_settings_timezone(tmp_path: Path) -> None:
    """Guards: what the help and the docs now say, for --now, PMKIT_NOW and the API's now."""
    from datetime import date, datetime, timezone

    import pmkit
    from pmkit.engine import parse_now

    midnight = datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert parse_now("2026-03-01") == midnight
    (tmp_path / ".pmkit.toml").write_text('timezone = "Pacific/Auckland"\n', encoding="utf-8")
    config = load_config(tmp_path / ".pmkit.toml")
    assert pmkit.Checker(config, now="2026-03-01").now == midnight
    assert pmkit.Checker(config, now=date(2026, 3, 1)).now == midnight
