"""Postmortems written the way authors coming from other templates first write them, eleventh
round: each fix asserts the exact finding and hint the author is given."""

from __future__ import annotations

import pytest

from pmkit.api import check_text

HEAD = "pmkit: 1\nid: 2026-11-03-checkout\ntitle: Checkout errors\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _found(text: str, code: str) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.col, d.message, d.hint or "")
            for d in check_text(text, path="pm.yaml") if d.code == code]


@pytest.mark.parametrize(("written", "meant"), [
    # The words other templates and trackers use for the postmortem's state.
    ("final", "published"), ("done", "published"), ("complete", "published"), ("Approved", "published"),
    ("wip", "draft"), ("in progress", "draft"), ("under review", "in-review"),
])
def test_a_status_word_of_another_template_gets_its_value(written: str, meant: str) -> None:
    found = _found(HEAD.replace("status: draft", f"status: {written}"), "PM013")
    assert [(ln, col, message) for ln, col, message, _ in found] == [
        (4, 9, f"'{written}' is not a valid status (did you mean '{meant}'?)")]


# PagerDuty's incident priorities name the severity of the same number.
@pytest.mark.parametrize(("written", "meant"), [("P1", "SEV1"), ("p2", "SEV2"), ("P0", "SEV1")])
def test_a_severity_written_as_a_pagerduty_priority_gets_its_step(written: str, meant: str) -> None:
    found = _found(HEAD.replace("severity: SEV3", f"severity: {written}"), "PM013")
    assert [(ln, col, message) for ln, col, message, _ in found] == [
        (6, 11, f"'{written}' is not a valid severity (did you mean '{meant}'?)")]


@pytest.mark.parametrize(("written", "step"), [
    ("high", "SEV2"), ("Critical", "SEV1"), ("major", "SEV2"), ("medium", "SEV3"), ("low", "SEV4"),
])
def test_a_severity_word_is_told_the_scale_and_the_step_it_reads_as(written: str, step: str) -> None:
    # No guess in the message (a team's scale may put 'high' at the top), but the hint says
    # what to write, and which step the word is on the scales most tools use.
    found = _found(HEAD.replace("severity: SEV3", f"severity: {written}"), "PM013")
    assert found == [(6, 11, f"'{written}' is not a valid severity",
                      "Write a step of pmkit's scale, SEV1 the worst .. SEV5: the one your policy gives "
                      f"'{written}'. On a scale whose words read in order from the top (critical, high, "
                      f"medium, low) it is {step}: 'severity: {step}'.")]


@pytest.mark.parametrize(("written", "step"), [
    ("high", "P1"), ("Highest", "P0"), ("critical", "P0"), ("medium", "P2"), ("Low", "P3"), ("lowest", "P4"),
])
def test_an_action_priority_in_trackers_words_is_told_its_step(written: str, step: str) -> None:
    # Jira's Highest/High/Medium/Low/Lowest are five steps, as P0..P4 are.
    text = HEAD + f"action_items:\n  - id: AI1\n    title: Add a canary stage\n    priority: {written}\n"
    assert _found(text, "PM013") == [
        (10, 15, f"'{written}' is not a valid priority",
         "Write a step of pmkit's scale, P0 the most urgent .. P4: the one your policy gives "
         f"'{written}'. On a scale whose words read in order from the top (critical, high, medium, "
         f"low) it is {step}: 'priority: {step}'.")]


def test_a_misspelt_step_keeps_the_plain_hint() -> None:
    assert [hint for *_, hint in _found(HEAD.replace("severity: SEV3", "severity: SEV-3"), "PM013")] == [
        "Use one of: SEV1, SEV2, SEV3, SEV4, SEV5."]


