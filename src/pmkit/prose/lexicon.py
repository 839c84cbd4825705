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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
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
    (:func:`refuse_exponential`; the bundled patterns are reviewed and tested against long inputs
    instead: one German pattern repeats a word with optional spaces up to 8 times, which that
    test refuses).
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
    word), which could be part of a secret; its token names ("'<scalar>'") and a quoted mark of
    YAML's own (']', '}', ',', ':'), which says what the parser expected, stay."""
    def hidden(quoted: re.Match[str]) -> str:
        inner = quoted.group()[1:-1]
        return quoted.group() if inner.startswith("<") or _YAML_MARK.fullmatch(inner) else "'\u2026'"

    return re.sub(r"'[^']*'|\"[^\"]*\"", hidden, problem)


#: A quoted mark of YAML's own in a parser's problem ("expected ',' or ']'").
_YAML_MARK = re.compile(r"[^\w\s'\"]{1,3}")


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
    """The bundled lexicon of ``lang``, compiled once per process (and kept between the
    command's runs: see :func:`_kept`)."""
    return _kept(lang, "entries", lambda: replace(build_lexicon(lang, {}), bundled=True))


@lru_cache(maxsize=4)
def default_words(lang: str = "en") -> Lexicon:
    """The word lists of the bundled lexicon of ``lang`` (staff, systems, first names...) without
    its entries: what reading a document's people takes (:func:`pmkit.rules.blameless.document_names`),
    without compiling the entries (6 ms in German) for texts whose findings the command kept."""
    return _kept(lang, "words", lambda: _bundled_words(lang))


def _bundled_words(lang: str) -> Lexicon:
    data = _bundled_data(lang)
    words = _words(data, "words", f"{lang}.yaml")
    grammar = _words(data, "grammar", f"{lang}.yaml")
    if lang == "de":
        words, grammar = _transliterated_words(words), _transliterated_words(grammar)
    return Lexicon(lang=lang, entries=[], words=words, grammar=grammar)


def _kept(lang: str, part: str, build: Callable[[], Lexicon]) -> Lexicon:
    """The bundled lexicon of ``lang`` (its ``part``: with its ``entries``, or its ``words``
    alone) as the command kept it (the memo ``lexicons``, :mod:`pmkit.patterncache`), else
    ``build()``, then kept. Reading a document's people took the word lists from the snapshot
    on every run (its JSON parsed and the YAML's digest checked, 3 ms), and an edited text the
    entries as well (3 ms more); kept, both take 1 ms. Keyed by the files they come from."""
    from pmkit.patterncache import memo

    kept = memo("lexicons")
    if kept is None:
        return build()
    key = (lang, f"{part} {_sources()}")
    found = _unpacked(lang, kept.get(key))
    if found is not None:
        return found
    built = build()
    kept.put(key, _packed(built))
    return built


@lru_cache(maxsize=1)
def _sources() -> str:
    """What a kept lexicon depends on: this module, the bundled lexicons and their snapshots."""
    from pmkit.patterncache import identity

    here = Path(__file__).parent
    return identity([here / "__init__.py", Path(__file__), *sorted(here.glob("*.yaml")),
                     *sorted(here.glob("*.json"))])


#: An entry's fields, in order, as a kept lexicon holds them (its flags as a plain number, which
#: a memo keeps), and the types of their values: an entry's anchors are a set, or None.
_ENTRY_FIELDS = tuple(item.name for item in fields(Entry))
_FLAGS = _ENTRY_FIELDS.index("flags")
_BLANK = Entry("", "", "", "", "", "")
_ROW_TYPES = frozenset(
    tuple(anchors if name == "anchors" else int if name == "flags" else type(getattr(_BLANK, name))
          for name in _ENTRY_FIELDS)
    for anchors in (frozenset, type(None)))


def _packed(lexicon: Lexicon) -> tuple[Any, ...]:
    """``lexicon`` as values a memo keeps (see :func:`_unpacked`)."""
    rows = tuple(tuple(int(value) if index == _FLAGS else value
                       for index, value in enumerate(getattr(entry, name) for name in _ENTRY_FIELDS))
                 for entry in lexicon.entries)
    return rows, dict(lexicon.words), dict(lexicon.grammar), lexicon.extra_names, lexicon.bundled


