"""Fixes from the fifteenth round's own list: a key whose accent is typed as a character of
its own, and a UTF-16 file that git writes out on every checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, line_of, pmkit_json

from pmkit.loader import lookalike


def test_a_key_with_a_combining_accent_names_the_accent() -> None:
    """'státus' typed as 'a' and U+0301 (as macOS file names and some keyboards give it) is six
    letters on screen: it was not named (seven characters against 'status''s six), while the
    same key with 'á' as one character was."""
    assert lookalike("sta\u0301tus", "status") == (
        "'a\u0301' (U+0061 U+0301, latin small letter a and combining acute accent) where 'a' goes")
    assert lookalike("st\u00e1tus", "status") == (
        "'\u00e1' (U+00E1, latin small letter a with acute) where 'a' goes")
    assert lookalike("sta\u0301tu\u0301s", "status").endswith(
        "where 'a' goes, and 1 more letter outside ASCII")
    # guards: no look-alike where the letters do not line up, or only ASCII differs
    assert lookalike("sta\u0301tuss", "status") == ""
    assert lookalike("\u0301status", "status") == ""


def test_the_file_says_which_letter_of_a_key_carries_the_accent(tmp_path: Path, capsys: Any) -> None:
    text = PUBLISHED.replace("status: published", "sta\u0301tus: published")
    assert text != PUBLISHED
    (tmp_path / "pm.yaml").write_text(text, encoding="utf-8")
    code, [diag] = pmkit_json("--select", "PM010", str(tmp_path / "pm.yaml"), capsys=capsys)
    assert (code, diag["code"], diag["message"], diag["hint"]) == (
        1, "PM010", "unknown key 'sta\u0301tus' (did you mean 'status'?): it has 'a\u0301' (U+0061 U+0301, "
                 "latin small letter a and combining acute accent) where 'a' goes",
        "Retype the key as 'status', in ASCII letters.")


def test_a_utf16_file_git_checks_out_as_utf16_names_the_attribute(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """With 'working-tree-encoding=UTF-16', git stores UTF-8 and writes UTF-16 on checkout. The
    hint said only "Save the file as UTF-8.", which the next checkout undoes (and which git
    then fails to convert when the file is added); it now names the attribute."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(".gitattributes", "*.yaml text working-tree-encoding=UTF-16\n")
    repo.write(PM, "")
    (repo.root / PM).write_bytes(PUBLISHED.encode("utf-16"))
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root)
    code, diags = pmkit_json("--select", "PM004", PM, capsys=capsys)
    assert (code, [(d["code"], d["message"]) for d in diags]) == (
        1, [("PM004", "file is UTF-16 encoded; pmkit reads UTF-8")])
    assert diags[0]["hint"] == (
        "Git writes this file as UTF-16 on checkout ('working-tree-encoding=UTF-16' in .gitattributes) "
        "and stores it as UTF-8: remove that attribute for postmortems, then save the file as UTF-8.")


@pytest.mark.parametrize("in_git", [True, False])
def test_a_utf16_file_without_the_attribute_keeps_the_plain_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, in_git: bool) -> None:
    """Guard: a file saved as UTF-16 by an editor (no attribute, or no repository) is told to
    be saved as UTF-8, as before."""
    folder = GitRepo(tmp_path / "repo").root if in_git else tmp_path
    (folder / "pm.yaml").write_bytes(PUBLISHED.encode("utf-16"))
    clear_git_env(monkeypatch)
    monkeypatch.chdir(folder)
    code, [diag] = pmkit_json("--select", "PM004", "pm.yaml", capsys=capsys)
    assert (code, diag["code"], diag["hint"]) == (1, "PM004", "Save the file as UTF-8.")


