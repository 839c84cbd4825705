"""PM5xx on text written the way SRE teams write summaries, impact sections and timelines:
the verdicts an author relies on, with exact codes, lines and columns."""

from __future__ import annotations

import re
from typing import Any

import pytest

from helpers import EVENT_DRAFT, run, where
from pmkit import privacy, readability

SUMMARY = """\
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


# --- PM502: where sentences end --------------------------------------------------------------


def test_a_unit_before_a_full_stop_ends_the_sentence() -> None:
    first = "At 14:02 UTC the p99 latency of the checkout API rose from 180 ms to 3.2 s."
    second = ("A configuration change had halved the database connection pool, and requests then queued "
              "for a free connection until they timed out, so that the load balancer marked every "
              "single checkout node in the region as unhealthy.")
    found = run(SUMMARY.format(lang="en", first=first, second=second), select=["PM502"])
    assert where(found) == [("PM502", 9, 3)]  # the long sentence, not the one before it
    assert found[0].message == "summary sentence has 36 words, more than 35"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The p99 latency rose to 3.2 s. Errors followed within 2 h. We rolled back.",
         ["The p99 latency rose to 3.2 s.", "Errors followed within 2 h.", "We rolled back."]),
        ("Die Latenz stieg auf 3,2 s. Betroffen waren u. a. Kunden in der EU, v. a. Händler.",
         ["Die Latenz stieg auf 3,2 s.", "Betroffen waren u. a. Kunden in der EU, v. a. Händler."]),
        ("Der Fehler lag i. d. R. im Cache, z. B. bei Sitzungen. Vgl. Abschnitt 4.",
         ["Der Fehler lag i. d. R. im Cache, z. B. bei Sitzungen.", "Vgl. Abschnitt 4."]),
        ("Checkout failed at 2 p.m. UTC. J. Smith's team in the U.S. region was paged.",
         ["Checkout failed at 2 p.m. UTC.", "J. Smith's team in the U.S. region was paged."]),
    ],
)
def test_sentences_end_after_units_but_not_inside_abbreviations(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in readability.sentences(text)] == expected


# --- PM504: a postmortem that says nobody was affected ---------------------------------------

IMPACT = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV3
summary: The nightly build pipeline was down for four hours.
impact:
  description: {description}
"""


@pytest.mark.parametrize(
    ("lang", "description"),
    [
        ("en", "Builds were late. There was no impact on customers."),
        ("en", "Release builds were delayed; customers were unaffected."),
        ("en", "The outage did not affect any users."),
        ("en", "Only internal tooling failed, without customer-visible impact."),
        ("en", "No customer-visible impact."),
        ("de", "Builds verzögerten sich. Keine Auswirkung auf Kunden."),
        ("de", "Es waren keine Kunden betroffen."),
        ("de", "Interne Builds fielen aus, es gab keine Kundenauswirkungen."),
    ],
)
def test_no_customer_impact_needs_no_numbers(lang: str, description: str) -> None:
    assert run(IMPACT.format(lang=lang, description=description), select=["PM504"]) == []


@pytest.mark.parametrize(
    ("lang", "description"),
    [
        ("en", "There was no impact on the deploy pipeline, but customers saw errors."),
        ("de", "Kunden sahen Fehler; der Deploy hatte keine Auswirkung."),
    ],
)
def test_no_impact_on_something_else_still_asks_for_numbers(lang: str, description: str) -> None:
    assert where(run(IMPACT.format(lang=lang, description=description), select=["PM504"])) == [
        ("PM504", 8, 1)]


# --- PM507: what a credential's value is ------------------------------------------------------



def secrets_in(event: str, lang: str = "en") -> list[tuple[str, int, int]]:
    # PM0xx too: a file that does not load would find no secret either.
    return where(run(EVENT_DRAFT.format(lang=lang, event=event), select=["PM0", "PM507"]))


@pytest.mark.parametrize("event", [
    "Passwort: zurückgesetzt, Kennwort: geändert, Token: gelöscht.",
    "Das Passwort: geändert; der API-Key: ungültig.",
])
def test_a_german_word_after_a_secret_key_is_no_secret(event: str) -> None:
    assert secrets_in(event, "de") == []


def test_a_german_password_is_still_a_secret() -> None:
    found = run(EVENT_DRAFT.format(lang="de", event="Im Log stand Passwort: Frühling2024 im Klartext."),
                select=["PM507"])
    assert where(found) == [("PM507", 9, 36)]
    assert found[0].message == "credential in the postmortem: '… (12 characters)'"


