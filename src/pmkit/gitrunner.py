"""git run directly, for a check of a few files in a plain repository (a pre-commit hook's), or
of any number whose rules read only the files' base versions (the repository-wide history hook).

pmkit reads git through gitpython (:mod:`pmkit.history`). For a hook's one file, gitpython's
import alone (its modules and its two ``git version`` runs) was about a fifth of the check's
time, more than all the git commands the check runs; those commands are plain ones, which
gitpython only starts and waits for. So in the one case where that import is the cost of the
whole run, a run of a few files in a repository whose ``.git`` folder is at the top of its work
tree (or in a linked worktree of one), and the history hook's run of every postmortem there,
:class:`PlainRepository` stands in for gitpython's
``Repo``: it offers the few parts of ``Repo`` and ``Git`` that :mod:`pmkit.history` uses, and
runs each command as gitpython runs it (the same environment, locale and working folder, output
decoded and its last newline cut as gitpython does, failures raised with git's status and
words). Every other repository (a submodule among them), and every larger run that reads the
log, is read through gitpython as before (see :func:`pmkit.history.open_repository`).
"""

from __future__ import annotations

import os
import re
import subprocess
import weakref
from pathlib import Path
from typing import IO, Any

from pmkit.fsutil import is_folder
from pmkit.gitplace import finish

#: Lines of a repository's own settings that gitpython would read to find its work tree
#: elsewhere (core.worktree), to take it for bare (core.bare), or that bring in other files
#: that could (include, includeIf); and per-worktree settings (extensions.worktreeConfig).
_SETTINGS_ELSEWHERE = re.compile(r"(?:^|\])\s*bare\s*(?:=(?!\s*(?:false|no|off|0)\s*$)|$)|worktree|include",
                                 re.IGNORECASE | re.MULTILINE)


#: A repository's settings file longer than this (a few hundred bytes is usual) is left to gitpython.
_MOST_SETTINGS = 1 << 16

#: A ``.git`` file or a ``commondir`` longer than this (one path) is left to gitpython.
_MOST_POINTER = 1 << 12

#: A commit id as a ref file or a line of ``packed-refs`` writes it: SHA-1 or SHA-256.
_COMMIT_ID = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")


class GitFailed(Exception):
    """A git command ended with a status other than 0. ``stderr`` holds git's words (one last
    newline cut, as gitpython's error holds them), ``status`` its exit status."""

    def __init__(self, command: list[str], status: int, stderr: str) -> None:
        super().__init__(f"'{' '.join(command)}' returned with exit code {status}: {stderr}")
        self.command = command
        self.status = status
        self.stderr = stderr


