"""Held-out adoption findings: the chart's impact and stats agree, hints that work as written
(PM601 on a flow list, PM705's date, PM707's placeholder), Markdown front matter end positions
in every format, a suggestion for a code-shaped typo in --select, and explain's configured
severity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, pmkit_json

from helpers import NOW, run
from pmkit.cli import main
from pmkit.loader import parse_text


def _render(tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any], fmt: str = "md") -> str:
    path = tmp_path / "pm.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["render", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _incident(*milestones: tuple[str, str]) -> dict[str, Any]:
    timeline = [{"at": f"2026-03-04T{at}:00Z", "milestone": name, "event": "x"} for name, at in milestones]
    return {"pmkit": 1, "id": "2026-03-04-dns", "title": "DNS outage", "status": "draft", "lang": "en",
            "severity": "SEV2", "timeline": timeline}


# --- 1. the chart's impact bar measures what stats calls the impact -----------------------------


def test_the_impact_bar_runs_to_resolved_as_stats_measures_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _incident(("impact_started", "09:02"), ("mitigated", "09:54"), ("resolved", "10:30"))
    page = _render(tmp_path, capsys, doc)
    assert "    Impact (1 h 28 min) :crit, 2026-03-04 09:02, 2026-03-04 10:30\n" in page
    path = tmp_path / "pm.yaml"
    assert main(["stats", str(path), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["postmortems"][0]["impact_duration"] == 88 * 60.0


def test_without_a_resolution_the_bar_says_it_runs_to_the_mitigation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _incident(("impact_started", "09:02"), ("mitigated", "09:54"))
    page = _render(tmp_path, capsys, doc)
    assert "    Impact until mitigated (52 min) :crit, 2026-03-04 09:02, 2026-03-04 09:54\n" in page
    doc["lang"] = "de"
    page = _render(tmp_path, capsys, doc)
    assert "    Auswirkung bis zur Eindämmung (52 min) :crit, 2026-03-04 09:02, 2026-03-04 09:54\n" in page


# --- 2. PM601's hint fits the way 'corrections' is written --------------------------------------

_ENTRY = ('{at: 2026-11-25, description: "<what was wrong, what is right, why>", '
          "fields: [impact.users_affected]}")
_EARLIER = "{at: 2026-03-06, description: The first version said 40 customers., fields: [severity]}"


def _pm601_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, corrections: str) -> str:
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("corrections: []\n", corrections))
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "users_affected: 12000", "users_affected: 11000")
    _, diags = pmkit_json("--select", "PM0,PM6", "--base", "HEAD", PM, capsys=capsys)
    assert [(d["code"], d["line"]) for d in diags] == [("PM601", 11)]
    hint: str = diags[0]["hint"]
    return hint


@pytest.mark.parametrize("empty", ["corrections: []\n", "corrections: [ ]\n"])
def test_an_empty_flow_list_gets_the_whole_line_to_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, empty: str) -> None:
    # 'pmkit new' drafts "corrections: []": a "- {...}" line under it was a YAML syntax error.
    hint = _pm601_hint(tmp_path, monkeypatch, capsys, empty)
    assert hint == f"Published facts are corrected in the open: write 'corrections: [{_ENTRY}]'"
    doc = parse_text(PUBLISHED.replace("corrections: []", f"corrections: [{_ENTRY}]"), "<pasted>")
    assert doc.diagnostics == []


def test_a_flow_list_with_entries_takes_the_entry_in_flow_form(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    hint = _pm601_hint(tmp_path, monkeypatch, capsys, f"corrections: [{_EARLIER}]\n")
    assert hint == ("Published facts are corrected in the open: add inside the brackets of "
                    f"'corrections: [...]', after a comma, an entry such as {_ENTRY}")
    doc = parse_text(PUBLISHED.replace("corrections: []", f"corrections: [{_EARLIER}, {_ENTRY}]"), "<p>")
    assert doc.diagnostics == []


def test_a_block_list_keeps_the_dash_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: the hint for a block list is unchanged."""
    hint = _pm601_hint(tmp_path, monkeypatch, capsys, f"corrections:\n  - {_EARLIER}\n")
    assert hint == ("Published facts are corrected in the open: append to 'corrections' an entry such as "
                    f"- {_ENTRY}")


