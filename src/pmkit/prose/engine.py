"""Matching lexicon entries in a text and deciding whom each match is about.

The steps, for one text:

1. ``protected_ranges``: quoted speech ("...", “...”, „...“, «...», ›...‹, '...' used as quotation
   marks), ``code spans`` and fenced blocks, and URLs are not the author's own words; matches
   inside them are dropped.
2. Each entry's pattern is searched, but only if the text contains one of the entry's
   literal anchors (strings every match must contain, derived from the parsed pattern): most
   prose contains none, and then costs a few substring tests instead of a regex pass.
3. For an entry that is only blameful about people (``subject: person``/``not-system``), the
   clause around the match is analysed with small explainable rules (see docs/blameless.md):
   the clause is cut at punctuation and conjunctions; in English the grammatical subject is
   the head of the noun phrase right before the phrase (past adverbs, past postmodifying
   ``of``/``on``/``in`` phrases, back over relative clauses to their antecedent); in German
   it is the first noun phrase of the clause that is not governed by a preposition or an
   oblique article (``den``, ``dem``, ``des``). The head is classified with the lexicon's word
   lists: a known name or ``@handle``, a staff role (engineer, Entwickler), ``we``, another
   pronoun (``they``/``sie`` resolved to the nearest noun before it), an outsider (user,
   Kunde), a system (service, Dienst), or unknown. Unknown never counts as a person: the
   engine prefers silence to a false alarm.
4. A judgement whose subject is a person's name becomes ``named-person``; a phrase inside a
   longer one gives no finding of its own, and other overlapping findings keep the most
   specific one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pmkit.prose import BULLET_GLYPHS, CATEGORIES, Finding
from pmkit.prose.lexicon import Entry, Lexicon
from pmkit.prose.shown import (
    _LINK_LABELS,
    _back,
    _balanced,
    _code,
    _Coverage,
    _Shifts,
    _squeezed,
    blockquotes,
    not_said,
    protected_ranges,
)

if TYPE_CHECKING:
    from pmkit.patterncache import Memo

# --- protected text ------------------------------------------------------------------------


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in ranges)


# --- tokens and clauses ----------------------------------------------------------------------

#: A word, with a German gender mark before its feminine ending kept in it: "Kolleg:innen",
#: "Mitarbeiter*innen", "Techniker_in" are one person noun, not a word and a stray "innen".
_TOKEN = re.compile(r"[@\w](?:[\w@'’\-]*[\w@])?(?:[*:]in(?:nen)?(?![\w@'’\-]))?")
#: The gender mark of such a word, and an "_" after its ending: "Admin_in_", "Kolleg_innen_" show
#: it as written (the "_" inside the word opens no emphasis for it to close), and are read as
#: "Admin_in", "Kolleg_innen" are.
_GENDER_MARK = re.compile(r"(?<=\w)[*:_](?=in(?:nen)?_?$)|(?<=\w[*:_]in)_$|(?<=\w[*:_]innen)_$")


def _lower(word: str) -> str:
    """``word`` in lower case, without a gender mark: "kolleginnen" for "Kolleg:innen" (and
    for "Kolleg_innen_")."""
    return _GENDER_MARK.sub("", word.lower())


def _token_low(word: str, lang: str) -> str:
    """A token's word as the word lists know it (see :func:`_lower`); in German without an "es"
    shortened onto it ("hätt's", "wär’s", "geht's" are "hätt", "wär", "geht")."""
    low = _lower(word)
    return low[:-2] if lang == "de" and low.endswith(("'s", "\u2019s")) and len(low) > 2 else low


#: Clause boundaries between two tokens. A single line break is not one: in a literal
#: block it is usually a wrapped sentence; a blank line or a list bullet is (a Markdown bullet,
#: "-", "*" or "+" at the start of a line, or a bullet glyph anywhere). A backtick (the
#: edge of a code span) and a table's "|" are too: code is no word of a noun phrase, and a
#: table's cells (and its header and delimiter rows) are read apart.
_CLAUSE_PUNCT = re.compile(f"[.!?;:,()\\[\\]\"“”„«»—–`|{BULLET_GLYPHS}]|\\s-\\s|\\n\\s*\\n|\\n\\s*[-*+]\\s")
_SPACE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u00a0": " ", "\u202f": " "})


#: An ATX heading's marker at the start of a line ("## Bob"): the heading is a block of its own.
_HEADING_LINE = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")


def _after_heading(text: str, end: int) -> bool:
    """Whether the line that ends at or after ``end`` is a Markdown heading: the words of the next
    line start a new block ("### Bob" over "was careless ..." does not make Bob the subject)."""
    return _HEADING_LINE.match(text, text.rfind("\n", 0, end) + 1) is not None


@dataclass(frozen=True)
class Token:
    """A word of a sentence, with where it is."""

    start: int
    end: int
    text: str
    low: str  # ``text.lower()``, asked for many times per token


@dataclass(frozen=True)
class Subject:
    """Whom a phrase is about: ``kind`` is name, staff, we, outsider, system, unknown, passive, none."""

    kind: str
    text: str = ""
    #: The pronoun that stood for the person ``text`` names ("She" for "Alice"), if one did.
    pronoun: str = ""
    #: The named person who owns the thing ``text`` names ("Bob" for "Bob's change"), if any:
    #: a judgement of someone's work judges them.
    owner: str = ""
    #: The role whose possessive stands before the thing ``text`` names ("the on-call" for
    #: "the on-call's restart", "des Entwicklers" for "die Änderung des Entwicklers"), if any.
    owner_role: str = ""

    @property
    def person(self) -> bool:
        return self.kind in ("name", "staff", "we")


NONE = Subject("none")

#: A subject's text is at most this many tokens (the last ones of the noun phrase): a "noun
#: phrase" longer than that is a run of words without punctuation, not prose, and copying it
#: for every phrase found in it would take time quadratic in its length.
_MAX_SUBJECT_TOKENS = 64
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")
#: What may stand between a title and a name: "Mr. Smith", "Ms Smith", "Dr.\nWeber".
_TITLE_GAP = re.compile(r"\.?[ \t]*\n?[ \t]*")
#: Where a paragraph or a list item starts: a pronoun does not look for its person beyond.
_PARAGRAPH = re.compile(f"\\n\\s*\\n|\\n\\s*[-*+–{BULLET_GLYPHS}]\\s|\\n\\s*\\d+[.)]\\s")
_EXPLANATION_END = re.compile(r"[.!?;]")
#: What sets off a clause that may give the reason for the one before: "; the runbook said so".
_REASON_AFTER = re.compile(r"[;:]|\s[-—–]\s|—|–")
_NOUN_KINDS = frozenset({"system", "outsider", "staff", "name"})
_UNKNOWN = -2  # an entry of a memo list not yet computed
#: How many words before and after a phrase its conditions are looked for.
_CONDITION_REACH = 40


#: How many words after a German phrase its dismissal is looked for ("Menschliches Versagen
#: wurde nach sorgfältiger Prüfung der Audit-Logs des Vortags ausgeschlossen": 10).
_DISMISSAL_REACH = 16


class Analysis:
    """Tokens, clause boundaries and word classification of one text, computed once."""

    def __init__(self, text: str, lexicon: Lexicon, names: frozenset[str]) -> None:
        self.text = text
        self.lex = lexicon
        self.lang = lexicon.lang
        self.names = names
        self.tokens = [Token(m.start(), m.end(), m.group(), _token_low(m.group(), self.lang))
                       for m in _TOKEN.finditer(text)]
        self.starts = [t.start for t in self.tokens]
        self.boundary_words = lexicon.gram("boundaries")
        self._determiners = lexicon.gram("determiners")
        self._prepositions = lexicon.gram("prepositions")
        self._auxiliaries = lexicon.gram("auxiliaries")
        self._adverbs = lexicon.gram("adverbs")
        self._postmodifiers = lexicon.gram("postmodifiers")
        self._function_words = (self._determiners | self._prepositions | self._auxiliaries | self._adverbs
                                | self.boundary_words | lexicon.gram("negators"))
        # A capitalised word after a title ("Mr. Smith", "Frau Schmidt") is a person's name,
        # and the title's period ends neither a clause nor a sentence.
        titles = lexicon.gram("titles")
        self.titled = [i > 0 and self.tokens[i - 1].low in titles and token.text[:1].isupper()
                       and _TITLE_GAP.fullmatch(text[self.tokens[i - 1].end:token.start]) is not None
                       for i, token in enumerate(self.tokens)]
        # A token index starts a clause if punctuation precedes it or it is a boundary word.
        self.clause_start: list[bool] = []
        prev_end = 0
        for i, token in enumerate(self.tokens):
            gap = text[prev_end:token.start]
            # the colon or point of a clock time ("um 02:00", "14.30 Uhr") ends no clause
            clock = i > 0 and gap in (":", ".") and token.text.isdigit() and self.tokens[i - 1].text.isdigit()
            self.clause_start.append((bool(_CLAUSE_PUNCT.search(gap)) and not self.titled[i] and not clock)
                                     or prev_end == 0
                                     or token.low in self.boundary_words
                                     or ("\n" in gap and _after_heading(text, prev_end)))
            prev_end = token.end
        self._kinds: dict[int, str] = {}
        self._kind_of_word: dict[str, str] = {}
        # Every phrase found asks for the clause around it, its sentence, the noun phrase before
        # it...: walking the tokens each time would cost time quadratic in the length of a long
        # clause with many findings. The walks' results are computed once and kept instead:
        # clause extents for every token here, the others in memo lists as they are asked for
        # (each walk stops at a token whose answer is known and records its answer on the way).
        count = len(self.tokens)
        self._clause_first = [0] * count
        first = 0
        for i, starts in enumerate(self.clause_start):
            if starts:
                first = i
            self._clause_first[i] = first
        self._clause_end = [count] * count
        end = count
        for i in range(count - 1, -1, -1):
            self._clause_end[i] = end
            if self.clause_start[i]:
                end = i
        self._sentence = [_UNKNOWN] * count
        self._noun_memo = [_UNKNOWN] * (count + 1)
        self._stopper_memo = [_UNKNOWN] * (count + 1)
        self._np_floor = [_UNKNOWN] * count
        self._np_floor_de = [_UNKNOWN] * count
        self._modifier_run = [_UNKNOWN] * count  # adverbs, "not", "never", auxiliaries
        self._adverb_run = [_UNKNOWN] * count
        self._adverbs_until = [_UNKNOWN] * (count + 1)
        self._explainer_at = [_UNKNOWN] * (count + 1)
        self._heads: dict[tuple[int, int], int | None] = {}
        self._antecedents: dict[int, int] = {}
        self._leading_coordinators: dict[int, int] = {}
        self._clause_agents: dict[tuple[int, int], Subject | None] = {}
        self._passive_agents: dict[int, tuple[int | None, int | None, int | None]] = {}
        self._de_subjects: dict[tuple[int, int], Subject] = {}
        self._antecedent_names: dict[int, str] = {}

    # -- positions --

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def clause_bounds(self, index: int) -> tuple[int, int]:
        """Token range ``[first, last)`` of the clause containing token ``index``."""
        if 0 <= index < len(self.tokens):
            return self._clause_first[index], self._clause_end[index]
        first = index
        while first > 0 and not self.clause_start[first]:
            first -= 1
        last = index + 1
        while last < len(self.tokens) and not self.clause_start[last]:
            last += 1
        return first, last

    @staticmethod
    def _walk_back(memo: list[int], index: int, none: int, hit: Callable[[int], bool], found_at: int = -1
                   ) -> int:
        """Walk back from token ``index`` to the first ``i`` where ``hit(i)`` holds, answering
        ``i + found_at`` (``none`` at the start of the text). Every token walked over keeps the
        answer in ``memo``, so the next walk stops there: all walks of a text take linear time."""
        path: list[int] = []
        i = index
        while True:
            if i <= 0:
                result = none
                break
            if memo[i] != _UNKNOWN:
                result = memo[i]
                break
            path.append(i)
            if hit(i):
                result = i + found_at
                break
            i -= 1
        for i in path:
            memo[i] = result
        return result

    def _walk_forward(self, memo: list[int], index: int, hit: Callable[[int], bool]) -> int:
        """The first token ``i`` from ``index`` on where ``hit(i)`` holds (the number of tokens
        if none), memoised like :meth:`_walk_back`."""
        count = len(self.tokens)
        path: list[int] = []
        i = index
        while True:
            if i >= count:
                result = count
                break
            if memo[i] != _UNKNOWN:
                result = memo[i]
                break
            path.append(i)
            if hit(i):
                result = i
                break
            i += 1
        for i in path:
            memo[i] = result
        return result

    def sentence_start(self, index: int) -> int:
        """Token index of the start of the sentence containing ``index``."""
        return self._walk_back(self._sentence, index, 0, lambda i: not self.titled[i] and bool(
            _SENTENCE_END.search(self.text[self.tokens[i - 1].end:self.tokens[i].start] + " ")), found_at=0)

    def _noun_before(self, index: int) -> int:
        """The last token before ``index`` that is a system, outsider, staff or name (-1: none)."""
        return self._walk_back(self._noun_memo, index, -1, lambda i: self.kind(i - 1) in _NOUN_KINDS)

    def _stopper_before(self, index: int) -> int:
        """The last token before ``index`` that ends a noun phrase on its left: a function
        word, ``we`` or ``it`` (-1: none)."""
        return self._walk_back(self._stopper_memo, index, -1,
                               lambda i: self.is_function(i - 1) or self.kind(i - 1) in ("we", "it"))

    def _run_start(self, memo: list[int], index: int, inside: Callable[[int], bool]) -> int:
        """The first token of the run of tokens ``inside`` that ends at ``index`` (``index + 1``
        if token ``index`` is not inside)."""
        path: list[int] = []
        i = index
        while True:
            if i < 0:
                result = 0
                break
            if memo[i] != _UNKNOWN:
                result = memo[i]
                break
            if not inside(i):
                result = memo[i] = i + 1
                break
            path.append(i)
            i -= 1
        for i in path:
            memo[i] = result
        return result

    def _modifier(self, index: int) -> bool:
        return self.is_adverb(index) or self.tokens[index].low in ("not", "never", "n't")

    def _in_verb_group(self, index: int) -> bool:
        """An adverb, a negation or an auxiliary: what stands between a subject and its phrase."""
        token = self.tokens[index]
        if token.low not in self._auxiliaries:
            return self._modifier(index)
        # A capitalised auxiliary that is a person's name ("Will should have checked", with
        # Will among the document's people) is the subject, not part of the verb group.
        return not (token.text[:1].isupper() and self.kind(index) == "name")

    def _past_adverbs(self, index: int) -> int:
        """The first token at or after ``index`` that is not an adverb."""
        return self._walk_forward(self._adverbs_until, index, lambda i: not self.is_adverb(i))

    # -- words --

    def kind(self, index: int) -> str:
        """Class of a token: name, staff, we, they, it, outsider, system, or '' (unknown)."""
        if index not in self._kinds:
            token = self.tokens[index]
            if self.titled[index] and self._classify(token, index) in ("", "name"):
                self._kinds[index] = "name"  # "Mr. Smith": the class depends on the word before
                return "name"
            if index > 0 and token.low in self.lex.gram("person_or_system") \
                    and self.tokens[index - 1].low in self.lex.gram("person_qualifiers"):
                self._kinds[index] = "staff"  # "the help desk agent"; "the monitoring agent" is software
                return "staff"
            if self._product_role(index):
                self._kinds[index] = "system"  # "the Postgres operator", "der Kubernetes-Operator"
                return "system"
            if token.text not in self._kind_of_word:  # the class depends on the word alone
                self._kind_of_word[token.text] = self._classify(token, index)
            kind = self._kind_of_word[token.text]
            if kind == "name" and self._software_name(index):
                kind = "system"  # "the site generator Hugo", "the scheduler, Oscar,"
            self._kinds[index] = kind
        return self._kinds[index]

    def _software_name(self, index: int) -> bool:
        """True if the name at ``index`` stands right after a noun that names software, as its
        name: "the site generator Hugo failed", "the scheduler, Oscar, failed"; a name set off
        by a comma must be closed by one ("the scheduler, Bob failed" is two clauses)."""
        if index == 0 or self.tokens[index - 1].low not in self.lex.gram("software_nouns"):
            return False
        before, token = self.tokens[index - 1], self.tokens[index]
        gap = self.text[before.end:token.start]
        if not gap.strip():
            return "\n\n" not in gap
        return gap.strip() == "," and self.text[token.end:token.end + 3].lstrip(" ")[:1] == ","

    def _product_role(self, index: int) -> bool:
        """True if the token at ``index`` is a role word that names software after the name of a
        product or a system word: a Kubernetes operator is a controller ("the Postgres operator",
        "the database operator", "postgres-operator", "der Kubernetes-Operator"), while "the
        operator" and "the on-call operator" are people."""
        token = self.tokens[index]
        roles = self.lex.gram("product_roles")

        def is_role(low: str) -> bool:  # in any case: "des Postgres-Operators" is the genitive
            return any(form in roles for form in _forms(low, self.lang))

        head, _, rest = _strip_possessive(token.low).rpartition("-")
        if head and is_role(rest):  # one hyphenated word: a known person's role would be staff
            return self._system_word(head) or self._kind_of_raw(head) == ""
        if not is_role(_strip_possessive(token.low)) or index == 0 or self.clause_start[index] \
                or self.is_function(index - 1):
            return False
        before = self.tokens[index - 1]
        if self._system_word(before.low):
            return True
        # A capitalised word of no known class names a product ("Postgres", "Strimzi"); not in
        # German, which capitalises every noun.
        return self.lang != "de" and before.text[:1].isupper() and self._kind_of_raw(before.text) == ""

    def _system_word(self, low: str) -> bool:
        return any(form in self.lex.word("systems") for form in _forms(low, self.lang))

    def _kind_of_raw(self, raw: str) -> str:
        """The class of a word by itself, wherever it stands."""
        if raw not in self._kind_of_word:
            self._kind_of_word[raw] = self._classify(Token(0, len(raw), raw, _lower(raw)), -1)
        return self._kind_of_word[raw]

    def _is_name(self, raw: str, low: str) -> bool:
        """The word ``raw`` (``low`` in lower case, without a possessive) is a name part of
        :attr:`names`; "Will" and a German name part only written capitalised (see name_tokens)."""
        if low in self.names or low.strip("@") in self.names:
            return True
        return raw[:1].isupper() and (_CAPITALISED + low in self.names
                                      or _strip_possessive(raw) in self.names)

    def _determined_en(self, raw: str, index: int) -> bool:
        """In English, the word at ``index`` follows a determiner ("the Mark", "every Lance") and
        so is a common noun, not a person's name; a handle (``@bill``, ``bill@``) is always one."""
        if self.lang != "en" or index <= 0 or "@" in raw:
            return False
        # right before it in its clause, not the end of a code span ("`a` Bob") nor of a paragraph
        before = self.tokens[index - 1]
        return (before.low in _NOUN_DETERMINERS_EN and not self.clause_start[index]
                and self.text[before.end:self.tokens[index].start].isspace())

    def _classify(self, token: Token, index: int) -> str:
        raw = token.text
        low = _strip_possessive(token.low)
        lex = self.lex
        if raw.startswith("@") or (raw.endswith("@") and len(raw) > 2):
            return "name"
        if self._is_name(raw, low) and not self._determined_en(raw, index):
            return "name"
        if low in lex.gram("pronouns_we"):
            return "we"
        if low in lex.gram("pronouns_staff"):
            return "staff"
        if low in lex.gram("pronouns_resolve"):
            return "they"
        if low in lex.gram("pronouns_system"):
            return "it"
        if self._nominalised_person(raw, low, index):
            return "staff"  # "Der Neue hat ...": the adjective stands for a person
        if (raw[:1].isupper() and low in lex.word("first_names") and low not in lex.word("systems")
                and not self._determined_en(raw, index)):
            return "name"  # (a team that lists "hugo" among its systems means the site generator)
        forms = _forms(low, self.lang)
        if self.lang == "en" and "-" in low:
            forms += _forms(low.rsplit("-", 1)[1], self.lang)  # "sre-lead", "db-admin"
        for form in forms:
            for name in ("staff", "outsiders", "systems"):
                if form in lex.word(name):
                    return _KIND[name]
        if self.lang == "de":  # compounds: the longest known ending decides
            best: tuple[int, str] = (0, "")
            for form in forms:
                for name in ("staff", "outsiders", "systems"):
                    length = _suffix(form, lex.word(name))
                    if length > best[0]:
                        best = (length, _KIND[name])
            return best[1]
        return ""

    def _nominalised_person(self, raw: str, low: str, index: int) -> bool:
        """A capitalised adjective of the lexicon's ``nominalised_staff`` after an article and
        before no noun: a person ("Der Neue hat ...", "dem Neuen"), not the adjective of a name
        ("Der Neue Mitarbeiter-Ausweis")."""
        if not raw[:1].isupper() or low not in self.lex.gram("nominalised_staff") or index == 0:
            return False
        if self.tokens[index - 1].low not in self.lex.gram("articles"):
            return False
        nxt = index + 1
        return nxt >= len(self.tokens) or not self.tokens[nxt].text[:1].isupper()

    def is_function(self, index: int) -> bool:
        """A determiner, preposition, auxiliary, adverb, boundary word or negator."""
        return self.tokens[index].low in self._function_words

    def is_adverb(self, index: int) -> bool:
        low = self.tokens[index].low
        return low in self._adverbs or (self.lang == "en" and low.endswith("ly") and self.kind(index) == "")

    # -- subjects --

    def resolve(self, kind: str, index: int, text: str) -> Subject:
        """Turn a token class into a Subject; ``they``/``sie`` look back for a noun."""
        if kind == "they":
            if self._person_only_verb_after(index):
                return Subject("staff", text)  # "if they had been paying attention": people
            first = max(0, self.sentence_start(max(0, index - 1)) - 1)
            first = self.sentence_start(first) if first else 0
            j = self._noun_before(index)  # the nearest noun before, in this or the last sentence
            if j >= first and self._plural_verb_next_to(index):
                # German "sie" is "she" and "they" alike; a plural verb beside it ("Sie hätten")
                # rules out the nouns whose article is singular ("den Dienst"), so "Die Techniker
                # haben den Dienst neu gestartet. Sie hätten ..." is about the engineers. With no
                # other noun in reach, the nearest one stays.
                back = j
                while back >= first and self._singular_de(back):
                    back = self._noun_before(back)
                if back >= first:
                    j = back
            if j >= first:
                k = self.kind(j)
                return Subject("system" if k == "system" else k, text)
            return Subject("staff", text)
        if kind == "it":
            return Subject("system", text)
        if kind in ("system", ""):
            owner = self._owner_name(index)
            role = "" if owner else self._owner_role(index)
            if owner or role:
                return Subject("system" if kind else "unknown", text, owner=owner, owner_role=role)
        if kind == "staff" and self.tokens[index].low in self.lex.gram("pronouns_person"):
            if self._antecedent_thing(index):
                return Subject("system", text)  # "Der Canary hätte ..., wenn er ..."
            name = self._antecedent_name(index)
            if name:
                return Subject("name", name, pronoun=text)  # "Alice deployed it. She should have"
        if kind == "":
            return Subject("unknown", text)
        return Subject(kind, text)

    def _person_only_verb_after(self, index: int) -> bool:
        """English: the verb of the pronoun at token ``index``, past auxiliaries, adverbs and
        negators in its clause, is one of the lexicon's ``person_only_verbs`` ("they had been
        *paying attention*", "they never *noticed*"). Only people do that, so the pronoun is
        people whatever noun stands nearest before it ("the replication alert")."""
        if self.lang != "en":
            return False
        verbs = self.lex.gram("person_only_verbs")
        skip = self.lex.gram("auxiliaries") | self.lex.gram("negators")
        _, last = self.clause_bounds(index)
        i = index + 1
        while i < last and (self.tokens[i].low in skip or self.is_adverb(i)):
            i += 1
        if i >= last:
            return False
        low = self.tokens[i].low
        pair = f"{low} {self.tokens[i + 1].low}" if i + 1 < last else low
        return low in verbs or pair in verbs

    def _owner_name(self, head: int) -> str:
        """The named person whose possessive stands before the noun at token ``head``, past at
        most two adjectives, in its clause: "Bob" for "Bob's (hasty) change", "Bobs Änderung",
        "Klaus' Änderung", or after it in German: "die Änderung von Alice"; "" if none."""
        if self.lang == "de" and head + 2 < len(self.tokens) and self.tokens[head + 1].low == "von" \
                and not self.clause_start[head + 1] and not self.clause_start[head + 2] \
                and self.kind(head + 2) == "name":
            return self.tokens[head + 2].text
        j = head - 1
        while j >= 0 and head - j <= 3 and not self.clause_start[j + 1] \
                and self.tokens[j].text[:1].islower() and not self.is_function(j):
            j -= 1  # an adjective: "Bob's hasty change"
        if j < 0 or head - j > 3 or self.clause_start[j + 1]:
            return ""
        token = self.tokens[j]
        if not token.text[:1].isupper() and not token.text.startswith("@"):
            return ""
        if self.lang == "en":
            bare = _strip_possessive(token.text)
            return bare if len(bare) < len(token.text) and self.kind(j) == "name" else ""
        if self.text.startswith(("'", "’"), token.end) and self.kind(j) == "name":
            return token.text  # "Klaus' Änderung"
        bare = token.text[:-1]  # the German genitive: "Bobs Änderung"
        if token.low.endswith("s") and len(bare) > 1 and (self._is_name(bare, bare.lower())
                                                          or bare.lower() in self.lex.word("first_names")):
            return bare
        return ""

    def _owner_role(self, head: int) -> str:
        """The role whose possessive qualifies the noun at token ``head``, in its clause, as
        written: "the on-call's" for "the on-call's restart", "his change" itself (English,
        before the noun past at most two adjectives); "des Entwicklers" for "die Änderung des
        Entwicklers", "vom Praktikanten" (German, right after it); "" if none."""
        if self.lang == "en":
            j = head - 1
            while j >= 0 and head - j <= 3 and not self.clause_start[j + 1] \
                    and self.tokens[j].text[:1].islower() and not self.is_function(j) \
                    and _strip_possessive(self.tokens[j].low) == self.tokens[j].low:
                j -= 1  # an adjective: "the on-call's manual restart"
            if j < 0 or head - j > 3 or self.clause_start[j + 1]:
                return ""
            low = self.tokens[j].low
            if low in self.lex.gram("possessives_staff"):
                return low + self.text[self.tokens[j].end:self.tokens[head].end]  # "his change"
            if _strip_possessive(low) == low or self.kind(j) != "staff":
                return ""
            article = j > 0 and not self.clause_start[j] and self.tokens[j - 1].low in self._determiners
            start = j - 1 if article else j
            return self.text[self.tokens[start].start:self.tokens[j].end]
        # German: a genitive or "von" right after the noun, past at most two adjectives
        j = head + 1
        if j >= len(self.tokens) or self.clause_start[j] \
                or self.tokens[j].low not in self.lex.gram("genitive_articles"):
            return ""
        k = j + 1
        while k < len(self.tokens) and k - j <= 3 and not self.clause_start[k] \
                and not self.tokens[k].text[:1].isupper():
            k += 1  # "des neuen Entwicklers"
        if k >= len(self.tokens) or k - j > 3 or self.clause_start[k] or self.kind(k) != "staff":
            return ""  # (a name after "von" is the owner: see _owner_name)
        return self.text[self.tokens[j].start:self.tokens[k].end]

    def _plural_verb_next_to(self, index: int) -> bool:
        """A German finite verb in the plural right before or after token ``index`` in its clause."""
        if self.lang != "de":
            return False
        plural = self.lex.gram("plural_verbs")
        first, last = self.clause_bounds(index)
        return any(first <= i < last and self.tokens[i].low in plural for i in (index - 1, index + 1))

    def _singular_de(self, noun: int) -> bool:
        """The German noun at token ``noun`` has an article (past at most two adjectives) that
        only the singular takes: "der", "das", "ein"..., or "den" before a noun that does not end
        in -n or -s (the dative plural does: "den Diensten")."""
        i = noun - 1
        while i >= 0 and noun - i <= 3 and not self.tokens[i].text[:1].isupper() \
                and not self.is_function(i):
            i -= 1  # an adjective: "den alten Dienst"
        if i < 0 or noun - i > 3:
            return False
        low = self.tokens[i].low
        if low in self.lex.gram("singular_determiners"):
            return True
        return low == "den" and not self.tokens[noun].low.endswith(("n", "s"))

    def _antecedent_thing(self, index: int) -> bool:
        """German: the "er" at token ``index`` stands for a thing, as English "it" would: the
        subject of the first clause of its sentence, when the pronoun is in a later clause
        ("Der Canary hätte den Fehler gezeigt, wenn *er* die Region abgedeckt hätte"), or else
        of the sentence before it in its paragraph ("Der Dienst startete neu. *Er* hätte ..."),
        is a system whose article a masculine pronoun can take (not "die", "das")."""
        if self.lang != "de":
            return False
        start = self.sentence_start(index)
        later = self.clause_bounds(index)[0] > start
        if not later:  # the pronoun's clause opens its sentence
            gap = (self.tokens[start - 1].end, self.tokens[start].start) if start else (0, 0)
            if start == 0 or _PARAGRAPH.search(self.text, *gap):
                return False
            start = self.sentence_start(start - 1)
        subject = self._sentence_subject(start)
        if not subject.text:
            return False
        first, last = self.clause_bounds(start)
        word = subject.text.split()[-1]
        head = next((i for i in range(first, last) if self.tokens[i].text == word), first)
        masculine = self._masculine_de(head, first)
        if subject.kind == "system":
            return masculine is not False
        if masculine is not False or not later or self.tokens[index].low != "er":
            return False
        # The subject is a person that "er" cannot stand for ("Die Bereitschaft", "Das Team"):
        # the pronoun agrees with the nearest noun before it whose article a masculine one can
        # take, as in a condition, unless its verb is something only people do. "Die
        # Bereitschaft hat den Alarm nicht bemerkt, weil er in einen stummen Kanal ging" gives
        # the alarm's reason, not the person's.
        own, own_last = self.clause_bounds(index)
        human = self.lex.word("human_verbs") | self.lex.word("human_participles") \
            | self.lex.word("cognitive_verbs")
        if any(self.tokens[i].low in human for i in range(own, own_last)):
            return False
        j = self._noun_before(index)
        while j >= start and self._masculine_de(j, max(start, j - 3)) is not True:
            j = self._noun_before(j)
        return j >= start and self.kind(j) == "system"

    def _masculine_de(self, head: int, floor: int) -> bool | None:
        """Whether the German noun at token ``head`` has an article (past at most two adjectives,
        not before token ``floor``) that a masculine pronoun can take: ``False`` for "die",
        "das", "eine"... (the lexicon's ``non_masculine_determiners``), ``True`` for another
        article, ``None`` with none; a term's first word counts as an adjective ("Der Load
        Balancer")."""
        i = head - 1
        while i >= floor and head - i <= 3 and not self.is_function(i) and (
                self.tokens[i].text[:1].islower() or (i == head - 1 and self.kind(i) == "")):
            i -= 1  # an adjective, "der alte Dienst", or a term's first word, "Der Load Balancer"
        if i < floor or not self.is_function(i):
            return None
        return self.tokens[i].low not in self.lex.gram("non_masculine_determiners")

    def _antecedent_name(self, index: int) -> str:
        """The name a "he"/"she"/"er" at token ``index`` stands for ("" if none): the subject
        of the nearest sentence before it in its paragraph whose subject is a person, if that
        subject is a name.

        Conservative on purpose: only sentences before the pronoun's, only their subjects (an
        object such as "paged Alice" does not count), and another person as the nearer subject
        ("The engineer paged Alice. He ...") keeps the pronoun a role. A sentence whose subject
        is itself such a pronoun passes on its own person. Every sentence's answer is kept, so a
        text costs one walk back over its sentences.
        """
        start = self.sentence_start(index)
        memo = self._antecedent_names
        path: list[int] = []
        name = ""
        while True:
            if start in memo:
                name = memo[start]
                break
            path.append(start)
            gap = (self.tokens[start - 1].end, self.tokens[start].start) if start else (0, 0)
            if start == 0 or _PARAGRAPH.search(self.text, *gap):
                break
            start = self.sentence_start(start - 1)
            subject = self._sentence_subject(start)
            if subject.kind == "name":
                name = subject.text
                break
            if subject.person and subject.text.lower() not in self.lex.gram("pronouns_person"):
                break  # another person is nearer
        for start in path:
            memo[start] = name
        return name

    def _sentence_subject(self, first: int) -> Subject:
        """The subject of the sentence that starts at token ``first`` (of its first clause); a
        name with the capitalised words after it ("Dave Miller": first names are known alone)."""
        _, last = self.clause_bounds(first)
        subject = self._subject_de_range(first, last) if self.lang == "de" else self._np_en(first, last)
        if subject.kind == "name" and subject.text:
            word = subject.text.split()[-1]
            head = next((i for i in range(first, last) if self.tokens[i].text == word), None)
            if head is not None:
                end = head + 1
                while end < last and self.tokens[end].text[:1].isupper() and self.kind(end) in ("", "name"):
                    end += 1
                subject = Subject("name", self.np_text(self._np_start_any(head, first), end))
        return subject

    def _np_start_any(self, head: int, floor: int) -> int:
        return self._np_start_de(head, floor) if self.lang == "de" else self._np_start(head, floor)

    def np_text(self, first: int, last: int) -> str:
        if first >= last:
            return ""
        first = max(first, last - _MAX_SUBJECT_TOKENS)
        return self.text[self.tokens[first].start:self.tokens[last - 1].end]

    def subject_before(self, index: int) -> Subject:
        """The grammatical subject of the clause in which token ``index`` is the verb phrase.

        A clause that starts with a coordinating conjunction and has no subject of its own
        shares the subject of the clause before ("The admin deleted the table and caused
        the outage").
        """
        subject = self._subject_de(index) if self.lang == "de" else self._subject_en(index)
        first, _ = self.clause_bounds(index)
        if self.lang == "de" and self._elided_subject_de(first, index):
            subject = NONE  # "... und verpasste alle Alarme", "... und alle Alarme verpasst"
        hops = 0
        coordinators = self.lex.gram("coordinators")
        while subject.kind in ("none", "passive") and first > 0 and hops < 2:
            prev_first, prev_last = self.clause_bounds(first - 1)
            joined = self.tokens[first].low in coordinators
            if not joined and prev_last - prev_first == 1 and self.tokens[prev_first].low in coordinators:
                joined = True  # "und damit ...": the conjunction is a clause of its own
                prev_first, prev_last = self.clause_bounds(prev_first - 1) if prev_first else (0, 0)
            if not joined or prev_last <= prev_first:
                break
            if self.lang == "de":
                subject = self._subject_de_range(prev_first, prev_last)
            else:
                subject = self._np_en(prev_first, prev_last)
            first = prev_first
            hops += 1
        return subject

    def _elided_subject_de(self, first: int, index: int) -> bool:
        """German: the clause from token ``first``, opened by a coordinator, has no subject of
        its own, and shares the one before, when the phrase at token ``index`` is its finite
        verb right after the coordinator ("und verpasste alle Alarme") or a participle at its
        end with no auxiliary in it ("hat geschlafen und alle Alarme verpasst"): the noun
        phrase in it is the object."""
        coordinators = self.lex.gram("coordinators")
        k = first
        while k < index and self.tokens[k].low in coordinators:
            k += 1
        if k == first:
            return False
        if k == index:
            return True
        _, last = self.clause_bounds(index)
        return index == last - 1 and not any(self.tokens[j].low in self._auxiliaries for j in range(k, last))

    def clause_subject(self, index: int) -> Subject:
        """The subject at the start of the clause, for adjuncts after the object
        ("The engineer deployed the change without testing it"); an infinitive clause of
        its own ("..., ohne vorher zu testen") takes the subject of the clause before."""
        first, _ = self.clause_bounds(index)
        for _hop in range(2):
            if self.lang == "de":
                subject = self._subject_de_range(first, index)
            else:
                subject = self._np_en(first, index) if first < index else NONE
            if subject.kind not in ("none", "passive") or first == 0:
                return subject
            first, _ = self.clause_bounds(first - 1)
        return subject

    def _subject_en(self, index: int, hops: int = 0) -> Subject:
        first, _ = self.clause_bounds(index)
        # The words before the phrase in its clause: tokens ``lo`` to ``hi``.
        lo, hi = first, index - 1
        if first not in self._leading_coordinators:
            coordinators = self.lex.gram("coordinators")
            past = first
            while past < len(self.tokens) and self.tokens[past].low in coordinators:
                past += 1
            self._leading_coordinators[first] = past
        # "... and missed every page": the subject is shared (see subject_before)
        lo = min(self._leading_coordinators[first], hi + 1)
        # Skip adverbs and auxiliaries right before the phrase ("the engineer clearly should",
        # "Bob was careless", "the admin had ignored").
        if lo <= hi:
            hi = max(self._run_start(self._modifier_run, hi, self._in_verb_group), lo) - 1
        head = self._head_en(lo, hi)
        relative = self.lex.gram("relatives")
        starts_relative = lo <= hi and self.tokens[lo].low in relative
        if starts_relative:
            after = lo + 1
            if after <= hi and (self.tokens[after].low in self._determiners
                                or self.kind(after) in ("we", "staff", "name", "they", "it")):
                head = self._head_en(after, hi)
            else:
                head = None
                if first > 0 and hops < 3:  # subject relative clause: the antecedent is the subject
                    return self._subject_en_before(first, hops + 1)
        if head is None and lo + 2 <= hi and self.tokens[hi].low in self._determiners \
                and self.tokens[hi - 1].low in self.lex.word("making_verbs"):
            # An adjective of the object of a verb of making ("Bob made a careless change"):
            # the judgement is of the subject's work, so the subject is the one judged.
            head = self._head_en(lo, hi - 2)
        if head is None:
            gap = self.text[self.tokens[first - 1].end:self.tokens[first].start] if first > 0 else ""
            if lo > hi and first > 0 and "," in gap and hops < 3:
                return self._subject_en_before(first, hops + 1)
            return NONE if lo > hi else Subject("unknown", self.np_text(lo, hi + 1))
        text = self.np_text(self._np_start(head, first), self._name_end(head, hi))
        return self.resolve(self.kind(head), head, text)

    def _name_end(self, head: int, hi: int) -> int:
        """The token after the noun phrase whose head is ``head``: after the surname that follows
        a first name ("Dave Miller"), if one does by token ``hi``."""
        end = head + 1
        if self.kind(head) == "name" and end <= hi and self.tokens[end].text[:1].isupper() \
                and not self.kind(end) and not self.clause_start[end]:
            end += 1
        return end

    def _subject_en_before(self, first: int, hops: int) -> Subject:
        """The subject for a clause whose own subject is further left (``X, who ..., should``)."""
        j = self._antecedent_end(first - 1)
        if j < 0:
            return NONE
        a, _ = self.clause_bounds(j)
        head = self._head_en(a, j)
        if head is None:
            return NONE
        named = self._apposed_name(a, head)
        if named is not None:
            return named
        # a full name, also set off by commas after a role: "The on-call engineer, Marco Ruiz, failed to"
        text = self.np_text(self._np_start(head, a), self._name_end(head, j))
        return self.resolve(self.kind(head), head, text)

    def _apposed_name(self, first: int, head: int) -> Subject | None:
        """The name that a role between commas, the clause from token ``first`` with its head at
        ``head``, stands in apposition to: "Frank, the on-call engineer, ignored three pages" is
        about Frank, a name the document or the common first names give. ``None`` if there is no
        such name."""
        if self.kind(head) != "staff" or first < 1 or self.tokens[first].low not in self._determiners:
            return None
        name = first - 1
        if "," not in self.text[self.tokens[name].end:self.tokens[first].start]:
            return None
        start = name
        if start > 0 and not self.clause_start[start] and self.kind(start - 1) == "name":
            start -= 1  # "Dave Miller, the on-call engineer"
        if not (start == 0 or self.clause_start[start]) or not self.tokens[name].text[:1].isupper():
            return None
        if self.kind(name) != "name":
            if not self._first_name_and_surname(name):
                return None  # "Marcus, our SRE": a word not known as a name stays unknown; the role decides
            start = name - 1  # "Marco Ruiz, the on-call engineer": a full name set off by a role
            if not (start == 0 or self.clause_start[start]):
                return None
        return Subject("name", self.np_text(start, name + 1))

    def _first_name_and_surname(self, surname: int) -> bool:
        """True if token ``surname``, capitalised and of no known class, follows a capitalised
        common first name in its clause ("Marco Ruiz"): a full name, even of someone the
        document does not list."""
        if surname < 1 or self.clause_start[surname] or self.kind(surname) != "":
            return False
        first, last = self.tokens[surname - 1], self.tokens[surname]
        return (first.text[:1].isupper() and last.text[:1].isupper()
                and first.low in self.lex.word("first_names"))

    def _antecedent_end(self, index: int) -> int:
        """``index``, or the token before the parenthetical relative clauses that end at it
        ("X, who was on call, should have"); -1 if they start the text."""
        memo = self._antecedents
        path: list[int] = []
        j = index
        relatives = self.lex.gram("relatives")
        while j >= 0:
            if j in memo:
                j = memo[j]
                break
            path.append(j)
            a, _ = self.clause_bounds(j)
            if self.tokens[a].low in relatives and a > 0:
                j = a - 1
                continue
            break
        for i in path:
            memo[i] = j
        return j

    def _np_start(self, head: int, floor: int) -> int:
        """The first token of the noun phrase whose head is ``head``, not before ``floor``."""
        if head <= floor or self._pronoun(head):
            return head  # a pronoun is its noun phrase: not "Bob said he", but "he"
        # Where the walk left from ``head`` stops without a floor.
        memo = self._np_floor
        path: list[int] = []
        i = head
        while True:
            if memo[i] != _UNKNOWN:
                result = memo[i]
                break
            path.append(i)
            if i == 0 or self.clause_start[i]:
                result = i
                if i < head and self.tokens[i].low in self.boundary_words:
                    # "because Bob", "and he": a conjunction starts the clause, not the noun phrase
                    path.pop()  # (a walk from the conjunction itself would end there)
                    result = i + 1
                break
            prev = self.tokens[i - 1].low
            if prev in self._prepositions or prev in self._auxiliaries:
                result = i
                break
            if prev in self._determiners:
                result = i - 1
                break
            i -= 1
        for i in path:
            memo[i] = result
        return max(floor, result)

    def _pronoun(self, index: int) -> bool:
        """A personal pronoun: "he", "she", "they", "we", "I", "someone"."""
        low = self.tokens[index].low
        return any(low in self.lex.gram(name) for name in
                   ("pronouns_we", "pronouns_staff", "pronouns_resolve", "pronouns_person"))

    def _head_en(self, lo: int, hi: int) -> int | None:
        """Head noun of the noun phrase ending at token ``hi`` of tokens ``lo``-``hi``
        (English: head-final, PPs follow)."""
        if hi < lo:
            return None
        memo = self._heads
        path: list[tuple[int, int]] = []
        idx = hi
        result: int | None
        while True:
            key = (lo, idx)
            if key in memo:
                result = memo[key]
                break
            path.append(key)
            if self.kind(idx) in ("we", "staff", "they", "it", "name"):
                result = idx
                break
            if idx > lo and not self.clause_start[idx] and self.tokens[idx].low in self._postmodifiers \
                    and self.kind(idx - 1) in _NOUN_KINDS:
                idx -= 1  # "the engineer involved", "the team concerned"
                continue
            if idx > lo and not self.clause_start[idx] and self.tokens[idx].text[:1].isupper() \
                    and not self.kind(idx) and self.kind(idx - 1) == "name":
                result = idx - 1  # a surname after a first name: "Dave Miller"
                break
            if self.is_function(idx):
                result = None
                break
            # The noun phrase: back over modifiers to a determiner or the start of the range.
            stop = self._stopper_before(idx)
            if stop < lo:
                start = lo
            elif self.tokens[stop].low in self._determiners:
                start = stop
            else:
                start = stop + 1
            # A postmodifying phrase ("the owner of the service"): its head is further left.
            if start - lo > 1 and self.tokens[start - 1].low in self._prepositions:
                before = start - 2
                if not self.is_function(before) or self.tokens[before].low in ("'s",):
                    idx = before
                    continue
            result = idx
            break
        for key in path:
            memo[key] = result
        return result

    def _subject_de(self, index: int) -> Subject:
        first, last = self.clause_bounds(index)
        subject = self._subject_de_range(first, last)
        if subject is NONE and (index == first or self.tokens[first].low in self._auxiliaries):
            return self._subject_before_relative_de(first) or self._apposed_name_de(first) or subject
        return subject

    def _apposed_name_de(self, first: int) -> Subject | None:
        """The name set off by commas after a role, for a clause that opens with its verb: "Der
        Bereitschaftsingenieur, Marco Ruiz, hat es versäumt" is about Marco Ruiz, as "Marco Ruiz
        hat es versäumt" is. Only a name (one the document or the common first names give, with
        its surname), only after a role that opens the sentence: an unknown word between commas
        may be anything."""
        if first == 0 or "," not in self.text[self.tokens[first - 1].end:self.tokens[first].start]:
            return None
        name, _ = self.clause_bounds(first - 1)
        if name == 0 or self.kind(name) != "name" \
                or "," not in self.text[self.tokens[name - 1].end:self.tokens[name].start]:
            return None
        end = self._surname_end_de(name, first)
        if end != first:
            return None  # more than a name between the commas
        role, _ = self.clause_bounds(name - 1)
        if role != self.sentence_start(role) or name - role > 6:
            return None
        if self._subject_de_range(role, name).kind != "staff":
            return None
        return Subject("name", self.np_text(name, end))

    def _surname_end_de(self, head: int, last: int) -> int:
        """The token after the name at token ``head``, past a surname after a common first name
        ("Marco Ruiz"), if the name then ends: at the end of its clause, before a verb ("Marco Ruiz
        hat") or an article ("weil Marco Ruiz das Dashboard"). A German noun is capitalised too:
        "hat Marco Änderungen ignoriert" is about Marco."""
        end = head + 1
        if self.kind(head) == "name" and end < len(self.tokens) and self._first_name_and_surname(end) \
                and (end + 1 >= last or self.clause_start[end + 1]
                     or self.tokens[end + 1].low in self._auxiliaries | self._determiners):
            end += 1
        return end

    def _subject_before_relative_de(self, first: int) -> Subject | None:
        """The subject of a main clause that a relative clause interrupts: in "Der Entwickler,
        der das geschrieben hat, hat es nicht getestet" the clause after the relative one opens
        with its verb, and its subject is the short noun phrase before the relative clause."""
        if first == 0 or "," not in self.text[self.tokens[first - 1].end:self.tokens[first].start]:
            return None
        relative, _ = self.clause_bounds(first - 1)
        if relative == 0 or self.tokens[relative].low not in self.lex.gram("relative_pronouns") \
                or "," not in self.text[self.tokens[relative - 1].end:self.tokens[relative].start]:
            return None
        start, end = self.clause_bounds(relative - 1)
        # a noun phrase alone ("Der Entwickler", "Sven", "die Kollegin vom Nachtdienst"), not a
        # clause with a verb of its own
        if end - start > 6 or any(self.tokens[i].low in self._auxiliaries for i in range(start, end)):
            return None
        subject = self._subject_de_range(start, end)
        return None if subject is NONE else subject

    def _subject_de_range(self, first: int, last: int) -> Subject:
        """German: the first noun phrase of the range not governed by a preposition/oblique article."""
        if (first, last) not in self._de_subjects:  # a clause is asked once for each phrase in it
            self._de_subjects[first, last] = self._find_subject_de(first, last)
        return self._de_subjects[first, last]

    def _find_subject_de(self, first: int, last: int) -> Subject:
        lex = self.lex
        oblique = lex.gram("oblique")
        preps = lex.gram("prepositions")
        # A capitalised word of no known class that opens the clause before its finite verb
        # ("GitLab hätte ...", "Jenkins hat ...") is the subject if no known one follows: a
        # product or a team as often as a person, so unknown, never a subjectless fragment.
        opening = (first + 1 < last and self.tokens[first].text[:1].isupper() and not self.kind(first)
                   and not self.is_function(first) and self.tokens[first + 1].low in self._auxiliaries)
        for i in range(first, last):
            tok = self.tokens[i]
            low = tok.low
            if low in lex.gram("determiners") and i + 1 < last and self.tokens[i + 1].text[:1].isupper() \
                    and self.tokens[i + 1].low not in lex.gram("auxiliaries"):
                continue  # an article, not the pronoun "das"
            kind = self.kind(i)
            if kind == "it" and low == "es":
                continue  # "es wurde versäumt": an expletive, not a subject
            if kind == "it" and i == first and (person := self._after_fronted_object_de(i, last)):
                return person  # "Das hätte man wissen müssen": "das" is the object
            if not kind:
                # An unknown noun with a nominative article still takes the subject slot.
                if (tok.text[:1].isupper() and i > first
                        and self.tokens[i - 1].low in lex.gram("determiners")
                        and not self._governed_de(i, first, oblique, preps)):
                    if i + 1 < last and self.tokens[i + 1].text[:1].isupper() \
                            and self.kind(i + 1) in ("system", "staff", "outsider"):
                        # a term of two English words, its head known: "Der Load Balancer"
                        return self.resolve(self.kind(i + 1), i + 1, self.np_text(i - 1, i + 2))
                    owner = self._owner_name(i)  # "die Arbeit von Alice"
                    return Subject("unknown", self.np_text(i - 1, i + 1), owner=owner,
                                   owner_role="" if owner else self._owner_role(i))
                if tok.text[:1].isupper() and (owner := self._owner_name(i)):
                    return Subject("unknown", self.np_text(i - 1, i + 1), owner=owner)  # "Bobs Arbeit"
                continue
            if self._governed_de(i, first, oblique, preps):
                continue
            head = self._head_de(i, last)
            text = self.np_text(self._np_start_de(i, first), self._surname_end_de(head, last))
            return self.resolve(self.kind(head) or kind, head, text)
        if opening:
            return Subject("unknown", self.tokens[first].text)
        passive = lex.gram("passive")
        return Subject("passive") if any(self.tokens[i].low in passive for i in range(first, last)) else NONE

    def _head_de(self, i: int, last: int) -> int:
        """The head of the German noun phrase whose first classified word is at token ``i``: the
        noun after an adjective that names a person's role ("der *zuständige* Entwickler", "die
        *verantwortliche* Stelle"), and the last of two capitalised words that name one role or one
        person ("Lead SRE", "Anna Schäfer"). An object after the subject stays out: "hat der Admin Alarme
        ignoriert" is about the admin."""
        head = i
        tok = self.tokens[i]
        nxt = i + 1
        if (tok.text[:1].islower() and tok.low.endswith(("e", "en", "er", "es", "em")) and nxt < last
                and not self.clause_start[nxt] and self.tokens[nxt].text[:1].isupper()
                and not self.is_function(nxt) and self.tokens[nxt].low not in self._auxiliaries):
            head = nxt
        while (head + 1 < last and not self.clause_start[head + 1]
               and self.tokens[head + 1].text[:1].isupper()
               and self.kind(head) in ("staff", "name") and self.kind(head + 1) == self.kind(head)):
            head += 1
        if (head == i and tok.text[:1].isupper() and self.kind(head) == "system" and nxt < last
                and not self.clause_start[nxt] and self.tokens[nxt].text[:1].isupper()
                and self.kind(nxt) == "staff" and self.tokens[nxt].low not in self.lex.gram("product_roles")):
            head = nxt  # a role of two English words, its head a role: "der Release Manager"
        return head

    def _after_fronted_object_de(self, i: int, last: int) -> Subject | None:
        """The person after the finite verb when a demonstrative ("das", "dies") opens the clause
        before it: German puts the object first for emphasis, so in "Das hätte man wissen
        müssen" and "Das hätte der Admin prüfen müssen" the subject follows the verb. Only a
        person counts; otherwise the demonstrative stays the subject ("Das hätte nicht
        passieren dürfen", "Das hätte der Job erledigen müssen" are about things)."""
        if i + 1 >= last or self.tokens[i + 1].low not in self._auxiliaries:
            return None
        after = self._find_subject_de(i + 2, last)
        return after if after.person else None

    def _governed_de(self, i: int, first: int, oblique: frozenset[str], preps: frozenset[str]) -> bool:
        """True if a preposition or an oblique article governs the noun at ``i``."""
        j = i - 1
        steps = 0
        while j >= first and steps < 4:
            low = self.tokens[j].low
            if low in oblique and j + 1 < i and self._nominative_article_de(j + 1):
                # Two articles never open one noun phrase: before "das Werkzeug", "den" is a
                # relative pronoun ("ein Schritt, den das Werkzeug hätte automatisieren können").
                return False
            if low in preps or low in oblique:
                return True
            adjective = (self.tokens[j].text[:1].islower() and low.endswith(("e", "en", "er", "es", "em"))
                         and low not in self.lex.gram("auxiliaries") and not self.kind(j))
            if low in self.lex.gram("determiners") or adjective:
                j -= 1
                steps += 1
                continue
            break
        return False

    def _nominative_article_de(self, i: int) -> bool:
        low = self.tokens[i].low
        return low in self.lex.gram("determiners") and low not in self.lex.gram("oblique")

    def _np_start_de(self, head: int, floor: int) -> int:
        """The first token of the German noun phrase whose head is ``head``, not before ``floor``."""
        if head <= floor:
            return head
        # Where the walk left from ``head`` stops without a floor.
        memo = self._np_floor_de
        path: list[int] = []
        i = head
        while True:
            if memo[i] != _UNKNOWN:
                result = memo[i]
                break
            path.append(i)
            prev = self.tokens[i - 1] if i > 0 else None
            if prev is not None and self.titled[i]:
                i -= 1  # "Frau Schmidt": the title belongs to the name
                continue
            if prev is None or not (prev.text[:1].islower() and prev.low not in self._auxiliaries
                                    and prev.low not in self.boundary_words):
                result = i
                break
            if prev.low in self._determiners:
                result = i - 1
                break
            i -= 1
        for i in path:
            memo[i] = result
        return max(floor, result)

    def np_after(self, index: int, limit: int | None = None) -> Subject:
        """The noun phrase starting at token ``index`` (for "the fault of X", "blamed on X")."""
        _, last = self.clause_bounds(min(index, len(self.tokens) - 1)) if self.tokens else (0, 0)
        if limit is not None:
            last = min(last, limit)
        if index >= last:
            return NONE
        if self.lang == "de":
            return self._np_de(index, last)
        return self._np_en(index, last)

    def verb_like(self, index: int) -> bool:
        low = self.tokens[index].low
        if self.kind(index):
            return False
        return low in self.lex.gram("verbs") or (self.lang == "en" and low.endswith(("ed", "ing")))

    def _np_en(self, index: int, last: int) -> Subject:
        lex = self.lex
        i = index
        while i < last and (self.tokens[i].low in lex.gram("determiners") or self.is_adverb(i)):
            if self.kind(i) == "we" and not (i + 1 < last and not self.is_function(i + 1)):
                return self.resolve("we", i, self.tokens[i].text)  # "our fault", "blame us"
            i += 1
        while i + 1 < last and self.tokens[i].low == "of" and i > index:
            i += 1  # partitive: "one of our engineers", "some of the team"
            while i < last and self.tokens[i].low in lex.gram("determiners"):
                if self.kind(i) == "we" and not (i + 1 < last and not self.is_function(i + 1)):
                    return self.resolve("we", i, self.tokens[i].text)
                i += 1
        start = i
        run: list[int] = []
        while i < last and len(run) < 4:
            kind = self.kind(i)
            low = self.tokens[i].low
            possessive = low.endswith(("'s", "’s", "s'"))
            if kind == "name":
                # The name and a title or other names before it ("Mr. Smith", "Mary Ann"), not
                # a word of no known class before it: "Ask Bob to be more careful" is about "Bob".
                first = i
                while first > start and (self.kind(first - 1) == "name"
                                         or self.tokens[first - 1].low in self.lex.gram("titles")):
                    first -= 1
                return self.resolve(kind, i, self.np_text(first, i + 1))
            if kind == "we" or (kind == "staff" and possessive):
                return self.resolve(kind, i, self.np_text(start, i + 1))
            if i > start and self.clause_start[i]:
                break
            if not kind and self.verb_like(i) and not run and i + 1 < last \
                    and not self.is_function(i + 1) and not self.verb_like(i + 1):
                run.append(i)  # a participle used as an adjective: "a misconfigured switch"
                i += 1
                continue
            if not kind and (self.is_function(i) or self.verb_like(i)):
                break
            if kind in ("we", "it", "they") and run:
                break
            run.append(i)
            if low.endswith(("'s", "’s")):
                break  # a possessor ends the phrase we look at: "the parser's error"
            i += 1
        if not run:
            return NONE
        head = run[-1]
        if not self.kind(head):
            classified = [j for j in run if self.kind(j)]
            if classified:
                head = classified[-1]
        return self.resolve(self.kind(head), head, self.np_text(start, run[-1] + 1))

    def _np_de(self, index: int, last: int) -> Subject:
        i = index
        steps = 0
        while i < last and steps < 5:
            tok = self.tokens[i]
            kind = self.kind(i)
            if kind and kind != "it":
                return self.resolve(kind, i, self.np_text(index, i + 1))
            if tok.text[:1].isupper() and tok.low not in self.lex.gram("determiners"):
                run = [i]
                while run[-1] + 1 < last and self.tokens[run[-1] + 1].text[:1].isupper() \
                        and not self.clause_start[run[-1] + 1]:
                    run.append(run[-1] + 1)  # "Load Balancer", "Alice Schmidt"
                classified = [j for j in run if self.kind(j) and self.kind(j) != "it"]
                if classified:
                    return self.resolve(self.kind(classified[-1]), classified[-1],
                                        self.np_text(index, run[-1] + 1))
                genitive = self._genitive_name(run[-1])
                if genitive:
                    return Subject("name", genitive)  # "Johns Schuld", "Klaus' Schuld"
                return Subject("unknown", self.np_text(index, run[-1] + 1))
            i += 1
            steps += 1
        return NONE

    def _genitive_name(self, index: int) -> str:
        """The name whose German genitive the token at ``index`` is ("Johns", "Klaus'"), or ""."""
        token = self.tokens[index]
        if self.text.startswith(("'", "’"), token.end):
            bare = token.text
        elif token.low.endswith("s") and len(token.text) > 2:
            bare = token.text[:-1]
        else:
            return ""
        low = bare.lower()
        return bare if self._is_name(bare, low) or low in self.lex.word("first_names") else ""

    def group_subject(self, start: int, end: int) -> Subject:
        """Classify the noun phrase in a pattern's ``who`` group."""
        first = self.index_at(start)
        if first < len(self.tokens) and self.tokens[first].start > start and first > 0 \
                and self.tokens[first - 1].end > start:
            first -= 1
        limit = first
        while limit < len(self.tokens) and self.tokens[limit].start < end:
            limit += 1
        if first >= limit:
            return NONE
        if self.lang == "de":
            return self._np_de(first, limit)
        return self._np_en(first, limit)

    def passive_before(self, index: int) -> bool:
        """True if the phrase at token ``index`` is a passive participle ("was ignored")."""
        j = self._run_start(self._adverb_run, index - 1, self.is_adverb) - 1 if index > 0 else -1
        return j >= 0 and not self.clause_start[index] and self.tokens[j].low in self.lex.gram("passive")

    def agent_after(self, end_index: int) -> Subject | None:
        """The agent of a passive ("... by the on-call engineer", "... von dem Admin")."""
        _, last = self.clause_bounds(max(0, end_index - 1))
        agents = self.lex.gram("agent")
        for i in range(end_index, min(last, end_index + 6)):
            if self.tokens[i].low in agents:
                return self.np_after(i + 1)
        return None

    def explained(self, index: int) -> bool:
        """True if the sentence goes on to explain the action by something other than a person.

        "The responder missed the first page because the phone was on the wrong network" is
        the blameless form of "the responder missed the page": it gives the local reason.
        "... because he was tired" is not: the explanation is about the person again.
        """
        end = len(self.tokens)
        if self._prescribed(index) or self._procedure_said(index):
            return True
        i = self._explanation_at(index + 1)
        if i >= end or _EXPLANATION_END.search(self.text[self.tokens[i - 1].end:self.tokens[i].start]):
            return False
        _, last = self.clause_bounds(i + 1) if i + 1 < end else (0, 0)
        if i + 1 >= end:
            return False
        reason = self._subject_de_range(i + 1, last) if self.lang == "de" else self._np_en(i + 1, last)
        return reason.kind not in ("name", "staff", "we")

    def _prescribed(self, index: int) -> bool:
        """True if the sentence of token ``index`` says the action followed a procedure: a word
        of the lexicon's ``prescribers`` before one of its ``procedures``, past "to" and
        articles ("Per the runbook, ...", "... according to the playbook", "Laut Runbook ...").
        Not after a word of ``contrasts`` ("instead of following the runbook", "contrary
        to", "entgegen dem Runbook"): what the procedure said is the reason, not what
        departed from it."""
        prescribers = self.lex.gram("prescribers")
        if not prescribers:
            return False
        contrasts = self.lex.gram("contrasts")
        sentence = self.sentence_start(index)
        # Within a reach of words: a run of words without a full stop is no sentence to search
        # for every phrase in it.
        i = max(sentence, index - _CONDITION_REACH)
        stop = min(len(self.tokens), index + _CONDITION_REACH)
        while i < stop and (i <= index or self.sentence_start(i) == sentence):
            if self.tokens[i].low in prescribers and not (i > 0 and self.tokens[i - 1].low in contrasts):
                j = i + 1
                while j < len(self.tokens) and j < i + 4 and (
                        self.tokens[j].low in self._determiners or self.tokens[j].low == "to"):
                    j += 1
                if self._procedure_at(j):
                    return True
            i += 1
        return False

    def at_a_moment(self, first: int, after: int) -> bool:
        """True if a clause of the lexicon's ``moments`` stands before the phrase from token
        ``first`` in its sentence or right after it, ending before token ``after``: "Once the
        traces were in, the cause was obvious", "the cause was obvious after we enabled debug
        logging". Not when the sentence looks back (a word of ``retrospection``: "in
        hindsight", "looking back", "now"), nor for "after the fact"."""
        moments = self.lex.gram("moments")
        if not moments:
            return False
        sentence = self.sentence_start(first)
        stop = min(len(self.tokens), after + _CONDITION_REACH)
        i = max(sentence, first - _CONDITION_REACH)
        found = False
        while i < stop and (i < first or self.sentence_start(i) == sentence):
            low = self.tokens[i].low
            if low in self.lex.gram("retrospection"):
                return False
            if low in moments and self.clause_start[i] and (i < first or i == after) \
                    and [t.low for t in self.tokens[i + 1:i + 3]] != ["the", "fact"]:
                found = True
            i += 1
        return found

    def _procedure_said(self, index: int) -> bool:
        """True if a clause after a semicolon, a colon or a dash later in the sentence of token
        ``index`` says what a procedure said, as its reason: "The on-call did not escalate; the
        runbook said to wait 15 minutes", "...: so verlangte es das Runbook". Not after a word of
        ``counterpoints`` ("; however, the runbook said to page the DBA" sets the two against
        each other)."""
        verbs = self.lex.gram("prescribing_verbs")
        if not verbs:
            return False
        sentence = self.sentence_start(index)
        stop = min(len(self.tokens), index + _CONDITION_REACH)
        before = [self.tokens[j].low for j in range(max(sentence, index - _CONDITION_REACH), index + 1)]
        k = index + 1
        while k < stop and self.sentence_start(k) == sentence:
            if _REASON_AFTER.search(self.text[self.tokens[k - 1].end:self.tokens[k].start]):
                _, last = self.clause_bounds(k)
                words = [self.tokens[j].low for j in range(k, min(last, stop))]
                if any(self._procedure_word(low) for low in before) \
                        or self.lex.gram("counterpoints") & set(words):
                    return False  # "did not follow the runbook; the runbook said ...": no reason
                return bool(verbs & set(words)) and any(self._procedure_word(low) for low in words)
            before.append(self.tokens[k].low)
            k += 1
        return False

    def _procedure_word(self, low: str) -> bool:
        procedures = self.lex.gram("procedures")
        return any(form in procedures for form in _forms(low, self.lang))

    def _procedure_at(self, j: int) -> bool:
        """A word of the lexicon's ``procedures`` at token ``j``, the head of its noun phrase (in
        English not a modifier: "following the procedure change"; German joins a compound)."""
        if j >= len(self.tokens):
            return False
        procedures = self.lex.gram("procedures")
        if not any(form in procedures for form in _forms(self.tokens[j].low, self.lang)):
            return False
        return self.lang == "de" or j + 1 >= len(self.tokens) or self.clause_start[j + 1] \
            or self.is_function(j + 1)

    def purposed(self, index: int) -> bool:
        """True if the sentence goes on from token ``index`` with the trade-off of a decision (a
        word of the lexicon's ``purposes``): "accepting the risk", "und nahm das Risiko in
        Kauf". A decision with its trade-off is the account a decision record gives, not
        intent guessed at."""
        purposes = self.lex.gram("purposes")
        sentence = self.sentence_start(index) if index < len(self.tokens) else -1
        for i in range(index, min(len(self.tokens), index + _CONDITION_REACH)):
            if self.sentence_start(i) != sentence:
                break
            if self.tokens[i].low in purposes:
                return True
        return False

    def conditioned_on_system(self, index: int, end: int) -> bool:
        """True if the phrase from token ``index`` to ``end`` is an ability ("could have",
        "hätte ... können") that another clause of its sentence makes depend on a system's
        state: "we could have updated it if the status page had been in another region", "If
        the status page had been in another region, we could have updated it", "Die
        Bereitschaft hätte den Alarm sehen können, wenn er auf dem Dashboard gewesen wäre".
        Such a sentence says what the system kept people from doing, not what they failed to
        do. "should have" / "müssen" judge what ought to have been done whatever the system
        did, and a condition about people ("if we had tested it") is the counterfactual."""
        abilities = self.lex.gram("ability_modals")
        if not any(self.tokens[i].low in abilities for i in range(index, min(end, len(self.tokens)))):
            return False
        # "would have caught it" is the consequence of its sentence's condition: with a condition
        # about a system it is no judgement, and one about a person is reported at the condition.
        consequence = any(self.tokens[i].low in self.lex.gram("consequence_modals")
                          for i in range(index, min(end, len(self.tokens))))
        own_first, _ = self.clause_bounds(index)
        # The sentence, within a reach of words: a run of words without a full stop is no
        # sentence to search for every phrase in it.
        start = max(self.sentence_start(index), index - _CONDITION_REACH)
        stop = end
        sentence = self.sentence_start(index)
        while stop < min(len(self.tokens), end + _CONDITION_REACH) and self.sentence_start(stop) == sentence:
            stop += 1
        conditionals = self.lex.gram("conditionals")
        inverted = self.lex.gram("inverted_conditionals")
        c = start
        while c < stop:
            first, last = self.clause_bounds(c)
            last = min(last, stop)
            low = self.tokens[first].low
            if first != own_first and first + 1 < last and (low in conditionals or low in inverted) \
                    and (consequence or self._system_condition(first + 1, last, first)):
                return True
            c = last
        return False

    def option_declined(self, index: int, end: int) -> bool:
        """True if the phrase from token ``index`` to ``end`` is an ability ("could have rolled
        back", "hätten zurückrollen können") that its sentence goes on to weigh as an option,
        as a decision record gives it: an option that was there and why it was not taken.

        - After a word of the lexicon's ``concessions``, what the option would have done (a
          word of its ``weighing``) said of a system, a thing ("that", "das") or the authors:
          "We could have rolled back, but the rollback (that, it) would have restarted every
          pod". What the option would have done may follow the system's fact in a clause
          joined to it by a word of ``additives`` or ``consequences``: "..., but replication
          there was 40 minutes behind and we would have lost orders", "..., but the edge had
          no per-tenant limits, so every tenant would have been throttled".
        - After such a word, a fact of an outsider or of a procedure, stated in the
          indicative: "..., but the vendor gave no ETA", "..., but the runbook routes storage
          alerts to platform", "das Runbook leitet Storage-Alerts aber an Platform" (the
          reason lies outside the team); a procedure's fact only as said, not denied ("but
          the runbook did not mention it" says what kept people from the option).
        - What the option would have done, joined by a word of ``consequences`` ("so",
          "which", "also", "sodass") with no word of ``remedies`` in it: "We could have
          declared a SEV1, which would have paged the executive on-call"; "..., which would
          have prevented the outage" is the hindsight counterfactual.
        - After a semicolon, the option the authors took (``we`` and a word of ``choices``):
          "We could have restarted the whole fleet; we chose a rolling restart".

        "..., but we did not look at the dashboard" is about people again, "..., but it was
        not documented" says what kept people from an option (the counterfactual stays), and
        "should have" judges whatever the system did. A word of ``opening_concessions``
        ("doch") is one only where it opens its clause (", doch die Replik lag ..."), not as
        a particle."""
        concessions = self.lex.gram("concessions")
        opening = self.lex.gram("opening_concessions")
        consequences = self.lex.gram("consequences")
        abilities = self.lex.gram("ability_modals") - self.lex.gram("consequence_modals")
        if not (concessions or opening) or not any(self.tokens[i].low in abilities
                                                   for i in range(index, min(end, len(self.tokens)))):
            return False
        sentence = self.sentence_start(index)
        own_first, _ = self.clause_bounds(index)
        weighing = self.lex.gram("weighing")
        german = self.lang == "de"
        i = end
        stop = min(len(self.tokens), end + _CONDITION_REACH)
        while i < stop and self.sentence_start(i) == sentence:
            low = self.tokens[i].low
            if low in concessions or (low in opening and self.clause_start[i]):
                _, last = self.clause_bounds(i + 1) if i + 1 < len(self.tokens) else (0, 0)
                if i + 1 >= last:
                    return False
                first = i + 1
                if german and self._subject_de_range(first, last).kind == "none":
                    # "das Runbook leitet Storage-Alerts aber an Platform": "aber" inside its
                    # clause, whose subject stands before it
                    before, _ = self.clause_bounds(i - 1)
                    if before > own_first:
                        first = before
                reason = self._subject_de_range(first, last) if german else self._np_en(first, last)
                # what the option would have done ("would have restarted", "hätte ... neu
                # gestartet"), in the clause or one joined to it by "and" or "so"
                if any(self.tokens[j].low in weighing
                       for j in range(first, self._coordinated_end(last, sentence))):
                    # "we" as what the option would have cost us ("but we would have lost
                    # orders"), not what we did ("but we did not look ... and it would have")
                    own = any(self.tokens[j].low in weighing for j in range(first, last))
                    return reason.kind in ("system", "it", "unknown", "outsider") \
                        or (reason.kind == "we" and own) \
                        or self.tokens[first].low in self.lex.gram("demonstratives")
                return self._outside_fact(first, last, reason) or self._system_state(first, last, i, reason)
            if low in consequences and self.clause_start[i] and self.clause_bounds(i)[0] != own_first:
                _, last = self.clause_bounds(i + 1) if i + 1 < len(self.tokens) else (0, 0)
                remedies = self.lex.gram("remedies")
                words = range(i + 1, last)
                return any(self.tokens[j].low in weighing for j in words) \
                    and not any(self.tokens[j].low in remedies for j in words)
            if self.clause_start[i] and ";" in self.text[self.tokens[i - 1].end:self.tokens[i].start]:
                first, last = self.clause_bounds(i)
                chosen = self._subject_de_range(first, last) if german else self._np_en(first, last)
                choices = self.lex.gram("choices")
                return chosen.kind == "we" and any(self.tokens[j].low in choices for j in range(first, last))
            i += 1
        return False

    def option_costed(self, index: int) -> bool:
        """True if the phrase at token ``index`` goes on, after a semicolon or a colon, from a
        clause of its sentence that weighs an option: a system said to have had a cost (a word
        of ``weighing``, none of ``remedies``) as a decision's rationale gives it. "Ein Hotfix
        hätte 40 Minuten gedauert; der Entwickler hätte ihn erst schreiben und testen müssen"
        says what taking the option would have required. Not "...; der Admin hätte ihn nur
        starten müssen" (a word of ``restrictors``: all it took), and not after what the option
        would have prevented ("Der Rollback hätte den Ausfall verhindert; ...")."""
        own_first, own_last = self.clause_bounds(index)
        sentence = self.sentence_start(index)
        if own_first <= sentence or not re.search(
                r"[;:]", self.text[self.tokens[own_first - 1].end:self.tokens[own_first].start]):
            return False
        if any(self.tokens[j].low in self.lex.gram("restrictors") for j in range(own_first, own_last)):
            return False
        first, last = self.clause_bounds(own_first - 1)
        option = self._subject_de_range(first, last) if self.lang == "de" else self._np_en(first, last)
        words = [self.tokens[j].low for j in range(first, last)]
        return (option.kind in ("system", "unknown", "it") or words[0] in self.lex.gram("demonstratives")) \
            and any(w in self.lex.gram("weighing") for w in words) \
            and not any(w in self.lex.gram("remedies") for w in words)

    def _outside_fact(self, first: int, last: int, reason: Subject) -> bool:
        """The clause from token ``first`` to ``last`` states a fact outside the team in the
        indicative: of an outsider ("the vendor gave no ETA"), or what a procedure says, not
        denied ("the runbook routes storage alerts to platform")."""
        lex = self.lex
        modals = lex.gram("ability_modals") | lex.gram("weighing") | lex.gram("consequence_modals")
        if any(self.tokens[j].low in modals for j in range(first, last)):
            return False
        if reason.kind == "outsider":
            return True
        procedures = self.lex.gram("procedures")
        return reason.kind in ("system", "unknown") \
            and any(word in procedures for word in reason.text.lower().replace("-", " ").split()) \
            and not any(self._negator(j) for j in range(first, last))

    def _system_state(self, first: int, last: int, concession: int, reason: Subject) -> bool:
        """The clause from token ``first`` to ``last`` after the word of concession at token
        ``concession`` states in the indicative what a system was, which kept the option from
        being taken: "..., aber sie war noch nicht gepatcht" ("sie" the region the option
        named), "..., but the standby was not patched yet". Not what a procedure said or left
        out ("but the runbook did not mention it"), not "it" or "es" for the option ("but it
        was not documented"), and nothing people do ("aber sie hat es nicht bemerkt"). Only what
        the system lacked, denied: "but the alert was ignored" says what people did."""
        lex = self.lex
        if first >= last or self.kind(first) == "it" or self.tokens[first].low in lex.gram("demonstratives") \
                or not any(self._negator(j) for j in range(first, last)):
            return False
        blocked = lex.gram("ability_modals") | lex.gram("weighing") | lex.gram("consequence_modals") \
            | lex.word("human_verbs") | lex.word("human_participles") | lex.word("cognitive_verbs")
        if any(self.tokens[j].low in blocked for j in range(first, last)):
            return False
        procedures = lex.gram("procedures")
        if any(word in procedures for word in reason.text.lower().replace("-", " ").split()):
            return False
        return self._system_condition(first, last, concession)

    def _coordinated_end(self, last: int, sentence: int) -> int:
        """The end of the clause that ends before token ``last`` together with the clauses of
        its sentence joined to it by "and"/"und" (a word of the lexicon's ``additives``)."""
        joined = self.lex.gram("additives") | self.lex.gram("consequences")
        while (last < len(self.tokens) and self.sentence_start(last) == sentence
               and self.tokens[last].low in joined):
            last = self.clause_bounds(last)[1]
        return last

    def consequence_of_condition(self, index: int) -> bool:
        """True if the verb-first clause at token ``index`` ("hätten wir es bemerkt", "had we
        ...") stands after a condition in its sentence, as its consequence: "Wäre ein Alarm
        eingerichtet gewesen, hätten wir es früher bemerkt", "Wenn die Replik aktuell gewesen
        wäre, hätten wir keine Daten verloren". Not a condition itself, so no counterfactual
        of its own: a condition about people is reported where it stands."""
        inverted = self.lex.gram("inverted_conditionals")
        if index >= len(self.tokens) or self.tokens[index].low not in inverted:
            return False
        start = max(self.sentence_start(index), index - _CONDITION_REACH)
        if start >= index:
            return False
        openers = self.lex.gram("conditionals") | inverted
        c = start
        while c < index:
            first, last = self.clause_bounds(c)
            if first >= index:
                break
            if first >= start and self.tokens[first].low in openers:
                return True
            c = max(last, c + 1)
        return False

    def _system_condition(self, first: int, last: int, opener: int) -> bool:
        """The subject of the condition from token ``first`` to ``last`` is a system; a German
        "er"/"sie" in it stands for the nearest noun before, unless its verb is something only
        people do ("wenn er aufgepasst hätte")."""
        subject = self._subject_de_range(first, last) if self.lang == "de" else self._np_en(first, last)
        words = subject.text.lower().split()
        if self.lang == "de" and len(words) == 1 and words[0] in ("er", "sie"):
            human = self.lex.word("human_verbs") | self.lex.word("human_participles") \
                | self.lex.word("cognitive_verbs")
            if any(self.tokens[i].low in human for i in range(first, last)):
                return False
            j = self._noun_before(opener)
            return j >= 0 and self.kind(j) == "system"
        return subject.kind == "system"

    def _explanation_at(self, index: int) -> int:
        """The first token from ``index`` on that is an explainer ("because") or follows the
        end of a sentence or a semicolon (the number of tokens if none)."""
        explainers = self.lex.gram("explainers")
        return self._walk_forward(self._explainer_at, index, lambda i: bool(
            _EXPLANATION_END.search(self.text[self.tokens[i - 1].end:self.tokens[i].start])
            or self.tokens[i].low in explainers))

    def agent_before_de(self, index: int, end_index: int) -> Subject | None:
        """German: the agent of a passive that comes before its participle, the phrase from
        token ``index`` to ``end_index`` ("Der Alarm wurde *vom Techniker* ignoriert", "...,
        weil der Alarm *vom Techniker* ignoriert wurde"); ``None`` if the clause is no passive
        or names no agent before the participle.

        The grammatical subject of such a clause ("der Alarm") suffered the action; the agent
        did it, as "by X" after an English passive. With the auxiliary before the participle,
        only an agent phrase after the auxiliary counts.
        """
        if self.lang != "de":
            return None
        first, last = self.clause_bounds(index)
        if first not in self._passive_agents:  # the same for every phrase of the clause
            self._passive_agents[first] = self._passive_agent_words(first, last)
        aux, agent_after_aux, agent = self._passive_agents[first]
        if aux is not None and aux < index:
            agent = agent_after_aux
        elif not (end_index < last and self.tokens[end_index].low in self.lex.gram("passive")):
            return None  # neither "wurde ... ignoriert" nor "ignoriert wurde/worden"
        if agent is None or agent + 1 >= index:
            return None
        found = self.np_after(agent + 1, index)
        return found if found.kind != "none" else None

    def _passive_agent_words(self, first: int, last: int) -> tuple[int | None, int | None, int | None]:
        """In tokens ``first`` to ``last``: the first passive auxiliary, the first agent word
        (von, vom, durch) after it, and the first agent word at all (``None``: there is none)."""
        passive, agents = self.lex.gram("passive"), self.lex.gram("agent")
        aux = after_aux = agent = None
        for i in range(first, last):
            low = self.tokens[i].low
            if aux is None and low in passive:
                aux = i
            elif low in agents:
                agent = i if agent is None else agent
                after_aux = i if aux is not None and after_aux is None else after_aux
        return aux, after_aux, agent

    def agent_in_clause(self, index: int) -> Subject | None:
        """The agent of a passive anywhere in the clause ("by the tests", "vom Load Balancer")."""
        first, last = self.clause_bounds(index)
        if (first, last) not in self._clause_agents:  # the same for every phrase of the clause
            self._clause_agents[first, last] = self._agent_between(first, last)
        return self._clause_agents[first, last]

    def _agent_between(self, first: int, last: int) -> Subject | None:
        agents = self.lex.gram("agent")
        for i in range(first, last):
            if self.tokens[i].low in agents and i + 1 < last:
                found = self.np_after(i + 1, last)
                if found.kind == "unknown" and not found.owner and self._thing_after_agent(i, found):
                    return Subject("system", found.text)  # "by the fuzzer", "vom Linter"
                if found.kind != "none":
                    return found
        return None

    def _thing_after_agent(self, index: int, found: Subject) -> bool:
        """True if the noun phrase of no known class after the agent word at ``index`` ("by",
        "von") names a thing: a person is a name, a role or a pronoun, and every role takes
        one of the lexicon's staff words ("the night shift", "der Diensthabende"). A common noun
        is a thing: in English one in lower case ("by the fuzzer", "by mypy") or after an
        article ("by a dry run"), or a product's name with a capital inside it ("by SonarQube");
        in German, which capitalises every noun, one after an article ("vom Linter", "von der
        CI"). A capitalised word alone ("by Kowalski", "von Müller") may be a surname."""
        words = found.text.split()
        if not words:
            return False
        after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if self.lang == "de":
            contracted = self.tokens[index].low in self.lex.gram("oblique")  # "vom": "von dem"
            return contracted or (after is not None and after.low in self.lex.gram("determiners"))
        last = words[-1]
        if last[:1].islower() or (any(c.isupper() for c in last[1:]) and not last.isupper()):
            return True  # "by the type checker", "by mypy", "by SonarQube" (not "by QA")
        return after is not None and after.low in self.lex.gram("articles")

    def _negator(self, index: int) -> bool:
        low = self.tokens[index].low
        return low in self.lex.gram("negators") or low.endswith(("n't", "n’t"))

    def negated(self, index: int, window: int = 6) -> bool:
        """True if a negator before token ``index`` in its clause denies the phrase ("this was
        not human error"); not if a restrictor follows the negator ("not only human error"
        still says it was one)."""
        first, _ = self.clause_bounds(index)
        restrictors = self.lex.gram("restrictors")
        for i in range(max(first, index - window), index):
            if self._negator(i):
                # "could not rule out human error" says it may have been one
                return not any(self.tokens[j].low in restrictors or self._dismissal(j)
                               for j in range(i + 1, index))
        return False

    def subjunctive_denial(self, index: int) -> bool:
        """True if the German phrase at token ``index`` opens with a negator and a subjunctive
        auxiliary before it in its clause makes it what would not have happened: "Auch ein
        erfahrener Admin hätte den Fehler nicht bemerkt" says no one would have, as "would not
        have caught this" does, while "hat den Fehler nicht bemerkt" reports an omission."""
        if self.lang != "de" or index >= len(self.tokens) or not self._negator(index):
            return False
        first, _ = self.clause_bounds(index)
        subjunctive = self.lex.gram("inverted_conditionals")
        return any(self.tokens[i].low in subjunctive for i in range(first, index))

    def negated_subject(self, index: int, text: str) -> bool:
        """True if the subject ``text`` of the phrase at token ``index`` is denied, as "nobody"
        is: after a negative article ("Kein Techniker"), as the part of a negative pronoun
        ("None of the responders", "No one on the team", "Keine der Technikerinnen", "Neither
        of them"), or in a pair that "neither ... nor" or "weder ... noch" denies ("Neither the
        author nor the reviewer could have known", "Weder die Autorin noch der Reviewer")."""
        sentence = self.sentence_start(index)
        if sentence >= index:
            return False
        offset = self.text.rfind(text, self.tokens[sentence].start, self.tokens[index].start)
        if offset < 0:
            return False
        start = self.index_at(offset)
        if start <= sentence:
            return False
        low = self.tokens[start - 1].low
        if low in self.lex.gram("pair_negators"):
            return True  # "Neither the author nor ...", "Weder die Autorin noch ..."
        if low in self.lex.gram("pair_closers"):  # "nor the reviewer" after "neither"
            pair = self.lex.gram("pair_negators")
            return any(self.tokens[i].low in pair for i in range(sentence, start - 1))
        if low in self.lex.gram("partitives") and start - 1 > sentence:
            start -= 1  # "of the responders", "on the team": the negative pronoun before
            low = self.tokens[start - 1].low
            if low == "one" and start - 1 > sentence and self.tokens[start - 2].low == "no":
                return True  # "No one on the team"
        return self._negator(start - 1) and not self.tokens[start - 1].low.endswith(("n't", "n’t")) \
            and self.tokens[start - 1].low not in ("not", "nicht")

    def universal_part(self, index: int, text: str) -> bool:
        """True if the subject ``text`` of the phrase at token ``index`` is the part of a
        word of the lexicon's ``universals`` ("Any of the 40 engineers", "Jeder der
        Techniker") or follows one ("Jeder Entwickler"): anyone among them, as "anyone" is."""
        sentence = self.sentence_start(index)
        if sentence >= index:
            return False
        offset = self.text.rfind(text, self.tokens[sentence].start, self.tokens[index].start)
        start = self.index_at(offset) if offset >= 0 else sentence
        if start - 1 >= sentence and self.tokens[start - 1].low in self.lex.gram("universals"):
            return True  # "Jeder Entwickler mit Deploy-Rechten", its article left out of the subject
        return start - 2 >= sentence and self.tokens[start - 1].low in self.lex.gram("partitives") \
            and self.tokens[start - 2].low in self.lex.gram("universals")

    def imagined_anyone(self, index: int, text: str) -> bool:
        """True if the subject ``text`` of the phrase at token ``index`` is an imagined person
        in a clause that says what would have happened: an indefinite article after a word of
        the lexicon's ``evens`` ("Auch ein erfahrener Kollege hätte die Warnung übersehen",
        "Even an experienced engineer would have missed it"), with a word of
        ``hypothetical_modals`` before the phrase. It says anyone would have done so: a defence
        of the responder, not an action of one ("Der Kollege hat die Warnung übersehen")."""
        sentence = self.sentence_start(index)
        offset = self.text.rfind(text, self.tokens[sentence].start, self.tokens[index].start) \
            if sentence < index and text else -1
        if offset < 0:
            return False
        start = self.index_at(offset)
        if start <= sentence or self.tokens[start].low not in self.lex.gram("indefinites") \
                or self.tokens[start - 1].low not in self.lex.gram("evens"):
            return False
        modals = self.lex.gram("hypothetical_modals")
        return any(self.tokens[i].low in modals for i in range(start + 1, index))

    def asked(self, index: int) -> bool:
        """True if the clause of token ``index`` is an indirect yes-no question: it opens with a
        word of the lexicon's ``interrogatives`` ("whether", "ob"). "We asked whether anyone
        felt blamed" asks after blame; it assigns none."""
        first, _ = self.clause_bounds(index)
        return first < len(self.tokens) and self.tokens[first].low in self.lex.gram("interrogatives")

    def question_declined(self, index: int) -> bool:
        """True if the clause of token ``index`` is an indirect question about a person, opened
        by a word of the lexicon's ``person_questions`` ("wer schuld ist", "wem die Schuld
        gegeben wird"), that the clause before or after it declines to ask: a negator or a word
        of ``question_declines`` in it ("Wir fragen nicht, wer schuld ist", "Statt zu fragen,
        wer schuld war, ...", "Die Frage, wer schuld ist, stellen wir bewusst nicht"). A
        clause after that opens with a conjunction is a clause of its own ("..., damit das
        nicht wieder passiert"). The question asked ("Wir wollen klären, wer schuld ist")
        still seeks a culprit."""
        first, last = self.clause_bounds(index)
        if first >= len(self.tokens) or self.tokens[first].low not in self.lex.gram("person_questions"):
            return False
        declines = self.lex.gram("question_declines")
        sentence = self.sentence_start(index)

        def declining(start: int, end: int) -> bool:
            return any(self._negator(i) or self.tokens[i].low in declines for i in range(start, end))

        if first > sentence:
            before, _ = self.clause_bounds(first - 1)
            if declining(max(before, sentence), first):
                return True
        if last < len(self.tokens) and self.sentence_start(last) == sentence \
                and self.tokens[last].low not in self.boundary_words:
            return declining(last, self.clause_bounds(last)[1])
        return False

    def asked_who(self, index: int) -> bool:
        """True if the phrase at token ``index`` is the verb of "who" in an indirect question:
        its clause opens with a word of the lexicon's ``question_subjects`` right before the
        phrase, after a verb of ``asking_verbs`` with no person between them ("The VP asked
        in the review who should have caught this"). "who" asks; it is no relative pronoun of
        the noun before it ("the review"), and names no one ("The VP asked the engineer who
        should have caught this" may be about the engineer and is still read so)."""
        first, _ = self.clause_bounds(index)
        if first + 1 != index or self.tokens[first].low not in self.lex.gram("question_subjects"):
            return False
        if first > 0 and self._negator(first - 1):
            return True  # "asked what they knew, not who was to blame": a relative follows no "not"
        asking = self.lex.gram("asking_verbs")
        sentence = self.sentence_start(index)
        for i in range(first - 1, max(sentence, first - 8) - 1, -1):
            if self.tokens[i].low in asking:
                return True
            if self.kind(i) in ("name", "staff", "we", "outsider") \
                    or (self.clause_start[i] and i < first - 1):
                return False
        return False

    def restricted_after(self, end_index: int) -> bool:
        """True if a restrictor follows the phrase that ends before token ``end_index`` in its
        clause, right after it or past one word, or ends it ("not human error *alone*", "not
        caused by the engineer *alone*", whose person takes up to three words): the negation
        then restricts rather than denies."""
        restrictors = self.lex.gram("restrictors")
        first, last = self.clause_bounds(max(0, end_index - 1))
        return any(self.tokens[i].low in restrictors
                   for i in range(max(first, end_index - 1), min(last, end_index + 2)))

    def claim_denied(self, index: int) -> bool:
        """True if the clause of token ``index`` is what a denied claim says: it opens with
        "that" or "dass" right after a word of the lexicon's ``claims`` ("evidence", "sign",
        "Hinweise darauf"), which a negator shortly before denies in the same sentence ("We
        found no evidence that someone should have noticed the lag", "Es gibt keine Hinweise
        darauf, dass der Techniker den Alarm ignoriert hat"). The phrase is then what no one
        says happened."""
        claims = self.lex.gram("claims")
        first, _ = self.clause_bounds(index)
        if not claims or first >= len(self.tokens) or self.tokens[first].low not in ("that", "dass", "daß"):
            return False
        sentence = self.sentence_start(first)
        claim = next((i for i in range(first - 1, max(sentence, first - 3) - 1, -1)
                      if self.tokens[i].low in claims), None)
        return claim is not None and any(self._negator(i) for i in range(max(sentence, claim - 5), claim))

    def _dismissal(self, index: int) -> bool:
        """A word of the lexicon's ``dismissals`` at token ``index``: "excluded",
        "ausgeschlossen", or "ruled" with its "out"."""
        low = self.tokens[index].low
        if low not in self.lex.gram("dismissals"):
            return False
        if low.startswith("rul"):
            return index + 1 < len(self.tokens) and self.tokens[index + 1].low == "out"
        return True

    def dismissed(self, first: int, end_index: int) -> bool:
        """True if the phrase from token ``first`` to ``end_index`` is ruled out in its clause:
        "Human error was (quickly) ruled out", "We ruled out operator error", "Menschliches
        Versagen wurde früh ausgeschlossen", "Ein Bedienfehler kann ausgeschlossen werden".
        Not with a negator before the dismissal: "Human error cannot be ruled out", "Wir
        konnten menschliches Versagen nicht ausschließen" say it may have been one."""
        if not self.lex.gram("dismissals") or first >= len(self.tokens):
            return False
        clause, last = self.clause_bounds(first)
        for i in range(max(clause, first - 4), first):
            if self._dismissal(i):
                # right before the phrase, past its "out" and articles: "ruled out (an) operator
                # error", not "the dismissed engineer ignored"
                between = range(i + (2 if self.tokens[i].low.startswith("rul") else 1), first)
                if any(self.tokens[j].low not in self._determiners for j in between):
                    continue
                return not any(self._negator(j) for j in range(clause, i))
        if self.lang == "de":
            # The participle ends the clause, past any adverbial group: "Menschliches Versagen
            # wurde nach Prüfung des Audit-Logs ausgeschlossen". Within a few words all the
            # same: to the end of a clause that never ends (a text of one phrase repeated, no
            # stop between), each phrase looked through all the others, a cost that grew with
            # the square of the text.
            for i in range(end_index, min(last, end_index + _DISMISSAL_REACH)):
                if self._negator(i):
                    return False
                if self._dismissal(i):
                    return True
            return False
        i = end_index
        aside = False
        while i < last and i < end_index + 5:
            if self._negator(i):
                return False
            if self._dismissal(i):
                return True
            if not (self.tokens[i].low in self._auxiliaries or self.is_adverb(i)):
                return False  # English: "was (quickly) ruled out", nothing else between
            i += 1
            if i == last and not aside:
                # an aside between commas after the auxiliary: "Human error was, after a review
                # of the audit log, ruled out"
                after = self._aside_end(i)
                if after:
                    aside = True
                    i, last = after, self.clause_bounds(after)[1]
                    end_index = i
        return False

    def _aside_end(self, index: int) -> int:
        """The token after an aside set off by two commas that opens at token ``index`` ("...
        was, after a review of the audit log, ruled out"), within its sentence and a few words;
        0 if there is none."""
        if index <= 0 or index >= len(self.tokens) \
                or self.text[self.tokens[index - 1].end:self.tokens[index].start].strip() != ",":
            return 0
        after = self.clause_bounds(index)[1]
        if after >= len(self.tokens) or after - index > 10 \
                or self.sentence_start(after) != self.sentence_start(index) \
                or self.text[self.tokens[after - 1].end:self.tokens[after].start].strip() != ",":
            return 0
        return after

    def denied_after(self, end_index: int) -> bool:
        """True if the phrase that ends before token ``end_index`` is the subject of a denial:
        its verb is negated and the predicate is one of the lexicon's ``denials`` ("Human error
        was not the cause", "did not cause", "wasn't to blame", "Menschliches Versagen war
        nicht die Ursache", "hat den Ausfall nicht verursacht"), or, in German, the negator
        ends the clause after the verb and its object ("Der Techniker ignorierte den Alarm nicht"),
        a few words on ("Die Schuldfrage stellt sich in diesem Bericht nicht").

        Narrow on purpose: the negator must come within a few tokens (the verb; in German,
        whose verb comes last, also its object), in the phrase's clause ("Human error, not the
        tooling, caused it" is cut at the comma), and be followed by a denial word ("Human
        error was not caught" admits the error); a restrictor shortly after the negator in
        the clause ("not the only cause", "nicht die einzige Ursache") keeps the finding.
        """
        if end_index >= len(self.tokens) or self.clause_start[end_index]:
            return False
        _, last = self.clause_bounds(end_index)
        restrictors = self.lex.gram("restrictors")
        closing = self.tokens[last - 1].low in ("nicht", "nie", "niemals")
        if self.lang == "de" and last - end_index <= 8 and closing \
                and not any(self.tokens[i].low in restrictors for i in range(end_index, last)):
            return True  # "nicht" ends the clause: "Die Schuldfrage stellt sich in diesem Bericht nicht"
        if self.lang == "de" and last - end_index <= 8 and last - 2 >= end_index \
                and self.tokens[last - 2].low in ("kein", "keine", "keinen") \
                and self.tokens[last - 1].low in self.lex.gram("denials") \
                and not any(self.tokens[i].low in restrictors for i in range(end_index, last)):
            return True  # a denial ends the clause: "Die Schuldfrage spielt in diesem Bericht keine Rolle"
        window = 4 if self.lang == "de" else 2
        negator = next((i for i in range(end_index, min(last, end_index + window)) if self._negator(i)), None)
        if negator is None:
            return False
        if self.lang == "de" and negator + 1 == last:
            return True  # verb second, the negator ends the clause: "ignorierte den Alarm nicht."
        # A few tokens on, not to the clause end: a clause may be long, and this is asked for
        # every phrase in it.
        if any(self.tokens[i].low in restrictors for i in range(negator + 1, min(last, negator + 8))):
            return False
        # "wasn't the cause": the denial word after the negator, past articles and "to" ("to blame")
        skip = self._determiners | {"to", "zu"}
        i = negator + 1
        while i < last and i < negator + 4 and self.tokens[i].low in skip:
            i += 1
        return i < last and self.tokens[i].low in self.lex.gram("denials")


