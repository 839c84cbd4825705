"""A team's own pattern (``[[tool.pmkit.prose.extra]]`` or an entry of its lexicon file) that may take
time exponential in the text it scans is a configuration error: ``(a+)+$`` took 19 s on an event
ending with 28 "a" and "!", doubling with each more, and a pre-commit hook hung."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pmkit.config import ConfigError
from pmkit.prose import scan
from pmkit.prose.lexicon import build_lexicon

SRC = Path(__file__).parents[1] / "src"
WHY = ("the time a match may take grows exponentially with the length of the text, so a check or hook "
       "would hang; ")
NESTED = ("repeats without an upper bound something that itself repeats without one: " + WHY
          + "repeat once ('a+' for '(a+)+') or bound the outer repetition ('(?:\\w+\\s+){0,3}' for "
          "'(\\w+\\s?)*')")
POSTMORTEM = """\
pmkit: 1
id: 2025-02-14-login-outage
title: Login outage
status: draft
lang: en
severity: SEV2
summary: Logins failed for an hour.
timeline:
  - at: 2025-02-14T09:12:00Z
    milestone: impact_started
    event: Logins recovered aaaaaaaaaaaaaaaaaaaaaaaaaaaa!
"""


def _entry(pattern: str) -> dict[str, str]:
    return {"id": "en.x", "category": "judgement", "pattern": pattern, "explanation": "e", "reframe": "r"}


def test_a_nested_repetition_in_an_extra_entry_is_refused_before_any_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".pmkit.toml").write_text(
        '[tool.pmkit.prose]\nextra = [{id="en.x", category="judgement", pattern="(a+)+$", explanation="e", '
        'reframe="r"}]\n', encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "x.yaml").write_text(POSTMORTEM, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(SRC), "PMKIT_CACHE_DIR": str(tmp_path / "cache")}
    # A timeout, so that a pattern let through again fails this test instead of hanging it.
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--jobs", "1", "postmortems/x.yaml"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (f"pmkit: configuration error: {tmp_path / '.pmkit.toml'}:1:1: [tool.pmkit.prose] "
                           f"extra[0]: entry 'en.x': pattern part '(a+)+' {NESTED}\n")


def test_a_nested_repetition_in_a_team_lexicon_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        "entries:\n  - {id: en.team-words, category: judgement, pattern: '\\bsloppy (\\w+\\s?)*!', "
        "explanation: e, reframe: r}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_lexicon("en", {"lexicon": "team.yaml"}, root=tmp_path)
    assert str(caught.value) == (f"team.yaml: entries[0]: entry 'en.team-words': pattern part '(\\w+\\s?)*' "
                                 f"{NESTED}")


@pytest.mark.parametrize(("pattern", "part"), [
    ("(a*)*b", "(a*)*"), ("x(?:y+z?)+", "(?:y+z?)+"), ("((?:a|c)c+){2,}", "((?:a|c)c+){2,}"),
    ("(?:(?:a+){0,3})*b", "(?:(?:a+){0,3})*"),
])
def test_a_repetition_inside_an_unbounded_one_is_refused_through_groups(pattern: str, part: str) -> None:
    said = f"extra[0]: entry 'en.x': pattern part '{part}' {NESTED}"
    with pytest.raises(ConfigError, match=re.escape(said)):
        build_lexicon("en", {"extra": [_entry(pattern)]})


@pytest.mark.parametrize(("pattern", "part"), [("(a|a)*b", "(a|a)*"), ("(?:a|ab|b)+c", "(?:a|ab|b)+")])
def test_a_repeated_alternation_whose_branches_start_alike_is_refused(pattern: str, part: str) -> None:
    said = (f"[tool.pmkit.prose] extra[0]: entry 'en.x': pattern part '{part}' repeats without an upper "
            "bound an alternation whose branches can match the same start: " + WHY
            + "make the branches start differently ('ab?' for 'a|ab') or bound the repetition (e.g. '{0,3}')")
    with pytest.raises(ConfigError) as caught:
        build_lexicon("en", {"extra": [_entry(pattern)]})
    assert str(caught.value) == said


@pytest.mark.parametrize(("pattern", "text"), [
    (r"\bfailed to\b", "The deploy failed to start."),
    (r"(?:\w+\s+){0,3}blamed", "The review quietly blamed the rollout."),
    (r"\b(?:foo|bar)+baz\b", "The foobarbaz job ran."),
])
def test_linear_team_patterns_are_still_taken(pattern: str, text: str) -> None:
    lexicon = build_lexicon("en", {"extra": [_entry(pattern)]})
    assert any(f.entry == "en.x" for f in scan(text, lexicon=lexicon))
