"""``pmkit render``: a postmortem as a publishable Markdown or HTML page.

The page has the title and key facts, summary and impact, the milestones with the time each
took from the start of impact, a Mermaid gantt chart (GitHub renders Mermaid in pull requests
and Markdown files), the full timeline, the decisions with their trade-offs, contributing
factors, action items, lessons, the disclosure notifications (who was told, when, how) and
corrections; labels follow the postmortem's ``lang``.

Both formats are built from one list of blocks, so they always say the same. Author text is
escaped for its target: Markdown-special characters in table cells and inline fields, HTML
everywhere in the HTML page (which links no external asset and forbids loading any), and
Mermaid-special characters in chart labels. The narrative fields (summary, impact, the body's
own sections, the lessons) are Markdown already; :mod:`pmkit.authored` makes them fit for each
page (as written on the Markdown page, with what could run script shown as text; set as HTML on
the HTML page).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from pmkit.authored import (
    footnotes_html,
    html_prose,
    html_text,
    md_item,
    md_prose,
    md_safe,
    page_markup,
    safe_url,
)
from pmkit.markdown import FRONT_MATTER_SECTIONS, LESSON_GROUPS, LESSON_LISTS, normalise, trimmed
from pmkit.model import BareDate, Milestone, Postmortem, written_day

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "Summary", "impact": "Impact", "milestones": "Milestones",
        "timeline": "Timeline", "chart": "Incident timeline", "decisions": "Decisions",
        "factors": "Contributing factors", "actions": "Action items", "lessons": "Lessons",
        "went_well": "What went well", "went_wrong": "What went wrong",
        "lucky": "Where we got lucky", "corrections": "Corrections",
        "severity": "Severity", "status": "Status", "owner": "Owner", "authors": "Authors",
        "services": "Services", "date": "Date", "published": "Published",
        "users_affected": "Users affected", "customers_affected": "Customers affected",
        "data_loss": "Data loss", "yes": "yes", "no": "no", "metric": "Metric", "value": "Value",
        "milestone": "Milestone", "time": "Time", "since_start": "Since impact start",
        "actor": "Actor", "event": "Event", "evidence": "Evidence", "decision": "Decision",
        "decided_by": "Decided by", "at": "At", "rationale": "Rationale",
        "options_considered": "Options considered", "options_reason": "Why no alternatives",
        "tradeoff": "Trade-off", "known_at_the_time": "Known at the time", "outcome": "Outcome",
        "id": "ID", "action": "Action", "type": "Type", "priority": "Priority", "due": "Due",
        "addresses": "Addresses", "tracker": "Tracker", "reason": "Reason",
        "corrected": "This postmortem was corrected after publication; see Corrections.",
        "phase": "Phase", "duration": "Duration", "fields": "Fields corrected",
        "impact_started": "Impact started", "detected": "Detected",
        "acknowledged": "Acknowledged", "mitigated": "Mitigated", "resolved": "Resolved",
        "ttd": "Time to detect", "tta": "Time to acknowledge", "ttm": "Time to mitigate",
        "ttr": "Time to resolve",
        "p_impact": "Impact", "p_impact_mitigated": "Impact until mitigated", "p_detect": "Detect",
        "p_acknowledge": "Acknowledge",
        "p_mitigate": "Mitigate", "p_recover": "Recover", "s_impact": "Impact",
        "s_response": "Response", "s_milestones": "Milestones", "s_decisions": "Decisions",
        "draft": "draft", "in-review": "in review", "published_status": "published",
        "open": "open", "in-progress": "in progress", "done": "done", "wont-do": "won't do",
        "days": "d",
        "tags": "Tags", "approved_by": "Approved by", "notifications": "Notifications",
        "sent": "Sent", "audience": "Audience", "regime": "Regime", "channel": "Channel",
        "link": "Link", "late_reason": "Reason for delay", "not_sent": "not sent",
        "a_regulator": "regulator", "a_customers": "customers", "a_data-subjects": "data subjects",
        "a_public": "public", "a_investors": "investors", "a_partners": "partners",
        "a_internal": "internal",
    },
    "de": {
        "summary": "Zusammenfassung", "impact": "Auswirkungen", "milestones": "Meilensteine",
        "timeline": "Zeitleiste", "chart": "Ablauf des Vorfalls", "decisions": "Entscheidungen",
        "factors": "Beitragende Faktoren", "actions": "Maßnahmen", "lessons": "Lehren",
        "went_well": "Was gut lief", "went_wrong": "Was schlecht lief",
        "lucky": "Wo wir Glück hatten", "corrections": "Korrekturen",
        "severity": "Schweregrad", "status": "Status", "owner": "Verantwortlich",
        "authors": "Autorinnen und Autoren", "services": "Dienste", "date": "Datum",
        "published": "Veröffentlicht", "users_affected": "Betroffene Nutzer",
        "customers_affected": "Betroffene Kunden", "data_loss": "Datenverlust", "yes": "ja",
        "no": "nein", "metric": "Kennzahl", "value": "Wert", "milestone": "Meilenstein",
        "time": "Zeit", "since_start": "Seit Beginn der Auswirkung", "actor": "Akteur",
        "event": "Ereignis", "evidence": "Belege", "decision": "Entscheidung",
        "decided_by": "Entschieden von", "at": "Zeitpunkt", "rationale": "Begründung",
        "options_considered": "Erwogene Optionen", "options_reason": "Warum keine Alternativen",
        "tradeoff": "Abwägung", "known_at_the_time": "Damals bekannt", "outcome": "Ergebnis",
        "id": "ID", "action": "Maßnahme", "type": "Art", "priority": "Priorität",
        "due": "Fällig", "addresses": "Adressiert", "tracker": "Ticket", "reason": "Grund",
        "corrected": "Dieses Postmortem wurde nach der Veröffentlichung korrigiert; siehe Korrekturen.",
        "phase": "Phase", "duration": "Dauer", "fields": "Korrigierte Felder",
        "impact_started": "Beginn der Auswirkung", "detected": "Erkannt",
        "acknowledged": "Übernommen", "mitigated": "Eingedämmt", "resolved": "Behoben",
        "ttd": "Zeit bis zur Erkennung", "tta": "Zeit bis zur Übernahme",
        "ttm": "Zeit bis zur Eindämmung", "ttr": "Zeit bis zur Behebung",
        "p_impact": "Auswirkung", "p_impact_mitigated": "Auswirkung bis zur Eindämmung",
        "p_detect": "Erkennen", "p_acknowledge": "Übernehmen",
        "p_mitigate": "Eindämmen", "p_recover": "Wiederherstellen", "s_impact": "Auswirkung",
        "s_response": "Reaktion", "s_milestones": "Meilensteine", "s_decisions": "Entscheidungen",
        "draft": "Entwurf", "in-review": "in Prüfung", "published_status": "veröffentlicht",
        "open": "offen", "in-progress": "in Arbeit", "done": "erledigt", "wont-do": "verworfen",
        "days": "T",
        "prevent": "Vorbeugen", "mitigate": "Abschwächen", "detect": "Erkennen",
        "repair": "Reparieren", "investigate": "Untersuchen", "process": "Prozess",
        "tags": "Schlagwörter", "approved_by": "Freigegeben von", "notifications": "Benachrichtigungen",
        "sent": "Gesendet", "audience": "Empfänger", "regime": "Regelwerk", "channel": "Kanal",
        "link": "Link", "late_reason": "Grund der Verspätung", "not_sent": "nicht gesendet",
        "a_regulator": "Aufsichtsbehörde", "a_customers": "Kunden", "a_data-subjects": "betroffene Personen",
        "a_public": "Öffentlichkeit", "a_investors": "Investoren", "a_partners": "Partner",
        "a_internal": "intern",
    },
}

MILESTONES = (Milestone.IMPACT_STARTED, Milestone.DETECTED, Milestone.ACKNOWLEDGED,
              Milestone.MITIGATED, Milestone.RESOLVED)
_DURATION_KEYS = {Milestone.DETECTED: "ttd", Milestone.ACKNOWLEDGED: "tta",
                  Milestone.MITIGATED: "ttm", Milestone.RESOLVED: "ttr"}


# --- durations (kept private and small; pmkit.metrics is the shared implementation) -----------


def _milestone_times(pm: Postmortem) -> dict[Milestone, datetime]:
    """When each recorded milestone happened (its first entry), from :func:`pmkit.metrics`."""
    from pmkit.durations import metrics

    found = metrics(pm)
    times = {m: getattr(found, m.value) for m in Milestone}
    return {m: at for m, at in times.items() if at is not None}


_SINCE_START = {
    Milestone.DETECTED: "time_to_detect",
    Milestone.ACKNOWLEDGED: "time_to_acknowledge",
    Milestone.MITIGATED: "time_to_mitigate",
    Milestone.RESOLVED: "time_to_resolve",
}


def _durations(pm: Postmortem) -> dict[Milestone, timedelta]:
    """Time from the start of impact to each later milestone that is recorded."""
    from pmkit.durations import metrics

    found = metrics(pm)
    values = {m: getattr(found, name) for m, name in _SINCE_START.items()}
    return {m: delta for m, delta in values.items() if delta is not None}


def format_duration(delta: timedelta, lang: str = "en") -> str:
    """``timedelta(hours=24, minutes=11)`` → ``"24 h 11 min"``; days beyond 48 hours."""
    minutes = round(delta.total_seconds() / 60)
    sign = "−" if minutes < 0 else ""
    minutes = abs(minutes)
    hours, mins = divmod(minutes, 60)
    if hours >= 48:  # to the nearest hour: 72 h 59 min is 3 d 1 h, not 3 d 0 h
        days, hours = divmod(round(minutes / 60), 24)
        return f"{sign}{days} {LABELS[lang]['days']} {hours} h"
    if hours:
        return f"{sign}{hours} h {mins} min" if mins else f"{sign}{hours} h"
    return f"{sign}{mins} min"


# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link in a rendered page: its text and address."""

    text: str
    url: str


