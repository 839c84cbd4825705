"""The ``pmkit`` command's entry point.

Ctrl-C while pmkit is still loading its modules ends it as it does later, quietly with exit
code 130, instead of with Python's traceback of whatever import it interrupted.
"""

from __future__ import annotations


def run() -> int:
    try:
        # First, so that the patterns compiled while the modules load come from the cache too.
        from pmkit import patterncache

        patterncache.install()
        from pmkit import workers

        workers.COMMAND = True
        from pmkit.cli import main

        return main()
    except KeyboardInterrupt:
        return 130
