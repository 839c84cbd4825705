"""PM3xx: blameless phrasing, in English and German.

Every prose field of the postmortem (:func:`pmkit.fields.prose_fields`) is scanned once with
the prose engine (:mod:`pmkit.prose`) in the document's ``lang``; each finding is reported by
the rule of its category, at the exact line and column of the phrase inside the YAML scalar
(:func:`pmkit.textmap.locate`). The lexicons and the subject analysis are described in
docs/blameless.md; teams extend or silence lexicon entries in ``[tool.pmkit.prose]``.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from pmkit.config import Config, register_config_validator
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import Document, FieldPath, Span
from pmkit.rules import Context, Rule, register

#: Fields whose values name people (as opposed to roles or systems).
_PEOPLE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("owner",), ("authors",), ("approvals", "*", "by"), ("decisions", "*", "decided_by"),
    ("action_items", "*", "owner"),
)


def _walk(node: Any, pattern: tuple[str, ...]) -> Iterator[str]:
    if not pattern:
        if isinstance(node, str) and node.strip():
            yield node.strip()
        elif isinstance(node, list):
            for item in node:
                yield from _walk(item, ())
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(node, list):
        for item in node:
            yield from _walk(item, rest)
    elif isinstance(node, dict):
        yield from _walk(node.get(head), rest)


def document_names(doc: Document, lexicon: Any) -> set[str]:
    """Personal names and handles the document uses for people.

    Values of people fields (owner, authors, approvals, deciders, action-item owners) count
    unless they are role descriptions ("database on-call engineer") or a single capitalised
    word with nothing to show it is a person's: owners and deciders are often teams and
    products ("Checkout", "Payments"). Such a word counts if it is a known first name, one
    of the ``authors`` (who are people), or part of a longer name the document gives
    ("Rao" with "Priya Rao"); a lower-case one is a handle ("kwong") and counts. Timeline
    actors count only when they look like a person (a ``@handle``, a known first name, or
    capitalised words such as "Alice Smith"), because actors are often systems ("monitoring").
    A value with a word of a role is a role, also an English role in a document in another
    language, where incident response keeps its English names ("Incident Commander",
    "On-Call", "SRE").
    """
    from pmkit.fields import names_in_document
    from pmkit.prose.engine import _TOKEN, _forms, _known_word
    from pmkit.prose.lexicon import default_words

    def known(low: str) -> bool:  # a role, a system or an outsider, or a role in English
        if _known_word(low, lexicon):
            return True
        if lexicon.lang == "en":
            return False
        roles = default_words("en").word("staff")
        return any(form in roles for form in _forms(low.strip("@"), "en"))

    data = doc.data if isinstance(doc.data, dict) else {}
    people: set[str] = set()
    for pattern in _PEOPLE_FIELDS:
        people.update(_walk(data, pattern))
    authors = set(_walk(data, ("authors",)))
    candidates = {name: [m.group() for m in _TOKEN.finditer(name)]
                  for name in names_in_document(doc) | people}
    # Words of the capitalised names of two words or more: "Rao" is a person's if "Priya Rao" is one.
    in_full_names = {t.lower() for tokens in candidates.values() if len(tokens) > 1
                     and all(t[:1].isupper() for t in tokens) for t in tokens}
    out: set[str] = set()
    for name, tokens in candidates.items():
        if not tokens:
            continue
        if name.startswith("@") or name.endswith("@"):
            out.add(name)
            continue
        if any(known(t.lower()) for t in tokens):
            continue  # a role or a system, not a person
        first_name = len(tokens) == 1 and tokens[0].lower() in lexicon.word("first_names")
        looks_personal = all(t[:1].isupper() for t in tokens) and (len(tokens) > 1 or first_name)
        one_capitalised_word = len(tokens) == 1 and tokens[0][:1].isupper()
        if one_capitalised_word and not (first_name or name in authors or tokens[0].lower() in in_full_names):
            continue  # "owner: Checkout": a team or a product as often as a person
        if name in people or looks_personal:
            out.add(name)
    return out


def _lexicon(ctx: Context, lang: str) -> Any:
    from pmkit.prose.lexicon import build_lexicon, default_lexicon

    settings = ctx.config.section("prose")
    if not settings:
        return default_lexicon(lang)
    return ctx.run.get(f"pm3-lexicon:{lang}",
                       lambda: build_lexicon(lang, settings, root=ctx.config.root))


def document_links(ctx: Context) -> AbstractContextManager[None]:
    """The prose of ``ctx.doc`` read with its link reference definitions: "[text][label]" is
    the link's text only where the body defines the label, and text ("matrix[i][j]") where
    nothing does (see :func:`pmkit.prose.shown.link_labels`)."""
    doc = ctx.doc
    if doc.kind != "markdown":
        # Only a Markdown body defines labels (pmkit.markdown.definitions), and outside this
        # context prose is read with none: nothing to set, and the two modules are not imported
        # for it (~6 ms of a one-file check, in the process that applies the model's rules).
        return contextlib.nullcontext()
    from pmkit.markdown import document_link_labels
    from pmkit.prose.shown import link_labels

    labels: frozenset[str] = ctx.run.for_document(f"link-labels:{doc.path}:{hash(doc.text)}",
                                                  lambda: document_link_labels(doc))
    return link_labels(labels)


def reading_links(check: Callable[[Any, Context], Iterable[Diagnostic]]
                  ) -> Callable[[Any, Context], Iterable[Diagnostic]]:
    """A rule's ``check`` that reads its document's prose as shown, with :func:`document_links`."""
    @functools.wraps(check)
    def checked(rule: Any, ctx: Context) -> Iterable[Diagnostic]:
        with document_links(ctx):
            return list(check(rule, ctx))  # (all of it read while the labels are set)
    return checked


def prose_findings(ctx: Context) -> list[tuple[FieldPath, Span, Any]]:
    """(field path, span in the file, Finding) for every blameful phrase of the document."""
    doc = ctx.doc
    key = f"pm3-findings:{doc.path}:{hash(doc.text)}"

    def compute() -> list[tuple[FieldPath, Span, Any]]:
        from pmkit.fields import prose_fields
        from pmkit.prose.engine import kept_findings, scan_text
        from pmkit.prose.lexicon import default_words
        from pmkit.textmap import locate

        lang = ctx.lang
        bundled = not ctx.config.section("prose")
        # With the bundled lexicon, a text whose findings the command kept needs no entries:
        # the people are read with its word lists, and the entries compiled for the first text
        # that was not kept (pmkit.prose.engine.kept_findings).
        built: list[Any] = [] if bundled else [_lexicon(ctx, lang)]

        def lexicon() -> Any:
            if not built:
                built.append(_lexicon(ctx, lang))
            return built[0]

        names = frozenset(document_names(doc, default_words(lang) if bundled else lexicon()))

        def read(text: str) -> list[Any]:
            if not text:
                return []
            found = kept_findings(text, lang, names) if bundled else None
            return found if found is not None else scan_text(text, lexicon(), names=names)

        out: list[tuple[FieldPath, Span, Any]] = []
        in_body: list[Span] = []  # Markdown: where the fields filled from the body are
        # A text's findings depend on the text alone (offsets into it), not on where it stands:
        # a text repeated in many fields (50,000 alike lessons) is scanned once.
        scanned: dict[str, list[Any]] = {}
        for path, value in prose_fields(doc):
            if doc.kind == "markdown" and doc.span(path).line >= doc.body_line > 0:
                in_body.append(doc.span(path))
            found = scanned.get(value)
            if found is None:
                found = scanned[value] = read(value)
            for finding in found:
                out.append((path, locate(doc, path, value, finding.start, finding.end), finding))
        if doc.kind == "markdown" and doc.body.strip():
            # The rest of the body (## Background, an intro above a list...) is published too.
            out.extend(_body_findings(doc, read, in_body))
        return out

    with document_links(ctx):
        result: list[tuple[FieldPath, Span, Any]] = ctx.run.for_document(key, compute)
    return result


def _body_findings(doc: Document, read: Callable[[str], list[Any]],
                   fields: Sequence[Span]) -> list[tuple[FieldPath, Span, Any]]:
    """Findings in the body of a Markdown postmortem (everything after the front matter),
    outside the ``fields`` spans, which are checked as the fields they fill; each text is
    ``read`` as the fields are."""
    from pmkit.markdown import blank_comments
    from pmkit.textmap import blank_spans, body_span

    text = blank_spans(blank_comments(doc.body), fields, first_line=doc.body_line)
    return [((), body_span(doc, finding.start, finding.end), finding) for finding in read(text)]


class BlamelessRule(Rule):
    """Base of the PM3xx rules: report the prose engine's findings of one category."""

    category: ClassVar[str] = ""
    needs_model = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for path, span, finding in prose_findings(ctx):
            if finding.category != self.category:
                continue
            hint = f"{finding.suggestion} (lexicon entry {finding.entry})"
            yield ctx.report(path, finding.message, hint=hint, span=span,
                             data={"entry": finding.entry, "subject": finding.subject,
                                   "match": finding.text})


