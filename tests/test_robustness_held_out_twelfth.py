"""Inputs of the twelfth round that no earlier round tried, through every verb, output format,
the settings and the Python API: each ends in the finding, position and advice (or the clean
exit 2 with a message) a user relies on, never a traceback, a written file or a position
outside the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from pmkit.api import load_all

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "postmortems"
EXAMPLE = EXAMPLES / "2018-10-21-database-partition.yaml"


# --- a generous limit on the size of a file read --------------------------------------------------

@pytest.mark.parametrize("limit", [2 ** 40, 2 ** 63, 10 ** 100])
def test_load_with_a_generous_size_limit_reads_a_small_file(limit: int) -> None:
    # The limit was set aside as memory before a byte was read: a MemoryError, or past 2**63
    # "OverflowError: cannot fit 'int' into an index-sized integer".
    assert pmkit.load(EXAMPLE, max_bytes=limit).id == "2018-10-21-database-partition"
    [loaded] = load_all([EXAMPLE], max_bytes=limit)
    assert loaded.model is not None and loaded.model.id == "2018-10-21-database-partition"
    assert loaded.problems == []
