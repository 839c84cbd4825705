"""Text as people paste it into a postmortem, from word processors, wikis, chat clients, PDFs
and e-mails: typographic spaces and apostrophes, characters with no width, decomposed
umlauts, ligatures, full-width letters, entities and markup. A blameful phrase carrying them
is found where it is written and quoted readably; fair text carrying them stays quiet; the
readability figures are those of the same text cleaned up."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from helpers import GOOD_EXAMPLE, event_findings, run
from helpers import prose_codes as codes
from pmkit import readability
from pmkit.prose import scan
from pmkit.prose.lexicon import transliterated
from pmkit.prose.shown import as_shown

_MARKDOWN = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")


def _background_findings(paragraph: str, lang: str = "en") -> list[tuple[str, int, int, int, int, str]]:
    """``(code, line, col, end_line, end_col, message)`` of the PM3xx findings of the Markdown
    example with ``paragraph`` opening its Background section (line 143)."""
    text = _MARKDOWN if lang == "en" else _MARKDOWN.replace("lang: en", f"lang: {lang}", 1)
    assert "## Background\n\n" in text
    text = text.replace("## Background\n\n", f"## Background\n\n{paragraph}\n\n", 1)
    return [(d.code, d.line, d.col, d.end_line, d.end_col, d.message)
            for d in run(text, select=["PM3"], path="pm.md")]


def _as_written(sentence: str, lang: str = "en") -> list[tuple[str, str, str]]:
    """``(code, the phrase as written, message)`` of the prose engine on ``sentence``."""
    return [(f.code, sentence[f.start:f.end], f.message) for f in scan(sentence, lang)]


HUMAN_ERROR = '"human error" frames the incident as human error'

# --- spaces of typography and marks of writing direction -------------------------------------


@pytest.mark.parametrize("space", ["\u2009", "\u2007", "\u2002", "\u2003", "\u205f", "\u3000"])
def test_a_typographic_space_inside_a_phrase_is_a_blank(space: str) -> None:
    # Each passed: only the non-breaking spaces (U+00A0, U+202F) were read as blanks; a thin
    # space, a figure space, an en or em space, as word processors and typesetters put them,
    # kept the words of the phrase apart.
    sentence = f"It was human{space}error."
    assert _as_written(sentence) == [("PM301", f"human{space}error", HUMAN_ERROR)]


def test_a_thin_space_in_a_german_phrase() -> None:
    assert codes("Der Mitarbeiter wurde\u2009entlassen.", "de") == [("PM311", "wurde\u2009entlassen")]
    assert codes("Das war\u2009doch\u2009klar.", "de") == [("PM305", "war\u2009doch\u2009klar")]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_a_line_separator_inside_a_phrase_is_a_line_break(separator: str) -> None:
    # Each passed: the line and paragraph separators of Unicode, the next-line control and
    # Word's manual line break (a vertical tab) were no blank to the patterns.
    sentence = f"It was human{separator}error."
    assert _as_written(sentence) == [("PM301", f"human{separator}error", HUMAN_ERROR)]
    assert _background_findings(f"It was human{separator}error.") == [
        ("PM301", 143, 8, 143, 19, HUMAN_ERROR)]


@pytest.mark.parametrize("text", [
    "- The deploy finished.{}- The engineer should have checked the lag.",
    "The deploy finished.{}{}The cron job should have retried.",
    "We paged the engineer.{}> should have checked the lag, wrote the engineer",
])
def test_a_line_separator_reads_as_a_line_break(text: str) -> None:
    assert codes(text.format("\u2028", "\u2028")) == codes(text.format("\n", "\n"))


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\u202a", "\u202c", "\u2066", "\u2069",
                                  "\u180e"])
def test_a_mark_of_writing_direction_inside_a_word_is_nothing(mark: str) -> None:
    # Each passed: a left-to-right mark (copied from chat clients and editors that mix
    # scripts) or an embedding split "human" into two words.
    sentence = f"It was hu{mark}man error."
    assert _as_written(sentence) == [("PM301", f"hu{mark}man error", HUMAN_ERROR)]


def test_a_direction_mark_in_a_postmortem_keeps_columns_of_the_file() -> None:
    assert event_findings("The engineer should\u200e have checked the lag.") == [
        ("PM302", 40, 25, 45, '"should have checked" is a hindsight counterfactual about "engineer"')]
    assert _background_findings("It was \u200ehu\u200fman error.") == [
        ("PM301", 143, 9, 143, 21, HUMAN_ERROR)]


# --- entities of characters with no width ----------------------------------------------------


@pytest.mark.parametrize("entity", ["&shy;", "&#173;", "&#8203;", "&#x200B;", "&zwnj;", "&lrm;"])
def test_an_entity_of_a_character_with_no_width_shows_nothing(entity: str) -> None:
    # Each passed: "&shy;" was read as the soft hyphen it shows, but the soft hyphen was then
    # taken for a letter of no word, and "hu" and "man" stayed two words.
    sentence = f"It was hu{entity}man error."
    assert _as_written(sentence) == [("PM301", f"hu{entity}man error", HUMAN_ERROR)]


def test_an_entity_of_no_width_in_a_postmortem() -> None:
    assert event_findings("The operator was care&shy;less with the flags.") == [
        ("PM303", 40, 29, 42, '"careless" is judgemental wording')]


# --- apostrophes typed as look-alikes ---------------------------------------------------------


@pytest.mark.parametrize("mark", ["\u00b4", "\u02bc", "\u2032", "\u2018"])
def test_an_apostrophe_look_alike_in_a_contraction(mark: str) -> None:
    # Each passed: an acute accent (a German keyboard's key next to the backspace), the modifier
    # letter apostrophe, a prime or an autocorrected left quotation mark inside "shouldn't"
    # ended the word, and "shouldn" is no word of the lexicon.
    sentence = f"The engineer shouldn{mark}t have pushed on Friday."
    assert _as_written(sentence) == [
        ("PM302", f"shouldn{mark}t have pushed",
         '"shouldn’t have pushed" is a hindsight counterfactual about "engineer"')]


def test_an_acute_accent_as_apostrophe_in_a_postmortem() -> None:
    # The message quotes the contraction with an apostrophe, the position is that of the file.
    assert event_findings("Bob didn\u00b4t check the dashboard.") == [
        ("PM309", 40, 16, 28, '"didn’t check" is a hindsight counterfactual about the named person "Bob"')]


@pytest.mark.parametrize("sentence", [
    "The runbook calls it \u2018human error\u2019 in one place; we renamed that section.",
    "We couldn\u00b4t reproduce it at first.",
    "We shouldn\u00b4t have to page anyone for a disk at 80%.",
    "The job\u00b4s retry should have fired, but the queue was paused.",
])
def test_an_apostrophe_look_alike_in_fair_text_is_quiet(sentence: str) -> None:
    assert codes(sentence) == []


# --- full-width letters -----------------------------------------------------------------------


def test_full_width_letters_are_read_as_letters() -> None:
    # Passed: the full-width forms of an East Asian input method are other characters.
    sentence = "\uff28\uff55\uff4d\uff41\uff4e\u3000\uff45\uff52\uff52\uff4f\uff52 caused the outage."
    assert _as_written(sentence) == [
        ("PM301", sentence[:11], '"Human error" frames the incident as human error')]
    assert codes("The \uff23\uff52\uff4f\uff4e job ignored the lock.") == []


# --- decomposed umlauts (text copied on macOS) ---------------------------------------------


def test_a_decomposed_umlaut_is_read_as_the_letter() -> None:
    # Each passed: "a" and a combining diaeresis are two characters, and the second is no
    # letter, so "fahrla\u0308ssig" was the words "fahrla" and "ssig".
    sentence = unicodedata.normalize("NFD", "Der Techniker war fahrlässig.")
    assert _as_written(sentence, "de") == [
        ("PM303", "fahrla\u0308ssig", '"fahrlässig" is judgemental wording')]
    sentence = unicodedata.normalize("NFD", "Jürgen hätte die Warnung prüfen müssen.")
    assert _as_written(sentence, "de") == [
        ("PM309", sentence[8:42],
         '"hätte die Warnung prüfen müssen" is a hindsight counterfactual about the named person "Jürgen"')]


def test_a_decomposed_umlaut_in_a_postmortem_keeps_columns_of_the_file() -> None:
    # The file holds the decomposed letters: columns count its characters.
    sentence = unicodedata.normalize("NFD", "Der Admin hätte die Warnung prüfen müssen.")
    assert event_findings(sentence, "de") == [
        ("PM302", 40, 22, 56,
         '"hätte die Warnung prüfen müssen" is a hindsight counterfactual about "Admin"')]
    assert _background_findings(unicodedata.normalize("NFD", "Die Ursache war menschliches Versagen."),
                                "de") == [
        ("PM301", 143, 17, 143, 38, '"menschliches Versagen" frames the incident as human error')]


def test_a_decomposed_umlaut_in_fair_text_is_quiet() -> None:
    assert codes(unicodedata.normalize("NFD", "Der Cronjob hätte den Lock prüfen müssen."), "de") == []
    assert codes(unicodedata.normalize("NFD", "Die Prüfung des Zertifikats schlug fehl."), "de") == []


# --- ligatures (text copied from a PDF) -------------------------------------------------------


def test_a_ligature_is_read_as_its_letters() -> None:
    # Each passed: "\ufb01" is one character, no "f" and "i", and "\ufb01red" no word.
    assert _as_written("The engineer was \ufb01red.") == [
        ("PM311", "was \ufb01red", '"was fired" announces disciplinary action against "engineer"')]
    assert _as_written("It was the fault of the on-call sta\ufb00.") == [
        ("PM304", "the fault of", '"the fault of" assigns blame to "on-call staff"')]


def test_words_that_end_with_a_ligature_end_after_it() -> None:
    # The ligature is read as two or three letters: words that end with it or inside it are
    # placed on the ligature, not on the character that follows it in the text as written.
    written = "the on-call sta\ufb00 was \ufb03ciently \ufb01red"
    shown, back = as_shown(written)
    assert shown == "the on-call staff was fficiently fired"
    for word, expected in [("staff", "sta\ufb00"), ("fficiently", "\ufb03ciently"), ("fired", "\ufb01red"),
                           ("was", "was"), ("sta", "sta"), ("ff was", "\ufb00 was")]:
        start = shown.index(word)
        begin, end = back(start, start + len(word))
        assert written[begin:end] == expected
    assert event_findings("The engineer was \ufb01red.") == [
        ("PM311", 40, 25, 33, '"was fired" announces disciplinary action against "engineer"')]
    assert event_findings("The engineer was \ufb01red and rehired.") == [
        ("PM311", 40, 25, 33, '"was fired" announces disciplinary action against "engineer"')]


def test_a_ligature_in_fair_text_is_quiet() -> None:
    assert codes("The con\ufb01g loader failed to parse the \ufb01le.") == []


# --- a soft hyphen before a line break --------------------------------------------------------


def test_a_soft_hyphen_at_the_end_of_a_line_joins_the_word() -> None:
    # Passed: the soft hyphen and the line break were read as a line break, "mensch" and
    # "liches" two words ("mensch-\nliches" with a hyphen was joined).
    assert codes("Das war mensch\u00ad\nliches Versagen.", "de") == [
        ("PM301", "mensch\u00ad\nliches Versagen")]
    assert _background_findings("The on-call engi\u00ad\nneer should have checked the lag.") == [
        ("PM302", 144, 6, 144, 25,
         '"should have checked" is a hindsight counterfactual about "on-call engineer"')]


# --- single guillemets are quotation marks ----------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Wir vermeiden \u203amenschliches Versagen\u2039 als Ursache.", "de"),
    ("Im Ticket stand \u00bbdie Ursache war \u203amenschliches Versagen\u2039\u00ab.", "de"),
    ("The bot titled the ticket \u2039human error\u203a by default.", "en"),
])
def test_words_in_single_guillemets_are_quoted(sentence: str, lang: str) -> None:
    # Each was PM301: only the double guillemets were read as quotation marks, while German
    # typography quotes inside them, and Swiss typography throughout, with the single ones.
    assert codes(sentence, lang) == []


def test_the_same_words_without_guillemets_are_still_reported() -> None:
    assert codes("Wir halten menschliches Versagen für die Ursache.", "de") == [
        ("PM301", "menschliches Versagen")]


# --- readability of pasted text ---------------------------------------------------------------

_SUMMARY = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV3
summary: "{summary}"
"""

