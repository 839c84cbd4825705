"""What earlier rounds left alone, mended in the twelfth: each test pins what a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_git import PM, clear_git_env, published_repo

from pmkit.cli import main


@pytest.fixture(autouse=True)
def _own_git(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


# --- pmkit history: a committed link whose target never existed --------------------------------

def test_history_of_a_link_to_a_missing_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    repo = published_repo(tmp_path)
    (repo.root / "postmortems" / "latest.yaml").symlink_to("2026-03-09-gone.yaml")
    repo.commit("Point latest at the next postmortem")
    monkeypatch.chdir(repo.root)

    assert main(["history", "postmortems/latest.yaml"]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("pmkit: postmortems/latest.yaml: is a symbolic link to a missing file "
                            "(2026-03-09-gone.yaml): restore the file it links to, or give the "
                            "postmortem's own name\n")


def test_history_of_a_link_to_a_postmortem_shows_the_postmortem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = published_repo(tmp_path)
    (repo.root / "postmortems" / "latest.yaml").symlink_to(Path(PM).name)
    repo.commit("Point latest at the queue postmortem")
    monkeypatch.chdir(repo.root)

    assert main(["history", "postmortems/latest.yaml"]) == 0

    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"History of {PM}: 1 commit"


# --- pmkit history --format json: the working tree's row has no date -------------------------

def test_history_json_gives_the_uncommitted_row_a_null_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = published_repo(tmp_path)
    repo.edit(PM, "about 12,000 users", "about 12,500 users")
    monkeypatch.chdir(repo.root)

    assert main(["history", "--format", "json", PM]) == 0

    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["change"], e["commit"], e["date"]) for e in entries] == [
        ("added", entries[0]["commit"], "2026-03-05T09:00:00+00:00"),
        ("uncommitted", None, None),
    ]


# --- a date or time still written as the template's placeholder --------------------------------

_DRAFT = """\
pmkit: 1
id: 2026-10-02-checkout
title: Checkout outage
status: draft
lang: en
severity: SEV2
owner: payments team lead
summary: TODO
timeline:
  - at: TBD
    milestone: detected
    actor: monitoring
    event: Checkout errors alerted.
disclosure:
  aware_at: FIXME
action_items:
  - id: A1
    title: Add a canary stage to config pushes.
    owner: platform team
    due: TBD
    tracker: JIRA-12
"""


def test_a_placeholder_for_a_date_is_one_finding_that_says_what_to_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["check", "--format", "json", "--select", "PM0", "pm.yaml"]) == 1

    found = [(d["code"], d["line"], d["col"], d["message"], d["hint"])
             for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    time_hint = ("Write the time once it is known, with its date and UTC offset, e.g. 2018-10-21T22:52:00Z "
                 "or 2018-10-21T22:52:00+02:00.")
    assert found == [
        # The summary is text: the placeholder is PM019's, as before.
        ("PM019", 8, 10, "placeholder 'TODO' left in summary (status is draft)",
         "Write what is known in its place; if it is not known yet, say so ('not known yet: ...')."),
        # A date or a time: one finding, not PM015 and PM019 at the same value.
        ("PM015", 10, 9, "'TBD' is a placeholder, not a time such as 2018-10-21T22:52:00Z", time_hint),
        ("PM015", 15, 13, "'FIXME' is a placeholder, not a time such as 2018-10-21T22:52:00Z", time_hint),
        ("PM015", 20, 10, "'TBD' is a placeholder, not a date such as 2018-11-30",
         "Write the date the owner agreed to, e.g. 2018-11-30; until one is agreed, leave 'due' out "
         "(PM705 lists the item as having no due date)."),
    ]


def test_a_date_field_with_more_than_a_placeholder_keeps_both_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # 'TBD, end of Q3' is no placeholder alone: the schema's advice for a period stays, and the
    # placeholder inside it is still PM019's.
    (tmp_path / "pm.yaml").write_text(_DRAFT.replace("due: TBD", "due: TBD end of Q3"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    main(["check", "--format", "json", "--select", "PM015,PM019", "pm.yaml"])

    found = [(d["code"], d["line"], d["message"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]
             if d["line"] == 20]
    assert found == [
        ("PM015", 20, "'TBD end of Q3' is not a date such as 2018-11-30"),
        ("PM019", 20, "placeholder 'TBD' left in action_items[0].due (status is draft)"),
    ]


# --- pmkit init beside an entry written before the repository-wide hook existed ---------------

_OLD_ENTRY = """\
repos:
  - repo: https://github.com/psf/black
    rev: 24.1.0
    hooks:
      - id: black
  - repo: https://github.com/pmkit/pmkit
    rev: v0.1.0
    hooks:
      - id: pmkit
