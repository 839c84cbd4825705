"""`pmkit history FILE` and the git evidence on long-lived postmortems: many revisions, many
corrections, files moved into the folders read by their folder.

The tests count the work done (how often a version's facts are worked out), not the time taken.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import GIT_ENV_LEFTOVERS, PM, PUBLISHED, GitRepo

import pmkit.facts
from pmkit.cli import main
from pmkit.commands import history as history_command


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in GIT_ENV_LEFTOVERS:
        monkeypatch.delenv(key, raising=False)
    history_command._load.cache_clear()  # versions parsed by earlier tests are not counted


def _history(*args: str, capsys: Any) -> tuple[int, str, str]:
    code = main(["history", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """A counter of the calls of ``module.name`` from now on."""
    calls = [0]
    real = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _revised(tmp_path: Path, revisions: int) -> GitRepo:
    """The postmortem committed, then revised ``revisions - 1`` times, each revision changing
    the user count, a timeline time and the numbers of the summary."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish")
    for n in range(1, revisions):
        text = PUBLISHED.replace("users_affected: 12000", f"users_affected: {12000 + n}")
        text = text.replace("about 12,000 users", f"about {12000 + n} users")
        text = text.replace("- at: 2026-03-02T10:05:00Z", f"- at: 2026-03-02T10:{5 + n:02d}:00Z")
        repo.write(PM, text)
        repo.commit(f"Revision {n}")
    return repo


def test_each_version_facts_are_worked_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: Any) -> None:
    repo = _revised(tmp_path, 6)
    monkeypatch.chdir(repo.root)
    # The work of one version's facts: comparing a version with itself works out both sides.
    keyed, numbers = (_count_calls(monkeypatch, pmkit.facts, name) for name in ("keyed_facts", "numbers_in"))
    pmkit.facts.diff_facts(pmkit.facts.load_data(PUBLISHED), pmkit.facts.load_data(PUBLISHED))
    assert keyed[0] == 2
    one_version = numbers[0] // 2
    keyed[0] = numbers[0] = 0
    code, out, err = _history(PM, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"History of {PM}: 6 commits\n")
    assert "    impact.users_affected: 12004 → 12005   [SILENT: no correction declares it]\n" in out
    assert "    timeline[1].at: 2026-03-02T10:09:00Z → 2026-03-02T10:10:00Z   [SILENT" in out
    # Six versions, each the newer side of one comparison and the older side of the next.
    assert keyed[0] == 6
    assert numbers[0] == 6 * one_version
