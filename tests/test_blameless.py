"""PM3xx blameless phrasing: positions in every scalar style, German, suppression, quotes,
names, configuration, and the invariants of the lexicon catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import DRAFT_HEAD, FIXTURES, GOOD_EXAMPLE, run, where
from pmkit.config import ConfigError
from pmkit.prose import CATEGORIES, Finding, scan
from pmkit.prose.lexicon import Entry, Lexicon, build_lexicon, default_lexicon, with_entries, write_snapshots

BAD = FIXTURES / "blameless" / "bad"
GOOD = FIXTURES / "blameless" / "good"

HEAD = DRAFT_HEAD


def doc(body: str, lang: str = "en") -> str:
    return HEAD.format(lang=lang) + body


def pm3(text: str, **kwargs: object) -> list[tuple[str, int, int]]:
    return where(run(text, select=["PM3"], **kwargs))  # type: ignore[arg-type]


# --- fixtures ---------------------------------------------------------------------------------


def test_bad_english_fixture_exact_positions() -> None:
    text = (BAD / "styles-en.yaml").read_text(encoding="utf-8")
    assert pm3(text) == [
        ("PM301", 3, 31),   # plain scalar: title
        ("PM302", 11, 3),   # literal block, second line
        ("PM304", 15, 39),  # folded block, phrase wrapped over two lines
        ("PM309", 22, 19),  # double-quoted with escapes; Alice is the owner
        ("PM308", 26, 17),  # single-quoted with a doubled quote
        ("PM305", 29, 39),  # plain scalar in a sequence entry
        ("PM306", 34, 22),  # flow mapping
        ("PM311", 36, 16),  # flow sequence
    ]


def test_bad_german_fixture_exact_positions() -> None:
    text = (BAD / "styles-de.yaml").read_text(encoding="utf-8")
    assert pm3(text) == [
        ("PM301", 9, 28),
        ("PM302", 10, 3),
        ("PM304", 17, 19),
        ("PM305", 19, 22),
        ("PM306", 21, 53),
    ]


def test_findings_point_at_the_phrase() -> None:
    text = (BAD / "styles-en.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for d in run(text, select=["PM3"]):
        source = lines[d.line - 1][d.col - 1:]
        match = dict(d.data)["match"]
        assert source.lower().startswith(match.split()[0].lower()), (d, source)


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.yaml")), ids=lambda p: p.name)
def test_good_fixtures_have_no_findings(path: Path) -> None:
    assert pm3(path.read_text(encoding="utf-8")) == []


def test_bundled_example_is_clean() -> None:
    assert pm3(GOOD_EXAMPLE.read_text(encoding="utf-8")) == []


# --- every scalar style -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "line", "col"), [
    ("The outage was caused by human error.", 7, 35),
    ("'The outage was caused by human error.'", 7, 36),
    ('"The outage was \\"really\\" caused by human error."', 7, 47),
    ("|\n  The outage was caused\n  by human error.", 9, 6),
    (">\n  The outage was caused by\n  human error.", 9, 3),
    (">-\n  The outage\n  was caused by human\n  error in the end.", 9, 17),
])
def test_every_scalar_style(value: str, line: int, col: int) -> None:
    assert pm3(doc(f"summary: {value}\n")) == [("PM301", line, col)]


def test_phrase_wrapped_across_literal_lines_is_found() -> None:
    text = doc("summary: |\n  The on-call engineer should\n  have rolled back the deploy.\n")
    assert pm3(text) == [("PM302", 8, 24)]


@pytest.mark.parametrize(("value", "expected"), [
    ("Human  error caused the outage.", [("PM301", 7, 10)]),
    ("|\n  The outage was caused by human   error.", [("PM301", 8, 28)]),
    ("|\n  The outage was caused by human\t\terror.", [("PM301", 8, 28)]),
    # a blank before the line break, and a more indented second line
    ("|\n  The outage was caused by human \n  error.", [("PM301", 8, 28)]),
    ("|\n  The on-call engineer should\n    have rolled back the deploy.", [("PM302", 8, 24)]),
    ("|\n  Das war  menschliches   Versagen.", [("PM301", 8, 12)]),
    # a blank line is a paragraph break, not a blank inside a phrase
    ("|\n  The pager woke a human\n\n  error budgets were fine.", []),
])
def test_a_run_of_blanks_inside_a_phrase_is_one_blank(value: str, expected: list[object]) -> None:
    lang = "de" if "Versagen" in value else "en"
    assert pm3(doc(f"summary: {value}\n", lang)) == expected


def test_a_run_of_blanks_keeps_the_offsets_of_the_text_as_written() -> None:
    text = "x  y \t z.\nThe  on-call engineer should \r\n   have checked it, and human  error."
    found = scan(text)
    assert [(f.code, f.text) for f in found] == [("PM302", "should \r\n   have checked"),
                                                 ("PM301", "human  error")]
    assert all(text[f.start:f.end] == f.text for f in found)
    assert found[0].subject == "The on-call engineer"
    [d] = run(doc("summary: |\n  The outage was caused by human \n  error.\n"), select=["PM301"])
    assert (d.line, d.col, d.end_line, d.end_col) == (8, 28, 9, 8)


def test_end_position_covers_the_phrase() -> None:
    [d] = run(doc("summary: The outage was caused by human error.\n"), select=["PM301"])
    assert (d.line, d.col, d.end_line, d.end_col) == (7, 35, 7, 46)
    assert d.field == "summary"


# --- precision: systems are not people ------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The health check failed to respond.",
    "The job should have finished in 5 minutes per its SLO.",
    "Fault tolerance in the storage layer kept the data safe.",
    "The pod restarted just after midnight.",
    "Lazy loading of the module delayed the first request.",
    "Every service should have a runbook.",
    "This should have been caught by the integration tests.",
    "Users could have seen stale data for up to an hour.",
    "Nobody could have known that the library changed its default.",
    "The incident commander decided to bypass the cache to cut database load.",
])
def test_system_subjects_pass_in_english(sentence: str) -> None:
    assert scan(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Der Dienst konnte nicht antworten.",
    "Der Job hätte nach fünf Minuten fertig sein müssen.",
    "Die Anfrage hätte vom Load Balancer weitergeleitet werden müssen.",
    "Schuld an dem Ausfall war ein abgelaufenes Zertifikat.",
    "Technische Schulden erschwerten die Wiederherstellung.",
    "Nicht zu vergessen ist, dass die Region wenig Verkehr hatte.",
])
def test_system_subjects_pass_in_german(sentence: str) -> None:
    assert scan(sentence, "de") == []



@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Bill should have known better than to deploy on a Friday.", "en",
     ("en.should-have", "should have known", "Bill")),
    ("Bill should have noticed the alert.", "en", ("en.should-have", "should have noticed", "Bill")),
    ("Bill could have foreseen the load.", "en", ("en.could-have", "could have foreseen", "Bill")),
    ("If Bill had realised the replica was behind, we would have waited.", "en",
     ("en.if-had", "If Bill had realised", "Bill")),
    ("Bill hätte den Alarm bemerken müssen.", "de",
     ("de.haette-muessen", "hätte den Alarm bemerken müssen", "Bill")),
    ("Wenn Bill den Alarm bemerkt hätte, wäre der Ausfall kürzer gewesen.", "de",
     ("de.wenn-haette", "Wenn Bill den Alarm bemerkt hätte", "Bill")),
    ("Hätte Bill die Warnung gesehen, wäre der Ausfall kürzer gewesen.", "de",
     ("de.haette-vorangestellt", "Hätte Bill die Warnung gesehen,", "Bill")),
])
def test_an_unknown_subject_of_a_past_verb_of_perception_or_thought_is_a_person(
        sentence: str, lang: str, expected: tuple[str, str, str]) -> None:
    # "Bill" is no first name the lexicon knows: only the verb says that a person is meant,
    # in its participle ("noticed", "bemerkt") or its infinitive before a modal ("bemerken müssen").
    assert [(f.category, f.entry, f.text, f.subject) for f in scan(sentence, lang)] == [
        ("counterfactual", *expected)]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Kubernetes should have restarted the pod.", "en"),
    ("Bill could not have known that.", "en"),
    ("Kubernetes hätte den Pod neu starten müssen.", "de"),
    ("Bill hätte das nicht wissen können.", "de"),
    ("Hätte der Failover automatisch gegriffen, wäre der Ausfall kürzer gewesen.", "de"),
])
def test_an_unknown_subject_of_another_verb_or_a_denial_stays_unjudged(sentence: str, lang: str) -> None:
    assert scan(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A fat-finger guard now asks for the host count before a destructive command.", []),
    ("The order form has fat-finger checks and a fat finger limit.", []),
    ("A fat-fingered command removed the volumes; fat-finger guards now ask first.",
     [("en.fat-finger", "fat-fingered")]),
    ("It was a fat finger.", [("en.fat-finger", "fat finger")]),
])
def test_a_fat_finger_safeguard_is_no_slip(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.entry, f.text) for f in scan(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # A thing to blame passes, as for "at fault" (en.blame reported "was to blame" whatever it was).
    ("The upstream DNS resolver was to blame.", []),
    ("A faulty switch was to blame for 1,200 failed payments.", []),
    ("The expired certificate was partly to blame.", []),
    ("The release manager was to blame.", [("en.to-blame", "was to blame")]),
    ("They tried to blame the release manager.", [("en.blame", "blame")]),
])
def test_a_thing_that_was_to_blame_passes(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.entry, f.text) for f in scan(sentence)] == expected

# --- denials -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Human error was not the cause of this outage.", "en"),
    ("Human error did not cause the outage.", "en"),
    ("Human error wasn't to blame.", "en"),
    ("Human error isn’t the root cause here.", "en"),
    ("Human error was never the cause.", "en"),
    ("Human error played no role.", "en"),
    ("Operator error was not a factor, the retry loop was.", "en"),
    ("It wasn't human error.", "en"),
    ("It wasn’t human error.", "en"),
    ("Menschliches Versagen war nicht die Ursache.", "de"),
    ("Menschliches Versagen hat den Ausfall nicht verursacht.", "de"),
    ("Ein Bedienfehler spielte keine Rolle.", "de"),
    ("Der Techniker hat keinen Fehler gemacht.", "de"),
    # There was no discipline, as "Nobody was fired" says (PM311 was an error on each).
    ("No disciplinary action was taken.", "en"),
    ("There was no disciplinary action against anyone.", "en"),
    ("Es gab keine Abmahnung.", "de"),
    ("Es wurde keine Abmahnung ausgesprochen.", "de"),
])
def test_a_denial_is_not_reported(sentence: str, lang: str) -> None:
    body = f"summary: |\n  {sentence}\n"
    assert pm3(doc(body, lang)) == []


@pytest.mark.parametrize(("sentence", "names", "expected"), [
    # an inverted conditional with a name as its subject, as with "the engineer"
    ("Had Bill noticed the alert, the outage would have been shorter.", ["Bill"],
     [("PM309", "en.had-inverted", "Had Bill noticed")]),
    ("Had Priya Rao checked the lag, we would have caught it.", [],
     [("PM309", "en.had-inverted", "Had Priya Rao checked")]),
    ("Had Operations noticed the lag, the outage would have been shorter.", [],
     [("PM302", "en.had-inverted", "Had Operations noticed")]),
    ("Had Redis evicted the keys, memory would have held.", [], []),
    ("Had Terraform applied the plan, the bucket would have been private.", [], []),
])
def test_an_inverted_conditional_about_a_name(sentence: str, names: list[str], expected: object) -> None:
    assert [(f.code, f.entry, f.text) for f in scan(sentence, names=names)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # Markdown emphasis around part of a phrase or all of it; the finding holds both markers of
    # a pair or neither (it starts at the opening one of emphasis inside it)
    ("It was *human* error.", [("en.human-error", "*human* error")]),
    ("It was _human_ error, plain and simple.", [("en.human-error", "_human_ error")]),
    ("It was **human error**.", [("en.human-error", "human error")]),
    ("The root cause was ***human*** error.", [("en.human-error", "***human*** error")]),
    ("It was (*human* error).", [("en.human-error", "*human* error")]),
    ("It was human *error*.", [("en.human-error", "human *error*")]),
    ("It was *not* human error.", []),
    ("*Nobody* could have known.", []),
    # no emphasis: a bullet, snake_case, a product of numbers
    ("* Human error caused it.", [("en.human-error", "Human error")]),
    ("The human_error_rate metric rose by 2*3 points.", []),
])
def test_emphasis_inside_a_phrase_is_read_through(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.entry, f.text) for f in scan(sentence)] == expected
    assert all(sentence[f.start:f.end] == f.text for f in scan(sentence))


def test_emphasised_phrase_keeps_its_line_and_column() -> None:
    body = "summary: |\n  Root cause:\n  it was *human*   error.\n"
    assert pm3(doc(body)) == [("PM301", 9, 10)]  # (at the "*" that opens the emphasis)


@pytest.mark.parametrize(("sentence", "expected"), [
    # the authors' admission of what happened passes, as "we forgot to" always did
    ("We forgot to update the status page.", []),
    ("We failed to communicate the impact to customers quickly enough.", []),
    ("I failed to notice the lag.", []),
    ("We did not check the replica lag before the failover.", []),
    # the world that did not happen counts for "we" too
    ("We should have updated the status page sooner.", [("PM302", 8, 6)]),
    ("We paged the engineer, who failed to respond.", [("PM302", 8, 30)]),
])
def test_we_counts_for_counterfactuals_not_admissions(sentence: str, expected: object) -> None:
    assert pm3(doc(f"summary: |\n  {sentence}\n")) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    # a person's action denied: the verb last in German, "did not fail to", "never forgot to"
    ("Der Bereitschaftstechniker hat den Alarm nicht ignoriert.", "de"),
    ("Die Entwicklerin hat den Alarm nicht übersehen; er kam nie an.", "de"),
    ("Der Techniker hat das Runbook befolgt und nichts übersehen.", "de"),
    ("Der Techniker ignorierte den Alarm nicht.", "de"),
    ("Der Administrator hat nicht versäumt, das Zertifikat zu erneuern.", "de"),
    ("Der Entwickler hat den Ausfall nicht verursacht.", "de"),
    ("Der Entwickler verursachte den Ausfall nicht.", "de"),
    ("The on-call engineer did not fail to respond; the page was never delivered.", "en"),
    ("The engineer never forgot to rotate the keys; the job skipped the rotation.", "en"),
    ("The engineer had not overlooked the warning; it was never shown.", "en"),
    ("The engineer has never ignored a page.", "en"),
])
def test_a_denied_action_of_a_person_is_not_reported(sentence: str, lang: str) -> None:
    body = f"summary: |\n  {sentence}\n"
    assert pm3(doc(body, lang)) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Der Techniker hat nicht nur den Alarm ignoriert.", "de", [("PM308", 8, 41)]),
    ("Der Techniker ignorierte den Alarm, nicht die Warnung.", "de", [("PM308", 8, 17)]),
    ("Der Entwickler hat den Ausfall verursacht.", "de", [("PM308", 8, 22)]),
    ("The engineer did not just fail to escalate; they silenced the page.", "en", [("PM302", 8, 29)]),
    ("The engineer ignored the alert and did not escalate.", "en", [("PM308", 8, 16), ("PM302", 8, 38)]),
])
def test_an_action_of_a_person_that_is_not_denied_is_still_reported(
        sentence: str, lang: str, expected: object) -> None:
    body = f"summary: |\n  {sentence}\n"
    assert pm3(doc(body, lang)) == expected


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # the negation is in another clause, restricted, or admits the error
    ("Human error, not the tooling, caused it.", "en", [("PM301", 8, 3)]),
    ("It was not only human error.", "en", [("PM301", 8, 19)]),
    ("Not just human error caused it.", "en", [("PM301", 8, 12)]),
    ("Human error was not the only cause.", "en", [("PM301", 8, 3)]),
    ("Human error did not cause the outage alone.", "en", [("PM301", 8, 3)]),
    ("Human error was not caught by the review.", "en", [("PM301", 8, 3)]),
    ("The outage was not caused by the config but by human error.", "en", [("PM301", 8, 50)]),
    ("Menschliches Versagen war nicht die einzige Ursache.", "de", [("PM301", 8, 3)]),
    ("Menschliches Versagen wurde nicht bemerkt.", "de", [("PM301", 8, 3)]),
    ("Nicht das Werkzeug, sondern menschliches Versagen war die Ursache.", "de", [("PM301", 8, 31)]),
    ("Der Techniker hat nicht nur einen Fehler gemacht.", "de", [("PM308", 8, 31)]),
])
def test_a_negation_that_is_no_denial_is_still_reported(sentence: str, lang: str, expected: object) -> None:
    body = f"summary: |\n  {sentence}\n"
    assert pm3(doc(body, lang)) == expected


@pytest.mark.parametrize(("sentence", "code"), [
    ("The outage was caused by human error.", "PM301"),
    ("The on-call engineer should have rolled back the deploy.", "PM302"),
    ("We should have caught this in staging.", "PM302"),
    ("The engineer failed to escalate the incident.", "PM302"),
    ("It was a careless change.", "PM303"),
    ("It was the fault of the on-call engineer.", "PM304"),
    ("All it took was one look at the dashboard.", "PM305"),
    ("Train engineers not to run unsafe commands.", "PM306"),
    ("The developer chose to ignore the failing tests.", "PM307"),
    ("The junior developer ignored the warning.", "PM308"),
    ("dylanfour@ ignored the pager alert.", "PM309"),
    ("An operator's lapse allowed the bad config through.", "PM310"),
    ("Disciplinary action has been taken against the employee involved.", "PM311"),
])
def test_one_code_per_category(sentence: str, code: str) -> None:
    assert [f.code for f in scan(sentence)] == [code]


def test_subject_found_through_postmodifier_and_relative_clause() -> None:
    assert [f.subject for f in scan("The owner of the service should have paged the DBA.")] == ["The owner"]
    assert [f.code for f in scan("The engineer who deployed the change should have watched it.")] == ["PM302"]
    assert scan("The alert that fired at 10:02 should have paged twice.") == []


def test_german_subject_after_the_verb() -> None:
    [f] = scan("Im Nachhinein hätte der Administrator die Warnung beachten müssen.", "de")
    assert (f.code, f.subject) == ("PM302", "der Administrator")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Alarm wurde vom Techniker ignoriert.", [("PM308", 8, 33)]),
    ("Die Warnung wurde von der Bereitschaft übersehen.", [("PM308", 8, 42)]),
    ("Die Warnung wurde von Klaus übersehen.", [("PM309", 8, 31)]),
    ("Der Alarm ist vom Techniker ignoriert worden.", [("PM308", 8, 31)]),
    ("Es dauerte, weil der Alarm vom Techniker ignoriert wurde.", [("PM308", 8, 44)]),
    # the agent is a system, or the passive names none
    ("Der Alarm wurde vom Monitoring ignoriert.", []),
    ("Der Alarm wurde ignoriert.", []),
    ("Von Anfang an ist der Alarm ignoriert worden.", []),
])
def test_german_passive_with_its_agent_before_the_participle(sentence: str, expected: object) -> None:
    assert pm3(doc(f"summary: |\n  {sentence}\n", "de")) == expected


# --- German without umlauts ---------------------------------------------------------------------

ASCII_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Techniker war fahrlaessig.", [("PM303", 8, 21)]),
    ("Der Techniker haette den Alarm pruefen muessen.", [("PM302", 8, 17)]),
    ("Der Techniker hätte den Alarm pruefen müssen.", [("PM302", 8, 17)]),
    ("Der Pruefer hat versaeumt, den Alarm zu eskalieren.", [("PM302", 8, 19)]),
    ("Juergen hat den Alarm ignoriert.", [("PM309", 8, 25)]),
    ("Der Dienst haette nach fuenf Minuten fertig sein muessen.", []),
])
def test_german_written_with_ae_oe_ue_ss(sentence: str, expected: object) -> None:
    assert pm3(doc(f"summary: |\n  {sentence}\n", "de")) == expected


def test_german_with_and_without_umlauts_gives_the_same_findings() -> None:
    lines = (Path(__file__).parent / "data" / "blameless_labelled.jsonl").read_text(encoding="utf-8")
    texts = [row["text"] for row in map(json.loads, lines.splitlines()) if row["lang"] == "de"]
    texts += [t for e in default_lexicon("de").entries for t in (e.example, e.counter_example)]
    changed = [t for t in texts if t.translate(ASCII_GERMAN) != t]
    assert len(changed) > 150
    for text in changed:
        ascii_text = text.translate(ASCII_GERMAN)
        assert [f.entry for f in scan(ascii_text, "de")] == [f.entry for f in scan(text, "de")], ascii_text


def test_transliterated_patterns_leave_classes_and_escapes_alone() -> None:
    from pmkit.prose.lexicon import transliterated

    assert transliterated(r"\bprüf\w*") == r"\bpr(?:ü|ue)f\w*"
    assert transliterated(r"[\wäöü]+ gemäß\ä") == r"[\wäöü]+ gem(?:ä|ae)(?:ß|ss)\ä"
    assert transliterated(r"[]ä] [^]ö]ö") == r"[]ä] [^]ö](?:ö|oe)"


# --- names ------------------------------------------------------------------------------------


def test_names_from_the_document_are_judged_but_fine_as_actors_and_owners() -> None:
    text = doc("""\
