"""Hostile and awkward inputs of the tenth round, through every verb and the API: each ends in
the finding, position and advice (or the clean exit 2 with a message) a user relies on, never
a traceback, a hang, a written file or a position outside the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import good_text, run, unplaced
from pmkit.cli import main

_HEAD = """\
pmkit: 1
id: 2026-10-02-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV2
owner: payments team lead
"""

# --- '{}' where a list goes ----------------------------------------------------------------


@pytest.mark.parametrize(("line", "key"), [
    ("contributing_factors: {}", "contributing_factors"),
    ("action_items: {}", "action_items"),
    ("timeline: {}", "timeline"),
    ("decisions: {}", "decisions"),
])
def test_an_empty_mapping_where_a_list_of_records_goes_says_how_to_write_an_empty_list(
        line: str, key: str) -> None:
    # '{}' for "none yet" was an internal error (PM903): the hint took the mapping's first key.
    found = [d for d in run(_HEAD + line + "\n", select=["PM0", "PM9"]) if d.field == key]
    assert [(d.code, d.line, d.col) for d in found] == [("PM012", 8, len(key) + 3)]
    assert found[0].message == f"'{key}' must be a list, not a mapping"
    assert found[0].hint == (f"An empty list is written '{key}: []'; or write each item starting with "
                             f"'- ' on its own line under '{key}:'.")


def test_render_of_a_file_with_an_empty_mapping_for_a_list_names_the_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(_HEAD + "contributing_factors: {}\n", encoding="utf-8")
    assert main(["render", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:8:23: PM012 'contributing_factors' must be a list, not a mapping" in err
    assert "internal error" not in err


# --- numbers too large for the model ----------------------------------------------------------


def test_a_format_version_too_large_to_compare_is_an_unsupported_version() -> None:
    # "PM012 'pmkit': Unable to parse input string as an integer, exceeded maximum size" was
    # pydantic's own words, with neither the field's meaning nor what to write.
    found = run(_HEAD.replace("pmkit: 1\n", "pmkit: 99999999999999999999999999\n"), select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM017", 1, 8)]
    assert found[0].message == ("format version 99999999999999999999999999 is not supported; "
                                "this pmkit reads version 1")
    assert found[0].hint == "Write 'pmkit: 1'."


# --- init ------------------------------------------------------------------------------------


def test_init_with_the_postmortem_folder_a_link_to_a_missing_folder_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # A folder linked to a share that is not mounted: "pmkit init: .../postmortems: File exists".
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").symlink_to(tmp_path / "share" / "postmortems")
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit init: postmortems is a symbolic link to a missing folder ({tmp_path}/share/postmortems); "
        "create that folder or remove the link, then run pmkit init again\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "postmortems"]  # nothing written


# --- new --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("output", "fmt", "named"), [
    ("-", "yaml", "postmortems/2026-11-02-disk-full.yaml"),
    ("/dev/stdout", "md", "postmortems/2026-11-02-disk-full.md"),
])
def test_new_to_standard_output_names_the_drafts_file_in_its_check_command(
        tmp_path: Path, output: str, fmt: str, named: str) -> None:
    # The draft said "run pmkit check /dev/stdout", a command that checks nothing.
    (tmp_path / ".git").mkdir()  # no settings from the folders above
    command = [sys.executable, "-m", "pmkit", "new", "--title", "Disk full", "--date", "2026-11-02",
               "--format", fmt, "-o", output]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert f"#     pmkit check {named}   # once saved there\n" in done.stdout
    assert "/dev/stdout" not in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git"]


def test_new_into_a_folder_below_a_file_names_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "cannot write notes/2026/...: Not a directory" left the user to find which part was a file.
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes").write_text("a file\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--title", "Disk full", "--date", "2026-11-02", "--dir", "notes/2026"]) == 2
    assert capsys.readouterr().err == (
        "pmkit new: cannot write notes/2026/2026-11-02-disk-full.yaml: notes is not a folder\n")
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "a file\n"


# --- settings and baseline files below a file ----------------------------------------------------


def _one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_HEAD, encoding="utf-8")
    (tmp_path / "ci").write_text("a file\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def test_write_baseline_below_a_file_names_the_file_not_file_exists(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "cannot write the baseline ci/baseline.json: File exists", of a file that did not exist.
    _one_file(tmp_path, monkeypatch)
    assert main(["check", "pm.yaml", "--write-baseline", "ci/baseline.json"]) == 2
    assert capsys.readouterr().err == ("pmkit: cannot write the baseline ci/baseline.json: ci is not a "
                                       "folder; name a file in a folder\n")
    assert (tmp_path / "ci").read_text(encoding="utf-8") == "a file\n"


@pytest.mark.parametrize(("option", "said"), [
    ("--baseline", "ci/x.json: cannot read the baseline: ci is not a folder"),
    ("--config", "ci/x.toml: cannot read configuration: ci is not a folder"),
])
def test_a_settings_file_below_a_file_names_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        option: str, said: str) -> None:
    # "...: Not a directory" named no file.
    _one_file(tmp_path, monkeypatch)
    name = said.split(":")[0]
    assert main(["check", "pm.yaml", option, name]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: {said}\n"


@pytest.mark.parametrize(("verb", "said"), [
    (["check", "ci/pm.yaml"], "pmkit: ci/pm.yaml: ci is a file, not a folder"),
    (["check", "ci/"], "pmkit: ci/: ci is a file, not a folder"),
    (["render", "ci/pm.yaml"], "pmkit render: ci/pm.yaml: ci is a file, not a folder"),
    (["due", "ci/pm.yaml"], "pmkit: ci/pm.yaml: ci is a file, not a folder"),
])
def test_a_path_below_a_file_names_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: list[str], said: str) -> None:
    # "ci/pm.yaml: not a directory", the system's words, named no file.
    _one_file(tmp_path, monkeypatch)
    assert main(verb) == 2
    assert capsys.readouterr().err.splitlines()[0] == said


@pytest.mark.parametrize("verb", ["check", "due", "actions", "stats"])
def test_an_empty_path_is_a_usage_error_that_says_so(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    # 'pmkit check "$FILE"' with FILE unset said "pmkit: : no such file or folder".
    assert main([verb, ""]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"pmkit {verb}: error: argument PATH: needs a file or folder name, not an empty string")


@pytest.mark.parametrize("paths", ['[""]', '["postmortems", " "]'])
def test_an_empty_entry_in_paths_is_a_configuration_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        paths: str) -> None:
    # paths = [""] checked the whole folder of the settings file, every YAML file in it, unsaid.
    _one_file(tmp_path, monkeypatch)
    (tmp_path / ".pmkit.toml").write_text(f"paths = {paths}\n", encoding="utf-8")
    assert main(["check"]) == 2
    assert unplaced(capsys.readouterr().err) == (
        f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: paths has an empty entry, which names no "
        "folder; name the postmortem folders (e.g. \"postmortems\"), or write \".\" for the folder of this "
        "file\n")



# --- any value in any field ------------------------------------------------------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                     st.dates().map(str), st.sampled_from(["{}", "[]", "2018-10-21T22:52:00Z", "CF1", "D1"]))
_KEYS = st.sampled_from(["id", "at", "x", "description", "1"])
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)), max_leaves=6)
_FIELDS = ["id", "title", "status", "severity", "owner", "authors", "impact", "timeline", "decisions",
           "contributing_factors", "action_items", "lessons", "disclosure", "corrections", "timezone"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_FIELDS), _VALUES)
def test_any_value_in_a_field_is_reported_never_an_internal_error(field: str, value: object) -> None:
    # '{}' for a list of records was an internal error: a field's hint assumed its value's shape.
    import io
    import re

    from ruamel.yaml import YAML

    from pmkit.loader import parse_text

    data = parse_text(good_text(), "pm.yaml").data
    data[field] = value
    buffer = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    lines = re.split(r"\r\n|\r|\n", text)
    for diag in run(text):
        assert diag.code != "PM903", diag
        assert 1 <= diag.line <= len(lines) and 1 <= diag.col <= len(lines[diag.line - 1]) + 1, diag


def test_a_baseline_written_to_standard_output_says_so(tmp_path: Path) -> None:
    # "pmkit: recorded 3 findings in /dev/stdout", a name the user never gave ('-').
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_HEAD + "title: again\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "pm.yaml", "--write-baseline", "-"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith('{\n  "version": 1,')
    assert done.stderr.endswith(" findings in standard output\n")


# --- Markdown front matter -------------------------------------------------------------------------


def test_a_front_matter_opened_by_an_indented_rule_says_what_is_before_it() -> None:
    # " ---" (an editor's stray blank) was "Markdown postmortem has no YAML front matter", of a
    # file whose fields are all there.
    found = run(" ---\n" + _HEAD + "---\n\n## Summary\n\nCheckout failed.\n", path="pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 1, 1)]
    assert found[0].message == ("Markdown front matter must open with a line '---' alone; the first line "
                                "is ' ---', with a blank before the '---'")
    assert found[0].hint == "Write '---' at the very start of the first line, with nothing before it."


# --- the API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"path": 5}, "path must be a str or os.PathLike[str], not int"),
    ({"markdown": "no"}, "markdown must be True, False or None, not str"),
])
def test_loads_names_the_argument_of_the_wrong_type(kwargs: dict[str, object], said: str) -> None:
    # path=5 was os.fsdecode's "expected str, bytes or os.PathLike object, not int"; markdown="no"
    # read a YAML text as Markdown ("has no YAML front matter").
    import pmkit

    with pytest.raises(TypeError) as caught:
        pmkit.loads(_HEAD, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == said


@pytest.mark.parametrize(("setting", "said"), [
    ("select = 1979-05-27T07:32:00Z", "'select' must be a list of strings, got 1979-05-27T07:32:00+00:00"),
    ("max-file-size = 2026-01-01", "max-file-size must be a number of bytes from 1 to 1,073,741,824 (1 GiB), "
                                   "got 2026-01-01"),
])
def test_a_toml_date_in_the_settings_is_shown_as_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        setting: str, said: str) -> None:
    # "got datetime.datetime(1979, 5, 2...one.utc) (67 characters)": Python's words, cut.
    _one_file(tmp_path, monkeypatch)
    (tmp_path / ".pmkit.toml").write_text(setting + "\n", encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 2
    assert unplaced(capsys.readouterr().err) == (
        f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: {said}\n")


@pytest.mark.parametrize(("stages", "said"), [
    ("stages = 5", "[policies.acme].stages: must be a table ([...] heading, or {key = value}), got 5"),
    ("stages = {notice = 5}",
     "[policies.acme].stages.notice: must be a table ([...] heading, or {key = value}), got 5"),
])
def test_a_policy_stage_of_the_wrong_shape_is_said_in_tomls_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        stages: str, said: str) -> None:
    # "Input should be a valid dictionary or instance of Stage": pydantic's words and class names.
    _one_file(tmp_path, monkeypatch)
    preset = '[policies.acme]\ntitle = "Acme notice"\naudience = "customers"\ncitation = "MSA 4.2"\n'
    (tmp_path / ".pmkit.toml").write_text(preset + stages + "\n", encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 2
    assert unplaced(capsys.readouterr().err) == (
        f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: {said}\n")
