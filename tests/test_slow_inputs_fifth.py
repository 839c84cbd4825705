"""Files near the size limit made of one Markdown construct repeated (fence, quote or list lines,
entities), many matches of one blameless phrase, and long lists of a team's own vague phrases:
the findings stay those the older, slower code gave, and the work does not grow with what
cannot match."""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from typing import Any

import pytest

from helpers import run, where
from pmkit import vagueness

FRONT_YAML = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: {lang}\nseverity: SEV3\n"


# --- vague quantities (PM503) and "no impact" sentences (PM504) -----------------------------------


def _first_characters(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` (compiled as vagueness._wrap compiles it, without
    the word boundaries) may start with, both cases; None when any may."""
    from re import _parser  # type: ignore[attr-defined]

    def first(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
        """(the characters, whether the items may match nothing)."""
        chars: set[str] = set()
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                return chars | {chr(av).lower(), chr(av).upper()}, False
            if name == "IN":
                for kind, value in av:
                    if str(kind) == "LITERAL":
                        chars |= {chr(value).lower(), chr(value).upper()}
                    elif str(kind) == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
                        chars |= set("0123456789")
                    else:
                        return None, False
                return chars, False
            if name in ("AT", "ASSERT", "ASSERT_NOT"):
                continue
            if name == "SUBPATTERN":
                inner, empty = first(list(av[3]))
            elif name == "BRANCH":
                inner, empty = set(), False
                for branch in av[1]:
                    got, may = first(list(branch))
                    if got is None:
                        return None, False
                    inner |= got
                    empty = empty or may
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                inner, empty = first(list(av[2]))
                empty = empty or av[0] == 0
            else:
                return None, False
            if inner is None:
                return None, False
            chars |= inner
            if not empty:
                return chars, False
        return chars, True

    chars, empty = first(list(_parser.parse(pattern, re.IGNORECASE)))
    return None if empty else chars


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_bundled_pattern_starts_where_the_one_pass_looks(lang: str) -> None:
    words = vagueness.lexicon(lang)
    first = re.compile(vagueness.FIRST)
    for pattern in words.phrases + words.no_impact:
        source = pattern.pattern
        # Without the word boundaries _wrap puts around it.
        inner = source[len(r"(?<![\w%])"):-len(r"(?!\w)")]
        chars = _first_characters(inner)
        assert chars is not None, source
        assert all(first.fullmatch(char) for char in chars), (source, sorted(chars))


def _old_find_vague(text: str, lang: str, extra: tuple[str, ...] = (), impact: bool = False) -> list[Any]:
    """find_vague as it was: every pattern searched over the whole text, as the reference."""
    from pmkit.prose.shown import as_shown, protected
    from pmkit.readability import sentences

    shown, back = as_shown(text)
    words = vagueness.lexicon(lang)
    data = vagueness._read(lang)
    data["lang"] = lang
    patterns = list(words.phrases) + [vagueness.compile_phrase(p, data) for p in extra]
    quoted = protected(shown)
    ends = [(end, begin) for begin, end in sentences(shown)]
    spans = []
    for index, pattern in enumerate(patterns):
        for match in pattern.finditer(shown):
            start, end = match.span()
            while end > start and shown[end - 1].isspace():
                end -= 1
            if end <= start or quoted.overlaps(start, end):
                continue
            if index in words.about_impact and not impact and not vagueness._about_impact(
                    shown, start, words, ends):
                continue
            spans.append((start, end))
    spans = vagueness.without_counted_shares(shown, spans, words, ends)
    spans = vagueness.without_stated_counts(shown, spans, words)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(back(start, end) for start, end in spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


PARTS = {
    "en": ["some users", "Some  users", "many of our customers", "a small number of", "a subset of",
           "most", "users", "about 98% of affected users", "~5% of users", "one in ten requests",
           "nearly all customers", "multiple customers were affected", "select merchants",
           "no customer impact", "customers were not affected", "a bunch of teams", "lots7 of shops",
           "xsome users", "%some users", "*some* users", "some&nbsp;users", "`some users`",
           "ſome users", "SOME USERS", "a", "of", " ", ". ", "\n", "\n\n", "```\n", "> ", "- ",
           "&amp; ", "12,000", "for some time customers could not pay"],
    "de": ["einige Kunden", "ein kleiner Teil der Kunden", "rund 98% der Betroffenen", "die meisten",
           "Nutzer", "weniger als ein Zwanzigstel", "mehrere Kunden waren betroffen", "keine Auswirkungen",
           "Kunden waren nicht betroffen", "nur intern", "~5 % der Kunden", "jeder zehnte Nutzer",
           " ", ". ", "\n", "```\n", "Firmenkunden", "einige Firmenkunden", "über", "eine Reihe von"],
}
EXTRA = ("a bunch of {who}", "lots7 of shops", r"\d+ lots of {who}", "shops?", "x|some", "(?:a)")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_vague_phrases_are_found_where_searching_each_pattern_found_them(lang: str) -> None:
    rng = random.Random(51)
    for _ in range(1500):
        text = "".join(rng.choice(PARTS[lang] + PARTS["en"][:8]) for _ in range(rng.randrange(0, 14)))
        for extra, impact in (((), False), (EXTRA, False), ((), True)):
            assert vagueness.find_vague(text, lang, extra, impact=impact) == _old_find_vague(
                text, lang, extra, impact), (text, extra, impact)
        assert vagueness.says_no_impact(text, lang) == any(
            p.search(text) for p in vagueness.lexicon(lang).no_impact), text


