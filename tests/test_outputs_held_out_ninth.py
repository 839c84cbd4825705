"""Held-out runs through the output formats and integrations: GitHub annotation columns on lines
with text beyond ASCII, reports written to a file, baselines, suppressions, the hooks and the
Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmkit.cli import main

MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"


def _annotations(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::error") or line.startswith("::warning")]


# --- GitHub annotation columns ------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "col", "end"), [
    ("🔥 Checkout 😀 ", 33, 44),  # two emoji: two UTF-16 units each
    ("Café déjà vu: ", 32, 43),  # accents: one unit each, as in code points
    ("東京の障害: ", 25, 36),  # CJK in the BMP: one unit each
    ("Cafe\u0301: ", 25, 36),  # a combining mark is a unit of its own
])
def test_github_annotation_columns_count_utf16_units_as_sarif_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        prefix: str, col: int, end: int) -> None:
    # GitHub's pages count columns in UTF-16 units, as code scanning reads SARIF: an annotation
    # after an emoji started one character early per emoji, and SARIF said another column.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / "pm.yaml").write_text(MINIMAL + f'summary: "{prefix}It was human error."\n', encoding="utf-8")
    assert main(["check", "--select", "PM301", "--format", "github", "pm.yaml"]) == 1
    [annotation] = _annotations(capsys.readouterr().out)
    assert annotation.startswith(f"::error file=pm.yaml,line=7,col={col},endColumn={end},title=PM301 ")
    assert main(["check", "--select", "PM301", "--format", "sarif", "pm.yaml"]) == 1
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (col, end)
