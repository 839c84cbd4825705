"""Times, zones and clocks written in ways nobody tried before: what pmkit says about each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLES, run
from pmkit.cli import main

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


@pytest.mark.parametrize("zone", ["CEST", "europe/berlin", "'../../etc/passwd'", "''", "5",
                                  "[Europe/Berlin]"])
def test_a_naive_time_under_an_unusable_zone_blames_the_zone_not_its_absence(zone: str) -> None:
    # The document does declare a zone; "declares no timezone" sent authors looking for a line
    # that is there. The zone's own finding (PM016, or PM012 for a number or list) comes first.
    diags = run(HEAD + f"timezone: {zone}\ntimeline:\n  - at: 2026-03-02T10:00:00\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags][1:] == [("PM014", 9, 9)]
    assert diags[0].code in ("PM016", "PM012") and diags[0].line == 7
    assert diags[1].message == ("timestamp '2026-03-02T10:00:00' has no UTC offset, and the document's "
                                "timezone is not a time zone pmkit knows")
    assert diags[1].hint == ("Correct the document's 'timezone' to an IANA name such as Europe/Zurich, "
                             "or add an offset (2018-10-21T22:52:00Z or +02:00).")


@pytest.mark.parametrize("declared", ["", "timezone: ~\n"])
def test_a_naive_time_without_a_zone_still_asks_for_one(declared: str) -> None:
    diags = run(HEAD + declared + "timeline:\n  - at: 2026-03-02T10:00:00\n", select=["PM0"])
    assert [(d.code, d.message) for d in diags] == [
        ("PM014", "timestamp '2026-03-02T10:00:00' has no UTC offset and the document declares no timezone")]
    assert diags[0].hint == ("Add an offset (2018-10-21T22:52:00Z or +02:00), or declare the zone the "
                             "times were written in ('timezone: Europe/Zurich', say).")


@pytest.mark.parametrize("at", ["２０２５-01-01T10:00Z", "'٢٠٢٥-٠١-٠١'", "2025-01-0１ 10:00+01:00"])
def test_a_time_in_other_digits_is_refused_as_written(at: str) -> None:
    # Python's \d and datetime took these for digits and failed later, quoting the time as
    # pmkit had rewritten it ("+00:00" for "Z"); the published schema's [0-9] refuses them too.
    diags = run(HEAD + f"timeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM015", 8, 9)]
    written = at.strip("'")
    assert diags[0].message == f"'{written}' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"


def test_a_due_date_in_other_digits_is_refused_as_written() -> None:
    text = HEAD + ("action_items:\n  - {id: A1, title: Add an alert, owner: sre, type: detect, priority: P1, "
                   "due: ２０２５-01-01}\n")
    diags = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM015", 8, 80)]
    assert diags[0].message == "'２０２５-01-01' is not a date such as 2018-11-30"


FUTURE = HEAD + """timeline:
  - {at: 2025-11-20T10:00:00Z, milestone: impact_started, event: Errors rose.}
  - {at: 2025-11-20T11:00:00Z, milestone: detected, event: Alerted.}
  - {at: 2026-09-20T12:00:00Z, milestone: resolved, event: Fixed.}
"""


def test_a_future_time_another_year_and_month_away_is_not_called_a_month_typo() -> None:
    # 2025-11-20 differs from 2026-09-20 in year and month: "check the month" named a time that
    # needs two fields changed.
    found = run(FUTURE, select=["PM107"], now="2026-04-01T00:00:00Z")
    assert [(d.code, d.line, d.col) for d in found] == [("PM107", 10, 10)]
    assert found[0].message == "2026-09-20 12:00 UTC is in the future (now is 2026-04-01 00:00 UTC)"
    assert found[0].hint == "Check the year, month and day of this time."


def test_a_future_time_in_the_wrong_month_of_the_same_year_still_gets_the_month() -> None:
    text = FUTURE.replace("2025-11-20", "2026-03-20").replace("2026-09-20T12", "2026-07-20T12")
    found = run(text, select=["PM107"], now="2026-04-01T00:00:00Z")
    assert [(d.code, d.line, d.col) for d in found] == [("PM107", 10, 10)]
    assert found[0].hint == ("Check the month: written as 2026-03-20 12:00 UTC it would fit between the "
                             "entries around it.")


SEC = HEAD.replace("SEV3", "SEV1") + """disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2025-11-26T10:00:00-05:00
  notifications:
    - {audience: investors, regime: sec-8k, sent_at: SENT}
