"""Inputs of the seventh round on loading, positions, the report verbs and the output formats.
Each ends in the finding, position, output or exit code a user relies on, never a traceback or a
file passed over without a word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE, GOOD_EXAMPLE, unplaced
from pmkit.cli import main

# --- stats and actions read the same files ------------------------------------------------


def _repository(folder: Path) -> Path:
    """A folder of two postmortems: one with an unknown key (an error that leaves its timeline
    whole), one with an action item's due date that is no date and a timeline entry without
    its time."""
    flawed = FLAWED_EXAMPLE.read_text(encoding="utf-8")
    assert "\nroot_cause:" in flawed
    (folder / "unknown-key.yaml").write_text(flawed, encoding="utf-8")
    good = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert "  - at: 2018-10-21T22:54:00Z\n" in good
    broken = good.replace("  - at: 2018-10-21T22:54:00Z\n", "  - at: soon\n", 1)
    (folder / "bad-time.yaml").write_text(broken, encoding="utf-8")
    return folder


def test_stats_measures_a_file_whose_error_leaves_the_timeline_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The unknown key 'root_cause' made stats skip the file, while 'pmkit actions' listed its
    # action items: the two verbs disagreed on which postmortems there are.
    folder = _repository(tmp_path)
    assert main(["stats", "--format", "json", str(folder)]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [p["id"] for p in data["postmortems"]] == ["2025-02-14-login-outage"]
    assert data["postmortems"][0]["time_to_detect"] is not None
    assert [(Path(s["path"]).name, s["reason"].split(" ")[:2]) for s in data["skipped"]] == [
        ("bad-time.yaml", ["37:9:", "PM015"])]
    assert err.splitlines() == [
        f"pmkit: skipped {folder / 'bad-time.yaml'}: {data['skipped'][0]['reason']}",
        f"pmkit: {folder / 'unknown-key.yaml'}:38:1: PM010 unknown key 'root_cause' (did you mean "
        "'contributing_factors'?) (measured anyway: "
        "the error does not touch the timeline; see 'pmkit check')",
    ]
    # 'pmkit actions' lists the items of the file stats measured, with the same kind of note.
    assert main(["actions", "--format", "json", str(folder)]) == 0
    listed = {item["postmortem"] for item in json.loads(capsys.readouterr().out)["items"]}
    assert "2025-02-14-login-outage" in listed


def test_actions_json_names_the_files_whose_items_are_not_listed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Its JSON had no word of a file that does not load: a program reading it took the list for
    # all there is, while 'pmkit stats --format json' gives "skipped".
    (tmp_path / "broken.yaml").write_text("pmkit: 1\nid: [x\n", encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(FLAWED_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["actions", "--format", "json", "--now", "2025-03-01T00:00:00Z", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["count"] == 2
    assert [(Path(s["path"]).name, s["reason"].split(":")[:3]) for s in data["skipped"]] == [
        ("broken.yaml", ["2", "5", " PM001 YAML syntax error"])]
    assert f"pmkit: {tmp_path / 'broken.yaml'}:{data['skipped'][0]['reason']} (skipped)" in err.splitlines()


# --- a file saved in Windows-1252 ------------------------------------------------------------


@pytest.mark.parametrize(("written", "byte", "character", "col"), [
    ("Internal monitoring alerted \u201con\u201d faults.", "0x93", "\u201c", 40),  # Word's curly quotes
    ("Internal monitoring alerted \u2013 faults.", "0x96", "\u2013", 40),  # an en dash
    ("Interne \u00dcberwachung meldete Fehler.", "0xdc", "\u00dc", 20),
])
def test_a_windows_1252_character_is_named_with_how_to_convert_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, byte: str, character: str,
        col: int) -> None:
    # It was only "byte 0x93 at offset 1717", with no word of what the byte was or how to fix
    # the file beyond "Save the file as UTF-8."
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    event = "Internal monitoring alerted on a large number of faults."
    assert event in text
    path = tmp_path / "pm.yaml"
    raw = text.replace(event, written).encode("cp1252")
    path.write_bytes(raw)
    assert main(["check", "--select", "PM0", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    offset = raw.index(bytes([int(byte, 16)]))
    assert out[0] == (f"{path}:40:{col}: PM004 file is not valid UTF-8: byte {byte} at offset {offset}, "
                      f"which is '{character}' in Windows-1252 (unreadable-file)")
    assert out[1].startswith("    hint: Save the file as UTF-8. It (or a part pasted into it) is in a "
                             "Windows or Latin-1 encoding")
    assert out[1].endswith("convert it with 'iconv -f windows-1252 -t utf-8'.")


def test_a_byte_with_no_character_in_windows_1252_gets_no_guess(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.yaml"
    path.write_bytes(b"pmkit: 1\nid: x\x81y\n")
    assert main(["check", "--select", "PM0", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [f"{path}:2:6: PM004 file is not valid UTF-8: byte 0x81 at offset 14 (unreadable-file)",
                       "    hint: Save the file as UTF-8."]


# --- Markdown: code indented with blanks and a tab --------------------------------------------

_MARKDOWN = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("indent", ["  \t", " \t", "   \t"])
def test_a_code_block_indented_with_blanks_and_a_tab_is_code_not_prose(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], indent: str) -> None:
    # A tab after one to three spaces reaches column 5, as a tab alone does: an indented code
    # block (a log line pasted as it was). Its words were reported as the author's, while a tab
    # or four spaces alone were code.
    assert "## Summary\n" in _MARKDOWN
    text = _MARKDOWN.replace("## Summary\n", "## Summary\n\nThe worker logged:\n\n"
                             f"{indent}A careless shutdown of worker 7 lost jobs.\n\n", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM3", "--fail-on", "warning", str(path)]) == 0
    assert "PM30" not in capsys.readouterr().out


def test_the_same_line_as_prose_is_still_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _MARKDOWN.replace("## Summary\n", "## Summary\n\nThe worker logged:\n\n"
                             "  A careless shutdown of worker 7 lost jobs.\n\n", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("  A careless shutdown of worker 7 lost jobs.") + 1
    assert main(["check", "--select", "PM303", "--fail-on", "warning", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"{path}:{line}:5: PM303 \"careless\" is judgemental wording")


# --- a heading right under an HTML tag ------------------------------------------------------


def test_a_heading_inside_an_html_block_is_no_second_section(tmp_path: Path) -> None:
    # "## Summary" right under "<div>" is the HTML block's text on GitHub (CommonMark ends the
    # block at a blank line); it was read as the summary, and the real '## Summary' below was
    # reported as given twice, with "the first is used".
    from pmkit.loader import parse_bytes

    notes = '<div class="note">\n## Summary\nDraft notes, see below.\n</div>\n\n'
    text = _MARKDOWN.replace("## Summary\n", f"{notes}## Summary\n", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    assert doc.data["summary"].startswith("On 5 June 2023 from 14:02 to 14:31 CEST")


@pytest.mark.parametrize("tag", ['<div class="summary">', "<details>", "<table>", "</p>"])
def test_a_section_heading_inside_an_html_block_is_said_to_fill_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], tag: str) -> None:
    start, end = _MARKDOWN.index("## Summary\n"), _MARKDOWN.index("## Impact\n")
    text = (_MARKDOWN[:start] + f"{tag}\n## Summary\n" + _MARKDOWN[start + len("## Summary\n"):end]
            + "</div>\n\n" + _MARKDOWN[end:])
    line = text.split("\n").index("## Summary") + 1
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM024,PM508", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (f"{path}:{line}:1: PM024 '## Summary' is inside the HTML block that '{tag}' opens on line "
            f"{line - 1}, so Markdown shows it as text, not as a heading, and it fills no field: 'summary' "
            "is read from a heading outside HTML (section-heading-level)") in out
    assert ("    hint: Put a blank line before the heading (an HTML block ends at a blank line), or close "
            "the HTML block above it.") in out


def test_a_heading_after_a_blank_line_under_an_html_tag_is_a_section() -> None:
    from pmkit.loader import parse_bytes

    text = _MARKDOWN.replace("## Summary\n", "<details>\n<summary>Notes</summary>\n\n## Summary\n", 1)
    doc = parse_bytes(text.encode(), "pm.md", markdown=True)
    assert [d.code for d in doc.diagnostics] == []
    assert doc.data["summary"].startswith("On 5 June 2023 from 14:02 to 14:31 CEST")


# --- pmkit new with the title as its argument ------------------------------------------------


@pytest.mark.parametrize(("argv", "name", "title"), [
    (["Checkout outage: 50% of orders"], "2026-03-01-checkout-outage-50-of-orders.yaml",
     'title: "Checkout outage: 50% of orders"'),
    (["Cache", "stampede", "on", "catalog", "--severity", "sev2"],
     "2026-03-01-cache-stampede-on-catalog.yaml", "title: Cache stampede on catalog"),
])
def test_new_takes_the_title_as_its_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], argv: list[str],
                                             name: str, title: str) -> None:
    # 'pmkit new "Checkout outage"', the first thing people type, was "unrecognized arguments".
    monkeypatch.chdir(tmp_path)
    assert main(["new", *argv, "--now", "2026-03-01T10:00:00Z"]) == 0
    written = tmp_path / "postmortems" / name
    assert f"\n{title}\n" in written.read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"postmortems/{name}\n"


def test_new_refuses_a_title_given_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Cache outage", "--title", "DNS outage"]) == 2
    assert capsys.readouterr().err == ("pmkit new: the title is given twice: as --title 'DNS outage' and as "
                                       "'Cache outage'; give it once\n")
    assert not (tmp_path / "postmortems").exists()


# --- a '#' that cuts an unquoted text -------------------------------------------------------

_EVENT = "    event: Internal monitoring alerted on a large number of faults."


def _pm025(text: str) -> list[tuple[str, int, int, int, str]]:
    from helpers import run

    return [(d.code, d.line, d.col, d.end_col, d.message) for d in run(text, select=["PM025"])]


@pytest.mark.parametrize(("written", "line", "col", "kept", "comment"), [
    ("Rolled back the change from PR #4521 and the errors stopped.", 40, 43,
     "Rolled back the change from PR", "#4521 and the errors stopped."),
    ("The on-call engineer posted in #inc-github and paged the DBA.", 40, 43,
     "The on-call engineer posted in", "#inc-github and paged the DBA."),
    ("Internal monitoring alerted; the on-call engineer posted in\n      #inc-github and paged the DBA.",
     41, 7, "…alerted; the on-call engineer posted in", "#inc-github and paged the DBA."),
])
def test_a_hash_that_cuts_an_unquoted_text_is_reported_where_the_comment_starts(
        written: str, line: int, col: int, kept: str, comment: str) -> None:
    # The text was silently cut at ' #': the event read 'Rolled back the change from PR'.
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert _EVENT in text
    text = text.replace(_EVENT, f"    event: {written}")
    assert _pm025(text) == [("PM025", line, col, col + len(comment),
                             f"'timeline[1].event' ends at '{kept}': YAML reads '{comment}' after it as a "
                             "comment, as it does ' #' in an unquoted text, so that part is left out")]


@pytest.mark.parametrize("written", [
    '"Rolled back the change from PR #4521 and the errors stopped."',
    "'Rolled back the change from PR #4521 and the errors stopped.'",
    "|\n      Rolled back the change from PR #4521 and the errors stopped.",
    "Internal monitoring alerted on a large number of faults.  # TODO link the graph",
    "Internal monitoring alerted on a large number of faults.  #TODO link the graph",
    "Internal monitoring alerted on a large number of faults.  # pmkit: ignore[PM111] no graph kept",
    "Internal monitoring alerted on a large number of faults.\n    #evidence: [https://example.com]",
    "Rolled back PR#4521 (no blank before the '#', so it is text).",
])
def test_a_quoted_text_or_a_comment_meant_as_one_is_quiet(written: str) -> None:
    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(_EVENT, f"    event: {written}")
    assert _pm025(text) == []


def test_a_cut_title_in_markdown_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _MARKDOWN.replace("\ntitle: Slow and failing", "\ntitle: Incident #812 Slow and failing", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM025", str(path)]) == 0
    assert capsys.readouterr().out.startswith(
        f"{path}:4:17: PM025 'title' ends at 'Incident': YAML reads "
        "'#812 Slow and failing product pages aft…' after it as a comment")


# --- a misspelt time zone in the settings or for pmkit init ----------------------------------


@pytest.mark.parametrize(("written", "meant"), [
    ("Europe/Berln", "Europe/Berlin"), ("zurich", "Europe/Zurich"), ("america/new york", "America/New_York")])
def test_a_misspelt_time_zone_in_the_settings_gets_the_zone_it_likely_means(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        written: str, meant: str) -> None:
    # The postmortem's own 'timezone:' got "did you mean" (PM016); the settings' did not.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pmkit.toml").write_text(f'[tool.pmkit]\ntimezone = "{written}"\n', encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "pm.yaml"]) == 2
    assert unplaced(capsys.readouterr().err) == (f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: "
                                                 "timezone "
                                       f"'{written}' is not an IANA time zone (did you mean '{meant}'?)\n")


def test_init_with_a_misspelt_time_zone_names_the_zone_it_likely_means(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--timezone", "Europe/Berln"]) == 2
    assert capsys.readouterr().err == ("pmkit init: 'Europe/Berln' is not an IANA time zone such as "
                                       "Europe/Zurich (did you mean 'Europe/Berlin'?)\n")
    assert not (tmp_path / ".pmkit.toml").exists()


def test_an_abbreviation_gets_no_guess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--timezone", "CEST"]) == 2
    assert capsys.readouterr().err == "pmkit init: 'CEST' is not an IANA time zone such as Europe/Zurich\n"


# --- headings written a little differently ----------------------------------------------------


@pytest.mark.parametrize(("heading", "field"), [
    ("## Summary (customer-facing)", "summary"),
    ("## Summary (draft):", "summary"),
    ("## Impact (preliminary)", "impact"),
    ("## Impact [draft]", "impact"),
])
def test_a_section_heading_with_a_qualifier_in_brackets_fills_its_field(heading: str, field: str) -> None:
    # The section filled nothing, and a published postmortem was told it "has no summary".
    from pmkit.loader import parse_bytes

    name = "## Summary\n" if field == "summary" else "## Impact\n"
    assert name in _MARKDOWN
    doc = parse_bytes(_MARKDOWN.replace(name, heading + "\n", 1).encode(), "pm.md", markdown=True)
    expected = parse_bytes(_MARKDOWN.encode(), "pm.md", markdown=True).data
    assert doc.diagnostics == []
    if field == "summary":
        assert doc.data["summary"] == expected["summary"]
    else:
        assert doc.data["impact"]["description"] == expected["impact"]["description"]


@pytest.mark.parametrize("heading", ["##Summary", "#Summary"])
def test_a_heading_without_a_blank_after_its_marks_is_said_to_be_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str) -> None:
    # CommonMark (and GitHub) shows '##Summary' as text; only "has no summary" was said.
    text = _MARKDOWN.replace("## Summary\n", heading + "\n", 1)
    line = text.split("\n").index(heading) + 1
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM024", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"{path}:{line}:1: PM024 '{heading}' is read as text, not as a heading, as a heading needs a "
        "blank after its '#' marks, and fills no field: 'summary' is read from '## Summary' "
        "(section-heading-level)",
        "    hint: Make it a level-2 heading: write '## Summary' on its own line instead."]


def test_a_hashtag_line_is_no_heading_gone_wrong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _MARKDOWN.replace("## Summary\n", "## Summary\n\n#incident-4521\n\n", 1)
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--select", "PM024", str(path)]) == 0
    assert "PM024" not in capsys.readouterr().out


@pytest.mark.parametrize(("character", "meant", "col"), [("\u0093", "\u201c", 40), ("\u0096", "\u2013", 40),
                                                         ("\u0080", "\u20ac", 40)])
def test_a_c1_control_character_names_the_windows_1252_character_it_was(
        character: str, meant: str, col: int) -> None:
    # A curly quote read as Latin-1 somewhere on its way (U+0093) was "not allowed here", with
    # the advice to remove it or escape it.
    from pmkit.loader import parse_bytes

    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(
        "Internal monitoring alerted on a large number of faults.",
        f"Internal monitoring alerted {character}on a large number of faults.")
    doc = parse_bytes(text.encode(), "pm.yaml")
    found = [(d.code, d.line, d.col, d.message, d.hint) for d in doc.diagnostics]
    assert found == [("PM001", 40, col, f"YAML does not allow the control character U+{ord(character):04X} "
                      f"here: it is what '{meant}' of Windows-1252 becomes when the text is read as Latin-1",
                      f"Write '{meant}' in its place (text copied through a tool that read Windows-1252 as "
                      "Latin-1 may hold more such characters).")]


def test_a_c1_control_character_with_no_windows_1252_character_gets_no_guess() -> None:
    from pmkit.loader import parse_bytes

    found = [(d.code, d.message, d.hint) for d in parse_bytes("pmkit: 1\ntitle: a\u0081b\n".encode(),
                                                              "pm.yaml").diagnostics]
    assert found == [("PM001", "YAML does not allow the control character U+0081 here",
                      "Remove it, or write it as an escape (\\u...) in double quotes.")]
