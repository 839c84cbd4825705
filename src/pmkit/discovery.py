"""Which files a run checks: folders expanded into postmortem files."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pmkit.loader import MARKDOWN_SUFFIXES, wide_encoding

POSTMORTEM_SUFFIXES = frozenset({".yaml", ".yml", *MARKDOWN_SUFFIXES})
#: A Markdown file without front matter is a postmortem written without its fields (which
#: the loader reports, PM007) when this many of its headings name postmortem sections
#: ("## Summary", "## Timeline", "## Action items"); a README beside the postmortems has fewer.
POSTMORTEM_HEADINGS = 2
#: How much of such a file is read for its headings.
_HEADINGS_READ = 256 * 1024
_HEADING_LINE = re.compile(rb"^ {0,3}#{1,3}[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_FENCE_LINE = re.compile(rb"^ {0,3}(?:```|~~~)", re.MULTILINE)

_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"})


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be checked at all (said instead of a traceback), or None."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return _missing(os.fspath(path))
    except OSError as exc:  # a name too long, a symlink loop, no permission on a parent
        return (exc.strerror or str(exc)).lower()
    except ValueError:
        return "the path contains a NUL character"
    return None


def _missing(path: str | bytes) -> str:
    """What a name that names nothing may be instead: a link whose target is gone, or a
    wildcard pattern that reached pmkit unexpanded (quoted, or from a tool that passes
    arguments without a shell), which a plain "no such file" leaves a puzzle."""
    if os.path.islink(path):
        return "a symbolic link to a missing file"
    if isinstance(path, str) and any(c in path for c in "*?["):
        import glob

        if glob.glob(path, recursive=True):
            return ("no such file or folder; it is a pattern, which pmkit does not expand: leave it "
                    "unquoted for the shell to expand, or pass the folder")
    return "no such file or folder"


def is_folder(path: str | os.PathLike[str]) -> bool:
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False


def discover(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[str]:
    """Expand folders into postmortem files (sorted); files given by name are kept as given.

    Inside folders, only ``.yaml``/``.yml`` files and Markdown files that start with front
    matter, or whose headings name two or more postmortem sections, count: a README next to
    the postmortems is not one; hidden files and folders do not count.
    One path may be given alone, and names as bytes, as :func:`pmkit.check` takes them.
    """
    # One name is one path, not a sequence of one-letter names: "/srv/pm" was "/", "s", ...,
    # and the walk of "/" went through the whole file system.
    named = [paths] if isinstance(paths, (str, bytes, os.PathLike)) else paths
    found: list[str] = []
    for given in map(os.fsdecode, named):
        path = Path(given)
        # "" is no name at all, not the current folder (Path("") is "."): read as a file, it
        # is the finding that says so, as on the command line.
        if not given or not is_folder(path):
            found.append(given)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    # Hidden, as the hidden folders above: an editor's lock (Emacs keeps
                    # ".#pm.yaml", a symlink to nothing, while the file is open) or backup.
                    continue
                candidate = Path(root) / name
                suffix = candidate.suffix.lower()
                if suffix not in POSTMORTEM_SUFFIXES:
                    continue
                if (suffix in MARKDOWN_SUFFIXES and not _has_front_matter(candidate)
                        and not _reads_like_postmortem(candidate)):
                    continue
                found.append(str(candidate))
    # One file named twice ("pm/a.yaml ./pm/a.yaml", a folder and a file in it, a symlink or a
    # hard link beside its target) is checked and counted once, under the first name given:
    # otherwise stats and due would count one incident twice.
    unique: dict[object, str] = {}
    for name in found:
        unique.setdefault(_identity(name), name)
    return list(unique.values())


def _identity(name: str) -> object:
    """What makes two names one file: its device and inode, or (if it cannot be read, which the
    loader then reports) its absolute name."""
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return os.path.normcase(os.path.abspath(name))
    return (info.st_dev, info.st_ino)


def _has_front_matter(path: Path) -> bool:
    """Whether the file opens with front matter, as the loader reads it (a UTF-8 byte order mark
    before it and blanks after it are allowed), or would but for blank lines before it.

    Anything but a regular file (a named pipe, a device) is not opened, which could block for
    ever, but kept: the loader reports it as not a regular file, as it does for ``.yaml``.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return True
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    wide = wide_encoding(head)
    if wide:  # kept: the loader then says it is not UTF-8, rather than nothing being said
        head = head.decode(wide.lower(), "ignore").encode("utf-8")  # the mark tells the byte order
    # Blank lines before the '---' too: the loader then says front matter must open the file,
    # rather than the file being passed over without a word.
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return re.split(rb"[\r\n]", first, maxsplit=1)[0].rstrip() == b"---"


def _reads_like_postmortem(path: Path) -> bool:
    """Whether a Markdown file without front matter has the sections of a postmortem (two or
    more headings outside code blocks named as pmkit's sections), so that a folder check
    reports its missing fields instead of passing it over in silence."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADINGS_READ)
    except OSError:
        return False
    from pmkit.markdown import normalise

    known = _section_names()
    named: set[str] = set()
    fenced = False
    for line in head.splitlines():
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and (heading := _HEADING_LINE.match(line)):
            title = normalise(heading.group(1).decode("utf-8", "replace").rstrip("#").rstrip())
            if title in known:
                named.add(title)
                if len(named) >= POSTMORTEM_HEADINGS:
                    return True
    return False


@lru_cache(maxsize=1)
def _section_names() -> frozenset[str]:
    """Every heading pmkit reads as a postmortem section (normalised), in both languages."""
    from pmkit.markdown import (
        FRONT_MATTER_SECTIONS,
        LESSON_GROUPS,
        LESSON_LISTS,
        SECTION_ALIASES,
        SECTION_FIELDS,
    )

    return frozenset([*SECTION_FIELDS, *SECTION_ALIASES, *FRONT_MATTER_SECTIONS, *LESSON_LISTS,
                      *LESSON_GROUPS])