# --- 3 and 4. PM707 names a placeholder tracker; PM705 suggests a date after today --------------

_ACTIONS = """\
pmkit: 1
id: 2024-03-12-cache
title: Cache outage in checkout
status: draft
lang: en
severity: SEV4
action_items:
  - id: AI1
    title: Add a lag alert
    status: open
    priority: P1
    owner: TODO
    tracker: TODO
  - id: AI2
    title: Add a canary
    status: done
    priority: P2
    owner: cache team lead
"""


def _item_findings(now: str, codes: str = "PM704,PM705,PM707") -> list[tuple[str, int, int, str, str | None]]:
    diags = run(_ACTIONS, select=codes.split(","), now=now)
    return [(d.code, d.line, d.col, d.message, d.hint) for d in diags]


def test_a_placeholder_tracker_is_called_so_as_pm704_calls_a_placeholder_owner() -> None:
    found = [f[:4] for f in _item_findings(NOW, "PM704,PM707") if f[3].startswith("action item AI1")]
    assert found == [
        ("PM704", 12, 12, "action item AI1 has a placeholder owner 'TODO'"),
        ("PM707", 13, 14, "action item AI1 has a placeholder tracker 'TODO'"),
    ]


def test_a_missing_tracker_is_still_no_tracker_link() -> None:
    """Guard: a missing tracker keeps its message."""
    found = [f[:4] for f in _item_findings(NOW, "PM707") if f[3].startswith("action item AI2")]
    assert found == [("PM707", 14, 5, "action item AI2 has no tracker link")]


@pytest.mark.parametrize(("now", "suggested"), [
    ("2026-12-07T12:00:00Z", "2027-01-04"),
    ("2024-03-20T12:00:00Z", "2024-04-17"),
])
def test_the_due_date_pm705_suggests_is_four_weeks_after_the_runs_today(now: str, suggested: str) -> None:
    [found] = _item_findings(now, "PM705")
    assert found == ("PM705", 8, 5, "action item AI1 has no due date",
                     f"Add 'due:' with a date such as {suggested} (four weeks from today).")
    # The suggested date, written in, is not overdue (PM714) by the same clock.
    fixed = _ACTIONS.replace("    tracker: TODO\n", f"    tracker: TODO\n    due: {suggested}\n")
    assert [d.code for d in run(fixed, select=["PM705", "PM714"], now=now)] == []


# --- 5. a finding about a Markdown front matter ends on its last line, in every format ---------

_FRONT_MATTER = """\
---
pmkit: 1
id: 2024-03-12-cache
title: Cache outage in checkout
status: draft
lang: en
severity: SEV4
---

## Summary

The cache failed.
"""


def _check(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["check", "--select", "PM101", "--format", fmt, str(path)]) == 1
    return capsys.readouterr().out


def test_a_front_matter_finding_ends_at_the_end_of_its_last_line_in_every_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pm.md"
    path.write_text(_FRONT_MATTER, encoding="utf-8")
    [diag] = json.loads(_check(path, "json", capsys))["diagnostics"]
    # "severity: SEV4" on line 7 has 14 characters; line 8 is the closing '---'.
    found = (diag["code"], diag["line"], diag["col"], diag["end_line"], diag["end_col"])
    assert found == ("PM101", 2, 1, 7, 15)
    assert f"::error file={path},line=2,endLine=7,title=PM101 no-timeline::" in _check(path, "github", capsys)
    sarif = json.loads(_check(path, "sarif", capsys))
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 1, "endLine": 7, "endColumn": 15}
    [issue] = json.loads(_check(path, "gitlab", capsys))
    assert issue["location"]["lines"] == {"begin": 2, "end": 7}


