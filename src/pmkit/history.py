"""Git as evidence: what the history says about each postmortem file, read once per run.

One ``git log`` covers every file of the run (not one per file); file contents at past
revisions come from gitpython's persistent ``cat-file`` process. Outside a repository, with
git missing, in a repository without commits or in a shallow clone, :class:`GitEvidence`
says so in ``problem``/``shallow`` and answers with empty histories, so rules can state once
that they rely on the document alone.

gitpython is imported only here, and only when a rule asks for evidence; for a run of a few
files in a plain repository (a hook's) not at all: git is run directly there
(:mod:`pmkit.gitrunner`, see :func:`_open_plain`).
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import sys
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pmkit import cores
from pmkit.fsutil import is_folder
from pmkit.gitplace import NOT_IN_REPOSITORY, bare_repository, repository_key
from pmkit.loader import POSTMORTEM_SUFFIXES
from pmkit.rules import GIT_BASE, GIT_LOG, RunState

if TYPE_CHECKING:
    from pmkit import logcache

_RS, _US = "\x1e", "\x1f"
_LOG_FORMAT = f"{_RS}%H{_US}%aI{_US}%cI{_US}%P{_US}%s"


_SURROGATES = re.compile("[\udc80-\udcff]")  # bytes of a file name that is not UTF-8
_OBJECT_ID = r"[0-9a-f]{40}|[0-9a-f]{64}"  # SHA-1 or SHA-256
#: An abbreviated object id, as git takes one (at least 4 digits).
_SHORT_ID = r"[0-9a-f]{4,39}"
_OBJECT_ID_BYTES = re.compile(_OBJECT_ID.encode())  # as cat-file prints it
#: The modes of a regular file in a tree (an executable one too): not a link, a submodule, a folder.
_REGULAR_MODES = frozenset({"100644", "100755"})
#: A revision stepping back from another along first parents: ``HEAD~3``, ``main^^``, ``v1~2^1``
#: (not ``^2``, a merge's second parent, which a history of any length may lack).
_ANCESTRY = re.compile(r"(.+?)((?:~[0-9]*|\^1?(?![0-9]))+)")


class GitError(Exception):
    """Git answered with an error (a corrupt repository, a missing object); said, not raised."""


#: Up to this many blobs asked at once are read through the persistent ``cat-file`` (see
#: :meth:`GitEvidence.blobs`); more through one ``cat-file --batch`` of their own. The persistent
#: one is asked one object at a time, git and pmkit waiting for each other, where one batch has
#: git answer while pmkit reads: 1,000 base texts took 140-160 ms against 90 ms, while a few
#: take as long either way, and share the process the history's versions are read with.
PERSISTENT_BLOBS = 64

#: Seconds one git command may take. Reading the log of a big folder's long history takes a
#: few; a git that does not answer (a wrapper waiting for input, a stalled network file
#: system) is given up on and said, never waited for.
GIT_TIMEOUT = 120.0


def _execute(repo: Any, command: list[str], **kwargs: Any) -> Any:
    """``repo.git.execute(command)``, killed after :data:`GIT_TIMEOUT` (gitpython cannot kill
    it on Windows, and refuses the setting there)."""
    if sys.platform != "win32":
        kwargs["kill_after_timeout"] = GIT_TIMEOUT
    return repo.git.execute(command, **kwargs)


@dataclass(frozen=True)
class Commit:
    """One commit of a file's log: its id, dates, parents and subject."""

    sha: str
    authored: datetime
    committed: datetime
    parents: tuple[str, ...]
    subject: str
    #: git printed no date for it (``%aI`` left as written): one before 1970, which the commit
    #: stores as negative seconds and git (2.39, for one) does not print, or one it cannot read.
    #: The dates are then stand-ins until :meth:`GitEvidence.redated` reads the commit itself.
    undated: bool = False

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class FileChange:
    """One commit's change to a file: ``status`` is A, M, D, R (renamed) or C (copied)."""

    commit: Commit
    status: str
    path: str  # repository-relative path after the change
    old_path: str | None = None  # before a rename
    order: int = 0  # position in the log, 0 = newest; commit dates can be back-dated


