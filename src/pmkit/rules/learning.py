"""PM7xx: learning: contributing factors and action items.

A postmortem exists for learning: it names the several conditions that together allowed the
incident (contributing factors, not one "root cause"), and it commits to action items that are
specific, owned, prioritised, dated and tracked, so that they do not vanish (reference/
practice.md §1 "Notable content rules" and §6 "Action items vanish").

Vague phrases, root-cause phrasings and first-word lists (English and German) are data, in
``pmkit/rules/data/learning.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from pmkit.config import DAYS
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.rules import (
    NOBODY_ANSWERS,
    NOTHING_ANSWERS,
    PENDING_ANSWERS,
    UNASSIGNED_ANSWERS,
    Context,
    Option,
    Rule,
    bare_word,
    blank,
    reason_non_answer,
    register,
)
from pmkit.rules.blameless import reading_links
from pmkit.rules.loading import PLACEHOLDER, template_placeholder
from pmkit.vocabulary import ActionStatus, ActionType, IncidentSeverity, Priority

if TYPE_CHECKING:
    from pmkit.model import ActionItem, Postmortem

_MAJOR = (IncidentSeverity.SEV1, IncidentSeverity.SEV2)
_OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# --- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vague:
    """A vague action phrase of one language, and what to say instead."""

    lang: str
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None
    say: str
    #: Fine where it only says why another action is done ("Shard the table to improve ...").
    purpose: bool


@dataclass(frozen=True)
class Wording:
    """The learning rules' word lists, compiled."""

    vague: tuple[Vague, ...]
    root_cause: dict[str, tuple[re.Pattern[str], ...]]
    #: What after a root-cause phrase takes it back (a denial, the state of the search).
    root_cause_unless: dict[str, re.Pattern[str]]
    purpose_clause: dict[str, re.Pattern[str]]
    not_verbs_en: frozenset[str]
    verbs_with_noun_endings: frozenset[str]
    verb_prefixes_en: tuple[str, ...]
    not_verbs_de: frozenset[str]
    subordinators_de: frozenset[str]


@lru_cache(maxsize=1)
def wording() -> Wording:
    """The action-item and root-cause word lists, compiled once."""
    from pmkit.rules.decisions import load_yaml

    raw = load_yaml("learning.yaml")
    controls = raw.get("control", {})

    def unless(lang: str, pattern: str | None) -> re.Pattern[str] | None:
        if not pattern:
            return None
        # "{control}" stands for the automated controls of the language, defined once.
        return re.compile(pattern.replace("{control}", f"(?:{controls[lang]})"), re.IGNORECASE)

    vague = tuple(
        Vague(lang, re.compile(item["pattern"], re.IGNORECASE), unless(lang, item.get("unless")),
              item["say"], bool(item.get("purpose", False)))
        for lang, items in raw["vague"].items() for item in items
    )
    roots = {lang: tuple(re.compile(p, re.IGNORECASE) for p in items)
             for lang, items in raw["root_cause"].items()}
    return Wording(
        vague=vague,
        root_cause=roots,
        root_cause_unless={lang: re.compile(p, re.IGNORECASE)
                           for lang, p in raw.get("root_cause_unless", {}).items()},
        purpose_clause={lang: re.compile(p, re.IGNORECASE) for lang, p in raw["purpose_clause"].items()},
        not_verbs_en=frozenset(w.lower() for w in raw["not_verbs_en"]),
        verbs_with_noun_endings=frozenset(w.lower() for w in raw["verbs_with_noun_endings"]),
        verb_prefixes_en=tuple(w.lower() for w in raw["verb_prefixes_en"]),
        not_verbs_de=frozenset(w.lower() for w in raw["not_verbs_de"]),
        subordinators_de=frozenset(w.lower() for w in raw["subordinators_de"]),
    )


def root_cause_phrases(lang: str) -> tuple[re.Pattern[str], ...]:
    """The root-cause phrasings read in a document of ``lang``: its own and the English ones.

    German lists the bare terms ("Hauptursache", "Root Cause"); in English prose "root cause"
    alone also names the analysis or rejects the idea ("there was no single root cause").
    """
    data = wording().root_cause
    own = data.get(lang, ()) if lang != "en" else ()
    return (*data.get("en", ()), *own)


def vague_phrase(title: str, lang: str) -> tuple[re.Match[str], Vague] | None:
    """The first vague phrase in an action-item title (the document's language first).

    A phrase that only gives the purpose of another action is not the item's work: "Shard the
    orders table to improve write throughput" is done when the table is sharded.
    """
    data = wording()
    found: list[tuple[re.Match[str], Vague]] = []
    ordered = sorted(data.vague, key=lambda v: v.lang != lang)
    named = _named_things(title)
    for entry in ordered:
        if entry.unless and entry.unless.search(title):
            continue
        purpose = data.purpose_clause.get(entry.lang) if entry.purpose else None
        match = next((m for m in entry.regex.finditer(title)
                      if (purpose is None or not purpose.search(title, 0, m.start()))
                      and not _names_a_thing(title, m, named)), None)
        if match:
            found.append((match, entry))
    if not found:
        return None
    return min(found, key=lambda pair: (pair[1].lang != lang, pair[0].start()))


#: A word glued by a hyphen or an underscore to the word after it: part of a name, not a verb.
_GLUED = re.compile(r"[-_]\w")


def _named_things(title: str) -> list[tuple[int, int]]:
    """The parts of a title that name something instead of saying what to do: code spans,
    quotes and links ("Remove the `improve_ranking` flag", "Delete the 'Investigate' view")."""
    if not any(mark in title for mark in "`'\"“‘„«<:/"):
        return []
    from pmkit.prose.shown import protected_ranges

    return protected_ranges(title)


def _names_a_thing(title: str, match: re.Match[str], named: list[tuple[int, int]]) -> bool:
    """Whether a vague phrase is part of a name the title gives: in a code span, a quote or a
    link, or glued to the next word as in "improve-monitoring", a flag's or a dashboard's
    name: the item's work is what is done with it ("Remove the improve-monitoring flag")."""
    start, end = match.span()
    if any(a < end and start < b for a, b in named):
        return True
    if _GLUED.match(title, end) is not None or _MODIFIES_A_THING.match(title, end) is not None:
        return True
    return (match.group(0).lower().endswith(_VAGUE_NOUN_ENDINGS)
            and _TOPIC_OF_A_THING.search(title, 0, start) is not None)


