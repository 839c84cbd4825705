"""``pmkit new``: drafts from the templates that load cleanly, ids, zones, no clobbering."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from helpers import NOW
from pmkit.cli import main
from pmkit.commands.new import make_id, render_draft, slugify, yaml_scalar
from pmkit.config import Config, parse_config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.engine import Checker
from pmkit.loader import parse_text
from pmkit.schema import validate_document


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # keep config lookup inside the test folder
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return tmp_path


def pm0(path: Path) -> list[Diagnostic]:
    config = Config()
    config.select = ["PM0"]
    return Checker(config, now=NOW).check_paths([path]).diagnostics


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Checkout errors after deploy", "checkout-errors-after-deploy"),
        ("Ausfall der Zahlungs-API: Überlast", "ausfall-der-zahlungs-api-ueberlast"),
        ("Größere Störung bei Äpfeln & Öl", "groessere-stoerung-bei-aepfeln-oel"),
        ("Café crème — naïve façade", "cafe-creme-naive-facade"),
        ("Straße ẞ", "strasse-ss"),
        ("   !!!   ", "incident"),
        ("a" * 30 + " " + "b" * 40, "a" * 30),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_of_decomposed_umlauts() -> None:
    assert slugify("U\u0308berlast") == "ueberlast"  # "Ü" as U + combining diaeresis


def test_make_id() -> None:
    assert make_id(date(2026, 3, 4), "DNS: Zone expired") == "2026-03-04-dns-zone-expired"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Checkout errors", "Checkout errors"),
        ("Überlast im Café", "Überlast im Café"),
        ("DNS: zone expired", '"DNS: zone expired"'),
        ("true", '"true"'),
        ("2026 outage", '"2026 outage"'),
        ("#1 incident", '"#1 incident"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("@lead", '"@lead"'),
    ],
)
def test_yaml_scalar_reads_back(value: str, written: str) -> None:
    assert yaml_scalar(value) == written
    doc = parse_text(f"k: {written}\n")
    assert doc.data == {"k": value}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("fmt", ["yaml", "md"])
def test_every_template_loads_without_schema_errors(repo: Path, lang: str, fmt: str) -> None:
    title = "Zahlungs-API: Überlast" if lang == "de" else "Checkout: 5xx after deploy"
    code = main(["new", "--title", title, "--date", "2026-07-01", "--lang", lang, "--format", fmt,
                 "--severity", "SEV2", "--owner", "payments lead", "--now", "2026-07-01T12:00:00Z"])
    assert code == 0
    [path] = (repo / "postmortems").iterdir()
    assert path.name == f"{make_id(date(2026, 7, 1), title)}.{fmt}"
    # No schema error; what is still to write is the placeholders' to-do list (PM019, below).
    assert [d for d in pm0(path) if d.code != "PM019"] == []
    doc = parse_text(path.read_text(encoding="utf-8"), str(path), markdown=fmt == "md")
    model, problems = validate_document(doc)
    assert problems == [] and model is not None
    assert (model.title, model.lang.value, model.severity.value, model.status.value) == (
        title, lang, "SEV2", "draft")
    assert model.owner == "payments lead"
    assert model.summary == "TODO\n"
    assert model.impact is not None and model.impact.description == "TODO\n"
    assert model.lessons is not None and model.lessons.went_well == ["TODO"]
    assert [e.milestone.value for e in model.timeline or [] if e.milestone] == [
        "impact_started", "detected", "acknowledged", "mitigated", "resolved"]
    assert [d.id for d in model.decisions or []] == ["D1"]
    assert [a.due for a in model.action_items or []] == [date(2026, 7, 31)]
    # Other rule families find plenty in a draft, but nothing here is a schema error.
    report = Checker(Config(), now=NOW).check_paths([path])
    assert [d for d in report.diagnostics if d.code.startswith("PM0") and d.code != "PM019"] == []


def test_timestamps_carry_the_configured_zone_offset(repo: Path) -> None:
    (repo / ".pmkit.toml").write_text('timezone = "Europe/Zurich"\npaths = ["docs/incidents"]\n')
    assert main(["new", "--title", "Summer", "--date", "2026-07-01"]) == 0
    assert main(["new", "--title", "Winter", "--date", "2026-01-15"]) == 0
    summer = (repo / "docs/incidents/2026-07-01-summer.yaml").read_text()
    winter = (repo / "docs/incidents/2026-01-15-winter.yaml").read_text()
    assert "  - at: 2026-07-01T00:00:00+02:00" in summer
    assert "  - at: 2026-01-15T00:00:00+01:00" in winter
    assert "\ntimezone: Europe/Zurich " in summer
    # the decision record
    assert "    at: 2026-07-01T00:00:00+02:00  # TODO: the minute it was decided\n" in summer


def test_utc_is_written_as_z() -> None:
    text = render_draft(title="X", day=date(2026, 1, 2))
    assert "  - at: 2026-01-02T00:00:00Z  # TODO: the minute impact began" in text


def test_header_lines_exact() -> None:
    text = render_draft(title="DNS: zone expired", day=date(2026, 1, 2), severity="SEV1",
                        owner="sre lead", path="postmortems/x.yaml")
    lines = text.splitlines()
    assert lines[3] == "#     pmkit check postmortems/x.yaml"
    assert lines[11:19] == [
        "pmkit: 1",
        "id: 2026-01-02-dns-zone-expired",
        'title: "DNS: zone expired"',
        "status: draft                 # draft -> in-review -> published (set published_at below)",
        "lang: en",
        "severity: SEV1                # SEV1 (worst) .. SEV5",
        "timezone: UTC                 # timestamps below carry their offset; this zone is for naive ones",
        "owner: sre lead               # one accountable owner: a role or handle",
    ]


def test_never_overwrites(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["new", "--title", "Outage", "--date", "2026-02-03"]
    assert main(args) == 0
    path = repo / "postmortems/2026-02-03-outage.yaml"
    path.write_text("edited by the author\n")
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == ("pmkit new: postmortems/2026-02-03-outage.yaml already exists; not overwriting it. "
                   "Choose another --title, --date or --output.\n")
    assert path.read_text() == "edited by the author\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["2026-02-03-outage.yaml"]  # no temp files


def test_output_path_and_format_inference(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--title", "Outage", "--date", "2026-02-03", "--output", "notes/x.md"]) == 0
    out = capsys.readouterr()
    assert out.out == "notes/x.md\n"
    assert "Created an English Markdown draft" in out.err
    text = (repo / "notes/x.md").read_text()
    assert text.startswith("---\n") and "\n## Summary\n" in text
    assert main(["new", "--title", "Outage", "--date", "2026-02-03", "--dir", "elsewhere"]) == 0
    assert (repo / "elsewhere/2026-02-03-outage.yaml").is_file()


def test_template_defaults_from_config(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.pmkit]\n\n'
                                         '[tool.pmkit.templates]\nlang = "de"\nformat = "md"\n')
    assert main(["new", "--title", "Störung", "--date", "2026-02-03"]) == 0
    text = (repo / "postmortems/2026-02-03-stoerung.md").read_text()
    assert "\nlang: de\n" in text and "\n## Zusammenfassung\n" in text


def test_bad_template_setting(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".pmkit.toml").write_text('[templates]\nlang = "fr"\n')
    assert main(["new", "--title", "X", "--date", "2026-02-03"]) == 2
    assert "lang must be one of en, de" in capsys.readouterr().err


def test_usage_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--date", "2026-02-03"]) == 2
    assert "give the incident a title" in capsys.readouterr().err
    assert main(["new", "--title", "X", "--date", "03.02.2026"]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert not (repo / "postmortems").exists()


def test_config_helper_accepts_templates_section() -> None:
    config = parse_config({"templates": {"lang": "de"}})
    assert config.section("templates") == {"lang": "de"}


def test_the_drafts_day_follows_now(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """--now and PMKIT_NOW set "today" (in the configured zone), as for every other verb."""
    monkeypatch.delenv("PMKIT_NOW", raising=False)
    assert main(["new", "--title", "Late night", "--now", "2020-05-05T23:30:00-02:00"]) == 0
    assert capsys.readouterr().out == "postmortems/2020-05-06-late-night.yaml\n"  # UTC: 6 May
    monkeypatch.setenv("PMKIT_NOW", "2020-05-05")
    assert main(["new", "--title", "From the environment"]) == 0
    assert capsys.readouterr().out == "postmortems/2020-05-05-from-the-environment.yaml\n"
    assert main(["new", "--title", "Garbage", "--now", "garbage"]) == 2
    assert "'garbage' is not an ISO 8601 timestamp" in capsys.readouterr().err
    assert not (repo / "postmortems" / "2020-05-05-garbage.yaml").exists()
    assert main(["stats", "--now", "garbage"]) == 2  # said, not ignored, by every verb


def test_a_draft_written_to_standard_output(repo: Path) -> None:
    """-o /dev/stdout prints the draft itself (it was refused: the device "already exists")."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "pmkit", "new", "--title", "Stream test", "-o", "/dev/stdout",
               "--now", "2026-05-05T10:00:00Z"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    doc = parse_text(done.stdout, "draft.yaml")
    assert doc.data["id"] == "2026-05-05-stream-test" and doc.diagnostics == []
    assert not (repo / "postmortems").exists()


def test_a_markdown_draft_written_to_standard_output(repo: Path) -> None:
    """A stream has no name that contradicts the format: -o /dev/stdout --format md prints the
    Markdown draft (it was refused as not ending in .md)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "pmkit", "new", "--title", "Stream test", "-o", "/dev/stdout",
               "--format", "md", "--now", "2026-05-05T10:00:00Z"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("---\n")
    doc = parse_text(done.stdout, "draft.md", markdown=True)
    assert doc.data["id"] == "2026-05-05-stream-test" and doc.diagnostics == []
    assert not (repo / "postmortems").exists()


def test_a_file_where_the_folder_should_be(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "nf").write_text("", encoding="utf-8")
    assert main(["new", "--title", "X", "-o", "nf/draft.yaml"]) == 2
    assert capsys.readouterr().err == "pmkit new: cannot write nf/draft.yaml: nf is not a folder\n"


TEMPLATE_PLACEHOLDERS = [
    "summary", "impact.description",
    *(f"timeline[{i}].{key}" for i in range(5) for key in ("at", "actor", "event")),
    *(f"decisions[0].{key}" for key in ("at", "decision", "rationale", "options_considered[0]",
                                        "options_considered[1]", "tradeoff", "known_at_the_time",
                                        "decided_by", "outcome")),
    "contributing_factors[0].description", "action_items[0].title",
    "lessons.went_well[0]", "lessons.went_wrong[0]", "lessons.lucky[0]",
]


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("fmt", ["yaml", "md"])
def test_every_placeholder_of_a_new_draft_is_on_the_to_do_list(repo: Path, lang: str, fmt: str) -> None:
    assert main(["new", "--title", "Checkout: 5xx after deploy", "--date", "2026-07-01", "--lang", lang,
                 "--format", fmt, "--owner", "payments lead"]) == 0
    [path] = (repo / "postmortems").iterdir()
    found = [d for d in pm0(path) if d.code == "PM019"]
    assert sorted(d.field for d in found) == sorted(TEMPLATE_PLACEHOLDERS)
    assert {d.severity for d in found} == {Severity.WARNING}  # a draft
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all(lines[d.line - 1][d.col - 1:].startswith("TODO") for d in found)
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: in-review", 1),
                    encoding="utf-8")
    assert {d.severity for d in pm0(path) if d.code == "PM019"} == {Severity.ERROR}


def test_an_older_incidents_action_is_due_a_month_from_today(repo: Path) -> None:
    # Written up later, the draft must not start with an overdue action item (PM714).
    assert main(["new", "--title", "Old incident", "--date", "2026-01-05",
                 "--now", "2026-12-02T09:00:00Z"]) == 0
    [path] = (repo / "postmortems").iterdir()
    assert "    due: 2027-01-01\n" in path.read_text(encoding="utf-8")
    report = Checker(Config(), now="2026-12-02T09:00:00Z").check_paths([path])
    assert [d for d in report.diagnostics if d.code == "PM714"] == []


def test_a_date_whose_action_would_be_due_after_the_last_year_says_so(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--title", "T", "--date", "2999-12-31", "--now", "2026-12-02T09:00:00Z"]) == 2
    assert capsys.readouterr().err == (
        "pmkit new: with --date 2999-12-31 the draft's action item would be due on 3000-01-30, after the "
        "year 2999, the last that pmkit checks\n")


@pytest.mark.parametrize("fmt", ["yaml", "md"])
def test_an_output_name_with_blanks_and_control_characters(fmt: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The name went into the draft's comment as it was: a line break ended the comment and an
    escape character is no YAML, so 'pmkit new' failed with "internal error: the draft does not
    load"; the name was printed raw on stdout (clearing the terminal, a '::error::' line in a CI
    log), and 'pmkit check my pm.yaml', as the comment and the note said, names two files."""
    monkeypatch.chdir(tmp_path)
    name = f"my pm\x1b[2J\n::error::x.{fmt}"
    assert main(["new", "--title", "T", "--now", "2026-05-05T10:00:00Z", "-o", name]) == 0
    shown = f"my pm\\x1b[2J\\n::error::x.{fmt}"
    captured = capsys.readouterr()
    assert captured.out == shown + "\n"
    # (a shell reads the suggested name back as the file's: tests/test_new_actions_leftovers.py)
    suggested = f"\"$(printf 'my pm\\033[2J\\012::error::x.{fmt}')\""
    assert captured.err.endswith(f"then run: pmkit check {suggested}\n")
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert f"#     pmkit check {suggested}" in text.splitlines()
    assert main(["check", "--select", "PM0", "--ignore", "PM019", name]) == 0


