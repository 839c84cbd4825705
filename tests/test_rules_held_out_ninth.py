"""Timeline, decision and learning rules on postmortems as SRE teams write them, ninth round:
relapses told in the words responders use, and more."""

from __future__ import annotations

import pytest

from helpers import run, where

#: A queue incident mitigated at 10:40 and resolved at 11:00, with one entry after it.
RESOLVED = """\
pmkit: 1
id: 2026-06-01-queue
title: Order queue backlog
status: draft
lang: LANG
severity: SEV3
owner: orders lead
timeline:
  - {at: 2026-06-01T10:00:00Z, milestone: impact_started, actor: order queue, event: Consumer lag began.}
  - {at: 2026-06-01T10:05:00Z, milestone: detected, actor: monitoring, event: Queue-lag alert.}
  - {at: 2026-06-01T10:40:00Z, milestone: mitigated, actor: SRE, event: Consumers scaled out.}
  - {at: 2026-06-01T11:00:00Z, milestone: resolved, actor: SRE, event: Lag back under one minute.}
  - at: 2026-06-01T12:30:00Z
    actor: order queue
    event: "EVENT"
"""


@pytest.mark.parametrize(("lang", "event", "words"), [
    ("en", "Consumer lag grew again after the nightly batch started.", "lag grew again"),
    ("en", "The error rate went up again.", "error rate went up again"),
    ("en", "Latency degraded again in eu-west-1.", "Latency degraded again"),
    ("en", "Errors surged again when the batch began.", "Errors surged again"),
    ("en", "Timeouts increased once more.", "Timeouts increased once more"),
    ("en", "Latencies rose again to 2 s at p99.", "Latencies rose again"),
    ("en", "Packet loss returned in eu-west-1.", "Packet loss returned"),
    ("en", "The queue backlog built up again.", "backlog built up again"),
    ("de", "Die Störung begann erneut.", "Störung begann erneut"),
    ("de", "Die Fehler nahmen wieder zu.", "Fehler nahmen wieder zu"),
    ("de", "Zeitüberschreitungen traten erneut auf.", "Zeitüberschreitungen traten erneut auf"),
])
def test_a_relapse_in_everyday_words_is_reported(lang: str, event: str, words: str) -> None:
    # Before, 'grew again', 'went up again', 'surged again', 'once more', a lag, a backlog,
    # packet loss and the German 'begann erneut', 'nahmen wieder zu' and
    # 'Zeitüberschreitungen' went unreported: the resolution stood at 11:00.
    found = run(RESOLVED.replace("LANG", lang).replace("EVENT", event), select=["PM116"])
    assert where(found) == [("PM116", 15, 13 + event.index(words))]
    assert f"says the impact came back ('{words}')" in found[0].message
    assert "after 'resolved' at 2026-06-01 11:00 UTC (line 12)" in found[0].message


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Consumer lag returned to zero."),
    ("en", "The backlog was back to normal by noon."),
    ("en", "Replication lag came back down to 2 s."),
    ("en", "Checked whether the lag grew again overnight; it did not."),
    ("en", "No packet loss returned after the fix."),
    ("de", "Die Fehler nahmen nicht wieder zu."),
    ("de", "Die Latenz kehrte auf Normalniveau zurück."),
])
def test_a_recovery_of_the_new_impact_words_is_not_a_relapse(lang: str, event: str) -> None:
    assert run(RESOLVED.replace("LANG", lang).replace("EVENT", event), select=["PM116"]) == []


#: A SEV2 decision record and action items; FIELDS replaces the record's fields.
WRITTEN = """\
pmkit: 1
id: 2026-06-01-queue
title: Order queue backlog
status: draft
lang: en
severity: SEV2
owner: orders lead
decisions:
  - id: D1
    at: 2026-06-01T10:20:00Z
    decision: Scale out the consumers.
FIELDS
contributing_factors:
  - {id: CF1, description: Consumers were sized for daytime load only.}
  - {id: CF2, description: The nightly batch shares the queue with orders.}
action_items:
  - id: AI1
    title: Autoscale the consumers on queue lag
    type: mitigate
    priority: P2
    owner: orders team
    due: 2026-12-15
    tracker: https://jira.example.com/ORD-1
    status: open
    addresses: [CF1]
  - id: AI2
    title: Move the nightly batch to its own queue
ITEM
"""

