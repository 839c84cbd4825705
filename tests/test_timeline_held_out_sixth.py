"""Timeline, decision and time-value rules on held-out postmortems of the sixth round: early
warnings (detection before impact), long incidents, repeated milestones and more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit.cli import main

#: A vulnerability known before anyone exploited it: detection precedes impact by hours.
LOG4SHELL = """\
pmkit: 1
id: 2021-12-10-log4shell
title: Exploitation of the Log4j lookup flaw in the search service
status: draft
lang: en
severity: SEV2
owner: security lead
timeline:
  - at: 2021-12-09T23:50:00Z
    milestone: detected
    actor: security on-call
    event: The advisory for CVE-2021-44228 reached the security channel.
  - at: 2021-12-10T00:40:00Z
    actor: incident commander
    event: Chose to block JNDI patterns at the WAF before patching.
    decision: D1
  - at: 2021-12-10T02:10:00Z
    milestone: impact_started
    actor: WAF
    event: The first exploitation attempts reached the search service.
  - at: 2021-12-10T06:30:00Z
    milestone: resolved
    actor: search team
    event: Deployed Log4j 2.15 to all search nodes.
decisions:
  - id: D1
    at: DECIDED
    decision: Block JNDI lookup patterns at the WAF before patching.
    rationale: Patching every node would take hours; the WAF rule could ship in minutes.
"""


def test_a_decision_between_an_early_detection_and_the_impact_is_inside_the_incident() -> None:
    """PM209 said 'timed before the impact started' of a decision taken after detection: the
    incident (and its decisions) begins with whichever of the two came first."""
    assert run(LOG4SHELL.replace("DECIDED", "2021-12-10T00:40:00Z"), select=["PM209"]) == []
    assert run(LOG4SHELL.replace("DECIDED", "2021-12-10"), select=["PM209"]) == []


def test_a_decision_before_an_early_detection_names_the_detection() -> None:
    found = run(LOG4SHELL.replace("DECIDED", "2021-12-09T20:00:00Z"), select=["PM209"])
    assert where(found) == [("PM209", 27, 9)]
    assert found[0].message == ("decision D1 is timed before the incident was detected "
                                "(2021-12-09 23:50 UTC)")


#: Cloudflare's WAF outage of 2 July 2019, times copied from logs with fractions of a second.
WAF = """\
pmkit: 1
id: 2019-07-02-waf-regex
title: A WAF rule with a backtracking regular expression exhausted CPU on the edge
status: draft
lang: en
severity: SEV1
owner: edge engineering lead
timeline:
  - at: 2019-07-02T13:42:00Z
    milestone: impact_started
    actor: WAF deployment pipeline
    event: A new managed rule was deployed globally; CPU on every edge server rose to 100%.
  - at: DETECTED
    milestone: detected
    actor: monitoring
    event: Alerts for 502 errors at the edge.
  - at: ACKNOWLEDGED
    milestone: acknowledged
    actor: SRE
    event: SRE on-call took the page.
"""


def test_times_half_a_second_apart_are_told_apart_in_the_message() -> None:
    """PM104 said "'acknowledged' at 2019-07-02 13:46:30 UTC is before 'detected' at
    2019-07-02 13:46:30 UTC": the fraction that made the difference was not shown."""
    text = WAF.replace("DETECTED", "2019-07-02T13:46:30.5Z").replace("ACKNOWLEDGED", "2019-07-02T13:46:30Z")
    found = run(text, select=["PM104"])
    assert where(found) == [("PM104", 17, 9)]
    assert found[0].message == ("'acknowledged' at 2019-07-02 13:46:30 UTC is before 'detected' at "
                                "2019-07-02 13:46:30.5 UTC (line 13), which cannot be")


def test_a_fraction_of_a_second_in_another_offset_is_kept_in_its_utc_reading() -> None:
    text = (WAF.replace("DETECTED", "2019-07-02T13:47:00.250Z")
            .replace("ACKNOWLEDGED", "2019-07-02T15:47:00.125+02:00"))
    found = run(text, select=["PM105", "PM104"])
    assert [d.message for d in found] == [
        "'acknowledged' at 2019-07-02 15:47:00.125 +02:00 is before 'detected' at 2019-07-02 13:47:00.25 UTC "
        "(line 13), which cannot be: its offset +02:00 differs from the other entries' UTC; with UTC it "
        "would be in order"]


