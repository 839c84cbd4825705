"""When did a postmortem really enter the repository, and when did it first say ``published``?

Built on :func:`pmkit.history.evidence` (one batched ``git log`` per run). For one file it walks
the file's own history, oldest first, reading the file at each commit with
:meth:`GitEvidence.show` and parsing it with :func:`pmkit.load.parse_text`. Results are cached
in the run, so each file's history is read once however many rules ask.

When the file entered the repository is its first commit's author date: a draft written on a
branch was drafted then, and a rebase or a cherry-pick, which rewrite the committer date, does
not make it later. When it was published is the committer date of the commit that first made
its status ``published``: the commit object, with that status in it, was made then. Its author
date may be older than the change: ``git commit --amend`` keeps the author date of the commit
it amends, so a status changed to ``published`` and amended into a commit of ten days before
would have counted as published ten days early; and a commit rebased onto the main line was
not published there before it was rebased.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pmkit.gitplace import NOT_IN_REPOSITORY, in_no_repository
from pmkit.rules import RunState


@dataclass(frozen=True)
class FileDates:
    """What git says about one file. ``problem`` explains why there is no evidence."""

    problem: str | None = None
    #: "outside", "unreadable" (a repository git cannot read), "shallow", "partial", "lfs" (a
    #: version is a Git LFS pointer) or "uncommitted": which kind of missing evidence.
    kind: str | None = None
    first_added: datetime | None = None
    #: The committer date of that commit, when it is later than its author date by a minute or
    #: more (amended, rebased or cherry-picked later); else None.
    first_added_committed: datetime | None = None
    #: Also set when ``first_added`` is not (a commit whose date is no evidence): the file was
    #: committed, at a time git cannot tell. The same holds for ``first_published_sha``.
    first_added_sha: str = ""
    #: The file is there on the disk: not committed yet (``kind`` "uncommitted"), the draft
    #: being written, which exists as of now; committed, the version about to be committed,
    #: whose status may be the publication being made.
    on_disk: bool = False
    #: The file's first commit already had status ``published`` (imported after publication).
    added_published: bool = False
    #: The committer date of the commit that first made the status ``published``.
    first_published: datetime | None = None
    first_published_sha: str = ""
    #: That commit's author date, when it differs from its committer date by a minute or more;
    #: else None. Older: the commit was amended, rebased or cherry-picked later. Later: the
    #: committer date was set back, or the author date forward, as a rewrite may do.
    first_published_authored: datetime | None = None
    #: Never published in a commit of HEAD's history, but a merge is in progress whose other
    #: side has the file published: the publication on the disk is that side's, made before this
    #: change, at a time its commits will say once merged (not "now", as the change's own).
    merged_published: bool = False
    #: False when the versions were not read (``first_published`` is then unknown).
    walked: bool = True
    #: " of the submodule docs" when the file's repository is not the one pmkit runs in (a
    #: submodule, a nested repository), whose commits that one does not know; else "".
    repository: str = ""
    #: The start of a git command for the file's repository, from where pmkit runs
    #: (``git -C docs`` for a submodule).
    git: str = "git"

    @property
    def available(self) -> bool:
        return self.problem is None

    def commit(self, sha: str) -> str:
        """``commit e4b0faa``, and in which repository when it is not the current one."""
        return f"commit {sha[:7]}{self.repository}"


#: A top-level ``status:`` key: at column 0 it cannot be inside a block scalar or a nested map.
_STATUS_RE = re.compile(r"""^status[ \t]*:[ \t]*["']?([A-Za-z-]+)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def file_dates(run: RunState, path: str, *, published: bool = True,
               now: datetime | None = None, since: datetime | None = None) -> FileDates:
    """The git dates of ``path`` for this run (computed once per file).

    ``published=False`` skips walking the file's versions for its first published one (the
    dates of the first commit come from the batched log alone). ``now``: a commit dated after
    it is no evidence of when anything happened (the clock of the machine that made it was
    wrong), so its date is left out, as if git did not know it. ``since``: the earliest moment
    of the incident (see :func:`incident_began`); a commit dated before it is no evidence of
    when its postmortem was drafted or published either (a clock that was behind, or the
    history of another file git took for this one's former name), and is left out too.
    """
    key = f"gitdates:{path}"
    cached: FileDates | None = run.document.get(key)
    if cached is not None and (cached.walked or not published):
        return _within(cached, since, now)
    known: dict[tuple[str, bool], FileDates] = run.ahead(KNOWN) or {}
    result = known.get((path, published)) or _compute(run, path, walk=published)
    run.document[key] = result
    return _within(result, since, now)


#: The key (:meth:`RunState.ahead`) of dates read before the rules ran, by (path, whether the
#: versions were walked): another process read them (see :func:`read_ahead`), and this one reads
#: no git for them.
KNOWN = "gitdates-known"


