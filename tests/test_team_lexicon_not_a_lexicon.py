"""``[tool.pmkit.prose] lexicon`` may name any file the runner can read (a pull request can change it):
a file that is no lexicon is said to be one, naming the settings file and the setting, without a word
of its content. Its first line was quoted as an unknown key ("unknown key 'root:*:20228:...'" for
/etc/shadow), a secret in the log of a CI run."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import unplaced
from pmkit.cli import main
from pmkit.config import ConfigError
from pmkit.prose.lexicon import build_lexicon

NOT_A_LEXICON = ("is not a pmkit lexicon: expected a YAML mapping with 'entries' (or 'words'; see "
                 "docs/blameless.md)")
SECRET = "s3cr3t-value-123"


def _error(root: Path, path: str) -> str:
    with pytest.raises(ConfigError) as caught:
        build_lexicon("en", {"lexicon": path}, root=root)
    return str(caught.value)


@pytest.mark.parametrize("text", [
    "root:*:20228:0:99999:7::\ndaemon:*:20228:0:99999:7::\n",  # a shadow file
    f"FAKE_TOKEN: {SECRET}\n",  # an environment file that happens to be YAML
    f"password={SECRET}\n",  # a plain line
    "",
])
def test_a_file_that_is_no_lexicon_is_named_without_its_content(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.env").write_text(text, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "postmortems").mkdir(parents=True)
    (repo / ".pmkit.toml").write_text('[tool.pmkit.prose]\nlexicon = "../outside/secret.env"\n',
                                      encoding="utf-8")

    code = main(["check", str(repo / "postmortems")])

    err = capsys.readouterr().err
    assert code == 2
    assert unplaced(err) == (f"pmkit: configuration error: {repo / '.pmkit.toml'}: [tool.pmkit.prose] "
                             f"lexicon: ../outside/secret.env {NOT_A_LEXICON}\n")
    assert SECRET not in err and "FAKE_TOKEN" not in err and "root:" not in err


@pytest.mark.parametrize(("text", "said"), [
    (f'entries: []\nwords: "{SECRET}\n', "invalid YAML at line 3, column 1 (found unexpected end of stream)"),
    (f"entries: []\nwords: *{SECRET}\n", "invalid YAML at line 2, column 8 (found undefined alias '\u2026')"),
    # (YAML's own marks, which say what the parser expected, stay)
    (f"entries: [\n  {{id: en.x, category: {SECRET}\n",
     "invalid YAML at line 3, column 1 (expected ',' or '}', but got '<stream end>')"),
])
def test_invalid_yaml_in_a_lexicon_says_where_without_the_text(tmp_path: Path, text: str, said: str) -> None:
    (tmp_path / "team.yaml").write_text(text, encoding="utf-8")
    message = _error(tmp_path, "team.yaml")
    assert message == (f"[tool.pmkit.prose] lexicon: team.yaml: {said}; a pmkit lexicon is a YAML mapping "
                       "with 'entries' (see docs/blameless.md)")
    assert SECRET not in message


def test_an_unknown_key_of_a_lexicon_is_still_quoted_but_cut_short(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("entries: []\nthis_key_is_a_typo_and_goes_on_and_on_and_on: 1\n",
                                        encoding="utf-8")
    assert _error(tmp_path, "team.yaml") == ("team.yaml: unknown key 'this_key_is_a_typo_and_goes_on_and_on_a"
                                             "\u2026' (keys: entries, words, macros)")


def test_a_typo_of_a_lexicon_key_is_still_a_typo(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("wordz:\n  staff: [wrangler]\n", encoding="utf-8")
    assert _error(tmp_path, "team.yaml") == "team.yaml: unknown key 'wordz' (did you mean 'words'?)"
