"""Disclosure clocks on held-out postmortems of the tenth round: documents without a
'timezone:' whose team zone is set in the settings, across the spring-forward of daylight-saving
time."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import fall_back_breach, run, where
from pmkit.cli import main

#: A breach a New York team became aware of on Sunday 8 March 2026, the day the clocks sprang
#: forward (02:00 EST to 03:00 EDT); aware_at is written as a date alone, the document declares
#: no zone, and the team's zone is the top-level 'timezone' setting.
SPRING_FORWARD = """\
pmkit: 1
id: 2026-03-08-payments
title: Payment records exposed
status: draft
lang: en
severity: SEV2
impact:
  users_affected: 1200
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33]
  aware_at: 2026-03-08
  notifications:
    - {audience: regulator, regime: gdpr-art33, stage: notification, sent_at: 2026-03-11T01:30:00-04:00}
"""

NEW_YORK = {"timezone": "America/New_York"}

#: A HIPAA breach of 1,200 people, discovered in October.
HIPAA = """\
pmkit: 1
id: 2026-10-01-records
title: Patient records exposed
status: draft
lang: en
severity: SEV2
impact:
  users_affected: 1200
disclosure:
  personal_data_breach: true
  regimes: [hipaa]
  discovered_at: 2026-10-01T10:00:00+02:00
"""


def test_a_date_alone_starts_its_hours_at_midnight_where_the_team_is() -> None:
    """'aware_at: 2026-03-08' was counted from midnight UTC, which the message showed as 'the
    start of that day, 2026-03-07 19:00 EST', a time of the day before that nobody wrote; the
    notice of 01:30 EDT on 11 March was 5 h 30 min late. The day starts at midnight in the
    zone of the settings (00:00 EST, 05:00 UTC), and 72 hours later, across the change to
    summer time, is 01:00 EDT: the notice was 30 minutes late."""
    found = run(SPRING_FORWARD, select=["PM404"], config=NEW_YORK, now="2026-03-12T00:00:00Z")
    assert where(found) == [("PM404", 14, 79)]
    assert found[0].message == (
        "gdpr-art33 notification sent 30 min late: sent 2026-03-11 01:30 EDT (2026-03-11 05:30 UTC), "
        "due 2026-03-11 01:00 EDT (2026-03-11 05:00 UTC) (72 h after aware_at) [GDPR Art. 33(1): without "
        "undue delay and, where feasible, not later than 72 hours after becoming aware]; aware_at gives no "
        "time of day: counted from the start of that day, 2026-03-08 00:00 EST (2026-03-08 05:00 UTC)")


def test_the_start_of_the_day_is_the_calendars_and_a_document_alone_keeps_utc() -> None:
    """The calendar's zone in [tool.pmkit.calendar] counts as the team's too; without any zone
    the day starts at midnight UTC, as before."""
    calendar = {"calendar": {"timezone": "America/New_York"}}
    found = run(SPRING_FORWARD, select=["PM404"], config=calendar, now="2026-03-12T00:00:00Z")
    assert [d.message.split(": sent ")[0] for d in found] == ["gdpr-art33 notification sent 30 min late"]
    found = run(SPRING_FORWARD, select=["PM404"], now="2026-03-12T00:00:00Z")
    assert where(found) == [("PM404", 14, 79)]
    assert found[0].message.startswith(
        "gdpr-art33 notification sent 5 h 30 min late: sent 2026-03-11 01:30 UTC-04:00 (2026-03-11 05:30 "
        "UTC), due 2026-03-11 00:00 UTC (72 h after aware_at)")
    assert found[0].message.endswith("counted from the start of that day, 2026-03-08 00:00 UTC")


def test_pmkit_due_shows_the_deadline_from_the_teams_midnight(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit due' showed the open clock due at 20:00 EDT on 10 March, 72 hours after a
    midnight of New York the message placed on 7 March."""
    notice = ("  notifications:\n    - {audience: regulator, regime: gdpr-art33, stage: notification, "
              "sent_at: 2026-03-11T01:30:00-04:00}\n")
    assert notice in SPRING_FORWARD
    (tmp_path / ".pmkit.toml").write_text('timezone = "America/New_York"\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(SPRING_FORWARD.replace(notice, ""), encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", "2026-03-09T12:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert ("gdpr-art33 notification [regulator]: 1 day 17 h left; due 2026-03-11 01:00 EDT "
            "(2026-03-11 05:00 UTC); 72 h after aware_at") in out
    assert "counted from the start of that day, 2026-03-08 00:00 EST (2026-03-08 05:00 UTC)" in out


