"""PM1xx timeline rules: good and bad fixtures, each flaw once at its line, settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import FIXTURES, GOOD_EXAMPLE, NOW, run, where
from pmkit.config import ConfigError
from pmkit.diagnostics import Severity
from pmkit.rules import registry
from pmkit.rules.timeline import fmt_duration, parse_settings

GOOD = sorted((FIXTURES / "timeline" / "good").glob("*.yaml"))
BAD = FIXTURES / "timeline" / "bad"


def check_file(path: Path, **kwargs: object) -> list:
    return run(path.read_text(encoding="utf-8"), path=path.name, **kwargs)  # type: ignore[arg-type]


def pm1(path: Path, **kwargs: object) -> list[tuple[str, int, int]]:
    return where(check_file(path, select=["PM1"], **kwargs))


# --- good: real postmortems and a synthetic one produce no PM1xx finding at all ----------------


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_fixtures_are_clean(path: Path) -> None:
    assert pm1(path) == []


def test_good_fixtures_include_real_postmortems() -> None:
    names = {p.stem for p in GOOD}
    assert {"2018-10-21-github-database-partition", "2021-06-08-fastly-global-outage"} <= names


def test_bundled_example_has_no_timeline_findings() -> None:
    assert pm1(GOOD_EXAMPLE) == []


# --- bad: each flaw once, at its line ----------------------------------------------------------

EXPECTED: dict[str, list[tuple[str, int, int]]] = {
    "no-timeline": [("PM101", 2, 1)],
    "empty-timeline": [("PM101", 8, 1)],
    "missing-acknowledged": [("PM102", 8, 1)],
    "duplicate-milestone": [("PM103", 14, 43)],
    "acknowledged-before-detected": [("PM104", 11, 10)],
    "detected-hour-typo": [("PM104", 10, 10)],
    "resolved-before-mitigated": [("PM104", 15, 10)],
    "entries-swapped": [("PM105", 13, 10)],
    "newest-first": [("PM105", 8, 1)],
    "offset-typo": [("PM105", 12, 10)],
    "bare-date": [("PM106", 13, 10)],
    "future-time": [("PM107", 13, 10)],
    "far-from-incident": [("PM108", 13, 10)],
    "missing-actor": [("PM109", 12, 5)],
    "missing-event": [("PM110", 12, 5)],
    "missing-evidence": [("PM111", 12, 5)],
    "no-evidence-at-all": [("PM111", 8, 1)],
    "gap-sev1": [("PM112", 13, 10)],
    "too-few-entries": [("PM113", 8, 1)],
    "offset-ambiguous": [("PM114", 16, 10)],
    "fall-back-night": [("PM115", 15, 10)],
    "impact-came-back": [("PM116", 15, 66)],
}


def test_every_bad_fixture_has_an_expectation() -> None:
    assert {p.stem for p in BAD.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture(name: str) -> None:
    assert pm1(BAD / f"{name}.yaml") == EXPECTED[name]


def test_every_pm1_rule_has_a_bad_fixture() -> None:
    codes = {r.code for r in registry() if r.code.startswith("PM1")}
    assert codes == {c for found in EXPECTED.values() for c, _, _ in found}


# --- messages say what, where and how ---------------------------------------------------------


def _one(name: str, **kwargs: object):  # type: ignore[no-untyped-def]
    found = check_file(BAD / f"{name}.yaml", select=["PM1"], **kwargs)
    assert len(found) == 1
    return found[0]


def test_gap_message_names_start_and_end() -> None:
    diag = _one("gap-sev1")
    assert "2 h 05 min" in diag.message
    assert "from 2026-03-02 10:15 UTC to 2026-03-02 12:20 UTC" in diag.message
    assert "10:15" in diag.hint and "12:20" in diag.hint
    assert diag.severity is Severity.WARNING
    assert dict(diag.data)["gap_start"] == "2026-03-02T10:15:00+00:00"


def test_missing_milestone_message_says_what_to_add_and_where() -> None:
    diag = _one("missing-acknowledged")
    assert "'acknowledged'" in diag.message and "SEV2" in diag.message
    assert "milestone: acknowledged" in diag.hint
    assert "; it falls after 'detected' (2026-03-02 10:04 UTC)" in diag.hint
    # No upper bound: a page may be taken after an automated mitigation (PM104 allows it).
    assert "before" not in diag.hint


def test_milestone_order_blames_the_one_wrong_time() -> None:
    diag = _one("detected-hour-typo")
    assert diag.message.startswith("'detected' at 2026-03-02 11:04 UTC is after 'acknowledged'")
    assert "(line 11)" in diag.message and "(line 14)" in diag.message


def test_out_of_order_names_the_other_entry() -> None:
    diag = _one("entries-swapped")
    assert "10:20 UTC is listed after the entry at 2026-03-02 10:35 UTC (line 12)" in diag.message


def test_offset_typo_is_explained_in_the_order_finding() -> None:
    diag = _one("offset-typo")
    assert "(08:20 UTC)" in diag.message
    assert "written as 2026-03-02 10:20 UTC it would be in order" in diag.hint


def test_offset_typo_is_reported_by_pm114_when_pm105_is_off() -> None:
    found = check_file(BAD / "offset-typo.yaml", select=["PM114"])
    assert where(found) == [("PM114", 12, 10)]
    assert found[0].severity is Severity.INFO


def test_milestone_order_flaw_goes_to_pm105_when_pm104_is_off() -> None:
    assert pm1(BAD / "acknowledged-before-detected.yaml", config={"ignore": ["PM104"]}) == [
        ("PM105", 11, 10)]


def test_future_entry_is_not_also_out_of_order_or_far() -> None:
    diag = _one("future-time")
    assert diag.severity is Severity.ERROR
    assert "is in the future" in diag.message


# --- rule behaviour on inline variants ---------------------------------------------------------

BASE = (FIXTURES / "timeline" / "good" / "2026-03-02-api-latency.yaml").read_text(encoding="utf-8")


def variant(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_hour_only_time_is_a_schema_error_not_a_timeline_finding() -> None:
    text = variant("2026-03-02T10:20:00Z", "2026-03-02T10Z")
    assert [c for c, _, _ in where(run(text, select=["PM0", "PM1"]))] == ["PM015"]


def test_bare_date_outside_the_incident_is_background() -> None:
    text = variant("severity: SEV2\n", "severity: SEV2\ntimezone: UTC\n")
    text = variant(
        "timeline:\n",
        "timeline:\n  - {at: 2026-02-10, actor: release train, event: Shipped the cache "
        'client with the flush bug., evidence: ["https://git.example.com/r/1"]}\n',
        text,
    )
    assert where(run(text, select=["PM1"])) == []


def test_deliberate_other_offset_is_not_flagged() -> None:
    # 12:35+02:00 is 10:35 UTC, in order; read as 12:35 UTC it would not fit: deliberate.
    text = variant("2026-03-02T10:35:00Z", "2026-03-02T12:35:00+02:00")
    assert where(run(text, select=["PM1"])) == []


def test_timeline_in_one_local_offset_is_fine() -> None:
    text = BASE.replace(":00Z,", ":00+01:00,")
    assert where(run(text, select=["PM1"])) == []


def test_far_after_the_incident() -> None:
    text = BASE.rstrip("\n") + (
        '\n  - {at: 2026-06-01T09:00:00Z, actor: API team, event: Shipped cache warming., '
        'evidence: ["https://git.example.com/r/2"]}\n')
    found = run(text, select=["PM1"])
    assert where(found) == [("PM108", 16, 10)]
    assert "after its last milestone" in found[0].message


def test_entries_after_mitigation_may_be_sparse() -> None:
    # 40 minutes between mitigated and resolved, then a follow-up 5 hours later: no gap finding.
    text = BASE.rstrip("\n") + (
        '\n  - {at: 2026-03-02T16:30:00Z, actor: API team, event: Deployed the flush guard., '
        'evidence: ["https://git.example.com/r/3"]}\n')
    assert where(run(text, select=["PM1"])) == []


def test_gap_before_detection_is_not_measured() -> None:
    text = variant("2026-03-02T10:00:00Z", "2026-03-02T06:00:00Z")  # impact 4 h before detection
    assert where(run(text, select=["PM1"])) == []


def test_gap_scales_with_a_long_unmitigated_period() -> None:
    # GitHub: 6 h 10 min of restores (00:41-06:51) within 17 h 30 min from detection to
    # mitigation is below 60% of it; one silence of 11 hours is not.
    text = (FIXTURES / "timeline" / "good" / "2018-10-21-github-database-partition.yaml").read_text(
        encoding="utf-8")
    assert where(run(text, select=["PM112"])) == []
    start = text.index("  - at: 2018-10-22T06:51:00Z")
    end = text.index("  - at: 2018-10-22T13:15:00Z")
    thinned = text[:start] + text[end:]
    found = run(thinned, select=["PM112"])
    assert [d.code for d in found] == ["PM112"]
    assert "from 2018-10-22 00:41 UTC to 2018-10-22 13:15 UTC" in found[0].message


def test_missing_actor_everywhere_is_one_finding() -> None:
    text = re.sub(r"actor: [^,]+, ", "", BASE)
    found = run(text, select=["PM109"])
    assert where(found) == [("PM109", 8, 1)]
    assert "none of the 7 timeline entries has an actor" in found[0].message


def test_blank_event_counts_as_missing() -> None:
    """At the value written, as an event that says 'n/a' is (it was at the entry)."""
    text = variant("event: Rate-limited the batch clients.", 'event: "  "')
    assert where(run(text, select=["PM1"])) == [("PM110", 12, 68)]


def test_evidence_not_required_below_sev2_by_default() -> None:
    text = re.sub(r", evidence: \[[^\]]*\]", "", BASE).replace("SEV2", "SEV3")
    assert where(run(text, select=["PM1"])) == []


def test_lower_severity_needs_fewer_milestones() -> None:
    text = BASE.replace("SEV2", "SEV4").replace("milestone: acknowledged, ", "")
    text = text.replace("milestone: impact_started, ", "").replace("milestone: mitigated, ", "")
    assert where(run(text, select=["PM1"])) == []


def test_several_missing_milestones_one_finding_each() -> None:
    text = BASE.replace("milestone: acknowledged, ", "").replace("milestone: mitigated, ", "")
    found = run(text, select=["PM102"])
    assert where(found) == [("PM102", 8, 1), ("PM102", 8, 1)]
    assert sorted(d.message.split("'")[1] for d in found) == ["acknowledged", "mitigated"]


def test_detection_before_impact_is_allowed() -> None:
    text = variant("2026-03-02T10:04:00Z", "2026-03-02T09:58:00Z")  # early-warning alert
    text = variant(
        "  - {at: 2026-03-02T10:00:00Z", "  - {at: 2026-03-02T09:58:00Z, actor: x, event: y}\n"
        "  - {at: 2026-03-02T10:00:00Z", text)
    found = [d for d in run(text, select=["PM1"]) if d.code != "PM111"]
    assert [(d.code, d.line) for d in found] == [("PM105", 11)]  # only the list order is off


def test_mitigated_before_impact_is_flagged() -> None:
    text = variant("2026-03-02T10:00:00Z, milestone: impact_started",
                   "2026-03-02T10:55:00Z, milestone: impact_started")
    found = run(text, select=["PM104"])
    assert where(found) == [("PM104", 9, 10)]
    assert found[0].message.startswith("'impact_started' at 2026-03-02 10:55 UTC is after "
                                       "'mitigated' at 2026-03-02 10:50 UTC (line 14)")


# --- settings -----------------------------------------------------------------------------------


def test_settings_override_required_milestones() -> None:
    text = BASE.replace("milestone: acknowledged, ", "")
    cfg = {"timeline": {"required_milestones": {"SEV2": ["detected", "resolved"]}}}
    assert where(run(text, select=["PM1"], config=cfg)) == []


def test_settings_evidence_severities() -> None:
    text = re.sub(r", evidence: \[[^\]]*\]", "", BASE)
    assert where(run(text, select=["PM1"], config={"timeline": {"evidence_severities": []}})) == []


def test_settings_gap_limits() -> None:
    cfg = {"timeline": {"max_gap_minutes": {"SEV2": 10}, "max_gap_share": 0.2}}
    found = run(BASE, select=["PM112"], config=cfg)
    assert where(found) == [("PM112", 12, 10), ("PM112", 13, 10), ("PM112", 14, 10)]
    off = {"timeline": {"max_gap_minutes": {"SEV1": 0}}}
    assert run((BAD / "gap-sev1.yaml").read_text(encoding="utf-8"), select=["PM112"],
               config=off) == []


def test_settings_min_entries_and_days() -> None:
    cfg = {"timeline": {"min_entries": {"sev2": 8}, "max_days_before": 400}}
    text = variant("2026-03-02T10:35:00Z", "2025-03-02T10:35:00Z")
    assert [c for c, _, _ in where(run(text, select=["PM1"], config=cfg))] == ["PM113", "PM105"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"max_gap": 3}, "did you mean 'max_gap_share'"),
        ({"required_milestones": {"SEV1": ["detection"]}}, "'detection' is not a milestone"),
        ({"required_milestones": {"SEV9": []}}, "'SEV9' is not a severity"),
        ({"min_entries": {"SEV1": -1}}, "whole number"),
        ({"max_gap_share": 2}, "from 0 to 1"),
        ({"evidence_severities": "SEV1"}, "evidence_severities"),
    ],
)
def test_bad_settings_are_config_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_settings(table)


def test_bad_settings_fail_the_cli_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    (tmp_path / ".pmkit.toml").write_text("[timeline]\nmax_gap_minuts = 5\n", encoding="utf-8")
    target = tmp_path / "pm.yaml"
    target.write_text(BASE, encoding="utf-8")
    assert main(["check", str(target), "--now", NOW]) == 2
    assert "max_gap_minuts" in capsys.readouterr().err


# --- catalogue ----------------------------------------------------------------------------------


def test_rules_are_documented() -> None:
    rules = [r for r in registry() if r.code.startswith("PM1")]
    assert len(rules) >= 14
    for rule in rules:
        doc = rule.__doc__ or ""
        for section in ("What it catches:", "Why:", "Example", "Instead"):
            assert section in doc, (rule.code, section)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert 100 <= int(rule.code[2:]) <= 199


def test_fmt_duration() -> None:
    from datetime import timedelta

    assert fmt_duration(timedelta(minutes=45)) == "45 min"
    assert fmt_duration(timedelta(hours=6, minutes=10)) == "6 h 10 min"
    assert fmt_duration(timedelta(hours=2)) == "2 h"
    assert fmt_duration(timedelta(days=2, hours=3, minutes=5)) == "2 d 3 h"


# --- broken variants of the bundled (real) example: one finding, at the flaw's line ------------

EXAMPLE_MUTATIONS = {
    "acknowledged-before-detected": ("2018-10-21T23:02:00Z", "2018-10-21T22:50:00Z", "PM104", 42),
    "mitigated-hour-typo": ("2018-10-22T16:24:00Z", "2018-10-22T06:24:00Z", "PM105", 94),
    "resolved-day-typo": ("2018-10-22T23:03:00Z", "2018-10-21T23:03:00Z", "PM104", 103),
    "detected-day-typo": ("2018-10-21T22:54:00Z", "2018-10-22T22:54:00Z", "PM104", 37),
    "offset-typo": ("2018-10-21T23:13:00Z", "2018-10-21T23:13:00+02:00", "PM105", 60),
    "future-year": ("2018-10-22T07:46:00Z", "2028-10-22T07:46:00Z", "PM107", 82),
    "past-year": ("2018-10-22T07:46:00Z", "2017-10-22T07:46:00Z", "PM108", 82),
    "impact-started-year-typo": ("2018-10-21T22:52:00Z", "2017-10-21T22:52:00Z", "PM108", 29),
    "detected-year-typo": ("2018-10-21T22:54:00Z", "2017-10-21T22:54:00Z", "PM108", 37),
    "resolved-year-typo": ("2018-10-22T23:03:00Z", "2019-10-22T23:03:00Z", "PM108", 103),
    "no-actor": ("    actor: communications lead\n", "", "PM109", 82),
    "no-acknowledged": ("    milestone: acknowledged\n", "", "PM102", 28),
}


@pytest.mark.parametrize("name", sorted(EXAMPLE_MUTATIONS))
def test_broken_example_variant_is_reported_once(name: str) -> None:
    old, new, code, line = EXAMPLE_MUTATIONS[name]
    text = variant(old, new, GOOD_EXAMPLE.read_text(encoding="utf-8"))
    assert [(d.code, d.line) for d in run(text, select=["PM1"])] == [(code, line)]


def test_a_milestone_in_the_wrong_year_is_named_with_the_year_it_fits() -> None:
    text = variant("2018-10-21T22:52:00Z", "2017-10-21T22:52:00Z", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    [found] = run(text, select=["PM1"])
    assert found.message == ("'impact_started' at 2017-10-21 22:52 UTC is 365 d before the entries around "
                             "it; with the year 2018 it would fit between them")
    assert found.hint == ("Check the year: written as 2018-10-21 22:52 UTC it would fit between the "
                          "entries around it.")
    # The other entries are still measured against the incident, not against 2017.
    text = variant("2018-10-22T07:46:00Z", "2018-05-22T07:46:00Z", text)
    assert where(run(text, select=["PM108"])) == [("PM108", 29, 9), ("PM108", 82, 9)]


@pytest.mark.parametrize("impact", ["2018-06-21T22:52:00Z", "2017-06-21T22:52:00Z", "2017-10-25T22:52:00Z"])
def test_impact_that_began_long_before_detection_is_not_a_typo(impact: str) -> None:
    # Months before detection, or a year and months: no single slip of the year explains it.
    text = variant("2018-10-21T22:52:00Z", impact, GOOD_EXAMPLE.read_text(encoding="utf-8"))
    assert where(run(text, select=["PM104", "PM108"])) == []


def test_without_pm108_a_mistyped_milestone_is_still_out_of_order() -> None:
    text = variant("2018-10-21T22:54:00Z", "2017-10-21T22:54:00Z", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    assert [c for c, _, _ in where(run(text, select=["PM1"], config={"ignore": ["PM108"]}))] == ["PM105"]


def test_example_without_its_restore_phase_has_one_gap() -> None:
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    start = text.index("  - at: 2018-10-22T00:41:00Z")
    cut = text[:start] + text[text.index("  - at: 2018-10-22T16:24:00Z"):]
    found = run(cut, select=["PM1"])
    assert where(found) == [("PM112", 74, 9)]
    assert "16 h 19 min, from 2018-10-22 00:05 UTC to 2018-10-22 16:24 UTC" in found[0].message


def test_misspelt_milestone_is_reported_once_by_the_schema() -> None:
    text = variant("milestone: acknowledged,", "milestone: acknowledge,")
    assert [c for c, _, _ in where(run(text, select=["PM0", "PM1"]))] == ["PM013"]


def test_invalid_field_is_not_also_missing() -> None:
    text = variant("actor: incident commander, event: Decided", "actor: 42, event: Decided")
    text = variant('evidence: ["https://chat.example.com/inc-88/14"]',
                   "evidence: https://chat.example.com/inc-88/14", text)
    assert [c for c, _, _ in where(run(text, select=["PM0", "PM1"]))] == ["PM012", "PM012"]


def test_a_timeline_whose_entries_the_schema_rejected_is_not_also_empty() -> None:
    text = ("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\ntimeline:\n"
            "  - {at: yesterday, event: Paged.}\n  - {at: 2026-03-02T14:05, event: Rolled back.}\n")
    assert where(run(text, select=["PM0", "PM1"])) == [("PM015", 8, 10), ("PM014", 9, 10)]


_BERLIN_HEAD = ("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
                "timezone: Europe/Berlin\ntimeline:\n")


@pytest.mark.parametrize("entries, found", [
    # 26 October 2025 has 25 hours in Berlin: a bare date that day covers 23:20 (PM106), not
    # a time before it (PM105).
    (["{at: 2025-10-26T23:20:00, milestone: impact_started}", "{at: 2025-10-26, event: Rolled back.}",
      "{at: 2025-10-26T23:30:00, milestone: detected}", "{at: 2025-10-26T23:50:00, milestone: resolved}"],
     [("PM106", 10, 10)]),
    # 29 March 2026 has 23 hours: a bare date that day ends before 00:20 on the 30th.
    (["{at: 2026-03-29, event: Release 4.2 shipped.}", "{at: 2026-03-30T00:20:00, milestone: impact_started}",
      "{at: 2026-03-30T00:30:00, milestone: detected}", "{at: 2026-03-30T00:50:00, milestone: resolved}"],
     []),
])
def test_a_bare_dates_day_has_its_own_length(entries: list[str], found: list[tuple[str, int, int]]) -> None:
    text = _BERLIN_HEAD + "".join(f"  - {entry}\n" for entry in entries)
    assert where(run(text, select=["PM105", "PM106"], now="2026-06-01T00:00:00Z")) == found


def test_an_entry_with_an_invalid_time_is_not_called_missing() -> None:
    """The schema reports the time (PM015) and drops the entry; PM102 and PM113 must not then
    say its milestone is missing or count it out."""
    text = _BERLIN_HEAD + (
        "  - {at: 2026-03-29T01:50:00, milestone: impact_started, actor: batch, event: Jobs failed.}\n"
        "  - {at: 2026-03-29T02:30:00, milestone: detected, actor: monitoring, event: Alert fired.}\n"
        "  - {at: 2026-03-29T03:40:00, actor: on-call engineer, event: Reran the failed jobs.}\n"
        "  - {at: 2026-03-29T04:00:00, milestone: resolved, actor: on-call engineer, event: All done.}\n")
    found = run(text, select=["PM0", "PM102", "PM113"], now="2026-06-01T00:00:00Z")  # SEV3: 4 entries
    assert [(d.code, d.line) for d in found] == [("PM015", 10)]


def test_the_declared_zones_own_offset_change_is_no_slip() -> None:
    """Across the night the clocks go back, Berlin's entries change from +02:00 to +01:00."""
    entries = ["{at: 2025-10-26T01:30:00+02:00, milestone: impact_started}",
               "{at: 2025-10-26T01:50:00+02:00, milestone: detected}",
               "{at: 2025-10-26T02:05:00+02:00, event: Scaled the consumers.}",
               "{at: 2025-10-26T02:25:00+02:00, event: Halfway.}",
               "{at: 2025-10-26T03:10:00+01:00, milestone: mitigated}",
               "{at: 2025-10-26T03:30:00+01:00, milestone: resolved}"]
    text = _BERLIN_HEAD + "".join(f"  - {entry}\n" for entry in entries)
    assert run(text, select=["PM114"], now="2025-11-01T00:00:00Z") == []
    utc_declared = text.replace("timezone: Europe/Berlin", "timezone: UTC")
    assert [d.code for d in run(utc_declared, select=["PM114"], now="2025-11-01T00:00:00Z")] == ["PM114"]


