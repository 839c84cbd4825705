"""``pmkit schema``: print the JSON Schema of the postmortem format."""

from __future__ import annotations

import argparse

HELP = "print the JSON Schema of the postmortem file format"


def configure(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def render_schema() -> str:
    import json

    from pmkit.console import json_escaped
    from pmkit.model import json_schema

    # Characters past the Basic Multilingual Plane (the "not blank" pattern's tag characters)
    # as JSON escapes, a surrogate pair each: the file shows what they are.
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False)
    return json_escaped(text, "[\U00010000-\U0010ffff]") + "\n"


def run(args: argparse.Namespace) -> int:
    from pmkit.console import emit_data, stdout_closed

    if stdout_closed("pmkit schema", "the schema"):  # ("> schema.json" is what it is for)
        return 2
    emit_data(render_schema())
    return 0
