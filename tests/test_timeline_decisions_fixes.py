"""Timeline and decision rules on a clean SEV1 postmortem with one line changed: decisions written
beside a clause about automation, proposals that were not yet decisions, waiting given up, a year
typed wrong, hindsight in what was known, impact back after resolution, trade-offs and options that
say nothing, pointers elsewhere, evidence and actors that name nothing, entries out of order in a
pair, placeholders, and fractional seconds."""

# ruff: noqa: E501
# (each timeline entry is one line of YAML, so that findings are placed on lines a reader can count)

from __future__ import annotations

import pytest
from decision_base import NIGHT, NOW, base, check, col, with_event, with_later

from helpers import run, where


def test_the_base_is_clean() -> None:
    assert check(base()) == []




# 1. A clause saying automation did not act is why people acted, not that the system did.

@pytest.mark.parametrize(("event", "verb"), [
    ("The IC rolled back by hand because the automatic rollback was disabled.", "rolled"),
    ("Failed over to eu-west, since the database did not fail over automatically.", "Failed"),
    ("Failed over to eu-west, since the database did not fail over by itself.", "Failed"),
    ("Automatic failover did not trigger, so we failed over by hand.", "failed"),
])
def test_a_decision_beside_a_clause_about_automation_not_acting_is_reported(event: str, verb: str) -> None:
    assert check(with_event(event)) == [("PM207", 15, col(event, verb))]


def test_a_german_decision_beside_a_reason_about_automation_is_reported() -> None:
    event = "Der IC rollte von Hand zurück, weil der automatische Rollback deaktiviert war."
    assert check(with_event(event, "de")) == [("PM207", 15, col(event, "rollte"))]


@pytest.mark.parametrize("event", [
    "The database failed over automatically.",
    "The replica failed over by itself and we watched.",
    "Rolled back automatically, as configured.",
])
def test_the_system_acting_by_itself_is_still_no_decision(event: str) -> None:
    # The unlinked record is PM208's only.
    assert check(with_event(event)) == [("PM208", 19, 9)]


# 2. A wait given up or ruled out does not explain the silence after it.



def night(event: str, lang: str = "en") -> list[tuple[str, int, int]]:
    return where(run(NIGHT.replace("LANG", lang).replace("EVENT", event), select=["PM112"], now=NOW))


@pytest.mark.parametrize("event", [
    "Decided not to wait for the restore.",
    "Chose not to wait for the vendor.",
    "Stopped waiting for the vendor and opened a ticket.",
    "Gave up waiting for the vendor.",
    "Waiting for the vendor was not an option.",
    "Rolled back without waiting for the vendor.",
])
def test_a_wait_given_up_leaves_the_gap_reported(event: str) -> None:
    found = run(NIGHT.replace("LANG", "en").replace("EVENT", event), select=["PM112"], now=NOW)
    assert where(found) == [("PM112", 14, 10)]
    assert "2 h 30 min" in found[0].message


@pytest.mark.parametrize("event", [
    "Nicht länger auf den Anbieter gewartet, Ticket eröffnet.",
    "Warten auf den Anbieter war keine Option.",
])
def test_a_german_wait_given_up_leaves_the_gap_reported(event: str) -> None:
    assert night(event, "de") == [("PM112", 14, 10)]


@pytest.mark.parametrize(("event", "lang"), [
    ("Waiting for the restore to finish.", "en"),
    ("Waited for the vendor, who was not answering.", "en"),
    ("Decided to wait for the vendor.", "en"),
    ("Warten auf den Anbieter.", "de"),
])
def test_a_wait_explains_the_gap(event: str, lang: str) -> None:
    assert night(event, lang) == []


# 4. A proposal or a consideration is no decision yet.

@pytest.mark.parametrize(("event", "lang"), [
    ("Suggested rolling back the config push.", "en"),
    ("Considered rolling back the config push.", "en"),
    ("Proposed rolling back the config push.", "en"),
    ("Recommended rolling back the config push.", "en"),
    ("Vorgeschlagen, die Konfiguration zurückzurollen.", "de"),
    ("Überlegt, die Konfiguration zurückzurollen.", "de"),
    ("Der IC schlug vor, zurückzurollen.", "de"),
])
def test_a_proposal_is_no_decision(event: str, lang: str) -> None:
    # The record no entry links is PM208's.
    assert check(with_event(event, lang)) == [("PM208", 19, 9)]