owner: kwong
authors: [kwong]
timeline:
  - at: 2026-03-02T10:00:00Z
    actor: kwong
    event: kwong rolled back the deploy at 10:00.
  - at: 2026-03-02T10:05:00Z
    actor: kwong
    event: kwong should have rolled back the deploy earlier.
action_items:
  - {id: AI1, title: Add an automatic rollback on canary failure, owner: kwong}
""")
    assert pm3(text) == [("PM309", 15, 18)]


@pytest.mark.parametrize(("people", "expected"), [
    # a team or product as owner, decider or action-item owner is no person
    ("owner: Checkout\n", []),
    ("decisions:\n  - {decided_by: Checkout}\n", []),
    ("action_items:\n  - {id: AI1, title: Add a retry budget, owner: Checkout}\n", []),
    # evidence of a person: an author, a known first name, a longer name, a handle
    ("owner: Checkout\nauthors: [Checkout]\n", [("PM309", 10, 12)]),
    ("owner: Alice\n", [("PM309", 9, 9)]),
    ("owner: Checkout\nauthors: [Maya Checkout]\n", [("PM309", 10, 12)]),
    ("owner: checkout\n", [("PM309", 9, 12)]),
])
def test_a_single_capitalised_word_in_people_fields_needs_evidence_of_a_person(
        people: str, expected: object) -> None:
    name = "Alice" if "Alice" in people else "Checkout"
    text = doc(f"{people}summary: |\n  {name} should have retried the request.\n")
    assert pm3(text) == expected


def test_roles_in_people_fields_are_not_names() -> None:
    text = doc("""\
