"""Inputs of the tenth round: findings said twice, and reports that must line up. Each test
ends in what a user relies on: a finding's code and place, a report's text or an exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, NOW, run, where

_YAML = GOOD_EXAMPLE.read_text(encoding="utf-8")
_AI4_END = "tracker: https://github.com/github/infra/issues/4, status: done, addresses: [CF1]}"


def _line(text: str, part: str) -> int:
    return text[:text.index(part)].count("\n") + 1


def _col(text: str, part: str) -> int:
    start = text.index(part)
    return start - text.rfind("\n", 0, start)


def _wont_do(reason: str) -> str:
    assert _AI4_END in _YAML
    return _YAML.replace(_AI4_END, _AI4_END.replace("status: done", f"status: wont-do, reason: {reason}"))


def test_a_wont_do_reason_left_as_tbd_is_one_finding_at_the_placeholder() -> None:
    # `reason: TBD` got two findings: PM019 (placeholder, an error once published) at the value
    # and PM715 (wont-do without a reason) at the status. The placeholder is PM019's to say,
    # as an owner's is PM704's.
    text = _wont_do("TBD")
    line = _line(text, "reason: TBD")
    assert where(run(text, select=["PM019", "PM715"])) == [("PM019", line, _col(text, "TBD"))]
    # A non-answer that is no template placeholder is still PM715's.
    text = _wont_do("n/a")
    assert where(run(text, select=["PM019", "PM715"])) == [("PM715", line, _col(text, "wont-do"))]


_DETECTED = "    actor: monitoring\n    event: Internal monitoring alerted on a large number of faults.\n"


def _event(event: str, actor: str = "incident commander") -> str:
    assert _DETECTED in _YAML
    return _YAML.replace(_DETECTED, f"    actor: {actor}\n    event: {event}\n", 1)


@pytest.mark.parametrize("event", [
    "Our cloud provider decided to throttle the API.",
    "Our upstream provider chose to reroute traffic.",
    "Our primary failed over to the standby.",
])
def test_our_system_or_provider_acting_is_not_the_teams_decision(event: str) -> None:
    # "Our" counted as a person, so a third party's choice or a system's failover in a
    # sentence that opened with it was PM207 "describes a decision but links no decision record".
    assert where(run(_event(event), select=["PM207"])) == []


@pytest.mark.parametrize(("event", "verb"), [
    ("Our team decided to fail over.", "decided"),
    ("Our SREs decided to fail over.", "decided"),
    ("Our on-call rolled back the release.", "rolled back"),
])
def test_our_people_deciding_is_still_a_decision(event: str, verb: str) -> None:
    text = _event(event)
    assert where(run(text, select=["PM207"])) == [("PM207", _line(text, event), _col(text, verb))]


def test_the_action_item_table_lines_up_owners_written_in_wide_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Cells were padded by characters, so a Japanese owner (each character two columns wide
    # in a terminal) pushed its row's title eight columns right of the others; an owner
    # with a control character was padded before its escape made it longer.
    from pmkit.cli import main

    text = (_YAML.replace(_AI4_END, _AI4_END.replace("status: done", "status: open"))
            .replace("owner: database on-call engineer", "owner: データベース担当")
            .replace("owner: database infrastructure lead", 'owner: "db\\x1blead"')
            .replace("owner: communications lead", "owner: équipe comms")
            .replace("issues/2, status: done", "issues/2, status: open")
            .replace("issues/1, status: done", "issues/1, status: open"))
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    assert main(["actions", str(tmp_path / "pm.yaml"), "--now", "2026-11-25T00:00Z"]) == 0
    # The titles start in one terminal column, and so does every other column.
    assert capsys.readouterr().out.splitlines()[:4] == [
        "WHEN               DUE         PRI  POSTMORTEM                     ITEM  OWNER             TITLE",
        "2932 days overdue  2018-11-15  P1   2018-10-21-database-partition  AI4   データベース担当  "
        "Alert when replication lag between regions exceeds 30 seconds",
        "2917 days overdue  2018-11-30  P0   2018-10-21-database-partition  AI1   db\\x1blead        "
        "Restrict Orchestrator to promote primaries only within one region",
        "2902 days overdue  2018-12-15  P2   2018-10-21-database-partition  AI2   équipe comms      "
        "Add a status-page state for partial outages to report status accurately",
    ]


# --- PM026: a list written under an unquoted text --------------------------------------------

_SUMMARY_BLOCK = _YAML[_YAML.index("summary: |"):_YAML.index("\nimpact:")]


def _summary(summary: str) -> str:
    return _YAML.replace(_SUMMARY_BLOCK, summary, 1)


def _pm026(text: str) -> list[tuple[str, int, int, int, str, str | None]]:
    return [(d.code, d.line, d.col, d.end_col, d.message, d.hint) for d in run(text, select=["PM026"])]


def test_a_list_under_an_unquoted_summary_is_reported_at_its_first_mark() -> None:
    # YAML folds the lines of an unquoted text: this summary was the one line "Three things
    # went wrong - the alert was muted ... - the runbook ...", with no word from pmkit.
    text = _summary("summary: Three things went wrong during the partition\n"
                    "  - the alert was muted for the region\n"
                    "  - the runbook described the old topology")
    line = _line(text, "  - the alert")
    assert _pm026(text) == [(
        "PM026", line, 3, 4,
        "'summary' goes on with '- the alert was muted for the region' (and 1 more such line): YAML "
        "joins the lines of an unquoted text into one, so this is part of the text, not a list",
        "To keep the lines and the list, write it as a block: 'summary: |' with the text indented "
        "below. If the mark is part of the sentence, put the text in double quotes.")]


def test_a_nested_list_under_a_lesson_is_reported_with_the_advice_for_an_item() -> None:
    old = "  went_wrong: [Status reporting could not express a partial outage.]\n"
    text = _YAML.replace(old, "  went_wrong:\n    - Status reporting could not express a partial outage\n"
                              "      * the status page had only up and down\n")
    line = _line(text, "      * the status")
    [(code, at, col, end, message, hint)] = _pm026(text)
    assert (code, at, col, end) == ("PM026", line, 7, 8)
    assert message.startswith("'lessons.went_wrong[0]' goes on with '* the status page had only up and "
                              "down':")
    assert hint is not None and hint.startswith("Write each point as an item of its own")


@pytest.mark.parametrize("summary", [
    # A block keeps its lines: the list is a Markdown list on the page.
    "summary: |\n  Three things went wrong:\n  - the alert was muted\n  - the runbook was old",
    # Quoted: the dash is the author's.
    'summary: "Failover took 20 minutes\n  - longer than the runbook said."',
    # An unquoted text over several lines without list marks, and marks inside a line.
    "summary: Failover took 20 minutes - longer than the runbook said -\n  and 954 writes were reconciled.",
    "summary: The primary in us-east-1 was promoted at\n  23:07 after 2.5 minutes of lag.",
])
def test_texts_that_keep_or_never_had_a_list_are_quiet(summary: str) -> None:
    assert _pm026(_summary(summary)) == []


def test_a_markdown_section_with_a_nested_list_is_no_yaml_text() -> None:
    text = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    old = "### What went wrong\n"
    assert old in text
    nested = text.replace(old, old + "- The runbook was out of date\n  - step two named the old host\n", 1)
    assert run(nested, path="pm.md", select=["PM026"]) == []


# --- PM027: two postmortems with one id -----------------------------------------------------

_ID = "2018-10-21-database-partition"


def _pm027(folder: Path) -> list[tuple[str, str, int, int, str, str | None]]:
    from pmkit.config import parse_config
    from pmkit.engine import Checker

    config = parse_config({})
    config.select = ["PM027"]
    report = Checker(config, now=NOW).check_paths([str(folder)])
    return [(Path(d.path).name, d.code, d.line, d.col, d.message, d.hint) for d in report.diagnostics]


def test_a_postmortem_copied_from_another_keeps_its_id_and_is_told_which_file_has_it(tmp_path: Path) -> None:
    # Nothing compared the ids of two files: a postmortem started as a copy of an older one,
    # its id left as it was, passed, and both were one postmortem to stats and every page.
    (tmp_path / f"{_ID}.yaml").write_text(_YAML, encoding="utf-8")
    (tmp_path / "2026-12-01-checkout-errors.yaml").write_text(_YAML, encoding="utf-8")
    line, col = _line(_YAML, f"id: {_ID}"), _col(_YAML, _ID)
    assert _pm027(tmp_path) == [(
        "2026-12-01-checkout-errors.yaml", "PM027", line, col,
        f"id '{_ID}' is also the id of {tmp_path / _ID}.yaml (line {line}): a postmortem's id names it "
        "in links, pages and reports, and must be unique in the repository",
        "Give this postmortem an id of its own, the date and a few words of what happened (as 'pmkit "
        "new' writes it), and name the file after it; this file's name suggests "
        "'id: 2026-12-01-checkout-errors'.")]


def test_when_no_file_is_named_after_the_id_each_is_reported(tmp_path: Path) -> None:
    # Quoted or not, in YAML or in a Markdown front matter: the same id.
    (tmp_path / "a.yaml").write_text(_YAML.replace(f"id: {_ID}", f'id: "{_ID}"  # copied'), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_YAML, encoding="utf-8")
    markdown = (GOOD_EXAMPLE.parent / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    (tmp_path / "c.md").write_text(markdown.replace("id: 2023-06-05-cache-stampede", f"id: {_ID}"),
                                   encoding="utf-8")
    found = _pm027(tmp_path)
    assert [(name, code) for name, code, *_ in found] == [("a.yaml", "PM027"), ("b.yaml", "PM027"),
                                                          ("c.md", "PM027")]
    assert f"is also the id of {tmp_path / 'b.yaml'} (line 3) and 1 more file:" in found[0][4]
    # 'a' is a valid id no other file has: offered; so is 'c'.
    assert found[0][5] is not None and found[0][5].endswith("this file's name suggests 'id: a'.")


def test_distinct_ids_and_a_single_file_are_quiet(tmp_path: Path) -> None:
    (tmp_path / f"{_ID}.yaml").write_text(_YAML, encoding="utf-8")
    assert _pm027(tmp_path) == []
    (tmp_path / "other.yaml").write_text(_YAML.replace(f"id: {_ID}", "id: other"), encoding="utf-8")
    assert _pm027(tmp_path) == []


def test_a_pipe_among_the_files_does_not_stop_the_id_scan(tmp_path: Path) -> None:
    # The scan of the run's ids opened each file: a named pipe (a FIFO) in the folder made the
    # run wait for a writer forever. It is reported unreadable, and the run ends.
    import os
    import subprocess
    import sys

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    (tmp_path / f"{_ID}.yaml").write_text(_YAML, encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(_YAML, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM004,PM027", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert [line.split(": ")[0].rsplit("/", 1)[-1] + " " + line.split(": ")[1].split()[0]
            for line in done.stdout.splitlines() if ": PM0" in line] == ["copy.yaml:3:5 PM027",
                                                                        "pipe.yaml:1:1 PM004"]


def test_worker_processes_compare_the_ids_of_every_file_of_the_run(tmp_path: Path) -> None:
    # Each worker checks its share of the files; the ids are those of the whole run (read once,
    # before the workers start), so a copy is found whichever worker checks it.
    from pmkit.config import parse_config
    from pmkit.engine import Checker

    for number in range(6):
        (tmp_path / f"pm-{number}.yaml").write_text(_YAML.replace(f"id: {_ID}", f"id: pm-{number}"),
                                                    encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(_YAML.replace(f"id: {_ID}", "id: pm-4"), encoding="utf-8")
    config = parse_config({})
    config.select = ["PM027"]
    report = Checker(config, now=NOW).check_paths([str(tmp_path)], jobs=2)
    assert [(Path(d.path).name, d.code, d.line) for d in report.diagnostics] == [("copy.yaml", "PM027", 3)]


def test_pm014_offers_the_teams_zone_from_the_settings() -> None:
    # The hint said "or declare 'timezone: Europe/Zurich'" to a team in New York: written as
    # told, every time of the file was six hours off, with no finding left to say so.
    text = _YAML.replace("at: 2018-10-21T22:54:00Z", "at: 2018-10-21T18:54:00", 1)
    [naive] = run(text, select=["PM014"], config={"timezone": "America/New_York"})
    assert (naive.code, naive.line) == ("PM014", _line(text, "at: 2018-10-21T18:54:00"))
    assert naive.hint == ("Add an offset (2018-10-21T22:52:00Z or +02:00), or declare 'timezone: "
                          "America/New_York', the team's zone in the settings, if the times were "
                          "written in it.")
    # The default zone (UTC) is no team's choice: an example, said to be one.
    [naive] = run(text, select=["PM014"])
    assert naive.hint is not None and naive.hint.endswith("('timezone: Europe/Zurich', say).")


def test_a_hook_that_checks_only_the_copy_finds_the_postmortem_it_was_copied_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A hook passes only the commit's files: the new copy alone. Its id is compared with every
    # postmortem in the configured folders too, read from their id lines without checking them.
    from pmkit.config import parse_config
    from pmkit.engine import Checker

    folder = tmp_path / "postmortems"
    (folder / "2018").mkdir(parents=True)
    (folder / "2018" / f"{_ID}.yaml").write_text(_YAML, encoding="utf-8")
    (folder / "2026-12-01-checkout-errors.yaml").write_text(_YAML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = parse_config({})
    config.root, config.select = tmp_path, ["PM027"]
    report = Checker(config, now=NOW).check_paths(["postmortems/2026-12-01-checkout-errors.yaml"])
    assert [(d.path, d.code, d.line) for d in report.diagnostics] == [
        ("postmortems/2026-12-01-checkout-errors.yaml", "PM027", 3)]
    assert report.diagnostics[0].message.startswith(
        f"id '{_ID}' is also the id of postmortems/2018/{_ID}.yaml (line 3): ")
    # The original alone is quiet: it is the one named after its id.
    assert Checker(config, now=NOW).check_paths([f"postmortems/2018/{_ID}.yaml"]).diagnostics == []


# --- the two new rules' good and bad fixtures (tests/fixtures/loading) ---------------------------

_LOADING = Path(__file__).parent / "fixtures" / "loading"


@pytest.mark.parametrize(("fixture", "expected"), [
    ("bad/list-joined-into-text.yaml", [("list-joined-into-text.yaml", "PM026", 14, 3)]),
    ("bad/duplicate-id", [("2026-12-01-checkout-errors.yaml", "PM027", 3, 5)]),
    ("good/list-as-block.yaml", []),
    ("good/distinct-ids", []),
])
def test_the_fixtures_of_pm026_and_pm027(fixture: str, expected: list[tuple[str, str, int, int]]) -> None:
    from pmkit.config import parse_config
    from pmkit.engine import Checker

    config = parse_config({})
    config.select = ["PM026", "PM027"]
    report = Checker(config, now=NOW).check_paths([str(_LOADING / fixture)])
    assert [(Path(d.path).name, d.code, d.line, d.col) for d in report.diagnostics] == expected
