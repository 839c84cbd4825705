"""Compiled regular expressions, and dataclass methods, kept between runs of the ``pmkit``
command.

Python compiles a regular expression in Python code: it parses the pattern and generates the
program that the C matcher runs. pmkit's rules use about 400 patterns (word lists in two
languages, personal data, decisions), and compiling them is about 90 ms of a 400 ms check of
one file: a fifth of a pre-commit hook's run, paid again on every commit for the same patterns.

The command therefore keeps each compiled program in a cache file (one per Python build) and
gives it straight to the C matcher the next time, as ``re`` itself does after compiling: the
same program, the same pattern object, the same matches. Only the ``pmkit`` command does this
(it owns its process, as with pydantic's plugins in ``pmkit.startup``); ``import pmkit`` leaves
``re`` alone in programs that use the library.

Python 3.11 also compiles source text as modules load: each dataclass's methods
(``__init__``, ``__repr__``, ``__eq__``...) are made from source that ``dataclasses`` writes for
them, and each annotation written as a string is compiled by ``typing`` (some 700 as pydantic's
core schema module defines its TypedDicts). That is about 1,000 compilations, some 20 ms of the
85 ms a check's child takes to import pydantic, the model and the rules, and much of it again in
the other process. The command keeps these code objects in the same file, keyed by their source
and how they were compiled, and hands the cached code to ``exec`` where those two modules would
compile the source (the same code, so the same methods and annotations). Code is only taken
from a cache file that this user owns, in a folder no one else can write to.

The command also keeps the results of pure computations in memos of their own beside the
patterns (:class:`Memo`, :func:`memo`): each summary's readability score (``scores.bin``,
:func:`pmkit.readability.score_prepared`), each text's blameless-phrasing findings
(``findings.bin``, :func:`pmkit.prose.engine.scan_text`), the bundled lexicons
(``lexicons.bin``, :func:`pmkit.prose.lexicon.default_lexicon`), the ids of the configured
folders' postmortems (``folder-ids.bin``, :mod:`pmkit.folderids`), the built-in disclosure
presets (``policies.bin``, :func:`pmkit.policies.builtin`) and the data of the files a hook
checked, the base versions of the next commit's check (``versions.bin``,
:func:`pmkit.facts.kept_data`). A hook reads the same postmortem on
commit after commit; a value is keyed by its text and by what computes it (:func:`identity`:
pmkit's version and the files' place, size and time), so an edited text, an upgrade or a
team's own lexicon computes it anew.

Nothing here is load-bearing. A cache that is missing, unreadable, from another Python,
damaged or refused by the matcher is ignored, and the pattern is compiled as usual; a cache
that cannot be written (a read-only home, a full disk) is not written. The cache lives in the
user's cache folder (``$XDG_CACHE_HOME/pmkit``, ``~/.cache/pmkit``; ``~/Library/Caches/pmkit``
on macOS, ``%LOCALAPPDATA%\\pmkit\\Cache`` on Windows), never in the checked repository;
``PMKIT_CACHE_DIR`` names another folder, and ``PMKIT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations
import __future__

import atexit
import builtins
import contextlib
import marshal
import os
import re
import sys
import zlib
from array import array
from collections.abc import Iterable
from pathlib import Path
from types import CodeType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mmap

from pmkit.fsutil import ending_signals_held, make_private_folder, map_regular, new_temporary, read_regular

#: A cached program: the flags the pattern ended with, the program (machine words, as bytes:
#: marshal reads those ~10x faster than a list of ints), its groups.
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
#: A pattern's key: the pattern and its flags (an int); a code object's: its source and how it
#: was compiled (a str: the mode and the compiler flags).
Key = tuple[str | bytes, int | str]

#: Bounds, so that a run over unusual settings (thousands of user phrases) cannot grow the
#: file without end: patterns longer than this are compiled as usual, and a cache of more
#: entries keeps only those the last run used.
MAX_PATTERN = 200_000
MAX_ENTRIES = 4_000
#: The most text a memo adds per run (and keeps, besides what the run used): a run over a file
#: of a thousand long fields adds what fits, the rest is computed anew next time.
MAX_MEMO_BYTES = 8 * 1024 * 1024
#: The most a memo's file holds: a save that would write more keeps only the values the run
#: used or added. A run that adds a value writes the whole file again, as it ends: in a cache
#: grown to 8 MB (the ids of the folders of many repositories), that was 9 ms more of each run
#: of a hook's file just edited. A hook's run uses a few values of each memo.
MAX_MEMO_FILE = 2 * 1024 * 1024

#: The file (format 2, which its mark says): this mark, the CRC-32 of the index (8 hex digits),
#: the index's length in bytes (16 hex digits), the marshalled index, then the entries, each
#: marshalled on its own. The index holds each pattern's place among the entries and the entry's
#: own CRC-32: a run decodes only the entries it uses (a cache of a thousand patterns, English and
#: German, decoded whole was about 5 ms of every run, before its first process could fork), and
#: marshal, which is not meant for damaged data, is never handed bytes whose checksum fails.
_MAGIC = b"pmkit-patterns-2\n"
_HEAD = len(_MAGIC) + 8 + 16
#: Where an entry is: its offset among the entries, its length, its CRC-32.
Place = tuple[int, int, int]
#: A cache file larger than this is not read (it was not written by pmkit).
MAX_FILE = 64 * 1024 * 1024
#: The matcher's code word: 4 bytes (``_sre.CODESIZE``), checked at ``install``.
_WORD = "I"


class _Cache:
    def __init__(self, path: Path, compiler: Any, parser: Any, sre: Any) -> None:
        self.path = path
        self._compiler, self._parser, self._sre = compiler, parser, sre
        self._original = compiler.compile
        self._stored: _Stored | None = None  # read on the first miss of re's own cache
        #: Whether anything may be taken from the file: this user's, in a folder only they can
        #: write. Code is run as it is; a pattern's program the matcher checks only for its form,
        #: not that it is the pattern's (a forged file's '(?!)' in the place of "human error"
        #: silenced PM301 in a shared cache folder).
        self._trusted = False
        self._used: set[Key] = set()
        self._fresh: dict[Key, Entry | CodeType] = {}
        self.owner = os.getpid()

    @property
    def _file(self) -> _Stored:
        """The cache file as read, on first use."""
        if self._stored is None:
            self._stored = self._read()
        return self._stored

    def _lookup(self, key: Key) -> Any:
        """The entry of ``key``, made in this process or read from a file that can be trusted;
        None if neither."""
        fresh = self._fresh.get(key)
        if fresh is not None:
            return fresh
        stored = self._file  # (read on first use, with whether it can be trusted)
        return stored.entry(key) if self._trusted else None

    def compile(self, p: Any, flags: int = 0) -> Any:
        """``re``'s ``_compiler.compile``, answered from the cache where it can be."""
        if not isinstance(p, (str, bytes)) or len(p) > MAX_PATTERN or flags & re.DEBUG:
            return self._original(p, flags)
        key: Key = (p, int(flags))
        entry = self._lookup(key)
        if entry is not None:
            try:
                ended_with, program, groups, groupindex, indexgroup = entry
                compiled = self._sre.compile(p, ended_with, array(_WORD, program).tolist(), groups,
                                             groupindex, indexgroup)
            except Exception:  # damaged, or from a matcher that reads programs differently
                self._file.drop(key)
            else:
                self._used.add(key)
                return compiled
        # As re's own _compiler.compile does, keeping the program it hands to the matcher.
        parsed = self._parser.parse(p, flags)
        code = self._compiler._code(parsed, flags)
        names: list[str | None] = [None] * parsed.state.groups
        for name, number in parsed.state.groupdict.items():
            names[number] = name
        entry = (int(flags | parsed.state.flags), array(_WORD, code).tobytes(), parsed.state.groups - 1,
                 dict(parsed.state.groupdict), tuple(names))
        compiled = self._sre.compile(p, entry[0], code, *entry[2:])
        self._fresh[key] = entry
        return compiled

    def exec_for(self, module: ModuleType) -> Any:
        """``exec`` for ``module`` to find before the builtin: a string it runs is compiled
        as the builtin would compile it there (see :meth:`code`)."""
        flags = future_flags(module)

        def exec_(source: Any, globals: Any = None, locals: Any = None) -> None:
            if isinstance(source, str):
                source = self.code(source, "exec", flags)
            builtins.exec(source, globals, locals)

        return exec_

    def compile_for(self, module: ModuleType) -> Any:
        """``compile`` for ``module`` to find before the builtin (see :meth:`exec_for`)."""
        inherited = future_flags(module)

        def compile_(source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
                     optimize: int = -1) -> Any:
            if not dont_inherit:
                flags |= inherited
            if isinstance(source, str) and filename == "<string>" and optimize == -1 \
                    and not flags & ~_FUTURE_FLAGS:  # (not an AST asked for, say)
                return self.code(source, mode, flags)
            return builtins.compile(source, filename, mode, flags, True, optimize)

        return compile_

    def code(self, source: str, mode: str, flags: int) -> CodeType:
        """``source`` compiled with the file name ``"<string>"``, in ``mode``, with ``flags``
        and no others (not this module's ``__future__`` imports): from the cache where it can be."""
        key: Key = (source, f"{mode} {flags}")
        if len(source) <= MAX_PATTERN:
            entry = self._lookup(key)
            if isinstance(entry, CodeType):
                self._used.add(key)
                return entry
        code: CodeType = builtins.compile(source, "<string>", mode, flags, True)
        if len(source) <= MAX_PATTERN:
            self._fresh[key] = code
        return code

    def _read(self) -> _Stored:
        stored, self._trusted = _read_file(self.path)
        return stored

    def save(self) -> None:
        """Add this process's new programs to the cache file (atomically: a concurrent run
        reads the old file or the new one, never half of one). Lost to a concurrent writer,
        they are compiled again next time."""
        if not self._fresh or os.getpid() != self.owner:
            return
        fresh, self._fresh = self._fresh, {}
        _save(self.path, {key: marshal.dumps(entry) for key, entry in fresh.items()}, self._used)


