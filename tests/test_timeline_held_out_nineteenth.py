"""Timeline, decision and metric rules on held-out postmortems of the nineteenth round: offsets
from -12:00 to +14:00 and half-hour ones, a milestone marked twice in ``pmkit stats``, a Markdown
postmortem whose summary is also a section, an option written twice; and guards for the shapes
already handled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import KATHMANDU, codes, covered, run, where
from pmkit.cli import main
from pmkit.durations import DURATIONS

#: A SEV2 postmortem in Kathmandu's +05:45, with one decision record (DECISION fills its body).
POSTMORTEM = KATHMANDU.replace("RESOLVED", "resolved").replace("DECIDED", "2026-03-02T10:30+05:45").replace(
    "MORE", "DECISION")


def _decided(body: str) -> str:
    return POSTMORTEM.replace("DECISION", body)


# --- decisions -------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "line", "repeated"), [
    ("    options_considered: [Revert the push, Revert the push]\n", 29, "Revert the push"),
    # (told apart by case, a full stop or a doubled blank only: the same option)
    ("    options_considered: [Revert the push, revert the  push.]\n", 29, "revert the  push."),
    ("    options_considered:\n      - Revert the push\n      - n/a\n      - Revert the push\n", 32,
     "Revert the push"),
])
def test_an_option_written_twice_is_a_single_option(options: str, line: int, repeated: str) -> None:
    # Before: two items were two options, though both said the same; a decision with nothing
    # weighed against it passed PM205.
    text = _decided(options)
    found = run(text, select=["PM204", "PM205"])
    assert [(d.code, d.line) for d in found] == [("PM205", line)]
    assert covered(text, found[0]) == repeated
    assert found[0].message == "decision D1 lists a single option: 'Revert the push' is written twice"


def test_an_option_written_three_times_says_so_in_front_matter_flow_style() -> None:
    text = ("---\n" + _decided("    options_considered: [Wait, wait, 'Wait']\n")
            + "---\n\n## Summary\n\nThe cache failed.\n")
    found = run(text, select=["PM205"], path="pm.md")
    assert where(found) == [("PM205", 30, 38)] and covered(text, found[0]) == "'Wait'"
    assert found[0].message == "decision D1 lists a single option: 'Wait' is written 3 times"


# --- pmkit stats: what is measured ------------------------------------------------------------

def _stats(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[dict[str, object], list[str]]:
    assert main(["stats", "--format", "json", *map(str, paths)]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err.splitlines()


def test_a_markdown_summary_also_given_as_a_section_is_measured(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: PM018 names no field, so it was taken for an error in the whole file, and the
    # postmortem was skipped ("skipped pm.md: 33:1: PM018 'summary' is given twice") though its
    # timeline was whole.
    path = tmp_path / "pm.md"
    path.write_text("---\n" + _decided("").replace("owner: sre-oncall\n", "owner: sre-oncall\nsummary: x\n")
                    + "---\n\n## Summary\n\nThe checkout cache failed.\n", encoding="utf-8")
    data, err = _stats(capsys, path)
    assert err == [f"pmkit: {path}:33:1: PM018 'summary' is given twice: in the front matter (line 9) and "
                   "in '## Summary'; the first is used (measured anyway: the error does not touch the "
                   "timeline; see 'pmkit check')"]
    assert data["skipped"] == []
    (measured,) = data["postmortems"]  # type: ignore[misc]
    assert (measured["time_to_detect"], measured["time_to_resolve"]) == (300.0, 2400.0)


@pytest.mark.parametrize(("before", "after", "skipped"), [
    ("owner: sre-oncall\n", "owner: sre-oncall\nowner: jane\n", None),
    ("owner: sre-oncall\n", "owner: sre-oncall\ntags: [cache]\ntags: [checkout]\n", None),
    # (the durations could be the second's: not measured)
    ("owner: sre-oncall\n", "owner: sre-oncall\ntimezone: UTC\n'timezone': Asia/Kathmandu\n",
     "9:1: PM002 duplicate key 'timezone' (first defined on line 8); the first value is kept"),
    ("    milestone: detected\n", "    milestone: detected\n    at: 2026-03-02T10:15+05:45\n",
     "15:5: PM002 duplicate key 'at' (first defined on line 13); the first value is kept"),
    ("decisions:\n", "timeline: []\ndecisions:\n",
     "22:1: PM002 duplicate key 'timeline' (first defined on line 8); the first value is kept"),
])
def test_a_key_written_twice_skips_the_file_only_when_it_is_in_the_timeline_or_its_zone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str,
        skipped: str | None) -> None:
    # Before: every key written twice (an owner, tags) had the file skipped as not loadable.
    path = tmp_path / "pm.yaml"
    path.write_text(_decided("").replace(before, after, 1), encoding="utf-8")
    data, err = _stats(capsys, path)
    if skipped is None:
        assert data["skipped"] == [] and len(data["postmortems"]) == 1  # type: ignore[arg-type]
        assert len(err) == 1 and err[0].endswith("(measured anyway: the error does not touch the timeline; "
                                                 "see 'pmkit check')")
    else:
        assert data["postmortems"] == []
        assert data["skipped"] == [{"path": str(path), "reason": skipped}]
        assert err == [f"pmkit: skipped {path}: {skipped}"]


# --- pmkit stats: a milestone marked twice ----------------------------------------------------

#: The customer ticket (10:25) is listed above the alert (10:05), and both say 'detected'.
TICKET_FIRST = _decided("").replace("""  - at: 2026-03-02T10:05+05:45
    milestone: detected
