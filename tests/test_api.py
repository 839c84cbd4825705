"""The Python API as documented in the README."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import pmkit
from helpers import EXAMPLES, GOOD_EXAMPLE


def test_load_returns_model() -> None:
    pm = pmkit.load(GOOD_EXAMPLE)
    assert isinstance(pm, pmkit.Postmortem)
    assert pm.severity is pmkit.IncidentSeverity.SEV1
    assert pm.timeline is not None and pm.timeline[0].at.tzinfo is not None
    assert pm.milestone(pmkit.Milestone.DETECTED) is not None


def test_load_raises_with_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("pmkit: 1\nid: x\n")
    with pytest.raises(pmkit.LoadError) as info:
        pmkit.load(path)
    assert {d.code for d in info.value.diagnostics} == {"PM011"}
    assert str(info.value).startswith(f"{path}:1:1: PM011")


def test_loads_and_dump_round_trip() -> None:
    pm = pmkit.loads(GOOD_EXAMPLE.read_text())
    again = pmkit.loads(pmkit.dump(pm))
    assert again == pm


def test_check_folder() -> None:
    report = pmkit.check([EXAMPLES], now="2026-01-01T00:00:00Z")
    assert isinstance(report, pmkit.Report)
    assert len(report.files) >= 2
    assert any(d.code == "PM010" for d in report.diagnostics)
    assert report.exit_code() == 1


def test_no_paths_checks_the_configured_folders_and_an_empty_list_checks_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "pm.yaml").write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [Path(f).name for f in pmkit.check().files] == ["pm.yaml"]
    # a list of changed files that holds none: nothing to check, not the whole folder
    empty = pmkit.check([])
    assert (empty.files, empty.diagnostics, empty.exit_code()) == ([], [], 0)
    assert pmkit.check(iter([])).files == []


def test_validate_model_built_in_code() -> None:
    pm = pmkit.Postmortem.model_validate(
        {"pmkit": 1, "id": "x", "title": "t", "status": "draft", "lang": "en", "severity": "SEV3",
         "timeline": [{"at": "2018-10-21T22:52:00Z", "decision": "D1"}]}
    )
    findings = pmkit.validate(pm)
    assert "PM021" in [d.code for d in findings]


def test_the_configured_folders_files_are_named_as_the_command_names_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """pmkit.check() of the configured folders named each file by its absolute path, where pmkit
    check prints it relative to the current folder: str(diag) was not the command's line. Paths
    given are kept as given."""
    from pmkit.cli import main

    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / "pm.yaml").write_text(BAD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = pmkit.check(now="2026-01-01T00:00:00Z")
    assert report.files == ["postmortems/pm.yaml"]
    assert report.diagnostics and {d.path for d in report.diagnostics} == {"postmortems/pm.yaml"}
    assert main(["check", "--now", "2026-01-01T00:00:00Z"]) == 1
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("postmortems/")]
    assert [str(d) for d in report.sorted()] == printed
    given = pmkit.check([folder], now="2026-01-01T00:00:00Z")
    assert given.files == [str(folder / "pm.yaml")]


_DECODE_HINT = "Set it to text: bytes that hold text become text with .decode(), e.g. b'abc'.decode('utf-8')."
_OBJECT_HINT = "Set it to text: a postmortem holds texts, numbers, true or false, dates, lists and mappings."
_INFINITE_HINT = ("Write how many there were as a whole number, e.g. 12000, or leave the field out while the "
                  "count is unknown (YAML reads .nan, .inf and numbers past about 1.8e308 as no finite "
                  "number).")


@pytest.mark.parametrize("field, value, message, hint, dumped", [
    ("summary", b"\xff\xfe", "'summary' must be text, not the bytes b'\\xff\\xfe'", _DECODE_HINT,
     "summary: the bytes b'\\xff\\xfe' cannot be written"),
    ("summary", b"abc", "'summary' must be text, not the bytes b'abc'", _DECODE_HINT,
     "summary: the bytes b'abc' cannot be written"),
    ("summary", object(), "'summary' must be text, not a Python object", _OBJECT_HINT,
     "summary: a Python object cannot be written"),
    ("impact.users_affected", 10 ** 5000, "'users_affected' must be a whole number, not the number inf",
     _INFINITE_HINT, "impact.users_affected: a whole number of about 5,000 digits cannot be written"),
], ids=["bytes-not-utf8", "bytes", "object", "int-of-5001-digits"])
def test_a_value_set_in_code_that_no_file_holds_is_a_finding_and_dump_names_it(
        field: str, value: object, message: str, hint: str, dumped: str) -> None:
    """validate and dump raised what writing the value failed with (UnicodeDecodeError, ruamel's
    ValueError "Exceeds the limit (4300 digits)", PydanticSerializationError), and b"abc" was
    written as the text 'abc', which the model refuses: validate now reports each at its field, as
    it reports .nan, and dump raises a ValueError that names it."""
    pm = pmkit.load(GOOD_EXAMPLE)
    owner, _, name = field.rpartition(".")
    setattr(pm.impact if owner else pm, name, value)
    found = [d for d in pmkit.validate(pm, now="2026-01-01") if d.code not in ("PM413", "PM600")]
    assert [(d.code, d.field, d.message, d.hint) for d in found] == [("PM012", field, message, hint)]
    with pytest.raises(ValueError) as info:
        pmkit.dump(pm)
    assert type(info.value) is ValueError
    assert str(info.value) == (f"{dumped} in a postmortem file; set it to a value of the file format "
                               "(docs/format.md): a text, a number, a date, a list (pmkit.validate "
                               "reports each such value)")


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    heavy = "('git', 'textstat', 'nltk', 'pydantic')"
    code = f"import sys, pmkit; print(any(m.split('.')[0] in {heavy} for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_package_says_it_is_typed() -> None:
    """Without the PEP 561 marker, a program that imports pmkit and runs mypy gets "missing library
    stubs or py.typed marker" and every pmkit name as Any, whatever the annotations say."""
    package = Path(pmkit.__file__).parent
    assert (package / "py.typed").is_file()
    assert '"Typing :: Typed"' in (package.parents[1] / "pyproject.toml").read_text(encoding="utf-8")


