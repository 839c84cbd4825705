"""``pmkit rules``: list the rule catalogue."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "list every rule with its code, name, default severity and summary"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="text", choices=["text", "json"])


def run(args: argparse.Namespace) -> int:
    from pmkit.rules import registry

    rules = list(registry())
    if args.format == "json":
        payload = [
            {"code": r.code, "name": r.name, "severity": str(r.severity), "family": r.family(),
             "summary": r.summary(),
             "options": {k: o.default for k, o in r.options.items()}}
            for r in rules
        ]
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return 0
    for rule in rules:
        sys.stdout.write(f"{rule.code}  {rule.name:<28} {rule.severity!s:<8} {rule.summary()}\n")
    return 0
