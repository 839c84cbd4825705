"""Validate a :class:`Document` against the model and turn pydantic errors into PM0xx findings.

Each pydantic error becomes one diagnostic at the exact key or value it concerns, with a
message in the author's terms ("unknown key 'severty' (did you mean 'severity'?)") rather
than pydantic's.
"""

from __future__ import annotations

import copy
import enum
import functools
import json
import math
import re
import types
import typing
import unicodedata
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from pmkit.diagnostics import UNSEEN_CATEGORIES, Diagnostic, Severity, closest, escape_char, shown
from pmkit.loader import MAX_INT_BITS, Document, FieldPath, Span, format_path, lookalike, value_at
from pmkit.model import A_TIME_FOR_A_DATE, NOT_A_DATE, OFFSET_RANGE, Postmortem, validation_context
from pmkit.vocabulary import ID_MAX_LENGTH, is_id

#: pydantic error type → (code, name). Everything not listed is a wrong type (PM012).
_ERROR_CODES: dict[str, tuple[str, str]] = {
    "extra_forbidden": ("PM010", "unknown-key"),
    "missing": ("PM011", "missing-field"),
    "enum": ("PM013", "invalid-value"),
    "literal_error": ("PM013", "invalid-value"),
    "string_pattern_mismatch": ("PM013", "invalid-value"),
    "string_too_short": ("PM013", "invalid-value"),
    "string_too_long": ("PM013", "invalid-value"),
    "greater_than_equal": ("PM013", "invalid-value"),
    "finite_number": ("PM013", "invalid-value"),
    "naive_timestamp": ("PM014", "naive-timestamp"),
    "timestamp_format": ("PM015", "invalid-timestamp"),
    "timestamp_type": ("PM015", "invalid-timestamp"),
    "date_format": ("PM015", "invalid-timestamp"),
    "date_type": ("PM015", "invalid-timestamp"),
    "year_range": ("PM015", "invalid-timestamp"),
    "unknown_timezone": ("PM016", "unknown-timezone"),
}

#: How to write what a field that takes a date or a timestamp (a correction's ``at``) could not
#: read as either: a hint for one of them alone sent the author away from the other.
_EITHER_HINT = ("Write the date as year-month-day, e.g. 2018-11-30, or the time with its date and UTC "
                "offset, e.g. 2018-10-21T22:52:00Z; this field takes either.")

#: How to write a time or a date that pmkit could not read (PM015).
_TIME_HINTS = {
    "timestamp_format": "Write the date, the time and its UTC offset, e.g. 2018-10-21T22:52:00Z or "
                        "2018-10-21T22:52:00+02:00.",
    "timestamp_type": "Write the date, the time and its UTC offset, e.g. 2018-10-21T22:52:00Z or "
                      "2018-10-21T22:52:00+02:00.",
    "date_format": "Write the date as year-month-day, e.g. 2018-11-30.",
    "date_type": "Write the date as year-month-day, e.g. 2018-11-30.",
    "year_range": "Write the year it happened; leave a date that is not known yet out rather than "
                  "write a placeholder.",
}

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
}


def _unseen_in_key(key: str, allowed: list[str]) -> str:
    """The hint for a key that is an allowed one but for characters nobody sees (a byte order
    mark where two files were joined, a zero-width space from a paste), or ""."""
    hidden = [char for char in key if char != " " and unicodedata.category(char) in UNSEEN_CATEGORIES]
    clean = "".join(char for char in key if char not in hidden).strip()
    if not hidden or clean not in allowed:
        return ""
    char = hidden[0]
    name = unicodedata.name(char, "").lower() or "an unnamed character"
    what = f"{name} ({escape_char(char)}" + (", a byte order mark" if char == "\ufeff" else "") + ")"
    return (f"The key holds a character that does not show, a {what}, left by a paste or where files "
            f"were joined: delete it, to write '{clean}'.")


def _key_with_unseen(doc: Document, path: FieldPath) -> tuple[int, str, str] | None:
    """(line, key, what is wrong with it) of a key beside the missing field ``path`` that is its
    name with characters nobody sees or with letters outside ASCII that look like its own, or
    None."""
    parent = value_at(doc.data, path[:-1])
    if not isinstance(parent, dict):
        return None
    for key in parent:
        if not isinstance(key, str) or key == path[-1]:
            continue
        if _unseen_in_key(key, [str(path[-1])]):
            return doc.span((*path[:-1], key), key=True).line, key, "a character that does not show"
        if look := lookalike(key, str(path[-1])):
            return doc.span((*path[:-1], key), key=True).line, key, look
    return None


class Endless:
    """A list or mapping set in code that no file can hold, as :func:`pmkit.validate` gives it
    to the schema in its place: one that holds itself (``loop.append(loop)``), or one nested
    deeper than a file is read (``MAX_DEPTH``). The rules that walk a document's data followed
    it until Python's RecursionError."""

    def __init__(self, value: list[Any] | dict[Any, Any], why: str) -> None:
        self.what = f"a {'list' if isinstance(value, list) else 'mapping'} {why}"

    def __repr__(self) -> str:
        return f"<{self.what}>"


