"""The rules added last (PM025, PM116, PM418, PM419) where a user meets them: the report in
each format, settings, suppressions, baselines and the Python API. Each test ends in the
finding, position, message or exit code a user relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import FIXTURES
from pmkit.cli import main

#: PM025: the event is cut at '#4521'.
CUT = """\
pmkit: 1
id: 2026-02-03-cache
title: Checkout errors after a cache change
status: draft
lang: en
severity: SEV3
owner: checkout lead
timeline:
  - {at: 2026-02-03T10:00:00Z, milestone: impact_started, actor: cache, event: Checkout errors began.}
  - {at: 2026-02-03T10:05:00Z, milestone: detected, actor: monitoring, event: Error-rate alert.}
  - at: 2026-02-03T10:40:00Z
    milestone: mitigated
    actor: SRE
    event: Rolled back PR #4521 and the errors stopped.
  - {at: 2026-02-03T11:00:00Z, milestone: resolved, actor: SRE, event: Error rates back to baseline.}
"""

#: PM418 and PM419 (and PM403, PM408): a stale late_reason, an incident found no breach.
STALE = (FIXTURES / "disclosure" / "bad" / "not-a-breach-stale-reason.yaml").read_text(encoding="utf-8")

NOW = "2026-11-25T12:00:00Z"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "cut.yaml").write_text(CUT, encoding="utf-8")
    (tmp_path / "postmortems" / "stale.yaml").write_text(STALE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- baseline: a finding whose message names a list entry ------------------------------------


def test_a_baseline_keeps_pm025_and_pm418_out_after_an_entry_is_inserted_above(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The messages name the entry by its position ('timeline[2].event', 'notifications[0]'):
    # after a timeline entry or a notification was added above, the accepted findings came
    # back as new, while the baseline promises that positions in lists play no part.
    args = ["check", "--now", NOW, "--select", "PM025,PM418"]
    assert main([*args, "--write-baseline", ".pmkit-baseline.json", "postmortems"]) == 0
    found = json.loads((repo / ".pmkit-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["code"], f["field"]) for f in found] == [
        ("PM025", "timeline[2].event"), ("PM418", "disclosure.notifications[0].late_reason")]
    capsys.readouterr()
    cut = repo / "postmortems" / "cut.yaml"
    cut.write_text(CUT.replace("timeline:\n", "timeline:\n  - {at: 2026-02-03T09:58:00Z, actor: deploy "
                                              "pipeline, event: Cache change deployed.}\n"), encoding="utf-8")
    stale = repo / "postmortems" / "stale.yaml"
    stale.write_text(STALE.replace("  notifications:\n", "  notifications:\n    - {audience: customers, "
                                   "sent_at: 2026-03-27T15:00:00, channel: status-page}\n"), encoding="utf-8")
    assert main([*args, "--format", "json", "postmortems"]) == 0
    moved = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["line"], d["field"]) for d in moved] == [
        ("PM025", 15, "timeline[3].event"), ("PM418", 25, "disclosure.notifications[1].late_reason")]
    assert main([*args, "--baseline", ".pmkit-baseline.json", "postmortems"]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == "pmkit: 2 known findings left out (baseline .pmkit-baseline.json)\n"


def test_a_baseline_message_is_matched_without_list_positions() -> None:
    from pmkit.baseline import normalise_message

    assert normalise_message("'timeline[12].event' ends at 'Rolled back PR' (line 14)") == \
        "'timeline[].event' ends at 'Rolled back PR' (line N)"
    assert normalise_message("notifications[0] gives a late_reason") == "notifications[] gives a late_reason"


def test_a_sarif_fingerprint_of_pm025_stays_when_an_entry_is_inserted_above(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Code scanning matches alerts across runs by partialFingerprints: the alert was closed
    # and a new one opened for the same cut text when a timeline entry was added above it.
    args = ["check", "--now", NOW, "--select", "PM025", "--format", "sarif", "postmortems/cut.yaml"]

    def fingerprints() -> list[tuple[str, int, str]]:
        main(args)
        results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                 r["partialFingerprints"]["pmkitFinding/v1"]) for r in results]

    [(code, line, before)] = fingerprints()
    assert (code, line) == ("PM025", 14)
    deployed = "  - {at: 2026-02-03T09:58:00Z, actor: deploy pipeline, event: Deployed.}\n"
    (repo / "postmortems" / "cut.yaml").write_text(CUT.replace("timeline:\n", "timeline:\n" + deployed),
                                                   encoding="utf-8")
    assert fingerprints() == [("PM025", 15, before)]


# --- PM025 in the text fields outside the narrative --------------------------------------------


@pytest.mark.parametrize(("old", "new", "where", "kept", "comment"), [
    ("      late_reason: The CSIRT portal was down until 28 March.",
     "      late_reason: The CSIRT portal was down (ticket #4521), so we waited.",
     (24, 54), "The CSIRT portal was down (ticket", "#4521), so we waited."),
    ("      sent_at: 2026-03-27T20:00:00\n",
     "      sent_at: 2026-03-27T20:00:00\n      channel: Slack #csirt-liaison\n",
     (24, 22), "Slack", "#csirt-liaison"),
])
def test_a_notification_text_cut_by_a_comment_is_reported(
        old: str, new: str, where: tuple[int, int], kept: str, comment: str) -> None:
    # The reason for a late notice is what the regulator is told; 'ticket #4521), so we waited'
    # was silently dropped from it, and 'Slack #csirt-liaison' recorded as 'Slack'.
    from helpers import run

    assert old in STALE
    found = run(STALE.replace(old, new), select=["PM025"])
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [
        ("PM025", *where, where[1] + len(comment))]
    assert found[0].message.startswith("'disclosure.notifications[0].")
    assert f"ends at '{kept}': YAML reads '{comment}' after it as a comment" in found[0].message


def test_a_decided_by_cut_by_a_comment_is_reported() -> None:
    from helpers import run

    text = CUT + ("decisions:\n  - id: D1\n    decision: Roll back.\n"
                  "    decided_by: incident commander in #inc-7\n")
    found = run(text, select=["PM025"])
    assert [(d.code, d.line, d.col) for d in found][-1] == ("PM025", 19, 39)
    assert found[-1].message.startswith("'decisions[0].decided_by' ends at 'incident commander in'")


@pytest.mark.parametrize("field", ["actor", "owner"])
def test_an_actor_or_owner_cut_by_a_comment_is_reported(field: str) -> None:
    from helpers import run

    text = CUT.replace("    actor: SRE\n", "    actor: SRE in #inc-payments\n")
    if field == "owner":
        text = CUT.replace("owner: checkout lead\n", "owner: checkout lead in #inc-payments\n")
    found = run(text, select=["PM025"])
    assert [(d.code, d.message.split(":")[0]) for d in found] == [
        ("PM025", "'timeline[2].actor' ends at 'SRE in'" if field == "actor" else
         "'owner' ends at 'checkout lead in'"), ("PM025", "'timeline[2].event' ends at 'Rolled back PR'")]


# --- a suppression above a list entry covers the entry ---------------------------------------

RELAPSE = (FIXTURES / "timeline" / "bad" / "impact-came-back.yaml").read_text(encoding="utf-8")
_LAST = RELAPSE.splitlines(keepends=True)[-1]


@pytest.mark.parametrize("entry", [
    "  - at: 2026-03-02T11:20:00Z\n    actor: monitoring\n    evidence: [\"https://alerts.example.com/4712\"]\n"
    "    event: The p99 latency alert fired again; reads timed out.\n",
    "  - {at: 2026-03-02T11:20:00Z, actor: monitoring, evidence: [\"https://alerts.example.com/4712\"],\n"
    "     event: The p99 latency alert fired again; reads timed out.}\n",
])
def test_a_suppression_above_a_timeline_entry_covers_its_pm116_finding(entry: str) -> None:
    # Written above the entry it excuses, the comment covered only the entry's first line:
    # PM116 stayed, at the event's line, and PM901 called the comment unused.
    from helpers import run

    assert _LAST.startswith("  - {at: 2026-03-02T11:20:00Z")
    bare = RELAPSE.replace(_LAST, entry)
    assert [d.code for d in run(bare, select=["PM1", "PM9"])] == ["PM116"]
    text = RELAPSE.replace(_LAST, "  # pmkit: ignore[PM116] a second incident, with a postmortem of its own\n"
                           + entry)
    assert run(text, select=["PM1", "PM9"]) == []


def test_a_suppression_above_a_notification_covers_its_pm418_finding() -> None:
    from helpers import run

    old = "    - audience: regulator\n      regime: nis2\n"
    assert old in STALE
    text = STALE.replace(old, "    # pmkit: ignore[late-reason-on-time] slow within the 24 hours\n" + old)
    assert [d.code for d in run(text, select=["PM418", "PM9"])] == []
    # A comment above one entry covers that entry only: the next one's finding stays.
    customers = "    - {audience: customers,"
    text = STALE.replace(customers, "    # pmkit: ignore[PM418]\n" + customers)
    assert [(d.code, d.line) for d in run(text, select=["PM418", "PM9"])] == [("PM418", 24), ("PM901", 25)]


# --- PM004 in a baseline ----------------------------------------------------------------------


def test_a_baseline_keeps_pm004_out_after_a_line_is_added_above_the_byte(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The message names the byte's offset in the file ('byte 0xe4 at offset 2337'): a line
    # added above it, by an editor that reads the file as Windows-1252, brought it back as new.
    path = repo / "postmortems" / "cut.yaml"
    path.write_bytes(CUT.replace("Error rates back", "Fehlerquote zurück, back").encode("cp1252"))
    args = ["check", "--now", NOW, "--select", "PM0", "postmortems/cut.yaml"]
    assert main([*args, "--write-baseline", ".pmkit-baseline.json"]) == 0
    capsys.readouterr()
    path.write_bytes(path.read_bytes().replace(b"timeline:\n", b"summary: Checkout failed.\ntimeline:\n"))
    assert main([*args, "--format", "json"]) == 1
    [found] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert found["code"] == "PM004" and found["line"] == 16
    assert main([*args, "--baseline", ".pmkit-baseline.json"]) == 0
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "pmkit: 1 known finding left out (baseline .pmkit-baseline.json)\n")


# --- a baseline holds findings whose message counts from now ---------------------------------


def test_a_baseline_keeps_a_missed_clock_and_an_overdue_item_out_the_next_day(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'it was due ..., 240 days 4 h ago' (PM403) and 'is 328 days overdue' (PM714) change with
    # every run: recorded today, they came back as new findings tomorrow, or an hour later.
    (repo / "postmortems" / "cut.yaml").write_text(CUT + (
        "action_items:\n  - {id: AI1, title: Add a cache warm-up check to the deploy, type: prevent, "
        "priority: P2, owner: checkout lead, due: 2026-01-01, status: open}\n"), encoding="utf-8")
    args = ["check", "--select", "PM403,PM714,PM401", "postmortems"]
    assert main([*args, "--now", NOW, "--write-baseline", ".pmkit-baseline.json"]) == 0
    found = json.loads((repo / ".pmkit-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [f["code"] for f in found] == ["PM714", "PM403"]
    capsys.readouterr()
    assert main([*args, "--now", "2026-11-26T13:00:00Z", "--format", "json"]) == 1
    later = json.loads(capsys.readouterr().out)["diagnostics"]
    assert ["241 days 5 h ago" in d["message"] or "329 days overdue" in d["message"] for d in later] == [
        True, True]
    assert main([*args, "--now", "2026-11-26T13:00:00Z", "--baseline", ".pmkit-baseline.json"]) == 0
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "pmkit: 2 known findings left out (baseline .pmkit-baseline.json)\n")


def test_a_baseline_message_is_matched_without_what_counts_from_now() -> None:
    from pmkit.baseline import normalise_message

    assert normalise_message("it was due 2026-03-30 10:00 CEST, 240 days 4 h ago [NIS2]") == \
        normalise_message("it was due 2026-03-30 10:00 CEST, 3 h 12 min ago [NIS2]")
    assert normalise_message("action item AI1 is 1 day overdue (due 2026-01-01, status open)") == \
        normalise_message("action item AI1 is 328 days overdue (due 2026-01-01, status open)")
    assert normalise_message("2027-01-01 09:00 UTC is in the future (now is 2026-11-25 12:00 UTC)") == \
        normalise_message("2027-01-01 09:00 UTC is in the future (now is 2026-12-01 08:00 UTC)")


def test_a_sarif_fingerprint_of_a_missed_clock_stays_the_next_day(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The alert of a missed NIS2 notification was closed and opened again as a new one on
    # every run: its message says how long ago the deadline passed.
    def results(now: str) -> list[tuple[str, str]]:
        main(["check", "--now", now, "--select", "PM403", "--format", "sarif", "postmortems/stale.yaml"])
        found = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        return [(r["message"]["text"].split(" [")[0][-16:], r["partialFingerprints"]["pmkitFinding/v1"])
                for r in found]

    [(ago, today)] = results(NOW)
    [(later, tomorrow)] = results("2026-11-26T13:00:00Z")
    assert (ago, later) == ("240 days 4 h ago", "241 days 5 h ago")
    assert today == tomorrow
