"""``pmkit history FILE``: the audit trail of one postmortem, from git.

Every commit that touched the file (following renames, including merge commits that
changed it themselves), its date, the status at that point, and which facts changed from
what to what, with the corrections that declared them. Uncommitted changes in the working
tree come last. A version that cannot be read (a YAML error, binary, not UTF-8) is marked
with the reason, and the next readable version is compared with the last readable one, so
no change is lost across it. One ``git log`` and one ``git cat-file --batch`` per call.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.commands import given
from pmkit.console import complain, emit, emit_data
from pmkit.formats.text import visible
from pmkit.gitplace import NOT_IN_REPOSITORY

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pmkit.facts import CorrectionEntry, FactChange, VersionFacts
    from pmkit.history import FileChange, GitEvidence

PUBLISHED = "published"

HELP = "show the audit trail of a postmortem: every commit, its status and the facts it changed"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=given, metavar="FILE", help="the postmortem file")
    parser.add_argument("--format", default="text", choices=["text", "json"],
                        help="output format (default: text)")


@dataclass
class Entry:
    """One step of the trail: a commit (or the working tree) and what it did to the file."""

    sha: str
    date: str
    subject: str
    path: str
    change: str  # added | modified | renamed | copied | deleted | merge | uncommitted
    status: str | None
    old_path: str | None = None
    merge: bool = False
    facts: list[FactChange] = field(default_factory=list)
    declared: dict[int, list[CorrectionEntry]] = field(default_factory=dict)
    corrections_added: list[CorrectionEntry] = field(default_factory=list)
    corrections_changed: int = 0
    previous_status: str | None = None
    published_before: bool = False
    unreadable: bool = False
    #: Why this version cannot be read (git lost it, binary, not UTF-8, a YAML error).
    unreadable_reason: str = ""
    #: The commit whose version this one was compared with, when its parent's version could not
    #: be read: the last readable one, so that no change is lost across a broken version.
    compared_with: str | None = None
    #: The commit's committer date, when it is later than its author date (``date``) by a minute
    #: or more: the commit was amended, rebased or cherry-picked after it was first made, and
    #: the version it records was committed then (the date PM402 and PM412 take for a
    #: publication). None otherwise.
    committed: str | None = None
    #: Why the version was compared with ``compared_with`` rather than its parent's, when that is
    #: not that the parent's could not be read: a merge's published parent, a file deleted and
    #: added again.
    compared_why: str = ""
    #: The postmortem's ``id`` in this version (else in the one before): which postmortem the
    #: step is of, where a new one took an old one's name.
    ident: str | None = None
    #: The version this one changed cannot be read (git lost its object, a partial clone has not
    #: downloaded it, it does not parse): its status is unknown, and the facts were compared with
    #: ``compared_with``, the last version that could be read, or with none. Its status was taken
    #: for the last readable one's, and a draft before a lost publishing version made a change
    #: after publication look made "before publication".
    previous_unknown: bool = False

    def silent(self, index: int) -> bool | None:
        """Whether the fact at ``index`` changed silently: published before, and no new correction
        declares it; None when that is unknown (the version it changed cannot be read, and none
        read before it was published)."""
        if self.declared.get(index):
            return False
        if self.published_before:
            return True
        return None if self.previous_unknown else False

    def note(self) -> str | None:
        """What the trail says of a version compared with another than the one it changed because
        that one cannot be read (JSON ``note``), else None."""
        if not self.previous_unknown:
            return None
        if self.compared_with is None:
            return ("the version it changed cannot be read, nor any before it, so its status is unknown "
                    "and it is compared with none")
        return (f"the version it changed cannot be read, so its status is unknown; compared with "
                f"{self.compared_with[:10]}, the last version that could be read")

    def to_dict(self) -> dict[str, Any]:
        facts = []
        for index, fact in enumerate(self.facts):
            item = fact.to_dict()
            item["declared_by"] = [c.to_dict() for c in self.declared.get(index, [])]
            item["silent"] = self.silent(index)
            facts.append(item)
        return {
            "commit": self.sha or None,
            "date": self.date or None,  # the working tree's changes have no date yet, nor has a
            # commit whose date cannot be read
            "committed_date": self.committed,
            "subject": self.subject,
            "path": self.path,
            "change": self.change,
            "renamed_from": self.old_path,
            "merge": self.merge,
            "status": self.status,
            "previous_status": self.previous_status,
            "facts": facts,
            "corrections_added": [c.to_dict() for c in self.corrections_added],
            "corrections_edited_or_removed": self.corrections_changed,
            "unreadable": self.unreadable,
            "unreadable_reason": self.unreadable_reason or None,
            "compared_with": self.compared_with,
            "note": self.note(),
        }


_KIND = {"A": "added", "M": "modified", "R": "renamed", "C": "copied", "D": "deleted", "T": "modified"}


class HistoryError(Exception):
    """Git cannot answer; the message says why (exit code 2). ``bare``: the repository is bare,
    and has no work tree for the file to be missing from."""

    def __init__(self, message: str, *, bare: bool = False) -> None:
        super().__init__(message)
        self.bare = bare


def _outside(root: Path) -> str:
    """Why a file has no history in the repository at ``root``: it is not under its work tree.
    That repository is the one GIT_DIR names when set (by hand, or left over from a hook) and
    no repository holds the file: said so, as check's PM600 says it, with the way out; "the file
    is outside the repository" named neither the repository nor what chose it."""
    why = f"the file is outside the repository at {root}"
    if "GIT_DIR" in os.environ:
        why += (", which the environment variable GIT_DIR names: unset GIT_DIR, or point it at the "
                "repository the file is in")
    return why


