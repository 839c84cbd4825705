"""``pmkit init``: set a repository up for postmortems, idempotently.

Creates the postmortem folder, the ``[tool.pmkit]`` configuration (appended to an existing
``pyproject.toml``, else a new ``.pmkit.toml``) and the pmkit entry of
``.pre-commit-config.yaml``, whose hook checks that folder. Whatever exists is left alone; an
existing file is only ever appended to, written atomically, and checked to still parse before it
is replaced. Every file is read and every edit worked out before the first is made: a file it
cannot edit, or a set-up for another folder, changes nothing. Running it twice changes nothing.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.commands import given
from pmkit.console import complain, emit
from pmkit.formats.text import visible
from pmkit.loader import not_utf8, unlisted_folder, wide_codec

if TYPE_CHECKING:
    from pmkit.config import ConfigError

HELP = "set up a repository: postmortem folder, [tool.pmkit] and the pre-commit hook"

PMKIT_REPO = "https://github.com/pmkit/pmkit"
PMKIT_REV = "v0.1.0"
#: The hooks init adds to .pre-commit-config.yaml: every rule on the changed files, and the
#: repository-wide pass that no deleted file escapes (a deleted file is passed to no hook).
HOOK_IDS = ("pmkit", "pmkit-history-repo")
#: The folder pmkit's hooks check unless told otherwise: their ``files`` in .pre-commit-hooks.yaml
#: (tests/test_hooks.py keeps these in step with it).
DEFAULT_FOLDER = "postmortems"
HOOK_FILES = "^postmortems/"
#: pmkit's hooks that take no file names (``pass_filenames: false``): their ``files`` is moot.
REPO_WIDE_HOOKS = frozenset({"pmkit-history-repo"})


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=given, metavar="DIR",
                        help="postmortem folder, relative to the repository (default: the configured "
                        "one, else postmortems)")
    parser.add_argument("--timezone", default="UTC", metavar="ZONE",
                        help="IANA time zone for new postmortems (default: UTC)")
    parser.add_argument("--root", type=given, default=".", metavar="PATH", help="the repository (default: .)")


#: A byte order mark: not TOML (pmkit's settings reader leaves it out too).
BOM = "\ufeff"


class InitError(Exception):
    """Something exists in a shape we cannot safely edit; the message says what to do."""


def _read(path: Path, settings: bool = False) -> str:
    """The file's text with its line endings as they are (no newline translation); a settings
    file (``settings``) that is not UTF-8 is said as ``pmkit check`` says it, at the first byte
    that is not."""
    if not path.is_file():  # a named pipe would wait for a writer for ever
        raise InitError(f"{path.name} is not a regular file (a folder, pipe or device); "
                        "pmkit init edits files only")
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if settings and wide_codec(data) is None:
            from pmkit.config import undecodable

            raise InitError(f"{undecodable(exc, Path(path.name))}; then run pmkit init again") from None
        raise InitError(f"{path.name} {not_utf8(exc)}; save it as UTF-8, then run pmkit init again") from None


def _newline(text: str) -> str:
    # (a file whose lines end in CR alone, as classic Mac editors save them, is read so by YAML)
    return "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"


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


def files_pattern(folders: list[str]) -> str | None:
    """The hooks' ``files`` for postmortems in ``folders``; None for the hooks' own default. Each
    folder is matched from the repository's top, as a folder (``^docs/incidents/``, not
    ``docs/incidents-old``), its name escaped (``a+b`` is no pattern)."""
    if folders == [DEFAULT_FOLDER]:
        return None
    return "|".join(map(_folder_files, folders))


def _folder_files(folder: str) -> str:
    return f"^{_regex_literal(folder)}/"


def _regex_literal(text: str) -> str:
    """``re.escape``, with characters that YAML would not keep as written (line breaks, other
    control characters) as escapes the pattern reads the same way (``\\x0a``)."""
    return "".join(re.escape(char) if char.isprintable() else
                   f"\\x{ord(char):02x}" if ord(char) < 0x100 else
                   f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"
                   for char in text)


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: as it is when that is safe, else single-quoted (where a
    backslash is itself and only the quote is doubled)."""
    return text if re.fullmatch(r"\^[\w./\\-]*", text) else "'" + text.replace("'", "''") + "'"


