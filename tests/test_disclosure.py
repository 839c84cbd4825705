"""PM4xx disclosure rules: exact codes, positions, deadlines (document zone and UTC) and
articles; git as evidence in throwaway repositories with back-dated commits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from helpers import GOOD_EXAMPLE, good_text, run, where
from pmkit.cli import main
from pmkit.config import parse_config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.engine import Checker

HEAD = """\
pmkit: 1
id: 2026-03-27-breach
title: Customer records exposed by a misconfigured bucket
status: {status}
lang: en
severity: {severity}
timezone: Europe/Berlin
"""


def pm(body: str, *, status: str = "draft", severity: str = "SEV2") -> str:
    return HEAD.format(status=status, severity=severity) + textwrap.dedent(body).lstrip("\n")


def loc(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, col), 1-based, of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, col


def at(code: str, text: str, needle: str, nth: int = 0) -> tuple[str, int, int]:
    return (code, *loc(text, needle, nth))


def check(text: str, select: list[str], now: str, config: dict[str, Any] | None = None) -> list[Diagnostic]:
    base: dict[str, Any] = {"disclosure": {"policy": ""}}
    for key, value in (config or {}).items():
        base[key] = {**base.get(key, {}), **value}
    return run(text, select=select, now=now, config=base)


# --- the bundled example ---------------------------------------------------------------------


def test_bundled_example_is_clean() -> None:
    report = Checker(parse_config({}), now="2026-11-25T12:00:00Z").check_paths([str(GOOD_EXAMPLE)])
    assert [d for d in report.diagnostics if d.code.startswith("PM4")] == []
    # Also as text on any day after its publication, and on the day it was published.
    assert [d for d in run(good_text(), select=["PM4"]) if d.severity >= Severity.WARNING] == []
    assert [d for d in run(good_text(), select=["PM4"], now="2018-10-30T18:00:00Z")
            if d.severity >= Severity.WARNING] == []


# --- GDPR Art. 33: 72 h across the spring DST change ----------------------------------------

GDPR = pm("""
disclosure:
  personal_data_breach: true
  regimes: [gdpr-art33]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-30T11:30:00}
""")


def test_gdpr_late_notification_is_an_error_with_deadline_and_article() -> None:
    # Aware Fri 27 March 09:00 CET (08:00 UTC); +72 h = Mon 30 March 08:00 UTC = 10:00 CEST, as
    # Berlin switched to summer time on Sunday 29 March. Sent 11:30 CEST: 1 h 30 min late.
    found = check(GDPR, ["PM404"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM404", GDPR, "2026-03-30T11:30:00")]
    diag = found[0]
    assert diag.severity is Severity.ERROR
    assert diag.message == (
        "gdpr-art33 notification sent 1 h 30 min late: sent 2026-03-30 11:30 CEST "
        "(2026-03-30 09:30 UTC), due 2026-03-30 10:00 CEST (2026-03-30 08:00 UTC) (72 h after "
        "aware_at) [GDPR Art. 33(1): without undue delay and, where feasible, not later than 72 "
        "hours after becoming aware]"
    )
    assert diag.field == "disclosure.notifications[0].sent_at"


def test_gdpr_late_reason_downgrades_to_warning() -> None:
    text = GDPR.replace("sent_at: 2026-03-30T11:30:00}",
                        "sent_at: 2026-03-30T11:30:00,\n       late_reason: forensic review}")
    found = check(text, ["PM404"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM404", text, "2026-03-30T11:30:00")]
    assert found[0].severity is Severity.WARNING
    assert "the late_reason is recorded, as the regime allows" in found[0].message


def test_gdpr_on_time_and_missing() -> None:
    on_time = GDPR.replace("2026-03-30T11:30:00", "2026-03-30T09:59:00")
    assert check(on_time, ["PM403", "PM404"], now="2026-04-01T00:00:00Z") == []
    missing = pm("""
    disclosure:
      regimes: [gdpr-art33]
      aware_at: 2026-03-27T09:00:00
    """)
    # Before the deadline nothing is missing yet; a minute after it, PM403 at the regime.
    assert check(missing, ["PM403"], now="2026-03-30T07:59:00Z") == []
    found = check(missing, ["PM403"], now="2026-03-30T08:01:00Z")
    assert where(found) == [at("PM403", missing, "gdpr-art33")]
    assert "due 2026-03-30 10:00 CEST (2026-03-30 08:00 UTC)" in found[0].message
    assert "1 min ago" in found[0].message
    assert "GDPR Art. 33(1)" in found[0].message


def test_gdpr_art34_soft_clock_uses_the_target_and_warns() -> None:
    text = pm("""
    disclosure:
      regimes: [gdpr-art34]
      aware_at: 2026-03-27T09:00:00
    """)
    found = check(text, ["PM403"], now="2026-03-29T09:00:00Z",
                  config={"disclosure": {"undue_delay_hours": 24}})
    # 24 h target: due Sat 28 March 09:00 CET = 08:00 UTC.
    assert where(found) == [at("PM403", text, "gdpr-art34")]
    assert found[0].severity is Severity.WARNING
    assert "due 2026-03-28 09:00 CET (2026-03-28 08:00 UTC)" in found[0].message
    assert "organisation target 24 h" in found[0].message


# --- NIS2: staged, with a chained final report ----------------------------------------------

NIS2 = pm("""
disclosure:
  regimes: [nis2]
  aware_at: 2026-01-28T16:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-01-29T10:00:00}
    - {audience: regulator, regime: nis2, stage: notification, sent_at: 2026-01-31T10:00:00}
