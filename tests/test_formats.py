"""Review output: GitHub workflow commands (escaping, limits) and SARIF (schema-valid)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from helpers import GOOD_EXAMPLE
from pmkit.cli import main
from pmkit.diagnostics import Diagnostic, Report, Severity
from pmkit.formats import get_formatter, resolve_format
from pmkit.formats.github import escape_data, escape_property, format_annotation, format_github
from pmkit.formats.sarif import sarif_log
from pmkit.rules import registry

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def diag(code: str = "PM013", severity: Severity = Severity.ERROR, line: int = 3, **kw: object) -> Diagnostic:
    fields: dict[str, object] = {"name": "invalid-value", "message": "'SEV9' is not a valid severity",
                                 "end_line": line, "end_col": 15, "field": "severity"}
    fields.update(kw)
    return Diagnostic("postmortems/a.yaml", line, 11, code, severity=severity, **fields)  # type: ignore[arg-type]


def test_escaping_matches_the_actions_toolkit() -> None:
    assert escape_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b"
    assert escape_property("100%\r\nnext: a,b") == "100%25%0D%0Anext%3A a%2Cb"


def test_annotation_exact() -> None:
    # The author's text in a message stays on its line, control characters written as escapes
    # (as in the text report); the hint gets a line of its own.
    d = Diagnostic("pm dir/a,b:c.yaml", 3, 11, "PM013", "50% of 'x\x1b[2J\u2028'\nsecond line",
                   name="invalid-value", end_line=3, end_col=15, hint="Use one of: SEV1, SEV2.")
    assert format_annotation(d) == (
        "::error file=pm dir/a%2Cb%3Ac.yaml,line=3,col=11,endColumn=15,title=PM013 invalid-value"
        "::50%25 of 'x\\x1b[2J\\u2028'\\nsecond line%0AUse one of: SEV1, SEV2."
    )
    multi = Diagnostic("a.yaml", 3, 1, "PM301", "blame", name="human-error", severity=Severity.WARNING,
                       end_line=5, end_col=4)
    assert format_annotation(multi) == (
        "::warning file=a.yaml,line=3,endLine=5,title=PM301 human-error::blame")
    info = Diagnostic("a.yaml", 1, 1, "PM901", "x", severity=Severity.INFO)
    assert format_annotation(info) == "::notice file=a.yaml,line=1,col=1,title=PM901::x"


def test_annotations_sorted_by_severity_then_full_report() -> None:
    report = Report([diag("PM901", Severity.INFO, 1, name="unused-suppression", message="i"),
                     diag("PM301", Severity.WARNING, 2, name="w", message="w"),
                     diag(line=9)], files=["postmortems/a.yaml"])
    out = format_github(report).splitlines()
    assert [line.split(" ", 1)[0] for line in out[:3]] == ["::error", "::warning", "::notice"]
    assert out[3] == "postmortems/a.yaml:1:11: PM901 i (unused-suppression)"
    assert out[-1] == "Found 1 error, 1 warning, 1 info in 1 of 1 file."


def test_old_style_commands_in_the_text_report_are_not_run() -> None:
    # The runner reads "##[name]..." anywhere in a line; a finding quotes the author's text.
    report = Report([diag(message="'##[error]forged' is not a valid severity")],
                    files=["postmortems/a.yaml"])
    out = format_github(report).splitlines()
    assert out[0].startswith("::error ")
    token = out[1].removeprefix("::stop-commands::")
    assert len(token) == 32 and token not in "\n".join(out[2:-1])
    assert out[2] == ("postmortems/a.yaml:3:11: PM013 '##[error]forged' is not a valid severity"
                      " (invalid-value)")
    assert out[-1] == f"::{token}::"
    plain = format_github(Report([diag()], files=["postmortems/a.yaml"]))
    assert "stop-commands" not in plain


def test_annotation_limits_and_notice() -> None:
    diags = ([diag(line=n) for n in range(1, 16)]
             + [diag("PM301", Severity.WARNING, n, message=f"w{n}") for n in range(1, 13)]
             + [diag("PM901", Severity.INFO, n, message=f"i{n}") for n in range(1, 4)])
    out = format_github(Report(diags, files=["postmortems/a.yaml"])).splitlines()
    annotations = [line for line in out if line.startswith("::")]
    kinds = [line.split(" ", 1)[0] for line in annotations]
    assert kinds.count("::error") == 10 and kinds.count("::warning") == 10
    assert kinds.count("::notice") == 4  # three findings and the truncation notice
    assert [line for line in annotations if "line=" in line][:2] == [
        format_annotation(diag(line=1)), format_annotation(diag(line=2))]
    assert annotations[-1] == (
        "::notice title=pmkit%3A more findings than annotations::pmkit found 30 findings; 7 of them "
        "(5 errors, 2 warnings) are not shown as annotations, because GitHub shows at most 10 error "
        "and 10 warning annotations per step. The full report follows in the log."
    )
    # the full text report has every finding
    assert sum(1 for line in out if line.startswith("postmortems/a.yaml:")) == 30


def test_truncation_notice_fits_under_the_notice_limit() -> None:
    diags = [diag("PM901", Severity.INFO, n, message=f"i{n}") for n in range(1, 13)]
    annotations = [x for x in format_github(Report(diags)).splitlines() if x.startswith("::")]
    assert len(annotations) == 10
    assert "3 of them (3 infos) are not shown" in annotations[-1]


def test_no_notice_when_everything_fits() -> None:
    out = format_github(Report([diag(line=n) for n in range(1, 11)]))
    assert "more findings than annotations" not in out


def test_github_paths_are_relative_to_the_workspace(tmp_path: Path) -> None:
    file = tmp_path / "postmortems" / "a.yaml"
    d = Diagnostic(str(file), 1, 1, "PM013", "x")
    assert format_github(Report([d]), root=tmp_path).startswith("::error file=postmortems/a.yaml,")


def test_auto_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert resolve_format("auto") == "github"
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert resolve_format("auto") == "text"
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert resolve_format("auto") == "text"
    assert resolve_format("sarif") == "sarif"


def test_cli_auto_under_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "postmortems" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text(GOOD_EXAMPLE.read_text(encoding="utf-8").replace("severity: SEV1", "severity: SEV9"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    assert main(["check", "--format", "auto", "--select", "PM0", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=postmortems/bad.yaml,line=7,col=11,endColumn=15,"
                          "title=PM013 invalid-value::'SEV9' is not a valid severity")


# --- SARIF ----------------------------------------------------------------------------------


def validate(log: dict[str, object]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_sarif_validates_and_describes_rules(tmp_path: Path) -> None:
    path = tmp_path / "post mortems" / "ä.yaml"
    diags = [Diagnostic(str(path), 7, 11, "PM013", "'SEV9' is not a valid severity", name="invalid-value",
                        end_line=7, end_col=15, field="severity", hint="Use one of: SEV1.."),
             Diagnostic(str(path), 2, 1, "PM901", "unused", name="unused-suppression",
                        severity=Severity.WARNING),
             Diagnostic("<string>", 1, 1, "PM999", "from elsewhere", severity=Severity.INFO)]
    log = sarif_log(Report(diags, files=[str(path)]), root=tmp_path)
    validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]  # type: ignore[index]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pmkit"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) >= {r.code for r in registry()}
    pm013 = rules["PM013"]
    assert pm013["name"] == "invalid-value"
    assert pm013["shortDescription"]["text"] == "A value is not one of the allowed ones."
    assert "What it catches:" in pm013["fullDescription"]["text"]
    assert pm013["helpUri"] == "https://github.com/pmkit/pmkit/blob/main/docs/rules.md#pm013"
    assert pm013["defaultConfiguration"] == {"level": "error"}
    assert rules["PM901"]["defaultConfiguration"] == {"level": "warning"}
    results = run["results"]
    first = results[0]
    assert first["ruleId"] == "PM901" and first["level"] == "warning"
    assert driver["rules"][first["ruleIndex"]]["id"] == "PM901"
    second = results[1]
    assert second["message"]["text"] == "'SEV9' is not a valid severity\nUse one of: SEV1.."
    assert second["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "post%20mortems/%C3%A4.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7, "startColumn": 11, "endLine": 7, "endColumn": 15},
    }
    assert len(second["partialFingerprints"]["pmkitFinding/v1"]) == 64
    assert results[2]["level"] == "note" and rules["PM999"]["helpUri"].endswith("#pm999")


def test_empty_sarif_validates() -> None:
    validate(sarif_log(Report()))


def test_sarif_region_never_ends_before_it_starts() -> None:
    d = Diagnostic("a.yaml", 4, 9, "PM013", "x", end_line=2, end_col=1)
    region = sarif_log(Report([d]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]  # type: ignore[index]
    assert region == {"startLine": 4, "startColumn": 9, "endLine": 4, "endColumn": 9}


def test_sarif_from_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "postmortems" / "bad.md"
    bad.parent.mkdir()
    bad.write_text("---\npmkit: 1\nid: x\ntitle: T\nstatus: done\nlang: en\nseverity: SEV3\n---\n"
                   "## Summary\n\nText.\n\n## Summary\n\nAgain.\n")
    assert main(["check", "--format", "sarif", "postmortems"]) == 1
    log = json.loads(capsys.readouterr().out)
    validate(log)
    found = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"])
             for r in log["runs"][0]["results"]]
    assert ("PM013", "postmortems/bad.md", 5) in found
    assert ("PM018", "postmortems/bad.md", 13) in found


def test_formatter_lookup() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        get_formatter("xml")


def test_schema_validation_is_real() -> None:
    log = sarif_log(Report([Diagnostic("a.yaml", 1, 1, "PM013", "x")]))
    log["runs"][0]["results"][0]["level"] = "fatal"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError, match="'fatal' is not one of"):
        validate(log)


def test_example_workflow_is_a_valid_github_workflow() -> None:
    import shutil
    import subprocess
    import sys

    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which(
        "check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed")
    workflow = Path(__file__).parent.parent / "examples" / ".github" / "workflows" / "postmortems.yml"
    result = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(workflow)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_summary_counts_files_not_the_folder_of_a_repository_wide_notice() -> None:
    from pmkit.formats.text import summary

    report = Report([Diagnostic("postmortems", 1, 1, "PM600", "skipped", severity=Severity.INFO),
                     Diagnostic("postmortems/a.yaml", 2, 1, "PM600", "skipped", severity=Severity.INFO)],
                    files=["postmortems/a.yaml", "postmortems/b.yaml"])
    assert summary(report) == "Found 2 infos in 1 of 2 files."


def test_every_format_counts_columns_in_characters_after_an_emoji(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An emoji (two UTF-16 units, four UTF-8 bytes), a tab, a CJK character and a combining
    accent before the finding, in a file with a byte order mark and CR LF line ends: every format
    gives the same column, in code points, but SARIF and the GitHub annotations, which count
    UTF-16 units (GitHub reads them so; SARIF says so)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    head = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
    line = "summary: \"😀\t日 e\u0301 It was human error.\"\n"
    (tmp_path / "pm.yaml").write_bytes(("\ufeff" + head + line).replace("\n", "\r\n").encode("utf-8"))
    column = len('summary: "😀\t日 e\u0301 It was ') + 1  # 28
    outputs = {}
    for fmt in ("text", "json", "github", "sarif"):
        assert main(["check", "--select", "PM301", "--format", fmt, "pm.yaml"]) == 1
        outputs[fmt] = capsys.readouterr().out
    assert outputs["text"].startswith(f"pm.yaml:7:{column}: PM301 ")
    [diag] = json.loads(outputs["json"])["diagnostics"]
    assert (diag["line"], diag["col"], diag["end_col"]) == (7, column, column + len("human error"))
    assert outputs["github"].startswith(
        f"::error file=pm.yaml,line=7,col={column + 1},endColumn={column + 12},")
    assert f"\npm.yaml:7:{column}: PM301 " in outputs["github"]  # (its text report: code points)
    log = json.loads(outputs["sarif"])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "startColumn": column + 1, "endLine": 7, "endColumn": column + 12}


def test_sarif_says_the_run_failed_when_pmkit_failed_on_a_file() -> None:
    """With PM903 (pmkit failed on a file; exit code 2) the log said executionSuccessful: true,
    so a viewer took the results for complete."""
    crash = Diagnostic("pm.yaml", 1, 1, "PM903", "internal error: KeyError('x')", name="internal-error")
    finding = Diagnostic("pm.yaml", 2, 1, "PM010", "unknown key 'a'", name="unknown-key")
    failed = sarif_log(Report([finding, crash], files=["pm.yaml"]))
    jsonschema.Draft4Validator(SCHEMA).validate(failed)
    assert failed["runs"][0]["invocations"] == [{"executionSuccessful": False}]
    assert sarif_log(Report([finding], files=["pm.yaml"]))["runs"][0]["invocations"] == [
        {"executionSuccessful": True}]


def test_json_report_is_laid_out_as_the_standard_library_lays_it_out() -> None:
    # The findings are written without the standard library's pure-Python indenting encoder;
    # the text must be the one json.dumps(..., indent=2) gives, byte for byte.
    from pmkit.formats.json import format_json

    odd = "ü \"q\" \\ \n\t\x00\x1f\u2028 😀 </script>"
    found = [diag(), diag("PM301", Severity.WARNING, line=9, message=odd, hint=odd, field=""),
             diag(end_line=None, end_col=None), diag(data={"old": [1, 2.5, None], "new": {"a": True}}),
             Diagnostic(odd, 1, 1, "PM001", "", data=(("k", odd),))]
    for diagnostics in ([], found[:1], found):
        report = Report(diagnostics=list(diagnostics), files=["postmortems/a.yaml", odd])
        text = format_json(report)
        payload = json.loads(text)
        assert text == json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        assert payload["diagnostics"] == [d.to_dict() for d in report.sorted()]