@dataclass(frozen=True)
class Strong:
    """Text shown in bold."""

    text: str


@dataclass(frozen=True)
class Marked:
    """Author Markdown on one line (a lesson): its code spans, emphasis and
    links are shown as such; its HTML is shown as text (see ``md_safe``)."""

    text: str


Inline = str | Link | Strong | Marked
Cell = Sequence[Inline]


@dataclass
class Heading:
    """A heading of the rendered page."""

    level: int
    text: str
    markdown: bool = False  # the author's heading, in Markdown (a body section's)


@dataclass
class Prose:
    """Author Markdown (summary, impact): passed through to Markdown, escaped into HTML. Its
    headings go below the heading it is under: a field makes no section of the page."""

    text: str


@dataclass
class Note:
    """A paragraph set apart as a note (shown in italics)."""

    text: str


@dataclass
class Facts:
    """Labelled facts, one per line."""

    items: list[tuple[str, Cell]]


@dataclass
class Table:
    """A table: its column headers and rows of cells."""

    headers: list[str]
    rows: list[list[Cell]]


@dataclass
class Bullets:
    """A bulleted list."""

    items: list[Cell]


@dataclass
class Bar:
    """One bar of the timeline chart: an entry or stretch of time in a section."""

    section: str
    label: str
    start: datetime
    end: datetime
    kind: str  # "crit", "done", "milestone"