def _strip_possessive(low: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


def _forms(low: str, lang: str) -> list[str]:
    """The word and its likely singular/base forms."""
    forms = [low]
    if lang == "en":
        if low.endswith("ies"):
            forms.append(low[:-3] + "y")
        if low.endswith("es"):
            forms.append(low[:-2])
        if low.endswith("s"):
            forms.append(low[:-1])
    else:
        for suffix in ("innen", "in", "en", "es", "n", "s", "e"):
            if low.endswith(suffix) and len(low) - len(suffix) >= 3:
                forms.append(low[: -len(suffix)])
        if low.endswith("innen"):
            forms.append(low[:-3])  # "kolleginnen": "kollegin", the stem "kolleg" is no word
    return forms


_KIND = {"staff": "staff", "outsiders": "outsider", "systems": "system"}


def _suffix(form: str, words: frozenset[str]) -> int:
    """Length of the longest word of ``words`` that ends the compound ``form`` (0: none)."""
    for i in range(1, len(form) - 2):
        if form[i:] in words:
            return len(form) - i
    return 0


# --- scanning --------------------------------------------------------------------------------

#: Each category's message, a sentence about the phrase ``{p}``: without a subject, and with
#: the person it is about, ``{s}``: quoted as written, without a leading article or conjunction
#: ('"engineer"', '"he"', '"Frau Schmidt"'), or 'the named person "Alice"' for a name, whose
#: findings are reported as named-person with the sentence of the category judged.
MESSAGES = {
    "human-error": ('"{p}" frames the incident as human error',
                    '"{p}" frames the incident as an error of {s}'),
    "counterfactual": ('"{p}" is a hindsight counterfactual',
                       '"{p}" is a hindsight counterfactual about {s}'),
    "judgement": ('"{p}" is judgemental wording', '"{p}" is judgemental wording about {s}'),
    "blame": ('"{p}" assigns blame', '"{p}" assigns blame to {s}'),
    "hindsight": ('"{p}" calls the outcome obvious in hindsight',
                  '"{p}" holds {s} to what was obvious only in hindsight'),
    "person-action": ('"{p}" aims an action at people, not at systems',
                      '"{p}" aims an action at {s}, not at systems'),
    "intent": ('"{p}" attributes intent', '"{p}" attributes intent to {s}'),
    "role-blame": ('"{p}" blames a role for an action', '"{p}" blames {s} for an action'),
    "euphemism": ('"{p}" is a euphemism for blaming a person', '"{p}" is a euphemism for blaming {s}'),
    "discipline": ('"{p}" announces disciplinary action', '"{p}" announces disciplinary action against {s}'),
}

#: When findings overlap, the more specific category wins (lower number).
_PRIORITY = {c: i for i, c in enumerate(
    ("named-person", "human-error", "discipline", "blame", "intent", "role-blame", "euphemism",
     "counterfactual", "person-action", "judgement", "hindsight"))}

#: Determiners before which an English word is a common noun, not a name ("the mark", "every
#: lance"); not "that" or "which", which also open a clause ("we found that Alice ...").
_NOUN_DETERMINERS_EN = frozenset({"the", "a", "an", "every", "each", "this", "these", "those", "some",
                                  "another", "our", "their", "its", "my", "your"})


#: Categories that judge a person; with a name as subject they become "named-person".
_JUDGING = frozenset({"counterfactual", "judgement", "blame", "hindsight", "person-action", "intent",
                      "role-blame", "euphemism", "discipline"})


#: Before a German name part in :func:`name_tokens`: the part counts only for a token that
#: starts with a capital letter (no token contains the mark).
_CAPITALISED = "^"


def name_tokens(names: Iterable[str], lexicon: Lexicon) -> frozenset[str]:
    """Lower-case tokens that identify people in ``names`` (handles, personal names).

    Role descriptions ("database on-call engineer") contain a staff or system word and are
    not names; single words that are staff/system/grammar words are dropped too. A grammar
    word that is a name ("Will") is kept as written, capitalised; a German name part is kept in
    lower case behind :data:`_CAPITALISED`: both count only for a token written with a capital.
    """
    out: set[str] = set()
    grammar = _all_grammar(lexicon)
    for written in [*names, *lexicon.extra_names]:
        # As shown, as the text is read: a name pasted into `authors` with a zero-width
        # character or decomposed letters ("Zoe\u0308") is the name the text writes.
        name = _squeezed(written)[0]
        parts = [m.group() for m in _TOKEN.finditer(name)]
        if not parts:
            continue
        lows = [_strip_possessive(p.lower()) for p in parts]
        if any(_known_word(low, lexicon) for low in lows) and not name.strip().startswith("@"):
            continue
        for part, low in zip(parts, lows, strict=True):
            if len(low.strip("@")) < 2:
                continue
            if low in grammar:
                # "Will", "May": a name only as written, capitalised; in lower case the word
                # is grammar ("the job will retry"). Kept in its own spelling (see _classify).
                if part[:1].isupper() and part[1:].islower():
                    out.add(part)
                continue
            if lexicon.lang == "de" and part[:1].isupper() and "@" not in part:
                # German writes every name capitalised, and many surnames are adjectives written
                # small everywhere else ("Mia Klar": "das war doch klar"; "Anna Lang": "zu
                # lang"): a name written capitalised counts only for a token that starts with a
                # capital, in any case after it ("Klar", "KLAR"; "Müller" for "MÜLLER"). A
                # handle written in lower case ("mfischer") counts however it is written.
                out.add(_CAPITALISED + low)
                continue
            if len(parts) > 1 and not part[:1].isupper() and "@" not in part:
                continue
            if lexicon.lang == "en" and part[:1].isupper() and part[1:2].islower() and "@" not in part:
                # A personal name written capitalised ("Grant Ellis", "Mark Weber") is often a
                # word too ("the IAM grant", "the mark on the chart"): in prose it counts only as
                # written, capitalised. A handle written in lower case ("kwong") counts however
                # it is written.
                out.add(_CAPITALISED + low)
                continue
            out.add(low)
            out.add(low.strip("@"))
    return frozenset(out)


#: The last names given as a frozenset or tuple, their lexicon and their tokens: the PM3xx
#: rules scan every prose field of a file with the same names, which may be thousands.
_last_names: tuple[object, Lexicon, frozenset[str]] | None = None


def _name_tokens_once(names: Iterable[str], lexicon: Lexicon) -> frozenset[str]:
    global _last_names
    last = _last_names
    if last is not None and last[0] is names and last[1] is lexicon:
        return last[2]
    tokens = name_tokens(names, lexicon)
    if isinstance(names, (frozenset, tuple)):  # unchangeable: safe to keep
        _last_names = (names, lexicon, tokens)
    return tokens


def _known_word(low: str, lexicon: Lexicon) -> bool:
    for form in _forms(low.strip("@"), lexicon.lang):
        for name in ("staff", "outsiders", "systems"):
            if form in lexicon.word(name):
                return True
    return False


def _all_grammar(lexicon: Lexicon) -> frozenset[str]:
    out: set[str] = set()
    for values in lexicon.grammar.values():
        out |= values
    return frozenset(out)


def scan_text(text: str, lexicon: Lexicon, *, names: Iterable[str] = ()) -> list[Finding]:
    """Every blameful phrase of ``lexicon`` in ``text`` (see :func:`pmkit.prose.scan`).

    The command keeps the findings of each text read with the bundled lexicon between runs
    (:func:`pmkit.patterncache.memo`), keyed by the text, the people the document names, the
    link labels it defines and the files that read it: a hook reads the same fields on commit
    after commit, and reading a postmortem's fifty of them was some 5 ms of a one-file check."""
    if not text:
        return []
    if not lexicon.bundled:
        return _scan_text(text, lexicon, names)
    found = kept_findings(text, lexicon.lang, names)
    if found is None:
        found = _scan_text(text, lexicon, names)
        kept = _kept()
        if kept is not None:
            kept[0].put(_key(text, lexicon.lang, names, kept[1]),
                        tuple((f.category, f.code, f.entry, f.start, f.end, f.text, f.message, f.suggestion,
                               f.explanation, f.subject) for f in found))
    return found


def kept_findings(text: str, lang: str, names: Iterable[str] = ()) -> list[Finding] | None:
    """The findings the command kept for ``text`` read with the bundled lexicon of ``lang``
    (see :func:`scan_text`), or None: none kept, or not the command."""
    kept = _kept()
    if kept is None:
        return None
    from pmkit.patterncache import shaped

    rows = kept[0].get(_key(text, lang, names, kept[1]))
    if isinstance(rows, tuple) and all(shaped(row, _FINDING_TYPES) for row in rows):
        return [Finding(*row) for row in rows]
    return None


def _key(text: str, lang: str, names: Iterable[str], readers: str) -> tuple[str, str]:
    return text, f"{lang} {readers} {_joined(names)} {_joined(_LINK_LABELS.get())}"


#: The types of a :class:`Finding`'s fields, in order (what a kept finding must hold).
_FINDING_TYPES = (str, str, str, int, int, str, str, str, str, str)


def _joined(words: Iterable[str]) -> str:
    return "\x1f".join(sorted(set(words)))


def _kept() -> tuple[Memo, str] | None:
    """The command's kept findings, and what reads them; None in a program that uses the
    library. (Only texts read with the bundled lexicon are kept: a team's own settings and
    files are not part of the key.)"""
    from pmkit.patterncache import memo

    kept = memo("findings")
    return None if kept is None else (kept, _readers())


@lru_cache(maxsize=1)
def _readers() -> str:
    """The files a text's findings come from: the prose engine, the bundled lexicons and the
    Markdown reading it asks for code spans and link labels."""
    from pathlib import Path

    from pmkit.patterncache import identity

    here = Path(__file__).parent
    return identity([*sorted(here.glob("*.py")), *sorted(here.glob("*.yaml")), *sorted(here.glob("*.json")),
                     here.parent / "markdown.py", here.parent / "datafiles.py"])


def _scan_text(text: str, lexicon: Lexicon, names: Iterable[str]) -> list[Finding]:
    # Patterns and the clause analysis see a run of blanks as one ("Human  error", a phrase
    # wrapped onto a more indented line or across "\r\n"); findings are moved back onto the
    # text as written at the end.
    original = text
    text, shifts = _squeezed(text)
    # Patterns see every whitespace character as a space, so that a phrase wrapped across
    # lines of a literal block still matches; the translation keeps every offset.
    flat = text.translate(_SPACE)
    if lexicon.lang == "de" and "`" in flat:
        flat = _code_as_words(text, flat)
    low = flat.lower()
    candidates = lexicon.candidates(low)
    if not candidates:
        return []
    quoted: _Coverage | None = None  # worked out at the first match: most texts have none
    code: _Coverage | None = None  # code as written: squeezing takes the indentation of its lines
    analysis: Analysis | None = None
    found: list[Finding] = []
    name_set = _name_tokens_once(names, lexicon)
    for entry in candidates:
        for match in entry.regex.finditer(flat):
            start, end = match.span()
            if end <= start:
                continue
            if quoted is None:
                quoted = not_said(text)
                # An indented code block's lines after its first lose their indentation when
                # blanks are squeezed (only a paragraph break is kept as written), so the block
                # is found in the text as written.
                code = _Coverage(_code(original)) if shifts[0] else None
            if quoted.overlaps(start, end) and not _code_within(text, start, end):
                continue
            if code is not None and code.overlaps(*_back(shifts, start, end)):
                continue
            if lexicon.lang == "en" and _in_proper_name(flat, start, end):
                continue
            if entry.category != "human-error" and _compound_modifier(flat, start, end):
                continue  # "human error" keeps its own list of heads it is no cause in
            if analysis is None:
                analysis = Analysis(text, lexicon, name_set)
            finding = _judge(entry, match, analysis)
            if finding is not None:
                found.append(finding)
    kept = _resolve_overlaps(found)
    if shifts[0]:
        return [_unsqueezed(f, original, shifts) for f in kept]
    return [replace(f, text=original[f.start:f.end]) for f in kept]  # the phrase as written


#: The longest code span read as one word of the sentence around it.
_CODE_WORD = 80


def _code_as_words(text: str, flat: str) -> str:
    """``flat`` with each short code span on one line written as one word of as many letters.
    A German verb bracket holds its objects between the auxiliary and the verb ("Alice hätte
    die fehlende `WHERE`-Klausel bemerken müssen"), and the patterns' words stopped at the
    backtick; as a word, the span is read as the object it is (its content, code, is never
    read as prose)."""
    for a, b in _code(text):
        if text[a] == "`" and b - a <= _CODE_WORD and "\n" not in text[a:b]:
            flat = flat[:a] + "x" * (b - a) + flat[b:]
    return flat


def _code_within(text: str, start: int, end: int) -> bool:
    """Whether what is protected in ``text[start:end]`` is only code spans inside the phrase,
    neither at its start nor at its end: an object named as code within a German verb bracket
    ("Alice hätte die fehlende `WHERE`-Klausel bemerken müssen") is part of the author's own
    sentence, while a phrase that begins or ends in code, or touches a quote, is not theirs."""
    code = _code(text)
    inline = _Coverage(code)
    if not code or inline.covers(start) or inline.covers(end - 1):
        return False
    spans = set(code)
    others = _Coverage([r for r in [*protected_ranges(text), *blockquotes(text)] if r not in spans])
    return not others.overlaps(start, end)


#: A capitalised word right after a single blank: the next word of a title ("Human Error
#: Prevention Working Group").
_TITLE_WORD_AFTER = re.compile(r" [A-Z][a-z]")
#: Every word of a phrase capitalised, as in a title.
_TITLE_WORDS = re.compile(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*")


def _in_proper_name(flat: str, start: int, end: int) -> bool:
    """The phrase at ``start``-``end`` is in Title Case and goes on with a capitalised word in
    the same sentence: the name of a group, a programme or a talk ("the Human Error Prevention
    working group"), which mentions the phrase and accuses no one. English only: German
    capitalises every noun, so a capital there says nothing about names. "It was Human Error."
    and "Human error caused it" are still read."""
    return (_TITLE_WORDS.fullmatch(flat, start, end) is not None
            and _TITLE_WORD_AFTER.match(flat, end) is not None)


#: The rest of a hyphenated word after a phrase that makes the word a modifier: a part that
#: is itself a word ("-whisper", "-joe"), not one that says "like" ("-looking", "-ish",
#: "-mäßig") or a particle of the verb ("botched-up"), which keep the judgement of the phrase.
_COMPOUND_HEAD = re.compile(
    r"-(?!(?:looking|seeming|sounding|ish|like|style|mäßig|maessig|artig|up|out|off)\b)[^\W_]{2}",
    re.IGNORECASE)


def _compound_modifier(flat: str, start: int, end: int) -> bool:
    """The phrase at ``start``-``end`` ends inside a hyphenated word that goes on past it: the
    phrase only qualifies the word's last part, its head, and so names a thing: a feature flag
    ("the careless-whisper flag", "the sloppy-joe test fixture"). A pattern that takes the
    hyphen itself ("human-error", "fat-fingered") ends after it."""
    return end > start and flat[end - 1].isalnum() and _COMPOUND_HEAD.match(flat, end) is not None


def _unsqueezed(finding: Finding, text: str, shifts: _Shifts) -> Finding:
    """``finding`` of the squeezed text placed on ``text``, the text as written."""
    start, end = _balanced(text, *_back(shifts, finding.start, finding.end))
    return replace(finding, start=start, end=end, text=text[start:end])


def _judge(entry: Entry, match: re.Match[str], an: Analysis) -> Finding | None:
    start, end = match.span()
    while end > start + 1 and an.text[end - 1].isspace():  # a pattern may take the blank after
        end -= 1  # its phrase ("failed to "): the finding marks the phrase
    first = an.index_at(start)
    if first >= len(an.tokens):
        return None
    subject = _subject(entry, match, an, first)
    if subject is None:
        return None
    end = _subject_end(entry, match, subject, an, end)
    if entry.technical and subject.kind != "name" and _of_a_thing(entry, an, first, an.index_at(end)):
        return None  # "a sloppy regex", "the regex was too sloppy": no one is judged
    if entry.negatable and ((an.negated(first) and not an.restricted_after(an.index_at(end)))
                            or an.denied_after(an.index_at(end))
                            or an.dismissed(first, an.index_at(end))):
        return None
    if an.claim_denied(first):
        return None  # "We found no evidence that someone should have noticed the lag"
    if entry.category in ("counterfactual", "blame") and an.asked_who(first):
        return None  # "The VP asked in the review who should have caught this": a question
    if entry.category == "blame" and an.asked(first):
        return None  # "The survey asked responders whether they felt blamed"
    if entry.category == "blame" and an.question_declined(first):
        return None  # "Wir fragen nicht, wer schuld ist": no one is named
    category = entry.category
    if (category == "role-blame" or entry.explainable) and an.explained(first):
        return None  # "missed the page because the phone was on the wrong network"
    if category == "intent" and entry.explainable and an.purposed(an.index_at(end)):
        return None  # "chose to skip the canary, accepting the risk of a bad build"
    if entry.timed and an.at_a_moment(first, an.index_at(end)):
        return None  # "Once the traces were in, the cause was obvious": what people saw then
    if category == "counterfactual" and an.conditioned_on_system(first, an.index_at(end)):
        return None  # "we could have updated it if the status page had been elsewhere"
    if category == "counterfactual" and an.option_declined(first, an.index_at(end)):
        return None  # "We could have rolled back, but the rollback would have restarted every pod"
    if category == "counterfactual" and an.option_costed(first):
        return None  # "Ein Hotfix hätte 40 Minuten gedauert; der Entwickler hätte ihn erst ... müssen"
    if category == "counterfactual" and an.subjunctive_denial(first):
        return None  # "Auch ein erfahrener Admin hätte den Fehler nicht bemerkt": would not have
    if category == "counterfactual" and an.consequence_of_condition(first):
        return None  # "Wäre ein Alarm eingerichtet gewesen, hätten wir es früher bemerkt."
    if subject.kind == "name" and category in _JUDGING:
        category = "named-person"
    code = CATEGORIES[category][0]
    matched = an.text[start:end]  # as written: the patterns see line breaks and tabs as spaces
    message = _message(entry, category, matched, _nominative(an, start, end, subject), an.lex)
    return Finding(category=category, code=code, entry=entry.id, start=start, end=end, text=matched,
                   message=message, suggestion=entry.reframe, explanation=entry.explanation,
                   subject=subject.text)


def _technical_noun(entry: Entry, an: Analysis, low: str) -> bool:
    """True if the word ``low`` (a token in lower case) is one of the entry's technical nouns,
    in the plural, as the last part of a hyphenated word ("host-name-regex") or, in German, as
    the end of a compound ("Hostnamen-Regex", "Suchmuster")."""
    return _technical_word(entry.technical, an.lang, low)


@lru_cache(maxsize=4096)
def _technical_word(nouns: frozenset[str], lang: str, low: str) -> bool:
    low = _strip_possessive(low)
    parts = [low, low.rsplit("-", 1)[-1]] if "-" in low else [low]
    for part in parts:
        for form in _forms(part, lang):
            if form in nouns or (lang == "de" and _suffix(form, nouns) >= 4):
                return True
    return False


def _modifier_of_noun(an: Analysis, index: int) -> bool:
    """True if the token at ``index`` may stand between an adjective and the noun it
    qualifies ("a sloppy host-name regex", "a dumb string comparison"): not a function word,
    not a person, not a participle ("a sloppily written regex" judges the writing)."""
    low = an.tokens[index].low
    if an.is_function(index) or an.kind(index) in ("name", "staff", "we", "they", "outsider"):
        return False
    if an.lang == "de":
        return not low.startswith("ge")
    return not low.endswith(("ed", "en", "wn")) and low not in an.lex.gram("verbs")


def _of_a_thing(entry: Entry, an: Analysis, first: int, after: int) -> bool:
    """True if the word at token ``first`` (the match ends before token ``after``) qualifies
    one of the entry's technical nouns, so that it has its technical sense and judges no one:
    predicatively, after a copula whose subject is such a noun, with nothing but the end of
    the clause or a preposition after it ("the regex was too sloppy", "die Regex war zu
    schlampig"), or attributively, before the noun, past at most two modifiers ("a sloppy
    regex", "a sloppy host-name regex", "eine schlampige Regex"), unless a person is named as
    the agent after it ("a sloppy check by the reviewer"). A phrase that holds its copula
    ("was obvious") is predicative: "the rollback button was obvious and easy to find", but
    not "obvious to" someone, who is then the one said to have missed it. An English adverb
    alone ("obviously") says how something was done, not what a thing is: "the button was
    obviously in the wrong place" keeps its reading."""
    tokens = an.tokens
    if an.lang == "en" and after == first + 1 and tokens[first].low.endswith("ly"):
        return False
    if tokens[first].low in an.lex.gram("copulas"):
        if after < len(tokens) and not an.clause_start[after] and (
                tokens[after].low not in an.lex.gram("prepositions") or tokens[after].low in ("to", "für")):
            return False
        return _predicated_of_a_thing(entry, an, first)
    i = first - 1
    while i >= 0 and not an.clause_start[i + 1] and tokens[i].low in an.lex.gram("degree"):
        i -= 1  # "too", "a bit", "zu", "etwas"
    copula = i >= 0 and not an.clause_start[i + 1] and tokens[i].low in an.lex.gram("copulas")
    if copula and (after >= len(tokens) or an.clause_start[after]
                   or tokens[after].low in an.lex.gram("prepositions")):
        return _predicated_of_a_thing(entry, an, i)
    for j in range(after, min(after + 3, len(tokens))):
        if an.clause_start[j]:
            return False
        if _technical_noun(entry, an, tokens[j].low):
            agent = an.agent_after(j + 1)
            return agent is None or not agent.person
        if not _modifier_of_noun(an, j):
            return False
    return False


def _predicated_of_a_thing(entry: Entry, an: Analysis, i: int) -> bool:
    """True if the subject of the copula at token ``i`` is one of the entry's technical nouns,
    not a person's, and no person is its agent ("the check by the reviewer was sloppy")."""
    tokens = an.tokens
    subject = an.subject_before(i)
    words = subject.text.split()
    clause = an.clause_bounds(i)[0]
    by_person = any(tokens[k].low in an.lex.gram("agent") and an.np_after(k + 1, i).person
                    for k in range(clause, i))  # "the check by the reviewer was sloppy"
    return (subject.kind not in ("name", "staff", "we", "outsider") and not subject.owner
            and not by_person and bool(words) and _technical_noun(entry, an, words[-1].lower()))


def _subject_end(entry: Entry, match: re.Match[str], subject: Subject, an: Analysis, end: int) -> int:
    """The end of the phrase when it ends with its ``who`` group: the end of the person's noun
    phrase in the group. A group takes a few words ("by the operator caused the") so that it
    holds a noun phrase of any length; the finding marks the phrase up to the person and what
    belongs to them ("a member of our staff"), not a verb or a relative clause after it
    ("Carelessness by the operator", then "caused the outage" is a phrase of its own)."""
    if entry.who != "group" or not subject.text:
        return end
    for group in entry.regex.groupindex:
        if group.startswith("who") and match.group(group) is not None and match.end(group) >= end:
            at = an.text.find(subject.text, match.start(group), end)
            if at < 0:
                return end
            return _noun_phrase_end(an, at + len(subject.text), end)
    return end


def _noun_phrase_end(an: Analysis, head_end: int, end: int) -> int:
    """Where the noun phrase whose head ends at ``head_end`` ends, at most at ``end``: past
    its postmodifiers ("of our staff"), before a verb or a relative pronoun, and not on a
    word that only leads on (a preposition or an article cut off by the end of the group)."""
    stop = head_end
    i = an.index_at(head_end)
    relatives = an.lex.gram("relatives")
    while i < len(an.tokens) and an.tokens[i].end <= end:
        if an.clause_start[i] or an.tokens[i].low in relatives or an.verb_like(i):
            break
        if an.tokens[i].low in an.lex.gram("prepositions") and an.tokens[i].low not in ("of", "von"):
            break  # "by the DBA at 02:00": a time or a place, not the person's postmodifier
        if not an.is_function(i):
            stop = an.tokens[i].end
        i += 1
    return stop


def _message(entry: Entry, category: str, matched: str, subject: Subject, lex: Lexicon) -> str:
    """The finding's message: a sentence that quotes the phrase and, for a person, whom it is about."""
    who = ""
    if subject.text and subject.kind in ("name", "staff", "we"):
        who = f'"{_quoted_subject(subject.text, lex)}"'
        if subject.pronoun:
            who += f' (as "{_quoted_subject(subject.pronoun, lex)}")'  # "Alice" (as "she")
    if category == "named-person":
        who = f"the named person {who}" if who else "a named person"
    elif entry.category == "person-action":
        who = ""  # an imperative's subject ("Remind engineers: be more careful") is no target to quote
    phrase = _short(matched)
    if entry.message:  # a team entry's own wording
        return f'"{phrase}": {entry.message}' + (f" (about {who})" if who else "")
    without, with_subject = MESSAGES[entry.category]
    return (with_subject if who else without).format(p=phrase, s=who)


def _quoted_subject(text: str, lex: Lexicon) -> str:
    """``text`` as a subject to quote: without leading conjunctions, articles and words that
    open an indirect question ("and the engineer": "engineer", "wie man": "man"), a pronoun in
    lower case ("She": "she", but "I"), at most 40 characters."""
    words = text.split()
    skip = lex.gram("boundaries") | lex.gram("articles") | lex.gram("openers")
    while len(words) > 1 and words[0].lower() in skip:
        words = words[1:]
    pronouns = lex.gram("pronouns_we") | lex.gram("pronouns_staff") | lex.gram("pronouns_person") \
        | lex.gram("pronouns_resolve")
    if len(words) == 1 and words[0].lower() in pronouns and words[0] != "I":
        words = [words[0].lower()]
    last = words[-1] if words else ""
    if len(_strip_possessive(last.lower())) < len(last):  # "an operator's lapse": "operator"
        words[-1] = last[: len(_strip_possessive(last.lower()))]
    return _short(" ".join(words), 40)


def _subject(entry: Entry, match: re.Match[str], an: Analysis, first: int) -> Subject | None:
    """The subject that makes the match count, ``None`` if the match does not count."""
    groups = [g for g in entry.regex.groupindex if g.startswith("who") and match.group(g) is not None]
    if entry.who == "group" and groups:
        subject = an.group_subject(*match.span(groups[0]))
    elif entry.who == "agent":
        agent = an.agent_in_clause(first)
        if agent is None:
            verb = _verb_after(entry, match, an)
            if verb not in an.lex.word("human_participles"):
                return None
            subject = Subject("passive")
        else:
            subject = agent
    elif entry.who == "clause":
        subject = an.clause_subject(first)
    elif entry.who == "after":
        subject = an.np_after(an.index_at(match.end()))
        subject = _person_among_conjuncts(an, an.index_at(match.end()), subject)
        if subject.kind == "none" and an.passive_before(first):
            subject = an.subject_before(first)  # "the engineer was blamed", "the network was blamed"
    elif an.passive_before(first) and entry.subject != "any":
        agent = an.agent_after(an.index_at(match.end()))
        subject = agent if agent is not None and agent.kind != "none" else Subject("passive")
    elif entry.subject != "any" and (found := an.agent_before_de(first, an.index_at(match.end()))):
        subject = found  # "Der Alarm wurde vom Techniker ignoriert"
    else:
        subject = an.subject_before(first)
    if entry.owned and subject.kind in ("system", "unknown"):
        if subject.owner:  # "Alice's change caused the outage" blames Alice
            subject = Subject("name", subject.owner)
        elif subject.owner_role:  # "the on-call's restart", "die Änderung des Entwicklers"
            subject = Subject("staff", subject.owner_role)
    if entry.subject == "any":
        if subject.owner and subject.kind in ("system", "unknown"):
            return Subject("name", subject.owner)  # "Bob's change was careless" judges Bob
        return subject if subject.kind == "name" else Subject("any", "")
    # (the lists write the apostrophe as typed on a keyboard: "nobody’s fault" is "nobody's")
    words = subject.text.lower().replace("\u2019", "'").split()
    if words and (words[0] in an.lex.gram("negators") or words[0] in ("no-one", "noone")):
        return None  # "Nobody could have known", "Niemand hätte ... können": a denial
    if words and an.negated_subject(first, subject.text):
        return None  # "Neither the author nor the reviewer could have known", "None of the responders"
    if words and (words[0] in an.lex.gram("universals") or an.universal_part(first, subject.text)) \
            and _allowed_to_anyone(entry, match, an):
        return None  # "Anyone with production access could have run this command"
    if words and words[0] in an.lex.gram("universals") \
            and any(an._negator(i) for i in range(first, an.index_at(match.end()))):
        return None  # "was not reviewed by anyone": by nobody, a denial
    if entry.category == "role-blame" and an.imagined_anyone(first, subject.text):
        return None  # "Auch ein erfahrener Kollege hätte die Warnung übersehen": anyone would have
    if words and _generic_person(an, first, words[0]):
        return None  # "Anyone who missed the page got a second one", "If you forgot the flag, ..."
    if subject.kind == "none" and _code_subject(an.text, match.start()):
        return None  # "`deploy-bot` should have checked the lock": code names a program, no one
    excluded = entry.exclude
    if subject.kind == "we" and "we" in excluded:
        return None
    if subject.kind == "name" and "name" in excluded:
        return None
    if subject.kind == "staff" and "role" in excluded:
        return None
    if subject.kind == "passive":
        if "passive" in excluded or entry.subject == "person":
            return None
        return subject
    if subject.kind == "none" and entry.category == "person-action":
        return Subject("staff", "")  # an imperative ("Be more careful") is aimed at people
    if subject.kind == "none" and entry.fragment:
        # "Should have rolled back sooner." in a lessons list; "Forgot to post the status
        # update" in the timeline, the writer's own admission
        return None if "we" in excluded else Subject("we", "")
    if subject.kind == "none":
        # A fragment without a subject ("Failed to escalate."): count it when the verb is
        # something only people do.
        verb = _verb_after(entry, match, an)
        if verb and (verb in an.lex.word("human_verbs") or verb in an.lex.word("human_participles")):
            return Subject("staff", "")
        return subject if entry.subject == "not-system" else None
    if entry.subject == "person":
        # The word after the phrase is the subject's verb only if the subject comes before it:
        # in "caused by a gap in the review process" the group ends the match and "review" is
        # a noun of the object, not what the gap did.
        ends_with_subject = any(match.end(g) == match.end() for g in groups)
        if subject.kind == "unknown" and not ends_with_subject \
                and _verb_after(entry, match, an) in an.lex.word("cognitive_verbs"):
            return Subject("staff", subject.text)  # only people notice, realise, foresee
        return subject if subject.person else None
    # not-system
    if entry.who == "after" and an.lang == "en" and subject.kind == "unknown" \
            and subject.text.strip() and subject.text.split()[-1][:1].islower():
        return None  # a common noun that names no person: "blamed a fibre cut", "the fault of a bad cable"
    return None if subject.kind in ("system", "outsider") else subject


_GENITIVE_ARTICLE = re.compile(r"\b(?:des|eines|keines|unseres|dieses|seines|ihres)\s+$", re.IGNORECASE)


def _nominative(an: Analysis, start: int, end: int, subject: Subject) -> Subject:
    """``subject``, when the phrase from offset ``start`` to ``end`` names it after a German
    genitive article ("Nachlässigkeit des Teams"), with its noun in the form a message names it
    by ("Team"): the form without the genitive ending that the lexicon knows as a role."""
    at = an.text.rfind(subject.text, start, end) if subject.text else -1
    if an.lang != "de" or subject.kind != "staff" or at < 0 \
            or not _GENITIVE_ARTICLE.search(an.text, max(start, at - 12), at):
        return subject
    words = subject.text.split()
    last = words[-1]
    for ending in ("es", "s"):
        base = last[: -len(ending)]
        if last.lower().endswith(ending) and len(base) >= 2 and (
                base.lower() in an.lex.word("staff") or _suffix(base.lower(), an.lex.word("staff"))):
            return replace(subject, text=" ".join([*words[:-1], base]))
    return subject


#: A clause's subject written as code alone (an inline code span), before its verb phrase.
_CODE_SUBJECT = re.compile(r"\s*(?:[-*+]\s+)?`[^`\n]{1,80}`\s*")
_CLAUSE_END = re.compile(r"[.!?;:]\s|\n\s*\n")
#: How far before its verb phrase such a subject can begin: a code span of 80 characters, a
#: list marker and the blanks around them.
_CODE_SUBJECT_REACH = 200


def _code_subject(text: str, pos: int) -> bool:
    """Whether the clause of ``pos`` has only code before it: its subject names a program.
    Only the stretch a code subject can fill is read: reading the text from its start for each
    phrase made a long text with many of them quadratic ("should have checked and" 20,000
    times in one summary: 42 s)."""
    start = max(0, pos - _CODE_SUBJECT_REACH)
    ends = [found.end() for found in _CLAUSE_END.finditer(text, start, pos)]
    if not ends and start > 0:
        return False  # the clause began before the stretch: more than code stands before pos
    return _CODE_SUBJECT.fullmatch(text, ends[-1] if ends else 0, pos) is not None


def _generic_person(an: Analysis, first: int, word: str) -> bool:
    """True if the phrase at token ``first`` is said of anyone at all, as a case of what
    the system does, not of a person who did it: in a relative clause of a subject of the
    lexicon's ``universals`` ("Anyone who missed the page got a second one"), or in a
    condition about a generic "you" or "man" ("If you forgot the flag, the tool refuses").
    Not a counterfactual one ("Anyone who had read the runbook ...", "If you had checked the
    lag ..."), with a word of ``inverted_conditionals`` in the clause: that is hindsight."""
    start, last = an.clause_bounds(first)
    opener = an.tokens[start].low
    counterfactual = an.lex.gram("inverted_conditionals")
    reach = range(max(start, first - _CONDITION_REACH), min(last, first + _CONDITION_REACH))
    if any(an.tokens[i].low in counterfactual for i in reach):
        return False
    if word in an.lex.gram("universals"):
        # the relative clause's own verb, right after "who" ("anyone who did not check"), not
        # the main clause's after it ("anyone who looked at it should have seen it")
        return opener in an.lex.gram("relatives") \
            and all(an._in_verb_group(i) for i in range(start + 1, first))
    return word in an.lex.gram("pronouns_generic") and opener in an.lex.gram("conditionals")


def _allowed_to_anyone(entry: Entry, match: re.Match[str], an: Analysis) -> bool:
    """True if the phrase says what anyone was able to do ("could have run", "hätte ...
    ausführen können"), which is what the system allowed, not a counterfactual about one
    person; what anyone could have noticed or known is hindsight and stays ("any engineer
    could have spotted the typo")."""
    abilities = an.lex.gram("ability_modals") - an.lex.gram("consequence_modals")
    if not any(word.lower() in abilities for word in match.group(0).split()):
        return False
    verb = _verb_after(entry, match, an)
    return verb not in an.lex.word("cognitive_verbs") and verb not in an.lex.word("human_participles")


def _person_among_conjuncts(an: Analysis, index: int, subject: Subject) -> Subject:
    """``subject``, the noun phrase at token ``index``, or a person coordinated with it: in
    "blamed the process and the engineer" the engineer is blamed too."""
    hops = 0
    while not subject.person and hops < 3 and index < len(an.tokens):
        _, last = an.clause_bounds(index)
        if last + 1 >= len(an.tokens) or an.tokens[last].low not in an.lex.gram("coordinators") \
                or _SENTENCE_END.search(an.text[an.tokens[last - 1].end:an.tokens[last].start] + " "):
            break
        index = last + 1
        while index < len(an.tokens) and an.is_adverb(index):
            index += 1  # "and then"
        other = an.np_after(index)
        if not other.text or index >= len(an.tokens):
            break
        at = an.text.find(other.text, an.tokens[index].start)
        after = an.index_at(at + len(other.text)) if at >= 0 else len(an.tokens)
        if after < len(an.tokens) and not an.clause_start[after] and (
                an.verb_like(after) or an.tokens[after].low in an.lex.gram("auxiliaries")):
            break  # the subject of a clause of its own: "and then the engineer found the change"
        if other.person and other.kind != "we":
            return other
        hops += 1
    return subject


def _verb_after(entry: Entry, match: re.Match[str], an: Analysis) -> str:
    if "verb" in entry.regex.groupindex and match.group("verb"):
        return match.group("verb").lower()
    index = an._past_adverbs(an.index_at(match.end()))
    return an.tokens[index].low if index < len(an.tokens) else ""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Categories of error severity: a phrase of one of them inside a longer phrase of another
#: category keeps its own finding (the longer phrase must not turn an error into a warning).
_SEVERE = frozenset({"named-person", "human-error", "discipline", "blame"})


def _inner(found: list[Finding]) -> set[int]:
    """Indexes into ``found`` of the findings whose phrase lies inside the longer phrase of
    another (a phrase of error severity only inside one of error severity too)."""
    # One sweep by start (longer first): a finding lies inside an earlier one if and only if it
    # lies inside the one that reaches furthest, of any category or of an error category.
    reach: dict[bool, tuple[int, int]] = {}  # severe only? -> (end, start) furthest so far
    inner: set[int] = set()
    for index in sorted(range(len(found)), key=lambda i: (found[i].start, -found[i].end)):
        finding = found[index]
        severe = finding.category in _SEVERE
        end, start = reach.get(severe, (-1, -1))
        if end > finding.end or (end == finding.end and start < finding.start):
            inner.add(index)
        for key in ((False, True) if severe else (False,)):
            if finding.end > reach.get(key, (-1, -1))[0]:
                reach[key] = (finding.end, finding.start)
    return inner


def _resolve_overlaps(found: list[Finding]) -> list[Finding]:
    """Of overlapping findings keep the one whose phrase contains the other's, else the one of
    the more specific category (then the earlier, then the longer one).

    The longer phrase is the more specific reading of the same words: "Any competent engineer
    would have noticed" is hindsight obviousness as a whole (PM305), and its "would have
    noticed" is part of that claim, not a second counterfactual beside it. A phrase of error
    severity keeps its finding unless the longer one is of error severity too. A phrase inside
    a longer one that another finding wins over is judged on its own again: in "Carelessness
    by the operator caused the outage", "caused the outage" (PM308) wins over the euphemism
    that runs into it, and "Carelessness" is still PM303.
    """
    inner = _inner(found)
    if not inner:
        return _by_priority(found)
    kept = _by_priority([f for i, f in enumerate(found) if i not in inner])
    starts = [k.start for k in kept]  # kept findings do not overlap: sorted by start and by end

    def held(finding: Finding) -> bool:
        """True if a kept finding contains ``finding``: the last that starts at or before it."""
        before = bisect.bisect_right(starts, finding.start) - 1
        return before >= 0 and finding.end <= kept[before].end

    again = [f for i, f in enumerate(found) if i in inner and not held(f)]
    return _by_priority(kept + again) if again else kept


def _by_priority(found: list[Finding]) -> list[Finding]:
    """Of overlapping findings keep the one of the more specific category (then the earlier,
    then the longer one)."""
    found.sort(key=lambda f: (_PRIORITY.get(f.category, 99), f.start, -(f.end - f.start)))
    # Kept findings never overlap, so sorted by start they are sorted by end as well: a finding
    # overlaps one of them if and only if it overlaps the last one that starts before its end.
    # ``earlier`` holds those of the categories before the current one, sorted; within a
    # category findings come by start, so only the last one kept of it can overlap the next.
    earlier: list[Finding] = []
    starts: list[int] = []
    kept: list[Finding] = []
    group: list[Finding] = []
    rank: int | None = None
    for finding in found:
        priority = _PRIORITY.get(finding.category, 99)
        if priority != rank:
            earlier = _merged(earlier, group)
            starts = [k.start for k in earlier]
            group, rank = [], priority
        if group and finding.start < group[-1].end:
            continue
        before = bisect.bisect_left(starts, finding.end) - 1
        if before >= 0 and finding.start < earlier[before].end:
            continue
        group.append(finding)
        kept.append(finding)
    kept.sort(key=lambda f: (f.start, f.end))
    return kept


def _merged(a: list[Finding], b: list[Finding]) -> list[Finding]:
    """Two lists of findings sorted by start, as one."""
    return sorted(a + b, key=lambda f: f.start) if b else a


__all__ = ["Analysis", "Subject", "name_tokens", "scan_text"]