def _first_words(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, cut at the end of a word ("'Hotfix bauen oder Flag
    abschalten oder'…", not "... oder a'…"); a word longer than half of that (an address, a
    token) is cut where the limit falls. Any blank ends a word (a no-break space, U+3000);
    a text that is blank up to the limit is shown as its first ``limit`` characters."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if text[limit].isspace():
        words = head.rstrip()
    else:
        blank = next((at for at in range(limit - 1, limit // 2 - 1, -1) if text[at].isspace()), None)
        words = head if blank is None else text[:blank].rstrip()
    return words or head  # (blanks alone: quoted as they are, not as '')


def describe(value: Any) -> str:
    if isinstance(value, Endless):
        return value.what
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        # (set in code: Python writes no whole number of more than 4,300 digits in decimal)
        return f"a whole number of about {int(value.bit_length() * math.log10(2)):,} digits"
    if isinstance(value, (int, float)):
        written = str(value)  # (the loader keeps integers short enough to write out)
        digits = len(written.lstrip("-"))
        return f"the number {written if digits <= 40 else f'{written[:20]}… ({digits:,} digits)'}"
    if isinstance(value, str):
        quoted = _first_words(value, 40)
        return f"the text '{shown(quoted)}'" + ("…" if len(quoted) < len(value) else "")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    # Set in code (pmkit.validate): no value of a file.
    if isinstance(value, (bytes, bytearray)):
        return f"the bytes {bytes(value[:40])!r}" + ("…" if len(value) > 40 else "")
    return f"a Python {type(value).__name__}"


#: Keys other templates and tools use for a field of pmkit's (in Jira, PagerDuty and incident.io
#: exports, and in the templates of practice.md), by the section they are written in: spelling
#: alone does not lead from "deadline" to "due", and it leads from "description" to "decision".
_KEY_SYNONYMS: dict[str, dict[str, str]] = {
    "Postmortem": {"version": "pmkit", "format_version": "pmkit", "schema_version": "pmkit",
                   "name": "title", "language": "lang", "sev": "severity", "time_zone": "timezone",
                   "tz": "timezone", "tldr": "summary", "tl_dr": "summary", "author": "authors",
                   "actions": "action_items", "follow_ups": "action_items", "followups": "action_items",
                   "action_plan": "action_items", "lessons_learned": "lessons", "learnings": "lessons",
                   "factors": "contributing_factors", "events": "timeline", "approved_by": "approvals",
                   "root_cause": "contributing_factors", "root_causes": "contributing_factors",
                   "causes": "contributing_factors", "cause": "contributing_factors",
                   "causal_factors": "contributing_factors", "what_happened": "summary",
                   "executive_summary": "summary", "overview": "summary", "description": "summary",
                   "remediation": "action_items", "remediations": "action_items",
                   "remediation_items": "action_items", "corrective_actions": "action_items",
                   "next_steps": "action_items", "todos": "action_items", "tasks": "action_items",
                   "customer_impact": "impact", "user_impact": "impact", "business_impact": "impact",
                   "impact_summary": "impact", "trigger": "contributing_factors",
                   "triggers": "contributing_factors"},
    "TimelineEntry": {"time": "at", "timestamp": "at", "when": "at", "date": "at", "datetime": "at",
                      "description": "event", "what": "event", "text": "event", "details": "event",
                      "message": "event", "who": "actor", "by": "actor", "responder": "actor",
                      "links": "evidence", "link": "evidence", "sources": "evidence", "source": "evidence",
                      "screenshot": "evidence", "screenshots": "evidence", "graph": "evidence",
                      "dashboard": "evidence", "url": "evidence", "type": "milestone", "kind": "milestone",
                      "phase": "milestone", "status": "milestone", "stage": "milestone"},
    "ActionItem": {"due_date": "due", "deadline": "due", "due_by": "due", "due_on": "due",
                   "target_date": "due", "assignee": "owner", "assigned_to": "owner",
                   "responsible": "owner", "issue": "tracker", "jira": "tracker", "link": "tracker",
                   "url": "tracker", "description": "title", "action": "title", "name": "title",
                   "summary": "title", "state": "status", "factors": "addresses", "eta": "due",
                   "target": "due", "kind": "type", "category": "type", "severity": "priority",
                   "urgency": "priority", "ticket_url": "tracker", "assignees": "owner", "cause": "addresses",
                   "causes": "addresses", "factors_addressed": "addresses",
                   "contributing_factors": "addresses"},
    "Decision": {"alternatives": "options_considered", "options": "options_considered",
                 "alternatives_considered": "options_considered", "reason": "rationale",
                 "reasoning": "rationale", "why": "rationale", "justification": "rationale",
                 "decider": "decided_by", "decision_maker": "decided_by", "made_by": "decided_by",
                 "by": "decided_by", "time": "at", "when": "at", "result": "outcome",
                 # (spelling led "decision_by" to 'decision', and "what_was_known" nowhere)
                 "decision_by": "decided_by", "decided": "decided_by", "what_was_known": "known_at_the_time",
                 "what_we_knew": "known_at_the_time", "known": "known_at_the_time",
                 "known_then": "known_at_the_time", "information_available": "known_at_the_time",
                 "trade_offs": "tradeoff", "tradeoffs": "tradeoff", "cost": "tradeoff"},
    "Impact": {"affected_users": "users_affected", "users_impacted": "users_affected",
               "impacted_users": "users_affected", "users": "users_affected",
               "affected_customers": "customers_affected", "customers_impacted": "customers_affected",
               "impacted_customers": "customers_affected", "customers": "customers_affected",
               "data_lost": "data_loss"},
    "Lessons": {"what_went_well": "went_well", "went_right": "went_well",
                "what_went_wrong": "went_wrong", "where_we_got_lucky": "lucky", "got_lucky": "lucky"},
    "Approval": {"approver": "by", "name": "by", "approved_at": "at", "date": "at", "time": "at"},
    "Notification": {"sent": "sent_at", "time": "sent_at", "at": "sent_at", "date": "sent_at",
                     "url": "link", "medium": "channel"},
}


@functools.lru_cache(maxsize=256)
def _closest_key(key: str, allowed: tuple[str, ...], section: str = "") -> str | None:
    """The allowed key ``key`` most likely means: the same key in other words ("due date",
    "Users-Affected"), a name other templates give the field ("deadline" for "due"), else the
    closest spelling. Cached: a list of 20,000 timeline entries with the same wrong key
    ("time:" for "at:") asked difflib 20,000 times the same question."""
    plain = re.sub(r"[\s-]+", "_", key.strip()).lower()
    if plain in allowed and plain != key:
        return plain
    meant = _KEY_SYNONYMS.get(section, {}).get(plain)
    if meant in allowed:
        return meant
    return closest(key, allowed, cutoff=0.6)


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (list indices skipped)."""
    model: Any = Postmortem
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Find the BaseModel inside ``list[X] | None`` and friends."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _enum_at(path: FieldPath) -> list[str]:
    parent = _model_at(path[:-1])
    if parent is None or not path or not isinstance(path[-1], str):
        return []
    info = parent.model_fields.get(path[-1])
    return _enum_values(info.annotation) if info else []


def _enum_values(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(m.value) for m in annotation]
    for arg in typing.get_args(annotation):
        found = _enum_values(arg)
        if found:
            return found
    return []


def is_time_field(path: FieldPath) -> bool:
    """Whether the value at ``path`` is read as a date or a timestamp (``at``, ``due``,
    ``aware_at``...): a placeholder written there is the schema's finding, not text."""
    return bool(_field_time_kinds(path))


def _takes_date_or_time(path: FieldPath) -> bool:
    """Whether the field at ``path`` takes a date as well as a timestamp (a correction's ``at``)."""
    return _field_time_kinds(path) == {date, datetime}


def _field_time_kinds(path: FieldPath) -> set[Any]:
    """The date and time types the field at ``path`` takes (none where it is no model's field)."""
    model = _model_at(path[:-1]) if path and isinstance(path[-1], str) else None
    info = model.model_fields.get(str(path[-1])) if model is not None else None
    return _time_kinds(info.annotation) if info is not None else set()


def _time_kinds(annotation: Any) -> set[Any]:
    """The date and time types in ``annotation`` (``Day | Timestamp | None``: date and datetime)."""
    if annotation in (date, datetime):
        return {annotation}
    return set().union(*(_time_kinds(arg) for arg in typing.get_args(annotation)))


def _placeholder_advice(kind: str, path: FieldPath, value: Any) -> tuple[str, str] | None:
    """(message, hint) for a date or time still written as the template's placeholder
    ('due: TBD'): "'TBD' is not a date" told the author what they knew, and not what to do."""
    from pmkit.rules.loading import PLACEHOLDER

    if not isinstance(value, str) or PLACEHOLDER.fullmatch(value.strip()) is None:
        return None
    what = "a date such as 2018-11-30" if kind == "date_format" else "a time such as 2018-10-21T22:52:00Z"
    message = f"'{value.strip()}' is a placeholder, not {what}"
    if path[-1] == "due":
        return message, ("Write the date the owner agreed to, e.g. 2018-11-30; until one is agreed, leave "
                         "'due' out (PM705 lists the item as having no due date).")
    if kind == "date_format":
        return message, "Write the date once it is known, year-month-day, e.g. 2018-11-30."
    return message, ("Write the time once it is known, with its date and UTC offset, e.g. "
                     "2018-10-21T22:52:00Z or 2018-10-21T22:52:00+02:00.")


def _is_field(path: FieldPath, name: str) -> bool:
    model = _model_at(path)
    return model is not None and name in model.model_fields


def _real_path(loc: tuple[int | str, ...], data: Any) -> FieldPath:
    """Keep the parts of a pydantic ``loc`` that exist in the data (drops union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and (part in node
                                                                   or _is_field(tuple(out), part)):
            out.append(part)  # a key written, or a field missing from the mapping
            node = node.get(part)
        # anything else is a union member or function name ("float" of a metric's value written
        # as a mapping): skip it
    return tuple(out)


#: A choice on a numbered scale (SEV1..SEV5, P0..P4), and a value written for one ("sev-0", "P 5", "0").
_SCALE_STEP = re.compile(r"([A-Za-z]+)(\d+)")
_SCALE_VALUE = re.compile(r"\s*([A-Za-z]*)[\s_-]?(\d+)\s*")


#: A language written by its name, in English or in itself, or by its three-letter code.
_LANGUAGE_NAMES = {"english": "en", "englisch": "en", "eng": "en", "german": "de", "deutsch": "de",
                   "ger": "de", "deu": "de"}


#: The words other templates and tools write for a value of pmkit's, by the set of values: a
#: postmortem's state in wikis ("final"), an action item's state and kind in trackers' words
#: ("closed", "monitoring"), a milestone in responders' ("ack"). Spelling alone leads from them
#: nowhere, or astray: from "todo" to 'wont-do', "complete" to 'open', "monitoring" to 'mitigate'.
_CHOICE_WORDS: dict[tuple[str, ...], dict[str, str]] = {
    ("draft", "in-review", "published"): {
        "final": "published", "done": "published", "complete": "published", "completed": "published",
        "finished": "published", "approved": "published", "released": "published", "public": "published",
        "wip": "draft", "in progress": "draft", "in-progress": "draft", "in_progress": "draft",
        "open": "draft", "new": "draft", "todo": "draft", "started": "draft", "entwurf": "draft",
        "under review": "in-review", "pending review": "in-review", "ready for review": "in-review",
        "veröffentlicht": "published", "fertig": "published", "abgeschlossen": "published"},
    # An action item's state in trackers' words (Jira, GitHub, Linear).
    ("open", "in-progress", "done", "wont-do"): {
        "complete": "done", "completed": "done", "closed": "done", "resolved": "done", "fixed": "done",
        "finished": "done", "implemented": "done", "merged": "done", "shipped": "done", "erledigt": "done",
        "todo": "open", "to do": "open", "to-do": "open", "backlog": "open", "new": "open", "planned": "open",
        "blocked": "open", "offen": "open", "wip": "in-progress", "started": "in-progress",
        "doing": "in-progress", "in review": "in-progress", "in arbeit": "in-progress",
        "cancelled": "wont-do", "canceled": "wont-do", "won't fix": "wont-do", "wontfix": "wont-do",
        "won't do": "wont-do", "rejected": "wont-do", "declined": "wont-do", "dropped": "wont-do"},
    ("prevent", "mitigate", "detect", "repair", "investigate", "process"): {
        "monitoring": "detect", "alerting": "detect", "alert": "detect", "observability": "detect",
        "fix": "repair", "bugfix": "repair", "bug fix": "repair", "cleanup": "repair", "clean-up": "repair",
        "documentation": "process", "docs": "process", "runbook": "process", "training": "process"},
    # PagerDuty's incident states (triggered, acknowledged, resolved) and the words of German
    # timelines: spelling led "triggered" to 'mitigated', and "behoben" nowhere.
    ("impact_started", "detected", "acknowledged", "mitigated", "resolved"): {
        "ack": "acknowledged", "acked": "acknowledged", "alert": "detected", "alerted": "detected",
        "alert fired": "detected", "triggered": "detected", "fixed": "resolved", "closed": "resolved",
        "beginn": "impact_started", "störungsbeginn": "impact_started", "auswirkung begann": "impact_started",
        "erkannt": "detected", "entdeckt": "detected", "bemerkt": "detected", "alarmiert": "detected",
        "bestätigt": "acknowledged", "quittiert": "acknowledged", "übernommen": "acknowledged",
        "eingedämmt": "mitigated", "entschärft": "mitigated", "abgemildert": "mitigated",
        "behoben": "resolved", "gelöst": "resolved", "beendet": "resolved"},
}

#: Words of the scales other tools rate severity and priority on, with the step they name when
#: the scale's steps are read in order (Critical/High/Medium/Low; Jira's Highest..Lowest). Not
#: offered as "did you mean": a team's own scale may set "high" at the top.
_SCALE_WORDS: dict[str, dict[str, int]] = {
    "SEV": {"critical": 1, "blocker": 1, "kritisch": 1, "high": 2, "major": 2, "hoch": 2, "medium": 3,
            "moderate": 3, "minor": 3, "mittel": 3, "low": 4, "niedrig": 4, "trivial": 5,
            "cosmetic": 5},
    "P": {"critical": 0, "blocker": 0, "urgent": 0, "highest": 0, "kritisch": 0, "high": 1, "hoch": 1,
          "medium": 2, "normal": 2, "mittel": 2, "low": 3, "niedrig": 3, "lowest": 4},
}


def suggest_choice(value: Any, choices: list[str]) -> str | None:
    """The choice an invalid enum value most likely means, or None.

    On a numbered scale a number past either end means that end: "SEV0" is worse than the
    worst, so SEV1 (spelling distance would pick SEV5), "SEV6" is SEV5, "P5" is P4; a bare
    number ("0") counts too. Otherwise the closest spelling, ignoring case ('sev1' means SEV1,
    'Published' means published).
    """
    word = _CHOICE_WORDS.get(tuple(choices), {}).get(" ".join(str(value).split()).lower())
    if word is not None:
        return word
    steps = [m for m in (_SCALE_STEP.fullmatch(c) for c in choices) if m is not None]
    written = _SCALE_VALUE.fullmatch(str(value))
    if steps and len(steps) == len(choices) and len({m.group(1) for m in steps}) == 1 and written:
        prefix = steps[0].group(1)
        # PagerDuty's incident priorities (P1..P5) name the severity steps of the same number.
        if written.group(1).lower() in ("", prefix.lower()) or (
                prefix == "SEV" and written.group(1).lower() in ("p", "s")):
            numbers = sorted(int(m.group(2)) for m in steps)
            number = min(max(int(written.group(2)), numbers[0]), numbers[-1])
            if number in numbers:
                return f"{prefix}{number}"
    lowered = {c.lower(): c for c in choices}
    named = _LANGUAGE_NAMES.get(str(value).strip().lower())
    if named in lowered:  # "lang: English", "lang: Deutsch": the language by its name
        return lowered[named]
    close = closest(str(value).lower(), lowered, cutoff=0.5)
    return lowered[close] if close is not None else None


def _scale_hint(value: Any, choices: list[str], field: str) -> str:
    """The hint for a severity or priority written as a word of another scale ("high",
    "critical"): pmkit's steps, and the one the word names on the scales that read in order."""
    prefix = next((p for p in _SCALE_WORDS if choices and choices[0] in (f"{p}0", f"{p}1")), None)
    if prefix is None or not isinstance(value, str):
        return ""
    step = _SCALE_WORDS[prefix].get(" ".join(value.split()).lower())
    if step is None:
        return ""
    ends = f"{choices[0]} {'the worst' if prefix == 'SEV' else 'the most urgent'} .. {choices[-1]}"
    return (f"Write a step of pmkit's scale, {ends}: the one your policy gives '{shown(value.strip())}'. "
            f"On a scale whose words read in order from the top (critical, high, medium, low) it is "
            f"{prefix}{step}: '{field}: {prefix}{step}'.")


#: Top-level keys of other templates that name no field of pmkit's, and where what they hold goes.
_ROOT_CAUSE_KEYS = frozenset({"root_cause", "root_causes", "cause", "causes", "causal_factors", "trigger",
                              "triggers"})
_RESOLUTION_KEYS = frozenset({"resolution", "resolved", "fix", "mitigation", "recovery"})


#: Keys other templates give the incident's times (a start, a detection, an end, a duration),
#: which pmkit reads from the timeline's milestones: the milestone each names.
_TIMING_KEYS = {
    **dict.fromkeys(("start", "started", "started_at", "start_time", "start_at", "impact_start",
                     "impact_started", "impact_started_at", "impact_start_time", "incident_start",
                     "began", "began_at"), "impact_started"),
    **dict.fromkeys(("detection", "detected", "detected_at", "detection_time", "detected_time"), "detected"),
    **dict.fromkeys(("acknowledged_at", "ack_at", "acknowledgement", "acknowledged_time"), "acknowledged"),
    **dict.fromkeys(("mitigated_at", "mitigation_time", "mitigated_time"), "mitigated"),
    **dict.fromkeys(("end", "ended", "ended_at", "end_time", "end_at", "resolved_at", "resolution_time",
                     "resolved_time", "incident_end", "impact_end", "impact_ended_at"), "resolved"),
}
_DURATION_KEYS = frozenset({"duration", "impact_duration", "incident_duration", "outage_duration",
                            "downtime", "time_to_resolve", "time_to_resolution", "time_to_detect",
                            "time_to_mitigate", "ttr", "ttd", "ttm", "mttr", "mttd"})


def _timing_advice(key: str, value: Any, section: str) -> str:
    """The hint for a key that gives one of the incident's times or its duration at the top
    (or in 'impact'), as other templates do: pmkit reads them from the timeline's milestones."""
    plain = re.sub(r"[\s-]+", "_", key.strip()).lower()
    if section not in ("Postmortem", "Impact"):
        return ""
    if plain in _DURATION_KEYS:
        return ("pmkit counts durations from the timeline's milestones (from 'impact_started' to "
                "'mitigated' and 'resolved'; 'pmkit stats' shows them): mark those entries, and say the "
                "duration in the summary if readers need it.")
    milestone = _TIMING_KEYS.get(plain)
    if milestone is None or section != "Postmortem":
        return ""
    written = str(value).strip() if value is not None and not isinstance(value, (bool, list, dict)) else ""
    written = written if "\n" not in written else ""
    start = "pmkit reads the incident's times from its timeline: write this one as the entry marked " \
        f"'milestone: {milestone}', "
    if written[:1].isdigit() and len(written) <= 40:  # a time, as other templates write it here
        return start + f"with its 'at: {shown(written)}' and what happened as its 'event'."
    if written:  # what happened ("detection: The 5xx alert fired."): the entry's event
        return start + f"with the time as its 'at' and 'event: {shown(_as_item(written[:80]))}'."
    return start + "with its 'at' and what happened as its 'event'."


def _top_key_advice(key: str, value: Any) -> str:
    """The hint for a top-level key other templates use where pmkit has another shape: one root
    cause (pmkit lists contributing factors, each with an id), a resolution (a timeline entry)."""
    plain = re.sub(r"[\s-]+", "_", key.strip()).lower()
    if plain in _ROOT_CAUSE_KEYS:
        text = value.strip() if isinstance(value, str) and "\n" not in value.strip() else ""
        if isinstance(value, list) and value and isinstance(value[0], str) and "\n" not in value[0]:
            text = value[0].strip()
        described = f"'description: {shown(text[:80])}'" if text else "'description: ...'"
        each = " (one item for each)" if isinstance(value, list) and len(value) > 1 else ""
        return ("pmkit lists the contributing factors, as incidents rarely have one cause: write "
                f"'contributing_factors:' and under it '- id: CF1'{each} with {described} indented "
                "beside the id.")
    if plain in _RESOLUTION_KEYS:
        return ("How the incident was resolved is the timeline entry marked 'milestone: resolved' (and "
                "'mitigated', for what stopped the impact first): write it there as its 'event', and "
                "in the summary.")
    return ""


def _plain(name: str) -> str:
    """``name`` without case and accents: "Zürich" is Zurich in the zone database."""
    return unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode().lower()


def suggest_zone(name: str) -> str | None:
    """The IANA zone ``name`` most likely means, or None: the same name in other case or with
    accents ('europe/zürich'), a city alone ('Zurich'), or a misspelt city of the region written
    ('Europe/Berln'). Abbreviations and offsets get no guess: CEST is not EST, although it is
    spelt alike."""
    import zoneinfo

    from pmkit.vocabulary import MACHINE_ZONES

    zones = {_plain(z): z for z in zoneinfo.available_timezones() if not MACHINE_ZONES.fullmatch(z)}
    written = _plain(name)
    if written in zones:
        return zones[written]
    # Nor zones named by an offset: Etc/GMT+1 is an hour behind UTC, not what GMT+1 means.
    zones = {plain: zone for plain, zone in zones.items() if not any(c.isdigit() for c in plain)}
    region, _, city = written.rpartition("/")
    if not region:
        found = [zone for plain, zone in zones.items() if plain.rpartition("/")[2] == city and "/" in plain]
        return found[0] if len(found) == 1 else None
    cities = {plain.rpartition("/")[2]: zone for plain, zone in zones.items()
              if plain.rpartition("/")[0] == region}
    close = closest(city, cities, cutoff=0.8)
    return cities[close] if close is not None else None


def _cut_by_comma(doc: Document, path: FieldPath, key: str) -> bool:
    """True when the key at ``path`` is text after a comma in a ``{ }`` mapping, written without
    a colon: "{title: Rotate certs, then delete old ones}" has the key 'then delete old ones'."""
    from pmkit.textmap import text_offset

    span = doc.key_spans.get((*path, key))
    if span is None or value_at(doc.data, (*path, key)) is not None:
        return False
    start = text_offset(doc.text, span.line, span.col)
    end = text_offset(doc.text, span.end_line, span.end_col)
    return doc.text[:start].rstrip().endswith(",") and doc.text[end:].lstrip(" \t")[:1] in (",", "}")


def _comma_advice(doc: Document, path: FieldPath) -> tuple[str, str] | None:
    """For an unknown key that a comma cut off the value before it, the message's addition and
    the hint: the field that lost its text, and the value written as one (quoted, or a number
    without its thousands separators)."""
    from pmkit.textmap import text_offset

    parent = value_at(doc.data, path[:-1])
    if not isinstance(parent, dict) or not _cut_by_comma(doc, path[:-1], str(path[-1])):
        return None
    keys = list(parent)
    first = last = keys.index(path[-1])
    while first > 0 and _cut_by_comma(doc, path[:-1], keys[first - 1]):
        first -= 1
    while last + 1 < len(keys) and _cut_by_comma(doc, path[:-1], keys[last + 1]):
        last += 1
    if first == 0:
        return None
    owner = keys[first - 1]
    value_span = doc.value_spans.get((*path[:-1], owner))
    end_span = doc.key_spans.get((*path[:-1], keys[last]))
    if value_span is None or end_span is None or isinstance(parent[owner], (dict, list)):
        return None
    written = doc.text[text_offset(doc.text, value_span.line, value_span.col):
                       text_offset(doc.text, end_span.end_line, end_span.end_col)]
    written = " ".join(written.split())
    if isinstance(parent[owner], (int, float)) and not isinstance(parent[owner], bool):
        if re.fullmatch(r"\d{1,3}(?:, ?\d{3})+", written):
            number = re.sub("[, ]", "", written)
        elif re.fullmatch(r"\d+, ?\d+", written):  # a decimal comma: "1,5" for 1.5
            number = re.sub(", ?", ".", written)
        else:
            return None
        return (f" (the comma in '{owner}: {written}' ended the number)",
                f"Write the number without a comma: {owner}: {number}.")
    quoted = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (f" (the comma before it ended the text of '{owner}')",
            f"Inside {{ }} a comma separates the fields: put the text in quotes, {owner}: {quoted}.")


#: A zone written as an offset ("+02:00", "UTC+1", "GMT-5") or as an abbreviation ("CEST", "EST",
#: "MESZ"): neither is a zone pmkit can count days and clock changes in.
_ZONE_OFFSET = re.compile(r"(?:UTC|GMT)?[ ]?(?P<sign>[+-])(?P<hours>[0-9]{1,2})(?::?(?P<minutes>[0-9]{2}))?",
                          re.IGNORECASE)
_ZONE_ABBREVIATION = re.compile(r"[A-Z]{2,5}")


def _zone_hint(value: str) -> str:
    """The hint for a ``timezone`` written as an offset or an abbreviation, else ""."""
    value = value.strip()
    place = ("the IANA name of the place whose clocks the times were read from (Europe/Berlin, "
             "America/New_York)")
    if (offset := _ZONE_OFFSET.fullmatch(value)) is not None:
        written = f"{offset['sign']}{int(offset['hours']):02d}:{offset['minutes'] or '00'}"
        return (f"An offset is no time zone: it does not follow the clock changes. Write {place}; or, "
                f"for times without clock changes, leave 'timezone' out and write the offset on each "
                f"time (2026-03-02T14:20{written}).")
    if _ZONE_ABBREVIATION.fullmatch(value):
        return (f"An abbreviation such as '{value}' names several zones, or half of one zone's year: "
                f"write {place}, or UTC.")
    return ""


#: What a value in brackets cannot hold as written (YAML would read it as syntax).
_FLOW_SYNTAX = re.compile(r"[\[\]{}#&*!|>'\"%@`]|: |:$|^- |^-$")


#: Words for true and false that YAML 1.1 read as booleans and YAML 1.2 (which pmkit reads)
#: reads as text; and their German.
_BOOLEAN_WORDS = frozenset({"yes", "no", "y", "n", "on", "off", "ja", "nein", "wahr", "falsch"})


#: Words written for a yes or a no where true or false goes ("data_loss: none", "partial").
_FALSE_WORDS = {"none": False, "no loss": False, "nothing": False, "keine": False, "kein": False,
                "keiner": False, "nichts": False, "partial": True, "partially": True, "some": True,
                "teilweise": True}
#: Words for "not known (yet)" written where a value goes.
_UNKNOWN_WORDS = frozenset({"unknown", "tbd", "tbc", "n/a", "na", "?", "unbekannt", "unclear", "not known",
                            "noch offen", "offen"})
#: A number with words around it ("about 4,200", "~4200", "4.2k", "1.5 million", "4,200+ users").
_APPROXIMATE = re.compile(r"(?:about|approx\.?|approximately|around|roughly|circa|ca\.|ca|over|more than|"
                          r"at least|up to|under|less than|almost|nearly|etwa|ungefähr|rund|über|mehr als|"
                          r"fast|knapp|~|≈|>|<|>=|<=)?\s*(?P<number>[0-9][0-9,.' \u202f]*?)\s*"
                          r"(?P<scale>k|m|mio\.?|million|millionen|thousand|tsd\.?|tausend)?\s*\+?"
                          r"(?:\s*[a-zäöü]+)?", re.IGNORECASE)
_RANGE = re.compile(r"(?:about |approx\.? |etwa |ca\. |~)?(?P<low>[0-9][0-9,.']*)\s*(?:-|–|—|to|bis)\s*"
                    r"(?P<high>[0-9][0-9,.']*)(?:\s*[a-zäöü]+)?", re.IGNORECASE)
_SCALES = {"k": 1_000, "thousand": 1_000, "tsd": 1_000, "tsd.": 1_000, "tausend": 1_000, "m": 1_000_000,
           "mio": 1_000_000, "mio.": 1_000_000, "million": 1_000_000, "millionen": 1_000_000}


def _written_number(digits: str, scale: str | None) -> int | None:
    """The count ``digits`` (with thousands separators, or a fraction before a scale) names."""
    digits = re.sub(r"[' \u202f]", "", digits).rstrip(".,")
    factor = _SCALES.get((scale or "").lower(), 1)
    if re.fullmatch(r"[0-9]{1,3}(?:([,.])[0-9]{3})(?:\1[0-9]{3})*", digits) and factor == 1:
        return int(re.sub("[,.]", "", digits))  # 4,200 or 4.200
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", digits) and len(digits) <= 30:  # no count is longer
        number = float(digits.replace(",", ".")) * factor
        return round(number) if factor > 1 or number.is_integer() else None
    return None


def _number_in_words_hint(field: str, text: str) -> str:
    """The hint for a count or a measure written with words or signs around it: the number to
    write ("about 4,200" is 4200, "4.2k" 4200), one number for a range, a share as a metric, and
    a count not known yet left out. "" when the text names no number pmkit can tell."""
    written = " ".join(text.split())
    if written.lower() in _UNKNOWN_WORDS:
        return (f"Leave '{field}' out while the count is unknown (PM504 asks for it), or write an "
                f"estimate as a number, e.g. '{field}: 12000'.")
    if (share := re.fullmatch(r"(?:about |approx\.? |etwa |ca\. |~)?([0-9]+(?:[.,][0-9]+)?)\s*%", written,
                              re.IGNORECASE)) is not None and field != "value":
        return (f"A share is no count: write how many that was ('{field}: 12000', say), and the share in "
                f"impact.description or as a metric (name, value: {share[1].replace(',', '.')}, unit: '%').")
    if (span := _RANGE.fullmatch(written)) is not None:
        high = _written_number(span["high"], None)
        if high is not None:
            return (f"Write one number, the estimate you stand behind (the range's upper end, "
                    f"'{field}: {high}', say), and the range in impact.description.")
    found = _APPROXIMATE.fullmatch(written)
    number = _written_number(found["number"], found["scale"]) if found is not None else None
    if number is None:
        return ""
    if re.fullmatch(r"[0-9]+", written):  # "12000" in quotes
        return f"Write the number without quotes: '{field}: {number}'."
    if written[:1].isdigit() and "+" not in written:  # "4,200 users", "4.2k": the number, written out
        return f"Write the number alone, in digits: '{field}: {number}'."
    return (f"Write the number: '{field}: {number}' (an estimate is welcome; say in impact.description "
            "that it is one).")


def _whole_number_hint(value: float) -> str:
    """How to write a count given as a fraction (``2.5``, meant as millions?) or as no finite
    number (``.nan`` for "unknown", digits past what a number holds)."""
    import math

    if not math.isfinite(value):
        return ("Write how many there were as a whole number, e.g. 12000, or leave the field out while "
                "the count is unknown (YAML reads .nan, .inf and numbers past about 1.8e308 as no "
                "finite number).")
    hint = ("Write how many there were as a whole number: round an estimate, and write a count in "
            "thousands or millions out in full")
    if 0.001 <= abs(value) < 1_000_000:
        hint += f" ({value!r} million is {round(value * 1_000_000)})"
    return hint + "."


def _shape_advice(kind: str, path: FieldPath, value: Any) -> str:
    """The hint for a value of the wrong shape: one value where a list goes, a text where a
    mapping goes, a mapping where a list goes, "yes" for true."""
    key = path[-1] if path and isinstance(path[-1], str) else None
    model = _model_at(path)
    if isinstance(value, (bytes, bytearray)) and kind == "string_type":  # set in code (pmkit.validate)
        return "Set it to text: bytes that hold text become text with .decode(), e.g. b'abc'.decode('utf-8')."
    if not isinstance(value, (str, int, float, list, dict, date, datetime)) and value is not None:
        return (f"Set it to {_TYPE_WORDS.get(kind, 'a value of the file format')}: a postmortem holds texts, "
                "numbers, true or false, dates, lists and mappings.")
    if kind == "bool_type" and isinstance(value, str) and value.strip().lower() in _BOOLEAN_WORDS:
        return (f"Write true or false: '{shown(value.strip())}' is text in YAML 1.2, which pmkit reads "
                "(YAML 1.1 took yes, no, on and off as booleans).")
    if kind == "bool_type" and isinstance(value, str) and key is not None:
        word = " ".join(value.split()).lower()
        if word in _UNKNOWN_WORDS:
            return f"Write true or false; leave '{key}' out while it is not known."
        meant = _FALSE_WORDS.get(word)
        if meant is None:
            return "Write true or false."
        said = f"Write true or false: '{key}: {str(meant).lower()}' for '{shown(value.strip())}'"
        return said + (", and what was lost in impact.description." if meant and key == "data_loss" else ".")
    if kind == "string_type" and isinstance(value, list) and value and all(
            isinstance(item, str) for item in value):
        return (f"Write one text, e.g. '{shown(' and '.join(value))}'; brackets that belong to the text "
                "go inside quotes.")
    if kind == "list_type" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        if model is None:  # a list of texts (evidence, tags, services)
            return _list_advice(key, str(value))
        return (f"Write each item as a mapping of fields ({_fields(model)}), each starting with '- ' "
                f"on its own line under '{key}:'.")
    if kind == "list_type" and isinstance(value, dict) and not value and key is not None:
        # '{}' written for "none yet": the hint named the mapping's first key, which it lacks.
        return (f"An empty list is written '{key}: []'; or write each item starting with '- ' on its "
                f"own line under '{key}:'.")
    if kind == "list_type" and isinstance(value, dict):
        example = "- " + (f"id: {next(iter(value))}" if value and model is not None
                          and "id" in model.model_fields else "...")
        return (f"Write it as a list: each item starting with '- ' on its own line under '{key}:' "
                f"({example}).")
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, str) \
            and model is not None:
        if key is not None and "description" in model.model_fields:
            return (f"Write the text as its description, on a line 'description: ...' indented under "
                    f"'{key}:', with its other fields ({_fields(model, 'description')}) beside it.")
        place = "after '- '" if path and isinstance(path[-1], int) else f"indented under '{key}:'"
        example = _text_entry_fields(model, path, value) if path and isinstance(path[-1], int) else ""
        return (f"Write it as a mapping of fields ({_fields(model)}), "
                + (f"{example} indented beside it: " if example else "")
                + f"one 'name: value' per line {place}.")
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, list) \
            and model is not None and key is not None:
        return _list_for_mapping_advice(key, model, value)
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, list) \
            and model is not None and len(path) >= 2 and isinstance(path[-1], int):
        # "timeline: [[1, 2]]": brackets inside the list's brackets make its item a list.
        first = _fields(model).split(", ")[0]
        return (f"Write each item of '{path[-2]}' as a mapping of fields ({_fields(model)}): "
                f"'- {first}: ...' on its own line under '{path[-2]}:', its other fields indented beside "
                f"'{first}:' (in brackets: [{{{first}: ...}}]); an item in brackets of its own ([1, 2]) is a "
                "list, not an entry.")
    return ""


#: The field that holds an entry's text, by the model of a list whose entries are written as
#: "key: text" (a timeline of time → event, action items of id → title).
_ENTRY_TEXT = {"TimelineEntry": ("at", "event"), "ActionItem": ("id", "title"),
               "ContributingFactor": ("id", "description"), "Decision": ("id", "decision")}


def _one_entry_advice(doc: Document, path: FieldPath, value: dict[Any, Any]) -> str:
    """The hint for one entry of a list written without its '- ' (``timeline: {at: ..., event: ...}``,
    or its fields indented under the list's key): a mapping whose keys are all fields of the
    list's entries, to write as a list of one entry, from its own keys and values."""
    from pmkit.textmap import text_offset

    model = _model_at(path)
    if model is None or not path or not isinstance(path[-1], str) \
            or not all(isinstance(name, str) and name in model.model_fields for name in value):
        return ""
    pairs = []
    for name in list(value)[:4]:
        # (each value as written, its quotes kept: "event: 'Deploy: started'" is still YAML)
        span = doc.value_spans.get((*path, name))
        written = "" if span is None or span.line != span.end_line else \
            doc.text[text_offset(doc.text, span.line, span.col):
                     text_offset(doc.text, span.end_line, span.end_col)].strip()
        pairs.append(f"{name}: {shown(written) if 0 < len(written) <= 40 else '...'}")
    more = ", ..." if len(value) > 4 else ""
    key = path[-1]
    span = doc.value_spans.get(path)
    flow = span is not None and doc.text[text_offset(doc.text, span.line, span.col):][:1] == "{"
    others = ", ".join(_quoted(pair) for pair in pairs[1:])
    beside = (f", and {others}{more} indented beside "
              f"'{next(iter(value))}:'" if len(pairs) > 1 else "")
    listed = ", ".join(pairs)
    brackets = f"in brackets, {_quoted(f'{key}: [{{{listed}{more}}}]')}, or " if flow else ""
    return (f"This is one entry of the list written as a mapping, without the '- ' that makes it an "
            f"item: write it as a list of one entry, {brackets}{_quoted(f'- {pairs[0]}')} on its own line "
            f"under '{key}:'{beside}.")


def _quoted(yaml: str) -> str:
    """``yaml`` quoted in a hint: in single quotes, or in double quotes when it has a single quote
    of its own ("event: 'Deploy: started'"), which the single quotes around it would hide."""
    return f'"{yaml}"' if "'" in yaml else f"'{yaml}'"


def _keyed_entries_advice(doc: Document, path: FieldPath, value: dict[Any, Any]) -> str:
    """The hint for a list of entries written as a mapping of each entry's time or id to its
    text (``2026-11-03T09:00Z: Deploy started``, as a wiki table or a chat export has them): the
    first entry as the list item it should be, from the author's own key and text."""
    from pmkit.textmap import text_offset

    model = _model_at(path)
    fields = _ENTRY_TEXT.get(model.__name__) if model is not None else None
    first = next(iter(value))
    text = value[first]
    span = doc.key_spans.get((*path, first))
    if fields is None or span is None or span.line != span.end_line or not isinstance(text, str) \
            or not text.strip() or "\n" in text.strip():
        return ""
    written = doc.text[text_offset(doc.text, span.line, span.col):
                       text_offset(doc.text, span.end_line, span.end_col)].strip()
    if len(written) >= 2 and written[0] == written[-1] and written[0] in "'\"":
        written = written[1:-1]
    if not written or len(written) > 40:
        return ""
    key, field = fields
    what = "its time and what happened" if key == "at" else "its id and its text"
    return (f"Write each entry as an item of the list, {what} as fields: '- {key}: {written}' on its own "
            f"line under '{path[-1]}:', and '{field}: {shown(text.strip()[:60])}' indented beside '{key}:'.")


#: A task list's box before an item's text ("[ ] Add an alert", "- [x] ..."), and whether it is ticked.
_TASK_BOX = re.compile(r"(?:[-*+]\s+)?\[(?P<box>[ xX]?)\]\s*")
#: An id before an item's text ("AI7: ...", "CF-2 - ...").
_LEADING_ID = re.compile(r"(?P<id>[A-Za-z]{1,4}-?[0-9]{1,4})\s*(?:[:.)\u2013\u2014-]\s*|\s+)(?=\S)")
#: A time before a timeline entry's text ("2026-11-03T09:00Z - Deploy", "09:12 UTC: Alert fired").
_LEADING_TIME = re.compile(
    r"(?P<at>(?:[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?|[0-9]{1,2}:[0-9]{2}"
    r"(?::[0-9]{2})?)(?:Z|[+-][0-9]{2}:?[0-9]{2}|\s?UTC)?)\s*(?:[:|\u2013\u2014-]\s*|\s+)(?=\S)")
#: The id prefix pmkit's templates use for the items of each list.
_ID_PREFIX = {"ActionItem": "AI", "ContributingFactor": "CF", "Decision": "D"}


def _text_entry_fields(model: type[BaseModel], path: FieldPath, value: str) -> str:
    """The fields to write for a list item written as one text ("Add a canary stage", "[ ] ...",
    "AI7: ...", "2026-11-03T09:00Z - Deploy"), from the author's text: its id (the one written
    before it, else the next of the list) and its text; a ticked box as its status."""
    text = " ".join(value.split())
    status = ""
    box = _TASK_BOX.match(text)
    if box is not None and "status" in model.model_fields:
        text = text[box.end():]
        status = "done" if box["box"] in ("x", "X") else ""
    name = model.__name__
    if name == "TimelineEntry":
        time = _LEADING_TIME.match(text)
        if time is None:
            return ""
        first, second = f"at: {time['at']}", f"event: {shown(text[time.end():][:80])}"
    elif name in _ID_PREFIX and isinstance(path[-1], int):
        field = _ENTRY_TEXT[name][1]
        written = _LEADING_ID.match(text)
        ident = f"{_ID_PREFIX[name]}{path[-1] + 1}"
        if written is not None and re.fullmatch(f"{_ID_PREFIX[name]}-?[0-9]+", written["id"], re.IGNORECASE):
            ident, text = written["id"], text[written.end():]
        if not text:
            return ""
        first, second = f"id: {ident}", f"{field}: {shown(_as_item(text[:80]))}"
    else:
        return ""
    if status:
        return f"'- {first}', '{second}' and 'status: {status}'"
    return f"'- {first}' and '{second}'"


def _list_for_mapping_advice(key: str, model: type[BaseModel], value: list[Any]) -> str:
    """The hint for a list written where one mapping goes: ``impact:`` with its fields after a
    '- ', or ``lessons:`` as a plain list of texts, which the format sorts into lists."""
    if len(value) == 1 and isinstance(value[0], dict):
        return (f"'{key}' holds one set of fields, not a list of them: remove the '- ' and indent "
                f"its fields ({_fields(model)}) under '{key}:'.")
    lists = [name for name, field in model.model_fields.items()
             if typing.get_origin(field.annotation) is list]
    if value and lists and len(lists) == len(model.model_fields) and all(isinstance(v, str) for v in value):
        first = lists[min(1, len(lists) - 1)]
        return (f"Sort the items into the lists of '{key}' ({', '.join(lists)}): '{first}:' indented under "
                f"'{key}:', and each item under it starting with '- '.")
    return (f"Write it as a mapping of fields ({_fields(model)}), one 'name: value' per line indented "
            f"under '{key}:'.")


def _fields(model: type[BaseModel], *left_out: str) -> str:
    """The model's fields to name in a hint: its required ones first, then up to six in all."""
    names = sorted((name for name in model.model_fields if name not in left_out),
                   key=lambda name: not model.model_fields[name].is_required())
    return ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")


#: Where a text of options joins them: a comma or a semicolon (with an "or" after it), or "or"
#: ("oder") between two of them; and the "either" ("entweder") before the first.
_OPTION_JOINS = re.compile(r"\s*[,;]\s*(?:(?:or|oder)\s+)?|\s+(?:or|oder)\s+", re.IGNORECASE)
_EITHER = re.compile(r"(?:either|entweder)\s+", re.IGNORECASE)


def _options_advice(text: str) -> str:
    """The hint for the options weighed written as one text that joins them ("wait for the vendor
    or pause the importer"): each of them as an item of the list, which one item in brackets
    (a single option, PM205) would not be; "" when the text joins no options."""
    options = [part.strip() for part in _OPTION_JOINS.split(_EITHER.sub("", text.strip(), count=1))]
    options = [option for option in options if option]
    if len(options) < 2:
        return ""
    items = ", ".join(shown(_as_item(option)) for option in options)
    return (f"Write each option as an item of the list, in brackets (options_considered: [{items}]) or each "
            "on its own line under the key, starting with '- '.")


def _list_advice(key: str | None, text: str) -> str:
    """The hint for one value where a list of texts goes (``evidence: https://...``, ``tags:
    cache, database``): the same text in brackets, which YAML reads as a list (split at its
    commas, as the author of "cache, database" meant)."""
    if not text.strip() and key is not None:
        # '' for "none": the empty list is written with brackets.
        return f"An empty list is written '{key}: []'; or write each item starting with '- ' on its own line."
    if "\n" in text.strip() or not text.strip() or key is None:
        return "Write it as a list: each item on its own line under the key, starting with '- '."
    if re.search(r"[.!?]$|[.!?]\s", text.strip()) and len(text.split()) > 3:
        # A sentence ("We could roll back, fail over, or wait."): in brackets YAML would split it
        # at its commas into the pieces "We could roll back", "fail over", "or wait.".
        return (f"Write each item on its own line under '{key}:', starting with '- ' (in brackets, this "
                "sentence would be split at its commas).")
    if key == "options_considered" and (options := _options_advice(text)):
        return options
    item = _as_item(text.strip())
    return (f"Write it as a list, in brackets ({key}: [{shown(item)}]) or with each item on its own line "
            "under the key, starting with '- '.")


#: A time of day written without its date ("09:12", "9:12:30").
_TIME_ALONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
#: The date a timestamp written in the document starts with, and its time of day.
_DATED = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}))?")


