"""A file's repository-relative name (GitEvidence.relative), worked out once per folder for a
file that is no link: the same names as each path joined and compared on its own, for files
at the top, nested, in a linked folder inside or outside, links to files, folders and odd names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmkit.history import GitEvidence


def _each_on_its_own(evidence: GitEvidence, path: str) -> str | None:
    """The name as it was worked out before: the path resolved, then its real folder joined."""
    assert evidence.root is not None
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    try:
        first = (Path(absolute).resolve() if not name or name in (".", "..") or os.path.islink(absolute)
                 else Path(folder).resolve() / name)
        candidates = [first, Path(folder).resolve() / name]
    except (OSError, RuntimeError, ValueError):
        candidates = [Path(absolute)]
    for candidate in candidates:
        try:
            return candidate.relative_to(evidence.root).as_posix()
        except ValueError:
            continue
    return None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_names_are_those_of_each_path_on_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = (tmp_path / "repo").resolve()
    (root / "postmortems" / "deep").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    for folder in (root, root / "postmortems", root / "postmortems" / "deep", outside):
        (folder / "pm.yaml").write_text("id: x\n", encoding="utf-8")
    (root / "linked").symlink_to(root / "postmortems")  # a linked folder inside
    (root / "out").symlink_to(outside)  # a linked folder that leads out
    (root / "postmortems" / "link.yaml").symlink_to(root / "pm.yaml")  # a link to a file inside
    (root / "postmortems" / "away.yaml").symlink_to(outside / "pm.yaml")  # a link to one outside
    (root / "loop").symlink_to(root / "loop")  # a loop of links
    evidence = GitEvidence(root=root)
    monkeypatch.chdir(root / "postmortems")
    paths = [
        root / "pm.yaml", root / "postmortems" / "pm.yaml", root / "postmortems" / "deep" / "pm.yaml",
        root / "linked" / "pm.yaml", root / "linked" / "deep" / "pm.yaml", root / "out" / "pm.yaml",
        root / "postmortems" / "link.yaml", root / "postmortems" / "away.yaml", outside / "pm.yaml",
        root / "postmortems" / "missing.yaml", root / "postmortems", root, root / "loop" / "pm.yaml",
        root / "postmortems" / "..", root / "postmortems" / ".", tmp_path / "elsewhere.yaml",
        "pm.yaml", "deep/pm.yaml", "../pm.yaml", "./../postmortems/pm.yaml", "na\u00efve name.yaml",
    ]
    for path in [*paths, *paths]:  # (the second time from what was worked out the first)
        assert evidence.relative(path) == _each_on_its_own(evidence, str(path)), path
    assert evidence.relative(root / "postmortems" / "deep" / "pm.yaml") == "postmortems/deep/pm.yaml"
    assert evidence.relative(root / "pm.yaml") == "pm.yaml"
    assert evidence.relative(root / "out" / "pm.yaml") is None
