"""A clock's anchor written to the second at a wall time that happened twice keeps its seconds
in PM403 and PM404, as a disclosure time does in PM420: "02:30:30", not "02:30"."""

from __future__ import annotations

from helpers import fall_back_breach, run, where

#: A breach in Berlin that the organisation became aware of at 02:30:30 on the night the clocks
#: went back (25 October 2026): 02:30:30 CEST and, an hour later, 02:30:30 CET.
FALL_BACK = fall_back_breach("2026-10-25T02:30:30")

NOW = "2026-11-20T00:00:00Z"

TWICE = ("aware_at, 2026-10-25 02:30:30, happened twice in Europe/Berlin (the clocks went back): counted "
         "from the first, 02:30:30 CEST (00:30:30 UTC); from the second, 02:30:30 CET (01:30:30 UTC), it is "
         "due 2026-10-28 02:30 CET (2026-10-28 01:30 UTC)")

HINT = ("Write aware_at with its offset: 2026-10-25T02:30:30+02:00 for the first, "
        "2026-10-25T02:30:30+01:00 for the second. ")


def test_a_late_notice_shows_the_anchor_to_the_second() -> None:
    found = run(FALL_BACK, select=["PM404"], now=NOW)
    assert where(found) == [("PM404", 15, 79)]
    assert found[0].message.endswith("becoming aware]; " + TWICE)
    assert found[0].hint is not None and found[0].hint.startswith(HINT)


def test_a_notice_not_sent_shows_the_anchor_to_the_second() -> None:
    notice = FALL_BACK[FALL_BACK.index("  notifications:"):]
    found = run(FALL_BACK.replace(notice, ""), select=["PM403"], now=NOW)
    assert where(found) == [("PM403", 12, 13)]
    assert found[0].message.endswith("; " + TWICE)
    assert found[0].hint is not None and found[0].hint.startswith(HINT)


def test_pm420_says_the_time_alike() -> None:
    """Guard: the disclosure time written to the second reads the same in PM420."""
    text = FALL_BACK.replace("aware_at: 2026-10-25T02:30:30", "aware_at: 2026-10-22T01:00:00Z").replace(
        "sent_at: 2026-10-28T01:45:00", "sent_at: 2026-10-25T02:30:30")
    found = run(text, select=["PM420"], now=NOW)
    assert [(d.code, d.line) for d in found] == [("PM420", 15)]
    assert found[0].message.startswith(
        "notifications[0].sent_at, 2026-10-25 02:30:30, happened twice in Europe/Berlin (the clocks went "
        "back): read as the first, 02:30:30 CEST (00:30:30 UTC), not the second, 02:30:30 CET "
        "(01:30:30 UTC)")
