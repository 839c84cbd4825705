"""``pmkit check [PATHS]``: check postmortems and report findings."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from pmkit.commands import (
    add_config_options,
    foreign_file,
    given,
    input_file,
    is_postmortem,
    kept_file,
    note_walked_settings,
    output_file,
    output_target_problem,
    path_given,
    same_file,
    settings,
    target_paths,
    unlisted,
)
from pmkit.console import complain, emit, emit_data
from pmkit.diagnostics import Report
from pmkit.formats import CHOICES
from pmkit.startup import resume_collection

if TYPE_CHECKING:
    from pmkit.config import Config

HELP = "check postmortem files (default: the configured postmortem folder)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=path_given, metavar="PATH",
                        help="files or folders to check (default: the configured postmortem folder)")
    parser.add_argument("--format", default="text", choices=CHOICES,
                        help="output format (default: text; auto: github under GitHub Actions, "
                        "else text)")
    parser.add_argument("--fail-on", choices=["error", "warning", "info"], type=str.lower,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--select", action="append", type=rule_list, metavar="CODES",
                        help="only these rules: codes, prefixes (PM3) or names, comma-separated")
    parser.add_argument("--ignore", action="append", type=rule_list, metavar="CODES",
                        help="skip these rules: codes, prefixes or names, comma-separated")
    parser.add_argument("--no-hints", action="store_true",
                        help="omit the hint lines of the text report (also the one that follows the "
                        "annotations of --format github)")
    parser.add_argument("--output", "-o", type=output_file, metavar="FILE",
                        help="write the report here (atomically) instead of printing it, e.g. "
                        "--format sarif -o pmkit.sarif for code scanning, --format gitlab -o "
                        "gl-code-quality-report.json for GitLab; the exit code is the same")
    parser.add_argument("--baseline", type=input_file, metavar="FILE",
                        help="leave out the findings recorded in this baseline file")
    parser.add_argument("--write-baseline", type=output_file, metavar="FILE",
                        help="record every current finding in this baseline file (-: standard output) "
                        "and exit 0")
    parser.add_argument("--base", metavar="REF",
                        help="history rules (PM6xx): compare with this revision, e.g. the pull "
                        "request's base (default: $PRE_COMMIT_FROM_REF, else HEAD)")
    parser.add_argument("--repo-wide", action="store_true",
                        help="also compare the postmortem folders with the base as a whole and "
                        "report published postmortems that were deleted (PM605) or renamed "
                        "without a trace (PM606); for a hook "
                        "with pass_filenames: false")
    parser.add_argument("--jobs", type=process_count, metavar="N",
                        help="worker processes, 1 or more, at most 2 per core (default: one per core when "
                        "there are many files; with fewer, a second process applies the text rules; 1: this "
                        "process alone)")
    add_config_options(parser)


def rule_list(value: str) -> str:
    """argparse type of --select/--ignore: at least one code, prefix or name. Commas alone
    ("$A,$B" of two unset variables) are a mistake, as an empty value is: --select of nothing
    was every rule."""
    if not any(part.strip() for part in given(value).split(",")):
        raise argparse.ArgumentTypeError(f"needs rule codes, prefixes or names, not '{value}'")
    return value


def process_count(value: str) -> int:
    """argparse type of --jobs: a whole number of processes, 1 or more. 0 has no meaning of its own
    (some tools read it as "one per core", others as "none"): refused rather than guessed."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number of processes, not '{value}'") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"needs 1 or more processes, not {count} (leave --jobs out to "
                                         "let pmkit choose)")
    return count


def _unchecked_submodules(paths: list[str], problems: dict[str, str]) -> dict[str, str]:
    """The ``paths`` that are the empty folder of a submodule not checked out, with the
    submodule's folder (one ``git ls-files`` per empty folder; none on a normal run)."""
    from pmkit.history import unchecked_submodule

    found: dict[str, str] = {}
    for path in paths:
        if path in problems or not _empty_folder(path):
            continue
        if (folder := unchecked_submodule(path)) is not None:
            found[path] = folder
    return found


def _empty_folder(path: str) -> bool:
    """Whether ``path`` is a folder with nothing in it (not a symbolic link to one)."""
    try:
        if not os.path.isdir(path) or os.path.islink(path):
            return False
        with os.scandir(path) as entries:
            return not any(entries)
    except OSError:
        return False