def pre_commit_entry(indent: str = "  ", files: str | None = None, hook_indent: str = "  ",
                     dash: str = "- ") -> str:
    """pmkit's entry of ``repos``: the item at ``indent``, its hooks ``hook_indent`` further
    in than ``hooks:`` (``""`` for the style that writes them level with it), each item
    begun with ``dash`` (``"-   "`` in the style that lines keys up at four columns)."""
    inner = indent + " " * len(dash)
    hook = inner + hook_indent
    line = f"{hook}{' ' * len(dash)}files: {_yaml_scalar(files)}\n" if files else ""
    hooks = "".join(f"{hook}{dash}id: {hook_id}\n{'' if hook_id in REPO_WIDE_HOOKS else line}"
                    for hook_id in HOOK_IDS)
    return f"{indent}{dash}repo: {PMKIT_REPO}\n{inner}rev: {PMKIT_REV}\n{inner}hooks:\n{hooks}"


#: ``repos:`` and what follows on its line: an anchor and a tag (``&repos``, ``!!seq``) of the list
#: below, a flow list or an alias, or nothing but a comment. The key may be quoted, as YAML and
#: pre-commit read ``"repos":`` and ``'repos':`` the same.
_REPOS = re.compile(r"""^(?:repos|"repos"|'repos')[ \t]*:(?P<properties>(?:[ \t]+[&!]\S*)*)"""
                    r"(?:[ \t]+(?P<rest>[^\s#&!].*?))?(?:[ \t]+#.*)?[ \t]*$")


def _with_entry(text: str, files: str | None) -> str:
    """``text`` (a pre-commit config) with the pmkit entry appended to ``repos``."""
    if text.startswith(BOM):  # (as Windows editors save it) its first line is 'repos:' all the same
        return BOM + _with_entry(text.removeprefix(BOM), files)
    nl = _newline(text)
    lines = (text.replace("\r", "\n") if nl == "\r" else text.replace("\r\n", "\n")).split("\n")
    start = next((i for i, line in enumerate(lines) if _REPOS.match(line)), None)
    if start is None:
        if (unfound := _unfound_repos(text)) is not None:
            # A second 'repos:' appended would be a duplicate key, or would hide the first.
            raise InitError(unfound)
        return _appended(text, "repos:\n" + pre_commit_entry(files=files))
    rest = _REPOS.match(lines[start])
    assert rest is not None
    if rest.group("rest") == "[]":
        # Only the '[]' goes: the key as it is written and a comment after it stay.
        line = lines[start]
        lines[start] = (line[:rest.start("rest")].rstrip(" \t") + line[rest.end("rest"):] + "\n"
                        + pre_commit_entry(files=files).rstrip("\n"))
        return nl.join("\n".join(lines).split("\n"))
    if rest.group("rest"):
        raise InitError(_not_a_block_list(rest.group("rest"), start + 1))
    anchor = re.search(r"(?<![^ \t])&(\S+)", rest.group("properties"))
    if anchor is not None and _used_again(text):
        # The alias would read as the list with pmkit's entry: a change beyond 'repos'.
        raise InitError(f"the 'repos' list at line {start + 1} is anchored as &{anchor.group(1)} and used "
                        f"again as *{anchor.group(1)} elsewhere in the file, where pmkit's entry would "
                        "appear too")
    indent: str | None = None
    dash = "- "
    last = start
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue  # blank lines and comments neither end the list nor extend it
        item = re.match(r"^( *)(- +)", line)
        if indent is None:
            if item is None:
                break
            indent, dash = item.group(1), item.group(2)
        if not line.startswith(" ") and not (indent == "" and line.startswith("- ")):
            break  # the next top-level key
        last = index
    entry = pre_commit_entry("  " if indent is None else indent, files,
                             _hook_indent(lines[start + 1:last + 1]), dash).rstrip("\n").split("\n")
    lines[last + 1:last + 1] = entry
    return nl.join(lines)


