"""What pmkit writes for people: never a terminal or CI command.

Messages quote what the user gave (file names, settings, arguments). Control characters are
written as escapes, so a name holding a line break cannot start a line of its own (a line that
starts with ``::`` is a GitHub workflow command) or drive the terminal; a message holding the
runner's old ``##[`` syntax is wrapped in stop-commands markers.
"""

from __future__ import annotations

import sys


def complain(message: str) -> None:
    """Print ``message`` on stderr, made safe to show (see the module's docstring)."""
    from pmkit.formats.github import without_commands
    from pmkit.formats.text import visible

    print(without_commands(visible(message) + "\n"), file=sys.stderr, end="")


def emit(text: str) -> None:
    """Write a report for people (whole lines) on stdout. Its lines quote authors' text and
    file names: if one could read as a workflow command (starts with "::", holds "##["), the
    report goes between stop-commands markers."""
    from pmkit.formats.github import without_commands

    sys.stdout.write(without_commands(text))
