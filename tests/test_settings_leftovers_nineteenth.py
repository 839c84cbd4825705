"""Settings and Python API leftovers, nineteenth round.

A settings file nested deeper than any setting (tables, dotted keys, arrays or inline tables,
some hundred levels or a hundred thousand) is an error at the place where it goes too deep, in
a moment, never a traceback or minutes of reading. Errors found together (a disclosure policy's
fields) are each placed; a key or table written twice, and a byte that is not UTF-8, are said
where they are. A ConfigError names its settings file (``path``) to a program, and its ``line``
and ``col`` are None where no one setting is at fault, as the command's message has no place
then. Held-out inputs: byte order marks and CRLF, misspelt table names, odd ``exclude`` globs,
str, bytes and pathlib paths. And no test module imports another.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import pmkit
from helpers import assert_placed, flawed_repo, settings_error
from pmkit.cli import main
from pmkit.config import ConfigError, load_config

DEEP = ("nested too deeply: more than 100 levels (tables, dotted keys, arrays and inline tables within "
        "one another), far deeper than any setting; remove the extra levels")


@pytest.mark.parametrize(("text", "place"), [
    # the 101st level: an array's item, a dotted part of a table's name or of a key, an inline
    # table's key, a key below an array of tables 100 levels deep
    ("a = " + "[" * 500 + "]" * 500 + "\n", "1:105"),
    ("x = 1\na = " + "[" * 100_000 + "]" * 100_000 + "\n", "2:105"),
    ("[" + ".".join(["a"] * 500) + "]\n", "1:202"),
    ("[" + ".".join(["a"] * 100_000) + "]\n", "1:202"),
    ("a." * 100_000 + "b = 1\n", "1:201"),
    ("a = " + "{b = " * 100_000 + "1" + "}" * 100_000 + "\n", "1:501"),
    ("[[" + ".".join(["a"] * 99) + "]]\nb.c = 1\n", "2:1"),
    ('a = [\n  # a comment [[[\n  "[[[",\n' + "[" * 100 + "]" * 100 + "]\n", "4:100"),
])
def test_settings_nested_too_deeply_are_an_error_where_they_go_too_deep(
        tmp_path: Path, text: str, place: str) -> None:
    path = tmp_path / ".pmkit.toml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert time.monotonic() - started < 5  # a hundred thousand dotted levels took minutes, then all memory
    assert str(info.value) == f"{path}:{place}: {DEEP}"
    line, col = place.split(":")
    assert (info.value.line, info.value.col) == (int(line), int(col))


def test_settings_as_deep_as_allowed_are_read(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    path.write_text("[calendar." + ".".join(["a"] * 99) + "]\n", encoding="utf-8")  # 100 levels
    with pytest.raises(ConfigError) as info:  # read: it is the setting that is wrong, not the depth
        load_config(path)
    assert str(info.value) == (f"{path}:1:11: [calendar]: unknown setting 'a' (settings: country, "
                               "extra_holidays, subdivision, timezone, weekend, working_days)")


def test_a_pyproject_nested_too_deeply_found_by_the_search_is_said_at_its_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.pmkit]\nx = " + "[" * 600 + "]" * 600 + "\n",
                                             encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 2
    said = f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}:2:103: {DEEP}\n"
    assert capsys.readouterr().err == said


def test_init_beside_a_pyproject_nested_too_deeply_says_where(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nx = ' + "[" * 600 + "]" * 600 + "\n",
                                             encoding="utf-8")
    assert main(["init"]) == 2
    assert capsys.readouterr().err == f"pmkit init: pyproject.toml:3:104: {DEEP}; then run pmkit init again\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".git", "pyproject.toml"]


AUDIENCE = ("Input should be 'regulator', 'customers', 'data-subjects', 'public', 'investors', 'partners' or "
            "'internal', got 5")


@pytest.mark.parametrize(("name", "text", "said"), [
    # each of the errors found together in a preset at its own place: a wrong value at the value,
    # a missing field at the table it is missing from, an unknown field at its name
    (".pmkit.toml", '[policies.acme]\ntitle = "Acme"\naudience = 5\nbogus = 1\n',
     ["3:12: [policies.acme].audience: " + AUDIENCE,
      "1:1: [policies.acme].citation: required field is missing",
      "1:1: [policies.acme].stages: required field is missing", "4:1: [policies.acme].bogus: unknown field"]),
    (".pmkit.toml", 'policies.acme = {title = "Acme", audience = 5, citation = "x", stages = {}, '
                    'extra = 1}\n',
     ["1:45: [policies.acme].audience: " + AUDIENCE, "1:77: [policies.acme].extra: unknown field"]),
    ("pyproject.toml", '[tool.pmkit.policies.gdpr-art33]\ncolour = "red"\nstages.notify.hours = "x"\n',
     ["3:8: [tool.pmkit.policies.gdpr-art33].stages.notify.anchor: required field is missing",
      "3:8: [tool.pmkit.policies.gdpr-art33].stages.notify.deadline: required field is missing",
      "3:15: [tool.pmkit.policies.gdpr-art33].stages.notify.hours: unknown field",
      "2:1: [tool.pmkit.policies.gdpr-art33].colour: unknown field"]),
])
def test_each_of_a_presets_errors_is_placed(tmp_path: Path, name: str, text: str, said: list[str]) -> None:
    path = tmp_path / name
    error = settings_error(path, text)
    assert str(error) == "; ".join(f"{path}:{part}" for part in said)
    line, col = said[0].split(":")[:2]
    assert (error.line, error.col) == (int(line), int(col))  # the first one's


def test_each_of_a_presets_errors_is_placed_by_the_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pmkit]\npaths = ["."]\n\n[tool.pmkit.policies.acme]\ntitle = "Acme"\n'
        "stages = {}\naudience = 5\n", encoding="utf-8")
    assert main(["check"]) == 2
    path = tmp_path / "pyproject.toml"
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {path}:7:12: [tool.pmkit.policies.acme].audience: {AUDIENCE}; "
        f"{path}:4:1: [tool.pmkit.policies.acme].citation: required field is missing\n")


def test_a_settings_error_names_its_file_to_the_api_placed_or_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    settings = tmp_path / ".pmkit.toml"
    settings.write_text("paths = []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:  # found wrong once loaded
        pmkit.check()
    assert (info.value.path, info.value.line, info.value.col) == (settings, 1, 9)
    settings.write_text("fail-on = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:  # found wrong while loading
        pmkit.check(["pm.yaml"])
    assert (info.value.path, info.value.line, info.value.col) == (settings, 1, 11)
    settings.unlink()
    settings.mkdir()
    with pytest.raises(ConfigError) as info:  # no one setting at fault: no place
        pmkit.check(["pm.yaml"])
    assert (info.value.path, info.value.line, info.value.col) == (settings, None, None)
    assert str(info.value) == f"{settings}: cannot read configuration: is a directory, not a file"


def test_the_command_says_what_the_api_raises_when_no_setting_is_at_fault(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config("pyproject.toml")
    assert (info.value.path, info.value.line, info.value.col) == (Path("pyproject.toml"), None, None)
    assert str(info.value) == ("pyproject.toml: has no [tool.pmkit] table; pmkit's settings go under "
                               "[tool.pmkit] in pyproject.toml")
    assert main(["check", "--config", "pyproject.toml", "pm.yaml"]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {info.value}\n"


def test_a_settings_error_of_a_config_made_in_code_names_no_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        pmkit.check(config=pmkit.Config(paths=[]))
    assert (info.value.path, info.value.line, info.value.col) == (None, None, None)
    assert str(info.value).startswith("pmkit.Config: 'paths' is empty, so there is nothing to check")
    with pytest.raises(ConfigError) as info:
        pmkit.Checker(pmkit.Config(select=["PM3O1"]))
    assert (info.value.path, info.value.line, info.value.col) == (None, None, None)
    assert str(info.value) == ("pmkit.Config: 'select' names 'PM3O1', which matches no rule "
                               "(did you mean 'PM301'?)")


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in helpers.py and history_git.py: helpers private to a test module
    (``_verb``, ``_raw_commit``) were imported by others, so a change made for that module's
    tests broke tests elsewhere, and copies of them had drifted apart."""
    import ast

    tests = Path(__file__).parent
    found = []
    for module in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [(module.name, name) for name in names
                      if name.removeprefix("tests.").startswith("test_")]
    assert found == []