class _Counted:
    """A pattern that counts the characters it is asked to search."""

    def __init__(self, pattern: re.Pattern[str], seen: list[int]) -> None:
        self.pattern, self.seen = pattern, seen
        self.flags, self.groups = pattern.flags, pattern.groups

    def finditer(self, text: str, pos: int = 0) -> Any:
        self.seen.append(len(text) - pos)
        return self.pattern.finditer(text, pos)

    def search(self, text: str, pos: int = 0) -> Any:
        self.seen.append(len(text) - pos)
        return self.pattern.search(text, pos)

    def match(self, text: str, pos: int = 0) -> Any:
        self.seen.append(1)
        return self.pattern.match(text, pos)


@pytest.mark.parametrize("body", ["```\n", "> quote\n", "& ", "- item\n"])
def test_a_megabyte_without_a_vague_phrase_is_not_searched_by_each_pattern(
        monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    seen: list[int] = []
    real = vagueness.lexicon("en")
    counted = dataclasses.replace(real, phrases=tuple(_Counted(p, seen) for p in real.phrases),  # type: ignore[misc]
                                  no_impact=tuple(_Counted(p, seen) for p in real.no_impact))
    monkeypatch.setattr(vagueness, "lexicon", lambda lang, extra=(): counted)
    text = body * (1_000_000 // len(body)) + "Some users saw errors."
    assert vagueness.find_vague(text, "en") == [(len(text) - 22, len(text) - 12)]
    assert not vagueness.says_no_impact(text, "en")
    # Each of the dozen patterns read the whole megabyte; now each is tried where a phrase is.
    assert sum(seen) < 100


def test_the_letters_case_blind_matching_takes_for_ascii_are_all_known() -> None:
    for letter in "abcdefghijklmnopqrstuvwxyz0123456789":
        pattern = re.compile(letter, re.IGNORECASE)
        like = [chr(c) for c in range(0x80, sys.maxunicode + 1) if pattern.fullmatch(chr(c))]
        assert all(char.translate(vagueness._ASCII_LIKE) == letter for char in like), (letter, like)


@pytest.mark.parametrize(("pattern", "anchor"), [
    ("a bunch of {who}", "a"), ("bunch7 of {who}", "bunch7"), ("Shops?", "shop"), ("ab{0,1}", "a"),
    ("ab*c", "a"), ("ab+c", "ab"), ("{who} galore", ""), (r"\d+ lots", ""), ("lots|heaps", ""),
    ("lots(?:a|b)", "lots"), ("lots[|]x", "lots"), ("lots(?:x)|y", ""), ("lots\\|y", "lots"),
    ("lots[]|]", "lots"), ("(?:lots)", ""), ("über", ""),
])
def test_the_word_a_phrase_starts_with(pattern: str, anchor: str) -> None:
    assert vagueness._anchor(pattern) == anchor


def test_many_team_phrases_are_compiled_only_when_a_text_may_hold_them(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Any) -> None:
    phrases = [f"bunch{i} of {{who}}" for i in range(2_000)] + ["a bunch of {who}", r"\d+ lots of {who}"]
    compiled: list[str] = []
    compile_phrase = vagueness.compile_phrase

    def counted(pattern: str, data: dict[str, Any]) -> re.Pattern[str]:
        compiled.append(pattern)
        return compile_phrase(pattern, data)

    monkeypatch.setattr(vagueness, "compile_phrase", counted)
    vagueness.lexicon.cache_clear()
    config = {"clarity": {"vague_phrases": phrases}}
    found = run(FRONT_YAML.format(lang="en") + "summary: A bunch of teams and 7 lots of shops saw bunch12 of "
                "users.\n", select=["PM503"], config=config)
    assert where(found) == [("PM503", 7, 10), ("PM503", 7, 31), ("PM503", 7, 51)]
    phrases_found = [dict(d.data)["phrase"] for d in found]
    assert phrases_found == ["A bunch of teams", "7 lots of shops", "bunch12 of users"]
    # Each of the 2,000 was compiled twice to check the settings and once more for the rule. (The
    # bundled phrases of the language and its two count patterns are compiled too.)
    assert len(compiled) < 30, len(compiled)
    vagueness.lexicon.cache_clear()


def test_a_wrong_team_phrase_is_still_reported() -> None:
    from pmkit.config import ConfigError
    from pmkit.rules.clarity import parse_settings

    with pytest.raises(ConfigError, match=r"vague_phrases: 'a \(bunch' is not a valid pattern: "
                                          "missing \\), unterminated subpattern"):
        parse_settings({"vague_phrases": ["lots of {who}"] * 3 + ["a (bunch"]})
    with pytest.raises(ConfigError, match="vague_phrases: 'a \\[bunch' is not a valid pattern"):
        parse_settings({"vague_phrases": ["lots of {who}", "a [bunch"]})


# --- the Markdown body's blocks, read once and each repeated line in a few steps ---------------

LINES = ["```", "```python", "~~~", "    code", "\tcode", "", "   ", "> quote", "> > deeper", ">", "> ```",
         "- item", "  - nested", "1. first", "2) second", "* star", "+ plus", "- [ ] task", "text",
         "more text",
         "## Summary", "# Title", "### Sub", "===", "---", "***", "<!-- note", "-->", "<!-- c --> after",
         "<pre>", "</pre>", "<script>", "`inline`", "- `code`", "  indented text", "      deep", "> - item",
         "1.", "-", "| a | b |", "| --- | --- |", "Summary:", "**Impact**", "\r", "x\r"]


def _plain_reading(lines: list[str]) -> list[tuple[str, int, int, str, bool, bool]]:
    from pmkit import markdown

    blocks = markdown._Blocks()
    out = []
    for raw in lines:
        line = raw.rstrip("\r")
        kind = blocks.classify(line)
        out.append((kind, blocks.index, blocks.paragraph_start, blocks.paragraph, blocks.quote is None,
                    blocks.in_comment))
    return out


def test_repeated_lines_are_read_as_reading_each_line_read_them() -> None:
    from pmkit import markdown

    rng = random.Random(52)
    for _ in range(3000):
        pool = rng.sample(LINES, rng.randrange(1, 6))
        lines = [rng.choice(pool) for _ in range(rng.randrange(0, 40))]
        got = [(kind, b.index, b.paragraph_start, b.paragraph, b.quote is None, b.in_comment)
               for _, kind, b in markdown._classified(lines)]
        assert got == _plain_reading(lines), lines


@pytest.mark.parametrize("unit", ["```\n", "> quote\n", "- item\n", "> ```\n", "    code\n\n"])
def test_a_long_body_of_one_construct_is_read_once_and_each_line_in_a_few_steps(
        monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    from pmkit import markdown

    calls = 0
    classify = markdown._Blocks.classify

    def counted(self: markdown._Blocks, line: str) -> str:
        nonlocal calls
        calls += 1
        return classify(self, line)

    monkeypatch.setattr(markdown._Blocks, "classify", counted)
    lines = 20_000
    body = "## Summary\n\n" + unit * (lines // unit.count("\n")) + "\nIt was human error.\n"
    found = run(FRONT_YAML.format(lang="en").replace("pmkit", "---\npmkit", 1) + "---\n" + body, path="pm.md",
                select=["PM3", "PM0"])
    assert ("PM301", lines + 12, 8) in where(found)
    # Each line was read once for the sections and once more for blanking the code the phrase
    # rules skip; a line repeated in the same state is now looked up, not read again.
    assert calls < 100, calls


# --- reading a text as shown: only where something may be shown otherwise ----------------------

SHOWN_PARTS = ["a", " ", "  ", "\n", "\n\n", "*", "**", "_", "\\", "\\*", "\\\\", "&amp;", "&#38;",
               "&#x1F600;", "&bogus;", "<br>", "<BR />", "<b>", "</B>", "<span x>", "\u200b", "\u00ad",
               "word", "(", ")", '"', "`", "&", "<", "-", ".", "\t", "\r\n", "»", "“", "> ", "- ",
               "   \n" * 30]


def _reference_squeeze() -> re.Pattern[str]:
    """One pattern of every part of a squeeze, searched at every character: what
    ``_squeeze_matches`` finds without trying each character."""
    from pmkit.prose import shown as s

    return re.compile(f"(?P<hyphenated>{s._HYPHENATED})|(?P<compound>{s._COMPOUND_BREAK})"
                      f"|(?P<invisible>\\s*[{s.INVISIBLE_CHARS}][\\s{s.INVISIBLE_CHARS}]*)"
                      f"|(?P<blanks>{s._BLANKS})|{'|'.join(s._EMPHASIS_PARTS)}|(?P<in_word>{s._IN_WORD})"
                      f"|{'|'.join(s._SHOWN_PARTS)}|{'|'.join(s._LETTER_PARTS)}", re.IGNORECASE)


def _old_squeeze(text: str) -> tuple[str, tuple[list[int], list[int]]]:
    """shown_text._squeeze as it was, searching with one pattern at every character, as the reference."""
    import html

    from pmkit.prose import shown as shown_text

    parts: list[str] = []
    after: list[int] = []
    shift: list[int] = []
    done = removed = 0
    underscores = shown_text._Underscores(text)
    shown_last = ""
    for match in _reference_squeeze().finditer(text):
        run, kind = match.group(), match.lastgroup
        if match.start() < done:
            continue  # (within the blanks after markup that shows nothing, taken with it)
        if kind == "blanks" or kind == "invisible":
            blanks = run if kind == "blanks" else shown_text._INVISIBLE.sub("", run)
            if blanks.count("\n") > 1:
                if blanks == run:
                    continue
                kept = blanks
            else:
                kept = "\n" if "\n" in blanks else " " if blanks else ""
        elif kind == "entity":
            kept = html.unescape(run)
            if kept == run:
                continue
        elif kind == "in_word" and not shown_text._paired_in_word(text, match.start(), match.end()):
            continue  # (a star alone inside a word shows as written)
        elif kind is None and shown_text._unpaired_underscores(text, match.start(), match.end(), underscores):
            continue  # (an "_" at the edge of a word with one inside it, with no partner)
        else:
            kept = "\n" if kind == "br" else ""
        end = match.end()
        gap = text[done:match.start()]
        tail = gap[-1:] or shown_last
        if kind not in ("blanks", "invisible") and (merged := shown_text._one_blank(text, tail, kept, end)):
            blank, kept, end = merged  # (markup between blanks: the run is one blank)
            run = text[match.start():end]
            if blank != tail:
                if gap:
                    gap = gap[:-1] + blank
                else:
                    last = max(index for index, part in enumerate(parts) if part)
                    parts[last] = parts[last][:-1] + blank
                    shown_last = blank
        parts.append(gap)
        parts.append(kept)
        shown_last = kept[-1:] or gap[-1:] or shown_last
        at = match.start() - removed + len(kept)
        removed += len(run) - len(kept)
        if after and after[-1] == at:
            shift[-1] = removed
        else:
            after.append(at)
            shift.append(removed)
        done = end
    if not after:
        return text, ([], [])
    parts.append(text[done:])
    return "".join(parts), (after, shift)


def test_a_text_is_squeezed_as_searching_every_character_squeezed_it() -> None:
    from pmkit.prose import shown as shown_text

    rng = random.Random(53)
    for _ in range(20_000):
        text = "".join(rng.choice(SHOWN_PARTS) for _ in range(rng.randrange(0, 16)))
        expected = [(m.start(), m.end(), m.lastgroup) for m in _reference_squeeze().finditer(text)]
        assert list(shown_text._squeeze_matches(text)) == expected, text
        squeezed, (after, shift, _replaced) = shown_text._squeeze(text)  # (and where replacements end)
        assert (squeezed, (after, shift)) == _old_squeeze(text), text


def test_a_megabyte_of_quote_lines_is_not_searched_at_every_character(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.prose import shown as shown_text

    seen: list[int] = []
    monkeypatch.setattr(shown_text, "_SQUEEZE_AHEAD", _Counted(shown_text._SQUEEZE_AHEAD, seen))
    text = "> quote\n" * 125_000 + "It was *human* error."
    shown, back = shown_text.as_shown(text)
    assert shown == "> quote\n" * 125_000 + "It was human error."
    start = shown.index("human")
    assert text[slice(*back(start, start + 11))] == "*human* error"
    # The megabyte is searched once from its start, not again from each of its line breaks.
    assert sum(seen) <= 2 * len(text)


def test_a_long_run_of_escapes_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.prose import shown as shown_text

    read: list[int] = []
    ahead = shown_text._SQUEEZE_AHEAD

    class Counted:
        def finditer(self, text: str, pos: int = 0) -> Any:
            for found in ahead.finditer(text, pos):
                read.append(found.end(found.lastindex or 0) - found.start())
                yield found

    monkeypatch.setattr(shown_text, "_SQUEEZE_AHEAD", Counted())
    text = "\\" * 100_000 + "#human error"
    assert shown_text.as_shown(text)[0] == "#human error"
    # The run is read once, from its first backslash (it was read again from its second before
    # that one was seen to be inside it, which doubled the time for 3.5 MB of backslashes).
    assert sum(read) < 100_100
