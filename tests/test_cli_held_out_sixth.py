"""The command line, settings and the Python API on inputs of the sixth round: options where a
verb's argument was expected, bytes that are not UTF-8 in the environment, and more."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EXAMPLES, GOOD_EXAMPLE, unplaced
from pmkit.cli import main


@pytest.mark.parametrize("argv", [["explain", "--format", "json", "PM301"],
                                  ["explain", "PM301", "--format", "json"],
                                  ["explain", "--format=json", "human-error"]])
def test_explain_takes_format_json_as_the_other_verbs_do(argv: list[str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """'--format json PM301' read "json" as the rule, then refused "--format PM301"."""
    assert main(argv) == 0
    out, err = capsys.readouterr()
    entry = json.loads(out)
    assert err == ""
    assert (entry["code"], entry["name"], entry["severity"]) == ("PM301", "human-error", "error")
    assert entry["doc"].startswith("PM301 human-error (error, blameless phrasing)\n")


def test_explain_json_lists_a_rules_options(capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.rules import registry

    rule = next(r for r in registry() if r.options)
    assert main(["explain", "--format", "json", rule.code]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["options"] == {key: option.default for key, option in rule.options.items()}


def test_explain_text_is_the_page_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--format", "text", "PM301"]) == 0
    assert capsys.readouterr().out.startswith("PM301 human-error (error, blameless phrasing)\n\n")


def test_explain_with_an_unknown_format_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--format", "yaml", "PM301"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pmkit explain: error: argument --format: invalid choice: 'yaml' (choose from 'text', 'json')")


def test_pmkit_jobs_holding_a_byte_that_is_not_utf8_names_the_byte(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Python's '\\udcff' was shown; every other message names the byte as '\\xff'."""
    monkeypatch.setenv("PMKIT_JOBS", "\udcff3")
    assert main(["check", "--select", "PM0", str(EXAMPLES / "postmortems")]) == 2
    assert capsys.readouterr().err == (
        "pmkit: configuration error: PMKIT_JOBS='\\xff3': the number of worker processes must be a "
        "whole number of 1 or more; unset it for the default\n")


# --- baselines ----------------------------------------------------------------------------------

BAD_PM = ("pmkit: 1\nid: x\ntitle: t\nstatus: done\nlang: en\nseverity: SEV9\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "old.yaml").write_text(BAD_PM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--select", "PM013", *args, "postmortems"])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("written", ["./postmortems/old.yaml", "postmortems//old.yaml",
                                     "postmortems/../postmortems/old.yaml", "{root}/postmortems/old.yaml"])
