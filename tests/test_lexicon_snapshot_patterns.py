"""The bundled lexicons' snapshots keep each entry's pattern as it is matched: its macros
expanded and, in German, its other spellings added (ae for ä, ss for ß). A run that compiled
the German lexicon (the first text whose findings were not kept: every hook's run after an edit)
spent 11 ms transliterating its 93 patterns again."""

from __future__ import annotations

from typing import Any

import pytest

from pmkit.prose import lexicon


def _fresh(lang: str) -> lexicon.Lexicon:
    lexicon.default_lexicon.cache_clear()
    return lexicon.default_lexicon(lang)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_bundled_entries_are_built_from_the_kept_patterns(lang: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("the snapshot's pattern was worked out again")

    monkeypatch.setattr(lexicon, "transliterated", never)
    monkeypatch.setattr(lexicon, "expand_macros", never)
    try:
        built = _fresh(lang)
    finally:
        lexicon.default_lexicon.cache_clear()
    assert len(built.entries) > 50


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_kept_patterns_are_the_ones_worked_out_from_the_yaml(lang: str) -> None:
    data = dict(lexicon._bundled_data(lang))
    kept = {entry.id: entry.pattern for entry in lexicon.build_lexicon(lang, {}).entries}
    data.pop("_patterns")
    macros = lexicon._macros(data, f"{lang}.yaml")
    worked_out = {entry.id: entry.pattern
                  for entry in lexicon._entries(data, f"{lang}.yaml", lang, macros, require_examples=True)}
    assert kept == worked_out
    if lang == "de":  # (the German patterns are the transliterated ones)
        assert any("ae" in pattern for pattern in kept.values())


def test_a_teams_lexicon_file_is_worked_out_in_full(tmp_path: Any) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(
        "macros:\n  HAS: '(?:hat|hatte)'\n"
        "entries:\n"
        "  - id: de.team-versaeumt\n"
        "    category: blame\n"
        "    pattern: '{HAS} es versäumt'\n"
        "    explanation: Names a failure.\n"
        "    reframe: Say what the system allowed.\n", encoding="utf-8")
    built = lexicon.build_lexicon("de", {"lexicon": str(team)})
    [entry] = [entry for entry in built.entries if entry.id == "de.team-versaeumt"]
    assert "hatte" in entry.pattern and "ae" in entry.pattern  # expanded and transliterated
