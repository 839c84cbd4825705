"""The Python API as scripts use it: load in a process pool, dump what was loaded (or built in
code) and check it again, reuse one Checker, exit as the command does, lint texts of any size,
and type-check a script that uses the API."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pmkit
from helpers import FLAWED_EXAMPLE, GOOD_EXAMPLE

#: The flawed example without its one unknown key, so that it loads into a model.
LOADABLE_FLAWED = FLAWED_EXAMPLE.read_text(encoding="utf-8").replace(
    "root_cause: Engineer forgot the chain.\n", "")
NOW = "2026-01-01T00:00:00Z"
_GOOD_MODEL = pmkit.load(GOOD_EXAMPLE)


def _load_error() -> pmkit.LoadError:
    with pytest.raises(pmkit.LoadError) as info:
        pmkit.load(FLAWED_EXAMPLE)
    return info.value


def test_a_load_error_survives_pickling_as_a_process_pool_sends_it() -> None:
    """A script that loads postmortems in a ProcessPoolExecutor got BrokenProcessPool for the
    whole pool at the first invalid file: the error was rebuilt from its message."""
    error = _load_error()
    for again in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert type(again) is pmkit.LoadError
        assert again.diagnostics == error.diagnostics
        assert str(again) == str(error) == (
            f"{FLAWED_EXAMPLE}:38:1: PM010 unknown key 'root_cause' (did you mean 'contributing_factors'?)")


def test_a_load_error_travels_back_from_a_worker_process() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        future = pool.submit(pmkit.load, str(FLAWED_EXAMPLE))
        with pytest.raises(pmkit.LoadError) as info:
            future.result()
        assert pool.submit(pmkit.load, str(GOOD_EXAMPLE)).result().id == "2018-10-21-database-partition"
    assert [d.code for d in info.value.diagnostics] == ["PM010"]


def test_dump_writes_a_timestamp_given_as_a_bare_date_as_that_date() -> None:
    """``at: 2025-02-14`` (a day, no time of day) was dumped as '2025-02-14T00:00:00Z': read
    again, a moment at midnight, before the incident began (PM104 where the file had PM106)."""
    from pmkit.model import BareDate

    pm = pmkit.loads(LOADABLE_FLAWED)
    text = pmkit.dump(pm)
    assert "- at: '2025-02-14'\n" in text and "T00:00:00" not in text
    again = pmkit.loads(text)
    assert again == pm and type(again.timeline[3].at) is BareDate  # type: ignore[index]
    assert pmkit.metrics(again) == pmkit.metrics(pm)
    written = sorted(d.code for d in pmkit.check_text(LOADABLE_FLAWED, "pm.yaml", now=NOW))
    dumped = sorted(d.code for d in pmkit.check_text(text, "pm.yaml", now=NOW))
    assert dumped == written and "PM106" in dumped and "PM104" not in dumped
    assert "PM104" not in {d.code for d in pmkit.validate(pm, now=NOW)}


def test_dump_keeps_a_bare_date_in_the_documents_own_zone() -> None:
    text = LOADABLE_FLAWED.replace("lang: en\n", "lang: en\ntimezone: Pacific/Auckland\n")
    pm = pmkit.loads(text)
    again = pmkit.loads(pmkit.dump(pm))
    assert (again.timeline[3].at, again.timeline[3].at.tzinfo) == (  # type: ignore[index]
        pm.timeline[3].at, pm.timeline[3].at.tzinfo)  # type: ignore[index]
    assert pmkit.metrics(again) == pmkit.metrics(pm)


def _folder_of_postmortems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pmkit.Config:
    """A folder outside any git repository, its postmortems in ``postmortems/``."""
    (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\n', encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    monkeypatch.chdir(tmp_path)
    return pmkit.load_config()


def test_a_reused_checker_tells_each_text_what_a_fresh_one_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notices said once per run (PM413, PM600) were said to the Checker's first text only:
    its texts were one run, while each check_paths call is a run of its own."""
    checker = pmkit.Checker(_folder_of_postmortems(tmp_path, monkeypatch), now=NOW)
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    for name in ["pm.yaml", "other.yaml"]:
        (tmp_path / "postmortems" / name).write_text(text.replace("id: 2018-10-21-database-partition",
                                                                  f"id: 2018-10-21-{name[:-5]}"))
    fresh = pmkit.check_text(text, "postmortems/pm.yaml", pmkit.load_config(), now=NOW)
    assert [(d.code, d.message) for d in fresh] == [
        ("PM413", "no git evidence for disclosure dates: not inside a git repository; relying on the "
                  "dates in the documents (said once per run)"),
        ("PM600", "history rules (PM6xx) skipped: not inside a git repository")]
    for path in ["postmortems/pm.yaml", "postmortems/pm.yaml", "postmortems/other.yaml"]:
        assert checker.check_text(text, path) == [replace(d, path=path) for d in fresh]