def test_an_ambiguous_time_with_a_fraction_keeps_it_in_the_offsets_to_write() -> None:
    text = """\
    pmkit: 1
    id: 2025-10-26-batch
    title: Batch job held a lock in the night the clocks went back
    status: draft
    lang: en
    severity: SEV3
    timezone: Europe/Berlin
    timeline:
      - {at: 2025-10-26T01:50:00+02:00, milestone: impact_started, actor: batch, event: Lock taken.}
      - {at: 2025-10-26T02:20:30.750, actor: monitoring, event: Alert fired.}
    """
    found = run(text, select=["PM115"])
    assert where(found) == [("PM115", 10, 10)]
    assert found[0].message.startswith("2025-10-26 02:20:30.75 happened twice in Europe/Berlin")
    assert found[0].hint == ("Write the offset: 2025-10-26T02:20:30.75+02:00 for the first, "
                             "2025-10-26T02:20:30.75+01:00 for the second.")


def test_an_entry_in_another_offset_shows_its_utc_reading_to_the_fraction() -> None:
    """'(13:44 UTC)' was shown of 15:44:10.5 +02:00: seconds and fraction dropped."""
    text = """\
    pmkit: 1
    id: 2019-07-02-edge
    title: Edge errors
    status: draft
    lang: en
    severity: SEV3
    timeline:
      - {at: 2019-07-02T13:40:00Z, milestone: impact_started, actor: a, event: e}
      - {at: 2019-07-02T13:45:00Z, milestone: detected, actor: a, event: e}
      - {at: 2019-07-02T13:50:00Z, actor: a, event: e}
      - {at: 2019-07-02T15:44:10.5+02:00, actor: a, event: e}
      - {at: 2019-07-02T13:55:00Z, actor: a, event: e}
      - {at: 2019-07-02T14:05:00Z, milestone: resolved, actor: a, event: e}
    """
    found = run(text, select=["PM105"])
    assert where(found) == [("PM105", 11, 10)]
    assert found[0].message == ("the entry at 2019-07-02 15:44:10.5 +02:00 (13:44:10.5 UTC) is listed after "
                                "the entry at 2019-07-02 13:50 UTC (line 10): the timeline is out of order")


def test_a_german_zu_infinitive_names_the_action_that_matches_an_unused_record() -> None:
    """'hat entschieden, auf das Replikat umzuschalten' was not seen as a switch-over: the hint
    asked for a new record and PM208 reported the record D1 that is its match."""
    text = """\
    pmkit: 1
    id: 2024-05-02-replikat
    title: Ausfall der Bestelldatenbank
    status: draft
    lang: de
    severity: SEV3
    timezone: Europe/Berlin
    timeline:
      - {at: 2024-05-02T10:00:00, milestone: impact_started, actor: Datenbank, event: Primärserver aus.}
      - at: 2024-05-02T10:20:00
        actor: Bereitschaft
        event: Die Bereitschaft hat entschieden, ACTION.
    decisions:
      - id: D1
        at: 2024-05-02T10:25:00
        decision: RECORD
        rationale: Der Primärserver war nicht mehr erreichbar.
    """
    for action, record in (("auf das Replikat umzuschalten", "Auf das Replikat umschalten."),
                           ("die Daten aus der Sicherung wiederherzustellen", "Daten wiederherstellen."),
                           ("den Import anzuhalten", "Import anhalten."),
                           ("die Konfiguration zurückzusetzen", "Konfiguration zurücksetzen."),
                           ("den Export abzuschalten", "Export abschalten."),
                           ("die Deployments einzufrieren", "Deployments einfrieren.")):
        found = run(text.replace("ACTION", action).replace("RECORD", record), select=["PM207", "PM208"])
        assert where(found) == [("PM207", 12, 33)], action
        assert found[0].hint == "If decision D1 is this one, add 'decision: D1' to the entry."


#: A German Betriebsstörung: the decision's record is linked from the entry that carried it out.
SILVESTER = """\
pmkit: 1
id: 2024-12-31-betriebsstoerung
title: Betriebsstörung der Kassensysteme in der Silvesternacht
status: draft
lang: de
severity: SEV2
timezone: Europe/Berlin
timeline:
  - {at: 2024-12-31T23:40:00, milestone: impact_started, actor: Zahlungsdienst, event: Zertifikat abgelaufen.}
  - at: 2025-01-01T00:20:00
    actor: Schichtleitung
    event: Die Schichtleitung hat beschlossen, auf den Ersatzanbieter umzuschalten.
  - at: 2025-01-01T00:35:00
    actor: Bereitschaft
    event: Auf den Ersatzanbieter umgeschaltet.
    decision: D1
decisions:
  - id: D1
    at: DECIDED
    decision: Auf den Ersatzanbieter umschalten.
    rationale: Der Hauptanbieter war erst am Morgen erreichbar.
"""