#: Thirty words in one sentence: no more than the 30 of the test's limit.
_THIRTY = ("Between 14:02 and 14:40 the product pages loaded slowly for customers in every region, "
           "and some checkouts failed while the catalog database served requests that the cache "
           "would normally answer.")


def _with(summary: str, mark: str) -> str:
    """``summary`` with ``mark`` (as written in a YAML double-quoted scalar) inside every word
    longer than four letters."""
    return " ".join(w[:2] + mark + w[2:] if len(w) > 4 else w for w in summary.split(" "))


@pytest.mark.parametrize("mark", ["\\u200b", "\\u00ad", "\\u2060", "\\u200e", "&shy;"])
def test_characters_with_no_width_do_not_make_a_long_sentence(mark: str) -> None:
    # Each was PM502 "summary sentence has 51 words, more than 30": every such character split
    # a word in two.
    limit = {"rules": {"PM502": {"max_words": 30}}}
    text = _SUMMARY.format(lang="en", summary=_with(_THIRTY, mark))
    assert run(text, select=["PM502"], config=limit) == []
    longer = _SUMMARY.format(lang="en", summary=_with(_THIRTY.replace("would", "would still"), mark))
    assert [(d.code, d.line, d.col, d.message) for d in run(longer, select=["PM502"], config=limit)] == [
        ("PM502", 7, 11, "summary sentence has 31 words, more than 30")]


