"""The git log of a run's files kept between runs, and read on from where it ended.

git finds the commits that changed a file by comparing, commit by commit, the trees of its
folder: in a history of 10,000 commits and a folder of 1,000 postmortems that is ~0.35 s of git
for a hook's one file, on every commit, for a history that did not change since the last run
but for the commit just made. The log of a commit's history never changes (its id names it,
parents and all), so a run keeps each log it read from HEAD in the user's cache folder (in
``logs/``, beside the compiled patterns of :mod:`pmkit.patterncache`), with the commit it was
read from: a run of the command, and a check of a program that uses the library.
The next run reads only the commits since (``git log HEAD ^TIP``) and puts them before the kept
ones: the same log, in the same order, when those commits are one line from the kept tip (as a
hook's commits on a branch are). After a merge (a pull), a log's reader may say where the kept
log can be cut (``below``: :func:`pmkit.history.kept_below`): at a commit every line of HEAD's
history passes through, at or below the tip, as the slices of one log are cut.

What a run does (:func:`plan_for`, once per run and folder):

- ``git rev-parse HEAD``: the commit to read from, named exactly, so that what is kept is the
  log of that commit (a commit made meanwhile is not half in it);
- no entry kept: the whole log, as without the cache;
- an entry kept at HEAD itself: no log at all;
- one kept at a commit that HEAD continues in one line of commits (``git rev-list --parents
  HEAD ^TIP``, each commit with one parent, down to TIP): the commits since;
- one kept at a commit HEAD continues with a merge, when the reader finds such a commit X:
  the commits since X (``HEAD ^X``), before the kept log's end that is X's own log;
- one kept at a commit HEAD does not continue so (a rebase, a reset, another branch), or
  none found: the whole log, kept at HEAD in its place.

The commits of HEAD in the order the logs list them (``git rev-list --topo-order --parents``,
which a file moved into the checked folder needs to follow its earlier name) are kept and read
on in the same way.

The log of a file's earlier name, read from a commit (a file moved into the checked folder
from elsewhere: :func:`plan_from`), never changes at all: it is kept whole, under that commit.

Nothing here is load-bearing: a cache turned off (``PMKIT_NO_CACHE=1``), missing, damaged,
someone else's, or a git that does not answer leaves the run to read the whole log itself. A
shallow repository's log is kept for the commits its history is cut at (the digest of its
``shallow`` file is part of what an entry is for): deepening it, or fetching more of it, changes
a commit's history there, and that file with it. The library
(``import pmkit``) and the command share this, as they share the log's reader: unlike the
pattern cache and the memos, which only the command keeps, a program's checks in a repository
write these files too, as the README says.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pmkit.digest import sha256_hex

#: The first line of an entry; another means another format, which is not read.
_MAGIC = b"pmkit-log-1\n"
#: Bounds: entries kept (the oldest are removed beyond), and an entry's size.
MAX_ENTRIES = 256
MAX_BYTES = 64 * 1024 * 1024
#: Variables of a git hook's or a terminal's environment that change nothing git prints for a
#: log (a hook's index, the commit's identity): they are not part of what an entry is for.
_UNRELATED = ("GIT_INDEX_FILE", "GIT_EDITOR", "GIT_PREFIX", "GIT_REFLOG_ACTION", "GIT_AUTHOR_",
              "GIT_COMMITTER_", "GIT_TRACE", "GIT_PAGER", "GIT_TERMINAL_PROMPT", "GIT_ASKPASS",
              "GIT_SSH", "GIT_PYTHON_")
#: A commit id, SHA-1 or SHA-256 (what is read from an entry is given to git only as one).
_COMMIT = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")


@dataclass
class Plan:
    """How this run reads the log of ``specs``: from ``head``, by running ``command`` (None:
    the kept entry is the whole log) and putting its output before ``kept`` (None: nothing
    kept for it, the command reads the whole log)."""

    head: str
    command: list[str] | None
    kept: bytes | None
    entry: Path
    key: str
    #: The log command without its revisions, and the paths it is for.
    base: list[str]
    specs: list[str]
    #: Where the log starts: ``HEAD``, or a commit named by its id (:func:`plan_from`).
    start: str = "HEAD"
    #: A shallow repository's ``shallow`` file, and its digest when the plan was made: the log
    #: read is kept only if the history is cut at the same commits after it was read.
    shallow: tuple[str, str] | None = None

    @property
    def plain(self) -> list[str]:
        """The command as it is run without the cache."""
        return [*self.base, self.start, "--", *self.specs]


#: The plans made ahead (:func:`plan_ahead`) for the reader to take: the head start and the
#: reader must run the very same command (see :mod:`pmkit.headstart`).
_PLANS: dict[tuple[str, tuple[str, ...]], Plan | None] = {}


#: git's answer to ``rev-parse --is-shallow-repository --verify HEAD`` in each work tree, as a
#: plan made ahead asked it: the run's repository asks the same (:func:`head_answer`).
_ANSWERS: dict[str, list[str]] = {}


#: How a log kept at a commit that HEAD continues with a merge is read on (see :func:`_plan`):
#: given HEAD, the kept tip and the kept log, a commit every line of HEAD's history passes
#: through at or below the tip, and the part of the kept log that is that commit's own log;
#: None when there is no such commit (then the whole log is read).
Below = Callable[[str, str, bytes], tuple[str, bytes] | None]


def plan_ahead(root: str, command: list[str], specs: list[str], env: dict[str, str],
               timeout: float, below: Below | None = None) -> Plan | None:
    """The plan for ``command`` (a ``git log`` without its revisions) of ``specs`` in the work
    tree ``root``, made as the command starts and kept for :func:`plan_for` to take; None when
    the cache is off or cannot be used (the log is read as without it)."""
    root = os.path.realpath(root)
    plan = _PLANS[_memo(root, command, specs)] = _plan(root, command, specs, env, timeout, ahead=True,
                                                       below=below)
    return plan


def head_answer(root: str) -> list[str] | None:
    """The words of git's answer to ``rev-parse --is-shallow-repository --verify HEAD`` in the
    work tree ``root``, if a plan made ahead asked it in this run (once: then it is asked anew)."""
    return _ANSWERS.pop(os.path.realpath(root), None)


def plan_for(root: str, command: list[str], specs: list[str], env: dict[str, str],
             timeout: float, below: Below | None = None) -> Plan | None:
    """The plan made ahead for this log, or a new one (see :func:`plan_ahead`); git is given
    ``timeout`` seconds for each of its answers."""
    root = os.path.realpath(root)
    memo = _memo(root, command, specs)
    if memo in _PLANS:
        return _PLANS.pop(memo)
    return _plan(root, command, specs, env, timeout, below=below)


def lines_of(root: str, command: list[str], env: dict[str, str], timeout: float) -> list[str] | None:
    """The lines ``command`` (``git rev-list ...`` without its revision) writes for HEAD in the
    work tree ``root``, read on from what was kept as a log is, and kept; None when git could
    not say."""
    plan = _plan(os.path.realpath(root), command, [], env, timeout)
    if plan is None:
        out = _git([*command, "HEAD"], root, env, timeout)
    elif plan.command is None:
        out = plan.kept
    else:
        new = _git(plan.command, root, env, timeout)
        out = None if new is None else combined(plan, new, b"\n")
        if out is not None:
            keep(plan, out)
    return None if out is None else os.fsdecode(out).splitlines()


def plan_from(root: str, command: list[str], specs: list[str], start: str,
              common_dir: str | None) -> Plan | None:
    """The plan for ``command`` (a ``git log`` without its revisions) of ``specs`` from the
    commit ``start``, named by its id: a history that never changes, so the log is read once
    and then kept whole. The earlier names of a file moved into the checked folders are read so
    (:func:`pmkit.history._followed_log`): in a history of 10,000 commits with many merges,
    that log took 0.5 s of every hook's run for a file once moved (``git mv incoming/...``).
    None when the cache is off, or the repository (its ``common_dir``, the folder of its
    objects and refs) is shallow: fetching more of it changes a commit's history there."""
    from pmkit.patterncache import cache_folder

    folder = cache_folder()
    if folder is None or common_dir is None or not _COMMIT.fullmatch(start.encode("ascii", "replace")):
        return None
    file = os.path.join(common_dir, "shallow")
    cut = _cut_at(file)
    if cut is None:
        return None
    shallow = (file, cut) if cut else None
    root = os.path.realpath(root)
    key = _key(root, [*command, start], specs, shallow)
    entry = folder / "logs" / f"{key[:40]}.log"
    kept = _read(entry, key)
    if kept is not None and kept[0] == start:
        return Plan(start, None, kept[1], entry, key, command, specs, start, shallow)
    return Plan(start, [*command, start, "--", *specs], None, entry, key, command, specs, start, shallow)