def _reads_log(config: Config) -> bool:
    """Whether a rule that reads the files' git log is on."""
    from pmkit.rules import LOG_READERS, is_on

    return any(is_on(config, code, name) for code, name in LOG_READERS)


def _repository_folder(path: str) -> str:
    """The folder of the repository git finds from ``path``, which does not exist (its nearest
    ``.git``, or a bare repository's folder), or the nearest folder above it that exists when
    neither is found: what git's answer of whether the repository is bare depends on."""
    from pmkit.gitplace import bare_repository, repository_key

    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.isdir(folder) and folder != os.path.dirname(folder):
        folder = os.path.dirname(folder)
    return repository_key(folder) or bare_repository(folder) or str(folder)


def run(args: argparse.Namespace) -> int:

    from pmkit.discovery import in_bare_repository, not_checked_out, read_as_postmortem, walk_problem
    from pmkit.formats import get_formatter, resolve_format

    if args.base is not None and not args.base.strip():
        complain("pmkit: --base needs a revision (a branch, tag or commit), not an empty string")
        return 2
    if args.output and (problem := _output_problem(args)):
        complain(f"pmkit: --output {args.output}{problem}")
        return 2
    if args.write_baseline and (
            problem := output_target_problem(args.write_baseline, _BASELINE_NAME, name_only=True)):
        complain(f"pmkit: --write-baseline {args.write_baseline}{problem}")
        return 2
    config = settings(args, list(args.paths))
    if args.base:
        config.base = args.base
    if args.output and (kept := kept_file(args.output, config.source)) is not None:
        complain(f"pmkit: --output {args.output} is {kept}; writing the report there would replace it. "
                 f"Choose another file ({_REPORT_NAMES}).")
        return 2
    if args.output and foreign_file(args.output, "report"):
        complain(f"pmkit: --output {args.output} is a file that is not a pmkit report; writing the report "
                 "there would replace it, and pmkit overwrites no other file. Remove it first, or choose "
                 f"another file ({_REPORT_NAMES}).")
        return 2
    paths = target_paths(args, config)
    if args.paths and os.environ.get("PRE_COMMIT") == "1":
        # pre-commit names every Markdown file of the folder (a README beside the postmortems),
        # which a check of the folder passes over: the hook checks what that check checks.
        paths = [path for path in paths if read_as_postmortem(path) is not False]
    problems = {p: why for p in paths if (why := walk_problem(p) or unlisted(p)) is not None}
    # A folder or file inside a bare repository's folder (a clone made with 'git clone --bare')
    # is in no work tree: said so, where it was called empty or checked as any file with exit 0.
    inside_bare = in_bare_repository([p for p in paths if p not in problems])
    problems.update(inside_bare)
    if problems and not args.repo_wide:
        from pmkit.history import no_work_tree, outside_sparse_checkout, unchecked_submodule

        asked: dict[str, str | None] = {}  # no_work_tree's answer, once for each repository
        for path in problems:
            if path in inside_bare:  # (decided: the repository has no work tree)
                continue
            if (folder := unchecked_submodule(path)) is not None:
                problems[path] = not_checked_out(folder)
            elif not os.path.lexists(path) and outside_sparse_checkout(path):
                problems[path] = OUTSIDE_SPARSE
            elif not os.path.lexists(path):
                where = _repository_folder(path)
                if where not in asked:
                    asked[where] = no_work_tree(path)
                if (bare := asked[where]) is not None:
                    problems[path] = bare
    if (unchecked := _unchecked_submodules(paths, problems)):
        # The folder of a submodule that is not checked out, named itself: it is there, empty,
        # and passed as a folder without postmortems, where a path inside it says what to run.
        for path, folder in unchecked.items():
            complain(f"pmkit: {path}: {not_checked_out(folder)}")
        return 2
    # (repo-wide: a deleted folder is what it looks for; a bare repository has no work tree to look in)
    missing = list(inside_bare) if args.repo_wide else list(problems)
    if missing:
        for path in missing:
            complain(f"pmkit: {path}: {problems[path]}")
        if not args.paths and not all(os.path.lexists(path) for path in missing):  # (not for a locked one)
            from pmkit.config import no_folder_advice

            complain(f"pmkit: {no_folder_advice(config)}")
        return 2
    if args.base:
        from pmkit.history import check_base

        problem = check_base(args.base, paths)
        if problem:
            complain(f"pmkit: --base {args.base}: {problem}")
            return 2
    if config.exclude and args.paths:
        paths = _not_excluded(paths, config)
    if not args.repo_wide and _reads_log(config):
        from pmkit.history import start_file_log

        start_file_log([p for p in paths if p not in problems])
    from pmkit.engine import Checker  # (pydantic, the model and the rules: ~100 ms, git meanwhile)

    checker = Checker(config, now=args.now)
    if os.environ.get("PRE_COMMIT_TO_REF"):
        from pmkit.history import not_what_is_checked

        # The pmkit-history-repo hook: only which files are there matters, not what they say.
        folders_only = bool(args.repo_wide) and checker.active <= {"PM600", "PM605", "PM606"}
        if (problem := not_what_is_checked(paths, folders_only=folders_only)) is not None:
            complain(f"pmkit: {problem}")
            return 2
    if not checker.active:
        # Not an error (a family may be turned off on purpose, and a hook's exit code must stay),
        # but a run that checks nothing would otherwise pass in silence.
        chosen = [f"{key} = {','.join(value)}" for key, value in (("select", config.select),
                  ("extend-select", config.extend_select), ("ignore", config.ignore)) if value]
        complain(f"pmkit: no rule is on ({'; '.join(chosen)}): nothing is checked; 'pmkit rules' "
                 "lists the codes, prefixes and names")
    fmt = resolve_format(args.format)
    if fmt == "text" and not args.write_baseline:
        # The report's writer, loaded now (~1.5 ms): a check whose model share is a second
        # process's (pmkit.early) has this process wait for it, and writes the report right after.
        from pmkit.formats import text  # noqa: F401
    resume_collection()  # (paused while the command started: see pmkit.startup)
    report = checker.check_paths([p for p in paths if p not in problems], jobs=args.jobs, split_rules=True)
    note_walked_settings(args, [p for p in paths if p not in problems], report.files, config)
    # The configured folders too ('exclude = ["*.yaml"]' passed "pmkit check" on 0 files without a
    # word), but only for files left out there: an empty one is a new repository's.
    given = list(args.paths) or [path for path in paths if path not in problems]
    for folder in _folders_without_postmortems(given, report.files):
        # Not an error (a new repository's folder is empty), but a mistyped folder given on the
        # command line would otherwise pass in silence.
        from pmkit.discovery import discover, no_postmortems

        # Without the settings: the files that 'exclude' or .gitignore left out, if any.
        left_out = len(discover([folder]))
        if not left_out and not args.paths:
            continue
        complain(f"pmkit: {folder}: " + (f"all {left_out} postmortem files in this folder are left out by "
                                         "'exclude' in the settings or by .gitignore" if left_out > 1 else
                                         "its one postmortem file is left out by 'exclude' in the settings "
                                         "or by .gitignore" if left_out else no_postmortems(folder)))
    if args.repo_wide:
        from pmkit.rules.history import repo_wide_findings

        extra, unknown, outside = repo_wide_findings(checker, paths)
        for path in outside:
            # Not an error (a sparse checkout leaves folders out on purpose), but nothing of
            # this folder was checked, which must not pass in silence either.
            complain(f"pmkit: {path}: {OUTSIDE_SPARSE}")
        if unknown:
            # Neither here nor in the base tree: not a deleted folder but a mistyped one, or a
            # run from another folder than the one the paths are relative to.
            from pmkit.history import no_work_tree, unchecked_submodule

            bare = None
            for path in unknown:
                folder = unchecked_submodule(path)
                bare = None if folder is not None else no_work_tree(path)
                complain(f"pmkit: {path}: " + (not_checked_out(folder) if folder is not None else bare
                                               or "no such file or folder, here or in the base tree"))
            if not args.paths and bare is None:  # the configured folders (a hook's run): say where
                # they are set (not in a bare repository, where no folder is there to be found)
                complain("pmkit: set 'paths' in [tool.pmkit] to the folders that hold the postmortems, "
                         "or run 'pmkit init' to create postmortems/")
            return 2
        report.extend(extra)
        # a deleted or renamed postmortem counts as a file checked; a notice on a folder does not
        report.files.extend(dict.fromkeys(d.path for d in extra
                                          if d.path not in report.files and not os.path.isdir(d.path)))
    if args.write_baseline:
        from pmkit.baseline import write_baseline
        from pmkit.console import stdout_closed

        # Written to nowhere, the baseline was "recorded" and the run passed.
        if args.write_baseline == "/dev/stdout" and stdout_closed("pmkit", "the baseline"):
            return 2
        try:
            written = write_baseline(args.write_baseline, report, active=checker.active)
        except BrokenPipeError:  # (--write-baseline -) whoever read it left: nothing to say
            return 2
        except OSError as exc:
            where = "to standard output" if args.write_baseline == "/dev/stdout" else args.write_baseline
            complain(f"pmkit: cannot write the baseline {where}: {exc.strerror or exc}")
            return 2
        # "-" is written /dev/stdout: "recorded 2 findings in /dev/stdout" named a file nobody gave.
        where = "standard output" if args.write_baseline == "/dev/stdout" else args.write_baseline
        count = written.recorded
        entries = "entry" if written.kept == 1 else "entries"
        kept = f"; kept {written.kept} {entries} for the files and rules this run did not check" \
            if written.kept else ""
        complain(f"pmkit: recorded {count} finding{'s' if count != 1 else ''} in {where}{kept}")
        return 0
    if args.baseline:
        report = _apply_baseline(report, args.baseline, checker.active)
    if fmt == "sarif":
        from pmkit.formats.sarif import too_many_results

        if (note := too_many_results(report)) is not None:
            complain(f"pmkit: {note}")
    if args.output:
        return _write_report(args, report, fmt, config)
    if fmt == "text":
        from pmkit.formats.text import format_text

        emit(format_text(report, hints=not args.no_hints))
    elif fmt == "github":  # it wraps its own text part
        # The runner reads workflow commands as UTF-8: on a stream in another encoding
        # (PYTHONIOENCODING=ascii, a C locale without UTF-8) a file name such as "ü.yaml" was
        # written as "\xfc.yaml", and its annotations named a file that does not exist.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")
        sys.stdout.write(get_formatter(fmt, hints=not args.no_hints)(report))
    else:  # json, sarif and gitlab are for programs
        emit_data(get_formatter(fmt, severity=config.severity)(report))
    return report.exit_code(config.fail_on)


