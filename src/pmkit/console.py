"""What pmkit writes for people: never a terminal or CI command.

Messages quote what the user gave (file names, settings, arguments). Control characters are
written as escapes, so a name holding a line break cannot start a line of its own (a line that
starts with ``::`` is a GitHub workflow command) or drive the terminal; a message holding the
runner's old ``##[`` syntax is wrapped in stop-commands markers.
"""

from __future__ import annotations

import sys

#: The standard streams that were closed when pmkit started (``>&-``) and write to nowhere.
CLOSED: set[str] = set()


def clipped(given: str, limit: int = 80) -> str:
    """What the user gave, to quote in a message: whole up to ``limit`` characters, else its
    start and how much was left out. An argument of 100,000 characters (a variable expanded by
    mistake) was quoted whole, a 100 KB line of its own."""
    if len(given) <= limit:
        return given
    return f"{given[:limit]}… ({len(given) - limit:,} more characters)"


def complain(message: str) -> None:
    """Print ``message`` on stderr, made safe to show (see the module's docstring)."""
    from pmkit.formats.github import without_commands
    from pmkit.formats.text import visible

    print(without_commands(visible(message) + "\n"), file=sys.stderr, end="")


def stdout_closed(command: str, what: str) -> bool:
    """Whether standard output was closed when pmkit started (``>&-``); if so, said as
    ``command``'s error about ``what`` (the page, the draft): written there, it goes nowhere,
    and the run must not pass as if it had been written."""
    if "stdout" not in CLOSED:
        return False
    complain(f"{command}: cannot write {what} to standard output: it is closed")
    return True


def emit(text: str) -> None:
    """Write a report for people (whole lines) on stdout. Its lines quote authors' text and
    file names: if one could read as a workflow command (starts with "::", holds "##["), the
    report goes between stop-commands markers."""
    from pmkit.formats.github import without_commands

    sys.stdout.write(without_commands(text))


def emit_data(text: str) -> None:
    """Write JSON (or SARIF) for programs on stdout. JSON is UTF-8 (RFC 8259): on a stream in
    another encoding (``PYTHONIOENCODING=ascii`` or ``cp1252``, a C locale, a Windows console)
    every character beyond ASCII is written as a JSON escape (``\\u00fc``, a surrogate pair for
    an emoji), which any reader decodes to the same text. The stream's own escapes are meant for
    people (``\\xfc`` is no JSON), and cp1252's byte for 'ü' is no UTF-8: the document did not
    parse. Such characters are all inside JSON strings, where an escape means the character."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    # On UTF-8 only lone surrogates (a file name that is not UTF-8) cannot be written.
    sys.stdout.write(json_escaped(text, "[\ud800-\udfff]" if utf8 else "[^\x00-\x7f]"))


def json_escaped(text: str, pattern: str) -> str:
    """JSON ``text`` with the characters that ``pattern`` matches written as JSON escapes."""
    import re

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code > 0xFFFF:  # JSON has only four-digit escapes: a surrogate pair
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    return re.sub(pattern, escape, text)