def test_a_reused_checker_compares_a_text_with_the_files_as_they_are_now(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ids of the configured folders' files (PM027) were read for the first text and kept: a
    file removed since was still reported as sharing the text's id."""
    config = _folder_of_postmortems(tmp_path, monkeypatch)
    original = tmp_path / "postmortems" / GOOD_EXAMPLE.name
    original.write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    checker = pmkit.Checker(replace(config, select=["PM027"]), now=NOW)
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert [d.message[:90] for d in checker.check_text(text, "postmortems/copy.yaml")] == [
        f"id '2018-10-21-database-partition' is also the id of postmortems/{GOOD_EXAMPLE.name} (line 3)"[:90]]
    original.unlink()
    assert checker.check_text(text, "postmortems/copy.yaml") == []
    # and a text given without a name is not compared with the texts checked before it
    original.write_text(text, encoding="utf-8")
    assert [d.code for d in checker.check_text(text, "postmortems/copy.yaml")] == ["PM027"]
    original.unlink()
    assert checker.check_text(text) == []


USER_SCRIPT = '''\
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pmkit


def main(folder: Path) -> int:
    report = pmkit.check(folder.glob("*.yaml"), now=date(2026, 1, 1))
    again = pmkit.Checker(pmkit.Config(select=["PM3"])).check_paths({str(folder)})
    found = pmkit.check_text("pmkit: 1\\n", Path("pm.yaml"), now=datetime.now(timezone.utc))
    pm = pmkit.loads("pmkit: 1\\n", path=folder / "pm.yaml")
    checked = pmkit.validate(pm, now=date.today())
    return max(report.exit_code(), again.exit_code(), len(found), len(checked))
'''


def _mypy(script: str, folder: Path) -> list[str]:
    import subprocess
    import sys

    (folder / "script.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                           "--cache-dir", str(folder / "cache"), "script.py"],
                          cwd=folder, capture_output=True, text=True, check=False)
    return done.stdout.splitlines()


def test_a_script_that_passes_paths_and_times_as_python_gives_them_type_checks(tmp_path: Path) -> None:
    """A generator or set of paths and a date for ``now`` run, and mypy --strict refused them
    (``Sequence`` for paths, no ``date`` in pmkit.check's ``now``); ``now`` of check_text and
    validate was Any, so a wrong one passed mypy to fail when run."""
    pytest.importorskip("mypy")
    assert _mypy(USER_SCRIPT, tmp_path) == []
    wrong = USER_SCRIPT.replace("now=date.today()", "now=1735689600")
    assert _mypy(wrong, tmp_path) == [
        'script.py:14: error: Argument "now" to "validate" has incompatible type "int"; expected '
        '"datetime | date | str | None"  [arg-type]']


SEVERITIES_SCRIPT = '''\
from __future__ import annotations

import pmkit
from pmkit import Severity


def main() -> Severity:
    config = pmkit.Config(severity={"human-error": "info"}, fail_on="warning")
    levels: dict[str, str] = {"PM301": "info"}
    other = pmkit.Config(severity=levels, fail_on=Severity.INFO, rules={"PM714": {"grace_days": 3}})
    held: Severity = config.fail_on
    return held if other.severity["PM301"] is held else config.severity["PM301"]
'''


def test_severities_given_by_name_as_the_readme_shows_type_check(tmp_path: Path) -> None:
    """Config(severity={"human-error": "info"}, fail_on="warning") runs, as the README shows it,
    but mypy --strict refused both ("expected Severity"); the Config still holds Severity."""
    pytest.importorskip("mypy")
    assert _mypy(SEVERITIES_SCRIPT, tmp_path) == []
    config = pmkit.Config(severity={"human-error": "info"}, fail_on="warning")
    assert (config.severity, config.fail_on) == ({"PM301": pmkit.Severity.INFO}, pmkit.Severity.WARNING)
    wrong = SEVERITIES_SCRIPT.replace('fail_on="warning")', 'fail_on=2)\n    config.fail_on = "info"')
    assert _mypy(wrong, tmp_path) == [
        'script.py:8: error: Argument "fail_on" to "Config" has incompatible type "int"; expected '
        '"Severity | str"  [arg-type]',
        'script.py:9: error: Incompatible types in assignment (expression has type "str", variable has '
        'type "Severity")  [assignment]']


BYTES_SCRIPT = '''\
from __future__ import annotations

import os
from pathlib import Path

import pmkit


class BytesPath(os.PathLike[bytes]):
    def __fspath__(self) -> bytes:
        return b"pm"


def main() -> int:
    pm = pmkit.load(b"pm/x.yaml")
    named = pmkit.load(BytesPath())
    reports = [pmkit.check(b"pm"), pmkit.check([b"pm", "pm", Path("pm")]), pmkit.check(BytesPath()),
               pmkit.check([BytesPath()]), pmkit.Checker().check_paths([b"pm"], jobs=1)]
    config = pmkit.load_config(start=BytesPath())
    return len(pm.id + named.id) + sum(r.exit_code() for r in reports) + len(config.paths)
'''


def test_a_script_that_passes_file_names_as_bytes_type_checks(tmp_path: Path) -> None:
    """pmkit.load(b"x.yaml"), pmkit.check(b"x") and pmkit.check([b"x"]) run, as documented (and
    path objects of bytes), but mypy --strict refused them: the annotations named str alone."""
    pytest.importorskip("mypy")
    assert _mypy(BYTES_SCRIPT, tmp_path) == []


GERMAN_EXAMPLE = GOOD_EXAMPLE.parent / "2024-03-12-zahlungsausfall.yaml"


def test_dump_writes_a_text_of_several_lines_as_a_block_and_no_line_ends_in_a_space() -> None:
    """A generated postmortem is read and edited in review: its summary was one quoted line of
    "...\\nOnlineshop fehl..." folded at 100 characters, and folded plain values left a space at
    the end of eleven lines (what trailing-whitespace hooks then rewrite)."""
    pm = pmkit.load(GERMAN_EXAMPLE)
    text = pmkit.dump(pm)
    assert ("summary: |\n"
            "  Am 12. März 2024 schlugen von 09:58 bis 10:38 Uhr alle Kartenzahlungen im\n"
            "  Onlineshop fehl. Unser Zahlungsanbieter hatte ein neues Zwischenzertifikat\n") in text
    assert ('  event: Der Alarm "Zahlungserfolgsquote unter 50 % seit 10 Minuten" löste aus und rief '
            'die Bereitschaft.\n') in text
    assert [line for line in text.splitlines() if line != line.rstrip()] == []
    assert pmkit.loads(text) == pm and pmkit.dump(pmkit.loads(text)) == text
    assert pmkit.check_text(text, "pm.yaml", now=NOW) == []


@pytest.mark.parametrize(("summary", "written"), [
    ("a\nb", "summary: |-\n  a\n  b\n"),
    ("a\nb\n\n", "summary: |+\n  a\n  b\n\n"),
    ("  indented\nx\n", "summary: |2\n    indented\n  x\n"),
    ("# no comment\n- no list\nkey: no key\n", "summary: |\n  # no comment\n  - no list\n  key: no key\n"),
    ("ü\n„ß“ 🙂\n", "summary: |\n  ü\n  „ß“ 🙂\n"),
    # what a block cannot hold as it is stays an escaped, quoted text
    ("line\r\nwin\r\n", 'summary: "line\\r\\nwin\\r\\n"\n'),
    ("x\n\u2028y", 'summary: "x\\n\\Ly"\n'),
    ("bell\x07\nx", 'summary: "bell\\a\\nx"\n'),
    # a separator in a one-line text was written in single quotes as a line break, read back as spaces
    ("a\u2028b", 'summary: "a\\Lb"\n'),
    ("next\x85line", 'summary: "next\\Nline"\n'),
    ("\u2029", 'summary: "\\P"\n'),
    ("50\xa0% \u200d", "summary: 50\xa0% \u200d\n"),  # printable: as it is
])
def test_dump_of_a_text_of_several_lines_reads_back_as_the_same_text(summary: str, written: str) -> None:
    pm = pmkit.load(GOOD_EXAMPLE)
    pm.summary = summary
    text = pmkit.dump(pm)
    assert written in text
    assert pmkit.loads(text).summary == summary


#: What makes YAML text hard to write: its syntax, blanks, breaks, separators and control characters.
_AWKWARD = list("ab :#-'\"|>\\{}[]&*\n\t\r ü🙂\xa0\x85\u2028\u2029\ufeff\x00\x07\x7f\x9f")


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from(_AWKWARD), max_size=20))
def test_dump_writes_any_text_so_that_it_reads_back_as_the_same_text(text: str) -> None:
    pm = _GOOD_MODEL.model_copy(deep=True)
    pm.summary = text
    assert pmkit.loads(pmkit.dump(pm)).summary == text