@pytest.mark.parametrize(("output", "fmt", "said"), [
    ("ro", [], "ro is a folder; --output takes a file name (-o ro/2026-02-03-outage.yaml), and --dir ro"),
    ("ro/", ["--format", "md"],
     "ro/ is a folder; --output takes a file name (-o ro/2026-02-03-outage.md), and --dir ro"),
    ("new/", [], "new/ ends with a slash, as a folder does; --output takes a file name "
     "(-o new/2026-02-03-outage.yaml), and --dir new"),
])
def test_an_output_that_names_a_folder_is_refused_with_the_names_to_give(
    repo: Path, capsys: pytest.CaptureFixture[str], output: str, fmt: list[str], said: str,
) -> None:
    """-o ro/ said "ro already exists; not overwriting it", and -o new/ wrote a file named "new"."""
    (repo / "ro").mkdir()
    assert main(["new", "--title", "Outage", "--date", "2026-02-03", "-o", output, *fmt]) == 2
    assert capsys.readouterr() == ("", f"pmkit new: --output {said} writes the draft into the folder under "
                                   "its default name\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git", "ro"] and not any((repo / "ro").iterdir())


def test_severity_in_any_case(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--severity sev2 was refused ("invalid choice: 'sev2' (choose from 'SEV1', ...)")."""
    assert main(["new", "--title", "Outage", "--date", "2026-02-03", "--severity", "sev2"]) == 0
    assert "\nseverity: SEV2 " in (repo / "postmortems/2026-02-03-outage.yaml").read_text()
    capsys.readouterr()
    assert main(["new", "--title", "Outage", "--date", "2026-02-03", "--severity", "sev9"]) == 2
    assert capsys.readouterr().err.endswith(
        "pmkit new: error: argument --severity: invalid choice: 'SEV9' (choose from 'SEV1', 'SEV2', 'SEV3', "
        "'SEV4', 'SEV5')\n")


def test_the_drafts_own_command_names_it_from_the_settings_folder(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Run in a subfolder, the draft said "pmkit check ../postmortems/...", which names no file
    # from the top of the repository, where the hook and the author run pmkit.
    (repo / ".pmkit.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    assert main(["new", "--title", "Cache outage", "--date", "2026-03-01"]) == 0
    capsys.readouterr()
    lines = (repo / "postmortems" / "2026-03-01-cache-outage.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[3] == "#     pmkit check postmortems/2026-03-01-cache-outage.yaml"
