"""The rule framework: what a rule is, the registry, and the context rules run in.

A rule is a class with a stable ``code`` (``PM301``), a kebab ``name`` (``human-error``), a
default ``severity``, declared ``options`` with defaults, and a docstring that is its
documentation page (sections *What it catches*, *Why*, *Example*, *Instead*), shown by
``pmkit explain``. Rules live in the modules of this package, one module per family; a module
is imported only when rules are needed, and keeps its own heavy imports inside functions.
"""

from __future__ import annotations

import importlib
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pmkit.config import Limits, shown
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.docstrings import getdoc
from pmkit.loader import Document, FieldPath, Span
from pmkit.vocabulary import Lang, shows_nothing

if TYPE_CHECKING:
    from pmkit.config import Config
    from pmkit.model import Postmortem

#: The settings table of each family's rules as a whole (``[tool.pmkit.timeline]``).
FAMILY_TABLES = {"PM1": "timeline", "PM2": "decisions", "PM3": "prose", "PM4": "disclosure", "PM5": "clarity",
                 "PM6": "history", "PM7": "learning"}

FAMILIES = {
    "PM0": "loading and schema",
    "PM1": "timeline detail",
    "PM2": "decision rationale",
    "PM3": "blameless phrasing",
    "PM4": "disclosure timeliness",
    "PM5": "clarity",
    "PM6": "history (git)",
    "PM7": "learning",
    "PM9": "pmkit itself",
}


@dataclass(frozen=True)
class Option:
    """A rule option: its default, the accepted type(s) and what it means.

    ``limits``: the allowed range of a numeric option (:class:`pmkit.config.Limits`), added to
    ``help``. Every number must be finite, limits or not. ``choices``: the allowed values of a
    string option, or of the items of a list option. A list option whose default is a list of
    strings accepts only lists of strings.
    """

    default: Any
    help: str
    type: type | tuple[type, ...] | None = None
    limits: Limits | None = None
    choices: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # The documentation (pmkit explain, docs/rules.md) states what is allowed.
        if self.limits is not None:
            object.__setattr__(self, "help", f"{self.help} ({self.limits.short()})")
        if self.choices is not None:
            object.__setattr__(self, "help", f"{self.help} (any of: {', '.join(self.choices)})")

    def check(self, value: Any, where: str) -> Any:
        from pmkit.config import ConfigError

        expected = self.type or type(self.default)
        kinds = (expected,) if isinstance(expected, type) else expected
        if isinstance(value, bool) and bool not in kinds:
            raise ConfigError(f"{where}: expected {_kind_names(kinds)}, got {shown(value)}")
        if self.limits is not None and isinstance(value, (int, float)):
            self.limits.check(value, where)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > _LARGEST:  # TOML integers have no size limit; floats do
                raise ConfigError(f"{where}: expected a finite number, got {shown(value)}")
            if expected is float:
                value = float(value)
        if not isinstance(value, kinds):
            raise ConfigError(f"{where}: expected {_kind_names(kinds)}, got {shown(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{where}: expected a finite number, got {shown(value)}")
        if isinstance(value, list):
            self._check_items(value, where)
        elif isinstance(value, str) and self.choices is not None and value not in self.choices:
            raise ConfigError(f"{where}: '{value}' is not one of {', '.join(self.choices)}")
        return value

    def _check_items(self, value: list[Any], where: str) -> None:
        from pmkit.config import ConfigError

        strings = isinstance(self.default, list) and all(isinstance(v, str) for v in self.default)
        for item in value:
            if strings and not isinstance(item, str):
                raise ConfigError(f"{where} must be a list of strings, got the item {shown(item)}")
            if self.choices is not None and item not in self.choices:
                raise ConfigError(f"{where}: '{item}' is not one of {', '.join(self.choices)}")


_LARGEST = 1e300


def _kind_names(kinds: tuple[type, ...]) -> str:
    if kinds == (int,):
        return "a whole number"
    if set(kinds) <= {int, float}:
        return "a number"
    return "/".join(t.__name__ for t in kinds)


#: Run-wide git data a rule can read (see ``Rule.git``): the history (one ``git log``) and the
#: files' base versions (what the PM6xx rules compare with).
GIT_LOG, GIT_BASE = "log", "base"


