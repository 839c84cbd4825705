"""A section set in code to the wrong kind of object: PM012 at its field for pmkit.validate, a
ValueError naming the field for pmkit.dump, never a silent loss of the section or a crash."""

from __future__ import annotations

import dataclasses
import types
from typing import Any

import pytest

import pmkit


def _draft() -> pmkit.Postmortem:
    return pmkit.Postmortem(pmkit=1, id="a", title="t", status="draft", lang="en", severity="SEV3")


@dataclasses.dataclass
class _Numbers:
    users_affected: int = 3


CASES: list[tuple[str, Any, str, str, str]] = [
    ("disclosure", lambda: pmkit.Notification(audience="customers", channel="email"), "disclosure",
     "a pmkit Notification", "a pmkit.Disclosure (or a mapping of its fields)"),
    ("action_items", lambda: [pmkit.ContributingFactor(id="CF1", description="Retry storm")],
     "action_items[0]", "a pmkit ContributingFactor", "a pmkit.ActionItem (or a mapping of its fields)"),
    ("lessons", lambda: pmkit.Impact(users_affected=3), "lessons", "a pmkit Impact",
     "a pmkit.Lessons (or a mapping of its fields)"),
    ("impact", lambda: pmkit.Severity.INFO, "impact", "the enum member Severity.INFO",
     "a pmkit.Impact (or a mapping of its fields)"),
    ("impact", lambda: types.SimpleNamespace(users_affected=3), "impact", "a Python SimpleNamespace",
     "a pmkit.Impact (or a mapping of its fields)"),
    ("impact", lambda: _Numbers(), "impact", "a Python _Numbers",
     "a pmkit.Impact (or a mapping of its fields)"),
    ("timeline", lambda: [pmkit.Decision(id="D1", decision="roll back")], "timeline[0]", "a pmkit Decision",
     "a pmkit.TimelineEntry (or a mapping of its fields)"),
    ("timeline", lambda: pmkit.TimelineEntry(at="2026-01-02T10:00:00Z"), "timeline", "a pmkit TimelineEntry",
     "a list of pmkit.TimelineEntry (or of mappings of their fields)"),
    ("impact", lambda: pmkit.Impact, "impact", "the class Impact itself",
     "a pmkit.Impact (or a mapping of its fields)"),
    ("timeline", lambda: [pmkit.TimelineEntry], "timeline[0]", "the class TimelineEntry itself",
     "a pmkit.TimelineEntry (or a mapping of its fields)"),
]


@pytest.mark.parametrize(("field", "make", "where", "what", "wanted"), CASES)
def test_validate_reports_a_misplaced_section_at_its_field(field: str, make: Any, where: str, what: str,
                                                           wanted: str) -> None:
    pm = _draft()
    setattr(pm, field, make())
    found = [d for d in pmkit.validate(pm) if d.code < "PM1"]
    kind = "a list" if where == "timeline" else "a mapping of fields"
    assert [(d.code, d.field, d.message) for d in found] == [
        ("PM012", where, f"'{where}' must be {kind}, not {what}")]


@pytest.mark.parametrize(("field", "make", "where", "what", "wanted"), CASES)
def test_dump_refuses_a_misplaced_section_naming_its_field(field: str, make: Any, where: str, what: str,
                                                           wanted: str) -> None:
    pm = _draft()
    setattr(pm, field, make())
    with pytest.raises(ValueError) as raised:
        pmkit.dump(pm)
    assert str(raised.value) == (f"{where}: {what} cannot be written there; set it to {wanted}; "
                                 "pmkit.validate reports each such value")


def test_a_misplaced_model_inside_a_section_is_found_too() -> None:
    pm = _draft()
    pm.impact = pmkit.Impact(users_affected=2)
    pm.impact.metrics = [pmkit.Approval(by="ops")]
    found = [d for d in pmkit.validate(pm) if d.code < "PM1"]
    assert [(d.code, d.field) for d in found] == [("PM012", "impact.metrics[0]")]
    with pytest.raises(ValueError, match=r"^impact\.metrics\[0\]: a pmkit Approval cannot be written there"):
        pmkit.dump(pm)


def test_the_other_misplaced_values_are_all_counted() -> None:
    pm = _draft()
    pm.disclosure = pmkit.Notification(audience="customers")
    pm.lessons = pmkit.Impact()
    with pytest.raises(ValueError, match=r"^lessons: a pmkit Impact cannot be written there \(and 1 more\)"):
        pmkit.dump(pm)
    assert [d.field for d in pmkit.validate(pm) if d.code == "PM012"] == ["lessons", "disclosure"]


def test_a_mapping_or_a_model_of_the_section_is_written_as_before() -> None:
    pm = _draft()
    pm.impact = {"users_affected": 3}  # type: ignore[assignment]
    pm.lessons = pmkit.Lessons(went_well=["paging"])
    text = pmkit.dump(pm)
    assert "impact:\n  users_affected: 3\n" in text and "lessons:\n  went_well:\n  - paging\n" in text
    assert pmkit.loads(text).impact == pmkit.Impact(users_affected=3)