@pytest.mark.parametrize("event", [
    "The pod could not mount secret: payments-db-credentials.",
    "We rotated secret: stripe-webhook-signing-key and the job read api_key: DATADOG_API_KEY.",
    "The runner exported token=process.env.API_TOKEN and secret: AWS_SECRET_ACCESS_KEY was unset.",
    "Rotation failed for arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-AbCdEf.",
])
def test_the_name_of_a_secret_is_no_secret(event: str) -> None:
    assert secrets_in(event) == []


@pytest.mark.parametrize(("event", "col"), [
    ("The log showed password=correct-horse-battery-staple.", 37),  # words, but not a name
    ("The job ran with DB_PASSWORD=Xk9_PLUM_42b in its environment.", 42),
    ("kubectl create secret generic db --from-literal=password=S3cr3tPassw0rd", 70),
])
def test_a_secret_beside_names_is_still_found(event: str, col: int) -> None:
    assert secrets_in(event) == [("PM507", 9, col)]


@pytest.mark.parametrize("event", [
    "The runbook quoted the AWS example AKIAIOSFODNN7EXAMPLE with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.",
    "The test set aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY as in the AWS docs.",
    "We decoded the sample from https://jwt.io/#debugger-io?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV8_adQssw5c to compare claims.",
])
def test_credentials_published_as_examples_are_no_secrets(event: str) -> None:
    assert secrets_in(event) == []


def test_a_token_that_is_not_the_example_is_still_found() -> None:
    # the example's header and claims, signed with another key: a token someone issued
    event = ("Logged eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIi"
             "wiaWF0IjoxNTE2MjM5MDIyfQ.4Adcj3UFYzPUVaVF43FmMab6RlaQD8A9V8wFzzht-KQ and "
             "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEz.")
    assert secrets_in(event) == [("PM507", 9, 20), ("PM507", 9, 202)]


# --- PM506: numbers called IDs ---------------------------------------------------------------


def cards_in(event: str, lang: str = "en") -> list[tuple[str, int, int]]:
    return where(run(EVENT_DRAFT.format(lang=lang, event=event), select=["PM0", "PM506"]))


@pytest.mark.parametrize(("lang", "event"), [
    ("en", "Orders 4532015112830366 and 4916338506082832 were charged twice."),
    ("en", "Trace ids 4532015112830366, 4916338506082832 or 5425233430109903 show the retry."),
    ("en", "Support linked tickets 4532015112830366 / 4916338506082832 to the incident."),
    ("de", "Die Bestellungen 4532015112830366 und 4916338506082832 wurden doppelt abgebucht."),
    ("de", "Kundennummer 4532015112830366 meldete den Fehler."),
    # a device's numbers pass the Luhn check like a card's
    ("en", "The phones with IMEI 490154203237518 and 356938035643809 could not register."),
    ("de", "Das Gerät mit der Seriennummer 4532015112830366 fiel aus."),
])
def test_a_list_of_numbers_called_ids_holds_no_card(lang: str, event: str) -> None:
    assert cards_in(event, lang) == []


@pytest.mark.parametrize(("event", "expected"), [
    # a card in the sentence: the list is of cards
    ("Orders 4532015112830366 and 4916338506082832 were paid with one card.", [20, 41]),
    # the list ends at a word: what follows is no longer called an ID
    ("Orders 4532015112830366 and then 4916338506082832 were charged.", [46]),
])
def test_numbers_outside_an_id_list_are_still_cards(event: str, expected: list[int]) -> None:
    assert cards_in(event) == [("PM506", 9, col) for col in expected]


