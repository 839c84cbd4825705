"""Baseline files: accept the findings a repository already has, and hold it to new ones.

``pmkit check --write-baseline .pmkit-baseline.json`` records every current finding;
``pmkit check --baseline .pmkit-baseline.json`` then leaves those out. A finding is identified
by its file (relative to the baseline's folder), code, field path (without list positions)
and message, never by its line: an edit elsewhere in the file moves lines and list entries
but does not bring old findings back. Line numbers, byte offsets and list positions inside
messages ("first defined on line 12", "at offset 2337", "'timeline[2].event' ends at ...") are
masked for the same reason, and so is what a message counts from the run's clock ("240 days
4 h ago", "328 days overdue"): a finding recorded today is the same finding tomorrow.

Identical findings in different list entries are told apart by the entries they are in, named
by what identifies them rather than by position (``entry``: ``timeline[at=2026-03-02T10:07:00Z]``,
``action_items[id=AI3]``, a lesson by its text; see :func:`pmkit.loader.entry_of`): a new one
added in an entry above an old one is new, and the old one stays known. Identical findings in
the same field of the same entry are counted: two need two entries, a third one is new. A
recorded finding whose entry is still in the file but no longer has it was fixed, and matches
no other entry's finding. A recorded finding whose entry is not found again (its time
corrected, its id renamed), or one
recorded before entries were written (a baseline of an earlier pmkit), is matched as before:
by file, code, field and message, first to the finding at the field's recorded position
(``timeline[1].event``), then to the others in the order of the file.

The file is JSON, versioned, sorted and stable, so it diffs well in review::

    {"version": 1, "generator": "pmkit 0.1.0",
     "findings": [{"path": "postmortems/2019-01-07-db.yaml", "code": "PM701",
                   "name": "...", "field": "action_items[0].owner",
                   "entry": "action_items[id=AI1]", "message": "..."}]}

``entry`` is written for findings in list entries only; an earlier pmkit reads the file and
leaves it out (it matches those findings by their order in the file, as it always did).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pmkit.config import ConfigError, too_long_number
from pmkit.diagnostics import Diagnostic, Report
from pmkit.fsutil import PERMISSION_ADVICE, read_regular
from pmkit.loader import not_utf8

BASELINE_VERSION = 1
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_NUMBERS = re.compile(r"\b(lines?|Zeilen?|offset) \d+(?:\s*[-–]\s*\d+)?")
#: A list position in a field named in a message: ``'timeline[2].event' ends at ...``.
_MESSAGE_INDEX = re.compile(r"(?<=\w)\[\d+\]")
#: What a message counts from the run's clock, which moves between runs: a deadline missed
#: "240 days 4 h ago" (as :func:`pmkit.calendar.human_duration` writes it), an item "328 days
#: overdue", a time in the future "(now is 2026-11-25 12:00 UTC)".
_FROM_NOW = re.compile(
    r"\b(?:\d+ days?(?: \d+ h)?|\d+ h(?: \d+ min)?|\d+ min|\d+ s|less than a second)(?= ago\b)"
    r"|\b\d+ days?(?= overdue\b)"
    r"|(?<=\(now is ).*(?=\)$)")


#: The base a history finding compares with, as it was named (``--base HEAD~2``, the commit's
#: digits, a branch, PRE_COMMIT_FROM_REF, "(merge base ...)" after it): one base named two ways
#: (a push's run and a pull request's) is one finding.
_BASE_LABEL = re.compile(
    r"(?<=\bpublished \()[^()]*(?: \(merge base [0-9a-f]+\))?(?=\))"
    r"|(?:(?<=\(published in )|(?<=\bversion in ))[^\s();,]+(?: \(merge base [0-9a-f]+\))?")


#: How many timeline entries a message counts (PM111's "none of the 4 timeline entries", PM113's
#: "the timeline has 2 entries"): an entry added leaves the finding the same finding, where an
#: accepted one came back as new.
_ENTRY_COUNT = re.compile(r"(?:(?<=\bnone of the )|(?<=\bthe timeline has ))\d+ (timeline )?entr(?:y|ies)\b")


def normalise_message(message: str) -> str:
    """The message with line numbers, byte offsets, list positions, what counts from now and
    the base's name masked: ``on line 12`` → ``on line N``, ``at offset 2337`` → ``at offset
    N``, ``notifications[3] gives`` → ``notifications[] gives``, as the field is matched without
    them; ``240 days 4 h ago`` → ``N ago``, ``328 days overdue`` → ``N overdue``; ``since it
    was published (HEAD~1)`` → ``since it was published (BASE)``; ``the timeline has 2
    entries`` → ``the timeline has N entries``."""
    message = _BASE_LABEL.sub("BASE", _FROM_NOW.sub("N", message))
    message = _ENTRY_COUNT.sub(lambda m: f"N {m.group(1) or ''}entries", message)
    return _MESSAGE_INDEX.sub("[]", _LINE_NUMBERS.sub(lambda m: f"{m.group(1)} N", message))


@dataclass(frozen=True)
class Entry:
    """One finding recorded in a baseline file, as it is matched again."""

    path: str
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class Recorded:
    """One finding of a baseline file: its identity, the entries its field is in (None when the
    row does not say: written by an earlier pmkit) and its field as written, with positions."""

    key: Entry
    entry: str | None
    field: str


def _relative(path: str, base: Path) -> str:
    from pmkit.formats.paths import absolute, is_pseudo

    if is_pseudo(path):
        return path
    full, folder = absolute(path), absolute(base)
    try:
        return full.relative_to(folder).as_posix()
    except ValueError:
        return Path(os.path.relpath(full, folder)).as_posix()


_LIST_INDEX = re.compile(r"\[\d+\]")


def field_key(field: str) -> str:
    """The field path without list positions: ``timeline[3].event`` → ``timeline[].event``.
    An entry inserted above (a new first timeline entry) moves the positions of the others,
    as an edit moves lines; neither brings accepted findings back."""
    return _LIST_INDEX.sub("[]", field)


def entry(diag: Diagnostic, base: Path) -> Entry:
    return Entry(_relative(diag.path, base), diag.code, field_key(diag.field),
                 normalise_message(diag.message))


def baseline_text(diagnostics: list[Diagnostic], base: Path, kept: list[dict[str, str]] | None = None) -> str:
    """The baseline file recording ``diagnostics``, and the rows ``kept`` of the one it replaces."""
    from pmkit import __version__

    rows = sorted(
        [*({"path": e.path, "code": e.code, "name": d.name, "field": d.field,
            **({"entry": d.entry} if d.entry else {}), "message": e.message}
           for d in diagnostics for e in [entry(d, base)]), *(kept or [])],
        key=lambda r: (r["path"], r["code"], r["field"], r.get("entry", ""), r["message"]),
    )
    payload = {"version": BASELINE_VERSION, "generator": f"pmkit {__version__}", "findings": rows}
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    # A file name that is not UTF-8 holds lone surrogates (one per undecodable byte): UTF-8
    # cannot encode them, JSON's \u escapes can, and they read back as the same name.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


#: An internal error is pmkit's to fix, not a known finding to live with: a baseline that held
#: one would hide the next failure of the same kind.
NEVER_RECORDED = frozenset({"PM903"})


@dataclass(frozen=True)
class Written:
    """What writing a baseline file recorded."""

    recorded: int  # findings of this run
    kept: int  # entries of the baseline replaced, for files or rules this run did not check


def write_baseline(path: str | os.PathLike[str], report: Report, *,
                   active: set[str] | None = None) -> Written:
    """Record every finding of ``report`` in ``path`` (atomically), internal errors excepted.

    The entries of a baseline already there for what this run did not check are kept: files not
    checked (still there), and rules not in ``active`` (the codes that ran). A run on one file or
    one family (a hook's run, ``--select PM3``) replaced the whole baseline with its own few
    findings, and the next full run reported every other accepted finding as new.
    """
    from pmkit.formats.paths import absolute
    from pmkit.fsutil import is_stream, make_folders_for, write_atomic

    target = Path(path)
    if not _replaceable(target):
        raise FileExistsError(errno.EEXIST, "it is not a pmkit baseline, and pmkit overwrites no other "
                              "file (remove it first, or choose another name)", str(target))
    # Paths are relative to the baseline's folder; one written to /dev/stdout is saved by
    # the shell in a file of its choice, here.
    base = Path.cwd() if is_stream(target) else absolute(target).parent
    try:
        make_folders_for(target)
    except NotADirectoryError as exc:
        raise NotADirectoryError(errno.ENOTDIR, f"{exc.strerror}; name a file in a folder",
                                 str(target)) from None
    recorded = [diag for diag in report.diagnostics if diag.code not in NEVER_RECORDED]
    kept = [] if is_stream(target) else _unchecked_rows(target, base, report, active)
    write_atomic(target, baseline_text(recorded, base, kept))
    return Written(len(recorded), len(kept))


def _unchecked_rows(target: Path, base: Path, report: Report,
                    active: set[str] | None) -> list[dict[str, str]]:
    """The rows of the baseline at ``target`` about what ``report`` did not check: files it did
    not check that are still there, and, in the files it did, rules that did not run (known
    rules only: a rule pmkit no longer has finds nothing). None of a file that is no baseline."""
    from pmkit.rules import registry

    try:
        rows = _rows(target)
    except ConfigError:
        return []
    checked = {_relative(name, base) for name in report.files}
    known = registry().by_code
    kept = []
    for row in rows:
        name = _entry_path(row["path"], base)
        if row["code"] not in known or row["code"] in NEVER_RECORDED:
            continue
        if name in checked:
            if active is not None and row["code"] not in active:
                kept.append({**row, "path": name})
        elif name and "\0" not in name and not _missing(base / name):
            kept.append({**row, "path": name})
    return kept


def _replaceable(target: Path) -> bool:
    """Whether writing a baseline at ``target`` loses nothing: no file there, an empty one, a
    baseline, or no regular file (``/dev/null``). A postmortem named by mistake is not."""
    try:
        info = target.stat()
    except OSError:
        return True  # none yet (the write says what else is wrong)
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return True
    try:
        head = read_regular(target, 4096)
    except OSError:
        return True
    if _baseline_head(head):
        return True
    try:  # one that reads as a baseline (written by hand, without "generator"): read whole
        _rows(target)
    except ConfigError:
        return False
    return True


def is_baseline(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is an existing regular file that holds a pmkit baseline (by its first
    bytes, as :func:`write_baseline` tells one it may replace)."""
    try:
        return _baseline_head(read_regular(path, 4096))
    except (OSError, ValueError):
        return False


def _baseline_head(head: bytes) -> bool:
    """Whether a file's first bytes are a baseline's that pmkit wrote (saved again with a byte
    order mark, as an editor may)."""
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{") and b'"findings"' in head and b'"generator": "pmkit' in head


def load_baseline(path: str | os.PathLike[str]) -> list[Recorded]:
    target = Path(path)
    from pmkit.formats.paths import absolute

    base = absolute(target).parent
    names: dict[str, str] = {}  # an entry's file as written → as findings name it (many share one)
    out: list[Recorded] = []
    for row in _rows(target):
        name = names.get(row["path"])
        if name is None:
            name = names[row["path"]] = _entry_path(row["path"], base)
        key = Entry(name, row["code"], field_key(row["field"]), normalise_message(row["message"]))
        # A field in no list is in no entry, whoever wrote the row; one in a list without
        # "entry" was recorded by an earlier pmkit, which did not name entries.
        entry_name = row.get("entry", None if "[" in row["field"] else "")
        out.append(Recorded(key, entry_name, row["field"]))
    return out


def _rows(target: Path) -> list[dict[str, str]]:
    """The findings of the baseline file ``target`` as written, checked; ConfigError for a file
    that is no baseline this pmkit reads."""
    from pmkit.fsutil import LOOP, read_settings_text

    try:
        text = read_settings_text(target)
        data = json.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"{target}: no such baseline file (create one with --write-baseline)") from None
    except OSError as exc:
        advice = f"; {PERMISSION_ADVICE}" if isinstance(exc, PermissionError) else ""
        # (said as for a settings file: "Too many levels of symbolic links" names no link)
        why = f"it is {LOOP}" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise ConfigError(f"{target}: cannot read the baseline: {why}{advice}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{target}: cannot read the baseline: {_not_json(exc)}") from None
    except UnicodeDecodeError as exc:  # the codec's own words name neither the byte's meaning nor the fix
        raise ConfigError(f"{target}: cannot read the baseline: it {not_utf8(exc)}; pmkit writes "
                          "baselines in UTF-8") from None
    except ValueError as exc:  # a number of over 4300 digits
        raise ConfigError(f"{target}: cannot read the baseline: {too_long_number(exc) or exc}; {_REWRITE}") \
            from None
    except RecursionError:
        raise ConfigError(f"{target}: cannot read the baseline: nested too deeply") from None
    if not isinstance(data, dict) or "findings" not in data:
        # A report of --format json or sarif is the likely mix-up: it said "'findings' must be a
        # list" or "baseline version '2.1.0' is not supported", as if the file were a broken baseline.
        kind = ("a pmkit report (--format json), not a baseline" if isinstance(data, dict) and
                "diagnostics" in data else "a SARIF report, not a baseline" if isinstance(data, dict)
                and "runs" in data else "not a pmkit baseline (a JSON object with 'version' and 'findings')")
        raise ConfigError(f"{target}: {kind}; write one with --write-baseline FILE")
    version = data.get("version")
    if type(version) is not int or version != BASELINE_VERSION:  # not True, which equals 1
        newer = type(version) is int and version > BASELINE_VERSION
        raise ConfigError(f"{target}: baseline version {version!r} is not supported "
                          f"(this pmkit reads version {BASELINE_VERSION})"
                          + ("; it was written by a newer pmkit: upgrade pmkit, or " if newer else "; ")
                          + _REWRITE)
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ConfigError(f"{target}: 'findings' must be a list; {_REWRITE}")
    for number, row in enumerate(findings):
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) for k in ("path", "code", "field", "message")
        ):
            raise ConfigError(f"{target}: findings[{number}] needs path, code, field and message (each a "
                              f"text); {_REWRITE}")
        if not isinstance(row.get("entry", ""), str):
            raise ConfigError(f"{target}: findings[{number}].entry must be a text; {_REWRITE}")
    return findings


