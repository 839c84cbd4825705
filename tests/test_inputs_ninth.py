"""Inputs of the ninth round: Markdown sections that start with code, and more of what teams
paste into postmortems. Each test ends in what a user relies on: a finding's code and place,
or the rendered page."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, run, unplaced, where

_MARKDOWN = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
_IMPACT = "## Impact\n\n"


def _impact_starting_with(block: str) -> str:
    assert _IMPACT in _MARKDOWN
    return _MARKDOWN.replace(_IMPACT, _IMPACT + block + "\n", 1)


def _line(text: str, part: str) -> int:
    return text[:text.index(part)].count("\n") + 1


def test_a_section_that_starts_with_a_pasted_log_has_no_prose_findings_in_it() -> None:
    # A log indented four columns right under the heading is an indented code block, as on
    # GitHub; its first line was read as the author's words (PM301 at "human error"), while
    # its second line was already code.
    log = ("    ERROR checkout: rollback reason=human error\n"
           "    WARN retry: operator should have confirmed\n")
    text = _impact_starting_with(log)
    assert where(run(text, path="pm.md", select=["PM3"])) == []
    # Prose after the block is still read.
    prose = _impact_starting_with(log + "\nThe cause was human error.\n")
    line = _line(prose, "The cause was human error.")
    assert where(run(prose, path="pm.md", select=["PM301"])) == [("PM301", line, 15)]


def test_a_one_line_value_that_starts_with_blanks_is_still_prose() -> None:
    # YAML keeps the blanks of a quoted value: one line of text, not a code block.
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    old = "title: "
    start = text.index(old)
    end = text.index("\n", start)
    changed = text[:start] + 'title: "    Outage caused by human error"' + text[end:]
    line = changed[:start].count("\n") + 1
    assert where(run(changed, select=["PM301"])) == [("PM301", line, 30)]


# --- a postmortem given as text, without a file name ------------------------------------------

_YAML = GOOD_EXAMPLE.read_text(encoding="utf-8")


def test_loads_and_check_text_read_a_markdown_postmortem_without_being_told() -> None:
    # pmkit.loads(text) read every text as YAML: a Markdown postmortem read from a file or a
    # request was PM001 "a second YAML document", with a hint to rename '<string>' to
    # '<string>.md'; check_text(text) reported the same single PM001.
    import pmkit

    assert pmkit.loads(_MARKDOWN).id == "2023-06-05-cache-stampede"
    assert pmkit.loads(_YAML).id == GOOD_EXAMPLE.stem
    assert [d.code for d in pmkit.check_text(_MARKDOWN, now="2026-12-03")] == []
    assert [d.code for d in pmkit.check_text(_MARKDOWN, "draft", now="2026-12-03")] == []
    # A file name still decides: a Markdown text named .yaml is read as YAML, and told so.
    named = pmkit.check_text(_MARKDOWN, "pm.yaml")
    assert [d.code for d in named] == ["PM001"]
    assert named[0].hint.startswith("Name the file 'pm.md'")


def test_a_text_read_in_the_wrong_format_on_request_says_how_to_read_it_otherwise() -> None:
    import pmkit

    with pytest.raises(pmkit.LoadError) as raised:
        pmkit.loads(_MARKDOWN, markdown=False)
    hint = raised.value.diagnostics[0].hint
    assert hint.startswith("Leave out markdown=False (the text tells its format) or pass markdown=True "
                           "to pmkit.loads; give pmkit.check_text a name ending in '.md'")
    assert "<string>" not in hint
    with pytest.raises(pmkit.LoadError) as raised:
        pmkit.loads(_YAML, markdown=True)
    assert raised.value.diagnostics[0].hint.startswith("Leave out markdown=True")


# --- messages that said the wrong thing ---------------------------------------------------------

_T2 = """\
pmkit: 1
id: 2026-11-30-payments-latency
title: Payment authorisations slow for EU cards
status: draft
lang: en
severity: SEV3
timezone: Europe/Amsterdam
services: payments-api, card-auth
impact:
  customers_affected: 3200
