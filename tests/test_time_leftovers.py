"""Time values in corners the other timeline and clock tests do not reach."""

from __future__ import annotations

from datetime import datetime, timezone

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
