"""A check of few files inside a repository, with the child started with the command (pmkit.early).

The command's own process reads git: the history rules' base versions, the dates of each
file's commits that the disclosure clocks weigh (``gitdates.read_ahead``) and the corrections
PM608 checks, which it hands to the child; the child applies the rules that need the model
without reading git for them. What a user sees must be what one process gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from history_git import (
    CORRECTED,
    EARLY,
    PM,
    PUBLISHED,
    GitRepo,
    clear_git_env,
    drafted_then_published,
    published_repo,
)

from helpers import EXAMPLES, FIXTURES, split_case, start_early
from pmkit import cores, early, engine, forked, gitdates, headstart
from pmkit.config import load_config
from pmkit.engine import Checker, _reads_git, model_shares, parse_now
from pmkit.gitdates import KNOWN, FileDates, file_dates, read_ahead, walks_versions
from pmkit.loader import read_document
from pmkit.rules import GIT_LOG, RunState

NOW = "2026-11-25T12:00:00Z"

needs_child = pytest.mark.skipif(not forked.can_fork() or cores.usable() < 2,
                                 reason="the child needs fork and two cores")


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Any:
    clear_git_env(monkeypatch)
    for key in ("PMKIT_JOBS", "PMKIT_NOW"):
        monkeypatch.delenv(key, raising=False)
    yield
    early.stop()
    headstart.stop_all()


def _pmkit(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {key: value for key, value in os.environ.items()
            if key not in ("PMKIT_JOBS", "PMKIT_NOW", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                           "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "pmkit", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=120, check=False)


# --- 1. what a user sees: what one process gives --------------------------------------------------

#: A correction dated before the publication it corrects (PM608), added in the working tree:
#: which corrections are new is read with the base version, in the command's process.
BACKDATED = CORRECTED.replace("at: 2026-11-20", "at: 2026-01-20")


def _published_early(root: Path) -> tuple[list[str], str]:
    """Published on 10 March, says the document; in a commit of 25 March, says git (PM412)."""
    drafted_then_published(root / "repo", EARLY)
    return [PM], "PM412"


def _corrected_before_publication(root: Path) -> tuple[list[str], str]:
    repo = published_repo(root)
    repo.write(PM, BACKDATED)
    return [PM], "PM608"


def _draft_not_committed(root: Path) -> tuple[list[str], str]:
    repo = published_repo(root)
    repo.write("postmortems/draft.yaml", PUBLISHED.replace("status: published", "status: draft")
               .replace("id: 2026-03-02-queue", "id: 2026-03-03-queue"))
    return ["postmortems/draft.yaml", PM], "PM405"


def _the_split_case(root: Path) -> tuple[list[str], str]:
    """Files of every kind (a suppression used and one unused, a file that does not parse),
    committed."""
    repo = GitRepo(root / "repo")
    split_case(root / "repo" / "pm")
    repo.commit("Add the postmortems", date="2026-02-01T09:00:00Z")
    return ["pm"], "PM301"


@needs_child
@pytest.mark.parametrize("case", [_published_early, _corrected_before_publication, _draft_not_committed,
                                  _the_split_case])
def test_inside_a_repository_the_child_reports_as_one_process(tmp_path: Path, case: Any) -> None:
    paths, code = case(tmp_path)
    args = ["check", "--format", "json", "--now", NOW, *paths]
    done = _pmkit(tmp_path / "repo", *args)
    alone = _pmkit(tmp_path / "repo", *args, PMKIT_JOBS="1")
    assert (done.returncode, done.stdout, done.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert f'"code": "{code}"' in done.stdout


def _a_batch_in_history(root: Path) -> list[str]:
    """Fixtures of every family, English and German, YAML and Markdown, committed as drafts and
    then published, some changed since (a figure, or a line added), one not committed."""
    repo = GitRepo(root / "repo")
    families = ("blameless", "clarity", "decisions", "disclosure", "learning", "timeline")
    sources = sorted(path for family in families for path in (FIXTURES / family / "bad").iterdir()
                     if path.is_file())[:30]
    sources += sorted((EXAMPLES / "postmortems").iterdir())
    names = [f"pm/{index:02d}-{source.name}" for index, source in enumerate(sources)]
    for name, source in zip(names, sources, strict=True):
        repo.write(name, source.read_text(encoding="utf-8").replace("status: published", "status: draft"))
    repo.commit("Drafts", date="2026-03-05T10:00:00Z")
    for name, source in zip(names, sources, strict=True):
        repo.write(name, source.read_text(encoding="utf-8"))
    repo.commit("Published", date="2026-03-20T10:00:00Z")
    for name in names[::4]:
        text = repo.read(name)
        repo.write(name, text.replace("users_affected: ", "users_affected: 1") if "users_affected: " in text
                   else text + "\n")
    shutil.copyfile(FIXTURES / "blameless" / "bad" / "styles-de.yaml", root / "repo" / "pm" / "new.yaml")
    assert len(names) + 1 < 40  # (few files: the early child's run, not the workers')
    return ["pm"]


@needs_child
@pytest.mark.parametrize(("select", "codes"), [
    ([], ["PM412", "PM601"]),  # (PM412: a date git contradicts; PM601: a change since the base)
    (["--select", "PM0,PM4"], ["PM412"]),  # the family hooks
    (["--select", "PM0,PM6"], ["PM601"]),
])
def test_a_batch_inside_a_repository_is_reported_as_one_process_reports_it(tmp_path: Path, select: list[str],
                                                                           codes: list[str]) -> None:
    args = ["check", "--format", "json", "--now", NOW, *select, *_a_batch_in_history(tmp_path)]
    done = _pmkit(tmp_path / "repo", *args)
    alone = _pmkit(tmp_path / "repo", *args, PMKIT_JOBS="1")
    assert (done.returncode, done.stdout, done.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert done.returncode == 1
    assert all(f'"code": "{code}"' in done.stdout for code in codes)


@needs_child
def test_the_child_is_used_inside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit import cli

    drafted_then_published(tmp_path / "repo", EARLY)
    monkeypatch.chdir(tmp_path / "repo")
    args = ["check", "--format", "json", "--now", NOW, PM]
    expected = cli.main(args), capsys.readouterr().out  # no child: the split run
    used = tmp_path / "used"
    real = engine.model_shares

    def recorded(*job: Any) -> Any:
        def ahead() -> Any:
            given = job[-1]()
            used.write_text(repr(sorted(given[KNOWN])))
            return given

        return real(*job[:-1], ahead)

    monkeypatch.setattr(engine, "model_shares", recorded)  # (before the fork: the child has it too)
    start_early(args)
    assert (cli.main(args), capsys.readouterr().out) == expected
    assert used.read_text() == repr([(PM, True)])  # the file said published: its versions were walked
    assert '"code": "PM412"' in expected[1]


@needs_child
@pytest.mark.parametrize(("count", "child_takes_blameless", "plain"), [
    (1, True, False), (engine.FEW_WITH_GIT, True, False), (engine.FEW_WITH_GIT + 1, False, False),
    (1, False, True), (engine.FEW_WITH_GIT + 1, False, True)])
def test_a_hooks_few_files_leave_blameless_phrasing_to_the_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], count: int,
        child_takes_blameless: bool, plain: bool) -> None:
    """Inside a repository read through gitpython, whose import is most of this process's share,
    the child takes the clarity rules, and, for a pre-commit hook's few files, the rules that
    read the prose (blameless phrasing, root-cause framing) too. A plain repository's few files
    are read without gitpython, and this process keeps them all, as without git. The same
    report either way."""
    from pmkit import cli

    if not plain:  # (as a repository of another kind is read: a linked worktree, a submodule)
        monkeypatch.setattr("pmkit.gitrunner.plain_repository", lambda key: None)

    repo = drafted_then_published(tmp_path / "repo", EARLY)
    blamed = EARLY.replace("status: published", "status: draft").replace(
        "summary: |\n", "summary: |\n  The outage was caused by human error.\n", 1)
    names = [f"postmortems/blamed-{number}.yaml" for number in range(count)]
    for name in names:
        repo.write(name, blamed)
    monkeypatch.chdir(repo.root)
    args = ["check", "--format", "json", "--now", NOW, *names]
    expected = cli.main(args), capsys.readouterr().out  # no child: the split run
    assert '"code": "PM301"' in expected[1]
    codes = _codes_sent_to_the_child(monkeypatch, capsys, args, expected)
    assert ("PM501" in codes) is not plain  # the clarity rules: with gitpython's import here
    assert ("PM301" in codes) is ("PM703" in codes) is child_takes_blameless


def _codes_sent_to_the_child(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                             args: list[str], expected: tuple[int, str]) -> list[str]:
    """The codes of the rules the child started with the command applies in the check ``args``,
    whose report must be ``expected`` (exit code and output: what the split run gave)."""
    from pmkit import cli

    sent: list[list[str]] = []
    real = early.Early.send

    def recorded(*job: Any) -> Any:
        sent.append(list(job[-1]))  # the codes of the rules the child applies
        return real(*job)

    monkeypatch.setattr(early.Early, "send", recorded)
    start_early(args)
    assert (cli.main(args), capsys.readouterr().out) == expected
    (codes,) = sent
    return codes


#: A summary of one long sentence of long words, which the readability formula scores (PM501).
HARD_SUMMARY = ("  Notwithstanding considerable organisational preparedness, the comprehensive "
                "infrastructural reconfiguration unexpectedly necessitated extraordinarily "
                "time-consuming administrative reauthorisation procedures affecting numerous "
                "international subscription customers simultaneously.\n")


@needs_child
@pytest.mark.parametrize("kept", [False, True])
def test_a_summary_whose_score_was_not_kept_is_scored_by_the_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kept: bool) -> None:
    """A plain repository's hook keeps the text rules in the command's process, but a summary
    just edited has no score kept from the run before: scoring it (textstat, the syllable data)
    is then the child's, whose share ends sooner. The same report either way."""
    from pmkit import cli, readability

    repo = drafted_then_published(tmp_path / "repo", EARLY)
    repo.write("postmortems/hard.yaml", EARLY.replace("status: published", "status: draft").replace(
        "summary: |\n", "summary: |\n" + HARD_SUMMARY, 1))
    monkeypatch.chdir(repo.root)
    args = ["check", "--format", "json", "--now", NOW, "postmortems/hard.yaml"]
    expected = cli.main(args), capsys.readouterr().out  # no child: the split run
    assert '"code": "PM501"' in expected[1]
    asked: list[str] = []

    def score_kept(clean: str, lang: str, metric: str) -> bool:
        asked.append(metric)
        return kept

    monkeypatch.setattr(readability, "score_kept", score_kept)
    codes = _codes_sent_to_the_child(monkeypatch, capsys, args, expected)
    assert ("PM501" in codes) is not kept
    assert "PM301" not in codes and "PM505" not in codes  # (the other text rules stay here)
    assert asked[0] == "flesch"


