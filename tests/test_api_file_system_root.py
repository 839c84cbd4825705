"""``pmkit.check("/")`` refuses the root of the file system as ``pmkit check /`` does, with a
ValueError in the command's words: it walked every folder of the machine for minutes."""

from __future__ import annotations

import pytest

import pmkit

ROOT = ("is the root of the file system, which pmkit does not search for postmortems: name the folder of "
        "postmortems instead (e.g. 'postmortems')")


@pytest.mark.parametrize("root", ["/", "/.."])
def test_the_api_refuses_the_root_of_the_file_system(root: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMKIT_NO_CACHE", "1")
    with pytest.raises(ValueError) as raised:
        pmkit.check(root)
    assert str(raised.value) == f"{root}: {ROOT}"
