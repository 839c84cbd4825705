"""The built-in disclosure presets kept between runs of the command (pmkit.policies.builtin,
through pmkit.patterncache.memo): the same presets as ones validated anew, the preset files not
read by a run that finds them kept, and presets validated anew when what they come from changed
or the kept value is not theirs (another shape, or a pickle that would make anything else)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import fresh_memos, kept_cache_run, sources_named
from pmkit import patterncache, policies

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "disclosure" / "bad"
pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no command cache before Python 3.11")


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh memo of presets, as the command has it, and the presets asked anew each time."""
    memos = fresh_memos(tmp_path, monkeypatch)
    policies.builtin.cache_clear()
    yield memos
    policies.builtin.cache_clear()


def _anew(kept: dict[str, patterncache.Memo]) -> None:
    """Write what was kept, and read it as the next run does."""
    kept["policies"].save()
    kept.clear()
    policies.builtin.cache_clear()


def _not_read() -> Any:
    raise AssertionError("the preset files were read")


def test_kept_presets_are_the_presets_validated_anew(kept: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    validated = policies.builtin()
    assert list(validated) == list(policies.BUILTIN_IDS)
    _anew(kept)
    monkeypatch.setattr(policies, "builtin_data", _not_read)
    again = policies.builtin()
    assert again == validated
    assert again["gdpr-art33"].stages == validated["gdpr-art33"].stages
    assert [type(policy) for policy in again.values()] == [policies.Policy] * len(validated)
    # (a team's table over a built-in preset still reads the preset's file, to merge over it)
    assert policies.parse_policies({}) == validated


def test_a_kept_value_that_is_not_the_presets_is_validated_anew(kept: Any, tmp_path: Path) -> None:
    validated = policies.builtin()
    key = ("built-in presets", policies._sources())
    presets = pickle.dumps(validated)
    fewer = pickle.dumps(dict(list(validated.items())[1:]))
    renamed = pickle.dumps({"gdpr-art33" if pid == "internal" else pid: policy
                            for pid, policy in validated.items()})
    # Pickles that make other objects than this module's models (a set of the builtins, a
    # function called as the value is read): refused before anything is made.
    foreign = pickle.dumps({pid: {1, 2} for pid in validated})
    called = pickle.dumps({pid: _Called() for pid in validated})
    for bad in [(), (presets, presets), ("text",), (presets[:-5],), (fewer,), (renamed,), (foreign,),
                (called,), (pickle.dumps(validated["internal"]),)]:
        kept["policies"] = patterncache.Memo(tmp_path / "policies.bin")
        kept["policies"].put(key, bad)
        policies.builtin.cache_clear()
        assert policies.builtin() == validated
    assert _CALLS == []


#: What unpickling a :class:`_Called` did: a kept value must call nothing as it is read.
_CALLS: list[str] = []


def _record(what: str) -> str:
    _CALLS.append(what)
    return what


class _Called:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return _record, ("called",)


def test_presets_are_kept_by_what_they_come_from(kept: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changed preset files, another pmkit or another pydantic key another value."""
    policies.builtin()
    _anew(kept)
    monkeypatch.setattr(policies, "_sources", lambda: "another")
    read: list[int] = []
    real = policies.builtin_data

    def counted() -> Any:
        read.append(1)
        return real()

    monkeypatch.setattr(policies, "builtin_data", counted)
    assert list(policies.builtin()) == list(policies.BUILTIN_IDS)
    assert read == [1]


def test_the_sources_name_the_preset_files_and_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic.version import VERSION

    here = Path(policies.__file__).parent
    sources, seen = sources_named(policies._sources, monkeypatch)
    assert {"__init__.py", "snapshot.json", *(f"{pid}.yaml" for pid in policies.BUILTIN_IDS)} <= seen
    assert sources.endswith(f" {VERSION}")
    assert all((here / name).exists() for name in seen)


#: The command, in one process (PMKIT_JOBS=1), saying as it ends whether it read the preset files.
_RUN = """
import atexit, sys
from pmkit import policies
read = []
real = policies.builtin_data.__wrapped__
policies.builtin_data = lambda: read.append(1) or real()
atexit.register(lambda: print("preset files read:", len(read), file=sys.stderr))
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def test_the_command_reads_the_preset_files_once(tmp_path: Path) -> None:
    """The first run validates the presets and keeps them; the next takes the kept ones and
    finds the same late notices as a run without them."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    (work / "pm.yaml").write_text((FIXTURES / "sec-juneteenth-late.yaml").read_text(encoding="utf-8"),
                                  encoding="utf-8")
    first, read_first = kept_cache_run(work, cache, _RUN)
    assert read_first == "preset files read: 1"
    assert any(d["code"].startswith("PM4") for d in first)
    second, read_second = kept_cache_run(work, cache, _RUN)
    assert read_second == "preset files read: 0"
    assert second == first == kept_cache_run(work, cache, _RUN, PMKIT_NO_CACHE="1")[0]
