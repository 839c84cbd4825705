"""Baseline files: adopt pmkit on old postmortems and be held only to new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import GOOD_EXAMPLE
from pmkit.baseline import apply_baseline, load_baseline, normalise_message, write_baseline
from pmkit.cli import main
from pmkit.config import ConfigError
from pmkit.diagnostics import Diagnostic, Report

BAD = GOOD_EXAMPLE.read_text(encoding="utf-8").replace("severity: SEV1", "severity: SEV9").replace(
    "status: published", "status: done")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "old.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--select", "PM0", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_write_then_check_with_baseline(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--write-baseline", ".pmkit-baseline.json")
    assert code == 0
    assert err == "pmkit: recorded 2 findings in .pmkit-baseline.json\n"
    data = json.loads((repo / ".pmkit-baseline.json").read_text())
    assert data["version"] == 1 and data["generator"].startswith("pmkit ")
    assert [(f["path"], f["code"], f["field"]) for f in data["findings"]] == [
        ("postmortems/old.yaml", "PM013", "severity"), ("postmortems/old.yaml", "PM013", "status")]
    assert data["findings"][0]["message"] == "'SEV9' is not a valid severity (did you mean 'SEV5'?)"
    code, out, err = run(capsys, "--baseline", ".pmkit-baseline.json")
    assert (code, out) == (0, "")
    assert err == "pmkit: 2 known findings left out (baseline .pmkit-baseline.json)\n"


def test_a_baseline_saved_with_a_byte_order_mark_still_works(repo: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Saved again by a Windows editor, the baseline starts with a byte order mark, which JSON
    parsers refuse ("Unexpected UTF-8 BOM"): it is no part of the text."""
    assert run(capsys, "--write-baseline", ".pmkit-baseline.json")[0] == 0
    baseline = repo / ".pmkit-baseline.json"
    baseline.write_bytes(b"\xef\xbb\xbf" + baseline.read_bytes())
    code, out, err = run(capsys, "--baseline", ".pmkit-baseline.json")
    assert (code, out) == (0, "")
    assert err == "pmkit: 2 known findings left out (baseline .pmkit-baseline.json)\n"


