"""The lean read of a regular file that scans of many files use (pmkit.fsutil.regular_bytes):
the file's bytes up to a limit, and None, without waiting or failing, for anything that is not
a regular file that can be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmkit.fsutil import read_regular, regular_bytes


def test_a_regular_file_is_read_up_to_the_limit(tmp_path: Path) -> None:
    small = tmp_path / "pm.yaml"
    small.write_bytes(b"id: x\r\n" * 1000)
    assert regular_bytes(small, 10**9) == small.read_bytes() == read_regular(small, 10**9)
    assert regular_bytes(str(small), 7) == b"id: x\r\n"
    assert regular_bytes(small, 0) == b""
    assert regular_bytes(str(small), 7001) == small.read_bytes()


def test_a_huge_file_is_read_only_as_far_as_the_limit(tmp_path: Path) -> None:
    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as stream:
        stream.truncate(10 * 1024 ** 3)  # (sparse: no room for it is set aside either)
    assert regular_bytes(huge, 5) == b"\x00" * 5


@pytest.mark.parametrize("kind", ["folder", "missing", "nul", "fifo", "link to nothing"])
def test_anything_but_a_readable_regular_file_is_none(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "thing"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(path)  # (opened to read, a pipe waits for a writer: never here)
    elif kind == "link to nothing":
        path.symlink_to(tmp_path / "gone")
    name = f"{path}\0x" if kind == "nul" else str(path)
    assert regular_bytes(name, 100) is None
