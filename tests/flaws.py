"""Fixtures mark each planted flaw with a trailing comment ``# flaw: PM207 PM208`` on its line."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pmkit.diagnostics import Diagnostic

_MARK = re.compile(r"#\s*flaw:\s*((?:PM\d{3}\s*)+)$")


def planted(path: Path) -> Counter[tuple[str, int]]:
    """``{(code, line): count}`` of the flaws marked in a fixture file."""
    found: Counter[tuple[str, int]] = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _MARK.search(line)
        if match:
            for code in match.group(1).split():
                found[(code, number)] += 1
    return found


def reported(diagnostics: list[Diagnostic]) -> Counter[tuple[str, int]]:
    return Counter((d.code, d.line) for d in diagnostics)