@pytest.mark.parametrize(("data", "place", "why"), [
    # the first byte that is not UTF-8, at its line and column; its offset counted from the
    # file's start, a byte order mark included (it was three bytes short)
    (b'paths = ["caf\xe9"]\n', (1, 14), "byte 0xe9 at offset 13, which is 'é' in Windows-1252"),
    (b'\xef\xbb\xbf# r\xc3\xa9sum\xc3\xa9\r\n\r\nselect = ["\xe2\x82\xac", "\x80"]\r\n', (3, 17),
     "byte 0x80 at offset 35, which is '€' in Windows-1252"),
    (b"# one\rselect = 1 \xff\n", (2, 12), "byte 0xff at offset 17, which is 'ÿ' in Windows-1252"),
])
def test_a_settings_file_that_is_not_utf8_is_said_at_the_first_byte_that_is_not(
        tmp_path: Path, data: bytes, place: tuple[int, int], why: str) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, data)
    assert str(error) == (f"{path}:{place[0]}:{place[1]}: is not UTF-8 text ({why}); TOML files are "
                          "UTF-8: save it in that encoding")
    assert (error.line, error.col) == place


def test_a_settings_file_in_another_encoding_has_no_one_place(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, 'fail-on = "error"\n'.encode("utf-16"))
    assert str(error) == (f"{path}: is UTF-16 encoded, not UTF-8 text; TOML files are UTF-8: save it "
                          "in that encoding")
    assert (error.path, error.line, error.col) == (path, None, None)


