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

from helpers import grows_linearly, lines_run, run, where
from pmkit.diagnostics import Diagnostic
from pmkit.prose import Finding

HEADER = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n"


def check(text: str, select: list[str]) -> list[Diagnostic]:
    return run(text, select=select)


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
    "human error was not the only cause ",  # a negation after the phrase, restricted
    "human  error  caused  it ",  # runs of blanks
]
GERMAN_UNITS = [
    "Das war doch klar ",
    "Der junge Entwickler ignorierte die Warnung ",
    "Man hätte doch nur die Logs lesen müssen ",
    "Ursache des Ausfalls war menschliches Versagen ",
    "Der Alarm wurde vom Techniker ignoriert ",  # a passive's agent before the participle
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

    from pmkit.prose.engine import _by_priority, _resolve_overlaps

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
        assert _by_priority(list(found)) == old(list(found))
        assert _resolve_overlaps(list(found)) == reference(list(found), old)


def reference(found: list[Finding], old: Callable[[list[Finding]], list[Finding]]) -> list[Finding]:
    """What ``_resolve_overlaps`` does, the slow way: a phrase inside a longer one (of error
    severity only inside one of error severity) gives way to it, unless the longer one loses."""
    from pmkit.prose.engine import _SEVERE

    def inside(inner: Finding, outer: Finding) -> bool:
        return (outer.start <= inner.start and inner.end <= outer.end
                and outer.end - outer.start > inner.end - inner.start
                and (inner.category not in _SEVERE or outer.category in _SEVERE))

    inner = [i for i, f in enumerate(found) if any(inside(f, o) for o in found if o is not f)]
    kept = old([f for i, f in enumerate(found) if i not in inner])
    again = [found[i] for i in inner
             if not any(k.start <= found[i].start and found[i].end <= k.end for k in kept)]
    return old(kept + again) if again else kept


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
    assert finding.message.startswith('"human error" ')  # quoted as one line


# --- PM503: vague impact ------------------------------------------------------------------------


def test_repeated_vague_phrase_is_found_everywhere() -> None:
    found = check(HEADER + "summary: " + "some users. " * 2500 + "\n", ["PM503"])
    assert len(found) == 2500
    assert where(found)[:2] == [("PM503", 7, 10), ("PM503", 7, 22)]
    assert where(found)[-1] == ("PM503", 7, 29998)


# --- timeline order and offsets (PM105, PM114) ---------------------------------------------------


def old_longest_ordered(times: list[Any]) -> set[int]:
    """The quadratic algorithm that pmkit used before, as the reference."""
    n = len(times)
    if not n:
        return set()
    length = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if times[j] <= times[i] and length[j] + 1 > length[i]:
                length[i] = length[j] + 1
                prev[i] = j
    best = max(range(n), key=lambda i: (length[i], -i))
    keep: set[int] = set()
    while best != -1:
        keep.add(best)
        best = prev[best]
    return keep


def test_longest_ordered_chooses_as_the_old_algorithm_did() -> None:
    import random
    from datetime import datetime, timedelta, timezone

    from pmkit.rules.timeline import _longest_ordered

    rng = random.Random(11)
    base = datetime(2018, 10, 21, 10, tzinfo=timezone.utc)
    for trial in range(1500):
        size = rng.randrange(0, 40)
        spread = rng.choice([1, 3, 10, 100])  # few distinct times: many ties
        times = [base + timedelta(minutes=rng.randrange(spread)) for _ in range(size)]
        if trial % 5 == 0:
            times.sort(reverse=rng.random() < 0.5)
        assert _longest_ordered(times) == old_longest_ordered(times), times


def test_nearest_out_of_order_entries() -> None:
    import random

    from pmkit.rules.timeline import _nearest_out_of_order

    rng = random.Random(5)
    for _ in range(500):
        times: list[Any] = [rng.randrange(8) for _ in range(rng.randrange(0, 30))]
        later_before, earlier_after = _nearest_out_of_order(times)
        for pos, moment in enumerate(times):
            before = [i for i in range(pos) if times[i] > moment]
            after = [i for i in range(pos + 1, len(times)) if times[i] < moment]
            assert later_before[pos] == (before[-1] if before else -1)
            assert earlier_after[pos] == (after[0] if after else -1)


def timeline(lines: list[str]) -> str:
    return HEADER + "timeline:\n" + "".join(f"  - {{at: {at}}}\n" for at in lines)


def test_many_equal_times_are_in_order() -> None:
    found = check(timeline(["2018-10-21T10:00:00Z"] * 3000), ["PM1"])
    assert not [d for d in found if d.code == "PM105"]
    assert ("PM109", 7, 1) in where(found)
    actor = next(d.message for d in found if d.code == "PM109")
    assert "none of the 3000 timeline entries has an actor" in actor


def test_many_entries_out_of_order_are_each_reported() -> None:
    from pmkit.rules import timeline as rules

    # 40 minutes, each written from second 59 down to second 1 (a time on the minute, :00, is
    # its whole minute next to times to the second, and so in order after them).
    times = [f"2018-10-21T10:{b:02d}:{59 - s:02d}Z" for b in range(40) for s in range(59)]
    with pytest.MonkeyPatch.context() as mp:
        calls = 0
        counter = rules.Counter

        def counted(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            return counter(*args)

        mp.setattr(rules, "Counter", counted)
        found = check(timeline(times), ["PM105", "PM114"])
    assert calls == 1  # the dominant offset is computed once, not once per entry
    assert len(found) == 2320
    assert where(found)[:3] == [("PM105", 9, 10), ("PM105", 10, 10), ("PM105", 11, 10)]
    assert where(found)[-1] == ("PM105", 2367, 10)
    assert found[0].message == ("the entry at 2018-10-21 10:00:58 UTC is listed after the entry at "
                                "2018-10-21 10:00:59 UTC (line 8): the timeline is out of order")
    # Not the entry listed before it (10:39:02, out of place too): the one in order it belongs before.
    assert found[-1].message == ("the entry at 2018-10-21 10:39:01 UTC is listed after the entry at "
                                 "2018-10-21 10:39:59 UTC (line 2309): the timeline is out of order")


def test_many_entries_in_another_offset() -> None:
    # Every third entry in +02:00 and out of order: PM105 with the offset advice.
    times = [f"2018-10-21T{10 + i // 600:02d}:{i // 10 % 60:02d}:{i % 10 * 6:02d}"
             + ("+02:00" if i % 3 == 0 else "Z") for i in range(2400)]
    found = check(timeline(times), ["PM105", "PM114"])
    assert len(found) == 800
    assert where(found)[:3] == [("PM114", 8, 10), ("PM105", 11, 10), ("PM105", 14, 10)]
    assert where(found)[-1] == ("PM105", 2405, 10)
    assert found[0].message.startswith("this entry is written in +02:00 while 1600 others use UTC")
    assert found[-1].message == ("the entry at 2018-10-21 13:59:42 +02:00 (11:59:42 UTC) is listed after the "
                                 "entry at 2018-10-21 13:59:36 UTC (line 2404): the timeline is out of order")
    assert found[1].hint.startswith("Its offset differs from the other entries (UTC); written as 2018-10-21 "
                                    "10:00:18 UTC it would be in order.")


def test_many_entries_in_another_offset_that_fit_both() -> None:
    from datetime import datetime, timedelta

    # Every third entry written in +02:00, in order as written and as UTC: PM114 for each.
    start = datetime(2018, 1, 1)
    times = [(start + timedelta(hours=3 * i + 1)).strftime("%Y-%m-%dT%H:%M:00+02:00") if i % 3 == 1
             else (start + timedelta(hours=3 * i)).strftime("%Y-%m-%dT%H:%M:00Z") for i in range(1500)]
    found = check(timeline(times), ["PM105", "PM114"])
    assert [d.code for d in found] == ["PM114"] * 500
    assert where(found)[:2] == [("PM114", 9, 10), ("PM114", 12, 10)]
    assert where(found)[-1] == ("PM114", 1506, 10)
    assert found[-1].message == ("this entry is written in +02:00 while 1000 others use UTC; its wall clock "
                                 "fits 2018-07-07 07:00 UTC as well")


# --- suppressions ---------------------------------------------------------------------------------


def test_thousands_of_suppressions() -> None:
    lines = [f"k{i}: 1  # pmkit: ignore[PM010]\n" for i in range(3000)]
    lines[100] = "k100: 1\n"
    lines[200] = "# pmkit: ignore[PM010] the key below is known\n"
    lines[300] = "k300: 1  # pmkit: ignore[PM010, PM301]\n"
    lines[2999] = "k2999: 1  # pmkit: ignore[PM0103]\n"
    found = check(HEADER + "".join(lines), ["PM0", "PM3", "PM9"])
    assert where(found) == [("PM010", 107, 1), ("PM901", 307, 10), ("PM010", 3006, 1), ("PM902", 3006, 11)]
    assert found[1].message == "unused suppression: no PM301 finding on line 307"


def test_suppressions_silence_what_comparing_each_pair_did() -> None:
    import random

    from pmkit.suppress import Suppression, silenced

    rng = random.Random(3)
    selectors = ["PM010", "PM0", "PM3", "pm30", "human-error", "PM301", "unknown-key"]
    rules = [("PM010", "unknown-key"), ("PM301", "human-error"), ("PM302", "hindsight-counterfactual")]
    for _ in range(400):
        diags = []
        for _ in range(rng.randrange(0, 25)):
            code, name = rng.choice(rules)
            diags.append(Diagnostic("f", rng.randrange(1, 30), 1, code, "m", name=name))

        specs = []
        for line in range(rng.randrange(0, 15)):
            first = rng.randrange(1, 30)
            last = first + rng.choice([0, 0, 1, 5, 40])
            specs.append((line, rng.sample(selectors, rng.randrange(1, 3)), first, last))
        new = [Suppression(line, 1, list(sel), "", first, last) for line, sel, first, last in specs]
        old = [Suppression(line, 1, list(sel), "", first, last) for line, sel, first, last in specs]
        quiet = silenced(new, diags)
        for diag in diags:
            covered = False
            for sup in old:
                naming = sup.covers(diag)
                if naming:
                    sup.used.update(naming)
                    covered = True
            assert ((diag.line, diag.code, diag.name) in quiet) == covered
        assert [sup.used for sup in new] == [sup.used for sup in old]


# --- Markdown: HTML comments and positions --------------------------------------------------------

FRONT = "---\npmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"


def test_strip_comments_removes_what_these_expressions_do() -> None:
    """A comment on a line of its own ends at its first "-->" (the old expression ran on to a
    later one and took the text between with it); the scan does what these expressions do."""
    import random
    import re

    from pmkit.markdown import strip_comments

    own_line = re.compile(r"^[ \t]*<!--(?:(?!-->).)*-->[ \t\r]*(?:\n|$)", re.DOTALL | re.MULTILINE)
    inline = re.compile(r"[ \t]*<!--.*?-->", re.DOTALL)
    indented = re.compile(r"^(?: {4}| {0,3}\t)", re.MULTILINE)
    rng = random.Random(1)
    parts = ["<!--", "-->", " ", "\t", "\n", "x", "<", "-", ">", "!", "<!-->", "\r\n", "--->"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 14)))
        if indented.search(text):
            continue  # a line that may be indented code, whose comments stay (the expressions knew no code)
        assert strip_comments(text) == inline.sub("", own_line.sub("", text)), repr(text)