@dataclass
class Chart:
    """The timeline chart: its bars, in the zone the times are shown in."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    zone: Any = None


Block = Heading | Prose | Note | Facts | Table | Bullets | Chart


def _zone(pm: Postmortem) -> tuple[tzinfo, str]:
    if pm.timezone:
        return pm.zone, pm.timezone
    first = next((e.at for e in pm.timeline or () if e.at.tzinfo is not None), None)
    if first is not None and first.utcoffset():
        return first.tzinfo or pm.zone, _offset_name(first)
    return pm.zone, "UTC"


def _time(moment: datetime, zone: tzinfo) -> str:
    """A time in the page's zone; a bare date is the start of the day written, also in a zone
    west of UTC (where its midnight in UTC is the evening before)."""
    return (moment if isinstance(moment, BareDate) else moment.astimezone(zone)).strftime("%Y-%m-%d %H:%M")


def _when(moment: datetime, zone: tzinfo) -> str:
    """A time as the page's tables show it; a bare date (a day without a time, PM106) as the day
    written, not as a midnight the author never wrote. A time in the hour a zone's clocks go
    back twice says its offset: "02:30" is two moments an hour apart there."""
    if isinstance(moment, BareDate):
        return moment.strftime("%Y-%m-%d")
    local = moment.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
        return _time(moment, zone)
    return f"{_time(moment, zone)} ({_offset_name(local)})"


def _offset_name(moment: datetime) -> str:
    """``UTC+02:00`` for a moment two hours east of UTC."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def _day(moment: datetime, zone: tzinfo) -> str:
    """The day of a moment in the page's zone; a bare date is the day written (its midnight in
    UTC falls on the evening before in a zone west of UTC)."""
    return (moment if isinstance(moment, BareDate) else moment.astimezone(zone)).strftime("%Y-%m-%d")


def _length(start: datetime, end: datetime, lang: str) -> str:
    """" (2 h 5 min)" after a chart bar's name; nothing when an end is a bare date, whose
    length in hours is not known."""
    if isinstance(start, BareDate) or isinstance(end, BareDate):
        return ""
    return f" ({format_duration(end - start, lang)})"


#: A template's own line of facts: "**Date:** 2015-10-21", "- **Authors:** a, b", or a row of a
#: two-column table, "| **Datum** | 18.06.2025 |".
_FACT_LINE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*(?P<label>[^*\n]+?):?\*\*:?\s*(?P<value>\S.*?)\s*$")
_FACT_ROW = re.compile(r"^\s*\|\s*\*\*(?P<label>[^*|\n]+?):?\*\*\s*\|\s*(?P<value>[^|\n]*?)\s*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-+:?\s*\|)+\s*$")


def _same_fact(written: str, shown: str) -> bool:
    """Whether a value the template wrote says what the page's fact shows: the same words, or
    the same day in another common form ("18.06.2025", "October 21, 2015", "21 Oct 2015")."""
    plain = " ".join(written.replace("`", "").split()).strip(" ;")
    if plain.strip(".").casefold() == shown.casefold():
        return True
    dated = re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown) is not None
    return dated and written_day(plain) == date.fromisoformat(shown)


def _unrestated(text: str, facts: Sequence[tuple[str, Cell]]) -> str:
    """``text`` without the lines that restate, label and value, a fact of the page's list (a
    template's "**Date:** 2015-10-21" under the same date): the page would say it twice. A line
    that says more ("**Status:** Complete, action items in progress") stays, as does the rest of
    a table whose other rows stay; a table left with no row goes as a whole."""
    shown = {label.casefold(): "".join(str(part) for part in cell) for label, cell in facts}

    def restated(line: str) -> bool:
        found = _FACT_LINE.match(line) or _FACT_ROW.match(line)
        label = found["label"].strip().casefold() if found is not None else ""
        return found is not None and label in shown and _same_fact(found["value"], shown[label])

    out: list[str] = []
    for is_table, group in itertools.groupby(text.split("\n"), key=lambda line: line.lstrip()[:1] == "|"):
        lines = list(group)
        if not is_table:
            out += [line for line in lines if not restated(line)]
            continue
        head = 2 if len(lines) > 1 and _TABLE_RULE.match(lines[1]) else 0
        rows = [line for line in lines[head:] if not restated(line)]
        if rows or len(lines) == head:
            out += lines[:head] + rows
    return trimmed(re.sub(r"\n{3,}", "\n\n", "\n".join(out)))


#: The bidirectional formatting characters that open an embedding or override (ended by PDF,
#: U+202C) or an isolate (ended by PDI, U+2069).
_BIDI_OPENS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
               "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def _isolated(text: str) -> str:
    """``text`` with the bidirectional embeddings, overrides and isolates it leaves open ended at
    its end: shown on one line with other values ("Mallory\u202e, Alice"; an approval's name, role
    and time), one left open displayed the values after it reversed, an approval by someone else."""
    if not any(char in _BIDI_OPENS for char in text):
        return text
    open_: list[str] = []
    for char in text:
        if char in _BIDI_OPENS:
            open_.append(_BIDI_OPENS[char])
        elif char in ("\u202c", "\u2069") and char in open_:
            del open_[len(open_) - 1 - open_[::-1].index(char):]
    return text + "".join(reversed(open_))