#: A time without its date, with its zone as an offset or as Windows names it: "10:05 UTC+5:45",
#: "10:05 (UTC+05:45) Kathmandu".
_TIME_ZONED = re.compile(r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?) *"
                         r"\(?(?P<zone>(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)\)?(?: +[^()]*)?",
                         re.IGNORECASE)


def _zone_offset(zone: str) -> str | None:
    """The offset a timestamp writes for ``UTC+5:45`` (``+05:45``; ``Z`` for ``UTC``), or None
    when no zone uses it."""
    found = re.fullmatch(r"(?:UTC|GMT)(?:(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?", zone,
                         re.IGNORECASE)
    if found is None:
        return None
    if not found["sign"] or (int(found["hours"]) == 0 and int(found["minutes"] or 0) == 0):
        return "Z"
    minutes = (int(found["hours"]) * 60 + int(found["minutes"] or 0)) * (-1 if found["sign"] == "-" else 1)
    if not OFFSET_RANGE[0] <= minutes <= OFFSET_RANGE[1] or int(found["minutes"] or 0) > 59:
        return None
    return f"{found['sign']}{int(found['hours']):02d}:{found['minutes'] or '00'}"


def _time_alone_advice(doc: Document, path: FieldPath, written: str, offset: str | None = "") -> str:
    """The hint for a time written without its date (``at: "09:12"`` in a timeline): the time
    after the date the entries around it give: the one before it, unless its time of day comes
    later (then midnight passed in between), and then the one after it. ``offset``: the one the
    time was written with ("09:12 (UTC+05:45)"), to write after it."""
    hour, minute, *rest = written.split(":")
    time = f"{int(hour):02d}:{minute}" + (f":{rest[0]}" if rest else "")
    here = path[-2] if len(path) >= 3 else None
    siblings = value_at(doc.data, path[:-2]) if isinstance(here, int) else None
    dated: list[tuple[int, str, str]] = []  # (index, date, time of day) of the entries with a date
    if isinstance(here, int) and isinstance(siblings, list):
        for index, item in enumerate(siblings):
            found = _DATED.match(str(item.get(path[-1]) or "")) if isinstance(item, dict) else None
            if found is not None and index != here:  # a text, or a date or time YAML read
                dated.append((index, found.group("day"), found.group("time") or ""))
    before = [entry for entry in dated if entry[0] < here] if isinstance(here, int) else []
    after = [entry for entry in dated if entry[0] > here] if isinstance(here, int) else []
    day = None
    if before and before[-1][2] <= time:
        day = before[-1][1]
    elif after:
        day = after[0][1]
    elif before:
        day = before[-1][1]
    zone = isinstance(doc.data, dict) and doc.data.get("timezone")
    source = " (the date the entries around it give)" if day else ""
    if offset:
        return (f"Write the date before the time, and the zone as its offset: "
                f"{day or 'YYYY-MM-DD'}T{time}{offset}{source}.")
    example = f"{day or 'YYYY-MM-DD'}T{time}" + ("" if zone else "Z")
    return (f"Write the date before the time: {example}{source}"
            + ("." if zone else ", with the offset the time was read in if it is not UTC."))