""", """  - at: 2026-03-02T10:25+05:45
    milestone: detected
    actor: support
    event: A customer ticket reported failing checkouts.
  - at: 2026-03-02T10:05+05:45
    milestone: detected
""")


def test_a_milestone_marked_on_two_entries_at_different_times_is_said_not_chosen_in_silence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: TTD was 25 minutes, from the ticket listed first, with no word that the timeline
    # also says the alert detected it at 10:05.
    path = tmp_path / "pm.yaml"
    path.write_text(TICKET_FIRST, encoding="utf-8")
    data, err = _stats(capsys, path)
    assert err == [f"pmkit: {path}:18:16: 'detected' is marked on 2 entries at different times: measured "
                   "from the first, 2026-03-02 10:25 +05:45 (line 13), not 2026-03-02 10:05 +05:45 (line 17) "
                   "(see 'pmkit check', PM103)"]
    (measured,) = data["postmortems"]  # type: ignore[misc]
    assert measured["detected"] == "2026-03-02T10:25:00+05:45" and measured["time_to_detect"] == 1500.0
    assert measured["marked_twice"] == ["detected"]
    # (the place PM103 reports)
    assert where(run(TICKET_FIRST, select=["PM103"])) == [("PM103", 18, 16)]
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == ("1 postmortem marks a milestone on entries at different times; the first entry counts "
                       "(see 'pmkit check', PM103).")
    assert out[2].split()[4] == "25m"


@pytest.mark.parametrize("same", ["2026-03-02T10:05+05:45", "2026-03-02T04:20Z",
                                  "'2026-03-02 04:20:00+00:00'"])
def test_a_milestone_marked_twice_at_one_time_changes_no_duration(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], same: str) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(TICKET_FIRST.replace("2026-03-02T10:25+05:45", same), encoding="utf-8")
    data, err = _stats(capsys, path)
    assert err == [] and data["postmortems"][0]["marked_twice"] == []  # type: ignore[index]
    assert main(["stats", str(path)]) == 0
    assert "marks a milestone" not in capsys.readouterr().out


# --- decisions outside the incident, in other offsets ------------------------------------------

#: Two real options, a trade-off: only the time of the record is under test.
WEIGHED = "    options_considered: [Revert the push, Patch forward]\n"


@pytest.mark.parametrize(("at", "message"), [
    # Before: "decision D1 is timed after the incident was resolved (2026-03-02 10:40 +05:45)" of
    # a time that reads 04:56, six hours before 10:40.
    ("2026-03-02T04:56Z", "decision D1 at 2026-03-02 04:56 UTC (2026-03-02 10:41 +05:45) is timed after the "
     "incident was resolved (2026-03-02 10:40 +05:45)"),
    ("2026-03-01T23:00-05:00", "decision D1 at 2026-03-01 23:00 -05:00 (2026-03-02 09:45 +05:45) is timed "
     "before the impact started (2026-03-02 10:00 +05:45)"),
    ("2026-03-02T10:41+05:45",
     "decision D1 is timed after the incident was resolved (2026-03-02 10:40 +05:45)"),
    ("2026-03-01", "decision D1 is timed before the impact started (2026-03-02 10:00 +05:45)"),
])
def test_a_decision_outside_the_incident_in_another_offset_is_shown_in_the_milestones(
        at: str, message: str) -> None:
    text = _decided(WEIGHED).replace("    at: 2026-03-02T10:30+05:45\n", f"    at: {at}\n")
    found = run(text, select=["PM209"])
    assert where(found) == [("PM209", 24, 9)] and covered(text, found[0]) == at
    assert found[0].message == message


@pytest.mark.parametrize("at", [
    "2026-03-02T04:55Z",  # the minute of resolution, in UTC
    "2026-03-02T04:15Z",  # the minute impact started
    "2026-03-02T10:40:30+05:45",  # inside the minute 'resolved' is written to
    "'2026-03-01 18:30:00-09:45'",  # (Marquesas time; a quoted value with a blank)
    "2026-03-02",  # a bare date: the incident's day
])
def test_a_decision_at_the_edges_of_the_incident_in_any_offset_is_inside_it(at: str) -> None:
    text = _decided(WEIGHED).replace("    at: 2026-03-02T10:30+05:45\n", f"    at: {at}\n")
    assert run(text, select=["PM209"]) == []


# --- milestones in responders' and German words ------------------------------------------------

@pytest.mark.parametrize(("written", "meant"), [
    # Before: "triggered" (PagerDuty's first state) suggested 'mitigated', by spelling.
    ("triggered", "detected"),
    ("fixed", "resolved"),
    ("closed", "resolved"),
    ("erkannt", "detected"),
    ("Behoben", "resolved"),
    ("quittiert", "acknowledged"),
    ("eingedämmt", "mitigated"),
    ("Störungsbeginn", "impact_started"),
    ("'Auswirkung  begann'", "impact_started"),
    # (already known: guards)
    ("ack", "acknowledged"),
    ("Detected", "detected"),
    ("resolution", "resolved"),
])
def test_a_milestone_in_other_words_gets_the_one_it_means(written: str, meant: str) -> None:
    text = ("---\n" + POSTMORTEM.replace("DECISION", "").replace("lang: en", "lang: de")
            .replace("    milestone: detected\n", "    milestone: MILESTONE\n")
            + "---\n\n## Zusammenfassung\n\nDer Cache fiel aus.\n")
    text = text.replace("MILESTONE", written)
    found = run(text, select=["PM013"], path="pm.md")
    shown = written.strip("'")
    assert where(found) == [("PM013", 15, 16)] and covered(text, found[0]) == written
    assert found[0].message == f"'{shown}' is not a valid milestone (did you mean '{meant}'?)"


@pytest.mark.parametrize("written", ["paged", "end", "done"])
def test_a_milestone_word_that_names_no_one_stage_gets_no_guess(written: str) -> None:
    found = run(POSTMORTEM.replace("DECISION", "").replace("    milestone: detected\n",
                                                             f"    milestone: {written}\n"), select=["PM013"])
    assert [d.message for d in found] == [f"'{written}' is not a valid milestone"]


# --- pmkit stats: durations to a milestone PM104 reports ---------------------------------------

#: A SEV2 timeline in +05:30 with all five milestones (each filled in by the test).
FIVE = """\
pmkit: 1
id: 2026-03-02-five
title: Search outage
status: draft
lang: en
severity: SEV2
owner: search lead
timeline:
  - {at: "2026-03-02T10:00+05:30", milestone: impact_started, actor: search, event: Errors began.}
  - {at: "2026-03-02T10:DETECTED+05:30", milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: "2026-03-02T10:ACKNOWLEDGED+05:30", milestone: acknowledged, actor: on-call, event: Took the page.}
  - {at: "2026-03-02T10:MITIGATED+05:30", milestone: mitigated, actor: on-call, event: Traffic drained.}
  - {at: "2026-03-02T10:RESOLVED+05:30", milestone: resolved, actor: on-call, event: Errors stopped.}