def trail(path: str) -> tuple[GitEvidence, str, list[Entry]]:
    """(evidence, repository-relative path, entries oldest first) of one file."""
    from pmkit.history import GitError, _execute, log_command, open_repository, parse_log

    evidence = open_repository([path])
    if evidence.root is None or (evidence.problem and "no commits" not in evidence.problem):
        raise HistoryError(evidence.problem or NOT_IN_REPOSITORY, bare=evidence.bare)
    rel = evidence.relative(path)
    if rel is None:
        raise HistoryError(_outside(evidence.root))
    if evidence.problem:  # no commits yet
        return evidence, rel, _uncommitted(evidence, rel, path, None)
    committed = evidence.committed_name(rel)  # the old name of a rename staged with git mv
    repo = evidence._repo
    try:
        raw = _execute(
            repo,
            [*log_command("--follow"), "HEAD", "--", committed],
            strip_newline_in_stdout=False,
        )
    except Exception as exc:
        from pmkit.history import log_failure

        raise HistoryError(log_failure(evidence, exc)) from None
    for change in evidence.redated(list(parse_log(raw))):
        evidence.changes.setdefault(change.path, []).append(change)
        if change.old_path:
            evidence.changes.setdefault(change.old_path, [])
    changes = _renamed_away(evidence, list(reversed(evidence.history(path))))
    specs: list[str] = [f"HEAD:{committed}"]
    for change in changes:
        specs.append(f"{change.commit.sha}:{change.path}")
        # Every parent of a merge: one that merged a published version is what it is compared with.
        specs.extend(f"{parent}:{change.old_path or change.path}" for parent in change.commit.parents)
    # A version larger than max-file-size is not read, as 'pmkit check' reads no such file:
    # every version of a file of 60 MB was held at once (387 MB for two commits). (A partial
    # clone's sizes are not asked: see GitEvidence.sizes.)
    limit = _max_file_size(path)
    sizes = evidence.sizes(specs)
    too_large = {spec: _too_large(size, limit) for spec, (_oid, size) in sizes.items() if size > limit}
    try:
        blobs = evidence.blobs([spec for spec in specs if spec not in too_large])
        blobs.update(dict.fromkeys(too_large))
    except GitError as exc:
        if evidence.partial:
            raise HistoryError(f"{exc}; this is a partial clone (git clone --filter) that lacks old "
                               "versions of the file, and pmkit never fetches: clone without "
                               "--filter, or fetch them with git itself") from None
        raise HistoryError(str(exc)) from None
    # A committed symbolic link: git's blob is the link's target path, not the text it leads to
    # (said as 'pmkit check' says it, rather than "PM003 ... found a string").
    from pmkit.fsutil import link_target

    link = link_target(path)
    linked = f"it is a symbolic link to {link}, and git keeps the link, not the text it points to"
    not_read = {**too_large, **{spec: linked for spec, raw in blobs.items()
                                if link is not None and raw == os.fsencode(link)}}
    entries: list[Entry] = []
    last: Version | None = None  # the last version that could be read, in the log's order
    for change in changes:
        entry, version = _entry(change, blobs, last, evidence.not_downloaded, _deleted(entries, last),
                                not_read)
        entries.append(entry)
        last = version or last
    head = f"HEAD:{committed}"
    if head in too_large:  # (HEAD's version was not read: the disk's is compared by its id)
        entries.extend(_uncommitted_too_large(path, rel, sizes[head][0], limit))
    else:
        head_raw = blobs.get(head)
        # HEAD's version that git gave no text of, though HEAD's tree names it (a missing or
        # corrupt object): the working tree's changed it, as any commit's changes an unreadable
        # one, and is compared with the last version that could be read. Without it the
        # working tree's changes showed no facts at all, whatever they changed after publication.
        lost = (_head_object(evidence, committed)
                if head_raw is None and entries and entries[-1].change != "deleted" else None)
        entries.extend(_uncommitted(evidence, rel, path, head_raw, committed, last,
                                    _deleted(entries, last), lost=lost))
    _published_earlier(evidence, changes, entries)
    return evidence, rel, entries


