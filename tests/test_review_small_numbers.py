"""Numbers in prose whose digit runs are too long for a date, a fraction or a duration are
kept as written: reading them never fails, and no history rule stops on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, pmkit_json

from pmkit.facts import numbers_in


@pytest.mark.parametrize("text", [
    "ticket 2026/99999999999999999999/01",
    "2026/01/" + "9" * 5000,
    "1/" + "9" * 5000,
    "9" * 5000 + "h30",
    "0" * 5000 + "/3",
])
@pytest.mark.parametrize("lang", ["en", "de", None])
def test_a_long_digit_run_is_read_without_failing(text: str, lang: str | None) -> None:
    tokens = numbers_in(text, lang)
    assert tokens and all(token.written in text for token in tokens)


def test_a_date_too_large_to_be_one_is_kept_as_written() -> None:
    assert [t.key for t in numbers_in("ticket 2026/99999999999999999999/01")] == [
        "2026/99999999999999999999/01"]


def test_long_fractions_and_durations_keep_their_digits() -> None:
    assert numbers_in("1/" + "9" * 5000)[0].key == "1/" + "9" * 5000
    assert numbers_in("9" * 5000 + "h30")[0].key == "9" * 5000 + "h30"
    assert numbers_in("0" * 50 + "/3")[0].key == "0/3"


def test_short_forms_read_as_before() -> None:
    keys = [t.key for t in numbers_in("03/02/2026, 2026/03/02, 1h30, 01h05, 3/5, 2026/02/31")]
    assert keys == ["3/2/2026", "2026-03-02", "1h30", "1h05", "3/5", "2026/02/31"]


def test_any_text_is_read_without_failing() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text(), st.sampled_from(["en", "de"]))
    def check(text: str, lang: str) -> None:
        numbers_in(text, lang)

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text(alphabet="0123456789/h:.,- m%k", min_size=1), st.sampled_from(["en", "de"]))
    def check_digits(text: str, lang: str) -> None:
        numbers_in(text, lang)

    check()
    check_digits()


def test_a_published_summary_with_a_huge_ticket_number_is_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clear_git_env(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "got notifications late.", "got notifications late, ticket 2026/99999999999999999999/01.")
    _, diags = pmkit_json("postmortems", capsys=capsys)
    assert not [d for d in diags if d["code"] == "PM903"], diags
