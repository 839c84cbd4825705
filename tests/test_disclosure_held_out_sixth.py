"""Disclosure clocks on inputs the other disclosure tests do not try: reports dated after
``--now``, team presets with odd stage names, and resubmitted reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run, where
from pmkit.cli import main

DORA_BEFORE_THE_INTERMEDIATE = """\
pmkit: 1
id: dora
title: Payment outage at the bank
status: draft
lang: en
severity: SEV1
timezone: Europe/Berlin
disclosure:
  regimes: [dora]
  aware_at: 2026-06-16T10:00:00
  classified_major_at: 2026-06-16T11:00:00
  notifications:
    - {audience: regulator, regime: dora, stage: initial, sent_at: 2026-06-16T14:00:00}
    - {audience: regulator, regime: dora, stage: intermediate, sent_at: 2026-06-18T14:00:00}
"""


def _repo(tmp_path: Path, text: str, config: str = "") -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text(config, encoding="utf-8")
    return tmp_path


def test_due_gives_no_deadline_for_a_clock_whose_earlier_report_is_sent_after_now(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # At 17 June the intermediate report (recorded as sent on 18 June) has not been sent: the
    # final report's month has not started, and 'due 2026-07-20' counted from the future
    # report was a deadline that does not exist yet.
    repo = _repo(tmp_path, DORA_BEFORE_THE_INTERMEDIATE)
    assert main(["due", str(repo / "pm.yaml"), "--all", "--format", "json",
                 "--now", "2026-06-17T12:00:00Z"]) == 0
    final = next(c for c in json.loads(capsys.readouterr().out)["clocks"] if c["stage"] == "final")
    assert (final["state"], final["deadline"], final["deadline_utc"], final["seconds_left"]) == (
        "waiting", None, None, None)
    assert main(["due", str(repo / "pm.yaml"), "--all", "--now", "2026-06-17T12:00:00Z"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "dora final" in x)
    assert line.endswith("pm.yaml: dora final [regulator]: waiting for the earlier report; 1 calendar "
                         "month after the latest intermediate was submitted [RTS 2025/301 Art. "
                         "5(1)(c): no later than one month after the (latest updated) intermediate "
                         "report]")


ACME = """\
pmkit: 1
id: acme
title: Checkout outage
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [acme]
  aware_at: 2026-06-16T10:00:00
"""


@pytest.mark.parametrize(("table", "said"), [
    ('stages.""', "stages: a stage needs a name: write [policies.<id>.stages.<name>] with the "
                  "name notifications give as 'stage' (such as 'notice')"),
    ('stages." notice"', "stages: stage name ' notice' has blanks around it: write 'notice'"),
])
def test_a_team_stage_without_a_name_is_a_configuration_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, said: str) -> None:
    # Accepted before, the stage was reported as 'acme ' ("no acme  recorded"), listed as
    # "its stages are  ", and no notification could name it.
    config = ('[policies.acme]\ntitle = "ACME MSA"\naudience = "customers"\ncitation = "MSA 7.2"\n'
              f'[policies.acme.{table}]\nanchor = "aware_at"\ndeadline = {{days = 1}}\n')
    repo = _repo(tmp_path, ACME, config)
    assert main(["due", str(repo / "pm.yaml"), "--now", "2026-06-17T12:00:00Z"]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith(f"[policies.acme].{said}"), err


NIS2_NAMES = """\
pmkit: 1
id: names
title: Payment outage
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [nis2, GDPR-Art33]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: final, sent_at: 2026-03-28T09:00:00}
"""


def test_a_regime_in_capitals_is_told_its_preset_and_not_to_define_an_invalid_id() -> None:
    # Before: no "did you mean" (most letters differ in case), and the hint asked for a
    # [tool.pmkit.policies.GDPR-Art33] table, itself a configuration error (ids are lower-case).
    found = run(NIS2_NAMES, select=["PM407"], now="2026-04-01T00:00:00Z")
    assert where(found) == [("PM407", 9, 19)]
    assert found[0].message == "unknown disclosure regime 'GDPR-Art33' (did you mean 'gdpr-art33'?)"
    assert found[0].hint == (
        "Known presets: cert-in, ch-isa, dora, eu-ai-act, gdpr-art33, gdpr-art34, hipaa, internal, "
        "nis2, nydfs, sec-8k; a preset id of your own is written in lower-case letters, digits, '-', "
        "'.' and '_'.")


def test_a_stage_named_by_its_first_word_is_told_the_full_name() -> None:
    found = run(NIS2_NAMES, select=["PM408"], now="2026-04-01T00:00:00Z")
    assert where(found) == [("PM408", 12, 50)]
    assert found[0].message == ("'final' is not a stage of nis2 (did you mean 'final-report'?); its "
                                "stages are early-warning, notification, final-report")


GDPR_AND_SEC = """\
pmkit: 1
id: lengths
title: Customer data exposed
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [gdpr-art33, gdpr-art34, sec-8k]
  aware_at: 2026-03-27T09:00:00
  materiality_determined_at: 2026-03-27T09:00:00
