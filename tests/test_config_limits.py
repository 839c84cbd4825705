"""Configuration values that would crash a rule are configuration errors, with the allowed range.

Every numeric setting is finite and inside a stated range (time spans up to ten years), lists
of strings hold strings, a calendar keeps working days, and a path has no NUL. A bad value
makes ``pmkit check`` and ``pmkit due`` exit 2 with ``pmkit: configuration error: <where>:
<what is allowed>``, never a PM903 or a traceback; values at the limits keep working.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import EXAMPLES, unplaced
from pmkit.calendar import MAX_SCAN, NoWorkingDay, WorkCalendar, compute_deadline
from pmkit.cli import main
from pmkit.config import (
    BUSINESS_DAYS,
    DAYS,
    HOURS,
    MAX_BUSINESS_DAYS,
    MAX_DAYS,
    MAX_HOURS,
    MAX_MINUTES,
    MAX_MONTHS,
    POSITIVE_HOURS,
    ConfigError,
    parse_config,
    shown,
)
from pmkit.policies import Deadline

NOW = "2026-01-01T00:00:00Z"

#: A team preset whose one stage takes the deadline under test.
ACME = """\
[policies.acme]
title = "ACME contract"
audience = "customers"
citation = "MSA 7.2"
[policies.acme.stages.notice]
anchor = "detected"
deadline = {deadline}
[disclosure]
policy = "acme"
"""

ALL_DAYS = '["Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]'


def _mondays(first: date, weeks: int) -> str:
    return ", ".join(f'"{(first + timedelta(weeks=i)).isoformat()}"' for i in range(weeks))


# (id, .pmkit.toml, fragments the message must contain). The fuzzer's findings first.
BAD = [
    ("pm412-inf", "[rules.PM412]\ntolerance_hours = inf\n",
     ["rules.PM412.tolerance_hours", "from 0 to 87840 (10 years)", "got inf"]),
    ("pm412-nan", "[rules.PM412]\ntolerance_hours = nan\n",
     ["rules.PM412.tolerance_hours", "from 0 to 87840", "got nan"]),
    ("pm405-list", '[rules.PM405]\naudiences = [["x"]]\n',
     ["rules.PM405.audiences must be a list of strings", "['x']"]),
    ("gap-huge", "[timeline]\nmax_gap_minutes = { SEV1 = 99999999999999 }\n",
     ["[timeline]: max_gap_minutes.SEV1", "whole number of minutes from 0 to 5270400 (10 years)"]),
    ("days-after-huge", "[timeline]\nmax_days_after = 9223372036854775808\n",
     ["[timeline]: max_days_after", "whole number of days from 0 to 3660 (10 years)"]),
    ("policy-days", "[policies.internal.stages.publish.deadline]\ndays = 99999999999\n",
     ["[policies.internal].stages.publish.deadline.days",
      "whole number of days from 0 to 3660 (10 years)", "got 99999999999"]),
    ("policy-business-days", "[policies.internal.stages.draft.deadline]\nbusiness_days = 999999999\n",
     ["[policies.internal].stages.draft.deadline.business_days",
      "whole number of business days from 0 to 2610 (10 years)"]),
    ("undue-delay-huge", ACME.format(deadline="{ undue_delay = true }") + "undue_delay_hours = 1e300\n",
     ["[disclosure]: undue_delay_hours", "at most 87840 (10 years)", "got 1e+300"]),
    ("weekend-all-days", f'[calendar]\nweekend = {ALL_DAYS}\n[disclosure]\npolicy = "internal"\n',
     ["[calendar]: weekend names all seven days", "at least one working day"]),
    ("lexicon-nul", '[prose]\nlexicon = "\\u0000"\n',
     ["[prose] lexicon", "contains a NUL character"]),
    # Of the same kinds, not tried by the fuzzer.
    ("pm412-negative", "[rules.PM412]\ndraft_tolerance_hours = -1\n",
     ["rules.PM412.draft_tolerance_hours", "from 0 to 87840", "got -1"]),
    ("pm412-bool", "[rules.PM412]\ntolerance_hours = true\n",
     ["rules.PM412.tolerance_hours: expected a number, got true"]),
    ("pm405-unknown-audience", '[rules.PM405]\naudiences = ["customer"]\n',
     ["rules.PM405.audiences: 'customer' is not one of regulator, customers"]),
    ("pm411-not-strings", "[rules.PM411]\nregimes = [1]\n",
     ["rules.PM411.regimes must be a list of strings, got the item 1"]),
    ("pm504-not-strings", '[rules.PM504]\nseverities = [["SEV1"]]\n',
     ["rules.PM504.severities must be a list of strings"]),
    ("pm714-huge", "[rules.PM714]\ngrace_days = 100000000000000000000\n",
     ["rules.PM714.grace_days", "whole number of days from 0 to 3660 (10 years)"]),
    ("pm714-negative", "[rules.PM714]\ngrace_days = -1\n",
     ["rules.PM714.grace_days", "from 0 to 3660", "got -1"]),
    ("pm203-huge", "[rules.PM203]\nmin_new_words = 1001\n",
     ["rules.PM203.min_new_words", "whole number of words from 0 to 1000"]),
    ("pm501-inf", "[rules.PM501]\nmin_flesch = inf\n",
     ["rules.PM501.min_flesch: expected a finite number, got inf"]),
    ("pm501-too-big-for-a-float", "[rules.PM501]\nmax_wiener = " + "9" * 400 + "\n",
     ["rules.PM501.max_wiener must be a number of school grades from 0 to 100", "(400 characters)"]),
    ("pm502-nan", "[rules.PM502]\nmax_words = nan\n",
     ["rules.PM502.max_words must be a whole number of words from 1 to 1000, got nan"]),
    ("min-entries-huge", "[timeline]\nmin_entries = { SEV2 = 1001 }\n",
     ["[timeline]: min_entries.SEV2", "whole number of entries from 0 to 1000"]),
    ("days-before-negative", "[timeline]\nmax_days_before = -1\n",
     ["[timeline]: max_days_before", "from 0 to 3660"]),
    ("gap-float", "[timeline]\nmax_gap_minutes = { SEV1 = 1e9 }\n",
     ["[timeline]: max_gap_minutes.SEV1 must be a whole number of minutes"]),
    ("undue-delay-nan", "[disclosure]\nundue_delay_hours = nan\n",
     ["[disclosure]: undue_delay_hours must be a positive number of hours", "got nan"]),
    ("undue-delay-inf", "[disclosure]\nundue_delay_hours = inf\n",
     ["[disclosure]: undue_delay_hours", "got inf"]),
    ("preset-undue-delay", "[policies.gdpr-art34]\nundue_delay_hours = 87841\n",
     ["[policies.gdpr-art34].undue_delay_hours",
      "more than 0 and at most 87840 (10 years)", "got 87841"]),
    ("deadline-hours-inf", ACME.format(deadline="{ hours = inf }"),
     ["[policies.acme].stages.notice.deadline.hours", "at most 87840", "got inf"]),
    ("deadline-hours-string", ACME.format(deadline='{ hours = "nan" }'),
     ["[policies.acme].stages.notice.deadline.hours", "valid number, got 'nan'"]),
    # A boolean or a quoted number is not converted: `days = true` was taken as 1 day.
    ("deadline-days-true", ACME.format(deadline="{ days = true }"),
     ["[policies.acme].stages.notice.deadline.days", "valid integer, got true"]),
    ("deadline-hours-quoted", ACME.format(deadline='{ hours = "72" }'),
     ["[policies.acme].stages.notice.deadline.hours", "valid number, got '72'"]),
    ("preset-late-reason-string", '[policies.gdpr-art33]\nlate_reason_allowed = "no"\n',
     ["[policies.gdpr-art33].late_reason_allowed", "valid boolean, got 'no'"]),
    ("deadline-months", ACME.format(deadline="{ months = 1000000000 }"),
     ["[policies.acme].stages.notice.deadline.months",
      "whole number of months from 1 to 120 (10 years)"]),
    ("deadline-cap-hours", ACME.format(
        deadline='{ hours = 4, not_later_than = { anchor = "detected", hours = 1e308 } }'),
     ["[policies.acme].stages.notice.deadline.not_later_than.hours", "at most 87840"]),
    ("deadline-by-severity", ACME.format(deadline="{ hours = 4 }\nby_severity = { SEV2 = { days = 3661 } }"),
     ["[policies.acme].stages.notice.by_severity.SEV2.days", "from 0 to 3660"]),
    ("holiday-far-future", '[calendar]\nextra_holidays = ["9999-12-31"]\n',
     ["[calendar]: extra_holidays: '9999-12-31' is outside the years 1900 to 2999"]),
    ("holidays-close-a-year", '[calendar]\nweekend = ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]\n'
     f"extra_holidays = [{_mondays(date(2025, 12, 29), 60)}]\n",
     ["[calendar]: extra_holidays leave no working day from 2025-12-23 to 2027-02-21"]),
    ("preset-calendar-weekend", f"[policies.sec-8k.calendar]\nweekend = {ALL_DAYS}\n",
     ["[policies.sec-8k.calendar]: weekend names all seven days"]),
    ("paths-nul", 'paths = ["post\\u0000mortems"]\n',
     ["paths: 'post\\x00mortems' is not a usable path: it contains a NUL character"]),
]

# Values at the limits, and ordinary ones: the run goes on as before.
GOOD = [
    ("pm412-limits", "[rules.PM412]\ntolerance_hours = 87840\ndraft_tolerance_hours = 0\n"),
    ("pm405-one-audience", '[rules.PM405]\naudiences = ["customers"]\n'),
    ("pm405-empty", "[rules.PM405]\naudiences = []\n"),
    ("pm714-limit", "[rules.PM714]\ngrace_days = 3660\n"),
    ("pm203-limits", "[rules.PM203]\nmin_new_words = 1000\n"),
    ("pm501-float-as-int", "[rules.PM501]\nmin_flesch = 30\n"),
    ("timeline-limits", "[timeline]\nmax_gap_minutes = { SEV1 = 5270400, SEV2 = 0 }\n"
     "max_days_before = 3660\nmax_days_after = 0\nmin_entries = { SEV1 = 1000, SEV5 = 0 }\n"),
    ("policy-day-limits", "[policies.internal.stages.publish.deadline]\ndays = 3660\n"
     "[policies.internal.stages.draft.deadline]\nbusiness_days = 2610\n"),
    ("policy-days-zero", "[policies.internal.stages.publish.deadline]\ndays = 0\n"
     "[policies.internal.stages.draft.deadline]\nbusiness_days = 0\n"),
    ("policy-months", ACME.format(deadline="{ months = 120 }")),
    ("policy-hours", ACME.format(deadline='{ hours = 87840, not_later_than = { anchor = "detected", '
                                          "hours = 87840 } }")),
    ("undue-delay-limit", ACME.format(deadline="{ undue_delay = true }") + "undue_delay_hours = 87840\n"),
    ("one-working-day", '[calendar]\nweekend = ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]\n'
     f"extra_holidays = [{_mondays(date(2025, 12, 29), 40)}]\n"
     "[disclosure]\npolicy = \"internal\"\n"
     "[policies.internal.stages.draft.deadline]\nbusiness_days = 2610\n"),
    ("no-weekend", "[calendar]\nweekend = []\n[disclosure]\npolicy = \"internal\"\n"),
]


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    shutil.copytree(EXAMPLES / "postmortems", folder)
    return folder


def _run(verb: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([verb, str(folder), "--now", NOW])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def default_exit_codes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """What check and due return on the examples without configuration."""
    folder = tmp_path_factory.mktemp("defaults") / "postmortems"
    shutil.copytree(EXAMPLES / "postmortems", folder)
    (folder.parent / ".pmkit.toml").write_text("", encoding="utf-8")
    return {verb: main([verb, str(folder), "--now", NOW]) for verb in ("check", "due")}


@pytest.mark.parametrize(("toml", "fragments"), [pytest.param(t, f, id=i) for i, t, f in BAD])
@pytest.mark.parametrize("verb", ["check", "due"])
def test_bad_value_is_a_configuration_error(
    verb: str, toml: str, fragments: list[str], examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = examples.parent / ".pmkit.toml"
    config.write_text(toml, encoding="utf-8")
    code, out, err = _run(verb, examples, capsys)
    assert code == 2
    assert unplaced(err).startswith(f"pmkit: configuration error: {config}: "), err
    for fragment in fragments:
        assert fragment in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "PM903" not in out


@pytest.mark.parametrize("toml", [pytest.param(t, id=i) for i, t in GOOD])
@pytest.mark.parametrize("verb", ["check", "due"])
def test_values_within_the_limits_work(
    verb: str, toml: str, examples: Path, capsys: pytest.CaptureFixture[str],
    default_exit_codes: dict[str, int],
) -> None:
    (examples.parent / ".pmkit.toml").write_text(toml, encoding="utf-8")
    code, out, err = _run(verb, examples, capsys)
    assert code == default_exit_codes[verb], err
    assert "PM903" not in out and "error" not in err


def test_default_exit_codes(default_exit_codes: dict[str, int]) -> None:
    # The flawed example has errors; due lists clocks and exits 0.
    assert default_exit_codes == {"check": 1, "due": 0}


def test_pyproject_tables_are_checked_the_same(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = examples.parent / "pyproject.toml"
    pyproject.write_text("[tool.pmkit.rules.PM412]\ntolerance_hours = inf\n"
                         "[tool.pmkit.timeline]\nmax_days_after = 30\n", encoding="utf-8")
    code, _, err = _run("check", examples, capsys)
    assert code == 2
    assert unplaced(err) == (f"pmkit: configuration error: {pyproject}: rules.PM412.tolerance_hours must be "
                             "a number "
                   "of hours from 0 to 87840 (10 years), got inf\n")


def test_limits_are_ten_years() -> None:
    assert (MAX_DAYS, MAX_HOURS, MAX_MINUTES, MAX_MONTHS, MAX_BUSINESS_DAYS) == (
        3660, 87840, 5270400, 120, 2610)
    assert HOURS.describe() == "a number of hours from 0 to 87840 (10 years)"
    assert POSITIVE_HOURS.describe() == "a number of hours more than 0 and at most 87840 (10 years)"
    assert DAYS.describe() == "a whole number of days from 0 to 3660 (10 years)"
    assert BUSINESS_DAYS.short() == "0 to 2610 business days, 10 years"
    for value in (float("inf"), float("-inf"), float("nan"), -0.5, MAX_HOURS + 1, 10**400):
        assert not HOURS.contains(value)
    assert HOURS.contains(0) and HOURS.contains(MAX_HOURS) and not POSITIVE_HOURS.contains(0)


def test_long_values_are_shortened_in_messages() -> None:
    assert shown(12) == "12"
    assert shown(10**100).endswith("0000000 (101 characters)") and len(shown(10**100)) < 70


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"rules": {"PM412": {"tolerance_hours": float("inf")}}}, "rules.PM412.tolerance_hours must be"),
        ({"timeline": {"max_gap_minutes": {"SEV3": -5}}}, "max_gap_minutes.SEV3 must be"),
        ({"policies": {"internal": {"stages": {"publish": {"deadline": {"days": 3661}}}}}},
         "deadline.days: must be a whole number of days from 0 to 3660"),
        ({"calendar": {"weekend": ["sat", "Sunday", "mon", "tue", "wed", "thu", "fri"]}},
         "weekend names all seven days"),
        ({"prose": {"lexicon": ["bad\x00.yaml", "ok.yaml"]}}, "contains a NUL character"),
    ],
)
def test_parse_config_raises(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(table, origin="pyproject.toml")
    assert message in str(info.value)


def test_limits_are_in_the_option_documentation() -> None:
    from pmkit.rules import registry

    page = registry().by_code["PM412"].doc()
    assert "tolerance_hours = 24.0: published_at may precede the published commit by this much " \
           "(0 to 87840 hours, 10 years)" in page
    assert "(any of: regulator, customers, data-subjects" in registry().by_code["PM405"].doc()


def test_a_calendar_without_working_days_is_a_configuration_error_at_run_time() -> None:
    # Validation keeps such calendars out; should one get through, the deadline arithmetic says
    # so as a configuration problem (exit 2 with the message), not an internal error.
    closed = WorkCalendar(weekend=frozenset(range(7)))
    with pytest.raises(ConfigError, match=f"no working day in the {MAX_SCAN} days after 2026-03-02"):
        closed.next_working_day(date(2026, 3, 2))
    with pytest.raises(NoWorkingDay):
        from datetime import datetime, timezone

        compute_deadline(datetime(2026, 3, 2, 9, tzinfo=timezone.utc), Deadline(business_days=3), closed)
    assert issubclass(NoWorkingDay, ValueError)


def test_team_lexicon_that_is_not_utf8(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (examples.parent / "team.yaml").write_bytes(b"\xff\xfe entries: []\n")
    (examples.parent / ".pmkit.toml").write_text('[prose]\nlexicon = "team.yaml"\n', encoding="utf-8")
    code, _, err = _run("check", examples, capsys)
    assert code == 2
    assert unplaced(err) == (f"pmkit: configuration error: {examples.parent / '.pmkit.toml'}: [prose] "
                   "lexicon: 'team.yaml' is UTF-16 encoded, not UTF-8 text; save it as UTF-8\n")


def test_a_team_lexicon_that_is_missing_names_the_settings_file_that_asks_for_it(
    examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found upward from a subfolder, the settings file is not the one the user has in mind:
    # the message says which file names the lexicon, and where the name is looked up from.
    settings = examples.parent / "pyproject.toml"
    settings.write_text('[tool.pmkit.prose]\nlexicon = ["team.yaml"]\n', encoding="utf-8")
    code, out, err = _run("check", examples, capsys)
    assert (code, out) == (2, "")
    assert unplaced(err) == (f"pmkit: configuration error: {settings}: [tool.pmkit.prose] lexicon: cannot "
                             "read 'team.yaml': No such file or directory\n")
    settings.write_text("[tool.pmkit.prose]\nlexicn = []\n", encoding="utf-8")
    code, out, err = _run("due", examples, capsys)
    assert (code, out) == (2, "")
    assert unplaced(err) == (f"pmkit: configuration error: {settings}: [tool.pmkit.prose]: unknown setting "
                             "'lexicn' (did you mean 'lexicon'?)\n")


def test_team_lexicon_patterns_are_always_compiled(
    examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `_anchors` (precomputed in the bundled snapshots) must not let a team's file skip validation:
    # it is no key of a team's file, and the patterns of one are compiled.
    entry = ("  - {id: en.team-x, lang: en, category: hindsight, pattern: '(unclosed', explanation: e, "
             "reframe: r}\n")
    (examples.parent / ".pmkit.toml").write_text('[prose]\nlexicon = "team.yaml"\n', encoding="utf-8")
    (examples.parent / "team.yaml").write_text("_anchors: {}\nentries:\n" + entry, encoding="utf-8")
    code, out, err = _run("check", examples, capsys)
    assert code == 2 and "PM903" not in out
    assert err.startswith("pmkit: configuration error: team.yaml: unknown key '_anchors' (keys: entries, ")
    (examples.parent / "team.yaml").write_text("entries:\n" + entry, encoding="utf-8")
    code, out, err = _run("check", examples, capsys)
    assert code == 2 and "PM903" not in out
    assert err.startswith("pmkit: configuration error: team.yaml: entries[0]: pattern is not a valid "
                          "regular expression")