def test_a_text_over_the_size_limit_is_not_checked_as_a_file_over_it_is_not_read() -> None:
    """check_text of a 5 MB text (a chat export pasted into a service that lints texts) took
    its time over it, seconds to minutes, where a file of that size is PM006 and never read."""
    text = GOOD_EXAMPLE.read_text(encoding="utf-8") + "notes: '" + "ä" * 2_500_000 + "'\n"
    size = len(text.encode("utf-8"))
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in pmkit.check_text(text, "pm.yaml")] == [
        ("PM006", 1, 1, f"file is {size:,} bytes, over the limit of 4,194,304",
         "Split the postmortem, or raise max-file-size in [tool.pmkit].")]
    # the limit counts bytes, as for a file, and is the Config's
    assert [d.code for d in pmkit.check_text("ä" * 51, config=pmkit.Config(max_file_size=101))] == ["PM006"]
    assert [d.code for d in pmkit.check_text("ä" * 50, config=pmkit.Config(max_file_size=100))] == ["PM003"]
    assert [d.code for d in pmkit.check_text(text, config=pmkit.Config(max_file_size=2 ** 23))] == ["PM010"]



@pytest.mark.parametrize(("setting", "code"), [("info", 1), ("warning", 0), ("error", 0)])
def test_a_report_exits_as_the_command_does_with_the_settings_fail_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, code: int) -> None:
    """``sys.exit(pmkit.check().exit_code())`` in a CI script passed where ``pmkit check`` failed:
    the report measured against ``error`` whatever ``fail-on`` the project had set."""
    from pmkit.cli import main

    (tmp_path / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f'[tool.pmkit]\npaths = ["."]\nfail-on = "{setting}"\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = pmkit.check(now=NOW)  # two notices (PM413, PM600): info
    assert {d.severity for d in report.diagnostics} == {pmkit.Severity.INFO}
    assert report.fail_on is pmkit.Severity.parse(setting)
    assert report.exit_code() == code == main(["check", "--now", NOW])
    config = pmkit.Config(fail_on="info")  # type: ignore[arg-type]
    assert pmkit.Checker(config, now=NOW).check_paths(["pm.yaml"]).exit_code() == 1
    assert report.exit_code("error") == 0 and report.exit_code(pmkit.Severity.INFO) == 1  # as asked
    assert pmkit.Report(report.diagnostics).exit_code() == 0  # a report built in code: error



def test_loads_holds_a_text_to_a_size_limit_as_load_holds_a_file() -> None:
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    size = len(text.encode("utf-8"))
    with pytest.raises(pmkit.LoadError) as info:
        pmkit.loads(text, max_bytes=size - 1)
    assert str(info.value) == f"<string>:1:1: PM006 file is {size:,} bytes, over the limit of {size - 1:,}"
    assert pmkit.loads(text, max_bytes=size) == pmkit.load(GOOD_EXAMPLE, max_bytes=size)
    with pytest.raises(pmkit.LoadError, match="PM006 file is 4,194,305 bytes, over the limit of 4,194,304"):
        pmkit.loads(text + "#" * (4 * 2 ** 20 - size) + "\n")  # the default is load's: 4 MiB
    with pytest.raises(ValueError, match=r"^max_bytes must be 1 or more, not 0$"):
        pmkit.loads(text, max_bytes=0)



@pytest.mark.parametrize("zone", [None, "Europe/Berlin"])
def test_a_date_given_in_code_for_a_timestamp_is_the_bare_date_its_text_is(zone: str | None) -> None:
    """A script that built a postmortem with ``at=date(2026, 11, 3)`` got a ValidationError,
    "timestamp '2026-11-03' has no UTC offset and the document declares no timezone", where the
    text '2026-11-03' is read as that day."""
    from datetime import date

    from pmkit.model import BareDate

    fields = {"pmkit": 1, "id": "2026-11-02-api", "title": "API errors", "status": "draft", "lang": "en",
              "severity": "SEV3", **({"timezone": zone} if zone else {})}
    built = pmkit.Postmortem.model_validate({**fields, "timeline": [{"at": date(2026, 11, 3), "event": "x"}]})
    read = pmkit.Postmortem.model_validate({**fields, "timeline": [{"at": "2026-11-03", "event": "x"}]})
    moment, text = built.timeline[0].at, read.timeline[0].at  # type: ignore[index]
    assert type(moment) is BareDate and (moment, moment.tzinfo) == (text, text.tzinfo)
    assert built == read and "- at: '2026-11-03'\n" in pmkit.dump(built)
    entry = pmkit.TimelineEntry(at=date(2026, 11, 3), event="x")  # type: ignore[arg-type]
    assert type(entry.at) is BareDate



def test_a_model_built_in_code_reads_its_times_in_its_own_timezone() -> None:
    """Postmortem.model_validate (the README's way to build one) and Postmortem(...) refused a
    time without an offset, "the document declares no timezone", beside ``timezone:`` itself."""
    from datetime import datetime, timedelta, timezone

    fields = {"pmkit": 1, "id": "2026-11-02-api", "title": "API errors", "status": "draft", "lang": "en",
              "severity": "SEV3", "timezone": "Europe/Berlin"}
    entry = {"at": "2026-11-02T10:00", "event": "x"}
    validated = pmkit.Postmortem.model_validate({**fields, "timeline": [entry]})
    built = pmkit.Postmortem(**fields, timeline=[{"at": datetime(2026, 11, 2, 10, 0), "event": "x"}])
    read = pmkit.loads("\n".join(f"{key}: {value}" for key, value in fields.items())
                       + "\ntimeline:\n  - {at: 2026-11-02T10:00, event: x}\n")
    assert validated == built == read
    at = validated.timeline[0].at  # type: ignore[index]
    assert at == datetime(2026, 11, 2, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert "- at: '2026-11-02T10:00:00+01:00'\n" in pmkit.dump(built)
    # without a zone, or with one pmkit does not know, a time without an offset is still an error
    for zone, said in [(None, "the document declares no timezone"),
                       ("Mars/Base", "the document's timezone is not a time zone pmkit knows")]:
        with pytest.raises(ValueError, match=said):
            pmkit.Postmortem.model_validate({**fields, "timezone": zone, "timeline": [entry]})


# --- guards: what scripts rely on and was already right -----------------------------------------

def test_guard_the_api_leaves_the_process_as_it_found_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import signal

    for index in range(41):  # enough files for worker processes
        (tmp_path / f"pm{index}.yaml").write_text(LOADABLE_FLAWED, encoding="utf-8")
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD)}
    umask = os.umask(0o022)
    os.umask(umask)
    cwd, env = os.getcwd(), dict(os.environ)
    before = {path: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    report = pmkit.check([tmp_path], now=NOW)
    assert len(report.files) == 41 and report.exit_code() == 1
    pm = pmkit.loads(LOADABLE_FLAWED)
    assert pmkit.validate(pm, now=NOW) and pmkit.check_text(pmkit.dump(pm), now=NOW)
    assert capsys.readouterr() == ("", "")
    assert {sig: signal.getsignal(sig) for sig in handlers} == handlers
    assert (os.umask(umask), os.getcwd(), dict(os.environ)) == (umask, cwd, env)
    assert {path: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == before


def test_guard_threads_each_with_a_checker_of_their_own_find_what_one_finds_alone() -> None:
    import threading

    texts = {"a.yaml": LOADABLE_FLAWED, "b.yaml": GOOD_EXAMPLE.read_text(encoding="utf-8")}
    alone = {path: pmkit.Checker(now=NOW).check_text(text, path) for path, text in texts.items()}
    found: list[bool] = []

    def work() -> None:
        checker = pmkit.Checker(now=NOW)
        found.extend(checker.check_text(text, path) == alone[path] for _ in range(3)
                     for path, text in texts.items())

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [True] * 12


def test_guard_a_reference_time_in_each_form_python_gives_it_is_one_moment() -> None:
    from datetime import date, datetime, timezone

    moments = {pmkit.Checker(now=now).now for now in (
        "2026-01-01", "2026-01-01T00:00:00Z", date(2026, 1, 1), datetime(2026, 1, 1),
        datetime(2026, 1, 1, tzinfo=timezone.utc))}
    assert moments == {datetime(2026, 1, 1, tzinfo=timezone.utc)}


@pytest.mark.parametrize(("written", "said"), [
    ("", "1:1: PM007 file is empty: no postmortem fields found"),
    ("- a\n", "1:1: PM003 top level of a postmortem must be a mapping of fields, found a list"),
    ("pmkit: 1\nid: [\n", "2:6: PM001 YAML syntax error: expected the node content"),
    ("pmkit: 1\npmkit: 2\n", "2:1: PM002 duplicate key 'pmkit' (first defined on line 1)"),
    ("\x00\x01", "1:1: PM005 file contains NUL bytes"),
])
def test_guard_a_file_that_is_no_postmortem_is_a_load_error_that_says_where(
        tmp_path: Path, written: str, said: str) -> None:
    path = tmp_path / "pm.yaml"
    path.write_text(written, encoding="utf-8")
    with pytest.raises(pmkit.LoadError) as info:
        pmkit.load(path)
    assert str(info.value).startswith(f"{path}:{said}")
    for missing in (tmp_path / "none.yaml", tmp_path):
        with pytest.raises(pmkit.LoadError, match=r"PM004 (no such file or folder|is a directory)"):
            pmkit.load(missing)


AMSTERDAM_1930 = """\
pmkit: 1
id: 1930-05-01-exchange
title: Exchange outage
status: draft
lang: en
severity: SEV3
timezone: Europe/Amsterdam
timeline:
  - at: 1930-05-01T12:00
    milestone: impact_started
"""


def test_dump_writes_a_time_whose_offset_has_seconds_as_the_same_moment_in_utc() -> None:
    """Amsterdam's offset was +00:19:32 until 1937: dump wrote '+00:19', 32 seconds later than the
    model's time, and loads(dump(pm)) was another model. A file's offset has no seconds: the time is
    written in UTC, exactly."""
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    pm = pmkit.loads(AMSTERDAM_1930)
    assert pm.timeline is not None and pm.timeline[0].at.utcoffset() == timedelta(minutes=19, seconds=32)
    text = pmkit.dump(pm)
    assert "- at: '1930-05-01T11:40:28Z'\n" in text
    assert pmkit.loads(text) == pm
    pm.timeline[0].at = datetime(1930, 5, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # set in code
    again = pmkit.loads(pmkit.dump(pm))
    assert again.timeline is not None and again.timeline[0].at == datetime(1930, 5, 1, 11, 40, 28,
                                                                            tzinfo=timezone.utc)
    assert again == pm
