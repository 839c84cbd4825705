"""Files pmkit reads its settings from (configuration, baseline, team lexicon): odd contents or
odd file types give a one-line error and exit 2, never a traceback or a wait for ever."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE
from pmkit.cli import main

SRC = str(Path(__file__).resolve().parent.parent / "src")
DEEP_TOML = "x = " + "[" * 600 + "]" * 600 + "\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    (tmp_path / "pm.yaml").write_text(FLAWED_EXAMPLE.read_text())
    return tmp_path


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["check", "--select", "PM0", *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("content", ["tool = 1\n", 'tool = "pmkit"\n', DEEP_TOML])
def test_a_pyproject_without_a_pmkit_table_is_not_our_configuration(
        repo: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    (repo / "pyproject.toml").write_text(content)
    assert main(["check", "--select", "PM0", "pm.yaml"]) == 1  # found nothing to read: defaults
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("name", "content", "message"), [
    ("pyproject.toml", "tool = 1\n", "'tool' must be a table"),
    ("pyproject.toml", 'tool = "pmkit"\n', "'tool' must be a table"),
    ("pmkit.toml", DEEP_TOML, "nested too deeply: more than 100 levels"),
])
def test_a_named_configuration_that_cannot_be_read_is_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str) -> None:
    (repo / name).write_text(content)
    assert message in _error(capsys, "--config", name, "pm.yaml")


def test_a_deep_team_lexicon_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "lex.yaml").write_text("[" * 500 + "]" * 500 + "\n")
    (repo / ".pmkit.toml").write_text('[prose]\nlexicon = "lex.yaml"\n')
    assert "nested too deeply" in _error(capsys, "pm.yaml")


@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"version": true, "findings": []}', "baseline version True is not supported"),
])
def test_a_broken_baseline_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str],
                                       content: str, message: str) -> None:
    (repo / "baseline.json").write_text(content)
    assert message in _error(capsys, "--baseline", "baseline.json", "pm.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("use", ["--config", "--baseline", "lexicon"])
def test_a_named_pipe_is_refused_not_waited_on(repo: Path, capsys: pytest.CaptureFixture[str],
                                               use: str) -> None:
    os.mkfifo(repo / "pipe.toml")
    if use == "lexicon":
        (repo / ".pmkit.toml").write_text('[prose]\nlexicon = "pipe.toml"\n')
        argv = ["pm.yaml"]
    else:
        argv = [use, "pipe.toml", "pm.yaml"]
    assert "is not a regular file" in _error(capsys, *argv)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_the_config_search_refuses_a_named_pipe_without_waiting(repo: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # As a .pmkit.toml that is a pipe: whether it holds [tool.pmkit] cannot be told.
    os.mkfifo(repo / "pyproject.toml")
    assert main(["check", "--select", "PM0", "pm.yaml"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml: cannot read configuration: is not a regular file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("config", "message"), [
    ('[rules.PM411]\nregimes = ["gdpr-art3"]\n', "names 'gdpr-art3', which is not a preset"),
    ('[disclosure]\npolcy = "x"\n', "unknown setting 'polcy'"),
])
def test_disclosure_settings_are_checked_in_a_fresh_process(repo: Path, config: str, message: str) -> None:
    """In a fresh process the clock module is not loaded when the configuration is read (a
    test process may have loaded it already, which once hid that its check never ran)."""
    (repo / ".pmkit.toml").write_text(config)
    for verb in (["check", "pm.yaml"], ["stats", "pm.yaml"]):
        done = subprocess.run([sys.executable, "-m", "pmkit", *verb], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": SRC}, timeout=120)
        assert done.returncode == 2 and message in done.stderr, (verb, done.stderr)


def test_numbers_and_dates_that_cannot_be_converted_are_errors(repo: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "big.toml").write_text("max-file-size = " + "1" * 5000 + "\n")
    assert "invalid TOML" in _error(capsys, "--config", "big.toml", "pm.yaml")
    (repo / "big.json").write_text('{"version": 1, "x": ' + "1" * 5000 + "}")
    assert "cannot read the baseline" in _error(capsys, "--baseline", "big.json", "pm.yaml")
    (repo / "team.yaml").write_text("x: 2024-02-30\nentries: []\n")
    (repo / ".pmkit.toml").write_text('[prose]\nlexicon = "team.yaml"\n')
    assert "invalid YAML" in _error(capsys, "pm.yaml")


def test_a_broken_pmkit_table_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[tool.pmkit]\nignore = ["PM3"\n')
    assert "invalid TOML" in _error(capsys, "pm.yaml")
