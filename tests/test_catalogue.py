"""Invariants of the whole rule catalogue."""

from __future__ import annotations

import re

from pmkit.rules import FAMILIES, registry

SECTIONS = ("What it catches:", "Why:", "Example", "Instead")


def test_codes_and_names_are_unique_and_well_formed() -> None:
    rules = list(registry())
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"PM\d{3}", rule.code), rule
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule
        assert rule.code[:3] in FAMILIES, rule


def test_every_rule_has_a_documentation_page() -> None:
    for rule in registry():
        page = rule.doc()
        for section in SECTIONS:
            assert section in page, f"{rule.code} {rule.name}: no '{section}' section"
        assert rule.summary().endswith("."), rule.code


def test_option_defaults_pass_their_own_validation() -> None:
    for rule in registry():
        rule.validate_options({k: o.default for k, o in rule.options.items()}, rule.code)


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    from pathlib import Path

    from pmkit.commands.rules import render_markdown

    path = Path(__file__).parent.parent / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/rules.md is stale: run 'pmkit rules --format markdown > docs/rules.md'"
    )
