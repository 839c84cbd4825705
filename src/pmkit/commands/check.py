"""``pmkit check [PATHS]``: check postmortems and report findings."""

from __future__ import annotations

import argparse
import sys

from pmkit.commands import add_config_options, settings, target_paths

HELP = "check postmortem files (default: the configured postmortem folder)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    parser.add_argument("--format", default="text", choices=["text", "json", "github"],
                        help="output format (default: text)")
    parser.add_argument("--fail-on", choices=["error", "warning", "info"],
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--select", action="append", metavar="CODES",
                        help="only these rules: codes, prefixes (PM3) or names, comma-separated")
    parser.add_argument("--ignore", action="append", metavar="CODES",
                        help="skip these rules: codes, prefixes or names, comma-separated")
    parser.add_argument("--no-hints", action="store_true", help="text format: omit hint lines")
    parser.add_argument("--base", metavar="REF",
                        help="history rules (PM6xx): compare with this revision, e.g. the pull "
                        "request's base (default: $PRE_COMMIT_FROM_REF, else HEAD)")
    parser.add_argument("--repo-wide", action="store_true",
                        help="also compare the postmortem folders with the base as a whole and "
                        "report published postmortems that were deleted (PM605); for a hook "
                        "with pass_filenames: false")
    add_config_options(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pmkit.engine import Checker
    from pmkit.formats import get_formatter

    config = settings(args, list(args.paths))
    if args.base:
        config.base = args.base
    paths = target_paths(args, config)
    missing = [p for p in paths if not Path(p).exists()]
    if missing and not args.repo_wide:  # repo-wide: a deleted folder is what we look for
        for path in missing:
            print(f"pmkit: {path}: no such file or folder", file=sys.stderr)
        return 2
    if args.base:
        from pmkit.history import check_base

        problem = check_base(args.base, paths)
        if problem:
            print(f"pmkit: --base {args.base}: {problem}", file=sys.stderr)
            return 2
    checker = Checker(config, now=args.now)
    report = checker.check_paths([p for p in paths if Path(p).exists()])
    if args.repo_wide:
        from pmkit.rules.history import repo_wide_findings

        extra = repo_wide_findings(checker, paths)
        report.extend(extra)
        report.files.extend(dict.fromkeys(d.path for d in extra if d.path not in report.files))
    if args.format == "text":
        from pmkit.formats.text import format_text

        output = format_text(report, hints=not args.no_hints)
    else:
        output = get_formatter(args.format)(report)
    sys.stdout.write(output)
    return report.exit_code(config.fail_on)
