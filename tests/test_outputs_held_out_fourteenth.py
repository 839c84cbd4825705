"""Held-out runs through the output formats as CI systems read them: SARIF for code scanning (rule
levels under the settings' severity, regions that end at a line break, URIs), workflow commands,
JSON, and text in a terminal or CI log."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import postmortem_folder
from pmkit.cli import main

MINIMAL = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
FLAWED = MINIMAL + 'summary: "It was human error."\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return postmortem_folder(tmp_path, monkeypatch, "a.yaml", FLAWED)


def _sarif(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["check", "--format", "sarif", *args])
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    return log


def _results(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {result["ruleId"]: result for result in log["runs"][0]["results"]}


# --- SARIF rule levels under [tool.pmkit.severity] ----------------------------------------------


@pytest.mark.parametrize("to_file", [False, True])
def test_sarif_rule_levels_follow_the_settings_severity(
        repo: Path, capsys: pytest.CaptureFixture[str], to_file: bool) -> None:
    # Code scanning shows an alert's severity from its rule's defaultConfiguration.level: a rule
    # the settings made a warning was listed as "error" (its results said "warning").
    (repo / ".pmkit.toml").write_text(
        '[tool.pmkit.severity]\nPM301 = "warning"\nno-timeline = "info"\nPM711 = "error"\n', encoding="utf-8")
    args = ["--select", "PM301,PM101,PM711,PM701", "postmortems"]
    if to_file:
        assert main(["check", "--format", "sarif", "-o", "pmkit.sarif", *args]) == 1
        log = json.loads((repo / "pmkit.sarif").read_text(encoding="utf-8"))
    else:
        log = _sarif(capsys, *args)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    levels = {code: (result["level"], rules[result["ruleIndex"]]["defaultConfiguration"]["level"])
              for code, result in _results(log).items()}
    assert levels == {"PM301": ("warning", "warning"), "PM101": ("note", "note"),
                      "PM711": ("error", "error"), "PM701": ("warning", "warning")}
    # Rules the settings leave alone keep their own level.
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["PM010"]["defaultConfiguration"] == {"level": "error"}


def test_sarif_rule_levels_without_settings_are_the_rules_own(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: with no [tool.pmkit.severity] every rule gives its documented level."""
    from pmkit.formats.sarif import LEVELS
    from pmkit.rules import registry

    log = _sarif(capsys, "--select", "PM301", "postmortems")
    driver = log["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    assert rules == {rule.code: LEVELS[rule.severity] for rule in registry()}


# --- SARIF regions that end with a line break -----------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sarif_region_ending_with_a_line_break_ends_on_that_line(
        repo: Path, capsys: pytest.CaptureFixture[str], newline: str) -> None:
    # A whole-document finding ends at column 1 past the last line: SARIF said "endLine": 8,
    # "endColumn": 1 for a file of 7 lines (endLine is the line of the region's last character),
    # where the annotation said endLine=7. The finding itself now ends at the end of line 7.
    (repo / "postmortems" / "a.yaml").write_bytes(FLAWED.replace("\n", newline).encode())
    log = _sarif(capsys, "--select", "PM101,PM301", "postmortems")
    regions = {code: r["locations"][0]["physicalLocation"]["region"] for code, r in _results(log).items()}
    assert regions == {"PM101": {"startLine": 1, "startColumn": 1, "endLine": 7, "endColumn": 31},
                       "PM301": {"startLine": 7, "startColumn": 18, "endLine": 7, "endColumn": 29}}
    main(["check", "--format", "github", "--select", "PM101", "postmortems"])
    assert capsys.readouterr().out.startswith(
        "::error file=postmortems/a.yaml,line=1,endLine=7,title=PM101 no-timeline::")


