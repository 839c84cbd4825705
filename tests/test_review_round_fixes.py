"""Fixes from a review of the round's changes: PM503's stated counts, settings that name a rule
with a typo, the timeline's unread entries, history's YAML lines, an action item's suggested
due date near the end of the calendar, ``pmkit new -o -``'s header, ``explain --config`` and the
short quotation of a value."""

from __future__ import annotations

import shlex
from pathlib import Path
from types import SimpleNamespace

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, pmkit_json

from helpers import IMPACT_DRAFT, postmortem_folder, run, vague_impact, where
from pmkit.cli import main

# 1. PM503: a number of another noun, or an HTTP status, is no count of a vague phrase.

@pytest.mark.parametrize(("description", "lang"), [
    ("Some users saw errors for a total of 40 minutes.", "en"),
    ("Einige Kunden sahen Fehler, insgesamt 40 Minuten lang.", "de"),
    ("Some users saw errors (503).", "en"),
    ("Einige Kunden sahen Fehler (503).", "de"),
    ("Einige Kunden sahen Serverfehler (503).", "de"),
    ("Some users saw (503) errors.", "en"),
])
def test_a_total_of_another_noun_or_an_http_status_leaves_the_phrase_vague(description: str,
                                                                           lang: str) -> None:
    assert vague_impact(description, lang) == [("PM503", 10, 24)]


@pytest.mark.parametrize(("description", "lang"), [
    ("Some users of API v1 (312 users) saw errors.", "en"),
    ("Some users of API v1, 312 in total, saw errors.", "en"),
    ("Some users of API v1, a total of 312, saw errors.", "en"),
    ("Some users of API v1 (about 312) saw errors.", "en"),
    ("Some users of API v1 (312) saw errors.", "en"),
    ("Some users saw errors (about 503).", "en"),
    ("Some users, 312 of them on API v1, saw errors.", "en"),
    ("Einige Nutzer der API v1, insgesamt 312, sahen Fehler.", "de"),
    ("Einige Nutzer der API v1 (312) sahen Fehler.", "de"),
])
def test_guard_a_count_of_the_phrase_still_quiets_it(description: str, lang: str) -> None:
    assert vague_impact(description, lang) == []


# 2. A rule code typed with a letter for a digit in the severity and rules tables.

def _check_with_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                         settings: str) -> tuple[int, str]:
    postmortem_folder(tmp_path, monkeypatch, "pm.yaml", IMPACT_DRAFT.replace("LANG", "en").replace(
        "DESCRIPTION", "312 users saw errors."))
    (tmp_path / "pyproject.toml").write_text(settings, encoding="utf-8")
    code = main(["check", "postmortems/pm.yaml"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("settings", "said"), [
    ('[tool.pmkit.severity]\nPM3O1 = "error"\n',
     ":2:1: severity: no rule named 'PM3O1' (did you mean 'PM301'?)"),
    ("[tool.pmkit.rules.PM3O1]\nx = 1\n", ":1:19: rules: no rule named 'PM3O1' (did you mean 'PM301'?)"),
])
def test_a_code_typed_with_a_letter_for_a_digit_is_corrected_in_the_severity_and_rules_tables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        settings: str, said: str) -> None:
    code, err = _check_with_settings(tmp_path, monkeypatch, capsys, settings)
    assert (code, err) == (2, f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}{said}\n")