BAD_EXAMPLE = EXAMPLES / "postmortems" / "2025-02-14-login-outage.yaml"


@pytest.mark.parametrize("settings, said", [
    ({"select": ["PM3O1"]}, "pmkit.Config: 'select' names 'PM3O1', which matches no rule"),
    ({"severity": {"PM301": "infoo"}}, "pmkit.Config: severity.PM301: unknown severity 'infoo'"),
    ({"max_file_size": 0}, "pmkit.Config: max-file-size must be a number of bytes from 1 to"),
    ({"rules": {"PM105": {"max_gap_minutes": -5}}},
     "pmkit.Config: rules.PM105: PM105 has no option 'max_gap_minutes'"),
    ({"timezone": "Mars/Base"}, "pmkit.Config: timezone 'Mars/Base' is not an IANA time zone"),
])
def test_a_config_built_in_code_is_validated_where_it_is_built(settings: dict[str, Any], said: str) -> None:
    """A typo is an error, as in a settings file, raised on the line that made it, never a check
    that silently passes."""
    with pytest.raises(pmkit.ConfigError) as info:
        pmkit.Config(**settings)
    assert str(info.value).startswith(said)


def test_a_config_built_in_code_takes_text_for_severities_and_normalises_them() -> None:
    config = pmkit.Config(severity={"human-error": "info"}, ignore=("PM302",), fail_on="warning")  # type: ignore[arg-type]
    assert config.severity == {"PM301": pmkit.Severity.INFO}  # the code, for the name
    assert config.ignore == ["PM302"] and config.fail_on is pmkit.Severity.WARNING
    assert pmkit.Checker(config).config is config  # validated once, where it was built
    codes = {d.code for d in pmkit.check([BAD_EXAMPLE], config=config).diagnostics}
    assert "PM301" in codes and "PM302" not in codes
    assert pmkit.Config(paths=[Path("incidents")]).paths == ["incidents"]