def _head_object(evidence: GitEvidence, committed: str) -> str | None:
    """The object id of the file ``HEAD``'s tree names at ``committed``, or None when it names
    none (one ``git ls-tree``, which reads the tree, not the file's object): asked when git gave
    no text of ``HEAD``'s version, which then is either not there or lost."""
    listing = evidence._git("ls-tree", "-z", "HEAD", "--", committed) or ""
    meta = listing.partition("\t")[0].split()
    return meta[2] if len(meta) == 3 and meta[1] == "blob" else None


def _object_id(path: str, like: str) -> str:
    """git's object id of the file at ``path`` as a blob, worked out as the file is read in
    pieces: SHA-1, or SHA-256 when ``like`` (an id of the same repository) has its 64 digits.
    :class:`OSError` when the file cannot be read."""
    import hashlib

    size = os.path.getsize(path)
    digest = hashlib.new("sha1" if len(like) == 40 else "sha256", b"blob %d\0" % size)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _max_file_size(path: str) -> int:
    """The max-file-size of the settings that apply to ``path`` (pmkit's default when they
    cannot be read: the history says nothing of settings)."""
    from pmkit.config import load_config
    from pmkit.loader import DEFAULT_MAX_BYTES

    try:
        return load_config(start=os.path.dirname(os.path.abspath(path))).max_file_size
    except Exception:
        return DEFAULT_MAX_BYTES


def _deleted(entries: list[Entry], last: Version | None) -> Version | None:
    """``last``, the file's last version, when the step before was its deletion; else None."""
    return last if entries and entries[-1].change == "deleted" else None


def _published_earlier(evidence: GitEvidence, changes: list[FileChange], entries: list[Entry]) -> None:
    """Mark as published before each entry whose commit descends from one that published the
    same postmortem (its ``id``), though the version it changed was not (set back to draft,
    changed there and published again): those changes were made to a postmortem readers had,
    and PM601 reports them, not changes "before publication". Found by ancestry, not by the
    trail's order, where a branch forked from a draft may come after the publication on main;
    a new postmortem that took the name of one moved away is not that one. One ``git
    rev-list`` of the history, only when there is such an entry."""
    from pmkit.history import topo_order

    committed = entries[:len(changes)]
    published: dict[str, set[str]] = {}  # id → the commits that wrote a published version of it
    for change, entry in zip(changes, committed, strict=True):
        if entry.status == PUBLISHED and entry.ident is not None:
            published.setdefault(entry.ident, set()).add(change.commit.sha)
    first = next((i for i, entry in enumerate(entries) if entry.status == PUBLISHED), len(entries))
    if not any(not entry.published_before and entry.ident in published for entry in entries[first + 1:]):
        return
    try:
        order = topo_order(evidence._repo)
    except Exception:  # the entries keep the status of the version each one changed
        return
    lines = [line.split() for line in reversed(order) if line.strip()]
    for ident, shas in published.items():
        after: set[str] = set()  # the commits at or after a publication of the postmortem
        for sha, *parents in lines:
            if sha in shas or any(parent in after for parent in parents):
                after.add(sha)
        for change, entry in zip(changes, committed, strict=True):
            if entry.ident == ident:
                entry.published_before |= any(parent in after for parent in change.commit.parents)
        for entry in entries[len(changes):]:  # the working tree's version: after HEAD
            if entry.ident == ident:
                entry.published_before |= evidence.head in after