def _read_file(path: Path) -> tuple[_Stored, bool]:
    """The cache file ``path`` as read (empty when it cannot be), and whether no one but this
    user can have written it (:func:`only_ours`)."""
    trusted = only_ours(path)
    try:
        # The shared safe read: a named pipe in its place would wait for a writer for ever, a
        # device would never end, and a file too large for a cache was not written by pmkit.
        # Mapped only when no one else can shorten it meanwhile (see map_regular).
        raw = map_regular(path, MAX_FILE) if trusted else read_regular(path, MAX_FILE, whole=True)
    except (OSError, ValueError):
        return _Stored({}, b""), False
    return _Stored.parse(raw), trusted


def _save(path: Path, fresh: dict[Key, bytes], used: set[Key], max_bytes: int | None = None) -> None:
    """Add the ``fresh`` entries (marshalled) to the cache file ``path``: to its entries as it
    is now (another run may have added to them), but only if no one else may have written it
    (written again into a file of this user's, they would be trusted by the next run). Beyond
    :data:`MAX_ENTRIES` entries (or ``max_bytes``), only the ``used`` and fresh ones are kept."""
    stored, trusted = _read_file(path)
    merged = stored.entries() if trusted else {}
    merged.update(fresh)
    if len(merged) > MAX_ENTRIES or (max_bytes is not None and sum(map(len, merged.values())) > max_bytes):
        merged = {key: entry for key, entry in merged.items() if key in used or key in fresh}
    _write(path, merged)


