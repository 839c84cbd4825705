"""The ``pmkit`` command: parse arguments, call the API, print, exit.

Each verb is a module in :mod:`pmkit.commands` with ``HELP``, ``configure(parser)`` and
``run(args) -> int``. Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage,
configuration or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any, ClassVar

from pmkit.config import ConfigError
from pmkit.console import complain
from pmkit.startup import resume_collection, skip_pydantic_plugins

#: verb → module. Modules import their heavy dependencies inside ``run``.
COMMANDS: dict[str, str] = {
    "actions": "pmkit.commands.actions",
    "check": "pmkit.commands.check",
    "explain": "pmkit.commands.explain",
    "rules": "pmkit.commands.rules",
    "schema": "pmkit.commands.schema",
    "stats": "pmkit.commands.stats",
    "history": "pmkit.commands.history",
    "new": "pmkit.commands.new",
    "render": "pmkit.commands.render",
    "init": "pmkit.commands.init",
    "due": "pmkit.commands.due",
}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout at the width argparse would choose, found without importing
    shutil: argparse makes a formatter for each option it is given (to check it), and its own
    asks ``shutil.get_terminal_size``, whose import (with the compression modules shutil
    imports) took about 2 ms of every run."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class RawDescriptionFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """argparse's layout that keeps a description's and epilog's own line breaks, at the same width."""


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``$COLUMNS``, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    #: The arguments being parsed (set by ``main``), for advice argparse's own errors lack.
    given: ClassVar[list[str]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("the following arguments are required"):
            # 'pmkit render -old.yaml': the file's name was taken for an unknown option, and
            # "required: FILE" alone said nothing of it.
            message += _dash_file_hint(_Parser.given[1:])
        self.print_usage(sys.stderr)
        complain(f"{self.prog}: error: {message}")
        raise SystemExit(EXIT_ERROR)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that verb's (its module alone is imported,
    which keeps a hook's start-up free of the other commands' imports)."""
    from pmkit import __version__

    parser = _Parser(
        prog="pmkit",
        description="Check incident postmortems: timeline, decisions, blameless phrasing, "
        "disclosure clocks and history.",
    )
    parser.add_argument("--version", action="version", version=f"pmkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for verb, module_name in COMMANDS.items():
        if only is not None and verb != only:
            continue
        module = importlib.import_module(module_name)
        command = sub.add_parser(verb, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(_run=module.run, _parser=command)
    return parser


#: The error handler of the command's output streams (:func:`_tolerant_output`).
_ESCAPES = "pmkit-escapes"


def _tolerant_output() -> None:
    """A file name that is not valid UTF-8, or a terminal that cannot show a character, must not
    turn a report into a traceback: such characters are written as backslash escapes. A character
    the stream cannot show is written as ``\\u00fc`` (or ``\\U0001f600``), never as ``\\xfc``:
    that is how a report shows a byte of a name that is not UTF-8 (``caf\\xe9.yaml``), and the
    files ``aü.yaml`` and ``a<0xfc>.yaml`` were both shown as ``a\\xfc.yaml`` on an ASCII stream."""
    import codecs

    try:
        codecs.lookup_error(_ESCAPES)
    except LookupError:
        codecs.register_error(_ESCAPES, _escaped)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=_ESCAPES)


def _escaped(error: UnicodeError) -> tuple[str, int]:
    """:data:`_ESCAPES`: each character the stream cannot encode as its code point's escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text), error.end


def _closed_streams_to_null() -> None:
    """With stdout or stderr closed (``>&-``), Python has None there: reports and messages are
    then written to nowhere, not into the other stream (a message inside JSON output) nor
    into an AttributeError."""
    from pmkit.console import CLOSED

    CLOSED.clear()  # (main may be called again in one process)
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            CLOSED.add(name)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the run)


#: Characters written at a time (see _WatchedOutput.write): no more than io's buffer holds.
_PIECE = 4096