""")


def test_nis2_final_report_due_one_month_after_the_notification() -> None:
    # Notification Sat 31 January; one month → 28 February (no 31 Feb), a Saturday → end of
    # Mon 2 March 23:59 CET (22:59 UTC) under Reg. 1182/71 Art. 3(4).
    assert check(NIS2, ["PM403"], now="2026-03-02T22:58:00Z") == []
    found = check(NIS2, ["PM403"], now="2026-03-03T08:00:00Z")
    assert where(found) == [at("PM403", NIS2, "nis2]")]
    assert found[0].message.startswith(
        "no nis2 final-report recorded, and it was due 2026-03-02 23:59 CET (2026-03-02 22:59 UTC) "
        "(1 calendar month after the notification was submitted)")
    assert "NIS2 Art. 23(4)(d)" in found[0].message


def test_nis2_early_warning_missing_before_later_stages() -> None:
    text = pm("""
    disclosure:
      regimes: [nis2]
      aware_at: 2026-01-28T16:00:00
    """)
    # 24 h: 29 January 16:00 CET; 72 h: 31 January 16:00 CET. On 30 January only the first.
    found = check(text, ["PM403"], now="2026-01-30T12:00:00Z")
    assert [d.message.split(",")[0] for d in found] == ["no nis2 early-warning recorded"]
    found = check(text, ["PM403"], now="2026-02-01T12:00:00Z")
    assert [d.message.split(",")[0] for d in found] == ["no nis2 early-warning recorded",
                                                        "no nis2 notification recorded"]


def test_nis2_stage_names_are_checked() -> None:
    text = NIS2.replace("stage: early-warning", "stage: early_warning")
    found = check(text, ["PM408"], now="2026-02-01T00:00:00Z")
    assert where(found) == [at("PM408", text, "early_warning")]
    assert found[0].message == ("'early_warning' is not a stage of nis2 (did you mean 'early-warning'?); "
                                "its stages are early-warning, notification, final-report")
    no_stage = NIS2.replace("stage: early-warning, ", "")
    found = check(no_stage, ["PM408"], now="2026-02-01T00:00:00Z")
    assert where(found) == [at("PM408", no_stage, "{audience: regulator, regime: nis2, sent_at")]
    assert "counted as early-warning" in found[0].message
    # Counted as the early warning, so that clock is not reported missing as well.
    assert check(no_stage, ["PM403"], now="2026-02-01T00:00:00Z") == []


def test_a_notification_for_the_internal_policy_answers_no_clock() -> None:
    text = pm("""
    disclosure:
      regimes: [internal]
      notifications:
        - {audience: internal, regime: internal, stage: draft, sent_at: 2026-03-26T09:00:00}
        - {audience: internal, regime: internal, sent_at: 2026-03-27T09:00:00}
    """)
    found = check(text, ["PM408"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM408", text, "internal, stage"), at("PM408", text, "internal, sent_at")]
    assert found[0].message == found[1].message == (
        "notification for internal, whose stages (draft, publish) are met by disclosure.drafted_at "
        "and disclosure.published_at, not by a notification: it answers no clock")
    assert found[0].hint == ("Record disclosure.drafted_at and disclosure.published_at instead, or name "
                             "the regime this notification was sent for.")


def test_notification_for_an_unlisted_or_unknown_regime() -> None:
    text = pm("""
    disclosure:
      regimes: [gdpr-art33]
      aware_at: 2026-03-27T09:00:00
      notifications:
        - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-27T12:00:00}
        - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-27T12:00:00}
        - {audience: regulator, regime: nis-2, sent_at: 2026-03-27T12:00:00}
    """)
    found = check(text, ["PM408"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM408", text, "nis2, stage"), at("PM408", text, "nis-2")]
    assert "which disclosure.regimes does not list" in found[0].message
    assert found[1].message == "notification for unknown regime 'nis-2' (did you mean 'nis2'?)"


# --- DORA: the two-limb initial deadline, relief and chained reports ------------------------

DORA = pm("""
disclosure:
  regimes: [dora]
  aware_at: 2025-03-28T10:00:00
  classified_major_at: 2025-03-28T22:00:00
  notifications:
    - {audience: regulator, regime: dora, stage: initial, sent_at: 2025-03-31T11:00:00}
""")


def test_dora_weekend_relief_with_member_state_calendar() -> None:
    # Initial: min(22:00 + 4 h, 10:00 + 24 h) = Sat 29 March 02:00 CET, a weekend day → noon of
    # the next working day, Mon 31 March 12:00 CEST. Sent 11:00: on time.
    assert check(DORA, ["PM404"], now="2025-04-10T00:00:00Z", config={"calendar": {"country": "DE"}}) == []
    # A credit institution has no relief (RTS Art. 5(5)): the same report is 2 days 8 h late
    # (Sat 01:00 UTC → Mon 09:00 UTC).
    config = {"calendar": {"country": "DE"},
              "policies": {"dora": {"stages": {"initial": {"deadline": {"rollover": "none"}}}}}}
    found = check(DORA, ["PM404"], now="2025-04-10T00:00:00Z", config=config)
    assert where(found) == [at("PM404", DORA, "2025-03-31T11:00:00")]
    assert found[0].message.startswith(
        "dora initial sent 2 days 8 h late: sent 2025-03-31 11:00 CEST (2025-03-31 09:00 UTC), "
        "due 2025-03-29 02:00 CET (2025-03-29 01:00 UTC) (4 h after classified_major_at, and no "
        "later than 24 h after aware_at)")


def test_dora_intermediate_chained_to_the_initial_submission() -> None:
    # Intermediate: 72 h after Mon 31 March 11:00 CEST = Thu 3 April 11:00 CEST (09:00 UTC).
    assert check(DORA, ["PM403"], now="2025-04-03T08:59:00Z", config={"calendar": {"country": "DE"}}) == []
    found = check(DORA, ["PM403"], now="2025-04-03T09:01:00Z", config={"calendar": {"country": "DE"}})
    assert where(found) == [at("PM403", DORA, "dora]")]
    assert "no dora intermediate recorded, and it was due 2025-04-03 11:00 CEST (2025-04-03 09:00 UTC)" \
        in found[0].message


def test_dora_final_counts_from_the_latest_intermediate_sent_by_now() -> None:
    text = DORA + (
        "    - {audience: regulator, regime: dora, stage: intermediate, sent_at: 2025-04-02T10:00:00}\n"
        "    - {audience: regulator, regime: dora, stage: intermediate, sent_at: 2025-05-20T10:00:00}\n")
    # On 5 May only the first intermediate report had been sent: one month after Wed 2 April is
    # Fri 2 May, end of day 23:59 CEST (21:59 UTC), and that has passed.
    found = check(text, ["PM403"], now="2025-05-05T00:00:00Z")
    assert where(found) == [at("PM403", text, "dora]")]
    assert found[0].message.startswith(
        "no dora final recorded, and it was due 2025-05-02 23:59 CEST (2025-05-02 21:59 UTC) "
        "(1 calendar month after the latest intermediate was submitted)")
    # Once the updated report of Tue 20 May is sent, the final report is due Fri 20 June.
    assert check(text, ["PM403"], now="2025-06-20T21:58:00Z") == []
    found = check(text, ["PM403"], now="2025-06-21T00:00:00Z")
    assert "it was due 2025-06-20 23:59 CEST (2025-06-20 21:59 UTC)" in found[0].message


def test_dora_missing_awareness_limb() -> None:
    text = DORA.replace("  aware_at: 2025-03-28T10:00:00\n", "")
    found = check(text, ["PM406"], now="2025-04-01T00:00:00Z")
    assert where(found) == [at("PM406", text, "dora]")]
    # The classification is recorded: the 4 h limit is checked (PM403/PM404), only the 24 h one is not.
    assert found[0].message.startswith(
        "the dora initial is due no later than 24 h after aware_at, but aware_at is not recorded, so "
        "only 4 h after classified_major_at is checked [RTS 2025/301")
    assert "Record disclosure.aware_at" in found[0].hint
    text = text.replace("  classified_major_at: 2025-03-28T22:00:00\n", "")
    found = check(text, ["PM406"], now="2025-04-01T00:00:00Z")
    assert [d.message.split(",")[0] for d in found] == [
        "dora counts its initial clock from classified_major_at"]


# --- SEC 8-K around Juneteenth ----------------------------------------------------------------

SEC = """\
pmkit: 1
id: sec
title: Ransomware at a listed company
status: draft
lang: en
severity: SEV1
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2025-06-17T10:00:00-04:00
  notifications:
    - {audience: investors, regime: sec-8k, sent_at: 2025-06-24T18:00:00-04:00}