#: A noun made of a vague verb right before a thing a team keeps ("the incident investigation
#: template", "an improvement backlog label"): it says which thing, and the item's work is done
#: with that thing. "Investigation into ...", "Monitoring improvements" stay vague.
_MODIFIES_A_THING = re.compile(
    r"(?<=ion|ent|nts)\s+(?:backlog\s+)?(?:template|dashboard|board|backlog|label|tag|channel|ticket|epic"
    r"|checklist|form|page|doc|document|report|queue|field|column|runbook|wiki|folder|repo"
    r"|repository)s?\b",
    re.IGNORECASE,
)


#: A noun (or gerund) made of a vague verb as the topic of a thing the item makes ("Write a
#: runbook for the investigation of duplicate charges", "a runbook for investigating ...",
#: "Runbook für die Untersuchung doppelter Abbuchungen schreiben"): the item is done when the
#: thing is. "Investigation of duplicate charges" and "Runbook verbessern" stay vague.
_VAGUE_NOUN_ENDINGS = ("ion", "ions", "ment", "ments", "ing", "ung", "ungen")
_TOPIC_OF_A_THING = re.compile(
    r"(?:\b(?:runbook|playbook|template|checklist|guide|dashboard|doc|document|page|report|wiki"
    r"|script|tool|query)s?\s+(?:for|on|about)(?:\s+(?:the|an?))?"
    r"|(?:runbook|playbook|vorlage|checkliste|leitfaden|anleitung|dashboard|dokument|dokumentation|seite"
    r"|bericht|wiki|skript|werkzeug|tool|abfrage|handbuch)s?\s+(?:für\s+(?:die|den|das)|zur|zum"
    r"|über\s+(?:die|den|das)))\s+$",
    re.IGNORECASE,
)


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NOUN_ENDINGS_EN = ("tion", "sion", "ment", "ments", "ness", "ity", "ance", "ence", "ship")
_NOUN_ENDINGS_DE = ("ung", "ungen", "heit", "keit", "ion", "ität", "nis")


def verb_first_problem(title: str, lang: str) -> str | None:
    """Why a title does not read as an instruction, or None (conservative on purpose).

    English: the first word is an article, pronoun, modal or adjective ("The", "We",
    "Better") or a noun by its ending ("Implementation", "Improvement"), unless that word is
    a verb too ("Document", "Implement", "Decommission"). German: the title starts like a noun
    phrase (article, pronoun, "Neue", or a noun ending in -ung/-heit/-keit/-ion) and does not
    end with an infinitive ("... einrichten"); imperatives ("Richte ... ein") pass.
    """
    words = _TITLE_WORD.findall(title)
    if not words:
        return None
    first = words[0]
    lower = first.lower()
    data = wording()
    if lang == "de":
        noun_start = lower in data.not_verbs_de or (
            first[:1].isupper() and lower.endswith(_NOUN_ENDINGS_DE) and len(lower) > 5)
        if noun_start and not _ends_with_infinitive_de(title, data):
            return (f"starts with '{first}' and does not end with a verb in the infinitive")
        return None
    if lower in data.not_verbs_en:
        return f"starts with '{first}', not with a verb"
    if (lower.endswith(_NOUN_ENDINGS_EN) and not _verb_too(lower, data) and len(lower) > 5
            and not _object_follows(words)):
        return f"starts with the noun '{first}', not with a verb"
    return None


#: Words that open a noun phrase: right after a title's first word they make it a verb with its
#: object ("Sanction the exception", "Witness a failover drill"); a noun is followed by "of",
#: "for" or another noun ("Implementation of...", "Requisition form").
_OBJECT_OPENERS = frozenset({"the", "a", "an", "our", "its", "their", "every", "each", "all", "both",
                             "this", "these", "those", "any"})


def _object_follows(words: list[str]) -> bool:
    return len(words) > 1 and words[1].lower() in _OBJECT_OPENERS


#: German definite articles, which open a title as often as they open a relative clause.
_ARTICLES_DE = frozenset({"der", "die", "das", "den", "dem", "des"})
#: Where a German instruction may end before a remark: a comma, a colon, a bracket, a dash.
_PART_DE = re.compile(r"[,;:()\[\]]|\s[-–]\s")


def _ends_with_infinitive_de(title: str, data: Wording) -> bool:
    """True when the title, or a part of it before a remark, ends with an infinitive.

    "Überwachung für Zertifikatsablauf einrichten (OPS-1234)" and "..., siehe OPS-12" end
    with a reference; the instruction before it still ends with its verb. A subordinate
    clause ("..., um Fehler früher zu erkennen") does not count, nor does "zu" + infinitive.
    """
    for index, part in enumerate(_PART_DE.split(title)):
        words = _TITLE_WORD.findall(part)
        opener = words[0].lower() if words else ""
        # "der", "die", "das" open a relative clause after a comma, but at the title's start
        # they are its article ("Das Runbook aktualisieren").
        if not words or (opener in data.subordinators_de and not (index == 0 and opener in _ARTICLES_DE)):
            continue
        last = words[-1]
        if (last[:1].islower() and re.search(r"(?:en|ern|eln|n)$", last) is not None
                and not (len(words) > 1 and words[-2].lower() == "zu")):
            return True
    return False


def _verb_too(word: str, data: Wording) -> bool:
    """True when an English word with a noun ending is also a verb, prefixed ones too.

    "Decommission the old cluster" and "Re-provision the nodes" are instructions: the verb
    ("commission", "provision") carries a prefix.
    """
    if word in data.verbs_with_noun_endings:
        return True
    return any(word.startswith(prefix) and word[len(prefix):].lstrip("-") in data.verbs_with_noun_endings
               for prefix in data.verb_prefixes_en)


# --- helpers ---------------------------------------------------------------------------------

