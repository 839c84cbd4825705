"""Output formats: each is a pure function of a list of diagnostics (and the files checked)."""

from __future__ import annotations

from collections.abc import Callable

from pmkit.diagnostics import Report

Formatter = Callable[[Report], str]
FORMATS = ("text", "json", "github")


def get_formatter(name: str) -> Formatter:
    if name == "text":
        from pmkit.formats.text import format_text

        return format_text
    if name == "json":
        from pmkit.formats.json import format_json

        return format_json
    if name == "github":
        from pmkit.formats.github import format_github

        return format_github
    raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