def _cut_at(file: str) -> str | None:
    """The digest of a shallow repository's ``shallow`` file (the commits its history is cut
    at); "" when there is no such file (the repository is not shallow); None when it cannot be
    read (then nothing is kept)."""
    from pmkit.fsutil import read_regular

    try:
        return sha256_hex(read_regular(file, 1 << 26, whole=True))
    except FileNotFoundError:
        return ""
    except (OSError, ValueError):
        return None


def forget() -> None:
    """Drop the plans no reader took: the run is over (a program may run another, later)."""
    _PLANS.clear()
    _ANSWERS.clear()


def _memo(root: str, command: list[str], specs: list[str]) -> tuple[str, tuple[str, ...]]:
    return root, (*command, "--", *specs)


def _plan(root: str, command: list[str], specs: list[str], env: dict[str, str], timeout: float, *,
          ahead: bool = False, below: Below | None = None) -> Plan | None:
    from pmkit.patterncache import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    # HEAD's parents too ("HEAD^@", unambiguous before "--"): after one commit on the kept tip,
    # as before each run of a hook, they say that the log is read on from the tip without a
    # second git process (rev-list) to say so.
    answer = _git(["git", "rev-parse", "--is-shallow-repository", "HEAD", "HEAD^@", "--"], root, env, timeout)
    words = answer.split() if answer is not None else []
    if len(words) < 3 or words[-1] != b"--":
        words = []  # (git did not answer as asked)
    parents = words[2:-1]
    words = words[:2]
    if ahead and len(words) == 2:  # (anything else is left for the repository's reader to meet)
        _ANSWERS[root] = [word.decode("utf-8", "surrogateescape") for word in words]
    if len(words) != 2 or words[0] not in (b"false", b"true") or not _COMMIT.fullmatch(words[1]):
        return None  # (no commit yet, or git did not answer)
    shallow = None
    if words[0] == b"true":
        # The history is cut at the commits of the .git folder's 'shallow' file (a linked
        # worktree's is in the folder of the repository it belongs to: nothing kept there).
        file = os.path.join(root, ".git", "shallow")
        cut = _cut_at(file) if os.path.isdir(os.path.join(root, ".git")) else None
        if not cut:
            return None
        shallow = (file, cut)
    head = words[1].decode("ascii")
    key = _key(root, command, specs, shallow)
    entry = folder / "logs" / f"{key[:40]}.log"
    whole = [*command, head, "--", *specs]
    kept = _read(entry, key)
    if kept is None:
        return Plan(head, whole, None, entry, key, command, specs, shallow=shallow)
    tip, output = kept
    if tip == head:
        return Plan(head, None, output, entry, key, command, specs, shallow=shallow)
    if parents != [tip.encode()]:  # (more than one commit since the tip: is it one line of them?)
        since = _git(["git", "rev-list", "--topo-order", "--parents", head, f"^{tip}"], root, env, timeout)
    else:
        since = b"%s %s\n" % (head.encode(), tip.encode())  # (what rev-list would say of HEAD ^TIP)
    if since is None or not _one_line(since, head, tip):
        # A merge since the tip (a pull): the log of what is newer than a commit every line of
        # HEAD's history passes through, at or below the tip, put before that commit's own log,
        # which the kept one ends with. Else (a rebase, the tip gone) the whole log.
        found = None
        if below is not None and since is not None:
            try:
                found = below(head, tip, output)
            except Exception:  # (nothing here is load-bearing: the whole log, as without it)
                found = None
        if found is None:
            return Plan(head, whole, None, entry, key, command, specs, shallow=shallow)
        cut, tail = found
        return Plan(head, [*command, head, f"^{cut}", "--", *specs], tail, entry, key, command, specs,
                    shallow=shallow)
    return Plan(head, [*command, head, f"^{tip}", "--", *specs], output, entry, key, command, specs,
                shallow=shallow)