"""


@pytest.mark.parametrize(("config", "due"), [
    # Merged before with the built-in 'hours = 72': "give exactly one of hours, days, ... (got
    # hours, days)", though the team wrote only days.
    ("[policies.gdpr-art33.stages.notification.deadline]\ndays = 3\n",
     ("gdpr-art33", "2026-03-30T23:59+02:00", "3 calendar days after aware_at")),
    # Merged with the built-in 'undue_delay = true': "got hours, undue_delay".
    ("[policies.gdpr-art34.stages.communication]\ndeadline = {hours = 24}\n",
     ("gdpr-art34", "2026-03-28T09:00+01:00", "24 h after aware_at")),
    # Merged with the built-in business days and due_time 17:30: "due_time applies to days,
    # business_days and months, not to hours".
    ("[policies.sec-8k.stages.form-8k.deadline]\nhours = 96\n",
     ("sec-8k", "2026-03-31T10:00+02:00", "96 h after materiality_determined_at")),
])
def test_a_deadline_of_another_length_replaces_the_built_in_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str,
        due: tuple[str, str, str]) -> None:
    repo = _repo(tmp_path, GDPR_AND_SEC, '[disclosure]\npolicy = ""\n' + config)
    assert main(["due", str(repo / "pm.yaml"), "--all", "--format", "json",
                 "--now", "2026-03-27T10:00:00Z"]) == 0
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    clock = next(c for c in clocks if c["regime"] == due[0])
    assert (clock["regime"], clock["deadline"], clock["rule"]) == due


def test_a_deadline_of_the_same_length_is_still_merged_with_the_built_in_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Five business days instead of four keep the 17:30 filing cut-off of the built-in stage.
    repo = _repo(tmp_path, GDPR_AND_SEC, "[policies.sec-8k.stages.form-8k.deadline]\nbusiness_days = 5\n")
    assert main(["due", str(repo / "pm.yaml"), "--all", "--format", "json",
                 "--now", "2026-03-27T10:00:00Z"]) == 0
    clock = next(c for c in json.loads(capsys.readouterr().out)["clocks"] if c["regime"] == "sec-8k")
    assert clock["deadline_utc"] == "2026-04-03T21:30+00:00"


@pytest.mark.parametrize(("calendar", "said"), [
    ('country = "de"', "country 'de' is not a country the holidays package knows (did you mean 'DE'?); "
                       "write its ISO 3166-1 code, such as DE, CH or US"),
    ('country = "DE"\nsubdivision = "by"',
     "subdivision 'by' is not a subdivision of DE the holidays package knows (did you mean 'BY'?); its "
     "subdivisions are BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, SL, SN, ST, TH"),
])
def test_a_calendar_code_in_lower_case_is_told_the_code_meant(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], calendar: str, said: str) -> None:
    # Before: the holidays package's own words, "Country de not available" and "Entity `DE` does
    # not have subdivision by", which name no setting and no code to write instead.
    repo = _repo(tmp_path, ACME.replace("[acme]", "[gdpr-art33]"), f"[calendar]\n{calendar}\n")
    assert main(["due", str(repo / "pm.yaml"), "--now", "2026-06-17T12:00:00Z"]) == 2
    # (The list of subdivisions goes on with what the installed holidays package adds.)
    assert f"[calendar]: {said}" in capsys.readouterr().err


def test_a_report_chained_to_one_sent_on_a_date_alone_says_where_its_hours_start() -> None:
    # The initial report, recorded as sent on 16 June without a time, was met (due 15:00); the
    # intermediate report's 72 h count from the start of that day, which made one sent on
    # 19 June at 10:00 '10 h late' without a word on why.
    text = DORA_BEFORE_THE_INTERMEDIATE.replace("sent_at: 2026-06-16T14:00:00", "sent_at: 2026-06-16")
    text = text.replace("sent_at: 2026-06-18T14:00:00", "sent_at: 2026-06-19T10:00:00")
    found = run(text, select=["PM404"], now="2026-06-20T00:00:00Z")
    assert where(found) == [("PM404", 14, 73)]
    assert found[0].message == (
        "dora intermediate sent 10 h late: sent 2026-06-19 10:00 CEST (2026-06-19 08:00 UTC), due "
        "2026-06-19 00:00 CEST (2026-06-18 22:00 UTC) (72 h after the initial was submitted) [RTS "
        "2025/301 Art. 5(1)(b): at the latest within 72 hours from the submission of the initial "
        "notification]; the initial's sent_at gives no time of day: counted from the start of that "
        "day, 2026-06-16 00:00 CEST (2026-06-15 22:00 UTC)")
    assert found[0].hint.startswith("Write the time of day of the initial's sent_at (with its UTC "
                                    "offset) to count from it. ")


def test_a_stage_whose_user_thresholds_are_swapped_is_a_configuration_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Accepted before: no number of users is at least 500 and at most 10, so the stage never ran
    # and its notice was never reported missing or late.
    config = ('[policies.acme]\ntitle = "ACME MSA"\naudience = "customers"\ncitation = "MSA 7.2"\n'
              '[policies.acme.stages.notice]\nanchor = "aware_at"\ndeadline = {days = 1}\n'
              'when = {users_affected_min = 500, users_affected_max = 10}\n')
    repo = _repo(tmp_path, ACME, config)
    assert main(["due", str(repo / "pm.yaml"), "--now", "2026-06-17T12:00:00Z"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "[policies.acme].stages.notice.when: users_affected_min 500 is more than "
        "users_affected_max 10: no number of users fits, so the stage would never apply (swapped?)")


def test_a_missing_report_points_at_a_notice_to_the_same_audience_that_names_no_regime() -> None:
    # Before: "no gdpr-art33 notification recorded" alone, as if the notice to the regulator
    # sent the next day had been forgotten rather than recorded without its regime.
    text = ACME.replace("[acme]", "[gdpr-art33]") + (
        "  notifications:\n    - {audience: regulator, sent_at: 2026-06-17T09:00:00}\n")
    found = run(text, select=["PM403"], now="2026-06-20T00:00:00Z")
    assert where(found) == [("PM403", 9, 13)]
    assert found[0].message == (
        "no gdpr-art33 notification recorded, and it was due 2026-06-19 10:00 CEST (2026-06-19 08:00 "
        "UTC) (72 h after aware_at), 16 h ago [GDPR Art. 33(1): without undue delay and, where "
        "feasible, not later than 72 hours after becoming aware]; disclosure.notifications[0], to the "
        "regulator, names no regime, so it answers no clock")
    assert found[0].hint == (
        "If disclosure.notifications[0] is this report, add regime: gdpr-art33 to it; if not, record "
        "the report in disclosure.notifications: {audience: regulator, regime: gdpr-art33, sent_at: "
        "...}, with late_reason if it went out late.")


@pytest.mark.parametrize(("zone", "due"), [
    ("America/Sao_Paulo", "2026-06-19 05:00 UTC-03:00 (2026-06-19 08:00 UTC)"),
    ("Asia/Kathmandu", "2026-06-19 13:45 UTC+05:45 (2026-06-19 08:00 UTC)"),
])
def test_a_zone_without_a_letter_abbreviation_shows_its_deadline_as_an_offset_from_utc(
        zone: str, due: str) -> None:
    # The tz database names these zones' times by offset alone: 'due 2026-06-19 05:00 -03' read
    # as a subtraction, and '+0545' matched no other offset pmkit writes (+05:45, UTC+05:45).
    text = ACME.replace("[acme]", "[gdpr-art33]").replace("Europe/Berlin", zone).replace(
        "2026-06-16T10:00:00", "2026-06-16T08:00:00Z")
    found = run(text, select=["PM403"], now="2026-06-20T00:00:00Z")
    assert found[0].message.startswith(f"no gdpr-art33 notification recorded, and it was due {due} ")


PUBLISHED_SEV1 = """\
pmkit: 1
id: signed
title: Payment outage
status: published
lang: en
severity: SEV1
timezone: Europe/Berlin
approvals:
  - {by: VP Engineering, role: %s, at: 2026-04-05T09:00:00}
