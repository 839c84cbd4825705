"""``pmkit render FILE``: a postmortem as a publishable Markdown or HTML page."""

from __future__ import annotations

import argparse
import os
import sys

from pmkit.commands import (
    foreign_file,
    given,
    is_postmortem,
    kept_file,
    output_file,
    output_target_problem,
    same_file,
)
from pmkit.console import complain

HELP = "render a postmortem as a publishable Markdown or HTML page"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=given, metavar="FILE", help="the postmortem (YAML or Markdown)")
    parser.add_argument("--format", choices=["md", "html"], default=None,
                        help="md (default) or html; --output FILE.html implies html")
    parser.add_argument("--output", "-o", type=output_file, metavar="FILE",
                        help="write here (atomically) instead of printing")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pmkit.config import load_config
    from pmkit.console import stdout_closed
    from pmkit.diagnostics import Severity
    from pmkit.formats.text import format_line
    from pmkit.fsutil import is_stream, make_folders_for, write_atomic
    from pmkit.loader import read_document
    from pmkit.markdown import definitions, extra_sections
    from pmkit.render import render
    from pmkit.schema import validate_document

    if args.output and (problem := output_target_problem(args.output,
                                                         "the page's file name (page.html, page.md)")):
        complain(f"pmkit render: --output {args.output}{problem}")
        return 2
    # The name's ending, also for a name that is nothing else (".html", which has no suffix).
    name = os.path.basename(args.output or "")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    named = "html" if suffix in _SUFFIXES["html"] else "md" if suffix in _SUFFIXES["md"] else None
    if args.format and named and named != args.format:
        # An HTML page in page.md would be shown as text by every viewer that trusts the name.
        complain(f"pmkit render: --output {args.output} names a {named} file, but --format is "
                 f"{args.format}; end the name in {' or '.join(_SUFFIXES[args.format])}, or drop --format.")
        return 2
    from pmkit.discovery import path_problem
    from pmkit.fsutil import is_folder

    # Said as 'check' says it: "fix the errors above" suits a file that does not load, not a
    # file that is not there.
    problem = path_problem(args.file) or ("is a folder; render takes one postmortem file"
                                          if is_folder(args.file) else None)
    if problem:
        complain(f"pmkit render: {args.file}: {problem}")
        return 2
    config = load_config(start=Path(args.file))  # for max_file_size, as check reads the file
    doc = read_document(args.file, max_bytes=config.max_file_size)
    model, problems = validate_document(doc)
    problems = list(doc.diagnostics) + problems
    # Errors stop the page; a warning does not (a Markdown heading at the wrong level, PM024),
    # as it does not fail 'pmkit check'.
    if model is None or any(diag.severity is Severity.ERROR for diag in problems):
        for diag in problems:
            complain(format_line(diag))
        complain(f"pmkit render: {args.file} does not load; fix the errors above first "
                 "('pmkit check' shows all findings).")
        return 2
    fmt = args.format or named or "md"
    page = render(model, fmt, extra_sections(doc), definitions(doc))
    if args.output:
        if same_file(args.output, args.file):
            complain(f"pmkit render: --output {args.output} is the postmortem itself; writing the page "
                     "there would replace it. Choose another file.")
            return 2
        # Another postmortem named by mistake (a tab-completed neighbour): the page replaced
        # it without a word, and the incident's record was lost unless it was committed.
        kept = "a postmortem" if is_postmortem(args.output) else kept_file(args.output, config.source)
        if kept is not None:
            complain(f"pmkit render: --output {args.output} is {kept}; writing the page there would "
                     "replace it. Choose another file (pages end in .md or .html).")
            return 2
        if foreign_file(args.output, "page"):
            complain(f"pmkit render: --output {args.output} is a file that is not a page pmkit rendered; "
                     "writing the page there would replace it, and pmkit overwrites no other file. Remove it "
                     "first, or choose another file (pages end in .md or .html).")
            return 2
        if args.output == "/dev/stdout" and stdout_closed("pmkit render", "the page"):
            return 2
        try:
            make_folders_for(args.output)  # site/incidents/page.html in a fresh checkout
            write_atomic(args.output, page)
        except BrokenPipeError:  # (-o -) whoever read the page left: nothing to say
            return 2
        except OSError as exc:
            where = "to standard output" if args.output == "/dev/stdout" else args.output
            complain(f"pmkit render: cannot write {where}: {exc.strerror or exc}")
            return 2
        if not is_stream(args.output):  # (a page written to a stream is what was asked for)
            complain(f"Wrote {args.output}")
        return 0
    if os.environ.get("GITHUB_ACTIONS") == "true" and not _stdout_is_file():
        # The step's log: a line of the page that starts with "::" (a summary that quotes a log)
        # would run as a workflow command. Markdown has no escape that works in code blocks too,
        # so such a page goes between stop-commands markers; a page redirected to a file (or
        # written with --output) is left exactly as rendered.
        from pmkit.formats.github import without_commands

        page = without_commands(page)
    return write_page(page, "pmkit render", "the page")


def write_page(page: str, command: str, what: str) -> int:
    """Print ``page``, a document for a file, for ``command`` (``what`` names it in an error);
    the exit code. Where standard
    output is in another encoding (PYTHONIOENCODING=ascii, a Latin-1 locale, a Windows code
    page) and not a terminal, "pmkit render pm.yaml > page.md" gets a UTF-8 file, as with
    --output -, not text escaped for a reader ("ver\xf6ffentlicht")."""
    from pmkit.console import stdout_closed

    if stdout_closed(command, what):
        return 2
    if not _stdout_takes_utf8():
        from pmkit.fsutil import write_atomic

        try:
            sys.stdout.flush()
            write_atomic("/dev/stdout", page)
        except BrokenPipeError:  # whoever read the page left: nothing to say
            return 2
        except OSError as exc:
            complain(f"pmkit: cannot write the output: {exc.strerror or exc}")
            return 2
        return 0
    sys.stdout.write(page)
    return 0


def _stdout_takes_utf8() -> bool:
    """Whether the page can go through standard output's text layer unchanged: it writes UTF-8,
    or it is a terminal (shown to a person in its own encoding) or has no file descriptor."""
    import codecs

    try:
        if sys.stdout.isatty():
            return True
        sys.stdout.fileno()
        return codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name == "utf-8"
    except (OSError, ValueError, AttributeError, LookupError):
        return True


def _stdout_is_file() -> bool:
    """Whether standard output is redirected to a regular file (``> page.md``), not a log."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # closed, or no file descriptor (io.StringIO)
        return False


#: The file name endings of each page format.
_SUFFIXES = {"html": (".html", ".htm"), "md": (".md", ".markdown")}