def _unpacked(lang: str, value: Any) -> Lexicon | None:
    """The lexicon :func:`_packed` gave ``value`` for, or None when ``value`` is not of that
    shape (then it is built anew)."""
    from pmkit.patterncache import shaped

    if not shaped(value, (tuple, dict, dict, frozenset, bool)):
        return None
    rows, words, grammar, extra_names, bundled = value
    if not all(type(row) is tuple and tuple(map(type, row)) in _ROW_TYPES for row in rows):
        return None
    for table in (words, grammar):
        if not all(type(name) is str and type(listed) is frozenset for name, listed in table.items()):
            return None
    made: Any = Entry  # (built from fields whose types were checked above)
    entries = [made(*row[:_FLAGS], re.RegexFlag(row[_FLAGS]), *row[_FLAGS + 1:]) for row in rows]
    return Lexicon(lang=lang, entries=entries, words=words, grammar=grammar, extra_names=extra_names,
                   bundled=bundled)


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
# Python's regular expressions backtrack: a repetition around a part that can match the same text in
# more than one way ("(a+)+", "(\\w+\\s?)*", "(a|ab|b)*") can split a text in exponentially many ways,
# and a text that almost matches tries them all (28 characters took 19 s, each one more doubling it).
# A large upper bound is no cure ("(\\w+\\s?){1,30}" hung on 30 characters), nor are many
# repetitions in a row that take the same characters ("\\w*" ten times). Every pattern of a team's
# own entries is checked (the bundled ones are reviewed and tested against long inputs). The test
# reads the pattern, not its running time: it refuses the shapes known to explode and some that
# would not, and a shape it does not know may still be slow.

#: The longest part of a pattern a message quotes.
_QUOTED_PART = 60
#: The most times a repetition may repeat an ambiguous part: "(?:\w+\s?){0,3}" tries at most a few
#: splits of a text, polynomial of a low degree, however it is written inside.
_SMALL_BOUND = 3
#: The most repetitions in a row that can take the same characters ("\w*\w*\w*").
_MAX_ADJACENT = 3
_QUANTIFIER = re.compile(r"[*+?]|\{\d*(?:,\d*)?\}")
_BOUNDS = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
#: Code points the character sets of a pattern are compared on: Latin, its accents and punctuation
#: (all below 0x300), and a few of other scripts, spaces and symbols. Two sets that share none of
#: them are taken as disjoint.
_SAMPLE = frozenset([*range(0x300), 0x391, 0x3B1, 0x430, 0x5D0, 0x627, 0x1E9E, 0x2003, 0x2014,
                     0x2019, 0x201C, 0x212A, 0x3000, 0x3042, 0x4E00, 0xAC00, 0x1F600])
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
               "CATEGORY_LINEBREAK": r"\n", "CATEGORY_NOT_LINEBREAK": r"[^\n]"}
Chars = frozenset[int]


def refuse_exponential(pattern: str, where: str) -> None:
    """Raise LexiconError if ``pattern`` (valid) may take time exponential in the text it scans
    (or polynomial of a high degree, which hangs as surely on a line of text).

    The test works on the parsed pattern and compares sets of characters (what a part can start
    with, whether it can match nothing). A repetition that may repeat more than
    ``_SMALL_BOUND`` (3) times, and does not hold on to what it took (possessive), must repeat a
    part that matches a text in one way only, told at each choice the part makes from the next
    character alone: an alternation's branches part at some character, read side by side while
    both match one character at a time ("senior|support" at "e" and "u"; a branch that can match
    nothing counts by what comes after it), and an inner repetition or optional part starts with
    characters that what comes after it cannot start with, the start of the next repetition
    included. "(?:\\w+-)+" passes (the "-" ends each word), "(?:\\w+\\s?)+" fails (a word may be
    followed by the next one at once). What comes after the outer repetition is not compared: the
    repetition then ends in one of at most as many ways as the text has characters. Also, more
    than ``_MAX_ADJACENT`` (3) repetitions in a row that can take the same characters
    ("\\w*\\w*\\w*\\w*") are refused. Character sets are compared on a sample of code points
    (``_SAMPLE``), in both cases.
    """
    try:
        from re import _parser as sre  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as sre
    hazard = _hazard(list(sre.parse(pattern, re.IGNORECASE)), sre)
    if hazard is None:
        return
    kind, bound = hazard
    unbounded = bound == sre.MAXREPEAT
    if kind == "adjacent":
        part = _quoted(pattern)
    else:
        high = None if unbounded else bound
        part = _quoted(_repeated_group(pattern, alternation=kind == "alternation", high=high) or pattern)
    raise LexiconError(f"{where}: pattern part {part} {_hazard_message(kind, unbounded, bound)}")