owner: incident coordinator
authors: [incident coordinator]
summary: The incident was declared by the coordinator at 10:00.
""")
    assert pm3(text) == []


def test_handles_and_first_names_in_text() -> None:
    assert [f.code for f in scan("@mkovacs failed to escalate the incident.")] == ["PM309"]
    assert [f.code for f in scan("Sarah made a mistake in the config.")] == ["PM309"]
    assert [f.code for f in scan("sydneythree@ needs to learn the runbook.")] == ["PM309"]
    assert scan("Alice restarted the primary at 10:45.") == []


def test_scan_names_parameter() -> None:
    assert scan("Orlov should have checked the lag.") == []
    [f] = scan("Orlov should have checked the lag.", names=["Orlov"])
    assert f.code == "PM309"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Will should have checked the lag.", [("PM309", "Will")]),
    ("Will was careless with the migration.", [("PM309", "Will")]),
    ("May had ignored the alert.", [("PM309", "May")]),
    ("Will restarted the node.", []),
    # in lower case the word is the auxiliary, not the person
    ("The job will retry, but the engineer should have checked the lag.", [("PM302", "the engineer")]),
])
def test_a_name_that_is_also_an_auxiliary(sentence: str, expected: object) -> None:
    """A person called Will or May is the subject, not a word of the verb group."""
    found = scan(sentence, names=["Will", "May"])
    assert [(f.code, f.subject) for f in found] == expected


def pm3_subjects(text: str) -> list[tuple[str, int, int, str]]:
    """(code, line, col, the subject the finding is about) of every PM3xx finding."""
    return [(d.code, d.line, d.col, dict(d.data)["subject"]) for d in run(text, select=["PM3"])]


def summary(sentence: str, lang: str = "en") -> str:
    return doc(f"summary: |\n  {sentence}\n", lang)


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # a pronoun whose nearest person subject before it in the paragraph is a name
    ("Alice deployed the change. She should have checked the lag.", "en", [("PM309", 8, 34, "Alice")]),
    ("Dave Miller made the bucket public. He should have known better.", "en",
     [("PM309", 8, 42, "Dave Miller")]),
    ("Alice deployed. She failed to check. She should have rolled back.", "en",
     [("PM309", 8, 23, "Alice"), ("PM309", 8, 44, "Alice")]),
    ("Thomas hat das Update eingespielt. Er hätte die Warnung beachten müssen.", "de",
     [("PM309", 8, 41, "Thomas")]),
    # a name before a copula, as in German
    ("Bob was careless.", "en", [("PM309", 8, 11, "Bob")]),
    ("Alice was sloppy with the rollout.", "en", [("PM309", 8, 13, "Alice")]),
    ("Klaus war fahrlässig.", "de", [("PM309", 8, 13, "Klaus")]),
    # a title and a capitalised word
    ("Mr. Smith ignored the alert.", "en", [("PM309", 8, 13, "Mr. Smith")]),
    ("Herr Müller hat die Warnung ignoriert.", "de", [("PM309", 8, 31, "Herr Müller")]),
    ("Frau Schmidt war schuld.", "de", [("PM309", 8, 20, "Frau Schmidt")]),
])
def test_a_named_person_is_judged_as_a_name_through_pronouns_titles_and_copulas(
        sentence: str, lang: str, expected: object) -> None:
    assert pm3_subjects(summary(sentence, lang)) == expected


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # the nearer subject is a role, the name is an object: the pronoun stays a role
    ("The engineer paged Alice. He should have checked the lag.", "en", [("PM302", 8, 32)]),
    ("Alice deployed the change. The engineer paged Bob. He should have checked.", "en", [("PM302", 8, 57)]),
    ("Mit Alice hat der Admin gesprochen. Er hätte prüfen müssen.", "de", [("PM302", 8, 42)]),
    # another paragraph or list item: no antecedent
    ("Alice deployed the change.\n\n  He should have checked the lag.", "en", [("PM302", 10, 6)]),
    # a person's name after the pronoun's sentence does not count
    ("He should have checked the lag. Alice deployed the change.", "en", [("PM302", 8, 6)]),
])
def test_a_pronoun_counts_as_a_name_only_for_the_nearest_person_subject_before(
        sentence: str, lang: str, expected: object) -> None:
    assert pm3(summary(sentence, lang)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # "Sie hätten" is plural: not "den Dienst" (singular) but "Die Techniker"
    ("Die Techniker haben den Dienst neu gestartet. Sie hätten die Warnung prüfen müssen.",
     [("PM302", "Sie")]),
    ("Die Entwickler haben das Zertifikat erneuert. Dann hätten sie den Alarm bemerken müssen.",
     [("PM302", "sie")]),
    # the nearest noun is plural too: it stays the antecedent
    ("Die Techniker haben die Dienste neu gestartet. Sie hätten früher hochfahren müssen.", []),
    # no plural noun in reach: the nearest noun stays
    ("Der Techniker hat den Dienst neu gestartet. Sie hätten früher hochfahren müssen.", []),
])
def test_german_sie_with_a_plural_verb_stands_for_a_noun_that_can_be_plural(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.code, f.subject) for f in scan(sentence, lang="de")] == expected
    # English has no such cue: "they" keeps taking the nearest noun
    assert scan("The engineers deployed the services. They failed to start.") == []


def test_a_title_period_ends_no_sentence() -> None:
    # "Mr." is no sentence end: "Smith" is the subject, and the finding is one, on "ignored"
    assert pm3(summary("The alert fired and Mr. Smith ignored it.")) == [("PM309", 8, 33)]
    assert pm3(summary("Dr. Weber war fahrlässig.", "de")) == [("PM309", 8, 17)]


@pytest.mark.parametrize(("sentence", "lang"), [
    # a product at the head of a German clause is an unknown subject, not a subjectless fragment
    ("GitLab hätte den Merge blockieren müssen.", "de"),
    ("Jenkins hätte den Merge blockieren müssen.", "de"),
    ("Renovate hätte den Merge blockieren müssen.", "de"),
    ("Jenkins should have blocked the merge.", "en"),
    # vendors and providers are outsiders: where the blame "lies" with them is not judged
    ("Die Schuld liegt beim Zahlungsanbieter.", "de"),
    ("Der Fehler liegt eindeutig beim Dienstleister.", "de"),
    ("The blame lies with the payment provider.", "en"),
    ("The fault lies with our CDN vendor.", "en"),
    ("The fault lies not with the engineer.", "en"),
])
def test_products_and_outsiders_are_not_judged(sentence: str, lang: str) -> None:
    assert pm3(summary(sentence, lang)) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Die Schuld liegt beim Administrator.", "de", [("PM304", 8, 7, "Administrator")]),
    ("The blame lies with the on-call engineer.", "en", [("PM304", 8, 7, "on-call engineer")]),
    ("The fault rests squarely with the DBA.", "en", [("PM304", 8, 7, "DBA")]),
    ("Management blamed the outage on the on-call engineer.", "en", [("PM304", 8, 14, "on-call engineer")]),
    ("Gestern hätte der Admin prüfen müssen.", "de", [("PM302", 8, 11, "der Admin")]),
])
def test_blame_that_lies_with_a_person_is_reported_with_that_person(
        sentence: str, lang: str, expected: object) -> None:
    assert pm3_subjects(summary(sentence, lang)) == expected


def pm3_messages(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in run(text, select=["PM3"])]


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The outage was caused by human error.", "en",
     ("PM301", 8, 28, '"human error" frames the incident as human error')),
    ("The engineer deployed and he failed to check the lag.", "en",
     ("PM302", 8, 32, '"failed to" is a hindsight counterfactual about "he"')),
    ("We should have caught this in staging.", "en",
     ("PM302", 8, 6, '"should have caught" is a hindsight counterfactual about "we"')),
    ("It was a careless change.", "en", ("PM303", 8, 12, '"careless" is judgemental wording')),
    ("The blame lies with the on-call engineer.", "en",
     ("PM304", 8, 7, '"blame lies with" assigns blame to "on-call engineer"')),
    ("Die Schuld liegt beim Administrator.", "de",
     ("PM304", 8, 7, '"Schuld liegt beim" assigns blame to "Administrator"')),
    ("Obviously the config was wrong.", "en",
     ("PM305", 8, 3, '"Obviously" calls the outcome obvious in hindsight')),
    ("Remind engineers: be more careful.", "en",
     ("PM306", 8, 21, '"be more careful" aims an action at people, not at systems')),
    ("The developer chose to ignore the failing tests.", "en",
     ("PM307", 8, 17, '"chose to ignore" attributes intent to "developer"')),
    ("The engineer ignored the alert.", "en", ("PM308", 8, 16, '"ignored" blames "engineer" for an action')),
    ("The deploy went out because Bob failed to check the lag.", "en",
     ("PM309", 8, 35, '"failed to" is a hindsight counterfactual about the named person "Bob"')),
    ("Alice deployed the change. She should have checked the lag.", "en",
     ("PM309", 8, 34, '"should have checked" is a hindsight counterfactual about the named person "Alice" '
                      '(as "she")')),
    ("Er hat die Warnung ignoriert.", "de", ("PM308", 8, 22, '"ignoriert" blames "er" for an action')),
    ("Frau Schmidt war schuld.", "de",
     ("PM309", 8, 20, '"schuld" assigns blame to the named person "Frau Schmidt"')),
    ("sydneythree@ needs to learn the runbook.", "en",
     ("PM309", 8, 16, '"needs to learn" aims an action at the named person "sydneythree@", not at systems')),
    ("An operator's lapse let the change through.", "en",
     ("PM310", 8, 6, '"operator\'s lapse" is a euphemism for blaming "operator"')),
    ("The engineer has been fired.", "en",
     ("PM311", 8, 16, '"has been fired" announces disciplinary action against "engineer"')),
])
def test_messages_are_sentences_that_quote_the_phrase_and_whom_it_is_about(
        sentence: str, lang: str, expected: tuple[str, int, int, str]) -> None:
    assert pm3_messages(summary(sentence, lang)) == [expected]


def test_a_team_entry_message_follows_the_quoted_phrase() -> None:
    entry = {"id": "en.team-yolo", "category": "judgement", "pattern": r"\byolo\b",
             "explanation": "Flippant.", "reframe": "Describe the decision.", "message": "flippant"}
    found = run(summary("The deploy was yolo. Bob was yolo."), select=["PM3"],
                config={"prose": {"extra": [entry]}})
    assert [(d.code, d.line, d.col, d.message) for d in found] == [
        ("PM303", 8, 18, '"yolo": flippant'),
        ("PM309", 8, 32, '"yolo": flippant (about the named person "Bob")'),
    ]


# --- quotes and code ----------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    '"I should have checked the lag first," the on-call engineer said.',
    "The channel had the message “who broke prod?” at 10:50.",
    "The runbook step `rm -rf data` was run; 'human error' is a phrase we avoid.",
    "Guidelines ask us to avoid phrases like „menschliches Versagen“.",
])
def test_quotes_and_code_are_skipped(sentence: str) -> None:
    assert scan(sentence) == [] and scan(sentence, "de") == []


def test_apostrophes_are_not_quotes() -> None:
    assert [f.code for f in scan("It was the developer's fault, and the engineers' fault too.")] == [
        "PM304", "PM304"]


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Wäre Stefan vorsichtiger gewesen, wäre nichts passiert.", "de", [("PM309", "Stefan")]),
    ("Wenn der Techniker aufmerksamer gewesen wäre, wäre der Fehler aufgefallen.", "de",
     [("PM302", "der Techniker")]),
    ("If Stefan had been more careful, nothing would have happened.", "en", [("PM309", "Stefan")]),
    # About a system, or about a person to whom something was done: no judgement.
    ("Wäre der Cache größer gewesen, wäre die Datenbank nicht überlastet worden.", "de", []),
    ("Wäre ein Alarm eingerichtet gewesen, hätten wir es früher bemerkt.", "de", []),
    ("If the engineer had been paged earlier, the outage would have been shorter.", "en", []),
])
def test_a_counterfactual_about_being_more_careful(
        sentence: str, lang: str, expected: list[tuple[str, str]]) -> None:
    """"Had Stefan been more careful" was found, but not "Wäre Stefan vorsichtiger gewesen" nor
    "if Stefan had been more careful"."""
    assert [(f.code, f.subject) for f in scan(sentence, lang)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The vendor's help desk agent failed to verify the caller.",
     [("PM302", "The vendor's help desk agent")]),
    ("The support agents should have checked the caller ID.", [("PM302", "The support agents")]),
    ("A contact centre agent failed to escalate the call.", [("PM302", "A contact centre agent")]),
    # Software that is called an agent is a system.
    ("The monitoring agent failed to report the error.", []),
    ("The endpoint agent failed to start after the update.", []),
])
def test_a_support_agent_is_a_person(sentence: str, expected: list[tuple[str, str]]) -> None:
    """"agent" is listed as software; a help desk or support agent is a person, and "the agent
    failed to verify the caller" was read as a system failing."""
    assert [(f.code, f.subject) for f in scan(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Alle Hosts spielten das Update wegen eines Versehens eines Mitarbeiters zugleich ein.",
     ["Versehens"]),
    ("Aufgrund eines Fehlers des Administrators wurden 40 % der Server entfernt.",
     ["Fehlers"]),
    ("Infolge eines Irrtums der Bereitschaft blieb der Alarm offen.", ["Irrtums"]),
    ("Ein Versehen eines neuen Kollegen führte zum Ausfall.", ["Versehen"]),
    # A system's error is no euphemism for a person's.
    ("Aufgrund eines Fehlers des Dienstes wurden 40 % der Server entfernt.", []),
    ("Wegen eines Fehlers der Software fiel der Cluster aus.", []),
])
def test_a_persons_slip_in_the_genitive_is_a_euphemism(sentence: str, expected: list[str]) -> None:
    """"Ein Versehen eines Mitarbeiters" was found, but not the same words after "wegen" or
    "aufgrund", where the noun takes the genitive ("eines Versehens", "eines Fehlers")."""
    found = scan(sentence, "de")
    assert [(f.code, f.text.split()[0]) for f in found] == [("PM310", w) for w in expected]


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Wegen eines Versehens eines Mitarbeiters zur selben Zeit fiel der Cluster aus.",
     "Versehens eines Mitarbeiters"),
    ("Ein Versehen eines neuen Kollegen führte zum Ausfall.", "Versehen eines neuen Kollegen"),
])
def test_a_persons_slip_ends_at_the_person(sentence: str, phrase: str) -> None:
    """The phrase took up to two words after the person ("... Mitarbeiters zur selben")."""
    assert [f.text for f in scan(sentence, "de")] == [phrase]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Tired after a long evening, Jonas ran the command on the primary; it was his fault.", ["his fault"]),
    ("The reviewers approved it, so it was their fault as much as the author's.", ["their fault"]),
    ("It was her fault that the backups were empty.", ["her fault"]),
    # Denied, said of the organisation, or a compound noun: no blame.
    ("It was not his fault: the prompt looked the same on both hosts.", []),
    ("This was our fault, not our customers'.", []),
    ("The storage team ran their fault injection tests every week.", []),
    ("We had overestimated their fault tolerance.", []),
])
def test_a_possessive_pronoun_names_whose_fault_it_was(sentence: str, expected: list[str]) -> None:
    """"it was his fault" assigned blame as plainly as "the developer's fault" and was not found."""
    assert [(f.code, f.text) for f in scan(sentence)] == [("PM304", p) for p in expected]


