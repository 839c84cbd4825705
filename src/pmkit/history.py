"""Git as evidence: what the history says about each postmortem file, read once per run.

One ``git log`` covers every file of the run (not one per file); file contents at past
revisions come from gitpython's persistent ``cat-file`` process. Outside a repository, with
git missing, in a repository without commits or in a shallow clone, :class:`GitEvidence`
says so in ``problem``/``shallow`` and answers with empty histories, so rules can state once
that they rely on the document alone.

gitpython is imported only here, and only when a rule asks for evidence.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pmkit.rules import RunState

_RS, _US = "\x1e", "\x1f"
_LOG_FORMAT = f"{_RS}%H{_US}%aI{_US}%cI{_US}%P{_US}%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    authored: datetime
    committed: datetime
    parents: tuple[str, ...]
    subject: str

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
    changes: dict[str, list[FileChange]] = field(default_factory=dict)  # by path, newest first
    _repo: Any = None

    @property
    def available(self) -> bool:
        return self.root is not None and self.problem is None

    def relative(self, path: str | os.PathLike[str]) -> str | None:
        if self.root is None:
            return None
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def history(self, path: str | os.PathLike[str]) -> list[FileChange]:
        """Every commit that touched the file, newest first, following renames backwards."""
        rel = self.relative(path)
        if rel is None:
            return []
        out: list[FileChange] = []
        current: str | None = rel
        after = -1  # log position of the rename we followed; older changes come after it
        visited: set[str] = set()
        while current is not None and current not in visited:
            visited.add(current)
            following = None
            for change in self.changes.get(current, []):
                if change.order <= after:
                    continue
                out.append(change)
                if change.status == "R" and change.old_path:
                    following, after = change.old_path, change.order
                    break
            current = following
        return out

    def first_added(self, path: str | os.PathLike[str]) -> FileChange | None:
        changes = self.history(path)
        return changes[-1] if changes else None

    def is_committed(self, path: str | os.PathLike[str]) -> bool:
        return bool(self.history(path))

    def show(self, rev: str, path: str) -> str | None:
        """The text of ``path`` (repository-relative) at ``rev``; ``None`` if absent or binary."""
        if self._repo is None:
            return None
        try:
            blob = self._repo.commit(rev).tree / path
            data: bytes = blob.data_stream.read()
        except Exception:  # missing path, bad rev, corrupt object: no evidence, not a crash
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    def staged(self, path: str) -> str | None:
        """The staged (index) text of a repository-relative path."""
        return self._git("show", f":{path}")

    def _git(self, *args: str) -> str | None:
        if self._repo is None:
            return None
        try:
            out: str = self._repo.git.execute(["git", *args], strip_newline_in_stdout=False)
            return out
        except Exception:
            return None


def read_evidence(paths: Sequence[str | os.PathLike[str]]) -> GitEvidence:
    """Read the history of ``paths`` with one ``git log`` (for the repository of the first)."""
    if not paths:
        return GitEvidence(problem="no files")
    try:
        import git
    except ImportError as exc:  # gitpython refuses to import when no git executable exists
        return GitEvidence(problem=f"git is not available ({exc})")
    start = Path(os.path.abspath(paths[0]))
    try:
        repo = git.Repo(start if start.is_dir() else start.parent, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return GitEvidence(problem="not inside a git repository")
    except Exception as exc:
        return GitEvidence(problem=f"cannot open the git repository ({exc})")
    if repo.working_tree_dir is None:
        return GitEvidence(problem="bare repository")
    root = Path(repo.working_tree_dir).resolve()
    evidence = GitEvidence(root=root, _repo=repo)
    try:
        repo.git.rev_parse("--verify", "HEAD")
    except Exception:
        evidence.problem = "the repository has no commits yet"
        return evidence
    try:
        evidence.shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except Exception:
        evidence.shallow = False
    specs = sorted({spec for p in paths if (spec := _pathspec(root, p)) is not None})
    if not specs:
        evidence.problem = "the files are outside the repository"
        return evidence
    try:
        raw = repo.git.execute(
            ["git", "-c", "core.quotepath=off", "log", "-z", "--name-status", "-M",
             f"--format={_LOG_FORMAT}", "HEAD", "--", *specs],
            strip_newline_in_stdout=False,
        )
    except Exception as exc:
        evidence.problem = f"git log failed ({str(exc).strip().splitlines()[-1] if str(exc) else exc})"
        return evidence
    for change in parse_log(raw):
        evidence.changes.setdefault(change.path, []).append(change)
        if change.old_path:
            evidence.changes.setdefault(change.old_path, [])
    return evidence


def _pathspec(root: Path, path: str | os.PathLike[str]) -> str | None:
    """The folder of a file as a pathspec, so renames inside it are seen."""
    absolute = Path(os.path.abspath(path))
    folder = absolute if absolute.is_dir() else absolute.parent
    try:
        rel = folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    return rel or "."


def parse_log(raw: str) -> Iterable[FileChange]:
    """Parse ``git log -z --name-status --format=<_LOG_FORMAT>`` output, newest first."""
    order = 0
    for record in raw.split(_RS):
        if not record.strip("\0\n"):
            continue
        header, _, rest = record.partition("\0")
        parts = header.split(_US)
        if len(parts) < 5:
            continue
        sha, authored, committed, parents, subject = parts[:5]
        commit = Commit(
            sha=sha,
            authored=datetime.fromisoformat(authored),
            committed=datetime.fromisoformat(committed),
            parents=tuple(parents.split()),
            subject=subject,
        )
        order += 1
        fields = rest.lstrip("\n").split("\0")
        index = 0
        while index < len(fields):
            status = fields[index].strip()
            if not status:
                index += 1
                continue
            kind = status[0]
            if kind in ("R", "C") and index + 2 < len(fields):
                yield FileChange(commit, kind, fields[index + 2], fields[index + 1], order)
                index += 3
            elif index + 1 < len(fields):
                yield FileChange(commit, kind, fields[index + 1], None, order)
                index += 2
            else:
                break


def evidence(run: RunState) -> GitEvidence:
    """The run's git evidence, read on first use for every file of the run."""
    result: GitEvidence = run.get("git-evidence", lambda: read_evidence(run.paths))
    return result
