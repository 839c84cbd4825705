"""PM505-PM507 detectors: passwords in connection strings and sentences, private keys whose body
follows a redaction marker, command-line passwords, more key formats, tokens typed over only in
part; and what must stay quiet: names of stored secrets, four-part versions, networks, role
mailboxes, card-like numbers of the wrong length."""

from __future__ import annotations

import pytest

from helpers import EVENT_DRAFT, run
from pmkit import privacy

T = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"



DRAFT = " in a postmortem that is not yet public (status is draft)"


def found(event: str, lang: str = "en") -> list[tuple[str, int, int, str]]:
    diagnostics = run(EVENT_DRAFT.format(lang=lang, event=event), select=["PM0", "PM505", "PM506", "PM507"])
    return [(d.code, d.line, d.col, d.message) for d in diagnostics]


def secrets(text: str) -> list[tuple[str, str, str]]:
    return [(f.label, text[f.start:f.end], f.masked) for f in privacy.scan(text) if f.kind == "secret"]


def kinds(text: str) -> list[str]:
    return [f.kind for f in privacy.scan(text)]


# --- connection strings with '#' or '@' in the password -------------------------------------


@pytest.mark.parametrize(("event", "col", "length"), [
    ("DSN was mysql://app:Xk9#mP2qLz@db.acme.io/orders", 33, 10),
    ("DSN was mysql://app:p@ssw0rd@db.acme.io/orders", 33, 8),
])
def test_a_password_in_a_url_may_hold_a_hash_or_an_at(event: str, col: int, length: int) -> None:
    assert found(event) == [
        ("PM507", 9, col, f"password in a URL in the postmortem: '… ({length} characters)'")]


def test_the_host_after_a_password_with_an_at_is_no_mail_address() -> None:
    assert kinds("mysql://app:p@ssw0rd@db.acme.io/orders and mysql://app:Xk9#mP2qLz@db.acme.io/x") == [
        "secret", "secret"]


# --- private keys -------------------------------------------------------------------------------

BODY = "MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Lq7W1xYdQ2Zk4Pq9mR8sJw0Yh"


@pytest.mark.parametrize("marker", ["(redacted)", "\n...", "\n[removed]"])
def test_a_private_key_whose_body_follows_a_redaction_marker_is_reported(marker: str) -> None:
    text = f"-----BEGIN RSA PRIVATE KEY----- {marker}\n{BODY}\n-----END RSA PRIVATE KEY-----"
    assert [label for label, _, _ in secrets(text)] == ["private key"]


@pytest.mark.parametrize("text", [
    "-----BEGIN RSA PRIVATE KEY----- (redacted)",
    "-----BEGIN RSA PRIVATE KEY----- (redacted)\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\n[removed]\n-----END RSA PRIVATE KEY-----\n" + BODY,
])
def test_a_private_key_without_its_body_is_not_reported(text: str) -> None:
    assert secrets(text) == []


# --- passwords in sentences ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("The password was hunter2", "hunter2"),
    ("The password was Sommer2024!", "Sommer2024!"),
    ("the root password is Winter2024!", "Winter2024!"),
    ("Das Passwort war Sommer2024!", "Sommer2024!"),
    ('Das Passwort "Xk9mP2qLzQ8w" stand im Log', "Xk9mP2qLzQ8w"),
    ('The password "Xk9mP2qLzQ8w" was in the log', "Xk9mP2qLzQ8w"),
    ("The admin password was set to Xk9mP2qLzQ8w by mistake", "Xk9mP2qLzQ8w"),
    ("Logged in as admin with password Xk9mP2qLzQ8w", "Xk9mP2qLzQ8w"),
    ("The passphrase was correct-horse-battery-staple", "correct-horse-battery-staple"),
    ("The password was 'hunter2'", "hunter2"),
    ("Das Passwort lautete Sommer2024!", "Sommer2024!"),
])
def test_a_password_given_in_a_sentence_is_reported(text: str, value: str) -> None:
    assert secrets(text) == [("credential", value, f"… ({len(value)} characters)")]


def test_a_password_in_a_sentence_is_reported_at_its_value() -> None:
    assert found("The admin password was set to Xk9mP2qLzQ8w by mistake") == [
        ("PM507", 9, 43, "credential in the postmortem: '… (12 characters)'")]


@pytest.mark.parametrize("text", [
    "The password was rotated", "The password was wrong", "password was reset at 10:12",
    "the password policy is strict", "Das Passwort war abgelaufen", "the password was stored in Vault",
    "The password was 2FA-protected", "The password was changed to meet the policy",
    "The password was AES256 encrypted", "the password was 12 characters long",
    "The password was e-mailed to the team", "password was bcrypt-hashed",
    "Passwort: zurückgesetzt", "Das Passwort ist seit 2024 ungültig", "the password was v2",
    "with password authentication", "the password hashes were leaked",
])
def test_what_a_password_was_like_is_not_reported(text: str) -> None:
    assert secrets(text) == []


# --- command lines, URL keys and more key formats -------------------------------------------------