#: (Compared without the marks around them: "?", "??" and "???" are "", "N.N." is "n.n", the
#: German "nomen nominandum", a name still to be given.)
#: Besides them, the shared lists of "nothing" ("n/a", "keine Angabe"), "no one", "someone"
#: and "still open" ("TBD", "open", "offen"), and the abbreviations written out ("to be
#: assigned" as "TBA", "to be determined" as "TBD"; "not yet assigned" as "unassigned").
_PLACEHOLDERS = NOTHING_ANSWERS | NOBODY_ANSWERS | UNASSIGNED_ANSWERS | PENDING_ANSWERS | frozenset({
    "", "-", "--", "~", "xxx", "to be assigned", "to be announced", "to be determined", "to be decided",
    "to be confirmed", "not assigned", "not yet assigned", "noch nicht zugewiesen", "noch zuzuweisen"})
#: A placeholder with a remark after it: "TBD (payments)", "TBD, ask Bob", "nobody - yet".
_REMARK = re.compile(r"\s*[(\[,;:–—]|\s+-\s+")
#: A link or a ticket id somewhere in the value ("OPS-123", "#12", "org/repo#12", a URL), a
#: ServiceNow record ("CHG0012345", "INC0012345", "RITM0012345"), a Buganizer short link
#: ("b/123456789"), a numbered ticket named as one ("bug 12345", "Ticket 4711"), a GitLab
#: merge request ("!45", "acme/payments!45", "group/sub/project!45") or a Shortcut story
#: ("sc-1234"). A lower-case key ("abc-12") is not one: it may be any word with a number.
_TRACKER = re.compile(r"https?://\S+|(?<![\w-])[A-Z][A-Z0-9_]*-\d+\b|(?:[\w.-]+/[\w.-]+)?#\d+\b"
                      r"|(?:(?<![\w/!.-])[\w.-]+(?:/[\w.-]+)+|(?<![\w/!.-]))!\d+\b|(?<![\w-])(?i:sc)-\d+\b"
                      r"|\b(?:INC|CHG|PRB|PTASK|RITM|REQ|S?C?TASK)\d{5,}\b|(?<![\w/])b/\d+\b"
                      r"|\b(?i:bug|ticket|issue|case|incident|change|story|task)\s+#?\d+\b")


#: A link whose host a blank cuts, its path going on after it: "https://tracker example/OPS-1"
#: (what follows a whole link, "https://jira.example/OPS-1 (follow-up)", is a remark).
_BROKEN_LINK = re.compile(r"https?://[^\s/]+\s+[^\s/()]+/")

#: What may surround a placeholder without making it a value: "tbd.", "???", "(TBD)", "N.N.".
_PLACEHOLDER_MARKS = " \t\n.?!()[]{}*_\"'"


def placeholder(value: str | None, *, remark: bool = False) -> bool:
    """Whether ``value`` names no one and nothing: blank (also of characters that do not show)
    or a placeholder ("TBD", "?", "N.N.", "~"); with ``remark``, also one with a remark after it
    ("TBD (payments)", "TBD, ask Bob"): an owner, where no remark names who it is."""
    if value is None or blank(value):
        return True
    # Also as a non-answer is looked up ("k. A." as "k.a"), so that the lists agree.
    if not bare_word(value):
        return True  # marks alone: "~", "-", "???"
    head = _REMARK.split(value.strip(), maxsplit=1)[0] if remark else value
    return any(text.strip().lower().strip(_PLACEHOLDER_MARKS) in _PLACEHOLDERS
               or bare_word(text) in _PLACEHOLDERS for text in (value, head))


def _shown_or_quoted(text: str) -> Callable[[int, int], bool]:
    """Whether a range of a prose field touches its code spans, quotes, block quotes or links:
    a phrase in them is shown or quoted, not said ("`Root cause:` was the old template's
    heading", "> 14:02 alice: the root cause was the CDN"), as the blameless rules read them."""
    from pmkit.prose.shown import not_said

    return not_said(text).overlaps


def _items(pm: Postmortem) -> list[tuple[int, ActionItem]]:
    return list(enumerate(pm.action_items or ()))


def _live(pm: Postmortem) -> list[ActionItem]:
    """Action items that will be (or were) done: every item except ``wont-do`` ones."""
    return [item for item in pm.action_items or () if item.status is not ActionStatus.WONT_DO]


def _unread(ctx: Context, key: str) -> bool:
    """Whether a live action item writes ``key`` in a way the schema rejected (a PM0xx finding):
    a rule that counts the items by that field cannot tell what the item meant."""
    assert ctx.pm is not None
    return any(item.status is not ActionStatus.WONT_DO and ctx.written("action_items", index, key) is not None
               for index, item in _items(ctx.pm))


def today(ctx: Context, pm: Postmortem) -> date:
    """Today's date by the run's clock, in the postmortem's time zone, else the team's (as the
    disclosure clocks count days): an item due today was "1 day overdue" in the evening in
    Los Angeles, where UTC had reached tomorrow."""
    from pmkit.config import team_zone

    now: datetime = ctx.now
    return now.astimezone(team_zone(ctx.config, pm)).date()


def user_affecting(pm: Postmortem) -> bool:
    impact = pm.impact
    if impact is None:
        return False
    return bool((impact.users_affected or 0) > 0 or (impact.customers_affected or 0) > 0
                or impact.data_loss)


def _impact_said(pm: Postmortem) -> str:
    """What made the incident one that affected people, as its impact section says it: "the
    incident affected 1,200 users", "... lost data" (not "affected users" when no user was)."""
    impact = pm.impact
    assert impact is not None
    parts: list[str] = []
    users, customers = impact.users_affected or 0, impact.customers_affected or 0
    if users > 0:
        parts.append(f"affected {users:,} user{'s' if users != 1 else ''}")
    elif customers > 0:
        parts.append(f"affected {customers:,} customer{'s' if customers != 1 else ''}")
    if impact.data_loss:
        parts.append("lost data")
    return "the incident " + " and ".join(parts)


# --- contributing factors --------------------------------------------------------------------