def _berlin_milestones(*times: str) -> str:
    names = ("impact_started", "detected", "acknowledged", "mitigated")
    return _BERLIN_HEAD + "".join(f"  - {{at: {at}, milestone: {name}, actor: ops, event: Paged.}}\n"
                                  for at, name in zip(times, names, strict=True))


def test_a_mistyped_year_is_read_in_the_documents_zone() -> None:
    # 2023-03-28 is summer time in Berlin (+02:00), 2024-03-28 is not yet (+01:00): the same wall
    # time in 2024 fits, with its own offset.
    text = _berlin_milestones("2024-03-28T09:30:00", "2023-03-28T09:45:00", "2024-03-28T10:20:00",
                              "2024-03-28T11:00:00")
    [found] = run(text, select=["PM108"])
    assert (found.line, found.hint) == (
        10, "Check the year: written as 2024-03-28 09:45 +01:00 it would fit between the entries around it.")
    # 02:30 on 31 March 2024 never happened in Berlin: no such time is suggested.
    text = _berlin_milestones("2024-03-31T01:30:00", "2023-03-31T02:30:00", "2024-03-31T03:30:00",
                              "2024-03-31T04:00:00")
    assert [(d.code, d.line) for d in run(text, select=["PM1"]) if d.code != "PM102"] == [("PM105", 10)]


