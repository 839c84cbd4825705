"""The reporting verbs 'due', 'actions' and 'stats' over a repository of postmortems, eighth
round: what each says about files it could not read, in text and JSON, so that a folder of
broken files never reads as "nothing due"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmkit.cli import main

_BROKEN_YAML = "id: [\n"
_NO_FORMAT = "title: Checkout outage\n"


def _broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "postmortems"
    (folder / "payments").mkdir(parents=True)
    (folder / "payments" / "a.yaml").write_text(_BROKEN_YAML, encoding="utf-8")
    (folder / "b.yaml").write_text(_NO_FORMAT, encoding="utf-8")
    return folder


def test_due_json_names_the_files_it_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken_folder(tmp_path)
    assert main(["due", str(folder), "--format", "json", "--now", "2026-01-01T00:00:00Z"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["clocks"] == []
    assert [(s["path"], s["reason"].split(" ")[1]) for s in out["skipped"]] == [
        (str(folder / "b.yaml"), "PM011"), (str(folder / "payments" / "a.yaml"), "PM001")]
    assert out["skipped"][0]["reason"] == "1:1: PM011 required field 'pmkit' is missing"


def test_due_text_does_not_say_nothing_due_for_broken_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _broken_folder(tmp_path)
    assert main(["due", str(folder), "--now", "2026-01-01T00:00:00Z"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "no open disclosure clocks in the postmortems read; 2 files skipped as not valid postmortems,"
        " whose clocks are unknown (see 'pmkit check') (use --all to list met ones)\n")
    assert "b.yaml:1:1: PM011 required field 'pmkit' is missing (skipped" in captured.err


def test_due_json_skipped_is_empty_when_every_file_loads(capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import GOOD_EXAMPLE

    assert main(["due", str(GOOD_EXAMPLE), "--format", "json", "--now", "2026-11-25T00:00:00Z"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == []
