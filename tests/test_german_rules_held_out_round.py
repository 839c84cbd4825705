"""German postmortems of a held-out round outside blameless phrasing: impacts that say there was
none, vague German quantities, and dates compared with a start pmkit could not read."""

from __future__ import annotations

from helpers import run, where

#: A German SEV3 postmortem; ``{timeline}`` is its timeline, ``{notice}`` a customer notice.
DATES = """\
pmkit: 1
id: 2026-03-03-zeiten
title: Anmeldung war gestört
status: draft
lang: de
severity: SEV3
timezone: Europe/Berlin
timeline:
{timeline}
disclosure:
  personal_data_breach: false
  notifications:
    - {{audience: customers, sent_at: 2026-03-03T14:20:00+01:00, channel: status-page}}
"""

#: The first two entries' times cannot be read (PM015); the first entry read is 14:50.
UNREAD_START = """\
  - {at: 08.03.2026 14:05, event: Das Deployment wurde ausgerollt.}
  - {at: '14:30 Uhr', event: Rollback abgeschlossen.}
  - {at: 2026-03-03T14:50:00, event: Die Fehlerquote lag wieder auf Normalniveau.}"""


def test_a_notice_is_not_said_to_precede_a_start_that_could_not_be_read() -> None:
    # Before, PM415 said the 14:20 notice came "before the incident began (its first timeline
    # entry, 14:50 CET)", taken from the only entry it could read.
    found = run(DATES.format(timeline=UNREAD_START), select=["PM015", "PM415"])
    assert where(found) == [("PM015", 9, 10), ("PM015", 10, 10)]


def test_a_notice_before_every_entry_read_is_still_reported() -> None:
    timeline = UNREAD_START.replace("08.03.2026 14:05", "2026-03-03T14:30:00").replace(
        "'14:30 Uhr'", "2026-03-03T14:40:00")
    found = run(DATES.format(timeline=timeline), select=["PM015", "PM415"])
    assert where(found) == [("PM415", 15, 38)]
    assert "before the incident began (its first timeline entry, 2026-03-03 14:30 CET" in found[0].message


def test_an_unread_entry_after_the_first_one_read_leaves_the_start_known() -> None:
    timeline = UNREAD_START.replace("08.03.2026 14:05", "2026-03-03T14:30:00")
    found = run(DATES.format(timeline=timeline), select=["PM015", "PM415"])
    assert where(found) == [("PM015", 10, 10), ("PM415", 15, 38)]


def test_an_anchor_is_not_said_to_precede_a_first_entry_that_could_not_be_read() -> None:
    text = DATES.format(timeline=UNREAD_START).replace(
        "  personal_data_breach: false\n", "  personal_data_breach: false\n  aware_at: 2026-02-20T09:00:00\n")
    assert where(run(text, select=["PM415"])) == []
    read = text.replace("08.03.2026 14:05", "2026-03-03T14:05:00").replace(
        "'14:30 Uhr'", "2026-03-03T14:30:00")
    assert [d.field for d in run(read, select=["PM415"])] == ["disclosure.aware_at"]