# --- PM115: a time without an offset that happened twice ---------------------------------------


def test_an_ambiguous_time_says_both_readings_and_which_fits() -> None:
    diag = _one("fall-back-night")
    assert diag.message == (
        "2026-10-25 02:10 happened twice in Europe/Berlin (the clocks went back): read as the first, "
        "2026-10-25 02:10 +02:00, not the second, 2026-10-25 02:10 +01:00; only the second fits between "
        "the entries around it")
    assert diag.hint == ("Write the offset: 2026-10-25T02:10+02:00 for the first, 2026-10-25T02:10+01:00 "
                         "for the second.")
    # Left to PM115, the entry is out of order as read: PM105 says so only without PM115
    found = check_file(BAD / "fall-back-night.yaml", select=["PM101", "PM102", "PM103", "PM104", "PM105",
                                                               "PM106", "PM107", "PM108", "PM112", "PM114"])
    assert where(found) == [("PM105", 15, 10)]


@pytest.mark.parametrize(("at", "zone"), [
    ("2026-10-25T02:10:00+01:00", "Europe/Berlin"),  # the offset says which
    ("2026-10-25T01:59:00", "Europe/Berlin"),  # before the repeated hour
    ("2026-10-25T03:00:00", "Europe/Berlin"),  # after it
    ("2026-03-29T01:30:00", "Europe/Berlin"),  # the spring-forward night has no repeated hour
    ("2026-11-01T01:30:00", "UTC"),
    ("2026-10-25", "Europe/Berlin"),  # a bare date has no time to be ambiguous about
])
def test_a_time_that_happened_once_is_not_ambiguous(at: str, zone: str) -> None:
    text = (f"pmkit: 1\nid: x-1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV4\ntimezone: {zone}\n"
            f"timeline:\n  - {{at: {at}, milestone: detected, actor: monitoring, event: Alert.}}\n")
    assert [d for d in run(text, select=["PM115"]) if d.code == "PM115"] == []