#: The keys of an owner written as a record ("name: ..., team: ...") that hold what to write, best first.
_OWNER_KEYS = ("name", "handle", "username", "user", "login", "role", "team", "email")

#: The fields that name a person or a role in one text, with what each names, as a hint says it.
_PERSON_FIELDS = {"owner": "the owner", "decided_by": "who decided", "actor": "who acted",
                  "by": "who signed off", "authors": "each author"}


def _person_field(path: FieldPath) -> str | None:
    """The field of ``path`` that names a person or a role in one text (an owner, who decided, a
    timeline entry's actor, an approval's 'by', an author), or None."""
    if not path:
        return None
    if path[-1] == "by" and path[0] != "approvals":
        return None
    if isinstance(path[-1], int):
        return "authors" if len(path) == 2 and path[0] == "authors" else None
    return str(path[-1]) if path[-1] in _PERSON_FIELDS else None


def _owner_advice(path: FieldPath, value: list[Any] | dict[str, Any]) -> str:
    """The hint for an owner written as a list (several people), or for a person or a role
    written as a record (a name with its team, as people directories and other templates keep
    them): one text, from the author's own."""
    field = _person_field(path)
    if field is None:
        return ""
    if isinstance(value, dict):
        found = next((value[key] for key in _OWNER_KEYS
                      if isinstance(value.get(key), str) and value[key].strip()), None)
        if found is None:
            return ""
        if field == "authors":
            return f"Write each author as one text, the name or handle: '- {_as_item(found.strip())}'."
        return (f"Write {_PERSON_FIELDS[field]} as one text, the role or handle: "
                f"'{field}: {_as_item(found.strip())}'.")
    first = value[0].strip() if value and isinstance(value[0], str) and value[0].strip() else ""
    if not first or field != "owner":
        return ""
    if len(path) == 1:
        return (f"'owner' names one accountable owner: write one, 'owner: {_as_item(first)}', and name "
                "the others in 'authors'.")
    return (f"An action item has one accountable owner: write one, 'owner: {_as_item(first)}'; if each of "
            "them owns a part, write one action item for each part.")


