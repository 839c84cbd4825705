"""The CLI verbs, one module each, and the options they share."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

from pmkit.config import (
    Config,
    ConfigError,
    configured_paths,
    load_config,
    merge_cli,
    shorter_path,
    unread_settings,
)
from pmkit.console import complain


def given(value: str) -> str:
    """argparse type of a file, folder or time: an empty value is a mistake (a variable that was
    not set), not a way to ask for the default."""
    if not value.strip():
        raise argparse.ArgumentTypeError("needs a value, not an empty string")
    return value


def input_file(value: str) -> str:
    """argparse type of a file a verb reads its settings from (``--config``, ``--baseline``):
    ``-`` is standard output where a verb writes (``--write-baseline -``), but no settings are
    read from standard input: it was "-: no such baseline file (create one with
    --write-baseline)", of a name nobody meant as a file."""
    if given(value) == "-":
        raise argparse.ArgumentTypeError("'-' (standard input) is not read: save the file and give its name")
    return value


def path_given(value: str) -> str:
    """argparse type of a file or folder to read among several (``PATH ...``): an empty name
    (``pmkit check "$FILE"`` with FILE unset) was "pmkit: : no such file or folder". A name of
    blanks alone is a name a file may have."""
    if not value:
        raise argparse.ArgumentTypeError("needs a file or folder name, not an empty string")
    return value


def output_file(value: str) -> str:
    """argparse type of a file a verb writes: ``-`` is standard output, as for most tools (it
    was a file named "-" in the current folder), written like ``/dev/stdout``."""
    return "/dev/stdout" if given(value) == "-" else value


def output_target_problem(output: str, name: str, *, name_only: bool = False) -> str | None:
    """What is wrong with ``output`` as the file a verb writes (``--output``), before any work:
    it names a folder, or a file below something that is no folder (a file, a link to a missing
    folder). A folder that does not exist is not wrong: it is made when the file is written, as
    ``--write-baseline`` and ``new`` make theirs. The text follows "--output OUTPUT"; ``name``
    says what to give instead ("the page's file name (page.html)").

    With ``name_only`` only the name is looked at (``--write-baseline``, whose folder, and a
    path that cannot be written, are refused as the baseline is written): a new postmortem's
    name, then a settings file's name, existing or not."""
    from pmkit.fsutil import LOOP, folder_in_the_way, in_a_loop, is_stream
    from pmkit.loader import YAML_SUFFIXES

    if (inside := in_git_folder(output)) is not None:
        return f" {inside}; give {name} outside it"
    if not name_only:
        if output.endswith(("/", os.sep)) or os.path.isdir(output):
            return f" names a folder; give {name}"
        if in_a_loop(output):  # (written, the link itself was replaced by the file)
            return f" is {LOOP}; point it at a file, or remove it"
        blocking = None if is_stream(output) else folder_in_the_way(output)
        if blocking is not None:
            return f": {blocking}; name a file in a folder"
        if not os.path.isfile(output) and (problem := settings_name_problem(output, name)) is not None:
            # (an existing one is the verb's to name, as the file it would replace: kept_file)
            return problem
    if output.lower().endswith(YAML_SUFFIXES) and not is_postmortem(output):
        # A page or a report was written there without a word, and the next check of the folder
        # read it as a postmortem whose YAML does not parse. (A postmortem already there is the
        # verb's to name: writing would replace it.)
        return f" is a postmortem's name (.yaml, .yml), which 'pmkit check' reads as one; give {name}"
    # (a settings file there, existing or not, would be read as the settings of the next run)
    return settings_name_problem(output, name) if name_only else None


