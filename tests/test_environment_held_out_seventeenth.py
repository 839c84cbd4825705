"""The command in an unusual process environment (interpreter flags, hash seeds, locales,
limits, write failures), run as a user runs it: the installed ``pmkit`` in a fresh process, in
a small repository with some history. Each run gives the same findings and exit code as a
plain run, or one message that says what is wrong."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import EXAMPLES, tool

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process environment")

ROOT = Path(__file__).parent.parent
NOW = "2026-11-25T12:00:00Z"
GERMAN = "postmortems/2024-störung-ü.yaml"


def _git(repo: Path, *args: str, date: str = "2026-01-01T00:00:00Z") -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_AUTHOR_NAME="A", GIT_COMMITTER_NAME="A",
               GIT_AUTHOR_EMAIL="a@example.com", GIT_COMMITTER_EMAIL="a@example.com")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples in three commits; the last one edits a published German postmortem (named
    with umlauts) so that its contributing factor reads differently only past its 60th
    character, and blames a colleague."""
    root = tmp_path_factory.mktemp("env") / "repo"
    folder = root / "postmortems"
    folder.mkdir(parents=True)
    _git(root, "init", "-q")
    examples = sorted((EXAMPLES / "postmortems").iterdir())
    for example in examples[:2]:
        shutil.copy(example, folder / example.name)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "first postmortems")
    for example in examples[2:]:
        shutil.copy(example, folder / example.name)
    shutil.copy(folder / "2024-03-12-zahlungsausfall.yaml", root / GERMAN)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "publish", date="2026-02-01T00:00:00Z")
    german = root / GERMAN
    text = german.read_text(encoding="utf-8")
    before = "fest hinterlegten Bundle, das von Hand gepflegt wird."
    assert before in text
    after = ("fest hinterlegten Bundle; die Ursache war menschliches Versagen, der Kollege hätte das "
             "prüfen müssen.")
    german.write_text(text.replace(before, after), encoding="utf-8")
    _git(root, "commit", "-qam", "edit", date="2026-03-01T00:00:00Z")
    return root


def _environment(**env: str | None) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("GIT_", "PYTHON", "PMKIT_"))}
    environment.update(LC_ALL="C.UTF-8", PMKIT_NO_CACHE="1")
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment


def pmkit(cwd: Path, *args: str, **env: str | None) -> subprocess.CompletedProcess[bytes]:
    """The installed ``pmkit ARGS`` in ``cwd``, as a user runs it, with ``env`` set (None: unset)."""
    program = tool("pmkit")
    assert program is not None
    done = subprocess.run([program, *args], cwd=cwd, env=_environment(**env), capture_output=True,
                          stdin=subprocess.DEVNULL, check=False, timeout=120)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    return done


# --- python -OO: no docstrings --------------------------------------------------------------


@pytest.mark.parametrize("args", [["explain", "PM301"], ["explain", "--format", "json", "PM710"], ["rules"],
                                  ["rules", "--format", "markdown"], ["schema"],
                                  ["check", "--format", "sarif", "--now", NOW]])
def test_rule_pages_and_the_schema_are_whole_where_python_drops_docstrings(repo: Path,
                                                                          args: list[str]) -> None:
    """PYTHONOPTIMIZE=2 (python -OO) runs without docstrings, which are the rules' pages and
    the models' descriptions: 'pmkit explain PM301' printed its title line alone, 'pmkit rules'
    an empty description column, 'pmkit schema' a schema without descriptions and SARIF rules
    without theirs. They are now read from the source, and every output is the same."""
    plain = pmkit(repo, *args)
    optimized = pmkit(repo, *args, PYTHONOPTIMIZE="2")
    assert (optimized.returncode, optimized.stdout, optimized.stderr) == (
        plain.returncode, plain.stdout, plain.stderr)
    if args == ["rules", "--format", "markdown"]:
        assert optimized.stdout.decode("utf-8") == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    if args == ["schema"]:
        assert json.loads(optimized.stdout) == json.loads(
            (ROOT / "schemas" / "postmortem.schema.json").read_text(encoding="utf-8"))


def test_the_page_of_a_rule_under_python_oo(repo: Path) -> None:
    page = pmkit(repo, "explain", "PM301", PYTHONOPTIMIZE="2").stdout.decode("utf-8").splitlines()
    assert page[:3] == ["PM301 human-error (error, blameless phrasing)", "",
                        "\"Human error\" framing: a person named as the cause of the incident."]


