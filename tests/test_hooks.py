"""The pre-commit manifest matches the rule catalogue, and the real pre-commit runs the hook."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from helpers import tool
from pmkit.rules import FAMILIES, registry

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _hooks() -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = YAML(typ="safe").load(MANIFEST.read_text())
    return hooks


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    assert next(h["id"] for h in load_manifest(str(MANIFEST))) == "pmkit"


def test_every_family_with_rules_has_a_hook() -> None:
    selected = set()
    for hook in _hooks():
        entry = str(hook["entry"])
        assert entry.startswith("pmkit check")
        if "--select" in entry:
            codes = entry.split("--select", 1)[1].strip().split(",")
            assert all(registry().matches_any(code) for code in codes), entry
            selected.update(code[:3] for code in codes)
    families = {rule.code[:3] for rule in registry()}
    assert families - {"PM9"} <= selected
    assert selected <= set(FAMILIES)


def test_default_files_pattern() -> None:
    import re

    for hook in _hooks():
        if hook.get("pass_filenames") is False:
            continue  # a whole-repository hook finds its files itself
        pattern = re.compile(str(hook["files"]))
        assert pattern.search("postmortems/2024/a.yaml")
        assert not pattern.search("docs/readme.md")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(os.environ.get("PMKIT_SKIP_PRECOMMIT") == "1", reason="PMKIT_SKIP_PRECOMMIT=1")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_real_pre_commit_try_repo(tmp_path: Path) -> None:
    """pre-commit installs pmkit from this checkout and runs it on a good and a bad file."""
    repo = tmp_path / "repo"
    (repo / "postmortems").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    good = repo / "postmortems" / "good.yaml"
    good.write_text("pmkit: 1\nid: good\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\n")
    bad = repo / "postmortems" / "bad.yaml"
    bad.write_text("pmkit: 1\nid: bad\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV4\nsumary: x\n")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool("pre-commit") or "pre-commit", "try-repo", str(ROOT), "pmkit-schema",
             "--files", *files],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600,
        )

    ok = try_repo("postmortems/good.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout
    failed = try_repo("postmortems/good.yaml", "postmortems/bad.yaml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "postmortems/bad.yaml:7:1: PM010 unknown key 'sumary'" in failed.stdout


def _documented_hooks() -> list[tuple[str, dict[str, object]]]:
    """(file, hook) for each hook definition shown in a YAML block of the docs."""
    import re

    shown = []
    for page in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "hooks" / "README.md", ROOT / "README.md"]:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```ya?ml\n(.*?)```", text, re.DOTALL):
            try:
                data = YAML(typ="safe").load(block)
            except Exception:  # a fragment with placeholders is not a hook list
                continue
            if isinstance(data, list):
                shown.extend((page.name, hook) for hook in data
                             if isinstance(hook, dict) and "entry" in hook and "id" in hook)
    return shown


def test_hook_definitions_in_the_docs_match_the_manifest() -> None:
    """A hook shown in the docs is shown as pre-commit will run it: every key as in the manifest."""
    manifest = {str(hook["id"]): hook for hook in _hooks()}
    shown = _documented_hooks()
    assert {hook["id"] for _, hook in shown} >= {"pmkit-history", "pmkit-history-repo"}
    for page, hook in shown:
        assert hook["id"] in manifest, (page, hook["id"])
        real = manifest[str(hook["id"])]
        assert {key: real.get(key) for key in hook} == hook, page


def test_hook_ids_named_in_the_docs_exist() -> None:
    import re

    ids = {str(hook["id"]) for hook in _hooks()}
    for page in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "hooks" / "README.md", ROOT / "README.md"]:
        # A hook id in code quotes (`pmkit-history`) or after "id:" in a configuration.
        found = re.findall(r"`(pmkit-[a-z]+(?:-[a-z]+)*)`|\bid: (pmkit(?:-[a-z]+)*)\b",
                           page.read_text(encoding="utf-8"))
        named = {quoted or after_id for quoted, after_id in found}
        assert named <= ids, (page.name, sorted(named - ids))


def test_pmkit_init_knows_the_hooks_defaults() -> None:
    """init writes ``files:`` only for another folder than the hooks' own, and reads a hook's
    ``files`` as the manifest's default when the config leaves it out."""
    from pmkit.commands.init import DEFAULT_FOLDER, HOOK_FILES, HOOK_IDS, REPO_WIDE_HOOKS, files_pattern

    hooks = {str(hook["id"]): hook for hook in _hooks()}
    assert set(HOOK_IDS) <= set(hooks)
    repo_wide = {hook_id for hook_id, hook in hooks.items() if hook.get("pass_filenames") is False}
    assert repo_wide == REPO_WIDE_HOOKS
    assert {str(hook["files"]) for hook_id, hook in hooks.items() if hook_id not in repo_wide} == {HOOK_FILES}
    assert files_pattern([DEFAULT_FOLDER]) is None and files_pattern(["docs/pm"]) == "^docs/pm/"