def in_git_folder(path: str, found: Path | None = None) -> str | None:
    """What is wrong with ``path`` as a file or folder to write when it is in a repository's git
    folder, or is one (the text follows the path); else None. ``check -o .git/HEAD`` replaced
    the repository's HEAD with a report, and git commits nothing written there. ``found``: the
    git folder :func:`pmkit.fsutil.git_folder_of` already found for ``path``, not looked for
    again."""
    if found is None:
        from pmkit.fsutil import git_folder_of

        found = git_folder_of(path)
        if found is None:
            return None
    shown = shorter_path(str(found))
    shown = str(found) if shown == "." else shown  # (run inside it)
    what = (f"is inside {shown}, git's own folder," if found != Path(os.path.realpath(path))
            else "is git's own folder of a repository (or has its name, .git),")
    return f"{what} where writing may damage the repository and whose files git never commits"


def settings_name(output: str) -> str | None:
    """The name of a settings file (``pyproject.toml``, ``.pmkit.toml``) that ``output`` has, or
    that the file a symbolic link there leads to has, in any case (a disk that ignores case, as
    those of macOS and Windows do, finds ``PyProject.toml`` as ``pyproject.toml``); else None."""
    from pmkit.config import CONFIG_FILES

    try:
        names: tuple[str, ...] = (os.path.basename(output), os.path.basename(os.path.realpath(output)))
    except (OSError, ValueError):  # (a NUL in the name: no file is written there either)
        names = (os.path.basename(output),)
    return next((name for name in names if name.lower() in CONFIG_FILES), None)


def settings_name_problem(output: str, name: str) -> str | None:
    """What is wrong with ``output`` as the file a verb writes when it has a settings file's name
    (the text follows "--output OUTPUT"), existing or not; None for another name. A page, report,
    draft or baseline written under such a new name was the settings of every later run in its
    folder, which then stopped at a configuration error, the run that would replace it too.
    ``name`` says what to give instead."""
    settings = settings_name(output)
    if settings is None:
        return None
    what = (f"is the name of a settings file ({settings})" if settings == os.path.basename(output)
            else f"is a symbolic link to {settings}, the name of a settings file")
    return f" {what}: later runs in its folder would read the file written there as their settings; " \
           f"give {name}"


def kept_file(output: str, settings_file: Path | None) -> str | None:
    """What of pmkit's, other than a postmortem (:func:`is_postmortem`), the existing file
    ``output`` holds, which a page or a report written there would replace (the text follows
    "--output OUTPUT is"): the settings file the run reads (``settings_file``), another by its
    name (a project's ``pyproject.toml`` or a ``.pmkit.toml``), or a baseline; else None.
    ``render -o pyproject.toml`` replaced the settings with the page, and every later run
    stopped at TOML that does not parse."""
    from pmkit.baseline import is_baseline

    if settings_file is not None and same_file(output, str(settings_file)):
        return f"the settings file pmkit reads ({settings_file})"
    if (name := settings_name(output)) is not None and os.path.isfile(output):  # (also through a link)
        return f"a settings file ({name})"
    if is_baseline(output):
        return "a pmkit baseline"
    return None


def foreign_file(output: str, kind: str) -> bool:
    """Whether ``output`` is an existing file with something in it that is not pmkit's own
    output of ``kind`` ("report": a report of ``check`` in any format; "page": a page of
    ``render``), which writing there would lose. A report or page written before is replaced,
    as is an empty file; ``check -o main.py`` and ``render -o README.md`` replaced a project's
    code and README without a word, where ``--write-baseline`` refuses any file but a baseline.
    What is told by its first bytes (the first 64 KiB): see :func:`pmkit.formats.written_report`
    and :func:`pmkit.render.rendered_page`, next to what writes them. A stream or a device
    (``-``, /dev/null) is never such a file."""
    import stat

    from pmkit.fsutil import is_stream, read_regular

    try:
        if is_stream(output) or not stat.S_ISREG(os.stat(output).st_mode):  # (> page.md: the shell's)
            return False
        head = read_regular(output, 64 * 1024)
    except (OSError, ValueError):  # not there yet (or cannot be read: the write says why)
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.strip():
        return False
    if kind == "report":
        from pmkit.formats import written_report

        return not written_report(head)
    from pmkit.render import rendered_page

    return not rendered_page(head)