_DECIDED = ("    rationale: A broker restart would drop in-flight orders.\n"
            "    options_considered: [restart the broker, scale out the consumers]\n"
            "    tradeoff: Cost over lost orders.\n"
            "    decided_by: incident commander\n"
            "    known_at_the_time: The lag was growing; the broker's logs were not yet read.")
_ITEM = ("    type: prevent\n    priority: P1\n    owner: orders team\n    due: 2026-12-15\n"
         "    tracker: https://jira.example.com/ORD-2\n    status: open\n    addresses: [CF2]")


def _written(fields: str = _DECIDED, item: str = _ITEM) -> str:
    return WRITTEN.replace("FIELDS", fields).replace("ITEM", item)


@pytest.mark.parametrize(("old", "new", "code"), [
    ("    rationale: A broker restart would drop in-flight orders.",
     "    rationale:\n      - A broker restart would drop in-flight orders.\n"
     "      - Scaling out had worked in March.", "PM202"),
    ("    tradeoff: Cost over lost orders.", "    tradeoff:\n      - cost over lost orders", "PM206"),
    ("    decided_by: incident commander", "    decided_by: [incident commander, orders lead]", "PM210"),
    ("    known_at_the_time: The lag was growing; the broker's logs were not yet read.",
     "    known_at_the_time:\n      - the lag was growing\n      - the broker's logs were not yet read",
     "PM212"),
    ("    options_considered: [restart the broker, scale out the consumers]",
     "    options_considered: Restart the broker (drops orders) or scale out the consumers.", "PM204"),
])
def test_a_decision_field_written_in_the_wrong_shape_is_not_also_missing(
        old: str, new: str, code: str) -> None:
    # Before, a rationale written as a list, decided_by as two roles and options as one text
    # were each reported twice: PM012 (write it as text / as a list) and 'decision D1 has no
    # rationale', 'does not say who decided', 'lists no options considered', which they did.
    found = run(_written(_DECIDED.replace(old, new)), select=["PM0", "PM2"])
    assert [d.code for d in found] == ["PM012"]
    assert code not in [d.code for d in found]


def test_options_written_as_the_text_n_a_name_no_option() -> None:
    # The text 'n/a' is a non-answer in any shape: PM204 says so at the value, as it does for
    # '[n/a]', not that the key is missing ('lists no options considered').
    text = _written(_DECIDED.replace("[restart the broker, scale out the consumers]", "n/a"))
    found = run(text, select=["PM012", "PM204"])
    assert where(found) == [("PM012", 13, 25), ("PM204", 13, 25)]
    assert found[1].message == "decision D1 names no option ('n/a') and no options_reason"
    assert "options_reason:" in (found[1].hint or "")


@pytest.mark.parametrize(("old", "new", "schema", "code"), [
    ("    owner: orders team\n    due: 2026-12-15\n    tracker: https://jira.example.com/ORD-2",
     "    owner: [orders team, platform team]\n    due: 2026-12-15\n    tracker: https://jira.example.com/ORD-2",
     "PM012", "PM704"),
    ("    due: 2026-12-15\n    tracker: https://jira.example.com/ORD-2",
     "    due: end of Q3\n    tracker: https://jira.example.com/ORD-2", "PM015", "PM705"),
    ("    tracker: https://jira.example.com/ORD-2",
     "    tracker: [https://jira.example.com/ORD-2, https://jira.example.com/ORD-3]", "PM012", "PM707"),
    ("    priority: P1", "    priority: high", "PM013", "PM706"),
    ("    addresses: [CF2]", "    addresses: CF2", "PM012", "PM710"),
    ("    type: prevent", "    type: prevention", "PM013", "PM712"),
])
def test_an_action_item_field_written_in_the_wrong_shape_is_not_also_missing(
        old: str, new: str, schema: str, code: str) -> None:
    # Before, 'owner: [two teams]', 'due: end of Q3', 'priority: high', 'addresses: CF2' and
    # 'type: prevention' gave the schema's finding and also 'has no owner', 'has no due date',
    # 'has no priority', 'no action item addresses CF2', 'no action item prevents or detects'.
    assert old in _ITEM
    found = run(_written(item=_ITEM.replace(old, new)), select=["PM0", "PM7"])
    assert schema in [d.code for d in found]
    assert code not in [d.code for d in found]