@pytest.mark.parametrize(("key", "meant"), [
    ("root_causes", "contributing_factors"), ("causes", "contributing_factors"),
    ("what_happened", "summary"), ("executive_summary", "summary"), ("overview", "summary"),
    ("remediation", "action_items"), ("remediations", "action_items"),
    ("corrective_actions", "action_items"), ("next_steps", "action_items"),
])
def test_a_section_named_as_other_templates_name_it_gets_its_key(key: str, meant: str) -> None:
    found = _found(HEAD + f"{key}:\n  - Something.\n", "PM010")
    assert [(ln, col, message) for ln, col, message, _ in found] == [
        (7, 1, f"unknown key '{key}' (did you mean '{meant}'?)")]


def test_one_root_cause_is_shown_as_a_contributing_factor() -> None:
    found = _found(HEAD + "root_cause: A config value was missing a default.\n", "PM010")
    assert found == [(7, 1, "unknown key 'root_cause' (did you mean 'contributing_factors'?)",
                      "pmkit lists the contributing factors, as incidents rarely have one cause: write "
                      "'contributing_factors:' and under it '- id: CF1' with 'description: A config value "
                      "was missing a default.' indented beside the id.")]


def test_a_resolution_is_told_where_it_goes() -> None:
    found = _found(HEAD + "resolution: Rolled back to v41.\n", "PM010")
    assert found == [(7, 1, "unknown key 'resolution'",
                      "How the incident was resolved is the timeline entry marked 'milestone: resolved' "
                      "(and 'mitigated', for what stopped the impact first): write it there as its "
                      "'event', and in the summary.")]


def test_an_owner_written_as_a_list_is_told_to_name_one() -> None:
    found = _found(HEAD + "owner: [alice, bob]\n", "PM012")
    assert found == [(7, 8, "'owner' must be text, not a list",
                      "'owner' names one accountable owner: write one, 'owner: alice', and name the others "
                      "in 'authors'.")]
    item = HEAD + "action_items:\n  - id: AI1\n    title: Add a canary stage\n    owner:\n      - alice\n" \
                  "      - bob\n"
    assert _found(item, "PM012") == [
        (11, 7, "'owner' must be text, not a list",
         "An action item has one accountable owner: write one, 'owner: alice'; if each of them owns a "
         "part, write one action item for each part.")]


@pytest.mark.parametrize(("owner", "meant"), [
    ("{name: Jane Doe, team: payments}", "Jane Doe"),
    ("{team: payments, handle: '@jdoe'}", '"@jdoe"'),
    ("{role: incident commander}", "incident commander"),
])
def test_an_owner_written_as_a_record_is_shown_as_its_text(owner: str, meant: str) -> None:
    found = _found(HEAD + f"owner: {owner}\n", "PM012")
    assert found == [(7, 8, "'owner' must be text, not a mapping",
                      f"Write the owner as one text, the role or handle: 'owner: {meant}'.")]


@pytest.mark.parametrize(("entries", "at"), [
    ("  2026-11-03T09:00:00Z: Deploy started\n  2026-11-03T09:12:00Z: Alert fired\n", "2026-11-03T09:00:00Z"),
    ("  \"2026-11-03 09:00\": Deploy started\n  \"2026-11-03 09:12\": Alert fired\n", "2026-11-03 09:00"),
    ("  '09:00': Deploy started\n  '09:12': Alert fired\n", "09:00"),
])
def test_a_timeline_written_as_time_to_event_is_shown_as_entries(entries: str, at: str) -> None:
    # The shape of a timeline in a wiki table or a chat export: each time with what happened.
    found = _found(HEAD + "timeline:\n" + entries, "PM012")
    assert found == [(8, 3, "'timeline' must be a list, not a mapping",
                      "Write each entry as an item of the list, its time and what happened as fields: "
                      f"'- at: {at}' on its own line under 'timeline:', and 'event: Deploy started' indented "
                      "beside 'at:'.")]


