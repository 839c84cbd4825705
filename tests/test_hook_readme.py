"""pre-commit names every Markdown file of the postmortem folder, a README beside the
postmortems too, which a check of the folder passes over; reported as a postmortem without front
matter (PM007, an error), it blocked every commit. Run by pre-commit (PRE_COMMIT=1), the check
passes such a file over, as the folder's check does; a draft with a postmortem's sections is
still checked, and a README named by hand is still reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, postmortem_folder
from pmkit.cli import main

README = "# Postmortems\n\nOne file per incident; run `pmkit new`.\n"
DRAFT = "# Checkout outage\n\n## Summary\n\nCheckout failed.\n\n## Timeline\n\n- 10:00 detected\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = postmortem_folder(tmp_path, monkeypatch, "a.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    (root / "postmortems" / "README.md").write_text(README, encoding="utf-8")
    (root / "postmortems" / "draft.md").write_text(DRAFT, encoding="utf-8")
    return root


def test_the_hook_passes_over_a_readme_as_the_folders_check_does(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert main(["check", "--select", "PM007", "postmortems/README.md", "postmortems/a.yaml"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "--select", "PM007", "postmortems/README.md", "postmortems/draft.md"]) == 1
    out = capsys.readouterr().out
    assert "postmortems/draft.md:1:1: PM007" in out and "README" not in out


def test_a_readme_named_by_hand_is_still_reported(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert main(["check", "--select", "PM007", "postmortems/README.md"]) == 1
    assert "postmortems/README.md:1:1: PM007" in capsys.readouterr().out
    assert main(["check", "--select", "PM007", "postmortems"]) == 1  # (the draft)
    assert "README" not in capsys.readouterr().out
