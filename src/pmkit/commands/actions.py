"""``pmkit actions [PATHS]``: the open action items of a repository, most urgent first."""

from __future__ import annotations

import argparse
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from pmkit.commands import (
    add_config_options,
    given,
    overdue_exit,
    path_given,
    read_as_text,
    report_inputs,
    skipped_files,
)
from pmkit.console import complain, emit, emit_data
from pmkit.formats.text import table, visible

if TYPE_CHECKING:
    from pmkit.api import Moment

HELP = "list open action items across postmortems, most urgent first"

EPILOG = """\
Lists every action item whose status is 'open' or 'in-progress', with its postmortem, owner,
priority, due date and the days left (negative: overdue). Sorted by urgency: overdue items
first (most overdue first), then by due date, then by priority; items without a due date last;
items alike in all three in the order their postmortem lists them.
"Today" is --now, else $PMKIT_NOW, else the current time, in each postmortem's time zone. An
item is overdue as PM714 counts it: more than its grace_days past the due date.
Files that cannot be read are skipped; files with schema errors are listed with what loads.
Both are named on stderr (run 'pmkit check' on them).

Exit status: 0 normally; with --overdue, 1 when at least one listed item is overdue (so the
command can gate CI or a reminder job), and 2 when none is but files were skipped as not valid
postmortems, or postmortems keep their action items as text in the body (their items may be
overdue unseen); 2 on usage errors or when a given path does not exist.
"""

_PRIORITY_RANK = {"P0": 0, "P1": 1, "P2": 2, "P3": 3, "P4": 4}


@dataclass(frozen=True)
class OpenItem:
    """One open action item, as listed by ``pmkit actions``."""

    path: str
    line: int
    postmortem: str
    severity: str
    id: str
    title: str
    owner: str | None
    priority: str | None
    type: str | None
    status: str
    due: date | None
    tracker: str | None
    days_left: int | None
    #: Days past the due date before an item counts as overdue (PM714's grace_days).
    grace: int = 0
    #: The item has a due date that could not be read (a time where a date goes: PM015).
    due_unread: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < -self.grace

    def urgency(self) -> tuple[int, int, int, str, str, int]:
        """The sort key: overdue, then by due date, then priority; no due date last. Ties go by
        postmortem and then in file order: by id, AI10 came before AI2."""
        rank = _PRIORITY_RANK.get(self.priority or "", 5)
        if self.days_left is None:
            return (1, 0, rank, self.postmortem, self.path, self.line)
        return (0, self.days_left, rank, self.postmortem, self.path, self.line)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "line": self.line, "postmortem": self.postmortem,
            "severity": self.severity, "id": self.id, "title": self.title, "owner": self.owner,
            "priority": self.priority, "type": self.type, "status": self.status,
            "due": self.due.isoformat() if self.due else None, "tracker": self.tracker,
            "days_left": self.days_left, "overdue": self.overdue, "due_unread": self.due_unread,
        }