def _link_advice(path: FieldPath, value: list[Any]) -> str:
    """The hint for a timeline entry's ``decision:`` written as a list (``[D1]``, ``[D1, D2]``):
    the id as the link, which names one record; "" where the list holds no id."""
    ids = [item.strip() for item in value if isinstance(item, str) and item.strip()]
    if len(path) != 3 or path[0] != "timeline" or path[-1] != "decision" or not ids:
        return ""
    if len(ids) == 1:
        return f"Write the decision's id without brackets: 'decision: {_as_item(ids[0])}'."
    return (f"An entry links one decision record: write 'decision: {_as_item(ids[0])}', and link "
            f"{', '.join(ids[1:])} from an entry of its own, at the time it was taken.")


def _as_item(text: str) -> str:
    """``text`` as a plain YAML value would write it: quoted where YAML would read it otherwise."""
    return json.dumps(text, ensure_ascii=False) if _FLOW_SYNTAX.search(text) else text


#: A key that names a field ("option", "chosen_by"), not the start of a sentence with a colon.
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")
#: Keys that name an item's text in records people write ("- option: scale out" in every item);
#: "- fix: add a timeout" in every item may as well be text with a colon.
_TEXT_KEYS = frozenset({"option", "name", "title", "text", "description", "item", "label", "value"})


