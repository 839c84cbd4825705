"""PM507 names each secret of a text by its own key (an Azure key before a password does not
make the password an Azure key, a connection string before a URL does not make the URL's query
a credential); a long value of capitals, digits or words is judged in time, not in minutes; a
command's next flag after a password of digits ("mysql -p84736291 -h db") is no unit that makes
the password a count."""

from __future__ import annotations

import pytest

from helpers import EVENT_DRAFT, run
from pmkit import privacy

STORAGE_KEY = "abcDEF123ghiJKL456mnoPQR789stuVWX012yzAB345CDE678fghIJK901lmnOP=="
PASSWORD = "Xk9mP2qLzQ8wXk9mP2qLzQ8w"
QUERY_PASSWORD = "Qw7Er9Ty2Ui4Op6As8Df"
QUERY_TOKEN = "Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs"
#: 200 capitals, none of them a hex digit's run: a value no name is made of.
CAPITALS = ("QWERTYUIOPASDFGHJKLZXCVBNM" * 8)[:200]


def labels(text: str) -> list[tuple[str, str]]:
    return [(f.label, text[f.start:f.end]) for f in privacy.scan(text) if f.kind == "secret"]


def found(event: str) -> list[tuple[str, int, int, str]]:
    diagnostics = run(EVENT_DRAFT.format(lang="en", event=event), select=["PM507"])
    return [(d.code, d.line, d.col, d.message) for d in diagnostics]


# --- each secret is named by its own key -------------------------------------------------------


def test_a_password_after_an_azure_key_is_a_credential() -> None:
    text = f"AccountName=acme;AccountKey={STORAGE_KEY} later the DB_PASSWORD={PASSWORD}"
    assert labels(text) == [("Azure storage account key", STORAGE_KEY), ("credential", PASSWORD)]


def test_a_password_after_an_azure_key_is_a_credential_in_pm507() -> None:
    event = f"AccountName=acme;AccountKey={STORAGE_KEY} later the DB_PASSWORD={PASSWORD}"
    assert found(event) == [
        ("PM507", 9, 41, "Azure storage account key in the postmortem: '… (65 characters)'"),
        ("PM507", 9, 129, "credential in the postmortem: '… (24 characters)'"),
    ]


def test_a_url_query_after_a_setting_is_still_a_url_query() -> None:
    text = (f"https://x.example/cb?password={QUERY_PASSWORD} then Server=db;Password={PASSWORD}"
            f" and https://y.example/?token={QUERY_TOKEN}")
    assert labels(text) == [
        ("secret in a URL query", QUERY_PASSWORD),
        ("credential", PASSWORD),
        ("secret in a URL query", QUERY_TOKEN),
    ]


def test_a_url_query_after_a_first_setting_is_a_url_query() -> None:
    text = (f"Server=db;Password={PASSWORD} then https://x.example/cb?token={QUERY_TOKEN}"
            f"&password={QUERY_PASSWORD}")
    assert labels(text) == [
        ("credential", PASSWORD),
        ("secret in a URL query", QUERY_TOKEN),
        ("secret in a URL query", QUERY_PASSWORD),
    ]


# --- long values of one shape ------------------------------------------------------------------
# Each of these took minutes or more when a run of capitals could be split into acronyms in
# every possible way; they are sized so that a run that does not take so long finishes at once.


@pytest.mark.parametrize("value", [
    CAPITALS + "!",
    CAPITALS + "9!",
    "8" * 200 + "!",
    "ABCDEFGHIJkl" * 17 + "!",
    "HTTPServerError" * 13 + "!",
])
def test_a_long_password_of_one_shape_is_reported(value: str) -> None:
    text = f"DB_PASSWORD={value}"
    assert labels(text) == [("credential", value)]


@pytest.mark.parametrize("value", [CAPITALS + "!", "ABCDEFGHIJkl9" * 16 + "!"])
def test_a_long_token_of_capitals_is_reported(value: str) -> None:
    assert labels(f"token={value}") == [("credential", value)]


def test_a_cut_token_of_capitals_is_masked() -> None:
    assert privacy.masked(f"leaked AKIA{CAPITALS}xY… in the log") == "leaked AKIA… in the log"


@pytest.mark.parametrize(("value", "words"), [
    (CAPITALS, True),
    (CAPITALS[:-1] + "Server", True),
    ("HTTPServerError" * 13, True),
    ("ABc", False),  # two capitals before a word: neither an acronym nor a word's start
    (CAPITALS + "aB", False),
])
def test_words_are_told_from_random_letters_as_before(value: str, words: bool) -> None:
    assert (privacy._WORDS.fullmatch(value) is not None) is words


# --- a command's next flag is no unit ----------------------------------------------------------


@pytest.mark.parametrize(("event", "col"), [
    ("mysql -p84736291 -h db", 21),
    ("mysql -u root -p84736291 -D shop", 29),
    ("mysql -p84736291 -d shop", 21),
    ("mysql -u root -p84736291 -s -x", 29),
])
def test_a_password_of_digits_before_a_flag_is_reported(event: str, col: int) -> None:
    assert found(event) == [("PM507", 9, col, "credential in the postmortem: '… (8 characters)'")]


@pytest.mark.parametrize("text", [
    "password was 3 days old", "password was reset 12 times", "the password was 84736291-times",
    "the password was 100000-times tried", "the password was 120000 seconds old",
])
def test_a_count_about_a_password_stays_quiet(text: str) -> None:
    assert labels(text) == []
