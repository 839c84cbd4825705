"""Throwaway git repositories for the history tests (PM6xx, ``pmkit history``), and the ``git``
programs put first on PATH that log, slow or count the git processes of a run."""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers import NOW
from pmkit.cli import main

#: The source of the pmkit under test, for the subprocesses that run it.
SRC = Path(__file__).parent.parent / "src"

#: A small published postmortem; tests edit it and look for findings at known lines.
PUBLISHED = """\
pmkit: 1
id: 2026-03-02-queue
title: Queue backlog delayed notifications
status: published
lang: en
severity: SEV2
owner: messaging lead
summary: |
  For 47 minutes, about 12,000 users got notifications late.
impact:
  users_affected: 12000
  customers_affected: 40
  data_loss: false
  metrics:
    - {name: notifications delayed, value: 80000, unit: messages}
timeline:
  - at: 2026-03-02T10:00:00Z
    milestone: impact_started
    actor: queue
    event: Consumers stalled after a config push.
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    actor: monitoring
    event: Backlog alert fired at 5,000 messages.
  - at: 2026-03-02T10:47:00Z
    milestone: resolved
    actor: messaging on-call engineer
    event: Backlog drained.
decisions:
  - id: D1
    at: 2026-03-02T10:12:00Z
    decision: Roll back the config push.
    decided_by: incident commander
contributing_factors:
  - id: CF1
    description: The config push had no canary.
disclosure:
  aware_at: 2026-03-02T10:05:00Z
  published_at: 2026-03-05T09:00:00Z
corrections: []
"""

PM = "postmortems/2026-03-02-queue.yaml"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle`` (exactly one must)."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


class GitRepo:
    """A repository in a temporary folder with a local identity and back-dated commits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Author")
        self.git("config", "user.email", "author@example.com")
        self.git("config", "commit.gpgsign", "false")

    def env(self, date: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        for key in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "GIT_DIR", "GIT_WORK_TREE",
                    "GIT_INDEX_FILE"):
            env.pop(key, None)
        if date is None:
            self.clock += 1
            date = f"2026-03-{5 + self.clock // 24:02d}T{self.clock % 24:02d}:00:00Z"
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_NOSYSTEM="1")
        return env

    def git(self, *args: str, date: str | None = None, check: bool = True) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, env=self.env(date), text=True,
                              capture_output=True, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> str:
        text = self.read(rel)
        assert old in text, old
        text = text.replace(old, new, 1)
        self.write(rel, text)
        return text

    def commit(self, message: str, *, date: str | None = None) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


def committed_here(tmp_path: Path, monkeypatch: Any, text: str) -> GitRepo:
    """A repository (the current folder) whose one commit, on 5 March 2026, publishes ``text``
    at :data:`PM`; no base from a pre-push hook's variables."""
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    monkeypatch.chdir(repo.root)
    return repo


def history_findings(capsys: Any, path: str = PM) -> tuple[int, list[dict[str, Any]]]:
    """The history rules' (PM6xx) exit code and findings for ``path`` against HEAD, no hints."""
    return pmkit_json("--select", "PM6", "--no-hints", "--base", "HEAD", path, capsys=capsys)


def published_repo(tmp_path: Path, text: str = PUBLISHED) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, text)
    repo.commit("Publish the queue postmortem", date="2026-03-05T09:00:00Z")
    return repo


def pushed_to_origin(repo: GitRepo, tmp_path: Path) -> GitRepo:
    """``repo`` with its ``main`` pushed to a bare repository ``origin`` in ``tmp_path`` (a
    remote-tracking branch ``origin/main`` holds its commits)."""
    origin = tmp_path / "origin.git"
    repo.git("init", "-q", "--bare", str(origin))
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    return repo


def published_and_pushed(tmp_path: Path) -> GitRepo:
    """:func:`published_repo`, pushed (:func:`pushed_to_origin`)."""
    return pushed_to_origin(published_repo(tmp_path), tmp_path)


#: The published postmortem with its figure revised and the correction that says so.
CORRECTED = PUBLISHED.replace("users_affected: 12000", "users_affected: 15000").replace(
    "corrections: []\n",
    "corrections:\n"
    "  - at: 2026-11-20\n"
    "    description: The first version said 12,000 users; the final count is 15,000.\n"
    "    fields: [impact.users_affected]\n")
#: CORRECTED with a second correction after the first.
SECOND = CORRECTED.replace(
    "    fields: [impact.users_affected]\n",
    "    fields: [impact.users_affected]\n  - at: 2026-11-21\n    description: Typo fixed.\n    fields: []\n")


def pushed_then_local(tmp_path: Path, pushed: str | bytes, local: str) -> GitRepo:
    """``pushed`` (text, or bytes as git stores them) committed and pushed to origin; then
    ``local`` committed and not pushed."""
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, "")
    (repo.root / PM).write_bytes(pushed if isinstance(pushed, bytes) else pushed.encode())
    repo.commit("Publish", date="2026-03-05T09:00:00Z")
    pushed_to_origin(repo, tmp_path)
    repo.write(PM, local)
    repo.commit("Local change", date="2026-03-09T09:00:00Z")
    return repo