def test_sarif_region_of_a_span_ending_inside_a_line_keeps_its_end_column(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: a span that ends inside its last line keeps that line and column (UTF-16 units)."""
    (repo / "postmortems" / "a.yaml").write_text(
        MINIMAL + "summary: >\n  🔥 It was human\n  error in the 🔥 end.\n", encoding="utf-8")
    log = _sarif(capsys, "--select", "PM301", "postmortems")
    region = _results(log)["PM301"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 8, "startColumn": 13, "endLine": 9, "endColumn": 8}


# --- many findings ----------------------------------------------------------------------------------


def test_sarif_works_out_each_files_location_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A log of 50,000 findings took 10 s, four fifths of it resolving the same file's folders
    # (and the root's) again for every finding.
    import pmkit.formats.sarif as sarif
    from pmkit.diagnostics import Diagnostic, Report

    asked: list[str] = []
    original = sarif.relative

    def counted(path: str, root: Path | None) -> str | None:
        asked.append(path)
        return original(path, root)

    monkeypatch.setattr(sarif, "relative", counted)
    paths = [str(tmp_path / "a b.yaml"), str(tmp_path / "ä.yaml")]
    found = [Diagnostic(path, line, 1, "PM010", f"unknown key 'k{line}'")
             for path in paths for line in range(1, 501)]
    log = sarif.sarif_log(Report(found, files=paths), root=tmp_path)
    assert sorted(asked) == sorted(paths)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert uris == [{"uri": "a%20b.yaml", "uriBaseId": "%SRCROOT%"}] * 500 + [
        {"uri": "%C3%A4.yaml", "uriBaseId": "%SRCROOT%"}] * 500
    assert len({r["partialFingerprints"]["pmkitFinding/v1"] for r in log["runs"][0]["results"]}) == 1000


# --- SARIF artifact locations -----------------------------------------------------------------------

#: A path of a relative URI reference as RFC 3986 allows it: unreserved characters, sub-delims,
#: ":", "@", "/" and percent-encoded octets, no ":" in the first segment (it would be a scheme),
#: and no "?" or "#" (they would start a query or a fragment).
_RELATIVE_REF = re.compile(r"(?![^/]*:)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


def test_text_checked_from_memory_has_no_uri_in_sarif() -> None:
    # "<string>" was written as the URI "<string>" under %SRCROOT%: "<" and ">" are not URI
    # characters (no valid SARIF), and no file in the repository has that text.
    from pmkit.api import check_text
    from pmkit.diagnostics import Report
    from pmkit.formats.sarif import sarif_log

    for pseudo in ("<string>", "<postmortem>"):
        found = check_text(FLAWED, pseudo)
        results = sarif_log(Report(found, files=[pseudo]))["runs"][0]["results"]
        assert {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in results} == {
            json.dumps({"description": {"text": f"text checked from memory ({pseudo})"}})}


def test_sarif_without_a_root_names_an_absolute_path_by_a_file_uri(tmp_path: Path) -> None:
    # sarif_log(report) from the API, files named absolutely: "/tmp/.../a%20b.yaml" was written
    # as a path under %SRCROOT%, which resolves to no file of the repository.
    from pmkit.api import check_text
    from pmkit.diagnostics import Report
    from pmkit.formats.sarif import sarif_log

    located = []
    for path in (str(tmp_path / "a b.yaml"), "postmortems/a b.yaml"):
        results = sarif_log(Report(check_text(FLAWED, path)))["runs"][0]["results"]
        located.append({json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"])
                        for r in results})
    assert located == [{json.dumps({"uri": (tmp_path / "a b.yaml").as_uri()})},
                       {json.dumps({"uri": "postmortems/a%20b.yaml", "uriBaseId": "%SRCROOT%"})}]


@pytest.mark.parametrize(("name", "uri"), [
    ("a b.yaml", "postmortems/a%20b.yaml"),
    ("a#b.yaml", "postmortems/a%23b.yaml"),
    ("a%b.yaml", "postmortems/a%25b.yaml"),
    ("a,b;c.yaml", "postmortems/a%2Cb%3Bc.yaml"),
    ("C:\\x.yaml", "postmortems/C%3A%5Cx.yaml"),
    ("a?b[1].yaml", "postmortems/a%3Fb%5B1%5D.yaml"),
    ("ä🔥.yaml", "postmortems/%C3%A4%F0%9F%94%A5.yaml"),
    ("-", "postmortems/-"),
])
def test_sarif_uris_of_odd_file_names_are_relative_references(
        repo: Path, capsys: pytest.CaptureFixture[str], name: str, uri: str) -> None:
    """Guard: every name is percent-encoded under %SRCROOT%, whichever way the file is given."""
    (repo / "postmortems" / name).write_text(FLAWED, encoding="utf-8")
    for given in (f"postmortems/{name}", f"./postmortems/{name}", f"../{repo.name}/postmortems/{name}",
                  str(repo / "postmortems" / name)):
        [result] = _sarif(capsys, "--select", "PM301", given)["runs"][0]["results"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": uri, "uriBaseId": "%SRCROOT%"}, given
        assert _RELATIVE_REF.fullmatch(location["uri"])


# --- workflow commands ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "file"), [
    ("\x1b]0;pwned\x07x.yaml", "\\x1b]0;pwned\\x07x.yaml"),  # sets a terminal's title
    ("\x1b[2Jx.yaml", "\\x1b[2Jx.yaml"),  # clears the screen
    ("a\u202eb.yaml", "a\\u202eb.yaml"),  # reverses the rest of the line as shown
    ("a\nb\rc.yaml", "a%0Ab%0Dc.yaml"),  # line breaks: the property's own escapes, the exact name
    ("a%0A,b:c.yaml", "a%250A%2Cb%3Ac.yaml"),
])
def test_annotation_file_names_cannot_drive_a_terminal(
        repo: Path, capsys: pytest.CaptureFixture[str], name: str, file: str) -> None:
    # The file name went into file= as it was: run in a terminal (or in a log with step
    # debugging), a name holding an escape sequence drove the terminal.
    try:
        (repo / name).write_text(FLAWED, encoding="utf-8")
    except OSError:
        pytest.skip("this file system takes no such name")
    assert main(["check", "--select", "PM301", "--format", "github", name]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"::error file={file},line=7,col=18,endColumn=29,title=PM301 human-error::\"human error\" frames the "
        "incident as human error%0ADescribe what the system allowed, e.g. \"the CLI accepted a command that "
        "removed more capacity than intended\". (lexicon entry en.human-error)")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out)


# --- guards: what was already right ----------------------------------------------------------------


def test_fingerprints_and_annotations_follow_a_line_inserted_above(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guard: the alert keeps its fingerprint while its region and annotation move down a line."""
    before = _results(_sarif(capsys, "--select", "PM301", "postmortems"))["PM301"]
    (repo / "postmortems" / "a.yaml").write_text("# a comment\n" + FLAWED, encoding="utf-8")
    after = _results(_sarif(capsys, "--select", "PM301", "postmortems"))["PM301"]
    assert after["partialFingerprints"] == before["partialFingerprints"]
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
    main(["check", "--select", "PM301", "--format", "github", "postmortems"])
    assert capsys.readouterr().out.startswith("::error file=postmortems/a.yaml,line=8,col=18,endColumn=29,")


def test_no_format_writes_colour_whatever_the_terminal_says(repo: Path) -> None:
    """Guard: pmkit writes no colour, so NO_COLOR, FORCE_COLOR, TERM=dumb and a terminal give
    the same bytes, with no escape sequence in them."""
    import os
    import subprocess
    import sys

    def run(fmt: str, env: dict[str, str], tty: bool) -> bytes:
        command = [sys.executable, "-m", "pmkit", "check", "--select", "PM301", "--format", fmt,
                   "postmortems"]
        full = {**os.environ, **env}
        if not tty:
            return subprocess.run(command, env=full, capture_output=True, check=False, timeout=120).stdout
        main_fd, child_fd = os.openpty()
        with subprocess.Popen(command, env=full, stdout=child_fd, stderr=subprocess.DEVNULL) as process:
            os.close(child_fd)
            chunks = []
            while True:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:  # (the terminal's other end closed)
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            process.wait(timeout=120)
        os.close(main_fd)
        return b"".join(chunks).replace(b"\r\n", b"\n")  # (the terminal's own line endings)

    for fmt in ("text", "github"):
        plain = run(fmt, {"NO_COLOR": "1", "TERM": "dumb"}, tty=False)
        assert b"postmortems/a.yaml:7:18: PM301" in plain and b"\x1b" not in plain
        forced = {"FORCE_COLOR": "1", "CLICOLOR_FORCE": "1", "TERM": "xterm-256color"}
        assert run(fmt, forced, tty=True) == plain


def test_every_format_piped_into_head_exits_quietly(repo: Path) -> None:
    """Guard: 'pmkit check ... | head -1' says nothing on stderr and exits 2 (a reader that left)."""
    import subprocess
    import sys

    (repo / "postmortems" / "a.yaml").write_text(
        MINIMAL + "summary: |\n" + "  It was human error.\n" * 3000, encoding="utf-8")
    for fmt in ("text", "json", "github", "sarif"):
        command = (f"{sys.executable} -m pmkit check --select PM301 --format {fmt} postmortems | head -1; "
                   "echo exit=${PIPESTATUS[0]}")
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300,
                              check=False)
        assert (done.stderr, done.stdout.splitlines()[-1]) == ("", "exit=2"), fmt