#: Marks around a value that says nothing ("n/a.", "(none)", "**-**"), and the dashes and the
#: ellipsis that alone write "nothing" ("-", and the en and em dashes a word processor or a
#: Markdown table puts for it, "...", "…").
NON_ANSWER_MARKS = " \t\n.?!()[]{}*_\"'-\u2013\u2014\u2026"


def bare_word(value: str) -> str:
    """``value`` in lower case without the marks around it: what a non-answer is looked up as.
    Blanks inside are one space, and none after the period of a one-letter abbreviation:
    ``k. A.`` (as Duden spells it) is looked up as ``k.a``, as ``k.A.`` is."""
    bare = " ".join(value.strip().lower().strip(NON_ANSWER_MARKS).split())
    return _LETTER_PERIOD_BLANK.sub(r"\1.", bare)


#: A one-letter abbreviation's period and the blank after it, before another letter ("k. a").
_LETTER_PERIOD_BLANK = re.compile(r"\b(\w)\.\s+(?=\w\b)")


#: Values that say "nothing", "none" or "does not apply", in English and German, whatever the
#: field asks for (compared in lower case, without the marks around them, as :func:`bare_word`
#: gives them; marks alone, "-", "?", "...", are one too). One list for every field, so that a
#: German form is no answer wherever its English twin or its abbreviation is one: "keine
#: Angabe" as "k.A." (and "k. A."), "nicht zutreffend" as "not applicable", "keine" as "none".
NOTHING_ANSWERS = frozenset({
    "none", "n/a", "na", "n.a", "nothing", "not applicable", "nil", "null",
    "keine", "keiner", "kein", "nichts", "entfällt", "k.a", "keine angabe", "keine angaben",
    "nicht zutreffend"})

#: Values that name no one where a person or role is asked for (who acted, who decided, who
#: owns an item): "nobody", "niemand", and "N.N." ("n.n"), the German "nomen nominandum", a
#: name still to be given.
NOBODY_ANSWERS = frozenset({"nobody", "no one", "niemand", "n.n"})

#: Values that leave who it is open where a person or role is asked for: "someone",
#: "unassigned" (German "jemand", "nicht zugewiesen"). Who decided and who owns an item.
UNASSIGNED_ANSWERS = frozenset({"someone", "somebody", "unassigned", "jemand", "nicht zugewiesen"})

#: Values that say the answer is still to be found or given, in English and German: "TBD",
#: "unknown", "open" ("offen", "noch offen"). One list for a field of reasons and an owner.
PENDING_ANSWERS = frozenset({
    "tbd", "tba", "tbc", "todo", "unknown", "open", "still open",
    "unbekannt", "offen", "noch offen"})

#: Values that fill a field of reasons without saying anything: :data:`NOTHING_ANSWERS` and
#: what is still to be found out ("TBD", "unknown", "offen") or denies a trade-off outright.
#: One list for a decision's rationale, trade-off, known_at_the_time and options_reason and a
#: wont-do item's reason, so that what is no answer in one is none in the others.
REASON_NON_ANSWERS = NOTHING_ANSWERS | PENDING_ANSWERS | frozenset({
    "no tradeoff", "no trade-off", "no trade off", "kein trade-off", "keine abwägung"})

