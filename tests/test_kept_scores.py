"""Readability scores kept between runs of the command (pmkit.readability, through
pmkit.patterncache.memo): the same findings as a score worked out anew, textstat not even
imported for a summary scored before, and a new score whenever the text, or what scores it,
changed, or the kept one cannot be trusted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pmkit import patterncache, readability

SRC = Path(__file__).resolve().parent.parent / "src"
BAD = Path(__file__).resolve().parent / "fixtures" / "clarity" / "bad"
pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no command cache before Python 3.11")

#: The command, in one process (PMKIT_JOBS=1), saying as it ends whether it imported textstat.
_RUN = """
import atexit, sys
atexit.register(lambda: print("textstat imported:", "textstat" in sys.modules, file=sys.stderr))
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def _check(cwd: Path, cache: Path, name: str, **env: str) -> tuple[list[dict[str, Any]], bool]:
    """The run's findings of PM501 (and every other), and whether it imported textstat."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PMKIT_", "XDG_"))}
    environ.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25T00:00:00Z", PMKIT_CACHE_DIR=str(cache),
                   PMKIT_JOBS="1", GIT_CEILING_DIRECTORIES=str(cwd.parent), **env)
    done = subprocess.run([sys.executable, "-c", _RUN, "check", "--format", "json", name], cwd=cwd,
                          capture_output=True, text=True, env=environ, timeout=120)
    assert done.returncode == 1, done.stderr
    said = done.stderr.strip().splitlines()[-1]
    assert said.startswith("textstat imported: "), done.stderr
    return json.loads(done.stdout)["diagnostics"], said.endswith("True")


def _pm501(found: list[dict[str, Any]]) -> list[str]:
    return [d["message"] for d in found if d["code"] == "PM501"]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("fixture", ["en-published.yaml", "de-in-review.yaml"])
def test_a_summary_scored_before_is_not_scored_again(work: Path, fixture: str) -> None:
    (work / "pm.yaml").write_bytes((BAD / fixture).read_bytes())
    cache = work.parent / "cache"
    first, imported_first = _check(work, cache, "pm.yaml")
    second, imported_second = _check(work, cache, "pm.yaml")
    anew, _ = _check(work, cache, "pm.yaml", PMKIT_NO_CACHE="1")
    assert imported_first and not imported_second
    assert _pm501(first)  # (the fixture's summary is hard to read: the message shows the score)
    assert first == second == anew
    assert (cache / "scores.bin").is_file()


def test_an_edited_summary_is_scored_anew(work: Path) -> None:
    source = (BAD / "en-published.yaml").read_text(encoding="utf-8")
    (work / "pm.yaml").write_text(source, encoding="utf-8")
    cache = work.parent / "cache"
    before, _ = _check(work, cache, "pm.yaml")
    edited = source.replace("summary: ", "summary: The outage lasted two hours. ", 1)
    assert edited != source
    (work / "pm.yaml").write_text(edited, encoding="utf-8")
    after, imported = _check(work, cache, "pm.yaml")
    anew, _ = _check(work, cache, "pm.yaml", PMKIT_NO_CACHE="1")
    assert imported
    assert after == anew and _pm501(after) != _pm501(before)


def _rewrite(path: Path, value: Any) -> None:
    """Give every kept score of the file ``value`` instead, for the same text."""
    import marshal

    stored = patterncache._Stored.parse(path.read_bytes())
    entries = {key: marshal.loads(entry) for key, entry in stored.entries().items()}
    assert entries and all(isinstance(entry, tuple) and len(entry) == 2 for entry in entries.values())
    path.write_bytes(patterncache._Stored.written(
        {key: marshal.dumps((text, value)) for key, (text, _score) in entries.items()}))


@pytest.mark.parametrize("damage", ["bytes", "shape", "types", "others-may-write", "another-text"])
def test_a_kept_score_that_cannot_be_trusted_is_worked_out_anew(work: Path, damage: str) -> None:
    (work / "pm.yaml").write_bytes((BAD / "de-in-review.yaml").read_bytes())
    cache = work.parent / "cache"
    first, _ = _check(work, cache, "pm.yaml")
    kept = cache / "scores.bin"
    if damage == "bytes":
        data = bytearray(kept.read_bytes())
        data[-3] ^= 0xFF  # inside the last entry: its checksum fails
        kept.write_bytes(bytes(data))
    elif damage == "shape":
        _rewrite(kept, ("wiener", 1.0))
    elif damage == "types":
        _rewrite(kept, ("wiener", "1.0", 62, 6, "textstat", 2.0))
    elif damage == "others-may-write":
        _rewrite(kept, ("wiener", 1.0, 62, 6, "textstat", 2.0))  # (a score that passes)
        kept.chmod(0o666)
    else:  # another text's score, under this one's digest
        import marshal

        stored = patterncache._Stored.parse(kept.read_bytes())
        kept.write_bytes(patterncache._Stored.written(
            {key: marshal.dumps(("another summary", ("wiener", 1.0, 62, 6, "textstat", 2.0)))
             for key in stored.entries()}))
    again, imported = _check(work, cache, "pm.yaml")
    assert imported
    assert again == first


def test_a_score_depends_on_the_files_that_work_it_out(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    counting = tmp_path / "readability.py"
    counting.write_text("# pmkit's counting\n", encoding="utf-8")
    monkeypatch.setattr(readability, "__file__", str(counting))
    before = readability._scorers.__wrapped__()
    assert before == readability._scorers.__wrapped__()
    later = time.time() + 10
    os.utime(counting, (later, later))
    assert readability._scorers.__wrapped__() != before


def test_a_program_that_uses_the_library_keeps_no_scores(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(patterncache, "_installed", None)
    assert patterncache.memo("scores") is None
    got = readability.score("The database was down for two hours. Orders failed.", "en")
    assert got.words == 9
    assert not (tmp_path / "cache").exists()


def test_a_memo_adds_no_more_than_its_bounds_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = patterncache.Memo(tmp_path / "kept.bin")
    monkeypatch.setattr(patterncache, "MAX_MEMO_BYTES", 1_000)
    for index in range(50):
        memo.put((f"{index:03d}" + "x" * 97, "kind"), index)  # 104 characters a key
    assert len(memo._fresh) == 9  # (9 x 104 <= 1,000 < 10 x 104)
    memo.put(("y" * (patterncache.MAX_PATTERN + 1), "kind"), 0)
    assert len(memo._fresh) == 9
    memo.save()
    again = patterncache.Memo(tmp_path / "kept.bin")
    assert [again.get((f"{index:03d}" + "x" * 97, "kind")) for index in (0, 8, 9)] == [0, 8, None]


def test_a_memo_file_over_its_bound_keeps_what_the_run_used(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run that adds a value writes the memo's file again as it ends: grown past
    MAX_MEMO_FILE, it keeps only the values that run used or added, so that it stays cheap to
    write (and what other runs left, unused here, is computed again when needed)."""
    monkeypatch.setattr(patterncache, "MAX_MEMO_FILE", 5_000)
    first = patterncache.Memo(tmp_path / "kept.bin")
    for index in range(20):
        first.put((f"text {index}", "kind"), "v" * 400)
    first.save()
    second = patterncache.Memo(tmp_path / "kept.bin")
    assert second.get(("text 3", "kind")) == "v" * 400  # (used by this run)
    second.put(("text new", "kind"), "w")
    second.save()
    third = patterncache.Memo(tmp_path / "kept.bin")
    assert third.get(("text 3", "kind")) == "v" * 400 and third.get(("text new", "kind")) == "w"
    assert [third.get((f"text {index}", "kind")) for index in (0, 19)] == [None, None]
    assert (tmp_path / "kept.bin").stat().st_size < 5_000
    # Under the bound, nothing is dropped.
    third.put(("text newer", "kind"), "x")
    third.save()
    fourth = patterncache.Memo(tmp_path / "kept.bin")
    kept = [fourth.get((name, "kind")) for name in ("text 3", "text new", "text newer")]
    assert kept == ["v" * 400, "w", "x"]


def test_a_memo_of_its_own_bound_keeps_what_the_run_used_past_it(tmp_path: Path) -> None:
    """A memo may have a bound of its own (the versions of a hook's files: a few are of use),
    below the one of every other memo."""
    first = patterncache.Memo(tmp_path / "kept.bin", max_file=5_000)
    for index in range(20):
        first.put((f"text {index}", "kind"), "v" * 400)
    first.save()
    assert patterncache.Memo(tmp_path / "kept.bin").get(("text 0", "kind")) == "v" * 400  # (over it)
    second = patterncache.Memo(tmp_path / "kept.bin", max_file=5_000)
    assert second.get(("text 3", "kind")) == "v" * 400
    second.put(("text new", "kind"), "w")
    second.save()
    third = patterncache.Memo(tmp_path / "kept.bin")
    assert [third.get((f"text {index}", "kind")) for index in (0, 3)] == [None, "v" * 400]
    assert (tmp_path / "kept.bin").stat().st_size < 5_000 < patterncache.MAX_MEMO_FILE