def _repos_line(text: str) -> tuple[int, bool] | None:
    """The line (from 1) of the top-level ``repos`` key of the pre-commit config ``text``, as
    YAML reads it however it is written, and False; else the line of a merge key (``<<``) that
    brings ``repos`` in, and True; None when it has no ``repos``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode

    yaml = YAML(typ="safe", pure=True)
    node = yaml.compose(text)
    merge = None
    for key, _ in node.value if isinstance(node, MappingNode) else []:
        if key.tag == "tag:yaml.org,2002:str" and key.value == "repos":
            return int(key.start_mark.line) + 1, False
        if key.tag == "tag:yaml.org,2002:merge" and merge is None:
            merge = int(key.start_mark.line) + 1
    if merge is None:
        return None
    data = yaml.load(text)
    return (merge, True) if isinstance(data, dict) and "repos" in data else None


def _not_a_block_list(written: str, line: int) -> str:
    """Why init does not add to the ``repos`` written ``written`` after its key at ``line``."""
    if written.startswith("["):
        return f"the 'repos' list at line {line} is written in flow style ([...]), which init does not edit"
    if written.startswith("*"):
        return (f"'repos' at line {line} is {visible(written)}, an alias of the list anchored as "
                f"&{visible(written[1:])} elsewhere in the file, which init does not edit (the entry belongs "
                "in that list)")
    return f"'repos' at line {line} is written as '{visible(written)}', which init does not edit"


def _used_again(text: str) -> bool:
    """Whether the value of the ``repos`` key of the pre-commit config ``text`` is also that of an
    alias elsewhere in it (YAML reads an alias as the very node its anchor is on)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    pairs = YAML(typ="safe", pure=True).compose(text).value
    key, repos = next((key, value) for key, value in pairs if key.value == "repos")
    seen: set[int] = set()
    todo: list[Any] = [node for pair in pairs if pair[0] is not key for node in pair]
    while todo:  # (no recursion: a file may nest deeper than Python's stack)
        node = todo.pop()
        if node is repos:
            return True
        if id(node) in seen:
            continue
        seen.add(id(node))
        todo.extend([n for pair in node.value for n in pair] if isinstance(node, MappingNode) else
                    node.value if isinstance(node, SequenceNode) else [])
    return False


def _yaml_lines(text: str) -> list[str]:
    """``text``'s lines as YAML counts them, for its places to name them."""
    return re.split("\r\n|[\r\n\x85\u2028\u2029]", text)


def _unfound_repos(text: str) -> str | None:
    """Why init cannot add its entry to the ``repos`` of the pre-commit config ``text`` that no
    line of it begins as ``repos:`` does; None when it has no ``repos``."""
    place = _repos_line(text)
    if place is None:
        return None
    line, merged = place
    if merged:
        return (f"its 'repos' list is brought in by the merge key '<<' at line {line}, "
                "which init does not edit")
    written = visible(_yaml_lines(text)[line - 1].rstrip())
    return (f"the 'repos' key at line {line} is written as '{written}', which init does not edit: it adds "
            "to a 'repos:' that begins its line")


def _hook_indent(entries: list[str]) -> str:
    """How much further in than ``hooks:`` the file's other entries write their hooks' ``- id``
    (two spaces when none says): pmkit's entry is written the same way, so that the file keeps
    one style (yamllint's ``indentation: consistent`` and the reader's eye)."""
    for index, line in enumerate(entries):
        hooks = re.match(r"^( *)(- +)?hooks:[ \t]*(?:#.*)?$", line)
        if hooks is None:
            continue
        level = len(hooks.group(1)) + len(hooks.group(2) or "")
        for after in entries[index + 1:]:
            if not after.strip() or after.lstrip().startswith("#"):
                continue
            item = re.match(r"^( *)- ", after)
            if item is not None and len(item.group(1)) >= level:
                return " " * (len(item.group(1)) - level)
            break
    return "  "


# --- what is there: read, and checked to agree with --dir, before anything is written ---------


@dataclass
class Existing:
    """pmkit's set-up as the repository has it. init reads all of it first, so that a file it
    cannot edit, or a set-up for another folder, stops it before it creates anything."""

    #: The file that holds pmkit's settings, and the folders they name; None: not configured.
    config: str | None = None
    paths: list[str] | None = None
    #: pyproject.toml's text, when the settings are to be appended to it.
    pyproject: str | None = None
    #: .pre-commit-config.yaml's text and data; None: no such file.
    pre_commit: str | None = None
    pre_commit_data: Any = None
    #: pmkit's hooks there and the files each checks; None: no pmkit entry.
    hooks: dict[str, str] | None = None
    #: The repository-wide hooks the pmkit entry has (an entry written before they existed has none).
    repo_wide: set[str] = field(default_factory=set)
    #: pmkit runs from hooks of another entry (``repo: local``, a mirror): its hooks are the user's.
    local: bool = False


