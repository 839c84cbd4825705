"""Timeline, decision and metric rules on held-out postmortems of the thirteenth round: decisions
written as a noun ("Decision to roll back ..."), decisions told in a Markdown body's prose, a
milestone the night the clocks went back, two decisions taken in one entry; and guards for the
shapes already handled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit.cli import main

#: A SEV2 excerpt; EVENT is the one entry between impact and resolution.
EXCERPT = """\
pmkit: 1
id: 2026-06-01-api-errors
title: API errors in zone b
status: draft
lang: LANG
severity: SEVERITY
timezone: Europe/Berlin
owner: api lead
timeline:
  - at: 2026-06-01T10:00:00+02:00
    milestone: impact_started
    actor: api
    event: Errors began.
  - at: 2026-06-01T10:20:00+02:00
    actor: incident commander
    event: "EVENT"
  - at: 2026-06-01T11:00:00+02:00
    milestone: resolved
    actor: incident commander
    event: Zone b repaired.
"""


def _excerpt(lang: str, event: str, severity: str = "SEV2") -> str:
    return EXCERPT.replace("LANG", lang).replace("EVENT", event).replace("SEVERITY", severity)


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Decision to roll back release 4.2."),
    ("en", "Decision to wait for the vendor's fix rather than fail over."),
    ("en", "Decision against failing over to the second region."),
    ("de", "Entscheidung, den Rollout anzuhalten."),
    ("de", "Entscheidung, abzuwarten, bis der Anbieter antwortet."),
    ("de", "Entscheidung, die Region zu wechseln."),
    ("de", "Entscheidung für einen Rollback auf 4.1."),
])
def test_a_decision_written_as_a_noun_with_what_was_chosen_is_a_decision(lang: str, event: str) -> None:
    # Before, only the label "Decision: ..." counted; scribes' "Decision to roll back ..." was
    # passed over: a SEV2 with no decision records got no PM201, a SEV3 entry no PM207.
    found = run(_excerpt(lang, event), select=["PM201", "PM207"])
    assert where(found) == [("PM201", 1, 1)]
    assert found[0].message == ("SEV2 postmortem has no decision records, but its timeline shows 1 decision "
                                "(line 16)")
    found = run(_excerpt(lang, event, "SEV3") + "decisions: []\n", select=["PM207"])
    assert where(found) == [("PM207", 16, 13)]
    word = "Decision" if lang == "en" else "Entscheidung"
    assert found[0].message == (f"timeline entry describes a decision ('{word}') but links no decision "
                                "record")


def test_the_noun_inside_the_sentence_is_placed_at_it() -> None:
    found = run(_excerpt("en", "The decision to roll back was made by the incident commander.", "SEV3")
                + "decisions: []\n", select=["PM207"])
    assert where(found) == [("PM207", 16, 17)]


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Escalated the decision to the VP of engineering."),
    ("en", "Awaiting a decision to roll back from the release manager."),
    ("en", "No decision to roll back yet; errors are falling."),
    ("en", "The vendor's decision to throttle us slowed checkout."),
    ("de", "Warten auf die Entscheidung, das Release zurückzunehmen."),
    ("de", "Offene Entscheidung, abzuwarten."),
    ("de", "Entscheidung zu dem Zeitpunkt noch offen."),
])
def test_a_decision_awaited_escalated_or_a_vendors_is_none_of_the_teams(lang: str, event: str) -> None:
    assert run(_excerpt(lang, event), select=["PM201"]) == []
    assert run(_excerpt(lang, event, "SEV3") + "decisions: []\n", select=["PM207"]) == []


#: A Markdown SEV2 whose decisions are told in the body's prose; DECISIONS is their heading.
PROSE = """\
---
pmkit: 1
id: 2026-11-03-search-latency
title: Search latency after an index rebuild
status: draft
lang: en
severity: SEV2
owner: search lead
timeline:
  - at: 2026-11-03T09:00:00Z
    milestone: impact_started
    actor: index builder
    event: The nightly index rebuild overran into business hours.
  - at: 2026-11-03T09:30:00Z
    actor: search on-call engineer
    event: Stopped the rebuild and failed over to yesterday's index.
  - at: 2026-11-03T11:00:00Z
    milestone: resolved
    actor: search on-call engineer
    event: Rebuild finished off-peak and swapped in.
