"""Whole postmortems written the way a careful team writes them get no finding from any rule.

They follow public incident reports (an expired signing certificate, a database failover that
left the application writing to the old primary, a regular expression that pinned the CPUs of
a proxy fleet, a deleted primary database with empty backups, a mistyped capacity removal, a
latent CDN bug, a backbone cut that withdrew DNS, stolen OAuth tokens, a support vendor's
compromised account, an overloaded service-discovery cluster, an OS update that dropped
routes, a faulty security-agent update) and catch the false alarms that short excerpts miss:
every rule reads every field of a complete file, in YAML and in Markdown, English and German.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FIXTURES, run
from pmkit.diagnostics import Severity

REALISTIC = sorted(p for p in (FIXTURES / "realistic").iterdir() if p.suffix in (".yaml", ".md"))

#: "Today" for each check: after the incident and its deadlines, before any open item is due.
OLDER = {"2020-02-03-cert-expiry.yaml", "2024-05-14-db-failover.yaml"}

#: Advice (info) that is deliberately left in: "die Ursache war" read as single-cause framing
#: where the sentence rejects a hypothesis or says how soon the cause was narrowed down.
EXPECTED: dict[str, list[tuple[str, int, int]]] = {
    "2026-03-08-systemd-update-netzwerk.md": [("PM703", 153, 3)],
    "2026-10-28-service-discovery-ueberlast.yaml": [("PM703", 135, 69)],
}


@pytest.mark.parametrize("path", REALISTIC, ids=lambda p: p.name)
def test_a_careful_postmortem_gets_no_finding(path: Path) -> None:
    now = "2024-09-01T00:00:00Z" if path.name in OLDER else "2026-12-01T00:00:00Z"
    diags = run(path.read_text(encoding="utf-8"), path=path.name, now=now)
    assert [(d.code, d.line, d.col) for d in diags] == EXPECTED.get(path.name, [])
    assert all(d.severity is Severity.INFO for d in diags)