@pytest.mark.parametrize(("event", "lang", "verb"), [
    ("Considered the options and rolled back the config push.", "en", "rolled"),
    ("Recommended by the vendor, we rolled back.", "en", "rolled"),
    ("The IC considered the risk and decided to roll back.", "en", "decided"),
    ("Rolled back as the vendor suggested.", "en", "Rolled"),
    ("Der IC schlug vor, und wir rollten zurück.", "de", "rollten"),
    ("Die Konfiguration zurückgerollt, wie vorgeschlagen.", "de", "zurückgerollt"),
])
def test_an_action_beside_a_proposal_is_a_decision(event: str, lang: str, verb: str) -> None:
    assert check(with_event(event, lang)) == [("PM207", 15, col(event, verb))]


# 3. An entry in the future whose time fits in the year of the others: the hint names it.

def test_an_entry_a_year_in_the_future_names_the_year_that_fits() -> None:
    text = base().replace("at: 2026-03-02T10:20:00Z", "at: 2027-03-02T10:20:00Z")
    found = run(text, select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM107", 14, 10)]
    assert found[0].hint == ("Check the year: written as 2026-03-02 10:20 UTC it would fit between the "
                             "entries around it.")


def test_an_entry_in_the_future_that_fits_in_no_year_gets_the_plain_hint() -> None:
    # 10:20 the year before would not fit between 10:09 and 10:30 of 2026 either way round.
    text = base().replace("at: 2026-03-02T10:20:00Z", "at: 2027-03-02T11:20:00Z")
    found = run(text, select=["PM107"], now=NOW)
    assert where(found) == [("PM107", 14, 10)]
    assert found[0].hint == "Check the year, month and day of this time."


# 5. What was learned afterwards, at the start of known_at_the_time, is hindsight.

KNOWN = "known_at_the_time: The config push was the only change in the last hour."


def with_known(known: str, lang: str = "en") -> str:
    return base(lang).replace(KNOWN, "known_at_the_time: '" + known.replace("'", "''") + "'")


@pytest.mark.parametrize(("known", "lang", "words"), [
    ("We now know that the push was bad.", "en", "We now know"),
    ("Looking back, the push was the cause.", "en", "Looking back"),
    ("Afterwards we found the push was bad.", "en", "Afterwards we found"),
    ("The post-incident review showed the push was bad.", "en", "The post-incident review showed"),
    ("Heute wissen wir, dass der Push schuld war.", "de", "Heute wissen wir"),
    ("Wie wir heute wissen, war der Push schuld.", "de", "Wie wir heute wissen"),
    ("Es stellte sich heraus, dass der Push schuld war.", "de", "Es stellte sich heraus"),
    ("Nachträglich zeigte sich, dass der Push schuld war.", "de", "Nachträglich zeigte sich"),
])
def test_hindsight_in_what_was_known_is_reported(known: str, lang: str, words: str) -> None:
    found = run(with_known(known, lang), select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM212", 25, 24)]
    assert f"'{words}'" in found[0].message


@pytest.mark.parametrize(("known", "lang"), [
    ("We knew the push was the only change.", "en"),
    ("Now and then the push job had failed before.", "en"),
    ("Der Push war die einzige Änderung.", "de"),
    ("Wir wussten, dass der Push die einzige Änderung war.", "de"),
])
def test_what_was_known_then_is_no_hindsight(known: str, lang: str) -> None:
    assert check(with_known(known, lang)) == []


# 12. An action agreed on is a decision; a cause agreed on is not.

@pytest.mark.parametrize(("event", "lang", "verb"), [
    ("Agreed with the team to roll back the config push.", "en", "Agreed"),
    ("The team agreed on a rollback.", "en", "agreed"),
    ("Beschluss: Failover auf eu-west.", "de", "Beschluss"),
    ("Man einigte sich auf einen Rollback.", "de", "einigte"),
    ("Wir haben uns auf den Failover geeinigt.", "de", "geeinigt"),
])
def test_an_action_agreed_on_is_a_decision(event: str, lang: str, verb: str) -> None:
    assert check(with_event(event, lang)) == [("PM207", 15, col(event, verb))]


@pytest.mark.parametrize(("event", "lang"), [
    ("The team agreed on the cause.", "en"),
    ("Agreed with the vendor that the cache was the cause.", "en"),
    ("The vendor agreed on a rollback.", "en"),
    ("Wir einigten uns auf die Ursache.", "de"),
])
def test_a_cause_agreed_on_is_no_decision(event: str, lang: str) -> None:
    assert check(with_event(event, lang)) == [("PM208", 19, 9)]


# 9. An option that says there was none names no option; a reason that is a non-answer is none.

OPTIONS = "options_considered: [fix forward, roll back]"


@pytest.mark.parametrize("options", ["[there was no alternative]", "[keine anderen Optionen]",
                                     "[we had no other choice]"])
def test_an_option_saying_there_was_none_names_no_option(options: str) -> None:
    found = run(base().replace(OPTIONS, f"options_considered: {options}"), select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM204", 22, 5)]
    assert found[0].message == f"decision D1 names no option ('{options[1:-1]}') and no options_reason"


def test_an_option_beside_one_saying_there_was_none_is_a_single_option() -> None:
    text = base().replace(OPTIONS, "options_considered: [there was no choice, roll back]")
    assert check(text) == [("PM205", 22, 25)]


@pytest.mark.parametrize("reason", ["n/a", "none", "keine", "—", "See above."])
def test_an_options_reason_that_is_a_non_answer_gives_no_reason(reason: str) -> None:
    text = base().replace(OPTIONS, f"options_considered: [no alternatives]\n    options_reason: '{reason}'")
    found = run(text, select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM204", 22, 5)]
    assert found[0].message == (f"decision D1 names no option ('no alternatives') and its "
                                f"options_reason ('{reason}') gives no reason")


def test_an_options_reason_that_gives_a_reason_is_enough() -> None:
    text = base().replace(OPTIONS, "options_considered: [no alternatives]\n"
                          "    options_reason: The runbook prescribes a rollback for this alarm.")
    assert check(text) == []


# 7. A trade-off that says only that there was none names nothing given up.

TRADEOFF = "tradeoff: The new cache settings were delayed by a day."


def with_tradeoff(tradeoff: str, lang: str = "en") -> str:
    return base(lang).replace(TRADEOFF, "tradeoff: '" + tradeoff.replace("'", "''") + "'")


@pytest.mark.parametrize(("tradeoff", "lang"), [
    ("There was no downside.", "en"),
    ("There were no trade-offs at all.", "en"),
    ("There were none.", "en"),
    ("none really", "en"),
    ("N/A - obvious choice", "en"),
    ("Es gab keine.", "de"),
])
def test_a_trade_off_saying_there_was_none_is_reported(tradeoff: str, lang: str) -> None:
    found = run(with_tradeoff(tradeoff, lang), select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM206", 24, 15)]
    assert found[0].message == (f"decision D1 of a SEV1 incident gives '{tradeoff}' as its trade-off, "
                                "which names nothing given up")


@pytest.mark.parametrize("tradeoff", [
    "There was no downside for users, but the fix was delayed a day.",
    "None of the other changes shipped for a day.",
])
def test_a_trade_off_that_names_a_price_is_not_reported(tradeoff: str) -> None:
    assert check(with_tradeoff(tradeoff)) == []


# 8. A rationale that points to a chat, a channel or a ticket gives no reason.

RATIONALE = "rationale: The previous config had run for a week without errors."


@pytest.mark.parametrize(("rationale", "lang"), [
    ("See Slack.", "en"), ("See the Slack thread.", "en"), ("See INC-1234.", "en"),
    ("See the incident channel.", "en"), ("Siehe Slack.", "de"), ("Siehe Slack-Thread.", "de"),
])
def test_a_rationale_pointing_elsewhere_is_reported(rationale: str, lang: str) -> None:
    text = base(lang).replace(RATIONALE, f"rationale: '{rationale}'")
    found = run(text, select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM202", 23, 16)]
    assert f"'{rationale}'" in found[0].message


@pytest.mark.parametrize("rationale", [
    "See Slack for the graph: error rate doubled after the push.",
    "See the error rate: it doubled after the push.",
])
def test_a_rationale_that_goes_on_to_give_a_reason_is_not_reported(rationale: str) -> None:
    assert check(base().replace(RATIONALE, f"rationale: '{rationale}'")) == []


# 6. The impact back after resolution, in more words.



@pytest.mark.parametrize(("event", "lang", "words"), [
    ("Users were again unable to log in.", "en", "Users"),
    ("5xx climbed back to 5%.", "en", "5xx"),
    ("Die Fehler sind zurück.", "de", "Fehler"),
    ("Fehler wieder da.", "de", "Fehler"),
    ("Kunden konnten sich erneut nicht anmelden.", "de", "Kunden"),
    ("Erneut Fehler im Checkout.", "de", "Erneut"),
])
def test_the_impact_back_after_resolution_is_reported(event: str, lang: str, words: str) -> None:
    assert check(with_later(event, lang)) == [("PM116", 18, 65 + event.index(words))]


@pytest.mark.parametrize(("event", "lang"), [
    ("Error rate went back to normal.", "en"),
    ("Users were able to log in again.", "en"),
    ("Erneut keine Fehler im Checkout.", "de"),
    ("Die Fehlerrate ist zurück auf Normalniveau.", "de"),
    ("Kunden konnten sich wieder anmelden.", "de"),
])
def test_a_recovery_after_resolution_is_not_reported(event: str, lang: str) -> None:
    assert check(with_later(event, lang)) == []


# 10. Evidence that names a whole tool, points elsewhere or is an empty link shows nothing.

EVIDENCE = "evidence: ['https://logs.example.com/q/17']"


@pytest.mark.parametrize("evidence", ["[Datadog]", "[the Grafana dashboard]", "[see above]", "[s. Ticket]",
                                      "['https://']", "[PagerDuty]", "[Slack]", "[the logs]", "[chat]"])
def test_evidence_that_points_to_nothing_in_particular_is_reported(evidence: str) -> None:
    # The entry on line 14 ("Found the config push..."): its evidence list at column 116.
    assert check(base().replace(EVIDENCE, f"evidence: {evidence}")) == [("PM111", 14, 116)]


@pytest.mark.parametrize("evidence", ["['Grafana: API errors']", "[INC-1234]", "['Datadog monitor 4711']",
                                      "['Slack #inc-42, 10:20']"])
def test_evidence_that_names_a_place_is_enough(evidence: str) -> None:
    assert check(base().replace(EVIDENCE, f"evidence: {evidence}")) == []


# 11 and 14. An actor that leaves open who it was; an event still to be written.

def with_actor(actor: str) -> str:
    return base().replace("actor: on-call engineer, event: Found", f"actor: '{actor}', event: Found")


def with_entry_event(event: str) -> str:
    return base().replace("event: Found the config push in the deploy log.", f"event: '{event}'")


@pytest.mark.parametrize("actor", ["someone", "somebody", "jemand", "<actor>"])
def test_an_actor_that_leaves_open_who_it_was_is_reported(actor: str) -> None:
    found = run(with_actor(actor), select=["PM0", "PM1", "PM2"], now=NOW)
    assert where(found) == [("PM109", 14, 39)]
    assert found[0].message == (f"the entry at 2026-03-02 10:20 UTC gives '{actor}' as its actor, "
                                "which names no one")


@pytest.mark.parametrize("actor", ["unknown", "the IC"])
def test_an_actor_named_or_not_yet_known_is_not_reported(actor: str) -> None:
    assert check(with_actor(actor)) == []


@pytest.mark.parametrize("event", ["tba", "<event>", "see above"])
def test_an_event_still_to_be_written_is_reported(event: str) -> None:
    found = run(with_entry_event(event), select=["PM0", "PM1", "PM2"], now=NOW)
    assert where(found) == [("PM110", 14, 64)]
    assert found[0].message == (f"the entry at 2026-03-02 10:20 UTC gives '{event}' as its event, "
                                "which says nothing")


def test_the_template_placeholder_as_event_is_left_to_pm019() -> None:
    assert where(run(with_entry_event("TBD"), select=["PM0", "PM1", "PM2"], now=NOW)) == [("PM019", 14, 65)]


def test_an_event_that_points_up_and_says_what_happened_is_not_reported() -> None:
    assert check(with_entry_event("Checked the logs, see above for the graph.")) == []


# 15. One option written with and without a space or hyphen is one option.

@pytest.mark.parametrize(("options", "message"), [
    ("[roll back, rollback]", "decision D1 lists a single option: 'roll back' is written twice"),
    ("[roll-back, rollback]", "decision D1 lists a single option: 'roll-back' is written twice"),
    ("[fail over, failover, wait]", "decision D1 lists the option 'fail over' twice"),
])
def test_an_option_written_as_one_word_and_two_is_one_option(options: str, message: str) -> None:
    found = run(base().replace(OPTIONS, f"options_considered: {options}"), select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM205", 22, 37)]
    assert found[0].message == message


def test_two_options_that_share_a_word_are_two() -> None:
    assert check(base().replace(OPTIONS, "options_considered: [roll back, roll forward]")) == []


# 16. Seconds written with a fraction are to the second, however round.

@pytest.mark.parametrize("acknowledged", ["10:09:00.000Z", "10:09:00.5Z"])
def test_a_time_with_a_fraction_of_a_second_is_to_the_second(acknowledged: str) -> None:
    text = (base().replace("2026-03-02T10:09:00Z", f"2026-03-02T{acknowledged}")
            .replace("2026-03-02T10:04:00Z", "2026-03-02T10:09:59Z"))
    found = run(text, select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM104", 13, 10)]


@pytest.mark.parametrize(("acknowledged", "detected"), [
    ("10:09:00Z", "10:09:59Z"), ("10:09Z", "10:09:59Z"), ("10:09:00Z", "10:09:59.250Z"),
    ("10:09:00.000Z", "10:09:00Z"),
])
def test_a_time_to_the_minute_is_its_whole_minute(acknowledged: str, detected: str) -> None:
    text = (base().replace("2026-03-02T10:09:00Z", f"2026-03-02T{acknowledged}")
            .replace("2026-03-02T10:04:00Z", f"2026-03-02T{detected}"))
    assert check(text) == []


# 13. Two misplaced entries side by side each cite the entry they belong after or before.

def test_two_misplaced_entries_side_by_side_cite_where_they_belong() -> None:
    text = base().replace("timeline:\n", "timeline:\n"
                          "  - {at: 2026-03-02T12:00:00Z, actor: on-call engineer, event: Posted the update.,"
                          " evidence: ['https://status.example.com/1']}\n"
                          "  - {at: 2026-03-02T11:00:00Z, actor: on-call engineer, event: Checked the caches.,"
                          " evidence: ['https://chat.example.com/m/2']}\n")
    found = run(text, select=["PM1", "PM2"], now=NOW)
    assert where(found) == [("PM105", 11, 10), ("PM105", 12, 10)]
    assert [d.message for d in found] == [
        "the entry at 2026-03-02 12:00 UTC is listed before the entry at 2026-03-02 11:40 UTC (line 19): "
        "the timeline is out of order",
        "the entry at 2026-03-02 11:00 UTC is listed before the entry at 2026-03-02 10:58 UTC (line 18): "
        "the timeline is out of order",
    ]


def test_two_misplaced_entries_at_the_end_cite_where_they_belong() -> None:
    text = base().replace("decisions:\n",
                          "  - {at: 2026-03-02T10:02:00Z, actor: on-call engineer, event: Looked at the graph.,"
                          " evidence: ['https://grafana.example.com/d/1']}\n"
                          "  - {at: 2026-03-02T10:01:00Z, actor: on-call engineer, event: Saw the alert.,"
                          " evidence: ['https://alerts.example.com/2']}\n"
                          "decisions:\n")
    found = run(text, select=["PM105"], now=NOW)
    assert where(found) == [("PM105", 18, 10), ("PM105", 19, 10)]
    assert [d.message for d in found] == [
        "the entry at 2026-03-02 10:02 UTC is listed after the entry at 2026-03-02 11:40 UTC (line 17): "
        "the timeline is out of order",
        "the entry at 2026-03-02 10:01 UTC is listed after the entry at 2026-03-02 10:04 UTC (line 12): "
        "the timeline is out of order",
    ]


def test_one_misplaced_entry_still_cites_the_entry_listed_next_to_it() -> None:
    text = base().replace("at: 2026-03-02T10:20:00Z", "at: 2026-03-02T10:06:00Z")
    found = run(text, select=["PM105"], now=NOW)
    assert where(found) == [("PM105", 14, 10)]
    assert found[0].message == ("the entry at 2026-03-02 10:06 UTC is listed after the entry at "
                                "2026-03-02 10:09 UTC (line 13): the timeline is out of order")