---

## Summary

The nightly rebuild of the search index overran and slowed search for 41 minutes.

## DECISIONS

We decided to fail over to yesterday's index rather than let the rebuild finish, because it
still had 40 minutes to go. The trade-off was stale results for new listings until 11:00.
"""


@pytest.mark.parametrize("heading", ["Decisions", "Key decisions", "Entscheidungen"])
def test_decisions_told_in_the_bodys_prose_are_named_where_they_are_written(heading: str) -> None:
    # Before, PM201 said at the top "no decision records ... Add a 'decisions' section" to an
    # author who had written a "## Decisions" section, without saying why it did not count.
    found = run(PROSE.replace("DECISIONS", heading), select=["PM201"], path="pm.md")
    assert where(found) == [("PM201", 27, 1)]
    assert found[0].message == (
        "SEV2 postmortem has no decision records, but its timeline shows 1 decision (line 16): the body's "
        f"section '{heading}' is read as text, and 'decisions' only from the front matter")
    assert found[0].hint == (
        "Move the section's entries into the front matter. Add 'decisions:' with one record per "
        "decision (id, at, decision, rationale, options_considered, tradeoff, known_at_the_time, "
        "decided_by) and link each timeline entry to it with 'decision: D1'.")


def test_without_such_a_heading_pm201_stays_at_the_top() -> None:
    # Guard: a YAML postmortem, or a body without the heading, keeps the finding on line 1.
    text = PROSE.replace("## DECISIONS", "## Background")
    assert where(run(text, select=["PM201"], path="pm.md")) == [("PM201", 2, 1)]
    assert where(run(_excerpt("en", "Rolled back to 4.1."), select=["PM201"])) == [("PM201", 1, 1)]


#: An overnight incident in Berlin the night the clocks went back (2026-10-25, 03:00 CEST became
#: 02:00 CET); its times are written without offsets, as a chat log shows them.
DST_NIGHT = """\
pmkit: 1
id: 2026-10-25-night
title: Night of the clock change
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
owner: api lead
timeline:
  - {at: 2026-10-25T01:30, milestone: impact_started, actor: api, event: Errors began.}
  - {at: 2026-10-25T02:20, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-10-25T02:40, milestone: acknowledged, actor: on-call engineer, event: Acknowledged.}
  - {at: 2026-10-25T02:10, milestone: mitigated, actor: on-call engineer, event: Errors stopped.}
  - {at: 2026-10-25T04:00, milestone: resolved, actor: on-call engineer, event: Verified.}
"""


def test_a_milestone_in_order_in_the_second_hour_is_not_also_a_contradiction() -> None:
    # 'mitigated' at 02:10 was read as 02:10 +02:00, before 'detected' at 02:20 +02:00: PM104
    # called it impossible while PM115, on the same time, said the second 02:10 fits. One finding.
    found = run(DST_NIGHT, select=["PM104", "PM115"])
    assert where(found) == [("PM115", 11, 10), ("PM115", 12, 10), ("PM115", 13, 10)]
    assert found[2].message == (
        "2026-10-25 02:10 happened twice in Europe/Berlin (the clocks went back): read as the first, "
        "2026-10-25 02:10 +02:00, not the second, 2026-10-25 02:10 +01:00; only the second fits between "
        "the entries around it")
    # Guard: without PM115 the contradiction as read is still PM104's.
    assert where(run(DST_NIGHT, select=["PM104"])) == [("PM104", 13, 10)]


def test_when_the_list_does_not_tell_the_milestones_say_which_hour_fits() -> None:
    # The detection, added later from a ticket, is listed after a note: the list cannot place
    # the 02:10 mitigation, the milestones can. Before, PM104 blamed the right 'detected'.
    text = DST_NIGHT.replace("""\
  - {at: 2026-10-25T02:20, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-10-25T02:40, milestone: acknowledged, actor: on-call engineer, event: Acknowledged.}
  - {at: 2026-10-25T02:10, milestone: mitigated, actor: on-call engineer, event: Errors stopped.}
""", """\
  - {at: 2026-10-25T02:10, milestone: mitigated, actor: on-call engineer, event: Errors stopped.}
  - {at: 2026-10-25T03:00, actor: on-call engineer, event: Wrote the customer notice.}
  - {at: 2026-10-25T02:40+02:00, milestone: detected, actor: support, event: A customer wrote in.}