def _one_line(listing: bytes, head: str, tip: str) -> bool:
    """Whether ``git rev-list --parents HEAD ^TIP`` lists one line of commits from HEAD down to
    a child of TIP, each with one parent: the new commits then come before all of the kept
    history in the whole log, in the order the log of HEAD ^TIP gives them, and the kept log
    follows as git would write it from TIP. (A merge of a line that branched off before TIP
    could have its commits written among the kept ones: the whole log is read then.)"""
    expected = head.encode()
    for line in listing.splitlines():
        commit, *parents = line.split()
        if commit != expected or len(parents) != 1:
            return False
        expected = parents[0]
    return expected == tip.encode()


def combined(plan: Plan, output: bytes | None, separator: bytes = b"\0") -> bytes:
    """The whole log: ``output`` (of ``plan.command``) before what was kept, a ``separator``
    between two commits' records where the output does not end with one (a ``git log -z``'s
    NUL; a ``git rev-list``'s line break, which ends every line)."""
    if plan.kept is None:
        return output or b""
    if not output:
        return plan.kept
    if not plan.kept:
        return output
    # With -z git ends each commit's record with a NUL only between commits.
    return output + (b"" if output.endswith(separator) else separator) + plan.kept


def keep(plan: Plan, log: bytes) -> None:
    """Keep ``log`` (the whole log from ``plan.head``) for the next run. Every log read is kept,
    however quick: with two cores busy importing and checking, git's time for even a short one
    (40 ms for a file of a 2,000-commit history) is time the run waits, and reading it on costs
    the run one ``git rev-list``."""
    if plan.command is None or len(log) > MAX_BYTES:
        return
    if plan.shallow is not None and _cut_at(plan.shallow[0]) != plan.shallow[1]:
        return  # (the history was deepened, or cut elsewhere, while it was read)
    header = b"%s%s\n%s\n%d %08x\n" % (_MAGIC, plan.key.encode(), plan.head.encode(), len(log),
                                        zlib.crc32(log))
    from pmkit.fsutil import ending_signals_held, make_private_folder

    # Written in place, not through a temporary file renamed over it: a run ended halfway (a
    # SIGTERM that another thread of the run took, gitpython's watchdog timer among them) then
    # leaves no temporary file behind, only an entry whose length and checksum say it is not
    # whole, which the next run ignores and writes again. So is one that two runs write at once.
    with contextlib.suppress(OSError, ValueError), ending_signals_held():
        make_private_folder(plan.entry.parent)
        new = not plan.entry.exists()
        # Without blocking, and to a regular file only: a named pipe in the entry's place waited
        # for a reader for ever, with the ending signals held (only SIGKILL ended the run).
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) \
            | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        with os.fdopen(os.open(plan.entry, flags, 0o600), "wb") as out:
            if not stat.S_ISREG(os.fstat(out.fileno()).st_mode):
                return
            out.write(header + log)
        if new:  # the oldest go beyond the bound
            _prune(plan.entry.parent)


