"""Whole postmortems written the way a careful team writes them get no finding from any rule.

They follow public incident reports (an expired signing certificate, a database failover that
left the application writing to the old primary) and catch the false alarms that short
excerpts miss: every rule reads every field of a complete file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FIXTURES, run

REALISTIC = sorted((FIXTURES / "realistic").glob("*.yaml"))


@pytest.mark.parametrize("path", REALISTIC, ids=lambda p: p.name)
def test_a_careful_postmortem_gets_no_finding(path: Path) -> None:
    diags = run(path.read_text(encoding="utf-8"), path=path.name, now="2024-09-01T00:00:00Z")
    assert [(d.code, d.line, d.col, d.message) for d in diags] == []
