"""Inputs no earlier round tried, on loading and positions: encodings, line breaks, YAML's
less common forms, Markdown front matter and the output formats. Each ends in the finding,
position or output a user relies on, never a traceback or a wrong place."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLES, good_text, run
from pmkit.cli import main
from pmkit.loader import parse_bytes


def _found(raw: bytes, path: str = "pm.yaml") -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in parse_bytes(raw, path).diagnostics]


@pytest.mark.parametrize(("encoding", "said"), [
    ("utf-16-le", "UTF-16 encoded (little-endian, without a byte order mark)"),
    ("utf-16-be", "UTF-16 encoded (big-endian, without a byte order mark)"),
    ("utf-32-le", "UTF-32 encoded (little-endian, without a byte order mark)"),
    ("utf-32-be", "UTF-32 encoded (big-endian, without a byte order mark)"),
])
def test_a_wide_unicode_file_without_a_byte_order_mark_is_said_so_not_called_binary(
        encoding: str, said: str) -> None:
    # It was "file contains NUL bytes: it looks binary", at line 1, column 2.
    raw = "pmkit: 1\nid: x\ntitle: Café\n".encode(encoding)
    assert _found(raw) == [("PM004", 1, 1, f"file is {said}; pmkit reads UTF-8")]


@pytest.mark.parametrize("raw", [
    b"a\x00\x01\x00\x02\x00",  # control characters once read as UTF-16: binary after all
    b"PNG\x00\x00",
    b"x\x00\x00\x00\x00\x00\x00\x00",  # a NUL character in UTF-32
])
def test_binary_bytes_that_start_like_wide_unicode_are_still_binary(raw: bytes) -> None:
    assert [code for code, *_ in _found(raw)] == ["PM005"]


def test_a_markdown_postmortem_in_utf16_without_a_mark_is_not_passed_over_in_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The folder walk did not see its front matter, and the file was skipped without a word.
    (tmp_path / "pm.md").write_bytes("---\npmkit: 1\n---\n## Summary\n".encode("utf-16-le"))
    (tmp_path / "README.md").write_bytes("# Notes\n".encode("utf-16-le"))  # no front matter: not one
    assert main(["check", "--select", "PM0", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{tmp_path / 'pm.md'}:1:1: PM004 file is UTF-16 encoded (little-endian, "
                          "without a byte order mark); pmkit reads UTF-8")
    assert "README" not in out and "in 1 of 1 file" in out


_FRONT = "---\npmkit: 1\nid: 2023-06-05-x\ntitle: A title\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"


def _markdown(body: str, select: str = "PM018") -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in run(_FRONT + body, path="pm.md", select=[select])]


@pytest.mark.parametrize(("body", "first", "second", "line"), [
    # Both were quoted as '## What went well', a heading that is not in the file.
    ("## Lessons\n\n### What went well\n\n- a\n\n### What went well\n\n- b\n",
     "'### What went well' on line 11", "'### What went well'", 15),
    ("## What went well\n\n- a\n\n## Lessons\n\n### What went well\n\n- b\n",
     "'## What went well' on line 9", "'### What went well'", 15),
    ("Impact\n---\n\nfoo\n\n## Impact\n\nbar\n",
     "'Impact' (underlined with '-') on line 9", "'## Impact'", 14),
    ("## Impact\n\nfoo\n\nImpact\n------\n\nbar\n",
     "'## Impact' on line 9", "'Impact' (underlined with '-')", 13),
])
def test_a_section_given_twice_quotes_both_headings_as_written(
        body: str, first: str, second: str, line: int) -> None:
    field = "lessons.went_well" if "well" in body else "impact.description"
    assert _markdown(body) == [
        ("PM018", line, 1, f"'{field}' is given twice: in {first} and in {second}; the first is used")]


_EVENT = "    event: Internal monitoring alerted on a large number of faults."


@pytest.mark.parametrize("written", [
    r'"Alert fired. The\u3000careless change broke it."',  # an ideographic space as an escape
    r'"Alert fired. The\x20careless change broke it."',
    r'"Alert fired.\u2028careless change broke it."',
    r'"Alert fired. The\u00a0\u00a0careless change broke it."',
    r'"Alert fired. The\vcareless change broke it."',
    '"Alert fired. The \\\n                           careless change broke it."',  # an escaped line break
    '"Alert fired. The \\\n      \u00a0careless change broke it."',
])
def test_a_finding_after_an_escaped_blank_in_double_quotes_points_at_its_words(written: str) -> None:
    # The blank's escape was taken for the next word's character: the finding began at the
    # backslash, columns before the word (or on the line above it).
    text = good_text().replace(_EVENT, f"    event: {written}")
    found = [d for d in run(text, select=["PM303"]) if d.field == "timeline[1].event"]
    assert len(found) == 1
    line = text.split("\n")[found[0].line - 1]
    assert line[found[0].col - 1:found[0].end_col - 1] == "careless"
    assert found[0].end_line == found[0].line


@pytest.mark.parametrize(("written", "line"), [
    # A file indented four spaces a level: the block's text starts in column 13.
    ("|\n            Careless handling of the alert by the team.", 41),
    (">\n                    Careless handling of the alert by the team.", 41),
    # A first line that holds only a no-break space, then the words.
    ("|\n      \u00a0\n                      Careless handling of the alert.", 42),
])
def test_a_finding_at_the_start_of_a_deeply_indented_block_points_at_its_words(
        written: str, line: int) -> None:
    # It pointed at column 1 of the line (or at the no-break space above): the walk from the
    # block's first line looked for the word only 12 characters ahead, into the indentation.
    text = good_text().replace(_EVENT, f"    event: {written}")
    found = [d for d in run(text, select=["PM303"]) if d.field == "timeline[1].event"]
    assert [(d.line, d.end_line) for d in found] == [(line, line)]
    shown = text.split("\n")[line - 1]
    assert shown[found[0].col - 1:found[0].end_col - 1] == "Careless"


@pytest.mark.parametrize(("body", "line", "col"), [
    ("## Summary\n\n\u00a0<!-- note --> Careless handling of the alert.\n", 11, 16),
    ("## Impact\n\n\u00a0\u00a0<!-- note -->Careless handling of the alert.\n", 11, 16),
    ("## Summary\n\n\u2028<!-- a\nb -->\nCareless handling of the alert.\n", 13, 1),
])
def test_a_finding_after_a_unicode_blank_and_a_comment_in_a_section_points_at_its_words(
        body: str, line: int, col: int) -> None:
    # The section's text is stripped of the no-break space and the comment is left out; the
    # walk stepped over ASCII blanks only, and the finding was at column 1, before the comment.
    found = run(_FRONT + body, path="pm.md", select=["PM303"])
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM303", line, col, col + 8)]


@pytest.mark.parametrize(("old", "new", "message"), [
    # Python's names of the values were quoted: 'True', 'None', "['a']", "{'a': 1}".
    ("severity: SEV1", "severity: true", "the boolean true is not a valid severity"),
    ("status: published", "status: ~", "nothing (null) is not a valid status"),
    ("status: published", "status: [published]", "a list is not a valid status"),
    ("lang: en", "lang: {en: 1}", "a mapping is not a valid lang"),
    ("milestone: detected", "milestone: FALSE", "the boolean false is not a valid milestone"),
    ("pmkit: 1", "pmkit: true", "'pmkit' must be the format version 1, not the boolean true"),
    ("pmkit: 1", "pmkit: ~", "'pmkit' must be the format version 1, not nothing (null)"),
    ("pmkit: 1", "pmkit: {version: 1}", "'pmkit' must be the format version 1, not a mapping"),
    ("pmkit: 1", "pmkit: 2", "format version 2 is not supported; this pmkit reads version 1"),
])
def test_a_choice_written_as_no_text_is_named_as_yaml_writes_it(old: str, new: str, message: str) -> None:
    found = run(good_text().replace(old, new, 1), select=["PM013", "PM017"])
    assert [d.message for d in found] == [message]


@pytest.mark.parametrize("heading", [
    "## Summary {#summary}",  # kramdown (Jekyll), Hugo, Pandoc: the heading's id
    "## Summary { #summary .lead }",
    "## Summary {: #summary}",
    '## <a name="summary"></a>Summary',  # an anchor for links, shown as nothing
    "## <span id='summary'>Summary</span>",
])
def test_a_section_heading_with_an_id_or_an_anchor_is_still_the_section(heading: str) -> None:
    # The summary was not read: "published postmortem has no summary" (PM508) on a page whose
    # summary is there under its heading.
    text = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    assert "\n## Summary\n" in text
    found = run(text.replace("\n## Summary\n", f"\n{heading}\n", 1), path="pm.md")
    assert found == []


@pytest.mark.parametrize("title", ["Summary" + " " * 20_000 + "{x}", "Summary {#x" + " " * 20_000 + "y}",
                                   "<a " * 100_000 + "Summary"])
def test_a_long_heading_is_read_in_linear_time(title: str) -> None:
    from pmkit.markdown import normalise

    assert normalise(title) != "summary"  # (and in well under a second, not minutes)


def test_braces_that_are_no_attribute_list_stay_in_the_heading() -> None:
    from pmkit.markdown import normalise

    assert [normalise(t) for t in ("Summary {}", "Summary {draft}", "Summary{#a}", "C {#a} notes")] == [
        "summary {}", "summary {draft}", "summary{#a}", "c {#a} notes"]


def test_an_alias_bomb_is_not_given_a_count_that_was_never_made() -> None:
    # Counting stops past the limit: 30 levels of doubling merges (2**30 values) were said to
    # be "262,111 values after expanding aliases".
    lines = ["pmkit: 1", "a0: &a0 {x: 1}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], y{i}: 1}}" for i in range(1, 30)]
    found = _found("\n".join(lines).encode() + b"\n")
    assert found == [("PM008", 1, 1, "document is too large to check: more than 200,000 values after "
                                     "expanding aliases (an alias bomb?)")]


@pytest.mark.parametrize("crlf", [False, True])
def test_a_yaml_postmortem_in_a_markdown_file_is_said_to_be_one(crlf: bool) -> None:
    # Its first comment ("# yaml-language-server: ...") was taken for a heading: "the
    # postmortem's fields go above '# yaml-language-server: $schema=...'", fields that were there.
    text = good_text().replace("\n", "\r\n") if crlf else good_text()
    assert text.startswith("# yaml-language-server")
    found = run(text, path="notes/2018-10-21.md")
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [(
        "PM007", 1, 1, "this is a YAML postmortem (its fields without '---' lines around them) in a file "
        "read as Markdown", "Name the file '2018-10-21.yaml', or make the fields the front matter: a '---' "
        "line above them and another below them.")]


@pytest.mark.parametrize("text", ["# Title\n\npmkit: 1 is the version we run\n",
                                  "Summary: it broke\n\n## Impact\n\nid: none\n"])
def test_markdown_that_merely_starts_like_a_field_is_still_markdown(text: str) -> None:
    [found] = run(text, path="pm.md")
    assert found.message.startswith("Markdown postmortem has no YAML front matter")


def test_sarif_of_text_checked_under_a_name_with_a_nul_in_a_folder_is_written() -> None:
    # A report may name any path (a program builds its own); SARIF failed with "embedded null
    # byte". (pmkit.check_text and a Checker's check_text refuse a name with a NUL, as
    # pmkit.check does: the findings are given that name here.)
    import json
    from dataclasses import replace

    import pmkit
    from pmkit.diagnostics import Report
    from pmkit.formats import get_formatter

    name = "drafts\x00/pm.yaml"
    found = [replace(d, path=name) for d in pmkit.Checker().check_text("pmkit: 1\n", "drafts/pm.yaml")]
    report = Report(diagnostics=found, files=[name])
    log = json.loads(get_formatter("sarif", root=Path("/nonexistent"))(report))
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert len(uris) == 1 and uris.pop().endswith("/drafts%00/pm.yaml")


def test_a_github_annotation_ends_on_the_last_line_its_finding_covers() -> None:
    # A finding ends before its end position; one that ends at column 1 has nothing on that
    # line: the whole-file finding of a two-line file ended at "endLine=3", past the file. (It
    # now ends at the end of the file's last line itself.)
    from pmkit.formats.github import format_annotation

    found = run("pmkit: 1\nid: x\n", select=["PM011"])
    assert (found[0].line, found[0].end_line, found[0].end_col) == (1, 2, 6)
    assert format_annotation(found[0]).startswith("::error file=pm.yaml,line=1,endLine=2,title=PM011")
    block = run(good_text().replace("title: Degraded service after a network partition split the MySQL "
                                    "topology", "title: |"), select=["PM013"])
    assert [(d.line, d.col, d.end_line, d.end_col) for d in block] == [(4, 8, 5, 1)]
    assert format_annotation(block[0]).startswith("::error file=pm.yaml,line=4,col=8,title=PM013")


@pytest.mark.parametrize(("path", "name"), [
    ("pm.mdx", "pm.md"),  # was 'pm.mdx.md'
    ("pm.markdown.yaml", "pm.md"),  # was 'pm.markdown.md'
    ("drafts/.yaml", "postmortem.md"),  # was '.yaml.md', a hidden file
    ("pm.MD.yml", "pm.md"),
])
def test_a_markdown_postmortem_read_as_yaml_is_given_a_markdown_name(path: str, name: str) -> None:
    text = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    [found] = run(text, path=path, select=["PM0"])
    assert found.code == "PM001" and found.hint.startswith(f"Name the file '{name}': ")


_COLON = ("the colon after '{key}' is '\uff1a' (U+FF1A, a full-width colon), which YAML does not read "
          "as one")


def test_a_key_written_with_a_full_width_colon_is_said_so_at_the_colon() -> None:
    # It was "could not find expected ':'" at column 1, with a hint to add ': ' after the key.
    found = run(good_text().replace("title: Degraded", "title\uff1a Degraded", 1), select=["PM0"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM001", 4, 6, "YAML syntax error: " + _COLON.format(key="title"))]
    assert found[0].hint.startswith("Write the ASCII colon ':' after each key ('title: ...')")
    md = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    found = run(md.replace("severity: SEV3", "severity\uff1a SEV3", 1), path="pm.md", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM001", 7, 9)]


def test_fields_all_written_with_full_width_colons_are_said_so() -> None:
    # The whole file is one text to YAML: "found a string" said nothing of why.
    found = run("# draft\n\npmkit\uff1a 1\nid\uff1a x\ntitle\uff1a t\n", select=["PM0"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM003", 3, 1, "top level of a postmortem must be a mapping of fields, found a string: "
         + _COLON.format(key="pmkit"))]


@pytest.mark.parametrize("line", ["b" + " " * 50_000 + "c", "b" + " " * 50_000, "b " * 25_000 + "\uff1a x"])
def test_a_long_line_that_is_no_key_is_read_in_linear_time(line: str) -> None:
    # (a pattern for the key before a full-width colon backtracked over the blanks: 45 s)
    assert [code for code, *_ in _found(f"a: 1\n{line}\n".encode())] == ["PM001"]


@pytest.mark.parametrize(("old", "new", "line", "col", "said"), [
    # "could not find expected ':'" at column 1, with a hint to add the ': ' the line seems to have
    ("title: Degraded", "title:\u00a0Degraded", 4, 7, "the blank after 'title:' is U+00A0 (no-break space)"),
    ("title: Degraded", "title:\u3000Degraded", 4, 7,
     "the blank after 'title:' is U+3000 (ideographic space)"),
    # "mapping values are not allowed here" on the line below, with a hint about ': ' in a value
    ("  data_loss: false", "\u00a0 data_loss: false", 23, 1,
     "the blank in the indentation is U+00A0 (no-break space)"),
])
def test_a_pasted_no_break_space_after_a_colon_or_in_the_indentation_is_said_so(
        old: str, new: str, line: int, col: int, said: str) -> None:
    found = run(good_text().replace(old, new, 1), select=["PM0"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM001", line, col, f"YAML syntax error: {said}, which YAML does not read as a space")]
    assert found[0].hint.startswith("Replace it with a plain space")


def test_a_no_break_space_a_text_keeps_is_not_blamed_for_another_error() -> None:
    [found] = run("summary: |\n  \u00a0text here\nevent: Error: x\n", select=["PM001"])
    assert (found.line, found.message) == (3, "YAML syntax error: mapping values are not allowed here")


def test_the_walk_past_a_blocks_indentation_stops_at_the_end_of_the_text() -> None:
    # A value's no-break space that the text lacks, with only spaces left before the text's end:
    # stepping over them reached the end, and the next look at the text was past it.
    from pmkit.loader import Span
    from pmkit.textmap import _walk

    assert list(_walk("k: ab   ", False, None, Span(1, 4, 1, 9), "ab\u3000x")) == [3, 4, 7, 7]
