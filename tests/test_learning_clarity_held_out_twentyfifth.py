"""Held-out inputs for the learning rules (PM701-PM715) and the clarity rules (PM501-PM508)."""

from __future__ import annotations

import pytest

from helpers import run

_HEAD = """\
pmkit: 1
id: x
title: Checkout errors
status: draft
lang: {lang}
severity: SEV4
owner: payments lead
summary: Checkout failed for 1,204 customers.
impact: {{description: Checkout failed., customers_affected: 1204}}
contributing_factors:
  - {{id: CF1, description: The config schema has no default for the timeout.}}
"""


def _item(title: str, lang: str = "en", **fields: str) -> str:
    """A document with one action item at line 13, its title quoted, its first letter at column 23."""
    base = {"type": "prevent", "priority": "P1", "owner": "jdoe", "due": "2027-01-15",
            "tracker": "OPS-1", "status": "open"}
    base.update(fields)
    rest = ", ".join(f"{k}: {v}" for k, v in base.items())
    return (_HEAD.format(lang=lang)
            + f"action_items:\n  - {{id: AI1, title: \"{title}\", {rest}, addresses: [CF1]}}\n")


def _found(text: str, select: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in run(text, select=[select])]


# --- PM708: an automated control named after "by", "in", "via" --------------------------------

@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Ensure backups are tested weekly by a CI job"),
    ("en", "Ensure backups are restored weekly by a scheduled CI job"),
    ("en", "Ensure backups are restored weekly via a cron job"),
    ("en", "Verify the certificate expiry with a nightly check"),
    ("de", "Backups wöchentlich durch einen geplanten CI-Job prüfen"),
    ("de", "Sicherstellen, dass Backups per Cronjob wiederhergestellt werden"),
])
def test_an_automated_control_after_by_or_via_is_a_done_state(lang: str, title: str) -> None:
    assert _found(_item(title, lang), "PM708") == []


@pytest.mark.parametrize(("lang", "title", "col"), [
    ("en", "Ensure backups are restored weekly", 23),
    ("en", "Ensure the team knows the runbook", 23),
    ("en", "Check the timeout in the export job", 23),
    ("en", "Verify the config in the job", 23),
    ("de", "Backups wöchentlich prüfen", 43),
    ("de", "Sicherstellen, dass das Team das Runbook kennt", 23),
])
def test_no_control_named_is_still_vague(lang: str, title: str, col: int) -> None:
    assert _found(_item(title, lang), "PM708") == [("PM708", 13, col)]


# --- PM507: passwords under their short and prefixed names, and in a sentence ------------------

def _lesson(text: str, lang: str = "en") -> str:
    """A document whose lesson (line 12) is ``text``, in double quotes from column 25."""
    return _HEAD.format(lang=lang) + f'lessons: {{went_wrong: ["{text}"]}}\n'


@pytest.mark.parametrize(("lang", "text", "col"), [
    ("en", "The config had pwd: hunter22 in it.", 45),
    ("en", "Found pwd=Xk9mQ2vL7pR in the env dump.", 35),
    ("en", "PGPASSWORD=Xk9mQ2vL7pR psql ran in the cron job.", 36),
    ("en", "DB_PASS=Xk9mQ2vL7pR was in the env dump.", 33),
    ("en", "Found MYSQL_PWD=Xk9mQ2vL7pR in the env dump.", 41),
    ("en", "The password was 'hunter2' for a year.", 43),
    ("de", "Das Passwort lautete Sommer2024! und stand im Wiki.", 46),
])
def test_a_password_under_a_short_name_or_in_a_sentence_is_found(lang: str, text: str, col: int) -> None:
    assert _found(_lesson(text, lang), "PM507") == [("PM507", 12, col)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "We ran pwd in the shell and got /srv/app."),
    ("en", "The job ran with pwd=/srv/app as its directory."),
    ("en", "The password reset flow failed."),
    ("en", "The password field was empty for 12 users."),
    ("en", "Passwords were not affected."),
    ("en", "The password was rotated at 10:12."),
    ("en", "The password is 2FA-protected."),
    ("en", "Second pass: re-indexing the table."),
    ("de", "Die Passwort-Richtlinie verlangt 12 Zeichen."),
    ("de", "Das Passwort war abgelaufen."),
])
def test_password_as_a_word_is_no_secret(lang: str, text: str) -> None:
    assert _found(_lesson(text, lang), "PM507") == []