def test_the_us_night_the_clocks_go_back_is_ambiguous_too() -> None:
    text = ("pmkit: 1\nid: x-1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV4\n"
            "timezone: America/New_York\ntimeline:\n"
            "  - {at: 2026-11-01T01:30:00, milestone: detected, actor: monitoring, event: Alert.}\n")
    [diag] = run(text, select=["PM115"])
    assert (diag.code, diag.line, diag.col) == ("PM115", 9, 10)
    assert "read as the first, 2026-11-01 01:30 -04:00, not the second, 2026-11-01 01:30 -05:00" in (
        diag.message)


def _mitigated_at(moment: str) -> str:
    """The bundled example with 'mitigated' at ``moment`` and directly followed by 'resolved'."""
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    start = text.index("  - at: 2018-10-22T16:45:00Z")
    text = text[:start] + text[text.index("  - at: 2018-10-22T23:03:00Z"):]
    return variant("2018-10-22T16:24:00Z", moment, text)


@pytest.mark.parametrize(("moment", "now", "found"), [
    # 'mitigated' typed a year late: PM108 names it; 'resolved', which is right, is not blamed
    # for preceding it (PM104).
    ("2019-10-22T16:24:00Z", NOW, [("PM108", 94)]),
    # In the future, by a year or by a month: PM107 names it, once.
    ("2027-10-22T16:24:00Z", "2026-11-25T12:00:00Z", [("PM107", 94)]),
    ("2018-12-22T16:24:00Z", "2018-11-01T00:00:00Z", [("PM107", 94)]),
])
def test_a_mistyped_or_future_milestone_is_the_one_finding(moment: str, now: str,
                                                           found: list[tuple[str, int]]) -> None:
    assert [(d.code, d.line) for d in run(_mitigated_at(moment), select=["PM1"], now=now)] == found


