"""Timeline, decision and disclosure rules reviewed on postmortems as teams write them: follow-up
entries after the incident ended, the do-nothing option, and more."""

from __future__ import annotations

import pytest

from helpers import FAILOVER_DECISION, run, where

#: A cache incident marked resolved at 11:00, with one entry after it.
RESOLVED = """\
pmkit: 1
id: 2026-02-03-cache
title: Checkout errors after a cache configuration change
status: draft
lang: LANG
severity: SEV3
owner: checkout lead
timeline:
  - {at: 2026-02-03T10:00:00Z, milestone: impact_started, actor: cache, event: Checkout errors began.}
  - {at: 2026-02-03T10:05:00Z, milestone: detected, actor: monitoring, event: Error-rate alert.}
  - {at: 2026-02-03T10:40:00Z, milestone: mitigated, actor: SRE, event: Cache flushed.}
  - {at: 2026-02-03T11:00:00Z, milestone: resolved, actor: SRE, event: Error rates back to baseline.}
  - at: 2026-02-03T12:30:00Z
    actor: monitoring
    event: "EVENT"
"""


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Latency came back down to 120 ms."),
    ("en", "Latency came back to normal."),
    ("en", "Error rate came back within SLO."),
    ("en", "Errors are back at baseline."),
    ("en", "Errors were back under 0.1% in every region."),
    ("en", "Error rate returned below 0.1%."),
    ("en", "Latency resumed its normal pattern."),
    ("en", "The problem is back under control; monitoring continues."),
    ("en", "No longer seeing errors; closing the incident."),
    ("en", "Checked whether we were seeing errors again."),
    ("en", "Alerts resumed normal routing."),
    ("en", "Paging alerts resumed after the maintenance silence ended."),
    ("en", "The error search returned no results for the last hour."),
    ("de", "Fehler sind wieder weg."),
    ("de", "Timeouts kehrten auf Normalniveau zurück."),
    ("de", "Die Fehlerquote kam zurück auf 0,1 %."),
    ("en", "Confirmed that the 503s returned by the load balancer came from the old pool."),
    ("en", "Watched for two hours to see whether the errors came back; they did not."),
    ("en", "Monitored overnight for a recurrence of the errors."),
    ("en", "Checked if the timeouts reappeared after the deploy."),
    ("en", "Kept the incident channel open in case the errors returned."),
    ("en", "The incident commander returned from the customer call."),
    ("en", "The incident review resumed at 14:00."),
    ("en", "Outage notifications resumed on the status page."),
    ("en", "The latency dashboard came back online."),
    ("en", "Error tracking came back online after the vendor's outage."),
    ("de", "Die Fehlersuche war wieder da, wo sie am Morgen begonnen hatte."),
    ("de", "Die Alarmierung ist wieder da, die Wartungsstille ist beendet."),
    ("en", "Answered the customer tickets about the errors that returned at 10:20 after the first restart."),
    ("en", "Status page history: errors returned between 10:20 and 10:30, then the cache flush held."),
    ("de", "Kundentickets beantwortet: Fehler traten erneut auf, zuerst um 10:20 nach dem Neustart."),
])
def test_a_recovery_after_resolved_is_not_a_relapse(lang: str, event: str) -> None:
    # Before, 'came back down', 'back at baseline', 'returned below', 'alerts resumed' and a
    # search that returned nothing were each 'the impact came back'.
    text = RESOLVED.replace("LANG", lang).replace("EVENT", event)
    assert run(text, select=["PM116"]) == []


@pytest.mark.parametrize(("lang", "event", "words"), [
    ("en", "Errors resurfaced after the cache warmed up.", "Errors resurfaced"),
    ("en", "The error rate increased again to 8%.", "error rate increased again"),
    ("en", "Timeouts climbed back up to 4%.", "Timeouts climbed back up"),
    ("en", "The latency alert fired again.", "latency alert fired again"),
    ("en", "Errors came back.", "Errors came back"),
    ("de", "Die Fehler kamen zurück.", "Fehler kamen zurück"),
    ("en", "Checked the dashboards: errors returned at 12:30.", "errors returned"),
    ("en", "Errors returned, so we checked if the cache was cold.", "Errors returned"),
    ("en", "Checkout errors returned in eu-west-1.", "errors returned"),
    ("en", "The incident recurred in eu-west-1.", "The incident recurred"),
    ("en", "Errors returned at 12:25, five minutes before this alert.", "Errors returned"),
    ("en", "We are seeing checkout errors again.", "seeing checkout errors again"),
    ("en", "Customers reported timeouts again.", "reported timeouts again"),
    ("en", "Another spike of 5xx errors in eu-west-1.", "Another spike of 5xx"),
])
def test_a_relapse_after_resolved_is_reported(lang: str, event: str, words: str) -> None:
    # Before, 'resurfaced', 'increased again', 'climbed back up' and 'kamen zurück' passed.
    text = RESOLVED.replace("LANG", lang).replace("EVENT", event)
    found = run(text, select=["PM116"])
    assert where(found) == [("PM116", 15, 13 + event.index(words))]
    assert found[0].message.startswith(
        f"the entry at 2026-02-03 12:30 UTC says the impact came back ('{words}'), after 'resolved' at "
        "2026-02-03 11:00 UTC (line 12)")