def test_blank_comments_blanks_what_the_old_expression_did() -> None:
    import random
    import re

    from pmkit.markdown import blank_comments

    rng = random.Random(2)
    indented = re.compile(r"^(?: {4}| {0,3}\t)", re.MULTILINE)
    parts = ["<!--", "-->", " ", "\n", "x", "<", "-", ">", "!", "<!-->"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
        if indented.search(text):
            continue  # a line that may be indented code, blanked whole (the expression knew no code)
        old = re.sub(r"<!--.*?-->", lambda m, text=text: blanked(m, text), text, flags=re.DOTALL)
        assert blank_comments(text) == old, repr(text)


def blanked(match: Any, text: str) -> str:
    """A comment blanked out: spaces, but zero-width ones on its last line when text follows
    there (blanks would indent that text into code)."""
    import re

    out = re.sub(r"[^\n]", " ", match.group())
    if text[match.end():].split("\n", 1)[0].strip(" \t\r"):
        last = out.rfind("\n") + 1
        out = out[:last] + "\u200b" * (len(out) - last)
    return out


def test_unclosed_comment_in_a_section() -> None:
    text = (FRONT + "## Summary\nThe outage was human error. <!-- a note --> Some users saw human error.\n"
            + "<!-- " * 20000 + "\nhuman error\n")
    found = run(text, select=["PM301", "PM503"], path="pm.md")
    assert where(found) == [("PM301", 10, 16), ("PM503", 10, 45), ("PM301", 10, 60), ("PM301", 12, 1)]


def test_unclosed_comments_on_many_lines() -> None:
    text = FRONT + "## Summary\nThe outage was human error.\n" + "<!-- a\n" * 20000 + "## Background\nMore.\n"
    assert where(run(text, select=["PM301", "PM503"], path="pm.md")) == [("PM301", 10, 16)]


def test_unclosed_comment_in_a_body_without_known_sections() -> None:
    text = (FRONT + "## Background\nThe outage was human error.\n<!-- x --> human error\n"
            + "<!-- " * 20000 + "\nhuman error\n")
    found = run(text, select=["PM301", "PM503"], path="pm.md")
    assert where(found) == [("PM301", 10, 16), ("PM301", 11, 12), ("PM301", 13, 1)]


def test_many_bullets_with_comments() -> None:
    found = run(FRONT + "## What went wrong\n" + "- human error <!-- a -->\n" * 5000, select=["PM301"],
                path="pm.md")
    assert len(found) == 5000
    assert where(found)[:2] == [("PM301", 10, 3), ("PM301", 11, 3)]
    assert where(found)[-1] == ("PM301", 5009, 3)


def test_line_col() -> None:
    from pmkit.textmap import line_col

    text = "ab\ncd\n\nef"
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert line_col(text, offset) == (line, col)


def test_many_findings_in_a_body_without_known_sections() -> None:
    paragraph = "The outage was human error.\nA customer wrote from 81.2.69.160 twice.\n"
    text = FRONT + "## Background\n" + paragraph * 3000
    found = run(text, select=["PM301", "PM505"], path="pm.md")
    assert len(found) == 6000
    assert where(found)[:3] == [("PM301", 10, 16), ("PM505", 11, 23), ("PM301", 12, 16)]
    assert where(found)[-1] == ("PM505", 6009, 23)
    assert [(d.end_line, d.end_col) for d in found[:2]] == [(10, 27), (11, 34)]


# --- long prose: syllables and word classes --------------------------------------------------------


def test_long_repetitive_summary() -> None:
    from pmkit.syllables import CmuLexicon

    with pytest.MonkeyPatch.context() as mp:
        searched: list[str] = []
        search = CmuLexicon._search

        def counted(self: CmuLexicon, word: str) -> str | None:
            searched.append(word)
            return search(self, word)

        mp.setattr(CmuLexicon, "_search", counted)
        found = check(HEADER + "summary: " + "It broke. " * 20000 + "The new developer broke production.\n",
                      ["PM3", "PM501", "PM502"])
    assert where(found) == [("PM501", 7, 10), ("PM308", 7, 200014)]
    assert found[0].message.startswith("summary is hard to read: Flesch reading ease -40482.9")
    assert found[1].message == '"new developer broke" blames a role for an action'
    assert len(searched) == len(set(searched))  # each word is looked up in the dictionary once


def test_words_are_classified_once() -> None:
    from pmkit.prose.engine import Analysis, scan_text
    from pmkit.prose.lexicon import default_lexicon

    with pytest.MonkeyPatch.context() as mp:
        classified: list[str] = []
        classify = Analysis._classify

        def counted(self: Analysis, token: Any, index: int) -> str:
            classified.append(token.text)
            return classify(self, token, index)

        mp.setattr(Analysis, "_classify", counted)
        found = scan_text("The engineer broke production. " * 500, default_lexicon("en"))
    assert len(found) == 500
    assert len(classified) == len(set(classified))


# --- PM504: numbers in the impact text ---------------------------------------------------------


def test_states_counts_agrees_with_a_plain_search() -> None:
    import random

    from pmkit.vagueness import lexicon, states_counts

    rng = random.Random(4)
    parts = ["1", "2", " ", "  ", ",", ".", "'", "’", "%", "a", "x1", "users", "customers", "affected",
             "thousand", "Mio.", "Kunden", "-", "\n", "+"]
    for lang in ("en", "de"):
        pattern = lexicon(lang).count
        for _ in range(20000):
            text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
            assert states_counts(text, lang) == (pattern.search(text) is not None), (lang, text)


def test_long_run_of_numbers_in_the_summary() -> None:
    text = HEADER + "summary: " + "1 " * 20000 + "\nimpact:\n  description: slow\n"
    found = check(text, ["PM504"])
    assert where(found) == [("PM504", 8, 1)]
    assert found[0].message.startswith("impact of a SEV3 incident gives no numbers")
    text = HEADER + "summary: " + "1. " * 20000 + "2 customers\nimpact:\n  description: slow\n"
    found = check(text, ["PM504"])
    assert where(found) == [("PM504", 8, 1)]
    assert found[0].message.startswith("impact of a SEV3 incident has numbers only in its text")


# --- protected text (quotes, code, links) ------------------------------------------------------------


def old_protected_ranges(text: str) -> list[tuple[int, int]]:
    """pmkit's earlier version, which compared every position with every range, as the reference."""
    import re

    from pmkit.prose.shown import _MAX_QUOTE, _PAIRS, _URL, _code

    ranges: list[tuple[int, int]] = _code(text)
    ranges.extend(m.span() for m in _URL.finditer(text))

    def free(pos: int) -> bool:
        return not any(a <= pos < b for a, b in ranges)

    pos = 0
    while True:
        start = text.find('"', pos)
        if start < 0:
            break
        end = text.find('"', start + 1)
        if end < 0:
            break
        if free(start) and end - start <= _MAX_QUOTE and "\n\n" not in text[start:end]:
            ranges.append((start, end + 1))
            pos = end + 1
        else:
            pos = start + 1
    for opening, closing in _PAIRS:
        pos = 0
        while True:
            start = text.find(opening, pos)
            if start < 0:
                break
            if opening == "\u2018" and start > 0 and text[start - 1].isalnum():
                pos = start + 1
                continue
            end = text.find(closing, start + 1)
            if closing == "\u2019":
                while end > 0 and end + 1 < len(text) and text[end + 1].isalnum():
                    end = text.find(closing, end + 1)
            if end < 0 or end - start > _MAX_QUOTE:
                pos = start + 1
                continue
            if free(start):
                ranges.append((start, end + 1))
            pos = end + 1
    for match in re.finditer(r"(?:(?<=^)|(?<=[\s(\[{:]))'(?=\S)", text):
        start = match.start()
        if not free(start):
            continue
        for close in re.finditer(r"(?<=\S)'(?=$|[\s.,;:!?)\]}])", text[start + 1:start + 1 + _MAX_QUOTE]):
            end = start + 1 + close.start()
            ranges.append((start, end + 1))
            break
    return sorted(ranges)


def test_protected_ranges_are_those_found_before() -> None:
    import random

    from pmkit.prose import shown as shown_text

    rng = random.Random(9)
    parts = ['"', "'", "‘", "’", "“", "”", "„", "«", "»", "‚", "`", "```", " ", "\n", "\n\n", "a", "s", "(",
             ".", "http://x.io/a", "www.y.org", "human error"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shown_text, "_MAX_QUOTE", 12)  # so that random texts reach the limit
        for _ in range(20000):
            text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 16)))
            assert shown_text.protected_ranges(text) == old_protected_ranges(text), repr(text)
    for _ in range(300):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 400)))
        assert shown_text.protected_ranges(text) == old_protected_ranges(text), repr(text)


