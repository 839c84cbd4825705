"""The model's share of a check, begun while the command is still starting.

A check of one file spends most of its time before any rule runs: pydantic, the format's
models and the rules take about 100 ms to import, and the command line, the settings and the
file about 90 ms more, one after the other on one core. The rules that read the document as
written (blameless phrasing, personal data, readability, the loader's checks) need neither
pydantic nor the model.

So the command forks at once (:func:`start`, called first thing when it is asked to check): the
child imports pydantic, the model and the rules while this process reads the command line, the
settings and the files. This process then sends the child the run (settings, clock, files,
documents: :meth:`Early.send`), applies the rules that need no model, and takes the child's
findings (schema, timeline, decisions, disclosure clocks...) when they come.
Each finding is made by the same rule on the same document as in one process; this process then
applies suppressions and settings to all of them, as it does for any split run.

Inside a repository this process also reads git: the base versions for the history rules, and
the dates of the files' commits for the disclosure clocks and the corrections PM608 checks, which
it sends the child (:meth:`Early.send_ahead`); the child's rules that read git wait for them,
applied last. So the child imports no gitpython and starts no git of its own for them.

Nothing here is load-bearing: where forking is unavailable or unsafe, no child is started; a
run that has no use for it (many files, ``--jobs``, the history hook, another command) stops it with
:func:`stop` or does not start it (:func:`_wanted`); and when the child fails, its share is done
here after all (see :meth:`pmkit.engine.Checker.check_paths`). The child ends when the command
does, whatever ends it: it watches a pipe the command holds (:func:`pmkit.forked.start`).
docs/performance.md has the figures ("Few files: the model's share started with the command",
"Few files: less for the model's share to do", "Few files inside a repository").
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from pmkit import cores

if TYPE_CHECKING:
    from datetime import datetime

    from pmkit.config import Config
    from pmkit.diagnostics import Diagnostic
    from pmkit.forked import Forked
    from pmkit.loader import Document

#: The child's share of one document: whether the schema made a model of it (the suppressions
#: of the rules that need one count only then), and the findings before suppressions; None
#: where the child failed on that document.
Share = tuple[bool, list["Diagnostic"]] | None


class Early:
    """The started child; :meth:`send` gives it the run, :meth:`send_ahead` what its rules
    would read of git, :meth:`result` waits for its shares."""

    def __init__(self, child: Forked[list[Share] | None], job: int, ahead: int) -> None:
        self._child = child
        self._job: int | None = job
        self._ahead: int | None = ahead

    def send(self, config: Config, now: datetime, files: list[str], docs: list[Document],
             codes: list[str]) -> bool:
        """Hand the child the run: the rules ``codes`` to apply to ``docs`` (of the run's
        ``files``). False when the run cannot be sent (a document that does not pickle): the
        child is stopped, and the caller does the work itself."""
        import pickle

        job, self._job = self._job, None
        if job is None:
            return False
        try:
            data = pickle.dumps((config, now, files, docs, codes), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            os.close(job)
            self.close()
            return False
        _send(job, data)
        return True

    def send_ahead(self, values: dict[str, Any]) -> None:
        """Hand the child what its rules would read of git, read here (the files' dates for the
        disclosure clocks, :func:`pmkit.gitdates.read_ahead`; the corrections PM608 checks):
        :meth:`pmkit.rules.RunState.ahead` values, which its rules wait for. What is not there,
        they read themselves. After :meth:`send`, always."""
        import pickle

        fd, self._ahead = self._ahead, None
        if fd is not None:
            _send(fd, pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))

    def result(self) -> list[Share] | None:
        """The child's shares, one per document sent; None if it failed."""
        shares = self._child.result()
        return shares if isinstance(shares, list) else None

    def close(self) -> None:
        """Stop the child (if still running) and close the pipes to it; safe to call twice. A
        child that sent its shares is left to end on its own (it may still save the patterns
        it compiled) and is reaped when the command ends (:func:`stop`): meanwhile it frees its
        memory, while this process reports."""
        for fd in (self._job, self._ahead):
            if fd is not None:
                os.close(fd)
        self._job = self._ahead = None
        if self._child.delivered and self._child not in _ENDING:
            _ENDING.append(self._child)
        else:
            self._child.close()


_STARTED: list[Early] = []
#: Children that sent their shares and are ending on their own, to reap.
_ENDING: list[Forked[list[Share] | None]] = []


