"""Paths as CI systems want them: relative to the repository root, with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root(start: Path | None = None) -> Path:
    """The folder holding ``.git`` above ``start`` (default: cwd), or ``start`` itself."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def workspace_root() -> Path:
    """Where GitHub Actions resolves annotation paths: ``$GITHUB_WORKSPACE``, else the repo."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    return Path(workspace).resolve() if workspace else repo_root()


def relative(path: str, root: Path | None) -> str | None:
    """``path`` relative to ``root`` in POSIX form; None when it lies outside ``root``."""
    if path.startswith("<"):  # "<string>" and friends
        return path
    if root is None:
        return path.replace(os.sep, "/")
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