def test_a_missing_action_item_field_is_still_reported() -> None:
    found = run(_written(item=_ITEM.replace("    owner: orders team\n", "")), select=["PM704"])
    assert where(found) == [("PM704", 30, 5)]
    assert found[0].message == "action item AI2 has no owner"


#: A night in New York without a declared timezone: the clocks went back at 02:00 EDT.
_NEW_YORK = """\
pmkit: 1
id: 2026-11-01-dns
title: DNS resolution failures overnight
status: draft
lang: en
severity: SEV3
owner: network lead
timeline:
  - {at: 2026-10-31T23:40:00-04:00, milestone: impact_started, actor: resolvers, event: SERVFAIL rose to 3%.}
  - {at: 2026-10-31T23:52:00-04:00, milestone: detected, actor: monitoring, event: DNS error alert.}
  - {at: 2026-11-01T00:05:00-04:00, milestone: acknowledged, actor: network on-call, event: Paged.}
  - {at: 2026-11-01T01:30:00-04:00, actor: network on-call, event: Restarted two resolvers.}
  - {at: 2026-11-01T01:10:00-05:00, milestone: mitigated, actor: network on-call, event: SERVFAIL under 0.1%.}
  - {at: 2026-11-01T09:00:00-05:00, milestone: resolved, actor: network team, event: Config fixed.}
"""


def test_local_times_across_the_clock_change_are_no_slip_without_a_declared_zone() -> None:
    # Before, the 09:00 entry written in -05:00, New York's offset after the clocks went back,
    # was 'written in -05:00 while 4 others use -04:00' (PM114), though the entry before it
    # used -05:00 too: every entry is New York's local time.
    assert run(_NEW_YORK, select=["PM105", "PM114"]) == []


def test_one_entry_pasted_in_another_offset_is_still_a_prompt_to_check() -> None:
    # The same slip on a day without a clock change: no zone's local time explains it.
    text = _NEW_YORK.replace("2026-10-31", "2026-10-17").replace("2026-11-01", "2026-10-18")
    text = text.replace("T01:10:00-05:00", "T02:10:00-04:00")
    found = run(text, select=["PM105", "PM114"])
    assert where(found) == [("PM114", 14, 10)]
    assert found[0].message.startswith("this entry is written in -05:00 while 5 others use -04:00")


_ITEM_TITLE = """\
pmkit: 1
id: 2026-06-01-leak
title: Payment worker restarts
status: draft
lang: LANG
severity: SEV3
owner: payments lead
action_items:
  - {id: AI1, title: "TITLE", type: prevent, priority: P2, owner: payments team, due: 2026-12-20,
     tracker: PAY-1, status: open}
"""


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Investigate and fix the memory leak in the payment worker"),
    ("en", "Investigate and remove the stale DNS records in the EU zone"),
    ("de", "Ursache des Speicherlecks im Zahlungsdienst untersuchen und beheben"),
])
def test_investigate_and_fix_a_named_thing_has_a_done_state(lang: str, title: str) -> None:
    # Before, 'Investigate and fix the memory leak ...' was vague ('Investigate'): the item is
    # done when the leak is fixed.
    text = _ITEM_TITLE.replace("LANG", lang).replace("TITLE", title)
    assert run(text, select=["PM708"]) == []


@pytest.mark.parametrize(("lang", "title", "words"), [
    ("en", "Investigate and fix the issue", "fix the issue"),
    ("en", "Investigate the memory leak in the payment worker", "Investigate"),
    ("de", "Speicherleck untersuchen", "untersuchen"),
])
def test_investigating_alone_is_still_vague(lang: str, title: str, words: str) -> None:
    found = run(_ITEM_TITLE.replace("LANG", lang).replace("TITLE", title), select=["PM708"])
    assert where(found) == [("PM708", 9, 23 + title.index(words))]
    assert f"is vague ('{words}')" in found[0].message


