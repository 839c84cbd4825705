"""Decision and timeline rules on held-out postmortems of the twenty-sixth round: a decision
linked from an entry whose time pmkit cannot read, trade-offs that say there was none, the
German "stellten ... um", the impact reported again in German verb-second order, and hindsight
written as what was known at the time."""

from __future__ import annotations

import pytest

from helpers import run, where

# 1. An entry whose time pmkit cannot read still links its decision.

#: A SEV4 incident; AT is the time of the entry at line 13, which links D1 (its id at line 15).
LINKED = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: en
severity: SEV4
owner: team lead
authors: [a]
summary: Something broke.
impact: {description: Users saw errors.}
timeline:
  - {at: 2026-03-10T10:00Z, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: AT, actor: on-call engineer, event: Rolled back release 4.2., decision: D1}
  - {at: 2026-03-10T10:30Z, milestone: resolved, actor: on-call engineer, event: Errors gone.}
decisions:
  - {id: D1, decision: Roll back release 4.2., rationale: Errors began with the release., \
decided_by: on-call engineer, options_considered: [roll back, hotfix]}
"""


@pytest.mark.parametrize(("at", "code"), [
    ("2026-03-10 10:15 UTC", "PM015"),
    ("2026-03-10T10:15", "PM014"),
    ("10:15 Uhr MEZ", "PM015"),
])
def test_an_entry_whose_time_cannot_be_read_still_links_its_decision(at: str, code: str) -> None:
    # The schema set the entry aside for its time, and PM208 said no entry refers to D1, with a
    # hint to add the link the entry already has.
    found = run(LINKED.replace("AT", at), select=["PM0", "PM208"])
    assert where(found) == [(code, 13, 10)]
    assert f"'{at}'" in found[0].message


def test_guard_a_record_no_entry_links_is_still_unused() -> None:
    text = LINKED.replace("AT", "2026-03-10 10:15 UTC").replace(", decision: D1}", "}")
    found = run(text, select=["PM208"])
    assert where(found) == [("PM208", 16, 10)]
    assert found[0].message == "no timeline entry refers to decision D1"


# 2. A trade-off that only says there was none.

#: A SEV2 incident with decision D1, its trade-off TRADEOFF at line 19.
RECORD = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: LANG
severity: SEV2
owner: team lead
timeline:
  - {at: 2026-11-03T10:00Z, milestone: impact_started, actor: deploy pipeline, event: Release 4.2 started.}
  - {at: 2026-11-03T10:05Z, milestone: detected, actor: monitoring, event: Error-rate alert fired.}
  - {at: 2026-11-03T10:20Z, actor: incident commander, event: Decided to roll back release 4.2., decision: D1}
  - {at: 2026-11-03T10:40Z, milestone: mitigated, actor: alice, event: Errors stopped.}
decisions:
  - id: D1
    at: 2026-11-03T10:20:00Z
    decision: Roll back release 4.2.
    rationale: The previous release ran for two weeks without errors.
    options_considered: [roll back release 4.2, hotfix forward]
    tradeoff: TRADEOFF
    known_at_the_time: Errors began with the release; the cause in the code was not yet known.
    decided_by: incident commander
"""


@pytest.mark.parametrize(("lang", "tradeoff"), [
    ("en", "Nothing to trade off."),
    ("en", "No trade-offs here."),
    ("en", "Obviously none."),
    ("de", "Nichts abzuwägen."),
    ("de", "Offensichtlich keiner."),
])
def test_a_tradeoff_that_only_says_there_was_none_names_nothing(lang: str, tradeoff: str) -> None:
    # "Kein Zielkonflikt." and "Keiner." were reported; these passed.
    found = run(RECORD.replace("LANG", lang).replace("TRADEOFF", tradeoff), select=["PM206"])
    assert where(found) == [("PM206", 19, 15)]
    assert found[0].message == (f"decision D1 of a SEV2 incident gives '{tradeoff}' as its trade-off, which "
                                "names nothing given up")