def test_an_ellipsis_ends_a_sentence_as_three_full_stops_do() -> None:
    # Was PM502 with 31 words: "…" before a capital ended no sentence, "..." did.
    limit = {"rules": {"PM502": {"max_words": 30}}}
    for stop in ("\u2026", "..."):
        summary = (f"The cache was flushed at 14:02 and the catalog database received every request for "
                   f"product pages{stop} We restored the cache at 14:40 and the pages loaded normally again.")
        assert run(_SUMMARY.format(lang="en", summary=summary), select=["PM502"], config=limit) == []
    text = "We waited\u2026 Then it worked. The queue drained\u2026 slowly."
    assert [text[start:end] for start, end in readability.sentences(text)] == [
        "We waited\u2026", "Then it worked.", "The queue drained\u2026 slowly."]


_LIST = ("{b} The cache was flushed at 14:02 and the catalog database received every request for the "
         "product pages\\n{b} We restored the cache at 14:40 and the pages loaded normally again for all "
         "customers\\n{b} Checkout stayed available for every customer during the incident")


@pytest.mark.parametrize("bullet", ["\u25e6", "\u25aa", "\u2013", "+", "\u2192", "\u2713"])
def test_each_item_of_a_pasted_list_is_a_sentence(bullet: str) -> None:
    # Each was PM502 "summary sentence has 41 words, more than 35": only "-", "*" and "•"
    # started a list item, and the items of a list copied from Word ("◦", "▪"), with en
    # dashes, Markdown's "+", arrows or check marks were read as one sentence.
    text = _SUMMARY.format(lang="en", summary=_LIST.format(b=bullet))
    assert run(text, select=["PM502"]) == []
    plain = _LIST.format(b="-").replace("\\n", "\n")
    assert readability.score(_LIST.format(b=bullet).replace("\\n", "\n")) == readability.score(plain)


