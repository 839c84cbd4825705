"""``pmkit stats [PATHS]``: incident metrics per postmortem and aggregated.

Prints time to detect, acknowledge, mitigate and resolve and the impact duration of every
postmortem (see :mod:`pmkit.metrics`), marking those the aggregates leave out, then count,
median and p90 of each over all postmortems, by severity and by quarter of impact start.
``--format json`` gives the same as the JSON document described in ``docs/stats.md``. Files
that cannot be loaded, or whose timeline or timezone has an error, are skipped with a note on
stderr; a file with an error elsewhere is measured, with a note.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from fractions import Fraction
from typing import Any

from pmkit.commands import add_config_options, path_given, report_inputs
from pmkit.config import Config
from pmkit.console import complain, emit, emit_data
from pmkit.diagnostics import Diagnostic
from pmkit.formats.text import table
from pmkit.loader import Document

HELP = "incident metrics (time to detect, acknowledge, mitigate, resolve) per postmortem and aggregated"

#: Version of the JSON document (docs/stats.md); bumped on incompatible changes.
JSON_VERSION = 1


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=path_given, metavar="PATH",
                        help="files or folders to read (default: the configured postmortem folder)")
    parser.add_argument("--format", default="text", choices=["text", "json"],
                        help="output format (default: text)")
    # (taken, so that a script can give every verb the same options; durations do not depend on it)
    add_config_options(parser, now="accepted and checked, but the metrics do not depend on it")


@dataclass(frozen=True)
class Row:
    """One postmortem's metrics, as the report shows them."""

    path: str
    id: str
    title: str
    severity: str
    quarter: str | None
    metrics: Any  # pmkit.metrics.Metrics
    #: Milestones marked on several entries at different times (the first counts).
    marked_twice: tuple[str, ...] = ()
    #: Milestones written without an offset at a time their zone lived through twice (read as
    #: the first).
    happened_twice: tuple[str, ...] = ()
    #: Milestones whose times ``pmkit check`` finds wrong (PM104's, PM108's mistyped year):
    #: the durations to them stay out of the aggregates. None: as :meth:`Metrics.in_order` finds.
    doubted_milestones: frozenset[Any] | None = None

    def left_out(self) -> list[str]:
        """The durations shown that the aggregates leave out (:meth:`Metrics.in_order`): to or
        from a milestone in doubt, or negative against the causal order. Both reports mark them,
        so that a figure such as 31 days to a detection typed a month late is not read as one."""
        return [name for name, value in self.metrics.durations().items()
                if value is not None and not self.metrics.in_order(name, self.doubted_milestones)]


#: What marks a duration the aggregates leave out in the text report, and the line saying so.
LEFT_OUT_MARK = "*"
LEFT_OUT_NOTE = (f"{LEFT_OUT_MARK} left out of the aggregates: a milestone it runs to or from is out of "
                 "causal order, or its time is in doubt (see 'pmkit check').")


def _bare(moment: datetime) -> bool:
    from pmkit.model import BareDate

    return isinstance(moment, BareDate)


def _in_utc(start: datetime) -> datetime:
    """``start`` in UTC; a bare date (a day without a time) stays the day written: its
    midnight, where the document is, is a time nobody wrote (``2026-01-01`` in Berlin is not
    23:00 on 31 December)."""
    return start if _bare(start) else start.astimezone(timezone.utc)


def _start_order(start: datetime | None) -> datetime:
    """Where a postmortem goes in the report, whose rows are in order of impact start (UTC) as
    the column shows it: a bare date as the start of the day written, in UTC (its midnight in
    Berlin, 23:00 the day before, put ``2026-01-01`` above ``2025-12-31 23:30``); none last."""
    if start is None:
        return datetime.max.replace(tzinfo=timezone.utc)
    if _bare(start):
        return datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
    return start.astimezone(timezone.utc)


