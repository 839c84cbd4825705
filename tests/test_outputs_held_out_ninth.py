"""Held-out runs through the output formats and integrations: GitHub annotation columns on lines
with text beyond ASCII, reports written to a file, baselines, suppressions, the hooks and the
Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmkit.cli import main

MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _annotations(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::error") or line.startswith("::warning")]


# --- GitHub annotation columns ------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "col", "end"), [
    ("🔥 Checkout 😀 ", 33, 44),  # two emoji: two UTF-16 units each
    ("Café déjà vu: ", 32, 43),  # accents: one unit each, as in code points
    ("東京の障害: ", 25, 36),  # CJK in the BMP: one unit each
    ("Cafe\u0301: ", 25, 36),  # a combining mark is a unit of its own
])
def test_github_annotation_columns_count_utf16_units_as_sarif_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        prefix: str, col: int, end: int) -> None:
    # GitHub's pages count columns in UTF-16 units, as code scanning reads SARIF: an annotation
    # after an emoji started one character early per emoji, and SARIF said another column.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / "pm.yaml").write_text(MINIMAL + f'summary: "{prefix}It was human error."\n', encoding="utf-8")
    assert main(["check", "--select", "PM301", "--format", "github", "pm.yaml"]) == 1
    [annotation] = _annotations(capsys.readouterr().out)
    assert annotation.startswith(f"::error file=pm.yaml,line=7,col={col},endColumn={end},title=PM301 ")
    assert main(["check", "--select", "PM301", "--format", "sarif", "pm.yaml"]) == 1
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (col, end)


# --- check -o / --output ------------------------------------------------------------------------

_FLAWED = MINIMAL + 'summary: "It was human error."\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "a.yaml").write_text(_FLAWED, encoding="utf-8")
    return tmp_path


def test_check_writes_a_sarif_report_to_the_file_given_with_output(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    # The code-scanning step: the log in a file, nothing on standard output, the exit code kept.
    assert main(["check", "--select", "PM301", "--format", "sarif", "-o", "pmkit.sarif", "postmortems"]) == 1
    assert capsys.readouterr() == ("", "")
    log = json.loads((repo / "pmkit.sarif").read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "PM301"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "postmortems/a.yaml"
    # A clean run writes the file too (an empty log), for the upload step that follows.
    (repo / "postmortems" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    assert main(["check", "--select", "PM301", "--format", "sarif", "--output", "pmkit.sarif",
                 "postmortems"]) == 0
    assert json.loads((repo / "pmkit.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_output_holds_what_standard_output_would(
        repo: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["check", "--select", "PM301", "--format", fmt, "postmortems"]) == 1
    printed = capsys.readouterr().out
    assert main(["check", "--select", "PM301", "--format", fmt, "-o", "report.out", "postmortems"]) == 1
    assert capsys.readouterr().out == ""
    assert (repo / "report.out").read_text(encoding="utf-8") == printed
    assert "postmortems/a.yaml" in printed and "PM301" in printed


@pytest.mark.parametrize(("target", "why"), [
    ("postmortems", "names a folder; give the report's file name (pmkit.sarif"),
    ("reports/", "names a folder; give the report's file name (pmkit.sarif"),
    ("postmortems/a.yaml/pmkit.sarif", "postmortems/a.yaml is not a folder; name a file in a folder"),
    ("postmortems/a.yaml", "is a postmortem; writing the report there would replace it. Choose another file"),
    ("postmortems/b.md", "is a postmortem; writing the report there would replace it. Choose another file"),
    (".pmkit.toml", "is the settings file pmkit reads"),
    ("baseline.json", "is the baseline given with --baseline; writing the report there would replace it"),
])
def test_check_output_refuses_a_target_that_would_lose_something(
        repo: Path, capsys: pytest.CaptureFixture[str], target: str, why: str) -> None:
    (repo / "postmortems" / "b.md").write_text("---\n" + MINIMAL + "---\n\n## Summary\n\nFine.\n",
                                               encoding="utf-8")
    (repo / ".pmkit.toml").write_text("[tool.pmkit]\n", encoding="utf-8")
    assert main(["check", "--write-baseline", "baseline.json", "postmortems"]) == 0
    capsys.readouterr()
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    args = ["--format", "sarif", "--baseline", "baseline.json", "-o", target, "postmortems"]
    assert main(["check", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"pmkit: --output {target}") and why in err
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before


def test_check_output_with_write_baseline_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # --write-baseline writes no report: the report file was never written, and nothing said so.
    assert main(["check", "--write-baseline", "b.json", "-o", "pmkit.sarif", "postmortems"]) == 2
    assert "--write-baseline records the findings and writes no report" in capsys.readouterr().err
    assert not (repo / "b.json").exists() and not (repo / "pmkit.sarif").exists()


def test_check_output_that_cannot_be_written_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    assert main(["check", "--format", "json", "-o", "/dev/full", "postmortems"]) == 2
    assert "pmkit: cannot write the report /dev/full: No space left on device" in capsys.readouterr().err


def test_check_output_of_a_file_name_that_is_not_utf8_is_json_that_reads_back(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    name = os.fsdecode(b"postmortems/caf\xe9.yaml")
    try:
        Path(name).write_text(_FLAWED, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    assert main(["check", "--select", "PM301", "--format", "json", "-o", "r.json", name]) == 1
    [diag] = json.loads((repo / "r.json").read_text(encoding="utf-8"))["diagnostics"]
    assert diag["path"] == name


# --- baselines ----------------------------------------------------------------------------------


def test_a_baseline_naming_a_renamed_postmortem_says_so(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # After git mv, every accepted finding came back as new and nothing said why.
    baseline = ".pmkit-baseline.json"
    assert main(["check", "--select", "PM301", "--write-baseline", baseline, "postmortems"]) == 0
    (repo / "postmortems" / "a.yaml").rename(repo / "postmortems" / "2025-01-01-a.yaml")
    capsys.readouterr()
    assert main(["check", "--select", "PM301", "--baseline", baseline, "postmortems"]) == 1
    out, err = capsys.readouterr()
    assert "postmortems/2025-01-01-a.yaml:7:18: PM301 " in out
    assert ("pmkit: 1 baseline entry names a file that is not there (postmortems/a.yaml; renamed or "
            "deleted?): the findings of a renamed postmortem are reported as new; refresh the baseline "
            "with --write-baseline") in err
    # A file that is there but not checked in this run (a hook given one file) is not named.
    (repo / "postmortems" / "2025-01-01-a.yaml").rename(repo / "postmortems" / "a.yaml")
    (repo / "postmortems" / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    assert main(["check", "--select", "PM301", "--baseline", baseline, "postmortems/b.yaml"]) == 0
    assert capsys.readouterr() == ("", "")


# --- the Python API ------------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "says"), [
    (lambda pmkit: pmkit.validate("postmortems/a.yaml"),
     "postmortem must be a pmkit.Postmortem, not str (pmkit.load(path) reads a file into one, "
     "pmkit.loads(text) a text; pmkit.check([path]) and pmkit.check_text(text) check them as they are)"),
    (lambda pmkit: pmkit.metrics(Path("postmortems/a.yaml")),
     "postmortem must be a pmkit.Postmortem, not PosixPath (pmkit.load(path) reads a file into one, "
     "pmkit.loads(text) a text)"),
    (lambda pmkit: pmkit.metrics({"pmkit": 1}),
     "postmortem must be a pmkit.Postmortem, not dict (pmkit.load, pmkit.loads or Postmortem.model_validate "
     "make one)"),
    (lambda pmkit: pmkit.dump("pmkit: 1\n"),
     "postmortem must be a pmkit.Postmortem, not str (pmkit.load(path) reads a file into one"),
])
def test_a_file_name_or_text_given_for_a_model_says_what_reads_one(call: object, says: str) -> None:
    # A script that passed a file name to validate() or metrics() was told "not str" and no more.
    import os

    import pmkit

    if os.name != "posix" and "PosixPath" in says:
        pytest.skip("PosixPath is a POSIX class")
    with pytest.raises(TypeError) as raised:
        call(pmkit)  # type: ignore[operator]
    assert str(raised.value).startswith(says)


# --- the pre-commit hooks ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    'pmkit: 1\nid: x\ntitle: "unterminated\nsummary: token ghp_abcdefghijklmnopqrstuvwxyz0123456789\n',
    "- token ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
    "summary: a\nsummary: token ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
])
def test_the_secrets_hook_does_not_pass_a_file_it_could_not_read(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    # The hook's entry, as pre-commit runs it: a file that did not parse passed silently (exit 0),
    # and the token in it was committed.
    import shlex

    from ruamel.yaml import YAML

    manifest = YAML(typ="safe").load(Path(__file__).parent.parent.joinpath(".pre-commit-hooks.yaml"))
    [hook] = [hook for hook in manifest if hook["id"] == "pmkit-secrets"]
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["pmkit", "check"]
    (repo / "postmortems" / "leak.yaml").write_text(text, encoding="utf-8")
    assert main([*entry[1:], "postmortems/leak.yaml"]) == 1
    assert "postmortems/leak.yaml:" in capsys.readouterr().out


def test_the_repository_wide_hook_without_a_postmortem_folder_says_where_to_set_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # pmkit-history-repo (always_run, no file names) in a repository with no postmortems/ yet:
    # every commit stopped with "no such file or folder", and nothing said what to do.
    import subprocess

    monkeypatch.chdir(tmp_path)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(k, raising=False)
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=a", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / "README").write_text("hi\n", encoding="utf-8")
    subprocess.run(["git", "add", "README"], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    assert main(["check", "--repo-wide", "--select", "PM600,PM605,PM606"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: postmortems: no such file or folder, here or in the base tree\n"
        "pmkit: set 'paths' in [tool.pmkit] to the folders that hold the postmortems, or run 'pmkit init' "
        "to create postmortems/\n")


def test_a_file_named_like_an_attached_output_is_not_taken_for_one(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # With -o, "-old.yaml" read as "-o ld.yaml": the report was written to ld.yaml.
    (repo / "-old.yaml").write_text(_FLAWED, encoding="utf-8")
    assert main(["check", "-old.yaml"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pmkit check: error: unrecognized arguments: -old.yaml (-old.yaml is a file: put file names that "
        "start with '-' after '--', or write ./-old.yaml)")
    assert not (repo / "ld.yaml").exists()
    # An attached file name of no file is -o's value, as for any option.
    assert main(["check", "--select", "PM301", "-oreport.txt", "postmortems"]) == 1
    assert "PM301" in (repo / "report.txt").read_text(encoding="utf-8")