_HARD = ("Consequent to an unanticipated configuration propagation anomaly affecting the authentication "
         "infrastructure's distributed session-management subsystem, intermittent authorization failures "
         "materialized across heterogeneous client integrations, necessitating comprehensive remediation.")


@pytest.mark.parametrize("mark", ["\\u200b", "\\u00ad", "&shy;"])
def test_the_readability_message_counts_the_words_as_shown(mark: str) -> None:
    # Was "45 words per sentence, 1.9 syllables per word" (65 and 1.6 with "&shy;"): each
    # character split a long word into short ones.
    expected = [("PM501", 7, 11,  # at the first letter, not the quote
                 "summary is hard to read: Flesch reading ease -129.9, below the minimum of 30 (0-100, "
                 "higher is easier); 25 words per sentence, 3.7 syllables per word")]
    for summary in (_HARD, _with(_HARD, mark)):
        found = run(_SUMMARY.format(lang="en", summary=summary), select=["PM501"])
        assert [(d.code, d.line, d.col, d.message) for d in found] == expected


def test_a_short_german_summary_with_soft_hyphens_is_not_scored() -> None:
    # Was PM501 "Wiener Sachtextformel 21": 17 words, below the 20 that are scored, counted as
    # 31 with the soft hyphens of a word processor.
    summary = ("Infolge einer unvorhergesehenen Konfigurationsverteilungsanomalie der "
               "Authentifizierungsinfrastruktur traten intermittierende Autorisierungsfehler bei heterogenen "
               "Kundenintegrationen auf, die eine umfassende Behebungsmaßnahme erforderlich machten.")
    for written in (summary, _with(summary, "\\u00ad")):
        assert run(_SUMMARY.format(lang="de", summary=written), select=["PM501"]) == []


