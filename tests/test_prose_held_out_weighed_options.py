"""Blameless sentences that were reported: an option weighed in a decision's rationale (what
it would have cost said of "that", joined by "so" or "which", the option taken after a
semicolon, a reason outside the team), and what anyone among many could have done."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str = "en") -> Found:
    """The code, the offset and the words of each finding of ``sentence``."""
    return [(f.code, f.start, f.text) for f in scan(sentence, lang)]


# --- an option weighed in a decision's rationale --------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Priya could have restored from the 02:00 snapshot, but that would have lost six hours of writes; "
     "point-in-time recovery kept them.", "en"),
    ("We could have rolled back, but that would have restarted every pod.", "en"),
    ("We could have rolled back, but this would have restarted every pod.", "en"),
    ("We could have rolled back, but we would have lost orders.", "en"),
    ("We could have rolled back, so every pod would have restarted.", "en"),
    ("We could have shed load at the edge, but the edge had no per-tenant limits, so every tenant would "
     "have been throttled.", "en"),
    ("The IC could have declared a SEV1, which would have paged the executive on-call; with 4% of users "
     "affected, SEV2 matched the policy.", "en"),
    ("We could have restarted the whole fleet at once; we chose a rolling restart to keep 70% capacity, "
     "which took 25 minutes longer.", "en"),
    ("The team could have waited for the vendor fix, but the vendor gave no ETA.", "en"),
    ("The on-call engineer could have paged the database team first, but the runbook routes storage alerts "
     "to platform.", "en"),
    ("Wir hätten sofort zurückrollen können, aber die Migration hatte die alte Spalte schon gelöscht, also "
     "wäre v141 nicht gestartet.", "de"),
    ("Wir hätten zurückrollen können, sodass jeder Pod neu gestartet wäre.", "de"),
    ("Man hätte auch den ganzen Cluster neu starten können; wir haben uns für einen Rolling Restart "
     "entschieden, um 70 % Kapazität zu halten.", "de"),
    ("Wir hätten auf den Fix des Herstellers warten können, aber der Hersteller nannte keinen Termin.", "de"),
    ("Die Bereitschaft hätte zuerst das DB-Team pagen können, das Runbook leitet Storage-Alerts aber an "
     "Platform.", "de"),
    ("Die Bereitschaft hätte zuerst das DB-Team pagen können, aber das Runbook leitet Storage-Alerts an "
     "Platform.", "de"),
])
def test_an_option_weighed_in_a_rationale_passes(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # what kept people from the option, not a reason outside the team
    ("We could have rolled back, but it was not documented.", "en", [("PM302", 3, "could have rolled")]),
    ("We could have rolled back, but the runbook did not mention it.", "en",
     [("PM302", 3, "could have rolled")]),
    ("Wir hätten zurückrollen können, aber es war nicht dokumentiert.", "de",
     [("PM302", 4, "hätten zurückrollen können")]),
    ("Wir hätten zurückrollen können, aber das Runbook erwähnte es nicht.", "de",
     [("PM302", 4, "hätten zurückrollen können")]),
    # people again after the concession
    ("The engineer could have checked the lag, but he was busy.", "en",
     [("PM302", 13, "could have checked")]),
    # what the option would have remedied is the hindsight counterfactual
    ("The engineer could have checked the lag, which would have prevented the outage.", "en",
     [("PM302", 13, "could have checked")]),
    ("The engineer could have rolled back, which would have ended the outage sooner.", "en",
     [("PM302", 13, "could have rolled")]),
    ("Der Techniker hätte den Lag prüfen können, wodurch der Ausfall verhindert worden wäre.", "de",
     [("PM302", 14, "hätte den Lag prüfen können")]),
    # after a semicolon, what a person chose is no option the authors took
    ("Bob could have checked the lag; he chose to skip it.", "en", [("PM309", 4, "could have checked")]),
])
def test_an_option_not_weighed_is_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- what anyone among many could have done -------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Any of the 40 engineers with deploy rights could have shipped this config; nothing in the pipeline "
     "validated it.", "en"),
    ("Every engineer with deploy rights could have shipped this config.", "en"),
    ("Jeder Entwickler mit Deploy-Rechten hätte diese Konfiguration ausrollen können.", "de"),
    ("Jeder der 40 Entwickler mit Deploy-Rechten hätte diese Konfiguration ausrollen können.", "de"),
])
def test_what_anyone_among_many_could_do_passes(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Any of the engineers could have spotted the typo.", "en", [("PM302", 21, "could have spotted")]),
    ("Every engineer could have noticed the alert.", "en", [("PM302", 15, "could have noticed")]),
    ("Every engineer should have checked the config.", "en", [("PM302", 15, "should have checked")]),
    ("One of the engineers could have shipped this config.", "en", [("PM302", 21, "could have shipped")]),
    ("Jeder Entwickler hätte den Alarm bemerken können.", "de",
     [("PM302", 17, "hätte den Alarm bemerken können")]),
])
def test_what_one_could_have_noticed_is_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- a clock time inside a German clause ----------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Der Job hat das Fenster um 02:00 versäumt.",
    "Der Cronjob hat um 02:00 seinen Lock vergessen.",
    "Statusseiten-Update um 14:30 vergessen, um 14:45 nachgeholt.",
])
def test_a_clock_time_keeps_a_system_subject(sentence: str) -> None:
    assert _found(sentence, "de") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Admin hat den Alarm um 14:30 Uhr ignoriert.", [("PM308", 37, "ignoriert")]),
    ("Der Admin hat den Alarm um 14.30 Uhr ignoriert.", [("PM308", 37, "ignoriert")]),
    ("Der Admin hat den Alarm gegen 02:00 ignoriert.", [("PM308", 36, "ignoriert")]),
    ("Der Techniker hat um 02:00 das Fenster versäumt.", [("PM302", 39, "versäumt")]),
])
def test_a_clock_time_keeps_a_person_subject(sentence: str, expected: Found) -> None:
    assert _found(sentence, "de") == expected


# --- a note of the writer's own, without its subject ----------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Forgot to post the 14:30 status update, posted it at 14:45",
    "Neglected to check the lag, caught it at 14:50.",
])
def test_a_subjectless_note_is_the_writers_own(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The engineer forgot to post the update.", [("PM302", 13, "forgot to")]),
    ("Failed to escalate.", [("PM302", 0, "Failed to")]),
    ("Should have rolled back sooner.", [("PM302", 0, "Should have rolled")]),
])
def test_a_note_with_a_person_or_a_hindsight_is_still_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


# --- a design that invites slips -----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The two identical-looking buttons invite misclicks: Delete replica and Delete primary sit next to "
     "each other.", "en"),
    ("The console invites human error.", "en"),
    ("The layout encourages misclicks.", "en"),
    ("Die zwei gleich aussehenden Buttons begünstigen Fehlklicks.", "de"),
    ("Die Konsole lädt zu Fehlbedienungen ein.", "de"),
    ("Das Layout fördert Bedienfehler.", "de"),
])
def test_a_design_that_invites_slips_passes(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The outage was caused by a misclick.", "en", [("PM301", 27, "misclick")]),
    ("Human error caused the outage.", "en", [("PM301", 0, "Human error")]),
    ("Der Ausfall ging auf einen Fehlklick zurück.", "de", [("PM301", 27, "Fehlklick")]),
])
def test_a_slip_as_the_cause_is_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


# --- "who" asking, and oversights not found -------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The VP of Engineering asked in the review who should have caught this; the review's answer is the "
     "pipeline, which had no schema check.", "en"),
    ("We discussed who should have caught this.", "en"),
    ("Versäumnisse im Änderungsmanagement wurden nicht festgestellt.", "de"),
    ("Versäumnisse lagen nicht vor.", "de"),
    ("Versäumnisse sind nicht erkennbar.", "de"),
])
def test_a_question_or_a_lapse_not_found_passes(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("The VP asked the engineer who should have caught this.", "en", [("PM302", 30, "should have caught")]),
    ("The engineer who should have caught this was on leave.", "en", [("PM302", 17, "should have caught")]),
    ("Versäumnisse des Technikers wurden festgestellt.", "de", [("PM302", 0, "Versäumnisse")]),
])
def test_a_relative_who_or_a_lapse_found_is_still_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected
