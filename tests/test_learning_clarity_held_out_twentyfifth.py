"""Held-out inputs for the learning rules (PM701-PM715) and the clarity rules (PM501-PM508)."""

from __future__ import annotations

import pytest

from helpers import run

_HEAD = """\
pmkit: 1
id: x
title: Checkout errors
status: draft
lang: {lang}
severity: SEV4
owner: payments lead
summary: Checkout failed for 1,204 customers.
impact: {{description: Checkout failed., customers_affected: 1204}}
contributing_factors:
  - {{id: CF1, description: The config schema has no default for the timeout.}}
"""


def _item(title: str, lang: str = "en", **fields: str) -> str:
    """A document with one action item at line 13, its title quoted, its first letter at column 23."""
    base = {"type": "prevent", "priority": "P1", "owner": "jdoe", "due": "2027-01-15",
            "tracker": "OPS-1", "status": "open"}
    base.update(fields)
    rest = ", ".join(f"{k}: {v}" for k, v in base.items())
    return (_HEAD.format(lang=lang)
            + f"action_items:\n  - {{id: AI1, title: \"{title}\", {rest}, addresses: [CF1]}}\n")


def _found(text: str, select: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in run(text, select=[select])]


# --- PM708: an automated control named after "by", "in", "via" --------------------------------

@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Ensure backups are tested weekly by a CI job"),
    ("en", "Ensure backups are restored weekly by a scheduled CI job"),
    ("en", "Ensure backups are restored weekly via a cron job"),
    ("en", "Verify the certificate expiry with a nightly check"),
    ("de", "Backups wöchentlich durch einen geplanten CI-Job prüfen"),
    ("de", "Sicherstellen, dass Backups per Cronjob wiederhergestellt werden"),
])
def test_an_automated_control_after_by_or_via_is_a_done_state(lang: str, title: str) -> None:
    assert _found(_item(title, lang), "PM708") == []


@pytest.mark.parametrize(("lang", "title", "col"), [
    ("en", "Ensure backups are restored weekly", 23),
    ("en", "Ensure the team knows the runbook", 23),
    ("en", "Check the timeout in the export job", 23),
    ("en", "Verify the config in the job", 23),
    ("de", "Backups wöchentlich prüfen", 43),
    ("de", "Sicherstellen, dass das Team das Runbook kennt", 23),
])
def test_no_control_named_is_still_vague(lang: str, title: str, col: int) -> None:
    assert _found(_item(title, lang), "PM708") == [("PM708", 13, col)]
