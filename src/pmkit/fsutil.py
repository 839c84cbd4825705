"""Writing user files safely: a temporary file in the same folder, then a rename.

A reader (an editor, a CI job, a second pmkit) sees either the old file or the new one,
never half of one, and an interrupted write leaves the original untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import mmap
    from collections.abc import Callable

#: A file or folder name as the API takes one (``pmkit.load``, ``pmkit.check``,
#: ``pmkit.load_config``): a text, bytes as os takes them, or a path object of either.
PathName = str | bytes | os.PathLike[str] | os.PathLike[bytes]


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def read_only(path: Path) -> bool:
    """Whether ``path`` is an existing file nobody may write (``chmod a-w``)."""
    try:
        return path.is_file() and not path.stat().st_mode & 0o222
    except OSError:
        return False


def write_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically.

    With ``overwrite=False`` an existing file is never replaced: :class:`FileExistsError` is
    raised, also when the file appears while we write (the final step is a hard link, which
    fails if the name is taken). An existing file keeps its permissions, and its owner and group
    where this process may give them (as root); a symlink is written
    through (its target is replaced, the link stays). A file without write permission is not
    replaced (:class:`PermissionError`): a rename would otherwise override what its owner
    said, even as root. A device or a named pipe (``/dev/null``, ``/dev/stdout``) is written
    into, as any tool writes into one: a rename would replace the device node itself.
    """
    target = Path(path)
    if is_stream(target):
        _write_stream(target, text)
        return
    if overwrite and in_a_loop(target):
        # It leads to no file to write through to: the rename replaced the link itself.
        raise OSError(errno.ELOOP, f"it is {LOOP}; point it at a file, or remove it", os.fspath(path))
    if overwrite and target.is_symlink():
        # Replace the file the link points to, not the link: a symlinked pyproject.toml or
        # page stays a link (and its target gets the new text).
        target = Path(os.path.realpath(target))
        if not os.path.isdir(target.parent):  # a link into a share not mounted, a folder removed
            raise FileNotFoundError(errno.ENOENT, f"it is a symbolic link to {target}, in a folder that does "
                                    "not exist; create that folder, or remove the link", os.fspath(path))
    try:
        kind: int | None = target.stat().st_mode
    except OSError:
        kind = None  # no such file yet (or a dangling link, which the rename then replaces)
    if kind is not None and stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    if not overwrite and (kind is not None or target.is_symlink()):
        why = "already exists" if kind is not None else "already exists, as a symbolic link to a missing file"
        raise FileExistsError(errno.EEXIST, why, str(target))
    if kind is not None and not stat.S_ISREG(kind):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    if overwrite and read_only(target):
        raise PermissionError(errno.EACCES, "the file is read-only", str(target))
    folder = target.parent if str(target.parent) else Path(".")
    # From the temporary file's creation to its rename or removal, a SIGTERM (a CI job
    # cancelled, a timeout) or SIGHUP (a closed terminal) ended the process there and left the
    # temporary file beside the user's; they now arrive once it is gone, as does Ctrl-C.
    with ending_signals_held():
        _write_through_temporary(target, text, folder, overwrite)


def ending_signals_held() -> contextlib.AbstractContextManager[None]:
    """Hold back the signals that end a process (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) while a
    temporary file stands beside the one it replaces: they arrive once it is gone."""
    import signal

    from pmkit.forked import signals_held

    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")  # (Windows has the first two only)
    return signals_held({getattr(signal, name) for name in names if hasattr(signal, name)})


def _write_through_temporary(target: Path, text: str, folder: Path, overwrite: bool) -> None:
    """:func:`write_atomic`'s writing: a temporary file in ``folder``, then renamed to ``target``."""
    handle, temp = new_temporary(folder, _temporary_prefix(target.name, folder))
    try:
        try:
            original: os.stat_result | None = target.stat()
        except OSError:
            original = None
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
            if original is not None:
                _keep_owner(stream.fileno(), original)
        mode = original.st_mode & 0o7777 if original is not None else _default_mode()
        os.chmod(temp, mode)
        if overwrite:
            os.replace(temp, target)
            return
        try:
            os.link(temp, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network or FAT file systems)
            if target.exists():
                raise FileExistsError(str(target)) from None
            os.replace(temp, target)
    except OSError as exc:
        if _removed(temp):
            raise
        # (a folder that takes new names and keeps them, chattr +a): the temporary file stays,
        # and the error was the failed removal's, which named nothing left behind.
        raise type(exc)(exc.errno, f"{exc.strerror or exc}; the temporary file {temp.name} is left beside "
                        "it, and could not be removed", exc.filename) from exc
    finally:
        _removed(temp)