@pytest.mark.parametrize(("pattern", "said"), [
    ("/", "holds no name, only '/', so it names no file or folder: write '*' for every file"),
    ("///", "holds no name, only '/', so it names no file or folder: write '*' for every file"),
    ("a//b", "holds '//', which no path has: write one '/' between names"),  # guard
])
def test_an_exclude_pattern_that_names_nothing_says_why(tmp_path: Path, pattern: str, said: str) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, f'paths = ["pm"]\nexclude = ["pm/drafts/", "{pattern}"]\n')
    assert str(error) == f"{path}:2:26: exclude: the pattern '{pattern}' {said}"


@pytest.mark.parametrize(("pattern", "excluded"), [
    # guards: odd globs read as .gitignore reads them
    ("**", True), ("***", True), ("*", True), ("/pm.yaml", True), ("[p]m.yaml", True), ("[!p]m.yaml", False),
    ("pm.yaml/", False),  # folders only
    ("*.{yaml,md}", False),  # no braces in .gitignore: a name written so
    ("~/pm.yaml", False), ("$HOME/pm.yaml", False),  # nothing is expanded
])
def test_odd_exclude_globs_match_as_in_gitignore(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, excluded: bool) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".pmkit.toml").write_text(f'exclude = ["{pattern}"]\n', encoding="utf-8")
    report = pmkit.check(["pm.yaml"])
    assert (report.files == []) is excluded


ADVICE = ("pass the postmortem files or folders to check, set 'paths' in [tool.pmkit], or run 'pmkit init' "
          "to create postmortems/")