def test_edits_elsewhere_do_not_resurrect_findings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", ".pmkit-baseline.json")
    old = repo / "postmortems" / "old.yaml"
    old.write_text("# a new comment line\n# and another\n" + BAD, encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", ".pmkit-baseline.json")
    assert (code, out) == (0, "")


def test_new_findings_are_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", ".pmkit-baseline.json")
    (repo / "postmortems" / "new.yaml").write_text(  # a postmortem of its own: no PM027
        BAD.replace("lang: en", "lang: fr").replace("id: 2018-10-21-database-partition", "id: new"),
        encoding="utf-8")
    old = repo / "postmortems" / "old.yaml"
    old.write_text(BAD.replace("owner: database", "ownr: database"), encoding="utf-8")
    code, out, err = run(capsys, "--baseline", ".pmkit-baseline.json", "--no-hints")
    assert code == 1
    assert [line.split(": ", 1)[0] + ":" + line.split(" ")[1] for line in out.splitlines()[:4]] == [
        "postmortems/new.yaml:5:9:PM013", "postmortems/new.yaml:6:7:PM013",
        "postmortems/new.yaml:7:11:PM013", "postmortems/old.yaml:8:1:PM010"]
    assert "2 known findings left out" in err


def test_stale_entries_are_mentioned(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", ".pmkit-baseline.json")
    (repo / "postmortems" / "old.yaml").write_text(BAD.replace("status: done", "status: published", 1))
    code, out, err = run(capsys, "--baseline", ".pmkit-baseline.json")
    assert (code, out) == (0, "")
    assert err == ("pmkit: 1 known finding left out (baseline .pmkit-baseline.json); 1 baseline entry "
                   "no longer matches (fixed?): refresh it with --write-baseline\n")


def test_baseline_paths_are_relative_to_the_baseline_file(repo: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "--write-baseline", "ci/baseline.json")
    data = json.loads((repo / "ci" / "baseline.json").read_text())
    assert data["findings"][0]["path"] == "../postmortems/old.yaml"
    monkeypatch.chdir(repo / "postmortems")  # another working directory, other spelling of paths
    code = main(["check", "--select", "PM0", "--baseline", "../ci/baseline.json", "old.yaml"])
    assert code == 0
    assert capsys.readouterr().out == ""


def test_identical_findings_are_counted() -> None:
    base = Path.cwd()
    one = Diagnostic("a.yaml", 3, 1, "PM301", "blame", field="summary")
    two = Diagnostic("a.yaml", 9, 1, "PM301", "blame", field="summary")
    path = base / "bl.json"
    try:
        write_baseline(path, Report([one], files=["a.yaml"]))
        result = apply_baseline(Report([one, two], files=["a.yaml"]), path)
        assert (result.matched, [d.line for d in result.report.diagnostics]) == (1, [9])
    finally:
        path.unlink()


def test_an_internal_error_is_never_recorded_nor_left_out() -> None:
    base = Path.cwd()
    crash = Diagnostic("a.yaml", 1, 1, "PM903", "internal error in PM301: KeyError", field="")
    blame = Diagnostic("a.yaml", 3, 1, "PM301", "blame", field="summary")
    path = base / "bl.json"
    try:
        assert write_baseline(path, Report([crash, blame], files=["a.yaml"])).recorded == 1
        assert [row["code"] for row in json.loads(path.read_text(encoding="utf-8"))["findings"]] == ["PM301"]
        # a baseline written otherwise (by hand, by an older pmkit) still hides no internal error
        path.write_text(json.dumps({"version": 1, "generator": "pmkit 0.1.0", "findings": [
            {"path": "a.yaml", "code": "PM903", "field": "", "message": crash.message}]}), encoding="utf-8")
        result = apply_baseline(Report([crash], files=["a.yaml"]), path)
        assert (result.matched, [d.code for d in result.report.diagnostics]) == (0, ["PM903"])
    finally:
        path.unlink()


def test_line_numbers_in_messages_are_masked() -> None:
    assert normalise_message("duplicate key 'x' (first defined on line 12)") == \
        "duplicate key 'x' (first defined on line N)"
    assert normalise_message("unused suppression: no PM301 finding on lines 4-9") == \
        "unused suppression: no PM301 finding on lines N"
    assert normalise_message("doppelt (zuerst in Zeile 7)") == "doppelt (zuerst in Zeile N)"


def test_a_count_of_timeline_entries_is_masked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An entry added to a timeline that is still too short (PM113) or still has no evidence
    (PM111) leaves the finding the same finding: an accepted one came back as new."""
    assert normalise_message("the timeline has 1 entry; SEV1 postmortems need at least 5") == \
        normalise_message("the timeline has 3 entries; SEV1 postmortems need at least 5") == \
        "the timeline has N entries; SEV1 postmortems need at least 5"
    assert normalise_message("none of the 4 timeline entries has evidence") == \
        "none of the N timeline entries has evidence"
    head = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV1\ntimeline:\n"
    entry = "  - {{at: 2026-01-01T10:0{0}:00Z, actor: ops, event: Step {0}.}}\n"
    path, baseline = tmp_path / "pm.yaml", str(tmp_path / "b.json")
    path.write_text(head + entry.format(1) + entry.format(2), encoding="utf-8")
    assert main(["check", "--select", "PM111,PM113", "--write-baseline", baseline, str(path)]) == 0
    assert "recorded 2 findings" in capsys.readouterr().err
    path.write_text(head + entry.format(1) + entry.format(2) + entry.format(3), encoding="utf-8")
    assert main(["check", "--select", "PM111,PM113", "--baseline", baseline, str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_bad_baseline_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such baseline file"):
        load_baseline(tmp_path / "missing.json")
    bad = tmp_path / "b.json"
    bad.write_text('{"version": 2, "findings": []}')
    with pytest.raises(ConfigError, match="baseline version 2 is not supported"):
        load_baseline(bad)
    bad.write_text('{"version": 1, "findings": [{"path": "a"}]}')
    with pytest.raises(ConfigError, match=r"findings\[0\] needs path, code, field and message"):
        load_baseline(bad)
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read the baseline"):
        load_baseline(bad)


def test_missing_baseline_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--baseline", "nope.json")
    assert code == 2
    assert "nope.json: no such baseline file (create one with --write-baseline)" in err


def test_a_baseline_never_overwrites_another_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Naming the postmortem (or any file that is not a baseline) by mistake loses nothing."""
    postmortem = repo / "postmortems" / "old.yaml"
    code, _, err = run(capsys, "--write-baseline", "postmortems/old.yaml")
    assert code == 2
    assert err == ("pmkit: cannot write the baseline postmortems/old.yaml: it is not a pmkit baseline, "
                   "and pmkit overwrites no other file (remove it first, or choose another name)\n")
    assert postmortem.read_text(encoding="utf-8") == BAD
    (repo / "empty.json").write_text("")
    assert run(capsys, "--write-baseline", "empty.json")[0] == 0  # an empty file, and a baseline,
    assert run(capsys, "--write-baseline", "empty.json")[0] == 0  # are replaced


def test_a_baseline_written_into_a_pipe(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A named pipe (like /dev/null or /dev/stdout) is written into, not replaced by a file."""
    import os
    import threading

    pipe = repo / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _, _ = run(capsys, "--write-baseline", "pipe")
    reader.join(10)
    assert code == 0 and pipe.is_fifo()
    assert json.loads(received[0])["version"] == 1


def test_a_baseline_to_standard_output_can_be_saved_and_used(repo: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/stdout is written into (a rename would replace what the link names, or fail), and
    the paths in it are relative to where pmkit runs, as the shell saves it there."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM0", "--write-baseline",
                           "/dev/stdout"], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (repo / "saved.json").write_text(done.stdout, encoding="utf-8")
    assert [f["path"] for f in json.loads(done.stdout)["findings"]] == ["postmortems/old.yaml"] * 2
    assert run(capsys, "--baseline", "saved.json")[0] == 0


def test_a_json_file_that_is_no_baseline_is_not_overwritten(repo: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "package.json").write_text('{"name": "x", "version": "1.0.0"}\n', encoding="utf-8")
    assert run(capsys, "--write-baseline", "package.json")[0] == 2
    assert (repo / "package.json").read_text(encoding="utf-8") == '{"name": "x", "version": "1.0.0"}\n'


@pytest.mark.parametrize("target", ["postmortems/baseline.yaml", "baseline.YML", "ci/baseline.yml"])
def test_a_baseline_is_never_written_under_a_postmortems_name(
        repo: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    # Written there, the baseline was read by the next check as a postmortem that does not parse
    # (PM011); --output refuses such a name, and so does --write-baseline, before checking.
    before = sorted(path.relative_to(repo).as_posix() for path in repo.rglob("*"))
    code, out, err = run(capsys, "--write-baseline", target)
    assert (code, out) == (2, "")
    assert err == (f"pmkit: --write-baseline {target} is a postmortem's name (.yaml, .yml), which 'pmkit "
                   "check' reads as one; give the baseline's file name (.pmkit-baseline.json)\n")
    assert sorted(path.relative_to(repo).as_posix() for path in repo.rglob("*")) == before
    assert run(capsys, "postmortems")[0] == 1  # the folder holds the one postmortem it held
