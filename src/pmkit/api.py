"""Functions of the public API that work on single documents and models."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from pmkit.config import Config
from pmkit.diagnostics import Diagnostic, Severity
from pmkit.loader import DEFAULT_MAX_BYTES, LoadError, parse_text, read_document
from pmkit.model import Postmortem
from pmkit.schema import load_model


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Postmortem:
    """Read a postmortem file (YAML or Markdown) into a model.

    Raises :class:`pmkit.LoadError`, carrying the diagnostics, when the file cannot be read or
    does not match the schema.
    """
    return load_model(read_document(os.fspath(path), max_bytes=max_bytes))


def loads(text: str, *, markdown: bool = False, path: str = "<string>") -> Postmortem:
    """Parse postmortem text into a model; raises :class:`pmkit.LoadError` like :func:`load`."""
    return load_model(parse_text(text, path, markdown=markdown))


def check_text(
    text: str, path: str = "<string>", config: Config | None = None, *, now: Any = None
) -> list[Diagnostic]:
    """All findings for one document given as text (positions refer to ``text``)."""
    from pmkit.engine import Checker

    return Checker(config, now=now).check_text(text, path)


def validate(
    postmortem: Postmortem, config: Config | None = None, *, now: Any = None
) -> list[Diagnostic]:
    """Run every rule on a model built in code; positions refer to :func:`dump`'s text."""
    return check_text(dump(postmortem), "<postmortem>", config, now=now)


def dump(postmortem: Postmortem) -> str:
    """The model as YAML text in the file format (empty and unset fields left out)."""
    from ruamel.yaml import YAML

    data = _prune(postmortem.model_dump(mode="json", exclude_none=True))
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], {}, None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


__all__ = ["LoadError", "Path", "check_text", "dump", "errors_only", "load", "loads", "validate"]