@pytest.mark.parametrize(("text", "label", "value"), [
    ("curl -u admin:S3cretPassw0rd https://api.acme.io", "credential", "S3cretPassw0rd"),
    ("mysql -u root -pXk9mP2qLzQ8 orders", "credential", "Xk9mP2qLzQ8"),
    ("docker login -u ci -p Xk9mP2qLzQ8w registry.acme.io", "credential", "Xk9mP2qLzQ8w"),
    ("https://maps.acme.io/api?key=Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs&x=1", "secret in a URL query",
     "Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs"),
    ("AccountName=acme;AccountKey=Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs1234AbCd==;EndpointSuffix=core.windows.net",
     "Azure storage account key", "Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs1234AbCd=="),
])
def test_a_password_on_a_command_line_or_a_key_in_a_url_is_reported(
        text: str, label: str, value: str) -> None:
    assert secrets(text) == [(label, value, f"… ({len(value)} characters)")]


@pytest.mark.parametrize(("value", "label", "masked"), [
    ("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f", "OpenAI API key", "sk-proj-… (48 characters)"),
    ("sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh2iJk", "Anthropic API key",
     "sk-ant-api03-… (59 characters)"),
    ("SG.Zk3mQ9xLp2Vn8RtY4wBc7H.dJ6fGsZk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs12345678Ab", "SendGrid API key",
     "SG.… (70 characters)"),
    ("ghp_XXXXXXXX16C7e42F292c6912E7710c838347Ae", "GitHub token", "ghp_… (42 characters)"),
])
def test_more_key_formats_and_a_token_typed_over_in_part(value: str, label: str, masked: str) -> None:
    assert secrets(f"Seen in the log: {value} (rotated since).") == [(label, value, masked)]


@pytest.mark.parametrize("text", [
    "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "sk_live_xxxxxxxxxxxxxxxxxxxx4242",
    "https://api.acme.io/items?key=orders&page=2", "?key=this-is-a-long-cache-key-name-for-orders",
    "mysql -u root -p orders", "curl -u admin https://api.acme.io", "docker login -u ci --password-stdin",
])
def test_a_typed_over_token_or_a_harmless_key_is_not_reported(text: str) -> None:
    assert secrets(text) == []


# --- names of stored secrets ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The secret: orders-api-key-v2 was rotated", "The secret: my-app-secret-v2 was rotated",
    "secret: payments-db-credentials", "secret: stripe-webhook-signing-key.v3",
])
def test_the_name_of_a_stored_secret_is_no_secret(text: str) -> None:
    assert secrets(text) == []


# --- versions and networks -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Rolled back to 8.4.3.1 at 10:12", "Reverted the agent from 8.4.3.2 back to 8.4.3.1",
    "Die Version 8.4.3.2 wurde auf 8.4.3.1 zurückgerollt", "Wir sind auf 8.4.3.1 zurückgegangen",
    "The SDK (v8.4.3.2) and agent (8.4.3.1) disagreed", "SNMP MIB 1.3.6.1",
    "Das Update 4.2.1.3 brachte den Fehler", "ojdbc8 19.3.0.0", "Blocked network 81.2.69.0 255.255.255.0",
    "Blocked network 81.2.69.128 255.255.255.128", "Downgraded the agent to 8.4.3.1",
])
def test_a_version_or_a_network_is_no_ip_address(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize("text", [
    "Reverted the DNS record to 81.2.69.160", "build 8.4.3.2 and host 81.2.69.160",
    "Rolled back traffic to 81.2.69.160", "login from 81.2.69.160 at 10:12",
])
def test_an_address_near_a_version_word_is_still_reported(text: str) -> None:
    assert kinds(text) == ["ip"]


def test_a_version_list_with_a_name_needs_the_same_major_version() -> None:
    assert found("The SDK (v8.4.3.2) and agent (81.2.69.160) disagreed") == [
        ("PM505", 9, 43, "public IP address '81.2.x.x'" + DRAFT)]


# --- role mailboxes ------------------------------------------------------------------------------


@pytest.mark.parametrize("local", [
    "rufbereitschaft", "kundenservice", "kundendienst", "hotline", "leitstelle", "störung", "stoerung",
    "buchhaltung", "rechnung", "it-hotline", "kundenservice.nord",
])
def test_a_german_role_mailbox_is_no_personal_data(local: str) -> None:
    assert kinds(f"Reported to {local}@acme.de at 10:12") == []


def test_a_person_s_address_is_still_reported() -> None:
    assert found("Reported by jane.doe@acme.de at 10:12") == [
        ("PM505", 9, 25, "e-mail address 'j***@acme.de'" + DRAFT)]


# --- card numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["35301113333000", "60110000000004"])
def test_fourteen_digits_with_a_jcb_or_discover_prefix_are_no_card(number: str) -> None:
    assert privacy.luhn_ok(number)
    assert kinds(f"Reference {number[:4]} {number[4:]} and {number}") == []


def test_a_fourteen_digit_diners_card_is_still_reported() -> None:
    assert kinds("Card 3056 9309 0259 04 was charged") == ["card"]