def same_file(output: str, source: str) -> bool:
    """Whether ``output`` names ``source`` (also through a symlink or a hard link)."""
    try:
        return os.path.samefile(output, source)
    except (OSError, ValueError):  # the output does not exist yet (or cannot be looked at)
        return False


def is_postmortem(output: str) -> bool:
    """Whether ``output`` is an existing file that holds a postmortem: a YAML file, or a file
    whose front matter has the ``pmkit:`` key. A page or report written earlier has neither,
    and is replaced, as it should be; a stream or device (``-``, /dev/null) is never one."""
    import stat

    from pmkit.loader import YAML_SUFFIXES

    try:
        if not stat.S_ISREG(os.stat(output).st_mode):
            return False
        # The name of the file written, not only the link's: "-o page.md" through a link to a
        # YAML postmortem replaced it.
        if output.lower().endswith(YAML_SUFFIXES) or os.path.realpath(output).lower().endswith(YAML_SUFFIXES):
            return True
        with open(output, "rb") as stream:
            head = stream.read(64 * 1024)
    except (OSError, ValueError):  # not there yet (or cannot be looked at): nothing to lose
        return False
    lines = head.removeprefix(b"\xef\xbb\xbf").splitlines()
    if not lines or lines[0].rstrip() != b"---":
        return False
    for line in lines[1:]:
        if line.rstrip() in (b"---", b"..."):
            return False
        if _PMKIT_KEY.search(line):
            return True
    return False


#: The ``pmkit`` key of front matter, also quoted (``"pmkit": 1``, as JSON writes it), in a mapping
#: in braces (``{pmkit: 1, ...}``) or indented: "pmkit:" at the start of a line alone let a page
#: replace such a postmortem.
_PMKIT_KEY = re.compile(rb"""(?:^|[{,])\s*(["']?)pmkit\1\s*:""")


def add_config_options(parser: argparse.ArgumentParser, now: str = "reference time for deadlines") -> None:
    """``--config`` and ``--now``; ``now`` says what the verb takes from the time."""
    parser.add_argument("--config", type=input_file, metavar="FILE", help="configuration file (default: the "
                        "nearest .pmkit.toml or pyproject.toml with [tool.pmkit])")
    parser.add_argument("--now", type=given, metavar="TIME", help=f"{now}, written as a postmortem's "
                        "timestamps are (2025-03-01T12:00:00Z; no offset: UTC; a date alone: its midnight "
                        "UTC, whatever the settings' timezone) (default: $PMKIT_NOW or the current time)")


def settings(args: argparse.Namespace, paths: list[str]) -> Config:
    """The configuration for this run: --config, else found upward from the first path."""
    if getattr(args, "config", None):
        config = load_config(Path(args.config))
    else:
        config = load_config(start=Path(paths[0]) if paths else None)
        if config.source is not None and (unread := unread_settings(config.source)) is not None:
            complain(f"pmkit: note: the settings are read from {config.source}; the [tool.pmkit] table "
                     f"of {unread} beside it is not read (move its settings into {config.source.name})")
        if (other := _under_other_settings(paths, config.source)) is not None:
            path, source = other
            used = f"those of {config.source}" if config.source else "the defaults (none found)"
            complain(f"pmkit: note: one run reads one set of settings, {used}, found from {paths[0]}; "
                     f"{path} is under {source}, which this run does not read (check each project's "
                     "files in a run of their own, or choose the settings with --config)")
    if hasattr(args, "now"):  # every verb that takes it says at once when it is no time
        from pmkit.config import env_now
        from pmkit.engine import parse_now

        # PMKIT_NOW too, where --now is not given: a verb whose figures do not depend on the
        # time (stats) took a variable that is no time in silence, where the others refuse it.
        if args.now is not None:
            parse_now(args.now, "--now")
        elif (text := env_now()) is not None:
            parse_now(text, "PMKIT_NOW")
    return merge_cli(
        config,
        select=_split(getattr(args, "select", None)),
        ignore=_split(getattr(args, "ignore", None)),
        fail_on=getattr(args, "fail_on", None),
    )