def test_threads_sharing_one_checker_each_get_their_own_findings() -> None:
    """Each call of a Checker is a run with its own state, which two threads' calls replaced
    under each other: with threads switching often, some of 128 texts checked through one
    shared Checker got findings that were not theirs. Calls now take turns."""
    import sys
    import threading

    import pmkit

    examples = Path(__file__).resolve().parent.parent / "examples" / "postmortems"
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(examples.iterdir())}
    now = "2026-06-01T00:00:00Z"
    alone = {path: pmkit.Checker(now=now).check_text(text, path) for path, text in texts.items()}
    assert len({len(found) for found in alone.values()}) > 1  # different results
    shared = pmkit.Checker(now=now)
    results: list[bool] = []

    def work() -> None:
        results.extend(shared.check_text(text, path) == alone[path] for _ in range(8)
                       for path, text in texts.items())

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert results == [True] * 128


def test_a_checker_still_pickles_and_copies() -> None:
    """Guard: a Checker with its lock still pickles and deep-copies (the lock is made anew), and
    the copy checks as the original does."""
    import copy
    import pickle

    import pmkit

    checker = pmkit.Checker(now="2026-06-01T00:00:00Z")
    expected = checker.check_text(PUBLISHED, "a.yaml")
    for other in (pickle.loads(pickle.dumps(checker)), copy.deepcopy(checker)):
        assert other._lock is not checker._lock
        assert other.check_text(PUBLISHED, "a.yaml") == expected


def _script(body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import atexit, sys, threading, time\n"
                           "from pmkit.launcher import leave\n" + body],
                          capture_output=True, text=True, check=False, timeout=60)


def test_the_command_ends_after_its_exit_handlers_and_output() -> None:
    """The command ends at once when it is done (Python's teardown of every module was about
    50 ms of a one-file check): the atexit handlers (the pattern cache's save) run first and
    the output is flushed, with the command's exit code; the teardown itself is skipped (an
    object freed there says nothing)."""
    done = _script("class Freed:\n"
                   "    def __del__(self): print('torn down', file=sys.stderr)\n"
                   "kept = Freed()\n"
                   "atexit.register(print, 'handler ran', file=sys.stderr)\n"
                   "sys.stdout.write('findings\\n' * 5000)\n"
                   "leave(1)\n"
                   "sys.exit(7)\n")
    assert (done.returncode, done.stdout, done.stderr) == (1, "findings\n" * 5000, "handler ran\n")


def test_the_command_leaves_the_exit_to_python_while_a_thread_works() -> None:
    """Python's exit waits for a thread that is not a daemon; ending at once would cut it off,
    so the command returns to Python's exit then (and when the output cannot be written, which
    that exit reports)."""
    done = _script("def work():\n"
                   "    time.sleep(0.3)\n"
                   "    print('thread done', flush=True)\n"
                   "threading.Thread(target=work).start()\n"
                   "leave(0)\n"
                   "sys.exit(5)\n")
    assert (done.returncode, done.stdout) == (5, "thread done\n")
    done = _script("class Broken:\n"
                   "    def write(self, text): return len(text)\n"
                   "    def flush(self): raise BrokenPipeError\n"
                   "sys.stdout = Broken()\n"
                   "leave(0)\n"
                   "sys.stdout = sys.__stdout__\n"
                   "sys.exit(6)\n")
    assert done.returncode == 6


def test_an_interrupted_command_ends_at_once_while_a_thread_works() -> None:
    """An interrupted run (exit 130) waits for no thread: its workers were stopped, and Python's
    exit raced the worker pool's thread over its closed pipe, printing "Exception ignored in:
    <module 'threading'> ... Bad file descriptor" after Ctrl-C. The exit handlers still run."""
    done = _script("def work():\n"
                   "    time.sleep(20)\n"
                   "    print('thread done', flush=True)\n"
                   "threading.Thread(target=work).start()\n"
                   "atexit.register(print, 'handler ran', file=sys.stderr)\n"
                   "leave(130)\n"
                   "sys.exit(5)\n")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "handler ran\n")


