"""``pmkit render``: Markdown and HTML pages, durations, escaping, German labels."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import EXAMPLES, FIXTURES, GOOD_EXAMPLE
from pmkit.api import load, loads
from pmkit.cli import main
from pmkit.render import format_duration, md_escape, mermaid_label, render

SMALL = FIXTURES / "authoring" / "small.yaml"
MD_EXAMPLE = EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md"


@pytest.mark.parametrize(
    ("minutes", "en", "de"),
    [(0, "0 min", "0 min"), (7, "7 min", "7 min"), (60, "1 h", "1 h"), (68, "1 h 8 min", "1 h 8 min"),
     (24 * 60 + 11, "24 h 11 min", "24 h 11 min"), (75 * 60, "3 d 3 h", "3 T 3 h"),
     (72 * 60 + 59, "3 d 1 h", "3 T 1 h"), (95 * 60 + 40, "4 d 0 h", "4 T 0 h"),
     (48 * 60 + 29, "2 d 0 h", "2 T 0 h"),
     (-5, "−5 min", "−5 min")],
)
def test_format_duration(minutes: int, en: str, de: str) -> None:
    assert format_duration(timedelta(minutes=minutes), "en") == en
    assert format_duration(timedelta(minutes=minutes), "de") == de


def test_markdown_page_exact() -> None:
    expected = (FIXTURES / "authoring" / "small.expected.md").read_text(encoding="utf-8")
    assert render(load(SMALL), "md") == expected


def test_markdown_escaping() -> None:
    assert md_escape("a | b <i>*x*</i> [l](u) `c` #1 \\") == (
        "a \\| b \\<i\\>\\*x\\*\\</i\\> \\[l\\](u) \\`c\\` \\#1 \\\\")
    assert md_escape("two\nlines") == "two lines"
    page = render(load(SMALL), "md")
    assert "# DNS \\| zone \\<expired\\>: \\*all\\* lookups failed\n" in page
    # only http(s) links become links; the URL's parentheses cannot end the link early
    assert "[1](https://grafana.example.com/d/dns?a=%281%29), javascript:alert(1) |" in page


def test_mermaid_labels_carry_no_syntax() -> None:
    label = mermaid_label("Re-sign now: skip review; #1 priority %% really")
    assert label == "Re-sign now꞉ skip review, ＃1 priority ％％ really"
    assert not set(label) & set(":;#%")
    assert mermaid_label("x" * 80).endswith("…") and len(mermaid_label("x" * 80)) == 60
    assert mermaid_label("  \n ") == "-"


@pytest.mark.parametrize("text", ["Title change rolled back", "section 2 of the runbook",
                                  "Click through the runbook", "EXCLUDES weekends", "dateFormat switched",
                                  "Weekend"])
def test_a_mermaid_label_never_starts_a_statement_of_the_chart(text: str) -> None:
    # Mermaid reads these words at the start of a line as gantt statements, whatever their case
    assert mermaid_label(text) == "\u200b" + text


@pytest.mark.parametrize("text", ["Titles reviewed", "Section-level lock", "Click-through rate fell",
                                  "Rolled back"])
def test_a_mermaid_label_that_starts_with_no_keyword_is_unchanged(text: str) -> None:
    assert mermaid_label(text) == text


def test_mermaid_chart_lines() -> None:
    page = render(load(SMALL), "md")
    chart = page.split("```mermaid\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert chart[:4] == ["gantt", "    title Incident timeline (UTC)", "    dateFormat YYYY-MM-DD HH:mm",
                         "    axisFormat %H:%M"]
    for line in chart[4:]:
        if not line.startswith("    section "):
            name, data = line.strip().split(" :", 1)
            assert ":" not in name and ";" not in name and "#" not in name
            assert data.split(", ")[0] in ("crit", "done", "milestone")


def test_durations_in_the_example() -> None:
    page = render(load(GOOD_EXAMPLE), "md")
    assert "| Resolved | 2018-10-22 23:03 | 24 h 11 min | incident coordinator |" in page
    assert "- **Time to detect:** 2 min\n- **Time to acknowledge:** 10 min\n" in page
    assert "- **Time to mitigate:** 17 h 32 min\n- **Time to resolve:** 24 h 11 min\n" in page
    assert "    axisFormat %d.%m %H:%M\n" in page  # a chart over more than a day shows dates


def test_german_labels() -> None:
    text = SMALL.read_text(encoding="utf-8").replace("lang: en", "lang: de")
    page = render(loads(text), "md")
    for heading in ("## Zusammenfassung", "## Auswirkungen", "## Meilensteine", "## Zeitleiste",
                    "## Entscheidungen", "## Beitragende Faktoren", "## Maßnahmen", "## Lehren",
                    "### Was gut lief", "## Korrekturen"):
        assert f"\n{heading}\n" in page
    assert "| Eingedämmt | 2026-03-04 10:25 | 25 min |" in page
    assert "- **Zeit bis zur Erkennung:** 3 min" in page
    assert "| AI1 | Automate zone signing | Vorbeugen | P1 | sre lead | 2026-04-01 | offen |" in page
    assert "    title Ablauf des Vorfalls (UTC)" in page
    assert "- **Abwägung:** Speed over the four-eyes rule." in page


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()


def test_html_is_escaped_balanced_and_self_contained() -> None:
    page = render(load(SMALL), "html")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert not checker.tags & {"script", "link", "img", "iframe", "object"}
    assert not any(name == "src" for name, _ in checker.attrs)
    hrefs = [value for name, value in checker.attrs if name == "href"]
    assert hrefs == ["https://grafana.example.com/d/dns?a=(1)", "https://tracker.example.com/SRE-1"]
    assert "<title>DNS | zone &lt;expired&gt;: *all* lookups failed</title>" in page
    assert "<h1>DNS | zone &lt;expired&gt;: *all* lookups failed</h1>" in page
    assert "default-src 'none'" in page
    assert '<html lang="en">' in page


@pytest.mark.parametrize("fmt, title_line", [
    ("md", "# Login \\[31mred\\[0m \\]8;;http://x.test/link "),  # (\\v is a blank in Markdown)
    ("html", "<h1>Login [31mred[0m ]8;;http://x.test/link</h1>"),
])
def test_pages_hold_no_control_characters(fmt: str, title_line: str) -> None:
    """A title or owner quoted with escapes put ESC, BEL, NUL and \\x0b into the page: printed on a
    terminal they coloured it, cleared it or made links; an HTML or XML reader refuses them."""
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
    quoted = '"Login \\e[31mred\\e[0m \\e]8;;http://x.test/link\\a\\0\\v"'
    evil = text.replace(f"title: {title}", f"title: {quoted}", 1)
    page = render(loads(evil, path="evil.yaml"), fmt)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page)
    assert title_line in page.splitlines()


def test_html_of_the_examples() -> None:
    for path in (GOOD_EXAMPLE, MD_EXAMPLE):
        checker = _Checker()
        checker.feed(render(load(path), "html"))
        assert checker.stack == []


def test_markdown_postmortem_keeps_its_extra_sections(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(MD_EXAMPLE)]) == 0
    page = capsys.readouterr().out
    assert "\n## Background\n\nThe catalog API keeps product data" in page
    assert page.index("## Impact") < page.index("## Background") < page.index("## Milestones")
    assert "\n### Where we got lucky\n\n- The release went out on a Monday afternoon" in page


def test_cli_output_and_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "page.html"
    assert main(["render", str(SMALL), "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert capsys.readouterr().err == f"Wrote {target}\n"
    target = tmp_path / "page.md"
    assert main(["render", str(SMALL), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render(load(SMALL), "md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "page.md"]


@pytest.mark.parametrize("fmt, name", [("html", "page.md"), ("html", "page.markdown"), ("md", "page.HTML")])
def test_cli_refuses_an_output_name_of_the_other_format(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       fmt: str, name: str) -> None:
    assert main(["render", str(SMALL), "--format", fmt, "-o", str(tmp_path / name)]) == 2
    named = "md" if fmt == "html" else "html"
    assert f"names a {named} file, but --format is {fmt}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    # Any other name takes the format asked for.
    assert main(["render", str(SMALL), "--format", "html", "-o", str(tmp_path / "page.txt")]) == 0
    assert (tmp_path / "page.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_output_names_a_folder_or_only_an_ending(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["render", str(SMALL), "-o", "pages/"]) == 2  # it wrote a file called "pages"
    assert "names a folder" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
    assert main(["render", str(SMALL), "-o", ".html"]) == 0  # a name that is only an ending
    assert (tmp_path / ".html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_refuses_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.read_text(encoding="utf-8").replace("severity: SEV2", "severity: SEV9"))
    assert main(["render", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:6:11: PM013 'SEV9' is not a valid severity" in err
    assert "does not load" in err


def test_render_into_standard_output_keeps_the_shells_order(tmp_path: Path) -> None:
    """'-o /dev/stdout' writes through the open file: what the shell writes around it stays
    around it (reopening the file wrote over the start; replacing it lost the rest)."""
    import shutil
    import subprocess
    import sys

    if shutil.which("sh") is None:
        pytest.skip("no POSIX shell")
    out = tmp_path / "page.md"
    script = (f'{{ echo header; "{sys.executable}" -m pmkit render "{GOOD_EXAMPLE}" -o /dev/stdout; '
              f'echo footer; }} > "{out}"')
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "header" and lines[-1] == "footer" and len(lines) > 20


def test_a_bare_date_is_shown_as_the_day_written_with_no_length_in_hours() -> None:
    # A milestone written as a day (PM106) has no time of day: the page showed "00:00" and the
    # chart "Impact (4 d 0 h)", times and lengths the author never wrote.
    pm = loads("pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\ntimeline:\n"
               "  - {at: 2024-01-01, milestone: impact_started, actor: monitoring, event: Errors.}\n"
               "  - {at: 2024-01-03, milestone: detected, actor: monitoring, event: Alert.}\n"
               "  - {at: 2024-01-05T10:30:00Z, milestone: mitigated, actor: SRE, event: Fixed.}\n")
    page = render(pm, "md")
    assert "| Impact started | 2024-01-01 | 0 min | monitoring | Errors. |\n" in page
    assert "| Detected | 2024-01-03 |  | monitoring | Alert. |\n" in page
    assert "| Mitigated | 2024-01-05 10:30 |  | SRE | Fixed. |\n" in page
    assert "| 2024-01-03 | monitoring | **Detected** Alert. |  |\n" in page
    assert "    Impact until mitigated :crit, 2024-01-01 00:00, 2024-01-05 10:30\n" in page
    assert "    Detect :done, 2024-01-01 00:00, 2024-01-03 00:00\n" in page
    assert 'title="Detected: 2024-01-03"' in render(pm, "html")


def _with_log_lines(tmp_path: Path) -> Path:
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("summary: |\n", "summary: |\n  ::add-mask::x\n\n      ::warning::in code\n\n", 1)
    path = tmp_path / "pm.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_page_printed_in_a_github_actions_log_runs_no_workflow_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A summary line '::add-mask::x' started a line of the page, which the step's log ran as a
    workflow command; the page now goes between stop-commands markers there."""
    path = _with_log_lines(tmp_path)
    assert main(["render", str(path)]) == 0
    page = capsys.readouterr().out
    assert "\n::add-mask::x\n" in page and "\n    ::warning::in code\n" in page
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["render", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert re.fullmatch("[0-9a-f]{32}", token)
    assert lines[1:-1] == page.splitlines() and lines[-1] == f"::{token}::"
    assert main(["render", str(GOOD_EXAMPLE)]) == 0  # no line that could be read as a command
    assert "stop-commands" not in capsys.readouterr().out


def test_a_page_redirected_to_a_file_under_github_actions_is_left_as_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import subprocess
    import sys

    path = _with_log_lines(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent.parent / "src"))
    with open(tmp_path / "page.md", "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, "-m", "pmkit", "render", str(path)], stdout=out, check=True)
    assert main(["render", str(path), "-o", str(tmp_path / "written.md")]) == 0
    assert (tmp_path / "page.md").read_text(encoding="utf-8") == (tmp_path / "written.md").read_text(
        encoding="utf-8")
    assert (tmp_path / "page.md").read_text(encoding="utf-8").count("\n::add-mask::x\n") == 1


def test_a_missing_file_or_a_folder_is_said_as_such(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """'pmkit render nope.yaml' reported PM004 at nope.yaml:1:1 and asked to 'fix the errors above'."""
    assert main(["render", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: {tmp_path / 'nope.yaml'}: no such file or folder\n")
    assert main(["render", str(tmp_path)]) == 2
    assert capsys.readouterr() == ("", f"pmkit render: {tmp_path}: is a folder; render takes one postmortem "
                                   "file\n")