"""

_ENTRY_LINE = {"impact_started": 9, "detected": 10, "acknowledged": 11, "mitigated": 12, "resolved": 13}
_DURATIONS = [name for name, _ in DURATIONS]


def _five(minutes: tuple[int, ...], text: str = FIVE) -> str:
    for name, minute in zip(("DETECTED", "ACKNOWLEDGED", "MITIGATED", "RESOLVED"), minutes, strict=True):
        text = text.replace(name, f"{minute:02d}")
    return text


@pytest.mark.parametrize(("minutes", "blamed", "left_out"), [
    # resolved at 10:20, before detection at 10:30: a 20-minute TTR was counted as a fast recovery
    ((30, 35, 40, 20), "resolved", ["time_to_resolve", "impact_duration"]),
    # detected typed as 10:50 (meant 10:05): after the acknowledgement, mitigation and resolution
    ((50, 10, 20, 40), "detected", ["time_to_detect"]),
    # resolved before mitigated
    ((5, 10, 40, 30), "resolved", ["time_to_resolve", "impact_duration"]),
])
def test_a_duration_to_the_milestone_pm104_reports_is_left_out_of_the_aggregates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], minutes: tuple[int, ...], blamed: str,
        left_out: list[str]) -> None:
    text = _five(minutes)
    assert [d.line for d in run(text, select=["PM104"])] == [_ENTRY_LINE[blamed]]
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    data, _ = _stats(capsys, path)
    (measured,) = data["postmortems"]  # type: ignore[misc]
    every = data["aggregates"]["all"]  # type: ignore[index]
    counted = {name: every[name]["count"] for name in _DURATIONS}
    assert counted == {name: 0 if name in left_out else 1 for name in counted}
    # (shown per postmortem all the same, as computed)
    assert all(measured[name] is not None and measured[name] > 0 for name in counted)


def test_an_impact_start_after_its_end_leaves_every_duration_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # impact_started typed as 10:45 (meant 09:45): after mitigation and resolution. Every
    # duration runs from it, the time to detect (-40 min, no early warning) too.
    text = _five((5, 10, 20, 40), FIVE.replace("2026-03-02T10:00+05:30", "2026-03-02T10:45+05:30"))
    assert [d.line for d in run(text, select=["PM104"])] == [9]
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    data, _ = _stats(capsys, path)
    every = data["aggregates"]["all"]  # type: ignore[index]
    assert [every[name]["count"] for name in _DURATIONS] == [0, 0, 0, 0, 0]


# --- times written with other marks ------------------------------------------------------------

def _detected_at(written: str) -> str:
    return _decided("").replace("  - at: 2026-03-02T10:05+05:45\n", f"  - at: {written}\n")


@pytest.mark.parametrize(("written", "what", "meant"), [
    # Before: "is not an ISO 8601 timestamp", of a form ISO 8601 allows (a decimal comma), as
    # Python's logging and log4j write their times.
    ("2026-03-02T10:05:30,5+05:45", "a comma before the fraction of a second", "2026-03-02T10:05:30.5+05:45"),
    ("'2026-03-02 04:20:30,123Z'", "a comma before the fraction of a second", "2026-03-02T04:20:30.123Z"),
    ("2026-03-02T10:05\u221205:45", "a minus sign ('\u2212') for '-'", "2026-03-02T10:05-05:45"),
    ("2026\u201303\u201302T10:05+05:45", "a dash ('\u2013') for '-'", "2026-03-02T10:05+05:45"),
    ("2026-03-02T10:05:30,5\u221205:45",
     "a comma before the fraction of a second and a minus sign ('\u2212') for '-'",
     "2026-03-02T10:05:30.5-05:45"),
])
def test_a_time_with_a_decimal_comma_or_a_minus_sign_gets_the_value_to_write(
        written: str, what: str, meant: str) -> None:
    text = _detected_at(written)
    found = run(text, select=["PM015"])
    assert where(found) == [("PM015", 13, 9)] and covered(text, found[0]) == written
    assert found[0].message == (f"'{written.strip(chr(39))}' writes {what}, which pmkit does not read: "
                                f"write {meant}")
    assert run(text.replace(written, meant), select=["PM0"]) == []


@pytest.mark.parametrize("written", ["2026-03-02T25:05:30,5+05:45", "2026-03-02T10:05,5+05:45",
                                     "2026-02-30T10:05\u221205:45"])
def test_a_time_that_is_none_with_the_mark_read_gets_the_plain_message(written: str) -> None:
    text = _detected_at(written)
    (found,) = run(text, select=["PM015"])
    assert found.message.startswith(f"'{written}' is not a")


# --- a decision record's keys in other words ---------------------------------------------------

@pytest.mark.parametrize(("key", "meant"), [
    # Before: no suggestion for what was known, and 'decision' for "decision_by" by spelling.
    ("what_was_known", "known_at_the_time"),
    ("What we knew", "known_at_the_time"),
    ("known", "known_at_the_time"),
    ("decision_by", "decided_by"),
    ("trade_offs", "tradeoff"),
    # (already known: guards)
    ("alternatives", "options_considered"),
    ("trade-off", "tradeoff"),
])
def test_a_decision_key_in_other_words_gets_the_one_it_means(key: str, meant: str) -> None:
    text = _decided(f"{WEIGHED}    {key}: The replica lag was unknown.\n")
    found = run(text, select=["PM010"])
    assert where(found) == [("PM010", 30, 5)] and covered(text, found[0]) == key
    assert found[0].message == f"unknown key '{key}' (did you mean '{meant}'?)"


# --- pmkit stats: a milestone at a time that happened twice -----------------------------------

#: A German timeline on the night the clocks went back in Berlin (02:00-03:00 happened twice).
ZURUECK = """\
---
pmkit: 1
id: 2026-10-25-zeitumstellung
title: Zahlungsausfall in der Nacht der Zeitumstellung
status: draft
lang: de
severity: SEV3
owner: Zahlungsteam
timezone: Europe/Berlin
timeline:
  - {at: "2026-10-25T01:50", milestone: impact_started, actor: Zahlungsdienst, event: Fehler begannen.}
  - {at: 2026-10-25T02:10+01:00, milestone: detected, actor: Monitoring, event: Alarm ausgelöst.}
  - at: '2026-10-25 02:50'
    milestone: resolved
    actor: Bereitschaft
    event: Zahlungen liefen wieder.