"""


def test_a_filing_dated_the_day_after_its_deadline_is_a_day_late_not_shown_at_an_invented_hour() -> None:
    # Determined Wed 26 Nov 2025; Thanksgiving (Thu 27) is no business day: due Wed 3 Dec
    # 17:30 New York time. "2025-12-04" read as midnight UTC showed as "sent 2025-12-03 19:00
    # EST, 1 h 30 min late": a day and an hour nobody wrote.
    found = run(SEC.replace("SENT", "2025-12-04"), select=["PM404"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM404", 11, 54)]
    assert found[0].message == (
        "sec-8k form-8k sent 1 day late: sent 2025-12-04 (date only), due 2025-12-03 17:30 EST "
        "(2025-12-03 22:30 UTC) (4 business days after materiality_determined_at) [Form 8-K Gen. "
        "Instr. B.1: within four business days after the registrant determines the incident is material]")
    assert dict(found[0].data)["deadline"] == "2025-12-03T22:30+00:00"


def test_a_filing_dated_on_its_deadline_day_may_have_met_it() -> None:
    assert run(SEC.replace("SENT", "2025-12-03"), select=["PM404"]) == []


INTERNAL = HEAD.replace("SEV3", "SEV2") + """timeline:
  - {at: 2025-12-19T16:00:00Z, milestone: resolved, event: Fixed.}
disclosure:
  regimes: [internal]
  drafted_at: 2025-12-22
  published_at: PUBLISHED
"""


def test_a_publication_date_after_the_deadline_day_in_the_teams_zone_is_late() -> None:
    # Resolved 19 Dec 08:00 Los Angeles time: publication due 2 Jan 23:59 PST (08:00 UTC on
    # 3 Jan). Read as midnight UTC, "2026-01-03" was 2 Jan 16:00 PST, in time.
    config = {"calendar": {"timezone": "America/Los_Angeles"}}
    found = run(INTERNAL.replace("PUBLISHED", "2026-01-03"), select=["PM402"], config=config)
    assert [(d.code, d.line, d.col) for d in found] == [("PM402", 12, 17)]
    assert found[0].message.startswith(
        "postmortem published 1 day late: published 2026-01-03 (date only) (disclosure.published_at), "
        "deadline 2026-01-02 23:59 PST (2026-01-03 07:59 UTC) (14 calendar days after resolved")
    assert run(INTERNAL.replace("PUBLISHED", "2026-01-02"), select=["PM402"], config=config) == []


def test_a_notice_dated_the_day_its_clock_started_is_not_before_it() -> None:
    # aware_at 02:30 on 28 March; a notice dated 28 March was read as sent at 01:00, before it.
    text = HEAD.replace("SEV3", "SEV1") + """disclosure:
  regimes: [gdpr-art33]
  personal_data_breach: true
  aware_at: 2025-03-28T02:30:00+01:00
  notifications:
    - {audience: regulator, regime: gdpr-art33, sent_at: SENT}
