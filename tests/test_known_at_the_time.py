"""PM212: a SEV1/SEV2 decision record says what was known when it was taken."""

from __future__ import annotations

import pytest

from helpers import run, where

RECORD = """\
pmkit: 1
id: 2026-02-03-failover
title: Primary database region lost its storage
status: draft
lang: LANG
severity: SEVERITY
decisions:
  - id: D1
    at: 2026-02-03T10:20:00Z
    decision: Fail over to the standby region.
    rationale: RATIONALE
    options_considered: [fail over, wait for the vendor]
    tradeoff: Minutes of replication lag over hours of downtime.
    decided_by: incident commander
"""


def record(rationale: str = "The primary region's storage rejected every write.", severity: str = "SEV1",
           lang: str = "en", extra: str = "") -> str:
    return (RECORD.replace("RATIONALE", rationale).replace("SEVERITY", severity).replace("LANG", lang)
            + extra)


def test_a_severe_decision_that_does_not_say_what_was_known_is_reported_at_its_record() -> None:
    found = run(record(), select=["PM2"])
    assert where(found) == [("PM212", 8, 5)]
    assert found[0].message == ("decision D1 of a SEV1 incident does not say what was known when it "
                                "was taken")
    assert found[0].hint == ("Add 'known_at_the_time:': the facts, and the open questions, the "
                             "responders had when they decided.")
    assert str(found[0].severity) == "warning"


@pytest.mark.parametrize("severity", ["SEV3", "SEV4", "SEV5"])
def test_a_minor_incident_is_not_asked(severity: str) -> None:
    assert run(record(severity=severity), select=["PM212"]) == []


def test_a_record_with_what_was_known_passes() -> None:
    extra = "    known_at_the_time: Writes failed in the primary; the standby's lag was not measured.\n"
    assert run(record(extra=extra), select=["PM2"]) == []


@pytest.mark.parametrize(("lang", "rationale"), [
    ("en", "At the time we knew only that writes failed; the vendor gave no estimate."),
    ("en", "The cause was not yet known, and the standby had been in sync 30 seconds earlier."),
    ("en", "We could not tell whether the vendor would repair the volumes within the hour."),
    ("en", "It was unclear whether the storage would recover."),
    ("de", "Damals war nur bekannt, dass Schreibzugriffe fehlschlugen."),
    ("de", "Die Ursache war noch nicht bekannt; der Standby war synchron."),
    ("de", "Es war unklar, ob der Anbieter die Volumes reparieren würde."),
    ("de", "Wir wussten nicht, wie lange die Reparatur dauert."),
])
def test_a_rationale_that_says_what_was_known_is_enough(lang: str, rationale: str) -> None:
    assert run(record(rationale=rationale, lang=lang), select=["PM212"]) == []


@pytest.mark.parametrize(("lang", "rationale"), [
    ("en", "A known bug in the storage driver made the volumes read-only."),  # a known bug: no state of mind
    ("de", "Ein bekannter Fehler im Speichertreiber setzte die Volumes auf nur lesend."),
])
def test_known_as_an_adjective_does_not_say_what_was_known(lang: str, rationale: str) -> None:
    assert where(run(record(rationale=rationale, lang=lang), select=["PM212"])) == [("PM212", 8, 5)]


@pytest.mark.parametrize(("value", "said"), [("n/a", "n/a"), ('"-"', "-"), ("keine", "keine"),
                                             ('"none."', "none.")])
def test_a_non_answer_is_reported_at_the_value(value: str, said: str) -> None:
    found = run(record(extra=f"    known_at_the_time: {value}\n"), select=["PM2"])
    assert where(found) == [("PM212", 15, 24)]
    assert found[0].message == (f"decision D1 of a SEV1 incident gives '{said}' as what was known when "
                                "it was taken")


def test_written_as_a_list_is_reported_once_by_the_schema() -> None:
    extra = "    known_at_the_time:\n      - writes failed\n      - the vendor gave no estimate\n"
    found = run(record(extra=extra), select=["PM0", "PM2"])
    assert [d.code for d in found] == ["PM012"]


def test_each_record_is_reported_on_its_own() -> None:
    second = ("  - id: D2\n    at: 2026-02-03T10:25:00Z\n    decision: Pause the nightly export job.\n"
              "    rationale: The export reads the primary.\n    options_considered: [pause, keep running]\n"
              "    tradeoff: A day's delay over failed runs.\n    decided_by: incident commander\n"
              "    known_at_the_time: The export was due at 11:00.\n"
              "  - id: D3\n    at: 2026-02-03T10:30:00Z\n    decision: Lock deploys.\n"
              "    rationale: A deploy would mix a second change in.\n"
              "    options_considered: [lock, keep going]\n"
              "    tradeoff: Fixes waited an hour.\n    decided_by: incident commander\n")
    found = run(record(extra=second), select=["PM212"])
    assert [(d.line, d.message.split(" of ")[0]) for d in found] == [(8, "decision D1"), (23, "decision D3")]
