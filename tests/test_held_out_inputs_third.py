"""Hostile and awkward inputs through every verb and the API, a third round: each ends in the
finding, position and advice (or the clean exit 2 with a message) a user relies on, never a
traceback, a written file or a message where the documentation promises none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _pmkit(argv: list[str], cwd: Path, stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmkit", *argv], cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120, check=False)


# --- 'pmkit new -o -' when standard output fails -------------------------------------------------


def test_a_draft_to_a_pipe_whose_reader_left_says_nothing(tmp_path: Path) -> None:
    # "pmkit new: cannot write /dev/stdout: Broken pipe", where 'check -o -' and 'render -o -'
    # say nothing when the reader left (docs/output.md: "said by nothing").
    read, write = os.pipe()
    os.close(read)
    try:
        done = _pmkit(["new", "--now", "2026-03-02", "-o", "-", "Cache outage"], tmp_path, write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (2, "")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_draft_to_a_full_standard_output_is_named_as_given(tmp_path: Path) -> None:
    # "pmkit new: cannot write /dev/stdout: ...", a name the user never gave ('-').
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = _pmkit(["new", "--now", "2026-03-02", "-o", "-", "Cache outage"], tmp_path, full.fileno())
    assert (done.returncode, done.stderr) == (
        2, "pmkit new: cannot write to standard output: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


# --- tables of the reporting verbs -----------------------------------------------------------

_ITEMS = """\
pmkit: 1
id: 2026-03-02-cache
title: Cache outage
status: draft
lang: en
severity: SEV3
action_items:
  - {id: AI1, title: Add a canary stage, owner: "cache\\tteam", due: 2026-04-01, priority: P1}
  - {id: AI2, title: Alert on hit rate, owner: "チーム長", due: 2026-04-02, priority: P2}
