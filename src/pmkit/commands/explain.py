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
        key = args.rule.strip()
        family = [code for code in reg.by_code if key and code.startswith(key.upper())]
        # Compared as written in any case, as the rules are looked up (pm3o1 is near PM301).
        written = {name.lower(): name for name in [*reg.by_code, *reg.by_name]}
        near = difflib.get_close_matches(key.lower().replace("_", "-"), written, n=3)
        close = [written[name] for name in near]
        if family:  # a prefix such as PM3 or PM30: the rules it selects, each with a page
            hint = f" It is the start of {', '.join(family)}: explain one of them."
        else:
            hint = f" Did you mean {', '.join(close)}?" if close else " See 'pmkit rules'."
        complain(f"pmkit: no rule '{args.rule}'.{hint}")
        return 2
    sys.stdout.write(rule.doc())
    return 0
