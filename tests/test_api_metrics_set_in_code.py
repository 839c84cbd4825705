"""pmkit.metrics of a timeline changed in code: read as its file would be, or a ValueError naming
the entry or the field, never a bare TypeError or AttributeError."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

import pytest

import pmkit


def _pm() -> pmkit.Postmortem:
    return pmkit.Postmortem(pmkit=1, id="a", title="t", status="draft", lang="en", severity="SEV3", timeline=[
        {"at": "2026-01-02T09:00:00Z", "milestone": "impact_started"},
        {"at": "2026-01-02T10:00:00Z", "milestone": "detected"}])


def test_a_time_given_as_text_is_read_as_in_a_file() -> None:
    pm = _pm()
    pm.timeline[1].at = "2026-01-02T10:00:00Z"  # type: ignore[index,assignment]
    assert pmkit.metrics(pm).time_to_detect == timedelta(hours=1)


def test_a_date_is_a_day_without_a_time_as_in_a_file() -> None:
    pm = _pm()
    pm.timeline[1].at = datetime.date(2026, 1, 2)  # type: ignore[index]
    measured = pmkit.metrics(pm)
    assert measured.detected is not None and measured.detected.date() == datetime.date(2026, 1, 2)
    assert measured.time_to_detect is None


def test_an_entry_given_as_a_mapping_is_read_as_in_a_file() -> None:
    pm = _pm()
    pm.timeline[1] = {"at": "2026-01-02T10:30:00Z", "milestone": "detected"}  # type: ignore[index,call-overload]
    assert pmkit.metrics(pm).time_to_detect == timedelta(minutes=90)


_NUMBER = ("timeline[1].at: expected a timestamp such as 2018-10-21T22:52:00Z, got int "
           "(pmkit.validate reports it)")


@pytest.mark.parametrize(("change", "message"), [
    (lambda pm: setattr(pm.timeline[1], "at", 5),
     _NUMBER),
    (lambda pm: pm.timeline.__setitem__(1, {"at": 5, "milestone": "detected"}),
     _NUMBER),
    (lambda pm: setattr(pm, "timeline", pmkit.TimelineEntry(at="2026-01-02T10:00:00Z")),
     "timeline: a pmkit TimelineEntry is not a list of timeline entries (pmkit.validate reports it)"),
    (lambda pm: setattr(pm, "timeline", [pmkit.Decision(id="D1")]),
     "timeline[0]: a pmkit Decision is not a timeline entry (pmkit.validate reports it)"),
])
def test_what_no_file_holds_there_is_a_value_error_naming_it(change: Any, message: str) -> None:
    pm = _pm()
    change(pm)
    with pytest.raises(ValueError) as raised:
        pmkit.metrics(pm)
    assert str(raised.value) == message
