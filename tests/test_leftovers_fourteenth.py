"""Open ends of earlier rounds, closed: a git that stops answering while the versions of a file
are read, and more."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from history_git import PM, PMKIT_GIT_TIMEOUT_1, git_that_hangs_on, published_repo

from helpers import prose_codes

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git")
def test_versions_from_a_cat_file_that_does_not_answer_are_given_up_on(tmp_path: Path) -> None:
    """The disclosure rules read the file's versions (when was it first published?) through
    gitpython's persistent ``cat-file``, which has no time limit: a ``cat-file`` that never
    answered held a one-file check for as long as it hung (60 s here), and then, with no
    version read, PM412 said the file is published only in the change not committed yet.
    Now the read is given up on after the limit every git command has, once for the whole
    run, and PM413 says the git dates are missing."""
    repo = published_repo(tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PATH=f"{git_that_hangs_on(tmp_path / 'bin', 'cat-file')}{os.pathsep}{env['PATH']}",
               PYTHONPATH=str(ROOT / "src"), PMKIT_NO_CACHE="1")
    started = time.monotonic()
    command = ["check", "--now", "2026-11-25T12:00:00Z", "--select", "PM4", "--no-hints", PM]
    done = subprocess.run([sys.executable, "-c", PMKIT_GIT_TIMEOUT_1, *command],
                          cwd=repo.root, env=env, capture_output=True, text=True, check=False, timeout=50)
    assert time.monotonic() - started < 30
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[:2] == [
        f"{PM}:1:1: PM413 no git evidence for disclosure dates: git cat-file failed (git did not answer "
        "within 1 s); relying on the dates in the documents (said once per run) (no-git-evidence)",
        f"{PM}:11:19: PM405 users were affected (impact.users_affected is 12,000) but no notification to "
        "customers, data-subjects or public is recorded in disclosure.notifications "
        "(no-customer-notification)",
    ]
    assert "PM412" not in done.stdout


def test_due_json_names_no_done_at_for_a_date_after_now(capsys: pytest.CaptureFixture[str]) -> None:
    """The database example is published 2018-10-30 17:00 UTC. Asked on 2018-10-27 its publish
    clock is open (the date is still to come); the JSON row said "open" and "done_at" that
    date, both. Now done_at and its evidence are null until the date has come."""
    from pmkit.cli import main

    example = str(ROOT / "examples" / "postmortems" / "2018-10-21-database-partition.yaml")

    def rows(now: str) -> dict[str, tuple[str, str | None, str | None]]:
        assert main(["due", "--all", "--format", "json", "--now", now, example]) == 0
        clocks = json.loads(capsys.readouterr().out)["clocks"]
        return {row["stage"]: (row["state"], row["done_at"], row["evidence"]) for row in clocks}

    assert rows("2018-10-27T00:00:00Z") == {
        "publish": ("open", None, None),
        "draft": ("met", "2018-10-25T12:00+00:00", "disclosure.drafted_at"),
    }
    published = ("met", "2018-10-30T17:00+00:00", "disclosure.published_at")
    assert rows("2018-10-30T17:00:00Z")["publish"] == published


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The engineer responsible has been spoken to about the deploy.", [("PM311", "has been spoken to")]),
    ("The on-call engineer was talked to by their manager.", [("PM311", "was talked to")]),
    ("Their manager has had a word with the engineer.", [("PM311", "has had a word with the engineer")]),
    ("We have had a word with the on-call engineer.",
     [("PM311", "have had a word with the on-call engineer")]),
    # near misses: not a person reprimanded
    ("The vendor was spoken to about the outage.", []),
    ("The team had a word with the on-call engineer to get context.", []),
    ("We had a word with the on-call about the timeline.", []),
    ("The API gateway has been talked to by every client since the change.", []),
])
def test_discipline_said_as_a_talk(sentence: str, expected: list[tuple[str, str]]) -> None:
    """"Has been spoken to" and "had a word with the engineer" announce a reprimand (a miss
    left from the last prose round); a vendor spoken to, or a word to get context, does not."""
    assert prose_codes(sentence) == expected


@pytest.mark.parametrize("seed", range(3))
def test_a_commit_graph_with_bloom_filters_gives_the_same_histories(tmp_path: Path, seed: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard for what docs/history.md advises for a long history: with a commit-graph holding
    changed-path Bloom filters (written by the user; pmkit never writes one) git skips commits
    by their filters, and every file of random histories with merges, renames and deletions
    has the same history, read alone and by folder."""
    import shutil

    from history_git import random_history

    import pmkit.history
    from pmkit.history import read_evidence

    plain = random_history(tmp_path / "plain", seed).root
    graphed = tmp_path / "graphed"
    shutil.copytree(plain, graphed, symlinks=True)
    subprocess.run(["git", "commit-graph", "write", "--reachable", "--changed-paths"], cwd=graphed,
                   check=True, capture_output=True)
    assert (graphed / ".git" / "objects" / "info" / "commit-graph").is_file()

    def trails(root: Path) -> list[list[tuple[str, str, str, str | None]]]:
        monkeypatch.chdir(root)
        names = sorted(str(p.relative_to(root)) for p in (root / "pm").glob("*.yaml"))
        assert names
        read = [(name, read_evidence([name])) for name in names]
        with monkeypatch.context() as patch:
            patch.setattr(pmkit.history, "FILE_SPEC_LIMIT", 0)
            folder = read_evidence(names)
        assert not folder.by_file
        read += [(name, folder) for name in names]
        return [[(c.commit.sha, c.status, c.path, c.old_path) for c in ev.history(name)] for name, ev in read]

    assert trails(graphed) == trails(plain)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Alice hätte die fehlende `WHERE`-Klausel im Review bemerken müssen.",
     [("PM309", "hätte die fehlende `WHERE`-Klausel im Review bemerken müssen")]),
    ("Der Entwickler hätte `retries` begrenzen müssen.", [("PM302", "hätte `retries` begrenzen müssen")]),
    # code is never read as prose; a quote in the bracket is someone else's words
    ("Im Log steht `hätte bemerken müssen`.", []),
    ("Der Job `cleanup` hätte die Tabelle löschen sollen.", []),
    ("Sie schrieb: \"Alice hätte das bemerken müssen\".", []),
])
def test_code_inside_a_german_verb_bracket(sentence: str, expected: list[tuple[str, str]]) -> None:
    """A German counterfactual holds its object between "hätte" and the verb; an object written
    as code stopped the pattern's words at the backtick, so the sentence passed (a miss left
    from the last prose round). A short code span is now one word of the sentence."""
    assert prose_codes(sentence, "de") == expected


