"""Hostile and awkward inputs through every verb and the API, a third round: each ends in the
finding, position and advice (or the clean exit 2 with a message) a user relies on, never a
traceback, a written file or a message where the documentation promises none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _pmkit(argv: list[str], cwd: Path, stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmkit", *argv], cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120, check=False)


# --- 'pmkit new -o -' when standard output fails -------------------------------------------------


def test_a_draft_to_a_pipe_whose_reader_left_says_nothing(tmp_path: Path) -> None:
    # "pmkit new: cannot write /dev/stdout: Broken pipe", where 'check -o -' and 'render -o -'
    # say nothing when the reader left (docs/output.md: "said by nothing").
    read, write = os.pipe()
    os.close(read)
    try:
        done = _pmkit(["new", "--now", "2026-03-02", "-o", "-", "Cache outage"], tmp_path, write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (2, "")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_draft_to_a_full_standard_output_is_named_as_given(tmp_path: Path) -> None:
    # "pmkit new: cannot write /dev/stdout: ...", a name the user never gave ('-').
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = _pmkit(["new", "--now", "2026-03-02", "-o", "-", "Cache outage"], tmp_path, full.fileno())
    assert (done.returncode, done.stderr) == (
        2, "pmkit new: cannot write to standard output: No space left on device\n")
    assert list(tmp_path.iterdir()) == []
