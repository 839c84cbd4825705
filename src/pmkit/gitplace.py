"""Which git repository a path belongs to, found as git finds it: the nearest ``.git`` above,
within GIT_CEILING_DIRECTORIES, through symbolic links; and git asked a question without
gitpython (:func:`ask_git`).

Kept apart from :mod:`pmkit.history` (gitpython's reader, and most of pmkit's git) so that the
command can ask it as it starts (see :mod:`pmkit.early`) without importing that module.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.fsutil import is_folder, is_git_folder

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterable, Iterator

#: Why a path has no git history when no repository holds it.
NOT_IN_REPOSITORY = "not inside a git repository"


def in_no_repository(path: str | os.PathLike[str]) -> bool:
    """Whether no git repository holds ``path`` and GIT_DIR names none: git would say
    :data:`NOT_IN_REPOSITORY` of it, which is settled here without running git.

    One walk up the folders looks at each for a work tree's ``.git`` and for a bare repository
    (what :func:`repository_key` and :func:`bare_repository` find); only then are the folders
    the path's symbolic links lead to looked at for a ``.git``, as :func:`repository_key` does.
    """
    if "GIT_DIR" in os.environ:
        return False
    folder = _folder_of(path)
    for parent in _folders_up(folder):
        if os.path.exists(parent / ".git") or is_git_folder(parent):
            return False
    try:
        real = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return True
    return real == folder or not _nearest_git(real)


def bare_repository(path: str | os.PathLike[str]) -> str:
    """The folder of the bare repository git finds from ``path`` (run there, in a clone made with
    ``git clone --bare``, say), or "" when it finds none, or a work tree's ``.git`` first.

    git looks in each folder up from the current one for a ``.git``, and then at the folder
    itself as a repository's git folder: a bare repository is found that second way, and has
    no ``.git`` for :func:`repository_key` to find. Taken for no repository, a run inside one
    said "not inside a git repository", and a folder it has no work tree for "no such file or
    folder", where git's answer is that the repository is bare.
    """
    if "GIT_DIR" in os.environ:
        return ""
    return _bare_from(_folder_of(path))


def bare_repositories(paths: Iterable[str]) -> dict[str, str]:
    """Of ``paths``, those from which git finds a bare repository (see :func:`bare_repository`),
    each with that repository's folder: a folder or file of the repository's own folder (its
    ``hooks``, a file copied into it), or one that is not there. One walk up for each folder,
    which stops at the first ``.git``: the files of a work tree cost a few looks.

    A work tree's ``.git`` folder is found too, as git tells such a folder, by what is in it:
    whether the repository is set to be bare is asked of git (``history.no_work_tree``)."""
    if "GIT_DIR" in os.environ:
        return {}
    found: dict[str, str] = {}
    walked: dict[Path, str] = {}
    for path in paths:
        folder = _folder_of(path)
        if folder not in walked:
            walked[folder] = _bare_from(folder)
        if walked[folder]:
            found[path] = walked[folder]
    return found


def _bare_from(folder: Path) -> str:
    for parent in _folders_up(folder):
        if os.path.exists(parent / ".git"):
            return ""
        if is_git_folder(parent):
            return str(parent)
    return ""


def _folder_of(path: str | os.PathLike[str]) -> Path:
    """The folder git starts looking from for ``path``: the path itself if a folder, else the
    folder that holds it (made absolute)."""
    start = Path(os.path.abspath(path))
    return start if is_folder(start) else start.parent


def _folders_up(folder: Path) -> Iterator[Path]:
    """``folder`` and the folders above it, in the order git looks in them for a repository,
    up to (not into) the ceiling GIT_CEILING_DIRECTORIES sets."""
    limit = _steps_below_ceiling(folder)
    for step, parent in enumerate((folder, *folder.parents)):
        if limit is not None and step > limit:
            return  # git does not look in or above the ceiling
        yield parent


def repository_key(path: str | os.PathLike[str]) -> str:
    """The folder of the repository a path belongs to (its nearest ``.git``); "" if none.

    A submodule or a nested repository is its own repository, and a file outside any
    repository is in none: a run may hold files of several.
    """
    if "GIT_DIR" in os.environ:
        return ""
    folder = _folder_of(path)
    found = _nearest_git(folder)
    if not found:
        # A folder reached through a symbolic link from outside the repository (~/postmortems
        # linked to the repository's folder): git works in the folder the link leads to.
        try:
            real = Path(os.path.realpath(folder))
        except (OSError, ValueError):
            return ""
        found = _nearest_git(real) if real != folder else ""
    return found


def _nearest_git(folder: Path) -> str:
    """The folder of the nearest ``.git`` from ``folder`` up, as git looks for it; "" if none."""
    for parent in _folders_up(folder):
        # os.path.exists, not Path.exists: a folder that may not be read (mode 000) raised
        # PermissionError there, an internal error of a run that names a file inside it.
        if os.path.exists(parent / ".git"):
            return str(parent)
    return ""


def _steps_below_ceiling(folder: Path) -> int | None:
    """How many folders up from ``folder`` git looks for a repository before the nearest
    folder above it that GIT_CEILING_DIRECTORIES names; None when none does.

    As git reads the variable (setup.c): absolute paths separated by ':', resolved through
    symbolic links unless they follow an empty entry; one that is ``folder`` itself is no
    ceiling of it. The folder is compared as resolved, as git compares its current folder.
    """
    given = os.environ.get("GIT_CEILING_DIRECTORIES")
    if not given:
        return None
    try:
        here = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return None
    nearest: Path | None = None
    resolve = True
    for entry in given.split(os.pathsep):
        if not entry:
            resolve = False  # entries after an empty one are taken as written
            continue
        if not os.path.isabs(entry):
            continue
        try:
            ceiling = Path(os.path.realpath(entry) if resolve else os.path.normpath(entry))
        except (OSError, ValueError):
            continue
        if ceiling != here and here.is_relative_to(ceiling) and (
                nearest is None or len(ceiling.parts) > len(nearest.parts)):
            nearest = ceiling
    # Counted on the resolved folder; the walk goes up as many from the folder as given.
    return None if nearest is None else len(here.parts) - len(nearest.parts) - 1


def ask_git(command: list[str], *, timeout: float, cwd: str | None = None,
            env: dict[str, str] | None = None) -> tuple[int, bytes] | None:
    """Run ``command`` (git, asked before gitpython is imported, or without it) and return its
    exit status and output; None when it cannot be started (not there, not runnable, a NUL in
    an argument). It runs in a session of its own: when it does not answer within ``timeout``
    seconds, it is killed with whatever it started (a wrapper's own children hold its pipes
    open) and ``subprocess.TimeoutExpired`` is raised."""
    import subprocess

    try:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    except (OSError, ValueError):
        return None
    output, _ = finish(process, timeout)
    ANSWERED.add((command[0], (os.environ if env is None else env).get("PATH", "")))
    return process.returncode, output


def finish(process: subprocess.Popen[bytes], timeout: float | None) -> tuple[bytes, bytes]:
    """What ``process`` (started in a session of its own) printed on its output and its errors,
    once it ended; when it does not end within ``timeout`` seconds, it is killed with whatever it
    started (a wrapper's own children hold its pipes open) and ``subprocess.TimeoutExpired`` is
    raised."""
    import signal
    import subprocess

    with process:
        try:
            output, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                if sys.platform == "win32":
                    process.kill()
                else:
                    os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                pass
            process.communicate()
            raise
    return output or b"", errors or b""


#: The programs (as named, with the ``PATH`` they were found on) that :func:`ask_git` ran and
#: that answered, in this process: git that answered the log cache's question as the command
#: started needs no second test before gitpython's import (``history._unresponsive_git``).
ANSWERED: set[tuple[str, str]] = set()
