"""Disclosure clocks on held-out postmortems of the thirteenth round: deadlines a compliance
officer or a regulator would work out by hand (SEC business days over federal holidays, hour
clocks across daylight-saving changes and in a half-hour zone, month ends and leap days, chained
DORA and NIS2 reports, the due/overdue boundary), compared with 'pmkit check' and 'pmkit due'.

The tests named ``test_guard_*`` pin deadlines that were already right; the others each pin a
fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pmkit.cli import main

HEAD = """\
pmkit: 1
id: held-out
title: Held-out disclosure scenario
status: draft
lang: en
severity: SEV2
"""

NO_POLICY = '[disclosure]\npolicy = ""\n'
DE = NO_POLICY + '[calendar]\ncountry = "DE"\n'


def doc(body: str, zone: str | None = None, users: int | None = None) -> str:
    return (HEAD + (f"timezone: {zone}\n" if zone else "")
            + (f"impact:\n  users_affected: {users}\n" if users is not None else "") + body)


def due(tmp_path: Path, text: str, now: str, *extra: str, toml: str = NO_POLICY) -> str:
    """Run 'pmkit due' on ``text`` as pm.yaml in a repository of its own."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / ".pmkit.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["due", str(tmp_path / "pm.yaml"), "--now", now, *extra]) in (0, 1)
    return str(tmp_path / "pm.yaml")


def rows(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, now: str,
         toml: str = NO_POLICY) -> list[dict[str, Any]]:
    capsys.readouterr()
    due(tmp_path, text, now, "--all", "--format", "json", toml=toml)
    clocks: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["clocks"]
    return clocks


def deadlines(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, now: str,
              toml: str = NO_POLICY) -> dict[str, tuple[str, str | None]]:
    """``{"regime stage": (state, deadline in the document's zone)}`` of 'pmkit due --all'."""
    return {f"{r['regime']} {r['stage']}": (r["state"], r["deadline"])
            for r in rows(tmp_path, capsys, text, now, toml)}


# --- fixes ----------------------------------------------------------------------------------------


#: DORA and NIS2 on one incident, nothing sent yet: the later reports wait for the earlier ones.
CHAINS = doc("""\
disclosure:
  regimes: [dora, nis2]
  aware_at: 2026-06-01T08:00:00
  classified_major_at: 2026-06-01T10:00:00
""", "Europe/Berlin")


def test_waiting_reports_are_listed_in_the_order_of_their_regimes_and_stages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Clocks without a deadline were ordered by their stage names: 'dora final' before 'dora
    intermediate', and NIS2's final report between them. They keep the order the regimes are
    listed in and the order of their stages, as the reports are made."""
    path = due(tmp_path, CHAINS, "2026-06-01T09:00:00Z", "--all")
    listed = [line.split(": ")[1] for line in capsys.readouterr().out.splitlines()]
    assert listed == ["dora initial [regulator]", "nis2 early-warning [regulator]",
                      "nis2 notification [regulator]", "dora intermediate [regulator]",
                      "dora final [regulator]", "nis2 final-report [regulator]"]
    assert path.endswith("pm.yaml")
    # Two clocks with the same deadline (GDPR Art. 33 and the NIS2 notification, both 72 h
    # from awareness) are listed in the order of disclosure.regimes, not by stage name.
    both = CHAINS.replace("regimes: [dora, nis2]", "regimes: [nis2, gdpr-art33]").replace(
        "disclosure:\n", "disclosure:\n  personal_data_breach: true\n")
    order = [(r["regime"], r["stage"]) for r in rows(tmp_path, capsys, both, "2026-06-01T09:00:00Z")]
    assert order == [("nis2", "early-warning"), ("nis2", "notification"), ("gdpr-art33", "notification"),
                     ("nis2", "final-report")]
