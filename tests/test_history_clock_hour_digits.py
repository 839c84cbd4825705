"""PM601 on clock times in prose: an hour written with one digit or two is the same time, so a
published "9:05" restated as "09:05" (or "9:05 am") is no change, while another time is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, committed_here, found, history_findings, line_of

from pmkit.facts import numbers_in

SUMMARY_END = "  For 47 minutes, about 12,000 users got notifications late.\n"


def _published_with(sentence: str) -> str:
    assert PUBLISHED.count(SUMMARY_END) == 1
    return PUBLISHED.replace(SUMMARY_END, SUMMARY_END.rstrip("\n") + f" {sentence}\n")


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> GitRepo:
    return committed_here(tmp_path, monkeypatch, text)


def _check(capsys: Any) -> tuple[int, list[dict[str, Any]]]:
    return history_findings(capsys)


@pytest.mark.parametrize(("text", "keys"), [
    ("at 9:05 the page fired", ["09:05"]),
    ("at 09:05 the page fired", ["09:05"]),
    ("9:05am and 9:05 a.m.", ["09:05", "09:05"]),
    ("9:05:30 and 9:05:00", ["09:05:30", "09:05"]),
])
def test_an_hour_of_one_digit_is_read_with_two(text: str, keys: list[str]) -> None:
    assert [t.key for t in numbers_in(text)] == keys


@pytest.mark.parametrize("written", ["09:05", "9:05 am", "09:05:00"])
def test_a_clock_time_restated_with_its_hour_in_two_digits_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, written: str) -> None:
    repo = _repo(tmp_path, monkeypatch, _published_with("The first page came at 9:05 UTC."))
    repo.edit(PM, "at 9:05 UTC.", f"at {written} UTC.")
    assert _check(capsys) == (0, [])


def test_another_clock_time_is_still_a_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _published_with("The first page came at 9:05 UTC."))
    text = repo.edit(PM, "at 9:05 UTC.", "at 09:50 UTC.")
    code, diags = _check(capsys)
    assert code == 1
    assert [d[0] for d in found(diags)] == ["PM601"]
    assert found(diags)[0][1] == line_of(text, "09:50")
    assert "changed from 9:05 to 09:50" in diags[0]["message"]
