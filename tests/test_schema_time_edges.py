"""The JSON Schema and pmkit agree on odd values; durations and clocks count real time.

Each case here was a disagreement or a wrong number: a value the published schema accepted and
pmkit rejected (or the reverse), a duration measured on the wall clock across a DST change, or
a bare date read as midnight UTC by a clock that counts days in another zone.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pmkit
from helpers import run
from pmkit import model
from pmkit.clocks import evaluate
from pmkit.clocks import settings as clock_settings
from pmkit.config import parse_config
from pmkit.loader import parse_text
from pmkit.schema import validate_document

SCHEMA = Path(__file__).parent.parent / "schemas" / "postmortem.schema.json"
HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _schema_valid(text: str) -> bool:
    """The verdict of a JSON Schema validator on the YAML as check-jsonschema loads it
    (YAML 1.2, timestamps kept as the text written)."""
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class TextTimestamps(SafeConstructor):
        yaml_constructors: ClassVar[dict[Any, Any]] = dict(SafeConstructor.yaml_constructors)

    TextTimestamps.yaml_constructors["tag:yaml.org,2002:timestamp"] = (
        SafeConstructor.yaml_constructors["tag:yaml.org,2002:str"]
    )
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = TextTimestamps
    data = yaml.load(text)
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return bool(validator.is_valid(data))


def _pmkit_valid(text: str) -> bool:
    doc = parse_text(text)
    model_, diagnostics = validate_document(doc)
    return not doc.diagnostics and not diagnostics and model_ is not None


def _agree(text: str) -> bool:
    verdict = _pmkit_valid(text)
    assert _schema_valid(text) == verdict, text
    return verdict


# --- agreement of the schema and the model -------------------------------------------------


def test_null_timezone_declares_no_zone_for_the_schema_either() -> None:
    text = HEAD + "timezone: ~\ntimeline:\n  - at: 2018-10-21T22:52:00\n"
    assert _agree(text) is False
    assert _agree(HEAD + "timezone: UTC\ntimeline:\n  - at: 2018-10-21T22:52:00\n") is True


def test_format_version_true_is_not_version_1() -> None:
    text = HEAD.replace("pmkit: 1", "pmkit: true")
    assert _agree(text) is False
    found = run(text, select=["PM0"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM017", 1, 8)]


@pytest.mark.parametrize(("moment", "valid"), [
    ("2018-10-21T24:00:00Z", False),
    ("2018-10-21T23:59:60Z", False),
    ("2018-10-21T22:60:00Z", False),
    ("2018-13-21T22:52:00Z", False),
    ("2018-04-31T10:00:00Z", False),
    ("2019-02-29T10:00:00Z", False),
    ("2020-02-29T10:00:00Z", True),
    ("2000-02-29", True),
    ("1900-02-29", False),
    ("2100-02-29", False),
    ("2400-02-29T00:00Z", True),
    ("2018-10-21T22:52:00+24:00", False),
    ("2018-10-21T22:52:00+05:60", False),
    ("2018-10-21T22:52:00+05:45", True),
    ("2018-10-21T22:52:00+0545", True),
    ("2018-10-21T22:52:00+14:00", True),
    ("2018-10-21T22:52:00-12:00", True),
    ("2018-10-21T22:52:00.123456789Z", True),
    ("2018-10-21 2:52 +02", True),
    ("2018-10-21T22:52 Z", True),
    ("2018-10-21T22:52\\tZ", False),
    (" 2018-10-21T22:52:00Z", True),
    ("2018-10-21T22:52:00Z\\n", True),
    ("2018-10-\\u0662\\u0661T22:52:00Z", False),
])
def test_schema_and_pmkit_agree_on_timestamps(moment: str, valid: bool) -> None:
    assert _agree(HEAD + f'timeline:\n  - at: "{moment}"\n') is valid


@pytest.mark.parametrize(("day", "valid"), [
    ("2018-02-30", False), ("2020-02-29", True), ("2018-11-31", False), (" 2018-11-30", True),
    ("2018-11-30T10:00:00Z", False),
])
def test_schema_and_pmkit_agree_on_dates(day: str, valid: bool) -> None:
    assert _agree(HEAD + f'action_items:\n  - id: a\n    due: "{day}"\n') is valid


@pytest.mark.parametrize(("number", "valid"), [
    ("12000", True), ("12000.0", True), ("1.2e4", True), ("1_000", True), ("0x10", True),
    ("1.5", False), ("-1.0", False), ("true", False), ("'12000'", False), (".inf", False),
])
def test_schema_and_pmkit_agree_on_counts(number: str, valid: bool) -> None:
    assert _agree(HEAD + f"impact:\n  users_affected: {number}\n") is valid


def test_a_whole_float_count_is_the_whole_number() -> None:
    pm = pmkit.loads(HEAD + "impact:\n  users_affected: 12000.0\n")
    assert pm.impact is not None and pm.impact.users_affected == 12000
    assert type(pm.impact.users_affected) is int


@pytest.mark.parametrize("ident", ['"x\\n"', '"x\\n\\n"', '"-x"', '"x y"'])
def test_ids_with_a_final_line_break_are_invalid_for_both(ident: str) -> None:
    assert _agree(HEAD.replace("id: x", f"id: {ident}")) is False
    assert _agree(HEAD + f"decisions:\n  - id: {ident}\n") is False


_LOOSE = (r"\A\s?[12][0-9]{3}-[0-3][0-9]-[0-3][0-9]"
          r"([Tt ][0-2]?[0-9]:[0-6][0-9](:[0-6][0-9](\.[0-9]{1,8})?)?"
          r"\s?([Zz]|[+-][0-2][0-9](:?[0-6][0-9])?)?)?\s?\Z")


class _Utc:
    context: ClassVar[dict[str, Any]] = {"tzinfo": timezone.utc}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_regex(_LOOSE))
@example("2000-01-10T0:00:00.0 Z")  # a space before the zone once took the separator's place
@example("2000-01-10t00:00:00.5 +01:00")
def test_timestamp_pattern_says_what_the_parser_accepts(text: str) -> None:
    from pydantic_core import PydanticCustomError

    try:
        model.parse_timestamp(text, _Utc())  # type: ignore[arg-type]
        parsed = True
    except PydanticCustomError:
        parsed = False
    assert (re.search(model.TIMESTAMP_PATTERN, text) is not None) == parsed


# --- durations in real time -------------------------------------------------------------------


def _timeline(zone: str, *entries: tuple[str, str]) -> str:
    lines = [f"  - {{at: {at}, milestone: {milestone}, actor: a, event: e}}" for at, milestone in entries]
    return HEAD + f"timezone: {zone}\ntimeline:\n" + "\n".join(lines) + "\n"


def test_durations_across_the_autumn_change_count_real_time() -> None:
    # 01:30 CEST (23:30 UTC) to 04:30 CET (03:30 UTC): four hours, not the wall clock's three.
    pm = pmkit.loads(_timeline("Europe/Berlin", ("2026-10-25T01:30:00", "impact_started"),
                               ("2026-10-25T01:35:00", "detected"), ("2026-10-25T04:30:00", "resolved")))
    found = pmkit.metrics(pm)
    assert found.time_to_resolve == timedelta(hours=4)
    assert found.to_dict()["impact_duration"] == 4 * 3600


def test_durations_across_the_spring_change_count_real_time() -> None:
    # 01:30 CET (00:30 UTC) to 03:30 CEST (01:30 UTC): one hour, not two.
    pm = pmkit.loads(_timeline("Europe/Berlin", ("2026-03-29T01:30:00", "impact_started"),
                               ("2026-03-29T03:30:00", "resolved")))
    assert pmkit.metrics(pm).time_to_resolve == timedelta(hours=1)


def test_naive_and_offset_timestamps_measure_the_same() -> None:
    naive = pmkit.loads(_timeline("America/New_York", ("2026-11-01T00:30:00", "impact_started"),
                                  ("2026-11-01T03:30:00", "resolved")))
    offsets = pmkit.loads(_timeline("America/New_York", ("2026-11-01T00:30:00-04:00", "impact_started"),
                                    ("2026-11-01T03:30:00-05:00", "resolved")))
    four_hours = timedelta(hours=4)
    assert pmkit.metrics(naive).time_to_resolve == pmkit.metrics(offsets).time_to_resolve == four_hours


def test_a_silence_across_the_autumn_change_is_measured_in_real_time() -> None:
    # 00:30 CEST to 04:25 CET is 4 h 55 min of silence (the wall clock says 3 h 55 min), more
    # than SEV3's 240 minutes and most of the 5 h 15 min from detection to mitigation.
    text = _timeline("Europe/Berlin", ("2026-10-25T00:00:00", "impact_started"),
                     ("2026-10-25T00:10:00", "detected"), ("2026-10-25T00:30:00", "acknowledged"),
                     ("2026-10-25T04:25:00", "mitigated"), ("2026-10-25T04:40:00", "resolved"))
    assert [d.code for d in run(text, select=["PM112"])] == ["PM112"]


def test_timestamps_keep_their_wall_clock_and_offset() -> None:
    pm = pmkit.loads(_timeline("Europe/Berlin", ("2026-10-25T04:30:00", "resolved")))
    assert pm.timeline is not None
    moment = pm.timeline[0].at
    assert moment.isoformat() == "2026-10-25T04:30:00+01:00"
    assert moment == datetime(2026, 10, 25, 3, 30, tzinfo=timezone.utc)


# --- bare dates as clock anchors ----------------------------------------------------------------


def _clocks(text: str, config: dict[str, Any] | None = None) -> dict[str, datetime | None]:
    cfg = parse_config({"disclosure": {"policy": ""}, **(config or {})})
    return {clock.label: clock.deadline for clock in evaluate(pmkit.loads(text), clock_settings(cfg))}


SEC_HEAD = "pmkit: 1\nid: s\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV2\n"


@pytest.mark.parametrize("determined", ["2025-06-16", "2025-06-16T10:00:00-04:00"])
def test_sec_8k_counts_from_the_day_written(determined: str) -> None:
    # Mon 16 June: Tue 17 (1), Wed 18 (2), Thu 19 Juneteenth, Fri 20 (3), Mon 23 (4) at 17:30 EDT.
    text = SEC_HEAD + f"disclosure:\n  regimes: [sec-8k]\n  materiality_determined_at: {determined}\n"
    due = _clocks(text)["sec-8k form-8k"]
    assert due == datetime(2025, 6, 23, 21, 30, tzinfo=timezone.utc)


def test_bare_date_in_the_document_zone_counts_from_that_day() -> None:
    text = (SEC_HEAD + "timezone: Europe/Berlin\n"
            "disclosure:\n  regimes: [sec-8k]\n  materiality_determined_at: 2025-06-16\n")
    assert _clocks(text)["sec-8k form-8k"] == datetime(2025, 6, 23, 21, 30, tzinfo=timezone.utc)


def test_hipaa_year_end_of_a_bare_new_year_date() -> None:
    text = (SEC_HEAD + "impact:\n  users_affected: 20\n"
            "disclosure:\n  regimes: [hipaa]\n  discovered_at: 2025-01-01\n")
    due = _clocks(text, {"calendar": {"timezone": "America/New_York"}})
    # 60 days after 1 January is 2 March; 60 days after the end of 2025 is 1 March 2026.
    assert due["hipaa individuals"] == datetime(2025, 3, 3, 4, 59, 59, 999999, tzinfo=timezone.utc)
    assert due["hipaa hhs-annual"] == datetime(2026, 3, 2, 4, 59, 59, 999999, tzinfo=timezone.utc)


def test_a_bare_date_anchor_gives_a_plain_deadline() -> None:
    text = (SEC_HEAD + "timezone: Europe/Berlin\n"
            "disclosure:\n  regimes: [gdpr-art33]\n  aware_at: 2026-03-27\n")
    due = _clocks(text)["gdpr-art33 notification"]
    assert type(due) is datetime
    assert due == datetime(2026, 3, 29, 23, 0, tzinfo=timezone.utc)  # 72 h after midnight CET


def test_due_never_shows_an_overdue_clock_with_time_left(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.pmkit]\n", encoding="utf-8")
    path = tmp_path / "pm.yaml"
    path.write_text(SEC_HEAD + "timezone: Europe/Berlin\ndisclosure:\n  regimes: [gdpr-art33]\n"
                    "  personal_data_breach: true\n  aware_at: 2026-03-27T09:00:00\n", encoding="utf-8")
    for now, state, left in [("2026-03-30T07:59:59.5Z", "open", 0), ("2026-03-30T08:00:00Z", "open", 0),
                             ("2026-03-30T08:00:00.5Z", "overdue", -1)]:
        assert main(["due", "--format", "json", "--now", now, "--config", str(config),
                     str(path)]) == 0
        clock = json.loads(capsys.readouterr().out)["clocks"][0]
        assert (clock["state"], clock["seconds_left"]) == (state, left)


DST_DOC = """\
pmkit: 1
id: dst-1
title: T
status: draft
lang: en
severity: SEV3
timezone: Europe/Berlin
timeline:
  - {{at: {at}, event: Alert fired., actor: monitoring, milestone: detected}}
