"""The user's git configuration and git environment: the findings and exit code of ``pmkit
check``, ``pmkit history`` and ``pmkit due`` are the same whatever settings the user's, the
repository's or a hook's configuration holds; git runs no program of the user's for a read; and
where git cannot answer, the user is told what stops it. Cases of the seventeenth round, each
failing before its fix, and guards for the settings that were already neutral."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from history_git import PM, PUBLISHED, GitRepo, clear_git_env, line_of

from pmkit.cli import main

#: The queue postmortem under the team's own policy: drafted and published with git as the
#: evidence of both dates (no published_at).
INTERNAL = PUBLISHED.replace("  published_at: 2026-03-05T09:00:00Z\n", "  regimes: [internal]\n")
CORRECTED = INTERNAL.replace("users_affected: 12000", "users_affected: 15000").replace(
    "corrections: []\n",
    'corrections:\n  - {at: 2026-03-08T10:00:00Z, description: "The first version said 12,000 users; '
    'it was 15,000."}\n')
#: On the disk, not committed: a published figure changed without a correction (PM601, PM602).
ON_DISK = CORRECTED.replace("customers_affected: 40", "customers_affected: 45")
#: A draft with a name git quotes unless told not to, moved once.
CAFE_OLD, CAFE = "postmortems/café-draft.yaml", "postmortems/2026-03-14-café.yaml"
NOW = "2026-03-10T12:00:00Z"


def _build(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.write(PM, INTERNAL.replace("status: published", "status: draft"))
    repo.write(CAFE_OLD, INTERNAL.replace("status: published", "status: draft")
               .replace("2026-03-02-queue", "2026-03-14-cafe"))
    repo.commit("Draft the queue postmortem", date="2026-03-03T09:00:00Z")
    repo.write(PM, INTERNAL)
    repo.commit("Publish: Zählung der Nutzer", date="2026-03-05T09:00:00Z")
    repo.git("mv", CAFE_OLD, CAFE)
    repo.commit("Rename the café draft", date="2026-03-06T09:00:00Z")
    repo.write(PM, CORRECTED)
    repo.commit("Correct the number of users", date="2026-03-08T10:00:00Z")
    repo.git("tag", "-a", "-m", "Published", "published", "HEAD~2")
    repo.git("notes", "add", "-m", "Reviewed by the on-call lead", "HEAD~2")
    repo.git("notes", "--ref", "review", "add", "-m", "Checked", "HEAD~1")
    repo.write(PM, ON_DISK)
    return repo


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """One repository for the guards, which only read it."""
    return _build(tmp_path_factory.mktemp("settings") / "repo")


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git environment of the suite's, and a home of the test's own (no ~/.gitconfig)."""
    clear_git_env(monkeypatch)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def _outcome(root: Path, capsys: Any) -> dict[str, Any]:
    """What a user reads of the repository (the current folder): every finding of the git rules
    (and the exit code) of a check of the folder and of one file, the audit trail and the clocks."""
    assert Path.cwd() == root
    out: dict[str, Any] = {}
    for name, args in (("folder", ["postmortems"]), ("file", [PM]), ("base", ["--base", "HEAD~2", PM])):
        code = main(["check", "--format", "json", "--select", "PM401,PM402,PM412,PM413,PM6", "--now", NOW,
                     *args])
        diags = json.loads(capsys.readouterr().out)["diagnostics"]
        out[name] = (code, [(d["path"], d["code"], d["line"], d["col"], d["message"]) for d in diags])
    for name, path in (("history", PM), ("history of the move", CAFE)):
        code = main(["history", "--format", "json", path])
        entries = json.loads(capsys.readouterr().out)["entries"]
        out[name] = (code, [(e["commit"], e["change"], e["path"], e["renamed_from"], e["subject"],
                             e["status"], e["facts"]) for e in entries])
    code = main(["due", "--all", "--format", "json", "--now", NOW, "postmortems"])
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    out["due"] = (code, [(c["path"], c["stage"], c["state"], c["done_at"], c["evidence"]) for c in clocks])
    return out


_REFERENCE: dict[str, dict[str, Any]] = {}


def _reference(repo: GitRepo, capsys: Any) -> dict[str, Any]:
    """The outcome without any setting, worked out once per repository."""
    if str(repo.root) not in _REFERENCE:
        _REFERENCE[str(repo.root)] = _outcome(repo.root, capsys)
    return _REFERENCE[str(repo.root)]


