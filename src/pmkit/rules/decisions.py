"""PM2xx: decision rationale.

The decisions taken under pressure are the most instructive part of a postmortem. GitHub's
analysis of 21 October 2018 is admired because it says what it chose (data integrity over time
to recovery), what else it could have done, and what that cost. These rules check that the
decisions a timeline shows are recorded, and that each record carries its reasons: rationale,
options considered, trade-off, who decided, and when.

The decision verbs (English and German) and the word lists are data, in
``pmkit/rules/data/decisions.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pmkit.config import MAX_COUNT, Limits
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.durations import certainly_before, minute_end
from pmkit.loader import FieldPath
from pmkit.rules import (
    NOBODY_ANSWERS,
    REASON_NON_ANSWERS,
    UNASSIGNED_ANSWERS,
    Context,
    Option,
    Rule,
    bare_word,
    blank,
    non_answer,
    reason_non_answer,
    register,
)
from pmkit.rules.loading import template_placeholder
from pmkit.vocabulary import BareDate, IncidentSeverity, Milestone

if TYPE_CHECKING:
    from pmkit.model import Decision, Postmortem, TimelineEntry

_MAJOR = (IncidentSeverity.SEV1, IncidentSeverity.SEV2)


# --- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    """One decision-verb pattern of the catalogue."""

    kind: str
    lang: str
    regex: re.Pattern[str]
    intransitive: bool


@dataclass(frozen=True)
class Lexicon:
    """The decision rules' word lists, compiled."""

    verbs: tuple[Verb, ...]
    automatic: dict[str, re.Pattern[str]]
    observations: dict[str, re.Pattern[str]]
    systems: dict[str, re.Pattern[str]]
    people: dict[str, re.Pattern[str]]
    empty_reasons: dict[str, frozenset[str]]

    def verbs_for(self, lang: str) -> list[Verb]:
        return [v for v in self.verbs if v.lang in (lang, "any")]


def _words_regex(words: list[str], heads: int = 0) -> re.Pattern[str]:
    """A regex for whole words; words of ``heads`` letters or more also as compound heads.

    German writes compounds as one word with the head last ("Such-Cluster",
    "Stornierungsjob", "Datenbankteam"), so there a system or team word may end a longer word.
    """
    def alt(items: list[str]) -> str:
        escaped = (w if "\\" in w or "?" in w else re.escape(w) for w in items)
        return "|".join(sorted(escaped, key=len, reverse=True))

    whole = alt(words)
    parts = [r"(?<![\w-])(?:" + whole + r")(?![\w-])"]
    if heads:
        long = [w for w in words if len(w) >= heads]
        if long:
            parts.append(r"(?:" + alt(long) + r")(?![\w-])")
    return re.compile("|".join(parts), re.IGNORECASE)


def load_yaml(name: str) -> Any:
    """A YAML file of ``pmkit/rules/data`` as plain data."""
    from pmkit.datafiles import read_yaml

    return read_yaml("pmkit.rules", name, "data")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The decision-verb catalogue, compiled once."""
    raw = load_yaml("decisions.yaml")
    verbs = tuple(
        Verb(item["kind"], item["lang"], re.compile(item["pattern"], re.IGNORECASE),
             bool(item.get("intransitive", False)))
        for item in raw["verbs"]
    )
    return Lexicon(
        verbs=verbs,
        automatic={lang: _words_regex(words) for lang, words in raw["automatic"].items()},
        observations={lang: _words_regex(words) for lang, words in raw["observations"].items()},
        systems={lang: _words_regex(words, heads=3 if lang == "de" else 0)
                 for lang, words in raw["systems"].items()},
        people={lang: _words_regex(words, heads=5 if lang == "de" else 0)
                for lang, words in raw["people"].items()},
        empty_reasons={lang: frozenset(w.lower() for w in words)
                       for lang, words in raw["empty_reasons"].items()},
    )


# --- finding decision verbs in a timeline event ------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n\s*\n")
_CLAUSE_START = re.compile(r"[.!?;:,]\s|\b(?:and|then|und|dann|danach|anschließend)\b|\n\s*\n",
                           re.IGNORECASE)


#: "not yet decided", "noch nicht entschieden", "No decision: ...": no decision (yet); nor is a
#: decision waited for or asked for ("Awaiting a decision to roll back", "Warten auf die
#: Entscheidung, ...").
_NEGATED = re.compile(r"\b(?:(?:not|no|never|nicht|nie|noch\s+nicht|kein\w*)\s+(?:(?:yet|been|be|ganz|"
                      r"endgültig|mehr|wurde|worden)\s+)*|(?:awaiting|waiting\s+(?:on|for)|asked\s+for|"
                      r"requested|pending|wart\w*\s+auf|ausstehende?|offene?)\s+(?:(?:a|an|the|eine|die|der|den)\s+)?)$",
                      re.IGNORECASE)


#: A decision said to be still open after it: "Decision to roll back pending.", "The decision to
#: fail over is still open", "Entscheidung, abzuwarten, steht noch aus".
_PENDING = re.compile(r"\bpending\s*(?:[.!?;:)]|$)|\b(?:is|was|remains|remained|still)\s+(?:still\s+)?"
                      r"(?:pending|open|TBD|undecided)\b|\b(?:steht|stand|stehen)\s+(?:noch\s+)?aus\b|"
                      r"\b(?:ist|war|bleibt)\s+(?:noch\s+)?offen\b|\bausstehend\s*(?:[.!?;:)]|$)",
                      re.IGNORECASE)


#: A word for deciding, where an open decision is looked for ("not yet decided", "Awaiting a
#: decision on whether", "Entscheidung, ob").
_DECISION_WORD = re.compile(r"\b(?:decision|decided|decide|deciding|undecided|Entscheidung|entschieden|"
                            r"entscheiden|unentschieden|beschlossen)\b", re.IGNORECASE)

#: A question still asked after a word for deciding: "(a decision) on whether", "(deciding)
#: whether", "(Entscheidung), ob".
_WHETHER = re.compile(r"\s*(?:(?:on|about|as\s+to|over|darüber)\s+)?,?\s*(?:whether|ob)\b", re.IGNORECASE)

#: Where the clause an open decision governs ends before its sentence does: at an action said
#: beside it ("Not yet decided whether to fail over, but rolled back release 4.2").
_GOVERNED_END = re.compile(r",\s*(?:but|so|then|and\s+then|instead|aber|dann|stattdessen|deshalb|daher)\b|"
                           r"\b(?:meanwhile|in\s+the\s+meantime|inzwischen|währenddessen|unterdessen)\b",
                           re.IGNORECASE)


def _open_decisions(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that a decision still open governs: from the word for deciding
    to the end of the clause after it. "Awaiting a decision on whether release 4.2 gets rolled
    back", "Noch nicht entschieden, ob wir zurückrollen": the action named there is what is
    being decided, not what was done, and no decision to record (yet)."""
    spans: list[tuple[int, int]] = []
    for match in _DECISION_WORD.finditer(text):
        start, end = match.span()
        still_open = (match.group().lower().startswith(("undecided", "unentschieden"))
                      or _NEGATED.search(text[max(0, start - 40):start]) is not None
                      or _WHETHER.match(text, end) is not None
                      or _PENDING.search(_rest_of_sentence(text, end)) is not None)
        if still_open:
            stop = _sentence_end(text, end)
            beside = _GOVERNED_END.search(text, end, stop)
            spans.append((start, beside.start() if beside is not None else stop))
    return spans


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends: at its closing mark (or the paragraph's end)."""
    after = _SENTENCE_END.search(text, pos)
    return after.start() if after is not None else len(text)


def _rest_of_sentence(text: str, end: int) -> str:
    """The text from ``end`` to the end of its sentence, its closing mark included."""
    return text[end:_sentence_end(text, end) + 1]


@dataclass(frozen=True)
class VerbHit:
    """A verb of deciding (or of an automatic action) found in a decision's text."""

    kind: str
    start: int
    end: int
    text: str


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding offset ``start`` of ``text`` begins."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    return before[-1] if before else 0


#: Where a clause of reason begins ("because ...", "since ...", "weil ...", ", da ..."): what it
#: says about automation is why people acted, not that the system did.
_REASON_START = re.compile(r"\b(?:because|since|as|weil|da|denn|zumal)\b", re.IGNORECASE)

#: A negation in a clause: "did not fail over automatically", "nicht von selbst".
_CLAUSE_NEGATION = re.compile(r"\b(?:not|never|no|nicht|nie|kein\w*)\b|n't\b", re.IGNORECASE)


def _acted_by_itself(text: str, start: int, end: int, lang: str, lex: Lexicon) -> bool:
    """True when the sentence of the verb at ``start:end`` says the system acted by itself.

    A word for it ("automatically", "automatisch") counts in the verb's own clause, and in
    another clause that neither gives a reason nor denies it: "The IC rolled back by hand
    because the automatic rollback was disabled" and "Failed over to eu-west, since the
    database did not fail over by itself" say why people acted.
    """
    automatic = lex.automatic.get(lang)
    if automatic is None:
        return False
    first = _sentence_start(text, start)
    last = _sentence_end(text, end)
    bounds = sorted({first, last} | {m.start() for m in _CLAUSE_START.finditer(text, first, last)}
                    | {m.start() for m in _REASON_START.finditer(text, first, last)})
    for match in automatic.finditer(text, first, last):
        clause_from = max(b for b in bounds if b <= match.start())
        clause_to = min((b for b in bounds if b >= match.end()), default=last)
        if clause_from <= start < clause_to:
            return True  # "The database failed over automatically"
        clause = text[clause_from:clause_to]
        if _REASON_START.match(text, clause_from) or _CLAUSE_NEGATION.search(clause):
            continue
        return True
    return False


def _clause_prefix(text: str, start: int) -> str:
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, start)]
    return text[(starts[-1] if starts else 0):start]


def _is_system(text: str, lang: str, lex: Lexicon) -> bool:
    """True when ``text`` names a system and no person or team."""
    langs = (lang, "en") if lang != "en" else ("en",)
    system = any(lex.systems[code].search(text) for code in langs if code in lex.systems)
    person = any(lex.people[code].search(text) for code in langs if code in lex.people)
    return system and not person


#: A clause whose subject is a pronoun for a thing: "(the pod restarted and) it failed over",
#: "(the pod,) which failed over". English only: German er/sie/es stand for people too.
_THING_SUBJECT = re.compile(r"\s*(?:it|which|that)\s+(?:(?:then|also|just|\w+ly)\s+)*", re.IGNORECASE)

#: An object right after the verb: then the clause before it is the verb's agent, also for a
#: verb that takes no system subject of its own ("The deploy pipeline rolled back the
#: release"; a terse "Payments service rolled back to 4.1" means people rolled it back).
_OBJECT_AFTER = re.compile(r"\s+(?:the|a|an|its|their|all|every)\b", re.IGNORECASE)

#: What opens a complement clause: "confirmed that ...", "geprüft, ob ...".
_COMPLEMENT = re.compile(r"\s*(?:that|whether|if|dass|ob)\b", re.IGNORECASE)

#: A passive auxiliary, and the phrase that names the passive's agent ("by the flag service",
#: "von der Deploy-Pipeline") up to a preposition that starts another phrase.
_PASSIVE = {"en": re.compile(r"\b(?:was|were|been|being|got|gets|is|are)\b", re.IGNORECASE),
            "de": re.compile(r"\b(?:wurde|wurden|worden|wird|werden)\b", re.IGNORECASE)}
