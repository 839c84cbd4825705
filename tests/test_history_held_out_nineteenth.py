"""PM6xx on facts read as one: a metric's value with its unit, a timestamp in prose with its
zone, a clock time with am/pm, and the notifications to one audience by what they say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, committed_here, found, history_findings, line_of, pmkit_json

from pmkit.facts import diff_facts, load_data, numbers_in

METRIC = "    - {name: notifications delayed, value: 80000, unit: messages}\n"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> GitRepo:
    return committed_here(tmp_path, monkeypatch, text)


def _check(capsys: Any) -> tuple[int, list[dict[str, Any]]]:
    return history_findings(capsys)


def _correct(repo: GitRepo, field: str) -> str:
    entry = f"  - at: 2026-11-20\n    description: Restated.\n    fields: [\"{field}\"]\n"
    return repo.edit(PM, "corrections: []\n", "corrections:\n" + entry)


# --- 1. a metric's value and unit are one fact ------------------------------------------------

def _with_metric(value: str, unit: str) -> str:
    added = f"    - {{name: time to drain, value: {value}, unit: {unit}}}\n"
    return PUBLISHED.replace(METRIC, METRIC + added)


def test_a_metric_restated_in_another_unit_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_metric("2", "h"))
    repo.edit(PM, "value: 2, unit: h}", "value: 120, unit: min}")
    assert _check(capsys) == (0, [])


def test_a_metric_larger_in_another_unit_is_revised_upward_in_the_old_unit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_metric("120", "min"))
    repo.edit(PM, "value: 120, unit: min}", "value: 3, unit: h}")
    text = _correct(repo, "impact.metrics[time to drain].value")
    _, diags = _check(capsys)
    assert found(diags) == [("PM602", line_of(text, "unit: h}"), 36)]
    assert diags[0]["message"] == (
        "impact.metrics[time to drain].value revised upward after publication: 120 min → 3 h "
        "(= 180 min; +60 min, +50%); declared by the correction of 2026-11-20")


def test_a_metric_smaller_in_another_unit_is_a_change_not_an_upward_revision(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_metric("2", "h"))
    text = repo.edit(PM, "value: 2, unit: h}", "value: 90, unit: min}")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "time to drain"), 36)]
    assert "impact.metrics[time to drain].value changed from 2 h to 90 min" in diags[0]["message"]


def test_a_metric_in_units_that_do_not_convert_is_a_change_without_a_direction(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, PUBLISHED)
    text = repo.edit(PM, "value: 80000, unit: messages}", "value: 90000, unit: batches}")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "notifications delayed"), 44)]
    assert "changed from 80000 messages to 90000 batches" in diags[0]["message"]


def test_a_metric_in_bytes_converts_by_its_prefix() -> None:
    def metric(value: str, unit: str) -> Any:
        return load_data(_with_metric(value, unit))

    assert diff_facts(metric("2", "GB"), metric("2000", "MB")) == []
    assert diff_facts(metric("1", "GiB"), metric("1024", "MiB")) == []
    assert [c.field for c in diff_facts(metric("1", "GB"), metric("1", "GiB"))] == [
        "impact.metrics[time to drain].value"]


# --- 2. a timestamp in prose is read as the schema reads one ----------------------------------

SUMMARY = "  For 47 minutes, about 12,000 users got notifications late.\n"


def _with_summary(sentence: str) -> str:
    return PUBLISHED.replace(SUMMARY, SUMMARY.rstrip("\n") + f" {sentence}\n")


@pytest.mark.parametrize("written", [
    "2026-03-02t10:00:00z", "2026-03-02 10:00:00Z", "2026-03-02T11:00:00+0100", "2026-03-02T05:00:00-05:00",
])
def test_a_timestamp_in_prose_written_another_way_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, written: str) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary("It began at 2026-03-02T10:00:00Z."))
    repo.edit(PM, "at 2026-03-02T10:00:00Z.", f"at {written}.")
    assert _check(capsys) == (0, [])


def test_a_lowercase_timestamp_in_prose_keeps_its_day_and_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary("It began at 2026-03-02t10:00:00z."))
    text = repo.edit(PM, "at 2026-03-02t10:00:00z.", "at 2026-03-02t09:40:00z.")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "For 47 minutes"), 74)]
    assert diags[0]["message"].startswith(
        "summary (numbers) changed from 2026-03-02t10:00:00z to 2026-03-02t09:40:00z since it was published")


def test_a_basic_format_offset_is_one_number_with_its_timestamp() -> None:
    assert [t.written for t in numbers_in("at 2026-03-02T11:00:00+0100 and 2026-03-02 10:00:00Z")] == [
        "2026-03-02T11:00:00+0100", "2026-03-02 10:00:00Z"]
    assert {t.key for t in numbers_in("at 2026-03-02T11:00:00+0100 and 2026-03-02 10:00:00Z")} == {
        "2026-03-02T10:00:00+00:00"}


# --- 3. a clock time keeps its am or pm --------------------------------------------------------

def test_a_clock_time_changed_from_pm_to_am_is_a_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary("It began at 10:52 pm UTC."))
    text = repo.edit(PM, "at 10:52 pm UTC.", "at 10:52 am UTC.")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "For 47 minutes"), 74)]
    assert diags[0]["message"].startswith("summary (numbers) changed from 10:52 pm to 10:52 am since it")


@pytest.mark.parametrize("written", ["10:52 p.m.", "10:52 PM", "10:52pm", "22:52"])
def test_a_clock_time_written_another_way_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, written: str) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_summary("It began at 10:52 pm UTC."))
    repo.edit(PM, "at 10:52 pm UTC.", f"at {written} UTC.")
    assert _check(capsys) == (0, [])


def test_am_and_pm_are_read_on_the_24_hour_clock() -> None:
    assert [t.key for t in numbers_in("12:05 a.m., 9:05am, 12:30 PM, 11:59 p.m., 10:52 amid")] == [
        "00:05", "09:05", "12:30", "23:59", "10:52"]


# --- 4. notifications to one audience are paired by what they say -----------------------------

PAGE = "    - {audience: customers, sent_at: 2026-03-02T10:20:00Z, channel: status-page}\n"
MAIL = "    - {audience: customers, sent_at: 2026-03-02T12:00:00Z, channel: email}\n"


def _with_notifications(*notes: str) -> str:
    return PUBLISHED.replace("  published_at:", "  notifications:\n" + "".join(notes) + "  published_at:")


def test_notifications_to_one_audience_reordered_are_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_notifications(PAGE, MAIL))
    repo.write(PM, _with_notifications(MAIL, PAGE))
    assert _check(capsys) == (0, [])


def test_the_first_of_two_notifications_removed_is_one_removal_of_that_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_notifications(PAGE, MAIL))
    text = repo.write(PM, _with_notifications(MAIL)).read_text(encoding="utf-8")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "channel: email"), 7)]
    assert diags[0]["message"] == (
        "disclosure.notifications[customers] was removed (was customers, sent_at 2026-03-02T10:20:00Z, "
        "channel status-page) since it was published (HEAD), and no new correction declares it")


def test_a_notification_added_before_another_to_its_audience_is_one_addition(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_notifications(MAIL))
    text = repo.write(PM, _with_notifications(PAGE, MAIL)).read_text(encoding="utf-8")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "channel: status-page"), 7)]
    assert diags[0]["message"].startswith(
        "disclosure.notifications[customers#2] was added: customers, sent_at 2026-03-02T10:20:00Z, "
        "channel status-page since it was published")


def test_a_notification_sent_later_is_still_a_changed_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, _with_notifications(PAGE, MAIL))
    text = repo.write(PM, _with_notifications(PAGE, MAIL.replace("T12:00", "T13:00"))).read_text(
        encoding="utf-8")
    _, diags = _check(capsys)
    assert found(diags) == [("PM601", line_of(text, "channel: email"), 38)]
    assert diags[0]["message"].startswith(
        "disclosure.notifications[customers#2].sent_at changed from 2026-03-02T12:00:00Z to "
        "2026-03-02T13:00:00Z since it was published")


# --- corrections are appended, newest last -----------------------------------------------------

def _corrected_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A published postmortem with one correction, committed, and a fact since changed."""
    first = ("corrections:\n  - at: 2026-03-10\n    description: 15,000 users, not 12,000.\n"
             "    fields: [impact.users_affected]\n")
    repo = _repo(tmp_path, monkeypatch, PUBLISHED.replace("users_affected: 12000", "users_affected: 15000")
                 .replace("corrections: []\n", first))
    repo.edit(PM, "customers_affected: 40", "customers_affected: 45")
    return repo


