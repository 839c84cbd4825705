"""Edge cases of the output formats, Markdown reading, suppressions and the verbs that write."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import EXAMPLES, run, where
from pmkit.cli import main
from pmkit.commands.new import render_draft
from pmkit.diagnostics import Diagnostic, Report
from pmkit.discovery import discover
from pmkit.formats.github import format_github
from pmkit.formats.sarif import sarif_log
from pmkit.formats.text import format_text, visible
from pmkit.loader import parse_text

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
FRONT = "---\n" + HEAD + "---\n"
MD_EXAMPLE = EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md"


# --- text and github: user text cannot break lines or drive the terminal --------------------


def test_control_characters_in_messages_are_escaped_in_text() -> None:
    key = "bad\n::warning file=x::injected\x1b[2J\r"
    diags = run(HEAD + json.dumps(key) + ": 1\n", select=["PM010"])
    # (the key is shown escaped in the message itself, as it is in every format)
    assert [d.code for d in diags] == ["PM010"] and "\n" not in diags[0].message
    out = format_text(Report(diags, files=["pm.yaml"]))
    lines = out.splitlines()
    assert lines[0] == ("pm.yaml:7:1: PM010 unknown key 'bad\\n::warning file=x::injected\\x1b[2J\\r'"
                        " (unknown-key)")
    assert "\x1b" not in out and "\r" not in out
    assert not any(line.lstrip().startswith("::") for line in lines)


def test_github_log_has_no_command_but_the_annotations() -> None:
    diag = Diagnostic("pm\n::error::x.yaml", 1, 1, "PM010", "unknown key 'a\n::notice::b'",
                      name="unknown-key", hint="first\n::warning::second")
    out = format_github(Report([diag], files=[diag.path]))
    commands = [line for line in out.splitlines() if line.lstrip().startswith("::")]
    assert commands == ["::error file=pm%0A%3A%3Aerror%3A%3Ax.yaml,line=1,col=1,title=PM010 unknown-key"
                        "::unknown key 'a\\n::notice::b'%0Afirst\\n::warning::second"]


def test_bidirectional_overrides_in_messages_are_escaped() -> None:
    """An override (U+202E) or isolate in a quoted key reordered the rest of the finding where it
    was shown (terminal, GitHub's log and annotation): 'ok\u202e}gnirts{' read as 'ok{string}'."""
    key = "ok\u202e}gnirts{\u2066x\u2069"
    diags = run(HEAD + json.dumps(key) + ": 1\n", select=["PM010"])
    report = Report(diags, files=["pm.yaml"])
    assert format_text(report, hints=False).splitlines()[0] == (
        "pm.yaml:7:1: PM010 unknown key 'ok\\u202e}gnirts{\\u2066x\\u2069' (unknown-key)")
    [annotation] = [line for line in format_github(report).splitlines() if line.startswith("::error")]
    assert annotation.startswith("::error file=pm.yaml,line=7,col=1,endColumn=32,title=PM010 unknown-key::"
                                 "unknown key 'ok\\u202e}gnirts{\\u2066x\\u2069'%0A")


def test_visible_keeps_ordinary_text() -> None:
    assert visible("tab\there, ümlaut, 😀, 100%") == "tab\there, ümlaut, 😀, 100%"
    assert visible("שלום\u200f, 👩\u200d💻") == "שלום\u200f, 👩\u200d💻"  # marks and joiners stay
    assert visible("a\u2028b\x7fc\x85") == "a\\u2028b\\x7fc\\x85"


# --- SARIF -----------------------------------------------------------------------------------


def test_identical_findings_get_distinct_sarif_fingerprints() -> None:
    diags = run(HEAD + "summary: human error here, and human error there.\n", select=["PM301"])
    assert len(diags) == 2 and diags[0].message == diags[1].message
    results = sarif_log(Report(diags))["runs"][0]["results"]  # type: ignore[index]
    prints = [r["partialFingerprints"]["pmkitFinding/v1"] for r in results]
    assert len(set(prints)) == 2
    # the first keeps the fingerprint it had alone, so existing alerts stay matched
    alone = sarif_log(Report(diags[:1]))["runs"][0]["results"][0]  # type: ignore[index]
    assert alone["partialFingerprints"]["pmkitFinding/v1"] == prints[0]


def test_sarif_fingerprints_survive_a_timeline_entry_inserted_above() -> None:
    def prints(text: str) -> dict[str, str]:
        results = sarif_log(Report(run(text, select=["PM109"])))["runs"][0]["results"]  # type: ignore[index]
        return {r["message"]["text"]: r["partialFingerprints"]["pmkitFinding/v1"] for r in results}

    entry = "  - {{at: 2026-03-02T1{}:00:00Z, event: Restarted the cache.}}\n"
    acted = "  - {at: 2026-03-02T13:00:00Z, actor: on-call engineer, event: Paged the team.}\n"
    before = HEAD + "timeline:\n" + entry.format(2) + acted
    after = HEAD + "timeline:\n" + entry.format(1) + entry.format(2) + acted
    old, new = prints(before), prints(after)
    assert len(old) == 1 and len(new) == 2
    [(message, fingerprint)] = old.items()
    assert new[message] == fingerprint  # timeline[0] became timeline[1]: the same alert


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_with_cr_line_endings_reads_like_lf(tmp_path: Path) -> None:
    text = FRONT + "\n## Summary\n\nThe outage was human error.\n"
    lf = where(run(text, path="pm.md", select=["PM0", "PM301"]))
    assert lf == [("PM301", 12, 16)]
    assert where(run(text.replace("\n", "\r"), path="pm.md", select=["PM0", "PM301"])) == lf
    assert parse_text(text.replace("\n", "\r"), "pm.md", markdown=True).data["summary"] == (
        "The outage was human error.\n")


@pytest.mark.parametrize("start", ["\ufeff---\n", "--- \n", "---\t\r\n", "---\r"])
def test_folders_find_markdown_postmortems_the_loader_reads(tmp_path: Path, start: str) -> None:
    path = tmp_path / "pm.md"
    body = (start + HEAD + "---\n").replace("\n", "\r" if start.endswith("\r") else "\n")
    path.write_bytes(body.encode("utf-8"))
    assert discover([tmp_path]) == [str(path)]
    (tmp_path / "README.md").write_text("# Postmortems\n---\n", encoding="utf-8")
    assert discover([tmp_path]) == [str(path)]


def test_front_matter_after_blank_lines_is_found_and_said(tmp_path: Path) -> None:
    # Passed over before: a folder check of the postmortems said nothing about this file.
    path = tmp_path / "pm.md"
    path.write_text("\n\n" + FRONT + "\n## Summary\n\nThe cause was human error.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Postmortems\n\nOne file per incident.\n", encoding="utf-8")
    assert discover([tmp_path]) == [str(path)]
    [found] = parse_text(path.read_text(encoding="utf-8"), "pm.md", markdown=True).diagnostics
    assert (found.code, found.line, found.col) == ("PM007", 3, 1)
    assert found.message == ("Markdown front matter must open on the first line; its '---' is on line 3, "
                             "after blank lines (renderers then show the fields as text)")


def test_one_file_under_several_names_is_checked_once_under_the_first(tmp_path: Path) -> None:
    pm = tmp_path / "pm"
    pm.mkdir()
    target = pm / "2026-01-01-a.yaml"
    target.write_text(HEAD, encoding="utf-8")
    (pm / "latest.yaml").symlink_to(target.name)
    os.link(target, pm / "hard.yaml")
    # A symlink and a hard link beside the target, and the target named again: one file.
    assert discover([pm]) == [str(target)]
    assert discover([pm / "latest.yaml", pm]) == [str(pm / "latest.yaml")]
    assert discover([pm / "missing.yaml", pm / "missing.yaml"]) == [str(pm / "missing.yaml")]


# --- suppressions ----------------------------------------------------------------------------


def test_yaml_style_comment_in_a_markdown_body_is_text_not_a_suppression() -> None:
    text = FRONT + "\n## Summary\n\nThe outage was human error. # pmkit: ignore[PM301]\n"
    # It is said, as text a reader sees that silences nothing (PM902).
    assert where(run(text, path="pm.md", select=["PM301", "PM9"])) == [("PM301", 12, 16), ("PM902", 12, 29)]


def test_suppression_inside_a_code_fence_is_an_example() -> None:
    text = FRONT + "\n## Summary\n\n```\n<!-- pmkit: ignore[PM301] -->\n```\nThe outage was human error.\n"
    assert where(run(text, path="pm.md", select=["PM301", "PM9"])) == [("PM301", 15, 16)]
    # outside the fence the same comment works
    text = FRONT + "\n## Summary\n\n<!-- pmkit: ignore[PM301] quoting -->\nThe outage was human error.\n"
    assert run(text, path="pm.md", select=["PM301", "PM9"]) == []


def test_empty_suppression_is_reported() -> None:
    diags = run(HEAD + "summary: human error  # pmkit: ignore[]\n", select=["PM301", "PM9"])
    assert where(diags) == [("PM301", 7, 10), ("PM902", 7, 23)]


# --- pmkit new -------------------------------------------------------------------------------


def test_new_owner_with_a_hash_is_kept_verbatim(tmp_path: Path) -> None:
    from datetime import date

    import pmkit

    text = render_draft(title="Cache", day=date(2026, 1, 1), owner="ops  # lead")
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    assert pmkit.load(path).owner == "ops  # lead"
    # the ordinary case is unchanged: comments re-aligned after the value
    plain = render_draft(title="Cache", day=date(2026, 1, 1), owner="payments lead")
    assert "\nowner: payments lead          # " in plain


@pytest.mark.parametrize(("fmt", "name"), [("md", "draft.yaml"), ("yaml", "draft.md"), ("md", "draft.txt")])
def test_new_refuses_a_format_the_file_name_contradicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str
) -> None:
    target = tmp_path / name
    assert main(["new", "--title", "X", "--format", fmt, "--output", str(target)]) == 2
    assert not target.exists()
    assert "does not fit" in capsys.readouterr().err


