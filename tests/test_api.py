"""The Python API as documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from helpers import EXAMPLES, GOOD_EXAMPLE


def test_load_returns_model() -> None:
    pm = pmkit.load(GOOD_EXAMPLE)
    assert isinstance(pm, pmkit.Postmortem)
    assert pm.severity is pmkit.IncidentSeverity.SEV1
    assert pm.timeline is not None and pm.timeline[0].at.tzinfo is not None
    assert pm.milestone(pmkit.Milestone.DETECTED) is not None


def test_load_raises_with_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("pmkit: 1\nid: x\n")
    with pytest.raises(pmkit.LoadError) as info:
        pmkit.load(path)
    assert {d.code for d in info.value.diagnostics} == {"PM011"}
    assert str(info.value).startswith(f"{path}:1:1: PM011")


def test_loads_and_dump_round_trip() -> None:
    pm = pmkit.loads(GOOD_EXAMPLE.read_text())
    again = pmkit.loads(pmkit.dump(pm))
    assert again == pm


def test_check_folder() -> None:
    report = pmkit.check([EXAMPLES], now="2026-01-01T00:00:00Z")
    assert isinstance(report, pmkit.Report)
    assert len(report.files) >= 2
    assert any(d.code == "PM010" for d in report.diagnostics)
    assert report.exit_code() == 1


def test_validate_model_built_in_code() -> None:
    pm = pmkit.Postmortem.model_validate(
        {"pmkit": 1, "id": "x", "title": "t", "status": "draft", "lang": "en", "severity": "SEV3",
         "timeline": [{"at": "2018-10-21T22:52:00Z", "decision": "D1"}]}
    )
    findings = pmkit.validate(pm)
    assert "PM021" in [d.code for d in findings]


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    heavy = "('git', 'textstat', 'nltk', 'pydantic')"
    code = f"import sys, pmkit; print(any(m.split('.')[0] in {heavy} for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