# --- suppression ----------------------------------------------------------------------------------


def test_inline_suppression_with_reason() -> None:
    text = doc("summary: The outage was caused by human error.  "
               "# pmkit: ignore[PM301] quoting the press release\n")
    assert pm3(text) == []
    text = doc("# pmkit: ignore[PM301] the block quotes a customer\nsummary: |\n  It was human error.\n")
    assert pm3(text) == []


def test_suppression_of_another_code_does_not_hide_the_finding() -> None:
    text = doc("summary: The outage was caused by human error.  # pmkit: ignore[PM302] wrong code\n")
    assert ("PM301", 7, 35) in pm3(text)


# --- the API ------------------------------------------------------------------------------------


def test_finding_offsets_match_the_text() -> None:
    text = "In hindsight, the team should have paused the rollout. It was human error."
    findings = scan(text)
    assert [type(f) for f in findings] == [Finding, Finding]
    for f in findings:
        assert text[f.start:f.end] == f.text
        assert f.message and f.suggestion and f.explanation and f.entry
    assert [f.category for f in findings] == ["counterfactual", "human-error"]


# --- configuration --------------------------------------------------------------------------------


def test_disable_an_entry_by_id_glob_or_category() -> None:
    text = doc("summary: They could have just restarted the pod. It was obviously wrong.\n")
    assert [c for c, _, _ in pm3(text)] == ["PM302", "PM305"]
    assert [c for c, _, _ in pm3(text, config={"prose": {"disable": ["en.obviously"]}})] == ["PM302"]
    assert pm3(text, config={"prose": {"disable": ["en.could-*", "hindsight"]}}) == []


