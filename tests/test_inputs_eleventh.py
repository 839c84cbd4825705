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


def _hints(text: str, code: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.col, d.hint or "") for d in check_text(HEAD + text, path="pm.yaml") if d.code == code]


def test_options_written_as_records_are_shown_as_texts() -> None:
    """'- option: ... / chosen: true' was told to quote "option: scale out" as a text."""
    text = ("decisions:\n  - id: D1\n    at: 2026-11-03T09:25:00Z\n    decision: Restart the consumers.\n"
            "    options_considered:\n      - option: restart consumers\n        chosen: true\n"
            "      - option: scale out\n")
    assert _hints(text, "PM012") == [
        (12, 9, "'options_considered' is a list of texts, not of records: write this item as "
                "'- restart consumers'. The option taken is the decision itself: write it in 'decision'."),
        (14, 9, "'options_considered' is a list of texts, not of records: write this item as '- scale out'."),
    ]


def test_a_text_with_a_colon_is_still_told_to_be_quoted() -> None:
    text = "lessons:\n  went_well:\n    - fix: add a timeout\n    - Alert fired: quickly\n"
    assert [hint for _, _, hint in _hints(text, "PM012")] == [
        "YAML reads ': ' (a colon and a space) as a key and its value: put the text in quotes, "
        "\"fix: add a timeout\".",
        "YAML reads ': ' (a colon and a space) as a key and its value: put the text in quotes, "
        "\"Alert fired: quickly\".",
    ]


@pytest.mark.parametrize(("zone", "hint"), [
    ("timezone: UTC\n", "Write the date before the time: 2026-11-03T09:12 (the date the entries around it "
                        "give)."),
    ("", "Write the date before the time: 2026-11-03T09:12Z (the date the entries around it give), "
         "with the offset the time was read in if it is not UTC."),
])
def test_a_time_without_its_date_is_given_the_nearest_entrys_date(zone: str, hint: str) -> None:
    # The entry before is the evening before: midnight passed, and the date is the next entry's.
    text = (zone + "timeline:\n  - at: 2026-11-02T23:50:00Z\n    event: Deploy.\n  - at: \"9:12\"\n"
            "    event: Consumers stalled.\n  - at: 2026-11-03T09:20:00Z\n    event: Alert.\n")
    assert _hints(text, "PM015") == [(11 if zone else 10, 9, hint)]


def test_sarif_of_a_finding_that_quotes_a_lone_surrogate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A YAML escape for half a character ('"\\ud800"') quoted in a finding made the SARIF
    fingerprint fail: an internal error and a traceback instead of the report."""
    import json

    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pm.yaml").write_text('<<: "\\ud800"\n' + HEAD.split("\n", 1)[1].replace("SEV4", "SEV3"),
                                      encoding="utf-8")
    assert main(["check", "--format", "sarif", "pm.yaml"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert "PM001" in {r["ruleId"] for r in results}
    assert all(len(r["partialFingerprints"]["pmkitFinding/v1"]) == 64 for r in results)