@register
class NoContributingFactors(Rule):
    """The postmortem names no contributing factors.

    What it catches: no ``contributing_factors`` section, or an empty one. In a Markdown
    postmortem, at a ``## Contributing factors`` (or ``## Root causes``) section of the body,
    which is text: the factors are read from the front matter. A section whose items are all
    written as texts (``- The config had no default.``) is not called missing: PM012 reports
    each item, with the fields to write.

    Why: the point of a postmortem is to learn what made the incident possible. Complex
    systems fail through several conditions at once (a latent bug, a missing alert, a risky
    default); naming them is what the action items then address. PagerDuty's template has a
    "Contributing Factors" section and its guide rejects a single root cause
    (reference/practice.md §1).

    Example::

        summary: A bad config took down checkout.
        action_items: [...]

    Instead::

        contributing_factors:
          - {id: CF1, description: The config loader accepted an empty region list.}
          - {id: CF2, description: The canary stage did not cover the EU region.}
    """

    code = "PM701"
    name = "no-contributing-factors"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.contributing_factors or ctx.rejected("contributing_factors"):
            return
        hint = ("Add 'contributing_factors:' with the conditions that together made the incident "
                "possible (id and description each), and link action items to them with 'addresses:'.")
        if pm.contributing_factors is None:
            yield ctx.missing("contributing_factors", "the postmortem names no contributing factors",
                              hint=hint, key=True)
        else:
            yield ctx.report(("contributing_factors",), "the postmortem names no contributing factors",
                             hint=hint, key=True)


@register
class SingleContributingFactor(Rule):
    """Only one contributing factor: a single "root cause" framing.

    What it catches: a ``contributing_factors`` list with exactly one entry.

    Why: incidents in complex systems have several contributing conditions; a single cause
    usually means the analysis stopped at the first plausible answer (often the trigger), and
    the other conditions (why it was possible, why it was not caught, why it lasted) get no
    action items. PagerDuty's guide and the "new view" of safety (Dekker, Allspaw) prefer
    contributing factors to one root cause (reference/practice.md §1, §3). This is advice
    (info), not a rule violation: sometimes one factor really is the whole story.

    Example::

        contributing_factors:
          - {id: CF1, description: A deploy contained a bug.}

    Instead::

        contributing_factors:
          - {id: CF1, description: Release 4.2 divided by a rate that can be zero.}
          - {id: CF2, description: No test covered a zero rate.}
          - {id: CF3, description: The canary stage saw no zero-rate traffic.}
    """

    code = "PM702"
    name = "single-contributing-factor"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        assert ctx.pm is not None
        factors = ctx.pm.contributing_factors or []
        if len(factors) == 1:
            yield ctx.report(("contributing_factors",), "only one contributing factor: incidents "
                             "rarely have a single cause", hint="Ask what made the incident "
                             "possible, why it was not caught earlier, and why it lasted as long as "
                             "it did; record each condition as its own factor.", key=True)


@register
class RootCauseFraming(Rule):
    """Prose that frames the incident as having one root cause.

    What it catches: "the root cause was" (also "the primary", "underlying", "main" or
    "ultimate cause was", "Root cause was" opening a sentence, "the outage's root cause was",
    "the root cause turned out to be"), the cause named first ("An expired certificate was the
    root cause", "We identified an expired certificate as the root cause"), "Root cause:",
    "the sole cause", "caused solely by"; German "die Ursache war", "Grundursache",
    "Hauptursache", "die eigentliche Ursache", "ursächlich war", "Als Grundursache wurde ...
    identifiziert".
    "Die Ursache war" counts where the cause leads its clause, as "the root cause was" does;
    at the end of a subordinate clause ("ohne Beleg, dass die Hardware die Ursache war") it
    is what something is said to be, as in "that the hardware was the root cause", and where
    its clause says how far the search for it got ("Die Ursache war nach 45 Minuten
    eingegrenzt", "... noch nicht gefunden", "... bekannt") it is the state of the analysis,
    as "the root cause was narrowed down" and "... is still under investigation" are. A
    denial ("the root cause wasn't the database", "... was not ...", "die Ursache war nicht
    die Datenbank") passes; in German both exemptions hold for every noun of the list
    ("Die Hauptursache war nicht die Datenbank", "Die Grundursache lag nicht in ...", "Eine
    Grundursache gab es nicht", "Die Grundursache ist noch nicht gefunden"). So does a phrase
    in a code span, a quote ("the status page said 'the root cause was the CDN'") or a block
    quote (a chat excerpt, "> alice: the root cause was the CDN"; not a GitHub alert,
    "> [!NOTE]", which is the author's).
    Every prose field is read (summary, impact, timeline, factors, lessons...), as Markdown
    shows it ("the root *cause* was", "the [root cause](x) was"); the finding points at the
    phrase as written. The fields are read as the file writes them, also where the schema
    rejects the file or one of its list items, as the blameless rules read them.

    Why: "the root cause" suggests that removing one thing prevents the incident. In complex
    systems several conditions combine, and the single-cause story stops the analysis at the
    first plausible answer (PagerDuty's guide rejects a single root cause; reference/
    practice.md §1). Say "contributing factors" and list them. This is advice (info).

    Example::

        summary: The root cause was a bad config push.

    Instead::

        summary: A config push with an empty region list, which the loader accepted, ...
    """

    code = "PM703"
    name = "root-cause-framing"
    severity = Severity.INFO
    # The prose as written, as the blameless rules read it: also where the schema rejects the
    # file or an item of a list (and so by the process of a split check that has no model).
    needs_model = False

    @reading_links
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        from pmkit.fields import prose_fields
        from pmkit.overlaps import Claims
        from pmkit.prose.shown import as_shown
        from pmkit.textmap import locate

        phrases = root_cause_phrases(ctx.lang)
        unless = wording().root_cause_unless.get(ctx.lang)
        for path, text in prose_fields(ctx.doc):
            # Read as the reader sees it ("root *cause* was", "[root cause](x) was"); the
            # finding is put back on the text as written.
            shown, back = as_shown(text)
            taken: list[tuple[int, int]] = []
            claims = Claims(len(shown))
            quoted: Callable[[int, int], bool] | None = None  # worked out at the first match
            for regex in phrases:
                for match in regex.finditer(shown):
                    if quoted is None:
                        quoted = _shown_or_quoted(shown)
                    start, end = match.span()
                    if quoted(start, end):
                        continue
                    if unless is not None and unless.match(shown, end):
                        continue  # "Die Hauptursache war nicht ...", "... ist noch nicht gefunden"
                    if claims.claim(start, end):
                        taken.append((start, end))
            for start, end in sorted(taken):
                span = locate(ctx.doc, path, text, *back(start, end))
                phrase = " ".join(shown[start:end].split())  # (on one line, as shown)
                yield ctx.report(path, f"'{phrase}' frames the incident as having a single root cause",
                                 span=span, hint="Describe the contributing factors instead, and list them "
                                 "under 'contributing_factors'.")


