"""A hyphenation dictionary's patterns kept by the command (pmkit.hyphenindex): a text's words
hyphenated from the kept groups as from the dictionary, the dictionary not read again, and a kept
file that cannot be trusted (damaged, another dictionary's, someone else's) not used."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from pmkit import hyphenindex, patterncache, syllables

SRC = Path(__file__).resolve().parent.parent / "src"
BAD = Path(__file__).resolve().parent / "fixtures" / "clarity" / "bad"
GERMAN = syllables._dictionary_file("de_DE")
pytestmark = pytest.mark.skipif(GERMAN is None, reason="pyphen's dictionaries are not installed")

_SOME = ["Zahlungsausfall", "Rechenzentrum", "Datenbank", "Schreibzugriff", "Aufsichtsbehörde", "x",
         "Störungsmeldung", "fristgerecht", "Bestellungen", "abgelehnt", "Replikation", "cache"]


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command's cache folder, as if the command had installed its cache there."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(patterncache, "_installed", types.SimpleNamespace(path=folder / "patterns.bin"))
    return folder


def _dictionary_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> list[str]:
        raise AssertionError(f"the dictionary {path} was read")

    monkeypatch.setattr(syllables, "pattern_lines", refuse)


def _words(count: int) -> list[str]:
    """German words of every length: those of pyphen's own patterns' letters, recombined."""
    letters = [key.strip(".") for key in syllables.hyphenator("de_DE").patterns.letters]
    chooser = random.Random(5)
    return ["".join(chooser.sample(letters, 3)) for _ in range(count)] + _SOME


def test_kept_patterns_hyphenate_as_the_whole_dictionary(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = syllables.hyphenator("de_DE")
    words = _words(1_200)
    syllables.Hyphenator(GERMAN, words=words[:10])  # reads the dictionary, and keeps it
    assert (kept / "hyph_de_DE.bin").is_file()
    _dictionary_unread(monkeypatch)
    for start in range(0, len(words), 300):
        some = words[start:start + 300]
        part = syllables.Hyphenator(GERMAN, words=some)
        assert len(part.patterns._lines) < len(whole.patterns._lines) / 5
        assert [part.positions(word) for word in some] == [whole.positions(word) for word in some]


def _damaged(raw: bytes, damage: str) -> bytes:
    sizes = raw.index(b"\n", len(b"pmkit-hyphenation-1\n")) + 1
    head = raw.index(b"\n", sizes) + 1
    body = head + int(raw[sizes:head].split()[2], 16)
    if damage == "groups":  # every group's lines changed: their checksums fail
        return raw[:body] + raw[body:].replace(b"1", b"3")
    if damage == "index":
        return raw[:head + 10] + bytes([raw[head + 10] ^ 1]) + raw[head + 11:]
    if damage == "short":
        return raw[:len(raw) // 2]
    if damage == "identity":  # made from another dictionary (or by another pmkit)
        return raw.replace(b"pmkit-hyphenation-1\n", b"pmkit-hyphenation-1\n0.0.1 ", 1)
    if damage == "format":
        return raw.replace(b"pmkit-hyphenation-1\n", b"pmkit-hyphenation-9\n", 1)
    return b"\0" * 64


@pytest.mark.parametrize("damage", ["groups", "index", "short", "identity", "format", "zeros"])
def test_a_kept_file_that_cannot_be_trusted_is_not_used(kept: Path, monkeypatch: pytest.MonkeyPatch,
                                                         damage: str) -> None:
    syllables.Hyphenator(GERMAN, words=["Datenbank"])
    place = kept / "hyph_de_DE.bin"
    good = place.read_bytes()
    place.write_bytes(_damaged(good, damage))
    assert hyphenindex.read(GERMAN, syllables._pieces(_SOME)) is None
    part = syllables.Hyphenator(GERMAN, words=_SOME)  # the dictionary, read again and kept anew
    whole = syllables.hyphenator("de_DE")
    assert [part.positions(word) for word in _SOME] == [whole.positions(word) for word in _SOME]
    assert place.read_bytes() == good


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file owners are POSIX's")
def test_a_kept_file_others_may_write_is_not_used(kept: Path) -> None:
    syllables.Hyphenator(GERMAN, words=["Datenbank"])
    place = kept / "hyph_de_DE.bin"
    place.chmod(0o664)
    assert hyphenindex.read(GERMAN, syllables._pieces(_SOME)) is None


def test_a_program_that_uses_the_library_keeps_no_patterns(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterncache, "_installed", None)
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(tmp_path / "cache"))
    part = syllables.Hyphenator(GERMAN, words=_SOME)
    assert part.positions("Datenbank") == syllables.hyphenator("de_DE").positions("Datenbank")
    assert not (tmp_path / "cache").exists()


#: The command in one process, saying as it ends how often it read a dictionary's lines.
_RUN = """
import atexit, sys
from pmkit import syllables
read = []
lines = syllables.pattern_lines
syllables.pattern_lines = lambda path: read.append(path.name) or lines(path)
atexit.register(lambda: print("dictionaries read:", len(read), file=sys.stderr))
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


@pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no command cache before Python 3.11")
def test_an_edited_german_summary_is_scored_from_the_kept_patterns(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    source = (BAD / "de-in-review.yaml").read_text(encoding="utf-8")

    def check(summary: str, **env: str) -> tuple[list[dict[str, object]], int]:
        edited = source.replace("summary: ", f"summary: {summary} ", 1)
        (work / "pm.yaml").write_text(edited, encoding="utf-8")
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("PMKIT_", "XDG_"))}
        environ.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25T00:00:00Z", PMKIT_JOBS="1",
                       PMKIT_CACHE_DIR=str(tmp_path / "cache"), GIT_CEILING_DIRECTORIES=str(tmp_path), **env)
        done = subprocess.run([sys.executable, "-c", _RUN, "check", "--format", "json", "pm.yaml"], cwd=work,
                              capture_output=True, text=True, env=environ, timeout=120)
        assert done.returncode == 1, done.stderr
        said = done.stderr.strip().splitlines()[-1]
        assert said.startswith("dictionaries read: "), done.stderr
        return json.loads(done.stdout)["diagnostics"], int(said.split()[-1])

    first, read_first = check("Die Replikation hinkte hinterher.")
    second, read_second = check("Die Speicherbelegung wuchs unbemerkt.")
    anew, _ = check("Die Speicherbelegung wuchs unbemerkt.", PMKIT_NO_CACHE="1")
    assert (read_first, read_second) == (1, 0)
    assert any(d["code"] == "PM501" for d in second)
    assert second == anew
    assert first != second  # (the summary's score is in PM501's message)
    assert (tmp_path / "cache" / "hyph_de_DE.bin").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_a_named_pipe_in_the_kept_files_place_is_not_waited_for(kept: Path) -> None:
    kept.mkdir(mode=0o700)
    os.mkfifo(kept / "hyph_de_DE.bin", 0o600)
    assert hyphenindex.read(GERMAN, syllables._pieces(_SOME)) is None
    part = syllables.Hyphenator(GERMAN, words=_SOME)  # the dictionary read; the pipe left alone
    assert part.positions("Datenbank") == syllables.hyphenator("de_DE").positions("Datenbank")


def test_a_cache_folder_that_cannot_be_written_keeps_nothing(kept: Path) -> None:
    kept.parent.mkdir(exist_ok=True)
    kept.write_text("a file where the folder would be\n", encoding="utf-8")
    part = syllables.Hyphenator(GERMAN, words=_SOME)
    assert part.positions("Datenbank") == syllables.hyphenator("de_DE").positions("Datenbank")
    assert kept.read_text(encoding="utf-8") == "a file where the folder would be\n"