#: Keys that mark an option as the one taken ("chosen: true"), and keys that weigh it ("pros").
_CHOSEN_KEYS = frozenset({"chosen", "selected", "taken", "picked", "decision", "decided", "accepted"})
_WEIGHED_KEYS = frozenset({"pros", "cons", "pro", "con", "benefits", "risks", "drawbacks", "upside",
                           "downside", "advantages", "disadvantages", "tradeoff", "tradeoffs", "why",
                           "reason"})


def _record_advice(doc: Document, path: FieldPath, value: dict[str, Any]) -> str:
    """The hint for a record written as an item of a list of texts (``- option: scale out``,
    with ``chosen: true`` beside it or the other items written alike): the text its key for
    a text holds (option, name, title...), as the item; for an option marked as chosen, where
    the choice is written."""
    if len(path) < 2 or not isinstance(path[-1], int) or not isinstance(path[-2], str):
        return ""
    key = next((key for key in value if key in _TEXT_KEYS and isinstance(value[key], str)
                and value[key].strip()), None)
    siblings = value_at(doc.data, path[:-1])
    alike = sum(1 for item in siblings if isinstance(item, dict) and key in item) \
        if isinstance(siblings, list) else 0
    if key is None or not (len(value) > 1 or alike > 1) or not all(
            isinstance(name, str) and _FIELD_NAME.fullmatch(name) for name in value):
        return ""
    text = str(value[key]).strip()
    item = _as_item(text)
    chosen = ""
    if path[-2] == "options_considered" and any(name in _CHOSEN_KEYS for name in value):
        chosen = " The option taken is the decision itself: write it in 'decision'."
    elif path[-2] == "options_considered" and any(name in _WEIGHED_KEYS for name in value):
        chosen = " Its pros and cons go in 'rationale' and 'tradeoff'."
    return f"'{path[-2]}' is a list of texts, not of records: write this item as '- {shown(item)}'.{chosen}"


def _colon_advice(doc: Document, path: FieldPath, value: dict[str, Any]) -> str:
    """The hint for text that YAML read as a mapping because it holds ': ' ("- Alert fired:
    quickly" in a list of lessons): the same text in quotes."""
    from pmkit.textmap import text_offset

    span = doc.value_spans.get(path)
    if span is None or len(value) != 1 or isinstance(next(iter(value.values())), (dict, list)):
        return ""
    written = doc.text[text_offset(doc.text, span.line, span.col):
                       text_offset(doc.text, span.end_line, span.end_col)].strip()
    if "\n" in written or "\r" in written or (": " not in written and not written.endswith(":")):
        return ""
    quoted = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (f"YAML reads ': ' (a colon and a space) as a key and its value: put the text in quotes, "
            f"{quoted}.")


_ID_CHARS = "ASCII letters (a-z, A-Z), digits (0-9), '.', '_' and '-'"


def _ascii_id(value: str) -> str:
    """``value`` as an id pmkit accepts: letters such as ö and æ spelled out, accents dropped, any other
    run of characters outside the id's ASCII set made one '-'; "" when no letter or digit is
    left, or when a letter had no ASCII spelling (日本語 has none that pmkit could guess)."""
    # Spelled as 'pmkit new' spells a title in its ids ("Störung" is "Stoerung", "Ærø" "Aeroe").
    from pmkit.commands.new import _TRANSLITERATE

    spelled = unicodedata.normalize("NFC", value).translate(_TRANSLITERATE)
    plain = "".join(char for char in unicodedata.normalize("NFKD", spelled)
                    if not unicodedata.combining(char))
    if any(char.isalnum() and not char.isascii() for char in plain):
        return ""
    candidate = re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-._")
    candidate = re.sub(r"-{2,}", "-", candidate)[:ID_MAX_LENGTH].rstrip("-._")
    return candidate if is_id(candidate) else ""


def _id_advice(value: str, *, nested: bool) -> tuple[str, str]:
    """The message and hint for an id outside the published pattern: which character is not
    allowed, and an id that would be. Ids are ASCII because they become file names (macOS and
    Linux store "ö" in different forms), URLs and the keys of JSON and SARIF reports."""
    at = next((index for index, char in enumerate(value) if not re.fullmatch(r"[A-Za-z0-9._-]", char)), None)
    if at is not None:
        wrong = value[at]
        what = "a space" if wrong == " " else f"'{shown(wrong)}'"
        if unicodedata.combining(wrong) and at:
            # An accent written as its own character after the letter (macOS writes file names,
            # and some editors text, so: 'e' and U+0301 for 'é'): quoted alone it showed as an
            # accent over the quote mark.
            name = unicodedata.name(wrong, "").lower() or "mark"
            what = f"the {name} (U+{ord(wrong):04X}) after its '{value[at - 1]}'"
        message = f"id '{shown(value)}' may only contain {_ID_CHARS}; {what} is not one of them"
    else:
        message = f"id '{shown(value)}' must start with an ASCII letter or a digit, not '{value[:1]}'"
    why = "ids name files, URLs and report keys, which keep ASCII the same on every system"
    meant = _ascii_id(value)
    if meant:
        return message, f"Write it as '{meant}' ({why})."
    example = "a short code such as D1, CF1 or AI1" if nested else \
        "the date and a few words in Latin letters, 2026-03-14-payment-outage"
    return message, f"Spell it in ASCII letters and digits, e.g. {example} ({why})."


