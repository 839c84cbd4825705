"""Disclosure clocks on held-out postmortems of the seventh round: notices sent to the wrong
audience, reasons given for a notice that was on time, anchors in an impossible order, and
clocks that end on a weekend, a month end or a year end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit.cli import main
from pmkit.diagnostics import Severity

#: A customer database exposed; the GDPR and SEC reports are recorded as customer e-mails.
TO_CUSTOMERS = """\
pmkit: 1
id: customers
title: Customer database exposed
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33, sec-8k]
  aware_at: 2026-03-27T09:00:00
  materiality_determined_at: 2026-03-27T12:00:00
  notifications:
    - {audience: customers, regime: gdpr-art33, sent_at: 2026-03-28T10:00:00, channel: e-mail}
    - {audience: customers, regime: sec-8k, sent_at: 2026-03-28T10:00:00, channel: e-mail}
"""


def test_a_gdpr_notice_to_customers_does_not_meet_the_regulator_clock() -> None:
    # Before, both e-mails counted as the reports to the supervisory authority and the SEC:
    # every clock was "met", and nothing was reported.
    found = run(TO_CUSTOMERS, select=["PM403", "PM408"], now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM403", 10, 13), ("PM403", 10, 25), ("PM408", 14, 18), ("PM408", 15, 18)]
    gdpr, sec, wrong_gdpr, wrong_sec = found
    assert gdpr.message.startswith("no gdpr-art33 notification recorded, and it was due 2026-03-30 "
                                   "10:00 CEST (2026-03-30 08:00 UTC)")
    assert gdpr.message.endswith("; disclosure.notifications[0] is recorded as this report but went "
                                 "to the customers, not the regulator")
    assert gdpr.hint is not None and gdpr.hint.startswith(
        "If disclosure.notifications[0] went to the regulator, set its audience to regulator")
    assert sec.message.endswith("; disclosure.notifications[1] is recorded as this report but went to "
                                "the customers, not the investors")
    assert wrong_gdpr.message.startswith(
        "notification to the customers is recorded as the gdpr-art33 notification, which goes to the "
        "regulator: a notice to the customers does not tell the regulator, so it answers no gdpr-art33 "
        "clock")
    assert wrong_sec.message.startswith("notification to the customers is recorded as the sec-8k form-8k, "
                                        "which goes to the investors")


def test_due_shows_a_regulator_clock_answered_only_by_a_customer_notice_as_overdue(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(TO_CUSTOMERS, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--all", "--format", "json",
                 "--now", "2026-04-10T00:00:00Z"]) == 0
    states = {c["regime"]: c["state"] for c in json.loads(capsys.readouterr().out)["clocks"]}
    assert states == {"gdpr-art33": "overdue", "sec-8k": "overdue"}


def test_a_gdpr_art33_notice_to_data_subjects_points_to_gdpr_art34() -> None:
    text = (TO_CUSTOMERS.replace("[gdpr-art33, sec-8k]", "[gdpr-art33, gdpr-art34]")
            .replace("audience: customers, regime: gdpr-art33", "audience: data-subjects, regime: gdpr-art33")
            .replace(TO_CUSTOMERS.splitlines(keepends=True)[-1], ""))
    found = run(text, select=["PM408"], now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM408", 14, 18)]
    assert found[0].hint is not None and (
        "if it is the gdpr-art34 communication, which goes to the data subjects, set regime: gdpr-art34;"
        in found[0].hint)


@pytest.mark.parametrize(("regime", "audience"), [
    ("gdpr-art34", "customers"),      # the data subjects, told as customers
    ("gdpr-art34", "public"),         # a public communication instead (Art. 34(3)(c))
    ("sec-8k", "public"),             # a Form 8-K is public
    ("sec-8k", "regulator"),          # ... and filed with the SEC
])
def test_a_notice_to_an_audience_the_stage_reaches_still_meets_it(regime: str, audience: str) -> None:
    text = f"""\
pmkit: 1
id: reach
title: Customer database exposed
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [{regime}]
  aware_at: 2026-03-27T09:00:00
  materiality_determined_at: 2026-03-27T12:00:00
  notifications:
    - {{audience: {audience}, regime: {regime}, sent_at: 2026-03-28T10:00:00}}
"""
    assert run(text, select=["PM403", "PM404", "PM408"], now="2026-04-10T00:00:00Z") == []


#: A GDPR notice sent a day after awareness, with a reason for a delay left in from a draft.
ON_TIME_WITH_REASON = """\
pmkit: 1
id: reason
title: Customer database exposed
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [gdpr-art33, gdpr-art34]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - audience: regulator
      regime: gdpr-art33
      sent_at: 2026-03-28T10:00:00
      late_reason: Forensic confirmation of the breach took until 31 March.
    - audience: data-subjects
      regime: gdpr-art34
      sent_at: 2026-03-29T10:00:00
      late_reason: The address list had to be cleaned first.
