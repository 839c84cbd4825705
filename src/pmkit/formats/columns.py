"""Columns in UTF-16 code units, as GitHub reads them (code scanning's SARIF regions and the
workflow commands' ``col``/``endColumn``): pmkit's own columns count code points, so a column
after an astral character (an emoji, a rare CJK ideograph) is one more, per such character,
read from the file's line. Accents, CJK text and combining marks are one unit in both counts.
Also where a finding ends, as both read it (:func:`last_line`)."""

from __future__ import annotations

import re

from pmkit.diagnostics import Diagnostic
from pmkit.formats.paths import is_pseudo

#: Files of findings are read again for their lines only up to this size (larger ones are
#: reported in code points, as the other formats report them).
MAX_REREAD = 64 * 1024 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the loader counts lines
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_LEAD = re.compile(b"[\xf0-\xf4]")  # the first byte of an astral character in UTF-8


def last_line(diag: Diagnostic) -> int:
    """The last line a finding covers (inclusive: workflow commands' ``endLine``, SARIF's line of
    the region's last character). A finding ends just before its end position: one that ends at
    column 1 (a block of text up to its final line break, a whole document) has nothing on that
    line, which may be the next field's or lie past the file's end."""
    end = diag.end_line or diag.line
    if end > diag.line and diag.end_col == 1:
        end -= 1
    return max(end, diag.line)


class Utf16Columns:
    """The lines of the files findings are in, read once each, for UTF-16 columns."""

    def __init__(self) -> None:
        self.files: dict[str, list[str] | None] = {}

    def utf16(self, path: str, line: int, col: int) -> int:
        """Column ``col`` (in code points) of ``line`` of ``path``, in UTF-16 code units."""
        if col <= 1:
            return col
        if path not in self.files:
            self.files[path] = self._read(path)
        lines = self.files[path]
        if lines is None or not 1 <= line <= len(lines):
            return col
        return col + len(_ASTRAL.findall(lines[line - 1], 0, col - 1))

    @staticmethod
    def _read(path: str) -> list[str] | None:
        from pmkit.fsutil import regular_bytes

        if is_pseudo(path):
            return None  # ("<stdin>", "<string>": the text is gone)
        raw = regular_bytes(path, MAX_REREAD + 1)
        if raw is None or len(raw) > MAX_REREAD:
            return None
        if not _ASTRAL_LEAD.search(raw):
            return None  # (no astral character: every column is the same in both counts)
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return _LINE_BREAK.split(text)