"""


def test_sec_8k_four_business_days_over_juneteenth() -> None:
    # Tue 17 June: Wed 18 (1), Thu 19 Juneteenth, Fri 20 (2), Mon 23 (3), Tue 24 (4) at 17:30 EDT.
    found = check(SEC, ["PM404"], now="2025-07-01T00:00:00Z")
    assert where(found) == [at("PM404", SEC, "2025-06-24T18:00")]
    assert found[0].message.startswith(
        "sec-8k form-8k sent 30 min late: sent 2025-06-24 18:00 EDT (2025-06-24 22:00 UTC), due "
        "2025-06-24 17:30 EDT (2025-06-24 21:30 UTC) (4 business days after materiality_determined_at)")
    on_time = SEC.replace("18:00:00-04:00", "17:29:00-04:00")
    assert check(on_time, ["PM404"], now="2025-07-01T00:00:00Z") == []


def test_sec_anchor_missing() -> None:
    text = SEC.replace("  materiality_determined_at: 2025-06-17T10:00:00-04:00\n", "")
    found = check(text, ["PM406"], now="2025-07-01T00:00:00Z")
    assert where(found) == [at("PM406", text, "sec-8k]")]
    assert "Record disclosure.materiality_determined_at" in found[0].hint


# --- the postmortem's own deadlines (internal policy) ---------------------------------------

INTERNAL = pm("""
timeline:
  - {at: 2026-04-01T15:00:00, milestone: resolved, actor: on-call engineer, event: Resolved.}
