"""The bundled lexicons kept between runs of the command (pmkit.prose.lexicon, through
pmkit.patterncache.memo): the same lexicon as one built anew, the bundled data not read at all
by a run that finds both kept, and a lexicon built anew when what it comes from changed or the
kept one cannot be trusted."""

from __future__ import annotations

import marshal
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import fresh_memos, kept_cache_run, sources_named
from pmkit import patterncache
from pmkit.prose import lexicon
from pmkit.prose.lexicon import Lexicon

SRC = Path(__file__).resolve().parent.parent / "src"
BAD = Path(__file__).resolve().parent / "fixtures" / "blameless" / "bad"
pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no command cache before Python 3.11")


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh memo of lexicons, as the command has it, and the lexicons asked anew each time."""
    memos = fresh_memos(tmp_path, monkeypatch)
    lexicon.default_lexicon.cache_clear()
    lexicon.default_words.cache_clear()
    yield memos
    lexicon.default_lexicon.cache_clear()
    lexicon.default_words.cache_clear()


def _same(one: Lexicon, other: Lexicon) -> None:
    assert one == other
    assert one.bundled == other.bundled
    assert [(entry.anchors, type(entry.flags)) for entry in one.entries] == \
        [(entry.anchors, type(entry.flags)) for entry in other.entries]
    assert one.by_anchor.keys() == other.by_anchor.keys() and one.always == other.always


def _anew(kept: dict[str, patterncache.Memo]) -> None:
    """Write what was kept, and read it as the next run does."""
    kept["lexicons"].save()
    kept.clear()
    lexicon.default_lexicon.cache_clear()
    lexicon.default_words.cache_clear()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_kept_lexicon_is_the_lexicon_built_anew(kept: Any, tmp_path: Path, lang: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    built_entries, built_words = lexicon.default_lexicon(lang), lexicon.default_words(lang)
    assert built_entries.bundled and len(built_entries.entries) > 50 and not built_words.entries
    _anew(kept)
    monkeypatch.setattr(lexicon, "_bundled_data", _not_read)
    _same(lexicon.default_lexicon(lang), built_entries)
    _same(lexicon.default_words(lang), built_words)


def _not_read(lang: str) -> Any:
    raise AssertionError("the bundled data was read")


def test_a_kept_value_of_another_shape_is_built_anew(kept: Any, tmp_path: Path) -> None:
    built = lexicon.default_lexicon("en")
    key = ("en", f"entries {lexicon._sources()}")
    rows, *rest = lexicon._packed(built)
    bad_rows = (rows[0][:-1], *rows[1:])  # an entry without its anchors
    for bad in [(), "en", (bad_rows, *rest), (rows, {"staff": ["sre"]}, *rest[1:]),
                (((*rows[0][:3], 7, *rows[0][4:]), *rows[1:]), *rest)]:
        kept["lexicons"] = patterncache.Memo(tmp_path / "lexicons.bin")
        kept["lexicons"].put(key, bad)
        lexicon.default_lexicon.cache_clear()
        _same(lexicon.default_lexicon("en"), built)


def test_a_lexicon_is_kept_by_what_it_comes_from(kept: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed lexicon file, or another pmkit, keys another value: the one kept is not taken."""
    lexicon.default_lexicon("de")
    _anew(kept)
    monkeypatch.setattr(lexicon, "_sources", lambda: "another")
    read: list[str] = []
    real = lexicon._bundled_data

    def counted(lang: str) -> Any:
        read.append(lang)
        return real(lang)

    monkeypatch.setattr(lexicon, "_bundled_data", counted)
    assert lexicon.default_lexicon("de").entries
    assert read == ["de"]


def test_the_sources_name_the_bundled_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The identity of a kept lexicon covers the files it is built from."""
    here = Path(lexicon.__file__).parent
    _, seen = sources_named(lexicon._sources, monkeypatch)
    assert {"lexicon.py", "en.yaml", "de.yaml", "en.snapshot.json", "de.snapshot.json"} <= seen
    assert all((here / name).exists() for name in seen)


def test_the_packed_lexicon_is_what_a_memo_keeps() -> None:
    for lang in ("en", "de"):
        packed = lexicon._packed(lexicon.build_lexicon(lang, {}))
        assert marshal.loads(marshal.dumps(packed)) == packed


#: The command, in one process (PMKIT_JOBS=1), saying as it ends whether it read the bundled data.
_RUN = """
import atexit, sys
from pmkit.prose import lexicon
read = []
real = lexicon._bundled_data
lexicon._bundled_data = lambda lang: read.append(lang) or real(lang)
atexit.register(lambda: print("bundled data read:", len(read), file=sys.stderr))
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def _check(cwd: Path, cache: Path, **env: str) -> tuple[list[dict[str, Any]], int]:
    found, last = kept_cache_run(cwd, cache, _RUN, **env)
    said = last.split(": ")
    assert said[0] == "bundled data read", last
    return found, int(said[1])


@pytest.mark.parametrize("fixture", ["styles-en.yaml", "styles-de.yaml"])
def test_the_command_reads_the_bundled_data_once(tmp_path: Path, fixture: str) -> None:
    """The first run builds the lexicon and keeps it; the next, with a text edited (so that its
    findings are not kept either), takes the kept one and finds the same as a run without it."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    source = (BAD / fixture).read_text(encoding="utf-8")
    (work / "pm.yaml").write_text(source, encoding="utf-8")
    first, read_first = _check(work, cache)
    assert read_first >= 1 and any(d["code"].startswith("PM3") for d in first)
    edited = source.replace("summary: ", "summary: Alice should have checked the diff. ", 1)
    assert edited != source
    (work / "pm.yaml").write_text(edited, encoding="utf-8")
    second, read_second = _check(work, cache)
    assert read_second == 0
    assert second == _check(work, cache, PMKIT_NO_CACHE="1")[0]
