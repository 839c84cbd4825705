"""Running out of memory (a limit set with ``ulimit -v``, a container's) is no bug of pmkit's: it is
said as what it is, with what to do, never as an internal error with a traceback to report. A
baseline of 35 MB under a limit of 200 MB printed "pmkit: internal error; please report it" and
Python's traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.cli import OUT_OF_MEMORY, main

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _exhausted(*_args: object) -> None:
    raise MemoryError


def test_a_run_out_of_memory_says_so_and_exits_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text(HEAD, encoding="utf-8")
    (tmp_path / "baseline.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")
    monkeypatch.setattr("pmkit.baseline.load_baseline", _exhausted)

    assert main(["check", "--baseline", str(tmp_path / "baseline.json"), str(tmp_path / "a.yaml")]) == 2

    assert capsys.readouterr() == ("", OUT_OF_MEMORY + "\n")
    assert OUT_OF_MEMORY.startswith("pmkit: out of memory: ") and "ulimit -v" in OUT_OF_MEMORY


def test_a_rule_out_of_memory_is_said_as_such_and_the_other_findings_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.rules.loading import DanglingReference

    monkeypatch.setattr(DanglingReference, "check", _exhausted)
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "sumary: x\n", encoding="utf-8")

    assert main(["check", str(path)]) == 2

    out = capsys.readouterr().out
    assert "PM903 rule PM021 (dangling-reference) ran out of memory (internal-error)" in out
    assert "hint: The run needed more memory than this process may use" in out
    assert "This is a bug in pmkit" not in out
    assert "PM010" in out  # the other rules' findings are still reported