def history_json(path: str, capsys: Any) -> tuple[int, dict[str, Any]]:
    """Run ``pmkit history --format json PATH`` and return (exit code, the trail)."""
    code = main(["history", "--format", "json", path])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def pmkit_json(*args: str, capsys: Any) -> tuple[int, list[dict[str, Any]]]:
    """Run ``pmkit check --format json ARGS`` and return (exit code, diagnostics)."""
    code = main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", *args])
    out = capsys.readouterr().out
    payload = json.loads(out)
    diags = payload["diagnostics"] if isinstance(payload, dict) else payload
    return code, diags


#: What a hook, a superproject or a CI job may leave set that points git elsewhere or changes
#: what it prints; the tests build their own repositories and clear these first.
GIT_ENV_LEFTOVERS = ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                     "GIT_TEST_ASSUME_DIFFERENT_OWNER", "GIT_CEILING_DIRECTORIES", "GIT_CONFIG_PARAMETERS",
                     "GIT_CONFIG_COUNT")


def clear_git_env(monkeypatch: Any) -> None:
    """Unset :data:`GIT_ENV_LEFTOVERS` for one test."""
    for key in GIT_ENV_LEFTOVERS:
        monkeypatch.delenv(key, raising=False)


def found(diags: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["col"]) for d in diags]


def git_that_hangs_on(folder: Path, command: str) -> Path:
    """A folder holding a 'git' that runs the real one, except that ``command`` (or every
    command: "*") never answers; put it first on PATH."""
    import shutil

    folder.mkdir()
    script = folder / "git"
    script.write_text(f"#!/bin/sh\nfor arg; do case $arg in {command}) exec sleep 60;; esac; done\n"
                      f"exec '{shutil.which('git')}' \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    return folder


#: A program that runs ``pmkit`` with git commands given up on after 1 s (as ``-c`` to python).
PMKIT_GIT_TIMEOUT_1 = ("import sys, pmkit.history; pmkit.history.GIT_TIMEOUT = 1; "
                       "from pmkit.cli import main; sys.exit(main(sys.argv[1:]))")


#: Published on 10 March as the document says; git's publication commit is dated 25 March.
EARLY = PUBLISHED.replace("published_at: 2026-03-05T09:00:00Z", "published_at: 2026-03-10T09:00:00Z")
PUBLISHED_AT = line_of(EARLY, "published_at:")


def drafted_then_published(root: Path, text: str = EARLY) -> GitRepo:
    """A draft of ``text`` committed on 5 March, published in a commit of 25 March."""
    repo = GitRepo(root)
    repo.write(PM, text.replace("status: published", "status: draft"))
    repo.commit("Draft", date="2026-03-05T10:00:00Z")
    repo.write(PM, text)
    repo.commit("Publish", date="2026-03-25T12:00:00Z")
    return repo


def superproject(tmp_path: Path, inner: GitRepo, folder: str,
                 first: tuple[str, str] = ("README", "The service.\n")) -> GitRepo:
    """A repository (``tmp_path/super``) whose first commit holds the file ``first`` (its path
    and text) and whose second adds ``inner`` as the submodule ``folder``."""
    outer = GitRepo(tmp_path / "super")
    outer.write(*first)
    outer.commit("Start")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), folder)
    outer.commit("Add the postmortems")
    return outer


