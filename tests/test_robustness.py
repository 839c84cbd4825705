"""Whatever the input, pmkit reports; it never raises, and every position lies inside the file."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmkit
from helpers import EXAMPLES, good_text
from pmkit import forked
from pmkit.cli import main
from pmkit.engine import Checker
from pmkit.loader import parse_bytes
from pmkit.workers import splits_rules

GOOD = good_text()
LINES = GOOD.splitlines(keepends=True)


def _assert_inside(text: str, diagnostics: list) -> None:  # type: ignore[type-arg]
    lines = re.split(r"\r\n|\r|\n", text)  # YAML's line breaks, as editors count them
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # (after the last line break: no line of the file)
    for diag in diagnostics:
        assert diag.code != "PM903", diag
        assert 1 <= diag.line <= len(lines), diag
        assert 1 <= diag.col <= len(lines[diag.line - 1]) + 1, (diag, lines[diag.line - 1])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    doc = parse_bytes(raw, "f.yaml")
    for diag in doc.diagnostics:
        assert diag.line >= 1 and diag.col >= 1


_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "insert", "replace", "indent", "dedent"]),
        st.integers(min_value=0, max_value=len(LINES) - 1),
        st.sampled_from(["- ", ": ", "'", '"', "[", "{", "\t", "&a ", "*a", "#", "|", ">", "x", "\u00fc",
                         "2018-13-45T99:99:99Z", "null", "- at: 2018-10-21\n", "  ", "\r"]),
    ),
    min_size=1,
    max_size=6,
)


Mutation = tuple[str, int, str]


def _mutated(mutations: list[Mutation]) -> str:
    lines = list(LINES)
    for kind, index, token in mutations:
        index %= len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "insert":
            lines[index] = token + lines[index]
        elif kind == "replace":
            line = lines[index]
            cut = len(line) // 2
            lines[index] = line[:cut] + token + line[cut:]
        elif kind == "indent":
            lines[index] = "  " + lines[index]
        elif kind == "dedent":
            lines[index] = lines[index].lstrip(" ")
    return "".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MUTATIONS)
def test_mutated_postmortems_are_reported_never_raised(mutations: list[tuple[str, int, str]]) -> None:
    text = _mutated(mutations)
    diagnostics = Checker(now="2026-01-01T00:00:00Z").check_text(text, "pm.yaml")
    _assert_inside(text, diagnostics)


@pytest.mark.skipif(not forked.can_fork(), reason="needs fork")
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_MUTATIONS, min_size=1, max_size=3))
def test_a_run_split_over_two_processes_finds_what_one_finds(monkeypatch: pytest.MonkeyPatch,
                                                            documents: list[list[Mutation]]) -> None:
    monkeypatch.setattr("pmkit.cores.usable", lambda: 2)
    monkeypatch.delenv("PMKIT_JOBS", raising=False)
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number, mutations in enumerate(documents):
            path = Path(folder) / f"pm{number}.yaml"
            path.write_text(_mutated(mutations), encoding="utf-8", newline="")
            files.append(path)
        assert splits_rules([str(f) for f in files], None) and forked.can_fork()
        split = Checker(now="2026-01-01T00:00:00Z").check_paths(files, split_rules=True)
        single = Checker(now="2026-01-01T00:00:00Z").check_paths(files, jobs=1)
    assert split.sorted() == single.sorted()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_random_text_through_the_whole_engine(text: str) -> None:
    _assert_inside(text, Checker(now="2026-01-01T00:00:00Z").check_text(text, "pm.yaml"))


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
            digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def test_checking_never_modifies_files(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    before = _tree_hash(tmp_path)
    for fmt in ("text", "json", "github"):
        assert main(["check", "--format", fmt, str(tmp_path / "examples")]) in (0, 1)
    assert _tree_hash(tmp_path) == before


def test_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # a sparse 100 MB file: cheap to make, costly to read
        handle.truncate(100 * 1024 * 1024)
    assert main(["check", "--no-hints", str(path)]) == 1


def test_exit_codes_are_always_0_1_or_2(tmp_path: Path) -> None:
    samples = {
        "nul.yaml": b"a\x00b",
        "latin1.yaml": b"title: caf\xe9\n",
        "crlf.yaml": GOOD.replace("\n", "\r\n").encode(),
        "deep.yaml": b"a: " + b"[" * 500 + b"]" * 500,
        "bomb.yaml": b"a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        + b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        + b"e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    }
    for name, raw in samples.items():
        (tmp_path / name).write_bytes(raw)
        assert main(["check", "--no-hints", str(tmp_path / name)]) in (0, 1), name


# --- inputs found by fuzzing ----------------------------------------------------------------


def _found(text: str) -> list:  # type: ignore[type-arg]
    found = Checker(now="2026-11-25").check_text(text, "f.yaml")
    _assert_inside(text, found)
    return found


def test_a_lone_surrogate_escape_is_reported_and_replaced() -> None:
    text = GOOD.replace("title: ", 'title: "\\ud800" # ', 1)
    found = _found(text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("title:"))
    # (at the escape, after the opening quote)
    assert [(d.line, d.col, d.end_col) for d in found if d.code == "PM001"] == [(line, 9, 15)]
    assert [d.message for d in found if d.code == "PM001"] == [
        "the escape \\ud800 is half of a UTF-16 surrogate pair, not a character"]
    # Every output format can write the report (no lone surrogate reaches the encoder).
    from pmkit.diagnostics import Report
    from pmkit.formats import get_formatter

    for fmt in ("text", "json", "github", "sarif"):
        get_formatter(fmt)(Report(files=["f.yaml"], diagnostics=found)).encode("utf-8")


def test_a_surrogate_pair_written_as_two_escapes_is_its_character() -> None:
    from pmkit.loader import parse_text

    doc = parse_text('pmkit: 1\ntitle: "smile \\ud83d\\ude00"\n"k\\udfff": 1\n', "f.yaml")
    assert isinstance(doc.data, dict)
    assert doc.data["title"] == "smile \U0001F600"
    assert "k\ufffd" in doc.data
    assert [(d.code, d.line, d.col) for d in doc.diagnostics] == [("PM001", 3, 3)]  # the lone escape


def test_placeholder_years_are_invalid_timestamps_not_crashes() -> None:
    for placeholder in ("9999-12-31", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00"):
        text = GOOD.replace("at: 2018-10-29T18:00:00Z", f"at: {placeholder}").replace(
            "at: 2018-10-21T22:52:00Z", f"at: {placeholder}")
        found = _found(text)
        messages = [d.message for d in found if d.code == "PM015"]
        assert messages and all("outside the years 1900 to 2999" in m for m in messages), placeholder
        assert not [d for d in found if d.code == "PM903"]


def test_now_outside_the_checked_years_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--now", "9999-12-31T23:00-05:00", str(EXAMPLES)]) == 2
    assert "outside the years 1900 to 2999" in capsys.readouterr().err


def test_unicode_line_separators_do_not_shift_line_numbers() -> None:
    # U+2028, U+2029, U+0085 and form feeds are characters to YAML 1.2, not line breaks; a
    # suppression after them must still sit on its own line, as editors number it.
    for odd in ("\u2028", "\u2029", "\x85", "\x0c"):
        parsed = odd != "\x0c"
        expected = [("PM902", 4, 1), ("PM013", 7, 9)] if parsed else [("PM001", 3, 17), ("PM902", 4, 1)]
        text = (f"pmkit: 1\nid: x1\ntitle: T  # note{odd * 5}\n# pmkit: ignore[nope]\n"
                "# pmkit: ignore[PM301] quoting the old text\nsummary: it was human error\n"
                "status: draftt\nlang: en\nseverity: SEV5\n")
        found = _found(text)
        codes = ("PM001", "PM902", "PM013", "PM301", "PM901")
        # A form feed is not allowed at all: the file is not parsed, so no rule ran and the
        # PM301 suppression is not called unused.
        assert [(d.code, d.line, d.col) for d in found if d.code in codes] == expected, repr(odd)


# --- file system and git oddities found by fuzzing ------------------------------------------

_GOOD_FILE = EXAMPLES / "postmortems" / "2018-10-21-database-partition.yaml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_pipes_and_devices_are_reported_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pm"
    folder.mkdir()
    shutil.copy(_GOOD_FILE, folder / "good.yaml")
    os.mkfifo(folder / "stuck.yaml")  # reading it would block for ever
    os.mkfifo(folder / "stuck.md")  # also when only its first line would be read (front matter?)
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    rc = main(["check", "--no-hints", "--select", "PM0", str(folder), str(tmp_path / "zero.yaml")])
    out = capsys.readouterr().out
    assert rc == 1
    assert f"{folder / 'stuck.yaml'}:1:1: PM004 is not a regular file (a pipe, socket or device)" in out
    assert f"{folder / 'stuck.md'}:1:1: PM004 is not a regular file (a pipe, socket or device)" in out
    assert f"{tmp_path / 'zero.yaml'}:1:1: PM004 is not a regular file" in out


def test_paths_that_cannot_be_opened_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "loop1.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop1.yaml")
    long_name = str(tmp_path / ("a" * 300 + ".yaml"))
    for verb in ("check", "stats", "actions", "due"):
        for path, why in ((str(tmp_path / "loop1.yaml"), "too many levels of symbolic links"),
                          (long_name, "file name too long")):
            assert main([verb, path]) == 2, (verb, path)
            assert f"{path}: {why}" in capsys.readouterr().err
    with pytest.raises(pmkit.LoadError, match="PM004 cannot read file: embedded null byte"):
        pmkit.load("a\0b.yaml")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None or sys.platform == "darwin",
                    reason="needs git and a file system that takes any bytes in names")
def test_file_names_that_are_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pm"
    folder.mkdir()
    odd = os.fsdecode(b"odd\xff.yaml")
    shutil.copy(_GOOD_FILE, folder / odd)
    # A postmortem of its own (PM027: two files with one id are an error).
    (folder / "ok.yaml").write_text(_GOOD_FILE.read_text(encoding="utf-8").replace(
        "id: 2018-10-21-database-partition", "id: ok"), encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "import")
    for fmt in ("text", "json", "sarif", "github"):
        assert main(["check", "--format", fmt, "--now", "2026-11-25", str(folder)]) == 0, fmt
        out = capsys.readouterr().out
        assert fmt == "sarif" or "PM903" not in out
    # Both files were imported already published: no date contradicted by git for either.
    assert main(["check", "--select", "PM412", str(folder / odd), str(folder / "ok.yaml")]) == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_checking_never_writes_the_git_index(tmp_path: Path) -> None:
    folder = tmp_path / "pm"
    folder.mkdir()
    shutil.copy(_GOOD_FILE, folder / "pm.yaml")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "import")
    later = (folder / "pm.yaml").stat().st_mtime + 5
    os.utime(folder / "pm.yaml", (later, later))  # stat-dirty: a refreshing 'git diff' rewrites the index
    index = tmp_path / ".git" / "index"
    before = hashlib.sha256(index.read_bytes()).hexdigest()
    main(["check", "--now", "2026-11-25", str(folder)])
    assert hashlib.sha256(index.read_bytes()).hexdigest() == before


def test_crlf_markdown_reads_like_lf_markdown(tmp_path: Path) -> None:
    source = (EXAMPLES / "postmortems" / "2023-06-05-cache-stampede.md").read_text(encoding="utf-8")
    source = source.replace("\ntitle:", "\nbogus_key: 1\ntitle:", 1)
    lf, crlf = tmp_path / "lf.md", tmp_path / "crlf.md"
    lf.write_bytes(source.encode("utf-8"))
    crlf.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))

    def found(path: Path) -> list[tuple[str, int, int]]:
        report = Checker(now="2026-11-25").check_paths([str(path)])
        return [(d.code, d.line, d.col) for d in report.diagnostics]

    assert found(crlf) == found(lf)
    assert ("PM010", 4, 1) in found(crlf)


def test_render_writes_any_size_of_metric(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(GOOD.replace("value: 5000000", "value: " + "1" + "0" * 400), encoding="utf-8")
    assert main(["render", str(path)]) == 0
    out = capsys.readouterr().out
    assert "| webhook payloads delayed | 10,000,000" in out
    assert "| Pages builds delayed | 80,000 builds |" in out


def test_new_escapes_characters_yaml_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "draft.yaml"
    assert main(["new", "--title", "Cache\x7f outage\u009f \ufffe", "--output", str(target)]) == 0
    assert 'title: "Cache\\u007f outage\\u009f \\ufffe"' in target.read_text(encoding="utf-8")
    assert pmkit.load(target).title == "Cache\x7f outage\u009f \ufffe"


def test_a_list_as_a_key_is_named_by_its_text() -> None:
    found = _found("pmkit: 1\n? [a, b]\n: 1\n")
    assert [(d.line, d.col, d.message) for d in found if d.code == "PM010"] == [
        (2, 3, "unknown key '[a, b]'")]


def test_every_line_ending_gives_the_same_findings_at_the_same_places(tmp_path: Path) -> None:
    source = (EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml").read_text(encoding="utf-8")
    found = {}
    for name, ending in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(source.replace("\n", ending).encode("utf-8"))
        report = Checker(now="2026-11-25").check_paths([str(path)])
        found[name] = [(d.code, d.line, d.col, d.end_line, d.end_col) for d in report.diagnostics]
    assert found["cr"] == found["crlf"] == found["lf"]
    assert ("PM301", 11, 69, 11, 80) in found["cr"]  # a prose finding at its words, not at 1:1


def test_a_file_named_twice_is_checked_and_counted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    folder = tmp_path / "pm"
    folder.mkdir()
    shutil.copy(_GOOD_FILE, folder / "good.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["stats", "--format", "json", "pm/good.yaml", "./pm/good.yaml", "pm"]) == 0
    assert len(json.loads(capsys.readouterr().out)["postmortems"]) == 1
    main(["check", "--format", "json", "pm/good.yaml", "./pm/good.yaml", "pm"])
    assert json.loads(capsys.readouterr().out)["files"] == ["pm/good.yaml"]