def _renamed_away(evidence: GitEvidence, changes: list[FileChange]) -> list[FileChange]:
    """``changes`` with each deletion that was a move to another name (``git mv``, committed) as
    that rename: ``git log --follow`` follows a name back in time only, and shows its move
    away as a deletion ("deleted  status: published → ?" of a file that lives on). One
    ``git log`` of the commits that deleted the file, when there are any."""
    from pmkit.history import _execute, log_command, parse_log

    deleted = {change.path for change in changes if change.status == "D" and not change.commit.is_merge}
    if not deleted:
        return changes
    shas = list(dict.fromkeys(c.commit.sha for c in changes if c.status == "D" and not c.commit.is_merge))
    try:
        raw = _execute(evidence._repo, [*log_command(), "--no-walk=unsorted", *shas],
                       strip_newline_in_stdout=False)
    except Exception:  # the deletions stay as git's log of the file shows them
        return changes
    moves = {(move.commit.sha, move.old_path): move for move in parse_log(raw, deleted)
             if move.status == "R"}
    return [replace(moves[(c.commit.sha, c.path)], commit=c.commit, order=c.order)
            if c.status == "D" and (c.commit.sha, c.path) in moves else c for c in changes]


@dataclass(frozen=True)
class Version:
    """A version of the file that could be read: the commit that wrote it, and its data."""

    sha: str
    facts: VersionFacts


def _text(data: bytes | None) -> str | None:
    from pmkit.history import _decode

    return _decode(data)


def _markdown(path: str) -> bool:
    from pmkit.loader import MARKDOWN_SUFFIXES

    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


def _data(text: str | None, path: str) -> VersionFacts | None:
    if text is None:
        return None
    return _load(text, _markdown(path))


def _not_downloaded(sha: str, path: str) -> str:
    """Why a version a partial clone lacks is not shown (its blob is on the promisor remote)."""
    return (f"this partial clone (git clone --filter) has not downloaded it, and pmkit never "
            f"fetches ('git show {sha[:10]}:{path}' downloads it)")


def _too_large(size: int, limit: int) -> str:
    """Why a version larger than max-file-size is not read (as PM006 says of a file)."""
    return (f"{size:,} bytes, more than max-file-size ({limit:,} bytes), so it is not read "
            "(raise max-file-size in [tool.pmkit] to read it)")


def _why_unreadable(raw: bytes | None, path: str, *, committed: bool = False) -> str:
    """Why a version does not read as a postmortem, as 'pmkit check' would say it of the file;
    of a ``committed`` Git LFS pointer, that git holds no more than the pointer (the loader's
    'not in the working tree' is said of a file on the disk)."""
    from pmkit.loader import is_lfs_pointer, parse_bytes

    if raw is None:
        return "a missing or corrupt git object (run git fsck)"
    if committed and is_lfs_pointer(raw.decode("utf-8", "replace")):
        return "a Git LFS pointer (git holds only the pointer, and pmkit does not download LFS contents)"
    problems = parse_bytes(raw, path, markdown=_markdown(path)).diagnostics
    first = next((d for d in problems if d.code < "PM010"), None)  # PM001-PM009: loading
    if first is None:
        return "it does not parse into a postmortem's fields"
    return f"line {first.line}, column {first.col}: {first.code} {first.message}"


@lru_cache(maxsize=64)
def _load(text: str, markdown: bool) -> VersionFacts | None:
    """A version's data and facts, worked out once: each version is the "after" of one commit
    and the "before" of the next (read only; shared between the entries)."""
    from pmkit.facts import VersionFacts, load_data

    data = load_data(text, markdown=markdown)
    return None if data is None else VersionFacts(data)


def _status(version: VersionFacts | None) -> str | None:
    value = version.data.get("status") if version else None
    return value if isinstance(value, str) else None


def _ident(version: VersionFacts | None) -> str | None:
    value = version.data.get("id") if version else None
    return value if isinstance(value, str) else None


def _compare(entry: Entry, before: VersionFacts | None, after: VersionFacts | None) -> Entry:
    from pmkit.facts import declared_by, diff_correction_entries, diff_versions

    # Compared with the last readable version, because the one it changed cannot be read, the
    # entry does not know the status it changed; that the last readable one was published still
    # means the postmortem had been published before the commit.
    entry.previous_status = None if entry.previous_unknown else _status(before)
    entry.published_before = _status(before) == PUBLISHED
    entry.ident = _ident(after) or _ident(before)
    if before is None or after is None:
        return entry
    entry.facts = diff_versions(before, after)
    corrections = diff_correction_entries(before.corrections(), after.corrections())
    entry.corrections_added = corrections.added
    entry.corrections_changed = len(corrections.edited) + len(corrections.removed)
    for index, fact in enumerate(entry.facts):
        found = declared_by(fact, corrections.added)
        if found:
            entry.declared[index] = found
    return entry