@dataclass
class GitEvidence:
    """The history of a set of files. Paths given to the methods may be absolute or relative."""

    root: Path | None = None
    problem: str | None = None
    shallow: bool = False
    #: A partial clone (``git clone --filter``): old versions of files may not be downloaded.
    partial: bool = False
    #: Packs fetched by a partial clone are there (``.promisor`` files), promised or not: one
    #: whose promisor remote was removed lacks objects git no longer knows where to get.
    promisor_packs: bool = False
    #: The current branch has no commits yet (a new repository): every file is new.
    unborn: bool = False
    #: The repository is bare (``problem`` says so): it has no work tree, so no file named is
    #: there to read, and "no such file" would blame the name rather than the place.
    bare: bool = False
    changes: dict[str, list[FileChange]] = field(default_factory=dict)  # by path, newest first
    #: The commit HEAD named when the repository was opened (one ``rev-parse`` per run).
    head: str | None = None
    #: The log was read for the files themselves, not for their folders (a run of few files):
    #: a name met later (a staged rename's old name) is then read as a file too.
    by_file: bool = False
    #: Each folder's resolved path (see :meth:`real_folder`), for a run: shared by the objects
    #: made from one opened repository (see :func:`_fresh`).
    _real_folders: dict[str, Path] = field(default_factory=dict, repr=False)
    _relative_folders: dict[str, str | None] = field(default_factory=dict, repr=False)
    #: Each path's repository-relative name (see :meth:`relative`), for a run: a
    #: repository-wide run asks for each of its 1,000 files three times.
    _relative_paths: dict[str, str | None] = field(default_factory=dict, repr=False)
    _repo: Any = None
    #: gitpython's command objects reading blobs, by process (see :meth:`_reader`); shared by
    #: the objects made from one opened repository, so that a run has one ``cat-file``.
    _readers: dict[int, Any | None] = field(default_factory=dict, repr=False)
    _staged_renames: dict[str, str] | None = field(default=None, repr=False)
    #: Per repository-relative path: whether git converts it on checkout (:meth:`converted`).
    _attributes: dict[str, bool] = field(default_factory=dict, repr=False)
    #: The log positions of the renames away from each name (and how many names it was built
    #: from: reading another folder's log adds names).
    _renamed_from: tuple[int, dict[str, list[int]]] | None = field(default=None, repr=False)
    _shared: dict[str, str | None] = field(default_factory=dict, repr=False)
    #: ``rev:path`` names whose blob this partial clone lacks (left on the promisor remote).
    not_downloaded: set[str] = field(default_factory=set)
    #: The object id of each regular file :meth:`tree_files` listed, by ``rev:path`` name.
    blob_ids: dict[str, str] = field(default_factory=dict, repr=False)
    #: ``rev:path`` names :meth:`show` read but could not take for text, and what they are
    #: (:func:`not_text`): git answered, and the version is there, so it is not an absent one.
    not_text: dict[str, str] = field(default_factory=dict)
    #: Why the last :meth:`renames` could not be answered (git's words), or None.
    renames_failed: str | None = None
    #: The last :meth:`renames` diff: its revision, the paths the index adds (new, renamed or
    #: copied to, unmerged) and those it lacks or the disk lost (deleted, renamed from).
    index_diff: tuple[str, frozenset[str], frozenset[str]] | None = field(default=None, repr=False)
    #: The last line git wrote when a command of :meth:`_git` last failed.
    last_error: str | None = field(default=None, repr=False)
    #: Why the persistent ``cat-file`` was given up on (it did not answer in time), or why a
    #: version :meth:`show` read again could not be read, once it was; shared like ``_readers``,
    #: so that no later read waits for a new one as long again.
    _stalled: list[str] = field(default_factory=list, repr=False)
    #: Whether a merge is in progress (``MERGE_HEAD``), once asked (:meth:`merging`).
    _merging: bool | None = field(default=None, repr=False)

    @property
    def available(self) -> bool:
        return self.root is not None and self.problem is None

    @property
    def stalled(self) -> str | None:
        """Why the versions of files could no longer be read (git did not answer, or failed
        when a version was read again), or None."""
        return self._stalled[0] if self._stalled else None

    def relative(self, path: str | os.PathLike[str]) -> str | None:
        """``path``'s name in the repository (of the file a link names, for a link), or None
        outside it; worked out once per path in a run."""
        key = os.fspath(path)
        if not isinstance(key, str):
            return self._relative(path)
        if key not in self._relative_paths:
            self._relative_paths[key] = self._relative(key)
        return self._relative_paths[key]

    def _relative(self, path: str | os.PathLike[str]) -> str | None:
        if self.root is None:
            return None
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        if name and name not in (".", "..") and not os.path.islink(absolute):
            # A file that is no link: its real folder's name in the repository, found once per
            # folder (a repository-wide run asks for each of 1,000 files three times, 40 ms as
            # paths were joined and compared for each), and its own name.
            try:
                inside = self._relative_folder(folder)
            except (OSError, RuntimeError, ValueError):  # (a loop of links: as below)
                inside = None
            if inside is not None:
                return f"{inside}/{name}" if inside else name
        # (A folder outside, whose file may be the repository itself; a link; a loop of links.)
        try:
            # The file the path resolves to first: git holds the contents of a symlink's target
            # (a symlinked file or folder inside the repository; /tmp on macOS), not of the link.
            # Then a link to a file outside, which git holds as the link, in its real folder.
            # Only there: a file in a folder that leads out of the repository is outside it,
            # as :func:`_pathspecs` finds its folder, whatever the number of files of the run.
            candidates = [self._resolved(absolute), self.real_folder(folder) / name]
        except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL: the path as given
            candidates = [Path(absolute)]
        for candidate in candidates:
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        return None

    def _relative_folder(self, folder: str) -> str | None:
        """The repository-relative name of ``folder``'s real folder ("" for the top), None when
        it lies outside the repository; worked out once per folder."""
        if folder not in self._relative_folders:
            try:
                inside = self.real_folder(folder).relative_to(self.root or Path()).as_posix()
            except ValueError:
                self._relative_folders[folder] = None
            else:
                self._relative_folders[folder] = "" if inside == "." else inside
        return self._relative_folders[folder]

    def real_folder(self, folder: str) -> Path:
        """``Path(folder).resolve()`` (``folder`` absolute), each folder resolved once in a run
        (a run asks for each file of a folder of hundreds) and the same for every reader of it:
        the log's pathspecs, the base's listing and the files' names in both."""
        real = self._real_folders.get(folder)
        if real is None:
            real = self._real_folders[folder] = Path(folder).resolve()
        return real

    def _resolved(self, absolute: str) -> Path:
        """``Path(absolute).resolve()``, through :meth:`real_folder`; a file that is itself a
        link is resolved whole."""
        folder, name = os.path.split(absolute)
        if not name or name in (".", "..") or os.path.islink(absolute):
            return Path(absolute).resolve()
        return self.real_folder(folder) / name

    def committed_name(self, rel: str) -> str:
        """The name a repository-relative file has in HEAD: its old name when the rename is
        staged (``git mv``, as at commit time), else ``rel`` itself."""
        if self._staged_renames is None:
            self._staged_renames = self.renames("HEAD") if self.head else {}  # one diff per run
        return self._staged_renames.get(rel, rel)

    def history(self, path: str | os.PathLike[str]) -> list[FileChange]:
        """Every commit that touched the file, newest first, following renames backwards (a
        rename staged but not committed yet too)."""
        rel = self.relative(path)
        if rel is None:
            return []
        if rel not in self.changes:
            old = self.committed_name(rel)
            if old != rel and old not in self.changes:
                self._read_folder_of(old)  # moved in from a folder whose log was not read
            rel = old
        out: list[FileChange] = []
        current: str | None = rel
        after = -1  # log position of the rename we followed; older changes come after it
        # No "visited" set: a file may come back to an earlier name (a → b → a); each step
        # only looks at changes older than the last rename followed, so the walk ends.
        while current is not None:
            following = None
            older = [change for change in self.changes.get(current, []) if change.order > after]
            for index, change in enumerate(older):
                out.append(change)
                if change.status == "R" and change.old_path:
                    following, after = change.old_path, change.order
                    break
                if (change.status == "A" and index + 1 < len(older) and older[index + 1].status != "D"
                        and self._moved_away(current, change.order)):
                    # Added while older changes of the name exist but no deletion, and a file
                    # was moved away from the name before: they are that file's (its rename is
                    # under its new name). A deletion and re-adding (a revert) is one file, and
                    # so is one added on two lines of the history (a backport merged back).
                    break
            current = following
        return out

    def _moved_away(self, name: str, order: int) -> bool:
        """Whether a file was renamed away from ``name`` in a change older than ``order``."""
        if self._renamed_from is None or self._renamed_from[0] != len(self.changes):
            index: dict[str, list[int]] = {}
            for changes in self.changes.values():
                for change in changes:
                    if change.status == "R" and change.old_path is not None:
                        index.setdefault(change.old_path, []).append(change.order)
            self._renamed_from = (len(self.changes), index)
        return any(older > order for older in self._renamed_from[1].get(name, ()))

    def _read_folder_of(self, rel: str) -> None:
        """Add the log of the folder of ``rel`` (repository-relative) to what was read; of
        ``rel`` alone when the run's files were read so."""
        if self._repo is None or self.root is None:
            return
        try:
            changes = (_followed_log(self._repo, self.root, [rel], by_file=True) if self.by_file
                       else _followed_log(self._repo, self.root, [posixpath.dirname(rel) or rel]))
        except Exception:  # no more evidence than before; the file's own check says so
            return
        known = set(self.changes)
        for change in changes:
            if change.path not in known:
                self.changes.setdefault(change.path, []).append(change)
            if change.old_path and change.old_path not in known:
                self.changes.setdefault(change.old_path, [])

    def first_added(self, path: str | os.PathLike[str]) -> FileChange | None:
        changes = self.history(path)
        return changes[-1] if changes else None

    def is_committed(self, path: str | os.PathLike[str]) -> bool:
        return bool(self.history(path))

    def merging(self, path: str) -> str | None:
        """The text of ``path`` (repository-relative) on the other side of a merge in progress
        (``MERGE_HEAD``), whose commits the history of HEAD does not hold yet; None when no merge
        is in progress or that side has no such file."""
        if self._merging is None:  # (once per repository, not per file)
            self._merging = self._repo is not None and (Path(self._repo.git_dir) / "MERGE_HEAD").is_file()
        return self.show("MERGE_HEAD", path) if self._merging else None

    def show(self, rev: str, path: str) -> str | None:
        """The text of ``path`` (repository-relative) at ``rev``; ``None`` if absent or binary,
        or if git could not be read (then :attr:`stalled` says why).

        Read through gitpython's persistent ``cat-file --batch`` process: one process for every
        version of every file of the run (:meth:`blobs` too).
        """
        if self._repo is None:
            return None
        spec = f"{rev}:{path}"
        out: dict[str, bytes | None] = {spec: None}
        try:
            if not self._persistent(spec):
                return self._text(spec, self.blobs([spec])[spec])
            # Missing path, bad rev, corrupt object: None, no evidence (not a crash).
            if self._read_persistent([spec], out):
                # The process ended before it answered (killed, out of file descriptors, it
                # died at a corrupt object): not an answer that the version is absent. Read
                # once more by a 'cat-file --batch' of its own; failing that, git could not be
                # read, and ``stalled`` says so to every caller, as when git did not answer.
                self._read_batch([spec], out)
        except GitError as exc:  # given up on: see ``stalled``
            if not self._stalled:
                self._stalled.append(str(exc))
            return None
        return self._text(spec, out[spec])

    def _text(self, spec: str, data: bytes | None) -> str | None:
        """:func:`_decode` of a version :meth:`show` read, noting in :attr:`not_text` one that
        is there but not text."""
        text = _decode(data)
        if text is None and data is not None:
            self.not_text[spec] = not_text(data)
        return text

    def _persistent(self, spec: str) -> bool:
        """Whether ``spec`` can be asked of the persistent ``cat-file``: not a name with a
        newline, or one that is not UTF-8 (git's bytes), which get_object_data cannot send; nor
        a repository of SHA-256 ids, whose answers gitpython's reader refuses."""
        return "\n" not in spec and (spec.isascii() or not _SURROGATES.search(spec)) and self._sha1_ids

    def _reader(self) -> Any:
        """gitpython's command object whose persistent ``cat-file --batch`` serves this process:
        the repository's own in the process that first asks, a new one (same environment) in a
        process forked from it (a worker), which must not read from the pipes of its parent's."""
        pid = os.getpid()
        reader = self._readers.get(pid)
        if reader is None:
            if not self._readers:
                reader = self._repo.git
            else:  # forked, or the process here stopped answering (set to None): one of its own
                from pmkit.gitrunner import new_runner

                reader = new_runner(self._repo)
            self._readers[pid] = reader
        return reader

    def _read_persistent(self, specs: Sequence[str], out: dict[str, bytes | None]) -> list[str]:
        """Read ``specs`` through :meth:`_reader` into ``out``; the ones left unread when the
        process stopped answering (it ends at a corrupt object), for the caller to read anew.

        Given up on after :data:`GIT_TIMEOUT`, as a ``cat-file --batch`` of their own was
        (gitpython's persistent process has no time limit): :class:`GitError`."""
        if not specs:
            return []
        if self._stalled:
            raise GitError(self._stalled[0])
        import threading

        reader = self._reader()
        given_up = threading.Event()

        def give_up() -> None:
            given_up.set()
            process = getattr(getattr(reader, "cat_file_all", None), "proc", None)
            if process is not None:
                process.kill()  # the read waiting for it then ends

        watchdog = threading.Timer(GIT_TIMEOUT, give_up)
        watchdog.daemon = True
        watchdog.start()
        try:
            left = self._read_each(reader, specs, out)
        finally:
            watchdog.cancel()
            watchdog.join()  # no thread left when the run forks its workers
        if left and given_up.is_set():
            self._stalled.append(f"git cat-file failed (git did not answer within {GIT_TIMEOUT:g} s)")
            raise GitError(self._stalled[0])
        return left

    def _read_each(self, reader: Any, specs: Sequence[str], out: dict[str, bytes | None]) -> list[str]:
        """:meth:`_read_persistent`'s reads, one object at a time."""
        for index, spec in enumerate(specs):
            try:
                _sha, kind, size, data = reader.get_object_data(spec)
            except ValueError as exc:
                if str(exc).startswith("SHA is empty"):  # no answer: the process ended
                    self._readers[os.getpid()] = None
                    return list(specs[index:])
                continue  # "<name> missing" or "ambiguous": stays None
            except Exception:  # its pipe is closed
                self._readers[os.getpid()] = None
                return list(specs[index:])
            if len(data) != size:  # it ended part way through the answer (killed): no version
                self._readers[os.getpid()] = None
                return list(specs[index:])
            if kind == b"blob":
                out[spec] = data
        return []

    @property
    def _sha1_ids(self) -> bool:
        """Whether the repository's object ids are SHA-1's 40 digits, the only ones gitpython's
        persistent ``cat-file`` reader takes: it rejects a SHA-256 repository's 64-digit answer
        after reading only its first line, and would read the rest as the next answer. Unknown
        (no commit yet) counts as not: :meth:`blobs` reads either kind."""
        return self.head is not None and len(self.head) == 40

    # --- batched reads at one revision (used by the PM6xx rules and `pmkit history`) -----------

    def rev_parse(self, ref: str) -> str | None:
        """The commit a ref names, or ``None`` when it names none here."""
        if ref == "HEAD" and self.head is not None:
            return self.head
        # ":/text" names the newest commit whose message matches text (all of it: a suffix
        # would be searched for too); anything else must peel to a commit.
        spec = ref if ref.startswith(":/") else f"{ref}^{{commit}}"
        out = (self._git("rev-parse", "--verify", "--quiet", "--end-of-options", spec) or "").strip()
        return out if re.fullmatch(_OBJECT_ID, out) else None

    def beyond_history(self, ref: str) -> str | None:
        """Why ``ref`` names no commit when it steps back from one that exists (``HEAD~999``
        past the first commit), or None: fetching would not help, unless the clone is shallow."""
        match = _ANCESTRY.fullmatch(ref)
        start = self.rev_parse(match.group(1)) if match else None
        if match is None or start is None:
            return None
        count = (self._git("rev-list", "--count", "--first-parent", start) or "").strip()
        before = int(count) - 1 if count.isdigit() and int(count) > 0 else None
        where = f"'{match.group(1)}' ({start[:10]})"
        if before is not None:
            where += f" has {before} commit{'' if before == 1 else 's'} before it"
            where += " along its first parents" if before else ""
        if self.shallow:
            return (f"goes back further than this shallow clone: {where} here; fetch more history "
                    "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)")
        return f"goes back past the first commit of the history: {where}"

    def lost(self, rev: str, path: str) -> str | None:
        """Why the blob ``rev``'s tree names for ``path`` cannot be read (a loose object or pack
        deleted, a corrupt repository), or None when it can, or the tree names none. For a
        version :meth:`show` gave no text of: ``cat-file --batch`` answers "missing" alike for
        a name not in the tree and for an object not in the repository. Not in a partial clone,
        where a blob left on the remote is not lost (see ``not_downloaded``)."""
        if self.partial:
            return None
        listing = self._git("ls-tree", "-z", rev, "--", path) or ""
        meta = listing.partition("\t")[0].split()
        if len(meta) != 3 or meta[1] != "blob" or self._git("cat-file", "-e", meta[2]) is not None:
            return None
        return (f"git cannot read {path} as of commit {rev[:10]}: a missing or corrupt git object "
                "(run git fsck)")

    def kind_of(self, ref: str) -> str | None:
        """What a name that names no commit names instead (``tree``, ``blob``), or None."""
        for spec in (f"{ref}^{{}}", ref):  # a tag: what it tags; "rev:path": as it is
            out = (self._git("rev-parse", "--verify", "--quiet", "--end-of-options", spec) or "").strip()
            if re.fullmatch(_OBJECT_ID, out):
                return (self._git("cat-file", "-t", out) or "").strip() or None
        return None

    def newest_shared(self, sha: str) -> str | None:
        """For a commit that no remote-tracking branch holds (made here and not pushed yet):
        the newest commit of its first-parent line that one does, or "" if none does. None
        when a remote-tracking branch holds ``sha``, when the repository has none, or none that
        shares any commit with its history (nothing tells a local commit from a shared one: all
        count as shared), or when git cannot say.

        What only ever existed in local commits is no record anyone read: a correction added
        in one may still be rewritten (``git commit --amend``) before it is pushed."""
        if sha not in self._shared:
            self._shared[sha] = self._newest_shared(sha)
        return self._shared[sha]

    def _newest_shared(self, sha: str) -> str | None:
        written = getattr(self._repo, "remote_tracking_tips", None)  # (a plain repository's files)
        tips = written() if written is not None else None
        if tips is None:
            listed = self._git("for-each-ref", "--count=1", "--format=%(refname)", "refs/remotes")
            remotes = bool(listed and listed.strip())
        else:
            remotes = bool(tips)
        if not remotes or (tips is not None and sha in tips):
            return None  # (no remote-tracking branch; or one holds the commit: it was pushed)
        # With their parents: a local merge may bring in a newer pushed commit than the one the
        # first-parent line left ('git pull' of someone's pushed correction).
        lines = [line.split() for line in (self._git("rev-list", "--first-parent", "--parents", sha, "--not",
                                                     "--remotes") or "").splitlines() if line.strip()]
        if not lines:
            return None
        merged = self._merged_shared(sha) if any(len(line) > 2 for line in lines) else None
        if merged:
            return merged
        # The oldest local commit's first parent, as the listing gives it (none at a shallow
        # clone's boundary, where the history is cut).
        parent = lines[-1][1] if len(lines[-1]) > 1 else ""
        if re.fullmatch(_OBJECT_ID, parent):
            return parent
        # No commit of the first-parent line was pushed. When no remote-tracking branch holds
        # any commit of the history either (a remote of another project, 'git remote add tools
        # ...', fetched), they tell nothing about it: as with no remote at all. The excluded
        # commits next to the listed ones are marked '-': one shows a shared history.
        boundary = self._git("rev-list", "--boundary", sha, "--not", "--remotes")
        if boundary is not None and not any(line.startswith("-") for line in boundary.splitlines()):
            return None
        return ""

    def _merged_shared(self, sha: str) -> str | None:
        """For ``sha`` whose local commits include a merge: the pushed commit that every other
        pushed commit next to the local ones is an ancestor of (the newest that readers saw of
        each file), or None when there is no such one (two pushed lines merged here, say)."""
        boundary = self._git("rev-list", "--boundary", sha, "--not", "--remotes") or ""
        edge = [line[1:].strip() for line in boundary.splitlines() if line.startswith("-")]
        if len(edge) > 1:
            edge = (self._git("merge-base", "--independent", *edge) or "").split()
        return edge[0] if len(edge) == 1 and re.fullmatch(_OBJECT_ID, edge[0]) else None

    def merge_base(self, first: str, second: str) -> str | None:
        out = self._git("merge-base", first, second)
        return out.strip() or None if out else None

    def blobs(self, specs: Sequence[str]) -> dict[str, bytes | None]:
        """Contents of ``rev:path`` object names, all read by one ``git cat-file --batch``.

        Missing objects (a path not in that revision) map to ``None``. Names with a newline
        cannot be asked for this way and also map to ``None``.
        """
        wanted = list(dict.fromkeys(s for s in specs if "\n" not in s))
        out: dict[str, bytes | None] = {s: None for s in specs}
        if self._repo is None:
            return out
        for spec in dict.fromkeys(s for s in specs if "\n" in s):
            out[spec] = self._blob(spec)  # rare: one 'git cat-file' each, the name as an argument
        if self.partial and wanted:
            # 'cat-file --batch' stops at the first blob a partial clone lacks ("could not
            # fetch ... from promisor remote"), losing every later one: ask only for those here.
            absent = self._absent(wanted)
            self.not_downloaded.update(absent)
            wanted = [spec for spec in wanted if spec not in absent]
        if len(wanted) <= PERSISTENT_BLOBS:
            # The persistent process the versions of the history are read with (one git process
            # for both); what it cannot take or did not answer, one 'git cat-file --batch' reads.
            wanted = self._read_persistent([s for s in wanted if self._persistent(s)], out) + [
                s for s in wanted if not self._persistent(s)]
        self._read_batch(wanted, out)
        return out

    def sizes(self, specs: Sequence[str]) -> dict[str, tuple[str, int]]:
        """The object id and size in bytes of each ``rev:path`` blob among ``specs``, by one
        ``git cat-file --batch-check`` (which reads no contents); names without a blob, with a
        newline, or all of them when git fails, are left out. None are asked in a partial
        clone: a git that ignores GIT_NO_LAZY_FETCH fetches a blob it lacks to tell its size,
        and pmkit never fetches."""
        wanted = list(dict.fromkeys(s for s in specs if "\n" not in s))
        if self._repo is None or self.partial or not wanted:
            return {}
        try:
            raw = self._cat_file("--batch-check", wanted)
        except GitError:  # (the blobs' own read says what is wrong)
            return {}
        out: dict[str, tuple[str, int]] = {}
        for spec, line in zip(wanted, raw.split(b"\n"), strict=False):
            header = _object_header(line)
            if header is not None and header[1] == b"blob":
                out[spec] = header[0].decode("ascii"), header[2]
        return out

    def objects_present(self, ids: Iterable[str]) -> set[str]:
        """Which of the object ids ``ids`` git has, by one ``git cat-file --batch-check`` (which
        reads no contents, and finds an object by its id without walking a tree for a path as a
        ``rev:path`` name makes it: 1,000 ids in a few milliseconds, against 100 ms by name).
        None are asked in a partial clone, for the reason :meth:`sizes` gives; none are said
        present when git fails."""
        wanted = sorted(ids)
        if self._repo is None or self.partial or not wanted:
            return set()
        try:
            raw = self._cat_file("--batch-check", wanted)
        except GitError:  # (the versions' own read says what is wrong)
            return set()
        present: set[str] = set()
        for line in raw.split(b"\n"):
            header = _object_header(line)
            if header is not None:
                present.add(header[0].decode("ascii"))
        return present

    def redated(self, changes: list[FileChange]) -> list[FileChange]:
        """``changes`` with the dates of the commits git printed none for (:attr:`Commit.undated`)
        read from the commit objects themselves, by one ``git cat-file --batch`` when there are
        any (none in a history of commits made after 1970): a commit of 20 July 1969 was shown
        as made on 1 January 1970. One whose object says no date either keeps its stand-in."""
        undated = list(dict.fromkeys(change.commit.sha for change in changes if change.commit.undated))
        if not undated or self._repo is None:
            return changes
        out: dict[str, bytes | None] = dict.fromkeys(undated)
        try:
            self._read_batch(undated, out, b"commit")
        except GitError:
            return changes
        dated: dict[str, Commit] = {}
        for change in changes:
            commit = change.commit
            if not commit.undated or commit.sha in dated:
                continue
            authored, committed = _object_dates(out[commit.sha] or b"")
            when = committed or authored
            dated[commit.sha] = commit if when is None else replace(
                commit, authored=authored or when, committed=when, undated=False)
        return [replace(change, commit=dated[change.commit.sha]) if change.commit.undated else change
                for change in changes]

    def _read_batch(self, wanted: Sequence[str], out: dict[str, bytes | None], kind: bytes = b"blob") -> None:
        """Read ``wanted`` (names without a newline) into ``out`` by one ``git cat-file --batch``
        of their own, the objects of that ``kind``: :class:`GitError` when git failed or its
        answer ended early."""
        if not wanted:
            return
        raw = self._cat_file("--batch", wanted)
        pos = 0
        for spec in wanted:
            end = raw.find(b"\n", pos)
            if end < 0:
                raise GitError("git cat-file ended early (corrupt repository?)")
            header = _object_header(raw[pos:end])
            pos = end + 1
            if header is not None:
                if raw[pos + header[2] : pos + header[2] + 1] != b"\n":  # fewer bytes than it said
                    raise GitError("git cat-file ended early (corrupt repository?)")
                if header[1] == kind:
                    out[spec] = raw[pos : pos + header[2]]
                pos += header[2] + 1  # contents, then a newline

    def _cat_file(self, option: str, wanted: Sequence[str]) -> bytes:
        """The output of ``git cat-file OPTION`` (``--batch``, ``--batch-check``) asked for
        ``wanted`` (names without a newline), in one process: :class:`GitError` when git failed."""
        import tempfile

        with tempfile.TemporaryFile() as request:
            # File names are bytes to git: surrogateescape gives back a non-UTF-8 name's own.
            request.write("".join(f"{spec}\n" for spec in wanted).encode("utf-8", "surrogateescape"))
            request.seek(0)
            try:
                raw: bytes = _execute(self._repo, ["git", "cat-file", option], istream=request,
                                      stdout_as_string=False, strip_newline_in_stdout=False)
            except Exception as exc:
                raise GitError(f"git cat-file failed ({_last_line(exc)})") from None
        return raw

    def _absent(self, specs: Sequence[str]) -> set[str]:
        """Which ``rev:path`` names are blobs this partial clone does not have, found without
        fetching: ``ls-tree`` gives their ids (trees are always there), ``rev-list --missing=print``
        marks the missing ones with ``?`` (that option also turns lazy fetching off, so it holds
        on a git that ignores GIT_NO_LAZY_FETCH)."""
        by_rev: dict[str, list[str]] = {}
        for spec in specs:
            rev, _, path = spec.partition(":")
            by_rev.setdefault(rev, []).append(path)
        absent: set[str] = set()
        for rev, paths in by_rev.items():
            listing = self._git("-c", "core.quotepath=off", "ls-tree", "-z", rev, "--", *paths)
            ids: dict[str, str] = {}
            for entry in (listing or "").split("\0"):
                meta, _, path = entry.partition("\t")
                parts = meta.split()
                if len(parts) == 3 and parts[1] == "blob":
                    ids[path] = parts[2]
            if not ids:
                continue
            # --sparse: limited to paths, rev-list lists no commit that left them unchanged (the
            # parent side of a change is mostly one), and so none of its missing blobs either.
            out = self._git("rev-list", "--objects", "--no-walk", "--sparse", "--missing=print", rev, "--",
                            *ids)
            missing = {line[1:].strip() for line in (out or "").splitlines() if line.startswith("?")}
            absent.update(f"{rev}:{path}" for path, oid in ids.items() if oid in missing)
        return absent

    def _blob(self, spec: str) -> bytes | None:
        """One blob by name, for names ``cat-file --batch`` cannot take (a newline in them):
        None when git says the name names no blob (status 128, as ``--batch`` says "missing"),
        :class:`GitError` when git could not answer (not started, killed, timed out), which is
        not an answer that the version is absent."""
        try:
            # A str argument goes to git as os.fsencode() bytes: a non-UTF-8 name stays as is.
            kind: bytes = _execute(self._repo, ["git", "cat-file", "-t", spec],
                                   stdout_as_string=False).strip()
            if kind != b"blob":
                return None
            data: bytes = _execute(
                self._repo, ["git", "cat-file", "blob", spec],
                stdout_as_string=False, strip_newline_in_stdout=False)
            return data
        except Exception as exc:
            if getattr(exc, "status", None) == 128:  # (git's status; not a failure to start it)
                return None
            raise GitError(f"git cat-file failed ({_last_line(exc)})") from None

    def tree_files(self, rev: str, specs: Sequence[str]) -> list[str]:
        """Repository-relative paths of the files under ``specs`` at ``rev`` (one ``ls-tree``);
        the object id of each regular file is kept in :attr:`blob_ids`."""
        out, error = self._run_git("-c", "core.quotepath=off", "ls-tree", "-r", "-z", rev, "--", *specs)
        if out is None:
            raise GitError(f"cannot list the files of {rev}" + (
                " (this partial clone, git clone --filter, lacks its folder listings, and pmkit never "
                "fetches)" if self.partial else f" ({error}; a missing or corrupt object: "
                "'git fsck' finds the damage)" if error else ""))
        names: list[str] = []
        for record in out.split("\0"):
            # "<mode> <type> <object>\t<path>"
            head, tab, name = record.partition("\t")
            if not tab or not name:
                continue
            names.append(name)
            mode, _, rest = head.partition(" ")
            kind, _, object_id = rest.partition(" ")
            if kind == "blob" and mode in _REGULAR_MODES and re.fullmatch(_OBJECT_ID, object_id):
                self.blob_ids[f"{rev}:{name}"] = object_id
        return names

    def renames(self, rev: str, specs: Sequence[str] = ()) -> dict[str, str]:
        """Files renamed between ``rev`` and the working tree: new path → old path (one diff).

        ``specs`` limits the search; empty means the whole repository.

        Staged renames (``git mv``) are seen; a file moved without telling git shows up as
        deleted + untracked instead. ``diff-index``, not ``diff``: the porcelain refreshes
        ``.git/index`` as a side effect, and checking never writes.

        The same diff also says which paths the index adds and which it lacks against ``rev``
        (``index_diff``), from which :meth:`tracked_at` tells what the index holds.
        """
        out, error = self._run_git("-c", "core.quotepath=off", "diff-index", "-z", "--name-status", "-M",
                                   "--diff-filter=ADRU", "--no-ext-diff", "--no-textconv", rev, "--", *specs)
        self.index_diff = None
        if out is None:
            # Comparing contents needs both versions: a partial clone may lack the old one.
            self.renames_failed = error
            return {}
        fields = out.split("\0")
        found: dict[str, str] = {}
        added: set[str] = set()
        gone: set[str] = set()
        index = 0
        while index < len(fields):
            status = fields[index].strip()
            if status[:1] in ("R", "C") and index + 2 < len(fields):
                if status.startswith("R"):
                    found[fields[index + 2]] = fields[index + 1]
                    gone.add(fields[index + 1])
                added.add(fields[index + 2])
                index += 3
            elif status and index + 1 < len(fields):
                (gone if status == "D" else added).add(fields[index + 1])
                index += 2
            else:
                index += 1
        self.index_diff = (rev, frozenset(added), frozenset(gone))
        return found

    def tracked_at(self, rev: str, listed: Iterable[str], specs: Sequence[str]) -> set[str] | None:
        """What :meth:`tracked` answers for ``specs``, from ``listed`` (every path under them in
        ``rev``, :meth:`tree_files`) and the diff :meth:`renames` made against ``rev``, without
        another git command: the paths of ``rev`` the diff does not list as gone, and those it
        lists as added. Asked of git after all when that diff is not there, or when a path it
        lists as gone is on the disk in a way that may still be in the index (under a symbolic
        link, or a folder where the file was: the diff then says deleted, whatever the index)."""
        if self.index_diff is None or self.index_diff[0] != rev or self.root is None:
            return self.tracked(specs)
        _rev, added, gone = self.index_diff
        for path in gone:
            on_disk = self.root / path
            if os.path.lexists(on_disk) and (
                    (os.path.isdir(on_disk) and not os.path.islink(on_disk))
                    or os.path.realpath(on_disk.parent) != str(on_disk.parent)):
                return self.tracked(specs)
        under = _Under(specs)
        return {path for path in listed if path not in gone} | {path for path in added if path in under}

    def older_name(self, older: str, newer: str, path: str) -> str | None:
        """The name the file at ``path`` in commit ``newer`` had in commit ``older``: its old
        name when git sees it renamed between the two, ``path`` when it was there, None when
        ``newer`` added it (one diff). :class:`GitError` when git could not compare them: not
        an answer that the file was not there."""
        out = self._git("-c", "core.quotepath=off", "diff-tree", "-r", "-z", "--name-status", "-M",
                        "--diff-filter=AR", "--no-ext-diff", "--no-textconv", older, newer)
        if out is None:
            raise GitError(f"git diff-tree failed ({self.last_error})")
        fields = out.split("\0")
        index = 0
        while index < len(fields) - 1:
            status = fields[index]
            if status.startswith("R") and index + 2 < len(fields):
                if fields[index + 2] == path:
                    return fields[index + 1]
                index += 3
                continue
            if status.startswith("A") and fields[index + 1] == path:
                return None
            index += 2
        return path

    def skip_worktree(self, paths: Sequence[str]) -> set[str]:
        """Which of these repository-relative paths are skip-worktree (a sparse checkout)."""
        out = self._git("-c", "core.quotepath=off", "ls-files", "-t", "-z", "--", *paths)
        if not out:
            return set()
        return {entry[2:] for entry in out.split("\0") if entry.startswith("S ")}

    def tracked(self, specs: Sequence[str]) -> set[str] | None:
        """The repository-relative paths under ``specs`` that the index holds (the files the next
        commit will have, sparse or not); None when git cannot say."""
        out = self._git("-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--", *specs)
        return None if out is None else {name for name in out.split("\0") if name}

    def staged(self, path: str) -> str | None:
        """The staged (index) text of a repository-relative path."""
        return self._git("show", f":{path}")

    def converted(self, paths: Iterable[str]) -> set[str]:
        """Which of ``paths`` (repository-relative) git converts on checkout beyond line ends
        (``ident``, a ``filter`` driver, ``working-tree-encoding``), Git LFS's filter left out;
        one ``git check-attr`` for the paths not asked about before."""
        asked = [p for p in dict.fromkeys(paths) if p not in self._attributes]
        if asked and not self._attribute_files(asked):
            self._attributes.update(dict.fromkeys(asked, False))  # no attributes: no git command
            asked = []
        for start in range(0, len(asked), 500):  # well within any command line's limit
            chunk = asked[start:start + 500]
            out = self._git("check-attr", "-z", "ident", "filter", "working-tree-encoding", "--", *chunk)
            fields = (out or "").split("\0")
            found: dict[str, dict[str, str]] = {p: {} for p in chunk}
            for i in range(0, len(fields) - 2, 3):
                found.setdefault(fields[i], {})[fields[i + 1]] = fields[i + 2]
            for name, attrs in found.items():
                driver = attrs.get("filter", "unspecified")
                self._attributes[name] = driver != "lfs" and (
                    attrs.get("ident") == "set" or driver not in _NO_VALUE
                    or attrs.get("working-tree-encoding", "unspecified") not in _NO_VALUE)
        return {p for p in paths if self._attributes.get(p)}

    def _attribute_files(self, paths: Sequence[str]) -> bool:
        """Whether a file that gives attributes may apply to ``paths``: a ``.gitattributes`` in
        their folders or above them, ``info/attributes``, a global or system attributes file, or
        ``core.attributesFile`` set. Without one (the usual repository), git is not asked."""
        if self.root is None or self._repo is None:
            return False
        parents = {Path(folder) for folder in {os.path.dirname(path) for path in paths}}  # (each folder once)
        for folder in {up for parent in parents for up in (parent, *parent.parents)}:
            if (self.root / folder / ".gitattributes").is_file():
                return True
        files = [Path(self._repo.common_dir) / "info" / "attributes"]
        if (config := _git_config_folder()) is not None:
            files.append(Path(config) / "attributes")
        if not os.environ.get("GIT_ATTR_NOSYSTEM"):
            files.append(Path("/etc/gitattributes"))
        if any(file.is_file() for file in files):
            return True
        count = os.environ.get("GIT_CONFIG_COUNT", "")
        keys = [os.environ.get(f"GIT_CONFIG_KEY_{n}", "")
                for n in range(int(count) if count.isdigit() else 0)]
        given = " ".join([os.environ.get("GIT_CONFIG_PARAMETERS", ""), *keys])
        return "attributesfile" in given.lower() or _settings_may_name("attributesfile", self._repo)

    def stored_text(self, path: str) -> str | None:
        """The text git would store for the file on the disk at a repository-relative path,
        when git converts it on checkout beyond line ends (:meth:`converted`); else None.

        ``ident`` expands ``$Id$``, a ``filter`` driver's smudge command (a keyword such as
        ``$Date$``) and ``working-tree-encoding`` (UTF-16 on the disk, UTF-8 in git) rewrite the
        file on checkout. Compared with a stored version, the disk's text shows changes nobody
        made. git cleans the file before it compares (as 'git status' does): its diff from
        ``HEAD`` is of stored forms, and applied to ``HEAD``'s text it gives the file as git
        would store it, edits and all. Line ends are not asked about (the facts compare them
        equal), nor is a file stored with Git LFS: git would run git-lfs's clean filter, and
        pmkit never runs git-lfs."""
        if path not in self.converted([path]):
            return None
        head = self.show("HEAD", path)
        diff = self._git("diff", "--no-color", "--no-ext-diff", "--no-textconv", "--text", "-U0", "HEAD",
                         "--", path) if head is not None else None
        return None if head is None or diff is None else apply_zero_context(head, diff)

    def _git(self, *args: str) -> str | None:
        """git's output; None when it failed (its last words in ``last_error``)."""
        return self._run_git(*args)[0]

    def _run_git(self, *args: str) -> tuple[str | None, str | None]:
        """git's output, or None and git's last words when it failed. These are also kept in
        ``last_error``, which a command run meanwhile in another thread (:func:`_together`) may
        set again before the caller reads it. Both None without a repository."""
        if self._repo is None:
            return None, None
        try:
            out: str = _execute(self._repo, ["git", "--no-optional-locks", *args],
                                strip_newline_in_stdout=False)
            return out, None
        except Exception as exc:
            self.last_error = error = _last_line(exc)
            return None, error