@register
class HumanError(BlamelessRule):
    """"Human error" framing: a person named as the cause of the incident.

    What it catches: "human error", "operator error", "a manual error", "menschliches
    Versagen", "ein manueller Fehler", "Bedienfehler", "fat-fingered", "a misclick",
    "Fehlklick", "an individual mistake", "user error" as the cause ("Root cause: user error";
    a ticket "closed as user error" is an event of the timeline), "der Faktor Mensch", "das
    Problem saß vor dem Bildschirm", "the human factor" or "human factors" as the cause ("Root
    cause: human factors", "due to the human factor", "Ursache: menschlicher Faktor"; the
    discipline is no cause: "human factors research on alarm fatigue" passes), also written
    with a hyphen ("an operator-error caused", "ein Bediener-Fehler"). A denial in the same
    clause ("this was not human error", "human error was ruled out", "menschliches Versagen
    wurde ausgeschlossen") is not reported ("human error cannot be ruled out" is), nor is what
    a safeguard stops or a design leaves room for or invites ("protects against human error",
    "prone to human error", "removed the opportunity for human error", "the two
    identical-looking buttons invite misclicks", "encourages misclicks", "Schutz vor
    Fehlbedienungen", "soll Fehlbedienungen verhindern", "anfällig für menschliche Fehler",
    "die Buttons begünstigen Fehlklicks", "lädt zu Fehlbedienungen ein").

    Why: PagerDuty's postmortem guide says to avoid the concept of human error altogether:
    an individual's action is never a root cause; the system allowed an ordinary action to
    have an outsized effect. "Human error" ends the inquiry exactly where it should begin
    (Google SRE, "you can't fix people"). See docs/blameless.md.

    Example::

        summary: The outage was caused by human error during maintenance.

    Instead::

        summary: >
          During maintenance, the capacity tool accepted a command that removed more
          servers than intended; it had no lower bound on remaining capacity.

    German example (``lang: de``)::

        summary: Ursache des Ausfalls war menschliches Versagen bei der Wartung.

    German instead::

        summary: >
          Bei der Wartung nahm das Kapazitätswerkzeug einen Befehl an, der mehr Server
          entfernte als beabsichtigt; es hat keine Untergrenze.
    """

    code = "PM301"
    name = "human-error"
    severity = Severity.ERROR
    category = "human-error"