class _Persistent:
    """The ``cat-file --batch`` process a :class:`Runner` keeps: ``proc`` as gitpython's
    persistent command has it (the reader's watchdog kills it there)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc


def _end(proc: subprocess.Popen[bytes]) -> None:
    """End a persistent ``cat-file``: its input closed, it exits; killed if it does not."""
    try:
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait(timeout=5)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()
    finally:
        if proc.stdout is not None:
            proc.stdout.close()


class Runner:
    """Runs git in a repository's work tree as gitpython's ``Git`` object does, for what
    :mod:`pmkit.history` asks of it: :meth:`execute`, the persistent :meth:`get_object_data`
    and the environment every command gets."""

    def __init__(self, working_dir: str, environment: dict[str, str] | None = None) -> None:
        self.working_dir = working_dir
        self._environment: dict[str, str] = dict(environment or {})
        self.cat_file_all: _Persistent | None = None

    def environment(self) -> dict[str, str]:
        return dict(self._environment)

    def update_environment(self, **values: str) -> None:
        self._environment.update(values)

    def _env(self) -> dict[str, str]:
        # gitpython's order: the process's environment, its locale for git's messages, then ours.
        return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **self._environment}

    def execute(self, command: list[str], istream: IO[bytes] | None = None, *, stdout_as_string: bool = True,
                strip_newline_in_stdout: bool = True, kill_after_timeout: float | None = None) -> str | bytes:
        """What ``command`` prints: text (UTF-8, other bytes kept as surrogates) or bytes, the
        last newline cut unless asked not to. :class:`GitFailed` when git fails;
        ``subprocess.TimeoutExpired`` when it does not end within ``kill_after_timeout`` seconds
        (it is killed)."""
        # In a session of its own, as pmkit.gitplace.ask_git runs git: given up on, it is killed
        # with what it started (gitpython kills those too).
        process = subprocess.Popen(command, cwd=self.working_dir, env=self._env(),
                                   stdin=istream if istream is not None else subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        out, errors = finish(process, kill_after_timeout)
        if process.returncode != 0:
            raise GitFailed(command, process.returncode,
                            errors.removesuffix(b"\n").decode("utf-8", "surrogateescape"))
        if strip_newline_in_stdout:
            out = out.removesuffix(b"\n")
        return out.decode("utf-8", "surrogateescape") if stdout_as_string else out

    def get_object_data(self, spec: str) -> tuple[bytes, bytes, int, bytes]:
        """One object through the persistent ``git cat-file --batch``: its id, kind, size and
        contents. ``ValueError`` as gitpython's reader raises it: "SHA is empty" when the
        process gave no answer (it ended), another for a name git says is missing or
        ambiguous; ``OSError`` when its pipe is closed."""
        if "\n" in spec:
            raise ValueError(f"Object name {spec!r} contains a line feed")
        if self.cat_file_all is None:
            proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.working_dir, env=self._env(),
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self.cat_file_all = _Persistent(proc)
            weakref.finalize(self, _end, proc)
        proc = self.cat_file_all.proc
        if proc.stdin is None or proc.stdout is None:
            raise OSError("cat-file has no pipes")
        proc.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
        proc.stdin.flush()
        words = proc.stdout.readline().split()
        if not words:
            raise ValueError(f"SHA is empty: cat-file in {self.working_dir} gave no answer")
        if len(words) != 3:
            raise ValueError(f"SHA {spec} could not be resolved, git returned: {b' '.join(words)!r}")
        size = int(words[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the contents
        return words[0], words[1], size, data


class PlainRepository:
    """A repository whose ``.git`` folder is at the top of its work tree, or a linked worktree of
    one (``git worktree add``), as much of gitpython's ``Repo`` as :mod:`pmkit.history` uses:
    ``git_dir`` holds what is the work tree's own (HEAD, the index, MERGE_HEAD,
    ``config.worktree``), ``common_dir`` what its worktrees share (objects, refs, the settings,
    ``info/attributes``); the same folder for a repository's main work tree."""

    def __init__(self, root: str, git_dir: str | None = None, common_dir: str | None = None) -> None:
        self.working_tree_dir = self.working_dir = root
        self.git_dir = git_dir or os.path.join(root, ".git")
        self.common_dir = common_dir or self.git_dir
        self.git = Runner(root)

    def new_runner(self) -> Runner:
        """A :class:`Runner` of its own (a forked process must not share its parent's pipes)."""
        return Runner(self.working_dir, self.git.environment())

    def remote_tracking_tips(self) -> frozenset[str] | None:
        """The commits the remote-tracking branches written in the repository's refs point at,
        as ``git for-each-ref refs/remotes`` would list them: each line of ``packed-refs``
        naming one, each file under ``refs/remotes`` in its place (a ref being written,
        ``origin/main.lock``, is no ref yet; a symbolic one, ``origin/HEAD``, names another;
        one that holds no commit id is broken, and git lists it not). None when the refs are
        not files (reftable) or cannot be read: then git is asked. A hook's check of an edited
        published postmortem asks this first (was the base version pushed?), and the git
        processes that answered it took 3-5 ms each of the process that ends last."""
        if os.path.exists(os.path.join(self.common_dir, "reftable")):
            return None
        from pmkit.fsutil import read_regular

        tips: dict[str, str | None] = {}
        try:
            with open(os.path.join(self.common_dir, "packed-refs"), "rb") as packed:
                for line in packed:
                    value, _, packed_name = line.strip().partition(b" ")
                    if packed_name.startswith(b"refs/remotes/") and _COMMIT_ID.fullmatch(value):
                        tips[packed_name.decode("utf-8", "surrogateescape")] = value.decode("ascii")
        except FileNotFoundError:
            pass
        except OSError:
            return None
        top = os.path.join(self.common_dir, "refs", "remotes")
        try:
            for folder, _subfolders, files in os.walk(top, onerror=_raise):
                for name in files:
                    if name.endswith(".lock"):
                        continue
                    path = os.path.join(folder, name)
                    written = read_regular(path, 4096).strip()
                    ref = "refs/remotes/" + os.path.relpath(path, top).replace(os.sep, "/")
                    tips[ref] = written.decode("ascii") if _COMMIT_ID.fullmatch(written) else None
        except FileNotFoundError:  # (no refs/remotes: nothing fetched, or every ref packed)
            pass
        except OSError:
            return None
        return frozenset(tip for tip in tips.values() if tip is not None)