"""
    assert run(text.replace("SENT", "2025-03-28"), select=["PM4"]) == []
    early = run(text.replace("SENT", "2025-03-27"), select=["PM414"])
    assert [(d.code, d.line, d.col) for d in early] == [("PM414", 12, 58)]
    assert early[0].message == (
        "gdpr-art33 notification was sent 2025-03-27 (date only), before aware_at, 2025-03-28 02:30 "
        "UTC+01:00 (2025-03-28 01:30 UTC), which starts its clock: one of the two dates is wrong")


@pytest.mark.parametrize(("now", "utc"), [("2999-12-31T23:59:59-12:00", "3000-01-01 11:59"),
                                          ("1900-01-01T00:00:00+14:00", "1899-12-31 10:00")])
def test_a_now_written_inside_the_years_but_outside_them_in_utc_says_its_utc_time(
        now: str, utc: str, capsys: pytest.CaptureFixture[str]) -> None:
    # "'2999-12-31T23:59:59-12:00' is outside the years 1900 to 2999" read as a contradiction.
    assert main(["check", "--now", now, str(EXAMPLES)]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: --now: '{now}' is {utc} UTC, "
                                       "outside the years 1900 to 2999\n")


@pytest.mark.parametrize(("zone", "at", "what"), [
    ("Europe/Berlin", "2025-03-30T02:30:00", "that hour (daylight saving time began)"),
    ("Australia/Lord_Howe", "2025-10-05T02:10", "30 min (daylight saving time began)"),
    ("Pacific/Apia", "2011-12-30T12:00", "1 day (the zone moved to another UTC offset)"),
])
def test_a_skipped_wall_time_says_what_the_clocks_skipped(zone: str, at: str, what: str) -> None:
    # Lord Howe Island moves its clocks 30 minutes; Samoa skipped 30 December 2011 when it moved
    # across the date line: "skipped that hour (daylight saving time began)" was wrong for both.
    diags = run(HEAD + f"timezone: {zone}\ntimeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM015", 9, 9)]
    assert diags[0].message == (f"'{at}' does not exist in {zone}: the clocks skipped {what}; write the "
                                "time with its UTC offset")


@pytest.mark.parametrize("at", ["2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5+00:00"])
def test_a_leap_second_is_named_as_one(at: str) -> None:
    diags = run(HEAD + f"timeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM015", 8, 9)]
    assert diags[0].message == (f"'{at}' is a leap second, which pmkit cannot count with: write the "
                                "second before it (:59)")


def test_minute_sixty_is_no_leap_second() -> None:
    diags = run(HEAD + "timeline:\n  - at: 2016-12-31T23:60Z\n", select=["PM0"])
    assert diags[0].message == "'2016-12-31T23:60Z' is not a valid timestamp: minute must be in 0..59"


NUUK = HEAD.replace("SEV3", "SEV1") + """timezone: America/Nuuk
timeline:
  - {at: 2025-03-15T10:00:00, milestone: resolved, event: Fixed.}
disclosure:
  regimes: [internal]
  drafted_at: 2025-03-17T10:00:00