def _as_read(text: str) -> str:
    """A settings file's ``text`` as pmkit reads it (``fsutil.read_settings_text``): without the
    byte order mark of a Windows editor, line breaks as ``\\n``. Errors are placed in it, as
    ``pmkit check`` places them; the file keeps its own, which init appends to."""
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def _parse_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of the settings file ``path`` and what TOML reads in it; InitError, placed as
    ``pmkit check`` places it (``.pmkit.toml:1:9: invalid TOML: ...``), when it cannot be read."""
    from pmkit.config import read_toml, too_long_number, unread_toml
    from pmkit.tomlkeys import TooDeep

    text = _read(path, settings=True)
    plain = _as_read(text)
    try:
        return text, read_toml(plain)[0]
    except (ValueError, RecursionError) as exc:  # TooDeep too: tomllib took minutes, or a RecursionError
        error = unread_toml(exc, Path(path.name), plain)
        # (nested too deeply, or a number too long: the message says what to do)
        fixed = isinstance(exc, TooDeep) or (isinstance(exc, ValueError) and too_long_number(exc))
        raise InitError(f"{error}; {'then' if fixed else 'fix it, then'} run pmkit init again") from None


def _unusable(exc: ConfigError, name: str, text: str, prefix: tuple[str, ...],
              fix: str = "fix it") -> InitError:
    """The error ``exc`` about a setting of the settings file ``name`` whose ``text`` init cannot
    use, placed at its line and column as ``pmkit check`` places it (``prefix``: where pmkit's
    table is in the file), and what to do (``fix``, then run init again)."""
    from pmkit.config import placed
    from pmkit.tomlkeys import Places

    plain = _as_read(text)
    error = placed(exc, Path(name), plain, prefix, Places(plain))
    return InitError(f"{error}; {fix}, then run pmkit init again")


def _folders(table: dict[str, Any], name: str, text: str, prefix: tuple[str, ...]) -> list[str]:
    """The folders ``paths`` names, normalised as --dir is ("./pm/" is "pm")."""
    from pmkit.config import ConfigError, paths_setting

    try:
        value = paths_setting(table.get("paths", [DEFAULT_FOLDER]), name)
    except ConfigError as exc:
        raise _unusable(exc, name, text, prefix) from None
    return [posixpath.normpath(Path(path).as_posix()) for path in value]


def _misspelt(text: str, meant: str, beside: bool) -> str:
    """What init says of the table ``meant`` of pyproject.toml's ``text``, [tool.pmkit] misspelt
    (``beside``: next to a [tool.pmkit]), at its place."""
    from pmkit.tomlkeys import Places, line_col, written

    text = _as_read(text)
    place = Places(text).get(("tool", meant))
    where = "pyproject.toml" if place is None else "pyproject.toml:{}:{}".format(*line_col(text, place.key))
    table = f"[tool.{written((meant,))}]"
    if beside:
        return (f"{where}: has a {table} table beside [tool.pmkit] (did you mean [tool.pmkit]?), whose "
                "settings pmkit does not read; move them into [tool.pmkit], then run pmkit init again")
    return (f"{where}: has a {table} table (did you mean [tool.pmkit]?); rename it [tool.pmkit], then run "
            "pmkit init again")


def read_config(root: Path, existing: Existing) -> None:
    from pmkit.config import ConfigError, misspelt_pmkit, pmkit_table

    dotfile, pyproject = root / ".pmkit.toml", root / "pyproject.toml"
    if dotfile.exists():  # a dangling link is no configuration (and is in the way of a new one)
        text, data = _parse_toml(dotfile)
        try:
            table = pmkit_table(data, Path(dotfile.name))
        except ConfigError as exc:
            raise _unusable(exc, dotfile.name, text, ("tool", "pmkit")) from None
        prefix = () if table is data else ("tool", "pmkit")
        existing.config, existing.paths = dotfile.name, _folders(table, dotfile.name, text, prefix)
    elif pyproject.exists():
        text, data = _parse_toml(pyproject)
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            not_table = ConfigError(f"{pyproject.name}: 'tool' is not a table, so [tool.pmkit] cannot be "
                                    "added to it", key=("tool",), at_value=True)
            raise _unusable(not_table, pyproject.name, text, ())
        if (meant := misspelt_pmkit(tool)) is not None:
            # A [tool.pmkit] added beside it, or the one there, would leave its settings unread.
            raise InitError(_misspelt(text, meant, "pmkit" in tool))
        if "pmkit" not in tool:
            existing.pyproject = text
        elif not isinstance(tool["pmkit"], dict):
            not_table = ConfigError(f"{pyproject.name}: [tool.pmkit] must be a table", key=("tool", "pmkit"),
                                    at_value=True)
            raise _unusable(not_table, pyproject.name, text, (), "make it [tool.pmkit] with pmkit's settings")
        else:
            existing.config = pyproject.name
            existing.paths = _folders(tool["pmkit"], pyproject.name, text, ("tool", "pmkit"))


def check_settings(path: Path) -> None:
    """InitError, in ``pmkit check``'s words at its place, when the settings of the file ``path``
    are wrong: init set the folder and the hook up beside them, and the hook then failed on
    every commit for a reason init had not said."""
    from pmkit.config import ConfigError, load_config

    try:
        load_config(path)
    except ConfigError as exc:
        said = str(exc).replace(str(path), path.name)
        raise InitError(f"{said}; fix it, then run pmkit init again") from None


def _yaml_problem(exc: Exception) -> str:
    """A YAML parser's complaint on one line: what, and where (its own text spans several
    lines and quotes ``<unicode string>``)."""
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{problem}{where}"


def _kind(value: object) -> str:
    kinds = {list: "a list", str: "text", bool: "true or false", int: "a number", float: "a number"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def read_pre_commit(root: Path, existing: Existing) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    path = root / ".pre-commit-config.yaml"
    if not path.exists():
        return
    text = _read(path)
    try:
        data = YAML(typ="safe", pure=True).load(text) or {}
    except YAMLError as exc:
        raise InitError(f".pre-commit-config.yaml is not valid YAML ({_yaml_problem(exc)}); fix it "
                        "first") from None
    # pre-commit itself refuses these; said here as what they are, not as a failed edit that quoted
    # the parser's complaint about the edited text, or called `repos: 5` a list "in flow style".
    if not isinstance(data, dict):
        raise InitError(f".pre-commit-config.yaml holds {_kind(data)}, not a mapping with 'repos:'; "
                        "fix it first")
    repos = data.get("repos")
    if repos is not None and not isinstance(repos, list):
        raise InitError(f"'repos' in .pre-commit-config.yaml is {_kind(repos)}, not a list of "
                        "repositories; fix it first")
    existing.pre_commit, existing.pre_commit_data = text, data
    for repo in repos if isinstance(repos, list) else []:
        hooks = [hook for hook in (repo.get("hooks") if isinstance(repo, dict) else None) or []
                 if isinstance(hook, dict)]
        ours = isinstance(repo, dict) and _is_pmkit_repo(repo.get("repo"))
        mine = [hook for hook in hooks if ours or _is_pmkit_hook(hook)]
        if not (ours or mine):
            continue
        existing.hooks = existing.hooks or {}
        existing.local = existing.local or not ours
        for hook in mine:
            if hook.get("id") in REPO_WIDE_HOOKS:
                existing.repo_wide.add(str(hook.get("id")))
            else:  # a local hook has no manifest: without 'files' it is passed every file
                default = "" if "entry" in hook else HOOK_FILES
                existing.hooks[str(hook.get("id"))] = str(hook.get("files", default))


def _is_pmkit_repo(url: object) -> bool:
    """Whether an entry's ``repo`` is pmkit's, however it is spelt: with ``.git``, a slash at the
    end, ``http://``, in capitals. Only the exact URL counted, and init added a second entry
    beside the first, so that every commit ran the hook twice."""
    if not isinstance(url, str):
        return False
    plain = re.sub(r"^[a-z]+://", "", url.strip().lower()).rstrip("/").removesuffix(".git")
    return plain == PMKIT_REPO.split("://", 1)[1]


def _is_pmkit_hook(hook: dict[Any, Any]) -> bool:
    """Whether a hook of another entry is pmkit's: one of its ids (a mirror of the repository,
    or ``repo: local``), or a local hook that runs pmkit (``entry: pmkit check``)."""
    entry = hook.get("entry")
    words = entry.split() if isinstance(entry, str) else []
    runs_pmkit = words[:1] == ["pmkit"] or words[1:3] == ["-m", "pmkit"]
    return hook.get("id") in HOOK_IDS or runs_pmkit


def _checks(files: str, folder: str) -> bool:
    """Whether a hook with this ``files`` pattern sees the postmortems in ``folder``, as
    pre-commit matches it (``re.search`` on the path from the repository's top)."""
    try:
        return re.search(files, f"{folder}/incident.yaml") is not None
    except re.error:
        return False


def disagreements(existing: Existing, folder: str, given: bool) -> str | None:
    """What is set up for other folders than ``folder``, and what to edit by hand; None when all
    agree. init never edits a setting that is there: two folders, or a move, are the user's call."""
    found: list[str] = []
    edits: list[str] = []
    if existing.paths is not None and folder not in existing.paths:
        found.append(f"  {existing.config}: paths = {_toml_list(existing.paths)}")
        edits.append(f"  in {existing.config}: paths = {_toml_list([*existing.paths, folder])}")
    for hook_id, files in (existing.hooks or {}).items():
        if not _checks(files, folder):
            found.append(f"  .pre-commit-config.yaml: the {hook_id} hook checks files matching "
                         f"{visible(files)}")
            both = _yaml_scalar(files + "|" + _folder_files(folder))
            edits.append(f"  in .pre-commit-config.yaml, under '- id: {hook_id}': files: {visible(both)}")
    if not found:
        return None
    shown = visible(folder)  # one line, whatever the name holds: the message is split at line breaks
    again = f"pmkit init --dir {shown}" if given else "pmkit init"
    return "\n".join([
        f"pmkit is already set up here for another postmortem folder than {shown}/; nothing changed:",
        *found,
        f"To check {shown}/ too, add it by hand (or put it in place of the folder named there), then "
        f"run {again} again:", *edits,
        *([] if given or existing.paths else [f"Or pass --dir with the folder set up there (without it, "
                                              f"pmkit init sets up {DEFAULT_FOLDER}/)."]),
    ])


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(map(_toml_string, items)) + "]"


# --- the edits, each worked out in full before the first is made ------------------------------


@dataclass
class Edit:
    """One change to make, in full: nothing is written until every one is known to be possible."""

    path: Path
    text: str | None  # None: a folder to create, with a .gitkeep so that git keeps it
    new: bool  # a new file, never written over one that appears meanwhile
    said: str


def folder_edit(root: Path, folder: str) -> Edit | None:
    target = root / folder
    for place in (target, *target.relative_to(root).parents):
        here = root / place
        if os.path.lexists(here) and not here.exists():
            # mkdir said only "File exists" of a link whose folder is gone (a share not mounted).
            raise InitError(f"{visible(here.relative_to(root).as_posix())} is a symbolic link to a missing "
                            f"folder ({visible(os.readlink(here))}); create that folder or remove the link, "
                            "then run pmkit init again")
        if here.exists() and not here.is_dir():
            shown, where = visible(folder), visible(here.relative_to(root).as_posix())
            raise InitError(f"{shown} exists and is not a folder" if here == target else
                            f"{shown} cannot be created: {where} is a file")
    return None if target.exists() else Edit(target, None, True, f"created {folder}/")


def config_edit(root: Path, existing: Existing, folder: str, timezone: str) -> Edit | None:
    from pmkit.tomlkeys import toml_reader

    tomllib = toml_reader()
    if existing.config is not None:
        return None
    block = config_block(folder, timezone)
    if existing.pyproject is None:
        return Edit(root / ".pmkit.toml", block, True, "created .pmkit.toml")
    new = _appended(existing.pyproject, block)
    try:
        ok = tomllib.loads(_as_read(new)).get("tool", {}).get("pmkit", {}).get("paths") == [folder]
    except (tomllib.TOMLDecodeError, AttributeError):
        ok = False
    if not ok:
        raise InitError("cannot append [tool.pmkit] to pyproject.toml safely (is 'tool' an inline "
                        "table?); add this yourself:\n\n" + block)
    return Edit(root / "pyproject.toml", new, False, "added [tool.pmkit] to pyproject.toml")


def pre_commit_edit(root: Path, existing: Existing, folders: list[str]) -> Edit | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if existing.hooks is not None:
        return None
    files = files_pattern(folders)
    entry = pre_commit_entry(files=files)
    snippet = "\n\nAdd this entry under 'repos:' yourself:\n\n" + entry
    path = root / ".pre-commit-config.yaml"
    text, before = existing.pre_commit, existing.pre_commit_data
    try:
        new = "repos:\n" + entry if text is None else _with_entry(text, files)
    except InitError as exc:
        raise InitError(f"cannot edit .pre-commit-config.yaml safely ({exc}).{snippet}") from None
    try:
        after = YAML(typ="safe", pure=True).load(new)
    except YAMLError:
        # The file as it is reads well (read_pre_commit read it): the parser's complaint, and the
        # line it names, would be of init's edit, which the user never sees. Said below instead.
        after = None
    before = before if isinstance(before, dict) else {}
    repos = before.get("repos") if isinstance(before.get("repos"), list) else []
    hooks = [{"id": hook_id, **({"files": files} if files and hook_id not in REPO_WIDE_HOOKS else {})}
             for hook_id in HOOK_IDS]
    after_repos = after.get("repos") if isinstance(after, dict) else None
    # The edit adds the entry and nothing else: every other entry and key reads as before.
    if not (isinstance(after_repos, list) and after_repos[:-1] == repos
            and after_repos[-1] == {"repo": PMKIT_REPO, "rev": PMKIT_REV, "hooks": hooks}
            and {k: v for k, v in after.items() if k != "repos"}
            == {k: v for k, v in before.items() if k != "repos"}):
        place = None if text is None else _repos_line(text.removeprefix(BOM))
        where = "at its end" if place is None else f"to the 'repos' list at line {place[0]}"
        raise InitError(f"cannot edit .pre-commit-config.yaml safely (pmkit's entry, added {where}, would "
                        "not read as one more entry of 'repos' with the rest of the file as it was)."
                        + snippet)
    what = "the pmkit hooks" + (f", for files matching {files}" if files else "")
    said = (f"created .pre-commit-config.yaml with {what}" if text is None
            else f"added {what} to .pre-commit-config.yaml")
    return Edit(path, new, text is None, said)


def check_writable(edit: Edit) -> None:
    """What write_atomic would refuse, said before anything is written."""
    from pmkit.fsutil import read_only

    if edit.new and os.path.lexists(edit.path) and edit.text is not None:
        link = "" if edit.path.exists() else ", as a symbolic link to a missing file"
        raise InitError(f"{edit.path.name} already exists{link}; move it away, then run pmkit init again")
    if not edit.new and read_only(Path(os.path.realpath(edit.path))):
        raise InitError(f"{edit.path.name}: the file is read-only; make it writable, then run pmkit init "
                        "again")


def missing_hooks(existing: Existing) -> str | None:
    """What a pmkit entry already in .pre-commit-config.yaml lacks, to be added by hand: init
    leaves an entry it did not write as it is, but a set-up from before the repository-wide hook
    existed never sees a published postmortem deleted (no hook is passed a deleted file)."""
    if existing.hooks is None or existing.local:  # the advice below is for pmkit's own entry
        return None
    lacking = sorted(REPO_WIDE_HOOKS - existing.repo_wide)
    if not lacking:
        return None
    return (f"note: pmkit's entry in .pre-commit-config.yaml has no '{lacking[0]}' hook, which reports a "
            "published postmortem deleted or moved away (no other hook is passed a deleted file); add "
            f"'- id: {lacking[0]}' under its hooks, with no 'files:'")


def plan(root: Path, given: str | None, timezone: str) -> tuple[list[Edit], str | None]:
    """Every edit init will make, and a note on what it leaves for the user to add; or
    InitError (with nothing changed) when an edit cannot be made."""
    existing = Existing()
    read_config(root, existing)
    if existing.config is not None:
        check_settings(root / existing.config)
    read_pre_commit(root, existing)
    folder = given or (existing.paths[0] if existing.paths else DEFAULT_FOLDER)
    if given is None and _outside(folder):  # paths = ["../elsewhere"]: never created from here
        raise InitError(f"'paths' in {existing.config} names {visible(folder)}, which is not a folder inside "
                        "the repository; pass --dir")
    conflict = disagreements(existing, folder, given is not None)
    if conflict:
        raise InitError(conflict)
    edits = [edit for edit in (folder_edit(root, folder), config_edit(root, existing, folder, timezone),
                               pre_commit_edit(root, existing, existing.paths or [folder])) if edit]
    for edit in edits:
        check_writable(edit)
    return edits, missing_hooks(existing)


def apply(edit: Edit) -> None:
    from pmkit.fsutil import write_atomic

    if edit.text is None:
        edit.path.mkdir(parents=True)
        (edit.path / ".gitkeep").touch()
    else:
        write_atomic(edit.path, edit.text, overwrite=not edit.new)


def _outside(folder: str) -> bool:
    """Whether ``folder`` (normalised) is the repository itself or outside it."""
    return Path(folder).is_absolute() or folder in (".", "") or folder.split("/")[0] == ".."


def _git_top(folder: Path) -> Path | None:
    """The top folder of the git repository ``folder`` is in (the nearest one holding ``.git``,
    a folder or, in a worktree or submodule, a file), or None outside one."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists():
                return candidate
        except OSError:  # a folder that may not be looked into
            return None
    return None


def _git_folder_problem(root: Path, given_root: str) -> str | None:
    """What is wrong with setting pmkit up in ``root`` (given as ``given_root``) when it is a
    git folder or inside one (``--root .git``, or run inside ``.git`` or a bare repository);
    else None. postmortems/, .pmkit.toml and .pre-commit-config.yaml were made among git's
    own files, which git never commits, and the run passed."""
    from pmkit.commands import in_git_folder
    from pmkit.fsutil import git_folder_of

    found = git_folder_of(root)
    if found is None:
        return None
    from pmkit.history import no_work_tree

    if (bare := no_work_tree(root)) is not None:
        return (f"{bare}; pmkit init sets pmkit up in a work tree, which a bare repository has not: "
                "run it in a clone with a work tree")
    where = (f": run pmkit init in the repository's work tree ({visible(str(found.parent))})"
             if found.name == ".git" else ": run pmkit init in the repository's work tree")
    return f"{visible(given_root)} {in_git_folder(str(root), found)}{where}"


def run(args: argparse.Namespace) -> int:
    from pmkit.fsutil import git_folder_of
    from pmkit.vocabulary import resolve_zone

    root = Path(args.root).resolve()
    if not root.is_dir():
        complain(f"pmkit init: {args.root} is not a folder")
        return 2
    # Its settings files are looked at next, where Path's tests raise PermissionError.
    if (why := unlisted_folder(root)) is not None:
        complain(f"pmkit init: cannot read {args.root}: {why}")
        return 2
    if (problem := _git_folder_problem(root, args.root)) is not None:
        complain(f"pmkit init: {problem}")
        return 2
    # Normalised first: "a/../../x" leaves the repository as surely as "../x" does.
    folder = None if args.dir is None else posixpath.normpath(Path(args.dir).as_posix())
    if folder is not None and git_folder_of(root / folder) is not None:
        # Written there, the drafts were never committed: git tracks nothing in its own folder.
        # (Said before any other advice, which would name the folder to pass again.)
        complain(f"pmkit init: --dir {visible(folder)} is inside .git, git's own folder, whose files git "
                 "never commits; choose a folder of the work tree (such as postmortems)")
        return 2
    top = _git_top(root)
    if top is not None and top != root:
        # pre-commit reads .pre-commit-config.yaml at the top only, and matches the hook's
        # files from there: a set-up made here would never run, yet init said it was done.
        inner = posixpath.join(root.relative_to(top).as_posix(), args.dir or DEFAULT_FOLDER)
        from pmkit.formats.text import shell_word

        complain(f"pmkit init: {visible(args.root)} is inside the git repository {visible(str(top))}, below "
                 "its top folder, where pre-commit reads .pre-commit-config.yaml; run pmkit init there "
                 f"for postmortems in this folder: pmkit init --root {shell_word(str(top))} "
                 f"--dir {shell_word(posixpath.normpath(inner))} (or, to make this folder a repository "
                 "of its own, run git init here first)")
        return 2
    if folder is not None and (Path(args.dir).is_absolute() or _outside(folder)):
        complain("pmkit init: --dir must be a folder inside the repository")
        return 2
    try:
        (folder or "").encode("utf-8")
    except UnicodeEncodeError:  # a name that is not UTF-8 cannot be written into .pmkit.toml
        complain(f"pmkit init: --dir {folder}: the name is not UTF-8 text; choose another")
        return 2
    if resolve_zone(args.timezone) is None:
        from pmkit.schema import suggest_zone

        meant = suggest_zone(args.timezone)
        complain(f"pmkit init: '{args.timezone}' is not an IANA time zone such as Europe/Zurich"
                 + (f" (did you mean '{meant}'?)" if meant else ""))
        return 2
    try:
        edits, note = plan(root, folder, args.timezone)
    except InitError as exc:
        # The message may end in a block to paste (pmkit's own lines, the values in it quoted
        # as TOML or YAML): each line is said as a line.
        first, *rest = str(exc).split("\n")
        complain(f"pmkit init: {first}")
        for line in rest:
            complain(line)
        return 2
    except OSError as exc:  # a settings file, or the folder it is in, that may not be read
        where = os.path.relpath(exc.filename, root) if isinstance(exc.filename, str) else args.root
        complain(f"pmkit init: cannot read {where}: {(exc.strerror or str(exc)).lower()}; pmkit init "
                 "reads it to set pmkit up beside what is there")
        return 2
    if not edits:
        print("pmkit is already set up here; nothing changed." + (f"\n{note}" if note else ""))
        return 0
    # Every edit is made before a word is printed: an output whose reader left ('pmkit init |
    # head -1') ended the run after the first line, with the pre-commit hook never added.
    done: list[str] = []
    for edit in edits:
        try:
            apply(edit)
        except OSError as exc:  # a full disk, a permission: what was set up before stays set up, said
            for said in done:
                emit(visible(said) + "\n")
            # Named by the file init sets up: a failed write names no file ("pmkit init: No space
            # left on device"), and a failed temporary file names that one, which is gone.
            what = "create" if edit.text is None else "write"
            complain(f"pmkit init: cannot {what} {visible(os.path.relpath(edit.path, root))}: "
                     f"{exc.strerror or exc}")
            return 2
        done.append(edit.said)
    for said in done:
        emit(visible(said) + "\n")
    if note:
        print(note)
    print("\nNext: run 'pre-commit install' (once per clone), then 'pmkit new --title \"...\"'.")
    return 0