timeline:
  - at: 2026-11-30 09:14
    milestone: impact_started
    actor: card-auth
    event: p99 authorisation latency rose above 5 s.
    evidence: https://alerts.example.com/a/7781
"""


def test_one_value_where_a_list_goes_is_shown_in_brackets() -> None:
    # "'evidence' must be a list, not the text '...'" came without a hint; a comma-separated
    # text ("payments-api, card-auth") is what the author meant as the list's items.
    found = run(_T2, select=["PM012"])
    assert [(d.line, d.col, d.field) for d in found] == [(8, 11, "services"),
                                                         (16, 15, "timeline[0].evidence")]
    assert found[0].hint == ("Write it as a list, in brackets (services: [payments-api, card-auth]) or with "
                             "each item on its own line under the key, starting with '- '.")
    assert found[1].hint.startswith("Write it as a list, in brackets "
                                    "(evidence: [https://alerts.example.com/a/7781]) or")
    # The suggested text is a list that the schema takes.
    fixed = (_T2.replace("services: payments-api, card-auth", "services: [payments-api, card-auth]")
             .replace("evidence: https://alerts.example.com/a/7781", "evidence: [https://alerts.example.com/a/7781]"))
    assert run(fixed, select=["PM0"]) == []


def test_a_value_with_yaml_syntax_is_quoted_in_the_suggested_list() -> None:
    found = run(_T2.replace("services: payments-api, card-auth", "services: '#payments: api'"),
                select=["PM012"])
    assert found[0].hint.startswith('Write it as a list, in brackets (services: ["#payments: api"]) or')


def test_pm405_names_what_the_file_records_and_joins_the_audiences_with_or() -> None:
    # "users were affected (impact.customers_affected is 3,200) but no notification to
    # customers, data-subjects, public is recorded"
    [found] = run(_T2, select=["PM405"])
    assert found.message == ("customers were affected (impact.customers_affected is 3,200) but no "
                             "notification to customers, data-subjects or public is recorded in "
                             "disclosure.notifications")
    lost = _T2.replace("  customers_affected: 3200\n", "  data_loss: true\n")
    [found] = run(lost, select=["PM405"])
    assert found.message.startswith("data was lost (impact.data_loss is true) but no notification to")


def test_pm405_with_no_audiences_asks_for_no_notification() -> None:
    # audiences = [] said "no notification to  is recorded" for every file with impact.
    assert run(_T2, select=["PM405"], config={"rules": {"PM405": {"audiences": []}}}) == []
    [found] = run(_T2, select=["PM405"], config={"rules": {"PM405": {"audiences": ["public"]}}})
    assert "no notification to public is recorded" in found.message


_SHAPES = """\
pmkit: 1
id: 2026-11-30-x
title: Login failures
status: draft
lang: en
severity: SEV3
impact: About 300 users could not log in.
disclosure:
  personal_data_breach: yes
timeline:
  - at: 2026-11-30T09:14Z
    milestone: impact_started
    actor: [auth-api, login-web]
    event: Logins started failing.
decisions: D1
contributing_factors:
  CF1: The pool size was halved.
action_items:
  - AI1 Load test pool sizes