def open_items(paths: list[str], now: Moment, *, max_bytes: int | None = None,
               errors: list[str] | None = None, grace: int = 0,
               skipped: list[dict[str, str]] | None = None,
               as_text: list[dict[str, str]] | None = None, zone: tzinfo | None = None) -> list[OpenItem]:
    """Open action items of the postmortems under ``paths``, sorted by urgency. Today is the
    day of ``now`` in each postmortem's ``timezone``, else in ``zone`` (the team's), else UTC.

    Files that do not load (unreadable, invalid YAML, a required field missing) are skipped;
    files with other schema errors are listed with what loads. A line describing each goes
    to ``errors`` when given, and each file skipped to ``skipped`` (its path and the reason,
    as ``pmkit stats`` gives them). A Markdown postmortem whose items are only in a section of
    its body (:func:`read_as_text`) goes to ``as_text``, and a line saying so to ``errors``.

    ``now`` is read as :func:`pmkit.check` reads it: a time without a zone is UTC (read in this
    machine's zone, "today" moved a day in a team's other office), a date is its midnight UTC,
    a string is read as ``--now`` is, and None is ``PMKIT_NOW`` or the clock.
    """
    from pmkit.api import load_all
    from pmkit.config import document_zone
    from pmkit.engine import resolve_now
    from pmkit.loader import DEFAULT_MAX_BYTES
    from pmkit.model import ActionStatus

    now = resolve_now(now)

    found: list[OpenItem] = []
    for loaded in load_all(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES):
        name, doc, model = loaded.path, loaded.doc, loaded.model
        if model is None:
            if errors is not None:
                errors.append(f"{name}:{loaded.describe_problem()} (skipped)")
            if skipped is not None:
                skipped.append({"path": name, "reason": loaded.describe_problem()})
            continue
        if loaded.problems and errors is not None:
            errors.append(f"{name}:{loaded.describe_problem()} (listed anyway; see 'pmkit check')")
        as_text_reason = read_as_text(loaded, "action_items")
        if as_text_reason is not None:
            if errors is not None:
                errors.append(f"{name}:{as_text_reason}: its items are not listed (see 'pmkit check')")
            if as_text is not None:
                as_text.append({"path": name, "reason": as_text_reason})
        today = now.astimezone(document_zone(model, zone or timezone.utc)).date()
        unread_dues: set[str] = set()
        for index, item in enumerate(model.action_items or ()):
            if item.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
                continue
            if item.due is None and _due_written(doc.data, index):
                unread_dues.add(f"action_items[{index}].due")
            found.append(OpenItem(
                path=name,
                line=doc.span(("action_items", index)).line,
                postmortem=model.id,
                severity=model.severity.value,
                id=item.id,
                title=(item.title or "").strip(),
                owner=item.owner,
                priority=item.priority.value if item.priority else None,
                type=item.type.value if item.type else None,
                status=item.status.value,
                due=item.due,
                tracker=item.tracker,
                days_left=(item.due - today).days if item.due else None,
                grace=grace,
                due_unread=f"action_items[{index}].due" in unread_dues,
            ))
        if errors is not None:
            # The line above names the file's first problem only; '--overdue' counts every
            # listed item whose due could not be read and says they are "named above": so each
            # is (a second one was left for the reader to find).
            errors.extend(f"{name}:{d.line}:{d.col}: {d.code} {d.message} (listed anyway; see 'pmkit check')"
                          for d in loaded.problems[1:] if d.field in unread_dues)
    return sorted(found, key=OpenItem.urgency)


def configure(parser: argparse.ArgumentParser) -> None:
    from pmkit.cli import RawDescriptionFormatter

    parser.formatter_class = RawDescriptionFormatter
    parser.epilog = EPILOG
    parser.add_argument("paths", nargs="*", type=path_given, metavar="PATH",
                        help="files or folders (default: the configured postmortem folder)")
    parser.add_argument("--overdue", action="store_true",
                        help="only overdue items; exit 1 if there are any, 2 if there are none in the "
                        "files read but some files could not be read, or keep their items as body "
                        "text (their items are unknown)")
    parser.add_argument("--owner", type=given, metavar="X",
                        help="only items whose owner contains X (case-insensitive, however its letters "
                        "are encoded: 'ü' typed matches 'u' with a combining diaeresis)")
    parser.add_argument("--format", default="text", choices=["text", "json"],
                        help="output format (default: text)")
    add_config_options(parser)


