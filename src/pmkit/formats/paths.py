"""Paths as CI systems want them: relative to the repository root, with forward slashes."""

from __future__ import annotations

import os
import re
from pathlib import Path


def repo_root(start: Path | None = None) -> Path:
    """The folder holding ``.git`` above ``start`` (default: cwd), or ``start`` itself."""
    here = absolute(start or Path.cwd())
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def workspace_root() -> Path:
    """Where GitHub Actions resolves annotation paths: ``$GITHUB_WORKSPACE``, else the repo."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    return absolute(workspace) if workspace else repo_root()


#: Names that stand for no file: the API's ``check_text(text)`` is "<string>".
_PSEUDO = re.compile(r"<[^<>/\\]*>")


def is_pseudo(path: str) -> bool:
    """True for "<string>" and its kind (text checked from memory); a file may well be named
    "<x>.yaml", and one named "<string>" is a file."""
    return _PSEUDO.fullmatch(path) is not None and not os.path.lexists(path)


def absolute(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute with the folders above it resolved (as a root is), but not the
    file itself: a symlink is reported under its own name, the one a pull request changed, and
    a symlink loop is no error here."""
    full = Path(os.path.abspath(path))
    try:
        return full.parent.resolve() / full.name
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a loop among the folders (Python 3.11);
        return full  # ValueError: a NUL in a folder's name, which the API's text may be given under


def relative(path: str, root: Path | None) -> str | None:
    """``path`` relative to ``root`` in POSIX form; None when it lies outside ``root``."""
    if is_pseudo(path):
        return path
    if root is None:
        return path.replace(os.sep, "/")
    # The root is a folder: resolved whole, its own name too. A workspace that is a symbolic
    # link (a self-hosted runner's work folder) kept its name, while the file's folders were
    # resolved, so a file given by its real path lay "outside" and was named absolutely.
    try:
        return absolute(path).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return None