#: An NIS2 incident: the early warning within 24 hours, the incident notification within 72,
#: and no final report a month after the notification.
NIS2_WITHOUT_FINAL = """\
pmkit: 1
id: 2026-06-10-dns
title: DNS resolution failed for customers
status: draft
lang: en
severity: SEV1
timezone: Europe/Berlin
impact:
  users_affected: 0
disclosure:
  regimes: [nis2]
  aware_at: 2026-06-10T14:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-06-10T20:00:00}
    - {audience: regulator, regime: nis2, stage: notification, sent_at: 2026-06-12T10:00:00}
"""


def test_a_missing_final_report_is_not_offered_the_early_warning_sent_before_its_clock() -> None:
    """The final report counts from the incident notification of 12 June; PM403 offered the
    early warning of 10 June, sent before that, as 'a combined report that served as the
    final-report too'. A report sent before a clock started cannot be its report: the
    notification itself, which started the clock, is offered instead."""
    found = run(NIS2_WITHOUT_FINAL, select=["PM403"], now="2026-07-20T00:00:00Z")
    assert where(found) == [("PM403", 11, 13)]
    assert found[0].message == (
        "no nis2 final-report recorded, and it was due 2026-07-13 23:59 CEST (2026-07-13 21:59 UTC) "
        "(1 calendar month after the notification was submitted), 6 days 2 h ago [NIS2 Art. 23(4)(d): "
        "final report not later than one month after the submission of the incident notification]; "
        "disclosure.notifications[1], the nis2 notification, was sent before this deadline: if it was a "
        "combined report that served as the final-report too, record it for both stages")
    assert found[0].hint is not None and found[0].hint.startswith(
        "If disclosure.notifications[1] was also the final-report, add a copy of it with stage: "
        "final-report;")
    # An early warning alone, sent before aware_at by a slip of the date, is offered to no clock.
    slipped = NIS2_WITHOUT_FINAL.replace(
        "    - {audience: regulator, regime: nis2, stage: notification, sent_at: 2026-06-12T10:00:00}\n", ""
    ).replace("sent_at: 2026-06-10T20:00:00", "sent_at: 2026-06-09T20:00:00")
    found = run(slipped, select=["PM403"], now="2026-07-20T00:00:00Z")
    assert [d.message.split(" recorded")[0] for d in found] == ["no nis2 notification"]
    assert "combined report" not in found[0].message


def test_a_notice_whose_sent_at_the_schema_rejected_is_not_called_undated() -> None:
    """A notice's sent_at written without an offset in a document that declares no zone: the
    schema finding (PM014) says so at its column, and PM403 added that the notice 'has no
    sent_at', with the hint to add the sent_at the author had written. The schema finding
    alone is reported for it."""
    text = NIS2_WITHOUT_FINAL.replace("timezone: Europe/Berlin\n", "").replace(
        "aware_at: 2026-06-10T14:00:00", "aware_at: 2026-06-10T14:00:00+02:00").replace(
        "sent_at: 2026-06-10T20:00:00", "sent_at: 2026-06-10T20:00:00+02:00")
    found = run(text, select=["PM0", "PM403"], now="2026-07-20T00:00:00Z")
    assert where(found) == [("PM014", 14, 73)]
    assert found[0].message == ("timestamp '2026-06-12T10:00:00' has no UTC offset and the document declares "
                                "no timezone")
    # A notice recorded without sent_at (planned, or the date forgotten) still is.
    planned = text.replace(", sent_at: 2026-06-12T10:00:00}", "}")
    found = run(planned, select=["PM0", "PM403"], now="2026-07-20T00:00:00Z")
    assert where(found) == [("PM403", 14, 7)]
    assert found[0].message.startswith("the nis2 notification in disclosure.notifications[1] has no sent_at")


