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
