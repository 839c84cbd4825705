"""Disclosure clocks on held-out postmortems of the thirteenth round: deadlines a compliance
officer or a regulator would work out by hand (SEC business days over federal holidays, hour
clocks across daylight-saving changes and in a half-hour zone, month ends and leap days, chained
DORA and NIS2 reports, the due/overdue boundary), compared with 'pmkit check' and 'pmkit due'.

The tests named ``test_guard_*`` pin deadlines that were already right; the others each pin a
fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run, where
from pmkit.cli import main

HEAD = """\
pmkit: 1
id: held-out
title: Held-out disclosure scenario
status: draft
lang: en
severity: SEV2
"""

NO_POLICY = '[disclosure]\npolicy = ""\n'
DE = NO_POLICY + '[calendar]\ncountry = "DE"\n'


def doc(body: str, zone: str | None = None, users: int | None = None) -> str:
    return (HEAD + (f"timezone: {zone}\n" if zone else "")
            + (f"impact:\n  users_affected: {users}\n" if users is not None else "") + body)


def due(tmp_path: Path, text: str, now: str, *extra: str, toml: str = NO_POLICY) -> str:
    """Run 'pmkit due' on ``text`` as pm.yaml in a repository of its own."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / ".pmkit.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", now, *extra]) in (0, 1)
    return str(tmp_path / "pm.yaml")


def rows(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, now: str,
         toml: str = NO_POLICY) -> list[dict[str, Any]]:
    capsys.readouterr()
    due(tmp_path, text, now, "--all", "--format", "json", toml=toml)
    clocks: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["clocks"]
    return clocks


def deadlines(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, now: str,
              toml: str = NO_POLICY) -> dict[str, tuple[str, str | None]]:
    """``{"regime stage": (state, deadline in the document's zone)}`` of 'pmkit due --all'."""
    return {f"{r['regime']} {r['stage']}": (r["state"], r["deadline"])
            for r in rows(tmp_path, capsys, text, now, toml)}


# --- fixes ----------------------------------------------------------------------------------------

#: A breach the organisation became aware of on 27 March; the reports to the regulator are
#: recorded as sent an hour later. Looked at with --now on 20 March, a week before.
AHEAD = doc("""\
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33, nis2]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-27T10:00:00}
""", "Europe/Berlin")


