"""Held-out inputs for the learning and clarity rules and the output verbs: code spans and tables
in prose, render, actions, stats and the check output formats."""

from __future__ import annotations

import pytest

from helpers import run


def _summary(body: str) -> str:
    lines = "\n".join("  " + line if line else "" for line in body.split("\n"))
    return f"pmkit: 1\nid: x\ntitle: t\nstatus: draft\nseverity: SEV3\nsummary: |\n{lines}\n"


@pytest.mark.parametrize(("body", "expected"), [
    # The name is the word after the code span, not the code's last word with its backtick.
    ("`a` Bob was careless.", [("PM309", 7, 15, 'about the named person "Bob"')]),
    ("Run `make` Bob was careless.", [("PM309", 7, 22, 'about the named person "Bob"')]),
    # A table's header and delimiter rows are not part of the name in a cell.
    ("| b |\n|---|---|\n| Bob was careless |", [("PM309", 9, 13, 'about the named person "Bob"')]),
    # Cells are read apart: the name in one cell is not the subject of the words in the next.
    ("| who | what |\n|---|---|\n| Bob | was careless |",
     [("PM303", 9, 15, '"careless" is judgemental wording')]),
    # A code span goes on over a line break of its paragraph: all of it is code.
    ("See `a\nBob was careless.` in the log.", []),
    ("The query\n`SELECT * FROM t WHERE\nBob was careless` ran.", []),
])
def test_code_spans_and_tables_are_no_part_of_a_name(
        body: str, expected: list[tuple[str, int, int, str]]) -> None:
    found = run(_summary(body), select=["PM3"])
    assert [(d.code, d.line, d.col) for d in found] == [e[:3] for e in expected]
    for d, e in zip(found, expected, strict=True):
        assert e[3] in d.message


def test_a_code_span_does_not_cross_a_blank_line_or_a_list_item() -> None:
    body = "Note the `a\n\nBob was careless.` line."
    assert [(d.code, d.line, d.col) for d in run(_summary(body), select=["PM3"])] == [("PM309", 9, 11)]
    body = "Note the `a\n- Bob was careless.` line."
    assert [(d.code, d.line, d.col) for d in run(_summary(body), select=["PM3"])] == [("PM309", 8, 13)]


# --- render ---------------------------------------------------------------------------------

_RENDERED = """\
pmkit: 1
id: r1
title: Links
lang: en
status: draft
severity: SEV3
timeline:
  - at: 2024-01-01T10:00:00Z
    milestone: impact_started
    event: Started.
    evidence: ['https://logs.example.com/q\\', 'https://logs.example.com/q?a=1|2', 'https://x.example/`b`']
  - at: 2024-01-01T11:00:00Z
    milestone: resolved
    event: Ended.
"""


def test_a_markdown_link_keeps_its_table_row_whole() -> None:
    from pmkit.api import loads
    from pmkit.render import render

    page = render(loads(_RENDERED), "md")
    row = next(line for line in page.splitlines() if "Started." in line and "[1]" in line)
    # A backslash that escaped the link's ")" and a "|" that split the cell are percent-encoded.
    assert row.endswith("| [1](https://logs.example.com/q%5C), [2](https://logs.example.com/q?a=1%7C2), "
                        "[3](https://x.example/%60b%60) |")
    assert row.count(" | ") == 3  # time | actor | event | evidence: four cells


def test_an_entity_written_in_a_value_is_shown_as_written_in_markdown() -> None:
    from pmkit.render import md_escape

    # Markdown would show "AT&T" and "<b>"; the page shows what the author wrote, as HTML does.
    assert md_escape("AT&amp;T &lt;b&gt; &#65; R&D & Co") == "AT\\&amp;T \\&lt;b\\&gt; \\&\\#65; R&D & Co"


# --- learning -------------------------------------------------------------------------------

def _item(title: str) -> str:
    return f"""\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
contributing_factors:
  - {{id: CF1, description: The flag stayed on after the test.}}
  - {{id: CF2, description: Nothing alerted on it.}}
action_items:
  - id: AI1
    title: {title}
    owner: o
    priority: P2
    due: 2027-01-01
    tracker: OPS-1
    addresses: [CF1, CF2]
"""


