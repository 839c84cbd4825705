"""A notice time with a fraction of a second keeps it in the JSON of 'pmkit due' and of PM404's
data, so that done_at and the deadline say what the state says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import breach_notice
from pmkit.cli import main

NOW = "2026-07-01T00:00:00Z"


def rows(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, str, str]]:
    assert main(["due", str(path), "--all", "--format", "json", "--now", NOW]) == 0
    return [(r["state"], r["deadline"], r["deadline_utc"], r["done_at"])
            for r in json.loads(capsys.readouterr().out)["clocks"]]


def test_done_at_keeps_its_fraction_of_a_second(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Sent half a second after the 72 h: 'late', with done_at and deadline both 09:00 UTC."""
    path = tmp_path / "pm.yaml"
    path.write_text(breach_notice("2026-06-04T09:00:00.5Z", "2026-06-01T09:00:00Z", "2026-06-01-export"),
                    encoding="utf-8")
    assert rows(path, capsys) == [("late", "2026-06-04T11:00+02:00", "2026-06-04T09:00+00:00",
                                   "2026-06-04T09:00:00.500+00:00")]
    main(["check", str(path), "--format", "json", "--select", "PM404", "--now", NOW])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["line"], d["data"]["deadline"], d["data"]["done_at"]) for d in found] == [
        ("PM404", 15, "2026-06-04T09:00+00:00", "2026-06-04T09:00:00.500+00:00")]
    # Microseconds are kept as written.
    path.write_text(breach_notice("2026-06-04T09:00:00.000250Z", "2026-06-01T09:00:00Z", "2026-06-01-export"),
                    encoding="utf-8")
    assert rows(path, capsys)[0][3] == "2026-06-04T09:00:00.000250+00:00"


def test_a_deadline_in_the_same_second_is_given_to_the_microsecond(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Aware at 09:00:00.75: due 09:00:00.75 three days later; a notice of 09:00:00.5 is in
    time, which '09:00:00' beside '09:00:00.500' would not say."""
    path = tmp_path / "pm.yaml"
    path.write_text(breach_notice("2026-06-04T09:00:00.5Z", "2026-06-01T09:00:00.75Z", "2026-06-01-export"),
                    encoding="utf-8")
    assert rows(path, capsys) == [("met", "2026-06-04T11:00:00.750000+02:00",
                                   "2026-06-04T09:00:00.750000+00:00", "2026-06-04T09:00:00.500+00:00")]