def test_a_clock_whose_anchor_is_after_now_has_not_started(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PM417 says aware_at, 27 March, is in the future on 20 March, and that until then no clock
    counts from it; 'pmkit due' listed the GDPR and NIS2 clocks as open, '8 days 8 h left' for
    a clock of 24 hours, and '--now' as of 20 March said they were running a week before
    anyone was aware. They wait for their anchor, as a clock chained to a report not sent by
    then waits for it, and are listed only with --all."""
    [future] = run(AHEAD, select=["PM417"], now="2026-03-20T00:00:00Z")[:1]
    assert (future.code, future.line, future.hint) == (
        "PM417", 11, "Check the year, month and day: until then no clock counts from it.")
    due(tmp_path, AHEAD, "2026-03-20T00:00:00Z")
    assert capsys.readouterr().out == "no open disclosure clocks (use --all to list met ones)\n"
    path = due(tmp_path, AHEAD, "2026-03-20T00:00:00Z", "--all")
    started = ("not started: aware_at is 2026-03-27 09:00 CET (2026-03-27 08:00 UTC), later than now, "
               "and the clock counts from it (PM417)")
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: gdpr-art33 notification [regulator]: {started}; 72 h after aware_at [GDPR Art. 33(1): "
        "without undue delay and, where feasible, not later than 72 hours after becoming aware]",
        f"{path}: nis2 early-warning [regulator]: {started}; 24 h after aware_at [NIS2 Art. 23(4)(a): "
        "early warning within 24 hours of becoming aware]",
        f"{path}: nis2 notification [regulator]: {started}; 72 h after aware_at [NIS2 Art. 23(4)(b): "
        "incident notification within 72 hours of becoming aware]",
        f"{path}: nis2 final-report [regulator]: waiting for the earlier report; 1 calendar month after "
        "the notification was submitted [NIS2 Art. 23(4)(d): final report not later than one month "
        "after the submission of the incident notification]",
    ]
    states = {(r["stage"], r["state"], r["deadline"], r["seconds_left"])
              for r in rows(tmp_path, capsys, AHEAD, "2026-03-20T00:00:00Z")}
    assert states == {("notification", "waiting", None, None), ("early-warning", "waiting", None, None),
                      ("final-report", "waiting", None, None)}
    # From the moment of awareness the clocks run: open at 09:00, met by the notice of 10:00.
    assert deadlines(tmp_path, capsys, AHEAD, "2026-03-27T08:00:00Z") == {
        "gdpr-art33 notification": ("open", "2026-03-30T10:00+02:00"),
        "nis2 early-warning": ("open", "2026-03-28T09:00+01:00"),
        "nis2 notification": ("open", "2026-03-30T10:00+02:00"),
        "nis2 final-report": ("waiting", None),
    }
    assert deadlines(tmp_path, capsys, AHEAD, "2026-03-27T09:30:00Z")["nis2 early-warning"] == (
        "met", "2026-03-28T09:00+01:00")


def test_hhs_annual_report_starts_at_discovery_not_at_the_year_end(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """HIPAA's report of a small breach counts 60 days from the end of the year of discovery,
    but the duty exists from discovery: in July the clock is open (and may be met early), not
    waiting for 31 December; before the discovery it has not started."""
    text = doc("disclosure:\n  personal_data_breach: true\n  regimes: [hipaa]\n"
               "  discovered_at: 2027-06-10T10:00:00\n", "America/New_York", users=100)
    # Worked: 31 Dec 2027 + 60 days = 29 Feb 2028 (2028 is a leap year), end of the day.
    assert deadlines(tmp_path, capsys, text, "2027-07-01T00:00:00Z")["hipaa hhs-annual"] == (
        "open", "2028-02-29T23:59-05:00")
    assert deadlines(tmp_path, capsys, text, "2027-06-01T00:00:00Z")["hipaa hhs-annual"] == ("waiting", None)


#: DORA and NIS2 on one incident, nothing sent yet: the later reports wait for the earlier ones.
CHAINS = doc("""\
disclosure:
  regimes: [dora, nis2]
  aware_at: 2026-06-01T08:00:00
  classified_major_at: 2026-06-01T10:00:00
""", "Europe/Berlin")


def test_waiting_reports_are_listed_in_the_order_of_their_regimes_and_stages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Clocks without a deadline were ordered by their stage names: 'dora final' before 'dora
    intermediate', and NIS2's final report between them. They keep the order the regimes are
    listed in and the order of their stages, as the reports are made."""
    path = due(tmp_path, CHAINS, "2026-06-01T09:00:00Z", "--all")
    listed = [line.split(": ")[1] for line in capsys.readouterr().out.splitlines()]
    assert listed == ["dora initial [regulator]", "nis2 early-warning [regulator]",
                      "nis2 notification [regulator]", "dora intermediate [regulator]",
                      "dora final [regulator]", "nis2 final-report [regulator]"]
    assert path.endswith("pm.yaml")
    # Two clocks with the same deadline (GDPR Art. 33 and the NIS2 notification, both 72 h
    # from awareness) are listed in the order of disclosure.regimes, not by stage name.
    both = CHAINS.replace("regimes: [dora, nis2]", "regimes: [nis2, gdpr-art33]").replace(
        "disclosure:\n", "disclosure:\n  personal_data_breach: true\n")
    order = [(r["regime"], r["stage"]) for r in rows(tmp_path, capsys, both, "2026-06-01T09:00:00Z")]
    assert order == [("nis2", "early-warning"), ("nis2", "notification"), ("gdpr-art33", "notification"),
                     ("nis2", "final-report")]


#: A HIPAA breach of 100 people discovered on 10 June 2027: the notice to them is due at the end
#: of 9 August 2027 (day 0 is 10 June; 20 + 31 + 9 = 60).
HIPAA = doc("disclosure:\n  personal_data_breach: true\n  regimes: [hipaa]\n"
            "  discovered_at: 2027-06-10T10:00:00\n", "America/New_York", users=100)


@pytest.mark.parametrize(("now", "status", "ago"), [
    ("2027-08-09T23:59:00-04:00", "59 s left", None),
    ("2027-08-10T00:00:00-04:00", "OVERDUE by less than a second", "less than a second ago"),
    ("2027-08-10T00:00:30-04:00", "OVERDUE by 30 s", "30 s ago"),
    ("2027-08-10T00:05:00-04:00", "OVERDUE by 5 min", "5 min ago"),
])
def test_pmkit_due_and_pm403_say_the_same_time_overdue(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], now: str, status: str, ago: str | None) -> None:
    """A day's deadline is its last instant; 30 s after midnight PM403 said '30 s ago' and
    'pmkit due' 'OVERDUE by 31 s' (its seconds rounded down, as seconds_left keeps them), at
    midnight 'OVERDUE by 1 s' against PM403's 'less than a second ago'."""
    path = due(tmp_path, HIPAA, now, "--overdue" if ago else "--all")
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{path}: hipaa individuals [data-subjects]: {status}; due 2027-08-09 23:59 EDT "
                            "(2027-08-10 03:59 UTC); 60 calendar days after discovered_at")
    found = run(HIPAA, select=["PM403"], now=now)
    if ago is None:
        assert found == []
    else:
        assert where(found) == [("PM403", 12, 13)]
        assert f"(60 calendar days after discovered_at), {ago} [45 CFR 164.404(b)" in found[0].message