def test_action_items_written_as_id_to_title_are_shown_as_entries() -> None:
    found = _found(HEAD + "action_items:\n  AI1: Add a canary stage\n  AI2: Alert on 5xx\n", "PM012")
    assert found == [(8, 3, "'action_items' must be a list, not a mapping",
                      "Write each entry as an item of the list, its id and its text as fields: "
                      "'- id: AI1' on its own line under 'action_items:', and 'title: Add a canary stage' "
                      "indented beside 'id:'.")]


@pytest.mark.parametrize(("item", "fields"), [
    ("Add a canary stage", "'- id: AI2' and 'title: Add a canary stage'"),
    # A task list pasted from a Markdown page or a ticket: the box is no part of the title.
    ("'[ ] Add a canary stage'", "'- id: AI2' and 'title: Add a canary stage'"),
    ("'[x] Add a canary stage'", "'- id: AI2', 'title: Add a canary stage' and 'status: done'"),
    ("'AI7: Add a canary stage'", "'- id: AI7' and 'title: Add a canary stage'"),
])
def test_an_action_item_written_as_text_is_shown_as_its_fields(item: str, fields: str) -> None:
    text = HEAD + f"action_items:\n  - id: AI1\n    title: Alert on 5xx\n  - {item}\n"
    found = _found(text, "PM012")
    assert found == [(10, 5, f"'action_items[1]' must be a mapping of fields, not the text "
                             f"'{item.strip(chr(39))}'",
                      "Write it as a mapping of fields (id, title, type, priority, owner, due, ...), "
                      f"{fields} indented beside it: one 'name: value' per line after '- '.")]


def test_a_factor_and_a_timeline_entry_written_as_text_are_shown_as_their_fields() -> None:
    text = HEAD + ("contributing_factors:\n  - A config value was missing a default.\n"
                   "timeline:\n  - 2026-11-03T09:00Z - Config v42 rolled out\n")
    assert [hint for *_, hint in _found(text, "PM012")] == [
        "Write it as a mapping of fields (id, description, category), '- id: CF1' and 'description: A "
        "config value was missing a default.' indented beside it: one 'name: value' per line after '- '.",
        "Write it as a mapping of fields (at, milestone, actor, event, evidence, decision), "
        "'- at: 2026-11-03T09:00Z' and 'event: Config v42 rolled out' indented beside it: one "
        "'name: value' per line after '- '."]


def _due(due: str) -> list[tuple[int, int, str, str]]:
    text = HEAD + f"action_items:\n  - id: AI1\n    title: Add a canary stage\n    due: {due}\n"
    return _found(text, "PM015")


@pytest.mark.parametrize(("due", "what", "meant"), [
    ("Nov 3, 2026", "has its month in words", "2026-11-03"),
    ("'November 30, 2026'", "has its month in words", "2026-11-30"),
    ("30 Nov 2026", "has its month in words", "2026-11-30"),
    ("30. November 2026", "has its month in words", "2026-11-30"),
    ("3. März 2027", "has its month in words", "2027-03-03"),
    ("30.11.2026", "is a day-first date (DD.MM.YYYY)", "2026-11-30"),
    ("2026-11-30T17:00:00Z", "is a time, where a date goes", "2026-11-30"),
])
def test_a_due_date_written_otherwise_is_given_the_date_to_write(due: str, what: str, meant: str) -> None:
    assert _due(due) == [(10, 10, f"'{due.strip(chr(39))}' {what}, which pmkit does not read: write {meant}",
                          f"Write {meant}, the form pmkit reads (year-month-day).")]


@pytest.mark.parametrize(("due", "what", "meant"), [
    ("Q1 2027", "a quarter", "2027-03-31"),
    ("2026-Q4", "a quarter", "2026-12-31"),
    ("end of Q2 2027", "a quarter", "2027-06-30"),
    ("2026-11", "a month", "2026-11-30"),
    ("November 2026", "a month", "2026-11-30"),
    ("Feb 2028", "a month", "2028-02-29"),
])
def test_a_due_quarter_or_month_is_told_to_name_the_day(due: str, what: str, meant: str) -> None:
    period = what.split()[-1]
    assert _due(due) == [(10, 10, f"'{due}' is {what}, not a day",
                          f"Write the day the item is due, year-month-day: for the end of the {period}, "
                          f"{meant}.")]


