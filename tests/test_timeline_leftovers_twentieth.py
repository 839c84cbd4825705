"""Timeline, decision and metric leftovers of the twentieth round: a decision after a timeline
that marks no ``resolved``, an option repeated beside another, ``options_considered: ''``,
offsets no zone uses, Windows-style zones, a milestone typed a month late, and ``pmkit stats``
on a timeline with a duplicated key and in the order of its JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import KATHMANDU, THREE_MILESTONES, covered, run, where
from pmkit.cli import main

#: A SEV2 postmortem in Kathmandu's +05:45 (RESOLVED is its third milestone, DECISION a record).
POSTMORTEM = KATHMANDU.replace("MORE", "OPTIONS")


def _pm(*, resolved: str = "resolved", decided: str = "2026-03-02T10:30+05:45",
        options: str = "    options_considered: [Revert the push, Wait for the vendor]\n") -> str:
    return POSTMORTEM.replace("RESOLVED", resolved).replace("DECIDED", decided).replace("OPTIONS", options)


# --- PM209: the window's end without 'resolved' -----------------------------------------------

@pytest.mark.parametrize("last", ["mitigated", "acknowledged"])
def test_a_decision_after_a_timeline_without_resolved_is_outside_the_window(last: str) -> None:
    # Before: with no 'resolved', the window had no end and a decision eighteen days late passed.
    text = _pm(resolved=last, decided="2026-03-20T10:30+05:45")
    found = run(text, select=["PM209"])
    assert where(found) == [("PM209", 24, 9)] and covered(text, found[0]) == "2026-03-20T10:30+05:45"
    assert found[0].message == ("decision D1 is timed after the timeline's last entry (2026-03-02 10:40 "
                                "+05:45); no 'resolved' is marked")
    assert found[0].hint == ("Check the date and UTC offset; decisions made after the incident belong in "
                             "action_items. If the incident went on, add its later entries and "
                             "'milestone: resolved' to the timeline.")


def test_the_last_entry_ends_the_window_even_without_a_milestone() -> None:
    text = _pm(resolved="mitigated", decided="2026-03-02T11:00+05:45").replace(
        "decisions:\n", "  - at: 2026-03-02T11:10+05:45\n    actor: Jane\n    event: Status page closed.\n"
        "decisions:\n")
    assert run(text, select=["PM209"]) == []
    found = run(text.replace("at: 2026-03-02T11:00+05:45", "at: 2026-03-02T11:11+05:45"), select=["PM209"])
    assert [d.message for d in found] == ["decision D1 is timed after the timeline's last entry "
                                          "(2026-03-02 11:10 +05:45); no 'resolved' is marked"]


def test_a_decision_within_a_timeline_without_resolved_passes() -> None:
    assert run(_pm(resolved="mitigated", decided="2026-03-02T10:40+05:45"), select=["PM209"]) == []


def test_after_resolved_the_message_is_unchanged() -> None:
    found = run(_pm(decided="2026-03-20T10:30+05:45"), select=["PM209"])
    assert [d.message for d in found] == ["decision D1 is timed after the incident was resolved "
                                          "(2026-03-02 10:40 +05:45)"]
    assert found[0].hint == ("Check the date and UTC offset; decisions made after the incident belong in "
                             "action_items.")


# --- PM205: an option repeated beside another --------------------------------------------------

@pytest.mark.parametrize(("options", "line", "col", "repeated"), [
    ("    options_considered: [Revert the push, Revert the push, Wait]\n", 29, 43, "Revert the push"),
    ("    options_considered: [Wait, Revert the push, revert the push.]\n", 29, 49, "revert the push."),
    ("    options_considered:\n      - Revert the push\n      - Wait\n      - Revert the push\n", 32, 9,
     "Revert the push"),
])
def test_an_option_repeated_beside_another_is_reported_at_its_repetition(
        options: str, line: int, col: int, repeated: str) -> None:
    # Before: PM205 reported '[A, A]' but said nothing of '[A, A, B]'.
    text = _pm(options=options)
    found = run(text, select=["PM204", "PM205"])
    assert where(found) == [("PM205", line, col)] and covered(text, found[0]) == repeated
    assert found[0].message == "decision D1 lists the option 'Revert the push' twice"
    assert found[0].hint == "Delete the repetition, or replace it with the alternative that was meant there."


def test_each_repetition_is_reported_and_a_reason_does_not_excuse_it() -> None:
    text = _pm(options="    options_considered: [Wait, Revert, wait, Revert, Wait.]\n"
                       "    options_reason: Only these two were possible.\n")
    found = run(text, select=["PM205"])
    assert [covered(text, d) for d in found] == ["wait", "Revert", "Wait."]
    assert [d.message for d in found] == ["decision D1 lists the option 'Wait' twice",
                                          "decision D1 lists the option 'Revert' twice",
                                          "decision D1 lists the option 'Wait' twice"]


def test_non_answers_beside_two_options_are_no_repetition() -> None:
    assert run(_pm(options="    options_considered: [Revert, n/a, Wait, n/a]\n"), select=["PM205"]) == []


# --- PM012 / PM204: options_considered: '' ----------------------------------------------------

@pytest.mark.parametrize("empty", ["''", '""'])
def test_an_empty_text_for_the_options_is_one_finding(empty: str) -> None:
    # Before: PM012 (not a list) and PM204 (no options listed) for one slip.
    text = _pm(options=f"    options_considered: {empty}\n")
    found = run(text, select=["PM012", "PM204", "PM205"])
    assert where(found) == [("PM012", 29, 25)] and covered(text, found[0]) == empty
    assert found[0].message == "'options_considered' must be a list, not the text ''"
    assert found[0].hint == ("An empty list is written 'options_considered: []'; or write each item "
                             "starting with '- ' on its own line.")


def test_an_empty_list_or_no_value_still_asks_for_options() -> None:
    assert where(run(_pm(options="    options_considered: []\n"), select=["PM012", "PM204"])) == [
        ("PM204", 29, 5)]
    assert where(run(_pm(options="    options_considered:\n"), select=["PM012", "PM204"])) == [
        ("PM204", 29, 5)]


# --- PM015: offsets no zone uses --------------------------------------------------------------

#: The keys before a timeline of SEV4 postmortems, which need no more milestones than written.
HEAD = "pmkit: 1\nid: 2026-03-02-x\ntitle: Cache outage\nstatus: draft\nlang: en\nseverity: SEV4\ntimeline:\n"


@pytest.mark.parametrize(("at", "offset"), [
    ("2026-03-02T10:00+15:00", "+15:00"),
    ("2026-03-02T10:00:00+23:59", "+23:59"),
    ("2026-03-02T10:00+14:01", "+14:01"),
    ("'2026-03-02 10:00 -13:30'", "-13:30"),
    ("2026-03-02T10:00-1201", "-1201"),
    ("2026-03-02T10:00+16", "+16"),
])
def test_an_offset_no_zone_uses_is_reported_at_the_offset(at: str, offset: str) -> None:
    # Before: ISO 8601 allows hours to 23, and +15:00 was read as a time 15 hours east of UTC.
    text = HEAD + f"  - at: {at}\n    milestone: detected\n"
    found = run(text, select=["PM0"])
    assert where(found) == [("PM015", 8, 9 + len(at) - len(offset) - (1 if at[0] == "'" else 0))]
    assert covered(text, found[0]) == offset
    assert found[0].message == (f"'{at.strip(chr(39))}' has the UTC offset {offset}, which no time zone "
                                "uses: offsets run from -12:00 to +14:00")
    assert found[0].hint == ("Check the sign and the hours of the offset: it is the zone's difference from "
                             "UTC at that time (+05:45 for Nepal, -03:00 for Brazil, Z for UTC).")


@pytest.mark.parametrize("at", ["2026-03-02T10:00+14:00", "2026-03-02T10:00-12:00", "2026-03-02T10:00+13:45",
                                "2026-03-02T10:00-11:59", "2026-03-02T10:00-00:00", "2026-03-02T10:00+0545"])
def test_the_offsets_zones_use_are_read_and_published(at: str) -> None:
    from pmkit.model import TIMESTAMP_PATTERN

    assert run(HEAD + f"  - at: {at}\n    milestone: detected\n", select=["PM0"]) == []
    assert re.search(TIMESTAMP_PATTERN, at) is not None


@pytest.mark.parametrize("at", ["2026-03-02T10:00+15:00", "2026-03-02T10:00-13:00", "2026-03-02T10:00+14:30"])
def test_the_published_pattern_refuses_what_pmkit_refuses(at: str) -> None:
    from pmkit.model import TIMESTAMP_PATTERN

    assert re.search(TIMESTAMP_PATTERN, at) is None


# --- PM015: a zone as Windows names it ----------------------------------------------------------

@pytest.mark.parametrize(("at", "zone", "meant"), [
    ("2026-03-02 10:05 (UTC+05:45)", "(UTC+05:45)", "2026-03-02T10:05+05:45"),
    ("2026-03-02 10:05 (UTC+05:45) Kathmandu", "(UTC+05:45) Kathmandu", "2026-03-02T10:05+05:45"),
    ("2026-03-02 10:05 (UTC-03:00) Brasilia", "(UTC-03:00) Brasilia", "2026-03-02T10:05-03:00"),
    ("2026-03-02 10:05 (UTC)", "(UTC)", "2026-03-02T10:05Z"),
    # (already given the value: pinned)
    ("2026-03-02 10:05 UTC+5:45", "UTC+5:45", "2026-03-02T10:05+05:45"),
])
def test_a_windows_zone_after_a_time_gets_the_value_to_write(at: str, zone: str, meant: str) -> None:
    # Before: "is not an ISO 8601 timestamp" for the bracketed forms, with no value to write.
    found = run(HEAD + f"  - at: {at}\n    milestone: detected\n", select=["PM0"])
    assert where(found) == [("PM015", 8, 9)]
    assert found[0].message == f"'{at}' gives its zone as '{zone}', which pmkit does not read: write {meant}"
    assert found[0].hint == f"Write {meant}, the form pmkit reads (year-month-day, then the time)."


@pytest.mark.parametrize(("at", "meant"), [
    ("10:05 (UTC+05:45)", "2026-03-02T10:05+05:45"),
    ("10:05 UTC+5:45", "2026-03-02T10:05+05:45"),
    ("9:40 (UTC-03:00) Brasilia", "2026-03-02T09:40-03:00"),
])
def test_a_time_without_its_date_but_with_a_windows_zone_gets_the_value_to_write(at: str, meant: str) -> None:
    text = HEAD + ("  - at: 2026-03-02T09:00+05:45\n    milestone: detected\n"
                   f"  - at: {at}\n    milestone: resolved\n")
    found = run(text, select=["PM0"])
    assert where(found) == [("PM015", 10, 9)]
    assert found[0].message == f"'{at}' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"
    assert found[0].hint == (f"Write the date before the time, and the zone as its offset: {meant} "
                             "(the date the entries around it give).")


def test_a_windows_zone_with_an_offset_no_zone_uses_gets_no_value_to_write() -> None:
    found = run(HEAD + "  - at: 2026-03-02 10:05 (UTC+15:00)\n    milestone: detected\n", select=["PM0"])
    assert [d.message for d in found] == ["'2026-03-02 10:05 (UTC+15:00)' is not an ISO 8601 timestamp "
                                          "such as 2018-10-21T22:52:00Z"]


# --- pmkit stats: a key written twice inside the timeline, and the JSON's order ---------------

def _stats(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[dict[str, Any], list[str]]:
    assert main(["stats", "--format", "json", *map(str, paths)]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err.splitlines()


@pytest.mark.parametrize(("before", "after", "line"), [
    ("    actor: monitoring\n", "    actor: monitoring\n    actor: alerting\n", 16),
    ("    event: Error-rate alert fired for checkout.\n",
     "    event: Error-rate alert fired for checkout.\n    event: Pager went off.\n", 17),
    ("    decision: D1\n", "    decision: D1\n    decision: D2\n", 22),
    ("    actor: monitoring\n", "    actor: monitoring\n    evidence: [x]\n    evidence: [y]\n", 17),
])
def test_a_key_written_twice_in_the_timeline_that_holds_no_time_is_measured(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str, line: int) -> None:
    # Before: any key written twice inside the timeline had the file skipped, though the first
    # actor kept changes no duration.
    path = tmp_path / "pm.yaml"
    path.write_text(_pm().replace(before, after, 1), encoding="utf-8")
    data, err = _stats(capsys, path)
    assert data["skipped"] == []
    (measured,) = data["postmortems"]
    assert (measured["time_to_detect"], measured["time_to_resolve"]) == (300.0, 2400.0)
    key = after.split("\n")[-2].split(":")[0].strip()
    assert err == [f"pmkit: {path}:{line}:5: PM002 duplicate key '{key}' (first defined on line {line - 1}); "
                   "the first value is kept (measured anyway: the key is no entry's time or milestone, so it "
                   "changes no duration; see 'pmkit check')"]


@pytest.mark.parametrize(("before", "after", "skipped"), [
    ("    milestone: detected\n", "    milestone: detected\n    milestone: acknowledged\n",
     "15:5: PM002 duplicate key 'milestone' (first defined on line 14); the first value is kept"),
    ("    milestone: detected\n", "    milestone: detected\n    'at': 2026-03-02T10:15+05:45\n",
     "15:5: PM002 duplicate key 'at' (first defined on line 13); the first value is kept"),
])
def test_a_time_or_milestone_written_twice_still_skips_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str, skipped: str) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(_pm().replace(before, after, 1), encoding="utf-8")
    data, err = _stats(capsys, path)
    assert data["postmortems"] == [] and data["skipped"] == [{"path": str(path), "reason": skipped}]
    assert err == [f"pmkit: skipped {path}: {skipped}"]


def test_the_json_lists_the_postmortems_in_the_texts_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: the JSON came in path order (a-late, b-early), the text report in start order.
    (tmp_path / "a-late.yaml").write_text(_pm(), encoding="utf-8")
    (tmp_path / "b-early.yaml").write_text(
        _pm().replace("id: 2026-03-02-cache", "id: 2026-01-05-cache").replace("2026-03-02T", "2026-01-05T"),
        encoding="utf-8")
    (tmp_path / "c-same-start.yaml").write_text(
        _pm().replace("id: 2026-03-02-cache", "id: 2026-03-02-api"), encoding="utf-8")
    data, _ = _stats(capsys, tmp_path)
    assert [row["id"] for row in data["postmortems"]] == ["2026-01-05-cache", "2026-03-02-api",
                                                          "2026-03-02-cache"]
    assert main(["stats", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert [line.split()[0] for line in text.splitlines()[2:5]] == ["2026-01-05-cache", "2026-03-02-api",
                                                                    "2026-03-02-cache"]


# --- PM104: the milestone out of line with the rest of the timeline ----------------------------

#: A SEV3 timeline whose only contradiction is between DETECTED and RESOLVED; MORE is the rest.
SHORT = THREE_MILESTONES + "MORE"


def _short(detected: str, resolved: str = "2026-03-02T10:40Z", more: str = "") -> str:
    return SHORT.replace("DETECTED", detected).replace("RESOLVED", resolved).replace("MORE", more)


@pytest.mark.parametrize("more", ["", "  - at: 2026-03-02T11:00Z\n    event: Status page closed.\n"])
def test_a_detection_typed_a_month_late_is_blamed_not_the_resolution(more: str) -> None:
    # Before: the two contradicted only each other and the list could not tell them apart, so
    # the correct 'resolved' was blamed.
    text = _short("2026-04-02T10:05Z", more=more)
    found = run(text, select=["PM104"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM104", 12, 9)] and covered(text, found[0]) == "2026-04-02T10:05Z"
    assert found[0].message == ("'detected' at 2026-04-02 10:05 UTC is after 'resolved' at 2026-03-02 10:40 "
                                "UTC (line 15), which cannot be")


def test_a_resolution_typed_a_month_early_is_blamed_not_the_detection() -> None:
    text = _short("2026-03-02T10:05Z", resolved="2026-02-02T10:40Z")
    found = run(text, select=["PM104"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM104", 15, 9)]


@pytest.mark.parametrize(("detected", "resolved", "line"), [
    # (an hour apart: either may be the slip; the causally later one, as before)
    ("2026-03-02T10:50Z", "2026-03-02T10:40Z", 15),
    # (half a day out: no more out of line than a slip of the resolution)
    ("2026-03-02T22:00Z", "2026-03-02T10:40Z", 15),
])
def test_a_near_contradiction_still_blames_the_later_milestone(
        detected: str, resolved: str, line: int) -> None:
    found = run(_short(detected, resolved), select=["PM104"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM104", line, 9)]


def test_stats_leaves_the_blamed_detection_out_of_the_aggregates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: the resolution was blamed, and the aggregates kept a 31-day time to detect.
    path = tmp_path / "pm.yaml"
    path.write_text(_short("2026-04-02T10:05Z"), encoding="utf-8")
    data, _ = _stats(capsys, path)
    aggregate = data["aggregates"]["all"]
    assert aggregate["time_to_detect"] == {"count": 0, "median": None, "p90": None}
    assert aggregate["time_to_resolve"] == {"count": 1, "median": 2400.0, "p90": 2400.0}


def test_the_api_blames_the_same_milestone() -> None:
    from pmkit import loads, metrics
    from pmkit.model import Milestone

    found = metrics(loads(_short("2026-04-02T10:05Z")))
    assert found.contradicted() == {Milestone.DETECTED}
    assert not found.in_order("time_to_detect") and found.in_order("time_to_resolve")
    assert metrics(loads(_short("2026-03-02T10:50Z"))).contradicted() == {Milestone.RESOLVED}