def test_ten_thousand_findings_are_whole_in_json_and_sarif(tmp_path: Path) -> None:
    """Guard: 10,000 findings in 100 files: every one in both documents, each with its own
    fingerprint, and the JSON summary counts them."""
    from pmkit.diagnostics import Diagnostic, Report, Severity
    from pmkit.formats.json import format_json
    from pmkit.formats.sarif import format_sarif

    paths = [str(tmp_path / f"pm{n}.yaml") for n in range(100)]
    found = [Diagnostic(path, line, 1, "PM010", f"unknown key 'k{line}'", severity=Severity.ERROR,
                        end_line=line, end_col=4, field=f"k{line}")
             for path in paths for line in range(7, 107)]
    report = Report(found, files=paths)
    document = json.loads(format_json(report))
    assert document["summary"] == {"files": 100, "errors": 10_000, "warnings": 0, "infos": 0}
    assert len(document["diagnostics"]) == 10_000
    results = json.loads(format_sarif(report, root=tmp_path))["runs"][0]["results"]
    assert len(results) == 10_000
    assert len({r["partialFingerprints"]["pmkitFinding/v1"] for r in results}) == 10_000
    assert results[-1]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "pm99.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 106, "startColumn": 1, "endLine": 106, "endColumn": 4}}


def test_a_workspace_that_is_a_symlink_still_gives_relative_paths(
        repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # A self-hosted runner's work folder behind a symbolic link: the workspace kept the link's
    # name while the file's folders were resolved, so a file given by its real path was
    # annotated as "/real/path/postmortems/a.yaml", which GitHub attaches to nothing.
    from pmkit.api import check_text
    from pmkit.diagnostics import Report
    from pmkit.formats.sarif import sarif_log

    link = tmp_path_factory.mktemp("runner") / "workspace"
    link.symlink_to(repo, target_is_directory=True)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(link))
    real = str(repo / "postmortems" / "a.yaml")
    for given in (real, str(link / "postmortems" / "a.yaml"), "postmortems/a.yaml"):
        main(["check", "--select", "PM301", "--format", "github", given])
        assert capsys.readouterr().out.startswith("::error file=postmortems/a.yaml,line=7,col=18,"), given
    found = check_text(FLAWED, real)
    [result] = [r for r in sarif_log(Report(found, files=[real]), root=link)["runs"][0]["results"]
                if r["ruleId"] == "PM301"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "postmortems/a.yaml", "uriBaseId": "%SRCROOT%"}


