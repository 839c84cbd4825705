"""Rule selection and settings leftovers: a family written as the docs write it (``PM3xx``),
several selectors written with blanks between them, keys named alike in every settings error,
``pmkit history`` beside broken settings, and a ``pyproject.toml`` parsed once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE, assert_placed, flawed_repo, settings_error
from pmkit.cli import main

MATCHES_NONE = "pmkit: configuration error: '{}' matches no rule code, prefix or name"


def _codes(out: str) -> list[str]:
    """The codes of a text report, in order."""
    return [line.split(": ")[1].split()[0] for line in out.splitlines() if line.startswith("pm.yaml:")]


# --- a family written PM3xx is the prefix PM3 ------------------------------------------------


@pytest.mark.parametrize("family", ["PM3xx", "pm3XX", "PM3x"])
def test_select_takes_a_family_as_the_docs_write_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        family: str) -> None:
    monkeypatch.chdir(flawed_repo(tmp_path))
    assert main(["check", "--no-hints", "--select", "PM3", "pm.yaml"]) == 1
    by_prefix = capsys.readouterr()
    assert main(["check", "--no-hints", "--select", family, "pm.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == by_prefix.out
    assert _codes(captured.out) == ["PM301", "PM302", "PM306"]


def test_ignore_takes_a_family_as_the_docs_write_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(flawed_repo(tmp_path))
    assert main(["check", "--no-hints", "--ignore", "PM3xx,PM30x", "pm.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert _codes(captured.out) and not any(code.startswith("PM3") for code in _codes(captured.out))


def test_settings_select_and_ignore_take_a_family_as_the_docs_write_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(flawed_repo(tmp_path))
    (tmp_path / ".pmkit.toml").write_text('select = ["PM3xx"]\n', encoding="utf-8")
    assert main(["check", "--no-hints", "pm.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert _codes(captured.out) == ["PM301", "PM302", "PM306"]
    (tmp_path / ".pmkit.toml").write_text('select = ["PM3xx"]\nignore = ["PM30x"]\n', encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 0
    assert capsys.readouterr().err == ""


def test_a_suppression_takes_a_family_as_the_docs_write_it() -> None:
    from pmkit.engine import Checker

    text = FLAWED_EXAMPLE.read_text(encoding="utf-8")
    assert "summary: |\n" in text
    before = Checker().check_text(text, "pm.yaml")
    assert [(d.code, d.line) for d in before if d.code.startswith("PM3")] == [
        ("PM301", 11), ("PM302", 12), ("PM306", 36)]
    quoted = text.replace("summary: |\n", "summary: |  # pmkit: ignore[PM3xx] the regulator's words\n")
    after = Checker().check_text(quoted, "pm.yaml")
    assert [(d.code, d.line) for d in after if d.code.startswith(("PM3", "PM9"))] == [("PM306", 36)]


@pytest.mark.parametrize(("table", "said"), [
    ('[tool.pmkit.severity]\nPM3xx = "info"\n',
     "2:1: severity: no rule named 'PM3xx' (a severity is set for one rule at a time, and 'PM3xx' names "
     "several: PM301, PM302, PM303, ...; name each by its code)"),
    ("[tool.pmkit.rules.PM30]\nx = 1\n",
     "1:19: rules: no rule named 'PM30' (options are set for one rule at a time, and 'PM30' names "
     "several: PM301, PM302, PM303, ...; name each by its code)"),
])
def test_a_family_where_one_rule_is_meant_says_to_name_each(tmp_path: Path, table: str, said: str) -> None:
    path = tmp_path / "pyproject.toml"
    assert_placed(settings_error(path, table), path, said)


def test_a_code_of_no_rule_in_the_severity_table_is_said_as_before(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    assert_placed(settings_error(path, '[tool.pmkit.severity]\nPM999 = "info"\n'), path,
                  "2:1: severity: no rule named 'PM999'")


# --- several selectors written with blanks between them --------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    (["--select", "PM0 PM1"], "PM0 PM1' matches no rule code, prefix or name (separate them with commas: "
                              "--select PM0,PM1)"),
    (["--ignore", "PM301;  human-error"], "PM301;  human-error' matches no rule code, prefix or name "
                                          "(separate them with commas: --ignore PM301,human-error)"),
    (["--select", "PM3xx PM5xx"], "PM3xx PM5xx' matches no rule code, prefix or name (separate them with "
                                  "commas: --select PM3xx,PM5xx)"),
])
def test_selectors_written_with_blanks_on_the_command_line_say_to_use_commas(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str], said: str) -> None:
    monkeypatch.chdir(flawed_repo(tmp_path))
    assert main(["check", *args, "pm.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"pmkit: configuration error: '{said}\n"


def test_one_unknown_selector_with_blanks_is_said_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(flawed_repo(tmp_path))
    assert main(["check", "--select", "PM0 PM999", "pm.yaml"]) == 2
    assert capsys.readouterr().err == MATCHES_NONE.format("PM0 PM999") + " (see 'pmkit rules')\n"


@pytest.mark.parametrize("key", ["select", "ignore", "extend-select"])
def test_selectors_written_with_blanks_in_the_settings_say_to_write_items(tmp_path: Path, key: str) -> None:
    path = tmp_path / "pyproject.toml"
    start = len(f"{key} = [") + 1
    assert_placed(settings_error(path, f'[tool.pmkit]\n{key} = ["PM0 PM1"]\n'), path,
                  f"2:{start}: '{key}' names 'PM0 PM1', which matches no rule (write each as an item of "
                  f'its own: {key} = ["PM0", "PM1"])')


def test_explain_of_a_family_written_as_the_docs_write_it_lists_its_rules(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PM7xx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmkit: no rule 'PM7xx'. It is the start of PM701, ")
    assert err.endswith(": explain one of them.\n")


# --- every settings error names a key as TOML writes it ----------------------------------------


@pytest.mark.parametrize(("table", "said"), [
    ('[tool.pmkit.history]\n"a.b" = 1\n', '2:1: [history]: unknown setting "a.b" (known: retired)'),
    ('[tool.pmkit.prose]\n"a.b" = 1\n',
     '2:1: [tool.pmkit.prose]: unknown setting "a.b" (known: disable, extra, lexicon, people, systems, '
     'names)'),
    ('[tool.pmkit.history]\nretird = {}\n', "2:1: [history]: unknown setting 'retird' (known: retired)"),
])
def test_family_tables_name_an_unknown_key_as_toml_writes_it(tmp_path: Path, table: str, said: str) -> None:
    path = tmp_path / "pyproject.toml"
    assert_placed(settings_error(path, table), path, said)



# --- pmkit history reads no settings ----------------------------------------------------------


@pytest.mark.parametrize(("name", "text", "said"), [
    (".pmkit.toml", "paths = [\n", "2:1: invalid TOML: Invalid value (at end of document)"),
    ("pyproject.toml", "[tool.pmkit]\nselect = PM3\n", "2:10: invalid TOML: Invalid value"),
])
def test_history_reads_no_settings_so_broken_ones_change_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, text: str, said: str) -> None:
    from history_git import PM, clear_git_env, published_repo

    clear_git_env(monkeypatch)
    repo = published_repo(tmp_path)
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    trail = capsys.readouterr()
    (repo.root / name).write_text(text, encoding="utf-8")

    assert main(["history", PM]) == 0
    assert capsys.readouterr() == trail
    assert trail.err == ""
    # check, which does read them, stops at the same file
    assert main(["check", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {repo.root / name}:{said}\n"


# --- a pyproject.toml found by the search is parsed once -------------------------------------


def test_a_pyproject_found_by_the_search_is_parsed_once_per_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit import config

    monkeypatch.chdir(flawed_repo(tmp_path))
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.pmkit]\nselect = ["PM3xx"]\n'
                                             '[tool.other]\nkey = 1\n', encoding="utf-8")
    parsed: list[str] = []
    real = config.read_toml

    def counted(text: str) -> tuple[dict[str, object], object]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(config, "read_toml", counted)
    assert main(["check", "--no-hints", "pm.yaml"]) == 1
    assert _codes(capsys.readouterr().out) == ["PM301", "PM302", "PM306"]
    assert len(parsed) == 1
    parsed.clear()
    assert config.load_config(start=tmp_path).select == ["PM3xx"]
    assert len(parsed) == 1


def test_a_pyproject_that_is_no_toml_is_still_said_at_its_place(tmp_path: Path) -> None:
    from pmkit.config import ConfigError, load_config

    (tmp_path / ".git").mkdir()
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.pmkit]\nselect = PM3xx\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(start=tmp_path)
    assert_placed(caught.value, path, "2:10: invalid TOML: Invalid value")