_SLIPPED_LINK = """\
pmkit: 1
id: 2026-04-02-db
title: Primary database failover
status: draft
lang: en
severity: SEV3
owner: db lead
timeline:
  - {at: 2026-04-02T08:00:00Z, milestone: impact_started, actor: primary db, event: Disk latency rose.}
  - {at: 2026-04-02T08:04:00Z, milestone: detected, actor: monitoring, event: Latency alert.}
  - {at: 2026-04-02T08:20:00Z, actor: incident commander, event: Failed over to the replica., decision: D2}
  - {at: 2026-04-02T12:00:00Z, milestone: resolved, actor: db team, event: Disk replaced.}
decisions:
  - id: D1
    at: 2026-04-02T08:20:00Z
    decision: Fail over to the replica.
    rationale: The primary's disk was failing; the replica was 2 s behind.
    options_considered: [wait for the disk vendor, fail over to the replica]
    decided_by: incident commander
"""


def test_an_unused_record_names_the_entry_that_links_a_missing_id_at_its_time() -> None:
    # Before, the hint only said to add 'decision: D1' to 'the timeline entry where it was
    # taken', though the entry at its very time linked 'D2', which no record has.
    found = run(_SLIPPED_LINK, select=["PM021", "PM208"])
    assert where(found) == [("PM021", 11, 105), ("PM208", 14, 9)]
    assert found[1].message == "no timeline entry refers to decision D1"
    assert found[1].hint == ("The entry at 2026-04-02 08:20 UTC (line 11) links 'D2', which no record "
                             "has: if it meant this one, write 'decision: D1' there.")


def test_an_unused_record_without_a_slipped_link_keeps_the_plain_hint() -> None:
    text = _SLIPPED_LINK.replace("event: Failed over to the replica., decision: D2}",
                                 "event: The replica was 2 s behind.}")
    found = run(text, select=["PM208"])
    assert where(found) == [("PM208", 14, 9)]
    assert found[0].hint == "Add 'decision: D1' to the timeline entry where it was taken."


_ONE_ENTRY = """\
pmkit: 1
id: 2026-06-01-api
title: API errors
status: draft
lang: LANG
severity: SEV2
owner: api lead
timeline:
  - {at: 2026-06-01T10:00:00Z, milestone: impact_started, actor: api, event: Errors began.}
  - {at: 2026-06-01T10:05:00Z, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-06-01T10:20:00Z, actor: ACTOR, event: "EVENT"}
  - {at: 2026-06-01T11:00:00Z, milestone: resolved, actor: SRE, event: Error rate at baseline.}
decisions:
  - {id: D1, at: 2026-06-01T10:40:00Z, decision: Roll back release 4.2., rationale: The diff touched the
     serializer., options_considered: [fix forward, roll back], tradeoff: Speed over the fix., decided_by: IC}
"""


def test_agreed_to_act_is_a_decision_of_the_team() -> None:
    # Before, 'We agreed to wait for the vendor' was not read as a decision (PM207 quiet),
    # though 'Wir haben beschlossen, auf den Anbieter zu warten' was.
    text = _ONE_ENTRY.replace("LANG", "en").replace("ACTOR", "incident commander").replace(
        "EVENT", "We agreed to wait for the vendor before restarting.")
    found = run(text, select=["PM207"])
    assert where(found) == [("PM207", 11, 70)]
    assert found[0].message.startswith("timeline entry describes a decision ('agreed to')")


@pytest.mark.parametrize(("lang", "actor", "event"), [
    ("en", "SRE", "The team agreed the cache was the likely cause."),
    ("en", "SRE", "We agreed that the cache was the likely cause."),
    ("en", "vendor", "Vendor chose not to share the cause until their review."),
    ("en", "incident commander", "The vendor chose to throttle our traffic to 50%."),
    ("en", "incident commander", "The upstream provider decided to drain the zone."),
    ("de", "Anbieter", "Der Anbieter entschied, die Region abzuschalten."),
])
def test_a_hypothesis_or_a_third_partys_choice_is_no_decision_of_the_team(
        lang: str, actor: str, event: str) -> None:
    # Before, a vendor's or provider's choice, written as 'chose'/'decided' with the vendor as
    # the actor or the subject, was 'a decision without a record' (PM207).
    text = _ONE_ENTRY.replace("LANG", lang).replace("ACTOR", actor).replace("EVENT", event)
    assert run(text, select=["PM207"]) == []


