"""Inputs of the twelfth round that no earlier round tried, through every verb, output format,
the settings and the Python API: each ends in the finding, position and advice (or the clean
exit 2 with a message) a user relies on, never a traceback, a written file or a position
outside the file."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmkit
from helpers import unplaced
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
    ("utf-16", ": is UTF-16 encoded, not UTF-8 text"),
    ("utf-32", ": is UTF-32 encoded, not UTF-8 text"),
    ("cp1252", ":2:4: is not UTF-8 text (byte 0xfc at offset 23, which is 'ü' in Windows-1252)"),
])
def test_a_settings_file_in_another_encoding_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        encoding: str, why: str) -> None:
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    (tmp_path / ".pmkit.toml").write_bytes('fail-on = "warning"\n# Jürgen\n'.encode(encoding))
    assert main(["check", "pm.yaml"]) == 2
    assert capsys.readouterr().err == (f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}{why}; TOML "
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
    assert unplaced(capsys.readouterr().err) == (f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}: "
                                                 "[prose] "
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


# --- the bundled examples, mutated in their structure -------------------------------------------

_ODD_VALUES = [None, 0, -1, 10 ** 30, 1.5, float("nan"), float("inf"), True, "", "x" * 300, [], {},
               [[[]]], {"a": {"b": {}}}, "2025-02-30T25:00:00Z", "\u202ehuman error", "a\u2028b", "\x85",
               "🔥", "~", "*"]
_INSERTS = ["!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!custom ", "!<tag:x> ", "&a ", "*a",
            "<<: *a", "<<: [*a, *a]", "%YAML 1.1", "%TAG ! tag:x,2000:", "---", "...", "\ufeff", "\t",
            "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\u200b", "\u202e", "\u2066", "\ud800", "? ", "{",
            "]", ": ", "- ", "#", "\r", "'", '"', "|", ">+2", "!!python/object:os.system ", "!!int ",
            "!!float ", "!!null ", "<<: {}", "<<: 3", "? [a, b]", "&" + "a" * 300 + " ", "\U0001F600", "\\u"]
_STRUCTURE = ["swap", "move", "insert", "long key", "delete"]


def _nodes(value: object, path: tuple[object, ...] = ()) -> list[tuple[tuple[object, ...], object]]:
    found: list[tuple[tuple[object, ...], object]] = [(path, value)]
    if isinstance(value, dict):
        for key, item in list(value.items()):
            found += _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, (*path, index))
    return found


def _parent(data: object, path: tuple[object, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]  # type: ignore[index]
    return data


@st.composite
def _mutated_examples(draw: st.DrawFn) -> tuple[str, str]:
    """A bundled example with its values' types swapped, keys moved or added, then tags, anchors,
    directives and invisible or line-breaking characters inserted into its text."""
    from ruamel.yaml import YAML

    path = draw(st.sampled_from(sorted(p for p in EXAMPLES.iterdir() if p.is_file())))
    text = path.read_text(encoding="utf-8")
    markdown = path.suffix == ".md"
    front, body = (text[4:].split("\n---\n", 1) if markdown else (text, ""))
    if draw(st.booleans()):
        data = YAML(typ="safe").load(front)
        for _ in range(draw(st.integers(1, 4))):
            where, value = draw(st.sampled_from(_nodes(data)[1:]))
            parent = _parent(data, where)
            change = draw(st.sampled_from(_STRUCTURE))
            if change == "swap":
                parent[where[-1]] = draw(st.sampled_from(
                    [*_ODD_VALUES, [value], {"x": value}, list(value) if isinstance(value, dict) else value]))
            elif change == "move" and isinstance(parent, dict):
                tables = [v for _, v in _nodes(data) if isinstance(v, dict)]
                draw(st.sampled_from(tables))[where[-1]] = parent.pop(where[-1])
            elif change == "insert" and isinstance(parent, list):
                parent.insert(draw(st.integers(0, len(parent))), draw(st.sampled_from(_ODD_VALUES)))
            elif change == "long key" and isinstance(parent, dict):
                parent["k" * draw(st.sampled_from([1, 200, 5000])) + str(where[-1])] = value
            elif change == "delete" and isinstance(parent, dict):
                del parent[where[-1]]
        out = YAML()
        out.default_flow_style = draw(st.sampled_from([None, True, False]))
        out.width = draw(st.sampled_from([20, 80, 4096]))
        buffer = io.StringIO()
        out.dump(data, buffer)
        front = buffer.getvalue()
    lines = (f"---\n{front}---\n{body}" if markdown else front).split("\n")
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        insert = draw(st.sampled_from(_INSERTS))
        if draw(st.booleans()):
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + insert + lines[at][column:]
        else:
            lines.insert(at, draw(st.sampled_from([insert, lines[draw(st.integers(0, len(lines) - 1))]])))
    return "\n".join(lines), "pm.md" if markdown else "pm.yaml"


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_mutated_examples())
def test_mutated_examples_are_reported_inside_the_file(document: tuple[str, str]) -> None:
    text, name = document
    lines = _lines(text)
    for diag in pmkit.check_text(text, name, now="2026-01-01T00:00:00Z"):
        assert diag.code != "PM903", diag
        assert 1 <= diag.line <= len(lines), diag
        assert 1 <= diag.col <= len(lines[diag.line - 1]) + 1, (diag, lines[diag.line - 1])
        assert diag.end_line is None or diag.line <= diag.end_line <= len(lines), diag


_COMMANDS = ("::error ", "::warning ", "::notice ", "::stop-commands::")


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_mutated_examples())
def test_mutated_examples_in_every_format_and_verb_exit_cleanly_and_leave_the_file(
        document: tuple[str, str]) -> None:
    from pmkit.cli import main

    text, name = document
    lines = _lines(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        before = path.read_bytes()
        runs = [["check", "--format", fmt, "--now", "2026-01-01T00:00:00Z", str(path)]
                for fmt in ("text", "json", "github", "sarif")]
        runs += [["render", str(path)], ["stats", "--format", "json", str(path)],
                 ["actions", "--format", "json", str(path)], ["due", "--all", "--format", "json", str(path)]]
        for argv in runs:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
            assert code in (0, 1, 2), argv
            assert "Traceback" not in err.getvalue(), err.getvalue()
            assert "internal error" not in err.getvalue(), err.getvalue()
            assert path.read_bytes() == before
            report = out.getvalue()
            if "json" in argv:
                json.loads(report)
            if "sarif" in argv:
                for result in json.loads(report)["runs"][0]["results"]:
                    for place in result.get("locations", []):
                        region = place["physicalLocation"].get("region", {})
                        line, col = region.get("startLine", 1), region.get("startColumn", 1)
                        assert 1 <= line <= len(lines), region
                        width = len(lines[line - 1].encode("utf-16-le", "surrogatepass")) // 2
                        assert 1 <= col <= width + 1, region
            if "github" in argv:
                for shown in report.splitlines():
                    assert not shown.startswith("::") or shown.startswith(_COMMANDS) or re.fullmatch(
                        r"::[0-9a-f]+::", shown), shown


# --- text that shows nothing ---------------------------------------------------------------------

@pytest.mark.parametrize(("written", "quoted"), [
    ('"\\u200b"', "\\u200b"), ('"\\u202e"', "\\u202e"), ('"\\ufeff \\u2060"', "\\ufeff \\u2060")])
def test_a_title_of_characters_that_do_not_show_is_empty(written: str, quoted: str) -> None:
    # It passed as a title: the page rendered without one, and "  " was already an error.
    text = _FRONT.removeprefix("---\n").replace("title: Checkout outage", f"title: {written}")
    found = [d for d in pmkit.check_text(text, "pm.yaml") if d.code.startswith("PM0")]
    assert [(d.code, d.line, d.col) for d in found] == [("PM013", 3, 8)]
    assert found[0].message == f"'title' is empty (only characters that do not show: '{quoted}')"


def test_a_title_of_blanks_is_still_said_as_blanks() -> None:
    text = _FRONT.removeprefix("---\n").replace("title: Checkout outage", 'title: "  "')
    [found] = [d for d in pmkit.check_text(text, "pm.yaml") if d.code.startswith("PM0")]
    assert found.message == "'title' is empty (blanks only)"


def test_new_refuses_a_title_that_shows_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    assert main(["new", "--title", "\u200b\u202e", "--now", "2026-10-02T12:00:00Z"]) == 2
    assert capsys.readouterr().err == (
        "pmkit new: the title is blank (only blanks and characters that do not show); give the incident a "
        "title that says what happened, e.g. \"Checkout errors after the cache flush\"\n")
    assert not (tmp_path / "postmortems").exists()


@pytest.mark.parametrize(("limit", "error", "said"), [
    ("5", TypeError, "max_bytes must be a number of bytes (int), not str"),
    (True, TypeError, "max_bytes must be a number of bytes (int), not bool"),
    (0, ValueError, "max_bytes must be 1 or more, not 0"),
])
def test_load_all_refuses_a_size_limit_as_load_does_when_called(
        limit: object, error: type[Exception], said: str) -> None:
    # "'>' not supported between instances of 'int' and 'str'" on the first file, and max_bytes=0
    # reported every file as over the limit of 0 bytes.
    with pytest.raises(error) as raised:
        load_all([EXAMPLES], max_bytes=limit)  # type: ignore[arg-type]
    assert str(raised.value) == said


@pytest.mark.parametrize(("value", "said"), [
    (None, "doc must be a pmkit.Document, not NoneType (pmkit.loader.read_document(path) and "
           "parse_text(text, path) make one)"),
    ("pmkit: 1\n", "doc must be a pmkit.Document, not str (check_text(text, path) checks a text)"),
])
def test_check_document_names_what_it_takes(value: object, said: str) -> None:
    # "AttributeError: 'NoneType' object has no attribute 'path'"
    with pytest.raises(TypeError) as raised:
        pmkit.Checker().check_document(value)  # type: ignore[arg-type]
    assert str(raised.value) == said


def test_actions_quotes_an_owner_filter_that_does_not_show_as_escapes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # "No open action items whose owner contains ''", of a filter that is not empty.
    from pmkit.cli import main

    _repo(tmp_path, monkeypatch)
    assert main(["actions", "--owner", "\u200bops", "pm.yaml", "--now", "2026-10-02T12:00:00Z"]) == 0
    assert capsys.readouterr().out == "No open action items whose owner contains '\\u200bops'.\n"