def blocks(pm: Postmortem, extra: Sequence[tuple[str, str]] = ()) -> list[Block]:
    """The page as a list of blocks, in order."""
    lang = pm.lang.value if pm.lang.value in LABELS else "en"
    L = LABELS[lang]
    zone, zone_name = _zone(pm)
    out: list[Block] = [Heading(1, pm.title)]
    times = _milestone_times(pm)
    facts: list[tuple[str, Cell]] = [
        (L["severity"], [pm.severity.value]),
        (L["status"], [L["published_status"] if pm.status.value == "published" else L[pm.status.value]]),
    ]
    if Milestone.IMPACT_STARTED in times:
        facts.append((L["date"], [_day(times[Milestone.IMPACT_STARTED], zone)]))
    if pm.owner:
        facts.append((L["owner"], [pm.owner]))
    if pm.authors:
        facts.append((L["authors"], [", ".join(map(_isolated, pm.authors))]))
    if pm.services:
        facts.append((L["services"], [", ".join(map(_isolated, pm.services))]))
    if pm.tags:
        facts.append((L["tags"], [", ".join(map(_isolated, pm.tags))]))
    if pm.disclosure and pm.disclosure.published_at:
        facts.append((L["published"], [_day(pm.disclosure.published_at, zone)]))
    if pm.approvals:
        facts.append((L["approved_by"], ["; ".join(
            _isolated(a.by) + (f" ({_isolated(a.role)})" if a.role else "")
            + (f", {_when(a.at, zone)}" if a.at else "") for a in pm.approvals)]))
    out.append(Facts(facts))
    if pm.corrections:
        out.append(Note(L["corrected"]))
    # The body's text above its sections, less its lines that restate a fact the list above shows.
    out += [Prose(kept) for title, text in extra if not title and (kept := _unrestated(text, facts))]
    if pm.summary:
        out += [Heading(2, L["summary"]), Prose(pm.summary)]
    impact = pm.impact
    if impact is not None:
        out.append(Heading(2, L["impact"]))
        if impact.description:
            out.append(Prose(impact.description))
        numbers: list[tuple[str, Cell]] = []
        if impact.users_affected is not None:
            numbers.append((L["users_affected"], [_amount(impact.users_affected, lang)]))
        if impact.customers_affected is not None:
            numbers.append((L["customers_affected"], [_amount(impact.customers_affected, lang)]))
        if impact.data_loss is not None:
            numbers.append((L["data_loss"], [L["yes"] if impact.data_loss else L["no"]]))
        if numbers:
            out.append(Facts(numbers))
        if impact.metrics:
            out.append(Table([L["metric"], L["value"]], [
                [[m.name], [_amount(m.value, lang) + (f" {m.unit}" if m.unit else "")]]
                for m in impact.metrics
            ]))
    own: dict[str, list[tuple[str, str]]] = {}
    for title, text in extra:
        slot = _slot(title) if title else "lead"
        if slot == "lead":
            continue
        if slot is None:
            out += [Heading(2, title, markdown=True), Prose(text)]
        else:
            own.setdefault(slot, []).append((title, text))
    out += _joined(_milestones(pm, L, lang, zone, zone_name), own.get("milestones"))
    out += _joined(_timeline(pm, L, zone, zone_name), own.get("timeline"))
    out += _joined(_decisions(pm, L, zone), own.get("decisions"))
    factors_at = len(out)
    if pm.contributing_factors:
        out.append(Heading(2, L["factors"]))
        factors: list[Cell] = []
        for factor in pm.contributing_factors:
            cell: list[Inline] = [Strong(factor.id), " ", (factor.description or "").strip()]
            if factor.category:
                cell.append(f" ({factor.category})")
            factors.append(cell)
        out.append(Bullets(factors))
    out[factors_at:] = _joined(out[factors_at:], own.get("factors"))
    actions_at = len(out)
    if pm.action_items:
        out.append(Heading(2, L["actions"]))
        rows: list[list[Cell]] = []
        for item in pm.action_items:
            tracker: Cell = []
            if item.tracker:
                tracker = [Link(item.tracker, item.tracker)] if safe_url(item.tracker) else [item.tracker]
            title = _isolated(item.title or "") + (f" ({L['reason']}: {item.reason})" if item.reason else "")
            rows.append([
                [item.id], [title], [L.get(item.type.value, item.type.value) if item.type else ""],
                [item.priority.value if item.priority else ""], [item.owner or ""],
                [item.due.isoformat() if item.due else ""], [L[item.status.value]],
                [", ".join(item.addresses)], tracker,
            ])
        out.append(Table([L["id"], L["action"], L["type"], L["priority"], L["owner"], L["due"],
                          L["status"], L["addresses"], L["tracker"]], rows))
    out[actions_at:] = _joined(out[actions_at:], own.get("actions"))
    lessons = pm.lessons
    lessons_at = len(out)
    if lessons is not None and (lessons.went_well or lessons.went_wrong or lessons.lucky):
        out.append(Heading(2, L["lessons"]))
        # (what the body's "## Lessons learned" says before its lists, under the heading)
        out += [Prose(text) for _, text in own.pop("lessons", ())]
        for key in ("went_well", "went_wrong", "lucky"):
            items = getattr(lessons, key)
            # (a Markdown body's list that says more beside its items: shown as written)
            written: list[Block] = [Prose(text) for _, text in own.pop(f"lessons.{key}", ())]
            if items:
                out += [Heading(3, L[key]), *(written or [Bullets([[Marked(text)] for text in items])])]
    out[lessons_at:] = _joined(out[lessons_at:], own.get("lessons"))
    out += _joined(_notifications(pm, L, zone, zone_name), own.get("notifications"))
    corrections_at = len(out)
    if pm.corrections:
        out.append(Heading(2, L["corrections"]))
        out.append(Bullets([
            [Strong(_when(c.at, zone) if isinstance(c.at, datetime) else c.at.isoformat()), " ",
             c.description.strip(),
             f" ({L['fields']}: {', '.join(c.fields)})" if c.fields else ""]
            for c in pm.corrections
        ]))
    out[corrections_at:] = _joined(out[corrections_at:], own.get("corrections"))
    return out