def read_ahead(run: RunState, paths: list[tuple[str, bool]]) -> dict[tuple[str, bool], FileDates]:
    """The dates of each (path, walk) in ``paths``, as :func:`file_dates` computes them, for
    another process's :data:`KNOWN`: a check's early child (see :mod:`pmkit.early`) applies the
    rules that need the model while this process reads git, which it has to read anyway for the
    history rules. A file whose dates fail here is left out: the rule that asks then reads them
    itself, and says what went wrong as it would have."""
    found: dict[tuple[str, bool], FileDates] = {}
    for path, walk in paths:
        try:
            found[(path, walk)] = _compute(run, path, walk=walk)
        except Exception:
            continue
    return found


def walks_versions(data: Any) -> bool:
    """Whether a postmortem's dates are read with its versions walked (``published=True``), for
    when it first said ``published``: it says it is published, or when it was. Read from its
    fields as the file writes them (``ctx.data``), which the model holds alike where it made one,
    so that a process without the model decides as the disclosure rules do (:func:`read_ahead`)."""
    if not isinstance(data, dict):
        return False
    disclosure = data.get("disclosure")
    return data.get("status") == "published" or (
        isinstance(disclosure, dict) and disclosure.get("published_at") is not None)


def incident_began(pm: Any) -> datetime | None:
    """The earliest moment a postmortem names for its incident: its first timeline entry (the
    ``impact_started`` milestone among them) or when the organisation became aware, if earlier.
    Nobody drafts the postmortem of an incident before that."""
    moments = [entry.at for entry in getattr(pm, "timeline", None) or ()]
    disclosure = getattr(pm, "disclosure", None)
    aware = getattr(disclosure, "aware_at", None) if disclosure is not None else None
    if aware is not None:
        moments.append(aware)
    moments = [moment for moment in moments if isinstance(moment, datetime) and moment.tzinfo is not None]
    return min(moments) if moments else None


def _within(dates: FileDates, since: datetime | None, now: datetime | None) -> FileDates:
    """``dates`` without the ones before ``since`` or after ``now``."""
    def outside(moment: datetime | None) -> bool:
        return moment is not None and ((now is not None and moment > now)
                                       or (since is not None and moment < since))

    # The commit stays known (its sha): the file was committed, or published, at a time unknown.
    if outside(dates.first_added):
        dates = replace(dates, first_added=None)
    if outside(dates.first_published):
        dates = replace(dates, first_published=None)
    return dates


def status_of(text: str, path: str) -> str | None:
    """The top-level ``status`` of a postmortem's text: a line scan, else a full parse."""
    from pmkit.loader import MARKDOWN_SUFFIXES, parse_text

    found = _STATUS_RE.findall(text)
    if len(found) == 1:
        return str(found[0])
    doc = parse_text(text, path, markdown=Path(path).suffix.lower() in MARKDOWN_SUFFIXES)
    status = doc.data.get("status") if isinstance(doc.data, dict) else None
    return status if isinstance(status, str) else None