_AGENT = {
    "en": re.compile(r"\bby\s+(?!\w+ing\b)(?P<agent>.+?)(?=\s+(?:after|at|on|in|because|due|when|"
                     r"since|while|before|until|for|to|with|from|during|as|via)\b|$)", re.IGNORECASE),
    "de": re.compile(r"\b(?:von|vom|durch)\s+(?P<agent>.+?)(?=\s+(?:nach|auf|in|im|um|wegen|bei|mit|"
                     r"aus|zu|zum|zur|für|gegen|während|seit|vor)\b|$)", re.IGNORECASE),
}


def decision_verbs(text: str, lang: str, actor: str | None = None) -> list[VerbHit]:
    """Decision verbs in ``text`` that describe a choice by people (in the document's language).

    Skipped: a match in a sentence that says the system acted by itself ("automatically",
    "automatisch"); every match when the entry's ``actor`` is a system ("monitoring"); an
    intransitive verb whose subject is a system ("the database failed over") or a pronoun for
    a thing ("and it failed over"); in English, a verb with an object whose subject is a
    system ("The deploy pipeline rolled back the release"); a negated verb ("not yet decided",
    "noch nicht entschieden"), and the action an open decision asks about ("Awaiting a decision
    on whether release 4.2 gets rolled back", "Entscheidung, ob ..."); a verb quoted from a
    system or an outside party ('The provider posted: "we are rolling back"', see
    :func:`_quoted_from_outside`). Apart from
    "decided"/"entschieden", which is always someone's choice, also skipped: an action that
    is the object of checking or seeing ("Confirmed the restore from backup was complete"),
    and a passive whose agent is a system ("was rolled back by the
    deploy pipeline", "wurde von der Pipeline zurückgerollt").
    """
    return list(_decision_verbs(text, lang, actor))


@lru_cache(maxsize=4096)  # three rules ask about the same timeline entries
def _decision_verbs(text: str, lang: str, actor: str | None) -> tuple[VerbHit, ...]:
    lex = lexicon()
    if actor and _is_system(actor, lang, lex):
        return ()
    hits: list[VerbHit] = []
    still_open = _open_decisions(text)
    for verb in lex.verbs_for(lang):
        for match in verb.regex.finditer(text):
            group = "verb" if "verb" in verb.regex.groupindex else 0
            start, end = match.span(group)
            if any(first <= start < last for first, last in still_open):
                continue  # what an open decision asks about ("whether to roll back") was not done
            if _acted_by_itself(text, start, end, lang, lex):
                continue
            prefix = _clause_prefix(text, start) if verb.intransitive or lang == "en" else ""
            if verb.intransitive and _system_subject(prefix, lang, lex) and not (
                    lang == "de" and _german_object_first(text, prefix, start, end)):
                continue
            if lang == "en" and _OBJECT_AFTER.match(text, end) and _system_subject(prefix, lang, lex):
                continue  # "The deploy pipeline rolled back the release": the system did it
            if verb.kind != "decide" and (_observed(text, start, lang, lex)
                                          or _system_agent(text, start, end, lang, lex)):
                continue
            if _NEGATED.search(text[max(0, start - 40):start]):
                continue
            if _proposed(text, start, end, lang):
                continue  # "Suggested rolling back": proposed, not (yet) decided
            if verb.kind == "decide" and _PENDING.search(_rest_of_sentence(text, end)):
                continue
            if _quoted_from_outside(text, start, lang, lex):
                continue  # 'The provider posted: "we are rolling back"': the vendor's decision
            hits.append(VerbHit(verb.kind, start, end, text[start:end]))
    hits.sort(key=lambda h: (h.start, -h.end))
    return tuple(hits)


#: The marks that open a quotation ("...", “...”, „...“, «...», »...«, ‚...‘, ›...‹, '...').
_QUOTE_OPENINGS = frozenset("\"\u201c\u201e\u00ab\u00bb\u201a\u2018\u2039\u203a'")

#: Where a quotation was read ("on their status page", "in #incident", "auf der Statusseite"):
#: a place, not a speaker, so its words say nothing about who is quoted.
_QUOTE_PLACE = re.compile(
    r"\b(?:on|in|to|via|at|into|onto|auf|im|über|unter)\s+(?:(?:the|a|an|our|their|its|his|her|my|"
    r"your|der|die|das|dem|den|ihrer|seiner|unserer|deren)\s+)?(?:[\w#.-]+\s+){0,2}?"
    r"(?:status\s*page|statuspage|page|pages|dashboard|dashboards|website|site|console|screen|channel|"
    r"blog|feed|statusseite|seite|webseite|konsole|kanal)\b", re.IGNORECASE)


def _quoted_from_outside(text: str, start: int, lang: str, lex: Lexicon) -> bool:
    """True when ``text[start]`` lies in a quotation (in quotation marks, or speech after a
    verb of saying and a colon) whose speaker is a system or a party outside the team: 'The
    provider posted on their status page: "we are rolling back"'.

    The speaker is read from the rest of the quotation's sentence, without the quotation and
    the place it was read in ("on their status page"): when that names a system or an outside
    party (vendor, provider, upstream...) and no person or team, the decision is theirs, only
    reported. A quotation of the team's own words ('The IC wrote in #incident: "we are rolling
    back"', or the quotation alone) stays a decision of the team's.
    """
    quote = next((found for found in _quotations(text) if found[0] <= start < found[1]), None)
    if quote is None:
        return False
    first, last, spoken = quote
    rest = text[_sentence_start(text, first):first]
    if not spoken:  # (speech runs to the end of its sentence)
        rest += " " + text[last:_sentence_end(text, last)]
    return _is_system(_QUOTE_PLACE.sub(" ", rest), lang, lex)


@lru_cache(maxsize=1024)  # each verb of a text asks
def _quotations(text: str) -> tuple[tuple[int, int, bool], ...]:
    """The quotations of ``text``: (first, last, whether it is speech after a verb of saying
    and a colon, read from that verb on: 'posted on their status page: "we are rolling back"',
    the speaker before it)."""
    from pmkit.prose.shown import protected_ranges, speech_spans

    if ":" not in text and not any(mark in text for mark in _QUOTE_OPENINGS):
        return ()
    speech = speech_spans(text)
    return tuple((first, last, (first, last) in speech) for first, last in protected_ranges(text)
                 if text[first] in _QUOTE_OPENINGS or (first, last) in speech)


#: A German participle ("angehalten", "umgeschaltet", "eingefroren"). The forms in "-iert" are
#: also finite ("der Job pausiert", "es generiert"), so they need an accusative to read as done.
_DE_PARTICIPLE = re.compile(r"\w*ge\w+(?:t|en)", re.IGNORECASE)
_DE_ALSO_FINITE = re.compile(r"\w+iert", re.IGNORECASE)

#: A finite verb that makes the words before a German participle its subject ("Der Job ist
#: angehalten", "Konten wurden gesperrt", "die Datenbank hatte umgeschaltet").
_DE_FINITE = re.compile(
    r"\b(?:ist|sind|war|waren|wurde|wurden|wird|werden|hat|haben|hatte|hatten|blieb|blieben|bleibt|"
    r"bleiben|lief|liefen|läuft|laufen|musste|mussten|konnte|konnten|sollte|sollten)\b", re.IGNORECASE)

#: An accusative article: "Den Cronjob angehalten" names what was stopped, not what stopped.
_DE_ACCUSATIVE = re.compile(r"\s*(?:den|einen|diesen|unseren|ihren)\b", re.IGNORECASE)

#: A masculine nominative article: "Der Job angehalten" may still state what the job did.
_DE_NOMINATIVE = re.compile(r"\s*(?:der|ein|dieser)\b", re.IGNORECASE)


def _german_object_first(text: str, prefix: str, start: int, end: int) -> bool:
    """True when the words before a German participle are its object, not its subject.

    Terse German entries drop the subject and the auxiliary ("Den Cronjob angehalten.",
    "Datenbank auf das Replikat umgeschaltet."): with no finite verb in the clause, nothing
    makes the system noun a subject, so people did it. An accusative says so outright.
    ``prefix``: the clause before the participle (:func:`_clause_prefix`).
    """
    after = _CLAUSE_START.search(text, end)
    if _DE_FINITE.search(prefix + text[end:after.start() if after else len(text)]):
        return False  # "Den Kunden wurden die Konten gesperrt": "den" is a dative there
    if _DE_ACCUSATIVE.match(prefix):
        return True
    verb = text[start:end]
    return (_DE_PARTICIPLE.fullmatch(verb) is not None and _DE_ALSO_FINITE.fullmatch(verb) is None
            and not _DE_NOMINATIVE.match(prefix))


def _system_subject(prefix: str, lang: str, lex: Lexicon) -> bool:
    return _is_system(prefix, lang, lex) or (lang == "en" and _THING_SUBJECT.fullmatch(prefix) is not None)


def _observed(text: str, start: int, lang: str, lex: Lexicon) -> bool:
    """True when the action at ``start`` is what a verb of checking or seeing reports.

    The observation verb must govern it: in the same sentence, with no person named in
    between ("Checked the dashboards, we rolled back" is an action) and no new clause other
    than a complement ("confirmed that ...", "geprüft, ob ...").
    """
    observations = lex.observations.get(lang)
    if observations is None:
        return False
    sentence_start = _sentence_start(text, start)
    found = list(observations.finditer(text, sentence_start, start))
    if not found:
        return False
    between = text[found[-1].end():start]
    if any(lex.people[code].search(between) for code in (lang, "en") if code in lex.people):
        return False
    return all(_COMPLEMENT.match(between, m.end()) for m in _CLAUSE_START.finditer(between))


#: Verbs that put an action forward without taking it: "Suggested rolling back", "Considered
#: failing over", "Vorgeschlagen, die Konfiguration zurückzurollen", "Der IC schlug vor, ...".
_PROPOSALS = {
    "en": re.compile(r"\b(?:suggest(?:ed|s|ing)?|consider(?:ed|s|ing)?|propos(?:ed|es|ing|e)|"
                     r"recommend(?:ed|s|ing)?|discuss(?:ed|es|ing)?|debat(?:ed|es|ing)|weigh(?:ed|s|ing)|"
                     r"floated|evaluat(?:ed|es|ing)|(?:proposal|suggestion|recommendation|idea)\s+(?:of|to))\b",
                     re.IGNORECASE),
    "de": re.compile(r"\b(?:vorgeschlagen|schl(?:ug|ugen|ägt|agen|age)\s+(?:\S+\s+){0,3}?vor|"
                     r"überlegt(?:e|en)?|erwogen|erwog(?:en)?|diskutiert(?:e|en)?|empfohlen|empfahl(?:en)?)\b",
                     re.IGNORECASE),
}

#: A preposition that makes the proposal word a phrase of its own, not the verb of the action:
#: "After discussing options the IC decided", "Nach kurzem Überlegen zurückgerollt".
_PROPOSAL_IN_PHRASE = re.compile(
    r"\b(?:after|following|before|upon|on|without|despite|nach|auf|bei|vor|mit|ohne|trotz)\s+$",
    re.IGNORECASE)

#: What a proposal governs directly, right after it: a gerund ("Suggested rolling back").
_GERUND = re.compile(r"\w+ing\b", re.IGNORECASE)

#: Between a proposal and the action it governs: "Suggested that ...", "Proposed to ...".
_EN_GOVERNED = re.compile(r"\b(?:that|to)\b", re.IGNORECASE)

#: A German zu-infinitive, the action a proposal puts forward after a comma ("schlug vor,
#: zurückzurollen", "Überlegt, auf eu-west umzuschalten").
_DE_ZU_INFINITIVE = re.compile(r"\w+zu\w+en|zu\s+\w+en", re.IGNORECASE)