def test_a_future_milestone_with_a_mistyped_year_gets_the_year_in_its_hint() -> None:
    text = _mitigated_at("2027-10-22T16:24:00Z")
    [found] = run(text, select=["PM1"], now="2026-11-25T12:00:00Z")
    assert found.message == "2027-10-22 16:24 UTC is in the future (now is 2026-11-25 12:00 UTC)"
    assert found.hint == ("Check the year: written as 2018-10-22 16:24 UTC it would fit between the "
                          "entries around it.")
    # Without PM107, PM108 says it.
    assert [d.code for d in run(text, select=["PM108"], now="2026-11-25T12:00:00Z")] == ["PM108"]


def _berlin_incident(resolved: str) -> str:
    entries = ["{at: 2026-03-02T10:00:00, milestone: impact_started}",
               "{at: 2026-03-02T10:05:00, milestone: detected}",
               "{at: 2026-03-02T11:00:00, milestone: mitigated}",
               f"{{at: {resolved}, milestone: resolved}}"]
    return _BERLIN_HEAD + "".join(f"  - {entry}\n" for entry in entries)


def test_a_milestone_dated_the_day_it_happened_contradicts_no_other() -> None:
    # 'resolved: 2026-03-02' may be any time that day: only PM106 asks for the time.
    assert where(run(_berlin_incident("2026-03-02"), select=["PM104", "PM106"])) == [("PM106", 12, 10)]
    # The day before the impact began contradicts it, and the message shows the day as written.
    found = run(_berlin_incident("2026-03-01"), select=["PM104"])
    assert where(found) == [("PM104", 12, 10)]
    assert found[0].message.startswith("'resolved' at 2026-03-01 is before 'impact_started' at "
                                       "2026-03-02 10:00 +01:00 (line 9)")


