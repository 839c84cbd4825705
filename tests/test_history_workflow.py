"""The documented GitHub workflow compares with the pull request's base, so it catches PM601.

Each step of ``examples/.github/workflows/postmortems.yml`` that runs pmkit is run here with
bash, as the runner would, with the variables GitHub sets for a pull request and a push.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, GitRepo, published_repo
from ruamel.yaml import YAML

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / "examples" / ".github" / "workflows" / "postmortems.yml"
ZERO = "0" * 40  # github.event.before of a branch's first push

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None,
                                reason="needs bash and git")


def _pmkit_steps() -> dict[str, str]:
    """job id → the script of its step that runs ``pmkit check``."""
    workflow: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    out = {}
    for name, job in workflow["jobs"].items():
        [script] = [s["run"] for s in job["steps"] if "pmkit check" in s.get("run", "")]
        out[name] = script
        checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0, name  # the base must be in the clone
    return out


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[GitRepo, str]:
    """main (published, with a baseline of its other findings) and a branch that changes a fact."""
    repo = published_repo(tmp_path)
    env = _env(tmp_path)
    subprocess.run(["pmkit", "check", "--write-baseline", ".pmkit-baseline.json", "postmortems/"],
                   cwd=repo.root, env=env, check=True, capture_output=True)
    base = repo.commit("Record the baseline")
    repo.git("update-ref", "refs/remotes/origin/main", base)  # what actions/checkout fetches
    repo.git("checkout", "-q", "-b", "pr")
    return repo, base


def _env(tmp_path: Path) -> dict[str, str]:
    """``pmkit`` on PATH runs this checkout; no GitHub or pre-commit variables leak in."""
    bin_dir = tmp_path / "bin"
    if not bin_dir.exists():
        bin_dir.mkdir()
        shim = bin_dir / "pmkit"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pmkit "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "PRE_COMMIT_")) and k not in ("GIT_DIR", "GIT_WORK_TREE")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def _run(repo: GitRepo, tmp_path: Path, script: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {**_env(tmp_path), **variables}
    # The runner's default shell for 'run' is 'bash -e {0}'.
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo.root, env=env, text=True,
                          capture_output=True, timeout=300, check=False)


def test_a_pull_request_that_changes_a_published_fact_fails(pull_request: tuple[GitRepo, str],
                                                            tmp_path: Path) -> None:
    repo, _base = pull_request
    script = _pmkit_steps()["review"]
    repo.edit(PM, "event: Backlog drained.", "event: The backlog drained.")  # no fact changes
    repo.commit("Reword an event")
    clean = _run(repo, tmp_path, script, EVENT="pull_request", BASE_REF="main", BEFORE="")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("Update the user count")
    done = _run(repo, tmp_path, script, EVENT="pull_request", BASE_REF="main", BEFORE="")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(rf"{PM}:\d+:19: PM601 impact.users_affected changed from 12000 to 15000 since it "
                     r"was published \(origin/main\)", done.stdout), done.stdout


@pytest.mark.parametrize("before", ["base", ZERO, "f" * 40], ids=["push", "first-push", "force-push"])
def test_a_push_is_compared_with_the_commit_before_it(pull_request: tuple[GitRepo, str], tmp_path: Path,
                                                      before: str) -> None:
    repo, base = pull_request
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.commit("Update the user count")
    variables = {"EVENT": "push", "BASE_REF": "", "BEFORE": base if before == "base" else before}
    for job, script in _pmkit_steps().items():
        done = _run(repo, tmp_path, script, **variables)
        if job == "code-scanning":  # findings must not stop the upload
            assert done.returncode == 0, done.stdout + done.stderr
            results = (repo.root / "pmkit.sarif").read_text(encoding="utf-8")
            assert '"ruleId": "PM601"' in results
        else:
            assert done.returncode == 1, done.stdout + done.stderr
            assert "PM601 impact.users_affected changed from 12000 to 15000" in done.stdout


def test_the_documented_commands_pass_a_base() -> None:
    """Every 'pmkit check' in the GitHub Actions docs names the base, as the example does."""
    docs = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL)
    commands = [line for block in blocks for line in block.splitlines() if "pmkit check --" in line]
    assert commands
    for command in commands:
        assert "--base" in command, command
    assert 'pmkit check --format auto --base "origin/$BASE_REF" postmortems/' in docs
    assert "BASE_REF: ${{ github.base_ref }}" in docs
