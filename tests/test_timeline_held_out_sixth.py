"""Timeline, decision and time-value rules on held-out postmortems of the sixth round: early
warnings (detection before impact), long incidents, repeated milestones and more."""

from __future__ import annotations

from helpers import run, where

#: A vulnerability known before anyone exploited it: detection precedes impact by hours.
LOG4SHELL = """\
pmkit: 1
id: 2021-12-10-log4shell
title: Exploitation of the Log4j lookup flaw in the search service
status: draft
lang: en
severity: SEV2
owner: security lead
timeline:
  - at: 2021-12-09T23:50:00Z
    milestone: detected
    actor: security on-call
    event: The advisory for CVE-2021-44228 reached the security channel.
  - at: 2021-12-10T00:40:00Z
    actor: incident commander
    event: Chose to block JNDI patterns at the WAF before patching.
    decision: D1
  - at: 2021-12-10T02:10:00Z
    milestone: impact_started
    actor: WAF
    event: The first exploitation attempts reached the search service.
  - at: 2021-12-10T06:30:00Z
    milestone: resolved
    actor: search team
    event: Deployed Log4j 2.15 to all search nodes.
decisions:
  - id: D1
    at: DECIDED
    decision: Block JNDI lookup patterns at the WAF before patching.
    rationale: Patching every node would take hours; the WAF rule could ship in minutes.
"""


def test_a_decision_between_an_early_detection_and_the_impact_is_inside_the_incident() -> None:
    """PM209 said 'timed before the impact started' of a decision taken after detection: the
    incident (and its decisions) begins with whichever of the two came first."""
    assert run(LOG4SHELL.replace("DECIDED", "2021-12-10T00:40:00Z"), select=["PM209"]) == []
    assert run(LOG4SHELL.replace("DECIDED", "2021-12-10"), select=["PM209"]) == []


def test_a_decision_before_an_early_detection_names_the_detection() -> None:
    found = run(LOG4SHELL.replace("DECIDED", "2021-12-09T20:00:00Z"), select=["PM209"])
    assert where(found) == [("PM209", 27, 9)]
    assert found[0].message == ("decision D1 is timed before the incident was detected "
                                "(2021-12-09 23:50 UTC)")