def _hazard_message(kind: str, unbounded: bool, bound: int) -> str:
    """What is wrong with a part of ``kind``, why it matters and how to fix it."""
    outer = "without an upper bound" if unbounded else f"up to {bound} times"
    grows = ("the time a match may take grows exponentially with the length of the text" if unbounded
             else "the time a match may take grows with a high power of the length of the text")
    why = f": {grows}, so a check or hook would hang; "
    if kind == "adjacent":
        return (f"has more than {_MAX_ADJACENT} repetitions in a row that can take the same characters: "
                "the time a match may take grows with a high power of the length of the text, so a "
                "check or hook would hang; make them one ('\\w*' for '\\w*\\w*') or separate them by "
                "something they cannot match ('\\w+\\s+\\w+')")
    if kind == "alternation":
        return (f"repeats {outer} an alternation whose branches can match the same start{why}make the "
                "branches start differently ('ab?' for 'a|ab') or bound the repetition (e.g. '{0,3}')")
    if kind == "nested" and unbounded:
        what = "something that itself repeats without one"
    elif kind == "nested":
        what = "something that itself repeats without an upper bound"
    elif kind == "repeated":
        what = "something that itself repeats more than once"
    else:
        what = "something optional that what follows it can also start with"
    return (f"repeats {outer} {what}{why}repeat once ('a+' for '(a+)+') or bound the outer repetition "
            "('(?:\\w+\\s+){0,3}' for '(\\w+\\s?)*')")


def _hazard(seq: list[Any], sre: Any) -> tuple[str, int] | None:
    """The kind of hazard of the parsed pattern ``seq`` and the bound of the repetition it is in
    (``sre.MAXREPEAT`` when unbounded; 0 for "adjacent"), or None."""
    if _adjacent_repetitions(seq, sre) > _MAX_ADJACENT:
        return "adjacent", 0
    possessive = getattr(sre, "POSSESSIVE_REPEAT", None)
    for op, av in seq:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] > _SMALL_BOUND:
            body = list(av[2])
            start, _ = _first(body, sre)
            kind = _ambiguous(body, start, sre)
            if kind is not None:
                return kind, av[1]
        for child in _children(op, av, sre, possessive):
            found = _hazard(child, sre)
            if found:
                return found
    return None


def _children(op: Any, av: Any, sre: Any, possessive: Any) -> list[list[Any]]:
    """The parsed sub-patterns of one node of a parsed pattern."""
    # (Possessive repetitions and atomic groups came with Python 3.11; 3.10's parser has neither.)
    atomic = getattr(sre, "ATOMIC_GROUP", None)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or (possessive is not None and op is possessive):
        return [list(av[2])]
    if op is sre.SUBPATTERN:
        return [list(av[-1])]
    if atomic is not None and op is atomic:
        return [list(av)]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.BRANCH:
        return [list(branch) for branch in av[1]]
    if op is sre.GROUPREF_EXISTS:
        return [list(branch) for branch in av[1:] if branch is not None]
    return []


def _ambiguous(seq: list[Any], after: Chars, sre: Any) -> str | None:
    """The kind of the first choice in ``seq`` that the next character does not decide, when what
    comes after ``seq`` starts with ``after``: "alternation", "nested" (a repetition without an
    upper bound), "repeated" (one with a bound above 1) or "optional"; None if there is none."""
    for index, (op, av) in enumerate(seq):
        rest, rest_empty = _first(seq[index + 1:], sre)
        follow = rest | after if rest_empty else rest
        found = _ambiguous_node(op, av, follow, sre)
        if found:
            return found
    return None