def _notifications(pm: Postmortem, L: dict[str, str], zone: tzinfo, zone_name: str) -> list[Block]:
    """Who was told, when, under which regime, on which channel, with the notice's link: the
    record of the disclosure, in the order they were sent (those not sent last, as written). A
    column no notification fills is left out."""
    notes = sorted(pm.disclosure.notifications if pm.disclosure else [],
                   key=lambda n: (n.sent_at is None, n.sent_at.timestamp() if n.sent_at else 0.0))
    if not notes:
        return []
    columns: list[tuple[str, Any]] = [
        (f"{L['sent']} ({zone_name})", lambda n: [_when(n.sent_at, zone) if n.sent_at else L["not_sent"]]),
        (L["audience"], lambda n: [L.get(f"a_{n.audience.value}", n.audience.value)]),
    ]
    if any(n.regime or n.stage for n in notes):
        columns.append((L["regime"], lambda n: [
            " ".join(filter(None, [n.regime, f"({n.stage})" if n.stage and n.regime else n.stage]))]))
    if any(n.channel for n in notes):
        columns.append((L["channel"], lambda n: [n.channel or ""]))
    if any(n.link for n in notes):
        columns.append((L["link"], lambda n: [] if not n.link else [Link(n.link.strip(), n.link)]
                        if safe_url(n.link) else [n.link]))
    if any(n.late_reason for n in notes):
        columns.append((L["late_reason"], lambda n: [(n.late_reason or "").strip()]))
    return [Heading(2, L["notifications"]),
            Table([title for title, _ in columns], [[cell(n) for _, cell in columns] for n in notes])]


#: The page's own sections that a Markdown postmortem's body may also have, by the names the
#: body gives them (normalised as :func:`pmkit.markdown.normalise` does), in English or German:
#: a body "## Timeline" (a hand-written table of times) went on the page besides the one built
#: from the front matter, and the reader saw two timelines.
_SLOTS: dict[str, str] = {
    **FRONT_MATTER_SECTIONS,
    **dict.fromkeys(("ablauf", "verlauf"), "timeline"),
    **dict.fromkeys(("milestones", "meilensteine", "key milestones"), "milestones"),
    **dict.fromkeys(("corrections", "korrekturen", "errata"), "corrections"),
    **dict.fromkeys(("notifications", "benachrichtigungen"), "notifications"),
    **dict.fromkeys(LESSON_GROUPS, "lessons"),
    **{title: f"lessons.{path[-1]}" for title, path in LESSON_LISTS.items()},
}
_SLOT_NAMES = {"contributing_factors": "factors", "action_items": "actions"}


def _slot(title: str) -> str | None:
    """Which of the page's own sections a body section of this title is, if any."""
    slot = _SLOTS.get(normalise(title))
    return None if slot is None else _SLOT_NAMES.get(slot, slot)


def _joined(generated: list[Block], own: list[tuple[str, str]] | None) -> list[Block]:
    """A section the page builds, with the text of the body's sections of the same name under
    it, as one section; without it, those sections under their own headings, in its place."""
    out = list(generated)
    for title, text in own or ():
        out += [Prose(text)] if generated else [Heading(2, title, markdown=True), Prose(text)]
    return out


def _milestones(pm: Postmortem, L: dict[str, str], lang: str, zone: tzinfo, zone_name: str) -> list[Block]:
    times = _milestone_times(pm)
    if not times:
        return []
    durations = _durations(pm)
    entries = {e.milestone: e for e in reversed(pm.timeline or ()) if e.milestone is not None}
    rows: list[list[Cell]] = []
    for milestone in MILESTONES:
        if milestone not in times:
            continue
        entry = entries[milestone]
        since = format_duration(durations[milestone], lang) if milestone in durations else (
            "0 min" if milestone is Milestone.IMPACT_STARTED else "")
        rows.append([[L[milestone.value]], [_when(times[milestone], zone)], [since],
                     [entry.actor or ""], [(entry.event or "").strip()]])
    out: list[Block] = [
        Heading(2, L["milestones"]),
        Table([L["milestone"], f"{L['time']} ({zone_name})", L["since_start"], L["actor"], L["event"]], rows),
    ]
    if durations:
        out.append(Facts([(L[_DURATION_KEYS[m]], [format_duration(d, lang)]) for m, d in durations.items()]))
    chart = _chart(pm, L, lang, zone, zone_name)
    if chart.bars:
        out.append(chart)
    return out


def _chart(pm: Postmortem, L: dict[str, str], lang: str, zone: tzinfo, zone_name: str) -> Chart:
    times = _milestone_times(pm)
    chart = Chart(f"{L['chart']} ({zone_name})", zone=zone)
    impact = _impact_bar(times, L, lang)
    if impact is not None:
        chart.bars.append(impact)
    phases = (("p_detect", Milestone.IMPACT_STARTED, Milestone.DETECTED),
              ("p_acknowledge", Milestone.DETECTED, Milestone.ACKNOWLEDGED),
              ("p_mitigate", Milestone.ACKNOWLEDGED, Milestone.MITIGATED),
              ("p_recover", Milestone.MITIGATED, Milestone.RESOLVED))
    for key, first, last in phases:
        if first in times and last in times and times[last] >= times[first]:
            length = _length(times[first], times[last], lang)
            chart.bars.append(Bar(L["s_response"], f"{L[key]}{length}", times[first], times[last], "done"))
    for milestone in MILESTONES:
        if milestone in times:
            chart.bars.append(Bar(L["s_milestones"], L[milestone.value], times[milestone],
                                  times[milestone], "milestone"))
    for decision in pm.decisions or ():
        moment = decision.at or next((e.at for e in pm.timeline or () if e.decision == decision.id), None)
        if moment is not None:
            label = f"{decision.id} {decision.decision or ''}".strip()
            chart.bars.append(Bar(L["s_decisions"], label, moment, moment, "milestone"))
    return _one_offset(chart, L)


