"""``pmkit init``: set a repository up for postmortems, idempotently.

Creates the postmortem folder, the ``[tool.pmkit]`` configuration (appended to an existing
``pyproject.toml``, else a new ``.pmkit.toml``) and the pmkit entry of
``.pre-commit-config.yaml``. Whatever exists is left alone; an existing file is only ever
appended to, written atomically, and checked to still parse before it is replaced. Running
it twice changes nothing.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmkit.commands import given
from pmkit.console import complain, emit
from pmkit.formats.text import visible

HELP = "set up a repository: postmortem folder, [tool.pmkit] and the pre-commit hook"

PMKIT_REPO = "https://github.com/pmkit/pmkit"
PMKIT_REV = "v0.1.0"
HOOK_ID = "pmkit"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=given, default="postmortems", metavar="DIR",
                        help="postmortem folder, relative to the repository (default: postmortems)")
    parser.add_argument("--timezone", default="UTC", metavar="ZONE",
                        help="IANA time zone for new postmortems (default: UTC)")
    parser.add_argument("--root", type=given, default=".", metavar="PATH", help="the repository (default: .)")


class InitError(Exception):
    """Something exists in a shape we cannot safely edit; the message says what to do."""


def _tomllib() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    return tomllib


def _read(path: Path) -> str:
    """The file's text with its line endings as they are (no newline translation)."""
    try:
        if not path.is_file():  # a named pipe would wait for a writer for ever
            raise InitError(f"{path.name} is not a regular file (a folder, pipe or device); "
                            "pmkit init edits files only")
        with path.open(encoding="utf-8", newline="") as stream:
            return stream.read()
    except UnicodeDecodeError as exc:
        raise InitError(f"{path.name} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                        f"offset {exc.start}); save it as UTF-8, then run pmkit init again") from None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _appended(text: str, block: str) -> str:
    """``text`` with ``block`` added at the end, separated by one blank line."""
    nl = _newline(text)
    block = block.replace("\n", nl)
    if not text.strip():
        return block
    if not text.endswith(("\n", "\r")):
        text += nl
    return text + nl + block


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's; TOML also escapes DEL)."""
    import json

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def config_block(folder: str, timezone: str) -> str:
    """The settings init writes, as a [tool.pmkit] table in either file: the docs' snippets
    ([tool.pmkit.history], ...) can then be pasted below them as they are."""
    return ("[tool.pmkit]\n# pmkit: https://github.com/pmkit/pmkit/blob/main/docs/authoring.md\n"
            f"paths = [{_toml_string(folder)}]\ntimezone = {_toml_string(timezone)}\n")


def ensure_config(root: Path, folder: str, timezone: str) -> str | None:
    """Add the configuration; returns what was done, or None when it was there already."""
    from pmkit.fsutil import write_atomic

    tomllib = _tomllib()
    dotfile = root / ".pmkit.toml"
    pyproject = root / "pyproject.toml"
    if dotfile.exists():
        return None
    if pyproject.exists():
        text = _read(pyproject)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InitError(f"pyproject.toml is not valid TOML ({exc}); fix it, then run pmkit init "
                            "again") from None
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise InitError("'tool' in pyproject.toml is not a table; fix it, then run pmkit init again")
        if "pmkit" in tool:
            if not isinstance(tool["pmkit"], dict):
                raise InitError("'tool.pmkit' in pyproject.toml is not a table; make it [tool.pmkit] "
                                "with pmkit's settings, then run pmkit init again")
            return None
        new = _appended(text, config_block(folder, timezone))
        try:
            ok = tomllib.loads(new).get("tool", {}).get("pmkit", {}).get("paths") == [folder]
        except (tomllib.TOMLDecodeError, AttributeError):
            ok = False
        if not ok:
            raise InitError("cannot append [tool.pmkit] to pyproject.toml safely (is 'tool' an inline "
                            "table?); add this yourself:\n\n" + config_block(folder, timezone))
        write_atomic(pyproject, new)
        return "added [tool.pmkit] to pyproject.toml"
    write_atomic(dotfile, config_block(folder, timezone), overwrite=False)
    return "created .pmkit.toml"


def pre_commit_entry(indent: str = "  ") -> str:
    inner = indent + "  "
    return (f"{indent}- repo: {PMKIT_REPO}\n{inner}rev: {PMKIT_REV}\n{inner}hooks:\n"
            f"{inner}  - id: {HOOK_ID}\n")


_REPOS = re.compile(r"^repos:[ \t]*(?P<rest>\S.*?)?[ \t]*(?:#.*)?$")


