"""The clean SEV1 postmortem and the SEV2 night that the timeline and decision tests change one
line of (tests/test_timeline_decisions_*.py)."""

# ruff: noqa: E501
# (each timeline entry is one line of YAML, so that findings are placed on lines a reader can count)

from __future__ import annotations

from helpers import run, where

NOW = "2026-12-07T10:00:00Z"

#: A clean SEV1 postmortem; the timeline's entries are lines 11-17 (impact_started, detected,
#: acknowledged, 10:20, the decision at 10:30 on line 15, mitigated, resolved), the decision
#: record from line 19.
BASE = """\
pmkit: 1
id: 2026-03-02-config
title: Config push broke checkout
status: draft
lang: LANG
severity: SEV1
owner: sre-oncall
summary: A config push broke checkout for an hour.
impact: {description: Users could not check out.}
timeline:
  - {at: 2026-03-02T10:00:00Z, milestone: impact_started, actor: deploy pipeline, event: Config push reached the checkout fleet., evidence: ['https://deploys.example.com/481']}
  - {at: 2026-03-02T10:04:00Z, milestone: detected, actor: monitoring, event: Error-rate alert fired for checkout., evidence: ['https://alerts.example.com/4711']}
  - {at: 2026-03-02T10:09:00Z, milestone: acknowledged, actor: on-call engineer, event: On-call engineer acknowledged the page., evidence: ['https://alerts.example.com/4711']}
  - {at: 2026-03-02T10:20:00Z, actor: on-call engineer, event: Found the config push in the deploy log., evidence: ['https://logs.example.com/q/17']}
  - {at: 2026-03-02T10:30:00Z, actor: incident commander, event: Decided to roll back the config push., decision: D1, evidence: ['https://chat.example.com/m/88']}
  - {at: 2026-03-02T10:58:00Z, milestone: mitigated, actor: on-call engineer, event: Error rate back to normal., evidence: ['https://grafana.example.com/d/9']}
  - {at: 2026-03-02T11:40:00Z, milestone: resolved, actor: on-call engineer, event: Checkout healthy for forty minutes., evidence: ['https://grafana.example.com/d/9']}
decisions:
  - id: D1
    at: 2026-03-02T10:30:00Z
    decision: Roll back the config push.
    options_considered: [fix forward, roll back]
    rationale: The previous config had run for a week without errors.
    tradeoff: The new cache settings were delayed by a day.
    known_at_the_time: The config push was the only change in the last hour.
    decided_by: incident commander
"""


def base(lang: str = "en") -> str:
    return BASE.replace("LANG", lang)


def check(text: str) -> list[tuple[str, int, int]]:
    return where(run(text, select=["PM1", "PM2"], now=NOW))


def with_event(event: str, lang: str = "en") -> str:
    """The base with the decision's entry (line 15) saying ``event`` and linking nothing; the
    event starts at column 67 (a quote before it)."""
    quoted = "'" + event.replace("'", "''") + "'"
    return base(lang).replace("Decided to roll back the config push., decision: D1,", quoted + ",")


def col(event: str, word: str) -> int:
    return 67 + event.index(word)


#: A SEV2 night: detected 22:10, an entry at 22:30 (line 13), the next at 01:00 (line 14).
NIGHT = """\
pmkit: 1
id: 2026-03-02-night
title: Night outage
status: draft
lang: LANG
severity: SEV2
owner: sre-oncall
summary: Checkout failed overnight.
impact: {description: Users could not check out.}
timeline:
  - {at: 2026-03-02T22:00:00Z, milestone: impact_started, actor: deploy pipeline, event: Release started., evidence: ['https://deploys.example.com/1']}
  - {at: 2026-03-02T22:10:00Z, milestone: detected, actor: monitoring, event: Alert fired., evidence: ['https://alerts.example.com/2']}
  - {at: 2026-03-02T22:30:00Z, actor: on-call engineer, event: 'EVENT', evidence: ['https://chat.example.com/m/3']}
  - {at: 2026-03-03T01:00:00Z, actor: on-call engineer, event: Restarted the checkout pods., evidence: ['https://chat.example.com/m/4']}
  - {at: 2026-03-03T01:20:00Z, milestone: mitigated, actor: on-call engineer, event: Errors stopped., evidence: ['https://grafana.example.com/d/5']}
  - {at: 2026-03-03T02:00:00Z, milestone: resolved, actor: on-call engineer, event: Checkout healthy., evidence: ['https://grafana.example.com/d/5']}
"""


def with_later(event: str, lang: str = "en") -> str:
    """The base with an entry at 12:10 (line 18, its event at column 65) after 'resolved'."""
    quoted = "'" + event.replace("'", "''") + "'"
    return base(lang).replace("decisions:\n", "  - {at: 2026-03-02T12:10:00Z, actor: on-call engineer, event: "
                              + quoted + ", evidence: ['https://grafana.example.com/d/9']}\ndecisions:\n")
