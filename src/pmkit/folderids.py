"""The ids of the postmortems in the configured folders, kept between runs of the command.

PM027 compares the ids of the files a run checks with every postmortem of the configured
folders (``paths``): a pre-commit hook's check of one file in a folder of a thousand postmortems
listed the folder and read every file on every commit, about 40-80 ms of a 200 ms run, growing
with the folder. The command keeps what it found (the memo ``folder-ids``, see
:mod:`pmkit.patterncache`): the folders it walked with their modification times, and each
file with its size, times, inode and scanned id. A later run takes them when every folder is as
it was (a file added, removed or renamed changes its folder's modification and change times,
and no tool sets a change time back) and reads again
each file whose size or times changed (a write changes the change time, which no tool sets
back): a ``stat`` a file instead of an open and a read, and no walk.

Nothing here is load-bearing: anything that does not match is found and read as without the
memo; a folder or file changed in the last two seconds (a write within one tick of the file
system's clock would leave its times as they were) is not taken from it.
"""

from __future__ import annotations

import os
import stat
import time
from typing import Any

#: A folder or file changed this recently is read anew on the next run, not taken from the memo.
SETTLED_NS = 2_000_000_000

#: One file as kept: absolute name, size, modification and change times (ns), inode, device,
#: and the scanned id and its line ("" and 0: none).
Kept = tuple[str, int, int, int, int, int, str, int]
#: A file's stamp: absolute name, size, modification and change times (ns), inode, device.
Stamp = tuple[str, int, int, int, int, int]
_STAMP_TYPES = (str, int, int, int, int, int)


def folder_ids(folders: list[str], files_of: Any, scan: Any, kind: str) -> list[tuple[str, str, int]]:
    """``(file, id, line)`` of each postmortem of ``folders`` (absolute) that has an id:
    ``files_of(folders)`` lists the files (absolute names) as the run would, ``scan(path)`` gives a
    file's ``(id, line)`` or None; ``kind`` names what the scan depends on (its limit, pmkit's
    version). Taken from the command's memo where nothing changed (see the module)."""
    from pmkit.patterncache import memo

    kept = memo("folder-ids")
    key = ("\0".join(folders), kind)
    if kept is not None:
        found = _from_memo(kept.get(key), scan)
        if found is not None:
            return found
    now = time.time_ns()
    walked = _walked(folders) if kept is not None else None
    entries = [_entry(path, scan) for path in files_of(folders)]
    if kept is not None and walked is not None:
        folders_seen, markdown = walked
        if all(max(mtime, ctime) < now - SETTLED_NS for _, mtime, ctime in folders_seen) \
                and all(m[4] for m in markdown):
            kept.put(key, (tuple(folders_seen), tuple(entries), tuple(markdown)))
    return [(entry[0], entry[6], entry[7]) for entry in entries if entry[6]]


def _from_memo(value: Any, scan: Any) -> list[tuple[str, str, int]] | None:
    """The ids from a memo's ``value`` if every folder in it is as it was kept (files whose stat
    changed are scanned again); None where it is no such value or a folder changed."""
    from pmkit.patterncache import shaped

    if not shaped(value, (tuple, tuple, tuple)):
        return None
    folders, entries, markdown = value
    # A Markdown file is a postmortem or not by its text (front matter, section headings): one
    # that changed may have become one, or stopped being one, in a folder that did not change.
    for watched in markdown:
        if not shaped(watched, _STAMP_TYPES) or _stamp(watched[0]) != watched:
            return None
    for folder in folders:
        if not shaped(folder, (str, int, int)):
            return None
        try:
            info = os.stat(folder[0])
            if (info.st_mtime_ns, info.st_ctime_ns) != folder[1:]:
                return None
        except (OSError, ValueError, TypeError):
            return None
    out: list[tuple[str, str, int]] = []
    kept_types = (*_STAMP_TYPES, str, int)
    settled = time.time_ns() - SETTLED_NS  # (once: a folder's thousand files are stamped here)
    for entry in entries:
        if not shaped(entry, kept_types):
            return None
        stamp = _stamp(entry[0], settled)
        # (a stamp of zeros, the file unreadable or changed too recently, is never trusted)
        kept_entry = entry if stamp[4] and stamp == entry[:6] else _entry(entry[0], scan)
        if kept_entry[6]:
            out.append((entry[0], kept_entry[6], kept_entry[7]))
    return out


def _entry(path: str, scan: Any) -> Kept:
    """``path`` as kept: its stamp (:func:`_stamp`), taken before it is scanned (a write between
    the two leaves a stamp that no longer matches), and its scanned id and line ("" and 0: none)."""
    stamp = _stamp(path)
    ident, line = scan(path) or ("", 0)
    return (*stamp, ident, line)


def _stamp(path: str, settled: int | None = None) -> Stamp:
    """``path`` with its size, times, inode and device; zeros where it is no regular file, cannot
    be read or changed in the last two seconds, or since ``settled`` (ns) when given (never taken
    as equal to a stamp kept)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return (path, 0, 0, 0, 0, 0)
    recent = max(info.st_mtime_ns, info.st_ctime_ns) >= (
        time.time_ns() - SETTLED_NS if settled is None else settled)
    if recent or not stat.S_ISREG(info.st_mode):
        return (path, 0, 0, 0, 0, 0)
    return (path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _walked(folders: list[str]) -> tuple[list[tuple[str, int, int]], list[Stamp]] | None:
    """Each folder a walk of ``folders`` enters (as :func:`pmkit.discovery.discover` walks
    them, hidden and skipped folders left out) with its modification and change times, and
    each Markdown file in them with its stamp (:func:`_stamp`); None when a folder cannot be
    read. The change time too: a folder's modification time set back (``touch -r``, a copy
    that keeps times: ``cp -a``, ``rsync -a``, ``tar``) hid the files added to it, whose ids
    were then not compared; no tool sets a change time back."""
    from pmkit.discovery import _SKIP_DIRS
    from pmkit.loader import MARKDOWN_SUFFIXES

    seen: list[tuple[str, int, int]] = []
    markdown: list[Stamp] = []
    failed: list[OSError] = []
    for folder in folders:
        for root, dirs, files in os.walk(folder, onerror=failed.append):
            dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")]
            try:
                info = os.stat(root)
                seen.append((root, info.st_mtime_ns, info.st_ctime_ns))
            except OSError:
                return None
            markdown.extend(_stamp(os.path.join(root, name)) for name in files
                            if os.path.splitext(name)[1].lower() in MARKDOWN_SUFFIXES)
    return None if failed else (seen, markdown)
