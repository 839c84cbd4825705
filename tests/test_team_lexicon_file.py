"""A team's lexicon file (``[tool.pmkit.prose] lexicon``) is checked as the settings are: a typo in a
key or a word list's name is an error that says what was meant, never words read as nothing; an
entry may not claim PM309's category; a file of words alone is a lexicon of words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmkit.config import ConfigError
from pmkit.prose import scan
from pmkit.prose.lexicon import WORD_LISTS, build_lexicon

ENTRY = ("  - {id: en.team-ninja, category: %s, pattern: '\\bninja\\b', explanation: Judges people., "
         "reframe: Describe the change.}\n")


@pytest.mark.parametrize(("text", "message"), [
    ("typo_key: 1\nentries: []\n", "team.yaml: unknown key 'typo_key' (keys: entries, words, macros)"),
    ("wordz:\n  staff: [wrangler]\n", "team.yaml: unknown key 'wordz' (did you mean 'words'?)"),
    ("words:\n  staf: [wrangler]\n", "team.yaml: unknown word list 'words.staf' (did you mean 'staff'?)"),
    ("words:\n  zzz: [a]\n", "team.yaml: unknown word list 'words.zzz' (word lists: staff, outsiders, "),
    ("entries:\n" + ENTRY % "named-person",
     "team.yaml: entries[0]: category 'named-person' is given by pmkit, not by an entry: a finding of "
     "another category whose subject is a person's name is reported as PM309"),
])
def test_a_mistake_in_a_team_lexicon_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "team.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        build_lexicon("en", {"lexicon": "team.yaml"}, root=tmp_path)


def test_a_team_lexicon_of_words_alone_adds_its_words(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("words:\n  staff: [wrangler]\n", encoding="utf-8")
    assert scan("The wrangler should have paged us.") == []

    lexicon = build_lexicon("en", {"lexicon": "team.yaml"}, root=tmp_path)

    assert [f.code for f in scan("The wrangler should have paged us.", lexicon=lexicon)] == ["PM302"]


def test_an_empty_lexicon_path_says_it_names_no_file() -> None:
    with pytest.raises(ConfigError, match=re.escape(
            "lexicon has an empty entry, which names no file; give the path of the team's lexicon")):
        build_lexicon("en", {"lexicon": ""})


def test_the_word_lists_a_team_may_extend_are_the_bundled_lexicons_own() -> None:
    from ruamel.yaml import YAML

    bundled = Path(__file__).parents[1] / "src" / "pmkit" / "prose"
    names: set[str] = set()
    for lang in ("en", "de"):
        names |= set(YAML(typ="safe").load((bundled / f"{lang}.yaml").read_text(encoding="utf-8"))["words"])
    assert set(WORD_LISTS) == names


@pytest.mark.parametrize("key", ["people", "systems", "names", "disable"])
def test_an_empty_word_in_the_prose_settings_is_an_error(key: str) -> None:
    # people = ["captain", ""] was taken without a word: a word nobody writes.
    said = f"[tool.pmkit.prose] {key} has an empty entry, which names nothing; remove it"
    with pytest.raises(ConfigError, match=re.escape(said)):
        build_lexicon("en", {key: ["captain", " "]})


@pytest.mark.parametrize("setting", [{"sign_off_roles": ["accountable executive", ""]}, {"enable": [" "]}])
def test_an_empty_entry_in_the_disclosure_settings_is_an_error(setting: dict[str, list[str]]) -> None:
    from pmkit.clocks import settings
    from pmkit.config import parse_config

    with pytest.raises(ConfigError, match=re.escape(f"{next(iter(setting))} has an empty entry, which names "
                                                    "nothing; remove it")):
        settings(parse_config({"disclosure": setting}))
