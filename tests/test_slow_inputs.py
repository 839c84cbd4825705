"""Inputs under the size limit that used to take seconds to minutes: long repetitive prose,
timelines and suppression lists, an unclosed HTML comment.

The tests build each input, check that the findings a user relies on still come out (codes
and positions), and where the old cost was quadratic, that the work now grows linearly:
they count lines run or calls made, or compare with the old algorithm; they never time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from helpers import run, where
from pmkit.diagnostics import Diagnostic

HEADER = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n"


def check(text: str, select: list[str]) -> list[Diagnostic]:
    return run(text, select=select)


def grows_linearly(cost: Callable[[int], int], n: int) -> bool:
    """True if doubling the input size at most (about) doubles ``cost``."""
    small, large = cost(n), cost(2 * n)
    return large <= 2.3 * small + 50


# --- prose: locating findings and finding their subjects ------------------------------------------


def test_repeated_blameful_phrase_is_found_everywhere() -> None:
    found = check(HEADER + "summary: " + "human error " * 2000 + "\n", ["PM3"])
    assert [d.code for d in found] == ["PM301"] * 2000
    assert where(found)[:3] == [("PM301", 7, 10), ("PM301", 7, 22), ("PM301", 7, 34)]
    assert where(found)[-1] == ("PM301", 7, 23998)
    assert (found[-1].end_line, found[-1].end_col) == (7, 24009)


def test_a_field_is_walked_once_for_all_its_findings() -> None:
    from pmkit import textmap

    textmap._walk.cache_clear()
    found = check(HEADER + "summary: " + "human error " * 300 + "\n", ["PM301"])
    assert len(found) == 300
    info = textmap._walk.cache_info()
    assert info.misses == 1
    assert info.hits == 299


def test_folded_block_positions_are_unchanged() -> None:
    text = HEADER + "summary: >\n" + "  The outage was human error. Some users saw errors.\n" * 50
    found = check(text, ["PM301", "PM503"])
    assert where(found)[:4] == [("PM301", 8, 18), ("PM503", 8, 31), ("PM301", 9, 18), ("PM503", 9, 31)]
    assert len(found) == 100


def lines_run(func: Callable[[], object], module: str) -> int:
    """How many lines of ``module``'s functions ``func`` executes: the work done, independent
    of the machine's speed."""
    import sys

    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.endswith(module) else None

    sys.settrace(tracer)
    try:
        func()
    finally:
        sys.settrace(None)
    return count


#: Texts without punctuation (one long clause) made of a lexicon entry's example, repeated.
ENGLISH_UNITS = [
    "human error ",  # the head of the noun phrase is far back
    "The engineer just ignored the alert ",  # adverbs before the phrase
    "Make humans less error-prone ",
    "They could have just restarted the pod ",  # "they" looks back for a noun
    "The release manager was to blame ",
    "The new developer broke production on Friday ",  # "because" is looked for up to the sentence end
    "An employee pushed the wrong button ",
    "the owner of the service should have noticed ",  # postmodifying phrases
    "Alice, who should have checked, ",  # relative clauses back to their antecedent
    "engineers mistakenly mistakenly ",  # a noun phrase that grows
]
GERMAN_UNITS = [
    "Das war doch klar ",
    "Der junge Entwickler ignorierte die Warnung ",
    "Man hätte doch nur die Logs lesen müssen ",
    "Ursache des Ausfalls war menschliches Versagen ",
]


@pytest.mark.parametrize(("lang", "unit"),
                         [("en", u) for u in ENGLISH_UNITS] + [("de", u) for u in GERMAN_UNITS])
def test_subject_analysis_grows_linearly(lang: str, unit: str) -> None:
    from pmkit.prose.engine import scan_text
    from pmkit.prose.lexicon import default_lexicon

    lexicon = default_lexicon(lang)
    assert scan_text(unit * 3, lexicon, names=["Alice"])  # the phrase is found

    def cost(n: int) -> int:
        return lines_run(lambda: scan_text(unit * n, lexicon, names=["Alice"]), "prose/engine.py")

    assert grows_linearly(cost, 100)


def test_many_findings_resolve_overlaps_as_before() -> None:
    import random

    from pmkit.prose import Finding
    from pmkit.prose.engine import _resolve_overlaps

    def old(found: list[Finding]) -> list[Finding]:
        from pmkit.prose.engine import _PRIORITY

        found.sort(key=lambda f: (_PRIORITY.get(f.category, 99), f.start, -(f.end - f.start)))
        kept: list[Finding] = []
        for finding in found:
            if any(k.start < finding.end and finding.start < k.end for k in kept):
                continue
            kept.append(finding)
        kept.sort(key=lambda f: (f.start, f.end))
        return kept

    categories = ["named-person", "human-error", "blame", "judgement", "hindsight", "other"]
    rng = random.Random(7)
    for _ in range(300):
        found = []
        for _ in range(rng.randrange(0, 30)):
            start = rng.randrange(0, 60)
            end = start + rng.randrange(1, 12)
            found.append(Finding(category=rng.choice(categories), code="PM3", entry="e", start=start,
                                 end=end, text="", message="", suggestion="", explanation=""))
        assert _resolve_overlaps(list(found)) == old(list(found))


def test_long_subject_is_cut_to_its_last_words() -> None:
    from pmkit.prose.engine import _MAX_SUBJECT_TOKENS, scan_text
    from pmkit.prose.lexicon import default_lexicon

    words = " ".join(f"w{i}" for i in range(200))
    (finding,) = scan_text(f"The {words} engineer should have rolled back.", default_lexicon("en"))
    assert finding.code == "PM302"
    assert finding.subject.split()[-1] == "engineer"
    assert len(finding.subject.split()) == _MAX_SUBJECT_TOKENS


def test_finding_text_is_the_text_as_written() -> None:
    from pmkit.prose import scan

    text = "The outage was human\nerror."
    (finding,) = scan(text, "en")
    assert finding.text == text[finding.start:finding.end] == "human\nerror"
    assert finding.message.endswith('"human error"')


# --- PM503: vague impact ------------------------------------------------------------------------


def test_repeated_vague_phrase_is_found_everywhere() -> None:
    found = check(HEADER + "summary: " + "some users. " * 2500 + "\n", ["PM503"])
    assert len(found) == 2500
    assert where(found)[:2] == [("PM503", 7, 10), ("PM503", 7, 22)]
    assert where(found)[-1] == ("PM503", 7, 29998)