""")


def test_internal_policy_overdue_with_german_holidays() -> None:
    config = {"disclosure": {"policy": "internal"}, "calendar": {"country": "DE"}}
    # Draft: 5 business days after Wed 1 April: Thu 2 (1), Good Friday, Easter Monday, Tue 7 (2),
    # Wed 8 (3), Thu 9 (4), Fri 10 (5) → end of Fri 10 April 23:59 CEST (21:59 UTC).
    assert check(INTERNAL, ["PM401"], now="2026-04-10T21:59:00Z", config=config) == []
    found = check(INTERNAL, ["PM401"], now="2026-04-11T08:00:00Z", config=config)
    assert where(found) == [at("PM401", INTERNAL, "draft")]
    assert found[0].message.startswith(
        "postmortem not drafted: the internal policy's deadline (5 business days after resolved) was "
        "2026-04-10 23:59 CEST (2026-04-10 21:59 UTC), 10 h ago")
    # Publication: 14 calendar days → Wed 15 April 23:59 CEST.
    found = check(INTERNAL, ["PM401"], now="2026-04-16T00:00:00Z", config=config)
    assert [d.message.split(":")[0] for d in found] == ["postmortem not drafted", "postmortem not published"]
    assert "2026-04-15 23:59 CEST (2026-04-15 21:59 UTC)" in found[1].message


def test_internal_policy_draft_recorded_and_severity_dependent() -> None:
    config = {"disclosure": {"policy": "internal"}, "calendar": {"country": "DE"}}
    drafted = INTERNAL + "disclosure:\n  drafted_at: 2026-04-08T12:00:00\n"
    assert check(drafted, ["PM401", "PM402"], now="2026-04-12T00:00:00Z", config=config) == []
    sev4 = INTERNAL.replace("severity: SEV2", "severity: SEV4")
    assert check(sev4, ["PM401"], now="2027-01-01T00:00:00Z", config=config) == []
    # SEV3: 10 business days (→ Fri 17 April) and 30 days (→ Fri 1 May).
    sev3 = INTERNAL.replace("severity: SEV2", "severity: SEV3")
    assert check(sev3, ["PM401"], now="2026-04-17T21:00:00Z", config=config) == []
    assert len(check(sev3, ["PM401"], now="2026-04-18T00:00:00Z", config=config)) == 1


def test_postmortem_published_late() -> None:
    config = {"disclosure": {"policy": "internal"}}
    text = pm("""
    timeline:
      - {at: 2026-04-01T15:00:00, milestone: resolved, actor: on-call engineer, event: Resolved.}
    disclosure:
      drafted_at: 2026-04-03T12:00:00
      published_at: 2026-04-20T09:00:00
    """, status="published")
    found = check(text, ["PM401", "PM402"], now="2026-05-01T00:00:00Z", config=config)
    assert where(found) == [at("PM402", text, "2026-04-20T09:00:00")]
    assert found[0].severity is Severity.WARNING
    assert found[0].message.startswith(
        "postmortem published 4 days 9 h late: published 2026-04-20 09:00 CEST (2026-04-20 07:00 UTC) "
        "(disclosure.published_at), deadline 2026-04-15 23:59 CEST (2026-04-15 21:59 UTC)")


def test_internal_policy_can_be_changed_in_configuration() -> None:
    config = {"disclosure": {"policy": "internal"},
              "policies": {"internal": {"stages": {"publish": {"deadline": {"days": 30}}}}}}
    assert [d.message.split(":")[0] for d in check(INTERNAL, ["PM401"], now="2026-04-20T00:00:00Z",
                                                  config=config)] == ["postmortem not drafted"]


def _acme_sla(stages: dict[str, object]) -> dict[str, object]:
    """Settings of a team preset for a customer contract, with these stages."""
    return {"policies": {"acme-sla": {"title": "ACME MSA 7.2", "audience": "customers",
                                      "citation": "MSA section 7.2", "stages": stages}}}


def _acme_notified(notification: str) -> str:
    return pm(f"""
    timeline:
      - {{at: 2026-04-01T09:00:00, milestone: detected, actor: monitoring, event: Alert.}}
    disclosure:
      regimes: [acme-sla]
      notifications:
        - {{audience: customers, regime: acme-sla, {notification}}}
    """)


def test_team_preset_for_a_contract_sla() -> None:
    config = _acme_sla({"notice": {"anchor": "detected", "deadline": {"hours": 4}}})
    text = _acme_notified("sent_at: 2026-04-01T14:00:00")
    found = check(text, ["PM404"], now="2026-04-02T00:00:00Z", config=config)
    assert where(found) == [at("PM404", text, "2026-04-01T14:00:00")]
    assert "sent 1 h late" in found[0].message and "[MSA section 7.2]" in found[0].message


def test_a_notice_sent_before_its_clock_starts_is_a_wrong_date() -> None:
    text = pm("""
    disclosure:
      regimes: [gdpr-art33, nis2]
      personal_data_breach: true
      aware_at: 2026-03-27T09:00:00
      notifications:
        - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-26T10:00:00}
        - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-27T10:00:00}
    """)
    found = check(text, ["PM414"], now="2026-04-10T00:00:00Z")
    assert where(found) == [at("PM414", text, "2026-03-26T10:00:00")]
    assert found[0].message == (
        "gdpr-art33 notification was sent 2026-03-26 10:00 CET (2026-03-26 09:00 UTC), before aware_at, "
        "2026-03-27 09:00 CET (2026-03-27 08:00 UTC), which starts its clock: one of the two dates is wrong")
    assert found[0].severity is Severity.WARNING
    # nor PM404: dated before its anchor, the notice looks on time, whatever the deadline
    assert check(text, ["PM404"], now="2026-04-10T00:00:00Z") == []


def test_a_team_stage_may_count_from_a_stage_listed_after_it() -> None:
    # The follow-up table comes first in the file; it still counts from the notice's submission:
    # 48 h after Wed 1 April 11:00 CEST = Fri 3 April 11:00 CEST (09:00 UTC).
    config = _acme_sla({"follow-up": {"anchor": "submitted:notice", "deadline": {"hours": 48}},
                        "notice": {"anchor": "detected", "deadline": {"hours": 4}}})
    text = _acme_notified("stage: notice, sent_at: 2026-04-01T11:00:00")
    assert check(text, ["PM403"], now="2026-04-03T08:59:00Z", config=config) == []
    found = check(text, ["PM403"], now="2026-04-03T09:01:00Z", config=config)
    assert where(found) == [at("PM403", text, "acme-sla]")]
    assert found[0].message.startswith(
        "no acme-sla follow-up recorded, and it was due 2026-04-03 11:00 CEST (2026-04-03 09:00 UTC) "
        "(48 h after the notice was submitted)")


# --- customers, sign-off, unknown and opt-in regimes, personal data -------------------------


def test_user_affecting_incident_without_customer_notification() -> None:
    text = pm("""
    impact:
      users_affected: 12000
    disclosure:
      notifications:
        - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-27T12:00:00}
    """)
    found = check(text, ["PM405"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM405", text, "12000")]
    assert found[0].message.startswith("users were affected (impact.users_affected is 12,000)")
    told = text.replace("audience: regulator", "audience: customers")
    assert check(told, ["PM405"], now="2026-04-01T00:00:00Z") == []
    nobody = text.replace("12000", "0")
    assert check(nobody, ["PM405"], now="2026-04-01T00:00:00Z") == []


INTERNAL_ON = {"disclosure": {"policy": "internal"}}


def test_sign_off_for_published_sev1() -> None:
    text = pm("""
    approvals:
      - {by: Dana Reyes, role: engineering manager}
    """, status="published", severity="SEV1")
    found = check(text, ["PM410"], now="2026-04-01T00:00:00Z", config=INTERNAL_ON)
    assert where(found) == [at("PM410", text, "approvals")]
    assert found[0].message == ("published SEV1 postmortem without sign-off by the accountable executive "
                                "(internal policy)")
    signed = text.replace("role: engineering manager", "role: Accountable Executive")
    assert check(signed, ["PM410"], now="2026-04-01T00:00:00Z", config=INTERNAL_ON) == []
    sev3 = text.replace("SEV1", "SEV3")
    assert check(sev3, ["PM410"], now="2026-04-01T00:00:00Z", config=INTERNAL_ON) == []
    draft = text.replace("status: published", "status: draft")
    assert check(draft, ["PM410"], now="2026-04-01T00:00:00Z", config=INTERNAL_ON) == []
    roles = {"disclosure": {"policy": "internal", "sign_off_roles": ["accountable executive", "legal"]}}
    found = check(signed, ["PM410"], now="2026-04-01T00:00:00Z", config=roles)
    assert "without sign-off by the legal" in found[0].message
    no_approvals = pm("", status="published", severity="SEV2")
    found = check(no_approvals, ["PM410"], now="2026-04-01T00:00:00Z", config=INTERNAL_ON)
    assert where(found) == [at("PM410", no_approvals, "published")]


@pytest.mark.parametrize("setting", ["sign_off_severities", "sign_off_roles"])
def test_an_empty_sign_off_setting_asks_for_no_sign_off(setting: str) -> None:
    # [] is what the team set (no severity needs sign-off, no role signs), not "use the default".
    text = pm("", status="published", severity="SEV1")
    config = {"disclosure": {"policy": "internal", setting: []}}
    assert check(text, ["PM410"], now="2026-04-01T00:00:00Z", config=config) == []


def test_unknown_regime_with_suggestion() -> None:
    text = pm("""
    disclosure:
      regimes: [gdpr-33, frobnicate]
    """)
    found = check(text, ["PM407"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM407", text, "gdpr-33"), at("PM407", text, "frobnicate")]
    assert found[0].message == "unknown disclosure regime 'gdpr-33' (did you mean 'gdpr-art33'?)"
    assert found[1].message == "unknown disclosure regime 'frobnicate'"


def test_opt_in_regime() -> None:
    text = pm("""
    disclosure:
      regimes: [eu-ai-act]
      aware_at: 2026-12-10T11:00:00
    """)
    found = check(text, ["PM409", "PM403"], now="2027-02-01T00:00:00Z")
    assert where(found) == [at("PM409", text, "eu-ai-act")]
    assert found[0].severity is Severity.INFO
    assert "is pending, not in force, so its clocks are not checked: it is opt-in" in found[0].message
    enabled = {"disclosure": {"enable": ["eu-ai-act"]}, "calendar": {"country": "DE"}}
    # Enabled: 15 days → Fri 25 Dec (Christmas), Sat 26, Sun 27 → end of Mon 28 December CET.
    found = check(text, ["PM409", "PM403"], now="2026-12-28T22:59:00Z", config=enabled)
    assert found == []
    found = check(text, ["PM409", "PM403"], now="2026-12-28T23:00:00Z", config=enabled)
    assert where(found) == [at("PM403", text, "eu-ai-act")]
    assert "due 2026-12-28 23:59 CET (2026-12-28 22:59 UTC)" in found[0].message


def test_personal_data_breach_without_gdpr() -> None:
    text = pm("""
    disclosure:
      personal_data_breach: true
      regimes: [hipaa]
    """)
    found = check(text, ["PM411"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM411", text, "true")]
    assert "GDPR Art. 33(1)" in found[0].message
    assert check(text.replace("[hipaa]", "[hipaa, gdpr-art33]"), ["PM411"], now="2026-04-01T00:00:00Z") == []


def test_hipaa_thresholds() -> None:
    text = pm("""
    impact:
      users_affected: 120
    disclosure:
      regimes: [hipaa]
      discovered_at: 2025-05-01T10:00:00
      notifications:
        - {audience: data-subjects, regime: hipaa, stage: individuals, sent_at: 2025-06-01T10:00:00}
    """)
    # Fewer than 500: HHS within 60 days after the end of 2025 → 1 March 2026 (end of day, CET).
    assert check(text, ["PM403"], now="2026-03-01T22:58:00Z") == []
    found = check(text, ["PM403"], now="2026-03-02T00:00:00Z")
    assert [d.message.split(",")[0] for d in found] == ["no hipaa hhs-annual recorded"]
    assert "due 2026-03-01 23:59 CET" in found[0].message
    big = text.replace("120", "5000")
    # 500 or more: HHS at the same time, within 60 days of discovery (30 June 2025).
    found = check(big, ["PM403"], now="2025-07-01T00:00:00Z")
    assert [d.message.split(",")[0] for d in found] == ["no hipaa hhs recorded"]


def test_hipaa_without_discovered_at_names_the_field_once(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The annual HHS report counts from the end of the year of discovered_at: the field that is
    missing is discovered_at, said once, not 'year_end:discovered_at' as a second finding."""
    text = pm("""
    impact:
      users_affected: 120
    disclosure:
      regimes: [hipaa]
    """)
    found = check(text, ["PM406"], now="2026-03-02T00:00:00Z")
    assert where(found) == [at("PM406", text, "hipaa]")]
    assert found[0].message.startswith("hipaa counts its individuals clock from discovered_at, which "
                                       "is not recorded")
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["due", str(path), "--all", "--format", "json", "--now", "2026-03-02T00:00:00Z"]) == 0
    rows = json.loads(capsys.readouterr().out)["clocks"]
    assert {(r["stage"], r["missing_anchor"]) for r in rows} == {
        ("individuals", "discovered_at"), ("hhs-annual", "discovered_at"), ("media", "discovered_at")}


