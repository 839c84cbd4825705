"""Disclosure clocks on held-out postmortems of the ninth round: clocks of days in documents that
declare no time zone, across a change of daylight-saving time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, unplaced, where
from pmkit.cli import main

#: A HIPAA breach discovered in Berlin summer time (CEST, +02:00), no 'timezone:' declared; the
#: notice to individuals is written in winter time (CET, +01:00) on the 60th day.
ACROSS_THE_CHANGE = """\
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
  notifications:
    - {audience: data-subjects, regime: hipaa, stage: individuals, sent_at: 2026-11-30T23:30:00+01:00}
    - {audience: regulator, regime: hipaa, stage: hhs, sent_at: 2026-11-20T10:00:00+01:00}
"""


def test_a_day_clock_without_a_zone_says_which_offset_its_days_were_counted_in() -> None:
    """The 60 days were counted in +02:00, the offset of discovered_at, a fixed offset that knows
    no daylight-saving time: the notice of 30 November at 23:30 CET was '30 min late', and the
    message showed it as 'sent 2026-12-01 00:30 UTC+02:00', a date and time nobody wrote, with
    nothing to say that the offset of October was used for a deadline in winter. The notice is
    now shown as written, the message says in which offset the days were counted and why, and
    the hint says how to count them where the organisation is."""
    found = run(ACROSS_THE_CHANGE, select=["PM404"], now="2026-12-05T00:00:00Z")
    assert where(found) == [("PM404", 14, 77)]
    assert found[0].message == (
        "hipaa individuals sent 30 min late: sent 2026-11-30 23:30 UTC+01:00 (2026-11-30 22:30 UTC), "
        "due 2026-11-30 23:59 UTC+02:00 (2026-11-30 21:59 UTC) (60 calendar days after discovered_at, "
        "counted in UTC+02:00, the offset discovered_at is written in, as no timezone is declared) "
        "[45 CFR 164.404(b): without unreasonable delay and in no case later than 60 calendar days after "
        "discovery]")
    assert found[0].hint is not None and found[0].hint.endswith(
        " No timezone is declared, so the days were counted in UTC+02:00, the offset of discovered_at, "
        "while sent_at is written in UTC+01:00: if the clocks changed in between (daylight-saving time), "
        "set 'timezone:' (an IANA name such as Europe/Berlin) in the postmortem, or timezone in "
        "[tool.pmkit], to count the days where the organisation is.")


def test_the_declared_zone_counts_the_days_across_the_change() -> None:
    """With the zone declared, the 60th day ends at midnight CET, and the notice was in time."""
    declared = ACROSS_THE_CHANGE.replace("lang: en\n", "lang: en\ntimezone: Europe/Berlin\n")
    assert run(declared, select=["PM404"], now="2026-12-05T00:00:00Z") == []
    # The same zone for every postmortem, in the settings.
    assert run(ACROSS_THE_CHANGE, select=["PM404"], now="2026-12-05T00:00:00Z",
               config={"timezone": "Europe/Berlin"}) == []


def test_an_open_day_clock_without_a_zone_says_where_its_days_are_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit due' and PM403 showed the deadline in +02:00 for the end of November, with nothing
    to say that the offset came from discovered_at and not from a zone."""
    notice = ("    - {audience: data-subjects, regime: hipaa, stage: individuals, "
              "sent_at: 2026-11-30T23:30:00+01:00}\n")
    text = ACROSS_THE_CHANGE.replace(notice, "")
    found = run(text, select=["PM403"], now="2026-12-05T00:00:00Z")
    assert where(found) == [("PM403", 11, 13)]
    assert found[0].message.startswith(
        "no hipaa individuals recorded, and it was due 2026-11-30 23:59 UTC+02:00 (2026-11-30 21:59 UTC) "
        "(60 calendar days after discovered_at, counted in UTC+02:00, the offset discovered_at is written "
        "in, as no timezone is declared), 4 days 2 h ago")
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", "2026-11-01T00:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert ("hipaa individuals [data-subjects]: 29 days 21 h left; due 2026-11-30 23:59 UTC+02:00 "
            "(2026-11-30 21:59 UTC); 60 calendar days after discovered_at, counted in UTC+02:00, the offset "
            "discovered_at is written in, as no timezone is declared [45 CFR 164.404(b)") in out
    # A declared zone needs no such words.
    declared = text.replace("lang: en\n", "lang: en\ntimezone: Europe/Berlin\n")
    (tmp_path / "pm.yaml").write_text(declared, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--format", "json", "--now", "2026-11-01T00:00:00Z"]) == 0
    rows = {row["stage"]: row for row in json.loads(capsys.readouterr().out)["clocks"]}
    assert rows["individuals"]["deadline"] == "2026-11-30T23:59+01:00"


def test_a_date_alone_is_counted_in_utc_and_the_hint_says_so() -> None:
    """discovered_at written as a date alone, no zone: the days are counted in UTC. A notice
    written at 20:00 New York time on the 60th day (01:00 UTC on the 61st) was shown as
    'sent 2026-12-01 01:00 UTC'; it is now shown as written, and the hint names the zone the
    days were counted in."""
    text = ACROSS_THE_CHANGE.replace("discovered_at: 2026-10-01T10:00:00+02:00", "discovered_at: 2026-10-01")
    text = text.replace("sent_at: 2026-11-30T23:30:00+01:00", "sent_at: 2026-11-30T20:00:00-05:00")
    found = run(text, select=["PM404"], now="2026-12-05T00:00:00Z")
    assert where(found) == [("PM404", 14, 77)]
    assert found[0].message.startswith(
        "hipaa individuals sent 1 h late: sent 2026-11-30 20:00 UTC-05:00 (2026-12-01 01:00 UTC), due "
        "2026-11-30 23:59 UTC (60 calendar days after discovered_at) [45 CFR 164.404(b)")
    assert found[0].hint is not None and found[0].hint.endswith(
        " No timezone is declared, so the days were counted in UTC, as no time is written with "
        "discovered_at, while sent_at is written in UTC-05:00: if the organisation is elsewhere, set "
        "'timezone:' (an IANA name such as Europe/Berlin) in the postmortem, or timezone in [tool.pmkit], "
        "to count the days where the organisation is.")


#: A US health-care breach: HIPAA is the breach regime listed; GDPR does not apply.
HIPAA_ONLY = """\
pmkit: 1
id: 2026-05-04-portal
title: Patient portal exposed lab results
status: draft
lang: en
severity: SEV2
timezone: America/Chicago
impact:
  users_affected: 300
disclosure:
  personal_data_breach: true
  regimes: [hipaa]
  discovered_at: 2026-05-04T09:00:00
"""


def test_a_breach_under_another_personal_data_regime_points_to_pm411s_option() -> None:
    """A HIPAA breach was told to add GDPR or to suppress PM411 in every file; the option that
    names the regimes a breach may be handled under instead was not mentioned."""
    found = run(HIPAA_ONLY, select=["PM411"], now="2026-05-05T00:00:00Z")
    assert where(found) == [("PM411", 11, 25)]
    assert found[0].hint == (
        "Add gdpr-art33 (and gdpr-art34 for high risk) with aware_at; if GDPR does not apply, suppress "
        "this with '# pmkit: ignore[PM411] <why>'. If your breaches are handled under hipaa and GDPR never "
        "applies to your organisation, list it in [tool.pmkit.rules.PM411] regimes = [\"gdpr-art33\", "
        "\"hipaa\"] instead of suppressing this in every file.")
    # With the option, nothing to say.
    assert run(HIPAA_ONLY, select=["PM411"], now="2026-05-05T00:00:00Z",
               config={"rules": {"PM411": {"regimes": ["gdpr-art33", "hipaa"]}}}) == []
    # A regime that is no personal-data regime (the internal policy) is not offered.
    internal = run(HIPAA_ONLY.replace("regimes: [hipaa]", "regimes: [internal]"), select=["PM411"],
                   now="2026-05-05T00:00:00Z")
    assert internal[0].hint == ("Add gdpr-art33 (and gdpr-art34 for high risk) with aware_at; if GDPR does "
                                "not apply, suppress this with '# pmkit: ignore[PM411] <why>'.")


def test_a_dora_limit_moved_to_noon_without_a_zone_says_in_which_offset_noon_was_taken() -> None:
    """Classified as major late on Friday 27 March 2026 in +01:00, no zone declared: the limit
    falls on Saturday and moves to noon of Monday 30 March, taken in +01:00 although Europe's
    clocks moved to summer time on the 29th. The message now says which offset the weekend and
    noon were taken in, and why, for a clock of hours (whose hours are not counted in a zone)."""
    text = """\
pmkit: 1
id: 2026-03-27-payments
title: Payments outage
status: draft
lang: en
severity: SEV1
disclosure:
  regimes: [dora]
  aware_at: 2026-03-27T20:00:00+01:00
  classified_major_at: 2026-03-27T22:00:00+01:00
"""
    found = run(text, select=["PM403"], now="2026-04-10T00:00:00Z")
    assert where(found) == [("PM403", 8, 13)]
    assert found[0].message.startswith(
        "no dora initial recorded, and it was due 2026-03-30 12:00 UTC+01:00 (2026-03-30 11:00 UTC) (4 h "
        "after classified_major_at, and no later than 24 h after aware_at, its weekend days and noon taken "
        "in UTC+01:00, the offset classified_major_at is written in, as no timezone is declared; that fell "
        "on 2026-03-28 02:00 UTC+01:00 (2026-03-28 01:00 UTC), a Saturday, so it moves to noon of the next "
        "working day), 10 days")
    declared = run(text.replace("lang: en\n", "lang: en\ntimezone: Europe/Berlin\n"), select=["PM403"],
                   now="2026-04-10T00:00:00Z")
    assert declared[0].message.startswith(
        "no dora initial recorded, and it was due 2026-03-30 12:00 CEST (2026-03-30 10:00 UTC) (4 h after "
        "classified_major_at, and no later than 24 h after aware_at; that fell on 2026-03-28 02:00 CET "
        "(2026-03-28 01:00 UTC), a Saturday, so it moves to noon of the next working day), 10 days")


#: An SEC registrant determines materiality on Friday 30 October 2026 (EDT, -04:00), no
#: 'timezone:'; the clocks go back on 1 November, and the 8-K is due Thursday 5 November at
#: 17:30 EST. It is filed at 17:45 EST.
SEC_ACROSS_THE_CHANGE = """\
pmkit: 1
id: 2026-10-30-ransomware
title: Ransomware in the billing systems
status: draft
lang: en
severity: SEV1
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2026-10-30T10:00:00-04:00
  notifications:
    - {audience: investors, regime: sec-8k, sent_at: 2026-11-05T17:45:00-05:00}
"""


def test_a_deadline_counted_in_the_presets_zone_is_shown_in_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The SEC preset counts in New York time, and the document declares no zone: the deadline
    was shown first in the offset the determination was written in, 'due 2026-11-05 18:30
    UTC-04:00', a time of the summer offset in November, and the filing, written 17:45 EST, as
    'sent 2026-11-05 18:45 UTC-04:00'. Both are now shown in the zone the days are counted in."""
    found = run(SEC_ACROSS_THE_CHANGE, select=["PM404"], now="2026-11-10T00:00:00Z")
    assert where(found) == [("PM404", 11, 54)]
    assert found[0].message.startswith(
        "sec-8k form-8k sent 15 min late: sent 2026-11-05 17:45 EST (2026-11-05 22:45 UTC), due 2026-11-05 "
        "17:30 EST (2026-11-05 22:30 UTC) (4 business days after materiality_determined_at) [Form 8-K")
    (tmp_path / "pm.yaml").write_text(SEC_ACROSS_THE_CHANGE, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--format", "json", "--now", "2026-10-31T00:00:00Z"]) == 0
    row = json.loads(capsys.readouterr().out)["clocks"][0]
    assert (row["deadline"], row["deadline_utc"]) == ("2026-11-05T17:30-05:00", "2026-11-05T22:30+00:00")


def test_an_unknown_anchor_of_a_team_preset_lists_year_end_among_the_choices(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A state-law preset whose anchor is mistyped: the choices listed every form an anchor
    takes but 'year_end:<anchor>', which HIPAA's annual report uses and a team's preset may
    need (a yearly report to a state regulator)."""
    (tmp_path / ".pmkit.toml").write_text(
        '[policies.tx-breach]\ntitle = "Texas BCC 521.053"\naudience = "data-subjects"\n'
        'citation = "BCC 521.053"\n'
        '[policies.tx-breach.stages.residents]\nanchor = "discovery"\ndeadline = { days = 60 }\n',
        encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(HIPAA_ONLY, encoding="utf-8")
    assert main(["check", str(tmp_path / "pm.yaml")]) == 2
    err = unplaced(capsys.readouterr().err)
    assert err == (
        f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: "
        "[policies.tx-breach].stages.residents.anchor: "
        "unknown anchor 'discovery' (did you mean 'discovered_at'?): use a milestone (impact_started, "
        "detected, acknowledged, mitigated, resolved), a disclosure timestamp (aware_at, "
        "classified_major_at, materiality_determined_at, discovered_at, determined_at), 'submitted:<stage>', "
        "'latest-submitted:<stage>' or 'year_end:<milestone or timestamp>'\n")