# --- PYTHONHASHSEED: every output the same ------------------------------------------------------


CHANGED = ('    contributing_factors[CF1].description: "…Bundle, das von Hand gepflegt wird." → '
           '"…Bundle; die Ursache war menschliches Versagen, der Kollege …"   '
           '[SILENT: no correction declares it]')


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_history_shows_where_two_long_statements_differ_whatever_the_hash_seed(repo: Path, fmt: str) -> None:
    """A contributing factor edited past its 60th character has the same snippet before and after:
    'pmkit history' told them apart by their sets of word stems, written as Python writes a
    frozenset ("(frozenset({'payme', 'bundl', ...}))"), whose order changed with PYTHONHASHSEED.
    Each is now shown from the word where they part, the same in every run."""
    runs = [pmkit(repo, "history", "--format", fmt, GERMAN, PYTHONHASHSEED=seed) for seed in ("1", "2", "77")]
    assert {(done.returncode, done.stdout, done.stderr) for done in runs} == {(0, runs[0].stdout, b"")}
    if fmt == "text":
        assert runs[0].stdout.decode("utf-8").splitlines()[-1] == CHANGED
    else:
        [fact] = json.loads(runs[0].stdout)["entries"][-1]["facts"]
        assert (fact["old"], fact["new"]) == (
            '"…Bundle, das von Hand gepflegt wird."',
            '"…Bundle; die Ursache war menschliches Versagen, der Kollege …"')


@pytest.mark.parametrize("args", [["check", "--format", "json"], ["check", "--format", "sarif"],
                                  ["check", "--format", "gitlab"], ["check", "--format", "github"],
                                  ["due", "--format", "json"], ["actions", "--format", "json"],
                                  ["stats", "--format", "json"]])
def test_guard_reports_are_byte_identical_across_hash_seeds(repo: Path, args: list[str]) -> None:
    """Guard: the reports for programs (JSON, SARIF, GitLab, GitHub) keep their order whatever
    the hash seed."""
    runs = [pmkit(repo, *args, "--now", NOW, PYTHONHASHSEED=seed) for seed in ("1", "4242")]
    assert len({(done.returncode, done.stdout) for done in runs}) == 1
    assert runs[0].returncode in (0, 1)


# --- writes that fail: a full disk, a file size limit -----------------------------------------


def _file_size_limit(size: int) -> Callable[[], None]:
    """For preexec_fn: a limit on the size of a file the process writes (``ulimit -f``); past it
    a write fails with EFBIG, as on a full disk, since Python ignores SIGXFSZ."""
    import resource  # (POSIX only)

    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def _run_limited(cwd: Path, size: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    program = tool("pmkit")
    assert program is not None
    return subprocess.run([program, *args], cwd=cwd, env=_environment(), capture_output=True, check=False,
                          stdin=subprocess.DEVNULL, timeout=120, preexec_fn=_file_size_limit(size))


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if ".git" not in path.parts)


def test_init_that_cannot_write_a_file_names_the_file(tmp_path: Path) -> None:
    """'pmkit init: File too large' (or 'No space left on device') named no file: a failed write
    has none in its error. It now names the file it was setting up; nothing half-written is left."""
    _git(tmp_path, "init", "-q")
    done = _run_limited(tmp_path, 0, "init")
    assert (done.returncode, done.stdout.decode(), done.stderr.decode()) == (
        2, "created postmortems/\n",
        "pmkit init: cannot write .pmkit.toml: File too large\n")
    assert _files(tmp_path) == ["postmortems", "postmortems/.gitkeep"]


# --- limits of open files and processes: the worker processes ------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    """``repo`` with 40 more postmortems, committed: enough files for worker processes."""
    root = tmp_path_factory.mktemp("many") / "repo"
    shutil.copytree(repo, root, symlinks=True)
    text = (EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml").read_text(encoding="utf-8")
    for number in range(40):
        (root / "postmortems" / f"pm-{number:02}.yaml").write_text(
            text.replace("id: 2025-02-14-login-outage", f"id: pm-{number:02}"), encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "more", date="2026-04-01T00:00:00Z")
    return root


def _open_files_limit(soft: int, hard: int | None = None) -> Callable[[], None]:
    import resource  # (POSIX only)

    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, soft if hard is None else hard))