def _git_config_folder() -> str | None:
    """The folder of the user's git files git reads (``$XDG_CONFIG_HOME/git``, else
    ``~/.config/git``); None with no home at all (a container's user without HOME or a passwd
    entry), where git reads no global file either."""
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser(os.path.join("~", ".config"))
    return None if config.startswith("~") else os.path.join(config, "git")


def _settings_may_name(setting: str, repo: Any) -> bool:
    """Whether a configuration file git reads in ``repo`` may set ``setting`` (its name in lower
    case, without its section): one holds the name, or an include, which could bring it in, or
    cannot be read. Looked for in the text, not parsed, so that git is asked (and reads the
    settings itself, includes and all) only where it may matter: an extra command at worst."""
    system = os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig"
    files = [] if os.environ.get("GIT_CONFIG_NOSYSTEM") else [system]
    if (chosen := os.environ.get("GIT_CONFIG_GLOBAL")) is not None:
        files.append(chosen)
    elif (config := _git_config_folder()) is not None:
        files += [os.path.join(config, "config"), os.path.expanduser(os.path.join("~", ".gitconfig"))]
    files += [os.path.join(repo.common_dir, "config"), os.path.join(repo.git_dir, "config.worktree")]
    for name in files:
        if not name or name.startswith("~"):
            continue
        try:
            with open(name, "rb") as settings:
                text = settings.read().lower()
        except FileNotFoundError:
            continue
        except OSError:
            return True  # (git says what it can of a file it cannot read)
        if setting.encode() in text or b"include" in text:
            return True
    return False


def apply_zero_context(text: str, diff: str) -> str | None:
    """``text`` with a ``git diff -U0`` of it applied; None when the diff does not fit it."""
    old = text.splitlines(keepends=True)
    out: list[str] = []
    at = 0  # the next line of ``old`` not copied yet
    added = False  # whether the diff's last line was one of the new version
    in_hunk = False  # past the header ("--- a/x", "+++ b/x"): a removed "-- x" is a line of the file
    for line in diff.splitlines(keepends=True):
        if line.startswith("@@ "):
            found = _HUNK.match(line)
            if found is None:
                return None
            start, count = int(found["start"]), int(found["count"] or 1)
            until = start if count == 0 else start - 1  # -U0 names the line before an insertion
            if until < at or until + count > len(old):
                return None
            out.extend(old[at:until])
            at, in_hunk = until, True
        elif not in_hunk:
            continue
        elif line.startswith("-"):
            if at >= len(old) or old[at].rstrip("\r\n") != line[1:].rstrip("\r\n"):
                return None
            at += 1
        elif line.startswith("+"):
            out.append(line[1:])
        elif line.startswith("\\ ") and added and out:  # "\ No newline at end of file"
            out[-1] = out[-1].removesuffix("\n")
        added = in_hunk and line.startswith("+")
    out.extend(old[at:])
    return "".join(out)


#: A hunk header of a unified diff: where its lines of the old version start, and how many.
_HUNK = re.compile(r"@@ -(?P<start>\d+)(?:,(?P<count>\d+))? \+\d+(?:,\d+)? @@")


def lfs_contents(pointer: bytes | None, raw: bytes) -> bool:
    """Whether ``raw`` (a file on the disk) is the contents a Git LFS pointer stands for: its
    ``oid sha256`` and ``size`` match. Worked out here, without git-lfs (which pmkit never
    runs): git's version of a file stored with LFS is the pointer, its checkout the text."""
    import hashlib

    found = _LFS_OID.search(pointer.decode("utf-8", "replace")) if pointer is not None else None
    return (found is not None and int(found["size"]) == len(raw)
            and hashlib.sha256(raw).hexdigest() == found["oid"])


#: A Git LFS pointer's object id and size (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md).
_LFS_OID = re.compile(r"^version https://(?:git-lfs|hawser)\.github\.com/spec/v\d+\r?\n"
                      r"oid sha256:(?P<oid>[0-9a-f]{64})\r?\nsize (?P<size>\d+)\r?\n?")


#: How to fix a postmortem git holds as a Git LFS pointer (said by the history and disclosure rules).
LFS_HINT = ("Keep postmortems (small text files) out of LFS: remove their pattern from .gitattributes, "
            "then 'git add --renormalize .'.")


#: What ``git check-attr`` says of an attribute that gives no value.
_NO_VALUE = ("unspecified", "unset", "set")


def read_evidence(paths: Sequence[str | os.PathLike[str]], opened: GitEvidence | None = None) -> GitEvidence:
    """Read the history of ``paths`` with one ``git log`` (for the repository of the first).

    ``opened``: the repository as :func:`open_repository` found it, when the run has it already.
    """
    evidence = _fresh(opened) if opened is not None else open_repository(paths)
    if evidence.problem is not None or evidence.root is None:
        return evidence
    root, repo = evidence.root, evidence._repo
    files = _file_specs(evidence, paths)
    evidence.by_file = files is not None
    specs = files or sorted(_pathspecs(evidence, paths))
    if not specs:
        evidence.problem = _outside(root)
        return evidence
    try:
        changes = evidence.redated(_followed_log(repo, root, specs, by_file=evidence.by_file))
    except Exception as exc:
        evidence.problem = log_failure(evidence, exc)
        return evidence
    for change in changes:
        evidence.changes.setdefault(change.path, []).append(change)
        if change.old_path:
            evidence.changes.setdefault(change.old_path, [])
    return evidence


#: How many more times the log is read to follow files moved in from outside its folders.
FOLLOW_ROUNDS = 4

#: Up to this many files in a repository, the log is read for the files themselves rather than
#: for their folders. git then compares one name per commit instead of a whole folder's trees,
#: and lists only the commits that touched the files: a hook's one file in a folder of 1,000
#: postmortems with 10,000 commits reads in about a quarter of the time. git's cost grows with
#: the number of pathspecs times commits, so a larger run is faster by folder.
FILE_SPEC_LIMIT = 16


def _file_specs(evidence: GitEvidence, paths: Sequence[str | os.PathLike[str]]) -> list[str] | None:
    """The run's files as repository-relative pathspecs, when they are few and all files (as
    :meth:`GitEvidence.history` names them: a link resolved); else None (read by folder)."""
    if len(paths) > FILE_SPEC_LIMIT:
        return None
    specs = set()
    for path in paths:
        rel = evidence.relative(path)
        if rel is None or is_folder(Path(os.path.abspath(path))):
            return None
        specs.add(rel)
    return sorted(specs) or None


def _followed_log(repo: Any, root: Path, specs: list[str], *, by_file: bool = False) -> list[FileChange]:
    """The log of ``specs`` (the files' folders, or with ``by_file`` the files), also reaching
    back before a file was moved into them from elsewhere.

    ``--full-diff`` shows the whole of each listed commit, so a move from ``drafts/`` into the
    folder is a rename, not an addition. The folders of the moved files' earlier names (at the
    top of the repository, the names themselves; with ``by_file`` the earlier names) are then
    read too, so that their history before the move is there (a draft's first commit is when it
    was drafted). Usually nothing moved in, and one log does. A file whose earliest known change
    is still a move in is one whose start was not read; read by file, its folders are read then,
    as a larger run reads them, so that renames inside a folder are followed however many there
    were.

    Each round reads only the earlier names or folders found in it, and only the history from
    the newest move out of them on (from the nearest commit before it that every line of the
    history passes through, see :func:`cut_commits`): before that, the name was another file's.
    A folder moved whole five times had the whole history walked five times, each with every
    name found so far (3 s of CPU for a hook's one file of 10,000 commits). The changes of all
    the logs are put in the order of the whole history (``git rev-list --topo-order``, the order
    each log lists its commits in), which is then their ``order``.
    """
    # A file's earlier name is read as a file; a folder's, as its folder.
    def earlier(old: str) -> str:
        return old if by_file else posixpath.dirname(old) or old

    def what_to_read(specs: list[str]) -> list[str]:
        return specs if by_file else covering_specs(specs)

    def theirs(specs: list[str], read: list[str]) -> Container[str]:
        # --full-diff lists every file of each commit; only the changes to or from the files
        # (or under the folders) read are theirs. A file elsewhere would enter the evidence
        # with only the commits it shares with them, as if that were its whole history.
        return set(specs) if by_file else _Under(read)

    read = what_to_read(specs)
    raw = _read_log(repo, [root / spec for spec in specs], read)
    changes = list(parse_log(raw, theirs(specs, read)))
    order: dict[str, int] | None = None
    cuts: list[tuple[int, str]] = []
    for round_ in range(FOLLOW_ROUNDS + 1):
        moved_in: dict[str, str] = {}  # earlier name or folder -> the newest move from it
        for change in changes:
            if (change.status == "R" and change.old_path is not None and _within(change.path, specs)
                    and not _within(change.old_path, read)):
                moved_in.setdefault(earlier(change.old_path), change.commit.sha)
        if not moved_in:
            return changes
        if round_ == FOLLOW_ROUNDS:
            break
        if order is None:
            lines = topo_order(repo)
            order = {line.split(" ", 1)[0]: position for position, line in enumerate(lines, 1)}
            cuts = cut_commits(lines)
            changes = [replace(change, order=order.get(change.commit.sha, 0)) for change in changes]
        newest = min(order.get(sha, 0) for sha in moved_in.values())
        # The newest commit, from the move on, that every line of the history passes through.
        start = max(((position, sha) for position, sha in cuts if position + 1 <= newest),
                    default=(0, "HEAD"))[1]
        added = sorted(moved_in)
        added_read = what_to_read(added)
        raw = _read_log(repo, [root / spec for spec in added], added_read, start)
        seen = {(change.commit.sha, change.status, change.path, change.old_path) for change in changes}
        for change in parse_log(raw, theirs(added, added_read)):
            if (change.commit.sha, change.status, change.path, change.old_path) not in seen:
                changes.append(replace(change, order=order.get(change.commit.sha, 0)))
        changes.sort(key=lambda change: change.order)
        specs = [*specs, *added]
        read = [*read, *added_read]
    if by_file:
        return _followed_log(repo, root, sorted({posixpath.dirname(spec) or spec for spec in specs}))
    return changes


#: Up to this many folders are read by name in one log; more are read through the folders that
#: hold them. git matches every name of every tree it compares against each pathspec in turn,
#: so 300 team folders (``teams/team-NNN/postmortems``) took 5.3 s of git's time over 10,000
#: commits where their common folder ``teams`` took 0.35 s; 32 folders took 0.23 s.
PATHSPEC_LIMIT = 32