---

## Zusammenfassung

Zahlungen schlugen fehl.
"""


def test_a_milestone_at_a_time_that_happened_twice_is_said_to_be_read_as_the_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: stats read 02:50 as the first (00:50 UTC) and said nothing, though only the second
    # (01:50 UTC) comes after the detection at 02:10 +01:00.
    path = tmp_path / "pm.md"
    path.write_text(ZURUECK, encoding="utf-8")
    data, err = _stats(capsys, path)
    assert err == [f"pmkit: {path}:13:9: 'resolved' is written without an offset at a time that happened "
                   "twice in Europe/Berlin (the clocks went back): measured as the first, 2026-10-25 02:50 "
                   "+02:00, not the second, 2026-10-25 02:50 +01:00 (see 'pmkit check', PM115)"]
    assert where(run(ZURUECK, select=["PM115"], path="pm.md")) == [("PM115", 13, 9)]
    (measured,) = data["postmortems"]  # type: ignore[misc]
    assert measured["happened_twice"] == ["resolved"] and measured["marked_twice"] == []
    assert measured["resolved"] == "2026-10-25T02:50:00+02:00"
    # (read as the first, the resolution comes before the detection: the durations to it are left out)
    assert data["aggregates"]["all"]["time_to_resolve"]["count"] == 0  # type: ignore[index]
    assert data["aggregates"]["all"]["time_to_detect"]["count"] == 1  # type: ignore[index]
    assert main(["stats", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 postmortem writes a milestone without an offset at a time that happened twice (the clocks went "
        "back); the first counts (see 'pmkit check', PM115).")


@pytest.mark.parametrize(("before", "after"), [
    ("'2026-10-25 02:50'", "'2026-10-25 02:50+01:00'"),  # the offset written
    ("'2026-10-25 02:50'", "'2026-10-25 03:50'"),  # after the hour that happened twice
    ("'2026-10-25 02:50'", "2026-10-25"),  # a bare date: no time to read twice
    ("timezone: Europe/Berlin", "timezone: Asia/Kolkata"),  # a zone without daylight saving time
])
def test_a_milestone_that_happened_once_is_not_said_to_have_happened_twice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str) -> None:
    path = tmp_path / "pm.md"
    path.write_text(ZURUECK.replace(before, after), encoding="utf-8")
    data, err = _stats(capsys, path)
    assert err == [] and data["postmortems"][0]["happened_twice"] == []  # type: ignore[index]


def test_a_duration_to_a_milestone_with_a_mistyped_year_is_left_out_of_the_aggregates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: a resolution typed in 2027 after an incident of New Year's Eve 2026 in Kiribati
    # (+14:00) counted as a recovery of a year: the p90 of the time to resolve was months.
    text = _five((5, 10, 20, 40)).replace("2026-03-02T10:", "2026-12-31T23:").replace("+05:30", "+14:00")
    text = text.replace('"2026-12-31T23:40+14:00", milestone: resolved', '"2027-12-31T23:40+14:00", '
                        'milestone: resolved')
    assert [(d.code, d.line) for d in run(text, select=["PM104", "PM108"])] == [("PM108", 13)]
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    for option in ([], ["--now", "2026-01-01T00:00Z"]):  # (the clock changes nothing)
        assert main(["stats", "--format", "json", *option, str(path)]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["postmortems"][0]["time_to_resolve"] == (365 * 24 * 60 + 40) * 60
        every = data["aggregates"]["all"]
        assert [every[name]["count"] for name in _DURATIONS] == [1, 1, 1, 0, 0]


def test_the_clocks_going_back_under_a_milestone_read_out_of_order_leaves_it_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # ZURUECK's 02:50, read as the first (00:50 UTC), is before the detection (01:10 UTC): PM115
    # says only the second fits, and the 20-minute time to resolve measured is not counted.
    assert codes(run(ZURUECK, select=["PM104", "PM115"], path="pm.md")) == ["PM115"]
    path = tmp_path / "pm.md"
    path.write_text(ZURUECK, encoding="utf-8")
    data, _ = _stats(capsys, path)
    assert data["postmortems"][0]["time_to_resolve"] == 3600.0  # type: ignore[index]
    every = data["aggregates"]["all"]  # type: ignore[index]
    assert [every[name]["count"] for name in _DURATIONS] == [1, 0, 0, 0, 0]


# --- pmkit stats across offsets (guards) -------------------------------------------------------

def test_stats_of_incidents_in_offsets_from_minus_twelve_to_plus_fourteen(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Each is listed by its UTC start, counted in the UTC quarter, and measured in real time:
    # Baker Island's New Year's Eve 23:50 (-12:00) is 2027; Kiribati's New Year 00:30 (+14:00)
    # is 2026; Newfoundland's -03:30 and a detection written in UTC mix within one file.
    for name, times in {
        "baker": ("2026-12-31T23:50-12:00", "2027-01-01T00:10-12:00", "2027-01-01T01:40-12:00"),
        "kiribati": ("2027-01-01T00:30+14:00", "2027-01-01T00:20+14:00", "2027-01-01T01:40+14:00"),
        "newfoundland": ("2026-03-31T22:50-03:30", "2026-04-01T02:25Z", "2026-04-01T00:05:30-03:30"),
    }.items():
        text = _decided("").replace("id: 2026-03-02-cache", f"id: {name}")
        for old, new in zip(("2026-03-02T10:00+05:45", "2026-03-02T10:05+05:45", "2026-03-02T10:40+05:45"),
                            times, strict=True):
            text = text.replace(old, new)
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    assert main(["stats", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert [line.split() for line in out.splitlines()[2:5]] == [
        ["newfoundland", "SEV2", "2026-04-01", "02:20", "5m", "-", "-", "1h16m", "1h16m"],  # (halves up)
        ["kiribati", "SEV2", "2026-12-31", "10:30", "-10m", "-", "-", "1h10m", "1h10m"],
        ["baker", "SEV2", "2027-01-01", "11:50", "20m", "-", "-", "1h50m", "1h50m"],
    ]
    quarters = {line.split()[0]: line.split()[1] for line in out.splitlines()
                if line.startswith(("2026-Q", "2027-Q"))}
    assert quarters == {"2026-Q2": "1", "2026-Q4": "1", "2027-Q1": "1"}


def test_a_key_written_twice_is_found_on_its_line_after_a_pasted_line_separator(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A U+2028 in a text is a character, not a line break: the 'timezone' written twice below it
    # is the one on line 9, and the file is skipped (read as two lines, line 9 was 'oncall').
    path = tmp_path / "pm.yaml"
    path.write_text(_decided("").replace("owner: sre-oncall\n", "timezone: UTC\nowner: sre\u2028oncall\n"
                                                              "timezone: Asia/Kathmandu\n"), encoding="utf-8")
    data, _ = _stats(capsys, path)
    assert data["skipped"] == [{"path": str(path), "reason": "9:1: PM002 duplicate key 'timezone' (first "
                                "defined on line 7); the first value is kept"}]


def test_a_decision_before_detection_in_a_timeline_without_impact_start_is_outside_the_incident() -> None:
    # Before: without impact_started (a SEV4 needs only detected and resolved) no decision was
    # too early, a day before the detection either.
    text = _decided(WEIGHED).replace("severity: SEV2", "severity: SEV4").replace(
        "    milestone: impact_started\n", "")
    text = text.replace("    at: 2026-03-02T10:30+05:45\n", "    at: 2026-03-01T10:30Z\n")
    found = run(text, select=["PM209"])
    assert where(found) == [("PM209", 23, 9)]
    assert found[0].message == ("decision D1 at 2026-03-01 10:30 UTC (2026-03-01 16:15 +05:45) is timed "
                                "before the incident was detected (2026-03-02 10:05 +05:45)")
    # (the minute of the detection, in UTC: inside)
    assert run(text.replace("2026-03-01T10:30Z", "2026-03-02T04:20Z"), select=["PM209"]) == []


@pytest.mark.parametrize(("zone", "at", "message"), [
    # Before: "decision D1 is timed before the impact started (2026-03-02)" of a decision the
    # record dates 2026-03-02: the bare date is a day in UTC, which the time is not on.
    ("", "2026-03-02T02:00+05:45", "decision D1 at 2026-03-02 02:00 +05:45 (2026-03-01 20:15 UTC) is timed "
     "before the impact started (2026-03-02)"),
    ("", "2026-03-01T23:00+05:45", "decision D1 is timed before the impact started (2026-03-02)"),
    ("timezone: Asia/Kathmandu\n", "2026-03-02T02:00+05:45", None),
    ("timezone: Asia/Kathmandu\n", "2026-03-01T23:00+05:45",
     "decision D1 is timed before the impact started (2026-03-02)"),
])
def test_a_decision_next_to_an_impact_start_on_a_bare_date_is_shown_on_that_day(
        zone: str, at: str, message: str | None) -> None:
    text = _decided(WEIGHED).replace("owner: sre-oncall\n", f"owner: sre-oncall\n{zone}")
    text = text.replace("  - at: 2026-03-02T10:00+05:45\n", "  - at: 2026-03-02\n")
    text = text.replace("    at: 2026-03-02T10:30+05:45\n", f"    at: {at}\n")
    assert [d.message for d in run(text, select=["PM209"])] == ([message] if message else [])


# --- offsets and separators that are one moment (guards) ---------------------------------------

@pytest.mark.parametrize("detected", [
    "2026-03-02T04:20z", "2026-03-02T04:20Z", "2026-03-02T04:20+00:00", "2026-03-02T04:20-00:00",
    "2026-03-02T04:20+0000", "'2026-03-02 04:20Z'", "2026-03-02t04:20Z", "2026-03-02T10:05+0545",
    "'2026-03-02 10:05 +05:45'", "2026-03-02T09:50+05:30", "2026-03-01T22:50-05:30",
    "2026-03-02T04:20:00.000Z", "2026-03-02T18:20+14:00", "2026-03-01T16:20-12:00",
])
def test_a_detection_written_in_any_offset_or_form_is_the_same_moment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], detected: str) -> None:
    text = _detected_at(detected)
    # (no acknowledgement, mitigation or evidence, as the SEV2 it is: nothing about the times)
    assert codes(run(text, select=["PM0", "PM1"])) == ["PM102", "PM102", "PM111", "PM113"]
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    data, err = _stats(capsys, path)
    assert err == [] and data["postmortems"][0]["time_to_detect"] == 300.0  # type: ignore[index]


@pytest.mark.parametrize(("written", "zone", "meant"), [
    # Before: "MEZ" was refused as an abbreviation several zones share (it names one offset), and
    # "Uhr MEZ" was "not an ISO 8601 timestamp".
    ("'2026-03-02 05:35 MEZ'", "MEZ", "2026-03-02T05:35+01:00"),
    ("'2026-03-02 05:35 Uhr MEZ'", "MEZ", "2026-03-02T05:35+01:00"),
    ("'2026-03-02 06:35 Uhr MESZ'", "MESZ", "2026-03-02T06:35+02:00"),
    ("'2026-03-02 05:35 Uhr UTC+1'", "UTC+1", "2026-03-02T05:35+01:00"),
    # (already known: a guard)
    ("'2026-03-02 04:35 UTC'", "UTC", "2026-03-02T04:35Z"),
])
def test_a_time_with_its_german_zone_in_words_gets_the_offset_to_write(
        written: str, zone: str, meant: str) -> None:
    text = _detected_at(written).replace("lang: en", "lang: de")
    found = run(text, select=["PM015"])
    assert where(found) == [("PM015", 13, 9)]
    assert found[0].message == (f"'{written.strip(chr(39))}' gives its zone as '{zone}', which pmkit "
                                f"does not read: write {meant}")


def test_an_abbreviation_several_zones_share_still_gets_no_offset() -> None:
    (found,) = run(_detected_at("'2026-03-02 10:05 CET'"), select=["PM015"])
    assert found.message.startswith("'2026-03-02 10:05 CET' gives its zone as 'CET', which pmkit does not "
                                    "read (an abbreviation such as CST names several zones)")


def test_a_milestone_marked_three_times_names_the_other_times_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (a third 'detected' at the first one's time, 10:25, says nothing new)
    path = tmp_path / "pm.yaml"
    third = "  - at: 2026-03-02T04:40Z\n    milestone: detected\n    actor: chat\n    event: Errors?\n"
    path.write_text(TICKET_FIRST.replace("decisions:\n", f"{third}decisions:\n"), encoding="utf-8")
    _, err = _stats(capsys, path)
    assert err == [f"pmkit: {path}:18:16: 'detected' is marked on 3 entries at different times: measured "
                   "from the first, 2026-03-02 10:25 +05:45 (line 13), not 2026-03-02 10:05 +05:45 (line 17) "
                   "(see 'pmkit check', PM103)"]