@pytest.mark.parametrize("unit", ['"a" human error ', "‘a’s human error ", "'a' human error ",
                                  "'a human error ", "`x` human error ", "http://x.io/a human error ",
                                  "“a human error "])
def test_many_quotes_grow_linearly(unit: str) -> None:
    from pmkit.prose.engine import scan_text
    from pmkit.prose.lexicon import default_lexicon

    lexicon = default_lexicon("en")

    def cost(n: int) -> int:
        return lines_run(lambda: scan_text(unit * n, lexicon), "prose/engine.py")

    assert grows_linearly(cost, 200)


def test_quoted_phrases_are_not_reported() -> None:
    text = HEADER + "summary: >\n" + '  They said "human error" but it was human error.\n' * 2000
    found = check(text, ["PM301"])
    assert len(found) == 2000
    assert where(found)[:2] == [("PM301", 8, 38), ("PM301", 9, 38)]
    assert where(found)[-1] == ("PM301", 2007, 38)


def test_many_named_people_in_the_timeline() -> None:
    from pmkit.prose import engine

    entries = "".join(f"  - {{at: 2018-10-21T10:{i // 60 % 60:02d}:{i % 60:02d}Z, actor: Zed{i} Smith, "
                      f"event: Zed{i} Smith should have rolled back}}\n" for i in range(2000))
    with pytest.MonkeyPatch.context() as mp:
        calls = 0
        name_tokens = engine.name_tokens

        def counted(*args: Any) -> frozenset[str]:
            nonlocal calls
            calls += 1
            return name_tokens(*args)

        mp.setattr(engine, "name_tokens", counted)
        found = check(HEADER + "timeline:\n" + entries, ["PM3"])
    assert calls == 1  # the 2000 names are read once, not once for each of the 2000 events
    assert len(found) == 2000
    assert where(found)[:2] == [("PM309", 8, 69), ("PM309", 9, 69)]
    assert where(found)[-1] == ("PM309", 2007, 75)
    assert found[0].message == ('"should have rolled" is a hindsight counterfactual about the named person '
                                '"Zed0 Smith"')


