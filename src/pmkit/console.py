"""What pmkit says on stderr: one line a message, never a terminal or CI command.

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
