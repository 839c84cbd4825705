"""``privacy.masked``: the secrets and personal data in another rule's message or hint, replaced
with the masked form PM505-PM507 print, so that a finding that quotes the file does not repeat
a leak in CI logs; ordinary messages come back unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import CLEAN_EXAMPLES, EXAMPLES, GOOD_EXAMPLE, run
from pmkit import privacy

T = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"


@pytest.mark.parametrize(("text", "expected"), [
    (f"'{T}' is not a valid severity", "'ghp_… (40 characters)' is not a valid severity"),
    (f"'{T[:34]}…' is not a valid severity", "'ghp_…' is not a valid severity"),
    (f"'{T[:30]}...' is quoted", "'ghp_…' is quoted"),
    (f"the line ends '…{T[10:]}'", "the line ends '… (30 characters)'"),
    (f"unknown key 'note_{T}'", "unknown key 'note_ghp_… (40 characters)'"),
    (f"unknown time zone 'Europe/{T}'", "unknown time zone 'Europe/ghp_… (40 characters)'"),
    ("pasted '- DB_PASSWORD=Xk9mP2qLzQ8w'", "pasted '- DB_PASSWORD=… (12 characters)'"),
    ("reporter jane.doe@gmail.com called +49 170 1234567",
     "reporter j***@gmail.com called +** *** *****67"),
    ("quoted 'jane.doe@gma…'", "quoted 'j***@gma…'"),
    ("card 4539 1488 0343 6467 was charged", "card **** **** **** 6467 was charged"),
    ("login from 81.2.69.160", "login from 81.2.x.x"),
    ("key AKIAZ3MHQ7VBXK2RLPQW in the text", "key AKIA… (20 characters) in the text"),
    ("DSN mysql://app:p@ssw0rd@db.acme.io/orders", "DSN mysql://app:… (8 characters)@db.acme.io/orders"),
    ("The password was Sommer2024! in the log", "The password was … (11 characters) in the log"),
])
def test_a_secret_or_personal_data_is_masked(text: str, expected: str) -> None:
    assert privacy.masked(text) == expected


@pytest.mark.parametrize("text", [
    "summary sentence has 41 words, more than 35",
    "duplicate key 'event' (first defined on line 12); the first value is kept",
    "timeline entry at 2018-10-21T22:52:00Z is out of order: it comes after 2018-10-21T23:10:00Z",
    "the 8.4.3.2 release", "security@acme.com was told", "-----BEGIN RSA PRIVATE KEY-----",
    "see commit 3f9a2c7e1b4d5f6a8c9e0b1d2f3a4c5e6b7d8f9a…", "it ends with ...", "INC-2024-0042 (…)",
    "'ghp_… (40 characters)' and 'j***@gmail.com' and '81.2.x.x'",  # masked already: unchanged
    "users_affected must be a whole number", "", "…",
])
def test_an_ordinary_or_masked_message_is_unchanged(text: str) -> None:
    assert privacy.masked(text) == text


def test_the_allow_list_is_respected() -> None:
    allow = privacy.Allowlist.parse(["@acme.com"])
    text = "jane.doe@acme.com and jane.doe@gmail.com"
    assert privacy.masked(text, allow) == "jane.doe@acme.com and j***@gmail.com"


def test_no_message_or_hint_of_the_examples_is_changed() -> None:
    texts = 0
    for path in [GOOD_EXAMPLE, *CLEAN_EXAMPLES, *sorted((EXAMPLES / "postmortems").iterdir())]:
        if path.suffix not in (".yaml", ".md"):
            continue
        for diagnostic in run(path.read_text(encoding="utf-8"), path=path.name, now="2025-04-01T00:00:00Z"):
            for text in (diagnostic.message, diagnostic.hint or ""):
                texts += 1
                assert privacy.masked(text) == text, (diagnostic.code, text)
    assert texts > 20


def test_no_message_of_the_fixtures_is_changed_but_those_that_quote_data() -> None:
    fixtures = Path(__file__).parent / "fixtures"
    for path in sorted(fixtures.rglob("*.yaml"))[:150]:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for diagnostic in run(text, path=path.name, now="2025-04-01T00:00:00Z"):
            if diagnostic.code in ("PM505", "PM506", "PM507"):
                assert privacy.masked(diagnostic.message) == diagnostic.message  # (masked already)
                continue
            for field in (diagnostic.message, diagnostic.hint or ""):
                changed = privacy.masked(field)
                if changed != field:  # only where the file's data is quoted
                    assert privacy.scan(field) or "…" in field, (path.name, diagnostic.code, field)


BASE = GOOD_EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [
    BASE.replace("severity: SEV1", f"severity: {T}"),
    BASE.replace("pmkit: 1", f"pmkit: {T}"),
    re.sub(r"users_affected: \d+", f"users_affected: {T}", BASE),
    re.sub(r"  - at: [^\n]*", f'  - at: "{T}"', BASE, count=1),
])
def test_the_messages_of_other_rules_that_quote_a_token_are_masked(text: str) -> None:
    found = run(text, now="2025-04-01T00:00:00Z")
    assert not [d for d in found if T[4:16] in d.message + (d.hint or "")]
    quoting = [d for d in found if d.code != "PM507" and "ghp_… (40 characters)" in d.message]
    assert quoting, "a rule quotes the value, masked"