def _proposed(text: str, start: int, end: int, lang: str) -> bool:
    """True when the action at ``start:end`` is what a verb of proposing puts forward.

    The proposal must govern it directly: in the same clause as a gerund ("Suggested rolling
    back") or after "that"/"to", or for German a zu-infinitive after the comma ("Vorgeschlagen,
    die Konfiguration zurückzurollen"). "Considered the options and rolled back" took the
    action, and so did "After discussing options the IC decided": a proposal word after a
    preposition is a phrase of its own.
    """
    proposals = _PROPOSALS.get(lang)
    if proposals is None:
        return False
    sentence_start = _sentence_start(text, start)
    found = list(proposals.finditer(text, sentence_start, start))
    if not found:
        return False
    proposal = found[-1]
    if _PROPOSAL_IN_PHRASE.search(text, sentence_start, proposal.start()):
        return False  # "After discussing options the IC decided": the discussion came first
    between = text[proposal.end():start]
    verb = text[start:end]
    zu = lang == "de" and (_DE_ZU_INFINITIVE.fullmatch(verb) is not None
                           or re.search(r"\bzu\s+$", between) is not None)
    if lang == "en" and not (_GERUND.match(verb) or _EN_GOVERNED.search(between)):
        return False  # "Discussed options, the IC decided": the proposal names no action
    if lang == "de" and not (zu or _COMPLEMENT.search(between)):
        return False
    for boundary in _CLAUSE_START.finditer(between):
        if _COMPLEMENT.match(between, boundary.end()):
            continue
        if zu and boundary.group().startswith(","):
            continue
        return False
    return True


def _system_agent(text: str, start: int, end: int, lang: str, lex: Lexicon) -> bool:
    """True when the action at ``start:end`` is a passive done by a system.

    English names the agent after the verb ("The feature flag was disabled by the flag
    service"), German before the participle ("Das Release wurde von der Pipeline
    zurückgerollt"). "By" + a gerund is a means, not an agent ("by promoting the replica").
    """
    agent_re, passive = _AGENT.get(lang), _PASSIVE.get(lang)
    if agent_re is None or passive is None:
        return False
    clause_from = start - len(_clause_prefix(text, start))
    after = _CLAUSE_START.search(text, end)
    clause_to = after.start() if after else len(text)
    # Where the agent phrase may stand: after the verb's start (en), before its end (de).
    window = (start, clause_to) if lang == "en" else (clause_from, end)
    for match in agent_re.finditer(text[window[0]:window[1]]):
        # Only a passive has an agent: "we failed over by hand" is active. English puts the
        # auxiliary before "by", German anywhere in the clause ("..., als es umgeleitet wurde").
        voice = text[clause_from:window[0] + match.start()] if lang == "en" else text[clause_from:clause_to]
        if passive.search(voice) and _is_system(match.group("agent"), lang, lex):
            return True
    return False


def decision_kinds(text: str, lang: str) -> set[str]:
    """The action classes (rollback, failover...) a decision record's text talks about."""
    return set(_decision_kinds(text, lang))


def record_kinds(text: str, lang: str) -> set[str]:
    """:func:`decision_kinds` of a record's ``decision`` and options, which name the action as
    an imperative or an infinitive ("Stop the migration job", "Migration stoppen"): the words
    of :data:`_IMPERATIVES` count there too."""
    return decision_kinds(text, lang) | {kind for kind, words in _IMPERATIVES.items()
                                         if words.search(text)}


@lru_cache(maxsize=4096)
def _decision_kinds(text: str, lang: str) -> frozenset[str]:
    kinds = set()
    for verb in lexicon().verbs_for(lang):
        if verb.regex.search(text):
            kinds.add(verb.kind)
    for kind, words in _KIND_WORDS.items():
        if words.search(text):
            kinds.add(kind)
    return frozenset(kinds)


#: Nouns and infinitives by which a decision record names an action class (records are
#: written as "Roll back release 4.2" or "Failover auf das Replikat"). A German separable verb
#: takes "zu" between its prefix and stem in an infinitive clause ("beschlossen, umzuschalten",
#: "entschieden, die Daten wiederherzustellen"): (?:zu)? there.
_KIND_WORDS: dict[str, re.Pattern[str]] = {
    "rollback": re.compile(r"\broll(?:-?back|\s+back)\b|\bzurück(?:zu)?rollen\b", re.IGNORECASE),
    "revert": re.compile(r"\brevert\b|\bzurück(?:zu)?setzen\b|\brückgängig\b", re.IGNORECASE),
    "failover": re.compile(r"\bfail(?:-?over|-?back|\s+over|\s+back)\b|\bum(?:zu)?schalten\b"
                           r"|\bum(?:zu)?leiten\b|\bum(?:zu)?stellen\b"
                           r"|\bswitch\s+over\b|\b(?:re-?route|redirect|drain)\b", re.IGNORECASE),
    "pause": re.compile(r"\bpause\b|\bpausieren\b|\ban(?:zu)?halten\b|\bhalt\b", re.IGNORECASE),
    "lock": re.compile(r"\block\b|\bfreeze\b|\bsperren\b|\bein(?:zu)?frieren\b", re.IGNORECASE),
    "restore": re.compile(r"\brestore\b|\bwiederher(?:zu)?stellen\b|\bbackups?\b|\bsicherung\b",
                          re.IGNORECASE),
    "disable": re.compile(r"\bdisable\b|\bdeaktivieren\b|\bab(?:zu)?schalten\b", re.IGNORECASE),
}


#: Imperatives and infinitives of the decision verbs (``decisions.yaml``) that
#: :data:`_KIND_WORDS` does not name, read in a record only: a record says what to do ("Stop
#: the migration job", "Block all deploys", "Migration stoppen"), and the entry that carried it
#: out says it was done ("Stopped the migration job", "Migration gestoppt"). In an entry the
#: same words are mostly a purpose or a noun ("rolled back to stop the errors", "the switch to
#: the new cache"), not the action taken.
_IMPERATIVES: dict[str, re.Pattern[str]] = {
    "revert": re.compile(r"\bback\s+out\b|\bzurück(?:zu)?nehmen\b|\brevert(?:ier)?en\b", re.IGNORECASE),
    "failover": re.compile(r"\bswitch\s+(?!off\b)(?:[\w.-]+\s+){0,4}?(?:over|to)\b", re.IGNORECASE),
    "pause": re.compile(r"\b(?:stop|suspend)\b|\bmaintenance\s+mode\b|\bstopp(?:en)?\b"
                        r"|\bWartungsmodus\b", re.IGNORECASE),
    "lock": re.compile(r"\bblock\s+(?:all\s+|new\s+|the\s+|further\s+)?"
                       r"(?:deploys|deployments|writes|traffic)\b|\bsperre\b", re.IGNORECASE),
    "disable": re.compile(r"\b(?:turn|switch)\s+off\b|\baus(?:zu)?schalten\b", re.IGNORECASE),
}


#: A step named as serving an action ("so that nothing was pushed *during the rollback*",
#: "... *while the rollback ran*", "Froze deploys *ahead of the failover*", "*für den Failover*"):
#: the words after it (up to four) are where that action's kind is looked for. Not "before" or
#: "vor", which only say when: "Rolled back the release before the failover" is a decision of
#: its own.
_SERVING = {
    "en": re.compile(r"\b(?:during|while|for|ahead\s+of|in\s+preparation\s+for|to\s+prepare(?:\s+for)?)\s+"
                     r"((?:[\w-]+\s+){0,3}[\w-]+)", re.IGNORECASE),
    "de": re.compile(r"\b(?:während|solange|für|zur\s+Vorbereitung)\s+((?:[\w-]+\s+){0,3}[\w-]+)",
                     re.IGNORECASE),
}


def served_kinds(text: str, lang: str) -> set[str]:
    """The kinds of action an entry says it was done for: a pause "during the rollback" is a
    step of the rollback, which its own record already explains."""
    pattern = _SERVING.get(lang, _SERVING["en"])
    return {kind for match in pattern.finditer(text) for kind, words in _KIND_WORDS.items()
            if words.search(match.group(1))}


# --- shared analysis -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unlinked:
    """A timeline entry that describes a decision but links no record."""

    index: int
    hit: VerbHit
    #: An unused decision record that looks like the one this entry should link to.
    candidate: str | None
    #: Else a record linked from a later entry (where the decision was carried out) that looks
    #: like this one, with that entry's index: the link was put on the action, not the decision.
    shared: tuple[str, int] | None = None


def _lang(pm: Postmortem) -> str:
    return pm.lang.value


def _linked_ids(pm: Postmortem) -> set[str]:
    return {e.decision for e in pm.timeline or () if e.decision and _links(e)}


def _links(entry: TimelineEntry) -> bool:
    """Whether the entry's ``decision:`` names a record: one written empty or blank links none."""
    return bool(entry.decision and entry.decision.strip())


def decision_entries(pm: Postmortem) -> list[tuple[int, TimelineEntry, list[VerbHit]]]:
    """Timeline entries without a ``decision:`` link (or with an empty one) whose event
    describes a decision."""
    lang = _lang(pm)
    out = []
    for index, entry in enumerate(pm.timeline or ()):
        if _links(entry) or not entry.event:
            continue
        hits = decision_verbs(entry.event, lang, entry.actor)
        if hits:
            out.append((index, entry, hits))
    return out


def _entries(ctx: Context) -> list[tuple[int, TimelineEntry, list[VerbHit]]]:
    """:func:`decision_entries` once per document: three rules ask, and with more entries than
    the verbs' cache holds, each asked again for every entry."""
    assert ctx.pm is not None
    pm = ctx.pm
    return ctx.run.for_document("decisions.entries", lambda: decision_entries(pm))  # type: ignore[no-any-return]


def _unlinked(ctx: Context) -> list[Unlinked]:
    """:func:`unlinked_decisions` once per document (PM207 and PM208 both ask)."""
    assert ctx.pm is not None
    pm = ctx.pm
    return ctx.run.for_document(  # type: ignore[no-any-return]
        "decisions.unlinked", lambda: unlinked_decisions(pm, _entries(ctx)))


def unlinked_decisions(pm: Postmortem, entries: list[tuple[int, TimelineEntry, list[VerbHit]]] | None = None,
                       ) -> list[Unlinked]:
    """The unlinked decision entries PM207 reports, each paired with a likely record.

    An entry that carries out a decision already linked from an earlier timeline entry (the
    same action class appears in that record) is not reported: "failed over to the original
    topology" after "started the plan to restore and resync (D3)" is D3 being carried out. So
    is a step that says it serves that action: "Paused the publisher during the rollback".
    An entry that says "decided"/"entschieden" is always a decision of its own.
    """
    lang = _lang(pm)
    records = {d.id: d for d in pm.decisions or ()}
    kinds = {d.id: record_kinds(_record_text(d), lang) for d in records.values()}
    linked = _linked_ids(pm)
    unused = [d for d in pm.decisions or () if d.id not in linked]
    out: list[Unlinked] = []
    timeline = pm.timeline or []
    earlier: set[str] = set()  # the links of the entries before this one, gathered as it goes
    seen = 0
    for index, entry, hits in decision_entries(pm) if entries is None else entries:
        assert entry.event is not None
        entry_kinds = {hit.kind for hit in hits} | decision_kinds(entry.event, lang)
        earlier.update(e.decision for e in timeline[seen:index] if e.decision and _links(e))
        seen = index
        covered = set().union(*(kinds.get(ref, set()) for ref in earlier if ref in records))
        carried_out = entry_kinds <= covered or bool(served_kinds(entry.event, lang) & covered)
        if "decide" not in entry_kinds and carried_out:
            continue
        candidate = _pick(unused, kinds, entry, entry_kinds)
        if candidate is not None:
            unused = [d for d in unused if d.id != candidate]
        shared = (None if candidate is not None
                  else _linked_later(timeline, index, records, kinds, entry_kinds))
        out.append(Unlinked(index, hits[0], candidate, shared))
    return out