"""


@pytest.mark.parametrize(
    ("at", "found"),
    [
        ("2026-03-29T02:30:00", [("PM015", 9, 10)]),  # never happened: clocks went 02:00 -> 03:00
        ("2026-03-29T01:59:00", []),
        ("2026-03-29T03:00:00", []),
        ("2026-03-29T02:30:00+01:00", []),  # an offset says which instant is meant
        ("2026-10-25T02:30:00", []),  # happened twice: read as the first, as Python does
        ('"2026-03-29"', []),  # a day, not a time of day
    ],
)
def test_a_local_time_the_clocks_skipped_is_invalid(at: str, found: list[tuple[str, int, int]]) -> None:
    diags = run(DST_DOC.format(at=at), select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == found
    if found:
        assert diags[0].message.startswith("'2026-03-29T02:30:00' does not exist in Europe/Berlin")


@pytest.mark.parametrize("text", ["2026-03-02T10:00:00Z\x85", "2026-03-02T10:00:00Z\x1c",
                                  "\ufeff2026-03-02T10:00:00Z", "\u00a02026-03-02T10:00:00Z"])
def test_only_blanks_every_schema_validator_agrees_on_surround_a_timestamp(text: str) -> None:
    # JSON Schema validators read patterns as ECMA-262 regexes, where \s is another set than
    # Python's; the pattern names its blanks, and the parser strips only those.
    from pydantic_core import PydanticCustomError

    assert "\\s" not in model.TIMESTAMP_PATTERN and "\\s" not in model.OFFSET_TIMESTAMP_PATTERN
    assert re.search(model.TIMESTAMP_PATTERN, text) is None
    with pytest.raises(PydanticCustomError):
        model.parse_timestamp(text, _Utc())  # type: ignore[arg-type]
    assert model.parse_timestamp(" \t2026-03-02T10:00:00Z\r\n", _Utc()) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize(("at", "why"), [
    ("2026-03-02T10:00:00+24:00", "offset hours must be in 0..23"),
    ("2026-03-02T10:00:00-99", "offset hours must be in 0..23"),
    ("2026-03-02T10:00:00+0560", "offset minutes must be in 0..59"),
])
def test_an_offset_past_a_day_is_said_in_the_authors_terms(at: str, why: str) -> None:
    diags = run(HEAD + f"timeline:\n  - at: {at}\n", select=["PM0"])
    assert [(d.code, d.line, d.col, d.end_col) for d in diags] == [("PM015", 8, 9, 9 + len(at))]
    assert diags[0].message == f"'{at}' is not a valid timestamp: {why}"


@pytest.mark.parametrize("name", ["localtime", "posixrules", "posix/Europe/Zurich", "right/UTC"])
def test_a_zone_file_of_the_machine_is_no_time_zone(name: str) -> None:
    # "localtime" is whatever zone the checking machine is set to: the same file would mean
    # other times on a laptop and in CI.
    diags = run(HEAD + f"timezone: {name}\ntimeline:\n  - at: 2026-03-02T10:00:00\n", select=["PM0"])
    assert [(d.code, d.line, d.col) for d in diags] == [("PM016", 7, 11), ("PM014", 9, 9)]
    assert diags[0].message == f"'{name}' is not an IANA time zone such as Europe/Zurich"
    with pytest.raises(pmkit.ConfigError, match=f"timezone '{name}' is not an IANA time zone"):
        parse_config({"timezone": name})
