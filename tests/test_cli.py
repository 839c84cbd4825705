"""The command line: output lines, exit codes, formats and usage errors."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from helpers import EXAMPLES, GOOD_EXAMPLE
from pmkit.cli import main

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "sumary: x\n")
    return path


def test_clean_file_exits_0_silently(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "PM0", str(GOOD_EXAMPLE)]) == 0
    assert capsys.readouterr().out == ""


def test_a_folder_without_postmortems_is_said_on_stderr(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("# Notes\n", encoding="utf-8")  # no front matter
    code = main(["check", "--select", "PM0", str(tmp_path / "empty"), str(tmp_path / "full"),
                 str(tmp_path / "notes")])
    out, err = capsys.readouterr()
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"pmkit: {tmp_path / name}: no postmortem files in this folder (.yaml or .yml files, or Markdown "
        "files that open with front matter or have two or more of a postmortem's section headings, such "
        "as '## Summary' and '## Timeline')" for name in ("empty", "notes")
    ]


def test_findings_exit_1_with_standard_line(bad_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "PM0", str(bad_file)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{bad_file}:7:1: PM010 unknown key 'sumary' (did you mean 'summary'?) (unknown-key)"
    assert out[1].startswith("    hint: Allowed keys here:")
    assert out[-1] == "Found 1 error in 1 of 1 file."


def test_bare_paths_mean_check(bad_file: Path) -> None:
    assert main([str(bad_file), "--select", "PM0", "--no-hints"]) == 1


def test_fail_on_and_severity_config(bad_file: Path, tmp_path: Path) -> None:
    (tmp_path / ".pmkit.toml").write_text('select = ["PM0"]\n[severity]\nPM010 = "warning"\n')
    assert main(["check", str(bad_file)]) == 0
    assert main(["check", "--fail-on", "warning", str(bad_file)]) == 1


def test_ignore_and_select(bad_file: Path) -> None:
    assert main(["check", "--select", "PM0", "--ignore", "PM010", str(bad_file)]) == 0
    assert main(["check", "--select", "unknown-key", str(bad_file)]) == 1
    assert main(["check", "--select", "PM9,PM0", str(bad_file)]) == 1


def test_json_format(bad_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--select", "PM0", str(bad_file)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["version"] == 1
    assert payload["summary"] == {"files": 1, "errors": 1, "warnings": 0, "infos": 0}
    diag = payload["diagnostics"][0]
    assert {k: diag[k] for k in ("code", "name", "severity", "line", "col", "field")} == {
        "code": "PM010", "name": "unknown-key", "severity": "error", "line": 7, "col": 1,
        "field": "sumary",
    }


def test_github_format_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a,b.yaml"
    path.write_text(HEAD + "sumary: x\n")
    assert main(["check", "--format", "github", "--select", "PM0", "--no-hints", str(path)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"::error file={str(path).replace(',', '%2C')},line=7,col=1,")
    assert "title=PM010 unknown-key::unknown key 'sumary'" in first


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["check", "--select", "PM999", str(tmp_path)]) == 2
    assert "matches no rule" in capsys.readouterr().err
    assert main(["check", "--format", "xml", str(tmp_path)]) == 2
    assert main(["frobnicate"]) == 2


def test_config_error_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".pmkit.toml").write_text("selct = []\n")
    (tmp_path / "a.yaml").write_text(HEAD)
    assert main(["check", str(tmp_path / "a.yaml")]) == 2
    assert "configuration error" in capsys.readouterr().err


def test_default_paths_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pmkit.toml").write_text('paths = ["incidents"]\nselect = ["PM0"]\n')
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(HEAD + "sumary: x\n")
    (tmp_path / "incidents" / "README.md").write_text("# Not a postmortem\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "incidents/a.yaml:7:1: PM010" in capsys.readouterr().out


def test_a_markdown_postmortem_saved_as_utf16_is_said_not_skipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.md").write_bytes("\ufeff---\npmkit: 1\n---\n## Summary\n".encode("utf-16-le"))
    (tmp_path / "README.md").write_bytes("\ufeff# Notes\n".encode("utf-16"))  # no front matter: not one
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'pm.md'}:1:1: PM004 file is UTF-16 encoded; pmkit reads UTF-8" in out
    assert "README" not in out and "in 1 of 1 file" in out


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PM010"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("PM010 unknown-key (error, loading and schema)")
    assert "Instead::" in page
    assert main(["explain", "unknown-key"]) == 0
    capsys.readouterr()
    assert main(["explain", "PM0I0"]) == 2
    assert capsys.readouterr().err == "pmkit: no rule 'PM0I0'. Did you mean PM600, PM020, PM010?\n"


def test_rules_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert "PM010  unknown-key" in capsys.readouterr().out
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Postmortem"


def test_examples_folder_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(EXAMPLES)])
    out = capsys.readouterr().out
    assert code == 1  # the flawed example has errors
    assert "2025-02-14-login-outage.yaml" in out
    assert "2018-10-21-database-partition.yaml" not in out


def test_internal_error_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pmkit.rules.loading import DanglingReference

    def boom(self: object, ctx: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(DanglingReference, "check", boom)
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "sumary: x\n")
    assert main(["check", "--no-hints", str(path)]) == 2
    out = capsys.readouterr().out
    assert "PM903 rule PM021 (dangling-reference) failed: RuntimeError('bug')" in out
    assert "PM010" in out  # the other findings are still there


@pytest.mark.parametrize("argv", [
    ["check", "--config", "", "x.yaml"], ["check", "--baseline", "", "x.yaml"],
    ["check", "--write-baseline", "", "x.yaml"], ["check", "--now", " ", "x.yaml"],
    ["new", "--output", ""], ["new", "--dir", ""], ["render", ""], ["render", "-o", "", "x.yaml"],
    ["history", ""], ["init", "--dir", ""], ["init", "--root", ""], ["check", "--select", "", "x.yaml"],
    ["check", "--ignore", " ", "x.yaml"], ["new", "--date", ""], ["new", "--owner", ""],
    ["actions", "--owner", ""],
])
def test_an_empty_value_is_a_usage_error_not_the_default(argv: list[str],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """An unset variable in a script (--baseline "$BASELINE") must not quietly mean "none"."""
    assert main(argv) == 2
    assert "needs a value, not an empty string" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", [",", " , ", ",,"])
def test_rules_of_only_commas_are_a_usage_error_not_every_rule(option: str, value: str, bad_file: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """--select "$A,$B" of two unset variables selected every rule, as if none had been given."""
    assert main(["check", option, value, str(bad_file)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == (f"pmkit check: error: argument {option}: needs rule codes, "
                                             f"prefixes or names, not '{value}'")


class _FailingOutput:
    """A standard output whose writes fail as a full disk or a closed pipe makes them fail."""

    def __init__(self, error: OSError) -> None:
        self.error = error

    def write(self, text: str) -> int:
        raise self.error

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("error, said", [
    (BrokenPipeError(32, "Broken pipe"), ""),  # the reader left: nothing to say
    (OSError(28, "No space left on device"), "pmkit: cannot write the output: No space left on device\n"),
])
def test_output_that_cannot_be_written_is_exit_2_not_a_bug_nor_a_pass(
        bad_file: Path, error: OSError, said: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", _FailingOutput(error))
    assert main(["check", str(bad_file), "--format", "json"]) == 2  # findings not all reported: not 0 or 1
    assert capsys.readouterr().err == said


def test_closed_standard_streams_write_nowhere(bad_file: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Python has None for a stream closed at start (>&-, 2>&-): the run keeps its exit code,
    and a message meant for a closed stderr does not land in the JSON on stdout."""
    monkeypatch.setattr("sys.stdout", None)
    assert main(["check", str(bad_file)]) == 1
    monkeypatch.undo()
    baseline = str(bad_file.parent / "baseline.json")
    assert main(["check", str(bad_file), "--write-baseline", baseline]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stderr", None)  # where "N known findings left out" would go
    assert main(["check", str(bad_file), "--baseline", baseline, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []


def test_an_oserror_of_pmkit_itself_is_still_an_internal_error(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_args: object) -> int:
        raise FileNotFoundError(2, "No such file or directory", "somewhere")

    monkeypatch.setattr("pmkit.commands.rules.run", broken)
    assert main(["rules"]) == 2
    assert capsys.readouterr().err.startswith("pmkit: internal error; please report it")


def test_explain_takes_codes_and_names_as_people_write_them(capsys: pytest.CaptureFixture[str]) -> None:
    for written in (" PM301 ", "pm301", "HUMAN_ERROR", "Human-Error"):
        assert main(["explain", written]) == 0
        assert capsys.readouterr().out.startswith("PM301 human-error (error, blameless phrasing)")


@pytest.mark.parametrize("written, said", [
    ("pm3o1", "Did you mean PM311, PM310, PM301?"),
    ("PM3O1", "Did you mean PM311, PM310, PM301?"),
    ("Human_Eror", "Did you mean human-error?"),
    ("pm30", "It is the start of PM301, PM302, PM303, PM304, PM305, PM306, PM307, PM308, PM309: "
             "explain one of them."),
    ("zzz", "See 'pmkit rules'."),
])
def test_explain_suggests_rules_for_a_typo_or_a_prefix_as_people_write_them(
        written: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Case did not matter to the lookup but did to the suggestions (pm3o1 had none), and a
    prefix was offered unrelated codes (PM30: PM310) instead of the rules it starts."""
    assert main(["explain", written]) == 2
    assert capsys.readouterr() == ("", f"pmkit: no rule '{written}'. {said}\n")


def test_a_huge_value_does_not_flood_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.yaml"
    # (quoted: 5,000 digits unquoted are a number too large to write out, read as inf)
    path.write_text(HEAD.replace("pmkit: 1", 'pmkit: "' + "9" * 5000 + '"'), encoding="utf-8")
    assert main(["check", str(path), "--select", "PM0", "--no-hints"]) == 1
    [line] = [ln for ln in capsys.readouterr().out.splitlines() if "PM017" in ln]
    assert line.endswith("9… (4,162 more characters) (unsupported-version)")
    assert len(line) < 1100


def test_ctrl_c_while_loading_ends_quietly_with_130() -> None:
    """Before main() runs (its modules still loading), Ctrl-C gave Python's traceback."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pmkit.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from pmkit.launcher import run\n"
        "sys.exit(run())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (130, "")


@pytest.mark.parametrize("args", [["--version"], ["check", "--help"]])
def test_help_and_version_that_cannot_be_written_are_exit_2(
        args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse swallows its own write errors: a full disk gave exit 0 and no word."""
    monkeypatch.setattr("sys.stdout", _FailingOutput(OSError(28, "No space left on device")))
    assert main(args) == 2
    assert capsys.readouterr().err == "pmkit: cannot write the output\n"


def test_new_with_standard_input_closed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", None)
    assert main(["new"]) == 2
    assert "give the incident a title with --title" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_new_with_the_title_prompt_ended_by_ctrl_d(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """End of input at the prompt is no title given, not an internal error."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    assert main(["new"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "Title of the incident: \n"
    assert captured.err == "pmkit new: give the incident a title with --title\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, starts", [
    (["new", "--title", "Printed", "--now", "2026-05-05T10:00:00Z", "-o", "-"], "# yaml-language-server"),
    (["new", "--title", "Printed", "--now", "2026-05-05T10:00:00Z", "--format", "md", "-o", "-"], "---\n"),
    (["render", str(GOOD_EXAMPLE), "-o", "-"], "# "),
    (["check", str(GOOD_EXAMPLE), "--write-baseline", "-"], '{\n  "version": 1,'),
])
def test_an_output_named_dash_is_standard_output(argv: list[str], starts: str, tmp_path: Path) -> None:
    """'-' names standard output, as for most tools; it was a file named '-' in the current folder."""
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()  # no settings from the folders above
    done = subprocess.run([sys.executable, "-m", "pmkit", *argv], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(starts)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git"]
    if argv[0] != "check":  # (check says how many findings the baseline holds)
        assert done.stderr == ""  # no "Wrote /dev/stdout" after the page


USAGE_JOBS = "pmkit check: error: argument --jobs: "


@pytest.mark.parametrize("value, said", [
    ("0", "needs 1 or more processes, not 0 (leave --jobs out to let pmkit choose)"),
    ("-2", "needs 1 or more processes, not -2 (leave --jobs out to let pmkit choose)"),
    ("two", "needs a whole number of processes, not 'two'"),
])
def test_jobs_below_one_is_a_usage_error(value: str, said: str, bad_file: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """No number of processes below one has a meaning: refused, not quietly one process."""
    assert main(["check", f"--jobs={value}", str(bad_file)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == USAGE_JOBS + said


@pytest.mark.parametrize("value", ["0", "-1", "00", "two", "1.5"])
def test_pmkit_jobs_below_one_or_no_number_is_an_error(value: str, bad_file: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_JOBS", value)
    assert main(["check", "--select", "PM0", str(bad_file)]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: PMKIT_JOBS={value!r}: the number of worker processes must be a "
        "whole number of 1 or more; unset it for the default\n")
    assert main(["check", "--select", "PM0", "--jobs", "1", str(bad_file)]) == 1  # --jobs wins


@pytest.mark.parametrize("value", ["", " ", "1", " 2 ", "007"])
def test_pmkit_jobs_empty_or_a_count_is_taken(value: str, bad_file: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_JOBS", value)
    assert main(["check", "--select", "PM0", str(bad_file)]) == 1


def test_the_api_refuses_jobs_below_one(bad_file: Path) -> None:
    from pmkit.engine import Checker

    with pytest.raises(ValueError, match=r"^jobs must be 1 or more \(None: pmkit chooses\), not 0$"):
        Checker().check_paths([bad_file], jobs=0)
    with pytest.raises(TypeError, match=r"^jobs must be an int or None, not str$"):
        Checker().check_paths([bad_file], jobs="2")  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_output_parses_on_a_stdout_that_is_not_utf8(encoding: str, fmt: str, tmp_path: Path) -> None:
    """JSON is UTF-8: on an ASCII stdout 'ü' came out as the backslash escape \\xfc (no JSON), and
    on cp1252 as the byte 0xfc (no UTF-8); neither document parsed. Now they are JSON escapes."""
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()  # no settings from the folders above
    (tmp_path / "ü.yaml").write_text(HEAD + "\"😀 grün\": 1\n", encoding="utf-8")
    import pmkit

    # (this pmkit, wherever the tests run from)
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(Path(pmkit.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM010", "--format", fmt,
                           "ü.yaml"], cwd=tmp_path, capture_output=True, env=env, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.isascii()
    log = json.loads(done.stdout)
    if fmt == "json":
        [diag] = log["diagnostics"]
        assert (diag["path"], diag["message"]) == ("ü.yaml", "unknown key '😀 grün'")
    else:
        [result] = log["runs"][0]["results"]
        assert result["message"]["text"].startswith("unknown key '😀 grün'\n")
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%C3%BC.yaml"


def test_a_reader_that_leaves_part_way_through_a_large_report_gives_exit_2(tmp_path: Path) -> None:
    """A report larger than the pipe, whose reader left after 100 bytes ('| head -c 100'): the one
    large write was cut short without an error, and the exit code was 1 as if it had all been
    read. Now the broken pipe is seen: exit 2, and nothing said (whoever read has gone)."""
    import shutil
    import subprocess
    import sys

    import pmkit

    (tmp_path / ".git").mkdir()
    for number in range(12):
        shutil.copy(EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml", tmp_path / f"pm{number}.yaml")
    env = {**os.environ, "PYTHONPATH": str(Path(pmkit.__file__).parents[1])}
    with subprocess.Popen([sys.executable, "-m", "pmkit", "check", "--format", "sarif", "--jobs", "1", "."],
                          cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(100).startswith(b"{")
        proc.stdout.close()
        error = proc.stderr.read()
        assert (proc.wait(timeout=120), error) == (2, b"")


def test_a_stray_nul_is_pointed_at(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.yaml"
    path.write_bytes(b"pmkit: 1\nid: x\ntitle: Disk\x00 full\n")
    assert main(["check", "--no-hints", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path}:3:12: PM005 file contains NUL bytes: it looks binary, not like a YAML or Markdown "
        "postmortem (binary-file)")


@pytest.mark.parametrize(("args", "said"), [
    (["--ignore", "PM"], "ignore = PM"),
    (["--select", "PM3", "--ignore", "PM3,PM0"], "select = PM3; ignore = PM3,PM0"),
    (["--ignore", "ALL"], "ignore = ALL"),
])
def test_a_run_with_every_rule_off_says_so(bad_file: Path, capsys: pytest.CaptureFixture[str],
                                           args: list[str], said: str) -> None:
    assert main(["check", *args, str(bad_file)]) == 0
    assert capsys.readouterr() == ("", f"pmkit: no rule is on ({said}): nothing is checked; 'pmkit rules' "
                                   "lists the codes, prefixes and names\n")


def test_every_rule_off_in_the_settings_is_said_too(bad_file: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (bad_file.parent / ".pmkit.toml").write_text('ignore = ["PM"]\n')
    assert main(["check", "--config", str(bad_file.parent / ".pmkit.toml"), str(bad_file)]) == 0
    assert capsys.readouterr().err.startswith("pmkit: no rule is on (ignore = PM): nothing is checked")


def test_no_hints_drops_the_hints_of_the_github_text_report(bad_file: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "github", "--select", "PM0", "--no-hints", str(bad_file)]) == 1
    annotation, *text = capsys.readouterr().out.splitlines()
    assert text == [f"{bad_file}:7:1: PM010 unknown key 'sumary' (did you mean 'summary'?) (unknown-key)",
                    "", "Found 1 error in 1 of 1 file."]
    assert "%0AAllowed keys here:" in annotation  # the annotation keeps its hint


@pytest.mark.parametrize(("word", "command"),
                         [("chek", "check"), ("rnder", "render"), ("Histroy", "history")])
def test_a_mistyped_command_is_said_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], word: str,
                                           command: str) -> None:
    """A bare word means 'check WORD', and 'pmkit chek' said 'chek: no such file or folder'."""
    monkeypatch.chdir(tmp_path)
    assert main([word, "x.yaml"]) == 2
    assert capsys.readouterr() == ("", f"pmkit: '{word}' is not a command (did you mean '{command}'?), nor a "
                                   "file or folder to check; 'pmkit --help' lists the commands\n")


def test_a_word_that_names_a_file_or_looks_like_a_path_is_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rules.yaml"]) == 2
    assert capsys.readouterr().err == "pmkit: rules.yaml: no such file or folder\n"
    (tmp_path / "chek").mkdir()
    (tmp_path / "chek" / "pm.yaml").write_text(HEAD + "sumary: x\n")
    assert main(["chek", "--select", "PM0"]) == 1  # a folder of that name is checked


def test_an_unknown_option_is_said_with_the_command_s_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit schema --format text' showed pmkit's own usage ('usage: pmkit [-h] [--version]
    COMMAND ...'), which does not say what schema takes."""
    assert main(["schema", "--format", "text"]) == 2
    assert capsys.readouterr() == ("", "usage: pmkit schema [-h]\npmkit schema: error: unrecognized "
                                   "arguments: --format text\n")
    assert main(["explain", "PM005", "extra"]) == 2
    assert capsys.readouterr().err == ("usage: pmkit explain [-h] [--format {text,json}] [--config FILE] "
                                       "CODE\n"
                                       "pmkit explain: error: unrecognized arguments: extra\n")