def test_a_yaml_files_finding_still_ends_on_its_last_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: a YAML file's whole-document finding is unchanged."""
    path = tmp_path / "pm.yaml"
    path.write_text(_FRONT_MATTER.split("---\n")[1], encoding="utf-8")
    [diag] = json.loads(_check(path, "json", capsys))["diagnostics"]
    assert (diag["line"], diag["col"], diag["end_line"], diag["end_col"]) == (1, 1, 6, 15)


# --- 6. a code-shaped typo in --select gets the code it likely means ---------------------------


@pytest.mark.parametrize(("typed", "meant"), [
    ("PM3O1", "PM301"),   # the letter O for a zero (the README's example)
    ("pm1o1", "PM101"),
    ("PM10l", "PM101"),   # a lower-case L for a one
    ("PM1I0", "PM110"),   # a capital I for a one
    ("PM3011", "PM301"),  # a digit typed twice
    ("PM29", "PM209"),    # a digit missing, one code fits
])
def test_a_code_shaped_typo_gets_the_closest_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, meant: str) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(_FRONT_MATTER.split("---\n")[1], encoding="utf-8")
    assert main(["check", "--select", typed, str(path)]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: '{typed}' matches no rule code, prefix "
                                       f"or name (did you mean '{meant}'?)\n")


@pytest.mark.parametrize("typed", ["PM999", "PM19", "PM30111"])
def test_no_code_is_guessed_where_no_typo_explains_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str) -> None:
    """Guard: 'PM999' is no typo of PM903; 'PM19' could be any of several codes."""
    path = tmp_path / "pm.yaml"
    path.write_text(_FRONT_MATTER.split("---\n")[1], encoding="utf-8")
    assert main(["check", "--ignore", typed, str(path)]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: '{typed}' matches no rule code, prefix "
                                       "or name (see 'pmkit rules')\n")


def test_the_settings_say_the_same_for_a_code_shaped_typo() -> None:
    import pmkit

    with pytest.raises(pmkit.ConfigError) as raised:
        pmkit.Config(select=["PM3O1"])
    assert str(raised.value) == ("pmkit.Config: 'select' names 'PM3O1', which matches no rule "
                                 "(did you mean 'PM301'?)")


# --- 7. explain notes the severity the repository's settings give the rule ----------------------


def _explain(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             *args: str) -> str:
    monkeypatch.chdir(folder)
    assert main(["explain", *args]) == 0
    return capsys.readouterr().out


def test_explain_notes_a_severity_the_settings_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "pyproject.toml"
    settings.write_text('[tool.pmkit.severity]\nPM504 = "error"\n', encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    page = _explain(tmp_path / "postmortems", monkeypatch, capsys, "PM504")
    assert page.splitlines()[:3] == [
        "PM504 impact-not-quantified (warning, clarity)",
        f"The settings in {settings} set its severity to error.",
        "",
    ]
    entry = json.loads(_explain(tmp_path, monkeypatch, capsys, "--format", "json", "PM504"))
    assert (entry["severity"], entry["configured_severity"]) == ("warning", "error")


@pytest.mark.parametrize("settings", [None, '[tool.pmkit.severity]\nPM504 = "warning"\n',
                                      '[tool.pmkit.severity]\nPM301 = "info"\n'])
def test_explain_says_nothing_more_when_the_settings_keep_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        settings: str | None) -> None:
    """Guard: no settings, the default set again, or another rule's severity: the page as it was."""
    if settings is not None:
        (tmp_path / "pyproject.toml").write_text(settings, encoding="utf-8")
    page = _explain(tmp_path, monkeypatch, capsys, "PM504")
    assert page.splitlines()[:3] == ["PM504 impact-not-quantified (warning, clarity)", "",
                                     "A user-affecting postmortem gives no impact numbers at all."]
    entry = json.loads(_explain(tmp_path, monkeypatch, capsys, "--format", "json", "PM504"))
    assert "configured_severity" not in entry


def test_explain_takes_the_settings_named_with_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "team.toml"
    settings.write_text('[severity]\nPM504 = "info"\n', encoding="utf-8")
    page = _explain(tmp_path, monkeypatch, capsys, "--config", str(settings), "PM504")
    assert page.splitlines()[1] == f"The settings in {settings} set its severity to info."