#: How to get a baseline this pmkit reads, said with each way one can be broken: its findings are
#: what pmkit wrote, not something to mend by hand.
_REWRITE = "write it again with --write-baseline FILE"


def _not_json(exc: json.JSONDecodeError) -> str:
    """Why a baseline is no JSON, for people: an empty file (created by hand, or by a shell's
    redirection of a run that failed) said "Expecting value: line 1 column 1 (char 0)"."""
    if not exc.doc.strip():
        return "the file is empty; write one with --write-baseline FILE"
    return (f"it is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); write one "
            "with --write-baseline FILE")


def _entry_path(written: str, base: Path) -> str:
    """An entry's file as :func:`entry` names a finding's file (relative to the baseline's
    folder ``base``): an entry written by hand as ``./postmortems/a.yaml``, with a doubled
    slash, or as an absolute path, matched no finding of ``postmortems/a.yaml``, and was not
    even counted as no longer matching, since no checked file had that name."""
    from pmkit.formats.paths import is_pseudo

    if not written or "\0" in written or is_pseudo(written):  # no file's name (NUL: none may hold it)
        return written
    return _relative(os.path.join(base, written), base)


def _missing(path: Path) -> bool:
    """Whether no file is at ``path`` (not: it cannot be looked at, as in a symlink loop)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


@dataclass(frozen=True)
class BaselineResult:
    """A report with the baseline's findings left out, and what the baseline matched."""

    report: Report
    matched: int  # findings left out because the baseline has them
    stale: int  # entries for the checked files that matched nothing (fixed since)
    #: Entries for files that are not there (renamed or deleted since), per file as written: a
    #: renamed postmortem's findings all came back as new, and nothing said why.
    gone: dict[str, int] = field(default_factory=dict)