def new_temporary(folder: Path, prefix: str, suffix: str = ".tmp") -> tuple[int, Path]:
    """A new file in ``folder`` for this user alone (0600), opened for writing: its descriptor
    and path, named ``prefix``, eight random characters and ``suffix``. As ``tempfile.mkstemp``
    makes one (a name no one had, created only if it is not there, no link followed), without
    its import: ``tempfile`` brings ``shutil`` and ``random``, 3.5 ms of a hook's run that keeps
    a memo."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = folder / f"{prefix}{os.urandom(4).hex()}{suffix}"
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def _removed(temp: Path) -> bool:
    """Remove the temporary file ``temp`` if it is there; whether it is gone."""
    try:
        temp.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _keep_owner(handle: int, original: os.stat_result) -> None:
    """Give the temporary file open as ``handle`` the owner and group of the file it replaces,
    where this process may (root, or a group of this user's): run as root (sudo, a CI container
    on a mounted checkout), a user's pyproject.toml or page became root's, and its user could no
    longer edit it. Best effort: where it may not, the file is this user's, as before."""
    if not hasattr(os, "fchown"):  # (Windows)
        return
    mine = os.fstat(handle)
    if (mine.st_uid, mine.st_gid) == (original.st_uid, original.st_gid):
        return
    with contextlib.suppress(OSError):
        os.fchown(handle, original.st_uid, original.st_gid)
        return
    with contextlib.suppress(OSError):  # (the group alone, which a member of it may give)
        os.fchown(handle, -1, original.st_gid)


def _temporary_prefix(name: str, folder: Path) -> str:
    """The start of the temporary file's name beside ``name`` (``.page.md.``, then eight random
    characters and ``.tmp``), cut to fit the longest name the folder takes: a legal name of 242
    to 255 bytes could not be written, as ".NAME.XXXXXXXX.tmp" was too long a name."""
    try:
        longest = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # (no pathconf on Windows; a folder it cannot ask)
        longest = 255
    room = max(longest, 32) - len(".") - len(".") - 8 - len(".tmp")
    kept = name
    while kept and len(os.fsencode(kept)) > room:
        kept = kept[:-1]
    return f".{kept}." if kept else ".pmkit-"


def is_git_folder(folder: Path) -> bool:
    """Whether ``folder`` is itself a repository's git folder, as git tells one: an ``objects``
    and a ``refs`` folder, and a ``HEAD`` file."""
    # HEAD first: most folders have none, and one look settles them (this is asked of each
    # folder up from every file of a run outside git).
    return os.path.isfile(folder / "HEAD") and os.path.isdir(folder / "objects") \
        and os.path.isdir(folder / "refs")


def git_folder_of(path: str | os.PathLike[str]) -> Path | None:
    """The git folder (``.git``, a bare repository, the folder GIT_DIR names) that ``path`` is
    in, or is, where a file is never to be written: ``check -o .git/HEAD`` replaced the
    repository's HEAD with a report, and drafts written there are never committed. None for a
    path outside one, and for a stream (``/dev/stdout``).

    Told from the path and a few looks at each folder above it, as git tells a git folder: one
    named ``.git``, or one that holds ``HEAD``, ``objects/`` and ``refs/`` (:func:`is_git_folder`);
    a ``.git`` file (the link of a worktree or submodule to its git folder) is the repository's
    own too. The name is compared without case: on a case-insensitive file system ``.GIT`` is
    that folder."""
    try:
        if is_stream(path):
            return None
        full = Path(os.path.realpath(os.fspath(path)))
    except (OSError, ValueError, TypeError):  # (a NUL in the name, bytes: nothing is written there)
        return None
    named = os.environ.get("GIT_DIR")
    if named:
        with contextlib.suppress(OSError, ValueError):
            given = Path(os.path.realpath(named))
            if full == given or full.is_relative_to(given):
                return given
    for level in (full, *full.parents):
        try:
            # (also one not there yet: a file or folder of that name misleads git)
            if level.name.lower() == ".git" or is_git_folder(level):
                return level
        except (OSError, ValueError):
            return None
    return None


#: What a symbolic link that leads back to itself (directly or through others) is called.
LOOP = "a symbolic link in a loop (it leads back to itself)"


