"""A new draft's placeholders: the times it writes as if known, its status comment, its header
when printed, and a blank title."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest

from helpers import run
from pmkit.cli import main
from pmkit.commands.new import render_draft
from pmkit.diagnostics import Severity

#: The draft's lines whose time is the incident day's midnight, as written, and the TODO's column.
TIMES = [(42, "timeline[0].at"), (47, "timeline[1].at"), (52, "timeline[2].at"), (57, "timeline[3].at"),
         (63, "timeline[4].at"), (74, "decisions[0].at")]
HINT = ("Write the real value on that line, then take the TODO out of the comment (or drop the comment): "
        "a value kept from the template reads as written, and the checks count it.")


def _draft(lang: str = "en", fmt: str = "yaml") -> str:
    return render_draft(title="Times kept", day=date(2026, 3, 2), lang=lang, fmt=fmt, owner="sre lead",
                        path="postmortems/times-kept.yaml")


def _values_written(text: str) -> str:
    """The draft with every TODO value written by its author, the comments left as they were."""
    lines = []
    for line in text.split("\n"):
        value, hash_, comment = line.partition("  #")
        lines.append(re.sub(r"\bTODO\b", "written", value) + hash_ + comment)
    return "\n".join(lines)


def _comment_findings(text: str, status: str = "draft", path: str = "pm.yaml") -> list[tuple[object, ...]]:
    found = run(text.replace("status: draft", f"status: {status}", 1), select=["PM019"], path=path)
    return [(d.line, d.col, d.field, d.message, d.severity, d.hint) for d in found if "comment" in d.message]


def test_a_fresh_draft_reports_each_time_it_wrote_as_a_warning() -> None:
    text = _draft()
    assert text.split("\n")[41] == ("  - at: 2026-03-02T00:00:00Z  # TODO: the minute impact began (not when "
                                    "it was noticed)")
    assert _comment_findings(text) == [
        (line, 33, field, f"'TODO' in the comment after {field} marks its value as a placeholder still to be "
         "written (status is draft)", Severity.WARNING, HINT)
        for line, field in TIMES
    ]


def test_times_kept_from_the_template_are_errors_once_published() -> None:
    # Every TODO value replaced, the times left as the draft wrote them: no finding at all, and
    # pmkit stats said TTD 0m, TTM 0m, TTR 0m.
    text = _values_written(_draft())
    found = run(text.replace("status: draft", "status: published", 1), select=["PM019"])
    assert [(d.line, d.col, d.severity) for d in found] == [(line, 33, Severity.ERROR) for line, _ in TIMES]
    assert found[0].message == ("'TODO' in the comment after timeline[0].at marks its value as a placeholder "
                                "still to be written (status is published)")


@pytest.mark.parametrize(("lang", "fmt"), [("en", "md"), ("de", "yaml"), ("de", "md")])
def test_every_template_marks_its_six_times(lang: str, fmt: str) -> None:
    text = _draft(lang, fmt)
    found = _comment_findings(text, "in-review", path=f"pm.{fmt}")
    assert [(field, severity) for _, _, field, _, severity, _ in found] == [
        (field, Severity.ERROR) for _, field in TIMES]
    lines = text.split("\n")
    assert all(lines[line - 1][col - 1:].startswith("TODO: ") for line, col, *_ in found)


def test_a_time_written_and_its_todo_taken_out_is_not_reported() -> None:
    text = """\
        status: in-review
        timeline:
          - at: 2026-03-02T14:05:00Z  # the alert's first page
            milestone: detected
          - at: 2026-03-02T14:40:00Z
            milestone: resolved
    """
    assert run(text, select=["PM019"]) == []


def test_a_comment_on_a_line_of_its_own_marks_no_value() -> None:
    text = """\
        # TODO: ask the database team about the replica lag
        status: in-review
        timeline:
          # TODO: one more entry between these two
          - at: 2026-03-02T14:05:00Z
            milestone: detected
    """
    assert run(text, select=["PM019"]) == []


def test_tbd_and_fixme_in_a_trailing_comment_are_placeholders_too() -> None:
    text = """\
        status: in-review
        impact:
          users_affected: 1200      # FIXME count from the logs
          data_loss: false          # TBD
        services: [checkout]        # a todo list is prose, TODO-12 an issue
    """
    found = run(text, select=["PM019"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (3, 31, "'FIXME' in the comment after impact.users_affected marks its value as a placeholder "
                "still to be written (status is in-review)"),
        (4, 31, "'TBD' in the comment after impact.data_loss marks its value as a placeholder still to "
                "be written (status is in-review)"),
    ]
    assert found[1].hint.startswith("Write the real value on that line, then take the TBD out of the comment")


def test_a_value_that_is_a_placeholder_itself_is_said_once() -> None:
    found = run("status: draft\nsummary: TODO  # TODO: three sentences\n", select=["PM019"])
    assert [(d.line, d.col, d.message) for d in found] == [
        (2, 10, "placeholder 'TODO' left in summary (status is draft)")]


@pytest.mark.parametrize(("lang", "fmt"), [("en", "yaml"), ("en", "md"), ("de", "yaml"), ("de", "md")])
def test_the_status_comment_points_to_a_published_at_below(lang: str, fmt: str) -> None:
    # "(set published_at below)" named a key no template had; it belongs to disclosure.
    lines = _draft(lang, fmt).split("\n")
    status = next(n for n, line in enumerate(lines) if line.startswith("status: draft "))
    said = "(set published_at below)" if lang == "en" else "(dann published_at setzen)"
    assert lines[status].endswith(said)
    published = next(n for n, line in enumerate(lines) if line.startswith("  published_at: "))
    assert lines[published].startswith("  published_at: null          # ")
    assert status < published
    assert max(n for n, line in enumerate(lines) if line.startswith("disclosure:")) < published


def test_a_published_at_written_in_the_draft_loads() -> None:
    text = _values_written(_draft()).replace("published_at: null", "published_at: 2026-03-09T10:00:00Z", 1)
    found = run(text.replace("status: draft", "status: published", 1), select=["PM0"])
    assert [(d.code, d.line) for d in found] == [("PM019", line) for line, _ in TIMES]


@pytest.mark.parametrize(("arguments", "said"), [
    (["   "], "blank (blanks only)"),
    (["--title", " \t "], "blank (blanks only)"),
    ([""], "empty"),
    (["--title", "\u200b "], "blank (only blanks and characters that do not show)"),
])
def test_a_blank_title_is_said_to_be_blank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], arguments: list[str],
                                          said: str) -> None:
    # "give the incident a title with --title" answered a title that was given, blank.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["new", *arguments, "-o", "-"]) == 2
    assert capsys.readouterr() == ("", f"pmkit new: the title is {said}; give the incident a title that says "
                                       "what happened, e.g. \"Checkout errors after the cache flush\"\n")


def test_no_title_at_all_is_still_asked_for_with_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["new", "-o", "-"]) == 2
    assert capsys.readouterr() == ("", "pmkit new: give the incident a title with --title\n")


@pytest.mark.parametrize(("lang", "fmt", "line", "said"), [
    ("en", "yaml", 3, "#     pmkit check postmortems/2026-12-07-quick-one.yaml   "
                      "# once saved there"),
    ("de", "md", 3, "#     pmkit check postmortems/2026-12-07-quick-one.md   "
                    "# sobald dort gespeichert"),
])
def test_a_printed_draft_names_no_file_that_was_never_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        lang: str, fmt: str, line: int, said: str) -> None:
    # "pmkit check postmortems/2026-12-07-quick-one.yaml" named a file nobody wrote. (The draft is
    # written to the file descriptor, which capfd reads.)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert main(["new", "Quick one", "--lang", lang, "--format", fmt, "--now", "2026-12-07T09:00:00Z",
                 "-o", "-"]) == 0
    out, err = capfd.readouterr()
    assert (out.split("\n")[line], err) == (said, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git"]


def test_a_written_draft_still_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert main(["new", "Quick one", "--now", "2026-12-07T09:00:00Z"]) == 0
    text = (tmp_path / "postmortems" / "2026-12-07-quick-one.yaml").read_text(encoding="utf-8")
    assert text.split("\n")[3] == "#     pmkit check postmortems/2026-12-07-quick-one.yaml"