disclosure:
  regimes: [internal]
  drafted_at: 2026-04-02T10:00:00
  published_at: 2026-04-05T10:00:00
"""


@pytest.mark.parametrize("role", ["accountable-executive", "Accountable  Executive", "accountable_executive"])
def test_a_sign_off_role_written_with_other_separators_is_the_role(role: str) -> None:
    # Before: 'published SEV1 postmortem without sign-off by the accountable executive', about
    # a postmortem that records that sign-off.
    assert run(PUBLISHED_SEV1 % role, select=["PM410"], now="2026-05-01T00:00:00Z") == []


def test_a_different_role_still_lacks_the_sign_off() -> None:
    found = run(PUBLISHED_SEV1 % "accountable executives deputy", select=["PM410"],
                now="2026-05-01T00:00:00Z")
    assert [(d.code, d.message) for d in found] == [
        ("PM410", "published SEV1 postmortem without sign-off by the accountable executive "
                  "(internal policy)")]


@pytest.mark.parametrize("reason", ['"   "', '"-"', '"..."'])
def test_a_blank_late_reason_does_not_turn_a_late_gdpr_notice_into_a_warning(reason: str) -> None:
    # Before: a warning, "the late_reason is recorded, as the regime allows", for a reason that
    # says nothing; GDPR Art. 33(1) asks for the reasons for the delay.
    text = ACME.replace("[acme]", "[gdpr-art33]") + (
        "  notifications:\n    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-06-20T10:00:00, "
        f"late_reason: {reason}}}\n")
    found = run(text, select=["PM404"], now="2026-06-21T00:00:00Z")
    assert [(d.code, str(d.severity)) for d in found] == [("PM404", "error")]
    assert found[0].message.endswith("not later than 72 hours after becoming aware]")
    assert found[0].hint == ("Check sent_at and the anchor; if both are right, give the reasons for the "
                             "delay in late_reason.")


HIPAA_UNNAMED = """\
pmkit: 1
id: hipaa
title: Patient records exposed
status: draft
lang: en
severity: SEV2
timezone: America/New_York
impact:
  users_affected: 800
