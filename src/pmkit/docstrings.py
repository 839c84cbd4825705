"""Docstrings that pmkit shows to people, also where Python dropped them.

A rule's page (``pmkit explain``, ``pmkit rules``, a SARIF log's rule descriptions) is its
class's docstring, and the schema's descriptions are its models'. ``python -OO`` (or
``PYTHONOPTIMIZE=2``, set for a whole CI job) runs without docstrings: ``pmkit explain PM301``
printed its title line alone, ``pmkit rules`` had an empty column, and ``pmkit schema`` lost its
descriptions. There they are read from the modules' source, which an installed package keeps.
"""

from __future__ import annotations

import functools
import inspect
import sys
from typing import Any


def getdoc(obj: Any) -> str | None:
    """``inspect.getdoc(obj)``: the cleaned docstring of ``obj`` or of the class it inherits it
    from; read from the source when Python runs without docstrings."""
    if sys.flags.optimize < 2:
        return inspect.getdoc(obj)
    return next((doc for owner in getattr(obj, "__mro__", (obj,)) if (doc := _own(owner)) is not None), None)


def restore(classes: list[type]) -> None:
    """Give the ``classes`` that lost their docstrings (``-OO``) the ones their source has,
    each its own (not one inherited, which a class restored before would give): for a library
    that reads ``__doc__`` itself (pydantic's schema descriptions)."""
    if sys.flags.optimize < 2:
        return
    for cls in classes:
        if cls.__doc__ is None:
            cls.__doc__ = _own(cls)


def _own(owner: Any) -> str | None:
    """The docstring that the source of ``owner`` (a class) gives it, or None."""
    filename = getattr(sys.modules.get(getattr(owner, "__module__", "")), "__file__", None)
    if filename is None:  # a built-in (object, str): its docstring is none of pmkit's
        return None
    return _source_docstrings(filename).get(getattr(owner, "__qualname__", ""))


@functools.cache
def _source_docstrings(filename: str) -> dict[str, str]:
    """The docstrings of the classes defined in the module ``filename``, by qualified name."""
    import ast

    try:
        with open(filename, encoding="utf-8") as source:
            tree = ast.parse(source.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):  # no source installed
        return {}
    found: dict[str, str] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                doc = ast.get_docstring(node)
                if doc is not None:
                    found[prefix + node.name] = doc
                visit(node.body, f"{prefix}{node.name}.")

    visit(tree.body, "")
    return found