def _write(path: Path, entries: dict[Key, bytes]) -> None:
    """Write a cache file of ``entries`` (see :func:`write_private`)."""
    write_private(path, _Stored.written(entries))


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to the file ``path`` of the cache folder, for this user alone and
    atomically: a concurrent run reads the old file or the new one, never half of one. Nothing
    when it cannot be written (a read-only home, a full disk)."""
    # (A SIGTERM between the temporary file's creation and its rename left it in the folder.)
    with contextlib.suppress(OSError, ValueError), ending_signals_held():
        make_private_folder(path.parent)
        handle, temporary = new_temporary(path.parent, f".{path.stem}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


class Memo:
    """Results of a pure computation kept between runs of the command, in a file of their own
    beside the patterns (:func:`memo`): looked up by a key that holds all the computation's
    inputs, and only from a file this user owns, in a folder no one else can write to. An entry
    that is damaged, or not of the shape its reader expects, is computed anew.

    The file's index holds a short digest of each key's text (its CRC-32 and length), so that
    reading it stays cheap however long the texts are; the entry holds the text itself, and a
    value is only taken for the very text it was kept for. At most :data:`MAX_ENTRIES` values
    are added per run, and no more text than :data:`MAX_MEMO_BYTES`."""

    def __init__(self, path: Path, max_file: int | None = None) -> None:
        self.path = path
        self.max_file = max_file
        self._stored: _Stored | None = None
        self._fresh: dict[Key, tuple[str | bytes, Any]] = {}
        self._fresh_size = 0
        self._used: set[Key] = set()
        self.owner = os.getpid()

    @staticmethod
    def _digest(key: Key) -> Key:
        text, kind = key
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        return f"{zlib.crc32(data):08x} {len(text)}", kind

    def get(self, key: Key) -> Any:
        """The value kept for ``key``, or None."""
        digest = self._digest(key)
        found = self._fresh.get(digest)
        if found is None:
            if self._stored is None:
                stored, trusted = _read_file(self.path)
                self._stored = stored if trusted else _Stored({}, b"")
            found = self._stored.entry(digest)
        if not (isinstance(found, tuple) and len(found) == 2 and type(found[0]) is type(key[0])
                and found[0] == key[0]):
            return None
        self._used.add(digest)
        return found[1]

    def put(self, key: Key, value: Any) -> None:
        """Keep ``value`` (of types marshal writes) for ``key``; a key's text longer than a
        pattern may be is not kept."""
        size = len(key[0]) + len(str(key[1]))
        if len(key[0]) <= MAX_PATTERN and len(self._fresh) < MAX_ENTRIES \
                and self._fresh_size + size <= MAX_MEMO_BYTES:
            self._fresh[self._digest(key)] = (key[0], value)
            self._fresh_size += size

    def save(self) -> None:
        """Add this process's new values to the file (see :func:`_write`)."""
        if not self._fresh or os.getpid() != self.owner:
            return
        fresh, self._fresh, self._fresh_size = self._fresh, {}, 0
        _save(self.path, {key: marshal.dumps(entry) for key, entry in fresh.items()}, self._used,
              MAX_MEMO_FILE if self.max_file is None else self.max_file)