@pytest.mark.parametrize(("quiet_from", "found"), [
    ("10:40:00", []),                 # 60 min: at the limit
    ("10:39:30", []),                 # 60 min 30 s: still "1 h", not over a limit of 1 h
    ("10:39:00", [("PM112", 12, 10)]),  # 61 min
])
def test_a_gap_is_measured_in_whole_minutes(quiet_from: str, found: list[tuple[str, int, int]]) -> None:
    # SEV1, 100 minutes from detection to mitigation: the limit is 60 minutes either way.
    times = [("09:50:00", "impact_started"), ("10:00:00", "detected"), ("10:05:00", "acknowledged"),
             (quiet_from, None), ("11:40:00", "mitigated"), ("12:00:00", "resolved")]
    text = ("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV1\ntimeline:\n" + "".join(
        f"  - {{at: 2026-03-02T{at}Z, {f'milestone: {name}, ' if name else ''}event: e}}\n"
        for at, name in times))
    diags = run(text, select=["PM112"])
    assert where(diags) == found
    if found:
        assert diags[0].message.startswith("no timeline entry for 1 h 01 min, from 2026-03-02 10:39 UTC")


@pytest.mark.parametrize(("background", "found"), [
    # A bare date is its whole day: after a time on that day it is in order...
    (["2026-02-10T09:00:00", "2026-02-10"], []),
    (["2026-02-10", "2026-02-10T09:00:00"], []),
    # ...and out of order when its whole day is.
    (["2026-02-10T09:00:00", "2026-02-09"], [("PM105", 10, 10)]),
    (["2026-02-12", "2026-02-10"], [("PM105", 10, 10)]),
])
def test_a_bare_date_in_the_background_is_in_order_on_its_day(background: list[str],
                                                              found: list[tuple[str, int, int]]) -> None:
    text = _BERLIN_HEAD + "".join(f"  - {{at: {at}, actor: release train, event: Shipped.}}\n"
                                  for at in background) + (
        "  - {at: 2026-03-02T10:00:00, milestone: impact_started}\n"
        "  - {at: 2026-03-02T10:05:00, milestone: detected}\n"
        "  - {at: 2026-03-02T10:30:00, milestone: resolved}\n")
    diags = run(text, select=["PM105", "PM106"])
    assert where(diags) == found
    if found:
        assert diags[0].message.startswith(f"the entry at {background[1]} is listed after the entry at "
                                           f"{background[0].replace('T', ' ')[:16]}")