#: What is said of a file or folder a sparse checkout leaves out.
OUTSIDE_SPARSE = ("outside this sparse checkout (git sparse-checkout): not on disk, so not checked, and not "
                  "deleted either")
#: Names of report files, for the messages that ask for one.
_REPORT_NAMES = "pmkit.sarif, pmkit.json, pmkit.txt"


def _output_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with ``--output`` before anything is checked (the text follows "--output
    FILE"): a folder or a missing folder, a postmortem (a neighbour picked by tab completion),
    the baseline given with ``--baseline``, or ``--write-baseline``, which writes no report."""
    from pmkit.discovery import read_as_postmortem

    if args.write_baseline:
        return (" and --write-baseline: --write-baseline records the findings and writes no report; "
                "drop --output, or write the baseline and the report in two runs")
    problem = output_target_problem(args.output, f"the report's file name ({_REPORT_NAMES})")
    if problem:
        return problem
    if is_postmortem(args.output) or any(same_file(args.output, path) for path in args.paths):
        return (" is a postmortem; writing the report there would replace it. Choose another file "
                f"({_REPORT_NAMES}).")
    if read_as_postmortem(args.output):
        # (No report of pmkit's has such front matter or headings; a page 'render' wrote has,
        # and 'render' replaces its own pages.)
        return (" is a Markdown file that 'pmkit check' reads as a postmortem (front matter, or a "
                "postmortem's section headings); writing the report there would replace it. Choose "
                f"another file ({_REPORT_NAMES}).")
    if args.baseline and same_file(args.output, args.baseline):
        return (" is the baseline given with --baseline; writing the report there would replace it. "
                f"Choose another file ({_REPORT_NAMES}).")
    return None


#: What to name a baseline instead, for the messages that ask for one.
_BASELINE_NAME = "the baseline's file name (.pmkit-baseline.json)"


def _write_report(args: argparse.Namespace, report: Report, fmt: str, config: Config) -> int:
    """Write the report to ``--output`` (atomically, UTF-8); the exit code of the run, or 2 when
    the file could not be written or is one of the files checked."""
    from pmkit.console import json_escaped
    from pmkit.formats import get_formatter
    from pmkit.fsutil import is_stream, make_folders_for, write_atomic

    exists = os.path.isfile(args.output)
    checked = [path for path in report.files if same_file(args.output, path)] if exists else []
    if checked:
        complain(f"pmkit: --output {args.output} is {checked[0]}, one of the files checked; writing the "
                 f"report there would replace it. Choose another file ({_REPORT_NAMES}).")
        return 2
    text = get_formatter(fmt, hints=not args.no_hints, severity=config.severity)(report)
    if fmt in ("json", "sarif", "gitlab"):  # a file name that is not UTF-8: as on standard output, escaped
        text = json_escaped(text, "[\ud800-\udfff]")
    elif fmt == "text" and is_stream(args.output):  # (-o -: a log, as without -o)
        from pmkit.formats.github import without_commands

        text = without_commands(text)
    try:
        make_folders_for(args.output)  # reports/pmkit.sarif in a fresh CI checkout
        write_atomic(args.output, text)
    except BrokenPipeError:  # (-o -) whoever read the report left: nothing to say, as without -o
        return 2
    except OSError as exc:
        where = "to standard output" if args.output == "/dev/stdout" else args.output
        complain(f"pmkit: cannot write the report {where}: {exc.strerror or exc}")
        return 2
    return report.exit_code(config.fail_on)


def _not_excluded(paths: list[str], config: Config) -> list[str]:
    """``paths`` named on the command line without the files an ``exclude`` pattern matches,
    each said on stderr: a file named and then passed over in silence looks checked and clean.
    (A hook names the files of a commit: pre-commit shows the note only when the run fails.)"""
    from pmkit.discovery import excluded_by
    from pmkit.fsutil import is_folder

    kept = []
    for path in paths:
        pattern = None if is_folder(path) else excluded_by(path, config.exclude, config.root)
        if pattern is None:
            kept.append(path)
        else:
            where = config.source if config.source is not None else "the settings"
            complain(f"pmkit: {path}: not checked: it matches the exclude pattern '{pattern}' in {where}")
    return kept


def _folders_without_postmortems(paths: list[str], files: list[str]) -> list[str]:
    """The folders among ``paths`` in which no file was found to check."""
    # (the files' folders, each once: a repository-wide run's 1,000 files are in a few)
    folders = {os.path.dirname(file) for file in files}
    found = {os.path.join(os.path.abspath(folder), "") for folder in folders}
    empty = []
    for path in paths:
        if os.path.isdir(path):
            folder = os.path.join(os.path.abspath(path), "")
            if not any(inside.startswith(folder) for inside in found):
                empty.append(path)
    return empty


def _apply_baseline(report: Report, baseline: str, active: set[str]) -> Report:
    """Leave out the findings the baseline records; say on stderr what it did."""
    from pmkit.baseline import apply_baseline

    result = apply_baseline(report, baseline, active=active)
    if result.matched or result.stale:
        note = (f"pmkit: {result.matched} known finding{'s' if result.matched != 1 else ''} "
                f"left out (baseline {baseline})")
        if result.stale:
            entries = "entries no longer match" if result.stale != 1 else "entry no longer matches"
            note += f"; {result.stale} baseline {entries} (fixed?): refresh it with --write-baseline"
        complain(note)
    if result.gone:
        count = sum(result.gone.values())
        names = list(result.gone)
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        complain(f"pmkit: {count} baseline {'entry names' if count == 1 else 'entries name'} "
                 f"{'a file' if len(names) == 1 else 'files'} that {'is' if len(names) == 1 else 'are'} "
                 f"not there ({shown}; renamed or deleted?): the findings of a renamed postmortem are "
                 "reported as new; refresh the baseline with --write-baseline")
    return result.report