"""


def test_a_tab_in_an_owner_keeps_the_columns_of_the_actions_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A terminal widens a tab to its next stop: the tab kept in "cache<TAB>team" pushed the
    # TITLE column of its row out of line with the rest.
    from pmkit.cli import main

    (tmp_path / "pm.yaml").write_text(_ITEMS, encoding="utf-8")
    assert main(["actions", "--now", "2026-03-02", str(tmp_path / "pm.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "WHEN          DUE         PRI  POSTMORTEM        ITEM  OWNER        TITLE",
        "30 days left  2026-04-01  P1   2026-03-02-cache  AI1   cache\\tteam  Add a canary stage",
        "31 days left  2026-04-02  P2   2026-03-02-cache  AI2   チーム長     Alert on hit rate",
    ]


# --- a file name that starts with '-' where one file is required -------------------------------


@pytest.mark.parametrize("verb", ["render", "history"])
def test_a_dashed_file_name_for_a_verb_of_one_file_says_how_to_pass_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: str) -> None:
    # 'pmkit render -old.yaml' said "the following arguments are required: FILE" alone, where
    # 'pmkit check -old.yaml' says how to pass the file.
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "-old.yaml").write_text(_ITEMS, encoding="utf-8")
    assert main([verb, "-old.yaml"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"pmkit {verb}: error: the following arguments are required: FILE (-old.yaml is a file: put file "
        "names that start with '-' after '--', or write ./-old.yaml)")
    assert main([verb]) == 2  # no file at all: the words of argparse, nothing added
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"pmkit {verb}: error: the following arguments are required: FILE")


# --- 'pmkit init' and a pre-commit config it must edit -----------------------------------------


_ENTRY = ("  - repo: https://github.com/pmkit/pmkit\n    rev: v0.1.0\n    hooks:\n      - id: pmkit\n"
          "      - id: pmkit-history-repo\n")


@pytest.mark.parametrize(("written", "newline"), [
    # Saved by a Windows editor, '\ufeffrepos:' was not read as the 'repos:' line: a second
    # 'repos:' was appended, and the edit was refused with the parser's text about a duplicate key.
    ("\ufeffrepos:\r\n  - repo: local\r\n    hooks: []\r\n", "\r\n"),
    # Read as one line, its 'repos:' was not found: a second one was appended, and the edit was
    # refused as a duplicate key.
    ("repos:\r  - repo: local\r    hooks: []\r", "\r"),
], ids=["bom-crlf", "cr-alone"])
def test_init_adds_its_entry_to_a_pre_commit_config_as_its_editor_saved_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        written: str, newline: str) -> None:
    from pmkit.cli import main

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_bytes(written.encode("utf-8"))
    assert main(["init"]) == 0
    assert "added the pmkit hooks to .pre-commit-config.yaml" in capsys.readouterr().out.splitlines()
    assert config.read_bytes() == (written + _ENTRY.replace("\n", newline)).encode("utf-8")


def test_init_says_in_one_line_why_a_pre_commit_config_cannot_be_edited(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # An explicit '? repos' key is not the line the entry is added under; the check of the edit
    # quoted the parser's complaint whole: eleven lines, "<unicode string>" and a web address,
    # then its first line alone, about a duplicate key at a line of init's attempted edit.
    from pmkit.cli import main

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text("? repos\n: []\n", encoding="utf-8")
    assert main(["init"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "pmkit init: cannot edit .pre-commit-config.yaml safely (the 'repos' key at line 1 is written as "
        "'? repos', which init does not edit: it adds to a 'repos:' that begins its line).")
    assert config.read_text(encoding="utf-8") == "? repos\n: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", ".pre-commit-config.yaml"]


# --- 'pmkit explain' with a code typed in full-width characters ----------------------------------


@pytest.mark.parametrize(("written", "said"), [
    ("ＰＭ００１", "Did you mean PM001? It is written with full-width characters."),
    ("ｈｕｍａｎ－ｅｒｒｏｒ", "Did you mean human-error? It is written with full-width characters."),
    ("ＰＭ７１", "It is the start of PM710, PM711, PM712, PM713, PM714, PM715: explain one of them. "
              "It is written with full-width characters."),
])
def test_explain_names_the_rule_a_full_width_code_looks_like(
        capsys: pytest.CaptureFixture[str], written: str, said: str) -> None:
    # "Did you mean PM600, PM020, PM010?" for 'ＰＭ００１', which --select reads as PM001's look-alike.
    from pmkit.cli import main

    assert main(["explain", written]) == 2
    assert capsys.readouterr().err == f"pmkit: no rule '{written}'. {said}\n"


# --- a postmortem written as JSON, its keys in sorted order ------------------------------------

#: JSON is YAML: a postmortem exported with its keys sorted has lists before its "id".
_JSON = ('{"authors": ["incident commander", "on-call engineer"], "id": "2026-03-02-cache", "lang": "en", '
         '"pmkit": 1, "severity": "SEV3", "status": "draft", "title": "Cache outage"}\n')


def test_a_postmortem_written_as_json_with_a_list_before_its_id_is_compared_by_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The comma inside the list was taken for the start of a plain text: PM027 failed with
    # "AttributeError: 'NoneType' object has no attribute 'end'" (PM903, exit 2), for this file
    # and for every other file checked beside it.
    from pmkit.cli import main

    (tmp_path / "a.yaml").write_text(_JSON, encoding="utf-8")
    assert main(["check", "--select", "PM0,PM9", str(tmp_path / "a.yaml")]) == 0
    assert capsys.readouterr().out == ""
    (tmp_path / "b.yaml").write_text(_ITEMS, encoding="utf-8")  # the same id, written as YAML
    assert main(["check", "--select", "PM027,PM9", "--no-hints", "--format", "json", str(tmp_path)]) == 1
    found = [(d["path"], d["line"], d["col"], d["end_col"], d["code"])
             for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert found == [(str(tmp_path / "a.yaml"), 1, 63, 81, "PM027"),
                     (str(tmp_path / "b.yaml"), 2, 5, 21, "PM027")]


def test_an_id_line_in_a_markdown_body_is_no_id_of_the_postmortem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The ids of the other files were read from the first 'id:' line anywhere: a Markdown
    # postmortem quoting a YAML file in its body was taken for a second '2026-03-02-cache'.
    from pmkit.cli import main

    (tmp_path / "a.yaml").write_text(_ITEMS, encoding="utf-8")
    (tmp_path / "notes.md").write_text("---\npmkit: 1\ntitle: Notes\n---\n\n## Summary\n\n```yaml\n"
                                       "id: 2026-03-02-cache\n```\n", encoding="utf-8")
    assert main(["check", "--select", "PM027,PM9", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("key", ['"id"', "'id'"])
def test_an_id_written_with_a_quoted_key_is_compared(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str) -> None:
    from pmkit.cli import main

    (tmp_path / "a.yaml").write_text(_ITEMS, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_ITEMS.replace("\nid:", f"\n{key}:", 1), encoding="utf-8")
    assert main(["check", "--select", "PM027,PM9", "--no-hints", "--format", "json",
                 str(tmp_path / "a.yaml")]) == 0  # (b.yaml is not checked, nor configured)
    capsys.readouterr()
    assert main(["check", "--select", "PM027,PM9", "--no-hints", "--format", "json", str(tmp_path)]) == 1
    found = [(d["path"], d["line"], d["code"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert found == [(str(tmp_path / "a.yaml"), 2, "PM027"), (str(tmp_path / "b.yaml"), 2, "PM027")]


# --- a file to write that is a symbolic link in a loop ------------------------------------------

_LOOP = "is a symbolic link in a loop (it leads back to itself)"


@pytest.mark.parametrize(("verb", "said"), [
    (["render", "pm.yaml", "-o", "page.md"],
     f"pmkit render: --output page.md {_LOOP}; point it at a file, or remove it"),
    (["check", "pm.yaml", "--format", "sarif", "-o", "page.md"],
     f"pmkit: --output page.md {_LOOP}; point it at a file, or remove it"),
    (["check", "pm.yaml", "--write-baseline", "page.md"],
     f"pmkit: cannot write the baseline page.md: it {_LOOP}; point it at a file, or remove it"),
    (["render", "pm.yaml", "-o", "page.md/x.md"],
     f"pmkit render: --output page.md/x.md: page.md {_LOOP}; name a file in a folder"),
])
def test_a_link_in_a_loop_is_not_replaced_by_the_file_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        verb: list[str], said: str) -> None:
    # "Wrote page.md": the page replaced the link, which names no file to write through to (a
    # link is written through, and stays a link), and the folder in the way was "a symbolic
    # link to a missing folder".
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_ITEMS, encoding="utf-8")
    os.symlink("other.md", "page.md")
    os.symlink("page.md", "other.md")
    assert main(verb) == 2
    assert capsys.readouterr().err.splitlines()[-1] == said
    assert (os.readlink("page.md"), os.readlink("other.md")) == ("other.md", "page.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "other.md", "page.md", "pm.yaml"]


# --- a Markdown postmortem whose front matter writes its keys otherwise --------------------------


@pytest.mark.parametrize("front", [
    '{"pmkit": 1, "id": "2026-03-02-cache", "title": "Cache outage", "status": "draft", "lang": "en", '
    '"severity": "SEV3"}',  # JSON, which is YAML
    '"pmkit": 1\nid: 2026-03-02-cache',
    "# exported\n{id: 2026-03-02-cache, pmkit: 1}",
    "  pmkit: 1\n  id: 2026-03-02-cache",  # the whole mapping indented
])
def test_a_page_or_report_does_not_replace_a_postmortem_whose_pmkit_key_is_quoted_or_in_braces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        front: str) -> None:
    # Only 'pmkit:' at the start of a line was taken for the key: "Wrote other.md", and the
    # postmortem was gone.
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_ITEMS, encoding="utf-8")
    text = f"---\n{front}\n---\n\n## Summary\n\nThe cache was down.\n"
    (tmp_path / "other.md").write_text(text, encoding="utf-8")
    assert main(["render", "pm.yaml", "-o", "other.md"]) == 2
    assert capsys.readouterr().err == (
        "pmkit render: --output other.md is a postmortem; writing the page there would replace it. Choose "
        "another file (pages end in .md or .html).\n")
    assert main(["check", "pm.yaml", "--format", "sarif", "-o", "other.md"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: --output other.md is a postmortem; writing the report there would replace it. Choose "
        "another file (pmkit.sarif, pmkit.json, pmkit.txt).\n")
    assert (tmp_path / "other.md").read_text(encoding="utf-8") == text


def test_a_page_with_front_matter_that_only_mentions_pmkit_is_no_postmortem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text(_ITEMS, encoding="utf-8")
    page = "---\ntitle: Running pmkit: a story\n---\n\nOld page.\n"  # front matter, but no key 'pmkit'
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    # Not a postmortem; but no page pmkit rendered either, which pmkit does not replace.
    assert main(["render", "pm.yaml", "-o", "page.md"]) == 2
    assert capsys.readouterr().err == (
        "pmkit render: --output page.md is a file that is not a page pmkit rendered; writing the page there "
        "would replace it, and pmkit overwrites no other file. Remove it first, or choose another file "
        "(pages end in .md or .html).\n")
    assert (tmp_path / "page.md").read_text(encoding="utf-8") == page


def test_a_baseline_that_is_a_link_in_a_loop_is_named_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "cannot read the baseline: Too many levels of symbolic links", where a settings file in a
    # loop is "a symbolic link in a loop (it leads back to itself)".
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text(_ITEMS, encoding="utf-8")
    os.symlink("other.json", "baseline.json")
    os.symlink("baseline.json", "other.json")
    assert main(["check", "pm.yaml", "--baseline", "baseline.json"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: baseline.json: cannot read the baseline: it {_LOOP}\n")


@pytest.mark.parametrize("blank", ["\u00a0", "\u2028", "\x85"])
def test_a_postmortem_in_braces_with_a_blank_of_another_kind_is_read_for_its_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], blank: str) -> None:
    # A no-break space pasted into a title ('Cache<NBSP>outage') ended no run of plain text in the
    # scan for the id: PM027 failed with an AttributeError (PM903, exit 2).
    from pmkit.cli import main

    text = (f"{{title: Cache{blank}outage, id: 2026-03-02-cache, pmkit: 1, status: draft, lang: en, "
            "severity: SEV3}\n")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_ITEMS, encoding="utf-8")
    assert main(["check", "--select", "PM027,PM9", "--no-hints", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"{tmp_path / 'a.yaml'}:1:27: PM027 id '2026-03-02-cache' is also the id of {tmp_path / 'b.yaml'} "
        "(line 2): a postmortem's id names it in links, pages and reports, and must be unique in the "
        "repository (duplicate-postmortem-id)",
        f"{tmp_path / 'b.yaml'}:2:5: PM027 id '2026-03-02-cache' is also the id of {tmp_path / 'a.yaml'} "
        "(line 1): a postmortem's id names it in links, pages and reports, and must be unique in the "
        "repository (duplicate-postmortem-id)",
    ]


def test_init_to_a_pipe_whose_reader_left_makes_every_edit(tmp_path: Path) -> None:
    # 'pmkit init | head -1': the first line's write ended the run, and the pre-commit hook (the
    # point of the set-up) was never added, while 'created postmortems/' had been read.
    (tmp_path / ".git").mkdir()
    read, write = os.pipe()
    os.close(read)
    try:
        done = _pmkit(["init"], tmp_path, write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (2, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".git", ".pmkit.toml", ".pre-commit-config.yaml", "postmortems"]


def test_init_reads_a_pyproject_whose_lines_end_in_cr_alone_as_check_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # 'pmkit check' reads its settings from such a file, while init called it "not valid TOML
    # (Expected newline or end of document after a statement (at line 1, column 10))".
    from pmkit.cli import main

    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(b'[project]\rname = "x"\r')
    assert main(["init"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "created postmortems/", "added [tool.pmkit] to pyproject.toml"]
    assert pyproject.read_bytes() == (
        b'[project]\rname = "x"\r\r[tool.pmkit]\r'
        b"# pmkit: https://github.com/pmkit/pmkit/blob/main/docs/authoring.md\r"
        b'paths = ["postmortems"]\rtimezone = "UTC"\r')
    assert main(["init"]) == 0  # read back as set up
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\rname = "x"\r[tool.pmkti]\rpaths = ["x"]\r')
    assert main(["init"]) == 2  # a misspelt table, at its place counted in those lines
    assert capsys.readouterr().err.startswith("pmkit init: pyproject.toml:3:7: has a [tool.pmkti] table")


@pytest.mark.parametrize(("written", "said"), [
    ("PM3xx", "It is the start of PM301, PM302, PM303, PM304, PM305, PM306, PM307, PM308, PM309, PM310, "
              "PM311: explain one of them."),
    ("pm71x", "It is the start of PM710, PM711, PM712, PM713, PM714, PM715: explain one of them."),
    ("PM301,PM302", "Explain one rule at a time: pmkit explain PM301"),
    ("human-error PM302", "Explain one rule at a time: pmkit explain human-error"),
])
def test_explain_reads_a_family_as_the_documentation_writes_it_and_says_one_rule_at_a_time(
        capsys: pytest.CaptureFixture[str], written: str, said: str) -> None:
    # 'PM3xx', as the README names the family, was "Did you mean PM903, PM713, PM703?"; two codes
    # were "Did you mean PM310, PM303, PM302?".
    from pmkit.cli import main

    assert main(["explain", written]) == 2
    assert capsys.readouterr().err == f"pmkit: no rule '{written}'. {said}\n"
