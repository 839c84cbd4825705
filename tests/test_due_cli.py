"""``pmkit due``: open clocks across a repository, most urgent first, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main

SEC = """\
pmkit: 1
id: sec
title: Ransomware at a listed company
status: draft
lang: en
severity: SEV1
disclosure:
  regimes: [sec-8k]
  materiality_determined_at: 2025-06-17T10:00:00-04:00
"""

NIS2 = """\
pmkit: 1
id: nis2
title: Payment outage
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [nis2]
  aware_at: 2025-06-20T09:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2025-06-20T15:00:00}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "sec.yaml").write_text(SEC, encoding="utf-8")
    (folder / "nis2.yaml").write_text(NIS2, encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text('[disclosure]\npolicy = ""\n', encoding="utf-8")
    return tmp_path


def test_due_json_sorted_by_urgency(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # At Mon 2025-06-23 06:00 UTC:
    # - nis2 notification: 72 h after Fri 20 June 09:00 CEST = Mon 23 June 09:00 CEST (07:00 UTC),
    #   1 h left;
    # - sec-8k: 4 business days after Tue 17 June over Juneteenth = Tue 24 June 17:30 EDT
    #   (21:30 UTC), 1 day 15 h 30 min left;
    # - nis2 early warning was sent (not open); the final report waits for the notification.
    code = main(["due", str(repo / "postmortems"), "--format", "json", "--now", "2025-06-23T06:00:00Z"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["version"] == 1 and out["now"] == "2025-06-23T06:00:00+00:00"
    rows = [(r["id"], r["regime"], r["stage"], r["state"], r["deadline"], r["deadline_utc"],
             r["seconds_left"]) for r in out["clocks"]]
    assert rows == [
        ("nis2", "nis2", "notification", "open", "2025-06-23T09:00+02:00", "2025-06-23T07:00+00:00", 3600),
        # The SEC document declares no timezone: its deadline is shown in the anchor's offset.
        ("sec", "sec-8k", "form-8k", "open", "2025-06-24T17:30-04:00", "2025-06-24T21:30+00:00",
         39 * 3600 + 30 * 60),
    ]
    first = out["clocks"][0]
    assert first["audience"] == "regulator"
    assert first["citation"].startswith("NIS2 Art. 23(4)(b)")
    assert first["rule"] == "72 h after aware_at"


def test_due_text_overdue_first(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["due", str(repo / "postmortems"), "--now", "2025-06-24T22:00:00Z"])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "nis2.yaml: nis2 notification [regulator]: OVERDUE by 1 day 15 h; due 2025-06-23 09:00 CEST "
        "(2025-06-23 07:00 UTC); 72 h after aware_at [NIS2 Art. 23(4)(b): incident notification "
        "within 72 hours of becoming aware]")
    assert "sec.yaml: sec-8k form-8k [investors]: OVERDUE by 30 min; due 2025-06-24 17:30 EDT " \
           "(2025-06-24 21:30 UTC); 4 business days after materiality_determined_at" in lines[1]


def test_due_all_lists_met_and_waiting(repo: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NOW", "2025-06-23T06:00:00Z")
    assert main(["due", str(repo / "postmortems"), "--all", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["clocks"]
    states = [(r["id"], r["stage"], r["state"]) for r in rows]
    assert states == [
        ("nis2", "notification", "open"),
        ("sec", "form-8k", "open"),
        ("nis2", "final-report", "waiting"),
        ("nis2", "early-warning", "met"),
    ]
    assert rows[3]["done_at"] == "2025-06-20T15:00+02:00"


def test_due_nothing_open(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", str(GOOD_EXAMPLE), "--now", "2026-11-25T00:00:00Z"]) == 0
    assert capsys.readouterr().out == "no open disclosure clocks (use --all to list met ones)\n"


def test_due_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", str(repo / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (repo / ".pmkit.toml").write_text('[calendar]\ncountry = "XX"\n', encoding="utf-8")
    assert main(["due", str(repo / "postmortems")]) == 2
    assert "configuration error" in capsys.readouterr().err
    assert main(["due", str(repo / "postmortems"), "--now", "yesterday"]) == 2


def test_due_skips_invalid_files_with_a_note(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "postmortems" / "broken.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    assert main(["due", str(repo / "postmortems"), "--now", "2025-06-23T06:00:00Z"]) == 0
    captured = capsys.readouterr()
    assert "broken.yaml:2:6: PM001 YAML syntax error: " in captured.err
    assert captured.err.endswith(" (skipped, not a valid postmortem; see 'pmkit check')\n")
    lines = captured.out.splitlines()
    assert len(lines) == 4 and all(".yaml: " in line for line in lines[:2])  # the two clocks, then the note
    assert lines[2:] == ["", "1 file skipped as not a valid postmortem, whose clocks are unknown "
                         "(see 'pmkit check')."]


def test_overdue_says_how_many_files_it_could_not_read(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The gate's refusal: "a file could not be read as postmortems ...; fix them" mixed one file
    with the plural."""
    folder = repo / "postmortems"
    (folder / "sec.yaml").unlink()
    (folder / "nis2.yaml").unlink()
    (folder / "broken.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    assert main(["due", "--overdue", str(folder), "--now", "2025-06-23T06:00:00Z"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pmkit: cannot tell whether any clocks are overdue: a file could not be read as a "
        "postmortem (named above); fix it ('pmkit check' says how), then run again")
    (folder / "broken2.yaml").write_text("pmkit: 1\nid: [\n", encoding="utf-8")
    assert main(["due", "--overdue", str(folder), "--now", "2025-06-23T06:00:00Z"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pmkit: cannot tell whether any clocks are overdue: 2 files could not be read as "
        "postmortems (named above); fix them ('pmkit check' says how), then run again")


# The notification is sent on 22 June: the final report's month starts then, not before.
NIS2_SENT_LATER = NIS2 + ("    - {audience: regulator, regime: nis2, stage: notification, "
                         "sent_at: 2025-06-22T15:00:00}\n")


def test_a_chained_clock_waits_for_a_report_sent_after_now(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """At --now the notification is not sent yet, so the final report's month has not begun."""
    path = tmp_path / "pm.yaml"
    path.write_text(NIS2_SENT_LATER, encoding="utf-8")
    states = {}
    for now in ("2025-06-21T12:00:00Z", "2025-06-25T12:00:00Z"):
        assert main(["due", str(path), "--all", "--format", "json", "--now", now]) == 0
        states[now] = {r["stage"]: r["state"] for r in json.loads(capsys.readouterr().out)["clocks"]}
    assert states["2025-06-21T12:00:00Z"]["notification"] == "open"
    assert states["2025-06-21T12:00:00Z"]["final-report"] == "waiting"
    assert states["2025-06-25T12:00:00Z"]["final-report"] == "open"


def test_a_clock_from_the_latest_report_counts_from_the_last_one_sent_by_now(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """DORA's final report runs from the latest intermediate report; at --now one sent later
    has not happened yet, so the clock runs from the one before it (and is overdue)."""
    path = tmp_path / "pm.yaml"
    sent = "    - {audience: regulator, regime: dora, stage: %s, sent_at: %s}\n"
    path.write_text("pmkit: 1\nid: dora\ntitle: Payment outage\nstatus: draft\nlang: en\nseverity: SEV1\n"
                    "timezone: Europe/Berlin\ndisclosure:\n  regimes: [dora]\n"
                    "  aware_at: 2026-03-02T09:00:00\n  classified_major_at: 2026-03-02T10:00:00\n"
                    "  notifications:\n" + sent % ("initial", "2026-03-02T12:00:00")
                    + sent % ("intermediate", "2026-03-04T12:00:00")
                    + sent % ("intermediate", "2026-04-20T12:00:00"),
                    encoding="utf-8")
    assert main(["due", str(path), "--format", "json", "--now", "2026-04-15T00:00:00Z"]) == 0
    rows = json.loads(capsys.readouterr().out)["clocks"]
    # One month after Wed 4 March is Sat 4 April, a weekend day: noon of Mon 6 April (CEST).
    assert [(r["stage"], r["state"], r["deadline"], r["seconds_left"]) for r in rows] == [
        ("final", "overdue", "2026-04-06T12:00+02:00", -(8 * 86400 + 14 * 3600))]


def test_an_optional_stage_not_recorded_is_no_open_clock(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """HIPAA's media notice is checked when recorded (PM403 never asks for it), so due does not
    call it open or overdue either; --all shows it as optional."""
    path = tmp_path / "pm.yaml"
    path.write_text("pmkit: 1\nid: phi\ntitle: PHI export\nstatus: draft\nlang: en\nseverity: SEV2\n"
                    "timezone: America/New_York\nimpact: {users_affected: 120}\ndisclosure:\n"
                    "  regimes: [hipaa]\n  discovered_at: 2026-03-02T10:00:00\n  notifications:\n"
                    "    - {audience: data-subjects, regime: hipaa, stage: individuals, "
                    "sent_at: 2026-03-20T10:00:00}\n", encoding="utf-8")
    now = "2026-06-01T00:00:00Z"
    assert main(["check", str(path), "--select", "PM403", "--now", now]) == 0
    assert main(["due", str(path), "--format", "json", "--now", now]) == 0
    assert "media" not in {r["stage"] for r in json.loads(capsys.readouterr().out)["clocks"]}
    assert main(["due", str(path), "--all", "--format", "json", "--now", now]) == 0
    states = {r["stage"]: r["state"] for r in json.loads(capsys.readouterr().out)["clocks"]}
    assert states["media"] == "optional"


def test_configured_folders_are_shown_as_the_user_writes_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Paths from [tool.pmkit] paths print relative to where the command runs, as check's do.
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace("status: done", "status: open")
    (tmp_path / "postmortems" / "db.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in (["due", "--all", "--format", "json"], ["stats", "--format", "json"],
                 ["actions", "--format", "json"]):
        main(argv)
        out = capsys.readouterr().out
        assert '"postmortems/db.yaml"' in out and str(tmp_path) not in out, argv


def test_a_clock_past_the_known_holiday_years_has_no_deadline(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """US holidays are known to 2100: from Fri 1 July 2101 four business days would pass
    Independence Day (Mon 4 July) as a working day and give Thu 7 July, a day early."""
    path = tmp_path / "pm.yaml"
    path.write_text(SEC.replace("2025-06-17T10:00:00-04:00", "2101-07-01T10:00:00-04:00"), encoding="utf-8")
    now = "2101-08-01T00:00:00Z"
    assert main(["check", str(path), "--select", "PM403,PM416", "--now", now]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"{path}:9:30: PM416 the sec-8k form-8k deadline (4 business days after "
        "materiality_determined_at) cannot be computed: the public holidays of US are known for the "
        "years 1777 to 2100, and the count reaches 2101-07-02, so the clock is not checked")
    assert "PM403" not in out
    assert main(["due", str(path), "--now", now]) == 0
    assert "sec-8k form-8k [investors]: no deadline: the public holidays of US are known for the years " \
        "1777 to 2100" in capsys.readouterr().out


LATE_BY_A_SECOND = """\
pmkit: 1
id: nis2-second
title: Payment outage
status: draft
lang: en
severity: SEV2
timezone: Europe/Berlin
disclosure:
  regimes: [nis2]
  aware_at: 2026-03-27T09:00:00
  notifications:
    - {audience: regulator, regime: nis2, stage: early-warning, sent_at: 2026-03-28T09:00:01}
    - {audience: regulator, regime: nis2, stage: notification, sent_at: 2026-03-29T10:00:00}
"""


def test_a_notice_late_by_seconds_is_shown_to_the_second(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An early warning sent at 09:00:01 for a deadline at 09:00 was listed "late" with done_at
    and deadline both "2026-03-28T09:00+01:00", in 'pmkit due' and in PM404's data: the JSON cut
    the seconds that made it late. done_at keeps its seconds; whole minutes stay as they were."""
    path = tmp_path / "pm.yaml"
    path.write_text(LATE_BY_A_SECOND, encoding="utf-8")
    now = "2026-04-10T00:00:00Z"
    assert main(["due", str(path), "--all", "--format", "json", "--now", now]) == 0
    rows = {r["stage"]: (r["state"], r["deadline"], r["deadline_utc"], r["done_at"])
            for r in json.loads(capsys.readouterr().out)["clocks"]}
    assert rows["early-warning"] == ("late", "2026-03-28T09:00+01:00", "2026-03-28T08:00+00:00",
                                     "2026-03-28T09:00:01+01:00")
    assert rows["notification"] == ("met", "2026-03-30T10:00+02:00", "2026-03-30T08:00+00:00",
                                    "2026-03-29T10:00+02:00")
    assert main(["due", str(path), "--all", "--now", now]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{path}: nis2 early-warning [regulator]: late (2026-03-28T09:00:01+01:00); due 2026-03-28 " \
           "09:00 CET (2026-03-28 08:00 UTC); 24 h after aware_at [NIS2 Art. 23(4)(a): early warning " \
           "within 24 hours of becoming aware]" in lines
    assert f"{path}: nis2 notification [regulator]: met (2026-03-29T10:00+02:00); due 2026-03-30 10:00 " \
           "CEST (2026-03-30 08:00 UTC); 72 h after aware_at [NIS2 Art. 23(4)(b): incident notification " \
           "within 72 hours of becoming aware]" in lines
    main(["check", str(path), "--format", "json", "--select", "PM404", "--now", now])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["line"], d["col"], d["data"]) for d in found] == [
        ("PM404", 12, 74, {"regime": "nis2", "stage": "early-warning",
                           "citation": "NIS2 Art. 23(4)(a): early warning within 24 hours of becoming aware",
                           "deadline": "2026-03-28T08:00+00:00", "deadline_local": "2026-03-28T09:00+01:00",
                           "done_at": "2026-03-28T09:00:01+01:00"})]


def test_a_deadline_with_seconds_is_shown_to_the_second_beside_its_notice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Aware at 09:00:30: the early warning is due 09:00:30 the next day, and one sent at
    09:00:10 is in time. Cut to the minute, the deadline read 09:00 beside a notice sent at
    09:00:10, late by the look of it; it is given to the second when the notice falls in its
    minute."""
    path = tmp_path / "pm.yaml"
    text = LATE_BY_A_SECOND.replace("aware_at: 2026-03-27T09:00:00", "aware_at: 2026-03-27T09:00:30")
    text = text.replace("sent_at: 2026-03-28T09:00:01", "sent_at: 2026-03-28T09:00:10")
    path.write_text(text, encoding="utf-8")
    now = "2026-04-10T00:00:00Z"
    assert main(["due", str(path), "--all", "--format", "json", "--now", now]) == 0
    rows = {r["stage"]: (r["state"], r["deadline"], r["deadline_utc"], r["done_at"])
            for r in json.loads(capsys.readouterr().out)["clocks"]}
    assert rows["early-warning"] == ("met", "2026-03-28T09:00:30+01:00", "2026-03-28T08:00:30+00:00",
                                     "2026-03-28T09:00:10+01:00")
    assert rows["notification"] == ("met", "2026-03-30T10:00+02:00", "2026-03-30T08:00+00:00",
                                    "2026-03-29T10:00+02:00")
    assert main(["due", str(path), "--all", "--now", now]) == 0
    assert f"{path}: nis2 early-warning [regulator]: met (2026-03-28T09:00:10+01:00); due 2026-03-28 " \
           "09:00:30 CET (2026-03-28 08:00:30 UTC); 24 h after aware_at [NIS2 Art. 23(4)(a): early warning " \
           "within 24 hours of becoming aware]" in capsys.readouterr().out.splitlines()


AWARE = """\
pmkit: 1
id: unread
title: Payment outage
status: draft
lang: en
severity: SEV2
{zone}disclosure:
  regimes: [nis2]
  aware_at: {aware}
"""


BERLIN = "timezone: Europe/Berlin\n"


@pytest.mark.parametrize(("zone", "aware", "finding"), [
    # A time the clocks skipped (daylight saving time began).
    (BERLIN, "2026-03-29T02:30:00", "10:13: PM015 '2026-03-29T02:30:00' does not exist in Europe/Berlin: the "
     "clocks skipped that hour (daylight saving time began); write the time with its UTC offset"),
    ("", "2026-03-27T09:00:00", "9:13: PM014 timestamp '2026-03-27T09:00:00' has no UTC offset and the "
     "document declares no timezone"),
    (BERLIN, "1711526400", "10:13: PM015 'aware_at' must be a timestamp such as 2018-10-21T22:52:00Z, "
     "not the number 1711526400"),
    (BERLIN, "2026-03-27T09:00:00 CET", "10:13: PM015 '2026-03-27T09:00:00 CET' gives its zone as 'CET', "
     "which pmkit does not read (an abbreviation such as CST names several zones): write the time with "
     "the UTC offset it had, as in 2026-03-27T09:00:00+HH:MM"),
])
def test_an_anchor_written_but_not_readable_is_not_called_not_recorded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], zone: str, aware: str, finding: str) -> None:
    """aware_at written, but as a value the schema set aside: 'pmkit due' said the clocks cannot
    start because "aware_at is not recorded", asking for a field that is there, where PM406
    steps aside for it. It now says the value could not be read and points to the schema's
    finding; the JSON row gives that finding in anchor_problem."""
    path = tmp_path / "pm.yaml"
    path.write_text(AWARE.format(zone=zone, aware=aware), encoding="utf-8")
    now = "2026-04-10T00:00:00Z"
    assert main(["due", str(path), "--all", "--now", now]) == 0
    out, err = capsys.readouterr()
    line, col = finding.split(":")[:2]
    code = finding.split()[1]
    assert out.splitlines()[0] == (
        f"{path}: nis2 early-warning [regulator]: cannot start: aware_at could not be read ({code} at line "
        f"{line}, column {col}; see 'pmkit check'); 24 h after aware_at [NIS2 Art. 23(4)(a): early warning "
        "within 24 hours of becoming aware]")
    assert "not recorded" not in out
    assert err == f"pmkit: {path}:{finding} (clocks listed anyway, from the dates that could be read; see " \
        "'pmkit check')\n"
    assert main(["due", str(path), "--all", "--format", "json", "--now", now]) == 0
    rows = json.loads(capsys.readouterr().out)["clocks"]
    assert [(r["stage"], r["state"], r["missing_anchor"], r["anchor_problem"]) for r in rows] == [
        ("early-warning", "no-anchor", "aware_at", finding),
        ("notification", "no-anchor", "aware_at", finding),
        ("final-report", "waiting", None, None)]


def test_a_milestone_written_but_not_readable_is_not_called_not_recorded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same for a clock counted from a timeline milestone whose entry the schema dropped
    (its time never happened); an anchor not written at all is still "not recorded"."""
    path = tmp_path / "pm.yaml"
    path.write_text(AWARE.format(zone=BERLIN, aware="''").replace(
        "regimes: [nis2]", "regimes: [internal, nis2]").replace("disclosure:\n", (
            "timeline:\n  - {at: 2026-03-27T08:00:00, milestone: impact_started, actor: db, event: Errors.}\n"
            "  - {at: 2026-03-29T02:30:00, milestone: resolved, actor: db, event: Fixed.}\ndisclosure:\n")),
        encoding="utf-8")
    assert main(["due", str(path), "--all", "--now", "2026-04-10T00:00:00Z"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1].split("; ")[0] for line in lines] == [
        "internal draft [internal]: cannot start: resolved could not be read (PM015 at line 10, column 10",
        "internal publish [internal]: cannot start: resolved could not be read (PM015 at line 10, column 10",
        "nis2 early-warning [regulator]: cannot start: aware_at is not recorded",
        "nis2 notification [regulator]: cannot start: aware_at is not recorded",
        "nis2 final-report [regulator]: waiting for the earlier report",
    ]