@pytest.mark.parametrize(("args", "code"), [([], 1), (["--select", "PM999"], 2), (["--ignore", "PM"], 0)])
def test_the_command_output_and_exit_code_through_a_pipe(args: list[str], code: int) -> None:
    """The whole report reaches a reader through a pipe, with the run's exit code, when the
    process ends at once (the flawed example's JSON report, ~25 findings)."""
    import json

    examples = Path(__file__).resolve().parent.parent / "examples" / "postmortems"
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--format", "json", *args,
                           str(examples / "2025-02-14-login-outage.yaml")],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PMKIT_NO_CACHE": "1"})
    assert done.returncode == code, done.stderr
    if code != 2:
        report = json.loads(done.stdout)
        assert len(report["diagnostics"]) == (25 if code == 1 else 0)


def _many_findings(count: int) -> Any:
    from pmkit.diagnostics import Diagnostic, Report, Severity

    diags = [Diagnostic(f"pm/f{i % 200}.yaml", i % 300 + 1, 3, "PM301", f"'human error' ({i}) \u2028 \"é\"",
                        name="human-error", severity=Severity.WARNING, hint="Describe the conditions.\nThen",
                        field=f"timeline[{i % 9}].event", end_line=i % 300 + 1, end_col=20)
             for i in range(count)]
    diags.append(Diagnostic("pm/x.yaml", 2, 1, "XX1", "a code from outside the catalogue", name="custom",
                            severity=Severity.ERROR))
    return Report(diags, files=[f"pm/f{i}.yaml" for i in range(200)])


def test_the_sarif_log_is_written_as_the_standard_library_lays_it_out() -> None:
    """Guard of the layout: each result is now written as it is made (not one tree of dicts),
    and the text is the same to the byte as json.dumps(sarif_log(...), indent=2): with findings,
    a code from outside the catalogue (a rule descriptor added after the results began), text
    with line breaks and non-ASCII letters, and with no findings at all."""
    import json

    from pmkit.diagnostics import Report
    from pmkit.formats.sarif import format_sarif, sarif_log

    for report in (_many_findings(30), Report([], files=[])):
        expected = json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
        assert format_sarif(report) == expected
        json.loads(expected)


def test_a_large_sarif_log_needs_a_few_times_its_size_in_memory() -> None:
    """A log of 50,000 findings (53 MB) peaked at about 520 MB in the command: its tree of dicts
    and the standard library's pieces of text were held at once, 8.4 times the text here. Now
    about 3.5 times (the results' texts, and the log joined once)."""
    import tracemalloc

    from pmkit.formats.sarif import format_sarif

    report = _many_findings(3000)
    format_sarif(report)  # (the rule descriptors and caches, made once per process)
    tracemalloc.start()
    try:
        size = len(format_sarif(report))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * size


_LOADING = Path(__file__).parent / "fixtures" / "loading"
_FRONT = "---\npmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"


@pytest.mark.parametrize(("fixture", "expected"), [
    ("bad/second-front-matter.md", [("PM028", 18, 1, 23, 4)]),
    ("good/front-matter-and-rules.md", []),
])
def test_the_fixtures_of_pm028(fixture: str, expected: list[tuple[str, int, int, int, int]]) -> None:
    """A front matter pasted into a Markdown body set nothing in silence ('status: in-review'
    below the summary left the postmortem a draft); rules around text without the format's keys
    and a YAML block in code are not one."""
    import pmkit
    from pmkit.engine import Checker

    report = Checker(pmkit.Config(select=["PM0"]), now="2026-03-05T00:00:00Z").check_paths(
        [str(_LOADING / fixture)])
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in report.diagnostics] == expected
    for diag in report.diagnostics:
        assert diag.message == (
            "lines 18-23 are a second front matter ('status', 'authors' between '---' lines): only the "
            "front matter at the top of the file is read, so these fields set nothing, and the page shows "
            "them as text")
        assert diag.hint == ("Move these fields into the front matter at the top of the file (where a "
                             "field is there already, keep one value), or delete these lines.")


