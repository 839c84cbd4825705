"""An entry's actor and event are read for non-answers alike (PM109, PM110): a template's
"<actor>" or "<event>" is one, marks alone are one, and "TODO" alone is left to PM019 in both."""

from __future__ import annotations

import pytest

from helpers import run, where

_ENTRY = """\
pmkit: 1
id: 2026-06-01-api
title: API errors
status: in-review
lang: en
severity: SEV3
owner: api lead
timeline:
  - {at: 2026-06-01T10:00:00Z, milestone: impact_started, actor: api, event: Errors began.}
  - {at: 2026-06-01T10:05:00Z, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-06-01T10:20:00Z, actor: ACTOR, event: EVENT}
  - {at: 2026-06-01T11:00:00Z, milestone: resolved, actor: SRE, event: Error rate at baseline.}
"""

_SELECT = ["PM109", "PM110", "PM019"]


@pytest.mark.parametrize(("actor", "event", "code", "col", "message"), [
    ("<actor>", "Restarted the pods.", "PM109", 39, "gives '<actor>' as its actor, which names no one"),
    ("SRE", "<event>", "PM110", 51, "gives '<event>' as its event, which says nothing"),
    ("'...'", "Restarted the pods.", "PM109", 39, "gives '...' as its actor, which names no one"),
    ("SRE", "'...'", "PM110", 51, "gives '...' as its event, which says nothing"),
])
def test_a_placeholder_or_marks_alone_are_said_alike(
        actor: str, event: str, code: str, col: int, message: str) -> None:
    found = run(_ENTRY.replace("ACTOR", actor).replace("EVENT", event), select=_SELECT)
    assert where(found) == [(code, 11, col)]
    assert found[0].message == f"the entry at 2026-06-01 10:20 UTC {message}"


@pytest.mark.parametrize(("actor", "event", "col"), [
    ("TODO", "Restarted the pods.", 39),
    ("SRE", "TODO", 51),
])
def test_todo_alone_is_left_to_pm019_in_both(actor: str, event: str, col: int) -> None:
    found = run(_ENTRY.replace("ACTOR", actor).replace("EVENT", event), select=_SELECT)
    assert [code for code, _, _ in where(found)] == ["PM019"]
    assert where(found)[0][1:] == (11, col)