def _run_with_open_files(cwd: Path, soft: int, hard: int | None, *args: str,
                         **env: str) -> subprocess.CompletedProcess[bytes]:
    program = tool("pmkit")
    assert program is not None
    return subprocess.run([program, *args], cwd=cwd, env=_environment(**env), capture_output=True,
                          check=False, stdin=subprocess.DEVNULL, timeout=120,
                          preexec_fn=_open_files_limit(soft, hard))


@pytest.mark.parametrize("limit", [16, 20, 24])
def test_a_low_limit_of_open_files_gives_the_findings_of_a_plain_run(many: Path, limit: int) -> None:
    """Under 'ulimit -n 20' two workers (PMKIT_JOBS=2) could not start their git: each version
    they read was taken as one that does not exist, and PM412 errors said the files became
    published only in the change not committed yet. Under 'ulimit -n 16' the pool's own pipes
    failed: an internal error whose report failed too, a traceback and exit code 1. Workers
    are now started only as far as the limit leaves room, and the findings are a plain run's."""
    plain = pmkit(many, "check", "--now", NOW)
    assert plain.stdout.decode("utf-8").splitlines()[-1] == (
        "Found 166 errors, 821 warnings, 42 infos in 42 of 45 files.")
    done = _run_with_open_files(many, limit, None, "check", "--now", NOW, PMKIT_JOBS="2")
    assert (done.returncode, done.stdout, done.stderr) == (1, plain.stdout, b"")


TOO_FEW = ("pmkit: the limit of open files is {} ('ulimit -n'), too few for pmkit, which needs 16 (git's "
           "pipes, the files it reads); raise it, e.g. with 'ulimit -n 1024', and run pmkit again\n")


@pytest.mark.parametrize("limit", [8, 12])
def test_a_limit_of_open_files_too_low_for_a_run_is_said_with_how_to_raise_it(repo: Path, limit: int) -> None:
    """Under 'ulimit -n 12' git could not be asked for every older version, and each one it
    could not give was taken as one that does not exist (PM412 errors in a clean repository);
    under 8, PM413 and PM600 said "git is not available ... Install git", and a rule failed
    with an internal error. One message now says what to raise, and nothing is checked."""
    done = _run_with_open_files(repo, limit, None, "check", "--now", NOW)
    assert (done.returncode, done.stdout, done.stderr.decode()) == (2, b"", TOO_FEW.format(limit))


def test_a_low_soft_limit_of_open_files_is_raised_within_the_hard_one(repo: Path) -> None:
    """'ulimit -Sn 8' under a hard limit of 4096: the run raises its own soft limit (as Go
    programs do) and finds what a plain run finds."""
    plain = pmkit(repo, "check", "--now", NOW)
    done = _run_with_open_files(repo, 8, 4096, "check", "--now", NOW)
    assert (done.returncode, done.stdout, done.stderr) == (1, plain.stdout, b"")


#: pmkit with fork failing, as under a limit of processes ('ulimit -u', which root is exempt
#: from): the workers and the second process for the text rules cannot be started.
NO_FORK = ("import errno, os, sys\n"
           "def fork(): raise BlockingIOError(errno.EAGAIN, 'Resource temporarily unavailable')\n"
           "os.fork = fork\n"
           "from pmkit.launcher import run\n"
           "sys.exit(run())\n")


def test_workers_that_cannot_be_forked_leave_their_files_to_the_run(many: Path) -> None:
    """A fork that fails (EAGAIN) raised out of the process pool as an internal error, exit 2."""
    plain = pmkit(many, "check", "--now", NOW, "--format", "json")
    done = subprocess.run([sys.executable, "-c", NO_FORK, "check", "--now", NOW, "--format", "json"],
                          cwd=many, env=_environment(PMKIT_JOBS="2"), capture_output=True, check=False,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, plain.stdout, b"")


# --- interpreter flags -----------------------------------------------------------------------------


def test_python_bb_with_the_pattern_cache_checks_as_a_plain_run(repo: Path, tmp_path: Path) -> None:
    """'python -bb' makes comparing str with bytes an error: the pattern cache keeps str and bytes
    patterns as keys of one dict (equal text hashes alike), and reading it raised BytesWarning
    out of the first pattern compiled: a traceback and exit code 1, as if the files had
    findings. The cache is not used under -b or -bb, and the run is a plain run."""
    cache = {"PMKIT_NO_CACHE": None, "PMKIT_CACHE_DIR": str(tmp_path / "cache")}
    plain = pmkit(repo, "check", "--now", NOW, **cache)
    assert pmkit(repo, "check", "--now", NOW, **cache).stdout == plain.stdout  # (from the cache)
    done = subprocess.run([sys.executable, "-bb", "-m", "pmkit", "check", "--now", NOW], cwd=repo,
                          env=_environment(**cache), capture_output=True, check=False,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, plain.stdout, b"")