def test_a_new_correction_inserted_above_an_older_one_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _corrected_once(tmp_path, monkeypatch)
    entry = "  - at: 2026-11-20\n    description: 45 customers.\n    fields: [impact.customers_affected]\n"
    text = repo.edit(PM, "corrections:\n", "corrections:\n" + entry)
    _, diags = pmkit_json("--select", "PM608", "--no-hints", "--base", "HEAD", PM, capsys=capsys)
    assert found(diags) == [("PM608", line_of(text, "at: 2026-11-20"), 5)]
    assert diags[0]["message"] == (
        "corrections[0] was added above corrections[1] of 2026-03-10, which was there before: "
        "corrections are appended, newest last")


def test_a_new_correction_appended_last_is_not_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _corrected_once(tmp_path, monkeypatch)
    repo.write(PM, repo.read(PM) + "  - at: 2026-11-20\n    description: 45 customers.\n"
               "    fields: [impact.customers_affected]\n")
    assert pmkit_json("--select", "PM608", "--no-hints", "--base", "HEAD", PM, capsys=capsys) == (0, [])


def test_a_unit_of_its_own_recased_is_no_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, monkeypatch, PUBLISHED)
    repo.edit(PM, "value: 80000, unit: messages}", "value: 80000, unit: Messages}")
    assert _check(capsys) == (0, [])
