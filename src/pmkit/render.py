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
own sections, the lessons) are Markdown already and pass through to the Markdown page as written
(minus HTML comments, and with raw HTML that could run script shown as text); the HTML page sets
their Markdown itself (paragraphs, headings, lists, quotes, tables, code, emphasis, links).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from pmkit.markdown import FRONT_MATTER_SECTIONS, normalise, strip_comments
from pmkit.model import BareDate, Milestone, Postmortem

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
        "p_impact": "Impact", "p_detect": "Detect", "p_acknowledge": "Acknowledge",
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
        "p_impact": "Auswirkung", "p_detect": "Erkennen", "p_acknowledge": "Übernehmen",
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
    text: str
    url: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Marked:
    """Author Markdown on one line (a lesson): its code spans, emphasis and
    links are shown as such; markup that could run script is not (see ``_md_safe``)."""

    text: str


Inline = str | Link | Strong | Marked
Cell = Sequence[Inline]


@dataclass
class Heading:
    level: int
    text: str
    markdown: bool = False  # the author's heading, in Markdown (a body section's)


@dataclass
class Prose:
    """Author Markdown (summary, impact): passed through to Markdown, escaped into HTML."""

    text: str


@dataclass
class Note:
    text: str


@dataclass
class Facts:
    items: list[tuple[str, Cell]]


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]


@dataclass
class Bullets:
    items: list[Cell]


@dataclass
class Bar:
    section: str
    label: str
    start: datetime
    end: datetime
    kind: str  # "crit", "done", "milestone"


@dataclass
class Chart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    zone: Any = None


Block = Heading | Prose | Note | Facts | Table | Bullets | Chart


def _zone(pm: Postmortem) -> tuple[tzinfo, str]:
    if pm.timezone:
        return pm.zone, pm.timezone
    first = next((e.at for e in pm.timeline or () if e.at.tzinfo is not None), None)
    if first is not None and first.utcoffset():
        offset = first.strftime("%z")
        return first.tzinfo or pm.zone, f"UTC{offset[:3]}:{offset[3:]}"
    return pm.zone, "UTC"


def _safe_url(url: str) -> bool:
    return bool(re.match(r"^(https?://|mailto:)[^\s<>\"']+$", url.strip()))


def _time(moment: datetime, zone: tzinfo) -> str:
    """A time in the page's zone; a bare date is the start of the day written, also in a zone
    west of UTC (where its midnight in UTC is the evening before)."""
    return (moment if isinstance(moment, BareDate) else moment.astimezone(zone)).strftime("%Y-%m-%d %H:%M")


