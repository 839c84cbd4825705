"""PM507 on a password of digits only (reported where the text gives it as the password, not
when the number says what the password was like), and the labels of the secrets of an Azure
connection string, which is a list of settings and not a URL's query."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EVENT_DRAFT, run
from pmkit import privacy
from pmkit.cli import main

STORAGE_KEY = "abcDEF123ghiJKL456mnoPQR789stuVWX012yzAB345CDE678fghIJK901lmnOP=="
STORAGE = ("DefaultEndpointsProtocol=https;AccountName=acme;"
           f"AccountKey={STORAGE_KEY};EndpointSuffix=core.windows.net")
BUS_KEY = "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eA=="
BUS = ("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
       f"SharedAccessKey={BUS_KEY}")
SIG = "AbCdEf%2BGhIjKlMnOpQrStUvWxYz0123456789%3D"


def found(event: str, lang: str = "en") -> list[tuple[str, int, int, str]]:
    diagnostics = run(EVENT_DRAFT.format(lang=lang, event=event), select=["PM505", "PM506", "PM507"])
    return [(d.code, d.line, d.col, d.message) for d in diagnostics]


def secrets(text: str) -> list[tuple[str, str, str]]:
    return [(f.label, text[f.start:f.end], f.masked) for f in privacy.scan(text) if f.kind == "secret"]


# --- a password of digits only ---------------------------------------------------------------


@pytest.mark.parametrize(("event", "col", "lang"), [
    ("The password was 84736291 for the admin account.", 30, "en"),
    ("The root password is 20240613, rotated since.", 34, "en"),
    ("The admin password was set to 84736291 by mistake", 43, "en"),
    ("The password was \"84736291\" in the log", 31, "en"),
    ("The job logged password: 84736291 in clear text", 38, "en"),
    ("The job logged DB_PASSWORD=84736291 in clear text", 40, "en"),
    ("The job logged DB_PASS=84736291 in clear text", 36, "en"),
    ("Ran mysql -u root -p84736291 orders", 33, "en"),
    ("DSN was redis://app:84736291@cache.acme.io/0", 33, "en"),
    ("Das Passwort lautete 84736291.", 34, "de"),
    ("Das Passwort war 847362 für alle Konten.", 30, "de"),
])
def test_a_password_of_digits_only_is_a_password(event: str, col: int, lang: str) -> None:
    label = "password in a URL" if "://" in event else "credential"
    length = 6 if "847362 " in event else 8
    assert found(event, lang) == [
        ("PM507", 9, col, f"{label} in the postmortem: '… ({length} characters)'")]


@pytest.mark.parametrize("text", [
    "the password was 3 days old", "password was reset at 14:05", "password was changed 2 times",
    "password policy v2", "the password was 2024", "the password was 12345 characters long",
    "the password was 120000 seconds old", "the password was 100000 times tried",
    "the password is 900000 days old", "password was 1,000,000", "the password was 2024-06-13",
    "password was 000000", "the password was 14:05:00", "Das Passwort ist seit 2024 ungültig",
    "Das Passwort war 365000 Tage alt", "second pass: 123456", "password_min_length: 123456",
    "the password expired 20240613", "https://db.acme.io:5432/orders", "pwd: 123",
])
def test_a_number_about_a_password_is_not_one(text: str) -> None:
    assert secrets(text) == []


# --- the secrets of an Azure connection string -----------------------------------------------


@pytest.mark.parametrize(("text", "label", "value"), [
    (STORAGE, "Azure storage account key", STORAGE_KEY),
    (f"AccountKey={STORAGE_KEY}", "Azure storage account key", STORAGE_KEY),
    (BUS, "Azure shared access key", BUS_KEY),
    (f"{BUS};EntityPath=orders", "Azure shared access key", BUS_KEY),
    ("BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco"
     f"&sp=rl&se=2026-01-01T00:00:00Z&spr=https&sig={SIG}", "Azure shared access signature", SIG),
    ("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature "
     f"sr=acme&sig={SIG}&se=1700000000&skn=Root", "Azure shared access signature", SIG),
    # A signature in a URL's query is one; a setting of another connection string is a credential.
    (f"https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&sig={SIG}", "secret in a URL query", SIG),
    ("Server=tcp:acme.database.windows.net;Database=orders;User ID=app;Password=Xk9mP2qLzQ8w;",
     "credential", "Xk9mP2qLzQ8w"),
    # "account_key" is anybody's key, not only Azure's.
    (f"account_key={STORAGE_KEY}", "credential", STORAGE_KEY),
])
def test_an_azure_key_is_named_for_what_it_is(text: str, label: str, value: str) -> None:
    assert secrets(text) == [(label, value, f"… ({len(value)} characters)")]


def test_the_mask_covers_the_key_and_leaves_the_next_setting() -> None:
    assert privacy.masked(STORAGE) == (
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=… (65 characters);"
        "EndpointSuffix=core.windows.net")
    assert privacy.masked(f"{BUS};EntityPath=orders") == (
        "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
        "SharedAccessKey=… (40 characters);EntityPath=orders")


@pytest.mark.parametrize(("event", "col", "message"), [
    (f"The app used {STORAGE}", 85, "Azure storage account key in the postmortem: '… (65 characters)'"),
    (f"The app used {BUS}", 131, "Azure shared access key in the postmortem: '… (40 characters)'"),
])
def test_pm507_names_the_azure_key(event: str, col: int, message: str) -> None:
    assert found(event) == [("PM507", 9, col, message)]


def test_pmkit_check_prints_the_azure_label(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    event = f"The app used {STORAGE} and the admin password was 84736291."
    (tmp_path / "pm.yaml").write_text(EVENT_DRAFT.format(lang="en", event=event), encoding="utf-8")
    assert main(["check", "pm.yaml", "--select", "PM507"]) == 1
    out = capsys.readouterr().out
    assert "pm.yaml:9:85: PM507 Azure storage account key in the postmortem: '… (65 characters)'" in out
    assert "pm.yaml:9:210: PM507 credential in the postmortem: '… (8 characters)'" in out
    assert STORAGE_KEY not in out and "84736291" not in out
