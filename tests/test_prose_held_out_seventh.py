"""Held-out sentences of the seventh round for the blameless and clarity prose rules: the
blameless principle stated in a sentence, technical terms made of a judging word, software
named with a first name, and impact counts written out in words. Each ends in the code, phrase
and position a user relies on."""

from __future__ import annotations

import pytest

from helpers import EXAMPLES, good_text, run
from helpers import prose_codes as codes

# --- the blameless principle is no blame ---------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Blame the process, not people.", "en"),
    ("Blame systems, not people.", "en"),
    ("We blame the system, not the people who run it.", "en"),
    ("Our rule: blame processes, never individuals.", "en"),
    ("Blame the process rather than people.", "en"),
    ("Wir suchen die Schuld im System, nicht bei Personen.", "de"),
    ("Wir suchen die Schuld im Prozess statt bei Menschen.", "de"),
])
def test_the_blameless_principle_is_not_blame(sentence: str, lang: str) -> None:
    # Each was PM304 at 'Blame'/'Schuld': the sentence says whom not to blame.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Leadership blamed the database team.", "en", [("PM304", "blamed")]),
    ("They blamed the process and the engineer.", "en", [("PM304", "blamed")]),
    ("Schuld an dem Ausfall war der Administrator.", "de", [("PM304", "Schuld")]),
])
def test_blame_of_people_is_still_blame(sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert codes(sentence, lang) == expected


def test_the_principle_in_a_document_is_quiet() -> None:
    text = good_text().replace(
        "  github.com, and webhooks", "  github.com (we blame the process, not people), and webhooks")
    assert "we blame the process" in text
    assert [d for d in run(text, select=["PM3"]) if d.field == "summary"] == []


# --- technical terms made of a judging word -----------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Cassandra's sloppy quorum accepted writes on the wrong replicas.",
    "The hinted handoff of the sloppy quorums replayed the writes an hour later.",
    "The sloppy counter drifted by 3% under load.",
    "The per-CPU sloppy counters were flushed every second.",
    "JavaScript's sloppy mode allowed the global assignment.",
    "Redis uses lazy expiration, so stale keys stayed in memory.",
    "The lazy eviction policy kept stale keys.",
    "Redis lazy freeing of the large key delayed the memory release.",
    "The proposal passed by lazy consensus on the mailing list.",
    "The lazy unmount left the volume attached to the old node.",
    "Lazy pulling of the image layers slowed the first start.",
])
def test_a_technique_named_with_a_judging_word_is_no_judgement(sentence: str) -> None:
    # "sloppy quorum" (Dynamo, Cassandra, Riak), "sloppy counter", JavaScript's "sloppy mode",
    # Redis's lazy expiration and freeing, Apache's lazy consensus, "umount -l": each was PM303.
    assert codes(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The runbook updates were sloppy.",
    "A sloppy review let the change through.",
])
def test_sloppy_work_is_still_judgement(sentence: str) -> None:
    assert codes(sentence) == [("PM303", "sloppy")]


# --- software named with a first name ------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Our static site generator Hugo failed to build the status page.", "en"),
    ("The site generator, Hugo, failed to render the page.", "en"),
    ("The scheduler, Oscar, failed to run the nightly job.", "en"),
    ("The bot Hugo failed to post the update.", "en"),
])
def test_a_first_name_that_names_software_is_no_person(sentence: str, lang: str) -> None:
    # "Hugo failed to ..." after "site generator" was PM309, a named person judged.
    assert codes(sentence, lang) == []


@pytest.mark.parametrize("sentence", [
    "Our on-call engineer, Bob, failed to escalate.",
    "We restarted the scheduler, Bob failed to notice the lag.",
    "After the deploy Bob failed to check the logs.",
])
def test_a_name_next_to_a_role_or_after_a_clause_is_still_a_person(sentence: str) -> None:
    assert codes(sentence) == [("PM309", "failed to")]