def test_many_sections() -> None:
    found = run(FRONT + "## Summary\nhuman error\n" + "## B\n" * 20000, select=["PM301"], path="pm.md")
    assert where(found) == [("PM301", 10, 1)]


def test_suppression_comments_are_read_as_the_patterns_find_them() -> None:
    import random

    from pmkit.suppress import _HTML_COMMENT, _YAML_COMMENT, _comments

    rng = random.Random(6)
    parts = ["# pmkit: ignore[", "#pmkit:ignore[", "<!-- pmkit: ignore[", "<!--pmkit:ignore[", "]", "-->",
             " ", "PM301", ",", "x", "#", "<!--", "-", ">", "\t", "pmkit"]
    for _ in range(30000):
        line = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 10)))
        for pattern in (_YAML_COMMENT, _HTML_COMMENT):
            expected = [(m.span(), m.groupdict()) for m in pattern.finditer(line)]
            found = [(m.span(), m.groupdict()) for m in _comments(pattern, line, lambda index: False)]
            assert found == expected, (pattern, line)


def test_unfinished_suppression_comments_on_one_line() -> None:
    text = HEADER + "x: 1 " + "# pmkit: ignore[ " * 10000 + "\n"
    assert where(check(text, ["PM0", "PM9"])) == [("PM010", 7, 1), ("PM902", 7, 6)]  # one a line
    closed = "<!-- pmkit: ignore[PM301] x --> "
    text = FRONT + "## Summary\nText " + closed * 10000 + "<!-- pmkit: ignore PM301 -->\n"
    found = run(text, select=["PM3", "PM9"], path="pm.md")
    assert where(found)[-1] == ("PM902", 10, 6 + len(closed) * 10000)
    opened = "<!-- pmkit: ignore[PM301] "
    text = FRONT + "## Summary\nText " + opened * 10000 + opened + "-->\n"
    found = run(text, select=["PM3", "PM9"], path="pm.md")
    assert where(found) == [("PM901", 10, 6)]
    assert found[0].message == "unused suppression: no PM301 finding on line 10"


