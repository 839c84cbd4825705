"""Settings leftovers, fourth round.

The dots of numbers and times in a settings file nest nothing, so a line of many of them does not
have the file read key by key before tomllib reads it. An error about one item of a list is said
at that item however the message shows it (shortened, not a string, an empty entry), and a key
TOML writes in quotes is named once, as TOML writes it. ``pmkit init`` says a settings file it
cannot read as ``pmkit check`` does, at its line and column, and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_placed, settings_error
from pmkit import tomlkeys
from pmkit.cli import main
from pmkit.config import load_config

FLOATS = "[" + ", ".join(f"{number}.5" for number in range(40)) + "]"


def _no_key_by_key(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, limit: int | None = None) -> dict[tomlkeys.Key, tomlkeys.Place]:
        raise AssertionError("read key by key")
    monkeypatch.setattr(tomlkeys, "key_positions", refuse)


def test_a_line_of_many_numbers_does_not_have_the_settings_read_key_by_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.other]\nxs = {FLOATS}\nat = 07:32:00.999\n[tool.pmkit]\npaths = ['pm']\n",
                    encoding="utf-8")
    _no_key_by_key(monkeypatch)
    assert load_config(path).paths == ["pm"]


def test_an_error_after_lines_of_many_numbers_is_placed_without_reading_key_by_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.other]\n" + "".join(f"x{index} = {FLOATS}\n" for index in range(50))
                    + 'y = {a = [0.5, 1.5], b = 2.5}\n[tool.pmkit]\nfail-on = "loud"\n', encoding="utf-8")
    (tmp_path / "pm").mkdir()
    _no_key_by_key(monkeypatch)
    said = "54:11: fail-on: unknown severity 'loud': use error, warning or info"
    assert_placed(settings_error(path, path.read_text(encoding="utf-8")), path, said)
    assert main(["check", "--config", str(path), str(tmp_path / "pm")]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {path}:{said}\n"


def _refused_at(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    """``text`` as .pmkit.toml is a settings error ``said`` (``line:col: message``), as
    load_config raises it and as 'pmkit check' says it, exit 2."""
    path = tmp_path / ".pmkit.toml"
    assert_placed(settings_error(path, text), path, said)
    assert main(["check", "--config", str(path), str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {path}:{said}\n"


@pytest.mark.parametrize(("text", "place"), [
    # the keys' own dots still count, beside the numbers on their line
    ("x = " + FLOATS + ", " + ".".join(["a"] * 101) + " = 1\n", None),
    (f"x = {{{'.'.join(['a'] * 101)} = {FLOATS}}}\n", "1:204"),
    (f"[{'.'.join(['a'] * 101)}]\nx = {FLOATS}\n", "1:202"),
])
def test_a_key_nested_too_deeply_is_still_found_beside_many_numbers(
        tmp_path: Path, text: str, place: str | None) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, text)
    if place is None:  # no TOML before its depth matters: tomllib says so
        assert "invalid TOML" in str(error)
    else:
        assert str(error).startswith(f"{path}:{place}: nested too deeply: more than 100 levels"), str(error)


LONG = "x" * 80


@pytest.mark.parametrize(("text", "said"), [
    # shortened in the message
    (f'exclude = [\n  "drafts/",\n  "!{LONG}",\n]\n',
     f"3:3: exclude: the pattern '!{'x' * 26}...{'x' * 7}' (83 characters) starts with '!': a pattern "
     "that takes files back (as in .gitignore) is not supported; write the patterns so that they "
     "exclude only what they should"),
    # not a string
    ('paths = [\n  "postmortems",\n  5,  # a number\n]\n',
     "3:3: 'paths' must be a list of strings, got the item 5"),
    ('[rules.PM411]\nregimes = [\n  "nis2",\n  [1, 2],\n]\n',
     "4:3: rules.PM411.regimes must be a list of strings, got the item [1, 2]"),
    ('[clarity]\nvague_phrases = [\n  "a bunch of {who}",\n  1979-05-27,\n]\n',
     "4:3: [clarity]: vague_phrases must be a list of strings, got the item 1979-05-27"),
    ('[disclosure]\nenable = [\n  "gdpr",\n  true,\n]\n',
     "4:3: [disclosure]: enable must be a list of strings, got the item true"),
    # empty
    ('select = [\n  "PM1",\n  "  ",\n]\n',
     "3:3: 'select' has an empty entry; name rule codes, prefixes or names (see 'pmkit rules')"),
    ('paths = [\n  "postmortems",\n  "",\n]\n',
     '3:3: paths has an empty entry, which names no folder; name the postmortem folders (e.g. '
     '"postmortems"), or write "." for the folder of this file'),
])
def test_an_error_about_an_item_of_a_list_over_several_lines_is_placed_at_that_item(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    _refused_at(tmp_path, capsys, text, said)


CLASH = ("clashes with a setting above (a key given twice, or one with a value written as a table too): "
         "keep one")
INLINE_CLASH = ("clashes with a key before it in the same inline table (a key given twice, or one with a "
                "value written as a table too): keep one")


@pytest.mark.parametrize(("text", "said"), [
    # a key TOML quotes is named in TOML's quotes, once
    ('"a.b" = 1\n"a.b" = 2\n', f'2:1: invalid TOML: "a.b" {CLASH}'),
    ("'a b' = 1\n'a b' = 2\n", f'2:1: invalid TOML: "a b" {CLASH}'),
    ('x = {"a.b" = 1, "a.b" = 2}\n', f'1:17: invalid TOML: "a.b" {INLINE_CLASH}'),
    ('[timeline]\n"max.gap" = 1\n',
     "2:1: [timeline]: unknown setting \"max.gap\" (did you mean 'max_gap_share'?)"),
    ('[severity]\n"PM 1" = "info"\n', '2:1: severity: no rule named "PM 1"'),
    ('[rules."PM.1"]\n', '1:8: rules: no rule named "PM.1"'),
    ("[rules.PM714]\n'grace.days' = 1\n",
     "2:1: rules.PM714: PM714 has no option \"grace.days\" (did you mean 'grace_days'?)"),
    ('[templates]\n"a b" = "en"\n', '2:1: [templates]: unknown setting "a b" (settings: lang, format)'),
    # a bare one, however the file quotes it, in the quotes messages name settings in
    ('"paths" = ["a"]\n\'paths\' = ["b"]\n', f"2:1: invalid TOML: 'paths' {CLASH}"),
    ("[timeline]\n'max_gap' = 1\n",
     "2:1: [timeline]: unknown setting 'max_gap' (did you mean 'max_gap_share'?)"),
])
def test_a_key_is_named_once_as_toml_writes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    _refused_at(tmp_path, capsys, text, said)


def test_a_key_named_in_toml_quotes_with_an_escape_is_still_placed(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    said = "3:1: rules.PM714: PM714 has no option \"grace\\\"s\" (did you mean 'grace_days'?)"
    assert_placed(settings_error(path, '[rules.PM714]\ngrace_days = 1\n"grace\\"s" = 1\n'), path, said)


def _init(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``pmkit init`` says on stderr in the repository ``root``, where it must fail with exit
    code 2 and change nothing."""
    (root / ".git").mkdir(exist_ok=True)
    before = {path.name: path.read_bytes() for path in root.iterdir() if path.is_file()}
    assert main(["init", "--root", str(root)]) == 2
    assert {path.name: path.read_bytes() for path in root.iterdir() if path.is_file()} == before
    assert sorted(path.name for path in root.iterdir()) == sorted([".git", *before])
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