def _key_shown(key: str) -> str:
    """``key`` to quote in a message: as :func:`shown`, and its line breaks and other control
    characters as escapes ("multi\\nline"), which the message would otherwise break at."""
    return "".join(repr(char)[1:-1] if unicodedata.category(char) == "Cc" else char for char in shown(key))


def _written(doc: Document, path: FieldPath) -> str:
    """The plain scalar at ``path`` as written in the file (one line, at most 40 characters), or ""."""
    from pmkit.textmap import text_offset

    span = doc.value_spans.get(path)
    if span is None or span.line != span.end_line:
        return ""
    written = doc.text[text_offset(doc.text, span.line, span.col):
                       text_offset(doc.text, span.end_line, span.end_col)].strip()
    return written if 0 < len(written) <= 40 and written[0] not in "'\"&*!" else ""


def _tag_written(doc: Document, path: FieldPath) -> str | None:
    """The tag written before the value at ``path`` (``!!float`` of ``!!float '1.5'``), or None."""
    from pmkit.textmap import text_offset

    span = doc.value_spans.get(path)
    if span is None:
        return None
    start = text_offset(doc.text, span.line, span.col)
    found = re.match(r"!\S*", doc.text[start:start + 200])
    return found[0] if found is not None else None


def _field_in_body(doc: Document, key: str) -> int | None:
    """The line of ``key:`` written at the start of a line of a Markdown body, above its first
    heading: a field the front matter lost to a '---' line that ended it early."""
    if doc.kind != "markdown" or not doc.body_line or f"{key}:" not in doc.body:
        return None
    for number, line in enumerate(doc.body.split("\n"), doc.body_line):
        if line.startswith("#"):
            return None
        if line.startswith(f"{key}:"):
            return number
    return None


def error_to_diagnostic(doc: Document, error: Any, *, team_zone: str | None = None) -> Diagnostic:
    """The PM0xx finding for one pydantic error. ``team_zone``: the zone of the settings, offered
    to a document that lacks ``timezone:`` (None, or UTC, the default: an example zone)."""
    kind: str = error["type"]
    path = _real_path(error["loc"], doc.data)
    value = value_at(doc.data, path)
    code, name = _ERROR_CODES.get(kind, ("PM012", "wrong-type"))
    # Name a list item by its path ("timeline[0]"), a field by its key ("users_affected").
    where = format_path(path) if path and isinstance(path[-1], int) else (path[-1] if path else "document")
    hint = ""
    key = False
    span: Span | None = None
    if kind == "extra_forbidden":
        parent = _model_at(path[:-1])
        allowed = list(parent.model_fields) if parent else []
        close = _closest_key(str(where), tuple(allowed), parent.__name__ if parent else "")
        # (a short key differs too much from its own name for the closest match: 'аt' from 'at')
        close = close or next((name for name in allowed if lookalike(str(where), name)), None)
        timing = _timing_advice(str(where), value, parent.__name__ if parent else "")
        if timing:
            close = None  # 'detection' is no 'decisions', 'start' no 'status': the time is a milestone
        if any(unicodedata.category(char) == "Cc" for char in str(where)):
            close = None  # a key of several lines ("? |") is no misspelt field name
        message = f"unknown key '{_key_shown(str(where))}'" + (f" (did you mean '{close}'?)" if close else "")
        hint = f"Allowed keys here: {', '.join(allowed)}." if allowed else ""
        cut = _comma_advice(doc, path)
        unseen = _unseen_in_key(str(where), allowed)
        if unseen:
            hint = unseen
        if cut is not None:
            message, hint = f"unknown key '{_key_shown(str(where))}'{cut[0]}", cut[1]
        elif close and (look := lookalike(str(where), close)):
            message += f": it has {look}"
            hint = f"Retype the key as '{close}', in ASCII letters."
        elif timing:
            hint = timing
        elif len(path) == 1 and (advice := _top_key_advice(str(where), value)):
            hint = advice
        elif str(where).lower().startswith(("x-", "x_")) and len(path) == 1:
            # An extension key that holds anchors to share (as in Compose and OpenAPI files).
            hint = ("The format has no extension keys: to write a value once, put its anchor where "
                    "it is first used (actor: &lead payments lead) and refer to it later (actor: *lead).")
        key = True
    elif kind == "missing":
        message = f"required field '{where}' is missing"
        if (hidden := _key_with_unseen(doc, path)) is not None:
            # '\ufefftitle' (a byte order mark where two files were joined) is the field,
            # misspelt by a character that does not show: "missing" alone sent the author
            # looking for a line that is there.
            message += f": line {hidden[0]} has '{shown(hidden[1])}', with {hidden[2]}"
            hint = (f"Delete the character that does not show from the key on line {hidden[0]}."
                    if hidden[2].startswith("a character") else
                    f"Retype the key on line {hidden[0]} as '{where}', in ASCII letters.")
        elif len(path) > 1:  # a field of a section or list item
            hint = f"Add '{where}:' to {format_path(path[:-1])}."
        elif (line := _field_in_body(doc, str(where))) is not None:
            # A '---' inside a text of the front matter ("summary: |" and, at the start of a
            # line, '---') ended the front matter there: the fields after it are the body.
            message += (f" from the front matter: '{where}:' is on line {line}, in the body, after the "
                        f"'---' on line {doc.body_line - 1} that ends the front matter")
            hint = ("A line '---' ends the front matter: inside a text (summary: |), indent it like the "
                    "text's other lines; else remove it.")
        else:
            hint = "Every postmortem needs pmkit, id, title, status, lang and severity."
        key = True
    elif kind in ("enum", "literal_error"):
        choices = _enum_at(path)
        if path and path[-1] == "pmkit":
            code, name = "PM017", "unsupported-version"
            message = f"format version {value!r} is not supported; this pmkit reads version 1"
            if value is None or isinstance(value, (bool, list, dict)):
                # (Python's names, "True" or "{'a': 1}", are not what the author wrote)
                message = f"'pmkit' must be the format version 1, not {describe(value)}"
            hint = "Write 'pmkit: 1'."
            if isinstance(value, str) and value.strip() == "1":
                # pmkit: "1" is the version pmkit reads, as text: "version '1' is not supported;
                # this pmkit reads version 1" reads as a contradiction.
                message = "'pmkit' must be the number 1, not the text '1'"
                hint = "Write 'pmkit: 1', without quotes."
        else:
            meant = suggest_choice(value, choices)
            message = f"'{shown(str(value))}' is not a valid {where}" + (
                f" (did you mean '{meant}'?)" if meant else "")
            look = lookalike(value, meant) if isinstance(value, str) and meant else ""
            message += f": it has {look}" if look else ""
            if not isinstance(value, str):  # not Python's "'True'", "'None'", "'4'"
                # (a number is guessed at, 'SEV4' for 4; "[published]" is not that word)
                number = isinstance(value, (int, float)) and not isinstance(value, bool)
                message = f"{describe(value)} is not a valid {where}" + (
                    f" (did you mean '{meant}'?)" if meant and number else "")
            hint = f"Use one of: {', '.join(choices)}." if choices else ""
            hint = f"Retype it as '{meant}', in ASCII letters." if look else hint
            scale = _scale_hint(value, choices, str(where))
            hint = scale or hint
    elif kind == "greater_than_equal":
        message = f"'{where}' must be {error['ctx']['ge']} or more, not {value}"
        hint = "Write how many there were: a whole number, 0 when there were none."
    elif kind == "finite_number":
        message = f"'{where}' must be a finite number, not {describe(value)}"
        hint = ("Write the measured value, e.g. 5000000 (YAML reads .nan, .inf and numbers past "
                "about 1.8e308 as no finite number).")
    elif kind == "string_too_short":
        message = f"'{where}' is empty"
        if isinstance(value, str) and value:
            message += (" (blanks only)" if not value.strip() else
                        f" (only characters that do not show: '{shown(value)}')")
        # An empty list entry is usually a template's placeholder: removing it is as good a fix.
        hint = "Write its value, or remove the empty entry." if path and isinstance(path[-1], int) \
            else "Write its value."
    elif kind == "string_too_long":
        limit = error["ctx"]["max_length"]
        message = f"'{where}' has {len(value)} characters, more than the {limit} allowed"
        hint = f"Shorten it to at most {limit} characters."
    elif kind in _TYPE_WORDS:
        message = f"'{where}' must be {_TYPE_WORDS[kind]}, not {describe(value)}"
        if kind == "string_type" and isinstance(value, (int, float, bool)):
            hint = "Quote the value to make it text."
            written = _written(doc, path)
            if (tag := _tag_written(doc, path)) is not None:
                # "title: !!float '1.5'": quoted, and a number all the same; quoting again cannot help.
                hint = f"Remove the {tag} tag, which makes YAML read the value as {describe(value)}."
            if written and not isinstance(value, bool) and written != str(value):
                # "id: 0123" is read as 123, "1.10" as 1.1: the number named is not the text
                # written, and quoting it keeps what was meant.
                field = "" if isinstance(path[-1], int) else f"{path[-1]}: "
                hint = (f"YAML reads '{shown(written)}' as the number {value}: quote the value to keep it "
                        f"as written, {field}\"{shown(written)}\".")
        elif kind == "string_type" and isinstance(value, (list, dict)) \
                and (person := _owner_advice(path, value)):
            hint = person
        elif kind == "string_type" and isinstance(value, list) and (link := _link_advice(path, value)):
            hint = link
        elif kind == "string_type" and path and path[-1] == "owner" and isinstance(value, (list, dict)):
            hint = _shape_advice(kind, path, value)
        elif kind == "string_type" and isinstance(value, dict):
            hint = _record_advice(doc, path, value) or _colon_advice(doc, path, value)
        elif kind in ("int_type", "float_type") and isinstance(value, str):
            hint = _number_in_words_hint(str(path[-1]) if path else "value", value) or \
                "Write the number without quotes or words, e.g. 12000."
        elif kind == "int_type" and isinstance(value, float):
            hint = _whole_number_hint(value)
        elif kind == "list_type" and isinstance(value, dict) and value:
            hint = _one_entry_advice(doc, path, value) or _keyed_entries_advice(doc, path, value) \
                or _shape_advice(kind, path, value)
        else:
            hint = _shape_advice(kind, path, value)
    else:
        message = error["msg"]
        if kind not in _ERROR_CODES:
            message = f"'{where}': {message}"
        either = kind in _TIME_HINTS and _takes_date_or_time(path)
        if kind in ("timestamp_type", "date_type"):  # pydantic's message names Python's type ("got dict")
            what = ("a date or a timestamp such as 2018-11-30 or 2018-10-21T22:52:00Z" if either else
                    "a date such as 2018-11-30" if kind == "date_type" else
                    "a timestamp such as 2018-10-21T22:52:00Z")
            message = f"'{where}' must be {what}, not {describe(value)}"
        elif either and kind == "date_format" and NOT_A_DATE in message:
            # The timestamp's finding at the same place is dropped as the same one: this one
            # speaks for both.
            head, _, tail = message.rpartition(NOT_A_DATE)
            message = (f"{head}is neither a date such as 2018-11-30 nor a timestamp such as "
                       f"2018-10-21T22:52:00Z{tail}")
        hint = _EITHER_HINT if either and kind != "year_range" else _TIME_HINTS.get(kind, "")
        context = error.get("ctx") or {}
        if "unseen" in context:
            hint = (f"Delete the {context['unseen']} at the {context['side']} of the value: only the spaces, "
                    "tabs and line breaks around a value are skipped (a web page or a word processor puts "
                    "such characters in pasted text).")
        elif context.get("unzoned"):
            meant = context["meant"]
            hint = (f"Write {meant}Z if the time is UTC, or {meant} with its offset (+02:00); or declare "
                    "'timezone:' (Europe/Berlin, say), which gives every time without one its offset.")
        elif "meant" in context and kind == "timestamp_format":
            hint = f"Write {context['meant']}, the form pmkit reads (year-month-day, then the time)."
        elif "meant" in context and kind == "date_format":
            hint = f"Write {context['meant']}, the form pmkit reads (year-month-day)."
        elif "last_day" in context:
            period = str(context["what"]).split()[-1]
            hint = (f"Write the day the item is due, year-month-day: for the end of the {period}, "
                    f"{context['last_day']}.")
        elif "day_first" in context:
            hint = ("Write the one the source meant, year first (year-month-day), which cannot be read "
                    "either way round.")
        if kind == "timestamp_format" and (error.get("ctx") or {}).get("readings"):
            hint = f"Write the time with the offset it was read in: {error['ctx']['readings']}."
        elif kind == "timestamp_format" and isinstance(value, str) and _TIME_ALONE.fullmatch(value.strip()):
            hint = _time_alone_advice(doc, path, value.strip())
        elif kind == "timestamp_format" and isinstance(value, str) \
                and (zoned := _TIME_ZONED.fullmatch(value.strip())) is not None:
            offset = _zone_offset(zoned["zone"])
            hint = _time_alone_advice(doc, path, zoned["time"], offset or "+HH:MM")
            if offset is None:
                # "UTC+99", "UTC+14:30": no zone is that far from UTC; the hint writes +HH:MM for it.
                hint = (f"'{zoned['zone']}' is an impossible offset: offsets run from -12:00 to +14:00, "
                        f"their minutes from 00 to 59. {hint[:-1]}, with the offset the time was read in.")
        if kind in ("timestamp_format", "date_format") and path \
                and (placeholder := _placeholder_advice(kind, path, value)) is not None:
            message, hint = placeholder
        if kind == "timestamp_format" and "offset_at" in context:
            hint = ("Check the sign and the hours of the offset: it is the zone's difference from UTC "
                    "at that time (+05:45 for Nepal, -03:00 for Brazil, Z for UTC).")
            span = _inner_span(doc, path, str(value), int(context["offset_at"]), len(str(context["tz"])))
        if kind == "unknown_timezone":
            meant = suggest_zone(str(value))
            message += f" (did you mean '{meant}'?)" if meant else ""
            hint = (_zone_hint(str(value)) if meant is None else "") or (
                "Use a name from the IANA time zone database (Region/City, e.g. Europe/Zurich), or UTC.")
        if kind == "naive_timestamp" and (error.get("ctx") or {}).get("unusable_zone"):
            hint = ("Correct the document's 'timezone' to an IANA name such as Europe/Zurich, or add "
                    "an offset (2018-10-21T22:52:00Z or +02:00).")
        elif kind == "naive_timestamp":
            hint = "Add an offset (2018-10-21T22:52:00Z or +02:00), or " + (
                f"declare 'timezone: {team_zone}', the team's zone in the settings, if the times were "
                "written in it." if team_zone and team_zone != "UTC" else
                "declare the zone the times were written in ('timezone: Europe/Zurich', say).")
        if kind == "string_pattern_mismatch" and where == "id":
            message, hint = _id_advice(str(value), nested=len(path) > 1)
    return doc.diagnostic(path, code, message, name=name, severity=Severity.ERROR, hint=hint, key=key,
                          span=span)