""")
    found = run(text, select=["PM104", "PM115"])
    assert where(found) == [("PM115", 11, 10)]
    assert found[0].message.endswith("not the second, 2026-10-25 02:10 +01:00; only the second is in order "
                                     "with the other milestones")


#: Two decisions taken in one entry at 09:50; the entry can link only one of them.
TWO_IN_ONE = """\
pmkit: 1
id: 2026-05-02-disk-fill
title: Disk filled on the queue brokers
status: draft
lang: en
severity: SEV3
owner: messaging lead
timeline:
  - {at: 2026-05-02T09:41:00Z, milestone: impact_started, actor: broker-3, event: Broker-3 disk full.}
  - at: 2026-05-02T09:50:00Z
    actor: incident commander
    event: Rolled back the retention change and paused the consumers that replay old segments.
    decision: D2
  - {at: 2026-05-02T11:30:00Z, milestone: resolved, actor: on-call engineer, event: Disks extended.}
decisions:
  - id: D2
    at: 2026-05-02T09:50:00Z
    decision: Roll back the retention change.
    rationale: The change had doubled the segments kept on every broker.
    decided_by: incident commander
  - id: D3
    at: 2026-05-02T09:50:00Z
    decision: Pause the replay consumers.
    rationale: They wrote 40 GB an hour to broker-3.
    decided_by: incident commander
