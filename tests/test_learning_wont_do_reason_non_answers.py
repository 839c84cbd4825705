"""A wont-do item's reason reads the same non-answers as a decision's rationale: "There were
none", "See the Slack thread", "N/A - obvious choice" and "Es gab keine" give no reason there
either (PM715), as they gave no rationale (PM202)."""

from __future__ import annotations

import pytest

from helpers import run

_ITEM = """\
pmkit: 1
id: 2024-03-12-checkout
title: Checkout errors
status: draft
lang: {lang}
severity: SEV3
contributing_factors:
  - {{id: CF1, description: Release 4.2 divided by a rate that can be zero.}}
action_items:
  - id: AI1
    title: Shard the rates table
    addresses: [CF1]
    status: wont-do
    reason: {reason}
"""

_NON_ANSWERS = [
    ("en", "There were none"),
    ("en", "See the Slack thread"),
    ("en", "See INC-1234"),
    ("en", "N/A - obvious choice"),
    ("en", "None really."),
    ("de", "Es gab keine"),
    ("de", "Siehe Slack-Thread"),
]


@pytest.mark.parametrize(("lang", "reason"), _NON_ANSWERS)
def test_a_wont_do_reason_that_says_nothing_is_reported(lang: str, reason: str) -> None:
    found = run(_ITEM.format(lang=lang, reason=reason), select=["PM0", "PM715", "PM019"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM715", 13, 13, "action item AI1 is 'wont-do' without a reason"),
    ]


@pytest.mark.parametrize("reason", [
    "See the Slack thread: sharding costs two quarters and AI2 removes the risk.",
    "There were none of the spare replicas a shard would need.",
])
def test_a_reason_that_goes_on_is_a_reason(reason: str) -> None:
    """Guard: only the whole value is a non-answer; one that goes on to give a reason is one."""
    assert run(_ITEM.format(lang="en", reason=f"'{reason}'"), select=["PM715"]) == []