def _entry(change: FileChange, blobs: dict[str, bytes | None], last: Version | None,
           absent: set[str] | frozenset[str] = frozenset(),
           restored: Version | None = None,
           not_read: Mapping[str, str] | None = None) -> tuple[Entry, Version | None]:
    """The entry of one commit, and the version it wrote if that can be read.

    ``last`` is the last readable version before it: when the parent's version cannot be read
    (a YAML error, binary, not UTF-8), the commit is compared with ``last`` instead, so the
    facts a fix changes on the way back to a readable file still show. ``restored``: the last
    version before the file was deleted, when this commit follows that deletion. ``not_read``:
    why the versions that were not read were not (too large).
    """
    commit = change.commit
    spec = f"{commit.sha}:{change.path}"
    raw = blobs.get(spec)
    after = _data(_text(raw), change.path)
    before: VersionFacts | None = None
    compared_with, why = None, ""
    unknown = False  # (the version it changed cannot be read)
    if commit.parents and change.status not in ("A", "C"):  # a copy is a new file
        name = change.old_path or change.path
        parents = [(sha, _data(_text(blobs.get(f"{sha}:{name}")), name)) for sha in commit.parents]
        before = parents[0][1]
        if _status(before) != PUBLISHED:
            # A merge of the published version into a line where it was still a draft: the
            # result is compared with what readers had, or the facts it changed in the published
            # version never show (a branch's draft figure merged over the published one).
            merged, found = next(((sha, v) for sha, v in parents[1:] if _status(v) == PUBLISHED),
                                 ("", None))
            if merged:
                why = f"the published version it merged; its first parent's was {_status(before) or '?'}"
                before, compared_with = found, merged
        unknown = before is None
        if before is None and last is not None:
            before, compared_with = last.facts, last.sha
    elif change.status == "A" and restored is not None and _ident(restored.facts) == _ident(after):
        before, compared_with, why = _restored(restored)
    elif change.status == "C" and change.old_path and commit.parents:
        before, compared_with, why = _copied_from(change.old_path, commit.parents[0], blobs, after)
    kind = "merge" if commit.is_merge else _KIND.get(change.status, change.status)
    unreadable = change.status != "D" and after is None
    reason = "" if not unreadable else (
        _not_downloaded(commit.sha, change.path) if spec in absent
        else (not_read or {}).get(spec) or _why_unreadable(raw, change.path, committed=True))
    entry = Entry(
        # A commit whose object holds no date that can be read (nor git's log) has a stand-in of
        # 1 January 1970: no date is said rather than that one.
        sha=commit.sha, date="" if commit.undated else commit.authored.isoformat(), subject=commit.subject,
        path=change.path,
        committed=(commit.committed.isoformat() if commit.committed - commit.authored >= timedelta(minutes=1)
                   else None),
        change=kind, status=_status(after), old_path=change.old_path, merge=commit.is_merge,
        unreadable=unreadable, unreadable_reason=reason,
        compared_with=compared_with, compared_why=why, previous_unknown=unknown,
    )
    return _compare(entry, before, after), None if after is None else Version(commit.sha, after)


