"""Own fixes of the sixteenth round, each seen failing on the code before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- pmkit init writes its hooks in the style of the file it edits --------------------------

OTHER = "https://github.com/pre-commit/pre-commit-hooks"


@pytest.mark.parametrize(("existing", "added"), [
    # hooks level with 'hooks:' (ruamel's and many projects' style)
    (f"repos:\n- repo: {OTHER}\n  rev: v4.6.0\n  hooks:\n  - id: check-yaml\n",
     "- repo: https://github.com/pmkit/pmkit\n  rev: v0.1.0\n  hooks:\n"
     "  - id: pmkit\n    files: ^docs/pm/\n  - id: pmkit-history-repo\n"),
    # the common style, two spaces further in (unchanged)
    (f"repos:\n  - repo: {OTHER}\n    rev: v4.6.0\n    hooks:\n      - id: check-yaml\n",
     "  - repo: https://github.com/pmkit/pmkit\n    rev: v0.1.0\n    hooks:\n"
     "      - id: pmkit\n        files: ^docs/pm/\n      - id: pmkit-history-repo\n"),
    # keys lined up four columns after the dash
    (f"repos:\n    -   repo: {OTHER}\n        rev: v4.6.0\n        hooks:\n            -   id: check-yaml\n",
     "    -   repo: https://github.com/pmkit/pmkit\n        rev: v0.1.0\n        hooks:\n"
     "            -   id: pmkit\n                files: ^docs/pm/\n            -   id: pmkit-history-repo\n"),
    # a first entry whose hooks come after a comment and a blank line
    (f"repos:\n- repo: {OTHER}\n  rev: v4.6.0\n  hooks:   # ours\n\n  # yaml first\n  - id: check-yaml\n",
     "- repo: https://github.com/pmkit/pmkit\n  rev: v0.1.0\n  hooks:\n"
     "  - id: pmkit\n    files: ^docs/pm/\n  - id: pmkit-history-repo\n"),
])
def test_init_writes_its_entry_in_the_files_own_indentation(repo: Path, existing: str, added: str) -> None:
    """Before, the hooks were always two spaces in from 'hooks:': a file written the other
    way got two styles (yamllint's 'indentation: consistent' refuses that)."""
    config = repo / ".pre-commit-config.yaml"
    config.write_text(existing)
    assert main(["init", "--dir", "docs/pm"]) == 0
    assert config.read_text() == existing + added
