"""Hindsight with the failure denied: "An experienced colleague would never have missed the
error" measures a person against an imagined better one, as "An experienced engineer would have
caught this" does (PM302); it was not reported. Of a thing ("The canary would never have missed
the error") it names a safeguard; of the authors ("We would never have missed ...") their own
view."""

from __future__ import annotations

import pytest

from pmkit.prose.engine import scan_text
from pmkit.prose.lexicon import default_lexicon


@pytest.mark.parametrize(("text", "code", "subject"), [
    ("An experienced colleague would never have missed the error.", "PM302", "An experienced colleague"),
    ("A more careful reviewer would not have overlooked it.", "PM302", "A more careful reviewer"),
    ("A senior engineer would never have made this mistake.", "PM302", "A senior engineer"),
    ("A senior engineer wouldn't have ignored the page.", "PM302", "A senior engineer"),
    ("Sam would never have missed the alert.", "PM309", "Sam"),
])
def test_a_person_who_would_never_have_missed_it_is_hindsight(text: str, code: str, subject: str) -> None:
    found = [f for f in scan_text(text, default_lexicon("en")) if f.entry == "en.would-never-have-missed"]
    assert [(f.code, f.subject) for f in found] == [(code, subject)]
    assert found[0].text.startswith("would")


@pytest.mark.parametrize("text", [
    "The canary would never have missed the error.",
    "We would never have missed the alert with the new dashboard.",
    "The alert would not have been missed with the old threshold.",
    "Without the retry, the job would not have missed its deadline.",
    "An experienced colleague reviewed the change.",
])
def test_a_safeguard_or_the_authors_are_not_judged(text: str) -> None:
    assert scan_text(text, default_lexicon("en")) == []