def _uncommitted(evidence: GitEvidence, rel: str, path: str, head_raw: bytes | None,
                 committed: str | None = None, last: Version | None = None,
                 restored: Version | None = None, *, lost: str | None = None) -> list[Entry]:
    """The working tree's version, when it differs from ``HEAD``'s (or ``last``, the last
    readable committed version, when ``HEAD``'s cannot be read; or ``restored``, the last
    version before a commit deleted the file). ``lost``: the object id of ``HEAD``'s version
    when git could not give its text (``head_raw`` is then None, as for a file ``HEAD`` lacks)."""
    from pmkit.history import lfs_contents

    if (head_raw is not None or lost) and committed in (None, rel) and not os.path.lexists(path):
        return _gone(evidence, rel, head_raw)
    try:
        if _special(path):  # (run() refuses one; a pipe made since would block the read)
            return []
        if lost and _object_id(path, lost) == lost:
            return []  # the disk holds HEAD's very contents, which git lost: no change
        raw = Path(path).read_bytes()
    except OSError:
        return []
    old_path = committed if committed not in (None, rel) else None
    text, head_text = _text(raw), _text(head_raw)
    # Line ends alone are no change: with core.autocrlf (or an eol attribute) git checks a file
    # out with CRLF and calls it unchanged.
    same = (_lines(text) == _lines(head_text) if text is not None and head_text is not None
            else raw == head_raw)
    # What git stores of the file, when it converts it on checkout (an expanded $Id$ or keyword,
    # another encoding): that is the version, not its checked-out form.
    stored = evidence.stored_text(rel) if head_raw is not None and old_path is None and not same else None
    if head_raw is not None and old_path is None and (
            same or lfs_contents(head_raw, raw) or (stored is not None and stored == head_text)):
        # The disk holds only the checked-out form of HEAD's version (or the contents its Git
        # LFS pointer stands for).
        return []
    after = _data(text if stored is None else stored, rel)
    before = _data(head_text, old_path or rel)
    compared_with, compared_why = None, ""
    unknown = before is None and (head_raw is not None or lost is not None)  # HEAD's cannot be read
    if unknown and last is not None:
        before, compared_with = last.facts, last.sha
    elif head_raw is None and restored is not None and _ident(restored.facts) == _ident(after):
        before, compared_with, compared_why = _restored(restored)
    why = _why_unreadable(raw, rel) if after is None else ""
    entry = _on_disk(rel, "uncommitted", after, why, old_path=old_path, compared_with=compared_with,
                     compared_why=compared_why, previous_unknown=unknown)
    return [_compare(entry, before, after)]


def _uncommitted_too_large(path: str, rel: str, head_oid: str, limit: int) -> list[Entry]:
    """The working tree's version of a file whose HEAD version is larger than max-file-size:
    none when the disk holds HEAD's very contents (the same git object id, worked out as the
    file is read in pieces), else one that is not read either (or is read, when it is small
    enough now)."""
    try:
        if _special(path) or not os.path.isfile(path):
            return []
        size = os.path.getsize(path)
        if _object_id(path, head_oid) == head_oid:
            return []
        raw = None if size > limit else Path(path).read_bytes()
    except OSError:
        return []
    after = None if raw is None else _data(_text(raw), rel)
    why = _too_large(size, limit) if raw is None else _why_unreadable(raw, rel) if after is None else ""
    return [_compare(_on_disk(rel, "uncommitted", after, why), None, after)]


def _on_disk(path: str, change: str, after: VersionFacts | None, why: str, **fields: Any) -> Entry:
    """The entry of the working tree's version of the file (not committed), ``after`` as read;
    ``why`` it cannot be read, when it cannot."""
    return Entry(sha="", date="", subject=_WORKING_TREE, path=path, change=change, status=_status(after),
                 unreadable=after is None, unreadable_reason=why, **fields)


#: What the working tree's step of a trail says in place of a commit's subject.
_WORKING_TREE = "(working tree, not committed)"


def _copied_from(source: str, parent: str, blobs: dict[str, bytes | None], after: VersionFacts | None
                 ) -> tuple[VersionFacts | None, str | None, str]:
    """What a copy git detected (``copied from``) is compared with: the version of its source in
    the commit's parent, when the copy keeps the source's ``id``: it is that postmortem, carried
    on under another name (the source deleted later), and compared with nothing the facts it
    changed in the copying commit never showed. A copy with an id of its own is a new postmortem,
    compared with nothing. The parent's version is among the versions read already."""
    version = _data(_text(blobs.get(f"{parent}:{source}")), source)
    if version is None or _ident(version) is None or _ident(version) != _ident(after):
        return None, None, ""
    return version, parent, f"the version of {source} it was copied from, whose id it keeps"


def _restored(version: Version) -> tuple[VersionFacts, str, str]:
    """What a file added again after a commit deleted it, with the same ``id``, is compared
    with: its last version before the deletion. Compared with nothing, a published postmortem
    deleted and restored with other figures showed no change at all, where PM601 reports each.
    Another postmortem at the name is a new one."""
    return version.facts, version.sha, "the last version before it was deleted"


def _gone(evidence: GitEvidence, rel: str, head_raw: bytes | None) -> list[Entry]:
    """The working tree's step for a committed file that is not there any more: deleted ('git
    rm'), or renamed with 'git mv' (staged, not committed), compared with its new version.
    ``head_raw`` is None when git lost ``HEAD``'s version: the step is still there to see."""
    before = _data(_text(head_raw), rel)
    # The renames staged since HEAD were read for committed_name (no further git command).
    moved = next((new for new, old in (evidence._staged_renames or {}).items() if old == rel), None)
    if moved is None or evidence.root is None:
        entry = Entry(sha="", date="", subject=_WORKING_TREE, path=rel, change="deleted", status=None)
        return [_compare(entry, before, None)]
    try:
        raw: bytes | None = (evidence.root / moved).read_bytes()
    except OSError:
        raw = None
    after = _data(_text(raw), moved) if raw is not None else None
    entry = _on_disk(moved, "renamed", after, _why_unreadable(raw, moved) if after is None else "",
                     old_path=rel)
    return [_compare(entry, before, after)]


