"""Blameless-phrasing findings kept between runs of the command (pmkit.prose.engine.scan_text,
through pmkit.patterncache.memo): the same findings as a text read anew, no text read again
that was read before with the same lexicon, people and link labels, and every text read anew
with a team's own lexicon or when a kept finding cannot be trusted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from helpers import kept_cache_run
from pmkit import patterncache
from pmkit.prose import engine
from pmkit.prose.engine import scan_text
from pmkit.prose.lexicon import default_lexicon, with_entries
from pmkit.prose.shown import link_labels

SRC = Path(__file__).resolve().parent.parent / "src"
BAD = Path(__file__).resolve().parent / "fixtures" / "blameless" / "bad"
pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no command cache before Python 3.11")

#: The command, in one process (PMKIT_JOBS=1), saying as it ends how many texts it read.
_RUN = """
import atexit, sys
from pmkit.prose import engine
read = []
scan = engine._scan_text
engine._scan_text = lambda *args: read.append(1) or scan(*args)
from pmkit.prose import lexicon
atexit.register(lambda: print("lexicons compiled:", lexicon.default_lexicon.cache_info().currsize,
                              "texts read:", len(read), file=sys.stderr))
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def _check(cwd: Path, cache: Path, **env: str) -> tuple[list[dict[str, Any]], int]:
    """The run's findings, and how many texts it read; the bundled lexicon's entries are
    compiled only when it reads one."""
    found, last = kept_cache_run(cwd, cache, _RUN, **env)
    said = last.split()
    assert said[:2] == ["lexicons", "compiled:"] and said[3:5] == ["texts", "read:"], last
    compiled, read = int(said[2]), int(said[5])
    assert compiled <= (1 if read else 0), last
    return found, read


@pytest.mark.parametrize("fixture", ["styles-en.yaml", "styles-de.yaml"])
def test_texts_read_before_are_not_read_again(tmp_path: Path, fixture: str) -> None:
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    (work / "pm.yaml").write_bytes((BAD / fixture).read_bytes())
    first, read_first = _check(work, cache)
    second, read_second = _check(work, cache)
    anew, read_anew = _check(work, cache, PMKIT_NO_CACHE="1")
    assert any(d["code"].startswith("PM3") for d in first)
    assert first == second == anew
    assert read_first == read_anew > 5 and read_second == 0  # (and no entries compiled)
    # One field edited: that text alone is read again.
    source = (work / "pm.yaml").read_text(encoding="utf-8")
    edited = source.replace("summary: ", "summary: Alice should have checked the diff. ", 1)
    assert edited != source
    (work / "pm.yaml").write_text(edited, encoding="utf-8")
    third, read_third = _check(work, cache)
    assert read_third == 1
    assert third == _check(work, cache, PMKIT_NO_CACHE="1")[0]


def test_a_teams_own_lexicon_is_read_anew_every_run(tmp_path: Path) -> None:
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    (work / "pm.yaml").write_bytes((BAD / "styles-en.yaml").read_bytes())
    (work / "pyproject.toml").write_text('[tool.pmkit.prose]\ndisable = ["en.should-have"]\n',
                                         encoding="utf-8")
    first, read_first = _check(work, cache)
    second, read_second = _check(work, cache)
    assert first == second and read_first == read_second > 5
    assert not (cache / "findings.bin").exists()


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> patterncache.Memo:
    """The command's memo of findings, in this process."""
    memo = patterncache.Memo(tmp_path / "findings.bin")
    monkeypatch.setattr(patterncache, "memo", lambda name: memo if name == "findings" else None)
    return memo


TEXT = "kim forgot to renew the certificate, see [the notes][human error]."


def test_the_people_and_link_labels_a_text_is_read_with_are_part_of_its_key(kept: patterncache.Memo) -> None:
    lexicon = default_lexicon("en")
    assert lexicon.bundled
    cases: list[tuple[frozenset[str], frozenset[str]]] = [
        (frozenset(), frozenset()), (frozenset({"kim"}), frozenset()),
        (frozenset({"kim"}), frozenset({"human error"}))]
    anew = []
    for names, labels in cases:
        with link_labels(labels):
            anew.append(engine._scan_text(TEXT, lexicon, names))
    # The name makes a finding one about a named person; the label makes "[human error]" a link's.
    assert anew[0] != anew[1] != anew[2]
    for _round in range(2):  # filled, then read back
        for (names, labels), expected in zip(cases, anew, strict=True):
            with link_labels(labels):
                assert scan_text(TEXT, lexicon, names=names) == expected
    assert len(kept._fresh) == len(cases)


def test_a_lexicon_with_other_entries_is_not_kept(kept: patterncache.Memo) -> None:
    lexicon = default_lexicon("en")
    mine = with_entries(lexicon, [entry for entry in lexicon.entries if entry.id != "en.should-have"])
    assert not mine.bundled
    scan_text(TEXT, mine)
    assert kept._fresh == {}


@pytest.mark.parametrize("rows", [("not rows",), (("human-error", "PM301"),),
                                  (("a", "b", "c", "4", 5, "f", "g", "h", "i", "j"),)])
def test_kept_findings_of_the_wrong_shape_are_read_anew(kept: patterncache.Memo,
                                                        rows: tuple[Any, ...]) -> None:
    lexicon = default_lexicon("en")
    expected = engine._scan_text(TEXT, lexicon, ())
    scan_text(TEXT, lexicon)
    (key,) = kept._fresh
    kept._fresh[key] = (TEXT, rows)
    assert scan_text(TEXT, lexicon) == expected