def _ambiguous_node(op: Any, av: Any, follow: Chars, sre: Any) -> str | None:
    """:func:`_ambiguous` for one node followed by something that starts with ``follow``."""
    if op is sre.SUBPATTERN:
        return _ambiguous(list(av[-1]), follow, sre)
    if op is sre.BRANCH:
        branches = [[node for node in branch if node[0] is not sre.AT] for branch in av[1]]
        pairs = [(a, b) for i, a in enumerate(branches) for b in branches[i + 1:]]
        if any(_branches_overlap(a, b, follow, sre) for a, b in pairs):
            return "alternation"
        for branch in av[1]:
            found = _ambiguous(list(branch), follow, sre)
            if found:
                return found
        return None
    if op is sre.GROUPREF_EXISTS:  # (the group decides the branch, not the text)
        for branch in av[1:]:
            found = _ambiguous(list(branch), follow, sre) if branch is not None else None
            if found:
                return found
        return None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):  # (a possessive one or an atomic group gives nothing back)
        low, high, body = av[0], av[1], list(av[2])
        start, _ = _first(body, sre)
        if high > low and start & follow:
            if high == sre.MAXREPEAT or _repeats_unbounded(body, sre):
                return "nested"
            return "repeated" if high > 1 else "optional"
        return _ambiguous(body, start | follow if high > 1 else follow, sre)
    return None


def _branches_overlap(one: list[Any], other: list[Any], follow: Chars, sre: Any) -> bool:
    """Whether two branches followed by something that starts with ``follow`` may start alike: they
    are read a character at a time while both match single characters ("senior |support " part
    at "e" and "u"), or the same part that matches a text in one way only ("per\\s+E-Mail|per\\s+Mail"
    part at "E" and "M"); from the first other part, what each can start with is compared."""
    index = 0
    while index < len(one) and index < len(other):
        (op, av), (other_op, other_av) = one[index], other[index]
        mine, theirs = _char_set(op, av, sre), _char_set(other_op, other_av, sre)
        if mine is None or theirs is None:
            if repr(one[index]) != repr(other[index]):  # (parsed groups compare by identity)
                break
            after = (_start_or_follow(one[index + 1:], follow, sre)
                     | _start_or_follow(other[index + 1:], follow, sre))
            if _ambiguous_node(op, av, after, sre) is not None:
                break
            index += 1
            continue
        if not mine & theirs:
            return False
        index += 1
    return bool(_start_or_follow(one[index:], follow, sre) & _start_or_follow(other[index:], follow, sre))


def _start_or_follow(seq: list[Any], follow: Chars, sre: Any) -> Chars:
    """What ``seq`` followed by something that starts with ``follow`` can start with."""
    start, empty = _first(seq, sre)
    return start | follow if empty else start


def _repeats_unbounded(seq: list[Any], sre: Any) -> bool:
    """Whether ``seq`` holds a repetition without an upper bound (the one to name in a message)."""
    possessive = getattr(sre, "POSSESSIVE_REPEAT", None)
    for op, av in seq:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] == sre.MAXREPEAT:
            return True
        if any(_repeats_unbounded(child, sre) for child in _children(op, av, sre, possessive)):
            return True
    return False


def _first(seq: list[Any], sre: Any) -> tuple[Chars, bool]:
    """The characters a match of ``seq`` can start with, and whether it can match nothing."""
    start: set[int] = set()
    for op, av in seq:
        chars, empty = _first_of_node(op, av, sre)
        start |= chars
        if not empty:
            return frozenset(start), False
    return frozenset(start), True


def _first_of_node(op: Any, av: Any, sre: Any) -> tuple[Chars, bool]:
    """:func:`_first` for one node."""
    chars = _char_set(op, av, sre)
    if chars is not None:
        return chars, False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset(), True
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
        start, empty = _first(list(av[2]), sre)
        return start, empty or av[0] == 0
    if op is sre.BRANCH or op is sre.GROUPREF_EXISTS:
        branches = av[1] if op is sre.BRANCH else [b if b is not None else [] for b in av[1:]]
        found = [_first(list(branch), sre) for branch in branches]
        return frozenset().union(*(s for s, _ in found)), any(e for _, e in found)
    children = _children(op, av, sre, None)
    if children:  # a group
        return _first(children[0], sre)
    return _SAMPLE, True  # (a back-reference: anything)