def _folded(text: str) -> str:
    """``text`` for a case-insensitive comparison that ignores how its letters are encoded: an
    owner saved with 'ü' as 'u' and a combining diaeresis (as macOS and some editors write it)
    looks like 'Jürgen' but did not contain the 'Jürgen' typed on the command line."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _when(item: OpenItem) -> str:
    if item.due_unread:
        # (written, but not as a date: "no due date" read as if none had been written)
        return "due date unreadable"
    if item.days_left is None:
        return "no due date"
    if item.days_left < 0:
        days = -item.days_left
        late = "overdue" if item.overdue else "past due, within the grace days"
        return f"{days} day{'s' if days != 1 else ''} {late}"
    if item.days_left == 0:
        return "due today"
    return f"{item.days_left} day{'s' if item.days_left != 1 else ''} left"


def _as_text_note(count: int) -> str:
    """What the list leaves out of ``count`` Markdown postmortems whose items are only text."""
    if not count:
        return ""
    whose = "1 postmortem keeps its" if count == 1 else f"{count} postmortems keep their"
    return (f" {whose} action items in a section of the body, read as text: not listed (see "
            "'pmkit check').")


def format_text(items: list[OpenItem], empty: str = "No open action items.", skipped: int = 0,
                as_text: int = 0) -> str:
    """The table of ``items``; ``empty`` is the line printed when there are none; ``skipped``
    files (not valid postmortems) and ``as_text`` postmortems (items only in the body's text)
    are counted after the table, whose list is not all there is."""
    if not items:
        return empty + "\n"
    rows = [["WHEN", "DUE", "PRI", "POSTMORTEM", "ITEM", "OWNER", "TITLE"]]
    for item in items:
        rows.append([_when(item), item.due.isoformat() if item.due else "-", item.priority or "-",
                     item.postmortem, item.id, item.owner or "-", item.title])
    lines = table(rows)
    overdue = sum(1 for item in items if item.overdue)
    lines.append(f"\n{len(items)} open action item{'s' if len(items) != 1 else ''}, {overdue} overdue."
                 + (f" {skipped_files(skipped, 'items')}." if skipped else "") + _as_text_note(as_text))
    return "\n".join(line.rstrip() if line.strip() else line for line in lines) + "\n"


def _nothing(overdue: bool, owner: str | None, every: int, skipped: int, as_text: int = 0) -> str:
    """The line for an empty list: what was asked for, and what the filters left out, so that
    "none overdue" is not read as "no open items" and files not read are not "nothing open"."""
    from pmkit.diagnostics import shown

    what = "overdue" if overdue else "open"
    # (shown: an owner of a zero-width space, pasted with a name, was quoted as '')
    line = f"No {what} action items" + (f" whose owner contains '{visible(shown(owner))}'" if owner else "")
    if skipped:
        line += " in the postmortems read"
    line += "."
    if (overdue or owner) and every:
        line += f" {every} open action item{'s' if every != 1 else ''} in all."
    if skipped:
        line += f" {skipped_files(skipped, 'items')}."
    return line + _as_text_note(as_text)


def format_json(items: list[OpenItem], now: datetime, skipped: list[dict[str, str]] | None = None,
                as_text: list[dict[str, str]] | None = None) -> str:
    payload = {
        "version": 1,
        "now": now.isoformat(timespec="seconds"),  # as pmkit due gives it
        "count": len(items),
        "overdue": sum(1 for item in items if item.overdue),
        "items": [item.to_dict() for item in items],
        # The files whose items are not listed, as 'pmkit stats' gives them: a report read by a
        # program knows that the list is not all there is.
        "skipped": skipped or [],
        # Markdown postmortems whose items are only in the body's text, not listed.
        "as_text": as_text or [],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _due_written(data: Any, index: int) -> bool:
    """Whether the ``index``-th action item of a document's data gives a due date (its model,
    with none, could not read it)."""
    items = data.get("action_items") if isinstance(data, dict) else None
    item = items[index] if isinstance(items, list) and index < len(items) else None
    return isinstance(item, dict) and item.get("due") is not None


def run(args: argparse.Namespace) -> int:
    from pmkit.config import team_zone
    from pmkit.engine import resolve_now

    inputs = report_inputs(args)
    if inputs is None:
        return 2
    config, paths = inputs
    now = resolve_now(args.now)
    errors: list[str] = []
    # Overdue as PM714 counts it (its options, defaults included), so that this list and
    # 'pmkit check' agree.
    from pmkit.discovery import discover
    from pmkit.rules import registry

    overdue_rule = registry().by_code["PM714"]
    grace = int(overdue_rule(config.rules.get("PM714")).option("grace_days"))
    skipped: list[dict[str, str]] = []
    as_text: list[dict[str, str]] = []
    items = open_items(discover(paths, config), now, max_bytes=config.max_file_size, errors=errors,
                       grace=grace, skipped=skipped, as_text=as_text, zone=team_zone(config))
    for line in errors:
        complain(f"pmkit: {line}")
    every = len(items)
    if args.owner:
        needle = _folded(args.owner)
        items = [item for item in items if item.owner and needle in _folded(item.owner)]
    unread = sum(item.due_unread for item in items)  # (of the owner's items, with --owner)
    if args.overdue:
        items = [item for item in items if item.overdue]
    if args.format == "json":
        emit_data(format_json(items, now, skipped, as_text))
    else:
        emit(format_text(items, _nothing(args.overdue, args.owner, every, len(skipped), len(as_text)),
                         len(skipped), len(as_text)))
    return overdue_exit(args.overdue, bool(items), len(skipped), "items", len(as_text), unread)
