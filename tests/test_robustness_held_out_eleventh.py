"""Hostile and awkward inputs of the eleventh round, through every verb and the API: each ends
in the finding, position and advice (or the clean exit 2 with a message) a user relies on,
never a traceback, a hang, a written file or a position outside the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def _one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_HEAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


# --- a pyproject.toml that cannot be read -------------------------------------------------------

_WAYS_OUT = ("; pmkit reads its settings from the nearest pyproject.toml with a [tool.pmkit] table and "
             "cannot tell whether this one has it: make it a readable file or remove it, or name the "
             "settings file with --config\n")


@pytest.mark.parametrize(("make", "why"), [
    (lambda path: path.symlink_to(path.parent / "shared" / "pyproject.toml"),
     "a symbolic link to a missing file"),
    (lambda path: path.symlink_to(path), "a symbolic link in a loop (it leads back to itself)"),
    (lambda path: os.mkfifo(path), "is not a regular file (a pipe, socket or device)"),
])
def test_a_pyproject_that_cannot_be_read_is_a_configuration_error_as_a_pmkit_toml_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        make: object, why: str) -> None:
    # A pyproject.toml linked to a share not mounted was passed over in silence: the team's
    # [tool.pmkit] settings were dropped and the run went on with the defaults.
    _one_file(tmp_path, monkeypatch)
    assert callable(make)
    make(tmp_path / "pyproject.toml")
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}: cannot read configuration: {why}"
        + _WAYS_OUT)


def test_a_pyproject_that_cannot_be_read_is_passed_over_with_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _one_file(tmp_path, monkeypatch)
    (tmp_path / "pyproject.toml").symlink_to(tmp_path / "shared" / "pyproject.toml")
    (tmp_path / "pmkit.toml").write_text('select = ["PM101"]\n', encoding="utf-8")
    assert main(["check", "--config", "pmkit.toml", "pm.yaml"]) == 1
    assert "pm.yaml:" in capsys.readouterr().out


# --- the folders of a file a verb writes ---------------------------------------------------------


def test_check_output_into_a_folder_not_made_yet_makes_it_as_write_baseline_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "-o reports/pmkit.sarif" in a fresh CI checkout was refused ("create it first"), while
    # "--write-baseline ci/b.json" made its folder.
    _one_file(tmp_path, monkeypatch)
    assert main(["check", "--format", "sarif", "-o", "reports/ci/pmkit.sarif", "pm.yaml"]) == 1
    assert capsys.readouterr() == ("", "")
    assert '"ruleId": "PM101"' in (tmp_path / "reports" / "ci" / "pmkit.sarif").read_text(encoding="utf-8")
    assert main(["check", "--write-baseline", "ci/b.json", "pm.yaml"]) == 0
    assert (tmp_path / "ci" / "b.json").is_file()


def test_check_output_makes_no_folder_when_the_run_fails_before_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _one_file(tmp_path, monkeypatch)
    (tmp_path / ".pmkit.toml").write_text("fail-on = 'sometimes'\n", encoding="utf-8")
    assert main(["check", "-o", "reports/pmkit.txt", "pm.yaml"]) == 2
    assert "configuration error" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("verb", [["check", "pm.yaml", "-o"], ["check", "pm.yaml", "--write-baseline"],
                                  ["render", "pm.yaml", "-o"],
                                  ["new", "--title", "Disk full", "--date", "2026-11-02", "-o"]])
def test_a_file_to_write_below_a_link_to_a_missing_folder_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: list[str]) -> None:
    # mkdir said "File exists" of a folder that is not there (a share not mounted).
    _one_file(tmp_path, monkeypatch)
    (tmp_path / "reports").symlink_to(tmp_path / "share" / "reports")
    assert main([*verb, "reports/out.md"]) == 2
    err = capsys.readouterr().err
    assert "reports/out.md: reports is a symbolic link to a missing folder" in err
    assert not (tmp_path / "share").exists()


def test_render_output_into_a_folder_not_made_yet_makes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import GOOD_EXAMPLE

    _one_file(tmp_path, monkeypatch)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["render", "pm.yaml", "-o", "site/incidents/page.html"]) == 0
    assert capsys.readouterr().err == "Wrote site/incidents/page.html\n"
    assert (tmp_path / "site" / "incidents" / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")


# --- due --overdue and actions --overdue over files that cannot be read ------------------------


@pytest.mark.parametrize(("verb", "said", "whose"), [
    ("due", "no overdue disclosure clocks in the postmortems read; 2 files skipped as not valid "
            "postmortems, whose clocks are unknown (see 'pmkit check')\n", "clocks"),
    ("actions", "No overdue action items in the postmortems read. 2 files skipped as not valid "
                "postmortems, whose items are unknown (see 'pmkit check').\n", "items"),
])
def test_overdue_over_files_that_all_fail_to_load_does_not_pass_the_gate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: str, said: str, whose: str) -> None:
    # A CI job gating on '--overdue' passed (exit 0) on a folder whose every file was broken.
    _one_file(tmp_path, monkeypatch)
    (tmp_path / "pm.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("title: Disk full\n", encoding="utf-8")
    assert main([verb, "--overdue", "."]) == 2
    out, err = capsys.readouterr()
    assert out == said
    assert err.splitlines()[-1] == (f"pmkit: cannot tell whether any {whose} are overdue: 2 files could "
                                    "not be read as postmortems (named above); fix them ('pmkit check' "
                                    "says how), then run again")
    assert main([verb, "--overdue", "--format", "json", "."]) == 2
    assert main([verb, "."]) == 0  # listing, not gating: what was read is listed


def test_overdue_still_exits_1_when_a_clock_is_overdue_beside_a_broken_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import GOOD_EXAMPLE

    _one_file(tmp_path, monkeypatch)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8").replace(
        "status: done", "status: open", 1), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    assert main(["actions", "--overdue", "--now", "2030-01-01T00:00:00Z", "."]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1].endswith("1 file skipped as not a valid postmortem, whose items are unknown "
                                         "(see 'pmkit check').")


# --- a count that is no whole number --------------------------------------------------------------


@pytest.mark.parametrize(("value", "said", "hint"), [
    ("2.5", "not the number 2.5", "Write how many there were as a whole number: round an estimate, and "
     "write a count in thousands or millions out in full (2.5 million is 2500000)."),
    (".nan", "not the number nan", "Write how many there were as a whole number, e.g. 12000, or leave the "
     "field out while the count is unknown (YAML reads .nan, .inf and numbers past about 1.8e308 as no "
     "finite number)."),
])
def test_a_count_written_as_a_fraction_or_nan_says_how_to_write_it(value: str, said: str, hint: str) -> None:
    # "'users_affected' must be a whole number, not the number 2.5" came with no advice at all.
    from helpers import run

    found = run(_HEAD + f"impact:\n  users_affected: {value}\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM012", 9, 19)]
    assert found[0].message == f"'users_affected' must be a whole number, {said}"
    assert found[0].hint == hint


# --- a key misspelt by a character that does not show ---------------------------------------------


def test_a_byte_order_mark_before_a_key_in_the_middle_of_the_file_is_named_as_such() -> None:
    # Two files joined ('cat head.yaml rest.yaml'), the second saved with a BOM: "required field
    # 'title' is missing" of a file whose line 3 reads 'title: ...' to every eye.
    from helpers import run

    found = run(_HEAD.replace("title:", "\ufefftitle:"), select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM011", 1, 1), ("PM010", 3, 1)]
    assert found[0].message == ("required field 'title' is missing: line 3 has '\\ufefftitle', with a "
                                "character that does not show")
    assert found[0].hint == "Delete the character that does not show from the key on line 3."
    assert found[1].hint == ("The key holds a character that does not show, a zero width no-break space "
                             "(\\ufeff, a byte order mark), left by a paste or where files were joined: "
                             "delete it, to write 'title'.")


def test_a_zero_width_space_in_a_nested_key_is_named() -> None:
    from helpers import run

    found = run(_HEAD + "impact:\n  users_affected\u200b: 5\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM010", 9, 3)]
    assert found[0].hint == ("The key holds a character that does not show, a zero width space (\\u200b), "
                             "left by a paste or where files were joined: delete it, to write "
                             "'users_affected'.")


# --- the command's cache of compiled patterns -----------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_place_of_the_pattern_cache_is_not_waited_on(tmp_path: Path) -> None:
    # The command read its cache file without a look at what it is: a pipe there hung every run.
    import re
    import subprocess
    import sys

    from pmkit import patterncache

    compiler = getattr(re, "_compiler", None)
    if compiler is None:
        pytest.skip("no pattern cache before Python 3.11")
    cache = tmp_path / "cache"
    cache.mkdir()
    os.mkfifo(patterncache.cache_file(cache, compiler._sre))
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_HEAD, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PMKIT_", "XDG_"))}
    environ.update(PMKIT_CACHE_DIR=str(cache), PMKIT_NOW="2026-11-25T00:00:00Z")
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM101", "pm.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, env=environ, timeout=60)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith("pm.yaml:1:1: PM101 the postmortem has no timeline")


# --- links and files that change in a checked folder ----------------------------------------------


def test_links_to_nothing_and_in_a_loop_in_a_checked_folder_say_what_they_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "cannot read file: No such file or directory" of a name that 'ls' lists, and "Too many
    # levels of symbolic links", the system's words.
    _one_file(tmp_path, monkeypatch)
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "gone.yaml").symlink_to(tmp_path / "share" / "gone.yaml")
    (folder / "loop.yaml").symlink_to("loop.yaml")
    assert main(["check", "--select", "PM0", "postmortems"]) == 1
    out = capsys.readouterr().out
    assert (f"postmortems/gone.yaml:1:1: PM004 cannot read file: it is a symbolic link to a missing file "
            f"({tmp_path / 'share' / 'gone.yaml'}) (unreadable-file)\n"
            "    hint: Restore the file it links to, or remove the link.\n") in out
    assert ("postmortems/loop.yaml:1:1: PM004 cannot read file: it is a symbolic link in a loop (it leads "
            "back to itself) (unreadable-file)\n"
            "    hint: Point the link at the postmortem file, or remove it.\n") in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_that_takes_a_files_place_after_the_look_is_not_waited_on(tmp_path: Path) -> None:
    # The loader looked at the file, then opened it to read: a pipe put in its place between
    # the two (a file replaced while a run goes on) hung the run.
    import subprocess
    import sys

    os.mkfifo(tmp_path / "pm.yaml")
    (tmp_path / "other.yaml").write_text(_HEAD, encoding="utf-8")
    script = (
        "import os, pathlib, sys\n"
        "from pmkit.loader import read_document\n"
        "regular = os.stat(sys.argv[2])\n"
        "pathlib.Path.stat = lambda self, **kw: regular\n"  # the look saw a regular file
        "doc = read_document(sys.argv[1])\n"
        "print([(d.code, d.line, d.col, d.message) for d in doc.diagnostics])\n")
    names = [str(tmp_path / "pm.yaml"), str(tmp_path / "other.yaml")]
    done = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True, timeout=60)
    assert done.stdout == ("[('PM004', 1, 1, 'is not a regular file (a pipe, socket or device); pmkit reads "
                           "files only')]\n"), done.stderr


# --- Markdown: a code fence that never closes -------------------------------------------------------

_FRONT = "---\n" + _HEAD + "---\n"
_BODY = """
## Summary

