"""A run whose rules all read the file as written, and that shows nothing the schema finds,
validates nothing: it never imports pydantic nor builds a model (the repository-wide history
hook, ``--select PM600,PM605,PM606``, and the secrets hook, ``--select PM00,PM506,PM507``, did
on every commit). What such a run reports is what it reported when it validated."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, clear_git_env, published_repo

from helpers import EXAMPLES, FIXTURES
from pmkit import engine
from pmkit.config import Config
from pmkit.engine import Checker
from pmkit.rules.loading import SCHEMA_CODES

NOW = "2026-11-25T12:00:00Z"
SCHEMA = Path(engine.__file__).parent / "schema.py"


def test_the_schema_codes_are_the_ones_the_schema_emits() -> None:
    emitted = set(re.findall(r'"(PM\d{3})"', SCHEMA.read_text(encoding="utf-8")))
    assert emitted == SCHEMA_CODES


@pytest.mark.parametrize(("select", "validates"), [
    (["PM600", "PM605", "PM606"], False),  # the pmkit-history-repo hook
    (["PM00", "PM506", "PM507"], False),  # the pmkit-secrets hook
    (["PM3"], False),
    (["PM0", "PM3"], True),  # the family hooks show the schema's findings
    (["PM013"], True),
    (["PM6"], True),  # PM608 needs the model
    ([], True),
])
def test_a_run_validates_when_a_rule_needs_the_model_or_the_schema_is_shown(select: list[str],
                                                                           validates: bool) -> None:
    assert Checker(Config(select=select)).validates is validates


def _never(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("validated")


#: Fixtures of every family (schema errors among them: a wrong type, a missing field), YAML and
#: Markdown, and the examples.
_FILES = sorted(p for family in ("loading", "blameless", "clarity", "timeline")
                for p in (FIXTURES / family / "bad").iterdir() if p.is_file())[:40] + \
    sorted((EXAMPLES / "postmortems").iterdir())


@pytest.mark.parametrize("select", [["PM00", "PM506", "PM507"], ["PM3"], ["PM3", "PM501", "PM502"]])
def test_what_a_run_without_the_model_finds_is_what_it_found_with_it(monkeypatch: pytest.MonkeyPatch,
                                                                      select: list[str]) -> None:
    validating = Checker(Config(select=select))
    validating.validates = True  # (as before: every document validated, its model built)
    expected = validating.check_files([str(p) for p in _FILES])
    assert expected  # (the premise: there is something to find)
    import pmkit.schema

    monkeypatch.setattr(pmkit.schema, "validate_document", _never)
    assert Checker(Config(select=select)).check_files([str(p) for p in _FILES]) == expected


def _pmkit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PMKIT_JOBS", "PMKIT_NOW", "GIT_DIR")}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "pmkit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _imports_pydantic(stderr: str) -> bool:
    return any(line.startswith("import time:") and line.rsplit("|", 1)[1].strip() == "pydantic"
               for line in stderr.splitlines())


@pytest.mark.parametrize(("args", "code"), [
    (["check", "--repo-wide", "--select", "PM600,PM605,PM606", "--format", "json"], 1),
    (["check", "--select", "PM00,PM506,PM507", "--format", "json", PM], 0),
])
def test_the_history_and_secrets_hooks_import_no_pydantic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          args: list[str], code: int) -> None:
    clear_git_env(monkeypatch)
    repo = published_repo(tmp_path)
    other = "postmortems/2026-03-03-other.yaml"
    repo.write(other, PUBLISHED.replace("id: 2026-03-02-queue", "id: 2026-03-03-other"))
    repo.commit("Publish another", date="2026-03-06T09:00:00Z")
    repo.write(PM, PUBLISHED.replace("title: ", "title: Revised, "))  # (changed: read and checked)
    (repo.root / other).unlink()  # (a published postmortem deleted: PM605)
    done = _pmkit(repo.root, *args)
    assert done.returncode == code, done.stdout
    assert not _imports_pydantic(done.stderr)
    if code:
        assert '"code": "PM605"' in done.stdout