# --- guards: deadlines that were already right ------------------------------------------------


def sec(determined: str) -> str:
    return doc(f"disclosure:\n  regimes: [sec-8k]\n  materiality_determined_at: {determined}\n")


@pytest.mark.parametrize(("determined", "deadline"), [
    # Thu 18 June 2026 22:00 EDT, after hours; Fri 19 June is Juneteenth: Mon 22 (1), Tue 23 (2),
    # Wed 24 (3), Thu 25 (4).
    ("2026-06-18T22:00:00-04:00", "2026-06-25T17:30-04:00"),
    # The same moment written in UTC (19 June 02:00 Z) is still Thursday in New York.
    ("2026-06-19T02:00:00Z", "2026-06-25T17:30-04:00"),
    # Midnight of Juneteenth itself: the count starts on Monday 22, which is day 1.
    ("2026-06-19T00:00:00-04:00", "2026-06-25T17:30-04:00"),
    # Saturday 21 November 2026, before Thanksgiving (Thu 26): Mon 23 (1), Tue (2), Wed (3),
    # Fri 27 (4), the same as a Friday determination.
    ("2026-11-21T10:00:00-05:00", "2026-11-27T17:30-05:00"),
    ("2026-11-20T10:00:00-05:00", "2026-11-27T17:30-05:00"),
    ("2026-11-21", "2026-11-27T17:30-05:00"),
    # On Thanksgiving: Fri 27 (1), Mon 30 (2), Tue 1 Dec (3), Wed 2 Dec (4).
    ("2026-11-26T10:00:00-05:00", "2026-12-02T17:30-05:00"),
    # Wed 25 Nov 23:30 EST written in UTC as Thursday: day 0 is Wednesday.
    ("2026-11-26T04:30:00Z", "2026-12-02T17:30-05:00"),
    # New Year's Day 2028 is a Saturday, observed Fri 31 Dec 2027: Wed 29 (1), Thu 30 (2),
    # Mon 3 Jan (3), Tue 4 Jan (4).
    ("2027-12-28T10:00:00-05:00", "2028-01-04T17:30-05:00"),
    # Juneteenth 2027 is a Saturday, observed Fri 18 June: Thu 17 (1), Mon 21 (2), Tue 22 (3), Wed 23 (4).
    ("2027-06-16T10:00:00-04:00", "2027-06-23T17:30-04:00"),
    # 4 July 2027 is a Sunday, observed Mon 5 July: Fri 2 (1), Tue 6 (2), Wed 7 (3), Thu 8 (4).
    ("2027-07-01T10:00:00-04:00", "2027-07-08T17:30-04:00"),
    # 4 July 2026 is a Saturday, observed Fri 3 July: a determination at 23:59 on it starts Mon 6.
    ("2026-07-03T23:59:00-04:00", "2026-07-09T17:30-04:00"),
    # Sunday 8 March 2026, the night the clocks sprang forward: Mon 9 (1) to Thu 12 (4), in EDT.
    ("2026-03-08T01:00:00-05:00", "2026-03-12T17:30-04:00"),
    # Christmas Eve 2026 (Thu) 18:00; Fri 25 is Christmas: Mon 28 (1) to Thu 31 (4).
    ("2026-12-24T18:00:00-05:00", "2026-12-31T17:30-05:00"),
    # Thu 31 Dec 2026; Fri 1 Jan 2027 is New Year's Day: Mon 4 (1) to Thu 7 (4).
    ("2026-12-31T09:00:00-05:00", "2027-01-07T17:30-05:00"),
])
def test_guard_sec_8k_four_business_days(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         determined: str, deadline: str) -> None:
    assert deadlines(tmp_path, capsys, sec(determined), "2029-01-01T00:00:00Z") == {
        "sec-8k form-8k": ("overdue", deadline)}


