"""PM601-PM606 on facts written in less common forms: dates with dots or slashes or a month's
name, fractions, signed figures, hours and minutes; timeline events swapped between two times;
negative impact metrics; renames named by a correction; metric names and ``fields`` whose case
or order changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, committed_here, found, history_findings, line_of

from pmkit.facts import diff_facts, load_data, numbers_in

SUMMARY = "  For 47 minutes, about 12,000 users got notifications late.\n"
METRIC = "    - {name: notifications delayed, value: 80000, unit: messages}\n"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> GitRepo:
    return committed_here(tmp_path, monkeypatch, text)


def _check(capsys: Any, path: str = PM) -> tuple[int, list[dict[str, Any]]]:
    return history_findings(capsys, path)


def _with_summary(sentence: str, lang: str = "en") -> str:
    return PUBLISHED.replace(SUMMARY, f"  {sentence}\n").replace("lang: en", f"lang: {lang}")


def _data(text: str) -> dict[str, Any]:
    loaded = load_data(text)
    assert loaded is not None
    return loaded


# --- 1. numbers written in other forms --------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lang", "keys"),
    [
        ("on 02.03.2026", None, ["2026-03-02"]),
        ("am 02.03.2026", "de", ["2026-03-02"]),
        ("2026/03/02", None, ["2026-03-02"]),
        ("3/5 nodes, 03/02/2026", None, ["3/5", "3/2/2026"]),
        ("-11 orders, -11%, +11%, (\u22125 %)", None, ["-11", "-11%", "11%", "-5%"]),
        # The dash of a range, of a word or of a zone is no sign.
        ("3-5 minutes, mid-2008, UTC-5", None, ["3", "5", "2008", "5"]),
        ("delayed by 1h30, then 2 h 15 min", None, ["1h30", "2h15"]),
        ("5 June 2023, June 5, 2023, 5. Juni 2023", None, ["2023-06-05"] * 3),
        ("22:52, 22:52:00, 2026-03-02 10:00, 2026-03-02T10:00:00", None,
         ["22:52", "22:52", "2026-03-02T10:00", "2026-03-02T10:00"]),
    ],
)
def test_numbers_in_other_forms(text: str, lang: str | None, keys: list[str]) -> None:
    assert [t.key for t in numbers_in(text, lang)] == keys


def test_a_german_date_with_dots_changed_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary("Am 12.03.2024 schlugen 40 Zustellungen fehl.", "de"))
    text = repo.edit(PM, "Am 12.03.2024", "Am 13.03.2024")
    code, diags = _check(capsys)
    assert (code, found(diags)) == (1, [("PM601", line_of(text, "Am 13.03.2024"), 6)])
    assert diags[0]["message"].startswith("summary (numbers) changed from 12.03.2024 to 13.03.2024 ")


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("2026/03/02", "2026/03/05", "2026/03/02 to 2026/03/05"),
        ("1h30", "2h30", "1h30 to 2h30"),
        ("3/5", "3/7", "3/5 to 3/7"),
        ("-11%", "+11%", "-11% to +11%"),
    ],
)
def test_a_number_in_another_form_changed_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, old: str, new: str, shown: str) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary(f"On the day we saw {old} of the figure."))
    text = repo.edit(PM, f"saw {old} of", f"saw {new} of")
    code, diags = _check(capsys)
    assert (code, found(diags)) == (1, [("PM601", line_of(text, "On the day"), 21)])
    assert diags[0]["message"].startswith(f"summary (numbers) changed from {shown} ")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("on 5 June 2023", "on 2023-06-05"),
        ("on June 5, 2023", "on 2023-06-05"),
        ("at 22:52", "at 22:52:00"),
        ("am 02.03.2026", "am 2026-03-02"),
    ],
)
def test_the_same_date_or_time_in_another_form_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, old: str, new: str) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary(f"The queue stalled {old}, for 47 minutes."))
    repo.edit(PM, old, new)
    assert _check(capsys) == (0, [])


# --- 2. events swapped between two times -------------------------------------------------------

TWO = """\
  - at: 2026-03-02T10:25:00Z
    actor: messaging on-call engineer
    event: Scaled out the consumers.
  - at: 2026-03-02T10:30:00Z
    actor: messaging on-call engineer
    event: Rolled back the release.