def _away(entry: Entry, rel: str) -> bool:
    """Whether the entry moved the file away from ``rel``, the name its trail is of."""
    return entry.change == "renamed" and entry.old_path == rel and entry.path != rel


def _lines(text: str) -> str:
    """``text`` with LF line ends."""
    return text.replace("\r\n", "\n")


def format_text(rel: str, entries: list[Entry], evidence: GitEvidence, note: str | None = None) -> str:
    commits = [e for e in entries if e.sha]
    lines = [f"History of {rel}: {len(commits)} commit{'s' if len(commits) != 1 else ''}"]
    renames = [e for e in commits if e.old_path and e.change in ("renamed", "merge") and not _away(e, rel)]
    if renames:
        # Each earlier name once: a file whose name flips between .yaml and .md named each again.
        lines[0] += " (renamed from " + ", ".join(dict.fromkeys(e.old_path or "" for e in renames)) + ")"
    if evidence.shallow:
        from pmkit.gitdates import named_repository

        repository, git = named_repository(evidence.root)
        what = f"the{repository.removeprefix(' of the')} is" if repository else "this is"
        lines.append(f"note: {what} a shallow clone; the history may be truncated, so the first "
                     f"commit shown may not be where the file was added ({git} fetch --unshallow)")
    if evidence.problem:
        lines.append(f"note: {evidence.problem}")
    if note:
        lines.append(f"note: {note}")
    if not entries:
        lines.append("no commit touches this file yet: it is not committed")
    for entry in entries:
        lines.append("")
        when = _local(entry.date) if entry.date else f"{'(date unknown)':<22}"  # (as wide as a date)
        head = f"{when}  {entry.sha[:10]}" if entry.sha else "(uncommitted)    "
        what = entry.change
        if _away(entry, rel):  # renamed away (committed, or in the working tree)
            what += f" to {entry.path}"
        elif entry.old_path:
            # (moved here with 'git mv' and not committed: renamed, as the old name's trail says)
            what = f"renamed from {entry.old_path}" if not entry.sha else f"{what} from {entry.old_path}"
        elif entry.change == "added":
            what += f" as {entry.path}"
        status = entry.status or "?"
        if entry.previous_unknown and entry.status:  # (the version it changed cannot be read)
            status = f"? → {status}"
        elif entry.previous_status and entry.previous_status != entry.status:
            status = f"{entry.previous_status} → {status}"
        lines.append(f"{head}  {what}  status: {status}")
        if entry.sha:
            lines.append(f"    {_subject_line(entry.subject)}")
        if entry.committed:
            lines.append(f"    (committed {_local(entry.committed)}: amended, rebased or "
                         "cherry-picked after it was first made)")
        if entry.unreadable:
            lines.append(f"    ! this version cannot be read: {entry.unreadable_reason}")
        if entry.compared_with:
            lines.append(f"    (compared with {entry.compared_with[:10]}, "
                         f"{entry.compared_why or 'the last version that could be read'})")
        elif entry.previous_unknown and not entry.unreadable:  # (an unreadable one has nothing to compare)
            lines.append("    (not compared: the version it changed cannot be read, nor any before it)")
        for index, fact in enumerate(entry.facts):
            silent = entry.silent(index)
            if silent:
                tag = "SILENT: no correction declares it"
                if entry.previous_status != PUBLISHED and not entry.previous_unknown:
                    # set back from published since
                    tag += f" (published earlier, then set back to {entry.previous_status or '?'})"
            elif silent is None:
                # The version it changed may have been the publishing one: "before publication"
                # would clear a change that may have been made after it.
                tag = "unknown whether before publication: the version it changed cannot be read"
            elif by := entry.declared.get(index):
                tag = f"declared by the correction of {by[0].at}"
            else:
                tag = "before publication"
            old = fact.old if fact.old is not None else "(none)"
            new = fact.new if fact.new is not None else "(none)"
            lines.append(f"    {fact.field}: {old} → {new}   [{tag}]")
        for correction in entry.corrections_added:
            lines.append(f"    + correction {correction.at}: {' '.join(correction.description.split())}")
        if entry.corrections_changed:
            count = entry.corrections_changed
            lines.append(f"    ! {count} earlier correction{'' if count == 1 else 's'} edited or removed")
    # Subjects, names and values are the authors' text: control characters become escapes.
    return "\n".join(visible(line) for line in lines) + "\n"