def covering_specs(specs: Sequence[str], limit: int = PATHSPEC_LIMIT) -> list[str]:
    """``specs`` (repository-relative folders) when there are at most ``limit``; else the fewest
    levels of their parent folders that bring them to ``limit`` or fewer (the whole repository
    at worst). The log of a folder lists every commit that changed anything under it, so each
    file under ``specs`` has the same changes in it, and the commits' order is the same: git
    sorts the whole walk, then leaves out the commits that change none of the paths."""
    if len(specs) <= limit:
        return list(specs)
    deepest = max(spec.count("/") + 1 for spec in specs)
    for depth in range(deepest - 1, 0, -1):
        parents = sorted({"/".join(spec.split("/")[:depth]) for spec in specs})
        if len(parents) <= limit:
            return parents
    return ["."]


class _Under:
    """The paths that are one of ``specs`` (repository-relative pathspecs) or under one: each
    path is looked up with its parent folders, not compared with every spec."""

    def __init__(self, specs: Iterable[str]) -> None:
        self.specs = frozenset(specs)
        self.everything = "." in self.specs

    def __contains__(self, path: object) -> bool:
        if self.everything:
            return True
        while isinstance(path, str) and path:
            if path in self.specs:
                return True
            path = path.rpartition("/")[0]
        return False


def _within(path: str, specs: Sequence[str]) -> bool:
    """Whether a repository-relative path is one of the pathspecs or under one."""
    return any(spec == "." or path == spec or path.startswith(f"{spec}/") for spec in specs)


#: How every log of a file's history is walked: every line of it, children before parents.
HISTORY_WALK = ("--full-history", "--topo-order")

#: A log is split over the cores only when its folders hold this many entries (the cost per
#: commit is git comparing the folder's trees) and the history has this many commits.
SPLIT_MIN_ENTRIES = 200
SPLIT_MIN_COMMITS = 2000


def log_command(*options: str) -> list[str]:
    """``git log`` as every reader of a file's history runs it, parsed by :func:`parse_log`:
    names and status of each change (renames found, merges' conflict resolutions included), the
    whole history walked children first, subjects in UTF-8; ``options`` added
    (``--full-diff``, ``--follow``). The revisions and paths follow."""
    # --topo-order: children before parents also when commit dates say otherwise (a rebase
    # gives many commits one second; a machine's clock can be behind), which is what following
    # a rename back in time relies on. The encoding: subjects as UTF-8 whatever the repository's
    # i18n.logOutputEncoding says.
    # --cc: a merge that changed a file against every parent (a conflict resolved by making it
    # published, say) is one of the file's changes; plain 'git log' shows no files for merges.
    # --full-history: every line of the history. By default git follows only one parent of a
    # merge whose result equals that parent's, and leaves out what the other line did: a
    # publication on main, when a branch that made the same change and more was merged.
    return ["git", "-c", "core.quotepath=off", "log", "-z", "--name-status", "-M", "--cc", *options,
            *HISTORY_WALK, "--encoding=UTF-8", f"--format={_LOG_FORMAT}"]


def _read_log(repo: Any, folders: Sequence[Path], specs: Sequence[str], start: str = "HEAD") -> str:
    """``git log`` of ``specs`` from ``start``, newest first: in one process, or for long
    histories of big folders from HEAD in one process per core, each reading a slice of the
    history.

    Almost all of a big log's time is git comparing the folder's trees commit by commit, so
    slices read side by side take about half the time on two cores. The slices are cut at
    commits every path from HEAD to the root commits passes through (see :func:`cut_commits`),
    so together they show each commit the single log shows, once, children before parents.
    """
    command = log_command("--full-diff")
    plan = _log_plan(repo, command, list(specs), start, below=True)
    # (With a log kept, only the commits since are read: no slices needed.)
    sliced = start == "HEAD" and (plan is None or plan.kept is None)
    slices = _log_slices(repo, folders) if sliced else [[start]]
    if len(slices) == 1:
        return os.fsdecode(_read_on(repo, plan) if plan is not None
                           else _run_log(repo, [*command, *slices[0], "--", *specs]))

    def read(revs: list[str]) -> Callable[[], str]:
        return lambda: str(_execute(repo, [*command, *revs, "--", *specs], strip_newline_in_stdout=False))

    return "".join(_concurrently([read(revs) for revs in slices]))


def _log_plan(repo: Any, command: list[str], specs: list[str], start: str = "HEAD", *,
              below: bool = False) -> logcache.Plan | None:
    """How the log ``command`` of ``specs`` from ``start`` is read with the kept logs
    (:mod:`pmkit.logcache`): from HEAD, read on from the commit kept (with ``below``, also
    after a merge: :func:`kept_below`); from a commit's id, kept whole (its log never changes).
    None where nothing is kept: the cache is off, or the environment points git elsewhere."""
    if any(name in os.environ for name in _ELSEWHERE):
        return None
    from pmkit import logcache

    if start == "HEAD":
        env = _log_environment()
        return logcache.plan_for(repo.working_dir, command, specs, env, GIT_TIMEOUT,
                                 kept_below(repo.working_dir, env) if below else None)
    return logcache.plan_from(repo.working_dir, command, specs, start, getattr(repo, "common_dir", None))


def _run_log(repo: Any, whole: list[str]) -> bytes:
    """The output of the log command ``whole``: the one started ahead for it
    (:mod:`pmkit.headstart`), or run now."""
    from pmkit import headstart

    try:
        early = headstart.take(whole, repo.working_dir, GIT_TIMEOUT)
    except headstart.Failed as failed:
        from pmkit.gitrunner import GitFailed

        # As a command run now fails (one newline off stderr): the same message.
        words = failed.stderr.removesuffix(b"\n").decode("utf-8", "surrogateescape")
        raise GitFailed(whole, failed.status, words) from None
    if early is not None:
        return early
    # (Bytes, decoded by the caller as gitpython decodes: UTF-8, other bytes kept.)
    out: bytes = _execute(repo, whole, strip_newline_in_stdout=False, stdout_as_string=False)
    return out


def _read_on(repo: Any, plan: logcache.Plan, separator: bytes = b"\0") -> bytes:
    """The log as ``plan`` (:func:`pmkit.logcache.plan_for`) reads it: what was kept, after the
    commits since; or the whole log. Kept for the next run. ``separator``: see
    :func:`pmkit.logcache.combined`."""
    from pmkit import logcache

    if plan.command is None:
        return plan.kept or b""
    try:
        output = _run_log(repo, plan.command)
    except Exception:
        # A repository git cannot read (its failure then in the words it has without the cache,
        # "bad object HEAD"), or the kept tip gone between the look at it and the log (a gc
        # after a rebase): the log as without the cache, and nothing kept.
        return _run_log(repo, plan.plain)
    log = logcache.combined(plan, output, separator)
    logcache.keep(plan, log)
    return log


def _log_environment() -> dict[str, str]:
    """The environment gitpython gives every command (its locale, then pmkit's reading rules)."""
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **reading_environment()}


#: Set, these make git read another repository or work tree than the one found from the files'
#: folder: the log is then left to the reader, which sorts them out (see :func:`open_repository`).
_ELSEWHERE = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
              "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE")


def start_file_log(paths: Sequence[str]) -> None:
    """Start the log :func:`read_evidence` will read for a run of these few files (a hook's),
    now, while the run loads its modules (see :mod:`pmkit.headstart`). Only the plain case is
    foreseen: files (not folders), no more than :data:`FILE_SPEC_LIMIT`, all of one repository
    found from their folders; whatever else the reader finds, it reads the log itself."""
    if not 0 < len(paths) <= FILE_SPEC_LIMIT or sys.platform == "win32" \
            or any(name in os.environ for name in _ELSEWHERE):
        return
    try:
        keys = {repository_key(path) for path in paths}
        if len(keys) != 1 or not (key := keys.pop()) or any(is_folder(Path(path)) for path in paths):
            return
        root = Path(key).resolve()
        specs = _file_specs(GitEvidence(root=root), paths)
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in a name
        return
    if not specs:
        return
    env = _log_environment()
    from pmkit import headstart, logcache

    # The very command the reader runs, its program too: gitpython runs a command given whole
    # as it is ('git' found on PATH), not what GIT_PYTHON_GIT_EXECUTABLE names. With a log kept
    # from an earlier run, only the commits since, or none at all (see pmkit.logcache).
    command = log_command("--full-diff")
    plan = logcache.plan_ahead(str(root), command, specs, env, GIT_TIMEOUT, kept_below(str(root), env))
    if plan is None:
        headstart.start([*command, "HEAD", "--", *specs], str(root), env)
    elif plan.command is not None:
        headstart.start(plan.command, str(root), env)


#: Every commit of HEAD with its parents, children before parents (:func:`topo_order`).
TOPO_ORDER = ["git", "rev-list", "--topo-order", "--parents"]


def kept_below(root: str, env: dict[str, str]) -> logcache.Below:
    """How a log kept at TIP is read on in the work tree ``root`` when HEAD continues TIP with a
    merge (a pull): the newest commit X at or below TIP that every line of HEAD's history passes
    through (:func:`cut_commits`, as the log's slices are cut), and the kept log's end that is
    X's own log. The log of HEAD is then the log of the commits newer than X (``HEAD ^X``, few
    after a pull) before X's, as the slices of one log are: in a history of 10,000 commits, a
    hook's run after a pull read its file's whole log, 0.5 s of git. None when there is no such
    X, or the kept log is not cut there as expected: the whole log is read."""
    def below(head: str, tip: str, kept: bytes) -> tuple[str, bytes] | None:
        from pmkit import logcache

        lines = logcache.lines_of(root, TOPO_ORDER, env, GIT_TIMEOUT)
        if not lines or lines[0].split(" ", 1)[0] != head:
            return None  # (git could not say, or a commit was made meanwhile)
        tip_at = next((at for at, line in enumerate(lines) if line.split(" ", 1)[0] == tip), None)
        if tip_at is None:
            return None
        cut = next(((at, sha) for at, sha in cut_commits(lines) if at >= tip_at), None)
        records = log_records(kept)
        if cut is None or records is None:
            return None
        at, sha = cut
        newer = {line.split(" ", 1)[0] for line in lines[:at]}
        # The kept log is TIP's: the commits newer than X first, then X's own log.
        first = next((index for index, (_offset, commit) in enumerate(records) if commit not in newer),
                     len(records))
        if any(commit in newer for _offset, commit in records[first:]):
            return None
        if first == 0:
            return sha, kept
        return sha, kept[records[first][0]:] if first < len(records) else b""

    return below


def log_records(raw: bytes) -> list[tuple[int, str]] | None:
    """Where each commit's record begins in a log as :func:`parse_log` reads it (the offset of
    its header's record separator) and the commit's id, newest first; None when a header is not
    one :func:`parse_log` reads."""
    out: list[tuple[int, str]] = []
    tokens = raw.split(b"\0")
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token) + 1)
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        at = starts[index] + len(tokens[index]) - len(token)
        index += 1
        if token.startswith(_RS.encode()):
            fields = token[1:].split(_US.encode(), 4)
            if len(fields) < 5:
                return None
            out.append((at, fields[0].decode("ascii", "replace")))
            continue
        status = token.strip()
        if not status or not out:
            continue
        # (by position, as parse_log takes them: two paths after a rename or copy, else one)
        index += 2 if status[:1] in (b"R", b"C") and not (len(status) > 1 and status.isalpha()) else 1
    return out


def topo_order(repo: Any) -> list[str]:
    """``git rev-list --topo-order --parents HEAD`` of ``repo`` (gitpython's), one line a commit:
    its id and its parents', children before parents (see :func:`cut_commits`). Kept between
    runs and read on from the commit it was read from, as a log is (:mod:`pmkit.logcache`):
    10,000 commits took 50 ms of git's time on every hook's run of a file once moved in."""
    plan = _log_plan(repo, TOPO_ORDER, [])
    if plan is None:
        return str(_execute(repo, [*TOPO_ORDER, "HEAD"])).splitlines()
    return os.fsdecode(_read_on(repo, plan, separator=b"\n")).splitlines()