@pytest.mark.parametrize("settings, said", [
    ({"select": "PM301"}, "Config.select must be a list of rule codes, prefixes or names, not a str: "
                          "write select=['PM301']"),
    ({"paths": "postmortems"}, "Config.paths must be a list of folder or file paths, not a str: "
                               "write paths=['postmortems']"),
    ({"select": 301}, "Config.select must be a list of rule codes, prefixes or names (str), not int"),
    ({"ignore": [1]}, "Config.ignore must hold rule codes, prefixes or names (str), not int (1)"),
    ({"paths": None}, "Config.paths must be a list of folder or file paths (str), not NoneType"),
    ({"paths": [b"pm"]},
     "Config.paths must hold folder or file paths (str or os.PathLike), not bytes (b'pm')"),
    ({"fail_on": 3}, "Config.fail_on must be a pmkit.Severity or its name (str), not int"),
    ({"severity": ["PM301"]}, "Config.severity must be a dict, not list"),
    ({"severity": {"PM301": 1}},
     "Config.severity['PM301'] must be a pmkit.Severity or its name (str), not int"),
    ({"rules": {"PM105": 5}}, "Config.rules['PM105'] must be a dict of settings, not int"),
    # keys that are no text raised AttributeError ("'int' object has no attribute 'strip'")
    ({"severity": {1: "info"}}, "Config.severity keys must be rule codes or names (str), not int (1)"),
    ({"severity": {"PM301": "info", None: "info"}},
     "Config.severity keys must be rule codes or names (str), not NoneType (None)"),
    ({"rules": {1: {}}}, "Config.rules keys must be rule codes or names (str), not int (1)"),
    ({"rules": {"PM714": {1: 2}}}, "Config.rules['PM714'] keys must be option names (str), not int (1)"),
    ({"rules": {"PM714": {"grace_days": {b"x": 2}}}},
     "Config.rules['PM714']['grace_days'] keys must be setting names (str), not bytes (b'x')"),
    ({"sections": {2: {}}}, "Config.sections keys must be family names (str), not int (2)"),
    ({"sections": {"timeline": {1: 2}}},
     "Config.sections['timeline'] keys must be setting names (str), not int (1)"),
    ({"sections": {"disclosure": {"policy": [{"x": 1}, {(1,): 2}]}}},
     "Config.sections['disclosure']['policy'][1] keys must be setting names (str), not tuple ((1,))"),
    ({"sections": {"prose": []}}, "Config.sections['prose'] must be a dict of settings, not list"),
    ({"max_file_size": None}, "Config.max_file_size must be a number of bytes (int), not NoneType"),
    ({"max_file_size": True}, "Config.max_file_size must be a number of bytes (int), not bool"),
    ({"timezone": None}, "Config.timezone must be an IANA time zone name (str), not NoneType"),
    ({"base": 1}, "Config.base must be a revision (str) or None, not int"),
    ({"source": 5}, "Config.source must be a file (str or os.PathLike) or None, not int"),
    ({"root": 5}, "Config.root must be a folder (str or os.PathLike), not int"),
])
def test_a_config_field_of_the_wrong_type_is_a_type_error_that_names_it(settings: dict[str, Any],
                                                                         said: str) -> None:
    with pytest.raises(TypeError) as info:
        pmkit.Config(**settings)
    assert str(info.value) == said


@pytest.mark.parametrize("name, value, said", [
    ("severity", {1: "info"}, "Config.severity keys must be rule codes or names (str), not int (1)"),
    ("rules", {1: {}}, "Config.rules keys must be rule codes or names (str), not int (1)"),
    ("rules", {"PM714": {1: 2}}, "Config.rules['PM714'] keys must be option names (str), not int (1)"),
])
def test_a_key_that_is_no_text_set_after_the_config_was_built_is_named_when_it_is_used(
        name: str, value: dict[Any, Any], said: str) -> None:
    config = pmkit.Config(severity={"human-error": "info"}, rules={"PM714": {"grace_days": 3}})
    setattr(config, name, value)
    with pytest.raises(TypeError) as info:
        pmkit.check_text("pmkit: 1\n", config=config)
    assert str(info.value) == said
    setattr(config, name, {"PM301": "warning"} if name == "severity" else {"PM714": {"grace_days": 5}})
    checked = pmkit.Checker(config).config
    assert (checked.severity, checked.rules) == (
        {"PM301": pmkit.Severity.WARNING} if name == "severity" else {"PM301": pmkit.Severity.INFO},
        {"PM714": {"grace_days": 3}} if name == "severity" else {"PM714": {"grace_days": 5}})


