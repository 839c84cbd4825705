"""Settings, suppressions and baselines as a team adopting pmkit writes them.

pmkit init: a pmkit hook already in .pre-commit-config.yaml, however its entry is written (the
URL with ``.git`` or a slash, ``repo: local``, a local hook that runs ``pmkit check``), is kept as
it is; a second entry ran every check twice on every commit.

Settings: a selector that names no rule says where the codes are listed, in a settings file
as on the command line; the other mistakes a team makes in them were already errors (exit 2)
that say what and how to fix (guards below).

Baselines: writing one from a run that checked some files or some rules (a hook's run on the
changed files, ``--select PM3``) keeps the entries for what it did not check; it replaced the
whole baseline with its own few findings, and the next full run reported every other accepted
finding as new.

Suppressions: a comment that looks like one but silences nothing (another word than ``ignore``,
no colon, codes separated by blanks, written where it is text a reader sees) is said (PM902) at
its own line and column, while the finding it meant to silence stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, run, unplaced, where
from pmkit.cli import main

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
BLAME = "summary: The outage was caused by human error."
FRONT = "---\n" + HEAD + "---\n\n## Summary\n\n"
WRITE_YAML = "so it silences nothing: write it as '# pmkit: ignore[CODE] reason'"


def _said(text: str, path: str = "pm.yaml") -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in run(text, path=path, select=["PM3", "PM9"])]


def test_another_word_than_ignore_is_said() -> None:
    for word in ("disable", "noqa"):
        assert _said(HEAD + f"{BLAME}  # pmkit: {word}[PM301] quoting\n") == [
            ("PM301", 7, 35, '"human error" frames the incident as human error'),
            ("PM902", 7, 49, f"this suppression says '{word}' where pmkit reads 'ignore', {WRITE_YAML}"),
        ]


def test_a_file_wide_suppression_is_said_not_to_exist() -> None:
    said = _said("# pmkit: ignore-file[PM301] quoting\n" + HEAD + BLAME + "\n")
    assert said == [
        ("PM902", 1, 1, "this suppression says 'ignore-file', but pmkit has no file-wide suppression (one "
         "on a line of its own covers the field or list entry below it; 'ignore' in [tool.pmkit] turns a "
         f"rule off), {WRITE_YAML}"),
        ("PM301", 8, 35, '"human error" frames the incident as human error'),
    ]


def test_a_suppression_without_the_colon_after_pmkit_is_said() -> None:
    for written in ("# pmkit ignore[PM301]", "# pmkit : ignore[PM301]"):
        assert where(run(HEAD + f"{BLAME} {written}\n", select=["PM3", "PM9"])) == [
            ("PM301", 7, 35), ("PM902", 7, 48)]
        message = run(HEAD + f"{BLAME} {written}\n", select=["PM3", "PM9"])[1].message
        assert message == ("this suppression is not written 'pmkit:' (the colon right after 'pmkit'), "
                           + WRITE_YAML)
    html = _said(FRONT + "It was human error. <!-- pmkit ignore[PM301] -->\n", "pm.md")
    assert html[1] == ("PM902", 12, 21, "this suppression is not written 'pmkit:' (the colon right after "
                       "'pmkit'), so it silences nothing: write it as '<!-- pmkit: ignore[CODE] reason -->'")


def test_codes_separated_by_blanks_or_semicolons_are_told_to_use_commas() -> None:
    for codes in ("PM301 PM302", "PM301;PM302", "human-error ; PM302"):
        said = _said(HEAD + f"{BLAME}  # pmkit: ignore[{codes}]\n")
        parts = ", ".join(part.strip() for part in codes.replace(";", " ").split())
        assert said[1] == ("PM902", 7, 49, f"suppression names '{codes}', which is not a rule code, prefix "
                           f"or name (separate them with commas: ignore[{parts}])")
    # Not every part a rule: said as before, with the closest name, if any.
    assert _said(HEAD + f"{BLAME}  # pmkit: ignore[PM301 quoting]\n")[1][3] == (
        "suppression names 'PM301 quoting', which is not a rule code, prefix or name")


def test_a_suppression_on_a_line_of_a_block_of_text_is_said() -> None:
    for style in ("|", ">"):
        text = HEAD + f"summary: {style}\n  The outage was caused by human error.\n"
        text += "  # pmkit: ignore[PM301] x\n"
        assert _said(text) == [
            ("PM301", 8, 28, '"human error" frames the incident as human error'),
            ("PM902", 9, 3, "this suppression is a line of a block of text ('|' or '>'), so it is part of "
             "the text readers see and silences nothing: write it above the field's key, or at the end of "
             "the key's line ('summary: |  # pmkit: ignore[CODE] reason')"),
        ]
    # Guard: one in the middle of a line of text is an example, as before; above the key it works.
    example = HEAD + "summary: |\n  Write # pmkit: ignore[PM301] reason, on the line.\n"
    assert _said(example) == []
    above = HEAD + "# pmkit: ignore[PM301] quoting\nsummary: |\n  The outage was caused by human error.\n"
    assert _said(above) == []


def test_the_yaml_form_in_a_markdown_body_is_said() -> None:
    message = ("in a Markdown body a suppression is an HTML comment; this '#' one is text readers see and "
               "silences nothing: write it as '<!-- pmkit: ignore[CODE] reason -->'")
    own_line = _said(FRONT + "# pmkit: ignore[PM301] quoting\nIt was human error.\n", "pm.md")
    assert own_line == [("PM902", 12, 1, message),
                        ("PM301", 13, 8, '"human error" frames the incident as human error')]
    trailing = _said(FRONT + "It was human error.  # pmkit: ignore[PM301]\n", "pm.md")
    assert [(code, line, col) for code, line, col, _ in trailing] == [("PM301", 12, 8), ("PM902", 12, 22)]
    # Guards: in the front matter the YAML form works, in the body the HTML form, and shown as
    # inline code it is an example.
    assert _said("---\n" + HEAD + BLAME + "  # pmkit: ignore[PM301] quoting\n---\n", "pm.md") == []
    assert _said(FRONT + "It was human error. <!-- pmkit: ignore[PM301] quoting -->\n", "pm.md") == []
    assert _said(FRONT + "Write `# pmkit: ignore[PM301]` in YAML.\n", "pm.md") == []


def test_suppressions_already_handled_stay_as_they_are() -> None:
    """Guards: a typo, a full-width code, an en dash before the reason, a wrong line."""
    assert _said(HEAD + f"{BLAME}  # pmkit: ignore[PM301] – quoting the ticket\n") == []
    assert _said(HEAD + f"{BLAME}  # pmkit: ignore[pm301]: quoting\n") == []
    assert where(run(HEAD + f"{BLAME}  # pmkit: ignore[PM3O1]\n", select=["PM3", "PM9"])) == [
        ("PM301", 7, 35), ("PM902", 7, 49)]
    wrong_line = _said(HEAD + "# pmkit: ignore[PM301]\n\n" + BLAME + "\n")
    assert wrong_line[0] == ("PM901", 7, 1, "unused suppression: no PM301 finding on line 8")
    # "ignored", "ignores": other words, not attempts.
    assert _said(HEAD + "summary: fine  # pmkit ignores empty files; pmkit: ignored\n") == []


# --- pmkit init beside a pmkit hook already there ----------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


LOCAL = ("# our hooks\nrepos:\n- repo: local\n  hooks:\n  - id: {id}\n    name: postmortems\n"
         "    entry: {entry}\n    language: system\n")


@pytest.mark.parametrize("config", [
    "repos:\n  - repo: https://github.com/pmkit/pmkit.git\n    rev: v0.1.0\n    hooks:\n      - id: pmkit\n"
    "      - id: pmkit-history-repo\n",
    "repos:\n  - repo: HTTPS://github.com/pmkit/pmkit/  # upstream\n    rev: v0.1.0\n    hooks:\n"
    "      - id: pmkit\n      - id: pmkit-history-repo\n",
    LOCAL.format(id="pmkit", entry="pmkit check"),
    LOCAL.format(id="postmortems", entry="pmkit check --fail-on warning"),
    LOCAL.format(id="postmortems", entry="python -m pmkit check"),
])
def test_init_keeps_a_pmkit_hook_written_another_way(repo: Path, capsys: pytest.CaptureFixture[str],
                                                      config: str) -> None:
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    assert main(["init"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == config
    out = capsys.readouterr().out
    assert out.startswith("created postmortems/\ncreated .pmkit.toml\n\nNext:"), out
    assert main(["init"]) == 0  # and again: nothing to do
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"


def test_init_reads_a_local_pmkit_hook_for_another_folder(repo: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    config = LOCAL.format(id="postmortems", entry="pmkit check") + "    files: ^docs/incidents/\n"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    assert main(["init"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmkit init: pmkit is already set up here for another postmortem folder than "
                          "postmortems/; nothing changed:\n  .pre-commit-config.yaml: the postmortems hook "
                          "checks files matching ^docs/incidents/\n"), err
    assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == config
    assert main(["init", "--dir", "docs/incidents"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == config


def test_init_adds_its_entry_beside_other_tools_byte_for_byte(repo: Path) -> None:
    """Guard: another tool's hooks, comments and CRLF line ends stay; pyproject keeps its tables."""
    config = ("# hooks\r\nrepos:\r\n  # formatting\r\n  - repo: https://github.com/psf/black\r\n"
              "    rev: 24.1.0\r\n    hooks:\r\n      - id: black   # keep\r\n")
    pyproject = '# svc\n[project]\nname = "svc"   # the service\n\n[tool.ruff]\nline-length = 100\n'
    (repo / ".pre-commit-config.yaml").write_bytes(config.encode())
    (repo / "pyproject.toml").write_bytes(pyproject.encode())
    assert main(["init"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_bytes().decode().startswith(config)
    assert (repo / ".pre-commit-config.yaml").read_bytes().decode()[len(config):] == (
        "  - repo: https://github.com/pmkit/pmkit\r\n    rev: v0.1.0\r\n    hooks:\r\n      - id: pmkit\r\n"
        "      - id: pmkit-history-repo\r\n")
    assert (repo / "pyproject.toml").read_text(encoding="utf-8").startswith(pyproject + "\n[tool.pmkit]\n")


# --- a baseline written by a run that checked part of the repository ---------------------------

#: The clean example with one finding of the schema family (PM0) and one of the blameless (PM3).
FLAWED = GOOD_EXAMPLE.read_text(encoding="utf-8").replace("severity: SEV1", "severity: SEV9").replace(
    "  region. No user data", "  region. The outage was caused by human error. No user data")
NOW = "2026-11-25T12:00:00Z"


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "postmortems" / name).write_text(FLAWED.replace("id: 2018-10-21-database-partition",
                                                                    f"id: {name[0]}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", "--now", NOW, "--select", "PM0,PM3", "--no-hints", *args])
    return code, capsys.readouterr().err


def _codes(path: Path) -> list[tuple[str, str]]:
    import json

    return [(row["path"], row["code"]) for row in json.loads(path.read_text(encoding="utf-8"))["findings"]]


def test_a_baseline_written_for_some_rules_keeps_the_others(two: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert FLAWED.count("human error") == 1
    assert _check(capsys, "--write-baseline", "b.json") == (0, "pmkit: recorded 4 findings in b.json\n")
    full = (two / "b.json").read_text(encoding="utf-8")
    assert sorted(code for _, code in _codes(two / "b.json")) == ["PM013", "PM013", "PM301", "PM301"]
    assert main(["check", "--now", NOW, "--select", "PM3", "--write-baseline", "b.json"]) == 0
    assert capsys.readouterr().err == ("pmkit: recorded 2 findings in b.json; kept 2 entries for the files "
                                       "and rules this run did not check\n")
    assert (two / "b.json").read_text(encoding="utf-8") == full  # byte for byte
    assert _check(capsys, "--baseline", "b.json") == (
        0, "pmkit: 4 known findings left out (baseline b.json)\n")


def test_a_baseline_written_for_some_files_keeps_the_others(two: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(capsys, "--write-baseline", "b.json")[0] == 0
    full = (two / "b.json").read_text(encoding="utf-8")
    assert _check(capsys, "--write-baseline", "b.json", "postmortems/a.yaml") == (
        0, "pmkit: recorded 2 findings in b.json; kept 2 entries for the files and rules this run did not "
        "check\n")
    assert (two / "b.json").read_text(encoding="utf-8") == full
    # A file fixed since, checked: its entries go; a file deleted since: its entries go too.
    fixed = FLAWED.replace("The outage was caused by human error.", "The cause is below.")
    (two / "postmortems" / "a.yaml").write_text(fixed.replace("id: 2018-10-21-database-partition", "id: a"),
                                                encoding="utf-8")
    (two / "postmortems" / "b.yaml").unlink()
    assert _check(capsys, "--write-baseline", "b.json", "postmortems/a.yaml") == (
        0, "pmkit: recorded 1 finding in b.json\n")
    assert _codes(two / "b.json") == [("postmortems/a.yaml", "PM013")]


def test_a_baseline_that_is_no_baseline_is_still_not_replaced(two: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: a file that is not a baseline is neither merged nor overwritten; an empty one is replaced."""
    (two / "notes.json").write_text('{"findings": 1}\n', encoding="utf-8")
    code, err = _check(capsys, "--write-baseline", "notes.json")
    assert code == 2
    assert err.startswith("pmkit: cannot write the baseline notes.json: it is not a pmkit baseline")
    assert (two / "notes.json").read_text(encoding="utf-8") == '{"findings": 1}\n'
    (two / "empty.json").write_text("", encoding="utf-8")
    assert _check(capsys, "--write-baseline", "empty.json") == (
        0, "pmkit: recorded 4 findings in empty.json\n")


# --- settings as a team writes them -------------------------------------------------------------

PYPROJECT = '# the service\n[project]\nname = "svc"\n\n[tool.pmkit]\n'


def _settings_error(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["check", "--now", NOW, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_selector_in_the_settings_that_names_no_rule_says_where_the_codes_are(
        two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for item in ("PM999", "PM8"):
        (two / "pyproject.toml").write_text(PYPROJECT + f'ignore = ["{item}"]\n', encoding="utf-8")
        assert unplaced(_settings_error(two, capsys)) == (
            f"pmkit: configuration error: {two / 'pyproject.toml'}: 'ignore' names '{item}', which matches "
            "no rule (see 'pmkit rules')\n")
    # A misspelt name still gets the rule it likely means, and the command line says the same.
    (two / "pyproject.toml").write_text(PYPROJECT + 'select = ["human-eror"]\n', encoding="utf-8")
    assert _settings_error(two, capsys).endswith("'select' names 'human-eror', which matches no rule "
                                                 "(did you mean 'human-error'?)\n")
    (two / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    assert _settings_error(two, capsys, "--ignore", "PM999") == (
        "pmkit: configuration error: 'PM999' matches no rule code, prefix or name (see 'pmkit rules')\n")


@pytest.mark.parametrize(("written", "said"), [
    ('Select = ["PM3"]\n', "unknown setting 'Select' (did you mean 'select'?)"),
    ('fail_on = "warning"\n', "unknown setting 'fail_on' (did you mean 'fail-on'?)"),
    ('[tool.pmkit.severity]\nPM112 = "err"\n', "severity.PM112: unknown severity 'err': use error, warning "
     "or info"),
    ('fail-on = "none"\n', "fail-on: unknown severity 'none': use error, warning or info"),
    ('[tool.pmkit]\npaths = ["x"]\n', "invalid TOML: the table [tool.pmkit] is already written above (as a "
     "table, an inline table or dotted keys): write its settings in one place"),
])
def test_settings_mistakes_are_configuration_errors(two: Path, capsys: pytest.CaptureFixture[str],
                                                    written: str, said: str) -> None:
    """Guards: wrong case, an underscore for a dash, a severity misspelt, a table twice."""
    (two / "pyproject.toml").write_text(PYPROJECT + written, encoding="utf-8")
    assert unplaced(_settings_error(two, capsys)) == (
        f"pmkit: configuration error: {two / 'pyproject.toml'}: {said}\n")


def test_settings_written_loosely_mean_what_they_say(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guards: one code as a string, a name with underscores, a code in lower case, a severity in
    capitals; a settings file in the parent folder is found from a subfolder."""
    (two / "pyproject.toml").write_text(PYPROJECT + 'ignore = "human_error"\nselect = ["pm0", "pm3"]\n'
                                        '[tool.pmkit.severity]\npm013 = "INFO"\n', encoding="utf-8")
    (two / "postmortems" / "b.yaml").unlink()
    import os

    os.chdir(two / "postmortems")
    assert main(["check", "--now", NOW, "--no-hints", "--format", "json", "a.yaml"]) == 0
    import json

    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["severity"]) for d in found] == [("PM013", "info")]


def test_settings_files_that_cannot_be_used_are_said(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guards: --config to nothing or to a folder, a pyproject.toml that is not UTF-8."""
    assert _settings_error(two, capsys, "--config", "nope.toml") == (
        "pmkit: configuration error: nope.toml: cannot read configuration: No such file or directory\n")
    assert _settings_error(two, capsys, "--config", "postmortems") == (
        "pmkit: configuration error: postmortems: cannot read configuration: is a directory, not a file\n")
    (two / "pyproject.toml").write_bytes(PYPROJECT.encode() + b'paths = ["postmortems"]  # caf\xe9\n')
    assert _settings_error(two, capsys).endswith(
        "pyproject.toml:6:31: is not UTF-8 text (byte 0xe9 at offset 81, which is 'é' in Windows-1252); TOML "
        "files are UTF-8: save it in that encoding\n")