def test_extra_entries_and_team_lexicon(tmp_path: Path) -> None:
    extra = {"id": "en.team-yolo", "category": "judgement", "pattern": r"\byolo\b",
             "explanation": "Flippant.", "reframe": "Describe the decision."}
    text = doc("summary: The deploy was pure yolo.\n")
    assert pm3(text, config={"prose": {"extra": [extra]}}) == [("PM303", 7, 30)]
    team = tmp_path / "team.yaml"
    team.write_text(
        "entries:\n"
        "  - {id: en.team-ninja, category: judgement, pattern: '\\bninja\\b',"
        " explanation: Judges people., reframe: Describe the change.}\n"
        "words:\n  staff: [wrangler]\n", encoding="utf-8")
    lexicon = build_lexicon("en", {"lexicon": str(team)})
    assert [f.entry for f in scan("A ninja change.", lexicon=lexicon)] == ["en.team-ninja"]
    assert [f.code for f in scan("The wrangler should have paged us.", lexicon=lexicon)] == ["PM302"]


def test_people_and_systems_extend_the_word_lists() -> None:
    assert scan("The quartermaster should have paged us.") == []
    lexicon = build_lexicon("en", {"people": ["quartermaster"], "systems": ["orlov"]})
    assert [f.code for f in scan("The quartermaster should have paged us.", lexicon=lexicon)] == ["PM302"]