@register
class FactorNotAddressed(Rule):
    """A contributing factor that no action item addresses.

    What it catches: a contributing factor whose id appears in no action item's
    ``addresses`` (a ``wont-do`` item with a reason counts: deciding not to act is an answer).

    Why: a factor without an action item is a risk the organisation has chosen to keep,
    usually without saying so. PagerDuty asks to record decisions not to act, with their
    reason (reference/practice.md §1).

    Example::

        contributing_factors:
          - {id: CF1, description: The config loader accepted an empty region list.}
          - {id: CF2, description: The canary stage saw no EU traffic.}
        action_items:
          - {id: AI1, title: Reject configs with an empty region list in CI, addresses: [CF1]}

    Instead::

        action_items:
          - {id: AI1, title: Reject configs with an empty region list in CI, addresses: [CF1]}
          - {id: AI2, title: Route 5% of EU traffic through the canary stage, addresses: [CF2]}
    """

    code = "PM710"
    name = "factor-not-addressed"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if not pm.action_items:
            return  # PM711
        addressed = {ref for item in pm.action_items for ref in item.addresses}
        # 'addresses: CF2' (text, not a list; PM012 asks for the list) still names CF2.
        for index, _ in _items(pm):
            written = ctx.written("action_items", index, "addresses")
            if isinstance(written, str):
                addressed.update(re.findall(r"[^\s,;\[\]]+", written))
        for index, factor in enumerate(pm.contributing_factors or ()):
            if factor.id not in addressed:
                yield ctx.report(("contributing_factors", index, "id"),
                                 f"no action item addresses contributing factor {factor.id}",
                                 hint=f"Add an action item with 'addresses: [{factor.id}]', or a "
                                 "'wont-do' item with the reason for not acting.")


# --- action items: completeness --------------------------------------------------------------


@register
class NoActionItems(Rule):
    """The postmortem has no action items.

    What it catches: no ``action_items`` section, or an empty one. In a Markdown postmortem, at
    an ``## Action items`` section of the body (a task list), which is text: the items are read
    from the front matter. A section whose items are all written as texts (``- Add a canary
    stage``) is not called missing: PM012 reports each item, with the fields to write.

    Why: a postmortem without action items changes nothing. Every factor the analysis found
    needs an item, or a recorded decision not to act (reference/practice.md §1).

    Example::

        contributing_factors:
          - {id: CF1, description: The config loader accepted an empty region list.}
        # ...and nothing after it

    Instead::

        action_items:
          - {id: AI1, title: Reject configs with an empty region list in CI, type: prevent,
             priority: P1, owner: platform team lead, due: 2024-04-15,
             tracker: https://tracker.example/PLAT-812, addresses: [CF1]}
    """

    code = "PM711"
    name = "no-action-items"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.action_items or ctx.rejected("action_items"):
            return
        hint = ("Add 'action_items:' (id, title, type, priority, owner, due, tracker, addresses) for "
                "the contributing factors.")
        if pm.action_items is None:
            yield ctx.missing("action_items", "the postmortem has no action items", hint=hint, key=True)
        else:
            yield ctx.report(("action_items",), "the postmortem has no action items", hint=hint, key=True)


class _MissingField(Rule):
    """Shared logic of PM704-PM707: one finding per item that lacks the field."""

    field_name = ""
    what = ""
    advice = ""
    open_only = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        for index, item in _items(pm):
            if item.status is ActionStatus.WONT_DO:
                continue
            if self.open_only and item.status not in _OPEN:
                continue
            problem = self.problem(item)
            if problem and getattr(item, self.field_name) is None \
                    and ctx.written("action_items", index, self.field_name) is not None:
                continue  # written, but not as the schema takes it: its PM0xx finding says how
            if problem:
                missing = getattr(item, self.field_name) is None
                yield ctx.report(("action_items", index, self.field_name),
                                 f"action item {item.id} {problem}", hint=self.hint(ctx), key=missing)

    def problem(self, item: ActionItem) -> str | None:
        raise NotImplementedError

    def hint(self, ctx: Context) -> str:
        """How to fix it; a rule whose advice depends on the run (its clock) says so here."""
        return self.advice


@register
class ActionNoOwner(_MissingField):
    """An action item without an owner.

    What it catches: an action item with no ``owner``, or a placeholder ("TBD", "?", "~",
    "open", "offen", "N.N.", also written out: "to be assigned", "not yet assigned"; also a
    value that names no one or nothing as a timeline's actor
    would: "n/a", "niemand", "keine Angabe"), also with marks around it ("tbd.", "???",
    "(TBD)") or a remark after it ("TBD (payments)", "TBD, ask Bob").
    Items marked ``wont-do`` are exempt.

    Why: an item nobody owns is an item nobody does. Google's action-item table has an owner
    column; the workbook's bad example is faulted for it (reference/practice.md §1).

    Example::

        - {id: AI1, title: Add a lag alert, owner: TBD}

    Instead::

        - {id: AI1, title: Add a lag alert, owner: database on-call lead}
    """

    code = "PM704"
    name = "action-no-owner"
    severity = Severity.WARNING
    field_name = "owner"
    advice = "Add 'owner:' with one accountable role or handle."

    def problem(self, item: ActionItem) -> str | None:
        if blank(item.owner):
            return "has no owner"  # '' and a zero-width space are no placeholder to show
        return f"has a placeholder owner '{item.owner}'" if placeholder(item.owner, remark=True) else None