DECISION = FAILOVER_DECISION


@pytest.mark.parametrize(("lang", "options"), [
    ("en", "[fail over, nothing]"), ("en", "[Nothing, fail over]"), ("de", "[Failover, nichts]"),
])
def test_doing_nothing_is_an_option_considered(lang: str, options: str) -> None:
    # Before: 'nothing' was read as a non-answer, so PM205 said 'lists a single option' of a
    # decision that weighed failing over against doing nothing.
    text = DECISION.replace("LANG", lang).replace("OPTIONS", options)
    assert run(text, select=["PM204", "PM205"]) == []


def test_a_single_option_beside_a_non_answer_is_still_one_option() -> None:
    text = DECISION.replace("LANG", "en").replace("OPTIONS", "[fail over, n/a]")
    found = run(text, select=["PM204", "PM205"])
    assert where(found) == [("PM205", 22, 25)]
    assert found[0].message == "decision D1 lists a single option"


def test_a_tradeoff_of_nothing_is_still_a_non_answer() -> None:
    text = DECISION.replace("LANG", "en").replace("OPTIONS", "[fail over, wait]").replace(
        "tradeoff: Availability over the last 30 seconds of writes.", "tradeoff: nothing")
    found = run(text, select=["PM206"])
    assert where(found) == [("PM206", 23, 15)]


#: A German timeline whose detection time is WRITTEN.
DEUTSCH = """\
pmkit: 1
id: 2026-03-08-zahlungen
title: Zahlungsausfall nach einem Zertifikatswechsel
status: draft
lang: de
severity: SEV3
owner: Leitung Zahlungsverkehr
timezone: Europe/Berlin
timeline:
  - at: 2026-03-08T09:50:00
    milestone: impact_started
    actor: Zahlungsdienst
    event: Zahlungen schlugen fehl.
  - at: WRITTEN
    milestone: detected
    actor: Monitoring
    event: Alarm für die Fehlerquote.
"""


@pytest.mark.parametrize(("written", "instead"), [
    ("08.03.2026 24:00", "2026-03-09T00:00"),
    ("31.12.2026, 24:00 Uhr", "2027-01-01T00:00"),
    ("20260308T2400Z", "2026-03-09T00:00Z"),
])
def test_a_day_first_or_basic_date_at_24_00_is_told_the_next_day(written: str, instead: str) -> None:
    # Before: '08.03.2026 24:00' was told to write 2026-03-08T24:00, itself refused.
    found = run(DEUTSCH.replace("WRITTEN", f"'{written}'"), select=["PM015"])
    assert where(found) == [("PM015", 14, 9)]
    assert found[0].message.endswith(f", which pmkit does not read: write {instead}")


@pytest.mark.parametrize("written", ["08.03.2026 25:00", "08.03.2026 10:75", "20260308T2500Z"])
def test_a_day_first_or_basic_date_with_an_impossible_time_gets_the_plain_message(written: str) -> None:
    # Before: '08.03.2026 25:00' was told to write 2026-03-08T25:00, as wrong as what was written.
    found = run(DEUTSCH.replace("WRITTEN", f"'{written}'"), select=["PM015"])
    assert where(found) == [("PM015", 14, 9)]
    assert found[0].message == (f"'{written}' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z")


#: A backup bucket briefly public: the supervisory authority was told as a precaution, then
#: the assessment found no personal data in it.
NOT_A_BREACH = """\
pmkit: 1
id: 2026-03-27-bucket
title: Backup bucket briefly public
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  personal_data_breach: BREACH
  regimes: REGIMES
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: gdpr-art33, sent_at: 2026-03-28T10:00:00, channel: portal}
"""


def test_a_precautionary_notice_under_a_regime_that_did_not_apply_is_not_questioned() -> None:
    # Before: PM419 said to remove gdpr-art33 from the regimes, and once removed, PM408 said the
    # notice's regime was not listed and to add it back.
    text = NOT_A_BREACH.replace("BREACH", "false").replace("REGIMES", "[]")
    assert run(text, select=["PM408", "PM419"], now="2026-04-10T00:00:00Z") == []


def test_a_notice_under_an_unlisted_regime_is_still_reported_for_a_breach() -> None:
    for breach in ("true", "null"):
        text = NOT_A_BREACH.replace("BREACH", breach).replace("REGIMES", "[]")
        found = run(text, select=["PM408"], now="2026-04-10T00:00:00Z")
        assert where(found) == [("PM408", 13, 37)]
        assert found[0].message == ("notification for gdpr-art33, which disclosure.regimes does not list, "
                                    "so its clocks are not checked")


