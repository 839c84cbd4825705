"""pre-commit gives pmkit all of a run's files in one process.

Without ``require_serial``, pre-commit splits a run of many files (``--all-files``) into one
process per core: each read the git history again, started its own workers, and printed its own
"Found ..." line for its share, so a reader saw two verdicts, each about half the files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _hooks() -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = YAML(typ="safe").load(MANIFEST.read_text())
    return hooks


def test_every_hook_that_is_given_files_runs_in_one_process() -> None:
    for hook in _hooks():
        if hook.get("pass_filenames") is not False:
            assert hook.get("require_serial") is True, hook["id"]


@pytest.mark.skipif(os.environ.get("PMKIT_SKIP_PRECOMMIT") == "1", reason="PMKIT_SKIP_PRECOMMIT=1")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_all_files_get_one_verdict(tmp_path: Path) -> None:
    """The manifest's hook, run by the real pre-commit on ten files with two processes allowed
    (it splits at four or more files per process): one summary of all ten. The hook is the
    manifest's own, run with this environment's pmkit instead of an installed copy."""
    hook = dict(next(h for h in _hooks() if h["id"] == "pmkit-schema"))
    pmkit = Path(sys.executable).with_name("pmkit")
    hook.update(language="system", entry=f"{pmkit} {str(hook['entry']).removeprefix('pmkit ')}")
    hook.pop("minimum_pre_commit_version", None)
    repo = tmp_path / "repo"
    (repo / "postmortems").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for n in range(10):
        (repo / "postmortems" / f"pm-{n}.yaml").write_text(
            f"pmkit: 1\nid: pm-{n}\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\nsumary: x\n")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    with (repo / ".pre-commit-config.yaml").open("w") as out:
        YAML(typ="safe").dump(config, out)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT_NO_CONCURRENCY", None)
    pre_commit = Path(sys.executable).with_name("pre-commit")
    done = subprocess.run([str(pre_commit if pre_commit.exists() else "pre-commit"), "run", "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    summaries = [line for line in done.stdout.splitlines() if line.startswith("Found ")]
    assert summaries == ["Found 10 errors in 10 of 10 files."], done.stdout
