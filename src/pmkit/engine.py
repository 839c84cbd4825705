"""Run the checks: find files, load, validate, apply rules, suppressions and settings."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from pmkit.config import (
    NO_FOLDER_ADVICE,
    Config,
    ConfigError,
    check_config,
    configured_paths,
    env_now,
    load_config,
    no_folder_advice,
    shorter_path,
    team_timezone,
)
from pmkit.diagnostics import Diagnostic, Report, Severity
from pmkit.discovery import discover, path_names
from pmkit.fsutil import PathName
from pmkit.loader import (
    MARKDOWN_SUFFIXES,
    Document,
    FieldPath,
    entry_of,
    looks_like_markdown,
    parse_text,
    read_document,
    split_front_matter,
    text_lines,
    text_too_large,
    value_at,
)
from pmkit.rules import GIT_BASE, GIT_LOG, STANDS_FOR, Context, Rule, RunState, registry, selects
from pmkit.vocabulary import MAX_YEAR, MIN_YEAR
from pmkit.workers import may_spawn, splits_rules, worker_count

if TYPE_CHECKING:  # (pmkit.api is for scripts: a check need not import it)
    from pydantic import TypeAdapter

    from pmkit.api import Moment
    from pmkit.early import Early, Share
    from pmkit.gitdates import FileDates
    from pmkit.model import Postmortem
    from pmkit.suppress import Suppression

#: What :func:`check` and :meth:`Checker.check_paths` take: one name, or any iterable of names
#: (a list, a set, a generator such as ``Path("pm").glob("*.yaml")``, which ``Sequence``
#: refused to a script type-checked with mypy, though it ran); names as bytes too, which mypy
#: refused although they were documented and ran.
Paths = Iterable[PathName] | PathName

INTERNAL_ERROR = "PM903"
#: The rule families that read only the document's text (decisions, blameless language,
#: clarity, learning): in a run of few files on two or more cores, a forked child applies
#: them while this process applies the rest (schema, timeline, disclosure clocks, git).
TEXT_FAMILIES = frozenset({"PM2", "PM3", "PM5", "PM7"})
#: The text family this process keeps when its own share reads no git (files outside any
#: repository, or no git rule on): that share is then a few milliseconds of schema, timeline and
#: clock rules, and the child's the longer one; with blameless phrasing moved here, each process
#: has about half of the rules' time (see docs/performance.md, "Few files: the rules on two cores").
KEPT_WITHOUT_GIT = frozenset({"PM3"})
#: The text family a check's early child (:mod:`pmkit.early`) applies too when this process has
#: git to read through gitpython (the history rules' base versions, the disclosure clocks'
#: dates): clarity, whose readability score is the longest of the text rules. (Read without
#: gitpython, a hook's few files in a plain repository, this process's share is as light as
#: without git, and it keeps the text rules: see :func:`_reads_git_plainly`.) With git read
#: here, the child's share would otherwise end some 30 ms before this one (see
#: docs/performance.md, "Few files inside a repository").
CHILD_TAKES_WITH_GIT = frozenset({"PM5"})
#: And blameless phrasing and the learning rules' root-cause framing too, for this many files
#: or fewer (a pre-commit hook's commit): the process that reads git is then still the longer
#: side. Both read the prose, so this process then imports no prose reader at all. Measured on
#: two cores, one to five files in a repository end 5-15 ms sooner with them in the child; from
#: eight files on, its share grows faster than git's, and they end 3-15 ms later
#: (docs/performance.md, "Few files inside a repository").
CHILD_TAKES_WITH_GIT_FEW = frozenset({"PM3", "PM7"})
#: The most files for which the child takes :data:`CHILD_TAKES_WITH_GIT_FEW`.
FEW_WITH_GIT = 5


def parse_now(text: str, given_as: str = "--now/PMKIT_NOW") -> datetime:
    """Parse ``--now``/``PMKIT_NOW``: a timestamp as a postmortem writes one (UTC if it has no
    offset) or a date (its midnight in UTC). ``given_as`` names where the text came from, for
    the error.

    Read by the same parser as the document's timestamps: Python's own reader also takes week
    dates (2025-W10-3) and the basic format (20250101), which a postmortem may not use, and
    a reference time that the files it checks could not contain is a surprise."""
    from pmkit.console import clipped

    # As given, up to a length: a variable of 100,000 characters expanded by mistake was
    # quoted whole, a 100 KB line of its own.
    shown = clipped(text)
    if (plain := _plain_moment(text)) is not None:
        return _within_years(plain, f"{given_as}: '{shown}'")
    if any("\ud800" <= char <= "\udfff" for char in text):
        # Bytes that are not UTF-8 (an argument or PMKIT_NOW typed in another encoding) arrive
        # as lone surrogates: no timestamp, and pydantic could not even quote them in its
        # error (a UnicodeEncodeError, reported as pmkit's internal error).
        raise ConfigError(f"{given_as}: '{shown}' is not an ISO 8601 timestamp")
    from pydantic import ValidationError

    try:
        moment = _now_reader().validate_python(text, context={"tzinfo": timezone.utc})
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "year_range":
            raise ConfigError(f"{given_as}: '{shown}' is outside the years {MIN_YEAR} to {MAX_YEAR}") \
                from None
        message = str(error["msg"])
        if error["type"] != "timestamp_format" or message.endswith("such as 2018-10-21T22:52:00Z"):
            # The generic refusal: the example it names would read as a document's.
            raise ConfigError(f"{given_as}: '{shown}' is not an ISO 8601 timestamp") from None
        raise ConfigError(f"{given_as}: {clipped(message, 300)}") from None
    # A date is its midnight, a time like any other here (not a day without one).
    return _within_years(datetime.combine(moment.date(), moment.timetz()), f"{given_as}: '{shown}'")


#: The forms of --now that need no parser: a date, or a UTC time to the minute or second, as
#: the hooks and scripts pass them (``2026-01-01``, ``2026-01-01T09:30:00Z``).
_PLAIN_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
                           r"(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?Z)?")


def _plain_moment(text: str) -> datetime | None:
    """``text`` read without pydantic, when it is one of the plain forms (:data:`_PLAIN_MOMENT`)
    of a valid day in the years pmkit checks: the same moment the document's parser gives (a
    date is its midnight in UTC), for a command whose own process never imports pydantic (see
    :mod:`pmkit.early`). None for anything else, which that parser reads and explains."""
    if not _PLAIN_MOMENT.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:  # (30 February: the parser says what is wrong)
        return None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@functools.cache
def _now_reader() -> TypeAdapter[datetime]:
    from pydantic import TypeAdapter

    from pmkit.model import Timestamp

    return TypeAdapter(Timestamp)


def _within_years(moment: datetime, shown: str) -> datetime:
    """``moment`` (UTC if it has no zone), if it lies in the years pmkit checks, also in UTC."""
    if MIN_YEAR <= moment.year <= MAX_YEAR:
        moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        utc = moment.astimezone(timezone.utc)
        if MIN_YEAR <= utc.year <= MAX_YEAR:
            return moment
        # 1900-01-01 at +14:00 is written in 1900 but falls in 1899: say so, or "1900 is
        # outside 1900 to 2999" reads as nonsense.
        raise ConfigError(f"{shown} is {utc:%Y-%m-%d %H:%M} UTC, outside the years {MIN_YEAR} to {MAX_YEAR}")
    raise ConfigError(f"{shown} is outside the years {MIN_YEAR} to {MAX_YEAR}")


def resolve_now(now: Moment) -> datetime:
    """The reference time of a run: ``now`` as given (a date is its midnight UTC, whatever the
    settings' timezone, as for ``--now``; a time without a zone is UTC), else ``PMKIT_NOW``,
    else the clock."""
    if isinstance(now, date) and not isinstance(now, datetime):
        now = datetime(now.year, now.month, now.day)
    if isinstance(now, datetime):
        return _within_years(now, f"now: {now.isoformat()}")
    if now is not None and not isinstance(now, str):
        raise TypeError(f"now must be a datetime, a date or an ISO 8601 string, not {type(now).__name__}")
    if now == "":  # as --now "" is refused: an empty setting read as "the clock" hid a mistake
        raise ConfigError("now: needs a timestamp or a date, not an empty string (None: the clock)")
    if now:
        return parse_now(now, "now")  # (the command line checks --now itself, and says so)
    text = env_now()
    return parse_now(text, "PMKIT_NOW") if text else datetime.now(timezone.utc)


def internal_error(path: str, failed: str, exc: Exception) -> Diagnostic:
    """PM903: pmkit itself failed on this file (``failed`` says where: "reading the file", "rule
    PM301 (human-error)"); the run exits with code 2. Running out of memory is said as such: it
    is no bug to report, but a limit the run met (``ulimit -v``, a container's)."""
    if isinstance(exc, MemoryError):
        return Diagnostic(path, 1, 1, INTERNAL_ERROR, f"{failed} ran out of memory", name="internal-error",
                          hint="The run needed more memory than this process may use (a limit set "
                               "with ulimit -v, or a container's); check this file alone, or allow it "
                               "more memory.")
    return Diagnostic(path, 1, 1, INTERNAL_ERROR, f"{failed} failed: {exc!r}", name="internal-error",
                      hint="This is a bug in pmkit; please report it with the file (or a redacted copy).")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_at_a_time(method: Callable[Concatenate[Checker, _P], _R]) -> Callable[Concatenate[Checker, _P], _R]:
    """A Checker's call holds its lock: each call is a run with its own state (``self.run``),
    which calls from two threads at once replaced under each other (a shared Checker's
    ``check_text`` then gave one text's findings some of the other's). Calls from one thread
    nest (``check_files`` calls ``check_document``)."""
    @functools.wraps(method)
    def locked(self: Checker, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)
    return locked


def refuse_nul_path(path: str) -> None:
    """Raise :class:`ValueError` for the name of a text checked (``check_text``'s ``path``) with a
    NUL character, which no file's name has, as :func:`pmkit.check` refuses such a path: the
    text was checked under it as given, its format read from the suffix after the NUL. The NUL
    is shown escaped (as it is, it ended the line in a log)."""
    if "\x00" in path:
        raise ValueError(f"{path!r}: the path contains a NUL character")


class Checker:
    """Checks files with one configuration; reusable across calls (the API's workhorse).
    Threads may share one: their calls take turns (a Checker per thread checks in parallel)."""

    def __init__(self, config: Config | None = None, *, now: Moment = None) -> None:
        self.config = Config() if config is None else check_config(config)
        self.now = resolve_now(now)
        self.rules = self._instantiate()
        self.active = {rule.code for rule in self.rules}
        from pmkit.rules.loading import SCHEMA_CODES

        #: Whether the run validates documents: a rule of it needs the model, or shows what the
        #: schema finds. Else it never imports pydantic (the history hooks' runs).
        self.validates = any(rule.needs_model for rule in self.rules) or bool(self.active & SCHEMA_CODES)
        #: What the run's rules read of git (``GIT_LOG``, ``GIT_BASE``).
        self.git_read: frozenset[str] = frozenset().union(*(rule.git for rule in self.rules))
        self.run = RunState()
        #: The repository state the run's git reads were made in, when they may serve the next
        #: check_text (see _carry_git); None: they may not.
        self._git_state: tuple[Any, ...] | None = None
        self._lock = threading.RLock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()  # a lock is no state to copy or pickle
        del state["_lock"]
        state["_git_state"] = None  # the git reads (open processes) stay in this process
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    def _instantiate(self) -> list[Rule]:
        chosen = registry().selected(self.config)
        return [rule_cls(self.config.rules.get(rule_cls.code)) for rule_cls in chosen]

    @_one_at_a_time
    def check_paths(self, paths: Paths, *, jobs: int | None = None, split_rules: bool = False) -> Report:
        """Check files and folders. ``jobs``: worker processes (default: one per core, used
        only when there are enough files for the start-up cost to pay off, and, outside the
        command, only where they can be forked: see ``pmkit.workers.COMMAND``). ``split_rules``:
        with fewer files, a forked second process applies the text rules; that pays in a fresh
        process (the command), where every rule's start-up is still to be paid, not in one that
        checks again and again (the second process's warm-up is lost each time)."""
        files = discover(path_names(paths), self.config)
        # Each call is a run of its own: git evidence, file groups and "said once" notices
        # belong to these files (a Checker may be reused for other files).
        self.run = RunState(paths=files, base_only=self.git_read == {GIT_BASE})
        self._git_state = None
        report = Report(files=files, fail_on=self.config.fail_on)
        todo = self._worth_reading(files)
        workers = worker_count(len(todo), jobs)
        early = _early_child()
        if early is not None and not (split_rules and workers <= 1 and splits_rules(todo, jobs)
                                      and self.validates):
            early.close()  # (a run that validates nothing has nothing for the child to do)
            early = None
        if early is not None:
            report.extend(self._check_early(todo, early))
        elif workers > 1:
            report.extend(self._check_parallel(files, workers, spawn=may_spawn(jobs), todo=todo))
        elif split_rules and splits_rules(todo, jobs):
            report.extend(self._check_split(todo))
        else:
            report.extend(self.check_files(todo))
        return report

    def _worth_reading(self, files: list[str]) -> list[str]:
        """The files to read and check: all of them, unless every rule of the run reports only
        how a file changed since its base version (``Rule.changes_only``: the history rules
        alone, as the repository-wide hook runs them on every commit). Then a file identical to
        its base version is left unread: nothing in it changed, so they have nothing to say of
        it (its other problems are for the runs of the other rules)."""
        if not self.rules or not all(rule.changes_only for rule in self.rules):
            return files
        from pmkit.history import unchanged_files

        try:
            same = unchanged_files(self.run, self.config, files, self.config.max_file_size)
        except Exception:  # every file is read, and the rules say what went wrong
            return files
        return [name for name in files if name not in same]

    @_one_at_a_time
    def check_files(self, files: Sequence[str]) -> list[Diagnostic]:
        # One name is one file: a str was read as one-letter names, each reported unreadable.
        files = path_names(files, "files")
        found: list[Diagnostic] = []
        for doc in self._read(files, found):
            found.extend(self.check_document(doc))
        return found

    def _read(self, files: Sequence[str], found: list[Diagnostic]) -> Iterator[Document]:
        """The files' documents, one at a time; a file that cannot be read is PM903."""
        for name in files:
            try:
                doc = read_document(name, max_bytes=self.config.max_file_size)
            except Exception as exc:
                found.append(internal_error(name, "reading the file", exc))
                continue
            yield doc

    def _check_parallel(self, files: list[str], workers: int, *, spawn: bool = True,
                        todo: list[str] | None = None) -> list[Diagnostic]:
        """Split the files (those of them ``todo``, when given) into interleaved chunks, one per
        worker process.

        Each worker checks its chunk with the same settings and clock; run-wide evidence (git
        history) is read once per worker for every file of the run, never once per file.
        """
        todo = files if todo is None else todo
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from pmkit.forked import can_fork, interrupts_held

        # Fork only where it is safe, as for the rule split: not on macOS (its system libraries
        # may hold threads), not from a process with other threads. Spawned workers start
        # afresh and read the git history themselves.
        method = "fork" if can_fork() else "spawn"
        if method == "spawn" and not spawn:
            return self.check_files(todo)  # see pmkit.workers.COMMAND
        if method == "spawn" and not _main_can_be_imported():
            # A spawned worker starts by importing the program's main module: a script read
            # from stdin, `python -c` or an interactive session has none to import, and every
            # worker died at once (BrokenProcessPool from pmkit.check in a thread).
            return self.check_files(todo)
        chunks = [todo[i::workers] for i in range(workers)]
        inherited = None
        wanted = self.git_read
        if method == "fork":
            # Read the git history and what else rules read of the whole run once, here, with
            # every core, and hand it to the workers (forked, they share it) rather than have
            # each worker read all of it again.
            if wanted:
                from pmkit.history import prefetch

                prefetch(self.run, self.config, wanted)
            for rule in self.rules:
                rule.prepare(self.run, self.config)
            inherited = self.run.cache
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_inherit, initargs=(inherited, os.getpid()))
        try:
            with interrupts_held():  # the workers are forked here
                results = pool.map(_check_chunk, [(self.config, self.now, files, c) for c in chunks])
            found = [diag for chunk in results for diag in chunk]
        except (BrokenProcessPool, OSError):
            # A worker died before it could report (killed for memory, or a spawned worker
            # whose import of the main module failed), or could not be started (no fork for a
            # limit of processes, no pipe for one of open files): the files are checked here.
            _stop_workers(pool)
            return self.check_files(todo)
        except BaseException:
            # Ctrl-C, or a SIGINT sent to this process alone (a CI job cancelled, `timeout -s
            # INT`): the workers got none and would check their whole share first, which a
            # shutdown that waits for them turned into a run that went on for minutes.
            _stop_workers(pool)
            raise
        pool.shutdown()
        return _said_once(found, files)

    def _check_split(self, files: list[str]) -> list[Diagnostic]:
        """Few files, two cores: a forked child applies the text rules (``TEXT_FAMILIES``)
        while this process applies the rest; suppressions and settings are then applied to
        both shares here. The result is the same as ``check_files``; if the child fails, the
        text rules run here after all."""
        text = [rule for rule in self.rules if rule.code[:3] in TEXT_FAMILIES and not rule.git]
        own = [rule for rule in self.rules if rule not in text]
        if not _reads_git(own, files):
            kept = [rule for rule in text if rule.code[:3] in KEPT_WITHOUT_GIT]
            text = [rule for rule in text if rule not in kept]
            own = [rule for rule in self.rules if rule not in text]
        if not text or not own:
            return self.check_files(files)
        if self.validates:
            import pmkit.schema  # noqa: F401 (pydantic and the model, before the fork: both processes validate)
        from pmkit import forked

        found: list[Diagnostic] = []
        docs = list(self._read(files, found))  # read once, before the fork: both see the same bytes
        child = forked.start(lambda: self._findings_of(docs, text))
        if child is None:
            return found + [diag for doc in docs for diag in self.check_document(doc)]
        examined: list[tuple[int, Postmortem | None, list[Diagnostic]]] = []

        def examine(index: int) -> list[Diagnostic]:
            examined.append((index, *self._examine(docs[index], own)))
            return []

        def conclude(index: int, model: Postmortem | None, here: list[Diagnostic]) -> list[Diagnostic]:
            doc, share = docs[index], shares[index] if index < len(shares) else None
            if share is None and doc.ok:  # the child could not: apply the text rules here
                self.run.document.clear()
                share = list(self.apply_rules(doc, model, text))
            return self._conclude(doc, model is not None, here + list(share or ()))

        try:
            for index, doc in enumerate(docs):
                found.extend(_guarded(doc.path, examine, index))
            shares = child.result() or []
        finally:
            child.close()
        for index, model, own_found in examined:
            found.extend(_guarded(docs[index].path, conclude, index, model, own_found))
        return _said_once(found, files)

    def _check_early(self, files: list[str], early: Early) -> list[Diagnostic]:
        """Few files, two cores, a child started with the command (:mod:`pmkit.early`): the
        child, which has imported pydantic and the model meanwhile, validates the documents
        and applies every rule that needs the model; this process applies the rules that read
        the document as written (blameless phrasing, personal data, the loader's checks, the
        history rules). Inside a repository this process also reads what the child's rules
        would read of git, which they wait for (:meth:`_dates_ahead`, :meth:`_history_share`):
        it reads git for the history rules anyway, and the child has no git to import or wait
        for; the child then takes the clarity rules too (``CHILD_TAKES_WITH_GIT``), and for a
        hook's few files blameless phrasing and root-cause framing as well. Read plainly, a
        hook's few files keep the text rules here, but for one that will cost more than usual
        (:meth:`_costly`). Suppressions and settings are applied to both shares here. The
        result is the same as ``check_files``; what the child could not do is done here after
        all."""
        reads_git = _reads_git(self.rules, files)
        found: list[Diagnostic] = []
        docs = list(self._read(files, found))  # read once: both processes see the same bytes
        moved: frozenset[str] = frozenset()
        plainly = reads_git and _reads_git_plainly(files)
        if reads_git and not plainly:
            moved = CHILD_TAKES_WITH_GIT
            if len(files) <= FEW_WITH_GIT:
                moved |= CHILD_TAKES_WITH_GIT_FEW
        text = [rule for rule in self.rules
                if not rule.needs_model and (rule.git or rule.code[:3] not in moved)]
        if plainly and len(docs) <= FEW_WITH_GIT:
            text = [rule for rule in text if rule.git or not self._costly(rule, docs)]
        rest = [rule for rule in self.rules if rule not in text]
        from pmkit.gitdates import KNOWN

        sent = early.send(self.config, self.now, self.run.paths, docs, [rule.code for rule in rest])
        ahead: dict[str, Any] = {}
        try:
            # The history rules first: they read the base versions, and import gitpython for
            # it, as the git dates do. Then the dates, unless git is still writing the log they
            # are read from (a long history): the other rules are applied while it does.
            history = [rule for rule in text if rule.git]
            new_corrections = reads_git and any(GIT_BASE in rule.git for rule in rest)  # (PM608)
            texts = [_guarded(doc.path, self._history_share, doc, history, new_corrections, ahead)
                     for doc in docs]

            def send_ahead() -> None:
                if sent:
                    early.send_ahead({**ahead, KNOWN: self._dates_ahead(docs, rest, reads_git)})

            dates_first = not _log_pending()
            if dates_first:
                send_ahead()
            for index, doc in enumerate(docs):
                texts[index] += _guarded(doc.path, self._text_share, doc, [r for r in text if not r.git])
            if not dates_first:
                send_ahead()
            # The files' suppressions, read while the child is still at work (for one file,
            # 1-2 ms less between its findings coming and the report).
            comments = [_suppressions_in(doc) for doc in docs]
            if sent:
                _save_kept()
            shares = early.result() if sent else None
        finally:
            early.close()

        def conclude(index: int) -> list[Diagnostic]:
            doc = docs[index]
            share = shares[index] if shares is not None and index < len(shares) else None
            if share is None:  # the child could not: its share here
                self.run.document.clear()
                model, here = self._examine(doc, rest)
                share = (model is not None, here)
            made_model, here = share
            return self._conclude(doc, made_model, here + texts[index], comments[index])

        for index, doc in enumerate(docs):
            found.extend(_guarded(doc.path, conclude, index))
        return _said_once(found, files)

    def _costly(self, rule: Rule, docs: list[Document]) -> bool:
        """Whether ``rule`` will cost more than usual on one of ``docs`` (:meth:`Rule.costly`):
        in a hook's run in a plain repository, where this process reads git and keeps the text
        rules, the child of :meth:`_check_early` then applies it. Its share ends 20-30 ms before
        this one's when a summary was just edited (the readability score is not kept), and
        scoring it takes 10-20 ms (docs/performance.md, "A hook's file just edited, and the
        history hook, third round")."""
        for doc in docs:
            if not doc.ok:
                continue
            ctx = Context(doc=doc, pm=None, config=self.config, now=self.now, run=self.run)
            try:
                if rule.costly(ctx):
                    return True
            except Exception:  # (the rule, applied, says what went wrong)
                return False
        return False

    def _dates_ahead(self, docs: list[Document], rules: list[Rule],
                     in_repository: bool) -> dict[tuple[str, bool], FileDates]:
        """The git dates the disclosure rules among ``rules`` will ask for ``docs``
        (:func:`pmkit.gitdates.read_ahead`); none when no such rule runs or no file is in a
        repository (``in_repository``). Whether a file's versions are walked (for when it
        first said ``published``) is decided as those rules decide it
        (:func:`pmkit.gitdates.walks_versions`)."""
        if not in_repository or not any(GIT_LOG in rule.git for rule in rules):
            return {}
        from pmkit.gitdates import read_ahead, walks_versions

        try:
            return read_ahead(self.run, [(doc.path, walks_versions(doc.data)) for doc in docs if doc.ok])
        except Exception:  # (the child's rules read what they need, and say what went wrong)
            return {}

    def _history_share(self, doc: Document, rules: list[Rule], new_corrections: bool,
                       ahead: dict[str, Any]) -> list[Diagnostic]:
        """The history rules' findings (``rules``, which need no model) in ``doc``; and, with
        ``new_corrections``, which of its corrections PM608 checks (its base version is read
        here), into ``ahead`` for the child, where PM608 applies (it needs the model)."""
        found = self._text_share(doc, rules)
        corrections = doc.data.get("corrections") if isinstance(doc.data, dict) else None
        if new_corrections and doc.ok and isinstance(corrections, list) and corrections:
            from pmkit.rules.history import NEW_CORRECTIONS
            from pmkit.rules.history import new_corrections as read

            # As PM608 reads it there: the document as the model sees it, after the history
            # rules (whose comparison of the file with its base version it shares).
            ctx = Context(doc=doc.rule_view(), pm=None, config=self.config, now=self.now, run=self.run)
            with contextlib.suppress(Exception):  # (PM608 reads it there, and says what failed)
                ahead.setdefault(NEW_CORRECTIONS, {})[doc.path] = read(ctx)
        return found

    def _text_share(self, doc: Document, rules: list[Rule]) -> list[Diagnostic]:
        """What ``rules``, which need no model, find in ``doc`` (nothing in one that did not parse)."""
        self.run.document.clear()
        return list(self.apply_rules(doc, None, rules)) if doc.ok else []

    def _findings_of(self, docs: list[Document], rules: list[Rule]) -> list[list[Diagnostic] | None]:
        """What ``rules`` find in each document, before suppressions (the child's share of a
        split run); None for a document that failed here, which the parent then checks itself."""
        shares: list[list[Diagnostic] | None] = []
        for doc in docs:
            try:
                self.run.document.clear()
                model, _ = self.validate(doc)
                shares.append(list(self.apply_rules(doc, model, rules)) if doc.ok else [])
            except Exception:
                shares.append(None)
        return shares

    @_one_at_a_time
    def check_text(self, text: str, path: str | os.PathLike[str] = "<string>") -> list[Diagnostic]:
        return self._check_text(text, path)

    @_one_at_a_time
    def _check_text(self, text: str, path: str | os.PathLike[str],
                    values: dict[FieldPath, Any] | None = None, *,
                    stands_for: str | None = None) -> list[Diagnostic]:
        """:meth:`check_text`; ``values``: for :func:`pmkit.validate`, values set in code that its
        text could not hold (written there as empty values), put in the document's data at their
        paths for the schema to report. ``stands_for``: the file the text is a version of (a
        model's, for :func:`pmkit.validate`), which its id does not duplicate (PM027)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        path = os.fspath(path) if isinstance(path, os.PathLike) else path
        if not isinstance(path, str):
            raise TypeError(f"path must be a str or os.PathLike[str], not {type(path).__name__}")
        refuse_nul_path(path)
        # A run of its own, as each check_paths call is: the run's notices said once (PM413,
        # PM600), the ids of the configured folders' files (PM027) and the git evidence were
        # kept from the Checker's first text, so a second text was told none of the notices, and
        # was compared with files since removed or changed.
        previous, self.run = self.run, RunState(paths=[path])
        if stands_for is not None:
            self.run.cache[STANDS_FOR] = stands_for
        self._carry_git(previous, path)
        # A text is held to max-file-size as a file is (PM006): a chat export of 30 MB pasted into a
        # service that lints texts kept it busy for minutes.
        if (refused := text_too_large(text, path, self.config.max_file_size)) is not None:
            return self.check_document(refused)
        markdown = Path(path).suffix.lower() in MARKDOWN_SUFFIXES
        if markdown and split_front_matter(text) is None and not text.strip():
            markdown = False
        elif "." not in Path(path).name:
            # No file name that says the format ("<string>", "draft"): the text says it. (A name
            # with another suffix is read as a file of that name is, and told what to rename.)
            markdown = looks_like_markdown(text)
        doc = parse_text(text, path, markdown=markdown)
        for where, value in (values or {}).items():
            parent = value_at(doc.data, where[:-1]) if where else None
            if isinstance(parent, (dict, list)) and where[-1] in (parent if isinstance(parent, dict)
                                                                   else range(len(parent))):
                parent[where[-1]] = value  # type: ignore[index]
        return self.check_document(doc)

    def _carry_git(self, previous: RunState, path: str) -> None:
        """Keep the previous check_text's git reads (history, base versions, renames) for this
        one when they were made for the same path in the same repository state: an editor or a
        bot that checks a document on every change started six git processes for each call,
        to read again what had not changed. A commit, a staged change or another base (HEAD, the
        index, --base, PRE_COMMIT_FROM_REF) is a new state, read anew. What the working tree
        holds (the folders' files, their ids) is read on every call, as before. Reads that say
        git failed are not kept: a git that did not answer in time once (a busy machine) was
        "git log failed" in every later call, until the repository changed."""
        state = _repository_state(path, self.config.base)
        kept = {key: value for key, value in previous.cache.items() if key.startswith(_GIT_READS)}
        if state is not None and state == self._git_state and not any(map(_git_failed, kept.values())):
            self.run.cache.update(kept)
        self._git_state = state

    @_one_at_a_time
    def check_document(self, doc: Document) -> list[Diagnostic]:
        if not isinstance(doc, Document):  # "'str' object has no attribute 'path'" named no fix
            how = "check_text(text, path) checks a text" if isinstance(doc, str) else \
                "pmkit.loader.read_document(path) and parse_text(text, path) make one"
            raise TypeError(f"doc must be a pmkit.Document, not {type(doc).__name__} ({how})")

        def examined() -> list[Diagnostic]:
            model, found = self._examine(doc, self.rules)
            return self._conclude(doc, model is not None, found)

        return _guarded(doc.path, examined)

    def _examine(self, doc: Document, rules: Sequence[Rule]) -> tuple[Postmortem | None, list[Diagnostic]]:
        """Validate the document and apply ``rules``: the findings before suppressions."""
        self.run.document.clear()
        model, found = self.validate(doc)
        found = list(doc.diagnostics) + found
        if doc.ok:
            found.extend(self.apply_rules(doc, model, rules))
        return model, found

    def _conclude(self, doc: Document, made_model: bool, found: list[Diagnostic],
                  suppressions: list[Suppression] | None = None) -> list[Diagnostic]:
        """Apply the run's selection, the file's suppressions (``suppressions``, when they were
        read already) and the severity settings."""
        found = [d for d in found if self._shown(doc, d)]
        if doc.aliases:
            found = _at_aliases(doc, found)
        # A suppression is "unused" only for rules that looked at the file: none when it could
        # not be parsed, and only those that need no model when the schema rejected it.
        ran = {r.code for r in self.rules if doc.ok and (made_model or not r.needs_model)}
        from pmkit.suppress import apply_suppressions  # (here: the early child concludes nothing)

        found = apply_suppressions(doc, found, active=ran, shown=self.active.__contains__,
                                   suppressions=suppressions)
        return self._finish(doc, _in_entries(doc, found))

    def _shown(self, doc: Document, diag: Diagnostic) -> bool:
        """Whether the run's selection shows ``diag``: a selected rule's finding; and, unless
        ignored by name, pmkit's own failure (PM903) and the error that kept a file from being
        read at all (no selected rule looked at that file, and a run that passed it in silence,
        ``--select PM301`` of a file that does not parse, exit 0, hid it)."""
        if diag.code in self.active or diag.code not in registry().by_code:
            return True
        # PM903 is in the catalogue (it has a page), so a run that did not select it (the
        # pmkit-history hook's --select PM0,PM6) dropped a rule's failure and passed, exit 0.
        return ((diag.code == INTERNAL_ERROR or (not doc.ok and diag.severity is Severity.ERROR))
                and not any(selects(s, diag.code, diag.name) for s in self.config.ignore))

    def validate(self, doc: Document) -> tuple[Postmortem | None, list[Diagnostic]]:
        if not doc.ok or not self.validates:
            return None, []
        from pmkit.schema import validate_document

        return validate_document(doc, team_zone=team_timezone(self.config))

    def apply_rules(self, doc: Document, model: Postmortem | None,
                    rules: Sequence[Rule] | None = None) -> Iterable[Diagnostic]:
        """Apply ``rules`` (default: all of the run's) to a loaded, validated document."""
        # Model rules see the document as the model does (invalid list items left out);
        # raw-data rules (needs_model=False) see the file as written.
        view = doc.rule_view()
        ctx = Context(doc=doc, pm=model, config=self.config, now=self.now, run=self.run)
        for rule in self.rules if rules is None else rules:
            if rule.needs_model and model is None:
                continue
            ctx.doc = view if rule.needs_model else doc
            ctx.rule = rule
            try:
                # Materialise inside the try, so that a rule failing halfway is caught here.
                yield from list(rule.check(ctx))
            except ConfigError:
                raise  # a settings problem is the user's to fix: exit 2 with its message
            except Exception as exc:  # one broken rule must not hide every other finding
                yield internal_error(doc.path, f"rule {rule.code} ({rule.name})", exc)

    def _finish(self, doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
        overrides = self.config.severity
        out = [replace(d, severity=overrides[d.code]) if d.code in overrides else d for d in found]
        out = _ending_inside(doc, out)
        out = [replace(d, message=_bounded(d.message)) if len(d.message) > MAX_MESSAGE else d for d in out]
        out = self._masked(out)
        # One finding per place and message, even when two views of the same text (a Markdown
        # section and the field it fills) both reach it.
        unique = {(d.path, d.line, d.col, d.code, d.message): d for d in reversed(out)}
        return sorted(unique.values(), key=lambda d: (d.path, d.line, d.col, d.code, d.message))


    def _masked(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """``found`` with the secrets and personal data their messages, hints and data quote (a
        value the schema refused, a comment's excerpt, a field's old and new values) masked as
        PM505-PM507 mask them (:func:`pmkit.privacy.masked`): a finding of any rule must not
        repeat a leak in a CI log.
        Values the team allows (``[tool.pmkit.clarity] allow``) stay as written."""
        if not found:
            return found  # (a clean file imports nothing for it)
        from pmkit import privacy
        from pmkit.rules.clarity import allowlist

        allow = allowlist(self.run, self.config)
        def mask(value: Any) -> Any:
            # The values of a finding's data (PM601/PM602 put a field's old and new values
            # there, which --format json prints), through dicts, lists, tuples and sets, each of
            # its own type; the same object where nothing changed.
            if isinstance(value, str):
                return privacy.masked(value, allow)
            if isinstance(value, dict):
                items = {key: mask(item) for key, item in value.items()}
                return value if all(items[k] is value[k] for k in value) else items
            if isinstance(value, (list, tuple, set, frozenset)):
                parts = [mask(item) for item in value]
                if all(new is old for new, old in zip(parts, value, strict=True)):
                    return value
                if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
                    return type(value)(*parts)
                kind = next(base for base in (list, tuple, set, frozenset) if isinstance(value, base))
                return kind(parts)  # (a subclass of one, as its base: the values matter, not the class)
            return value

        out = []
        for d in found:
            if d.code not in _MASKING:
                message = privacy.masked(d.message, allow)
                hint = privacy.masked(d.hint, allow) if d.hint else d.hint
                data = mask(d.data) if d.data else d.data
                if (message, hint) != (d.message, d.hint) or data is not d.data:
                    d = replace(d, message=message, hint=hint, data=data)
            out.append(d)
        return out


#: The rules whose messages show what they find masked already.
_MASKING = frozenset({"PM505", "PM506", "PM507"})


#: The keys of a run's cache that hold what git says of the committed history and the index
#: (pmkit.history, pmkit.gitdates, pmkit.rules.history), which a Checker's next check_text of the
#: same path may keep while the repository's state is the same.
_GIT_READS = ("git-", "gitdates-repository:", "history-converted:")
#: What a git read (pmkit.history's evidence of a repository, or the base version read with
#: it) says when git failed: why there is no history, why versions could not be read, why the
#: renames could not be told.
_GIT_FAILURES = ("problem", "stalled", "renames_failed")


def _git_failed(read: Any) -> bool:
    """Whether a git read of a run says git failed, itself or in the evidence it was read with."""
    return any(getattr(part, name, None) for part in (read, getattr(read, "evidence", None))
               for name in _GIT_FAILURES)


def _repository_state(path: str, base: str | None) -> tuple[Any, ...] | None:
    """What the git reads of a check of ``path`` depend on, read from the files git keeps (no
    git process): the repository, its HEAD and the commit it names, the index (its time and
    size), the refs (the time of each folder of loose refs, which git changes as it replaces a
    ref: a commit on another branch, a fetch or a push, which the reads of what is unpushed
    see), the packed refs, the list of a shallow clone's boundary commits (``git fetch
    --unshallow`` or ``--deepen`` adds history and moves no ref), and the base asked for. None
    where that cannot be told this way (no repository, GIT_DIR and the like set, refs kept in
    a reftable, whose files change in place): then nothing is kept."""
    from pmkit.discovery import GIT_PLACES
    from pmkit.gitplace import repository_key

    if any(os.environ.get(name) for name in GIT_PLACES):
        return None
    try:
        root = repository_key(path)
        if not root:
            return None
        git = Path(root) / ".git"
        if git.is_file():  # a worktree or a submodule: "gitdir: <where>"
            git = Path(root) / git.read_text(encoding="utf-8").removeprefix("gitdir:").strip()
        common = git / (git / "commondir").read_text(encoding="utf-8").strip() \
            if (git / "commondir").is_file() else git
        if (common / "reftable").exists():  # HEAD names no branch there, and no refs folder moves
            return None
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        ref = head.removeprefix("ref:").strip() if head.startswith("ref:") else ""
        named = next((place.read_text(encoding="utf-8").strip() for place in (git / ref, common / ref)
                      if ref and place.is_file()), "")
        stamps = [(place.stat().st_mtime_ns, place.stat().st_size) if place.exists() else None
                  for place in (git / "index", common / "packed-refs", common / "shallow")]
        refs = tuple((folder, os.stat(folder).st_mtime_ns) for folder, _, _ in os.walk(common / "refs"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    # The file the path names, not the name: the same relative name from another working folder
    # is another file, and the reads kept were of the first one's history.
    return (os.path.abspath(path), root, head, named, *stamps, refs, base,
            os.environ.get("PRE_COMMIT_FROM_REF"))


def _in_entries(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    """Findings in list entries with the entries named (:attr:`Diagnostic.entry`): what tells
    identical findings in two timeline entries or action items apart in a baseline and in
    fingerprints, where their positions change when an entry is added above them."""
    names: dict[str, str] = {}
    out: list[Diagnostic] = []
    for diag in found:
        if "[" in diag.field and not diag.entry and diag.path == doc.path and doc.ok:
            name = names.get(diag.field)
            if name is None:
                name = names[diag.field] = entry_of(doc.data, diag.field)
            diag = replace(diag, entry=name)
        out.append(diag)
    return out


def _ending_inside(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    """Findings in ``doc`` whose end lies past its text ending there instead: at the end of its
    last line (its length + 1). A finding that covers a whole document, or a block up to the
    document's final line break, ended at column 1 of the line after the last one, which is no
    line of the file ("end_line": 3 in a file of two lines). Findings that start past the text
    are left as they are: the file could not be read into it (its PM004 or PM005 says where)."""
    lines: list[str] | None = None
    out: list[Diagnostic] = []
    for diag in found:
        if diag.end_line is not None and diag.path == doc.path:
            if lines is None:  # (a final line break ends the last line: none follows it)
                lines = text_lines(doc.text)
                lines = lines[:-1] if len(lines) > 1 and not lines[-1] else lines
            last = (len(lines), len(lines[-1]) + 1)
            start_inside = (diag.line, diag.col) <= last
            if start_inside and (diag.end_line, diag.end_col or 1) > last:
                diag = replace(diag, end_line=last[0], end_col=last[1])
        out.append(diag)
    return out


def _at_aliases(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    """Findings placed at an alias written as a value (``owner: *lead``) say which value it
    stands for: the value quoted in the message is written at the anchor, not at the alias."""
    told: dict[tuple[int, int, int | None, int | None], tuple[str, int]] = {
        (span.line, span.col, span.end_line, span.end_col): alias
        for path, alias in doc.aliases.items() if (span := doc.value_spans.get(path)) is not None}
    out: list[Diagnostic] = []
    for diag in found:
        alias = told.get((diag.line, diag.col, diag.end_line, diag.end_col))
        if alias is not None and diag.path == doc.path:
            diag = replace(diag, message=f"{diag.message} (the alias '*{alias[0]}' stands for the value "
                                         f"anchored on line {alias[1]})")
        out.append(diag)
    return out


#: Messages quote the author's values; one of megabytes (a 5,000-digit number, a line of a
#: whole file) would flood every output. The longest real messages have some 300 characters.
MAX_MESSAGE = 1000


def _bounded(message: str) -> str:
    from pmkit.console import clipped

    return clipped(message, MAX_MESSAGE - 100)


def _save_kept() -> None:
    """Write what the command keeps between runs (:mod:`pmkit.patterncache`: patterns, findings,
    a hook's file as it is now) while the early child is still at work, not after the report:
    this process's share is done. (What it keeps later, doing a share the child failed to do, is
    written when the command ends, as usual.)"""
    kept = sys.modules.get("pmkit.patterncache")
    if kept is not None:
        with contextlib.suppress(Exception):  # (a cache that cannot be written is not written)
            kept.save()


def _suppressions_in(doc: Document) -> list[Suppression] | None:
    """The suppressions of ``doc``, read ahead of :meth:`Checker._conclude`; None where reading
    them failed (it reads them again, and says what went wrong)."""
    from pmkit.suppress import find_suppressions

    try:
        return find_suppressions(doc)
    except Exception:
        return None


def _guarded(path: str, check: Callable[..., list[Diagnostic]], *args: Any) -> list[Diagnostic]:
    """``check(*args)``, or PM903 if pmkit failed on the file; a settings problem is the user's
    to fix and stops the run (exit 2 with its message)."""
    try:
        return check(*args)
    except ConfigError:
        raise
    except Exception as exc:
        return [internal_error(path, "checking the file", exc)]


def _said_once(found: list[Diagnostic], files: list[str]) -> list[Diagnostic]:
    """Notices said once per run (``ctx.report(once=...)``) come once from each process of a
    split run: keep the one for the earliest file, as a single process would."""
    order = {name: index for index, name in enumerate(files)}
    kept: dict[str, Diagnostic] = {}
    rest: list[Diagnostic] = []
    for diag in found:
        key = dict(diag.data).get("once")
        if key is None:
            rest.append(diag)
        elif key not in kept or order.get(diag.path, 0) < order.get(kept[key].path, 0):
            kept[key] = diag
    return rest + list(kept.values())


def _early_child() -> Early | None:
    """The child the command started for the model's share (:mod:`pmkit.early`), taken by the
    one run that may use it; None outside the command, or when it started none."""
    early = sys.modules.get("pmkit.early")
    return early.take() if early is not None else None


def model_shares(config: Config, now: datetime, files: list[str], docs: list[Document],
                 codes: list[str], ahead: Callable[[], dict[str, Any]]) -> list[Share]:
    """The child's work in :meth:`Checker._check_early`: validate ``docs`` (of the run's
    ``files``) and apply the rules ``codes``, as one process would, with what the parent reads
    of git meanwhile (``ahead`` waits for it, :meth:`RunState.ahead`: the rules that read git
    are applied last); None for a document this failed on, which the parent then checks itself
    (and reports, if it fails there too)."""
    checker = Checker(config, now=now)
    checker.run.paths = files
    checker.run.waiting = ahead
    rules = [rule for rule in checker.rules if rule.code in codes]
    rules.sort(key=lambda rule: bool(rule.git))  # (stable: the catalogue's order otherwise)
    shares: list[Share] = []
    for doc in docs:
        try:
            model, found = checker._examine(doc, rules)
        except Exception:
            shares.append(None)
            continue
        shares.append((model is not None, found))
    return shares


#: Run-wide values a worker process starts with (the parent's git data, when forked).
_INHERITED: dict[str, Any] = {}


def _log_pending() -> bool:
    """Whether the git log started for the run's files (:mod:`pmkit.headstart`) is still being
    written; not imported, no log was started."""
    started = sys.modules.get("pmkit.headstart")
    return started is not None and bool(started.pending())


def _reads_git(rules: Sequence[Rule], files: Sequence[str]) -> bool:
    """Whether applying ``rules`` to ``files`` waits for git: a rule that reads it is on and a
    file is in a repository (or GIT_DIR names one). Found as :func:`pmkit.history.open_repository`
    finds it, without gitpython; when in doubt, yes."""
    if not any(rule.git for rule in rules):
        return False
    from pmkit.gitplace import in_no_repository

    try:
        return any(not in_no_repository(name) for name in files)
    except (OSError, ValueError, RuntimeError):
        return True


def _reads_git_plainly(files: Sequence[str]) -> bool:
    """Whether this process reads the git of ``files`` without importing gitpython (a hook's few
    files in a plain repository, :func:`pmkit.history.opened_without_gitpython`): its share is
    then as light as without git, and it keeps the text rules it hands the child otherwise."""
    from pmkit.history import opened_without_gitpython

    try:
        return opened_without_gitpython(files)
    except (OSError, ValueError, RuntimeError):
        return False


def _main_can_be_imported() -> bool:
    """Whether a spawned process can import this program's main module, as it must first."""
    import sys

    main = sys.modules.get("__main__")
    if main is None:
        return False
    if getattr(main, "__spec__", None) is not None:  # python -m ...
        return True
    file = getattr(main, "__file__", None)
    return isinstance(file, str) and os.path.isfile(file)


def _stop_workers(pool: Any) -> None:
    """End a process pool's workers now, not after the work they were given, and let the pool's
    own thread finish with them: it closes the pool's pipes as it sees its workers gone, and
    left at it, it raced Python's exit (multiprocessing's exit handler closes the same pipes),
    which made a run interrupted by SIGINT print "Exception in thread ... Bad file descriptor"
    (about one in fifty)."""
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14
    if stop is not None:
        stop()
        return
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
        manager.join(timeout=_POOL_THREAD_WAIT)


#: How long a stopped pool's own thread is waited for (it ends in milliseconds once its workers
#: are gone: see :func:`_stop_workers`).
_POOL_THREAD_WAIT = 5.0


def _inherit(cache: dict[str, Any] | None, parent: int) -> None:
    """Worker initializer: keep what the parent read for the run (not pickled under fork), and
    end with the parent: a worker of a killed run (SIGTERM, SIGKILL) otherwise waits for work
    for ever, holding the pipe the run's output went to, so the pipeline never ends either."""
    from pmkit.forked import detach, release_interrupts

    release_interrupts()
    detach(parent)
    _INHERITED.clear()
    _INHERITED.update(cache or {})


def _check_chunk(job: tuple[Config, datetime, list[str], list[str]]) -> list[Diagnostic]:
    config, now, all_files, chunk = job
    checker = Checker(config, now=now)
    checker.run.paths = all_files
    checker.run.cache.update(_INHERITED)
    return checker.check_files(chunk)


def check(paths: Paths | None = None, config: Config | None = None, *, now: Moment = None) -> Report:
    """Check postmortem files and folders. ``None`` (the default) checks the configured
    folders (none configured, or a wildcard pattern there, is a :class:`ConfigError` at the
    setting's place, as for ``pmkit check``); an empty list checks nothing, as a list of changed
    files that holds none should.

    Configuration is found upward from the first path when not given.

    A path that cannot be looked at, a missing one above all, is a usage error, as for ``pmkit
    check`` (which exits 2 with the same words): :class:`FileNotFoundError` (``nope: no such file
    or folder``), or the OSError of the reason (a folder above it that may not be entered, a
    symbolic link in a loop); a path with a NUL character is a :class:`ValueError` (``'x\\x00':
    the path contains a NUL character``), and so is the root of the file system (``/: is the root
    of the file system, ...``: its walk would read every folder of the machine). A file that is
    there but cannot be read is a finding (PM004).
    """
    given = None if paths is None else path_names(paths)  # bytes too, as os takes them
    _refuse_texts(given or [])
    config = load_config(start=Path(given[0]) if given else None) if config is None else check_config(config)
    configured = given is None
    if given is None:  # as the command's: none configured, or a pattern, is a settings error
        given = configured_paths(config)
    _refuse_unusable(given, configured, config)
    if configured:
        # Named as pmkit check names them (relative to the current folder when inside it), so that
        # str(diag) is the command's line; the errors above keep the full name.
        given = [shorter_path(path) for path in given]
    return Checker(config, now=now).check_paths(given)


def _refuse_texts(paths: list[str]) -> None:
    """Raise :class:`ValueError` for a postmortem's text given where a file's name is meant
    (:func:`pmkit.discovery.text_given_as_path`): it was an OSError, "file name too long", from
    deep inside."""
    from pmkit.discovery import text_given_as_path

    for path in paths:
        if (why := text_given_as_path(path)) is not None:
            raise ValueError(f"a path {why} and names no file: pmkit.check_text(text) checks a postmortem "
                             "given as text")


def _refuse_unusable(paths: list[str], configured: bool = False, config: Config | None = None) -> None:
    """Raise for the first path the command refuses with exit 2 (``pmkit: nope: no such file or
    folder``): a report that held it as a finding (PM004) in a file said exit 1, of a
    postmortem that is not there, and a script that gated on it told a typo from a bad
    postmortem by neither. A configured folder that is not there says what to do, as the
    command's next line does (``configured``: the paths are the settings', none were given)."""
    from pmkit.discovery import is_file_system_root, walk_problem

    for path in paths:
        # (an empty name stays PM004 "no file name given": it names no path to look for)
        why = walk_problem(path) if path else None
        if why is None:
            continue
        try:
            os.stat(path)
        except OSError as exc:  # the kind of error that stat raised, with the command's words alone
            gone = configured and isinstance(exc, FileNotFoundError) and not os.path.lexists(path)
            said = no_folder_advice(config) if config is not None else NO_FOLDER_ADVICE
            advice = f"; {said}" if gone else ""  # (not for a link to nothing: fix the link)
            raise type(exc)(f"{path}: {why}{advice}") from None
        except ValueError:  # a NUL in the name, shown escaped: as it is, it ended the line in a log
            raise ValueError(f"{path!r}: {why}") from None
        # (stat found it after all: it came back since path_problem looked, and is checked)
        if is_file_system_root(path):  # (there, but not to be walked: every folder of the machine)
            raise ValueError(f"{path}: {why}")
