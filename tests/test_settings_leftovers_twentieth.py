"""Settings leftovers, twentieth round.

A settings file is judged for its depth before tomllib reads it; one that cannot nest deeply
(its lines' dots and its brackets outside strings and comments say so) is not read key by key,
so a large file costs little more than tomllib's own reading, and the places of its keys are
found only when an error needs one. A file that nests too deeply is still an error at the place
where it goes too deep, whatever its strings and comments hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_placed, settings_error
from pmkit import tomlkeys
from pmkit.cli import main
from pmkit.config import load_config
from pmkit.discovery import excluded_by

DEEP = ("nested too deeply: more than 100 levels (tables, dotted keys, arrays and inline tables within "
        "one another), far deeper than any setting; remove the extra levels")


def _no_key_by_key(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, limit: int | None = None) -> dict[tomlkeys.Key, tomlkeys.Place]:
        raise AssertionError("read key by key")
    monkeypatch.setattr(tomlkeys, "key_positions", refuse)


def test_a_shallow_settings_file_is_not_read_key_by_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ".pmkit.toml"
    path.write_text('paths = ["postmortems"]\nexclude = ["*.draft.md"]  # and [[[ a comment\n'
                    'timezone = "Europe/Zurich"\n[severity]\nPM112 = """info"""\n', encoding="utf-8")
    _no_key_by_key(monkeypatch)
    assert load_config(path).root == tmp_path.resolve()


def test_a_settings_error_is_still_placed_when_the_keys_are_found_late(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, 'paths = ["postmortems"]\n[severity]\nPM112 = "loud"\n')
    assert str(error).startswith(f"{path}:3:9: ")
    assert (error.line, error.col) == (3, 9)


@pytest.mark.parametrize(("text", "place"), [
    # closing brackets in strings and comments do not hide the depth of the brackets around them
    ('a = [\n' + '"]]]]", # ]]]]\n[' * 120 + "1" + "]" * 121 + "\n", "101:2"),
    ("a = [\n" + "'''\n]]]\n''', [" * 120 + "1" + "]" * 121 + "\n", "200:7"),
    # one key's dots spread over many lines of one array
    ("a = [\n" + "{b.c.d.e.f.g.h.i.j.k = [\n" * 12 + "1" + "]}" * 12 + "]\n", "11:1"),
])
def test_settings_nested_too_deeply_are_found_whatever_strings_and_comments_hold(
        tmp_path: Path, text: str, place: str) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, text)
    assert str(error) == f"{path}:{place}: {DEEP}"


INLINE_CLASH = ("clashes with a key before it in the same inline table (a key given twice, or one with a "
                "value written as a table too): keep one")


@pytest.mark.parametrize(("text", "place", "key"), [
    # tomllib says these at the end of the pair, or at the start of the statement around it
    ("x = {a = 1, a = 2}\n", "1:13", "a"),
    ("x = {a.b = 1, a = 2}\n", "1:15", "a"),
    ("x = {a = 1, a.b = 2}\n", "1:13", "a.b"),
    ("x = {a = {c = 1}, a = 2}\n", "1:19", "a"),
    ('y = 1\nx = {a = [1, {b = 1, b = "two"}]}\n', "2:22", "b"),
    ('x = {"a b" = 1, "a b" = 2}\n', "1:17", '"a b"'),
])
def test_a_key_written_twice_in_an_inline_table_is_placed_at_the_second_key(
        tmp_path: Path, text: str, place: str, key: str) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, text)
    said = key if key.startswith('"') else f"'{key}'"  # a quoted key in its own quotes only
    assert str(error) == f"{path}:{place}: invalid TOML: {said} {INLINE_CLASH}"
    line, col = place.split(":")
    assert (error.line, error.col) == (int(line), int(col))


def test_a_key_written_twice_outside_inline_tables_is_still_said_as_before(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, "x = {a = 1}\nx = 2\n")
    assert str(error) == (f"{path}:2:1: invalid TOML: 'x' clashes with a setting above (a key given "
                          "twice, or one with a value written as a table too): keep one")


@pytest.mark.parametrize(("text", "said"), [
    ('[rules.PM411]\nregimes = ["nis2", "nope"]\n',
     "2:20: rules.PM411.regimes names 'nope', which is not a preset"),
    ('ignore = [\n  "PM114",\n  "PM9999",  # a typo\n]\n',
     "3:3: 'ignore' names 'PM9999', which matches no rule (see 'pmkit rules')"),
    ("exclude = ['drafts/', 'a//b']\n",
     "1:23: exclude: the pattern 'a//b' holds '//', which no path has: write one '/' between names"),
])
def test_an_unknown_item_of_a_list_is_placed_at_that_item(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / ".pmkit.toml"
    assert_placed(settings_error(path, text), path, said, whole=False)


def test_an_item_written_with_escapes_is_placed_at_that_item(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, '[rules.PM411]\nregimes = ["\\u006eope"]\n')
    assert (error.line, error.col) == (2, 12)


UNCLOSED = ("holds a '[' that no ']' closes, so .gitignore matches nothing with it: close the set of "
            "characters, or write '[[]' for a '[' in a name")


@pytest.mark.parametrize("pattern", ["[", "[a-", "pm/[a-*", "[]", "x[!]", "[^]", "a[b]/[c"])
def test_an_exclude_pattern_with_a_bracket_left_open_is_a_settings_error(
        tmp_path: Path, pattern: str) -> None:
    # git reads such a line of .gitignore as matching nothing; pmkit matched a literal '['
    path = tmp_path / ".pmkit.toml"
    error = settings_error(path, f'paths = ["pm"]\nexclude = ["pm/drafts/", "{pattern}"]\n')
    assert str(error) == f"{path}:2:26: exclude: the pattern '{pattern}' {UNCLOSED}"


@pytest.mark.parametrize(("pattern", "name", "excluded"), [
    # as git's .gitignore reads them: a ']' first in a set, also after '!', is one of its members
    ("[[]x", "[x", True),
    ("[]]a", "]a", True),
    ("x[!]a]", "xb", True),
    ("x[!]a]", "x]", False),
    ("x[!]a]", "xa", False),
])
def test_sets_of_characters_match_as_gitignore_matches_them(
        tmp_path: Path, pattern: str, name: str, excluded: bool) -> None:
    path = tmp_path / ".pmkit.toml"
    path.write_text(f'exclude = ["{pattern}"]\n', encoding="utf-8")
    config = load_config(path)
    assert excluded_by(tmp_path / name, config.exclude, tmp_path) == (pattern if excluded else None)


@pytest.mark.parametrize(("text", "said"), [
    ('[project]\nname = "x"\n\n[tool.pmkt]\npaths = ["pm"]\n',
     "pyproject.toml:4:7: has a [tool.pmkt] table (did you mean [tool.pmkit]?); rename it [tool.pmkit], "
     "then run pmkit init again"),
    ('[tool.pmkit]\npaths = ["pm"]\n[tool.PM-Kit]\nfail-on = "warning"\n',
     "pyproject.toml:3:7: has a [tool.PM-Kit] table beside [tool.pmkit] (did you mean [tool.pmkit]?), whose "
     "settings pmkit does not read; move them into [tool.pmkit], then run pmkit init again"),
])
def test_init_beside_a_misspelt_pmkit_table_says_it_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert main(["init", "--root", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"pmkit init: {said}\n"
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == text
    assert sorted(item.name for item in tmp_path.iterdir()) == ["pyproject.toml"]


def test_a_misspelt_pmkit_table_beside_the_real_one_is_a_settings_error(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    error = settings_error(path, '[tool.pmkit]\npaths = ["pm"]\n\n[tool.pmkt]\nfail-on = "warning"\n')
    assert str(error) == (f"{path}:4:7: has a [tool.pmkt] table beside [tool.pmkit] (did you mean "
                          "[tool.pmkit]?): pmkit reads its settings from [tool.pmkit] only, so these "
                          "are not read; move them into [tool.pmkit]")


def test_another_tool_table_beside_pmkit_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.pmkit]\npaths = ["pm"]\n[tool.mkdocs]\n[tool.pkit]\n', encoding="utf-8")
    assert load_config(path).paths == ["pm"]