def _read(entry: Path, key: str) -> tuple[str, bytes] | None:
    """The tip and the log kept in ``entry`` for ``key``; None when there is none, or it is not
    whole, not for this key, or not only this user's."""
    from pmkit.fsutil import read_regular
    from pmkit.patterncache import only_ours

    try:
        raw = read_regular(entry, MAX_BYTES + 4096, whole=True)
    except (OSError, ValueError):
        return None
    if not raw.startswith(_MAGIC) or not only_ours(entry):
        return None
    try:
        key_line, tip, sizes, data = raw[len(_MAGIC):].split(b"\n", 3)
        length, crc = sizes.split()
        if key_line.decode() != key or len(data) != int(length) or zlib.crc32(data) != int(crc, 16) \
                or not _COMMIT.fullmatch(tip):
            return None
        return tip.decode("ascii"), data
    except ValueError:
        return None


def _prune(folder: Path) -> None:
    try:
        entries = [(item.stat().st_mtime, item) for item in folder.glob("*.log")]
    except OSError:
        return
    for _mtime, item in sorted(entries)[:max(0, len(entries) - MAX_ENTRIES)]:
        with contextlib.suppress(OSError):
            item.unlink()


def _found_on_path(name: str) -> str | None:
    """``shutil.which(name)``; on POSIX without importing shutil, which (with the compression
    modules it imports) took about 2 ms of a hook's run for this one question."""
    if os.name != "posix":
        import shutil

        return shutil.which(name)
    for folder in os.get_exec_path():
        candidate = os.path.join(folder, name)
        if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
            return candidate
    return None


def _key(root: str, command: list[str], specs: list[str], shallow: tuple[str, str] | None = None) -> str:
    """What an entry is the log of: the work tree, the command and paths, the git program (its
    rename detection may change with its version), the environment git reads settings from,
    and in a shallow repository the commits its history is cut at."""
    program = _found_on_path("git") or "git"
    try:
        info = os.stat(program)
        identity = f"{os.path.realpath(program)}|{info.st_size}|{info.st_mtime_ns}"
    except OSError:
        identity = program
    settings = sorted((name, value) for name, value in os.environ.items()
                      if name.startswith("GIT_") and not name.startswith(_UNRELATED))
    text = repr((_MAGIC, root, command, specs, identity, settings, os.environ.get("HOME"),
                 os.environ.get("XDG_CONFIG_HOME"), sys.platform) + ((shallow[1],) if shallow else ()))
    return sha256_hex(text.encode("utf-8", "surrogateescape"))


def _git(command: list[str], root: str, env: dict[str, str], timeout: float) -> bytes | None:
    """git's output, or None when it failed or did not answer within ``timeout`` seconds."""
    from pmkit.gitplace import ask_git

    try:
        answer = ask_git(command, cwd=root, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return answer[1] if answer is not None and answer[0] == 0 else None
