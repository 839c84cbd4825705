"""``pmkit explain CODE``: print a rule's documentation page."""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from typing import TYPE_CHECKING

from pmkit.commands import input_file
from pmkit.console import clipped, complain

if TYPE_CHECKING:
    from pmkit.rules import Rule

HELP = "show the documentation of a rule (by code or name)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="CODE", help="rule code or name, e.g. PM301 or human-error")
    # As 'pmkit rules' and the other verbs take it: without it, "--format json PM301" read
    # "json" as the rule and said "unrecognized arguments: --format PM301".
    parser.add_argument("--format", default="text", choices=["text", "json"],
                        help="json: the rule's entry of 'pmkit rules --format json' with its page "
                        "under \"doc\" (default: text)")
    parser.add_argument("--config", type=input_file, metavar="FILE", help="configuration file whose "
                        "severity for the rule is noted (default: the nearest .pmkit.toml or "
                        "pyproject.toml with [tool.pmkit], as 'pmkit check' finds it)")


def run(args: argparse.Namespace) -> int:
    from pmkit.rules import as_selector, registry

    reg = registry()
    rule = reg.get(args.rule)
    if rule is None:
        # Full-width letters and digits ('ＰＭ００１', typed with an East Asian input method on)
        # read as what they look like, and are said to be full-width, as --select says it.
        written_as = args.rule.strip()
        key = unicodedata.normalize("NFKC", written_as)
        wide = " It is written with full-width characters." if key != written_as else ""
        # A family as the documentation writes it ('PM3xx') is its prefix: PM903 is not near.
        prefix = as_selector(key)
        family = [code for code in reg.by_code if prefix and code.startswith(prefix.upper())]
        parts = [part for part in re.split(r"[\s,;]+", key) if part]
        # Compared as written in any case, as the rules are looked up (pm3o1 is near PM301).
        written = {name.lower(): name for name in [*reg.by_code, *reg.by_name]}
        near = difflib.get_close_matches(key.lower().replace("_", "-"), written, n=3)
        close = [written[name] for name in near]
        if (meant := reg.get(key)) is not None:
            hint = f" Did you mean {meant.code if key.upper() == meant.code else meant.name}?{wide}"
        elif len(parts) > 1 and all(reg.get(part) is not None for part in parts):
            hint = f" Explain one rule at a time: pmkit explain {parts[0]}"
        elif family:  # a prefix such as PM3 or PM30: the rules it selects, each with a page
            hint = f" It is the start of {', '.join(family)}: explain one of them.{wide}"
        else:
            hint = f" Did you mean {', '.join(close)}?" if close else " See 'pmkit rules'."
        complain(f"pmkit: no rule '{clipped(args.rule)}'.{hint}")
        return 2
    configured = _configured_severity(args, rule)
    if args.format == "json":
        entry = {"code": rule.code, "name": rule.name, "severity": str(rule.severity),
                 "family": rule.family(), "summary": rule.summary(),
                 "options": {key: option.default for key, option in rule.options.items()},
                 "doc": rule.doc()}
        if configured is not None:
            entry["configured_severity"] = configured[0]
        from pmkit.console import emit_data

        emit_data(json.dumps(entry, indent=2, ensure_ascii=False) + "\n")
        return 0
    page = rule.doc()
    if configured is not None:
        # The page's first line gives the default, which a team's settings may have changed:
        # "(warning, clarity)" read as what 'pmkit check' reports here.
        heading, rest = page.split("\n", 1)
        level, source = configured
        page = f"{heading}\nThe settings in {source} set its severity to {level}.\n{rest}"
    sys.stdout.write(page)
    return 0


def _configured_severity(args: argparse.Namespace, rule: type[Rule]) -> tuple[str, str] | None:
    """The severity the settings give ``rule`` and the file that says so, when it is not the
    rule's default; None otherwise, also when the settings found in the folders above cannot
    be read (the page is shown anyway; 'pmkit check' says what is wrong with them). A file
    named with ``--config`` that cannot be read is an error, as it is to 'pmkit check': the
    page would otherwise leave out the severity the user asked it to read, without a word."""
    from pathlib import Path

    from pmkit.config import ConfigError, load_config

    if args.config:
        config = load_config(Path(args.config))  # its error is said as 'pmkit check' says it
    else:
        try:
            config = load_config()
        except (ConfigError, OSError, ValueError):
            return None
    level = config.severity.get(rule.code)
    if level is None or level == rule.severity or config.source is None:
        return None
    return str(level), str(config.source)
