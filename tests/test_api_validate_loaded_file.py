"""``pmkit.validate`` of a model ``pmkit.load`` read: unchanged, it reports what ``pmkit check`` of
its file reports (the file's path, lines and columns, its suppressions); changed in code, it
is checked as its dump, as a model built in code is. And ``pmkit.check_text`` returns a list,
which ``pmkit.Report`` turns into an exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from helpers import postmortem_folder

HEAD = "pmkit: 1\nid: c\ntitle: C\nstatus: draft\nlang: en\nseverity: SEV4\n"
SUMMARY = "The vendor reported human error in its data centre."
IGNORED = "# pmkit: ignore[PM301] quoting the vendor's report verbatim\n"
YAML_TEXT = f"{HEAD}{IGNORED}summary: {SUMMARY}\n"
#: The same lines, the comment no suppression: the finding is on line 8, column 30.
YAML_PLAIN = f"{HEAD}# quoting the vendor's report verbatim\nsummary: {SUMMARY}\n"
MD_IGNORED = "<!-- pmkit: ignore[PM301] quoting the vendor's report verbatim -->\n"
MD_TEXT = f"---\n{HEAD}---\n\n## Summary\n\n{MD_IGNORED}{SUMMARY}\n"
MD_PLAIN = f"---\n{HEAD}---\n\n## Summary\n\n<!-- quoting the vendor's report verbatim -->\n{SUMMARY}\n"
PM301 = pmkit.Config(select=["PM301"])
YAML_PATH = "postmortems/c.yaml"
MD_PATH = "postmortems/c.md"


def places(found: list[pmkit.Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.col, d.code) for d in found]


@pytest.mark.parametrize(("name", "text"), [("c.yaml", YAML_TEXT), ("c.yaml", YAML_PLAIN),
                                            ("c.md", MD_TEXT), ("c.md", MD_PLAIN)])
def test_an_unchanged_model_is_checked_as_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   name: str, text: str) -> None:
    postmortem_folder(tmp_path, monkeypatch, name, text)
    path = f"postmortems/{name}"
    found = pmkit.validate(pmkit.load(path), now="2026-12-01")
    assert found == pmkit.check([path], now="2026-12-01").sorted()
    assert found == pmkit.check_text(text, path, now="2026-12-01")


def test_the_file_suppression_applies_to_an_unchanged_yaml_model(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    postmortem_folder(tmp_path, monkeypatch, "c.yaml", YAML_TEXT)
    assert pmkit.validate(pmkit.load(YAML_PATH), PM301) == []
    assert "PM301" not in [d.code for d in pmkit.validate(pmkit.load(YAML_PATH))]


PLAIN_PLACES = [("c.yaml", YAML_PLAIN, 8, 30), ("c.md", MD_PLAIN, 13, 21)]


@pytest.mark.parametrize(("name", "text", "line", "col"), PLAIN_PLACES)
def test_a_finding_names_the_file_and_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                name: str, text: str, line: int, col: int) -> None:
    postmortem_folder(tmp_path, monkeypatch, name, text)
    found = pmkit.validate(pmkit.load(f"postmortems/{name}"), PM301)
    assert places(found) == [(f"postmortems/{name}", line, col, "PM301")]
    assert found[0].message == '"human error" frames the incident as human error'


@pytest.mark.parametrize(("name", "text"), [("c.yaml", YAML_TEXT), ("c.md", MD_TEXT)])
def test_a_changed_model_is_checked_as_its_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                name: str, text: str) -> None:
    # A model holds no comments: the file's suppression is not in the text a changed model is
    # (the dump, which a program would write), so the finding is reported there.
    postmortem_folder(tmp_path, monkeypatch, name, text)
    pm = pmkit.load(f"postmortems/{name}")
    pm.title = "Vendor outage"
    found = pmkit.validate(pm, PM301)
    dumped = pmkit.check_text(pmkit.dump(pm), config=PM301)
    assert [d.code for d in found] == ["PM301"]
    assert [(d.path, d.line, d.col) for d in found] == [("<postmortem>", d.line, d.col) for d in dumped]


def test_a_model_not_read_from_a_file_keeps_the_dump_places() -> None:
    pm = pmkit.loads(YAML_TEXT)
    assert places(pmkit.validate(pm, PM301)) == [("<postmortem>", 7, 30, "PM301")]


def test_a_report_of_a_text_findings_gives_the_exit_code() -> None:
    found = pmkit.check_text(YAML_PLAIN, config=PM301)
    assert isinstance(found, list)
    assert pmkit.Report(found).exit_code() == 1
    assert pmkit.Report(pmkit.check_text(YAML_TEXT, config=PM301)).exit_code() == 0
    warned = pmkit.Report(found, fail_on=pmkit.Severity.WARNING)
    assert warned.exit_code() == 1 and warned.sorted() == found