def _linked_later(timeline: list[TimelineEntry], index: int, records: dict[str, Decision],
                  kinds: dict[str, set[str]], entry_kinds: set[str]) -> tuple[str, int] | None:
    """A record linked from an entry after ``index`` that looks like the decision described at
    ``index`` (the record's time is this entry's, or it names the same kind of action), with
    that entry's index. "Decided to switch over" at 00:20 and "Switched over (D1)" at 00:35 is
    one decision linked from where it was carried out: the entry needs that link, not a new
    record."""
    entry = timeline[index]
    later: dict[str, int] = {}
    for position in range(index + 1, len(timeline)):
        ref = timeline[position].decision
        if ref in records and ref not in later:
            later[ref] = position
    for ref, position in later.items():
        if records[ref].at is not None and records[ref].at == entry.at:
            return ref, position
    actions = entry_kinds - {"decide"}
    for ref, position in later.items():
        if actions & kinds.get(ref, set()):
            return ref, position
    return None


def _pick(unused: list[Decision], kinds: dict[str, set[str]], entry: TimelineEntry,
          entry_kinds: set[str]) -> str | None:
    for record in unused:
        if record.at is not None and record.at == entry.at:
            return record.id
    for record in unused:
        if entry_kinds & kinds.get(record.id, set()):
            return record.id
    return None


def _record_text(record: Decision) -> str:
    return " ".join([record.decision or "", *(record.options_considered or [])])


#: Non-answers of other fields that, among the options, name the option of doing nothing.
_DO_NOTHING = frozenset({"nothing", "nichts"})


#: An item of ``options_considered`` that says there was no option, as a phrase ("no
#: alternatives", "none considered", "alternativlos") or in a sentence ("there was no
#: alternative", "we had no other choice", "es gab keine anderen Optionen", "keine andere
#: Wahl"): the reason why belongs in ``options_reason`` (PM204), and it is no option to count
#: (PM205). Compared as :func:`bare_word` gives it.
_NO_OPTION_SAID = re.compile(
    r"(?:there\s+(?:was|were)\s+|we\s+had\s+)?no\s+(?:other\s+|real\s+)?(?:alternatives?|options?|choices?)"
    r"(?:\s+(?:at\s+all|considered))?"
    r"|none\s+considered|alternativlos"
    r"|(?:es\s+gab\s+|wir\s+hatten\s+)?keine\s+(?:anderen?\s+|echten?\s+)?(?:alternativen?|option(?:en)?|wahl)"
    r"(?:\s+(?:gegeben|überhaupt))?", re.IGNORECASE)


def _options(values: list[str] | None) -> list[str]:
    """The options a record names: not blank, not a non-answer ("none", "n/a") and not a
    statement that there were none ("no alternatives"). "nothing" (the German "nichts") is the
    option of doing nothing: ``[fail over, nothing]`` weighed two."""
    return [option for option in values or () if _is_option(option)]


def _is_option(option: str) -> bool:
    """Whether one item of ``options_considered`` names an option (see :func:`_options`)."""
    said = bare_word(option)
    return not blank(option) and _NO_OPTION_SAID.fullmatch(said) is None \
        and (reason_non_answer(option) is None or said in _DO_NOTHING)


def _same_option(option: str) -> str:
    """``option`` as compared with the others of its record: "Roll back.", "roll  back",
    "rollback" and "roll-back" are the one option written twice."""
    return re.sub(r"[\s\-‐‑–]+", "", bare_word(option))


def _no_reason(value: str | None) -> bool:
    """Whether an ``options_reason`` gives none: missing, blank, or a non-answer."""
    return blank(value) or reason_non_answer(value) is not None


#: Fields of a decision record that PM202, PM206 and PM212 ask to be answered.
_AnsweredField = Literal["rationale", "tradeoff", "known_at_the_time"]


def _unanswered(ctx: Context, field: _AnsweredField) -> Iterator[tuple[int, Decision, str | None]]:
    """The records whose ``field`` is missing or blank (with None) or fills it with a non-answer
    (with the value as written: "n/a", "none", "keine"), by index. A value written in another
    shape (a list for a text) is left to PM012, and the template's placeholder alone (``TBD``)
    to PM019, or the author would be told twice."""
    assert ctx.pm is not None
    for index, record in enumerate(ctx.pm.decisions or ()):
        value: str | None = getattr(record, field)
        if blank(value):
            if ctx.written("decisions", index, field) is None:
                yield index, record, None
        elif (said := reason_non_answer(value)) is not None and not template_placeholder(value):
            yield index, record, said


def _major(pm: Postmortem) -> bool:
    return pm.severity in _MAJOR


# --- rules -----------------------------------------------------------------------------------


@register
class DecisionsMissing(Rule):
    """A SEV1/SEV2 postmortem whose timeline shows decisions has no decision records.

    What it catches: a severe incident with timeline entries such as "decided to roll back",
    "failed over to the standby region" or "Deployments gesperrt", but no ``decisions``
    section (or an empty one). The finding lists the lines of those entries. In a Markdown
    postmortem whose body tells the decisions in prose under a heading (``## Decisions``,
    ``## Entscheidungen``), the finding is at that heading and says that the body's text fills
    no records.

    Why: the decisions made under pressure are where a postmortem teaches most. Google's
    example postmortem and GitHub's October 2018 analysis explain what was decided, which
    options were weighed and what the choice cost (reference/practice.md, §3 and the quick
    map: "Decision rationale"). A timeline only says that it happened.

    Example::

        severity: SEV1
        timeline:
          - at: 2024-03-12T10:05:00Z
            event: The incident commander decided to roll back release 4.2.

    Instead::

        timeline:
          - at: 2024-03-12T10:05:00Z
            event: The incident commander decided to roll back release 4.2.
            decision: D1
        decisions:
          - id: D1
            decision: Roll back release 4.2 instead of shipping a forward fix.
            rationale: The rollback was tested; a fix would need review and a full deploy.
            options_considered: [forward fix, roll back]
            tradeoff: Lost the new checkout feature for a day in exchange for a faster recovery.
            known_at_the_time: Errors began with the release; the fix was not yet written.
            decided_by: incident commander
    """

    code = "PM201"
    name = "decisions-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if not _major(pm) or pm.decisions or ctx.rejected("decisions"):
            return
        entries = _entries(ctx)
        if not entries:
            return
        lines = ", ".join(str(ctx.doc.span(("timeline", i, "event")).line) for i, _, _ in entries)
        plural = "s" if len(entries) > 1 else ""
        message = (f"{pm.severity.value} postmortem has no decision records, but its timeline shows "
                   f"{len(entries)} decision{plural} (line{plural} {lines})")
        # The fields a SEV1/SEV2 record is asked for (PM204, PM206 and PM212 ask for theirs too).
        hint = ("Add 'decisions:' with one record per decision (id, at, decision, rationale, "
                "options_considered, tradeoff, known_at_the_time, decided_by) and link each timeline "
                "entry to it with 'decision: D1'.")
        if pm.decisions is None:
            # A Markdown body's "## Decisions" told in prose is named: its author wrote them down.
            yield ctx.missing("decisions", message, hint=hint, key=True)
        else:
            yield ctx.report(("decisions",), message, hint=hint, key=True)


@register
class DecisionTextMissing(Rule):
    """A decision record that does not say what was decided.

    What it catches: a record in ``decisions`` without a ``decision`` field, or with an empty one.

    Why: every other field of the record (rationale, options, trade-off) explains a choice the
    reader cannot see.

    Example::

        decisions:
          - id: D1
            rationale: Faster than restoring from backup.

    Instead::

        decisions:
          - id: D1
            decision: Roll back release 4.2.
            rationale: Faster than restoring from backup.
    """

    code = "PM211"
    name = "decision-text-missing"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        assert ctx.pm is not None
        for index, record in enumerate(ctx.pm.decisions or ()):
            if blank(record.decision) and ctx.written("decisions", index, "decision") is None:
                yield ctx.report(("decisions", index, "decision"),
                                 f"decision {record.id} does not say what was decided",
                                 hint="Add 'decision:' with the choice, as an instruction "
                                 "('Roll back release 4.2.').", key=True)


@register
class DecisionWithoutRationale(Rule):
    """A decision record without a rationale.

    What it catches: a record in ``decisions`` with no ``rationale`` field, an empty one, or
    one that gives no reason: ``none``, ``n/a``, ``-``, the German ``keine``; a pointer
    elsewhere ("See above", "Siehe oben", "See ticket", "See the Slack thread", "See
    INC-1234", "Siehe Slack-Thread"); "Obvious", "Because." or "Weil." with nothing after
    it. (The template's ``TODO``, ``TBD`` or ``FIXME`` left there is PM019's to report, at the
    value.)

    Why: the rationale is the reason the record exists. What was known at the time, and why
    this option looked best, is what lets readers judge the decision fairly instead of with
    hindsight (reference/practice.md §3; PagerDuty's scribe format records the reason next to
    each action).

    Example::

        decisions:
          - id: D1
            decision: Fail over to the standby region.

    Instead::

        decisions:
          - id: D1
            decision: Fail over to the standby region.
            rationale: The primary region's storage was degraded with no estimate for repair,
              and the standby had been in sync 30 seconds earlier.
    """

    code = "PM202"
    name = "decision-without-rationale"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for index, record, said in _unanswered(ctx, "rationale"):
            if said is None:
                yield ctx.report(("decisions", index, "rationale"),
                                 f"decision {record.id} has no rationale",
                                 hint="Add 'rationale:': why this option, given what was known "
                                 "at the time.", key=True)
            else:
                yield ctx.report(("decisions", index, "rationale"),
                                 f"decision {record.id} gives '{said}' as its rationale, which gives "
                                 "no reason",
                                 hint="Write why this option was chosen, given what was known at the "
                                 "time.")