@pytest.mark.parametrize(("settings", "message"), [
    ({"disabel": ["en.just"]}, "unknown setting 'disabel' (did you mean 'disable'?)"),
    ({"disable": ["en.jsut"]}, "'en.jsut' matches no lexicon entry or category (did you mean 'en.just'?)"),
    ({"disable": "en.just, en.obviously"}, "matches no lexicon entry"),
    ({"extra": {"id": "en.x"}}, "extra: must be a list of entry tables"),
    ({"extra": [{"id": "en.x", "category": "judgement", "pattern": "(", "explanation": "e", "reframe": "r"}]},
     "extra[0]: pattern is not a valid regular expression"),
    ({"extra": [{"id": "en.x", "category": "judgment", "pattern": "x", "explanation": "e", "reframe": "r"}]},
     "unknown category 'judgment' (did you mean 'judgement'?)"),
    ({"extra": [{"id": "en.x", "category": "blame", "pattern": "x", "explanation": "e"}]},
     "'reframe' is required"),
    ({"extra": [{"id": "en.just", "category": "blame", "pattern": "x", "explanation": "e", "reframe": "r"}]},
     "lexicon entry id 'en.just' is defined twice"),
    ({"extra": [{"id": "x", "category": "blame", "pattern": "x", "explanation": "e", "reframe": "r"}]},
     "must look like 'en.some-name'"),
    ({"extra": [{"id": "en.x", "category": "blame", "pattern": "a*", "explanation": "e", "reframe": "r"}]},
     "matches the empty string"),
    ({"lexicon": "does/not/exist.yaml"}, "cannot read 'does/not/exist.yaml'"),
    ({"people": [1, 2]}, "must be a string or a list of strings"),
])
def test_bad_configuration_is_a_clear_error(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        build_lexicon("en", settings)


def test_bad_configuration_reaches_the_checker() -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        run(doc("summary: ok\n"), select=["PM3"], config={"prose": {"bogus": 1}})


# --- catalogue invariants ----------------------------------------------------------------------------


LEXICONS = [default_lexicon("en"), default_lexicon("de")]
ENTRIES = [(lex, e) for lex in LEXICONS for e in lex.entries]


def test_entry_ids_are_unique_and_prefixed() -> None:
    ids = [e.id for _, e in ENTRIES]
    assert len(ids) == len(set(ids))
    assert all(e.id.startswith(f"{lex.lang}.") for lex, e in ENTRIES)


def test_every_category_has_entries_in_both_languages() -> None:
    for lex in LEXICONS:
        have = {e.category for e in lex.entries}
        # named-person has no entries of its own: any judgement about a name becomes one.
        assert have == set(CATEGORIES) - {"named-person"}, lex.lang


@pytest.mark.parametrize(("lex", "entry"), ENTRIES, ids=[e.id for _, e in ENTRIES])
def test_entry_is_complete_and_matches_its_example(lex: object, entry: object) -> None:
    from pmkit.prose.lexicon import Entry, Lexicon

    assert isinstance(lex, Lexicon) and isinstance(entry, Entry)
    for name in ("id", "category", "pattern", "explanation", "reframe", "example", "counter_example"):
        assert str(getattr(entry, name)).strip(), name
    assert entry.regex.pattern == entry.pattern  # compiles
    solo = with_entries(lex, [entry])
    assert scan(entry.example, lex.lang, lexicon=solo), "the entry must flag its own example"
    assert entry.anchors is None or any(a in entry.example.lower() for a in entry.anchors)
    assert scan(entry.counter_example, lex.lang) == [], "the counter-example must pass the whole lexicon"


def test_snapshots_are_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmkit.prose.lexicon as module

    folder = Path(module.__file__).parent
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.snapshot.json")}
    assert before, "run: PYTHONPATH=src python -m pmkit.prose.lexicon"
    copy = tmp_path / "prose"
    copy.mkdir()
    for name in ("en.yaml", "de.yaml"):
        (copy / name).write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(module, "__file__", str(copy / "lexicon.py"))
    for written in write_snapshots():
        assert json.loads(written.read_text(encoding="utf-8")) == json.loads(before[written.name]), (
            f"{written.name} is stale: run PYTHONPATH=src python -m pmkit.prose.lexicon")


def test_rule_pages_have_all_sections() -> None:
    from pmkit.rules import registry

    rules = [r for r in registry() if r.code.startswith("PM3")]
    assert [r.code for r in rules] == [code for code, _ in sorted(CATEGORIES.values())]
    for rule in rules:
        page = rule.doc()
        for section in ("What it catches:", "Why:", "Example::", "Instead"):
            assert section in page, (rule.code, section)


# --- robustness -----------------------------------------------------------------------------------

WORDS = st.sampled_from([
    "the", "engineer", "should", "have", "failed", "to", "human", "error", "\"", "'", "`", ",",
    "hätte", "müssen", "der", "Administrator", "schuld", "\n", "Alice", "@bob", "because", "not",
    "blame", "it", "was", "fault", "of", "’s", "„", "“", "and", "und", "…", "ß", "İ",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=40), st.sampled_from(["en", "de"]))
def test_scan_never_fails_and_offsets_are_exact(words: list[str], lang: str) -> None:
    text = " ".join(words)
    for finding in scan(text, lang):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text


def test_load_lexicon_api() -> None:
    from pmkit.prose import load_lexicon

    lexicon = load_lexicon("de", {"disable": ["de.schuld"]})
    assert scan("Der Administrator ist schuld.", "de", lexicon=lexicon) == []
    assert [f.code for f in scan("Der Administrator ist schuld.", "de")] == ["PM304"]


# --- Markdown postmortems -------------------------------------------------------------------------

MARKDOWN = """\
---
pmkit: 1
id: 2026-03-02-md
title: Cache outage
status: draft
lang: en
severity: SEV3
---

## Summary

The outage was caused by human error. The health check failed to respond.

<!-- pmkit: ignore[PM302] quoting the first draft -->
The on-call engineer should have rolled back the deploy.

```
the operator was careless
```
"""


def test_markdown_body_is_scanned_with_positions_and_suppressions() -> None:
    diags = run(MARKDOWN, select=["PM3"], path="pm.md")
    assert where(diags) == [("PM301", 12, 26)]


def _candidates_by_brute_force(lexicon: Lexicon, low: str) -> list[Entry]:
    hit = {id(e) for anchor, group in lexicon.by_anchor.items() if anchor in low for e in group}
    return [e for e in lexicon.entries if e.anchors is None or id(e) in hit]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_anchor_index_finds_the_entries_every_anchor_test_finds(lang: str) -> None:
    lexicon = default_lexicon(lang)
    labelled = Path(__file__).parent / "data" / "blameless_labelled.jsonl"
    texts = [json.loads(line)["text"].lower() for line in labelled.read_text(encoding="utf-8").splitlines()]
    texts += ["", "ab", "had", "hadn't", "human error", "menschliches versagen"]
    assert sum(bool(lexicon.candidates(t)) for t in texts) > 100
    for text in texts:
        assert lexicon.candidates(text) == _candidates_by_brute_force(lexicon, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(default_lexicon("en").by_anchor)) | st.text(max_size=4), max_size=8))