def apply_baseline(report: Report, path: str | os.PathLike[str], *,
                   active: set[str] | None = None) -> BaselineResult:
    """``report`` without the findings recorded in the baseline at ``path``.

    ``active`` is the set of rule codes that ran: an entry of a rule that was not selected in
    this run (a family hook, ``--select``) cannot have matched and is not stale.
    """
    recorded = load_baseline(path)
    from pmkit.formats.paths import absolute

    base = absolute(path).parent
    findings = [(diag, entry(diag, base)) for diag in report.sorted()]
    paths = {key.path: diag.path for diag, key in findings}
    hidden = _matches(recorded, [(index, key, diag) for index, (diag, key) in enumerate(findings)
                                 if diag.code not in NEVER_RECORDED],
                      lambda name: _entries_in(paths[name]) if name in paths else set())
    kept = [diag for number, (diag, _) in enumerate(findings) if number not in hidden]
    matched = len(findings) - len(kept)
    taken = set(hidden.values())
    remaining: Counter[Entry] = Counter(row.key for number, row in enumerate(recorded) if number not in taken)
    checked = {_relative(name, base) for name in report.files}
    if active is not None:
        from pmkit.rules import registry

        known = registry().by_code
        remaining = Counter({key: count for key, count in remaining.items()
                             if key.code in active or key.code not in known})
    stale = sum(count for key, count in remaining.items() if count > 0 and key.path in checked)
    from pmkit.formats.paths import is_pseudo

    gone: Counter[str] = Counter()
    for key, count in remaining.items():
        if (count > 0 and key.path not in checked and key.path and "\0" not in key.path
                and not is_pseudo(key.path) and _missing(base / key.path)):
            gone[key.path] += count
    return BaselineResult(replace(report, diagnostics=kept), matched, stale, dict(sorted(gone.items())))