@pytest.mark.parametrize(("at", "zone", "meant", "hint"), [
    ("Nov 3, 2026 09:12 UTC", "", "2026-11-03T09:12Z",
     "Write 2026-11-03T09:12Z, the form pmkit reads (year-month-day, then the time)."),
    ("November 3, 2026 9:12 AM", "timezone: Europe/Berlin\n", "2026-11-03T09:12",
     "Write 2026-11-03T09:12, the form pmkit reads (year-month-day, then the time)."),
    ("3. November 2026 14:05", "", "2026-11-03T14:05",
     "Write 2026-11-03T14:05Z if the time is UTC, or 2026-11-03T14:05 with its offset (+02:00); or declare "
     "'timezone:' (Europe/Berlin, say), which gives every time without one its offset."),
])
def test_a_time_with_its_month_in_words_is_given_the_time_to_write(at: str, zone: str, meant: str,
                                                                   hint: str) -> None:
    text = HEAD + zone + f"timeline:\n  - at: {at}\n    event: Alert fired.\n"
    line = 9 if zone else 8
    assert _found(text, "PM015") == [
        (line, 9, f"'{at}' has its month in words, which pmkit does not read: write {meant}", hint)]


@pytest.mark.parametrize(("field", "written", "meant"), [
    # Spelling led 'complete' to 'open' and 'todo' to 'wont-do': the opposite of what was meant.
    ("status", "complete", "done"), ("status", "completed", "done"), ("status", "closed", "done"),
    ("status", "resolved", "done"), ("status", "fixed", "done"), ("status", "todo", "open"),
    ("status", "to do", "open"), ("status", "wip", "in-progress"), ("status", "blocked", "open"),
    ("status", "cancelled", "wont-do"), ("status", "won't fix", "wont-do"), ("status", "erledigt", "done"),
    # 'monitoring' was read as 'mitigate'.
    ("type", "monitoring", "detect"), ("type", "alerting", "detect"), ("type", "fix", "repair"),
    ("type", "documentation", "process"), ("type", "runbook", "process"),
])
def test_an_action_value_in_trackers_words_gets_the_value_meant(field: str, written: str, meant: str) -> None:
    value = f'"{written}"' if "'" in written else written
    text = HEAD + f"action_items:\n  - id: AI1\n    title: Add a canary stage\n    {field}: {value}\n"
    assert [(ln, col, message) for ln, col, message, _ in _found(text, "PM013")] == [
        (10, len(field) + 7, f"'{written}' is not a valid {field} (did you mean '{meant}'?)")]


@pytest.mark.parametrize(("written", "meant"), [("ack", "acknowledged"), ("alert", "detected"),
                                                ("alerted", "detected"), ("ACK", "acknowledged")])
def test_a_milestone_in_responders_words_gets_the_milestone_meant(written: str, meant: str) -> None:
    text = HEAD + f"timeline:\n  - at: 2026-11-03T09:05:00Z\n    milestone: {written}\n    event: Page.\n"
    assert [(ln, col, message) for ln, col, message, _ in _found(text, "PM013")] == [
        (9, 16, f"'{written}' is not a valid milestone (did you mean '{meant}'?)")]


@pytest.mark.parametrize(("key", "milestone"), [
    ("start", "impact_started"), ("started_at", "impact_started"), ("detection", "detected"),
    ("detected_at", "detected"), ("end", "resolved"), ("resolved_at", "resolved"),
    ("mitigated_at", "mitigated"),
])
def test_a_time_of_the_incident_as_its_own_key_is_told_it_is_a_milestone(key: str, milestone: str) -> None:
    # 'detection' was offered 'decisions', and 'start' 'status'.
    found = _found(HEAD + f"{key}: 2026-11-03T09:00:00Z\n", "PM010")
    assert found == [(7, 1, f"unknown key '{key}'",
                      "pmkit reads the incident's times from its timeline: write this one as the entry "
                      f"marked 'milestone: {milestone}', with its 'at: 2026-11-03T09:00:00Z' and what "
                      "happened as its 'event'.")]