def _impact_bar(times: dict[Milestone, datetime], L: dict[str, str], lang: str) -> Bar | None:
    """The impact's bar: to ``resolved``, as ``pmkit stats`` measures the impact's duration
    (docs/stats.md); without a resolution, to the mitigation, and named so, since that is a
    shorter span than the one stats calls the impact."""
    start = times.get(Milestone.IMPACT_STARTED)
    if start is None:
        return None
    key, end = "p_impact", times.get(Milestone.RESOLVED)
    if end is None:
        key, end = "p_impact_mitigated", times.get(Milestone.MITIGATED)
    if end is None or end < start:
        return None
    return Bar(L["s_impact"], f"{L[key]}{_length(start, end, lang)}", start, end, "crit")


def _one_offset(chart: Chart, L: dict[str, str]) -> Chart:
    """``chart`` drawn at one UTC offset, its first moment's, when the zone's clocks change during
    it: Mermaid knows no zones, so wall-clock times across a change drew a bar from 02:30 to the
    02:10 an hour later (clocks going back) or an hour too long (clocks going forward)."""
    moments = [m for bar in chart.bars for m in (bar.start, bar.end) if not isinstance(m, BareDate)]
    offsets = {m.astimezone(chart.zone).utcoffset() for m in moments}
    if len(offsets) < 2:
        return chart
    first = min(moments).astimezone(chart.zone)
    fixed = timezone(first.utcoffset() or timedelta(0))
    return Chart(f"{L['chart']} ({_offset_name(first)})", chart.bars, fixed)


def _timeline(pm: Postmortem, L: dict[str, str], zone: tzinfo, zone_name: str) -> list[Block]:
    if not pm.timeline:
        return []
    rows: list[list[Cell]] = []
    for entry in pm.timeline:
        event: list[Inline] = []
        if entry.milestone is not None:
            event += [Strong(L[entry.milestone.value]), " "]
        event.append((entry.event or "").strip())
        if entry.decision:
            event.append(f" ({L['decision']} {entry.decision})")
        evidence: list[Inline] = []
        for number, url in enumerate(entry.evidence, start=1):
            if evidence:
                evidence.append(", ")
            evidence.append(Link(str(number), url) if safe_url(url) else url)
        rows.append([[_when(entry.at, zone)], [entry.actor or ""], event, evidence])
    return [Heading(2, L["timeline"]),
            Table([f"{L['time']} ({zone_name})", L["actor"], L["event"], L["evidence"]], rows)]


def _decisions(pm: Postmortem, L: dict[str, str], zone: tzinfo) -> list[Block]:
    if not pm.decisions:
        return []
    out: list[Block] = [Heading(2, L["decisions"])]
    for decision in pm.decisions:
        out.append(Heading(3, f"{decision.id}: {decision.decision or ''}".rstrip(": ")))
        facts: list[tuple[str, Cell]] = []
        if decision.at:
            facts.append((L["at"], [_when(decision.at, zone)]))
        if decision.decided_by:
            facts.append((L["decided_by"], [decision.decided_by]))
        for key in ("rationale", "options_considered", "options_reason", "tradeoff",
                    "known_at_the_time", "outcome"):
            value = getattr(decision, key)
            if isinstance(value, list):
                value = "; ".join(map(_isolated, value))
            if value and value.strip():
                facts.append((L[key], [value.strip()]))
        out.append(Facts(facts))
    return out


# --- Markdown -------------------------------------------------------------------------------

#: Characters Markdown reads as syntax, and an "&" that starts what reads as an entity
#: ("AT&amp;T" would show as "AT&T", "&lt;b&gt;" as "<b>"); any other "&" shows as written.
#: Braces too: a title "Outage {: onclick=...}" was a heading with that attribute where a site
#: generator reads attribute lists (Jekyll's kramdown, MkDocs' attr_list).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~{}]|&(?=#?[A-Za-z0-9]+;))")


