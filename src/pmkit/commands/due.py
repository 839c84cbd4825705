"""``pmkit due [PATHS]``: every open disclosure clock across the repository, most urgent first.

For each postmortem and each stage of its policies (the postmortem's own draft and
publication deadlines, and the regulatory and customer clocks of ``disclosure.regimes``):
the deadline in the document's zone and in UTC, and the time left or how long it is
overdue. ``--all`` also lists clocks that were met, met late, are waiting for an earlier
report or for an anchor dated after ``now``, or cannot start because their anchor is
missing, and optional stages not recorded (a HIPAA media notice, a Swiss ISA completion),
which are checked only when recorded.

JSON (``--format json``)::

    {"version": 1, "now": "...", "clocks": [{"path", "id", "title", "regime", "stage",
      "audience", "state", "deadline", "deadline_utc", "seconds_left", "citation", ...,
      "anchor_note", "time_note", "anchor_problem", "contradiction"}], "skipped": [{"path", "reason"}]}

``skipped``: the files that are not valid postmortems, whose clocks are not listed (each is
also named on stderr).

``anchor_note``: for a clock of hours whose anchor is a date alone, that it counts from the start
of that day; whose anchor is a time the zone lived through twice (the night the clocks went
back), which was counted and where the other puts the deadline (else null); the text output
ends with it.

``time_note``: for a clock answered by a time written without an offset that the zone lived
through twice (``sent_at: 2026-10-25T02:30:00`` in Europe/Berlin), found as PM420 finds it: the
field, the time as written, the moment read (the first) and the other, with their offsets,
whether the clock is met under each reading (for a clock met or late), and the offset to write
(else null); the text output ends with it.

``anchor_problem``: for a clock that cannot start because its anchor is written but the schema
could not read it (``aware_at: 2026-03-27T09:00:00 CET``), the schema's finding on it, where
and what (``10:13: PM015 ...``), as ``skipped`` gives a reason (else null).

``contradiction``: for a notice dated before the moment its clock starts (state
``contradicted``, listed without ``--all``: one of the two dates is wrong, PM414), and for a
``published_at`` that git contradicts (the status first committed as published later, or
published only in the change not committed yet, as PM412 judges it), the two dates (else null).
"""

from __future__ import annotations

import argparse
import json
import math
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pmkit.commands import (
    add_config_options,
    overdue_exit,
    path_given,
    report_inputs,
    skipped_files,
)
from pmkit.console import complain, emit, emit_data
from pmkit.formats.text import visible

if TYPE_CHECKING:
    from pmkit.api import Loaded
    from pmkit.clocks import Clock
    from pmkit.config import Config
    from pmkit.diagnostics import Diagnostic
    from pmkit.gitdates import FileDates
    from pmkit.loader import Document
    from pmkit.model import Postmortem

HELP = "list open disclosure clocks (postmortem, regime, stage, deadline, time left), most urgent first"

#: State order when deadlines tie or are missing.
# A clock without a computable deadline may be running: listed, so that nobody takes silence for
# "nothing due".
_OPEN_STATES = ("overdue", "open", "uncomputable")
#: Listed without --all: the open clocks, and a notice dated before its clock started, which
#: is neither met nor late until one of the two dates is corrected.
_LISTED_STATES = (*_OPEN_STATES, "contradicted")
_RANK = {"overdue": 0, "open": 1, "no-anchor": 2, "uncomputable": 2, "contradicted": 2, "waiting": 3,
         "late": 4, "met": 5, "done": 6}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=path_given, metavar="PATH",
                        help="files or folders (default: the configured postmortem folder)")
    parser.add_argument("--format", default="text", choices=["text", "json"],
                        help="output format (default: text)")
    parser.add_argument("--all", action="store_true",
                        help="also list clocks that are met (or done, at a time not known), late, "
                        "waiting or missing an anchor, and optional stages not recorded")
    parser.add_argument("--overdue", action="store_true",
                        help="only overdue clocks; exit 1 if there are any (as 'pmkit actions --overdue'), "
                        "2 if there are none in the files read but some files could not be read "
                        "(their clocks are unknown)")
    add_config_options(parser)