The replica fell behind. Its status:

{fence}
mysql> show replica status;
{closing}
## Lessons

### What went well

- The failover took two minutes.
"""


def test_a_section_after_a_code_fence_that_never_closes_is_named_with_the_fence() -> None:
    # The lessons vanished into the summary's code block: nothing said why they counted as missing.
    from helpers import run

    found = [d for d in run(_FRONT + _BODY.format(fence="```sql", closing=""), path="pm.md")
             if d.code == "PM024"]
    assert [(d.line, d.col, d.end_line, d.end_col) for d in found] == [(20, 1, 20, 19)]
    assert found[0].message == (
        "'### What went well' is inside the code block that '```sql' opens on line 15 and never closes, "
        "so Markdown shows it as code, not as a heading, and it fills no field: 'lessons.went_well' is "
        "read from a heading outside code")
    assert found[0].hint == "Close the code block: add a line '```' after its last line of code."


def test_a_heading_inside_a_closed_code_block_is_an_example_left_alone() -> None:
    from helpers import run

    text = _FRONT + _BODY.format(fence="~~~~", closing="~~~~\n").replace("## Lessons\n", "")
    text = text.replace("### What went well\n\n- The failover took two minutes.\n", "")
    text = text.replace("mysql> show replica status;\n", "## Lessons\n### What went well\n")
    assert [d for d in run(text, path="pm.md") if d.code == "PM024"] == []


@pytest.mark.parametrize(("verb", "said"), [
    (["check", "pm.yaml", "-o"], "pmkit: cannot write the report out.txt: "),
    (["check", "pm.yaml", "--write-baseline"], "pmkit: cannot write the baseline out.txt: "),
    (["render", "pm.yaml", "-o"], "pmkit render: cannot write out.txt: "),
])
def test_a_file_to_write_that_links_into_a_missing_folder_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: list[str], said: str) -> None:
    # "cannot write the report out.txt: No such file or directory", of a name 'ls' lists.
    from helpers import GOOD_EXAMPLE

    _one_file(tmp_path, monkeypatch)
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "share" / "reports" / "out.txt"
    (tmp_path / "out.txt").symlink_to(target)
    assert main([*verb, "out.txt"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{said}it is a symbolic link to {target}, in a folder that does not exist; create that folder, or "
        "remove the link")
    assert not (tmp_path / "share").exists()


# --- any Markdown body --------------------------------------------------------------------------------

_PIECES = ["## Summary", "## Timeline", "## Impact", "## Lessons", "### What went well", "# Summary",
           "## Background", "```", "~~~", "```yaml", "    code", "<div>", "</div>", "<!--", "-->", "<pre>",
           "</pre>", "", "- 2026-10-02T10:00:00Z detected", "| a | b |", "|---|---|", "> quote",
           "**Summary**", "Summary:", "---", "===", "The engineer should have checked.", "human error",
           "[x]: http://a", "\t- tab", "1. item", "  - nested", "##Summary", "<h2>Impact</h2>", "\ufeff",
           "pmkit: 1", "#", "####### h7", "~~~~"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(alphabet=" #`~<>-*_:|\tab", max_size=8)),
                max_size=20), st.sampled_from(["\n", "\r\n"]))
def test_any_markdown_body_gives_findings_inside_the_file(body: list[str], newline: str) -> None:
    # Unclosed fences, comments and HTML blocks, headings of every level and shape: every
    # finding, its end included, lies inside the file, and none is an internal error.
    import re

    from helpers import run

    text = (_FRONT + "\n" + "\n".join(body) + "\n").replace("\n", newline)
    lines = re.split(r"\r\n|\r|\n", text)
    for diag in run(text, path="pm.md"):
        assert diag.code != "PM903", diag
        assert 1 <= diag.line <= len(lines) and 1 <= diag.col <= len(lines[diag.line - 1]) + 1, diag
        if diag.end_line:
            assert diag.end_line <= len(lines) and diag.end_col <= len(lines[diag.end_line - 1]) + 1, diag


# --- '-' where a file is read --------------------------------------------------------------------


@pytest.mark.parametrize("verb", [["check", "pm.yaml", "--baseline", "-"],
                                  ["check", "pm.yaml", "--config", "-"],
                                  ["due", "--config", "-"], ["stats", "--config", "-"]])
def test_a_dash_for_a_file_read_says_standard_input_is_not_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: list[str]) -> None:
    # '--write-baseline -' writes standard output, so '--baseline -' was tried the other way:
    # "-: no such baseline file (create one with --write-baseline)".
    _one_file(tmp_path, monkeypatch)
    assert main(verb) == 2
    option = verb[-2]
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"pmkit {verb[0]}: error: argument {option}: '-' (standard input) is not read: save the file and "
        "give its name")


# --- '-o -' and '--write-baseline -' when standard output fails ------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize(("verb", "said"), [
    (["check", "pm.yaml", "--format", "sarif", "-o", "-"],
     "pmkit: cannot write the report to standard output: No space left on device\n"),
    (["check", "pm.yaml", "--write-baseline", "-"],
     "pmkit: cannot write the baseline to standard output: No space left on device\n"),
])
def test_standard_output_that_cannot_be_written_is_named_as_given(
        tmp_path: Path, verb: list[str], said: str) -> None:
    # "cannot write the report /dev/stdout", a name the user never gave ('-').
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_HEAD, encoding="utf-8")
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run([sys.executable, "-m", "pmkit", *verb], cwd=tmp_path, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (2, said)


def test_a_report_to_a_pipe_whose_reader_left_is_not_an_error_message(tmp_path: Path) -> None:
    # "pmkit: cannot write the report /dev/stdout: Broken pipe" after 'pmkit check -o - | head -1',
    # where the same report printed without -o says nothing.
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    text = _HEAD + "summary: |\n" + "  The engineer should have checked the replica; human error.\n" * 3000
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    command = f"{sys.executable} -m pmkit check --format sarif -o - pm.yaml | head -c 1 >/dev/null"
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.stderr == ""


# --- front matter opened by a rule of four dashes ----------------------------------------------


def test_front_matter_opened_by_four_dashes_is_found_in_a_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "----" over the fields: passed over in a folder check without a word, while named it is
    # told how front matter opens. A README that opens with a rule is still no postmortem.
    _one_file(tmp_path, monkeypatch)
    folder = tmp_path / "postmortems"
    folder.mkdir()
    text = "----\n" + _HEAD + "----\n\n## Summary\n\nThe disk filled up.\n"
    (folder / "a.md").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text("----\n\nHow we write postmortems.\n", encoding="utf-8")
    assert main(["check", "postmortems"]) == 1
    assert capsys.readouterr().out == (
        "postmortems/a.md:1:1: PM007 Markdown postmortem has no YAML front matter (empty-file)\n"
        "    hint: Start the file with a '---' line, the postmortem fields, and another '---'.\n"
        "\nFound 1 error in 1 of 1 file.\n")
