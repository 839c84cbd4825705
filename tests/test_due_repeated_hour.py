"""``pmkit due`` and a disclosure time written without an offset in the hour the clocks went back
over (PM420): the clock's line and its JSON row say which of the two moments was read, the
verdict under each, and the offset to write; the same documents PM420 reports, and no others."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import breach_notice, run
from pmkit.cli import main

NOW = "2026-12-01T00:00:00Z"

#: 'pmkit due' on a postmortem's text, with more options: exit code, stdout, stderr, the file.
Due = Callable[..., tuple[int, str, str, Path]]
#: The JSON rows of every clock of a postmortem's text.
Rows = Callable[[str], list[dict[str, Any]]]

#: The GDPR Art. 33 clock of :func:`helpers.breach_notice`, as the text output ends its line.
GDPR = ("72 h after aware_at [GDPR Art. 33(1): without undue delay and, where feasible, not later than 72 "
        "hours after becoming aware]")

#: The note on a notice sent at 02:30 in Berlin on 25 October 2026 (summer time's 02:30 is 00:30
#: UTC, winter time's 01:30 UTC) for a 72-hour clock that ran out at 01:00 UTC.
SENT_TWICE = (
    "notifications[0].sent_at, 2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went back): "
    "read as the first, 02:30 CEST (00:30 UTC), not the second, 02:30 CET (01:30 UTC): in time as read, "
    "30 min late as the second; write it with its offset: 2026-10-25T02:30:00+02:00 for the first, "
    "2026-10-25T02:30:00+01:00 for the second (PM420)")


@pytest.fixture
def due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Due:
    """Run 'pmkit due' at NOW on a postmortem of the given text: exit code, stdout, stderr, path."""
    def call(text: str, *extra: str) -> tuple[int, str, str, Path]:
        path = tmp_path / "pm.yaml"
        path.write_text(text, encoding="utf-8")
        code = main(["due", str(path), "--now", NOW, *extra])
        captured = capsys.readouterr()
        return code, captured.out, captured.err, path

    return call


@pytest.fixture
def rows(due: Due) -> Rows:
    """The JSON rows of every clock ('--all') of a postmortem of the given text."""
    def call(text: str) -> list[dict[str, Any]]:
        code, out, err, _ = due(text, "--all", "--format", "json")
        assert (code, err) == (0, "")
        clocks: list[dict[str, Any]] = json.loads(out)["clocks"]
        return clocks

    return call


def test_a_notice_in_the_repeated_hour_is_said_in_text_and_json(due: Due, rows: Rows) -> None:
    """The notice was listed "met" from summer time's 02:30 without a word: winter time's 02:30
    is 30 minutes after the deadline."""
    code, out, err, path = due(breach_notice("2026-10-25T02:30:00"), "--all")
    assert (code, err) == (0, "")
    assert out == (
        f"{path}: gdpr-art33 notification [regulator]: met (2026-10-25T02:30+02:00); due 2026-10-25 02:00 "
        f"CET (2026-10-25 01:00 UTC); {GDPR}; {SENT_TWICE}\n")
    [row] = rows(breach_notice("2026-10-25T02:30:00"))
    assert (row["state"], row["time_note"], row["anchor_note"]) == ("met", SENT_TWICE, None)


def test_either_reading_on_the_same_side_of_the_deadline_says_so(rows: Rows) -> None:
    [row] = rows(breach_notice("2026-10-25T02:30:00", aware="2026-10-21T01:00:00Z"))
    assert row["state"] == "late"
    assert row["time_note"] == SENT_TWICE.replace(
        "in time as read, 30 min late as the second", "23 h 30 min late either way")


def test_drafted_and_published_at_in_the_repeated_hour_are_said_without_a_verdict(rows: Rows) -> None:
    """The team's draft and publication clocks count from ``resolved``, which is not recorded:
    done, at no deadline, so only the readings and the offsets are said."""
    text = breach_notice("2026-10-25T02:30:00+01:00").replace("regimes: [gdpr-art33]", (
        "regimes: [internal, gdpr-art33]\n  drafted_at: 2026-10-25T02:05:00\n"
        "  published_at: 2026-10-25T02:10"))
    notes = {row["stage"]: (row["state"], row["time_note"]) for row in rows(text)}
    assert notes == {
        "notification": ("late", None),  # sent with its offset: 01:30 UTC
        "draft": ("done", "drafted_at, 2026-10-25 02:05, happened twice in Europe/Berlin (the clocks went "
                  "back): read as the first, 02:05 CEST (00:05 UTC), not the second, 02:05 CET (01:05 UTC); "
                  "write it with its offset: 2026-10-25T02:05:00+02:00 for the first, "
                  "2026-10-25T02:05:00+01:00 for the second (PM420)"),
        "publish": ("done", "published_at, 2026-10-25 02:10, happened twice in Europe/Berlin (the clocks "
                    "went back): read as the first, 02:10 CEST (00:10 UTC), not the second, 02:10 CET "
                    "(01:10 UTC); write it with its offset: 2026-10-25T02:10:00+02:00 for the "
                    "first, 2026-10-25T02:10:00+01:00 for the second (PM420)"),
    }


def test_a_notice_dated_before_its_anchor_gets_the_note_but_no_verdict(due: Due) -> None:
    """Read as the first, the notice is before aware_at (00:45 UTC): contradicted (PM414), neither
    met nor late, and listed without --all; the note still says which 02:30 was read."""
    code, out, err, _ = due(breach_notice("2026-10-25T02:30:00", aware="2026-10-25T00:45:00Z"))
    assert (code, err) == (0, "")
    assert out.endswith(
        "; notifications[0].sent_at, 2026-10-25 02:30, happened twice in Europe/Berlin (the clocks went "
        "back): read as the first, 02:30 CEST (00:30 UTC), not the second, 02:30 CET (01:30 UTC); write it "
        "with its offset: 2026-10-25T02:30:00+02:00 for the first, 2026-10-25T02:30:00+01:00 for the second "
        "(PM420)\n")
    assert ": dates contradict: sent 2026-10-25 02:30 CEST" in out


def test_the_note_changes_neither_the_list_nor_the_exit_code(due: Due) -> None:
    """Met as read: not listed without --all, and --overdue finds nothing overdue (exit 0)."""
    code, out, err, _ = due(breach_notice("2026-10-25T02:30:00"))
    assert (code, out, err) == (0, "no open disclosure clocks (use --all to list met ones)\n", "")
    code, out, err, _ = due(breach_notice("2026-10-25T02:30:00"), "--overdue")
    assert (code, out, err) == (0, "no overdue disclosure clocks\n", "")


@pytest.mark.parametrize("sent", [
    "2026-10-25T02:30:00", "2026-10-25T02:00:00", "2026-10-25T02:59:59.5", "2026-10-25 02:30",
    "2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00Z", "2026-10-25T01:30:00",
    "2026-10-25T03:00:00", "2026-10-25", "2026-03-29T03:30:00",
])
def test_the_note_is_given_where_pm420_reports_the_time_and_nowhere_else(rows: Rows, sent: str) -> None:
    text = breach_notice(sent)
    found = [d for d in run(text, select=["PM420"], now=NOW) if d.code == "PM420"]
    [row] = rows(text)
    if not found:
        assert row["time_note"] is None
        return
    [finding] = found
    # PM420's message is the readings, then each clock's deadline and verdict; its hint, the
    # offsets to write: the note says the same of the same time.
    readings, clock = finding.message.split("; gdpr-art33 notification due ")
    verdict = clock.split(": ", 1)[1]
    assert finding.hint is not None
    offsets = finding.hint.removeprefix("Write notifications[0].sent_at with its offset: ").removesuffix(".")
    assert row["time_note"] == f"{readings}: {verdict}; write it with its offset: {offsets} (PM420)"


def test_a_notice_after_one_the_schema_left_out_is_named_by_its_place_in_the_file(due: Due) -> None:
    # The schema leaves out a notification of no known audience; the one after it is the file's
    # second. The note and PM420 name it so, and the note is there at all: it was looked for at
    # the model's index in the file as written, where the left-out notice is, with its offset.
    text = breach_notice("2026-10-25T02:30:00")
    left_out = "    - {audience: nobody-knows, sent_at: 2026-10-20T10:00:00Z}\n"
    marker = "  notifications:\n"
    assert text.count(marker) == 1
    text = text.replace(marker, marker + left_out)
    code, out, err, _ = due(text, "--all", "--format", "json")
    assert code == 0 and "PM013 'nobody-knows' is not a valid audience (clocks listed anyway" in err
    [row] = [row for row in json.loads(out)["clocks"] if row["time_note"]]
    assert row["time_note"] == SENT_TWICE.replace("notifications[0]", "notifications[1]")
    [found] = run(text, select=["PM420"])
    assert found.message.startswith("notifications[1].sent_at, 2026-10-25 02:30, happened twice")
