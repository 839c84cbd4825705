"""Intent said without "chose to": merging what was known to be broken ("knowingly merged a
failing build") and a safeguard skipped with a motive of convenience ("skipped the review to
ship faster") attribute intent (PM307); with a trade-off or a reason, by a system or by the
authors, they pass. "Accidentally deleted" stays a factual account (see docs/blameless.md)."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str) -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang="en")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The developer knowingly merged a failing build.", [("PM307", 14, "knowingly merged a failing")]),
    ("The engineer skipped the review to ship faster.",
     [("PM307", 13, "skipped the review to ship faster")]),
    ("The release manager bypassed the canary to save time.",
     [("PM307", 20, "bypassed the canary to save time")]),
])
def test_intent_without_chose_to_is_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The engineer skipped the review to ship faster, accepting the risk of a bad build.",
    "The engineer skipped the canary to deploy the fix sooner because customers were down.",
    "We skipped the review to ship faster.",
    "The job skipped the tests to finish faster.",
    "The developer merged a failing build.",
    "The team deliberately deployed the fix at night.",
    "The engineer accidentally deleted the production database.",
])
def test_a_reason_a_system_or_a_plain_account_passes(sentence: str) -> None:
    assert _found(sentence) == []
