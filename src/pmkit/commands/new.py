"""``pmkit new``: start a postmortem from the template (English or German, YAML or Markdown).

The draft has every section, with comments that say what a good entry looks like, an id made
from the date and title, and timestamps with the offset of the configured time zone. It
loads without schema errors (PM0xx); the remaining findings are the author's to-do list.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from pmkit.commands import add_config_options, given, output_file
from pmkit.config import TEMPLATE_SETTINGS, team_timezone
from pmkit.console import complain, emit
from pmkit.formats.text import pad, shell_word, visible, width

HELP = "write a new postmortem draft from the template"

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
LANGS = TEMPLATE_SETTINGS["lang"]
FORMATS = TEMPLATE_SETTINGS["format"]

_TRANSLITERATE = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "œ": "oe", "Œ": "Oe", "å": "aa", "Å": "Aa",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th",
})
_PLAIN = re.compile(r"^[^\W\d_][\w .,()/+'&-]*$")
#: ``key: value    # comment`` lines, whose comments are re-aligned after substitution.
_COMMENT = re.compile(r"^([ ]*(?:- )?[a-z_]+: \S[^\n#]*?)[ ]{2,}(# [^\n]*)$", re.MULTILINE)
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def slugify(title: str, max_length: int = 60) -> str:
    """``"Ausfall der Zahlungs-API: Überlast"`` → ``"ausfall-der-zahlungs-api-ueberlast"``."""
    text = unicodedata.normalize("NFC", title).translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > max_length:
        cut = text.rfind("-", 0, max_length + 1)
        text = text[: cut if cut >= max_length // 2 else max_length].strip("-")
    return text or "incident"


def make_id(day: date, title: str) -> str:
    return f"{day.isoformat()}-{slugify(title)}"


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same string, else quoted."""
    if _PLAIN.match(text) and text == text.strip() and text.lower() not in _RESERVED:
        return text
    # JSON's string is YAML's double-quoted one, except that YAML also wants DEL, the C1
    # controls and non-characters such as U+FFFE escaped.
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def command_path(path: str) -> str:
    """``path`` as an argument to copy into a shell ("'my pm.yaml'"), fit for a comment in the
    draft and a message (:func:`shell_word`). A name that starts with a dash is written from
    the current folder (./-pm.yaml): it would be read as an option."""
    return shell_word(f"./{path}" if path.startswith("-") else path)


def timestamp(day: date, zone: Any, at: time = time(0, 0)) -> str:
    moment = datetime.combine(day, at, tzinfo=zone).isoformat(timespec="seconds")
    return moment[:-6] + "Z" if moment.endswith("+00:00") else moment


def template_text(lang: str, fmt: str) -> str:
    return resources.files("pmkit.templates").joinpath(f"{lang}.{fmt}.tmpl").read_text(encoding="utf-8")


def action_due(day: date, today: date | None = None) -> date:
    """When the draft's action item is due: 30 days after the incident, or after today."""
    return max(day, today or day) + timedelta(days=30)


def render_draft(
    *,
    title: str,
    day: date,
    severity: str = "SEV3",
    lang: str = "en",
    fmt: str = "yaml",
    timezone: str = "UTC",
    owner: str | None = None,
    path: str = "",
    ident: str | None = None,
    today: date | None = None,
    printed: bool = False,
) -> str:
    """The text of a new draft (the API behind ``pmkit new``). The incident happened on ``day``;
    its action item is due 30 days after that or after ``today``, whichever is later, so that a
    postmortem of an older incident is not born with an overdue action (PM714). ``printed``:
    the draft goes to a stream, not to a file, and ``path`` is only the name suggested for it."""
    from pmkit.vocabulary import resolve_zone

    zone = resolve_zone(timezone)
    if zone is None:
        raise ValueError(f"unknown time zone '{timezone}'")
    start = timestamp(day, zone)
    ident = ident or make_id(day, title)
    values = {
        "id": ident,
        "title": yaml_scalar(title),
        "severity": severity,
        "timezone": timezone,
        "owner": yaml_scalar(owner) if owner else "TODO",
        "t_impact": start,
        "t_detected": start,
        "t_acknowledged": start,
        "t_mitigated": start,
        "t_resolved": start,
        "due": action_due(day, today).isoformat(),
        "path": _check_target(command_path(path or f"postmortems/{ident}.{fmt}"), lang, printed),
    }

    def fill(part: str) -> str:
        return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], part)

    def line(raw: str) -> str:
        # Where a comment starts is read from the template line, never from a filled-in value
        # (an owner such as "ops  # lead" is text, not a comment to re-align).
        match = _COMMENT.match(raw)
        if match is None:
            return fill(raw)
        head = fill(match.group(1))
        return pad(head, max(width(head) + 2, 30)) + fill(match.group(2))  # (as an editor shows it)

    return "\n".join(line(raw) for raw in template_text(lang, fmt).split("\n"))


