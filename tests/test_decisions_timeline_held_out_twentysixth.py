"""Decision and timeline rules on held-out postmortems of the twenty-sixth round: a decision
linked from an entry whose time pmkit cannot read, trade-offs that say there was none, the
German "stellten ... um", and the impact reported again in German verb-second order."""

from __future__ import annotations

import pytest

from helpers import run, where

# 1. An entry whose time pmkit cannot read still links its decision.

#: A SEV4 incident; AT is the time of the entry at line 13, which links D1 (its id at line 15).
LINKED = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: en
severity: SEV4
owner: team lead
authors: [a]
summary: Something broke.
impact: {description: Users saw errors.}
timeline:
  - {at: 2026-03-10T10:00Z, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: AT, actor: on-call engineer, event: Rolled back release 4.2., decision: D1}
  - {at: 2026-03-10T10:30Z, milestone: resolved, actor: on-call engineer, event: Errors gone.}
decisions:
  - {id: D1, decision: Roll back release 4.2., rationale: Errors began with the release., \
decided_by: on-call engineer, options_considered: [roll back, hotfix]}
"""


@pytest.mark.parametrize(("at", "code"), [
    ("2026-03-10 10:15 UTC", "PM015"),
    ("2026-03-10T10:15", "PM014"),
    ("10:15 Uhr MEZ", "PM015"),
])
def test_an_entry_whose_time_cannot_be_read_still_links_its_decision(at: str, code: str) -> None:
    # The schema set the entry aside for its time, and PM208 said no entry refers to D1, with a
    # hint to add the link the entry already has.
    found = run(LINKED.replace("AT", at), select=["PM0", "PM208"])
    assert where(found) == [(code, 13, 10)]
    assert f"'{at}'" in found[0].message


def test_guard_a_record_no_entry_links_is_still_unused() -> None:
    text = LINKED.replace("AT", "2026-03-10 10:15 UTC").replace(", decision: D1}", "}")
    found = run(text, select=["PM208"])
    assert where(found) == [("PM208", 16, 10)]
    assert found[0].message == "no timeline entry refers to decision D1"
