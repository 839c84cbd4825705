"""Inputs of the fourteenth round: keys, values, ids and Markdown headings spelt with letters of
another alphabet that look like Latin ones or with an accent written apart; files that are
UTF-8 gone wrong (a surrogate pair, an overlong form, a character cut short by the end of the
file) rather than in another encoding; Markdown section headings written on a list item's or a
block quote's line or with a no-break space after their marks; files of YAML document markers
only. Each ends in the finding, position and advice a user relies on, never a traceback; the
guards pin what was already right."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import run
from pmkit.cli import main
from pmkit.loader import parse_bytes

_HEAD = "pmkit: 1\nid: 2024-05-14-db-failover\ntitle: DB failover\n"
_TAIL = "lang: en\nseverity: SEV2\n"


def _found(raw: bytes) -> list[tuple[str, int, int, str, str]]:
    return [(d.code, d.line, d.col, d.message, d.hint) for d in parse_bytes(raw, "pm.yaml").diagnostics]


# --- letters of another alphabet in a key or a value ---------------------------------------------


def test_a_key_with_a_cyrillic_letter_names_the_letter() -> None:
    # It was "unknown key 'stаtus' (did you mean 'status'?)": two words that look the same, and
    # "required field 'status' is missing" beside a line that shows it.
    found = run(_HEAD + "st\u0430tus: draft\n" + _TAIL, select=["PM0"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [
        ("PM011", 1, 1, "required field 'status' is missing: line 4 has 'st\u0430tus', with '\u0430' "
         "(U+0430, cyrillic small letter a) where 'a' goes",
         "Retype the key on line 4 as 'status', in ASCII letters."),
        ("PM010", 4, 1, "unknown key 'st\u0430tus' (did you mean 'status'?): it has '\u0430' (U+0430, "
         "cyrillic small letter a) where 'a' goes", "Retype the key as 'status', in ASCII letters."),
    ]


def test_a_nested_key_with_a_dotless_i_and_a_full_width_key_are_named() -> None:
    found = run(_HEAD + "status: draft\n" + _TAIL + "impact:\n  users_affected: 5\n  data_loss: false\n"
                "t\u0131tle: x\n", select=["PM010"])
    assert [(d.line, d.message) for d in found] == [
        (10, "unknown key 't\u0131tle' (did you mean 'title'?): it has '\u0131' (U+0131, latin small letter "
             "dotless i) where 'i' goes")]
    wide = "\uff53\uff45\uff56\uff45\uff52\uff49\uff54\uff59"  # 'severity' in full-width letters
    found = run(_HEAD + "status: draft\nlang: en\n" + wide + ": SEV2\n", select=["PM011"])
    assert [(d.line, d.message) for d in found] == [
        (1, f"required field 'severity' is missing: line 6 has '{wide}', with '\uff53' (U+FF53, fullwidth "
            "latin small letter s) where 's' goes, and 7 more letters outside ASCII")]


def test_a_short_key_with_a_cyrillic_letter_is_offered_its_name() -> None:
    # 'аt' is too far from 'at' for the closest match: it was "unknown key 'аt'" with the list of keys.
    entry = "timeline:\n  - \u0430t: 2024-05-14T10:00:00Z\n    event: x\n"
    found = run(_HEAD + "status: draft\n" + _TAIL + entry, select=["PM010"])
    assert [(d.line, d.col, d.message, d.hint) for d in found] == [(
        8, 5, "unknown key '\u0430t' (did you mean 'at'?): it has '\u0430' (U+0430, cyrillic small letter a) "
        "where 'a' goes", "Retype the key as 'at', in ASCII letters.")]


def test_a_choice_with_a_cyrillic_letter_names_the_letter() -> None:
    found = run(_HEAD + "status: publ\u0456shed\n" + _TAIL, select=["PM013"])
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in found] == [
        ("PM013", 4, 9, "'publ\u0456shed' is not a valid status (did you mean 'published'?): it has "
         "'\u0456' (U+0456, cyrillic small letter byelorussian-ukrainian i) where 'i' goes",
         "Retype it as 'published', in ASCII letters.")]


@pytest.mark.parametrize(("written", "what"), [
    ("cafe\u0301-outage", "the combining acute accent (U+0301) after its 'e'"),  # NFD, as macOS writes names
    ("caf\u00e9-outage", "'\u00e9'"),  # NFC: as before
])
def test_an_id_with_an_accent_written_apart_names_the_accent(written: str, what: str) -> None:
    # The accent alone was quoted, "'\u0301' is not one of them", and showed over the quote mark.
    found = run(f"pmkit: 1\nid: {written}\ntitle: DB failover\nstatus: draft\n" + _TAIL, select=["PM013"])
    assert [(d.line, d.col, d.message, d.hint) for d in found] == [(
        2, 5, f"id '{written}' may only contain ASCII letters (a-z, A-Z), digits (0-9), '.', '_' and '-'; "
        f"{what} is not one of them",
        "Write it as 'cafe-outage' (ids name files, URLs and report keys, which keep ASCII the same on every "
        "system).")]


def test_misspellings_in_ascii_and_unseen_characters_keep_their_messages() -> None:
    # Guard: only letters outside ASCII in place of the key's own are named.
    found = run(_HEAD + "statsu: draft\nst\u00e4tuss: x\n" + _TAIL, select=["PM010"])
    assert [d.message for d in found] == ["unknown key 'statsu' (did you mean 'status'?)",
                                          "unknown key 'st\u00e4tuss' (did you mean 'status'?)"]
    found = run(_HEAD + "status\u200b: draft\n" + _TAIL, select=["PM011"])
    assert [d.message for d in found] == [
        "required field 'status' is missing: line 4 has 'status\\u200b', with a character that does not show"]
    assert found[0].hint == "Delete the character that does not show from the key on line 4."


# --- UTF-8 gone wrong ----------------------------------------------------------------------------


def test_a_surrogate_pair_written_in_utf8_is_named_not_read_as_windows_1252() -> None:
    # It was "byte 0xed at offset 22, which is 'í' in Windows-1252" with the advice to convert a
    # file that was never in that encoding. (A lone half stays a Windows-1252 guess, as the
    # eighth round pinned: 'í', a no-break space and '€' are that too.)
    raw = "pmkit: 1\ntitle: Café \x00 down\n".encode().replace(b"\x00", b"\xed\xa0\xbd\xed\xb8\x80")
    assert _found(raw) == [(
        "PM004", 2, 13, "file is not valid UTF-8: bytes 0xed 0xa0 0xbd 0xed 0xb8 0x80 at offset 22, which "
        "encode U+D83D U+DE00, a surrogate pair, which UTF-8 does not allow: it writes the character they "
        "stand for, U+1F600 '\U0001f600', in four bytes",
        "Save the file as standard UTF-8: it was written in CESU-8 or Java's modified UTF-8, which write a "
        "character past U+FFFF (an emoji) as two halves; or retype that character.")]


@pytest.mark.parametrize(("form", "said", "hint"), [
    (b"\xc0\xaf", "bytes 0xc0 0xaf at offset 16, an overlong form of U+002F '/'", "'/'"),
    (b"\xe0\x80\x80", "bytes 0xe0 0x80 0x80 at offset 16, an overlong form of U+0000 '\\x00'", "'\\x00'"),
])
def test_an_overlong_form_names_the_character_it_hides(form: bytes, said: str, hint: str) -> None:
    assert _found(b"pmkit: 1\ntitle: " + form + b"etc\n") == [(
        "PM004", 2, 8, f"file is not valid UTF-8: {said}, which UTF-8 does not allow",
        f"Write the character itself ({hint}) in place of these bytes: UTF-8 writes each character in the "
        "fewest bytes, and tools that check text refuse other forms.")]


def test_a_code_point_past_unicodes_last_is_named() -> None:
    assert _found(b"title: \xf4\x90\x80\x80\n")[0][:4] == (
        "PM004", 1, 8, "file is not valid UTF-8: bytes 0xf4 0x90 0x80 0x80 at offset 7, which encode "
        "U+110000, past U+10FFFF, the last character Unicode has")


@pytest.mark.parametrize("cut", [b"\xe2\x82", b"\xf0\x9f\x98"])
def test_a_file_cut_short_in_a_character_says_so(tmp_path: Path, cut: bytes,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    raw = b"pmkit: 1\ntitle: 5 \xe2\x82\xac fee\nsummary: " + cut
    said = " ".join(f"0x{byte:02x}" for byte in cut)
    assert _found(raw) == [(
        "PM004", 3, 10, f"file is not valid UTF-8: bytes {said} at offset 35, where the file ends in the "
        "middle of a character",
        "The file was cut short (an interrupted copy, download or save): restore its end from where it "
        "came from, or delete the broken character at the end of its last line.")]
    (tmp_path / "pm.yaml").write_bytes(raw)
    assert main(["check", "--select", "PM0", str(tmp_path / "pm.yaml")]) == 1
    assert "where the file ends in the middle of a character" in capsys.readouterr().out


@pytest.mark.parametrize(("raw", "said"), [
    (b"title: caf\xe9", "byte 0xe9 at offset 10, which is '\xe9' in Windows-1252"),  # ends in a Latin-1 'é'
    (b"title: \xc0\xaf caf\xe9\n", "byte 0xc0 at offset 7, which is '\xc0' in Windows-1252"),
    (b"title: \xed\xa0\x80 caf\xe9\n", "byte 0xed at offset 7, which is '\xed' in Windows-1252"),
])
def test_a_file_in_windows_1252_is_still_told_so(raw: bytes, said: str) -> None:
    # Guard: a file with other bytes that are no UTF-8 is in another encoding, whatever its
    # first such bytes look like.
    assert _found(raw)[0][3] == f"file is not valid UTF-8: {said}"


# --- a section heading on a list item's or a block quote's line ----------------------------------

_FRONT = ("---\npmkit: 1\nid: 2024-05-14-db-failover\ntitle: DB failover\nstatus: published\nlang: en\n"
          "severity: SEV3\n---\n")


@pytest.mark.parametrize(("written", "col", "container", "marks"), [
    ("- ## Summary", 1, "list item", "-"),
    ("1. ## Summary", 1, "list item", "1."),
    ("> ## Summary", 1, "block quote", ">"),
    ("> - ## Summary", 1, "block quote", "> -"),
])
def test_a_summary_heading_in_a_list_item_or_a_quote_says_why_it_fills_nothing(
        written: str, col: int, container: str, marks: str) -> None:
    # Only "published postmortem has no summary" was said, at line 1, beside a '## Summary' the
    # author sees on line 10.
    found = run(_FRONT + "\n" + written + "\n\nThe login service was down for 20 minutes.\n",
                path="pm.md", select=["PM024", "PM508"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM508", 2, 1), ("PM024", 10, col)]
    assert found[1].message == (f"'{written}' is a heading inside a {container}, which starts no section, "
                                "and it fills no field: 'summary' is read from a heading outside lists "
                                "and block quotes")
    assert found[1].hint == (f"Remove the '{marks}' before the heading, to leave '## Summary' alone on "
                             "its line.")
    assert (found[1].end_line, found[1].end_col) == (10, len(written) + 1)


def test_a_nested_item_heading_is_pointed_at_and_code_or_a_given_field_is_left_alone() -> None:
    body = ("- Notes\n  - ## Impact\n\n```\n- ## Summary\n```\n\n## Summary\n\nLogins failed for 20 "
            "minutes.\n\n> ## Summary\n")
    found = run(_FRONT + body, path="pm.md", select=["PM024"])
    assert [(d.line, d.col, d.message[:27]) for d in found] == [(10, 3, "'- ## Impact' is a heading ")]


def test_a_list_item_heading_with_a_long_run_of_blanks_is_read_in_linear_time() -> None:
    # The look for such headings tried the end of the line after each character of its text: a
    # line of 200,000 blanks inside would have taken minutes.
    body = "- ## Summary" + " " * 200_000 + "b\n\n- ## Impact" + " " * 200_000 + "\n"
    started = time.perf_counter()
    found = run(_FRONT + body, path="pm.md", select=["PM024"])
    assert time.perf_counter() - started < 10
    assert [(d.line, d.col, d.end_col, d.message[:42]) for d in found] == [
        (11, 1, 12, "'- ## Impact' is a heading inside a list i")]


def test_a_summary_section_in_the_body_keeps_its_text() -> None:
    # Guard: a list item that holds a heading not named like a section is text, as before.
    found = run(_FRONT + "## Summary\n\nLogins failed.\n\n- ## Follow-up\n", path="pm.md", select=["PM024"])
    assert found == []


@pytest.mark.parametrize(("heading", "letter", "meant"), [
    ("Summ\u0430ry", "'\u0430' (U+0430, cyrillic small letter a) where 'a' goes", "Summary"),
    ("SUMM\u0410RY", "'\u0410' (U+0410, cyrillic capital letter a) where 'A' goes", "SUMMARY"),
    ("**Summ\u0430ry**", "'\u0430' (U+0430, cyrillic small letter a) where 'a' goes", "Summary"),
])
def test_a_section_heading_with_a_cyrillic_letter_names_the_letter(heading: str, letter: str,
                                                                   meant: str) -> None:
    # '## Summаry' looks like the section; only "published postmortem has no summary" was said.
    found = run(_FRONT + f"## {heading}\n\nLogins failed.\n", path="pm.md", select=["PM024"])
    assert [(d.line, d.col, d.end_col, d.message, d.hint) for d in found] == [(
        9, 1, len(heading) + 4, f"'## {heading}' is no section pmkit knows: it has {letter}, and it fills no "
        f"field: 'summary' is read from '## {meant}'",
        f"Retype the heading as '## {meant}', in ASCII letters.")]


def test_headings_in_other_languages_or_given_twice_are_left_alone() -> None:
    # Guard: a German or accented heading is no look-alike, and a summary given is not missing.
    for body in ("## Zusammenfassung\n\nx\n", "## R\u00e9sum\u00e9\n\nx\n",
                 "## Summary\n\nx\n\n## Summ\u0430ry\n\ny\n"):
        assert run(_FRONT + body, path="pm.md", select=["PM024"]) == [], body


# --- a file of document markers only --------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"...\n", b"---\n", b"# notes\n--- # start\n...\n", b"---\n---\n"])
def test_a_file_of_document_markers_only_is_empty(raw: bytes) -> None:
    # "..." alone was "YAML syntax error: expected the node content, but found '<document end>'
    # (while parsing a block node)", and "---" alone "must be a mapping of fields, found nothing".
    assert _found(raw) == [("PM007", 1, 1, "file is empty: no postmortem fields found",
                            "Run 'pmkit new' to start from the template.")]


def test_a_marker_with_a_value_after_it_is_no_empty_file() -> None:
    # Guard: '--- text' opens a document that holds a text.
    assert [d[:3] for d in _found(b"--- text\n")] == [("PM003", 1, 5)]


# --- heading marks followed by a blank other than a space or a tab --------------------------------


@pytest.mark.parametrize(("blank", "name"), [("\u00a0", "no-break space (U+00A0)"),
                                             ("\u3000", "ideographic space (U+3000)")])
def test_heading_marks_before_an_odd_blank_say_which_blank(blank: str, name: str) -> None:
    # '##\u00a0Summary' shows as '## Summary' but Markdown reads it as text: only "published
    # postmortem has no summary" was said, at line 2.
    found = run(_FRONT + f"##{blank}Summary\n\nLogins failed.\n", path="pm.md", select=["PM024"])
    assert [(d.line, d.col, d.message, d.hint) for d in found] == [(
        9, 1, f"'##{blank}Summary' is read as text, not as a heading, as a heading needs a space or a tab "
        f"after its '#' marks, not the {name} there, and fills no field: 'summary' is read from '## Summary'",
        "Replace the blank after the '#' marks with a plain space.")]


def test_heading_marks_without_a_blank_keep_their_message() -> None:
    # Guard: '##Summary' is still told to put a blank there.
    found = run(_FRONT + "##Summary\n\nLogins failed.\n", path="pm.md", select=["PM024"])
    assert [(d.message, d.hint) for d in found] == [(
        "'##Summary' is read as text, not as a heading, as a heading needs a blank after its '#' marks, and "
        "fills no field: 'summary' is read from '## Summary'",
        "Make it a level-2 heading: write '## Summary' on its own line instead.")]


# --- guards: a hostile environment around a non-ASCII file ------------------------------------------


def test_a_non_ascii_file_in_a_bare_environment_is_reported(tmp_path: Path) -> None:
    # Guard (already right): the POSIX locale, no HOME, a cache folder that cannot be made (a file
    # holds its place: refused even to root) and stdin closed, around a file whose name and id
    # are not ASCII: the finding and exit 1, nothing else said, nothing written.
    (tmp_path / "caf\u00e9.yaml").write_text("pmkit: 1\nid: caf\u00e9\ntitle: Caf\u00e9 down\nstatus: draft\n"
                                            + _TAIL, encoding="utf-8")
    (tmp_path / "cache").write_text("not a folder\n", encoding="utf-8")
    environ = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "POSIX",
               "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM013", "--no-hints",
                           "caf\u00e9.yaml"], cwd=tmp_path, env=environ, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (1, b"")
    first = done.stdout.decode("utf-8", "backslashreplace").splitlines()[0]
    assert first == ("caf\u00e9.yaml:2:5: PM013 id 'caf\u00e9' may only contain ASCII letters (a-z, A-Z), "
                     "digits (0-9), '.', '_' and '-'; '\u00e9' is not one of them (invalid-value)")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache", "caf\u00e9.yaml"]
    assert (tmp_path / "cache").read_text(encoding="utf-8") == "not a folder\n"