#: Whole values that fill a field of reasons without giving one, in English and German (compared
#: as :func:`bare_word` gives them): a trade-off denied ("There was no trade-off", "No trade-offs
#: were made", "None whatsoever", "No downside", "Es gab keinen Zielkonflikt", "Keine Nachteile");
#: a pointer elsewhere ("See above", "Siehe oben", "s. o."); a reason called too plain to give
#: ("Obvious", "Selbsterklärend"); a "because" with nothing after it ("Because.", "Weil."); no
#: trade-off said in other words ("Nothing to trade off", "No trade-offs here", "Nichts
#: abzuwägen", "Obviously none", "Offensichtlich keiner"); nothing there at all ("There were
#: none", "none really", "Es gab keine", "Keine wirklich"); a plain choice ("N/A - obvious
#: choice", "k.A. - alternativlos"); a pointer to where the reason is ("See the Slack thread",
#: "See INC-1234", "Siehe Slack-Thread"). One list for every field of reasons, so that what is
#: no rationale is no reason for a wont-do item either. Only the whole value: "No trade-off in
#: latency, but 20 minutes of writes lost" names one.
REASON_NON_ANSWER_PHRASES = re.compile(
    r"(?:there\s+(?:was|were|is|are)\s+)?no\s+(?:real\s+)?trade[- ]?offs?"
    r"(?:\s+(?:was|were)\s+(?:made|needed|necessary|involved|considered))?"
    r"|(?:es\s+gab\s+)?kein(?:e|en)?\s+(?:echten?\s+)?(?:zielkonflikte?|abwägung(?:en)?|trade[- ]?offs?)"
    r"(?:\s+(?:nötig|notwendig|erforderlich))?"
    r"|(?:see|as)\s+(?:above|below|(?:the\s+)?(?:timeline|discussion|chat|thread|ticket))|as\s+discussed"
    r"|obvious(?:ly)?|self[- ]?explanatory|because|since|why\s+not"
    r"|siehe\s+(?:oben|unten|(?:die\s+|den\s+)?(?:zeitachse|timeline|diskussion|chat|ticket))|s\.\s?[ou]"
    r"|wie\s+(?:oben|besprochen)|offensichtlich|selbsterklärend|weil|da|klar|logisch"
    r"|(?:none|nothing)\s+(?:whatsoever|at\s+all)"
    r"|no\s+(?:real\s+)?(?:downsides?|drawbacks?|disadvantages?|costs?)(?:\s+(?:whatsoever|at\s+all))?"
    r"|(?:gar\s+|überhaupt\s+)?kein(?:e|en)?\s+(?:echten?\s+)?(?:nachteile?|kosten)"
    r"|(?:gar|überhaupt)\s+kein(?:e|en)?|keinerlei(?:\s+(?:nachteile?|kosten))?"
    r"|no\s+(?:real\s+)?trade[- ]?offs?\s+(?:here|at\s+all|whatsoever|involved|needed)"
    r"|(?:there\s+(?:was|is)\s+)?nothing\s+to\s+(?:trade(?:[- ]?off)?|weigh)"
    r"|(?:es\s+gab\s+)?nichts\s+(?:abzuwägen|gegeneinander\s+abzuwägen)"
    r"|(?:obviously|clearly)\s+(?:none|nothing)|(?:offensichtlich|eindeutig)\s+(?:keine[rns]?|nichts)"
    r"|there\s+(?:was|were|is|are)\s+no\s+(?:real\s+)?(?:downsides?|drawbacks?|disadvantages?|costs?|"
    r"trade[- ]?offs?)(?:\s+(?:whatsoever|at\s+all|here|involved|really))?"
    r"|there\s+(?:was|were|is|are)\s+(?:none|nothing)(?:\s+(?:really|at\s+all|whatsoever))?"
    r"|(?:none|nothing|n/a|na)\s+really|not\s+really"
    r"|(?:n/a|na|n\.a|none|nothing|keine|nichts|k\.a)\s*[-–—:,;]\s*(?:(?:an?\s+|the\s+)?obvious(?:ly)?"
    r"(?:\s+(?:choice|decision|call|one))?|self[- ]?explanatory|clear|no\s+(?:other\s+)?choice|"
    r"offensichtlich|klar|selbsterklärend|alternativlos)"
    r"|es\s+gab\s+(?:keine[nr]?|nichts)(?:\s+(?:wirklich|eigentlich))?|(?:keine[nr]?|nichts)\s+(?:wirklich|eigentlich)"
    # A pointer to where the reason is, as "See ticket" and "Siehe oben": "See Slack", "See the
    # Slack thread", "See INC-1234", "See the incident channel", "Siehe Slack-Thread".
    r"|(?:see|as\s+in)\s+(?:the\s+|our\s+)?(?:slack|incident|jira|pagerduty|zoom|teams|war[- ]?room)?"
    r"(?:[- ]?(?:thread|channel|chat|ticket|issue|call|meeting|notes|doc(?:ument)?|log))?"
    r"(?<!\bsee)(?<!\bthe)(?<!\bour)(?<!\bin)"
    r"|(?:see|as\s+in|siehe|s\.)\s+(?:the\s+|den\s+|das\s+|die\s+)?#?[a-z][a-z0-9]*-\d+"
    r"|(?:siehe|s\.)\s+(?:den\s+|das\s+|die\s+)?(?:slack|incident|jira|pagerduty|zoom|teams)?"
    r"(?:[- ]?(?:thread|kanal|channel|chat|ticket|call|meeting|notizen|protokoll|dokument))?"
    r"(?<!\bsiehe)(?<!\bs\.)(?<!\bden)(?<!\bdas)(?<!\bdie)")