@pytest.mark.parametrize("settings", [None, 'paths = ["pm", "gone"]\n'])
def test_a_configured_folder_that_is_not_there_says_what_to_do_to_the_api_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        settings: str | None) -> None:
    """The command said it on a second line; ``pmkit.check()`` said the folder alone."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm").mkdir()
    monkeypatch.chdir(tmp_path)
    folder = "postmortems" if settings is None else "gone"
    if settings is not None:
        (tmp_path / ".pmkit.toml").write_text(settings, encoding="utf-8")
    # Where the settings set 'paths', the advice is to correct them, not to set them.
    advice = ADVICE if settings is None else (
        f"'paths' in {tmp_path / '.pmkit.toml'} names a folder that does not exist: create it, or "
        "correct 'paths' (or pass the postmortem files or folders to check)")
    with pytest.raises(FileNotFoundError) as info:
        pmkit.check()
    assert str(info.value) == f"{tmp_path / folder}: no such file or folder; {advice}"
    assert main(["check"]) == 2
    assert capsys.readouterr().err == f"pmkit: {folder}: no such file or folder\npmkit: {advice}\n"


def test_a_folder_given_that_is_not_there_or_a_configured_link_to_nothing_has_no_advice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        pmkit.check(["nope"])
    assert str(info.value) == "nope: no such file or folder"
    (tmp_path / "postmortems").symlink_to("elsewhere")
    with pytest.raises(FileNotFoundError) as info:
        pmkit.check()
    assert str(info.value).startswith(f"{tmp_path / 'postmortems'}: ")
    assert ADVICE not in str(info.value)


def test_settings_are_found_alike_from_str_bytes_and_path_after_a_change_of_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_config refused bytes, which pmkit.check() and pmkit.load() take."""
    flawed_repo(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pm.yaml").write_bytes((tmp_path / "pm.yaml").read_bytes())
    (tmp_path / ".pmkit.toml").write_text('select = ["PM1"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sub")
    for path in (".." + os.sep + ".pmkit.toml", b"../.pmkit.toml", Path("..") / ".pmkit.toml"):
        config = load_config(path)
        assert (config.select, config.source, config.root) == (["PM1"], Path("../.pmkit.toml"), tmp_path)
    for start in ("pm.yaml", b"pm.yaml", Path("pm.yaml"), b".", "."):
        config = load_config(start=start)
        assert (config.select, config.source, config.root) == (["PM1"], tmp_path / ".pmkit.toml", tmp_path)
    found = {code for given in ("pm.yaml", b"pm.yaml", Path("pm.yaml"))
             for code in {d.code[:3] for d in pmkit.check([given]).diagnostics}}
    assert found == {"PM1"}


def test_a_file_in_a_repository_without_settings_is_checked_with_the_defaults(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flawed_repo(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "pm.yaml").rename(tmp_path / "a" / "pm.yaml")
    monkeypatch.chdir(tmp_path)
    config = load_config(start="a/pm.yaml")
    # (the default folder is read from the repository's top, where a settings file would be)
    assert (config.source, config.root, config.paths) == (None, tmp_path, ["postmortems"])
    report = pmkit.check(["a/pm.yaml"])
    assert report.files == ["a/pm.yaml"]
    assert report.exit_code() == 1


CLASH = ("clashes with a setting above (a key given twice, or one with a value written as a table too): "
         "keep one")
AGAIN = ("is already written above (as a table, an inline table or dotted keys): write its settings in one "
         "place")


@pytest.mark.parametrize(("text", "said"), [
    # a key or table written twice: in plain words, at the start of the second (tomllib said
    # "Cannot declare ('timeline',) twice" or "Cannot overwrite a value" at its end)
    ('fail-on = "error"\nfail-on = "warning"\n', f"2:1: invalid TOML: 'fail-on' {CLASH}"),
    ('"paths" = ["a"]\npaths = ["b"]', f"2:1: invalid TOML: 'paths' {CLASH}"),
    ("[timeline]\nmin_entries = 3\n  min_entries = [\n 3,\n]\n# end\n",
     f"3:3: invalid TOML: 'min_entries' {CLASH}"),
    ('[severity]\n"PM 1" = 1\n"PM 1" = 2\n', f'3:1: invalid TOML: "PM 1" {CLASH}'),
    ('[severity]\nPM101 = "info"\n[severity.PM101]\nx = 1\n', f"3:1: invalid TOML: [severity.PM101] {CLASH}"),
    ("[timeline]\nmin_entries = 3\n\n[timeline]\nmax_gap_share = 1\n",
     f"4:1: invalid TOML: the table [timeline] {AGAIN}"),
    ("timeline.min_entries = 3\n[timeline]\n", f"2:1: invalid TOML: the table [timeline] {AGAIN}"),
    ("timeline = {min_entries = 3}\ntimeline.max_gap_share = 0.5\n",
     "2:1: invalid TOML: [timeline] is written above as an inline table or an array, which cannot be added "
     "to later: write all of it in one place"),
    ("x = {a = 1, a = 2}\n", "1:13: invalid TOML: 'a' clashes with a key before it in the same inline table "
     "(a key given twice, or one with a value written as a table too): keep one"),
])
def test_a_key_or_table_written_twice_is_said_in_plain_words_where_it_starts(
        tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / ".pmkit.toml"
    assert_placed(settings_error(path, text), path, said)


def test_a_table_written_twice_in_a_pyproject_is_named_with_its_prefix(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, '[tool.pmkit]\npaths = ["pm"]\n\n[tool.pmkit.timeline]\n[tool.pmkit]\n')
    assert str(error) == f"{path}:5:1: invalid TOML: the table [tool.pmkit] {AGAIN}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize(("make", "why"), [
    (lambda path: path.mkdir(), "is a directory, not a file"),
    (lambda path: os.mkfifo(path), "is not a regular file (a pipe, socket or device)"),
    (lambda path: path.symlink_to("gone.toml"), "a symbolic link to a missing file"),
])
def test_a_settings_file_pmkit_cannot_read_is_a_config_error_of_the_api_naming_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Any, why: str) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    make(tmp_path / ".pmkit.toml")
    with pytest.raises(ConfigError) as info:  # never a wait on the pipe, nor the defaults unsaid
        pmkit.check(["pm.yaml"])
    settings = tmp_path / ".pmkit.toml"
    assert str(info.value) == f"{settings}: cannot read configuration: {why}"
    assert (info.value.path, info.value.line, info.value.col) == (settings, None, None)


@pytest.mark.parametrize("table", ["pmkt", "PMKIT", "pm-kit", "pmkit_", "'PmKit'"])
def test_a_misspelt_tool_pmkit_table_in_pyproject_is_an_error_not_the_defaults(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        table: str) -> None:
    """Passed over as another tool's table: the run went on with the defaults, every rule on."""
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.{table}]\nselect = ["PM1"]\n',
                                             encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 2
    name = table.strip("'")
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}:4:7: has no [tool.pmkit] table, but a "
        f"[tool.{name}] (did you mean [tool.pmkit]?): pmkit reads its settings from [tool.pmkit] only\n")


