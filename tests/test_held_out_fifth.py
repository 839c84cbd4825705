"""Inputs no earlier round tried: standard error that cannot be written, arguments that are not
UTF-8 text, and API calls given one path where a list was expected. Each ends in the exit code
and message a user relies on, never a traceback or a wrong exit code."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pmkit
from helpers import FLAWED_EXAMPLE, flawed_repo
from pmkit.cli import main

DEV_FULL = Path("/dev/full")


def _pmkit(*argv: str, cwd: Path, stderr: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmkit", *argv], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=stderr, text=True, timeout=120, check=False)


@pytest.mark.skipif(not DEV_FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("argv", "code"), [
    (["check", "missing.yaml"], 2),  # a usage error stays one
    (["chek"], 2),  # a mistyped command too
    (["check", "--now", "soon", "pm.yaml"], 2),  # and a settings error
    (["check", "--select", "PM3", "pm.yaml"], 1),  # findings are findings, written on stdout
])
def test_a_full_standard_error_keeps_the_exit_code(tmp_path: Path, argv: list[str], code: int) -> None:
    # Messages that could not be written raised out of pmkit's error report: Python's exit
    # code 1 said "findings" for a file that did not exist.
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(FLAWED_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with DEV_FULL.open("w", encoding="utf-8") as full:
        done = _pmkit(*argv, cwd=tmp_path, stderr=full)
    assert done.returncode == code
    if code == 1:
        assert 'pm.yaml:11:69: PM301 "human error" frames the incident as human error' in done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return flawed_repo(tmp_path)


# A byte that is not UTF-8 in an argument or a variable (typed in Latin-1: 0xff is 'ÿ') reaches
# Python as a lone surrogate, as os.fsdecode(b"\xff") gives it.
NOT_UTF8 = "2025-03-01T12:00\udcff"


@pytest.mark.parametrize("verb", ["check", "due", "stats", "actions"])
def test_a_now_argument_that_is_not_utf8_is_a_usage_error(
        repo: Path, capsys: pytest.CaptureFixture[str], verb: str) -> None:
    # It was pmkit's internal error, with a traceback: pydantic could not quote the text.
    assert main([verb, "--now", NOT_UTF8, "pm.yaml"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: configuration error: --now: '2025-03-01T12:00\\xff' is not an ISO 8601 timestamp\n")


def test_pmkit_now_that_is_not_utf8_is_a_usage_error(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NOW", NOT_UTF8)
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (
        "pmkit: configuration error: PMKIT_NOW: '2025-03-01T12:00\\xff' is not an ISO 8601 timestamp\n")


@pytest.mark.parametrize(("given", "quoted"), [
    ("a" * 100_000, "a" * 80 + "… (99,920 more characters)"),
    ("2026-01-01T10:00:00+" + "9" * 5_000, "2026-01-01T10:00:00+" + "9" * 60 + "… (4,940 more characters)"),
])
def test_a_long_now_is_quoted_in_part(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, given: str,
        quoted: str) -> None:
    """A variable of 100,000 characters expanded by mistake was quoted whole in the error, a 100 KB
    line of its own; it is quoted as other values given are, its start and how much is left."""
    monkeypatch.setenv("PMKIT_NOW", given)
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: PMKIT_NOW: '{quoted}' is not an ISO 8601 timestamp\n")
    monkeypatch.delenv("PMKIT_NOW")
    assert main(["check", "--now", given, "pm.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit: configuration error: --now: '{quoted}' is not an ISO 8601 timestamp\n")


def test_the_api_refuses_such_a_now_as_a_setting() -> None:
    with pytest.raises(pmkit.ConfigError,
                       match=r"^now: '2025-03-01T12:00\udcff' is not an ISO 8601 timestamp$"):
        pmkit.check_text(FLAWED_EXAMPLE.read_text(encoding="utf-8"), "pm.yaml", now=NOT_UTF8)


@pytest.mark.parametrize("option", ["--title", "--owner"])
def test_new_refuses_a_title_or_owner_that_is_not_utf8(
        repo: Path, capsys: pytest.CaptureFixture[str], option: str) -> None:
    # "Zoë" typed on a Latin-1 terminal: the draft held an escaped lone surrogate, did not load,
    # and pmkit new called it its own internal error.
    argv = ["new", "--title", "Outage", option, "Zo\udceb", "--dir", "drafts"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"pmkit new: error: argument {option}: 'Zo\\xeb' is not UTF-8 text (byte 0xeb); "
                        "write it in UTF-8 (set the terminal or the script's encoding to UTF-8)\n")
    assert not (repo / "drafts").exists()


def test_new_reads_utf8_arguments_given_under_an_ascii_locale(repo: Path) -> None:
    # LC_ALL=C without Python's UTF-8 mode: "Zoë" arrives as its two UTF-8 bytes, escaped.
    assert main(["new", "--title", "Zo\udcc3\udcab", "--owner", "Zo\udcc3\udcab", "-o", "pm-new.yaml",
                 "--date", "2025-03-01"]) == 0
    draft = pmkit.load(repo / "pm-new.yaml")
    assert (draft.title, draft.owner, draft.id) == ("Zoë", "Zoë", "2025-03-01-zoe")


@pytest.mark.parametrize("given", ["pm", Path("pm"), b"pm", ["pm"], [b"pm"]])
def test_a_checker_takes_one_folder_as_check_does(repo: Path, given: object) -> None:
    # A string was taken as a sequence of one-letter names ("p", "m"); an absolute one started
    # with "/", and the run walked the whole file system. A Path or bytes raised a TypeError.
    (repo / "pm").mkdir()
    (repo / "pm.yaml").rename(repo / "pm" / "pm.yaml")
    report = pmkit.Checker(now="2025-03-01T00:00:00Z").check_paths(given)  # type: ignore[arg-type] (bytes)
    assert report.files == [str(Path("pm") / "pm.yaml")]
    assert ("PM301", 11, 69) in [(d.code, d.line, d.col) for d in report.diagnostics]


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_new_refuses_a_title_typed_on_a_terminal_that_is_not_utf8(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, errors: str) -> None:
    # A Latin-1 terminal sends "Zoë" as Zo\xeb. Decoded strictly that was a UnicodeDecodeError;
    # with surrogateescape (a C locale) a draft that did not load: both an internal error.
    typed = _Terminal(io.BytesIO(b"Zo\xeb outage\n"), encoding="utf-8", errors=errors)
    monkeypatch.setattr("sys.stdin", typed)
    assert main(["new", "--dir", "drafts"]) == 2
    assert capsys.readouterr().err == (
        "pmkit new: the title 'Zo\\xeb outage' is not UTF-8 text (byte 0xeb); write it in UTF-8 (set the "
        "terminal or the script's encoding to UTF-8)\n")
    assert not (repo / "drafts").exists()


GERMAN_EXAMPLE = FLAWED_EXAMPLE.parent / "2024-03-12-zahlungsausfall.yaml"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_page_rendered_into_a_file_through_another_encoding_is_utf8(
        tmp_path: Path, encoding: str, fmt: str) -> None:
    # "pmkit render pm.yaml > page.md" with standard output in ASCII wrote "ver\xf6ffentlicht"
    # into the page; in Latin-1, bytes that are no UTF-8 under <meta charset="utf-8">.
    (tmp_path / ".git").mkdir()
    page = tmp_path / f"page.{fmt}"
    with page.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "pmkit", "render", "--format", fmt, str(GERMAN_EXAMPLE)],
                              cwd=tmp_path, stdout=out, stderr=subprocess.PIPE, text=True, timeout=120,
                              env={**os.environ, "PYTHONIOENCODING": encoding}, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert _page_written_by_output(tmp_path, fmt) == page.read_bytes().decode("utf-8")
    assert "Veröffentlicht" in page.read_text(encoding="utf-8")


def _page_written_by_output(folder: Path, fmt: str) -> str:
    """The page as --output writes it (UTF-8 whatever the locale)."""
    written = folder / f"written.{fmt}"
    assert main(["render", "--format", fmt, "-o", str(written), str(GERMAN_EXAMPLE)]) == 0
    return written.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv", [
    ["check", "--write-baseline", "base\0.json", "x.yaml"],
    ["new", "--title", "T", "--dir", "pm\0s"],
    ["init", "--root", "a\0b"],
    ["check", "pm\0.yaml"],
])
def test_a_nul_in_an_argument_is_a_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # Only a program calling main() can pass one; it was an internal error for file names
    # written to (--write-baseline, new --dir, init --root).
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmkit: the argument ") and "holds a NUL character" in err
    assert "internal error" not in err and "Traceback" not in err