def test_an_ambiguous_time_in_a_zone_whose_winter_offset_is_utc_gets_a_hint_to_copy() -> None:
    text = ("pmkit: 1\nid: x-1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV4\n"
            "timezone: Europe/London\ntimeline:\n"
            "  - {at: 2026-10-25T01:30:00, milestone: detected, actor: monitoring, event: Alert.}\n")
    [diag] = run(text, select=["PM115"])
    assert diag.hint == ("Write the offset: 2026-10-25T01:30+01:00 for the first, 2026-10-25T01:30+00:00 "
                         "for the second.")


ORDER = """\
pmkit: 1
id: 2026-03-20-order
title: Queue stalled
status: draft
lang: en
severity: SEV3
timezone: Europe/Berlin
timeline:
  - {at: 2026-03-20T09:00:00, milestone: impact_started, event: Consumers stalled.}
  - {at: 2026-03-20T09:20:00, milestone: detected, event: The lag alert fired.}
  - {at: 2026-03-20T09:10:00, event: A customer reported late messages.}
  - {at: 2026-03-20T09:30:00, milestone: mitigated, event: Consumers restarted.}
  - {at: 2026-03-20T10:00:00, milestone: resolved, event: Backlog drained.}
"""


def test_an_entry_out_of_order_is_told_where_it_belongs_and_which_times_fit() -> None:
    found = run(ORDER, select=["PM105"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM105", 11, 10)]
    assert found[0].message == ("the entry at 2026-03-20 09:10 +01:00 is listed after the entry at "
                                "2026-03-20 09:20 +01:00 (line 10): the timeline is out of order")
    assert found[0].hint == (
        "By its time it belongs between line 9 (2026-03-20 09:00 +01:00) and line 10 (2026-03-20 09:20 "
        "+01:00): move it there; or, if it is listed in the right place, correct its time to one between "
        "2026-03-20 09:20 +01:00 and 2026-03-20 09:30 +01:00.")
    # A day typed wrong: the time on its neighbours' day is proposed.
    typo = ORDER.replace("2026-03-20T09:10:00", "2026-03-21T09:25:00")
    found = run(typo, select=["PM105"], now="2026-05-01T00:00:00Z")
    assert where(found) == [("PM105", 11, 10)]
    assert found[0].hint.startswith("By its time it belongs after line 13 (2026-03-20 10:00 +01:00)")
    assert found[0].hint.endswith("; written 2026-03-20 09:25 +01:00 it would fit (a wrong day?).")


def test_a_future_milestone_typed_in_the_wrong_month_gets_the_month_that_fits() -> None:
    text = ORDER.replace("2026-03-20T09:10:00", "2026-03-20T09:25:00").replace(
        "2026-03-20T10:00:00, milestone: resolved", "2026-05-20T10:00:00, milestone: resolved")
    found = run(text, select=["PM1"], now="2026-04-01T00:00:00Z")
    future = [d for d in found if d.code == "PM107"]
    assert where(future) == [("PM107", 13, 10)]
    assert future[0].message == "2026-05-20 10:00 +02:00 is in the future (now is 2026-04-01 00:00 UTC)"
    assert future[0].hint == ("Check the month: written as 2026-03-20 10:00 +01:00 it would fit between "
                              "the entries around it.")
