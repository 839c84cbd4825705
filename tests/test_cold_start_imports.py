"""A cold check of few files: which process applies which rules. Outside any repository the
process's own share reads no git, so it keeps blameless phrasing (PM3) and the child applies
the other text families; inside one, the child applies all four. Either way the findings are
those of one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import SPLIT_NOW, split_case, text_rules_log
from pmkit import forked
from pmkit.engine import Checker, _reads_git
from pmkit.rules import registry

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs fork")


def _child_families(log: Path) -> set[str]:
    [line] = log.read_text().splitlines()
    pid, *codes = line.split()
    assert int(pid) != os.getpid()
    return {code[:3] for code in codes}


def test_outside_a_repository_the_process_keeps_blameless_phrasing(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    files = split_case(tmp_path / "pm")
    log = text_rules_log(tmp_path, monkeypatch)
    split = Checker(now=SPLIT_NOW).check_paths(files, split_rules=True)
    assert _child_families(log) == {"PM2", "PM5", "PM7"}
    serial = Checker(now=SPLIT_NOW).check_paths(files, jobs=1)
    assert split.sorted() == serial.sorted()
    found = {(Path(d.path).name, d.line, d.code) for d in split.diagnostics}
    # A suppression of a blameless finding applies in this process's share as in the child's.
    assert ("flawed.yaml", 12, "PM301") not in found and ("plain.yaml", 11, "PM301") in found


def test_inside_a_repository_the_child_applies_every_text_family(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".git").mkdir()
    files = split_case(tmp_path / "repo" / "pm")
    log = text_rules_log(tmp_path, monkeypatch)
    split = Checker(now=SPLIT_NOW).check_paths(files, split_rules=True)
    assert _child_families(log) == {"PM2", "PM3", "PM5", "PM7"}
    assert split.sorted() == Checker(now=SPLIT_NOW).check_paths(files, jobs=1).sorted()


def test_a_share_waits_for_git_only_with_a_git_rule_and_a_repository(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    rules = list(registry())
    with_git = [rule() for rule in rules if rule.git]
    without_git = [rule() for rule in rules if not rule.git]
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    inside, outside = str(tmp_path / "repo" / "pm.yaml"), str(tmp_path / "pm.yaml")
    assert _reads_git(with_git, [outside, inside])
    assert not _reads_git(with_git, [outside])
    assert not _reads_git(without_git, [inside])
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "repo" / ".git"))  # a repository named, not found
    assert _reads_git(with_git, [outside])