def _when(moment: datetime, zone: tzinfo) -> str:
    """A time as the page's tables show it; a bare date (a day without a time, PM106) as the day
    written, not as a midnight the author never wrote."""
    return moment.strftime("%Y-%m-%d") if isinstance(moment, BareDate) else _time(moment, zone)


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
        facts.append((L["authors"], [", ".join(pm.authors)]))
    if pm.services:
        facts.append((L["services"], [", ".join(pm.services)]))
    if pm.tags:
        facts.append((L["tags"], [", ".join(pm.tags)]))
    if pm.disclosure and pm.disclosure.published_at:
        facts.append((L["published"], [_day(pm.disclosure.published_at, zone)]))
    if pm.approvals:
        facts.append((L["approved_by"], ["; ".join(
            a.by + (f" ({a.role})" if a.role else "") + (f", {_when(a.at, zone)}" if a.at else "")
            for a in pm.approvals)]))
    out.append(Facts(facts))
    if pm.corrections:
        out.append(Note(L["corrected"]))
    if pm.summary:
        out += [Heading(2, L["summary"]), Prose(pm.summary)]
    impact = pm.impact
    if impact is not None:
        out.append(Heading(2, L["impact"]))
        if impact.description:
            out.append(Prose(impact.description))
        numbers: list[tuple[str, Cell]] = []
        if impact.users_affected is not None:
            numbers.append((L["users_affected"], [f"{impact.users_affected:,}"]))
        if impact.customers_affected is not None:
            numbers.append((L["customers_affected"], [f"{impact.customers_affected:,}"]))
        if impact.data_loss is not None:
            numbers.append((L["data_loss"], [L["yes"] if impact.data_loss else L["no"]]))
        if numbers:
            out.append(Facts(numbers))
        if impact.metrics:
            out.append(Table([L["metric"], L["value"]], [
                [[m.name], [_amount(m.value) + (f" {m.unit}" if m.unit else "")]] for m in impact.metrics
            ]))
    own: dict[str, list[tuple[str, str]]] = {}
    for title, text in extra:
        slot = _slot(title)
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
                tracker = [Link(item.tracker, item.tracker)] if _safe_url(item.tracker) else [item.tracker]
            title = (item.title or "") + (f" ({L['reason']}: {item.reason})" if item.reason else "")
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
    if lessons is not None and (lessons.went_well or lessons.went_wrong or lessons.lucky):
        out.append(Heading(2, L["lessons"]))
        for key in ("went_well", "went_wrong", "lucky"):
            items = getattr(lessons, key)
            if items:
                out += [Heading(3, L[key]), Bullets([[Marked(text)] for text in items])]
    out += _joined(_notifications(pm, L, zone, zone_name), own.get("notifications"))
    corrections_at = len(out)
    if pm.corrections:
        out.append(Heading(2, L["corrections"]))
        out.append(Bullets([
            [Strong(c.at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if isinstance(c.at, datetime)
                    else c.at.isoformat()), " ", c.description.strip(),
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
                        if _safe_url(n.link) else [n.link]))
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
    **dict.fromkeys(("incident timeline", "detailed timeline", "timeline of events", "chronology",
                     "zeitlicher verlauf", "ablauf", "verlauf"), "timeline"),
    **dict.fromkeys(("contributing causes", "root cause analysis", "ursachenanalyse"),
                    "contributing_factors"),
    **dict.fromkeys(("remediation", "remediations", "remediation items", "follow-up items",
                     "follow-ups and action items"), "action_items"),
    **dict.fromkeys(("milestones", "meilensteine", "key milestones"), "milestones"),
    **dict.fromkeys(("decisions", "entscheidungen", "key decisions", "decision log"), "decisions"),
    **dict.fromkeys(("corrections", "korrekturen", "errata"), "corrections"),
    **dict.fromkeys(("notifications", "benachrichtigungen"), "notifications"),
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
    start = times.get(Milestone.IMPACT_STARTED)
    end = times.get(Milestone.MITIGATED) or times.get(Milestone.RESOLVED)
    if start is not None and end is not None and end >= start:
        chart.bars.append(Bar(L["s_impact"], f"{L['p_impact']}{_length(start, end, lang)}", start, end,
                              "crit"))
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
    return chart


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
            evidence.append(Link(str(number), url) if _safe_url(url) else url)
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
                value = "; ".join(value)
            if value and value.strip():
                facts.append((L[key], [value.strip()]))
        out.append(Facts(facts))
    return out


# --- Markdown -------------------------------------------------------------------------------

#: Characters Markdown reads as syntax, and an "&" that starts what reads as an entity
#: ("AT&amp;T" would show as "AT&T", "&lt;b&gt;" as "<b>"); any other "&" shows as written.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~]|&(?=#?[A-Za-z0-9]+;))")


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


def _md_inline(cell: Cell) -> str:
    out = ""
    for part in cell:
        if isinstance(part, Link):
            out += f"[{md_escape(part.text)}]({md_url(part.url)})"
        elif isinstance(part, Strong):
            out += f"**{md_escape(part.text)}**"
        elif isinstance(part, Marked):
            out += _md_safe(" ".join(part.text.split()))
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


#: What a list item's text may start with that Markdown reads as a block of its own inside it:
#: a list ("- - the alert fired", "- 1. the rollback worked"), a rule ("- ==="), a heading
#: ("- # of pages: 3") or a quote ("- > quoted").
_MD_ITEM_START = re.compile(r"(?:([-+=*]|#{1,6})|(\d{1,9})([.)]))(?=\s|$)|(>)")


def _md_item(text: str) -> str:
    """A list item's escaped text, with a list marker at its start escaped too."""
    found = _MD_ITEM_START.match(text)
    if found is None:
        return text
    if found.group(1) or found.group(4):
        return "\\" + text
    return f"{found.group(2)}\\{text[found.end(2):]}"


def _md_prose(text: str) -> str:
    """Author Markdown for the Markdown page, as written (minus HTML comments), but what it
    leaves open does not run on into the page's next sections: a code fence left open is closed
    at its end, and a comment opened and never closed (``<!-- TODO``), which hid the rest of
    the page, is shown as text, as the HTML page shows it."""
    text = strip_comments(text).strip()
    fence: str | None = None
    closing: re.Pattern[str] | None = None
    lines = text.split("\n")
    prose: set[int] = set()  # the lines outside fenced code
    last_close = max((index for index, line in enumerate(lines) if "-->" in line), default=-1)
    for index, line in enumerate(lines):
        if closing is not None:
            if closing.match(line):
                fence = closing = None
            continue
        found = _FENCE.match(line)
        if found and not (found.group(1)[0] == "`" and "`" in line[found.end():]):
            fence = found.group(1)
            closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            continue
        if "<!--" in line and not line.startswith(("    ", "\t")):
            lines[index] = _open_comments(line, closed_later=last_close > index)
        prose.add(index)
    # Paragraphs outside fenced code (code spans and raw HTML do not cross a blank line).
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or index not in prose or not lines[index].strip():
            if start < index:
                lines[start:index] = _md_safe("\n".join(lines[start:index])).split("\n")
            start = index + 1
    if fence is not None:
        lines.append(fence)
    return "\n".join(lines)


#: The HTML elements a Markdown page may hold as written: GitHub's own list, less those it
#: drops. Any other tag (``<script>``, ``<iframe>``, ``<form>``, ``<style>``), and one of these
#: with an event handler, a style or an address that is no http, https or mailto one, is shown as
#: text: the page is published by site generators (MkDocs, Jekyll, Hugo) that pass raw HTML on
#: to the reader's browser, and a security incident's summary may quote the attacker's payload.
_MD_HTML = frozenset((
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr"))
_MD_MARK = re.compile(r"\\[\s\S]|`+|<|\[")
_MD_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)([^<>]*)")
_MD_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_MD_LINK = re.compile(r"\[[^\[\]]*\]\([ \t\n]*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_MD_DEFINITION = re.compile(r"\[[^\[\]]+\]:[ \t]*(<[^<>\n]*>|\S+)")
_MD_RISKY_ATTRIBUTE = re.compile(r"(?:^|[\s/\"'])(?:on[A-Za-z]+|style|srcdoc|formaction)\s*=", re.IGNORECASE)
_MD_URL_ATTRIBUTE = re.compile(
    r"(?:^|[\s/\"'])(?:href|src|srcset|action|data|poster|background|cite|xlink:href)\s*=\s*"
    r"(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def _safe_destination(url: str) -> bool:
    """Whether a link or source address opens nothing but a page, a relative path or a mail:
    http, https, mailto or no scheme, as a browser reads it (entities decoded, blanks and
    Markdown's escapes left out: ``jav&#x61;script:``, ``java\\script:`` are ``javascript:``)."""
    url = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url.strip("<>")))
    url = re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", url)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _benign_tag(name: str, attributes: str) -> bool:
    if name.lower() not in _MD_HTML or _MD_RISKY_ATTRIBUTE.search(attributes):
        return False
    return all(_safe_destination(part.split()[0] if part.split() else "")
               for found in _MD_URL_ATTRIBUTE.finditer(attributes)
               for part in found.group(1).strip("\"'").split(","))


def _md_safe(text: str) -> str:
    """A paragraph of author Markdown with each tag, link or autolink that could run script or
    restyle the page escaped, so that it is shown as text (see ``_MD_HTML``); code spans, and
    everything GitHub shows as written, stay as written."""
    if "<" not in text and "[" not in text:
        return text
    ticks_at: dict[int, list[int]] = {}
    for run in _TICKS.finditer(text):
        ticks_at.setdefault(len(run.group()), []).append(run.start())
    escapes: list[int] = []
    resume = 0
    for mark in _MD_MARK.finditer(text):
        at = mark.start()
        if at < resume:
            continue
        token = mark.group()
        resume = mark.end()
        if token[0] == "`":
            closing = _closing_ticks(ticks_at, len(token), mark.end())
            if closing is not None:
                resume = closing + len(token)
        elif token == "<":
            auto = _MD_AUTOLINK.match(text, at)
            tag = None if auto else _MD_TAG.match(text, at)
            if auto is not None:
                resume = auto.end()
                if not _safe_destination(auto.group(1)):
                    escapes.append(at)
            elif tag is not None and not _benign_tag(tag.group(1), tag.group(2)):
                escapes.append(at)
        elif token == "[":
            link = _MD_LINK.match(text, at)
            line_start = at - len(text[max(0, at - 4):at].rsplit("\n", 1)[-1])  # (up to 3 blanks before)
            definition = _MD_DEFINITION.match(text, at) if not text[line_start:at].strip(" ") else None
            found = link or definition
            if found is not None and not _safe_destination(found.group(1)):
                escapes.append(at)
    if not escapes:
        return text
    out, last = "", 0
    for at in escapes:
        out += text[last:at] + "\\"
        last = at
    return out + text[last:]


def _open_comments(line: str, closed_later: bool) -> str:
    """``line`` with each ``<!--`` outside code spans that nothing after it closes (in the line,
    or in a later one when ``closed_later``) escaped."""
    if closed_later:
        return line
    out, last = "", 0
    for found in re.finditer(r"(`+)(?!`).*?(?<!`)\1(?!`)|<!--", line):
        if found.group() != "<!--" or "-->" in line[found.end():]:
            continue
        out += line[last:found.start()] + "\\<!--"
        last = found.end()
    return out + line[last:]


def render_markdown(pm: Postmortem, extra: Sequence[tuple[str, str]] = (),
                    definitions: Sequence[str] = ()) -> str:
    """The page as Markdown; ``definitions`` are the link reference definitions and footnotes of
    a Markdown postmortem's body (see :func:`pmkit.markdown.definitions`): those not already in
    the page's text go at its end, so that a reference to one is a link or a footnote there too."""
    out: list[str] = []
    for block in blocks(pm, extra):
        if isinstance(block, Heading):
            text = _md_safe(" ".join(block.text.split())) if block.markdown else md_escape(block.text)
            out.append(f"{'#' * block.level} {text}")
        elif isinstance(block, Prose):
            out.append(_md_prose(block.text))
        elif isinstance(block, Note):
            out.append(f"> {md_escape(block.text)}")
        elif isinstance(block, Facts):
            out.append("\n".join(f"- **{md_escape(k)}:** {_md_inline(v)}" for k, v in block.items))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {_md_item(_md_inline(item))}" for item in block.items))
        elif isinstance(block, Table):
            rows = ["| " + " | ".join(md_escape(h) for h in block.headers) + " |",
                    "|" + "---|" * len(block.headers)]
            rows += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(rows))
        elif isinstance(block, Chart):
            out.append("```mermaid\n" + mermaid_gantt(block) + "\n```")
    if definitions:
        shown = {line.strip() for part in out for line in part.split("\n")}
        safe = dict.fromkeys(_md_safe(text) for text in definitions)
        out.append("\n".join(text for text in safe if text.split("\n", 1)[0].strip() not in shown))
    return "\n\n".join(part for part in out if part) + "\n"


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0}
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
            out += _html_text(part.text)
        else:
            out += html.escape(part)
    return out


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r" {0,3}(?:([-*+])|(\d{1,9})([.)]))[ \t]+(?=\S)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r" {0,3}> ?")
_TABLE_DELIMITER = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


#: A link reference definition, on a line of its own: ``[label]: https://... "title"``.
_DEFINITION = re.compile(r" {0,3}\[(?!\^)((?:[^\]\\]|\\.)+)\]:[ \t]*(<[^<>\n]*>|\S+)"
                         r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$")
#: A reference link: ``[text][label]``, ``[label][]`` or ``[label]``.
_REFERENCE = re.compile(r"\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?")
#: The link definitions of the page being rendered (label, as compared → address).
_REFERENCES: ContextVar[dict[str, str] | None] = ContextVar("references", default=None)


#: A footnote's definition, on a line of its own (its text goes on in the lines indented under it).
_FOOTNOTE = re.compile(r" {0,3}\[\^([^\]\s]+)\]:[ \t]+(\S.*)$")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")


@dataclass
class _Notes:
    """The footnotes of the page being rendered: their text by label, and the labels in the
    order they are first referred to (their numbers)."""

    text: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


_FOOTNOTES: ContextVar[_Notes | None] = ContextVar("footnotes", default=None)


def _footnotes(texts: Iterable[str]) -> _Notes:
    """The footnotes defined in ``texts``, the first of each label."""
    notes = _Notes()
    for text in texts:
        lines = text.split("\n")
        for index, line in enumerate(lines):
            found = _FOOTNOTE.match(line)
            if found is None:
                continue
            more = [part.strip() for part in _continued(lines, index + 1)]
            notes.text.setdefault(_label(found.group(1)), " ".join([found.group(2), *more]))
    return notes


def _continued(lines: list[str], start: int) -> list[str]:
    """The lines from ``start`` on that go on a footnote: indented and not blank."""
    end = start
    while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
        end += 1
    return lines[start:end]


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _references(texts: Iterable[str]) -> dict[str, str]:
    """The link definitions in ``texts``, the first of each label."""
    found: dict[str, str] = {}
    for text in texts:
        for line in text.split("\n"):
            definition = _DEFINITION.match(line)
            if definition:
                found.setdefault(_label(definition.group(1)), definition.group(2).strip("<>"))
    return found


_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
#: An autolink (``<https://...>``) and a bare address, which GitHub makes links of: its last
#: characters are the sentence's, not the address's ("see https://x.example/a.").
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")
_BARE_URL = re.compile(r"https?://[^\s<>]+")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass
class _Run:
    """A run of ``*``, ``_`` or ``~`` in a paragraph: what it can open or close, and what it became."""

    char: str
    length: int
    opens: bool
    closes: bool
    left: int = 0  # characters not yet matched
    before: list[str] = field(default_factory=list)  # closing tags, innermost first
    after: list[str] = field(default_factory=list)  # opening tags, outermost first

    def __post_init__(self) -> None:
        self.left = self.length


def _punctuation(char: str) -> bool:
    import unicodedata

    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def _run(char: str, length: int, before: str, after: str) -> _Run:
    """A delimiter run and whether it can open or close emphasis, as CommonMark decides it from
    the characters around it; also a ``*`` between two letters or digits does neither, so that
    ``2*3*4`` stays arithmetic (as ``snake_case`` stays a name)."""
    left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
    right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
    if (before.isalnum() and after.isalnum()) or (char == "~" and length > 2):
        return _Run(char, length, False, False)
    if char == "_":
        return _Run(char, length, left and (not right or _punctuation(before)),
                    right and (not left or _punctuation(after)))
    return _Run(char, length, left, right)


def _emphasis(parts: list[str | _Run]) -> str:
    """Match the runs of ``parts`` as CommonMark does (its delimiter algorithm, with the rule of
    three and the lower bounds that keep it linear) and join them as HTML; text parts are HTML
    already."""
    stack: list[_Run] = []  # the runs that may still open, in order
    bottom: dict[tuple[str, bool, int], int] = {}  # no opener for such a closer below this index
    for closer in parts:
        if not isinstance(closer, _Run):
            continue
        key = (closer.char, closer.opens, closer.length % 3)
        while closer.closes and closer.left:
            found = None
            for back in range(len(stack) - 1, bottom.get(key, 0) - 1, -1):
                candidate = stack[back]
                if candidate.char != closer.char:
                    continue
                if closer.char == "~":  # strikethrough: a run of as many tildes, one or two
                    if candidate.length != closer.length or candidate.left != candidate.length:
                        continue
                elif (candidate.closes or closer.opens) and (candidate.length + closer.length) % 3 == 0 \
                        and not (candidate.length % 3 == 0 and closer.length % 3 == 0):
                    continue
                found = back
                break
            if found is None:
                bottom[key] = len(stack)
                break
            opener = stack[found]
            del stack[found + 1:]  # the runs between the two are text
            strong = opener.left >= 2 and closer.left >= 2
            tag = "del" if closer.char == "~" else "strong" if strong else "em"
            used = closer.left if closer.char == "~" else 2 if strong else 1
            opener.left -= used
            closer.left -= used
            opener.after.insert(0, f"<{tag}>")
            closer.before.append(f"</{tag}>")
            if not opener.left:
                del stack[found]
            bottom = {k: min(v, len(stack)) for k, v in bottom.items()}
        if closer.opens and closer.left:
            stack.append(closer)
    out = ""
    for part in parts:
        if isinstance(part, _Run):
            out += "".join(part.before) + part.char * part.left + "".join(part.after)
        else:
            out += part
    return out


def _html_inline_markdown(text: str, links: bool = True) -> str:
    """Author Markdown on one line as HTML: code spans, links to ``http``, ``https`` and
    ``mailto`` addresses (written as links, in angle brackets, or bare, as GitHub reads them),
    emphasis and strong emphasis (``*``, ``_``) and backslash escapes; everything else escaped.
    Marks inside code and addresses are part of them."""
    parts: list[str | _Run] = []
    plain = ""

    def emit(part: str | _Run) -> None:
        nonlocal plain
        if plain:
            parts.append(html.escape(plain))
            plain = ""
        parts.append(part)

    ticks_at: dict[int, list[int]] = {}  # the backtick runs, by length: where each starts
    for run in _TICKS.finditer(text):
        ticks_at.setdefault(len(run.group()), []).append(run.start())
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\\" and i + 1 < size and text[i + 1] in _ASCII_PUNCTUATION:
            plain += text[i + 1]
            i += 2
            continue
        if char == "`":
            ticks = _TICKS.match(text, i).end() - i  # type: ignore[union-attr]
            closing = _closing_ticks(ticks_at, ticks, i + ticks)
            if closing is None:
                plain += "`" * ticks
                i += ticks
                continue
            code = text[i + ticks:closing]
            emit(f"<code>{html.escape(code.strip() or code)}</code>")
            i = closing + ticks
            continue
        if links and char == "[" and (found := _LINK.match(text, i)) and _safe_url(found.group(2)):
            label = _html_inline_markdown(found.group(1), links=False)
            emit(f'<a href="{html.escape(found.group(2), quote=True)}">{label}</a>')
            i = found.end()
            continue
        if links and text.startswith("[^", i) and (found := _FOOTNOTE_REFERENCE.match(text, i)):
            notes = _FOOTNOTES.get()
            label = _label(found.group(1))
            if notes is not None and label in notes.text:
                if label not in notes.order:
                    notes.order.append(label)
                target = html.escape(f"fn-{label}", quote=True)
                emit(f'<sup><a href="#{target}">{notes.order.index(label) + 1}</a></sup>')
                i = found.end()
                continue
        if links and char == "[" and (found := _REFERENCE.match(text, i)):
            url = (_REFERENCES.get() or {}).get(_label(found.group(2) or found.group(1)))
            if url is not None and _safe_url(url):
                label = _html_inline_markdown(found.group(1), links=False)
                emit(f'<a href="{html.escape(url, quote=True)}">{label}</a>')
                i = found.end()
                continue
        if links and char == "<" and (found := _AUTOLINK.match(text, i)) and _safe_url(found.group(1)):
            emit(f'<a href="{html.escape(found.group(1), quote=True)}">{html.escape(found.group(1))}</a>')
            i = found.end()
            continue
        if links and char == "h" and (i == 0 or not text[i - 1].isalnum()) and \
                (found := _BARE_URL.match(text, i)):
            url = _trimmed_url(found.group())
            emit(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
            i += len(url)
            continue
        if char in "*_~":
            length = _RUNS[char].match(text, i).end() - i  # type: ignore[union-attr]
            before = text[i - 1] if i else " "
            after = text[i + length] if i + length < size else " "
            emit(_run(char, length, before, after))
            i += length
            continue
        plain += char
        i += 1
    if plain:
        parts.append(html.escape(plain))
    return _emphasis(parts)


_TICKS = re.compile("`+")
_RUNS = {"*": re.compile(r"\*+"), "_": re.compile("_+"), "~": re.compile("~+")}


def _closing_ticks(ticks_at: dict[int, list[int]], length: int, start: int) -> int | None:
    """Where the first run of exactly ``length`` backticks at or after ``start`` begins (a code
    span's end), if any."""
    from bisect import bisect_left

    found = ticks_at.get(length, [])
    index = bisect_left(found, start)
    return found[index] if index < len(found) else None


def _trimmed_url(url: str) -> str:
    """A bare address without the punctuation that ends the sentence around it, nor a closing
    parenthesis it does not open (GitHub's autolink rules)."""
    unopened = url.count(")") - url.count("(")
    while url and (url[-1] in "?!.,:;*_~'\"" or (url[-1] == ")" and unopened > 0)):
        unopened -= url[-1] == ")"
        url = url[:-1]
    return url


def _html_text(text: str) -> str:
    """One paragraph of author Markdown, escaped, its whitespace folded; a code span is code,
    a link to an ``http``, ``https`` or ``mailto`` address is a link (any other shows as
    written), and ``**strong**``, ``*emphasis*`` and ``_emphasis_`` are emphasis."""
    return _html_inline_markdown(" ".join(text.split()))


def _html_cells(line: str) -> list[str]:
    """A Markdown table row's cells, escaped; ``\\|`` is a pipe in a cell."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [_html_text(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", row)]


#: How deep quotes and lists nest in the HTML page; deeper ones show as text (a line of 800
#: ">" would otherwise nest as deep as Python's recursion goes).
_MAX_NESTING = 16


def _html_prose(text: str, depth: int = 0) -> str:
    """Author Markdown as HTML paragraphs; a fenced or indented code block keeps its lines and
    spacing (a pasted log), and a table is a table. All text is escaped."""
    lines = strip_comments(text).strip("\n").split("\n")
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{_html_text(' '.join(para))}</p>")
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker, code = fence.group(1), []
            closing = re.compile(rf" {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            i += 1
            while i < len(lines) and not closing.match(lines[i]):
                code.append(lines[i])
                i += 1
            i += 1
            out.append(f"<pre><code>{html.escape(chr(10).join(code))}</code></pre>")
            continue
        if not line.strip():
            flush()
            i += 1
            continue
        if not para and line.startswith("    "):
            code = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                code.append(lines[i][4:])
                i += 1
            while code and not code[-1].strip():
                code.pop()
            out.append(f"<pre><code>{html.escape(chr(10).join(code))}</code></pre>")
            continue
        if not para and _DEFINITION.match(line):  # shown as nothing, as Markdown shows it
            i += 1
            continue
        if not para and _FOOTNOTE.match(line):  # shown at the page's end, where it is referred to
            i += 1 + len(_continued(lines, i + 1))
            continue
        rule = _RULE.match(line)
        if rule and (not para or rule.group(1) != "-"):  # ("text" over "---" is a heading there)
            flush()
            out.append("<hr>")
            i += 1
            continue
        if _QUOTE.match(line) and depth < _MAX_NESTING:  # a block quote (a status-page notice as it went out)
            flush()
            quoted: list[str] = []
            while i < len(lines):
                marker = _QUOTE.match(lines[i])
                if marker:
                    quoted.append(lines[i][marker.end():])
                elif lines[i].strip() and quoted and quoted[-1].strip() and not (
                        _FENCE.match(lines[i]) or _HEADING.match(lines[i]) or _RULE.match(lines[i])):
                    quoted.append(lines[i])  # a paragraph in the quote goes on without a marker
                else:
                    break
                i += 1
            out.append(f"<blockquote>{_html_prose(chr(10).join(quoted), depth + 1)}</blockquote>")
            continue
        heading = _HEADING.match(line)
        if heading:  # a heading ends a paragraph, as in the Markdown page
            flush()
            level = len(heading.group(1))
            out.append(f"<h{level}>{_html_text(heading.group(2) or '')}</h{level}>")
            i += 1
            continue
        first = _LIST_ITEM.match(line)
        if first and not para and depth < _MAX_NESTING:
            ordered = first.group(1) is None
            kind = first.group(1) or first.group(3)  # another bullet or delimiter starts another list
            # Each item: its text, and the blocks indented under it (a nested list, code).
            items: list[tuple[list[str], list[str]]] = []
            column = 0  # where the current item's text starts
            while i < len(lines):
                current = lines[i]
                item = _LIST_ITEM.match(current)
                indent = len(current) - len(current.lstrip(" "))
                if not current.strip():
                    following = lines[i + 1] if i + 1 < len(lines) else ""
                    if not (_LIST_ITEM.match(following) or (following.strip() and items
                                                             and _indent(following) >= column)):
                        break
                    if items[-1][1]:
                        items[-1][1].append("")  # (a blank line inside the item's blocks)
                elif items and indent >= column:
                    inner = current[column:]
                    if items[-1][1] or _LIST_ITEM.match(inner) or _FENCE.match(inner) or _QUOTE.match(inner):
                        items[-1][1].append(inner)
                    else:
                        items[-1][0].append(inner)  # the item's text goes on over a line break
                elif item and (item.group(1) or item.group(3)) == kind:
                    items.append(([current[item.end():]], []))
                    column = item.end()
                elif item or _FENCE.match(current):
                    break
                else:  # a line that goes on without its indentation
                    (items[-1][1] or items[-1][0]).append(current)
                i += 1
            tag = "ol" if ordered else "ul"
            number = int(first.group(2)) if ordered else 1
            start = f' start="{number}"' if number != 1 else ""
            out.append(f"<{tag}{start}>" + "".join(
                f"<li>{_task(' '.join(text))}"
                f"{_html_prose(chr(10).join(blocks), depth + 1) if blocks else ''}</li>"
                for text, blocks in items) + f"</{tag}>")
            continue
        if (not para and "|" in line and i + 1 < len(lines) and "-" in lines[i + 1]
                and _TABLE_DELIMITER.match(lines[i + 1])):
            head = "".join(f"<th>{cell}</th>" for cell in _html_cells(line))
            i += 2
            rows = ""
            while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                rows += "<tr>" + "".join(f"<td>{cell}</td>" for cell in _html_cells(lines[i])) + "</tr>"
                i += 1
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            continue
        para.append(line)
        i += 1
    flush()
    return "\n".join(out)


def _task(text: str) -> str:
    """A list item's text as HTML; a task list item's box (``[ ]``, ``[x]``) is a check box."""
    box = re.match(r"\[([ xX])\][ \t]+(?=\S)", text)
    if box is None:
        return _html_text(text)
    checked = " checked" if box.group(1) != " " else ""
    return f'<input type="checkbox" disabled{checked}> {_html_text(text[box.end():])}'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


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


def render_html(pm: Postmortem, extra: Sequence[tuple[str, str]] = (),
                definitions: Sequence[str] = ()) -> str:
    """The page as one self-contained HTML file; ``definitions`` as for :func:`render_markdown`
    (with those written in the page's own text, they make reference links links)."""
    page = blocks(pm, extra)
    texts = [*definitions, *(b.text for b in page if isinstance(b, Prose))]
    token = _REFERENCES.set(_references(texts))
    notes = _FOOTNOTES.set(_footnotes(texts))
    try:
        return _html_page(pm, page)
    finally:
        _FOOTNOTES.reset(notes)
        _REFERENCES.reset(token)


def _html_page(pm: Postmortem, page: list[Block]) -> str:
    body: list[str] = []
    for block in page:
        if isinstance(block, Heading):
            text = _html_text(block.text) if block.markdown else html.escape(block.text)
            body.append(f"<h{block.level}>{text}</h{block.level}>")
        elif isinstance(block, Prose):
            body.append(_html_prose(block.text))
        elif isinstance(block, Note):
            body.append(f'<p class="note">{html.escape(block.text)}</p>')
        elif isinstance(block, Facts):
            items = "".join(f"<dt>{html.escape(k)}</dt><dd>{_html_inline(v)}</dd>" for k, v in block.items)
            body.append(f'<dl class="facts">{items}</dl>')
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{_html_inline(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, Chart):
            body.append(_html_chart(block))
    notes = _FOOTNOTES.get()
    if notes is not None and notes.order:
        shown: list[str] = []
        while len(shown) < len(notes.order):  # (a note may refer to one not referred to before)
            label = notes.order[len(shown)]
            note = _html_text(notes.text[label])
            shown.append(f'<li id="{html.escape(f"fn-{label}", quote=True)}">{note}</li>')
        body.append('<section class="footnotes"><ol>' + "".join(shown) + "</ol></section>")
    lang = html.escape(pm.lang.value, quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{html.escape(pm.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
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


def _amount(value: float) -> str:
    """A metric's value as people write it: 5,000,000 (not 5e+06), 99.95, any size of integer."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:g}"