"""


def test_a_late_reason_on_a_notice_sent_in_time_is_pointed_out() -> None:
    # Before, nothing was said: the reason claims a delay the dates do not show, so either the
    # reason is stale or a date is wrong. A "without undue delay" clock (gdpr-art34) has no
    # fixed deadline to be in time for, and its reason is not questioned.
    found = run(ON_TIME_WITH_REASON, select=["PM4"], now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM418", 15, 20)]
    assert found[0].severity is Severity.INFO
    assert found[0].message == (
        "notifications[0] gives a late_reason, but the gdpr-art33 notification was sent in time: sent "
        "2026-03-28 10:00 CET (2026-03-28 09:00 UTC), due 2026-03-30 10:00 CEST (2026-03-30 08:00 UTC) "
        "(72 h after aware_at) [GDPR Art. 33(1): without undue delay and, where feasible, not later "
        "than 72 hours after becoming aware]")
    assert found[0].hint == ("If the notice was in time, remove late_reason; if the author was right that "
                             "it was late, correct sent_at or aware_at, whichever is wrong.")


def test_a_late_reason_on_a_late_notice_is_not_questioned() -> None:
    text = ON_TIME_WITH_REASON.replace("sent_at: 2026-03-28T10:00:00", "sent_at: 2026-03-31T10:00:00")
    found = run(text, select=["PM4"], now="2026-04-10T00:00:00Z")
    assert [d.code for d in found] == ["PM404"]


DORA_CLASSIFIED_FIRST = """\
pmkit: 1
id: dora
title: Payment outage at the bank
status: draft
lang: en
severity: SEV1
timezone: Europe/Berlin
disclosure:
  regimes: [dora]
  aware_at: AWARE
  classified_major_at: CLASSIFIED
  notifications:
    - {audience: regulator, regime: dora, stage: initial, sent_at: 2026-06-16T14:00:00}
"""


def test_a_classification_as_major_before_awareness_is_reported() -> None:
    # Before: no finding; the initial notification was called late, counted from a
    # classification an hour before anyone knew of the incident.
    text = DORA_CLASSIFIED_FIRST.replace("AWARE", "2026-06-16T10:00:00").replace(
        "CLASSIFIED", "2026-06-16T09:00:00")
    found = run(text, select=["PM415"], now="2026-06-17T00:00:00Z")
    assert where(found) == [("PM415", 11, 24)]
    assert found[0].message == (
        "classified_major_at is 2026-06-16 09:00 CEST (2026-06-16 07:00 UTC), before aware_at, "
        "2026-06-16 10:00 CEST (2026-06-16 08:00 UTC): an incident is classified as major after the "
        "entity becomes aware of it, so one of the two dates is wrong (the 4 hours of the DORA initial "
        "notification count from classified_major_at) [RTS 2025/301 Art. 5(1)(a)]")


@pytest.mark.parametrize(("aware", "classified"), [
    ("2026-06-16T10:00:00", "2026-06-16T10:00:00"),   # classified at once
    ("2026-06-16T10:00:00", "2026-06-16T11:00:00"),
    ("2026-06-16T10:00:00", "2026-06-16"),            # the same day, written as a date
])
def test_a_classification_at_or_after_awareness_is_not_reported(aware: str, classified: str) -> None:
    text = DORA_CLASSIFIED_FIRST.replace("AWARE", aware).replace("CLASSIFIED", classified)
    assert run(text, select=["PM415"], now="2026-06-17T00:00:00Z") == []


#: A small HIPAA breach discovered on New Year's Eve in New York; no zone declared anywhere.
HIPAA_NEW_YEARS_EVE = """\
pmkit: 1
id: hipaa
title: Patient portal exposed lab results
status: draft
lang: en
severity: SEV2
impact:
  users_affected: 120
disclosure:
  regimes: [hipaa]
  discovered_at: 2026-12-31T20:00:00-05:00
  notifications:
    - {audience: data-subjects, regime: hipaa, stage: individuals, sent_at: 2027-01-20T10:00:00-05:00}
