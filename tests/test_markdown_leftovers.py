"""Markdown and YAML postmortems written the way editors, chat tools and hand-typing leave them:
a bold line for a heading, an alias as a key, a tab after a colon. Each gets a finding at the
line that is wrong, which says what to write instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit import libyaml
from pmkit.cli import main
from pmkit.loader import parse_text

MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
_FRONT = "---\n" + MINIMAL + "---\n"  # the body starts on line 9


# --- a bold line or a line ending in a colon for a heading -------------------------------------


@pytest.mark.parametrize(("line", "name"), [
    ("**Summary**", "Summary"), ("Summary:", "Summary"), ("__Summary__", "Summary"),
    ("**Summary:**", "Summary"), ("**Summary**:", "Summary"), ("*Executive summary:*", "Executive summary"),
])
def test_a_section_name_in_bold_or_before_a_colon_says_it_is_read_as_text(line: str, name: str) -> None:
    # It filled no field and nothing said so: the summary went unchecked.
    found = run(_FRONT + f"\n{line}\n\nCheckout failed for 47 minutes.\n", path="pm.md", select=["PM024"])
    assert where(found) == [("PM024", 10, 1)]
    assert found[0].message == (f"'{line}' is read as text, not as a heading, and fills no field: "
                                f"'summary' is read from '## {name}'")
    assert found[0].hint == f"Make it a level-2 heading: write '## {name}' on its own line instead."
    assert (found[0].end_line, found[0].end_col) == (10, len(line) + 1)


def test_a_bold_name_followed_by_its_paragraph_is_reported_at_its_column() -> None:
    found = run(_FRONT + "\n  __Impact__\nSome users could not pay.\n", path="pm.md", select=["PM024"])
    assert where(found) == [("PM024", 10, 3)]
    assert found[0].message.endswith("'impact.description' is read from '## Impact'")


def test_a_bold_lesson_name_under_lessons_says_to_make_it_a_subheading() -> None:
    found = run(_FRONT + "\n## Lessons\n\n**What went well**\n\n- Paging worked.\n", path="pm.md",
                select=["PM024"])
    assert where(found) == [("PM024", 12, 1)]
    assert found[0].message.endswith("'lessons.went_well' is read from '## What went well' or from "
                                     "'### What went well' under '## Lessons'")
    assert found[0].hint == ("Make it a level-3 heading under '## Lessons': write '### What went well' "
                             "on its own line instead.")


def test_a_field_missing_is_reported_once_at_the_first_such_line() -> None:
    text = _FRONT + "\n# Summary\n\nx\n\n**Summary**\n\ny\n\nSummary:\n\nz\n"
    found = run(text, path="pm.md", select=["PM024"])
    assert where(found) == [("PM024", 10, 1)]
    found = run(_FRONT + "\n**Summary**\n\nx\n\nSummary:\n\nz\n", path="pm.md", select=["PM024"])
    assert where(found) == [("PM024", 10, 1)]


@pytest.mark.parametrize("body", [
    "\n## Summary\n\nx\n\n**Summary**\n\nText.\n",  # the field is filled by the heading
    "\n**Summary**\n\nText.\n\n## Summary\n\nx\n",
    "\n```\n**Summary**\n```\n",  # code
    "\n    **Summary**\n",
    "\n> **Summary**\n>\n> x\n",  # a quote
    "\n- **Summary**\n\n  x\n",  # a list
    "\n- a\n**Summary**\n",
    "\n| **Summary** |\n|---|\n| x |\n",  # a table
    "\n**Summary**\n|---|\n",
    "\nSome text\n**Summary**\n",  # the last line of a paragraph
    "\n**Summary**\n---\n\nx\n",  # a setext heading, which fills the field
    "\n[Summary](#summary)\n",  # a link, not a heading
    "\n## Impact\n\nx\n\n**Summary**\n\ny\n",  # part of a section that fills a field
    "\n<!--\n**Summary**\n-->\n",
    "\n\\*\\*Summary\\*\\*\n",
])
def test_a_bold_name_that_is_no_heading_or_whose_field_is_filled_is_left_alone(body: str) -> None:
    assert run(_FRONT + body, path="pm.md", select=["PM024"]) == []


def test_a_bold_name_whose_field_the_front_matter_gives_is_left_alone() -> None:
    text = _FRONT.replace("SEV3\n", "SEV3\nsummary: s\n") + "\n**Summary**\n\nx\n"
    assert run(text, path="pm.md", select=["PM024"]) == []


def test_a_crlf_file_reports_the_same_line_and_columns() -> None:
    text = (_FRONT + "\n**Summary**\n\nText.\n").replace("\n", "\r\n")
    found = run(text, path="pm.md", select=["PM024"])
    assert [(d.line, d.col, d.end_col) for d in found] == [(10, 1, 12)]


# --- a key written as an alias -----------------------------------------------------------------


@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_a_key_written_as_an_alias_is_reported_where_it_is_written(
        parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both parsers give an alias its anchor's node: the duplicate was reported at 1:4, on "&k".
    if parser == "pure":
        monkeypatch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
    found = run("x: &k title\ntitle: t\n*k : dup\n", select=["PM002"])
    assert where(found) == [("PM002", 3, 1)]
    assert found[0].message == "duplicate key 'title' (first defined on line 2); the first value is kept"
    found = run(MINIMAL.replace("title: t", "title: &k t") + "*k : dup\n", select=["PM010"])
    assert where(found) == [("PM010", 7, 1)]
    assert found[0].message == "unknown key 't'"


def test_both_parsers_place_a_key_written_as_an_alias_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &k b\nc:\n  *k : 1\n*k : 2\nd: [*k]\ne: {*k : 3}\n"
    spans = parse_text(text).key_spans
    assert (spans[("c", "b")].line, spans[("c", "b")].col) == (3, 3)
    assert (spans[("e", "b")].line, spans[("e", "b")].col) == (6, 5)
    monkeypatch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
    assert parse_text(text).key_spans == spans


# --- a tab the YAML reader refuses --------------------------------------------------------------


_NOT_READ = "YAML 1.2 allows a tab there, but pmkit's YAML reader, like many others, does not."


@pytest.mark.parametrize(("line", "col", "hint"), [
    ("owner:\tpayments team", 7, f"Replace the tab after 'owner:' with a space: {_NOT_READ}"),
    ("owner: \t\tpayments team", 8, f"Replace the tab after 'owner:' with a space: {_NOT_READ}"),
    ("owner: payments\tteam", 16, f"Replace the tab with spaces, or put the whole value in double quotes: "
                                  f"{_NOT_READ}"),
    ("owner: payments team\t# on call", 21, f"Replace the tab before the comment with a space: {_NOT_READ}"),
    ('owner: "payments team"\t# on call', 23,
     f"Replace the tab before the comment with a space: {_NOT_READ}"),
    ("owner: payments team\t", 21, f"Remove the tab at the end of the line: {_NOT_READ}"),
    ("\towner: payments team", 1, "Indent with spaces: YAML allows no tab in a line's indentation."),
    ("tags:\n-\tdatabase", 2, f"Replace the tab after '-' with a space: {_NOT_READ}"),
])
def test_a_tab_the_parser_refuses_gets_a_hint_for_where_it_stands(line: str, col: int, hint: str) -> None:
    # Every such tab had one hint: "neither to indent nor inside an unquoted value", also for a
    # tab after 'key:' or before a comment, where neither spaces nor quotes were the whole story.
    found = run(MINIMAL + line + "\n", select=["PM001"])
    assert where(found) == [("PM001", 7 + line.count("\n"), col)]
    assert found[0].message == ("YAML syntax error: found character '\\t' that cannot start any token "
                                "(while scanning for the next token)")
    assert found[0].hint == hint


def test_a_tab_in_markdown_front_matter_gets_the_same_hint_at_its_line() -> None:
    found = run(_FRONT.replace("SEV3\n", "SEV3\nowner:\tpayments\n") + "\n## Summary\n\nx\n", path="pm.md",
                select=["PM001"])
    assert where(found) == [("PM001", 8, 7)]
    assert found[0].hint.startswith("Replace the tab after 'owner:' with a space")


# --- a plain Markdown postmortem without front matter ------------------------------------------


def test_a_markdown_postmortem_without_front_matter_says_which_fields_go_above_its_title() -> None:
    found = run("# Checkout outage #\n\n## Summary\n\nCheckout failed for 47 minutes.\n", path="pm.md")
    assert where(found) == [("PM007", 1, 1)]
    assert found[0].message == ("Markdown postmortem has no YAML front matter: the postmortem's fields go "
                                "above '# Checkout outage'")
    assert found[0].hint == ("Add a '---' line, the fields 'pmkit: 1', 'id', 'title' ('Checkout outage'), "
                             "'status', 'lang' and 'severity', and another '---' above the heading; "
                             "'pmkit new --format md' writes a file to copy them from.")
    # Without a title heading the message stays general.
    assert run("## Summary\n\nx\n", path="pm.md")[0].message == "Markdown postmortem has no YAML front matter"


def test_a_folder_check_reports_a_markdown_postmortem_without_front_matter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # It was passed over like a README: the folder passed with nothing said about it.
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "2025-03-28-checkout.md").write_text(
        "# Checkout outage\n\n## Summary\n\nCheckout failed for 47 minutes.\n\n"
        "## Timeline\n\n| time | event |\n", encoding="utf-8")
    # A README with one section name, and one with the sections only in a code block: not postmortems.
    (folder / "README.md").write_text("# Postmortems\n\n## Summary\n\nOne file per incident.\n",
                                      encoding="utf-8")
    (folder / "TEMPLATE.md").write_text("# How to write one\n\n```markdown\n## Summary\n## Impact\n```\n",
                                        encoding="utf-8")
    assert main(["check", "--format", "json", str(folder)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(d["path"], d["code"], d["line"], d["col"]) for d in report["diagnostics"]] == [
        (str(folder / "2025-03-28-checkout.md"), "PM007", 1, 1)]
    assert report["diagnostics"][0]["message"] == ("Markdown postmortem has no YAML front matter: the "
                                                   "postmortem's fields go above '# Checkout outage'")
    assert report["summary"]["files"] == 1


@pytest.mark.parametrize("name", ["pm.yaml", "pm.yml", "pm.md.txt"])
def test_a_markdown_postmortem_in_a_file_read_as_yaml_says_to_name_it_md(name: str) -> None:
    # The hint was to remove the second '---' marker: the body would have been thrown away.
    found = run(_FRONT + "\n## Summary\n\nCheckout failed for 47 minutes.\n", path=name, select=["PM001"])
    assert where(found) == [("PM001", 8, 1)]
    assert found[0].message == ("YAML syntax error: the second '---' line starts a second YAML document: "
                                "this is a Markdown postmortem (front matter and '#' sections) in a file "
                                "read as YAML")
    assert found[0].hint == ("Name the file 'pm.md': pmkit reads the fields between the '---' lines and "
                             "the narrative from the sections of a Markdown file.")


def test_a_second_yaml_document_without_sections_keeps_its_hint() -> None:
    found = run("---\n" + MINIMAL + "---\n" + MINIMAL, select=["PM001"])
    assert found[0].message.startswith("YAML syntax error: a second YAML document starts here")
    assert found[0].hint.startswith("A postmortem file holds one YAML document")