@pytest.mark.parametrize("table", ["pkit", "mkit", "pytest", "black"])
def test_another_tools_table_in_pyproject_is_still_not_ours(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        table: str) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f"[tool.{table}]\nx = 1\n", encoding="utf-8")
    assert main(["check", "--select", "PM0", "pm.yaml"]) == 1  # no settings: the defaults
    assert capsys.readouterr().err == ""


def test_a_misspelt_tool_pmkit_table_in_a_pmkit_toml_says_which_was_meant(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, '[tool.pmkt]\nselect = ["PM1"]\n')
    assert str(error) == (f"{path}:1:7: unknown table [tool.pmkt] (did you mean [tool.pmkit]?): this "
                          "file holds pmkit's settings, under [tool.pmkit] or without that prefix")


def test_a_bom_and_crlf_do_not_move_the_place_of_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(
        path, b'\xef\xbb\xbf[project]\r\nname = "x"\r\n\r\n[tool.pmkit]\r\n  selct = ["PM1"]\r\n')
    assert str(error) == f"{path}:5:3: unknown setting 'selct' (did you mean 'select'?)"


def test_a_misspelt_table_beside_a_pmkit_toml_is_not_called_an_unread_tool_pmkit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    flawed_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.pmkt]\nselect = ["PM1"]\n', encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text('select = ["PM0"]\n', encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 1  # the .pmkit.toml is used, as the search finds it first
    assert capsys.readouterr().err == ""
