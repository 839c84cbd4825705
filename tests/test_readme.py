"""The README's Python example runs as written, and its first lines are the two commands."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None and README.index(block.group(0)) < 20
    lines = block.group(1).strip().splitlines()
    assert len(lines) == 2
    assert "pmkit check examples/" in lines[0]
    assert "pytest" in lines[1]


def test_readme_python_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    monkeypatch.chdir(ROOT)
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Degraded service after a network partition" in out
    assert "exit code would be 1" in out


def test_every_hook_id_is_in_the_readme() -> None:
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert hook["id"] in README, hook["id"]


def test_docs_links_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|schemas)/[^)#]+)", README):
        assert (ROOT / target).exists(), target
    assert os.path.exists(ROOT / ".ci" / "run")


def test_the_diagnostic_fields_the_readme_names_exist() -> None:
    import dataclasses

    import pmkit

    listed = re.search(r"Every finding is a `pmkit.Diagnostic` \((.*?)\)", README, re.S)
    assert listed is not None
    names = [part.strip().split()[0] for part in listed.group(1).replace("\n", " ").split(",")]
    assert names == ["code", "name", "severity", "message", "path", "line", "col", "end_line", "end_col",
                     "field", "hint"]
    assert set(names) <= {f.name for f in dataclasses.fields(pmkit.Diagnostic)}
