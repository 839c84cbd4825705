"""Vague quantities of impact ("some users", "rund 98% der Betroffenen") in English and German.

The phrase lists are data (``pmkit/data/clarity/vague-en.yaml``, ``vague-de.yaml``): regular
expressions with ``{who}`` (the nouns for affected people, accounts and requests) and
``{approx}`` (hedges such as "about", "rund") placeholders, plus ``no_impact`` phrases that
say users were not affected at all. ``{people}`` is the part of ``{who}`` that names people
and organisations. A phrase marked ``about_impact`` counts only in a sentence with one of the
``impact_words``, unless the whole text is known to describe the impact.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGS = ("en", "de")


@dataclass(frozen=True)
class Lexicon:
    """One language's vague impact phrases, compiled."""

    phrases: tuple[re.Pattern[str], ...]
    no_impact: tuple[re.Pattern[str], ...]
    count: re.Pattern[str]
    #: The phrases (by index) that count only in a sentence about the impact.
    about_impact: frozenset[int] = frozenset()
    impact_words: re.Pattern[str] = re.compile("(?!)")
    #: Where one of ``phrases`` (``no_impact``) may match: see :func:`_starts`.
    phrase_starts: re.Pattern[str] | None = None
    no_impact_starts: re.Pattern[str] | None = None
    #: A team's own patterns, expanded but compiled only when a text may hold them (see
    #: :class:`_Extra`): 20,000 of them took seconds to compile on every run.
    extra: tuple[_Extra, ...] = ()
    #: A count written in words: "twelve thousand users", "zwei Millionen Anfragen".
    count_words: re.Pattern[str] | None = None
    #: What tells traffic from the affected: see :class:`Load`.
    load: Load | None = None
    #: Words that say a ``no_impact`` statement held only for a while: anywhere in its sentence
    #: ("at first", "zunächst"), or right after it ("until 10:20", "bis 10:20").
    no_impact_limits: re.Pattern[str] | None = None
    no_impact_until: re.Pattern[str] | None = None
    #: What tells a number in a vague phrase's sentence that it gives the phrase's count: see
    #: :class:`Stated`.
    stated: Stated | None = None


@dataclass(frozen=True)
class Stated:
    """The words that make a number in a vague phrase's sentence the count the phrase stands
    for (the ``stated_count`` part of a phrase list): "Some users of API v1, 312 in total, saw
    errors"."""

    #: One noun of ``{who}``, as a whole word ("users", "Kunden", "Firmenkunden").
    noun: re.Pattern[str]
    #: Right after the number: a word for a total ("in total", "insgesamt").
    total: re.Pattern[str]
    #: Right before the number: a word for a total ("a total of", "insgesamt").
    total_before: re.Pattern[str]
    #: Right after the number: a share of what the following noun names ("% of", "% der").
    share_of: re.Pattern[str]
    #: Right after the number: words that refer back to the phrase ("of them", "von ihnen").
    them: re.Pattern[str]
    #: Right before the number: an opening parenthesis, a hedge of the list (``approx``) after it.
    opening: re.Pattern[str]
    #: A word for errors right before "(" or right after ")": a number such as "(503)" there
    #: is an HTTP status, not a count ("errors (503)", "Fehler (503)").
    status_before: re.Pattern[str]
    status_after: re.Pattern[str]