# --- git as evidence --------------------------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


PUBLISHED = """\
pmkit: 1
id: 2026-03-02-outage
title: Checkout outage
status: {status}
lang: en
severity: SEV2
approvals:
  - {{by: VP of Engineering, role: accountable executive}}
timeline:
  - {{at: 2026-03-02T16:00:00Z, milestone: resolved, actor: on-call engineer, event: Resolved.}}
disclosure:
{disclosure}"""


def write(repo: Path, status: str, disclosure: str = "  regimes: [internal]\n") -> Path:
    path = repo / "postmortems" / "outage.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(PUBLISHED.format(status=status, disclosure=disclosure), encoding="utf-8")
    return path


def repo_with_history(tmp_path: Path, disclosure: str, published: str = "2026-03-25T12:00:00+00:00") -> Path:
    """Draft committed 2026-03-05, published in a commit dated ``published`` (25 March, 12:00 UTC)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, "draft")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "draft", date="2026-03-05T10:00:00+00:00")
    path = write(repo, "published", disclosure)
    git(repo, "commit", "-qam", "publish", date=published)
    return path


def check_files(*paths: Path, now: str = "2026-06-01T00:00:00Z", select: tuple[str, ...] = ("PM4",)
                ) -> list[Diagnostic]:
    config = parse_config({})
    config.select = list(select)
    return Checker(config, now=now).check_paths([str(p) for p in paths]).sorted()


@needs_git
def test_published_at_contradicted_by_history(tmp_path: Path) -> None:
    # published_at says 10 March; the status first became published in the commit of 25 March.
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-10T09:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure)
    found = check_files(path)
    text = path.read_text()
    assert where(found) == [at("PM412", text, "2026-03-10T09:00:00Z")]
    assert found[0].severity is Severity.ERROR
    assert found[0].message.startswith(
        "published_at is 2026-03-10 09:00 UTC, but the file's status first became published in commit ")
    assert found[0].message.endswith("on 2026-03-25 12:00 UTC, 15 days 3 h later")


def publish_clock(path: Path, capsys: Any, *options: str) -> dict[str, Any]:
    """The internal publication clock's row of 'pmkit due --all' for ``path``."""
    assert main(["due", str(path), "--all", "--format", "json", "--now", "2026-06-01T00:00:00Z",
                 *options]) == 0
    rows = json.loads(capsys.readouterr().out)["clocks"]
    return next(row for row in rows if row["stage"] == "publish")


@needs_git
def test_due_does_not_call_met_a_publication_git_contradicts(tmp_path: Path, capsys: Any) -> None:
    """published_at of 10 March, the status first committed as published on 25 March (PM412):
    'pmkit due' called the publication "met" on 10 March, taking the record's word against the
    history that 'pmkit check' holds it to. It is listed as contradicted, with both dates, as a
    notice dated before its clock starts is (PM414), also without --all."""
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-10T09:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure)
    row = publish_clock(path, capsys)
    assert row["state"] == "contradicted"
    assert row["contradiction"].startswith(
        "published_at is 2026-03-10 09:00 UTC, but the file's status first became published in commit ")
    assert row["contradiction"].endswith(
        " on 2026-03-25 12:00 UTC: one of the two is wrong, so whether it was met cannot be told (PM412)")
    assert main(["due", str(path), "--now", "2026-06-01T00:00:00Z"]) == 0
    listed = capsys.readouterr().out
    assert "internal publish [internal]: dates contradict: published_at is 2026-03-10 09:00 UTC" in listed
    # Within PM412's tolerance, as the team set it, the record stands: met on 10 March.
    (path.parents[1] / "pyproject.toml").write_text(
        "[tool.pmkit.rules.date-contradicted-by-git]\ntolerance_hours = 400\n", encoding="utf-8")
    row = publish_clock(path, capsys, "--config", str(path.parents[1] / "pyproject.toml"))
    assert (row["state"], row["contradiction"]) == ("met", None)


@needs_git
def test_due_keeps_a_publication_only_a_rewrite_contradicts(tmp_path: Path, capsys: Any) -> None:
    """Published on 10 March in a commit amended on 25 March: only the committer date
    contradicts published_at (PM412 warns, the branch may have been rebased when merged), so
    the publication stays met as recorded; a published_at within a day of the commit too."""
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-10T09:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure, published="2026-03-10T09:30:00+00:00")
    subprocess.run(["git", "commit", "-q", "--amend", "--no-edit"], cwd=tmp_path / "repo", check=True,
                   capture_output=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull,
                                             "GIT_CONFIG_SYSTEM": os.devnull, "GIT_COMMITTER_NAME": "t",
                                             "GIT_COMMITTER_EMAIL": "t@example.com",
                                             "GIT_COMMITTER_DATE": "2026-03-25T12:00:00+00:00"})
    assert [d.severity for d in check_files(path, select=("PM412",))] == [Severity.WARNING]
    row = publish_clock(path, capsys)
    assert (row["state"], row["contradiction"]) == ("met", None)


@needs_git
def test_a_publication_moved_by_a_rewrite_says_how_to_check(tmp_path: Path) -> None:
    """Published on 10 March as recorded; 'git commit --amend --reset-author' on 25 March gave the
    commit that date, and PM412 called the publication 15 days late with no word of the rewrite."""
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-10T09:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure, published="2026-03-10T09:30:00+00:00")
    repo = tmp_path / "repo"
    assert check_files(path, select=("PM412",)) == []
    git(repo, "commit", "-q", "--amend", "--no-edit", "--reset-author", date="2026-03-25T12:00:00+00:00")
    found = check_files(path, select=("PM412",))
    assert where(found) == [at("PM412", path.read_text(), "2026-03-10T09:00:00Z")]
    assert found[0].message.endswith("on 2026-03-25 12:00 UTC, 15 days 3 h later")
    assert found[0].hint == (
        "Set published_at to when the postmortem really went out; if it was published elsewhere first, "
        "link that publication. If the history was rewritten since (git commit --amend, git rebase, "
        "git cherry-pick), the commit's committer date moved with it: 'git reflog' lists the "
        "commits from before the rewrite, and 'git log -1 --format=%cI <commit>' shows their dates.")


@needs_git
def test_published_at_that_agrees_with_history_passes(tmp_path: Path) -> None:
    # Published on the blog at 09:00, status committed at 12:00 the same day: within tolerance.
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-25T09:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure)
    found = check_files(path)
    # The publication itself was late (deadline 16 March 23:59 UTC): PM402, but no PM412.
    assert [d.code for d in found] == ["PM402"]