"""


def test_the_year_end_of_a_discovery_is_the_year_where_it_was_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 20:00 in New York is 01:00 on 1 January in UTC: the annual HHS report for fewer than 500
    # people ran from the end of 2027 (due 2028-02-29), and the 60 days to individuals ended a
    # day late (2 March at 18:59 New York time).
    (tmp_path / "pm.yaml").write_text(HIPAA_NEW_YEARS_EVE, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--all", "--format", "json",
                 "--now", "2027-03-05T12:00:00Z"]) == 0
    due = {c["stage"]: (c["state"], c["deadline_utc"]) for c in json.loads(capsys.readouterr().out)["clocks"]}
    assert due["hhs-annual"] == ("overdue", "2027-03-02T04:59+00:00")
    assert due["individuals"] == ("met", "2027-03-02T04:59+00:00")
    found = run(HIPAA_NEW_YEARS_EVE, select=["PM403"], now="2027-03-05T12:00:00Z")
    assert where(found) == [("PM403", 10, 13)]
    assert found[0].message.startswith(
        "no hipaa hhs-annual recorded, and it was due 2027-03-01 23:59 UTC-05:00 (2027-03-02 04:59 UTC) "
        "(60 calendar days after the end of the calendar year of discovered_at, counted in UTC-05:00, the "
        "offset discovered_at is written in, as no timezone is declared)")


def test_a_declared_zone_still_decides_the_day() -> None:
    text = HIPAA_NEW_YEARS_EVE.replace("severity: SEV2\n", "severity: SEV2\ntimezone: Europe/Berlin\n")
    # 20:00 in New York is 02:00 on 1 January in Berlin, the zone the team declared.
    found = run(text, select=["PM403"], now="2028-03-05T12:00:00Z")
    assert found[0].message.startswith("no hipaa hhs-annual recorded, and it was due 2028-02-29 23:59 CET")


#: A DORA initial notification sent at 01:30 local time: 72 h later is a Saturday where the
#: bank is, but still a Friday in UTC. No zone is declared; the offsets say where it is.
DORA_SATURDAY = """\
pmkit: 1
id: dora
title: Payment outage at the bank
status: draft
lang: en
severity: SEV1
disclosure:
  regimes: [dora]
  aware_at: 2026-06-16T10:00:00+02:00
  classified_major_at: 2026-06-16T11:00:00+02:00
  notifications:
    - {audience: regulator, regime: dora, stage: initial, sent_at: 2026-06-16T14:00:00+02:00}
    - {audience: regulator, regime: dora, stage: intermediate, sent_at: 2026-06-22T11:00:00+02:00}
"""


def test_a_dora_limit_on_a_local_saturday_moves_to_noon_of_the_next_working_day() -> None:
    # The initial notice at Wed 14:00 +02:00 puts the intermediate report at Sat 14:00 local
    # (12:00 UTC): relief to Monday noon either way. At 01:30 the limit is Sat 01:30 local but
    # Fri 23:30 UTC: judged in UTC, the report sent on Monday at 11:00 was "late".
    text = DORA_SATURDAY.replace("sent_at: 2026-06-16T14:00:00+02:00", "sent_at: 2026-06-17T01:30:00+02:00")
    found = run(text, select=["PM404"], now="2026-06-25T12:00:00Z")
    assert [d.message.split(":")[0] for d in found] == ["dora initial sent 10 h 30 min late"]
    late = run(text.replace("sent_at: 2026-06-22T11:00:00+02:00", "sent_at: 2026-06-22T12:30:00+02:00"),
               select=["PM404"], now="2026-06-25T12:00:00Z")
    assert [d.message.split(":")[0] for d in late] == ["dora initial sent 10 h 30 min late",
                                                       "dora intermediate sent 30 min late"]
    assert "due 2026-06-22 12:00 UTC+02:00 (2026-06-22 10:00 UTC)" in late[1].message


#: The DORA intermediate report falls due on Whit Monday, a bank holiday in Germany.
DORA_WHIT_MONDAY = """\
pmkit: 1
id: dora
title: Payment outage at the bank
status: draft
lang: en
severity: SEV1
timezone: Europe/Berlin
disclosure:
  regimes: [dora]
  aware_at: 2026-05-22T10:00:00
  classified_major_at: 2026-05-22T11:00:00
  notifications:
    - {audience: regulator, regime: dora, stage: initial, sent_at: 2026-05-22T14:00:00}
    - {audience: regulator, regime: dora, stage: intermediate, sent_at: 2026-05-26T11:00:00}
"""


def test_a_dora_limit_without_a_calendar_country_says_bank_holidays_are_unknown() -> None:
    # Before, the report sent on the Tuesday was "21 h late" with nothing to say that Whit Monday
    # was not known as a bank holiday: RTS Art. 5(4) moves the limit to noon on Tuesday.
    found = run(DORA_WHIT_MONDAY, select=["PM404"], now="2026-06-01T00:00:00Z")
    assert where(found) == [("PM404", 14, 73)]
    assert found[0].hint is not None and found[0].hint.endswith(
        " No public holidays are known, as [tool.pmkit.calendar] names no country: a limit on a bank "
        "holiday of your Member State moves to the next working day under dora; set country (and "
        "subdivision) there to count them.")
    assert run(DORA_WHIT_MONDAY, select=["PM404"], now="2026-06-01T00:00:00Z",
               config={"calendar": {"country": "DE"}}) == []


def test_a_gdpr_clock_has_no_holiday_note() -> None:
    found = run(ON_TIME_WITH_REASON.replace("sent_at: 2026-03-28T10:00:00", "sent_at: 2026-03-31T10:00:00"),
                select=["PM404"], now="2026-04-10T00:00:00Z")
    assert found[0].hint is not None and "holidays" not in found[0].hint


#: An exposure first handled as a breach, then found not to be one: the mailbox held no
#: personal data. NIS2 still applies to the service outage.
NOT_A_BREACH = """\
pmkit: 1
id: mailbox
title: Suspected exposure of the support mailbox
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  personal_data_breach: BREACH
  regimes: [gdpr-art33, gdpr-art34, nis2]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-27T18:00:00}
    - {audience: regulator, regime: nis2, stage: notification, sent_at: 2026-03-29T18:00:00}
