"""Smaller defects found in use: a label that names a section, an alias placed at its anchor, a
YAML 1.1 document, SARIF columns after an astral character, hindsight phrasing, timeline offsets
with two milestones, an interrupted `pmkit new`, and an image's alt text in a section."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from helpers import run, where
from pmkit import libyaml
from pmkit.cli import main
from pmkit.diagnostics import Diagnostic, Report
from pmkit.formats.sarif import sarif_log
from pmkit.loader import parse_text

MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
_FRONT = "---\n" + MINIMAL + "---\n"  # the body starts on line 9


# --- an inline label naming a section ----------------------------------------------------------


@pytest.mark.parametrize(("line", "label", "name", "field"), [
    ("**Impact**: 12% of users saw errors", "**Impact**:", "Impact", "impact.description"),
    ("**Impact:** 12% of users saw errors", "**Impact:**", "Impact", "impact.description"),
    ("Summary: checkout failed for 47 minutes", "Summary:", "Summary", "summary"),
    ("__Impact__ - some users could not pay", "__Impact__ -", "Impact", "impact.description"),
    ("  *Customer impact*: none", "*Customer impact*:", "Customer impact", "impact.description"),
])
def test_an_inline_label_naming_a_section_says_to_make_it_a_heading(
        line: str, label: str, name: str, field: str) -> None:
    # The text after the label filled no field, and nothing said so.
    found = run(_FRONT + f"\n{line}\n", path="pm.md", select=["PM024"])
    column = len(line) - len(line.lstrip()) + 1
    assert where(found) == [("PM024", 10, column)]
    assert (found[0].end_line, found[0].end_col) == (10, column + len(label))
    assert found[0].message == (f"'{label}' is a label in the text, not a heading, and fills no field: "
                                f"make it a '## {name}' heading, from which '{field}' is read")
    assert found[0].hint == f"Write '## {name}' on its own line, and the text after the label below it."


def test_labels_on_joined_lines_are_each_reported() -> None:
    found = run(_FRONT + "\n**Summary**: it failed.\n**Impact**: users saw errors.\n", path="pm.md",
                select=["PM024"])
    assert where(found) == [("PM024", 10, 1), ("PM024", 11, 1)]


def test_a_lesson_label_under_lessons_says_to_make_it_a_subheading() -> None:
    found = run(_FRONT + "\n## Lessons\n\n**What went well**: paging worked.\n", path="pm.md",
                select=["PM024"])
    assert where(found) == [("PM024", 12, 1)]
    assert found[0].message == ("'**What went well**:' is a label in the text, not a heading, and fills no "
                                "field: make it a '### What went well' heading under '## Lessons', from "
                                "which 'lessons.went_well' is read")


@pytest.mark.parametrize("body", [
    "\nNote: the checkout was slow.\n",  # not a section's name
    "\nThe outage had a large\nimpact: customers left.\n",  # a wrapped sentence
    "\n**Impact** was small.\n",  # emphasis in a sentence
    "\nImpact - small.\n",  # a plain name before a dash
    "\n`Impact`: small\n",
    "\n[Impact](#impact): small\n",
    "\n- **Impact**: small\n",
    "\n> **Impact**: small\n",
    "\n```\n**Impact**: small\n```\n",
    "\n**Impact**: small\n---\n",  # a setext heading
    "\n## Summary\n\n**Impact**: small\n",  # part of the summary's text
    "\n## Impact\n\nx\n\nSummary: it broke\n\n## Summary\n\ny\n",  # the field is filled
    "\nhttps://example.com/impact: x\n",
])
def test_text_that_is_no_section_label_or_whose_field_is_filled_is_left_alone(body: str) -> None:
    assert run(_FRONT + body, path="pm.md", select=["PM024"]) == []


def test_a_label_whose_field_the_front_matter_gives_is_left_alone() -> None:
    text = _FRONT.replace("SEV3\n", "SEV3\nsummary: s\n") + "\nSummary: it broke.\n"
    assert run(text, path="pm.md", select=["PM024"]) == []


# --- an alias written as a value ---------------------------------------------------------------


@pytest.fixture(params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure":
        monkeypatch.setattr(libyaml, "compose", lambda text, max_depth, max_nodes: None)
    return str(request.param)


def test_a_value_written_as_an_alias_is_reported_at_the_alias(parser: str) -> None:
    # It was reported at its anchor, 7:11, where the value is right for 'authors'.
    text = MINIMAL + "authors: [&lead 12]\nowner: *lead\n"
    found = run(text, select=["PM012"])
    assert where(found) == [("PM012", 7, 11), ("PM012", 8, 8)]
    assert found[0].message == "'authors[0]' must be text, not the number 12"
    assert found[1].message == ("'owner' must be text, not the number 12 (the alias '*lead' stands for "
                                "the value anchored on line 7)")
    assert (found[1].end_line, found[1].end_col) == (8, 13)


def test_a_phrase_inside_an_aliased_text_is_reported_where_it_is_written(parser: str) -> None:
    text = MINIMAL + ("summary: &s The operator failed to notice the alert.\n"
                      "lessons:\n  went_wrong:\n    - *s\n")
    found = run(text, select=["PM302"])
    assert where(found) == [("PM302", 7, 26)]  # the phrase, once, inside the text at the anchor
    assert "alias" not in found[0].message


# --- a %YAML 1.1 document ----------------------------------------------------------------------


def test_a_yaml_1_1_document_is_read_as_yaml_1_1_says(parser: str) -> None:
    # Its booleans were YAML 1.1's, its integers YAML 1.2's: 0777 read as 777, 1:20 as text.
    text = ("# exported\n%YAML 1.1\n---\n" + MINIMAL
            + "owner: 0777\nauthors: [yes, 1:20, -0_17, 0o17]\nimpact:\n  users_affected: 1:20\n")
    found = run(text, select=["PM012"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (10, 8, "'owner' must be text, not the number 511"),
        (11, 11, "'authors[0]' must be text, not the boolean true"),
        (11, 16, "'authors[1]' must be text, not the number 80"),
        (11, 22, "'authors[2]' must be text, not the number -15"),
    ]
    assert parse_text(text).data["impact"] == {"users_affected": 80}
    assert parse_text("%YAML 1.1\n---\na: 190:20:30.15\nb: !!int 1:x\n").data == {"a": 685230.15, "b": "1:x"}


def test_a_yaml_1_2_document_keeps_reading_yaml_1_2(parser: str) -> None:
    for head in ("", "%YAML 1.2\n---\n", "a: |\n  %YAML 1.1\nb: 0777\n"):
        data = parse_text(head + "x: 0777\ny: 1:20\nz: yes\n").data
        assert (data["x"], data["y"], data["z"]) == (777, "1:20", "yes")


# --- SARIF columns after an astral character ---------------------------------------------------


def test_sarif_counts_columns_in_utf16_units_and_the_other_formats_in_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Code scanning counts UTF-16 units: a finding after an emoji was placed one column early.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    text = MINIMAL + "title: \"🔥 x\"\nsummary: \"𝐀🔥 It was human error.\"\n"
    (tmp_path / "pm.yaml").write_text(text.replace("title: t\n", ""), encoding="utf-8")
    assert main(["check", "--select", "PM301", "--format", "json", "pm.yaml"]) == 1
    spots = [(d["line"], d["col"], d["end_col"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert spots == [(7, 21, 32)]  # in code points, as before
    assert main(["check", "--select", "PM301", "--format", "sarif", "pm.yaml"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"
    [result] = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "startColumn": 23, "endLine": 7, "endColumn": 34}


def test_sarif_columns_of_text_checked_from_memory_stay_as_they_are() -> None:
    found = Diagnostic("<string>", 2, 5, "PM301", "x", end_line=2, end_col=9)
    region = sarif_log(Report([found], files=["<string>"]))["runs"][0]["results"][0]["locations"][0]
    assert region["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 5, "endLine": 2,
                                                    "endColumn": 9}


# --- hindsight counterfactuals ------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "phrase", "about"), [
    ("The engineer could have seen the alert.", "could have seen", "engineer"),
    ("In hindsight, the on-call engineer could have seen it.", "could have seen", "on-call engineer"),
    ("The reviewer would have caught the bug.", "would have caught", "reviewer"),
    ("We would have noticed the spike in staging.", "would have noticed", "we"),
    ("The reviewer might have caught the bug.", "might have caught", "reviewer"),
    ("The engineer would've known the risk.", "would've known", "engineer"),
    ("The operator could easily have caught it.", "could easily have caught", "operator"),
    ("The engineer ought to have seen the alert.", "ought to have seen", "engineer"),
])
def test_would_could_and_ought_counterfactuals_about_people_are_reported(
        sentence: str, phrase: str, about: str) -> None:
    found = run(MINIMAL + f"summary: \"{sentence}\"\n", select=["PM3"])
    assert where(found) == [("PM302", 7, 11 + sentence.index(phrase))]
    assert found[0].message == f'"{phrase}" is a hindsight counterfactual about "{about}"'


@pytest.mark.parametrize("sentence", [
    "A canary would have caught the bug.",  # a system
    "The tests would have caught the bug if they had run.",
    "If the alert had fired, the on-call engineer would have noticed the spike.",  # a consequence
    "The on-call engineer would have noticed the spike if the alert had fired.",
    "The engineer would not have noticed the alert.",  # a denial
    "Without the alert, nobody would have known about the outage.",
    "Users could have seen stale data for up to an hour.",  # an outcome
    "Engineers could have seen the stale data.",
    "Customers might have noticed slower checkouts.",  # outsiders
    "We would have seen the same errors in any region.",
    "The engineer would have checked the lag, but the dashboard was down.",
    "The team would have known within minutes had the alert fired.",  # a condition after it
])
def test_would_and_could_that_judge_nobody_pass(sentence: str) -> None:
    assert run(MINIMAL + f"summary: \"{sentence}\"\n", select=["PM3"]) == []


def test_a_counterfactual_condition_is_reported_once_not_again_at_its_consequence() -> None:
    sentence = "If we had tested the migration, we would have caught the lock."
    found = run(MINIMAL + f"summary: \"{sentence}\"\n", select=["PM3"])
    assert where(found) == [("PM302", 7, 11)]
    assert found[0].message == '"If we had tested" is a hindsight counterfactual about "we"'


# --- German: a cause narrowed down is no root-cause framing ------------------------------------


@pytest.mark.parametrize("sentence", [
    "Die Ursache war nach 45 Minuten eingegrenzt, weil alle Hosts dasselbe Update hatten.",
    "Die Ursache war bis 10:40 Uhr eingegrenzt und behoben.",
    "Die Ursache ist noch nicht gefunden.",
    "Die Ursache des Ausfalls war schnell identifiziert, nachdem der Fehler eingegrenzt war.",
    "Wir rollten zurück, nachdem die Ursache eingegrenzt war.",
])
def test_german_a_cause_narrowed_down_frames_nothing(sentence: str) -> None:
    text = MINIMAL.replace("lang: en", "lang: de") + f"summary: \"{sentence}\"\n"
    assert run(text, select=["PM703"]) == []


def test_german_a_cause_named_is_still_framing() -> None:
    sentence = "Die Ursache war ein Zertifikat, das erst spät gefunden wurde."
    found = run(MINIMAL.replace("lang: en", "lang: de") + f"summary: \"{sentence}\"\n", select=["PM703"])
    assert where(found) == [("PM703", 7, 11)]
    assert found[0].message == "'Die Ursache war' frames the incident as having a single root cause"


# --- two milestones in two offsets -------------------------------------------------------------


def _two_milestones(detected: str, acknowledged: str) -> str:
    return MINIMAL + ("timeline:\n"
                      f"  - {{at: '{detected}', milestone: detected, actor: a, event: e}}\n"
                      f"  - {{at: '{acknowledged}', milestone: acknowledged, actor: a, event: e}}\n")


def test_two_milestones_in_two_offsets_name_both_offsets_not_a_culprit() -> None:
    # With no offset most entries share, the later milestone was reported as if it were wrong.
    found = run(_two_milestones("2026-01-10T10:00:00Z", "2026-01-10T11:30:00+02:00"), select=["PM104"])
    assert where(found) == [("PM104", 9, 10)]
    assert found[0].message == (
        "'acknowledged' at 2026-01-10 11:30 +02:00 is before 'detected' at 2026-01-10 10:00 UTC (line 8), "
        "which cannot be: the two are written in different offsets (+02:00 here, UTC on line 8) and no "
        "other entries tell which is the timeline's, so either may be the slip")
    assert found[0].hint == (
        "If both times were read in UTC, write this one as 2026-01-10 11:30 UTC; if both times were read "
        "in +02:00, write line 8's as 2026-01-10 10:00 +02:00; otherwise check the hour and day.")


def test_two_milestones_in_one_offset_keep_the_plain_message() -> None:
    found = run(_two_milestones("2026-01-10T10:00:00Z", "2026-01-10T09:30:00Z"), select=["PM104"])
    assert found[0].message == ("'acknowledged' at 2026-01-10 09:30 UTC is before 'detected' at "
                                "2026-01-10 10:00 UTC (line 8), which cannot be")


# --- Ctrl-C at the title prompt of `pmkit new` -------------------------------------------------


class _InterruptedTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_new_interrupted_at_the_title_prompt_ends_its_line_and_exits_130(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The shell's prompt went on after "Title of the incident: ".
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", _InterruptedTerminal(""))
    assert main(["new"]) == 130
    captured = capsys.readouterr()
    assert captured.out == "Title of the incident: \n"
    assert captured.err == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs a Linux terminal")
def test_new_interrupted_in_a_real_terminal(tmp_path: Path) -> None:
    import pty
    import select
    import signal
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: pmkit on a terminal of its own
        try:
            os.chdir(tmp_path)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.execv(sys.executable, [sys.executable, "-m", "pmkit", "new"])
        finally:
            os._exit(127)
    seen = b""
    status: int | None = None
    deadline = time.monotonic() + 20
    while b"incident: " not in seen and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.5)[0]:
            seen += os.read(fd, 1024)
    # Ctrl-C, again each second: one that comes before Python waits for the line is only noted
    # by its signal handler, and the read that follows does not see it.
    os.write(fd, b"\x03")
    asked = time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() - asked > 1:
            os.write(fd, b"\x03")
            asked = time.monotonic()
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif (done := os.waitpid(pid, os.WNOHANG))[0]:
            status = done[1]
            break
    else:
        os.kill(pid, signal.SIGKILL)  # (still waiting: the assertions below say so)
    if status is None:
        status = os.waitpid(pid, 0)[1]
    os.close(fd)
    after = seen.split(b"incident: ", 1)[1]
    assert after.endswith(b"\r\n") and after.strip(b"^C\r\n") == b""  # the terminal's "^C", a line end
    assert os.waitstatus_to_exitcode(status) == 130


# --- an HTML image's alt text is prose, its tag is not -----------------------------------------


@pytest.mark.parametrize(("line", "column"), [
    ('![The operator failed to notice the alert](graph.png)', 16),
    ('<img src="graph.png" alt="The operator failed to notice the alert">', 40),
    ("<img alt='The operator failed to notice the alert' src='graph.png'>", 24),
    ('<IMG SRC="graph.png" ALT="The operator failed to notice the alert" />', 40),
    ('Latency rose. <img src="graph.png" alt="The operator failed to notice the alert"> More.', 54),
])
def test_an_image_alt_text_is_read_as_prose_whichever_way_it_is_written(line: str, column: int) -> None:
    # In double quotes the alt text was taken for quoted speech and never read.
    found = run(_FRONT + f"\n## Summary\n\nCheckout failed.\n\n{line}\n", path="pm.md", select=["PM3"])
    assert where(found) == [("PM302", 14, column)]
    assert found[0].message == '"failed to" is a hindsight counterfactual about "operator"'


@pytest.mark.parametrize("line", [
    "Checkout failed. <img src=human-error.png>",  # a file name, unquoted
    "<div class=human-error>Checkout failed.</div>",
    '<img src="graph.png" title="The operator failed to notice the alert">',  # a title: a tooltip
    '![graph](graph.png "The operator failed to notice the alert")',
])
def test_the_markup_of_an_html_tag_is_not_prose(line: str) -> None:
    assert run(_FRONT + f"\n## Summary\n\n{line}\n", path="pm.md", select=["PM3"]) == []


def test_a_placeholder_as_alt_text_is_reported_however_it_is_quoted() -> None:
    for line in ('<img src="a.png" alt="TODO">', "<img src=a.png alt=TODO>", "![TODO](a.png)"):
        found = run(_FRONT + f"\n## Summary\n\n{line}\n", path="pm.md", select=["PM019"])
        assert [(d.line, d.col) for d in found] == [(12, line.index("TODO") + 1)]