@dataclass(frozen=True)
class Load:
    """A vague amount of requests that describes load, not impact (the ``load`` part of a phrase
    list): "the batch job sent thousands of requests per second to the database"."""

    #: The phrase ends with one of these nouns ("requests", "queries", "Anfragen").
    noun: re.Pattern[str]
    #: Right before the phrase: a verb that sends, receives or serves requests, a word for load
    #: or capacity ("a peak of"), or German's "hat" of a perfect, a hedge ("up to") allowed after.
    before: re.Pattern[str]
    #: Right after the phrase: a rate ("per second", "a minute", "pro Sekunde", "/s").
    rate: re.Pattern[str]
    #: After a perfect's "hat": its participle later in the clause ("... an die DB geschickt").
    participle: re.Pattern[str]
    #: The rest of the sentence: an impact word there ("with errors") leaves the phrase vague.
    impact_words: re.Pattern[str]
    #: Right after the rate: a verb of the traffic arriving somewhere ("went straight to the
    #: database", "hit the origin", "gingen direkt an die Datenbank"), for a phrase with no
    #: verb or capacity word before it.
    arrival: re.Pattern[str] | None = None

    def covers(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]``, a vague phrase, is an amount of traffic."""
        if not self.noun.search(text, start, end):
            return False
        rate = self.rate.match(text, end)
        if rate is None:
            return False
        # The last few words before the phrase, tried from one word back to five: matched from
        # their start, not searched for in the text before.
        words = text[max(0, start - 80):start].split()[-5:]
        before = next((found for size in range(1, len(words) + 1)
                       if (found := self.before.fullmatch(" ".join(words[-size:]) + " "))), None)
        if before is None:
            if self.arrival is None or not self.arrival.match(text, rate.end()):
                return False
        elif before.group("perfect") and not self.participle.match(text, rate.end()):
            return False
        # (A sentence is looked at so far: a text with no end of sentence is not read to its end
        # again for each phrase.)
        limit = min(len(text), rate.end() + _SENTENCE_REACH)
        stop = _SENTENCE_END.search(text, rate.end(), limit)
        return self.impact_words.search(text, rate.end(), stop.start() if stop else limit) is None


#: Where a sentence (or a clause that says more) ends: a full stop, a semicolon, "!" or "?" before
#: a blank (not the point of "10.5"), for :meth:`Load.covers` and :func:`_for_a_while`.
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_SENTENCE_REACH = 200


def _load(data: dict[str, Any], impact_words: re.Pattern[str]) -> Load | None:
    load = data.get("load")
    if not isinstance(load, dict):
        return None
    hedge = f"(?:{_spaces(str(load['hedge']))}\\s+)?" if load.get("hedge") else ""
    heads = [f"(?P<verb>{load['verbs']})", f"(?P<capacity>{load['capacity']})",
             f"(?P<perfect>{load.get('perfect') or '(?!)'})"]
    flags = re.IGNORECASE
    participles = load.get("participles") or "(?!)"
    return Load(
        noun=re.compile(rf"(?<!\w)(?:{load['nouns']})$", flags),
        before=re.compile(_spaces(f"(?:{'|'.join(heads)})") + rf"\s+{hedge}", flags),
        rate=re.compile(r"\s*(?:" + _spaces(str(load["rate"])) + ")", flags),
        participle=re.compile(rf"[^.;:!?]{{0,80}}?(?<!\w)(?:{participles})(?!\w)", flags),
        impact_words=impact_words,
        arrival=re.compile(r"\s+" + _spaces(str(load["arrivals"])), flags) if load.get("arrivals") else None,
    )


def _stated(data: dict[str, Any]) -> Stated | None:
    stated = data.get("stated_count")
    if not isinstance(stated, dict):
        return None
    who = _with_compounds(data, "|".join(data.get("who") or []))
    flags = re.IGNORECASE
    errors = _spaces(str(stated.get("errors") or "(?!)"))
    return Stated(
        noun=re.compile(rf"(?:{who})(?![\w-])", flags),
        total=re.compile(r"\s*(?:" + _spaces(str(stated["total"])) + r")(?!\w)", flags),
        total_before=re.compile(r"(?<!\w)(?:" + _spaces(str(stated["total_before"])) + r")\s*$", flags),
        share_of=re.compile(r"\s*(?:" + _spaces(str(stated["share_of"])) + r")\s+", flags),
        them=re.compile(r"\s+(?:" + _spaces(str(stated["them"])) + r")(?!\w)", flags),
        opening=re.compile(r"\(\s*(?:(?:" + _spaces(str(data.get("approx") or "(?!)")) + r")\s*)?$", flags),
        status_before=re.compile(r"(?<!\w)(?:" + errors + r")\s*$", flags),
        status_after=re.compile(r"\s*(?:" + errors + r")(?!\w)", flags),
    )


def _read(lang: str) -> dict[str, Any]:
    from pmkit.datafiles import read_yaml

    data = read_yaml("pmkit", f"vague-{lang}.yaml", "data/clarity")
    return data if isinstance(data, dict) else {}


def _wrap(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w%]){pattern}(?!\w)", re.IGNORECASE)


#: The qualifying part of a compound noun: letters, and hyphens between them.
_COMPOUND_START = r"[^\W\d_](?:[^\W\d_]|-(?=[^\W\d_]))*?"


def compile_phrase(pattern: str, data: dict[str, Any]) -> re.Pattern[str]:
    """Expand ``{who}``/``{approx}`` and compile ``pattern`` on word boundaries."""
    sep = r"[ \-]" if data.get("lang", "en") == "en" else r"\s"
    prefix = "|".join(data.get("who_prefix") or [])
    prefix_re = f"(?:(?:{prefix}){sep})*" if prefix else ""
    who = _with_compounds(data, "|".join(data.get("who") or []))
    people = _with_compounds(data, "|".join(data.get("people") or data.get("who") or []))
    expanded = (pattern.replace("{who}", f"{prefix_re}(?:{who})")
                .replace("{people}", f"{prefix_re}(?:{people})")
                .replace("{approx}", str(data.get("approx") or "(?!)")))
    # Not the first part of a hyphenated modifier: in "several customer-facing services",
    # "some user-facing pages" the quantity counts the services and pages, not people.
    return _wrap(_spaces(expanded) + _NOT_A_MODIFIER)


def _with_compounds(data: dict[str, Any], nouns: str) -> str:
    """The alternation ``nouns`` with the compounds of the language's ``compound_heads`` before
    it: German writes the kind of customer into the noun ("Firmenkunden", "API-Anfragen")."""
    heads = "|".join(data.get("compound_heads") or [])
    return f"{_COMPOUND_START}(?:{heads})|{nouns}" if heads else nouns


#: After a phrase: no hyphen that joins its last word to a next one ("customer-facing").
_NOT_A_MODIFIER = r"(?!-[^\W\d_])"


def _spaces(pattern: str) -> str:
    """Any run of whitespace (a folded line break) wherever the pattern has a space."""
    return pattern.replace(" ?", r"\s*").replace(" ", r"\s+")


@lru_cache(maxsize=4)
def lexicon(lang: str, extra: tuple[str, ...] = ()) -> Lexicon:
    """The compiled phrase list for ``lang`` (``en`` or ``de``), with a team's ``extra`` patterns."""
    data = _read(lang if lang in LANGS else "en")
    data["lang"] = lang
    items = data.get("phrases") or []
    phrases = [compile_phrase(str(item["pattern"]), data) for item in items]
    about_impact = frozenset(i for i, item in enumerate(items) if item.get("about_impact"))
    no_impact = [_wrap(_spaces(str(p))) for p in data.get("no_impact") or []]
    words = "|".join(f"(?:{w})" for w in data.get("impact_words") or []) or "(?!)"
    count = compile_phrase(_COUNT, data)
    number_words = data.get("number_words")
    count_words = compile_phrase(f"(?:{number_words}) {{who}}", data) if number_words else None
    impact_words = _wrap(_spaces(f"(?:{words})"))
    limits = data.get("no_impact_limits")
    until = data.get("no_impact_until")
    return Lexicon(tuple(phrases), tuple(no_impact), count, about_impact, impact_words,
                   _starts(phrases), _starts(no_impact), tuple(_Extra(p, data) for p in extra),
                   count_words, _load(data, impact_words),
                   _wrap(_spaces(f"(?:{limits})")) if limits else None,
                   re.compile(r"\s*,?\s*" + _spaces(f"(?:{until})"), re.IGNORECASE) if until else None,
                   _stated(data))


