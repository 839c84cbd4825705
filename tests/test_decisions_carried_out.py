"""PM207 on an entry that carries out a decision linked before it, when the record says the
action as an imperative ("Stop the migration job") and the entry as done ("Stopped the
migration job"), in English and German."""

from __future__ import annotations

import pytest

from helpers import DECIDING_HEAD, run, where

TEXT = DECIDING_HEAD + """\
    event: DECIDED
    decision: D1
  - at: 2026-03-02T10:12:00Z
    actor: on-call engineer
    event: DONE
  - at: 2026-03-02T10:45:00Z
    milestone: resolved
    actor: on-call engineer
    event: Closed.
decisions:
  - id: D1
    at: 2026-03-02T10:10:00Z
    decision: RECORD
    rationale: The old index was complete; finishing needed 90 more minutes.
    decided_by: incident commander
"""


def _check(lang: str, record: str, done: str) -> list[tuple[str, int, int]]:
    decided = "Decided to act." if lang == "en" else "Entschieden, zu handeln."
    text = (TEXT.replace("LANG", lang).replace("DECIDED", decided)
            .replace("RECORD", record).replace("DONE", done))
    return where(run(text, select=["PM207", "PM208"]))


@pytest.mark.parametrize(("record", "done"), [
    ("Stop the migration job.", "Stopped the migration job."),
    ("Stop the import jobs.", "Stopped all imports."),
    ("Stop accepting writes.", "Stopped accepting writes."),
    ("Suspend the import jobs.", "Suspended the import jobs."),
    ("Put the site into maintenance mode.", "Put the site into maintenance mode."),
    ("Back out the config change.", "Backed out the config change."),
    ("Switch traffic to region B.", "Switched traffic to region B."),
    ("Turn off the bulk-export feature flag.", "Turned off the bulk-export feature flag."),
    ("Switch off the bulk-export feature flag.", "Switched off the bulk-export feature flag."),
    ("Block all deploys.", "Blocked all deploys."),
    ("Block writes to the orders table.", "Blocked writes to the orders table."),
    # (already understood: kept so that the table stays whole)
    ("Roll back release 4.2.", "Rolled back release 4.2."),
    ("Revert the config change.", "Reverted the config change."),
    ("Fail over to region B.", "Failed over to region B."),
    ("Drain node pool A.", "Drained node pool A."),
    ("Disable the bulk-export feature flag.", "Disabled the bulk-export feature flag."),
    ("Pause webhook delivery.", "Paused webhook delivery."),
    ("Halt the import jobs.", "Halted the import jobs."),
    ("Freeze deploys.", "Froze deploys."),
    ("Restore the table from the backup.", "Restored the table from last night's backup."),
])
def test_an_entry_doing_what_an_earlier_linked_record_says_to_do_is_no_new_decision(
        record: str, done: str) -> None:
    """"Stopped the migration job" after the entry linking D1 ("Stop the migration job.") was
    reported as an unlinked decision, while "Halt ..." or "Pause ..." was understood."""
    assert _check("en", record, done) == []


@pytest.mark.parametrize(("record", "done"), [
    ("Migration stoppen.", "Wir haben die Migration gestoppt."),
    ("Die Migration stoppen.", "Stoppte die Migration."),
    ("Migrationsjob stoppen.", "Das Team stoppte den Migrationsjob."),
    ("Änderung zurücknehmen.", "Änderung zurückgenommen."),
    ("Änderung revertieren.", "Änderung revertiert."),
    ("Feature-Flag bulk-export ausschalten.", "Feature-Flag bulk-export ausgeschaltet."),
    ("Wartungsmodus aktivieren.", "Wartungsmodus aktiviert."),
    ("Seite in den Wartungsmodus versetzen.", "Seite in den Wartungsmodus versetzt."),
    ("Import-Jobs anhalten.", "Wir haben die Import-Jobs angehalten."),
    ("Release 4.2 zurückrollen.", "Release 4.2 zurückgerollt."),
    ("Änderung zurücksetzen.", "Änderung zurückgesetzt."),
    ("Auf Region B umschalten.", "Wir haben auf Region B umgeschaltet."),
    ("Deploys sperren.", "Deploys gesperrt."),
])
def test_german_records_name_the_action_as_an_infinitive(record: str, done: str) -> None:
    assert _check("de", record, done) == []


@pytest.mark.parametrize(("lang", "record", "done", "col"), [
    ("en", "Wait.", "Stopped the migration job.", 12),
    ("en", "Stop the migration job.", "Rolled back release 4.2.", 12),
    ("en", "Block all deploys.", "Failed over to region B.", 12),
    ("en", "Switch off the bulk-export feature flag.", "Switched traffic to region B.", 12),
    ("de", "Warten.", "Wir haben die Migration gestoppt.", 36),
    ("de", "Migration stoppen.", "Release 4.2 zurückgerollt.", 24),
])
def test_another_action_is_still_a_decision_of_its_own(lang: str, record: str, done: str,
                                                       col: int) -> None:
    assert _check(lang, record, done) == [("PM207", 18, col)]


def test_a_purpose_in_the_entry_is_not_its_action() -> None:
    """The imperatives count in a record only: "to stop the errors" in an entry that rolled
    back is the purpose, and the rollback carries out "Roll back release 4.2"."""
    assert _check("en", "Roll back release 4.2.", "Rolled back release 4.2 to stop the errors.") == []
    assert _check("en", "Roll back release 4.2.",
                  "Rolled back release 4.2; the switch to the new cache waits.") == []


def test_the_hint_names_an_unused_record_by_its_imperative() -> None:
    """Unlinked, "Stop the migration job." is now the record an entry that stopped the
    migration should link, and PM208 leaves it to PM207's hint."""
    text = (TEXT.replace("LANG", "en").replace("DECIDED", "Looked at the dashboards.")
            .replace("    decision: D1\n", "").replace("RECORD", "Stop the migration job.")
            .replace("DONE", "Stopped the migration job."))
    found = run(text, select=["PM207", "PM208"])
    assert where(found) == [("PM207", 17, 12)]
    assert found[0].hint is not None and "D1" in found[0].hint