# --- signals while a file is written ----------------------------------------------------------------


#: pmkit with ``SIGNAL`` sent to itself when the file it writes is flushed to the disk: the
#: moment a temporary file stands beside the user's, which the rename then replaces.
SIGNALLED = ("import os, signal, sys\n"
             "os.fsync = lambda fd: os.kill(os.getpid(), signal.{})\n"
             "from pmkit.launcher import run\n"
             "sys.exit(run())\n")

WRITERS = {
    "render": (["render", "postmortems/2018-10-21-database-partition.yaml", "-o", "page.md"], "page.md"),
    "new": (["new", "--title", "Disk full", "--date", "2026-11-20", "--now", NOW],
            "postmortems/2026-11-20-disk-full.yaml"),
    "baseline": (["check", "--now", NOW, "--write-baseline", "baseline.json"], "baseline.json"),
    "init": (["init"], ".pmkit.toml"),
}


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("verb", list(WRITERS))
def test_a_signal_while_a_file_is_written_leaves_it_whole_and_no_temporary_file(
        repo: Path, tmp_path: Path, verb: str, name: str) -> None:
    """SIGTERM (a CI job cancelled, a timeout) or SIGHUP (a closed terminal) while the file was
    written ended the process there: '.page.md.f1xruols.tmp' stayed beside the user's files.
    The signal now arrives once the file is in place, and ends the process as before."""
    args, written = WRITERS[verb]
    plain, signalled = tmp_path / "plain", tmp_path / "signalled"
    for twin in (plain, signalled):
        shutil.copytree(repo, twin, symlinks=True)
    assert pmkit(plain, *args).returncode in (0, 1)
    done = subprocess.run([sys.executable, "-c", SIGNALLED.format(name), *args], cwd=signalled,
                          env=_environment(), capture_output=True, check=False, stdin=subprocess.DEVNULL,
                          timeout=120)
    assert done.returncode == -getattr(signal, name)
    assert (signalled / written).read_bytes() == (plain / written).read_bytes()
    assert [path.name for path in signalled.rglob("*.tmp")] == []



#: pmkit with SIGTERM sent to itself as it renames a file into place (only the pattern cache's,
#: in a run that writes no file of the user's), the rename done after it.
TERMINATED_AT_RENAME = ("import os, signal, sys\n"
                        "ending = sys.argv.pop(1)  # the cache file whose rename the signal meets\n"
                        "rename = os.replace\n"
                        "def replace(a, b):\n"
                        "    if os.fspath(b).endswith(ending):\n"
                        "        os.kill(os.getpid(), signal.SIGTERM)\n"
                        "    rename(a, b)\n"
                        "os.replace = replace\n"
                        "from pmkit.launcher import run\n"
                        "sys.exit(run())\n")