def run(args: argparse.Namespace) -> int:
    path = args.file
    if os.path.isdir(path):  # a missing path may be a deleted file (even in a deleted folder)
        complain(f"pmkit: {path}: is a folder; give one postmortem file")
        return 2
    if _special(path):  # reading a named pipe for the working tree's version waited for ever
        complain(f"pmkit: {path}: is not a regular file (a pipe, socket or device); pmkit reads files only")
        return 2
    try:
        evidence, rel, entries = trail(path)
    except HistoryError as exc:
        if not os.path.lexists(path) and not exc.bare:  # outside a repository, a typo is the likelier
            # mistake (a bare repository has no work tree for a file to be in: that is the mistake)
            complain(f"pmkit: {path}: no such file ({exc})")
        else:
            complain(f"pmkit: {path}: cannot read the history: {exc}")
        return 2
    if not entries and os.path.islink(path) and not os.path.exists(path):
        # The link's target never had a commit: "0 commits, not committed" named a file the
        # user did not give, and exited 0.
        complain(f"pmkit: {path}: is a symbolic link to a missing file ({os.readlink(path)}): restore "
                 "the file it links to, or give the postmortem's own name")
        return 2
    if not entries and not os.path.lexists(path):  # neither a file nor a deleted one: a typo?
        from pmkit.discovery import not_checked_out
        from pmkit.history import unchecked_submodule

        folder = unchecked_submodule(path)
        complain(f"pmkit: {path}: " + (not_checked_out(folder) if folder is not None
                                       else "no such file, and no commit ever had it"))
        return 2
    note = evidence.problem
    if entries and entries[-1].change == "deleted" and not entries[-1].sha and not os.path.lexists(path) \
            and rel in evidence.skip_worktree([rel]):
        # Outside a sparse checkout's cone the file is absent from the disk, not deleted: git
        # keeps it in the index, and the next commit keeps it as committed.
        entries = entries[:-1]
        note = ("the file is outside this sparse checkout (git sparse-checkout): not on disk, and not "
                "deleted either; its history ends with the last commit")
    from pmkit.history import nested_prefix

    if (prefix := nested_prefix(evidence.root)):
        # A submodule (or nested repository) of the repository the command is run in: its
        # paths as that repository names them, not as the inner one does.
        rel = prefix + rel
        entries = [replace(e, path=prefix + e.path, old_path=e.old_path and prefix + e.old_path)
                   for e in entries]
    if args.format == "json":
        payload = {
            "file": rel,
            # The folder of the repository whose commits these are (a submodule's, say), from
            # the top the paths start at: 'git -C <it> show <commit>:<path without it>'.
            "repository": prefix.rstrip("/") or ".",
            "shallow": evidence.shallow,
            "note": note,
            "committed": any(e.sha for e in entries),
            "entries": [e.to_dict() for e in entries],
        }
        emit_data(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        emit(format_text(rel, entries, evidence, None if note == evidence.problem else note))
    return 0


def _special(path: str) -> bool:
    """Whether ``path`` is there but no regular file: a named pipe, a socket or a device, whose
    reading may block for ever (a pipe without a writer) or never end (/dev/zero)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # not there (a deleted file has a history too)
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


#: The longest commit subject the text trail prints whole (JSON keeps it all).
MAX_SUBJECT = 200


def _local(iso: str) -> str:
    """A commit's date as its author's clock showed it, with the UTC offset that clock was set
    to, as ``git log --date=iso`` shows it (``2026-03-20 14:00 -0700``): without the offset,
    the commits of authors in other zones read in the wrong order."""
    from datetime import datetime

    moment = datetime.fromisoformat(iso)
    return moment.strftime("%Y-%m-%d %H:%M %z") if moment.tzinfo else moment.strftime("%Y-%m-%d %H:%M")


def _subject_line(subject: str) -> str:
    """A commit's subject as one line of the trail: a subject of megabytes (a pasted log) is
    cut, saying how much was left out, as check's messages are."""
    from pmkit.console import clipped

    return subject if len(subject) <= MAX_SUBJECT else clipped(subject, MAX_SUBJECT - 20)