def test_guard_sec_8k_in_a_berlin_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A document in Europe/Berlin: determined Fri 19 June 2026 03:00 CEST, Thu 21:00 in New York;
    the business days are New York's and the deadline is shown in Berlin, New York and UTC."""
    text = doc("disclosure:\n  regimes: [sec-8k]\n  materiality_determined_at: 2026-06-19T03:00:00\n",
               "Europe/Berlin")
    path = due(tmp_path, text, "2026-06-25T21:00:00Z")
    assert capsys.readouterr().out == (
        f"{path}: sec-8k form-8k [investors]: 30 min left; due 2026-06-25 23:30 CEST (2026-06-25 17:30 EDT, "
        "2026-06-25 21:30 UTC); 4 business days after materiality_determined_at [Form 8-K Gen. Instr. B.1: "
        "within four business days after the registrant determines the incident is material]\n")


def notified(regimes: str, anchors: str, notes: list[str], zone: str = "Europe/Berlin") -> str:
    body = f"disclosure:\n  personal_data_breach: true\n  regimes: [{regimes}]\n{anchors}  notifications:\n"
    return doc(body + "".join(f"    - {note}\n" for note in notes), zone)


@pytest.mark.parametrize(("text", "toml", "now", "expected"), [
    # GDPR: aware Sat 24 Oct 2026 10:00 CEST (08:00 UTC); the clocks go back on Sunday;
    # + 72 h = Tue 27 Oct 08:00 UTC = 09:00 CET.
    (notified("gdpr-art33", "  aware_at: 2026-10-24T10:00:00\n", []), NO_POLICY, "2026-10-24T09:00:00Z",
     {"gdpr-art33 notification": ("open", "2026-10-27T09:00+01:00")}),
    # NIS2 early warning: aware Sat 28 Mar 2026 23:59 CET (22:59 UTC) + 24 h = 29 Mar 22:59 UTC,
    # 00:59 CEST on 30 March; a notice at 00:30 CEST is in time.
    (notified("nis2", "  aware_at: 2026-03-28T23:59:00\n",
              ["{audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-30T00:30:00}"]),
     NO_POLICY, "2026-03-29T23:00:00Z",
     {"nis2 early-warning": ("met", "2026-03-30T00:59+02:00"),
      "nis2 notification": ("open", "2026-04-01T00:59+02:00"),
      "nis2 final-report": ("waiting", None)}),
    # CERT-In, 6 h in India's half-hour zone: discovered 21:45 IST (16:15 UTC) -> 03:45 IST.
    (notified("cert-in", "  discovered_at: 2026-03-10T21:45:00\n", [], "Asia/Kolkata"), NO_POLICY,
     "2026-03-10T17:00:00Z", {"cert-in report": ("open", "2026-03-11T03:45+05:30")}),
    # Swiss ISA: discovered 29 Mar 2026 01:30 CET, the night of the change to summer time;
    # + 24 h = 30 Mar 00:30 UTC = 02:30 CEST.
    (notified("ch-isa", "  discovered_at: 2026-03-29T01:30:00\n", [], "Europe/Zurich"), NO_POLICY,
     "2026-03-29T12:00:00Z", {"ch-isa report": ("open", "2026-03-30T02:30+02:00"),
                              "ch-isa completion": ("waiting", None)}),
    # NIS2 final report, one month after the notification actually sent (31 Jan 2026, after the
    # early warning of 30 Jan): 31 Feb does not exist -> 28 Feb, a Saturday -> Mon 2 Mar, end of day.
    (notified("nis2", "  aware_at: 2026-01-30T10:00:00\n",
              ["{audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-01-30T12:00:00}",
               "{audience: regulator, regime: nis2, stage: notification, sent_at: 2026-01-31T10:00:00}"]),
     NO_POLICY, "2026-02-01T00:00:00Z",
     {"nis2 early-warning": ("met", "2026-01-31T10:00+01:00"),
      "nis2 notification": ("met", "2026-02-02T10:00+01:00"),
      "nis2 final-report": ("open", "2026-03-02T23:59+01:00")}),
    # Notification sent late on 3 Mar 2026: + 1 month = Fri 3 Apr, Good Friday, then Easter Monday
    # (DE) -> Tue 7 Apr, end of day.
    (notified("nis2", "  aware_at: 2026-03-01T10:00:00\n",
              ["{audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-01T12:00:00}",
               "{audience: regulator, regime: nis2, stage: notification, sent_at: 2026-03-03T10:00:00}"]),
     DE, "2026-03-15T00:00:00Z",
     {"nis2 early-warning": ("met", "2026-03-02T10:00+01:00"),
      "nis2 notification": ("met", "2026-03-04T10:00+01:00"),
      "nis2 final-report": ("open", "2026-04-07T23:59+02:00")}),
    # AI Act (opted in), 15 days from 10 Dec 2026 = Fri 25 Dec, Christmas (DE), then the weekend
    # -> Mon 28 Dec, end of day.
    (notified("eu-ai-act", "  aware_at: 2026-12-10T10:00:00\n", []),
     '[disclosure]\npolicy = ""\nenable = ["eu-ai-act"]\n[calendar]\ncountry = "DE"\n',
     "2026-12-11T00:00:00Z",
     {"eu-ai-act report": ("open", "2026-12-28T23:59+01:00")}),
])
def test_guard_hour_and_month_clocks(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                     toml: str, now: str,
                                     expected: dict[str, tuple[str, str | None]]) -> None:
    assert deadlines(tmp_path, capsys, text, now, toml) == expected