def quarter(row_metrics: Any) -> str | None:
    """``2018-Q4`` for the quarter (UTC) in which impact started."""
    start = row_metrics.impact_started
    if start is None:
        return None
    start = _in_utc(start)
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def percentile(values: Sequence[float], share: float) -> float:
    """Linear interpolation between closest ranks (NumPy's default, Excel's PERCENTILE.INC).

    Worked out in exact fractions and rounded once: in floats the rank's fraction (0.9 of
    3 ranks is 2.7000000000000002) gave a p90 of 2040.0000000000002 seconds where it is 2040.
    ``share`` counts as written (0.9 is nine tenths, not the binary float nearest to it)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * Fraction(repr(share))
    low, high = math.floor(pos), math.ceil(pos)
    below, above = Fraction(ordered[low]), Fraction(ordered[high])
    return float(below + (above - below) * (pos - low))


def summarise(rows: Iterable[Row]) -> dict[str, Any]:
    """``{"count": n, "<metric>": {"count", "median", "p90"}}``, values in seconds.

    Durations of milestones out of causal order (reported by PM104) are left out of the
    aggregates: they are data errors, not fast responses. A negative time to detect (an early
    warning: detected before users were affected) is a fact of the incident, and counts as it is.
    """
    from pmkit.durations import DURATIONS

    rows = list(rows)
    out: dict[str, Any] = {"count": len(rows)}
    for name, _ in DURATIONS:
        values = [getattr(r.metrics, name).total_seconds() for r in rows
                  if r.metrics.in_order(name, r.doubted_milestones)]
        out[name] = {
            "count": len(values),
            "median": percentile(values, 0.5) if values else None,
            "p90": percentile(values, 0.9) if values else None,
        }
    return out


def aggregate(rows: list[Row]) -> dict[str, Any]:
    severities = sorted({r.severity for r in rows})
    quarters = sorted({r.quarter or "unknown" for r in rows})
    return {
        "all": summarise(rows),
        "by_severity": {s: summarise(r for r in rows if r.severity == s) for s in severities},
        "by_quarter": {q: summarise(r for r in rows if (r.quarter or "unknown") == q)
                       for q in quarters},
    }


#: The fields the durations are read from: an error in one of them makes them unreliable.
_DURATION_FIELDS = ("timeline", "timezone")


#: Errors placed at no field that leave a value standing and say which: a key written twice
#: (PM002) and a Markdown section that repeats a front matter field (PM018), the first kept.
_FIRST_KEPT = frozenset({"PM002", "PM018"})


def _touches_durations(field: str, problem: Diagnostic | None = None, doc: Document | None = None) -> bool:
    """Whether a schema error at ``field`` (``timeline[3].at``; empty: the whole file) can change
    the durations. A key written twice (``problem``, read in ``doc``) changes them when it is
    ``timeline`` or ``timezone``, or an entry's ``at`` or ``milestone`` (or a key unknown
    there); an entry's ``actor`` or ``event`` written twice changes none, nor does a Markdown
    section given twice, as sections fill the narrative only (summary, impact, lessons)."""
    top = field.split(".", 1)[0].split("[", 1)[0]
    if top or problem is None or doc is None or problem.code not in _FIRST_KEPT:
        return not top or top in _DURATION_FIELDS
    if problem.code == "PM018":
        return False
    key = _twice_key(problem, doc)
    if _in_timeline(problem, doc):
        from pmkit.model import TimelineEntry

        # The fields of an entry that hold no time and no milestone: the first kept, the
        # durations are the same whichever value was meant.
        return key not in set(TimelineEntry.model_fields) - {"at", "milestone"}
    return key in _DURATION_FIELDS


def _twice_key(problem: Diagnostic, doc: Document) -> str:
    """The key a PM002 finding is placed at, as written (without its quotes)."""
    # (YAML's line breaks only: a U+2028 pasted into a text is no line of the file)
    line = re.split(r"\r\n|\r|\n", doc.text.removeprefix("\ufeff"))[problem.line - 1:problem.line]
    return (line[0][problem.col - 1:(problem.end_col or problem.col) - 1] if line else "").strip("'\" ")


def _in_timeline(problem: Diagnostic, doc: Document) -> bool:
    """Whether a finding is placed inside the value of ``timeline``."""
    timeline = doc.value_spans.get(("timeline",))
    return timeline is not None and timeline.line <= problem.line < timeline.end_line + (timeline.end_col > 1)


def collect(paths: Sequence[str], max_bytes: int, notes: list[str] | None = None,
            config: Config | None = None) -> tuple[list[Row], list[dict[str, str]]]:
    """Load every postmortem under ``paths``; files that do not load are returned as skipped.
    A line for each file skipped or measured despite an error goes to ``notes`` when given.
    With ``config``, the milestones ``pmkit check`` finds wrong by its timeline settings are
    left out of the aggregates."""
    from pmkit.api import load_all
    from pmkit.commands import read_as_text
    from pmkit.durations import marked_twice, metrics
    from pmkit.rules.timeline import doubted_milestones

    rows: list[Row] = []
    skipped: list[dict[str, str]] = []
    for loaded in load_all(paths, max_bytes=max_bytes):
        name, model = loaded.path, loaded.model
        # A model that set an invalid time aside would give durations the file does not say;
        # an error elsewhere (an unknown key, an action item's bad date) changes none of them,
        # and the file is measured, as 'pmkit actions' lists its items, with a note.
        touching = [d for d in loaded.problems if _touches_durations(d.field, d, loaded.doc)]
        if model is None or touching:
            first = touching[0] if touching else None
            reason = f"{first.line}:{first.col}: {first.code} {first.message}" if first else \
                loaded.describe_problem()
            skipped.append({"path": name, "reason": reason})
            if notes is not None:
                notes.append(f"pmkit: skipped {name}: {reason}")
            continue
        if loaded.problems and notes is not None:
            first = loaded.problems[0]
            why = ("the key is no entry's time or milestone, so it changes no duration"
                   if first.code in _FIRST_KEPT and _in_timeline(first, loaded.doc) else
                   "the error does not touch the timeline")
            notes.append(f"pmkit: {name}:{loaded.describe_problem()} (measured anyway: {why}; "
                         "see 'pmkit check')")
        as_text = read_as_text(loaded, "timeline")
        if as_text is not None and notes is not None:
            notes.append(f"pmkit: {name}:{as_text}: its milestones are not measured (see 'pmkit check')")
        found = metrics(model)
        twice = marked_twice(model)
        if twice and notes is not None:
            notes.extend(_marked_twice_notes(name, loaded.doc, model, twice))
        lived_twice = _happened_twice(loaded.doc, model)
        if notes is not None:
            notes.extend(_happened_twice_notes(name, loaded.doc, model, lived_twice))
        rows.append(Row(path=name, id=model.id, title=model.title, severity=model.severity.value,
                        quarter=quarter(found), metrics=found,
                        marked_twice=tuple(milestone.value for milestone in twice),
                        happened_twice=tuple(milestone.value for milestone in lived_twice),
                        doubted_milestones=None if config is None
                        else frozenset(doubted_milestones(loaded.doc, model, config))))
    return rows, skipped


def _marked_twice_notes(name: str, doc: Document, model: Any, twice: dict[Any, list[int]]) -> list[str]:
    """A line for each milestone of ``model`` marked on several entries at different times: which
    entry its durations count, and the times of the others, at the place PM103 reports."""
    from pmkit.rules.timeline import fmt_time

    view = doc.rule_view()  # (paths count the entries as the model holds them)
    out = []
    for milestone, (first, *others) in twice.items():
        timeline = model.timeline
        at = view.span(("timeline", others[0], "milestone"))
        rest = " and ".join(f"{fmt_time(timeline[i].at)} (line {view.span(('timeline', i)).line})"
                            for i in others if timeline[i].at != timeline[first].at)
        out.append(f"pmkit: {name}:{at.line}:{at.col}: '{milestone.value}' is marked on {len(others) + 1} "
                   f"entries at different times: measured from the first, {fmt_time(timeline[first].at)} "
                   f"(line {view.span(('timeline', first)).line}), not {rest} (see 'pmkit check', PM103)")
    return out


def _happened_twice(doc: Document, model: Any) -> dict[Any, tuple[int, datetime]]:
    """The milestones of ``model`` whose time is written without an offset at a wall clock the
    document's zone lived through twice (the night the clocks go back), each with its entry's
    index and its second occurrence: the schema reads the first, which may be an hour early."""
    from pmkit.model import BareDate
    from pmkit.rules.timeline import second_occurrence, written_with_offset

    if not model.timezone:
        return {}
    data = doc.rule_view().data  # (items as the model holds them)
    written = data.get("timeline") if isinstance(data, dict) else None
    out: dict[Any, tuple[int, datetime]] = {}
    seen = set()
    for index, entry in enumerate(model.timeline or ()):
        if entry.milestone is None or entry.milestone in seen:
            continue
        seen.add(entry.milestone)  # (the durations count the first entry of each)
        item = written[index] if isinstance(written, list) and index < len(written) else None
        raw = item.get("at") if isinstance(item, dict) else None
        if isinstance(entry.at, BareDate) or not isinstance(raw, str) or written_with_offset(raw):
            continue
        later = second_occurrence(entry.at, model.zone)
        if later is not None:
            out[entry.milestone] = (index, later)
    return out


def _happened_twice_notes(name: str, doc: Document, model: Any,
                          lived_twice: dict[Any, tuple[int, datetime]]) -> list[str]:
    """A line for each milestone of :func:`_happened_twice`, at the place PM115 reports."""
    from pmkit.rules.timeline import fmt_time

    view = doc.rule_view()
    out = []
    for milestone, (index, later) in lived_twice.items():
        at = view.span(("timeline", index, "at"))
        out.append(f"pmkit: {name}:{at.line}:{at.col}: '{milestone.value}' is written without an offset at a "
                   f"time that happened twice in {model.timezone} (the clocks went back): measured as the "
                   f"first, {fmt_time(model.timeline[index].at)}, not the second, {fmt_time(later)} (see "
                   "'pmkit check', PM115)")
    return out


def _nearest(seconds: float, unit: int) -> int:
    """How many ``unit`` (in seconds) ``seconds`` (0 or more) is nearest to, halves up. Python's
    round() sends halves to the even neighbour, so 1h30m30s read 1h30m and 1h31m30s 1h32m."""
    return math.floor(Fraction(seconds) / unit + Fraction(1, 2))


def fmt_seconds(value: float | None) -> str:
    """``-`` for missing; ``90s``, ``1m30s``, ``45m``, ``6h10m``, ``24h11m``; ``3d04h`` from 72 h.
    Each is the nearest figure of the last unit it shows, halves up: 76h59m reads ``3d05h``
    (cutting the hours off read it ``3d04h``, 59 minutes short)."""
    if value is None:
        return "-"
    size = abs(value)
    secs = _nearest(size, 1)
    minutes = _nearest(size, 60)
    hours = _nearest(size, 3600) if minutes >= 72 * 60 else minutes // 60
    # (no sign on a figure that shows as zero: "-0m" would be read as something)
    sign = "-" if value < 0 and secs else ""
    if secs < 3600 and secs % 60:
        mins, rest = divmod(secs, 60)
        return f"{sign}{mins}m{rest:02d}s" if mins else f"{sign}{rest}s"
    if hours >= 72:
        return f"{sign}{hours // 24}d{hours % 24:02d}h"
    if hours:
        return f"{sign}{hours}h{minutes % 60:02d}m"
    return f"{sign}{minutes}m"


def _skipped_note(skipped: int) -> str:
    return (f"{skipped} file{'s' if skipped != 1 else ''} skipped, not measured: not a valid postmortem,"
            " or an error in the timeline or timezone (see 'pmkit check').")


def _marked_twice_note(rows: list[Row]) -> str | None:
    count = sum(1 for row in rows if row.marked_twice)
    if not count:
        return None
    return (f"{count} postmortem{'s mark' if count != 1 else ' marks'} a milestone on entries at different "
            "times; the first entry counts (see 'pmkit check', PM103).")


def _happened_twice_note(rows: list[Row]) -> str | None:
    count = sum(1 for row in rows if row.happened_twice)
    if not count:
        return None
    return (f"{count} postmortem{'s write' if count != 1 else ' writes'} a milestone without an offset at a "
            "time that happened twice (the clocks went back); the first counts (see 'pmkit check', PM115).")


def _in_start_order(rows: list[Row]) -> list[Row]:
    """The postmortems in the order both reports list them: by UTC impact start (a bare date at
    the start of its day, none last), then by id; not by path, which names files as people do."""
    return sorted(rows, key=lambda r: (_start_order(r.metrics.impact_started), r.id))


def render_text(rows: list[Row], aggregates: dict[str, Any], skipped: int = 0) -> str:
    """The report; ``skipped`` is how many files were not measured, said at its end (the figures
    leave them out) and in place of the report when no file was measured."""
    from pmkit.durations import DURATIONS

    labels = [label for _, label in DURATIONS]
    names = [name for name, _ in DURATIONS]
    lines: list[str] = []
    if not rows:
        return "No postmortems to report" + (f": {_skipped_note(skipped)}" if skipped else ".") + "\n"
    ordered = _in_start_order(rows)
    left_out = [row.left_out() for row in ordered]
    # (a column with a mark keeps its figures aligned: the others get a blank where it goes)
    marked = {name for out in left_out for name in out}
    header = ["id", "severity", "impact start (UTC)",
              *[label + (" " if name in marked else "") for name, label in DURATIONS]]
    body = []
    for row, out in zip(ordered, left_out, strict=True):
        start = row.metrics.impact_started
        when = "-" if start is None else _in_utc(start).strftime(
            "%Y-%m-%d" if _bare(start) else "%Y-%m-%d %H:%M")
        durations = row.metrics.durations()
        body.append([row.id, row.severity, when,
                     *[fmt_seconds(d.total_seconds() if d is not None else None)
                       + (LEFT_OUT_MARK if name in out else " " if name in marked else "")
                       for name, d in durations.items()]])
    lines.append(f"Postmortems ({len(rows)}); durations from impact start")
    lines.extend(table([header, *body], frozenset(range(3, 3 + len(labels)))))
    lines.append("")
    lines.append("Aggregates: median / p90 (n=... when fewer postmortems have both milestones)")
    agg_body = []
    groups = [("all", aggregates["all"])]
    groups += [(k, v) for k, v in aggregates["by_severity"].items()]
    groups += [(k, v) for k, v in aggregates["by_quarter"].items()]
    for group, summary in groups:
        cells = [group, str(summary["count"])]
        for name in names:
            item = summary[name]
            cell = f"{fmt_seconds(item['median'])} / {fmt_seconds(item['p90'])}"
            if item["count"] != summary["count"]:
                cell += f" (n={item['count']})"
            cells.append(cell if item["count"] else "-")
        agg_body.append(cells)
    lines.extend(table([["group", "count", *labels], *agg_body], frozenset({1})))
    notes = [note for note in (LEFT_OUT_NOTE if marked else None, _marked_twice_note(rows),
                               _happened_twice_note(rows),
                               _skipped_note(skipped) if skipped else None) if note]
    if notes:
        lines.extend(["", *notes])
    return "\n".join(lines) + "\n"


def render_json(rows: list[Row], aggregates: dict[str, Any], skipped: list[dict[str, str]]) -> str:
    payload = {
        "version": JSON_VERSION,
        "unit": "seconds",
        "postmortems": [
            {"path": r.path, "id": r.id, "title": r.title, "severity": r.severity,
             "quarter": r.quarter, **r.metrics.to_dict(), "doubted": r.left_out(),
             "marked_twice": list(r.marked_twice), "happened_twice": list(r.happened_twice)}
            for r in _in_start_order(rows)
        ],
        "aggregates": aggregates,
        "skipped": skipped,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    inputs = report_inputs(args)
    if inputs is None:
        return 2
    config, paths = inputs
    notes: list[str] = []
    from pmkit.discovery import discover

    rows, skipped = collect(discover(paths, config), config.max_file_size, notes, config)
    for line in notes:
        complain(line)
    aggregates = aggregate(rows)
    if args.format == "json":
        emit_data(render_json(rows, aggregates, skipped))
    else:
        emit(render_text(rows, aggregates, len(skipped)))
    return 0