def blank(value: str | None) -> bool:
    """Whether a text field says nothing a reader could see: missing, empty, or blanks and
    characters that do not show only ("  ", a zero-width space, a bidirectional mark), as the
    schema reads required text (PM013). ``str.strip`` keeps a zero-width space, which passed
    for a rationale or an owner."""
    return value is None or shows_nothing(value)


def non_answer(value: str | None, words: frozenset[str],
               phrases: re.Pattern[str] | None = None) -> str | None:
    """``value`` as written when it fills a field without saying anything: one of ``words`` (as
    :func:`bare_word` gives it), a whole value ``phrases`` matches, or marks alone ("-", "?",
    "..."); else None. Each field has its own ``words``: "unknown" says nothing as a trade-off,
    but is a fact as an entry's actor. A blank value is None here: it is no answer at all,
    which :func:`blank` tells."""
    if blank(value):
        return None
    assert value is not None
    bare = bare_word(value)
    said = not bare or bare in words or (phrases is not None and phrases.fullmatch(bare) is not None)
    return value.strip() if said else None


def reason_non_answer(value: str | None) -> str | None:
    """:func:`non_answer` of a field of reasons (:data:`REASON_NON_ANSWERS`,
    :data:`REASON_NON_ANSWER_PHRASES`): a decision's rationale, trade-off, known_at_the_time,
    options_reason and decided_by, and a wont-do item's reason."""
    return non_answer(value, REASON_NON_ANSWERS, REASON_NON_ANSWER_PHRASES)