def test_a_software_name_in_a_document_is_quiet() -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text()
    assert event in text
    text = text.replace(event, "    event: The site generator, Hugo, failed to render the status page.")
    found = [d for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == []


# --- impact counts written out in words ----------------------------------------------------


def _impact(summary: str, description: str, lang: str = "en") -> str:
    """The clean example with this summary and impact description and no numbers in fields."""
    text = good_text()
    start, timeline = text.index("summary:"), text.index("timeline:\n")
    return (text[:start].replace("lang: en", f"lang: {lang}") + f"summary: {summary}\n"
            + f"impact:\n  description: {description}\n" + text[timeline:])


@pytest.mark.parametrize(("summary", "description", "lang"), [
    ("Pushes failed.", "About twelve thousand users could not push for 24 hours.", "en"),
    ("Two million requests failed.", "Webhooks were delayed.", "en"),
    ("Pushes failed.", "Twenty-five customers were billed twice.", "en"),
    ("Pushes failed.", "A thousand users could not sign in.", "en"),
    ("Pushes schlugen fehl.", "Rund zwölftausend Nutzer konnten nicht pushen.", "de"),
    ("Zwei Millionen Anfragen schlugen fehl.", "Webhooks kamen verspätet an.", "de"),
    ("Pushes schlugen fehl.", "Dreihundertfünfzig Kunden zahlten doppelt.", "de"),
])
def test_a_count_written_in_words_is_a_number_to_copy_into_the_fields(
        summary: str, description: str, lang: str) -> None:
    # It was told 'gives no numbers', as if the text said nothing of how many.
    assert [(d.code, d.line, d.col, d.message) for d in run(_impact(summary, description, lang),
                                                             select=["PM504"])] == [
        ("PM504", 14, 1, "impact of a SEV1 incident has numbers only in its text: no users_affected, "
                        "customers_affected or metrics")]


@pytest.mark.parametrize(("summary", "description", "lang"), [
    ("Pushes failed.", "A user reported errors for three hours.", "en"),
    ("Pushes failed.", "One of our customers reported errors.", "en"),
    ("Pushes schlugen fehl.", "Ein Kunde meldete drei Stunden lang Fehler.", "de"),
])
def test_an_article_or_a_duration_in_words_is_no_count(summary: str, description: str, lang: str) -> None:
    assert [d.message for d in run(_impact(summary, description, lang), select=["PM504"])] == [
        "impact of a SEV1 incident gives no numbers: no users_affected, customers_affected or metrics"]


# --- a word hyphenated across a line break -----------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The change was care-\nless and broke the cache.", "en", [("PM303", "care-\nless")]),
    ("The change was care-\n      less and broke the cache.", "en", [("PM303", "care-\n      less")]),
    ("The change was care- less and broke the cache.", "en", [("PM303", "care- less")]),  # folded
    ("The review was slop-\npy.", "en", [("PM303", "slop-\npy")]),
    ("Die Änderung war nach-\nlässig.", "de", [("PM303", "nach-\nlässig")]),
    ("Der Datenbank-\nAdministrator hätte den Alarm bemerken müssen.", "de",
     [("PM302", "hätte den Alarm bemerken müssen")]),
])
def test_a_word_hyphenated_across_a_line_break_is_read_whole(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    # Text pasted from a PDF or a word processor breaks words at the end of a line: "care-\nless"
    # passed as two words "care-" and "less"; a German compound broken after its hyphen lost
    # its subject ("Datenbank-" and "Administrator").
    assert codes(sentence, lang) == expected


@pytest.mark.parametrize("sentence", [
    "Pre- and post-incident reviews took place on Monday.",
    "First- or second-line support answered within minutes.",
    "The follow-\nup meeting is scheduled for Monday.",
    "We re-\nstarted the pods in eu-west-1.",
])
def test_a_suspended_hyphen_or_a_harmless_break_stays_quiet(sentence: str) -> None:
    assert codes(sentence) == []


@pytest.mark.parametrize(("style", "line", "col", "end_line", "end_col"), [
    ("|", 41, 51, 42, 11),
    (">", 41, 51, 42, 11),
])
def test_a_hyphenated_word_in_a_block_is_reported_from_its_first_half_to_its_second(
        style: str, line: int, col: int, end_line: int, end_col: int) -> None:
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text()
    assert event in text
    text = text.replace(event, f"    event: {style}\n      Internal monitoring alerted. The change was "
                               "care-\n      less and broke the cache.")
    found = [(d.code, d.line, d.col, d.end_line, d.end_col, d.message) for d in run(text, select=["PM303"])]
    assert found == [("PM303", line, col, end_line, end_col, '"careless" is judgemental wording')]
    lines = text.split("\n")
    assert lines[line - 1][col - 1:] == "care-" and lines[end_line - 1][:end_col - 1] == "      less"


def test_a_hyphenated_word_in_a_markdown_paragraph() -> None:
    body = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    assert "## Summary\n" in body
    paragraph = "The rollout was reck-\nless and the cache emptied.\n\n"
    text = body.replace("## Summary\n", f"## Summary\n\n{paragraph}", 1)
    line = text.split("\n").index("The rollout was reck-") + 1
    found = [(d.code, d.line, d.col, d.end_line, d.end_col)
             for d in run(text, path="pm.md", select=["PM303"])]
    assert found == [("PM303", line, 17, line + 1, 5)]


# --- German "faul" of a thing: rotten data, or lazy evaluation ----------------------------


@pytest.mark.parametrize("sentence", [
    "Der faule Cache-Eintrag wurde nie invalidiert.",
    "Faule Daten im Cache wurden zwei Stunden lang ausgeliefert.",
    "Die faule Auswertung der Abfrage verschob den Fehler in den Export.",
    "Die faule Initialisierung des Pools lief in eine Race Condition.",
])
def test_faul_of_a_thing_judges_nobody(sentence: str) -> None:
    # Each was PM303 at 'faul...': "faul" before data is "rotten", before an evaluation "lazy".
    assert codes(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Das Team war zu faul, die Dokumentation zu aktualisieren.", "faul"),
    ("Die faulen Entwickler haben den Test übersprungen.", "faulen"),
    ("Das war ein fauler Kompromiss zwischen Latenz und Konsistenz.", "fauler"),
])
def test_faul_of_people_or_their_decisions_is_still_judgement(sentence: str, phrase: str) -> None:
    assert codes(sentence, "de") == [("PM303", phrase)]