"""


def test_a_deadline_at_the_end_of_a_day_whose_last_hour_was_skipped_runs_out_when_it_ends() -> None:
    # Resolved Sat 15 March: publication due at the end of Sat 29 March, the day Nuuk moves its
    # clocks from 23:00 (-02:00) to midnight (-01:00). Its 23:59 never came; read with the old
    # offset it was Sunday 00:59, and a postmortem published at 00:30 on Sunday was in time.
    late = run(NUUK + "  published_at: 2025-03-30T00:30:00\n", select=["PM402"])
    assert [(d.code, d.line, d.col) for d in late] == [("PM402", 13, 17)]
    assert late[0].message.startswith(
        "postmortem published 30 min late: published 2025-03-30 00:30 UTC-01:00 (2025-03-30 01:30 UTC) "
        "(disclosure.published_at), deadline 2025-03-30 00:00 UTC-01:00 (2025-03-30 01:00 UTC) (14 calendar "
        "days after resolved, internal policy)")
    assert dict(late[0].data)["deadline"] == "2025-03-30T01:00+00:00"
    assert run(NUUK + "  published_at: 2025-03-29T22:59:00\n", select=["PM402"]) == []


def test_a_due_time_the_clocks_skipped_is_the_moment_they_jumped_past_it() -> None:
    from datetime import date, datetime, time, timezone
    from zoneinfo import ZoneInfo

    from pmkit.calendar import WorkCalendar

    berlin = WorkCalendar(zone=ZoneInfo("Europe/Berlin"))
    # 02:30 on 30 March 2025 never happened in Berlin: 02:00 CET became 03:00 CEST (01:00 UTC).
    assert berlin.at(date(2025, 3, 30), time(2, 30)) == datetime(2025, 3, 30, 1, 0, tzinfo=timezone.utc)
    assert berlin.at(date(2025, 3, 30), time(3, 30)) == datetime(2025, 3, 30, 1, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(("at", "said"), [
    ("2024-W10-3", "is a week date, which pmkit does not read: write 2024-03-06"),
    ("2024-W10-3T10:05:00+01:00",
     "is a week date, which pmkit does not read: write 2024-03-06T10:05:00+01:00"),
    ("2024-071", "is an ordinal date, which pmkit does not read: write 2024-03-11"),
    ("2024-366T23:00Z", "is an ordinal date, which pmkit does not read: write 2024-12-31T23:00Z"),
    ("20240306T1005+0530", "is in the ISO 8601 basic format, which pmkit does not read: write "
                           "2024-03-06T10:05+05:30"),
    # No such day, or no time after it: the plain message.
    ("2023-366", "is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"),
    ("2024-W54-1", "is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"),
    ("2024-W10-3Tnoon", "is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"),
])
def test_other_iso_8601_forms_are_named_and_rewritten(at: str, said: str) -> None:
    # "'2024-W10-3' is not an ISO 8601 timestamp" was false, and left the author to convert it.
    diags = run(HEAD + f"timeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col, d.end_col) for d in diags] == [("PM015", 8, 9, 9 + len(at))]
    assert diags[0].message == f"'{at}' {said}"


def test_a_due_date_written_as_a_week_date_is_rewritten() -> None:
    text = HEAD + ("action_items:\n  - {id: A1, title: Add an alert, owner: sre, type: detect, priority: P1, "
                   "due: 2026-W02-5}\n")
    diags = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM015", 8, 80)]
    assert diags[0].message == "'2026-W02-5' is a week date, which pmkit does not read: write 2026-01-09"
    assert diags[0].hint == "Write 2026-01-09, the form pmkit reads (year-month-day)."


@pytest.mark.parametrize(("at", "said"), [
    ("2025-01-01 10:00 UTC", "gives its zone as 'UTC', which pmkit does not read: write 2025-01-01T10:00Z"),
    ("2025-01-01 10:00 GMT+1", "gives its zone as 'GMT+1', which pmkit does not read: write "
                               "2025-01-01T10:00+01:00"),
    ("2025-01-01T10:00+1", "gives its zone as '+1', which pmkit does not read: write 2025-01-01T10:00+01:00"),
    ("2025-01-01T10:00-5:00", "gives its zone as '-5:00', which pmkit does not read: write "
                              "2025-01-01T10:00-05:00"),
    ("2025-07-01 9:00 Asia/Kathmandu", "gives its zone as 'Asia/Kathmandu', which pmkit does not read: "
                                       "write 2025-07-01T09:00+05:45"),
    ("2025-07-01T10:00:00 Europe/Berlin", "gives its zone as 'Europe/Berlin', which pmkit does not read: "
                                          "write 2025-07-01T10:00:00+02:00"),
    ("2025-01-01 10:00 PST", "gives its zone as 'PST', which pmkit does not read (an abbreviation such as "
                             "CST names several zones): write the time with the UTC offset it had, as in "
                             "2025-01-01T10:00+HH:MM"),
    ("2025-01-01 25:00 UTC", "is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z"),
])
def test_a_zone_written_in_words_or_short_gets_the_offset_to_write(at: str, said: str) -> None:
    # People paste "10:00 UTC" or "UTC+1" from chat; "not an ISO 8601 timestamp" did not say
    # that only the zone's spelling was the problem, nor what to write.
    diags = run(HEAD + f"timeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col, d.end_col) for d in diags] == [("PM015", 8, 9, 9 + len(at))]
    assert diags[0].message == f"'{at}' {said}"


def test_due_shows_a_date_written_alone_as_that_date(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(SEC.replace("SENT", "2025-12-04"), encoding="utf-8")
    assert main(["due", "--all", "--now", "2026-01-01", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: sec-8k form-8k [investors]: late (2025-12-04); due "
                                              "2025-12-03 17:30 EST (2025-12-03 22:30 UTC); ")
    assert main(["due", "--all", "--format", "json", "--now", "2026-01-01", str(path)]) == 0
    row = json.loads(capsys.readouterr().out)["clocks"][0]
    assert (row["state"], row["done_at"]) == ("late", "2025-12-04")
    assert row["deadline_utc"] == "2025-12-03T22:30+00:00"
    found = run(SEC.replace("SENT", "2025-12-04"), select=["PM404"])
    assert dict(found[0].data)["done_at"] == "2025-12-04"


FUTURE_DISCLOSURE = HEAD.replace("SEV3", "SEV1") + """timezone: Europe/Berlin
timeline:
  - {at: 2026-03-01T10:00:00, milestone: impact_started, event: Errors rose.}