def dora(notes: list[str], aware: str, classified: str) -> str:
    body = (f"disclosure:\n  regimes: [dora]\n  aware_at: {aware}\n  classified_major_at: {classified}\n"
            "  notifications:\n"
            + "".join(f"    - {{audience: regulator, regime: dora, {n}}}\n" for n in notes))
    return doc(body if notes else body.replace("  notifications:\n", ""), "Europe/Berlin")


@pytest.mark.parametrize(("text", "toml", "now", "expected"), [
    # Aware Fri 29 May 2026 20:00, classified 22:00: the earlier limb is 22:00 + 4 h = Sat 02:00,
    # a weekend day -> noon of Mon 1 June.
    (dora([], "2026-05-29T20:00:00", "2026-05-29T22:00:00"), NO_POLICY, "2026-05-29T21:00:00Z",
     {"dora initial": ("open", "2026-06-01T12:00+02:00"), "dora intermediate": ("waiting", None),
      "dora final": ("waiting", None)}),
    # Initial sent Sat 30 May 01:00 -> intermediate 72 h later, Tue 2 June 01:00 (a working day);
    # the intermediate sent Tue 00:30 -> final one month later, Thu 2 July, end of the day.
    (dora(["stage: initial, sent_at: 2026-05-30T01:00:00",
           "stage: intermediate, sent_at: 2026-06-02T00:30:00"],
          "2026-05-29T20:00:00", "2026-05-29T22:00:00"), NO_POLICY, "2026-06-03T00:00:00Z",
     {"dora initial": ("met", "2026-06-01T12:00+02:00"),
      "dora intermediate": ("met", "2026-06-02T01:00+02:00"),
      "dora final": ("open", "2026-07-02T23:59+02:00")}),
    # Classified Fri 1 May 2026 06:00, Labour Day in Germany: the limit 10:00 falls on the bank
    # holiday -> noon of Mon 4 May.
    (dora([], "2026-04-30T20:00:00", "2026-05-01T06:00:00"), DE, "2026-05-01T05:00:00Z",
     {"dora initial": ("open", "2026-05-04T12:00+02:00"), "dora intermediate": ("waiting", None),
      "dora final": ("waiting", None)}),
    # Classified Wed 3 June 10:00, more than 24 h after awareness (Mon 08:00): 4 h from
    # classification alone, 14:00 (RTS Art. 5(2)).
    (dora([], "2026-06-01T08:00:00", "2026-06-03T10:00:00"), NO_POLICY, "2026-06-03T09:00:00Z",
     {"dora initial": ("open", "2026-06-03T14:00+02:00"), "dora intermediate": ("waiting", None),
      "dora final": ("waiting", None)}),
    # Two intermediate reports (30 and 31 Jan): the final counts from the latest, 31 Jan ->
    # 28 Feb, a Saturday -> noon of Mon 2 March. The intermediate: initial Wed 28 Jan 12:00 + 72 h
    # = Sat 31 Jan 12:00 -> noon of Mon 2 Feb.
    (dora(["stage: initial, sent_at: 2026-01-28T12:00:00",
           "stage: intermediate, sent_at: 2026-01-30T10:00:00",
           "stage: intermediate, sent_at: 2026-01-31T10:00:00"],
          "2026-01-28T08:00:00", "2026-01-28T09:00:00"),
     NO_POLICY, "2026-02-05T00:00:00Z",
     {"dora initial": ("met", "2026-01-28T13:00+01:00"),
      "dora intermediate": ("met", "2026-02-02T12:00+01:00"),
      "dora final": ("open", "2026-03-02T12:00+01:00")}),
    # An entity without the weekend relief (rollover = "none"): initial Wed 25 Feb 14:00 + 72 h
    # is Sat 28 Feb 14:00 and stays there.
    (dora(["stage: initial, sent_at: 2026-02-25T14:00:00"], "2026-02-25T08:00:00", "2026-02-25T10:00:00"),
     NO_POLICY + '[policies.dora.stages.intermediate.deadline]\nrollover = "none"\n', "2026-02-26T00:00:00Z",
     {"dora initial": ("met", "2026-02-25T14:00+01:00"),
      "dora intermediate": ("open", "2026-02-28T14:00+01:00"),
      "dora final": ("waiting", None)}),
])
def test_guard_dora_chains(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, toml: str,
                           now: str, expected: dict[str, tuple[str, str | None]]) -> None:
    assert deadlines(tmp_path, capsys, text, now, toml) == expected