"""
RESOLVED = "  - at: 2026-03-02T10:47:00Z\n    milestone: resolved\n"


def test_events_swapped_between_two_times_are_two_changed_times(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, PUBLISHED.replace(RESOLVED, TWO + RESOLVED))
    swapped = TWO.replace("Scaled out the consumers.", "@").replace(
        "Rolled back the release.", "Scaled out the consumers.").replace("@", "Rolled back the release.")
    text = repo.edit(PM, TWO, swapped)
    code, diags = _check(capsys)
    first, second = line_of(text, "10:25:00Z"), line_of(text, "10:30:00Z")
    assert (code, found(diags)) == (1, [("PM601", first, 9), ("PM601", second, 9)])
    assert diags[0]["message"].startswith(
        "timeline[2].at changed from 2026-03-02T10:30:00Z to 2026-03-02T10:25:00Z ")
    assert diags[1]["message"].startswith(
        "timeline[3].at changed from 2026-03-02T10:25:00Z to 2026-03-02T10:30:00Z ")


def test_an_event_reworded_at_its_own_time_is_still_paired_with_it() -> None:
    old = PUBLISHED.replace(RESOLVED, TWO + RESOLVED)
    new = old.replace("Scaled out the consumers.", "Scaled the consumers out to 12.")
    assert [tuple(c) for c in diff_facts(_data(old), _data(new))] == [
        ("timeline[2].event (numbers)", None, "12")]


# --- 3. and 6. impact metrics revised: negative values, rounding ------------------------------

def _with_metric(value: str, unit: str, name: str = "checkouts compared with the same hour last week") -> str:
    return PUBLISHED.replace(METRIC, METRIC + f"    - {{name: {name}, value: {value}, unit: {unit}}}\n")


def _correct(repo: GitRepo, field: str) -> str:
    entry = f"  - at: 2026-11-20\n    description: Restated.\n    fields: [\"{field}\"]\n"
    return repo.edit(PM, "corrections: []\n", "corrections:\n" + entry)


CHECKOUTS = "impact.metrics[checkouts compared with the same hour last week].value"


def test_a_negative_metric_dropping_further_is_revised_upward(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_metric("-11", "percent"))
    repo.edit(PM, "value: -11,", "value: -20,")
    text = _correct(repo, CHECKOUTS)
    code, diags = _check(capsys)
    assert (code, found(diags)) == (0, [("PM602", line_of(text, "value: -20"), 70)])
    assert diags[0]["message"] == (
        f"{CHECKOUTS} revised upward after publication: -11 → -20 (-9, +82% larger drop); "
        "declared by the correction of 2026-11-20")


@pytest.mark.parametrize("new", ["-5", "11"])
def test_a_negative_metric_dropping_less_or_turning_is_a_change_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, new: str) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_metric("-11", "percent"))
    text = repo.edit(PM, "value: -11,", f"value: {new},")
    code, diags = _check(capsys)
    assert (code, found(diags)) == (1, [("PM601", line_of(text, f"value: {new},"), 70)])
    assert diags[0]["message"].startswith(f"{CHECKOUTS} changed from -11 percent to {new} percent ")


def test_a_metric_in_another_unit_is_shown_rounded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_metric("1", "GiB", "data rewritten"))
    repo.edit(PM, "value: 1, unit: GiB}", "value: 1100, unit: MB}")
    text = _correct(repo, "impact.metrics[data rewritten].value")
    _, diags = _check(capsys)
    assert found(diags) == [("PM602", line_of(text, "unit: MB}"), 37)]
    assert diags[0]["message"] == (
        "impact.metrics[data rewritten].value revised upward after publication: 1 GiB → 1100 MB "
        "(= 1.02 GiB; +0.024 GiB, +2%); declared by the correction of 2026-11-20")


# --- 4. a rename named by a correction ---------------------------------------------------------

OLD, NEW = "postmortems/q.yaml", "postmortems/q2.yaml"


def _renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, description: str) -> str:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    repo = GitRepo(tmp_path / "repo")
    repo.write(OLD, PUBLISHED)
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    repo.git("mv", OLD, NEW)
    entry = f"  - at: 2026-11-20\n    description: \"{description}\"\n    fields: []\n"
    return repo.edit(NEW, "corrections: []\n", "corrections:\n" + entry)


@pytest.mark.parametrize("description", [
    "Typo fixed; see the faq.yaml page.",
    "Moved from archive/postmortems/q.yaml.",
    "See postmortems/q.yaml.bak.",
])
def test_a_correction_naming_another_file_is_no_trace_of_a_rename(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, description: str) -> None:
    text = _renamed(tmp_path, monkeypatch, description)
    code, diags = _check(capsys, NEW)
    assert (code, found(diags)) == (1, [("PM606", line_of(text, "id: 2026-03-02-queue"), 1)])
    assert diags[0]["message"] == f"published postmortem renamed: {OLD} → {NEW}, with no trace"


@pytest.mark.parametrize("description", [
    "Moved from postmortems/q.yaml to postmortems/q2.yaml.",
    "Renamed from q.yaml.",
    "Renamed from ./postmortems/q.yaml; old links redirect.",
    "The old file (`q.yaml`) redirects.",
])
def test_a_correction_naming_the_old_path_or_name_is_a_trace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, description: str) -> None:
    _renamed(tmp_path, monkeypatch, description)
    assert _check(capsys, NEW) == (0, [])


# --- 5. metric names and fields whose case or order changed -----------------------------------

def test_a_metric_renamed_only_in_case_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, PUBLISHED)
    repo.edit(PM, "name: notifications delayed,", "name: Notifications Delayed,")
    assert _check(capsys) == (0, [])


def test_a_metric_renamed_in_case_with_a_new_value_is_one_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, PUBLISHED)
    text = repo.edit(PM, "name: notifications delayed, value: 80000",
                     "name: Notifications Delayed, value: 70000")
    code, diags = _check(capsys)
    assert (code, found(diags)) == (1, [("PM601", line_of(text, "Notifications Delayed"), 44)])
    assert diags[0]["message"].startswith(
        "impact.metrics[Notifications Delayed].value changed from 80000 messages to 70000 messages ")


def test_the_fields_of_a_correction_reordered_are_no_rewrite(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    corrected = PUBLISHED.replace("corrections: []\n", (
        "corrections:\n  - at: 2026-03-06\n    description: Restated.\n"
        "    fields: [impact.users_affected, summary]\n"))
    repo = _repo(tmp_path, monkeypatch, corrected)
    repo.edit(PM, "fields: [impact.users_affected, summary]", "fields: [summary, impact.users_affected]")
    assert _check(capsys) == (0, [])