_PLAIN = {
    "en": ("We restored the database from the latest backup. Customers could not log in for forty "
           "minutes. The configuration change removed the replica from the pool, and the health check "
           "did not notice it."),
    "de": ("Wir haben die Datenbank aus der letzten Sicherung wiederhergestellt. Kunden konnten sich "
           "vierzig Minuten lang nicht anmelden. Die Änderung der Konfiguration entfernte das Replikat "
           "aus dem Pool."),
}


def _inside_words(text: str, mark: str) -> str:
    return " ".join(w[:3] + mark + w[3:] if len(w) > 5 else w for w in text.split(" "))


#: Ways text is pasted, each applied to a clean text.
_PASTED: dict[str, Callable[[str], str]] = {
    "zero-width space": lambda text: _inside_words(text, "\u200b"),
    "soft hyphen": lambda text: _inside_words(text, "\u00ad"),
    "zero-width joiner": lambda text: _inside_words(text, "\u200d"),
    "byte order mark, word joiner": lambda text: "\ufeff" + _inside_words(text, "\u2060"),
    "left-to-right mark": lambda text: _inside_words(text, "\u200e"),
    "&shy;": lambda text: _inside_words(text, "&shy;"),
    "decomposed umlauts": lambda text: unicodedata.normalize("NFD", text),
    "ligature": lambda text: text.replace("fi", "\ufb01"),
    "thin spaces": lambda text: text.replace(" ", "\u2009"),
    "&nbsp;": lambda text: text.replace(" ", "&nbsp;", 3),
    "markup": lambda text: text.replace("Customers", "*Customers*").replace("Kunden", "<b>Kunden</b>"),
    "hyphen at a line end": lambda text: text.replace("database", "data-\nbase").replace(
        "Datenbank", "Daten-\nbank"),
    "soft hyphen at a line end": lambda text: text.replace("backup", "back\u00ad\nup").replace(
        "Sicherung", "Siche\u00ad\nrung"),
    "ellipsis": lambda text: text.replace(". ", "\u2026 "),
}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("pasted", list(_PASTED))
def test_a_score_of_pasted_text_is_that_of_the_text_cleaned_up(lang: str, pasted: str) -> None:
    # Each was another score or another count of words or syllables (an ellipsis before a
    # capital ended no sentence: one sentence of 33 words, 45.2 instead of 67.5). Decomposed
    # umlauts in English, the ligature and thin spaces were read right before (guards).
    plain = _PLAIN[lang]
    assert readability.score(_PASTED[pasted](plain), lang) == readability.score(plain, lang)


# --- markup of an Outlook or Word export ------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("It was <font color=red>human</font> error.", "en", [("PM301", "human</font> error", HUMAN_ERROR)]),
    ("It was human<o:p></o:p> error.", "en", [("PM301", "human<o:p></o:p> error", HUMAN_ERROR)]),
    ('Der Techniker war <font face="Arial">fahrl</font>ässig.', "de",
     [("PM303", "fahrl</font>ässig", '"fahrlässig" is judgemental wording')]),
])
def test_the_tags_of_an_office_export_show_nothing(sentence: str, lang: str,
                                                   expected: list[tuple[str, str, str]]) -> None:
    # Each passed: "<font>" (Outlook's and Word's HTML) and the empty "<o:p>" of an Office
    # export were no inline tags of the list, and stood between the words.
    assert _as_written(sentence, lang) == expected


