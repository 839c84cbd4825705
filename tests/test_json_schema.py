"""The shipped JSON Schema is generated from the model, and agrees with pmkit on the examples."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLES, good_text, tool
from pmkit.commands.schema import render_schema
from pmkit.discovery import discover
from pmkit.loader import read_document
from pmkit.schema import validate_document

SCHEMA = Path(__file__).parent.parent / "schemas" / "postmortem.schema.json"


def test_checked_in_schema_matches_model() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == render_schema(), (
        "schemas/postmortem.schema.json is stale: run 'pmkit schema > schemas/postmortem.schema.json'"
    )


def _pmkit_valid(path: str) -> bool:
    doc = read_document(path)
    return not doc.diagnostics and not validate_document(doc)[1]


def _yaml_files() -> list[str]:
    return [p for p in discover([EXAMPLES]) if p.endswith((".yaml", ".yml"))]


@pytest.mark.parametrize("path", _yaml_files())
def test_schema_and_pmkit_agree_on_examples(path: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(Path(path).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=_iso))
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    assert validator.is_valid(data) == _pmkit_valid(path)


def _iso(value: object) -> str:
    text = value.isoformat()  # type: ignore[attr-defined]
    return text.replace("+00:00", "Z")


def test_check_jsonschema_cli_agrees() -> None:
    exe = tool("check-jsonschema")
    if exe is None:
        pytest.skip("check-jsonschema is not installed")
    for path in _yaml_files():
        result = subprocess.run([exe, "--schemafile", str(SCHEMA), path], capture_output=True)
        assert (result.returncode == 0) == _pmkit_valid(path), path


@pytest.mark.parametrize(("moment", "valid"), [
    ("1900-01-01T00:00:00Z", True), ("2999-12-31T23:59:00Z", True),
    ("1899-12-31T23:59:00Z", False), ("9999-12-31T23:00:00-05:00", False), ("0001-01-01", False),
])
def test_schema_and_pmkit_agree_on_the_years_they_check(tmp_path: Path, moment: str, valid: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    path = tmp_path / "pm.yaml"
    path.write_text(good_text().replace("at: 2018-10-29T18:00:00Z", f"at: '{moment}'"), encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=_iso))
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    assert validator.is_valid(data) == _pmkit_valid(str(path)) == valid