def test_a_control_character_quoted_from_the_document_is_escaped_in_sarif_and_gitlab(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A key holding ESC ("\x1b[2J" clears a terminal) reached the SARIF message and the GitLab
    # description raw, where the text report writes it as its escape.
    (repo / "postmortems" / "a.yaml").write_text(MINIMAL + '"bad\\x1b[2Jkey": 1\n', encoding="utf-8")
    said = "unknown key 'bad\\x1b[2Jkey'"
    main(["check", "--select", "PM010", "--format", "sarif", "postmortems"])
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["message"]["text"].startswith(said + "\n")
    main(["check", "--select", "PM010", "--format", "gitlab", "postmortems"])
    [issue] = json.loads(capsys.readouterr().out)
    assert issue["description"] == f"PM010 {said} (unknown-key)"
    assert "\x1b" not in issue["content"]["body"] + result["message"]["text"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_written_as_the_text_report_writes_it_in_gitlab(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The GitLab report's path held the name's bytes as lone surrogates ("\\udcff"): no Unicode,
    which a reader refuses or turns into U+FFFD. It is written as the text report writes it;
    the fingerprint stays the SARIF log's."""
    name = os.fsdecode(b"postmortems/caf\xe9.yaml")
    Path(repo / name).write_text(FLAWED, encoding="utf-8")
    main(["check", "--select", "PM301", "--format", "gitlab", name])
    out = capsys.readouterr().out
    [issue] = json.loads(out)
    assert issue["location"]["path"] == "postmortems/caf\\xe9.yaml"
    out.encode("utf-8")  # (a lone surrogate cannot be encoded)
    main(["check", "--select", "PM301", "--format", "sarif", name])
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["partialFingerprints"]["pmkitFinding/v1"] == issue["fingerprint"]