def test_pmkit_due_says_when_it_lists_clocks_of_a_file_with_a_date_it_could_not_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit due' listed the NIS2 incident notification as OVERDUE by 36 days, its sent_at
    (written without an offset in a document without a zone) set aside by the schema, with
    not a word on stderr; 'pmkit actions' says when it lists the items of such a file. It now
    names the error and says the clocks are listed anyway."""
    text = NIS2_WITHOUT_FINAL.replace("timezone: Europe/Berlin\n", "").replace(
        "aware_at: 2026-06-10T14:00:00", "aware_at: 2026-06-10T14:00:00+02:00").replace(
        "sent_at: 2026-06-10T20:00:00", "sent_at: 2026-06-10T20:00:00+02:00")
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", "2026-07-20T00:00:00Z"]) == 0
    captured = capsys.readouterr()
    assert "nis2 notification [regulator]: OVERDUE by 36 days" in captured.out
    # (The empty .git folder is a repository git cannot read, which is said once, as PM413 says it.)
    unreadable = (f"pmkit: no git evidence for disclosure dates: the git repository at {tmp_path} cannot be "
                  "read: it looks corrupt ('git status' there says why); the clocks use the dates in the "
                  "documents. Make git able to read the repository (the message says what stops it). The "
                  "disclosure rules then use its dates again.\n")
    assert captured.err == (
        f"pmkit: {tmp_path / 'pm.yaml'}:14:73: PM014 timestamp '2026-06-12T10:00:00' has no UTC offset and "
        "the document declares no timezone (clocks listed anyway, from the dates that could be read; see "
        "'pmkit check')\n" + unreadable)
    # A file without errors: nothing more on stderr.
    (tmp_path / "pm.yaml").write_text(NIS2_WITHOUT_FINAL, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", "2026-07-20T00:00:00Z"]) == 0
    assert capsys.readouterr().err == unreadable


#: A breach in Berlin that the organisation became aware of at 02:30 on the night the clocks
#: went back (25 October 2026): 02:30 CEST and, an hour later, 02:30 CET.
FALL_BACK = fall_back_breach("2026-10-25T02:30:00")


def test_a_late_notice_counted_from_an_anchor_that_happened_twice_says_so() -> None:
    """aware_at 02:30 on the night the clocks went back, without an offset: read as the first
    02:30 (summer time), the 72 hours ran out at 01:30 CET, a time the author never wrote, and
    the notice of 01:45 was 15 minutes late with no word that the other 02:30 would make it in
    time. The message says the anchor happened twice, which was taken, and where the other
    reading puts the deadline; the hint gives both offsets to write."""
    found = run(FALL_BACK, select=["PM404"], now="2026-11-20T00:00:00Z")
    assert where(found) == [("PM404", 15, 79)]
    assert found[0].message == (
        "gdpr-art33 notification sent 15 min late: sent 2026-10-28 01:45 CET (2026-10-28 00:45 UTC), "
        "due 2026-10-28 01:30 CET (2026-10-28 00:30 UTC) (72 h after aware_at) [GDPR Art. 33(1): without "
        "undue delay and, where feasible, not later than 72 hours after becoming aware]; aware_at, "
        "2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went back): counted from the first, "
        "02:30 CEST (00:30 UTC); from the second, 02:30 CET (01:30 UTC), it is due 2026-10-28 02:30 CET "
        "(2026-10-28 01:30 UTC)")
    assert found[0].hint is not None and found[0].hint.startswith(
        "Write aware_at with its offset: 2026-10-25T02:30:00+02:00 for the first, "
        "2026-10-25T02:30:00+01:00 for the second. ")
    # Not sent at all: PM403 says the same of the deadline it reports.
    notice = ("    - {audience: regulator, regime: gdpr-art33, stage: notification, "
              "sent_at: 2026-10-28T01:45:00}\n")
    assert notice in FALL_BACK
    found = run(FALL_BACK.replace("  notifications:\n" + notice, ""), select=["PM403"],
                now="2026-11-20T00:00:00Z")
    assert where(found) == [("PM403", 12, 13)]
    assert found[0].message.endswith(
        "; aware_at, 2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went back): counted "
        "from the first, 02:30 CEST (00:30 UTC); from the second, 02:30 CET (01:30 UTC), it is due "
        "2026-10-28 02:30 CET (2026-10-28 01:30 UTC)")
    assert found[0].hint is not None and found[0].hint.startswith("Write aware_at with its offset: ")
    # Written with its offset, it is no longer ambiguous.
    second = FALL_BACK.replace("aware_at: 2026-10-25T02:30:00", "aware_at: 2026-10-25T02:30:00+01:00")
    assert run(second, select=["PM404"], now="2026-11-20T00:00:00Z") == []
    first = FALL_BACK.replace("aware_at: 2026-10-25T02:30:00", "aware_at: 2026-10-25T02:30:00+02:00")
    found = run(first, select=["PM404"], now="2026-11-20T00:00:00Z")
    assert [d.message.endswith("becoming aware]") for d in found] == [True]


def test_a_hipaa_breach_recorded_with_aware_at_is_told_discovered_at_may_be_that_moment() -> None:
    """A HIPAA breach whose postmortem records aware_at, GDPR's anchor, and no discovered_at:
    PM406 said discovered_at 'is not recorded' and asked for it, with nothing to say that the
    moment recorded as aware_at may be the very one. The hint now offers it, as written."""
    text = HIPAA.replace("discovered_at: 2026-10-01T10:00:00+02:00", "aware_at: 2026-10-01T10:00:00+02:00")
    found = run(text, select=["PM406"], now="2026-12-05T00:00:00Z")
    assert where(found) == [("PM406", 11, 13)]
    assert found[0].message.startswith("hipaa counts its individuals clock from discovered_at, which is not "
                                       "recorded")
    assert found[0].hint == (
        "Record disclosure.discovered_at with the exact time and its UTC offset. aware_at is recorded "
        "(2026-10-01T10:00:00+02:00): if the breach was discovered then, write discovered_at: "
        "2026-10-01T10:00:00+02:00.")