# --- PM506: a card number in groups of four apart by dots -------------------------------------

@pytest.mark.parametrize(("lang", "text", "col"), [
    ("en", "Card 4539.5787.6362.1486 was charged twice.", 30),
    ("de", "Karte 4539.5787.6362.1486 wurde doppelt belastet.", 31),
])
def test_a_card_number_with_dots_is_found(lang: str, text: str, col: int) -> None:
    assert _found(_lesson(text, lang), "PM506") == [("PM506", 12, col)]


@pytest.mark.parametrize("text", [
    "Card 4539.5787.6362.1487 was charged twice.",  # fails the checksum
    "Version 4539.5787.6362.1486.2 shipped.",  # five groups
    "Build 4539.5787.6362 ran on 10.4.53.57.",
    "Card 4539.5787-6362.1486 was charged twice.",  # mixed separators
    "Release 1.4539.5787.6362.1486 shipped.",
])
def test_dotted_numbers_that_are_no_card_are_not_reported(text: str) -> None:
    assert _found(_lesson(text), "PM506") == []


# --- PM708: titles that name talk, a look or a try, with no done state --------------------------

@pytest.mark.parametrize(("lang", "title", "phrase"), [
    ("en", "Explore options for sharding the orders table", "Explore"),
    ("en", "Follow up on the vendor ticket", "Follow up on"),
    ("en", "Discuss the retry budget with the payments team", "Discuss"),
    ("en", "Re-evaluate the failover design", "Re-evaluate"),
    ("en", "Review the retry policy", "Review"),
    ("en", "Try to reduce the deploy time", "Try to"),
    ("en", "Monitor the replica lag", "Monitor"),
    ("en", "Add better alerting", "Add better"),
    ("de", "Klären, ob der Timeout erhöht werden kann", "Klären"),
    ("de", "Ggf. Retry im Client einbauen", "Ggf."),
    ("en", "Evaluate ways to improve our remediation time", "Evaluate ways"),
    ("en", "Evaluate options for multi-region failover", "Evaluate options"),
    ("en", "Assess whether the retry budget suffices", "Assess whether"),
    ("en", "Figure out why the bug was not detected during testing", "Figure out"),
])
def test_titles_without_a_done_state_are_vague(lang: str, title: str, phrase: str) -> None:
    found = run(_item(title, lang), select=["PM708"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM708", 13, 23)]
    assert f"('{phrase}')" in found[0].message


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Add a review step to the deploy pipeline"),
    ("en", "Review the retry policy and set at most 3 retries"),
    ("en", "Monitor replica lag with an alert at p99 > 2 s"),
    ("en", "Shard the orders table to get better write throughput"),
    ("en", "Write a follow-up report for the vendor"),
    ("de", "Retry mit höchstens 3 Versuchen im Client einbauen"),
    ("en", "Evaluate moving the cache to Redis 7 and decide by 2027-01-31"),
    ("en", "Evaluate options and choose a failover design"),
    ("en", "Write a runbook so on-call can find out which shard is hot"),
    ("en", "Add a canary to find out regressions before rollout"),
])
def test_titles_with_a_done_state_are_not_vague(lang: str, title: str) -> None:
    assert _found(_item(title, lang), "PM708") == []


def test_a_title_that_opens_with_better_stays_a_pm709_finding_only() -> None:
    assert _found(_item("Better alerting"), "PM708") == []
    assert _found(_item("Better alerting"), "PM709") == [("PM709", 13, 22)]  # at the title's value


# --- PM704: a placeholder owner with a remark, "open", a quoted "~" -----------------------------

