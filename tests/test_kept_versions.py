"""The versions of a file kept between runs of the command for the history rules (pmkit.facts
.kept_data, through pmkit.patterncache.memo): a hook's check keeps the file as it checked it,
and the next commit's check takes that as its base version instead of parsing it again; the
same data as loaded anew, and loaded anew when the kept value is not of the loader's shape."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo

from helpers import fresh_memos
from pmkit import facts, patterncache

pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no command cache before Python 3.11")


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh memo of versions, as the command has it."""
    return fresh_memos(tmp_path, monkeypatch)


def _anew(kept: dict[str, patterncache.Memo]) -> None:
    """Write what was kept, and read it as the next run does."""
    kept["versions"].save()
    kept.clear()


def _not_loaded(text: str, *, markdown: bool = False) -> Any:
    raise AssertionError("the version was parsed")


def test_a_kept_version_is_the_data_loaded_anew(kept: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = facts.load_data(PUBLISHED)
    assert loaded is not None and facts.kept_data(PUBLISHED) == loaded
    _anew(kept)
    monkeypatch.setattr(facts, "load_data", _not_loaded)
    assert facts.kept_data(PUBLISHED) == loaded
    with pytest.raises(AssertionError, match="parsed"):  # (another text, or read as Markdown)
        facts.kept_data(PUBLISHED + "# edited\n")
    with pytest.raises(AssertionError, match="parsed"):
        facts.kept_data(PUBLISHED, markdown=True)


def test_kept_data_is_a_copy_of_what_the_run_goes_on_with(kept: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    data = facts.load_data(PUBLISHED)
    assert data is not None
    facts.keep_data(PUBLISHED, data)
    data["title"] = "changed after it was kept"
    data["impact"]["users_affected"] = 1
    _anew(kept)
    monkeypatch.setattr(facts, "load_data", _not_loaded)
    again = facts.kept_data(PUBLISHED)
    assert again is not None
    assert again["title"] == "Queue backlog delayed notifications"
    assert again["impact"]["users_affected"] == 12000


def _nested(depth: int) -> dict[str, Any]:
    data: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        data = {"inner": data}
    return data


@pytest.mark.parametrize("data", [
    _nested(facts.KEPT_DEPTH + 1),  # deeper than a postmortem, and than marshal writes at some depth
    {"at": (1, 2)},  # not what the loader makes
    {"items": [{1: "a number as a key"}]},
    {"when": {"a", "b"}},
])
def test_data_not_of_the_loaders_shape_is_not_kept(kept: Any, data: dict[str, Any]) -> None:
    facts.keep_data("text: 1\n", data)
    _anew(kept)  # (and the save does not fail)
    assert facts.kept_data("text: 1\n") == {"text": 1}


def test_a_kept_value_of_another_shape_is_loaded_anew(kept: Any, tmp_path: Path) -> None:
    key = (PUBLISHED, facts._loaded_by(False))
    for bad in [["a", "list"], {"title": {"a", "set"}}, {"id": ("a", "tuple")}, "text", None]:
        kept["versions"] = patterncache.Memo(tmp_path / "versions.bin")
        kept["versions"].put(key, bad)
        assert facts.kept_data(PUBLISHED) == facts.load_data(PUBLISHED)


def test_a_run_that_does_not_keep_keeps_nothing(kept: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert facts.kept_data(PUBLISHED, keep=False) == facts.load_data(PUBLISHED)
    _anew(kept)
    assert not (Path(patterncache.memo("versions").path)).exists()


#: The command, in one process (PMKIT_JOBS=1), saying as it ends how many versions it parsed.
_RUN = """
import atexit, sys
from pmkit import facts
parsed = []
real = facts.load_data
facts.load_data = lambda text, **options: parsed.append(1) or real(text, **options)
atexit.register(lambda: print("versions parsed:", len(parsed), file=sys.stderr))
sys.argv = ["pmkit", *sys.argv[1:]]
from pmkit.launcher import run
sys.exit(run())
"""


def _check(repo: GitRepo, cache: Path, **env: str) -> tuple[list[dict[str, Any]], str]:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("PMKIT_", "XDG_", "GIT_", "PRE_COMMIT"))}
    environ.update(PYTHONPATH=str(Path(__file__).resolve().parent.parent / "src"), PMKIT_JOBS="1",
                   PMKIT_NOW="2026-11-25T00:00:00Z", PMKIT_CACHE_DIR=str(cache),
                   GIT_CEILING_DIRECTORIES=str(repo.root.parent), **env)
    done = subprocess.run([sys.executable, "-c", _RUN, "check", "--select", "PM6", "--format", "json", PM],
                          cwd=repo.root, capture_output=True, text=True, env=environ, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["diagnostics"], done.stderr.strip().splitlines()[-1]


def test_the_next_commits_check_takes_its_base_version_kept(tmp_path: Path) -> None:
    """A hook's check keeps the file it checked; after the commit, the next edit's check takes
    that as the base version (nothing parsed but the file itself, which the loader read), and
    finds what a run without the cache finds: the facts changed since the base version."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    cache = tmp_path / "cache"
    repo.edit(PM, "users_affected: 12000", "users_affected: 12500")
    first, said = _check(repo, cache)
    assert said == "versions parsed: 1"  # (the base version, which this run keeps too)
    assert "PM601" in [d["code"] for d in first]  # (the fact changed, with no correction)
    repo.commit("More users affected")
    repo.edit(PM, "customers_affected: 40", "customers_affected: 45")
    second, said = _check(repo, cache)
    assert said == "versions parsed: 0"
    assert any(d["code"] == "PM601" and "customers_affected" in d["message"] for d in second)
    assert second == _check(repo, cache, PMKIT_NO_CACHE="1")[0]