class _Stored:
    """A cache file as read: its index, and its entries' bytes, each checked and decoded when
    a pattern asks for it."""

    def __init__(self, index: dict[Key, Place], data: bytes | memoryview) -> None:
        self._index = index
        self._data = data

    @classmethod
    def parse(cls, raw: bytes | mmap.mmap) -> _Stored:
        """The cache in ``raw`` (a file's bytes, or the file mapped); an empty one when they are
        not a cache of this format (its mark says which) whose index is intact."""
        empty = cls({}, b"")
        if raw[:len(_MAGIC)] != _MAGIC:
            return empty
        try:
            crc, size = int(raw[len(_MAGIC):len(_MAGIC) + 8], 16), int(raw[len(_MAGIC) + 8:_HEAD], 16)
        except ValueError:
            return empty
        view = memoryview(raw)
        table = view[_HEAD:_HEAD + size]
        if len(table) != size or zlib.crc32(table) != crc:
            return empty
        try:
            index = marshal.loads(table)
        except (ValueError, EOFError, TypeError):
            return empty
        return cls(index, view[_HEAD + size:]) if isinstance(index, dict) else empty

    def raw(self, key: Key) -> bytes | None:
        """The bytes of ``key``'s entry, if they are there and their checksum holds."""
        place = self._index.get(key)
        try:
            offset, length, crc = place  # type: ignore[misc]
            chunk = bytes(self._data[offset:offset + length])
        except (TypeError, ValueError):  # no such key, or an index entry that is no place
            return None
        return chunk if len(chunk) == length and zlib.crc32(chunk) == crc else None

    def entry(self, key: Key) -> Any:
        chunk = self.raw(key)
        if chunk is None:
            return None
        try:
            return marshal.loads(chunk)
        except (ValueError, EOFError, TypeError):
            return None

    def drop(self, key: Key) -> None:
        """Forget ``key``'s entry (the matcher refused it): it is compiled, and saved, anew."""
        self._index.pop(key, None)

    def entries(self) -> dict[Key, bytes]:
        """Every entry whose checksum holds, as bytes (to be written again as they are)."""
        out: dict[Key, bytes] = {}
        for key in self._index:
            chunk = self.raw(key)
            if chunk is not None:
                out[key] = chunk
        return out

    @staticmethod
    def written(entries: dict[Key, bytes]) -> bytes:
        """The file that holds ``entries`` (each marshalled already)."""
        index: dict[Key, Place] = {}
        offset = 0
        for key, chunk in entries.items():
            index[key] = (offset, len(chunk), zlib.crc32(chunk))
            offset += len(chunk)
        table = marshal.dumps(index)
        return b"".join((_MAGIC, b"%08x%016x" % (zlib.crc32(table), len(table)), table, *entries.values()))


