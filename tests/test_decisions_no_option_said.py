"""An item of options_considered that says there was no option is read by one pattern, whether
written as a phrase or a sentence: "Es gab keine andere Option", "Wir hatten keine Option" are no
option (PM204) as "keine andere Option" and "no other option" were."""

from __future__ import annotations

import pytest

from helpers import run, where

DECISION = """\
pmkit: 1
id: 2026-02-03-failover
title: Primary database region lost its storage
status: draft
lang: LANG
severity: SEV2
owner: database lead
timeline:
  - at: 2026-02-03T10:00:00Z
    milestone: impact_started
    actor: storage
    event: The primary region's volumes stopped accepting writes.
  - at: 2026-02-03T10:20:00Z
    actor: incident commander
    event: Failover to the standby region.
    decision: D1
decisions:
  - id: D1
    at: 2026-02-03T10:20:00Z
    decision: Fail over to the standby region.
    rationale: The standby had been in sync 30 seconds earlier; the vendor gave no estimate.
    options_considered: OPTIONS
    tradeoff: Availability over the last 30 seconds of writes.
    decided_by: incident commander
    known_at_the_time: The primary's volumes rejected every write; the standby's lag was 30 seconds.
"""


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
