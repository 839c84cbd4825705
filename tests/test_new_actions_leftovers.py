"""``pmkit new``'s --date, closed standard output and suggested command; the columns of the
command line's tables (``pmkit actions``) as a terminal shows emoji."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.formats.text import pad, table, width

NOW = "2026-05-05T10:00:00Z"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- --date --------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["2026-03-02 ", " 2026-03-02", "\t2026-03-02\n"])
def test_blanks_around_the_date_are_left_out(written: str, here: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A quoted variable with a blank at its end was "'2026-03-02 ' is not a date such as
    2026-11-25", which looked like the very form it asked for; --now leaves such blanks out."""
    assert main(["new", "T", "--now", NOW, "--date", written, "-o", "pm.yaml"]) == 0
    assert capsys.readouterr().out == "pm.yaml\n"
    lines = (here / "pm.yaml").read_text(encoding="utf-8").splitlines()
    assert "id: 2026-03-02-t" in lines
    assert any(line.startswith("  - at: 2026-03-02T00:00:00Z") for line in lines)


@pytest.mark.parametrize(("written", "said"), [
    ("2026-02-30", "'2026-02-30' is no such day: February 2026 has 28 days"),
    ("2024-02-30", "'2024-02-30' is no such day: February 2024 has 29 days"),
    ("2026-04-31", "'2026-04-31' is no such day: April 2026 has 30 days"),
    ("2026-02-30 ", "'2026-02-30 ' is no such day: February 2026 has 28 days"),
    ("2026-04-00", "'2026-04-00' is no such day: the days of a month start at 01"),
    ("2026-13-01", "'2026-13-01' has no such month: 13; months go from 01 to 12"),
    ("2026-00-10", "'2026-00-10' has no such month: 00; months go from 01 to 12"),
    ("0000-02-30", "'0000-02-30' is outside the years 1900 to 2999 that pmkit checks"),
    ("2026-3-2", "'2026-3-2' is not a date such as 2026-11-25"),
    # Python's reader takes these, as no postmortem's date (nor --now) may be written
    ("20260302", "'20260302' is not a date such as 2026-11-25"),
    ("2026-W10-3", "'2026-W10-3' is not a date such as 2026-11-25"),
])
def test_an_impossible_date_says_what_does_not_exist(written: str, said: str, here: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """2026-02-30 is written as a date should be: "is not a date such as 2026-11-25" did not
    say that February has no 30th."""
    assert main(["new", "T", "--now", NOW, "--date", written, "-o", "pm.yaml"]) == 2
    assert capsys.readouterr().err == f"pmkit new: --date {said}\n"
    assert not (here / "pm.yaml").exists()


# --- -o - with standard output closed ---------------------------------------------------------

@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_a_draft_for_a_closed_standard_output_is_refused(output: str, here: Path) -> None:
    """``pmkit new -o - >&-`` wrote the draft to nowhere and exited 0, as if it had been
    written; --write-baseline - says it cannot, and exits 2."""
    done = subprocess.run([sys.executable, "-m", "pmkit", "new", "T", "--now", NOW, "-o", output],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
                          preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (
        2, "pmkit new: cannot write the draft to standard output: it is closed\n")
    assert os.listdir(here) == []


_PAGE_OF = str(GOOD_EXAMPLE)
_CLOSED = "to standard output: it is closed"


@pytest.mark.parametrize(("argv", "said"), [
    (["render", _PAGE_OF], f"pmkit render: cannot write the page {_CLOSED}"),
    (["render", _PAGE_OF, "-o", "-"], f"pmkit render: cannot write the page {_CLOSED}"),
    (["rules", "--format", "markdown"], f"pmkit rules: cannot write the rules page {_CLOSED}"),
    (["schema"], f"pmkit schema: cannot write the schema {_CLOSED}"),
])
def test_a_document_for_a_closed_standard_output_is_refused(argv: list[str], said: str, here: Path) -> None:
    """A page, the rules page or the schema printed with standard output closed went nowhere,
    and the command exited 0, as 'pmkit new' did before."""
    done = subprocess.run([sys.executable, "-m", "pmkit", *argv], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (2, said + "\n")
    assert os.listdir(here) == []


def test_a_draft_for_an_open_standard_output_is_written_there(here: Path,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    """(written to the descriptor itself, as the shell around it set it up)"""
    assert main(["new", "T", "--now", NOW, "-o", "-"]) == 0
    captured = capfd.readouterr()
    assert captured.out.startswith("# yaml-language-server:") and "id: 2026-05-05-t\n" in captured.out
    assert captured.err == ""


# --- the suggested 'pmkit check NAME' -------------------------------------------------------------

def _read_back(word: str) -> bytes:
    """The bytes a POSIX shell makes of ``word``, written as an argument."""
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no POSIX shell")
    return subprocess.run([sh, "-c", f"printf '%s' {word}"], capture_output=True, check=True).stdout


@pytest.mark.parametrize(("name", "suggested"), [
    ("a\nb.yaml", "\"$(printf 'a\\012b.yaml')\""),
    ("esc\x1b[2J.yaml", "\"$(printf 'esc\\033[2J.yaml')\""),
    ("it's 100%\\\n.yaml", "\"$(printf 'it'\\''s 100%%\\\\\\012.yaml')\""),
    ("caf\udce9\n.yaml", "\"$(printf 'caf\\351\\012.yaml')\""),
    ("nel\x85.yaml", "\"$(printf 'nel\\302\\205.yaml')\""),
    ("it's.yaml", "'it'\"'\"'s.yaml'"),
    ("my pm.yaml", "'my pm.yaml'"),
    ("-dash.yaml", "./-dash.yaml"),
])
def test_the_suggested_command_reads_back_as_the_file_name(name: str, suggested: str, here: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``pmkit new -o $'a\\nb.yaml'`` suggested "pmkit check 'a\\nb.yaml'": in single quotes,
    \\n is a backslash and an n, a file nobody has. The name is now written so that a POSIX shell
    (dash here) reads it back as it is, on one line, in the message and in the draft's comment;
    a name that starts with a dash is written from the current folder, not read as an option."""
    assert main(["new", "T", "--now", NOW, f"--output={name}"]) == 0
    err = capsys.readouterr().err
    assert err == f"Created an English YAML draft. Fill it in, then run: pmkit check {suggested}\n"
    assert f"#     pmkit check {suggested}" in (here / name).read_text(encoding="utf-8").splitlines()
    assert _read_back(suggested) == os.fsencode(name if not name.startswith("-") else f"./{name}")


# --- columns as a terminal shows them ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "columns"), [
    ("abc", 3),
    ("日本語", 6),
    ("e\u0301te\u0301", 3),                                  # combining acute accents
    ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 2),      # a family: one ZWJ sequence
    ("\U0001f469\u200d\U0001f4bb ana", 6),                  # woman technologist, a blank, ana
    ("\U0001f44d\U0001f3fd", 2),                            # thumbs up, medium skin tone
    ("\u270c\U0001f3fd", 2),                                # victory hand (narrow) with a skin tone
    ("\u2764\ufe0f", 2),                                    # heart with VS16: its emoji
    ("\u2764", 1),                                          # the heart alone is a narrow symbol
    ("\u2764\ufe0e", 1),                                    # VS15 keeps it text
    ("\U0001f3f3\ufe0f\u200d\U0001f308", 2),                # rainbow flag
    ("1\ufe0f\u20e3", 2),                                   # keycap one
    ("\U0001f1e9\U0001f1ea", 2),                            # a flag: two regional indicators
    ("a\u200bb", 2),                                        # zero-width space
    ("\u1100\u1161\u11a8", 2),                              # a Hangul syllable in conjoining jamo
])
def test_width_counts_what_a_terminal_shows(text: str, columns: int) -> None:
    assert width(text) == columns
    assert width(pad(text, 10)) == 10 and pad(text, 10).startswith(text)


def test_a_table_pads_emoji_as_shown() -> None:
    rows = [["OWNER", "ITEM"], ["\U0001f469\u200d\U0001f4bb ana", "x"], ["\u2764\ufe0f", "y"], ["bob", "z"]]
    assert table(rows) == ["OWNER   ITEM",
                           "\U0001f469\u200d\U0001f4bb ana  x",
                           "\u2764\ufe0f      y",
                           "bob     z"]


def test_the_action_table_aligns_emoji_owners_and_titles(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An emoji ZWJ sequence counted six columns and an emoji with a skin tone four: the
    columns after it were pushed out of line, in the terminal as in a CI log."""
    (tmp_path / "pm.yaml").write_text(
        "pmkit: 1\nid: pm-a\ntitle: t\nstatus: published\nlang: en\nseverity: SEV2\naction_items:\n"
        "  - {id: AI1, title: Page \U0001f468\u200d\U0001f469\u200d\U0001f467 first, owner: "
        "\"\U0001f469\u200d\U0001f4bb ana\", priority: P1, due: 2026-11-30, status: open}\n"
        "  - {id: AI2, title: Add alert, owner: \"\U0001f44d\U0001f3fd bo\", priority: P2,"
        " due: 2026-12-01, status: open}\n"
        "  - {id: AI3, title: Tidy, owner: sre, priority: P3, due: 2026-12-02, status: open}\n",
        encoding="utf-8")
    assert main(["actions", str(tmp_path), "--now", "2026-11-25T12:00:00Z"]) == 0
    assert capsys.readouterr().out.splitlines()[:4] == [
        "WHEN         DUE         PRI  POSTMORTEM  ITEM  OWNER   TITLE",
        "5 days left  2026-11-30  P1   pm-a        AI1   \U0001f469\u200d\U0001f4bb ana  "
        "Page \U0001f468\u200d\U0001f469\u200d\U0001f467 first",
        "6 days left  2026-12-01  P2   pm-a        AI2   \U0001f44d\U0001f3fd bo   Add alert",
        "7 days left  2026-12-02  P3   pm-a        AI3   sre     Tidy",
    ]


def test_the_drafts_comments_line_up_after_a_wide_owner(here: Path) -> None:
    """The comment after ``owner:`` was placed by the number of characters: after a name in
    CJK it stood further right than the others in an editor."""
    assert main(["new", "T", "--now", NOW, "--owner", "山田太郎", "-o", "pm.yaml"]) == 0
    lines = (here / "pm.yaml").read_text(encoding="utf-8").splitlines()
    owner = next(line for line in lines if line.startswith("owner: "))
    severity = next(line for line in lines if line.startswith("severity: "))
    assert owner == "owner: 山田太郎" + " " * 15 + "# one accountable owner: a role or handle"
    assert width(owner[:owner.index("#")]) == severity.index("#") == 30


def test_init_below_the_top_suggests_a_command_that_reads_back_a_folder_with_a_line_break(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Quoted by shlex, the folder 'team\na' was suggested as '...team\na/postmortems' across two
    # lines of the message; the other commands' suggestions were fixed before this one.
    from pmkit.cli import main

    (tmp_path / ".git").mkdir()
    (tmp_path / "team\na").mkdir()
    monkeypatch.chdir(tmp_path / "team\na")
    assert main(["init"]) == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1  # one line
    word = said.split(" --dir ")[1].split(" (or")[0]
    assert word == "\"$(printf 'team\\012a/postmortems')\""
    assert _read_back(word) == b"team\na/postmortems"