@pytest.mark.parametrize("unit", ["1.", "x-", "192.168."])
def test_long_runs_that_look_like_addresses_are_scanned_in_linear_time(unit: str) -> None:
    # Unbounded repeats in the link and password-in-URL patterns searched such a run to its end
    # and back from every position (minutes for 60 KB); bounded, the result is the same.
    from pmkit import privacy, readability

    run = unit * (60_000 // len(unit))
    assert privacy.scan(run) == []
    assert "link" not in readability.prepare(run)
    assert readability.prepare("write to ops@acme.com or see status.acme.io today") == \
        "write to link or see link today"


def test_many_strings_that_contain_suppressions_on_one_line() -> None:
    # Each "# pmkit: ignore" inside a string is its text; looking past each must not read the
    # rest of the line again (32,000 of them took minutes that way).
    for item in ('"x # pmkit: ignore[PM301] y"', '"x # pmkit: ignore y"'):
        line = "tagz: [" + ", ".join([item] * 32000) + "]"  # an unknown key: PM010
        assert [d.code for d in check(HEADER + line + "\n", ["PM0", "PM9"])] == ["PM010"]
        assert check(HEADER + line + "  # pmkit: ignore[PM010] z\n", ["PM0", "PM9"]) == []


@pytest.mark.parametrize("unit", ["<!-- --> ", "`<!--` "])
def test_a_long_line_of_comments_is_read_once(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each comment of a line used to find, slice and search the whole line again (1.3 MB of
    them took 40 s): the line's code spans are worked out once for all its comments."""
    from pmkit import markdown

    calls: list[int] = []
    spans = markdown.code_spans

    def counted(line: str) -> tuple[list[int], list[int]]:
        calls.append(len(line))
        return spans(line)

    monkeypatch.setattr(markdown, "code_spans", counted)
    text = FRONT + "## Summary\n\n" + unit * 5000 + "human error\n"
    assert where(run(text, select=["PM301"], path="pm.md")) == [("PM301", 11, 5000 * len(unit) + 1)]
    assert sum(1 for length in calls if length > 1000) <= 10  # not once per comment (5,000)


def test_repeated_headings_are_numbered_in_linear_time() -> None:
    """Each repeated heading's key ("Summary (2)", "Summary (3)"...) used to be searched from 2
    again: 20,000 equal headings took minutes in the history rules' reading of the body."""
    from pmkit.facts import body_parts

    def keys(n: int) -> list[str]:
        return [key for key, *_ in body_parts(FRONT + "## Summary\n\nok\n\n" * n, 9)]

    assert keys(3) == ["Summary", "Summary (2)", "Summary (3)"]
    mixed = FRONT + "## A (2)\n\nx\n\n## A\n\nx\n\n## A\n\nx\n\n## A\n\nx\n\n## A (3)\n\nx\n"
    assert [key for key, *_ in body_parts(mixed, 9)] == ["A (2)", "A", "A (3)", "A (4)", "A (3) (2)"]
    assert grows_linearly(lambda n: lines_run(lambda: keys(n), "pmkit/facts.py"), 400)


# --- counted once: decision verbs, syllables --------------------------------------------------


def test_decision_verbs_are_worked_out_once_per_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """PM207 and PM208 share one reading of the timeline: with more entries than the verbs'
    cache holds, each rule used to read every entry again."""
    from functools import lru_cache

    from pmkit.rules import decisions

    small = lru_cache(maxsize=8)(decisions._decision_verbs.__wrapped__)
    monkeypatch.setattr(decisions, "_decision_verbs", small)
    entries = "".join(f"  - at: 2026-01-01T10:{i:02d}:00Z\n    actor: ops\n"
                      f"    event: We decided to roll back release {i}.\n" for i in range(40))
    found = check(HEADER + "timeline:\n" + entries, ["PM207", "PM208"])
    assert [d.code for d in found] == ["PM207"] * 40
    assert small.cache_info().misses == 40


def test_syllables_are_counted_once_per_distinct_word(monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit import readability

    asked: list[str] = []
    original = readability.syllables

    def counted(word: str, lang: str) -> int:
        asked.append(word)
        return original(word, lang)

    monkeypatch.setattr(readability, "syllables", counted)
    result = readability.score("The cache node restarted. " * 500, "en")
    assert result.words == 2000
    assert sorted(asked) == ["The", "cache", "node", "restarted"]
