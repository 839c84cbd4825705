"""Disclosure times written without an offset at a time that happened twice (the night the
clocks went back): which reading was taken, and the verdict under the other (PM420, PM414)."""

from __future__ import annotations

from helpers import breach_notice, run, where

NOW = "2026-12-01T00:00:00Z"


def berlin(sent: str = "2026-10-25T02:30:00", aware: str = "2026-10-22T01:00:00Z") -> str:
    """A breach in Berlin the organisation became aware of on 22 October 2026 at 01:00 UTC: the
    72 h run out on 25 October at 01:00 UTC, within the hour of that night that happened twice."""
    return breach_notice(sent, aware)


def test_a_notice_in_the_repeated_hour_says_the_other_reading_is_late() -> None:
    """02:30 without an offset was read as summer time's 02:30 (00:30 UTC, in time) without a
    word; winter time's 02:30 (01:30 UTC) is 30 minutes late."""
    found = run(berlin(), select=["PM4"], now=NOW)
    assert [d.code for d in found if d.code not in ("PM405", "PM413")] == ["PM420"]
    twice = [d for d in found if d.code == "PM420"]
    assert where(twice) == [("PM420", 15, 58)]
    assert twice[0].message == (
        "notifications[0].sent_at, 2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went "
        "back): read as the first, 02:30 CEST (00:30 UTC), not the second, 02:30 CET (01:30 UTC); "
        "gdpr-art33 notification due 2026-10-25 02:00 CET (2026-10-25 01:00 UTC): in time as read, "
        "30 min late as the second")
    assert twice[0].hint == (
        "Write notifications[0].sent_at with its offset: 2026-10-25T02:30:00+02:00 for the first, "
        "2026-10-25T02:30:00+01:00 for the second.")


def test_a_notice_in_the_repeated_hour_on_the_same_side_says_either_way() -> None:
    found = run(berlin(aware="2026-10-21T01:00:00Z"), select=["PM420"], now=NOW)
    assert where(found) == [("PM420", 15, 58)]
    assert found[0].message.endswith(
        "; gdpr-art33 notification due 2026-10-24 03:00 CEST (2026-10-24 01:00 UTC): 23 h 30 min late "
        "either way")


def test_a_time_with_its_offset_or_outside_the_repeated_hour_is_not_reported() -> None:
    for sent in ("2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00Z", "2026-10-25T01:30:00",
                 "2026-10-25T03:30:00", "2026-10-25"):
        assert run(berlin(sent=sent), select=["PM420"], now=NOW) == [], sent


def test_published_at_in_the_repeated_hour_is_reported() -> None:
    text = berlin().replace("  notifications:\n", "  published_at: 2026-10-25T02:10:00\n  notifications:\n")
    found = run(text, select=["PM420"], now=NOW)
    assert where(found) == [("PM420", 14, 17), ("PM420", 16, 58)]
    assert found[0].message.startswith(
        "published_at, 2026-10-25 02:10, happened twice in Europe/Berlin (the clocks went back): read "
        "as the first, 02:10 CEST (00:10 UTC), not the second, 02:10 CET (01:10 UTC)")


def test_a_notice_before_its_anchor_says_the_second_reading_is_after_it() -> None:
    """PM414 said the notice of 02:30 CEST (00:30 UTC) came before aware_at, 00:45 UTC: one of
    the two dates is wrong. The second 02:30 (01:30 UTC) is after aware_at, and consistent."""
    found = run(berlin(aware="2026-10-25T00:45:00Z"), select=["PM414"], now=NOW)
    assert where(found) == [("PM414", 15, 58)]
    assert found[0].message == (
        "gdpr-art33 notification was sent 2026-10-25 02:30 CEST (2026-10-25 00:30 UTC), before aware_at, "
        "2026-10-25 02:45 CEST (2026-10-25 00:45 UTC), which starts its clock: one of the two dates is "
        "wrong, unless sent_at, 2026-10-25 02:30, which happened twice in Europe/Berlin (the clocks went "
        "back) and was read as the first, meant the second, 02:30 CET (01:30 UTC), after aware_at")
    assert found[0].hint is not None and found[0].hint.startswith(
        "Write notifications[0].sent_at with its offset: 2026-10-25T02:30:00+02:00 for the first, "
        "2026-10-25T02:30:00+01:00 for the second. Correct sent_at or aware_at")
    # Before the anchor under both readings: as before.
    found = run(berlin(aware="2026-10-25T01:45:00Z"), select=["PM414"], now=NOW)
    assert found[0].message.endswith("which starts its clock: one of the two dates is wrong")
