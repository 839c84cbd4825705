"""Invariants of the whole rule catalogue."""

from __future__ import annotations

import re
from pathlib import Path

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

    from pmkit.commands.rules import render_markdown

    path = Path(__file__).parent.parent / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/rules.md is stale: run 'pmkit rules --format markdown > docs/rules.md'"
    )


def test_every_cited_source_is_shipped_with_the_section_it_names() -> None:
    """Rule pages cite research notes as reference/<file>.md §N; each file is in docs/reference/
    and has that section, so a reader can follow the citation."""
    root = Path(__file__).parent.parent / "docs"
    cited: set[tuple[str, str]] = set()
    texts = [rule.doc() for rule in registry()] + [p.read_text(encoding="utf-8") for p in root.glob("*.md")]
    for text in texts:
        for name, sections in re.findall(r"reference/(\w+\.md)`*((?:[ ,]*(?:and )?§\d+)*)", text):
            cited.add((name, ""))
            cited.update((name, number) for number in re.findall(r"§(\d+)", sections))
    assert ("practice.md", "2") in cited
    for name, number in sorted(cited):
        source = root / "reference" / name
        assert source.is_file(), name
        if number:
            assert re.search(rf"^## {number}\. ", source.read_text(encoding="utf-8"), re.M), (name, number)


def test_every_rule_module_of_the_package_is_named_in_the_registry() -> None:
    """The registry imports the modules it names, not a listing of the folder: a new module of
    rules that is not named there would never register its rules."""
    import pkgutil

    import pmkit.rules
    from pmkit.rules import RULE_MODULES

    assert list(RULE_MODULES) == [info.name for info in pkgutil.iter_modules(pmkit.rules.__path__)]
    # (and each of them registers rules)
    assert {rule.__module__ for rule in registry().rules} == {f"pmkit.rules.{name}" for name in RULE_MODULES}