def md_escape(text: str) -> str:
    """Plain text for a Markdown line or table cell: specials escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


#: What a link's destination may not hold as written: a blank ends it, a parenthesis would pair
#: with the link's own, a backslash escapes the character after it (a URL ending in one escaped
#: the link's closing parenthesis and ran the link on into the rest of the table row), and a
#: "|" splits a table's cell before the link is read, even inside a link. Each is written
#: percent-encoded, which addresses the same resource.
_MD_URL = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "\\": "%5C", "`": "%60", "|": "%7C"})


def md_url(url: str) -> str:
    return url.strip().translate(_MD_URL)


def _blocks(cell: Cell) -> tuple[str, str] | None:
    """An item of author Markdown of more than its first paragraph (a lesson of two paragraphs,
    or with code): the first, and the blocks after it; None for any other item."""
    if len(cell) != 1 or not isinstance(cell[0], Marked) or "\n\n" not in cell[0].text.strip():
        return None
    first, rest = cell[0].text.strip().split("\n\n", 1)
    return None if "\n" in first else (first, "\n" + rest)


def _md_item(cell: Cell, level: int) -> str:
    """A list item of the Markdown page: its blocks after the first under it, indented."""
    if (parts := _blocks(cell)) is None:
        return md_item(_md_inline(cell))
    first, rest = parts
    blank = "\n" if rest.startswith("\n") else ""
    under = "\n".join(f"  {line}" if line.strip() else "" for line in md_prose(rest, level + 1).split("\n"))
    return f"{md_item(md_safe(' '.join(first.split())))}\n{blank}{under}"


def _html_item(cell: Cell, level: int) -> str:
    """A list item of the HTML page: its blocks after the first as blocks."""
    if (parts := _blocks(cell)) is None:
        return _html_inline(cell)
    first, rest = parts
    return html_text(first) + html_prose(rest, 1, level + 1)


def _md_inline(cell: Cell) -> str:
    out = ""
    for part in cell:
        if isinstance(part, Link):
            out += f"[{md_escape(part.text)}]({md_url(part.url)})"
        elif isinstance(part, Strong):
            out += f"**{md_escape(part.text)}**"
        elif isinstance(part, Marked):
            out += md_safe(" ".join(part.text.split()))
        else:
            out += md_escape(part)
    return out


_MERMAID_REPLACE = str.maketrans({
    ":": "꞉", ";": ",", "#": "＃", "%": "％", "<": "‹", ">": "›", "{": "(", "}": ")",
    "`": "'", '"': "'", "\\": "/",
})


# Words that start a gantt statement in Mermaid's lexer (which ignores case): a task named
# "Title change rolled back" or "Click-through rate fell" would become a statement and break or
# retitle the chart. A zero-width space before such a word keeps it a task name.
_MERMAID_KEYWORD = re.compile(
    r"(?:title|section|click|excludes|includes|dateformat|axisformat|tickinterval|todaymarker|weekday"
    r"|weekend|inclusiveenddates|topaxis|displaymode)(?=\s|$)",
    re.IGNORECASE,
)


def mermaid_label(text: str, limit: int = 60) -> str:
    """A gantt task name: no characters Mermaid reads as syntax (``:``, ``;``, ``#``, ``%%``)
    and no keyword of its own at the start."""
    label = " ".join(text.split()).translate(_MERMAID_REPLACE).strip()
    if len(label) > limit:
        label = label[: limit - 1].rstrip() + "…"
    if _MERMAID_KEYWORD.match(label):
        label = "\u200b" + label
    return label or "-"


def mermaid_gantt(chart: Chart) -> str:
    zone = chart.zone
    moments = [b.start for b in chart.bars] + [b.end for b in chart.bars]
    span_days = (max(moments) - min(moments)) if moments else timedelta(0)
    axis = "%H:%M" if span_days < timedelta(hours=24) else "%d.%m %H:%M"
    lines = ["gantt", f"    title {mermaid_label(chart.title, 80)}", "    dateFormat YYYY-MM-DD HH:mm",
             f"    axisFormat {axis}"]
    section = None
    for bar in chart.bars:
        if bar.section != section:
            section = bar.section
            lines.append(f"    section {mermaid_label(section)}")
        start = _time(bar.start, zone)
        if bar.kind == "milestone":
            lines.append(f"    {mermaid_label(bar.label)} :milestone, {start}, 0m")
        else:
            lines.append(f"    {mermaid_label(bar.label)} :{bar.kind}, {start}, {_time(bar.end, zone)}")
    return "\n".join(lines)



#: A fact of a Markdown page ("- **Severity:** SEV2"): a page starts with its title and a list of
#: them, by which :func:`rendered_page` tells a page pmkit rendered.
_FACT = "- **{}:** {}"


def render_markdown(pm: Postmortem, extra: Sequence[tuple[str, str]] = (),
                    definitions: Sequence[str] = ()) -> str:
    """The page as Markdown; ``definitions`` are the link reference definitions and footnotes of
    a Markdown postmortem's body (see :func:`pmkit.markdown.definitions`): those not already in
    the page's text go at its end, so that a reference to one is a link or a footnote there too."""
    out: list[str] = []
    level = 1  # the level of the heading the text after it is under
    for block in blocks(pm, extra):
        if isinstance(block, Heading):
            text = md_safe(" ".join(block.text.split())) if block.markdown else md_escape(block.text)
            out.append(f"{'#' * block.level} {text}")
            level = block.level
        elif isinstance(block, Prose):
            out.append(md_prose(block.text, level + 1))
        elif isinstance(block, Note):
            out.append(f"> {md_escape(block.text)}")
        elif isinstance(block, Facts):
            out.append("\n".join(_FACT.format(md_escape(k), _md_inline(v)) for k, v in block.items))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {_md_item(item, level)}" for item in block.items))
        elif isinstance(block, Table):
            rows = ["| " + " | ".join(md_escape(h) for h in block.headers) + " |",
                    "|" + "---|" * len(block.headers)]
            rows += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(rows))
        elif isinstance(block, Chart):
            out.append("```mermaid\n" + mermaid_gantt(block) + "\n```")
    if definitions:
        shown = {line.strip() for part in out for line in part.split("\n")}
        safe = dict.fromkeys(md_safe(text) for text in definitions)
        out.append("\n".join(text for text in safe if text.split("\n", 1)[0].strip() not in shown))
    return "\n\n".join(part for part in out if part) + "\n"


# --- HTML -----------------------------------------------------------------------------------

