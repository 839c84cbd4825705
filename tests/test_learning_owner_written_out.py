"""An owner written "to be assigned" or "not yet assigned" is the placeholder "TBA" or
"unassigned" written out (PM704)."""

from __future__ import annotations

import pytest

from helpers import run, where


def _items_doc(owner: str) -> str:
    return ("pmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\naction_items:\n"
            f"  - id: AI1\n    title: Add a lag alert\n    owner: {owner}\n")


@pytest.mark.parametrize("owner", ["to be assigned", "To be assigned.", "not yet assigned",
                                   "noch nicht zugewiesen", "to be determined"])
def test_an_owner_to_be_assigned_is_a_placeholder(owner: str) -> None:
    found = run(_items_doc(owner), select=["PM704"])
    assert where(found) == [("PM704", 10, 12)]


def test_an_owner_with_a_name_is_no_placeholder() -> None:
    assert run(_items_doc("Alice Weber"), select=["PM704"]) == []
