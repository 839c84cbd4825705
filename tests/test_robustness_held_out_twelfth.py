"""Inputs of the twelfth round that no earlier round tried, through every verb, output format,
the settings and the Python API: each ends in the finding, position and advice (or the clean
exit 2 with a message) a user relies on, never a traceback, a written file or a position
outside the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from pmkit.api import load_all

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "postmortems"
EXAMPLE = EXAMPLES / "2018-10-21-database-partition.yaml"


# --- a generous limit on the size of a file read --------------------------------------------------

@pytest.mark.parametrize("limit", [2 ** 40, 2 ** 63, 10 ** 100])
def test_load_with_a_generous_size_limit_reads_a_small_file(limit: int) -> None:
    # The limit was set aside as memory before a byte was read: a MemoryError, or past 2**63
    # "OverflowError: cannot fit 'int' into an index-sized integer".
    assert pmkit.load(EXAMPLE, max_bytes=limit).id == "2018-10-21-database-partition"
    [loaded] = load_all([EXAMPLE], max_bytes=limit)
    assert loaded.model is not None and loaded.model.id == "2018-10-21-database-partition"
    assert loaded.problems == []


# --- a Markdown front matter closed by a line that only looks like '---' -------------------------

_FRONT = ("---\npmkit: 1\nid: 2026-10-02-checkout\ntitle: Checkout outage\nstatus: draft\nlang: en\n"
          "severity: SEV2\n")


@pytest.mark.parametrize(("closing", "quoted"), [
    ("\ufeff---", "\\ufeff---"),  # a second file, saved with a byte order mark, joined below
    ("---\u00a0", "---\\xa0"),  # a no-break space pasted from a web page
    ("\u200b---", "\\u200b---"),
    ("---\x0c", "---\x0c"),  # a form feed (a control character: each output format escapes it)
])
def test_a_closing_line_with_a_character_that_does_not_show_is_named(closing: str, quoted: str) -> None:
    # "not closed: no '---' line after the fields", of a file whose line 8 reads '---' to every eye.
    found = pmkit.check_text(f"{_FRONT}{closing}\n## Summary\n\nThe checkout failed.\n", "pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 8, 1)]
    assert found[0].message == (f"Markdown front matter is not closed: line 8 '{quoted}' is not the line "
                                "'---' alone that ends it: it holds a character that does not show")
    assert found[0].hint == "Delete the character that does not show from line 8, to leave '---' alone."


def test_a_closing_line_with_a_comment_is_still_named_as_before() -> None:
    found = pmkit.check_text(f"{_FRONT}--- # end\n\u00a0---\n## Summary\n", "pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 8, 1)]
    assert found[0].message == ("Markdown front matter is not closed: line 8 '--- # end' is not the line "
                                "'---' alone that ends it")


# --- settings files saved in another encoding ---------------------------------------------------

def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(_FRONT.removeprefix("---\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(("encoding", "why"), [
    # Windows PowerShell's 'echo ... > .pmkit.toml' writes UTF-16 with a byte order mark: it was
    # "byte 0xff at offset 0", a byte nobody wrote.
    ("utf-16", "is UTF-16 encoded, not UTF-8 text"),
    ("utf-32", "is UTF-32 encoded, not UTF-8 text"),
    ("cp1252", "is not UTF-8 text (byte 0xfc at offset 23, which is 'ü' in Windows-1252)"),
])
def test_a_settings_file_in_another_encoding_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        encoding: str, why: str) -> None:
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    (tmp_path / ".pmkit.toml").write_bytes('fail-on = "warning"\n# Jürgen\n'.encode(encoding))
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: {why}; TOML "
                                       "files are UTF-8: save it in that encoding\n")


def test_a_baseline_saved_as_utf16_names_the_encoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    (tmp_path / "base.json").write_bytes('{"version": 1, "findings": []}'.encode("utf-16"))
    assert main(["check", "--baseline", "base.json", "pm.yaml"]) == 2
    assert capsys.readouterr().err == ("pmkit: configuration error: base.json: cannot read the baseline: it "
                                       "is UTF-16 encoded, not UTF-8 text; pmkit writes baselines in UTF-8\n")


def test_a_team_lexicon_saved_as_utf16_names_the_encoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    (tmp_path / "team.yaml").write_bytes("entries: []\n".encode("utf-16"))
    (tmp_path / ".pmkit.toml").write_text('[prose]\nlexicon = "team.yaml"\n', encoding="utf-8")
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: [prose] "
                                       "lexicon: 'team.yaml' is UTF-16 encoded, not UTF-8 text; save it as "
                                       "UTF-8\n")


def test_init_beside_a_utf16_pyproject_names_the_encoding_and_leaves_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    before = '[project]\nname = "x"\n'.encode("utf-16")
    (tmp_path / "pyproject.toml").write_bytes(before)
    assert main(["init"]) == 2
    assert ("pyproject.toml is UTF-16 encoded, not UTF-8 text; save it as UTF-8, then run pmkit init "
            "again") in capsys.readouterr().err
    assert (tmp_path / "pyproject.toml").read_bytes() == before


# --- a model changed in code with a value of the wrong kind --------------------------------------

@pytest.mark.parametrize(("value", "written", "said"), [
    (float("nan"), ".nan", "nan"), (float("-inf"), "-.inf", "-inf")])
def test_validate_reports_a_count_set_to_no_finite_number_in_code(
        value: float, written: str, said: str) -> None:
    # Attribute assignment is not validated; the dump wrote the value as null and left it out, so
    # validate() reported nothing, and pydantic's serializer warnings went to stderr.
    import warnings

    model = pmkit.load(EXAMPLE)
    assert model.impact is not None
    model.impact.users_affected = value  # type: ignore[assignment]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = pmkit.dump(model)
        found = pmkit.validate(model, now="2026-01-01T00:00:00Z")
    line = text.splitlines().index(f"  users_affected: {written}") + 1
    assert [(d.code, d.line, d.col) for d in found] == [("PM012", line, 19)]
    assert found[0].message == f"'users_affected' must be a whole number, not the number {said}"


def test_dump_of_a_model_as_loaded_is_unchanged_by_the_way_values_are_written() -> None:
    for name in ("2018-10-21-database-partition.yaml", "2024-03-12-zahlungsausfall.yaml",
                 "2023-06-05-cache-stampede.md"):
        model = pmkit.load(EXAMPLES / name)
        assert pmkit.loads(pmkit.dump(model)) == model
