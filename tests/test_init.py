"""``pmkit init`` (idempotent, minimal edits) and the plain git hooks in hooks/."""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.commands.init import pre_commit_entry

ROOT = Path(__file__).parent.parent
HOOKS = ROOT / "hooks"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file() and ".git/" not in p.as_posix() + "/"}


def test_init_in_an_empty_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == ["created postmortems/", "created .pmkit.toml",
                                    "created .pre-commit-config.yaml with the pmkit hooks"]
    assert (repo / ".pmkit.toml").read_text() == (
        "[tool.pmkit]\n# pmkit: https://github.com/pmkit/pmkit/blob/main/docs/authoring.md\n"
        'paths = ["postmortems"]\ntimezone = "UTC"\n')
    assert (repo / ".pre-commit-config.yaml").read_text() == (
        "repos:\n  - repo: https://github.com/pmkit/pmkit\n    rev: v0.1.0\n    hooks:\n      - id: pmkit\n"
        "      - id: pmkit-history-repo\n")
    assert (repo / "postmortems" / ".gitkeep").is_file()
    before = snapshot(repo)
    assert main(["init"]) == 0
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"
    assert snapshot(repo) == before


PYPROJECT = """\
[project]
name = "shop"   # keep this comment

[tool.ruff]
line-length = 100"""

PRE_COMMIT = """\
# our hooks
repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks:
  - id: check-yaml   # yes, this one
# comment between keys

ci:
  autofix_prs: false
"""


