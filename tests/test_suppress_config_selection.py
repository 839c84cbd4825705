"""PM901 and PM902 obey the run's selection and the settings, as every rule's findings do, and a
suppression silences them too."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import flawed_repo, run, where
from pmkit.cli import main

HEAD = "pmkit: 1\nid: x\ntitle: t\nstatus: draft\nlang: en\nseverity: SEV3\n"
TYPO = "severity: SEV2  # pmkit: ignore[PM999] typo"


def _typo_repo(folder: Path) -> Path:
    flawed_repo(folder)
    pm = folder / "pm.yaml"
    text = pm.read_text(encoding="utf-8")
    assert text.splitlines()[6] == "severity: SEV2"
    pm.write_text(text.replace("severity: SEV2\n", TYPO + "\n", 1), encoding="utf-8")
    return folder


def test_a_bad_suppression_is_shown_when_selected(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_typo_repo(tmp_path))
    assert main(["check", "--no-hints", "pm.yaml"]) == 1
    out = capsys.readouterr().out
    assert "pm.yaml:7:17: PM902 suppression names 'PM999', which is not a rule code" in out


@pytest.mark.parametrize("args", [["--ignore", "PM902"], ["--ignore", "PM9"],
                                  ["--ignore", "unknown-suppression"]])
def test_ignore_on_the_command_line_hides_a_bad_suppression(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str]) -> None:
    monkeypatch.chdir(_typo_repo(tmp_path))
    assert main(["check", "--no-hints", *args, "pm.yaml"]) == 1  # the example's other errors
    assert "PM902" not in capsys.readouterr().out


def test_ignore_in_the_settings_hides_a_bad_suppression(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_typo_repo(tmp_path))
    (tmp_path / ".pmkit.toml").write_text('ignore = ["PM9"]\n', encoding="utf-8")
    main(["check", "--no-hints", "pm.yaml"])
    assert "PM902" not in capsys.readouterr().out


def test_select_of_other_rules_does_not_fail_on_a_bad_suppression(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_typo_repo(tmp_path))
    assert main(["check", "--no-hints", "--select", "PM506,PM507", "--fail-on", "warning", "pm.yaml"]) == 0
    assert capsys.readouterr().out.count("PM902") == 0


def test_severity_setting_applies_to_a_bad_suppression(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_typo_repo(tmp_path))
    (tmp_path / ".pmkit.toml").write_text('[severity]\nPM902 = "error"\n', encoding="utf-8")
    assert main(["check", "--no-hints", "--select", "PM9", "--format", "json", "pm.yaml"]) == 1
    out = capsys.readouterr().out
    assert '"PM902"' in out and '"error"' in out


STALE = HEAD + "summary: fine  # pmkit: ignore[PM301] stale\n"


def test_unused_suppression_is_shown_by_default() -> None:
    diags = run(STALE)
    assert [(d.code, d.line, d.col) for d in diags if d.code.startswith("PM9")] == [("PM901", 7, 16)]
    said = next(d for d in diags if d.code == "PM901").message
    assert said == "unused suppression: no PM301 finding on line 7"


@pytest.mark.parametrize("config", [{"ignore": ["PM901"]}, {"ignore": ["PM9"]}, {"select": ["PM301"]},
                                    {"select": ["PM0", "PM3"]}])
def test_unused_suppression_obeys_the_selection(config: dict[str, list[str]]) -> None:
    assert [d for d in run(STALE, config=config) if d.code.startswith("PM9")] == []


def test_unused_suppression_of_a_selected_family_with_pm901() -> None:
    assert where(run(STALE, select=["PM0", "PM3", "PM901"])) == [("PM901", 7, 16)]


def test_an_unused_suppression_can_be_suppressed_from_the_line_above() -> None:
    text = HEAD + ("# pmkit: ignore[PM901] kept for the next revision\n"
                   "summary: fine  # pmkit: ignore[PM301] stale\n")
    assert run(text, select=["PM3", "PM9"]) == []


def test_an_unused_suppression_can_be_suppressed_in_its_own_comment() -> None:
    text = HEAD + "summary: fine  # pmkit: ignore[PM301, PM901] kept for the next revision\n"
    assert run(text, select=["PM3", "PM9"]) == []


def test_a_pm901_suppression_that_silences_nothing_is_unused() -> None:
    text = HEAD + "# pmkit: ignore[PM901] nothing here\nsummary: fine\n"
    diags = run(text, select=["PM3", "PM9"])
    assert where(diags) == [("PM901", 7, 1)]
    assert diags[0].message == "unused suppression: no PM901 finding on line 8"


def test_a_bad_suppression_can_be_suppressed() -> None:
    text = HEAD + "# pmkit: ignore[PM902] an old typo kept\nsummary: fine  # pmkit: ignore[PM999] typo\n"
    assert run(text, select=["PM3", "PM9"]) == []


def test_the_family_hooks_select_pm901_and_the_schema_hook_pm9() -> None:
    manifest = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for family in "1234567":
        assert f"entry: pmkit check --select PM0,PM{family},PM901\n" in manifest
    assert "entry: pmkit check --select PM0,PM9\n" in manifest
    assert "entry: pmkit check --select PM00,PM506,PM507,PM901\n" in manifest


def test_unused_suppression_on_the_last_line_says_the_file_ends_there() -> None:
    for ending in ("\n", ""):
        text = HEAD + "summary: fine\n# pmkit: ignore[PM301] eof" + ending
        diags = run(text, select=["PM3", "PM9"])
        assert where(diags) == [("PM901", 8, 1)]
        said = "unused suppression: no PM301 finding on the line below (the file ends here)"
        assert diags[0].message == said



# --- the error that kept a file from being read cannot be suppressed inline -----------------

UNREAD = HEAD + "summary: [Card numbers were logged  # pmkit: ignore[PM001] WIP\n"


def test_a_parse_error_is_not_suppressed_inline() -> None:
    diags = run(UNREAD)
    assert where(diags) == [("PM001", 7, 10), ("PM902", 7, 37)]
    assert diags[1].message == ("PM001 cannot be suppressed inline: the file was not read, so neither was "
                                "this comment; fix the file's syntax, or ignore PM001 in the settings")


def test_a_parse_error_suppressed_inline_fails_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pm.yaml").write_text(UNREAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-hints", "--select", "PM506,PM507", "pm.yaml"]) == 1
    out = capsys.readouterr().out
    assert "pm.yaml:7:10: PM001 YAML syntax error" in out
    assert "PM902" not in out  # not selected: the error alone is said


def test_a_parse_error_ignored_in_the_settings_is_not_said() -> None:
    assert [d.code for d in run(UNREAD, config={"ignore": ["PM001"]})] == []


# --- several suppressions in one comment ----------------------------------------------------

TWO = HEAD + ("summary: |  # pmkit: ignore[PM301] quoting the ticket # pmkit: ignore[PM302] also quoted\n"
              "  The outage was caused by human error.\n"
              "  The engineer should have checked the chain.\n")


def test_two_suppressions_in_one_comment_are_both_honoured() -> None:
    comment = "  # pmkit: ignore[PM301] quoting the ticket # pmkit: ignore[PM302] also quoted"
    plain = run(TWO.replace(comment, ""), select=["PM301", "PM302", "PM9"])
    assert [d.code for d in plain] == ["PM301", "PM302"]
    assert run(TWO, select=["PM301", "PM302", "PM9"]) == []


def test_the_second_suppression_of_a_comment_is_reported_when_unused() -> None:
    text = HEAD + "summary: fine  # pmkit: ignore[PM301] quoting # pmkit: ignore[PM302] also quoted\n"
    diags = run(text, select=["PM301", "PM302", "PM9"])
    assert where(diags) == [("PM901", 7, 16), ("PM901", 7, 47)]
    assert [d.message for d in diags] == ["unused suppression: no PM301 finding on line 7",
                                          "unused suppression: no PM302 finding on line 7"]