class CountingPattern:
    """A compiled pattern that adds up how many characters it is asked to search."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scanned = 0

    def _span(self, text: str, pos: int, endpos: int | None) -> tuple[int, int]:
        end = len(text) if endpos is None else min(endpos, len(text))
        self.scanned += max(0, end - pos)
        return pos, end

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self.pattern.finditer(text, *self._span(text, pos, endpos))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self.pattern.search(text, *self._span(text, pos, endpos))


@pytest.mark.parametrize(("unit", "cards"), [
    ("order 4532015112830366 and ", 0),  # one long sentence of IDs
    ("Order 4532015112830366 failed. ", 0),
    ("The card 4532015112830366 and order 4916338506082832 failed; ", 2),
])
def test_sentences_around_many_numbers_are_searched_once(
        monkeypatch: pytest.MonkeyPatch, unit: str, cards: int) -> None:
    def cost(n: int) -> int:
        breaks = CountingPattern(privacy._SENTENCE_BREAK)
        card_words = CountingPattern(privacy._CARD_CUE)
        monkeypatch.setattr(privacy, "_SENTENCE_BREAK", breaks)
        monkeypatch.setattr(privacy, "_CARD_CUE", card_words)
        found = privacy.scan(unit * n, kinds=["card"])
        monkeypatch.undo()
        assert len(found) == cards * n
        return breaks.scanned + card_words.scanned

    small, large = cost(400), cost(800)
    assert large <= 2.3 * small + 50


@pytest.mark.parametrize("event", [
    "Reproduced in staging with Stripe test card 4000 0000 0000 0341 (attaching it fails).",
    "Test cards 4000 0025 0000 3155 and 4000 0000 0000 3220 trigger 3-D Secure; 4000000000009987 is lost.",
    "Adyen test card 4111 1111 4555 1142 and Braintree 4012 0000 3333 0026 were declined.",
])
def test_published_test_cards_are_no_card_numbers(event: str) -> None:
    assert cards_in(event) == []


def test_a_card_beside_test_cards_is_still_found() -> None:
    event = "Test card 4000 0000 0000 0077 passed, the customer card 4539 1488 0343 6467 did not."
    found = run(EVENT_DRAFT.format(lang="en", event=event), select=["PM506"])
    assert where(found) == [("PM506", 9, 69)]
    assert found[0].message == "payment card number in the postmortem (card number ending in 6467)"


# --- PM505: addresses that are nobody's ------------------------------------------------------


def personal_data_in(event: str) -> list[tuple[str, int, int]]:
    return where(run(EVENT_DRAFT.format(lang="en", event=event), select=["PM0", "PM505"]))


@pytest.mark.parametrize("event", [
    "The role was granted to ci-deployer@acme-prod.iam.gserviceaccount.com by mistake.",
    "123456789-compute@developer.gserviceaccount.com lost access to the bucket.",
    "Keys of build-runner@acme-ci.iam.gserviceaccount.com were rotated.",
])
def test_service_accounts_are_no_personal_addresses(event: str) -> None:
    assert personal_data_in(event) == []


def test_a_person_beside_a_service_account_is_still_found() -> None:
    event = "jane.doe@acme.io granted ci-deployer@acme-prod.iam.gserviceaccount.com the role."
    assert personal_data_in(event) == [("PM505", 9, 13)]


@pytest.mark.parametrize("event", [
    "The log held ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX and sk_live_xxxxxxxxxxxxxxxxxxxxxxxx (redacted).",
    "Alerts went to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX.",
    "The key AKIAXXXXXXXXXXXXXXXX and the token xoxb-XXXXXXXXXXXX-XXXXXXXXXXXX were rotated.",
    "The UI showed ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAB12 and api_key=********************9f3a.",
])
def test_tokens_typed_over_when_redacted_are_no_secrets(event: str) -> None:
    assert secrets_in(event) == []


def test_a_real_token_beside_redacted_ones_is_still_found() -> None:
    event = ("Redacted ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX, but not "
             "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB.")
    found = run(EVENT_DRAFT.format(lang="en", event=event), select=["PM507"])
    assert where(found) == [("PM507", 9, 72)]
    assert found[0].message == "GitHub token in the postmortem: 'ghp_… (42 characters)'"


# --- PM503: German compounds -----------------------------------------------------------------


@pytest.mark.parametrize(("description", "phrase"), [
    ("Einige Firmenkunden konnten nicht bezahlen.", "Einige Firmenkunden"),
    ("Bei Händlern sahen viele Bestandskunden Fehler.", "viele Bestandskunden"),
    ("Ein Teil der Zahlungsanfragen schlug fehl.", "Ein Teil der Zahlungsanfragen"),
    ("Danach schlugen einige API-Anfragen fehl.", "einige API-Anfragen"),
])
def test_a_vague_quantity_of_a_german_compound_is_vague(description: str, phrase: str) -> None:
    found = run(IMPACT.format(lang="de", description=description), select=["PM503"])
    assert where(found) == [("PM503", 9, 16 + description.index(phrase))]
    assert found[0].message.startswith(f"vague impact '{phrase}':")


def test_german_compounds_that_name_no_one_affected_are_not_vague() -> None:
    description = "Wir sagten einige Workshops ab; einige Teammitglieder waren einige Stunden alarmiert."
    assert run(IMPACT.format(lang="de", description=description), select=["PM503"]) == []


def test_a_number_of_a_german_compound_is_a_number_in_the_text() -> None:
    found = run(IMPACT.format(lang="de", description="1.240 Firmenkunden konnten nicht bezahlen."),
                select=["PM504"])
    assert [d.message for d in found] == [
        "impact of a SEV3 incident has numbers only in its text: no users_affected, customers_affected "
        "or metrics"]


# --- PM505-PM507: versions, URL users, redacted keys, hex tokens -----------------------------


@pytest.mark.parametrize(("text", "kinds"), [
    # a dotted quad after a verb of upgrading, or pinned as name@, is a version
    ("We upgraded to 1.2.3.4 on Tuesday.", []),
    ("Pinned pkg@1.2.3.4 in the lockfile.", []),
    ("Bumped nginx from 1.25.3.1 to 1.25.3.2.", []),
    ("ssh deploy@81.2.69.160 failed.", ["ip"]),
    ("Pinned api.acme.io to 81.2.69.160.", ["ip"]),
    ("Installed the agent on 81.2.69.160.", ["ip"]),
    ("Updated DNS to 81.2.69.160.", ["ip"]),
    # German puts the participle last
    ("Wir haben nginx auf 1.25.3.1 hochgestuft.", []),
    ("Der Agent wurde auf 1.2.3.4 upgegradet.", []),
    ("Der Agent wurde von 1.2.3.4 heruntergestuft.", []),
    # "aktualisiert" is no cue, as "updated" is not: a DNS record is updated to an address
    ("Der DNS-Eintrag wurde auf 81.2.69.160 aktualisiert.", ["ip"]),
    ("Auf 1.2.3.4 aktualisiert.", ["ip"]),
    ("Der Agent wurde auf Version 1.2.3.4 aktualisiert.", []),
    # the user of a URL is an account, not a mailbox
    ("The app connected with postgres://app@db.internal:5432/orders.", []),
    ("mailto:jane.doe@acme.io bounced.", ["email"]),
    # a private key's header with its body cut out holds no secret
    ("The key was -----BEGIN RSA PRIVATE KEY----- (redacted).", []),
    ("The log held -----BEGIN PRIVATE KEY----- [redacted] -----END PRIVATE KEY-----.", []),
    ("The log held -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
     ["secret"]),
    # a hex token in lower case is as random as in upper case
    ("The log showed token: 3f9a2c7e1b4d8f6a0c2e9b7d5a1f3c8e", ["secret"]),
    ("The log showed token: 3F9A2C7E1B4D8F6A0C2E9B7D5A1F3C8E", ["secret"]),
    ("token: sha256WithRSAEncryption", []),
])
def test_versions_url_users_redacted_keys_and_hex_tokens(text: str, kinds: list[str]) -> None:
    assert [f.kind for f in privacy.scan(text)] == kinds


@pytest.mark.parametrize(("text", "phrase"), [
    # one word may say which kind of people ("internal", "mobile", "iOS")
    ("Several internal teams lost access to the dashboard.", "Several internal teams"),
    ("Many mobile users saw errors.", "Many mobile users"),
    ("Some iOS users saw errors.", "Some iOS users"),
    ("Several teams could not deploy.", "Several teams"),
    # a stretch of time is no kind of customer
    ("For some time customers could not pay.", None),
    ("After some hours users gave up.", None),
])
def test_a_vague_count_with_a_word_for_the_kind(text: str, phrase: str | None) -> None:
    from pmkit.vagueness import find_vague

    found = [text[start:end] for start, end in find_vague(text, "en")]
    assert found == ([phrase] if phrase else [])


@pytest.mark.parametrize(("text", "kinds"), [
    # a conference bridge's dial-in is a meeting service's number, not a person's
    ("Dial in: +1 646 558 8656, access code 123 456 789#.", []),
    ("Bridge +1 (646) 558-8656,,123456789#", []),
    ("Einwahl: +49 30 5679 1234, Konferenz-ID 998877", []),
    ("Call +44 20 7946 0958 ext. 1234.", ["phone"]),
    ("Jane's phone: +49 151 2345 6789; the bridge was down.", ["phone"]),
    ("The bridge failed. Alice +49 151 2345 6789", ["phone"]),
])
def test_conference_bridges_are_no_personal_numbers(text: str, kinds: list[str]) -> None:
    assert [f.kind for f in privacy.scan(text)] == kinds


# --- PM503: a hyphenated modifier counts the noun after it ------------------------------------

VAGUE_SUMMARY = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV4
summary: {summary}
"""


