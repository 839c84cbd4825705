"""A postmortem folder that holds a symbolic link to a postmortem is not kept in the memo of the
folder's ids (PM027): where the link leads can change outside the folder (a link it leads through
retargeted), so that two names that were one file, listed once, become two files with no folder's
times changed, and the kept ids missed the second."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from history_git import PUBLISHED, SRC


def _pm(path: Path, ident: str) -> None:
    path.write_text(PUBLISHED.replace("id: 2026-03-02-queue", f"id: {ident}"), encoding="utf-8")


def _pm027(root: Path, cache: Path | None) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PMKIT_", "GIT_"))}
    env.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25")
    env.update({"PMKIT_CACHE_DIR": str(cache)} if cache is not None else {"PMKIT_NO_CACHE": "1"})
    # (Files changed in the last two seconds are never taken from the memo: here they count as
    # settled at once, as they are two seconds later.)
    settled = "import pmkit.folderids; pmkit.folderids.SETTLED_NS = 0; from pmkit.launcher import run; run()"
    done = subprocess.run([sys.executable, "-c", settled, "check", "--select", "PM027", "--no-hints",
                           "check/new.yaml"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_a_link_retargeted_outside_the_folder_is_seen(tmp_path: Path) -> None:
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "ext").mkdir()
    (tmp_path / "check").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    _pm(tmp_path / "postmortems" / "y.yaml", "Y")
    _pm(tmp_path / "ext" / "real.yaml", "R")
    _pm(tmp_path / "check" / "new.yaml", "Y")
    # x.yaml leads through ext/link to y.yaml: one file with two names, which a walk lists once.
    (tmp_path / "ext" / "link").symlink_to("../postmortems/y.yaml")
    (tmp_path / "postmortems" / "x.yaml").symlink_to("../ext/link")
    cache = tmp_path / "cache"
    before = _pm027(tmp_path, None)
    assert "PM027 id 'Y'" in before
    assert _pm027(tmp_path, cache) == before
    # Retargeted outside the folder, to a file of another id: y.yaml alone has the checked id.
    (tmp_path / "ext" / "link").unlink()
    (tmp_path / "ext" / "link").symlink_to("real.yaml")
    after = _pm027(tmp_path, None)
    assert "id 'Y' is also the id of postmortems/y.yaml" in after
    assert _pm027(tmp_path, cache) == after


def test_an_editors_lock_beside_the_postmortems_keeps_the_memo(tmp_path: Path) -> None:
    """Emacs marks a file it has open with a link to nowhere, '.#name.yaml': a hidden name, which
    no walk lists, so the folder's ids are still kept while the file is open."""
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "check").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    _pm(tmp_path / "postmortems" / "y.yaml", "Y")
    _pm(tmp_path / "check" / "new.yaml", "Y")
    (tmp_path / "postmortems" / ".#y.yaml").symlink_to("user@host.12345:1700000000")
    cache = tmp_path / "cache"
    assert "PM027 id 'Y'" in _pm027(tmp_path, cache)
    assert (cache / "folder-ids.bin").is_file()