@register
class Counterfactual(BlamelessRule):
    """A hindsight counterfactual about people: "should have", "failed to", "hätte ... müssen".

    What it catches: "should have", "ought to have", "could have" (also "could have seen the
    alert"), "would have caught/noticed/known" (not as the consequence of a condition in its
    sentence, which is judged itself), "shoulda", "coulda", "failed to", "if only", "if X had
    ...", "had X ..." (also after its consequence: "would have been avoided had the engineer
    followed the runbook", "..., hätte der Admin das Runbook gelesen"), "if X had been more
    careful", "if X had been paying attention", "forgot to", a person who "forgot the
    --dry-run flag" (a cache that forgot a session is a system), "did not follow", "did
    nothing" ("hat nichts unternommen"), "was supposed to check" (a job that was supposed to
    run at 02:00 is a system), "had anyone looked" ("had the engineer been paged" is no
    counterfactual about the engineer's work, as "if the engineer had been paged" is not),
    "was not followed by the on-call engineer", "did not notice", "hätte ...
    müssen/sollen/können", "wenn ... hätte", "Hätte X nur ...!", "Wäre X vorsichtiger gewesen,
    ...", "versäumt", "unterlassen", "hat den Alarm nicht bemerkt", when the subject of the
    phrase is a person, a role, "we" or "man". System subjects pass: "the health check failed
    to respond", "the job should have finished in 5 minutes per its SLO", "der Job hätte nach
    fünf Minuten fertig sein müssen"; so does what someone ought to have from now on ("we
    should have automated failover", "engineers should have read-only access"), and so does an
    alert that was missing ("we should have alerted on repeated restarts"; "should have alerted
    the team" is about people). A passive ("should have been noticed") counts unless it names a
    system or another thing as its agent
    ("by the integration tests", "by the fuzzer", "by a dry run", "vom Linter", "von der CI")
    or the stage of delivery that should have caught it ("should have been caught in staging /
    in CI", "hätte in der CI erkannt werden müssen"); a person or a group of people as the
    agent is still reported ("by the night shift", "by the NOC", "vom Diensthabenden"). What
    anyone was able to do is what the system allowed and passes ("anyone with production
    access could have run this command", "jeder mit Zugang hätte den Befehl ausführen können";
    "any engineer could have spotted the typo" is reported), and so does an option weighed
    against a system ("we could have rolled back, but the rollback would have restarted every
    pod").
    What a person did not notice or follow, failed or forgot to do, passes with the reason
    that is not about a person: "the on-call engineer did not notice the alert because it was
    posted to a muted channel", "failed to reach the database team because the paging service
    was down" and "forgot to re-enable the alert because the runbook did not include the step"
    are the blameless form ("... because he was asleep" is not), and so is an attempt a system
    refused: "failed to log in to the bastion", "failed to connect", "failed to get a response
    from the API".

    Why: counterfactuals describe a world that did not happen (Dekker, *Field Guide*, ch. 5;
    Bergström's first analytical trap). They judge people against knowledge they only had
    afterwards and hide why their actions made sense at the time. "Did not notice" is one
    too: Dekker counts "they didn't" among them, and Benner's rule is to record "dids", not
    "did nots"; the guides ask for what the person saw and did instead.

    Example::

        timeline:
          - at: 2026-03-02T10:12:00Z
            event: The on-call engineer should have rolled back the deploy.

    Instead::

        timeline:
          - at: 2026-03-02T10:12:00Z
            event: >
              The on-call engineer saw a healthy canary and continued the rollout; the
              canary did not receive traffic from the affected region.

    German example (``lang: de``)::

        summary: Der Administrator hätte das Backup vor der Migration prüfen müssen.

    German instead::

        summary: >
          Die Migration startete ohne geprüftes Backup; die Pipeline hat keinen
          Schritt, der es verlangt.
    """

    code = "PM302"
    name = "hindsight-counterfactual"
    severity = Severity.WARNING
    category = "counterfactual"