def test_a_decision_linked_where_it_was_carried_out_is_named_for_the_entry_that_took_it() -> None:
    """The hint said to add a new decision record, though D1 (linked from the next entry) is it."""
    for decided in ("2025-01-01T00:20:00", "2025-01-01T00:35:00"):  # its own time, or the action's
        found = run(SILVESTER.replace("DECIDED", decided), select=["PM207", "PM208"])
        assert where(found) == [("PM207", 12, 35)]
        assert found[0].hint == ("If decision D1 (linked on line 16) is this one, add 'decision: D1' here "
                                 "too: a record may be linked from every entry it concerns.")


def test_an_entry_about_another_action_than_the_later_record_still_asks_for_a_record() -> None:
    text = (SILVESTER.replace("DECIDED", "2025-01-01T00:35:00")
            .replace("auf den Ersatzanbieter umzuschalten", "die Kassen zu sperren"))
    found = run(text, select=["PM207"])
    assert [d.hint for d in found] == [
        "Add a decision record (rationale, options, trade-off) and link it with 'decision: D<n>'."]


def test_a_missing_acknowledgement_after_an_automated_mitigation_is_not_bounded_by_it() -> None:
    """The hint said to mark 'acknowledged' "after detected (...) and before mitigated (...)":
    a page taken after an automated rollback mitigated the impact is no contradiction (PM104
    allows it), so the hint may only name the bound that holds."""
    text = WAF.replace("DETECTED", "2019-07-02T13:45:00Z").replace("""\
  - at: ACKNOWLEDGED
    milestone: acknowledged
    actor: SRE
    event: SRE on-call took the page.
""", """\
  - {at: 2019-07-02T13:47:00Z, milestone: mitigated, actor: deploy pipeline, event: Automatic rollback.}
  - {at: 2019-07-02T14:10:00Z, milestone: resolved, actor: SRE, event: Rule removed.}
""")
    found = run(text, select=["PM102"])
    assert where(found) == [("PM102", 8, 1)]
    assert found[0].hint == ("Add 'milestone: acknowledged' to the entry that records when a responder "
                             "took the page or declared the incident; it falls after 'detected' "
                             "(2019-07-02 13:45 UTC).")


def test_a_missing_impact_start_after_an_early_detection_is_not_said_to_precede_it() -> None:
    text = LOG4SHELL.replace("DECIDED", "2021-12-10T00:40:00Z").replace("    milestone: impact_started\n", "")
    required = {"timeline": {"required_milestones": {"SEV2": ["impact_started"]}}}
    found = run(text, select=["PM102"], config=required)
    assert where(found) == [("PM102", 8, 1)]
    assert found[0].hint == ("Add 'milestone: impact_started' to the entry that records when users were "
                             "first affected (it may precede detection); it falls before 'resolved' "
                             "(2021-12-10 06:30 UTC).")