def _with_global(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    """The user's global configuration file (~/.gitconfig) holding ``text``."""
    config = Path(os.environ["HOME"]) / ".gitconfig"
    config.write_text(text, encoding="utf-8")
    return config


def test_the_reference_is_the_evidence_git_gives(shared: GitRepo, capsys: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard: what the clean configuration gives, spelled out, so that 'the same as without
    the setting' below means these findings."""
    monkeypatch.chdir(shared.root)
    ref = _reference(shared, capsys)
    published = shared.git("rev-parse", "--short=7", "HEAD~2").strip()
    first = shared.git("rev-parse", "--short=7", "HEAD~3").strip()
    line = line_of(ON_DISK, "customers_affected:")
    assert ref["file"] == (1, [
        (PM, "PM601", line, 23, "impact.customers_affected changed from 40 to 45 since it was published "
                                "(HEAD), and no new correction declares it"),
        (PM, "PM602", line, 23, "impact.customers_affected revised upward after publication: 40 → 45 "
                                "(+5, +12%); not declared by any correction")])
    assert [(change, path, status) for _c, change, path, _r, _s, status, _f in ref["history"][1]] == [
        ("added", PM, "draft"), ("modified", PM, "published"), ("modified", PM, "published"),
        ("uncommitted", PM, "published")]
    assert [(change, path, renamed) for _c, change, path, renamed, *_ in ref["history of the move"][1]] == [
        ("added", CAFE_OLD, None), ("renamed", CAFE, CAFE_OLD)]
    assert ref["base"] == (0, [
        (PM, "PM602", line - 1, 19, "impact.users_affected revised upward after publication: 12,000 → 15,000 "
                                    "(+3,000, +25%); declared by the correction of 2026-03-08T10:00:00Z"),
        (PM, "PM602", line, 23, "impact.customers_affected revised upward after publication: 40 → 45 (+5, "
                                "+12%); declared by the correction of 2026-03-08T10:00:00Z")])
    assert ref["folder"] == ref["file"]
    assert (PM, "draft", "met", "2026-03-03T09:00+00:00", f"git: first commit {first}") in ref["due"][1]
    assert (PM, "publish", "met", "2026-03-05T09:00+00:00",
            f"git: status first published in commit {published}") in ref["due"][1]


@pytest.mark.parametrize("where", ["repository", "global", "GIT_CONFIG_COUNT"])
def test_a_diff_order_file_that_is_not_there_does_not_stop_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, where: str) -> None:
    """'diff.orderFile' (the order 'git diff' and 'git log' print paths in) naming a file that
    is missing where pmkit runs (relative to another repository, or not committed yet) made
    every 'git log' fail: PM413 'no git evidence for disclosure dates: git log failed (fatal:
    failed to read orderfile ...)', the clocks 'published (date unknown)', and 'pmkit history'
    exit 2. pmkit's commands give git an empty order file: the paths are sorted by pmkit."""
    repo = _build(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    ref = _reference(repo, capsys)
    if where == "repository":
        repo.git("config", "diff.orderFile", ".gitorder")
    elif where == "global":
        _with_global(tmp_path, monkeypatch, f"[diff]\n\torderFile = {tmp_path / 'gone' / 'order.txt'}\n")
    else:
        for key, value in {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "diff.orderFile",
                           "GIT_CONFIG_VALUE_0": "order.txt"}.items():
            monkeypatch.setenv(key, value)
    assert _outcome(repo.root, capsys) == ref


def test_an_order_file_that_is_there_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Guard: an order file that sorts the moved draft first (the user's 'git log' prints it so)
    gives the evidence of no order file."""
    repo = _build(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    ref = _reference(repo, capsys)
    (tmp_path / "order.txt").write_text("postmortems/2026-03-14-*\npostmortems/caf*\n", encoding="utf-8")
    repo.git("config", "diff.orderFile", str(tmp_path / "order.txt"))
    assert _outcome(repo.root, capsys) == ref


@pytest.mark.parametrize("setting", [
    "[log]\n\tdate = rfc3339\n",
    "[format]\n\tpretty = team\n[includeIf \"gitdir:~/work/\"]\n\tpath = ~/work/.gitconfig\n",
])
def test_a_log_format_this_git_does_not_know_does_not_stop_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, setting: str) -> None:
    """A date format git does not know (a name of another tool's, in shared dotfiles), or a pretty
    format defined only in a file included for other repositories: 'git log' parses both before
    it reads the --format pmkit gives it, and stopped ('fatal: unknown date format rfc3339',
    'fatal: invalid --pretty format: team'), so the clocks lost their git dates (PM413) and
    'pmkit history' exited 2. pmkit's commands set both to git's defaults."""
    repo = _build(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    ref = _reference(repo, capsys)
    _with_global(tmp_path, monkeypatch, setting)
    assert _outcome(repo.root, capsys) == ref


def _pmkit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m pmkit ARGS`` in a fresh process (gitpython not imported yet), in ``root``."""
    return subprocess.run([sys.executable, "-m", "pmkit", *args], cwd=root, env=dict(os.environ),
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_global_configuration_git_cannot_parse_is_named_not_git_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ~/.gitconfig that does not parse (an unclosed '[core') stops every git command, 'git
    version' too, so gitpython refused to load: pmkit said 'git is not available (Failed to
    initialize: Cmd('git') failed due to: exit code(128))' and hinted 'Install git, or put it on
    PATH', of an installed git. It now says git's own words, which name the file."""
    repo = _build(tmp_path / "repo")
    config = Path(os.environ["HOME"]) / ".gitconfig"
    config.write_text("[core\n\tabbrev = 8\n", encoding="utf-8")
    _said_in_a_fresh_process(repo.root,
                             f"git stops before reading anything (fatal: bad config line 1 in file {config})")


def test_guard_a_global_configuration_git_cannot_read_is_named(tmp_path: Path) -> None:
    """Guard: a folder where ~/.gitconfig should be lets 'git version' run, and the first git
    command in the repository says what stops it."""
    repo = _build(tmp_path / "repo")
    (Path(os.environ["HOME"]) / ".gitconfig").mkdir()
    _said_in_a_fresh_process(repo.root, f"git cannot read the repository at {repo.root.resolve()} (fatal: "
                             "unknown error occurred while reading the configuration files)")


def _said_in_a_fresh_process(root: Path, why: str) -> None:
    """What a check and the trail say, in a process that has not loaded gitpython yet, when git
    fails for ``why``: PM413 and PM600 (infos, exit 0), and 'pmkit history' exits 2."""
    done = _pmkit(root, "check", "--select", "PM413,PM600", "--now", NOW, PM)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"{PM}:1:1: PM413 no git evidence for disclosure dates: {why}; "
        "relying on the dates in the documents (said once per run) (no-git-evidence)\n"
        "    hint: Make git able to read the repository (the message says what stops it). The "
        "disclosure rules then use its dates again.\n"
        f"{PM}:1:1: PM600 history rules (PM6xx) skipped: {why} "
        "(history-unavailable)\n"
        "    hint: Make git able to read the repository (the message says what stops it). The history "
        "rules then compare again.\n\nFound 2 infos in 1 of 1 file.\n")
    done = _pmkit(root, "history", PM)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"pmkit: {PM}: cannot read the history: {why}\n"


@pytest.mark.parametrize(("setting", "said"), [
    ("[color]\n\tui = alway\n", "fatal: bad boolean config value 'alway' for 'color.ui'"),
    ("[log]\n\tshowSignature = sometimes\n",
     "fatal: bad boolean config value 'sometimes' for 'log.showsignature'"),
])
def test_a_setting_git_cannot_parse_is_quoted_as_git_says_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, setting: str, said: str) -> None:
    """A value git cannot parse (a typo, 'alway' for 'always') stops 'git log' before any
    setting of pmkit's can replace it: the user's own 'git log' stops too. pmkit said git's
    message with its closing quote cut off ("... for 'color.ui)"), taken for gitpython's
    quoting; the name of the setting is now as git prints it."""
    repo = _build(tmp_path / "repo")
    _with_global(tmp_path, monkeypatch, setting)
    monkeypatch.chdir(repo.root)
    code = main(["check", "--format", "json", "--select", "PM402,PM412,PM413", "--now", NOW, PM])
    diags = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (code, [(d["code"], d["line"], d["col"]) for d in diags]) == (0, [("PM413", 1, 1)])
    assert diags[0]["message"] == (f"no git evidence for disclosure dates: git log failed ({said}); relying "
                                   "on the dates in the documents (said once per run)")
    assert main(["history", PM]) == 2
    assert capsys.readouterr().err == f"pmkit: {PM}: cannot read the history: git log failed ({said})\n"


#: A program that notes that it ran (its first argument), and passes its input through.
_MARK = "#!/bin/sh\necho \"$1\" >> \"$(dirname \"$0\")/ran\"\nexec cat\n"

#: Settings of the user's ~/.gitconfig that change what git prints or runs for a user's own
#: 'git log' and 'git diff', none of which changes pmkit's evidence. ``{mark}`` is a program
#: that notes it ran; none may run.
GLOBAL_SETTINGS = [
    "[color]\n\tui = always\n\tdiff = always\n\tstatus = always\n\tdecorate = always\n",
    "[diff]\n\tnoprefix = true\n\tmnemonicPrefix = true\n",
    "[diff]\n\trelative = true\n",
    "[diff]\n\texternal = {mark} external\n",
    "[diff]\n\tcontext = 0\n\tinterHunkContext = 9\n\talgorithm = patience\n\tindentHeuristic = false\n",
    "[diff]\n\trenames = copies\n",
    "[diff]\n\trenames = false\n[status]\n\trenames = false\n",
    "[diff]\n\tcolorMoved = zebra\n\twsErrorHighlight = all\n\tsuppressBlankEmpty = true\n",
    "[diff]\n\tignoreSubmodules = all\n\tsubmodule = diff\n\tdirstat = files\n",
    "[core]\n\tabbrev = 4\n[log]\n\tabbrevCommit = true\n",
    "[core]\n\tabbrev = no\n",
    "[log]\n\tdate = relative\n\tdecorate = full\n\tmailmap = true\n",
    "[log]\n\tdate = format:%d.%m.\n\texcludeDecoration = refs/heads/*\n",
    "[log]\n\tdiffMerges = first-parent\n",
    "[format]\n\tpretty = format:%h %s\n",
    "[format]\n\tpretty = oneline\n",
    "[i18n]\n\tlogOutputEncoding = ISO-8859-1\n",
    "[notes]\n\tdisplayRef = refs/notes/*\n[core]\n\tnotesRef = refs/notes/review\n",
    "[core]\n\tquotePath = true\n\tprecomposeUnicode = true\n\tignoreCase = true\n",
    "[core]\n\tautocrlf = true\n\teol = crlf\n",
    "[core]\n\tpager = {mark} pager\n[pager]\n\tlog = {mark} pager.log\n\tdiff = {mark} pager.diff\n",
    "[core]\n\tuntrackedCache = true\n\tsplitIndex = true\n\tcheckStat = minimal\n\ttrustctime = false\n",
    "[feature]\n\tmanyFiles = true\n[index]\n\tversion = 4\n",
    "[core]\n\thooksPath = {hooks}\n",
    "[alias]\n\tlog = !{mark} alias.log\n\tdiff = !{mark} alias.diff\n\tls-files = !{mark} alias.ls-files\n",
    "[core]\n\tfsmonitor = {mark} fsmonitor\n[log]\n\tfollow = true\n\tshowRoot = false\n",
    "[core]\n\tbigFileThreshold = 100\n\tcommitGraph = false\n",
    "[grep]\n\tpatternType = perl\n[gc]\n\tauto = 1\n[maintenance]\n\tauto = true\n",
    "[core]\n\tattributesFile = {attributes}\n[diff \"mark\"]\n\ttextconv = {mark} textconv\n"
    "\tcommand = {mark} diff.command\n",
]

#: Environment variables of the same kind.
ENVIRONMENTS = [
    {"GIT_PAGER": "{mark} GIT_PAGER", "PAGER": "{mark} PAGER"},
    {"GIT_EXTERNAL_DIFF": "{mark} GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS": "--unified=0"},
    {"GIT_TRACE": "1", "GIT_TRACE2": "1", "GIT_TRACE2_EVENT": "1", "GIT_TRACE_SETUP": "1"},
    {"GIT_TRACE": "{dir}/trace.txt", "GIT_TRACE2_EVENT": "{dir}/trace2.json", "GIT_TRACE2_PERF": "2"},
    {"GIT_NOTES_REF": "refs/notes/review", "GIT_NOTES_DISPLAY_REF": "refs/notes/*"},
    {"GIT_ATTR_NOSYSTEM": "1", "GIT_DISCOVERY_ACROSS_FILESYSTEM": "1", "GIT_CEILING_DIRECTORIES": "{dir}"},
    {"GIT_CONFIG_PARAMETERS": "'color.ui'='always' 'log.abbrevcommit'='true' 'diff.noprefix'='true'"},
    {"GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "log.follow", "GIT_CONFIG_VALUE_0": "true",
     "GIT_CONFIG_KEY_1": "diff.external", "GIT_CONFIG_VALUE_1": "{mark} GIT_CONFIG_COUNT"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANGUAGE": "de"},
]


def _marker(tmp_path: Path) -> dict[str, str]:
    """The marking program, an empty hooks folder holding marking hooks, an attributes file."""
    mark = tmp_path / "mark"
    mark.write_text(_MARK, encoding="utf-8")
    mark.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc"):
        (hooks / name).write_text(f"#!/bin/sh\n'{mark}' hook-{name}\n", encoding="utf-8")
        (hooks / name).chmod(0o755)
    attributes = tmp_path / "attributes"
    attributes.write_text("*.yaml diff=mark\n", encoding="utf-8")
    return {"mark": str(mark), "hooks": str(hooks), "attributes": str(attributes), "dir": str(tmp_path)}


@pytest.mark.skipif(sys.platform == "win32", reason="the marking program is a shell script")
@pytest.mark.parametrize("setting", GLOBAL_SETTINGS, ids=lambda s: s.split("\n")[1].strip().split(" ")[0])
def test_guard_a_setting_of_the_users_configuration_changes_nothing(
        shared: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, setting: str) -> None:
    """Guard: each of these settings in ~/.gitconfig gives the findings, exit codes, trail and
    clocks of none, runs no program of the user's, and leaves .git as it was."""
    monkeypatch.chdir(shared.root)
    ref = _reference(shared, capsys)
    places = _marker(tmp_path)
    _with_global(tmp_path, monkeypatch, setting.format(**places))
    before = _state(shared.root / ".git")
    assert _outcome(shared.root, capsys) == ref
    assert not (tmp_path / "ran").exists()
    assert _state(shared.root / ".git") == before


@pytest.mark.skipif(sys.platform == "win32", reason="the marking program is a shell script")
@pytest.mark.parametrize("variables", ENVIRONMENTS, ids=lambda v: "+".join(v)[:40])
def test_guard_git_variables_of_the_environment_change_nothing(
        shared: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any,
        variables: dict[str, str]) -> None:
    """Guard: git's variables in the environment (a pager, an external diff, tracing to the
    terminal or to a file, notes, a hook's 'git -c') give what none gives, and run nothing."""
    monkeypatch.chdir(shared.root)
    ref = _reference(shared, capsys)
    places = _marker(tmp_path)
    for key, value in variables.items():
        monkeypatch.setenv(key, value.format(**places))
    before = _state(shared.root / ".git")
    assert _outcome(shared.root, capsys) == ref
    assert not (tmp_path / "ran").exists()
    assert _state(shared.root / ".git") == before


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under ``folder``."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_guard_subjects_committed_in_latin_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: Any) -> None:
    """Guard: commits whose messages are stored in ISO-8859-1 (i18n.commitEncoding), read by a
    user whose git prints ISO-8859-1 too (i18n.logOutputEncoding): the trail shows the subjects
    as written, and the clock its git dates."""
    repo = GitRepo(tmp_path / "repo")
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo.git("config", "i18n.logOutputEncoding", "ISO-8859-1")
    message = tmp_path / "message"
    draft = INTERNAL.replace("status: published", "status: draft")
    for text, subject, date in ((draft, "Entwurf für die Queue", "2026-03-03T09:00:00Z"),
                                (INTERNAL, "Publish: Zählung der Nutzer", "2026-03-05T09:00:00Z")):
        repo.write(PM, text)
        message.write_bytes(subject.encode("latin-1"))
        repo.git("add", "-A")
        repo.git("commit", "-q", "--no-verify", "-F", str(message), date=date)
    assert repo.git("log", "-1", "--format=%e").strip() == "ISO-8859-1"
    monkeypatch.chdir(repo.root)
    assert main(["history", "--format", "json", PM]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["subject"], e["status"]) for e in entries] == [
        ("Entwurf für die Queue", "draft"), ("Publish: Zählung der Nutzer", "published")]
    assert main(["due", "--all", "--format", "json", "--now", NOW, PM]) == 0
    clocks = json.loads(capsys.readouterr().out)["clocks"]
    assert [(c["stage"], c["state"], c["done_at"]) for c in clocks] == [
        ("draft", "met", "2026-03-03T09:00+00:00"), ("publish", "met", "2026-03-05T09:00+00:00")]