def test_a_tag_of_an_office_export_in_a_postmortem() -> None:
    assert _background_findings("It was <font color=red>human</font> error.") == [
        ("PM301", 143, 24, 143, 42, HUMAN_ERROR)]


# --- names pasted into the people fields --------------------------------------------------------


@pytest.mark.parametrize("written", ["Qu\u200bist", "Qu\u00adist", "\uff31\uff55\uff49\uff53\uff54"])
def test_a_name_pasted_with_invisible_or_full_width_characters_is_the_name(written: str) -> None:
    # Each passed: the name of `authors` was read as written, "Qu" and "ist" around a
    # zero-width space or a soft hyphen, and "Quist" in the text was nobody the document knew.
    assert [(f.code, f.message) for f in scan("Quist should have checked the lag.", names=[written])] == [
        ("PM309", '"should have checked" is a hindsight counterfactual about the named person "Quist"')]


def test_a_name_pasted_with_decomposed_letters_is_the_name() -> None:
    # Passed: "Zoe\u0308" was the tokens "Zoe" and nothing.
    names = [unicodedata.normalize("NFD", "Zoë")]
    assert [(f.code, f.message) for f in scan("Zoë should have checked the lag.", names=names)] == [
        ("PM309", '"should have checked" is a hindsight counterfactual about the named person "Zoë"')]


# --- bullets of a list copied as text ---------------------------------------------------------


@pytest.mark.parametrize("bullet", ["\u25e6", "\u25aa", "\u2023", "\u2043", "\u25cf", "\u25a0", "\u25ba",
                                    "\u2192", "\u2713", "+"])
def test_a_bullet_starts_a_list_item(bullet: str) -> None:
    # Each was PM309 'about the named person "Paged Bob"': the bullet of a second-level item
    # of Word or Google Docs ("◦", "▪"), an arrow, a check mark or Markdown's "+" was no
    # boundary, and the last item's words became the subject of the next one. Now the item
    # is read as with "-" or "•": a fragment said of the team.
    text = f"{bullet} Paged Bob\n{bullet} should have retried the job automatically"
    assert [(f.code, f.message) for f in scan(text, "en", names=["Bob"])] == [
        ("PM302", '"should have retried" is a hindsight counterfactual')]


def test_a_bullet_list_in_a_postmortem() -> None:
    assert _background_findings("\u25e6 Paged Bob\n\u25e6 should have retried the job automatically") == [
        ("PM302", 144, 3, 144, 22, '"should have retried" is a hindsight counterfactual')]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("\u25e6 The on-call engineer should have checked the lag.", "en",
     [("PM302", '"should have checked" is a hindsight counterfactual about "on-call engineer"')]),
    ("\u25aa Der Admin hätte den Alarm prüfen müssen.", "de",
     [("PM302", '"hätte den Alarm prüfen müssen" is a hindsight counterfactual about "Admin"')]),
    ("\u2192 The cron job should have retried.", "en", []),
])
def test_the_subject_after_a_bullet_is_still_read(text: str, lang: str,
                                                  expected: list[tuple[str, str]]) -> None:
    assert [(f.code, f.message) for f in scan(text, lang)] == expected


# --- German in the spelling before 1996 (ß where the lexicons write ss) ---------------------