#: Keys written in a rule's table to turn it off or change its severity, as other linters'
#: settings do it, and where pmkit takes that setting instead.
_OFF = ' (to turn {code} off, add "{code}" to ignore, a setting of [tool.pmkit] itself)'
_RULE_SWITCHES = {
    **dict.fromkeys(("enabled", "enable", "disabled", "disable", "off", "active"), _OFF),
    **dict.fromkeys(("severity", "level"),
                    ' (to change its severity, write {code} = "warning" in [tool.pmkit.severity])'),
}


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    options: ClassVar[dict[str, Option]] = {}
    #: Rules that need a valid model are skipped when the schema rejects the file.
    needs_model: ClassVar[bool] = True
    #: The run-wide git data the rule reads (``GIT_LOG``, ``GIT_BASE``): a run
    #: with worker processes reads it once, before they start, for all of them.
    git: ClassVar[frozenset[str]] = frozenset()
    #: The rule reports only how a file changed since its base version (the history rules): a
    #: run of such rules alone does not read a file identical to its base version.
    changes_only: ClassVar[bool] = False

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings: dict[str, Any] = {k: o.default for k, o in self.options.items()}
        self.settings.update(settings or {})

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def costly(self, ctx: Context) -> bool:
        """Whether applying the rule to ``ctx.doc`` will cost more than it usually does, asked
        before it is applied: nothing the command kept from an earlier run serves it (a hook's
        file just edited). A check of few files may then hand it to the process that has time
        to spare (see :meth:`pmkit.engine.Checker.check_paths`). False by default."""
        return False

    def prepare(self, run: RunState, config: Config) -> None:
        """Compute what the rule reads of the whole run (in ``run``'s cache), before worker
        processes are forked, so that they share it instead of each reading it again. Nothing
        by default; ``check`` must still compute it when no one called this."""

    def option(self, key: str) -> Any:
        return self.settings[key]

    @classmethod
    def validate_options(cls, values: dict[str, Any], where: str) -> dict[str, Any]:
        from pmkit.config import ConfigError, did_you_mean
        from pmkit.tomlkeys import named

        out: dict[str, Any] = {}
        for key, value in values.items():
            opt = cls.options.get(key)
            if opt is None:
                table = FAMILY_TABLES.get(cls.code[:3])
                said = did_you_mean(key, cls.options) or _RULE_SWITCHES.get(key.lower(), "").format(
                    code=cls.code) or (
                    f" (options: {', '.join(cls.options)})" if cls.options else
                    f" (it takes none; settings of the {cls.family()} rules as a whole go in "
                    f"[tool.pmkit.{table}])" if table else " (it takes none)")
                raise ConfigError(f"{where}: {cls.code} has no option {named(key)}{said}")
            out[key] = opt.check(value, f"{where}.{key}")
        return out

    @classmethod
    def family(cls) -> str:
        return FAMILIES.get(cls.code[:3], "other")

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation page (its docstring), with options appended."""
        body = textwrap.dedent(getdoc(cls) or "").strip()
        page = f"{cls.code} {cls.name} ({cls.severity}, {cls.family()})\n\n{body}\n"
        if "reference/" in body:
            page += f"\nSources cited as reference/...: {SOURCES}\n"
        if cls.options:
            page += "\nOptions (set under [tool.pmkit.rules." + cls.code + "]):\n"
            for key, opt in cls.options.items():
                page += f"  {key} = {opt.default!r}: {opt.help}\n"
        return page

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        doc = (getdoc(cls) or "").strip()
        return doc.splitlines()[0] if doc else ""


#: Where the research notes that rule pages cite (``reference/practice.md §2``) are published.
SOURCES = "https://github.com/pmkit/pmkit/tree/main/docs/reference"

R = TypeVar("R", bound=type[Rule])
_REGISTERED: list[type[Rule]] = []


def register(rule: R) -> R:
    """Class decorator: add a rule to the catalogue."""
    _REGISTERED.append(rule)
    return rule


class Registry:
    """The catalogue of rules, looked up by code, name or prefix."""

    def __init__(self, rules: Sequence[type[Rule]]) -> None:
        self.rules = sorted(rules, key=lambda r: r.code)
        self.by_code = {r.code: r for r in self.rules}
        self.by_name = {r.name: r for r in self.rules}

    def get(self, key: str) -> type[Rule] | None:
        """The rule of a code or name, as people write them: PM301, pm301, human-error,
        HUMAN_ERROR, with blanks around."""
        key = key.strip()
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower().replace("_", "-"))

    def matches(self, rule: type[Rule], selector: str) -> bool:
        return selects(selector, rule.code, rule.name)

    def selected(self, config: Any) -> list[type[Rule]]:
        """The rules a configuration turns on (``select``/``extend_select``, minus ``ignore``)."""
        return [rule_cls for rule_cls in self.rules if is_on(config, rule_cls.code, rule_cls.name)]

    def matches_any(self, selector: str) -> bool:
        """True for a selector that names rules, or a whole family (``PM5``) even if empty."""
        sel = as_selector(selector).upper()
        return sel in FAMILIES or any(self.matches(rule, selector) for rule in self.rules)

    def written_apart(self, selector: str) -> list[str]:
        """The selectors ``selector`` holds when it is several written with blanks or semicolons
        between them (``PM0 PM1``), each naming rules; else an empty list."""
        parts = [part for part in _SEPARATORS.split(selector) if part]
        return parts if len(parts) > 1 and all(self.matches_any(part) for part in parts) else []

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.rules)


#: What people put between several selectors where a comma (or a list's items) is meant.
_SEPARATORS = re.compile(r"[\s;]+")
#: A family as the README and the rules' pages write it: ``PM3xx``, ``PM30x``.
_WRITTEN_FAMILY = re.compile(r"(?i:pm)\d{1,2}[xX]+")


def as_selector(selector: str) -> str:
    """``selector`` without the blanks around it, and a family written as the documentation
    writes it (``PM3xx``) as the prefix it stands for (``PM3``): "'PM3xx' matches no rule"
    refused the very spelling the docs use."""
    sel = selector.strip()
    if sel[-1:] in ("x", "X") and _WRITTEN_FAMILY.fullmatch(sel):
        return sel.rstrip("xX")
    return sel


def selects(selector: str, code: str, name: str) -> bool:
    """Whether ``selector`` names the rule ``code`` (``name``): ``ALL``, a code or a prefix of one
    (``PM3``, also written ``PM3xx``), or the name as people write it (``human-error``,
    ``HUMAN_ERROR``). One definition for settings, the command line and suppression comments
    alike."""
    sel = as_selector(selector)
    if sel.upper() == "ALL":
        return True
    return name == sel.lower().replace("_", "-") or code.startswith(sel.upper())


def is_on(config: Any, code: str, name: str) -> bool:
    """Whether a configuration turns the rule ``code`` (``name``) on: ``select`` (all when
    empty) or ``extend_select``, and not ``ignore``."""
    on = not config.select or any(selects(s, code, name) for s in config.select)
    on = on or any(selects(s, code, name) for s in config.extend_select)
    return on and not any(selects(s, code, name) for s in config.ignore)


#: The rules that read the files' git log (their ``git`` holds ``GIT_LOG``), by code and name:
#: known before their modules are imported, so that the command can start that log while it
#: imports them (:func:`pmkit.history.start_file_log`). A test keeps it equal to the rules' own.
LOG_READERS = (
    ("PM401", "postmortem-overdue"), ("PM402", "postmortem-late"), ("PM403", "notification-missing"),
    ("PM404", "notification-late"), ("PM406", "regime-anchor-missing"),
    ("PM412", "date-contradicted-by-git"), ("PM413", "no-git-evidence"),
    ("PM414", "notice-before-clock"), ("PM416", "deadline-uncomputable"),
    ("PM418", "late-reason-on-time"), ("PM608", "correction-date-wrong"),
)


#: The rule modules of this package, in the order they register (a test holds this to the
#: package's files): named here rather than listed from the folder, whose listing (pkgutil,
#: with importlib.util) is about 0.6 ms of each of a check's processes.
RULE_MODULES = ("blameless", "clarity", "decisions", "disclosure", "history", "learning", "loading",
                "markdown", "meta", "timeline")


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Import every rule module of this package once and return the catalogue."""
    for name in RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return Registry(_REGISTERED)