def only_ours(path: Path) -> bool:
    """Whether no one but this user can have written ``path``: the file and its folder are
    theirs and not writable by group or others. Nothing is taken from another file: code is
    run as it is, and the matcher checks a pattern's program only for its form."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: the cache lives in the user's own LOCALAPPDATA
        return True
    try:
        return all(info.st_uid == geteuid() and not info.st_mode & 0o022
                   for info in (os.stat(path), os.stat(path.parent)))
    except OSError:
        return False


def future_flags(module: ModuleType) -> int:
    """The compiler flags of the ``__future__`` features ``module`` imports: those ``exec``
    and ``compile`` use for a string when the module calls them."""
    return _flags(name for name in __future__.all_feature_names
                  if module.__dict__.get(name) is getattr(__future__, name))


def _flags(features: Iterable[str]) -> int:
    flags = 0
    for name in features:
        flags |= getattr(__future__, name).compiler_flag
    return flags


#: Every ``__future__`` feature's compiler flag.
_FUTURE_FLAGS = _flags(__future__.all_feature_names)


_installed: _Cache | None = None
#: The command's memos by name (:func:`memo`).
_memos: dict[str, Memo] = {}


def identity(files: Iterable[str | os.PathLike[str]]) -> str:
    """pmkit's version and each file's place, size and modification time, as one short text:
    what a kept value depends on besides its key's text (an upgrade, or an edit of a file of a
    source checkout, then computes it anew)."""
    from pmkit import __version__

    seen = []
    for name in files:
        try:
            info = os.stat(name)
            seen.append(f"{os.fspath(name)}:{info.st_size}:{info.st_mtime_ns}")
        except (OSError, ValueError, TypeError):
            seen.append(f"{name}:-")
    data = chr(0).join(seen).encode("utf-8", "surrogatepass")
    return f"{__version__} {zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def shaped(value: Any, types: tuple[type, ...]) -> bool:
    """Whether a value read back from a memo is a tuple of exactly these ``types``, in order
    (what a reader checks before it trusts a kept value)."""
    return isinstance(value, tuple) and tuple(map(type, value)) == types


def memo(name: str, max_file: int | None = None) -> Memo | None:
    """The command's memo ``name`` (kept in ``<cache folder>/<name>.bin``, of at most
    ``max_file`` bytes, by default :data:`MAX_MEMO_FILE`); None in a program that uses the
    library, or with the cache turned off (``PMKIT_NO_CACHE=1``)."""
    if _installed is None:
        return None
    found = _memos.get(name)
    if found is None:
        found = _memos[name] = Memo(_installed.path.parent / f"{name}.bin", max_file)
        atexit.register(found.save)
    return found


def kept_path(name: str) -> Path | None:
    """Where the command keeps its file ``name`` beside the patterns; None in a program that
    uses the library, or with the cache turned off (as :func:`memo`)."""
    return None if _installed is None else _installed.path.parent / name


def cache_folder(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path | None:
    """Where the cache lives, or None when it is turned off or there is no home to keep it in."""
    if environ.get("PMKIT_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = environ.get("PMKIT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        local = environ.get("LOCALAPPDATA")
        return Path(local, "pmkit", "Cache") if local else None
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None
    xdg = environ.get("XDG_CACHE_HOME", "") if sys.platform != "darwin" else ""
    written = environ.get("HOME")
    if not os.path.isabs(xdg) and written is not None and not os.path.isabs(written):
        # A home that is no absolute path (HOME=., HOME=postmortems, HOME=""): the cache went
        # into the repository checked, as files git then listed as untracked, or into /.cache.
        return None
    # The XDG spec: a relative path there is invalid and to be ignored.
    if not os.path.isabs(xdg) and not os.path.isdir(home):
        # A home that is no folder (HOME=/nonexistent, a service account's): none is made for
        # the cache, which a run as root did, a tree of folders in a place nobody meant.
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "pmkit"
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "pmkit"


def cache_file(folder: Path, sre: Any) -> Path:
    """One file per Python build and matcher version: programs are only valid for the matcher
    that they were generated for."""
    build = f"{sys.version}|{sys.implementation.cache_tag}|{sre.MAGIC}|{sre.CODESIZE}"
    return folder / f"patterns-{sys.implementation.cache_tag}-{zlib.crc32(build.encode()):08x}.bin"


def install() -> None:
    """Answer this process's regular expression compilation from the cache (the command only)."""
    global _installed
    if _installed is not None or sys.implementation.name != "cpython":
        return
    if sys.flags.bytes_warning:
        # 'python -b' warns of a str and a bytes pattern compared as the cache's keys (of one
        # hash), and 'python -bb' raised that warning out of the first pattern compiled.
        return
    folder = cache_folder()
    compiler, parser = getattr(re, "_compiler", None), getattr(re, "_parser", None)
    if folder is None or compiler is None or parser is None or not hasattr(compiler, "_code"):
        return  # Python 3.10 and older name these modules differently: no cache there
    sre = getattr(compiler, "_sre", None)  # the C matcher, as re's compiler imported it
    if sre is None or array(_WORD).itemsize != getattr(sre, "CODESIZE", None):
        return

    _installed = _Cache(cache_file(folder, sre), compiler, parser, sre)
    compiler.compile = _installed.compile
    import dataclasses
    import typing

    # Both call the builtin by its plain name, and a name of their own module comes first:
    # dataclasses runs each class's methods' source with exec (Python 3.11 and 3.12 in
    # _create_fn, 3.13 in its function builder), and typing compiles each annotation written as
    # a string (ForwardRef: some 700 as pydantic's core schema module defines its TypedDicts).
    setattr(dataclasses, "exec", _installed.exec_for(dataclasses))  # noqa: B010 (a hook on another module)
    setattr(typing, "compile", _installed.compile_for(typing))  # noqa: B010
    atexit.register(_installed.save)


def save() -> None:
    """Write what this process compiled; for a forked child, which ends without ``atexit``."""
    if _installed is not None:
        _installed.owner = os.getpid()
        _installed.save()
    for kept in _memos.values():
        kept.owner = os.getpid()
        kept.save()
