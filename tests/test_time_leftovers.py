"""Time values in corners the other timeline and clock tests do not reach."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, run, where
from pmkit.cli import main
from pmkit.engine import parse_now

SHORT_TIMELINE = """\
    pmkit: 1
    id: 2025-03-01-short
    title: Short outage of the login service
    status: draft
    lang: en
    severity: SEV3
    owner: platform lead
    summary: Login failed for twenty minutes after a bad deploy.
    timeline:
      - at: 2025-03-01T10:00:00+02:00
        milestone: impact_started
        actor: deploy pipeline
        event: A bad build was deployed.
      - at: {detected}
        milestone: detected
        actor: monitoring
        event: Alert on login errors.
      - at: 2025-03-01T10:30:00+02:00
        milestone: resolved
        actor: on-call engineer
        event: Rolled back.
    """


def test_milestone_order_blames_the_entry_in_another_offset_in_a_short_timeline() -> None:
    found = run(SHORT_TIMELINE.replace("{detected}", "2025-03-01T10:20:00+01:00"),
                select=["PM104", "PM105", "PM114"])
    assert where(found) == [("PM104", 14, 9)]
    assert found[0].message == (
        "'detected' at 2025-03-01 10:20 +01:00 is after 'resolved' at 2025-03-01 10:30 +02:00 "
        "(line 18), which cannot be: its offset +01:00 differs from the other entries' +02:00; "
        "with +02:00 it would be in order")
    assert found[0].hint == ("If the time was read in +02:00, correct the offset (written as "
                             "2025-03-01 10:20 +02:00); otherwise check the hour and day.")


def test_milestone_order_keeps_blaming_the_later_milestone_when_no_offset_explains_it() -> None:
    found = run(SHORT_TIMELINE.replace("{detected}", "2025-03-01T10:40:00+02:00"), select=["PM104"])
    assert where(found) == [("PM104", 18, 9)]
    assert "offset" not in found[0].message


@pytest.mark.parametrize(("written", "said"), [
    ("2025-W10-3", "'2025-W10-3' is a week date, which pmkit does not read: write 2025-03-05"),
    ("20250101", "'20250101' is in the ISO 8601 basic format, which pmkit does not read: write 2025-01-01"),
    ("20250101T1000Z", "'20250101T1000Z' is in the ISO 8601 basic format, which pmkit does not read: "
                       "write 2025-01-01T10:00Z"),
    ("2025-03-01T10", "'2025-03-01T10' is not an ISO 8601 timestamp"),
    ("2025-03-01 10:00 UTC", "'2025-03-01 10:00 UTC' gives its zone as 'UTC', which pmkit does not read: "
                             "write 2025-03-01T10:00Z"),
])
def test_now_refuses_what_a_postmortem_timestamp_refuses(
        written: str, said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["due", "--now", written, str(GOOD_EXAMPLE)]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: --now: {said}\n"
    monkeypatch.setenv("PMKIT_NOW", written)
    assert main(["check", str(GOOD_EXAMPLE)]) == 2
    assert capsys.readouterr().err == f"pmkit: configuration error: PMKIT_NOW: {said}\n"


@pytest.mark.parametrize(("written", "meant"), [
    ("2025-03-01", datetime(2025, 3, 1, tzinfo=timezone.utc)),
    ("2025-03-01 9:05", datetime(2025, 3, 1, 9, 5, tzinfo=timezone.utc)),
    ("2025-03-01t10:00:00+0530", datetime(2025, 3, 1, 4, 30, tzinfo=timezone.utc)),
    (" 2025-03-01T10:00:00z ", datetime(2025, 3, 1, 10, 0, tzinfo=timezone.utc)),
])
def test_now_reads_what_a_postmortem_timestamp_reads(written: str, meant: datetime) -> None:
    moment = parse_now(written)
    assert moment == meant and type(moment) is datetime


DATE_ONLY_AWARE = """\
    pmkit: 1
    id: 2025-03-28-breach
    title: Customer records exposed by a misconfigured bucket
    status: draft
    lang: en
    severity: SEV2
    timezone: Europe/Berlin
    disclosure:
      personal_data_breach: true
      regimes: [gdpr-art33]
      aware_at: 2025-03-28
      notifications:
        - {audience: regulator, regime: gdpr-art33, sent_at: 2025-03-31T12:00:00Z}
    """
NO_POLICY = {"disclosure": {"policy": ""}}
START_OF_DAY = ("aware_at gives no time of day: counted from the start of that day, "
                "2025-03-28 00:00 CET (2025-03-27 23:00 UTC)")


def test_a_late_notice_on_an_hours_clock_from_a_date_alone_says_where_the_count_starts() -> None:
    found = run(DATE_ONLY_AWARE, select=["PM404"], now="2025-04-10T00:00:00Z", config=NO_POLICY)
    assert where(found) == [("PM404", 13, 58)]
    assert found[0].message == (
        "gdpr-art33 notification sent 13 h late: sent 2025-03-31 14:00 CEST (2025-03-31 12:00 UTC), "
        "due 2025-03-31 01:00 CEST (2025-03-30 23:00 UTC) (72 h after aware_at) [GDPR Art. 33(1): "
        "without undue delay and, where feasible, not later than 72 hours after becoming aware]; "
        + START_OF_DAY)
    assert found[0].hint == ("Write the time of day of aware_at (with its UTC offset) to count from it. "
                             "Check sent_at and the anchor; if both are right, give the reasons for the "
                             "delay in late_reason.")


def test_a_missing_notice_from_a_date_alone_says_where_the_count_starts() -> None:
    text = DATE_ONLY_AWARE.replace(
        "        - {audience: regulator, regime: gdpr-art33, sent_at: 2025-03-31T12:00:00Z}\n", "")
    found = run(text, select=["PM403"], now="2025-04-10T00:00:00Z", config=NO_POLICY)
    assert where(found) == [("PM403", 10, 13)]
    assert found[0].message.endswith("after becoming aware]; " + START_OF_DAY)
    assert found[0].hint.startswith(
        "Write the time of day of aware_at (with its UTC offset) to count from it. ")
    # With the time written, the count starts there and nothing is said about the day.
    timed = DATE_ONLY_AWARE.replace("aware_at: 2025-03-28", "aware_at: 2025-03-28T09:00:00")
    late = run(timed, select=["PM404"], now="2025-04-10T00:00:00Z", config=NO_POLICY)
    assert where(late) == [("PM404", 13, 58)] and "time of day" not in late[0].message


def test_due_says_where_an_hours_clock_from_a_date_alone_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import textwrap

    path = tmp_path / "breach.yaml"
    path.write_text(textwrap.dedent(DATE_ONLY_AWARE).replace(
        "    - {audience: regulator, regime: gdpr-art33, sent_at: 2025-03-31T12:00:00Z}\n", ""),
        encoding="utf-8")
    config = tmp_path / ".pmkit.toml"
    config.write_text('[disclosure]\npolicy = ""\n', encoding="utf-8")
    assert main(["due", "--config", str(config), "--now", "2025-03-30T00:00:00Z", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"{path}: gdpr-art33 notification [regulator]: 23 h left; due 2025-03-31 01:00 CEST "
        "(2025-03-30 23:00 UTC); 72 h after aware_at [GDPR Art. 33(1): without undue delay and, where "
        f"feasible, not later than 72 hours after becoming aware]; {START_OF_DAY}\n")


ANCHOR_BEFORE_TIMELINE = """\
    pmkit: 1
    id: 2025-03-28-breach
    title: Customer records exposed by a misconfigured bucket
    status: draft
    lang: en
    severity: SEV2
    timezone: Europe/Berlin
    timeline:
      - {at: 2025-03-28T09:00:00, milestone: impact_started, actor: storage, event: Bucket made public.}
      - {at: 2025-03-28T10:00:00, milestone: detected, actor: monitoring, event: Alert on the bucket.}
      - {at: 2025-03-28T11:00:00, milestone: resolved, actor: on-call engineer, event: Bucket closed.}
    disclosure:
      personal_data_breach: true
      regimes: [gdpr-art33, dora]
      {anchor}: {value}
    """


@pytest.mark.parametrize("anchor", ["aware_at", "classified_major_at", "materiality_determined_at"])
def test_a_clock_anchor_a_month_before_the_timeline_is_out_of_order(anchor: str) -> None:
    text = ANCHOR_BEFORE_TIMELINE.replace("{anchor}", anchor).replace("{value}", "2025-02-28T10:05:00")
    found = run(text, select=["PM415"], now="2025-04-10T00:00:00Z", config=NO_POLICY)
    assert where(found) == [("PM415", 15, 5 + len(anchor))]
    assert found[0].message == (
        f"{anchor} is 2025-02-28 10:05 CET (2025-02-28 09:05 UTC), 27 days 22 h before the first "
        "timeline entry (2025-03-28 09:00 CET (2025-03-28 08:00 UTC)), and the timeline spans 2 h: "
        "the clocks it starts count from a moment long before anything the postmortem records; one "
        "of the dates is wrong")
    assert found[0].hint == (
        f"Correct disclosure.{anchor} (a wrong year, month or day?); if it is right (a vulnerability "
        "reported long before it was exploited), add that moment to the timeline.")


@pytest.mark.parametrize("value", [
    "2025-03-28T08:00:00",  # aware before impact_started: a vulnerability reported, then exploited
    "2025-03-27T22:00:00",  # the first alert the evening before the first entry
    "2025-03-27",           # a date alone: its end is 9 h before the first entry
    "2025-03-28T10:30:00",
])
def test_a_clock_anchor_shortly_before_the_incident_is_no_finding(value: str) -> None:
    text = ANCHOR_BEFORE_TIMELINE.replace("{anchor}", "aware_at").replace("{value}", value)
    assert run(text, select=["PM415"], now="2025-04-10T00:00:00Z", config=NO_POLICY) == []


def test_a_date_alone_anchor_days_before_the_timeline_is_out_of_order() -> None:
    text = ANCHOR_BEFORE_TIMELINE.replace("{anchor}", "aware_at").replace("{value}", "2025-03-18")
    found = run(text, select=["PM415"], now="2025-04-10T00:00:00Z", config=NO_POLICY)
    assert where(found) == [("PM415", 15, 13)]
    assert found[0].message.startswith(
        "aware_at is 2025-03-18, 9 days 9 h before the first timeline entry (2025-03-28 09:00 CET")


def test_milestone_order_does_not_blame_the_offset_the_declared_zone_has_after_the_clocks_change() -> None:
    # Berlin moved to +02:00 at 02:00 on 30 March 2025: 'resolved' at 03:05+02:00 is right, and
    # 'detected' typed an hour late (02:50+01:00 for 01:50+01:00) is the contradiction.
    text = """\
        pmkit: 1
        id: 2025-03-30-night
        title: Night outage of the login service
        status: draft
        lang: en
        severity: SEV3
        timezone: Europe/Berlin
        timeline:
          - {at: 2025-03-30T01:40:00+01:00, milestone: impact_started, actor: deploy, event: Bad build.}
          - {at: 2025-03-30T02:50:00+01:00, milestone: detected, actor: monitoring, event: Alert.}
          - {at: 2025-03-30T03:05:00+02:00, milestone: resolved, actor: on-call engineer, event: Rollback.}
        """
    found = run(text, select=["PM104"])
    assert where(found) == [("PM104", 11, 10)]
    assert found[0].message == (
        "'resolved' at 2025-03-30 03:05 +02:00 is before 'detected' at 2025-03-30 02:50 +01:00 "
        "(line 10), which cannot be")


def test_timeline_order_without_milestone_order_also_blames_the_entry_in_another_offset() -> None:
    found = run(SHORT_TIMELINE.replace("{detected}", "2025-03-01T10:20:00+01:00"),
                select=["PM105", "PM114"])
    assert where(found) == [("PM105", 14, 9)]
    assert found[0].message == ("the entry at 2025-03-01 10:20 +01:00 (09:20 UTC) is listed before the entry "
                                "at 2025-03-01 10:30 +02:00 (line 18): the timeline is out of order")
    assert found[0].hint == ("Its offset differs from the other entries (+02:00); written as 2025-03-01 "
                             "10:20 +02:00 it would be in order. Correct the offset, or move the entry.")