def test_guard_a_prefix_is_not_offered_for_a_table_of_one_rule(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check_with_settings(tmp_path, monkeypatch, capsys, "[tool.pmkit.rules.PM3O]\nx = 1\n")
    assert (code, err) == (2, f"pmkit: configuration error: {tmp_path / 'pyproject.toml'}:1:19: rules: "
                              "no rule named 'PM3O'\n")


# 3. Timeline entries the schema dropped, before the first one read.

#: A SEV3 draft drafted on 2026-03-05 (line 10), whose timeline (TIMELINE) each test fills in.
DRAFTED = """\
pmkit: 1
id: mini
title: Errors after a release
status: draft
lang: en
severity: SEV3
owner: platform lead
authors: [Bob Lee]
summary: A release caused errors for 20 minutes.
disclosure: {drafted_at: 2026-03-05T12:00:00Z}
timeline:
TIMELINE"""

NO_EVENT = "  - {at: 2026-03-10T10:00:00Z, actor: on-call}\n"
NO_TIME = "  - {actor: on-call, event: Errors began.}\n"
LATE = "  - {at: 2026-03-20T10:00:00Z, actor: on-call, event: Rolled back.}\n"


def test_an_entry_with_no_event_is_kept_and_its_time_is_when_the_incident_began() -> None:
    """Only an entry with no time pmkit can read is dropped; one lacking its event is read."""
    found = run(DRAFTED.replace("TIMELINE", NO_EVENT + LATE), select=["PM011", "PM415"])
    assert where(found) == [("PM415", 10, 26)]
    assert "(its first timeline entry, 2026-03-10 10:00 UTC" in found[0].message


def test_an_entry_with_no_time_before_the_first_one_read_keeps_pm415_quiet() -> None:
    """It may be the start of the incident: "drafted before the incident began" would be a guess."""
    found = run(DRAFTED.replace("TIMELINE", NO_TIME + LATE), select=["PM011", "PM415"])
    assert where(found) == [("PM011", 12, 5)]


def test_guard_an_entry_with_no_time_after_the_first_one_read_leaves_pm415_on() -> None:
    found = run(DRAFTED.replace("TIMELINE", LATE + NO_TIME), select=["PM415"])
    assert where(found) == [("PM415", 10, 26)]


def test_whether_an_entry_was_dropped_before_the_first_is_told_at_once_however_long_the_timeline() -> None:
    from datetime import datetime, timedelta, timezone

    from helpers import lines_run
    from pmkit.rules.disclosure import _unread_before_first

    def work(size: int) -> int:
        start = datetime(2026, 3, 10, tzinfo=timezone.utc)
        times = [start + timedelta(minutes=size - index) for index in range(size)]  # the last is first
        doc = SimpleNamespace(model_index={("timeline",): list(range(size))})
        return lines_run(lambda: _unread_before_first(times, doc), "disclosure.py")

    assert work(2000) == work(20)


# 4. PM601's hint reads 'corrections: []' on the line YAML numbers.

def test_a_line_separator_in_a_string_does_not_hide_the_empty_flow_list_of_corrections(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # str.splitlines() split the title at U+2028: every line after it was one off, and the hint
    # no longer saw "[]" after 'corrections:'.
    clear_git_env(monkeypatch)
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, PUBLISHED.replace("title: Queue backlog delayed notifications",
                                     'title: "Queue backlog\u2028delayed notifications"'))
    repo.commit("Publish")
    monkeypatch.chdir(repo.root)
    repo.edit(PM, "users_affected: 12000", "users_affected: 11000")
    _, diags = pmkit_json("--select", "PM6", "--base", "HEAD", PM, capsys=capsys)
    assert [(d["code"], d["line"]) for d in diags] == [("PM601", 11)]
    assert diags[0]["hint"] == (
        "Published facts are corrected in the open: write 'corrections: [{at: 2026-11-25, description: "
        '"<what was wrong, what is right, why>", fields: [impact.users_affected]}]\'')



# 6. The check command in the header of a draft printed with '-o -' can be pasted into a shell.

@pytest.mark.parametrize(("lang", "fmt", "said"), [
    ("en", "yaml", "pmkit check postmortems/2026-12-07-quick-one.yaml   # once saved there"),
    ("de", "md", "pmkit check postmortems/2026-12-07-quick-one.md   # sobald dort gespeichert"),
])
def test_the_printed_drafts_check_command_pasted_into_a_shell_checks_the_suggested_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        lang: str, fmt: str, said: str) -> None:
    # "pmkit check <the file you save this as, e.g. ...>" was a redirect from a file named "the".
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert main(["new", "Quick one", "--lang", lang, "--format", fmt, "--now", "2026-12-07T09:00:00Z",
                 "-o", "-"]) == 0
    command = capfd.readouterr().out.split("\n")[3].removeprefix("#     ")
    assert command == said
    named = f"postmortems/2026-12-07-quick-one.{fmt}"
    assert shlex.split(command, comments=True) == ["pmkit", "check", named]


# 7. 'pmkit explain --config FILE' with settings that cannot be read.

def test_explain_says_what_is_wrong_with_the_settings_file_it_was_given_as_check_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The page was shown without the severity the settings were asked for, and no word of why.
    postmortem_folder(tmp_path, monkeypatch, "pm.yaml", IMPACT_DRAFT.replace("LANG", "en").replace(
        "DESCRIPTION", "312 users saw errors."))
    settings = '[tool.pmkit.severity]\nPM705 = "error"\n[tool.pmkit]\nfail-on = 3\n'
    (tmp_path / "broken.toml").write_text(settings, encoding="utf-8")
    said = ('pmkit: configuration error: broken.toml:4:11: fail-on must be one severity in quotes: "error", '
            '"warning" or "info", got 3\n')
    assert main(["explain", "--config", "broken.toml", "PM705"]) == 2
    assert capsys.readouterr() == ("", said)
    assert main(["check", "--config", "broken.toml", "postmortems/pm.yaml"]) == 2
    assert capsys.readouterr() == ("", said)


def test_guard_explain_still_shows_the_severity_a_readable_settings_file_sets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "team.toml").write_text('[tool.pmkit.severity]\nPM705 = "error"\n', encoding="utf-8")
    assert main(["explain", "--config", "team.toml", "PM705"]) == 0
    assert capsys.readouterr().out.split("\n")[:2] == [
        "PM705 action-no-due-date (warning, learning)",
        "The settings in team.toml set its severity to error.",
    ]


# 8. A long text quoted in a schema message.

def test_a_text_of_blanks_alone_is_quoted_as_its_blanks_not_as_nothing() -> None:
    from pmkit.schema import describe

    assert describe(" " * 50) == f"the text '{' ' * 40}'…"


def test_any_blank_ends_a_word_of_a_quoted_text() -> None:
    from pmkit.schema import describe

    assert describe("a" * 24 + "\u00a0" + "b" * 30) == f"the text '{'a' * 24}'…"
    assert describe("a" * 24 + "\u3000" + "b" * 30) == f"the text '{'a' * 24}'…"


def test_guard_a_text_is_still_cut_at_the_end_of_a_word() -> None:
    from pmkit.schema import describe

    assert describe("Hotfix bauen oder Flag abschalten oder auch nicht") == (
        "the text 'Hotfix bauen oder Flag abschalten oder'…")