def _under_other_settings(paths: list[str], source: Path | None) -> tuple[str, Path] | None:
    """The first of ``paths`` (after the first, from which the run's settings ``source`` were
    found) whose own nearest settings file is another, and that file; None when all share them.
    Files of two projects of a repository, each with its own settings (a monorepo's teams),
    given to one run (a pre-commit hook at the top), were all checked with the first's
    calendar, policies and lexicon, and nothing said so. Each folder is looked up once."""
    from pmkit.config import Found, _folder_of, find_config

    first = _folder_of(Path(paths[0])) if paths else None
    seen: set[Path] = {first} if first is not None else set()
    known: dict[Path, Found] = {}  # (a tree of folders: each parent looked at once, not once a child)
    for path in paths[1:]:
        if path == "-" or not os.path.exists(path):
            continue  # (standard input, or a name the run then says is missing)
        folder = _folder_of(Path(path))
        if folder in seen:
            continue
        seen.add(folder)
        try:
            found = find_config(folder, known)
        except ConfigError:  # (a note only: the run's own settings were read)
            continue
        if found is not None and (source is None or not same_file(str(found), str(source))):
            return path, found
    return None


def note_walked_settings(args: argparse.Namespace, paths: list[str], files: list[str],
                         config: Config) -> None:
    """Say, as for files named on the command line, when a folder walked (``pmkit check``,
    ``pmkit check postmortems``) held files under another settings file than the run's (a team's
    ``postmortems/team-b/.pmkit.toml``): they were checked with the run's settings, and its own
    were passed over without a word, where naming the file read them."""
    if getattr(args, "config", None):
        return  # the settings were chosen
    folders = [path for path in paths if path != "-" and os.path.isdir(path)]
    if not folders:
        return
    given = set(paths)
    # Each folder of the files found, with its first file: a folder is looked at once, not each
    # of its hundreds of files.
    first_file: dict[str, str] = {}
    for name in files:
        if name not in given:
            first_file.setdefault(os.path.dirname(name) or ".", name)
    # (first: a file of the run's settings' own folder, which needs no look-up)
    first = str(config.source) if config.source is not None else ""
    if (other := _under_other_settings([first, *first_file], config.source)) is None:
        return
    folder, source = other
    path = first_file[folder]
    used = f"those of {config.source}" if config.source else "the defaults (none found)"
    complain(f"pmkit: note: one run reads one set of settings, {used}; {path}, found in "
             f"{', '.join(folders)}, is under {source}, which this run does not read (check each "
             "project's files in a run of their own, or choose the settings with --config)")


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def target_paths(args: argparse.Namespace, config: Config) -> list[str]:
    """Paths from the command line, or the configured postmortem folders: relative to where
    the command runs when they are inside it, as the user would write them."""
    if args.paths:
        return list(args.paths)
    return [shorter_path(path) for path in configured_paths(config)]


def resolve_paths(args: argparse.Namespace, config: Config) -> list[str] | None:
    """The paths to work on; ``None`` (after saying which on stderr) when some do not exist."""
    from pmkit.discovery import walk_problem

    paths = target_paths(args, config)
    problems = {p: why for p in paths if (why := walk_problem(p) or unlisted(p)) is not None}
    if problems:
        for path, why in problems.items():
            complain(f"pmkit: {path}: {why}")
        return None
    return paths


def report_inputs(args: argparse.Namespace) -> tuple[Config, list[str]] | None:
    """The settings and the paths of a verb that reports on the postmortems (actions, due,
    stats); None (after saying why on stderr) when some path does not exist, or is inside a
    bare repository's folder. Folders named on the command line that hold no postmortem are
    said too."""
    from pmkit.discovery import said_in_bare_repository

    # A folder or file inside a bare repository's folder has no postmortem of a work tree in it.
    if args.paths and said_in_bare_repository(list(args.paths)):
        return None
    config = settings(args, list(args.paths))
    paths = resolve_paths(args, config)
    if paths is None:
        return None
    note_empty_folders(list(args.paths))
    if not args.paths and said_in_bare_repository(paths):  # (the configured folders)
        return None
    return config, paths


def note_empty_folders(given: list[str]) -> None:
    """Say on stderr which folders named on the command line hold no postmortem file, as 'pmkit
    check' does: "pmkit due --overdue docs/incident", a mistyped folder that exists, reported
    nothing due and passed in silence."""
    from pmkit.discovery import discover, no_postmortems
    from pmkit.fsutil import is_folder

    for path in given:
        if is_folder(Path(path)) and not discover([path]):
            complain(f"pmkit: {path}: {no_postmortems(path)}")


def skipped_files(count: int, whose: str) -> str:
    """``"2 files skipped as not valid postmortems, whose clocks are unknown (see 'pmkit check')"``:
    what a report of ``due`` or ``actions`` leaves out (``whose`` names what it lists)."""
    files = "1 file skipped as not a valid postmortem" if count == 1 else \
        f"{count} files skipped as not valid postmortems"
    return f"{files}, whose {whose} are unknown (see 'pmkit check')"


def read_as_text(loaded: Any, field: str) -> str | None:
    """Where and why the Markdown postmortem ``loaded`` (a :class:`pmkit.api.Loaded`) has no
    ``field`` for a report: its front matter lacks it, and its body has a section for it (``##
    Action items`` over a task list, ``## Timeline`` over a table), which is read as text. None
    otherwise. A report that said "No open action items" of such a file said what is not so."""
    from pmkit.markdown import front_matter_heading

    if loaded.model is None or getattr(loaded.model, field, None):
        return None
    found = front_matter_heading(loaded.doc, field)
    if found is None:
        return None
    title, span = found
    return (f"{span.line}:{span.col}: the body's section '{title}' is read as text, and '{field}' only "
            "from the front matter")


def overdue_exit(overdue: bool, found: bool, skipped: int, whose: str, as_text: int = 0,
                 unread: int = 0) -> int:
    """The exit code of ``due`` or ``actions``: 0 without ``--overdue`` (they list, they do not
    judge); with it 1 when something is overdue, else 2 when files were skipped, postmortems
    keep their ``whose`` ("clocks", "items") as body text, or ``unread`` of them have a due date
    that could not be read, which may be overdue unseen (said on stderr), else 0. A CI job that
    gates on ``--overdue`` must not pass when its postmortems could not be read."""
    if not overdue:
        return 0
    if found:
        return 1
    if skipped or as_text or unread:
        from pmkit.console import complain

        if skipped:
            said = ("a file could not be read as a postmortem (named above); fix it" if skipped == 1 else
                    f"{skipped} files could not be read as postmortems (named above); fix them")
            complain(f"pmkit: cannot tell whether any {whose} are overdue: {said} ('pmkit check' says "
                     "how), then run again")
        if as_text:
            files = "a postmortem keeps" if as_text == 1 else f"{as_text} postmortems keep"
            complain(f"pmkit: cannot tell whether any {whose} are overdue: {files} its {whose} as text "
                     "in the body (named above), which has no due dates to read; move them into the "
                     "front matter ('pmkit check' says where), then run again")
        if unread:
            some = f"{unread} of them give" if unread > 1 else "one of them gives"
            which = "them" if unread > 1 else "it"
            complain(f"pmkit: cannot tell whether any {whose} are overdue: {some} a due date that could "
                     f"not be read (named above); fix {which} ('pmkit check' says how), then run again")
        return 2
    return 0


def unlisted(path: str) -> str | None:
    """Why the folder ``path`` cannot be listed, as a message, or None (also for a file): such a
    folder, walked, held "no postmortem files", and the run passed."""
    from pmkit.loader import unlisted_folder

    why = unlisted_folder(path)
    if why is None:
        return None
    from pmkit.formats.text import shell_word

    return (f"cannot read this folder: {why}; nothing in it was checked (let the user who runs pmkit "
            f"read it: chmod a+rx {shell_word(path)})")