@pytest.mark.parametrize(("lang", "tradeoff"), [
    ("en", "Nothing was lost but 5 minutes of latency."),
    ("en", "Nothing to trade off but 5 minutes of latency."),
    ("en", "No trade-offs here except the new search box, gone for a day."),
    ("en", "Obviously none for customers; the team lost the new search box for a day."),
    ("de", "Nichts abzuwägen außer der neuen Suche, die einen Tag fehlte."),
    ("de", "Offensichtlich keiner für Kunden, aber die neue Suche fehlte einen Tag."),
])
def test_guard_a_tradeoff_that_goes_on_after_the_denial_names_one(lang: str, tradeoff: str) -> None:
    text = RECORD.replace("LANG", lang).replace("TRADEOFF", f'"{tradeoff}"')
    assert where(run(text, select=["PM206"])) == []


# 3. The German "stellten ... um" is a switch-over.

#: A German SEV3 excerpt; EVENT is the entry at line 11, by the on-call team.
DE_ENTRY = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: de
severity: SEV3
owner: team lead
timeline:
  - {at: 2026-11-03T10:00Z, milestone: impact_started, actor: Deploy-Pipeline, event: Release 4.2 gestartet.}
  - {at: 2026-11-03T10:05Z, milestone: detected, actor: Monitoring, event: Alarm ausgelöst.}
  - {at: 2026-11-03T10:20Z, actor: Bereitschaft, event: "EVENT"}
  - {at: 2026-11-03T10:40Z, milestone: mitigated, actor: Bereitschaft, event: Fehler hörten auf.}
"""


@pytest.mark.parametrize(("event", "verb"), [
    ("Wir stellten den Suchverkehr auf Region B um.", "stellten"),
    ("Anna stellte den Suchverkehr auf Region B um, weil Region A ausfiel.", "stellte"),
    ("Wir stellen den Suchverkehr auf Region B um.", "stellen"),
])
def test_a_german_switch_over_written_with_stellen_is_a_decision(event: str, verb: str) -> None:
    # "schalteten ... um" and "leiteten ... um" were reported; "stellten ... um" passed.
    found = run(DE_ENTRY.replace("EVENT", event), select=["PM207"])
    assert where(found) == [("PM207", 11, 58 + event.index(verb))]
    assert found[0].message == f"timeline entry describes a decision ('{verb}') but links no decision record"


@pytest.mark.parametrize("event", [
    "Anna stellte um 10:15 fest, dass die Fehler mit dem Release begannen.",
    "Anna stellte den Fehler um 10:15 fest.",
    "Wir stellten zusätzliche Server bereit, um die Last zu verteilen.",
    "Anna stellte die Frage im Kanal um 10:20.",
])
def test_guard_german_stellen_with_um_that_is_no_particle_stays_quiet(event: str) -> None:
    assert where(run(DE_ENTRY.replace("EVENT", event), select=["PM207"])) == []


# 4. The impact reported again after 'resolved', the German verb second.

#: A SEV3 incident resolved at 10:30; EVENT is the entry at 11:00 (line 15), by alice.
AFTER_RESOLVED = """\
pmkit: 1
id: t
title: Test incident
status: draft
lang: LANG
severity: SEV3
owner: team lead
authors: [a]
summary: Something broke.
impact: {description: Users saw errors.}
timeline:
  - {at: 2026-11-03T10:00Z, milestone: impact_started, actor: deploy pipeline, event: Release started.}
  - {at: 2026-11-03T10:05Z, milestone: detected, actor: monitoring, event: Error-rate alert fired.}
  - {at: 2026-11-03T10:30Z, milestone: resolved, actor: alice, event: Errors stopped.}
  - {at: 2026-11-03T11:00Z, actor: alice, event: "EVENT"}