@register
class JudgementalLanguage(BlamelessRule):
    """Judgemental words about people: "careless", "sloppy", "ridiculous", "fahrlässig".

    What it catches: "careless", "negligent", "sloppy", "ridiculous", "reckless",
    "incompetent", "stupid", "panicked", "wasn't thinking", "has a history of" (of a person;
    "the kernel panicked" passes), "too slow to respond", "escalated too late", "hat zu spät
    eskaliert" (of a person; "the autoscaler was too slow to react" passes), "lazy" (not "lazy
    loading", a lazy quantifier, "from lazy to eager loading"), "poor judgement", "I can't
    believe", "rubber-stamped", "a cowboy deploy", "fahrlässig", "nachlässig", "schlampig",
    "leichtsinnig", "geriet in Panik", "keine Ahnung von Kubernetes", "dilettantisch",
    "mangelnde Sorgfalt", "Mist gebaut", "gepennt", "durchgewunken".
    Negated uses ("was not careless") pass, and so do words in their technical sense, of a
    thing: "a sloppy regex", "the health check was too sloppy", "eine schlampige Regex", "a
    dumb proxy", "stupid simple", "embarrassingly parallel", "the evaluation was lazy", "die
    Auswertung war faul" (but "a sloppy engineer", "sloppy work", "er hat schlampig
    gearbeitet" are reported), and "ridiculously" or "absurdly" as an intensifier of a
    measurement: "ridiculously high latency", "latency was ridiculously high", "an absurdly
    large number of retries" (of a setting it judges whoever chose it: "a ridiculously short
    timeout" is reported, and so is "which is ridiculous"). Words that have no technical
    sense are reported of code too: "a careless default in the library", "negligent error
    handling", "reckless retries", "eine fahrlässige Fehlerbehandlung" judge whoever wrote
    the code; say what it does ("the default disabled TLS verification", "the client
    retried without backoff").

    Why: the Google SRE workbook's bad example shows "careless ignorance" and "which is
    ridiculous": a postmortem is a factual artefact free of personal judgement. Judging
    character (fundamental attribution error) explains nothing about the system.

    Example::

        contributing_factors:
          - {id: CF1, description: A careless change to the firewall rules.}

    Instead::

        contributing_factors:
          - {id: CF1, description: The firewall change was applied without a dry run; the tool has none.}

    German example (``lang: de``)::

        summary: Der Umgang mit den Zugangsdaten war fahrlässig.

    German instead::

        summary: >
          Die Zugangsdaten lagen in einer Datei, die das Deploy-Skript las; einen
          Tresor gab es nicht.
    """

    code = "PM303"
    name = "judgemental-language"
    severity = Severity.WARNING
    category = "judgement"