def _log_slices(repo: Any, folders: Sequence[Path]) -> list[list[str]]:
    """The revision ranges to read the log in: ``[["HEAD"]]``, or one slice per core."""
    slices = min(cores.usable(), 4)
    if slices < 2 or _entries(folders) < SPLIT_MIN_ENTRIES:
        return [["HEAD"]]
    try:
        lines = topo_order(repo)
    except Exception:  # the log itself will say what is wrong
        return [["HEAD"]]
    if len(lines) < SPLIT_MIN_COMMITS:
        return [["HEAD"]]
    # A slice of less than a tenth of the history is not worth its process.
    cuts = [cut for cut in cut_commits(lines) if len(lines) // 10 <= cut[0] <= len(lines) * 9 // 10]
    if not cuts:
        return [["HEAD"]]
    # The cut commits nearest to equal shares of the history, newest first.
    chosen = sorted({min(cuts, key=lambda cut: abs(cut[0] - len(lines) * part // slices))
                     for part in range(1, slices)})
    tips = ["HEAD", *(sha for _position, sha in chosen)]
    return [[tip, f"^{end}"] for tip, end in pairwise(tips)] + [[tips[-1]]]


def cut_commits(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Where ``git rev-list --topo-order --parents HEAD`` output may be cut: (position, sha).

    A cut commit X is one every path from HEAD to a root commit passes through: when it comes
    up in topological order, it is the only commit still waiting whose child was listed, and no
    root commit (an orphan branch's, or a shallow clone's boundary) has been listed yet. Then
    ``X..HEAD`` is exactly what was listed before it, all of it descended from X, and ``X``
    (with its ancestors) the rest; git's history simplification decides the same in each
    slice as in the whole log. No parent of a merge is taken as a cut: git simplifies a merge
    differently when one of its parents is outside the walk. The tests compare sliced and
    whole logs of random histories.
    """
    waiting: set[str] = set()
    merged: set[str] = set()
    cuts: list[tuple[int, str]] = []
    for position, line in enumerate(lines):
        sha, *parents = line.split()
        if position and len(waiting) == 1 and sha in waiting and sha not in merged:
            cuts.append((position, sha))
        if not parents:  # a root: what follows is not all behind one commit
            break
        waiting.discard(sha)
        waiting.update(parents)
        if len(parents) > 1:
            merged.update(parents)
    return cuts


def _entries(folders: Sequence[Path]) -> int:
    """How many names the folders hold (not recursive: a cheap size estimate)."""
    total = 0
    for folder in folders:
        try:
            total += len(os.listdir(folder))
        except OSError:
            continue
    return total


#: How gitpython's error for a command it killed after ``kill_after_timeout`` begins.
_TIMED_OUT = "Timeout: the command"


def _last_line(exc: BaseException) -> str:
    """The most telling line of a git error (gitpython puts the command and stderr in it)."""
    import subprocess

    stderr = getattr(exc, "stderr", None)
    status = getattr(exc, "status", None)
    if isinstance(stderr, str):  # gitpython's as "\n  stderr: '<git's words>'"; pmkit's as git's words
        before, wrapped, said = stderr.partition("\n  stderr: '")
        blank = not (said.removesuffix("'") if wrapped and not before.strip() else stderr).strip()
    else:
        blank = False
    if blank and isinstance(status, int):
        # gitpython's error of a git that said nothing on stderr (killed, or a wrapper's exit):
        # its text holds the command line and git's output, which is the file's own text.
        return f"git ended with exit code {status} and no message" if status > 0 else \
            f"git was ended by signal {-status}"
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else str(stderr or exc)
    # gitpython's words, with the whole command line (ours are shorter); or a command of
    # pmkit.headstart's that was given up on.
    if _TIMED_OUT in text or isinstance(exc, subprocess.TimeoutExpired):
        return f"git did not answer within {GIT_TIMEOUT:g} s"
    # gitpython words it as "\n  stderr: 'fatal: ...'": the prefix and the two quotes are not
    # git's, the quotes in the message are ("bad boolean config value 'x' for 'log.date'").
    before, wrapped, stderr_text = text.partition("\n  stderr: '")
    if wrapped and stderr_text.endswith("'"):
        text = f"{before}\n{stderr_text[:-1]}"
    lines = [ln.strip() for ln in text.strip().splitlines()]
    lines = [ln for ln in lines if ln]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else type(exc).__name__


def open_repository(paths: Sequence[str | os.PathLike[str]], *, base_only: bool = False) -> GitEvidence:
    """The repository of the first path, without reading any history yet.

    ``problem`` says why git cannot be used (not installed, not a repository, no commits,
    corrupt); ``shallow`` is set for a shallow clone.
    """
    if not paths:
        return GitEvidence(problem="no files")
    start = Path(os.path.abspath(paths[0]))
    folder = start if is_folder(start) else start.parent
    while not is_folder(folder) and folder != folder.parent:  # a deleted folder: ask its parent
        folder = folder.parent
    key = repository_key(folder)  # ("" with GIT_DIR set: that names the repository)
    if not key and "GIT_DIR" not in os.environ and not bare_repository(folder):
        # Settled without importing gitpython (~60 ms) on runs outside any repository. (Inside a
        # bare one, gitpython opens it below, and its lack of a work tree is said.)
        return GitEvidence(problem=NOT_IN_REPOSITORY)
    if key and not folder.is_relative_to(key):
        folder = Path(os.path.realpath(folder))  # found where a symbolic link leads
    if key and (plain := _open_plain(key, paths, base_only=base_only)) is not None:
        return plain
    if "git" not in sys.modules and (why := _unresponsive_git()) is not None:
        return GitEvidence(problem=f"git is not available ({why})")
    try:
        import git
    except ImportError as exc:  # gitpython refuses to import when no git executable exists
        if (named := os.environ.get("GIT_PYTHON_GIT_EXECUTABLE")):
            # gitpython's "Bad git executable." named neither the setting nor the program.
            return GitEvidence(problem=f"git is not available (GIT_PYTHON_GIT_EXECUTABLE names '{named}', "
                               "which does not run as git)")
        if (ran := exc.__cause__) is not None and getattr(ran, "stderr", None):
            # git is there and ran 'git version', but stopped: a configuration file it reads on
            # every command does not parse ('bad config line 1 in file ~/.gitconfig'). Its own
            # words say which file; installing git is no fix.
            return GitEvidence(problem=f"git stops before reading anything ({_last_line(ran)})")
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return GitEvidence(problem=f"git is not available ({first})")
    try:
        repo = _open_at(git, folder)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        repo = _from_environment(git)
        if repo is None:
            for parent in (folder, *folder.parents):
                if (parent / ".git").exists():
                    if (gone := _missing_gitdir(parent / ".git")) is not None:
                        return GitEvidence(problem=f"the .git file at {parent} points to {gone}, which "
                                           "does not exist (a worktree or submodule whose main "
                                           "repository was moved or deleted)")
                    return GitEvidence(problem=f"the git repository at {parent} cannot be read: it "
                                       "looks corrupt ('git status' there says why)")
            return GitEvidence(problem=NOT_IN_REPOSITORY)
    except Exception as exc:
        return GitEvidence(problem=f"cannot open the git repository ({exc})")
    repo.git.update_environment(**reading_environment())
    if (elsewhere := _work_tree_elsewhere(repo, folder)) is not None:
        return GitEvidence(problem=elsewhere)
    if repo.working_tree_dir is None:
        if "GIT_WORK_TREE" in os.environ:
            return GitEvidence(problem="the repository GIT_DIR names is bare; pmkit does not read a "
                               "separate work tree (GIT_WORK_TREE) of a bare repository", bare=True)
        where = Path(repo.git_dir).resolve()
        where = where.parent if where.name == ".git" else where
        return GitEvidence(problem=f"the repository at {where} is set to be bare (core.bare = true), so "
                           "git gives it no work tree to read the files in ('git config core.bare "
                           "false' there, if they are its work tree)", bare=True)
    repo.git.update_environment(**_own_places(repo))
    root = Path(repo.working_tree_dir).resolve()
    packs = _has_promisor_packs(repo)
    evidence = GitEvidence(root=root, _repo=repo, partial=packs and _is_partial_clone(repo),
                           promisor_packs=packs)
    try:
        # One call for both questions: "false\n<sha>" (git before 2.15 echoes the option). The
        # command asked it already as it started, for the log it keeps (pmkit.logcache).
        logs = sys.modules.get("pmkit.logcache")
        answer = logs.head_answer(str(root)) if logs is not None else None
        if answer is None:
            answer = str(_execute(repo, ["git", "rev-parse", "--is-shallow-repository", "--verify",
                                         "HEAD"])).split()
    except Exception as exc:
        why = _last_line(exc)
        if why.startswith("git did not answer"):
            evidence.problem = f"{why} in the repository at {root}; pmkit gave up on it"
        elif "dubious ownership" in why:
            evidence.problem = (f"git refuses to read the repository at {root}: it is owned by "
                                "another user (dubious ownership; see 'git config --global "
                                "--add safe.directory')")
        elif _no_head(why) and (broken := _broken_branch(repo)) is not None:
            # HEAD names a branch whose ref holds no commit id: not a new branch, a damaged one
            # (its commits are still there), and saying "no commits yet" would hide it.
            evidence.problem = (f"git cannot read the repository at {root}: {broken} (its ref "
                                "does not hold a commit id; 'git reflog' or 'git fsck' find the "
                                "last commit to point it at again)")
        elif _no_head(why):
            evidence.problem = "the current branch has no commits yet"
            evidence.unborn = True
        else:
            evidence.problem = f"git cannot read the repository at {root} ({why})"
        return evidence
    if not answer or not re.fullmatch(_OBJECT_ID, answer[-1]):
        # Not git's answer: the 'git' found on PATH is some other program.
        evidence.problem = (f"the 'git' command did not answer like git in the repository at {root} "
                            f"(it printed {' '.join(answer)[:60]!r}); check which git is on PATH")
        return evidence
    evidence.shallow = answer[0] == "true"
    evidence.head = answer[-1]
    return evidence


def _open_plain(key: str, paths: Sequence[str | os.PathLike[str]], *,
                base_only: bool = False) -> GitEvidence | None:
    """The repository at ``key`` opened without gitpython (:mod:`pmkit.gitrunner`), for a run of
    at most :data:`FILE_SPEC_LIMIT` files (a hook's), or of any number that reads only the base
    versions (``base_only``: the repository-wide history hook, on every commit), where
    gitpython's import would cost more than all of git's reading: when the repository is a
    plain one, git is found as gitpython would find it, and HEAD names a commit. None
    otherwise, and gitpython opens the repository, and says what is wrong with it if anything
    is."""
    if not _few_and_plain_place(paths, base_only=base_only):
        return None
    import subprocess

    from pmkit.gitrunner import plain_repository

    repo = plain_repository(key)
    if repo is None:
        return None
    repo.git.update_environment(**reading_environment())
    repo.git.update_environment(**_own_places(repo))
    root = Path(repo.working_tree_dir)
    logs = sys.modules.get("pmkit.logcache")
    answer = logs.head_answer(str(root)) if logs is not None else None
    if answer is None:
        from pmkit.gitplace import ask_git

        command = ["git", "rev-parse", "--is-shallow-repository", "--verify", "HEAD"]
        try:
            asked = ask_git(command, cwd=str(root), env=_log_environment(), timeout=GIT_TIMEOUT)
        except subprocess.TimeoutExpired:  # (gitpython's import would wait for it again)
            return GitEvidence(problem=f"git did not answer within {GIT_TIMEOUT:g} s in the repository at "
                               f"{root}; pmkit gave up on it")
        answer = asked[1].decode("utf-8", "surrogateescape").split() if asked and asked[0] == 0 else []
    if len(answer) != 2 or answer[0] not in ("true", "false") or not re.fullmatch(_OBJECT_ID, answer[1]):
        return None  # (no commit yet, a damaged ref, not git: gitpython's reading says which)
    packs = _has_promisor_packs(repo)
    return GitEvidence(root=root, _repo=repo, partial=packs and _is_partial_clone(repo), promisor_packs=packs,
                       shallow=answer[0] == "true", head=answer[1])


def _few_and_plain_place(paths: Sequence[str | os.PathLike[str]], *, base_only: bool = False) -> bool:
    """Whether a run of ``paths`` may read git without gitpython, as far as the run and the
    environment tell (:func:`_open_plain`): few files (or any number, ``base_only``), not on
    Windows, and no variable that makes git read another repository or that names gitpython's git."""
    return (base_only or len(paths) <= FILE_SPEC_LIMIT) and sys.platform != "win32" \
        and not any(name in os.environ for name in (*_ELSEWHERE, "GIT_PYTHON_GIT_EXECUTABLE"))


def opened_without_gitpython(paths: Sequence[str | os.PathLike[str]]) -> bool:
    """Whether the repository of ``paths`` (one, found from their folders) will be read without
    importing gitpython (:func:`_open_plain`); False when in doubt. Asked before any git is run:
    HEAD's answer, which it also needs, is left to the reader."""
    from pmkit.gitrunner import plain_repository

    if not paths or not _few_and_plain_place(paths):
        return False
    keys = {repository_key(path) for path in paths}
    return len(keys) == 1 and bool(key := keys.pop()) and plain_repository(key) is not None


#: The git executables (and PATHs) that did not answer, so that a run waits for each once.
_UNRESPONSIVE: dict[tuple[str, str], str] = {}


def _unresponsive_git() -> str | None:
    """Why the git executable would hang pmkit, or None. Asked before gitpython is imported:
    the import runs ``git version`` and waits for its answer without a time limit."""
    import subprocess

    from pmkit.gitplace import ANSWERED, ask_git

    executable = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"  # the one gitpython runs
    key = (executable, os.environ.get("PATH", ""))
    if key in _UNRESPONSIVE:
        return _UNRESPONSIVE[key]
    if key in ANSWERED:  # (it answered a moment ago: git version would, too)
        return None
    try:
        ask_git([executable, "version"], timeout=GIT_TIMEOUT)  # (not runnable: the import says so)
    except subprocess.TimeoutExpired:
        _UNRESPONSIVE[key] = f"'{executable} version' did not answer within {GIT_TIMEOUT:g} s"
        return _UNRESPONSIVE[key]
    return None


#: Settings, from the user's or the repository's git configuration, that would change what
#: the commands pmkit runs print: log.follow makes 'git log' with several paths fail,
#: log.showRoot=false hides the changes of the first commit, and log.showSignature=true
#: writes each signed commit's verification into the log (and runs gpg or ssh-keygen once per
#: commit). core.fsmonitor would start a monitor (a hook or a daemon) that reading has no use for.
#: diff.renameLimit: below the number of files a commit moves, git stops looking for renames
#: that changed the contents, and a moved postmortem becomes a new file (its first commit and
#: trail lost); git's own default (1000) keeps the evidence the same on every machine.
#: diff.orderFile names a file that 'git log' and 'git diff' must read (only to sort the paths
#: they print): one missing where pmkit runs (a path relative to another repository, a file
#: not committed) made every log fail, and the disclosure dates and the history with it.
#: log.date and format.pretty: 'git log' parses them before it reads pmkit's own --format, and
#: stops at a value it does not know (a date format's name from another tool in shared dotfiles,
#: a pretty format defined in a file included for other repositories only).
_NEUTRAL_CONFIG = {"log.follow": "false", "log.showRoot": "true", "log.showSignature": "false",
                   "core.fsmonitor": "false", "diff.renameLimit": "1000", "diff.orderFile": os.devnull,
                   "log.date": "default", "format.pretty": "medium"}


def reading_environment() -> dict[str, str]:
    """The environment of every git command pmkit runs: reading never writes, never fetches."""
    env = {
        # Without this, 'git diff' refreshes .git/index when file times changed, which a check
        # must never do (and which races with the user's own git).
        "GIT_OPTIONAL_LOCKS": "0",
        # Paths are names, not patterns: a folder called ':x' or 'pm[2026]' is that folder,
        # not pathspec magic or a glob. git refuses the other global pathspec switches next to
        # it ("incompatible"), so the user's own are turned off.
        "GIT_LITERAL_PATHSPECS": "1",
        "GIT_GLOB_PATHSPECS": "0",
        "GIT_NOGLOB_PATHSPECS": "0",
        "GIT_ICASE_PATHSPECS": "0",
        # No network, ever: a partial clone would fetch the file versions it lacks from its
        # remote (writing them into .git, or hanging on an unreachable host). An empty list of
        # allowed protocols also stops any other transport.
        "GIT_NO_LAZY_FETCH": "1",
        "GIT_ALLOW_PROTOCOL": "",
        # The history as committed is the evidence: 'git replace' objects and the (deprecated)
        # .git/info/grafts file are local substitutes that could give a commit another date or
        # other parents than everyone else's copy of the repository has. A shallow clone's
        # boundary is kept (it is read from .git/shallow, not from the graft file).
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_GRAFT_FILE": os.devnull,
    }
    # As 'git -c' passes settings on to the commands it runs: they come after every
    # configuration file and GIT_CONFIG_COUNT, and ours after the caller's own ('git -c
    # log.follow=true commit' runs the hooks with it).
    ours = " ".join(f"'{key}'='{value}'" for key, value in _NEUTRAL_CONFIG.items())
    given = os.environ.get("GIT_CONFIG_PARAMETERS", "").strip()
    env["GIT_CONFIG_PARAMETERS"] = f"{given} {ours}" if given else ours
    return env


def _own_places(repo: Any) -> dict[str, str]:
    """The work tree and index git's commands are to use in ``repo``, when the environment
    names others (and GIT_DIR does not name the repository itself).

    A hook runs with GIT_INDEX_FILE set ('.git/index' for 'git commit', '.git/index.lock' or a
    next-index file for 'git commit -a' or with paths): the index of the repository whose hook
    it is, the one git finds from the current folder. A repository of the run that is another
    (a submodule, a nested repository) has its own index: with the variable inherited, git read
    '.git/index' of a submodule, where .git is a file, or the other repository's index.
    A GIT_WORK_TREE left set makes git compare the repository with that folder, while pmkit
    checks the files in the repository's own work tree, where their folder put them."""
    if "GIT_DIR" in os.environ:
        return {}
    places: dict[str, str] = {}
    if os.environ.get("GIT_WORK_TREE"):
        places["GIT_WORK_TREE"] = str(repo.working_tree_dir)
    own = repository_key(repo.working_tree_dir)
    if os.environ.get("GIT_INDEX_FILE") and repository_key(os.getcwd()) != own:
        places["GIT_INDEX_FILE"] = str(Path(repo.git_dir) / "index")
    return places


#: git's words for an object it cannot read: a commit, tree or blob whose loose file or pack is
#: gone or damaged (not a blob a partial clone left on its remote: :func:`partial_clone_note`).
_CORRUPT = re.compile(r"could not read|unable to read|bad object|bad tree object|not a (tree|commit|blob) "
                      r"object|cannot simplify commit|corrupt|inflate|packfile|missing (blob|tree|commit)",
                      re.IGNORECASE)


def log_failure(evidence: GitEvidence, exc: BaseException) -> str:
    """Why ``git log`` failed, in git's words, with what to do about it: a partial clone's
    missing objects (:func:`partial_clone_note`), or a repository that looks corrupt, for which
    ``git fsck`` finds the damage. git's "Could not read <id>" alone named no cause and no way on."""
    why = _last_line(exc)
    if (partial := partial_clone_note(evidence, exc)):
        return f"git log failed ({why}){partial}"
    if _CORRUPT.search(why):
        where = f" at {evidence.root}" if evidence.root is not None else ""
        return (f"git log failed ({why}): the git repository{where} looks corrupt (a missing or corrupt "
                f"object; run '{git_command(evidence.root)} fsck' to find the damage)")
    return f"git log failed ({why})"


def index_problem(evidence: GitEvidence, why: str) -> tuple[str, str] | None:
    """What to say, and the hint, when git failed because it cannot read the index (the list of
    staged files: a file cut short by a full disk or a crash, "index file smaller than
    expected"); None for any other failure. Without it, the failure was said as renamed files
    that cannot be recognised, with no hint, though nothing was renamed: the index is what is
    broken, and git itself fails on it ('git status', 'git commit').

    git rebuilds the index from ``HEAD`` once it is gone: ``git reset`` (mixed) writes it and
    leaves the files on the disk as they are. What was staged since ``HEAD`` is unstaged then,
    and is staged again with ``git add``; a staged version since edited on the disk is still
    in the repository as an object no longer listed, which ``git fsck --lost-found`` recovers."""
    if "index file" not in why and not re.search(r"\bindex uses\b|index entry format", why):
        return None
    git = git_command(evidence.root)
    index = (evidence._git("rev-parse", "--path-format=absolute", "--git-path", "index") or "").strip()
    try:
        shown = os.path.relpath(index) if index else ".git/index"
    except ValueError:  # another drive (Windows)
        shown = index
    message = (f"git's index ({shown}, the list of staged files) cannot be read: it looks corrupt "
               f"({why}), so what is staged, renamed or deleted since the base cannot be told")
    hint = (f"Rebuild the index from HEAD: 'rm {shell_word(shown)} && {git} reset'. That leaves the files "
            "on the disk as they are and unstages what was staged: stage it again with 'git add' (a "
            f"staged version since edited on the disk is among the objects '{git} fsck --lost-found' "
            "recovers).")
    return message, hint


def partial_clone_note(evidence: GitEvidence, exc: BaseException | str) -> str:
    """What to add to a git failure caused by a blob a partial clone lacks ("could not fetch
    ... from promisor remote": git needed it, e.g. to compare contents for renames; "unable to
    read <id>" when the promisor remote was removed, and git takes the clone for a full one)."""
    why = str(exc if isinstance(exc, str) else _last_line(exc))
    lacks = ("; this partial clone (git clone --filter) lacks objects git needs for it (old file "
             "versions; after --filter=tree:0 also old folder listings)")
    if evidence.partial and "promisor remote" in why:
        return f"{lacks}, and pmkit never fetches"
    if evidence.promisor_packs and not evidence.partial and "unable to read" in why:
        return (f"{lacks}, and its promisor remote is gone from the settings ('git remote remove'), "
                "so git cannot get them either; pmkit never fetches")
    return ""


#: The settings that make a remote a promisor one, as git reads them (promisor-remote.c).
_PROMISOR_SETTINGS = r"^(extensions\.partialclone|remote\..*\.(promisor|partialclonefilter))$"


def _has_promisor_packs(repo: Any) -> bool:
    """Whether a ``.promisor`` file is beside a pack: one a partial clone fetched."""
    try:
        return any((Path(repo.common_dir) / "objects" / "pack").glob("*.promisor"))
    except OSError:
        return False


def _is_partial_clone(repo: Any) -> bool:
    """Whether objects may be missing, left on a promisor remote (``git clone --filter``):
    such a clone keeps a ``.promisor`` file beside each pack it fetched (asked first, by
    :func:`_has_promisor_packs`), and names its remote as a promisor. A ``.promisor`` file
    alone (a pack copied over, a partial clone whose settings were removed once it had
    everything) promises nothing to git: it is not one."""
    try:
        out = str(_execute(repo, ["git", "config", "--get-regexp", _PROMISOR_SETTINGS]))
    except Exception:  # exit code 1: no such setting
        return False
    for line in out.splitlines():
        key, spaced, value = line.partition(" ")
        if not key.endswith(".promisor"):
            return True
        # A boolean: the key alone means true, an empty value false.
        if not spaced or value.strip().lower() not in ("", "false", "no", "off", "0"):
            return True
    return False


def _missing_gitdir(dot_git: Path) -> str | None:
    """The folder a ``.git`` file ("gitdir: <path>", in a linked worktree or a submodule) names,
    when it is not there; None for a ``.git`` folder or a target that exists."""
    try:
        if not dot_git.is_file():
            return None
        first = dot_git.read_text(encoding="utf-8", errors="replace").partition("\n")[0].strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    target = Path(first.removeprefix("gitdir:").strip())
    target = target if target.is_absolute() else dot_git.parent / target
    return None if target.exists() else str(target)


def _open_at(git: Any, folder: Path) -> Any:
    """gitpython's repository of ``folder``, looked for along the path as given, then, as git
    looks for it, in the folder a symbolic link leads to: a submodule's .git file names its
    repository relative to where the submodule really is ('gitdir: ../.git/modules/x'), which
    a link from elsewhere to the submodule does not lead to."""
    try:
        return git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        real = Path(os.path.realpath(folder))
        if real == folder:
            raise
        return git.Repo(real, search_parent_directories=True)


def _from_environment(git: Any) -> Any:
    """The repository GIT_DIR (and GIT_WORK_TREE) name, for a work tree without a .git of its
    own (a bare repository with a separate work tree); None if they name none."""
    if "GIT_DIR" not in os.environ:
        return None
    try:
        return git.Repo()
    except Exception:
        return None


def _work_tree_elsewhere(repo: Any, folder: Path) -> str | None:
    """Why the work tree of a repository GIT_DIR names cannot be told, or None. With GIT_DIR set
    and neither GIT_WORK_TREE nor core.worktree, git takes the current folder as the work tree;
    gitpython takes GIT_DIR's parent folder, and the history of the files (in ``folder``) was
    read there: none was found, and the history rules passed without a word. (Files outside
    that folder are said to be outside the repository GIT_DIR names.)"""
    if "GIT_DIR" not in os.environ or "GIT_WORK_TREE" in os.environ or repo.working_tree_dir is None:
        return None
    try:
        if repo.config_reader("repository").has_option("core", "worktree"):
            return None
        here, guessed = Path.cwd().resolve(), Path(repo.working_tree_dir).resolve()
        if here == guessed or not folder.resolve().is_relative_to(guessed):
            return None
    except Exception:  # (a configuration gitpython cannot read: git itself says what is wrong)
        return None
    return (f"GIT_DIR names the repository {os.environ['GIT_DIR']} without GIT_WORK_TREE, so git takes "
            f"the current folder ({here}) as its work tree, and pmkit does not; set GIT_WORK_TREE to "
            "the work tree's top folder")


def _broken_branch(repo: Any) -> str | None:
    """git's words when HEAD names a branch whose ref is damaged, or None (a branch with no
    commits yet). Asked only when HEAD names no commit: a new repository, rarely."""
    try:
        _execute(repo, ["git", "log", "-1", "--format=%H"])
    except Exception as exc:
        why = _last_line(exc)
        return why.removeprefix("fatal: ") if "appears to be broken" in why else None
    return None


def _no_head(why: str) -> bool:
    """Whether a failed ``rev-parse --verify HEAD`` means an unborn branch (no commits)."""
    return why.startswith(("fatal: Needed a single revision", "fatal: ambiguous argument 'HEAD'")) \
        or not why.startswith(("fatal:", "error:"))


def repair_hint(problem: str) -> str | None:
    """How to fix what keeps git from reading the repository the files are in; None when they
    are in no repository, or outside the one git reads (where to run pmkit is then the fix)."""
    if problem.startswith((NOT_IN_REPOSITORY, "the files are outside the repository")):
        return None
    if problem.startswith("git is not available (GIT_PYTHON_GIT_EXECUTABLE"):
        return ("Point GIT_PYTHON_GIT_EXECUTABLE at the git program, or unset it to use the git on "
                "PATH: pmkit reads the history with it.")
    if problem.startswith("git is not available"):
        return "Install git, or put it on PATH: pmkit reads the history with it."
    if "partial clone" in problem:
        return "Clone without --filter (actions/checkout: no filter, fetch-depth: 0)."
    return "Make git able to read the repository (the message says what stops it)."


def _outside(root: Path) -> str:
    """Why none of the files has a history: they are not under the repository's work tree."""
    why = f"the files are outside the repository at {root}"
    if "GIT_DIR" in os.environ:
        # Set by hand (or left over from a hook), it picks the repository whatever the folder.
        why += ", which the environment variable GIT_DIR names"
    return why


def _pathspecs(evidence: GitEvidence, paths: Iterable[str | os.PathLike[str]]) -> set[str]:
    """The folders of the files as pathspecs, so renames inside them are seen (each folder
    resolved once, by :meth:`GitEvidence.real_folder`, as the files' names are)."""
    assert evidence.root is not None
    folders: set[str] = set()
    for path in paths:
        absolute = os.path.abspath(path)
        folders.add(absolute if is_folder(absolute) else os.path.dirname(absolute))
    specs: set[str] = set()
    for folder in folders:  # (a repository-wide run's 1,000 files are in a few folders)
        try:
            specs.add(evidence.real_folder(folder).relative_to(evidence.root).as_posix() or ".")
        except (ValueError, OSError, RuntimeError):
            continue
    return specs


def _folder_spec(root: Path, folder: str | os.PathLike[str]) -> str | None:
    """A configured folder as a pathspec, whether or not it still exists; None for one outside
    the repository, also through a link in it that leads out of it: git holds the link, not the
    files, which are outside as the files checked there are (a configured postmortems/ linked to
    a shared folder made the base listing hold the link, and PM600 no longer said that the
    history rules stepped aside)."""
    absolute = Path(os.path.abspath(folder))
    try:
        real: Path | None = absolute.resolve()
    except (OSError, RuntimeError):  # a link in a loop (RuntimeError: Python 3.11)
        real = None
    try:
        rel = absolute.relative_to(root).as_posix()
    except ValueError:
        try:
            rel = (real or absolute).relative_to(root).as_posix()
        except ValueError:
            return None
    if real is not None and os.path.lexists(absolute) and not real.is_relative_to(root):
        return None
    return rel or "."


def parse_log(raw: str, names: Container[str] | None = None) -> Iterable[FileChange]:
    """Parse ``git log -z --name-status --format=<_LOG_FORMAT>`` output, newest first.

    The output is read as NUL-separated tokens: a token starting with the record separator
    is a commit header (its subject, the last field, may itself contain the separators);
    anything else is a status followed by one path (two for a rename or copy, one for a
    merge's combined status), taken by position, so neither a subject nor a file name can be
    mistaken for another commit.

    ``names``: only the changes to or from these paths. A log of a few files read with
    ``--full-diff`` lists every file of each of their commits (100,000 in a monorepo's first
    commit), which are not theirs.
    """
    order = 0
    commit: Commit | None = None
    tokens = raw.split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith(_RS):
            commit = _commit(token[1:])
            if commit is not None:
                order += 1
            continue
        status = token.strip()
        if not status or commit is None:
            continue
        kind = status[0]
        if len(status) > 1 and status.isalpha():
            # A merge's combined status, one letter per parent ("MM", "RM"), and one path: the
            # merge changed the file against every parent (a conflict resolved, say).
            kind = "A" if set(status) == {"A"} else "M"
        if kind in ("R", "C"):
            if index + 1 >= len(tokens):
                break
            if names is None or tokens[index + 1] in names or tokens[index] in names:
                yield FileChange(commit, kind, tokens[index + 1], tokens[index], order)
            index += 2
        else:
            if index >= len(tokens):
                break
            if names is None or tokens[index] in names:
                yield FileChange(commit, kind, tokens[index], None, order)
            index += 1


def _commit(header: str) -> Commit | None:
    parts = header.split(_US, 4)
    if len(parts) < 5:
        return None
    sha, authored, committed, parents, subject = parts
    committed_at, authored_at = _git_date(committed), _git_date(authored)
    when = committed_at or _EPOCH
    return Commit(
        sha=sha,
        authored=authored_at or when,
        committed=when,
        parents=tuple(parents.split()),
        subject=subject,
        undated=committed_at is None or authored_at is None,
    )


#: An author or committer line of a commit object: its date is seconds since 1970 (negative
#: before) and the zone's offset.
_OBJECT_DATE = re.compile(rb"^(author|committer) .*> (-?\d+) ([+-])(\d\d)(\d\d)$", re.MULTILINE)


def _object_dates(raw: bytes) -> tuple[datetime | None, datetime | None]:
    """The author and committer dates a commit object holds (``raw``), each None when it holds
    none Python can represent; in the zone written, or UTC when that is no zone (``+9959``)."""
    header = raw.partition(b"\n\n")[0]
    found: dict[bytes, datetime] = {}
    for match in _OBJECT_DATE.finditer(header):
        role, seconds, sign, hours, minutes = match.groups()
        if role in found:
            continue
        try:
            moment = _EPOCH + timedelta(seconds=int(seconds))
        except OverflowError:
            continue
        offset = timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == b"-" else 1)
        try:
            found[role] = moment.astimezone(timezone(offset))
        except (ValueError, OverflowError):  # no zone (24 hours or more), or past year 1 or 9999 there
            found[role] = moment
    return found.get(b"author"), found.get(b"committer")


_ISO = re.compile(r"(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-])(\d+):(\d\d)")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _git_date(text: str) -> datetime | None:
    """A strict ISO date from git (``%aI``), also when git stored one Python cannot represent.

    Commit objects can carry any year and any zone offset (``+9959``), and git prints a date it
    cannot parse as the placeholder itself. The instant is kept when it can be (an impossible
    offset becomes UTC); a year beyond 9999 is clamped; an unreadable date is None.
    """
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    sign = -1 if match.group(7) == "-" else 1
    offset = sign * timedelta(hours=int(match.group(8)), minutes=int(match.group(9)))
    if year > 9999:
        return datetime.max.replace(tzinfo=timezone.utc)
    if year < 1:
        return datetime.min.replace(tzinfo=timezone.utc)
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
        return local - offset
    except (ValueError, OverflowError):
        return None


def _fresh(opened: GitEvidence) -> GitEvidence:
    """A new evidence object on an already opened repository (its own problem and changes)."""
    return GitEvidence(root=opened.root, problem=opened.problem, shallow=opened.shallow,
                       partial=opened.partial, promisor_packs=opened.promisor_packs, unborn=opened.unborn,
                       head=opened.head, _repo=opened._repo, _real_folders=opened._real_folders,
                       _relative_folders=opened._relative_folders, _relative_paths=opened._relative_paths,
                       _readers=opened._readers, _stalled=opened._stalled)


def nested_prefix(root: Path | None) -> str:
    """The folder (with a trailing '/') of the repository at ``root`` inside the repository of
    the current folder, when it is a submodule or a nested repository of it; else "".

    Paths inside a submodule are named as the repository pmkit is run in names them
    (``docs/postmortems/x.yaml``, not the submodule's ``postmortems/x.yaml``), as
    ``git status`` in the superproject does.
    """
    if root is None:
        return ""
    outer = repository_key(os.getcwd())
    if not outer:
        return ""
    try:
        inner = root.resolve().relative_to(Path(outer).resolve())
    except (ValueError, OSError):
        return ""
    return "" if inner == Path() else f"{inner.as_posix()}/"


def git_command(root: Path | None) -> str:
    """``git``, or ``git -C <folder>`` when the repository at ``root`` is not the one of the
    current folder (a submodule, a repository reached through a link): the start of a command a
    hint gives for that repository, which works where pmkit was run."""
    if root is None:
        return "git"
    here = repository_key(os.getcwd())
    try:
        if here and Path(here).resolve() == root.resolve():
            return "git"
        if not here and Path.cwd().resolve().is_relative_to(root.resolve()):
            # No repository found from here because GIT_DIR names it (a linked worktree's hook):
            # in the user's shell git finds it from this folder.
            return "git"
        folder = os.path.relpath(root)
    except (ValueError, OSError):  # another drive (Windows)
        folder = str(root)
    return f"git -C {shell_word(Path(folder).as_posix())}"


#: A word a shell reads as itself, unquoted.
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_./@%+=:,-]+")


def shell_word(word: str) -> str:
    """``word`` (a path) as a shell word in a command a hint gives: as is when plain, else in
    double quotes (hints wrap their commands in single quotes)."""
    if _PLAIN_WORD.fullmatch(word):
        return word
    return '"' + re.sub(r'(["$`\\])', r"\\\1", word) + '"'


def no_work_tree(path: str | os.PathLike[str]) -> str | None:
    """Why no file of the repository ``path`` is in can be there to read, when that repository
    is bare (run inside a clone made with ``git clone --bare``, or GIT_DIR naming one); else
    None. Asked only of paths that are not there, so it costs nothing on a normal run."""
    evidence = open_repository([path])
    return evidence.problem if evidence.bare else None


def unchecked_submodule(path: str | os.PathLike[str]) -> str | None:
    """The folder of a submodule that is not checked out (``git submodule update --init`` not
    run: an empty folder) when ``path``, which does not exist, lies inside it, or is that empty
    folder itself; else None.

    Asked only for paths that are not there, or are an empty folder, so it costs nothing on a
    normal run.
    """
    start = Path(os.path.abspath(path))
    # The submodule's folder itself, named (pmkit check docs): it is there, but empty.
    folder = start if is_folder(start) else start.parent
    while not is_folder(folder) and folder != folder.parent:
        folder = folder.parent
    top = repository_key(folder)
    try:
        if not top or os.path.exists(folder / ".git") or any(folder.iterdir()):
            return None
    except OSError:  # a folder that may not be read is no empty submodule pmkit can tell
        return None
    # The super-project records a submodule as a "gitlink": an entry of mode 160000.
    out = git_output(["ls-files", "--stage", "-z", "--", str(folder)], top)
    if out is None or not out.startswith(b"160000 "):
        return None
    return os.path.relpath(folder)


def outside_sparse_checkout(path: str | os.PathLike[str]) -> bool:
    """Whether ``path``, which does not exist, names files the index holds outside this sparse
    checkout (each entry marked skip-worktree): left out on purpose, not deleted. Asked only for
    paths that are not there, so it costs nothing on a normal run."""
    folder = Path(os.path.abspath(path)).parent
    while not is_folder(folder) and folder != folder.parent:
        folder = folder.parent
    top = repository_key(folder)
    if not top:
        return False
    # -t marks each entry: "S" is skip-worktree, which a sparse checkout sets outside its cone.
    out = git_output(["ls-files", "-t", "-z", "--", os.path.abspath(path)], top)
    entries = [entry for entry in (out or b"").split(b"\0") if entry]
    return bool(entries) and all(entry.startswith(b"S ") for entry in entries)


def git_output(args: list[str], cwd: str | os.PathLike[str], timeout: float = GIT_TIMEOUT,
               env: Mapping[str, str] | None = None) -> bytes | None:
    """What one git command prints, run without gitpython in the reading environment (for the
    few questions asked outside a run's evidence: a submodule not checked out, a file's
    checkout encoding, the files git ignores in a folder); None when git is missing, fails, or
    does not answer in ``timeout``. ``env``: variables to set beside the inherited ones."""
    import subprocess

    try:
        done = subprocess.run(["git", *args], cwd=cwd,
                              env={**os.environ, **(env or {}), **reading_environment()},
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _groups(run: RunState) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The run's files by repository key, and each file's key (computed once per run)."""
    def groups() -> tuple[dict[str, list[str]], dict[str, str]]:
        by_key: dict[str, list[str]] = {}
        key_of: dict[str, str] = {}  # each file of the run → its repository's key
        by_folder: dict[str, str] = {}  # files of one folder share a repository: one lookup
        for p in run.paths:
            folder = os.path.dirname(p)  # (as written: each folder made absolute once, by its key)
            if folder not in by_folder:
                by_folder[folder] = repository_key(p)
            key_of[p] = by_folder[folder]
            by_key.setdefault(key_of[p], []).append(p)
        return by_key, key_of

    result: tuple[dict[str, list[str]], dict[str, str]] = run.get("git-groups", groups)
    return result


def files_in(run: RunState, key: str) -> list[str]:
    """The run's files in the repository whose :func:`repository_key` is ``key``."""
    return list(_groups(run)[0].get(key, []))


def _group(run: RunState, path: str | os.PathLike[str] | None) -> tuple[str, list[str]]:
    """The run's files in the repository of ``path`` (default: of the run's first file)."""
    by_key, key_of = _groups(run)
    if path is None:
        key = next(iter(by_key), "")
    else:
        key = key_of[str(path)] if str(path) in key_of else repository_key(path)
    return key, by_key.get(key) or ([str(path)] if path is not None else [])


def repository(run: RunState, path: str | os.PathLike[str] | None = None) -> GitEvidence:
    """The repository of ``path`` (default: of the run's first file), opened once per run
    (gitpython's processes are then shared by all reads)."""
    key, paths = _group(run, path)
    result: GitEvidence = run.get(f"git-repository:{key}",
                                  lambda: open_repository(paths, base_only=run.base_only))
    return result


def evidence(run: RunState, path: str | os.PathLike[str] | None = None) -> GitEvidence:
    """The git evidence of the repository of ``path``, read on first use for every file of the
    run in that repository."""
    key, paths = _group(run, path)
    result: GitEvidence = run.get(f"git-evidence:{key}",
                                  lambda: read_evidence(paths, repository(run, path)))
    return result


# --- the base version of each file: what a change is compared with ---------------------------

def base_ref(config: Any = None) -> tuple[str, str]:
    """The revision to compare with, and where that choice came from.

    ``--base REF`` (``Config.base``) wins; then ``PRE_COMMIT_FROM_REF``, which pre-commit sets
    for pre-push and ``run --from-ref``; else ``HEAD``, which in a pre-commit hook means "the
    file as it will be committed against the last commit" (pre-commit stashes unstaged
    changes, so the working file is the staged content).
    """
    given = getattr(config, "base", None)
    if given:
        return str(given), "--base"
    env = os.environ.get("PRE_COMMIT_FROM_REF", "").strip()
    if env:
        return env, "PRE_COMMIT_FROM_REF"
    return "HEAD", "default"


@dataclass
class Baseline:
    """Each file of a run as it was at the base revision, read in one batch.

    ``problem`` says why there is nothing to compare with (no git, no commits, unknown
    base); ``notes`` are things worth saying once (a shallow clone without the merge base).
    """

    ref: str
    source: str = "default"
    evidence: GitEvidence = field(default_factory=GitEvidence)
    sha: str | None = None
    label: str = ""
    problem: str | None = None
    notes: list[str] = field(default_factory=list)
    #: The hint of a note that has one (what to run to fix what it says), by the note.
    hints: dict[str, str] = field(default_factory=dict)
    #: current repository-relative path → its path at the base (differs after a rename)
    base_paths: dict[str, str] = field(default_factory=dict)
    #: base repository-relative path → text at the base (None: not there, or unreadable)
    texts: dict[str, str | None] = field(default_factory=dict)
    #: postmortem files under the checked folders at the base that are gone from the
    #: working tree (and were not renamed as far as git can tell): path → text
    deleted: dict[str, str | None] = field(default_factory=dict)
    #: every postmortem file under the checked folders at the base
    listing: list[str] = field(default_factory=list)
    #: files that are in the base tree but whose contents git cannot read (a corrupt object)
    unreadable: set[str] = field(default_factory=set)
    #: base path → what its version is that is no text (:func:`not_text`: "is UTF-16 encoded,
    #: not UTF-8 text", committed without git's ``working-tree-encoding``), for PM600 to say
    not_text: dict[str, str] = field(default_factory=dict)
    #: files of the base tree whose contents this partial clone did not download
    not_downloaded: set[str] = field(default_factory=set)
    #: The base paths whose version is the checked file's bytes, read from the disk (see
    #: :func:`_same_on_disk`), with their size.
    from_disk: dict[str, int] = field(default_factory=dict)
    #: postmortem files under the checked folders at the base that git sees renamed to a path
    #: that is not checked (another folder, a name that is no postmortem's): old path → new path
    moved: dict[str, str] = field(default_factory=dict)
    #: postmortem files of the base tree outside a sparse checkout (absent, not deleted)
    sparse: set[str] = field(default_factory=set)
    #: of ``deleted``, those still on the disk that git no longer tracks ('git rm --cached', a
    #: deletion staged or committed): the repository loses them although the folder shows them
    untracked: set[str] = field(default_factory=set)
    #: the repository-relative paths under the checked folders that git's index holds (what the
    #: next commit has), of the files on the disk (one gone from it may be left out: only files
    #: there are asked about); None when git could not say
    tracked: set[str] | None = None

    @property
    def available(self) -> bool:
        return self.problem is None and self.sha is not None

    def base_path(self, path: str | os.PathLike[str]) -> str | None:
        rel = self.evidence.relative(path)
        return None if rel is None else self.base_paths.get(rel, rel)

    def text(self, path: str | os.PathLike[str]) -> str | None:
        """The base text of a file of the run (following a rename), or None if it is new."""
        old = self.base_path(path)
        return None if old is None else self.texts.get(old)


def _object_header(line: bytes) -> tuple[bytes, bytes, int] | None:
    """``git cat-file --batch``'s (or ``--batch-check``'s) line of a found object, ``<object id>
    <type> <size>``, as (id, type, size); None for "<name> missing" (or "ambiguous"), where the
    name may itself contain spaces ("draft blob missing")."""
    header = line.split(b" ")
    if (len(header) == 3 and _OBJECT_ID_BYTES.fullmatch(header[0]) and header[2].isdigit()
            and header[1] in (b"blob", b"tree", b"commit", b"tag")):
        return header[0], header[1], int(header[2])
    return None


def _exists(root: Path, relative: str) -> bool:
    """``(root / relative).exists()``, without making a path object of each: a folder of 1,000
    postmortems took 5 ms of a hook's run that way."""
    try:
        os.stat(os.path.join(root, relative))
    except OSError as exc:
        if exc.errno in _NO_SUCH_FILE or getattr(exc, "winerror", None) in _NO_SUCH_FILE_WINDOWS:
            return False
        raise
    except ValueError:
        return False
    return True


def _renames_matter(checked: list[str], in_tree: set[str], listing: list[str], indexed: set[str] | None,
                    on_disk: Callable[[str], bool]) -> bool:
    """Whether the renames between the base and the work tree may change what the base says of
    the ``checked`` files (repository-relative): git pairs a path that is gone (from the index)
    with one that is added, and neither a checked file that the base has under its name nor a
    postmortem of the base that is still in the index and on the disk is either. A hook's
    file, edited, usually is the former and its folder's files the latter; the diff that finds
    renames compares the whole work tree with the base (every file of a monorepo, and each one
    git cannot trust its index about, as in a fresh clone, read again), and is then not made.
    Also made when git could not say what the index holds (``indexed``: None), so that its
    failure is told as before."""
    if indexed is None:
        return True
    return any(rel not in in_tree for rel in checked) or any(old not in indexed or not on_disk(old)
                                                              for old in listing)


def _existing(root: Path, relatives: Iterable[str]) -> Callable[[str], bool]:
    """:func:`_exists` for each of ``relatives``, with their folders listed once: in a folder of
    3,000 postmortems a ``stat`` of each took 10 ms of a hook's run, one listing under 1 ms. A
    name the listing has as a file (not a link, which may lead nowhere) exists; any other is
    asked of the disk as before (a name in other case on a file system that ignores case, one
    added since the listing). A name removed since the listing still counts as there, as it did
    for a stat made a moment before."""
    listed: dict[str, set[str]] = {}
    for relative in relatives:
        folder = relative.rpartition("/")[0]
        if folder not in listed:
            try:
                with os.scandir(os.path.join(root, folder)) as entries:
                    listed[folder] = {f"{folder}/{entry.name}" if folder else entry.name
                                      for entry in entries if not entry.is_symlink()}
            except (OSError, ValueError):
                listed[folder] = set()
    files = set().union(*listed.values())

    def exists(relative: str) -> bool:
        return relative in files or _exists(root, relative)

    return exists


#: The errors for which ``Path.exists`` says False rather than raising (Python's pathlib): no
#: such file, a file where a folder should be, a loop of links; on Windows also a drive that
#: is not ready, an invalid name and a link to itself.
_NO_SUCH_FILE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_NO_SUCH_FILE_WINDOWS = frozenset({21, 123, 1921})


def read_baseline(
    paths: Sequence[str | os.PathLike[str]],
    ref: str = "HEAD",
    *,
    folders: Sequence[str | os.PathLike[str]] = (),
    source: str = "default",
    opened: GitEvidence | None = None,
) -> Baseline:
    """Read the base version of ``paths`` (and list ``folders``) at ``ref``.

    Git calls per run, whatever the number of files: ``rev-parse``, ``merge-base`` (when the
    base is not HEAD), one ``diff -M`` for renames, one ``ls-tree`` and one
    ``cat-file --batch`` for every base blob.
    """
    evidence = _fresh(opened) if opened is not None else open_repository([*paths, *folders])
    short = ref[:10] if len(ref) == 40 and all(c in "0123456789abcdef" for c in ref) else ref
    base = Baseline(ref=ref, source=source, evidence=evidence, label=short)
    # On a branch with no commits yet (a new repository, 'git checkout --orphan') a base named
    # by another ref still has a version of each file to compare with.
    unborn_with_base = evidence.unborn and ref != "HEAD" and evidence.root is not None
    if (evidence.problem is not None and not unborn_with_base) or evidence.root is None:
        base.problem = evidence.problem or NOT_IN_REPOSITORY
        return base
    root = evidence.root
    sha = evidence.rev_parse(ref)
    if sha is None:
        # The advice --base gives (what to fetch, the branch to pass), for a base from
        # PRE_COMMIT_FROM_REF too: pre-push sets 'origin/main' in clones that never fetched it.
        base.problem = f"the base '{ref}' ({source}) " + no_commit_advice(evidence, ref)
        return base
    if unborn_with_base:
        base.notes.append(f"the current branch has no commits yet; comparing with '{ref}' itself")
    elif ref != "HEAD":
        head = evidence.rev_parse("HEAD")
        common = evidence.merge_base(sha, "HEAD") if head else None
        if common is None:
            base.notes.append(
                f"no merge base of '{ref}' and HEAD"
                + (" in this shallow clone (fetch more history, e.g. fetch-depth: 0)"
                   if evidence.shallow else "")
                + f"; comparing with '{ref}' itself"
            )
        elif common != sha:
            base.label = f"{short} (merge base {common[:10]})"
            sha = common
    base.sha = sha
    file_specs = _pathspecs(evidence, paths)
    folder_specs = {spec for f in folders if (spec := _folder_spec(root, f)) is not None}
    specs = sorted(file_specs | folder_specs)
    if not specs:
        base.problem = _outside(root)
        return base
    try:
        # Deleted files are looked for in the postmortem folders and next to the files checked;
        # renames in the whole repository (a file may move between folders), when one may
        # matter (see _renames_matter).
        in_tree, indexed = _together(lambda: evidence.tree_files(sha, specs), lambda: evidence.tracked(specs))
        base.listing = [p for p in in_tree if p.lower().endswith(POSTMORTEM_SUFFIXES)]
        on_disk = _existing(root, base.listing)
        named = {rel: p for p in paths if (rel := evidence.relative(p)) is not None}
        checked = list(named)
        renames: dict[str, str] = {}
        if _renames_matter(checked, set(in_tree), base.listing, indexed, on_disk):
            renames, indexed = evidence.renames(sha, []), None
    except GitError as exc:
        base.problem = str(exc)
        return base
    if evidence.renames_failed is not None and (broken := index_problem(evidence, evidence.renames_failed)):
        # The index cannot be read: that is what to say and to fix, renamed files or not.
        base.notes.append(broken[0])
        base.hints[broken[0]] = broken[1]
    elif evidence.renames_failed is not None:
        # Without renames a moved file looks new, and its old name deleted: say so.
        base.notes.append(f"renamed files cannot be recognised ({evidence.renames_failed})"
                          + partial_clone_note(evidence, evidence.renames_failed))
    renamed_away = set(renames.values())
    wanted: list[str] = []
    for rel in checked:
        old = renames.get(rel, rel)
        base.base_paths[rel] = old
        wanted.append(old)
    missing = [old for old in base.listing if old not in renamed_away and not on_disk(old)]
    # Still on the disk but out of the index: the commit being made (or made already) deletes it
    # from the repository all the same.
    if indexed is None:
        indexed = evidence.tracked_at(sha, in_tree, specs) if base.listing else None
    tracked = base.tracked = indexed if base.listing else None
    if tracked is not None:
        base.untracked = {old for old in base.listing if old not in renamed_away and old not in tracked
                          and old not in missing}
    # Moved out of the checked folders ('git mv postmortems/x.yaml archive/'): no checked file
    # is its new name, and it is not deleted either.
    listed_here = set(base.listing)
    for new, old in renames.items():
        if old in listed_here and new not in base.base_paths and not _exists(root, old):
            base.moved[old] = new
            wanted.append(old)
    # Outside a sparse checkout's cone a file is absent from the disk but not deleted.
    base.sparse = evidence.skip_worktree(missing) if missing else set()
    for old in [*missing, *sorted(base.untracked)]:
        if old not in base.sparse:
            base.deleted[old] = None
            wanted.append(old)
    specs = [f"{sha}:{p}" for p in dict.fromkeys(wanted)]
    # A checked file whose bytes are its base version's (the blob the listing names) is that
    # version: read from the disk, not from git (a repository-wide run's 1,000 unchanged files).
    # A few are read through the persistent cat-file as quickly.
    checked_files = {f"{sha}:{base.base_paths[rel]}": p for rel, p in named.items()}
    on_disk_blobs = _same_on_disk(evidence, checked_files) if len(checked_files) > PERSISTENT_BLOBS else {}
    try:
        blobs = evidence.blobs([spec for spec in specs if spec not in on_disk_blobs])
    except GitError as exc:
        base.problem = str(exc)
        return base
    blobs.update(on_disk_blobs)
    base.from_disk = {spec.split(":", 1)[1]: len(data) for spec, data in on_disk_blobs.items()}
    listed = set(base.listing)
    for spec, data in blobs.items():
        path = spec.split(":", 1)[1]
        text = _decode(data)
        base.texts[path] = text
        if text is None and data is not None:
            base.not_text[path] = not_text(data)
        if path in base.deleted:
            base.deleted[path] = text
        if spec in evidence.not_downloaded:
            base.not_downloaded.add(path)
        elif data is None and path in listed:
            base.unreadable.add(path)
    return base


#: The largest file whose bytes :func:`_same_on_disk` compares with its base version's.
SAME_ON_DISK_MAX = 1 << 20


def _same_on_disk(evidence: GitEvidence, files: dict[str, str | os.PathLike[str]]) -> dict[str, bytes]:
    """Of ``files`` (the file on the disk for each base version's ``rev:path`` name), those whose
    bytes hash to the object id the base's listing gave that version (:attr:`GitEvidence.blob_ids`)
    and whose object git has (:meth:`GitEvidence.objects_present`): their bytes, which are the
    version's. Reading and hashing 1,000 files and asking git which of their objects it has
    takes 20-30 ms; reading the versions from git took 100-200 ms of a repository-wide run. A file git
    would convert (a filter, line endings) differs from its version unless the conversion changed
    nothing; one too large, unreadable or not a regular file, or whose object is missing (which
    the read from git then says), is read from git as before; so is every one in a partial clone,
    which is not asked what it has."""
    import hashlib

    from pmkit.fsutil import regular_bytes

    def hashed() -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for spec, path in files.items():
            object_id = evidence.blob_ids.get(spec)
            if object_id is None:
                continue
            data = regular_bytes(path, SAME_ON_DISK_MAX + 1)
            if data is None or len(data) > SAME_ON_DISK_MAX:
                continue
            digest = hashlib.sha1 if len(object_id) == 40 else hashlib.sha256
            if digest(b"blob %d\0%s" % (len(data), data)).hexdigest() == object_id:
                out[spec] = data
        return out

    # git is asked for every listed version's object while the files are read and hashed (the
    # few that changed are asked for in vain): its answer no longer waits for theirs.
    ids = {object_id for spec in files if (object_id := evidence.blob_ids.get(spec)) is not None}
    if not ids:
        return {}
    same, present = _together(hashed, lambda: evidence.objects_present(ids))
    return {spec: data for spec, data in same.items() if evidence.blob_ids[spec] in present}


_T = TypeVar("_T")
_First = TypeVar("_First")
_Second = TypeVar("_Second")


def _concurrently(calls: Sequence[Callable[[], _T]]) -> list[_T]:
    """What each of ``calls`` (each runs a git command) returns, in order, the calls run at once:
    the first here, the others in threads, which only wait for the git processes that do the
    work. What a call raises is raised here, once all of them ended.

    One after the other where the limit of open files leaves no room for the other commands'
    pipes (``ulimit -n 16``: a second git failed with "Too many open files"); and here, those
    for which no thread can be started (a limit of processes or of memory)."""
    from pmkit.workers import room_for_processes

    if len(calls) < 2 or not room_for_processes(len(calls) - 1):
        return [call() for call in calls]
    import threading

    done: list[tuple[bool, Any]] = [(False, None)] * len(calls)  # (raised, what it gave)

    def run(index: int) -> None:
        try:
            done[index] = (False, calls[index]())
        except BaseException as exc:
            done[index] = (True, exc)

    threads: list[threading.Thread] = []
    for index in range(1, len(calls)):
        # Daemons: after a Ctrl-C (which comes to this thread) the run ends without waiting for
        # them. Otherwise no thread outlives this call that a later fork (a large run's
        # workers) could copy while it holds a lock.
        thread = threading.Thread(target=run, args=(index,), name="pmkit-git", daemon=True)
        try:
            thread.start()
        except RuntimeError:  # "can't start new thread"
            break
        threads.append(thread)
    try:
        done[0] = (False, calls[0]())
        for index in range(len(threads) + 1, len(calls)):
            done[index] = (False, calls[index]())
    except Exception:
        for thread in threads:
            thread.join()
        raise
    for thread in threads:
        thread.join()
    for raised, given in done:
        if raised:
            raise given
    return [given for _raised, given in done]


def _together(first: Callable[[], _First], second: Callable[[], _Second]) -> tuple[_First, _Second]:
    """``first()`` and ``second()`` at once (see :func:`_concurrently`). In a 1,000-file
    repository the base version's diff of the whole tree and its listing of the folders took 6
    and 2 ms one after the other, on the path of a hook's check whose other process waits for it."""
    both: list[Any] = _concurrently([first, second])
    return both[0], both[1]


def _decode(data: bytes | None) -> str | None:
    if data is None or b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def not_text(data: bytes) -> str:
    """What a version :func:`_decode` refuses is, in the loader's words for such a file in the
    working tree (which it refuses too): "is UTF-16 encoded, not UTF-8 text", "is not UTF-8 text
    (byte 0xe9 at offset 38, which is 'é' in Windows-1252)", or that it holds NUL bytes."""
    from pmkit.loader import BINARY, not_utf8, wide_codec

    wide = wide_codec(data)
    if wide is not None:  # before the NUL test: its characters have NUL bytes
        return f"is {wide[0]} encoded, not UTF-8 text"
    if b"\0" in data[:8192]:
        return BINARY
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return not_utf8(exc)
    return "is not UTF-8 text"  # (not reached: what decodes, _decode takes)


def baseline(run: RunState, config: Any = None, path: str | os.PathLike[str] | None = None, *,
             folders: Sequence[str | os.PathLike[str]] | None = None) -> Baseline:
    """The :class:`Baseline` of the repository of ``path`` (default: of the run's first file),
    read on first use for every file of the run in that repository, with ``folders`` (default:
    the configured ones) listed at the base. The repository-wide pass over the configured
    folders shares the read of the files' rules."""
    ref, source = base_ref(config)
    key, paths = _group(run, path)
    if folders is None:
        folders = []
        if config is not None:
            root = Path(getattr(config, "root", Path.cwd()))
            folders = [str(root / p) for p in getattr(config, "paths", [])]
    listed = sorted({os.path.abspath(folder) for folder in folders})
    result: Baseline = run.get(
        f"git-baseline:{ref}:{key}:{listed}",
        lambda: read_baseline(paths, ref, folders=listed, source=source,
                              opened=repository(run, path) if paths else None),
    )
    return result


def unchanged_files(run: RunState, config: Any, files: Sequence[str], limit: int) -> set[str]:
    """The files of the run whose text is their base version's, at the same path: those of which
    the history rules have nothing to say. Only in repositories whose base was read with no
    problem and no note (said once per run, at a file that is read); a file larger than
    ``limit`` bytes, not UTF-8, or not a regular file is not among them (reading it says why)."""
    from pmkit.fsutil import regular_bytes

    wanted = set(files)
    same: set[str] = set()
    for paths in _groups(run)[0].values():
        base = baseline(run, config, paths[0])
        if not base.available or base.notes:
            continue
        for path in paths:
            rel = base.evidence.relative(path) if path in wanted else None
            text = base.texts.get(rel) if rel is not None and base.base_paths.get(rel, rel) == rel else None
            if text is None or rel is None:
                continue
            if base.from_disk.get(rel, limit + 1) <= limit:  # (its version is its own bytes)
                same.add(path)
                continue
            raw = regular_bytes(path, limit + 1)
            try:
                if raw is not None and len(raw) <= limit and raw.decode("utf-8-sig") == text:
                    same.add(path)
            except UnicodeDecodeError:
                continue
    return same


def prefetch(run: RunState, config: Any, wanted: Iterable[str]) -> None:
    """Read the run's git data now, for every repository of the run's files.

    A run with worker processes calls this before it starts them, so that the history is read
    once, with every core (see :func:`_read_log`), and inherited by each worker, instead of
    being read again by each. A failure here is left for the workers to meet and report.
    """
    wanted = set(wanted)
    for paths in _groups(run)[0].values():
        try:
            if GIT_LOG in wanted:
                evidence(run, paths[0])
            if GIT_BASE in wanted:
                baseline(run, config, paths[0])
        except Exception:  # each worker reads it again and says what went wrong
            for key in [k for k in run.cache if k.startswith("git-") and k != "git-groups"]:
                del run.cache[key]
            return


def check_base(ref: str, paths: Sequence[str | os.PathLike[str]]) -> str | None:
    """Why an explicitly requested base cannot be used, or None when it can: it names a commit
    in one of the repositories of ``paths`` (files of a repository where it names none get a
    PM600 note), whatever their order; else what the first repository says."""
    folders: set[str] = set()
    seen: set[str] = set()
    first: GitEvidence | None = None
    for path in [*paths, os.getcwd()]:
        folder = os.path.dirname(os.path.abspath(path))
        if folder in folders:  # files of one folder share a repository: one lookup
            continue
        folders.add(folder)
        key = repository_key(path)
        if key in seen:
            continue
        seen.add(key)
        candidate = open_repository([path])
        # A branch with no commits yet can still be compared with another branch's commit.
        if (candidate.problem is None or candidate.unborn) and candidate.rev_parse(ref) is not None:
            return None
        first = first or candidate
    evidence = first or open_repository([os.getcwd()])
    if evidence.problem is not None:
        return evidence.problem
    if evidence.rev_parse(ref) is None:
        return no_commit_advice(evidence, ref)
    return None


def no_commit_advice(evidence: GitEvidence, ref: str) -> str:
    """Why ``ref`` names no commit in ``evidence``'s repository, and what to fetch or pass instead:
    what ``--base`` says (exit 2) and PM600 says of a base from ``PRE_COMMIT_FROM_REF`` (which
    pre-commit sets to 'origin/main' at pre-push, in a clone that may not have fetched it)."""
    kind = evidence.kind_of(ref)
    if kind:  # a tree or file id (HEAD^{tree}, HEAD:postmortems): nothing to fetch
        return f"names a {kind}, not a commit; pass a branch, a tag or a commit"
    if (unmatched := _no_message_matches(evidence, ref)) is not None:
        return unmatched
    if (beyond := evidence.beyond_history(ref)) is not None:
        return beyond
    if ".." in ref and not ref.startswith(":/"):
        return (f"is a range; --base takes one revision, the commit to compare with (e.g. "
                f"--base {ref.split('..')[0] or 'HEAD'})")
    if (default := _other_default_branch(evidence, ref)) is not None:
        # '--base origin/main' copied from an example, in a repository whose default branch
        # is 'trunk': fetching main would fail too.
        remote, _, branch = default.partition("/")
        return (f"names no commit in this repository; the default branch of the remote '{remote}' "
                f"is '{branch}': pass --base {default}")
    if (unrecorded := _no_default_branch(evidence, ref)) is not None:
        return f"names no commit in this repository; {unrecorded}"
    if not could_be_branch_name(ref):
        # 'main~3' of a 'main' not fetched: the branch is what to fetch, then the same steps back.
        stepped = _STEPS_BACK.fullmatch(ref)
        name = stepped[1] if stepped is not None else ""
        if stepped is not None and could_be_branch_name(name) and evidence.rev_parse(name) is None:
            advice = no_commit_advice(evidence, name).replace("names no", f"'{name}' names no", 1)
            return f"{advice}; then add '{stepped[2]}' to the name you pass, as '{ref}' does"
        # 'v1^{tree}', 'a:b': no fetch brings such a name (the hint to fetch it as a branch or a tag
        # gave a refspec git refuses).
        return ("names no commit in this repository: it is not a revision git knows, nor a branch or tag "
                "name to fetch; pass a branch, a tag or a commit id ('git log --all --oneline' lists them)")
    remote, branch, tracking = _fetched_as(evidence, ref)
    if re.fullmatch(_SHORT_ID, ref):
        # git fetches a commit by its full id only ('couldn't find remote ref deadbeef'), and
        # no remote-tracking branch is named by one.
        unshallow = "--unshallow " if evidence.shallow else ""
        return ("names no commit in this repository; git fetches no commit by an abbreviated id: "
                f"fetch the history that has it (e.g. 'git fetch {unshallow}{shell_word(remote)}') or pass "
                "the full id")
    fetch = f"git fetch {'--depth=1 ' if evidence.shallow else ''}{shell_word(remote)}"
    # 'git fetch origin NAME' leaves a tag in FETCH_HEAD alone, and a branch in origin/NAME only
    # where the remote's fetch refspecs take it there (not in a single-branch clone): which one
    # NAME is only the remote knows, so the advice says what to do for either.
    to_branch = f"'{fetch} {_fetch_source(evidence, remote, branch)}', then pass --base " \
        f"{shell_word(f'{remote}/{branch}')}"
    if re.fullmatch(_OBJECT_ID, ref):
        steps = f"e.g. '{fetch} {ref}'"
    elif tracking:
        steps = f"e.g. '{fetch} {_fetch_source(evidence, remote, branch)}'"
    elif ref.startswith("refs/tags/"):
        steps = f"e.g. '{fetch} tag {shell_word(ref.removeprefix('refs/tags/'))}'"
    elif ref.startswith("refs/heads/"):
        steps = f"e.g. {to_branch}"
    else:
        steps = f"a branch with {to_branch}; a tag with '{fetch} tag {shell_word(ref)}', then pass --base " \
            f"{shell_word(ref)}"
    if evidence.shallow:
        return (f"names no commit in this repository; this is a shallow clone: fetch the base ({steps}) or "
                "use actions/checkout with fetch-depth: 0")
    return f"names no commit in this repository; fetch it first ({steps})"


#: A revision a number of commits back from a name ('main~3', 'origin/main^2', 'v1~2^'): the name
#: and the steps.
_STEPS_BACK = re.compile(r"(.+?)((?:[~^][0-9]*)+)")
# What no branch name holds ('git check-ref-format --branch'): control characters, space and
# the characters of revision syntax ('~', '^', ':', '?', '*', '[', backslash), '..' and '@{'.
_NOT_IN_BRANCH_NAMES = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{")


def could_be_branch_name(name: str) -> bool:
    """Whether ``name`` is one git accepts for a branch (as 'git check-ref-format --branch'
    does, without running it): a name to fetch, unlike 'main~3' or 'v1^{tree}'."""
    if not name or name == "HEAD" or name.startswith("-") or name.endswith((".", "/")):
        return False
    if _NOT_IN_BRANCH_NAMES.search(name):
        return False
    return all(part and not part.startswith(".") and not part.endswith(".lock") for part in name.split("/"))


def _no_message_matches(evidence: GitEvidence, ref: str) -> str | None:
    """Why ``ref``, a search of commit messages (':/text' among the commits reachable from any
    ref, 'REV^{/text}' among those of REV), names no commit, and how to name one instead; None
    for any other name. Nothing to fetch by that name: fetching 'origin :/text' asks the remote
    for a branch of that name."""
    if ref.startswith(":/"):
        text, where = ref[2:], "any ref"
    elif (match := re.fullmatch(r"(.+)\^\{/(.*)\}", ref, re.DOTALL)) is not None \
            and evidence.rev_parse(match.group(1)) is not None:
        text, where = match.group(2), f"'{match.group(1)}'"
    else:
        return None
    instead = "pass the commit's branch, tag or id instead ('git log --all --oneline' lists them)"
    if not text.removeprefix("!-"):
        return ("names no commit: it searches commit messages for the text after '/', and gives none; "
                f"{instead}")
    if text.startswith("!-"):
        what = f"has a message that does not match '{text[2:]}'"
    else:
        what = f"has a message that matches '{text[1:] if text.startswith('!!') else text}'"
    shallow = (f"; this is a shallow clone, whose older commits are not here: fetch them (e.g. 'git fetch "
               f"--unshallow {shell_word(_fetched_as(evidence, ref)[0])}')") if evidence.shallow else ""
    return (f"names no commit: no commit reachable from {where} {what} (a search of commit messages, "
            f"newest first){shallow}; {instead}")


def _fetched_as(evidence: GitEvidence, ref: str) -> tuple[str, str, bool]:
    """The remote and the branch a fetch of ``ref`` asks for, and whether ``ref`` names a
    remote-tracking branch: '--base origin/trunk' is fetched as 'origin trunk' (an example that
    said 'origin main' fetched another branch), 'trunk' from origin."""
    remotes = (evidence._git("remote") or "").split()
    name = ref.removeprefix("refs/remotes/")
    remote, _, branch = name.partition("/")
    if branch and (remote in remotes or remote == "origin"):
        return remote, branch, True
    default = "origin" if "origin" in remotes or not remotes else remotes[0]
    return default, ref.removeprefix("refs/heads/"), False


def _fetch_source(evidence: GitEvidence, remote: str, branch: str) -> str:
    """What 'git fetch REMOTE' is to be given (a shell word) so that ``branch`` lands in
    REMOTE/BRANCH: the branch alone where the remote's fetch refspecs take it there, else with
    that destination (a single-branch clone, as a shallow one is, fetches only its branch)."""
    want, dest = f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"
    for spec in (evidence._git("config", "--get-all", f"remote.{remote}.fetch") or "").split():
        src, _, dst = spec.removeprefix("+").partition(":")
        head, star, tail = src.partition("*")
        if star and want.startswith(head) and want.endswith(tail) and len(want) >= len(head) + len(tail):
            if dst.replace("*", want[len(head):len(want) - len(tail)], 1) == dest:
                return shell_word(branch)
        elif src == want and dst == dest:
            return shell_word(branch)
    return shell_word(f"{branch}:{dest}")


def not_what_is_checked(paths: Sequence[str | os.PathLike[str]], *, folders_only: bool = False) -> str | None:
    """Why the files on the disk are not the commit a pre-commit run with a ref range checks,
    or None when they are (or no such run).

    At pre-push (and with 'pre-commit run --from-ref A --to-ref B') pre-commit names the commit
    being pushed PRE_COMMIT_TO_REF and passes the files changed up to it, but does not check it
    out, nor put aside the changes not committed: pmkit reads the files on the disk, those of
    the branch checked out. 'git push origin fix' from main passed a fix that changed a
    published fact in silence, and failed a clean one when main was dirty.

    ``folders_only``: only which files are there and which are gone is checked (the rules of
    ``--repo-wide`` alone): a change not committed inside a file is none of that run's business."""
    to = os.environ.get("PRE_COMMIT_TO_REF", "").strip()
    if not to:
        return None
    evidence = open_repository([os.getcwd()])
    sha = evidence.rev_parse(to) if evidence.problem is None else None
    if evidence.root is None or sha is None:
        return None  # a commit of another repository: the base's own checks say what they can
    if evidence.head not in (sha, None) and evidence._git("merge-base", "--is-ancestor", sha, evidence.head) \
            is not None:
        # The commit checked out holds the one named and later ones: a CI job's checkout of a pull
        # request's merge commit ('pre-commit run --from-ref <base> --to-ref <head>'), where the
        # merged files are the ones to judge; or a push of an older commit of this branch.
        return None
    specs = sorted({spec for path in paths if (spec := _folder_spec(evidence.root, path)) is not None})
    if not specs:
        return None
    which = ["--diff-filter=AD"] if folders_only else []
    out = evidence._git("-c", "core.quotepath=off", "diff", "--name-only", "-z", "--no-renames", *which,
                        "--no-ext-diff", "--no-textconv", sha, "--", *specs)
    differ = [name for name in (out or "").split("\0") if name]
    if not differ:
        return None
    more = f" (and {len(differ) - 1} more)" if len(differ) > 1 else ""
    what = (f"pre-commit checks commit {sha[:10]} (PRE_COMMIT_TO_REF, what is pushed), but pmkit reads the "
            "files on the disk")
    if evidence.head != sha:
        branch = os.environ.get("PRE_COMMIT_LOCAL_BRANCH", "")
        switch = (f"'git switch {shell_word(branch.removeprefix('refs/heads/'))}'"
                  if branch.startswith("refs/heads/") else "'git switch <branch>'")
        return (f"{what}, which are another commit's (HEAD is {(evidence.head or '')[:10]}): {differ[0]} "
                f"differs there{more}. Check out what is pushed ({switch}) and push again")
    return (f"{what}, and {differ[0]} has changes there that are not committed{more}. Commit them, or put "
            "them aside ('git stash'), and push again")


def _no_default_branch(evidence: GitEvidence, ref: str) -> str | None:
    """What to say of ``ref``, a usual default branch's name (``origin/main``, ``main``) or a
    remote's ``HEAD``, that names no commit, when the remote records no default branch here but
    has branches fetched: a remote added with 'git remote add' and fetched gets no
    ``refs/remotes/<remote>/HEAD`` (a clone does), and the hint to fetch 'main' sent the user to
    fetch a branch the remote may not have, or 'HEAD', which sets nothing. None otherwise."""
    named, _, branch = ref.partition("/") if "/" in ref else ("", "", ref)
    if branch not in (*_USUAL_DEFAULTS, "HEAD"):
        return None
    remotes = (evidence._git("remote") or "").split()
    remote = named or ("origin" if "origin" in remotes or not remotes else remotes[0])
    if remote not in remotes:
        return None
    out = evidence._git("for-each-ref", "--format=%(refname) %(objectname)", f"refs/remotes/{remote}/") or ""
    tips = dict(line.removeprefix("refs/remotes/").rpartition(" ")[::2] for line in out.splitlines()
                if line.strip())
    if not tips or f"{remote}/HEAD" in tips:
        return None  # nothing fetched (the fetch hint says so), or a default that is recorded
    # Not the branch of the changes themselves, pushed (the one a CI job's single-branch clone of
    # a pull request fetched: the checked-out branch's name, at HEAD): passed as the base, it
    # compared HEAD with itself, and a silent change passed.
    branch = (evidence._git("symbolic-ref", "-q", "--short", "HEAD") or "").strip()
    own = f"{remote}/{branch}"
    names = [name for name, tip in tips.items() if not (tip == evidence.head and name == own)]
    if not names:
        return None  # the fetch hint, for the branch the changes are to merge into
    set_head = f"'git remote set-head {shell_word(remote)} --auto' asks the remote for it"
    target = (evidence._git("symbolic-ref", "-q", f"refs/remotes/{remote}/HEAD") or "").strip()
    if target:  # listed by no for-each-ref: what it points to is gone
        unset = (f"the default branch the remote '{remote}' records here, "
                 f"{target.removeprefix('refs/remotes/')}, is gone (renamed or deleted on the remote, and "
                 f"pruned by a fetch; {set_head})")
    else:
        unset = (f"the remote '{remote}' records no default branch here ({remote}/HEAD is not set: a remote "
                 f"added with 'git remote add' gets none, a clone does; {set_head})")
    if len(names) == 1:
        return f"{unset}, and its one branch fetched is {names[0]}: pass --base {shell_word(names[0])}"
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"{unset}; its branches fetched are {shown}: pass the one the changes are to merge into"


#: The names a repository's default branch usually has, which examples use.
_USUAL_DEFAULTS = ("main", "master")


def _other_default_branch(evidence: GitEvidence, ref: str) -> str | None:
    """The remote-tracking default branch (``origin/trunk``, from ``refs/remotes/<remote>/HEAD``,
    which a clone sets; origin's first) when ``ref``, which names no commit, is a usual default
    branch name (``main``, ``origin/master``) and the remote's default branch has another name."""
    remote, _, branch = ref.partition("/") if "/" in ref else ("", "", ref)
    if branch not in _USUAL_DEFAULTS:
        return None
    # Full names: some versions of git shorten 'refs/remotes/origin/HEAD' to 'origin'.
    out = evidence._git("for-each-ref", "--format=%(refname) %(symref)", "refs/remotes")
    defaults: dict[str, str] = {}
    prefix = "refs/remotes/"
    for line in (out or "").splitlines():
        name, _, target = line.partition(" ")
        if name.endswith("/HEAD") and target.startswith(prefix):
            defaults.setdefault(name.removeprefix(prefix).removesuffix("/HEAD"), target.removeprefix(prefix))
    if remote and remote not in defaults:
        return None
    found = defaults.get(remote or "origin") or next(iter(defaults.values()), None)
    return found if found is not None and found.partition("/")[2] != branch else None
