"""German postmortems of a held-out round outside blameless phrasing: impacts that say there was
none, vague German quantities, and dates compared with a start pmkit could not read."""

from __future__ import annotations

import pytest

from helpers import run, where

#: A German SEV3 postmortem; ``{timeline}`` is its timeline, ``{notice}`` a customer notice.
DATES = """\
pmkit: 1
id: 2026-03-03-zeiten
title: Anmeldung war gestört
status: draft
lang: de
severity: SEV3
timezone: Europe/Berlin
timeline:
{timeline}
disclosure:
  personal_data_breach: false
  notifications:
    - {{audience: customers, sent_at: 2026-03-03T14:20:00+01:00, channel: status-page}}
"""

#: The first two entries' times cannot be read (PM015); the first entry read is 14:50.
UNREAD_START = """\
  - {at: 08.03.2026 14:05, event: Das Deployment wurde ausgerollt.}
  - {at: '14:30 Uhr', event: Rollback abgeschlossen.}
  - {at: 2026-03-03T14:50:00, event: Die Fehlerquote lag wieder auf Normalniveau.}"""


def test_a_notice_is_not_said_to_precede_a_start_that_could_not_be_read() -> None:
    # Before, PM415 said the 14:20 notice came "before the incident began (its first timeline
    # entry, 14:50 CET)", taken from the only entry it could read.
    found = run(DATES.format(timeline=UNREAD_START), select=["PM015", "PM415"])
    assert where(found) == [("PM015", 9, 10), ("PM015", 10, 10)]


def test_a_notice_before_every_entry_read_is_still_reported() -> None:
    timeline = UNREAD_START.replace("08.03.2026 14:05", "2026-03-03T14:30:00").replace(
        "'14:30 Uhr'", "2026-03-03T14:40:00")
    found = run(DATES.format(timeline=timeline), select=["PM015", "PM415"])
    assert where(found) == [("PM415", 15, 38)]
    assert "before the incident began (its first timeline entry, 2026-03-03 14:30 CET" in found[0].message


def test_an_unread_entry_after_the_first_one_read_leaves_the_start_known() -> None:
    timeline = UNREAD_START.replace("08.03.2026 14:05", "2026-03-03T14:30:00")
    found = run(DATES.format(timeline=timeline), select=["PM015", "PM415"])
    assert where(found) == [("PM015", 10, 10), ("PM415", 15, 38)]


def test_an_anchor_is_not_said_to_precede_a_first_entry_that_could_not_be_read() -> None:
    text = DATES.format(timeline=UNREAD_START).replace(
        "  personal_data_breach: false\n", "  personal_data_breach: false\n  aware_at: 2026-02-20T09:00:00\n")
    assert where(run(text, select=["PM415"])) == []
    read = text.replace("08.03.2026 14:05", "2026-03-03T14:05:00").replace(
        "'14:30 Uhr'", "2026-03-03T14:30:00")
    assert [d.field for d in run(read, select=["PM415"])] == ["disclosure.aware_at"]


#: A SEV3 postmortem whose impact gives no numbers; ``{description}`` is its impact text.
IMPACT = """\
pmkit: 1
id: 2026-03-03-auswirkung
title: Anmeldung war gestört
status: draft
lang: {lang}
severity: SEV3
impact:
  description: "{description}"
"""


def _impact(description: str, lang: str = "de") -> list[tuple[str, int, int]]:
    return where(run(IMPACT.format(description=description, lang=lang), select=["PM503", "PM504"]))


@pytest.mark.parametrize("description", [
    "Es gab keinerlei Auswirkungen auf Kunden.",
    "Es gab gar keine Auswirkungen auf Kunden.",
    "Die Störung hatte keinerlei Auswirkungen auf unsere Kunden.",
    "Für Kunden gab es keinerlei Auswirkungen.",
    "Es waren keinerlei Kunden betroffen.",
    "Keinerlei Kundenauswirkungen.",
    "Keine Auswirkung auf Endkunden.",
    "Es gab keine Beeinträchtigung für Kunden.",
    "Die Kunden waren von der Störung nicht betroffen.",
    "Kunden waren zu keinem Zeitpunkt betroffen.",
    "Die Störung war für Kunden nicht sichtbar.",
])
def test_a_german_impact_that_says_there_was_none_needs_no_numbers(description: str) -> None:
    # Before, "keinerlei", "von der Störung nicht betroffen" and the rest got PM504, while
    # "Keine Auswirkungen auf Kunden." passed.
    assert _impact(description) == []


@pytest.mark.parametrize("description", [
    "There was zero customer impact.",
    "There was no impact whatsoever on customers.",
    "No impact at all to users.",
    "Customers weren't affected.",
])
def test_an_english_impact_that_says_there_was_none_needs_no_numbers(description: str) -> None:
    assert _impact(description, "en") == []