def test_anchor_index_agrees_on_generated_text(parts: list[str]) -> None:
    lexicon = default_lexicon("en")
    low = " ".join(parts).lower()
    assert lexicon.candidates(low) == _candidates_by_brute_force(lexicon, low)


def test_a_finding_marks_the_phrase_not_the_blank_after_it() -> None:
    text = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n" \
           "summary: The engineer failed to check the config.\n"
    [diag] = run(text, select=["PM302"])
    assert (diag.line, diag.col, diag.end_line, diag.end_col) == (7, 23, 7, 32)  # "failed to"


def test_a_tilde_fenced_block_is_code_not_prose() -> None:
    text = ("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
            "summary: |\n  The log said:\n  ~~~\n  human error\n  ~~~\n")
    assert run(text, select=["PM301"]) == []


BODY_WITH_FIELDS = "---\n" + HEAD.format(lang="en") + """\
---
## Summary

The deploy was human error.

## Background

The outage was caused by human error.

## What went wrong

Looking back, the on-call engineer should have rolled back:

- The operator failed to check the config.
"""


def test_body_text_outside_the_fields_is_scanned_once_with_its_positions() -> None:
    """Sections that fill no field (## Background) and the intro above a list are published
    too; text that fills a field is reported once, as that field."""
    assert where(run(BODY_WITH_FIELDS, select=["PM3"], path="pm.md")) == [
        ("PM301", 11, 16), ("PM301", 15, 26), ("PM302", 19, 36), ("PM302", 21, 16)]


