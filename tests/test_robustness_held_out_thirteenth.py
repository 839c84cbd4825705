"""Inputs of the thirteenth round aimed at reading files: ids in flow style, the shared safe
read (pipes, huge and unreadable files), files and folders that may not be read, line ends
other than '\\n', YAML tags, and hostile settings, baselines, suppressions and paths. Each ends
in the finding, position and advice (or the clean exit 2 with a message that names the file) a
user relies on, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pmkit
from helpers import unplaced
from pmkit.cli import main

_ID = "2024-05-14-db-failover"
_BLOCK = f"pmkit: 1\nid: {_ID}\ntitle: DB failover\nstatus: draft\nlang: en\nseverity: SEV2\n"
_PM027 = ("id '2024-05-14-db-failover' is also the id of {other} (line {line}): a postmortem's id names "
          "it in links, pages and reports, and must be unique in the repository")


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str = "") -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / ".pmkit.toml").write_text(f'paths = ["postmortems"]\n{settings}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def _found(capsys: pytest.CaptureFixture[str], code: str) -> list[str]:
    return [line for line in capsys.readouterr().out.splitlines() if f" {code} " in line]


# --- PM027: the other file's id in flow style or with other line ends --------------------------

@pytest.mark.parametrize(("original", "line"), [
    # As JSON tools and 'yq -o=json' write it, on one line ...
    (f'{{"pmkit": 1, "id": "{_ID}", "title": "DB failover", "status": "draft", "lang": "en"}}\n', 1),
    # ... or as a person writes one mapping over lines, with a comma and a brace inside a text.
    (f"# imported from the old wiki\n{{pmkit: 1, title: 'Failover, then {{more}}', status: draft,\n"
     f" id: {_ID}, lang: en, severity: SEV2}}\n", 3),
    # A Markdown front matter in braces.
    (f"---\n{{pmkit: 1, title: DB failover, status: draft,\n  id: '{_ID}'}}\n---\n# DB failover\n", 3),
])
def test_a_copy_of_a_postmortem_written_in_flow_style_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        original: str, line: int) -> None:
    # The ids of the other files were read from a line starting 'id:' only: the original in
    # braces had none, and the copy of it passed.
    _repo(tmp_path, monkeypatch)
    suffix = ".md" if original.startswith("---") else ".yaml"
    (tmp_path / "postmortems" / f"{_ID}{suffix}").write_text(original, encoding="utf-8")
    (tmp_path / "postmortems" / "2026-03-02-checkout.yaml").write_text(_BLOCK, encoding="utf-8")
    assert main(["check", "--select", "PM027", "postmortems/2026-03-02-checkout.yaml"]) == 1
    assert _found(capsys, "PM027") == [
        "postmortems/2026-03-02-checkout.yaml:2:5: PM027 "
        + _PM027.format(other=f"postmortems/{_ID}{suffix}", line=line) + " (duplicate-postmortem-id)"]


@pytest.mark.parametrize(("original", "line"), [
    (_BLOCK.replace("\n", "\r\n"), 2),  # checked out on Windows (core.autocrlf)
    (_BLOCK.replace("\n", "\r"), 2),  # lines ended by CR alone, as YAML allows
    ("\ufeff" + _BLOCK[_BLOCK.index("id:"):], 1),  # saved with a byte order mark, the id first
])
def test_a_copy_of_a_postmortem_with_other_line_ends_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        original: str, line: int) -> None:
    # The id line was read only when it ended in LF and started the file without a mark: the
    # copy of a file checked out with CR LF passed.
    _repo(tmp_path, monkeypatch)
    (tmp_path / "postmortems" / f"{_ID}.yaml").write_bytes(original.encode("utf-8"))
    (tmp_path / "postmortems" / "2026-03-02-checkout.yaml").write_text(_BLOCK, encoding="utf-8")
    assert main(["check", "--select", "PM027", "postmortems/2026-03-02-checkout.yaml"]) == 1
    assert _found(capsys, "PM027") == [
        "postmortems/2026-03-02-checkout.yaml:2:5: PM027 "
        + _PM027.format(other=f"postmortems/{_ID}.yaml", line=line) + " (duplicate-postmortem-id)"]


def test_a_copy_in_flow_style_of_a_block_style_postmortem_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The other direction (a guard: the checked file is parsed, its id found wherever it is).
    _repo(tmp_path, monkeypatch)
    (tmp_path / "postmortems" / f"{_ID}.yaml").write_text(_BLOCK, encoding="utf-8")
    (tmp_path / "postmortems" / "copy.yaml").write_text(
        f"{{pmkit: 1, title: Copy, status: draft,\n id: {_ID}, lang: en, severity: SEV2}}\n",
        encoding="utf-8")
    assert main(["check", "--select", "PM027", "postmortems/copy.yaml"]) == 1
    assert _found(capsys, "PM027") == [
        "postmortems/copy.yaml:2:6: PM027 " + _PM027.format(other=f"postmortems/{_ID}.yaml", line=2)
        + " (duplicate-postmortem-id)"]


@pytest.mark.parametrize("text", [
    "{pmkit: 1, title: x, impact: {id: 2024-05-14-db-failover}}\n",  # an id of a nested mapping
    "{pmkit: 1, decisions: [{id: 2024-05-14-db-failover}], id: 2026-01-01-other}\n",
    "{pmkit: 1, title: \"id: 2024-05-14-db-failover, yes\", id: 2026-01-01-other}\n",  # inside a text
    # A line 'id:' inside braces is not the top-level block line (its value ended in '}').
    "{pmkit: 1, title: x,\nid: 2026-01-01-other}\n",
])
def test_an_id_below_the_top_level_of_a_flow_mapping_is_not_taken(text: str) -> None:
    from pmkit.loader import scanned_id

    found = scanned_id(text)
    assert found is None or found[0] == "2026-01-01-other"
    assert scanned_id("{pmkit: 1, title: it's down,\n  id: 2024-05-14-db-failover}") == (_ID, 2)


# --- one safe read of a file: the pattern cache uses it too -------------------------------------

SRC = Path(__file__).resolve().parent.parent / "src"
EXAMPLE = SRC.parent / "examples" / "postmortems" / "2018-10-21-database-partition.yaml"


def _command(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PMKIT_", "XDG_"))}
    environ.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25T00:00:00Z", **env)
    return subprocess.run([sys.executable, "-m", "pmkit", *args], cwd=cwd, capture_output=True, text=True,
                          env=environ, timeout=120, check=False)


def _cache_path(folder: Path) -> Path:
    from pmkit import patterncache

    return patterncache.cache_file(folder, re._compiler._sre)  # type: ignore[attr-defined]


@pytest.mark.skipif(not hasattr(re, "_compiler") or not hasattr(os, "mkfifo"),
                    reason="no pattern cache before Python 3.11, or no named pipes")
@pytest.mark.parametrize("kind", ["pipe", "huge", "folder"])
def test_a_pattern_cache_file_that_is_no_cache_does_not_stop_the_command(tmp_path: Path, kind: str) -> None:
    # A guard: the cache read its file its own way, now the one shared safe read does. A named
    # pipe in the cache's place waits for a writer for ever if opened plainly; a sparse file of
    # 10 GB is refused by its size, not read; a folder there is passed over.
    expected = _command(tmp_path, "check", str(EXAMPLE), PMKIT_NO_CACHE="1")
    cache = tmp_path / "cache"
    cache.mkdir()
    path = _cache_path(cache)
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "huge":
        with open(path, "wb") as stream:
            stream.truncate(10 * 1024 ** 3)
    else:
        path.mkdir()
    done = _command(tmp_path, "check", str(EXAMPLE), PMKIT_CACHE_DIR=str(cache))
    assert (done.returncode, done.stdout, done.stderr) == (expected.returncode, expected.stdout, "")
    if kind != "folder":  # replaced by a cache pmkit wrote, which the next run reads
        assert path.is_file() and path.stat().st_size < 64 * 1024 * 1024


def test_the_shared_read_refuses_a_file_too_large_before_reading_it(tmp_path: Path) -> None:
    from pmkit.fsutil import FileTooLarge, read_regular

    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as stream:
        stream.truncate(10 * 1024 ** 3)
    with pytest.raises(FileTooLarge, match="is 10,737,418,240 bytes, over the limit of 100"):
        read_regular(huge, 100, whole=True)
    assert read_regular(huge, 4) == b"\x00" * 4  # cut, as a scan of a file's head wants it
    (tmp_path / "small").write_bytes(b"x" * 100)
    assert read_regular(tmp_path / "small", 100, whole=True) == b"x" * 100


# --- files and folders that may not be read --------------------------------------------------------

def _refuse(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make the system refuse to open or list ``path`` (EACCES), as it does for a mode 000 file
    to anyone but root: every way pmkit opens a file or lists a folder goes through these."""
    import builtins
    import errno
    import io

    target = os.path.abspath(path)
    real_open, real_io, real_scandir = os.open, io.open, os.scandir

    def refused(name: object) -> bool:
        return isinstance(name, (str, bytes, os.PathLike)) and os.path.abspath(os.fsdecode(name)) == target

    def denied(name: object) -> PermissionError:
        return PermissionError(errno.EACCES, "Permission denied", os.fsdecode(name))  # type: ignore[arg-type]

    def fake_open(name: Any, *args: Any, **kwargs: Any) -> Any:
        if refused(name):
            raise denied(name)
        return real_open(name, *args, **kwargs)

    def fake_io(name: Any, *args: Any, **kwargs: Any) -> Any:
        if refused(name):
            raise denied(name)
        return real_io(name, *args, **kwargs)

    def fake_scandir(name: Any = ".") -> Any:
        if refused(name):
            raise denied(name)
        return real_scandir(name)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_io)
    monkeypatch.setattr(builtins, "open", fake_io)
    monkeypatch.setattr(os, "scandir", fake_scandir)