disclosure:
  regimes: [hipaa]
  discovered_at: 2026-02-01T09:00:00
  notifications:
    - {audience: regulator, regime: hipaa, sent_at: 2026-03-01T10:00:00}
"""


def test_a_notice_without_a_stage_counts_for_the_stage_sent_to_its_audience() -> None:
    # Before: the report to HHS (the regulator) without a stage was counted as the notice to
    # the individuals, which looked sent, while the HHS report was reported missing.
    found = run(HIPAA_UNNAMED, select=["PM403", "PM408"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM403", 11, 13), ("PM408", 14, 7)]
    assert found[0].message.startswith("no hipaa individuals recorded, and it was due 2026-04-02 23:59 EDT")
    assert found[1].message == ("notification for hipaa does not say which stage it is (individuals, hhs, "
                                "hhs-annual, media); it is counted as hhs")


def test_a_notice_without_a_stage_to_the_regulator_of_a_small_breach_is_the_annual_report() -> None:
    found = run(HIPAA_UNNAMED.replace("800", "100"), select=["PM408"], now="2026-05-01T00:00:00Z")
    assert found[0].message.endswith("it is counted as hhs-annual")


@pytest.mark.parametrize("regimes", ["[]", "[eu-ai-act]"])
def test_a_pending_preset_named_as_the_team_policy_runs_whether_the_file_lists_it_or_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], regimes: str) -> None:
    # Before: its clock ran for a file that did not list it, and a file that listed it got
    # PM409 ('not checked') and no clock at all.
    text = ACME.replace("[acme]", regimes)
    repo = _repo(tmp_path, text, '[disclosure]\npolicy = "eu-ai-act"\n')
    assert main(["due", str(repo / "pm.yaml"), "--format", "json", "--now", "2026-06-20T00:00:00Z"]) == 0
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    assert [(c["regime"], c["state"], c["deadline"]) for c in clocks] == [
        ("eu-ai-act", "open", "2026-07-01T23:59+02:00")]
    assert main(["check", str(repo / "pm.yaml"), "--select", "PM409", "--now", "2026-06-20T00:00:00Z"]) == 0
    assert "PM409" not in capsys.readouterr().out
