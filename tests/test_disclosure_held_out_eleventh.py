"""Disclosure clocks on held-out postmortems of the eleventh round: what 'pmkit due' says of a
notice dated before its clock and of an anchor that happened twice, as the rules say it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import fall_back_breach, run, where
from pmkit.cli import main

#: A personal data breach the organisation became aware of on 27 March at 09:00 CET; the
#: first notice to the regulator is dated the day before (one of the two dates is wrong), a
#: second one went out on 31 March, a day after the 72 hours.
EARLY_AND_LATE = """\
pmkit: 1
id: 2026-03-27-invoices
title: Export bucket exposed customer invoices
status: draft
lang: en
severity: SEV2
impact:
  users_affected: 200
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33]
  aware_at: 2026-03-27T09:00:00+01:00
  notifications:
    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-26T10:00:00+01:00}
    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-31T10:00:00+02:00}
"""


def due(tmp_path: Path, text: str, now: str, *extra: str) -> str:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", now, *extra]) == 0
    return str(Path(tmp_path / "pm.yaml"))


@pytest.mark.parametrize("later_notice", [True, False])
def test_pmkit_due_does_not_call_a_notice_dated_before_its_clock_met(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], later_notice: bool) -> None:
    """PM414 says the notice of 26 March is dated before aware_at, so one of the two dates is
    wrong and the deadline cannot be checked; 'pmkit due --all' said the clock was 'met', and
    without --all listed nothing at all, with or without the late notice of 31 March. It
    lists the clock as contradicted, with both dates, as the rule does."""
    text = EARLY_AND_LATE if later_notice else EARLY_AND_LATE.replace(
        "    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-31T10:00:00+02:00}\n", "")
    found = run(text, select=["PM404", "PM414"], now="2026-04-02T12:00:00Z")
    assert where(found) == [("PM414", 14, 58)]
    path = due(tmp_path, text, "2026-04-02T12:00:00Z")
    assert capsys.readouterr().out == (
        f"{path}: gdpr-art33 notification [regulator]: dates contradict: sent 2026-03-26 10:00 UTC+01:00 "
        "(2026-03-26 09:00 UTC), before aware_at, 2026-03-27 09:00 UTC+01:00 (2026-03-27 08:00 UTC), which "
        "starts its clock: one of the two dates is wrong, so whether it was met cannot be told (PM414); due "
        "2026-03-30 09:00 UTC+01:00 (2026-03-30 08:00 UTC); 72 h after aware_at [GDPR Art. 33(1): without "
        "undue delay and, where feasible, not later than 72 hours after becoming aware]\n")
    due(tmp_path, text, "2026-04-02T12:00:00Z", "--format", "json")
    [row] = json.loads(capsys.readouterr().out)["clocks"]
    assert (row["state"], row["done_at"]) == ("contradicted", "2026-03-26T10:00+01:00")
    assert row["contradiction"].startswith("sent 2026-03-26 10:00 UTC+01:00 (2026-03-26 09:00 UTC), before")
    # Corrected, it is met, and listed only with --all.
    fixed = text.replace("sent_at: 2026-03-26T10:00:00+01:00", "sent_at: 2026-03-28T10:00:00+01:00")
    due(tmp_path, fixed, "2026-04-02T12:00:00Z", "--format", "json", "--all")
    [row] = json.loads(capsys.readouterr().out)["clocks"]
    assert (row["state"], row["contradiction"]) == ("met", None)


#: A breach the organisation became aware of at 02:30 on the night the clocks went back in
#: Berlin, written without an offset; no notice yet.
FALL_BACK = fall_back_breach("2026-10-25T02:30:00", notice=False)


def test_pmkit_due_says_the_anchor_happened_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An open 72-hour clock from an aware_at the zone lived through twice: PM403 and PM404 say
    which 02:30 was counted and where the other puts the deadline; 'pmkit due' showed the
    deadline of the first, 01:30 CET, a time nobody wrote, without a word of the other."""
    twice = ("aware_at, 2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went back): counted "
             "from the first, 02:30 CEST (00:30 UTC); from the second, 02:30 CET (01:30 UTC), it is due "
             "2026-10-28 02:30 CET (2026-10-28 01:30 UTC)")
    path = due(tmp_path, FALL_BACK, "2026-10-26T12:00:00Z")
    assert capsys.readouterr().out == (
        f"{path}: gdpr-art33 notification [regulator]: 1 day 12 h left; due 2026-10-28 01:30 CET "
        "(2026-10-28 00:30 UTC); 72 h after aware_at [GDPR Art. 33(1): without undue delay and, where "
        f"feasible, not later than 72 hours after becoming aware]; {twice}\n")
    due(tmp_path, FALL_BACK, "2026-10-26T12:00:00Z", "--format", "json")
    [row] = json.loads(capsys.readouterr().out)["clocks"]
    assert row["anchor_note"] == twice
    # With its offset written, nothing is ambiguous.
    offset = FALL_BACK.replace("02:30:00\n", "02:30:00+01:00\n")
    due(tmp_path, offset, "2026-10-26T12:00:00Z", "--format", "json")
    [row] = json.loads(capsys.readouterr().out)["clocks"]
    assert row["anchor_note"] is None


def test_a_late_notice_is_shown_in_the_offset_it_was_written_in() -> None:
    """No zone anywhere; aware_at written in CET (+01:00), the notice after the clocks went
    forward in CEST (+02:00): PM404 said 'sent 2026-03-31 09:00 UTC+01:00', a time nobody wrote,
    for the notice of 10:00+02:00. It is shown as written, with UTC beside it; the deadline stays
    in the anchor's offset."""
    text = EARLY_AND_LATE.replace(
        "    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-26T10:00:00+01:00}\n", "")
    found = run(text, select=["PM404"], now="2026-04-02T12:00:00Z")
    assert where(found) == [("PM404", 14, 58)]
    assert found[0].message.startswith(
        "gdpr-art33 notification sent 1 day late: sent 2026-03-31 10:00 UTC+02:00 (2026-03-31 08:00 UTC), "
        "due 2026-03-30 09:00 UTC+01:00 (2026-03-30 08:00 UTC) (72 h after aware_at)")


def test_pm014_offers_the_zone_the_clocks_count_in() -> None:
    """A team whose zone is set only as its calendar's ([tool.pmkit.calendar] timezone), where
    the clocks count its days and PM412 reads its dates: PM014 offered 'Europe/Zurich, say' to
    a notice written without an offset, the settings' zone unread. The team's zone is one
    answer for the three."""
    text = EARLY_AND_LATE.replace("sent_at: 2026-03-31T10:00:00+02:00", "sent_at: 2026-03-31T10:00:00")
    config = {"calendar": {"timezone": "America/New_York"}}
    [naive] = run(text, select=["PM014"], config=config, now="2026-04-02T12:00:00Z")
    assert (naive.code, naive.line) == ("PM014", 15)
    assert naive.hint == ("Add an offset (2018-10-21T22:52:00Z or +02:00), or declare 'timezone: "
                          "America/New_York', the team's zone in the settings, if the times were "
                          "written in it.")