@pytest.mark.parametrize(("lang", "owner"), [
    ("en", '"TBD (payments)"'),
    ("en", '"TBD, ask Bob"'),
    ("en", "open"),
    ("en", '"~"'),
    ("de", "offen"),
    ("de", '"offen (Team Zahlungen)"'),
])
def test_a_placeholder_owner_is_reported(lang: str, owner: str) -> None:
    found = run(_item("Add a lag alert at 30 s", lang, owner=owner), select=["PM704"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM704", 13, 85)]
    assert "placeholder owner" in found[0].message


@pytest.mark.parametrize("owner", ['"Alice (TBD)"', '"payments team, on-call lead"', '"Open Source team"'])
def test_an_owner_with_a_remark_is_an_owner(owner: str) -> None:
    assert _found(_item("Add a lag alert at 30 s", owner=owner), "PM704") == []


def test_a_reason_that_opens_with_none_is_still_a_reason() -> None:
    text = _item("Add a lag alert at 30 s", status="wont-do", reason='"None, the service was removed"')
    assert _found(text, "PM715") == []


# --- PM715: a wont-do reason that only says no ------------------------------------------------

@pytest.mark.parametrize(("lang", "reason"), [
    ("en", '"No."'), ("en", '"Won\'t do."'), ("en", "wontfix"), ("de", "Nein"), ("de", '"Machen wir nicht."'),
    # the same non-answers as a decision's rationale: a pointer elsewhere, a bare "because"
    ("en", '"See above."'), ("en", '"Because."'), ("de", '"Siehe oben."'), ("de", '"Weil."'),
])
def test_a_no_is_no_reason(lang: str, reason: str) -> None:
    text = _item("Add a lag alert at 30 s", lang, status="wont-do", reason=reason)
    assert _found(text, "PM715") == [("PM715", 13, 132)]  # at the status


@pytest.mark.parametrize(("lang", "reason"), [
    ("en", '"No budget this quarter; the service is retired in March."'),
    ("en", "Not needed after the migration"),
    ("de", '"Nein, der Dienst wird im März abgeschaltet."'),
])
def test_a_no_with_its_why_is_a_reason(lang: str, reason: str) -> None:
    text = _item("Add a lag alert at 30 s", lang, status="wont-do", reason=reason)
    assert _found(text, "PM715") == []


# --- PM703: the primary or underlying cause, German "ursächlich war" ---------------------------

def _summary(text: str, lang: str = "en") -> str:
    """A document whose summary (line 8) is ``text``, in double quotes from column 11."""
    return (f"pmkit: 1\nid: x\ntitle: Checkout errors\nstatus: draft\nlang: {lang}\nseverity: SEV4\n"
            f'owner: payments lead\nsummary: "{text}"\n')


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("en", "The primary cause was an expired certificate.", "The primary cause was"),
    ("en", "The underlying cause was a missing default.", "The underlying cause was"),
    ("de", "Ursächlich war ein abgelaufenes Zertifikat.", "Ursächlich war"),
    ("de", "Ursächlich dafür war ein fehlender Default.", "Ursächlich dafür war"),
])
def test_a_primary_or_underlying_cause_is_root_cause_framing(lang: str, text: str, phrase: str) -> None:
    found = run(_summary(text, lang), select=["PM703"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM703", 8, 11)]
    assert f"'{phrase}'" in found[0].message


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "There was no single root cause."),
    ("en", "The primary cause was not the database."),
    ("en", "The underlying cause is still under investigation."),
    ("de", "Ursächlich war nicht die Datenbank."),
    ("de", "Ursächlich waren mehrere Faktoren."),
    ("de", "Was ursächlich war, ist noch unklar."),
])
def test_denials_and_several_causes_are_no_framing(lang: str, text: str) -> None:
    assert _found(_summary(text, lang), "PM703") == []


# --- PM503: a share with a count in its sentence; an unknown number ----------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("en", "98% of checkout requests failed; 1,204 customers were affected."),
    ("de", "98 % der Checkout-Anfragen schlugen fehl; 1.204 Kunden waren betroffen."),
])
def test_a_share_whose_sentence_gives_a_count_is_not_vague(lang: str, text: str) -> None:
    assert _found(_summary(text, lang), "PM503") == []


@pytest.mark.parametrize(("lang", "text", "col"), [
    ("en", "98% of checkout requests failed.", 11),
    ("en", "98% of checkout requests failed. 1,204 customers were affected.", 11),
    ("en", "1 in 5 requests failed.", 11),  # its own count is no base
    ("en", "An unknown number of users could not log in.", 11),
    ("de", "Eine unbekannte Anzahl von Nutzern konnte sich nicht anmelden.", 11),
])
def test_a_share_alone_and_an_unknown_number_are_vague(lang: str, text: str, col: int) -> None:
    assert _found(_summary(text, lang), "PM503") == [("PM503", 8, col)]