def _raise(error: OSError) -> None:
    raise error


def plain_repository(key: str) -> PlainRepository | None:
    """The repository whose work tree is ``key`` (a folder holding ``.git``, found by
    :func:`pmkit.gitplace.repository_key`), when gitpython would find it there and nothing
    about it needs gitpython's reading of its settings: a ``.git`` folder of a repository of
    its own (no ``commondir``), or the ``.git`` file of a linked worktree of such a repository
    (not a submodule's: :func:`_linked_worktree`), whose settings (the shared ones, and the
    work tree's own ``config.worktree``) neither move its work tree nor make it bare. Else None."""
    dot_git = os.path.join(key, ".git")
    try:
        if is_folder(Path(dot_git)):
            if os.path.exists(os.path.join(dot_git, "commondir")):
                return None
            places: tuple[str, str] | None = (dot_git, dot_git)
        else:
            places = _linked_worktree(key, dot_git)
        if places is None:
            return None
        git_dir, common_dir = places
        if not (_plain_settings(os.path.join(common_dir, "config"))
                and _plain_settings(os.path.join(git_dir, "config.worktree"), missing=True)):
            return None
    except (OSError, ValueError):
        return None
    if git_dir == dot_git:
        return PlainRepository(os.path.realpath(key))
    return PlainRepository(os.path.realpath(key), git_dir, common_dir)


def _linked_worktree(key: str, dot_git: str) -> tuple[str, str] | None:
    """The git folder and the common folder of the linked worktree whose ``.git`` file is
    ``dot_git`` ("gitdir: <path>", relative to the work tree ``key`` or absolute), when it is one
    of a repository's own ``.git`` folder: the git folder is that ``.git``'s
    ``worktrees/<name>``, and its ``commondir`` names that ``.git``. None otherwise: a
    submodule (no ``commondir``; its repository, or a worktree of it, lies in another's
    ``modules/``), a repository whose git folder was put elsewhere (``--separate-git-dir``), a
    file git would not read as a ``.git`` file. Those are left to gitpython."""
    with open(dot_git, "rb") as pointer:
        said = os.fsdecode(pointer.read(_MOST_POINTER + 1))
    # As git reads it: "gitdir: " and the path, up to its line end.
    if len(said) > _MOST_POINTER or not said.startswith("gitdir: "):
        return None
    named = said.removeprefix("gitdir: ").rstrip("\r\n")
    if not named or "\n" in named:
        return None
    git_dir = os.path.realpath(os.path.join(key, named))
    with open(os.path.join(git_dir, "commondir"), "rb") as common:  # (none: a submodule's)
        shared = os.fsdecode(common.read(_MOST_POINTER + 1)).rstrip("\r\n")
    if not shared or "\n" in shared:
        return None
    common_dir = os.path.realpath(os.path.join(git_dir, shared))
    own = os.path.basename(common_dir) == ".git" and is_folder(Path(common_dir))
    if not own or os.path.dirname(git_dir) != os.path.join(common_dir, "worktrees"):
        return None
    return git_dir, common_dir


def _plain_settings(name: str, *, missing: bool = False) -> bool:
    """Whether the settings file ``name`` sets nothing that makes gitpython's reading of the
    repository differ from git's finding it in its work tree (:data:`_SETTINGS_ELSEWHERE`), and
    is of a usual size; ``missing`` when there is no such file. ``OSError`` when it cannot be read."""
    try:
        with open(name, "rb") as settings:
            raw = settings.read(_MOST_SETTINGS + 1)
    except FileNotFoundError:
        if not missing:
            raise
        return True
    return len(raw) <= _MOST_SETTINGS and not _SETTINGS_ELSEWHERE.search(raw.decode("utf-8", "replace"))


def new_runner(repo: Any) -> Any:
    """A command object of its own for ``repo`` (gitpython's or a :class:`PlainRepository`),
    with the same environment: one for a process forked from the one that opened it."""
    if isinstance(repo, PlainRepository):
        return repo.new_runner()
    import git

    runner = git.Git(repo.working_dir)
    runner.update_environment(**repo.git.environment())
    return runner
