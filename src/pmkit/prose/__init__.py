"""The prose engine: find blameful phrasing in English and German text.

``scan(text, lang="en")`` returns a :class:`Finding` for every phrase of the lexicons
(``en.yaml``, ``de.yaml``, package data) that matches outside quoted speech and code spans,
after deciding who the phrase is about (a person or role, or a system). The rule module
:mod:`pmkit.rules.blameless` runs it over every prose field of a postmortem.

This module is deliberately light: the lexicons are read and their patterns compiled the
first time something is scanned, once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.prose.lexicon import Lexicon

#: Category → (rule code, rule name). One rule code per category; codes are never reused.
CATEGORIES: dict[str, tuple[str, str]] = {
    "human-error": ("PM301", "human-error"),
    "counterfactual": ("PM302", "hindsight-counterfactual"),
    "judgement": ("PM303", "judgemental-language"),
    "blame": ("PM304", "blame"),
    "hindsight": ("PM305", "hindsight-obviousness"),
    "person-action": ("PM306", "person-targeted-action"),
    "intent": ("PM307", "intent-attribution"),
    "role-blame": ("PM308", "role-blame"),
    "named-person": ("PM309", "named-person-judged"),
    "euphemism": ("PM310", "blame-euphemism"),
    "discipline": ("PM311", "disciplinary-announcement"),
}

LANGUAGES = ("en", "de")

#: The bullets of lists as word processors and web pages write them when a list is copied as
#: text (Word and Google Docs put "◦" and "▪" before the items of a second and third level),
#: and arrows and check marks put before items: none is ever part of a word or a noun phrase.
#: The blameless rules end a clause at one, the readability scores a sentence.
BULLET_GLYPHS = "•◦▪▫‣⁃∙○●■□►▸▹➢➤→✓✔✗✘☐☑"

#: Characters with no width, as a class of a regular expression: besides the soft hyphen, the
#: zero-width space, joiners, word joiner and byte order mark, the marks of writing direction
#: (U+200E, U+200F, U+061C, the embeddings and isolates) and the invisible operators, which come
#: along with text copied from chat clients, editors and web pages. The blameless rules read a
#: text without them; the privacy rules read again a line that holds one.
INVISIBLE_CHARS = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"


@dataclass(frozen=True)
class Finding:
    """One blameful phrase in a text; ``start``/``end`` are character offsets into it."""

    category: str
    code: str
    entry: str  # lexicon entry id, e.g. "en.should-have"
    start: int
    end: int
    text: str  # the matched text
    message: str
    suggestion: str
    explanation: str = ""
    #: Who the phrase is about, as found in the text ("the on-call engineer", "we"), if known.
    subject: str = ""


def scan(
    text: str,
    lang: str = "en",
    *,
    names: Iterable[str] = (),
    lexicon: Lexicon | None = None,
) -> list[Finding]:
    """Blameful phrases in ``text``, in order of position.

    ``names`` are people known from the document (authors, owner, ``@handles``); a judgement
    or counterfactual whose subject is one of them is reported as ``named-person``.
    ``lexicon`` defaults to the bundled lexicon of ``lang`` (see :func:`load_lexicon`).
    """
    from pmkit.prose.engine import scan_text
    from pmkit.prose.lexicon import default_lexicon

    if lexicon is None:
        lexicon = default_lexicon(lang)
    return scan_text(text, lexicon, names=names)


def load_lexicon(lang: str = "en", settings: dict[str, object] | None = None, *,
                 root: str | None = None) -> Lexicon:
    """The lexicon of ``lang`` with a team's ``[tool.pmkit.prose]`` settings applied."""
    from pathlib import Path

    from pmkit.prose.lexicon import build_lexicon

    return build_lexicon(lang, settings or {}, root=Path(root) if root else None)


__all__ = ["BULLET_GLYPHS", "CATEGORIES", "INVISIBLE_CHARS", "LANGUAGES", "Finding", "load_lexicon", "scan"]
