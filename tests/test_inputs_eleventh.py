"""Inputs met while writing realistic postmortems, eleventh round: each fix asserts the exact
finding a user sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.api import check_text

HEAD = "pmkit: 1\nid: 2026-11-20-dns\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\n"


def _pm012(text: str) -> list[tuple[int, int, str, str]]:
    found = check_text(HEAD + text, path="pm.yaml")
    return [(d.line, d.col, d.message, d.hint or "") for d in found if d.code == "PM012"]


@pytest.mark.parametrize(("text", "at", "hint"), [
    # Lessons written as the plain list most templates use: the format sorts them.
    ("lessons:\n  - Health checks must take the production path.\n  - Canary first.\n", (8, 3),
     "Sort the items into the lists of 'lessons' (went_well, went_wrong, lucky): 'went_wrong:' "
     "indented under 'lessons:', and each item under it starting with '- '."),
    # One set of fields after a '- ', as if it were a list of one.
    ("impact:\n  - description: Checkout failed.\n    users_affected: 5\n", (8, 3),
     "'impact' holds one set of fields, not a list of them: remove the '- ' and indent its fields "
     "(description, users_affected, customers_affected, data_loss, metrics) under 'impact:'."),
    ("impact: [Checkout failed, Login failed]\n", (7, 9),
     "Write it as a mapping of fields (description, users_affected, customers_affected, data_loss, "
     "metrics), one 'name: value' per line indented under 'impact:'."),
])
def test_a_list_where_a_mapping_goes_says_how_to_write_it(text: str, at: tuple[int, int], hint: str) -> None:
    key = text.split(":", 1)[0]
    assert _pm012(text) == [(*at, f"'{key}' must be a mapping of fields, not a list", hint)]


def test_new_dates_the_draft_in_the_calendars_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team that names its zone only for its working days ([calendar]) got drafts in UTC:
    'timezone: UTC', and in the evening the next day's date, which the clocks then counted in
    Los Angeles."""
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".pmkit.toml").write_text('[calendar]\ntimezone = "America/Los_Angeles"\n', encoding="utf-8")
    assert main(["new", "--title", "Queue backlog", "--now", "2026-11-26T05:00:00Z", "-o", "draft.yaml"]) == 0
    draft = (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    assert "\ntimezone: America/Los_Angeles  # " in draft
    assert "\nid: 2026-11-25-queue-backlog\n" in draft