@pytest.mark.parametrize(("text", "toml", "now", "expected"), [
    # HIPAA, 2,000 people discovered 1 Jan 2028 (leap year): day 60 is 1 March (30 + 29 + 1).
    (doc("disclosure:\n  personal_data_breach: true\n  regimes: [hipaa]\n"
         "  discovered_at: 2028-01-01T10:00:00\n",
         "America/New_York", users=2000), NO_POLICY, "2028-01-02T00:00:00Z",
     {"hipaa individuals": ("open", "2028-03-01T23:59-05:00"),
      "hipaa hhs": ("open", "2028-03-01T23:59-05:00"),
      "hipaa media": ("optional", "2028-03-01T23:59-05:00")}),
    # Discovered 31 Dec 2025 21:00 PST, written in UTC as 1 January: the year of discovery is
    # 2025 where the document is, so the annual report is due 60 days after 31 Dec 2025, 1 March.
    (doc("disclosure:\n  personal_data_breach: true\n  regimes: [hipaa]\n"
         "  discovered_at: 2026-01-01T05:00:00Z\n",
         "America/Los_Angeles", users=100), NO_POLICY, "2026-01-02T00:00:00Z",
     {"hipaa individuals": ("open", "2026-03-01T23:59-08:00"),
      "hipaa hhs-annual": ("open", "2026-03-01T23:59-08:00"),
      "hipaa media": ("optional", "2026-03-01T23:59-08:00")}),
    # Internal policy in Sydney: resolved on Good Friday 2026 at 23:59; Easter Saturday to Easter
    # Monday are holidays in NSW and the clocks go back on Sunday: draft Tue 7 (1) .. Mon 13 (5).
    (HEAD + "timezone: Australia/Sydney\ntimeline:\n"
     "  - {at: 2026-04-03T20:00:00, milestone: detected, event: x}\n"
     "  - {at: 2026-04-03T23:59:00, milestone: resolved, event: y}\ndisclosure:\n  regimes: [internal]\n",
     NO_POLICY + '[calendar]\ncountry = "AU"\nsubdivision = "NSW"\n', "2026-04-04T00:00:00Z",
     {"internal draft": ("open", "2026-04-13T23:59+10:00"),
      "internal publish": ("open", "2026-04-17T23:59+10:00")}),
    # Resolved Fri 6 March 2026 23:59 in New York, written in UTC (Sat 04:59 Z), the team's zone New
    # York: day 0 is Friday, draft due Fri 13 March (after the change to summer time).
    (HEAD + "timeline:\n  - {at: 2026-03-06T20:00:00Z, milestone: detected, event: x}\n"
     "  - {at: 2026-03-07T04:59:00Z, milestone: resolved, event: y}\ndisclosure:\n  regimes: [internal]\n",
     'timezone = "America/New_York"\n' + NO_POLICY, "2026-03-08T00:00:00Z",
     {"internal draft": ("open", "2026-03-13T23:59-04:00"),
      "internal publish": ("open", "2026-03-20T23:59-04:00")}),
])
def test_guard_day_clocks(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, toml: str,
                          now: str, expected: dict[str, tuple[str, str | None]]) -> None:
    assert deadlines(tmp_path, capsys, text, now, toml) == expected