# --- PM505: a network prefix is not a person's address ----------------------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Traffic from 2a02:8108::/32 was blocked."),
    ("en", "Traffic from 2a02:8108:1234::/48 was blocked."),
    ("en", "Traffic from 81.2.69.0/24 was blocked."),
    ("de", "Verkehr aus 2a02:8108::/32 wurde gesperrt."),
])
def test_a_network_prefix_is_no_ip_address(lang: str, text: str) -> None:
    assert _found(_lesson(text, lang), "PM505") == []


@pytest.mark.parametrize(("text", "col"), [
    ("Requests from 2a02:8108:1234:5678::1 failed.", 39),
    ("Requests from 2a02:8108:1234:5600::/56 failed.", 39),  # one subscriber's prefix
    ("Requests from 81.2.69.160/24 failed.", 39),  # an address with its netmask
    ("Requests from 81.2.69.128/25 failed.", 39),
])
def test_an_address_or_a_subscriber_prefix_is_still_reported(text: str, col: int) -> None:
    assert _found(_lesson(text), "PM505") == [("PM505", 12, col)]


@pytest.mark.parametrize("text", [
    "We shipped version 3400.1446.2089.2089 at noon.",
    "The 4539.5787.6362.1486 release fixed it.",
    "The agent was upgraded to 4539.5787.6362.1486 today.",
])
def test_a_dotted_version_of_four_groups_of_four_is_no_card(text: str) -> None:
    assert _found(_lesson(text), "PM506") == []


# --- PM707: a link with a blank in it ---------------------------------------------------------

def test_a_link_with_a_blank_in_its_host_is_no_tracker_link() -> None:
    found = run(_item("Add a lag alert at 30 s", tracker='"https://tracker example/OPS-1"'), select=["PM707"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM707", 13, 117)]
    assert "neither a link nor a ticket id" in found[0].message


@pytest.mark.parametrize("tracker", [
    '"https://tracker.example/OPS-1"', '"https://jira.example/OPS-1 (follow-up)"',
    '"OPS-1 and OPS-2"', '"https://jira.example/OPS-1 or org/repo#12"'])
def test_links_and_ids_with_remarks_are_tracker_links(tracker: str) -> None:
    assert _found(_item("Add a lag alert at 30 s", tracker=tracker), "PM707") == []


# --- PM503: "jede fünfte API-Anfrage" quoted with its noun, as "1 in 5 API requests" -----------

@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("en", "Roughly 1 in 5 API requests failed.", "Roughly 1 in 5 API requests"),
    ("de", "Etwa jede fünfte API-Anfrage schlug fehl.", "Etwa jede fünfte API-Anfrage"),
    ("de", "Jede zweite Zahlung schlug fehl.", "Jede zweite Zahlung"),
])
def test_a_ratio_is_quoted_with_its_noun(lang: str, text: str, phrase: str) -> None:
    found = run(_summary(text, lang), select=["PM503"])
    assert [(d.code, d.line, d.col) for d in found] == [("PM503", 8, 11)]
    assert f"'{phrase}'" in found[0].message


# --- PM501: a quoted summary at its first letter, as PM502 ------------------------------------

_HARD = ("Consequent to an unanticipated configuration propagation anomaly affecting the authentication "
         "infrastructure's distributed session-management subsystem, intermittent authorization failures "
         "materialized across heterogeneous client integrations, necessitating comprehensive remediation.")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_hard_quoted_summary_is_reported_at_its_first_letter(quote: str) -> None:
    written = _HARD.replace("'", "''") if quote == "'" else _HARD
    text = _summary("x").replace('"x"', f"{quote}{written}{quote}")
    assert _found(text, "PM501") == [("PM501", 8, 11)]
    assert _found(text, "PM502") == []  # (its sentences are short enough: the words are long)


def test_a_hard_block_summary_is_still_reported_at_its_indicator() -> None:
    text = _summary("x").replace('"x"', ">\n  " + _HARD)
    assert _found(text, "PM501") == [("PM501", 8, 10)]