@register
class ActionNoDueDate(_MissingField):
    """An open action item without a due date.

    What it catches: an ``open`` or ``in-progress`` item with no ``due``.

    Why: without a date, an item slips forever and nobody notices; teams report exactly that
    as the main way postmortem actions vanish. Atlassian gives priority actions a 4- or
    8-week SLO (reference/practice.md §6).

    Example::

        - {id: AI1, title: Add a lag alert, status: open}

    Instead::

        - {id: AI1, title: Add a lag alert, status: open, due: 2024-04-15}
    """

    code = "PM705"
    name = "action-no-due-date"
    severity = Severity.WARNING
    field_name = "due"
    open_only = True

    def problem(self, item: ActionItem) -> str | None:
        return "has no due date" if item.due is None else None

    def hint(self, ctx: Context) -> str:
        # A fixed example date lies in the past sooner or later, and PM714 then calls the item
        # overdue; four weeks from the run's today is Atlassian's shorter SLO for such work.
        assert ctx.pm is not None
        suggested = today(ctx, ctx.pm) + timedelta(weeks=4)
        return f"Add 'due:' with a date such as {suggested.isoformat()} (four weeks from today)."


@register
class ActionNoPriority(_MissingField):
    """An action item without a priority.

    What it catches: an action item with no ``priority`` (P0..P4). Items marked ``wont-do``
    are exempt.

    Why: equal priority for everything means nothing is urgent; the Google workbook faults
    its bad example for exactly that (reference/practice.md §1).

    Example::

        - {id: AI1, title: Add a lag alert}

    Instead::

        - {id: AI1, title: Add a lag alert, priority: P1}
    """

    code = "PM706"
    name = "action-no-priority"
    severity = Severity.WARNING
    field_name = "priority"
    advice = "Add 'priority:' (P0 most urgent .. P4)."

    def problem(self, item: ActionItem) -> str | None:
        return "has no priority" if item.priority is None else None


@register
class ActionNoTracker(_MissingField):
    """An action item without a tracker link.

    What it catches: an action item with no ``tracker``, or one that is neither a URL nor a
    ticket id (``PLAT-812``, ``#123``, ``org/repo#123``, a GitLab merge request such as
    ``!45`` or ``acme/payments!45``, a Shortcut story such as ``sc-1234``, a ServiceNow
    record such as ``CHG0012345``, ``b/123456789``, ``bug 12345``). A lower-case key
    (``eng-123``) is not taken for an id: it may be any word with a number; write it as the
    tracker shows it (``ENG-123``) or as a link. A link with a blank in its host
    (``https://tracker example/OPS-1``) is a broken link, not a link. Items marked ``wont-do``
    are exempt.

    Why: the work happens in the tracker; an item that lives only in the postmortem is
    forgotten, and the tracker loses the link back to why the work matters. The Google
    workbook's bad example had only one item with a bug (reference/practice.md §1, §6).

    Example::

        - {id: AI1, title: Add a lag alert, tracker: later}

    Instead::

        - {id: AI1, title: Add a lag alert, tracker: https://tracker.example/DB-311}
    """

    code = "PM707"
    name = "action-no-tracker"
    severity = Severity.WARNING
    field_name = "tracker"
    advice = "Add 'tracker:' with the ticket's URL or id (e.g. PLAT-812)."

    def problem(self, item: ActionItem) -> str | None:
        if item.tracker is None or blank(item.tracker):
            return "has no tracker link"
        if placeholder(item.tracker):  # said as PM704 says a placeholder owner
            return f"has a placeholder tracker '{item.tracker}'"
        if not _TRACKER.search(item.tracker) or _BROKEN_LINK.search(item.tracker):
            return f"has a tracker '{item.tracker}' that is neither a link nor a ticket id"
        return None


@register
class WontDoWithoutReason(Rule):
    """An action item marked ``wont-do`` without a reason.

    What it catches: ``status: wont-do`` and no ``reason``, or a non-answer for one ("n/a",
    "?", "-", "—", "keine", "entfällt", "k.A." or "k. A.", "There were none", "See the Slack
    thread"), the same that PM202 takes for no rationale, or a no that only says again what the
    status says ("No.", "Won't do.", "Nein").
    A reason left as ``TODO``, ``TBD`` or ``FIXME`` is PM019's to report, at the
    placeholder.

    Why: deciding not to do an item is legitimate, but the reason (cost, a better item
    elsewhere, an accepted risk) must be recorded, or the decision looks like neglect and the
    same item is proposed again next time (PagerDuty; reference/practice.md §1).

    Example::

        - {id: AI4, title: Shard the orders table, status: wont-do}

    Instead::

        - {id: AI4, title: Shard the orders table, status: wont-do,
           reason: AI2's connection limit removes the risk at a fraction of the cost.}
    """

    code = "PM715"
    name = "wont-do-without-reason"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        assert ctx.pm is not None
        for index, item in _items(ctx.pm):
            if item.status is ActionStatus.WONT_DO and _no_reason(item.reason) \
                    and not template_placeholder(item.reason):
                yield ctx.report(("action_items", index, "status"),
                                 f"action item {item.id} is 'wont-do' without a reason",
                                 hint="Add 'reason:' saying why it will not be done.")


#: Reasons that only say no again, which the status says already: "No.", "Won't do.", "Nein".
_REFUSALS = frozenset({
    "no", "nope", "won't do", "wont do", "wont-do", "will not do", "won't fix", "wontfix", "wont fix",
    "will not fix", "not doing it", "nein", "machen wir nicht", "wird nicht gemacht", "nicht machen"})


def _no_reason(value: str | None) -> bool:
    """Whether a wont-do item's ``reason`` gives none: blank, a non-answer as a decision's
    rationale would be ("n/a", "-", "—", "keine", "entfällt", "k.A."), a placeholder as an
    owner would be ("noch offen", "xxx"), or no again ("No.", "Won't do.", "Nein")."""
    return (placeholder(value) or reason_non_answer(value) is not None
            or (value is not None and bare_word(value.replace("\u2019", "'")) in _REFUSALS))