GDPR = "  aware_at: 2026-03-27T09:00:00\n"


@pytest.mark.parametrize(("note", "found"), [
    # Aware Fri 27 Mar 09:00 CET + 72 h = Mon 30 Mar 10:00 CEST. Sent at the deadline: in time.
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T10:00:00}", []),
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T10:00:01}",
     [("PM404", "error", "gdpr-art33 notification sent 1 s late: sent 2026-03-30 10:00:01 CEST")]),
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T11:00:00,"
     " late_reason: Forensics took a day.}",
     [("PM404", "warning", "gdpr-art33 notification sent 1 h late: sent 2026-03-30 11:00 CEST")]),
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T11:00:00, late_reason: '...'}",
     [("PM404", "error", "gdpr-art33 notification sent 1 h late: sent 2026-03-30 11:00 CEST")]),
    # A date alone on the deadline's day may have been in time; the next day is a day late.
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30}", []),
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-31}",
     [("PM404", "error", "gdpr-art33 notification sent 1 day late: sent 2026-03-31 (date only)")]),
    # Before awareness: one of the two dates is wrong.
    ("{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-27T08:59:00}",
     [("PM414", "warning", "gdpr-art33 notification was sent 2026-03-27 08:59 CET")]),
    # To the wrong audience, or under a regime not listed: the clock stays open.
    ("{audience: customers, regime: gdpr-art33, sent_at: 2026-03-28T10:00:00}",
     [("PM403", "error", "no gdpr-art33 notification recorded, and it was due 2026-03-30 10:00 CEST"),
      ("PM408", "warning", "notification to the customers is recorded as the gdpr-art33 notification")]),
    ("{audience: regulator, regime: nis2, stage: notification, sent_at: 2026-03-28T10:00:00}",
     [("PM403", "error", "no gdpr-art33 notification recorded, and it was due 2026-03-30 10:00 CEST"),
      ("PM408", "warning", "notification for nis2, which disclosure.regimes does not list")]),
])
def test_guard_gdpr_notices(note: str, found: list[tuple[str, str, str]]) -> None:
    text = notified("gdpr-art33", GDPR, [note])
    diagnostics = run(text, select=["PM403", "PM404", "PM408", "PM414"], now="2026-04-10T00:00:00Z")
    assert len(diagnostics) == len(found)
    assert [(d.code, str(d.severity), d.message[:len(m)])
            for d, (_, _, m) in zip(diagnostics, found, strict=True)] == found


