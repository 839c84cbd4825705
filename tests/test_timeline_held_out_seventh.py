"""Timeline, decision and metric rules on held-out postmortems of the seventh round: decisions
whose trade-off or rationale is a non-answer, early detections in the metrics, and more."""

from __future__ import annotations

import pytest

from helpers import run, where

#: A SEV1 failover whose decision record fills its fields with non-answers.
FAILOVER = """\
pmkit: 1
id: 2026-02-03-failover
title: Primary database region lost its storage
status: draft
lang: LANG
severity: SEV1
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
    rationale: RATIONALE
    options_considered: [wait for the storage vendor, fail over]
    tradeoff: TRADEOFF
    decided_by: incident commander
"""

_RATIONALE = "The standby had been in sync 30 seconds earlier; the vendor gave no estimate."


@pytest.mark.parametrize(("lang", "tradeoff"), [
    ("en", "none"), ("en", "None."), ("en", "n/a"), ("en", "--"), ("en", "No trade-off"),
    ("de", "keine"), ("de", "Entfällt"),
])
def test_a_tradeoff_that_names_nothing_is_reported(lang: str, tradeoff: str) -> None:
    # Before, any text passed as a trade-off: 'tradeoff: none' stated none.
    text = FAILOVER.replace("LANG", lang).replace("RATIONALE", _RATIONALE).replace("TRADEOFF", tradeoff)
    found = run(text, select=["PM206"])
    assert where(found) == [("PM206", 23, 15)]
    assert found[0].message == (f"decision D1 of a SEV1 incident gives '{tradeoff}' as its trade-off, "
                                "which names nothing given up")


@pytest.mark.parametrize("tradeoff", [
    "Data integrity over time to recovery: writes were refused for 20 minutes.",
    "None of the data was at risk; we gave up 20 minutes of writes.",
    "Keine Datenverluste, dafür 20 Minuten ohne Schreibzugriff.",
])
def test_a_tradeoff_that_starts_with_none_but_names_a_cost_passes(tradeoff: str) -> None:
    text = FAILOVER.replace("LANG", "en").replace("RATIONALE", _RATIONALE).replace("TRADEOFF", tradeoff)
    assert run(text, select=["PM206"]) == []


def test_a_rationale_of_n_a_is_no_rationale() -> None:
    text = FAILOVER.replace("LANG", "en").replace("RATIONALE", "n/a").replace(
        "TRADEOFF", "Availability over the last 30 seconds of writes.")
    found = run(text, select=["PM202"])
    assert where(found) == [("PM202", 21, 16)]
    assert found[0].message == "decision D1 gives 'n/a' as its rationale, which gives no reason"
