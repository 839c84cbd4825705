"""``pmkit explain CODE``: print a rule's documentation page."""

from __future__ import annotations

import argparse
import difflib
import sys

from pmkit.console import complain

HELP = "show the documentation of a rule (by code or name)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="CODE", help="rule code or name, e.g. PM301 or human-error")


def run(args: argparse.Namespace) -> int:
    from pmkit.rules import registry

    reg = registry()
    rule = reg.get(args.rule)
    if rule is None:
        names = [*reg.by_code, *reg.by_name]
        close = difflib.get_close_matches(args.rule, names, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else " See 'pmkit rules'."
        complain(f"pmkit: no rule '{args.rule}'.{hint}")
        return 2
    sys.stdout.write(rule.doc())
    return 0
