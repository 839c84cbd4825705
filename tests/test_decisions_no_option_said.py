"""An item of options_considered that says there was no option is read by one pattern, whether
written as a phrase or a sentence: "Es gab keine andere Option", "Wir hatten keine Option" are no
option (PM204) as "keine andere Option" and "no other option" were."""

from __future__ import annotations

import pytest

from helpers import FAILOVER_DECISION, run, where

DECISION = FAILOVER_DECISION


@pytest.mark.parametrize(("lang", "options"), [
    ("de", "[Es gab keine andere Option.]"),
    ("de", "[Wir hatten keine Option]"),
    ("de", "[Keine echte Option]"),
    # (said before as well: kept beside the sentences)
    ("de", "[keine andere Option]"),
    ("de", "[alternativlos]"),
    ("en", "[none considered]"),
    ("en", "[there was no alternative]"),
])
def test_an_option_saying_there_was_none_names_no_option(lang: str, options: str) -> None:
    found = run(DECISION.replace("LANG", lang).replace("OPTIONS", options), select=["PM204", "PM205"])
    assert where(found) == [("PM204", 22, 5)]
    assert found[0].message == f"decision D1 names no option ('{options[1:-1]}') and no options_reason"


def test_an_option_beside_such_a_sentence_is_a_single_option() -> None:
    """Guard: the sentence is no option, the other item still is one."""
    text = DECISION.replace("LANG", "de").replace("OPTIONS", "[Es gab keine andere Option, Failover]")
    assert [code for code, _, _ in where(run(text, select=["PM204", "PM205"]))] == ["PM205"]
