"""Lexicons as data: loading, validating, extending and compiling them.

A lexicon file (``en.yaml``, ``de.yaml``, or a team's own file) has three parts:

``entries``
    the phrases: ``id``, ``category``, ``pattern`` (a regular expression, case-insensitive
    unless ``case_sensitive: true``; ``{MACRO}`` names expand to the lexicon's ``macros``),
    ``explanation`` (why it is blameful), ``reframe`` (what to write instead), ``example``
    (a sentence the entry must flag) and ``counter_example`` (a close sentence it must not
    flag). ``subject`` says whom the phrase must be about to count: ``any`` (always),
    ``person`` (a person, role or name), ``not-system`` (anything but a system). ``who`` says
    where that subject is: ``before`` (the grammatical subject of the verb phrase, the
    default), ``clause`` (the subject at the start of the clause, for adjuncts after the
    object such as "without testing"), ``after`` (the noun phrase right after the phrase),
    ``agent`` (a passive's "by X"/"von X"; without one, the passive counts only for verbs in
    ``human_participles``) or a ``(?P<who>...)`` group in the pattern. ``exclude`` lists
    subject kinds that do not count (``we``: the authors speaking
    of themselves). ``negatable: true`` drops a match negated in its clause ("was not the
    fault of the engineer", "human error was not the cause"). ``explainable: true`` drops a
    match that a reason not about a person follows ("did not notice the alert because it was
    posted to a muted channel"). ``owned: true`` makes a person's work stand for the person
    when it is the subject: "Alice's change caused the outage" blames Alice, "the on-call's
    restart caused the outage" the on-call. ``timed: true`` drops a match at a moment of the
    timeline, a clause of the lexicon's ``moments`` around it ("Once the traces were in, the
    cause was obvious"), unless the sentence looks back ("in hindsight"). ``technical`` lists
    nouns with which the word has a technical sense ("sloppy" of a regex): the word used of
    one of them judges no one. In German patterns every ä, ö, ü, ß also matches ae, oe, ue,
    ss, and every ss also ß, the spelling before 1996 (:func:`transliterated`).
``words``
    word lists the subject analysis classifies with: ``staff`` (people and roles inside the
    organisation), ``outsiders`` (users, customers, attackers: people whose actions are not
    judged), ``systems``, ``first_names``, ``human_verbs`` / ``human_participles`` (actions
    only people do: notice, escalate, review).
``grammar``
    function words of the language (determiners, prepositions, pronouns, auxiliaries...).

Patterns are compiled once per process, lazily, the first time a text is scanned.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pmkit.fsutil import read_settings_text
from pmkit.prose import CATEGORIES, LANGUAGES

SUBJECTS = ("any", "person", "not-system")
WHO = ("before", "after", "group", "agent", "clause")
EXCLUDABLE = ("we", "role", "name", "passive")
REQUIRED = ("id", "category", "pattern", "explanation", "reframe")
OPTIONAL = ("example", "counter_example", "subject", "who", "exclude", "negatable",
            "case_sensitive", "lang", "message", "fragment", "technical", "explainable", "owned",
            "timed")
SETTINGS = ("disable", "extra", "lexicon", "people", "systems", "names")
WORD_LISTS = ("staff", "outsiders", "systems", "first_names", "human_verbs", "human_participles",
              "cognitive_verbs", "making_verbs")

_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")
_ID = re.compile(r"^[a-z]{2}\.[a-z0-9][a-z0-9.-]*$")


class LexiconError(ValueError):
    """A malformed lexicon entry (bundled or from configuration)."""


@dataclass(frozen=True)
class Entry:
    """One phrase of a lexicon."""

    id: str
    lang: str
    category: str
    pattern: str
    explanation: str
    reframe: str
    example: str = ""
    counter_example: str = ""
    subject: str = "any"
    who: str = "before"
    exclude: frozenset[str] = frozenset()
    negatable: bool = False
    case_sensitive: bool = False
    fragment: bool = False
    #: A reason after the phrase that is not about a person ("did not notice the alert because
    #: it went to a muted channel") makes the sentence the blameless form: the match passes;
    #: for an intent, so does a trade-off ("..., accepting the risk").
    explainable: bool = False
    #: The possessive person of a thing that is the subject counts as the subject: "Alice's
    #: change caused the outage" blames Alice, "Bobs Änderung verursachte den Ausfall" Bob.
    owned: bool = False
    #: What the phrase says at a moment of the timeline, in a clause of ``moments`` around it,
    #: is what people saw then: "Once the traces were in, the cause was obvious".
    timed: bool = False
    message: str = ""
    #: Nouns (lower case) with which the entry's word has a technical sense: "sloppy" of a
    #: regex, "dumb" of a terminal. The word used of one of them judges nobody.
    technical: frozenset[str] = frozenset()
    flags: int = re.IGNORECASE
    #: Literal strings (lower case) one of which every match contains; None: always run.
    anchors: frozenset[str] | None = field(default=None, compare=False, repr=False)

    @property
    def code(self) -> str:
        return CATEGORIES[self.category][0]

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern; compiled on first use (most entries never run on a text)."""
        key = (self.pattern, self.flags)
        compiled = _COMPILED.get(key)
        if compiled is None:
            compiled = _COMPILED[key] = re.compile(self.pattern, self.flags)
        return compiled


