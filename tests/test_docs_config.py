"""Every settings snippet of the README and docs/ works as documented: in pyproject.toml, in a
.pmkit.toml (as is, below what ``pmkit init`` writes there, and without the tool.pmkit prefix)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from pmkit.cli import main
from pmkit.config import Config, check_config, load_config
from pmkit.engine import Checker

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def snippets() -> list[Any]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"^([ \t]*)```toml\n(.*?)^\1```", text, re.S | re.M):
            line = text.count("\n", 0, match.start()) + 1
            found.append(pytest.param(textwrap.dedent(match.group(2)), id=f"{page.name}:{line}"))
    return found


def settings(config: Config) -> dict[str, Any]:
    return {f.name: getattr(config, f.name) for f in fields(config)
            if f.name not in ("source", "root", "checked")}


def load(folder: Path, name: str, text: str) -> Config:
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    lexicon = re.search(r'^lexicon = "(.*?)"', text, re.M)
    if lexicon:  # a team lexicon the snippet names: an empty one will do
        (folder / lexicon.group(1)).parent.mkdir(parents=True, exist_ok=True)
        (folder / lexicon.group(1)).write_text("entries: []\n", encoding="utf-8")
    return load_config(folder / name)


def test_the_pages_have_settings_snippets() -> None:
    assert len(snippets()) >= 9


@pytest.mark.parametrize("snippet", snippets())
def test_a_settings_snippet_works_in_either_file(snippet: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert "[tool.pmkit" in snippet, "a snippet shows where its settings go"
    config = load(tmp_path / "pyproject", "pyproject.toml", snippet)
    # The rule families read their settings when the first file is checked: a typo there is an
    # error then, and must not be one in the docs.
    Checker(check_config(config), now="2026-11-25T12:00:00Z").check_text(
        "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\nsummary: It failed.\n", "x.yaml")
    expected = settings(config)
    assert settings(load(tmp_path / "dotfile", ".pmkit.toml", snippet)) == expected
    bare = re.sub(r"^\[tool\.pmkit\]\n", "", snippet, flags=re.M)
    bare = re.sub(r"^(\[\[?)tool\.pmkit\.", r"\1", bare, flags=re.M)
    assert "tool.pmkit" not in bare
    assert settings(load(tmp_path / "bare", ".pmkit.toml", bare)) == expected
    if not re.search(r"^\[tool\.pmkit\]$", snippet, re.M):  # a family's table: pasted below init's
        monkeypatch.chdir(tmp_path / "pyproject")
        (tmp_path / "pyproject" / "pyproject.toml").unlink()
        assert main(["init"]) == 0
        with (tmp_path / "pyproject" / ".pmkit.toml").open("a", encoding="utf-8") as stream:
            stream.write("\n" + snippet)
        pasted = settings(load_config(tmp_path / "pyproject" / ".pmkit.toml"))
        assert pasted == {**expected, "paths": ["postmortems"], "timezone": "UTC"}