def test_stats_json_gives_a_bare_date_milestone_as_the_day_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'impact_started' was "2024-12-31T00:00:00+01:00" in JSON: a midnight nobody wrote, from
    which a consumer would count the durations that stats itself leaves empty."""
    (tmp_path / "pm.yaml").write_text(
        "pmkit: 1\nid: silvester\ntitle: Kassen\nstatus: draft\nlang: de\nseverity: SEV2\n"
        "timezone: Europe/Berlin\ntimeline:\n"
        "  - {at: 2024-12-31, milestone: impact_started}\n"
        "  - {at: 2024-12-31T23:52:00, milestone: detected}\n"
        "  - {at: 2025-01-01T09:30:00, milestone: resolved}\n", encoding="utf-8")
    assert main(["stats", str(tmp_path), "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["postmortems"][0]
    assert (row["impact_started"], row["detected"], row["resolved"]) == (
        "2024-12-31", "2024-12-31T23:52:00+01:00", "2025-01-01T09:30:00+01:00")
    assert (row["time_to_detect"], row["time_to_resolve"], row["quarter"]) == (None, None, "2024-Q4")


def test_a_milestone_whose_year_was_not_changed_on_new_years_day_is_a_year_typo() -> None:
    """Two entries of 1 January kept last year's number, which made it the most common year:
    'mitigated' got PM104's generic hint (before impact and detection) and the other entry a
    PM105 listing it before the whole timeline. Both sit between entries of 2025."""
    text = """\
    pmkit: 1
    id: 2024-12-31-kassen
    title: Betriebsstörung der Kassensysteme in der Silvesternacht
    status: draft
    lang: de
    severity: SEV2
    timezone: Europe/Berlin
    timeline:
      - {at: 2024-12-31T23:40:00, milestone: impact_started, actor: Zahlungsdienst, event: Zertifikat ab.}
      - {at: 2024-12-31T23:52:00, milestone: detected, actor: Überwachung, event: Alarm.}
      - {at: 2025-01-01T00:05:00, milestone: acknowledged, actor: Bereitschaft, event: Übernommen.}
      - {at: 2024-01-01T00:20:00, actor: Schichtleitung, event: Ersatzanbieter angefragt.}
      - {at: 2025-01-01T00:35:00, actor: Bereitschaft, event: Ersatzanbieter bestätigt.}
      - {at: 2024-01-01T00:40:00, milestone: mitigated, actor: Bereitschaft, event: Zahlungen laufen.}
      - {at: 2025-01-01T09:30:00, milestone: resolved, actor: Bereitschaft, event: Zertifikat erneuert.}
    """
    found = [d for d in run(text, select=["PM1"]) if d.code in ("PM104", "PM105", "PM108")]
    assert where(found) == [("PM108", 12, 10), ("PM108", 14, 10)]
    assert found[0].hint == ("Check the year: written as 2025-01-01 00:20 +01:00 it would fit between the "
                             "entries around it.")
    assert found[1].message == ("'mitigated' at 2024-01-01 00:40 +01:00 is 365 d 23 h before the entries "
                                "around it; with the year 2025 it would fit between them")
    assert found[1].hint == ("Check the year: written as 2025-01-01 00:40 +01:00 it would fit between the "
                             "entries around it.")


def test_a_time_to_the_minute_is_its_whole_minute_next_to_one_to_the_second() -> None:
    """An acknowledgement at '13:46' (a pager's minute) after an alert a log stamps 13:46:12 was
    PM104's "cannot be" (an error), and as a plain entry PM105's "out of order"."""
    text = WAF.replace("DETECTED", "2019-07-02T13:46:12Z").replace("ACKNOWLEDGED", "2019-07-02T13:46:00Z")
    assert run(text, select=["PM104", "PM105"]) == []
    assert run(text.replace("    milestone: acknowledged\n", ""), select=["PM104", "PM105"]) == []
    # The next minute is after it for certain, and a time to the second is that second only.
    late = WAF.replace("DETECTED", "2019-07-02T13:47:00Z").replace("ACKNOWLEDGED", "2019-07-02T13:46:59Z")
    assert where(run(late, select=["PM104"])) == [("PM104", 17, 9)]
    early = WAF.replace("DETECTED", "2019-07-02T13:47:00Z").replace("ACKNOWLEDGED", "2019-07-02T13:46:00Z")
    assert where(run(early, select=["PM104"])) == [("PM104", 17, 9)]
    listed = (WAF.replace("DETECTED", "2019-07-02T13:46:12Z")
              .replace("ACKNOWLEDGED", "2019-07-02T13:45:00Z").replace("    milestone: acknowledged\n", ""))
    assert where(run(listed, select=["PM105"])) == [("PM105", 17, 9)]


def test_a_decision_to_the_minute_in_the_minute_impact_began_to_the_second_is_inside() -> None:
    """PM209 said a decision at 02:10 was 'timed before the impact started (02:10:30)', and one
    at 06:30:40 'after the incident was resolved' at 06:30: each may be any second of its minute."""
    text = (LOG4SHELL.replace("2021-12-10T02:10:00Z", "2021-12-10T02:10:30Z")
            .replace("    milestone: detected\n", ""))
    assert run(text.replace("DECIDED", "2021-12-10T02:10:00Z"), select=["PM209"]) == []
    assert where(run(text.replace("DECIDED", "2021-12-10T02:09:00Z"), select=["PM209"])) == [("PM209", 26, 9)]
    assert run(text.replace("DECIDED", "2021-12-10T06:30:40Z"), select=["PM209"]) == []
    assert where(run(text.replace("DECIDED", "2021-12-10T06:31:00Z"), select=["PM209"])) == [("PM209", 26, 9)]


#: A timeline in the declared zone's local time, with one entry pasted in UTC.
LOCAL_WITH_ONE_UTC = """\
pmkit: 1
id: 2024-12-31-kassen
title: Betriebsstörung der Kassensysteme in der Silvesternacht
status: draft
lang: de
severity: SEV3
timezone: Europe/Berlin
timeline:
  - {at: 2024-12-31T23:40:00, milestone: impact_started, actor: Zahlungsdienst, event: Zertifikat ab.}
  - {at: 2024-12-31T23:52:00, milestone: detected, actor: Überwachung, event: Alarm.}
  - {at: 2025-01-01T00:20:00, actor: Schichtleitung, event: Ersatzanbieter angefragt.}
  - {at: PASTED, actor: Bereitschaft, event: Ersatzanbieter bestätigt.}
  - {at: 2025-01-01T00:40:00, milestone: mitigated, actor: Bereitschaft, event: Zahlungen laufen.}
  - {at: 2025-01-01T09:30:00, milestone: resolved, actor: Bereitschaft, event: Zertifikat erneuert.}
"""


def test_an_entry_in_utc_among_local_times_of_the_declared_zone_is_the_odd_one() -> None:
    """The right 'mitigated' (00:40 local) was blamed as out of order, with '(23:40 UTC)' shown
    of a time on another day, because entries without an offset did not count as the zone's:
    the entry pasted in UTC is the one to correct."""
    found = run(LOCAL_WITH_ONE_UTC.replace("PASTED", "2025-01-01T00:35:00Z"), select=["PM1"])
    assert where(found) == [("PM105", 12, 10)]
    assert found[0].message == ("the entry at 2025-01-01 00:35 UTC is listed before the entry at "
                                "2025-01-01 00:40 +01:00 (line 13): the timeline is out of order")
    assert found[0].hint == ("Its offset differs from the other entries (+01:00); written as 2025-01-01 "
                             "00:35 +01:00 it would be in order. Correct the offset, or move the entry.")
    # In order either way: a prompt to check (PM114), not a finding of order.
    found = run(LOCAL_WITH_ONE_UTC.replace("PASTED", "2025-01-01T00:30:00Z").replace("00:40:00", "01:45:00"),
                select=["PM1"])
    assert [(d.code, d.line, d.message) for d in found] == [
        ("PM114", 12, "this entry is written in UTC while 5 others use +01:00; its wall clock fits "
                      "2025-01-01 00:30 +01:00 as well")]


def test_an_entrys_utc_reading_on_another_day_names_that_day() -> None:
    """'the entry at 2025-01-01 00:40 +01:00 (23:40 UTC)' read as 23:40 on 1 January."""
    text = """\
    pmkit: 1
    id: 2024-12-31-edge
    title: Edge errors at New Year
    status: draft
    lang: en
    severity: SEV3
    timeline:
      - {at: 2024-12-31T23:20:00Z, milestone: impact_started, actor: a, event: e}
      - {at: 2024-12-31T23:45:00Z, actor: a, event: e}
      - {at: 2025-01-01T00:40:00+01:00, actor: a, event: e}
      - {at: 2025-01-01T00:05:00Z, milestone: resolved, actor: a, event: e}
    """
    found = run(text, select=["PM105"])
    assert where(found) == [("PM105", 10, 10)]
    assert found[0].message == ("the entry at 2025-01-01 00:40 +01:00 (2024-12-31 23:40 UTC) is listed after "
                                "the entry at 2024-12-31 23:45 UTC (line 9): the timeline is out of order")


def test_a_zone_in_brackets_after_a_timestamp_gets_the_value_to_write() -> None:
    """'2021-01-04T15:00+01:00[Europe/Berlin]' (Java's ZonedDateTime) was 'not an ISO 8601
    timestamp', as if all of it were wrong, with no value to write."""
    text = WAF.replace("DETECTED", "STAMP").replace("ACKNOWLEDGED", "2019-07-02T13:50:00Z")
    for stamp, meant in (("2019-07-02T15:45+02:00[Europe/Berlin]", "2019-07-02T15:45+02:00"),
                         ("2019-07-02T13:45:00Z[UTC]", "2019-07-02T13:45:00Z"),
                         ("2019-07-02T15:45[Europe/Berlin]", "2019-07-02T15:45+02:00")):
        found = run(text.replace("STAMP", f"'{stamp}'"), select=["PM015"])
        assert where(found) == [("PM015", 13, 9)]
        assert found[0].message == (f"'{stamp}' names its zone in brackets ('[{stamp.split('[')[1]}'), which "
                                    f"pmkit does not read: write {meant}")