_PAST_MIDNIGHT = """\
pmkit: 1
id: 2026-06-01-night
title: Night-time checkout errors
status: draft
lang: en
severity: SEV3
owner: checkout lead
timezone: Europe/Berlin
timeline:
  - {at: 2026-06-01T23:40, milestone: impact_started, actor: checkout, event: Errors began.}
  - {at: 2026-06-01T23:50, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-06-01T23:58, milestone: acknowledged, actor: on-call, event: Page acknowledged.}
  - {at: 2026-06-02T00:10, actor: on-call, event: Restarted the checkout pods.}
  - {at: 2026-06-01T00:25, milestone: mitigated, actor: on-call, event: Error rate under 0.1%.}
  - {at: 2026-06-02T01:00, milestone: resolved, actor: on-call, event: Error rate at baseline.}
"""


def test_a_milestone_after_midnight_with_the_old_date_is_named_with_the_next_day() -> None:
    # Before, the hint only asked to check 'hour, day and offset'; PM105 names the day that
    # fits for an entry out of order, PM104 did not for a milestone.
    found = run(_PAST_MIDNIGHT, select=["PM104", "PM105"])
    assert where(found) == [("PM104", 14, 10)]
    assert found[0].message.startswith("'mitigated' at 2026-06-01 00:25 +02:00 is before 'impact_started'")
    assert (found[0].hint or "").endswith(
        "Written 2026-06-02 00:25 +02:00 it would be in order and in its place (a wrong day?).")


def test_a_milestone_no_other_day_puts_in_order_keeps_the_plain_hint() -> None:
    text = _PAST_MIDNIGHT.replace("2026-06-01T00:25", "2026-06-02T00:25").replace(
        "2026-06-02T01:00, milestone: resolved", "2026-06-02T00:20, milestone: resolved")
    found = run(text, select=["PM104"])
    assert where(found) == [("PM104", 15, 10)]
    assert "(a wrong day?)" not in (found[0].hint or "")


_RESOLVED_LINE = ("  - {at: 2026-06-01T11:00:00Z, milestone: resolved, actor: SRE, "
                  "event: Lag back under one minute.}\n")


def test_a_relapse_told_in_two_entries_is_one_finding_at_the_first() -> None:
    # Before, 'Consumer lag grew again' and, five minutes later, 'The lag alert fired again'
    # were two findings with the same advice about the one 'mitigated' milestone.
    text = RESOLVED.replace("LANG", "en").replace("EVENT", "Consumer lag grew again.").replace(
        _RESOLVED_LINE,
        "") + ("  - {at: 2026-06-01T12:35:00Z, actor: monitoring, event: The lag alert fired again.}\n"
               "  - {at: 2026-06-01T13:00:00Z, milestone: resolved, actor: SRE, event: Batch paused.}\n")
    found = run(text, select=["PM116"])
    assert where(found) == [("PM116", 14, 22)]
    assert "('lag grew again'), after 'mitigated' at 2026-06-01 10:40 UTC (line 11)" in found[0].message


def test_a_return_after_mitigated_and_another_after_resolved_are_two_findings() -> None:
    text = RESOLVED.replace("LANG", "en").replace("EVENT", "Errors came back.").replace(
        _RESOLVED_LINE,
        "  - {at: 2026-06-01T10:50:00Z, actor: SRE, event: Errors came back after the scale-out.}\n"
        + _RESOLVED_LINE)
    found = run(text, select=["PM116"])
    assert where(found) == [("PM116", 12, 51), ("PM116", 16, 13)]
    assert "after 'mitigated'" in found[0].message and "after 'resolved'" in found[1].message


_ENTRY = """\
pmkit: 1
id: 2026-06-01-api
title: API errors
status: in-review
lang: en
severity: SEV3
owner: api lead
timeline:
  - {at: 2026-06-01T10:00:00Z, milestone: impact_started, actor: api, event: Errors began.}
  - {at: 2026-06-01T10:05:00Z, milestone: detected, actor: monitoring, event: Alert fired.}
  - {at: 2026-06-01T10:20:00Z, actor: ACTOR, event: EVENT}
  - {at: 2026-06-01T11:00:00Z, milestone: resolved, actor: SRE, event: Error rate at baseline.}
"""


