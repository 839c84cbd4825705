"""Action items that are vague in other words than the listed ones (PM708): "Dig into",
"Analyze", "Research", "Work on", "Brainstorm", "Audit", "Assess", and in German
"kontrollieren", "analysieren", "Ursache ... ermitteln", "evaluieren", "diskutieren",
"besser machen", "sich kümmern", "Stabilität ... erhöhen", "mit ... reden"; as for "Review",
one that ends in a change or a number has a done state."""

from __future__ import annotations

import pytest

from helpers import run, where
from pmkit.rules.learning import vague_phrase


def _items_doc(lang: str, titles: list[str]) -> str:
    text = f"pmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: {lang}\nseverity: SEV3\naction_items:\n"
    for number, title in enumerate(titles, 1):
        text += f"  - id: AI{number}\n    title: {title}\n"
    return text


@pytest.mark.parametrize(("lang", "title", "phrase"), [
    ("en", "Dig into why the replica lagged", "Dig into"),
    ("en", "Analyze the slow-query log", "Analyze"),
    ("en", "Analyse the slow-query log", "Analyse"),
    ("en", "Research alternatives to Orchestrator", "Research"),
    ("en", "Work on better failover tooling", "Work on"),
    ("en", "Brainstorm ways to reduce pages", "Brainstorm"),
    ("en", "Audit the topology", "Audit"),
    ("en", "Assess the failover runbook", "Assess"),
    ("de", "Zertifikate kontrollieren", "kontrollieren"),
    ("de", "Alarmschwellen analysieren", "analysieren"),
    ("de", "Ursache des Speicherlecks ermitteln", "Ursache des Speicherlecks ermitteln"),
    ("de", "Prozess evaluieren", "evaluieren"),
    ("de", "Möglichkeiten für schnelleres Failover diskutieren", "diskutieren"),
    ("de", "Monitoring besser machen", "besser machen"),
    ("de", "Sich um das Sammelpostfach kümmern", "kümmern"),
    ("de", "Stabilität des Gateways erhöhen", "Stabilität des Gateways erhöhen"),
    ("de", "Mit dem Zahlungsanbieter reden", "Mit dem Zahlungsanbieter reden"),
])
def test_a_close_synonym_of_a_vague_verb_is_vague(lang: str, title: str, phrase: str) -> None:
    found = vague_phrase(title, lang)
    assert found is not None and found[0].group(0) == phrase


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Audit the topology and remove the stale replicas"),
    ("en", "Analyze the heap dump and write a report by 2027-01-31"),
    ("en", "Assess the failover runbook and update the promotion step"),
    ("en", "Audit log retention set to 90 days"),
    ("en", "Add audit logs to the admin API"),
    ("en", "Rework the failover script"),
    ("de", "Zertifikate im CI automatisch kontrollieren"),
    ("de", "Job einrichten, der die Zertifikate täglich kontrolliert"),
    ("de", "Alarmschwellen analysieren und auf 30 s setzen"),
    ("de", "Ursache des Speicherlecks ermitteln und beheben"),
    ("de", "Verfügbarkeit des Gateways auf 99,9 % erhöhen"),
    ("de", "Retry-Limit auf 3 setzen"),
])
def test_a_synonym_with_a_done_state_is_not_vague(lang: str, title: str) -> None:
    assert vague_phrase(title, lang) is None


def test_the_finding_is_placed_at_the_synonym() -> None:
    found = run(_items_doc("en", ["Dig into why the replica lagged", "Rework the failover script"]),
                select=["PM708"])
    assert where(found) == [("PM708", 9, 12)]
    found = run(_items_doc("de", ["Zertifikate kontrollieren"]), select=["PM708"])
    assert where(found) == [("PM708", 9, 24)]