@pytest.mark.parametrize(("lang", "summary"), [
    ("en", "Several customer-facing services returned errors between 10:02 and 10:40."),
    ("en", "Some user-facing pages loaded slowly for 20 minutes."),
    ("de", "Einige Kunden-Dashboards zeigten 20 Minuten lang keine Daten."),
])
def test_a_quantity_before_a_hyphenated_modifier_counts_no_people(lang: str, summary: str) -> None:
    assert run(VAGUE_SUMMARY.format(lang=lang, summary=summary), select=["PM503"]) == []


@pytest.mark.parametrize(("lang", "summary", "phrase", "col"), [
    ("en", "Several customer-facing services failed, and some end-users could not pay.",
     "some end-users", 55),
    ("en", "For 20 minutes some customer-1 saw errors.", "some customer-1", 25),
    ("de", "Einige Firmen-Kunden konnten nicht zahlen.", "Einige Firmen-Kunden", 10),
])
def test_vague_impact_is_quoted_in_whole_words(lang: str, summary: str, phrase: str, col: int) -> None:
    [found] = run(VAGUE_SUMMARY.format(lang=lang, summary=summary), select=["PM503"])
    assert (found.code, found.line, found.col) == ("PM503", 7, col)
    assert found.message.startswith(f"vague impact '{phrase}': ")