@pytest.mark.parametrize(("actor", "event", "code", "col", "message"), [
    ("n/a", "Restarted the pods.", "PM109", 39, "gives 'n/a' as its actor, which names no one"),
    ("'-'", "Restarted the pods.", "PM109", 39, "gives '-' as its actor, which names no one"),
    ("'?'", "Restarted the pods.", "PM109", 39, "gives '?' as its actor, which names no one"),
    ("SRE", "n/a", "PM110", 51, "gives 'n/a' as its event, which says nothing"),
    ("SRE", "'...'", "PM110", 51, "gives '...' as its event, which says nothing"),
])
def test_an_actor_or_event_that_says_nothing_is_reported_at_the_value(
        actor: str, event: str, code: str, col: int, message: str) -> None:
    # Before, 'actor: n/a', '-', '?' and 'event: n/a', '...' (a table's empty column, a row
    # left to fill) passed PM109 and PM110 as if they named someone and said something.
    found = run(_ENTRY.replace("ACTOR", actor).replace("EVENT", event), select=["PM109", "PM110"])
    assert where(found) == [(code, 11, col)]
    assert found[0].message == f"the entry at 2026-06-01 10:20 UTC {message}"


def test_an_actor_nobody_could_name_yet_is_a_fact() -> None:
    text = _ENTRY.replace("ACTOR", "unknown").replace("EVENT", "A load balancer rule was changed.")
    assert run(text, select=["PM109", "PM110"]) == []


_FOLLOW_UP = """\
pmkit: 1
id: 2026-04-02-db
title: Primary database failover
status: draft
lang: en
severity: SEV3
owner: db lead
timeline:
  - {at: 2026-04-02T08:00:00Z, milestone: impact_started, actor: primary db, event: Disk latency rose.}
  - {at: 2026-04-02T08:04:00Z, milestone: detected, actor: monitoring, event: Latency alert.}
  - {at: 2026-04-02T12:00:00Z, milestone: resolved, actor: db team, event: Disk replaced.}
  - {at: AT, actor: db team, event: EVENT}
"""


def test_an_entry_long_after_the_incident_is_pointed_to_the_action_items() -> None:
    # Before, the hint for a fix rolled out seven weeks later said 'background from long
    # before the incident belongs in the summary or contributing factors'.
    text = _FOLLOW_UP.replace("AT", "2026-05-20T09:00:00Z").replace(
        "EVENT", "Firmware upgrade finished on all hosts.")
    found = run(text, select=["PM108"])
    assert where(found) == [("PM108", 12, 10)]
    assert found[0].message == "the entry at 2026-05-20 09:00 UTC is 47 d 21 h after its last milestone"
    assert (found[0].hint or "").startswith("Check the year and month; follow-up work long after the "
                                            "incident (a fix rolled out, the review held) belongs in "
                                            "action_items")


def test_an_entry_long_before_the_incident_is_still_background() -> None:
    text = _FOLLOW_UP.replace("AT", "2025-11-20T09:00:00Z").replace("EVENT", "Disk firmware 4.1 rolled out.")
    found = run(text, select=["PM108"])
    assert where(found) == [("PM108", 12, 10)]
    assert "background from long before the incident" in (found[0].hint or "")


_TRACKED = """\
pmkit: 1
id: 2026-06-01-batch
title: Batch backlog
status: in-review
lang: en
severity: SEV3
owner: batch lead
action_items:
  - {id: AI1, title: Move the batch to its own queue, type: prevent, priority: P2, owner: batch team,
     due: 2026-12-20, tracker: "TRACKER", status: open}
"""


@pytest.mark.parametrize("tracker", [
    "CHG0012345", "ServiceNow INC0012345", "RITM0001234", "b/123456789", "bug 12345", "Ticket 4711",
])
def test_a_servicenow_record_or_a_numbered_ticket_is_a_tracker(tracker: str) -> None:
    # Before, each was 'a tracker ... that is neither a link nor a ticket id' (PM707).
    assert run(_TRACKED.replace("TRACKER", tracker), select=["PM707"]) == []


@pytest.mark.parametrize("tracker", ["will create", "backlog", "sprint 12 board"])
def test_a_tracker_that_names_no_ticket_is_still_reported(tracker: str) -> None:
    found = run(_TRACKED.replace("TRACKER", tracker), select=["PM707"])
    assert where(found) == [("PM707", 10, 32)]
    assert found[0].message == (f"action item AI1 has a tracker '{tracker}' that is neither a link nor "
                                "a ticket id")
