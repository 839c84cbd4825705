"""PM420 keeps the precision a time was written to: seconds and a fraction of a second are
in the readings it shows and in the timestamps it suggests, not cut to the minute or second."""

from __future__ import annotations

import pytest

from helpers import breach_notice, run

NOW = "2026-12-01T00:00:00Z"


def berlin(sent: str) -> str:
    """A breach in Berlin the organisation became aware of on 22 October 2026 at 01:00 UTC; the
    notice is sent in the hour of 25 October that happened twice."""
    return breach_notice(sent)


@pytest.mark.parametrize(("sent", "wall", "first", "second", "written"), [
    ("2026-10-25T02:59:59.5", "2026-10-25 02:59:59.5", "02:59:59.5 CEST (00:59:59.5 UTC)",
     "02:59:59.5 CET (01:59:59.5 UTC)", "2026-10-25T02:59:59.5"),
    ("2026-10-25 02:30:00.250", "2026-10-25 02:30:00.25", "02:30:00.25 CEST (00:30:00.25 UTC)",
     "02:30:00.25 CET (01:30:00.25 UTC)", "2026-10-25T02:30:00.25"),
    ("2026-10-25T02:30:15", "2026-10-25 02:30:15", "02:30:15 CEST (00:30:15 UTC)",
     "02:30:15 CET (01:30:15 UTC)", "2026-10-25T02:30:15"),
    ("2026-10-25T02:30:00", "2026-10-25 02:30", "02:30 CEST (00:30 UTC)", "02:30 CET (01:30 UTC)",
     "2026-10-25T02:30:00"),
])
def test_the_readings_and_the_offsets_to_write_keep_the_precision(
        sent: str, wall: str, first: str, second: str, written: str) -> None:
    found = run(berlin(sent=sent), select=["PM420"], now=NOW)
    assert len(found) == 1
    assert found[0].message.startswith(
        f"notifications[0].sent_at, {wall}, happened twice in Europe/Berlin (the clocks went back): "
        f"read as the first, {first}, not the second, {second}; ")
    assert found[0].hint == (f"Write notifications[0].sent_at with its offset: {written}+02:00 for the "
                             f"first, {written}+01:00 for the second.")