def test_guard_anchor_in_another_offset_and_a_date_alone_in_kolkata() -> None:
    """A Berlin document whose aware_at is written in New York time (09:00-04:00 = 13:00 UTC):
    due 30 March 13:00 UTC, 15:00 CEST. CERT-In with discovered_at a date alone in Asia/Kolkata:
    from 00:00 IST (18:30 UTC the day before), due 06:00 IST."""
    text = notified("gdpr-art33", "  aware_at: 2026-03-27T09:00:00-04:00\n",
                    ["{audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T15:30:00}"])
    [late] = run(text, select=["PM404"], now="2026-04-10T00:00:00Z")
    assert late.message.startswith("gdpr-art33 notification sent 30 min late: sent 2026-03-30 15:30 CEST "
                                   "(2026-03-30 13:30 UTC), due 2026-03-30 15:00 CEST (2026-03-30 13:00 UTC)")
    text = doc("disclosure:\n  regimes: [cert-in]\n  discovered_at: 2026-03-10\n  notifications:\n"
               "    - {audience: regulator, regime: cert-in, sent_at: 2026-03-10T06:30:00}\n", "Asia/Kolkata")
    [late] = run(text, select=["PM404"], now="2026-04-10T00:00:00Z")
    assert where([late]) == [("PM404", 12, 55)]
    assert late.message.startswith("cert-in report sent 30 min late: sent 2026-03-10 06:30 IST "
                                   "(2026-03-10 01:00 UTC), due 2026-03-10 06:00 IST (2026-03-10 00:30 UTC)")


@pytest.mark.parametrize(("now", "state", "left"), [
    ("2026-03-30T07:59:00Z", "open", 60),
    ("2026-03-30T08:00:00Z", "open", 0),
    ("2026-03-30T08:00:01Z", "overdue", -1),
])
def test_guard_the_deadline_minute(tmp_path: Path, capsys: pytest.CaptureFixture[str], now: str,
                                   state: str, left: int) -> None:
    """At the deadline itself the clock is still open (a notice sent then is in time); a second
    later it is overdue."""
    text = notified("gdpr-art33", GDPR, []).replace("  notifications:\n", "")
    [row] = rows(tmp_path, capsys, text, now)
    assert (row["state"], row["seconds_left"]) == (state, left)