@pytest.mark.parametrize(("lang", "rationale"), [("en", "n/a"), ("en", "none"), ("de", "entfällt")])
def test_a_rationale_that_is_a_non_answer_is_reported_once(lang: str, rationale: str) -> None:
    # Before: PM202 said the rationale gives no reason, and PM203 at the same place that it
    # 'only restates the decision (0 word(s) of its own)'.
    text = DECISION.replace("LANG", lang).replace("OPTIONS", "[fail over, wait]").replace(
        "rationale: The standby had been in sync 30 seconds earlier; the vendor gave no estimate.",
        f"rationale: {rationale}")
    found = run(text, select=["PM2"])
    assert where(found) == [("PM202", 21, 16)]
    assert found[0].message == f"decision D1 gives '{rationale}' as its rationale, which gives no reason"


@pytest.mark.parametrize(("field", "written"), [
    ("rationale", "The standby had been in sync 30 seconds earlier; the vendor gave no estimate."),
    ("tradeoff", "Availability over the last 30 seconds of writes."),
    ("known_at_the_time", "The primary's volumes rejected every write; the standby's lag was 30 seconds."),
])
@pytest.mark.parametrize("placeholder", ["TBD", "TODO", "FIXME"])
def test_a_decision_field_left_as_the_templates_placeholder_is_pm019s_alone(field: str, written: str,
                                                                           placeholder: str) -> None:
    # 'tradeoff: TBD' was two findings at one value: PM019 (a placeholder, an error once
    # published) and PM206 (a non-answer); likewise PM202 for the rationale and PM212 for what
    # was known. The placeholder is PM019's to say, as a won't-do reason's is (PM715).
    text = DECISION.replace("LANG", "en").replace("OPTIONS", "[fail over, wait]").replace(
        f"{field}: {written}", f"{field}: {placeholder}")
    line = text.splitlines().index(f"    {field}: {placeholder}") + 1
    found = run(text, select=["PM019", "PM2"])
    assert where(found) == [("PM019", line, len(f"    {field}: ") + 1)]
    assert found[0].message == f"placeholder '{placeholder}' left in decisions[0].{field} (status is draft)"
    # A non-answer that is no template placeholder stays the decision rule's.
    found = run(text.replace(f"{field}: {placeholder}", f"{field}: n/a"), select=["PM019", "PM2"])
    assert [d.code for d in found] == [{"rationale": "PM202", "tradeoff": "PM206",
                                        "known_at_the_time": "PM212"}[field]]


@pytest.mark.parametrize(("actor", "event"), [
    ("storage", "The primary region's volumes stopped accepting writes."),
    ("database on-call engineer", "The primary region's volumes stopped accepting writes."),
    ("storage", "The storage cluster's brokers stopped accepting writes."),
])
def test_storage_that_stops_taking_writes_is_no_decision(actor: str, event: str) -> None:
    # Before: 'stopped accepting writes' of the impact's first entry was a decision that links no
    # record (PM207), as if someone had chosen to stop the writes.
    text = DECISION.replace("LANG", "en").replace("OPTIONS", "[fail over, wait]").replace(
        "actor: storage\n    event: The primary region's volumes stopped accepting writes.",
        f"actor: {actor}\n    event: {event}")
    assert run(text, select=["PM207"]) == []


def test_a_team_that_stops_taking_writes_still_decides() -> None:
    text = DECISION.replace("LANG", "en").replace("OPTIONS", "[fail over, wait]").replace(
        "actor: storage\n    event: The primary region's volumes stopped accepting writes.",
        "actor: incident commander\n    event: We stopped accepting writes on the primary.")
    found = run(text, select=["PM207"])
    assert where(found) == [("PM207", 12, 15)]


@pytest.mark.parametrize("tradeoff", ["—", "–", "'— none —'", "N/A —"])
def test_a_tradeoff_of_a_dash_from_a_word_processor_names_nothing(tradeoff: str) -> None:
    # Before: an em or en dash, as a word processor or a Markdown table writes 'nothing', passed
    # as a stated trade-off, while '-' and '--' were reported.
    text = DECISION.replace("LANG", "en").replace("OPTIONS", "[fail over, wait]").replace(
        "tradeoff: Availability over the last 30 seconds of writes.", f"tradeoff: {tradeoff}")
    found = run(text, select=["PM206"])
    assert where(found) == [("PM206", 23, 15)]
    assert found[0].message == (f"decision D1 of a SEV2 incident gives '{tradeoff.strip(chr(39))}' as its "
                                "trade-off, which names nothing given up")


@pytest.mark.parametrize(("lang", "options"), [
    ("en", "[no alternatives]"), ("en", "[none considered]"), ("en", "[No other option.]"),
    ("de", "[keine Alternative]"), ("de", "[alternativlos]"),
])
def test_options_that_say_there_were_none_are_no_options(lang: str, options: str) -> None:
    # Before: the one item was counted as an option, and PM205 asked for a second one
    # ('lists a single option') instead of for the reason there was no choice.
    text = DECISION.replace("LANG", lang).replace("OPTIONS", options)
    found = run(text, select=["PM204", "PM205"])
    assert where(found) == [("PM204", 22, 5)]
    assert found[0].message == f"decision D1 names no option ('{options[1:-1]}') and no options_reason"