def test_new_infers_the_format_from_a_yaml_name_over_the_team_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".pmkit.toml").write_text('[templates]\nformat = "md"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--title", "X", "--output", "draft.yaml"]) == 0
    assert main(["check", "--select", "PM0", "draft.yaml"]) == 0


# --- pmkit render ----------------------------------------------------------------------------


def test_render_never_writes_over_its_own_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "pm.md"
    original = MD_EXAMPLE.read_bytes()
    source.write_bytes(original)
    (tmp_path / "link.md").symlink_to(source)
    for output in (source, tmp_path / "link.md", tmp_path / "." / "pm.md"):
        assert main(["render", str(source), "--output", str(output)]) == 2
        assert "is the postmortem itself" in capsys.readouterr().err
    assert source.read_bytes() == original


def test_render_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    page = tmp_path / "site" / "page.md"
    page.parent.mkdir()
    page.write_text("", encoding="utf-8")  # (a file with other text in it is not replaced)
    link = tmp_path / "page.md"
    link.symlink_to(page)
    assert main(["render", str(MD_EXAMPLE), "--output", str(link)]) == 0
    assert link.is_symlink()
    assert page.read_text(encoding="utf-8").startswith("# Slow and failing product pages")
    assert [p.name for p in page.parent.iterdir()] == ["page.md"]  # no temporary file left


# --- pmkit init ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pyproject.toml", ".pre-commit-config.yaml"])
def test_init_reports_a_file_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    content = b'[project]\nname = "caf\xe9"\n' if name.endswith(".toml") else b"repos:\n- repo: \xe9\n"
    (tmp_path / name).write_bytes(content)
    assert main(["init", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    # a settings file is said at the byte, as pmkit check says it
    said = f"{name}:2:12: is not UTF-8 text" if name.endswith(".toml") else f"{name} is not UTF-8 text"
    assert said in err and "Traceback" not in err
    assert (tmp_path / name).read_bytes() == content


def test_init_appends_through_a_symlinked_pyproject(tmp_path: Path) -> None:
    shared = tmp_path / "shared.toml"
    shared.write_text("[project]\nname = \"x\"\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").symlink_to(shared)
    assert main(["init", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "pyproject.toml").is_symlink()
    assert "[tool.pmkit]" in shared.read_text(encoding="utf-8")


# --- baseline --------------------------------------------------------------------------------


@pytest.mark.parametrize("where_to", ["folder", "under-a-file"])
def test_write_baseline_to_an_impossible_place_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where_to: str
) -> None:
    pm = tmp_path / "pm.yaml"
    pm.write_text(HEAD + "summary: human error\n", encoding="utf-8")
    target = tmp_path / "baseline" if where_to == "folder" else pm / "baseline.json"
    if where_to == "folder":
        target.mkdir()
    before = sorted(os.listdir(tmp_path))
    assert main(["check", "--write-baseline", str(target), str(pm)]) == 2
    err = capsys.readouterr().err
    assert "cannot write the baseline" in err and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == before  # no temporary file left behind



def _baselined(tmp_path: Path, *options: str) -> tuple[Path, Path]:
    """A postmortem with one "human error" in its timeline, and a baseline of its findings
    written with ``options``."""
    pm = tmp_path / "pm.yaml"
    pm.write_text(HEAD + "timeline:\n  - at: 2026-01-01T10:00:00Z\n    milestone: impact_started\n"
                  "    actor: deploy\n    event: The deploy started; it was human error.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", *options, "--write-baseline", str(baseline), str(pm)]) == 0
    return pm, baseline


def test_baseline_survives_an_entry_inserted_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pm, baseline = _baselined(tmp_path, "--select", "PM3")
    assert '"field": "timeline[0].event"' in baseline.read_text(encoding="utf-8")
    pm.write_text(pm.read_text(encoding="utf-8").replace(
        "timeline:\n", "timeline:\n  - at: 2026-01-01T09:00:00Z\n    actor: ops\n    event: A change.\n"),
        encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--select", "PM3", "--baseline", str(baseline), str(pm)]) == 0
    assert capsys.readouterr().out == ""
    # a second identical finding is still new
    text = pm.read_text(encoding="utf-8")
    pm.write_text(text.replace("A change.", "It was human error."), encoding="utf-8")
    assert main(["check", "--select", "PM3", "--baseline", str(baseline), str(pm)]) == 1


def test_baseline_entries_of_rules_that_did_not_run_are_not_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pm, baseline = _baselined(tmp_path, "--now", "2026-02-01T00:00:00Z")
    capsys.readouterr()
    assert main(["check", "--now", "2026-02-01T00:00:00Z", "--select", "PM0,PM3",
                 "--baseline", str(baseline), str(pm)]) == 0
    err = capsys.readouterr().err
    assert "1 known finding left out" in err and "no longer match" not in err
    pm.write_text(pm.read_text(encoding="utf-8").replace("it was human error", "a check was missing"),
                  encoding="utf-8")
    assert main(["check", "--now", "2026-02-01T00:00:00Z", "--select", "PM0,PM3",
                 "--baseline", str(baseline), str(pm)]) == 0
    assert "1 baseline entry no longer matches" in capsys.readouterr().err


def test_a_commented_out_section_is_not_a_section() -> None:
    text = (FRONT + "\n## Summary\n\nReal summary.\n\n<!--\n## Impact\n\nold draft text\n-->\n\n"
            "<!-- ## Summary -->\n\n## Background\n\nx\n")
    doc = parse_text(text, "pm.md", markdown=True)
    assert doc.data["summary"] == "Real summary.\n"
    assert "impact" not in doc.data and doc.diagnostics == []


def test_headings_indented_up_to_three_spaces_are_sections() -> None:
    doc = parse_text(FRONT + "\n   ## Summary\n\nReal summary.\n\n    ## Impact\n", "pm.md", markdown=True)
    assert doc.data["summary"] == "Real summary.\n\n    ## Impact\n"  # four spaces: code, not a heading


def test_suppression_text_inside_a_quoted_string_is_not_a_comment() -> None:
    quoted = run(HEAD + 'summary: "human error # pmkit: ignore[PM301]"\n', select=["PM301", "PM9"])
    assert where(quoted) == [("PM301", 7, 11)]
    after = run(HEAD + 'summary: "human error"  # pmkit: ignore[PM301] quoting\n', select=["PM301", "PM9"])
    assert after == []


def test_new_into_a_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    assert main(["new", "--title", "X", "--dir", str(tmp_path / "afile")]) == 2
    err = capsys.readouterr().err
    assert "is not a folder" in err and "already exists" not in err


@pytest.mark.parametrize("folder", ['inc"idents', "a\\tb", "pm ü"])
@pytest.mark.parametrize("with_pyproject", [False, True])
def test_init_writes_any_folder_name_as_valid_toml(tmp_path: Path, folder: str, with_pyproject: bool) -> None:
    import tomllib

    from pmkit.config import load_config

    if with_pyproject:
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert main(["init", "--root", str(tmp_path), "--dir", folder]) == 0
    name = "pyproject.toml" if with_pyproject else ".pmkit.toml"
    data = tomllib.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert data["tool"]["pmkit"]["paths"] == [folder]  # [tool.pmkit] in either file
    assert (tmp_path / folder).is_dir()
    assert load_config(start=tmp_path).paths == [folder]
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    files = hooks["repos"][0]["hooks"][0]["files"]  # the hook checks that folder, as a folder
    assert re.search(files, f"{folder}/a.yaml") and not re.search(files, f"{folder}x/a.yaml")


def test_baseline_of_a_file_name_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    pm = folder / os.fsdecode(b"caf\xe9.yaml")
    pm.write_text(HEAD + "summary: human error\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "--select", "PM3", "--write-baseline", str(baseline), str(folder)]) == 0
    assert "caf\\udce9.yaml" in baseline.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--select", "PM3", "--baseline", str(baseline), str(folder)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("day, said", [("9999-12-31", "outside the years 1900 to 2999"),
                                       ("0001-01-01", "outside the years 1900 to 2999"),
                                       ("2999-12-31", "would be due on 3000-01-30, after the year 2999")])
def test_new_with_a_date_outside_the_checked_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str, said: str
) -> None:
    target = tmp_path / "draft.yaml"
    code = main(["new", "--title", "X", "--date", day, "--output", str(target)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert code == 2 and said in err and not target.exists()


def test_render_does_not_replace_a_read_only_page(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import GOOD_EXAMPLE

    page = tmp_path / "page.md"
    assert main(["render", str(GOOD_EXAMPLE), "-o", str(page)]) == 0  # a page of its own
    kept = page.read_bytes()
    page.chmod(0o444)
    assert main(["render", str(GOOD_EXAMPLE), "-o", str(page)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {page}: the file is read-only" in err
    assert page.read_bytes() == kept


def test_a_file_name_that_is_not_utf8_is_shown_as_its_bytes(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.formats.text import visible

    assert visible(os.fsdecode(b"caf\xe9.yaml")) == "caf\\xe9.yaml"
    assert visible("lone \ud800 surrogate") == "lone \\ud800 surrogate"
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.yaml")).write_text(HEAD + "summary: human error\n", encoding="utf-8")
    assert main(["check", "--select", "PM3", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "caf\\xe9.yaml:" in out
    out.encode("utf-8")  # printable as it is
    assert main(["check", "--select", "PM3", "--format", "github", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "::error file=" in out and "caf\\xe9.yaml,line=" in out  # as in the text report
    out.encode("utf-8")


def test_no_name_or_setting_can_start_a_workflow_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A file named '::error ...', a missing path or a settings key holding a line break: on
    stdout and stderr alike, no line starts with '::' that pmkit did not write."""
    monkeypatch.chdir(tmp_path)
    Path("::error title=Injected::owned.yaml").write_text("pmkit: 1\nid: x\nbogus: 1\n")
    assert main(["check", "--format", "text", "::error title=Injected::owned.yaml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("./::error title=Injected::owned.yaml:1:1: PM011")
    assert main(["check", "--format", "github", "."]) == 1
    out = capsys.readouterr().out
    ours = ("::error file=%3A", "::warning file=%3A", "::notice file=%3A")  # annotations, escaped
    assert [line for line in out.splitlines() if line.startswith("::")] == [
        line for line in out.splitlines() if line.startswith(ours)]
    assert main(["check", "a\n::error title=Pwn::x.yaml"]) == 2
    assert capsys.readouterr().err == "pmkit: a\\n::error title=Pwn::x.yaml: no such file or folder\n"
    Path(".pmkit.toml").write_text('"x\\n::error title=Pwn::from config" = 1\n')
    assert main(["check", "::error title=Injected::owned.yaml"]) == 2
    err = capsys.readouterr().err
    assert 'unknown setting "x\\n::error title=Pwn::from config"' in err and "\n::" not in err
    assert main(["explain", "\x1b[31m##[error]x"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.startswith("::stop-commands::")  # the old syntax, stopped


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_links_loops_and_odd_names_in_ci_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A symlink loop is PM004 in every format (it crashed github, sarif and baselines); a link
    is shown under its own name; a file named '<x>.yaml' is a file, not a pseudo-path."""
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "l2.yaml").symlink_to("l1.yaml")
    (folder / "l1.yaml").symlink_to("l2.yaml")
    (folder / "<x>.yaml").write_text("pmkit: 1\nid: x\n")
    (folder / "link.yaml").symlink_to("nowhere.yaml")
    monkeypatch.chdir(folder)
    assert main(["check", "--format", "github", "."]) == 1
    files = {part.split(",")[0] for part in capsys.readouterr().out.split("file=")[1:]}
    assert files == {"postmortems/<x>.yaml", "postmortems/l1.yaml", "postmortems/l2.yaml",
                     "postmortems/link.yaml"}
    assert main(["check", "--format", "sarif", "."]) == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(capsys.readouterr().out)["runs"][0]["results"]}
    assert uris == {"postmortems/%3Cx%3E.yaml", "postmortems/l1.yaml", "postmortems/l2.yaml",
                    "postmortems/link.yaml"}
    assert main(["check", "--write-baseline", str(tmp_path / "b.json"), "."]) == 0
    assert main(["check", "--baseline", str(tmp_path / "b.json"), "."]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_a_symlink_loop_given_as_a_folder_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("loop").symlink_to("loop")
    Path("pm").mkdir()
    Path(".pmkit.toml").write_text('paths = ["loop", "pm"]\n')
    assert main(["check"]) == 2
    assert main(["new", "--title", "x", "--dir", "loop"]) == 2
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "loop"))
    Path("pm/a.yaml").write_text(HEAD + "bogus: 1\n")
    assert main(["check", "--format", "github", "pm"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "::error file=" in captured.out


def _commands_outside_markers(out: str) -> list[str]:
    """Lines a CI runner would read as workflow commands: outside stop-commands markers, a line
    that starts with "::" (after blanks) or holds the old "##[" syntax."""
    found: list[str] = []
    stop: str | None = None
    for line in out.splitlines():
        if stop is not None:
            stop = None if line == f"::{stop}::" else stop
        elif line.startswith("::stop-commands::"):
            stop = line.removeprefix("::stop-commands::")
        elif line.lstrip().startswith("::") or "##[" in line:
            found.append(line)
    return found


def test_reports_for_people_never_hold_a_workflow_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from history_git import GitRepo

    repo = GitRepo(tmp_path / "repo")
    flawed = (EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml").read_text()
    repo.write("pm/ ::warning::x.yaml", flawed)
    repo.write("pm/b.yaml", flawed.replace("title: ", "title: '##[error]' ", 1))
    repo.commit("::error::injected subject")
    monkeypatch.chdir(repo.root)
    for argv in (["check", "pm"], ["history", "pm/b.yaml"], ["actions", "pm"], ["due", "--all", "pm"],
                 ["stats", "pm"]):
        main(argv)
        captured = capsys.readouterr()
        assert _commands_outside_markers(captured.out + captured.err) == [], argv


def test_a_file_named_like_text_from_memory_is_a_file_in_sarif(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """"<string>" names text checked from memory; a real file of that name gets a valid URI."""
    (tmp_path / "<string>").write_text("pmkit: 1\nid: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "<string>", "--format", "sarif", "--select", "PM0"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"%3Cstring%3E"}


def test_a_folder_walk_passes_over_hidden_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Emacs keeps '.#pm.yaml' (a symlink to nothing) while pm.yaml is open: checking the folder
    then failed with PM004 'cannot read file' on the lock. Hidden files are passed over, as
    hidden folders are; one named on the command line is still checked."""
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "pm.yaml").write_text(HEAD, encoding="utf-8")
    (folder / ".#pm.yaml").symlink_to("someone@host.1234:1700000000")
    (folder / ".draft.yaml").write_text("sumary: x\n", encoding="utf-8")
    assert discover([folder]) == [str(folder / "pm.yaml")]
    assert main(["check", "--select", "PM0", str(folder)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "--select", "PM0", str(folder / ".draft.yaml")]) == 1
    assert "PM010 unknown key 'sumary'" in capsys.readouterr().out


def test_a_character_the_stream_cannot_show_is_told_apart_from_a_byte_of_a_name(tmp_path: Path) -> None:
    """On an ASCII stream 'ü' was written as \\xfc, as a report shows the byte 0xfc of a name that
    is not UTF-8: 'aü.yaml' and 'a<0xfc>.yaml' were both 'a\\xfc.yaml'. Now 'ü' is \\u00fc."""
    import subprocess
    import sys

    import pmkit

    (tmp_path / ".git").mkdir()  # no settings from the folders above
    for name in (b"a\xfc.yaml", "aü.yaml".encode()):
        (tmp_path / os.fsdecode(name)).write_text(HEAD + "summary: human error\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(Path(pmkit.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM301", "--no-hints", "."],
                          cwd=tmp_path, capture_output=True, env=env, check=False, timeout=120)
    assert done.returncode == 1, done.stderr
    assert [line.split(":")[0] for line in done.stdout.decode("ascii").splitlines()[:2]] == [
        "a\\u00fc.yaml", "a\\xfc.yaml"]