def collect(
    paths: list[str], config: Any, now: datetime, *, everything: bool = False,
    skipped: list[dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """The clock rows of every postmortem under ``paths`` (the API behind the command).

    Each file that is not a valid postmortem goes to ``skipped`` when given (its path and
    the reason, as ``pmkit actions`` and ``pmkit stats`` give them)."""
    from pmkit.api import load_all
    from pmkit.clocks import anchor_twice, evaluate, stamp
    from pmkit.clocks import settings as disclosure_settings
    from pmkit.discovery import discover
    from pmkit.gitdates import file_dates, incident_began
    from pmkit.rules import RunState

    st = disclosure_settings(config)
    run = RunState(paths=discover(paths, config))
    rows: list[dict[str, Any]] = []
    for loaded in load_all(run.paths, max_bytes=config.max_file_size):
        name, pm = loaded.path, loaded.model
        run.document.clear()
        if pm is None:
            # What is wrong and where, as 'pmkit actions' and 'pmkit stats' say it: "not a valid
            # postmortem" sent the user to another command to find out.
            where = f":{loaded.describe_problem()}" if loaded.problems else ""
            complain(f"pmkit: {name}{where} (skipped, not a valid postmortem; see 'pmkit check')")
            if skipped is not None:
                skipped.append({"path": name, "reason": loaded.describe_problem()})
            continue
        if loaded.problems:
            # A date the schema set aside counts as not recorded: a notice sent in time is then
            # listed OVERDUE, and a deadline may count from another anchor. Said, as 'pmkit
            # actions' says it of the items it lists from such a file.
            complain(f"pmkit: {name}:{loaded.describe_problem()} (clocks listed anyway, from the dates "
                     "that could be read; see 'pmkit check')")
        walk = pm.status.value == "published" or bool(pm.disclosure and pm.disclosure.published_at)
        dates = file_dates(run, name, published=walk, now=now, since=incident_began(pm))
        if not dates.available and dates.kind not in ("uncommitted", "outside") and run.once("PM413"):
            # As 'pmkit check' says it (PM413): in a repository git cannot read (a broken
            # setting, a shallow or corrupt clone), a clock that counts from a date only git
            # could give was "date unknown", with no word of why. (Outside any repository there
            # is no history to miss; check's PM413 says that much.)
            from pmkit.rules.disclosure import no_evidence_advice

            complain(f"pmkit: no git evidence for disclosure dates: {dates.problem}; the clocks use the "
                     f"dates in the documents. {no_evidence_advice(dates)}")
        view = loaded.doc.rule_view()  # (indexed as the model is, as the clocks' paths are)
        for clock in evaluate(pm, st, git=dates, now=now):
            state = clock.state(now)
            if clock.stage.optional and state in _OPEN_STATES:
                state = "optional"  # checked when recorded (PM403 never asks for it): not a clock
            contradiction = None
            if state in ("met", "late") and clock.sent_before_anchor():
                # PM414: one of the two dates is wrong, so "met" was a claim nobody can check.
                assert clock.done_at is not None and clock.anchor_at is not None
                state = "contradicted"
                contradiction = (f"sent {clock.when(clock.done_at)}, before {clock.anchor}, "
                                 f"{clock.when(clock.anchor_at)}, which starts its clock: one of the two "
                                 "dates is wrong, so whether it was met cannot be told (PM414)")
            elif state in ("met", "late") and (said := _contradicted_by_git(clock, dates, pm, config, now)):
                # PM412: git says the postmortem went out later than published_at. On the same
                # side of the deadline as published_at, either date gives the verdict (late
                # counted from published_at, the earlier, as PM402 counts it); across it, "met"
                # would take the record's word against its evidence.
                state, contradiction = said
            if not everything and state not in _LISTED_STATES:
                continue
            # A date after --now is not yet a time it was done at: the clock counts as open
            # (PM417 tells of the date), and a row saying "open" and "done at" said both.
            ahead = clock.done_at is not None and clock.done_at > now
            done_at = None if ahead else clock.done_at
            missing = clock.missing[0] if clock.missing and clock.deadline is None else None
            unread = _unread_anchor(loaded, missing) if missing and loaded.problems else None
            row: dict[str, Any] = {
                "path": name,
                "id": pm.id,
                "title": pm.title,
                "severity": pm.severity.value,
                "regime": clock.policy.id,
                "stage": clock.stage_name,
                "audience": clock.audience,
                "state": state,
                # (where a limit moved to noon is said only beside the deadline it gives)
                "rule": clock.describe_rule() if state == "waiting" else clock.describe_deadline(),
                "citation": clock.stage.citation or clock.policy.citation,
                "soft": clock.soft,
                "in_force": clock.policy.in_force,
                "deadline": None,
                "deadline_utc": None,
                "seconds_left": None,
                "done_at": stamp(done_at) if done_at else None,
                "evidence": None if ahead else clock.done_source or None,
                "missing_anchor": missing,
                "anchor_problem": _where_said(unread) if unread else None,
                "uncomputable": clock.uncomputable,
                "anchor_note": clock.anchor_without_time(),
                "time_note": _time_twice(clock, pm, view, state, ahead),
                "contradiction": contradiction,
                "_waiting": _waiting(clock, state),
                "_unread": _pointer(unread) if unread else None,
                # Ties (clocks with no deadline, or the same one) keep the order of the regimes
                # and of their stages: the DORA intermediate report before the final one.
                "_order": len(rows),
            }
            if _has_deadline(clock, state):
                assert clock.deadline is not None
                row["deadline"] = clock.deadline_stamp(clock.doc_zone, done_at)
                row["deadline_utc"] = clock.deadline_stamp(timezone.utc, done_at)
                # Whole seconds, rounded down: an overdue clock never shows 0 left.
                row["seconds_left"] = math.floor((clock.deadline - now).total_seconds())
                # The text says the time as PM403 does, to the whole second below it: a day's
                # deadline is its last instant (23:59:59.999999), and 30 s after midnight it is
                # 30 s overdue, where the rounded-down seconds_left would say 31.
                row["_left"] = clock.deadline - now
                row["_when"] = clock.when(clock.deadline, seconds=clock.deadline_to_second(done_at))
                # An anchor the zone lived through twice (the night the clocks went back): which
                # was counted, and where the other puts the deadline, as PM403 and PM404 say.
                twice, _ = anchor_twice(clock, pm, loaded.doc.data)
                if twice:
                    row["anchor_note"] = twice.removeprefix("; ")
            rows.append(row)
    rows.sort(key=_urgency)
    return rows


def _time_twice(clock: Clock, pm: Postmortem, view: Document, state: str, ahead: bool) -> str | None:
    """For a clock answered by a disclosure time written without an offset at a wall time the
    document's zone lived through twice (the night the clocks went back), as PM420 finds it: the
    field, the time as written, the two moments and which one was read, whether the clock was met
    under each reading (where the row's state is that of the reading taken), and the offset to
    write; else None. The state shown is the first reading's, which nobody may have meant."""
    if clock.done_path is None:
        return None
    from pmkit.rules.disclosure import written_twice

    twice = written_twice(pm, view, clock.done_path)
    if twice is None:
        return None
    said = twice.readings()
    # A verdict only where the row gives one (met or late): a notice dated after now leaves
    # the clock open, and one dated before its anchor is contradicted (PM414), not met.
    if state in ("met", "late") and not ahead and clock.deadline is not None:
        said += f": {twice.verdict(clock.deadline)}"
    return f"{said}; write it with its offset: {twice.offsets()} (PM420)"


def _has_deadline(clock: Clock, state: str) -> bool:
    """Whether the row shows the clock's deadline. A clock waiting for an earlier report that
    is recorded as sent after ``now`` has a deadline only from that future report: at ``now``
    its period has not started, and a date counted from it would be one that does not exist yet."""
    return clock.deadline is not None and state != "waiting"


def _contradicted_by_git(clock: Clock, git: FileDates, pm: Postmortem, config: Config,
                         now: datetime) -> tuple[str, str] | None:
    """For a publication clock met by ``published_at``, when git contradicts it as PM412 does
    (:func:`pmkit.rules.disclosure.published_later_in_git`, with PM412's ``tolerance_hours``:
    the status first committed as published later, or published only in the change not
    committed yet; not when only a rewrite of the commit does, where PM412 warns), the clock's
    state and the two dates: ``met`` or ``late`` when git's date is on the same side of the
    deadline as ``published_at``, ``contradicted`` when it is across; else None."""
    if clock.done_path != ("disclosure", "published_at") or clock.done_at is None \
            or clock.deadline is None:
        return None
    from pmkit.config import team_zone
    from pmkit.rules.disclosure import pm412_tolerance, published_later_in_git

    later = published_later_in_git(clock.done_at, pm.status.value, git, team_zone(config, pm),
                                   pm412_tolerance(config), now)
    if later is None or later.rewritten:
        return None
    where = (f"{'becomes published only' if later.uncommitted else 'first became published'} in "
             f"{later.where(git, clock.when, aside=True)}")
    both = (f"published_at is {clock.when(clock.done_at)}, but the file's status {where}: one of the two "
            "is wrong")
    if clock.is_late():
        # git's date is later still: late either way, counted from published_at (PM402).
        return "late", f"{both}, but both are after the deadline: late, counted from published_at (PM412)"
    if later.at <= clock.deadline:
        return "met", f"{both}, but both are by the deadline: met either way (PM412)"
    return "contradicted", f"{both}, so whether it was met cannot be told (PM412)"


def _unread_anchor(loaded: Loaded, anchor: str) -> Diagnostic | bool:
    """For an anchor that is written but whose value the schema rejected, as PM406 tells it
    apart from one not written: the schema's finding on it, or True when none is found; False
    for an anchor not written."""
    from pmkit.clocks import anchor_path
    from pmkit.policies import YEAR_END_PREFIX
    from pmkit.rules.disclosure import anchor_written

    doc = loaded.doc
    if not anchor_written(doc.data, doc.rule_view(), anchor):
        return False
    where = anchor_path(anchor)
    fields = [".".join(map(str, where))]
    if where == ("timeline",):  # a milestone: the entries with it that the schema dropped
        entries = doc.data.get("timeline") if isinstance(doc.data, dict) else None
        kept = set(doc.model_index.get(("timeline",), []))
        base = anchor.removeprefix(YEAR_END_PREFIX)
        listed = entries if isinstance(entries, list) else []
        fields = [f"timeline[{index}]" for index, entry in enumerate(listed)
                  if index not in kept and isinstance(entry, dict) and entry.get("milestone") == base]
    for problem in loaded.problems:
        if any(problem.field == name or problem.field.startswith((f"{name}.", f"{name}["))
               for name in fields):
            return problem
    return True


def _where_said(unread: Diagnostic | bool) -> str:
    """The schema's finding on an anchor, as ``skipped`` gives a file's reason."""
    if isinstance(unread, bool):
        return "the value is not valid (see 'pmkit check')"
    return f"{unread.line}:{unread.col}: {unread.code} {unread.message}"


def _pointer(unread: Diagnostic | bool) -> str:
    """Where the text output's reader finds what is wrong with an anchor it could not read."""
    if isinstance(unread, bool):
        return "see 'pmkit check'"
    return f"{unread.code} at line {unread.line}, column {unread.col}; see 'pmkit check'"


def _waiting(clock: Clock, state: str) -> str:
    """What a waiting clock waits for: an earlier report, or an anchor dated after ``now``
    (PM417), from which no clock counts until then."""
    if state != "waiting" or clock.chained or clock.starts_at is None:
        return "waiting for the earlier report"
    return (f"not started: {clock.anchor_name} is {clock.when(clock.starts_at)}, later than now, and "
            "the clock counts from it (PM417)")


def _skipped_note(skipped: list[dict[str, str]]) -> str:
    """What the empty answer leaves out: files that were not read have clocks nobody checked."""
    if not skipped:
        return ""
    return f" in the postmortems read; {skipped_files(len(skipped), 'clocks')}"


def _urgency(row: dict[str, Any]) -> tuple[int, float, str, int]:
    left = row["seconds_left"]
    open_clock = row["state"] in _OPEN_STATES
    return (0 if open_clock else 1 + _RANK.get(row["state"], 9),
            float(left) if left is not None else float("inf"), row["path"], row["_order"])


def run(args: argparse.Namespace) -> int:
    from pmkit.calendar import human_duration
    from pmkit.engine import resolve_now

    inputs = report_inputs(args)
    if inputs is None:
        return 2
    config, paths = inputs
    now = resolve_now(args.now)
    skipped: list[dict[str, str]] = []
    rows = collect(paths, config, now, everything=args.all, skipped=skipped)
    if args.overdue:
        rows = [row for row in rows if row["state"] == "overdue"]
    # With --overdue, a missed clock fails the run, so that a CI or reminder job can gate on it;
    # so do files not read, whose clocks may be overdue: "none overdue" cannot be said of them.
    exit_code = overdue_exit(args.overdue, bool(rows), len(skipped), "clocks")
    if args.format == "json":
        clean = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
        # The files whose clocks are not listed, as 'pmkit actions' and 'pmkit stats' give them:
        # an empty list from a folder of broken files is not "nothing due".
        # UTF-8, as the other reports write it ("für", not "f\u00fcr"), escaped only for a
        # stream in another encoding.
        emit_data(json.dumps({"version": 1, "now": now.isoformat(timespec="seconds"), "clocks": clean,
                              "skipped": skipped}, indent=2, ensure_ascii=False) + "\n")
        return exit_code
    if not rows:
        if args.overdue:
            print("no overdue disclosure clocks" + _skipped_note(skipped))
            return exit_code
        print("no open disclosure clocks" + _skipped_note(skipped)
              + ("" if args.all else " (use --all to list met ones)"))
        return 0
    lines: list[str] = []
    for row in rows:
        if row["state"] == "overdue":
            status = f"OVERDUE by {human_duration(row['_left'])}"
        elif row["state"] == "open":
            status = f"{human_duration(row['_left'])} left"
        elif row["state"] == "no-anchor" and row["_unread"]:
            # Written, but the schema set the value aside: "not recorded" sent the author to
            # write it again, where the finding printed above says what to correct.
            status = f"cannot start: {row['missing_anchor']} could not be read ({row['_unread']})"
        elif row["state"] == "no-anchor":
            status = f"cannot start: {row['missing_anchor']} is not recorded"
        elif row["state"] == "uncomputable":
            status = f"no deadline: {row['uncomputable']}"
        elif row["state"] == "waiting":
            status = row["_waiting"]
        elif row["state"] == "contradicted":
            status = f"dates contradict: {row['contradiction']}"
        else:
            status = row["state"] + (f" ({row['done_at']})" if row["done_at"] else "")
            if row["contradiction"]:
                status += f"; dates contradict: {row['contradiction']}"
        stage = row["regime"] if row["stage"] == row["regime"] else f"{row['regime']} {row['stage']}"
        due = f"due {row['_when']}" if row.get("_when") else ""
        lines.append(visible(f"{row['path']}: {stage} [{row['audience']}]: {status}"
                             + (f"; {due}" if due else "") + f"; {row['rule']} [{row['citation']}]"
                             + (f"; {row['anchor_note']}" if row["anchor_note"] else "")
                             + (f"; {row['time_note']}" if row["time_note"] else "")))
    if skipped:  # (on stdout too: the list is not all there is, also where stderr is not read)
        lines += ["", skipped_files(len(skipped), "clocks") + "."]
    emit("".join(line + "\n" for line in lines))
    return exit_code