"""


def test_values_of_the_wrong_shape_are_told_the_shape_that_fits() -> None:
    # Each of these was "must be ..., not ..." with no hint; "decisions: D1" must not be told
    # "[D1]" (decisions are records, not ids).
    found = {d.field: (d.line, d.col, d.hint) for d in run(_SHAPES, select=["PM012"])}
    assert found["impact"] == (7, 9, "Write the text as its description, on a line 'description: ...' "
                               "indented under 'impact:', with its other fields (users_affected, "
                               "customers_affected, data_loss, metrics) beside it.")
    assert found["disclosure.personal_data_breach"] == (
        9, 25, "Write true or false: 'yes' is text in YAML 1.2, which pmkit reads (YAML 1.1 took yes, no, "
        "on and off as booleans).")
    assert found["timeline[0].actor"][2] == ("Write one text, e.g. 'auth-api and login-web'; brackets that "
                                             "belong to the text go inside quotes.")
    assert found["decisions"][2].startswith("Write each item as a mapping of fields (id, at, decision, ")
    assert "[D1]" not in found["decisions"][2]
    assert found["contributing_factors"] == (
        17, 3, "Write each entry as an item of the list, its id and its text as fields: '- id: CF1' on its "
               "own line under 'contributing_factors:', and 'description: The pool size was halved.' "
               "indented beside 'id:'.")
    assert found["action_items[0]"][2].startswith("Write it as a mapping of fields (id, title, ")
    assert found["action_items[0]"][2].endswith("one 'name: value' per line after '- '.")


def test_pm201_counts_decisions_in_words_that_agree() -> None:
    # "its timeline shows 1 decision(s) (line 26)"
    text = (GOOD_EXAMPLE.parent / "2025-02-14-login-outage.yaml").read_text(encoding="utf-8")
    [found] = run(text, select=["PM201"])
    assert found.message == ("SEV2 postmortem has no decision records, but its timeline shows 1 decision "
                             "(line 26)")


def test_pm203_counts_words_in_words_that_agree() -> None:
    # "(1 word(s) of its own)"
    text = _T2 + """\
decisions:
  - id: D1
    at: 2026-11-30 09:40
    decision: Roll back card-auth to 4.11.
    rationale: Roll back card-auth to 4.11 quickly.
"""
    [found] = run(text, select=["PM203"])
    assert found.message == "rationale of decision D1 only restates the decision (1 word of its own)"
    [found] = run(text.replace("4.11 quickly.", "4.11."), select=["PM203"])
    assert found.message.endswith("(0 words of its own)")


def test_history_counts_edited_corrections_in_words_that_agree(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "! 1 earlier correction(s) edited or removed"
    from history_git import PM, PUBLISHED, GitRepo

    from pmkit.cli import main

    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("corrections: []\n", "corrections:\n  - {at: 2026-03-07, description: "
                                     "'The final count is 15,000 users.'}\n"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    repo.edit(PM, "The final count is 15,000 users.", "The final count is 15,200 users.")
    repo.commit("Reword the correction", date="2026-03-08T09:00:00Z")
    monkeypatch.chdir(repo.root)
    assert main(["history", PM]) == 0
    assert "    ! 1 earlier correction edited or removed" in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(("name", "table", "expected"), [
    ("pyproject.toml", "[tool.pmkit.rules.PM301]\nenabled = false\n",
     'rules.PM301: PM301 has no option \'enabled\' (to turn PM301 off, add "PM301" to ignore, a setting of '
     "[tool.pmkit] itself)"),
    (".pmkit.toml", "[rules.PM301]\nenabled = false\n",
     'rules.PM301: PM301 has no option \'enabled\' (to turn PM301 off, add "PM301" to ignore, a setting at '
     "the top of the file)"),
    ("pyproject.toml", '[tool.pmkit.rules.PM405]\nseverity = "info"\n',
     "rules.PM405: PM405 has no option 'severity' (to change its severity, write PM405 = \"warning\" in "
     "[tool.pmkit.severity])"),
])
def test_turning_a_rule_off_in_its_own_table_says_where_that_setting_goes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, table: str, expected: str) -> None:
    # Before: "PM301 has no option 'enabled' (it takes none; settings of the blameless phrasing
    # rules as a whole go in [tool.pmkit.prose])", which sent the reader to the wrong table.
    from pmkit.cli import main

    (tmp_path / name).write_text(table, encoding="utf-8")
    (tmp_path / "pm.yaml").write_text(_T2, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "pm.yaml"]) == 2
    assert unplaced(capsys.readouterr().err) == f"pmkit: configuration error: {tmp_path / name}: {expected}\n"


# --- suppressions at the end of a line that opens a field or a section --------------------------

_BLOCK = _T2 + """\
summary: |  # pmkit: ignore[PM301] the customer's words
  The customer wrote that 2.1% of authorisations timed out
  because of human error on our side.