"""


@pytest.mark.parametrize(("event", "words"), [
    ("Im Checkout traten die Fehler erneut auf.", "traten die Fehler erneut auf"),
    ("Die Fehler traten im Checkout erneut auf.", "Fehler traten im Checkout erneut auf"),
    ("Nach dem Rollback traten die Fehler erneut auf.", "traten die Fehler erneut auf"),
    ("Ab 11:20 traten wieder Fehler auf.", "traten wieder Fehler auf"),
    ("Fehler traten erneut auf.", "Fehler traten erneut auf"),
])
def test_the_impact_reported_again_in_german_verb_second_order_is_a_return(event: str, words: str) -> None:
    # Only "Fehler traten erneut auf", the verb right after what was affected, was read.
    found = run(AFTER_RESOLVED.replace("LANG", "de").replace("EVENT", event), select=["PM116"])
    assert where(found) == [("PM116", 15, 51 + event.index(words))]
    assert found[0].message.startswith(f"the entry at 2026-11-03 11:00 UTC says the impact came back "
                                       f"('{words}'), after 'resolved' at 2026-11-03 10:30 UTC (line 14)")


@pytest.mark.parametrize("event", [
    "Die Fehler traten nicht erneut auf.",
    "Im Checkout traten keine Fehler erneut auf.",
    "Im Standup trat Anna erneut auf.",
    "Nach dem Rollback traten die Kollegen erneut auf den Plan.",
    "Wir prüften, ob die Fehler im Checkout erneut auftraten.",
    "Die Fehlersuche trat im Team erneut auf der Stelle.",
])
def test_guard_german_verb_second_without_a_return_of_the_impact_stays_quiet(event: str) -> None:
    assert where(run(AFTER_RESOLVED.replace("LANG", "de").replace("EVENT", event), select=["PM116"])) == []


# 5. Hindsight written as what was known at the time.


def _known(known: str, lang: str) -> str:
    """The SEV2 record with ``known`` as its known_at_the_time (line 20)."""
    record = RECORD.replace("LANG", lang).replace("TRADEOFF", "Time to recovery over the fixes in 4.2.")
    return record.replace(
        "Errors began with the release; the cause in the code was not yet known.", f'"{known}"')


@pytest.mark.parametrize(("lang", "known", "words"), [
    ("en", "We later learned that the cache key format had changed.", "We later learned"),
    ("en", "It turned out afterwards that the cache was the cause.", "It turned out afterwards"),
    ("en", "In hindsight, the cache was the cause.", "In hindsight"),
    ("de", "Wie sich später zeigte, hatte sich das Format der Cache-Schlüssel geändert.",
     "Wie sich später zeigte"),
    ("de", "Später stellte sich heraus, dass die Datenbank überlastet war.", "Später stellte sich heraus"),
])
def test_hindsight_written_as_what_was_known_is_reported(lang: str, known: str, words: str) -> None:
    # known_at_the_time holds what was known before the decision; what was learned later passed.
    text = _known(known, lang)
    found = run(text, select=["PM212"])
    assert where(found) == [("PM212", 20, 24)]
    assert found[0].message == ("decision D1 of a SEV2 incident gives what was learned afterwards "
                                f"('{words}') as what was known when it was taken")


@pytest.mark.parametrize(("lang", "known"), [
    ("en", "We did not know yet that the cache key format had changed."),
    ("en", "Errors began with the release; later that hour we saw the database was healthy."),
    ("en", "It turned out to be the release, as the error graph already suggested at 10:10."),
    ("de", "Wir wussten noch nicht, dass sich das Format der Cache-Schlüssel geändert hatte."),
    ("de", "Die Fehler begannen mit dem Release; später am Tag zeigte sich mehr."),
])
def test_guard_what_was_not_yet_known_is_no_hindsight(lang: str, known: str) -> None:
    text = _known(known, lang)
    assert where(run(text, select=["PM212"])) == []
