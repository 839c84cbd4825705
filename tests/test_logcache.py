"""The git log kept between runs (pmkit.logcache): read on from its tip only where the result
is the very log git gives of HEAD, and what a user sees is the same with it, without it, and
with it damaged."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest
from history_git import EARLY, PM, GitRepo, clear_git_env, drafted_then_published

from pmkit import logcache
from pmkit.history import _log_environment, kept_below, log_command

NOW = "2026-11-25T12:00:00Z"


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PMKIT_NO_CACHE", raising=False)
    logcache._PLANS.clear()


def _plan(repo: GitRepo, specs: list[str]) -> logcache.Plan | None:
    """The plan of a run's log, as the reader makes it (read on after a merge too)."""
    logcache._PLANS.clear()  # (a new run)
    env = _log_environment()
    return logcache.plan_for(str(repo.root), log_command("--full-diff"), specs, env, 60,
                             kept_below(str(repo.root), env))


def _git_log(repo: GitRepo, command: list[str]) -> bytes:
    done = subprocess.run(command, cwd=repo.root, env=_log_environment(), capture_output=True, check=True)
    return done.stdout


def _read(repo: GitRepo, specs: list[str]) -> tuple[logcache.Plan, bytes]:
    """The log as a run reads it with the cache (and keeps it for the next)."""
    plan = _plan(repo, specs)
    assert plan is not None
    output = _git_log(repo, plan.command) if plan.command is not None else None
    log = logcache.combined(plan, output)
    logcache.keep(plan, log)
    return plan, log


def _whole(repo: GitRepo, specs: list[str]) -> bytes:
    return _git_log(repo, [*log_command("--full-diff"), "HEAD", "--", *specs])


def _commit(repo: GitRepo, message: str) -> None:
    repo.git("add", "-A")
    repo.git("commit", "-q", "--allow-empty", "--no-verify", "-m", message)


def _random_history(repo: GitRepo, rng: random.Random, steps: int, names: list[str]) -> None:
    """Edits, new files, renames (into and out of the names read), deletions, and branches
    merged back: a little of everything a log has to follow."""
    for step in range(steps):
        action = rng.choice(["edit", "edit", "add", "rename", "delete", "branch"])
        present = sorted(path.relative_to(repo.root).as_posix() for path in (repo.root / "pm").glob("*.yaml"))
        if action == "add" or not present:
            repo.write(f"pm/{rng.choice([*names, 'other.yaml', 'x.yaml'])}", f"v: {rng.random()}\n")
        elif action == "edit":
            repo.write(rng.choice(present), f"v: {rng.random()}\n")
        elif action == "rename":
            target = f"pm/{rng.choice([*names, 'moved.yaml'])}"
            source = rng.choice(present)
            if target not in present:
                repo.git("mv", source, target)
        elif action == "delete":
            (repo.root / rng.choice(present)).unlink()
        else:
            side = f"side{rng.randrange(10 ** 9)}"
            repo.git("checkout", "-q", "-b", side)
            repo.write(f"pm/{rng.choice(names)}", f"side: {rng.random()}\n")
            _commit(repo, f"side {step}")
            repo.git("checkout", "-q", "main")
            repo.write("pm/main.yaml", f"main: {rng.random()}\n")
            _commit(repo, f"main {step}")
            repo.git("merge", "-q", "--no-ff", "-m", f"merge {step}", side, check=False)
            if repo.git("status", "--porcelain"):  # a conflict: resolved as the side had it
                repo.git("checkout", "--theirs", "--", ".", check=False)
                _commit(repo, f"merge {step}")
            continue
        _commit(repo, f"step {step}")


def _random_start(tmp_path: Path, seed: int) -> tuple[random.Random, GitRepo, list[str], list[str]]:
    """A repository of one commit, the random choices of ``seed``, the names its random history
    writes, and the paths whose log is read (one file, two, or their folder)."""
    rng = random.Random(seed)
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    specs = [rng.choice([["pm/a.yaml"], ["pm/a.yaml", "pm/b.yaml"], ["pm"]])][0]
    return rng, repo, ["a.yaml", "b.yaml"], specs