@register
class Blame(BlamelessRule):
    """Blame assigned to a person: "the fault of", "to blame", "schuld".

    What it catches: "it was the fault of the on-call engineer", "the developer's fault", "his
    fault", "X was to blame / at fault", "blamed the outage on the team", "caused by an
    engineer", "the bug was introduced by the new engineer" (who triggered or created a step
    of the response is no blame: "the failover was triggered by the on-call engineer", "the
    incident channel was created by the incident commander"), "was responsible for the bad
    deploy" (not "responsible for the deploy", which is a role), "was responsible for the
    outage", "the root cause was the on-call engineer", "Root cause: the on-call engineer." (a
    label with the person alone; "Root cause: we had no alert on lag" is a sentence about an
    alert), "Schuld war der Administrator", "die Ursache war der Administrator", "vom
    Entwickler verursacht", "die Schuld des Administrators", "Johns Schuld", "machte das Team
    für den Ausfall verantwortlich", "durch einen Mitarbeiter verursacht". A system or another
    thing as the blamed party passes ("a fault of the power supply", "we first blamed the
    network", "the vendor blamed a fibre cut", "the network was blamed at first", "the blame
    for the outage lies with the process, not people"), as do "fault tolerance", "our fault"
    and "the fault lies with us" (the organisation's apology), denials ("nobody was to blame",
    "the review blamed no one"), the practice ("without blame", "a no-blame review", "ohne
    Schuldzuweisung", "Verzicht auf Schuldzuweisungen"), a relative clause ("the engineer who
    deployed it was on call", unlike the question "who deployed it?") and a version-control
    tool's blame ("git blame", "the Blame view", "the blame output").

    Why: blame drives issues underground (Google SRE, ch. 15); "name and shame" is out
    (PagerDuty). A postmortem identifies contributing factors, not culprits.

    Example::

        summary: The outage was the fault of the release manager.

    Instead::

        summary: >
          The release was promoted while the canary was still failing; promotion did not
          require a green canary.

    German example (``lang: de``)::

        summary: Der Datenbankadministrator war für den Ausfall verantwortlich.

    German instead::

        summary: >
          Die Migration sperrte die Tabelle 20 Minuten lang; das Werkzeug warnte nicht
          davor.
    """

    code = "PM304"
    name = "blame"
    severity = Severity.ERROR
    category = "blame"


