"""A person's first name that is also a common noun ("Grant", "Mark", "Bill", "Jack", "Lance")
names the person only as written, capitalised, and not after an article or determiner: "the new
IAM grant ignored the deny policy" is about a permission, not about Grant Ellis."""

from __future__ import annotations

import pytest

from helpers import DRAFT_HEAD, run
from pmkit.prose import scan

Found = list[tuple[str, int, str]]

GRANT_MARK = ("Grant Ellis", "Mark Weber")
BILL_JACK_LANCE = ("Bill Chen", "Jack Ma", "Lance Park")


def _found(sentence: str, names: tuple[str, ...], lang: str = "en") -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang=lang, names=names)]


@pytest.mark.parametrize(("sentence", "names"), [
    ("The new IAM grant ignored the deny policy on the replicas, and the mark failed to render on"
     " the lag chart", GRANT_MARK),
    ("The invoice bill failed to post to the ledger.", BILL_JACK_LANCE),
    ("The jack ignored the ground pin.", BILL_JACK_LANCE),
    ("Every lance of the crawler failed to fetch.", BILL_JACK_LANCE),
    ("The Mark failed to render on the chart.", GRANT_MARK),
    ("A Grant should have been revoked first.", GRANT_MARK),
])
def test_a_common_noun_is_not_the_person_of_the_same_name(sentence: str, names: tuple[str, ...]) -> None:
    assert _found(sentence, names) == []


@pytest.mark.parametrize(("sentence", "names", "expected"), [
    ("Grant ignored the deny alert.", GRANT_MARK, [("PM309", 6, "ignored")]),
    ("Mark failed to check the lag chart.", GRANT_MARK, [("PM309", 5, "failed to")]),
    ("The on-call paged Bill, and Bill failed to respond.", BILL_JACK_LANCE, [("PM309", 33, "failed to")]),
    ("We found that Jack ignored the ground alert.", BILL_JACK_LANCE, [("PM309", 19, "ignored")]),
    ("kwong ignored the alert.", ("kwong",), [("PM309", 6, "ignored")]),
])
def test_the_name_written_capitalised_is_still_the_person(
        sentence: str, names: tuple[str, ...], expected: Found) -> None:
    assert _found(sentence, names) == expected


def test_the_authors_name_a_word_in_a_checked_file() -> None:
    text = DRAFT_HEAD.format(lang="en") + (
        "authors: [Grant Ellis, Mark Weber]\n"
        "summary: The new IAM grant ignored the deny policy on the replicas, and the mark failed"
        " to render on the lag chart.\n")
    assert [d.code for d in run(text, select=["PM309"])] == []
    text = DRAFT_HEAD.format(lang="en") + (
        "authors: [Grant Ellis, Mark Weber]\nsummary: Grant ignored the deny alert.\n")
    assert [(d.code, d.line, d.col) for d in run(text, select=["PM309"])] == [("PM309", 8, 16)]
