"""Configuration is found upward, validated at load, and applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import unplaced
from pmkit.config import ConfigError, find_config, load_config, parse_config
from pmkit.diagnostics import Severity


def test_defaults() -> None:
    config = parse_config({})
    assert config.paths == ["postmortems"]
    assert config.fail_on is Severity.ERROR


def test_found_upward_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["pm"]\nfail-on = "warning"\n')
    deep = tmp_path / "pm" / "2024"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "pyproject.toml"
    config = load_config(start=deep)
    assert config.paths == ["pm"] and config.fail_on is Severity.WARNING
    assert config.root == tmp_path.resolve()


def test_pyproject_without_pmkit_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / ".git").mkdir()
    assert find_config(tmp_path) is None


def test_dot_pmkit_toml_wins(tmp_path: Path) -> None:
    (tmp_path / ".pmkit.toml").write_text('ignore = ["PM021"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\nignore = ["PM020"]\n')
    assert load_config(start=tmp_path).ignore == ["PM021"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["PM1"]}, "unknown setting 'selct' (did you mean 'select'?)"),
        ({"select": ["PM999"]}, "'select' names 'PM999', which matches no rule"),
        ({"select": [""]}, "'select' has an empty entry; name rule codes"),
        ({"ignore": ["PM301", " "]}, "'ignore' has an empty entry; name rule codes"),
        ({"fail-on": "fatal"}, "unknown severity 'fatal'"),
        ({"severity": {"PM999": "info"}}, "no rule named 'PM999'"),
        ({"severity": {"PM021": "loud"}}, "unknown severity 'loud'"),
        ({"rules": {"PM021": {"nope": 1}}}, "PM021 has no option 'nope' (it takes none)"),
        ({"rules": {"PM105": {"max_gap_minutes": 30}}}, "PM105 has no option 'max_gap_minutes' (it takes "
         "none; settings of the timeline detail rules as a whole go in [tool.pmkit.timeline])"),
        ({"rules": {"PM714": {"grace_day": 3}}},
         "PM714 has no option 'grace_day' (did you mean 'grace_days'?)"),
        ({"rules": {"PM714": {"whatever": 3}}}, "PM714 has no option 'whatever' (options: grace_days)"),
        ({"clarity": {"zzz": 1}}, "unknown setting 'zzz' (settings: allow, public, vague_phrases)"),
        ({"max-file-size": -1}, "max-file-size must be a number of bytes from 1 to"),
        ({"max-file-size": 2 ** 63}, "max-file-size must be a number of bytes from 1 to 1,073,741,824"),
        ({"decisions": {"bogus_key": 1}}, "[decisions]: unknown setting 'bogus_key': this table takes no"),
        ({"learning": {"x": 1}}, "[learning]: unknown setting 'x'"),
        ({"templates": {"lang": "fr"}}, "[templates]: lang must be one of en, de"),
        ({"templates": {"style": "x"}}, "[templates]: unknown setting 'style'"),
        ({"history": {"bogus": 1}}, "[history]: unknown setting 'bogus' (known: retired)"),
        ({"history": {"retired": {"x": ""}}}, "[history] retired must map a postmortem id"),
        ({"rules": {"PM504": {"severities": ["SEV9"]}}}, "'SEV9' is not one of SEV1, SEV2"),
        ({"rules": {"PM501": {"min_words": -1}}}, "rules.PM501.min_words"),
        ({"rules": {"PM502": {"max_words": -5}}}, "rules.PM502.max_words"),
        ({"rules": {"PM714": {}, "overdue-action-item": {}}}, "PM714's options are given twice"),
        ({"timezone": "Mars/Olympus"}, "not an IANA time zone"),
        ({"prose": 3}, "[prose] must be a table"),
    ],
)
def test_invalid_settings_are_clear_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        parse_config(table, origin="pyproject.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("pyproject.toml: ")


def test_invalid_toml(tmp_path: Path) -> None:
    bad = tmp_path / ".pmkit.toml"
    bad.write_text("paths = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(bad)


def test_severity_override_applies() -> None:
    from helpers import run

    text = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\ntimeline:\n"
    text += "  - at: 2018-10-21T22:52:00Z\n    decision: D9\n"
    diags = run(text, select=["PM0"], config={"severity": {"dangling-reference": "warning"}})
    assert [(d.code, d.severity) for d in diags] == [("PM021", Severity.WARNING)]


def test_pm411_regimes_name_presets_known_to_the_configuration() -> None:
    with pytest.raises(ConfigError, match=r"names 'gdpr-art3', which is not a preset \(did you mean"):
        parse_config({"rules": {"PM411": {"regimes": ["gdpr-art3"]}}})
    acme = {"title": "ACME MSA 7.2", "audience": "customers", "citation": "MSA section 7.2",
            "stages": {"notice": {"anchor": "detected", "deadline": {"hours": 24}}}}
    config = parse_config({"policies": {"acme-sla": acme}, "rules": {"PM411": {"regimes": ["acme-sla"]}}})
    assert config.rules["PM411"]["regimes"] == ["acme-sla"]  # a team's own preset counts


def test_dot_pmkit_toml_takes_the_tool_pmkit_tables_of_pyproject(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """What pyproject.toml holds can be moved to .pmkit.toml as it is, and the docs' snippets
    ([tool.pmkit.history], ...) pasted into either."""
    from pmkit.cli import main

    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    (tmp_path / ".pmkit.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\nignore = ["PM021"]\n\n'
                                          '[tool.pmkit.history]\nretired = {}\n', encoding="utf-8")
    config = load_config(start=tmp_path)
    assert (config.paths, config.ignore) == (["postmortems"], ["PM021"])
    assert config.sections == {"history": {"retired": {}}}
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("text, message", [
    ('paths = ["pm"]\n[tool.pmkit.history]\nretired = {}\n',
     "settings both under [tool.pmkit] and without that prefix ('paths'); use one form in the whole file: "
     "[tool.pmkit] and [tool.pmkit.history], or no [tool.pmkit] and [history]"),
    ('[tool.pmkit]\npaths = ["pm"]\n[timeline]\nmax_gap_share = 0.5\n',
     "settings both under [tool.pmkit] and without that prefix ('timeline'); use one form in the whole "
     "file: [tool.pmkit] and [tool.pmkit.timeline], or no [tool.pmkit] and [timeline]"),
    ('[tool.pmkit]\npaths = ["pm"]\n[tool.ruff]\nline-length = 100\n',
     "unknown table [tool.ruff]: this file holds pmkit's settings, under [tool.pmkit] or without that "
     "prefix"),
    ('tool = "pmkit"\n', "'tool' must be a table ([tool.pmkit])"),
    ("[tool]\npmkit = 1\n", "[tool.pmkit] must be a table"),
])
def test_dot_pmkit_toml_takes_one_form_of_its_settings(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert unplaced(str(info.value)) == f"{path}: {message}"


def test_dot_pmkit_toml_without_the_prefix_is_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / ".pmkit.toml"
    path.write_text('paths = ["pm"]\n[history]\nretired = {}\n', encoding="utf-8")
    config = load_config(path)
    assert (config.paths, config.sections) == (["pm"], {"history": {"retired": {}}})


@pytest.mark.parametrize("name, text", [
    (".pmkit.toml", 'select = ["PM0"]\n'),
    ("pyproject.toml", '[tool.pmkit]\nselect = ["PM0"]\n'),
])
def test_a_settings_file_that_starts_with_a_byte_order_mark(name: str, text: str, tmp_path: Path) -> None:
    """Windows editors write one; TOML parsers refuse it as an invalid statement at line 1,
    column 1, which nobody can see in the file."""
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    config = load_config(start=tmp_path / "postmortems")
    assert (config.source, config.select) == (tmp_path / name, ["PM0"])


@pytest.mark.parametrize(("settings", "names", "not_named"), [
    # The short form of .pmkit.toml: its tables have no [tool.pmkit] prefix, so neither do the
    # tables its messages send the reader to.
    ('[rules.PM105]\nmax_gap_minutes = 30\n', "go in [timeline])", "[tool.pmkit"),
    ('paths = ["postmortems"]\n[severity]\npaths = "error"\n',
     "'paths' is a setting at the top of the file", "[tool.pmkit"),
    # The long form keeps the prefix, as pyproject.toml does.
    ('[tool.pmkit.rules.PM105]\nmax_gap_minutes = 30\n', "go in [tool.pmkit.timeline])", None),
])
def test_a_settings_message_names_tables_as_the_file_writes_them(
        tmp_path: Path, settings: str, names: str, not_named: str | None) -> None:
    dotfile = tmp_path / ".pmkit.toml"
    dotfile.write_text(settings, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(dotfile)
    assert str(caught.value).endswith(names)
    if not_named is not None:
        assert not_named not in str(caught.value)