disclosure:
  regimes: [gdpr-art33]
  personal_data_breach: true
  aware_at: 2062-03-01T12:00:00
  published_at: 2026-04-30
  notifications:
    - {audience: regulator, regime: gdpr-art33, sent_at: 2062-03-02T12:00:00Z}
"""


def test_disclosure_dates_after_now_are_reported_instead_of_silencing_the_clocks() -> None:
    # aware_at 2062 for 2026: the 72 h clock would start in 2062 and never be overdue, and the
    # notice dated 2062 counted as not sent; nothing was said at all.
    found = run(FUTURE_DISCLOSURE, select=["PM4"], now="2026-04-29T12:00:00Z")
    assert [(d.code, d.line, d.col) for d in found] == [("PM417", 13, 13), ("PM417", 14, 17),
                                                        ("PM417", 16, 58)]
    assert [d.message for d in found] == [
        "aware_at is 2062-03-01 12:00 CET (2062-03-01 11:00 UTC), in the future (now is 2026-04-29 14:00 "
        "CEST (2026-04-29 12:00 UTC))",
        "published_at is 2026-04-30, in the future (now is 2026-04-29 14:00 CEST (2026-04-29 12:00 UTC))",
        "notifications[0].sent_at is 2062-03-02 13:00 CET (2062-03-02 12:00 UTC), in the future (now is "
        "2026-04-29 14:00 CEST (2026-04-29 12:00 UTC))",
    ]
    assert [d.hint for d in found] == [
        "Check the year, month and day: until then no clock counts from it.",
        "Check the year, month and day: until then the postmortem counts as not published.",
        "Check the year, month and day: until then the notice counts as not sent. One not sent yet is "
        "recorded without sent_at.",
    ]


def test_a_date_written_alone_for_today_is_not_in_the_future() -> None:
    text = FUTURE_DISCLOSURE.replace("2062-03-01T12:00:00", "2026-03-01T12:00:00").replace(
        "2062-03-02T12:00:00Z", "2026-03-02T12:00:00Z")
    assert run(text, select=["PM417"], now="2026-04-30T23:00:00+02:00") == []


BARE_INSIDE = HEAD + """timeline:
  - {at: 2025-01-01T10:00:00Z, milestone: impact_started, event: Errors rose.}
  - {at: 2025-01-01, event: Paged the database team.}
  - {at: 2025-01-01T12:00:00Z, milestone: resolved, event: Fixed.}
"""


@pytest.mark.parametrize(("zone", "example"), [
    ("", "2025-01-01T14:05:00Z"),
    ("timezone: Europe/Berlin\n", "2025-01-01T14:05 in the document's timezone (Europe/Berlin) or "
                                  "2025-01-01T14:05:00Z"),
])
def test_a_bare_date_inside_the_incident_is_shown_a_time_the_file_accepts(zone: str, example: str) -> None:
    # Without a declared timezone, "2025-01-01T14:05 in the document's timezone (UTC)" was
    # advice that PM014 then rejects: such a time needs its offset.
    text = BARE_INSIDE.replace("timeline:\n", zone + "timeline:\n")
    found = run(text, select=["PM106"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM106", 10 if zone else 9, 10)]
    assert found[0].hint == (f"Write the time as well, e.g. {example}, read from the log, alert or chat "
                             "line that is its evidence.")


NEW_YEAR = HEAD + """timeline:
  - {at: 2024-12-31T23:50:00Z, milestone: impact_started, event: Errors rose.}
  - {at: 2024-01-01T00:10:00Z, milestone: detected, event: Alerted.}
  - {at: 2025-01-01T00:40:00Z, milestone: resolved, event: Fixed.}