def _entries_in(path: str) -> set[str]:
    """The names of the list entries of the postmortem at ``path`` (a file with findings)."""
    from pmkit.loader import entry_names, read_document

    doc = read_document(path)
    return entry_names(doc.data) if doc.ok else set()


def _matches(recorded: list[Recorded], findings: list[tuple[int, Entry, Diagnostic]],
             entries: Callable[[str], set[str]]) -> dict[int, int]:
    """Which recorded finding each finding is: its number (first in the pairs of ``findings``,
    in the order of the file) to the row's number in ``recorded``; each row stands for one.

    First by identity and entry: a finding in the entry named ``timeline[at=10:07]`` is the one
    recorded there, whichever entries were added above it. Then the rows left that were written
    by an earlier pmkit, or whose entry is not found again in the file (``entries`` names those
    of a file as findings name it: its time corrected, its id renamed) by identity alone: first
    the finding at the field's recorded position, where the entries did not move, then the
    others in the order of the file. A row whose entry is still there is that entry's finding,
    fixed: never another entry's, which would hide a new finding.
    """
    exact: dict[tuple[Entry, str], deque[int]] = {}
    for number, row in enumerate(recorded):
        if row.entry is not None:
            exact.setdefault((row.key, row.entry), deque()).append(number)
    found: dict[int, int] = {}
    for index, key, diag in findings:
        rows = exact.get((key, diag.entry))
        if rows:
            found[index] = rows.popleft()
    used = set(found.values())
    placed: dict[tuple[Entry, str], deque[int]] = {}
    loose: dict[Entry, deque[int]] = {}
    left = [(index, key, diag) for index, key, diag in findings if index not in found]
    wanted = {key for _, key, _ in left}
    known: dict[str, set[str]] = {}  # a file's entries, read once, only when a row may move
    for number, row in enumerate(recorded):
        if number in used or row.key not in wanted:
            continue
        if row.entry:
            if row.key.path not in known:
                known[row.key.path] = entries(row.key.path)
            if row.entry in known[row.key.path]:
                continue
        placed.setdefault((row.key, row.field), deque()).append(number)
        loose.setdefault(row.key, deque()).append(number)
    for index, key, diag in left:  # at the recorded position
        rows = placed.get((key, diag.field))
        if rows:
            found[index] = rows.popleft()
            used.add(found[index])
    for index, key, _ in left:  # in the order of the file
        rows = loose.get(key)
        while rows and rows[0] in used:
            rows.popleft()
        if index not in found and rows:
            found[index] = rows.popleft()
            used.add(found[index])
    return found