def test_a_rule_that_fails_to_say_its_cost_is_applied_here() -> None:
    """A rule whose :meth:`costly` raises stays in the command's process, which applies it and
    reports what went wrong there, as for any rule."""
    from pmkit.rules import Rule

    class Failing(Rule):
        code = "PM999"

        def costly(self, ctx: Any) -> bool:
            raise ValueError("no")

    checker = Checker(load_config(None))
    doc = read_document(str(EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml"))
    assert checker._costly(Failing(), [doc]) is False


# --- 2. the child's rules take the dates read here, and read no git for them ----------------------


def _no_git(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("git was read")


def test_the_dates_read_ahead_are_the_dates_a_rule_reads(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    drafted_then_published(tmp_path / "repo", EARLY)
    monkeypatch.chdir(tmp_path / "repo")
    ahead = read_ahead(RunState(paths=[PM]), [(PM, True), (PM, False)])
    assert ahead == {(PM, True): file_dates(RunState(paths=[PM]), PM, published=True),
                     (PM, False): file_dates(RunState(paths=[PM]), PM, published=False)}
    assert ahead[(PM, True)].first_published_sha and ahead[(PM, True)].walked
    assert not ahead[(PM, False)].walked
    monkeypatch.setattr(gitdates, "_compute", _no_git)
    run = RunState(paths=[PM])
    asked: list[int] = []
    run.waiting = lambda: asked.append(1) or {KNOWN: ahead}  # (waited for once, when first asked)
    assert file_dates(run, PM, published=True) == ahead[(PM, True)]
    run.document.clear()
    assert file_dates(run, PM, published=False) == ahead[(PM, False)]
    assert asked == [1]
    with pytest.raises(AssertionError, match="git was read"):  # not read ahead: read then
        file_dates(run, "postmortems/other.yaml", published=False)


def test_a_file_whose_dates_fail_ahead_is_left_to_its_rule(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = gitdates._compute

    def failing(run: RunState, path: str, *, walk: bool) -> FileDates:
        if path == "bad.yaml":
            raise OSError("no such file")
        return real(run, path, walk=walk)

    monkeypatch.setattr(gitdates, "_compute", failing)
    monkeypatch.chdir(tmp_path)
    ahead = read_ahead(RunState(), [("bad.yaml", False), ("good.yaml", False)])
    assert list(ahead) == [("good.yaml", False)]
    assert ahead[("good.yaml", False)].kind == "outside"


def test_the_childs_share_with_the_dates_reads_no_git(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    drafted_then_published(tmp_path / "repo", EARLY)
    monkeypatch.chdir(tmp_path / "repo")
    config = load_config(None)
    now = parse_now(NOW)
    checker = Checker(config, now=now)
    doc = read_document(PM)
    rules = [rule for rule in checker.rules if rule.needs_model]
    dates = Checker(config, now=now)._dates_ahead([doc], rules, True)
    assert list(dates) == [(PM, True)]
    expected = checker._examine(doc, rules)[1]
    assert "PM412" in [d.code for d in expected]
    monkeypatch.setattr(gitdates, "_compute", _no_git)
    [share] = model_shares(config, now, [PM], [doc], [rule.code for rule in rules], lambda: {KNOWN: dates})
    assert share is not None and share[0]

    def order(found: list[Any]) -> list[Any]:  # (the child applies the rules that read git last)
        return sorted(found, key=lambda d: (d.line, d.col, d.code, d.message))

    assert order(share[1]) == order(expected)


def test_no_dates_are_read_outside_a_repository_or_without_the_log(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pm.yaml").write_text(PUBLISHED)
    monkeypatch.chdir(tmp_path)
    checker = Checker(load_config(None), now=parse_now(NOW))
    doc = read_document("pm.yaml")
    model_rules = [rule for rule in checker.rules if rule.needs_model]
    in_repository = _reads_git(model_rules, ["pm.yaml"])  # (as the split asks it, once a run)
    assert not in_repository
    assert checker._dates_ahead([doc], model_rules, in_repository) == {}  # outside git
    published_repo(tmp_path, PUBLISHED)
    monkeypatch.chdir(tmp_path / "repo")
    doc = read_document(PM)
    in_repository = _reads_git(model_rules, [PM])
    assert in_repository
    assert checker._dates_ahead([doc], [rule for rule in model_rules if GIT_LOG not in rule.git],
                                in_repository) == {}
    assert list(checker._dates_ahead([doc], model_rules, in_repository)) == [(PM, True)]


@pytest.mark.parametrize(("text", "walked"), [
    ("status: published\n", True),
    ("status: draft\n", False),
    ("status: in-review\ndisclosure: {published_at: 2026-03-05T09:00:00Z}\n", True),
    ("status: draft\ndisclosure: {published_at: null}\n", False),
    ("status: draft\ndisclosure: [published_at]\n", False),
    ("- status: published\n", False),  # (no mapping: no model, no clocks)
])
def test_a_files_versions_are_walked_as_the_clocks_will_ask(tmp_path: Path, text: str, walked: bool) -> None:
    (tmp_path / "pm.yaml").write_text(text)
    assert walks_versions(read_document(str(tmp_path / "pm.yaml")).data) is walked


# --- 3. the log still being written: the other rules first ---------------------------------------


def test_a_started_command_is_pending_until_it_ends(tmp_path: Path) -> None:
    assert not headstart.pending()
    headstart.start([sys.executable, "-c", "import time; time.sleep(0.5)"], str(tmp_path), dict(os.environ))
    assert headstart.pending()
    deadline = time.monotonic() + 10
    while headstart.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not headstart.pending()
    assert engine._log_pending() is False


def test_the_corrections_pm608_checks_are_read_ahead_with_the_base_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PM608 needs the model and the file's base version (which corrections are new): the base
    is read here, for the history rules, and the child gets the answer; it reads no git."""
    from pmkit import history as git_history
    from pmkit.rules.history import ALL, NEW_CORRECTIONS

    repo = published_repo(tmp_path)
    repo.write(PM, BACKDATED)
    new = BACKDATED.replace("id: 2026-03-02-queue", "id: 2026-03-03-new")
    (tmp_path / "repo" / "new.yaml").write_text(new)
    monkeypatch.chdir(tmp_path / "repo")
    config = load_config(None)
    now = parse_now(NOW)
    checker = Checker(config, now=now)
    docs = [read_document(PM), read_document("new.yaml")]
    history = [rule for rule in checker.rules if rule.git and not rule.needs_model]
    ahead: dict[str, Any] = {}
    for doc in docs:
        checker._history_share(doc, history, True, ahead)
    assert ahead == {NEW_CORRECTIONS: {PM: [0], "new.yaml": ALL}}  # (new.yaml: not committed)
    single = Checker(config, now=now)
    rules = [rule for rule in single.rules if rule.needs_model]
    expected = [single._examine(doc, rules)[1] for doc in docs]
    assert [[d.code for d in found if d.code == "PM608"] for found in expected] == [["PM608"], ["PM608"]]
    dates = Checker(config, now=now)._dates_ahead(docs, rules, True)
    monkeypatch.setattr(gitdates, "_compute", _no_git)
    monkeypatch.setattr(git_history, "baseline", _no_git)
    shares = model_shares(config, now, [PM, "new.yaml"], docs, [rule.code for rule in rules],
                          lambda: {**ahead, KNOWN: dates})
    for share, found in zip(shares, expected, strict=True):
        assert share is not None
        assert sorted(share[1], key=str) == sorted(found, key=str)


def test_what_was_read_ahead_is_waited_for_once_when_first_asked() -> None:
    run = RunState()
    assert run.ahead("anything") is None  # nothing to wait for
    asked: list[str] = []
    run.waiting = lambda: asked.append("waited") or {"a": 1, "b": 2}
    assert asked == []
    assert (run.ahead("a"), run.ahead("b"), run.ahead("c")) == (1, 2, None)
    assert asked == ["waited"]


@needs_child
def test_a_value_cut_short_is_read_by_the_rules_themselves(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """What the child is sent of git is only a head start: a message it cannot read (cut short,
    damaged) leaves the rules to read git themselves, not to fail."""
    (tmp_path / "pm.yaml").write_text(PUBLISHED)
    monkeypatch.chdir(tmp_path)
    got = tmp_path / "got"

    def recorded(*job: Any) -> Any:
        got.write_text(repr(job[-1]()))
        return [None] * len(job[3])

    monkeypatch.setattr(engine, "model_shares", recorded)  # (before the fork: the child has it too)
    early.start(["check", "pm.yaml"])
    [started] = early._STARTED
    early._STARTED.clear()
    try:
        assert started.send(load_config(None), parse_now(NOW), ["pm.yaml"], [read_document("pm.yaml")], [])
        fd, started._ahead = started._ahead, None
        assert fd is not None
        os.write(fd, b"\x80\x05not a pickle")
        os.close(fd)
        assert started.result() == [None]
    finally:
        started.close()
    assert got.read_text() == "{}"
