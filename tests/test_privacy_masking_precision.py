"""``privacy.masked`` hides all of what PM505-PM507 would report in another rule's message (a
private key's body, the values of a finding's data) and nothing they would not report (field
names, words in capitals, documentation examples, role mailboxes)."""

from __future__ import annotations

import pytest

from helpers import GOOD_EXAMPLE, run
from pmkit import privacy

KEY_BODY = "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Xk9Lq8wPz7Yv3RtQw8ZxLmN"


@pytest.mark.parametrize(("text", "expected"), [
    (f"'-----BEGIN RSA PRIVATE KEY-----\\n{KEY_BODY}\\n-----END RSA PRIVATE KEY-----\\n' is not valid",
     "'-----BEGIN RSA PRIVATE KEY----- (redacted)\\n' is not valid"),
    (f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\nabc=\n-----END RSA PRIVATE KEY----- and more",
     "-----BEGIN RSA PRIVATE KEY----- (redacted) and more"),
    (f"'-----BEGIN PRIVATE KEY-----\\n{KEY_BODY[:30]}…' is quoted",
     "'-----BEGIN PRIVATE KEY----- (redacted)' is quoted"),
    (f"x -----BEGIN OPENSSH PRIVATE KEY-----\n{KEY_BODY}",
     "x -----BEGIN OPENSSH PRIVATE KEY----- (redacted)"),
])
def test_a_private_keys_body_is_masked_up_to_its_end_line(text: str, expected: str) -> None:
    assert privacy.masked(text) == expected


@pytest.mark.parametrize("text", [
    "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY----- is the header",
    "-----BEGIN RSA PRIVATE KEY-----\n(redacted)\n-----END RSA PRIVATE KEY-----",
])
def test_a_private_keys_header_alone_is_left_as_it_is(text: str) -> None:
    assert privacy.masked(text) == text


def test_a_private_key_the_schema_refuses_is_not_printed_in_its_finding() -> None:
    text = GOOD_EXAMPLE.read_text(encoding="utf-8").replace(
        "severity: SEV1", "severity: |\n  -----BEGIN RSA PRIVATE KEY-----\n"
        f"  {KEY_BODY}\n  -----END RSA PRIVATE KEY-----", 1)
    found = run(text, now="2025-04-01T00:00:00Z")
    assert any(d.code == "PM013" for d in found)
    assert not [d for d in found if KEY_BODY[:20] in d.message + (d.hint or "")]


T = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"


@pytest.mark.parametrize("text", [
    # glued words with a token's prefix: no finding of PM507, nothing to mask
    "network_live_migration_cutover", "'network_live_migration_cutover' is not a valid severity",
    "npm_config_registry_url", "ASIA_PACIFIC_DATACENTER_EAST", "unknown key 'contributing_factors_v2'",
    "AKIAIOSFODNN7EXAMPLE", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    # the same, cut short by an excerpt
    "npm_config_registry_url…", "network_live_migration_cutover...", "ASIA_PACIFIC_DATACENTER_EAST…",
    "AKIAIOSFODNN7EXAMPLE…", "ghp_XXXXXXXXXXXXXXXXXXXXXXXX…", "xsk_live_16C7e42F292c6912E7710c…",
    # the end of a name after an excerpt's cut, and addresses PM506 does not report
    'excerpt "...InternalServerError500ResponseHandler"', "…PaymentsReconciliationWorker2Service",
    "mail support@acme.com...", "cloned via git@github.com... then", "postgres://app@db…",
    "jane@example.com…", "mail platform-oncall@acme.io…",
])
def test_what_pm505_to_pm507_do_not_report_is_not_masked(text: str) -> None:
    assert privacy.masked(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    (f"'{T[:34]}…' x", "'ghp_…' x"),
    (f"'{T[:30]}...' x", "'ghp_…' x"),
    (f"note_{T[:30]}…", "note_ghp_…"),
    (f"the line ends …{T[10:]}", "the line ends … (30 characters)"),
    ("quoted 'jane.doe@gma…'", "quoted 'j***@gma…'"),
    ("sk_live_4eC39HqLyjWDarjt…", "sk_live_…"),
])
def test_a_token_or_an_address_cut_by_an_excerpt_is_still_masked(text: str, expected: str) -> None:
    assert privacy.masked(text) == expected