def _with_entry(text: str) -> str:
    """``text`` (a pre-commit config) with the pmkit entry appended to ``repos``."""
    nl = _newline(text)
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if _REPOS.match(line)), None)
    if start is None:
        return _appended(text, "repos:\n" + pre_commit_entry())
    rest = _REPOS.match(lines[start])
    assert rest is not None
    if rest.group("rest") == "[]":
        lines[start] = "repos:\n" + pre_commit_entry().rstrip("\n")
        return nl.join("\n".join(lines).split("\n"))
    if rest.group("rest"):
        raise InitError("'repos' in .pre-commit-config.yaml is written in flow style")
    indent: str | None = None
    last = start
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue  # blank lines and comments neither end the list nor extend it
        item = re.match(r"^( *)- ", line)
        if indent is None:
            if item is None:
                break
            indent = item.group(1)
        if not line.startswith(" ") and not (indent == "" and line.startswith("- ")):
            break  # the next top-level key
        last = index
    entry = pre_commit_entry("  " if indent is None else indent).rstrip("\n").split("\n")
    lines[last + 1:last + 1] = entry
    return nl.join(lines)


def ensure_pre_commit(root: Path) -> str | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from pmkit.fsutil import write_atomic

    path = root / ".pre-commit-config.yaml"
    if not path.exists():
        write_atomic(path, "repos:\n" + pre_commit_entry(), overwrite=False)
        return "created .pre-commit-config.yaml with the pmkit hook"
    text = _read(path)
    yaml = YAML(typ="safe", pure=True)
    try:
        data = yaml.load(text) or {}
    except YAMLError as exc:
        raise InitError(f".pre-commit-config.yaml is not valid YAML ({exc}); fix it first") from None
    repos = data.get("repos") if isinstance(data, dict) else None
    if isinstance(repos, list) and any(isinstance(r, dict) and r.get("repo") == PMKIT_REPO for r in repos):
        return None
    snippet = "\n\nAdd this entry under 'repos:' yourself:\n\n" + pre_commit_entry()
    try:
        new = _with_entry(text)
        after = yaml.load(new)
    except (InitError, YAMLError) as exc:
        raise InitError(f"cannot edit .pre-commit-config.yaml safely ({exc}).{snippet}") from None
    after_repos = after.get("repos") if isinstance(after, dict) else None
    before = repos if isinstance(repos, list) else []
    if not (isinstance(after_repos, list) and after_repos[:-1] == before
            and after_repos[-1] == {"repo": PMKIT_REPO, "rev": PMKIT_REV, "hooks": [{"id": HOOK_ID}]}
            and {k: v for k, v in after.items() if k != "repos"}
            == {k: v for k, v in (data if isinstance(data, dict) else {}).items() if k != "repos"}):
        raise InitError(f"cannot edit .pre-commit-config.yaml safely.{snippet}")
    write_atomic(path, new)
    return "added the pmkit hook to .pre-commit-config.yaml"


def ensure_folder(root: Path, folder: str) -> str | None:
    target = root / folder
    if target.exists():
        if not target.is_dir():
            raise InitError(f"{folder} exists and is not a folder")
        return None
    target.mkdir(parents=True)
    (target / ".gitkeep").touch()
    return f"created {folder}/"


def run(args: argparse.Namespace) -> int:
    from pmkit.model import resolve_zone

    root = Path(args.root).resolve()
    if not root.is_dir():
        complain(f"pmkit init: {args.root} is not a folder")
        return 2
    # Normalised first: "a/../../x" leaves the repository as surely as "../x" does.
    folder = posixpath.normpath(Path(args.dir).as_posix())
    if Path(args.dir).is_absolute() or folder in (".", "") or folder.split("/")[0] == "..":
        complain("pmkit init: --dir must be a folder inside the repository")
        return 2
    try:
        folder.encode("utf-8")
    except UnicodeEncodeError:  # a name that is not UTF-8 cannot be written into .pmkit.toml
        complain(f"pmkit init: --dir {folder}: the name is not UTF-8 text; choose another")
        return 2
    if resolve_zone(args.timezone) is None:
        complain(f"pmkit init: '{args.timezone}' is not an IANA time zone such as Europe/Zurich")
        return 2
    done: list[str] = []
    try:
        steps: list[Callable[[], str | None]] = [
            lambda: ensure_folder(root, folder),
            lambda: ensure_config(root, folder, args.timezone),
            lambda: ensure_pre_commit(root),
        ]
        for step in steps:
            result = step()
            if result:
                done.append(result)
    except InitError as exc:
        for line in done:
            emit(visible(line) + "\n")
        # The message may end in a block to paste (pmkit's own lines, the values in it quoted
        # as TOML or YAML): each line is said as a line.
        first, *rest = str(exc).split("\n")
        complain(f"pmkit init: {first}")
        for line in rest:
            complain(line)
        return 2
    except OSError as exc:
        for line in done:  # what was set up before the failure stays set up: say so
            emit(visible(line) + "\n")
        where = f"{exc.filename}: " if exc.filename else ""
        complain(f"pmkit init: {where}{exc.strerror or exc}")
        return 2
    if not done:
        print("pmkit is already set up here; nothing changed.")
        return 0
    for line in done:
        emit(visible(line) + "\n")
    print("\nNext: run 'pre-commit install' (once per clone), then 'pmkit new --title \"...\"'.")
    return 0
