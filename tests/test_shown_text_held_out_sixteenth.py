"""Text read as shown where links, entities, ligatures, decomposed letters and typographic
characters meet in one phrase: each finding covers exactly the words as written, in YAML and
Markdown, English and German; the mapping back from the text as shown stays in order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import DRAFT_HEAD, Where, spans
from pmkit.prose import scan
from pmkit.prose.shown import as_shown, link_labels


def markdown(body: str, lang: str = "en") -> str:
    return "---\n" + DRAFT_HEAD.format(lang=lang) + "---\n\n## Summary\n\n" + body


def yaml(body: str, lang: str = "en") -> str:
    return DRAFT_HEAD.format(lang=lang) + body


def found(text: str, path: str = "pm.md") -> list[Where]:
    """The findings of the PM3xx rules, with the text each covers."""
    return spans(text, ["PM3"], path)


def phrases(sentence: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(f.code, sentence[f.start:f.end]) for f in scan(sentence, lang)]


# --- a link whose text goes over a line break ------------------------------------------------


def test_a_link_whose_text_goes_over_a_line_break_is_read_as_shown() -> None:
    # Markdown shows "human error in the config": the "[" before a link text wrapped onto the
    # next line stayed, so "human [error" was no phrase (only "caused by human" was found).
    text = markdown("The outage was caused by human [error\nin the config](https://x.example).\n")
    assert found(text) == [("PM301", 12, 26, 12, 38, "human [error")]
    assert phrases("The outage was caused by [the\nhuman](x) error.") == [("PM301", "human](x) error")]
    assert phrases("Der Mitarbeiter hätte [das\nprüfen](x) müssen.", "de") == [
        ("PM302", "hätte [das\nprüfen](x) müssen")]


def test_a_blank_line_ends_a_link_text() -> None:
    # (guard) a paragraph break ends the text before any "](": the "[" is shown as written
    assert as_shown("human [error\n\nin the config](x).")[0] == "human [error\n\nin the config."


# --- a linked image, brackets in pairs inside a link's text ----------------------------------


def test_a_linked_image_is_read_as_its_alt_text() -> None:
    # Markdown shows a linked image's alt text ("[![error](badge.png)](x)" reads "error"): the
    # "[" of the link stayed, as its text held brackets, so "human [error" was no phrase.
    text = markdown("The outage was caused by human [![error](badge.png)](https://x.example).\n")
    assert found(text) == [("PM301", 12, 26, 12, 40, "human [![error")]
    assert phrases("The outage was caused by [![human](a.png)](x) error.") == [
        ("PM301", "human](a.png)](x) error")]
    assert as_shown("It was [[human]](x) error.")[0] == "It was [human] error."  # as Markdown shows it


def test_brackets_that_open_no_link_stay_as_written() -> None:
    # (guard) a task box, a time in brackets, a bracket with no "](" after it
    shown = as_shown("- [x] The cache [was](x) cold. [14:12] human")[0]
    assert shown == "- [x] The cache was cold. [14:12] human"
    assert as_shown("a [b] [c](d) [e")[0] == "a [b] c [e"


# --- a reference link ------------------------------------------------------------------------


def test_a_reference_link_is_read_as_its_text() -> None:
    # Markdown shows "[human][ref]" and "[error][]" as their text: the "[" and the label stayed,
    # so "[human][ref] error" was no phrase and "human [error][]" only "caused by human".
    text = markdown("The outage was caused by [human][pm-42] error.\n\n"
                    "It was caused by human [error][].\n\n[pm-42]: https://x.example\n[Error]: https://y.example\n")
    assert found(text) == [("PM301", 12, 27, 12, 46, "human][pm-42] error"),
                           ("PM301", 14, 18, 14, 30, "human [error")]
    assert phrases("Der Mitarbeiter war [fahrla\u0308ssig][1].", "de") == [("PM303", "fahrla\u0308ssig")]
    with link_labels(frozenset({"d"})):  # (a label the document defines)
        assert as_shown("a [b] [c][d] [e")[0] == "a [b] c [e"


def test_a_reference_definition_stays_as_written() -> None:
    # (guard) its label and address are no reference link
    assert as_shown("[pm-42]: https://x.example/human-error")[0] == "[pm-42]: https://x.example/human-error"



# --- emphasis next to an entity or a character with no width --------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("The outage was caused by *human*&nbsp;error.\n", (26, 44, "*human*&nbsp;error")),
    ("The outage was caused by human&nbsp;**error**.\n", (26, 46, "human&nbsp;**error**")),
    ("The outage was caused by human \u200b*error*.\n", (26, 40, "human \u200b*error*")),
    ("The outage was caused by _[human](x)_&#32;error.\n", (28, 48, "human](x)_&#32;error")),
])
def test_emphasis_next_to_an_entity_is_read_through(body: str, expected: tuple[int, int, str]) -> None:
    # A marker after an entity's ";" or before its "&" (or next to a character with no width)
    # was taken for one inside a word and stayed: "human* error", "human *error" were no phrase.
    col, end_col, words = expected
    assert found(markdown(body)) == [("PM301", 12, col, 12, end_col, words)]


def test_emphasis_next_to_an_entity_in_german_and_yaml() -> None:
    text = yaml('summary: "Er ha\\u0308tte das&nbsp;*pr\u00fcfen*&nbsp;m\u00fcssen."\n', "de")
    assert found(text, "pm.yaml") == [("PM302", 7, 14, 7, 55, "ha\\u0308tte das&nbsp;*prüfen*&nbsp;müssen")]


def test_markers_inside_words_stay() -> None:
    # (guard) snake_case, a product, a bullet: no emphasis
    assert as_shown("snake_case, 2*3 and a * b")[0] == "snake_case, 2*3 and a * b"


# --- an entity of a ligature or of a combining mark ------------------------------------------


def test_an_entity_of_a_ligature_or_a_mark_is_read_as_the_letters_it_shows() -> None:
    # An entity showing a ligature was read as the ligature ("\ufb01red", no word), one showing a
    # combining mark was not composed with the letter before it ("fahrla\u0308ssig"): no finding.
    text = markdown("The engineer was &#xfb01;red.\n\nThe engineer was [&#64257;red](x) today.\n")
    assert found(text) == [("PM311", 12, 14, 12, 29, "was &#xfb01;red"),
                           ("PM311", 14, 14, 14, 30, "was [&#64257;red")]
    text = markdown("Der Mitarbeiter war fahrla&#x308;ssig.\n\n"
                    "Der Mitarbeiter war [fahrla&#776;ssig](x).\n", "de")
    assert found(text) == [("PM303", 12, 21, 12, 38, "fahrla&#x308;ssig"),
                           ("PM303", 14, 22, 14, 38, "fahrla&#776;ssig")]


def test_a_mark_after_what_was_cut_stays_as_written() -> None:
    # (guard) a mark's entity at the start, or right after another entity, has no letter to go with
    assert as_shown("&#x308;ssig &amp;&#x308;")[0] == "\u0308ssig &\u0308"


# --- (guards) what was read right already -----------------------------------------------------


def test_links_in_a_row_a_separator_and_an_autolink() -> None:
    # (guard) links in a row, a line separator in a link's text, an autolink's address unread,
    # full-width brackets (no link in Markdown) and a link's text after a wrapped YAML line
    text = markdown("It was caused by [human](x)[ ](y)[error](z).\n\n"
                    "It was caused by [human\u2028error](x).\n\n"
                    "It was caused by <https://x.example/human-error> today.\n\n"
                    "It was caused by \uff3bhuman\uff3d(x) error.\n")
    assert found(text) == [("PM301", 12, 19, 12, 40, "human](x)[ ](y)[error"),
                           ("PM301", 14, 19, 14, 30, "human\u2028error")]
    text = yaml("summary: >\n  It was caused by human [error\n  in the config](x).\n")
    assert found(text, "pm.yaml") == [("PM301", 8, 20, 8, 32, "human [error")]

# --- all of it together: a property ----------------------------------------------------------

#: ``(lang, before, phrase, after)``: a sentence whose ``phrase`` the rules find, written plain.
SENTENCES = [("en", "The outage was caused by ", "human error", "."),
             ("en", "He ", "should have checked", " the config first."),
             ("en", "The engineer was ", "careless", " today."),
             ("en", "He ", "should have fixed", " it."),
             ("de", "Der Mitarbeiter war ", "fahrlässig", "."),
             ("de", "Er ", "hätte das prüfen müssen", ".")]
LIGATURES = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}
DECOMPOSED = {"ä": "a\u0308", "ü": "u\u0308"}
BLANKS = [" ", "\n", "\u2009", "\u00a0", "\u2028", "  ", " &shy;", "&nbsp;", "<br>", " <o:p></o:p>",
          " \u200b"]
#: A piece of a sentence: as written, and as shown.
Piece = tuple[str, str]


def _letters(draw: st.DrawFn, word: str) -> list[Piece]:
    """``word`` with each letter written plain, as an entity, decomposed or full-width, after a
    soft hyphen, or with the next in a ligature."""
    pieces: list[Piece] = []
    i = 0
    while i < len(word):
        pair, letter = word[i:i + 2], word[i]
        kind = draw(st.sampled_from(["plain", "plain", "plain", "ligature", "entity", "hex", "shy",
                                     "decomposed", "full"]))
        if kind == "ligature" and pair in LIGATURES:
            pieces.append((LIGATURES[pair], pair))
            i += 2
            continue
        if kind == "shy" and i:
            pieces.append(("&shy;", ""))
        written = {"entity": f"&#{ord(letter)};", "hex": f"&#x{ord(letter):x};",
                   "decomposed": DECOMPOSED.get(letter, letter),
                   "full": chr(ord(letter) + 0xfee0) if letter.isascii() else letter}.get(kind, letter)
        pieces.append((written, letter))
        i += 1
    return pieces


@st.composite
def _word(draw: st.DrawFn, word: str) -> list[Piece]:
    """``word`` in a link, an image, emphasis, emphasis around a link, an inline tag, split by
    a link, or a link around each letter."""
    pieces = _letters(draw, word)
    kind = draw(st.sampled_from(["none", "none", "link", "image", "reference", "split", "emphasis",
                                 "both", "each", "tag"]))
    cut = draw(st.integers(1, max(1, len(pieces) - 1)))
    return {"link": [("[", ""), *pieces, ("](https://x.example)", "")],
            "image": [("![", ""), *pieces, ("](a.png 'A')", "")],
            "reference": [("[", ""), *pieces, ("][pm-1]", "")],
            "split": [("[", ""), *pieces[:cut], ("](x)", ""), *pieces[cut:]],
            "emphasis": [("*", ""), *pieces, ("*", "")],
            "both": [("_[", ""), *pieces, ("](x)_", "")],
            "each": [piece for one in pieces for piece in (("[", ""), one, ("](x)", ""))],
            "tag": [('<span class="x">', ""), *pieces, ("</span>", "")]}.get(kind, pieces)


@st.composite
def _sentence(draw: st.DrawFn) -> tuple[str, list[Piece], int, int]:
    """A sentence of ``SENTENCES`` written with the pieces above, blanks of typography between
    its words and a link or strong emphasis around some of them; the phrase's range as shown."""
    lang, before, phrase, after = draw(st.sampled_from(SENTENCES))
    words = phrase.split(" ")
    first = draw(st.integers(0, len(words) - 1))
    last = draw(st.integers(first, len(words) - 1))
    around = draw(st.sampled_from([("", ""), ("[", "](x)"), ("[", "](<a b> \"T\")"), ("**", "**")]))
    pieces: list[Piece] = [(before, before)]
    for n, word in enumerate(words):
        if n:
            pieces.append((draw(st.sampled_from(BLANKS)), " "))
        pieces.extend([(around[0], "")] if n == first else [])
        pieces.extend(draw(_word(word)))
        pieces.extend([(around[1], "")] if n == last else [])
    pieces.append((after, after))
    return lang, pieces, len(before), len(before) + len(phrase)


