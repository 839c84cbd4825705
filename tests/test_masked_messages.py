"""A secret or a piece of personal data that a finding of any rule quotes (a value the schema
refused, a comment's excerpt) is masked in its message and hint as PM505-PM507 mask what they
find: the report goes to CI logs, which must not repeat the leak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pmkit
from helpers import GOOD_EXAMPLE
from pmkit.cli import main

TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"


def _example(tmp_path: Path, old: str, new: str, settings: str = "") -> Path:
    (tmp_path / ".git").mkdir()  # no settings from the folders above
    if settings:
        (tmp_path / ".pmkit.toml").write_text(settings, encoding="utf-8")
    text = GOOD_EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pm.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_token_the_schema_refuses_is_masked_in_its_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _example(tmp_path, "severity: SEV1", f"severity: {TOKEN}")
    assert main(["check", "--select", "PM013", "--format", "json", str(path)]) == 1
    out = capsys.readouterr().out
    assert TOKEN not in out and TOKEN[:12] not in out
    [diag] = json.loads(out)["diagnostics"]
    assert diag["code"] == "PM013"
    assert diag["message"] == "'ghp_… (40 characters)' is not a valid severity"


def test_an_address_a_comment_excerpt_quotes_is_masked(tmp_path: Path) -> None:
    path = _example(tmp_path, "owner: database infrastructure lead",
                     "owner: database infrastructure lead, mail jane.doe@gmail.com #or call her")
    found = [d for d in pmkit.check([str(path)], now="2026-11-25").diagnostics if d.code == "PM025"]
    assert found and all("jane.doe@gmail.com" not in d.message + (d.hint or "") for d in found)
    assert any("j***@gmail.com" in d.message for d in found)


def test_an_address_the_team_allows_is_shown_as_written(tmp_path: Path) -> None:
    path = _example(tmp_path, "owner: database infrastructure lead",
                     "owner: database infrastructure lead, mail jane.doe@gmail.com #or call her",
                    settings='[clarity]\nallow = ["@gmail.com"]\n')
    found = [d for d in pmkit.check([str(path)], now="2026-11-25").diagnostics if d.code == "PM025"]
    assert any("jane.doe@gmail.com" in d.message for d in found)


def test_a_postmortems_text_given_to_check_as_a_path_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^a path is 5,000 characters long and names no file: "
                                         r"pmkit\.check_text\(text\) checks a postmortem given as text$"):
        pmkit.check(["x" * 5000])
    with pytest.raises(ValueError, match="holds a line break"):
        pmkit.check([GOOD_EXAMPLE.read_text(encoding="utf-8")])


def test_a_secret_in_a_findings_data_is_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """PM601 puts a field's old and new values in its data, which ``--format json`` prints: a
    secret there is masked as in the message."""
    from history_git import PM, clear_git_env, published_repo

    clear_git_env(monkeypatch)
    repo = published_repo(tmp_path)
    text = repo.read(PM)
    assert "severity: SEV2" in text
    repo.write(PM, text.replace("severity: SEV2", 'severity: "SEV1 password=S3cr3tPassw0rd!"', 1))
    monkeypatch.chdir(repo.root)
    main(["check", "--format", "json", "--now", "2026-11-25T12:00:00Z", PM])
    out = capsys.readouterr().out
    assert "S3cr3tPassw0rd" not in out
    data = [d["data"] for d in json.loads(out)["diagnostics"] if "data" in d and d["code"] == "PM601"]
    assert data and "password=… (15 characters)" in json.dumps(data, ensure_ascii=False)


def test_the_data_of_a_finding_keeps_its_types_and_ordinary_values() -> None:
    from pmkit.diagnostics import Diagnostic

    data = (("field", "severity"), ("old", {"value": ["SEV2", 3], "at": ("x", None)}),
            ("new", "password=S3cr3tPassw0rd!"))
    found = Diagnostic("pm.yaml", 1, 1, "PM601", "changed", data=data)
    plain = Diagnostic("pm.yaml", 1, 1, "PM601", "changed", data=data[:2])
    checker = pmkit.Checker(pmkit.Config(), now="2026-11-25T12:00:00Z")
    [masked, kept] = checker._masked([found, plain])
    assert masked.data == (("field", "severity"), ("old", {"value": ["SEV2", 3], "at": ("x", None)}),
                           ("new", "password=… (15 characters)"))
    assert kept is plain


def test_a_private_key_header_followed_by_prose_is_left_as_written() -> None:
    from pmkit.privacy import masked

    text = "-----BEGIN RSA PRIVATE KEY----- was committed by a misconfiguration of the repository settings"
    assert masked(text) == text
    body = "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Xk9Lq8wPz7Yv3RtQw8ZxLmN"
    assert masked(f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY----- was here") == (
        "-----BEGIN RSA PRIVATE KEY----- (redacted) was here")


def test_a_secret_in_a_named_tuple_or_a_set_of_a_findings_data_is_masked(tmp_path: Path) -> None:
    from collections import namedtuple

    from pmkit.diagnostics import Diagnostic, Severity
    from pmkit.engine import Checker

    pair = namedtuple("pair", "old new")
    found = Diagnostic(path="pm.yaml", line=1, col=1, code="PM601", name="fact-changed", message="changed",
                       severity=Severity.ERROR, data={"pair": pair(TOKEN, "x"), "set": frozenset({TOKEN})})
    [masked] = Checker()._masked([found])
    assert TOKEN[4:16] not in repr(masked.data)
    assert isinstance(masked.data["pair"], pair) and masked.data["pair"].new == "x"
    assert isinstance(masked.data["set"], frozenset)