# --- the context a rule sees -----------------------------------------------------------------

#: The key of :attr:`RunState.cache` that names the file a text checked from memory stands for:
#: :func:`pmkit.validate` checks the text of a model :func:`pmkit.load` read from a file as
#: "<postmortem>", and that file is then the model's own, not another file with its id (PM027).
STANDS_FOR = "stands-for"


@dataclass
class RunState:
    """Shared by every file of one run: things computed once, lazily, for all files.

    ``paths`` is every file in the run, so that a provider (such as git history) can read
    the evidence for all of them in one batch the first time any rule asks.
    """

    paths: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)
    #: Memos for the document being checked; emptied before each document, so a run over
    #: ten thousand files keeps only one file's worth.
    document: dict[str, Any] = field(default_factory=dict)
    #: Waits for the values another process reads for this run (a check's early child gets the
    #: git facts its rules need from the command's process: see :mod:`pmkit.early`), for
    #: :meth:`ahead`; None when there are none to wait for.
    waiting: Callable[[], dict[str, Any]] | None = None
    #: The run's rules read the base versions of the files from git, not its log (the
    #: repository-wide history hook): its repository is read without gitpython however many
    #: files it has (see :func:`pmkit.history.open_repository`).
    base_only: bool = False

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per run (settings, git evidence, lexicons)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def for_document(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per document and shared by the rules that check it."""
        if key not in self.document:
            self.document[key] = compute()
        return self.document[key]

    def ahead(self, key: str) -> Any:
        """The value ``key`` another process read for this run, or None: waited for when a rule
        first asks (the first of them waits for all)."""
        if self.waiting is not None:
            waiting, self.waiting = self.waiting, None
            self.cache.update(waiting())
        return self.cache.get(key)

    def once(self, key: str) -> bool:
        """True the first time ``key`` is seen in this run (for "say it once" notices)."""
        if key in self.notes:
            return False
        self.notes.add(key)
        return True


#: The languages pmkit reads (the format's ``lang``).
_LANGS = frozenset(lang.value for lang in Lang)


@dataclass
class Context:
    """What a rule gets to look at for one file."""

    doc: Document
    pm: Postmortem | None
    config: Config
    now: datetime
    run: RunState
    rule: Rule | None = None

    @property
    def data(self) -> dict[str, Any]:
        """The document's fields as the file writes them; empty where it holds no mapping."""
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def lang(self) -> str:
        """The document's language as the file writes it (``lang``), English where it names none
        pmkit reads. Where the schema made a model, its ``lang`` is this one: it takes no other
        spelling."""
        lang = self.data.get("lang")
        return lang if isinstance(lang, str) and lang in _LANGS else "en"

    def rejected(self, section: str) -> bool:
        """True when the file has ``section`` but the schema rejected it (wrong type), or every
        item of it (action items written as texts): the schema finding already says so, and
        "section missing" would only repeat it."""
        data = self.data
        if not getattr(self.pm, section, None) and self.doc.dropped.get((section,)):
            return True
        return section in data and data[section] is not None and getattr(self.pm, section, None) is None

    def raw_item(self, section: str, index: int) -> dict[str, Any]:
        """Item ``index`` of the list ``section`` as the file writes it (before the schema set
        invalid values aside), or an empty mapping where there is no such mapping."""
        data = self.data
        items = data.get(section)
        item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
        return item if isinstance(item, dict) else {}

    def written(self, section: str, index: int, key: str) -> Any:
        """The value of ``key`` in item ``index`` of the list ``section`` as the file writes it,
        when the schema rejected it (a PM0xx finding says so), else None: ``rationale:`` written
        as a list, ``owner: [team a, team b]``, ``due: end of Q3``. Rules that report a field as
        missing step aside for it, or the author is told twice, once that it is absent."""
        raw = self.raw_item(section, index).get(key)
        if raw is None or (isinstance(raw, (str, list, dict)) and not raw):
            return None
        models = getattr(self.pm, section, None)
        model = models[index] if isinstance(models, list) and index < len(models) else None
        if model is None:
            return None
        value = getattr(model, key, None)
        return raw if value is None or value == "" or value == [] else None

    def missing(self, field: str, message: str, *, hint: str, key: bool = False) -> Diagnostic:
        """``message`` about a list ``field`` the postmortem lacks, at the top of the document;
        in a Markdown body with a heading for it (``## Timeline`` over a table, ``## Action
        items`` over a task list), at that heading, saying that its text fills no field: the
        author wrote the section and would otherwise not know why it does not count."""
        from pmkit.markdown import front_matter_heading

        data = self.doc.data
        if isinstance(data, dict) and field in data and data[field] is None:
            # 'action_items:' with nothing after it: the key is written, and where the list goes
            return self.report((field,), message, hint=hint, key=True)
        found = front_matter_heading(self.doc, field)
        if found is None:
            return self.report((), message, hint=hint, key=key)
        title, span = found
        return self.report(
            (), f"{message}: the body's section '{title}' is read as text, and '{field}' "
            "only from the front matter", span=span,
            hint=f"Move the section's entries into the front matter. {hint}")

    def report(
        self,
        path: FieldPath,
        message: str,
        *,
        hint: str = "",
        key: bool = False,
        span: Span | None = None,
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
        once: str | None = None,
    ) -> Diagnostic:
        """A diagnostic of the current rule at ``path`` (or ``span``).

        ``once``: the key of a "said once per run" notice (after ``ctx.run.once(key)``), so
        that runs split over worker processes still say it once.
        """
        if once is not None:
            data = {**(data or {}), "once": once}
        rule = self.rule
        assert rule is not None, "report() is called from inside a rule's check()"
        diag = self.doc.diagnostic(
            path, rule.code, message, name=rule.name, severity=severity or rule.severity,
            hint=hint, key=key, span=span, data=tuple(data.items()) if data else (),
        )
        return diag