def logging_git(folder: Path) -> Path:
    """A ``git`` that writes its arguments, one line per process, to ``folder/git.log`` and runs
    the real git: put first on PATH, it sees every git process of a run (gitpython's too)."""
    real = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip()
    program = Path(real) / "git"
    if not program.exists():  # an installation with git elsewhere than its exec path
        program = Path(subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                                      check=True).stdout.strip())
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{folder / "git.log"}"\nexec "{program}" "$@"\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def git_commands(repo: GitRepo, tmp_path: Path, *args: str) -> tuple[int, list[str]]:
    """Run ``pmkit check ARGS`` as a hook does (a fresh process) in ``repo``, and return its exit
    code and the git command of each git process it started (``log``, ``cat-file --batch``...)."""
    wrapper = logging_git(tmp_path / "bin")
    log = wrapper / "git.log"
    log.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "GIT_PYTHON_GIT_EXECUTABLE"}
    env.update(PATH=f"{wrapper}{os.pathsep}{env.get('PATH', '')}", PMKIT_NO_CACHE="1",
               PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--now", NOW, *args], cwd=repo.root,
                          env=env, capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    commands = [git_verb(line) for line in log.read_text(encoding="utf-8").split("\n") if line]
    # The base version's listing and what the index holds are read at once
    # (pmkit.history._together): either may start first; they are listed in the order the
    # reading asks for them.
    for at in range(len(commands) - 1):
        if commands[at:at + 2] == ["ls-files", "ls-tree"]:
            commands[at:at + 2] = ["ls-tree", "ls-files"]
    return done.returncode, commands


def git_verb(line: str) -> str:
    """``cat-file --batch``, ``log``, ...: the git command of a logged command line, its options
    before the command left out (``-c core.quotepath=off``, ``--no-optional-locks``)."""
    words = line.split(" ")
    while words and (words[0].startswith("-") or words[0].startswith("core.")):
        words.pop(0)
    return " ".join(words[:2]) if words[:1] == ["cat-file"] else words[0]


#: Every git process that opens a plain repository for a run of a few files (a hook's): HEAD and
#: whether the clone is shallow. gitpython, which is not imported for it, would add three:
#: the guard against a git that does not answer, and the two its import runs.
START = ["rev-parse"]


def hook_repo(tmp_path: Path) -> GitRepo:
    """A repository with a published postmortem, a second one, and the first edited (not
    committed), as at a commit that changes it."""
    repo = published_repo(tmp_path)
    repo.write("postmortems/2026-04-01-other.yaml", PUBLISHED.replace("2026-03-02-queue", "2026-04-01-other"))
    repo.commit("Add another postmortem")
    repo.edit(PM, "  customers_affected: 40\n", "  customers_affected: 40\n# reviewed\n")
    return repo


def many_published(root: Path, count: int) -> tuple[GitRepo, list[str]]:
    """A repository (at ``root``, which may be one already made) of ``count`` published
    postmortems, each with an id of its own, committed; and their names."""
    repo = GitRepo(root)
    names = [f"postmortems/pm{index:03d}.yaml" for index in range(count)]
    for index, name in enumerate(names):
        repo.write(name, PUBLISHED.replace("2026-03-02-queue", f"q-{index:03d}"))
    repo.commit("Publish")
    return repo, names


def raw_commit(repo: GitRepo, when: str, message: str) -> str:
    """Commit the working tree with author and committer dated ``when`` as a commit object
    holds it (``-14095800 +0000``), on top of HEAD if any: what another program, an import from
    an older system, or a newer git writes for a date before 1970, which git here refuses."""
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    head = repo.git("rev-parse", "-q", "--verify", "HEAD", check=False).strip()
    parent = f"parent {head}\n" if head else ""
    body = f"tree {tree}\n{parent}author T <t@e> {when}\ncommitter T <t@e> {when}\n\n{message}\n"
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
                         cwd=repo.root, input=body, text=True, capture_output=True, check=True).stdout.strip()
    repo.git("update-ref", "refs/heads/main", sha)
    return sha


def slow_log(folder: Path, command: str = "log") -> Path:
    """A ``git`` that runs the real one, except that ``command`` (``log``: a long history)
    writes its process id to ``folder/log.pid`` and then takes a minute: put first on PATH."""
    folder.mkdir()
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                          check=True).stdout.strip()
    script = folder / "git"
    script.write_text(
        "#!/bin/sh\n"
        f'for arg; do case $arg in {command})\n'
        f'  echo $$ > "{folder / "log.pid"}.part" && mv "{folder / "log.pid"}.part" "{folder / "log.pid"}"\n'
        "  exec sleep 60;; esac; done\n"
        f'exec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def is_running(pid: int) -> bool:
    """Whether ``pid`` is a process at work (not gone, not a zombie waiting to be reaped)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


def random_history(root: Path, seed: int) -> GitRepo:
    """Branches, merges (some discarding the other side, as ``-s ours`` does), renames and
    deletions, each branch touching only its own files so that merges never conflict."""
    rng = random.Random(seed)
    repo = GitRepo(root)
    files: dict[str, list[str]] = {"main": []}
    counter = 0

    def change(branch: str) -> None:
        nonlocal counter
        own = files[branch]
        action = rng.choice(["add", "add", "edit", "rename", "delete"]) if own else "add"
        if action == "add":
            counter += 1
            name = f"pm/{branch}-{counter}.yaml"
            repo.write(name, f"id: {branch}-{counter}\nstatus: draft\n")
            own.append(name)
        elif action == "edit":
            name = rng.choice(own)
            repo.write(name, repo.read(name) + f"note: {rng.random()}\n")
        elif action == "rename":
            old = rng.choice(own)
            counter += 1
            new = f"pm/{branch}-{counter}.yaml"
            repo.git("mv", old, new)
            own[own.index(old)] = new
        else:
            name = rng.choice(own)
            repo.git("rm", "-q", name)
            own.remove(name)
        repo.commit(f"{action} on {branch}")

    change("main")
    current = "main"

    def merge(other: str) -> None:
        how = ["-s", "ours"] if rng.random() < 0.3 else []
        repo.git("merge", "-q", "--no-edit", "--no-ff", *how, other)
        if how and other != "main":
            # Its changes were discarded here: merging it again would conflict.
            del files[other]
            repo.git("branch", "-q", "-D", other)

    for step in range(50):
        roll = rng.random()
        others = [b for b in files if b != current]
        if roll < 0.15 and len(files) < 4:
            branch = f"b{step}"
            repo.git("checkout", "-q", "-b", branch)
            files[branch] = []
            current = branch
        elif roll < 0.3 and others:
            current = rng.choice(others)
            repo.git("checkout", "-q", current)
        elif roll < 0.45 and others:
            merge(rng.choice(others))
        else:
            change(current)
    repo.git("checkout", "-q", "main")
    for other in [b for b in files if b != "main"]:
        merge(other)
    for _ in range(8):
        change("main")
    return repo