# --- action items: wording -------------------------------------------------------------------


#: PM708's hint in the language of its advice (the phrase's language, normally the document's),
#: so that a German document does not get "Instead, die Änderung ... nennen".
_INSTEAD = {"en": "Instead, {}.", "de": "Stattdessen {}."}


@register
class VagueActionItem(Rule):
    """An action item whose title has no clear "done" state.

    What it catches: titles built on "improve", "investigate", "look into", "make sure",
    "ensure that", "fix the issue", "be more careful", "consider", "re-evaluate", "explore
    options", "follow up on", "try to", "add better ...", "dig into", "work on", or opening with
    "Check", "Verify", "Ensure", "Discuss", "Review", "Analyze", "Audit", "Assess", "Research",
    "Brainstorm" or "Monitor" (as German "prüfen": "Check replication lag" has
    no done state, "Check the config in CI", "Ensure the lag alert fires above 30 s", "Review
    the retry policy and set at most 3 retries", "Audit the topology and remove the stale
    replicas" and "Monitor replica lag with an alert above
    2 s" have), also as a noun phrase ("Improved monitoring"); German "verbessern",
    "untersuchen", "prüfen", "kontrollieren", "analysieren", "evaluieren", "bewerten",
    "Ursache ... ermitteln", "diskutieren", "besprechen", "mit ... reden", "besser machen",
    "Stabilität ... erhöhen", "sich kümmern", "sicherstellen", "darauf achten", "(besser) aufpassen",
    "nachschauen", "sorgfältiger (zu) sein", "in Betracht ziehen", "erwägen", "klären",
    "ggf."/"eventuell", also as an
    imperative ("Verbessere das Monitoring", "Prüfe die Konfiguration") or an adjective
    ("Verbesserte Überwachung"). The
    finding points at the phrase. The lists are in ``pmkit/rules/data/learning.yaml``; a
    phrase with an ``unless`` there is accepted when the title names an automated control
    ("Konfiguration im CI automatisch prüfen", "Ensure backups are restored weekly by a
    scheduled CI job", "via a cron job"; one list, ``control``) or, for "ensure (that)" and
    "sicherstellen", a
    number ("Sicherstellen, dass der Alarm bei mehr als 30 s Verzug auslöst"). A check that
    the title gives to someone or something else is the work of setting it up, as "Have the
    pool check each connection" is: "Verbindungen vor jeder Verwendung prüfen lassen". A
    phrase that only gives the purpose of a concrete action is not reported: "Shard the
    orders table by month to improve write throughput" is done when the table is sharded
    ("Read-Replikas hinzufügen, um die Latenz zu verbessern" likewise); "Remind engineers to
    be more careful" is. Nor, in German, is the verb of a "dass" or relative clause after a
    comma, which says what the thing set up will do ("Verbindungspool so konfigurieren, dass
    er jede Verbindung vor der Verwendung prüft", "Job einrichten, der die Zertifikate
    prüft"). Nor is a phrase that is
    part of a name the title gives, in a code span, a quote or glued to the next word: "Remove
    the `improve` flag", "Delete the 'Investigate' view", "the improve-monitoring flag", or a
    noun of it that says which thing a team keeps ("the incident investigation template", "an
    improvement backlog label", "the investigation report") or what a document or tool the
    item makes is for ("Write a runbook for the investigation of duplicate charges",
    "Runbook für die Untersuchung doppelter Abbuchungen schreiben"). "Investigate and fix the memory
    leak in the payment worker" ("... untersuchen und beheben") is done when the leak is fixed;
    "Investigate and fix the issue" is still vague.

    Why: action items must be actionable, specific and bounded: they start with a verb and
    say when they are done. "Investigate…", "Fix the issue…", "Make sure engineer checks…"
    are the classic bad examples (PagerDuty, after Lunney/Lueder/Beyer, ;login: 2017), and the
    Google workbook faults "Improve" and "make humans less error-prone"
    (reference/practice.md §1).

    Example::

        - {id: AI1, title: Improve monitoring}
        - {id: AI2, title: Monitoring verbessern}

    Instead::

        - {id: AI1, title: Alert when replication lag exceeds 30 seconds}
        - {id: AI2, title: Alarm bei mehr als 2 % Zahlungsfehlern in 5 Minuten einrichten}
    """

    code = "PM708"
    name = "vague-action-item"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.textmap import locate

        pm = ctx.pm
        assert pm is not None
        for index, item in _items(pm):
            if not item.title or item.status is ActionStatus.WONT_DO:
                continue
            found = vague_phrase(item.title, pm.lang.value)
            if found is None:
                continue
            match, entry = found
            path = ("action_items", index, "title")
            span = locate(ctx.doc, path, item.title, match.start(), match.end())
            yield ctx.report(path, f"action item {item.id} is vague ('{match.group(0)}'): it has "
                             "no clear done state", hint=_INSTEAD[entry.lang].format(entry.say), span=span)