def _char_set(op: Any, av: Any, sre: Any) -> Chars | None:
    """The sampled characters one node matching one character matches, in either case."""
    if op is sre.LITERAL:
        return _both_cases(frozenset([av]))
    if op is sre.NOT_LITERAL:
        return _SAMPLE - {av}
    if op is sre.ANY:
        return _SAMPLE
    if op is not sre.IN:
        return None
    members: set[int] = set()
    for item, value in av:
        if item is sre.LITERAL:
            members.add(value)
        elif item is sre.RANGE:
            members |= {c for c in _SAMPLE if value[0] <= c <= value[1]}
        elif item is sre.CATEGORY:
            members |= _category(str(value))
    negated = bool(av) and av[0][0] is sre.NEGATE
    return _both_cases(_SAMPLE - members if negated else frozenset(members))


@cache
def _category(name: str) -> Chars:
    """The sampled characters of a category ("CATEGORY_WORD" for "\\w"); all for an unknown one."""
    test = _CATEGORIES.get(name)
    if test is None:
        return _SAMPLE
    compiled = re.compile(test)
    return frozenset(c for c in _SAMPLE if compiled.fullmatch(chr(c)))


def _both_cases(chars: Chars) -> Chars:
    """``chars`` with the other case of each (patterns are mostly case-insensitive)."""
    out = set(chars)
    for c in chars:
        for other in (chr(c).lower(), chr(c).upper()):
            if len(other) == 1:
                out.add(ord(other))
    return frozenset(out)


def _adjacent_repetitions(seq: list[Any], sre: Any) -> int:
    """The longest run in ``seq`` of repetitions (taking a varying number of characters) each of
    which can take a character the one before it can; parts that can match nothing do not end a
    run, anything else does."""
    longest, run, previous = 0, 0, frozenset[int]()
    for op, av in _flattened(seq, sre):
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] > max(av[0], 1):
            chars = _all_chars(list(av[2]), sre)
            run = run + 1 if chars & previous else 1
            previous = chars
            longest = max(longest, run)
        elif not _first_of_node(op, av, sre)[1]:
            run, previous = 0, frozenset()
    return longest


def _flattened(seq: list[Any], sre: Any) -> list[Any]:
    """``seq`` with the contents of its groups in their place."""
    out: list[Any] = []
    for op, av in seq:
        if op is sre.SUBPATTERN:
            out.extend(_flattened(list(av[-1]), sre))
        else:
            out.append((op, av))
    return out


def _all_chars(seq: list[Any], sre: Any) -> Chars:
    """Every sampled character a match of ``seq`` can contain."""
    out: set[int] = set()
    for op, av in seq:
        chars = _char_set(op, av, sre)
        if chars is not None:
            out |= chars
        elif op is sre.GROUPREF:
            out |= _SAMPLE
        elif op not in (sre.ASSERT, sre.ASSERT_NOT):
            for child in _children(op, av, sre, getattr(sre, "POSSESSIVE_REPEAT", None)):
                out |= _all_chars(child, sre)
    return frozenset(out)


def _repeated_group(pattern: str, *, alternation: bool, high: int | None) -> str | None:
    """The first group of ``pattern`` with a quantifier that repeats more than ``_SMALL_BOUND``
    times (``high`` times at most, None: without a bound) and holds another quantifier (or, with
    ``alternation``, a "|"), with its quantifier: the part to quote."""
    opened: list[int] = []
    groups: list[tuple[int, int, int]] = []  # (opening, closing, end of the quantifier)
    inside: list[int] = []  # where a quantifier (or a "|") is
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
            i += 1 + (pattern[i + 1:i + 2] == "?")  # "(?:", "(?P<": no quantifier
            continue
        elif char == ")" and opened:
            quantifier = _QUANTIFIER.match(pattern, i + 1)
            if quantifier and _most_repeats(quantifier.group()) == (high or -1):
                groups.append((opened[-1], i, quantifier.end()))
            opened.pop()
        elif (char == "|") if alternation else bool(_QUANTIFIER.match(pattern, i)):
            inside.append(i)
        i += 1
    for opening, closing, end in sorted(groups):
        if any(opening < at < closing for at in inside):
            return pattern[opening:end]
    return None


def _most_repeats(quantifier: str) -> int:
    """How many times ``quantifier`` ("?", "+", "{2,}", "{1,30}") repeats at most, -1 for no bound."""
    bounds = _BOUNDS.fullmatch(quantifier)
    if bounds is None:
        return 1 if quantifier == "?" else -1
    high = bounds.group(3) if bounds.group(2) else bounds.group(1)
    return int(high) if high else -1


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