_STOPWORD_TEXT = """a an the and or but of to in on at by for from with without into onto over under than then
    that this these those it its it's is are was were be been being do did does done have has had
    we us our they them their i you he she his her as so if not no any all some more most very
    can could would should will may might must also just only too because since while when
    der die das den dem des ein eine einen einem einer eines und oder aber von zu zum zur im in
    am an auf aus bei mit ohne für über unter als dann dass daß es ist sind war waren sein wird
    wurde wurden werden hat haben hatte hatten wir uns unser unsere sie ihr ihre ich du er nicht
    kein keine auch nur noch so wie wenn da weil denn"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_SUFFIXES = ("ungen", "ments", "ment", "ings", "ing", "ions", "ion", "ung", "ern", "edly", "ed",
             "es", "en", "er", "em", "te", "s", "t", "e", "n")


def stem(word: str) -> str:
    """A crude English/German stem: enough to see "rolled back" and "roll back" as one."""
    word = word.lower()
    if word.startswith("ge") and len(word) > 6:
        word = word[2:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: A figure: "40%", "4.2", "1,200". A measurement is a reason ("Region B had 40% headroom");
#: a clock time ("14:02") says when, not why, and is no word of the rationale.
_NUMBER = re.compile(r"(?<![\w:.,])\d+(?:[.,]\d+)*%?(?![\w:])")


def content_stems(text: str, ignore: frozenset[str] = frozenset()) -> set[str]:
    """The stems of the words of ``text`` that carry meaning (stop words left out), and its
    figures as written."""
    out = set(_NUMBER.findall(text))
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in _STOPWORDS or lower in ignore or len(lower) < 2:
            continue
        out.add(stem(lower))
    return out


def new_reason_words(decision: str, rationale: str, lang: str) -> set[str]:
    """Stems the rationale adds to the decision, ignoring words that carry no reason."""
    lex = lexicon()
    empty = lex.empty_reasons.get(lang, frozenset()) | lex.empty_reasons.get("en", frozenset())
    empty_stems = {stem(w) for w in empty}
    return content_stems(rationale, empty) - content_stems(decision) - empty_stems


@register
class RationaleRestatesDecision(Rule):
    """A rationale that only restates the decision.

    What it catches: a rationale that adds no reason of its own: "We rolled back because we
    decided to roll back", "Rollback war notwendig", "It was the best option".

    How it decides: both texts are split into words; stop words ("the", "der") and words that
    carry no reason ("necessary", "decided", "best option", "notwendig", "richtig") are left
    out, and the rest are reduced to crude stems so that "rolled back" and "roll back",
    "zurückgerollt" and "zurückrollen" count as the same word. If the rationale adds fewer
    than ``min_new_words`` stems (default 2) that the decision does not already contain, it
    restates the decision. ("Faster than a restore" adds two, "faster" and "restore", and passes.)
    A figure counts as a word ("Region B had 40% headroom" adds "headroom" and "40%"), unless
    the decision holds it too; a clock time does not.

    Why: a restated decision looks like a rationale but tells the reader nothing about what
    was known, what was at stake or why the alternatives lost (reference/practice.md §3).

    Example::

        decision: Roll back release 4.2.
        rationale: We decided to roll back release 4.2 because it was necessary.

    Instead::

        decision: Roll back release 4.2.
        rationale: The error rate began with 4.2's deploy, and a rollback takes 5 minutes
          while a forward fix needed review.
    """

    code = "PM203"
    name = "rationale-restates-decision"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "min_new_words": Option(2, "fewest words of its own a rationale must add", int,
                                limits=Limits(0, MAX_COUNT, "words", whole=True)),
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        needed = int(self.option("min_new_words"))
        for index, record in enumerate(pm.decisions or ()):
            # A non-answer ("n/a") gives no reason at all: PM202 says so (a "TBD", PM019).
            if (blank(record.rationale) or blank(record.decision) or reason_non_answer(record.rationale)
                    or template_placeholder(record.rationale)):
                continue
            assert record.rationale is not None and record.decision is not None
            added = new_reason_words(record.decision, record.rationale, _lang(pm))
            if len(added) < needed:
                yield ctx.report(
                    ("decisions", index, "rationale"),
                    f"rationale of decision {record.id} only restates the decision "
                    f"({len(added)} word{'' if len(added) == 1 else 's'} of its own)",
                    hint="Say why: what was known at the time, what was at risk, and why this "
                    "option beat the others.",
                )


@register
class NoOptionsConsidered(Rule):
    """A decision record that does not list the options that were weighed.

    What it catches: in a SEV1/SEV2 postmortem, a decision without ``options_considered``;
    in any postmortem, ``options_considered: []`` (or a list of non-answers only, such as
    ``[none]`` or ``[n/a]``, or the text ``n/a`` that PM012 asks to write as a list) without an
    ``options_reason`` that says why there was no choice
    ("the runbook prescribes failover for this alarm"); an ``options_reason`` of ``n/a`` or
    ``none`` gives no reason, and the finding says so. An item that says there were none
    (``[no alternatives]``, ``[there was no alternative]``, ``[keine Alternative]``, ``[keine
    anderen Optionen]``) is no option either. ``nothing`` (``nichts``) among the options
    is the option of doing nothing, and counts as one. Options written as one text ("wait for
    the vendor or fail over") are options all the same: PM012 asks for them as a list; so are
    options written as records (``- option: roll back`` with ``pros:`` beside it), which PM012
    reports one by one with the text to write, and which this rule and PM205 do not count out.

    Why: a decision is only understandable next to its alternatives. Etsy's debriefing guide
    and Klein's "Taking Action" questions ask which options were on the table
    (reference/practice.md §3). Saying there were none, and why, is an answer too.

    Example::

        severity: SEV2
        decisions:
          - id: D1
            decision: Fail over to the standby region.
            rationale: The primary's storage was degraded.

    Instead::

        severity: SEV2
        decisions:
          - id: D1
            decision: Fail over to the standby region.
            rationale: The primary's storage was degraded.
            options_considered: [wait for the storage vendor, fail over to the standby region]

    or, when there was no choice::

            options_considered: []
            options_reason: The runbook prescribes a failover for this alarm; nothing else was tried.
    """

    code = "PM204"
    name = "no-options-considered"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        for index, record in enumerate(pm.decisions or ()):
            path = ("decisions", index, "options_considered")
            written = ctx.written("decisions", index, "options_considered")
            if record.options_considered is None and isinstance(written, str) \
                    and _no_reason(record.options_reason):
                # 'options_considered: n/a': PM012 asks for a list; a non-answer in one would
                # still name no option, so say so now rather than after that fix.
                said = reason_non_answer(written)
                if said is not None and bare_word(said) not in _DO_NOTHING:
                    yield ctx.report(path, f"decision {record.id} names no option ('{said}') and "
                                     f"{_reason_state(record)}",
                                     hint="List the alternatives that were weighed, or write "
                                     "'options_considered: []' and add 'options_reason:' saying "
                                     "why there were none.")
            elif record.options_considered is None and (written is not None or _empty_text(ctx, index)):
                continue  # written, as text (even ''): PM012 says how to write it as a list
            elif record.options_considered is None:
                if _major(pm) and _no_reason(record.options_reason):
                    yield ctx.report(path, f"decision {record.id} lists no options considered",
                                     hint="Add 'options_considered:' with the alternatives that "
                                     "were weighed, or 'options_considered: []' and an "
                                     "'options_reason:' saying why there was no choice.", key=True)
            elif _options_dropped(ctx, index):
                continue  # options written as records: PM012 reports each, with the text to write
            elif not _options(record.options_considered) and _no_reason(record.options_reason):
                named = [o.strip() for o in record.options_considered if not blank(o)]
                what = (f"names no option ({', '.join(repr(o) for o in named)})" if named
                        else "has an empty options_considered")
                yield ctx.report(path, f"decision {record.id} {what} and {_reason_state(record)}",
                                 hint="List the alternatives, or add 'options_reason:' saying why "
                                 "there were none.", key=True)


def _reason_state(record: Decision) -> str:
    """What a record's ``options_reason`` lacks: none written, or one that gives no reason."""
    said = reason_non_answer(record.options_reason)
    if said is not None:
        return f"its options_reason ('{said}') gives no reason"
    return "no options_reason"


def _empty_text(ctx: Context, index: int) -> bool:
    """Whether decision ``index`` writes ``options_considered: ''``: one slip, which PM012
    reports with the empty list to write; saying also that no options are listed repeats it."""
    return ctx.raw_item("decisions", index).get("options_considered") == ""


def _options_dropped(ctx: Context, index: int) -> bool:
    """Whether the schema dropped options written in decision ``index``'s options_considered
    (records, "- option: roll back", that PM012 reports): what is left is not all there was."""
    return bool(ctx.doc.dropped.get(ctx.doc.source_path(("decisions", index, "options_considered"))))


@register
class SingleOption(Rule):
    """A decision record that lists only one option.

    What it catches: ``options_considered`` with a single entry and no ``options_reason``; an
    option written twice (``[roll back, Roll back.]``, a line copied and not edited, or
    ``[roll back, rollback]``, the same words with and without a space or hyphen) is still
    one option, and the finding is at its repetition. Beside other options
    (``[roll back, roll back, wait]``) each repetition is reported too, reason or not: it is a
    line to delete or the alternative that was meant there.

    Why: one option is not a choice; usually the alternative ("wait", "keep serving",
    "fix forward") was there and went unrecorded. If there truly was only one, say why in
    ``options_reason``.

    Example::

        options_considered: [roll back]

    Instead::

        options_considered: [fix forward, roll back, wait for the vendor]
    """

    code = "PM205"
    name = "single-option"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        assert ctx.pm is not None
        for index, record in enumerate(ctx.pm.decisions or ()):
            options = _options(record.options_considered)
            distinct = {_same_option(option) for option in options}
            path: FieldPath = ("decisions", index, "options_considered")
            if len(distinct) > 1 and not _options_dropped(ctx, index):
                yield from self._repeated(ctx, index, record, path)
            if len(distinct) != 1 or not _no_reason(record.options_reason) or _options_dropped(ctx, index):
                continue
            if len(options) == 1:
                yield ctx.report(path, f"decision {record.id} lists a single option",
                                 hint="Add the alternatives that were set aside (waiting is one), "
                                 "or say in 'options_reason' why there were none.")
                continue
            # The same option twice weighs nothing against it: the finding is at the last
            # repetition, the line to replace with the alternative that was set aside.
            written = record.options_considered or []
            last = max(i for i, option in enumerate(written) if option in options)
            times = "twice" if len(options) == 2 else f"{len(options)} times"
            yield ctx.report((*path, last),
                             f"decision {record.id} lists a single option: '{options[0].strip()}' is "
                             f"written {times}",
                             hint="Replace the repetition with an alternative that was set aside "
                             "(waiting is one), or say in 'options_reason' why there were none.")

    @staticmethod
    def _repeated(ctx: Context, index: int, record: Decision, path: FieldPath) -> Iterator[Diagnostic]:
        """An option written again beside others: each repetition is a line that was meant to
        name another alternative (a copied line not edited) or is one to delete. A reason for
        having few options does not explain a copy, so ``options_reason`` does not excuse it."""
        written = record.options_considered or []
        seen: dict[str, str] = {}
        for position, option in enumerate(written):
            if not _is_option(option):
                continue
            same = _same_option(option)
            if same not in seen:
                seen[same] = option.strip()
                continue
            yield ctx.report((*path, position),
                             f"decision {record.id} lists the option '{seen[same]}' twice",
                             hint="Delete the repetition, or replace it with the alternative that was "
                             "meant there.")


#: A trade-off said in words of choosing ("we prioritised time to recovery over the other
#: changes", "chose integrity over speed"): what was preferred, "over", what was given up.
_PREFERRED = re.compile(r"\b(?:chose|choose|chosen|choosing|prioriti[sz]ed|prioriti[sz]ing|prioriti[sz]e|"
                        r"preferred|prefer|favou?red|favou?r|valued)\s+(?P<said>[^.;:!?\n]{3,80}?"
                        r"\s+over\s+[^.;:!?\n]{3,80}?)\s*(?:[.;:!?\n]|,\s|$)", re.IGNORECASE)


#: Verbs that take "over" as their own ("fail over", "cut over"), not to prefer one thing to another.
_OVER_VERBS = frozenset({"fail", "failed", "failing", "roll", "rolled", "switch", "switched", "cut", "hand",
                         "handed", "take", "took", "taken", "carry", "carried", "move", "moved", "turn",
                         "turned", "run", "ran", "spill", "spilled", "fall", "fell"})


#: Words that start a clause: "chose the rollback as the cutover over DNS was untested" says no
#: trade-off.
_CLAUSE_WORDS = frozenset({"as", "because", "since", "when", "while", "after", "before", "if", "which",
                           "that", "so", "but"})


#: The German words of choosing one thing over another: "Datenintegrität hatte Vorrang vor der
#: schnellen Wiederherstellung", "über die Kosten gestellt", "war uns wichtiger als", "lieber ...
#: als", "dem Erhalt der Daten vorgezogen". German puts the verb where English would not, so the
#: whole clause is quoted rather than a phrase cut out of it.
_PREFERRED_DE = re.compile(r"\b(?:(?:Vorrang|Vorzug|Priorität)\s+(?:vor|gegenüber)|wichtiger\s+als|"
                           r"(?:über|vor)\s+\S.{0,60}?\s+gestellt|lieber\s+\S.{0,60}?\s+als|vorgezogen)\b",
                           re.IGNORECASE)
#: Where a German sentence or clause ends: not at the point or comma of a number ("1.244", "0,4").
_DE_CLAUSE_END = re.compile(r"(?<!\d)[.,;:!?](?!\d)")


def _tradeoff_said_de(text: str) -> str | None:
    """The clause of ``text`` that says a trade-off in German words of choosing, or None."""
    for clause in _DE_CLAUSE_END.split(" ".join(text.split())):
        said = re.sub(r"^(?:dass|und|aber)\s+", "", clause.strip(), flags=re.IGNORECASE)
        if _PREFERRED_DE.search(said) and 12 <= len(said) <= 140 and len(said.split()) >= 4:
            return said
    return None


def _tradeoff_said(record: Decision, lang: str) -> tuple[str, str] | None:
    """(field, words) where the rationale or the decision says the trade-off in words of choosing
    one thing over another, for a record whose 'tradeoff' is empty; else None."""
    for field in ("rationale", "decision", "outcome"):
        text = getattr(record, field, None)
        if not isinstance(text, str):
            continue
        if lang == "de" and (said_de := _tradeoff_said_de(text)) is not None:
            return field, said_de
        found = _PREFERRED.search(text)
        said = " ".join(found["said"].split()) if found is not None else ""
        before = said.lower().split(" over ")[0].split()
        if said and not said.lower().startswith("to ") and 0 < len(before) <= 8 \
                and before[-1] not in _OVER_VERBS and not _CLAUSE_WORDS.intersection(before):
            return field, said
    return None


@register
class NoTradeoff(Rule):
    """A SEV1/SEV2 decision record that does not state its trade-off.

    What it catches: a decision of a SEV1 or SEV2 postmortem without ``tradeoff``, or with one
    that fills the field without naming anything: ``none``, ``n/a``, ``-`` (or a dash such
    as ``—``), "no trade-off" or a sentence saying only that ("There were no trade-offs", "No
    tradeoff was made", "There were none", "There was no downside", "none really", "N/A -
    obvious choice"), "None whatsoever", "No downside", the German ``keine``, ``entfällt``,
    ``k. A.``, ``keine Angabe`` or ``nicht zutreffend`` and their sentences
    ("Kein Zielkonflikt", "Es gab keine Abwägung", "Keine Nachteile"), and "Nothing to trade
    off", "No trade-offs here", "Obviously none" ("Nichts abzuwägen", "Offensichtlich keiner").
    Only the whole value: "No trade-off in
    latency, but it cost us 20 minutes of writes" names one. (The template's ``TODO``,
    ``TBD`` or ``FIXME`` left there is PM019's to report, at the value.)

    Why: every serious incident decision gives something up: GitHub chose "data integrity over
    time to recovery" and said so. Naming the price makes the choice reviewable and tells the
    next responder what the organisation values (reference/practice.md §3).

    Example::

        decision: Pause webhook delivery.
        rationale: Webhooks write to the split database.

    Instead::

        decision: Pause webhook delivery.
        rationale: Webhooks write to the split database.
        tradeoff: Data integrity over webhook availability; deliveries were late by hours.

    When the rationale already says it in words of choosing ("we prioritised time to recovery
    over keeping the other changes"; in German "Datenintegrität hatte Vorrang vor der schnellen
    Wiederherstellung", "über die Kosten gestellt", "wichtiger als"), the hint quotes those
    words as the ``tradeoff`` to write.
    """

    code = "PM206"
    name = "no-tradeoff"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if not _major(pm):
            return
        for index, record, said in _unanswered(ctx, "tradeoff"):
            if said is None:
                stated = _tradeoff_said(record, pm.lang.value)
                hint = ("Add 'tradeoff:': what was given up for what (e.g. 'data integrity over time to "
                        "recovery').")
                if stated is not None:
                    field, words = stated
                    hint = (f"The {field} names it ('{words}'): write it as 'tradeoff: "
                            f"{words[:1].upper()}{words[1:]}', what was given up for what.")
                yield ctx.report(("decisions", index, "tradeoff"),
                                 f"decision {record.id} of a {pm.severity.value} incident states no "
                                 "trade-off", hint=hint, key=True)
            else:
                yield ctx.report(("decisions", index, "tradeoff"),
                                 f"decision {record.id} of a {pm.severity.value} incident gives "
                                 f"'{said}' as its trade-off, which names nothing given up",
                                 hint="Write what was given up for what (e.g. 'data integrity over "
                                 "time to recovery'); if the choice really cost nothing, say what "
                                 "was weighed ('no cost: the standby was idle').")


#: Words with which a rationale or decision says what the responders knew (or did not know)
#: when they chose: "at the time", "we knew only", "was not yet known", "unclear", the past
#: perfect of knowing and seeing ("we had known since 10:15", "had already seen"); in German
#: "damals", "zu diesem Zeitpunkt", "wussten", "bekannt", "unklar", "hatten bereits festgestellt".
_KNOWLEDGE = {
    "en": re.compile(r"\b(?:at (?:the|that) (?:time|point|moment)|by then|knew|unknown|without knowing|"
                     r"(?:was|were|is|are|had been|not)\s+(?:still\s+|yet\s+)?(?:not\s+)?(?:yet\s+)?known|"
                     r"(?:did not|didn't|could not|couldn't|cannot|can't)\s+(?:yet\s+)?(?:know|tell|see)|"
                     r"unclear|uncertain|no idea|not\s+(?:yet\s+)?clear|"
                     r"had\s+(?:already\s+|just\s+|only\s+|by\s+then\s+)?(?:known|seen|confirmed|established|"
                     r"verified|ruled\s+out|found|noticed|learned|learnt|observed))\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:damals|zu (?:diesem|dem) Zeitpunkt|zum Zeitpunkt|bis dahin|unbekannt\w*|"
                     r"(?:war|waren|ist|sind|nicht)\s+(?:noch\s+)?(?:nicht\s+)?bekannt|"
                     r"wussten?|wusstet?|gewusst|unklar\w*|nicht\s+(?:klar|absehbar)|ungewiss\w*|"
                     r"(?:un)?sicher,? ob|hatten?\s+(?:[^\s;!?]*[^\s.;:!?]\s+){0,6}?"
                     r"(?:gesehen|festgestellt|bestätigt|erkannt|ausgeschlossen|beobachtet|bemerkt))\b",
                     re.IGNORECASE),
}


def _knowledge_said(record: Decision, lang: str) -> bool:
    """Whether the rationale or the decision says what was known when it was taken."""
    regex = _KNOWLEDGE["de" if lang == "de" else "en"]
    return any(isinstance(text, str) and regex.search(text) is not None
               for text in (record.rationale, record.decision))


#: Words that open ``known_at_the_time`` with what was learned after the decision: "We later
#: learned that", "It turned out afterwards that", "In hindsight"; in German "Wie sich später
#: zeigte", "Später stellte sich heraus, dass", "Im Nachhinein". Only at the start of the value:
#: "We did not know yet that ..." says what was missing then.
_HINDSIGHT = {
    "en": re.compile(r"\s*(?:(?:we|they|the\s+team|the\s+responders)\s+(?:only\s+)?(?:later|afterwards)\s+"
                     r"(?:learned|learnt|found(?:\s+out)?|discovered|realised|realized|saw|noticed)"
                     r"|(?:it|this)\s+(?:later\s+|only\s+later\s+)?turned\s+out(?:\s+afterwards|\s+later)?(?=\s+that\b)"
                     r"|as\s+it\s+(?:later\s+)?turned\s+out|(?:in|with)\s+(?:hindsight|retrospect)|retrospectively"
                     r"|(?:later|afterwards|afterward)\s*,?\s+(?:we\s+(?:learned|learnt|found(?:\s+out)?|discovered|saw"
                     r"|noticed|realised|realized)|it\s+turned\s+out)"
                     r"|(?:we|they)\s+(?:now|today)\s+know|(?:now|today)\s*,?\s+we\s+know"
                     r"|as\s+we\s+(?:now|today)\s+know|as\s+we\s+know\s+(?:now|today)|looking\s+back"
                     r"|the\s+(?:post-?incident\s+|later\s+)?(?:review|investigation|analysis|postmortem|"
                     r"retrospective|retro|root[-\s]cause\s+analysis|RCA)\s+(?:later\s+)?"
                     r"(?:showed|found|revealed|established|determined))\b", re.IGNORECASE),
    "de": re.compile(r"\s*(?:wie\s+sich\s+(?:erst\s+)?(?:später|nachträglich|im\s+Nachhinein|danach)\s+"
                     r"(?:zeigte|herausstellte)"
                     r"|(?:erst\s+)?(?:später|nachträglich|im\s+Nachhinein|danach|hinterher)\s+"
                     r"(?:stellte\s+sich\s+heraus|zeigte\s+sich)"
                     r"|es\s+(?:stellte\s+sich\s+(?:erst\s+)?(?:(?:später|nachträglich|im\s+Nachhinein|danach)\s+)?heraus"
                     r"|zeigte\s+sich\s+(?:erst\s+)?(?:später|nachträglich|im\s+Nachhinein|danach|hinterher))"
                     r"|im\s+Nachhinein|rückblickend|im\s+Rückblick|hinterher"
                     r"|wir\s+erfuhren\s+(?:erst\s+)?(?:später|danach)"
                     r"|(?:heute|jetzt|inzwischen|mittlerweile)\s+wissen\s+wir"
                     r"|wir\s+wissen\s+(?:heute|jetzt|inzwischen|mittlerweile)"
                     r"|wie\s+wir\s+(?:heute|jetzt|inzwischen|mittlerweile)\s+wissen)\b",
                     re.IGNORECASE),
}


def _hindsight(value: str | None, lang: str) -> str | None:
    """The words with which ``value`` opens with what was learned afterwards, else None."""
    if blank(value):
        return None
    assert value is not None
    hit = _HINDSIGHT["de" if lang == "de" else "en"].match(value)
    return None if hit is None else hit.group(0).strip()


@register
class KnownAtTheTimeMissing(Rule):
    """A SEV1/SEV2 decision record that does not say what was known when it was taken.

    What it catches: a decision of a SEV1 or SEV2 postmortem without ``known_at_the_time``
    (or with a non-answer there: ``n/a``, ``-``, the German ``keine`` or ``k. A.``; a template's ``TBD`` is
    PM019's), whose
    rationale and decision do not say it either ("at the time we knew only ...", "it was
    not yet clear whether ...", "we had already seen that ...", in German "damals war nur
    bekannt ...", "unklar, ob ...", "wir hatten bereits festgestellt, dass ..."). And a
    ``known_at_the_time`` that opens with what was learned afterwards ("We later learned that
    ...", "It turned out afterwards that ...", "We now know that ...", "Looking back, ...",
    "The post-incident review showed ...", "Wie sich später zeigte, ...", "Später stellte
    sich heraus, dass ...", "Heute wissen wir, dass ...", "Es stellte sich heraus, dass ..."):
    that is hindsight, not what was known. "We did not know yet that
    ..." says what was missing then and is not reported.

    Why: a decision is judged fairly only against what the responders knew, and did not
    know, when they made it; without that, readers judge it with hindsight, which is what a
    blameless postmortem avoids. Google assumes people "acted on the information they had";
    the decision record the sources suggest carries the information available at the time
    and the unknowns (Klein's cues, as PagerDuty adapts them), and the SRE book asks to write
    down what you were thinking at each point in time (reference/practice.md §3, §4).

    Example::

        decision: Fail over to the standby region.
        rationale: The primary region's storage was degraded.
        tradeoff: Minutes of replication lag over hours of downtime.

    Instead::

        decision: Fail over to the standby region.
        rationale: The primary region's storage was degraded.
        tradeoff: Minutes of replication lag over hours of downtime.
        known_at_the_time: Storage latency at 40x normal, no estimate from the provider; the
          replication lag of the standby was not yet measured.
    """

    code = "PM212"
    name = "known-at-the-time-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if not _major(pm):
            return
        for index, record, said in _unanswered(ctx, "known_at_the_time"):
            where = ("decisions", index, "known_at_the_time")
            if said is None:
                if _knowledge_said(record, pm.lang.value):
                    continue  # the rationale says it
                yield ctx.report(where, f"decision {record.id} of a {pm.severity.value} incident does "
                                 "not say what was known when it was taken",
                                 hint="Add 'known_at_the_time:': the facts, and the open questions, "
                                 "the responders had when they decided.", key=True)
            else:
                yield ctx.report(where, f"decision {record.id} of a {pm.severity.value} incident gives "
                                 f"'{said}' as what was known when it was taken",
                                 hint="Write the facts, and the open questions, the responders had "
                                 "when they decided (if nothing was known, say what was missing).")
        for index, record in enumerate(pm.decisions or ()):
            words = _hindsight(record.known_at_the_time, pm.lang.value)
            if words is not None:
                yield ctx.report(("decisions", index, "known_at_the_time"),
                                 f"decision {record.id} of a {pm.severity.value} incident gives what was "
                                 f"learned afterwards ('{words}') as what was known when it was taken",
                                 hint="Write what the responders knew, and did not yet know, when they "
                                 "decided ('we did not know yet whether ...'); what was learned later "
                                 "belongs in the analysis.")


@register
class UnlinkedTimelineDecision(Rule):
    """A timeline entry that describes a decision but links no decision record.

    What it catches: an entry whose event says someone decided, chose, agreed to (or on a
    rollback, a plan), rolled back, reverted,
    failed over, switched over, paused, locked, froze, restored from backup or flipped a kill
    switch (English), or
    entschieden, beschlossen, "Beschluss:", "einigten sich auf einen Rollback", zurückgerollt,
    zurückgesetzt, revertiert, umgeschaltet, pausiert, gesperrt, "aus dem Backup
    wiederhergestellt" (German), with no ``decision:`` key. The
    finding points at the verb itself. The verb list (``pmkit/rules/data/decisions.yaml``) is
    read in the document's ``lang``.

    Not reported, to keep the rule quiet on good postmortems:

    - the system acting by itself: the sentence says "automatically"/"automatisch" (not in a
      clause giving a reason or saying automation did not act: "rolled back by hand because
      the automatic rollback was disabled" is a decision), the
      entry's ``actor`` is a system or a third party ("monitoring", "Datenbank", "vendor",
      "Anbieter"), an intransitive verb has a system, a third party or a pronoun for a thing
      as its subject ("the database failed over", "the vendor chose to throttle us", "der Job
      pausierte", "Kubernetes restarted the pod and it failed over", "the primary's volumes
      stopped accepting writes"; a German participle with no finite verb in its clause, or
      after "den"/"einen", has the system as its object and stays a decision: "Den Cronjob
      angehalten", "Datenbank auf das Replikat umgeschaltet"), an English verb with an
      object has a system as its subject ("The deploy pipeline rolled back the release"; an
      unknown capitalised word may be a person and still counts), or a passive names a
      system as its agent ("The feature flag was disabled by the flag service", "Das Release
      wurde von der Deploy-Pipeline zurückgerollt");
    - a verification or observation: the action is the object of a verb of checking or seeing
      ("Confirmed the restore from backup was complete", "Geprüft, ob der Rollback
      durchgeführt wurde"), with no person named in between;
    - a decision still open: not yet taken, waited for or asked for ("not yet decided",
      "Awaiting a decision to roll back", "Warten auf die Entscheidung, ..."), only proposed or
      considered ("Suggested rolling back", "Considered failing over", "Vorgeschlagen, die
      Konfiguration zurückzurollen", "Der IC schlug vor, zurückzurollen"), or said to be
      pending after it ("Decision to roll back pending.", "The decision to fail over is still
      open", "Entscheidung, ... steht noch aus"), or a question ("deciding whether",
      "Entscheidung, ob ..."); so is the action such a decision asks about, in the clause
      after it ("Awaiting a decision on whether release 4.2 gets rolled back", "Noch nicht
      entschieden, ob wir zurückrollen"), not one said beside it ("..., but rolled back");
    - the words of a system or an outside party, quoted: a verb inside quotation marks
      ("...", “...”, „...“, «...», '...') or in speech after a verb of saying and a colon,
      when the rest of its sentence names a system or a third party and no person or team
      as the speaker ('The provider posted on their status page: "we are rolling back"',
      "Der Anbieter schrieb: „Wir rollen zurück“"; the place it was read, "on their status
      page", is no speaker). The team's own words stay its decision ('The IC wrote in
      #incident: "we are rolling back"', a quotation with no speaker named), and so does an
      action said beside the quotation ('..."; we rolled back release 4.2');
    - an entry that carries out a decision already linked from an earlier entry: the same
      kind of action (rollback, failover, restore...) appears in that record's ``decision`` or
      ``options_considered`` ("failed over to the original topology" after the restore-and-
      resync plan D3 was put on the timeline), named there as what to do ("Stopped the
      migration job" carries out "Stop the migration job", "Migration gestoppt" "Migration
      stoppen", "Blocked all deploys" "Block all deploys"), or a step that says it serves that action
      ("Paused the publisher so that nothing was pushed during the rollback", "Deploys für den
      Failover gesperrt");
    - a SEV1/SEV2 postmortem without any decision records: PM201 reports that once.

    A ``decision:`` that names a missing record, or is written empty (``''``), is PM021's
    finding, not this one, and one written as a list (``[D1]``) is PM012's. When an
    unused record looks like the right one (same time or same kind of action), the hint names
    it, and PM208 does not report it a second time. Else, when a record linked from a later
    entry looks like it (the decision linked where it was carried out, not where it was
    taken), the hint says to link that record here too.

    Why: a decision that only lives in the timeline loses its rationale, alternatives and
    trade-off (reference/practice.md §3; PagerDuty asks the scribe to record each significant
    action with its reason).

    Example::

        timeline:
          - at: 2024-03-12T10:05:00+01:00
            event: Der Incident Commander hat entschieden, Release 4.2 zurückzurollen.

    Instead::

        timeline:
          - at: 2024-03-12T10:05:00+01:00
            event: Der Incident Commander hat entschieden, Release 4.2 zurückzurollen.
            decision: D1
        decisions:
          - id: D1
            decision: Release 4.2 zurückrollen, statt einen Fix auszuliefern.
            decided_by: Incident Commander
    """

    code = "PM207"
    name = "unlinked-timeline-decision"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.textmap import locate

        pm = ctx.pm
        assert pm is not None
        if _major(pm) and not pm.decisions:
            return  # PM201
        for item in _unlinked(ctx):
            entry = (pm.timeline or [])[item.index]
            assert entry.event is not None
            if entry.decision is not None or ctx.written("timeline", item.index, "decision") is not None:
                continue  # an empty link is PM021's, one of another shape ('decision: [D1]') PM012's
            path = ("timeline", item.index, "event")
            span = locate(ctx.doc, path, entry.event, item.hit.start, item.hit.end)
            hint = _unlinked_hint(ctx, item)
            if "decision" in ctx.raw_item("timeline", item.index):
                # 'decision:' written with nothing after it: filled in, not added.
                line = ctx.doc.span(("timeline", item.index, "decision")).line
                hint = _unlinked_hint(ctx, item, empty=True, place=f"on line {line}")
            yield ctx.report(path, f"timeline entry describes a decision ('{item.hit.text}') but "
                             "links no decision record", hint=hint, span=span)


def _unlinked_hint(ctx: Context, item: Unlinked, *, empty: bool = False, place: str = "there") -> str:
    """How to link the entry: to the unused record that looks like its own, to the record a
    later entry links when that looks like it (a record may be linked from several entries), or
    to a new record. ``empty``: the entry has a ``decision:`` written empty, to fill in, at
    ``place``."""
    add = "write" if empty else "add"
    if item.candidate:
        where = place if empty else "to the entry"
        return f"If decision {item.candidate} is this one, {add} 'decision: {item.candidate}' {where}."
    if item.shared:
        ref, position = item.shared
        line = ctx.doc.span(("timeline", position, "decision")).line
        return (f"If decision {ref} (linked on line {line}) is this one, {add} "
                f"'decision: {ref}' here too: a record may be linked from every entry it concerns.")
    if empty:
        return (f"Add a decision record (rationale, options, trade-off) and write its id {place}, "
                "'decision: D<n>'.")
    return "Add a decision record (rationale, options, trade-off) and link it with 'decision: D<n>'."


def empty_link_hint(ctx: Context, index: int) -> str | None:
    """The hint for timeline entry ``index`` whose ``decision:`` is written empty, when its event
    describes a decision (PM207 leaves it to PM021, which reports the empty link): the record
    that looks like its own, as PM207 would name it; else None."""
    pm = ctx.pm
    if pm is None or (_major(pm) and not pm.decisions):
        return None
    item = next((item for item in _unlinked(ctx) if item.index == index), None)
    return None if item is None else _unlinked_hint(ctx, item, empty=True)


@register
class UnusedDecision(Rule):
    """A decision record that no timeline entry refers to.

    What it catches: a record in ``decisions`` whose id no timeline entry names in
    ``decision:``. An entry whose time pmkit cannot read (PM014, PM015) links all the same.
    (When a timeline entry describes a decision without a link and this record
    looks like its match, PM207 reports the entry and names the record instead.) When a
    timeline entry at the record's time links an id no record has (PM021), the hint names
    that entry: its link is this record's, with a slip in the id. When the entry at the
    record's time links another record (two decisions taken in one entry), the hint says that
    an entry links one decision and this one needs an entry of its own.

    Why: the timeline shows when and in what situation the decision was taken; a record
    without that link loses its context. Often the link was simply forgotten.

    Example::

        decisions:
          - id: D2        # no timeline entry says 'decision: D2'

    Instead: add ``decision: D2`` to the timeline entry where the decision was taken.
    """

    code = "PM208"
    name = "unused-decision"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if not pm.timeline:
            return
        from pmkit.rules.timeline import fmt_time

        linked = _linked_ids(pm)
        for index in range(len(pm.timeline)):  # 'decision: [D1]': PM012 offers 'decision: D1'
            written = ctx.written("timeline", index, "decision")
            if isinstance(written, list):
                linked.update(ref for ref in written if isinstance(ref, str))
        # An entry the schema dropped for a time pmkit cannot read (PM014, PM015) still links its
        # decision: the time is reported there, and the link is not missing.
        for entry in ctx.doc.dropped.get(("timeline",), []):
            ref = entry.get("decision") if isinstance(entry, dict) else None
            linked.update(r.strip() for r in (ref if isinstance(ref, list) else [ref])
                          if isinstance(r, str) and r.strip())
        named = {u.candidate for u in _unlinked(ctx) if u.candidate}
        unused = [(index, record) for index, record in enumerate(pm.decisions or ())
                  if record.id not in linked and record.id not in named]
        # Entries whose 'decision:' names no record (PM021): one at a record's time, or the only
        # one left for the only unused record, is that record's link with a slip in its id.
        ids = {record.id for record in pm.decisions or ()}
        dangling = [(index, entry) for index, entry in enumerate(pm.timeline)
                    if _links(entry) and entry.decision not in ids]
        for index, record in unused:
            slip = next(((i, e) for i, e in dangling if record.at is not None and e.at == record.at), None)
            if slip is None and len(dangling) == 1 and len(unused) == 1:
                slip = dangling[0]
            hint = f"Add 'decision: {record.id}' to the timeline entry where it was taken."
            # Two decisions taken in one entry ("Rolled back ... and paused ..."): it links one.
            taken = next(((i, e) for i, e in enumerate(pm.timeline) if record.at is not None
                          and e.at == record.at and e.decision in ids), None)
            if slip is not None:
                entry_index, entry = slip
                line = ctx.doc.span(("timeline", entry_index)).line
                hint = (f"The entry at {fmt_time(entry.at)} (line {line}) links '{entry.decision}', "
                        f"which no record has: if it meant this one, write 'decision: {record.id}' "
                        "there.")
            elif taken is not None:
                entry_index, entry = taken
                line = ctx.doc.span(("timeline", entry_index)).line
                hint = (f"The entry at {fmt_time(entry.at)} (line {line}) links '{entry.decision}', and "
                        f"an entry links one decision: if {record.id} was taken there too, give it an "
                        f"entry of its own at that time with 'decision: {record.id}'.")
            yield ctx.report(("decisions", index, "id"),
                             f"no timeline entry refers to decision {record.id}", hint=hint)


@register
class DecisionOutsideWindow(Rule):
    """A decision timed before the impact started or after the incident was resolved.

    What it catches: a decision whose ``at`` is earlier than the ``impact_started`` milestone
    or later than the ``resolved`` milestone; without ``resolved`` (only ``mitigated``,
    ``acknowledged`` or ``detected`` marked), later than the timeline's last entry, the latest
    time the file shows the incident going on. When detection came first (a vulnerability
    reported before anyone exploited it, an early warning), or the timeline marks no
    ``impact_started``, the incident begins at ``detected``: decisions taken between the two
    are inside it. A time written to the minute
    (``02:10``) is any second of it next to one written to the second (``02:10:30``). An entry
    whose time the timeline rules doubt (the milestone PM104 blames, a time PM108 finds far from
    the others, a time the clocks went back over that PM115 finds out of order as read) opens
    or ends no window: it is reported there, and no decision is measured against it (a
    ``detected`` typed a day late does not put the decisions "before the incident was
    detected"). With that rule
    switched off, the time counts as written. A decision written in another UTC offset than the
    milestone is shown in both ("at 2026-03-02 04:56 UTC (2026-03-02 10:41 +05:45) is timed
    after the incident was resolved (2026-03-02 10:40 +05:45)"), and next to a milestone written
    as a bare date, a day in the document's zone (UTC when it names none), in that zone when its
    day there is another.

    Why: the incident's decisions happen during the incident. A time outside the window is
    usually a typo (wrong day, wrong zone offset) that makes the timeline contradict itself;
    a genuine decision made afterwards (a follow-up) belongs in the action items.

    Example::

        timeline:
          - {at: 2024-03-12T09:58:00+01:00, milestone: impact_started}
          - {at: 2024-03-12T11:40:00+01:00, milestone: resolved}
        decisions:
          - {id: D1, at: 2024-03-12T10:05:00Z}   # 11:05 local: fine
          - {id: D2, at: 2024-03-21T10:20:00+01:00}   # nine days later

    Instead: correct the time (date and offset) of the decision.
    """

    code = "PM209"
    name = "decision-outside-window"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        from pmkit.rules.timeline import doubted_entries, next_midnight

        pm = ctx.pm
        assert pm is not None
        doubted = doubted_entries(ctx)
        start, began = _incident_start(pm, doubted)
        end, ended = _incident_end(pm, doubted)
        for index, record in enumerate(pm.decisions or ()):
            if record.at is None:
                continue
            # A bare date (2024-06-01) is its whole day, in the document's zone: before the
            # impact only when that day ended before it began.
            before = start is not None and (next_midnight(record.at, pm.zone) <= start
                                            if isinstance(record.at, BareDate)
                                            else certainly_before(record.at, start))
            if before:
                assert start is not None
                yield self._report(ctx, index, record, f"before {began}", start)
            # A resolution written as a bare date is its whole day too: after it means the next day.
            elif end is not None and record.at >= (next_midnight(end, pm.zone) if isinstance(end, BareDate)
                                                   else minute_end(end, record.at)):
                yield self._report(ctx, index, record, ended, end,
                                   unresolved=pm.milestone(Milestone.RESOLVED) is None)

    @staticmethod
    def _report(ctx: Context, index: int, record: Decision, what: str, bound: datetime,
                unresolved: bool = False) -> Diagnostic:
        from pmkit.rules.timeline import fmt_time

        at = record.at
        assert at is not None
        # A time written in another offset than the milestone's is said in that offset too:
        # "04:56 UTC is after 10:40 +05:45" reads as a mistake of pmkit's. A milestone written
        # as a bare date is a day in the document's zone (UTC when it names none): the time is
        # said there when its day is another ("02:00 +05:45 on the 2nd is before the 2nd").
        zone = bound.tzinfo if not isinstance(bound, BareDate) else ctx.pm.zone if ctx.pm else None
        there = at.astimezone(zone) if zone is not None and not isinstance(at, BareDate) else at
        shown = "" if there.utcoffset() == at.utcoffset() or (isinstance(bound, BareDate)
                                                            and there.date() == at.date()) \
            else f" at {fmt_time(at)} ({fmt_time(there)})"
        return ctx.report(("decisions", index, "at"),
                          f"decision {record.id}{shown} is timed {what} ({fmt_time(bound)})"
                          + ("; no 'resolved' is marked" if unresolved else ""),
                          hint="Check the date and UTC offset; decisions made after the incident "
                          "belong in action_items." + (" If the incident went on, add its later entries "
                                                       "and 'milestone: resolved' to the timeline."
                                                       if unresolved else ""))


def _trusted(pm: Postmortem, milestone: Milestone, doubted: set[int]) -> datetime | None:
    """The time of ``milestone`` unless every entry that marks it is one whose time the timeline
    rules doubt (``doubted``, by index): such a time bounds no window, it is reported there."""
    marked = {index for index, entry in enumerate(pm.timeline or ()) if entry.milestone is milestone}
    return None if marked and marked <= doubted else pm.milestone(milestone)


def _incident_start(pm: Postmortem, doubted: set[int]) -> tuple[datetime | None, str]:
    """When the incident began for its decisions, and how a message says so: the impact's
    start, or the detection when that came first. Detection may precede impact (a vulnerability
    reported before it was exploited, PM104 allows it), and what the responders decided from
    then on is the incident's. A start the timeline rules doubt (``doubted``: an impact typed a
    year early) opens no window, as for :func:`_incident_end`."""
    impact = _trusted(pm, Milestone.IMPACT_STARTED, doubted)
    detected = _trusted(pm, Milestone.DETECTED, doubted)
    # Without impact_started (SEV4 and SEV5 do not require it), the incident is known to have
    # begun by its detection: a decision a day before that is as much a slip.
    if detected is not None and (impact is None or detected < impact):
        return detected, "the incident was detected"
    return impact, "the impact started"


def _incident_end(pm: Postmortem, doubted: set[int]) -> tuple[datetime | None, str]:
    """When the incident ended for its decisions, and how a message says so: ``resolved``; without
    it, the timeline's last entry (``mitigated``, ``acknowledged`` or an entry without a
    milestone), for the incident is known to have lasted until then and nothing in the file says
    longer. A decision after it is a slipped date or a follow-up, as after ``resolved``.

    The entries whose times the timeline rules doubt (``doubted``: PM104's blamed milestone,
    PM108's far times, PM115's time read an hour early, each when its rule runs) end nothing: a
    ``resolved`` typed before the impact or a year early put every decision "after the incident
    was resolved", beside the finding on the resolution itself, and an entry typed a year late
    stretched the window over the year."""
    if pm.milestone(Milestone.RESOLVED) is not None:
        resolved = _trusted(pm, Milestone.RESOLVED, doubted)
        return (None, "") if resolved is None else (resolved, "after the incident was resolved")
    times = [entry.at for index, entry in enumerate(pm.timeline or ())
             if entry.at is not None and index not in doubted]
    if not times:
        return None, ""
    last = max(times)
    return last, "after the timeline's last entry"


@register
class DecidedByMissing(Rule):
    """A decision record that does not say who decided.

    What it catches: a record in ``decisions`` without ``decided_by``, or with one that names
    no one (``n/a``, ``unknown``, ``someone``, the German ``niemand``, ``N.N.``). The
    template's ``TODO``, ``TBD`` or ``FIXME`` left there is PM019's to report, at the value.

    Why: knowing which role took a decision (incident commander, database on-call) shows how
    authority worked during the incident. Use a role, not a person's name: the postmortem is
    about the system, not about blame.

    Example::

        - id: D1
          decision: Fail over to the standby region.

    Instead::

        - id: D1
          decision: Fail over to the standby region.
          decided_by: incident commander
    """

    code = "PM210"
    name = "decided-by-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        assert ctx.pm is not None
        for index, record in enumerate(ctx.pm.decisions or ()):
            if blank(record.decided_by):
                if ctx.written("decisions", index, "decided_by") is not None:
                    continue  # written, as a list: PM012 says how to write it as text
                yield ctx.report(("decisions", index, "decided_by"),
                                 f"decision {record.id} does not say who decided",
                                 hint="Add 'decided_by:' with the role (e.g. incident commander).",
                                 key=True)
            elif template_placeholder(record.decided_by):
                continue  # the template's TBD: PM019 reports it, as for a rationale (PM202)
            elif (said := _nobody(record.decided_by)) is not None:
                yield ctx.report(("decisions", index, "decided_by"),
                                 f"decision {record.id} gives '{said}' as who decided, which names no "
                                 "one", hint="Write the role that decided (e.g. incident commander).")


#: Who decided, written as no one in particular: the words of a field of reasons that say
#: nothing ("n/a", "unknown") and nobody in particular ("someone"). Not the phrases of a field of
#: reasons: "Klar" or "Since" there is no reason, but may be a name here.
_NOBODIES = REASON_NON_ANSWERS | NOBODY_ANSWERS | UNASSIGNED_ANSWERS


def _nobody(value: str | None) -> str | None:
    """``decided_by`` as written when it names no one ("n/a", "unknown", "someone"), else None."""
    return non_answer(value, _NOBODIES)


__all__ = [
    "DecidedByMissing",
    "DecisionOutsideWindow",
    "DecisionTextMissing",
    "DecisionWithoutRationale",
    "DecisionsMissing",
    "NoOptionsConsidered",
    "NoTradeoff",
    "RationaleRestatesDecision",
    "SingleOption",
    "UnlinkedTimelineDecision",
    "UnusedDecision",
    "decision_verbs",
    "lexicon",
]