def start(arguments: list[str]) -> None:
    """Fork the child when ``arguments`` (the command's, without the program) ask for a check
    that may use it: ``check``, or files named without a command, not ``--jobs``/``PMKIT_JOBS``
    (one process was asked for), on a machine of two or more cores where forking is safe."""
    if not _wanted(arguments) or cores.usable() < 2:
        return
    from pmkit import forked

    if not forked.can_fork():
        return
    pipes: list[int] = []
    try:
        for _ in range(2):  # the job's, and what is read of git for it (see Early.send_ahead)
            pipes += os.pipe()
    except OSError:  # no file left to open
        for fd in pipes:
            os.close(fd)
        return
    job_out, job_in, ahead_out, ahead_in = pipes
    child = forked.start(lambda: _serve(job_out, job_in, ahead_out, ahead_in))
    os.close(job_out)
    os.close(ahead_out)
    if child is None:
        os.close(job_in)
        os.close(ahead_in)
        return
    _STARTED.append(Early(child, job_in, ahead_in))


def take() -> Early | None:
    """The started child, for the one run of the command that uses it; None when there is none."""
    return _STARTED.pop() if _STARTED else None


def stop() -> None:
    """Stop a child that no run has taken (the command ended, or chose to work otherwise), and
    reap the ones that are done."""
    while _STARTED:
        _STARTED.pop().close()
    while _ENDING:
        _ENDING.pop().close()


def _wanted(arguments: list[str]) -> bool:
    if not arguments or os.environ.get("PMKIT_JOBS", "").strip():
        return False
    first = arguments[0]
    if first != "check" and (first.startswith("-") or not os.path.exists(first)):
        return False  # another command, or --help/--version
    # (argparse takes any prefix of an option: --jobs, --job, --j; --help, --he)
    if any(arg.startswith("--j") or arg == "-h" or (len(arg) > 2 and "--help".startswith(arg))
           for arg in arguments):
        return False
    from pmkit.workers import PARALLEL_MIN_FILES

    if sum(not arg.startswith("-") for arg in arguments[1:]) >= PARALLEL_MIN_FILES:
        return False  # (files named by a hook: as many go to the workers, which need no child)
    # A repository-wide run that selects its rules is the history hook's (pmkit-history-repo):
    # they need no model, and a child would only take a core from git. (argparse takes --r, --s.)
    repo_wide = any(len(arg) > 2 and "--repo-wide".startswith(arg) for arg in arguments)
    return not (repo_wide and any(len(arg) > 2 and arg.startswith("--s") for arg in arguments))


def _send(fd: int, data: bytes) -> None:
    """Write ``data`` to the pipe ``fd`` and close it, from a thread: a run of many pages is
    more than a pipe holds, and the child reads it only when it gets to it, while this process
    has its own rules to apply."""
    import threading

    threading.Thread(target=_write_all, args=(fd, data), name="pmkit-early", daemon=True).start()


def _read_all(fd: int) -> bytes:
    """What the parent writes to the pipe ``fd`` until it closes it."""
    chunks = []
    with os.fdopen(fd, "rb") as pipe:
        while chunk := pipe.read(1 << 16):
            chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError:  # the child ended first: its result says so
        pass
    finally:
        os.close(fd)


def _serve(job_out: int, job_in: int, ahead_out: int, ahead_in: int) -> list[Share] | None:
    """The child: import what the model's share needs, then wait for the run and check it."""
    os.close(job_in)  # (this child's copies: the pipes end when the parent closes its own)
    os.close(ahead_in)
    from pmkit.workers import open_files_problem

    open_files_problem()  # a soft limit too low for git's pipes is raised here too, as the command does
    import pmkit.schema  # noqa: F401 (pydantic and the model: what this child is for)
    from pmkit.engine import model_shares
    from pmkit.rules import registry

    registry()
    from pmkit.startup import resume_collection

    resume_collection()  # (paused at the command's start, which this child shares)
    data = _read_all(job_out)
    if not data:  # the run did not use this child
        os.close(ahead_out)
        return None
    import pickle

    job: Any = pickle.loads(data)
    config, now, files, docs, codes = job

    def ahead() -> Any:  # (waited for by the first rule that reads git, if any)
        try:
            read = _read_all(ahead_out)
            return pickle.loads(read) if read else {}
        except Exception:  # (a value cut short: the rules read what they need themselves)
            return {}

    return model_shares(config, now, files, docs, codes, ahead)


__all__ = ["Early", "Share", "start", "stop", "take"]