#: (A word longer than a line, a log line quoted in a table cell or a URL, breaks where it must, and
#: a code block's long line scrolls in its box: either widened the page past the screen.)
_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0}
body{overflow-wrap:anywhere}pre{overflow-x:auto}
main{max-width:60rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.9rem;line-height:1.25}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.note{border-left:4px solid #bf8700;background:#fff8c5;padding:.5rem .75rem}
.chart{margin:1rem 0}
.chart .row{display:grid;grid-template-columns:16rem 1fr;align-items:center;gap:.5rem;margin:.15rem 0}
.chart .lane{position:relative;height:1.1rem;background:#f6f8fa}
.chart .bar{position:absolute;top:0;bottom:0;min-width:2px;background:#57606a}
.chart .crit{background:#cf222e}.chart .done{background:#8c959f}
.chart .milestone{width:.7rem;margin-left:-.35rem;background:#0969da;transform:rotate(45deg) scale(.7)}
.chart .label{font-size:.85rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
"""


def _html_inline(cell: Cell) -> str:
    out = ""
    for part in cell:
        if isinstance(part, Link):
            out += f'<a href="{html.escape(part.url.strip(), quote=True)}">{html.escape(part.text)}</a>'
        elif isinstance(part, Strong):
            out += f"<strong>{html.escape(part.text)}</strong>"
        elif isinstance(part, Marked):
            out += html_text(part.text)
        else:
            out += html.escape(part)
    return out




def _html_chart(chart: Chart) -> str:
    first = min(b.start for b in chart.bars)
    last = max(b.end for b in chart.bars)
    total = max((last - first).total_seconds(), 1.0)
    rows = [f'<figure class="chart"><figcaption>{html.escape(chart.title)}</figcaption>']
    for bar in chart.bars:
        left = (bar.start - first).total_seconds() / total * 100
        width = (bar.end - bar.start).total_seconds() / total * 100
        style = f"left:{left:.2f}%" + ("" if bar.kind == "milestone" else f";width:{width:.2f}%")
        title = f"{bar.label}: {_when(bar.start, chart.zone)}" + (
            "" if bar.kind == "milestone" else f" – {_when(bar.end, chart.zone)}")
        rows.append(
            f'<div class="row"><span class="label">{html.escape(bar.label)}</span>'
            f'<span class="lane"><span class="bar {bar.kind}" style="{style}" '
            f'title="{html.escape(title, quote=True)}"></span></span></div>'
        )
    rows.append("</figure>")
    return "\n".join(rows)


#: The start of an HTML page, and the line of its head that sets its content policy, followed by
#: its title: written by :func:`render_html`, and how :func:`rendered_page` tells a page.
_HTML_START = "<!DOCTYPE html>\n<html lang="
_HTML_POLICY = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; img-src data:\">\n")
#: The start of a Markdown page: its title, a blank line and its first fact.
_MD_PAGE = re.compile(rb"# [^\r\n]*\r?\n\r?\n" + re.escape(_FACT.split("{}")[0].encode())
                      + rb"[^\r\n]+?" + re.escape(_FACT.split("{}")[1].encode()))


def rendered_page(head: bytes) -> bool:
    """Whether a file's first bytes are those of a page pmkit rendered (Markdown or HTML): a
    page written before, which a new one may replace."""
    return bool(_MD_PAGE.match(head)) or (
        head.startswith(_HTML_START.encode()) and (_HTML_POLICY + "<title>").encode() in head)


def render_html(pm: Postmortem, extra: Sequence[tuple[str, str]] = (),
                definitions: Sequence[str] = ()) -> str:
    """The page as one self-contained HTML file; ``definitions`` as for :func:`render_markdown`
    (with those written in the page's own text, they make reference links links)."""
    page = blocks(pm, extra)
    texts = [*definitions, *(b.text for b in page if isinstance(b, Prose))]
    with page_markup(texts):
        return _html_page(pm, page)


def _html_page(pm: Postmortem, page: list[Block]) -> str:
    body: list[str] = []
    level = 1  # the level of the heading the text after it is under
    for block in page:
        if isinstance(block, Heading):
            text = html_text(block.text) if block.markdown else html.escape(block.text)
            body.append(f"<h{block.level}>{text}</h{block.level}>")
            level = block.level
        elif isinstance(block, Prose):
            body.append(html_prose(block.text, floor=level + 1))
        elif isinstance(block, Note):
            body.append(f'<p class="note">{html.escape(block.text)}</p>')
        elif isinstance(block, Facts):
            items = "".join(f"<dt>{html.escape(k)}</dt><dd>{_html_inline(v)}</dd>" for k, v in block.items)
            body.append(f'<dl class="facts">{items}</dl>')
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{_html_item(i, level)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, Chart):
            body.append(_html_chart(block))
    notes = footnotes_html()
    if notes:
        body.append(notes)
    lang = html.escape(pm.lang.value, quote=True)
    return (
        f'{_HTML_START}"{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{_HTML_POLICY}<title>{html.escape(pm.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        "<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def render(pm: Postmortem, fmt: str = "md", extra: Iterable[tuple[str, str]] = (),
           definitions: Sequence[str] = ()) -> str:
    """The page in ``fmt`` (``md`` or ``html``); ``definitions`` as for :func:`render_markdown`."""
    # A body saved with Windows line endings: its text as any other (the page is all "\n").
    sections = [(title, _lines(text)) for title, text in extra]
    definitions = [_lines(text) for text in definitions]
    if fmt == "html":
        page = render_html(pm, sections, definitions)
    elif fmt == "md":
        page = render_markdown(pm, sections, definitions)
    else:
        raise ValueError(f"unknown render format '{fmt}' (choose md or html)")
    return _UNPRINTABLE.sub("", page)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


#: Control characters a page cannot show (HTML calls them parse errors, XML cannot hold them)
#: and that drive a terminal the page is printed on ("\x1b[2J" clears it, "\x1b]8;;" makes a
#: link): a quoted string in YAML can hold any of them. Tabs and line breaks stay.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


__all__ = ["LABELS", "format_duration", "md_escape", "mermaid_gantt", "mermaid_label", "render",
           "render_html", "render_markdown"]


def _amount(value: float, lang: str = "en") -> str:
    """A number as people write it in the page's language: 5,000,000 (not 5e+06), 99.95, any size
    of integer; in German 5.000.000 and 99,95 (there "4,180" reads as four point one eight)."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        written = f"{int(value):,}"
    elif abs(value) < 1e15:
        from decimal import Decimal

        # The value as written (its shortest form, repr's), not rounded to six digits: 1234567.89
        # was "1.23457e+06", and 0.000001 "1e-06".
        written = f"{Decimal(repr(value)):,f}"
    else:
        written = f"{value:g}"
    return written.translate(_GERMAN_SEPARATORS) if lang == "de" else written


_GERMAN_SEPARATORS = str.maketrans({",": ".", ".": ","})
