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

#: Advice (info) that is deliberately left in (none at present).
EXPECTED: dict[str, list[tuple[str, int, int]]] = {}


@pytest.mark.parametrize("path", REALISTIC, ids=lambda p: p.name)
def test_a_careful_postmortem_gets_no_finding(path: Path) -> None:
    now = "2024-09-01T00:00:00Z" if path.name in OLDER else "2026-12-01T00:00:00Z"
    diags = run(path.read_text(encoding="utf-8"), path=path.name, now=now)
    assert [(d.code, d.line, d.col) for d in diags] == EXPECTED.get(path.name, [])
    assert all(d.severity is Severity.INFO for d in diags)


#: Each of these is a fixture above with flaws written in (blame, "human error", hindsight,
#: vague or missing numbers, a missing milestone, a late notice, personal data, a token): every
#: flaw is found, at the line and column of its first character, and nothing else.
FLAWED: dict[str, list[tuple[str, int, int]]] = {
    "2026-01-31-database-deletion.md": [
        ("PM303", 182, 40), ("PM304", 183, 1), ("PM311", 183, 19), ("PM505", 183, 62),
        ("PM505", 183, 88), ("PM302", 203, 32)],
    "2026-02-28-objektspeicher-region.yaml": [
        ("PM301", 18, 47), ("PM504", 21, 1), ("PM503", 23, 5), ("PM303", 41, 40), ("PM308", 41, 53),
        ("PM302", 42, 7), ("PM305", 138, 21), ("PM402", 149, 17)],
    "2026-03-08-systemd-update-netzwerk.md": [
        ("PM504", 15, 1), ("PM112", 56, 9), ("PM310", 123, 31), ("PM503", 123, 94),
        ("PM503", 131, 24), ("PM304", 142, 3), ("PM311", 142, 110)],
    "2026-04-12-oauth-token-theft.yaml": [
        ("PM102", 35, 1), ("PM505", 50, 77), ("PM505", 51, 47), ("PM106", 75, 9), ("PM404", 156, 58)],
    "2026-07-02-waf-regex-cpu.yaml": [
        ("PM308", 17, 44), ("PM301", 17, 76), ("PM302", 38, 7), ("PM109", 57, 5), ("PM306", 132, 22),
        ("PM305", 143, 7), ("PM305", 143, 18)],
    "2026-09-18-support-vendor-breach.yaml": [
        ("PM302", 133, 47), ("PM303", 133, 79), ("PM507", 155, 93), ("PM404", 166, 54)],
    "2026-10-04-backbone-dns.md": [
        ("PM104", 77, 9), ("PM307", 152, 72), ("PM306", 159, 50), ("PM309", 179, 81)],
}


def test_every_flawed_variant_is_listed() -> None:
    assert sorted(p.name for p in (FIXTURES / "realistic-flawed").iterdir()) == sorted(FLAWED)


@pytest.mark.parametrize("name", sorted(FLAWED))
def test_the_flaws_written_into_a_careful_postmortem_are_found(name: str) -> None:
    path = FIXTURES / "realistic-flawed" / name
    diags = run(path.read_text(encoding="utf-8"), path=name, now="2026-12-01T00:00:00Z")
    assert [(d.code, d.line, d.col) for d in diags] == FLAWED[name]
