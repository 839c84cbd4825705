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
    add_config_options(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pmkit.engine import Checker
    from pmkit.formats import get_formatter

    config = settings(args, list(args.paths))
    paths = target_paths(args, config)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        for path in missing:
            print(f"pmkit: {path}: no such file or folder", file=sys.stderr)
        return 2
    report = Checker(config, now=args.now).check_paths(paths)
    if args.format == "text":
        from pmkit.formats.text import format_text

        output = format_text(report, hints=not args.no_hints)
    else:
        output = get_formatter(args.format)(report)
    sys.stdout.write(output)
    return report.exit_code(config.fail_on)
