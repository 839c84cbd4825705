"""Held-out sentences that were missed: a "they" that pays attention, a postmodifier after
"nobody", a means or an occasion inside a German verb bracket, the wrong target outside the
object, and the German forms of findings the English lexicon already reports."""

from __future__ import annotations

import pytest

from pmkit.prose import scan


def _found(text: str, lang: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.text, f.subject) for f in scan(text, lang)]


# --- misses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # a "they" whose verb only people do is people, whatever noun stands nearest
    ("The DBA could have seen the replication alert if they had been paying attention.", "en",
     [("PM302", "could have seen", "The DBA"), ("PM302", "if they had been paying attention", "they")]),
    # a postmodifier after "nobody"
    ("Nobody on the team bothered to read the release notes.", "en",
     [("PM307", "Nobody on the team bothered", "")]),
    # a means or an occasion inside the German verb bracket
    ("Der SRE hat den Ausfall durch einen Tippfehler verursacht.", "de",
     [("PM308", "den Ausfall durch einen Tippfehler verursacht", "SRE")]),
    ("Der Reviewer hat beim Review offensichtlich geschlafen.", "de",
     [("PM303", "hat beim Review offensichtlich geschlafen", "Reviewer")]),
    # the wrong target outside the object, and "falsch" as the manner of a setting
    ("The engineer executed the command against the wrong cluster.", "en",
     [("PM308", "executed the command against the wrong", "The engineer")]),
    ("Der Techniker hat den Befehl auf dem falschen Server ausgeführt.", "de",
     [("PM308", "auf dem falschen Server ausgeführt", "Techniker")]),
    ("Der Entwickler hat den Filter falsch konfiguriert.", "de",
     [("PM308", "falsch konfiguriert", "Entwickler")]),
    ("Der Techniker hat den Filter falsch gesetzt.", "de", [("PM308", "falsch gesetzt", "Techniker")]),
    # the German forms of English findings, and "needs retraining" as "needs to be retrained"
    ("Ein erfahrener Kollege hätte das sofort erkannt.", "de",
     [("PM302", "Ein erfahrener Kollege hätte das sofort erkannt", "")]),
    ("Das hätte dem Admin auffallen müssen.", "de",
     [("PM302", "hätte dem Admin auffallen müssen", "dem Admin")]),
    ("Wir werden die Mitarbeiter schulen, keine Befehle in Produktion auszuführen.", "de",
     [("PM306", "schulen, keine Befehle in Produktion auszuführen", "")]),
    ("Bei etwas mehr Sorgfalt des Entwicklers wäre der Fehler aufgefallen.", "de",
     [("PM302", "Bei etwas mehr Sorgfalt", "")]),
    ("The on-call engineer needs retraining on the failover procedure.", "en",
     [("PM306", "needs retraining", "The on-call engineer")]),
])
def test_held_out_misses_are_reported(sentence: str, lang: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(sentence, lang) == expected


# --- look-alikes that stay silent ---------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The engineer, as planned, restarted the replica.", "en"),
    ("Der SRE hat den Fehler durch einen Rollback behoben.", "de"),
    ("The alert fired against the wrong cluster label because the exporter mislabelled it.", "en"),
    # "they" is the alerts, with no verb only people do; jobs check and read
    ("The DBA could have seen the replication alerts if they had been routed to the pager.", "en"),
    ("The jobs could have caught the drift if they had checked the lock.", "en"),
    ("The customers could have retried if they had paid the invoice.", "en"),
    # a system's means, a thing's wrong place, a broken host to repair
    ("Der Dienst hat den Ausfall durch einen Speicherfehler verursacht.", "de"),
    ("Das Werkzeug hat die Änderung in der falschen Region angewendet.", "de"),
    ("The tool applied the change to the wrong region.", "en"),
    ("The engineer deployed the fix to the broken host.", "en"),
    # a setting that was wrong, with no one who set it
    ("Der Filter war falsch konfiguriert.", "de"),
    ("Die Uhrzeit im Runbook war falsch angegeben.", "de"),
    ("Das Skript hat den Filter falsch gesetzt.", "de"),
    # what should have struck a system, a colleague who did see it, training not to blame
    ("Das hätte dem Monitoring auffallen müssen.", "de"),
    ("Ein erfahrener Kollege hat das Problem nach zehn Minuten erkannt.", "de"),
    ("Das Team wird geschult, nicht um Schuld zuzuweisen, sondern um Abläufe zu verbessern.", "de"),
    # care given, sleep at night, a model retrained
    ("Bei der Migration gehen wir jetzt mit mehr Vorsicht vor.", "de"),
    ("Um 03:00 hat der Kollege geschlafen.", "de"),
    ("The anomaly model needs retraining on last quarter's traffic.", "en"),
])
def test_look_alikes_pass(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []
