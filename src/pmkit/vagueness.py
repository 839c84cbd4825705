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
    phrases: tuple[re.Pattern[str], ...]
    no_impact: tuple[re.Pattern[str], ...]
    count: re.Pattern[str]
    #: The phrases (by index) that count only in a sentence about the impact.
    about_impact: frozenset[int] = frozenset()
    impact_words: re.Pattern[str] = re.compile("(?!)")


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
    who = "|".join(data.get("who") or [])
    people = "|".join(data.get("people") or data.get("who") or [])
    heads = "|".join(data.get("compound_heads") or [])
    if heads:  # German writes the kind of customer into the noun: "Firmenkunden", "API-Anfragen"
        who = f"{_COMPOUND_START}(?:{heads})|{who}"
        people = f"{_COMPOUND_START}(?:{heads})|{people}"
    expanded = (pattern.replace("{who}", f"{prefix_re}(?:{who})")
                .replace("{people}", f"{prefix_re}(?:{people})")
                .replace("{approx}", str(data.get("approx") or "(?!)")))
    return _wrap(_spaces(expanded))


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
    phrases.extend(compile_phrase(p, data) for p in extra)
    about_impact = frozenset(i for i, item in enumerate(items) if item.get("about_impact"))
    no_impact = [_wrap(_spaces(str(p))) for p in data.get("no_impact") or []]
    words = "|".join(f"(?:{w})" for w in data.get("impact_words") or []) or "(?!)"
    count = compile_phrase(_COUNT, data)
    return Lexicon(tuple(phrases), tuple(no_impact), count, about_impact, _wrap(_spaces(f"(?:{words})")))


#: What a number is written with: digits, separators and spaces ("12,000", "1 234 567").
_NUMBER_CHAR = r"[\d,.'’ ]"
#: An absolute number of affected people or requests: "12,000 customers", "5 Mio. Anfragen".
_COUNT = (r"\d(?:" + _NUMBER_CHAR + r"*\d)?"
          r"(?: (?:thousand|million|billion|tausend|mio\.?|millionen|mrd\.?|milliarden))? {who}")
#: A run of number characters, and a digit where a number may start (as in the compiled
#: patterns: spaces in them match any whitespace).
_NUMBER_RUN = re.compile(_spaces(_NUMBER_CHAR) + "+", re.IGNORECASE)
_NUMBER_START = re.compile(r"(?<![\w%])\d")


def find_vague(text: str, lang: str = "en", extra: Iterable[str] = (), *,
               impact: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` of each vague quantity in ``text``; overlapping matches merged.

    ``impact`` says that all of ``text`` describes the impact (``impact.description``); else
    the ``about_impact`` phrases count only in a sentence that says what happened to someone.
    """
    from pmkit.prose.engine import as_shown, protected

    # Read as the reader sees it ("Some&nbsp;users", "*some* users"); the spans are put back
    # on the text as written.
    text, back = as_shown(text)
    words = lexicon(lang, tuple(extra))
    spans: list[tuple[int, int]] = []
    quoted = None  # code, quotes and links: not the author's own words (worked out on a match)
    ends: list[tuple[int, int]] | None = None  # the sentences, split once when a match needs them
    for index, pattern in enumerate(words.phrases):
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            if quoted is None:
                quoted = protected(text)
            if end <= start or quoted.overlaps(start, end):
                continue
            if index in words.about_impact and not impact:
                if ends is None:
                    from pmkit.readability import sentences

                    ends = [(end, begin) for begin, end in sentences(text)]
                if not _about_impact(text, start, words, ends):
                    continue
            spans.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(back(start, end) for start, end in spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _about_impact(text: str, start: int, words: Lexicon, sentences: list[tuple[int, int]]) -> bool:
    """Whether the sentence around ``text[start]`` says what happened to someone; ``sentences``
    are the text's sentences as (end, start) pairs, in order."""
    at = bisect.bisect_right(sentences, (start, len(text) + 1))
    if at < len(sentences) and sentences[at][1] <= start < sentences[at][0]:
        end, begin = sentences[at]
        return words.impact_words.search(text, begin, end) is not None
    return False


def says_no_impact(text: str, lang: str = "en") -> bool:
    """True when ``text`` states that users or customers were not affected."""
    return any(p.search(text) for p in lexicon(lang).no_impact)


def states_counts(text: str, lang: str = "en") -> bool:
    """True when ``text`` gives an absolute number of affected people or requests."""
    # Searching with the pattern tries it from every digit of a run such as "1 1 1 1 ...", and
    # each try runs to the end of the run and back: quadratic in its length. A number found
    # from a later digit of a run is found from the run's first digit that may start a number
    # as well (every character between them may be inside a number), so only those are tried.
    count = lexicon(lang).count
    run_end = -1
    for start in _NUMBER_START.finditer(text):
        if start.start() < run_end:
            continue  # the run was tried from an earlier digit
        run = _NUMBER_RUN.match(text, start.start())
        run_end = run.end() if run else start.end()
        if count.match(text, start.start()):
            return True
    return False