def _unreadable(monkeypatch: pytest.MonkeyPatch, path: Path, how: str) -> None:
    if how == "refused":
        _refuse(monkeypatch, path)
        return
    # chmod 000 stops root only where it lacks the capability to override it (a container
    # that drops it): tried, not assumed from os.geteuid().
    path.chmod(0)  # the fixture gives the permissions back
    try:
        if path.is_dir():
            os.listdir(path)
        else:
            path.open("rb").close()
    except PermissionError:
        return
    path.chmod(0o755)
    pytest.skip("this user reads a file of mode 000" + (" (root)" if os.geteuid() == 0 else ""))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm" / "sub").mkdir(parents=True)
    (tmp_path / "pm" / "a.yaml").write_text(_BLOCK, encoding="utf-8")
    (tmp_path / "pm" / "b.md").write_text(f"---\n{_BLOCK.replace(_ID, '2024-05-15-b')}---\n# B\n",
                                          encoding="utf-8")
    (tmp_path / "pm" / "sub" / "c.yaml").write_text(_BLOCK.replace(_ID, "2024-05-16-c"), encoding="utf-8")
    (tmp_path / "base.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    for path in tmp_path.rglob("*"):  # let pytest remove what a test made unreadable
        if not path.is_symlink():
            path.chmod(0o755)


_ADVICE = "let the user who runs pmkit read it (chmod a+r on the file, a+x on each folder above it)"
_DENIED_HINT = f"    hint: {_ADVICE.capitalize()}, or leave it out of the checked files."


@pytest.mark.parametrize("how", ["chmod", "refused"])
@pytest.mark.parametrize(("name", "args"), [
    ("pm/a.yaml", ["pm/a.yaml"]),  # named on the command line
    ("pm/a.yaml", ["pm"]),  # found in a folder
    # A Markdown file in a folder: whether it opens with front matter could not be read, and it
    # was passed over; the run passed without a word of it.
    ("pm/b.md", ["pm"]),
])
def test_an_unreadable_postmortem_is_reported_with_how_to_fix_it(
        tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        how: str, name: str, args: list[str]) -> None:
    _unreadable(monkeypatch, tree / name, how)
    assert main(["check", "--select", "PM004", *args]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[:2] == [
        f"{name}:1:1: PM004 cannot read file: Permission denied (unreadable-file)", _DENIED_HINT]
    assert err == ""


@pytest.mark.parametrize("how", ["chmod", "refused"])
def test_an_unreadable_folder_is_reported(
        tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str) -> None:
    # A guard: it was reported already.
    _unreadable(monkeypatch, tree / "pm" / "sub", how)
    assert main(["check", "--select", "PM004", "pm"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "pm/sub:1:1: PM004 cannot read this folder: permission denied; the postmortems in it were not "
        "checked (unreadable-file)",
        "    hint: Let the user who runs pmkit read the folder (chmod a+rx), or move it out of the checked "
        "folder."]


@pytest.mark.parametrize("how", ["chmod", "refused"])
@pytest.mark.parametrize("kind", ["config", "baseline"])
def test_unreadable_settings_end_the_run_with_how_to_fix_it(
        tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        how: str, kind: str) -> None:
    # "cannot read configuration: Permission denied", and nothing said of what to do.
    (tree / ".pmkit.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    _unreadable(monkeypatch, tree / (".pmkit.toml" if kind == "config" else "base.json"), how)
    assert main(["check", "--baseline", "base.json", "pm"]) == 2
    out, err = capsys.readouterr()
    named = f"{tree / '.pmkit.toml'}: cannot read configuration" if kind == "config" else \
        "base.json: cannot read the baseline"
    assert (out, err) == ("", f"pmkit: configuration error: {named}: Permission denied; {_ADVICE}\n")


# --- NEL, LS and PS: characters inside a line, as in YAML 1.2 and editors -------------------------

_SEPARATORS = [("\x85", "U+0085 (next line)", "\\x85"), ("\u2028", "U+2028 (line separator)", "\\u2028"),
               ("\u2029", "U+2029 (paragraph separator)", "\\u2029")]
_HEAD = "pmkit: 1\nid: 2026-10-02-checkout\ntitle: Checkout outage\nstatus: draft\nlang: en\nseverity: SEV2\n"


def _editor_lines(text: str) -> int:
    """The lines VS Code shows: it ends a line at LF, CR LF and CR only."""
    return len(re.split(r"\r\n|\r|\n", text))


def _advice(name: str) -> str:
    return (f"Replace each {name} in the file with a line break: YAML, git and editors do not end a line "
            "there (a file converted from EBCDIC, or exported by some web editors, holds them).")


@pytest.mark.parametrize(("sep", "name", "escaped"), _SEPARATORS)
def test_a_yaml_file_whose_lines_end_in_a_separator_is_told_so(sep: str, name: str, escaped: str) -> None:
    # "mapping values are not allowed here" at 1:12, with the advice to quote a value holding ': '.
    text = (_HEAD + "summary: The checkout failed.\n").replace("\n", sep)
    found = pmkit.check_text(text, "pm.yaml")
    assert [(d.code, d.line, d.col) for d in found] == [("PM001", 1, 9)]  # at the first separator
    assert found[0].message == (f"YAML syntax error: {name} stands where a line break seems meant; it is "
                                "none, so what follows it is read as part of this line")
    assert found[0].hint == _advice(name)


@pytest.mark.parametrize(("sep", "name", "escaped"), _SEPARATORS)
def test_a_separator_inside_a_value_keeps_the_editors_line_numbers(sep: str, name: str, escaped: str) -> None:
    # A guard: the value keeps the character, and the lines after it are counted as editors count.
    text = _HEAD + f"summary: first{sep}second\nbogus: 1\n"
    found = [d for d in pmkit.check_text(text, "pm.yaml") if d.code.startswith("PM0")]
    assert [(d.code, d.line, d.col) for d in found] == [("PM010", 8, 1)]
    assert pmkit.loads(_HEAD + f"summary: first{sep}second\n").summary == f"first{sep}second"
    assert all(d.line <= _editor_lines(text) for d in pmkit.check_text(text, "pm.yaml"))


@pytest.mark.parametrize(("sep", "name", "escaped"), _SEPARATORS)
@pytest.mark.parametrize("where", ["opening", "closing"])
def test_a_front_matter_line_run_into_the_next_by_a_separator_is_named(
        sep: str, name: str, escaped: str, where: str) -> None:
    # "---<NEL>## Summary" closing: "no '---' line after the fields". Opening: "the first line
    # is '---<NEL>pmkit: 1'", the control character itself in the message.
    body = "## Summary\n\nThe checkout failed.\n"
    if where == "opening":
        text, line, quoted = f"---{sep}{_HEAD}---\n{body}", 1, f"---{escaped}pmkit: 1"
        said = f"Markdown front matter must open with a line '---' alone; the first line is '{quoted}'"
    else:
        text, line, quoted = f"---\n{_HEAD}---{sep}{body}", 8, f"---{escaped}## Summary"
        said = (f"Markdown front matter is not closed: line 8 '{quoted}' is not the line '---' alone that "
                "ends it")
    found = pmkit.check_text(text, "pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", line, 1)]
    assert found[0].message == f"{said}: {name} after the '---' is no line break"
    assert found[0].hint == _advice(name)


@pytest.mark.parametrize(("character", "quoted"), [
    ("\x85", "---\\x85"), ("\u2028", "---\\u2028"), ("\u00a0", "---\\xa0"), ("\u3000", "---\\u3000")])
def test_an_opening_line_with_a_character_that_does_not_show_is_named_as_a_closing_one_is(
        character: str, quoted: str) -> None:
    # str.strip() took these for blanks on the opening line only: '---\u00a0' opened front matter
    # and the same line failed to close it (named since the twelfth round).
    found = pmkit.check_text(f"---{character}\n{_HEAD}---\n## Summary\n\nThe checkout failed.\n", "pm.md")
    assert [(d.code, d.line, d.col) for d in found] == [("PM007", 1, 1)]
    assert found[0].message == (f"Markdown front matter must open with a line '---' alone; the first line is "
                                f"'{quoted}': it holds a character that does not show")
    assert found[0].hint == "Delete the character that does not show from line 1, to leave '---' alone."


@pytest.mark.parametrize(("character", "quoted"), [("\u00a0", "---\\xa0"), ("\x85", "---\\x85")])
def test_such_a_markdown_file_in_a_checked_folder_is_reported_not_passed_over(
        tree: Path, capsys: pytest.CaptureFixture[str], character: str, quoted: str) -> None:
    # A folder's walk took it for a Markdown file without front matter (a README) and passed it
    # over; named on the command line it was checked as if its first line were '---'.
    (tree / "pm" / "b.md").write_text(f"---{character}\n{_HEAD}---\nThe checkout failed.\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--select", "PM007", "pm")
    said = (f"Markdown front matter must open with a line '---' alone; the first line is '{quoted}': it "
            "holds a character that does not show")
    assert (code, out.splitlines()[0]) == (1, f"pm/b.md:1:1: PM007 {said} (empty-file)")


# --- YAML tags: the standard ones honoured, the others named ---------------------------------------

def test_a_standard_tag_on_a_quoted_value_is_honoured() -> None:
    # "!!int '3'" is the number 3 in YAML; it was the text '3' ("must be a whole number, not the
    # text '3'"), and "!!null ''" the empty text instead of no value.
    model = pmkit.loads(_HEAD + "impact:\n  users_affected: !!int \"3\"\n  customers_affected: !!int '0x10'\n"
                        "summary: !!null ''\n")
    assert model.impact is not None
    assert (model.impact.users_affected, model.impact.customers_affected, model.summary) == (3, 16, None)


@pytest.mark.parametrize("text", [
    # Guards: the tags YAML's core schema defines mean what they say, and a timestamp stays the
    # text the model reads.
    "summary: !!str 5\n", "tags: !!seq [a]\n", "impact: !!map {users_affected: 3}\n",
    "timeline:\n  - at: !!timestamp 2026-10-02T10:00:00Z\n    actor: Dana\n    event: Paged.\n",
    "summary: !<tag:yaml.org,2002:str> 5\n",
])
def test_the_core_schemas_tags_pass_without_a_word(text: str) -> None:
    assert [d for d in pmkit.check_text(_HEAD + text, "pm.yaml") if d.code.startswith("PM0")] == []


_ANY = ("Remove the tag and write the value itself: a postmortem holds plain YAML values (texts, numbers, "
        "true or false, lists and mappings).")


@pytest.mark.parametrize(("text", "col", "tag", "what", "hint"), [
    # CloudFormation's habit: "!Ref x" was the text 'x', the substitution asked for not made.
    ("summary: !Ref CheckoutService\n", 10, "!Ref", "a tag of its own", _ANY),
    ("summary: !!binary VGhlIGNoZWNrb3V0IGZhaWxlZC4=\n", 10, "!!binary", "base64-encoded bytes",
     "Write the text itself, not its base64 encoding."),
    ("tags: !!set {checkout, payments}\n", 7, "!!set", "a set",
     "Write a list: one '- item' per line, or '[a, b]'."),
    ("impact: !!omap [description: x]\n", 9, "!!omap", "an ordered mapping",
     "Write a mapping ('key: value' on each line), or a list."),
    ("summary: !!python/object/apply:os.system [ls]\n", 10, "!!python/object/apply:os.system",
     "a Python object, which pmkit never builds", _ANY),
    ("!Ref summary: x\n", 1, "!Ref", "a tag of its own", _ANY),  # on a key
    ("summary: !<tag:example.com,2026:note> x\n", 10, "!<tag:example.com,2026:note>", "a tag of its own",
     _ANY),
])
def test_a_tag_pmkit_does_not_honour_is_named_where_it_is(
        text: str, col: int, tag: str, what: str, hint: str) -> None:
    found = [d for d in pmkit.check_text(_HEAD + text, "pm.yaml") if d.code == "PM001"]
    assert [(d.line, d.col, d.message, d.hint) for d in found] == [
        (7, col, f"the YAML tag '{tag}' ({what}) is not one pmkit reads: the value is taken as written",
         hint)]


# --- settings files and baselines: each way to break one names the file and the way out -----------

def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


_REWRITE = "write it again with --write-baseline FILE"


@pytest.mark.parametrize(("written", "said"), [
    ('{"version": 2, "findings": []}', "baseline version 2 is not supported (this pmkit reads version 1); "
     f"it was written by a newer pmkit: upgrade pmkit, or {_REWRITE}"),
    ('{"version": "1", "findings": []}',
     f"baseline version '1' is not supported (this pmkit reads version 1); {_REWRITE}"),
    ('{"version": 1, "findings": {}}', f"'findings' must be a list; {_REWRITE}"),
    ('{"version": 1, "findings": [{"path": "pm/a.yaml", "code": "PM101", "field": 3, "message": "x"}]}',
     f"findings[0] needs path, code, field and message (each a text); {_REWRITE}"),
    # Python's words: "Exceeds the limit (4300 digits) for integer string conversion ...; use
    # sys.set_int_max_str_digits() to increase the limit", a fix for a program, not for the file.
    ('{"version": 1' + "0" * 5000 + ', "findings": []}',
     f"cannot read the baseline: it holds a number of more than 4,300 digits; {_REWRITE}"),
])
def test_a_baseline_pmkit_cannot_use_says_how_to_get_one_it_can(
        tree: Path, capsys: pytest.CaptureFixture[str], written: str, said: str) -> None:
    (tree / "base.json").write_text(written, encoding="utf-8")
    expected = (2, "", f"pmkit: configuration error: base.json: {said}\n")
    assert _run(capsys, "--baseline", "base.json", "pm") == expected


def test_a_number_too_long_for_python_in_the_settings_is_named_without_pythons_advice(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".pmkit.toml").write_text(f"max-file-size = 1{'0' * 5000}\n", encoding="utf-8")
    said = "invalid TOML: it holds a number of more than 4,300 digits, which no setting takes; shorten it"
    # at the number, as every settings error is placed
    assert _run(capsys, "pm") == (2, "", f"pmkit: configuration error: {tree / '.pmkit.toml'}:1:17: {said}\n")


@pytest.mark.parametrize("kind", ["config", "baseline"])
def test_a_settings_file_of_gigabytes_is_refused_by_its_size(
        tree: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    # It was read into memory whole and parsed (a sparse file or a log named by mistake): seconds
    # and gigabytes, then "Illegal character '\x00'".
    name = ".pmkit.toml" if kind == "config" else "base.json"
    with open(tree / name, "wb") as stream:
        stream.truncate(3 * 1024 ** 3)
    named = (f"{tree / name}: cannot read configuration" if kind == "config"
             else "base.json: cannot read the baseline")
    assert _run(capsys, "--baseline", "base.json", "pm") == (
        2, "", f"pmkit: configuration error: {named}: is 3,221,225,472 bytes, more than a settings file may "
               "be (64 MiB); it is not one pmkit reads\n")


def _write(text: str) -> Any:
    return lambda path: path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("name", "make", "said"), [
    # Guards: inputs of this round that were handled already.
    (".pmkit.toml", _write('fail_on = "warning"\n'), "unknown setting 'fail_on' (did you mean 'fail-on'?)"),
    ("pyproject.toml", _write('[tool.pmkit]\nselct = ["PM0"]\n'),
     "unknown setting 'selct' (did you mean 'select'?)"),
    (".pmkit.toml", _write("select = ['PM001', 5]\n"), "'select' must be a list of strings, got the item 5"),
    (".pmkit.toml", _write("x = " + "[" * 50000 + "]" * 50000 + "\n"),
     "nested too deeply: more than 100 levels (tables, dotted keys, arrays and inline tables within one "
     "another), far deeper than any setting; remove the extra levels"),
    ("pyproject.toml", _write('[tool.pmkit\nfail-on = "x"\n'),
     "invalid TOML: Expected ']' at the end of a table declaration"),
    (".pmkit.toml", lambda p: p.mkdir(), "cannot read configuration: is a directory, not a file"),
    (".pmkit.toml", lambda p: os.mkfifo(p),
     "cannot read configuration: is not a regular file (a pipe, socket or device)"),
    (".pmkit.toml", lambda p: p.symlink_to("gone.toml"),
     "cannot read configuration: a symbolic link to a missing file"),
    (".pmkit.toml", lambda p: p.symlink_to(p.name),
     "cannot read configuration: a symbolic link in a loop (it leads back to itself)"),
])
def test_a_broken_settings_file_ends_the_run_naming_it(
        tree: Path, capsys: pytest.CaptureFixture[str], name: str, make: Any, said: str) -> None:
    make(tree / name)
    code, out, err = _run(capsys, "pm")
    assert (code, out, unplaced(err)) == (
        2, "", f"pmkit: configuration error: {tree / name}: {said}\n")


@pytest.mark.parametrize(("written", "shown"), [("['error']", "['error']"), ("3", "3"), ("true", "true")])
def test_fail_on_of_another_type_is_named_as_written(
        tree: Path, capsys: pytest.CaptureFixture[str], written: str, shown: str) -> None:
    # "fail-on: unknown severity \"['error']\": use error, warning or info": a Python list's text,
    # and "'3'" for a number, quoted as if the file had the quotes.
    (tree / ".pmkit.toml").write_text(f"fail-on = {written}\n", encoding="utf-8")
    said = f'fail-on must be one severity in quotes: "error", "warning" or "info", got {shown}'
    code, out, err = _run(capsys, "pm")
    assert (code, out, unplaced(err)) == (
        2, "", f"pmkit: configuration error: {tree / '.pmkit.toml'}: {said}\n")


# --- odd paths in a checked folder -----------------------------------------------------------------

def _pm004(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code, out, err = _run(capsys, "--select", "PM004", *args)
    assert code in (0, 1) and err == ""
    return [line for line in out.splitlines() if line and not line.startswith("Found")]


def test_a_markdown_link_to_a_missing_file_is_reported_as_a_yaml_one_is(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Whether 'notes.md' opens with front matter could not be looked at, and it was passed over;
    # 'gone.yaml' beside it was reported.
    (tree / "pm" / "notes.md").symlink_to("moved.md")
    (tree / "pm" / "gone.yaml").symlink_to("moved.yaml")
    assert _pm004(capsys, "pm") == [
        "pm/gone.yaml:1:1: PM004 cannot read file: it is a symbolic link to a missing file (moved.yaml) "
        "(unreadable-file)", "    hint: Restore the file it links to, or remove the link.",
        "pm/notes.md:1:1: PM004 cannot read file: it is a symbolic link to a missing file (moved.md) "
        "(unreadable-file)", "    hint: Restore the file it links to, or remove the link."]


@pytest.mark.parametrize("make", ["device", "socket", "loop"])
def test_a_device_socket_or_looping_link_in_a_folder_is_reported_not_waited_on(
        tree: Path, capsys: pytest.CaptureFixture[str], make: str) -> None:
    # A device or a socket was handled already (a link to /dev/zero never ends when read
    # plainly); a Markdown link in a loop was passed over, as one to a missing file.
    import socket

    names = ["x.md", "x.yaml"]
    for name in names:
        path = tree / "pm" / name
        if make == "device":  # two devices: one file named twice is checked once
            path.symlink_to("/dev/zero" if name.endswith(".md") else "/dev/null")
        elif make == "socket":
            with socket.socket(socket.AF_UNIX) as server:
                server.bind(str(path))
        else:
            path.symlink_to(name)
    why = ("cannot read file: it is a symbolic link in a loop (it leads back to itself)" if make == "loop"
           else "is not a regular file (a pipe, socket or device); pmkit reads files only")
    found = _pm004(capsys, "pm")
    assert [line for line in found if not line.startswith("    hint")] == [
        f"pm/{name}:1:1: PM004 {why} (unreadable-file)" for name in names]


def test_a_file_name_with_a_newline_or_an_escape_is_shown_escaped(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A guard: the name cannot break the output into a line of its own or colour the terminal.
    (tree / "pm" / "new\nline\x1b[31m.yaml").write_text("{pmkit: 1", encoding="utf-8")
    code, out, _ = _run(capsys, "--select", "PM001", "pm")
    assert code == 1
    assert out.splitlines()[0].startswith("pm/new\\nline\\x1b[31m.yaml:1:")


def test_a_folder_nested_past_the_systems_path_limit_is_named_with_what_to_change(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "cannot read file: File name too long", of a folder, and nothing on what to do.
    # 25 names of 200 characters: past Linux's 4,096 bytes for a whole path, made one folder at a
    # time from the one above (a name that long cannot be given whole).
    folder = os.open(tree / "pm", os.O_RDONLY)
    try:
        for _ in range(25):
            os.mkdir("d" * 200, dir_fd=folder)
            below = os.open("d" * 200, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = below
    finally:
        os.close(folder)
    try:
        found = _pm004(capsys, "pm")
    finally:
        shutil.rmtree(tree / "pm" / ("d" * 200))  # by open folders, as no name this long can be given
    assert len(found) == 2
    assert re.fullmatch(r"pm/(d{200}/)+d{200}:1:1: PM004 cannot read it: its path is [\d,]+ bytes long, "
                        r"more than the system takes; nothing at or below it was checked \(unreadable-file\)",
                        found[0])
    assert found[1] == "    hint: Shorten the names of the folders it is in (or its own), or move it up."


# --- suppressions in odd places (guards: each was handled already) --------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # Inside a quoted text it is the text's, and silences nothing.
    ('summary: "The operator should have checked the replica. # pmkit: ignore[PM302]"\n', [("PM302", 7)]),
    ("# pmkit: ignore[ＰＭ３０２] full-width\nsummary: The operator should have checked the replica.\n",
     [("PM302", 8), ("PM902", 7)]),
    ("# pmkit: ignore[] no codes\nsummary: The operator should have checked the replica.\n",
     [("PM302", 8), ("PM902", 7)]),
    # On the last line, without a line end: it silences the line below it, which there is not.
    ("summary: The operator should have checked the replica.\n# pmkit: ignore[PM302]",
     [("PM302", 7), ("PM901", 8)]),
])
def test_a_suppression_in_an_odd_place_silences_only_what_it_says(
        text: str, expected: list[tuple[str, int]]) -> None:
    found = pmkit.check_text(_HEAD + text, "pm.yaml")
    assert sorted((d.code, d.line) for d in found if d.code in ("PM302", "PM901", "PM902")) == expected
    assert all(1 <= d.line <= (_HEAD + text).count("\n") + 1 for d in found)


def test_a_path_starting_with_a_tilde_says_no_shell_expanded_it(
        tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # 'paths = ["~/pm"]' was "~/pm: no such file or folder", of a folder that is there.
    monkeypatch.setenv("HOME", str(tree))
    (tree / ".pmkit.toml").write_text('paths = ["~/pm"]\n', encoding="utf-8")
    code, out, err = _run(capsys)
    said = ("no such file or folder; '~' names the home folder only to a shell, which did not expand it "
            f"here: write '{tree / 'pm'}', or a path relative to the repository")
    assert (code, out, err.splitlines()[0]) == (2, "", f"pmkit: ~/pm: {said}")