@needs_git
def test_published_in_a_merge_that_resolved_a_conflict(tmp_path: Path) -> None:
    """Neither side of the merge was published; the merge's resolution was (plain 'git log'
    shows no files for a merge, so a later commit looked like the publication)."""
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-25T09:00:00Z\n"
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    path = write(repo, "draft", disclosure)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "draft", date="2026-03-05T10:00:00+00:00")
    git(repo, "checkout", "-qb", "review")
    write(repo, "in-review", disclosure)
    git(repo, "commit", "-qam", "review", date="2026-03-20T10:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    path.write_text(path.read_text().replace("status: draft", "status: draft  # waiting"))
    git(repo, "commit", "-qam", "note", date="2026-03-21T10:00:00+00:00")
    subprocess.run(["git", "merge", "-q", "review"], cwd=repo, capture_output=True, check=False)  # conflict
    write(repo, "published", disclosure)
    git(repo, "commit", "-qam", "publish", date="2026-03-25T12:00:00+00:00")
    path.write_text(path.read_text() + "# a later edit\n")
    git(repo, "commit", "-qam", "later", date="2026-06-01T00:00:00+00:00")
    assert [d.code for d in check_files(path, select=("PM412",))] == []


@needs_git
def test_drafted_at_contradicted_by_history_is_a_warning(tmp_path: Path) -> None:
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-01T09:00:00Z\n" \
                 "  published_at: 2026-03-25T11:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure)
    found = [d for d in check_files(path) if d.code == "PM412"]
    assert where(found) == [at("PM412", path.read_text(), "2026-03-01T09:00:00Z")]
    assert found[0].severity is Severity.WARNING
    assert "first entered the repository in commit" in found[0].message


@needs_git
def test_git_dates_stand_in_for_missing_fields(tmp_path: Path) -> None:
    # No drafted_at/published_at: the first commit (5 March) is the draft, and the commit that
    # made it published (25 March) is the publication: 8 days 12 h after the 14-day deadline
    # (16 March 23:59:59 UTC).
    path = repo_with_history(tmp_path, "  regimes: [internal]\n")
    found = check_files(path)
    assert [d.code for d in found] == ["PM402"]
    assert "8 days 12 h late" in found[0].message
    assert "(git: status first published in commit " in found[0].message


@needs_git
def test_imported_postmortem_is_not_judged_by_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    path = write(repo, "published", "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n"
                                    "  published_at: 2026-03-10T09:00:00Z\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "import", date="2026-09-01T10:00:00+00:00")
    assert check_files(path) == []


@needs_git
def test_uncommitted_and_shallow_say_so_once(tmp_path: Path) -> None:
    path = repo_with_history(tmp_path, "  regimes: [internal]\n  published_at: 2026-03-10T09:00:00Z\n")
    other = path.parent / "new.yaml"
    other.write_text(path.read_text().replace("2026-03-02-outage", "new"), encoding="utf-8")
    # A file not committed yet has no history to miss (its first commit must pass
    # --fail-on info); a shallow clone is said.
    assert check_files(path, other, select=("PM413",)) == []
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{path.parents[1]}", str(clone)],
                   check=True, capture_output=True)
    shallow = clone / "postmortems" / "outage.yaml"
    found = check_files(shallow, select=("PM412", "PM413"))
    assert where(found) == [("PM413", 1, 1)]
    assert "shallow clone" in found[0].message