@pytest.mark.parametrize("escapes", [r"\U0001F600\U0001F600", r"\u00e9\u00e9\u00e9", r"\x41\x42\x43\x44\x45",
                                     r"a\u00e9\U0001F600", r"\ud83d\ude00\" x", r"\t\"\\ x"])
def test_positions_after_escapes_in_a_double_quoted_string(escapes: str) -> None:
    """Each escape stands for one character of the value, however long it is written."""
    line = f'summary: "{escapes} it was human error"'
    text = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n" + line + "\n"
    assert where(run(text, select=["PM301"])) == [("PM301", 7, line.index("human") + 1)]


@pytest.mark.parametrize("sentence, lang", [
    ("The design failed to consider multi-region writes.", "en"),
    ("The capacity plan failed to anticipate the holiday traffic.", "en"),
    ("The threat model failed to consider insider access.", "en"),
    ("Der Entwurf hat Schreibzugriffe aus mehreren Regionen nicht berücksichtigt.", "de"),
])
def test_documents_and_plans_are_no_people(sentence: str, lang: str) -> None:
    """A design, a plan or a model that missed something is a contributing factor, not blame."""
    assert run(doc(f"summary: {sentence}\n", lang), select=["PM3"]) == []


def test_indented_code_in_a_field_is_not_prose() -> None:
    # Shown as code by renderers (four columns after a blank line): a log line, not the authors'
    # words. A list item's continuation paragraph is still prose.
    head = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
    yaml = (head + "summary: |\n  The deploy failed with:\n\n"
            "      ERROR human error detected by the linter\n\n  Done.\n")
    assert where(run(yaml, select=["PM301"])) == []
    markdown = ("---\n" + head + "---\n\n## Summary\n\nThe deploy failed with:\n\n"
                "    ERROR human error detected by the linter\n\n- A list item.\n\n"
                "    It was human error, the item goes on.\n")
    assert where(run(markdown, select=["PM301"], path="pm.md")) == [("PM301", 18, 12)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Human Error Prevention working group reviewed the runbook.", []),
    ("Two of our SREs joined the Human Error Reduction Programme last year.", []),
    ("Root cause: Human Error.", ["PM301"]),
    ("It was Human Error, not the tooling.", ["PM301"]),
    # "human error" as a modifier of a noun names a topic or a measure, in any case
    ("The human error prevention working group reviewed the runbook.", []),
    ("The human error rate on manual failovers dropped after the runbook change.", []),
    ("The new CLI makes the failover human-error-proof.", []),
    ("It was human error, prevention is the next step.", ["PM301"]),
    ("Human error prevented the failover.", ["PM301"]),
    ("The outage was caused by a gap in the review process.", []),
    ("The outage was caused by an oversight in the review process.", []),
    ("The outage was caused by an oversight by the reviewer.", ["PM310"]),
    ("The certificate expired due to an oversight.", ["PM310"]),
])
def test_names_of_groups_and_gaps_in_processes(sentence: str, expected: list[str]) -> None:
    """A group's Title Case name mentions the phrase; an oversight in a process is a gap in it."""
    assert [f.code for f in scan(sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bob made a careless change.", [("PM309", "Bob")]),
    ("Bob pushed a sloppy fix.", [("PM309", "Bob")]),
    ("Bob was careless.", [("PM309", "Bob")]),
    # the one who found or reviewed the change is not the one judged
    ("Bob found a careless change.", [("PM303", "")]),
    ("The engineer made a careless change.", [("PM303", "")]),
    # the work a named person owns: the judgement is of the owner
    ("Bob's change was careless.", [("PM309", "Bob")]),
    ("Bob's hasty change was careless.", [("PM309", "Bob")]),
    # the thing owned is a person, or the phrase is no judgement: as before
    ("Bob's team was careless.", [("PM303", "")]),
    ("Bob's change failed to deploy.", []),
    ("Bob's review found that the change was careless.", [("PM303", "")]),
])
def test_a_judgement_of_the_work_a_named_person_made(sentence: str, expected: object) -> None:
    """An adjective of the object of a verb of making judges the maker: PM309, not PM303."""
    assert [(f.code, f.subject) for f in scan(sentence, names=["Bob"])] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bobs Änderung war nachlässig.", [("PM309", "Bob")]),
    ("Klaus' Änderung war nachlässig.", [("PM309", "Klaus")]),
    ("Bobs Arbeit war schlampig.", [("PM309", "Bob")]),
    ("Die Änderung war nachlässig.", [("PM303", "")]),
])
def test_a_judgement_of_the_work_a_named_person_owns_in_german(sentence: str, expected: object) -> None:
    assert [(f.code, f.subject) for f in scan(sentence, lang="de")] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die menschliche Fehlerrate bei manuellen Failovern ist gesunken.", []),
    ("Ursache war ein menschlicher Fehler beim Deployment.", ["PM301"]),
    ("Menschliche Fehlbedienung war die Ursache.", ["PM301"]),
])
def test_a_german_compound_that_names_a_measure_of_human_error(sentence: str, expected: list[str]) -> None:
    assert [f.code for f in scan(sentence, lang="de")] == expected


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # an ability that a condition on a system's state withheld: what the system kept people from
    ("The on-call engineer could have noticed the alert earlier if it had been on the dashboard.", "en", []),
    ("Die Bereitschaft hätte den Alarm früher sehen können, wenn er auf dem Dashboard gewesen wäre.",
     "de", []),
    ("If the status page had been in another region, we could have updated it.", "en", []),
    ("Had the status page been in another region, we could have updated it.", "en", []),
    ("Wenn die Statusseite in einer anderen Region gewesen wäre, hätten wir sie aktualisieren können.",
     "de", []),
    ("Wäre die Statusseite in einer anderen Region gewesen, hätten wir sie aktualisieren können.", "de", []),
    # no condition, a condition about people, or what ought to have been done: as before
    ("The engineer could have rolled back earlier.", "en", ["PM302"]),
    ("Die Bereitschaft hätte den Alarm früher sehen können.", "de", ["PM302"]),
    ("If we had tested it, we could have caught it.", "en", ["PM302", "PM302"]),
    ("We could have caught it if we had tested it.", "en", ["PM302", "PM302"]),
    ("The engineer should have rolled back if the alert had fired.", "en", ["PM302"]),
    ("Der Techniker hätte den Alarm sehen müssen, wenn er auf dem Dashboard gewesen wäre.", "de", ["PM302"]),
    ("Der Techniker hätte den Alarm sehen können, wenn er aufgepasst hätte.", "de", ["PM302", "PM302"]),
])
def test_a_could_have_that_depends_on_a_system_condition(
        sentence: str, lang: str, expected: list[str]) -> None:
    assert [f.code for f in scan(sentence, lang=lang)] == expected
