"""pmkit.metrics: durations from impact start, as the published times imply."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import pmkit
from helpers import FIXTURES, GOOD_EXAMPLE
from pmkit.api import load, loads
from pmkit.durations import Metrics, metrics

GOOD = FIXTURES / "timeline" / "good"


def test_github_2018_published_times() -> None:
    # "24 hours and 11 minutes" of degraded service: 22:52 UTC to 23:03 UTC the next day.
    found = metrics(load(GOOD / "2018-10-21-github-database-partition.yaml"))
    assert found.impact_started == datetime(2018, 10, 21, 22, 52, tzinfo=timezone.utc)
    assert found.time_to_detect == timedelta(minutes=2)            # alerts at 22:54
    assert found.time_to_acknowledge == timedelta(minutes=10)      # 23:02
    assert found.time_to_mitigate == timedelta(hours=17, minutes=32)  # failover at 16:24
    assert found.time_to_resolve == timedelta(hours=24, minutes=11)
    assert found.impact_duration == timedelta(hours=24, minutes=11)


def test_fastly_2021_published_times() -> None:
    # Detected "within one minute"; 12:35 "Incident mitigated"; 12:44 "Status post resolved".
    found = metrics(load(GOOD / "2021-06-08-fastly-global-outage.yaml"))
    assert found.time_to_detect == timedelta(minutes=1)
    assert found.time_to_acknowledge == timedelta(minutes=11)
    assert found.time_to_mitigate == timedelta(hours=2, minutes=48)
    assert found.time_to_resolve == timedelta(hours=2, minutes=57)
    assert found.resolved == datetime(2021, 6, 8, 12, 44, tzinfo=timezone.utc)


def test_bundled_example_matches_its_summary() -> None:
    found = pmkit.metrics(load(GOOD_EXAMPLE))
    assert found.impact_duration == timedelta(hours=24, minutes=11)  # summary: "24 hours and 11 minutes"


BASE = """\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
timeline:
"""


def _pm(*entries: str) -> pmkit.Postmortem:
    return loads(BASE + "".join(f"  - {e}\n" for e in entries))


def test_missing_milestones_give_none() -> None:
    found = metrics(_pm("{at: 2026-03-02T10:04:00Z, milestone: detected}",
                        "{at: 2026-03-02T11:00:00Z, milestone: resolved}"))
    assert found == Metrics(
        detected=datetime(2026, 3, 2, 10, 4, tzinfo=timezone.utc),
        resolved=datetime(2026, 3, 2, 11, 0, tzinfo=timezone.utc),
    )
    assert all(value is None for value in found.durations().values())


def test_a_bare_date_milestone_has_no_duration() -> None:
    # "resolved: 2026-11-05" says the day, not the time: counting midnight would invent hours.
    found = metrics(_pm("{at: 2026-11-04T08:00:00Z, milestone: impact_started}",
                        "{at: 2026-11-04T08:20:00Z, milestone: detected}",
                        "{at: 2026-11-05, milestone: resolved}"))
    assert found.time_to_detect == timedelta(minutes=20)
    assert found.resolved == datetime(2026, 11, 5, tzinfo=timezone.utc)
    assert (found.time_to_resolve, found.impact_duration) == (None, None)


def test_no_timeline_gives_empty_metrics() -> None:
    assert metrics(loads(BASE.replace("timeline:\n", ""))) == Metrics()


def test_offsets_are_respected_and_first_duplicate_counts() -> None:
    found = metrics(_pm("{at: 2026-03-02T10:00:00+01:00, milestone: impact_started}",
                        "{at: 2026-03-02T09:30:00Z, milestone: detected}",
                        "{at: 2026-03-02T09:45:00Z, milestone: mitigated}",
                        "{at: 2026-03-02T09:50:00Z, milestone: mitigated}"))
    assert found.time_to_detect == timedelta(minutes=30)
    assert found.time_to_mitigate == timedelta(minutes=45)


def test_out_of_order_milestones_give_negative_durations() -> None:
    found = metrics(_pm("{at: 2026-03-02T10:00:00Z, milestone: impact_started}",
                        "{at: 2026-03-02T09:00:00Z, milestone: resolved}"))
    assert found.time_to_resolve == timedelta(hours=-1)


def test_to_dict_is_json_ready() -> None:
    found = metrics(_pm("{at: 2026-03-02T10:00:00Z, milestone: impact_started}",
                        "{at: 2026-03-02T10:02:30Z, milestone: detected}"))
    data = found.to_dict()
    assert data["impact_started"] == "2026-03-02T10:00:00+00:00"
    assert data["time_to_detect"] == 150.0
    assert data["time_to_resolve"] is None


def test_metrics_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Metrics().time_to_detect = timedelta(0)  # type: ignore[misc]


def test_package_function_works_after_importing_the_module() -> None:
    import pmkit.durations as module

    pm = _pm("{at: 2026-03-02T10:00:00Z, milestone: impact_started}",
             "{at: 2026-03-02T10:05:00Z, milestone: detected}")
    assert pmkit.metrics(pm).time_to_detect == timedelta(minutes=5)
    assert pmkit.metrics(pm) == module.metrics(pm)
    assert pmkit.Metrics is Metrics
    assert "metrics" in dir(pmkit) and "Metrics" in dir(pmkit)


@pytest.mark.parametrize("name", ["impact_started", "ttd", "", None])
def test_in_order_of_a_name_that_is_no_duration_says_which_are(name: object) -> None:
    """A milestone's name was a bare KeyError ('impact_started'), any other an AttributeError."""
    found = metrics(load(GOOD_EXAMPLE))
    with pytest.raises(ValueError) as info:
        found.in_order(name)  # type: ignore[arg-type]
    assert type(info.value) is ValueError
    assert str(info.value) == (f"{name!r} is not a duration of Metrics: in_order takes one of "
                               "time_to_detect, time_to_acknowledge, time_to_mitigate, time_to_resolve, "
                               "impact_duration")