@pytest.mark.parametrize("body", [
    "## Summary\n\nText.\n\n---\nstatus: published\n...\n",  # YAML's document end closes it too
    "---\nstatus: published\n---\n\n## Summary\n\nText.\n",  # right under the front matter
])
def test_a_second_front_matter_is_found_wherever_it_stands(body: str) -> None:
    import pmkit

    found = pmkit.check_text(_FRONT + body, "pm.md", now="2026-03-05")
    assert [d.code for d in found if d.code == "PM028"] == ["PM028"]


@pytest.mark.parametrize("body", [
    "Text.\n---\nstatus: published\n---\n",  # under a paragraph: a heading's underline, then a rule
    "\n---\nNote: the limit is per region.\n---\n",  # no key of the format
    "\n---\nstatus: published\n\nMore text.\n",  # never closed
    "\n<!--\n---\nstatus: published\n---\n-->\n",  # in a comment
    "\n    ---\n    status: published\n    ---\n",  # indented code
])
def test_rules_and_examples_are_no_second_front_matter(body: str) -> None:
    """Guard: what only looks like it is not reported."""
    import pmkit

    text = _FRONT + "## Summary\n\n" + body
    assert [d.code for d in pmkit.check_text(text, "pm.md", now="2026-03-05") if d.code == "PM028"] == []


# --- GitLab's Code Quality report (--format gitlab) ----------------------------------------------


def _gitlab_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    flawed = PUBLISHED.replace("status: published", "status: published\nseverity_note: x")
    repo.write("postmortems/pm.yaml", flawed)
    clear_git_env(monkeypatch)
    monkeypatch.chdir(repo.root / "postmortems")  # run below the root: paths stay the root's
    return repo