def test_a_denied_claim_after_old_daß_is_quiet() -> None:
    # Was PM308 on "ignoriert": "daß" was no "dass", so the clause was read as the author's.
    assert codes("Es gibt keine Hinweise darauf, daß der Techniker den Alarm ignoriert hat.", "de") == []
    assert codes("Es gibt Hinweise darauf, daß der Techniker den Alarm ignoriert hat.", "de") == [
        ("PM308", "ignoriert")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Das mußte ja schiefgehen.",
     [("PM305", "mußte ja schiefgehen", '"mußte ja schiefgehen" calls the outcome obvious in hindsight')]),
    ("Der Admin hat den Alarm bewußt ignoriert.",
     [("PM307", "bewußt ignoriert", '"bewußt ignoriert" attributes intent to "Admin"')]),
    ("Der Admin hat die Warnung bewußt übergangen.",
     [("PM307", "bewußt übergangen", '"bewußt übergangen" attributes intent to "Admin"')]),
])
def test_old_spelling_is_read_as_the_new(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    # Each passed, or was only PM308 on "ignoriert": "mußte" and "bewußt" matched no pattern
    # with "musste" and "bewusst". The message quotes the words as written.
    assert _as_written(sentence, "de") == expected


def test_old_spelling_in_a_postmortem() -> None:
    assert event_findings("Der Admin hat den Alarm bewußt ignoriert.", "de") == [
        ("PM307", 40, 36, 52, '"bewußt ignoriert" attributes intent to "Admin"')]


@pytest.mark.parametrize("sentence", [
    "Der Filter hat die Meldung bewußt ignoriert.",
    "Wir wußten nicht, daß der Cronjob läuft.",
    "Der Dienst läßt keine Verbindungen zu.",
])
def test_old_spelling_in_fair_text_is_quiet(sentence: str) -> None:
    assert codes(sentence, "de") == []


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\bdass\b", r"\bda(?:ss|ß)\b"),
    ("fahrlässig", "fahrl(?:ä|ae)(?:ss|ß)ig"),
    ("groß", "gro(?:ß|ss)"),
    ("(?<!ss )bewusst", "(?<!ss )bewu(?:ss|ß)t"),
    ("(?<=ä)x", "(?<=ä)x"),
    ("(?P<ss>ss)(?P=ss)", "(?P<ss>(?:ss|ß))(?P=ss)"),
    ("[ss]", "[ss]"),
])
def test_a_pattern_matches_ss_also_as_old_ß(pattern: str, expected: str) -> None:
    # A lookbehind keeps its fixed width and a group its name.
    assert transliterated(pattern) == expected


# --- guards: pasted text that was read right before this round --------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The engineer shouldn\u2019t have deployed on Friday.", "en",
     [("PM302", "shouldn\u2019t have deployed")]),
    ("It was hu\u200bman\u00a0error.", "en", [("PM301", "hu\u200bman\u00a0error")]),
    ("It was human\u202ferror.", "en", [("PM301", "human\u202ferror")]),
    ("It was hu\u00adman er\u200cror, said no one.", "en", [("PM301", "hu\u00adman er\u200cror")]),
    ("It was human *error*.", "en", [("PM301", "human *error*")]),
    ("It was <b>human</b> error.", "en", [("PM301", "human</b> error")]),
    ("It was human&nbsp;error.", "en", [("PM301", "human&nbsp;error")]),
    ("The engineer fat\u2011fingered the command.", "en", [("PM301", "fat\u2011fingered")]),
    ("\u2022 The on-call engineer should have checked the lag.", "en", [("PM302", "should have checked")]),
    ("\u2013 The on-call engineer should have checked the lag.", "en", [("PM302", "should have checked")]),
    ("Das war mensch-\n liches Versagen.", "de", [("PM301", "mensch-\n liches Versagen")]),
    ("Der Admin haette die Warnung pruefen muessen.", "de",
     [("PM302", "haette die Warnung pruefen muessen")]),
    ("Der Techniker war fahrlaessig.", "de", [("PM303", "fahrlaessig")]),
    ("Der Kollege hat den Fehler \u201everschlafen\u201c, sagte er sp\u00e4ter.", "de", []),
    ("Wir vermeiden \u00bbmenschliches Versagen\u00ab als Ursache.", "de", []),
    ("The alert said: \u201chuman\u00a0error detected\u201d.", "en", []),
    ("The alert\u2009\u2014\u2009not the engineer\u2009\u2014\u2009was misconfigured.", "en", []),
    ("Niemand war schuld\u202f\u2013 das System hat es zugelassen.", "de", []),
    ("The engineer followed the runbook\u2026 and the runbook was wrong.", "en", []),
])
def test_pasted_text_read_right_before(sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected
