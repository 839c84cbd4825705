"""The ids of the postmortems in the configured folders, kept between runs of the command.

PM027 compares the ids of the files a run checks with every postmortem of the configured
folders (``paths``): a pre-commit hook's check of one file in a folder of a thousand postmortems
listed the folder and read every file on every commit, about 40-80 ms of a 200 ms run, growing
with the folder. The command keeps what it found (the memo ``folder-ids``, see
:mod:`pmkit.patterncache`): the folders it walked with their modification times, each file
with its size, times, inode and scanned id, and each Markdown file's stamp. A later run takes
them when every folder is as it was (a file added, removed or renamed changes its folder's
modification and change times, and no tool sets a change time back) and reads again each file
whose size or times changed (a write changes the change time, which no tool sets back): a
``stat`` a file instead of an open and a read, and no walk. A Markdown file that changed is
found again to be a postmortem or not (front matter, section headings), as a walk finds it, and
its entry is added, dropped or brought up to date in the walk's order; the rest is kept.

Nothing here is load-bearing: anything that does not match, or whose place cannot be told (a
file with two names), is found and read as without the memo. A folder changed in the last two
seconds is not kept; a file changed in them (a write within one tick of the file system's clock
would leave its times as they were) is kept with a stamp of zeros, which is never trusted: it is
read again on each run until it is older.
"""

from __future__ import annotations

import itertools
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
    ``files_of(folders)`` lists the files (absolute names) as :func:`pmkit.discovery.discover`
    does, ``scan(path)`` gives a file's ``(id, line)`` or None; ``kind`` names what the scan
    depends on (its limit, pmkit's version). Taken from the command's memo where nothing changed
    (see the module)."""
    from pmkit.patterncache import memo

    kept = memo("folder-ids")
    key = ("\0".join(folders), kind)
    if kept is not None:
        value = kept.get(key)
        updated = _from_memo(value, folders, scan)
        if updated is not None:
            if updated != value:
                kept.put(key, updated)
            return _found(updated[1])
    now = time.time_ns()
    walked = _walked(folders) if kept is not None else None
    entries = [_entry(path, scan) for path in files_of(folders)]
    if kept is not None and walked is not None:
        folders_seen, markdown = walked
        # A file added within one tick of the folder's clock would leave its times as they were;
        # a file changed that recently is kept with a stamp of zeros, which is read again.
        if all(max(mtime, ctime) < now - SETTLED_NS for _, mtime, ctime in folders_seen):
            kept.put(key, (tuple(folders_seen), tuple(entries), tuple(markdown)))
    return _found(entries)


def _found(entries: Any) -> list[tuple[str, str, int]]:
    """``(file, id, line)`` of the kept ``entries`` that have an id."""
    return [(entry[0], entry[6], entry[7]) for entry in entries if entry[6]]


def _from_memo(value: Any, folders: list[str], scan: Any) -> tuple[Any, Any, Any] | None:
    """A memo's ``value`` brought up to date, if every folder in it is as it was kept: each file
    whose stamp changed is read again, and each Markdown file that changed is found again to be a
    postmortem or not, as :func:`pmkit.discovery.discover` finds it; None where it is no such
    value, a folder changed, or a change cannot be placed as a walk of the folders places it."""
    from pmkit.patterncache import shaped

    if not shaped(value, (tuple, tuple, tuple)):
        return None
    walked, entries, markdown = value
    if not all(shaped(folder, (str, int, int)) for folder in walked) \
            or not all(shaped(entry, (*_STAMP_TYPES, str, int)) for entry in entries) \
            or not all(shaped(watched, _STAMP_TYPES) for watched in markdown):
        return None
    for folder in walked:
        try:
            info = os.stat(folder[0])
        except (OSError, ValueError, TypeError):
            return None
        if (info.st_mtime_ns, info.st_ctime_ns) != folder[1:]:
            return None
    settled = time.time_ns() - SETTLED_NS  # (once: a folder's thousand files are stamped here)
    listed = {entry[0] for entry in entries}
    fresh_markdown: list[Stamp] = []
    gone: set[str] = set()
    new: list[str] = []
    judged: dict[str, bool] = {}
    for watched in markdown:
        stamp = _stamp(watched[0], settled)
        fresh_markdown.append(stamp)
        # (a stamp of zeros, the file unreadable or changed too recently, is never trusted)
        if stamp[4] and stamp == watched:
            continue
        # A Markdown file is a postmortem or not by its text (front matter, section headings):
        # one that changed may have become one, or stopped being one, in a folder that did not.
        if watched[0] in judged:
            continue  # (a folder configured inside another is walked twice)
        now_one = judged[watched[0]] = _listed_markdown(watched[0])
        if now_one and watched[0] not in listed:
            new.append(watched[0])
        elif not now_one and watched[0] in listed:
            gone.add(watched[0])
    if (gone or new) and _shares_a_file(gone.union(new), entries, markdown):
        return None  # (a walk lists a file once, under its first name: found anew)
    fresh_entries = [entry if stamp[4] and stamp == entry[:6] else _entry(entry[0], scan)
                     for entry in entries if entry[0] not in gone
                     for stamp in [_stamp(entry[0], settled)]]
    if new:
        placed = _placed(fresh_entries, [_entry(path, scan) for path in new], folders)
        if placed is None:
            return None
        fresh_entries = placed
    return walked, tuple(fresh_entries), tuple(fresh_markdown)


def _listed_markdown(path: str) -> bool:
    """Whether a walk of its folder lists the Markdown file ``path`` as a postmortem (as
    :func:`pmkit.discovery.discover` does: hidden files are not)."""
    from pathlib import Path

    from pmkit.discovery import markdown_postmortem

    return not os.path.basename(path).startswith(".") and markdown_postmortem(Path(path))


def _shares_a_file(changed: set[str], entries: Any, markdown: Any) -> bool:
    """Whether a file of ``changed`` is one file with another name kept (a hard link), or cannot
    be told apart from one: a walk lists such a file once, under the name it meets first."""
    names = {entry[0] for entry in entries} | {watched[0] for watched in markdown}
    identities: dict[tuple[int, int], int] = {}
    for name in names:
        try:
            info = os.stat(name)
        except (OSError, ValueError):
            if name in changed:
                return True
            continue
        identity = (info.st_dev, info.st_ino)
        identities[identity] = identities.get(identity, 0) + 1
        if identities[identity] > 1:
            return True
    return False


def _placed(entries: list[Kept], added: list[Kept], folders: list[str]) -> list[Kept] | None:
    """``entries`` with ``added`` among them, in the order a walk of ``folders`` lists them;
    None where a name's place cannot be told, or ``entries`` are not in that order."""
    everything = [*entries, *added]
    places: list[tuple[Any, ...]] = []
    for entry in everything:
        place = _walk_place(entry[0], folders)
        if place is None:
            return None
        places.append(place)
    known = places[:len(entries)]
    if any(before >= after for before, after in itertools.pairwise(known)):
        return None
    order = sorted(range(len(everything)), key=places.__getitem__)
    return [everything[index] for index in order]


def _walk_place(path: str, folders: list[str]) -> tuple[Any, ...] | None:
    """Where a walk of ``folders`` (:func:`pmkit.discovery.discover`) lists ``path``: the first
    folder whose walk reaches it, then down its folders, each folder's files (sorted) before the
    folders in it (sorted); None when no walk reaches it."""
    from pmkit.discovery import _SKIP_DIRS

    for index, folder in enumerate(folders):
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if not path.startswith(prefix):
            continue
        *inside, name = path[len(prefix):].split(os.sep)
        if all(part and part not in _SKIP_DIRS and not part.startswith(".") for part in inside):
            return (index, *((1, part) for part in inside), (0, name))
    return None


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
    read, or holds a symbolic link to a file it may list as a postmortem: where the link leads
    can change outside the folders (a link it leads through retargeted), and two names that
    were one file, listed once, become two, or two become one, with no folder's times changed.
    The change time too: a folder's modification time set back (``touch -r``, a copy
    that keeps times: ``cp -a``, ``rsync -a``, ``tar``) hid the files added to it, whose ids
    were then not compared; no tool sets a change time back."""
    from pmkit.discovery import _SKIP_DIRS
    from pmkit.loader import MARKDOWN_SUFFIXES, POSTMORTEM_SUFFIXES

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
            # (Hidden names are no postmortems a walk lists: an editor's lock, '.#pm.yaml', is a
            # link to nowhere while the file is open.)
            if any(not name.startswith(".") and name.lower().endswith(POSTMORTEM_SUFFIXES)
                   and os.path.islink(os.path.join(root, name)) for name in files):
                return None
    return None if failed else (seen, markdown)
