"""Timeline and decision leftovers: PM104 names the date a slipped month puts in order, and
PM209 measures no decision against a time the timeline rules doubt."""

from __future__ import annotations

import pytest

from helpers import DECISION_WINDOW, run, where

MILESTONES = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV4
timeline:
  - at: IMPACT
    milestone: impact_started
  - at: DETECTED
    milestone: detected
  - at: MITIGATED
    milestone: mitigated
  - at: 2024-03-14T11:00:00Z
    milestone: resolved
"""


def _pm104(day: str, mitigated: str) -> list[str]:
    """PM104's message and hint on a 'mitigated' before the impact that began on ``day``."""
    text = MILESTONES.replace("IMPACT", f"{day}T10:00:00Z").replace("DETECTED", f"{day}T10:05:00Z")
    found = run(text.replace("MITIGATED", mitigated),
                select=["PM104", "PM105", "PM108"])
    assert where(found) == [("PM104", 12, 9)]
    return [found[0].message, found[0].hint or ""]


@pytest.mark.parametrize(("written", "meant", "part"), [
    ("2024-02-13T10:30:00Z", "2024-03-13 10:30 UTC", "month"),   # a month early
    ("2024-03-12T10:30:00Z", "2024-03-13 10:30 UTC", "day"),     # the day before: as ever
])
def test_pm104_names_the_date_one_changed_part_puts_in_order(written: str, meant: str, part: str) -> None:
    """Only a day either way was tried: 'mitigated' typed in February got no suggested date."""
    message, hint = _pm104("2024-03-13", written)
    assert message.startswith(f"'mitigated' at {written[:10]} 10:30 UTC is before 'impact_started'")
    assert hint.endswith(f" Written {meant} it would be in order and in its place (a wrong {part}?).")


def test_pm104_names_no_date_when_several_would_do() -> None:
    """Impact on the 12th, resolution on the 14th: the 12th, 13th and 14th would all put a
    'mitigated' of the 5th in order, and none is more likely the slip than the others."""
    _, hint = _pm104("2024-03-12", "2024-03-05T10:30:00Z")
    assert hint.endswith("and nothing is resolved before it is mitigated.")


WINDOW = DECISION_WINDOW  # (lines 17 and 18: the decisions)


@pytest.mark.parametrize(("resolved", "doubt"), [
    ("2024-03-12T09:00:00Z", ("PM104", 14, 9)),   # before the impact
    ("2023-03-12T11:00:00Z", ("PM108", 14, 9)),   # a year early
])
def test_pm209_measures_no_decision_against_a_resolution_the_timeline_rules_doubt(
        resolved: str, doubt: tuple[str, int, int]) -> None:
    """Both decisions were 'timed after the incident was resolved', beside the finding that the
    resolution's own time is wrong."""
    found = run(WINDOW.replace("RESOLVED", resolved), select=["PM104", "PM108", "PM209"])
    assert where(found) == [doubt]


def test_pm209_still_ends_the_window_at_a_resolution_in_order() -> None:
    found = run(WINDOW.replace("RESOLVED", "2024-03-12T11:00:00Z"), select=["PM104", "PM108", "PM209"])
    assert where(found) == [("PM209", 18, 18)]
    assert found[0].message == "decision D2 is timed after the incident was resolved (2024-03-12 11:00 UTC)"


def test_pm209_without_resolved_ends_the_window_at_the_last_entry_it_does_not_doubt() -> None:
    """An entry typed a year late (PM108) stretched the window to the next year, and a decision
    two days after the incident passed."""
    text = WINDOW.replace("  - at: RESOLVED\n    milestone: resolved\n",
                          "  - at: 2025-03-12T10:40:00Z\n    event: Status page updated.\n").replace(
        "'2024-03-12T12:00:00Z'", "'2024-03-14T12:00:00Z'")
    found = run(text, select=["PM108", "PM209"])
    assert where(found) == [("PM108", 14, 9), ("PM209", 18, 18)]
    assert found[1].message == ("decision D2 is timed after the timeline's last entry "
                                "(2024-03-12 10:30 UTC); no 'resolved' is marked")
