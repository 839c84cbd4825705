"""Which files a run checks: folders expanded into postmortem files."""

from __future__ import annotations

import itertools
import os
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.fsutil import NotRegularFile, is_folder, link_target, read_regular
from pmkit.loader import MARKDOWN_SUFFIXES, POSTMORTEM_SUFFIXES, delimiter_in_disguise, wide_codec

if TYPE_CHECKING:
    from pmkit.config import Config

#: A Markdown file without front matter is a postmortem written without its fields (which
#: the loader reports, PM007) when this many of its headings name postmortem sections
#: ("## Summary", "## Timeline", "## Action items"); a README beside the postmortems has fewer.
POSTMORTEM_HEADINGS = 2
#: How much of such a file is read for its headings.
_HEADINGS_READ = 256 * 1024
_HEADING_LINE = re.compile(rb"^ {0,3}#{1,3}[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_FENCE_LINE = re.compile(rb"^ {0,3}(?:```|~~~)", re.MULTILINE)
#: The line under a setext heading's text ("Summary" over "=======" or "-------").
_SETEXT_LINE = re.compile(rb"^ {0,3}(?:=+|-+)[ \t]*$")

_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"})


# --- the ``exclude`` setting -----------------------------------------------------------------

def exclude_problem(pattern: str, root: str | os.PathLike[str] | None = None) -> str | None:
    """Why ``pattern`` cannot be an ``exclude`` pattern, or None. With ``root`` (the settings
    file's folder), an absolute path outside it is one."""
    if not pattern.strip():
        return "is empty, which excludes nothing"
    if pattern.startswith("!"):
        return ("starts with '!': a pattern that takes files back (as in .gitignore) is not "
                "supported; write the patterns so that they exclude only what they should")
    if "\\" in pattern:
        return "holds a backslash: write folders with '/', on every system"
    if "\0" in pattern:
        return "contains a NUL character"
    if (never := _never_matches(pattern)) is not None:
        return never
    if root is not None and (outside := _absolute_outside(pattern, root)) is not None:
        return outside
    try:
        _exclude_regex(pattern)
    except re.error as exc:
        return f"cannot be read as a pattern ({exc})"
    return None


#: Longer than a file's path can be on the systems pmkit runs on (PATH_MAX on Linux).
LONGEST_PATH = 4096


def text_given_as_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str | None:
    """Why ``path``, given where a file's name is meant, is a postmortem's text (a line break of
    any kind, the length of no path, the start of a document: ``{``, ``---``, ``pmkit:``), or None
    for a name. A file of that name, strange as it is, is a name."""
    if isinstance(path, os.PathLike):
        return None
    name = path.decode("utf-8", "replace") if isinstance(path, bytes) else path
    if any(char in name for char in "\n\r\x0b\x0c\x85\u2028\u2029"):
        why = "holds a line break"
    elif len(name) > LONGEST_PATH:
        why = f"is {len(name):,} characters long"
    elif name.lstrip().startswith(("{", "---", "pmkit:")):
        why = f"starts as a postmortem's text ('{name.lstrip()[:6]}')"
    else:
        return None
    try:
        return None if os.path.lexists(path) else why
    except (OSError, ValueError):
        return why


def _never_matches(pattern: str) -> str | None:
    """Why ``pattern`` would match no file, written as it is, or None: each of these passed as a
    setting and then left every file in, without a word."""
    if pattern.startswith("#"):
        return ("starts with '#', which makes the line a comment in .gitignore: write '[#]' for a name "
                "that starts with it")
    if pattern != pattern.rstrip(" \t"):
        return "ends with a space, which .gitignore drops: write the pattern without it"
    if not pattern.strip("/"):  # it was said to hold '//', which "/" does not
        return "holds no name, only '/', so it names no file or folder: write '*' for every file"
    names = pattern.strip("/").split("/")
    if "" in names:
        return "holds '//', which no path has: write one '/' between names"
    if "." in names or ".." in names:
        return ("holds a '.' or '..' folder, which no path from the settings file's folder has: write "
                "the path from that folder, without './' (a file outside it is never excluded)")
    if _unclosed_bracket(pattern):
        return ("holds a '[' that no ']' closes, so .gitignore matches nothing with it: close the set of "
                "characters, or write '[[]' for a '[' in a name")
    return None


def _from_root(pattern: str, root: str | os.PathLike[str]) -> str | None:
    """``pattern`` as a path from ``root`` when it is an absolute path into it (as a file manager
    or a terminal copies one: '/home/me/repo/postmortems/templates/'), or None. Read as a line of
    .gitignore is, its first '/' only anchored it at ``root``, and it named a folder
    'home/me/repo/...' inside it: no file was ever excluded, and nothing said so."""
    if not (pattern.startswith("/") or os.path.isabs(pattern)) or pattern.startswith("//"):
        return None  # (os.path.isabs: 'C:/Users/me/repo/...' on Windows)
    body = pattern.rstrip("/")
    for folder in dict.fromkeys((os.path.abspath(root), os.path.realpath(root))):
        for path in dict.fromkeys((os.path.abspath(body), os.path.realpath(body))):
            if path != folder and Path(path).is_relative_to(folder):
                return Path(os.path.relpath(path, folder)).as_posix() + pattern[len(body):]
    return None


def _absolute_outside(pattern: str, root: str | os.PathLike[str]) -> str | None:
    """Why ``pattern`` reads as an absolute path outside ``root``, or None: a folder of two or
    more names whose first is no name in ``root`` and whose folder exists from the top of the
    file system ('/srv/archive/' where /srv exists and the repository has no 'srv')."""
    names = pattern.strip("/").split("/")
    if (not pattern.startswith("/") or len(names) < 2 or _from_root(pattern, root) is not None
            or any(c in pattern for c in "*?[") or os.path.lexists(os.path.join(root, names[0]))
            or not os.path.isdir("/" + "/".join(names[:-1]))):
        return None
    return (f"is an absolute path outside {Path(root).as_posix()}, the folder of the settings file, and "
            "no file outside it is ever excluded: patterns are read from that folder (a '/' first "
            "anchors one there, as in .gitignore); write the path from there")


def _unclosed_bracket(pattern: str) -> bool:
    """Whether a '[' of ``pattern`` starts a set of characters that no ']' closes (read as
    :func:`_glob_parts` reads sets: a ']' right after the '[' is a member): git matches no name
    with it, where a literal '[' was matched before."""
    i = pattern.find("[")
    while i != -1:
        end = _set_end(pattern, i)
        if end == -1:
            return True
        i = pattern.find("[", end + 1)
    return False


def _set_end(body: str, start: int) -> int:
    """The offset of the ']' that closes the set of characters opening at ``start`` of ``body``,
    or -1: a ']' first in the set, also after its '!' or '^', is one of its members, as git has it."""
    first = start + (2 if body[start + 1:start + 2] in ("!", "^") else 1)
    return body.find("]", first + 1)


@lru_cache(maxsize=4096)
def _exclude_regex(pattern: str) -> tuple[re.Pattern[str], bool]:
    """``pattern``, read as a line of .gitignore is, as a regular expression over a path from the
    settings file's folder (with '/'), and whether it names folders only (a trailing '/').

    A pattern with a '/' before its end is anchored at the settings file's folder; one without
    matches a name at any depth. ``*`` and ``?`` stay within one name, ``**`` crosses folders
    where a '/' stands beside it (``**/x``, ``x/**``, ``x/**/y``) and is a ``*`` elsewhere, as in
    .gitignore; ``[...]`` is a class of characters of one name."""
    pattern = _composed(pattern)
    folders_only = pattern.endswith("/")
    body = pattern.rstrip("/")
    anchored = "/" in body
    body = body.lstrip("/")
    return re.compile("".join(_glob_parts(body)) if anchored else f"(?:.*/)?{''.join(_glob_parts(body))}",
                      re.DOTALL), folders_only


def _glob_parts(body: str) -> list[str]:
    """The regular expression of the glob ``body``, in parts.

    A '*' and the fixed run of characters after it, when another '*' follows, are matched as one
    atomic group that takes the run's first place: a later place could only be reached by that
    next '*' as well, since neither holds a '/'. Without it, ``*a*a*a*a*a*a*b`` against a name of
    80 'a's backtracked for seconds, and for hours at 160."""
    tokens: list[str] = []
    i = 0
    while i < len(body):
        at_start = i == 0 or body[i - 1] == "/"
        if body.startswith("**", i) and at_start and body.startswith("**/", i):
            tokens.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i) and at_start and i + 2 == len(body):
            tokens.append(".*")  # (after a '/': "x/**", everything inside x)
            i += 2
        elif body[i] == "*":
            tokens.append("*")
            i = len(body) - len(body[i:].lstrip("*"))  # "***" or "a**b": one '*', as .gitignore has it
        elif body[i] == "?":
            tokens.append("[^/]")
            i += 1
        elif body[i] == "[" and (end := _set_end(body, i)) != -1:
            inner = body[i + 1:end]
            negated = inner[:1] in ("!", "^")
            inner = inner[1:] if negated else inner
            # Each character as itself but a range's '-' ("[[]", "[&&]" are not sets in sets).
            members = "".join("-" if c == "-" and 0 < k < len(inner) - 1 else re.escape(c)
                              for k, c in enumerate(inner))
            # Never a '/', as '*' and '?' (which "[/]" or the range "[.-0]" would otherwise match).
            tokens.append("(?!/)[" + ("^" if negated else "") + members + "]")
            i = end + 1
        else:
            tokens.append(re.escape(body[i]))
            i += 1
    out: list[str] = []
    k = 0
    while k < len(tokens):
        if tokens[k] != "*":
            out.append(tokens[k])
            k += 1
            continue
        run_end = k + 1
        while run_end < len(tokens) and tokens[run_end] not in ("*", ".*", "(?:.*/)?", "/"):
            run_end += 1
        run = "".join(tokens[k + 1:run_end])
        if run and run_end < len(tokens) and tokens[run_end] == "*":
            out.append(_atomic(f"[^/]*?{run}"))
        else:
            out.append("[^/]*" + run)
        k = run_end
    return out


#: Names for the groups of :func:`_atomic`, unique over every pattern (they are joined in one).
_ATOMIC_GROUPS = itertools.count()


def _atomic(regex: str) -> str:
    """An atomic group (``(?>...)``, which Python reads from 3.11 on) written so that 3.10 reads
    it too: the lookahead takes its one match, and the backreference consumes it, with no way
    back into it."""
    name = f"atomic{next(_ATOMIC_GROUPS)}"
    return f"(?=(?P<{name}>{regex}))(?P={name})"


@lru_cache(maxsize=16)
def _any_exclude(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One regular expression for all of ``patterns`` that a file's own path may match, and one for
    those a folder's may: a path is tried against each pattern only when one of them matches, so
    1,000 patterns over 10,000 files take a second, not minutes."""
    compiled = [_exclude_regex(pattern) for pattern in dict.fromkeys(patterns)]  # (each group once)
    files = "|".join(f"(?:{regex.pattern})" for regex, folders_only in compiled if not folders_only)
    folders = "|".join(f"(?:{regex.pattern})" for regex, _ in compiled)
    return re.compile(files or "(?!)", re.DOTALL), re.compile(folders, re.DOTALL)


def _composed(text: str) -> str:
    """``text`` with its accented letters in one form (NFC): a name the file system keeps
    decomposed (macOS's HFS+, a file copied from there: 'e' and a combining accent) matched no
    pattern written with 'é', which looks the same."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@lru_cache(maxsize=16)
def _as_written(patterns: tuple[str, ...], root: str) -> dict[str, str]:
    """Each of ``patterns`` as it is matched (an absolute path into ``root`` from there), by the
    pattern it is matched as (the first, when two are one)."""
    read: dict[str, str] = {}
    for pattern in patterns:
        read.setdefault(_from_root(pattern, root) or pattern, pattern)
    return read


def _below(path: str, root: str | os.PathLike[str]) -> list[str] | None:
    """The names of the absolute ``path`` from ``root`` down, or None if it is not below it."""
    try:
        parts = Path(os.path.relpath(path, os.path.abspath(root))).as_posix().split("/")
    except ValueError:  # another drive (Windows)
        return None
    return None if parts[0] in ("..", ".") else parts


def excluded_by(path: str | os.PathLike[str], patterns: Sequence[str], root: str | os.PathLike[str]
                ) -> str | None:
    """The first of the ``exclude`` ``patterns`` that ``path`` matches (the file, or a folder it is
    in, below ``root``, the settings file's folder), or None. A path outside ``root`` matches none."""
    if not patterns:
        return None
    parts = _below(os.path.abspath(path), root)
    if parts is None:
        # Reached through a link to a folder ("/tmp" to "/private/tmp" on macOS, a repository
        # linked into the home folder), while ``root`` is the settings file's real folder: the
        # patterns were passed over. The file's own name stays as given (a link is matched by it).
        real = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
        parts = _below(real, root)
    if parts is None:
        return None
    parts = [_composed(part) for part in parts]
    read = _as_written(tuple(patterns), os.fspath(root))
    any_file, any_folder = _any_exclude(tuple(read))
    if not (any_file.fullmatch("/".join(parts))
            or any(any_folder.fullmatch("/".join(parts[:end])) for end in range(1, len(parts)))):
        return None
    for pattern, written in read.items():
        regex, folders_only = _exclude_regex(pattern)
        # The file itself (unless the pattern names folders), else any folder it is in.
        ends = range(1, len(parts)) if folders_only else range(1, len(parts) + 1)
        if any(regex.fullmatch("/".join(parts[:end])) for end in ends):
            return written
    return None


#: The variables that name a place to git, read from the current folder (a hook's are relative).
GIT_PLACES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")


def _not_ignored_by_git(folder: Path, files: list[str]) -> list[str]:
    """``files`` (found in ``folder``) without those git ignores (.gitignore, .git/info/exclude,
    core.excludesFile) and does not track; all of them where git cannot say (no git, no
    repository): leaving files out is a convenience, never a reason to lose one.

    A repository nested in ``folder`` (a submodule, or one cloned inside) is asked too, for the
    files in it: git reads its .gitignore files, not the outer repository's, and the outer one
    lists the nested folder as a whole, so its ignored files were all checked."""
    # A hook's GIT_DIR (".git", from the top of the work tree) holds for the folder git is run
    # in, and makes that folder the top of the work tree: run from ``folder``, git found no
    # repository there (or read the .gitignore files from the wrong top) and nothing was left out.
    # (With GIT_WORK_TREE too, the top is named: from ``folder``, with the names made absolute.)
    base = Path.cwd() if "GIT_DIR" in os.environ and "GIT_WORK_TREE" not in os.environ else folder
    places = {name: os.path.abspath(os.environ[name]) for name in GIT_PLACES if os.environ.get(name)}
    kept = _not_ignored_in(base, os.path.relpath(folder, base), files, places)
    for nested in _nested_repositories(folder, kept):
        inside = [name for name in kept if Path(name).is_relative_to(nested)]
        if inside:
            left = set(_not_ignored_in(nested, ".", inside, _places_of(nested) if places else {}))
            kept = [name for name in kept if name in left or not Path(name).is_relative_to(nested)]
    return kept


def _not_ignored_in(base: Path, folder: str, files: list[str], places: dict[str, str]) -> list[str]:
    """``files`` without those git, run in ``base`` with ``places`` set, ignores in ``folder``
    (named from ``base``) and does not track."""
    if not files:
        return files
    from pmkit.history import git_output

    # The untracked files git ignores, a whole ignored folder as one entry ending in '/', named
    # from ``base``: git walks the folder itself, faster than it answers for each file.
    out = git_output(["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory",
                      "--", folder], base, env=places)
    entries = [os.fsdecode(entry) for entry in (out or b"").split(b"\0") if entry]
    if not entries:
        return files
    if "./" in entries:  # ``folder`` itself, named on the command line, is ignored as a whole
        return []
    ignored = set(entries)
    folders = tuple(entry for entry in entries if entry.endswith("/"))
    kept = []
    for name in files:
        inside = Path(os.path.relpath(name, base)).as_posix()
        if inside not in ignored and not (inside + "/").startswith(folders):
            kept.append(name)
    return kept


def _nested_repositories(folder: Path, files: list[str]) -> list[Path]:
    """The folders below ``folder`` (not itself) that hold a ``.git`` of their own and one of
    ``files``, outer ones first."""
    found: set[Path] = set()
    seen: set[Path] = set()
    for name in dict.fromkeys(map(os.path.dirname, files)):  # (each folder of the files once)
        below = Path(name)
        for parent in (below, *below.parents):
            if parent == folder or parent in seen or not parent.is_relative_to(folder):
                break
            seen.add(parent)
            if os.path.lexists(parent / ".git"):
                found.add(parent)
    return sorted(found, key=lambda path: len(path.parts))


def _places_of(repository: Path) -> dict[str, str]:
    """The repository, work tree and index of the repository at ``repository``, for a git run
    there while the environment names another's (a hook's GIT_DIR and GIT_INDEX_FILE)."""
    dot_git = repository / ".git"
    git_dir = dot_git
    if dot_git.is_file():  # a submodule's or a linked worktree's "gitdir: ../.git/modules/x"
        try:
            line = dot_git.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        except (OSError, IndexError):
            line = ""
        if line.startswith("gitdir:"):
            git_dir = repository / line.removeprefix("gitdir:").strip()
    return {"GIT_DIR": os.path.abspath(git_dir), "GIT_WORK_TREE": os.path.abspath(repository),
            "GIT_INDEX_FILE": os.path.abspath(git_dir / "index")}


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be checked at all (said instead of a traceback), or None."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return _missing(os.fspath(path))
    except NotADirectoryError:  # "not a directory" named neither the file in the way nor its kind
        name = os.fsdecode(path)
        blocking = next((up for up in (Path(name), *Path(name).parents)  # ("notes.txt/": the name itself)
                         if os.path.lexists(up) and not os.path.isdir(up)), None)
        return "not a directory" if blocking is None else f"{blocking} is a file, not a folder"
    except PermissionError as exc:  # a folder above it that this user may not enter
        return _not_searchable(os.fsdecode(path)) or (exc.strerror or str(exc)).lower()
    except OSError as exc:  # a name too long, a symlink loop
        return (exc.strerror or str(exc)).lower()
    except ValueError:
        return "the path contains a NUL character"
    return None


#: Why the root of the file system is not a folder to check.
ROOT_REFUSED = ("is the root of the file system, which pmkit does not search for postmortems: name the "
                "folder of postmortems instead (e.g. 'postmortems')")


def walk_problem(path: str | os.PathLike[str]) -> str | None:
    """:func:`path_problem` of a path to search for postmortems (``check``, ``due``, ``stats``):
    also the root of the file system ('pmkit check /', or paths = ["/"]), whose walk read every
    folder of the machine for minutes without a word. (A command that takes one file says what
    it says of any folder.)"""
    return path_problem(path) or (ROOT_REFUSED if is_file_system_root(path) else None)


def is_file_system_root(path: str | os.PathLike[str]) -> bool:
    """Whether ``path``, an existing file or folder, is the root of the file system ('/', '/..',
    a link to it; on Windows the system drive's root, not another drive or a network share,
    which may hold nothing but postmortems)."""
    real = os.path.realpath(path)
    if os.path.dirname(real) != real:
        return False
    if os.name != "nt":
        return True
    return os.path.normcase(real) == os.path.normcase(os.environ.get("SYSTEMDRIVE", "C:") + os.sep)


def _not_searchable(name: str) -> str | None:
    """"permission denied", with the folder of ``name``'s path that this user may not enter
    (search permission, the x of chmod) and how to let them, or None if none is found."""
    from pmkit.formats.text import shell_word

    for folder in reversed(Path(name).parents):
        if os.path.isdir(folder) and not os.access(folder, os.X_OK):
            return (f"permission denied: the folder {folder} may not be entered by the user who runs "
                    f"pmkit; let them (chmod a+x {shell_word(str(folder))}), or check the file elsewhere")
    return None


def _missing(path: str | bytes) -> str:
    """What a name that names nothing may be instead: a link whose target is gone, or a
    wildcard pattern that reached pmkit unexpanded (quoted, or from a tool that passes
    arguments without a shell), which a plain "no such file" leaves a puzzle."""
    if os.path.islink(path):
        return "a symbolic link to a missing file"
    if path in ("-", b"-"):  # many tools' name for standard input, which pmkit does not read
        return ("no such file; pmkit does not read standard input: save the postmortem in a file "
                "and pass its name")
    if isinstance(path, str) and any(c in path for c in "*?["):
        import glob

        if glob.glob(path, recursive=True):
            return ("no such file or folder; it is a pattern, which pmkit does not expand: leave it "
                    "unquoted for the shell to expand, or pass the folder")
    if isinstance(path, str) and path.startswith("~") and os.path.exists(os.path.expanduser(path)):
        # ('paths = ["~/postmortems"]' in the settings, or a quoted "~/pm" on the command line)
        return ("no such file or folder; '~' names the home folder only to a shell, which did not expand it "
                f"here: write {os.path.expanduser(path)!r}, or a path relative to the repository")
    if isinstance(path, str) and (bare := in_bare_repository([path])):
        # (run inside a clone made with 'git clone --bare': the folder it looks for is in no work tree)
        return bare[path]
    return "no such file or folder"


def in_bare_repository(paths: Sequence[str]) -> dict[str, str]:
    """Of ``paths``, those inside the folder of a repository that is set to be bare (a clone made
    with ``git clone --bare``, where the command runs or that it names), each with what to say
    of it: the repository has no work tree for a postmortem to be in. Called an empty folder or
    checked as a file of a work tree, ``pmkit check b.git`` passed on nothing. A few looks at
    the folders up from each path (see :func:`pmkit.gitplace.bare_repositories`); git is asked
    only of those inside a repository's own folder, once for each repository."""
    from pmkit.gitplace import bare_repositories

    found = bare_repositories(paths)
    if not found:
        return {}
    from pmkit.history import no_work_tree

    # git is asked once for each repository: its answer is the same for every path in its folder.
    said: dict[str, str | None] = {}
    for path, repository in found.items():
        if repository not in said:
            said[repository] = no_work_tree(path)
    return {path: why for path, repository in found.items() if (why := said[repository]) is not None}


def said_in_bare_repository(paths: Sequence[str]) -> bool:
    """Say on stderr which of ``paths`` are inside a bare repository's folder (see
    :func:`in_bare_repository`); whether any is, and the command ends with exit code 2."""
    from pmkit.console import complain

    bare = in_bare_repository(paths)
    for path, why in bare.items():
        complain(f"pmkit: {path}: {why}")
    return bool(bare)


def path_names(paths: object, what: str = "paths") -> list[str]:
    """``paths`` (one name, or an iterable of names as str, bytes or os.PathLike) as a list of
    str; a TypeError that says what was given otherwise.

    An iterable is not always a list of names: an open file yields its lines, each then
    checked as a file name (the report listed them as the files checked), and a Postmortem
    model yields its fields as (name, value) pairs, which failed inside os.fsdecode."""
    # One name is one path, not a sequence of one-letter names: "/srv/pm" was "/", "s", ...,
    # and the walk of "/" went through the whole file system.
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [os.fsdecode(paths)]
    if hasattr(paths, "read"):  # an open file (io's, or anything that reads like one)
        name = getattr(paths, "name", None)
        given = f" (pass its name, {name!r})" if isinstance(name, (str, bytes)) else ""
        raise TypeError(f"{what} must be file or folder names, not an open file{given}")
    model = sys.modules.get("pmkit.model")  # not imported: no Postmortem exists
    if model is not None and isinstance(paths, model.Postmortem):
        raise TypeError(f"{what} must be file or folder names, not a Postmortem: pmkit.validate(pm) "
                        "checks a model")
    if isinstance(paths, Mapping):  # its keys would be taken as the names, its values dropped
        raise TypeError(f"{what} must be file or folder names, not a {type(paths).__name__}: pass "
                        "a list of the names (list(d) for its keys)")
    try:
        items = list(paths)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{what} must be a file or folder name (str, bytes or os.PathLike) or a list "
                        f"of them, not {type(paths).__name__}") from None
    for index, item in enumerate(items):
        if not isinstance(item, (str, bytes, os.PathLike)):
            raise TypeError(f"{what}[{index}] must be a file or folder name (str, bytes or os.PathLike), "
                            f"not {type(item).__name__}")
    return [os.fsdecode(item) for item in items]


def discover(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
             config: Config | None = None) -> list[str]:
    """Expand folders into postmortem files (sorted); files given by name are kept as given.

    Inside folders, only ``.yaml``/``.yml`` files and Markdown files that start with front
    matter, or whose headings name two or more postmortem sections, count: a README next to
    the postmortems is not one; hidden files and folders do not count.
    With ``config``, its ``exclude`` patterns leave out the files they match (named ones too),
    and files found in folders that git ignores are left out unless ``respect-gitignore`` is off.
    One path may be given alone, and names as bytes, as :func:`pmkit.check` takes them.
    """
    found: list[str] = []
    for given in path_names(paths):
        path = Path(given)
        # "" is no name at all, not the current folder (Path("") is "."): read as a file, it
        # is the finding that says so, as on the command line.
        if not given or not is_folder(path):
            found.append(given)
            continue
        walked = _walk(path)
        if config is not None and config.respect_gitignore:
            walked = _not_ignored_by_git(path, walked)
        found.extend(walked)
    if config is not None and config.exclude:
        found = [name for name in found if not name or excluded_by(name, config.exclude, config.root) is None]
    # One file named twice ("pm/a.yaml ./pm/a.yaml", a folder and a file in it, a symlink or a
    # hard link beside its target) is checked and counted once, under the first name given:
    # otherwise stats and due would count one incident twice.
    unique: dict[object, str] = {}
    for name in found:
        unique.setdefault(_identity(name), name)
    return list(unique.values())


def _walk(path: Path) -> list[str]:
    """The postmortem files in the folder ``path``, and its folders that may not be listed."""
    found: list[str] = []
    # A folder in it that may not be listed is kept as a name: reading it, the loader says
    # that its postmortems were not checked. Skipped, as os.walk does by default, the run
    # passed without a word about them.
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(path, onerror=unreadable.append):
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
            if suffix in MARKDOWN_SUFFIXES and not markdown_postmortem(candidate):
                continue
            found.append(str(candidate))
    found.extend(str(Path(error.filename)) for error in unreadable if error.filename is not None)
    return found


def no_postmortems(folder: str) -> str:
    """What to say of a folder named on the command line in which no postmortem was found. A
    folder whose postmortems are behind a link to another folder (``2024 -> ../archive/2024``)
    gets the links named: pmkit, as git and most linters, does not follow them, and "no
    postmortem files" alone sent the author looking at files that are there."""
    message = ("no postmortem files in this folder (.yaml or .yml files, or Markdown files that open "
               "with front matter or have two or more of a postmortem's section headings, such as "
               "'## Summary' and '## Timeline')")
    links: list[str] = []
    for root, dirs, _files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        links.extend(os.path.join(root, d) for d in dirs if os.path.islink(os.path.join(root, d)))
        if len(links) > 3:
            break
    if not links:
        return message
    shown = ", ".join(f"{name} -> {link_target(name) or '?'}" for name in links[:3])
    more = ", ..." if len(links) > 3 else ""
    return f"{message}; pmkit does not follow a link to a folder: name the folder it leads to ({shown}{more})"


def not_checked_out(folder: str) -> str:
    """What to say of a path inside the submodule ``folder`` that is not checked out (its folder
    itself, or a path below it): the postmortems are not there to be found until it is."""
    return (f"inside the submodule {folder}, which is not checked out: run 'git submodule update "
            f"--init {folder}' first")


def _identity(name: str) -> object:
    """What makes two names one file: its device and inode, or (if it cannot be read, which the
    loader then reports) its absolute name."""
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return os.path.normcase(os.path.abspath(name))
    return (info.st_dev, info.st_ino)


def read_as_postmortem(path: str) -> bool | None:
    """For an existing Markdown file, whether a check of its folder reads it as a postmortem
    (:func:`markdown_postmortem`) or passes it over (a README); None for anything else."""
    target = Path(path)
    if target.suffix.lower() not in MARKDOWN_SUFFIXES or not target.is_file():
        return None
    return markdown_postmortem(target)


def markdown_postmortem(path: Path) -> bool:
    """Whether a folder's check reads the Markdown file ``path`` as a postmortem: it opens with
    front matter, has one below a title line, or has a postmortem's section headings."""
    return _has_front_matter(path) or _reads_like_postmortem(path) or _has_front_matter_below(path)


def _has_front_matter(path: Path) -> bool:
    """Whether the file opens with front matter, as the loader reads it (a UTF-8 byte order mark
    before it and blanks after it are allowed), or would but for blank lines before it.

    Anything but a regular file (a named pipe, a socket, a device) is not read, which could
    block for ever, but kept: the loader reports it as not a regular file, as it does for
    ``.yaml``; so is a file that may not be read, or a symbolic link to a missing file (the
    loader says so, where skipping it passed the run without a word of it).
    """
    try:
        head = read_regular(path, 64)
    except (NotRegularFile, PermissionError):
        return True  # kept: the loader says what it is, or that it may not be read
    except OSError:  # a link to a missing file or in a loop: kept, the loader names it, as a '.yaml'
        return os.path.islink(path)
    wide = wide_codec(head)
    if wide:  # kept: the loader then says it is not UTF-8, rather than nothing being said
        head = head.decode(wide[1], "ignore").encode("utf-8")
    # Blank lines before the '---' too: the loader then says front matter must open the file,
    # rather than the file being passed over without a word.
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    line = re.split(rb"[\r\n]", first, maxsplit=1)[0].rstrip()
    if delimiter_in_disguise(line.decode("utf-8", "replace")):
        return True  # "---\u00a0": kept, the loader says which character keeps it from opening
    # "----" over the fields too: the loader then says that front matter opens with three dashes.
    return line == b"---" or (re.fullmatch(rb"-{4,}", line) is not None
                              and re.search(rb"[\r\n](?:pmkit|id|title)[ \t]*:", first) is not None)


def _has_front_matter_below(path: Path) -> bool:
    """Whether the file holds a front matter with postmortem fields below a title line ("# Incident
    report" above the '---'), which the loader reports (PM007) rather than it being passed over."""
    try:
        head = read_regular(path, _HEADINGS_READ)
    except OSError:
        return False
    from pmkit.loader import front_matter_below

    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").replace("\r\n", "\n")
    return front_matter_below(text) is not None


def _reads_like_postmortem(path: Path) -> bool:
    """Whether a Markdown file without front matter has the sections of a postmortem (two or
    more headings outside code blocks named as pmkit's sections), so that a folder check
    reports its missing fields instead of passing it over in silence."""
    try:
        head = read_regular(path, _HEADINGS_READ)
    except OSError:
        return False
    from pmkit.markdown import normalise

    known = _section_names()
    named: set[str] = set()
    fenced = False
    previous = b""  # the line before, outside code: the text of a setext heading ("Summary⏎---")
    for line in head.splitlines():
        if _FENCE_LINE.match(line):
            fenced, previous = not fenced, b""
            continue
        if fenced:
            continue
        heading = _HEADING_LINE.match(line)
        text = heading.group(1).rstrip(b"#") if heading else previous if _SETEXT_LINE.match(line) else None
        previous = line if line.strip() else b""
        if text is not None and (title := normalise(text.decode("utf-8", "replace").strip())) in known:
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