@pytest.mark.parametrize("title", [
    "Remove the `improve` feature flag from the ranking service",
    "\"Delete the 'Investigate' saved view from the dashboard\"",
    "Remove the improve-monitoring feature flag",
    "Archive the \"look into it\" Slack channel",
])
def test_a_vague_word_that_names_a_flag_or_a_view_is_not_the_items_work(title: str) -> None:
    assert [(d.code, d.line, d.col) for d in run(_item(title), select=["PM708", "PM709"])] == []


@pytest.mark.parametrize(("title", "col"), [
    ("Improve monitoring", 12),
    ("Remove the flag and improve monitoring", 32),
    ("Re-check the DNS records", 12),
])
def test_a_vague_word_outside_a_name_is_still_reported(title: str, col: int) -> None:
    assert [(d.code, d.line, d.col) for d in run(_item(title), select=["PM708"])] == [("PM708", 12, col)]


# --- privacy --------------------------------------------------------------------------------

def _published(summary: str) -> str:
    return f"pmkit: 1\nid: x\ntitle: t\nstatus: published\nlang: en\nseverity: SEV3\nsummary: {summary}\n"


@pytest.mark.parametrize("summary", [
    "We upgraded the agent to 8.4.3.2 on every host.",
    "Upgraded to OpenSSL 3.0.13.1 after the advisory.",
    "Bumped the nginx image from 1.25.3.1 to 1.25.3.2.",
    "Downgraded the payments agent to agent 8.4.3.1.",
])
def test_a_version_after_an_upgrade_of_a_named_thing_is_no_address(summary: str) -> None:
    assert run(_published(summary), select=["PM505"]) == []