def test_a_sigterm_while_the_pattern_cache_is_saved_leaves_no_temporary_file(repo: Path,
                                                                             tmp_path: Path) -> None:
    """The first run of a new cache saves it as a run ends: a SIGTERM then left
    '.patterns-<random>.tmp' in the cache folder, one more each time. It now arrives once the
    cache file is in place. (The git log kept for the next run is written in place, with a
    checksum: no temporary file at all, see pmkit.logcache.)"""
    done = subprocess.run([sys.executable, "-c", TERMINATED_AT_RENAME, ".bin", "check", "--now", NOW],
                          cwd=repo, env=_environment(PMKIT_NO_CACHE=None, PMKIT_CACHE_DIR=str(tmp_path)),
                          capture_output=True, check=False, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == -signal.SIGTERM
    assert not [item for item in tmp_path.rglob("*") if item.name.endswith(".tmp")]
    # The file whose rename the signal met is in place: the first the run saved, the patterns
    # or a memo (the lexicons, the scores and findings kept by the process that applied the
    # rules); beside
    # it the git logs kept and the German hyphenation patterns the repository's German
    # postmortem was scored with.
    saved = {item.name for item in tmp_path.iterdir() if item.name.endswith(".bin")}
    assert saved
    patterns = {name for name in saved if name.startswith("patterns-")}
    assert {item.name for item in tmp_path.iterdir()} <= {*patterns, "logs", "scores.bin", "findings.bin",
                                                          "kept.bin", "lexicons.bin", "hyph_de_DE.bin"}


# --- guards: what already holds ------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_json(repo: Path) -> bytes:
    done = pmkit(repo, "check", "--now", NOW, "--format", "json")
    assert done.returncode == 1
    return done.stdout


@pytest.mark.parametrize("env", [
    {"TMPDIR": "/nonexistent/tmp"}, {"TMPDIR": "/dev/null"}, {"TMPDIR": "/tmp/" + "t" * 4000},
    {"HOME": None}, {"HOME": "/nonexistent"}, {"LC_ALL": "C"}, {"LC_ALL": "POSIX"}, {"LC_ALL": "xx_YY.UTF-8"},
    {"PYTHONUTF8": "1"}, {"PYTHONWARNINGS": "error"}, {"PYTHONDEVMODE": "1"}, {"TZ": "Pacific/Kiritimati"},
    {"COLUMNS": "1"}, {"CI": "true", "GITHUB_ACTIONS": "true"}], ids=repr)
def test_guard_the_findings_are_the_same_in_an_odd_environment(repo: Path, plain_json: bytes,
                                                                env: dict[str, str | None]) -> None:
    """Guard: temporary folder missing or no folder, no home, C and unknown locales, UTF-8 mode,
    warnings made errors, development mode, a far time zone, a narrow terminal, CI."""
    done = pmkit(repo, "check", "--now", NOW, "--format", "json", **env)
    assert (done.returncode, done.stdout, done.stderr) == (1, plain_json, b"")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_guard_json_is_the_same_data_on_a_stdout_that_is_not_utf8(repo: Path, plain_json: bytes,
                                                                   encoding: str) -> None:
    """Guard: German findings and a file named with umlauts, as JSON escapes."""
    done = pmkit(repo, "check", "--now", NOW, "--format", "json", PYTHONIOENCODING=encoding)
    assert done.stdout.isascii()
    assert (done.returncode, json.loads(done.stdout)) == (1, json.loads(plain_json))


def test_guard_four_runs_at_once_on_one_repository(repo: Path, plain_json: bytes) -> None:
    """Guard: pre-commit may run hooks in parallel; each run finds the same, alone."""
    program = tool("pmkit")
    assert program is not None
    runs = [subprocess.Popen([program, "check", "--now", NOW, "--format", "json"], cwd=repo,
                             env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert results == [(1, plain_json, b"")] * 4


@pytest.mark.parametrize(("verb", "said"), [
    ("new", "pmkit new: cannot write postmortems/2026-11-20-disk-full.yaml: File too large\n"),
    ("render", "pmkit render: cannot write page.md: File too large\n"),
    ("baseline", "pmkit: cannot write the baseline baseline.json: File too large\n")])
def test_guard_a_write_that_fails_is_said_and_leaves_nothing(repo: Path, tmp_path: Path, verb: str,
                                                            said: str) -> None:
    """Guard: a file size limit (as a full disk) is one message, exit 2, and no file left."""
    shutil.copytree(repo, tmp_path / "repo", symlinks=True)
    done = _run_limited(tmp_path / "repo", 0, *WRITERS[verb][0])
    assert (done.returncode, done.stdout, done.stderr.decode()) == (2, b"", said)
    assert _files(tmp_path / "repo") == _files(repo)


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o000, 0o666), (0o022, 0o644)])
def test_guard_new_files_follow_the_umask_and_a_replaced_file_keeps_its_mode(
        repo: Path, tmp_path: Path, umask: int, mode: int) -> None:
    """Guard: 'pmkit new' writes with the umask's permissions, and 'render -o' over a page
    keeps the page's own."""
    shutil.copytree(repo, tmp_path / "repo", symlinks=True)
    # a page pmkit rendered before (render -o replaces no other file)
    (tmp_path / "repo" / "page.md").write_text("# Old title\n\n- **Severity:** SEV2\n", encoding="utf-8")
    (tmp_path / "repo" / "page.md").chmod(0o640)
    program = tool("pmkit")
    assert program is not None
    for args in (WRITERS["new"][0], WRITERS["render"][0]):
        done = subprocess.run([program, *args], cwd=tmp_path / "repo", env=_environment(),
                              capture_output=True, check=False, timeout=120,
                              preexec_fn=lambda: os.umask(umask) and None)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "repo" / WRITERS["new"][1]).stat().st_mode & 0o777 == mode
    assert (tmp_path / "repo" / "page.md").stat().st_mode & 0o777 == 0o640