#: What the header's "pmkit check ..." names for a draft that went to standard output, where
#: no file holds it yet: the suggested name, and a shell comment saying the author saves it
#: there first. ("<the file you save this as, ...>", pasted into a shell, read from a file
#: named "the".)
_SAVED_AS = {"en": "{}   # once saved there",
             "de": "{}   # sobald dort gespeichert"}


def _check_target(path: str, lang: str, printed: bool) -> str:
    return _SAVED_AS.get(lang, _SAVED_AS["en"]).format(path) if printed else path


def _defaults(section: dict[str, Any]) -> dict[str, str]:
    """``[tool.pmkit.templates]``, checked when the configuration was read."""
    return {key: str(value) for key, value in section.items()}


def utf8_text(value: str) -> str:
    """argparse type of text written into the draft (a title, an owner). Bytes that are not
    UTF-8 in the current locale arrive as lone surrogates, which YAML cannot hold: the draft did
    not load and pmkit called that its own internal error. UTF-8 bytes read under an ASCII
    locale (LC_ALL=C) are taken as the text they are; other bytes are refused."""
    if not any("\ud800" <= char <= "\udfff" for char in value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        raw = os.fsencode(value) if all(char <= "\udcff" for char in value) else b""
        byte = next((f" (byte 0x{b:02x})" for b in raw if b > 0x7F), "")
        raise argparse.ArgumentTypeError(
            f"'{value}' is not UTF-8 text{byte}; write it in UTF-8 (set the terminal or the "
            "script's encoding to UTF-8)") from None


def _owner(value: str) -> str:
    return utf8_text(given(value))


def configure(parser: argparse.ArgumentParser) -> None:
    # "pmkit new 'Checkout outage'" is what people type first: the title, as --title gives it.
    parser.add_argument("words", nargs="*", type=utf8_text, metavar="TITLE",
                        help="incident title, as --title gives it (quoted or not)")
    parser.add_argument("--title", type=utf8_text,
                        help="incident title (asked for when missing on a terminal)")
    parser.add_argument("--date", type=given, metavar="YYYY-MM-DD",
                        help="date the incident began (default: today in the configured time zone)")
    # "sev2" is what people type; the file gets SEV2, the spelling the schema asks for.
    parser.add_argument("--severity", choices=SEVERITIES, default="SEV3", type=str.upper,
                        help="SEV1 (worst) .. SEV5, any case (default: SEV3)")
    parser.add_argument("--lang", choices=LANGS, help="template language (default: en, or "
                        "[tool.pmkit.templates] lang)")
    parser.add_argument("--format", choices=FORMATS, dest="fmt",
                        help="yaml, or md for Markdown with front matter (default: yaml, or "
                        "[tool.pmkit.templates] format)")
    parser.add_argument("--dir", type=given, metavar="DIR", help="folder for the new file (default: the "
                        "first configured postmortem folder)")
    parser.add_argument("--output", "-o", type=output_file, metavar="FILE",
                        help="exact file to write (-: standard output)")
    parser.add_argument("--owner", type=_owner, help="the one accountable owner (a role or handle)")
    add_config_options(parser, now="today, for the default --date and the due date of the draft's action "
                       "item")


def run(args: argparse.Namespace) -> int:
    from pmkit.commands import in_git_folder, settings, settings_name_problem
    from pmkit.fsutil import is_stream, make_folders_for, write_atomic
    from pmkit.loader import MARKDOWN_SUFFIXES, YAML_SUFFIXES, parse_text
    from pmkit.schema import validate_document
    from pmkit.vocabulary import resolve_zone, shows_nothing

    config = settings(args, [])
    defaults = _defaults(config.section("templates"))
    title = args.title
    if args.words:
        if title is not None:
            complain(f"pmkit new: the title is given twice: as --title '{title}' and as "
                     f"'{' '.join(args.words)}'; give it once")
            return 2
        title = " ".join(args.words)
    if title is None and sys.stdin is not None and sys.stdin.isatty():
        try:
            title = _ask_title()
        except argparse.ArgumentTypeError as exc:  # typed on a terminal that is not UTF-8
            complain(f"pmkit new: the title {exc}")
            return 2
        except KeyboardInterrupt:
            # Ctrl-C at the prompt: end its line, so that the shell's prompt starts on its own.
            print()
            return 130
    if title is None:
        complain("pmkit new: give the incident a title with --title")
        return 2
    if shows_nothing(title):  # ("\u200b" made a draft whose title shows nothing)
        # It was given: asking for one "with --title" sent the author looking for a missing option.
        said = ("empty" if title == "" else "blank (blanks only)" if title.strip() == ""
                else "blank (only blanks and characters that do not show)")
        complain(f"pmkit new: the title is {said}; give the incident a title that says what happened, "
                 "e.g. \"Checkout errors after the cache flush\"")
        return 2
    title = " ".join(title.split())
    from pmkit.engine import resolve_now

    # Today where the incident team is (the zone the clocks count days in: the calendar's, else
    # the top-level one), or the day --now/PMKIT_NOW names there.
    zone_name = team_timezone(config) or config.timezone
    today = resolve_now(args.now).astimezone(resolve_zone(zone_name)).date()
    day = today
    if args.date:
        from pmkit.vocabulary import MAX_YEAR, MIN_YEAR

        try:
            day = _incident_day(args.date)
        except ValueError as exc:
            complain(f"pmkit new: --date '{args.date}' {exc}")
            return 2
        # (the draft's action item is due 30 days later: that date must be checkable too)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            complain(f"pmkit new: --date {args.date} is outside the years {MIN_YEAR} to {MAX_YEAR} "
                     "that pmkit checks")
            return 2
        if action_due(day, today).year > MAX_YEAR:
            complain(f"pmkit new: with --date {args.date} the draft's action item would be due on "
                     f"{action_due(day, today)}, after the year {MAX_YEAR}, the last that pmkit checks")
            return 2
    output = Path(args.output) if args.output else None
    # os.path's tests, not Path's: those raise PermissionError inside a folder that may not be
    # read (an internal error); the write then says what is wrong.
    if output is not None and (os.path.isdir(output) or args.output.endswith(("/", os.sep))):
        # --output names the file; Path() drops a trailing slash, and "ro/" became a file "ro".
        name = f"{make_id(day, title)}.{args.fmt or defaults.get('format', 'yaml')}"
        what = "is a folder" if os.path.isdir(output) else "ends with a slash, as a folder does"
        complain(f"pmkit new: --output {visible(args.output)} {what}; --output takes a file name "
                 f"(-o {command_path(str(output / name))}), and --dir {command_path(str(output))} "
                 "writes the draft into the folder under its default name")
        return 2
    # (a draft under a settings file's name was the settings of every later run in its folder)
    draft_name = f"the draft's file name ({make_id(day, title)}.{args.fmt or defaults.get('format', 'yaml')})"
    if output is not None and (problem := settings_name_problem(args.output, draft_name)):
        complain(f"pmkit new: --output {visible(args.output)}{problem}")
        return 2
    suffix = output.suffix.lower() if output is not None else ""
    fmt = args.fmt or (
        "md" if suffix in MARKDOWN_SUFFIXES
        else "yaml" if suffix in YAML_SUFFIXES
        else defaults.get("format", "yaml")
    )
    if output is not None and not is_stream(output) and (fmt == "md") != (suffix in MARKDOWN_SUFFIXES):
        # pmkit reads a file by its name: Markdown in x.yaml (or YAML in x.md) would not load.
        # A stream (-o /dev/stdout) has no name to read it by: whoever saves it chooses one.
        wanted = "a .md name" if fmt == "md" else "a .yaml name"
        complain(f"pmkit new: --output {args.output} does not fit the {fmt} format: pmkit reads "
                 f"files ending in .md or .markdown as Markdown and any other as YAML; give it "
                 f"{wanted} or another --format.")
        return 2
    lang = args.lang or defaults.get("lang", "en")
    ident = make_id(day, title)
    default_dir = config.paths[0] if config.paths else "postmortems"
    kept = (Path(args.dir) if args.dir else config.root / default_dir) / f"{ident}.{fmt}"
    output = output or kept
    shown = _shown(output)
    if (inside := in_git_folder(str(output))) is not None:  # (--dir .git/pm: never committed)
        complain(f"pmkit new: cannot write {shown}: it {inside}; choose another --dir or --output")
        return 2
    # A stream (-o -, /dev/stdout) names no file to check: the draft's "pmkit check /dev/stdout"
    # was a command that reads nothing; the draft's own file name is where it is to be kept.
    text = render_draft(title=title, day=day, severity=args.severity, lang=lang, fmt=fmt,
                        timezone=zone_name, owner=args.owner,
                        path=_shown(kept if is_stream(output) else output, config.root), ident=ident,
                        today=today, printed=is_stream(output))
    doc = parse_text(text, str(output), markdown=fmt == "md")
    problems = list(doc.diagnostics) + validate_document(doc)[1]
    if problems:  # a bug in the template: never hand the author a broken file
        first = problems[0]
        complain(f"pmkit new: internal error: the draft does not load ({first.code} line {first.line}: "
                 f"{first.message})")
        return 2
    stream = is_stream(output)  # -o /dev/stdout: the draft itself is the output
    from pmkit.console import stdout_closed

    # (>&-) Written to nowhere, the draft was "created" and the run passed.
    if stream and str(output) == "/dev/stdout" and stdout_closed("pmkit new", "the draft"):
        return 2
    if not stream and os.path.exists(output):
        complain(f"pmkit new: {shown} already exists; not overwriting it. Choose another --title, "
                 "--date or --output.")
        return 2
    try:
        make_folders_for(output)
        write_atomic(output, text, overwrite=False)
    except FileExistsError:
        if not os.path.isdir(output.parent):  # a file where the folder should be
            complain(f"pmkit new: cannot write {shown}: {output.parent} is not a folder")
            return 2
        what = "a symbolic link" if os.path.islink(output) and not os.path.exists(output) else "a file"
        complain(f"pmkit new: {output} already exists ({what}); not overwriting it.")
        return 2
    except NotADirectoryError as exc:  # a file further up ("--dir notes.txt/2026"): "Not a directory"
        complain(f"pmkit new: cannot write {shown}: {exc.strerror}")
        return 2
    except BrokenPipeError:  # (-o -) whoever read the draft left: nothing to say, as for render
        return 2
    except OSError as exc:
        # "-" is written /dev/stdout: "cannot write /dev/stdout" named a file nobody gave.
        where = "to standard output" if stream and str(output) == "/dev/stdout" else shown
        complain(f"pmkit new: cannot write {where}: {exc.strerror or exc}")
        return 2
    if stream:
        return 0
    # The name for scripts ("$EDITOR $(pmkit new ...)"), with control characters as escapes: it
    # may come from --output or the title and must not drive the terminal or a CI log.
    emit(visible(shown) + "\n")
    kind = {"en": "an English", "de": "a German"}[lang] + (" Markdown" if fmt == "md" else " YAML")
    complain(f"Created {kind} draft. Fill it in, then run: pmkit check {command_path(shown)}")
    return 0


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
#: In English whatever the locale, as every message is.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _incident_day(text: str) -> date:
    """``--date``: an ISO day written YYYY-MM-DD, blanks around it left out (a pasted or quoted
    variable's, as ``--now`` leaves them out). Raises ValueError with what is wrong, to follow
    the value: the month or the day that does not exist ("February 2026 has 28 days"), else the
    form to write."""
    import calendar

    written = text.strip()
    # Only the form a postmortem writes its dates in, as --now takes them: Python's reader also
    # takes 20260302 and 2026-W10-3, which no date of the draft could be written as.
    parts = _ISO_DAY.fullmatch(written)
    if parts is None:
        raise ValueError("is not a date such as 2026-11-25")
    try:
        return date.fromisoformat(written)
    except ValueError:
        pass
    from pmkit.vocabulary import MAX_YEAR, MIN_YEAR

    year, month, day = (int(part) for part in parts.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:  # (year 0000 is none at all)
        raise ValueError(f"is outside the years {MIN_YEAR} to {MAX_YEAR} that pmkit checks")
    if not 1 <= month <= 12:
        raise ValueError(f"has no such month: {month:02d}; months go from 01 to 12")
    if day == 0:
        raise ValueError("is no such day: the days of a month start at 01")
    last = calendar.monthrange(year, month)[1]
    raise ValueError(f"is no such day: {_MONTHS[month - 1]} {year} has {last} days")


def _ask_title() -> str | None:
    """The title typed at the prompt, None after Ctrl-D. Raises ArgumentTypeError (as for
    --title) when the terminal sent bytes that are not UTF-8."""
    try:
        line = input("Title of the incident: ")
    except EOFError:  # Ctrl-D at the prompt: no title, said by the caller on a line of its own
        print()
        return None
    except UnicodeDecodeError as exc:  # a standard input that decodes strictly
        line = bytes(exc.object).decode("utf-8", "surrogateescape").rstrip("\r\n")
    return utf8_text(line)


def _shown(path: Path, root: Path | None = None) -> str:
    """``path`` relative to the current folder, or to ``root`` (the settings' folder, where the
    draft's own "run pmkit check ..." is run from: written relative to a subfolder, it named no
    file from the top); as given when it lies outside."""
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # elsewhere; a symlink loop
        return str(path)