# --- PM504: more ways to say nobody was affected, and not only for a while --------------------

NO_IMPACT = """\
pmkit: 1
id: x
title: x
status: draft
lang: {lang}
severity: SEV3
summary: {summary}
"""


@pytest.mark.parametrize(("lang", "summary"), [
    ("en", "Builds were slow for two hours. Customers did not notice anything."),
    ("en", "Builds were slow for two hours. Customers noticed nothing."),
    ("en", "Builds were slow for two hours. Users saw no errors."),
    ("en", "Builds were slow for two hours. The incident was not visible to customers."),
    ("de", "Builds waren zwei Stunden lang langsam. Kein Kunde hat etwas bemerkt."),
    ("de", "Builds waren zwei Stunden lang langsam. Kundinnen und Kunden merkten nichts."),
    ("de", "Builds waren zwei Stunden lang langsam. Für Kunden gab es keine Auswirkungen."),
    ("de", "Builds waren zwei Stunden lang langsam. Ohne Auswirkungen auf Kunden."),
    # a limit in another sentence leaves the statement whole
    ("en", "Initially the deploy failed. No customers were affected."),
])
def test_more_ways_to_say_no_customer_was_affected(lang: str, summary: str) -> None:
    assert run(NO_IMPACT.format(lang=lang, summary=summary), select=["PM504"]) == []


@pytest.mark.parametrize(("lang", "summary"), [
    ("en", "The outage had no customer impact at first, but from 10:20 checkout failed for everyone."),
    ("en", "There was no customer impact until 10:20, when checkout failed for everyone."),
    ("en", "Initially no customers were affected; then checkout failed for everyone."),
    ("de", "Zunächst gab es keine Auswirkungen auf Kunden, ab 10:20 schlug jeder Checkout fehl."),
    ("de", "Keine Auswirkungen auf Kunden bis 10:20, danach schlug jeder Checkout fehl."),
])
def test_no_impact_for_a_while_still_asks_for_numbers(lang: str, summary: str) -> None:
    found = run(NO_IMPACT.format(lang=lang, summary=summary), select=["PM504"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM504", 1, 1, "SEV3 postmortem has no impact section: how many users or customers were affected?")]


@pytest.mark.parametrize(("lang", "phrase"), [("en", "'no customer impact'"),
                                              ("de", "'keine Auswirkungen auf Kunden'")])
def test_pm504_hint_suggests_the_phrase_in_the_documents_language(lang: str, phrase: str) -> None:
    [found] = run(NO_IMPACT.format(lang=lang, summary="Checkout failed."), select=["PM504"])
    assert found.hint is not None and found.hint.endswith(f"say so in impact.description ({phrase}).")


# --- PM502: a hard line break parts sentences ------------------------------------------------

LABELS = ("Impact: 312 merchants saw failed payouts for 38 minutes on 3 March 2025",
          "Cause: release 4.2 divided by a rate that can be zero for merchants without orders",
          "Fix: we rolled back the release at 10:40 UTC and payouts resumed within three minutes")
LABEL_SUMMARY = """\
pmkit: 1
id: x
title: x
status: draft
lang: en
severity: SEV4
summary: {summary}
"""


@pytest.mark.parametrize("summary", [
    "|\n  " + "<br>\n  ".join(LABELS),
    "|\n  " + "<br/>\n  ".join(LABELS),
    "|\n  " + "<br />\n  ".join(LABELS),
    '"' + "<br>".join(LABELS) + '"',
    "|\n  " + "  \n  ".join(LABELS),                        # two trailing blanks
    "|\n  " + "\\\n  ".join(LABELS),                        # a backslash
    "|\n  " + "\n  ".join(LABELS),                          # label lines in a literal block
    "|\n  " + "\n  ".join(f"**{line.replace(':', ':**', 1)}" for line in LABELS),
])
def test_a_hard_line_break_or_a_label_line_parts_sentences(summary: str) -> None:
    assert run(LABEL_SUMMARY.format(summary=summary), select=["PM502"]) == []


@pytest.mark.parametrize(("summary", "words"), [
    # folded, the lines are one line of text, as Markdown shows them
    (">\n  " + "\n  ".join(LABELS), 43),
    # a sentence wrapped over lines stays one: the next line goes on, or the line before carries on
    ("|\n  Between 10:02 and 10:40 the payment service retried the same request to the card\n"
     "  provider again and again while the queue of open orders kept growing and growing until\n"
     "  we rolled back the release, which took forty minutes in all.", 40),
    ("|\n  Between 10:02 and 10:40 the payment service retried the same request to the card provider,\n"
     "  Stripe: again and again while the queue of open orders kept growing and growing until\n"
     "  we rolled back the release, which took forty minutes in all.", 41),
])
def test_a_sentence_wrapped_over_lines_stays_one(summary: str, words: int) -> None:
    found = run(LABEL_SUMMARY.format(summary=summary), select=["PM502"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM502", 8, 3, f"summary sentence has {words} words, more than 35")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Wir meldeten den Vorfall gemäß Art. 33 DSGVO. Danach kam mehr.",
     ["Wir meldeten den Vorfall gemäß Art. 33 DSGVO.", "Danach kam mehr."]),
    ("We notified the authority under Art. 33 GDPR. See Sec. 4 of the contract, Abs. 2.",
     ["We notified the authority under Art. 33 GDPR.", "See Sec. 4 of the contract, Abs. 2."]),
    # a unit before a number still ends its sentence
    ("Checkout waited 30 sec. 12 orders failed.", ["Checkout waited 30 sec.", "12 orders failed."]),
])
def test_a_reference_abbreviation_before_its_number_ends_no_sentence(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in readability.sentences(text)] == expected
    assert "Art." not in readability.prepare(text) and "Sec." not in readability.prepare(text)


def test_a_long_sentence_with_an_article_of_a_law_is_one_sentence() -> None:
    part = ("der Zahlungsdienst wiederholte dieselbe Anfrage an den Kartenanbieter immer wieder während "
            "die Warteschlange der offenen Bestellungen stetig weiter wuchs und wuchs")
    summary = f"Zwischen 10:02 und 10:40 {part} gemäß Art. 33 DSGVO und dann {part}."
    text = LABEL_SUMMARY.replace("lang: en", "lang: de").format(summary=summary)
    found = run(text, select=["PM501", "PM502"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM501", 7, 10), ("PM502", 7, 10)]
    assert found[1].message == "summary sentence has 52 words, more than 35"
    assert "52 words per sentence" in found[0].message


# --- PM507: no character of a password is shown ----------------------------------------------


@pytest.mark.parametrize(("event", "col", "message"), [
    ("Evidence at https://admin:Sup3rS3cret@grafana.acme.example/d/1", 39,
     "password in a URL in the postmortem: '… (11 characters)'"),
    ("The job logged password=Sommer2024!x in clear text", 37,
     "credential in the postmortem: '… (12 characters)'"),
    ("Dashboard https://grafana.acme.io/d/api?orgId=1&token=glsa_8sJ2kLq0Zx91aa7Q9kLm", 67,
     "secret in a URL query in the postmortem: 'glsa_… (25 characters)'"),
    ("The log held AKIAIOSFODNN7EXAMPLF in clear text", 26,
     "AWS access key ID in the postmortem: 'AKIA… (20 characters)'"),
])
def test_a_secret_is_masked_to_its_type_and_length(event: str, col: int, message: str) -> None:
    found = run(EVENT_DRAFT.format(lang="en", event=event), select=["PM507"])
    assert [(d.code, d.line, d.col, d.message) for d in found] == [("PM507", 9, col, message)]