@register
class ActionNotVerbFirst(Rule):
    """An action-item title that does not read as an instruction.

    What it catches: (conservatively, to avoid false alarms) English titles that start with an
    article, pronoun, modal or adjective ("The", "We should", "Better", "More", "Faster",
    "Fewer"; not "Lower", a verb too) or with a
    noun recognisable by its ending ("Implementation of...", "Improvement..."), unless that
    word is also a verb ("Document", "Implement", "Decommission", "Rebalance") or an article
    follows it, as an object follows a verb ("Harness the retry budget"). German
    titles that start like a noun phrase (article, "Neue", a noun in -ung/-heit/-keit/-ion)
    and do not end with an infinitive ("Einführung eines Alarms" is flagged; "Einen Alarm
    einrichten", "Alarm einrichten (OPS-12)" and the imperative "Richte einen Alarm ein"
    pass; the verb of a clause "..., um ... zu erkennen" is not the instruction's). Titles already reported as
    vague (PM708), or that start with a placeholder such as ``TODO`` (PM019), are not
    reported again.

    Why: a title that starts with a verb says what will be done ("Add", "Remove", "Alert");
    a noun phrase names a topic, and topics are never finished (reference/practice.md §1).

    Example::

        - {id: AI1, title: Better alerting for replication lag}
        - {id: AI2, title: Einführung eines Alarms für Replikationsverzug}

    Instead::

        - {id: AI1, title: Alert when replication lag exceeds 30 seconds}
        - {id: AI2, title: Alarm für Replikationsverzug über 30 Sekunden einrichten}
    """

    code = "PM709"
    name = "action-not-verb-first"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        lang = pm.lang.value
        for index, item in _items(pm):
            if not item.title or item.status is ActionStatus.WONT_DO:
                continue
            if vague_phrase(item.title, lang) is not None or PLACEHOLDER.match(item.title.lstrip()):
                continue  # said by PM708, or a placeholder still to write (PM019)
            problem = verb_first_problem(item.title, lang)
            if problem:
                advice = ("Start with a verb in the imperative ('Add', 'Remove', 'Alert when...')."
                          if lang == "en" else
                          "Als Anweisung formulieren, mit dem Verb im Infinitiv am Ende "
                          "('Alarm für ... einrichten').")
                yield ctx.report(("action_items", index, "title"),
                                 f"action item {item.id} title {problem}", hint=advice)


# --- action items: the set as a whole --------------------------------------------------------


@register
class NoPreventOrDetect(Rule):
    """A SEV1/SEV2 postmortem whose action items neither prevent nor detect a recurrence.

    What it catches: in a SEV1 or SEV2 postmortem with action items, no item (other than
    ``wont-do`` ones) of ``type: prevent`` or ``type: detect``.

    Why: mitigation and process items make the next incident shorter; only prevent and detect
    items make it less likely or caught sooner. The Google workbook faults its bad example for
    "mostly mitigative items and none preventative" (reference/practice.md §1).

    Example::

        severity: SEV2
        action_items:
          - {id: AI1, type: mitigate, title: Write a runbook for the failover}

    Instead::

        severity: SEV2
        action_items:
          - {id: AI1, type: mitigate, title: Write a runbook for the failover}
          - {id: AI2, type: prevent, title: Reject configs with an empty region list in CI}
    """

    code = "PM712"
    name = "no-prevent-or-detect"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.severity not in _MAJOR or not pm.action_items:
            return
        if any(item.type in (ActionType.PREVENT, ActionType.DETECT) for item in _live(pm)):
            return
        if _unread(ctx, "type"):
            return  # 'type: prevention': PM013 lists the types; it may have meant one of these
        yield ctx.report(("action_items",), f"no action item of this {pm.severity.value} incident "
                         "prevents or detects a recurrence", hint="Add an item with 'type: prevent' "
                         "(removes a contributing factor) or 'type: detect' (catches it sooner).",
                         key=True)


@register
class NoHighPriorityAction(Rule):
    """A user-affecting incident without a P0 or P1 action item.

    What it catches: ``impact.users_affected`` or ``impact.customers_affected`` above zero, or
    ``impact.data_loss: true``, and no action item (other than ``wont-do`` ones) of priority
    P0 or P1.

    Why: Ben Treynor's rule at Google: every postmortem for a user-affecting outage gets at
    least one P0/P1 bug, and exceptions are reviewed personally (reference/practice.md §1).
    If users were hurt, something must be urgent.

    Example::

        impact: {users_affected: 12000}
        action_items:
          - {id: AI1, priority: P2, ...}

    Instead: give the item that removes the most important contributing factor P1 (or P0).
    """

    code = "PM713"
    name = "no-high-priority-action"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if not pm.action_items or not user_affecting(pm):
            return
        if any(item.priority in (Priority.P0, Priority.P1) for item in _live(pm)):
            return
        if _unread(ctx, "priority"):
            return  # 'priority: high': PM013 lists P0..P4; it may have meant one of these
        yield ctx.report(("action_items",), f"{_impact_said(pm)}, but no action item is "
                         "P0 or P1", hint="Raise the item that addresses the most important "
                         "contributing factor to P1 (or P0).", key=True)


@register
class OverdueActionItem(Rule):
    """An open action item past its due date.

    What it catches: an item with ``status: open`` or ``in-progress`` whose ``due`` date is
    before today (by the run's clock: ``--now``, ``PMKIT_NOW``, in the postmortem's time
    zone). The message says how many days it is overdue. ``pmkit actions --overdue`` lists
    them across a repository.

    Why: action items vanish when nobody notices they slipped (reference/practice.md §6).
    An overdue item should be done, re-dated with a reason, or closed as ``wont-do``.

    Example::

        - {id: AI1, due: 2024-04-15, status: open}   # checked on 2024-05-01

    Instead: finish it (``status: done``), or set a new ``due`` and say why in ``reason``.
    """

    code = "PM714"
    name = "overdue-action-item"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "grace_days": Option(0, "days past the due date before an item counts as overdue", int,
                             limits=DAYS),
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        current = today(ctx, pm)
        grace = int(self.option("grace_days"))
        for index, item in _items(pm):
            if item.due is None or item.status not in _OPEN:
                continue
            late = (current - item.due).days
            if late > grace:
                yield ctx.report(("action_items", index, "due"),
                                 f"action item {item.id} is {late} day{'s' if late != 1 else ''} "
                                 f"overdue (due {item.due.isoformat()}, status {item.status.value})",
                                 hint="Finish it, or set a new 'due' date and record why in 'reason'.",
                                 data={"days_overdue": late})


__all__ = [
    "ActionNoDueDate",
    "ActionNoOwner",
    "ActionNoPriority",
    "ActionNoTracker",
    "ActionNotVerbFirst",
    "FactorNotAddressed",
    "NoActionItems",
    "NoContributingFactors",
    "NoHighPriorityAction",
    "NoPreventOrDetect",
    "OverdueActionItem",
    "RootCauseFraming",
    "SingleContributingFactor",
    "VagueActionItem",
    "WontDoWithoutReason",
    "placeholder",
    "root_cause_phrases",
    "today",
    "vague_phrase",
    "verb_first_problem",
    "wording",
]