@pytest.mark.parametrize("seed", range(8))
def test_the_log_read_on_from_its_tip_is_the_whole_log(tmp_path: Path, seed: int) -> None:
    """Whatever happened since the tip kept, the log a run gets is the log git gives of HEAD,
    byte for byte: read on where HEAD continues the tip in one line, else read whole."""
    rng, repo, names, specs = _random_start(tmp_path, seed)
    read_on = 0
    for _round in range(6):
        _random_history(repo, rng, rng.randint(0, 4), names)
        plan, log = _read(repo, specs)
        assert log == _whole(repo, specs)
        read_on += plan.kept is not None and plan.command is not None
    assert read_on  # (each seed reads on at least once)


def test_a_merge_since_the_tip_reads_on_from_the_tip_every_line_passes_through(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    tip = repo.git("rev-parse", "HEAD").strip()
    _read(repo, ["pm/a.yaml"])
    repo.git("checkout", "-q", "-b", "side")
    repo.write("pm/a.yaml", "v: side\n")
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.write("pm/b.yaml", "v: main\n")
    repo.commit("main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
    plan, log = _read(repo, ["pm/a.yaml"])
    # (the side branch and main both start at the tip: the commits since, then the kept log)
    assert plan.command == [*plan.base, plan.head, f"^{tip}", "--", "pm/a.yaml"] and plan.kept
    assert log == _whole(repo, ["pm/a.yaml"])
    # Kept at the merge: the next commit reads on.
    repo.write("pm/a.yaml", "v: after\n")
    repo.commit("after")
    plan, log = _read(repo, ["pm/a.yaml"])
    assert plan.kept is not None and plan.command is not None
    assert log == _whole(repo, ["pm/a.yaml"])


def test_a_merge_of_a_branch_older_than_the_tip_reads_on_from_where_it_began(tmp_path: Path) -> None:
    """A pull that merges a branch begun before the tip: the kept log is cut at the commit the
    branch began from (every line passes through it), its newer part dropped, and the commits
    since that commit read from git."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    fork = repo.git("rev-parse", "HEAD").strip()
    repo.git("branch", "side")
    repo.write("pm/a.yaml", "v: main\n")
    repo.commit("on main")
    kept, _ = _read(repo, ["pm/a.yaml"])
    assert kept.head != fork
    repo.git("checkout", "-q", "side")
    repo.write("pm/a.yaml", "v: side\n")
    repo.commit("on the side")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side", check=False)
    repo.write("pm/a.yaml", "v: merged\n")
    _commit(repo, "merge")
    plan, log = _read(repo, ["pm/a.yaml"])
    assert plan.command == [*plan.base, plan.head, f"^{fork}", "--", "pm/a.yaml"]
    assert plan.kept is not None and plan.kept.count(b"\x1e") == 1  # the fork's own record
    assert log == _whole(repo, ["pm/a.yaml"])


@pytest.mark.parametrize("seed", range(8, 20))
def test_logs_read_on_across_merges_are_the_whole_log(tmp_path: Path, seed: int) -> None:
    """Histories of merges above all: whatever was merged since the tip kept, the log a run
    gets is git's log of HEAD, byte for byte."""
    rng, repo, names, specs = _random_start(tmp_path, seed)
    cut_reads = 0
    for _round in range(6):
        for _step in range(rng.randint(1, 3)):
            side = f"side{rng.randrange(10 ** 9)}"
            repo.git("checkout", "-q", "-b", side, f"HEAD~{rng.randint(0, 1)}" if _round else "HEAD")
            repo.write(f"pm/{rng.choice(names)}", f"side: {rng.random()}\n")
            _commit(repo, f"side {_round}")
            repo.git("checkout", "-q", "main")
            if rng.random() < 0.7:
                repo.write(f"pm/{rng.choice(names)}", f"main: {rng.random()}\n")
                _commit(repo, f"main {_round}")
            repo.git("merge", "-q", "--no-ff", "-m", f"merge {_round}", side, check=False)
            if repo.git("status", "--porcelain"):
                repo.git("checkout", "--theirs", "--", ".", check=False)
                _commit(repo, f"merge {_round}")
        plan, log = _read(repo, specs)
        assert log == _whole(repo, specs)
        # (HEAD is a merge: read on only from a commit every line passes through)
        cut_reads += plan.command is not None and any(word.startswith("^") for word in plan.command)
    assert cut_reads >= 3


def test_a_rewritten_history_reads_the_whole_log(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    repo.write("pm/a.yaml", "v: 1\n")
    repo.commit("second")
    _read(repo, ["pm/a.yaml"])
    repo.git("reset", "-q", "--hard", "HEAD~1")  # the tip kept is no longer in the history
    repo.write("pm/a.yaml", "v: 2\n")
    repo.commit("another second")
    plan, log = _read(repo, ["pm/a.yaml"])
    assert plan.kept is None
    assert log == _whole(repo, ["pm/a.yaml"])


def test_a_run_at_the_tip_kept_runs_no_log(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    _, first = _read(repo, ["pm/a.yaml"])
    plan, again = _read(repo, ["pm/a.yaml"])
    assert plan.command is None and again == first


def test_one_commit_on_the_tip_is_read_on_with_one_question_to_git(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook's run follows one commit: HEAD's one parent is the tip kept, which the question
    for HEAD says too, so no second git process (rev-list) is started to say it. Two commits
    since the tip still ask rev-list whether they are one line."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    _read(repo, ["pm/a.yaml"])
    asked: list[str] = []
    real = logcache._git

    def counted(command: list[str], *args: object, **kwargs: object) -> bytes | None:
        asked.append(command[1])
        return real(command, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(logcache, "_git", counted)
    repo.write("pm/a.yaml", "v: 1\n")
    repo.commit("second")
    plan, log = _read(repo, ["pm/a.yaml"])
    assert asked == ["rev-parse"]
    assert plan.kept is not None and plan.command is not None and log == _whole(repo, ["pm/a.yaml"])
    asked.clear()
    for step in (2, 3):
        repo.write("pm/a.yaml", f"v: {step}\n")
        repo.commit(f"step {step}")
    plan, log = _read(repo, ["pm/a.yaml"])
    assert asked == ["rev-parse", "rev-list"]
    assert plan.kept is not None and plan.command is not None and log == _whole(repo, ["pm/a.yaml"])


def test_a_file_named_head_does_not_keep_the_log_from_being_read_on(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("HEAD", "a file, not the revision\n")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    _read(repo, ["pm/a.yaml"])
    repo.write("pm/a.yaml", "v: 1\n")
    repo.commit("second")
    plan, log = _read(repo, ["pm/a.yaml"])
    assert plan.kept is not None and plan.command is not None and log == _whole(repo, ["pm/a.yaml"])


def test_a_damaged_or_foreign_entry_is_not_read(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    plan, _ = _read(repo, ["pm/a.yaml"])
    kept = plan.entry.read_bytes()
    for damaged in (kept[:-1], kept.replace(b"pmkit-log-1", b"pmkit-log-9"), kept[:-3] + b"xyz", b""):
        plan.entry.write_bytes(damaged)
        assert _plan(repo, ["pm/a.yaml"]).kept is None  # type: ignore[union-attr]
    plan.entry.write_bytes(kept)
    assert _plan(repo, ["pm/a.yaml"]).kept is not None  # type: ignore[union-attr]
    # Written in place (an entry cut short is one of the damaged ones above): nothing else.
    assert [item.name for item in plan.entry.parent.iterdir()] == [plan.entry.name]
    if hasattr(os, "geteuid"):
        plan.entry.chmod(0o666)  # writable by others: not taken
        assert _plan(repo, ["pm/a.yaml"]).kept is None  # type: ignore[union-attr]


def test_an_entry_holds_what_it_was_read_for(tmp_path: Path) -> None:
    """An entry is for its work tree, paths and git settings: another of these is another one."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    plan, _ = _read(repo, ["pm/a.yaml"])
    assert _plan(repo, ["pm/b.yaml"]).entry != plan.entry  # type: ignore[union-attr]
    os.environ["GIT_CONFIG_PARAMETERS"] = "'diff.renames'='copies'"
    try:
        assert _plan(repo, ["pm/a.yaml"]).entry != plan.entry  # type: ignore[union-attr]
    finally:
        del os.environ["GIT_CONFIG_PARAMETERS"]
    os.environ["GIT_INDEX_FILE"] = str(repo.root / ".git" / "index")  # a hook's: the same entry
    try:
        assert _plan(repo, ["pm/a.yaml"]).entry == plan.entry  # type: ignore[union-attr]
    finally:
        del os.environ["GIT_INDEX_FILE"]


def test_no_cache_turned_off_or_outside_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    assert _plan(repo, ["pm/a.yaml"]) is None  # no commit yet
    repo.write("pm/a.yaml", "v: 0\n")
    repo.commit("first")
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    assert _plan(repo, ["pm/a.yaml"]) is None


def test_a_shallow_clone_keeps_its_log_until_its_history_is_cut_elsewhere(tmp_path: Path) -> None:
    """A shallow clone's log is kept and read on as any other (CI's clones, a developer's clone
    with --depth); deepened, its history is another, and the whole log is read again."""
    repo = GitRepo(tmp_path / "repo")
    for number in range(6):
        repo.write("pm/a.yaml", f"v: {number}\n")
        repo.commit(f"change {number}")
    shallow = GitRepo.__new__(GitRepo)
    shallow.root, shallow.clock = tmp_path / "shallow", 100
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(shallow.root)],
                   check=True)
    plan, log = _read(shallow, ["pm/a.yaml"])
    assert plan.kept is None and log == _whole(shallow, ["pm/a.yaml"])
    again, log = _read(shallow, ["pm/a.yaml"])
    assert again.command is None and log == _whole(shallow, ["pm/a.yaml"])  # kept, at HEAD
    shallow.write("pm/a.yaml", "v: 9\n")
    shallow.commit("local")
    on, log = _read(shallow, ["pm/a.yaml"])
    assert on.kept is not None and on.command is not None and "^" in " ".join(on.command)  # read on
    assert log == _whole(shallow, ["pm/a.yaml"])
    subprocess.run(["git", "fetch", "-q", "--deepen", "2"], cwd=shallow.root, check=True)
    deeper, log = _read(shallow, ["pm/a.yaml"])
    assert deeper.kept is None and deeper.entry != on.entry  # another history: read whole
    assert log == _whole(shallow, ["pm/a.yaml"]) and log.count(b"change ") == 4


def test_a_log_read_while_the_history_was_deepened_is_not_kept(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    for number in range(4):
        repo.write("pm/a.yaml", f"v: {number}\n")
        repo.commit(f"change {number}")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    shallow = GitRepo.__new__(GitRepo)
    shallow.root, shallow.clock = clone, 100
    plan = _plan(shallow, ["pm/a.yaml"])
    assert plan is not None and plan.shallow is not None
    subprocess.run(["git", "fetch", "-q", "--deepen", "1"], cwd=clone, check=True)
    logcache.keep(plan, _git_log(shallow, plan.command or []))
    assert not plan.entry.exists()


# --- what a user sees ----------------------------------------------------------------------------


def test_a_hooks_runs_report_the_same_with_the_log_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Commit after commit, as a hook runs: the report with the kept log is the report without
    it, also for the disclosure dates it weighs (the file's publication, read from git)."""
    from pmkit import cli

    repo = drafted_then_published(tmp_path / "repo", EARLY)
    monkeypatch.chdir(repo.root)
    args = ["check", "--format", "json", "--now", NOW, PM]
    read_on = 0
    for step in range(5):
        monkeypatch.setenv("PMKIT_NO_CACHE", "1")
        expected = cli.main(args), capsys.readouterr().out
        monkeypatch.delenv("PMKIT_NO_CACHE")
        plan = logcache.plan_for(str(repo.root), log_command("--full-diff"), [PM], _log_environment(), 60)
        read_on += plan is not None and plan.kept is not None and plan.command is not None
        assert (cli.main(args), capsys.readouterr().out) == expected
        assert '"code": "PM412"' in expected[1]  # (a finding from the dates git gives)
        if step == 2:  # a branch merged in: read on from the commit both lines began at
            repo.git("checkout", "-q", "-b", "side")
            repo.write("notes.md", "side\n")
            repo.commit("side")
            repo.git("checkout", "-q", "main")
            repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
        repo.write(PM, EARLY.replace("got notifications late.", f"got notifications late ({step})."))
        repo.commit(f"edit {step}")
    assert read_on >= 2
    assert list((tmp_path / "cache" / "logs").glob("*.log"))


def test_a_log_git_cannot_read_fails_in_the_words_it_has_without_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The log read from HEAD's commit id, not HEAD: where git cannot read it, the failure is
    still git's own about HEAD, as a run without the cache reports it."""
    from pmkit import cli

    repo = drafted_then_published(tmp_path / "repo", EARLY)
    monkeypatch.chdir(repo.root)
    args = ["check", "--format", "json", "--now", NOW, PM]
    cli.main(args)  # kept
    capsys.readouterr()
    repo.write(PM, EARLY.replace("got notifications late.", "got notifications late (1)."))
    head = repo.commit("edit")
    (repo.root / ".git" / "objects" / head[:2] / head[2:]).unlink()  # the commit's object lost
    expected = cli.main(args), capsys.readouterr().out
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    assert (cli.main(args), capsys.readouterr().out) == expected
    assert "git log failed (fatal: bad object HEAD)" in expected[1]


def test_git_that_answered_the_plan_is_not_asked_again_before_gitpythons_import(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard against a git that never answers (asked before gitpython's import, which waits
    for 'git version' without a time limit) has its answer when the same git, found on the same
    PATH, answered the log cache's question a moment before."""
    from pmkit import gitplace, history

    repo = GitRepo(tmp_path / "repo")
    _commit(repo, "first")
    asked: list[list[str]] = []
    real = gitplace.ask_git

    def ask(command: list[str], **options: object) -> tuple[int, bytes] | None:
        asked.append(command)
        return real(command, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(gitplace, "ask_git", ask)
    monkeypatch.setattr(gitplace, "ANSWERED", set())
    monkeypatch.delenv("GIT_PYTHON_GIT_EXECUTABLE", raising=False)
    assert history._unresponsive_git() is None
    assert asked == [["git", "version"]]  # nothing had answered yet: asked
    gitplace.ANSWERED.clear()
    asked.clear()
    assert _plan(repo, [PM]) is not None  # (the plan asks git for HEAD)
    assert asked and all(command[0] == "git" for command in asked)
    asked.clear()
    assert history._unresponsive_git() is None
    assert asked == []
    # Another PATH may find another git: that one is asked.
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert history._unresponsive_git() is None
    assert asked == [["git", "version"]]


def test_a_program_that_uses_the_library_keeps_the_log_and_nothing_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the README says: a check of the library in a repository keeps the git log in the
    cache folder's logs/, no other cache; PMKIT_NO_CACHE=1 in its environment keeps nothing."""
    import pmkit

    repo = drafted_then_published(tmp_path / "repo", EARLY)
    monkeypatch.chdir(repo.root)
    cache = tmp_path / "cache"
    expected = pmkit.check([PM], now=NOW).diagnostics
    kept = sorted(path.relative_to(cache).parent.as_posix() for path in cache.rglob("*") if path.is_file())
    assert kept and set(kept) == {"logs"}
    assert all(path.suffix == ".log" for path in (cache / "logs").iterdir())
    assert pmkit.check([PM], now=NOW).diagnostics == expected  # read on from what was kept
    for path in (cache / "logs").iterdir():
        path.unlink()
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    logcache._PLANS.clear()
    assert pmkit.check([PM], now=NOW).diagnostics == expected
    assert pmkit.check_text(repo.root.joinpath(PM).read_text(encoding="utf-8"), PM, now=NOW)
    assert list(cache.rglob("*.log")) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX matter")
def test_a_named_pipe_in_an_entrys_place_is_passed_over(tmp_path: Path) -> None:
    # Opened to write, it waited for a reader for ever, with SIGTERM and SIGHUP held: a hook
    # that only SIGKILL ended.
    import threading

    folder = tmp_path / "cache" / "logs"
    folder.mkdir(parents=True, mode=0o700)
    entry = folder / ("a" * 64 + ".log")
    os.mkfifo(entry)
    plan = logcache.Plan(head="b" * 40, command=["git", "log"], kept=None, entry=entry, key="k",
                         base=["git", "log"], specs=["x.yaml"])
    kept = threading.Thread(target=logcache.keep, args=(plan, b"commit x\n"), daemon=True)
    kept.start()
    kept.join(10)
    assert not kept.is_alive()
    assert entry.is_fifo()  # (left as it is: nothing is written there)
