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

Nothing here is load-bearing: where forking is unavailable or unsafe, no child is started; a
run that has no use for it (many files, ``--jobs``, git to read, another command) stops it with
:func:`stop` or does not start it (:func:`_wanted`); and when the child fails, its share is done
here after all (see :meth:`pmkit.engine.Checker.check_paths`). The child ends when the command
does, whatever ends it: it watches a pipe the command holds (:func:`pmkit.forked.start`).
docs/performance.md has the figures ("Few files: the model's share started with the command",
"Few files: less for the model's share to do").
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

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


#: The families with rules that read git (``Rule.git``): the disclosure clocks (PM4xx) its log,
#: the history rules (PM6xx) the base versions. Known here without the rule catalogue, which the
#: command has not imported yet; a test holds it to the catalogue.
GIT_FAMILIES = "46"


class Early:
    """The started child; :meth:`send` gives it the run, :meth:`result` waits for its shares."""

    def __init__(self, child: Forked[list[Share] | None], job: int) -> None:
        self._child = child
        self._job: int | None = job

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
        # Written by a thread: a run of many pages is more than a pipe holds, and the child reads
        # it only when its imports are done, while this process has its own rules to apply.
        import threading

        threading.Thread(target=_write_all, args=(job, data), name="pmkit-early", daemon=True).start()
        return True

    def result(self) -> list[Share] | None:
        """The child's shares, one per document sent; None if it failed."""
        shares = self._child.result()
        return shares if isinstance(shares, list) else None

    def close(self) -> None:
        """Stop the child (if still running) and close the pipes to it; safe to call twice. A
        child that sent its shares is left to end on its own (it may still save the patterns
        it compiled) and is reaped when the command ends (:func:`stop`): meanwhile it frees its
        memory, while this process reports."""
        if self._job is not None:
            os.close(self._job)
            self._job = None
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
    if not _wanted(arguments) or (os.cpu_count() or 1) < 2:
        return
    from pmkit import forked

    if not forked.can_fork():
        return
    try:
        job_out, job_in = os.pipe()
    except OSError:  # no file left to open
        return
    child = forked.start(lambda: _serve(job_out, job_in))
    os.close(job_out)
    if child is None:
        os.close(job_in)
        return
    _STARTED.append(Early(child, job_in))


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
    return not (_in_repository(arguments) and _git_rules_may_run(arguments))


def _in_repository(arguments: list[str]) -> bool:
    """Whether the first file named (or the working folder) is inside a git repository: a run
    there reads git, and splits its rules otherwise (see :meth:`pmkit.engine.Checker.check_paths`),
    so a child started for it would take a core from git and the run's own start for nothing."""
    from pmkit.gitplace import in_no_repository

    named = next((arg for arg in arguments[1:] if not arg.startswith("-") and os.path.exists(arg)), ".")
    return not in_no_repository(named)


def _git_rules_may_run(arguments: list[str]) -> bool:
    """False when ``--select`` names only rule families that read no git (the disclosure clocks,
    PM4xx, read its log; the history rules, PM6xx, its base versions), as the family hooks
    do (``--select PM0,PM3``); True otherwise."""
    chosen: list[str] = []
    for index, arg in enumerate(arguments):
        if arg == "--select" and index + 1 < len(arguments):
            chosen += arguments[index + 1].split(",")
        elif arg.startswith("--select="):
            chosen += arg.partition("=")[2].split(",")
    if not chosen:
        return True
    return any(not (len(code := item.strip().upper()) > 2 and code[:2] == "PM" and code[2:].isdigit()
                    and code[2] not in GIT_FAMILIES) for item in chosen)


def _write_all(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError:  # the child ended first: its result says so
        pass
    finally:
        os.close(fd)


def _serve(job_out: int, job_in: int) -> list[Share] | None:
    """The child: import what the model's share needs, then wait for the run and check it."""
    os.close(job_in)  # (this child's copy: the pipe ends when the parent closes its own)
    from pmkit.workers import open_files_problem

    open_files_problem()  # a soft limit too low for git's pipes is raised here too, as the command does
    import pmkit.schema  # noqa: F401 (pydantic and the model: what this child is for)
    from pmkit.engine import model_shares
    from pmkit.rules import registry

    registry()
    from pmkit.startup import resume_collection

    resume_collection()  # (paused at the command's start, which this child shares)
    chunks = []
    with os.fdopen(job_out, "rb") as pipe:
        while chunk := pipe.read(1 << 16):
            chunks.append(chunk)
    if not chunks:  # the run did not use this child
        return None
    import pickle

    job: Any = pickle.loads(b"".join(chunks))
    config, now, files, docs, codes = job
    return model_shares(config, now, files, docs, codes)


__all__ = ["Early", "Share", "start", "stop", "take"]
