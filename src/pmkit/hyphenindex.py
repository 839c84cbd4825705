"""A hyphenation dictionary's patterns kept in the cache folder, grouped by their first letters.

A German summary's words are hyphenated with only the patterns that lie inside them
(:meth:`pmkit.syllables.DeferredHyphenator.prime`), but finding those meant reading all 78,000
lines of pyphen's German dictionary: about 20 ms of every run whose summary's score was not kept,
which is a hook's run after the summary was edited. The command therefore keeps the patterns,
grouped by their first :data:`PREFIX` letters, in a file of its cache folder
(``hyph_de_DE.bin`` beside the compiled patterns of :mod:`pmkit.patterncache`): a text's words
read only the groups their pieces begin with, some 2,000 lines instead of 78,000 (about 3 ms).

The file names what it was made from (the dictionary's place, size and time, pmkit's version
and the code that reads the lines: :func:`pmkit.patterncache.identity`). It is read only when
this user alone can have written it, when it is whole (its lengths and checksum hold) and when
it is for that very dictionary; otherwise the dictionary is read, and the file written anew.
Only the command keeps it (a program that uses the library reads the dictionary), and nothing
depends on it: the lines it gives are the ones the dictionary gives, those of the same letters
in the dictionary's order.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from bisect import bisect_left
from pathlib import Path

#: The first line of the file; another means another format, which is not read.
_MAGIC = b"pmkit-hyphenation-1\n"
#: How many first letters of a pattern's letters name its group. Four keeps a German summary's
#: groups to about 2,000 lines; with three they were 13,000, with five the index itself grew.
PREFIX = 4
#: The largest file read back (the German dictionary's is about 1.2 MB).
MAX_BYTES = 32 * 1024 * 1024
#: The numbers of the file's index: unsigned, of at least 32 bits.
_NUMBER = "I" if array("I").itemsize >= 4 else "L"


def _place(dictionary: Path) -> Path | None:
    from pmkit.patterncache import kept_path

    return kept_path(f"{dictionary.stem}.bin")


def _identity(dictionary: Path) -> bytes:
    """What the file was made from: the dictionary, the code that reads its lines, and how this
    machine writes the index's numbers."""
    from pmkit import syllables
    from pmkit.patterncache import identity

    made_from = identity([dictionary, syllables.__file__, __file__])
    return f"{made_from} {sys.byteorder} {array(_NUMBER).itemsize}".encode()


def read(dictionary: Path, pieces: set[str]) -> list[str] | None:
    """The pattern lines of ``dictionary`` in the groups that ``pieces`` (pieces of words) begin
    with, in the dictionary's order among lines of the same letters: every line whose letters
    are among ``pieces``, and others of the same groups, which the caller leaves out as it
    leaves out the dictionary's other lines. None when no usable file is kept."""
    place = _place(dictionary)
    if place is None:
        return None
    from pmkit.fsutil import read_regular
    from pmkit.patterncache import only_ours

    try:
        raw = read_regular(place, MAX_BYTES, whole=True)
    except (OSError, ValueError):
        return None
    if not raw.startswith(_MAGIC) or not only_ours(place):
        return None
    try:
        return _lines_read(raw, _identity(dictionary), {piece[:PREFIX] for piece in pieces})
    except (ValueError, UnicodeDecodeError):
        return None  # (damaged, or not what pmkit writes: the dictionary is read)


def _lines_read(raw: bytes, identity: bytes, groups: set[str]) -> list[str] | None:
    """The lines of ``groups`` kept in the file ``raw``; None when it is not for ``identity``."""
    # The file: the mark; the identity; the index's CRC-32, its number of groups and its length
    # (hexadecimal); the index (the groups' names, each group's offset and CRC-32); the groups.
    first = len(_MAGIC)
    second = raw.index(b"\n", first)
    third = raw.index(b"\n", second + 1)
    if raw[first:second] != identity:
        return None
    crc, count, size = (int(word, 16) for word in raw[second + 1:third].split())
    view = memoryview(raw)
    head = view[third + 1:third + 1 + size]
    if len(head) != size or zlib.crc32(head) != crc:
        return None
    offsets, crcs = array(_NUMBER), array(_NUMBER)
    width = offsets.itemsize
    offsets.frombytes(head[size - width * (2 * count + 1):size - width * count])
    crcs.frombytes(head[size - width * count:])
    names = bytes(head[:size - width * (2 * count + 1)]).decode("utf-8").split("\n") if count else []
    if len(names) != count:
        return None
    body = view[third + 1 + size:]
    lines: list[str] = []
    for group in groups:
        at = bisect_left(names, group)
        if at == count or names[at] != group:
            continue
        chunk = body[offsets[at]:offsets[at + 1]]
        if len(chunk) != offsets[at + 1] - offsets[at] or zlib.crc32(chunk) != crcs[at]:
            return None
        lines += bytes(chunk).decode("utf-8").split("\n")
    return lines


def keep(dictionary: Path, lines: list[str], letters: list[str]) -> None:
    """Keep the pattern ``lines`` of ``dictionary`` (all of them, in its order), grouped by the
    first letters of their ``letters``, for the next run; nothing when the cache is off or
    cannot be written."""
    place = _place(dictionary)
    if place is None or len(lines) != len(letters) or any("\n" in line for line in lines):
        return
    groups: dict[str, list[str]] = {}
    for key, line in zip(letters, lines, strict=True):
        groups.setdefault(key[:PREFIX], []).append(line)
    names = sorted(groups)
    offsets, crcs = array(_NUMBER, [0]), array(_NUMBER)
    chunks = []
    for name in names:
        chunk = "\n".join(groups[name]).encode("utf-8", "surrogatepass")
        chunks.append(chunk)
        offsets.append(offsets[-1] + len(chunk))
        crcs.append(zlib.crc32(chunk))
    head = "\n".join(names).encode("utf-8", "surrogatepass") + offsets.tobytes() + crcs.tobytes()
    from pmkit.patterncache import write_private

    write_private(place, b"".join((_MAGIC, _identity(dictionary), b"\n%08x %x %x\n" % (
        zlib.crc32(head), len(names), len(head)), head, *chunks)))