def test_init_appends_to_existing_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT)
    (repo / "postmortems").mkdir()
    assert main(["init", "--timezone", "Europe/Berlin"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "added [tool.pmkit] to pyproject.toml", "added the pmkit hooks to .pre-commit-config.yaml"]
    assert (repo / "pyproject.toml").read_text() == PYPROJECT + (
        "\n\n[tool.pmkit]\n# pmkit: https://github.com/pmkit/pmkit/blob/main/docs/authoring.md\n"
        'paths = ["postmortems"]\ntimezone = "Europe/Berlin"\n')
    assert (repo / ".pre-commit-config.yaml").read_text() == PRE_COMMIT.replace(
        "  - id: check-yaml   # yes, this one\n",
        "  - id: check-yaml   # yes, this one\n" + pre_commit_entry("", hook_indent=""))
    assert not (repo / ".pmkit.toml").exists()
    assert not (repo / "postmortems" / ".gitkeep").exists()  # the folder was there already
    before = snapshot(repo)
    assert main(["init"]) == 0
    assert snapshot(repo) == before
    # the configuration is the one pmkit now reads
    from pmkit.config import load_config

    config = load_config(start=repo)
    assert (config.paths, config.timezone) == (["postmortems"], "Europe/Berlin")


def test_pre_commit_validates_the_edited_config(repo: Path) -> None:
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT.replace("\n", "\r\n"))
    assert main(["init"]) == 0
    raw = (repo / ".pre-commit-config.yaml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # line endings kept
    venv_bin = str(Path(sys.executable).parent)
    pre_commit = shutil.which("pre-commit", path=venv_bin) or shutil.which("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    result = subprocess.run([pre_commit, "validate-config", ".pre-commit-config.yaml"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("repos: []\n", "repos:\n" + pre_commit_entry()),
        ("repos:\n", "repos:\n" + pre_commit_entry()),
        ("default_stages: [pre-commit]\n", "default_stages: [pre-commit]\n\nrepos:\n" + pre_commit_entry()),
        ("repos:\n    - repo: local\n      hooks:\n        - {id: x, name: x, entry: x, language: system}\n",
         "repos:\n    - repo: local\n      hooks:\n        - {id: x, name: x, entry: x, language: system}\n"
         + pre_commit_entry("    ")),
        # A comment after "repos:" is no flow list.
        ("repos: # hooks\n- repo: local\n  hooks: []\n",
         "repos: # hooks\n- repo: local\n  hooks: []\n" + pre_commit_entry("")),
    ],
)
def test_pre_commit_config_shapes(repo: Path, before: str, after: str) -> None:
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text(before)
    assert main(["init"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text() == after


def test_refuses_what_it_cannot_edit_safely(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = "repos: [{repo: local, hooks: []}]\n"
    (repo / ".pre-commit-config.yaml").write_text(flow)
    assert main(["init"]) == 2
    err = capsys.readouterr().err
    assert "cannot edit .pre-commit-config.yaml safely" in err
    assert "- repo: https://github.com/pmkit/pmkit" in err
    assert "\\n" not in err  # the block to paste comes as lines, not one escaped line
    assert (repo / ".pre-commit-config.yaml").read_text() == flow
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".pre-commit-config.yaml"]  # nothing made
    (repo / "pyproject.toml").write_text("[project\n")
    assert main(["init"]) == 2
    assert "pyproject.toml:1:9: invalid TOML" in capsys.readouterr().err
    assert (repo / "pyproject.toml").read_text() == "[project\n"


ANCHORED = """\
repos: &r
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks: [{id: trailing-whitespace}]
"""


QUOTED_KEY = """\
# my hooks
"repos":
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks: [{id: trailing-whitespace}]
"""


@pytest.mark.parametrize("before", [
    QUOTED_KEY,
    QUOTED_KEY.replace('"repos":', "'repos':"),
    "---\n" + QUOTED_KEY,
    QUOTED_KEY.replace('"repos":', "repos :   # the key spaced from its colon"),
    ANCHORED,
    ANCHORED.replace("&r", "!!seq   # tagged"),
    "---\n" + ANCHORED.replace("repos: &r", '"repos": &r !!seq'),
])
def test_init_adds_to_a_repos_key_written_otherwise(repo: Path, before: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """YAML and pre-commit read "repos": as repos: init adds its entry there, the rest as it was
    (it appended a second 'repos:' and refused over a duplicate key of its own edit's line 7).
    Nor is an anchor or a tag after 'repos:' a flow list, as init said when it refused."""
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text(before)
    assert main(["init"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["created postmortems/",
                                                        "added the pmkit hooks to .pre-commit-config.yaml"]
    assert (repo / ".pre-commit-config.yaml").read_text() == before + pre_commit_entry("")
    assert main(["init"]) == 0
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"


def test_init_keeps_a_quoted_key_whose_empty_list_it_fills(repo: Path) -> None:
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text("'repos': []  # none yet\nci: {}\n")
    assert main(["init"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text() == (
        "'repos':  # none yet\n" + pre_commit_entry() + "ci: {}\n")


@pytest.mark.parametrize("before, line, written", [
    ("# indented, as a whole\n  repos:\n  - repo: local\n    hooks: []\n", 2, "  repos:"),
    ("? repos\n: - repo: local\n    hooks: []\n", 1, "? repos"),
    ('ci: {}\n"rep\\x6fs":\n- repo: local\n  hooks: []\n', 2, '"rep\\x6fs":'),
])
def test_init_refuses_a_repos_key_it_does_not_find_at_a_line_s_start(
        repo: Path, before: str, line: int, written: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The file's own 'repos' key and line are said, never the parser's complaint about init's
    attempted edit (a duplicate 'repos' at a line the file does not have)."""
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text(before)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit init: cannot edit .pre-commit-config.yaml safely (the 'repos' key at line {line} is written "
        f"as '{written}', which init does not edit: it adds to a 'repos:' that begins its line).\n\n"
        "Add this entry under 'repos:' yourself:\n\n" + pre_commit_entry() + "\n")
    assert (repo / ".pre-commit-config.yaml").read_text() == before
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".pmkit.toml", ".pre-commit-config.yaml"]


def test_init_refuses_a_repos_list_brought_in_by_a_merge_key(repo: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = "shared: &shared\n  repos:\n  - repo: local\n    hooks: []\n<<: *shared\n"
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text(before)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        "pmkit init: cannot edit .pre-commit-config.yaml safely (its 'repos' list is brought in by the merge "
        "key '<<' at line 5, which init does not edit).\n\nAdd this entry under 'repos:' yourself:\n\n"
        + pre_commit_entry() + "\n")
    assert (repo / ".pre-commit-config.yaml").read_text() == before


def test_init_keeps_the_anchor_and_tag_of_an_empty_list_it_fills(repo: Path) -> None:
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text("repos: &all !!seq []  # none yet\nci: {}\n")
    assert main(["init"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text() == (
        "repos: &all !!seq  # none yet\n" + pre_commit_entry() + "ci: {}\n")


@pytest.mark.parametrize("before, why", [
    (ANCHORED + "ci:\n  skip: *r\n",
     "the 'repos' list at line 1 is anchored as &r and used again as *r elsewhere in the file, where pmkit's "
     "entry would appear too"),
    (ANCHORED + "also: *r\n",
     "the 'repos' list at line 1 is anchored as &r and used again as *r elsewhere in the file, where pmkit's "
     "entry would appear too"),
    ("ci: {skip: &r []}\nrepos: *r\n",
     "'repos' at line 2 is *r, an alias of the list anchored as &r elsewhere in the file, which init does "
     "not edit (the entry belongs in that list)"),
    ("# ours\nrepos: [{repo: local, hooks: []}]  # one\n",
     "the 'repos' list at line 2 is written in flow style ([...]), which init does not edit"),
])
def test_init_says_what_a_repos_it_does_not_edit_is(repo: Path, before: str, why: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".pmkit.toml").write_text("")
    (repo / ".pre-commit-config.yaml").write_text(before)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        f"pmkit init: cannot edit .pre-commit-config.yaml safely ({why}).\n\n"
        "Add this entry under 'repos:' yourself:\n\n" + pre_commit_entry() + "\n")
    assert (repo / ".pre-commit-config.yaml").read_text() == before
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".pmkit.toml", ".pre-commit-config.yaml"]


def test_existing_pmkit_config_is_kept(repo: Path) -> None:
    text = '[tool.pmkit]\npaths = ["docs/incidents"]\n'
    (repo / "pyproject.toml").write_text(text)
    assert main(["init", "--dir", "docs/incidents"]) == 0
    assert (repo / "pyproject.toml").read_text() == text
    assert (repo / "docs" / "incidents").is_dir()


def test_usage_errors(repo: Path) -> None:
    assert main(["init", "--timezone", "Mars/Olympus"]) == 2
    assert main(["init", "--dir", "../outside"]) == 2
    assert main(["init", "--dir", "a/../../outside"]) == 2  # leaves the repository all the same
    assert main(["init", "--dir", "x/../.."]) == 2
    assert main(["init", "--dir", "x/.."]) == 2  # the repository itself
    assert main(["init", "--dir", os.fsdecode(b"caf\xe9")]) == 2  # cannot go into .pmkit.toml
    assert list(repo.iterdir()) == [repo / ".git"]
    assert not (repo.parent / "outside").exists()


@pytest.mark.parametrize("folder", [".git", ".git/postmortems", "./x/../.GIT/pm"])
def test_init_refuses_a_folder_inside_git_s_own(repo: Path, capsys: pytest.CaptureFixture[str],
                                                folder: str) -> None:
    # Set up there, 'pmkit new' wrote its drafts into .git, where git commits nothing.
    assert main(["init", "--dir", folder]) == 2
    said = posixpath.normpath(folder)
    assert capsys.readouterr() == ("", f"pmkit init: --dir {said} is inside .git, git's own folder, whose "
                                       "files git never commits; choose a folder of the work tree (such as "
                                       "postmortems)\n")
    assert list(repo.iterdir()) == [repo / ".git"] and list((repo / ".git").iterdir()) == []


# --- plain git hooks ----------------------------------------------------------------------


def git(repo: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, input=stdin, capture_output=True, text=True,
                          check=check)


@pytest.fixture
def git_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "PMKIT": f"{sys.executable} -m pmkit", "PMKIT_ARGS": "--select PM0",
           "PYTHONPATH": str(ROOT / "src"), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    git(repo, "init", "-q", "-b", "main", env=env)
    for hook in ("pre-commit", "pre-push"):
        shutil.copy(HOOKS / hook, repo / ".git" / "hooks" / hook)
    (repo / "postmortems").mkdir()
    return repo, env


def test_pre_commit_hook(git_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = git_repo
    good = GOOD_EXAMPLE.read_text(encoding="utf-8")
    (repo / "postmortems" / "good one.yaml").write_text(good)
    (repo / "notes.yaml").write_text("not: [a postmortem\n")  # outside the folder: not checked
    git(repo, "add", ".", env=env)
    git(repo, "commit", "-qm", "good", env=env)
    # (a postmortem of its own: a copy that keeps the first one's id is PM027, without settings too)
    own = good.replace("id: 2018-10-21-database-partition", "id: 2018-10-22-database-partition")
    (repo / "postmortems" / "bad.yaml").write_text(own.replace("severity: SEV1", "severity: SEV9"))
    git(repo, "add", "postmortems/bad.yaml", env=env)
    result = git(repo, "commit", "-qm", "bad", env=env, check=False)
    assert result.returncode != 0
    assert "postmortems/bad.yaml:7:11: PM013 'SEV9' is not a valid severity" in result.stderr
    assert "commit with --no-verify" in result.stderr
    (repo / "postmortems" / "bad.yaml").write_text(own.replace("severity: SEV1", "severity: SEV2"))
    git(repo, "add", "postmortems/bad.yaml", env=env)
    result = git(repo, "commit", "-qm", "fixed", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""  # silent when all is well


def test_pre_commit_hook_warns_about_unstaged_changes(git_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = git_repo
    good = GOOD_EXAMPLE.read_text(encoding="utf-8")
    (repo / "postmortems" / "a.yaml").write_text(good.replace("severity: SEV1", "severity: SEV9"))
    git(repo, "add", ".", env=env)
    (repo / "postmortems" / "a.yaml").write_text(good)
    result = git(repo, "commit", "-qm", "a", env=env, check=False)
    # The working tree is what pmkit reads (documented in hooks/README.md); the hook says so.
    assert result.returncode == 0
    assert result.stderr == ("pmkit: these postmortems have unstaged changes; the working-tree "
                             "version is checked:\n    postmortems/a.yaml\n")


def test_pre_push_hook(git_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = git_repo
    good = GOOD_EXAMPLE.read_text(encoding="utf-8")
    (repo / "postmortems" / "a.yaml").write_text(good)
    git(repo, "add", ".", env=env)
    git(repo, "commit", "-qm", "a", "--no-verify", env=env)
    first = git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    # (a postmortem of its own: a copy that keeps a.yaml's id is PM027, which names a.yaml)
    good_b = good.replace("id: 2018-10-21-database-partition", "id: 2018-10-22-database-partition")
    (repo / "postmortems" / "b.yaml").write_text(good_b.replace("lang: en", "lang: fr"))
    git(repo, "add", ".", env=env)
    git(repo, "commit", "-qm", "b", "--no-verify", env=env)
    head = git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    hook = str(repo / ".git" / "hooks" / "pre-push")

    def push(remote_oid: str) -> subprocess.CompletedProcess[str]:
        line = f"refs/heads/main {head} refs/heads/main {remote_oid}\n"
        return subprocess.run([hook, "origin", "https://example.com/r.git"], cwd=repo, env=env, input=line,
                              capture_output=True, text=True, check=False)

    result = push(first)  # only b.yaml changed since the remote's commit
    assert result.returncode == 1
    assert "postmortems/b.yaml:6:7: PM013" in result.stdout
    assert "a.yaml" not in result.stdout
    result = push("0" * 40)  # a new branch, no remote HEAD known: every postmortem
    assert result.returncode == 1 and "postmortems/b.yaml" in result.stdout
    (repo / "postmortems" / "b.yaml").write_text(good_b)
    git(repo, "commit", "-qam", "fix", "--no-verify", env=env)
    head = git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    assert push(first).returncode == 0


def test_pre_push_hook_compares_with_the_remotes_commit(git_repo: tuple[Path, dict[str, str]]) -> None:
    """A published fact changed in a pushed commit (that skipped the pre-commit hook) is refused."""
    repo, env = git_repo
    env = {**env, "PMKIT_ARGS": "--select PM6"}
    good = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert "status: published" in good
    (repo / "postmortems" / "a.yaml").write_text(good)
    git(repo, "add", ".", env=env)
    git(repo, "commit", "-qm", "a", "--no-verify", env=env)
    first = git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    changed = good.replace("users_affected: 31000000", "users_affected: 45000000")
    assert changed != good
    (repo / "postmortems" / "a.yaml").write_text(changed)
    git(repo, "commit", "-qam", "quietly longer", "--no-verify", env=env)
    head = git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    line = f"refs/heads/main {head} refs/heads/main {first}\n"
    result = subprocess.run([str(repo / ".git" / "hooks" / "pre-push"), "origin", "https://example.com/r.git"],
                            cwd=repo, env=env, input=line, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert " PM601 " in result.stdout
    unknown = "f" * 40  # pushed by someone else since the last fetch: refused, not waved through
    line = f"refs/heads/main {head} refs/heads/main {unknown}\n"
    result = subprocess.run([str(repo / ".git" / "hooks" / "pre-push"), "origin", "https://example.com/r.git"],
                            cwd=repo, env=env, input=line, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"the remote's commit {unknown} is not in this repository; run 'git fetch'" in result.stderr


def test_init_leaves_a_read_only_pyproject_alone(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    pyproject.chmod(0o444)
    assert main(["init"]) == 2
    err = capsys.readouterr().err
    assert "the file is read-only" in err and "pyproject.toml" in err
    assert pyproject.read_text(encoding="utf-8") == "[project]\nname = 'x'\n"
    assert pyproject.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("pyproject, said", [
    ("tool = 5\n", "pyproject.toml:1:8: 'tool' is not a table, so [tool.pmkit] cannot be added to it"),
    ('tool = "pmkit"\n',  # was taken as configured
     "pyproject.toml:1:8: 'tool' is not a table, so [tool.pmkit] cannot be added to it"),
    ("[tool]\npmkit = 1\n", "pyproject.toml:2:9: [tool.pmkit] must be a table; make it [tool.pmkit]"),
])
def test_init_refuses_a_pyproject_whose_tool_is_not_a_table(
        repo: Path, pyproject: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert main(["init"]) == 2
    assert said in capsys.readouterr().err
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == pyproject


@pytest.mark.parametrize("name", ["pyproject.toml", ".pre-commit-config.yaml"])
def test_init_does_not_wait_on_a_named_pipe(repo: Path, name: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(repo / name)
    assert main(["init"]) == 2  # opening it would wait for a writer for ever
    assert f"{name} is not a regular file" in capsys.readouterr().err
    assert (repo / name).is_fifo()


def test_init_says_a_folder_name_with_a_line_break_on_one_line(repo: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--dir", "a\nb"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "created a\\nb/"
    assert (repo / "a\nb").is_dir()


def test_init_says_a_dangling_link_is_in_the_way(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".pmkit.toml").symlink_to(repo / "gone.toml")
    assert main(["init"]) == 2
    assert "already exists, as a symbolic link to a missing file" in capsys.readouterr().err


# --- --dir: the hook checks the folder; a set-up for another folder is not changed ------------


def hook_files(repo: Path) -> list[str]:
    """What pre-commit itself selects for the pmkit hook of the repository's config, from a few
    candidate paths: the config validated by pre-commit, the hook's defaults from the manifest."""
    from pre_commit.clientlib import load_config
    from pre_commit.commands.run import filter_by_include_exclude
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    manifest = {hook["id"]: hook for hook in hooks}
    config = load_config(str(repo / ".pre-commit-config.yaml"))
    (entry,) = [r for r in config["repos"] if r["repo"] == "https://github.com/pmkit/pmkit"]
    # The pmkit hook: the repository-wide one is given no file names (pass_filenames: false).
    (hook,) = [hook for hook in entry["hooks"] if hook["id"] == "pmkit"]
    assert [hook["id"] for hook in entry["hooks"]] == ["pmkit", "pmkit-history-repo"]
    files = {**manifest[hook["id"]], **{k: v for k, v in hook.items() if k in ("id", "files")}}["files"]
    candidates = ["postmortems/a.yaml", "docs/incidents/a.yaml", "docs/incidents-old/a.yaml",
                  "x/docs/incidents/a.yaml",
                  "docs/incidents (2024)+/a.yaml", "docs/incidentsX2024Y+/a.yaml", "a\nb/a.yaml"]
    return list(filter_by_include_exclude(candidates, files, "^$"))


def test_init_dir_makes_the_hook_check_that_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--dir", "docs/incidents"]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "created docs/incidents/", "created .pmkit.toml",
        "created .pre-commit-config.yaml with the pmkit hooks, for files matching ^docs/incidents/"]
    assert (repo / ".pre-commit-config.yaml").read_text() == (
        "repos:\n  - repo: https://github.com/pmkit/pmkit\n    rev: v0.1.0\n    hooks:\n      - id: pmkit\n"
        "        files: ^docs/incidents/\n      - id: pmkit-history-repo\n")
    assert hook_files(repo) == ["docs/incidents/a.yaml"]
    assert (repo / ".pmkit.toml").read_text().splitlines()[2] == 'paths = ["docs/incidents"]'
    before = snapshot(repo)
    assert main(["init", "--dir", "docs/incidents/"]) == 0  # the same folder, written otherwise
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"
    assert main(["init"]) == 0  # without --dir: the configured folder
    assert snapshot(repo) == before


def test_init_dir_adds_the_files_pattern_to_an_existing_pre_commit_config(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT)
    assert main(["init", "--dir", "docs/incidents"]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text() == PRE_COMMIT.replace(
        "  - id: check-yaml   # yes, this one\n",
        "  - id: check-yaml   # yes, this one\n- repo: https://github.com/pmkit/pmkit\n  rev: v0.1.0\n"
        "  hooks:\n"  # the hooks written level with 'hooks:', as the file's own are
        "  - id: pmkit\n    files: ^docs/incidents/\n  - id: pmkit-history-repo\n")
    assert hook_files(repo) == ["docs/incidents/a.yaml"]


@pytest.mark.parametrize("folder, line, selected", [
    ("docs/incidents (2024)+", "files: '^docs/incidents\\ \\(2024\\)\\+/'", "docs/incidents (2024)+/a.yaml"),
    ("a\nb", "files: ^a\\x0ab/", "a\nb/a.yaml"),
])
def test_init_dir_escapes_the_folder_in_the_pattern(repo: Path, folder: str, line: str,
                                                    selected: str) -> None:
    assert main(["init", "--dir", folder]) == 0
    assert (repo / ".pre-commit-config.yaml").read_text().splitlines()[-2] == "        " + line
    assert hook_files(repo) == [selected]


def test_init_for_the_default_folder_keeps_the_hooks_default(repo: Path) -> None:
    assert main(["init", "--dir", "./postmortems/"]) == 0
    assert "files" not in (repo / ".pre-commit-config.yaml").read_text()
    assert hook_files(repo) == ["postmortems/a.yaml"]


def test_init_for_another_folder_changes_nothing_and_says_what_to_edit(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--dir", "docs/incidents"]) == 0
    capsys.readouterr()
    before = snapshot(repo)
    assert main(["init", "--dir", "other"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "pmkit init: pmkit is already set up here for another postmortem folder than other/; "
        "nothing changed:\n"
        '  .pmkit.toml: paths = ["docs/incidents"]\n'
        "  .pre-commit-config.yaml: the pmkit hook checks files matching ^docs/incidents/\n"
        "To check other/ too, add it by hand (or put it in place of the folder named there), then run "
        "pmkit init --dir other again:\n"
        '  in .pmkit.toml: paths = ["docs/incidents", "other"]\n'
        "  in .pre-commit-config.yaml, under '- id: pmkit': files: '^docs/incidents/|^other/'\n")
    assert snapshot(repo) == before and not (repo / "other").exists()
    # done as said, init sets the folder up
    dotfile, pre_commit = repo / ".pmkit.toml", repo / ".pre-commit-config.yaml"
    dotfile.write_text(dotfile.read_text().replace('["docs/incidents"]', '["docs/incidents", "other"]'))
    pre_commit.write_text(pre_commit.read_text().replace("^docs/incidents/", "'^docs/incidents/|^other/'"))
    assert main(["init", "--dir", "other"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "created other/"


def test_init_without_dir_beside_a_hook_for_another_folder(repo: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    text = ("repos:\n- repo: https://github.com/pmkit/pmkit\n  rev: v0.1.0\n  hooks:\n  - id: pmkit\n"
            "    files: ^docs/incidents/\n  - id: pmkit-history-repo\n")
    (repo / ".pre-commit-config.yaml").write_text(text)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        "pmkit init: pmkit is already set up here for another postmortem folder than postmortems/; "
        "nothing changed:\n"
        "  .pre-commit-config.yaml: the pmkit hook checks files matching ^docs/incidents/\n"
        "To check postmortems/ too, add it by hand (or put it in place of the folder named there), then run "
        "pmkit init again:\n"
        "  in .pre-commit-config.yaml, under '- id: pmkit': files: '^docs/incidents/|^postmortems/'\n"
        "Or pass --dir with the folder set up there (without it, pmkit init sets up postmortems/).\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".pre-commit-config.yaml"]
    assert main(["init", "--dir", "docs/incidents"]) == 0  # pmkit-history-repo takes no files
    assert (repo / ".pmkit.toml").is_file() and (repo / "docs" / "incidents").is_dir()
    assert (repo / ".pre-commit-config.yaml").read_text() == text


def test_init_without_dir_creates_the_configured_folder(repo: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["./incidents/", "old"]\n')
    assert main(["init"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "created incidents/",
        "created .pre-commit-config.yaml with the pmkit hooks, for files matching ^incidents/|^old/"]
    assert (repo / "incidents").is_dir() and not (repo / "old").exists()
    assert "files: '^incidents/|^old/'\n" in (repo / ".pre-commit-config.yaml").read_text()
    (repo / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["../elsewhere"]\n')
    assert main(["init"]) == 2
    assert capsys.readouterr().err == ("pmkit init: 'paths' in pyproject.toml names ../elsewhere, which is "
                                       "not a folder inside the repository; pass --dir\n")


# --- nothing is created before everything was checked -----------------------------------------


@pytest.mark.parametrize("name, text, said", [
    ("pyproject.toml", "[project\n",
     "pmkit init: pyproject.toml:1:9: invalid TOML: Expected ']' at the end of a table declaration; fix it, "
     "then run pmkit init again\n"),
    (".pmkit.toml", "paths = [\n",
     "pmkit init: .pmkit.toml:2:1: invalid TOML: Invalid value (at end of document); fix it, then run "
     "pmkit init again\n"),
    (".pre-commit-config.yaml", "repos: [\n", "pmkit init: .pre-commit-config.yaml is not valid YAML"),
    (".pre-commit-config.yaml", "repos: [{repo: local, hooks: []}]\n",
     "pmkit init: cannot edit .pre-commit-config.yaml safely"),
])
def test_init_creates_nothing_when_a_file_cannot_be_edited(
        repo: Path, name: str, text: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / name).write_text(text)
    assert main(["init"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # "created postmortems/" was said, and done, before the error
    assert captured.err.startswith(said)
    assert sorted(p.name for p in repo.iterdir()) == [".git", name]


def test_init_creates_nothing_when_a_file_cannot_be_written(repo: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (repo / "pyproject.toml").chmod(0o444)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == ("pmkit init: pyproject.toml: the file is read-only; make it writable, "
                                       "then run pmkit init again\n")
    (repo / "pyproject.toml").unlink()
    (repo / ".pre-commit-config.yaml").symlink_to(repo / "gone.yaml")
    assert main(["init"]) == 2
    assert capsys.readouterr().err == ("pmkit init: .pre-commit-config.yaml already exists, as a symbolic "
                                       "link to a missing file; move it away, then run pmkit init again\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".pre-commit-config.yaml"]


def test_init_appends_to_a_pyproject_that_starts_with_a_byte_order_mark(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Windows editor's byte order mark is no TOML error at line 1, column 1: the file is
    appended to (the mark kept, as everything else in it) and pmkit reads the settings."""
    (repo / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[project]\nname = "x"\n')
    assert main(["init"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["created postmortems/",
                                                        "added [tool.pmkit] to pyproject.toml"]
    written = (repo / "pyproject.toml").read_bytes()
    assert written.startswith(b'\xef\xbb\xbf[project]\nname = "x"\n\n[tool.pmkit]\n')
    assert main(["init"]) == 0
    assert capsys.readouterr().out == "pmkit is already set up here; nothing changed.\n"
    from pmkit.config import load_config

    assert load_config(start=repo).source == repo / "pyproject.toml"