"""


def test_a_second_decision_of_an_entry_that_links_one_is_told_to_get_its_own_entry() -> None:
    # Before, the hint said to add 'decision: D3' to the entry where it was taken: that entry
    # holds 'decision: D2', and an entry links one decision.
    found = run(TWO_IN_ONE, select=["PM208"])
    assert where(found) == [("PM208", 21, 9)]
    assert found[0].message == "no timeline entry refers to decision D3"
    assert found[0].hint == (
        "The entry at 2026-05-02 09:50 UTC (line 10) links 'D2', and an entry links one decision: if D3 "
        "was taken there too, give it an entry of its own at that time with 'decision: D3'.")


def test_an_unused_record_at_a_time_no_entry_has_keeps_the_plain_hint() -> None:
    # Guard.
    found = run(TWO_IN_ONE.replace("at: 2026-05-02T09:50:00Z\n    decision: Pause",
                                   "at: 2026-05-02T10:05:00Z\n    decision: Pause"), select=["PM208"])
    assert [d.hint for d in found] == ["Add 'decision: D3' to the timeline entry where it was taken."]


@pytest.mark.parametrize("word", ["Uhr", "h", "hrs"])
def test_a_time_followed_by_uhr_is_told_the_word_is_no_zone(word: str) -> None:
    # Before: "gives its zone as 'Uhr', which pmkit does not read (an abbreviation such as CST
    # names several zones)", and a hint to look up an offset for a zone that was never named.
    text = EXCERPT.replace("LANG", "de").replace("SEVERITY", "SEV3").replace("EVENT", "Alarm.").replace(
        "2026-06-01T10:20:00+02:00", f"2026-06-01T10:20 {word}")
    found = run(text, select=["PM015"])
    assert where(found) == [("PM015", 14, 9)]
    assert found[0].message == (
        f"'2026-06-01T10:20 {word}' ends in '{word}', which is not a zone but says it is a time of day: "
        "write 2026-06-01T10:20 (read in the postmortem's timezone) or 2026-06-01T10:20+HH:MM with its "
        "UTC offset")
    assert found[0].hint == "Write 2026-06-01T10:20, the form pmkit reads (year-month-day, then the time)."


def test_a_zone_abbreviation_after_a_time_keeps_its_message() -> None:
    # Guard: CEST names a zone, if an ambiguous one.
    text = EXCERPT.replace("LANG", "en").replace("SEVERITY", "SEV3").replace("EVENT", "Alert.").replace(
        "2026-06-01T10:20:00+02:00", "2026-06-01T10:20 CEST")
    assert [d.message for d in run(text, select=["PM015"])] == [
        "'2026-06-01T10:20 CEST' gives its zone as 'CEST', which pmkit does not read (an abbreviation such "
        "as CST names several zones): write the time with the UTC offset it had, as in "
        "2026-06-01T10:20+HH:MM"]


# --- guards: shapes already handled ---------------------------------------------------------

#: Milestones in several offsets and on both sides of the two clock changes of 2026 in Berlin.
_GUARD_INCIDENTS = {
    # Autumn: impact 22:40 CEST, mitigated two days later in CET.
    "autumn": ("Europe/Berlin", "2026-10-24T22:40:00", "2026-10-25T01:55:00", "2026-10-25T02:10:00+02:00",
               "2026-10-26T06:30:00", "2026-10-26T10:00:00"),
    # Spring: 01:50 CET, then 03:05 CEST fifteen minutes later.
    "spring": ("Europe/Berlin", "2026-03-29T01:50:00", "2026-03-29T03:05:00", "2026-03-29T03:09:00",
               "2026-03-29T04:02:00", "2026-03-29T09:00:00"),
    # Responders in Bengaluru, Berlin and Seattle, impact stamped to the second from a log.
    "zones": ("UTC", "2026-09-09T06:58:12Z", "2026-09-09T12:31+05:30", "2026-09-09T09:05:00+02:00",
              "2026-09-09T00:31:00-07:00", "2026-09-09T08:30:00Z"),
    # A disk warning on a precursor 29 minutes before the disk filled.
    "precursor": ("UTC", "2026-05-02T09:41:00Z", "2026-05-02T09:12:00Z", "2026-05-02T09:20:00Z",
                  "2026-05-02T09:58:00Z", "2026-05-02T11:30:00Z"),
}


def _guard_incident(name: str) -> str:
    zone, *times = _GUARD_INCIDENTS[name]
    milestones = ("impact_started", "detected", "acknowledged", "mitigated", "resolved")
    entries = list(zip(times, milestones, strict=True))
    if name == "precursor":  # listed as it happened: the warning first
        entries.sort()
    lines = "".join(f"  - {{at: {at}, milestone: {m}, actor: on-call engineer, event: {m}.}}\n"
                    for at, m in entries)
    return (f"pmkit: 1\nid: {name}\ntitle: Guard {name}\nstatus: draft\nlang: en\nseverity: SEV3\n"
            f"timezone: {zone}\nowner: lead\ntimeline:\n{lines}")


@pytest.mark.parametrize(("name", "durations"), [
    ("autumn", [11700.0, 12600.0, 118200.0, 130800.0]),      # 3h15m, 3h30m, 32h50m, 36h20m
    ("spring", [900.0, 1140.0, 4320.0, 22200.0]),            # 15m, 19m, 1h12m, 6h10m
    ("zones", [168.0, 408.0, 1968.0, 5508.0]),               # 2m48s, 6m48s, 32m48s, 1h31m48s
    ("precursor", [-1740.0, -1260.0, 1020.0, 6540.0]),       # -29m, -21m, 17m, 1h49m
])
def test_guard_stats_across_clock_changes_zones_and_an_early_warning(
        name: str, durations: list[float], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / f"{name}.yaml").write_text(_guard_incident(name), encoding="utf-8")
    assert where(run(_guard_incident(name), select=["PM104", "PM105", "PM114", "PM115"])) == []
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["postmortems"][0]
    assert [found[key] for key in ("time_to_detect", "time_to_acknowledge", "time_to_mitigate",
                                   "time_to_resolve")] == durations


def test_guard_a_mitigation_undone_and_redone_is_reported_at_the_words() -> None:
    text = _guard_incident("precursor") + (
        "  - {at: 2026-05-02T10:10:00Z, actor: on-call engineer, event: Errors returned when the "
        "rebalancer undid the moves.}\n")
    found = run(text, select=["PM116"])
    assert where(found) == [("PM116", 15, 64)]


@pytest.mark.parametrize(("lang", "event", "col"), [
    ("en", "We decided to wait for the vendor's fix rather than fail over.", 16),
    ("de", "Wir haben entschieden, zu warten, bis der Anbieter antwortet.", 23),
    ("en", "Chose a rollback over a fix-forward: the rollback was tested.", 13),
])
def test_guard_waiting_and_a_rollback_over_a_fix_forward_are_decisions(lang: str, event: str,
                                                                       col: int) -> None:
    found = run(_excerpt(lang, event, "SEV3") + "decisions: []\n", select=["PM207"])
    assert where(found) == [("PM207", 16, col)]