@pytest.mark.parametrize(("summary", "col"), [
    ("Upgraded the proxy and set DNS to 81.2.69.160.", 44),
    ("Upgraded the client to use 81.2.69.160 as its resolver.", 37),
])
def test_an_address_after_another_action_than_the_upgrade_is_still_reported(summary: str, col: int) -> None:
    found = run(_published(summary), select=["PM505"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM505", 7, col)]


def _framing(summary: str) -> str:
    return f"pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\nsummary: {summary}\n"


@pytest.mark.parametrize("summary", [
    "The root cause was not the database but three conditions together.",
    "The root cause is never one change.",
    "The old template's `Root cause:` heading is gone.",
    "The first status page said \"the root cause was the CDN\" and was corrected.",
])
def test_a_denied_or_quoted_root_cause_is_no_framing(summary: str) -> None:
    assert run(_framing(summary), select=["PM703"]) == []


def test_root_cause_framing_outside_quotes_is_still_reported() -> None:
    found = run(_framing("The root cause was a certificate without its chain."), select=["PM703"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM703", 7, 10, "'The root cause was' frames the incident as having a single root cause")]


def _owned(owner: str, lang: str = "en") -> str:
    return f"""\
pmkit: 1
id: x
title: t
status: draft
lang: {lang}
severity: SEV3
action_items:
  - {{id: AI1, title: Add an alert on lag above 30 s, owner: '{owner}', priority: P1, due: 2027-01-01}}
  - {{id: AI2, title: Drop the lag alert, status: wont-do, reason: '{owner}'}}
"""


@pytest.mark.parametrize(("owner", "lang"), [
    ("tbd.", "en"), ("???", "en"), ("(TBD)", "en"), ("[unassigned]", "en"), ("N.N.", "de"), ("offen.", "de")])
def test_a_placeholder_with_marks_around_it_is_still_no_owner_or_reason(owner: str, lang: str) -> None:
    found = run(_owned(owner, lang), select=["PM704", "PM715"])
    assert [(d.code, d.line) for d in found] == [("PM704", 8), ("PM715", 9)]
    assert f"placeholder owner '{owner}'" in found[0].message


@pytest.mark.parametrize("owner", ["NN", "J. Doe", "platform team (EU)"])
def test_initials_and_names_are_owners(owner: str) -> None:
    assert run(_owned(owner), select=["PM704", "PM715"]) == []


@pytest.mark.parametrize(("impact", "said"), [
    ("{users_affected: 0, data_loss: true}", "the incident lost data"),
    ("{customers_affected: 1}", "the incident affected 1 customer"),
    ("{users_affected: 12000, data_loss: true}", "the incident affected 12,000 users and lost data"),
])
def test_no_high_priority_action_says_what_the_impact_was(impact: str, said: str) -> None:
    text = f"""\
pmkit: 1
id: x
title: t
status: draft
lang: en
severity: SEV3
impact: {impact}
action_items:
  - {{id: AI1, title: Add an alert on lag above 30 s, priority: P2}}
"""
    found = run(text, select=["PM713"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM713", 8, 1, f"{said}, but no action item is P0 or P1")]


@pytest.mark.parametrize(("summary", "col"), [
    ("Der Kunde ist erreichbar unter 0151 12345678.", 41),
    ("Contact 030 1234567 for the customer's account.", 18),
])
def test_a_national_number_after_how_to_reach_someone_is_a_phone_number(summary: str, col: int) -> None:
    found = run(_published(summary), select=["PM505"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM505", 7, col)]
    assert found[0].message.startswith("phone number '")


def test_a_contact_count_is_no_phone_number() -> None:
    assert run(_published("We contacted 0 customers and 12 merchants."), select=["PM505"]) == []


def test_an_ipv4_address_written_in_ipv6_is_read_as_that_address() -> None:
    summary = "The proxy logged ::ffff:81.2.69.160, ::ffff:192.0.2.1, ::ffff:10.0.0.1 and ::FFFF:8.8.8.8."
    found = run(_published(summary), select=["PM505"])
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("PM505", 7, 27, 45)]
    assert found[0].message.startswith("public IP address '::ffff:81.2.x.x'")


# --- clarity --------------------------------------------------------------------------------

def test_an_html_line_break_parts_sentences_and_is_no_word() -> None:
    summary = ("Users saw errors.<br>The cache was cold.<br/>We warmed it up by replaying traffic for 10 "
               "minutes and then everything recovered and the on-call engineer closed the incident after "
               "watching the dashboards for a full hour to be sure.")
    text = f"pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\nsummary: {summary}\n"
    assert run(text, select=["PM502"]) == []
    longer = summary.replace("to be sure.", "to be sure that the numbers held and nothing else broke.")
    found = run(text.replace(summary, longer), select=["PM502"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM502", 7, 55, "summary sentence has 40 words, more than 35")]


def test_a_heading_is_no_subject_of_the_line_under_it() -> None:
    body = "### Bob\nwas careless with nothing; the deploy tool hid the diff."
    found = run(_summary(body), select=["PM3"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM303", 8, 7)]
    assert "named person" not in found[0].message


@pytest.mark.parametrize("sender", ["alertmanager@acme.com", "prometheus@acme.com", "grafana@acme.com",
                                    "pagerduty@acme.com", "secops@acme.com"])
def test_a_monitoring_systems_mailbox_is_no_persons_address(sender: str) -> None:
    assert run(_published(f"The first alert came from {sender} at 14:06."), select=["PM505"]) == []


def test_a_persons_address_next_to_a_systems_one_is_still_reported() -> None:
    found = run(_published("Alerts from alertmanager@acme.com went to jane.doe@acme.com only."),
                select=["PM505"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM505", 7, 52)]


@pytest.mark.parametrize("title", [
    "Harness the retry budget in the payments client",
    "Witness the quarterly failover drill",
    "Sanction the firewall exception with an expiry date",
    "Requisition two more database hosts",
    "Commence load tests before each release",
    "Reship the fixed build to the EU region",
])
def test_a_verb_with_a_noun_ending_starts_an_instruction(title: str) -> None:
    assert run(_item(title), select=["PM709"]) == []


def test_a_noun_phrase_title_is_still_reported() -> None:
    found = run(_item("Unification of the alert configs"), select=["PM709"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM709", 12, 12)]


@pytest.mark.parametrize("title", [
    "Link the incident investigation template from the on-call runbook",
    "Add an improvement backlog label in Jira for alerting gaps",
    "Write the investigation report for the EU outage by 2027-01-15",
])
def test_a_vague_verbs_noun_naming_a_thing_is_not_the_items_work(title: str) -> None:
    assert run(_item(title), select=["PM708"]) == []


@pytest.mark.parametrize(("title", "col"), [("Investigation into the cache flush", 12),
                                             ("Monitoring improvements", 23)])
def test_a_vague_verbs_noun_as_the_work_is_still_reported(title: str, col: int) -> None:
    assert [(d.code, d.line, d.col) for d in run(_item(title), select=["PM708"])] == [("PM708", 12, col)]
