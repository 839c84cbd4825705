"""PM504's exemption for "no customer impact" holds only for a statement without exceptions
("apart from", "other than", "otherwise", "on other services", "abgesehen von", "außer") and
without doubt ("not yet known", "has been confirmed", "noch nicht bekannt")."""

from __future__ import annotations

import pytest

from helpers import run

POSTMORTEM = """\
pmkit: 1
id: 2024-03-03-checkout
title: Checkout errors
status: draft
lang: {lang}
severity: SEV3
summary: "{summary}"
impact:
  description: Checkout was slow.
"""


def pm504(summary: str, lang: str = "en") -> list[tuple[str, int, int, str]]:
    found = run(POSTMORTEM.format(lang=lang, summary=summary), select=["PM504"])
    return [(d.code, d.line, d.col, d.message) for d in found]


FLAGGED = [("PM504", 8, 1, "impact of a SEV3 incident gives no numbers: no users_affected, "
                           "customers_affected or metrics")]


@pytest.mark.parametrize(("summary", "lang"), [
    ("Checkout failed for 40 minutes. No customer impact on other services.", "en"),
    ("Apart from failed sign-ins for 40 minutes, there was no customer impact.", "en"),
    ("Sign-ins failed for 40 minutes; otherwise there was no customer impact.", "en"),
    ("There was no customer impact other than slow page loads for 40 minutes.", "en"),
    ("It is not yet known whether customers were affected; no customer impact has been confirmed.", "en"),
    ("Abgesehen von 40 Minuten fehlgeschlagener Zahlungen gab es keine Auswirkungen auf Kunden.", "de"),
    ("Kein Kunde war betroffen, außer den Kunden in Zürich.", "de"),
    ("Ob Kunden betroffen waren, ist noch nicht bekannt; keine Auswirkungen auf Kunden sind noch "
     "nicht bestätigt.", "de"),
])
def test_a_no_impact_statement_with_an_exception_or_a_doubt_does_not_exempt(summary: str, lang: str) -> None:
    assert pm504(summary, lang) == FLAGGED


@pytest.mark.parametrize(("summary", "lang"), [
    ("A batch job failed and was re-run. There was no customer impact.", "en"),
    ("The job failed, but there was no customer impact.", "en"),
    ("We confirmed there was no customer impact.", "en"),
    ("Der Job schlug fehl; es gab keine Auswirkungen auf Kunden.", "de"),
])
def test_a_plain_no_impact_statement_still_exempts(summary: str, lang: str) -> None:
    assert pm504(summary, lang) == []