def test_wrong_argument_types_are_type_errors_that_name_them() -> None:
    text = BAD_EXAMPLE.read_text(encoding="utf-8")
    for call, said in [
        (lambda: pmkit.loads(None), "text must be a str, not NoneType"),  # type: ignore[arg-type]
        (lambda: pmkit.check_text(None), "text must be a str, not NoneType"),  # type: ignore[arg-type]
        (lambda: pmkit.validate({}), "postmortem must be a pmkit.Postmortem, not dict"),  # type: ignore[arg-type]
        (lambda: pmkit.dump(None), "postmortem must be a pmkit.Postmortem, not NoneType"),  # type: ignore[arg-type]
        (lambda: pmkit.metrics(None), "postmortem must be a pmkit.Postmortem, not NoneType"),  # type: ignore[arg-type]
        (lambda: pmkit.check_text(text, config={}), "config must be a pmkit.Config, not dict"),  # type: ignore[arg-type]
        (lambda: pmkit.check([BAD_EXAMPLE], config={}), "config must be a pmkit.Config, not dict"),  # type: ignore[arg-type]
        (lambda: pmkit.check_text(text, now=5), "now must be a datetime, a date or an ISO 8601 string"),
    ]:
        with pytest.raises(TypeError, match=said):
            call()


def test_paths_and_times_in_the_forms_python_gives_them() -> None:
    from datetime import date, datetime, timedelta, timezone

    text = BAD_EXAMPLE.read_text(encoding="utf-8")
    found = pmkit.check_text(text, path=Path("x.yaml"), now=date(2025, 3, 1))
    assert found and {d.path for d in found} == {"x.yaml"}  # a str: every output format writes it
    assert pmkit.check(bytes(BAD_EXAMPLE)).exit_code() == 1
    assert pmkit.load(bytes(GOOD_EXAMPLE)).title
    with pytest.raises(pmkit.LoadError, match="no file name given"):
        pmkit.load("")
    edge = datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=23)))  # 1899 in UTC
    with pytest.raises(pmkit.ConfigError, match="outside the years 1900 to 2999"):
        pmkit.check_text(text, now=edge)