@settings(max_examples=400, deadline=None)
@given(_sentence())
def test_a_phrase_however_written_is_found_over_its_words(case: tuple[str, list[Piece], int, int]) -> None:
    lang, pieces, start, end = case
    written = "".join(w for w, _ in pieces)
    # where each character as shown is written: a piece shown as it is written, one for one;
    # one shown otherwise (an entity, a ligature, a decomposed letter), all of it for each
    spans: list[tuple[int, int]] = []
    at = 0
    for w, shown in pieces:
        one_for_one = len(w) == len(shown)
        spans.extend((at + k, at + k + 1) if one_for_one else (at, at + len(w)) for k in range(len(shown)))
        at += len(w)
    # the sentence as shown is the sentence written plain (blanks of any kind and number aside),
    # in a document that defines the label of its reference links
    with link_labels(frozenset({"pm-1"})):
        assert as_shown(written)[0].split() == "".join(shown for _, shown in pieces).split()
        found = scan(written, lang)
    first, last = spans[start][0], spans[end - 1][1]
    assert all(0 <= f.start < f.end <= len(written) and f.text == written[f.start:f.end] for f in found)
    # the phrase's words as written, and emphasis markers around them of a pair inside
    assert any(f.start <= first and not written[f.start:first].strip("*_")
               and f.end >= last and not written[last:f.end].strip("*_") for f in found), \
        (written, [written[f.start:f.end] for f in found])
    # the way back from the text as shown keeps the order of the text as written
    shown, back = as_shown(written)
    ends = [back(0, b)[1] for b in range(len(shown) + 1)]
    starts = [back(a, len(shown))[0] for a in range(len(shown) + 1)]
    assert ends == sorted(ends) and starts == sorted(starts)
    assert min(starts) >= 0 and max(ends) <= len(written)
