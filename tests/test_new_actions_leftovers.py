"""``pmkit new``'s --date, closed standard output and suggested command; the columns of the
command line's tables (``pmkit actions``) as a terminal shows emoji."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pmkit.cli import main

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