def _inner_span(doc: Document, path: FieldPath, value: str, start: int, length: int) -> Span | None:
    """Where characters ``start`` to ``start + length`` of the one-line text ``value`` are in the
    file, when it is written as read (plain or in quotes without escapes); else None, and the
    finding covers the whole value."""
    info = doc.scalars.get(path)
    whole = doc.value_spans.get(path)
    if whole is None or whole.line != whole.end_line or start < 0:
        return None
    quote = 1 if info is not None and info.style in ("'", '"') else 0
    line = doc.text.splitlines()[whole.line - 1] if whole.line <= len(doc.text.splitlines()) else ""
    col = whole.col + quote + start
    if line[col - 1:col - 1 + length] != value[start:start + length]:
        return None
    return Span(whole.line, col, whole.line, col + length)


def _the_members_that_read_it(errors: list[Any]) -> list[Any]:
    """The errors without a date's "is a time, where a date goes" where the same value was also
    read as a timestamp (a correction's ``at`` is either: each member of the union reports at
    its own place, ``(..., 'at', 'function-before[parse_date(), date]')``, and the date's came
    first): the timestamp's finding says what is wrong with the time, a skipped hour or a
    missing offset, where the date's told the author to drop a time the field takes."""
    places = {tuple(error["loc"]) for error in errors}
    return [error for error in errors
            if (error.get("ctx") or {}).get("what") != A_TIME_FOR_A_DATE
            or not any(place[:-1] == tuple(error["loc"])[:-1] and place != tuple(error["loc"])
                       for place in places)]


def validate_document(doc: Document, *,
                      team_zone: str | None = None) -> tuple[Postmortem | None, list[Diagnostic]]:
    """Validate ``doc.data``; return the model (possibly from pruned data) and PM0xx findings
    (``team_zone``: see :func:`error_to_diagnostic`).

    When parts of the data are invalid, they are reported and then removed, and validation is
    tried again: a draft with one wrong field still gets every other rule's findings. Only when
    that fails too (a required field is missing) is no model returned.
    """
    if not isinstance(doc.data, dict):
        return None, []
    context = validation_context(doc.data)
    try:
        return Postmortem.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        errors = _the_members_that_read_it(exc.errors(include_url=False))
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[int, int, str, str]] = set()
    for error in errors:
        diag = error_to_diagnostic(doc, error, team_zone=team_zone)
        mark = (diag.line, diag.col, diag.code, diag.field)
        if mark not in seen:  # union members report the same spot more than once
            seen.add(mark)
            diagnostics.append(diag)
    # Remove what is wrong and validate again, so one bad field does not cost the document
    # every other finding. First drop bad keys; then drop list items that still fail (their
    # required field is missing or wrong), remembering where the remaining items came from.
    pruned = copy.deepcopy(doc.data)
    for error in errors:
        path = _real_path(error["loc"], doc.data)
        if error["type"] != "missing" and path and not isinstance(path[-1], int):
            _remove(pruned, path)
    try:
        return Postmortem.model_validate(pruned, context=context), diagnostics
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    dropped: dict[FieldPath, set[int]] = {}
    for error in errors:
        item = _enclosing_item(_real_path(error["loc"], pruned))
        if item is None:
            return None, diagnostics  # a required top-level field: nothing to salvage
        dropped.setdefault(item[:-1], set()).add(int(item[-1]))
    for list_path in sorted(dropped, key=len, reverse=True):
        items = value_at(pruned, list_path)
        if not isinstance(items, list):
            return None, diagnostics
        kept = [i for i in range(len(items)) if i not in dropped[list_path]]
        _replace(pruned, list_path, [items[i] for i in kept])
        doc.model_index[list_path] = kept
    try:
        return Postmortem.model_validate(pruned, context=context), diagnostics
    except ValidationError:
        doc.model_index.clear()
        return None, diagnostics


def _enclosing_item(path: FieldPath) -> FieldPath | None:
    """The path of the innermost list item containing ``path`` (None: not inside a list)."""
    for end in range(len(path), 0, -1):
        if isinstance(path[end - 1], int):
            return path[:end]
    return None


def _replace(data: Any, path: FieldPath, value: Any) -> None:
    parent = value_at(data, path[:-1])
    if isinstance(parent, dict):
        parent[path[-1]] = value


def _remove(data: Any, path: FieldPath) -> None:
    parent = value_at(data, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)


def load_model(doc: Document) -> Postmortem:
    """Validate strictly: raise :class:`pmkit.LoadError` when the file or schema is broken (an
    error; a warning of the loader, such as a Markdown heading at the wrong level, keeps the
    file a model, as 'pmkit check' reports it and goes on)."""
    from pmkit.loader import LoadError

    if any(diag.severity is Severity.ERROR for diag in doc.diagnostics):
        raise LoadError(_errors_first(list(doc.diagnostics)))
    model, diagnostics = validate_document(doc)
    if model is None or any(diag.severity is Severity.ERROR for diag in diagnostics):
        raise LoadError(_errors_first([*doc.diagnostics, *diagnostics]))
    return model


def _errors_first(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors, then the rest: a LoadError's message names its first."""
    return sorted(diagnostics, key=lambda diag: diag.severity is not Severity.ERROR)