def _compute(run: RunState, path: str, *, walk: bool) -> FileDates:
    # Known without importing pmkit.history (~3 ms of a check outside git), and once a folder:
    # each file's walk up the folders took 20 looks at the disk, 8 % of a check of 1,000 small
    # files outside git.
    folder = os.path.dirname(os.path.abspath(path))
    if run.get(f"gitdates-outside:{folder}", lambda: in_no_repository(path)):
        return FileDates(problem=NOT_IN_REPOSITORY, kind="outside")
    from pmkit.history import evidence, repair_hint
    from pmkit.loader import is_lfs_pointer

    ev = evidence(run, path)
    if not ev.available:
        problem = ev.problem or "git evidence is not available"
        # In a new repository every file is as new as one not committed yet.
        hint = repair_hint(problem)
        kind = ("uncommitted" if ev.unborn else "outside" if hint is None
                else "partial" if "partial clone" in problem else "unreadable")
        return FileDates(problem=problem, kind=kind, on_disk=kind == "uncommitted" and Path(path).is_file())
    # Once per repository of the run, not per file.
    repository, git = run.get(f"gitdates-repository:{ev.root}", lambda: named_repository(ev.root))
    # A submodule's clone, seen from the superproject: named, for the superproject is complete.
    what = f"the{repository.removeprefix(' of the')}" if repository else "the repository"
    if ev.shallow:
        return FileDates(problem=f"{what} is a shallow clone, so its history is incomplete",
                         kind="shallow", repository=repository, git=git)
    if ev.partial:
        return FileDates(problem=f"{what} is a partial clone (git clone --filter), so old "
                         "versions of its files may not be downloaded, and pmkit never fetches",
                         kind="partial", repository=repository, git=git)
    # The name git has for it: a symlinked folder (/tmp on macOS) resolved, through the folders
    # the run resolved already (GitEvidence.real_folder), as the log and the base name them.
    changes = ev.history(path)
    if not changes:
        return FileDates(problem=f"{path} is not committed yet", kind="uncommitted",
                         on_disk=Path(path).is_file())
    oldest_first = list(reversed(changes))
    added = oldest_first[0]
    if added.status == "A":
        # Added on two lines of the history (a backport to a release branch, merged back), the
        # lines one after the other: the file entered the repository with the earlier adding.
        added = min((change for change in oldest_first if change.status == "A"),
                    key=lambda change: change.commit.authored)
    # The earliest change read is a move in from a folder whose history was not read (a long
    # chain of moves): when the file first entered the repository is not known.
    # A commit whose date neither git nor its object says (Commit.undated) is no evidence of
    # when either: its stand-in is 1 January 1970.
    first_added = None if added.status == "R" or added.commit.undated else added.commit.authored
    first_added_sha = "" if added.status == "R" else added.commit.sha
    first_added_committed = None
    if first_added is not None and added.commit.committed - first_added >= timedelta(minutes=1):
        first_added_committed = added.commit.committed
    if not walk:
        return FileDates(first_added=first_added, first_added_sha=first_added_sha, walked=False,
                         first_added_committed=first_added_committed, repository=repository, git=git)
    first_published: datetime | None = None
    first_published_sha = ""
    added_published = False
    found = len(oldest_first)

    def unreadable(rev: str, version: str) -> FileDates | None:
        # A version the commit added, changed or built on that show() gave no text of: absent
        # only if git cannot read it, and then "published later" (or "only in ...") would be a
        # finding against the document.
        lost = ev.stalled or ev.lost(rev, version)
        return None if lost is None else FileDates(problem=lost, kind="unreadable", repository=repository,
                                                   git=git)

    for index, change in enumerate(oldest_first):
        if change.status == "D":
            continue
        text = ev.show(change.commit.sha, change.path)
        if text is None:
            if (gone := unreadable(change.commit.sha, change.path)) is not None:
                return gone
            continue
        if is_lfs_pointer(text):
            # git holds a pointer, the text is on the LFS server, which pmkit never asks: whether
            # this version was published is not known, and "not yet" would be a finding
            # against the document (PM412 'becomes published only in the change not committed').
            return FileDates(problem=f"{change.path} is stored with Git LFS, and pmkit does not download "
                             "LFS contents", kind="lfs", repository=repository, git=git)
        if status_of(text, change.path) == "published":
            first_published, first_published_sha = change.commit.committed, change.commit.sha
            added_published = change is added
            found = index
            break
    if first_published is not None and not added_published:
        # The lines of a history with merges come one after the other, not by time: a branch
        # that also made the file published (and was brought up to date with main, say) may be
        # read before main's earlier publication. Of the commits that made the file published
        # (their first parent's version was not), the earliest is the publication. Only commits
        # dated before the one found are read: none, in a history of one line.
        for change in oldest_first[found + 1:]:
            earlier = change.commit.committed < first_published
            if not earlier or change.status not in ("M", "R") or not change.commit.parents:
                continue
            text = ev.show(change.commit.sha, change.path)
            if text is None and (gone := unreadable(change.commit.sha, change.path)) is not None:
                return gone
            if text is None or status_of(text, change.path) != "published":
                continue
            old_path = change.old_path or change.path
            before = ev.show(change.commit.parents[0], old_path)
            if before is None and (gone := unreadable(change.commit.parents[0], old_path)) is not None:
                return gone
            if before is not None and status_of(before, old_path) != "published":
                first_published, first_published_sha = change.commit.committed, change.commit.sha
    if ev.stalled is not None:
        # The versions stopped coming (git did not answer in time): when the file was first
        # published is not known, and "never" would be a finding against the document.
        return FileDates(problem=ev.stalled, kind="unreadable", repository=repository, git=git)
    authored = None
    merged_published = False
    if first_published is None and not added_published:
        other = ev.merging(oldest_first[-1].path)
        merged_published = other is not None and status_of(other, oldest_first[-1].path) == "published"
    if first_published is not None:
        commit = next(change.commit for change in oldest_first if change.commit.sha == first_published_sha)
        if commit.undated:
            first_published = None  # published in that commit, at a time git cannot tell
        elif abs(first_published - commit.authored) >= timedelta(minutes=1):
            authored = commit.authored
    return FileDates(
        first_added=first_added,
        first_added_sha=first_added_sha,
        first_added_committed=first_added_committed,
        added_published=added_published,
        on_disk=Path(path).is_file(),
        first_published=first_published,
        first_published_sha=first_published_sha,
        first_published_authored=authored,
        merged_published=merged_published,
        repository=repository,
        git=git,
    )


def named_repository(root: Path | None) -> tuple[str, str]:
    """:attr:`FileDates.repository` and :attr:`FileDates.git` for a repository at ``root``."""
    from pmkit.history import git_command, nested_prefix

    folder = nested_prefix(root).rstrip("/")
    if not folder or root is None:
        return "", "git"
    kind = "submodule" if (root / ".git").is_file() else "repository"
    return f" of the {kind} {folder}", git_command(root)


__all__ = ["FileDates", "file_dates", "incident_began", "named_repository"]
