"""A text checked under a name with a NUL character, which no file's name has, is refused with
a ValueError by a Checker's check_text as by pmkit.check_text: the Checker took the name as
given, read the format from the suffix after the NUL, and reported findings in a file of that
name."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit

TEXT = "pmkit: 1\nid: 2026-11-02-api\ntitle: API errors\nstatus: draft\nlang: en\nseverity: SEV3\n"
NAME = "x.yaml\x00.md"
MESSAGE = "'x.yaml\\x00.md': the path contains a NUL character"


@pytest.mark.parametrize("name", [NAME, Path(NAME)], ids=["str", "PathLike"])
def test_a_checker_refuses_a_name_with_a_nul_character(name: str | Path) -> None:
    with pytest.raises(ValueError) as raised:
        pmkit.Checker().check_text(TEXT, name)
    assert str(raised.value) == MESSAGE


def test_a_checker_with_settings_refuses_it_too() -> None:
    with pytest.raises(ValueError) as raised:
        pmkit.Checker(pmkit.Config(select=["PM101"])).check_text(TEXT, NAME)
    assert str(raised.value) == MESSAGE


def test_the_module_function_and_the_checker_say_the_same() -> None:
    said = []
    for call in (lambda: pmkit.check_text(TEXT, NAME), lambda: pmkit.Checker().check_text(TEXT, NAME)):
        with pytest.raises(ValueError) as raised:
            call()
        said.append(str(raised.value))
    assert said == [MESSAGE, MESSAGE]


def test_a_checker_still_checks_a_text_under_an_ordinary_name() -> None:
    checker = pmkit.Checker(pmkit.Config(select=["PM101"]))
    assert [d.code for d in checker.check_text(TEXT, "x.yaml")] == ["PM101"]
