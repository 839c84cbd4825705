"""The privacy detectors skip text that cannot hold what they look for (no '@' means no e-mail
address, and so on). These tests hold each skip to be a necessary condition: whenever a
pattern matches, the text passes the cheap test that would have let the pattern run."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit import privacy

SAMPLES = {
    "private key": "-----BEGIN RSA PRIVATE KEY-----",
    "AWS access key ID": "key AKIAZ7Q2MNB4XK5L0P9D here",
    "GitHub token": "ghp_" + "a1B2c3D4e5" * 4,
    "GitLab token": "glpat-" + "Ab3_x-Yz9Q" * 3,
    "Slack token": "xoxb-1234567890-abcdefghij",
    "Slack webhook URL": "https://hooks.slack.com/services/T0ABC123/B0DEF456/aZ3kq9XwPm2",
    "Stripe secret key": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "Google API key": "AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    "npm token": "npm_" + "a1B2c3D4e5F6" * 3,
    "Anthropic API key": "sk-ant-api03-" + "Ab3dEf6hIj9kLm2nOp5q" * 3,
    "OpenAI API key": "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5q" * 3,
    "SendGrid API key": "SG." + "Zk3mQ9xLp2Vn8RtY4wBc7H" + "." + "dJ6fGsZk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs1234567",
    "JSON Web Token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
                      "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "password in a URL": "postgres://admin:Xk9q2Lm7@db.internal",
}
# The GitHub fine-grained token shares the label of the classic one.
FINE_GRAINED = "github_pat_" + "A1b2C3d4E5f6G7h8I9j0K1"
SAMPLES_BY_PATTERN = [
    (label, pattern, literal, FINE_GRAINED if literal == "github_pat_" else SAMPLES[label])
    for label, pattern, _group, literal in privacy._TOKEN_PATTERNS
]


@pytest.mark.parametrize(("label", "pattern", "literal", "sample"), SAMPLES_BY_PATTERN)
def test_each_token_pattern_matches_its_sample_and_holds_its_literal(
    label: str, pattern: re.Pattern[str], literal: str, sample: str
) -> None:
    match = pattern.search(sample)
    assert match is not None, label
    assert literal in match.group(0)


FRAGMENTS = [*SAMPLES.values(),
    FINE_GRAINED, "mail me: jane.doe@corp.io", "+41 44 668 18 00", "(415) 555-2671",
    "Telefon: 030 1234567", "(030) 1234567", "81.2.69.160", "2a00:1450:4001:82b::200e", "4539 1488 0343 6467",
    "password: hunter22xy", "?token=abc123def456", "Bearer abcdefghijklmnopqrstuvwx",
    "Basic dXNlcjpwYXNzd29yZA==",
    "v1.2.3", "22:52", "INC-2024-0042", "A", "_", "@", ":", "::", ".", "=", "0", "1234", " ", "\n", "key"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet="aA0_:.@=/-+ ", max_size=6), max_size=12))
def test_every_match_passes_its_detectors_skip_test(parts: list[str]) -> None:
    text = "".join(parts)
    for _label, pattern, _group, literal in privacy._TOKEN_PATTERNS:
        if pattern.search(text):
            assert literal in text
    for pattern in (privacy._QUERY_SECRET, privacy._ASSIGNMENT):
        if pattern.search(text):
            assert privacy._SECRET_KEY.search(text)
    if privacy._QUERY_KEY.search(text):
        assert "key=" in text or "apiKey=" in text
    if privacy._COMMAND_SECRET.search(text):
        assert "-p" in text or "-u" in text
    if privacy._BEARER.search(text):
        assert "Bearer" in text or "Basic" in text
    if privacy._EMAIL.search(text):
        assert "@" in text
    for pattern in (privacy._INTERNATIONAL, privacy._NANP, privacy._NATIONAL, privacy._BRACKETED_AREA):
        if pattern.search(text):
            assert privacy._DIGIT.search(text)
    if privacy._IPV4.search(text):
        assert "." in text and privacy._DIGIT.search(text)
    for match in privacy._IPV6.finditer(text):
        if match.group(0).rstrip(":").count(":") >= 2 or match.group(0).endswith("::"):
            assert text.count(":") >= 2
    if privacy._CARD.search(text):
        assert privacy._FOUR_DIGITS.search(text)


@pytest.mark.parametrize("label", sorted(SAMPLES))
def test_each_secret_sample_is_reported(label: str) -> None:
    found = privacy.scan(f"Seen in the log: {SAMPLES[label]} (rotated since).")
    assert [f.label for f in found if f.kind == "secret"] == [label]