def in_a_loop(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a symbolic link in a loop, which names no file and no folder (not a
    path through one: that is a folder in the way, see :func:`folder_in_the_way`)."""
    try:
        if not os.path.islink(path):
            return False
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    except ValueError:  # a NUL in the name
        return False
    return False


def folder_in_the_way(path: str | os.PathLike[str]) -> str | None:
    """What stops the folders of the file ``path`` from being made, or None: a file, or a link
    to a missing folder, where one of them should be. ("File exists" or "Not a directory" is
    all the system says of either.)"""
    for up in Path(path).parents:
        if os.path.isdir(up):
            return None
        if os.path.islink(up):
            return f"{up} is {LOOP if in_a_loop(up) else 'a symbolic link to a missing folder'}"
        if os.path.lexists(up):
            return f"{up} is not a folder"
    return None


def make_folders_for(path: str | os.PathLike[str]) -> None:
    """Create the missing folders of the file ``path`` (``reports/`` of ``reports/pmkit.sarif``),
    as every verb that writes a file does; a stream (``-``, /dev/null) has none to make.
    Raises NotADirectoryError that names what is in the way."""
    if is_stream(path):
        return
    blocking = folder_in_the_way(path)
    if blocking is not None:
        raise NotADirectoryError(errno.ENOTDIR, blocking, os.fspath(path))
    folder = os.path.dirname(os.fspath(path))
    if folder:
        try:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:  # a file took a folder's place meanwhile
            raise NotADirectoryError(errno.ENOTDIR, folder_in_the_way(path) or f"{folder} is not a folder",
                                     os.fspath(path)) from None


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and every missing folder above it readable by this user only (0700,
    as the XDG base directory specification asks of a cache folder it creates): Python's own
    ``mkdir(parents=True, mode=0o700)`` gives that mode to the last folder only."""
    missing = [level for level in (folder, *folder.parents) if not os.path.isdir(level)]
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # (another run made it meanwhile)
            level.mkdir(mode=0o700)


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a device, a pipe or socket, or an open file of this process
    (``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``) rather than a file of its own.

    Decided by what the path is, not by where it is: a file in a memory folder
    (``/dev/shm/notes/pm.yaml``) or reached through ``/proc/self/cwd`` is an ordinary file,
    replaced atomically like any other (it was written into, after what it held); a name not
    there yet is a file to create."""
    text = os.fspath(path)
    if not isinstance(text, str):
        return False
    if _OWN_FILE.fullmatch(text):
        return True
    try:
        mode = os.stat(text).st_mode
    except (OSError, ValueError):  # not there yet (or a name the system refuses): a file to create
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


#: Names of this process's own open files: written through the open file itself, so that
#: what the shell writes around it stays in order ("{ echo a; pmkit ... -o /dev/stdout; } > f").
_OWN_FILE = re.compile(r"/dev/std(?P<std>out|err)|/dev/fd/(?P<fd>\d+)|/proc/self/fd/(?P<proc>\d+)")


def _write_stream(target: Path, text: str) -> None:
    """Write into a device or an open file of this process: never truncated (a shell's ">> file"
    or a pipe set it up), never resolved (a pipe's link names nothing that opens again)."""
    own = _OWN_FILE.fullmatch(str(target))
    if own is None:  # /dev/null, /dev/full, a terminal
        with open(target, "a", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    number = {"out": 1, "err": 2}[own["std"]] if own["std"] else int(own["fd"] or own["proc"])
    for console in (sys.stdout, sys.stderr):  # what was written before comes first
        with contextlib.suppress(Exception):
            console.flush()
    data = memoryview(text.encode("utf-8", "surrogateescape"))
    while data:
        data = data[os.write(number, data):]


class NotRegularFile(OSError):
    """A pipe, socket or device where a file was to be read."""


class FileTooLarge(OSError):
    """A file larger than a reader that wants all of it takes (``read_regular(whole=True)``)."""


#: The most :func:`read_regular` reads at once.
_PIECE = 1 << 20


def read_regular(path: str | os.PathLike[str], limit: int = -1, *, whole: bool = False) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit``), opened without blocking:
    a named pipe opened to read waits for a writer for ever, also one that took the file's
    place after a look at it. Raises :class:`NotRegularFile` for anything but a regular file
    (a folder opens on some systems), else OSError as ``open`` does. With ``whole``, a file of
    more than ``limit`` bytes is refused (:class:`FileTooLarge`) rather than cut: before a
    byte is read when its size says so, so a huge or sparse file costs nothing."""
    stream, size = _open_regular(path)
    with stream:
        return _read_open(stream, size, limit, whole=whole)


def regular_bytes(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """Up to ``limit`` bytes of the regular file at ``path`` (opened without blocking, as
    :func:`read_regular` opens it); None for anything else (a folder, a pipe, a device), or a
    file that cannot be read. For scans of many files beside the one being read: read straight
    from the descriptor, with no stream around it, as a scan of a repository's 1,000 files took
    twice as long through :func:`read_regular` (13 against 6 ms)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        return _in_pieces(lambda count: os.read(fd, count), info.st_size, limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_open(stream: BinaryIO, size: int, limit: int, *, whole: bool) -> bytes:
    """:func:`read_regular` of the file open as ``stream``, whose size was ``size``."""
    if limit < 0:
        return stream.read()
    if whole and size > limit:
        raise FileTooLarge(errno.EFBIG, f"is {size:,} bytes, over the limit of {limit:,}")
    # In pieces: read(limit) sets aside room for ``limit`` bytes before reading any, so a
    # generous limit (pmkit.load(path, max_bytes=2**40)) failed with a MemoryError on a small
    # file, and one past 2**63 with an OverflowError.
    wanted = limit + 1 if whole else limit  # one more, to see a file that grew meanwhile
    data = _in_pieces(stream.read, size, wanted)
    if whole and len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"is over the limit of {limit:,} bytes")
    return data


def _in_pieces(read: Callable[[int], bytes], size: int, wanted: int) -> bytes:
    """Up to ``wanted`` bytes by ``read`` of a file whose size was ``size``: in pieces, never
    room set aside for all of a generous limit. A file of the size it says is read in one piece
    (a 2 MB cache file in two, joined, took three times as long); a byte more, to see the end."""
    piece_size = max(_PIECE, size + 1)
    pieces = []
    while wanted > 0:
        piece = read(min(wanted, piece_size))
        if not piece:
            break
        pieces.append(piece)
        wanted -= len(piece)
    return b"".join(pieces)


def _open_regular(path: str | os.PathLike[str]) -> tuple[BinaryIO, int]:
    """``path`` opened to read without blocking, if it is a regular file, and its size (see
    :func:`read_regular`)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket: "No such device or address" said nothing of what it is
            raise NotRegularFile(errno.ENXIO, "is not a regular file (a pipe, socket or device)") from None
        raise
    try:
        stream = os.fdopen(fd, "rb")  # (a folder: IsADirectoryError, as open() says it)
    except BaseException:
        os.close(fd)
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        stream.close()
        raise NotRegularFile(errno.EINVAL, "is not a regular file (a pipe, socket or device)")
    return stream, info.st_size


#: The smallest file :func:`map_regular` maps rather than reads.
_MAP_FROM = 1 << 16


def map_regular(path: str | os.PathLike[str], limit: int) -> bytes | mmap.mmap:
    """The bytes of the regular file at ``path``, as ``read_regular(path, limit, whole=True)``
    gives them, but a large file mapped rather than read (not on Windows): only the pages a
    reader touches are read. Of a 2.4 MB pattern cache, of which a run uses a few hundred
    entries, mapping saves about 1 ms of every run over reading it whole into new memory.

    Only for a file that no one shortens in place while it is mapped (a touched page that
    truncation cut off ends the process with SIGBUS): a file of this user's that its writers
    replace by renaming a new one over it, as pmkit's caches are written."""
    if sys.platform == "win32":  # (a file mapped there cannot be replaced by a rename)
        return read_regular(path, limit, whole=True)
    stream, size = _open_regular(path)
    with stream:
        if _MAP_FROM <= size <= limit:
            import mmap

            # (A file system that cannot map files, as some network and FUSE ones: read it.)
            with contextlib.suppress(OSError, ValueError):
                return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        return _read_open(stream, size, limit, whole=True)


#: How to get past a file that the system refused to read (EACCES): said with the file's name
#: wherever pmkit reports one, which "Permission denied" alone did not.
PERMISSION_ADVICE = "let the user who runs pmkit read it (chmod a+r on the file, a+x on each folder above it)"


#: The largest settings file (configuration, baseline, team lexicon) pmkit reads: a baseline of
#: some hundred thousand findings; more is another file named by mistake (a log, an export, a
#: sparse file), read into memory whole, and parsed, before it could be refused.
SETTINGS_LIMIT = 64 * 1024 ** 2


def read_settings_text(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of a file pmkit reads its settings from (configuration, baseline, team
    lexicon). Only a regular file: opening a named pipe would wait for a writer for ever. A
    byte order mark (which Windows editors write) is not part of the text: TOML and JSON
    parsers refuse it as a character at line 1, column 1, which the file seems not to have.
    Raises OSError (with ``strerror``) or UnicodeDecodeError."""
    try:
        info = os.stat(path)
    except NotADirectoryError:  # "Not a directory" named neither the file in the way nor the path
        blocking = folder_in_the_way(path)
        if blocking is None:
            raise
        raise NotADirectoryError(errno.ENOTDIR, blocking) from None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file")
    try:
        data = read_regular(path, SETTINGS_LIMIT, whole=True)
    except FileTooLarge:
        raise FileTooLarge(errno.EFBIG, f"is {info.st_size:,} bytes, more than a settings file may be "
                           f"({SETTINGS_LIMIT // 1024 ** 2} MiB); it is not one pmkit reads") from None
    # (not "utf-8-sig": its errors count offsets from after the mark, three bytes short of the file's)
    return data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def link_target(path: str | os.PathLike[str]) -> str | None:
    """Where the symbolic link ``path`` points, as written in it (and as git stores it); None for
    anything else, or a link that cannot be read."""
    try:
        return os.readlink(path) if os.path.islink(path) else None
    except (OSError, ValueError):
        return None


def is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder; False, not an error, for a name the system refuses."""
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False