_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}


@dataclass
class Lexicon:
    """The compiled entries and word lists of one language."""

    lang: str
    entries: list[Entry]
    words: dict[str, frozenset[str]]
    grammar: dict[str, frozenset[str]]
    extra_names: frozenset[str] = frozenset()
    #: Whether this is the bundled lexicon as shipped (:func:`default_lexicon`): the findings of
    #: a text read with it are the same in every run, and the command keeps them
    #: (:func:`pmkit.prose.engine.scan_text`).
    bundled: bool = field(default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.index_anchors()

    def index_anchors(self) -> None:
        """Map every anchor string to the entries it gates (see :func:`anchors`)."""
        self.always = [e for e in self.entries if e.anchors is None]
        self.position = {id(entry): index for index, entry in enumerate(self.entries)}
        self.by_anchor: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for anchor in entry.anchors or ():
                self.by_anchor.setdefault(anchor, []).append(entry)
        # Anchors by their first three characters: a text is tested only for the anchors that
        # start with one of its own three-character runs (hundreds of anchors, a handful tried).
        self.by_start: dict[str, list[str]] = {}
        for anchor in self.by_anchor:
            self.by_start.setdefault(anchor[:3], []).append(anchor)
        # anchors() gives none shorter than three characters; any other is tested always
        self.short_starts = [start for start in self.by_start if len(start) < 3]

    def candidates(self, low: str) -> list[Entry]:
        """The entries that can match the lower-cased text ``low``, in lexicon order."""
        runs = {low[i: i + 3] for i in range(len(low) - 2)}
        runs.update(self.short_starts)
        hit = {
            id(entry): entry
            for start in runs.intersection(self.by_start)
            for anchor in self.by_start[start]
            if anchor in low
            for entry in self.by_anchor[anchor]
        }
        if not hit:
            return list(self.always)
        # Not a pass over every entry for each text (a field of its own per list item adds up).
        return sorted([*self.always, *hit.values()], key=lambda entry: self.position[id(entry)])

    def word(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())

    def gram(self, name: str) -> frozenset[str]:
        return self.grammar.get(name, frozenset())


# --- reading -------------------------------------------------------------------------------


def _read_yaml(text: str, origin: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except (YAMLError, ValueError, OverflowError) as exc:  # also a date or number that cannot be
        raise LexiconError(f"{origin}: invalid YAML: {exc}") from None
    except RecursionError:
        raise LexiconError(f"{origin}: invalid YAML: nested too deeply") from None


def _resource(name: str) -> str | None:
    from pmkit.datafiles import resource

    try:
        text: str = resource("pmkit.prose", "", name).read_text(encoding="utf-8")
        return text
    except (FileNotFoundError, OSError):
        return None


@lru_cache(maxsize=4)
def _bundled_data(lang: str) -> dict[str, Any]:
    """The parsed ``<lang>.yaml``, from its JSON snapshot when the snapshot is current.

    Parsing the YAML lexicon with pure-Python ruamel takes about 200 ms, too long for every
    pre-commit run; ``<lang>.snapshot.json`` holds the same data (and the entries' anchors)
    with the SHA-256 of the YAML it was made from. A stale or missing snapshot is ignored,
    so editing the YAML is always safe; ``python -m pmkit.prose.lexicon`` refreshes it and a
    test fails while it is stale.
    """
    import json

    from pmkit.digest import sha256_hex

    if lang not in LANGUAGES:
        raise LexiconError(f"no lexicon for language '{lang}' (known: {', '.join(LANGUAGES)})")
    text = _resource(f"{lang}.yaml")
    if text is None:  # pragma: no cover - broken installation
        raise LexiconError(f"{lang}.yaml is missing from the pmkit package")
    digest = sha256_hex(text.encode("utf-8"))
    snapshot = _resource(f"{lang}.snapshot.json")
    if snapshot:
        try:
            cached = json.loads(snapshot)
        except ValueError:
            cached = {}
        current = isinstance(cached, dict) and cached.get("sha256") == digest
        if current and isinstance(cached.get("data"), dict):
            data: dict[str, Any] = cached["data"]
            data["_anchors"] = cached.get("anchors", {})
            data["_patterns"] = cached.get("patterns", {})
            return data
    parsed = _read_yaml(text, f"{lang}.yaml")
    if not isinstance(parsed, dict):
        raise LexiconError(f"{lang}.yaml: expected a mapping with 'entries'")
    return parsed


def write_snapshots() -> list[Path]:
    """Regenerate ``<lang>.snapshot.json`` next to the YAML lexicons (a development step)."""
    import json

    from pmkit.digest import sha256_hex

    written = []
    folder = Path(__file__).parent
    for lang in LANGUAGES:
        text = (folder / f"{lang}.yaml").read_text(encoding="utf-8")
        data = _read_yaml(text, f"{lang}.yaml")
        macros = _macros(data, f"{lang}.yaml")
        entries = _entries(data, f"{lang}.yaml", lang, macros, require_examples=True)
        snapshot = {
            "sha256": sha256_hex(text.encode("utf-8")),
            "note": f"generated from {lang}.yaml by 'python -m pmkit.prose.lexicon'; do not edit",
            "anchors": {e.id: sorted(e.anchors) if e.anchors is not None else None for e in entries},
            "patterns": {e.id: e.pattern for e in entries},
            "data": data,
        }
        target = folder / f"{lang}.snapshot.json"
        target.write_text(json.dumps(snapshot, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        written.append(target)
    return written


def _words(data: Mapping[str, Any], key: str, origin: str) -> dict[str, frozenset[str]]:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise LexiconError(f"{origin}: '{key}' must be a mapping of word lists")
    out: dict[str, frozenset[str]] = {}
    for name, values in table.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise LexiconError(f"{origin}: {key}.{name} must be a list of strings")
        out[str(name)] = frozenset(v.lower() for v in values)
    return out


def parse_entry(raw: Any, where: str, *, lang: str | None = None,
                macros: Mapping[str, str] | None = None, require_examples: bool = True,
                known_anchors: Mapping[str, Any] | None = None, validate: bool = True,
                known_patterns: Mapping[str, Any] | None = None, team: bool = False) -> Entry:
    """Validate one entry (a mapping) and compile its pattern; raise LexiconError if bad.

    ``validate=False`` skips compiling (the bundled lexicons from a current snapshot, whose
    patterns the test suite compiles); the pattern is then compiled on first use.
    ``known_patterns``: each entry's pattern with its macros expanded and, in German, its other
    spellings added, by id, as the snapshot keeps them (German's 93 entries took 11 ms to
    transliterate on every run that compiled the lexicon).
    ``team``: a team's entry, whose pattern may not take exponential time
    (:func:`refuse_exponential`; six bundled German patterns repeat a word and its separator
    without a bound, which that simple test refuses although the separator keeps them linear).
    """
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: an entry must be a table with {', '.join(REQUIRED)}")
    unknown = [k for k in raw if k not in REQUIRED and k not in OPTIONAL]
    if unknown:
        import difflib  # (here: only a mistake takes its ~1 ms import)
        close = difflib.get_close_matches(str(unknown[0]), [*REQUIRED, *OPTIONAL], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise LexiconError(f"{where}: unknown field '{unknown[0]}'{hint}")
    needed = [*REQUIRED, *(("example", "counter_example") if require_examples else ())]
    for key in needed:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LexiconError(f"{where}: '{key}' is required and must be a non-empty string")
    ident = raw["id"]
    if not _ID.match(ident):
        raise LexiconError(f"{where}: id '{ident}' must look like 'en.some-name' (language, dot, kebab)")
    entry_lang = raw.get("lang") or ident.split(".", 1)[0]
    if lang is not None and entry_lang != lang:
        raise LexiconError(f"{where}: id '{ident}' is for language '{entry_lang}', not '{lang}'")
    if entry_lang not in LANGUAGES:
        raise LexiconError(f"{where}: language '{entry_lang}' is not one of {', '.join(LANGUAGES)}")
    if raw["category"] not in CATEGORIES:
        import difflib
        close = difflib.get_close_matches(raw["category"], list(CATEGORIES), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (one of: {', '.join(CATEGORIES)})"
        raise LexiconError(f"{where}: unknown category '{raw['category']}'{hint}")
    if raw["category"] == "named-person":
        # (No entry's: a finding of another category whose subject is a person's name becomes one.)
        raise LexiconError(f"{where}: category 'named-person' is given by pmkit, not by an entry: a "
                           "finding of another category whose subject is a person's name is reported "
                           "as PM309; give the category of the phrase itself (judgement, blame, ...)")
    subject = raw.get("subject", "any")
    if subject not in SUBJECTS:
        raise LexiconError(f"{where}: subject must be one of {', '.join(SUBJECTS)}, not {subject!r}")
    exclude = raw.get("exclude", [])
    if not isinstance(exclude, list) or any(e not in EXCLUDABLE for e in exclude):
        raise LexiconError(f"{where}: exclude must be a list of {', '.join(EXCLUDABLE)}")
    for flag in ("negatable", "case_sensitive", "fragment", "explainable", "owned", "timed"):
        if not isinstance(raw.get(flag, False), bool):
            raise LexiconError(f"{where}: '{flag}' must be true or false")
    technical = raw.get("technical", [])
    if not isinstance(technical, list) or not all(isinstance(t, str) and t.strip() for t in technical):
        raise LexiconError(f"{where}: technical must be a list of nouns, e.g. [regex, pattern]")
    known = known_patterns.get(ident) if known_patterns is not None else None
    if isinstance(known, str):
        pattern = known
    else:
        pattern = expand_macros(raw["pattern"], macros or {}, where)
        if entry_lang == "de":
            pattern = transliterated(pattern)
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    if validate:
        try:
            regex = re.compile(pattern, flags)
        except re.error as exc:
            raise LexiconError(f"{where}: pattern is not a valid regular expression: {exc}") from None
        if regex.match(""):
            raise LexiconError(f"{where}: pattern matches the empty string")
        if team:
            refuse_exponential(pattern, f"{where}: entry '{ident}'")
        _COMPILED[(pattern, flags)] = regex
    has_group = bool(re.search(r"\(\?P<who", pattern))
    who = raw.get("who", "group" if has_group else "before")
    if who not in WHO:
        raise LexiconError(f"{where}: who must be one of {', '.join(WHO)}, not {who!r}")
    if who == "group" and not has_group:
        raise LexiconError(f"{where}: who = group needs a (?P<who>...) group in the pattern")
    return Entry(
        id=ident, lang=entry_lang, category=raw["category"], pattern=pattern,
        explanation=raw["explanation"].strip(), reframe=raw["reframe"].strip(),
        example=str(raw.get("example") or ""), counter_example=str(raw.get("counter_example") or ""),
        subject=subject, who=who, exclude=frozenset(exclude),
        negatable=bool(raw.get("negatable", False)), case_sensitive=bool(raw.get("case_sensitive", False)),
        fragment=bool(raw.get("fragment", False)), explainable=bool(raw.get("explainable", False)),
        owned=bool(raw.get("owned", False)), timed=bool(raw.get("timed", False)),
        message=str(raw.get("message") or ""), flags=flags,
        technical=frozenset(_technical_forms(technical, entry_lang)),
        anchors=_anchors_for(ident, pattern, known_anchors),
    )


def _technical_forms(nouns: list[str], lang: str) -> set[str]:
    """``nouns`` in lower case, in German also in their other spellings (see ``_spellings``)."""
    out = {noun.strip().lower() for noun in nouns}
    return _spellings(out) if lang == "de" else out


def _anchors_for(ident: str, pattern: str, known: Mapping[str, Any] | None) -> frozenset[str] | None:
    if known is not None and ident in known:
        value = known[ident]
        return frozenset(value) if isinstance(value, list) else None
    return anchors(pattern)


def expand_macros(pattern: str, macros: Mapping[str, str], where: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise LexiconError(f"{where}: unknown macro {{{name}}} (known: {', '.join(sorted(macros))})")
        return f"(?:{macros[name]})"

    for _ in range(3):  # macros may use macros
        pattern = _MACRO.sub(sub, pattern)
    return pattern


#: German written without umlauts and ß (a US keyboard, an old system, a plain-ASCII habit):
#: "fahrlaessig", "haette ... pruefen muessen". Patterns and word lists accept both spellings.
_TRANSLITERATIONS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_TRANSLITERATE = str.maketrans(_TRANSLITERATIONS)
#: The opening of a group of a pattern, with a name that is no text to spell otherwise
#: ("(?P<who>", and the reference "(?P=who)"), or of a lookbehind ("(?<=", "(?<!").
_GROUP_OPENING = re.compile(r"\(\?P=\w+\)|\((?:\?(?:P<\w+>|<[=!]|[:=!>]))?")


def _spellings(words: Iterable[str]) -> set[str]:
    """``words`` with the ae/oe/ue/ss spelling of every word with an umlaut or ß added, and the
    ß of every ss: the spelling before the reform of 1996, still written by many and kept by
    autocorrection ("daß", "mußte", "bewußt", "läßt" for "dass", "musste", "bewusst", "lässt")."""
    out = set(words)
    return out | {w.translate(_TRANSLITERATE) for w in out} | {w.replace("ss", "ß") for w in out if "ss" in w}


def transliterated(pattern: str) -> str:
    """``pattern`` where every ä, ö, ü, ß outside a character class also matches ae, oe, ue, ss,
    and every ss also ß.

    A character class (``[\\wäöü]``) is left alone: it matches one character, and the classes of
    the lexicons contain ``\\w``, which matches the letters of the transliteration anyway. So is
    a lookbehind (``(?<!ss )``), which must match a fixed number of characters, and the name
    of a group.
    """
    out: list[str] = []
    behind: list[bool] = []  # for each group open at this point: whether it is a lookbehind
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":  # an escape and what it escapes, as they are
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
            i += 1
            continue
        opening = _GROUP_OPENING.match(pattern, i) if char == "(" else None
        if opening is not None:  # the opening of a group, with its name, as written
            group = opening.group()
            if not group.startswith("(?P="):  # (a reference to a group is no group)
                behind.append(group in ("(?<=", "(?<!"))
            out.append(group)
            i = opening.end()
            continue
        if char == ")" and behind:
            behind.pop()
        elif char == "[":
            in_class = True
            start = i + 1 + (pattern[i + 1:i + 2] == "^")
            if pattern[start:start + 1] == "]":  # "[]...]": the first "]" is a member
                start += 1
            out.append(pattern[i:start])
            i = start
            continue
        elif not any(behind):
            if pattern.startswith("ss", i):
                out.append("(?:ss|ß)")  # the spelling before 1996 (see ``_spellings``)
                i += 2
                continue
            if char in _TRANSLITERATIONS:
                char = f"(?:{char}|{_TRANSLITERATIONS[char]})"
        out.append(char)
        i += 1
    return "".join(out)


def _transliterated_words(table: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Word lists with the other spellings of their words added (see ``_spellings``)."""
    return {name: frozenset(_spellings(words)) for name, words in table.items()}


#: What a team's lexicon file may hold (``[tool.pmkit.prose] lexicon``).
TEAM_KEYS = ("entries", "words", "macros")
#: The word lists of the bundled lexicons, to which a team's file may add words (a test holds
#: this to the lexicons' own).
WORD_LISTS = ("staff", "outsiders", "systems", "first_names", "human_verbs", "cognitive_verbs",
              "making_verbs", "human_participles")


#: Where a message about a file that is no lexicon sends the reader.
_LEXICON_DOCS = "see docs/blameless.md"
#: The longest name from a team's file (a key, a word list's name) a message quotes.
_QUOTED_NAME = 40


def _team_file(text: str, path: str, setting: str) -> Any:
    """A team's lexicon file as read, its keys and word lists checked: a typo (``wordz:``, a
    list ``staf``) was read as nothing, without a word. A file of words alone has no entries.

    The setting may name any file the runner can read (a pull request can change it), so a file
    that is no lexicon is said to be one without a word of its content: its first line was
    quoted as an unknown key, a secret in the log of a CI run.
    """
    data = _read_team_yaml(text, path, setting)
    if isinstance(data, list):  # a list of entries (checked one by one, as tables)
        return data
    if not isinstance(data, dict) or not any(_lexicon_key(key) for key in data):
        raise LexiconError(f"{setting}: {path} is not a pmkit lexicon: expected a YAML mapping with "
                           f"'entries' (or 'words'; {_LEXICON_DOCS})")
    for key in data:
        _known(key, TEAM_KEYS, f"{path}: unknown key {_quoted_name(key)}", "keys")
    words = data.get("words")
    for name in words if isinstance(words, dict) else ():
        _known(name, WORD_LISTS, f"{path}: unknown word list {_quoted_name(f'words.{name}')}", "word lists")
    return data if "entries" in data else {**data, "entries": []}


def _lexicon_key(key: Any) -> bool:
    """Whether ``key`` is one of a team lexicon's or a typo of one (``wordz``)."""
    from pmkit.config import did_you_mean

    return key in TEAM_KEYS or bool(did_you_mean(str(key), TEAM_KEYS))


def _quoted_name(name: Any) -> str:
    """``name`` in quotes, cut short."""
    text = str(name)
    return "'" + (text if len(text) <= _QUOTED_NAME else text[:_QUOTED_NAME - 1] + "\u2026") + "'"


def _read_team_yaml(text: str, path: str, setting: str) -> Any:
    """The YAML of a team's file; an error says where, never what the text there is."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = _without_quotes(exc.problem or exc.context or "")
        detail = f" ({problem})" if problem else ""
    except (YAMLError, ValueError, OverflowError):  # also a date or number that cannot be
        at, detail = "", " (a date or number that cannot be converted)"
    except RecursionError:
        at, detail = "", ": nested too deeply"
    raise LexiconError(f"{setting}: {path}: invalid YAML{at}{detail}; a pmkit lexicon is a YAML mapping "
                       f"with 'entries' ({_LEXICON_DOCS})") from None


def _without_quotes(problem: str) -> str:
    """A YAML parser's ``problem`` without the text it quotes from the file (an alias, a tag, a
    character), which could be part of a secret; its token names ("'<scalar>'") stay."""
    return re.sub(r"'(?!<)[^']*'|\"[^\"]*\"", "'\u2026'", problem)


def _known(name: Any, known: tuple[str, ...], unknown: str, what: str) -> None:
    """Raise LexiconError(``unknown``, with the closest of ``known``, as settings say it) for a
    ``name`` not known."""
    if name in known:
        return
    from pmkit.config import did_you_mean

    raise LexiconError(unknown + (did_you_mean(str(name), known) or f" ({what}: {', '.join(known)})"))


def _macros(data: Mapping[str, Any], origin: str) -> dict[str, str]:
    table = data.get("macros") or {}
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise LexiconError(f"{origin}: 'macros' must map NAMES to regular expressions")
    return {str(k): v for k, v in table.items()}


def _entries(data: Any, origin: str, lang: str | None, macros: Mapping[str, str],
             require_examples: bool, *, team: bool = False) -> list[Entry]:
    items = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise LexiconError(f"{origin}: expected a list of entries (or a mapping with 'entries')")
    # Precomputed anchors (which also skip compiling) come only with the bundled snapshots; a
    # team's file is always validated in full.
    known = data.get("_anchors") if isinstance(data, dict) and not team else None
    patterns = data.get("_patterns") if isinstance(known, dict) else None
    return [parse_entry(item, f"{origin}: entries[{i}]" if isinstance(data, dict) else f"{origin}[{i}]",
                        lang=lang, macros=macros, require_examples=require_examples,
                        known_anchors=known if isinstance(known, dict) else None,
                        validate=not isinstance(known, dict),
                        known_patterns=patterns if isinstance(patterns, dict) else None, team=team)
            for i, item in enumerate(items)]


@lru_cache(maxsize=4)
def default_lexicon(lang: str = "en") -> Lexicon:
    """The bundled lexicon of ``lang``, compiled once per process."""
    return replace(build_lexicon(lang, {}), bundled=True)


@lru_cache(maxsize=4)
def default_words(lang: str = "en") -> Lexicon:
    """The word lists of the bundled lexicon of ``lang`` (staff, systems, first names...) without
    its entries: what reading a document's people takes (:func:`pmkit.rules.blameless.document_names`),
    without compiling the entries (6 ms in German) for texts whose findings the command kept."""
    data = _bundled_data(lang)
    words = _words(data, "words", f"{lang}.yaml")
    grammar = _words(data, "grammar", f"{lang}.yaml")
    if lang == "de":
        words, grammar = _transliterated_words(words), _transliterated_words(grammar)
    return Lexicon(lang=lang, entries=[], words=words, grammar=grammar)


def build_lexicon(lang: str, settings: Mapping[str, Any], *, root: Path | None = None,
                  origin: str = "[tool.pmkit.prose]") -> Lexicon:
    """The bundled lexicon with ``[tool.pmkit.prose]`` settings applied.

    Raises :class:`pmkit.config.ConfigError` for a bad setting, naming the key and the fix.
    """
    from pmkit.config import ConfigError, check_path

    data = _bundled_data(lang)
    macros = _macros(data, f"{lang}.yaml")
    entries = _entries(data, f"{lang}.yaml", lang, macros, require_examples=True)
    words = {k: v for k, v in _words(data, "words", f"{lang}.yaml").items()}
    grammar = _words(data, "grammar", f"{lang}.yaml")
    extra_names: set[str] = set()
    try:
        validate_settings(settings, origin)
        for path in _as_list(settings.get("lexicon"), f"{origin} lexicon", blank=True):  # (check_path's)
            check_path(path, f"{origin} lexicon", "names no file; give the path of the team's lexicon "
                       "(a YAML file, e.g. \"lexicon.yaml\"), relative to this file's folder")
            file = Path(path)
            if not file.is_absolute() and root is not None:
                file = root / file
            try:
                text = read_settings_text(file)
            except OSError as exc:
                raise ConfigError(f"{origin} lexicon: cannot read '{path}': {exc.strerror or exc}") from None
            except UnicodeDecodeError as exc:
                from pmkit.loader import not_utf8

                raise ConfigError(f"{origin} lexicon: '{path}' {not_utf8(exc)}; save it as UTF-8") from None
            team = _team_file(text, str(path), f"{origin} lexicon")
            team_macros = {**macros, **(_macros(team, str(path)) if isinstance(team, dict) else {})}
            for entry in _entries(team, str(path), None, team_macros, require_examples=False,
                                  team=True):
                if entry.lang == lang:
                    entries.append(entry)
            if isinstance(team, dict):
                for name, values in _words(team, "words", str(path)).items():
                    words[name] = words.get(name, frozenset()) | values
        extra = settings.get("extra", [])
        if not isinstance(extra, list):
            raise ConfigError(f"{origin} extra: must be a list of entry tables (id, category, pattern, ...)")
        for index, raw in enumerate(extra):
            entry = parse_entry(raw, f"{origin} extra[{index}]", macros=macros, require_examples=False,
                                team=True)
            if entry.lang == lang:
                entries.append(entry)
    except LexiconError as exc:
        raise ConfigError(str(exc)) from None
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.id in seen:
            raise ConfigError(f"{origin}: lexicon entry id '{entry.id}' is defined twice")
        seen[entry.id] = index
    disabled = _as_list(settings.get("disable"), f"{origin} disable")
    if disabled:
        entries = _apply_disable(entries, disabled, lang, origin)
    for key, target in (("people", "staff"), ("systems", "systems")):
        added = _as_list(settings.get(key), f"{origin} {key}")
        words[target] = words.get(target, frozenset()) | {v.lower() for v in added}
    extra_names.update(_as_list(settings.get("names"), f"{origin} names"))
    if lang == "de":
        words, grammar = _transliterated_words(words), _transliterated_words(grammar)
    return Lexicon(lang=lang, entries=entries, words=words, grammar=grammar,
                   extra_names=frozenset(extra_names))


def validate_settings(settings: Mapping[str, Any], origin: str = "[tool.pmkit.prose]") -> None:
    """Check the keys of ``[tool.pmkit.prose]`` (values are checked where they are used)."""
    from pmkit.config import ConfigError
    from pmkit.tomlkeys import named

    if not isinstance(settings, Mapping):
        raise ConfigError(f"{origin} must be a table")
    for key in settings:
        if key not in SETTINGS:
            import difflib
            close = difflib.get_close_matches(str(key), SETTINGS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(SETTINGS)})"
            raise ConfigError(f"{origin}: unknown setting {named(key)}{hint}")


def _as_list(value: Any, where: str, *, blank: bool = False) -> list[str]:
    """A setting of one string or a list of them, without an empty one
    (:func:`pmkit.config.without_empty_entries`) unless ``blank`` (the caller says what such an
    entry is)."""
    from pmkit.config import ConfigError, without_empty_entries

    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where}: must be a string or a list of strings")
    return list(items) if blank else without_empty_entries(list(items), where)


def _apply_disable(entries: list[Entry], disabled: Iterable[str], lang: str, origin: str) -> list[Entry]:
    """Drop entries named by id, glob (``en.just*``) or category (``hindsight``)."""
    from pmkit.config import ConfigError

    all_ids = {e.id for e in entries}
    keep = list(entries)
    for selector in disabled:
        hits = [e for e in keep if fnmatch.fnmatchcase(e.id, selector) or e.category == selector]
        known_elsewhere = selector.split(".", 1)[0] in LANGUAGES and selector.split(".", 1)[0] != lang
        if not hits and not known_elsewhere and selector not in CATEGORIES:
            import difflib
            close = difflib.get_close_matches(selector, sorted(all_ids | set(CATEGORIES)), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (see 'pmkit explain PM301' for ids)"
            raise ConfigError(f"{origin} disable: '{selector}' matches no lexicon entry or category{hint}")
        keep = [e for e in keep if e not in hits]
    return keep


# --- patterns whose matching time cannot explode ------------------------------------------------
#
# Python's regular expressions backtrack: a repetition without an upper bound around something that
# itself repeats without one ("(a+)+", "(\\w+\\s?)*") can split the same text in exponentially many
# ways, and a text that almost matches tries them all (28 characters took 19 s, each one more
# doubling it). So can a repeated alternation whose branches match the same start ("(a|ab)*").
# Every pattern of a team's own entries is checked for both (the bundled ones are reviewed and
# tested against long inputs), so that a team's settings cannot make a check hang.

#: The longest part of a pattern a message quotes.
_QUOTED_PART = 60
_UNBOUNDED_QUANTIFIER = re.compile(r"[*+]|\{\d*,\}")


def refuse_exponential(pattern: str, where: str) -> None:
    """Raise LexiconError if ``pattern`` (valid) may take time exponential in the text it scans."""
    try:
        from re import _parser as sre  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as sre
    hazard = _hazard(list(sre.parse(pattern)), sre, inside_unbounded=False)
    if hazard is None:
        return
    part = _quoted(_unbounded_group(pattern, alternation=hazard == "alternation") or pattern)
    if hazard == "nested":
        what = "repeats without an upper bound something that itself repeats without one"
        fix = ("repeat once ('a+' for '(a+)+') or bound the outer repetition "
               "('(?:\\w+\\s+){0,3}' for '(\\w+\\s?)*')")
    else:
        what = "repeats without an upper bound an alternation whose branches can match the same start"
        fix = "make the branches start differently ('ab?' for 'a|ab') or bound the repetition (e.g. '{0,3}')"
    raise LexiconError(f"{where}: pattern part {part} {what}: the time a match may take grows "
                       f"exponentially with the length of the text, so a check or hook would hang; {fix}")


def _hazard(seq: list[Any], sre: Any, *, inside_unbounded: bool) -> str | None:
    """``"nested"``, ``"alternation"`` or None for the parsed pattern ``seq``."""
    c = sre
    # (Possessive repetitions and atomic groups came with Python 3.11; 3.10's parser has neither.)
    possessive, atomic = getattr(c, "POSSESSIVE_REPEAT", None), getattr(c, "ATOMIC_GROUP", None)
    for op, av in seq:
        found: str | None = None
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) or (possessive is not None and op is possessive):
            unbounded = av[1] == c.MAXREPEAT
            if unbounded and inside_unbounded:
                return "nested"
            # (A possessive repetition never gives back what it took: it cannot backtrack.)
            backtracking = unbounded and op is not possessive
            if backtracking and _ambiguous_alternation(list(av[2]), sre):
                return "alternation"
            found = _hazard(list(av[2]), sre, inside_unbounded=inside_unbounded or backtracking)
        elif op is c.SUBPATTERN:
            found = _hazard(list(av[-1]), sre, inside_unbounded=inside_unbounded)
        elif atomic is not None and op is atomic:
            found = _hazard(list(av), sre, inside_unbounded=inside_unbounded)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            found = _hazard(list(av[1]), sre, inside_unbounded=inside_unbounded)
        elif op is c.BRANCH:
            for branch in av[1]:
                found = found or _hazard(list(branch), sre, inside_unbounded=inside_unbounded)
        elif op is c.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    found = found or _hazard(list(branch), sre, inside_unbounded=inside_unbounded)
        if found:
            return found
    return None


def _ambiguous_alternation(body: list[Any], sre: Any) -> bool:
    """Whether the repeated ``body`` has an alternation of literal branches one of which starts
    another ("a|a", "a|ab"; the parser has already moved a common start out of them)."""
    for op, av in body:
        if op is sre.SUBPATTERN and _ambiguous_alternation(list(av[-1]), sre):
            return True
        if op is sre.BRANCH:
            spelled = [_exact(list(branch), sre) for branch in av[1]]
            simple = [strings for strings in spelled if strings is not None]
            for index, strings in enumerate(simple):
                for other in simple[index + 1:]:
                    if any(a.startswith(b) or b.startswith(a) for a in strings for b in other):
                        return True
    return False


def _unbounded_group(pattern: str, *, alternation: bool) -> str | None:
    """The first group of ``pattern`` with a quantifier without an upper bound that holds another
    such quantifier (or, with ``alternation``, a "|"), with its quantifier: the part to quote."""
    opened: list[int] = []
    groups: list[tuple[int, int, int]] = []  # (opening, closing, end of the quantifier)
    inside: list[int] = []  # where a quantifier without an upper bound (or a "|") is
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 + (pattern[i + 1:i + 2] == "^")
            i += pattern[i:i + 1] == "]"  # "[]...]": the first "]" is a member
            continue
        elif char == "(":
            opened.append(i)
        elif char == ")" and opened:
            quantifier = _UNBOUNDED_QUANTIFIER.match(pattern, i + 1)
            if quantifier:
                groups.append((opened[-1], i, quantifier.end()))
            opened.pop()
        elif (char == "|") if alternation else bool(_UNBOUNDED_QUANTIFIER.match(pattern, i)):
            inside.append(i)
        i += 1
    for opening, closing, end in sorted(groups):
        if any(opening < at < closing for at in inside):
            return pattern[opening:end]
    return None


def _quoted(part: str) -> str:
    """``part`` in quotes, cut short."""
    return "'" + (part if len(part) <= _QUOTED_PART else part[:_QUOTED_PART - 1] + "\u2026") + "'"


# --- literal anchors: a cheap test that most texts fail ------------------------------------------

_MAX_ALTERNATIVES = 64


def anchors(pattern: str) -> frozenset[str] | None:
    """Lower-case strings of which every match of ``pattern`` contains at least one.

    Searching a text for a few literal strings (``str.__contains__``) is far faster than running
    a regular expression with ``\\b`` and a character class at every position; an entry whose
    anchors are all absent from the text cannot match and is skipped. ``None`` means no useful
    anchor was found (the entry always runs). Derived from the parsed pattern, so team entries
    get anchors too.
    """
    try:
        from re import _parser as sre  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as sre
    try:
        parsed = sre.parse(pattern, re.IGNORECASE)
    except Exception:  # pragma: no cover - the pattern compiled already
        return None
    found = _required(list(parsed), sre)
    if not found or min(len(a) for a in found) < 3:
        return None
    # Prefixes of the required strings are required too; short prefixes keep the set small.
    size = min(6, min(len(a) for a in found))
    return frozenset(a[:size] for a in found)


def _exact(seq: list[Any], sre: Any) -> set[str] | None:
    """The finite set of strings ``seq`` matches, if it is small and made of literals."""
    c = sre
    out = {""}
    for op, av in seq:
        if op is c.LITERAL:
            part = {chr(av).lower()}
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        elif op is c.IN:
            chars = [chr(v).lower() for o, v in av if o is c.LITERAL]
            if len(chars) != len(av) or not chars:
                return None
            part = set(chars)
        elif op is c.SUBPATTERN:
            sub = _exact(list(av[-1]), sre)
            if sub is None:
                return None
            part = sub
        elif op is c.BRANCH:
            part = set()
            for branch in av[1]:
                sub = _exact(list(branch), sre)
                if sub is None:
                    return None
                part |= sub
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            sub = _exact(list(av[2]), sre)
            if sub is None:
                return None
            part = sub | {""}
        else:
            return None
        out = {a + b for a in out for b in part}
        if len(out) > _MAX_ALTERNATIVES:
            return None
    return out


def _required(seq: list[Any], sre: Any) -> set[str] | None:
    """A set of strings one of which every match of ``seq`` contains (the most selective)."""
    c = sre
    candidates: list[set[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if run and any(run):
            candidates.append({r for r in run if r} if all(run) else set())
        run = {""}

    for op, av in seq:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        exact = _exact([(op, av)], sre)
        if exact is not None and len({a + b for a in run for b in exact}) <= _MAX_ALTERNATIVES:
            run = {a + b for a in run for b in exact}
            continue
        flush()
        if exact is not None:
            run = exact
            continue
        inner: set[str] | None = None
        if op is c.SUBPATTERN:
            inner = _required(list(av[-1]), sre)
        elif op is c.BRANCH:
            parts = [_required(list(branch), sre) for branch in av[1]]
            if all(p for p in parts):
                inner = set().union(*[p for p in parts if p])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            inner = _required(list(av[2]), sre)
        if inner:
            candidates.append(inner)
    flush()
    candidates = [cand for cand in candidates if cand and all(cand)]
    if not candidates:
        return None
    return max(candidates, key=lambda cand: (min(len(x) for x in cand), -len(cand)))


def with_entries(lexicon: Lexicon, entries: list[Entry]) -> Lexicon:
    """A copy of ``lexicon`` with other entries (used by tests and the benchmark)."""
    return replace(lexicon, entries=entries, bundled=False)


if __name__ == "__main__":  # pragma: no cover - development helper
    for written in write_snapshots():
        print(f"wrote {written}")


__all__ = ["Entry", "Lexicon", "LexiconError", "build_lexicon", "default_lexicon", "default_words",
           "parse_entry", "validate_settings", "with_entries"]