"""


def test_a_suppression_at_the_end_of_a_key_line_covers_the_value_below_it() -> None:
    # It covered only the 'summary: |' line: the finding on the block's second line stayed,
    # and PM901 called the comment unused.
    assert run(_BLOCK, select=["PM301", "PM9"]) == []
    # With nothing to silence, it is unused over the lines it covers.
    quiet = _BLOCK.replace("human error on our side", "a timeout on our side")
    [unused] = run(quiet, select=["PM301", "PM9"])
    assert (unused.code, unused.line, unused.message) == ("PM901", 17, "unused suppression: no PM301 "
                                                          "finding on lines 17-19")


def test_a_suppression_at_the_end_of_a_line_with_its_value_covers_that_line_only() -> None:
    text = _BLOCK.replace("summary: |  # pmkit: ignore[PM301] the customer's words\n", "summary: |\n")
    text = text.replace("    event: p99 authorisation latency rose above 5 s.\n",
                        "    event: p99 rose, said to be human error.  # pmkit: ignore[PM301] quoted\n")
    assert where(run(text, select=["PM301", "PM9"])) == [("PM301", 19, 14)]


def test_a_suppression_at_the_end_of_a_heading_covers_its_section() -> None:
    text = _MARKDOWN.replace("## Impact\n", "## Impact <!-- pmkit: ignore[PM301] a customer's words -->\n", 1)
    text = text.replace("About 41,000 shoppers saw", "A customer called it human error. About 41,000 saw")
    assert run(text, path="pm.md", select=["PM301", "PM9"]) == []


@pytest.mark.parametrize(("zone", "at", "hint"), [
    ("Europe/Berlin", "2026-03-29T02:30", "2026-03-29T02:30+01:00 (03:30 after the change) or "
                                          "2026-03-29T02:30+02:00 (01:30 before it)."),
    ("America/New_York", "2026-03-08T02:30", "2026-03-08T02:30-05:00 (03:30 after the change) or "
                                             "2026-03-08T02:30-04:00 (01:30 before it)."),
    ("Australia/Lord_Howe", "2026-10-04T02:10", "2026-10-04T02:10+10:30 (02:40 after the change) or "
                                                "2026-10-04T02:10+11:00 (01:40 before it)."),
])
def test_a_time_the_clocks_skipped_is_told_the_two_times_it_can_be(zone: str, at: str, hint: str) -> None:
    # The hint was the generic "e.g. 2018-10-21T22:52:00Z or 2018-10-21T22:52:00+02:00".
    text = _T2.replace("timezone: Europe/Amsterdam", f"timezone: {zone}").replace("2026-11-30 09:14", at)
    [found] = run(text, select=["PM015"])
    assert (found.line, found.col) == (12, 9)
    assert found.message.startswith(f"'{at}' does not exist in {zone}: the clocks skipped ")
    assert found.hint == f"Write the time with the offset it was read in: {hint}"
    # Each reading is a time the schema takes.
    for reading in hint.split(" or "):
        written = reading.split(" ")[0]
        assert run(text.replace(at, written), select=["PM015"]) == []


def test_an_extension_key_that_holds_anchors_is_told_where_anchors_go() -> None:
    # Compose and OpenAPI files keep shared values under 'x-...' keys; pmkit's format has none,
    # and PM010 listed the allowed keys only.
    text = _T2.replace("impact:\n", "x-common: &ev\n  evidence: [https://grafana.example.com/d/pay]\nimpact:\n")
    [found] = run(text, select=["PM010"])
    assert (found.line, found.col, found.message) == (9, 1, "unknown key 'x-common'")
    assert found.hint == ("The format has no extension keys: to write a value once, put its anchor where it "
                          "is first used (actor: &lead payments lead) and refer to it later (actor: *lead).")
    # Other unknown keys keep the list of allowed keys.
    [other] = run(_T2.replace("impact:\n", "review_notes: pool size\nimpact:\n"), select=["PM010"])
    assert other.hint.startswith("Allowed keys here: pmkit, id, title")


_UNZONED = "Write {0}Z if the time is UTC, or {0} with its offset (+02:00); or declare 'timezone:' " \
           "(Europe/Berlin, say), which gives every time without one its offset."


@pytest.mark.parametrize(("at", "message", "meant"), [
    ("11/30/2026 9:14 AM", "is a date with slashes, month first", "2026-11-30T09:14"),
    ("30/11/2026 14:05", "is a date with slashes, day first", "2026-11-30T14:05"),
    ("04/04/2026 12:05 AM", "is a date with slashes", "2026-04-04T00:05"),
    ("2026-11-30 9:14 PM", "has a time on a 12-hour clock", "2026-11-30T21:14"),
    ("2026-11-30 12:30 p.m.", "has a time on a 12-hour clock", "2026-11-30T12:30"),
])
def test_a_us_or_uk_date_or_a_12_hour_clock_is_told_the_time_to_write(at: str, message: str,
                                                                         meant: str) -> None:
    # Each was "'...' is not an ISO 8601 timestamp such as 2018-10-21T22:52:00Z".
    [found] = run(_T2.replace("2026-11-30 09:14", at), select=["PM015"])
    assert found.message == f"'{at}' {message}, which pmkit does not read: write {meant}"
    assert found.hint == f"Write {meant}, the form pmkit reads (year-month-day, then the time)."
    # Without a timezone in the document, the time to write needs its offset, and the hint says so.
    [found] = run(_T2.replace("timezone: Europe/Amsterdam\n", "").replace("2026-11-30 09:14", at),
                  select=["PM015"])
    assert found.hint == _UNZONED.format(meant)


def test_a_date_with_slashes_that_reads_both_ways_names_both() -> None:
    [found] = run(_T2.replace("2026-11-30 09:14", "03/04/2026 9:05 PM"), select=["PM015"])
    assert found.message == ("'03/04/2026 9:05 PM' is a date with slashes, which pmkit does not read, and "
                             "its day and month could be either way round: write 2026-04-03T21:05 (day "
                             "first) or 2026-03-04T21:05 (month first)")
    assert found.hint.startswith("Write the one the source meant, year first")


def test_a_day_first_date_in_a_document_without_a_timezone_is_told_it_needs_an_offset() -> None:
    text = _T2.replace("timezone: Europe/Amsterdam\n", "").replace("2026-11-30 09:14", "30.11.2026 09:14")
    [found] = run(text, select=["PM015", "PM014"])
    assert found.code == "PM015" and found.hint == _UNZONED.format("2026-11-30T09:14")


def test_a_file_that_cannot_be_read_is_reported_whatever_the_selection(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'pmkit check --select PM301 broken.yaml' exited 0 without a word: no selected rule could
    # look at the file, and the hook or CI job passed it.
    from pmkit.cli import main

    broken = tmp_path / "broken.yaml"
    broken.write_text(_T2.replace("title: Payment", 'title: "Payment'), encoding="utf-8")
    assert main(["check", "--select", "PM301", "--no-hints", str(broken)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{broken}:3:8: PM001 YAML syntax error: ")
    # Ignored by name, it is not shown.
    assert main(["check", "--select", "PM301", "--ignore", "PM001", str(broken)]) == 0
    # A file that parses but breaks the schema keeps to the selection, as before.
    schema_only = tmp_path / "schema.yaml"
    schema_only.write_text(_T2, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--select", "PM301", str(schema_only)]) == 0
