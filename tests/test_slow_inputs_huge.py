"""Files near the size limit made of one odd character (backslashes, entities, unknown keys):
the findings stay those of a short file, and the work grows no faster than the file."""

from __future__ import annotations

import difflib

import pytest

from helpers import run, where
from pmkit import markdown, syllables, textmap
from pmkit.config import did_you_mean
from pmkit.diagnostics import closest
from pmkit.loader import Span
from pmkit.prose import shown as shown_text


def test_a_run_of_backslashes_reads_as_one_cut_and_finds_the_words_after_it() -> None:
    sizes = []
    for n in (1_000, 4_000):
        text = "\\" * n + "#human error"
        shown, back = shown_text.as_shown(text)
        assert shown == "#human error"
        assert text[slice(*back(1, 12))] == "human error"
        sizes.append(len(shown_text._squeeze(text)[1][0]))
    # The way back holds one place for the whole run, not one per backslash.
    assert sizes[0] == sizes[1]


def test_escapes_and_emphasis_next_to_each_other_map_back_as_before() -> None:
    text = "\\*\\*human\\* \\_error\\_ &amp;&amp; it"
    shown, back = shown_text.as_shown(text)
    assert shown == "human error && it"
    start = shown.index("human")
    assert text[slice(*back(start, start + 5))] == "human"


def test_a_markdown_summary_of_backslashes_still_finds_human_error() -> None:
    body = "## Summary\n\n" + "\\" * 20_000 + "\n\nIt was human error.\n"
    found = run("---\npmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"
                + body, path="pm.md", select=["PM3"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM301", 13, 8)]


FRONT_MD = "---\npmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"
FRONT_YAML = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n"


def test_a_misspelt_key_still_gets_its_suggestion() -> None:
    found = run(FRONT_YAML + "sumary: It broke.\n", select=["PM0"])
    assert any("did you mean 'summary'" in d.message for d in found), [d.message for d in found]


def test_suggestions_are_those_difflib_gives() -> None:
    allowed = ["summary", "timeline", "impact", "status", "severity", "title", "id", "lang"]
    for word in ["sumary", "tilte", "k1", "", "stauts", "severty", "imapct", "xyz", "id_", "i"]:
        for cutoff in (0.0, 0.6, 0.8):
            expected = difflib.get_close_matches(word, allowed, n=1, cutoff=cutoff)
            assert closest(word, allowed, cutoff) == (expected[0] if expected else None)
    assert did_you_mean("statuss", ["status", "stats"]) == " (did you mean 'status'?)"


def test_many_made_up_keys_are_not_each_compared_letter_by_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    quick_ratio = difflib.SequenceMatcher.quick_ratio

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        nonlocal calls
        calls += 1
        return quick_ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "quick_ratio", counted)
    counts = []
    for n in (500, 2_000):
        calls = 0
        found = run(FRONT_YAML + "".join(f"k{i}: 1\n" for i in range(n)), select=["PM0"])
        assert sum("k1" in d.message for d in found) >= 1
        assert not any("did you mean" in d.message for d in found)
        counts.append(calls)
    assert counts[1] <= counts[0]


def test_a_long_repeating_word_is_hyphenated_as_before_looking_each_stretch_up_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hyphenate = syllables.hyphenator("en_US")
    if not isinstance(hyphenate, syllables.Hyphenator):
        pytest.skip("no pyphen dictionary file")
    calls = 0
    get = syllables.PatternIndex.get

    def counted(self: syllables.PatternIndex, letters: str) -> syllables.Pattern | None:
        nonlocal calls
        calls += 1
        return get(self, letters)

    monkeypatch.setattr(syllables.PatternIndex, "get", counted)
    counts = []
    for n in (2_000, 8_000):
        calls = 0
        points = syllables.Hyphenator.points(hyphenate, "amp" * n)
        # A point after every "am", as in the short word "ampamp".
        assert points == list(range(2, 3 * n, 3))
        counts.append(calls)
    assert counts[1] <= counts[0]


def test_a_big_markdown_section_is_placed_without_a_walk_over_each_character() -> None:
    words = "&amp;" * 4_000 + " It was human error."
    text = "## Summary\n\n  " + words + "\n"
    span = Span(2, 1, 4, 1)
    offsets = textmap._walk(text, True, None, span, words)
    assert list(offsets) == list(range(text.index("&"), text.index("&") + len(words)))
    # Placed at once, not one character at a time (what took seconds for a megabyte).
    assert isinstance(offsets, range)
    found = run(FRONT_MD + "## Summary\n\n" + "&amp;" * 4_000 + " It was human error.\n",
                path="pm.md", select=["PM301"])
    assert where(found) == [("PM301", 11, 20_009)]


def test_a_markdown_section_next_to_a_comment_is_placed_as_before() -> None:
    text = "## Summary\n\nab<!--c-->\n"
    span = Span(2, 1, 4, 1)
    assert list(textmap._walk(text, True, None, span, "ab<")) == [12, 13, 22]
    assert list(textmap._walk(text, True, None, span, "ab")) == [12, 13]


def test_a_long_body_of_fence_lines_is_read_line_by_line_fewer_times(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    classify = markdown._Blocks.classify

    def counted(self: markdown._Blocks, line: str) -> str:
        nonlocal calls
        calls += 1
        return classify(self, line)

    monkeypatch.setattr(markdown._Blocks, "classify", counted)
    lines = 20_000
    found = run(FRONT_MD + "## Summary\n\n" + "```\n" * lines + "It was human error.\n", path="pm.md")
    # The fences open and close in pairs: the words after them are prose.
    assert ("PM301", lines + 11, 8) in where(found)
    # Each line was read four times per check: for the sections, for the code the phrase rules
    # skip, and once for each of the two rules that scan the body (blameless, placeholders).
    assert calls <= 3 * lines + 100


def test_a_markdown_section_with_its_line_break_is_placed_as_before() -> None:
    assert list(textmap._walk("## Summary\n\nab cd\n", True, None, Span(3, 1, 3, 6), "ab cd\n")) \
        == [12, 13, 14, 15, 16, 16]
    placed = []
    for n in (3_000, 12_000):
        text = "## Summary\n\n" + "&amp;" * n + "\n"
        offsets = textmap._walk(text, True, None, Span(3, 1, 3, 5 * n + 1), "&amp;" * n + "\n")
        assert list(offsets[:-1]) == list(range(12, 12 + 5 * n))
        placed.append(list(offsets[-3:]))
    # The line break after the field's end is placed on its last character, as the walk placed it.
    assert placed == [[15_010, 15_011, 15_011], [60_010, 60_011, 60_011]]
