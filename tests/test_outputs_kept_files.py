"""``--output`` of ``check`` and ``render`` never replaces a file of pmkit's own: the settings
file in use, another ``pyproject.toml`` or ``.pmkit.toml``, or a baseline (postmortems have
their own tests). ``render -o pyproject.toml`` wrote the page over the project's settings, and
every later run stopped at TOML that did not parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE, postmortem_folder
from pmkit.cli import main

SETTINGS = '[project]\nname = "x"\n\n[tool.pmkit]\npaths = ["postmortems"]\n'
PAGE = "pages end in .md or .html"
REPORT = "pmkit.sarif, pmkit.json, pmkit.txt"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    postmortem_folder(tmp_path, monkeypatch, "a.yaml", GOOD_EXAMPLE.read_text(encoding="utf-8"))
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "pyproject.toml").write_text('[project]\nname = "tools"\n', encoding="utf-8")
    (tmp_path / "tools" / ".pmkit.toml").write_text("[tool.pmkit]\n", encoding="utf-8")
    return tmp_path


def _files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize(("target", "kept"), [
    ("pyproject.toml", "the settings file pmkit reads ({root}/pyproject.toml)"),
    ("./tools/../pyproject.toml", "the settings file pmkit reads ({root}/pyproject.toml)"),
    ("tools/pyproject.toml", "a settings file (pyproject.toml)"),
    ("tools/.pmkit.toml", "a settings file (.pmkit.toml)"),
    ("baseline.json", "a pmkit baseline"),
])
def test_render_and_check_refuse_to_replace_settings_and_baselines(
        repo: Path, capsys: pytest.CaptureFixture[str], target: str, kept: str) -> None:
    assert main(["check", "--write-baseline", "baseline.json", "postmortems"]) == 0
    capsys.readouterr()
    before = _files(repo)
    kept = kept.format(root=repo)

    assert main(["render", "postmortems/a.yaml", "-o", target]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: --output {target} is {kept}; writing the page there "
                                       f"would replace it. Choose another file ({PAGE}).\n")
    assert main(["check", "--format", "json", "-o", target, "postmortems"]) == 2
    assert capsys.readouterr() == ("", f"pmkit: --output {target} is {kept}; writing the report there "
                                       f"would replace it. Choose another file ({REPORT}).\n")
    assert _files(repo) == before


def test_a_page_or_report_written_before_is_still_replaced(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A JSON report is no baseline, nor is a page a settings file: each run writes its own anew.
    for fmt in ("json", "sarif", "text"):
        for _ in range(2):
            assert main(["check", "--format", fmt, "-o", f"report.{fmt}", "postmortems"]) in (0, 1)
    for _ in range(2):
        assert main(["render", "postmortems/a.yaml", "-o", "page.md"]) == 0
        assert main(["render", "postmortems/a.yaml", "-o", "settings.toml.md"]) == 0
    capsys.readouterr()
    assert (repo / "page.md").read_text(encoding="utf-8").startswith("# Degraded service")
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == SETTINGS


def test_a_baseline_read_as_one_is_also_replaced_as_one(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Saved again with a byte order mark, or written by hand without "generator": --baseline read
    # it, and --write-baseline refused to replace it as "not a pmkit baseline".
    assert main(["check", "--write-baseline", "baseline.json", "postmortems"]) == 0
    written = (repo / "baseline.json").read_text(encoding="utf-8")
    (repo / "bom.json").write_bytes(b"\xef\xbb\xbf" + written.encode("utf-8"))
    (repo / "by-hand.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")
    (repo / "other.json").write_text('{"version": 1, "entries": []}', encoding="utf-8")
    capsys.readouterr()

    for name in ("bom.json", "by-hand.json"):
        assert main(["check", "--baseline", name, "postmortems"]) == 0
        assert main(["check", "--write-baseline", name, "postmortems"]) == 0
        assert (repo / name).read_text(encoding="utf-8") == written
    assert main(["check", "--write-baseline", "other.json", "postmortems"]) == 2
    assert (repo / "other.json").read_text(encoding="utf-8") == '{"version": 1, "entries": []}'
    (repo / "bom.json").write_bytes(b"\xef\xbb\xbf" + written.encode("utf-8"))
    capsys.readouterr()
    assert main(["render", "postmortems/a.yaml", "-o", "bom.json"]) == 2
    assert "is a pmkit baseline; writing the page there would replace it" in capsys.readouterr().err


@pytest.mark.parametrize("text", [
    "## Summary\n\nCheckout failed.\n\n## Timeline\n\n- 10:00 detected\n",  # a draft's sections alone
    "---\ntitle: Checkout outage\n---\n\n## Summary\n\nCheckout failed.\n",  # front matter without 'pmkit'
])
def test_check_output_never_replaces_a_markdown_file_a_check_reads_as_a_postmortem(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    # A draft that 'pmkit check postmortems' reads (and reports PM007 or PM011 for) was replaced
    # by the JSON report. No report of pmkit's has such a heading or front matter.
    (repo / "postmortems" / "draft.md").write_text(text, encoding="utf-8")
    capsys.readouterr()

    assert main(["check", "--format", "json", "-o", "postmortems/draft.md", "postmortems/a.yaml"]) == 2

    said = ("pmkit: --output postmortems/draft.md is a Markdown file that 'pmkit check' reads as a "
            "postmortem (front matter, or a postmortem's section headings); writing the report there would "
            f"replace it. Choose another file ({REPORT}).\n")
    assert capsys.readouterr() == ("", said)
    assert (repo / "postmortems" / "draft.md").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("link", "target", "kept"), [
    # The link's own name is a page's or a report's; the file written through it is not.
    ("page.md", "postmortems/b.yaml", "a postmortem"),
    ("report.txt", "postmortems/b.yaml", "a postmortem"),
    ("settings.txt", "tools/pyproject.toml", "a settings file (pyproject.toml)"),
])
def test_render_and_check_refuse_a_link_to_a_kept_file(
        repo: Path, capsys: pytest.CaptureFixture[str], link: str, target: str, kept: str) -> None:
    (repo / "postmortems" / "b.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / link).symlink_to(target)
    before = _files(repo)

    assert main(["render", "postmortems/a.yaml", "-o", link]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: --output {link} is {kept}; writing the page there "
                                       f"would replace it. Choose another file ({PAGE}).\n")
    assert main(["check", "--format", "json", "-o", link, "postmortems"]) == 2
    assert capsys.readouterr() == ("", f"pmkit: --output {link} is {kept}; writing the report there "
                                       f"would replace it. Choose another file ({REPORT}).\n")
    assert _files(repo) == before
