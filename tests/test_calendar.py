"""Deadline arithmetic, to the minute, for cases worked out by hand from the articles.

Every expected value below is reasoned in the comment next to it; weekdays were checked
against a calendar (e.g. 2025-06-19 Juneteenth is a Thursday, 2026-03-29 is the last Sunday
of March, when Europe/Berlin moves from CET (+01) to CEST (+02)).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pmkit.calendar import WorkCalendar, add_months, compute_deadline, human_duration, render_both
from pmkit.policies import Deadline

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def at(text: str, zone: ZoneInfo | timezone = UTC) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def us() -> WorkCalendar:
    return WorkCalendar(zone=NEW_YORK, country="US")


def de(subdivision: str | None = None) -> WorkCalendar:
    return WorkCalendar(zone=BERLIN, country="DE", subdivision=subdivision)


SEC = Deadline(business_days=4, due_time="17:30")


# --- months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # Reg. 1182/71 Art. 3(2)(c): same date of the later month, else its last day.
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),  # across the year end
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
    ],
)
def test_add_months_end_of_month(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- hour clocks and DST --------------------------------------------------------------------


def test_hours_across_spring_forward_berlin() -> None:
    # Aware Fri 2026-03-27 09:00 CET = 08:00 UTC. 72 clock hours later is Mon 2026-03-30 08:00
    # UTC; Berlin moved to CEST (+02) on Sun 29 March, so that is 10:00 local, not 09:00.
    due = compute_deadline(at("2026-03-27T09:00", BERLIN), Deadline(hours=72), de())
    assert due == utc("2026-03-30T08:00")
    assert due.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M %Z") == "2026-03-30 10:00 CEST"


def test_hours_across_fall_back_berlin() -> None:
    # Aware Fri 2026-10-23 12:00 CEST = 10:00 UTC; +72 h = Mon 2026-10-26 10:00 UTC. CEST ended on
    # Sun 25 October (last Sunday), so local time is 11:00 CET.
    due = compute_deadline(at("2026-10-23T12:00", BERLIN), Deadline(hours=72), de())
    assert due == utc("2026-10-26T10:00")
    assert due.astimezone(BERLIN).hour == 11


def test_hours_across_fall_back_new_york() -> None:
    # NYDFS 72 h: determined Sat 2025-11-01 12:00 EDT = 16:00 UTC; +72 h = Tue 2025-11-04 16:00
    # UTC = 11:00 EST (DST ended Sun 2 November). Hours run through the weekend.
    due = compute_deadline(at("2025-11-01T12:00", NEW_YORK), Deadline(hours=72), us())
    assert due == utc("2025-11-04T16:00")
    assert due.astimezone(NEW_YORK).strftime("%H:%M %Z") == "11:00 EST"


def test_hours_across_spring_forward_new_york() -> None:
    # Fri 2026-03-06 10:00 EST = 15:00 UTC; +72 h = Mon 2026-03-09 15:00 UTC = 11:00 EDT
    # (DST began Sun 8 March 2026, second Sunday of March).
    due = compute_deadline(at("2026-03-06T10:00", NEW_YORK), Deadline(hours=72), us())
    assert due == utc("2026-03-09T15:00")


def test_hours_do_not_roll_over_weekends() -> None:
    # GDPR 72 h from Thu 2026-06-04 15:00 UTC ends Sun 2026-06-07 15:00 UTC; Reg. 1182/71
    # rolls only periods "expressed otherwise than in hours".
    due = compute_deadline(utc("2026-06-04T15:00"), Deadline(hours=72), de())
    assert due == utc("2026-06-07T15:00")


def test_undue_delay_uses_the_target() -> None:
    due = compute_deadline(utc("2026-06-04T15:00"), Deadline(undue_delay=True), de(),
                           undue_delay_hours=48)
    assert due == utc("2026-06-06T15:00")


# --- SEC Form 8-K: 4 business days, determination day not counted, 17:30 New York -----------


@pytest.mark.parametrize(
    ("determined", "expected_local"),
    [
        # Tue 2025-06-17: Wed 18 (1), Thu 19 Juneteenth (holiday), Fri 20 (2), Mon 23 (3), Tue 24 (4).
        ("2025-06-17T10:00", "2025-06-24T17:30"),
        # Fri 2025-11-21: Mon 24 (1), Tue 25 (2), Wed 26 (3), Thu 27 Thanksgiving, Fri 28 (4):
        # the day after Thanksgiving is not a federal holiday, so it counts.
        ("2025-11-21T09:00", "2025-11-28T17:30"),
        # Sat 2025-11-22: the period begins on, and includes, Mon 24 (Gen. Instr. B.1): same as Friday.
        ("2025-11-22T14:00", "2025-11-28T17:30"),
        # Sun 2025-11-23: same as Saturday.
        ("2025-11-23T14:00", "2025-11-28T17:30"),
        # Wed 2025-11-26: Thu 27 Thanksgiving, Fri 28 (1), Mon Dec 1 (2), Tue 2 (3), Wed 3 (4).
        ("2025-11-26T16:00", "2025-12-03T17:30"),
        # Thanksgiving itself (a holiday): count starts Fri 28 as day 1 → Wed Dec 3.
        ("2025-11-27T12:00", "2025-12-03T17:30"),
        # Wed 2026-07-01: Thu 2 (1), Fri 3 = Independence Day observed (4 July is a Saturday),
        # Mon 6 (2), Tue 7 (3), Wed 8 (4).
        ("2026-07-01T11:00", "2026-07-08T17:30"),
        # Thu 2026-03-05 (EST): Fri 6 (1), Mon 9 (2), Tue 10 (3), Wed 11 (4) at 17:30 EDT, after the
        # switch to daylight time on Sun 8 March: 21:30 UTC, not 22:30.
        ("2026-03-05T15:00", "2026-03-11T17:30"),
    ],
)
def test_sec_business_days(determined: str, expected_local: str) -> None:
    due = compute_deadline(at(determined, NEW_YORK), SEC, us())
    assert due == at(expected_local, NEW_YORK).astimezone(UTC)


def test_sec_counts_in_new_york_not_utc() -> None:
    # Mon 2025-06-16 22:00 EDT is already Tue 02:00 UTC, but the determination day is Monday in
    # New York: Tue 17 (1), Wed 18 (2), Thu 19 Juneteenth, Fri 20 (3), Mon 23 (4), 17:30 EDT.
    due = compute_deadline(utc("2025-06-17T02:00"), SEC, us())
    assert due == utc("2025-06-23T21:30")


def test_sec_ad_hoc_closure_from_configuration() -> None:
    # The SEC closed on Thu 2025-01-09 (national day of mourning). Determined Mon 2025-01-06:
    # Tue 7 (1), Wed 8 (2), [Thu 9 closed], Fri 10 (3), Mon 13 (4) → 17:30 EST = 22:30 UTC.
    closed = WorkCalendar(zone=NEW_YORK, country="US", extra_holidays=frozenset({date(2025, 1, 9)}))
    assert compute_deadline(at("2025-01-06T10:00", NEW_YORK), SEC, closed) == utc("2025-01-13T22:30")
    # Without the closure: Tue 7, Wed 8, Thu 9, Fri 10 (4).
    assert compute_deadline(at("2025-01-06T10:00", NEW_YORK), SEC, us()) == utc("2025-01-10T22:30")


# --- business days with German holidays (internal policy) -----------------------------------


def test_business_days_over_easter_germany() -> None:
    # Resolved Wed 2026-04-01 15:00 CEST. 5 business days: Thu 2 (1), [Good Friday 3],
    # [Easter Monday 6], Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5) → end of Fri 10 April, CEST.
    due = compute_deadline(at("2026-04-01T15:00", BERLIN), Deadline(business_days=5), de())
    assert due == at("2026-04-10T23:59:59.999999", BERLIN).astimezone(UTC)
    assert due == utc("2026-04-10T21:59:59.999999")


def test_business_days_subdivision_holiday() -> None:
    # Wed 2026-06-03. Corpus Christi (Thu 4 June) is a holiday in Bavaria, not nationwide.
    # DE: Thu 4 (1), Fri 5 (2), Mon 8 (3), Tue 9 (4), Wed 10 (5).
    # DE-BY: Fri 5 (1), Mon 8 (2), Tue 9 (3), Wed 10 (4), Thu 11 (5).
    start = at("2026-06-03T10:00", BERLIN)
    five = Deadline(business_days=5)
    assert compute_deadline(start, five, de()).astimezone(BERLIN).date() == date(2026, 6, 10)
    assert compute_deadline(start, five, de("BY")).astimezone(BERLIN).date() == date(2026, 6, 11)


def test_business_days_across_fall_back() -> None:
    # Resolved Thu 2026-10-22 (CEST): Fri 23 (1), Mon 26 (2), Tue 27 (3), Wed 28 (4), Thu 29 (5).
    # End of Thu 29 October is 23:59:59 CET (+01, after the change on Sun 25) = 22:59:59 UTC.
    due = compute_deadline(at("2026-10-22T18:00", BERLIN), Deadline(business_days=5), de())
    assert due == utc("2026-10-29T22:59:59.999999")


def test_calendar_days_and_due_time() -> None:
    # 14 calendar days from Thu 2026-03-19 20:00 CET: the anchor day is day 0, day 14 is
    # Thu 2 April; end of day there is 23:59:59 CEST (+02) = 21:59:59 UTC.
    due = compute_deadline(at("2026-03-19T20:00", BERLIN), Deadline(days=14), de())
    assert due == utc("2026-04-02T21:59:59.999999")
    # The same period with a 17:00 due time.
    due = compute_deadline(at("2026-03-19T20:00", BERLIN), Deadline(days=14, due_time="17:00"), de())
    assert due == utc("2026-04-02T15:00")


def test_business_days_zero_is_the_same_or_next_working_day() -> None:
    cal = de()
    assert cal.add_business_days(date(2026, 4, 3), 0) == date(2026, 4, 7)  # Good Friday → Tue
    assert cal.add_business_days(date(2026, 4, 2), 0) == date(2026, 4, 2)


# --- DORA: noon of the next working day (RTS 2025/301 Art. 5(4)) ----------------------------

DORA_INITIAL = Deadline.model_validate(
    {"hours": 4, "not_later_than": {"anchor": "aware_at", "hours": 24}, "rollover": "noon-next-working-day"}
)


def test_dora_initial_on_a_weekend_moves_to_monday_noon() -> None:
    # Aware Fri 2025-03-28 10:00 CET, classified major Fri 22:00 CET. Limbs: classification + 4 h
    # = Sat 02:00; awareness + 24 h = Sat 10:00; the earlier binds: Sat 29 March 02:00 CET. That
    # falls on a weekend → noon of the next working day, Mon 31 March 12:00, now CEST (+02).
    due = compute_deadline(at("2025-03-28T22:00", BERLIN), DORA_INITIAL, de(),
                           cap_anchor=at("2025-03-28T10:00", BERLIN))
    assert due == at("2025-03-31T12:00", BERLIN).astimezone(UTC) == utc("2025-03-31T10:00")


def test_dora_initial_awareness_limb_binds() -> None:
    # Aware Tue 2025-06-10 09:00 CEST; classified Wed 11 07:00 (22 h later). Classification + 4 h
    # = Wed 11:00 is after awareness + 24 h = Wed 09:00, so 09:00 binds (a working day).
    due = compute_deadline(at("2025-06-11T07:00", BERLIN), DORA_INITIAL, de(),
                           cap_anchor=at("2025-06-10T09:00", BERLIN))
    assert due == utc("2025-06-11T07:00")


def test_dora_late_classification_gets_four_hours() -> None:
    # Aware Mon 2025-06-09 09:00; classified only Wed 11 at 15:00, after the 24 h: Art. 5(2) gives
    # 4 h from classification → Wed 19:00 CEST = 17:00 UTC.
    due = compute_deadline(at("2025-06-11T15:00", BERLIN), DORA_INITIAL, de(),
                           cap_anchor=at("2025-06-09T09:00", BERLIN))
    assert due == utc("2025-06-11T17:00")


def test_dora_relief_on_a_bank_holiday() -> None:
    # Intermediate report 72 h after the initial one, submitted Good Friday 2026-04-03 10:00 CEST:
    # Mon 6 April 10:00 = Easter Monday, a German bank holiday → Tue 7 April 12:00 CEST.
    spec = Deadline(hours=72, rollover="noon-next-working-day")
    due = compute_deadline(at("2026-04-03T10:00", BERLIN), spec, de())
    assert due == utc("2026-04-07T10:00")


def test_dora_without_relief_for_credit_institutions() -> None:
    # RTS Art. 5(5): no relief for the initial report of a credit institution: Sat 02:00 stays.
    spec = Deadline.model_validate({"hours": 4, "not_later_than": {"anchor": "aware_at", "hours": 24}})
    due = compute_deadline(at("2025-03-28T22:00", BERLIN), spec, de(),
                           cap_anchor=at("2025-03-28T10:00", BERLIN))
    assert due == utc("2025-03-29T01:00")


def test_dora_final_month_on_a_weekend() -> None:
    # Final report one month after an intermediate report of Sat 2026-01-31 16:00: 31 Feb does not
    # exist → Sat 28 Feb 2026 (end of day), a weekend day → Mon 2 March 12:00 CET = 11:00 UTC.
    spec = Deadline(months=1, rollover="noon-next-working-day")
    due = compute_deadline(at("2026-01-31T16:00", BERLIN), spec, de())
    assert due == utc("2026-03-02T11:00")


# --- EU end-of-period roll-forward (Reg. 1182/71 Art. 3(4)-(5)) -----------------------------


def test_nis2_final_report_month_end_rolls_forward() -> None:
    # Notification submitted Sat 2026-01-31 10:00 CET; one month → 31 Feb does not exist → Sat
    # 28 Feb, not a working day → end of Mon 2 March 23:59:59 CET = 22:59:59 UTC.
    spec = Deadline(months=1, rollover="eu")
    due = compute_deadline(at("2026-01-31T10:00", BERLIN), spec, de())
    assert due == utc("2026-03-02T22:59:59.999999")


def test_ai_act_days_over_christmas() -> None:
    # Aware Thu 2026-12-10; 15 days → Fri 25 December (Christmas), Sat 26 (2nd day), Sun 27:
    # the period ends at the end of Mon 28 December (CET) = 22:59:59 UTC.
    spec = Deadline(days=15, rollover="eu")
    assert compute_deadline(at("2026-12-10T11:00", BERLIN), spec, de()) == utc("2026-12-28T22:59:59.999999")
    # A calendar without German holidays ends on Fri 25 December.
    plain = WorkCalendar(zone=BERLIN)
    assert compute_deadline(at("2026-12-10T11:00", BERLIN), spec, plain) == utc("2026-12-25T22:59:59.999999")


def test_two_day_period_keeps_two_working_days() -> None:
    # AI Act Art. 73(3), 2 days from Fri 2026-06-05: Sat 6, Sun 7 → rolls to Mon 8; but a period
    # of two days or more must hold two working days (Art. 3(5)) → Tue 9 June, 23:59:59 CEST.
    spec = Deadline(days=2, rollover="eu")
    assert compute_deadline(at("2026-06-05T09:00", BERLIN), spec, de()) == utc("2026-06-09T21:59:59.999999")


def test_hipaa_sixty_calendar_days_and_year_end() -> None:
    # Discovered Sat 2025-03-01 in New York (day 0); 1 March + 30 days = 31 March, + 30 more =
    # Wed 30 April 2025 (no roll-forward in US law); end of day EDT = 03:59:59 UTC on 1 May.
    due = compute_deadline(at("2025-03-01T10:00", NEW_YORK), Deadline(days=60), us())
    assert due == utc("2025-05-01T03:59:59.999999")
    # 60 days after 31 Dec 2027 is Tue 29 Feb 2028 (leap year): 31 days of January + 29.
    assert compute_deadline(at("2027-12-31T23:59:59", NEW_YORK), Deadline(days=60), us()).astimezone(
        NEW_YORK).date() == date(2028, 2, 29)


# --- calendar details -------------------------------------------------------------------------


def test_weekend_and_working_day_overrides() -> None:
    cal = WorkCalendar(zone=UTC, weekend=frozenset({4, 5}),  # Friday and Saturday off
                       working_days=frozenset({date(2026, 6, 5)}))
    assert cal.is_working_day(date(2026, 6, 7))  # Sunday works
    assert cal.is_working_day(date(2026, 6, 5))  # a Friday made a working day
    assert not cal.is_working_day(date(2026, 6, 12))
    assert cal.holiday(date(2026, 6, 12)) == "Fri (weekend)"


def test_holiday_names() -> None:
    assert us().holiday(date(2025, 6, 19)) == "Juneteenth National Independence Day"
    assert us().holiday(date(2025, 11, 28)) is None
    assert de().holiday(date(2026, 10, 3)) == "German Unity Day"


def test_rendering() -> None:
    instant = utc("2026-03-30T08:00")
    assert render_both(instant, BERLIN) == "2026-03-30 10:00 CEST (2026-03-30 08:00 UTC)"
    assert render_both(instant, UTC) == "2026-03-30 08:00 UTC"
    assert render_both(instant, UTC, NEW_YORK) == "2026-03-30 08:00 UTC (2026-03-30 04:00 EDT)"
    # A fixed offset equal to the calendar zone's gives way to the named zone.
    fixed = timezone(NEW_YORK.utcoffset(datetime(2026, 3, 30)))
    assert render_both(instant, fixed, NEW_YORK) == "2026-03-30 04:00 EDT (2026-03-30 08:00 UTC)"
    assert render_both(instant, timezone(timedelta(hours=5, minutes=30))) == \
        "2026-03-30 13:30 UTC+05:30 (2026-03-30 08:00 UTC)"
    assert human_duration(utc("2026-03-31T10:05") - instant) == "1 day 2 h"
    assert human_duration(utc("2026-03-30T10:05") - instant) == "2 h 5 min"
    assert human_duration(timedelta(seconds=30)) == "30 s"
    assert human_duration(timedelta(microseconds=5)) == "less than a second"