BIG = "9" * 5000


@pytest.mark.parametrize(("name", "text", "said"), [
    (".pmkit.toml", b'x = "abc\n', "1:9: invalid TOML: Illegal character '\\n'"),
    ("pyproject.toml", b'[project]\nname = "x"\nversion = 1 2\n',
     "3:13: invalid TOML: Expected newline or end of document after a statement"),
    # a byte order mark and Windows line breaks, as pmkit check reads them
    ("pyproject.toml", b'\xef\xbb\xbf[project]\r\nname = "x"\r\nname = "y"\r\n',
     f"3:1: invalid TOML: 'name' {CLASH}"),
    ("pyproject.toml", b"[tool.pmkit]\npaths = ['a']\n[tool.pmkit]\n",
     "3:1: invalid TOML: the table [tool.pmkit] is already written above (as a table, an inline table or "
     "dotted keys): write its settings in one place"),
])
def test_init_says_a_toml_error_of_the_settings_at_its_place_as_check_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: bytes, said: str) -> None:
    (tmp_path / name).write_bytes(text)
    assert _init(tmp_path, capsys) == f"pmkit init: {name}:{said}; fix it, then run pmkit init again\n"
    assert main(["check", "--config", str(tmp_path / name), str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {tmp_path / name}:{said}\n"


@pytest.mark.parametrize(("name", "text", "said"), [
    # tomllib's ValueError from int() was a traceback of init, and said without a place by check
    ("pyproject.toml", f"[project]\nname = 'x'\nsize = -{BIG}\n".encode(),
     "3:8: invalid TOML: it holds a number of more than 4,300 digits, which no setting takes; shorten it"),
    (".pmkit.toml", f"# {BIG}\nx = '{BIG}'\ny = [0.5, {BIG}.5, 1_{BIG}]\n".encode(),
     "3:5015: invalid TOML: it holds a number of more than 4,300 digits, which no setting takes; shorten it"),
    # said at the byte, as check says it
    ("pyproject.toml", b'[project]\nname = "caf\xe9"\n',
     "2:12: is not UTF-8 text (byte 0xe9 at offset 21, which is '\u00e9' in Windows-1252); TOML files are "
     "UTF-8: save it in that encoding"),
])
def test_init_says_a_settings_file_it_cannot_read_at_its_place_as_check_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: bytes, said: str) -> None:
    (tmp_path / name).write_bytes(text)
    assert _init(tmp_path, capsys) == f"pmkit init: {name}:{said}; then run pmkit init again\n"
    error = settings_error(tmp_path / name, text)
    assert_placed(error, tmp_path / name, said)


@pytest.mark.parametrize(("name", "text", "said"), [
    (".pmkit.toml", 'paths = [\n  "postmortems",\n  5,\n]\n',
     "3:3: 'paths' must be a list of strings, got the item 5; fix it"),
    ("pyproject.toml", "tool = {pmkit = {paths = 5}}\n",
     "1:26: 'paths' must be a list of strings, got 5; fix it"),
    (".pmkit.toml", '[tool.pmkit]\npaths = ["pm", ""]\n',
     '2:16: paths has an empty entry, which names no folder; name the postmortem folders (e.g. '
     '"postmortems"), or write "." for the folder of this file; fix it'),
    (".pmkit.toml", "[tool.ruff]\nx = 1\n",
     "1:7: unknown table [tool.ruff]: this file holds pmkit's settings, under [tool.pmkit] or without that "
     "prefix; fix it"),
    ("pyproject.toml", "tool = [1]\n[project]\nname = 'x'\n",
     "1:8: 'tool' is not a table, so [tool.pmkit] cannot be added to it; fix it"),
    ("pyproject.toml", "[tool]\npmkit = 'yes'\n",
     "2:9: [tool.pmkit] must be a table; make it [tool.pmkit] with pmkit's settings"),
])
def test_init_says_settings_it_cannot_use_at_their_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert _init(tmp_path, capsys) == f"pmkit init: {name}:{said}, then run pmkit init again\n"


@pytest.mark.parametrize(("name", "text", "said"), [
    (".pmkit.toml", "max-file-size = nan\n",
     "1:17: max-file-size must be a number of bytes from 1 to 1,073,741,824 (1 GiB), got nan"),
    (".pmkit.toml", '[severity]\nPM112 = "loud"\n',
     "2:9: severity.PM112: unknown severity 'loud': use error, warning or info"),
    ("pyproject.toml", "[tool.pmkit]\nfail-on = 3\n",
     '2:11: fail-on must be one severity in quotes: "error", "warning" or "info", got 3'),
])
def test_init_beside_wrong_settings_says_them_as_check_does_and_sets_nothing_up(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str) -> None:
    # the folder and the hook were set up, and the hook then failed on every commit
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert _init(tmp_path, capsys) == f"pmkit init: {name}:{said}; fix it, then run pmkit init again\n"
    assert main(["check", "--config", str(tmp_path / name), str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {tmp_path / name}:{said}\n"
