"""Person-targeted action items in other words than the documented ones (PM306): retraining,
educating, awareness with the topic first, telling or asking people to check, a reminder or a
training session sent to them; in German "daran erinnern", "nachschulen", "anweisen",
"einschärfen", "Bewusstsein schärfen". What is told to or asked of a thing, or of an outsider,
passes."""

from __future__ import annotations

import pytest

from pmkit.prose import scan

Found = list[tuple[str, int, str]]


def _found(sentence: str, lang: str) -> Found:
    return [(f.code, f.start, f.text) for f in scan(sentence, lang=lang)]


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("Retrain the on-call engineer.", "en", [("PM306", 0, "Retrain the on-call engineer")]),
    ("Retrain engineers on the failover runbook.", "en", [("PM306", 0, "Retrain engineers")]),
    ("Educate the database team about replication lag.", "en",
     [("PM306", 0, "Educate the database team about")]),
    ("Increase awareness of replication lag among engineers.", "en",
     [("PM306", 0, "Increase awareness of replication lag among engineers")]),
    ("Raise engineers' awareness of replication lag.", "en", [("PM306", 0, "Raise engineers' awareness")]),
    ("Make the on-call more careful with manual promotions.", "en",
     [("PM306", 0, "Make the on-call more careful")]),
    ("Get engineers to double-check the target region.", "en",
     [("PM306", 0, "Get engineers to double-check")]),
    ("Tell engineers to always run the dry run first.", "en", [("PM306", 0, "Tell engineers to always run")]),
    ("Ask the on-call engineer to double-check the region.", "en",
     [("PM306", 0, "Ask the on-call engineer to double-check")]),
    ("Send a reminder to all engineers to use the dry-run flag.", "en",
     [("PM306", 0, "Send a reminder to all engineers to")]),
    ("Hold a training session on Orchestrator for SREs.", "en",
     [("PM306", 0, "Hold a training session on Orchestrator for SREs")]),
    ("Entwickler daran erinnern, vor dem Deployment den Dry-Run zu starten.", "de",
     [("PM306", 0, "Entwickler daran erinnern")]),
    ("Die Bereitschaft nachschulen.", "de", [("PM306", 17, "nachschulen")]),
    ("Admins müssen vor jeder Promotion die Zielregion doppelt prüfen.", "de",
     [("PM306", 0, "Admins müssen vor jeder Promotion die Zielregion doppelt prüfen")]),
    ("Die Bereitschaft anweisen, die Region zu prüfen.", "de",
     [("PM306", 0, "Die Bereitschaft anweisen, die Region zu prüfen")]),
    ("Den Entwicklern einschärfen, immer den Dry-Run zu nutzen.", "de",
     [("PM306", 0, "Den Entwicklern einschärfen, immer")]),
    ("Bewusstsein der Entwickler für Replikationsverzug schärfen.", "de",
     [("PM306", 0, "Bewusstsein der Entwickler für Replikationsverzug schärfen")]),
])
def test_an_action_aimed_at_people_is_reported(sentence: str, lang: str, expected: Found) -> None:
    assert _found(sentence, lang) == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Retrain the model.", "en"),
    ("Retrain the anomaly model on the last quarter's traffic.", "en"),
    ("Retrain engineers on the new failover tool.", "en"),
    ("Train engineers on the new failover tool.", "en"),
    ("Tell the load balancer to drain.", "en"),
    ("Ask the vendor for a fix.", "en"),
    ("Ask the on-call engineer to page the vendor.", "en"),
    ("Ask the database team to run the migration.", "en"),
    ("The IC asked the on-call engineer to check the replica lag.", "en"),
    ("Send a reminder to customers about the maintenance.", "en"),
    ("Educate customers about the new limits.", "en"),
    ("Increase awareness of the status page among customers.", "en"),
    ("Hold a training session on the new failover tooling for SREs.", "en"),
    ("Das Team anweisen, das Runbook zu aktualisieren.", "de"),
    ("Der Bot erinnert die Bereitschaft an offene Tickets.", "de"),
    ("Das Modell nachtrainieren.", "de"),
    ("Die Pipeline muss vor jeder Promotion die Zielregion doppelt prüfen.", "de"),
    ("Einen Alarm für Replikationsverzug einrichten.", "de"),
])
def test_an_action_aimed_at_a_thing_passes(sentence: str, lang: str) -> None:
    assert _found(sentence, lang) == []