@register
class HindsightObviousness(BlamelessRule):
    """Hindsight obviousness: "obviously", "all it took was", "war doch klar".

    What it catches: "obviously", "all it took was", "they could have just...", "anyone could
    have seen this coming", "an accident waiting to happen", "easily avoidable", "a simple
    check would have prevented this", "someone must have known", "das war doch klar", "musste
    ja schiefgehen", "für jeden absehbar", "leicht vermeidbar", "jeder Anfänger hätte das
    gesehen", "man hätte doch nur". "Just" is only reported in these constructions, never in
    "just after midnight". A denial ("nobody could have seen this coming", "nothing in the
    dashboards was obviously wrong") passes, and so does what was obvious at a time of the
    timeline or from the evidence, which is what the responders saw then: "At 14:05 it was
    obvious that the failover had not completed", "it was obvious from the graphs that the
    replica had stopped", "Once the traces were in, the cause was obvious", "the hot loop was
    obvious after we enabled profiling" ("In hindsight the cause was obvious", "looking back",
    "after the fact" are still reported), and so does a remedy that is obvious, which looks
    forward: "the fix is obvious: add a timeout".

    Why: the outcome makes events look predictable (hindsight bias, PagerDuty). The Google
    SRE workbook reframes "someone must have known beforehand" into a question about
    warning signs.

    Example::

        lessons:
          went_wrong: [All it took was one look at the dashboard.]

    Instead::

        lessons:
          went_wrong: [The replication lag panel was on a dashboard nobody had open at night.]

    German example (``lang: de``)::

        summary: Man hätte doch nur die Logs lesen müssen.

    German instead::

        summary: Die Logs zeigten den Fehler, aber kein Alarm und kein Dashboard verwies auf sie.
    """

    code = "PM305"
    name = "hindsight-obviousness"
    severity = Severity.WARNING
    category = "hindsight"


@register
class PersonTargetedAction(BlamelessRule):
    """An action aimed at people instead of systems: "train engineers not to", "needs to learn".

    What it catches: "train engineers not to ...", "X needs to learn ...", "be more careful",
    "retrain the engineer involved", "train developers to always double-check", "should be
    reminded to", "geschult, den Zielcluster zu prüfen", "make sure the on-call engineer
    checks ...", "raise
    awareness among engineers", "educate developers about ...",
    "remind engineers to ...", "engineers must double-check ...", "make humans less
    error-prone", "Mitarbeiter sensibilisieren", "muss lernen", "sorgfältiger arbeiten".
    Being told of an event passes, as a requirement on detection ("the on-call needs to
    learn about a failed backup within 5 minutes", "needs to learn of an outage"), and so
    does the organisation learning from the incident ("the team needs to learn from this
    incident", "wir müssen aus dem Vorfall lernen"); "needs to learn from his mistake" is
    reported.

    Why: "you can't fix people, but you can fix systems" (Google SRE). The workbook's bad
    example has "Train humans not to run unsafe commands" and "sydneythree@ needs to
    learn". Vigilance is not a control.

    Example::

        action_items:
          - {id: AI1, title: Train engineers not to run unsafe commands}

    Instead::

        action_items:
          - {id: AI1, title: Require confirmation in the CLI before removing more than 5% of capacity}

    German example (``lang: de``)::

        action_items:
          - {id: AI1, title: Administratoren im Umgang mit Zertifikaten schulen}

    German instead::

        action_items:
          - {id: AI1, title: Ablauf der Zertifikate überwachen und 14 Tage vorher alarmieren}
    """

    code = "PM306"
    name = "person-targeted-action"
    severity = Severity.WARNING
    category = "person-action"


@register
class IntentAttribution(BlamelessRule):
    """Intent attributed to a person: "chose to ignore", "decided to bypass the review".

    What it catches: "chose to ignore", "decided to bypass/skip/override" a safeguard
    (review, tests, approval, policy...), "deliberately/intentionally ignored", "couldn't be
    bothered", "nobody bothered to", "no one cared", "cut corners", "bewusst ignoriert",
    "entschied sich, die Prüfung zu umgehen", "hielt es nicht für nötig", "niemand hat sich
    die Mühe gemacht". Decisions about systems pass ("the incident
    commander decided to bypass the cache"), as do the authors' own decisions ("we chose
    to...") and a decision given with its reason or trade-off, as a decision record gives
    it ("chose to skip the canary, accepting the risk of a bad build", "deliberately skipped
    the canary because the fix was a one-line revert", "hat den Canary bewusst
    übersprungen und nahm das Risiko in Kauf"); a motive alone ("to ship faster") is still
    intent.

    Why: intent cannot be observed; attributing it presumes bad faith and ends the inquiry
    (fundamental attribution error, PagerDuty).

    Example::

        summary: The developer chose to ignore the failing tests.

    Instead::

        summary: >
          The tests had failed intermittently for two weeks and were widely believed to be
          flaky; the merge proceeded with a failing test that was real.

    German example (``lang: de``)::

        summary: Der Entwickler hat die Warnung bewusst ignoriert.

    German instead::

        summary: Die Warnung erschien zwischen 40 anderen und sah aus wie diese.
    """

    code = "PM307"
    name = "intent-attribution"
    severity = Severity.WARNING
    category = "intent"


@register
class RoleBlame(BlamelessRule):
    """A role blamed for an action: "the junior developer ignored the warning".

    What it catches: a person or role (not "we") as the subject of a blameful action:
    "ignored", "overlooked", "missed the alert", "broke production", "has broken production",
    "caused the outage", "made a mistake", "made the wrong call", "violated the policy",
    "mistakenly", "went rogue", "a junior engineer ran ...", "ignorierte", "übersah",
    "verursachte den Ausfall", "hat die Produktion kaputt gemacht", "hat die Produktion
    lahmgelegt", "weggeklickt", "hat einen Fehler gemacht", "hat die falsche Entscheidung
    getroffen", "fälschlicherweise". A role's work as the subject of causing the outage counts
    as the role: "the on-call's restart caused the outage", "his change took down production",
    "die Änderung des Entwicklers verursachte den Ausfall" (a system's or an outsider's does
    not: "the service's config change", "the vendor's firmware update").

    A reason that is not about a person passes ("missed the page because the phone was on
    the wrong network"), and so does a procedure the person followed: "Per the runbook, the
    on-call engineer ignored the CPU alert during the backup window", "Laut Runbook
    ignorierte die Bereitschaft den Alarm", also as a clause after a semicolon, a colon or a
    dash: "The on-call did not escalate; the runbook said to wait 15 minutes" ("instead of
    following the runbook" and "; however, the runbook said to page the DBA" are reported).

    Why: a role points at a person as surely as a name. PagerDuty: anonymise where a mistake
    contributed and "abstract to an inspecific responder"; describe what made the action
    reasonable, not who took it.

    Example::

        contributing_factors:
          - {id: CF1, description: The junior developer ignored the warning.}

    Instead::

        contributing_factors:
          - {id: CF1, description: The warning was one of 40 similar ones printed on every deploy.}

    German example (``lang: de``)::

        summary: Der junge Entwickler ignorierte die Warnung.

    German instead::

        summary: Die Warnung erschien zwischen 40 anderen und sah aus wie diese.
    """

    code = "PM308"
    name = "role-blame"
    severity = Severity.WARNING
    category = "role-blame"


@register
class NamedPersonJudged(BlamelessRule):
    """A named person as the subject of a judgement or counterfactual.

    What it catches: a name or handle known from the document (authors, owner, approvals,
    deciders, action-item owners, timeline actors that look like people), a ``@handle`` or
    ``handle@``, or a common first name, as the subject of any PM302-PM311 phrase:
    "dylanfour@ ignored the alert", "Alice should have checked", "sydneythree@ needs to
    learn", "It was Dave's fault", "Klaus hat versäumt ...", and so does the named person's
    work as the cause: "caused by Alice's change", "Alice's change caused the outage", "Bobs
    Änderung verursachte den Ausfall". The same names as timeline
    ``actor`` or action-item ``owner`` are fine: those fields are not prose. A single
    capitalised word in a people field ("owner: Checkout") is taken for a team or product,
    not a person, unless it is a common first name, one of the ``authors``, or part of a
    longer name in the document; list other such people in ``[tool.pmkit.prose] names``.

    Why: the Google SRE workbook's bad example names individuals as the root cause.
    Blameless does not mean anonymous (names are fine in the timeline), but a named person
    must never be the subject of judgement.

    Example::

        summary: dylanfour@ ignored the alert and the database ran out of disk.

    Instead::

        summary: >
          The disk alert fired during a page storm of 200 alerts and was not distinguishable
          from them; the database ran out of disk 40 minutes later.

    German example (``lang: de``)::

        summary: Alice hat den Alarm ignoriert, und der Datenbank ging der Speicher aus.

    German instead::

        summary: >
          Der Speicheralarm kam während eines Sturms von 200 Alarmen und war von ihnen
          nicht zu unterscheiden.
    """

    code = "PM309"
    name = "named-person-judged"
    severity = Severity.ERROR
    category = "named-person"


@register
class BlameEuphemism(BlamelessRule):
    """A euphemism for blaming a person: "an operator's lapse", "ein Versehen eines Mitarbeiters".

    What it catches: "an operator's lapse", "a lapse in judgement", "an oversight on the part
    of the engineer", "a typo by an engineer", "the engineer's mistake", "an honest mistake",
    "slip of the finger", "ein Versehen eines Mitarbeiters", "ein Tippfehler eines
    Mitarbeiters" (also in the genitive: "wegen eines Fehlers des Administrators"),
    "Flüchtigkeitsfehler", "Lapsus", and the agentless passive "mistakes were made", "a
    mistake was made in the estimate", "es wurden Fehler gemacht" (not denied: "no mistakes
    were made"; not the authors' own admission: "mistakes were made in our status updates";
    with a system as the agent: "errors were made by the parser"). "The parser's error" and
    "eines Fehlers des Dienstes" pass: their owner is a system; so do compounds that name a
    thing, "the team's error budget", "the operator's error message", "the team's oversight
    process".

    Why: a polite word for a person's fault is still a person's fault as the explanation;
    readers hear the blame, and the system conditions stay undescribed.

    Example::

        summary: An operator's lapse allowed the bad configuration through.

    Instead::

        summary: The configuration was applied without validation; the tool has no schema check.

    German example (``lang: de``)::

        summary: Ein Versehen eines Mitarbeiters ließ die fehlerhafte Konfiguration durch.

    German instead::

        summary: >
          Die Konfiguration wurde ohne Prüfung angewendet; das Werkzeug hat keine
          Schemaprüfung.
    """

    code = "PM310"
    name = "blame-euphemism"
    severity = Severity.WARNING
    category = "euphemism"


@register
class DisciplinaryAnnouncement(BlamelessRule):
    """A disciplinary announcement: "disciplinary action has been taken", "wurde entlassen".

    What it catches: "disciplinary action", "has been disciplined", "was fired / let go /
    suspended / reprimanded", "is no longer with the company", "will be held accountable",
    "consequences for the engineer involved", "Abmahnung", "arbeitsrechtliche
    Konsequenzen", "wurde entlassen", "nicht mehr für uns tätig", a person taken off the
    rotation or away from production ("the engineer was removed from the on-call rotation",
    "access for the engineer involved has been revoked", "wurde aus der Rufbereitschaft
    genommen", "dem Mitarbeiter wurden die Produktionsrechte entzogen"). "The instance was
    terminated", "the node was removed from the rotation" and an employee's access revoked
    at offboarding pass.

    Why: announcing punishment in a postmortem tells every reader that honesty is punished;
    the next mistake will be hidden (Google SRE: blame drives issues underground; the human
    factors literature on no-blame and just culture).

    Example::

        summary: Disciplinary action has been taken against the employee involved.

    Instead: leave personnel matters out of the postmortem; describe the system changes in
    ``action_items``.

    German example (``lang: de``)::

        summary: Gegen den Mitarbeiter wurden arbeitsrechtliche Konsequenzen eingeleitet.

    German instead::

        summary: >
          Das Löschwerkzeug verlangt jetzt eine Bestätigung, bevor es mehr als 5 % der
          Daten entfernt.
    """

    code = "PM311"
    name = "disciplinary-announcement"
    severity = Severity.ERROR
    category = "discipline"


__all__ = ["BlamelessRule", "document_names", "prose_findings"]


@register_config_validator
def _validate_prose_settings(config: Config) -> None:
    """At config load: a team's lexicon settings are checked before any file is."""
    table = config.section("prose")
    if table:
        from pmkit.prose.lexicon import build_lexicon

        # Named after the settings file, as every other table's errors are: a lexicon that
        # cannot be read is otherwise a message that does not say which file asked for it.
        origin = f"{config.source if config.source else 'configuration'}: [tool.pmkit.prose]"
        for lang in ("en", "de"):
            build_lexicon(lang, table, root=config.root, origin=origin)
