"""The command's cache of compiled regular expressions (pmkit.patterncache): the same patterns
and findings as without it, nothing written in the checked repository, and no failure from a
cache that is damaged, unwritable or turned off."""

from __future__ import annotations
import __future__

import ast
import dataclasses
import hashlib
import json
import marshal
import os
import re
import subprocess
import sys
import types
import typing
import zlib
from pathlib import Path

import pytest

from helpers import FLAWED_EXAMPLE
from pmkit import patterncache

SRC = Path(__file__).resolve().parent.parent / "src"
pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="no pattern cache before Python 3.11")

#: Patterns of every kind the cache has to give back exactly: named and numbered groups, flags
#: set by argument and inline, bytes, look-behind, possessive-free repetition, Unicode classes.
PATTERNS = [
    (r"(?P<who>\w+) (?:should|could) have (?P<what>[^.]+)\.", 0),
    (r"\bhuman error\b", re.IGNORECASE),
    (r"(?i)(?<![\w-])menschliches? versagen", 0),
    (r"^(\d{4})-(\d{2})-(\d{2})$", re.MULTILINE),
    (r"[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
    (rb"^diff --git (?P<a>\S+) (?P<b>\S+)$", re.MULTILINE),
    (r"a{2,5}?b|c*", re.VERBOSE),
]
SUBJECTS = ["Dana should have checked the replica. ", "HUMAN ERROR", "das menschliche Versagen",
            "2025-03-28\n2025-3-28", "tab\there \x00", "aaab c"]

_PROBE = r"""
import json, re, sys
from pmkit import patterncache
patterncache.install()
# (installing imports dataclasses, whose imports compile a few patterns of their own)
before = set(patterncache._installed._fresh) if patterncache._installed else set()
cases = json.loads(sys.argv[1])
out = []
for pattern, flags, subjects in cases:
    p = re.compile(pattern.encode("latin-1") if flags & 1024 else pattern, flags & ~1024)
    matches = []
    for s in subjects:
        s = s.encode("latin-1", "replace") if isinstance(p.pattern, bytes) else s
        matches.append([(m.span(), [str(g) for g in m.groups()]) for m in p.finditer(s)])
    out.append([p.flags, p.groups, dict(p.groupindex), matches])
cache = patterncache._installed
new = set(cache._fresh) - before if cache else set()
print(json.dumps({"result": out, "compiled": sum(isinstance(key[1], int) for key in new) if cache else None}))
"""


def _cases() -> str:
    cases = []
    for pattern, flags in PATTERNS:
        text = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
        cases.append([text, int(flags) | (1024 if isinstance(pattern, bytes) else 0), SUBJECTS])
    return json.dumps(cases)


def _probe(cache: Path | None, **env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PMKIT_")}
    environ.update(PYTHONPATH=str(SRC), **env)
    if cache is not None:
        environ["PMKIT_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", _PROBE, _cases()], capture_output=True, text=True,
                          env=environ, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_patterns_from_the_cache_match_exactly_as_compiled_ones(tmp_path: Path) -> None:
    uncached = _probe(None, PMKIT_NO_CACHE="1")
    assert uncached["compiled"] is None  # turned off: re is left alone
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    assert first["compiled"] == len(PATTERNS)  # all new, then written
    assert second["compiled"] == 0  # every one read back from the cache
    assert first["result"] == second["result"] == uncached["result"]
    assert len(list(tmp_path.glob("patterns-*.bin"))) == 1


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    expected = _probe(None, PMKIT_NO_CACHE="1")["result"]
    _probe(tmp_path)
    (cache_file,) = tmp_path.glob("patterns-*.bin")
    for damage in (b"", b"\x00garbage", cache_file.read_bytes()[: cache_file.stat().st_size // 2]):
        cache_file.write_bytes(damage)
        assert _probe(tmp_path)["result"] == expected
    # A file whose checksum holds but whose programs the matcher refuses (from another build of
    # the matcher, or written by hand), or whose entries are not what pmkit writes: compiled anew.
    _probe(tmp_path)
    stored = {key: marshal.loads(raw) for key, raw in _entries_of(cache_file).items()}
    assert len(stored) == len(PATTERNS)
    for entries in ({key: (flags, b"\x00\x00\x00\x00" * 3, groups, index, names)
                     for key, (flags, _, groups, index, names) in stored.items()},
                    dict.fromkeys(stored, ("not", "an", "entry")), dict.fromkeys(stored, 7)):
        cache_file.write_bytes(patterncache._Stored.written({key: marshal.dumps(entry)
                                                            for key, entry in entries.items()}))
        damaged = _probe(tmp_path)
        assert damaged["result"] == expected
        assert damaged["compiled"] == len(PATTERNS)


#: The cache's keys of :data:`PATTERNS` (the file also holds what the probe's imports compiled).
_PROBED = {(pattern, int(flags)) for pattern, flags in PATTERNS}


def _entries_of(cache_file: Path) -> dict[object, bytes]:
    """The entries of :data:`PATTERNS` in ``cache_file``."""
    return {key: raw for key, raw in patterncache._Stored.parse(cache_file.read_bytes()).entries().items()
            if key in _PROBED}


def test_a_damaged_entry_is_compiled_anew_and_the_others_are_read(tmp_path: Path) -> None:
    expected = _probe(None, PMKIT_NO_CACHE="1")["result"]
    _probe(tmp_path)
    (cache_file,) = tmp_path.glob("patterns-*.bin")
    raw = bytearray(cache_file.read_bytes())
    raw[-1] ^= 0xFF  # the last entry's bytes, its checksum in the index unchanged
    cache_file.write_bytes(bytes(raw))
    assert len(_entries_of(cache_file)) == len(PATTERNS) - 1
    damaged = _probe(tmp_path)
    assert damaged["result"] == expected
    assert damaged["compiled"] == 1  # that one alone, and saved again
    assert len(_entries_of(cache_file)) == len(PATTERNS)
    assert _probe(tmp_path)["compiled"] == 0
    # The index's own damage, or a file of the first format: nothing is read, all is written anew.
    for damage in (cache_file.read_bytes().replace(b"pmkit-patterns-2\n", b"pmkit-patterns-3\n"),
                   cache_file.read_bytes()[:len(patterncache._MAGIC) + 30],
                   b"pmkit-patterns\n" + b"%08x" % zlib.crc32(b"x") + b"x"):
        cache_file.write_bytes(damage)
        again = _probe(tmp_path)
        assert (again["result"], again["compiled"]) == (expected, len(PATTERNS))
        assert len(_entries_of(cache_file)) == len(PATTERNS)


def test_a_run_decodes_only_the_entries_it_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = {(f"p{i}", 0): marshal.dumps((0, b"", 0, {}, (None,))) for i in range(50)}
    stored = patterncache._Stored.parse(patterncache._Stored.written(entries))
    decoded: list[object] = []
    real = marshal.loads
    monkeypatch.setattr(patterncache.marshal, "loads", lambda data: decoded.append(1) or real(data))
    assert stored.entry(("p7", 0)) == (0, b"", 0, {}, (None,))
    assert stored.entry(("missing", 0)) is None
    assert len(decoded) == 1


def test_a_cache_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("in the way\n")
    expected = _probe(None, PMKIT_NO_CACHE="1")["result"]
    assert _probe(blocked)["result"] == expected
    assert blocked.read_text() == "in the way\n"


def _command(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PMKIT_", "XDG_"))}
    environ.update(PYTHONPATH=str(SRC), PMKIT_NOW="2026-11-25T00:00:00Z", **env)
    return subprocess.run([sys.executable, "-m", "pmkit", *args], cwd=cwd, capture_output=True, text=True,
                          env=environ, timeout=120)


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_command_keeps_its_cache_in_the_users_cache_folder_not_the_repository(tmp_path: Path) -> None:
    repo, home = tmp_path / "repo", tmp_path / "home"
    repo.mkdir()
    home.mkdir()
    (repo / "pm.yaml").write_bytes(FLAWED_EXAMPLE.read_bytes())
    before = _tree(repo)
    first = _command(repo, "check", "--format", "json", "pm.yaml", HOME=str(home))
    second = _command(repo, "check", "--format", "json", "pm.yaml", HOME=str(home))
    off = _command(repo, "check", "--format", "json", "pm.yaml", HOME=str(home), PMKIT_NO_CACHE="1")
    assert first.returncode == second.returncode == off.returncode == 1
    assert "Traceback" not in first.stderr + second.stderr
    assert json.loads(first.stdout) == json.loads(second.stdout) == json.loads(off.stdout)
    assert _tree(repo) == before
    kept = sorted(p.name for p in (home / ".cache" / "pmkit").iterdir())
    assert kept[:2] == ["findings.bin", "lexicons.bin"] and kept[2].startswith("patterns-") \
        and kept[3:] == ["policies.bin", "scores.bin"]
    xdg = tmp_path / "xdg"
    assert _command(repo, "check", "pm.yaml", HOME=str(home), XDG_CACHE_HOME=str(xdg)).returncode == 1
    assert len(list((xdg / "pmkit").glob("patterns-*.bin"))) == 1


def test_a_second_run_compiles_no_pattern_again(tmp_path: Path) -> None:
    """On two cores the rules of one file are split over two processes: the patterns of both
    are kept, so that a second run, in one process, compiles none."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PMKIT_")}
    environ.update(PYTHONPATH=str(SRC), PMKIT_CACHE_DIR=str(tmp_path), PMKIT_NOW="2026-11-25T00:00:00Z")
    # (--format text, the default, has argparse compile the same pattern as --jobs 1 below.)
    first = subprocess.run([sys.executable, "-m", "pmkit", "check", "--format", "text", str(FLAWED_EXAMPLE)],
                           capture_output=True, text=True, env=environ, timeout=120)
    assert first.returncode == 1, first.stderr
    code = ("import sys\nfrom pmkit import patterncache\npatterncache.install()\n"
            "from pmkit.cli import main\nrc = main(sys.argv[1:])\n"
            "fresh = patterncache._installed._fresh\n"
            "print('compiled', sum(isinstance(key[1], int) for key in fresh), 'code', "
            "sum(isinstance(key[1], str) for key in fresh), file=sys.stderr)\nraise SystemExit(rc)\n")
    second = subprocess.run([sys.executable, "-c", code, "check", "--jobs", "1", str(FLAWED_EXAMPLE)],
                            capture_output=True, text=True, env=environ, timeout=120)
    assert second.returncode == 1, second.stderr
    # No pattern compiled again, and no dataclass method or string annotation either.
    assert second.stderr.rsplit("compiled ", 1)[1].split() == ["0", "code", "0"]


def test_the_library_leaves_re_alone() -> None:
    import pmkit

    compiler = re._compiler.compile  # type: ignore[attr-defined]
    pmkit.check(str(FLAWED_EXAMPLE))
    assert re._compiler.compile is compiler  # type: ignore[attr-defined]
    assert patterncache._installed is None
    # Nor does it touch how dataclasses and typing compile their source.
    assert "exec" not in vars(dataclasses) and "compile" not in vars(typing)


_CODE_PROBE = r"""
import json, sys
from pmkit import patterncache
patterncache.install()
import dataclasses, typing
from dataclasses import KW_ONLY, InitVar, dataclass, field

@dataclass(frozen=True, order=True)
class Point:
    x: int
    y: "int" = 0

@dataclass(slots=True, kw_only=True)
class Tagged:
    name: str
    tags: list[str] = field(default_factory=list)
    kind: typing.ClassVar[str] = "tag"

@dataclass(eq=False)
class Late:
    seed: InitVar[int]
    total: int = field(init=False, default=0)

    def __post_init__(self, seed: int) -> None:
        self.total = seed * 2

@dataclass(unsafe_hash=True)
class Mixed:
    a: "dict[str, list[int]] | None"
    _: KW_ONLY
    b: str = "b"

def methods(cls):
    # The methods dataclasses made, as compiled: their code and what they annotate.
    return {name: [value.__code__.co_code.hex(), repr(value.__code__.co_consts), value.__code__.co_names,
                   value.__code__.co_varnames, value.__code__.co_flags, repr(value.__annotations__)]
            for name, value in sorted(vars(cls).items())
            if getattr(getattr(value, "__code__", None), "co_filename", "") == "<string>"}

try:
    Point(1).x = 2
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
ref = typing.ForwardRef("dict[str, list[int]] | None")
cache = patterncache._installed
print(json.dumps({
    "methods": {cls.__name__: methods(cls) for cls in (Point, Tagged, Late, Mixed)},
    "behaviour": [repr(Point(1, 2)), Point(1, 2) < Point(2, 0), hash(Point(1, 2)) == hash(Point(1, 2)),
                  repr(Tagged(name="n")), Late(3).total, repr(Mixed({"k": [1]}, b="c")), frozen,
                  hash(Mixed(None)) == hash(Mixed(None)), Late(1) == Late(1)],
    "annotations": [ref.__forward_code__.co_code.hex(), repr(typing.get_type_hints(Point)),
                    repr({k: v for k, v in typing.get_type_hints(Mixed).items() if k != "_"})],
    "compiled": sum(isinstance(key[1], str) for key in cache._fresh) if cache else None,
}))
"""


def _code_probe(cache: Path | None, **env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PMKIT_")}
    environ.update(PYTHONPATH=str(SRC), **env)
    if cache is not None:
        environ["PMKIT_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", _CODE_PROBE], capture_output=True, text=True, env=environ,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _without_count(result: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in result.items() if key != "compiled"}


def test_dataclass_methods_and_annotations_from_the_cache_are_the_ones_compiled(tmp_path: Path) -> None:
    uncached = _code_probe(None, PMKIT_NO_CACHE="1")
    assert uncached["compiled"] is None
    first = _code_probe(tmp_path)
    second = _code_probe(tmp_path)
    # Each class's methods, and each string annotation: compiled, then read back.
    assert isinstance(first["compiled"], int) and first["compiled"] >= 12
    assert second["compiled"] == 0
    assert _without_count(first) == _without_count(second) == _without_count(uncached)
    assert uncached["behaviour"] == ["Point(x=1, y=2)", True, True, "Tagged(name='n', tags=[])", 6,
                                     "Mixed(a={'k': [1]}, b='c')", True, True, False]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="the ownership of files is a POSIX matter")
@pytest.mark.parametrize("loosened", ["folder", "file"])
def test_code_is_taken_only_from_a_cache_no_one_else_can_write(tmp_path: Path, loosened: str) -> None:
    folder = tmp_path / "cache"
    first = _code_probe(folder)
    (cache_file,) = folder.glob("patterns-*.bin")
    (folder if loosened == "folder" else cache_file).chmod(0o777 if loosened == "folder" else 0o666)
    again = _code_probe(folder)
    assert again["compiled"] == first["compiled"]  # none of it taken: all compiled anew
    assert _without_count(again) == _without_count(first)
    (folder if loosened == "folder" else cache_file).chmod(0o700 if loosened == "folder" else 0o600)
    assert _code_probe(folder)["compiled"] == 0


def test_a_damaged_code_entry_is_compiled_anew(tmp_path: Path) -> None:
    expected = _without_count(_code_probe(None, PMKIT_NO_CACHE="1"))
    first = _code_probe(tmp_path)
    (cache_file,) = tmp_path.glob("patterns-*.bin")
    entries = patterncache._Stored.parse(cache_file.read_bytes()).entries()
    code_keys = [key for key in entries if isinstance(key[1], str)]
    assert len(code_keys) == first["compiled"]
    for stand_in in (7, "not code", ("a", "tuple")):
        entries.update((key, marshal.dumps(stand_in)) for key in code_keys)
        cache_file.write_bytes(patterncache._Stored.written(entries))
        damaged = _code_probe(tmp_path)
        assert (_without_count(damaged), damaged["compiled"]) == (expected, first["compiled"])
        entries = patterncache._Stored.parse(cache_file.read_bytes()).entries()


def test_code_is_compiled_with_the_callers_future_flags_only() -> None:
    with_annotations = types.ModuleType("with_annotations")
    exec("from __future__ import annotations", vars(with_annotations))
    assert patterncache.future_flags(with_annotations) == __future__.annotations.compiler_flag
    assert patterncache.future_flags(dataclasses) == 0  # (this module's own annotations import ignored)
    cache = patterncache._Cache(Path("unused"), re._compiler, None, None)  # type: ignore[attr-defined]
    source = "def f(x: undefined_name) -> None: pass"
    namespace: dict[str, object] = {}
    exec(cache.code(source, "exec", patterncache.future_flags(with_annotations)), namespace)
    assert namespace["f"].__annotations__ == {"x": "undefined_name", "return": "None"}  # type: ignore[attr-defined]
    with pytest.raises(NameError):
        exec(cache.code(source, "exec", 0), {})  # annotations evaluated: as dataclasses' exec does
    # What is not a code object for typing's ForwardRef (an AST, say) is compiled, not kept.
    kept = dict(cache._fresh)
    compile_ = cache.compile_for(typing)
    tree = compile_("x + 1", "<string>", "eval", ast.PyCF_ONLY_AST)
    assert isinstance(tree, ast.Expression)
    assert cache._fresh == kept


@pytest.mark.parametrize(("env", "expected"), [
    ({"PMKIT_NO_CACHE": "1"}, None),
    ({"PMKIT_NO_CACHE": "0", "PMKIT_CACHE_DIR": "/x/y"}, "/x/y"),
    ({"HOME": "{home}", "XDG_CACHE_HOME": "relative/ignored"}, "{home}/.cache/pmkit"),
    ({"HOME": "{home}", "XDG_CACHE_HOME": "/c"}, "/c/pmkit"),
    # A home that is no folder gets no cache (as root, a run made /nonexistent/.cache/pmkit).
    ({"HOME": "{home}/nonexistent"}, None),
    ({"HOME": "{home}/nonexistent", "XDG_CACHE_HOME": "/c"}, "/c/pmkit"),
    # A home that is no absolute path: the cache went into the repository checked, or /.cache.
    ({"HOME": "."}, None),
    ({"HOME": "postmortems"}, None),
    ({"HOME": ""}, None),
    ({"HOME": ".", "XDG_CACHE_HOME": "/c"}, "/c/pmkit"),
])
def test_where_the_cache_lives(env: dict[str, str], expected: str | None, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG layout is for Linux and other Unix systems")
    env = {key: value.format(home=tmp_path) for key, value in env.items()}
    monkeypatch.setenv("HOME", env.get("HOME", str(tmp_path)))
    where = None if expected is None else Path(expected.format(home=tmp_path))
    assert patterncache.cache_folder(env) == where
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="the ownership of files is a POSIX matter")
def test_entries_of_a_file_others_may_write_are_not_written_again(tmp_path: Path) -> None:
    """A run that saves what it compiled starts from the file as it is, but not from one that
    others may have written: its entries, written into a file of this user's, would be trusted
    (code run as it is) by the next run."""
    folder = tmp_path / "cache"
    _code_probe(folder)
    (cache_file,) = folder.glob("patterns-*.bin")
    entries = patterncache._Stored.parse(cache_file.read_bytes()).entries()
    planted: patterncache.Key = ("planted = 1\n", "exec 0")
    entries[planted] = marshal.dumps(compile("planted = 1\n", "<string>", "exec"))
    cache_file.write_bytes(patterncache._Stored.written(entries))
    cache_file.chmod(0o666)
    _code_probe(folder)  # (compiles everything anew, and saves it)
    (saved,) = folder.glob("patterns-*.bin")
    kept = patterncache._Stored.parse(saved.read_bytes()).entries()
    assert saved.stat().st_mode & 0o077 == 0
    assert kept and planted not in kept
    # The same for a memo.
    memo_file = folder / "kept.bin"
    memo = patterncache.Memo(memo_file)
    memo.put(("a text", "kind"), 1)
    memo.save()
    stored = patterncache._Stored.parse(memo_file.read_bytes()).entries()
    stored[("planted", "kind")] = marshal.dumps(("planted", 2))
    memo_file.write_bytes(patterncache._Stored.written(stored))
    memo_file.chmod(0o666)
    again = patterncache.Memo(memo_file)
    assert again.get(("a text", "kind")) is None  # (not read from a file others may write)
    again.put(("another text", "kind"), 3)
    again.save()
    assert set(patterncache._Stored.parse(memo_file.read_bytes()).entries()) == {
        patterncache.Memo._digest(("another text", "kind"))}


@pytest.mark.skipif(sys.platform == "win32", reason="a file mapped on Windows cannot be replaced")
def test_a_large_cache_of_this_users_is_mapped_and_read_as_written(tmp_path: Path) -> None:
    """A run maps a large cache file instead of reading it whole (a hook uses a few hundred of
    its thousands of entries), but only one that no one else may shorten while it is mapped;
    either way the entries read back are the ones written."""
    import mmap

    entries = {(f"p{i}" * 40, 0): marshal.dumps((0, bytes(64), 0, {}, (None,))) for i in range(2000)}
    cache_file = tmp_path / "cache" / "patterns.bin"
    cache_file.parent.mkdir(mode=0o700)
    cache_file.write_bytes(patterncache._Stored.written(entries))
    assert cache_file.stat().st_size > 65536
    cache_file.chmod(0o600)
    stored, trusted = patterncache._read_file(cache_file)
    assert trusted and isinstance(stored._data.obj, mmap.mmap)  # type: ignore[union-attr]
    assert stored.entries() == entries
    # Replaced by a rename (as pmkit writes it) while mapped: the mapped one reads as it was.
    new = cache_file.with_name("new.bin")
    new.write_bytes(patterncache._Stored.written({("q", 0): entries[("p1" * 40, 0)]}))
    os.replace(new, cache_file)
    assert stored.entry(("p7" * 40, 0)) == (0, bytes(64), 0, {}, (None,))
    if hasattr(os, "geteuid"):
        cache_file.chmod(0o666)  # others may write it, and so shorten it in place: read whole
        stored, trusted = patterncache._read_file(cache_file)
        assert not trusted and isinstance(stored._data.obj, bytes)  # type: ignore[union-attr]
        assert set(stored.entries()) == {("q", 0)}


def test_the_mapped_read_refuses_what_the_shared_read_refuses(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.fsutil import FileTooLarge, NotRegularFile, map_regular

    small = tmp_path / "small.bin"
    small.write_bytes(b"x" * 100)
    assert map_regular(small, 100) == b"x" * 100  # (a small file is read)
    with pytest.raises(FileTooLarge, match="is 100 bytes, over the limit of 99"):
        map_regular(small, 99)
    large = tmp_path / "large.bin"
    large.write_bytes(b"y" * 70000)
    assert map_regular(large, 70000)[:] == b"y" * 70000
    import mmap

    def cannot_map(*_args: object, **_kwargs: object) -> object:
        raise OSError(19, "No such device")  # (a file system that cannot map files)

    monkeypatch.setattr(mmap, "mmap", cannot_map)
    assert map_regular(large, 70000) == b"y" * 70000  # read instead
    with pytest.raises(IsADirectoryError if sys.platform != "win32" else OSError):
        map_regular(tmp_path, 100)  # (as read_regular and open() say it)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(NotRegularFile):  # (at once: no writer is waited for)
            map_regular(tmp_path / "pipe", 100)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_every_cache_folder_made_is_this_user_s_only(tmp_path: Path) -> None:
    """A cache folder several levels below one that exists: each level made is 0700, as the
    XDG base directory specification asks, not only the last (Python's mkdir(parents=True))."""
    folder = tmp_path / "x" / "a" / "b"
    patterncache._write(folder / "patterns-test.bin", {})
    for level in (tmp_path / "x", tmp_path / "x" / "a", folder):
        assert level.stat().st_mode & 0o777 == 0o700, level


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="the ownership of files is a POSIX matter")
@pytest.mark.parametrize("loosened", ["folder", "file"])
def test_a_pattern_is_taken_only_from_a_cache_no_one_else_can_write(tmp_path: Path, loosened: str) -> None:
    """The matcher checks a program for its form, not that it is the pattern's: a file planted
    in a cache folder others can write, with the program of '(?!)' for "human error", silenced
    the rule that looks for it."""
    compiler, parser = re._compiler, re._parser  # type: ignore[attr-defined]
    sre = compiler._sre
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "patterns.bin"
    maker = patterncache._Cache(path, compiler, parser, sre)
    maker.compile("(?!)", 0)
    never = maker._fresh[("(?!)", 0)]
    path.write_bytes(patterncache._Stored.written({("human error", 0): marshal.dumps(never)}))
    path.chmod(0o600)
    trusted = patterncache._Cache(path, compiler, parser, sre)
    assert trusted.compile("human error", 0).search("a human error") is None  # (its own file: read)
    (folder if loosened == "folder" else path).chmod(0o777 if loosened == "folder" else 0o666)
    shared = patterncache._Cache(path, compiler, parser, sre)
    assert shared.compile("human error", 0).search("a human error") is not None
