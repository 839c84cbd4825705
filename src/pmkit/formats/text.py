"""``path:line:col: CODE message (name)``, one finding a line, hints indented below."""

from __future__ import annotations

import re

from pmkit.diagnostics import Diagnostic, Report, Severity

#: Characters that must not reach a terminal or a CI log as they are: line breaks (one finding
#: a line; a line that starts with "::" is a GitHub workflow command) and other control
#: characters (terminal escape sequences). Tabs are harmless and stay. Lone surrogates cannot be
#: printed at all: U+DC80-U+DCFF are the bytes of a file name that is not UTF-8 (Python's
#: surrogateescape), shown as those bytes. The bidirectional overrides and isolates (U+202A-U+202E,
#: U+2066-U+2069) are invisible and reorder the rest of the line where it is shown (a terminal,
#: GitHub's log and annotations): a quoted key could make a finding read as something else.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The same but for CR and LF, which a workflow command's property escapes itself (``%0A``).
_CONTROL_BUT_BREAKS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (a non-UTF-8 file name's bytes) written as escapes, as in
    the text report (``caf\\xe9``): they cannot be printed as they are."""
    return _SURROGATE.sub(lambda m: _escape(m.group()), text) if _SURROGATE.search(text) else text


def visible(text: str, *, breaks: bool = False) -> str:
    """``text`` with control characters written as escapes (``\\n``, ``\\x1b``), so it stays
    on one line and cannot drive the terminal; ``breaks=True`` keeps CR and LF, for text that
    is escaped further (a workflow command's property)."""
    pattern = _CONTROL_BUT_BREAKS if breaks else _CONTROL
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: _escape(m.group()), text)


#: What a word in a suggested command cannot hold as it is: control characters, lone surrogates
#: and the invisible reordering ones (as ``visible`` escapes them), and the characters YAML
#: refuses even in a comment (DEL, C1, non-characters), where ``pmkit new`` writes its command.
_UNSHOWABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def shell_word(text: str) -> str:
    """``text`` as one word of a command to copy into a POSIX shell, on one line that holds no
    control character: single-quoted as ``shlex.quote`` does, or, when ``text`` holds a
    character that cannot be shown as it is (a line break), as ``"$(printf '...')"`` with that
    character's bytes as octal escapes, which sh, dash, bash and zsh read back as the same name.
    (A line break inside single quotes is read back too, but it broke the message in two, and
    ``\\n`` inside them is a backslash and an n.) The command substitution drops line breaks at
    the end of the name: such a name cannot be written on one line for every POSIX shell."""
    import shlex

    if not _UNSHOWABLE.search(text):
        return shlex.quote(text)

    def escaped(char: str) -> str:
        if char == "%":
            return "%%"
        if char == "\\":
            return "\\\\"
        if char == "'":
            return "'\\''"
        if not _UNSHOWABLE.match(char):
            return char
        # (a lone surrogate is a byte of a name that is not UTF-8: that byte)
        raw = char.encode("utf-8", "surrogateescape" if "\udc80" <= char <= "\udcff" else "surrogatepass")
        return "".join(f"\\{byte:03o}" for byte in raw)

    return "\"$(printf '" + "".join(escaped(char) for char in text) + "')\""


#: Characters that add nothing to the cell of the character before them: variation selectors
#: (VS16 is handled on its own), conjoining Hangul vowels and finals, emoji tags.
_NO_COLUMN = re.compile("[\ufe00-\ufe0e\u1160-\u11ff\ud7b0-\ud7ff\U000e0000-\U000e0fff]")
_ZWJ, _VS16 = "\u200d", "\ufe0f"


def _skin_tone(char: str) -> bool:
    return "\U0001f3fb" <= char <= "\U0001f3ff"


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal, counted a user-perceived character (grapheme
    cluster) at a time: two for a wide character (East Asian Width W or F: CJK, most emoji),
    else one; nothing for a combining mark, a zero-width or variation character, a skin-tone
    modifier after its base, or a character joined to the one before by a zero-width joiner
    (an emoji family is one emoji, shown in two columns). VS16, or a skin tone, asks for the
    emoji of a narrow base (U+2764 HEAVY BLACK HEART), which takes two."""
    if text.isascii():
        return len(text)
    import unicodedata

    total = 0
    base = 0  # the columns of the cluster being read (0: none yet)
    joined = False
    for char in text:
        if joined or char == _ZWJ:  # (the joiner itself, and what it joins, add nothing)
            joined = char == _ZWJ
            continue
        if char == _VS16 or (_skin_tone(char) and base):
            if base == 1:  # the narrow base is shown as its emoji
                total, base = total + 1, 2
            continue
        if (_NO_COLUMN.match(char) or unicodedata.combining(char)
                or unicodedata.category(char) in ("Mn", "Me", "Cf")):
            continue
        base = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        total += base
    return total


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` with blanks after it (before it, ``right``) up to ``columns`` as shown (`width`)."""
    fill = " " * max(columns - width(text), 0)
    return fill + text if right else text + fill


def table(rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """``rows`` (the first is the header) as lines of columns two spaces apart, each padded to
    its widest cell as shown (`width`), the columns in ``right`` aligned right; a last column
    aligned left is not padded. Cells are the authors' text: control characters are written as
    escapes, and so are tabs, which a terminal widens to its next tab stop, past the padding."""
    shown = [[visible(cell).replace("\t", "\\t") for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in shown) for i in range(len(shown[0]))]

    return ["  ".join(pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)).rstrip()
            for row in shown]


def format_line(diag: Diagnostic) -> str:
    name = f" ({diag.name})" if diag.name else ""
    # A line that starts with "::" is a workflow command to a CI runner: a file named so is
    # shown as ./::name.
    path = f"./{diag.path}" if diag.path.lstrip().startswith(":") else diag.path
    return visible(f"{path}:{diag.line}:{diag.col}: {diag.code} {diag.message}{name}")


def summary(report: Report) -> str:
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        count = report.count(severity)
        if count:
            parts.append(f"{count} {severity}{'s' if count != 1 else ''}")
    checked = len(report.files)
    # (a repository-wide notice may be on a folder, which is not one of the files checked)
    files = len({d.path for d in report.diagnostics} & set(report.files))
    return f"Found {', '.join(parts)} in {files} of {checked} file{'s' if checked != 1 else ''}."


def format_text(report: Report, *, hints: bool = True) -> str:
    lines: list[str] = []
    for diag in report.sorted():
        lines.append(format_line(diag))
        if hints and diag.hint:
            lines.append(f"    hint: {visible(diag.hint)}")
    if report.diagnostics:
        lines.append("")
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")
