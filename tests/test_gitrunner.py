"""git run directly for a hook's few files (:mod:`pmkit.gitrunner`): which repositories it opens,
and that each answer, and each failure, is what gitpython's would have been."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import git
import pytest
from history_git import PM, GitRepo, clear_git_env, published_repo

from pmkit.gitrunner import GitFailed, PlainRepository, Runner, new_runner, plain_repository
from pmkit.history import _last_line, _settings_may_name, open_repository, reading_environment


@pytest.fixture(autouse=True)
def _no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_git_env(monkeypatch)


def _both(root: Path) -> tuple[Runner, git.Git]:
    """A runner and gitpython's command object for ``root``, with pmkit's reading environment."""
    ours, theirs = Runner(str(root)), git.Git(str(root))
    ours.update_environment(**reading_environment())
    theirs.update_environment(**reading_environment())
    return ours, theirs


def test_output_is_what_gitpython_gives(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    name = os.fsdecode(b"postmortems/caf\xe9.yaml")  # a name that is not UTF-8
    (repo.root / name).write_text("x: 1\n", encoding="utf-8")
    repo.git("add", "--", name)
    ours, theirs = _both(repo.root)
    for command, options in [
        (["git", "ls-files", "-z"], {}),
        (["git", "-c", "core.quotepath=off", "ls-files"], {}),
        (["git", "log", "--format=%H %s"], {"strip_newline_in_stdout": False}),
        (["git", "cat-file", "blob", f"HEAD:{PM}"], {"stdout_as_string": False}),
        (["git", "rev-parse", "HEAD"], {}),
    ]:
        assert ours.execute(command, **options) == theirs.execute(command, **options), command  # type: ignore[call-overload]


def test_failures_say_what_gitpython_s_say(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    ours, theirs = _both(repo.root)
    for command in [["git", "cat-file", "-t", "HEAD:nothing.yaml"], ["git", "log", "no-such-branch", "--"],
                    ["git", "rev-parse", "--verify", "--quiet", "nothing"]]:
        with pytest.raises(GitFailed) as ours_failed:
            ours.execute(command)
        with pytest.raises(git.GitCommandError) as theirs_failed:
            theirs.execute(command)
        assert ours_failed.value.status == theirs_failed.value.status
        assert _last_line(ours_failed.value) == _last_line(theirs_failed.value), command


def test_objects_read_one_at_a_time_are_gitpython_s(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    ours, theirs = _both(repo.root)
    sha, kind, size, data = ours.get_object_data(f"HEAD:{PM}")
    assert (sha, kind, size, data) == tuple(theirs.get_object_data(f"HEAD:{PM}"))
    assert data == (repo.root / PM).read_bytes() and kind == b"blob"
    with pytest.raises(ValueError, match="could not be resolved"):
        ours.get_object_data("HEAD:nothing.yaml")
    assert ours.get_object_data(f"HEAD:{PM}")[3] == data  # the same process answers again
    with pytest.raises(ValueError, match="line feed"):
        ours.get_object_data("HEAD:a\nb")


def test_a_runner_no_longer_used_ends_its_cat_file(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    runner = Runner(str(repo.root))
    runner.get_object_data(f"HEAD:{PM}")
    assert runner.cat_file_all is not None
    process = runner.cat_file_all.proc
    del runner
    gc.collect()
    assert process.poll() == 0


def test_a_forked_reader_is_a_runner_of_its_own_with_the_same_environment(tmp_path: Path) -> None:
    repo = PlainRepository(str(tmp_path))
    repo.git.update_environment(GIT_OPTIONAL_LOCKS="0")
    other = new_runner(repo)
    assert isinstance(other, Runner) and other is not repo.git
    assert other.environment() == {"GIT_OPTIONAL_LOCKS": "0"}


@pytest.mark.parametrize(("setting", "plain"), [
    ("[core]\n\tbare = false\n\tlogallrefupdates = true\n", True),
    ("[core]\n\tbare=FALSE\n", True),
    ("[core]\n\tbare = true\n", False),
    ("[core] bare = true\n", False),  # (a setting may follow its section's name on the line)
    ("[core]\n\tbare\n", False),  # a key alone is true
    ("[core]\n\tworktree = /elsewhere\n", False),
    ("[extensions]\n\tworktreeConfig = true\n", False),
    ("[include]\n\tpath = more.conf\n", False),
    ('[includeIf "gitdir:~/work/"]\n\tpath = work.conf\n', False),
])
def test_which_repositories_are_opened_without_gitpython(tmp_path: Path, setting: str, plain: bool) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.root / ".git" / "config").write_text(setting, encoding="utf-8")
    assert (plain_repository(str(repo.root)) is not None) is plain


def test_a_git_folder_with_a_commondir_is_left_to_gitpython(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    repo.git("worktree", "add", "-q", str(tmp_path / "linked"))
    assert plain_repository(str(repo.root)) is not None
    (repo.root / ".git" / "commondir").write_text("..\n", encoding="utf-8")
    assert plain_repository(str(repo.root)) is None  # the git folder of a linked worktree


def test_a_run_of_many_files_opens_the_repository_through_gitpython(tmp_path: Path) -> None:
    repo = published_repo(tmp_path)
    few = open_repository([str(repo.root / PM)])
    many = open_repository([str(repo.root / PM)] * 17)
    assert isinstance(few._repo, PlainRepository)
    assert isinstance(many._repo, git.Repo)
    assert (few.root, few.head, few.shallow) == (many.root, many.head, many.shallow)


def test_a_run_of_many_files_that_reads_only_base_versions_is_read_without_gitpython(
        tmp_path: Path) -> None:
    """The repository-wide history hook (PM600, PM605, PM606: the base versions, no log) reads
    every postmortem of the repository on every commit: no gitpython for it either, whose
    import was about 30 ms of its run."""
    repo = published_repo(tmp_path)
    many = open_repository([str(repo.root / PM)] * 17, base_only=True)
    assert isinstance(many._repo, PlainRepository)
    assert many.head == open_repository([str(repo.root / PM)] * 17).head


def test_the_history_hook_imports_no_gitpython(tmp_path: Path) -> None:
    import subprocess

    repo = published_repo(tmp_path)
    for index in range(20):
        copy = repo.read(PM).replace("2026-03-02-queue", f"copy-{index}")
        repo.write(f"postmortems/copy-{index:02d}.yaml", copy)
    repo.commit("Copies")
    repo.edit(PM, "customers_affected: 40", "customers_affected: 400")
    code = ("import sys\nsys.argv = ['pmkit', *sys.argv[1:]]\nfrom pmkit.cli import main\n"
            "code = main()\nprint('gitpython', 'git' in sys.modules)\nsys.exit(code)\n")
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("PMKIT_", "GIT_"))}
    # (PM601: a published fact changed without a correction; the history rules with PM608, whose
    # corrections are dated by the log, read it through gitpython)
    runs = [("PM600,PM605,PM606", 0, False), ("PM600,PM601", 1, False), ("PM6", 1, True)]
    for select, exit_code, imported in runs:
        done = subprocess.run([sys.executable, "-c", code, "check", "--repo-wide", "--select", select,
                               "--now", "2026-11-25T12:00:00Z"], cwd=repo.root, capture_output=True,
                              text=True, env={**environ, "PMKIT_JOBS": "1"}, timeout=120, check=False)
        assert done.returncode == exit_code, done.stderr
        assert done.stdout.splitlines()[-1] == f"gitpython {imported}"


def test_a_repository_without_commits_is_told_as_gitpython_tells_it(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PM, "pmkit: 1\n")
    opened = open_repository([str(repo.root / PM)])
    assert (opened.problem, opened.unborn) == ("the current branch has no commits yet", True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX settings files")
@pytest.mark.parametrize(("text", "names"), [
    ("[user]\n\tname = x\n", False),
    ("[core]\n\tattributesFile = ~/.gitattributes\n", True),
    ("[core]\n\tATTRIBUTESFILE = a\n", True),
    ("[include]\n\tpath = other\n", True),  # it could be set there
])
def test_whether_a_setting_may_name_an_attributes_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        text: str, names: bool) -> None:
    repo = published_repo(tmp_path)
    settings = tmp_path / "global.conf"
    settings.write_text(text, encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert _settings_may_name("attributesfile", PlainRepository(str(repo.root))) is names


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell")
def test_a_command_that_does_not_end_is_killed_with_what_it_started(tmp_path: Path) -> None:
    import subprocess
    import time

    runner = Runner(str(tmp_path))
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        # (the child sleep holds the output pipe open after its shell is killed)
        runner.execute(["sh", "-c", "sleep 60 & sleep 60"], kill_after_timeout=1)
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("said", [b"", b"\n", b"\n\n", b"  \n\t\n"])
def test_a_failure_with_nothing_to_say_is_said_alike(tmp_path: Path, said: bytes) -> None:
    """A git (a wrapper) that fails with blank lines on stderr: its exit code, either way,
    not the name of the exception pmkit or gitpython raised."""
    script = tmp_path / "fails"
    script.write_bytes(b"#!/bin/sh\nprintf '" + said.replace(b"\n", b"\\n").replace(b"\t", b"\\t")
                       + b"' >&2\nexit 3\n")
    script.chmod(0o755)
    ours, theirs = _both(tmp_path)
    with pytest.raises(GitFailed) as ours_failed:
        ours.execute([str(script)])
    with pytest.raises(git.GitCommandError) as theirs_failed:
        theirs.execute([str(script)])
    assert _last_line(ours_failed.value) == _last_line(theirs_failed.value) == \
        "git ended with exit code 3 and no message"


def test_whether_a_run_will_be_read_without_gitpython_is_told_before_git_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.history import opened_without_gitpython

    repo = published_repo(tmp_path)
    other = published_repo(tmp_path / "other")
    one = str(repo.root / PM)
    assert opened_without_gitpython([one])
    assert not opened_without_gitpython([one] * 17)  # a run of many files
    assert not opened_without_gitpython([one, str(other.root / PM)])  # two repositories
    assert not opened_without_gitpython([str(tmp_path / "nowhere.yaml")])  # in none
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    assert not opened_without_gitpython([one])