@pytest.mark.parametrize(("text", "line", "col"), [
    ("duration: 45m\n", 7, 1), ("impact:\n  description: Checkout failed.\n  duration: 45m\n", 9, 3),
    ("time_to_resolve: 1h\n", 7, 1),
])
def test_a_duration_is_told_it_is_counted_from_the_milestones(text: str, line: int, col: int) -> None:
    # The impact's 'duration' was offered 'description'.
    key = text.strip().split("\n")[-1].split(":")[0].strip()
    assert _found(HEAD + text, "PM010") == [
        (line, col, f"unknown key '{key}'",
         "pmkit counts durations from the timeline's milestones (from 'impact_started' to 'mitigated' "
         "and 'resolved'; 'pmkit stats' shows them): mark those entries, and say the duration in "
         "the summary if readers need it.")]


@pytest.mark.parametrize(("key", "meant"), [("customer_impact", "impact"), ("user_impact", "impact"),
                                            ("trigger", "contributing_factors")])
def test_other_sections_of_incident_templates_get_their_key(key: str, meant: str) -> None:
    found = _found(HEAD + f"{key}: Checkout failed.\n", "PM010")
    assert [(ln, col, message) for ln, col, message, _ in found] == [
        (7, 1, f"unknown key '{key}' (did you mean '{meant}'?)")]


def test_a_detection_written_as_what_happened_is_shown_as_the_entrys_event() -> None:
    found = _found(HEAD + "detection: The 5xx alert fired.\n", "PM010")
    assert found == [(7, 1, "unknown key 'detection'",
                      "pmkit reads the incident's times from its timeline: write this one as the entry "
                      "marked 'milestone: detected', with the time as its 'at' and 'event: The 5xx alert "
                      "fired.'.")]


@pytest.mark.parametrize(("key", "meant"), [
    ("eta", "due"), ("target", "due"), ("kind", "type"), ("category", "type"), ("severity", "priority"),
    ("urgency", "priority"), ("ticket_url", "tracker"), ("assignees", "owner"), ("cause", "addresses"),
    ("factors_addressed", "addresses"),
])
def test_an_action_items_field_in_trackers_words_gets_its_key(key: str, meant: str) -> None:
    # 'kind' was offered 'id'.
    text = HEAD + f"action_items:\n  - id: AI1\n    title: Add a canary stage\n    {key}: x\n"
    assert [(ln, col, message) for ln, col, message, _ in _found(text, "PM010")] == [
        (10, 5, f"unknown key '{key}' (did you mean '{meant}'?)")]


@pytest.mark.parametrize(("key", "meant"), [
    ("type", "milestone"), ("kind", "milestone"), ("phase", "milestone"), ("status", "milestone"),
    ("screenshot", "evidence"), ("graph", "evidence"), ("dashboard", "evidence"),
])
def test_a_timeline_entrys_field_in_other_words_gets_its_key(key: str, meant: str) -> None:
    text = HEAD + f"timeline:\n  - at: 2026-11-03T09:05:00Z\n    event: Alert fired.\n    {key}: x\n"
    assert [(ln, col, message) for ln, col, message, _ in _found(text, "PM010")] == [
        (10, 5, f"unknown key '{key}' (did you mean '{meant}'?)")]


DECIDED = HEAD.replace("SEV3", "SEV2") + """\
decisions:
  - id: D1
    at: 2026-11-03T09:25:00Z
    decision: Roll back to config v41.
    rationale: A rollback was tested and takes 10 minutes.
    tradeoff: Time to recovery over the other changes in v42.
    decided_by: incident commander
    options_considered:
OPTIONS"""