@pytest.mark.parametrize(("sentence", "lang"), [
    ("`deploy-bot` should have checked the lock.", "en"),
    ("`deploy-bot` hätte den Lock prüfen müssen.", "de"),
    ("The cache was cold. `cleanup.sh` failed to rotate the logs.", "en"),  # guard: passed before
])
def test_a_subject_written_as_code_is_no_one(sentence: str, lang: str) -> None:
    """A clause whose subject is code alone (a job, a script, a bot) was read as having no
    subject, as a fragment said of the team ("Should have checked the lock."), and reported."""
    assert prose_codes(sentence, lang) == []
    assert prose_codes("Should have checked the lock.") == [("PM302", "Should have checked")]  # guard


def test_an_empty_now_is_refused_by_the_api_as_by_the_command() -> None:
    """``--now ""`` is refused; ``Checker(now="")`` (a setting read from an empty variable) ran
    against the clock in silence."""
    import pmkit

    with pytest.raises(pmkit.ConfigError, match="now: needs a timestamp or a date, not an empty string"):
        pmkit.Checker(now="")
    assert pmkit.Checker(now=None).now.tzinfo is not None  # guard: None is the clock


def test_a_diagnostic_prints_as_the_command_prints_it() -> None:
    """``print(diag)`` in a script gave the dataclass's repr of twelve fields; it is now the
    command's line. ``repr`` still shows every field."""
    import pmkit

    example = ROOT / "examples" / "postmortems" / "2025-02-14-login-outage.yaml"
    report = pmkit.check([str(example)], now="2026-11-25T12:00:00Z")
    first = report.sorted()[0]
    assert str(first) == (f"{example}:{first.line}:{first.col}: {first.code} {first.message} ({first.name})")
    assert repr(first).startswith("Diagnostic(path=")


def test_a_report_gives_the_json_document_as_data() -> None:
    """A script that wanted what ``--format json`` writes had to format and parse it again."""
    import pmkit
    from pmkit.formats.json import format_json

    report = pmkit.check([str(ROOT / "examples" / "postmortems")], now="2026-11-25T12:00:00Z")
    assert report.to_dict() == json.loads(format_json(report))
    assert report.to_dict()["summary"]["files"] == 4