@pytest.mark.parametrize(("address", "expected"), [
    ("max@maxar.com", "m***@maxar.com"), ("tom@atom.io", "t***@atom.io"),
    ("git@github.com", "g***@github.com"),
    ("max@max-mustermann.de", "m***@m***.de"), ("jane.doe@doe-family.org", "j***@d***.org"),
    ("jdoe@mail.jdoe.net", "j***@m***.net"),
])
def test_a_domain_is_personal_when_a_whole_part_is_the_mailboxs_name(address: str, expected: str) -> None:
    assert privacy.mask_email(address) == expected


@pytest.mark.parametrize(("text", "address"), [
    ("host 81.2.69.160 255.255.255.0", "81.2.69.160"),  # host bits under its netmask: a host
    ("host 81.2.69.0 255.255.254.0", "81.2.69.0"),  # a .0 that a /23 mask makes a host
    ("the 81.2.68.0/23 network; host 81.2.69.0 logged in", "81.2.69.0"),
])
def test_a_host_with_its_netmask_or_in_a_wider_network_is_an_address(text: str, address: str) -> None:
    assert [text[f.start:f.end] for f in privacy.scan(text)] == [address]


@pytest.mark.parametrize("text", [
    "net 81.2.69.0 255.255.255.0", "net 81.2.68.0 255.255.254.0", "net 81.2.69.0/24", "81.2.69.0",
    "19.3.0.0", "81.2.68.0/23 and 81.2.68.0", "81.2.69.0 / 255.255.255.0",
])
def test_a_network_with_its_netmask_or_ending_in_0_is_nobodys_address(text: str) -> None:
    assert privacy.scan(text) == []


@pytest.mark.parametrize(("text", "group", "value", "reported"), [
    ("Das Passwort lautete Sommer2024!", "stated", "Sommer2024!", True),
    ('The password "Xk9mP2qLzQ8w" was in the log', "quoted", "Xk9mP2qLzQ8w", True),
    ("The password was Sommer2024! in the log", "bare", "Sommer2024!", True),
    ("The password was rotated at once", "bare", "rotated", False),  # what it was like
    ("The password was 2FA-protected", "bare", "2FA-protected", False),
])
def test_a_password_in_a_sentence_is_read_by_the_group_that_names_its_form(
        text: str, group: str, value: str, reported: bool) -> None:
    match = privacy._PROSE_SECRET.search(text)
    assert match is not None and match.group(group) == value
    assert bool(privacy.scan(text)) is reported


@pytest.mark.parametrize("text", [
    "unknown key 'root_cause' (did you mean 'contributing_factors'?)",
    "impact of a SEV2 incident gives no numbers: no users_affected, customers_affected or metrics",
    "published SEV2 postmortem without sign-off by the accountable executive (internal policy)",
    "the entry at 2025-02-14 09:35 UTC is listed after the entry at 2025-02-14 09:40 UTC (line 20)",
    "postmortem drafted 10 days 10 h late: drafted 2025-03-04 10:00 UTC (disclosure.drafted_at)",
    "action item AI2 is 31 days overdue (due 2025-03-01, status open)",
    "Add 'tracker:' with the ticket's URL or id (e.g. PLAT-812).",
])
def test_an_ordinary_message_is_not_scanned(text: str) -> None:
    assert privacy._kinds_in(text) == []


@pytest.mark.parametrize(("text", "kind"), [
    (f"'{T}' is not valid", "secret"), ("note_AKIAZ3MHQ7VBXK2RLPQW", "secret"),
    ("pasted '- DB_PASSWORD=Xk9mP2qLzQ8w'", "secret"), ("The password was Sommer2024!", "secret"),
    ("see ?token=Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs", "secret"), ("curl -u admin:S3cretPassw0rd", "secret"),
    ("Authorization: Bearer Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs", "secret"),
    ("DSN mysql://app:p@ss@db.io", "secret"),
    ("card 4539 1488 0343 6467 was charged", "card"), ("login from 81.2.69.160", "ip"),
    ("from 2a02:8108::1", "ip"), ("called +49 170 1234567", "phone"), ("call (555) 234-5678", "phone"),
    ("Telefon: 030 1234567", "phone"), ("(030) 1234567", "phone"), ("jane.doe@gmail.com", "email"),
    ("ſecret: Xk9mP2qLzQ8w", "secret"),  # read as "secret" by a case-blind pattern
])
def test_a_message_that_may_hold_a_finding_is_scanned_for_its_kind(text: str, kind: str) -> None:
    assert kind in privacy._kinds_in(text)
    assert privacy.scan(text, kinds=privacy._kinds_in(text)) == privacy.scan(text)
