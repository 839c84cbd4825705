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


# --- PM028: a second front matter right under a heading, a fence or another one -------------

_FRONT = "---\npmkit: 1\nid: x\ntitle: T\nstatus: draft\nlang: en\nseverity: SEV3\n---\n"


@pytest.mark.parametrize(("body", "expected"), [
    # right under a '#' heading: '---' is a rule there, not an underline
    ("## Status\n---\nstatus: published\n---\n", [(10, 12)]),
    # right under a closing code fence
    ("## Summary\n\n```\nx\n```\n---\nstatus: published\n---\n", [(14, 16)]),
    # two blocks one after the other
    ("## Summary\n\n---\nstatus: published\n---\n---\nauthors: [a]\n---\n", [(11, 13), (14, 16)]),
    # right under a comment that was closed
    ("## Summary\n\n<!-- old -->\n---\nstatus: published\n---\n", [(12, 14)]),
])
def test_a_second_front_matter_needs_no_blank_line_before_it(
        body: str, expected: list[tuple[int, int]]) -> None:
    """Before, a blank line had to come first, which a '#' heading, a fence or another block
    needs no more than the page does: these blocks set nothing, and nothing said so."""
    import pmkit

    found = [d for d in pmkit.check_text(_FRONT + body, "pm.md", now="2026-03-05") if d.code == "PM028"]
    assert [(d.line, d.end_line) for d in found] == expected


def test_a_paragraphs_underline_still_opens_no_block() -> None:
    """Guard: under a line of text, '---' makes that line a heading (the fifteenth round's guard
    tests pin the other look-alikes)."""
    import pmkit

    text = _FRONT + "## Summary\n\nstatus: published\n---\nid: y\n---\n"
    assert [d.code for d in pmkit.check_text(text, "pm.md", now="2026-03-05") if d.code == "PM028"] == []


# --- the privacy rules read again a line with any character of no width ----------------------


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u2066", "\u180e"])
def test_an_address_with_a_direction_mark_in_it_is_found(mark: str) -> None:
    """The privacy rules read a line again as Markdown shows it only when it holds a character
    that shows otherwise; their list of characters of no width was shorter than the one the
    blameless rules read text without, and an address with a mark of writing direction in it
    (as copied from a chat client) passed."""
    from helpers import DRAFT_HEAD, spans

    text = DRAFT_HEAD.format(lang="en") + f"summary: Reported by jane{mark}@acme.com in the ticket.\n"
    assert [found[:5] for found in spans(text, ["PM505"], "pm.yaml")] == [("PM505", 7, 22, 7, 36)]
