"""The presets as data: every one loads with the contract's stages; configuration adds and
changes presets, and its mistakes are clear ConfigErrors."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest

from pmkit.clocks import settings
from pmkit.config import ConfigError, parse_config
from pmkit.policies import BUILTIN_IDS, Deadline, builtin, parse_policies

CONTRACT_IDS = {"internal", "gdpr-art33", "gdpr-art34", "nis2", "dora", "sec-8k", "hipaa", "nydfs",
                "ch-isa", "cert-in", "eu-ai-act"}


def test_every_contract_preset_ships_and_loads() -> None:
    presets = builtin()
    assert set(presets) == CONTRACT_IDS == set(BUILTIN_IDS)
    files = {p.name.removesuffix(".yaml") for p in resources.files("pmkit.policies").iterdir()
             if p.name.endswith(".yaml")}
    assert files == CONTRACT_IDS
    for preset_id, preset in presets.items():
        assert preset.id == preset_id
        assert preset.citation and preset.title and preset.stages
        for name, stage in preset.stages.items():
            assert stage.citation, f"{preset_id}.{name} has no citation"


def test_staged_regimes_name_the_contract_stages() -> None:
    presets = builtin()
    assert list(presets["nis2"].stages) == ["early-warning", "notification", "final-report"]
    assert list(presets["dora"].stages) == ["initial", "intermediate", "final"]


@pytest.mark.parametrize(
    ("preset_id", "stage", "anchor", "kind", "amount"),
    [
        ("gdpr-art33", "notification", "aware_at", "hours", 72),
        ("gdpr-art34", "communication", "aware_at", "undue_delay", None),
        ("nis2", "early-warning", "aware_at", "hours", 24),
        ("nis2", "notification", "aware_at", "hours", 72),
        ("nis2", "final-report", "submitted:notification", "months", 1),
        ("dora", "initial", "classified_major_at", "hours", 4),
        ("dora", "intermediate", "submitted:initial", "hours", 72),
        ("dora", "final", "latest-submitted:intermediate", "months", 1),
        ("sec-8k", "form-8k", "materiality_determined_at", "business_days", 4),
        ("hipaa", "individuals", "discovered_at", "days", 60),
        ("nydfs", "notice", "determined_at", "hours", 72),
        ("ch-isa", "report", "discovered_at", "hours", 24),
        ("cert-in", "report", "discovered_at", "hours", 6),
        ("eu-ai-act", "report", "aware_at", "days", 15),
        ("internal", "draft", "resolved", "business_days", 5),
        ("internal", "publish", "resolved", "days", 14),
    ],
)
def test_clock_of_each_stage(preset_id: str, stage: str, anchor: str, kind: str, amount: int | None) -> None:
    spec = builtin()[preset_id].stages[stage]
    assert spec.anchor == anchor
    assert spec.deadline.kind == kind
    if amount is not None:
        assert getattr(spec.deadline, kind) == amount


def test_status_and_opt_in() -> None:
    presets = builtin()
    assert presets["eu-ai-act"].status == "pending"
    assert not presets["eu-ai-act"].in_force
    assert all(p.in_force for k, p in presets.items() if k != "eu-ai-act")
    assert "opt in" in presets["eu-ai-act"].note


def test_special_rules_are_in_the_data() -> None:
    presets = builtin()
    dora = presets["dora"].stages
    assert dora["initial"].deadline.not_later_than is not None
    assert dora["initial"].deadline.not_later_than.hours == 24
    assert {s.deadline.rollover for s in dora.values()} == {"noon-next-working-day"}
    assert presets["nis2"].stages["final-report"].deadline.rollover == "eu"
    sec = presets["sec-8k"]
    assert sec.calendar is not None and sec.calendar.country == "US"
    assert sec.calendar.timezone == "America/New_York"
    assert sec.stages["form-8k"].deadline.due_time == "17:30"
    assert presets["gdpr-art33"].late_reason_allowed
    internal = presets["internal"]
    assert internal.sign_off is not None and internal.sign_off.roles == ["accountable executive"]
    assert internal.stages["draft"].deadline_for("SEV1") == Deadline(business_days=5)
    assert internal.stages["draft"].deadline_for("SEV3") == Deadline(business_days=10)
    assert internal.stages["publish"].deadline_for("SEV5") is None


def test_team_preset_from_configuration() -> None:
    presets = parse_policies({
        "acme-sla": {
            "title": "ACME MSA 7.2", "audience": "customers", "citation": "MSA section 7.2",
            "stages": {"notice": {"anchor": "detected", "deadline": {"hours": 24}}},
        },
    }, "pyproject.toml")
    sla = presets["acme-sla"]
    assert sla.source == "pyproject.toml"
    assert sla.stages["notice"].deadline.hours == 24
    assert "internal" in presets  # the built-ins stay


def test_configuration_merges_over_a_builtin() -> None:
    presets = parse_policies({"internal": {"stages": {"publish": {"deadline": {"days": 7}}}}})
    publish = presets["internal"].stages["publish"]
    assert publish.deadline == Deadline(days=7)
    assert publish.anchor == "resolved"  # kept from the built-in
    assert presets["internal"].stages["draft"].deadline == Deadline(business_days=5)
    # DORA Art. 5(5): a credit institution turns the relief off for the initial report.
    presets = parse_policies({"dora": {"stages": {"initial": {"deadline": {"rollover": "none"}}}}})
    initial = presets["dora"].stages["initial"].deadline
    assert initial.rollover == "none" and initial.hours == 4


def test_a_changed_stage_cites_the_configuration_not_the_built_in_text() -> None:
    # "publish within 14 calendar days" next to a 7-day deadline would contradict itself.
    builtin_publish = builtin()["internal"].stages["publish"].citation
    assert "14 calendar days" in builtin_publish
    presets = parse_policies({"internal": {"stages": {"publish": {"deadline": {"days": 7}}}}},
                             "/repo/pyproject.toml")
    stages = presets["internal"].stages
    assert stages["publish"].citation == "pyproject.toml [tool.pmkit.policies.internal.stages.publish]"
    assert stages["draft"].citation == builtin()["internal"].stages["draft"].citation  # unchanged
    own = parse_policies({"internal": {"stages": {"publish": {"deadline": {"days": 7}, "citation": "Ours"}}}})
    assert own["internal"].stages["publish"].citation == "Ours"
    audience_only = parse_policies({"internal": {"stages": {"publish": {"audience": "public"}}}})
    assert audience_only["internal"].stages["publish"].citation == builtin_publish


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"x": {"title": "X", "audience": "customers", "citation": "c"}},
         "[tool.pmkit.policies.x].stages: required field is missing"),
        ({"x": {"title": "X", "audience": "customers", "citation": "c",
                "stages": {"s": {"anchor": "resolvd", "deadline": {"hours": 1}}}}},
         "unknown anchor 'resolvd' (did you mean 'resolved'?)"),
        ({"x": {"title": "X", "audience": "customers", "citation": "c",
                "stages": {"s": {"anchor": "resolved", "deadline": {"hours": 1, "days": 2}}}}},
         "give exactly one of hours, days, business_days, months or undue_delay = true (got hours, days)"),
        ({"x": {"title": "X", "audience": "customers", "citation": "c",
                "stages": {"s": {"anchor": "submitted:t", "deadline": {"hours": 1}}}}},
         "'submitted:t' names no other stage"),
        ({"internal": {"stages": {"publish": {"deadline": {"days": 7, "due_time": "5pm"}}}}},
         "due_time '5pm' is not a time of day"),
        ({"gdpr-art33": {"stages": {"notification": {"deadline": {"hours": 72, "rollover": "eu"}}}}},
         "rollover 'eu' moves the end of a period of days or months; a clock of hours runs through "
         "weekends and holidays"),
        # A limit is looked up among the document's timestamps, where no submission is.
        ({"dora": {"stages": {"intermediate": {"deadline": {
            "not_later_than": {"anchor": "submitted:initial", "hours": 96}}}}}},
         "[tool.pmkit.policies.dora].stages.intermediate.deadline.not_later_than.anchor: "
         "'submitted:initial' is another stage's submission; a not_later_than limit counts from a "
         "milestone"),
        ({"internal": {"colour": "red"}}, "[tool.pmkit.policies.internal].colour: unknown field"),
        ({"internal": {"audience": "everyone"}}, "[tool.pmkit.policies.internal].audience"),
        ({"internal": "strict"}, "must be a table of preset fields"),
        ({"Bad Id": {"title": "X", "audience": "customers", "citation": "c",
                     "stages": {"s": {"anchor": "resolved", "deadline": {"hours": 1}}}}},
         "'Bad Id' is not a preset id"),
    ],
)
def test_preset_configuration_errors(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_policies(table, "pyproject.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("pyproject.toml: [tool.pmkit.policies.")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"disclosure": {"undue_delay": 3}},
         "unknown setting 'undue_delay' (did you mean 'undue_delay_hours'?)"),
        ({"disclosure": {"enable": ["eu-ai-akt"]}},
         "'eu-ai-akt', which is not a preset (did you mean 'eu-ai-act'?)"),
        ({"disclosure": {"undue_delay_hours": -1}}, "undue_delay_hours must be a positive number"),
        ({"disclosure": {"policy": "internl"}},
         "policy 'internl' is not a preset (did you mean 'internal'?)"),
        ({"disclosure": {"sign_off_severities": ["SEV0"]}}, "'SEV0' is not one of SEV1"),
        ({"calendar": {"country": "XX"}}, "[tool.pmkit.calendar]"),
        ({"calendar": {"country": "DE", "subdivision": "XX"}}, "[tool.pmkit.calendar]"),
        ({"calendar": {"subdivision": "BY"}}, "subdivision 'BY' needs a country"),
        ({"calendar": {"timezone": "Europe/Berln"}}, "'Europe/Berln' is not an IANA time zone"),
        ({"calendar": {"extra_holidays": ["2025-13-01"]}}, "'2025-13-01' is not a date"),
        ({"calendar": {"weekend": ["Caturday"]}}, "'Caturday' is not a day name"),
        ({"calendar": {"contry": "DE"}}, "unknown setting 'contry' (did you mean 'country'?)"),
        ({"policies": {"sec-8k": {"calendar": {"country": "US", "subdivision": "ZZ"}}}},
         "[tool.pmkit.policies.sec-8k.calendar]"),
    ],
)
def test_disclosure_and_calendar_settings_errors(table: dict[str, Any], message: str) -> None:
    # Checked when the configuration is loaded, before any file is.
    with pytest.raises(ConfigError) as info:
        parse_config(table)
    assert message in str(info.value)


def test_settings_defaults_and_values() -> None:
    st = settings(parse_config({}))
    assert st.policy is None and st.undue_delay_hours == 72 and st.enable == ()
    st = settings(parse_config({
        "disclosure": {"policy": "internal", "enable": ["eu-ai-act"], "undue_delay_hours": 48},
        "calendar": {"country": "CH", "subdivision": "ZH"},
    }))
    assert st.policy == "internal"
    assert st.enabled(st.presets["eu-ai-act"])
    assert st.undue_delay(st.presets["gdpr-art34"]) == 48
    assert st.calendar.country == "CH"
    per_regime = settings(parse_config({"policies": {"gdpr-art34": {"undue_delay_hours": 24}}}))
    assert per_regime.undue_delay(per_regime.presets["gdpr-art34"]) == 24


def test_toml_has_no_null_so_false_switches_off() -> None:
    presets = parse_policies({"internal": {"stages": {
        "draft": False,
        "publish": {"by_severity": {"SEV2": False, "SEV3": "none"}},
    }}})
    internal = presets["internal"]
    assert list(internal.stages) == ["publish"]
    assert internal.stages["publish"].deadline_for("SEV2") is None
    assert internal.stages["publish"].deadline_for("SEV3") is None
    assert internal.stages["publish"].deadline_for("SEV1") == Deadline(days=14)
    with pytest.raises(ConfigError, match="a policy needs at least one stage"):
        parse_policies({"cert-in": {"stages": {"report": False}}})
