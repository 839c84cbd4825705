"""Which fields of a postmortem are prose, and where they are.

Shared by every rule that reads sentences (blameless phrasing, clarity, decision verbs,
vague action items), so that they all agree on what counts as the postmortem's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pmkit.loader import Document, FieldPath

#: (list section or None, field names) of prose in the file format.
PROSE_FIELDS: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (None, ("title", "summary")),
    ("impact", ("description",)),
    ("timeline", ("event",)),
    ("decisions", ("decision", "rationale", "options_considered", "options_reason", "tradeoff",
                   "known_at_the_time", "outcome")),
    ("contributing_factors", ("description",)),
    ("action_items", ("title", "reason")),
    ("lessons", ("went_well", "went_wrong", "lucky")),
    ("corrections", ("description",)),
)

#: Fields that name people or roles; names there are fine (actors, owners, approvers).
NAME_FIELDS: tuple[FieldPath, ...] = (
    ("owner",), ("authors",), ("approvals", "*", "by"), ("timeline", "*", "actor"),
    ("decisions", "*", "decided_by"), ("action_items", "*", "owner"),
)


def prose_fields(doc: Document) -> Iterator[tuple[FieldPath, str]]:
    """Every prose string of the document with its field path, in file order."""
    data = doc.data if isinstance(doc.data, dict) else {}
    found: list[tuple[FieldPath, str]] = []
    for section, names in PROSE_FIELDS:
        if section is None:
            for name in names:
                found.extend(_strings(data.get(name), (name,)))
            continue
        value = data.get(section)
        if isinstance(value, dict):
            for name in names:
                found.extend(_strings(value.get(name), (section, name)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    for name in names:
                        found.extend(_strings(item.get(name), (section, index, name)))
    found.sort(key=lambda pair: (doc.span(pair[0]).line, doc.span(pair[0]).col))
    yield from found


def _strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str) and value.strip():
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                yield (*path, index), item


def names_in_document(doc: Document) -> set[str]:
    """Names and handles the document itself uses for people (authors, owners, actors...)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out: set[str] = set()

    def walk(node: Any, pattern: FieldPath) -> None:
        if not pattern:
            if isinstance(node, str) and node.strip():
                out.add(node.strip())
            elif isinstance(node, list):
                for item in node:
                    walk(item, ())
            return
        head, rest = pattern[0], pattern[1:]
        if head == "*" and isinstance(node, list):
            for item in node:
                walk(item, rest)
        elif isinstance(node, dict) and isinstance(head, str):
            walk(node.get(head), rest)

    for pattern in NAME_FIELDS:
        walk(data, pattern)
    return out