def test_the_gitlab_report_names_each_finding_as_code_quality_reads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """GitLab merge requests show a job's Code Quality report; pmkit wrote none (the reference
    conventions name it with SARIF and GitHub's annotations)."""
    import json

    from pmkit.cli import main

    repo = _gitlab_repo(tmp_path, monkeypatch)
    line = line_of(repo.read("postmortems/pm.yaml"), "severity_note: x")
    code = main(["check", "--format", "gitlab", "--select", "PM010", "pm.yaml"])
    issues = json.loads(capsys.readouterr().out)
    assert code == 1
    [issue] = issues
    fingerprint = issue.pop("fingerprint")
    assert issue == {
        "type": "issue", "check_name": "PM010",
        "description": "PM010 unknown key 'severity_note' (did you mean 'severity'?) (unknown-key)",
        "severity": "major",
        "location": {"path": "postmortems/pm.yaml", "lines": {"begin": line, "end": line}},
        "content": {"body": issue["content"]["body"]},
    }
    assert issue["content"]["body"].startswith("Allowed keys here: pmkit, id, title")
    # the fingerprint is the SARIF log's, so both keep a finding's identity alike
    assert main(["check", "--format", "sarif", "--select", "PM010", "pm.yaml"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert fingerprint == sarif["runs"][0]["results"][0]["partialFingerprints"]["pmkitFinding/v1"]


def test_the_gitlab_report_severities_fingerprints_and_no_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import json

    from pmkit.cli import main

    repo = _gitlab_repo(tmp_path, monkeypatch)
    assert main(["check", "--format", "gitlab", "--now", "2026-06-01", "pm.yaml"]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert {issue["severity"] for issue in issues} <= {"major", "minor", "info"}
    assert {issue["severity"] for issue in issues} >= {"major"}
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)  # unique in a report
    for issue in issues:
        assert issue["location"]["path"] == "postmortems/pm.yaml"
        assert 1 <= issue["location"]["lines"]["begin"] <= issue["location"]["lines"]["end"]
    # a line added above every finding moves them, but keeps each one's fingerprint
    text = repo.read("postmortems/pm.yaml")
    repo.write("postmortems/pm.yaml", text.replace("\n", "\n# reviewed\n", 1))
    assert main(["check", "--format", "gitlab", "--now", "2026-06-01", "pm.yaml"]) == 1
    moved = json.loads(capsys.readouterr().out)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in issues]
    assert [i["location"]["lines"]["begin"] for i in moved] == [
        begin + 1 if begin > 1 else begin for begin in (i["location"]["lines"]["begin"] for i in issues)]
    repo.write("postmortems/pm.yaml", PUBLISHED)
    assert main(["check", "--format", "gitlab", "--select", "PM0", "pm.yaml"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_identical_findings_in_a_file_keep_apart_in_the_gitlab_report() -> None:
    """GitLab tells findings apart by fingerprint: two alike in one file are numbered, as the
    SARIF log numbers them; the text is json.dumps(issues, indent=2) to the byte."""
    import json

    from pmkit.diagnostics import Diagnostic, Report, Severity
    from pmkit.formats.gitlab import format_gitlab

    same = [Diagnostic("pm.yaml", line, 3, "PM301", "'human error' blames a person", name="human-error",
                       severity=Severity.WARNING) for line in (4, 9)]
    text = format_gitlab(Report(same, files=["pm.yaml"]))
    issues = json.loads(text)
    assert text == json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
    assert len({issue["fingerprint"] for issue in issues}) == 2
    assert [issue["location"]["lines"] for issue in issues] == [{"begin": 4, "end": 4},
                                                                 {"begin": 9, "end": 9}]


def test_a_code_subject_is_looked_for_only_just_before_its_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a clause's subject is code alone ('`deploy-bot` should have checked the lock')
    was asked by reading the text from its start for each phrase: a summary with 'should have
    checked and' 20,000 times took 42 s (0.9 s at 5,000 before that check, 3.7 s with it). Only
    the stretch a code subject can fill is read now; the findings are the same."""
    import re

    import pmkit
    from pmkit.prose import engine

    scanned: list[int] = []

    class Counted:
        def finditer(self, text: str, pos: int, endpos: int) -> Any:
            scanned.append(endpos - pos)
            return engine._CLAUSE_END_PATTERN.finditer(text, pos, endpos)

    monkeypatch.setattr(engine, "_CLAUSE_END_PATTERN", re.compile(r"[.!?;:]\s|\n\s*\n"), raising=False)
    monkeypatch.setattr(engine, "_CLAUSE_END", Counted())
    head = _FRONT.replace("---\n", "")  # the same fields as a YAML file
    found = pmkit.check_text(head + "summary: The engineer " + "should have checked and " * 300 + "\n",
                             "pm.yaml", now="2026-03-05")
    assert [d.code for d in found].count("PM302") == 300
    assert scanned and max(scanned) <= 200
    # a code subject is still no one, at the start of a text and after a sentence
    for summary in ("`deploy-bot` should have checked the lock.",
                    "The lock was held. `deploy-bot` should have checked it."):
        found = pmkit.check_text(head + f"summary: {summary}\n", "pm.yaml", now="2026-03-05")
        assert "PM302" not in [d.code for d in found], summary


@pytest.mark.parametrize(("fail_on", "code"), [("Warning", 1), ("WARNING", 1), ("Error", 0), ("error", 0)])
def test_fail_on_is_read_in_any_case_on_the_command_line_as_in_the_settings(
        fail_on: str, code: int, capsys: Any) -> None:
    """'fail-on = "Warning"' in the settings worked; '--fail-on Warning' was refused (exit 2)."""
    from pmkit.cli import main

    examples = Path(__file__).resolve().parent.parent / "examples" / "postmortems"
    assert main(["check", "--select", "PM111", "--fail-on", fail_on, "--now", "2026-01-01",
                 str(examples / "2025-02-14-login-outage.yaml")]) == code
    assert "PM111" in capsys.readouterr().out


def test_actions_json_gives_now_to_the_second_as_due_does(capsys: Any) -> None:
    import json

    from pmkit.cli import main

    examples = str(Path(__file__).resolve().parent.parent / "examples" / "postmortems")
    now = "2026-01-01T10:00:00.123456Z"
    for command in ("actions", "due"):
        main([command, "--format", "json", "--now", now, examples])
        assert json.loads(capsys.readouterr().out)["now"] == "2026-01-01T10:00:00+00:00", command
