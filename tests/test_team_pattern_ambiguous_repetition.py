"""A team's own pattern is refused when a repetition may split a text in many ways, however it is
written: with a large upper bound (``(?:\\w+\\s?){1,30}`` hung on 30 characters), with an inner
repetition that has a bound (``a{1,10}``), with branches that overlap as sets of characters
(``.|\\w``), or as many repetitions in a row of the same characters. A repetition whose parts are
separated by something the inner part cannot match (``(?:\\w+-)+``) is linear and taken."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pmkit.config import ConfigError
from pmkit.prose.lexicon import build_lexicon

SRC = Path(__file__).parents[1] / "src"
PREFIX = "[tool.pmkit.prose] extra[0]: entry 'en.x': pattern part "
POWER = ("the time a match may take grows with a high power of the length of the text, so a check or "
         "hook would hang; ")
EXPONENTIAL = ("the time a match may take grows exponentially with the length of the text, so a check or "
               "hook would hang; ")
REPEAT_ONCE = ("repeat once ('a+' for '(a+)+') or bound the outer repetition ('(?:\\w+\\s+){0,3}' for "
               "'(\\w+\\s?)*')")
BRANCHES = "make the branches start differently ('ab?' for 'a|ab') or bound the repetition (e.g. '{0,3}')"

#: Accepted before, and a check then took 4 to 18 s, or hung, on a text of 30 characters.
SLOW = [
    r"\bby(?:.|\w)+!", r"\bby (?:\w+\s?){1,30}!", r"\b(?:\w+\s?){1,30}is to blame\b", r"x(?:.|\s)+y",
    r"x(?:a{1,10})+y", r"x(?:\w{1,30})+y", r"x(?:a+){2,40}y", r"x(?:a?){29}a{29}", "x" + r"\w*" * 10 + "y",
]

#: Refused before, although a mandatory part the inner repetition cannot match separates the
#: repetitions, which keeps them linear.
LINEAR = [
    r"\b(?:\w+-)+\w+\b", r"\b(?:\d+,)*\d+\b", r"(?:[A-Z]+-)+\d+", r"\b(?:\w+\s+){2,}to blame\b",
    r"#\d+(?:,\s*#\d+)*", r"\b(?:very|really)(?:\s+(?:very|really))*\s+bad\b",
    r"\b(?:a|an|the)\s+(?:\w+\s+)*mistake\b", r"\bblam(?:e|ed|es|ing)\b(?:\s+(?:on|onto))+",
    r"(?:\s+(?:a|an))+\s+idiot", r"\b(?:[^.,\s]+\s+)*fault\b",
    r"\b(?:should|could)\s+(?:have|'ve)\s+(?:\w+\s+)*known\b", r"(?:\w+ )+fault", r"\bv\d+(?:\.\d+)+\b",
    r"\b(?:[\w.]+@)+example\.com\b",
]

#: Texts that almost match the patterns above: 30 characters of a repeated unit, then one that fails.
CRAFTED = [(unit * 30)[:30] + end for unit in ("a", "a-", "1,", " ", "very ", "an ", "a ", ".1", "v1.", "a@",
                                                "#1, ", "A-", "on ") for end in ("!", "\u00e9")]


def _entry(pattern: str) -> dict[str, str]:
    return {"id": "en.x", "category": "judgement", "pattern": pattern, "explanation": "e", "reframe": "r"}


def _refusal(pattern: str) -> str:
    with pytest.raises(ConfigError) as caught:
        build_lexicon("en", {"extra": [_entry(pattern)]})
    return str(caught.value)


@pytest.mark.parametrize("pattern", SLOW)
def test_a_pattern_that_took_seconds_on_a_short_text_is_refused(pattern: str) -> None:
    assert _refusal(pattern).startswith(PREFIX)


@pytest.mark.parametrize("pattern", LINEAR)
def test_a_repetition_whose_parts_a_separator_keeps_apart_is_taken(pattern: str) -> None:
    lexicon = build_lexicon("en", {"extra": [_entry(pattern)]})
    assert any(entry.id == "en.x" for entry in lexicon.entries)


@pytest.mark.parametrize("pattern", LINEAR)
def test_a_taken_pattern_runs_through_texts_that_almost_match_it(pattern: str) -> None:
    # (Not timed: a pattern that backtracked exponentially would make this test hang visibly.)
    compiled = re.compile(pattern, re.IGNORECASE)
    found = [compiled.search(text) for text in CRAFTED]
    assert len(found) == len(CRAFTED)


@pytest.mark.parametrize(("pattern", "said"), [
    (r"\bby (?:\w+\s?){1,30}!", "'(?:\\w+\\s?){1,30}' repeats up to 30 times something that itself repeats "
                                "without an upper bound: " + POWER + REPEAT_ONCE),
    (r"x(?:a{1,10})+y", "'(?:a{1,10})+' repeats without an upper bound something that itself repeats more "
                        "than once: " + EXPONENTIAL + REPEAT_ONCE),
    (r"x(?:a?){29}a{29}", "'(?:a?){29}' repeats up to 29 times something optional that what follows it can "
                          "also start with: " + POWER + REPEAT_ONCE),
    (r"\bby(?:.|\w)+!", "'(?:.|\\w)+' repeats without an upper bound an alternation whose branches can match "
                        "the same start: " + EXPONENTIAL + BRANCHES),
    ("x" + r"\w*" * 10 + "y", "'x" + r"\w*" * 10 + "y' has more than 3 repetitions in a row that can take "
     "the same characters: " + POWER + "make them one ('\\w*' for '\\w*\\w*') or separate them by something "
     "they cannot match ('\\w+\\s+\\w+')"),
])
def test_the_refusal_names_the_part_and_how_often_it_repeats(pattern: str, said: str) -> None:
    assert _refusal(pattern) == PREFIX + said


@pytest.mark.parametrize("pattern", [r"(?:\w+\s?){0,3}blamed", r"x\w*\s*\w*\s*\w*",
                                     r"\b\w+\s+\w+\s+\w+\s+\w+\b", r"\d{4}-\d{2}-\d{2}",
                                     r"x(?:[a-z]|[aeiou])+y",
                                     r"\b(?:senior|support|staff) (?:senior |support )*engineer\b"])
def test_a_small_bound_few_repetitions_in_a_row_and_branches_that_part_later_are_taken(pattern: str) -> None:
    build_lexicon("en", {"extra": [_entry(pattern)]})


def test_a_large_bound_in_the_settings_stops_the_check_before_any_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pmkit]\npaths = [\"postmortems\"]\n\n[[tool.pmkit.prose.extra]]\nid = \"en.team-by\"\n"
        "category = \"blame\"\npattern = '\\bby (?:\\w+\\s?){1,30}!'\nexplanation = \"Blame.\"\n"
        "reframe = \"Describe the system.\"\n", encoding="utf-8")
    (tmp_path / "postmortems").mkdir()
    env = {**os.environ, "PYTHONPATH": str(SRC), "PMKIT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--jobs", "1"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.endswith(
        "[tool.pmkit.prose] extra[0]: entry 'en.team-by': pattern part '(?:\\w+\\s?){1,30}' repeats up to 30 "
        "times something that itself repeats without an upper bound: " + POWER + REPEAT_ONCE + "\n")