#: The characters a phrase of the bundled lists may start with (after its word boundary): a
#: letter or digit, or a hedge sign ("~5% of users"). A test holds the lists to it.
FIRST = r"[\w~≈]"


def _starts(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds each place where one of ``patterns`` (the bundled ones, compiled
    by ``_wrap``) matches, in one pass that skips the text between words.

    Each pattern searched on its own tried every character of the text, and over a megabyte of
    fence lines or entities that took seconds for the dozen patterns, none of which matched. This
    one starts with a character class (``FIRST``), which the regular expression engine skips
    to without trying the rest; only at the first character of a word does it look behind for
    the word boundary and then ahead for any of the patterns. Its matches are one character
    long, so every such place is found."""
    if not patterns:
        return None
    alternatives = "|".join(f"(?:{p.pattern})" for p in patterns)
    return re.compile(f"{FIRST}(?<![\\w%].)(?<=(?i:(?={alternatives})).)")


class _Extra:
    """One of a team's ``vague_phrases``, compiled when first needed. ``anchor`` is the word it
    starts with (letters and digits, lower case), when it has one: a text without a word that
    starts so cannot hold the phrase, and the phrase is then neither compiled nor searched."""

    __slots__ = ("anchor", "compiled", "data", "source")

    def __init__(self, source: str, data: dict[str, Any]) -> None:
        self.source = source
        self.data = data
        self.anchor = _anchor(source)
        self.compiled: re.Pattern[str] | None = None

    def pattern(self) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = compile_phrase(self.source, self.data)
        return self.compiled


_ANCHOR = re.compile(r"[A-Za-z0-9]+")


def _anchor(pattern: str) -> str:
    """The letters and digits every match of ``pattern`` starts with (lower case), or "" when
    that is not known: the pattern starts with anything else, or has an alternative ("|") outside
    its groups, which may match without them. A quantifier after the run ("users?", "a{0,1}")
    may leave its last character out."""
    run = _ANCHOR.match(pattern)
    if run is None or _top_level_bar(pattern):
        return ""
    word = run.group()
    if pattern[run.end():run.end() + 1] in ("?", "*", "{"):
        word = word[:-1]
    return word.lower()


def _top_level_bar(pattern: str) -> bool:
    depth = 0
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1:index + 2] == "^":
                index += 1
            if pattern[index + 1:index + 2] == "]":  # ("[]a]": a "]" first is one of the class)
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth <= 0:
            return True
        index += 1
    return False


#: The characters other than A-Z that Python's case-blind matching takes for an ASCII letter
#: (a test compares this with every character): a text written with them still holds the word.
_ASCII_LIKE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_WORD = re.compile(r"\w+")


def _words_in(text: str) -> list[str]:
    """The words of ``text`` (runs of word characters), folded as case-blind matching compares
    them with ASCII letters, sorted: a phrase's anchor is looked up among them by its prefix."""
    return sorted({word.translate(_ASCII_LIKE).lower() for word in _WORD.findall(text)})


def _has_word_starting(words: list[str], prefix: str) -> bool:
    at = bisect.bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterable[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, tried only at ``starts`` (every place where
    it may match, in order): the first match at or after the end of the one before. (None of the
    bundled patterns matches an empty text, where ``finditer`` would step on by one.)"""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            end = max(match.end(), start + 1)


#: What a number is written with: digits, separators and spaces ("12,000", "1 234 567").
_NUMBER_CHAR = r"[\d,.'’ ]"
#: A number's digits ("12,000", "12.4k") and the words of its magnitude ("2 million", "5 Mio.").
_DIGITS = r"\d(?:" + _NUMBER_CHAR + r"*\d)?k?"
_MAGNITUDES = r"thousand|million|billion|tausend|mio\.?|millionen|mrd\.?|milliarden"
#: An absolute number of affected people or requests: "12,000 customers", "5 Mio. Anfragen".
_COUNT = _DIGITS + r"(?: (?:" + _MAGNITUDES + r"))? {who}"
#: A run of number characters, and a digit where a number may start (as in the compiled
#: patterns: spaces in them match any whitespace).
_NUMBER_RUN = re.compile(_spaces(_NUMBER_CHAR) + "+", re.IGNORECASE)
#: Not the minutes of a clock time: "between 13:42 and 14:19 users saw errors" counts no one.
_NUMBER_START = re.compile(r"(?<![\w%:])\d")


#: A count in parentheses right after a vague phrase, which states how many it means: "Some
#: users (about 1,200)", "a number of requests (1,240 of 98,000)", "einige Kunden (rund 300)";
#: not a percentage ("some users (2%)"), which has no base.
_COUNT_IN_PARENTHESES = re.compile(
    r"\s*\((?:about|around|approx\.?|approximately|roughly|nearly|almost|over|under|more than|fewer than"
    r"|less than|up to|etwa|ca\.|circa|rund|ungefähr|knapp|über|unter|mehr als|weniger als|bis zu|~|≈)?\s*\d"
    r"(?![\d,.'’]*\s*(?:%|percent\b|per\s+cent\b|prozent\b))",  # a share without a base says no count
    re.IGNORECASE)


def find_vague(text: str, lang: str = "en", extra: Iterable[str] = (), *,
               impact: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` of each vague quantity in ``text``; overlapping matches merged.

    ``impact`` says that all of ``text`` describes the impact (``impact.description``); else
    the ``about_impact`` phrases count only in a sentence that says what happened to someone.
    """
    from pmkit.prose.shown import as_shown, protected

    # Read as the reader sees it ("Some&nbsp;users", "*some* users"); the spans are put back
    # on the text as written.
    text, back = as_shown(text)
    words = lexicon(lang, tuple(extra))
    spans: list[tuple[int, int]] = []
    quoted = None  # code, quotes and links: not the author's own words (worked out on a match)
    ends: list[tuple[int, int]] | None = None  # the sentences, split once when a match needs them
    starts = [match.start() for match in words.phrase_starts.finditer(text)] if words.phrase_starts else []
    searches: list[tuple[int, Iterable[re.Match[str]]]] = [
        (index, _matches(pattern, text, starts)) for index, pattern in enumerate(words.phrases)]
    if words.extra:
        present = _words_in(text)
        searches.extend((len(words.phrases) + index, extra.pattern().finditer(text))
                        for index, extra in enumerate(words.extra)
                        if not extra.anchor or _has_word_starting(present, extra.anchor))
    for index, matches in searches:
        for match in matches:
            start, end = match.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            if quoted is None:
                quoted = protected(text)
            if end <= start or quoted.overlaps(start, end):
                continue
            if _COUNT_IN_PARENTHESES.match(text, end):
                continue  # "A number of requests (1,240 of 98,000) failed": the count follows
            if words.load is not None and words.load.covers(text, start, end):
                continue  # "The batch job sent thousands of requests per second": load
            if index in words.about_impact and not impact:
                if ends is None:
                    from pmkit.readability import sentences

                    ends = [(end, begin) for begin, end in sentences(text)]
                if not _about_impact(text, start, words, ends):
                    continue
            spans.append((start, end))
    # "98% of checkout requests failed; 1,204 customers were affected": the count is the base.
    spans = without_counted_shares(text, spans, words, ends)
    # "Some users of API v1, 312 in total, saw errors": the count is given with the phrase.
    spans = without_stated_counts(text, spans, words)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(back(start, end) for start, end in spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


#: A share or a ratio ("98% of users", "twelve percent of payments", "1 in 5 requests"): vague
#: only where its sentence gives no absolute number, which is its base.
_SHARE = re.compile(r"%|\bper\s*cent\b|\bprozent\b|\d", re.IGNORECASE)


def without_counted_shares(text: str, spans: list[tuple[int, int]], words: Lexicon,
                           sentences: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """``spans`` of vague phrases in ``text`` but the shares whose sentence gives an absolute
    number of affected people or requests besides the phrases ("1 in 5 requests" and "one in
    ten requests" count none); ``sentences`` as for :func:`_about_impact`, split if None."""
    shares = {span for span in spans if _SHARE.search(text, *span)}
    if not shares:
        return spans
    if sentences is None:
        from pmkit.readability import sentences as split

        sentences = [(end, begin) for begin, end in split(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    blanked = "".join(chars)
    kept = []
    for span in spans:
        at = bisect.bisect_right(sentences, (span[0], len(text) + 1))
        if span in shares and at < len(sentences) and sentences[at][1] <= span[0] < sentences[at][0]:
            stop, begin = sentences[at]
            if _states_counts(blanked[begin:stop], words):
                continue
        kept.append(span)
    return kept


def _about_impact(text: str, start: int, words: Lexicon, sentences: list[tuple[int, int]]) -> bool:
    """Whether the sentence around ``text[start]`` says what happened to someone; ``sentences``
    are the text's sentences as (end, start) pairs, in order."""
    at = bisect.bisect_right(sentences, (start, len(text) + 1))
    if at < len(sentences) and sentences[at][1] <= start < sentences[at][0]:
        end, begin = sentences[at]
        return words.impact_words.search(text, begin, end) is not None
    return False


def says_no_impact(text: str, lang: str = "en") -> bool:
    """True when ``text`` states that users or customers were not affected.

    Not for a while only: "The outage had no customer impact at first, but from 10:20 checkout
    failed for everyone" and "no customer impact until 10:20" say that it had one later.
    """
    found = lexicon(lang)
    starts = found.no_impact_starts
    if starts is None:
        return False
    for start in starts.finditer(text):
        for pattern in found.no_impact:
            match = pattern.match(text, start.start())
            if match is not None and not _for_a_while(text, match, found):
                return True
    return False


def _for_a_while(text: str, match: re.Match[str], found: Lexicon) -> bool:
    """Whether a no-impact statement is said to hold only for a while (see ``says_no_impact``)."""
    if found.no_impact_until is not None and found.no_impact_until.match(text, match.end()):
        return True
    if found.no_impact_limits is None:
        return False
    begin, stop = _sentence_around(text, match.start(), match.end())
    return found.no_impact_limits.search(text, begin, stop) is not None


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence of ``text[start:end]`` begins and ends (a semicolon ends one too),
    looked for no farther than :data:`_SENTENCE_REACH` either side."""
    reach = max(0, start - _SENTENCE_REACH)
    before = [found.end() for found in _SENTENCE_END.finditer(text, reach, start)]
    after = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
    return (before[-1] if before else reach,
            after.start() if after else min(len(text), end + _SENTENCE_REACH))


def states_counts(text: str, lang: str = "en") -> bool:
    """True when ``text`` gives an absolute number of affected people or requests."""
    # Searching with the pattern tries it from every digit of a run such as "1 1 1 1 ...", and
    # each try runs to the end of the run and back: quadratic in its length. A number found
    # from a later digit of a run is found from the run's first digit that may start a number
    # as well (every character between them may be inside a number), so only those are tried.
    return _states_counts(text, lexicon(lang))


def _states_counts(text: str, found: Lexicon) -> bool:
    """:func:`states_counts` with the lexicon of the language."""
    count = found.count
    run_end = -1
    for start in _NUMBER_START.finditer(text):
        if start.start() < run_end:
            continue  # the run was tried from an earlier digit
        run = _NUMBER_RUN.match(text, start.start())
        run_end = run.end() if run else start.end()
        if count.match(text, start.start()):
            return True
    # A number written in words: "twelve thousand users", "zwölftausend Nutzer".
    return found.count_words is not None and found.count_words.search(text) is not None


#: A number as written after a digit where one may start ("312", "12,400", "12.4k", "2 million").
_NUMBER = re.compile(_DIGITS + r"(?:\s+(?:" + _MAGNITUDES + r")(?!\w))?", re.IGNORECASE)

#: A word after a number (up to :data:`_NOUN_REACH` of them are read for its noun).
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w-]*)")
_NOUN_REACH = 3


def without_stated_counts(text: str, spans: list[tuple[int, int]], words: Lexicon) -> list[tuple[int, int]]:
    """``spans`` of vague phrases in ``text`` but those whose sentence gives the count they
    stand for (see :func:`_count_stated`). A share reported on its own ("about 4% of
    requests", which names no base) still gives "some requests" beside it its number."""
    if words.stated is None or not spans or not any(c.isdigit() for c in text):
        return spans
    return [span for span in spans if not _count_stated(text, span, words.stated)]


def _count_stated(text: str, span: tuple[int, int], stated: Stated) -> bool:
    """Whether the sentence of the vague phrase at ``span`` (a semicolon ends it, as it ends a
    statement) gives the number it stands for: a number of the phrase's own noun ("(312
    users)", "312 users in total"), a share of it ("about 4% of requests" for "some
    requests"), a number of them ("312 of them"), or a number with no noun of its own that is
    said to be a total ("312 in total", "a total of 312") or stands alone in parentheses
    ("(about 312)"). A number followed by another noun counts something else: "Some users saw
    errors, and 312 requests were retried" leaves "Some users" vague."""
    # Read in a window around the phrase (a sentence is looked at so far), the phrase's own
    # number ("about 98% of users") blanked: it is not its count.
    offset = max(0, span[0] - _SENTENCE_REACH)
    start, end = span[0] - offset, span[1] - offset
    window = text[offset:span[0]] + " " * (end - start) + text[span[1]:span[1] + _SENTENCE_REACH]
    begin, stop = _sentence_around(window, start, end)
    own = _noun_key(text[span[0]:span[1]], stated)
    run_end = -1
    for digit in _NUMBER_START.finditer(window, begin, stop):
        if digit.start() < run_end:
            continue  # inside a number already read
        number = _NUMBER.match(window, digit.start(), stop)
        assert number is not None
        run_end = number.end()
        if _counts_phrase(window, begin, number, own, stated):
            return True
    return False


def _counts_phrase(text: str, begin: int, number: re.Match[str], own: str | None, stated: Stated) -> bool:
    """Whether ``number`` (in the sentence from ``begin``) gives the count of a vague phrase
    whose noun is ``own`` (a key of :func:`_noun_key`; None when it ends in none)."""
    pos = number.end()
    share = stated.share_of.match(text, pos)
    if share is not None:
        pos = share.end() - 1  # (the blank before the noun is read with it)
    elif stated.them.match(text, pos):
        return True  # "312 of them"
    noun = _noun_after(text, pos, stated)
    if noun is not None or share is not None:
        return noun is not None and noun == own
    if stated.total.match(text, pos):
        return True  # "312 in total"
    if stated.total_before.search(text, begin, number.start()):
        # "a total of 312", "insgesamt 312", but not "a total of 40 minutes": a word after the
        # number names what it counts, and it is not the phrase's noun (read above).
        return _NEXT_WORD.match(text, pos) is None
    # "(about 312)": a number alone in parentheses; "errors (503)" gives a status, not a count.
    opening = stated.opening.search(text, begin, number.start())
    closing = _CLOSING.match(text, pos)
    if opening is None or closing is None:
        return False
    return not _is_error_status(text, begin, opening, number, closing.end(), stated)


_CLOSING = re.compile(r"\s*\)")

#: A number shaped like an HTTP status (1xx to 5xx).
_HTTP_STATUS = re.compile(r"[1-5]\d\d")


def _is_error_status(text: str, begin: int, opening: re.Match[str], number: re.Match[str], closing: int,
                     stated: Stated) -> bool:
    """Whether ``number``, alone in parentheses from ``opening`` to ``closing``, is an HTTP status
    beside a word for errors ("errors (503)", "(503) errors", "Fehler (503)"); a hedged one
    ("errors (about 503)") is a count."""
    if opening.group().strip() != "(" or not _HTTP_STATUS.fullmatch(number.group()):
        return False
    return (stated.status_before.search(text, begin, opening.start()) is not None
            or stated.status_after.match(text, closing) is not None)


def _noun_after(text: str, pos: int, stated: Stated) -> str | None:
    """The key of the first ``{who}`` noun among the few words after ``pos`` ("312 legacy API
    users"), or None."""
    for _ in range(_NOUN_REACH):
        word = _NEXT_WORD.match(text, pos)
        if word is None:
            return None
        if stated.noun.fullmatch(word.group(1)):
            return _noun_key(word.group(1), stated)
        pos = word.end()
    return None


def _noun_key(phrase: str, stated: Stated) -> str | None:
    """The last word of ``phrase`` when it is a ``{who}`` noun, without the endings of its
    plural ("users" and "user", "Kunden" and "Kunde" are one), lower case; else None."""
    words = phrase.split()
    if not words or not stated.noun.fullmatch(words[-1]):
        return None
    return words[-1].lower().rstrip("ens") or words[-1].lower()