@needs_git
@pytest.mark.parametrize("setting", [("log.follow", "true"), ("log.showRoot", "false")])
@pytest.mark.parametrize("given_in", ["repository", "git -c"])
def test_git_settings_that_change_the_log_change_nothing(
        tmp_path: Path, setting: tuple[str, str], given_in: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """log.follow made 'git log' with several paths fail (no evidence at all); log.showRoot=false
    hid the first commit, so the publishing commit looked like an import. In the repository's
    configuration, or from 'git -c ... commit', which runs the hooks with GIT_CONFIG_PARAMETERS."""
    disclosure = "  regimes: [internal]\n  drafted_at: 2026-03-04T09:00:00Z\n" \
                 "  published_at: 2026-03-10T09:00:00Z\n"
    path = repo_with_history(tmp_path, disclosure)
    if given_in == "repository":
        git(path.parents[1], "config", *setting)
    else:
        monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'{}'='{}'".format(*setting))
    found = check_files(path, select=("PM412", "PM413"))
    assert where(found) == [at("PM412", path.read_text(), "2026-03-10T09:00:00Z")]


@needs_git
def test_a_partial_clone_is_read_without_fetching(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A blob-less clone lacks the old versions; pmkit says so, and neither fetches them (no
    network, ever) nor writes them into .git."""
    path = repo_with_history(tmp_path, "  regimes: [internal]\n  published_at: 2026-03-10T09:00:00Z\n")
    git(path.parents[1], "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", f"file://{path.parents[1]}", str(clone)],
                   check=True, capture_output=True)
    before = sorted((p.relative_to(clone), p.stat().st_size) for p in clone.rglob("*"))
    found = check_files(clone / "postmortems" / "outage.yaml", select=("PM412", "PM413"))
    assert where(found) == [("PM413", 1, 1)]
    assert "partial clone" in found[0].message and "never fetches" in found[0].message
    # The audit trail lists every commit; the versions the clone lacks say why they are not read.
    assert main(["history", str(clone / "postmortems" / "outage.yaml")]) == 0
    assert "this partial clone (git clone --filter) has not downloaded it" in capsys.readouterr().out
    assert sorted((p.relative_to(clone), p.stat().st_size) for p in clone.rglob("*")) == before


def test_outside_git_one_info_per_run(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        write(folder, "draft").rename(folder / name)
    found = check_files(folder / "a.yaml", folder / "b.yaml", select=("PM413",))
    assert [(d.code, d.line, d.col, d.severity) for d in found] == [("PM413", 1, 1, Severity.INFO)]
    assert "not inside a git repository" in found[0].message


def test_every_rule_has_a_documentation_page() -> None:
    from pmkit.rules import registry

    rules = [r for r in registry() if r.code.startswith("PM4")]
    assert [r.code for r in rules] == [f"PM4{n:02d}" for n in range(1, 21)]
    for rule in rules:
        page = rule.doc()
        for section in ("What it catches:", "Why:", "Example::", "Instead"):
            assert section in page, (rule.code, section)


def test_text_from_memory_gets_no_git_notice() -> None:
    assert run(pm(""), select=["PM413"], path="not-a-file-on-disk.yaml") == []


def test_status_in_review_counts_as_drafted() -> None:
    config = {"disclosure": {"policy": "internal"}}
    review = INTERNAL.replace("status: draft", "status: in-review")
    found = check(review, ["PM401"], now="2026-04-12T00:00:00Z", config=config)
    assert found == []


def test_sec_ad_hoc_closure_in_configuration() -> None:
    # Determined Mon 2025-01-06 10:00 EST; with the SEC closed on Thu 9 January the 4th business
    # day is Mon 13 January (Tue 7, Wed 8, Fri 10, Mon 13), 17:30 EST = 22:30 UTC.
    text = SEC.replace("2025-06-17T10:00:00-04:00", "2025-01-06T10:00:00-05:00").replace(
        "2025-06-24T18:00:00-04:00", "2025-01-13T17:00:00-05:00")
    assert len(check(text, ["PM404"], now="2025-02-01T00:00:00Z")) == 1  # due Fri 10 without it
    closed = {"policies": {"sec-8k": {"calendar": {"extra_holidays": ["2025-01-09"]}}}}
    assert check(text, ["PM404"], now="2025-02-01T00:00:00Z", config=closed) == []


def test_status_of_scans_lines_then_parses() -> None:
    from pmkit.gitdates import status_of

    assert status_of("pmkit: 1\nstatus: published\n", "a.yaml") == "published"
    assert status_of("status: 'in-review'  # comment\n", "a.yaml") == "in-review"
    assert status_of("---\nid: x\nstatus: published\n---\n## Summary\n", "a.md") == "published"
    # Nested keys are not the top-level status; a flow mapping falls back to the parser.
    assert status_of("impact:\n  status: published\nstatus: draft\n", "a.yaml") == "draft"
    assert status_of("{pmkit: 1, status: published}\n", "a.yaml") == "published"
    assert status_of("summary: |\n  text\n", "a.yaml") is None


@needs_git
def test_git_is_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmkit.history

    path = repo_with_history(tmp_path, "  regimes: [internal]\n")
    second = path.parent / "second.yaml"
    # A draft: a file that entered the repository already published has no draft date in git.
    second.write_text(path.read_text().replace("2026-03-02-outage", "second")
                      .replace("status: published", "status: draft"), encoding="utf-8")
    git(path.parents[1], "add", "-A")
    git(path.parents[1], "commit", "-qm", "second", date="2026-03-26T10:00:00+00:00")
    calls: list[int] = []
    opened: list[int] = []
    real, real_open = pmkit.history.read_evidence, pmkit.history.open_repository

    def counting(paths: Any, *args: Any) -> Any:
        calls.append(len(paths))
        return real(paths, *args)

    def counting_open(paths: Any, **kwargs: Any) -> Any:
        opened.append(len(paths))
        return real_open(paths, **kwargs)

    monkeypatch.setattr(pmkit.history, "read_evidence", counting)
    monkeypatch.setattr(pmkit.history, "open_repository", counting_open)
    found = check_files(path, second)
    assert calls == [2]
    assert opened == [2]  # the history rules' baseline shares the opened repository
    assert sorted(Path(d.path).name for d in found if d.code == "PM402") == ["outage.yaml", "second.yaml"]


def test_notification_without_sent_at() -> None:
    text = pm("""
    disclosure:
      regimes: [gdpr-art33]
      aware_at: 2026-03-27T09:00:00
      notifications:
        - {audience: regulator, regime: gdpr-art33, channel: portal}
    """)
    found = check(text, ["PM403"], now="2026-04-01T00:00:00Z")
    assert where(found) == [at("PM403", text, "{audience: regulator")]
    assert found[0].message.startswith(
        "the gdpr-art33 notification in disclosure.notifications[0] has no sent_at, and it was due "
        "2026-03-30 10:00 CEST (2026-03-30 08:00 UTC)")


# --- fixture directories: good files are clean, bad files declare their findings --------------

FIXTURES = Path(__file__).parent / "fixtures" / "disclosure"
FIXTURE_NOW = "2026-11-25T12:00:00Z"


def _fixture_findings(path: Path) -> list[Diagnostic]:
    config = parse_config({})
    config.select = ["PM4"]
    config.ignore = ["PM413"]  # the fixtures are committed or not depending on the checkout
    return Checker(config, now=FIXTURE_NOW).check_paths([str(path)]).sorted()


@pytest.mark.parametrize("path", sorted((FIXTURES / "good").glob("*.yaml")), ids=lambda p: p.name)
def test_good_fixtures_are_clean(path: Path) -> None:
    assert _fixture_findings(path) == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad").glob("*.yaml")), ids=lambda p: p.name)
def test_bad_fixtures_find_what_they_declare(path: Path) -> None:
    expected = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect: "):
            code, position, severity = line.removeprefix("# expect: ").split()
            row, col = position.split(":")
            expected.append((code, int(row), int(col), severity))
    assert expected
    found = [(d.code, d.line, d.col, str(d.severity)) for d in _fixture_findings(path)]
    assert sorted(found) == sorted(expected)


def test_an_anchor_written_with_an_invalid_time_is_not_called_unrecorded() -> None:
    """aware_at is written, but at a time that never was (PM015 says so): PM406 must not add
    that it is not recorded."""
    text = PUBLISHED.format(status="draft", disclosure="  regimes: [gdpr-art33]\n"
                                                       "  aware_at: 2026-03-29T02:15:00\n")
    text = text.replace("severity: SEV2\n", "severity: SEV2\ntimezone: Europe/Berlin\n")
    found = run(text, select=["PM0", "PM406"], now="2026-06-01T00:00:00Z")
    assert [d.code for d in found] == ["PM015"]


def test_the_last_second_of_the_deadline_day_is_in_time() -> None:
    """"The clock ends at the end of the last day": 23:59:59.5 is that day, not late."""
    text = PUBLISHED.format(status="published", disclosure="  regimes: [internal]\n"
                            "  drafted_at: 2026-03-09T23:59:59.500Z\n  published_at: 2026-03-16T23:59:59Z\n")
    assert [d.code for d in run(text, select=["PM402"], now="2026-04-01T00:00:00Z")] == []


def test_a_publication_dated_before_its_draft_or_the_incident_is_a_wrong_date() -> None:
    text = pm("""
    timeline:
      - {at: 2026-03-20T09:00:00, milestone: impact_started, event: Bucket made public}
      - {at: 2026-03-20T15:00:00, milestone: resolved, event: Bucket made private}
    disclosure:
      drafted_at: 2026-03-24T12:00:00
      published_at: 2026-03-22T09:00:00
    """, status="published")
    found = check(text, ["PM415"], now="2026-05-01T00:00:00Z")
    assert where(found) == [at("PM415", text, "2026-03-22T09:00:00")]
    assert found[0].severity is Severity.WARNING
    assert found[0].message == (
        "published_at is 2026-03-22 09:00 CET (2026-03-22 08:00 UTC), before drafted_at, "
        "2026-03-24 12:00 CET (2026-03-24 11:00 UTC): a postmortem is published after it is "
        "drafted; one of the two dates is wrong")
    # Before the incident began: said once, at the date, naming the milestone.
    early = text.replace("published_at: 2026-03-22T09:00:00", "published_at: 2026-03-19T09:00:00")
    found = check(early, ["PM415"], now="2026-05-01T00:00:00Z")
    assert where(found) == [at("PM415", early, "2026-03-19T09:00:00")]
    assert "before the incident began (impact_started, 2026-03-20 09:00 CET" in found[0].message
    # A bare date names a day: drafted on the day the incident began is in order.
    same_day = text.replace("drafted_at: 2026-03-24T12:00:00", "drafted_at: 2026-03-20").replace(
        "published_at: 2026-03-22T09:00:00", "published_at: 2026-04-01T09:00:00")
    assert check(same_day, ["PM415"], now="2026-05-01T00:00:00Z") == []


def test_a_notice_seconds_late_shows_the_seconds() -> None:
    # aware Fri 27 March 09:00 CET + 72 h = Mon 30 March 10:00:00 CEST; sent 30 s after it.
    text = GDPR.replace("sent_at: 2026-03-30T11:30:00", "sent_at: 2026-03-30T10:00:30")
    found = check(text, ["PM404"], now="2026-04-10T00:00:00Z")
    assert where(found) == [at("PM404", text, "2026-03-30T10:00:30")]
    assert found[0].message.startswith(
        "gdpr-art33 notification sent 30 s late: sent 2026-03-30 10:00:30 CEST (2026-03-30 08:00:30 UTC), "
        "due 2026-03-30 10:00:00 CEST (2026-03-30 08:00:00 UTC) (72 h after aware_at)")
    # Minutes apart, the times stay to the minute.
    later = GDPR.replace("sent_at: 2026-03-30T11:30:00", "sent_at: 2026-03-30T10:01:30")
    found = check(later, ["PM404"], now="2026-04-10T00:00:00Z")
    assert "sent 1 min late: sent 2026-03-30 10:01 CEST" in found[0].message


@pytest.mark.parametrize(("users", "stage", "now", "said"), [
    (800, "hhs-annual", "2025-07-01T00:00:00Z",
     "no hipaa hhs recorded, and it was due 2025-06-30 23:59 CEST (2025-06-30 21:59 UTC) (60 calendar "
     "days after discovered_at), 2 h ago [45 CFR 164.408(b): 500 or more individuals, at the same time as "
     "the individual notice]; the notification recorded as hipaa hhs-annual (disclosure.notifications[1]) "
     "looks like it: hhs-annual applies to at most 499 people affected, and users_affected is 800"),
    (120, "hhs", "2026-03-02T00:00:00Z",
     "no hipaa hhs-annual recorded, and it was due 2026-03-01 23:59 CET (2026-03-01 22:59 UTC) (60 "
     "calendar days after the end of the calendar year of discovered_at), 1 h ago [45 CFR 164.408(c): "
     "fewer than 500 individuals, within 60 days after the end of the calendar year]; the notification "
     "recorded as hipaa hhs (disclosure.notifications[1]) looks like it: hhs applies to at least 500 "
     "people affected, and users_affected is 120"),
])
def test_a_report_recorded_under_the_stage_for_another_size_is_named(users: int, stage: str, now: str,
                                                                     said: str) -> None:
    """A breach of 800 with its HHS report recorded as hhs-annual (the stage for fewer than 500):
    PM403 said the hhs report was missing, and its hint did not point at the misnamed one."""
    text = pm(f"""
    impact:
      users_affected: {users}
    disclosure:
      regimes: [hipaa]
      discovered_at: 2025-05-01T10:00:00
      notifications:
        - {{audience: data-subjects, regime: hipaa, stage: individuals, sent_at: 2025-06-01T10:00:00}}
        - {{audience: regulator, regime: hipaa, stage: {stage}, sent_at: 2025-06-01T10:00:00}}
    """)
    found = check(text, ["PM4"], now=now)
    assert [(d.code, d.line, d.col, d.message) for d in found] == [("PM403", *loc(text, "hipaa]"), said)]
    expected = "hhs" if stage == "hhs-annual" else "hhs-annual"
    assert found[0].hint == (
        f"If disclosure.notifications[1] is the {expected} report, change its stage to {expected}; if not, "
        f"record the report in disclosure.notifications: {{audience: regulator, regime: hipaa, stage: "
        f"{expected}, sent_at: ...}}.")


@pytest.mark.parametrize(("regime", "anchor", "audience", "stage", "meant", "said"), [
    ("sec-8k", "materiality_determined_at", "investors", "8-k", "form-8k",
     "no sec-8k form-8k recorded, and it was due 2026-04-02 23:30 CEST (2026-04-02 17:30 EDT, 2026-04-02 "
     "21:30 UTC) (4 business days after materiality_determined_at), 7 days 2 h ago [Form 8-K Gen. Instr. "
     "B.1: within four business days after the registrant determines the incident is material]; the "
     "notification recorded as sec-8k '8-k' (disclosure.notifications[0]) looks like it: '8-k' is not a "
     "stage of sec-8k"),
    ("nis2", "aware_at", "regulator", "Early-Warning", "early-warning",
     "no nis2 early-warning recorded, and it was due 2026-03-28 09:00 CET (2026-03-28 08:00 UTC) (24 h "
     "after aware_at), 12 days 16 h ago [NIS2 Art. 23(4)(a): early warning within 24 hours of becoming "
     "aware]; the notification recorded as nis2 'Early-Warning' (disclosure.notifications[0]) looks like "
     "it: 'Early-Warning' is not a stage of nis2"),
])
def test_a_report_recorded_under_a_misspelt_stage_is_named(regime: str, anchor: str, audience: str,
                                                          stage: str, meant: str, said: str) -> None:
    """A Form 8-K recorded as 'stage: 8-k', an early warning as 'stage: Early-Warning': PM408
    says which stage was meant, while PM403 said no such report was recorded and asked for it
    to be recorded, a second one. It now names the notice, as it names one recorded under
    another stage, and says to correct its stage."""
    text = pm(f"""
    disclosure:
      regimes: [{regime}]
      {anchor}: 2026-03-27T09:00:00
      notifications:
        - {{audience: {audience}, regime: {regime}, stage: {stage}, sent_at: 2026-03-27T10:00:00}}
    """)
    found = [d for d in check(text, ["PM403", "PM408"], now="2026-04-10T00:00:00Z")
             if d.code == "PM408" or meant in d.message.split(",")[0]]
    line, col = loc(text, f"stage: {stage}")
    assert [(d.code, d.line, d.col) for d in found] == [
        ("PM403", *loc(text, f"{regime}]")), ("PM408", line, col + len("stage: "))]
    assert found[0].message == said
    shown_stage = f"stage: {meant}, " if regime == "nis2" else ""
    assert found[0].hint == (
        f"If disclosure.notifications[0] is the {meant} report, change its stage to {meant}; if not, record "
        f"the report in disclosure.notifications: {{audience: {audience}, regime: {regime}, {shown_stage}"
        "sent_at: ...}.")
    assert found[1].message.startswith(f"'{stage}' is not a stage of {regime} (did you mean '{meant}'?)")


def test_a_dora_limit_on_a_bank_holiday_says_where_it_fell() -> None:
    # Classified on Easter Monday, 6 April 2026, at 10:00 in Berlin: 4 h later is 14:00 that day,
    # a bank holiday in Germany, so the limit moves to noon of Tuesday (RTS Art. 5(4)); the
    # message says so, where it said only "4 h after classified_major_at" beside Tuesday noon.
    text = pm("""
disclosure:
  regimes: [dora]
  aware_at: 2026-04-06T09:00:00
  classified_major_at: 2026-04-06T10:00:00
""")
    found = check(text, ["PM403"], now="2026-04-10T00:00:00Z", config={"calendar": {"country": "DE"}})
    assert found[0].message.startswith(
        "no dora initial recorded, and it was due 2026-04-07 12:00 CEST (2026-04-07 10:00 UTC) (4 h after "
        "classified_major_at, and no later than 24 h after aware_at; that fell on 2026-04-06 14:00 CEST "
        "(2026-04-06 12:00 UTC), Easter Monday, a holiday, so it moves to noon of the next working day), ")
    # A limit on a working day moved nowhere: nothing is said.
    text = text.replace("2026-04-06T", "2026-04-08T")
    found = check(text, ["PM403"], now="2026-04-10T00:00:00Z", config={"calendar": {"country": "DE"}})
    assert "that fell on" not in found[0].message