def test_a_baseline_entry_naming_its_file_another_way_still_matches(
        written: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An entry edited by hand to './postmortems/old.yaml' (or an absolute path) matched no
    finding, and was not counted as stale either: the findings came back without a word."""
    assert _check(capsys, "--write-baseline", "base.json")[0] == 0
    data = json.loads((repo / "base.json").read_text(encoding="utf-8"))
    for row in data["findings"]:
        row["path"] = written.format(root=repo)
    (repo / "base.json").write_text(json.dumps(data), encoding="utf-8")
    assert _check(capsys, "--baseline", "base.json") == (
        0, "", "pmkit: 2 known findings left out (baseline base.json)\n")


def test_a_baseline_entry_holding_a_nul_or_naming_a_loop_matches_nothing(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "loop").symlink_to("loop")
    assert _check(capsys, "--write-baseline", "base.json")[0] == 0
    data = json.loads((repo / "base.json").read_text(encoding="utf-8"))
    data["findings"][0]["path"] = "post\0mortems/old.yaml"
    data["findings"][1]["path"] = "loop/old.yaml"
    (repo / "base.json").write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _check(capsys, "--baseline", "base.json")
    assert (code, err) == (1, "")
    assert out.count("PM013") == 2


@pytest.mark.parametrize(("content", "why"), [
    (b"", "the file is empty; write one with --write-baseline FILE"),
    (b"\n  \n", "the file is empty; write one with --write-baseline FILE"),
    (b'{"version": 1,}', "it is not JSON (Expecting property name enclosed in double quotes at line 1, "
                         "column 15); write one with --write-baseline FILE"),
    (b'\xff{"version": 1}', "it is not UTF-8 text (byte 0xff at offset 0, which is 'ÿ' in Windows-1252); "
                           "pmkit writes baselines in UTF-8"),
])
def test_a_baseline_that_is_empty_or_no_json_says_so(content: bytes, why: str, repo: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """An empty baseline said "Expecting value: line 1 column 1 (char 0)"."""
    (repo / "base.json").write_bytes(content)
    assert _check(capsys, "--baseline", "base.json") == (
        2, "", f"pmkit: configuration error: base.json: cannot read the baseline: {why}\n")


# --- the Python API -------------------------------------------------------------------------------


def test_check_refuses_an_open_file_instead_of_reading_its_lines_as_names(tmp_path: Path) -> None:
    """An open file is iterable: each of its lines was checked as a file name, and the report
    listed the lines as the files it had checked."""
    import pmkit

    pm = tmp_path / "pm.yaml"
    pm.write_text(BAD_PM, encoding="utf-8")
    with open(pm, encoding="utf-8") as stream, pytest.raises(TypeError) as caught:
        pmkit.check(stream)
    assert str(caught.value) == (f"paths must be file or folder names, not an open file (pass its name, "
                                 f"{str(pm)!r})")
    with open(pm, encoding="utf-8") as stream, pytest.raises(TypeError, match="not an open file"):
        pmkit.Checker().check_paths(stream)


def test_check_of_a_model_says_validate_checks_one(tmp_path: Path) -> None:
    import pmkit

    model = pmkit.loads(BAD_PM.replace("SEV9", "SEV3").replace("status: done", "status: draft"))
    with pytest.raises(TypeError) as caught:
        pmkit.check(model)  # type: ignore[arg-type]
    assert str(caught.value) == ("paths must be file or folder names, not a Postmortem: pmkit.validate(pm) "
                                 "checks a model")


@pytest.mark.parametrize(("paths", "message"), [
    (3, "paths must be a file or folder name (str, bytes or os.PathLike) or a list of them, not int"),
    (["a.yaml", None], "paths[1] must be a file or folder name (str, bytes or os.PathLike), not NoneType"),
    ([["a.yaml"]], "paths[0] must be a file or folder name (str, bytes or os.PathLike), not list"),
])
def test_check_names_the_path_of_the_wrong_type(paths: object, message: str) -> None:
    import pmkit

    with pytest.raises(TypeError) as caught:
        pmkit.check(paths)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_load_of_an_open_file_says_what_reads_one(tmp_path: Path) -> None:
    import pmkit

    pm = tmp_path / "pm.yaml"
    pm.write_text(BAD_PM, encoding="utf-8")
    with open(pm, encoding="utf-8") as stream, pytest.raises(TypeError) as caught:
        pmkit.load(stream)  # type: ignore[arg-type]
    assert str(caught.value) == ("path must be a file name (str, bytes or os.PathLike), not TextIOWrapper "
                                 "(pmkit.loads(file.read()) reads an open file's text)")


# --- pmkit render --output ------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["other.yaml", "other.YML", "other.md"])
def test_render_never_writes_its_page_over_another_postmortem(target: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The page replaced a neighbouring postmortem named by mistake, without a word."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    other = ("---\n" + BAD_PM + "---\n\n## Summary\n\nText.\n" if target.endswith(".md")
             else BAD_PM)
    (tmp_path / target).write_text(other, encoding="utf-8")
    assert main(["render", "pm.yaml", "--output", target]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: --output {target} is a postmortem; writing the page "
                                       "there would replace it. Choose another file (pages end in .md or "
                                       ".html).\n")
    assert (tmp_path / target).read_text(encoding="utf-8") == other


@pytest.mark.parametrize("target", ["page.yaml", "site/page.YML"])
def test_render_writes_no_page_under_a_postmortems_name(target: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A page written to page.yaml (a slip for page.md) was written without a word, and the
    next check of the folder read it as a postmortem whose YAML does not parse."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["render", "pm.yaml", "--output", target]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: --output {target} is a postmortem's name (.yaml, "
                                       ".yml), which 'pmkit check' reads as one; give the page's file name "
                                       "(page.html, page.md)\n")
    assert not (tmp_path / target).exists() and not (tmp_path / "site").exists()
    assert main(["render", "pm.yaml", "--format", "html", "--output", "page.yml"]) == 2
    assert "--output page.yml is a postmortem's name" in capsys.readouterr().err


def test_check_writes_no_report_under_a_postmortems_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The same slip with a check's report (-o report.yaml): refused before anything is
    checked, as render refuses it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", "pm.yaml", "--format", "json", "--output", "report.yaml"]) == 2
    assert capsys.readouterr() == ("", "pmkit: --output report.yaml is a postmortem's name (.yaml, .yml), "
                                       "which 'pmkit check' reads as one; give the report's file name "
                                       "(pmkit.sarif, pmkit.json, pmkit.txt)\n")
    assert not (tmp_path / "report.yaml").exists()


def test_render_replaces_a_page_it_wrote_before_not_other_markdown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    other = "---\ntitle: Outage\n---\n\nOld page.\n"
    (tmp_path / "site.md").write_text(other, encoding="utf-8")
    for _ in range(2):
        assert main(["render", "pm.yaml", "--output", "page.md"]) == 0
    assert main(["render", "pm.yaml", "--output", "site.md"]) == 2
    assert capsys.readouterr() == ("", "Wrote page.md\nWrote page.md\npmkit render: --output site.md is a "
                                       "file that is not a page pmkit rendered; writing the page there would "
                                       "replace it, and pmkit overwrites no other file. Remove it first, or "
                                       "choose another file (pages end in .md or .html).\n")
    assert (tmp_path / "site.md").read_text(encoding="utf-8") == other


# --- file names that look like something else ----------------------------------------------------


@pytest.mark.parametrize("verb", ["check", "stats", "due", "actions", "render"])
def test_a_dash_for_standard_input_says_pmkit_reads_files(verb: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """"-: no such file or folder" left the user wondering whether '-' had been read at all."""
    monkeypatch.chdir(tmp_path)
    assert main([verb, "-"]) == 2
    prefix = "pmkit render" if verb == "render" else "pmkit"
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{prefix}: -: no such file; pmkit does not read standard input: save the postmortem in a file "
        "and pass its name")


def test_a_file_named_dash_is_checked_as_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text(BAD_PM, encoding="utf-8")
    assert main(["check", "--select", "PM013", "-"]) == 1
    assert capsys.readouterr().out.startswith("-:4:9: PM013 'done' is not a valid status")


def test_a_file_whose_name_starts_with_a_dash_is_said_how_to_pass(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-old.yaml").write_text(BAD_PM, encoding="utf-8")
    assert main(["check", "-old.yaml"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pmkit check: error: unrecognized arguments: -old.yaml (-old.yaml is a file: put file names that "
        "start with '-' after '--', or write ./-old.yaml)")
    assert main(["check", "--select", "PM013", "--", "-old.yaml"]) == 1
    assert main(["check", "--bogus"]) == 2  # no file of that name: the plain message
    assert capsys.readouterr().err.splitlines()[-1] == "pmkit check: error: unrecognized arguments: --bogus"


# --- suppressions that silence nothing ------------------------------------------------------------

_HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
_SUMMARY = "summary: The outage was caused by human error.  "


@pytest.mark.parametrize(("comment", "why"), [
    ("# pmkit: ignore [PM301] known", "has a blank between 'ignore' and '['"),
    ("# pmkit: ignore(PM301) known", "has no codes in brackets after 'ignore'"),
    ("# pmkit: ignore", "has no codes in brackets after 'ignore'"),
    ("# PMKIT: IGNORE[PM301] known", "is not written in lower case"),
    ("# Pmkit: ignore[PM301] known", "is not written in lower case"),
])
def test_a_broken_suppression_says_what_is_wrong_with_it(comment: str, why: str) -> None:
    """Each was "not complete on its line ... write it on one line", though it was on one line;
    one in capitals silenced nothing, and nothing said so."""
    from helpers import run

    diags = run(_HEAD + _SUMMARY + comment + "\n", select=["PM301", "PM9"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM301", 7, 35), ("PM902", 7, 49)]
    assert diags[1].message == (f"this suppression {why}, so it silences nothing: write it as "
                                "'# pmkit: ignore[CODE] reason'")


def test_a_suppression_cut_at_the_line_end_is_still_said_to_be_incomplete() -> None:
    from helpers import run

    diags = run(_HEAD + _SUMMARY + "# pmkit: ignore[PM301,\n", select=["PM301", "PM9"])
    assert diags[1].message == ("this suppression is not complete on its line, so it silences nothing: "
                                "write it on one line as '# pmkit: ignore[CODE] reason'")


def test_capitals_in_an_html_comment_of_a_markdown_body_are_said() -> None:
    from helpers import run

    text = ("---\n" + _HEAD + "---\n\n## Summary\n\nThe outage was caused by human error. "
            "<!-- PMKIT: ignore[PM301] the ticket -->\n\nWrite `<!-- PMKIT: ignore -->` there.\n")
    diags = run(text, path="pm.md", select=["PM301", "PM9"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM301", 12, 26), ("PM902", 12, 39)]
    assert diags[1].message == ("this suppression is not written in lower case, so it silences nothing: "
                                "write it as '<!-- pmkit: ignore[CODE] reason -->'")


def test_a_capitalised_phrase_inside_a_string_is_text() -> None:
    from helpers import run

    assert run(_HEAD + 'summary: "Write # PMKIT: IGNORE to see what happens."\n', select=["PM9"]) == []


def test_due_says_why_it_skips_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"skipped, not a valid postmortem" sent the user to 'pmkit check' to learn what and where;
    'pmkit actions' and 'pmkit stats' say it."""
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert main(["due", "--now", "2026-01-01", str(tmp_path)]) == 0
    assert capsys.readouterr().err == (
        f"pmkit: {tmp_path / 'empty.yaml'}:1:1: PM007 file is empty: no postmortem fields found "
        "(skipped, not a valid postmortem; see 'pmkit check')\n")


# --- pmkit history of something that is no file ---------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_history_of_a_pipe_or_device_is_refused_without_waiting(kind: str, tmp_path: Path) -> None:
    """Reading the working tree's version of a named pipe waited for a writer for ever."""
    import os
    import subprocess
    import sys

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    name = tmp_path / "pm.yaml"
    if kind == "fifo":
        os.mkfifo(name)
    else:
        name.symlink_to("/dev/zero")
    src = Path(__file__).resolve().parent.parent / "src"
    done = subprocess.run([sys.executable, "-m", "pmkit", "history", "pm.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(src)})
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "pmkit: pm.yaml: is not a regular file (a pipe, socket or device); pmkit reads files only\n")


# --- settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "instead"), [
    ("postmortems/*.yaml", "name the folder instead ('postmortems')"),
    ("*.yml", "name the folders instead"),
])
@pytest.mark.parametrize("verb", ["check", "stats", "due", "actions"])
def test_a_pattern_in_paths_is_a_settings_error_not_advice_about_the_shell(
        pattern: str, instead: str, verb: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"leave it unquoted for the shell to expand" was said of a pattern in the settings, which
    no shell sees, followed by "set 'paths' in [tool.pmkit]", where it was set."""
    (repo / ".pmkit.toml").write_text(f'paths = ["{pattern}"]\n', encoding="utf-8")
    assert main([verb]) == 2
    out, err = capsys.readouterr()
    assert (out, unplaced(err)) == ("", (
        f"pmkit: configuration error: {repo / '.pmkit.toml'}: 'paths' holds the pattern '{pattern}', which "
        f"pmkit does not expand; {instead}: pmkit checks the postmortems in a folder and its subfolders\n"))


def test_a_configured_name_that_looks_like_a_pattern_but_exists_is_checked(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pm[1]").mkdir()
    (repo / "pm[1]" / "a.yaml").write_text(BAD_PM, encoding="utf-8")
    (repo / ".pmkit.toml").write_text('paths = ["pm[1]"]\nselect = ["PM013"]\n', encoding="utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.startswith("pm[1]/a.yaml:4:9: PM013 ")


@pytest.mark.parametrize(("settings", "message"), [
    ("[rules]\ngrace_days = 7\n",
     "rules: no rule named 'grace_days'; 'grace_days' is an option of PM714: it goes under "
     "[rules.PM714]"),
    ("[clarity]\nmin_words = 5\n",
     "[clarity]: unknown setting 'min_words' (settings: allow, public, vague_phrases); 'min_words' is an "
     "option of PM501: it goes under [rules.PM501]"),
    ("[rules]\nselect = ['PM1']\n",
     "rules: no rule named 'select'; 'select' is a setting at the top of the file"),
    ("[severity]\nfail-on = 'info'\n",
     "severity: no rule named 'fail-on'; 'fail-on' is a setting at the top of the file"),
])
def test_a_key_in_the_wrong_table_says_where_it_belongs(settings: str, message: str, repo: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """"rules: no rule named 'grace_days'" left the user to find out that it is PM714's option."""
    (repo / ".pmkit.toml").write_text(settings, encoding="utf-8")
    assert main(["check", "postmortems"]) == 2
    assert unplaced(capsys.readouterr().err) == (
        f"pmkit: configuration error: {repo / '.pmkit.toml'}: {message}\n")


def test_check_files_takes_one_name_as_one_file(tmp_path: Path) -> None:
    """A str was read as one-letter names: 18 unreadable "files" for 'postmortems/a.yaml'."""
    import pmkit

    pm = tmp_path / "pm.yaml"
    pm.write_text(BAD_PM, encoding="utf-8")
    checker = pmkit.Checker(pmkit.Config(select=["PM013"]))
    found = checker.check_files(str(pm))  # type: ignore[arg-type]
    assert [(d.code, d.line, d.col) for d in found] == [("PM013", 4, 9), ("PM013", 6, 11)]
    with pytest.raises(TypeError, match=r"^files must be a file or folder name .* not NoneType$"):
        checker.check_files(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [5, None])
def test_check_text_names_the_path_of_the_wrong_type(path: object) -> None:
    import pmkit

    with pytest.raises(TypeError) as caught:
        pmkit.check_text("pmkit: 1\n", path)  # type: ignore[arg-type]
    assert str(caught.value) == f"path must be a str or os.PathLike[str], not {type(path).__name__}"


# --- words other tools take as commands ----------------------------------------------------------


@pytest.mark.parametrize(("word", "option"), [("help", "--help"), ("Help", "--help"),
                                              ("version", "--version")])
def test_help_and_version_as_words_point_to_the_options(word: str, option: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit help' said "help: no such file or folder"."""
    monkeypatch.chdir(tmp_path)
    assert main([word]) == 2
    assert capsys.readouterr() == ("", f"pmkit: '{word}' is not a command (did you mean 'pmkit {option}'?), "
                                       "nor a file or folder to check; 'pmkit --help' lists the commands\n")


def test_a_folder_named_help_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "help").mkdir()
    (tmp_path / "help" / "pm.yaml").write_text(BAD_PM, encoding="utf-8")
    assert main(["help", "--select", "PM013"]) == 1
    assert capsys.readouterr().out.startswith("help/pm.yaml:4:9: PM013 ")


def test_rules_given_a_rule_says_explain_shows_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "PM301"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pmkit rules: error: unrecognized arguments: PM301 ('pmkit explain PM301' shows that rule's page)")


# --- folders that may not be read -------------------------------------------------------------------


def _as_someone_else(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m pmkit ARGV`` as a user without rights to a mode-000 folder: this one, or
    nobody when the tests run as root (who may read every folder)."""
    src = Path(__file__).resolve().parent.parent / "src"
    command = [sys.executable, "-m", "pmkit", *argv]
    env = {**os.environ, "PYTHONPATH": str(src), "HOME": str(cwd)}
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: every folder is readable")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        # The other user must be able to run this Python and its packages (a virtual environment
        # in a folder only its owner may enter cannot be).
        probe = subprocess.run([*command[:4], sys.executable, "-c", "import pmkit.engine"], cwd=cwd,
                               capture_output=True, text=True, timeout=120, env=env)
        if probe.returncode != 0:
            pytest.skip(f"another user cannot run this Python environment: {probe.stderr.strip()[-200:]}")
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def locked() -> Iterator[Path]:
    """A world-readable folder (outside pytest's own, which only its owner may enter) holding a
    folder of mode 000 with a postmortem in it."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="pmkit-locked-"))
    root.chmod(0o755)
    try:
        for folder in root.parents:  # the user the check runs as must reach it
            if folder.stat().st_mode & 0o001 == 0:
                pytest.skip(f"{folder} may not be entered by other users")
        (root / "locked").mkdir()
        (root / "locked" / "pm.yaml").write_text(BAD_PM, encoding="utf-8")
        (root / "locked").chmod(0)
        yield root
    finally:
        if (root / "locked").exists():
            (root / "locked").chmod(0o755)
        shutil.rmtree(root)


def test_a_file_in_a_folder_that_may_not_be_read_is_said_not_an_internal_error(locked: Path) -> None:
    """Looking for a .git beside it raised PermissionError: an internal error."""
    done = _as_someone_else(["check", "locked/pm.yaml"], locked)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "pmkit: locked/pm.yaml: permission denied: the folder locked may not be entered by the user "
        "who runs pmkit; let them (chmod a+x locked), or check the file elsewhere\n")


@pytest.mark.parametrize("verb", ["check", "stats", "due", "actions"])
def test_a_folder_that_may_not_be_read_is_an_error_not_an_empty_folder(verb: str, locked: Path) -> None:
    """It was "no postmortem files in this folder", and the run passed with nothing checked."""
    done = _as_someone_else([verb, "locked"], locked)
    assert (done.returncode, done.stdout, done.stderr.splitlines()[0]) == (
        2, "", "pmkit: locked: cannot read this folder: permission denied; nothing in it was checked "
        "(let the user who runs pmkit read it: chmod a+rx locked)")


def test_a_folder_inside_a_checked_folder_that_may_not_be_read_is_a_finding(locked: Path) -> None:
    """The walk of the checked folder passed over it: exit 0, its postmortems never seen."""
    (locked / "pm.yaml").write_text("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n",
                                    encoding="utf-8")
    done = _as_someone_else(["check", "--select", "PM0", "."], locked)
    assert (done.returncode, done.stdout.splitlines()[:2]) == (1, [
        "locked:1:1: PM004 cannot read this folder: permission denied; the postmortems in it were not "
        "checked (unreadable-file)",
        "    hint: Let the user who runs pmkit read the folder (chmod a+rx), or move it out of the "
        "checked folder."])


@pytest.mark.parametrize(("argv", "said"), [
    (["new", "--title", "x", "--date", "2026-01-02", "--dir", "locked"],
     "pmkit new: cannot write locked/2026-01-02-x.yaml: Permission denied\n"),
    (["new", "--title", "x", "--output", "locked/x.yaml"],
     "pmkit new: cannot write locked/x.yaml: Permission denied\n"),
    (["init", "--root", "locked"], "pmkit init: cannot read locked: permission denied\n"),
])
def test_new_and_init_into_a_folder_that_may_not_be_read(argv: list[str], said: str, locked: Path) -> None:
    """Path.exists and Path.is_dir raised PermissionError there: an internal error."""
    done = _as_someone_else(argv, locked)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", said)


def test_init_beside_a_settings_file_that_may_not_be_read(locked: Path) -> None:
    (locked / "repo").mkdir()
    (locked / "repo").chmod(0o755)
    (locked / "repo" / ".pmkit.toml").write_text('paths = ["pm"]\n', encoding="utf-8")
    (locked / "repo" / ".pmkit.toml").chmod(0)
    done = _as_someone_else(["init", "--root", "repo"], locked)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "pmkit init: cannot read .pmkit.toml: permission denied; pmkit init reads it to set pmkit up "
               "beside what is there\n")


def test_load_of_postmortem_text_says_loads_reads_text(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The LoadError quoted the whole text as the name of a file that could not be read."""
    import pmkit

    with pytest.raises(ValueError) as caught:
        pmkit.load(BAD_PM)
    assert str(caught.value) == ("path holds a line break and names no file: pmkit.loads(text) reads a "
                                 "postmortem given as text")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a\nb.yaml").write_text(BAD_PM.replace("SEV9", "SEV3").replace("done", "draft"),
                                        encoding="utf-8")
    assert pmkit.load("a\nb.yaml").id == "x"  # a file may have such a name


def test_main_takes_paths_and_bytes_as_the_names_they_stand_for(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """main(["check", Path(...)]) was an internal error ("'PosixPath' object is not subscriptable")."""
    pm = tmp_path / "pm.yaml"
    pm.write_text(BAD_PM, encoding="utf-8")
    assert main(["check", "--select", "PM013", pm]) == 1  # type: ignore[list-item]
    assert main(["check", "--select", "PM013", os.fsencode(pm)]) == 1  # type: ignore[list-item]
    out = capsys.readouterr().out
    assert out.count(f"{pm}:4:9: PM013 ") == 2


@pytest.mark.parametrize(("argv", "message"), [
    ("check", "argv must be a list of arguments, not one str: main(['check', 'postmortems'])"),
    (["check", 5], "argv[1] must be a str (or a path), not int"),
    (["explain", None], "argv[1] must be a str (or a path), not NoneType"),
])
def test_main_refuses_arguments_of_another_kind(argv: object, message: str) -> None:
    """One string was read as one-letter arguments ("c: no such file or folder"), and a number
    or None was an internal error."""
    with pytest.raises(TypeError) as caught:
        main(argv)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_configured_folder_that_may_not_be_read_is_said_once(locked: Path) -> None:
    """The advice to set 'paths' or run 'pmkit init' followed, though the folder is there."""
    (locked / ".git").mkdir()
    (locked / ".pmkit.toml").write_text('paths = ["locked"]\n', encoding="utf-8")
    done = _as_someone_else(["check"], locked)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "pmkit: locked: cannot read this folder: permission denied; nothing in it was checked "
        "(let the user who runs pmkit read it: chmod a+rx locked)\n")


@pytest.mark.parametrize(("settings", "message"), [
    ("paths = 5\n", "'paths' must be a list of strings, got 5"),
    ("paths = [5]\n", "'paths' must be a list of strings, got the item 5"),
    ("ignore = ['PM3', 2]\n", "'ignore' must be a list of strings, got the item 2"),
    ("timezone = 5\n", "timezone must be an IANA time zone name such as 'Europe/Zurich' (a string), got 5"),
])
def test_a_setting_of_the_wrong_type_says_what_was_given(settings: str, message: str, repo: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """"timezone '5' is not an IANA time zone" read as if the zone were named "5"."""
    (repo / ".pmkit.toml").write_text(settings, encoding="utf-8")
    assert main(["check", "postmortems"]) == 2
    assert unplaced(capsys.readouterr().err) == (
        f"pmkit: configuration error: {repo / '.pmkit.toml'}: {message}\n")