def test_a_loaded_config_changed_in_code_is_validated_again(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = pmkit.load_config()
    assert pmkit.Checker(config).config is config  # as loaded: not validated twice
    config.select = ["PM3O1"]
    with pytest.raises(pmkit.ConfigError, match="'select' names 'PM3O1'"):
        pmkit.check([BAD_EXAMPLE], config)
    config.select, config.severity, config.fail_on = [], {"human-error": "info"}, "warning"  # type: ignore[assignment]
    checked = pmkit.Checker(config).config
    assert checked.severity == {"PM301": pmkit.Severity.INFO} and checked.fail_on is pmkit.Severity.WARNING


def test_a_config_changed_after_it_was_built_is_validated_when_used() -> None:
    config = pmkit.Config()
    config.select = "PM301"  # type: ignore[assignment]
    with pytest.raises(TypeError) as info:
        pmkit.check(None, config)
    assert str(info.value).endswith("not a str: write select=['PM301']")
    config.select, config.sections = [], {"select": ["PM301"]}
    with pytest.raises(pmkit.ConfigError, match="not 'select'"):
        pmkit.check(None, config)


def test_a_reference_time_that_is_no_time_is_named_where_it_was_given(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pmkit.cli import main

    with pytest.raises(pmkit.ConfigError, match=r"^now: 'yesterday' is not an ISO 8601 timestamp$"):
        pmkit.check([EXAMPLES], now="yesterday")
    assert main(["due", "--now", "yesterday", str(EXAMPLES)]) == 2
    assert "pmkit: configuration error: --now: 'yesterday' is not" in capsys.readouterr().err
    monkeypatch.setenv("PMKIT_NOW", "yesterday")
    with pytest.raises(pmkit.ConfigError, match=r"^PMKIT_NOW: 'yesterday' is not an ISO 8601 timestamp$"):
        pmkit.check([EXAMPLES])


def _postmortems_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[pmkit.Config, str]:
    """A folder with the configured ``postmortems/`` and the good example in it, as the current
    folder; its settings for PM027 alone, and the example's name there."""
    (tmp_path / ".pmkit.toml").write_text('paths = ["postmortems"]\n', encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    name = f"postmortems/{GOOD_EXAMPLE.name}"
    (tmp_path / name).write_text(GOOD_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = pmkit.load_config()
    config.select = ["PM027"]
    return config, name


_DUPLICATE = (f"id '2018-10-21-database-partition' is also the id of postmortems/{GOOD_EXAMPLE.name} "
              "(line 3): a postmortem's id names it in links, pages and reports, and must be unique in "
              "the repository")


def test_a_model_loaded_from_a_file_is_that_file_not_a_duplicate_of_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate(load(path)) checked the model as a text named "<postmortem>" and compared its id
    with the folder's files, the one it was read from too: PM027, "also the id of" itself."""
    config, name = _postmortems_folder(tmp_path, monkeypatch)
    pm = pmkit.load(name)
    assert pmkit.validate(pm, config) == []
    pm.title = "Partition of the database"  # changed in code: still a version of that file
    assert pmkit.validate(pm, config) == []
    # what it remembers changes neither what it dumps nor what it compares equal to
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert pmkit.load(name) == pmkit.loads(text)
    assert pmkit.dump(pmkit.load(name)) == pmkit.dump(pmkit.loads(text))
    assert pmkit.validate(pmkit.loads(text, path=name), config) == []
    # a model that was read from no file of the folder has that file's id
    for other in (pmkit.loads(text), pmkit.load(name).model_copy(),
                  pmkit.Postmortem.model_validate(pmkit.load(name).model_dump())):
        found = [(d.code, d.path, d.line, d.message) for d in pmkit.validate(other, config)]
        assert found == [("PM027", "<postmortem>", 2, _DUPLICATE)]
    # (one read from another file is said in that file, at its line, as pmkit check says it)
    found = [(d.code, d.path, d.line, d.message) for d in pmkit.validate(pmkit.load(GOOD_EXAMPLE), config)]
    assert found == [("PM027", str(GOOD_EXAMPLE), 3, _DUPLICATE)]
    # and a copy of the file under another name is a duplicate, read from its file or not
    (tmp_path / "postmortems" / "copy.yaml").write_text(text, encoding="utf-8")
    assert [d.message for d in pmkit.validate(pmkit.load("postmortems/copy.yaml"), config)] == [_DUPLICATE]


def test_a_text_without_a_name_that_is_a_file_of_the_folder_is_that_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check_text(text) of a file's own text reported the file as sharing its id: a text whose
    id is a file's and whose text is that file's is the file; any other text with the id is
    another document, and a text given under another file's name a copy."""
    config, name = _postmortems_folder(tmp_path, monkeypatch)
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert pmkit.check_text(text, config=config) == []
    assert pmkit.check_text(text.replace("\n", "\r\n"), config=config) == []
    assert pmkit.check_text(text, name, config=config) == []
    changed = text.replace("title: ", "title: Again, ", 1)
    found = [(d.code, d.path, d.line, d.col, d.message) for d in pmkit.check_text(changed, config=config)]
    assert found == [("PM027", "<string>", 3, 5, _DUPLICATE)]
    assert [d.message for d in pmkit.check_text(text, "postmortems/copy.yaml", config=config)] == [_DUPLICATE]


_TOO_LONG = "it holds a number of more than 4,300 digits, which no setting takes"


@pytest.mark.parametrize("settings, where", [
    ({"rules": {"PM714": {"grace_days": 10 ** 5000}}}, "rules.PM714.grace_days"),
    ({"rules": {"PM714": {"grace_days": [1, -10 ** 5000]}}}, "rules.PM714.grace_days[1]"),
    ({"max_file_size": 10 ** 5000}, "max-file-size"),
    ({"sections": {"timeline": {"max_gap_minutes": {"SEV1": 10 ** 5000}}}}, "timeline.max_gap_minutes.SEV1"),
])
def test_a_number_too_long_to_write_out_in_a_setting_given_in_code_is_a_config_error(
        settings: dict[str, Any], where: str) -> None:
    """Such a number in code raised Python's own ValueError, which advised calling
    sys.set_int_max_str_digits(), where the same number in a settings file is a ConfigError."""
    with pytest.raises(pmkit.ConfigError) as info:
        pmkit.Config(**settings)
    assert str(info.value) == f"pmkit.Config: {where}: {_TOO_LONG}"
    config = pmkit.Config()  # set afterwards: said when the Config is used
    for name, value in settings.items():
        setattr(config, name, value)
    with pytest.raises(pmkit.ConfigError) as info:
        pmkit.Checker(config)
    assert str(info.value) == f"pmkit.Config: {where}: {_TOO_LONG}"


def test_a_long_number_python_writes_out_is_refused_as_out_of_range() -> None:
    with pytest.raises(pmkit.ConfigError) as info:
        pmkit.Config(rules={"PM714": {"grace_days": 10 ** 4250}})
    assert str(info.value).startswith("pmkit.Config: rules.PM714.grace_days must be a whole number of days "
                                      "from 0 to 3660 (10 years), got 1000000000000000")
    assert pmkit.Config(rules={"PM714": {"grace_days": 10}}).rules == {"PM714": {"grace_days": 10}}


MINIMAL = ("pmkit: 1\nid: 2026-11-02-api\ntitle: API errors\nstatus: draft\nlang: en\nseverity: SEV3\n"
           "authors: [Dana]\n")


def _nested(levels: int) -> list[Any]:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return list(value)


def test_a_list_or_mapping_that_holds_itself_is_a_finding_and_dump_names_it() -> None:
    """validate and dump of a model holding a list that holds itself raised RecursionError: it
    is a value no file can hold, reported at its field as the others are (PM012)."""
    loop: list[Any] = []
    loop.append(loop)
    metric: dict[str, Any] = {"name": "errors", "value": 1}
    metric["unit"] = metric
    pm = pmkit.loads(f"{MINIMAL}impact:\n  description: users\n")
    pm.authors = loop
    assert pm.impact is not None
    pm.impact.metrics = [metric]  # type: ignore[list-item]
    config = pmkit.Config(select=["PM0", "PM3", "PM9"])  # and no rule failed on it (PM903)
    found = [(d.code, d.field, d.line, d.message) for d in pmkit.validate(pm, config)]
    assert found == [("PM012", "authors[0]", 8, "'authors[0]' must be text, not a list"),
                     ("PM012", "impact.metrics[0].unit", 15, "'unit' must be text, not a mapping")]
    with pytest.raises(ValueError, match=r"^authors\[0\](\[0\])*: a list that holds itself cannot be written "
                                         r"in a postmortem file \(and 1 more\); set it to a value "):
        pmkit.dump(pm)
    pm.authors = ["Dana"]
    with pytest.raises(ValueError, match=r"^impact\.metrics\[0\]\.unit(\.unit)*: a mapping that holds it"):
        pmkit.dump(pm)


def test_a_list_nested_deeper_than_a_file_is_read_is_a_finding_and_dump_names_it() -> None:
    """Nested a few thousand levels, it raised RecursionError; nested deeper than the 64 levels
    a file is read to, dump wrote a file that pmkit then does not read (PM008)."""
    pm = pmkit.loads(MINIMAL)
    pm.tags = _nested(63)
    config = pmkit.Config(select=["PM0", "PM3", "PM9"])
    assert [d.code for d in pmkit.check_text(pmkit.dump(pm), config=config)] == ["PM012"]
    for levels in (64, 3000):
        pm.tags = _nested(levels)
        found = [(d.code, d.field, d.message) for d in pmkit.validate(pm, config)]
        assert found == [("PM012", "tags[0]", "'tags[0]' must be text, not a list")]
        with pytest.raises(ValueError, match=r"^tags(\[0\])+: a list nested deeper than 64 levels cannot"):
            pmkit.dump(pm)


def test_findings_without_an_end_sort_with_those_that_have_one() -> None:
    """Diagnostic is ordered, but a finding without an end (PM007's, end_line None) and one with
    an end otherwise alike raised TypeError in sorted(). An end left out counts as the start,
    as to_dict writes it, and comes before the same end written out."""
    empty = pmkit.check_text("", "a.yaml")[0]
    assert (empty.code, empty.end_line, empty.end_col) == ("PM007", None, None)
    ends = [replace(empty, end_line=line, end_col=col) for line, col in [(2, 1), (1, 1), (1, 5)]]
    assert [(d.end_line, d.end_col) for d in sorted([*ends, empty])] == [(None, None), (1, 1), (1, 5), (2, 1)]
    assert sorted([ends[0], empty]) == sorted([empty, ends[0]]) == [empty, ends[0]]
    assert empty < ends[1] and not ends[1] < empty and empty <= ends[1]
    assert ends[1] >= empty and ends[1] > empty
    assert empty <= empty and not empty < empty and empty != ends[1]
    # the place and the code order first, as Report.sorted() orders them
    later = replace(empty, line=2, end_line=None)
    earlier = replace(empty, line=1, col=1, code="PM001", end_line=9, end_col=9)
    found = [later, *ends, empty, earlier]
    assert sorted(found)[0] is earlier and sorted(found)[-1] is later
    assert [d.line for d in pmkit.Report(found).sorted()] == [d.line for d in sorted(found)]
    with pytest.raises(TypeError):
        empty < 1  # noqa: B015