@pytest.mark.parametrize(("description", "lang", "found"), [
    # Some were not affected, so others were: still no numbers, and the quantity is vague.
    ("Einige Kunden waren nicht betroffen, andere schon.", "de", [("PM504", 7, 1), ("PM503", 8, 17)]),
    ("Viele Nutzer waren nicht betroffen.", "de", [("PM504", 7, 1), ("PM503", 8, 17)]),
    ("Some customers were not affected, others were.", "en", [("PM504", 7, 1), ("PM503", 8, 17)]),
    # Only for a while, or with an exception.
    ("Zunächst gab es keinerlei Auswirkungen auf Kunden, dann schlug jeder Checkout fehl.", "de",
     [("PM504", 7, 1)]),
    ("Abgesehen von der Anmeldung waren Kunden nicht betroffen.", "de", [("PM504", 7, 1)]),
    ("Die Anmeldung war langsam.", "de", [("PM504", 7, 1)]),
])
def test_a_real_impact_beside_a_no_impact_phrase_still_needs_numbers(
        description: str, lang: str, found: list[tuple[str, int, int]]) -> None:
    assert sorted(_impact(description, lang)) == sorted(found)


@pytest.mark.parametrize(("description", "phrase"), [
    ("Ein nicht unerheblicher Teil der Nutzer konnte sich nicht anmelden.",
     "Ein nicht unerheblicher Teil der Nutzer"),
    ("Ein nicht unwesentlicher Teil der Kunden war betroffen.", "Ein nicht unwesentlicher Teil der Kunden"),
    ("Ein nennenswerter Anteil der Bestellungen schlug fehl.", "Ein nennenswerter Anteil der Bestellungen"),
    ("Vereinzelt konnten sich Nutzer nicht anmelden.", "Vereinzelt konnten sich Nutzer"),
    ("In Einzelfällen sahen Kunden Fehler.", "In Einzelfällen sahen Kunden"),
    ("Teilweise konnten sich Nutzer nicht anmelden.", "Teilweise konnten sich Nutzer"),
    ("Nicht wenige Kunden sahen Fehler.", "Nicht wenige Kunden"),
    # already read before, kept as they were
    ("Ein Großteil der Nutzer konnte sich nicht anmelden.", "Ein Großteil der Nutzer"),
    ("Zahlreiche Nutzer konnten sich nicht anmelden.", "Zahlreiche Nutzer"),
    ("Etliche Kunden sahen Fehler.", "Etliche Kunden"),
])
def test_a_vague_german_quantity_of_the_affected_is_reported(description: str, phrase: str) -> None:
    found = run(IMPACT.format(description=description, lang="de"), select=["PM503"])
    assert where(found) == [("PM503", 8, 17)]
    assert found[0].message.startswith(f"vague impact '{phrase}': ")


@pytest.mark.parametrize("description", [
    "Ein nicht unerheblicher Teil der Konfiguration fehlte.",
    "Vereinzelt gab es Warnungen im Log.",
    "Die Datenbank war teilweise nicht erreichbar.",
    "Der Großteil des Verkehrs lief über Frankfurt.",
])
def test_a_near_miss_names_no_affected_party(description: str) -> None:
    assert where(run(IMPACT.format(description=description, lang="de"), select=["PM503"])) == []


def test_partly_in_the_summary_counts_only_in_a_sentence_about_the_impact() -> None:
    text = IMPACT.format(description="", lang="de").replace(
        'impact:\n  description: ""\n',
        "summary: Die Ursache lag teilweise bei den Skripten der Kunden. Teilweise sahen Nutzer Fehler.\n")
    found = run(text, select=["PM503"])
    assert where(found) == [("PM503", 7, 65)]


#: A decision whose options are written as one text rather than a list.
OPTIONS = """\
pmkit: 1
id: 2026-03-03-optionen
title: Anmeldung war gestört
status: draft
lang: de
severity: SEV3
decisions:
  - id: D1
    decision: Rollback auf die vorige Version.
    options_considered: {options}
"""


@pytest.mark.parametrize(("options", "quoted"), [
    # Before, the quote ended in the middle of "abwarten": 'Hotfix bauen oder Flag abschalten oder a'…
    ("Hotfix bauen oder Flag abschalten oder abwarten", "'Hotfix bauen oder Flag abschalten oder'…"),
    # a word that ends where the quote would end is kept whole
    ("Hotfix bauen oder Flag abschalten und dann abwarten", "'Hotfix bauen oder Flag abschalten und'…"),
    ("Hotfix bauen oder Flag abschalten", "'Hotfix bauen oder Flag abschalten'"),
    # one long word (an address) is cut where the quote ends, as before
    ("https://tickets.example.de/PLAT-101/options/all-of-them", "'https://tickets.example.de/PLAT-101/opti'…"),
])
def test_a_text_where_a_list_belongs_is_quoted_in_whole_words(options: str, quoted: str) -> None:
    found = run(OPTIONS.format(options=options), select=["PM012"])
    assert where(found) == [("PM012", 10, 25)]
    assert found[0].message == f"'options_considered' must be a list, not the text {quoted}"