"""


def test_a_gdpr_clock_does_not_run_for_an_incident_found_not_to_be_a_breach() -> None:
    # Before: two errors, "no gdpr-art33 notification recorded" and "no gdpr-art34 communication
    # recorded", for a duty that never arose.
    found = run(NOT_A_BREACH.replace("BREACH", "false"), select=["PM4"], now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM419", 10, 13), ("PM419", 10, 25)]
    assert found[0].message == ("gdpr-art33 applies to a personal data breach only, and "
                                "disclosure.personal_data_breach is false, so its clocks are not checked "
                                "[Reg. (EU) 2016/679 Art. 33(1)]")


@pytest.mark.parametrize("breach", ["true", "null"])
def test_a_breach_or_one_not_assessed_yet_keeps_the_gdpr_clocks(breach: str) -> None:
    found = run(NOT_A_BREACH.replace("BREACH", breach), select=["PM4"], now="2026-04-10T00:00:00Z")
    assert [d.code for d in found] == ["PM403", "PM403"]


NIS2_COMBINED = """\
pmkit: 1
id: nis
title: Payment outage
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [nis2]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: notification, sent_at: SENT}
"""


def test_an_nis2_notification_sent_within_the_early_warning_clock_is_named() -> None:
    # Before: "no nis2 early-warning recorded" alone, though the incident notification went out
    # within the 24 hours, as a combined report often does.
    found = run(NIS2_COMBINED.replace("SENT", "2026-03-27T20:00:00"), select=["PM403"],
                now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM403", 9, 13)]
    assert found[0].message.endswith(
        "; disclosure.notifications[0], the nis2 notification, was sent before this deadline: if it was "
        "a combined report that served as the early-warning too, record it for both stages")
    assert found[0].hint is not None and found[0].hint.startswith(
        "If disclosure.notifications[0] was also the early-warning, add a copy of it with stage: "
        "early-warning; if not, record the report in disclosure.notifications:")


@pytest.mark.parametrize("sent", ["2026-03-29T20:00:00", "2026-03-29"])
def test_an_nis2_notification_sent_after_the_early_warning_clock_is_not_named(sent: str) -> None:
    found = run(NIS2_COMBINED.replace("SENT", sent), select=["PM403"], now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM403", 9, 13)]
    assert "combined" not in found[0].message


def test_a_late_classification_as_major_does_not_cite_the_24_hour_limit() -> None:
    # Classified two days after awareness: the initial notification is due 4 h after the
    # classification (RTS Art. 5(2)). Before, the message added "and no later than 24 h after
    # aware_at", a limit that had run out two days before the deadline it described.
    text = (DORA_CLASSIFIED_FIRST.replace("AWARE", "2026-06-16T10:00:00")
            .replace("CLASSIFIED", "2026-06-18T09:00:00")
            .replace("sent_at: 2026-06-16T14:00:00", "sent_at: 2026-06-18T14:00:00"))
    found = run(text, select=["PM404"], now="2026-06-20T00:00:00Z")
    assert where(found) == [("PM404", 13, 68)]
    assert found[0].message.startswith(
        "dora initial sent 1 h late: sent 2026-06-18 14:00 CEST (2026-06-18 12:00 UTC), due 2026-06-18 "
        "13:00 CEST (2026-06-18 11:00 UTC) (4 h after classified_major_at, more than 24 h after "
        "aware_at: the 24-hour limit from aware_at no longer applies) [RTS 2025/301")


def test_a_classification_a_month_early_is_reported_once() -> None:
    text = DORA_CLASSIFIED_FIRST.replace("AWARE", "2026-06-16T10:00:00").replace(
        "CLASSIFIED", "2026-05-16T11:00:00").replace(
        "disclosure:\n", "timeline:\n  - {at: 2026-06-16T09:50:00, milestone: impact_started, "
        "actor: payments, event: Payments failed.}\ndisclosure:\n")
    found = run(text, select=["PM415"], now="2026-06-20T00:00:00Z")
    assert where(found) == [("PM415", 13, 24)]
    assert "before the first timeline entry" in found[0].message
