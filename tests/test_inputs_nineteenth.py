"""Held-out inputs: an empty document after YAML directives."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.loader import read_document


@pytest.mark.parametrize("data", [
    b"%YAML 1.1\n---\n", b"%YAML 1.2\n--- \n", b"%YAML 1.1\n--- # c\n", b"%YAML 1.1\r\n---\r\n",
    b"%YAML 1.1\r---\r", b"%TAG !e! tag:e,2000:\n---\n", b"%YAML 1.1\n---\n\n",
    b"%YAML 1.2\n---\n# comment\n", b"%YAML 1.1\n---\n...\n",
])
def test_directives_and_an_empty_document_are_an_empty_file(tmp_path: Path, data: bytes) -> None:
    # As '---' alone is: the file holds no fields. Read as YAML, the empty value stands after the
    # last line, where the finding was placed (line 3 of a file of two).
    path = tmp_path / "empty.yaml"
    path.write_bytes(data)
    doc = read_document(path)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM007", 1, 1)]
    assert doc.diagnostics[0].message == "file is empty: no postmortem fields found"


@pytest.mark.parametrize(("data", "found"), [
    (b"%YAML 1.1\n--- ~\n", ("PM003", 2, 5)),  # a null written: the value is there to point at
    (b"%YAML 1.1\n", ("PM001", 1, 10)),  # a directive and no document is no YAML
])
def test_a_written_value_or_a_directive_alone_is_no_empty_file(tmp_path: Path, data: bytes,
                                                                found: tuple[str, int, int]) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(data)
    doc = read_document(path)
    assert [(d.code, d.line, d.col) for d in doc.diagnostics][:1] == [found]


def test_copies_of_one_draft_resolve_each_path_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # A template's id left in many drafts: each file is compared with every other that shares
    # it. Each path was resolved for each pair (a million realpath calls at 1,000 files, 20 s of
    # a check); now once a run.
    import os.path

    from helpers import GOOD_EXAMPLE
    from pmkit.cli import main

    folder = tmp_path / "postmortems"
    folder.mkdir()
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    count = 60
    for index in range(count):
        (folder / f"draft-{index:03}.yaml").write_text(text, encoding="utf-8")
    settings = '[tool.pmkit]\npaths = ["postmortems"]\nrespect-gitignore = false\n'
    (tmp_path / "pyproject.toml").write_text(settings, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    calls: list[str] = []
    realpath = os.path.realpath

    def counted(path: str, *args: object, **kwargs: object) -> str:
        calls.append(path)
        return realpath(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os.path, "realpath", counted)
    assert main(["check", "postmortems", "--select", "PM027", "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert out.count(": PM027 ") == count
    assert "and 58 more files" in out
    assert len(calls) < 10 * count, len(calls)  # (each pair resolved: 2 * 60 * 60 = 7,200)


def test_files_outside_git_ask_once_a_folder_whether_a_repository_holds_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Each file walked up the folders to the root, four looks at the disk in each (a work tree's
    # .git, a bare repository's HEAD, objects and refs): 8 % of a check of 1,000 small files.
    from helpers import GOOD_EXAMPLE
    from pmkit import gitdates
    from pmkit.cli import main

    folder = tmp_path / "postmortems"
    folder.mkdir()
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    for index in range(4):
        (folder / f"pm-{index}.yaml").write_text(text.replace("id: ", f"id: x{index}-", 1), encoding="utf-8")
    asked: list[str] = []
    original = gitdates.in_no_repository

    def counted(path: str) -> bool:
        asked.append(path)
        return original(path)

    monkeypatch.setattr(gitdates, "in_no_repository", counted)
    monkeypatch.chdir(tmp_path)
    main(["check", "postmortems", "--jobs", "1", "--select", "PM4", "--now", "2026-12-01"])
    out = capsys.readouterr().out
    assert "PM413" in out and "not inside a git repository" in out
    assert len(asked) == 1


@pytest.mark.parametrize(("lang", "text", "found"), [
    # A share written in words is as vague as in digits: how many were affected is not said.
    ("en", "Twelve percent of payments failed.", [("PM503", 8, 16)]),
    ("en", "About forty-five per cent of our customers saw errors.", [("PM503", 8, 16)]),
    ("de", "Zwölf Prozent der Zahlungen schlugen fehl.", [("PM503", 8, 16)]),
    ("de", "Rund fünfundzwanzig Prozent der Kunden sahen Fehler.", [("PM503", 8, 16)]),
    ("en", "Twelve percent of the time the job failed.", []),
    ("de", "Zwölf Prozent der Zeit lief der Job nicht.", []),
])
def test_a_share_written_in_words_is_vague_impact(tmp_path: Path, lang: str, text: str,
                                                   found: list[tuple[str, int, int]]) -> None:
    from helpers import run

    doc = (f"pmkit: 1\nid: share-in-words\ntitle: Probe\nstatus: draft\nlang: {lang}\nseverity: SEV3\n"
           f"impact:\n  description: {text}\n")
    assert [(d.code, d.line, d.col) for d in run(doc, select=["PM503"])] == found


def test_many_line_separators_in_a_text_are_read_in_linear_time(tmp_path: Path) -> None:
    # Each separator followed by "key:" was looked for in a comment character by character,
    # each character against every text of the file: a title of 2,000 of them took 1.3 s.
    from helpers import grows_linearly, lines_run
    from pmkit.loader import parse_text

    def text(n: int) -> str:
        title = "".join(f"x\u2028k{i}: v " for i in range(n))
        return (f'pmkit: 1\nid: a\ntitle: "{title}"\nstatus: draft\nlang: en\nseverity: SEV3\n'
                "# note\u2028timezone: UTC\n")

    found = parse_text(text(3), "sep.yaml").diagnostics
    assert [(d.code, d.line, d.col) for d in found] == [("PM001", 7, 7)]
    def cost(n: int) -> int:
        return lines_run(lambda: parse_text(text(n), "sep.yaml"), "pmkit/loader.py")

    assert grows_linearly(cost, 100)