# --- a team's system words over the bundled first names --------------------------------------


def test_a_product_the_team_lists_among_its_systems_is_no_person() -> None:
    # "Hugo" (the site generator) stayed a named person with systems = ["hugo"] configured:
    # the bundled first names were looked up before the team's own words.
    event = "    event: Internal monitoring alerted on a large number of faults."
    text = good_text()
    assert event in text
    text = text.replace(event, "    event: Hugo failed to render the status page.")
    found = [(d.code, d.line, d.col) for d in run(text, select=["PM3"]) if d.field == "timeline[1].event"]
    assert found == [("PM309", 40, 17)]
    configured = run(text, select=["PM3"], config={"prose": {"systems": ["hugo"]}})
    assert [d for d in configured if d.field == "timeline[1].event"] == []


@pytest.mark.parametrize(("description", "lang", "phrase", "col"), [
    ("Thousands of users could not push for an hour.", "en", "Thousands of users", 16),
    ("Pushes failed for dozens of customers.", "en", "dozens of customers", 34),
    ("Hundreds of requests a second timed out.", "en", "Hundreds of requests", 16),
    ("Tausende Nutzer konnten nicht pushen.", "de", "Tausende Nutzer", 16),
    ("Mehrere tausend Nutzer konnten nicht pushen.", "de", "Mehrere tausend Nutzer", 16),
    ("Ein paar hundert Kunden zahlten doppelt.", "de", "Ein paar hundert Kunden", 16),
])
def test_hundreds_and_thousands_are_a_vague_impact(description: str, lang: str, phrase: str,
                                                   col: int) -> None:
    # None was reported, though "thousands of users" lets every reader imagine another incident;
    # "mehrere tausend Nutzer" was even taken for a count ("tausend Nutzer").
    summary = "Pushes failed." if lang == "en" else "Pushes schlugen fehl."
    found = run(_impact(summary, description, lang), select=["PM503", "PM504"])
    assert sorted((d.code, d.line, d.col, d.message) for d in found) == [
        ("PM503", 15, col, f"vague impact '{phrase}': the impact section gives no number of affected users, "
                           "customers or requests"),
        ("PM504", 14, 1, "impact of a SEV1 incident gives no numbers: no users_affected, customers_affected "
                         "or metrics")]
