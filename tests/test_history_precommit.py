"""The real pre-commit: pmkit's history hooks installed in a repository and run by `git commit`.

pre-commit builds the hook's virtualenv by pip-installing this repository at its current
commit (the first run takes ~30 s; later runs reuse the environment). Skipped when
PMKIT_SKIP_PRECOMMIT=1, or when this source tree is not a git checkout. The hooks run the
committed code of this repository, not uncommitted edits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from history_git import PM, PUBLISHED, GitRepo

PROJECT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    os.environ.get("PMKIT_SKIP_PRECOMMIT") == "1" or not (PROJECT / ".git").exists()
    or not (PROJECT / ".pre-commit-hooks.yaml").exists(),
    reason="PMKIT_SKIP_PRECOMMIT=1, or not a git checkout of pmkit",
)


def _pre_commit() -> list[str]:
    exe = str(Path(sys.executable).parent / "pre-commit")
    if not Path(exe).exists():
        exe = shutil.which("pre-commit") or exe
    return [exe]


def test_history_hooks_through_git_commit(tmp_path: Path) -> None:
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True, text=True,
                         check=True).stdout.strip()
    repo = GitRepo(tmp_path / "repo")
    repo.write(".pre-commit-config.yaml",
               f"repos:\n  - repo: {PROJECT}\n    rev: {rev}\n    hooks:\n"
               "      - id: pmkit-history\n      - id: pmkit-history-repo\n")
    repo.write(PM, PUBLISHED)
    repo.write("postmortems/other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    repo.commit("Publish two postmortems")
    env = repo.env()
    env["PRE_COMMIT_COLOR"] = "never"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run([*_pre_commit(), "install"], cwd=repo.root, env=env, check=True,
                   capture_output=True)

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["git", "commit", "-m", message], cwd=repo.root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              check=False)
        return done

    # 1. a silent change is stopped, with the old and the new value
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    repo.git("add", PM)
    done = commit("bump the count")
    assert done.returncode == 1, done.stdout
    assert (f"{PM}:11:19: PM601 impact.users_affected changed from 12000 to 15000 since it was "
            "published (HEAD), and no new correction declares it (silent-fact-change)") in done.stdout

    # 2. declared: the commit passes; the unstaged silent edit is stashed by pre-commit, so
    #    the hook sees the file exactly as it will be committed
    repo.edit(PM, "corrections: []\n",
              "corrections:\n  - {at: 2026-11-20, description: 'The final count is 15,000.',"
              " fields: [impact.users_affected]}\n")
    repo.git("add", PM)
    repo.edit(PM, "data_loss: false", "data_loss: true")
    done = commit("correct the count")
    assert done.returncode == 0, done.stdout
    assert "data_loss: true" in repo.read(PM)  # the unstaged edit is back, not committed
    assert "data_loss: false" in repo.git("show", f"HEAD:{PM}")
    repo.git("checkout", "--", PM)

    # 3. deleting a published postmortem is stopped by the repository-wide hook
    repo.git("rm", "-q", "postmortems/other.yaml")
    done = commit("remove the other one")
    assert done.returncode == 1, done.stdout
    assert "pmkit history (published postmortems deleted or renamed)" in done.stdout
    assert ("postmortems/other.yaml:1:1: PM605 published postmortem postmortems/other.yaml "
            "(id 2026-04-01-other) was deleted") in done.stdout