def _zurich() -> pmkit.Postmortem:
    return loads(BASE.replace("timeline:\n", "timezone: Europe/Zurich\ntimeline:\n")
                 + "  - {at: 2026-11-02T10:00:00+01:00, milestone: impact_started}\n"
                 + "  - {at: 2026-11-02T10:05:00+01:00, milestone: detected}\n")


def test_a_time_set_in_code_without_an_offset_is_read_in_the_postmortems_zone() -> None:
    """validate read it in the document's timezone, as its file is read, and metrics raised
    "can't subtract offset-naive and offset-aware datetimes"."""
    pm = _zurich()
    assert pm.timeline is not None
    pm.timeline[0].at = datetime(2026, 11, 2, 9, 0)
    found = pmkit.metrics(pm)
    assert found.impact_started == datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)
    assert found.time_to_detect == timedelta(hours=1, minutes=5)
    assert pm.timeline[0].at == datetime(2026, 11, 2, 9, 0)  # the model is left as it was set
    assert [d.code for d in pmkit.validate(pm, now="2026-12-01") if d.code.startswith("PM0")] == []
    pm.timeline[0].at = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # with an offset: as it says
    assert pmkit.metrics(pm).time_to_detect == timedelta(minutes=5)


@pytest.mark.parametrize("zone, at, said", [
    (None, datetime(2026, 11, 2, 9, 0),
     "timeline[1].at: timestamp '2026-11-02 09:00:00' has no UTC offset and the document declares no "
     "timezone (pmkit.validate reports it)"),
    ("Europe/Zurich", datetime(2026, 3, 29, 2, 30),
     "timeline[1].at: '2026-03-29 02:30:00' does not exist in Europe/Zurich: the clocks skipped that hour "
     "(daylight saving time began); write the time with its UTC offset (pmkit.validate reports it)"),
])
def test_a_time_set_in_code_without_an_offset_that_no_zone_reads_is_a_value_error_naming_it(
        zone: str | None, at: datetime, said: str) -> None:
    pm = _zurich()
    pm.timezone = zone
    assert pm.timeline is not None
    pm.timeline[1].at = at
    with pytest.raises(ValueError) as info:
        pmkit.metrics(pm)
    assert str(info.value) == said
    assert [(d.code, d.field) for d in pmkit.validate(pm, now="2026-12-01") if d.code.startswith("PM0")] == [
        ("PM014" if zone is None else "PM015", "timeline[1].at")]