"""


def test_a_year_typed_wrong_at_new_year_is_blamed_on_the_entry_that_has_it() -> None:
    # The detection was typed with last year's number. The correct 'resolved' (2025) was told
    # to become 2024-01-01 00:40, before the incident began; the typo got no year advice. Far
    # from both entries around it and fitting between them with the year of the later one, it
    # is PM108's mistyped year (not also out of order).
    found = run(NEW_YEAR, select=["PM1"])
    assert [(d.code, d.line, d.col) for d in found if d.code in ("PM104", "PM105", "PM108")] == [
        ("PM108", 9, 10)]
    far = next(d for d in found if d.code == "PM108")
    assert far.hint == ("Check the year: written as 2025-01-01 00:10 UTC it would fit between the "
                        "entries around it.")


STATUS_PAGE = HEAD + """timeline:
  - {at: 2026-03-01T10:00:00Z, milestone: impact_started, event: Errors rose.}
  - {at: 2026-03-01T10:20:00Z, milestone: detected, event: Alerted.}
disclosure:
  notifications:
    - {audience: customers, sent_at: SENT, channel: status-page}
"""


def test_a_customer_notice_dated_before_the_incident_began_is_reported() -> None:
    # A year typo (2025 for 2026) on a status-page post passed in silence.
    found = run(STATUS_PAGE.replace("SENT", "2025-03-01T10:30:00Z"), select=["PM4"])
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM415", 12, 38, 58)]
    assert found[0].message == (
        "notifications[0].sent_at is 2025-03-01 10:30 UTC, before the incident began (impact_started, "
        "2026-03-01 10:00 UTC): a notice about an incident is sent after it began; one of the two dates "
        "is wrong")
    assert found[0].hint == "Correct the notice's sent_at (a wrong month or year?) or the timeline."
    # The day the incident began, written as a date alone, is not before it.
    assert run(STATUS_PAGE.replace("SENT", "2026-03-01"), select=["PM4"]) == []


@pytest.mark.parametrize(("resolved", "now", "said"), [
    # The clock's time: cut to the minute, not "00:00:08.700602".
    ("2026-09-20T12:00:00Z", "2026-04-01T00:00:08.700602Z",
     "2026-09-20 12:00 UTC is in the future (now is 2026-04-01 00:00 UTC)"),
    # In the same minute, to the second: "00:00:30 is in the future (now is 00:00)" left it to guess.
    ("2026-04-01T00:00:30Z", "2026-04-01T00:00:08.700602Z",
     "2026-04-01 00:00:30 UTC is in the future (now is 2026-04-01 00:00:08 UTC)"),
    ("2026-04-01T02:00:30+02:00", "2026-04-01T00:00:08.700602Z",
     "2026-04-01 02:00:30 +02:00 is in the future (now is 2026-04-01 00:00:08 UTC)"),
])
def test_now_in_a_future_time_is_shown_to_the_minute(resolved: str, now: str, said: str) -> None:
    """Without --now, PM107 said "(now is 2026-12-06 17:25:08.700602 UTC)": the clock's time to
    the microsecond, which no other message shows. It is now to the minute, as PM417 says it, or
    to the second when the entry falls in the same minute."""
    text = FUTURE.replace("2026-09-20T12:00:00Z", resolved)
    found = run(text, select=["PM107"], now=now)
    assert [(d.code, d.line, d.col, d.message) for d in found] == [("PM107", 10, 10, said)]