"""
_NOTE = ("note: pmkit's entry in .pre-commit-config.yaml has no 'pmkit-history-repo' hook, which reports "
         "a published postmortem deleted or moved away (no other hook is passed a deleted file); add "
         "'- id: pmkit-history-repo' under its hooks, with no 'files:'\n")


def test_init_names_the_hook_an_old_entry_lacks_and_leaves_the_entry_as_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pre-commit-config.yaml").write_text(_OLD_ENTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["init"]) == 0
    assert capsys.readouterr().out == (
        "created postmortems/\ncreated .pmkit.toml\n" + _NOTE
        + "\nNext: run 'pre-commit install' (once per clone), then 'pmkit new --title \"...\"'.\n")
    assert (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == _OLD_ENTRY

    assert main(["init"]) == 0  # set up already: nothing to do, the note again
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n" + _NOTE


def test_init_has_no_note_for_an_entry_with_both_hooks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pre-commit-config.yaml").write_text(_OLD_ENTRY + "      - id: pmkit-history-repo\n",
                                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["init"]) == 0
    assert "note:" not in capsys.readouterr().out


# --- a folder whose postmortems are behind a link to another folder -----------------------------

_NO_FILES = ("no postmortem files in this folder (.yaml or .yml files, or Markdown files that open with "
             "front matter or have two or more of a postmortem's section headings, such as '## Summary' "
             "and '## Timeline')")


@pytest.mark.parametrize("verb", [["check"], ["due"], ["stats"]])
def test_a_folder_holding_only_a_link_to_a_folder_names_the_link(
        verb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "archive" / "2024").mkdir(parents=True)
    (tmp_path / "archive" / "2024" / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "2024").symlink_to(Path("..") / "archive" / "2024")
    monkeypatch.chdir(tmp_path)

    assert main([*verb, "postmortems"]) == 0

    assert capsys.readouterr().err == (
        f"pmkit: postmortems: {_NO_FILES}; pmkit does not follow a link to a folder: name the folder it "
        "leads to (postmortems/2024 -> ../archive/2024)\n")


def test_an_empty_folder_without_links_is_told_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "postmortems" / "2024").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)

    assert main(["check", "postmortems"]) == 0

    assert capsys.readouterr().err == f"pmkit: postmortems: {_NO_FILES}\n"


# --- --write-baseline - with standard output closed ----------------------------------------------

def test_a_baseline_for_a_closed_standard_output_is_not_said_to_be_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdout", None)  # as Python starts with '>&-'

    assert main(["check", "--write-baseline", "-", "pm.yaml"]) == 2

    assert capsys.readouterr().err == "pmkit: cannot write the baseline to standard output: it is closed\n"


def test_a_baseline_written_to_standard_output_is_still_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with monkeypatch.context() as closed:
        closed.setattr("sys.stdout", None)
        main(["check", "pm.yaml"])  # a run with stdout closed does not leave a later run thinking so
    capfd.readouterr()

    assert main(["check", "--write-baseline", "-", "--select", "PM015", "pm.yaml"]) == 0

    captured = capfd.readouterr()
    assert [f["code"] for f in json.loads(captured.out)["findings"]] == ["PM015"] * 3
    assert captured.err == "pmkit: recorded 3 findings in standard output\n"


# --- rule codes typed with full-width characters ---------------------------------------------------

@pytest.mark.parametrize(("typed", "meant"), [("PM１０１", "PM101"), ("ＰＭ７", "PM7")])
def test_a_code_in_full_width_characters_is_told_the_code_it_looks_like(
        typed: str, meant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["check", "--select", typed, "pm.yaml"]) == 2

    assert capsys.readouterr().err == (
        f"pmkit: configuration error: '{typed}' matches no rule code, prefix or name (did you mean "
        f"'{meant}'? it is written with full-width characters)\n")


def test_a_settings_file_with_a_full_width_code_is_told_the_code_it_looks_like(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text('[tool.pmkit]\nignore = ["PM７０５"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["check", "pm.yaml"]) == 2

    assert "names 'PM７０５', which matches no rule (did you mean 'PM705'? it is written with full-width " \
           "characters)" in capsys.readouterr().err


@pytest.mark.parametrize(("typed", "meant"), [
    ("PM０１３", " (did you mean 'PM013'? it is written with full-width characters)"),
    ("invalid-valeu", " (did you mean 'invalid-value'?)"),
    ("PM999", ""),
])
def test_a_suppression_naming_no_rule_is_told_the_rule_it_looks_like(
        typed: str, meant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    text = _DRAFT.replace("severity: SEV2", f"severity: high  # pmkit: ignore[{typed}] ok")
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    main(["check", "--format", "json", "--select", "PM013,PM902", "pm.yaml"])

    found = [(d["code"], d["line"], d["col"], d["message"])
             for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert found == [
        ("PM013", 6, 11, "'high' is not a valid severity"),
        ("PM902", 6, 17, f"suppression names '{typed}', which is not a rule code, prefix or name{meant}"),
    ]


# --- GIT_PYTHON_GIT_EXECUTABLE naming no git ------------------------------------------------------

def test_a_git_executable_setting_that_names_no_git_is_named(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    repo = published_repo(tmp_path)
    env = {**os.environ, "GIT_PYTHON_GIT_EXECUTABLE": str(tmp_path / "no-git")}
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(key, None)
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--format", "json", "--select", "PM600",
                           PM], cwd=repo.root, env=env, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    [finding] = json.loads(done.stdout)["diagnostics"]
    assert (finding["code"], finding["message"], finding["hint"]) == (
        "PM600",
        f"history rules (PM6xx) skipped: git is not available (GIT_PYTHON_GIT_EXECUTABLE names "
        f"'{tmp_path / 'no-git'}', which does not run as git)",
        "Point GIT_PYTHON_GIT_EXECUTABLE at the git program, or unset it to use the git on PATH: pmkit "
        "reads the history with it. The history rules then compare again.")


# --- --jobs far above the cores ------------------------------------------------------------------

@pytest.mark.parametrize(("cores", "asked", "files", "started"), [
    (2, 300, 300, 4),   # 300 processes on 2 cores took 20 s for what 2 did in 0.8 s
    (2, 3, 300, 3),     # up to 2 per core: as asked
    (8, 12, 300, 12),
    (8, 12, 5, 5),      # never more than the files
    (1, 50, 300, 2),    # one usable core (or none known): as for one
])
def test_the_workers_asked_for_are_capped_at_two_per_core(
        cores: int | None, asked: int, files: int, started: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.workers import worker_count

    monkeypatch.setattr("pmkit.cores.usable", lambda: cores)
    monkeypatch.delenv("PMKIT_JOBS", raising=False)

    assert worker_count(files, asked) == started
    monkeypatch.setenv("PMKIT_JOBS", str(asked))
    assert worker_count(files, None) == started


# --- pre-commit with a ref range in CI: a pull request's merge commit checked out ----------------

def test_a_range_whose_end_the_checked_out_merge_commit_holds_is_checked_as_merged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """'pre-commit run --from-ref <base> --to-ref <head>' in a CI job whose checkout is the pull
    request's merge commit (actions/checkout's default): the merged files are the ones to judge,
    though the postmortem changed on main too and differs from the head's version."""
    repo = published_repo(tmp_path)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("switch", "-q", "-c", "fix")
    repo.edit(PM, "title: Queue backlog delayed notifications",
              "title: Queue backlog delayed push notifications")
    head = repo.commit("Say which notifications")
    repo.git("switch", "-q", "main")
    repo.edit(PM, "owner: messaging lead", "owner: messaging team lead")
    repo.commit("Name the owning team")
    repo.git("checkout", "-q", "--detach")
    repo.git("merge", "-q", "--no-edit", "fix")
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", head)

    assert main(["check", "--format", "json", "--select", "PM0,PM6", PM]) == 0

    captured = capsys.readouterr()
    assert (json.loads(captured.out)["diagnostics"], captured.err) == ([], "")


# --- an argument of 100,000 characters is quoted by its start ------------------------------------

def test_explain_of_a_huge_code_quotes_its_start(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PM" + "3" * 100_000]) == 2

    assert capsys.readouterr().err == (
        f"pmkit: no rule 'PM{'3' * 78}… (99,922 more characters)'. See 'pmkit rules'.\n")


def test_a_huge_selector_is_quoted_by_its_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pm.yaml").write_text(_DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assert main(["check", "--select", "PM1," + "xy" * 50_000, "pm.yaml"]) == 2

    assert capsys.readouterr().err == (
        f"pmkit: configuration error: '{'xy' * 40}… (99,920 more characters)' matches no rule code, prefix "
        "or name (see 'pmkit rules')\n")


# --- the API given a mapping where names go ---------------------------------------------------------

def test_check_of_a_mapping_says_it_takes_names(tmp_path: Path) -> None:
    import pmkit

    with pytest.raises(TypeError) as raised:
        pmkit.check({str(tmp_path / "pm.yaml"): "draft"})

    assert str(raised.value) == ("paths must be file or folder names, not a dict: pass a list of the names "
                                 "(list(d) for its keys)")