def _decided(options: str) -> list[tuple[str, int, int, str, str]]:
    return [(d.code, d.line, d.col, d.message, d.hint or "")
            for d in check_text(DECIDED.replace("OPTIONS", options), path="pm.yaml")
            if d.code in ("PM012", "PM204", "PM205")]


def test_options_written_as_records_with_pros_and_cons_are_reported_once() -> None:
    # PM204 said 'has an empty options_considered' of the two options written, and the hint told
    # to write 'the option taken' in 'decision' where no option was marked as taken.
    options = ("      - option: Hot-fix the timeout in v42\n        pros: keeps the other changes\n"
               "        cons: needs a review\n      - option: Roll back to v41\n        pros: tested\n")
    assert _decided(options) == [
        ("PM012", 15, 9, "'decisions[0].options_considered[0]' must be text, not a mapping",
         "'options_considered' is a list of texts, not of records: write this item as '- Hot-fix the "
         "timeout in v42'. Its pros and cons go in 'rationale' and 'tradeoff'."),
        ("PM012", 18, 9, "'decisions[0].options_considered[1]' must be text, not a mapping",
         "'options_considered' is a list of texts, not of records: write this item as '- Roll back to "
         "v41'. Its pros and cons go in 'rationale' and 'tradeoff'."),
    ]


def test_one_option_written_as_a_record_does_not_make_the_other_a_single_option() -> None:
    options = "      - Hot-fix the timeout in v42\n      - option: Roll back to v41\n        chosen: true\n"
    assert _decided(options) == [
        ("PM012", 16, 9, "'decisions[0].options_considered[1]' must be text, not a mapping",
         "'options_considered' is a list of texts, not of records: write this item as '- Roll back to "
         "v41'. The option taken is the decision itself: write it in 'decision'.")]


@pytest.mark.parametrize(("text", "code"), [
    ("action_items:\n  - Add a canary stage\n  - '[ ] Alert on 5xx'\n", "PM711"),
    ("contributing_factors:\n  - A config value was missing a default.\n", "PM701"),
])
def test_a_list_of_items_written_as_texts_is_not_called_missing(text: str, code: str) -> None:
    # 'the postmortem has no action items' was said beside PM012 on each item written.
    found = [(d.code, d.line, d.col) for d in check_text(HEAD + text, path="pm.yaml")
             if d.code in (code, "PM012")]
    assert found == [("PM012", 8, 5)] + ([("PM012", 9, 5)] if code == "PM711" else [])


def test_decisions_written_as_texts_are_not_called_missing() -> None:
    text = HEAD.replace("SEV3", "SEV2") + "decisions:\n  - Roll back to config v41.\n"
    found = [(d.code, d.line, d.col) for d in check_text(text, path="pm.yaml")
             if d.code in ("PM201", "PM012")]
    assert found == [("PM012", 8, 5)]


@pytest.mark.parametrize(("written", "hint"), [
    ("~4200", "Write the number: 'users_affected: 4200' (an estimate is welcome; say in impact.description "
              "that it is one)."),
    ("'about 4,200'", "Write the number: 'users_affected: 4200' (an estimate is welcome; say in "
                      "impact.description that it is one)."),
    ("4.2k", "Write the number alone, in digits: 'users_affected: 4200'."),
    ("1.5M", "Write the number alone, in digits: 'users_affected: 1500000'."),
    ("4,200 users", "Write the number alone, in digits: 'users_affected: 4200'."),
    ("4200-5000", "Write one number, the estimate you stand behind (the range's upper end, "
                  "'users_affected: 5000', say), and the range in impact.description."),
    ("12%", "A share is no count: write how many that was ('users_affected: 12000', say), and the share in "
            "impact.description or as a metric (name, value: 12, unit: '%')."),
    ("unknown", "Leave 'users_affected' out while the count is unknown (PM504 asks for it), or write an "
                "estimate as a number, e.g. 'users_affected: 12000'."),
])
def test_a_count_written_in_words_is_given_the_number_to_write(written: str, hint: str) -> None:
    found = _found(HEAD + f"impact:\n  users_affected: {written}\n", "PM012")
    message = f"'users_affected' must be a whole number, not the text '{written.strip(chr(39))}'"
    assert found == [(8, 19, message, hint)]


