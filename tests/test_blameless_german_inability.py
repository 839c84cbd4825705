"""German inability that clears the person: what someone "hätte nicht wissen/erkennen können"
and what "auch ein erfahrener Admin hätte nicht bemerkt" are the German of "could not have
noticed" and "would not have caught this", which pass; "hätte ... nicht ... dürfen/sollen"
still judges."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str = "de") -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang=lang)]


@pytest.mark.parametrize("sentence", [
    "Der Entwickler hätte das nicht wissen können: die Abhängigkeit war nirgends dokumentiert.",
    "Die Bereitschaft hätte den Verzug ohne Dashboard nicht erkennen können.",
    "Die Bereitschaft hätte ohne den Alarm nichts bemerken können.",
    "Auch ein erfahrener Admin hätte den Fehler nicht bemerkt.",
    "Ein erfahrener Kollege hätte das nicht erkannt.",
    "Der Admin haette das nicht wissen koennen.",
    "Die Technikerin hätte den Fehler nie sehen können.",
])
def test_inability_that_clears_the_person_passes(sentence: str) -> None:
    assert _found(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Der Entwickler hätte das nicht deployen dürfen.",
     [("PM302", 15, "hätte das nicht deployen dürfen")]),
    ("Der Admin hätte den Server nicht neu starten sollen.",
     [("PM302", 10, "hätte den Server nicht neu starten sollen")]),
    ("Der Admin hätte nie den Befehl ausführen dürfen.",
     [("PM302", 10, "hätte nie den Befehl ausführen dürfen")]),
    ("Der Admin hätte den Fehler bemerken können.", [("PM302", 10, "hätte den Fehler bemerken können")]),
    ("Ein erfahrener Admin hätte den Fehler bemerkt.",
     [("PM302", 0, "Ein erfahrener Admin hätte den Fehler bemerkt")]),
    ("Der Admin hat den Fehler nicht bemerkt.", [("PM302", 25, "nicht bemerkt")]),
])
def test_what_someone_should_not_have_done_is_still_reported(sentence: str, expected: Found) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The engineer could not have noticed the lag without the dashboard.",
    "Even an experienced admin would not have caught this.",
])
def test_the_english_equivalents_pass(sentence: str) -> None:
    assert _found(sentence, "en") == []