class _WatchedOutput:
    """Standard output that remembers whether writing to it failed (a full disk, a closed
    pipe), so that such a failure is told apart from a bug that raised an OSError."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.failed = False

    def write(self, text: str) -> int:
        try:
            # In pieces: one write larger than the buffer, into a pipe whose reader leaves part
            # way through, was cut short without an error (the text layer drops the buffer's
            # short count), and the exit code said the report had been written. A piece that
            # fills the buffer writes it out and fails with the broken pipe.
            for start in range(0, len(text), _PIECE):
                self.stream.write(text[start:start + _PIECE])
            return len(text)
        except OSError:
            self.failed = True
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError:
            self.failed = True
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _QuietErrors:
    """Standard error that cannot fail: when messages cannot be written there (``2>/dev/full``,
    a closed pipe), nobody is left to read them. The failure raised out of the message that
    said why the run stopped, became an internal error whose report failed too, and the run
    ended with Python's exit code 1, as if it had found problems in the files."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self.stream.write(text))
        except OSError:
            _to_nowhere(self)
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError:
            _to_nowhere(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _to_nowhere(output: _WatchedOutput | _QuietErrors) -> None:
    """Point the failed output at nowhere, so that Python's own flush at exit does not fail
    (and print its own error) again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, output.stream.fileno())
        os.close(null)
    output.stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the rest of the run)


def main(argv: Sequence[str] | None = None) -> int:
    skip_pydantic_plugins()
    _closed_streams_to_null()
    _tolerant_output()
    errors = _QuietErrors(sys.stderr)
    sys.stderr = errors
    try:
        try:
            return _main(argv)
        except MemoryError:
            pass  # said here, once the frames that held the memory are gone
        complain(OUT_OF_MEMORY)
        return EXIT_ERROR
    finally:
        sys.stderr = errors.stream
        if (started := sys.modules.get("pmkit.headstart")) is not None:
            started.stop_all()  # a git command started early that the run did not need (called in a loop)
        if (logs := sys.modules.get("pmkit.logcache")) is not None:
            logs.forget()  # (its plan, made with the head start, for this run only)
        if (child := sys.modules.get("pmkit.early")) is not None:
            child.stop()  # the model's share, started early for a run that did not need it


#: A run that ran out of memory: no traceback to report, as for a bug, but what to do.
OUT_OF_MEMORY = ("pmkit: out of memory: the run needed more than this process may use (a limit set "
                 "with ulimit -v, or a container's); check fewer files at a time, or allow it more memory")


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:]) if argv is None else _arguments(argv)
    nul = next((arg for arg in args_list if isinstance(arg, str) and "\0" in arg), None)
    if nul is not None:
        # No command line can carry one (a program calling main() can): every file name and
        # option value with it would fail somewhere deep as an internal error.
        complain(f"pmkit: the argument {nul[:60]!r} holds a NUL character, which no file name or "
                 "option value may hold")
        return EXIT_ERROR
    if not args_list or (
        args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")
    ):
        # `pmkit FILES` and `pmkit --select ...` mean `pmkit check ...`, as pre-commit calls it.
        mistyped = _mistyped_command(args_list[0]) if args_list else None
        if mistyped:
            complain(f"pmkit: '{args_list[0]}' is not a command (did you mean '{mistyped}'?), nor a file "
                     "or folder to check; 'pmkit --help' lists the commands")
            return EXIT_ERROR
        args_list = ["check", *args_list]
    parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
    _Parser.given = args_list
    output = _WatchedOutput(sys.stdout)
    sys.stdout = output
    try:
        try:
            args, extra = parser.parse_known_args(args_list)
            dashed = _attached_output(args_list) if getattr(args, "output", None) else None
            if dashed is not None:  # "-old.yaml" read as "-o ld.yaml": the report went to ld.yaml
                extra = [dashed, *extra]
            if extra:  # said by the command's parser, with its usage, not pmkit's
                getattr(args, "_parser", parser).error(f"unrecognized arguments: {' '.join(extra)}"
                                                       f"{_dash_file_hint(extra) or _rule_hint(args, extra)}")
            if not getattr(args, "_run", None):
                parser.print_help()
                code = EXIT_ERROR
            elif (few := _too_few_open_files()) is not None:
                complain(few)
                code = EXIT_ERROR
            else:
                if args_list[0] != "check":  # (a check resumes it once its rules are loaded)
                    resume_collection()  # paused while the command started: see pmkit.startup
                code = int(args._run(args))
        except SystemExit as exc:  # --help, --version, a usage error: argparse has said it
            code = exc.code if isinstance(exc.code, int) else EXIT_ERROR
        output.flush()  # the output is buffered: a full disk shows here, not at exit
        if output.failed:  # argparse's own writes (help, version) fail without a word
            _to_nowhere(output)
            complain("pmkit: cannot write the output")
            return EXIT_ERROR
        return code
    except ConfigError as exc:
        complain(f"pmkit: configuration error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        raise  # no bug of pmkit's to report (see main)
    except OSError as exc:
        if not output.failed:
            return _cwd_gone() or _internal_error()
        _to_nowhere(output)
        if not isinstance(exc, BrokenPipeError):  # whoever read the output left: nothing to say
            complain(f"pmkit: cannot write the output: {exc.strerror or exc}")
        return EXIT_ERROR  # not the findings' exit code: they were not all reported
    except Exception as exc:
        from pmkit.launcher import INTERRUPTED, interrupted

        if interrupted(exc):  # a Ctrl-C that Python wrapped in another exception
            return INTERRUPTED
        return _cwd_gone() or _internal_error()
    finally:
        sys.stdout = output.stream
        _Parser.given = []  # (a parser built later, outside a run, has no command line to look at)


def _arguments(argv: Sequence[str]) -> list[str]:
    """``argv`` of a program that calls main(), as the command line's strings: a path or bytes
    is taken as the name it stands for (each was an internal error), one string is refused (its
    characters were read as arguments), as is anything else that is no argument."""
    if isinstance(argv, (str, bytes)):
        raise TypeError(f"argv must be a list of arguments, not one {type(argv).__name__}: "
                        "main(['check', 'postmortems'])")
    arguments = []
    for index, arg in enumerate(argv):
        if not isinstance(arg, (str, bytes, os.PathLike)):
            raise TypeError(f"argv[{index}] must be a str (or a path), not {type(arg).__name__}")
        arguments.append(os.fsdecode(arg))
    return arguments


def _attached_output(args_list: list[str]) -> str | None:
    """A file whose name starts with "-o" (``-old.yaml``), given before any "--": argparse reads
    it as ``-o ld.yaml`` (a value attached to the option), and the report or page replaced
    ld.yaml. Said as any other such file name is; ``-opage.html`` of no file stays an option."""
    from pmkit.discovery import path_problem

    for arg in args_list[1:]:
        if arg == "--":
            break
        if len(arg) > 2 and arg.startswith("-o") and path_problem(arg) is None:
            return arg
    return None


def _dash_file_hint(extra: list[str]) -> str:
    """How to pass a file whose name starts with "-" (read as an unknown option), when one of
    the unrecognized arguments is such a file: "unrecognized arguments: -old.yaml" alone
    left the user to guess."""
    from pmkit.discovery import path_problem

    named = next((arg for arg in extra if arg.startswith("-") and arg != "-" and path_problem(arg) is None),
                 None)
    if named is None:
        return ""
    return f" ({named} is a file: put file names that start with '-' after '--', or write ./{named})"


def _rule_hint(args: argparse.Namespace, extra: list[str]) -> str:
    """'pmkit rules PM301' lists every rule, and takes no code: say which command shows one."""
    if getattr(args, "command", None) != "rules":
        return ""
    from pmkit.rules import registry

    named = next((arg for arg in extra if registry().get(arg) is not None), None)
    return f" ('pmkit explain {named}' shows that rule's page)" if named else ""


#: Words that other tools take as commands, and pmkit as options.
_OPTIONS_AS_WORDS = {"help": "--help", "version": "--version"}


def _mistyped_command(word: str) -> str | None:
    """The command ``word`` is close to (``chek`` → ``check``), when it names no file or folder
    either: a bare word means ``check WORD``, and "chek: no such file or folder" hid the typo."""
    import difflib

    from pmkit.discovery import path_problem

    # A name with a dot or a slash is a path ("rules.yaml" is no mistyped "rules").
    if word.startswith("-") or any(c in word for c in "./" + os.sep) or path_problem(word) is None:
        return None
    if word.lower() in _OPTIONS_AS_WORDS:  # "pmkit help" was "help: no such file or folder"
        return f"pmkit {_OPTIONS_AS_WORDS[word.lower()]}"
    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    return close[0] if close else None


def _too_few_open_files() -> str | None:
    """See :func:`pmkit.workers.open_files_problem`."""
    from pmkit.workers import open_files_problem

    return open_files_problem()


def _cwd_gone() -> int:
    """EXIT_ERROR, after saying so, when the folder pmkit runs in was deleted (a shell left in
    a removed build folder): finding settings, relative paths and written files all start from
    it, and whichever asked first failed with an internal error. 0 when the folder is there."""
    try:
        os.getcwd()
    except OSError:
        complain("pmkit: the current folder no longer exists (deleted or moved away); change to "
                 "an existing folder and run pmkit again")
        return EXIT_ERROR
    return 0


def _internal_error() -> int:
    """Never a bare traceback: say it is our bug, and how to report it."""
    complain("pmkit: internal error; please report it with the following details:")
    import traceback  # (here: only a bug takes its ~2 ms import, with linecache and tokenize)

    # The frames are pmkit's own lines; the exception's message may quote the user's input.
    *frames, last = traceback.format_exception(*sys.exc_info())
    sys.stderr.write("".join(frames))
    complain(last.rstrip("\n"))
    return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