def test_a_sarif_log_code_scanning_would_refuse_is_said(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Code scanning rejects a SARIF upload of more than 25,000 results, with an error in the
    upload step that names no cause in pmkit's terms; the run now says so on stderr, and how
    a baseline keeps the log small. The log is written all the same, and the exit code stays."""
    import pmkit
    from pmkit.cli import main
    from pmkit.formats import sarif

    many = pmkit.Report(diagnostics=[pmkit.Diagnostic("a.yaml", 1, 1, "PM010", "x")] * 25_000)
    assert sarif.too_many_results(many) is None
    many.diagnostics.append(pmkit.Diagnostic("a.yaml", 2, 1, "PM010", "y"))
    assert sarif.too_many_results(many) == (
        "the SARIF log holds 25,001 results; GitHub code scanning rejects an upload of more than 25,000 "
        "in a run. Record the existing findings in a baseline (pmkit check --write-baseline FILE, then "
        "--baseline FILE) so that the log holds only new ones (docs/github-actions.md)")

    example = str(ROOT / "examples" / "postmortems" / "2025-02-14-login-outage.yaml")
    monkeypatch.setattr(sarif, "CODE_SCANNING_RESULTS", 3)
    assert main(["check", "--format", "sarif", "--now", "2026-11-25T12:00:00Z", example]) == 1
    out, err = capsys.readouterr()
    assert len(json.loads(out)["runs"][0]["results"]) > 3
    assert err.startswith("pmkit: the SARIF log holds ") and "rejects an upload of more than 3 " in err
    assert main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", example]) == 1
    assert capsys.readouterr().err == ""  # only SARIF goes to code scanning


def test_a_changed_file_is_compared_where_the_user_has_no_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Whether git converts a changed file on checkout is asked only when an attributes file may
    apply, the global one under the user's home among them. A user with no home (a container's
    user without HOME or a passwd entry) made ``Path.home()`` raise, and a changed file went
    uncompared: a fact changed after publication passed in silence."""
    from history_git import clear_git_env, pmkit_json

    repo = published_repo(tmp_path)
    repo.edit(PM, "users_affected: 12000", "users_affected: 15000")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home to expand to
    code, diags = pmkit_json("--select", "PM601", PM, capsys=capsys)
    assert (code, [d["code"] for d in diags]) == (1, ["PM601"])


def test_a_rule_that_fails_is_said_whatever_the_run_selects(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """pmkit's own failure on a file (PM903) is in the catalogue, so a run that did not select
    it (the pmkit-history hook runs --select PM0,PM6) dropped it: the failing rule's findings
    were lost and the run passed, exit 0. It is now shown and the run exits 2, unless PM903 is
    ignored by name."""
    from pmkit.cli import main
    from pmkit.rules import registry

    def broken(self: object, ctx: object) -> list[object]:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(registry().by_code["PM101"], "check", broken)
    example = str(ROOT / "examples" / "postmortems" / "2018-10-21-database-partition.yaml")
    assert main(["check", "--select", "PM1", "--no-hints", "--now", "2026-11-25T12:00:00Z", example]) == 2
    assert (f"{example}:1:1: PM903 rule PM101 (no-timeline) failed: "
            "RuntimeError('broken on purpose') (internal-error)") in capsys.readouterr().out
    assert main(["check", "--select", "PM1", "--ignore", "PM903", "--now", "2026-11-25T12:00:00Z",
                 example]) == 0
    assert "PM903" not in capsys.readouterr().out


def test_a_missing_path_is_said_as_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A script's ``pmkit.check()`` where the configured folder does not exist (the command
    refuses it with exit 2 before checking) said "cannot read file: No such file or directory"
    of a folder, with no hint. (Since: a usage error, as for the command, which is raised.)"""
    import pmkit

    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        pmkit.check()
    assert str(info.value) == (f"{tmp_path / 'postmortems'}: no such file or folder; pass the postmortem "
                               "files or folders to check, set 'paths' in [tool.pmkit], or run 'pmkit init' "
                               "to create postmortems/")


def test_a_zero_context_diff_keeps_lines_that_look_like_its_header() -> None:
    """Read for the stored form of a file git converts, a diff's line removing "-- note" reads
    "--- note" and one adding "++ x" reads "+++ x": both were taken for the diff's header and
    skipped, so the stored text kept the old line (or lost the new one)."""
    from pmkit.history import apply_zero_context

    header = "diff --git a/pm.md b/pm.md\nindex 1..2 100644\n--- a/pm.md\n+++ b/pm.md\n"
    assert apply_zero_context("a\n-- note\nc\n", header + "@@ -2 +2 @@\n--- note\n+++ x\n") == "a\n++ x\nc\n"
    assert apply_zero_context("a\nb\n", header + "@@ -2 +2 @@\n-b\n+B\n") == "a\nB\n"  # guard


def test_the_history_rules_ask_for_the_runs_names_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Whether git converts a changed file on checkout is asked for all the run's files at once;
    the run's names were worked out again for each changed file, a million lookups for 1,000
    changed files (``pmkit check --select PM6``: 2 s became 9 s). The count of lookups grows
    with the files, not with their square."""
    from history_git import PUBLISHED, GitRepo, clear_git_env, pmkit_json

    import pmkit.history

    repo = GitRepo(tmp_path / "repo")
    names = [f"postmortems/pm-{i:02d}.yaml" for i in range(30)]
    for i, name in enumerate(names):
        repo.write(name, PUBLISHED.replace("2026-03-02-queue", f"2026-03-02-queue-{i:02d}"))
    repo.commit("Publish")
    for name in names:
        repo.edit(name, "users_affected: 12000", "users_affected: 15000")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    calls = []
    real = pmkit.history.GitEvidence.relative
    monkeypatch.setattr(pmkit.history.GitEvidence, "relative",
                        lambda self, path: calls.append(path) or real(self, path))
    code, diags = pmkit_json("--jobs", "1", "--select", "PM601", *names, capsys=capsys)
    assert (code, len(diags)) == (1, 30)
    assert len(calls) < 5 * len(names)