@pytest.mark.parametrize(("written", "meant"), [("none", "false"), ("partial", "true"), ("unknown", "")])
def test_data_loss_in_words_is_told_the_boolean_to_write(written: str, meant: str) -> None:
    found = _found(HEAD + f"impact:\n  data_loss: {written}\n", "PM012")
    hint = (f"Write true or false: 'data_loss: {meant}' for '{written}'"
            + (", and what was lost in impact.description." if meant == "true" else ".")) if meant else \
        "Write true or false; leave 'data_loss' out while it is not known."
    assert found == [(8, 14, f"'data_loss' must be true or false, not the text '{written}'", hint)]


def test_a_count_in_quotes_is_told_to_drop_them() -> None:
    assert _found(HEAD + "impact:\n  users_affected: '12000'\n", "PM012") == [
        (8, 19, "'users_affected' must be a whole number, not the text '12000'",
         "Write the number without quotes: 'users_affected: 12000'.")]


def test_a_count_too_long_to_be_one_gets_the_plain_hint() -> None:
    # A number past what a float holds, before a scale ('m'), stopped the check with a bug report.
    found = _found(HEAD + "impact:\n  users_affected: " + "9" * 400 + "m\n", "PM012")
    assert [(ln, col, hint) for ln, col, _, hint in found] == [
        (8, 19, "Write the number without quotes or words, e.g. 12000.")]


def test_a_time_past_the_clock_with_its_month_in_words_offers_no_time() -> None:
    text = HEAD + "timeline:\n  - at: Nov 3, 2026 25:00\n    event: Alert fired.\n"
    assert _found(text, "PM015") == [
        (8, 9, "'Nov 3, 2026 25:00' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z",
         "Write the date, the time and its UTC offset, e.g. 2018-10-21T22:52:00Z or "
         "2018-10-21T22:52:00+02:00.")]


def test_a_tradeoff_said_in_the_rationale_is_pointed_at() -> None:
    text = DECIDED.replace("    tradeoff: Time to recovery over the other changes in v42.\n", "").replace(
        "rationale: A rollback was tested and takes 10 minutes.",
        "rationale: We prioritised time to recovery over keeping v42's other changes; a rollback is tested.")
    text = text.replace("OPTIONS", "      - a\n      - b\n")
    found = [(d.line, d.col, d.message, d.hint) for d in check_text(text, path="pm.yaml")
             if d.code == "PM206"]
    assert found == [(8, 5, "decision D1 of a SEV2 incident states no trade-off",
                      "The rationale names it ('time to recovery over keeping v42's other changes'): write "
                      "it as 'tradeoff: Time to recovery over keeping v42's other changes', what was given "
                      "up for what.")]


@pytest.mark.parametrize("rationale", [
    "We chose to fail over to the standby region, which was healthy.",
    "We preferred the runbook's path; load stayed over 80% all along.",
    "The team chose the rollback as the cutover over DNS was untested.",
])
def test_a_rationale_without_a_tradeoff_keeps_the_plain_hint(rationale: str) -> None:
    text = DECIDED.replace("    tradeoff: Time to recovery over the other changes in v42.\n", "").replace(
        "rationale: A rollback was tested and takes 10 minutes.", f"rationale: {rationale}")
    found = [d.hint for d in check_text(text.replace("OPTIONS", "      - a\n      - b\n"), path="pm.yaml")
             if d.code == "PM206"]
    assert found == ["Add 'tradeoff:': what was given up for what (e.g. 'data integrity over time to "
                     "recovery')."]
